"""Topics over time: prevalence per period with document-bootstrap intervals; terms by period."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from warsignals import config
from warsignals.errors import ParameterError
from warsignals.topics.fitting import TopicFit


def topic_prevalence(
    doc_topics: pd.DataFrame,
    topics: Sequence[str],
    frequency: str = "month",
    by: Sequence[str] = (),
    n_boot: int = config.BOOTSTRAP_REPLICATES,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
    weight: str | None = "n_sentences",
) -> pd.DataFrame:
    """Topic prevalence per period (and group) with document-clustered intervals.

    Each unit's topic shares are weighted by its number of sentences, so a topic's prevalence is its
    expected share of the period's sentences; intervals resample documents within each period
    (:func:`warsignals.timeseries.bootstrap_ratio`).

    Parameters
    ----------
    doc_topics : DataFrame
        From :meth:`TopicFit.doc_topics` (``doc_id, date`` and one column per topic).
    topics : sequence of str
        Topic columns.
    frequency : {"week", "month", "quarter", "year"}
        Period length.
    by : sequence of str
        Extra grouping columns, e.g. ``["source"]`` or ``["speaker"]``.
    n_boot, confidence, seed
        Bootstrap settings.
    weight : str or None
        Unit weight column (``None`` weighs units equally).

    Returns
    -------
    DataFrame
        ``period, *by, topic, share, lo, hi, n_docs, n_units, denominator, interval`` (``denominator``: the
        period's summed unit weights, i.e. its sentences with the default weight; ``interval``: the method, see
        :func:`warsignals.timeseries.bootstrap_ratio`).
    """
    from warsignals.timeseries import assign_period, bootstrap_ratio

    topics = [str(t) for t in topics]
    missing = {"doc_id", "date", *topics, *by} - set(doc_topics.columns)
    if missing:
        raise ParameterError(f"doc-topic table lacks column(s) {sorted(missing)}")
    frame = doc_topics[["doc_id", "date", *by]].copy()
    frame["period"] = assign_period(doc_topics["date"], frequency)
    frame = frame[frame["period"].notna()]
    w = doc_topics.loc[frame.index, weight].astype(float) if weight else pd.Series(1.0, index=frame.index)
    numerators = []
    for number, topic in enumerate(topics):
        column = f"__t{number}"
        frame[column] = doc_topics.loc[frame.index, topic].astype(float) * w
        numerators.append(column)
    frame["__w"] = w
    result = bootstrap_ratio(
        frame,
        numerators,
        denominator="__w",
        by=["period", *by],
        cluster="doc_id",
        n_boot=n_boot,
        confidence=confidence,
        seed=seed,
    )
    result["topic"] = result["series"].map(dict(zip(numerators, topics, strict=True)))
    result = result.rename(columns={"value": "share"})
    columns = ["period", *by, "topic", "share", "lo", "hi", "n_docs", "n_units", "denominator", "interval"]
    return result[columns].sort_values(["topic", "period", *by], kind="stable").reset_index(drop=True)


def topic_terms_by_period(fit: TopicFit, topic: str, frequency: str = "year", top_n: int = 10) -> pd.DataFrame:
    """A topic's heaviest terms in each period: term counts weighted by the units' share of the topic.

    Returns
    -------
    DataFrame
        ``period, topic, rank, term, weight`` with ``weight`` the term's share of the topic's weighted term
        mass in that period.
    """
    from warsignals.timeseries import assign_period

    if topic not in fit.topics:
        raise ParameterError(f"unknown topic {topic!r}; topics are {', '.join(fit.topics)}")
    index = fit.topics.index(topic)
    periods = assign_period(fit.units["date"], frequency)
    names = fit.feature_names
    rows = []
    for period in sorted(periods.dropna().unique()):
        mask = (periods == period).to_numpy()
        weighted = np.asarray(fit.X[mask].T @ fit.theta[mask, index]).ravel()
        total = weighted.sum()
        if total <= 0:
            continue
        for rank, j in enumerate(np.argsort(-weighted, kind="stable")[:top_n]):
            rows.append((period, topic, rank + 1, names[j], float(weighted[j] / total)))
    return pd.DataFrame(rows, columns=["period", "topic", "rank", "term", "weight"])
