"""Period assignment, the document bootstrap and the event timeline."""

import numpy as np
import pandas as pd
import pytest

from warsignals.errors import InputError, ParameterError
from warsignals.timeseries import assign_period, bootstrap_ratio, load_events


def test_assign_period_known_answers():
    dates = pd.Series(pd.to_datetime(["2024-05-29", "2024-06-02", "2024-02-29"]))
    assert list(assign_period(dates, "week")) == list(pd.to_datetime(["2024-05-27", "2024-05-27", "2024-02-26"]))
    assert list(assign_period(dates, "month")) == list(pd.to_datetime(["2024-05-01", "2024-06-01", "2024-02-01"]))
    assert list(assign_period(dates, "quarter")) == list(pd.to_datetime(["2024-04-01", "2024-04-01", "2024-01-01"]))
    with pytest.raises(ParameterError, match="frequency"):
        assign_period(dates, "fortnight")


def _frame(seed=0, n_docs=60, rate=0.3):
    rng = np.random.default_rng(seed)
    docs = np.repeat(np.arange(n_docs), 40)
    return pd.DataFrame({
        "doc_id": docs,
        "period": np.where(docs < n_docs // 2, "a", "b"),
        "hit": (rng.random(len(docs)) < rate).astype(int),
        "den": 1,
    })


def test_bootstrap_ratio_value_and_interval_cover_truth():
    frame = _frame()
    result = bootstrap_ratio(frame, "hit", by=["period"], scale=1000, n_boot=400, seed=1)
    assert list(result.columns) == ["period", "series", "value", "lo", "hi", "n_docs", "n_units"]
    expected = frame.groupby("period")["hit"].mean() * 1000
    np.testing.assert_allclose(result["value"], expected.to_numpy())
    assert (result["lo"] < result["value"]).all() and (result["value"] < result["hi"]).all()
    assert ((result["lo"] < 300) & (result["hi"] > 300)).all()
    assert list(result["n_docs"]) == [30, 30] and list(result["n_units"]) == [1200, 1200]


def test_bootstrap_ratio_with_denominator_and_min_units_and_determinism():
    frame = _frame()
    frame["den"] = frame["hit"] + 1
    first = bootstrap_ratio(frame, ["hit"], denominator="den", by=["period"], seed=3, n_boot=100)
    again = bootstrap_ratio(frame, ["hit"], denominator="den", by=["period"], seed=3, n_boot=100)
    pd.testing.assert_frame_equal(first, again)
    sums = frame.groupby("period")[["hit", "den"]].sum()
    np.testing.assert_allclose(first["value"], (sums["hit"] / sums["den"]).to_numpy())
    sparse = bootstrap_ratio(frame, "hit", by=["period"], min_units=5000, n_boot=10)
    assert sparse["value"].isna().all() and sparse["lo"].isna().all()


def test_bootstrap_interval_widens_with_document_clustering():
    # Sentences within a document share its rate: resampling documents must give a wider band than if every
    # sentence were its own document.
    rng = np.random.default_rng(5)
    doc_rates = rng.uniform(0, 0.8, size=40)
    docs = np.repeat(np.arange(40), 50)
    frame = pd.DataFrame({"doc_id": docs, "period": "p", "hit": rng.random(len(docs)) < doc_rates[docs]})
    frame["hit"] = frame["hit"].astype(int)
    clustered = bootstrap_ratio(frame, "hit", n_boot=300)
    naive = bootstrap_ratio(frame.assign(doc_id=np.arange(len(frame))), "hit", n_boot=300)
    assert (clustered["hi"] - clustered["lo"]).iloc[0] > 1.5 * (naive["hi"] - naive["lo"]).iloc[0]


def test_bootstrap_ratio_rejects_missing_columns_and_bad_confidence():
    with pytest.raises(ParameterError, match="lacks column"):
        bootstrap_ratio(pd.DataFrame({"doc_id": [1]}), "hit")
    with pytest.raises(ParameterError, match="confidence"):
        bootstrap_ratio(_frame(), "hit", confidence=95)


def test_load_events_project_timeline_and_errors(tmp_path):
    events = load_events()
    assert {"Kharkiv offensive", "Peace summit", "Istanbul talks", "Mobilisation"} <= set(events["label"])
    assert events["date"].is_monotonic_increasing
    assert events.loc[events["label"] == "Peace summit", "date"].iloc[0] == pd.Timestamp("2024-06-15")
    bad = tmp_path / "events.csv"
    bad.write_text("date,label,kind,description\n2024-01-01,a,b,c\nsoon,x,y,z\n")
    with pytest.raises(InputError, match="line 3"):
        load_events(bad)
    with pytest.raises(InputError, match="not found"):
        load_events(tmp_path / "none.csv")
