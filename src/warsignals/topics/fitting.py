"""Fitting on a units table: :func:`fit_topics` and :class:`TopicFit`."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from warsignals import config
from warsignals.errors import ParameterError
from warsignals.topics.loaders import load_seeds
from warsignals.topics.model import TopicModel
from warsignals.topics.vectorizer import TopicVectorizer

UNIT_COLUMNS = ["unit_id", "doc_id", "date", "source", "speaker", "n_sentences"]


@dataclass
class TopicFit:
    """A fitted vectoriser and model on a units table, with the matrices they produced."""

    units: pd.DataFrame
    vectorizer: TopicVectorizer
    model: TopicModel
    X: sp.csr_matrix
    theta: np.ndarray
    fit_seconds: float
    params: dict = field(default_factory=dict)

    @property
    def topics(self) -> list[str]:
        """Topic ids in column order."""
        return [str(t) for t in self.model.topic_names_]

    @property
    def feature_names(self) -> np.ndarray:
        """Display form of each term (surface word for stemmed terms)."""
        return np.asarray(self.vectorizer.display_names_, dtype=object)

    def doc_topics(self) -> pd.DataFrame:
        """Units with their topic shares: ``unit_id, doc_id, date, source, speaker, n_sentences, <topics>``."""
        return doc_topic_table(self.units, self.theta, self.topics)


def _check_units(units: pd.DataFrame) -> pd.DataFrame:
    missing = {"unit_id", "doc_id", "text"} - set(units.columns)
    if missing:
        raise ParameterError(f"units table lacks column(s) {sorted(missing)}")
    if len(units) < 2:
        raise ParameterError(f"topic models need at least 2 units, got {len(units)}")
    units = units.reset_index(drop=True).copy()
    for column in ("date", "source", "speaker"):
        if column not in units:
            units[column] = None
    if "n_sentences" not in units:
        units["n_sentences"] = 1
    return units


def background_groups(units: pd.DataFrame, column: str | None) -> np.ndarray | None:
    """The background group of each unit: its value of ``column`` (None when not given or absent)."""
    if not column or column not in units.columns:
        return None
    return units[column].to_numpy(dtype=object)


def vectorize_units(units: pd.DataFrame, **vectorizer_params) -> tuple[TopicVectorizer, sp.csr_matrix]:
    """Fit a :class:`TopicVectorizer` on ``units.text``; returns it and the count matrix."""
    vectorizer = TopicVectorizer(**vectorizer_params)
    X = vectorizer.fit_transform(units["text"].fillna("").astype(str).tolist())
    return vectorizer, X


def _resolve_seeds(seeds, vectorizer: TopicVectorizer) -> dict[str, list[str]] | None:
    if seeds is None or seeds is False:
        return None
    if isinstance(seeds, str | Path):
        seeds = load_seeds(seeds)
    return {name: vectorizer.normalise_terms(words) for name, words in seeds.items()}


def fit_topics(
    units: pd.DataFrame,
    n_topics: int = 12,
    model: str = "nmf",
    seeds: Mapping[str, Sequence[str]] | str | Path | None = None,
    seed_strength: float = 0.5,
    random_state: int = config.DEFAULT_SEED,
    vectorizer: TopicVectorizer | None = None,
    X: sp.csr_matrix | None = None,
    model_params: Mapping | None = None,
    background_by: str | None = "source",
    fitted: tuple[TopicModel, float] | None = None,
    **vectorizer_params,
) -> TopicFit:
    """Vectorise a units table and fit a :class:`TopicModel`.

    Parameters
    ----------
    units : DataFrame
        Units from :func:`warsignals.sentences.make_units` (``unit_id, doc_id, text`` at least).
    n_topics, model, seed_strength, random_state
        As in :class:`TopicModel`.
    seeds : mapping, path or None
        Seed topics, or a YAML file for :func:`load_seeds`.
    vectorizer, X : optional
        A vectoriser already fitted on ``units`` and its matrix (skips vectorising).
    model_params : mapping, optional
        Further :class:`TopicModel` parameters.
    background_by : str or None
        Units column whose values get their own background topic (Kullback-Leibler NMF; default
        ``"source"``: each source's boilerplate); ``None`` or a missing column: one corpus-wide background.
    fitted : (TopicModel, float), optional
        A model already fitted on ``X`` with these parameters, and its fit time (from :func:`select_k`'s
        ``fitted``): used instead of fitting the same model again.
    **vectorizer_params
        :class:`TopicVectorizer` parameters (``min_df``, ``max_df``, ``stem``, ...).

    Returns
    -------
    TopicFit
    """
    units = _check_units(units)
    if vectorizer is None or X is None:
        vectorizer, X = vectorize_units(units, **vectorizer_params)
    seed_terms = _resolve_seeds(seeds, vectorizer)
    groups = background_groups(units, background_by)
    if fitted is not None:
        estimator, seconds = fitted
    else:
        estimator = TopicModel(
            n_topics=n_topics,
            model=model,
            seeds=seed_terms,
            seed_strength=seed_strength,
            random_state=random_state,
            **dict(model_params or {}),
        )
        started = time.perf_counter()
        estimator.fit(X, feature_names=vectorizer.get_feature_names_out(), groups=groups)
        seconds = time.perf_counter() - started
    theta = estimator.transform(X, groups=groups)
    params = {
        "n_topics": int(n_topics),
        "model": model,
        "seed_strength": seed_strength,
        "random_state": int(random_state),
        "background_by": background_by,
        **vectorizer.get_params(deep=False),
    }
    params["stop_words"] = params["stop_words"] if isinstance(params["stop_words"], str | None) else "custom"
    return TopicFit(
        units=units, vectorizer=vectorizer, model=estimator, X=X, theta=theta, fit_seconds=seconds, params=params
    )


def doc_topic_table(units: pd.DataFrame, theta: np.ndarray, topics: Sequence[str]) -> pd.DataFrame:
    """Wide table of topic shares per unit with the unit's keys and ``dominant_topic``."""
    keys = [c for c in UNIT_COLUMNS if c in units.columns]
    table = units[keys].reset_index(drop=True).copy()
    shares = pd.DataFrame(theta, columns=list(topics))
    table = pd.concat([table, shares], axis=1)
    table["dominant_topic"] = np.asarray(topics, dtype=object)[np.argmax(theta, axis=1)]
    table.loc[theta.sum(axis=1) == 0, "dominant_topic"] = None
    return table
