"""One model file format for every trained model: ``model.skops`` plus ``model.json``, one allow-list registry.

A model directory holds

- ``model.skops``: the fitted estimator, written with skops (no pickle);
- ``model.json``: ``format`` (:data:`FORMAT`), ``version`` (:data:`VERSION`), ``kind`` (the estimator's class
  name, a key of :data:`MODEL_KINDS`), ``sha256`` (of ``model.skops``), ``classes`` and whatever the caller adds
  (training data, parameters, cross-validation scores).

Loading checks, before anything in the file is built: both files exist, the format tag and version, the checksum,
that the kind is one the caller accepts, and that every node of the skops schema is one of the exact ``(loader,
type)`` pairs the kind's allow-list names (:func:`warsignals.fileio.load_skops`). The allow-lists live beside their
estimators (``signals.MODEL_TYPES``, ``stance.MODEL_TYPES``, ``stance.grounded.GROUNDED_MODEL_TYPES``), each the
union of :data:`SKOPS_BASE_TYPES` (here), the text classifiers' :data:`warsignals.textclf.TEXT_CLASSIFIER_TYPES`
where it applies, and its own; :data:`MODEL_KINDS` is the one registry that maps a kind to its class and list.
Stance models written before this format (``"format": "warsignals-stance/1"``, the same fields) load as version 1;
signal models of the old layout (``meta.json``, no checksum) are refused with a request to retrain.

Examples
--------
>>> from warsignals.modelfile import load_model_dir, save_model_dir
>>> save_model_dir(fitted, "models/signals", {"labels": "train.csv"})  # doctest: +SKIP
>>> load_model_dir("models/signals", kinds=("SignalClassifier",))  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from sklearn.utils.validation import check_is_fitted

from warsignals.errors import InputError, ParameterError
from warsignals.fileio import SkopsType, dump_skops, load_skops

MODEL_FILE = "model.skops"
META_FILE = "model.json"
FORMAT = "warsignals-model"
VERSION = 1
#: Format tags of earlier releases read as a version of this format (same fields): ``{tag: version}``.
LEGACY_FORMATS: dict[str, int] = {"warsignals-stance/1": 1}
#: The (skops loader, type) pairs every saved model contains: skops's containers and a NumPy array.
SKOPS_BASE_TYPES: frozenset[SkopsType] = frozenset({
    ("DictNode", "builtins.dict"),
    ("JsonNode", "builtins.str"),
    ("ListNode", "builtins.list"),
    ("TupleNode", "builtins.tuple"),
    ("TypeNode", "builtins.str"),
    ("NdArrayNode", "numpy.ndarray"),
})
#: Every kind of model a directory may hold: ``kind -> (module, class name, name of its allow-list there)``.
MODEL_KINDS: dict[str, tuple[str, str, str]] = {
    "SignalClassifier": ("warsignals.signals.classifier", "SignalClassifier", "MODEL_TYPES"),
    "StanceClassifier": ("warsignals.stance.models", "StanceClassifier", "MODEL_TYPES"),
    "GroundedStanceModel": ("warsignals.stance.grounded", "GroundedStanceModel", "GROUNDED_MODEL_TYPES"),
}


def model_kind(kind: str) -> tuple[type, frozenset[SkopsType]]:
    """The class and the allow-list of one kind of :data:`MODEL_KINDS`.

    Parameters
    ----------
    kind : str
        A key of :data:`MODEL_KINDS`.

    Returns
    -------
    (type, frozenset of (str, str))
    """
    module, name, types = MODEL_KINDS[kind]
    cls = getattr(importlib.import_module(module), name)
    allowed = getattr(importlib.import_module(module), types)
    return cls, allowed


def save_model_dir(model, directory: str | Path, metadata: Mapping | None = None) -> Path:
    """Save a fitted model as ``model.skops`` plus ``model.json`` (format, version, kind, checksum, classes).

    Parameters
    ----------
    model : estimator
        A fitted estimator of a kind in :data:`MODEL_KINDS`.
    directory : str or Path
        Created if missing; its ``model.skops`` and ``model.json`` are replaced.
    metadata : mapping, optional
        Added to ``model.json`` (JSON-ready values; others are written with ``str``).

    Returns
    -------
    Path
        The directory.

    Raises
    ------
    ParameterError
        When the model is of no known kind or not fitted.
    """
    kind = type(model).__name__
    if kind not in MODEL_KINDS:
        raise ParameterError(f"cannot save a {kind}: only {', '.join(sorted(MODEL_KINDS))}")
    check_is_fitted(model)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = dump_skops(model, directory / MODEL_FILE)
    meta = {
        "format": FORMAT,
        "version": VERSION,
        "kind": kind,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "classes": [str(c) for c in model.classes_],
        **dict(metadata or {}),
    }
    (directory / META_FILE).write_text(json.dumps(meta, indent=2, default=str, sort_keys=True) + "\n",
                                       encoding="utf-8")
    return directory


def read_model_meta(directory: str | Path, what: str = "model") -> dict:
    """The checked ``model.json`` of a model directory (format, version and checksum verified).

    Parameters
    ----------
    directory : str or Path
        The model directory.
    what : str
        What the caller expects (``"signal model"``), for messages.

    Returns
    -------
    dict

    Raises
    ------
    InputError
        One line naming the directory or file and what is wrong.
    """
    directory = Path(directory)
    path, meta_path = directory / MODEL_FILE, directory / META_FILE
    if not path.is_file() and not meta_path.is_file() and not (directory / "meta.json").is_file():
        raise InputError(f"{directory}: not a {what} directory (no {MODEL_FILE} here)")
    if not meta_path.is_file():
        if (directory / "meta.json").is_file():
            raise InputError(f"{directory}: a {what} saved by an older warsignals (meta.json, without format tag "
                             "or checksum); train it again with this version")
        raise InputError(f"{directory}: not a {what} directory (needs {MODEL_FILE} and {META_FILE})")
    if not path.is_file():
        raise InputError(f"{directory}: no {MODEL_FILE} beside {META_FILE}")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{meta_path}: line {exc.lineno}: invalid JSON") from None
    if not isinstance(meta, dict):
        raise InputError(f"{meta_path}: expected a JSON object")
    tag = meta.get("format")
    version = LEGACY_FORMATS.get(tag) if tag in LEGACY_FORMATS else meta.get("version") if tag == FORMAT else None
    if version is None:
        raise InputError(f"{meta_path}: format {tag!r} is not {FORMAT!r}")
    if version != VERSION:
        raise InputError(f"{meta_path}: format version {version!r}; this warsignals reads version {VERSION}")
    if hashlib.sha256(path.read_bytes()).hexdigest() != meta.get("sha256"):
        raise InputError(f"{path}: checksum does not match {META_FILE}; the file was changed after saving")
    return meta


def load_model_dir(directory: str | Path, kinds: Sequence[str], what: str = "model"):
    """Load a model saved by :func:`save_model_dir`, refusing any kind but ``kinds`` and any type off its list.

    Parameters
    ----------
    directory : str or Path
        The model directory.
    kinds : sequence of str
        The kinds (keys of :data:`MODEL_KINDS`) the caller accepts.
    what : str
        What the caller expects (``"signal model"``), for messages.

    Returns
    -------
    estimator

    Raises
    ------
    InputError
        When :func:`read_model_meta` refuses the directory, the kind is not accepted, or the file holds a type
        outside the kind's allow-list or any callable (checked before anything in the file is built).
    """
    meta = read_model_meta(directory, what)
    kind = meta.get("kind")
    if kind not in kinds:
        raise InputError(f"{Path(directory) / META_FILE}: a {kind} model, not a {what} "
                         f"(expected {' or '.join(kinds)})")
    cls, allowed = model_kind(kind)
    return load_skops(Path(directory) / MODEL_FILE, cls, allowed)
