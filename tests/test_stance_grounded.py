"""The grounded stance model: grounding, the speaker's side, military aid as written, the shipped model."""

import hashlib
import json

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from warsignals.cli import main
from warsignals.fileio import skops_types
from warsignals.realtext import DEFAULT_GOLD
from warsignals.stance import document_stance, score_stance
from warsignals.stance.grounded import (
    GROUNDED_MODEL_TYPES,
    SHIPPED_MODEL_DIR,
    GroundedStanceModel,
    gold_pairs,
    grounding,
    shipped_model,
)

# (sentence, speaker actor, target, expected stance): hand-written, one capability per list
OWN_COUNTRY = [
    ("Our country has chosen its path, and we are proud of our soldiers.", "RUS", "Russia", "FAVOR"),
    ("Our economy has withstood every sanction, and Russian industry keeps growing.", "RUS", "Russia", "FAVOR"),
    ("We will defend our land and our people, whatever it takes.", "UKR", "Ukraine", "FAVOR"),
    ("Ukrainian defenders are holding the line near Bakhmut with incredible bravery.", "UKR", "Ukraine", "FAVOR"),
    ("Our heroes in Mariupol have shown the whole world what Ukrainians are.", "UKR", "Ukraine", "FAVOR"),
    ("Russia had every right to act to protect its people in Donbass.", "RUS", "Russia", "FAVOR"),
    ("Syria reaffirms its support for the right of the Russian Federation to defend itself.", "SYR", "Russia", "FAVOR"),
    ("The occupiers shelled Kharkiv again tonight, killing civilians.", "UKR", "Russia", "AGAINST"),
    ("The Kiev regime continues to shell the residential areas of Donetsk.", "RUS", "Ukraine", "AGAINST"),
]
MILITARY_AID = [
    ("Today, I am announcing a significant new security assistance package to provide timely and critical aid to "
     "the Ukrainian military.", "USA", "military_aid", "FAVOR"),
    ("The United States will deliver additional HIMARS and artillery rounds to Ukraine.", "USA", "military_aid",
     "FAVOR"),
    ("We thank our partners for the air defence systems that protect our cities.", "UKR", "military_aid", "FAVOR"),
    ("We need more weapons, more tanks and more ammunition right now.", "UKR", "military_aid", "FAVOR"),
    ("Germany approved the delivery of Leopard tanks to Ukraine.", "DEU", "military_aid", "FAVOR"),
    ("We must stop pumping weapons into Ukraine; it only prolongs the bloodshed.", "HUN", "military_aid", "AGAINST"),
    ("Western arms deliveries to the Kiev regime only prolong the conflict.", "RUS", "military_aid", "AGAINST"),
    ("The Senate blocked the aid package for Ukraine for another month.", "", "military_aid", "NONE"),
]
TARGET_FREE_PRAISE = [
    ("The courage of the firefighters saved the village.", "USA", "Ukraine", "NONE"),
    ("Syria stresses the territorial integrity of its own territory.", "SYR", "Ukraine", "NONE"),
    ("We are investing in climate-resilient development across the region.", "USA", "Ukraine", "NONE"),
    ("Heroism and courage are the virtues we teach our children.", "FRA", "Ukraine", "NONE"),
    ("Our athletes showed great resilience at the games.", "BRA", "Russia", "NONE"),
    ("The brave rescuers worked through the night.", "", "Ukraine", "NONE"),
]


def _predict(rows):
    frame = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(rows))], "sentence": [r[0] for r in rows],
                          "speaker_actor": [r[1] for r in rows]})
    out = []
    for i, (_, _, target, _) in enumerate(rows):
        scored = score_stance(frame.iloc[[i]], [target])
        out.append(scored["stance"].iloc[0])
    return out


@pytest.mark.parametrize("name, rows", [("own country", OWN_COUNTRY), ("military aid as written", MILITARY_AID),
                                        ("target-free praise", TARGET_FREE_PRAISE)])
def test_capabilities_hold_on_hand_written_sentences(name, rows):
    predicted = _predict(rows)
    right = [p == r[3] for p, r in zip(predicted, rows, strict=True)]
    wrong = [(r[0], r[3], p) for p, r in zip(predicted, rows, strict=True) if p != r[3]]
    assert np.mean(right) >= 0.7, (name, wrong)


def test_grounding_finds_names_own_side_adversary_and_previous_sentence():
    frame = pd.DataFrame({
        "text": ["Kyiv refused.", "We will win.", "The enemy is retreating.", "They shelled the school.",
                 "Courage matters.", "We will win."],
        "prev": ["", "", "", "Russian troops entered the town.", "", ""],
        "target": ["Ukraine", "Ukraine", "Russia", "Russia", "Ukraine", "Russia"],
        "speaker_actor": ["RUS", "UKR", "UKR", "UKR", "UKR", "USA"],
    })
    ground = grounding(frame)
    assert ground["refers"].tolist() == ["named", "own", "adversary", "previous", "", ""]
    assert ground["relation"].tolist() == ["adversary", "own", "adversary", "adversary", "own", "other"]
    assert ground["grounded"].tolist() == [True, True, True, True, False, False]


def test_own_side_never_against_and_adversary_never_favor_on_real_sentences():
    gold = pd.read_csv(DEFAULT_GOLD, dtype=str, keep_default_na=False).head(300)
    X, _ = gold_pairs(gold)
    model = shipped_model()
    predicted = model.predict(X)
    relation = grounding(X)["relation"].to_numpy()
    assert not ((relation == "own") & (predicted == "AGAINST")).any()
    assert not ((relation == "adversary") & (predicted == "FAVOR")).any()
    assert (predicted != "NONE").any()
    lenient = clone(model).set_params(own_side_against=True, adversary_favor=True)
    assert lenient.get_params()["own_side_against"] is True


def test_shipped_model_is_built_from_the_current_gold_and_holds_only_allowed_types():
    meta = json.loads((SHIPPED_MODEL_DIR / "model.json").read_text())
    assert meta["kind"] == "GroundedStanceModel"
    assert meta["training"]["gold_sha256"] == hashlib.sha256(DEFAULT_GOLD.read_bytes()).hexdigest(), (
        "data/gold/realtext/realtext.csv changed: rebuild with data/models/build_grounded.py")
    assert skops_types(SHIPPED_MODEL_DIR / "model.skops") <= GROUNDED_MODEL_TYPES
    assert set(shipped_model().targets_) == {"negotiations", "military_aid", "Russia", "Ukraine"}


def test_fit_returns_self_and_learns_only_underscore_attributes():
    gold = pd.read_csv(DEFAULT_GOLD, dtype=str, keep_default_na=False)
    gold = gold[gold["part"] == "train"].head(400)
    X, y = gold_pairs(gold, ["Russia", "Ukraine"])
    model = GroundedStanceModel(tune_offsets=False)
    before = set(vars(model))
    assert model.fit(X, y) is model
    assert all(name.endswith("_") for name in set(vars(model)) - before)
    assert model.predict_proba(X).shape == (len(X), 3)
    with pytest.raises(Exception, match="trained for"):
        model.predict(X.assign(target="negotiations"))


def test_stance_command_keeps_every_input_column_and_writes_document_intervals(tmp_path, capsys):
    table = pd.DataFrame({"doc_id": ["a", "a", "b"], "speaker_actor": ["UKR", "UKR", "RUS"],
                          "country": ["Ukraine", "Ukraine", "Russia"], "note": ["x", "y", "z"],
                          "sentence": ["The occupiers shelled Kharkiv again.", "We thank our partners for the "
                                       "air defence systems.", "The Kiev regime shells Donetsk."]})
    source = tmp_path / "in.csv"
    table.to_csv(source, index=False)
    out, docs = tmp_path / "out.csv", tmp_path / "docs.csv"
    assert main(["stance", str(source), "-o", str(out), "--target", "Russia", "--target", "Ukraine",
                 "--documents", str(docs)]) == 0
    scored = pd.read_csv(out)
    assert {"country", "note", "speaker_actor", "sentence"} <= set(scored.columns) and len(scored) == 6
    documents = pd.read_csv(docs)
    assert {"n_stance", "favor_share", "favor_low", "favor_high"} <= set(documents.columns)
    bearing = documents[documents["n_stance"] > 0]
    assert (bearing["favor_low"] <= bearing["favor_share"]).all()
    assert (bearing["favor_share"] <= bearing["favor_high"]).all()
    capsys.readouterr()


def test_document_stance_interval_is_wilson():
    scored = pd.DataFrame({"doc_id": ["a"] * 4, "target": "Russia", "stance": ["FAVOR", "FAVOR", "AGAINST", "NONE"],
                           "p_favor": [0.9, 0.8, 0.1, 0.1], "p_against": [0.05, 0.1, 0.8, 0.1],
                           "p_none": [0.05, 0.1, 0.1, 0.8]})
    row = document_stance(scored).iloc[0]
    assert row["n_stance"] == 3 and row["favor_share"] == pytest.approx(2 / 3)
    assert 0.2 < row["favor_low"] < 2 / 3 < row["favor_high"] < 0.95
