"""Tests of the stance CLI: train stance, evaluate stance, and scoring a table."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from warsignals import config
from warsignals.cli import main

FAVOR = ["We must keep sending weapons to Ukraine", "More air defence for Ukraine now",
         "Arm Ukraine, the aid must go on", "Weapons deliveries to Ukraine save lives",
         "Increase the military aid without delay", "Proud that we keep arming Ukraine"]
AGAINST = ["Stop sending weapons, this is not our war", "The aid only prolongs the killing",
           "No more billions for weapons abroad", "Cut the military aid now",
           "Our money should stay home, no more arms", "Enough weapons, the aid must end"]
NONE = ["The weather in Kyiv was cold today", "A new bridge opened in the city",
        "The football match ended in a draw", "Trains ran late because of snow",
        "The museum reopened after repairs", "Bread prices rose a little in March"]


@pytest.fixture
def labels_csv(tmp_path):
    rows = [(t, "FAVOR") for t in FAVOR] + [(t, "AGAINST") for t in AGAINST] + [(t, "NONE") for t in NONE]
    frame = pd.DataFrame(rows, columns=["tweet", "stance"])
    frame["split"] = ["train", "train", "dev"] * 6
    frame["topic"] = "military_aid"
    path = tmp_path / "labels.csv"
    frame.to_csv(path, index=False)
    return path


def test_train_then_evaluate_prints_json(labels_csv, tmp_path, capsys):
    model_dir = tmp_path / "model"
    code = main(["train", "stance", "--labels", str(labels_csv), "--text-column", "tweet", "--label-column",
                 "stance", "--target", "military_aid", "--no-select", "--cv", "2", "-o", str(model_dir)])
    assert code == 0
    trained = json.loads(capsys.readouterr().out)
    assert trained["n_rows"] == 18 and trained["targets"] == ["military_aid"]
    assert (model_dir / "model.skops").is_file() and (model_dir / "model.json").is_file()
    code = main(["evaluate", "stance", "--model", str(model_dir), "--labels", str(labels_csv), "--text-column",
                 "tweet", "--label-column", "stance", "--target", "military_aid", "--split-column", "split",
                 "--split", "dev"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["rows_scored"] == 6
    assert set(report["per_class"]) == {"AGAINST", "FAVOR", "NONE"}
    assert 0.0 <= report["semeval_macro_f"] <= 1.0
    assert sum(map(sum, report["confusion_matrix"]["matrix"])) == 6


def test_evaluate_weak_model_uses_target(labels_csv, capsys):
    code = main(["evaluate", "stance", "--model", "weak", "--labels", str(labels_csv), "--text-column", "tweet",
                 "--label-column", "stance", "--target-column", "topic", "--target", "military_aid"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["rows_scored"] == 18
    # the seed phrases catch several of these texts: better than chance on the stance classes
    assert report["semeval_macro_f"] > 0.4


def test_cli_errors_are_one_line(labels_csv, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    pd.DataFrame({"text": ["a", "b"], "label": ["FAVOR", "perhaps"]}).to_csv(bad, index=False)
    assert main(["train", "stance", "--labels", str(bad), "-o", str(tmp_path / "m")]) == 1
    err = capsys.readouterr().err
    assert "line 3" in err and "Traceback" not in err
    assert main(["evaluate", "stance", "--model", str(tmp_path / "nope"), "--labels", str(labels_csv),
                 "--text-column", "tweet", "--label-column", "stance"]) == 1
    assert "not a stance model directory" in capsys.readouterr().err
    assert main(["evaluate", "stance", "--model", "weak", "--labels", str(labels_csv), "--text-column", "tweet",
                 "--label-column", "stance"]) == 1
    assert "needs --target" in capsys.readouterr().err
    assert main(["stance", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "o.csv"), "--target", "Russia"]) == 1
    assert "file not found" in capsys.readouterr().err


@pytest.mark.slow
def test_score_table_writes_sentences_and_documents(tmp_path, capsys):
    sample = config.SAMPLES_DIR / "logic-of-war_ceasefire-talks-and-military-aid.txt"
    if not sample.exists():
        pytest.skip(f"shared data absent: {sample}")
    from warsignals.sentences import split_sentences

    documents = pd.DataFrame({"doc_id": ["sample"], "text": [sample.read_text(encoding="utf-8")],
                              "date": [pd.Timestamp("2024-05-24")], "source": ["s"], "speaker": ["a"]})
    path = tmp_path / "sentences.parquet"
    split_sentences(documents, progress=False).to_parquet(path)
    out, docs = tmp_path / "stance.parquet", tmp_path / "docs.csv"
    code = main(["stance", str(path), "-o", str(out), "--target", "negotiations", "--target", "military_aid",
                 "--documents", str(docs)])
    assert code == 0
    scored = pd.read_parquet(out)
    assert {"doc_id", "sent_id", "target", "stance", "probability"} <= set(scored.columns)
    table = pd.read_csv(docs).set_index("target")
    assert table.loc["military_aid", "stance"] == "FAVOR"
    assert table.loc["negotiations", "stance"] == "AGAINST"
    assert json.loads(capsys.readouterr().out)["rows"] == len(scored) // 2


@pytest.mark.slow
def test_ruw_supervised_beats_baseline_on_dev(tmp_path, capsys):
    """Train on RUW train, evaluate on dev from the CLI; the supervised model beats the TF-IDF baseline."""
    if not config.RUW_TRAIN_DEV.exists():
        pytest.skip(f"shared data absent: {config.RUW_TRAIN_DEV}")
    frame = pd.read_csv(config.RUW_TRAIN_DEV)
    train = tmp_path / "train.csv"
    frame[frame["split"] == "train"].to_csv(train, index=False)
    model_dir = tmp_path / "ruw"
    assert main(["train", "stance", "--labels", str(train), "--target-column", "target", "--no-select",
                 "-o", str(model_dir)]) == 0
    capsys.readouterr()
    assert main(["evaluate", "stance", "--model", str(model_dir), "--labels", str(config.RUW_TRAIN_DEV),
                 "--target-column", "target", "--split-column", "split", "--split", "dev"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["rows_scored"] == 1200
    from warsignals.evaluate import semeval_macro_f
    from warsignals.stance import baseline_model

    for target, score in report["per_target"].items():
        rows_train = frame[(frame["split"] == "train") & (frame["target"] == target)]
        rows_dev = frame[(frame["split"] == "dev") & (frame["target"] == target)]
        baseline = baseline_model().fit(rows_train["text"], rows_train["label"])
        assert score > semeval_macro_f(rows_dev["label"], baseline.predict(rows_dev["text"])) + 0.04, target
    # zero labels: the weak model fitted on the dev texts alone; NONE examples from texts that do not mention
    # the target suit these opinion-dense tweets better than NONE from texts without votes
    weak = {}
    for name in ("weak", "weak:unmentioned"):
        assert main(["evaluate", "stance", "--model", name, "--labels", str(config.RUW_TRAIN_DEV),
                     "--target-column", "target", "--split-column", "split", "--split", "dev"]) == 0
        weak[name] = json.loads(capsys.readouterr().out)["per_target"]
    for target in ("Russia", "Ukraine"):
        assert weak["weak:unmentioned"][target] > weak["weak"][target] + 0.05, target


def _scored_by_hand() -> pd.DataFrame:
    """Two quarters, one target: Q1 3 FAVOR of 4 stance-bearing units, Q2 a single AGAINST unit."""
    rows = [("d1", "2024-01-05", "FAVOR", 0.9, "aid works"), ("d1", "2024-01-06", "FAVOR", 0.7, "aid helps"),
            ("d2", "2024-02-01", "FAVOR", 0.8, "aid works"), ("d3", "2024-03-01", "AGAINST", 0.6, "stop aid"),
            ("d3", "2024-03-02", "NONE", 0.9, "rain"), ("d4", "2024-04-02", "AGAINST", 0.9, "no more aid")]
    frame = pd.DataFrame(rows, columns=["doc_id", "date", "stance", "probability", "text"])
    return frame.assign(date=pd.to_datetime(frame["date"]), target="military_aid", source="s", lfs="")


def test_favor_share_and_driving_sentences_by_hand():
    from warsignals import stance

    scored = _scored_by_hand()
    shares = stance.favor_share(scored, "quarter", n_boot=50, min_units=2)
    assert shares["value"].iloc[0] == pytest.approx(0.75) and shares["n_units"].tolist() == [4, 1]
    assert shares["value"].isna().tolist() == [False, True]  # one unit is below min_units: no estimate
    drivers = stance.stance_driving_sentences_table(scored, shares, top_n=2, frequency="quarter")
    # the majority of Q1 is FAVOR; "aid works" counts once; Q2 has no estimate, so no driving sentence
    assert drivers["sentence"].tolist() == ["aid works", "aid helps"]
    assert drivers["probability"].tolist() == [0.9, 0.7]
    planted = pd.DataFrame({"series": "stance_favor_share", "group": "military_aid",
                            "period": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"]),
                            "value": [0.6, 0.8, 1.0]})
    truth = stance.planted_favor_share(planted, ["military_aid"], "quarter")
    assert truth["value"].tolist() == [pytest.approx(0.8)]
    recovery = stance.recovery_summary(stance.planted_comparison(shares, truth))
    assert recovery.loc[0, "periods"] == 1 and recovery.loc[0, "mean_abs_error"] == pytest.approx(0.05)


@pytest.mark.slow
def test_cli_writes_the_notebook_stance_tables(tmp_path, capsys):
    from warsignals import stance
    from warsignals.demo import generate_demo_corpus, planted_curves
    from warsignals.sentences import split_sentences
    from warsignals.tables import write_table

    sentences = split_sentences(generate_demo_corpus(n_documents=60).documents, progress=False)
    sentences.to_parquet(tmp_path / "sentences.parquet")
    write_table(planted_curves(), tmp_path / "curves.csv")  # what `warsignals demo` writes to truth/curves.csv
    out = {name: tmp_path / f"{name}.csv" for name in ("shares", "drivers", "recovery")}
    code = main(["stance", str(tmp_path / "sentences.parquet"), "-o", str(tmp_path / "stance.parquet"),
                 "--target", "military_aid", "--target", "Russia", "--frequency", "quarter", "--n-boot", "50",
                 "--model", "weak", "--planted", str(tmp_path / "curves.csv"),
                 *[arg for name, path in out.items() for arg in (f"--{name}", str(path))]])
    assert code == 0 and json.loads(capsys.readouterr().out)["shares"] == str(out["shares"])
    # the same calls as notebook 04
    scored = stance.score_units(sentences, ["military_aid", "Russia"], models="weak")
    shares = stance.favor_share(scored, "quarter", n_boot=50)
    expected = {
        "shares": shares,
        "drivers": stance.stance_driving_sentences_table(scored, shares, top_n=2, sentences=sentences,
                                                   frequency="quarter"),
        "recovery": stance.recovery_summary(stance.planted_comparison(
            shares, stance.planted_favor_share(planted_curves(), ["military_aid", "Russia"], "quarter"))),
    }
    for name, path in out.items():
        written = pd.read_csv(path)
        assert len(written) == len(expected[name]) > 0, name
        assert list(written.columns) == list(expected[name].columns), name
    assert {"doc_id", "sent_id", "start", "end"} <= set(pd.read_csv(out["drivers"]).columns)
    assert pd.read_csv(out["shares"])["value"].round(9).equals(shares["value"].round(9).reset_index(drop=True))
    assert (pd.read_csv(out["recovery"])["pearson_r"] > 0.3).all()


def test_stance_over_time_needs_a_sentences_table(tmp_path, capsys):
    table = tmp_path / "texts.csv"
    pd.DataFrame({"text": ["We must arm Ukraine"]}).to_csv(table, index=False)
    code = main(["stance", str(table), "-o", str(tmp_path / "o.csv"), "--target", "military_aid",
                 "--shares", str(tmp_path / "s.csv")])
    err = capsys.readouterr().err
    assert code == 1 and "need a run's sentences table" in err and len(err.strip().splitlines()) == 1
