"""Tests of ``warsignals score``, ``train signals`` and ``evaluate signals`` through the CLI entry point."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import shared_file

from warsignals import config
from warsignals.cli import main


def _labelled(path):
    rows = [("Russia is ready for negotiations.", "cooperation"), ("Kyiv proposed a ceasefire.", "cooperation"),
            ("Turkey offered to mediate talks.", "cooperation"), ("Putin threatened a nuclear strike.", "conflict"),
            ("Moscow refused to negotiate.", "conflict"), ("Troops shelled the city.", "conflict"),
            ("The minister spoke about the economy.", "neutral"), ("The museum opened.", "neutral"),
            ("Prices rose slightly.", "neutral")] * 2
    pd.DataFrame(rows, columns=["text", "signal3"]).to_csv(path, index=False)
    return path


def test_score_table_keeps_columns(tmp_path, capsys):
    source = tmp_path / "in.csv"
    pd.DataFrame({"id": [1, 2], "sentence": ["We are ready for talks.", "Nice weather."],
                  "speaker": ["Vladimir Putin", ""]}).to_csv(source, index=False)
    assert main(["score", str(source), "-o", str(tmp_path / "out.csv")]) == 0
    out = pd.read_csv(tmp_path / "out.csv")
    assert out["id"].tolist() == [1, 2]
    assert out["signal"].tolist() == ["negotiation", "none"]
    assert out["actor"].fillna("").tolist() == ["RUS", ""]
    assert json.loads(out["cues"].iloc[0])[0]["category"] == "readiness_for_talks"
    assert main(["score", str(source), "-o", str(tmp_path / "out.parquet")]) == 0
    assert pd.read_parquet(tmp_path / "out.parquet")["cues"].iloc[0][0]["text"] == "ready for talks"


def test_score_user_errors_are_one_line(tmp_path, capsys):
    assert main(["score", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "o.csv")]) == 1
    source = tmp_path / "in.csv"
    pd.DataFrame({"x": ["a"]}).to_csv(source, index=False)
    assert main(["score", str(source), "-o", str(tmp_path / "o.csv")]) == 1
    assert main(["score", str(source), "-o", str(tmp_path / "o.csv"), "--text-column", "x",
                 "--model", str(tmp_path / "nomodel")]) == 1
    err = capsys.readouterr().err
    assert err.count("warsignals: error:") == 3 and "Traceback" not in err


def test_score_corpus_path_splits_sentences(tmp_path):
    path = shared_file(config.SAMPLES_DIR)
    assert main(["score", str(path), "-o", str(tmp_path / "s.parquet")]) == 0
    out = pd.read_parquet(tmp_path / "s.parquet")
    assert {"doc_id", "sent_id", "sentence", "signal", "actor"} <= set(out.columns)
    assert (out["signal"] != "none").sum() > 10


@pytest.mark.slow
def test_train_evaluate_and_score_with_model(tmp_path, capsys):
    labels = _labelled(tmp_path / "labels.csv")
    model_dir = tmp_path / "model"
    assert main(["train", "signals", "--labels", str(labels), "--label-column", "signal3", "-o", str(model_dir)]) == 0
    assert (model_dir / "model.skops").is_file() and (model_dir / "model.json").is_file()
    capsys.readouterr()
    assert main(["evaluate", "signals", "--model", str(model_dir), "--labels", str(labels),
                 "--label-column", "signal3"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["n_scored"] == 18 and report["macro_f1"] > 0.8
    assert main(["evaluate", "signals", "--model", "lexicon", "--labels", str(labels),
                 "--label-column", "signal3"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["reading"] == "signal3" and set(report["per_class"]) >= {"conflict", "cooperation", "neutral"}
    assert report["macro_f1"] > 0.5
    source = tmp_path / "in.csv"
    pd.DataFrame({"text": ["Kyiv proposed a ceasefire."]}).to_csv(source, index=False)
    assert main(["score", str(source), "-o", str(tmp_path / "o.csv"), "--model", str(model_dir)]) == 0
    assert pd.read_csv(tmp_path / "o.csv")["model_label"].tolist() == ["cooperation"]


def test_evaluate_lexicon_rejects_unknown_label_sets(tmp_path, capsys):
    path = tmp_path / "l.csv"
    pd.DataFrame({"text": ["a", "b"], "y": ["cat", "dog"]}).to_csv(path, index=False)
    assert main(["evaluate", "signals", "--labels", str(path), "--label-column", "y"]) == 1
    assert "cannot read the lexicon" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["train", "signals", "--labels", str(path)])


BAD_JSONL_LINES = ['{"id": "b1", "date": "2024-01-01", "text": "', 'not json at all',
                   '{"id": "b2", "date": "someday", "text": "Russia is ready for negotiations on a ceasefire now."}',
                   '{"id": "b3", "date": "2024-01-03", "text": ""}',
                   '{"id": "b4", "text": "No date here, but Russia is ready for negotiations on a ceasefire."}']


def _corpus_with_bad_lines(path, good_texts):
    good = [json.dumps({"id": f"g{i}", "date": f"2024-02-{i + 1:02d}", "text": text})
            for i, text in enumerate(good_texts)]
    path.write_text("\n".join(good + BAD_JSONL_LINES) + "\n", encoding="utf-8")
    return path


def test_score_corpus_file_lists_and_counts_its_rejects(tmp_path, capsys):
    corpus = _corpus_with_bad_lines(tmp_path / "corpus.jsonl", [
        "Moscow said it is ready for negotiations with Kyiv. The shelling went on.",
        "Putin threatened to use nuclear weapons if the West sends more tanks.",
    ])
    assert main(["score", str(corpus), "--split", "-o", str(tmp_path / "out.csv")]) == 0
    out = capsys.readouterr().out
    assert "found 7, loaded 2, rejected 5" in out
    rejects = pd.read_csv(tmp_path / "out.rejects.csv")
    assert len(rejects) == 5 and set(rejects["kind"]) >= {"malformed_json", "no_date", "bad_date", "empty_text"}
