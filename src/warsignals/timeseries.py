"""Period aggregation with document-bootstrap confidence intervals, and the event timeline.

Every per-period statistic in warsignals is a ratio of sums (signals per 1,000 sentences, hedged share of
negotiation signals, topic prevalence, stance share) computed per period and group. Its uncertainty comes
from resampling *documents* (the clusters sentences come from) with replacement within each group, so that
long documents with many correlated sentences do not make the bands falsely narrow.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from warsignals import config
from warsignals.errors import InputError, ParameterError

FREQUENCIES = {"week": "W-MON", "month": "M", "quarter": "Q", "year": "Y"}
EVENT_COLUMNS = ["date", "label", "kind", "description"]


def assign_period(dates: pd.Series, freq: str) -> pd.Series:
    """Map dates to the start of their period.

    Parameters
    ----------
    dates : Series
        Datetime-like values.
    freq : {"week", "month", "quarter", "year"}
        Period length; weeks start on Monday.

    Returns
    -------
    Series
        Period-start Timestamps, aligned with ``dates``.
    """
    if freq not in FREQUENCIES:
        raise ParameterError(f"frequency must be one of {', '.join(FREQUENCIES)}, not {freq!r}")
    values = pd.to_datetime(pd.Series(dates), errors="coerce")
    if freq == "week":
        return (values - pd.to_timedelta(values.dt.day_of_week, unit="D")).dt.normalize()
    return values.dt.to_period(FREQUENCIES[freq]).dt.start_time


def bootstrap_ratio(
    frame: pd.DataFrame,
    numerator: str | Sequence[str],
    denominator: str | None = None,
    by: Sequence[str] = ("period",),
    cluster: str = "doc_id",
    n_boot: int = config.BOOTSTRAP_REPLICATES,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
    scale: float = 1.0,
    min_units: int = 1,
) -> pd.DataFrame:
    """Ratio of sums per group with a percentile bootstrap interval over clusters.

    Parameters
    ----------
    frame : DataFrame
        One row per unit (sentence, paragraph, ...), with the ``by`` columns, the ``cluster`` column and
        numeric ``numerator`` (and ``denominator``) columns.
    numerator : str or list of str
        Column(s) summed in the numerator; each gives its own ``series`` in the result.
    denominator : str, optional
        Column summed in the denominator; each row counts 1 when omitted (the statistic is then a mean).
    by : sequence of str
        Grouping columns, e.g. ``["period", "actor"]``.
    cluster : str
        Column whose values are resampled (documents).
    n_boot : int
        Bootstrap replicates; 0 gives no interval (``lo`` and ``hi`` are NaN).
    confidence : float
        Confidence level of the percentile interval, in (0, 1).
    seed : int
        Seed of the resampling.
    scale : float
        Factor applied to the ratio (1000 for "per 1,000 sentences").
    min_units : int
        Groups with fewer rows get NaN ``value``, ``lo`` and ``hi`` (they are kept, not dropped).

    Returns
    -------
    DataFrame
        ``*by, series, value, lo, hi, n_docs, n_units`` sorted by ``series`` then ``by``.
    """
    numerators = [numerator] if isinstance(numerator, str) else list(numerator)
    per_cluster = cluster_sums(frame, numerators, denominator, by, cluster)
    return ratio_from_sums(per_cluster, numerators, denominator, by, n_boot, confidence, seed, scale, min_units)


def cluster_sums(
    frame: pd.DataFrame,
    numerator: str | Sequence[str],
    denominator: str | None = None,
    by: Sequence[str] = ("period",),
    cluster: str = "doc_id",
) -> pd.DataFrame:
    """Per-group, per-cluster sums: the small table from which :func:`ratio_from_sums` bootstraps.

    Sums of tables that share no (group, cluster) key, or sums of such sums grouped again, give the sums of
    the whole table, so a table read in batches is aggregated batch by batch (per-period aggregates keep
    one row per document and period).

    Returns
    -------
    DataFrame
        Indexed by ``*by, cluster``; the numerator columns, the denominator column (``__den`` when
        ``denominator`` is None: each row counts 1) and ``__units`` (rows).
    """
    numerators = [numerator] if isinstance(numerator, str) else list(numerator)
    by = list(by)
    needed = set(numerators) | set(by) | {cluster} | ({denominator} if denominator else set())
    missing = needed - set(frame.columns)
    if missing:
        raise ParameterError(f"table lacks column(s) {sorted(missing)} needed for aggregation")
    work = frame[list(needed)].copy()
    den_column = denominator or "__den"
    if denominator is None:
        work[den_column] = 1.0
    work["__units"] = 1
    value_columns = numerators + [den_column]
    work[value_columns] = work[value_columns].astype(float)
    return work.groupby(by + [cluster], dropna=False, sort=True)[value_columns + ["__units"]].sum()


def ratio_from_sums(
    per_cluster: pd.DataFrame,
    numerator: str | Sequence[str],
    denominator: str | None = None,
    by: Sequence[str] = ("period",),
    n_boot: int = config.BOOTSTRAP_REPLICATES,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
    scale: float = 1.0,
    min_units: int = 1,
) -> pd.DataFrame:
    """:func:`bootstrap_ratio` from per-cluster sums (:func:`cluster_sums`, sorted by its index).

    Returns
    -------
    DataFrame
        ``*by, series, value, lo, hi, n_docs, n_units``, as :func:`bootstrap_ratio`.
    """
    numerators = [numerator] if isinstance(numerator, str) else list(numerator)
    by = list(by)
    if not 0 < confidence < 1:
        raise ParameterError(f"confidence must be between 0 and 1, not {confidence}")
    value_columns = numerators + [denominator or "__den"]
    rng = np.random.default_rng(seed)
    alpha = (1 - confidence) / 2
    records = []
    for key, group in per_cluster.groupby(level=list(range(len(by))), dropna=False, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        sums = group[value_columns].to_numpy()
        n_units = int(group["__units"].sum())
        n_docs = len(group)
        totals = sums.sum(axis=0)
        enough = n_units >= min_units and totals[-1] > 0
        if enough and n_boot > 0:
            weights = rng.multinomial(n_docs, np.full(n_docs, 1.0 / n_docs), size=n_boot)
            boot = weights @ sums
            with np.errstate(invalid="ignore", divide="ignore"):
                ratios = boot[:, :-1] / boot[:, -1:] * scale
            lo = np.nanquantile(ratios, alpha, axis=0)
            hi = np.nanquantile(ratios, 1 - alpha, axis=0)
        else:
            lo = hi = np.full(len(numerators), np.nan)
        for index, name in enumerate(numerators):
            value = totals[index] / totals[-1] * scale if enough else np.nan
            records.append(
                (*key, name, value, lo[index] if enough else np.nan, hi[index] if enough else np.nan, n_docs, n_units)
            )
    columns = by + ["series", "value", "lo", "hi", "n_docs", "n_units"]
    result = pd.DataFrame.from_records(records, columns=columns)
    return result.sort_values(["series", *by], kind="stable").reset_index(drop=True)


def load_events(path: str | Path = config.EVENTS_FILE) -> pd.DataFrame:
    """Read a dated event timeline (CSV with ``date, label, kind, description``).

    Raises
    ------
    InputError
        When the file is missing, lacks a column, or has an unparseable date (naming the line).
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: events file not found")
    events = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = set(EVENT_COLUMNS) - set(events.columns)
    if missing:
        raise InputError(f"{path}: events file lacks column(s) {sorted(missing)}")
    dates = pd.to_datetime(events["date"], errors="coerce", format="ISO8601")
    bad = dates.isna()
    if bad.any():
        line = int(np.flatnonzero(bad.to_numpy())[0]) + 2
        raise InputError(f"{path}, line {line}: cannot parse date {events['date'][bad].iloc[0]!r}")
    events["date"] = dates
    return events[EVENT_COLUMNS].sort_values("date", kind="stable").reset_index(drop=True)
