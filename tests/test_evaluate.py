"""Evaluation measures against known answers."""

import numpy as np
import pytest

from warsignals.errors import ParameterError
from warsignals.evaluate import classification_report, cohen_kappa, krippendorff_alpha, semeval_macro_f


def test_classification_report_known_answer():
    report = classification_report(["a", "a", "b", "b"], ["a", "b", "b", "b"])
    assert report["n_scored"] == 4 and report["accuracy"] == 0.75
    assert report["per_class"]["a"] == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3), "support": 2}
    assert report["per_class"]["b"]["f1"] == pytest.approx(0.8)
    assert report["macro_f1"] == pytest.approx((2 / 3 + 0.8) / 2)
    assert report["confusion_matrix"] == {"labels": ["a", "b"], "matrix": [[1, 1], [0, 2]]}
    with pytest.raises(ParameterError):
        classification_report(["a"], ["a", "b"])


def test_semeval_macro_f_ignores_none():
    gold = ["FAVOR", "AGAINST", "NONE", "NONE"]
    assert semeval_macro_f(gold, gold) == 1.0
    # NONE errors do not count; FAVOR perfect, AGAINST missed entirely.
    assert semeval_macro_f(gold, ["FAVOR", "NONE", "NONE", "FAVOR"]) == pytest.approx((2 / 3 + 0) / 2)


def test_krippendorff_alpha_reference_example():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", the 4-coder example reduced to the
    # 3 coders of Wikipedia's table: nominal 0.691, interval 0.811.
    nan = np.nan
    data = [
        [nan, nan, nan, nan, nan, 3, 4, 1, 2, 1, 1, 3, 3, nan, 3],
        [1, nan, 2, 1, 3, 3, 4, 3, nan, nan, nan, nan, nan, nan, nan],
        [nan, nan, 2, 1, 3, 4, 4, nan, 2, 1, 1, 3, 3, nan, 4],
    ]
    assert krippendorff_alpha(data) == pytest.approx(0.691, abs=5e-4)
    assert krippendorff_alpha(data, level="interval") == pytest.approx(0.811, abs=5e-4)
    assert krippendorff_alpha([["x", "y", "x"], ["x", "y", "x"]]) == 1.0


def test_cohen_kappa_known_answer():
    a = ["yes"] * 20 + ["no"] * 30
    b = ["yes"] * 15 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 20
    # po = 0.7; pe = 0.4*0.5 + 0.6*0.5 = 0.5; kappa = 0.4
    assert cohen_kappa(a, b) == pytest.approx(0.4)


def test_story_groups_link_shared_rare_phrasing_and_near_duplicates():
    from warsignals.evaluate import story_groups

    texts = [
        "Philippine troops remained on alert after the bombing.",
        "The minister opened a school in the capital.",
        "NATO troops remained on alert on Sunday.",
        "Farmers protested against the new tax in the south.",
        "The minister opened a school in the capital city.",  # near duplicate of row 1
        "Rebels declined to comment on the report.",
    ]
    groups = story_groups(texts)
    assert groups[0] == groups[2]  # "troops remained alert"
    assert groups[1] == groups[4]
    assert len({groups[0], groups[1], groups[3], groups[5]}) == 4
    assert groups.tolist() == story_groups(texts).tolist()  # deterministic
    capped = story_groups(["Troops remained on alert."] * 5, max_size=2)
    assert np.bincount(capped).max() == 2
    assert story_groups([]).tolist() == []
    with pytest.raises(ParameterError):
        story_groups(texts, max_df=1)


def test_grouped_splits_keep_groups_whole():
    from warsignals.evaluate import grouped_splits

    y = ["a", "b"] * 10
    groups = np.repeat(np.arange(10), 2)
    splits = grouped_splits(y, groups, n_splits=5, seed=1)
    assert len(splits) == 5
    for train, test in splits:
        assert not set(groups[train]) & set(groups[test])
    assert sorted(np.concatenate([test for _, test in splits]).tolist()) == list(range(20))
    with pytest.raises(ParameterError):
        grouped_splits(y, groups[:-1])


def test_story_groups_gather_the_batches_of_multicoped():
    """The multicoped train file lists, after its first ~400 mixed news sentences, batches of sentences
    found by one phrase; its neighbouring rows there should share groups far more often than random pairs."""
    import pandas as pd
    from conftest import shared_file

    from warsignals import config
    from warsignals.evaluate import story_groups

    data = pd.read_csv(shared_file(config.MULTICOPED_TRAIN))
    groups = story_groups(data["text"].astype(str).tolist())
    batches = groups[400:]
    neighbours = float(np.mean(batches[1:] == batches[:-1]))
    rng = np.random.default_rng(0)
    a, b = rng.integers(0, len(groups), 5000), rng.integers(0, len(groups), 5000)
    random_pairs = float(np.mean(groups[a[a != b]] == groups[b[a != b]]))
    assert neighbours > 0.2 and random_pairs < 0.02
    assert np.bincount(groups).max() <= 25
