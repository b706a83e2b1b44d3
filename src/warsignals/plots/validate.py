"""Charts of validated estimates: raw vs design-corrected shares per period, with intervals and coded rows."""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd

from warsignals.plots.core import PALETTE, annotate_events, isolated, new_figure, synthetic_title

RAW_COLOUR = PALETTE[0]  # orange
CORRECTED_COLOUR = PALETTE[4]  # blue
TRUTH_COLOUR = PALETTE[7]  # black
MAX_COLUMNS = 4  # panels per row


def _raw_vs_corrected(table: pd.DataFrame, panel: str, panels: list, *, truth: pd.DataFrame | None,
                      events: pd.DataFrame | None, title: str, synthetic: bool):
    groups = list(dict.fromkeys(table["group"])) if len(table) else ["all"]
    panels = panels or ["(nothing coded)"]
    ncols = min(len(panels), MAX_COLUMNS)  # more panels wrap onto further rows of the same group
    per_group = -(-len(panels) // ncols)
    nrows = len(groups) * per_group
    fig, axes = new_figure(nrows, ncols, width=max(4.0, 3.6 * ncols), height=2.6 * nrows + 0.7, sharex=True,
                           squeeze=False)
    biggest = max(float(table["n_coded"].max()) if len(table) else 1.0, 1.0)
    for g, group in enumerate(groups):
        for k, key in enumerate(panels):
            c = k % ncols
            ax = axes[g * per_group + k // ncols, c]
            rows = table[(table["group"] == group) & (table[panel] == key)].sort_values("period")
            if rows.empty:
                ax.set_visible(False)
                continue
            # annual series and isolated periods: points with interval bars (a band of one point is invisible,
            # and a band between years would draw shares nobody estimated), as plots.core.band does
            steps = rows["period"].diff().dt.days.dropna()
            annual = len(steps) > 0 and steps.min() >= 360
            corrected = rows["corrected_share"].astype(float)
            ax.plot(rows["period"], rows["raw_share"], color=RAW_COLOUR, linestyle="--", linewidth=1.3,
                    marker="." if annual or len(rows) == 1 else None, label="raw (scorer)")
            ax.plot(rows["period"], corrected, color=CORRECTED_COLOUR, linewidth=0 if annual else 1.5,
                    marker="o" if annual else None, markersize=3, label="corrected (95% CI)")
            if not annual:
                ax.fill_between(rows["period"], rows["lo"].astype(float), rows["hi"].astype(float),
                                color=CORRECTED_COLOUR, alpha=0.2, linewidth=0)
            bars = (isolated(corrected.reset_index(drop=True)).to_numpy() | annual) & corrected.notna().to_numpy()
            if bars.any():
                ax.vlines(rows["period"][bars], rows["lo"].astype(float)[bars], rows["hi"].astype(float)[bars],
                          color=CORRECTED_COLOUR, linewidth=1.4)
            sizes = 6 + 60 * rows["n_coded"].to_numpy(float) / biggest
            ax.scatter(rows["period"], rows["corrected_share"], s=sizes, color=CORRECTED_COLOUR, zorder=3,
                       label="coded rows (marker area)")
            few = rows[rows["corrected_share"].isna()]
            if len(few):
                ax.scatter(few["period"], few["raw_share"], marker="x", color=RAW_COLOUR, s=14, zorder=3,
                           label="too few coded rows")
            if truth is not None:
                known = truth[(truth["group"] == group) & (truth[panel] == key)].sort_values("period")
                if len(known):
                    ax.plot(known["period"], known["truth"], color=TRUTH_COLOUR, linestyle=":", linewidth=1.2,
                            label="truth")
            top = np.nanmax(np.concatenate([rows["hi"].to_numpy(float), rows["raw_share"].to_numpy(float),
                                            [0.05]]))
            ax.set_ylim(0, min(1.0, top * 1.1))
            ax.set_title(f"{key}" if group == "all" else f"{group}: {key}", loc="left", fontsize=9)
            if annual or len(rows) == 1:  # ticks on the years estimated, not on months nobody estimated
                ax.xaxis.set_major_locator(mdates.YearLocator())
                ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
            else:
                locator = mdates.AutoDateLocator(maxticks=6)
                ax.xaxis.set_major_locator(locator)
                ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
            if c == 0:
                ax.set_ylabel("share of sentences")
            annotate_events(ax, events)
    handles, labels = [], []
    for ax in axes.flat:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            if label not in labels:
                handles.append(handle)
                labels.append(label)
    if handles:
        fig.legend(handles, labels, loc="outside lower center", ncols=min(len(labels), 5), fontsize=7)
    fig.suptitle(synthetic_title(title, synthetic), fontsize=10)
    return fig


def corrected_rates(
    table: pd.DataFrame,
    *,
    truth: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    signals: list[str] | None = None,
    title: str = "Signal shares: raw scorer vs corrected by the coded sample",
    synthetic: bool = False,
):
    """Raw vs design-corrected share of each signal per period, with intervals; marker area = coded rows.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`warsignals.validate.corrected_rates_table` (``period, group, signal, raw_share,
        corrected_share, lo, hi, n_coded``; with a ``truth`` column, the known answer is drawn dotted).
    truth : DataFrame, optional
        ``period, group, signal, truth`` (a known answer, e.g. the demo corpus's), drawn dotted; default: the
        table's own ``truth`` column, if any.
    events : DataFrame, optional
        Event timeline to annotate.
    signals : list of str, optional
        Panels (default: every signal but ``none``, whose share is one minus the others).
    title : str
        Figure title.
    synthetic : bool
        Mark the title as synthetic demo data.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> table = pd.DataFrame({"period": pd.to_datetime(["2024-01-01", "2024-02-01"]), "group": "all",
    ...                       "signal": "escalation", "raw_share": [0.2, 0.3], "corrected_share": [0.1, 0.2],
    ...                       "lo": [0.05, 0.1], "hi": [0.15, 0.3], "n_coded": [10, 20]})
    >>> len(corrected_rates(table).axes)
    1
    """
    if signals is None:  # every signal but none, and only those seen by the scorer or the coders
        seen = table.groupby("signal")[["raw_share", "corrected_share"]].max().fillna(0).max(axis=1) > 0
        signals = [s for s in dict.fromkeys(table["signal"]) if s != "none" and seen.get(s, False)]
    if truth is None and "truth" in table.columns:
        truth = table[["period", "group", "signal", "truth"]]
    return _raw_vs_corrected(table, "signal", list(signals), truth=truth, events=events, title=title,
                             synthetic=synthetic)


def corrected_stance(
    table: pd.DataFrame,
    *,
    truth: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    title: str = "Stance shares: raw scorer vs corrected by the coded sample",
    synthetic: bool = False,
):
    """Raw vs corrected share of sentences with each stance toward each target, one panel per target x stance.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`warsignals.validate.corrected_stance` (``period, group, target, stance, ...``).
    truth, events, title, synthetic :
        As in :func:`corrected_rates` (``truth`` with ``target, stance`` instead of ``signal``).

    Returns
    -------
    matplotlib.figure.Figure
    """
    frame = table.assign(series=table["target"].astype(str) + ": " + table["stance"].astype(str))
    known = None
    if truth is not None:
        known = truth.assign(series=truth["target"].astype(str) + ": " + truth["stance"].astype(str))
    return _raw_vs_corrected(frame, "series", list(dict.fromkeys(frame["series"])), truth=known, events=events,
                             title=title, synthetic=synthetic)

