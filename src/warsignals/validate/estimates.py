"""Design-based supervised (DSL) estimates: shares corrected for the scorer's errors, and the scorer's validity.

The estimator is that of Egami, Hinck, Stewart and Wei (2023, "Using imperfect surrogates for downstream
inference: design-based supervised learning for social science applications of large language models",
NeurIPS). For every sentence *i* of the corpus, with the scorer's indicator :math:`\\hat Y_i`, the coded
indicator :math:`Y_i` (known only where :math:`R_i = 1`) and the inclusion probability :math:`\\pi_i` of the
coding sheet's design, the pseudo-outcome

.. math:: \\tilde Y_i = \\hat Y_i + \\frac{R_i}{\\pi_i}\\,(Y_i - \\hat Y_i)

has the expectation of :math:`Y_i` over the sampling design, whatever the scorer's errors are. The corrected
share of a cell (period x group) is the mean of :math:`\\tilde Y` over the cell's sentences; its standard
error is cluster-robust over documents (sentences of one document are correlated), and the interval is
normal. The raw share is the mean of :math:`\\hat Y` with the same kind of interval, which ignores the
scorer's errors (it is what an uncorrected series reports).

If a coder codes only part of a sheet, the coded rows of each stratum are taken as a random subsample of
the stratum's sampled rows (sheets come in random order and are coded from the top), so the inclusion
probability of a coded row is scaled by the coded share of its stratum (:func:`effective_probability`).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from warsignals import config
from warsignals.errors import InputError, ParameterError
from warsignals.validate.sheets import KEYS, SIGNAL_VALUES, STANCE_VALUES, CodedSheets, stance_wide

RATE_COLUMNS = ["period", "group", "signal", "raw_share", "corrected_share", "lo", "hi", "n_sentences", "n_coded",
                "n_docs", "raw_lo", "raw_hi", "corrected_unclipped", "se"]
STANCE_RATE_COLUMNS = ["period", "group", "target", "stance", *RATE_COLUMNS[3:]]
MIN_CODED = 5


def effective_probability(coded: pd.DataFrame, mask: pd.Series | np.ndarray) -> np.ndarray:
    """Inclusion probabilities of coded rows, scaled by the coded share of each stratum's sampled rows.

    Parameters
    ----------
    coded : DataFrame
        Sheet rows with ``stratum`` and ``inclusion_probability``.
    mask : array of bool
        Which rows carry a code for the quantity at hand.

    Returns
    -------
    ndarray
        ``inclusion_probability x (coded rows / sampled rows)`` of the row's stratum (NaN where not coded).

    Examples
    --------
    >>> sheet = pd.DataFrame({"stratum": ["a", "a", "b"], "inclusion_probability": [0.2, 0.2, 0.5]})
    >>> effective_probability(sheet, np.array([True, False, True])).tolist()
    [0.1, nan, 0.5]
    """
    mask = np.asarray(mask, dtype=bool)
    stratum = coded["stratum"].astype(str).to_numpy() if "stratum" in coded else coded[
        "inclusion_probability"].map(repr).to_numpy()
    frame = pd.DataFrame({"stratum": stratum, "coded": mask})
    share = frame.groupby("stratum")["coded"].transform("mean").to_numpy()
    return np.where(mask, coded["inclusion_probability"].to_numpy(float) * share, np.nan)


def _interval(value: np.ndarray, se: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    z = stats.norm.ppf(0.5 + confidence / 2)
    return value - z * se, value + z * se


def dsl_means(
    frame: pd.DataFrame,
    predicted: Sequence[str],
    observed: Sequence[str],
    probability: str = "pi",
    by: Sequence[str] = ("period",),
    cluster: str = "doc_id",
    confidence: float = config.CONFIDENCE_LEVEL,
    min_coded: int = MIN_CODED,
) -> pd.DataFrame:
    """DSL means of several outcomes per group, with cluster-robust normal intervals; raw means beside them.

    Parameters
    ----------
    frame : DataFrame
        One row per sentence of the corpus (coded or not) with the ``by`` and ``cluster`` columns.
    predicted : sequence of str
        Columns of the scorer's indicators (or probabilities) :math:`\\hat Y`, one per outcome.
    observed : sequence of str
        Matching columns of the coded indicators :math:`Y` (NaN where the row is not coded).
    probability : str
        Column of the (effective) inclusion probabilities; used where the observed value is not NaN.
    by : sequence of str
        Grouping columns (a cell is one combination).
    cluster : str
        Column of the clusters of the standard error (documents).
    confidence : float
        Level of the normal intervals.
    min_coded : int
        Cells with fewer coded rows get NaN corrected values (their interval could not be trusted).

    Returns
    -------
    DataFrame
        ``*by, series`` (the predicted column's name), ``raw_share, raw_lo, raw_hi, corrected_unclipped, se,
        corrected_share, lo, hi`` (clipped to [0, 1]), ``n_sentences, n_coded, n_docs``.

    Examples
    --------
    >>> frame = pd.DataFrame({"period": 1, "doc_id": [1, 1, 2, 2], "pred": [1.0, 0, 0, 0],
    ...                       "obs": [0.0, np.nan, 1.0, np.nan], "pi": 0.5})
    >>> dsl_means(frame, ["pred"], ["obs"], min_coded=1)[["raw_share", "corrected_unclipped"]].iloc[0].tolist()
    [0.25, 0.25]
    """
    if not 0 < confidence < 1:
        raise ParameterError(f"confidence must be between 0 and 1, not {confidence}")
    by = list(by)
    pieces = []
    base = frame[by + [cluster]].copy()
    for pred, obs in zip(predicted, observed, strict=True):
        yhat = frame[pred].to_numpy(float)
        y = frame[obs].to_numpy(float)
        is_coded = ~np.isnan(y)
        correction = np.where(is_coded, (np.where(is_coded, y, 0.0) - yhat) / np.where(
            is_coded, frame[probability].to_numpy(float), 1.0), 0.0)
        work = base.assign(series=pred, raw=yhat, pseudo=yhat + correction, coded=is_coded.astype(int), units=1)
        pieces.append(work)
    work = pd.concat(pieces, ignore_index=True)
    cells = by + ["series"]
    per_cluster = work.groupby(cells + [cluster], dropna=False, sort=True)[["raw", "pseudo", "coded", "units"]].sum()
    per_cluster = per_cluster.reset_index()
    totals = per_cluster.groupby(cells, dropna=False, sort=True).agg(
        raw=("raw", "sum"), pseudo=("pseudo", "sum"), n_coded=("coded", "sum"), n_sentences=("units", "sum"),
        n_docs=(cluster, "size"))
    cell_totals = totals[["raw", "pseudo", "n_sentences"]].rename(columns=lambda c: f"{c}_cell")
    per_cluster = per_cluster.join(cell_totals, on=cells)
    n_cell = per_cluster["n_sentences_cell"].to_numpy(float)
    for name in ("raw", "pseudo"):
        mean = per_cluster[f"{name}_cell"].to_numpy(float) / n_cell
        per_cluster[f"{name}_resid2"] = (per_cluster[name].to_numpy(float) - mean * per_cluster["units"]) ** 2
    sums = per_cluster.groupby(cells, dropna=False, sort=True)[["raw_resid2", "pseudo_resid2"]].sum()
    totals = totals.join(sums)
    g = totals["n_docs"].to_numpy(float)
    n = totals["n_sentences"].to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        factor = np.where(g > 1, g / (g - 1), np.nan) / n**2
        raw = totals["raw"].to_numpy(float) / n
        raw_se = np.sqrt(totals["raw_resid2"].to_numpy(float) * factor)
        corrected = totals["pseudo"].to_numpy(float) / n
        se = np.sqrt(totals["pseudo_resid2"].to_numpy(float) * factor)
    enough = totals["n_coded"].to_numpy() >= max(int(min_coded), 0)
    corrected = np.where(enough, corrected, np.nan)
    se = np.where(enough, se, np.nan)
    out = totals.reset_index()[cells].copy()
    out["raw_share"] = raw
    out["raw_lo"], out["raw_hi"] = (np.clip(v, 0, 1) for v in _interval(raw, raw_se, confidence))
    out["corrected_unclipped"], out["se"] = corrected, se
    lo, hi = _interval(corrected, se, confidence)
    out["corrected_share"], out["lo"], out["hi"] = np.clip(corrected, 0, 1), np.clip(lo, 0, 1), np.clip(hi, 0, 1)
    out["n_sentences"] = totals["n_sentences"].to_numpy(int)
    out["n_coded"] = totals["n_coded"].to_numpy(int)
    out["n_docs"] = totals["n_docs"].to_numpy(int)
    return out


def _coded_table(coded: CodedSheets | pd.DataFrame) -> pd.DataFrame:
    table = coded.coded if isinstance(coded, CodedSheets) else coded
    missing = {*KEYS, "inclusion_probability"} - set(table.columns)
    if missing:
        raise InputError(f"the coded table lacks column(s) {sorted(missing)}")
    table = table.copy()
    table["doc_id"] = table["doc_id"].astype(str)
    table["sent_id"] = table["sent_id"].astype(int)
    if "stratum" not in table.columns:
        table["stratum"] = table["inclusion_probability"].map(repr)
    human = [c for c in table.columns if c.startswith("human_")]
    table[human] = table[human].fillna("").astype(str)
    return table


def _frame(scored: pd.DataFrame, frequency: str, by: str | None) -> pd.DataFrame:
    from warsignals.timeseries import assign_period

    missing = [c for c in (*KEYS, "date") if c not in scored.columns]
    if missing:
        raise InputError(f"the scored table lacks column(s) {missing} (score a run's sentences.parquet)")
    if by is not None and by not in scored.columns:
        raise ParameterError(f"--by column {by!r} is not in the scored table")
    frame = pd.DataFrame({"doc_id": scored["doc_id"].astype(str).to_numpy(),
                          "sent_id": scored["sent_id"].astype(int).to_numpy()})
    frame["period"] = assign_period(scored["date"], frequency).to_numpy()
    frame["group"] = scored[by].fillna("").astype(str).to_numpy() if by else "all"
    if frame.duplicated(list(KEYS)).any():
        raise InputError("the scored table has duplicate (doc_id, sent_id) keys")
    return frame


def _attach(frame: pd.DataFrame, table: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    """The coded value of ``column`` per corpus row (``""`` if not coded) and its effective probability."""
    mask = table[column] != ""
    pi = effective_probability(table, mask)
    lookup = table.assign(__pi=pi)[[*KEYS, column, "__pi"]]
    merged = frame[list(KEYS)].merge(lookup, on=list(KEYS), how="left")
    return merged[column].fillna("").to_numpy(), merged["__pi"].to_numpy(float)


def corrected_rates(
    scored: pd.DataFrame,
    coded: CodedSheets | pd.DataFrame,
    frequency: str = "month",
    by: str | None = None,
    confidence: float = config.CONFIDENCE_LEVEL,
    min_coded: int = MIN_CODED,
    signals: Sequence[str] = SIGNAL_VALUES,
    label_column: str = "signal",
) -> pd.DataFrame:
    """Raw and design-corrected shares of each signal per period (and group), with intervals.

    Parameters
    ----------
    scored : DataFrame
        Every scored sentence (``doc_id, sent_id, date`` and ``label_column``): the population.
    coded : CodedSheets or DataFrame
        Coded sheet rows (:func:`warsignals.validate.read_sheets`): ``doc_id, sent_id, inclusion_probability,
        human_signal`` (``""`` = not coded), optionally ``stratum``.
    frequency : {"week", "month", "quarter", "year"}
        Period length.
    by : str, optional
        Group column of ``scored`` (``source`` or ``speaker``); one group ``all`` when omitted.
    confidence : float
        Level of the intervals.
    min_coded : int
        Cells with fewer coded sentences get NaN corrected values.
    signals : sequence of str
        Signal values reported.
    label_column : str
        The scorer's label column.

    Returns
    -------
    DataFrame
        ``period, group, signal, raw_share, corrected_share, lo, hi, n_sentences, n_coded, n_docs, raw_lo,
        raw_hi, corrected_unclipped, se``; shares are of all sentences of the cell.

    Examples
    --------
    >>> scored = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "sent_id": [0, 1, 0, 1],
    ...                        "date": pd.Timestamp("2024-05-01"), "signal": ["escalation", "none", "none", "none"]})
    >>> sheet = pd.DataFrame({"doc_id": ["a", "b"], "sent_id": [0, 0], "human_signal": ["none", "escalation"],
    ...                       "inclusion_probability": [0.5, 0.5]})
    >>> table = corrected_rates(scored, sheet, min_coded=1)
    >>> table.loc[table["signal"] == "escalation", ["raw_share", "corrected_share"]].iloc[0].tolist()
    [0.25, 0.25]
    """
    if label_column not in scored.columns:
        raise InputError(f"the scored table has no column {label_column!r}")
    table = _coded_table(coded)
    if "human_signal" not in table.columns:
        raise InputError("the coding sheet has no human_signal column")
    frame = _frame(scored, frequency, by)
    human, pi = _attach(frame, table, "human_signal")
    frame["pi"] = pi
    predicted, observed = [], []
    label = scored[label_column].astype(str).to_numpy()
    for signal in signals:
        frame[signal] = (label == signal).astype(float)
        frame[f"y_{signal}"] = np.where(human == "", np.nan, (human == signal).astype(float))
        predicted.append(signal)
        observed.append(f"y_{signal}")
    out = dsl_means(frame, predicted, observed, "pi", by=["period", "group"], confidence=confidence,
                    min_coded=min_coded)
    out = out.rename(columns={"series": "signal"})
    out["signal"] = pd.Categorical(out["signal"], categories=list(signals))
    out = out.sort_values(["signal", "group", "period"], kind="stable")
    out["signal"] = out["signal"].astype(str)
    return out[RATE_COLUMNS].reset_index(drop=True)


def stance_predictions(scored: pd.DataFrame, stance: pd.DataFrame | None) -> pd.DataFrame:
    """The scorer's stance per sentence as ``doc_id, sent_id, stance_<target>`` (long or wide input).

    Sentences without a stance row count as NONE. ``stance`` may be the long ``stance.parquet`` of a run
    (``doc_id, sent_id, target, stance``); without it, ``stance_<target>`` columns of ``scored`` are used.
    """
    keys = pd.DataFrame({"doc_id": scored["doc_id"].astype(str).to_numpy(),
                         "sent_id": scored["sent_id"].astype(int).to_numpy()})
    if stance is not None:
        if "sent_id" not in stance.columns:
            raise InputError("the stance table must be scored per sentence (doc_id, sent_id, target, stance)")
        stance = stance.assign(doc_id=stance["doc_id"].astype(str), sent_id=stance["sent_id"].astype(int))
        wide = stance_wide(stance)
    else:
        columns = [c for c in scored.columns if c.startswith("stance_")]
        wide = pd.concat([keys, scored[columns].reset_index(drop=True)], axis=1)
    out = keys.merge(wide, on=list(KEYS), how="left")
    columns = [c for c in out.columns if c.startswith("stance_")]
    out[columns] = out[columns].fillna("NONE").astype(str).apply(lambda s: s.str.upper())
    return out


def corrected_stance_table(
    scored: pd.DataFrame,
    coded: CodedSheets | pd.DataFrame,
    stance: pd.DataFrame | None = None,
    frequency: str = "month",
    by: str | None = None,
    confidence: float = config.CONFIDENCE_LEVEL,
    min_coded: int = MIN_CODED,
    values: Sequence[str] = ("FAVOR", "AGAINST"),
) -> pd.DataFrame:
    """Raw and corrected shares of sentences with each stance toward each coded target, per period.

    A target is reported when the sheet has a coded ``human_stance_<target>`` column and the scorer has a
    stance for it (``stance`` long table or ``stance_<target>`` columns of ``scored``).

    Returns
    -------
    DataFrame
        ``period, group, target, stance`` and the columns of :func:`corrected_rates` after ``signal``; shares are
        of all sentences of the cell (e.g. the share of sentences FAVOR toward negotiations).

    Examples
    --------
    >>> scored = pd.DataFrame({"doc_id": ["a", "b"], "sent_id": [0, 0], "date": pd.Timestamp("2024-05-01"),
    ...                        "stance_Russia": ["FAVOR", "NONE"]})
    >>> sheet = pd.DataFrame({"doc_id": ["a", "b"], "sent_id": [0, 0], "human_stance_Russia": ["NONE", "NONE"],
    ...                       "inclusion_probability": [1.0, 1.0]})
    >>> table = corrected_stance_table(scored, sheet, min_coded=1)
    >>> table.loc[table["stance"] == "FAVOR", ["raw_share", "corrected_share"]].iloc[0].tolist()
    [0.5, 0.0]
    """
    table = _coded_table(coded)
    frame = _frame(scored, frequency, by)
    predictions = stance_predictions(scored, stance)
    pieces = []
    for column in [c for c in table.columns if c.startswith("human_stance_")]:
        target = column.removeprefix("human_stance_")
        if f"stance_{target}" not in predictions.columns or not (table[column] != "").any():
            continue
        human, pi = _attach(frame, table, column)
        work = frame.assign(pi=pi)
        predicted = predictions[f"stance_{target}"].to_numpy()
        names, observed = [], []
        for value in values:
            work[value] = (predicted == value).astype(float)
            work[f"y_{value}"] = np.where(human == "", np.nan, (human == value).astype(float))
            names.append(value)
            observed.append(f"y_{value}")
        part = dsl_means(work, names, observed, "pi", by=["period", "group"], confidence=confidence,
                         min_coded=min_coded)
        pieces.append(part.rename(columns={"series": "stance"}).assign(target=target))
    if not pieces:
        return pd.DataFrame(columns=STANCE_RATE_COLUMNS)
    out = pd.concat(pieces, ignore_index=True)
    out["order"] = out["stance"].map({v: k for k, v in enumerate(values)})
    out = out.sort_values(["target", "order", "group", "period"], kind="stable")
    return out[STANCE_RATE_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# Validity of the scorer against the coded rows
# --------------------------------------------------------------------------------------------------
def _metrics(confusion: np.ndarray) -> dict[str, np.ndarray]:
    """Precision, recall, F1 per label, macro-F1 and accuracy from confusion arrays (..., human, model)."""
    diag = np.diagonal(confusion, axis1=-2, axis2=-1)
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)  # a label never coded nor predicted has no F1
        precision = diag / confusion.sum(axis=-2)
        recall = diag / confusion.sum(axis=-1)
        f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
        f1 = np.where(np.isnan(precision) | np.isnan(recall), np.nan, f1)
        accuracy = diag.sum(axis=-1) / confusion.sum(axis=(-2, -1))
    return {"precision": precision, "recall": recall, "f1": f1, "macro_f1": np.nanmean(f1, axis=-1),
            "accuracy": accuracy}


def weighted_report(
    human: Sequence[str],
    model: Sequence[str],
    weights: Sequence[float],
    clusters: Sequence | None = None,
    labels: Sequence[str] | None = None,
    n_boot: int = 1000,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
) -> dict:
    """Design-weighted precision, recall, F1 and confusion of a scorer against coded rows, with intervals.

    Each coded row weighs ``1 / inclusion probability`` (Horvitz-Thompson), so the confusion matrix estimates
    the corpus's and the ratios are Hajek estimates of the corpus's precision and recall, not the sheet's
    (whose rare signals may be oversampled). Intervals are percentile bootstrap intervals resampling
    documents (``clusters``) of the coded rows.

    Returns
    -------
    dict
        ``n``, ``labels``, ``per_label`` (label -> precision, recall, f1 and their ``_lo``/``_hi``),
        ``macro_f1``, ``accuracy`` (each with ``_lo``/``_hi``), ``confusion`` (estimated corpus counts,
        human label -> model label -> count), ``confusion_unweighted`` (sheet counts).

    Examples
    --------
    >>> report = weighted_report(["a", "a", "b"], ["a", "b", "b"], [1.0, 1.0, 2.0], n_boot=0)
    >>> round(report["per_label"]["b"]["precision"], 3), round(report["accuracy"], 3)
    (0.667, 0.75)
    """
    human = np.asarray(human, dtype=str)
    model = np.asarray(model, dtype=str)
    weights = np.asarray(weights, dtype=float)
    if labels is None:
        labels = sorted(set(human) | set(model))
    labels = list(labels)
    index = {label: k for k, label in enumerate(labels)}
    keep = np.array([h in index and m in index for h, m in zip(human, model, strict=True)], dtype=bool)
    human, model, weights = human[keep], model[keep], weights[keep]
    k = len(labels)
    cell = np.array([index[h] * k + index[m] for h, m in zip(human, model, strict=True)], dtype=int)
    clusters = np.arange(len(human)) if clusters is None else np.asarray(clusters)[keep]
    codes, group = np.unique(clusters, return_inverse=True)
    per_cluster = np.zeros((len(codes), k * k))
    np.add.at(per_cluster, (group, cell), weights)
    unweighted = np.zeros(k * k)
    np.add.at(unweighted, cell, 1.0)
    point = _metrics(per_cluster.sum(axis=0).reshape(k, k))
    report: dict = {"n": int(len(human)), "labels": labels, "per_label": {}}
    bounds = {}
    if n_boot > 0 and len(codes) > 1:
        rng = np.random.default_rng(seed)
        draws = rng.multinomial(len(codes), np.full(len(codes), 1.0 / len(codes)), size=n_boot)
        boot = _metrics((draws @ per_cluster).reshape(n_boot, k, k))
        alpha = (1 - confidence) / 2
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)  # labels absent from a replicate give NaN
            for name, values in boot.items():
                bounds[name] = (np.nanquantile(values, alpha, axis=0), np.nanquantile(values, 1 - alpha, axis=0))

    def _value(x) -> float | None:
        return None if x is None or not np.isfinite(x) else round(float(x), 4)

    for j, label in enumerate(labels):
        entry = {}
        for name in ("precision", "recall", "f1"):
            entry[name] = _value(point[name][j])
            lo, hi = bounds.get(name, (None, None))
            entry[f"{name}_lo"] = _value(lo[j]) if lo is not None else None
            entry[f"{name}_hi"] = _value(hi[j]) if hi is not None else None
        report["per_label"][label] = entry
    for name in ("macro_f1", "accuracy"):
        report[name] = _value(point[name])
        lo, hi = bounds.get(name, (None, None))
        report[f"{name}_lo"], report[f"{name}_hi"] = _value(lo), _value(hi)
    confusion = per_cluster.sum(axis=0).reshape(k, k)
    report["confusion"] = {h: {m: round(float(confusion[i, j]), 2) for j, m in enumerate(labels)}
                           for i, h in enumerate(labels)}
    counts = unweighted.reshape(k, k)
    report["confusion_unweighted"] = {h: {m: int(counts[i, j]) for j, m in enumerate(labels)}
                                      for i, h in enumerate(labels)}
    return report


def reliability(coders: Sequence[pd.DataFrame], names: Sequence[str] | None = None) -> dict:
    """Krippendorff's alpha (nominal) of each ``human_*`` column coded in two or more sheets, on their overlap.

    Returns
    -------
    dict
        column -> ``{"alpha", "n_units"}`` (units coded by at least two coders); ``alpha`` is None without
        overlap. Empty when fewer than two sheets are given.

    Examples
    --------
    >>> a = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [0, 1], "human_signal": ["none", "escalation"]})
    >>> b = a.assign(human_signal=["none", "escalation"])
    >>> reliability([a, b])["human_signal"]
    {'alpha': 1.0, 'n_units': 2}
    """
    from warsignals.evaluate import krippendorff_alpha

    if len(coders) < 2:
        return {}
    columns = sorted({c for frame in coders for c in frame.columns if c.startswith("human_")})
    out = {}
    for column in columns:
        parts = []
        for k, frame in enumerate(coders):
            if column in frame.columns:
                part = frame[[*KEYS, column]].rename(columns={column: f"c{k}"})
                parts.append(part.set_index(list(KEYS)))
        if len(parts) < 2:
            continue
        joined = pd.concat(parts, axis=1).replace("", np.nan)
        overlap = joined[joined.notna().sum(axis=1) >= 2]
        if overlap.empty:
            out[column] = {"alpha": None, "n_units": 0}
            continue
        alpha = krippendorff_alpha(overlap.T.to_numpy(dtype=object), level="nominal")
        out[column] = {"alpha": round(float(alpha), 4), "n_units": int(len(overlap))}
    return out


def validity(
    scored: pd.DataFrame,
    coded: CodedSheets | pd.DataFrame,
    stance: pd.DataFrame | None = None,
    n_boot: int = 1000,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
) -> dict:
    """The scorer's validity against the coded rows, design-weighted, and inter-coder reliability.

    Parameters
    ----------
    scored : DataFrame
        Scored sentences (``doc_id, sent_id, signal`` and, if present, ``actor, hedged``).
    coded : CodedSheets or DataFrame
        Coded sheet rows (several coders' sheets give Krippendorff's alpha on their overlap).
    stance : DataFrame, optional
        Long stance table, for ``human_stance_<target>`` columns.
    n_boot, confidence, seed :
        Bootstrap of the intervals (documents resampled).

    Returns
    -------
    dict
        ``design`` (rows, coded rows, sheets), ``signal``, ``actor``, ``hedged`` and ``stance`` (target ->
        report) as :func:`weighted_report` gives them (where coded), and ``reliability``
        (:func:`reliability`).

    Examples
    --------
    >>> scored = pd.DataFrame({"doc_id": ["a", "b"], "sent_id": [0, 0], "signal": ["escalation", "none"]})
    >>> sheet = pd.DataFrame({"doc_id": ["a", "b"], "sent_id": [0, 0], "human_signal": ["escalation", "none"],
    ...                       "inclusion_probability": [1.0, 1.0]})
    >>> validity(scored, sheet, n_boot=0)["signal"]["accuracy"]
    1.0
    """
    table = _coded_table(coded)
    keyed = scored.assign(doc_id=scored["doc_id"].astype(str), sent_id=scored["sent_id"].astype(int))
    model_columns = [c for c in ("signal", "actor", "hedged") if c in keyed.columns]
    rows = table.merge(keyed[[*KEYS, *model_columns]], on=list(KEYS), how="left", suffixes=("", "_model"))
    result: dict = {"design": {
        "sheet_rows": int(len(table)),
        "coded_rows": {c: int((table[c] != "").sum()) for c in table.columns if c.startswith("human_")},
        "sheets": list(coded.names) if isinstance(coded, CodedSheets) else [],
        "weights": "1 / inclusion_probability, scaled for partly coded strata (Horvitz-Thompson / Hajek)",
        "intervals": f"{confidence:.0%} percentile bootstrap over documents, {n_boot} replicates, seed {seed}",
    }}
    common = dict(n_boot=n_boot, confidence=confidence, seed=seed)

    def _report(domain, coded_column, human, model, labels=None):
        # The probability comes from whether the row was coded at all (coded_column); the domain (e.g. rows the
        # coder called a signal) restricts the rows compared, not the design.
        pi = effective_probability(table, (table[coded_column] != "").to_numpy())
        use = domain & (table[coded_column] != "").to_numpy() & (human != "")
        return weighted_report(human[use], model[use], 1.0 / pi[use], rows["doc_id"].to_numpy()[use], labels,
                               **common)

    if "human_signal" in table.columns and "signal" in rows.columns and (table["human_signal"] != "").any():
        everything = np.ones(len(table), dtype=bool)
        result["signal"] = _report(everything, "human_signal", table["human_signal"].to_numpy(),
                                   rows["signal"].astype(str).to_numpy(), list(SIGNAL_VALUES))
        is_signal = table["human_signal"].isin(["escalation", "negotiation", "mixed"]).to_numpy()
        if "human_actor" in table.columns and "actor" in rows.columns and (table["human_actor"] != "").any():
            model = rows["actor"].fillna("").astype(str).str.upper().replace("", "(none)").to_numpy()
            human = table["human_actor"].replace("", "(none)").to_numpy().astype(str)
            result["actor"] = _report(is_signal, "human_signal", human, model)
        if "human_hedged" in table.columns and "hedged" in rows.columns and (table["human_hedged"] != "").any():
            model = np.where(rows["hedged"].astype(str).str.lower().isin(["true", "1", "yes"]), "yes", "no")
            result["hedged"] = _report(is_signal, "human_signal", table["human_hedged"].to_numpy(), model,
                                       ["yes", "no"])
    stance_columns = [c for c in table.columns if c.startswith("human_stance_") and (table[c] != "").any()]
    if stance_columns:
        predictions = stance_predictions(keyed, stance)
        joined = table[list(KEYS)].merge(predictions, on=list(KEYS), how="left")
        result["stance"] = {}
        for column in stance_columns:
            target = column.removeprefix("human_stance_")
            if f"stance_{target}" in joined.columns:
                model = joined[f"stance_{target}"].fillna("NONE").to_numpy()
                result["stance"][target] = _report(np.ones(len(table), dtype=bool), column,
                                                   table[column].to_numpy(), model, list(STANCE_VALUES))
    if isinstance(coded, CodedSheets):
        result["reliability"] = reliability(coded.coders, coded.names)
    return result
