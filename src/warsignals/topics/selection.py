"""Quality of a fit and choosing the number of topics: :func:`select_k`, :func:`recommend_k`."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from warsignals import config
from warsignals.errors import ParameterError
from warsignals.topics.fitting import fit_topics
from warsignals.topics.metrics import (
    coherence_npmi,
    coherence_umass,
    top_word_indices,
    topic_diversity,
    topic_stability,
)
from warsignals.topics.model import TopicModel


def topic_quality(model: TopicModel, X, reference=None, top_n: int = 10, diversity_top_n: int = 25) -> dict:
    """Coherence (NPMI, UMass) per topic and overall, and diversity, of a fitted model.

    Parameters
    ----------
    model : TopicModel
        Fitted model.
    X : sparse matrix
        Count matrix the coherence is measured on (the corpus itself); ``reference`` overrides it.
    reference : sparse matrix, optional
        Another segmentation of the corpus over the same vocabulary (e.g. paragraphs).
    top_n : int
        Top words per topic for coherence.
    diversity_top_n : int
        Top words per topic for diversity.

    Returns
    -------
    dict
        ``coherence_npmi``, ``coherence_umass``, ``diversity`` (floats) and per-topic lists
        ``npmi_per_topic``, ``umass_per_topic``.
    """
    reference = X if reference is None else reference
    top = top_word_indices(model.components_, top_n)
    npmi = coherence_npmi(reference, top)
    umass = coherence_umass(reference, top)
    return {
        "coherence_npmi": float(npmi.mean()),
        "coherence_umass": float(umass.mean()),
        "diversity": topic_diversity(model.components_, diversity_top_n),
        "npmi_per_topic": npmi.tolist(),
        "umass_per_topic": umass.tolist(),
    }


def parse_k(value: str | int | Sequence[int]) -> list[int]:
    """Parse ``12``, ``"12"``, ``"5:30:5"`` (start:stop:step, stop included) or ``"6,8,10"`` into k values."""
    if isinstance(value, int | np.integer):
        ks = [int(value)]
    elif isinstance(value, str):
        text = value.strip()
        try:
            if ":" in text:
                parts = [int(p) for p in text.split(":")]
                if len(parts) not in (2, 3):
                    raise ValueError
                start, stop, step = (parts + [1])[:3]
                if step < 1:
                    raise ValueError
                ks = list(range(start, stop + 1, step))
            else:
                ks = [int(p) for p in text.split(",") if p.strip()]
        except ValueError as exc:
            raise ParameterError(f"k must be an integer, 'start:stop:step' or a comma list, not {value!r}") from exc
    else:
        ks = [int(v) for v in value]
    if not ks or min(ks) < 2:
        raise ParameterError(f"k values must be integers >= 2, got {value!r}")
    return sorted(set(ks))


def select_k(
    X,
    ks: Sequence[int],
    model: str = "nmf",
    n_runs: int = 3,
    seeds: Mapping[str, Sequence] | None = None,
    feature_names=None,
    seed_strength: float = 0.5,
    random_state: int = config.DEFAULT_SEED,
    top_n: int = 10,
    reference=None,
    model_params: Mapping | None = None,
    diversity_top_n: int = 25,
    groups=None,
    fitted: dict | None = None,
) -> pd.DataFrame:
    """Fit ``n_runs`` models per k (different random seeds) and measure them; never uses perplexity.

    Parameters
    ----------
    X : sparse matrix
        Document-term counts.
    ks : sequence of int
        Candidate numbers of topics.
    model, seeds, seed_strength, model_params
        As in :class:`TopicModel`.
    n_runs : int
        Runs per k; stability compares them (NaN with one run).
    feature_names : sequence of str, optional
        Needed for seeds given as words.
    random_state : int
        Run ``r`` uses ``random_state + r``.
    top_n : int
        Top words per topic for coherence.
    reference : sparse matrix, optional
        Co-occurrence reference for coherence (default ``X``).
    diversity_top_n : int
        Top words per topic for diversity.
    groups : sequence, optional
        Background group per row (:meth:`TopicModel.fit`).
    fitted : dict, optional
        When given, receives ``k -> (model, seconds)`` of the run with ``random_state`` for every k: the model
        :func:`fit_report` would otherwise fit again for the chosen k (:func:`fit_topics` takes it).

    Returns
    -------
    DataFrame
        ``k, coherence_npmi, coherence_umass, diversity, stability, background_share, fit_seconds,
        coherence_npmi_runs, diversity_runs``: coherence and diversity of the run with ``random_state`` (the
        model :func:`fit_report` fits and reports for that k, so ``selection.csv`` and ``metrics.json`` agree),
        their means over the ``n_runs`` runs (``*_runs``, what :func:`recommend_k` scores), and the mean share
        of tokens given to the background topic.
    """
    if n_runs < 1:
        raise ParameterError(f"n_runs must be at least 1, not {n_runs}")
    rows = []
    for k in ks:
        runs, quality, seconds, background = [], [], [], []
        for run in range(n_runs):
            estimator = TopicModel(
                n_topics=int(k),
                model=model,
                seeds=seeds,
                seed_strength=seed_strength,
                random_state=int(random_state) + run,
                **dict(model_params or {}),
            )
            started = time.perf_counter()
            estimator.fit(X, feature_names=feature_names, groups=groups)
            seconds.append(time.perf_counter() - started)
            if fitted is not None and run == 0:
                fitted[int(k)] = (estimator, seconds[-1])
            runs.append(estimator.components_)
            background.append(estimator.background_share_)
            quality.append(
                topic_quality(estimator, X, reference=reference, top_n=top_n, diversity_top_n=diversity_top_n)
            )
        rows.append(
            {
                "k": int(k),
                "coherence_npmi": float(quality[0]["coherence_npmi"]),
                "coherence_umass": float(quality[0]["coherence_umass"]),
                "diversity": float(quality[0]["diversity"]),
                "stability": topic_stability(runs),
                "background_share": float(np.mean(background)),
                "fit_seconds": float(np.mean(seconds)),
                "coherence_npmi_runs": float(np.mean([q["coherence_npmi"] for q in quality])),
                "diversity_runs": float(np.mean([q["diversity"] for q in quality])),
            }
        )
    return pd.DataFrame(rows, columns=SELECTION_COLUMNS)


SELECTION_COLUMNS = [
    "k",
    "coherence_npmi",
    "coherence_umass",
    "diversity",
    "stability",
    "background_share",
    "fit_seconds",
    "coherence_npmi_runs",
    "diversity_runs",
]


RECOMMEND_RULE = (
    "score = NPMI coherence (0 when negative) x diversity x stability, each on its own absolute scale and "
    "averaged over the runs of a k (stability left out when not measured); recommend the k with the highest "
    "score (the smaller k on a tie within 0.5% of it; the highest NPMI if no k has a positive NPMI). No "
    "criterion is rescaled over the candidate range, so a k's score does not depend on the other candidates"
)


def recommend_k(selection: pd.DataFrame) -> tuple[int, pd.DataFrame]:
    """Recommend a number of topics from a :func:`select_k` table by :data:`RECOMMEND_RULE`.

    NPMI and diversity are means over the runs of each k (``coherence_npmi_runs``, ``diversity_runs``) when
    the table has them, else ``coherence_npmi`` and ``diversity``. The score is a product of quantities on
    fixed scales, not of values min-max scaled over the range, which would give the candidates at the ends of
    the range a 0 or a 1 on every monotone criterion and make the choice depend on the other candidates.

    Returns
    -------
    k, table : int, DataFrame
        The recommended k and the selection table with a ``score`` column added.
    """
    if selection.empty:
        raise ParameterError("the selection table is empty")
    table = selection.copy()
    npmi = table["coherence_npmi_runs" if "coherence_npmi_runs" in table else "coherence_npmi"].astype(float)
    diversity = table["diversity_runs" if "diversity_runs" in table else "diversity"].astype(float)
    score = npmi.clip(lower=0.0) * diversity
    if table["stability"].notna().all():
        score = score * table["stability"].astype(float)
    table["score"] = score
    best = float(score.max())
    if best <= 0:
        return int(table.loc[npmi.idxmax(), "k"]), table
    k = int(table.loc[table["score"] >= best * (1 - 0.005), "k"].min())
    return k, table


def compare_units(
    sentences: pd.DataFrame,
    units: Sequence[str] = ("document", "paragraph", "window"),
    n_topics: int = 8,
    model: str = "nmf",
    window: int = 5,
    reference: str = "paragraph",
    random_state: int = config.DEFAULT_SEED,
    top_n: int = 10,
    **vectorizer_params,
) -> pd.DataFrame:
    """Fit the same model on different unit kinds and measure coherence on one common reference segmentation.

    Coherence measured on each unit's own co-occurrences favours long units (everything co-occurs in a
    long document), so every model's top words are scored on the same reference units (paragraphs by
    default) vectorised with that model's own vectoriser.

    Returns
    -------
    DataFrame
        ``unit, n_units, n_terms, coherence_npmi, coherence_umass, diversity, fit_seconds``.
    """
    from warsignals.sentences import make_units

    reference_units = make_units(sentences, reference, window=window)
    rows = []
    for unit in units:
        table = reference_units if unit == reference else make_units(sentences, unit, window=window)
        fit = fit_topics(table, n_topics=n_topics, model=model, random_state=random_state, **vectorizer_params)
        if unit == reference:  # the reference vectorised by this model's own vectoriser is its matrix
            ref = fit.X
        else:
            ref = fit.vectorizer.transform(reference_units["text"].fillna("").tolist())
        quality = topic_quality(fit.model, fit.X, reference=ref, top_n=top_n)
        rows.append(
            {
                "unit": unit,
                "n_units": len(table),
                "n_terms": len(fit.vectorizer.feature_names_),
                "coherence_npmi": quality["coherence_npmi"],
                "coherence_umass": quality["coherence_umass"],
                "diversity": quality["diversity"],
                "fit_seconds": fit.fit_seconds,
            }
        )
    return pd.DataFrame(rows)
