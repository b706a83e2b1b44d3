"""Validated estimates: known answers by simulation, the coding sheet, the CLI and its error messages."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from warsignals import cli
from warsignals.errors import InputError
from warsignals.validate import (
    combine_sheets,
    corrected_rates,
    draw_sheet,
    fill_sheet_from_truth,
    reliability,
    validity,
)
from warsignals.validate.simulate import (
    code_from_truth,
    coverage_study,
    half_coded_check,
    simulate_corpus,
    summarise,
)


@pytest.fixture(scope="module")
def study():
    """60 synthetic corpora (12 months x 40 documents x 25 sentences), 600 coded sentences each."""
    return coverage_study(n_draws=60, n_coded=600, seed=11)


def test_simulated_scorer_has_the_planted_precision_and_recall():
    corpus = simulate_corpus(seed=5)
    for signal in ("escalation", "negotiation"):
        predicted, true = corpus["signal"] == signal, corpus["true_signal"] == signal
        precision = (predicted & true).sum() / predicted.sum()
        recall = (predicted & true).sum() / true.sum()
        assert 0.45 < precision < 0.56 and 0.65 < recall < 0.75, (signal, precision, recall)


@pytest.mark.slow
def test_raw_series_is_biased_and_its_intervals_miss_the_truth(study):
    raw = summarise(study).set_index("series").loc["raw"]
    assert raw["mean_bias"] > 0.02  # 40% too many signals on average (precision 0.5, recall 0.7)
    assert raw["coverage"] < 0.5
    # The bias drifts with the period (errors correlated with time): early and late months differ.
    by_period = (study["raw_share"] - study["truth"]).groupby(study["period"]).mean()
    assert by_period.iloc[-3:].mean() - by_period.iloc[:3].mean() > 0.02


@pytest.mark.slow
def test_corrected_series_is_unbiased_and_covers_the_truth(study):
    summary = summarise(study).set_index("series")
    corrected, raw = summary.loc["corrected"], summary.loc["raw"]
    assert abs(corrected["mean_bias"]) < 0.004 and abs(corrected["mean_bias"]) < raw["mean_bias"] / 5
    assert corrected["coverage"] >= 0.90
    per_period = study.groupby(["period", "signal"])["covers"].mean()
    assert per_period.min() >= 0.75  # no period is left behind
    assert (study["n_coded"] > 0).all()


def test_half_coded_table_covers_the_full_tables_shares():
    corpus = simulate_corpus(seed=21)
    cells = half_coded_check(corpus, seed=4)
    summary = summarise(cells).set_index("series")
    assert summary.loc["corrected", "coverage"] >= 0.80
    assert summary.loc["corrected", "mean_abs_error"] < summary.loc["raw", "mean_abs_error"]
    assert summary.loc["raw", "coverage"] < 0.5


def test_stratified_sheet_probabilities_correct_oversampling():
    corpus = simulate_corpus(seed=8)
    sheet = draw_sheet(corpus, n=600, strata="signal", seed=2, context=0, targets=[])
    counts = corpus["signal"].value_counts()
    drawn = sheet.groupby("stratum")["inclusion_probability"].agg(["first", "size"])
    for signal, row in drawn.iterrows():
        assert row["first"] == pytest.approx(row["size"] / counts[signal])
    assert sheet["stratum"].value_counts().nunique() == 1  # equal allocation: 200 per stratum
    coded = code_from_truth(sheet, corpus)
    table = corrected_rates(corpus, coded, frequency="year", min_coded=1)
    truth = corpus["true_signal"].value_counts(normalize=True)
    for signal in ("escalation", "negotiation"):
        row = table[table["signal"] == signal].iloc[0]
        assert row["lo"] <= truth[signal] <= row["hi"]
        assert abs(row["corrected_share"] - truth[signal]) < abs(row["raw_share"] - truth[signal])


def test_partly_coded_sheet_is_rescaled_not_biased():
    corpus = simulate_corpus(seed=9)
    sheet = code_from_truth(draw_sheet(corpus, n=1200, strata="signal", seed=3, context=0, targets=[]), corpus)
    half = sheet.assign(human_signal=np.where(sheet["row"] <= 600, sheet["human_signal"], ""))
    full = corrected_rates(corpus, sheet, frequency="year", min_coded=1).set_index("signal")
    part = corrected_rates(corpus, half, frequency="year", min_coded=1).set_index("signal")
    truth = corpus["true_signal"].value_counts(normalize=True)
    assert part.loc["escalation", "n_coded"] == 600
    for signal in ("escalation", "negotiation"):
        assert part.loc[signal, "lo"] <= truth[signal] <= part.loc[signal, "hi"]
        assert part.loc[signal, "se"] > full.loc[signal, "se"]


def test_validity_is_design_weighted():
    corpus = simulate_corpus(seed=12)
    sheet = code_from_truth(draw_sheet(corpus, n=900, strata="signal", seed=1, context=0, targets=[]), corpus)
    report = validity(corpus, sheet, n_boot=200)["signal"]
    escalation = report["per_label"]["escalation"]
    predicted, true = corpus["signal"] == "escalation", corpus["true_signal"] == "escalation"
    corpus_recall = (predicted & true).sum() / true.sum()
    assert escalation["recall_lo"] <= corpus_recall <= escalation["recall_hi"]
    # The unweighted sheet overstates recall: true escalations the scorer missed sit in the undersampled "none".
    counts = report["confusion_unweighted"]["escalation"]
    assert counts["escalation"] / sum(counts.values()) > corpus_recall + 0.1


def test_krippendorff_alpha_on_two_coders_overlap():
    a = pd.DataFrame({"doc_id": ["d"] * 4, "sent_id": range(4),
                      "human_signal": ["none", "escalation", "negotiation", "none"]})
    b = a.assign(human_signal=["none", "escalation", "none", ""])
    result = reliability([a, b])
    assert result["human_signal"]["n_units"] == 3
    assert result["human_signal"]["alpha"] < 1.0


def test_demo_truth_fills_the_sheet():
    from warsignals.demo import generate_demo_corpus

    demo = generate_demo_corpus(n_documents=12)
    scored = demo.sentences.assign(date=pd.Timestamp("2024-01-01"))
    sheet = draw_sheet(scored, n=40, seed=1)
    filled = fill_sheet_from_truth(sheet, demo.sentences)
    truth = demo.sentences.set_index(["doc_id", "sent_id"])
    assert (filled["human_signal"].to_numpy() == truth.loc[list(zip(sheet["doc_id"], sheet["sent_id"],
                                                                     strict=True)), "signal"].to_numpy()).all()
    stance_columns = [c for c in filled.columns if c.startswith("human_stance_")]
    assert stance_columns and filled[stance_columns].isin(["FAVOR", "AGAINST", "NONE"]).all().all()


# ---- command line ---------------------------------------------------------------------------------------
@pytest.fixture
def scored_file(tmp_path):
    corpus = simulate_corpus(n_periods=4, docs_per_period=15, seed=2)
    path = tmp_path / "scored.parquet"
    corpus.to_parquet(path, index=False)
    return path, corpus


def _coded_sheet(tmp_path, scored_file, n=160):
    path, corpus = scored_file
    sheet_path = tmp_path / "sheet.csv"
    assert cli.main(["sample", str(path), "-o", str(sheet_path), "--n", str(n), "--strata", "signal",
                     "--seed", "4"]) == 0
    sheet = pd.read_csv(sheet_path, dtype=str, keep_default_na=False)
    assert sheet["human_signal"].eq("").all() and "signal" not in sheet.columns  # scorer hidden
    assert {"context_before", "context_after", "inclusion_probability", "human_stance_negotiations"} <= set(sheet)
    assert (tmp_path / "sheet.README.md").read_text().count("codebook.md") >= 1
    coded = code_from_truth(sheet.assign(sent_id=sheet["sent_id"].astype(int)), corpus)
    coded.to_csv(sheet_path, index=False)
    return sheet_path, coded


@pytest.mark.slow
def test_cli_sample_fill_validate(tmp_path, scored_file, capsys):
    sheet_path, coded = _coded_sheet(tmp_path, scored_file)
    second = tmp_path / "coder2.csv"
    coded.iloc[:50].assign(human_signal=coded["human_signal"].iloc[:50].str.upper()).to_csv(second, index=False)
    out = tmp_path / "out"
    assert cli.main(["validate", str(scored_file[0]), "--coded", str(sheet_path), str(second), "-o", str(out),
                     "--frequency", "month", "--by", "source", "--n-boot", "100"]) == 0
    rates = pd.read_csv(out / "corrected_rates.csv")
    assert list(rates.columns[:10]) == ["period", "group", "signal", "raw_share", "corrected_share", "lo", "hi",
                                        "n_sentences", "n_coded", "n_docs"]
    assert set(rates["group"]) == {"source A", "source B"}
    report = json.loads((out / "validity.json").read_text())
    assert report["reliability"]["human_signal"] == {"alpha": 1.0, "n_units": 50}
    assert 0 < report["signal"]["macro_f1_lo"] <= report["signal"]["macro_f1"] <= report["signal"]["macro_f1_hi"]
    assert (out / "corrected_rates.png").exists() and (out / "corrected_rates.json").exists()
    first = (out / "corrected_rates.png").read_bytes()
    assert cli.main(["validate", str(scored_file[0]), "--coded", str(sheet_path), str(second), "-o", str(out),
                     "--frequency", "month", "--by", "source", "--n-boot", "100"]) == 0
    assert (out / "corrected_rates.png").read_bytes() == first


def test_cli_show_scorer(tmp_path, scored_file):
    sheet_path = tmp_path / "shown.csv"
    assert cli.main(["sample", str(scored_file[0]), "-o", str(sheet_path), "--n", "20", "--show-scorer"]) == 0
    assert "signal" in pd.read_csv(sheet_path).columns


@pytest.mark.parametrize(("edit", "message"), [
    (lambda s: s.drop(columns=["inclusion_probability"]), "missing column(s) inclusion_probability"),
    (lambda s: s.assign(doc_id=["nope"] + list(s["doc_id"].iloc[1:])), "row 2: (doc_id, sent_id) = (nope,"),
    (lambda s: s.assign(inclusion_probability=["0"] + list(s["inclusion_probability"].iloc[1:])),
     "row 2: inclusion_probability '0' must be a number in (0, 1]"),
    (lambda s: s.assign(inclusion_probability=list(s["inclusion_probability"].iloc[:2]) + ["abc"]
                        + list(s["inclusion_probability"].iloc[3:])), "row 4: inclusion_probability 'abc'"),
    (lambda s: s.assign(human_signal=["threat"] + list(s["human_signal"].iloc[1:])),
     "row 2: human_signal 'threat' is not one of escalation, mixed, negotiation, none"),
])
def test_cli_errors_name_file_and_row(tmp_path, scored_file, capsys, edit, message):
    sheet_path, coded = _coded_sheet(tmp_path, scored_file, n=40)
    bad = tmp_path / "bad.csv"
    edit(pd.read_csv(sheet_path, dtype=str, keep_default_na=False)).to_csv(bad, index=False)
    assert cli.main(["validate", str(scored_file[0]), "--coded", str(bad), "-o", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(bad) in err and message in err, err


def test_sheets_of_different_draws_are_refused(tmp_path, scored_file):
    _, coded = _coded_sheet(tmp_path, scored_file, n=40)
    other = coded.assign(inclusion_probability=coded["inclusion_probability"].astype(float) / 2)
    with pytest.raises(InputError, match="sheets must come from one draw"):
        combine_sheets([coded, other], ["a.csv", "b.csv"], scored_file[1])


def test_codebook_alias_and_words_that_pandas_would_read_as_missing(tmp_path, scored_file):
    _, coded = _coded_sheet(tmp_path, scored_file, n=40)
    sheet = coded.astype(str).assign(human_signal="None")
    sheet.loc[0, "human_signal"] = "other_conflict"
    path = tmp_path / "words.csv"
    sheet.to_csv(path, index=False)
    from warsignals.validate import read_sheets

    read = read_sheets([path], scored_file[1]).coded
    assert set(read["human_signal"]) == {"none"}
