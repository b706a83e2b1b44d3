"""Signals over time: per-sentence indicators and per-period rates with document-bootstrap intervals."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from functools import partial

import numpy as np
import pandas as pd

from warsignals import config
from warsignals.actors import load_actors
from warsignals.errors import ParameterError


def signal_indicators(scored: pd.DataFrame, actors: list[str] | None = None, group_actors: bool = True) -> pd.DataFrame:
    """Per-sentence 0/1 indicator columns for aggregation.

    Adds ``is_escalation``, ``is_negotiation`` (mixed counts for both), ``net`` (negotiation minus
    escalation), ``hedged_negotiation``, ``is_<category>`` per category seen, and per actor (or actor group
    when ``group_actors``) ``escalation_<A>`` / ``negotiation_<A>``.
    """
    signal = scored["signal"]
    escalation = signal.isin(["escalation", "mixed"]).to_numpy()
    negotiation = signal.isin(["negotiation", "mixed"]).to_numpy()
    new = {"is_escalation": escalation.astype(float), "is_negotiation": negotiation.astype(float)}
    new["net"] = new["is_negotiation"] - new["is_escalation"]
    new["hedged_negotiation"] = (
        (pd.Series(negotiation, index=scored.index) & scored["hedged"]).astype(float).to_numpy()
    )
    # equality by value codes: per-row Python and one column insert at a time were most of the time of
    # streamed rates (a batch of 50,000 rows at a time, bench/scale.py)
    codes, values = pd.factorize(scored["category"])
    position = {value: i for i, value in enumerate(values)}
    for cat in sorted(c for c in scored["category"].unique() if c):
        new[f"is_{cat}"] = (codes == position.get(cat, -2)).astype(float)
    codes, values = pd.factorize(scored["actor"], use_na_sentinel=False)
    if group_actors:
        table = load_actors()
        values = [table.group(value) for value in values]
    who = np.asarray(values, dtype=object)
    keys = actors if actors else sorted(k for k in pd.unique(who) if k)
    for key in keys:
        match = np.array([value == key for value in who], dtype=bool)[codes]
        new[f"escalation_{key}"] = (escalation & match).astype(float)
        new[f"negotiation_{key}"] = (negotiation & match).astype(float)
    fresh = pd.DataFrame({k: v for k, v in new.items() if k not in scored.columns}, index=scored.index)
    out = pd.concat([scored, fresh], axis=1)
    for column in scored.columns.intersection(list(new)):  # indicators of indicators: replaced in place
        out[column] = new[column]
    return out


def _indicator_frame(scored: pd.DataFrame, frequency: str, actors: list[str] | None = None) -> pd.DataFrame:
    """:func:`signal_indicators` with a ``period`` column (and ``doc_id``: one document per sentence if absent)."""
    from warsignals.timeseries import period_column

    if "date" not in scored.columns:
        raise ParameterError("scored sentences need a 'date' column to aggregate over time")
    frame = signal_indicators(scored, actors=actors)
    frame["period"] = period_column(frame, frequency)
    if "doc_id" not in frame.columns:
        frame["doc_id"] = np.arange(len(frame))
    return frame


#: The parameters every per-period rate table takes, put into its docstring at ``{rate_parameters}``.
_RATE_PARAMETERS = """scored : DataFrame
    Output of :func:`score_sentences` with ``date`` and ``doc_id`` columns.
frequency : str
    Period length (``week, month, quarter, year``) or a column naming periods (as in :func:`signal_rates`).
by : list of str, optional
    Extra grouping columns (e.g. ``["source"]``).
n_boot, confidence, seed : bootstrap settings.
min_sentences : int
    Periods with fewer sentences get NaN values."""


def _rate_docstring(function: Callable) -> Callable:
    """``function`` with :data:`_RATE_PARAMETERS` in its docstring at ``{rate_parameters}``."""
    function.__doc__ = inspect.cleandoc(function.__doc__).replace("{rate_parameters}", _RATE_PARAMETERS)
    return function


#: The ``series`` of the overall table, by indicator column.
_OVERALL_SERIES = {"is_escalation": "escalation", "is_negotiation": "negotiation", "net": "net"}


def overall_rates(ratio: Callable[..., pd.DataFrame], columns: Sequence[str], min_sentences: int) -> pd.DataFrame:
    """The ``overall`` table of :func:`signal_rates` from a ``ratio`` function over the indicator columns.

    ``ratio(numerator, denominator=None, scale=..., min_units=...)`` is
    :func:`warsignals.timeseries.bootstrap_ratio` of the sentences in memory, or
    :func:`warsignals.timeseries.ratio_from_sums` of per-document sums when streaming
    (:func:`warsignals.streaming.stream_signal_rates`); both give the same table. ``columns`` (unused here) are
    the indicator columns there are, as for the other ``*_rates`` functions.
    """
    overall = ratio(list(_OVERALL_SERIES), scale=1000.0, min_units=min_sentences)
    overall["series"] = overall["series"].map(_OVERALL_SERIES)
    return overall


def by_actor_rates(ratio: Callable[..., pd.DataFrame], columns: Sequence[str], min_sentences: int) -> pd.DataFrame:
    """The ``by_actor`` table of :func:`signal_rates`: the ``escalation_<A>``/``negotiation_<A>`` ones of
    ``columns``, in their order, with ``signal`` and ``actor`` columns (see :func:`overall_rates`)."""
    actor_cols = [c for c in columns if c.startswith(("escalation_", "negotiation_"))]
    by_actor = ratio(actor_cols, scale=1000.0, min_units=min_sentences) if actor_cols else pd.DataFrame()
    if not by_actor.empty:
        parts = by_actor["series"].str.split("_", n=1, expand=True)
        by_actor["signal"], by_actor["actor"] = parts[0], parts[1]
    return by_actor


def hedged_rates(ratio: Callable[..., pd.DataFrame], columns: Sequence[str], min_sentences: int) -> pd.DataFrame:
    """The ``hedged`` table of :func:`signal_rates`: hedged share of negotiation signals (every period with a
    negotiation signal counts, whatever ``min_sentences``; see :func:`overall_rates`)."""
    return ratio("hedged_negotiation", denominator="is_negotiation", min_units=1)


def category_rates(ratio: Callable[..., pd.DataFrame], columns: Sequence[str], min_sentences: int,
                   families: dict[str, str]) -> pd.DataFrame:
    """The ``categories`` table of :func:`signal_rates`: the ``is_<category>`` ones of ``columns``, in their
    order, with ``category`` and ``family`` (:func:`with_category_families`; see :func:`overall_rates`)."""
    cat_cols = [c for c in columns if c.startswith("is_") and c not in ("is_escalation", "is_negotiation")]
    categories = ratio(cat_cols, scale=1000.0, min_units=min_sentences) if cat_cols else pd.DataFrame()
    if not categories.empty:
        categories["category"] = categories["series"].str.removeprefix("is_")
    return with_category_families(categories, families)


def category_families(scored: pd.DataFrame, lexicon=None) -> dict[str, str]:
    """The family of every category: from the ``cues`` the scorer wrote, else from the lexicon.

    Parameters
    ----------
    scored : DataFrame
        Output of :func:`score_sentences`.
    lexicon : str, Path or Lexicon, optional
        Where categories without a cue in ``scored`` are looked up (default: ``data/lexicons/cues.yaml``).

    Returns
    -------
    dict
        ``{category: family}``.
    """
    from warsignals.signals.scorer import _as_lexicon

    families = {c.name: c.family for c in _as_lexicon(lexicon).categories.values()}
    if "cues" in scored.columns:
        for cues in scored["cues"]:
            for cue in cues if cues is not None else ():
                families[str(cue["category"])] = str(cue["family"])
    return families


def with_category_families(categories: pd.DataFrame, families: dict[str, str]) -> pd.DataFrame:
    """A per-category table with each category's ``family``, its rows in the order of ``families``.

    Parameters
    ----------
    categories : DataFrame
        With a ``category`` column (e.g. the ``categories`` table of :func:`signal_rates`).
    families : dict
        ``{category: family}`` in the lexicon's order (:func:`category_families`); categories it lacks get
        family ``""`` and come last.

    Returns
    -------
    DataFrame
        A copy with ``family`` as its last column; rows ordered by category (lexicon order), then as before.

    Examples
    --------
    >>> with_category_families(table, category_families(scored))  # doctest: +SKIP
    """
    if categories.empty:
        return categories
    rank = {category: i for i, category in enumerate(families)}
    out = categories.assign(family=categories["category"].map(families).fillna(""))
    order = out["category"].map(rank).fillna(len(rank))
    return out.iloc[np.argsort(order.to_numpy(), kind="stable")].reset_index(drop=True)


def _rate_tables(scored, frequency, by, actors, n_boot, confidence, seed, min_sentences, parts) -> dict:
    from warsignals.timeseries import bootstrap_ratio, period_names

    frame = _indicator_frame(scored, frequency, actors)
    ratio = partial(bootstrap_ratio, frame, by=["period"] + list(by or []), cluster="doc_id", n_boot=n_boot,
                    confidence=confidence, seed=seed)
    tables = {name: make(ratio, frame.columns, min_sentences) for name, make in parts.items()}
    return with_period_names(tables, period_names(frame, frequency))


def signal_rates(
    scored: pd.DataFrame,
    frequency: str = "month",
    by: list[str] | None = None,
    actors: list[str] | None = None,
    n_boot: int = config.BOOTSTRAP_REPLICATES,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
    min_sentences: int = 1,
    lexicon=None,
) -> dict[str, pd.DataFrame]:
    """Signals per 1,000 sentences per period, with document-bootstrap confidence intervals: all four tables.

    Each table equals the one its figure's data function returns (:func:`signals_over_time_table`,
    :func:`signals_by_actor_table`, :func:`hedged_share_table`, :func:`signal_categories_table`); this computes
    them in one pass over the sentences.

    Parameters
    ----------
    scored : DataFrame
        Output of :func:`score_sentences` with ``date`` and ``doc_id`` columns.
    frequency : str
        Period length (``week, month, quarter, year``), or a column of ``scored`` whose values name the
        period (e.g. ``session``; see :func:`warsignals.timeseries.period_column`): the tables then carry a
        ``period_name`` column and ``period`` is the named period's first day.
    by : list of str, optional
        Extra grouping columns (e.g. ``["source"]``).
    actors : list of str, optional
        Actor groups for the by-actor table (default: every group seen).
    n_boot, confidence, seed : bootstrap settings.
    min_sentences : int
        Periods with fewer sentences get NaN values.
    lexicon : str, Path or Lexicon, optional
        Families of categories no cue in ``scored`` names (see :func:`category_families`).

    Returns
    -------
    dict of DataFrame
        ``overall`` (series escalation, negotiation, net per 1,000 sentences), ``by_actor`` (series
        ``escalation_<A>``/``negotiation_<A>`` plus ``actor`` and ``signal`` columns), ``hedged``
        (share of negotiation signals that are hedged), ``categories`` (per category per 1,000 sentences, with
        its ``family``); each with ``period, series, value, lo, hi, n_docs, n_units``.

    Examples
    --------
    >>> tables = signal_rates(scored, frequency="quarter")  # doctest: +SKIP
    >>> sorted(tables)  # doctest: +SKIP
    ['by_actor', 'categories', 'hedged', 'overall']
    """
    families = category_families(scored, lexicon)
    parts = {"overall": overall_rates, "by_actor": by_actor_rates, "hedged": hedged_rates,
             "categories": partial(category_rates, families=families)}
    return _rate_tables(scored, frequency, by, actors, n_boot, confidence, seed, min_sentences, parts)


@_rate_docstring
def signals_over_time_table(
    scored: pd.DataFrame,
    frequency: str = "month",
    by: list[str] | None = None,
    n_boot: int = config.BOOTSTRAP_REPLICATES,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
    min_sentences: int = 1,
) -> pd.DataFrame:
    """Escalation, negotiation and net (negotiation minus escalation) signals per 1,000 sentences per period.

    The table of the ``signals_over_time`` figure (:func:`warsignals.plots.signals_over_time`).

    Parameters
    ----------
    {rate_parameters}

    Returns
    -------
    DataFrame
        ``period, series, value, lo, hi, n_docs, n_units, ...`` with ``series`` escalation, negotiation, net.

    Examples
    --------
    >>> overall = signals_over_time_table(scored, frequency="quarter", n_boot=200)  # doctest: +SKIP
    """
    parts = {"overall": overall_rates}
    return _rate_tables(scored, frequency, by, None, n_boot, confidence, seed, min_sentences, parts)["overall"]


@_rate_docstring
def signals_by_actor_table(
    scored: pd.DataFrame,
    frequency: str = "month",
    actors: list[str] | None = None,
    by: list[str] | None = None,
    n_boot: int = config.BOOTSTRAP_REPLICATES,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
    min_sentences: int = 1,
) -> pd.DataFrame:
    """Escalation and negotiation signals per 1,000 sentences per period and actor group voicing them.

    The table of the ``signals_by_actor`` figure (:func:`warsignals.plots.signals_by_actor`); the denominator is
    always all sentences of the period.

    Parameters
    ----------
    {rate_parameters}
    actors : list of str, optional
        Actor groups (default: every group seen).

    Returns
    -------
    DataFrame
        ``period, series, value, lo, hi, ..., signal, actor`` (``series`` is ``<signal>_<actor>``).

    Examples
    --------
    >>> table = signals_by_actor_table(scored, frequency="quarter", actors=["RUS", "UKR"])  # doctest: +SKIP
    """
    parts = {"by_actor": by_actor_rates}
    return _rate_tables(scored, frequency, by, actors, n_boot, confidence, seed, min_sentences, parts)["by_actor"]


@_rate_docstring
def hedged_share_table(
    scored: pd.DataFrame,
    frequency: str = "month",
    by: list[str] | None = None,
    n_boot: int = config.BOOTSTRAP_REPLICATES,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
    min_sentences: int = 1,
) -> pd.DataFrame:
    """The share of negotiation signals voiced through hedges (anonymous sources, leaks, scepticism) per period.

    The table of the ``hedged_share`` figure (:func:`warsignals.plots.hedged_share`).

    Parameters
    ----------
    {rate_parameters}

    Returns
    -------
    DataFrame
        ``period, series, value, lo, hi, n_docs, n_units, ...`` (shares 0..1).

    Examples
    --------
    >>> hedged = hedged_share_table(scored, frequency="quarter")  # doctest: +SKIP
    """
    parts = {"hedged": hedged_rates}
    return _rate_tables(scored, frequency, by, None, n_boot, confidence, seed, min_sentences, parts)["hedged"]


@_rate_docstring
def signal_categories_table(
    scored: pd.DataFrame,
    frequency: str = "month",
    by: list[str] | None = None,
    n_boot: int = config.BOOTSTRAP_REPLICATES,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
    min_sentences: int = 1,
    lexicon=None,
) -> pd.DataFrame:
    """Sentences per 1,000 whose strongest cue is of each category, per period, with the category's family.

    The table of the ``signal_categories`` figure (:func:`warsignals.plots.signal_categories`), which draws the
    families apart by the ``family`` column (read from the lexicon YAML through the scorer's cues).

    Parameters
    ----------
    {rate_parameters}
    lexicon : str, Path or Lexicon, optional
        Families of categories no cue in ``scored`` names (see :func:`category_families`).

    Returns
    -------
    DataFrame
        ``period, series, value, lo, hi, ..., category, family``.

    Examples
    --------
    >>> categories = signal_categories_table(scored, frequency="quarter")  # doctest: +SKIP
    >>> categories[["category", "family"]].drop_duplicates().head(2)  # doctest: +SKIP
    """
    families = category_families(scored, lexicon)
    parts = {"categories": partial(category_rates, families=families)}
    return _rate_tables(scored, frequency, by, None, n_boot, confidence, seed, min_sentences,
                        parts)["categories"]


def net_index_changepoints_table(
    overall: pd.DataFrame,
    smoothing: int = 1,
    n_boot: int = 300,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
) -> pd.DataFrame:
    """The net index per period, its rolling mean and its change points, in one long table.

    The table of the ``net_index_changepoints`` figure (:func:`warsignals.plots.net_index_changepoints`).

    Parameters
    ----------
    overall : DataFrame
        :func:`signals_over_time_table` (its ``net`` series is used).
    smoothing : int
        Rolling (centred) mean over this many periods; 1: no ``smoothed`` rows.
    n_boot, confidence, seed : settings of :func:`warsignals.changepoints.changepoints`.

    Returns
    -------
    DataFrame
        Rows of ``series`` ``net`` (the net index: ``period, value, lo, hi, ...``), ``smoothed``
        (``period, value``) and ``change`` (one per change point: ``period`` and its interval ``period_lo, period_hi``,
        the segment means ``before, after``, ``jump``, ``support``, ``index``).

    Examples
    --------
    >>> table = net_index_changepoints_table(signals_over_time_table(scored), smoothing=3)  # doctest: +SKIP
    >>> table[table["series"] == "change"]  # doctest: +SKIP
    """
    from warsignals.changepoints import changepoints

    net = overall[overall["series"] == "net"].sort_values("period")
    changes = (changepoints(net, n_boot=n_boot, confidence=confidence, seed=seed)
               .rename(columns={"lo": "period_lo", "hi": "period_hi"}).assign(series="change"))
    parts = [net]
    if smoothing > 1:
        value = net["value"].rolling(smoothing, min_periods=1, center=True).mean()
        parts.append(pd.DataFrame({"period": net["period"].to_numpy(), "series": "smoothed",
                                   "value": value.to_numpy()}))
    parts.append(changes)
    return pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else net


def net_index_changes(table: pd.DataFrame) -> pd.DataFrame:
    """The change points of a :func:`net_index_changepoints_table`, in the columns of
    :func:`warsignals.changepoints.changepoints` (``index, period, lo, hi, before, after, shift, support``).

    Examples
    --------
    >>> net_index_changes(net_index_changepoints_table(overall))  # doctest: +SKIP
    """
    columns = ["index", "period", "lo", "hi", "before", "after", "shift", "support"]
    if "series" not in table or not (table["series"] == "change").any():
        return pd.DataFrame(columns=columns)
    changes = (table[table["series"] == "change"].drop(columns=["lo", "hi"], errors="ignore")
               .rename(columns={"period_lo": "lo", "period_hi": "hi"}))
    return changes[columns].astype({"index": int}).reset_index(drop=True)


def signals_lead_lag_table(
    overall: pd.DataFrame,
    frequency: str = "month",
    max_lag: int = 6,
    n_boot: int = config.BOOTSTRAP_REPLICATES,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
) -> pd.DataFrame:
    """Correlation of escalation at *t* with negotiation at *t + lag*, lag by lag, with intervals.

    Computed by :func:`warsignals.changepoints.lead_lag_table`.

    The table of the ``signals_lead_lag`` figure (:func:`warsignals.plots.signals_lead_lag`).

    Parameters
    ----------
    overall : DataFrame
        :func:`signals_over_time_table`.
    frequency : str
        The period of ``overall`` (consecutive periods only; a missing period is a gap).
    max_lag, n_boot, confidence, seed : as in :func:`warsignals.changepoints.lead_lag_table`.

    Returns
    -------
    DataFrame
        One row per lag (``lag, r, lo, hi, best, note, ...``).

    Examples
    --------
    >>> lags = signals_lead_lag_table(signals_over_time_table(scored, "quarter"), "quarter")  # doctest: +SKIP
    """
    from warsignals.changepoints import lead_lag_table

    return lead_lag_table(overall, "escalation", "negotiation", frequency=frequency, max_lag=max_lag, n_boot=n_boot,
                          confidence=confidence, seed=seed)


def with_period_names(tables: dict[str, pd.DataFrame], names: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The tables with a ``period_name`` column after ``period`` (``names``: ``period, period_name``; none
    added when it is empty, as for calendar periods)."""
    if not len(names):
        return tables
    tables = dict(tables)
    for key, table in tables.items():
        if not table.empty:
            merged = table.merge(names, on="period", how="left")
            position = merged.columns.get_loc("period") + 1
            tables[key] = merged[[*merged.columns[:position], "period_name",
                                  *[c for c in merged.columns[position:] if c != "period_name"]]]
    return tables
