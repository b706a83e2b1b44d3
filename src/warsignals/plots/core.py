"""Shared pieces of every chart: the Okabe-Ito palette, figure creation, CI bands and event annotations."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

import matplotlib

# Charts are detached Figures that need no GUI. Outside IPython pick the file-only Agg backend (unless the user
# chose one); inside IPython leave the backend alone, so that `%matplotlib inline` (warsignals.notebook) shows
# figures in the notebook.
if "IPython" not in sys.modules and "MPLBACKEND" not in os.environ:
    matplotlib.use("Agg", force=False)
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from warsignals import config  # noqa: E402

PALETTE: tuple[str, ...] = config.OKABE_ITO
STYLE = {
    "axes.prop_cycle": matplotlib.cycler(color=list(PALETTE)),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "font.size": 9,
    "axes.titlesize": 10,
    "legend.frameon": False,
    "figure.dpi": 100,
}
SYNTHETIC_PREFIX = "SYNTHETIC DEMO DATA: "


def new_figure(nrows: int = 1, ncols: int = 1, width: float = 7.0, height: float = 4.0, **kwargs):
    """Create a figure in the house style (not attached to pyplot's state machine).

    Returns
    -------
    tuple
        ``(fig, axes)`` as :meth:`matplotlib.figure.Figure.subplots` returns them.
    """
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
        axes = fig.subplots(nrows, ncols, **kwargs)
    return fig, axes


def colour_map(keys: Iterable) -> dict:
    """Assign palette colours to keys in order of first appearance (cycling after eight)."""
    mapping: dict = {}
    for key in keys:
        if key not in mapping:
            mapping[key] = PALETTE[len(mapping) % len(PALETTE)]
    return mapping


def band(ax, frame: pd.DataFrame, x: str = "period", y: str = "value", lo: str = "lo", hi: str = "hi",
         label: str | None = None, colour: str | None = None) -> None:
    """Draw a line with its confidence band (rows with NaN values leave gaps)."""
    data = frame.sort_values(x)
    (line,) = ax.plot(data[x], data[y], label=label, color=colour, linewidth=1.5)
    if lo in data and hi in data:
        ax.fill_between(data[x], data[lo].astype(float), data[hi].astype(float), color=line.get_color(),
                        alpha=0.2, linewidth=0)


def annotate_events(ax, events: pd.DataFrame | None, start=None, end=None, fontsize: float = 6.5,
                    kinds: Iterable[str] | None = None) -> None:
    """Mark dated events (``date, label, kind``) as dotted vertical lines with rotated labels.

    Only events inside the current x-range (or ``start``..``end``) and, if given, of the listed ``kinds`` are
    drawn; labels of events close together are staggered vertically.
    """
    if events is None or events.empty:
        return
    left, right = ax.get_xlim()
    lower = pd.Timestamp(start) if start is not None else pd.Timestamp(mdates.num2date(left)).tz_localize(None)
    upper = pd.Timestamp(end) if end is not None else pd.Timestamp(mdates.num2date(right)).tz_localize(None)
    shown = events[(events["date"] >= lower) & (events["date"] <= upper)]
    if kinds is not None:
        shown = shown[shown["kind"].isin(list(kinds))]
    transform = ax.get_xaxis_transform()
    span_days = max((upper - lower).days, 1)
    level, previous = 0, None
    for row in shown.itertuples(index=False):
        # Stagger labels of events closer than 4% of the axis so they do not overprint.
        close_to_previous = previous is not None and (row.date - previous).days < 0.04 * span_days
        level = (level + 1) % 3 if close_to_previous else 0
        previous = row.date
        ax.axvline(row.date, color="#777777", linewidth=0.6, linestyle=":", zorder=0)
        ax.text(row.date, 0.98 - 0.22 * level, f" {row.label}", transform=transform, rotation=90, va="top",
                ha="right", fontsize=fontsize, color="#333333",
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.75, "pad": 0.5})
    ax.set_xlim(left, right)


def synthetic_title(title: str, synthetic: bool) -> str:
    """Prefix a title with ``SYNTHETIC DEMO DATA:`` when the figure is drawn from the demo corpus."""
    return f"{SYNTHETIC_PREFIX}{title}" if synthetic else title


def close(fig) -> None:
    """Release a figure made with pyplot (figures from :func:`new_figure` need no closing)."""
    plt.close(fig)
