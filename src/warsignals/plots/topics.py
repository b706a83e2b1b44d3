"""Charts of topic models: choosing k, prevalence over time with CI bands and events, a topics-by-period
heatmap, and a topic's terms compared across periods. Topic names come from the label table
(``topic, label``) wherever one is given.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd

from warsignals.plots.core import (
    PALETTE,
    annotate_events,
    band,
    documents_strip,
    heatmap_colours,
    new_figure,
    note_thin,
    synthetic_title,
)

_SELECTION_PANELS = (
    ("coherence_npmi", "NPMI coherence (higher is better)"),
    ("coherence_umass", "UMass coherence (closer to 0 is better)"),
    ("diversity", "topic diversity (top 25 words)"),
    ("stability", "stability across seeds"),
)


def _label_of(labels: pd.DataFrame | None, table: pd.DataFrame | None = None) -> dict:
    """Topic id -> label: from ``labels`` when given, else from the table's own ``label`` column."""
    if labels is None:
        if table is None or "label" not in table.columns:
            return {}
        labels = table[["topic", "label"]].drop_duplicates("topic")
    return dict(zip(labels["topic"].astype(str), labels["label"].astype(str), strict=False))


def topic_selection(selection: pd.DataFrame, recommended: int | None = None, *,
                    title: str = "Choosing the number of topics", synthetic: bool = False):
    """Coherence, diversity and stability against k, with the recommended k marked.

    Parameters
    ----------
    selection : DataFrame
        ``k, coherence_npmi, coherence_umass, diversity, stability`` and optionally ``recommended`` (bool)
        (:func:`warsignals.topics.topic_selection_table`).
    recommended : int, optional
        The k to mark (default: the row flagged ``recommended``, if any).

    Returns
    -------
    matplotlib.figure.Figure
    """
    if recommended is None and "recommended" in selection.columns and selection["recommended"].any():
        recommended = int(selection.loc[selection["recommended"].astype(bool), "k"].iloc[0])
    fig, axes = new_figure(2, 2, width=7.5, height=5.0, sharex=True)
    data = selection.sort_values("k")
    for ax, (column, name) in zip(axes.ravel(), _SELECTION_PANELS, strict=True):
        ax.plot(data["k"], data[column], marker="o", color=PALETTE[4], linewidth=1.5)
        ax.set_title(name, fontsize=9)
        if recommended is not None:
            ax.axvline(recommended, color=PALETTE[5], linestyle="--", linewidth=1)
        if data[column].isna().all():
            ax.text(0.5, 0.5, "not measured (one run per k)", transform=ax.transAxes, ha="center", fontsize=8)
    for ax in axes[1]:
        ax.set_xlabel("number of topics k")
    ax = axes[0, 0]
    if recommended is not None:
        ax.text(recommended, ax.get_ylim()[1], f" recommended k = {recommended}", color=PALETTE[5], va="top",
                fontsize=8)
    fig.suptitle(synthetic_title(title, synthetic))
    return fig


def topic_prevalence(prevalence: pd.DataFrame, labels: pd.DataFrame | None = None, *,
                               topics: list[str] | None = None, events: pd.DataFrame | None = None,
                               ncols: int = 2, title: str = "Topic prevalence over time",
                               synthetic: bool = False, event_kinds: list[str] | None = None,
                               min_docs: int = 0):
    """Small multiples: each topic's share of sentences per period with its bootstrap CI band and events.

    Parameters
    ----------
    prevalence : DataFrame
        ``period, topic, share, lo, hi`` (``label``, ``n_docs``) (:func:`warsignals.topics.topic_prevalence_table`).
    labels : DataFrame, optional
        ``topic, label`` table used for panel titles (default: the table's ``label`` column).
    topics : list of str, optional
        Topics to draw, in order (default all).
    events : DataFrame, optional
        Event timeline (``date, label, kind``), drawn in every panel.
    ncols : int
        Panels per row.
    event_kinds : list of str, optional
        Only events of these kinds.
    min_docs : int
        Periods with fewer documents (column ``n_docs``) are left out, greyed, and counted in a note; every
        panel shows the documents per period along its bottom.

    Returns
    -------
    matplotlib.figure.Figure
    """
    names = _label_of(labels, prevalence)
    topics = topics or list(dict.fromkeys(prevalence["topic"].astype(str)))
    nrows = int(np.ceil(len(topics) / ncols))
    fig, axes = new_figure(nrows, ncols, width=4.2 * ncols, height=2.4 * nrows + 0.5, sharex=True,
                           squeeze=False)
    thin: list = []
    for index, ax in enumerate(axes.ravel()):
        if index >= len(topics):
            ax.set_visible(False)
            continue
        topic = topics[index]
        data = prevalence[prevalence["topic"].astype(str) == topic]
        thin += band(ax, data, y="share", colour=PALETTE[index % len(PALETTE)], min_docs=min_docs)
        documents_strip(ax, data, min_docs=min_docs)
        ax.set_title(names.get(topic, topic), fontsize=9)
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
        annotate_events(ax, events, kinds=event_kinds, fontsize=5.5)
        if index % ncols == 0:
            ax.set_ylabel("share of sentences")
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    note_thin(fig, thin, min_docs)
    fig.suptitle(synthetic_title(title, synthetic))
    return fig


def topic_heatmap(prevalence: pd.DataFrame, labels: pd.DataFrame | None = None, *,
                  title: str = "Topic prevalence by period", synthetic: bool = False, period_format: str = "%Y-%m"):
    """Heatmap of topics (rows) by period (columns), coloured by share of sentences.

    Parameters
    ----------
    prevalence : DataFrame
        ``period, topic, share`` (``label``) (:func:`warsignals.topics.topic_heatmap_table`).
    labels : DataFrame, optional
        ``topic, label`` table for row names (default: the table's ``label`` column).
    period_format : str
        strftime format of the column labels.

    Returns
    -------
    matplotlib.figure.Figure
    """
    names = _label_of(labels, prevalence)
    order = list(dict.fromkeys(prevalence["topic"].astype(str)))
    wide = prevalence.pivot_table(index="topic", columns="period", values="share", aggfunc="mean")
    wide = wide.reindex(order)
    n_periods = wide.shape[1]
    fig, ax = new_figure(width=min(max(5.0, 0.18 * n_periods + 3.0), 14.0), height=0.35 * len(order) + 1.5)
    image = ax.imshow(wide.to_numpy(dtype=float), aspect="auto", cmap=heatmap_colours(), interpolation="nearest")
    ax.grid(False)
    ax.set_yticks(range(len(order)), [names.get(t, t) for t in order], fontsize=7)
    step = max(1, n_periods // 16)
    ticks = list(range(0, n_periods, step))
    ax.set_xticks(ticks, [pd.Timestamp(wide.columns[i]).strftime(period_format) for i in ticks], rotation=90,
                  fontsize=7)
    colourbar = fig.colorbar(image, ax=ax, shrink=0.8)
    colourbar.set_label("share of sentences")
    ax.set_title(synthetic_title(title, synthetic))
    return fig


def topic_terms_by_year(terms: pd.DataFrame, labels: pd.DataFrame | None = None, *,
                               title: str | None = None, synthetic: bool = False, period_format: str = "%Y"):
    """One panel per period with a topic's heaviest terms in that period (horizontal bars).

    Terms present in every period are drawn in grey, terms specific to some periods in colour.

    Parameters
    ----------
    terms : DataFrame
        ``period, topic, rank, term, weight`` (``label``) (:func:`warsignals.topics.topic_terms_by_year_table`).
    labels : DataFrame, optional
        ``topic, label`` for the title (default: the table's ``label`` column).

    Returns
    -------
    matplotlib.figure.Figure
    """
    names = _label_of(labels, terms)
    topic = str(terms["topic"].iloc[0]) if len(terms) else ""
    periods = sorted(terms["period"].unique())
    n = max(len(periods), 1)
    fig, axes = new_figure(1, n, width=min(2.3 * n + 0.5, 14), height=3.2, squeeze=False)
    common = set.intersection(*(set(terms.loc[terms["period"] == p, "term"]) for p in periods)) if periods else set()
    for ax, period in zip(axes[0], periods, strict=False):
        data = terms[terms["period"] == period].sort_values("rank", ascending=False)
        colours = ["#999999" if t in common else PALETTE[4] for t in data["term"]]
        ax.barh([str(t).replace("_", " ") for t in data["term"]], data["weight"], color=colours)
        ax.set_title(pd.Timestamp(period).strftime(period_format), fontsize=9)
        ax.tick_params(axis="y", labelsize=7)
        ax.tick_params(axis="x", labelsize=6)
        ax.grid(axis="y", visible=False)
    axes[0, 0].set_xlabel("share of topic's term mass", fontsize=7)
    heading = title or f"Terms of topic '{names.get(topic, topic)}' by period (grey: in every period)"
    fig.suptitle(synthetic_title(heading, synthetic))
    return fig
