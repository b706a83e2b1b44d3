"""Known answers: a fit checked against planted truth (the demo corpus)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from warsignals.topics.fitting import TopicFit
from warsignals.topics.metrics import (
    match_topics,
    topic_similarity,
)


def topic_recovery(fit: TopicFit, planted_terms: pd.DataFrame) -> pd.DataFrame:
    """Best one-to-one match between planted and found topic-word distributions (cosine similarity).

    Planted terms are mapped into the model's term space (``_`` joins, stems); planted terms missing from the
    vocabulary still count in the planted vector's norm, so dropping words costs similarity. Topics are
    matched (Hungarian) on the full cosine over the whole vocabulary. The planted distributions cover only
    the planted topic terms, while real text around them (template sentences, stance phrases) also enters
    the found topics, so a second similarity, ``cosine_planted``, compares the matched pair on the union of
    all planted terms only: it asks whether the found topic ranks the planted terms of its topic as planted
    and leaves the other topics' terms out, whatever else it contains.

    Parameters
    ----------
    fit : TopicFit
    planted_terms : DataFrame
        ``topic, term, weight`` (e.g. ``warsignals.demo`` ``topic_terms``).

    Returns
    -------
    DataFrame
        ``planted_topic, found_topic, cosine, cosine_planted, vocabulary_coverage`` (share of planted weight
        in the vocabulary).
    """
    vocab = {str(t): i for i, t in enumerate(fit.vectorizer.get_feature_names_out())}
    planted_topics = list(dict.fromkeys(planted_terms["topic"]))
    n_features = len(vocab)
    rows = np.zeros((len(planted_topics), n_features + 1))  # last column collects missing mass
    for i, topic in enumerate(planted_topics):
        part = planted_terms[planted_terms["topic"] == topic]
        terms = fit.vectorizer.normalise_terms(part["term"].astype(str))
        for term, w in zip(terms, part["weight"].astype(float), strict=True):
            j = vocab.get(term, n_features)
            rows[i, j] += w
    coverage = rows[:, :n_features].sum(axis=1) / np.maximum(rows.sum(axis=1), 1e-300)
    found = np.hstack([fit.model.topic_word_, np.zeros((fit.model.topic_word_.shape[0], 1))])
    r, c, sims = match_topics(rows, found)
    on_planted = rows.sum(axis=0) > 0  # union of planted terms (and the missing-mass column)
    restricted = topic_similarity(rows[:, on_planted], found[:, on_planted])
    return pd.DataFrame(
        {
            "planted_topic": [planted_topics[i] for i in r],
            "found_topic": [fit.topics[j] for j in c],
            "cosine": sims,
            "cosine_planted": restricted[r, c],
            "vocabulary_coverage": coverage[r],
        }
    )


def prevalence_recovery(prevalence: pd.DataFrame, planted_curves: pd.DataFrame, mapping: pd.DataFrame) -> pd.DataFrame:
    """Correlation over periods between planted and estimated topic prevalence.

    Parameters
    ----------
    prevalence : DataFrame
        From :func:`topic_prevalence` (``period, topic, share``).
    planted_curves : DataFrame
        ``series, group, period, value`` with ``series == "topic_share"`` and ``group`` the planted topic.
    mapping : DataFrame
        ``planted_topic, found_topic`` (from :func:`topic_recovery`).

    Returns
    -------
    DataFrame
        ``planted_topic, found_topic, correlation, n_periods, mean_planted, mean_estimated``.
    """
    curves = planted_curves[planted_curves["series"] == "topic_share"]
    rows = []
    for planted, found in zip(mapping["planted_topic"], mapping["found_topic"], strict=True):
        truth = curves[curves["group"] == planted][["period", "value"]]
        estimate = prevalence[prevalence["topic"] == found][["period", "share"]]
        joined = (
            truth.assign(period=pd.to_datetime(truth["period"]))
            .merge(estimate.assign(period=pd.to_datetime(estimate["period"])), on="period")
            .dropna()
        )
        corr = float(np.corrcoef(joined["value"], joined["share"])[0, 1]) if len(joined) > 2 else float("nan")
        rows.append((planted, found, corr, len(joined), float(joined["value"].mean()), float(joined["share"].mean())))
    return pd.DataFrame(
        rows, columns=["planted_topic", "found_topic", "correlation", "n_periods", "mean_planted", "mean_estimated"]
    )
