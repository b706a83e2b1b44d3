"""Charts of irregular series: gaps stay gaps, sparse points are visible, missing cells are grey (issue 14)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.colors import to_rgba

from warsignals.plots import signals as charts
from warsignals.plots.core import MISSING_COLOUR, band, new_figure, with_gaps


def _monthly(months, values):
    periods = pd.to_datetime(months)
    return pd.DataFrame({"period": periods, "value": values, "lo": np.array(values) - 1.0,
                         "hi": np.array(values) + 1.0, "n_docs": 3})


def test_missing_periods_break_the_line_and_an_isolated_month_is_marked():
    frame = _monthly(["2022-01-01", "2022-02-01", "2022-03-01", "2022-06-01", "2022-09-01", "2022-10-01"],
                     [1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    gapped = with_gaps(frame)
    assert gapped["value"].isna().sum() == 2  # one break before June, one before September
    fig, ax = new_figure()
    band(ax, frame, colour="#0072B2")
    line = ax.lines[0]
    y = np.asarray(line.get_ydata(), dtype=float)
    # no segment of the drawn line joins March to June or June to September
    segments = [(a, b) for a, b in zip(y[:-1], y[1:], strict=True) if np.isfinite(a) and np.isfinite(b)]
    assert (3.0, 4.0) not in segments and (4.0, 5.0) not in segments and (1.0, 2.0) in segments
    isolated_marks = [ln for ln in ax.lines[1:] if ln.get_marker() == "o"]
    assert isolated_marks and list(isolated_marks[0].get_ydata()) == [4.0]
    assert len(ax.collections) >= 2  # band + the isolated point's error bar


def test_annual_series_are_points_with_error_bars():
    frame = _monthly(["2019-01-01", "2020-01-01", "2021-01-01"], [1.0, 2.0, 3.0])
    fig, ax = new_figure()
    band(ax, frame)
    assert ax.lines[0].get_linewidth() == 0 and ax.lines[0].get_marker() == "o"
    segments = ax.collections[-1].get_segments()
    assert [tuple(s[:, 1]) for s in segments] == [(0.0, 2.0), (1.0, 3.0), (2.0, 4.0)]


def test_missing_heatmap_cells_are_grey_not_zero():
    categories = pd.DataFrame({"period": pd.to_datetime(["2022-01-01", "2022-02-01"] * 2),
                               "category": ["nuclear_threat"] * 2 + ["ceasefire_proposal"] * 2,
                               "value": [1.0, np.nan, 0.0, 2.0]})
    fig = charts.signal_categories(categories)
    image = fig.axes[0].images[0]
    assert np.ma.is_masked(image.get_array()) and image.get_array().mask.sum() == 1
    np.testing.assert_allclose(image.get_cmap().get_bad(), to_rgba(MISSING_COLOUR))


def test_signals_lead_lag_survives_rounding_and_refusal():
    table = pd.DataFrame({"lag": [-1, 0, 1], "r": [0.2, 0.5, -0.68], "lo": [0.1, 0.5 + 4e-16, -0.9],
                          "hi": [0.3, 0.7, -0.68 - 1e-16], "n": 20, "best": [False, False, True], "p_max": 0.3,
                          "n_perm": 999, "note": ""})
    fig = charts.signals_lead_lag(table)
    assert "p of the largest |r| = 0.300" in fig.axes[0].get_title()
    refused = pd.DataFrame({"lag": [np.nan], "r": [np.nan], "lo": [np.nan], "hi": [np.nan], "n": [0],
                            "best": [False], "p_max": [np.nan], "n_perm": [999],
                            "note": ["refused: 3 consecutive period(s)"]})
    fig = charts.signals_lead_lag(refused)
    assert any("refused: 3 consecutive" in t.get_text() for t in fig.axes[0].texts)
