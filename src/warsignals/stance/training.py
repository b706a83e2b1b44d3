"""Training and saving supervised stance models: labels, ``train_stance``, skops save/load with the allow-list."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.utils.validation import check_is_fitted

from warsignals import config, modelfile
from warsignals.errors import InputError, ParameterError
from warsignals.stance.models import MODEL_TYPES, StanceClassifier, select_stance_model  # noqa: F401
from warsignals.stance.targets import (
    ANY_TARGET,
    LABELS,
)

#: The one model format (:mod:`warsignals.modelfile`); the names stay importable from here.
MODEL_FILE, META_FILE, MODEL_FORMAT = modelfile.MODEL_FILE, modelfile.META_FILE, modelfile.FORMAT


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
STANCE_KINDS: tuple[str, ...] = ("StanceClassifier", "GroundedStanceModel")


def save_stance_model(model, directory: str | Path, metadata: Mapping | None = None) -> Path:
    """Save a fitted :class:`StanceClassifier` or :class:`~warsignals.stance.grounded.GroundedStanceModel` in the
    model format of :mod:`warsignals.modelfile` (``model.skops`` plus ``model.json``: format, version, kind,
    sha256, classes, targets, metadata).

    Examples
    --------
    >>> save_stance_model(StanceClassifier(target="negotiations").fit(texts, labels), "models/stance")  # doctest: +SKIP
    """
    if type(model).__name__ not in STANCE_KINDS:
        raise ParameterError(f"cannot save a {type(model).__name__}: only {', '.join(STANCE_KINDS)}")
    check_is_fitted(model)
    return modelfile.save_model_dir(model, directory, {"targets": [str(t) for t in model.targets_],
                                                       **dict(metadata or {})})


def load_stance_model(directory: str | Path):
    """Load a model saved by :func:`save_stance_model`, refusing files with types off the allow-list.

    Raises
    ------
    InputError
        The directory or files are missing, the format or checksum does not match, or the file holds a type
        that is not on the allow-list of its kind (:data:`MODEL_TYPES`, ``grounded.GROUNDED_MODEL_TYPES``), or
        any callable.

    Examples
    --------
    >>> load_stance_model("models/stance").predict(["We must keep arming Ukraine."])  # doctest: +SKIP
    """
    return modelfile.load_model_dir(directory, STANCE_KINDS, "stance model")
