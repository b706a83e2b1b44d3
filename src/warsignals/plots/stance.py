"""Charts of stance: share FAVOR per period with bootstrap bands, and the sentences driving each period."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from warsignals.plots.core import (
    annotate_events,
    band,
    colour_map,
    documents_strip,
    new_figure,
    note_thin,
    synthetic_title,
)

PALETTE_STANCE = "#009E73"


def stance_share_over_time(
    shares: pd.DataFrame,
    *,
    group: str | None = None,
    planted: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    title: str = "Share of FAVOR among stance-bearing sentences",
    ylabel: str = "share FAVOR",
    synthetic: bool = False,
    min_docs: int = 0,
):
    """One panel per target: share FAVOR per period with its bootstrap CI band, by group if given.

    Parameters
    ----------
    shares : DataFrame
        Tidy ``period, target, value, lo, hi`` (from :func:`warsignals.timeseries.bootstrap_ratio`), plus the
        ``group`` column when given.
    group : str, optional
        Column to draw one line per value of (``source`` or ``speaker``).
    planted : DataFrame, optional
        ``period, target, value`` of a known curve (the demo corpus's planted truth), drawn dashed.
    events : DataFrame, optional
        Event timeline (``date, label, kind``) to annotate.
    title, ylabel : str
        Texts of the figure.
    synthetic : bool
        Mark the title as synthetic demo data.
    min_docs : int
        Periods with fewer documents (column ``n_docs``) are left out, greyed, and counted in a note; without a
        ``group``, every panel shows the documents per period along its bottom.

    Returns
    -------
    matplotlib.figure.Figure
    """
    targets = list(dict.fromkeys(shares["target"]))
    thin: list = []
    n = max(len(targets), 1)
    fig, axes = new_figure(nrows=n, ncols=1, width=8, height=2.3 * n + 0.6, sharex=True, squeeze=False)
    groups = list(dict.fromkeys(shares[group])) if group else [None]
    colours = colour_map(groups)
    for ax, target in zip(axes[:, 0], targets, strict=False):
        part = shares[shares["target"] == target]
        for key in groups:
            rows = part if key is None else part[part[group] == key]
            if rows.empty:
                continue
            thin += band(ax, rows, label="estimate (95% CI)" if key is None else str(key), colour=colours[key],
                         min_docs=min_docs)
        if group is None:
            documents_strip(ax, part, min_docs=min_docs)
        if planted is not None:
            truth = planted[planted["target"] == target].sort_values("period")
            ax.plot(truth["period"], truth["value"], linestyle="--", color="#000000", linewidth=1.0,
                    label="planted truth")
        ax.set_ylim(-0.02, 1.02)
        ax.axhline(0.5, color="#999999", linewidth=0.5)
        ax.set_ylabel(ylabel)
        ax.set_title(str(target), loc="left", fontsize=9)
        annotate_events(ax, events)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    if handles:
        axes[0, 0].legend(handles, labels, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7)
    note_thin(fig, thin, min_docs)
    fig.suptitle(synthetic_title(title, synthetic), fontsize=10)
    return fig


def stance_driving_sentences(
    top: pd.DataFrame,
    *,
    title: str = "Sentences driving each period's stance",
    synthetic: bool = False,
    width: int = 95,
):
    """A table figure of the highest-probability stance sentences per period and target.

    Parameters
    ----------
    top : DataFrame
        ``period, target, stance, probability, sentence`` (plus any other columns, ignored).
    title : str
        Figure title.
    synthetic : bool
        Mark the title as synthetic demo data.
    width : int
        Characters per wrapped line of a sentence.

    Returns
    -------
    matplotlib.figure.Figure
    """
    rows = []
    for row in top.itertuples(index=False):
        period = pd.Timestamp(row.period).strftime("%Y-%m") if pd.notna(row.period) else ""
        text = textwrap.shorten(str(row.sentence), width=2 * width, placeholder=" ...")
        rows.append([period, str(row.target), str(row.stance), f"{row.probability:.2f}",
                     "\n".join(textwrap.wrap(text, width))])
    n_lines = sum(max(1, cells[-1].count("\n") + 1) for cells in rows) if rows else 1
    fig, ax = new_figure(width=11, height=0.6 + 0.2 * (n_lines + 1))
    ax.axis("off")
    ax.grid(False)
    if not rows:
        ax.text(0.5, 0.5, "no stance-bearing sentences", ha="center", va="center")
    else:
        table = ax.table(cellText=rows, colLabels=["period", "target", "stance", "p", "sentence"], loc="upper center",
                         cellLoc="left", colWidths=[0.07, 0.1, 0.08, 0.04, 0.71])
        table.auto_set_font_size(False)
        table.set_fontsize(7)
        for (r, _), cell in table.get_celld().items():
            lines = 1 if r == 0 else max(1, rows[r - 1][-1].count("\n") + 1)
            cell.set_height(lines * 0.97 / (n_lines + 1))
            cell.PAD = 0.02
    ax.set_title(synthetic_title(title, synthetic))
    return fig


def stance_recovery(
    comparison: pd.DataFrame,
    *,
    title: str = "Estimated vs planted share FAVOR per month",
    synthetic: bool = True,
):
    """Scatter of estimated against planted values per target, with the correlation in each legend entry.

    Parameters
    ----------
    comparison : DataFrame
        ``target, planted, estimate`` (one row per period and target).

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(width=5, height=4.5)
    colours = colour_map(comparison["target"])
    for target, part in comparison.groupby("target", sort=False):
        valid = part.dropna(subset=["planted", "estimate"])
        r = np.corrcoef(valid["planted"], valid["estimate"])[0, 1] if len(valid) > 2 else np.nan
        ax.scatter(valid["planted"], valid["estimate"], s=12, alpha=0.7, color=colours[target],
                   label=f"{target} (r = {r:.2f})")
    ax.plot([0, 1], [0, 1], color="#999999", linewidth=0.8, linestyle="--")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("planted share FAVOR")
    ax.set_ylabel("estimated share FAVOR")
    ax.legend(fontsize=7, loc="upper left")
    ax.set_title(synthetic_title(title, synthetic))
    return fig


def stance_by_group(table: pd.DataFrame, *, by: str = "source", max_groups: int = 6, synthetic: bool = False,
                    title: str | None = None):
    """Small multiples side by side: one column per group, one row per target, share FAVOR with CI.

    Parameters
    ----------
    table : DataFrame
        From :func:`warsignals.stance.stance_by_group_table` (``period, target, <by>, value, lo, hi, n_units``).
    by : str
        The grouping column.
    max_groups : int
        Columns drawn: the groups with the most stance-bearing units; the others are named in a note.
    synthetic : bool
        Mark the title as synthetic demo data.
    title : str, optional
        Figure title (default: "Share FAVOR by <by>").

    Returns
    -------
    matplotlib.figure.Figure
    """
    targets = list(dict.fromkeys(table["target"])) or ["(none)"]
    volume = table.groupby(by)["n_units"].sum().sort_values(ascending=False, kind="stable")
    groups = volume.index.tolist()[:max_groups] or ["(none)"]
    left_out = volume.index.tolist()[max_groups:]
    fig, axes = new_figure(len(targets), len(groups), width=2.6 * len(groups) + 0.8,
                           height=1.9 * len(targets) + 0.8, sharex=True, sharey=True, squeeze=False)
    for row, target in enumerate(targets):
        for col, group in enumerate(groups):
            ax = axes[row, col]
            data = table[(table["target"] == target) & (table[by] == group)]
            if len(data):
                band(ax, data, colour=PALETTE_STANCE)
            ax.axhline(0.5, color="#999999", linewidth=0.5)
            ax.set_ylim(-0.02, 1.02)
            if row == 0:
                ax.set_title(str(group), fontsize=9)
            if col == 0:
                ax.set_ylabel(f"{target}\nshare FAVOR", fontsize=8)
            ax.tick_params(axis="x", labelrotation=45, labelsize=6.5)
    if left_out:
        fig.text(0.01, 0.0, f"not drawn ({len(left_out)} smaller groups): " + ", ".join(map(str, left_out[:12]))
                 + (" ..." if len(left_out) > 12 else ""), fontsize=6, color="#555555", va="bottom")
    fig.suptitle(synthetic_title(title or f"Share FAVOR among stance-bearing units by {by}", synthetic),
                 fontsize=10)
    return fig
