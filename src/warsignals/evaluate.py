"""Evaluation measures: classification reports, SemEval-2016 stance macro-F, and inter-coder agreement."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score, confusion_matrix, precision_recall_fscore_support

from warsignals.errors import ParameterError

STANCE_POLES = ("FAVOR", "AGAINST")


def _as_labels(values) -> np.ndarray:
    return np.asarray(pd.Series(list(values), dtype=object).astype(str))


def classification_report(y_true, y_pred, labels: Sequence[str] | None = None) -> dict:
    """Macro-F1, accuracy, per-class precision/recall/F1 and the confusion matrix, as a JSON-ready dict.

    Parameters
    ----------
    y_true, y_pred : array-like of str
        Gold and predicted labels, aligned.
    labels : sequence of str, optional
        Class order; defaults to the sorted union of both label sets.

    Returns
    -------
    dict
        ``macro_f1, accuracy, per_class {label: {precision, recall, f1, support}},
        confusion_matrix {labels, matrix (rows gold, columns predicted)}, n_scored``.
    """
    truth, predicted = _as_labels(y_true), _as_labels(y_pred)
    if len(truth) != len(predicted):
        raise ParameterError(f"{len(truth)} gold labels but {len(predicted)} predictions")
    if len(truth) == 0:
        raise ParameterError("no rows to evaluate")
    labels = list(labels) if labels is not None else sorted(set(truth) | set(predicted))
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=labels, zero_division=0
    )
    per_class = {
        label: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
        for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
    }
    present = [label for label in labels if per_class[label]["support"] > 0]
    return {
        "macro_f1": float(np.mean([per_class[label]["f1"] for label in present])) if present else 0.0,
        "accuracy": float(np.mean(truth == predicted)),
        "per_class": per_class,
        "confusion_matrix": {
            "labels": labels,
            "matrix": confusion_matrix(truth, predicted, labels=labels).tolist(),
        },
        "n_scored": int(len(truth)),
    }


def semeval_macro_f(y_true, y_pred) -> float:
    """SemEval-2016 Task 6 macro-F: the mean of F1(FAVOR) and F1(AGAINST); NONE is not averaged."""
    _, _, f1, _ = precision_recall_fscore_support(
        _as_labels(y_true), _as_labels(y_pred), labels=list(STANCE_POLES), zero_division=0
    )
    return float(np.mean(f1))


def cohen_kappa(a, b) -> float:
    """Cohen's kappa between two codings of the same units (missing values dropped pairwise)."""
    frame = pd.DataFrame({"a": list(a), "b": list(b)}).dropna()
    if frame.empty:
        raise ParameterError("no units coded by both coders")
    return float(cohen_kappa_score(frame["a"].astype(str), frame["b"].astype(str)))


def krippendorff_alpha(reliability_data, level: str = "nominal") -> float:
    """Krippendorff's alpha for nominal or interval data.

    Parameters
    ----------
    reliability_data : array-like, shape (n_coders, n_units)
        Codes given by each coder to each unit; ``None``/NaN marks a missing code.
    level : {"nominal", "interval"}
        Level of measurement (the distance metric).

    Returns
    -------
    float
        Alpha = 1 - observed / expected disagreement, over units coded by at least two coders.
    """
    if level not in ("nominal", "interval"):
        raise ParameterError(f"level must be nominal or interval, not {level!r}")
    table = pd.DataFrame(reliability_data).T  # units x coders
    values = sorted({v for v in pd.unique(table.to_numpy().ravel()) if not pd.isna(v)}, key=str)
    if len(values) == 0:
        raise ParameterError("no codes to compare")
    index = {value: i for i, value in enumerate(values)}
    coincidence = np.zeros((len(values), len(values)))
    for row in table.itertuples(index=False):
        codes = [index[v] for v in row if not pd.isna(v)]
        m = len(codes)
        if m < 2:
            continue
        counts = np.bincount(codes, minlength=len(values)).astype(float)
        coincidence += (np.outer(counts, counts) - np.diag(counts)) / (m - 1)
    n_c = coincidence.sum(axis=1)
    n = n_c.sum()
    if n == 0:
        raise ParameterError("no unit is coded by two or more coders")
    if level == "nominal":
        distance = 1.0 - np.eye(len(values))
    else:
        numeric = np.asarray(values, dtype=float)
        distance = (numeric[:, None] - numeric[None, :]) ** 2
    observed = (coincidence * distance).sum() / n
    expected = (np.outer(n_c, n_c) * distance).sum() / (n * (n - 1))
    if expected == 0:
        return 1.0
    return float(1.0 - observed / expected)
