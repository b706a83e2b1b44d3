"""Charts of the corpus itself: documents per period by source, and a table of corpus statistics."""

from __future__ import annotations

import numpy as np
import pandas as pd

from warsignals.plots.core import annotate_events, colour_map, new_figure, synthetic_title


def documents_per_period(counts: pd.DataFrame, *, title: str = "Documents per month by source",
                         synthetic: bool = False, events: pd.DataFrame | None = None):
    """Stacked bars of documents per period and source.

    Parameters
    ----------
    counts : DataFrame
        Tidy ``period, source, n_documents`` (e.g. from :func:`warsignals.corpus.documents_per_period`).
    title : str
        Figure title.
    synthetic : bool
        Mark the title as synthetic demo data.
    events : DataFrame, optional
        Event timeline to annotate.

    Returns
    -------
    matplotlib.figure.Figure
    """
    wide = counts.pivot_table(index="period", columns="source", values="n_documents", aggfunc="sum",
                              fill_value=0).sort_index()
    fig, ax = new_figure(width=8, height=3.8)
    colours = colour_map(wide.columns)
    bottom = np.zeros(len(wide))
    gaps = np.diff(wide.index.values).astype("timedelta64[D]").astype(float)
    width_days = max(float(gaps.min()) if len(gaps) else 28.0, 1.0) * 0.85
    for source in wide.columns:
        ax.bar(wide.index, wide[source].to_numpy(), bottom=bottom, width=width_days, label=str(source),
               color=colours[source], align="edge")
        bottom += wide[source].to_numpy()
    ax.set_ylabel("documents")
    ax.set_title(synthetic_title(title, synthetic))
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7)
    annotate_events(ax, events)
    return fig


def corpus_statistics(stats: pd.DataFrame, *, title: str = "Corpus statistics", synthetic: bool = False):
    """Render a small statistics table (``statistic, value`` rows or any tidy frame) as a figure.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(width=7, height=0.3 * (len(stats) + 2))
    ax.axis("off")
    cells = [[str(v) for v in row] for row in stats.itertuples(index=False)]
    table = ax.table(cellText=cells, colLabels=list(stats.columns), loc="center", cellLoc="left")
    table.auto_set_font_size(False)
    table.set_fontsize(8)
    table.scale(1, 1.2)
    ax.set_title(synthetic_title(title, synthetic))
    return fig
