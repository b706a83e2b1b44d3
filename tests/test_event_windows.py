"""Event windows: signal rates (on record and hedged) in the periods around each kind of event."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from warsignals import plots
from warsignals.errors import ParameterError
from warsignals.signals import event_windows_table

MONTHS = pd.date_range("2022-01-01", "2023-12-01", freq="MS")
NEGOTIATION_MONTHS = {pd.Timestamp("2022-06-01"), pd.Timestamp("2022-07-01"), pd.Timestamp("2023-06-01"),
                      pd.Timestamp("2023-07-01")}  # offsets 0 and +1 of the negotiation events


def _scored() -> pd.DataFrame:
    """5 documents x 20 sentences a month; planted counts per 100 sentences of a month.

    Baseline: 2 negotiation signals on record, 3 escalation on record, nothing hedged. In the month of a
    negotiation event and the month after: 10 negotiation signals on record and 5 hedged.
    """
    rows = []
    for month in MONTHS:
        on_record, hedged = (10, 5) if month in NEGOTIATION_MONTHS else (2, 0)
        labels = (["negotiation"] * on_record + ["negotiation_h"] * hedged + ["escalation"] * 3)
        labels += ["none"] * (100 - len(labels))
        for i, label in enumerate(labels):
            rows.append({"doc_id": f"{month:%Y-%m}-d{i % 5}", "sent_id": i // 5, "date": month + pd.Timedelta(days=3),
                         "signal": label.removesuffix("_h"), "hedged": label.endswith("_h")})
    return pd.DataFrame(rows)


EVENTS = pd.DataFrame({
    "date": pd.to_datetime(["2022-03-01", "2022-06-15", "2022-06-20", "2023-06-10", "2023-12-20", "2030-01-01"]),
    "label": ["e", "n1", "n1b", "n2", "a", "future"],
    "kind": ["escalation", "negotiation", "negotiation", "negotiation", "aid", "peace"],
})


def _cell(table, kind, offset, series):
    row = table[(table["kind"] == kind) & (table["offset"] == offset) & (table["series"] == series)]
    assert len(row) == 1
    return row.iloc[0]


def test_event_windows_recover_planted_rates_around_each_kind():
    table = event_windows_table(_scored(), EVENTS, frequency="month", k=2, n_boot=0, seed=1)
    assert set(table["kind"]) == {"escalation", "negotiation", "aid"}  # 'peace' lies outside the corpus
    assert len(table) == 3 * 5 * 4
    # negotiation events: planted 100 on record and 50 hedged per 1,000 sentences at offsets 0 and +1
    for offset, on_record, hedged in ((-2, 20, 0), (-1, 20, 0), (0, 100, 50), (1, 100, 50), (2, 20, 0)):
        assert _cell(table, "negotiation", offset, "negotiation_on_record")["value"] == pytest.approx(on_record)
        assert _cell(table, "negotiation", offset, "negotiation_hedged")["value"] == pytest.approx(hedged)
        assert _cell(table, "negotiation", offset, "escalation_on_record")["value"] == pytest.approx(30)
    # two negotiation events in June 2022: counted as events, but their month's sentences only once
    zero = _cell(table, "negotiation", 0, "negotiation_on_record")
    assert zero["n_events"] == 3 and zero["n_units"] == 200 and zero["n_docs"] == 10
    assert zero["numerator"] == 20 and zero["denominator"] == 200
    # the escalation event (March 2022): offsets 0..+2 are baseline months
    assert _cell(table, "escalation", 0, "negotiation_on_record")["value"] == pytest.approx(20)
    # the aid event in the corpus's last month: no sentences after it
    after = _cell(table, "aid", 1, "negotiation_on_record")
    assert np.isnan(after["value"]) and after["n_units"] == 0 and after["n_events"] == 0
    assert _cell(table, "aid", 0, "escalation_on_record")["n_events"] == 1


def test_event_windows_intervals_come_from_the_wilson_interval_and_cover_the_value():
    table = event_windows_table(_scored(), EVENTS, frequency="month", k=1, n_boot=200, seed=1)
    valid = table.dropna(subset=["value"])
    assert (valid["interval"] == "wilson").all()
    assert (valid["lo"] <= valid["value"]).all() and (valid["value"] <= valid["hi"]).all()
    assert (valid["hi"] > valid["lo"]).all()  # never of zero width, also at a rate of 0
    hedged_before = _cell(table, "negotiation", -1, "negotiation_hedged")
    hedged_at = _cell(table, "negotiation", 0, "negotiation_hedged")
    assert hedged_before["value"] == 0 and hedged_before["hi"] < hedged_at["lo"]


def test_event_windows_kinds_filter_and_bad_window():
    table = event_windows_table(_scored(), EVENTS, k=0, kinds=["negotiation"], n_boot=0)
    assert set(table["kind"]) == {"negotiation"} and set(table["offset"]) == {0}
    assert event_windows_table(_scored(), EVENTS[EVENTS["kind"] == "peace"], k=1, n_boot=0).empty
    with pytest.raises(ParameterError, match="k must be"):
        event_windows_table(_scored(), EVENTS, k=-1)
    with pytest.raises(ParameterError, match="kind"):
        event_windows_table(_scored(), EVENTS.drop(columns="kind"), k=1)


def test_event_windows_figure_has_one_panel_per_kind():
    table = event_windows_table(_scored(), EVENTS, k=2, n_boot=100, seed=1)
    fig = plots.event_windows(table, synthetic=True)
    panels = [ax for ax in fig.axes if ax.get_visible() and ax.get_title()]
    assert sorted(ax.get_title().split(" (")[0] for ax in panels) == ["aid", "escalation", "negotiation"]
    assert fig._suptitle.get_text().startswith("SYNTHETIC DEMO DATA")


def test_timeline_annotations_tell_event_kinds_apart_in_one_figure_legend():
    periods = pd.date_range("2022-01-01", "2022-12-01", freq="MS")
    rates = pd.DataFrame({"period": np.tile(periods, 2), "series": ["escalation"] * 12 + ["negotiation"] * 12,
                          "value": 5.0, "lo": 4.0, "hi": 6.0, "n_docs": 3})
    fig = plots.signals_over_time(rates, events=EVENTS)
    labels = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    assert labels == ["escalation event", "negotiation event"]  # 'aid' (2023-12) lies outside 2022
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["escalation", "negotiation"]
    colours = {line.get_color() for line in fig.axes[0].lines if line.get_linestyle() in (":", "--")}
    assert {plots.core.event_style("escalation")[0], plots.core.event_style("negotiation")[0]} <= colours
