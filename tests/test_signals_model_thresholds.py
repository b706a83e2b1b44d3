"""Tests of the per-class thresholds of SignalClassifier and of ``train signals --gold ... --thresholds auto``."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from warsignals.cli import main
from warsignals.errors import ParameterError
from warsignals.signals import (
    SignalClassifier,
    decide_with_thresholds,
    load_model,
    save_model,
    select_signal_thresholds,
)

NEG = ["Russia is ready for negotiations with Ukraine.", "Kyiv proposed a ceasefire.", "Turkey offered to mediate.",
       "The two sides agreed on a prisoner exchange.", "Lavrov held talks with his counterpart.",
       "The delegations will meet for peace talks.", "Both sides signed a truce.", "We propose a dialogue."]
ESC = ["Putin threatened to use nuclear weapons.", "Moscow refused to negotiate.", "Russia announced a mobilisation.",
       "The Kremlin demanded a withdrawal.", "The army will fight until victory.", "They shelled the city again.",
       "Missiles struck the power plant.", "We will strike back harder."]
NONE = ["The weather was mild.", "The museum opened a new hall.", "A book fair took place.", "Prices rose slightly.",
        "The train arrived on time.", "The school year begins in September.", "He thanked the doctors.",
        "The harvest was good."]
TEXTS = NEG + ESC + NONE
LABELS = ["negotiation"] * 8 + ["escalation"] * 8 + ["none"] * 8
DOCS = [f"d{i % 8}" for i in range(24)]


def test_decide_with_thresholds_rule():
    classes = np.array(["escalation", "negotiation", "none"])
    proba = np.array([[0.30, 0.10, 0.60],   # escalation reaches 0.25: escalation (though none is most probable)
                      [0.20, 0.20, 0.60],   # no thresholded class reaches its threshold: the rest's best, none
                      [0.40, 0.45, 0.15],   # both reach: the more probable, negotiation
                      [0.50, 0.10, 0.40]])  # escalation reaches 0.25; under a threshold of 0.55 it does not
    assert classes[decide_with_thresholds(proba, classes, {"escalation": 0.25, "negotiation": 0.3})].tolist() == [
        "escalation", "none", "negotiation", "escalation"]
    assert classes[decide_with_thresholds(proba, classes, {"escalation": 0.55, "negotiation": 0.3})].tolist() == [
        "none", "none", "negotiation", "none"]
    assert decide_with_thresholds(proba, classes, None).tolist() == [2, 2, 1, 0]


def test_thresholds_change_predict_only_and_are_checked():
    plain = SignalClassifier(calibration=None).fit(TEXTS, LABELS)
    low = SignalClassifier(calibration=None, class_thresholds={"escalation": 0.0}).fit(TEXTS, LABELS)
    assert np.allclose(plain.predict_proba(TEXTS), low.predict_proba(TEXTS))
    assert set(low.predict(TEXTS)) == {"escalation"}  # every text reaches a threshold of 0
    assert (plain.predict(TEXTS) == np.array(LABELS)).mean() > 0.8
    assert clone(low).get_params()["class_thresholds"] == {"escalation": 0.0}
    with pytest.raises(ParameterError, match="probability in"):
        SignalClassifier(calibration=None, class_thresholds={"escalation": 1.5}).fit(TEXTS, LABELS)
    with pytest.raises(ParameterError, match="not in the labels: war"):
        SignalClassifier(calibration=None, class_thresholds={"war": 0.5}).fit(TEXTS, LABELS)


def test_thresholds_survive_save_and_load(tmp_path):
    model = SignalClassifier(calibration=None, class_thresholds={"escalation": 0.4, "negotiation": 0.35})
    save_model(model.fit(TEXTS, LABELS), tmp_path / "m")
    loaded = load_model(tmp_path / "m")
    assert loaded.class_thresholds == {"escalation": 0.4, "negotiation": 0.35}
    assert loaded.predict(TEXTS).tolist() == model.predict(TEXTS).tolist()


def test_select_signal_thresholds_on_grouped_folds():
    chosen, table = select_signal_thresholds(TEXTS, LABELS, ["escalation", "negotiation"], DOCS,
                                             {"calibration": None}, cv=2)
    assert set(chosen) == {"escalation", "negotiation"}
    assert all(0.05 <= v <= 0.95 for v in chosen.values())
    assert table["class"].tolist() == ["escalation", "negotiation"]
    assert (table["oof_f1"] > 0).all()
    with pytest.raises(ParameterError, match="no training example of war"):
        select_signal_thresholds(TEXTS, LABELS, ["war"], DOCS)


def _gold(path):
    rows = []
    for i, (text, label) in enumerate(zip(TEXTS, LABELS, strict=True)):
        rows.append({"row_id": f"r{i}", "doc_id": DOCS[i], "sentence": text, "part": "train",
                     "signal": "other_cooperation" if label == "none" and i % 2 else label})
    rows.append({"row_id": "t0", "doc_id": "test-doc", "sentence": "Kyiv offered talks.", "part": "test",
                 "signal": "negotiation"})
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_train_signals_from_gold_with_thresholds(tmp_path, capsys):
    gold = _gold(tmp_path / "gold.csv")
    out = tmp_path / "model"
    assert main(["train", "signals", "--gold", str(gold), "--C", "1", "--thresholds", "auto", "--folds", "2",
                 "-o", str(out)]) == 0
    assert "thresholds escalation" in capsys.readouterr().out
    meta = json.loads((out / "model.json").read_text())
    model = load_model(out)
    assert meta["n_train"] == 24 and meta["part"] == "train" and len(meta["thresholds_grouped_oof"]) == 2
    assert set(model.classes_) == {"escalation", "negotiation", "none"}  # the five-way signal collapsed
    assert set(model.class_thresholds) == {"escalation", "negotiation"}
    assert main(["train", "signals", "--gold", str(gold), "--labels", str(gold), "-o", str(out)]) == 1
    assert "not both" in capsys.readouterr().err
