"""Describing topics: labels, top and FREX terms, representative units."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from warsignals.errors import InputError
from warsignals.topics.fitting import TopicFit
from warsignals.topics.metrics import (
    frex,
    top_word_indices,
)


def default_labels(fit: TopicFit, n_words: int = 3) -> pd.DataFrame:
    """Label table ``topic, label``: seed names for seeded topics, top words for free ones.

    A seeded topic that has drifted from its seeds (:data:`SEED_DRIFT_RULE`) is labelled by its top words
    followed by ``(drifted from seed 'NAME')``: its name alone would say what it no longer is.
    """
    top = top_word_indices(fit.model.components_, n_words)
    names = fit.feature_names
    drift = getattr(fit.model, "seed_drift_", {})
    labels = []
    for index, topic in enumerate(fit.topics):
        words = " / ".join(str(names[j]).replace("_", " ") for j in top[index])
        if fit.model.seeded_[index] and drift.get(topic, {}).get("drifted"):
            labels.append(f"{words} (drifted from seed '{topic}')")
        else:
            labels.append(topic.replace("_", " ") if fit.model.seeded_[index] else words)
    return pd.DataFrame({"topic": fit.topics, "label": labels})


def read_labels(path: str | Path, topics: Sequence[str] | None = None) -> pd.DataFrame:
    """Read an edited label table (CSV ``topic,label``); topics it lacks keep their id as label.

    Parameters
    ----------
    path : str or Path
        The CSV file.
    topics : sequence of str, optional
        Topic ids of the current model, to complete the table and reject unknown ids.
    """
    path = Path(path)
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the label table ({exc})") from exc
    if not {"topic", "label"} <= set(table.columns):
        raise InputError(f"{path} line 1: the label table needs columns 'topic' and 'label'")
    duplicated = table["topic"].duplicated()
    if duplicated.any():
        line = int(np.flatnonzero(duplicated.to_numpy())[0]) + 2
        raise InputError(f"{path} line {line}: topic {table['topic'][line - 2]!r} is listed twice")
    table = table[["topic", "label"]]
    if topics is not None:
        table = pd.DataFrame({"topic": list(topics)}).merge(table, on="topic", how="left")
        table["label"] = table["label"].where(table["label"].fillna("").str.strip() != "", table["topic"])
    return table.reset_index(drop=True)


def merge_labels(defaults: pd.DataFrame, path: str | Path | None) -> pd.DataFrame:
    """Labels from ``path`` where it names a topic (and the label is not empty), defaults elsewhere."""
    if path is None or not Path(path).exists():
        return defaults.copy()
    edited = read_labels(path)
    merged = defaults.merge(edited.rename(columns={"label": "edited"}), on="topic", how="left")
    use = merged["edited"].fillna("").str.strip() != ""
    merged["label"] = merged["edited"].where(use, merged["label"])
    return merged[["topic", "label"]]


def topic_terms(
    fit: TopicFit, labels: pd.DataFrame | None = None, top_n: int = 10, frex_weight: float = 0.5
) -> pd.DataFrame:
    """Top terms of every topic by weight and by FREX.

    Returns
    -------
    DataFrame
        ``topic, label, rank, term, weight, frex_rank, frex_term, frex`` (``rank`` 1 = heaviest); ``weight``
        is the term's probability in the topic.
    """
    labels = default_labels(fit) if labels is None else labels
    label_of = dict(zip(labels["topic"], labels["label"], strict=False))
    beta = fit.model.topic_word_
    by_weight = top_word_indices(beta, top_n)
    scores = frex(beta, frex_weight)
    by_frex = top_word_indices(scores, top_n)
    names = fit.feature_names
    rows = []
    for index, topic in enumerate(fit.topics):
        for rank in range(by_weight.shape[1]):
            j, f = by_weight[index, rank], by_frex[index, rank]
            rows.append(
                (
                    topic,
                    label_of.get(topic, topic),
                    rank + 1,
                    names[j],
                    float(beta[index, j]),
                    rank + 1,
                    names[f],
                    float(scores[index, f]),
                )
            )
    return pd.DataFrame(rows, columns=["topic", "label", "rank", "term", "weight", "frex_rank", "frex_term", "frex"])


def representative_units(
    fit: TopicFit, labels: pd.DataFrame | None = None, n: int = 3, max_chars: int = 300, min_terms: int = 5
) -> pd.DataFrame:
    """The units with the highest share of each topic, with dates, sources and a text excerpt.

    Units with fewer than ``min_terms`` vocabulary terms are skipped (a one-line unit can be 100% anything).

    Returns
    -------
    DataFrame
        ``topic, label, rank, unit_id, doc_id, date, source, speaker, share, text``.
    """
    labels = default_labels(fit) if labels is None else labels
    label_of = dict(zip(labels["topic"], labels["label"], strict=False))
    long_enough = np.asarray(fit.X.sum(axis=1)).ravel() >= min_terms
    rows = []
    for index, topic in enumerate(fit.topics):
        share = np.where(long_enough, fit.theta[:, index], -1.0)
        for rank, row in enumerate(np.argsort(-share, kind="stable")[:n]):
            if share[row] < 0:
                break
            unit = fit.units.iloc[row]
            text = str(unit["text"])
            rows.append(
                (
                    topic,
                    label_of.get(topic, topic),
                    rank + 1,
                    unit["unit_id"],
                    unit["doc_id"],
                    unit["date"],
                    unit["source"],
                    unit["speaker"],
                    float(fit.theta[row, index]),
                    text if len(text) <= max_chars else text[: max_chars - 1] + "…",
                )
            )
    return pd.DataFrame(
        rows, columns=["topic", "label", "rank", "unit_id", "doc_id", "date", "source", "speaker", "share", "text"]
    )
