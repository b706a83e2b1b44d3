"""Tests of the shared stance axis (``opposed_to``) and target-context features of warsignals.stance."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from warsignals.errors import InputError, ParameterError
from warsignals.stance import (
    StanceClassifier,
    WeakStanceModel,
    axis_orientation,
    load_targets,
    parse_targets,
    swap_stance,
    target_contexts,
)

TARGETS_YAML = """
version: 1
targets:
  A: {mentions: [alpha], opposed_to: B}
  B: {mentions: [beta]}
  C: {mentions: [gamma], opposed_to: [B]}
  D: {mentions: [delta]}
"""


def test_opposed_to_is_symmetric_and_orients_axes():
    specs = parse_targets(TARGETS_YAML)
    assert specs["B"].opposed_to == ("A", "C")
    assert axis_orientation(specs, ["A", "B", "C", "D"]) == {"A": 1, "B": -1, "C": 1, "D": 1}
    # orientation only links the targets asked for: without B, A and C are separate axes
    assert axis_orientation(specs, ["C", "A"]) == {"C": 1, "A": 1}
    assert axis_orientation(specs, ["B", "X"]) == {"B": 1, "X": 1}
    shipped = load_targets()
    assert shipped["Russia"].opposed_to == ("Ukraine",) and shipped["Ukraine"].opposed_to == ("Russia",)
    assert axis_orientation(shipped, ["Russia", "Ukraine"]) == {"Russia": 1, "Ukraine": -1}


def test_contradictory_or_unknown_opposition_is_refused(tmp_path):
    triangle = TARGETS_YAML.replace("opposed_to: [B]", "opposed_to: [B, A]")  # A-B, B-C and C-A: odd cycle
    specs = parse_targets(triangle)
    with pytest.raises(ParameterError, match="both opposed and aligned"):
        axis_orientation(specs, ["A", "B", "C", "D"])
    path = tmp_path / "targets.yaml"
    path.write_text(TARGETS_YAML.replace("opposed_to: B", "opposed_to: Zed"), encoding="utf-8")
    with pytest.raises(InputError, match=r"targets\.yaml: target 'A', opposed_to: 'Zed' is not a target"):
        load_targets(path)
    path.write_text(TARGETS_YAML.replace("opposed_to: B", "opposed_to: {x: 1}"), encoding="utf-8")
    with pytest.raises(InputError, match=r"line 4: targets\.A\.opposed_to: must be a target name or a list"):
        load_targets(path)


def test_swap_stance_exchanges_favor_and_against_only_where_flipped():
    labels = np.array(["FAVOR", "AGAINST", "NONE", "FAVOR"], dtype=object)
    flipped = np.array([True, True, True, False])
    assert list(swap_stance(labels, flipped)) == ["AGAINST", "FAVOR", "NONE", "FAVOR"]
    assert list(labels) == ["FAVOR", "AGAINST", "NONE", "FAVOR"]  # input unchanged


def test_target_contexts_name_the_target_and_side():
    specs = parse_targets(TARGETS_YAML)
    contexts = target_contexts(["They say alpha murdered civilians", "nothing here"], specs, window=2)
    assert contexts[0].split() == ["A_L_they", "A_L_say", "A_R_murdered", "A_R_civilians",
                                   "A_they", "A_say", "A_murdered", "A_civilians"]
    assert contexts[1] == ""
    assert target_contexts(["alpha"], specs, window=1) == [""]


def _axis_data(n: int = 30) -> tuple[pd.DataFrame, list[str]]:
    """Russia rows teach 'crimes'/'liberation'; Ukraine rows only 'brave'/'regime' and neutral words."""
    rows = []
    for i in range(n):
        rows.append(("Russia", f"Russia crimes crimes report {i}", "AGAINST"))
        rows.append(("Russia", f"Russia liberation liberation report {i}", "FAVOR"))
        rows.append(("Russia", f"Russia weather market sport {i}", "NONE"))
        rows.append(("Ukraine", f"Ukraine brave brave report {i}", "FAVOR"))
        rows.append(("Ukraine", f"Ukraine regime regime report {i}", "AGAINST"))
        rows.append(("Ukraine", f"Ukraine weather market sport {i}", "NONE"))
    frame = pd.DataFrame(rows, columns=["target", "text", "label"])
    return frame[["text", "target"]], list(frame["label"])


def test_shared_axis_transfers_stance_from_one_target_to_its_opposite():
    X, y = _axis_data()
    probe = pd.DataFrame({"text": ["Ukraine crimes crimes again", "Ukraine liberation liberation again"],
                          "target": ["Ukraine", "Ukraine"]})
    params = {"cv": 2, "min_df": 1, "char_ngram_range": None, "lexicon": False, "context_window": 0,
              "tune_offsets": False, "C": 1.0}
    pooled = StanceClassifier(shared_axis=True, **params).fit(X, y)
    assert pooled.orientation_ == {"Russia": 1, "Ukraine": -1}
    # words seen only in Russia rows: AGAINST Russia ("crimes") reads as FAVOR Ukraine on the shared axis
    assert list(pooled.predict(probe)) == ["FAVOR", "AGAINST"]
    separate = StanceClassifier(shared_axis=False, **params).fit(X, y)
    assert separate.orientation_ == {"Russia": 1, "Ukraine": 1}
    assert list(separate.predict(probe)) == ["AGAINST", "FAVOR"]
    # the training rows themselves keep their own labels under both models
    for model in (pooled, separate):
        assert np.mean(model.predict(X) == np.array(y)) > 0.95
        np.testing.assert_allclose(model.predict_proba(X).sum(axis=1), 1)


@pytest.mark.slow
def test_context_features_separate_the_two_targets_in_one_text():
    X, y = _axis_data()
    model = StanceClassifier(cv=2, min_df=1, context_window=2).fit(X, y)
    names = set(model.context_vectorizer_.get_feature_names_out())
    assert {"Russia_R_crimes", "Ukraine_R_brave"} <= names
    with pytest.raises(ParameterError, match="context_window"):
        StanceClassifier(context_window=-1).fit(X, y)


def test_weak_model_counts_opposed_votes_only_where_the_target_is_mentioned():
    texts = ["We stand with Ukraine against Russia.", "We stand with Ukraine.", "Markets opened calmly today."]
    both = WeakStanceModel(target="Russia").fit(texts * 3)
    votes = both._votes(texts, "Russia")
    assert list(votes["weak_label"]) == ["AGAINST", None, None]
    assert votes.loc[0, "lfs"] == "Ukraine.support_ukraine:FAVOR"
    own_only = WeakStanceModel(target="Russia", opposed_weight=0).fit(texts * 3)
    assert own_only._votes(texts, "Russia")["weak_label"].isna().all()
    with pytest.raises(ParameterError, match="none_from"):
        WeakStanceModel(target="Russia", none_from="nowhere").fit(texts)
