"""Change points in a period series (e.g. the net index) and lead-lag between two series, with uncertainty.

- :func:`detect_changepoints`: optimal partitioning by PELT of a Gaussian mean-shift cost, with a BIC-type
  penalty (``3 log n`` per change by default, ``2 log n`` for plain BIC; the noise variance estimated
  robustly from first differences).
- :func:`changepoints`: the change points of a tidy per-period table with a bootstrap of their location
  (residuals resampled in moving blocks around the fitted segment means, detection rerun; the interval is
  the quantile range of the nearest replicate change point) and the share of replicates that find it.
- :func:`lead_lag`: cross-correlation of two series over consecutive periods at lags ``-max_lag..max_lag`` with
  moving-block bootstrap intervals and a permutation p-value (on prewhitened series) for the largest absolute
  correlation (refused below :data:`MIN_PAIRS` aligned pairs a lag). :func:`lead_lag_table` builds the
  consecutive series from a tidy table and lowers ``max_lag`` or refuses, with a note saying why.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from warsignals import config
from warsignals.errors import ParameterError


def _noise_sd(values: np.ndarray) -> float:
    diffs = np.diff(values)
    if len(diffs) == 0:
        return 1.0
    mad = np.median(np.abs(diffs - np.median(diffs)))
    sd = mad / (0.6745 * np.sqrt(2))
    if not np.isfinite(sd) or sd <= 0:
        sd = np.std(values) or 1.0
    return float(sd)


def detect_changepoints(values, penalty: float | str = "mbic", min_size: int = 3, sd: float | None = None) -> list[int]:
    """Change points in the mean of a series by PELT.

    Parameters
    ----------
    values : array-like of float
        The series (no NaN).
    penalty : float, "bic" or "mbic"
        Cost added per change point on the standardised scale: "bic" is ``2 log(n)`` (Schwarz: a mean and
        a location per change), "mbic" (default) ``3 log(n)``, the stricter modified BIC that keeps the
        false-alarm rate low when every position is tried.
    min_size : int
        Minimum segment length.
    sd : float, optional
        Noise standard deviation; estimated from first differences (MAD) when omitted.

    Returns
    -------
    list of int
        Indices where a new segment starts (sorted; empty when no change is found).
    """
    y = np.asarray(values, dtype=float)
    n = len(y)
    if np.isnan(y).any():
        raise ParameterError("the series has missing values; drop or fill them first")
    if min_size < 1:
        raise ParameterError("min_size must be at least 1")
    if n < 2 * min_size:
        return []
    scale = sd if sd else _noise_sd(y)
    z = y / scale
    if penalty == "bic":
        pen = 2.0 * np.log(n)
    elif penalty == "mbic":
        pen = 3.0 * np.log(n)
    else:
        try:
            pen = float(penalty)
        except (TypeError, ValueError):
            raise ParameterError(f"penalty must be 'bic', 'mbic' or a number, not {penalty!r}") from None
    csum = np.concatenate([[0.0], np.cumsum(z)])
    csum2 = np.concatenate([[0.0], np.cumsum(z * z)])

    def cost(a: int, b: int) -> float:  # sum of squared deviations from the mean of z[a:b]
        m = b - a
        s = csum[b] - csum[a]
        return csum2[b] - csum2[a] - s * s / m

    best = np.full(n + 1, np.inf)
    best[0] = -pen
    last = np.zeros(n + 1, dtype=int)
    candidates = [0]
    for t in range(1, n + 1):
        scores = [(best[s] + cost(s, t) + pen, s) for s in candidates if t - s >= min_size and np.isfinite(best[s])]
        if scores:
            best[t], last[t] = min(scores)
            # PELT pruning: a start that cannot beat the optimum now never will
            candidates = [s for s in candidates if t - s < min_size or best[s] + cost(s, t) <= best[t]]
        candidates.append(t)
    points, t = [], n
    while t > 0:
        t = int(last[t])
        if t > 0:
            points.append(t)
    return sorted(points)


def _segments_fit(y: np.ndarray, points: list[int]) -> np.ndarray:
    fit = np.empty_like(y)
    edges = [0, *points, len(y)]
    for a, b in zip(edges[:-1], edges[1:], strict=True):
        fit[a:b] = y[a:b].mean()
    return fit


def _block_indices(rng: np.random.Generator, n: int, block: int) -> np.ndarray:
    starts = rng.integers(0, max(n - block, 0) + 1, size=int(np.ceil(n / block)))
    return np.concatenate([np.arange(s, s + block) for s in starts])[:n] % n


def changepoints(
    frame: pd.DataFrame,
    value: str = "value",
    time: str = "period",
    penalty: float | str = "mbic",
    min_size: int = 3,
    n_boot: int = 200,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
) -> pd.DataFrame:
    """Change points of a tidy per-period series with bootstrap uncertainty of their location.

    Parameters
    ----------
    frame : DataFrame
        One row per period (sorted by ``time`` here); rows with a NaN value are dropped.
    value, time : str
        Column names.
    penalty, min_size : see :func:`detect_changepoints`.
    n_boot : int
        Bootstrap replicates.
    confidence : float
        Level of the location interval.
    seed : int
        Random seed.

    Returns
    -------
    DataFrame
        One row per change point: ``index`` (position in the cleaned series), ``period`` (first period of
        the new segment), ``lo``, ``hi`` (interval of that period), ``before``, ``after`` (segment means),
        ``shift`` (after - before), ``support`` (share of replicates with a change point within halfway
        to the neighbouring change points).
    """
    if not {value, time} <= set(frame.columns):
        raise ParameterError(f"the table needs columns {value!r} and {time!r}")
    data = frame[[time, value]].dropna().sort_values(time).reset_index(drop=True)
    y = data[value].to_numpy(dtype=float)
    points = detect_changepoints(y, penalty, min_size)
    columns = ["index", time, "lo", "hi", "before", "after", "shift", "support"]
    if not points:
        return pd.DataFrame(columns=columns)
    fit = _segments_fit(y, points)
    residuals = y - fit
    sd = _noise_sd(y)
    rng = np.random.default_rng(seed)
    block = max(2, int(round(len(y) ** (1 / 3))))
    # each change point owns the stretch halfway to its neighbours; a replicate "finds" it when it has a
    # change point there (the nearest one counts)
    bounds = [0, *points, len(y)]
    windows = [((bounds[k] + p) / 2, (p + bounds[k + 2]) / 2) for k, p in enumerate(points)]
    nearest = np.full((n_boot, len(points)), np.nan)
    for b in range(n_boot):
        replicate = fit + residuals[_block_indices(rng, len(y), block)]
        found = np.asarray(detect_changepoints(replicate, penalty, min_size, sd=sd))
        for k, p in enumerate(points):
            inside = found[(found > windows[k][0]) & (found < windows[k][1])] if len(found) else found
            if len(inside):
                nearest[b, k] = inside[np.argmin(np.abs(inside - p))]
    alpha = (1 - confidence) / 2
    rows = []
    edges = [0, *points, len(y)]
    periods = data[time].to_numpy()
    for k, p in enumerate(points):
        column = nearest[:, k]
        valid = column[~np.isnan(column)]
        lo_i = int(np.floor(np.quantile(valid, alpha))) if len(valid) else p
        hi_i = int(np.ceil(np.quantile(valid, 1 - alpha))) if len(valid) else p
        lo_i, hi_i = min(lo_i, p), max(hi_i, p)
        support = float(np.mean(~np.isnan(column))) if n_boot else np.nan
        before = float(y[edges[k]:p].mean())
        after = float(y[p:edges[k + 2]].mean())
        rows.append((p, periods[p], periods[max(lo_i, 0)], periods[min(hi_i, len(y) - 1)], before, after,
                     after - before, support))
    return pd.DataFrame(rows, columns=columns)


MIN_PAIRS = 12  # fewest aligned pairs a lag may rest on


class ShortSeriesError(ParameterError):
    """A series is too short for the requested analysis; the message names the length needed."""


def prewhiten(values) -> np.ndarray:
    """AR(1) residuals of a series (least squares on consecutive present pairs); NaN where a neighbour is missing.

    Cross-correlations of two autocorrelated series have a wider null distribution than white noise;
    testing on the innovations (Box-Jenkins prewhitening) makes a permutation null close to exact.
    """
    u = np.asarray(values, dtype=float)
    if len(u) < 3:
        return u.copy()
    centred = u - np.nanmean(u)
    prev, curr = centred[:-1], centred[1:]
    ok = ~(np.isnan(prev) | np.isnan(curr))
    denominator = float(np.sum(prev[ok] ** 2))
    phi = float(np.sum(prev[ok] * curr[ok]) / denominator) if ok.sum() >= 3 and denominator > 0 else 0.0
    out = np.full_like(u, np.nan)
    out[1:] = curr - phi * prev
    return out


def _lagged_pairs(n: int, lag: int) -> tuple[slice, slice]:
    return (slice(0, n - lag), slice(lag, n)) if lag >= 0 else (slice(-lag, n), slice(0, n + lag))


def _max_abs_corr(a: np.ndarray, rows: np.ndarray, lags: np.ndarray) -> np.ndarray:
    """max over lags of |corr(a[t], row[t + lag])| for every row of ``rows`` (NaN at the same places in all)."""
    n = len(a)
    best = np.zeros(len(rows))
    for lag in lags:
        left, right = _lagged_pairs(n, int(lag))
        p, q = a[left], rows[:, right]
        ok = ~(np.isnan(p) | np.isnan(q[0]))
        if ok.sum() < 3:
            continue
        p, q = p[ok] - p[ok].mean(), q[:, ok] - q[:, ok].mean(axis=1, keepdims=True)
        norm = np.sqrt((p**2).sum() * (q**2).sum(axis=1))
        with np.errstate(invalid="ignore", divide="ignore"):
            r = np.abs(q @ p) / norm
        best = np.fmax(best, np.nan_to_num(r, nan=0.0))
    return best


def lead_lag(
    x,
    y,
    max_lag: int = 6,
    n_boot: int = 500,
    n_perm: int = 999,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
    difference: bool = False,
    min_pairs: int = MIN_PAIRS,
) -> pd.DataFrame:
    """Cross-correlation ``corr(x[t], y[t + lag])`` for lags ``-max_lag..max_lag`` with uncertainty.

    A positive lag with a large correlation means ``x`` leads ``y``. Position ``t`` must be the ``t``-th
    *consecutive* period: a missing period is a NaN, never a dropped row (otherwise "lag 1" would sometimes
    span two periods); :func:`lead_lag_table` builds such series from a tidy table.

    The p-value of the largest ``|r|`` tests independence of the two series: both are prewhitened
    (:func:`prewhiten`, AR(1) residuals), and the present values of ``y``'s residuals are permuted
    ``n_perm`` times among its present positions; the statistic (largest ``|r|`` over all tested lags) of each
    permutation forms the null. Under independence with white innovations the permutations are exchangeable
    with the data, so the p-value is uniform (checked by simulation in the tests, also for AR(1) series).

    Parameters
    ----------
    x, y : array-like of float
        Aligned series of equal length over consecutive periods (NaN pairs are dropped per lag).
    max_lag : int
        Largest lag in periods.
    n_boot : int
        Moving-block bootstrap replicates (blocks of about ``n^(1/3)`` aligned time points) for the intervals.
    n_perm : int
        Permutations for the p-value.
    confidence : float
        Interval level.
    seed : int
        Random seed.
    difference : bool
        Correlate first differences (removes shared trends).
    min_pairs : int
        Every lag must rest on at least this many aligned periods (``n - max_lag >= min_pairs``), else the
        analysis is refused.

    Returns
    -------
    DataFrame
        ``lag, r, lo, hi, n`` per lag (``n``: pairs with both values present), plus ``best`` (True at the lag
        of the largest ``|r|``), ``p_max`` (permutation p-value of that maximum, ``(1 + #{null >= observed}) /
        (1 + n_perm)``) and ``n_perm``.

    Raises
    ------
    ShortSeriesError
        When the series is too short for ``max_lag`` (the message names the length needed).
    """
    a = np.asarray(x, dtype=float)
    b = np.asarray(y, dtype=float)
    if a.shape != b.shape or a.ndim != 1:
        raise ParameterError("x and y must be one-dimensional series of equal length")
    if difference:
        a, b = np.diff(a), np.diff(b)
    n = len(a)
    if max_lag < 0:
        raise ParameterError(f"max_lag must be at least 0, not {max_lag}")
    if n - max_lag < min_pairs:
        raise ShortSeriesError(
            f"lead-lag refused: {n} consecutive periods leave {max(n - max_lag, 0)} aligned pairs at lag "
            f"{max_lag}; at least {min_pairs} are needed, i.e. {min_pairs + max_lag} periods"
        )

    def corr_at(u: np.ndarray, v: np.ndarray, lag: int) -> float:
        left, right = _lagged_pairs(len(u), lag)
        p, q = u[left], v[right]
        ok = ~(np.isnan(p) | np.isnan(q))
        p, q = p[ok], q[ok]
        if len(p) < 3 or p.std() == 0 or q.std() == 0:
            return np.nan
        return float(np.corrcoef(p, q)[0, 1])

    def pairs_at(lag: int) -> int:
        left, right = _lagged_pairs(n, lag)
        return int(np.sum(~(np.isnan(a[left]) | np.isnan(b[right]))))

    lags = np.arange(-max_lag, max_lag + 1)
    observed = np.array([corr_at(a, b, lag) for lag in lags])
    rng = np.random.default_rng(seed)
    block = max(2, int(round(n ** (1 / 3))))
    boots = np.full((n_boot, len(lags)), np.nan)
    for i in range(n_boot):
        idx = _block_indices(rng, n, block)
        # resample aligned time points, keeping each lag's pairing (x[t], y[t + lag]) intact
        for j, lag in enumerate(lags):
            t = idx[(idx + lag >= 0) & (idx + lag < n)]
            p, q = a[t], b[t + lag]
            ok = ~(np.isnan(p) | np.isnan(q))
            if ok.sum() >= 3 and p[ok].std() > 0 and q[ok].std() > 0:
                boots[i, j] = np.corrcoef(p[ok], q[ok])[0, 1]
    alpha = (1 - confidence) / 2
    with np.errstate(all="ignore"):
        lo = np.nanquantile(boots, alpha, axis=0) if n_boot else np.full(len(lags), np.nan)
        hi = np.nanquantile(boots, 1 - alpha, axis=0) if n_boot else np.full(len(lags), np.nan)
    a0, b0 = prewhiten(a), prewhiten(b)
    present = np.flatnonzero(~np.isnan(b0))
    rows = np.tile(b0, (n_perm + 1, 1))
    for row in rows[1:]:
        row[present] = rng.permutation(b0[present])
    stats = _max_abs_corr(a0, rows, lags)
    p_max = float((1 + np.sum(stats[1:] >= stats[0] - 1e-12)) / (1 + n_perm)) if n_perm else np.nan
    best = np.zeros(len(lags), dtype=bool)
    if np.isfinite(observed).any():
        best[int(np.nanargmax(np.abs(observed)))] = True
    return pd.DataFrame({"lag": lags, "r": observed, "lo": lo, "hi": hi, "n": [pairs_at(lag) for lag in lags],
                         "best": best, "p_max": p_max, "n_perm": n_perm})


LEAD_LAG_COLUMNS = ["lag", "r", "lo", "hi", "n", "best", "p_max", "n_perm", "n_periods", "max_lag", "note"]


def lead_lag_table(
    rates: pd.DataFrame,
    x: str = "escalation",
    y: str = "negotiation",
    frequency: str = "month",
    max_lag: int = 6,
    n_boot: int = 500,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
    n_perm: int = 999,
    min_pairs: int = MIN_PAIRS,
) -> pd.DataFrame:
    """Lead-lag of two series of a tidy per-period table over consecutive periods, or the reason it is refused.

    The periods between the first and the last are completed (a missing period becomes a NaN pair), so lag
    ``k`` is always ``k`` periods. ``max_lag`` is lowered to at most a quarter of the periods and so that
    every lag keeps ``min_pairs`` aligned periods (the ``note`` says so); below ``max_lag = 1`` the analysis
    is refused.

    Parameters
    ----------
    rates : DataFrame
        Tidy ``period, series, value`` (e.g. ``signal_rates(...)["overall"]``).
    x, y : str
        The two series (``x`` leads at positive lags).
    frequency : str
        Period of the table (``week, month, quarter, year``, or ``custom`` for named periods in order).
    max_lag, n_boot, confidence, seed, n_perm, min_pairs
        See :func:`lead_lag`.

    Returns
    -------
    DataFrame
        The columns of :func:`lead_lag` plus ``n_periods``, ``max_lag`` (used) and ``note`` (empty, or why
        the lag was lowered or the analysis refused; a refused analysis has one row with NaN values).
    """
    from warsignals.timeseries import complete_periods

    wide = rates[rates["series"].isin([x, y])].pivot_table(index="period", columns="series", values="value",
                                                              aggfunc="first", dropna=False)
    wide = complete_periods(wide.reset_index(), frequency).set_index("period")
    for name in (x, y):
        if name not in wide:
            wide[name] = np.nan
    n = len(wide)
    usable = min(n - min_pairs, n // 4)
    note = ""
    if usable < 1:
        reason = (f"refused: {n} consecutive period(s); a lead-lag needs at least {max(min_pairs + 1, 4)} "
                  f"(max_lag 1 with {min_pairs} aligned pairs)")
        row = {column: np.nan for column in LEAD_LAG_COLUMNS}
        row.update(best=False, n=0, n_perm=n_perm, n_periods=n, max_lag=0, note=reason)
        return pd.DataFrame([row], columns=LEAD_LAG_COLUMNS)
    used = min(max_lag, usable)
    if used < max_lag:
        note = f"max_lag lowered from {max_lag} to {used}: {n} periods (at most a quarter, {min_pairs} pairs a lag)"
    table = lead_lag(wide[x].to_numpy(), wide[y].to_numpy(), max_lag=used, n_boot=n_boot, n_perm=n_perm,
                     confidence=confidence, seed=seed, min_pairs=min_pairs)
    return table.assign(n_periods=n, max_lag=used, note=note)[LEAD_LAG_COLUMNS]
