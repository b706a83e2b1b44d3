"""A cross-process cache of compiled lexicon data, in files that hold data only.

Compiling the cue lexicon (YAML parse, schema check, inflection tables, the actor gazetteer, the matchers' regex
sources and prefilter tables) costs a ``warsignals score`` process more than scoring a corpus of 50,000
sentences. This cache keeps the results between processes in ``config.CACHE_DIR`` (``WARSIGNALS_CACHE_DIR``;
empty turns it off), one file per item, named by a key: the SHA-256 of the item's input (the lexicon or actor
file's text, the matcher's patterns), the package version, the Python version, the source of the modules that
compile it, and the versions of the packages whose tables go into it (lemminflect, pycountry,
country_converter). A changed input, code or dependency gives a new key, so a stale entry is never read; the
item is compiled again, written, and one line on standard error says so.

Security: an entry is JSON text, or NumPy arrays of numbers read with ``allow_pickle=False`` (an array of
objects, the only kind that could carry a pickle, is refused), so no file in the cache can run code when read.
Compiled regular expressions are not stored (Python can only pickle them, which recompiles, or dump their
byte code, which its regex engine should not be fed from a file); their sources are, and are compiled on
reading. An entry that cannot be read, or whose key or shape is not what was asked, is compiled again and
replaced. Whoever can write to the cache folder can change what the matchers match, as whoever can edit the
lexicon can; the default folder is the user's own (``~/.cache/warsignals``).

The project's one cache idiom: within a process, ``functools.lru_cache`` on a module-level function of hashable
arguments (a path, a text, a name), with an explicit ``maxsize`` (``None`` only where the arguments come from a
bounded set, such as the words of a lexicon); between processes, :func:`cached` here. No module-level dicts or
``functools.cache``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from warsignals import __version__, config

FORMAT = 1
#: Modules whose code decides what is cached: a change to any of them changes every key.
SOURCES = ("cache.py", "lexicon.py", "matcher.py", "actors.py")
_unwritable: set[Path] = set()


def cache_dir() -> Path | None:
    """The cache folder (``config.CACHE_DIR``), or None when caching is turned off."""
    folder = config.CACHE_DIR
    return Path(folder) if folder is not None and str(folder) not in ("", ".") else None


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    digest = hashlib.sha256(f"{FORMAT}|{__version__}|{sys.version_info[:2]}".encode())
    for name in SOURCES:
        digest.update((config.SRC_DIR / name).read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=16)
def package_version(name: str) -> str:
    """The installed version of a distribution ("" when it is not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return ""


def cache_key(kind: str, *parts: str | bytes) -> str:
    """The key of a cached item: SHA-256 of its kind, the code fingerprint and ``parts``."""
    digest = hashlib.sha256(f"{kind}|{_code_fingerprint()}".encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def _path(kind: str, key: str, suffix: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / f"{kind}-{key[:32]}{suffix}"


def say(message: str) -> None:
    """One line on standard error (``warsignals: cache: ...``)."""
    print(f"warsignals: cache: {message}", file=sys.stderr, flush=True)


def _write(path: Path, write: Callable[[Any], None]) -> bool:
    """Write a file atomically (a temporary file renamed into place); False when the folder is not writable."""
    folder = path.parent
    if folder in _unwritable:
        return False
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                write(out)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        _unwritable.add(folder)
        say(f"cannot write to {folder} ({exc.strerror or exc}); compiling without a cache")
        return False
    return True


def load_json(kind: str, key: str) -> dict | None:
    """The cached JSON item ``kind``/``key``, or None when there is none or it is unreadable or not this key's."""
    path = _path(kind, key, ".json")
    if path is None or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key or data.get("kind") != kind:
        return None
    return data.get("data")


def store_json(kind: str, key: str, data: Any, what: str | None, seconds: float) -> None:
    """Write a JSON item and say so (unless ``what`` is None)."""
    path = _path(kind, key, ".json")
    if path is None:
        return
    text = json.dumps({"kind": kind, "key": key, "data": data}, ensure_ascii=False, separators=(",", ":"))
    if _write(path, lambda out: out.write(text.encode("utf-8"))) and what is not None:
        say(f"compiled {what} in {seconds:.2f} s -> {path}")


def load_arrays(kind: str, key: str) -> tuple[dict, dict] | None:
    """The cached item ``kind``/``key`` as (JSON data, NumPy arrays), read without pickle; None when there is
    none, it is unreadable, holds an array of objects, or is not this key's."""
    import numpy as np

    path = _path(kind, key, ".npz")
    if path is None or not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in stored.files}
        head = json.loads(arrays.pop("__meta__").tobytes().decode("utf-8"))
    except Exception:  # noqa: BLE001 -- a damaged or foreign file of any kind is compiled again
        return None
    if not isinstance(head, dict) or head.get("key") != key or head.get("kind") != kind:
        return None
    return head.get("data"), arrays


def store_arrays(kind: str, key: str, data: Any, arrays: dict, what: str | None, seconds: float) -> None:
    """Write an item of JSON data and NumPy arrays of numbers (``.npz``) and say so (unless ``what`` is None)."""
    import numpy as np

    path = _path(kind, key, ".npz")
    if path is None:
        return
    head = json.dumps({"kind": kind, "key": key, "data": data}, ensure_ascii=False, separators=(",", ":"))
    payload = {"__meta__": np.frombuffer(head.encode("utf-8"), dtype=np.uint8), **arrays}
    if any(np.asarray(a).dtype.hasobject for a in payload.values()):
        raise ValueError("the cache holds arrays of numbers only")
    if _write(path, lambda out: np.savez(out, **payload)) and what is not None:
        say(f"compiled {what} in {seconds:.2f} s -> {path}")


def cached(kind: str, key: str, build: Callable[[], Any], to_data: Callable[[Any], Any],
           from_data: Callable[[Any], Any], what: str) -> Any:
    """``from_data`` of the cached JSON item, or ``build()`` stored as ``to_data`` of it.

    ``from_data`` raising ``KeyError``, ``TypeError``, ``ValueError`` or ``IndexError`` (an entry of another
    shape) counts as a missing entry.
    """
    data = load_json(kind, key)
    if data is not None:
        try:
            return from_data(data)
        except (KeyError, TypeError, ValueError, IndexError):
            pass
    start = time.perf_counter()
    value = build()
    store_json(kind, key, to_data(value), what, time.perf_counter() - start)
    return value
