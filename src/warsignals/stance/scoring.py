"""Scoring tables toward targets and aggregating them: sentences, units, documents, periods and groups."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import beta as beta_distribution

from warsignals import config
from warsignals.errors import ParameterError
from warsignals.stance.grounded import GroundedStanceModel, shipped_model
from warsignals.stance.models import StanceClassifier, WeakStanceModel
from warsignals.stance.targets import (
    AGAINST,
    DEFAULT_MODEL,
    FAVOR,
    LABELS,
    MODEL_NAMES,
    NONE,
    WEAK_MODELS,
    load_targets,
    weak_labels,
)
from warsignals.stance.training import load_stance_model


# ---------------------------------------------------------------------------------------------- scoring
def score_stance(
    frame: pd.DataFrame,
    targets: Sequence[str],
    models: Mapping[str, object] | str | None = None,
    text_column: str = "sentence",
    keys: Sequence[str] | None = None,
    fit_texts: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Score the stance of every row toward every target.

    Parameters
    ----------
    frame : DataFrame
        Sentences (or units) with a text column.
    targets : sequence of str
        Target names (from the YAML).
    models : str or dict, optional
        ``"grounded"`` (default: the package's model for speeches and statements, grounded in the target and
        aware of the speaker, :mod:`warsignals.stance.grounded`), ``"weak"`` or ``"weak:unmentioned"`` (for
        tweet-like texts), a model directory, a fitted estimator, or a dict target -> one of these.
    text_column : str
        Column holding the text.
    keys : sequence of str, optional
        Columns copied to the output; defaults to the present ones of ``doc_id, sent_id, unit_id``
        (``warsignals stance`` passes every input column).
    fit_texts : sequence of str, optional
        Unlabelled texts the weak model is fitted on; defaults to the texts being scored.

    Returns
    -------
    DataFrame
        Long table: ``*keys, target, stance, probability, p_favor, p_against, p_none, model, lfs``.
    """
    if text_column not in frame.columns:
        raise ParameterError(f"the table has no column {text_column!r} (columns: {list(frame.columns)})")
    if isinstance(targets, str):
        targets = [targets]
    if not targets:
        raise ParameterError("no stance targets given")
    specs = load_targets(None, list(targets))
    keys = list(keys) if keys is not None else [c for c in ("doc_id", "sent_id", "unit_id") if c in frame.columns]
    texts = frame[text_column].fillna("").astype(str).tolist()
    speaker = prev = None
    pieces = []
    resolved = {}
    for target in targets:
        spec_model = (models.get(target, DEFAULT_MODEL) if isinstance(models, Mapping)
                      else (models or DEFAULT_MODEL))
        resolved[target] = resolve_stance_model(spec_model, target, fit_texts if fit_texts is not None else texts)
    # a grounded model scores all its targets in one pass (one grounding of each sentence, one feature pass)
    grounded_proba: dict[str, np.ndarray] = {}
    for model in {id(m): m for m, _ in resolved.values() if isinstance(m, GroundedStanceModel)}.values():
        if speaker is None:
            speaker, prev = _speaker_and_prev(frame, texts)
        mine = [t for t in targets if resolved[t][0] is model]
        inputs = pd.DataFrame({"text": texts * len(mine), "target": np.repeat(mine, len(texts)),
                               "speaker_actor": np.tile(speaker, len(mine)), "prev": prev * len(mine)})
        proba = model.predict_proba(inputs)
        for k, target in enumerate(mine):
            grounded_proba[target] = proba[k * len(texts):(k + 1) * len(texts)]
    for target in targets:
        model, name = resolved[target]
        if target in grounded_proba:
            proba = grounded_proba[target]
        else:
            inputs = pd.DataFrame({"text": texts, "target": target})
            if isinstance(model, StanceClassifier) and len(model.targets_) == 1:
                inputs["target"] = model.targets_[0]
            proba = model.predict_proba(inputs)
        classes = list(model.classes_)
        column = {
            label: proba[:, classes.index(label)] if label in classes else np.zeros(len(texts))
            for label in LABELS
        }
        stacked = np.column_stack([column[label] for label in LABELS])
        piece = frame[keys].reset_index(drop=True).copy()
        piece["target"] = target
        piece["stance"] = np.array(LABELS, dtype=object)[np.argmax(stacked, axis=1)]
        piece["probability"] = stacked.max(axis=1)
        piece["p_favor"], piece["p_against"], piece["p_none"] = column[FAVOR], column[AGAINST], column[NONE]
        piece["model"] = name
        # the labelling functions that fired, where a stance was found (they are slow; NONE rows get "")
        bearing = np.flatnonzero(piece["stance"].to_numpy() != NONE)
        lfs = np.full(len(texts), "", dtype=object)
        if len(bearing):
            lfs[bearing] = weak_labels([texts[i] for i in bearing], specs[target])["lfs"].to_numpy()
        piece["lfs"] = lfs
        pieces.append(piece)
    return pd.concat(pieces, ignore_index=True)


#: The columns :func:`score_stance` adds to the key columns it copies.
SCORED_COLUMNS: tuple[str, ...] = ("target", "stance", "probability", "p_favor", "p_against", "p_none", "model", "lfs")


def _speaker_and_prev(frame: pd.DataFrame, texts: list[str]) -> tuple[np.ndarray, list[str]]:
    """Who speaks each row (:func:`warsignals.actors.speaker_actors`) and the row before it in its document."""
    from warsignals.actors import speaker_actors

    speaker, doc_codes = speaker_actors(frame.reset_index(drop=True), texts)
    prev = [""] + texts[:-1]
    prev = [p if i and doc_codes[i] == doc_codes[i - 1] else "" for i, p in enumerate(prev)]
    if "doc_id" not in frame.columns:
        prev = [""] * len(texts)
    return speaker, prev


def resolve_stance_model(model, target: str, fit_texts: Sequence[str]) -> tuple[object, str]:
    """Turn a model name, a model directory or a fitted estimator into a fitted model and its name.

    ``"grounded"`` is the package's fitted :class:`~warsignals.stance.grounded.GroundedStanceModel`. The weak model
    names are the keys of :data:`WEAK_MODELS`: ``"weak"`` (defaults) and
    ``"weak:unmentioned"`` (``none_from="unmentioned"``, for opinion-dense texts such as tweets); a weak model
    is fitted on ``fit_texts`` (no labels).
    """
    if isinstance(model, str | Path) and str(model) == "grounded":
        return shipped_model(), "grounded"
    if isinstance(model, str | Path) and str(model) in WEAK_MODELS:
        weak = WeakStanceModel(target=target, **WEAK_MODELS[str(model)])
        return weak.fit(list(fit_texts)), str(model)
    if isinstance(model, str | Path):
        return load_stance_model(model), str(model)
    if hasattr(model, "predict_proba") and hasattr(model, "classes_"):
        return model, type(model).__name__
    raise ParameterError(
        f"model for target {target!r} must be one of {list(MODEL_NAMES)}, a model directory or a fitted model"
    )


def document_stance(scored: pd.DataFrame, by: Sequence[str] = ("doc_id",),
                    confidence: float = config.CONFIDENCE_LEVEL) -> pd.DataFrame:
    """Aggregate sentence (or unit) stance to documents.

    Per document and target: ``n_units``, ``n_favor``, ``n_against``, ``n_stance`` (stance-bearing units),
    ``stance_share`` (n_stance / n_units), ``favor_share`` (n_favor / n_stance) with its Wilson interval
    ``favor_low``, ``favor_high`` (``confidence``; the units of one document are not independent, so read it as
    a lower bound on the uncertainty), and the document
    ``stance`` with its ``probability``. Soft counts ``F`` and ``A`` are the sums of ``p_favor`` and
    ``p_against`` over stance-bearing units; the document is FAVOR when ``F > A``, AGAINST when ``A > F``
    and NONE without stance-bearing units (or a tie). The probability of FAVOR is ``P(theta > 0.5)`` for
    ``theta ~ Beta(1 + F, 1 + A)`` (the chance that most of the author's stance toward the target is
    favourable), of AGAINST its complement, and of NONE the mean ``p_none``.

    Parameters
    ----------
    scored : DataFrame
        Output of :func:`score_stance`.
    by : sequence of str
        Document key columns.
    confidence : float
        Level of the Wilson interval of ``favor_share``.

    Returns
    -------
    DataFrame
    """
    from warsignals.timeseries import wilson_interval

    by = list(by)
    missing = set(by + ["target", "stance", "p_favor", "p_against", "p_none"]) - set(scored.columns)
    if missing:
        raise ParameterError(f"scored stance table lacks column(s) {sorted(missing)}")
    frame = scored.assign(
        _favor=(scored["stance"] == FAVOR).astype(int),
        _against=(scored["stance"] == AGAINST).astype(int),
        _soft_f=np.where(scored["stance"] != NONE, scored["p_favor"], 0.0),
        _soft_a=np.where(scored["stance"] != NONE, scored["p_against"], 0.0),
    )
    table = frame.groupby(by + ["target"], sort=True, dropna=False).agg(
        n_units=("stance", "size"),
        n_favor=("_favor", "sum"),
        n_against=("_against", "sum"),
        soft_favor=("_soft_f", "sum"),
        soft_against=("_soft_a", "sum"),
        mean_p_none=("p_none", "mean"),
    ).reset_index()
    table["n_stance"] = table["n_favor"] + table["n_against"]
    table["stance_share"] = table["n_stance"] / table["n_units"]
    table["favor_share"] = table["n_favor"] / table["n_stance"].where(table["n_stance"] > 0)
    low, high = wilson_interval(table["n_favor"].to_numpy(), table["n_stance"].to_numpy(), confidence)
    table["favor_low"] = np.where(table["n_stance"] > 0, low, np.nan)
    table["favor_high"] = np.where(table["n_stance"] > 0, high, np.nan)
    p_favor_major = 1 - beta_distribution.cdf(0.5, 1 + table["soft_favor"], 1 + table["soft_against"])
    stance = np.where(
        table["n_stance"] == 0,
        NONE,
        np.where(table["soft_favor"] > table["soft_against"], FAVOR,
                 np.where(table["soft_against"] > table["soft_favor"], AGAINST, NONE)),
    )
    table["stance"] = stance
    table["probability"] = np.where(
        stance == FAVOR, p_favor_major, np.where(stance == AGAINST, 1 - p_favor_major, table["mean_p_none"])
    )
    return table.drop(columns=["mean_p_none"])


# ------------------------------------------------------------------------------------- stance over time
STANCE_UNITS: tuple[str, ...] = ("sentence", "paragraph", "document")
# Columns score_units adds to score_stance's (left out of stance.parquet, which the sentences table joins back):
# the unit's text, date, source and speaker, and where it is (start, end of a sentence; first_sent, last_sent
# of a paragraph or document).
UNIT_META_COLUMNS: tuple[str, ...] = ("text", "date", "source", "speaker", "start", "end", "first_sent", "last_sent")


def score_units(
    sentences: pd.DataFrame,
    targets: Sequence[str],
    models: Mapping[str, object] | str | None = None,
    unit: str = "sentence",
) -> pd.DataFrame:
    """Score a run's sentences, or its paragraphs or documents, toward every target.

    Parameters
    ----------
    sentences : DataFrame
        The sentences table of a run (``doc_id, sent_id, para_id, sentence, date, source, speaker`` and, for
        citable rows, ``start, end``).
    targets : sequence of str
        Target names from ``data/stance_targets.yaml``.
    models : str or dict, optional
        As for :func:`score_stance` (default: the weak model for every target).
    unit : str
        ``sentence``, ``paragraph`` or ``document`` (units of :func:`warsignals.sentences.make_units`).

    Returns
    -------
    DataFrame
        :func:`score_stance`'s columns plus ``text, date, source, speaker`` of each unit and where it is
        (``start, end`` for sentences when the table has them, ``first_sent, last_sent`` otherwise); the unit
        keys are ``doc_id, sent_id`` for sentences and ``unit_id, doc_id`` otherwise.
    """
    from warsignals.sentences import make_units

    if unit not in STANCE_UNITS:
        raise ParameterError(f"unit must be sentence, paragraph or document, not {unit!r}")
    missing = {"doc_id", "sentence", "date", "source", "speaker"} - set(sentences.columns)
    if missing:
        raise ParameterError(f"the sentences table lacks column(s) {sorted(missing)}")
    if unit == "sentence":
        frame, text_column, keys = sentences, "sentence", ["doc_id", "sent_id"]
        place = [c for c in ("start", "end") if c in frame.columns]
    else:
        frame, text_column, keys = make_units(sentences, unit), "text", ["unit_id", "doc_id"]
        place = ["first_sent", "last_sent"]
    scored = score_stance(frame, targets, models=models, text_column=text_column, keys=keys)
    meta = frame[keys + place + [text_column, "date", "source", "speaker"]].rename(columns={text_column: "text"})
    return scored.merge(meta, on=keys, how="left")


def stance_bearing(scored: pd.DataFrame, frequency: str = "month") -> pd.DataFrame:
    """The FAVOR and AGAINST rows of a scored table, with ``is_favor`` (1.0 or 0.0) and their ``period``."""
    from warsignals.timeseries import assign_period

    missing = {"target", "stance", "date", "doc_id"} - set(scored.columns)
    if missing:
        raise ParameterError(f"the scored stance table lacks column(s) {sorted(missing)} (dates come from "
                             "the sentences table: use score_units)")
    bearing = scored[scored["stance"] != NONE]
    return bearing.assign(
        is_favor=(bearing["stance"] == FAVOR).astype(float),
        period=assign_period(bearing["date"], frequency),
    )


def favor_share(
    scored: pd.DataFrame,
    frequency: str = "month",
    group: str | None = None,
    n_boot: int = config.BOOTSTRAP_REPLICATES,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
    min_units: int = 5,
) -> pd.DataFrame:
    """Share FAVOR among the stance-bearing units of each period and target, with a document bootstrap band.

    Parameters
    ----------
    scored : DataFrame
        Output of :func:`score_units` (needs ``target, stance, date, doc_id``, and ``group`` when given).
    frequency : str
        Period: ``week``, ``month``, ``quarter`` or ``year``.
    group : str, optional
        A further grouping column of ``scored``, e.g. ``source`` or ``speaker`` (for a document column such as
        ``country``, see :func:`stance_by_group_table`).
    n_boot, confidence, seed : int, float, int
        Bootstrap replicates (documents resampled within each period), level and seed of the interval.
    min_units : int
        Periods with fewer stance-bearing units get NaN (a gap, not an estimate from a handful of units).

    Returns
    -------
    DataFrame
        ``period, target, [group,] series, value, lo, hi, n_docs, n_units, numerator, denominator, interval``
        (see :func:`warsignals.timeseries.bootstrap_ratio`).
    """
    from warsignals.timeseries import bootstrap_ratio

    by = ["period", "target"] + ([group] if group else [])
    return bootstrap_ratio(stance_bearing(scored, frequency), "is_favor", by=by, n_boot=n_boot,
                           confidence=confidence, seed=seed, min_units=min_units)


def stance_by_group_table(
    scored: pd.DataFrame,
    by: str = "source",
    frequency: str = "quarter",
    documents: pd.DataFrame | None = None,
    n_boot: int = config.BOOTSTRAP_REPLICATES,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
    min_units: int = 1,
) -> pd.DataFrame:
    """Share FAVOR among stance-bearing units per period, target and group (source, speaker, country, ...).

    Parameters
    ----------
    scored : DataFrame
        Output of :func:`score_units` (or :func:`score_stance` with ``doc_id``, ``date``, ``target``, ``stance``).
    by : str
        Grouping column of ``scored``, or of ``documents`` (merged by ``doc_id``), e.g. ``country``.
    frequency : {"week", "month", "quarter", "year"}
        Period length.
    documents : DataFrame, optional
        The documents table, for a grouping column ``scored`` lacks.
    n_boot, confidence, seed : interval settings (see :func:`warsignals.timeseries.bootstrap_ratio`).
    min_units : int
        Cells with fewer stance-bearing units get NaN values.

    Returns
    -------
    DataFrame
        ``period, target, <by>, series, value, lo, hi, n_docs, n_units, numerator, denominator, interval``
        (``value``: share FAVOR, 0..1; an empty group value is shown as ``(none)``).

    Raises
    ------
    ParameterError
        When neither table has the ``by`` column.
    """
    from warsignals.timeseries import bootstrap_ratio

    frame = scored
    if by not in frame.columns:
        if documents is None or by not in documents.columns:
            raise ParameterError(f"cannot compare stance by {by!r}: neither the scored units nor the documents "
                                 "have such a column")
        frame = frame.merge(documents[["doc_id", by]].drop_duplicates("doc_id"), on="doc_id", how="left")
    bearing = stance_bearing(frame, frequency)
    bearing[by] = bearing[by].fillna("").astype(str).replace("", "(none)")
    return bootstrap_ratio(bearing, "is_favor", by=["period", "target", by], n_boot=n_boot, confidence=confidence,
                           seed=seed, min_units=min_units)


def planted_favor_share(
    curves: pd.DataFrame, targets: Sequence[str] | None = None, frequency: str = "month"
) -> pd.DataFrame:
    """The demo corpus's planted share FAVOR per period and target (monthly curves averaged to ``frequency``).

    Parameters
    ----------
    curves : DataFrame
        Planted curves ``series, group, period, value`` (``truth/curves.csv`` of the demo corpus, or
        :func:`warsignals.demo.planted_curves`).
    targets : sequence of str, optional
        Targets to keep (default: all).
    frequency : str
        Period of the result.

    Returns
    -------
    DataFrame
        ``period, target, value``.
    """
    from warsignals.timeseries import assign_period

    planted = curves[curves["series"] == "stance_favor_share"].rename(columns={"group": "target"})
    if targets is not None:
        planted = planted[planted["target"].isin(list(targets))]
    planted = planted.assign(period=assign_period(pd.to_datetime(planted["period"]), frequency))
    return planted.groupby(["period", "target"], as_index=False)["value"].mean()


def planted_comparison(shares: pd.DataFrame, planted: pd.DataFrame) -> pd.DataFrame:
    """Estimated against planted share FAVOR: ``period, target, estimate, planted`` plus the share's columns."""
    return shares.merge(planted.rename(columns={"value": "planted"})[["period", "target", "planted"]],
                        on=["period", "target"]).rename(columns={"value": "estimate"})


def recovery_summary(comparison: pd.DataFrame) -> pd.DataFrame:
    """How well the estimate follows the planted curve, per target.

    Returns
    -------
    DataFrame
        ``target, periods, pearson_r, mean_abs_error`` over the periods with an estimate.
    """
    rows = []
    valid = comparison.dropna(subset=["estimate"])
    for target, part in valid.groupby("target", sort=True):
        rows.append({
            "target": target,
            "periods": len(part),
            "pearson_r": part["estimate"].corr(part["planted"]) if len(part) > 1 else np.nan,
            "mean_abs_error": (part["estimate"] - part["planted"]).abs().mean(),
        })
    return pd.DataFrame(rows, columns=["target", "periods", "pearson_r", "mean_abs_error"])


def stance_driving_sentences_table(
    scored: pd.DataFrame,
    shares: pd.DataFrame,
    top_n: int = 2,
    sentences: pd.DataFrame | None = None,
    documents: pd.DataFrame | None = None,
    frequency: str | None = None,
) -> pd.DataFrame:
    """The highest-probability units of each period's majority stance per target, each with where it is.

    A period's majority stance is FAVOR when its share FAVOR is at least 0.5, else AGAINST; periods without an
    estimate (``value`` NaN: fewer than ``min_units`` units) are left out. Units with the same text count once.

    Parameters
    ----------
    scored : DataFrame
        Scored units (:func:`score_units`): ``target, stance, probability, text, doc_id`` and either
        ``sent_id, start, end`` (sentences) or ``first_sent, last_sent`` (paragraphs, windows, documents); with
        a ``period`` column (e.g. :func:`stance_bearing`'s rows) it is used as it is, otherwise ``date`` is
        put in periods of ``frequency``.
    shares : DataFrame
        Share FAVOR per ``period, target`` (``value``, :func:`favor_share` at the same frequency).
    top_n : int
        Units per period and target.
    sentences : DataFrame, optional
        The sentences table, for the offsets of units (``start`` of the first sentence, ``end`` of the last).
    documents : DataFrame, optional
        The documents table; its ``url`` column, when present, is added.
    frequency : str, optional
        Period of ``shares``, needed when ``scored`` has no ``period`` column.

    Returns
    -------
    DataFrame
        ``period, target, stance, probability, sentence, doc_id, sent_id, start, end`` (``sent_id``: the
        unit's first sentence; ``start, end``: character offsets in the document's text), ``url`` when the
        corpus has one, then ``source``, ``lfs`` and ``last_sent`` where present.
    """
    from warsignals.sentences import with_citation

    if "period" in scored.columns:
        frame = scored.copy()
    elif frequency is None:
        raise ParameterError("the scored units have no period column: give the frequency of the shares")
    else:
        frame = stance_bearing(scored, frequency).copy()
    if "sent_id" not in frame.columns:
        frame["sent_id"] = frame["first_sent"] if "first_sent" in frame.columns else np.nan
    if not {"start", "end"} <= set(frame.columns):
        if sentences is not None and "first_sent" in frame.columns and {"start", "end"} <= set(sentences.columns):
            offsets = sentences.set_index(["doc_id", "sent_id"])
            frame["start"] = pd.MultiIndex.from_arrays([frame["doc_id"], frame["first_sent"]]).map(
                offsets["start"])
            frame["end"] = pd.MultiIndex.from_arrays([frame["doc_id"], frame["last_sent"]]).map(offsets["end"])
        else:
            frame["start"], frame["end"] = np.nan, np.nan
    majority = shares.dropna(subset=["value"])[["period", "target", "value"]].assign(
        driving=lambda d: np.where(d["value"] >= 0.5, FAVOR, AGAINST)).drop(columns="value")
    ranked = (frame.merge(majority, on=["period", "target"])
              .query("stance == driving")
              .sort_values(["period", "target", "probability", "text"], ascending=[True, True, False, True])
              .drop_duplicates(["period", "target", "text"]))
    columns = ["period", "target", "stance", "probability", "text", "doc_id", "sent_id", "start", "end"]
    columns += [c for c in ("source", "lfs", "last_sent") if c in ranked.columns]
    top = ranked.groupby(["period", "target"], sort=True).head(top_n)[columns].rename(columns={"text": "sentence"})
    return with_citation(top.reset_index(drop=True), documents)
