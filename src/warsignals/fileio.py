"""Reading the project's YAML files and saving/loading models safely, with errors that name file and line.

Every YAML file a user can edit (lexicons, actors, stance targets, topic seeds, run configurations) is read
through :func:`parse_yaml`, so a syntax error always names the file and line. Models are stored with skops and
loaded through :func:`load_skops`, which refuses any type outside the caller's allow-list: a model file from
someone else cannot run code on load.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from warsignals.errors import InputError, WarsignalsError


def parse_yaml(text: str, source: str, error: type[WarsignalsError] = InputError):
    """Parse YAML text; on a syntax error raise ``error`` naming ``source`` and the line.

    Parameters
    ----------
    text : str
        The YAML document.
    source : str
        The file name (or a description) used in error messages.
    error : type
        The :class:`~warsignals.errors.WarsignalsError` subclass to raise.

    Returns
    -------
    object
        The parsed document (``None`` for an empty one).
    """
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}, line {mark.line + 1}" if mark is not None else source
        problem = getattr(exc, "problem", None) or exc.__class__.__name__
        raise error(f"{where}: invalid YAML ({problem})") from None


def read_yaml(path: str | Path, what: str = "file", error: type[WarsignalsError] = InputError):
    """Read and parse a YAML file; a missing file or a syntax error raises ``error`` naming the file.

    Parameters
    ----------
    path : str or Path
        The file.
    what : str
        What the file is, for the "not found" message (e.g. ``"seed file"``).
    error : type
        The :class:`~warsignals.errors.WarsignalsError` subclass to raise.
    """
    path = Path(path)
    if not path.is_file():
        raise error(f"{path}: {what} not found")
    return parse_yaml(path.read_text(encoding="utf-8"), str(path), error)


def dump_skops(model, path: str | Path) -> Path:
    """Save ``model`` with skops (no pickle) and return the path."""
    import skops.io as sio

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sio.dump(model, path)
    return path


#: Skops node loaders that produce or call a callable (a function, method, partial, operator, or a constructor
#: called with arguments from the file). A model of ours contains none of them, and no allow-list may name one.
CALLABLE_LOADERS: frozenset[str] = frozenset(
    {"FunctionNode", "MethodNode", "PartialNode", "OperatorFuncNode", "ConstructorFromReduceNode"}
)

#: One entry of a model allow-list: ``(skops loader, dotted type name)``,
#: e.g. ``("ObjectNode", "sklearn.svm._classes.LinearSVC")``.
SkopsType = tuple[str, str]


def skops_types(path: str | Path) -> set[SkopsType]:
    """Every ``(loader, module.class)`` pair in a skops file's schema, read without importing or running anything.

    The schema (``schema.json`` inside the zip archive) is walked completely: every mapping in it that names a
    ``__loader__``, ``__module__`` or ``__class__`` is a node skops would build, wherever it sits (attributes,
    dict values and keys, list items, object arrays). This is the full set of types, not only the ones skops
    calls untrusted.

    Parameters
    ----------
    path : str or Path
        The ``.skops`` file.

    Returns
    -------
    set of (str, str)

    Raises
    ------
    InputError
        When the file is not a zip archive with a JSON ``schema.json`` (e.g. a pickle renamed ``.skops``), or a
        node lacks its loader, module or class.
    """
    import json
    import zipfile

    path = Path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            schema = json.loads(archive.read("schema.json"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise InputError(f"{path}: not a readable skops model file ({exc.__class__.__name__})") from None
    found: set[SkopsType] = set()
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if {"__loader__", "__module__", "__class__"} & node.keys():
                parts = [node.get(key) for key in ("__loader__", "__module__", "__class__")]
                if not all(isinstance(part, str) and part for part in parts):
                    raise InputError(f"{path}: malformed skops schema (a node without loader, module or class)")
                found.add((parts[0], f"{parts[1]}.{parts[2]}"))
            stack.extend(node.values())
            stack.extend(key for key in node if isinstance(key, dict | list))
        elif isinstance(node, list):
            stack.extend(node)
    return found


def load_skops(path: str | Path, expected_type: type, allowed: frozenset[SkopsType]):
    """Load a skops file only if every node in it is exactly one of the ``allowed`` (loader, type) pairs.

    No prefixes, no callables: each ``(loader, module.class)`` pair of the file's schema (see
    :func:`skops_types`) must be in ``allowed``, which lists what a model of ours really contains. Nodes that
    call or return a callable (:data:`CALLABLE_LOADERS`) are refused even if an allow-list named them. The check
    reads only the JSON schema; nothing from the file is imported or constructed before it passes.

    Parameters
    ----------
    path : str or Path
        The ``.skops`` file.
    expected_type : type
        The class the loaded object must be an instance of.
    allowed : frozenset of (str, str)
        The exact ``(skops loader, dotted type name)`` pairs the model may contain.

    Raises
    ------
    InputError
        When the file is not a readable skops archive, holds a node off the allow-list or a callable node, or
        holds another kind of object.
    """
    import skops.io as sio

    path = Path(path)
    found = skops_types(path)
    callables = sorted(f"{name} ({loader})" for loader, name in found if loader in CALLABLE_LOADERS)
    if callables:
        raise InputError(f"{path}: refusing to load a model file that calls or holds code: {', '.join(callables)}")
    refused = sorted(f"{name} ({loader})" for loader, name in found - allowed)
    if refused:
        raise InputError(f"{path}: refusing to load type(s) outside the allow-list: {', '.join(refused)}")
    names = {name for _, name in allowed}
    try:
        untrusted = sio.get_untrusted_types(file=path)
    except Exception as exc:  # skops raises various errors on a corrupt archive
        raise InputError(f"{path}: not a readable skops model file ({exc.__class__.__name__})") from None
    outside = sorted(set(untrusted) - names)
    if outside:  # cannot happen when the schema walk is complete; kept as a second, independent check
        raise InputError(f"{path}: refusing to load type(s) outside the allow-list: {', '.join(outside)}")
    try:
        model = sio.load(path, trusted=list(untrusted))
    except Exception as exc:  # a schema that passes the check but does not build (corrupt arrays, bad state)
        detail = str(exc).strip().splitlines()[:1]
        raise InputError(f"{path}: not a loadable skops model file ({exc.__class__.__name__}"
                         f"{': ' + detail[0] if detail else ''})") from None
    if not isinstance(model, expected_type):
        raise InputError(f"{path}: holds a {type(model).__name__}, not a {expected_type.__name__}")
    return model
