"""Period assignment, the document bootstrap and the event timeline."""

import numpy as np
import pandas as pd
import pytest

from warsignals.errors import InputError, ParameterError
from warsignals.timeseries import assign_period, bootstrap_ratio, design_effect, load_events, wilson_interval


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
    assert list(result.columns) == ["period", "series", "value", "lo", "hi", "n_docs", "n_units", "numerator",
                                    "denominator", "interval"]
    assert set(result["interval"]) == {"wilson"} and list(result["denominator"]) == [1200, 1200]
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


def test_wilson_interval_known_answers_and_never_zero_width():
    lo, hi = wilson_interval([0, 40, 20], [40, 40, 40], 0.95)
    np.testing.assert_allclose(lo, [0.0, 1 - 0.0876, 0.3520], atol=1e-3)
    np.testing.assert_allclose(hi, [0.0876, 1.0, 0.6480], atol=1e-3)
    assert (hi - lo > 0).all()


def test_design_effect_is_one_without_clustering_and_large_with_it():
    rng = np.random.default_rng(2)
    independent = rng.random(400) < 0.3
    assert design_effect(independent.astype(float), np.ones(400)) < 1.3
    whole_docs = np.repeat([0.0, 1.0], 10) * 20  # 20 documents of 20 sentences, all or nothing
    assert design_effect(whole_docs, np.full(20, 20.0)) > 15


def test_zero_counts_give_an_interval_above_zero_and_denominator_is_the_share_base():
    frame = pd.DataFrame({"doc_id": np.repeat(np.arange(5), 8), "period": "p", "hedged": 0.0,
                          "negotiation": np.tile([1.0, 0, 0, 0, 0, 0, 0, 0], 5)})
    share = bootstrap_ratio(frame, "hedged", denominator="negotiation", n_boot=100)
    row = share.iloc[0]
    assert row["value"] == 0 and row["lo"] == 0 and row["hi"] > 0.3  # 0 of 5 negotiation signals
    assert row["denominator"] == 5 and row["n_units"] == 40
    forced = bootstrap_ratio(frame, "hedged", denominator="negotiation", n_boot=100, interval="bootstrap")
    assert forced["hi"].iloc[0] == 0  # the percentile bootstrap collapses at 0: why it is not the default


def _clustered_sample(rng, p, n_docs, sentences, icc=0.1):
    # documents draw their own rate from a Beta with mean p and intra-class correlation icc
    a = p * (1 - icc) / icc
    b = (1 - p) * (1 - icc) / icc
    rates = rng.beta(a, b, size=n_docs) if p > 0 else np.zeros(n_docs)
    docs = np.repeat(np.arange(n_docs), sentences)
    return pd.DataFrame({"doc_id": docs, "period": "p", "hit": (rng.random(len(docs)) < rates[docs]).astype(float)})


@pytest.mark.parametrize("p, n_docs, sentences", [(0.0, 4, 10), (0.01, 5, 10), (0.03, 8, 10), (0.1, 4, 5),
                                                  (0.5, 3, 4), (0.97, 6, 6)])
@pytest.mark.slow
def test_interval_coverage_at_small_counts_by_simulation(p, n_docs, sentences):
    rng = np.random.default_rng(11)
    covered = []
    for _ in range(400):
        frame = _clustered_sample(rng, p, n_docs, sentences)
        row = bootstrap_ratio(frame, "hit", n_boot=50).iloc[0]
        assert row["hi"] > row["lo"]
        covered.append(row["lo"] <= p <= row["hi"])
    assert np.mean(covered) >= 0.9, (p, np.mean(covered))


def test_signed_share_interval_for_the_net_index():
    frame = pd.DataFrame({"doc_id": np.arange(30), "period": "p", "net": np.r_[np.ones(10), -np.ones(5),
                                                                               np.zeros(15)]})
    row = bootstrap_ratio(frame, "net", n_boot=50).iloc[0]
    assert row["interval"] == "wilson" and row["lo"] < 5 / 30 < row["hi"] and -1 <= row["lo"] and row["hi"] <= 1
