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
