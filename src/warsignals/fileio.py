"""Reading the project's YAML files and saving/loading models safely, with errors that name file and line.

Every YAML file a user can edit (lexicons, actors, stance targets, topic seeds, run configurations) is read
through :func:`read_text` and :func:`parse_yaml`, so bytes that are not UTF-8 and syntax errors always name the
file and line; data files are then checked by :func:`validate_yaml` against a schema (allowed keys and types).
Models are stored with skops and loaded through :func:`load_skops`, which refuses any node of the file's schema
that is not exactly on the caller's allow-list, and every callable: a model file from someone else cannot run
code on load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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


def file_key(path: str | Path, what: str = "file") -> tuple[str, int, int]:
    """The key under which what is read from a file is cached in a process: resolved path, mtime (ns), size.

    The loaders of user files (lexicon, actors, speakers, stance targets) pass it to a module-level
    ``lru_cache`` function (the cache idiom of :mod:`warsignals.cache`), so an edited file is read again.

    Parameters
    ----------
    path : str or Path
        The file.
    what : str
        What the file is, for the error message.

    Returns
    -------
    (str, int, int)

    Raises
    ------
    InputError
        When ``path`` is not a file (``"<path>: <what> not found"``).

    Examples
    --------
    >>> file_key("data/lexicons/cues.yaml", "lexicon file")  # doctest: +SKIP
    ('/work/data/lexicons/cues.yaml', 1764435600000000000, 41210)
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: {what} not found")
    stat = path.stat()
    return str(path.resolve()), stat.st_mtime_ns, stat.st_size


def read_text(path: str | Path, error: type[WarsignalsError] = InputError) -> str:
    """Read a UTF-8 text file (a BOM is dropped); bytes that are not UTF-8 raise ``error`` naming file, line, byte.

    Raises
    ------
    WarsignalsError
        ``error`` for a missing or unreadable file, or bytes that are not UTF-8 (e.g. a Latin-1 YAML file).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise error(f"{path}: cannot read ({exc.strerror or exc})") from None
    skip = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + skip
        line = data.count(b"\n", 0, offset) + 1
        raise error(f"{path}, line {line}: not UTF-8 (byte 0x{data[offset]:02x} at offset {offset}); "
                    "re-save the file as UTF-8") from None


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
    return parse_yaml(read_text(path, error), str(path), error)


# ----------------------------------------------------------------------------------- YAML data-file schemas
@dataclass(frozen=True)
class Value:
    """A scalar schema: one of ``types`` (``bool`` never counts as a number), optionally one of ``choices``."""

    types: tuple[type, ...]
    name: str
    choices: tuple = ()


@dataclass(frozen=True)
class ListOf:
    """A list whose items follow ``item``; ``single=True`` also accepts one bare item."""

    item: object
    single: bool = False


@dataclass(frozen=True)
class MapOf:
    """A mapping with the named ``fields`` (schemas), ``required`` ones, and (if ``rest``) any other key."""

    fields: dict = field(default_factory=dict)
    required: tuple[str, ...] = ()
    rest: object = None


@dataclass(frozen=True)
class AnyOf:
    """The first of ``options`` that fits; ``name`` describes them in messages."""

    options: tuple
    name: str


TEXT = Value((str,), "text")
NUMBER = Value((int, float), "a number")
INTEGER = Value((int,), "an integer")
FLAG = Value((bool,), "true or false")
NOTHING = Value((type(None),), "empty")


def _fits(value, schema) -> bool:
    try:
        _check(value, schema, (), {}, "")
    except InputError:
        return False
    return True


def _check(value, schema, keys: tuple, lines: dict, source: str) -> None:
    def fail(problem: str, at: tuple = keys) -> None:
        line = next((lines[at[:n]] for n in range(len(at), 0, -1) if at[:n] in lines), None)
        where = f"{source}, line {line}" if line else source
        name = ".".join(map(str, at)) or "the document"
        raise InputError(f"{where}: {name}: {problem}")

    if isinstance(schema, Value):
        is_bool = isinstance(value, bool)
        ok = isinstance(value, schema.types) and (bool in schema.types or not is_bool)
        if not ok:
            fail(f"must be {schema.name}, not {type(value).__name__} {value!r}")
        if schema.choices and value not in schema.choices:
            fail(f"must be one of {', '.join(map(str, schema.choices))}, not {value!r}")
    elif isinstance(schema, AnyOf):
        shaped = [option for option in schema.options
                  if (isinstance(option, MapOf) and isinstance(value, dict))
                  or (isinstance(option, ListOf) and isinstance(value, list))]
        if len(shaped) == 1:  # the value's shape picks the option: its own messages are the precise ones
            _check(value, shaped[0], keys, lines, source)
        elif not any(_fits(value, option) for option in schema.options):
            fail(f"must be {schema.name}, not {type(value).__name__} {value!r}")
    elif isinstance(schema, ListOf):
        if schema.single and not isinstance(value, list):
            value = [value]
        if not isinstance(value, list):
            fail(f"must be a list, not {type(value).__name__} {value!r}")
        for number, item in enumerate(value):
            _check(item, schema.item, (*keys, number), lines, source)
    elif isinstance(schema, MapOf):
        if not isinstance(value, dict):
            fail(f"must be a mapping (key: value lines), not {type(value).__name__} {value!r}")
        for key, item in value.items():
            if key in schema.fields:
                _check(item, schema.fields[key], (*keys, key), lines, source)
            elif schema.rest is not None:
                _check(item, schema.rest, (*keys, key), lines, source)
            else:
                fail(f"unknown key {key!r} (allowed: {', '.join(map(str, schema.fields))})", (*keys, key))
        missing = [key for key in schema.required if key not in value]
        if missing:
            fail(f"missing key(s) {', '.join(missing)}")
    else:  # pragma: no cover - a schema written wrongly in the code
        raise TypeError(f"unknown schema {schema!r}")


def _key_lines(text: str) -> dict[tuple, int]:
    """Line number (1-based) of every mapping key and list item of a YAML document, by its key path."""
    lines: dict[tuple, int] = {}
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return lines
    stack = [((), root)]
    while stack:
        keys, node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                path = (*keys, key_node.value)
                lines[path] = key_node.start_mark.line + 1
                stack.append((path, value_node))
        elif isinstance(node, yaml.SequenceNode):
            for number, item in enumerate(node.value):
                lines[(*keys, number)] = item.start_mark.line + 1
                stack.append(((*keys, number), item))
    return lines


def validate_yaml(data, schema, source: str, text: str | None = None) -> None:
    """Check parsed YAML ``data`` against ``schema``; the first problem raises :class:`InputError`.

    The message names the file, the line (when ``text`` is given) and the key path, e.g.
    ``data/stance_targets.yaml, line 52: targets.negotiations: unknown key 'favour' (allowed: ...)``.
    Unknown keys are errors: a misspelt key would otherwise be ignored silently.
    """
    _check(data, schema, (), _key_lines(text) if text else {}, source)


def dump_skops(model, path: str | Path) -> Path:
    """Save ``model`` with skops (no pickle; a deflate-compressed zip) and return the path."""
    import zipfile

    import skops.io as sio

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sio.dump(model, path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
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
