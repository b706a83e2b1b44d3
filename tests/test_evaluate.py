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
