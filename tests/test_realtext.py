"""The real-text gold set and its measures (data/gold/realtext)."""

import json

import pandas as pd
import pytest

from warsignals.cli import main
from warsignals.config import DATA_DIR
from warsignals.errors import InputError
from warsignals.realtext import SIGNAL_CODES, gold_sentences, gold_sheet, read_gold, score_gold, signal_measures

GOLD_DIR = DATA_DIR / "gold" / "realtext"


def test_gold_set_is_complete_and_its_test_part_set_aside():
    gold = read_gold()
    assert len(gold) == 3627 and gold["row_id"].is_unique
    assert set(gold["signal"]) <= set(SIGNAL_CODES)
    test = read_gold(part="test")
    assert len(test) >= 300
    later_rounds = read_gold()[lambda g: g["round"].astype(str).isin(["3", "4"])]
    assert len(test) == 498 and (later_rounds["part"] == "train").all()
    # the test part holds whole documents: none of them gives a training row
    assert not set(test["doc_id"]) & set(read_gold(part="train")["doc_id"])
    probabilities = gold["inclusion_probability"].astype(float)
    assert probabilities.between(0, 1, inclusive="right").all()
    signals = gold[gold["signal"].isin(["escalation", "negotiation"])]
    assert (signals["hedged"].isin([True, False])).all()
    agreement = json.loads((GOLD_DIR / "agreement.json").read_text())
    assert agreement["n_rows"] == 420 and agreement["signal"]["alpha"] > 0.8


def _scored(rows):
    frame = pd.DataFrame(rows, columns=["doc_id", "signal", "pred_signal", "actor", "pred_actor", "hedged",
                                        "pred_hedged"])
    return frame


def test_measures_known_answers():
    scored = _scored([
        ("a", "escalation", "escalation", "RUS", "RUS", False, False),
        ("a", "escalation", "none", "RUS", "", False, False),
        ("b", "none", "escalation", "", "UKR", False, False),
        ("b", "negotiation", "mixed", "RUS", "UKR", True, True),
        ("c", "negotiation", "negotiation", "UKR", "UKR", False, True),
        ("c", "other_conflict", "none", "", "", False, False),
    ])
    report = signal_measures(scored, n_boot=200, seed=1)
    assert report["escalation_precision"]["value"] == pytest.approx(1 / 3)  # escalation, escalation, mixed
    assert report["escalation_recall"]["value"] == pytest.approx(1 / 2)
    assert report["negotiation_precision"]["value"] == pytest.approx(1.0)
    assert report["negotiation_recall"]["value"] == pytest.approx(1.0)
    assert report["actor_accuracy"]["value"] == pytest.approx(2 / 3)  # of the three true signals found
    assert report["hedged_precision"]["value"] == pytest.approx(1 / 2)
    assert report["hedged_recall"]["value"] == pytest.approx(1.0)
    m = report["escalation_recall"]
    assert m["lo"] <= m["value"] <= m["hi"]
    assert report == signal_measures(scored, n_boot=200, seed=1)  # seeded: the same figures on a rerun


def test_gold_rows_are_scored_after_their_previous_sentence():
    gold = pd.DataFrame({
        "row_id": ["r1"], "doc_id": ["d"], "speaker": ["Volodymyr Zelensky"], "speaker_actor": ["UKR"],
        "prev": ["The occupiers gathered near Kharkiv."], "sentence": ["They launched a missile strike on the city."],
        "signal": ["escalation"], "actor": ["RUS"], "hedged": [False],
    })
    table = gold_sentences(gold)
    assert table["coded"].tolist() == [False, True]
    scored = score_gold(gold)
    assert scored[["pred_signal", "pred_actor"]].values.tolist() == [["escalation", "RUS"]]


def test_bad_gold_files_name_file_and_row(tmp_path):
    path = tmp_path / "coded.csv"
    pd.DataFrame({"row_id": ["a"], "doc_id": ["d"], "sentence": ["x"], "signal": ["threat"]}).to_csv(path)
    with pytest.raises(InputError, match=r"coded.csv: row 2: signal 'threat'"):
        read_gold(path)
    with pytest.raises(InputError, match="gold file not found"):
        read_gold(tmp_path / "missing.csv")


def test_evaluate_signals_gold_cli(capsys):
    assert main(["evaluate", "signals", "--gold", "default", "--part", "test", "--n-boot", "20"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["n_rows"] >= 300 and report["part"] == "test"
    assert 0 <= report["escalation_precision"]["value"] <= 1


def test_gold_sheet_keys_rows_by_offset_and_names_codes_for_validate():
    from warsignals.validate.sheets import normalise_sheet

    gold = read_gold()
    doc = gold["doc_id"].iloc[0]
    rows = gold[gold["doc_id"] == doc]
    sentences = pd.DataFrame({"doc_id": doc, "start": sorted(rows["start"].astype(int)),
                              "sent_id": range(100, 100 + len(rows))})
    sheet = gold_sheet(gold, sentences)
    assert len(sheet) == len(rows) and set(sheet["sent_id"]) == set(sentences["sent_id"])
    by_offset = rows.assign(start=rows["start"].astype(int)).sort_values("start")
    assert sheet.sort_values("sent_id")["human_signal"].tolist() == by_offset["signal"].tolist()
    keys = pd.MultiIndex.from_frame(sentences[["doc_id", "sent_id"]])
    normalise_sheet(sheet.astype(str), "gold", keys)  # validate accepts it as a sheet
    with pytest.raises(InputError, match="is not a sentence start"):
        gold_sheet(gold, sentences.assign(start=sentences["start"] + 1))


def test_stance_measures_known_answers():
    from warsignals.realtext import stance_measures

    scored = pd.DataFrame({
        "row_id": ["a", "b", "c", "d", "a", "b", "c", "d"], "doc_id": ["x", "x", "y", "y"] * 2,
        "target": ["Russia"] * 4 + ["military_aid"] * 4,
        "gold": ["FAVOR", "AGAINST", "NONE", "AGAINST", "FAVOR", "NONE", "NONE", "NONE"],
        "pred": ["FAVOR", "NONE", "AGAINST", "AGAINST", "FAVOR", "FAVOR", "NONE", "NONE"],
    })
    report = stance_measures(scored, n_boot=50, seed=3)
    assert report["Russia_FAVOR_f1"]["value"] == pytest.approx(1.0)
    assert report["Russia_AGAINST_f1"]["value"] == pytest.approx(0.5)  # P 1/2, R 1/2
    assert report["Russia_f_favor_against"]["value"] == pytest.approx(0.75)
    # military_aid has no AGAINST in the gold: its mean is FAVOR's F1 alone (P 1/2, R 1)
    assert report["military_aid_f_favor_against"]["value"] == pytest.approx(2 / 3)
    assert report["support"]["Russia"] == {"AGAINST": 2, "FAVOR": 1, "NONE": 1}


def test_evaluate_stance_gold_cli(capsys):
    assert main(["evaluate", "stance", "--gold", "default", "--model", "weak", "--target", "Russia",
                 "--n-boot", "10"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["part"] == "test" and "Russia_f_favor_against" in report
