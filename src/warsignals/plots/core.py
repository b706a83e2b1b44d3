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


def with_gaps(frame: pd.DataFrame, x: str = "period") -> pd.DataFrame:
    """Sort by ``x`` and insert a NaN row wherever a period is missing, so lines break there.

    A step between consecutive periods larger than 1.5 times the smallest step counts as a gap (monthly data:
    two months apart; annual data: two years apart). Tables completed with
    :func:`warsignals.timeseries.complete_periods` already carry NaN rows and pass through unchanged.
    """
    data = frame.sort_values(x).reset_index(drop=True)
    if len(data) < 3 or not pd.api.types.is_datetime64_any_dtype(data[x]):
        return data
    steps = data[x].diff().dt.days.to_numpy()[1:]
    smallest = steps[steps > 0].min() if (steps > 0).any() else 0
    if smallest <= 0:
        return data
    breaks = data[x].iloc[1:][steps > 1.5 * smallest]
    if breaks.empty:
        return data
    filler = pd.DataFrame({x: breaks - pd.Timedelta(days=1)})
    return pd.concat([data, filler], ignore_index=True).sort_values(x, kind="stable").reset_index(drop=True)


def isolated(values: pd.Series) -> pd.Series:
    """True where a value is present but both neighbours (in the given order) are missing."""
    present = values.notna()
    before = present.shift(1, fill_value=False)
    after = present.shift(-1, fill_value=False)
    return present & ~before & ~after


def thin_periods(frame: pd.DataFrame, min_docs: int, x: str = "period", n: str = "n_docs") -> list:
    """Periods of ``frame`` with fewer than ``min_docs`` documents (none when ``min_docs <= 1`` or no ``n``)."""
    if min_docs <= 1 or n not in frame or x not in frame or frame.empty:
        return []
    counts = frame.groupby(x)[n].max()
    return sorted(counts.index[counts < min_docs])


def grey_thin(ax, periods: list, frame: pd.DataFrame | None = None, x: str = "period") -> None:
    """Shade the periods left out for too few documents in light grey on ``ax``."""
    done = getattr(ax, "_warsignals_greyed", set())
    periods = [p for p in periods if p not in done]
    if not periods:
        return
    ax._warsignals_greyed = done | set(periods)
    width = pd.Timedelta(days=_bar_width(frame[x].dropna().unique() if frame is not None else periods) / 0.8)
    for period in periods:
        start = pd.Timestamp(period) - width / 2
        ax.axvspan(start, start + width, color=MISSING_COLOUR, alpha=0.35, linewidth=0, zorder=0)


def note_thin(fig, periods: Iterable, min_docs: int) -> None:
    """Say above the figure's top right corner how many periods were left out (greyed) for too few documents."""
    count = len(set(periods))
    if count:
        fig.text(0.99, 1.0, f"{count} period(s) with fewer than {min_docs} documents left out (greyed)",
                 fontsize=6, color="#555555", ha="right", va="bottom")


def band(ax, frame: pd.DataFrame, x: str = "period", y: str = "value", lo: str = "lo", hi: str = "hi",
         label: str | None = None, colour: str | None = None, sparse: int = 24, min_docs: int = 0) -> list:
    """Draw a line with its confidence band; missing periods are gaps, sparse points are marked.

    Missing periods (NaN values, or periods absent from the table, see :func:`with_gaps`) break the line and
    the band. Every point gets a marker when the series has at most ``sparse`` valid points; a point whose
    neighbours are missing is always drawn as a marker with an error bar (a band of one point is invisible).
    Annual series (steps of a year or more) are drawn as points with error bars, not lines. Periods with
    fewer than ``min_docs`` documents (column ``n_docs``) are left out and greyed (:func:`grey_thin`).

    Returns
    -------
    list
        The periods left out for too few documents (for :func:`note_thin`).
    """
    thin = thin_periods(frame, min_docs, x)
    if thin:
        frame = frame.copy()
        frame.loc[frame[x].isin(thin), [c for c in (y, lo, hi) if c in frame]] = float("nan")
        grey_thin(ax, thin, frame, x)
    data = with_gaps(frame, x)
    values = data[y].astype(float)
    steps = data[x].dropna().diff().dt.days if pd.api.types.is_datetime64_any_dtype(data[x]) else pd.Series([])
    annual = len(steps.dropna()) > 0 and steps.dropna().min() >= 360
    n_valid = int(values.notna().sum())
    marker = "o" if n_valid <= sparse or annual else None
    (line,) = ax.plot(data[x], values, label=label, color=colour, linewidth=0 if annual else 1.5, marker=marker,
                      markersize=3.5)
    colour = line.get_color()
    if lo in data and hi in data:
        lows, highs = data[lo].astype(float), data[hi].astype(float)
        single = isolated(values) | annual
        if not annual:
            ax.fill_between(data[x], lows, highs, color=colour, alpha=0.2, linewidth=0)
        points = single & values.notna()
        if points.any():
            ax.plot(data.loc[points, x], values[points], linestyle="none", marker="o", markersize=3.5, color=colour)
            ax.vlines(data.loc[points, x], lows[points], highs[points], color=colour, linewidth=1.2)
    return thin


MISSING_COLOUR = "#BBBBBB"


def heatmap_colours(name: str = "viridis"):
    """A colour map whose missing (NaN) cells are grey, so that a missing period never looks like a zero."""
    return matplotlib.colormaps[name].with_extremes(bad=MISSING_COLOUR)


def documents_strip(ax, frame: pd.DataFrame, x: str = "period", n: str = "n_docs", min_docs: int = 0) -> None:
    """Grey bars of the documents per period along the bottom of ``ax`` (a fifth of its height at most).

    Periods under ``min_docs`` documents get hollow bars and a dashed line marks ``min_docs``.
    """
    if n not in frame or frame.empty:
        return
    counts = frame.groupby(x)[n].max().sort_index()
    strip = ax.inset_axes([0, 0, 1, 0.18], sharex=ax)
    low = counts < min_docs if min_docs > 1 else pd.Series(False, index=counts.index)
    width = _bar_width(counts.index)
    strip.bar(counts.index[~low], counts[~low].to_numpy(), width=width, color="#BBBBBB", linewidth=0)
    if low.any():
        strip.bar(counts.index[low], counts[low].to_numpy(), width=width, facecolor="none", edgecolor="#999999",
                  linewidth=0.6)
        strip.axhline(min_docs, color="#999999", linewidth=0.6, linestyle="--")
    strip.set_axis_off()
    strip.set_ylim(0, max(float(counts.max()), 1.0))
    strip.text(0.0, 1.0, f"documents per period (max {int(counts.max())})", transform=strip.transAxes,
               fontsize=6, color="#777777", va="bottom")


def _bar_width(index) -> float:
    values = pd.Index(index)
    if len(values) < 2 or not pd.api.types.is_datetime64_any_dtype(values):
        return 20.0
    return float(pd.Series(values).diff().dt.days.min()) * 0.8


def event_style(kind: str) -> tuple[str, str]:
    """Colour and line style of an event kind (:data:`warsignals.config.EVENT_KIND_STYLES`, else grey dotted)."""
    return config.EVENT_KIND_STYLES.get(str(kind), config.OTHER_EVENT_STYLE)


def annotate_events(ax, events: pd.DataFrame | None, start=None, end=None, fontsize: float = 6.5,
                    kinds: Iterable[str] | None = None) -> None:
    """Mark dated events (``date, label, kind``) as vertical lines with rotated labels, kinds told apart.

    Only events inside the current x-range (or ``start``..``end``) and, if given, of the listed ``kinds`` are
    drawn; labels of events close together are staggered vertically. Each kind has its colour and line style
    (:func:`event_style`) and the figure gets one legend of the kinds drawn on any of its axes, below the
    plot (so it never replaces an axis's own legend).
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
        colour, linestyle = event_style(row.kind)
        ax.axvline(row.date, color=colour, linewidth=0.7, linestyle=linestyle, zorder=0)
        ax.text(row.date, 0.98 - 0.22 * level, f" {row.label}", transform=transform, rotation=90, va="top",
                ha="right", fontsize=fontsize, color="#333333",
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.75, "pad": 0.5})
    ax.set_xlim(left, right)
    if len(shown):
        _event_legend(ax.figure, list(dict.fromkeys(shown["kind"].astype(str))))


def _event_legend(fig, kinds: list[str]) -> None:
    """One figure legend of the event kinds drawn on any axis of ``fig`` (replaced as panels add kinds)."""
    from matplotlib.lines import Line2D

    drawn = getattr(fig, "_warsignals_event_kinds", [])
    drawn = drawn + [k for k in kinds if k not in drawn]
    fig._warsignals_event_kinds = drawn
    previous = getattr(fig, "_warsignals_event_legend", None)
    if previous is not None:
        previous.remove()
    handles = [Line2D([], [], color=event_style(k)[0], linestyle=event_style(k)[1], linewidth=1.2) for k in drawn]
    fig._warsignals_event_legend = fig.legend(handles, [f"{k} event" for k in drawn], loc="outside lower center",
                                             ncols=min(len(drawn), 6), fontsize=6.5, frameon=False)


def synthetic_title(title: str, synthetic: bool) -> str:
    """Prefix a title with ``SYNTHETIC DEMO DATA:`` when the figure is drawn from the demo corpus."""
    return f"{SYNTHETIC_PREFIX}{title}" if synthetic else title


def close(fig) -> None:
    """Release a figure made with pyplot (figures from :func:`new_figure` need no closing)."""
    plt.close(fig)
