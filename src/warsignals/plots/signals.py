"""Charts of escalation rhetoric and negotiation signals: tidy per-period tables in, Figures out."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from warsignals import config
from warsignals.plots.core import (
    annotate_events,
    band,
    colour_map,
    documents_strip,
    heatmap_colours,
    new_figure,
    note_thin,
    synthetic_title,
)

SIGNAL_COLOURS = {"escalation": config.ESCALATION_COLOUR, "negotiation": config.NEGOTIATION_COLOUR,
                  "net": "#000000"}


def _per_thousand(ax) -> None:
    ax.set_ylabel("signals per 1,000 sentences")
    ax.set_xlabel("")


def signals_over_time(rates: pd.DataFrame, *, events: pd.DataFrame | None = None, synthetic: bool = False,
                      title: str = "Escalation rhetoric and negotiation signals", min_docs: int = 0):
    """Escalation vs negotiation signals per 1,000 sentences over time, with CI bands and events.

    Parameters
    ----------
    rates : DataFrame
        Tidy ``period, series, value, lo, hi`` (series ``escalation`` and ``negotiation``; others ignored).
    events : DataFrame, optional
        Timeline (``date, label, kind``) drawn as annotations.
    synthetic : bool
        Mark the title as synthetic demo data.
    title : str
        Figure title.
    min_docs : int
        Periods with fewer documents (column ``n_docs``) are left out, greyed, and counted in a note.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(width=8, height=4)
    thin = []
    for series in ("escalation", "negotiation"):
        data = rates[rates["series"] == series]
        if len(data):
            thin += band(ax, data, label=series, colour=SIGNAL_COLOURS[series], min_docs=min_docs)
    _per_thousand(ax)
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper right")
    documents_strip(ax, rates, min_docs=min_docs)
    note_thin(fig, thin, min_docs)
    annotate_events(ax, events)
    ax.set_title(synthetic_title(title, synthetic))
    return fig


def signals_by_actor(rates: pd.DataFrame, *, actors: list[str] | None = None, synthetic: bool = False,
                     events: pd.DataFrame | None = None, title: str = "Signals by the actor voicing them"):
    """Small multiples, one panel per actor: escalation and negotiation per 1,000 sentences with CIs.

    Parameters
    ----------
    rates : DataFrame
        Tidy ``period, actor, signal, value, lo, hi`` (``signal`` escalation or negotiation).
    actors : list of str, optional
        Panels in this order (default: actors by total volume).
    synthetic, events, title : as in :func:`signals_over_time`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if actors is None:
        actors = rates.groupby("actor")["value"].sum().sort_values(ascending=False).index.tolist()
    actors = [a for a in actors if a in set(rates["actor"])] or ["(none)"]
    ncols = min(3, len(actors))
    nrows = int(np.ceil(len(actors) / ncols))
    fig, axes = new_figure(nrows, ncols, width=3.2 * ncols, height=2.6 * nrows, sharex=True, sharey=True,
                           squeeze=False)
    for k, actor in enumerate(actors):
        ax = axes.flat[k]
        for signal in ("escalation", "negotiation"):
            data = rates[(rates["actor"] == actor) & (rates["signal"] == signal)]
            if len(data):
                band(ax, data, label=signal, colour=SIGNAL_COLOURS[signal])
        ax.set_title(actor)
        annotate_events(ax, events, fontsize=5)
        if k % ncols == 0:
            _per_thousand(ax)
    for ax in axes.flat[len(actors):]:
        ax.set_visible(False)
    axes.flat[0].legend(loc="upper left", fontsize=7)
    for ax in axes.flat:
        ax.tick_params(axis="x", labelrotation=45, labelsize=7)
    fig.suptitle(synthetic_title(title, synthetic))
    return fig


def net_index_changepoints(table: pd.DataFrame, *, synthetic: bool = False, events: pd.DataFrame | None = None,
                           title: str = "Net index (negotiation minus escalation) and change points"):
    """The net index per period with its CI band, segment means, and change points with location intervals.

    Parameters
    ----------
    table : DataFrame
        From :func:`warsignals.signals.net_index_changepoints_table`: rows of ``series`` ``net`` (``period,
        value, lo, hi``), optionally ``smoothed`` (``period, value``: a rolling mean, drawn as a thin line) and
        ``change`` (``period, period_lo, period_hi, before, after``).
    synthetic, events, title : as in :func:`signals_over_time`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    series = table["series"] if "series" in table else pd.Series("net", index=table.index)
    net = table[series == "net"]
    smoothed = table[series == "smoothed"]
    changes = table[series == "change"]
    fig, ax = new_figure(width=8, height=4)
    band(ax, net, label="net index", colour=SIGNAL_COLOURS["net"])
    if len(smoothed):
        data = smoothed.sort_values("period")
        ax.plot(data["period"], data["value"], color="#999999", linewidth=1, label="rolling mean")
    ax.axhline(0, color="#555555", linewidth=0.8)
    if len(changes):
        periods = net.dropna(subset=["value"]).sort_values("period")["period"].tolist()
        edges = [periods[0], *changes["period"].tolist(), periods[-1]]
        means = [changes["before"].iloc[0], *changes["after"].tolist()]
        for (a, b), mean in zip(zip(edges[:-1], edges[1:], strict=True), means, strict=True):
            ax.hlines(mean, a, b, colors="#CC79A7", linewidth=2, label=None)
        for row in changes.itertuples(index=False):
            ax.axvspan(row.period_lo, row.period_hi, color="#CC79A7", alpha=0.15, linewidth=0)
            ax.axvline(row.period, color="#CC79A7", linewidth=1.2, linestyle="--")
        ax.plot([], [], color="#CC79A7", linewidth=2, label="segment mean / change point (CI shaded)")
    ax.set_ylabel("per 1,000 sentences")
    ax.legend(loc="lower left", fontsize=7)
    annotate_events(ax, events)
    ax.set_title(synthetic_title(title, synthetic))
    return fig


def signal_categories(categories: pd.DataFrame, *, synthetic: bool = False,
                      title: str = "Cue categories per 1,000 sentences"):
    """Heatmap of signal categories (rows, grouped by family) by period (columns).

    Escalation categories come first, then negotiation, then any other family, each family in the table's
    order, with a white line under the escalation rows.

    Parameters
    ----------
    categories : DataFrame
        Tidy ``period, category, family, value`` (per 1,000 sentences), from
        :func:`warsignals.signals.signal_categories_table`; without ``family`` every row is of one family.
    synthetic, title : as in :func:`signals_over_time`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    families = (categories.drop_duplicates("category").set_index("category")["family"].fillna("")
                if "family" in categories else pd.Series("", index=categories["category"].unique()))
    rank = {"escalation": 0, "negotiation": 1}
    order = sorted(families.index, key=lambda c: (rank.get(families[c], 2), families[c]))
    wide = categories.pivot_table(index="category", columns="period", values="value", aggfunc="mean",
                                  dropna=False)
    wide = wide.reindex([c for c in order if c in wide.index])
    fig, ax = new_figure(width=9, height=0.3 * max(len(wide), 4) + 1.5)
    image = ax.imshow(wide.to_numpy(dtype=float), aspect="auto", cmap=heatmap_colours(), interpolation="nearest")
    ax.set_yticks(range(len(wide)), [c.replace("_", " ") for c in wide.index], fontsize=7)
    step = max(1, len(wide.columns) // 12)
    ax.set_xticks(range(0, len(wide.columns), step),
                  [pd.Timestamp(p).strftime("%Y-%m") for p in wide.columns[::step]], rotation=45, fontsize=7)
    ax.grid(False)
    n_esc = sum(families.get(c) == "escalation" for c in wide.index)
    if 0 < n_esc < len(wide):
        ax.axhline(n_esc - 0.5, color="white", linewidth=1.5)
    fig.colorbar(image, ax=ax, label="per 1,000 sentences", shrink=0.8)
    ax.set_title(synthetic_title(title, synthetic))
    return fig


def hedged_share(hedged: pd.DataFrame, *, synthetic: bool = False, events: pd.DataFrame | None = None,
                 title: str = "Share of negotiation signals voiced through hedges", min_docs: int = 0):
    """Share of negotiation signals that are hedged (anonymous sources, leaks, scepticism), with CI.

    Parameters
    ----------
    hedged : DataFrame
        ``period, value, lo, hi`` (shares 0..1).
    synthetic, events, title, min_docs : as in :func:`signals_over_time`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(width=8, height=3.5)
    thin = band(ax, hedged, label="hedged share", colour="#E69F00", min_docs=min_docs)
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of negotiation signals")
    documents_strip(ax, hedged, min_docs=min_docs)
    note_thin(fig, thin, min_docs)
    annotate_events(ax, events)
    ax.set_title(synthetic_title(title, synthetic))
    return fig


def signals_lead_lag(table: pd.DataFrame, *, synthetic: bool = False,
                     title: str = "Lead-lag: corr(escalation[t], negotiation[t + lag])"):
    """Cross-correlation by lag with bootstrap intervals (from :func:`warsignals.signals.signals_lead_lag_table`).

    A refused analysis (no finite ``r``) is drawn as an empty panel stating the table's ``note``; error bars
    are clipped at zero length where a percentile interval does not contain ``r``.
    """
    fig, ax = new_figure(width=6, height=3.5)
    data = table[np.isfinite(table["r"].astype(float))] if len(table) else table
    note = str(table["note"].iloc[0]) if "note" in table and len(table) and pd.notna(table["note"].iloc[0]) else ""
    if len(data):
        r = data["r"].astype(float).to_numpy()
        colours = np.where(data["best"].astype(bool), "#D55E00", "#0072B2")
        ax.bar(data["lag"], r, color=colours, width=0.6)
        lower = np.clip(r - data["lo"].astype(float).to_numpy(), 0, None)
        upper = np.clip(data["hi"].astype(float).to_numpy() - r, 0, None)
        ax.errorbar(data["lag"], r, yerr=[np.nan_to_num(lower), np.nan_to_num(upper)], fmt="none",
                    ecolor="#333333", linewidth=0.8, capsize=2)
        p_value = float(data["p_max"].iloc[0])
        perms = int(data["n_perm"].iloc[0]) if "n_perm" in data else None
        detail = f"permutation p of the largest |r| = {p_value:.3f}" + (f" ({perms} permutations)" if perms else "")
    else:
        ax.text(0.5, 0.5, note or "no lead-lag estimate", transform=ax.transAxes, ha="center", va="center",
                fontsize=8, wrap=True)
        ax.set_xticks([])
        detail = "not estimated"
    ax.axhline(0, color="#555555", linewidth=0.8)
    ax.set_xlabel("lag (periods; > 0: escalation leads)")
    ax.set_ylabel("correlation")
    if note and len(data):
        ax.annotate(note, (0.0, -0.25), xycoords="axes fraction", fontsize=6.5, color="#555555")
    ax.set_title(synthetic_title(f"{title}\n{detail}", synthetic))
    return fig


def signals_kwic(top: pd.DataFrame, *, max_rows: int = 24, synthetic: bool = False,
                 title: str = "Top cues per period (keyword in context)"):
    """A table figure of the top cues per period: period, family, cue, count and an example in context.

    Parameters
    ----------
    top : DataFrame
        From :func:`warsignals.signals.signals_kwic_table` (``period, family, cue, count, example``).
    max_rows : int
        Rows shown (the most frequent across periods if there are more).
    synthetic, title : as in :func:`signals_over_time`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    data = top.sort_values("count", ascending=False).head(max_rows).sort_values(["period", "family", "count"],
                                                                                   ascending=[True, True, False])
    cells = [
        [pd.Timestamp(r.period).strftime("%Y-%m-%d") if pd.notna(r.period) else "", r.family, r.cue, str(r.count),
         (r.example[:95] + "…") if len(r.example) > 96 else r.example]
        for r in data.itertuples(index=False)
    ] or [["", "", "(no cues)", "", ""]]
    fig, ax = new_figure(width=11, height=0.28 * len(cells) + 1.0)
    ax.axis("off")
    table = ax.table(cellText=cells, colLabels=["period", "family", "cue", "n", "example"], loc="upper center",
                     cellLoc="left", colWidths=[0.08, 0.08, 0.14, 0.04, 0.66])
    table.auto_set_font_size(False)
    table.set_fontsize(6.5)
    colours = colour_map(["escalation", "negotiation"])
    for (row, col), cell in table.get_celld().items():
        cell.set_linewidth(0.3)
        if row == 0:
            cell.set_text_props(weight="bold")
        elif col == 1:
            family = cells[row - 1][1]
            cell.set_text_props(color=SIGNAL_COLOURS.get(family, colours.get(family, "#000000")))
    ax.set_title(synthetic_title(title, synthetic))
    return fig


def event_windows(table: pd.DataFrame, *, synthetic: bool = False, period: str = "period",
                  title: str = "Signals around each kind of event"):
    """Small multiples, one panel per event kind: signal rates by offset from the event, on record and hedged.

    Parameters
    ----------
    table : DataFrame
        From :func:`warsignals.signals.event_windows_table` (``kind, offset, signal, voice, value, lo, hi,
        n_events``).
    synthetic : bool
        Mark the title as synthetic demo data.
    period : str
        Name of the period length for the x label (``month``, ``quarter``, ...).
    title : str
        Figure title.

    Returns
    -------
    matplotlib.figure.Figure
    """
    kinds = list(dict.fromkeys(table["kind"])) if len(table) else []
    ncols = max(1, min(3, len(kinds)))
    nrows = max(1, int(np.ceil(len(kinds) / ncols)))
    fig, axes = new_figure(nrows, ncols, width=3.3 * ncols, height=2.8 * nrows, sharey=True, squeeze=False)
    if not kinds:
        axes.flat[0].text(0.5, 0.5, "no event inside the corpus's periods", ha="center", va="center",
                          transform=axes.flat[0].transAxes)
    styles = {"on_record": ("-", "o", "on record"), "hedged": ("--", "s", "hedged")}
    for ax, kind in zip(axes.flat, kinds, strict=False):
        part = table[table["kind"] == kind]
        for (signal, voice), rows in part.groupby(["signal", "voice"], sort=True):
            rows = rows.sort_values("offset")
            linestyle, marker, words = styles[voice]
            colour = SIGNAL_COLOURS.get(signal, "#000000")
            values = rows["value"].astype(float).to_numpy()
            ax.plot(rows["offset"], values, linestyle=linestyle, marker=marker, markersize=3.5, color=colour,
                    label=f"{signal}, {words}")
            lower = np.clip(values - rows["lo"].astype(float).to_numpy(), 0, None)
            upper = np.clip(rows["hi"].astype(float).to_numpy() - values, 0, None)
            ax.errorbar(rows["offset"], values, yerr=[np.nan_to_num(lower), np.nan_to_num(upper)], fmt="none",
                        ecolor=colour, linewidth=0.8, capsize=2, alpha=0.7)
        ax.axvline(0, color="#555555", linewidth=0.8, linestyle=":")
        n_events = int(part["n_events"].max())
        ax.set_title(f"{kind} ({n_events} event{'s' if n_events != 1 else ''})")
        ax.set_xlabel(f"{period}s from the event (0: its {period})")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(table["offset"].min() - 0.3, table["offset"].max() + 0.3)
    for k, ax in enumerate(axes.flat):
        if k >= len(kinds) and kinds:
            ax.set_visible(False)
        elif k % ncols == 0:
            ax.set_ylabel("signals per 1,000 sentences")
    if kinds:
        axes.flat[0].set_ylim(bottom=0)  # after every panel is drawn: the y axis is shared
        axes.flat[0].legend(loc="upper left", fontsize=6.5)
    fig.suptitle(synthetic_title(title, synthetic))
    return fig


def signals_by_group(table: pd.DataFrame, *, by: str = "source", max_groups: int = 9, synthetic: bool = False,
                     events: pd.DataFrame | None = None, title: str | None = None):
    """Small multiples, one panel per group (source, speaker, country, ...): escalation and negotiation rates.

    Parameters
    ----------
    table : DataFrame
        From :func:`warsignals.signals.signals_by_group_table` (``period, <by>, series, value, lo, hi, n_units``);
        the ``hedged_share`` series is not drawn (it is in the table).
    by : str
        The grouping column.
    max_groups : int
        Panels drawn: the groups with the most sentences; the others are named in a note under the figure.
    synthetic, events : as in :func:`signals_over_time`.
    title : str, optional
        Figure title (default: "Signals per 1,000 sentences by <by>").

    Returns
    -------
    matplotlib.figure.Figure
    """
    rates = table[table["series"].isin(["escalation", "negotiation"])]
    volume = rates[rates["series"] == "escalation"].groupby(by)["n_units"].sum().sort_values(ascending=False,
                                                                                              kind="stable")
    groups = volume.index.tolist()[:max_groups] or ["(none)"]
    left_out = volume.index.tolist()[max_groups:]
    ncols = min(3, len(groups))
    nrows = int(np.ceil(len(groups) / ncols))
    fig, axes = new_figure(nrows, ncols, width=3.2 * ncols, height=2.6 * nrows + 0.4, sharex=True, sharey=True,
                           squeeze=False)
    for k, group in enumerate(groups):
        ax = axes.flat[k]
        for signal in ("escalation", "negotiation"):
            data = rates[(rates[by] == group) & (rates["series"] == signal)]
            if len(data):
                band(ax, data, label=signal, colour=SIGNAL_COLOURS[signal])
        ax.set_title(str(group))
        annotate_events(ax, events, fontsize=5)
        if k % ncols == 0:
            _per_thousand(ax)
    for ax in axes.flat[len(groups):]:
        ax.set_visible(False)
    axes.flat[0].set_ylim(bottom=0)
    axes.flat[0].legend(loc="upper left", fontsize=7)
    for ax in axes.flat:
        ax.tick_params(axis="x", labelrotation=45, labelsize=7)
    if left_out:
        fig.text(0.01, 0.0, f"not drawn ({len(left_out)} smaller groups): " + ", ".join(map(str, left_out[:12]))
                 + (" ..." if len(left_out) > 12 else ""), fontsize=6, color="#555555", va="bottom")
    fig.suptitle(synthetic_title(title or f"Signals per 1,000 sentences by {by}", synthetic))
    return fig


def signal_voices(table: pd.DataFrame, *, by: str = "side", synthetic: bool = False, title: str | None = None):
    """Who voices each group's signals: one panel per group (columns) and signal family (rows).

    Bars give each actor's share of the family's signals, on record (solid) and hedged (hatched), with their
    intervals; the panel title gives the number of signals the shares are of.

    Parameters
    ----------
    table : DataFrame
        From :func:`warsignals.signals.signal_voices_table` (``<by>, signal, actor, voice, value, lo, hi,
        denominator``).
    by : str
        The grouping column.
    synthetic : bool
        Mark the title as synthetic demo data.
    title : str, optional
        Figure title (default: "Who voices the signals, on record and hedged, by <by>").

    Returns
    -------
    matplotlib.figure.Figure
    """
    groups = list(dict.fromkeys(table[by])) if len(table) else ["(none)"]
    signals = ["escalation", "negotiation"]
    actors = list(dict.fromkeys(table["actor"])) if len(table) else []
    fig, axes = new_figure(len(signals), len(groups), width=3.4 * len(groups) + 0.6, height=5.2, sharey=True,
                           squeeze=False)
    x = np.arange(len(actors))
    for row, signal in enumerate(signals):
        for col, group in enumerate(groups):
            ax = axes[row, col]
            cell = table[(table[by] == group) & (table["signal"] == signal)]
            for voice, offset, hatch, alpha in (("on_record", -0.2, None, 1.0), ("hedged", 0.2, "////", 0.45)):
                data = cell[cell["voice"] == voice].set_index("actor").reindex(actors)
                value = data["value"].fillna(0).to_numpy(dtype=float)
                err = np.vstack([value - data["lo"].fillna(0).to_numpy(dtype=float),
                                 data["hi"].fillna(0).to_numpy(dtype=float) - value]).clip(min=0)
                ax.bar(x + offset, value, width=0.4, color=SIGNAL_COLOURS[signal], alpha=alpha, hatch=hatch,
                       edgecolor=SIGNAL_COLOURS[signal], yerr=err, capsize=2, error_kw={"linewidth": 0.8},
                       label=voice.replace("_", " ") if row == 0 and col == 0 else None)
            n = int(cell["denominator"].max()) if len(cell) and cell["denominator"].notna().any() else 0
            ax.set_title(f"{group}: {signal} ({n:,} signals)", fontsize=8)
            ax.set_xticks(x, actors, fontsize=7)
            ax.set_ylim(0, 1)
            if col == 0:
                ax.set_ylabel("share of the signals", fontsize=7)
    axes[0, 0].legend(loc="upper right", fontsize=6.5)
    fig.suptitle(synthetic_title(title or f"Who voices the signals, on record and hedged, by {by}", synthetic),
                 fontsize=10)
    return fig
