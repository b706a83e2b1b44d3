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


def load_skops(path: str | Path, expected_type: type, allowed_prefixes: tuple[str, ...]):
    """Load a skops file only if every type it holds starts with one of ``allowed_prefixes``.

    Parameters
    ----------
    path : str or Path
        The ``.skops`` file.
    expected_type : type
        The class the loaded object must be an instance of.
    allowed_prefixes : tuple of str
        Dotted-name prefixes of the types that may be instantiated (e.g. ``("sklearn.", "numpy.")``).

    Raises
    ------
    InputError
        When the file is not a readable skops archive, holds a type off the allow-list, or holds another
        kind of object.
    """
    import skops.io as sio

    path = Path(path)
    try:
        untrusted = sio.get_untrusted_types(file=path)
    except Exception as exc:  # skops raises various errors on a corrupt archive
        raise InputError(f"{path}: not a readable skops model file ({exc.__class__.__name__})") from None
    refused = [name for name in untrusted if not name.startswith(allowed_prefixes)]
    if refused:
        raise InputError(f"{path}: refusing to load type(s) outside the allow-list: {', '.join(refused)}")
    model = sio.load(path, trusted=untrusted)
    if not isinstance(model, expected_type):
        raise InputError(f"{path}: holds a {type(model).__name__}, not a {expected_type.__name__}")
    return model
