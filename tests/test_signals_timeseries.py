"""Tests of change points and lead-lag (warsignals.changepoints) and of signal aggregation/audit helpers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from warsignals.changepoints import (
    ShortSeriesError,
    changepoints,
    detect_changepoints,
    lead_lag,
    lead_lag_table,
)
from warsignals.errors import ParameterError
from warsignals.signals import agreement, audit_sample, score_sentences, signal_rates, signals_kwic_table


def test_detect_changepoints_known_answers():
    rng = np.random.default_rng(0)
    y = np.concatenate([rng.normal(0, 1, 30), rng.normal(4, 1, 30), rng.normal(-2, 1, 20)])
    assert detect_changepoints(y) == pytest.approx([30, 60], abs=1)
    assert detect_changepoints(rng.normal(0, 1, 80)) == []
    assert detect_changepoints([1.0, 2.0]) == []
    with pytest.raises(ParameterError):
        detect_changepoints([1.0, np.nan, 2.0, 3.0])


def test_changepoints_table_with_location_interval():
    rng = np.random.default_rng(1)
    periods = pd.date_range("2022-01-01", periods=48, freq="MS")
    values = np.where(np.arange(48) < 20, 0.0, 3.0) + rng.normal(0, 1, 48)
    table = changepoints(pd.DataFrame({"period": periods, "value": values}), n_boot=100, seed=3)
    assert len(table) == 1
    row = table.iloc[0]
    assert row["lo"] <= periods[20] <= row["hi"]
    assert row["shift"] > 2 and row["support"] > 0.5
    again = changepoints(pd.DataFrame({"period": periods, "value": values}), n_boot=100, seed=3)
    pd.testing.assert_frame_equal(table, again)


def test_lead_lag_recovers_a_known_lead():
    rng = np.random.default_rng(2)
    x = rng.normal(size=80)
    y = np.roll(x, 2) + rng.normal(0, 0.3, 80)  # x leads y by 2 periods
    table = lead_lag(x, y, max_lag=4, n_boot=100, n_perm=100, seed=1)
    best = table[table["best"]].iloc[0]
    assert best["lag"] == 2 and best["r"] > 0.8
    assert best["lo"] < best["r"] < best["hi"] or np.isclose(best["lo"], best["r"])
    assert table["p_max"].iloc[0] < 0.05
    independent = lead_lag(rng.normal(size=80), rng.normal(size=80), max_lag=4, n_boot=50, n_perm=100, seed=1)
    assert independent["p_max"].iloc[0] > 0.01
    with pytest.raises(ParameterError):
        lead_lag(x, y[:-1])


@pytest.mark.parametrize("ar", [0.0, 0.5, 0.8])
@pytest.mark.slow
def test_lead_lag_null_p_values_are_uniform_under_independence(ar):
    # Independent series (white noise, or AR(1) with coefficient 0.5): P(p <= u) must be about u for every u
    rng = np.random.default_rng(17)
    n, max_lag, reps = 40, 4, 300

    def series():
        e = rng.normal(size=n + 50)
        out = np.zeros_like(e)
        for t in range(1, len(e)):
            out[t] = ar * out[t - 1] + e[t]
        return out[50:]

    p_values = np.array([lead_lag(series(), series(), max_lag=max_lag, n_boot=0, n_perm=199)["p_max"].iloc[0]
                         for _ in range(reps)])
    for u in (0.05, 0.1, 0.25, 0.5, 0.75):
        tolerance = 3 * np.sqrt(u * (1 - u) / reps)
        assert abs(np.mean(p_values <= u + 1e-9) - u) < tolerance, (u, np.mean(p_values <= u))


def test_lead_lag_refuses_short_series_with_the_length_needed():
    rng = np.random.default_rng(3)
    with pytest.raises(ShortSeriesError, match="5 aligned pairs at lag 6; at least 12 are needed, i.e. 18"):
        lead_lag(rng.normal(size=11), rng.normal(size=11), max_lag=6)


def _rates(periods, esc, neg):
    return pd.concat([pd.DataFrame({"period": periods, "series": "escalation", "value": esc}),
                      pd.DataFrame({"period": periods, "series": "negotiation", "value": neg})])


def test_lead_lag_table_uses_consecutive_periods_and_lowers_or_refuses():
    rng = np.random.default_rng(4)
    periods = pd.date_range("2020-01-01", periods=60, freq="MS")
    x = rng.normal(size=60)
    y = np.roll(x, 1) + rng.normal(0, 0.2, 60)
    keep = np.ones(60, dtype=bool)
    keep[[10, 30, 31]] = False  # three months without documents: rows absent from the tidy table
    table = lead_lag_table(_rates(periods[keep], x[keep], y[keep]), frequency="month", max_lag=3, n_boot=20)
    assert table["n_periods"].iloc[0] == 60 and table["note"].iloc[0] == ""
    best = table[table["best"]].iloc[0]
    assert best["lag"] == 1 and best["r"] > 0.9
    # lag 1 pairs skip the gaps instead of pairing across them: 59 pairs minus those touching a gap
    assert table.loc[table["lag"] == 1, "n"].iloc[0] == 59 - 5
    kept = lead_lag_table(_rates(periods[:30], x[:30], y[:30]), frequency="month", max_lag=6, n_boot=0)
    assert kept["max_lag"].iloc[0] == 6 and kept["note"].iloc[0] == ""
    short = lead_lag_table(_rates(periods[:16], x[:16], y[:16]), frequency="month", max_lag=6, n_boot=0)
    assert short["max_lag"].iloc[0] == 4 and "lowered from 6 to 4" in short["note"].iloc[0]
    refused = lead_lag_table(_rates(periods[:11], x[:11], y[:11]), frequency="month", max_lag=6, n_boot=0)
    assert len(refused) == 1 and refused["note"].iloc[0].startswith("refused: 11 consecutive period(s)")
    assert refused["r"].isna().all()


@pytest.fixture(scope="module")
def scored():
    rng = np.random.default_rng(0)
    sentences = ["Russia is ready for talks.", "Putin threatened a nuclear strike.", "The weather is mild.",
                 "Anonymous sources say Kyiv is ready for talks."]
    rows = []
    for doc in range(60):
        date = pd.Timestamp("2023-01-01") + pd.DateOffset(months=doc % 6)
        for sid in range(5):
            rows.append((f"d{doc}", sid, sentences[rng.integers(0, 4)], date, "src", ""))
    frame = pd.DataFrame(rows, columns=["doc_id", "sent_id", "sentence", "date", "source", "speaker"])
    return score_sentences(frame)


def test_signal_rates_per_thousand_sentences(scored):
    tables = signal_rates(scored, frequency="month", n_boot=50)
    overall = tables["overall"]
    assert set(overall["series"]) == {"escalation", "negotiation", "net"}
    first = scored[pd.to_datetime(scored["date"]) == pd.Timestamp("2023-01-01")]
    expected = 1000 * first["signal"].isin(["escalation", "mixed"]).mean()
    got = overall[(overall["series"] == "escalation") & (overall["period"] == pd.Timestamp("2023-01-01"))]
    assert got["value"].iloc[0] == pytest.approx(expected)
    assert (got["lo"] <= got["value"]).all() and (got["value"] <= got["hi"]).all()
    assert {"RUS", "UKR"} <= set(tables["by_actor"]["actor"])
    hedged = tables["hedged"]
    assert hedged["value"].between(0, 1).all()
    assert "readiness_for_talks" in set(tables["categories"]["category"])


def test_top_cues_audit_sample_and_agreement(scored, tmp_path):
    top = signals_kwic_table(scored, frequency="quarter", n=2)
    assert {"period", "family", "cue", "count", "example"} <= set(top.columns)
    assert "[" in top["example"].iloc[0]
    sample = audit_sample(scored, n=30, seed=1, strata=("signal",), path=tmp_path / "audit.csv")
    assert len(sample) == 30 and (tmp_path / "audit.csv").is_file()
    assert sample["signal"].value_counts().min() >= 7  # spread over the strata
    assert sample["context_before"].str.len().sum() > 0
    again = audit_sample(scored, n=30, seed=1, strata=("signal",))
    assert sample["audit_id"].tolist() == again["audit_id"].tolist()
    coded = sample.assign(human_signal=sample["signal"])
    coded.loc[coded.index[:3], "human_signal"] = "none"
    result = agreement(coded, "human_signal", "signal")
    assert result["n"] == 30 and 0.85 <= result["percent_agreement"] < 1
    assert 0.5 < result["cohen_kappa"] < 1 and 0.5 < result["krippendorff_alpha"] < 1
    perfect = agreement(sample.assign(human_signal=sample["signal"]), "human_signal", "signal")
    assert perfect["cohen_kappa"] == pytest.approx(1.0)


def test_lead_lag_on_too_few_periods_names_the_periods_not_a_shrunken_lag():
    with pytest.raises(ParameterError, match=r"1 consecutive periods leave 0 aligned pairs at lag 6") as caught:
        lead_lag([0.2], [0.1], max_lag=6)
    assert "max_lag=0" not in str(caught.value)
