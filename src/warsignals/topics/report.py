"""The whole analysis as the CLI and the notebook run it: pure tables, no files written."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from warsignals import config
from warsignals.errors import ParameterError
from warsignals.topics.fitting import TopicFit, _resolve_seeds, background_groups, fit_topics, vectorize_units
from warsignals.topics.labels import default_labels, merge_labels, representative_units, topic_terms
from warsignals.topics.model import SEED_DRIFT_RULE
from warsignals.topics.prevalence import topic_prevalence
from warsignals.topics.selection import RECOMMEND_RULE, parse_k, recommend_k, select_k, topic_quality
from warsignals.topics.vectorizer import parse_df


@dataclass
class TopicReport:
    """Everything :func:`fit_report` computed: the fit and its tidy tables (nothing is written).

    ``prevalence_by`` is the prevalence per ``by`` group (None without ``by``); ``labels_file`` the edited label
    table the labels were read from (None: default labels); :func:`warsignals.topics.commands.write_report`
    writes the tables.
    """

    fit: TopicFit
    selection: pd.DataFrame
    labels: pd.DataFrame
    terms: pd.DataFrame
    examples: pd.DataFrame
    doc_topics: pd.DataFrame
    prevalence: pd.DataFrame
    metrics: dict
    prevalence_by: pd.DataFrame | None = None
    by: str | None = None
    labels_file: Path | None = None


def fit_report(
    sentences: pd.DataFrame,
    model: str = "nmf",
    k: int | str | Sequence[int] = 12,
    unit: str = "paragraph",
    window: int = 5,
    step: int | None = None,
    seeds: str | Path | Mapping | None = config.TOPIC_SEEDS_FILE,
    seed_strength: float = 0.5,
    labels: str | Path | None = None,
    n_runs: int = 3,
    frequency: str = "month",
    by: str | None = None,
    n_boot: int = config.BOOTSTRAP_REPLICATES,
    confidence: float = config.CONFIDENCE_LEVEL,
    min_df: int | float = 5,
    max_df: int | float = 0.5,
    stem: bool = False,
    collocations: bool = True,
    seed: int = config.DEFAULT_SEED,
    top_n: int = 10,
    background_by: str | None = "source",
) -> TopicReport:
    """Units, vectorising, choosing k, fitting, labels, examples and prevalence, as tables; writes nothing.

    Parameters
    ----------
    sentences : DataFrame
        The sentences table (:func:`warsignals.sentences.split_sentences`).
    model, seed_strength
        As in :class:`TopicModel`.
    k : int, str or sequence of int
        A number of topics or candidates (``"5:30:5"``); with several, :func:`recommend_k` chooses.
    unit, window, step
        As in :func:`warsignals.sentences.make_units`.
    seeds : path, mapping or None
        Seed topics (YAML file or mapping); ``None`` for free topics only.
    labels : path, optional
        Edited label table (``topic,label``); ``None`` or a missing file: default labels.
    n_runs : int
        Runs per k for stability.
    frequency, by, n_boot, confidence
        Prevalence settings (:func:`topic_prevalence`); ``by`` is ``"source"`` or ``"speaker"``.
    min_df, max_df, stem, collocations
        Vectoriser settings (``min_df``/``max_df`` as :func:`warsignals.topics.vectorizer.parse_df` reads them).
    seed : int
        Random seed of models and bootstrap.
    top_n : int
        Terms per topic in ``topics.csv`` and for coherence.
    background_by : str or None
        Column of the units whose values get their own background topic (see :func:`fit_topics`).

    Returns
    -------
    TopicReport
        The fit and its tables; :func:`warsignals.topics.commands.write_report` writes them.

    Examples
    --------
    >>> from warsignals import demo, topics
    >>> from warsignals.sentences import split_sentences
    >>> documents = demo.generate_demo_corpus(n_documents=60).documents  # doctest: +SKIP
    >>> sentences = split_sentences(documents, progress=False)  # doctest: +SKIP
    >>> report = topics.fit_report(sentences, k=6, n_runs=1, n_boot=0)  # doctest: +SKIP
    >>> report.prevalence.columns[:4].tolist()  # doctest: +SKIP
    ['period', 'topic', 'label', 'share']
    """
    from warsignals.sentences import make_units

    ks = parse_k(k)
    units = make_units(sentences, unit, window=window, step=step)
    units = units[units["text"].fillna("").str.strip() != ""].reset_index(drop=True)
    vectorizer, X = vectorize_units(units, min_df=min_df, max_df=max_df, stem=stem, collocations=collocations)
    seed_terms = _resolve_seeds(seeds, vectorizer)
    if seed_terms and len(seed_terms) > min(ks):
        raise ParameterError(f"{len(seed_terms)} seed topics need k >= {len(seed_terms)}, got k = {min(ks)}")
    names = vectorizer.get_feature_names_out()
    groups = background_groups(units, background_by)
    fitted: dict = {}
    selection = select_k(
        X,
        ks,
        model=model,
        n_runs=n_runs,
        seeds=seed_terms,
        feature_names=names,
        seed_strength=seed_strength,
        random_state=seed,
        top_n=top_n,
        groups=groups,
        fitted=fitted,
    )
    if len(ks) > 1:
        chosen, selection = recommend_k(selection)
    else:
        chosen = ks[0]
    # the chosen k's model with random_state = seed was fitted by select_k on the same matrix: not refitted
    fit = fit_topics(
        units,
        n_topics=chosen,
        model=model,
        seeds=seed_terms,
        seed_strength=seed_strength,
        random_state=seed,
        vectorizer=vectorizer,
        X=X,
        background_by=background_by,
        fitted=fitted.get(int(chosen)),
    )
    label_file = Path(labels) if labels else None
    label_table = merge_labels(default_labels(fit), label_file)
    terms = topic_terms(fit, label_table, top_n=top_n)
    examples = representative_units(fit, label_table)
    doc_topics = fit.doc_topics()
    prevalence = topic_prevalence(
        doc_topics, fit.topics, frequency=frequency, n_boot=n_boot, confidence=confidence, seed=seed
    )
    prevalence = _with_labels(prevalence, label_table)
    by_table = None
    if by:
        by_table = _with_labels(
            topic_prevalence(
                doc_topics, fit.topics, frequency=frequency, by=[by], n_boot=n_boot, confidence=confidence, seed=seed
            ),
            label_table,
        )
    quality = topic_quality(fit.model, fit.X, top_n=top_n)
    row = selection.loc[selection["k"] == chosen].iloc[0]
    overall = fit.theta.T @ fit.units["n_sentences"].to_numpy(dtype=float)
    overall = overall / max(overall.sum(), 1e-300)
    metrics = {
        "model": model,
        "unit": unit,
        "window": window if unit == "window" else None,
        "k": int(chosen),
        "k_candidates": ks,
        "k_rule": RECOMMEND_RULE if len(ks) > 1 else "given",
        "n_units": len(units),
        "n_documents": int(units["doc_id"].nunique()),
        "n_terms": int(X.shape[1]),
        "n_collocations": len(vectorizer.collocations_),
        "coherence_npmi": quality["coherence_npmi"],
        "coherence_umass": quality["coherence_umass"],
        "diversity": quality["diversity"],
        "stability": float(row["stability"]),
        "fit_seconds": fit.fit_seconds,
        "n_runs": n_runs,
        "seed": seed,
        "frequency": frequency,
        "n_boot": n_boot,
        "confidence": confidence,
        "min_df": parse_df(min_df, "min_df"),
        "max_df": parse_df(max_df, "max_df"),
        "stem": stem,
        "collocations": collocations,
        "seed_strength": seed_strength,
        "background_by": background_by,
        "background_share": fit.model.background_share_,
        "seeds": None if seeds is None else (str(seeds) if isinstance(seeds, str | Path) else "mapping"),
        "seed_coverage": fit.model.seed_coverage_,
        "seed_drift": fit.model.seed_drift_,
        "seed_drift_rule": SEED_DRIFT_RULE,
        "topics": [
            {
                "topic": t,
                "label": lab,
                "seeded": bool(s),
                "prevalence": float(p),
                "coherence_npmi": float(n),
                "coherence_umass": float(u),
                "drifted": bool(fit.model.seed_drift_.get(t, {}).get("drifted", False)),
            }
            for t, lab, s, p, n, u in zip(
                fit.topics,
                label_table["label"],
                fit.model.seeded_,
                overall,
                quality["npmi_per_topic"],
                quality["umass_per_topic"],
                strict=True,
            )
        ],
    }
    return TopicReport(
        fit=fit,
        selection=selection,
        labels=label_table,
        terms=terms,
        examples=examples,
        doc_topics=doc_topics,
        prevalence=prevalence,
        metrics=metrics,
        prevalence_by=by_table,
        by=by,
        labels_file=label_file,
    )


def _with_labels(prevalence: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    table = prevalence.merge(labels, on="topic", how="left")
    columns = list(prevalence.columns)
    columns.insert(columns.index("topic") + 1, "label")
    return table[columns]
