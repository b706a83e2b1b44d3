"""Custom periods: ``frequency`` names a column (e.g. ``session``) whose values name each row's period."""

from __future__ import annotations

import pandas as pd
import pytest

from warsignals.errors import ParameterError
from warsignals.signals import signal_rates
from warsignals.timeseries import period_column, period_names


def _scored() -> pd.DataFrame:
    """Two debate sessions; a late speech of session 77 is dated in the calendar year of session 78's start."""
    plan = [  # doc_id, date, session, negotiation signals out of 10 sentences
        ("a", "2022-09-20", "UNGA-77", 1), ("b", "2022-09-26", "UNGA-77", 3), ("c", "2023-01-15", "UNGA-77", 2),
        ("d", "2023-09-19", "UNGA-78", 5), ("e", "2023-09-25", "UNGA-78", 7),
    ]
    rows = []
    for doc, date, session, n_neg in plan:
        for sid in range(10):
            rows.append({"doc_id": doc, "sent_id": sid, "date": pd.Timestamp(date), "session": session,
                         "signal": "negotiation" if sid < n_neg else "none", "hedged": False, "actor": "",
                         "category": "readiness_for_talks" if sid < n_neg else ""})
    return pd.DataFrame(rows)


def test_a_column_names_the_period_whatever_the_dates():
    scored = _scored()
    periods = period_column(scored, "session")
    assert periods[scored["doc_id"] == "c"].iloc[0] == pd.Timestamp("2022-09-20")  # session 77, not 2023
    assert period_names(scored, "session")["period_name"].tolist() == ["UNGA-77", "UNGA-78"]
    overall = signal_rates(scored, frequency="session", n_boot=0)["overall"]
    negotiation = overall[overall["series"] == "negotiation"].set_index("period_name")
    assert negotiation.loc["UNGA-77", "value"] == pytest.approx(1000 * 6 / 30)
    assert negotiation.loc["UNGA-78", "value"] == pytest.approx(1000 * 12 / 20)
    assert negotiation.loc["UNGA-77", "n_docs"] == 3
    # the calendar year mixes the sessions: document c counts with 2023
    yearly = signal_rates(scored, frequency="year", n_boot=0)["overall"]
    assert "period_name" not in yearly.columns
    assert yearly.loc[(yearly["series"] == "negotiation") & (yearly["period"] == pd.Timestamp("2023-01-01")),
                      "n_docs"].iloc[0] == 3


def test_unknown_frequency_and_indistinguishable_sessions_are_refused():
    scored = _scored()
    with pytest.raises(ParameterError, match="or a column whose values name the period, not 'fortnight'"):
        period_column(scored, "fortnight")
    same_day = scored.assign(session=scored["session"].where(scored["doc_id"] != "a", "special"))
    with pytest.raises(ParameterError, match="start on the same day"):
        period_column(same_day.assign(date=same_day["date"].where(same_day["doc_id"] != "b",
                                                                   pd.Timestamp("2022-09-20"))), "session")
