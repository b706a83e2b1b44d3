"""Period aggregation with confidence intervals that respect documents, and the event timeline.

Every per-period statistic in warsignals is a ratio of sums (signals per 1,000 sentences, hedged share of
negotiation signals, topic prevalence, stance share) computed per period and group. Sentences of one document
are correlated, so the uncertainty is computed over *documents* (the clusters sentences come from):

- **shares** (every unit's numerator lies in ``[0, denominator]``: rates per 1,000 sentences, hedged share,
  topic prevalence, stance share) get a **cluster-adjusted Wilson score interval**: the design effect
  ``deff = v_cluster / (p (1 - p) / D)`` (``v_cluster``: the linearised, cluster-robust variance of the ratio
  estimator over documents; ``D``: the summed denominator) turns ``D`` into an effective sample size
  ``D / deff`` (``deff`` is never below 1, and 1 where it cannot be estimated: ``p`` of 0 or 1, or one
  document). Wilson intervals never collapse to a point at 0 or 1: no signal in 40 sentences gives
  ``[0, 0.088]``, not ``[0, 0]``.
- **signed shares** (``|numerator| <= denominator``, the net index) get the same interval on
  ``(p + 1) / 2``, mapped back.
- anything else (or ``interval="bootstrap"``) gets a percentile bootstrap that resamples documents.

Every table carries its ``numerator`` and ``denominator`` sums and the ``interval`` method used.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from warsignals import config
from warsignals.errors import InputError, ParameterError
from warsignals.tables import read_table

FREQUENCIES = {"week": "W-MON", "month": "M", "quarter": "Q", "year": "Y"}
INTERVALS = ("auto", "wilson", "bootstrap")
EVENT_COLUMNS = ["date", "label", "kind", "description"]


def assign_period(dates: pd.Series, frequency: str) -> pd.Series:
    """Map dates to the start of their period.

    Parameters
    ----------
    dates : Series
        Datetime-like values.
    frequency : {"week", "month", "quarter", "year"}
        Period length; weeks start on Monday.

    Returns
    -------
    Series
        Period-start Timestamps, aligned with ``dates``.
    """
    if frequency not in FREQUENCIES:
        raise ParameterError(f"frequency must be one of {', '.join(FREQUENCIES)}, not {frequency!r}")
    values = pd.to_datetime(pd.Series(dates), errors="coerce")
    if frequency == "week":
        return (values - pd.to_timedelta(values.dt.day_of_week, unit="D")).dt.normalize()
    return values.dt.to_period(FREQUENCIES[frequency]).dt.start_time


def period_column(frame: pd.DataFrame, frequency: str, date: str = "date") -> pd.Series:
    """The period of every row: a calendar period, or a named period from a column of the table.

    Parameters
    ----------
    frame : DataFrame
        Rows with a ``date`` column (and the ``frequency`` column when it names one).
    frequency : str
        ``week, month, quarter, year`` (:func:`assign_period`), or the name of a column whose values name
        each row's period, e.g. ``session`` for the sessions of a debate: rows of one value form one period,
        whatever their dates.
    date : str
        The date column.

    Returns
    -------
    Series
        Period-start Timestamps. A named period starts at the earliest date of its rows in ``frame``, so
        tables keep their time order and charts their date axis; :func:`period_names` gives the names back.

    Raises
    ------
    ParameterError
        When ``frequency`` is neither a calendar period nor a column, or when two named periods start on the
        same day (they could not be told apart).
    """
    if frequency in FREQUENCIES:
        return assign_period(frame[date], frequency)
    if frequency not in frame.columns:
        raise ParameterError(f"frequency must be one of {', '.join(FREQUENCIES)} or a column whose values name the "
                             f"period, not {frequency!r} (columns: {', '.join(map(str, frame.columns))})")
    names = frame[frequency].astype("string").fillna("(none)")
    dates = pd.to_datetime(frame[date], errors="coerce").dt.normalize()
    starts = dates.groupby(names).min()
    shared = starts[starts.duplicated(keep=False)]
    if len(shared):
        raise ParameterError(f"named periods {', '.join(sorted(shared.index))} of column {frequency!r} start on the "
                             f"same day ({shared.iloc[0]:%Y-%m-%d}); they cannot be told apart")
    return names.map(starts).astype("datetime64[ns]")


def period_names(frame: pd.DataFrame, frequency: str, date: str = "date") -> pd.DataFrame:
    """``period, period_name`` of each named period of ``frame`` (empty for calendar periods)."""
    if frequency in FREQUENCIES:
        return pd.DataFrame(columns=["period", "period_name"])
    table = pd.DataFrame({"period": period_column(frame, frequency, date),
                          "period_name": frame[frequency].astype("string").fillna("(none)")})
    return table.drop_duplicates().sort_values("period").reset_index(drop=True)


def period_range(start, end, frequency: str) -> pd.DatetimeIndex:
    """Every period start from the period of ``start`` to the period of ``end`` (inclusive)."""
    if frequency not in FREQUENCIES:
        raise ParameterError(f"frequency must be one of {', '.join(FREQUENCIES)}, not {frequency!r}")
    first, last = assign_period(pd.Series([start, end]), frequency)
    rule = {"week": "W-MON", "month": "MS", "quarter": "QS", "year": "YS"}[frequency]
    return pd.date_range(first, last, freq=rule)


def complete_periods(frame: pd.DataFrame, frequency: str, by: Sequence[str] = (), time: str = "period") -> pd.DataFrame:
    """Add a row (NaN values) for every period missing between a table's first and last period.

    Parameters
    ----------
    frame : DataFrame
        Tidy per-period table with a ``time`` column of period starts.
    frequency : str
        Its period (``week, month, quarter, year``).
    by : sequence of str
        Columns whose every combination gets every period (e.g. ``["series"]``).
    time : str
        The period column.

    Returns
    -------
    DataFrame
        The table with missing periods as rows whose value columns are NaN (counts ``n_docs``/``n_units`` 0),
        sorted by ``by`` then ``time``; consecutive rows of one group are consecutive periods.
    """
    by = list(by)
    if frame.empty or frame[time].isna().all():
        return frame.copy()
    periods = period_range(frame[time].min(), frame[time].max(), frequency)
    if by:
        groups = frame[by].drop_duplicates()
        grid = groups.merge(pd.DataFrame({time: periods}), how="cross")
    else:
        grid = pd.DataFrame({time: periods})
    out = grid.merge(frame, on=[*by, time], how="left")
    for column in ("n_docs", "n_units", "numerator", "denominator"):
        if column in out:
            out[column] = out[column].fillna(0)
    return out.sort_values([*by, time], kind="stable").reset_index(drop=True)


@lru_cache(maxsize=16)
def _normal_quantile(q: float) -> float:
    """The standard normal quantile (cached: :func:`ratio_from_sums` asks for it once per period and series)."""
    from scipy.stats import norm

    return float(norm.ppf(q))


def wilson_interval(successes, n, confidence: float = config.CONFIDENCE_LEVEL) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a proportion; ``n`` may be an effective (non-integer) sample size.

    Parameters
    ----------
    successes : float or array-like
        Number of successes (may be fractional, e.g. ``p * n_eff``).
    n : float or array-like
        Trials (> 0); NaN where ``n <= 0``.
    confidence : float
        Two-sided level in (0, 1).

    Returns
    -------
    tuple of ndarray
        ``(lo, hi)``, each in ``[0, 1]``; never of zero width when ``n`` is finite.
    """
    x = np.asarray(successes, dtype=float)
    m = np.asarray(n, dtype=float)
    z = _normal_quantile(1 - (1 - confidence) / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.clip(x / m, 0.0, 1.0)
        centre = (p + z * z / (2 * m)) / (1 + z * z / m)
        half = z * np.sqrt(p * (1 - p) / m + z * z / (4 * m * m)) / (1 + z * z / m)
    lo = np.where(m > 0, np.clip(centre - half, 0.0, 1.0), np.nan)
    hi = np.where(m > 0, np.clip(centre + half, 0.0, 1.0), np.nan)
    # exact bounds at the edges (floating point would otherwise leave 1e-17 instead of 0)
    lo = np.where((m > 0) & (x <= 0), 0.0, lo)
    hi = np.where((m > 0) & (x >= m), 1.0, hi)
    return lo, hi


def design_effect(y: np.ndarray, d: np.ndarray) -> float:
    """Design effect of a ratio of sums ``sum(y) / sum(d)`` over clusters (rows of ``y`` and ``d``).

    The linearised cluster-robust variance of the ratio, ``m / (m - 1) * sum((y_i - R d_i)^2) / D^2``,
    divided by the binomial variance ``R (1 - R) / D``; at least 1, and 1 where it cannot be estimated
    (fewer than two clusters, or ``R`` at 0 or 1).
    """
    y = np.asarray(y, dtype=float)
    d = np.asarray(d, dtype=float)
    m, total = len(y), d.sum()
    if m < 2 or total <= 0:
        return 1.0
    ratio = y.sum() / total
    if not 0 < ratio < 1:
        return 1.0
    v_cluster = m / (m - 1) * np.sum((y - ratio * d) ** 2) / total**2
    v_binomial = ratio * (1 - ratio) / total
    return float(max(1.0, v_cluster / v_binomial))


def _interval_kind(y: np.ndarray, d: np.ndarray) -> str:
    tolerance = 1e-9 * np.maximum(np.abs(d), 1.0)
    if np.all(y >= -tolerance) and np.all(y <= d + tolerance):
        return "wilson"
    if np.all(np.abs(y) <= d + tolerance):
        return "wilson_signed"
    return "bootstrap"


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
    interval: str = "auto",
) -> pd.DataFrame:
    """Ratio of sums per group with a confidence interval over clusters (documents).

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
        Column whose values are the clusters (documents).
    n_boot : int
        Bootstrap replicates (used by the bootstrap method); 0 gives no interval (``lo`` and ``hi`` NaN).
    confidence : float
        Confidence level, in (0, 1).
    seed : int
        Seed of the resampling.
    scale : float
        Factor applied to the ratio (1000 for "per 1,000 sentences").
    min_units : int
        Groups with fewer rows get NaN ``value``, ``lo`` and ``hi`` (they are kept, not dropped).
    interval : {"auto", "wilson", "bootstrap"}
        ``auto``: cluster-adjusted Wilson for shares and signed shares (see the module docstring), percentile
        document bootstrap otherwise; ``bootstrap`` forces the bootstrap (which collapses to a point when a
        group has no success at all).

    Returns
    -------
    DataFrame
        ``*by, series, value, lo, hi, n_docs, n_units, numerator, denominator, interval`` sorted by
        ``series`` then ``by``: ``numerator`` and ``denominator`` are the unscaled sums the value is the ratio
        of (the denominator is the number of units when no column is given), ``interval`` names the method.
    """
    numerators = [numerator] if isinstance(numerator, str) else list(numerator)
    _check_settings(confidence, interval)
    per_cluster = cluster_sums(frame, numerators, denominator, by, cluster)
    return ratio_from_sums(per_cluster, numerators, denominator, by, n_boot, confidence, seed, scale, min_units,
                           interval)


KIND_PREFIX = "__kind__"  # cluster_sums column: the interval kind code of one numerator (max over rows)
_KIND_CODES = ("wilson", "wilson_signed", "bootstrap")  # codes 0, 1, 2: a larger code admits more rows


def _check_settings(confidence: float, interval: str) -> None:
    if not 0 < confidence < 1:
        raise ParameterError(f"confidence must be between 0 and 1, not {confidence}")
    if interval not in INTERVALS:
        raise ParameterError(f"interval must be one of {', '.join(INTERVALS)}, not {interval!r}")


def _kind_codes(y: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Per row, the code of the narrowest kind it allows (:func:`_interval_kind` of the rows is the max)."""
    tolerance = 1e-9 * np.maximum(np.abs(d), 1.0)
    share = (y >= -tolerance) & (y <= d + tolerance)
    signed = np.abs(y) <= d + tolerance
    return np.where(share, 0, np.where(signed, 1, 2)).astype(np.int8)


def cluster_sums(
    frame: pd.DataFrame,
    numerator: str | Sequence[str],
    denominator: str | None = None,
    by: Sequence[str] = ("period",),
    cluster: str = "doc_id",
) -> pd.DataFrame:
    """Per-group, per-cluster sums: the small table from which :func:`ratio_from_sums` computes intervals.

    Sums of tables that share no (group, cluster) key, or sums of such sums grouped again, give the sums of
    the whole table, so a table read in batches is aggregated batch by batch (per-period aggregates keep
    one row per document and period); combine parts with :func:`combine_sums` (sums, and the maximum of the
    kind codes).

    Returns
    -------
    DataFrame
        Indexed by ``*by, cluster``; the numerator columns, the denominator column (``__den`` when
        ``denominator`` is None: each row counts 1), ``__units`` (rows) and, per numerator,
        :func:`kind_column` (``__kind__<numerator>/<denominator>``): the largest row-level interval kind code
        (0 share, 1 signed share, 2 other), from which :func:`ratio_from_sums` picks the same method as
        :func:`bootstrap_ratio` of the rows.
    """
    numerators = [numerator] if isinstance(numerator, str) else list(numerator)
    by = list(by)
    needed = set(numerators) | set(by) | {cluster} | ({denominator} if denominator else set())
    missing = needed - set(frame.columns)
    if missing:
        raise ParameterError(f"table lacks column(s) {sorted(missing)} needed for aggregation")
    den_column = denominator or "__den"
    # whole blocks at a time (a column insert at a time cost more than the sums, batch by batch)
    values = frame[numerators].astype(float).to_numpy()
    den = frame[denominator].astype(float).to_numpy() if denominator else np.ones(len(frame))
    kind_columns = [kind_column(name, denominator) for name in numerators]
    codes = _kind_codes(values, den[:, None])
    data = {name: values[:, i] for i, name in enumerate(numerators)}
    data[den_column] = den
    data["__units"] = np.ones(len(frame), dtype=np.int64)
    data.update({column: codes[:, i] for i, column in enumerate(kind_columns)})
    keys = frame[list(dict.fromkeys(by + [cluster]))].reset_index(drop=True)
    work = pd.concat([keys, pd.DataFrame(data)], axis=1)
    grouped = work.groupby(by + [cluster], dropna=False, sort=True)
    sums = grouped[[c for c in data if c not in kind_columns]].sum()
    for column, kinds in zip(kind_columns, grouped[kind_columns].max().to_numpy().T, strict=True):
        sums[column] = kinds.astype(np.int8)
    return sums


def kind_column(numerator: str, denominator: str | None = None) -> str:
    """The :func:`cluster_sums` column holding the interval kind code of ``numerator`` over ``denominator``."""
    return f"{KIND_PREFIX}{numerator}/{denominator or '__den'}"


def combine_sums(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """One :func:`cluster_sums` table from parts (e.g. of batches): value columns summed, kind codes maxed.

    A column missing from a part counts 0 there (a series not seen in a batch).
    """
    parts = list(parts)
    levels = list(parts[0].index.names)
    # flat key columns: appending the parts' MultiIndexes merged their levels part by part (the time grew
    # faster than the rows at 10 M sentences)
    joined = pd.concat([part.reset_index() for part in parts], ignore_index=True)
    columns = [c for c in joined.columns if c not in levels]
    joined[columns] = joined[columns].fillna(0.0)
    grouped = joined.groupby(levels, dropna=False, sort=True)
    kinds = [c for c in columns if c.startswith(KIND_PREFIX)]
    combined = grouped[[c for c in columns if c not in kinds]].sum()
    if kinds:
        combined[kinds] = grouped[kinds].max().astype(np.int8)
    return combined


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
    interval: str = "auto",
) -> pd.DataFrame:
    """:func:`bootstrap_ratio` from per-cluster sums (:func:`cluster_sums`, sorted by its index).

    The interval method of each numerator comes from its :func:`kind_column` (the rows' kind over the whole
    table, as :func:`bootstrap_ratio` decides it); without that column, from the per-cluster sums.

    Returns
    -------
    DataFrame
        ``*by, series, value, lo, hi, n_docs, n_units, numerator, denominator, interval``, as
        :func:`bootstrap_ratio`.
    """
    numerators = [numerator] if isinstance(numerator, str) else list(numerator)
    by = list(by)
    _check_settings(confidence, interval)
    value_columns = numerators + [denominator or "__den"]
    kinds = {}
    for name in numerators:
        if interval == "bootstrap":
            kinds[name] = "bootstrap"
        elif kind_column(name, denominator) in per_cluster.columns:
            code = per_cluster[kind_column(name, denominator)].max() if len(per_cluster) else 0
            kinds[name] = _KIND_CODES[int(code)]
        else:
            kinds[name] = _interval_kind(per_cluster[name].to_numpy(), per_cluster[value_columns[-1]].to_numpy())
        if interval == "wilson" and kinds[name] == "bootstrap":
            raise ParameterError(f"interval='wilson' needs a share, but {name!r} exceeds its denominator")
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
        lo = np.full(len(numerators), np.nan)
        hi = np.full(len(numerators), np.nan)
        boot_ratios = None
        for index, name in enumerate(numerators):
            if not enough or n_boot <= 0:
                continue
            if kinds[name] == "bootstrap":
                if boot_ratios is None:
                    weights = rng.multinomial(n_docs, np.full(n_docs, 1.0 / n_docs), size=n_boot)
                    boot = weights @ sums
                    with np.errstate(invalid="ignore", divide="ignore"):
                        boot_ratios = boot[:, :-1] / boot[:, -1:]
                lo[index] = np.nanquantile(boot_ratios[:, index], alpha) * scale
                hi[index] = np.nanquantile(boot_ratios[:, index], 1 - alpha) * scale
                continue
            y, d = sums[:, index], sums[:, -1]
            signed = kinds[name] == "wilson_signed"
            if signed:  # map a mean in [-1, 1] to a share in [0, 1]
                y = (y + d) / 2
            n_eff = totals[-1] / design_effect(y, d)
            low, high = wilson_interval(y.sum() / totals[-1] * n_eff, n_eff, confidence)
            if signed:
                low, high = 2 * low - 1, 2 * high - 1
            lo[index], hi[index] = float(low) * scale, float(high) * scale
        for index, name in enumerate(numerators):
            value = totals[index] / totals[-1] * scale if enough else np.nan
            method = "wilson" if kinds[name].startswith("wilson") else "bootstrap"
            records.append((*key, name, value, lo[index], hi[index], n_docs, n_units, float(totals[index]),
                            float(totals[-1]), method))
    columns = by + ["series", "value", "lo", "hi", "n_docs", "n_units", "numerator", "denominator", "interval"]
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
    events = read_table(path, strings=True)
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
