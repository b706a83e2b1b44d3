"""Training and saving supervised stance models: labels, ``train_stance``, skops save/load with the allow-list."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.utils.validation import check_is_fitted

from warsignals import config
from warsignals.errors import InputError
from warsignals.fileio import SkopsType, dump_skops, load_skops
from warsignals.stance.models import StanceClassifier, select_stance_model
from warsignals.stance.targets import (
    ANY_TARGET,
    LABELS,
)

MODEL_FILE = "model.skops"
META_FILE = "model.json"
MODEL_FORMAT = "warsignals-stance/1"
#: Exactly the (skops loader, type) pairs a saved :class:`StanceClassifier` contains, in every configuration
#: (``tests/test_model_security.py`` checks that fitted models contain exactly these); anything else in a file
#: makes :func:`load_stance_model` refuse it before anything in the file is built.
MODEL_TYPES: frozenset[SkopsType] = frozenset({
    ("DictNode", "builtins.dict"),
    ("JsonNode", "builtins.str"),
    ("ListNode", "builtins.list"),
    ("TupleNode", "builtins.tuple"),
    ("TypeNode", "builtins.str"),
    ("NdArrayNode", "numpy.ndarray"),
    ("NdArrayNode", "numpy.float64"),
    ("ObjectNode", "sklearn.calibration.CalibratedClassifierCV"),
    ("ObjectNode", "sklearn.calibration._CalibratedClassifier"),
    ("ObjectNode", "sklearn.calibration._SigmoidCalibration"),
    ("ObjectNode", "sklearn.feature_extraction.text.TfidfTransformer"),
    ("ObjectNode", "sklearn.feature_extraction.text.TfidfVectorizer"),
    ("ObjectNode", "sklearn.svm._classes.LinearSVC"),
    ("TypeNode", "numpy.float32"),
    ("NdArrayNode", "numpy.int64"),
    ("ObjectNode", "sklearn.isotonic.IsotonicRegression"),
    ("ObjectNode", "sklearn.linear_model._logistic.LogisticRegression"),
    ("ObjectNode", "warsignals.stance.models.StanceClassifier"),
})


# ------------------------------------------------------------------------------------- training helpers
def prepare_labels(
    frame: pd.DataFrame,
    text_column: str = "text",
    label_column: str = "label",
    target_column: str | None = None,
    source: str = "labels",
) -> pd.DataFrame:
    """Validate a labelled table and deduplicate it.

    Labels are upper-cased and must be FAVOR, AGAINST or NONE (``InputError`` names the first bad row, as a
    1-based CSV line counting the header). Rows with the same whitespace-normalised, case-folded text (and
    target) are merged into one with their majority label; groups whose labels tie are dropped.

    Returns
    -------
    DataFrame
        ``text, target, label`` plus ``n_duplicates`` (rows merged into each).
    """
    for column in [text_column, label_column] + ([target_column] if target_column else []):
        if column not in frame.columns:
            raise InputError(f"{source}: no column {column!r} (columns: {', '.join(map(str, frame.columns))})")
    labels = frame[label_column].astype(str).str.strip().str.upper()
    bad = ~labels.isin(LABELS) | frame[label_column].isna()
    if bad.any():
        position = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(
            f"{source}: line {position + 2}: label {frame[label_column].iloc[position]!r} is not one of "
            f"{', '.join(LABELS)}"
        )
    texts = frame[text_column]
    empty = texts.isna() | (texts.astype(str).str.strip() == "")
    if empty.any():
        position = int(np.flatnonzero(empty.to_numpy())[0])
        raise InputError(f"{source}: line {position + 2}: empty text")
    table = pd.DataFrame({
        "text": texts.astype(str).to_numpy(),
        "target": frame[target_column].astype(str).to_numpy() if target_column else ANY_TARGET,
        "label": labels.to_numpy(),
    })
    table["_key"] = table["text"].str.lower().str.split().str.join(" ") + "\x00" + table["target"]
    rows = []
    for _, group in table.groupby("_key", sort=False):
        counts = group["label"].value_counts()
        if len(counts) > 1 and counts.iloc[0] == counts.iloc[1]:
            continue
        first = group.iloc[0]
        rows.append((first["text"], first["target"], counts.index[0], len(group)))
    return pd.DataFrame(rows, columns=["text", "target", "label", "n_duplicates"])


def train_stance(
    labels: pd.DataFrame,
    select: bool = True,
    grid: Sequence[Mapping] | None = None,
    cv: int = 3,
    seed: int = config.DEFAULT_SEED,
    **params,
) -> tuple[StanceClassifier, dict]:
    """Train a :class:`StanceClassifier` on a table from :func:`prepare_labels`.

    Returns the fitted model and a JSON-ready training report (rows, label counts, the chosen parameters,
    the cross-validation table when ``select``, and the training time).
    """
    start = time.perf_counter()
    X = labels[["text", "target"]]
    y = labels["label"].to_numpy()
    report: dict = {"n_rows": int(len(labels)), "label_counts": labels["label"].value_counts().to_dict()}
    if select:
        chosen, table = select_stance_model(X, y, grid=grid, cv=cv, base_params=params, seed=seed)
        report["cv"] = table.to_dict(orient="records")
    else:
        chosen = dict(params)
    chosen["random_state"] = seed
    model = StanceClassifier(**chosen).fit(X, y)
    report["params"] = {k: v for k, v in model.get_params().items()}
    report["targets"] = list(model.targets_)
    report["train_seconds"] = round(time.perf_counter() - start, 3)
    return model, report


# --------------------------------------------------------------------------------------- save and load
def save_stance_model(model: StanceClassifier, directory: str | Path, metadata: Mapping | None = None) -> Path:
    """Save a fitted model as ``model.skops`` plus ``model.json`` (format, sha256, targets, metadata)."""
    check_is_fitted(model, "calibrated_")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / MODEL_FILE
    dump_skops(model, path)
    meta = {
        "format": MODEL_FORMAT,
        "kind": type(model).__name__,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "classes": [str(c) for c in model.classes_],
        "targets": [str(t) for t in model.targets_],
        **dict(metadata or {}),
    }
    (directory / META_FILE).write_text(json.dumps(meta, indent=2, default=str, sort_keys=True) + "\n")
    return directory


def load_stance_model(directory: str | Path) -> StanceClassifier:
    """Load a model saved by :func:`save_stance_model`, refusing files with types off the allow-list.

    Raises
    ------
    InputError
        The directory or files are missing, the checksum does not match, or the file holds a type that is
        not on :data:`MODEL_TYPES`, or any callable.
    """
    directory = Path(directory)
    path, meta_path = directory / MODEL_FILE, directory / META_FILE
    if not path.is_file() or not meta_path.is_file():
        raise InputError(f"{directory}: not a stance model directory (needs {MODEL_FILE} and {META_FILE})")
    try:
        meta = json.loads(meta_path.read_text())
    except json.JSONDecodeError as exc:
        raise InputError(f"{meta_path}: line {exc.lineno}: invalid JSON") from None
    if meta.get("format") != MODEL_FORMAT:
        raise InputError(f"{meta_path}: format {meta.get('format')!r} is not {MODEL_FORMAT!r}")
    if hashlib.sha256(path.read_bytes()).hexdigest() != meta.get("sha256"):
        raise InputError(f"{path}: checksum does not match {META_FILE}; the file was changed after saving")
    return load_skops(path, StanceClassifier, MODEL_TYPES)
