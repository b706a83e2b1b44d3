"""Crafted skops model files for the security tests: each one runs code when a permissive loader builds it.

Every payload writes a marker file; the tests assert that our loaders refuse the file and the marker never
appears. :func:`payload_runs` proves each payload is live (a loader that trusts the file does create the marker),
so a refusal test cannot pass merely because the payload is broken.
"""

from __future__ import annotations

import hashlib
import io
import json
import pickle
import zipfile
from pathlib import Path

import skops.io as sio


def marker_code(marker: Path) -> str:
    """Python source that creates ``marker``."""
    return f"open({str(marker)!r}, 'w').write('code ran')"


def node_of(obj) -> dict:
    """The skops schema node of a Python object, as skops itself writes it."""
    with zipfile.ZipFile(io.BytesIO(sio.dumps(obj))) as archive:
        schema = json.loads(archive.read("schema.json"))
    for key in ("protocol", "_skops_version"):
        schema.pop(key, None)
    return schema


def exec_node(marker: Path) -> dict:
    """``builtins.exec(code)`` as a ``ConstructorFromReduceNode`` (what passed the old ``builtins.`` prefix)."""
    return {"__class__": "exec", "__module__": "builtins", "__loader__": "ConstructorFromReduceNode",
            "content": node_of((marker_code(marker),))}


def runstring_node(marker: Path) -> dict:
    """``numpy.testing._private.utils.runstring(code, {})``: a numpy function that executes a string."""
    return {"__class__": "runstring", "__module__": "numpy.testing._private.utils",
            "__loader__": "ConstructorFromReduceNode", "content": node_of((marker_code(marker), {}))}


def write_schema(path: Path, schema: dict, members_from: Path | None = None) -> Path:
    """Write a skops archive holding ``schema`` (plus the array members of ``members_from``)."""
    schema = {**schema, "protocol": 2, "_skops_version": sio.__version__ if hasattr(sio, "__version__") else "0"}
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        if members_from is not None:
            with zipfile.ZipFile(members_from) as source:
                for name in source.namelist():
                    if name != "schema.json":
                        out.writestr(name, source.read(name))
        out.writestr("schema.json", json.dumps(schema))
    path.write_bytes(buffer.getvalue())
    return path


def plant_attribute(model_file: Path, out: Path, attribute: str, node: dict) -> Path:
    """Copy a real model file with ``node`` added as an extra attribute of the top-level estimator (a trojan)."""
    with zipfile.ZipFile(model_file) as archive:
        schema = json.loads(archive.read("schema.json"))
    attrs = schema["content"]
    attrs["content"][attribute] = node
    key_types = attrs["key_types"]["content"]
    key_types.append(dict(key_types[0]))
    return write_schema(out, schema, members_from=model_file)


def write_pickle(path: Path, marker: Path) -> Path:
    """A pickle whose unpickling runs ``exec``, saved under a ``.skops`` name."""

    class Payload:
        def __reduce__(self):
            return exec, (marker_code(marker),)

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(Payload()))
    return path


def craft(kind: str, real_model_file: Path, out: Path, marker: Path) -> Path:
    """Write the crafted model file ``kind`` (``exec``, ``trojan``, ``numpy_runstring``, ``pickle``) to ``out``."""
    if kind == "exec":
        return write_schema(out, exec_node(marker))
    if kind == "trojan":
        return plant_attribute(real_model_file, out, "calibration_notes_", exec_node(marker))
    if kind == "numpy_runstring":
        return plant_attribute(real_model_file, out, "calibration_notes_", runstring_node(marker))
    if kind == "pickle":
        return write_pickle(out, marker)
    raise ValueError(kind)


KINDS = ("exec", "trojan", "numpy_runstring", "pickle")


def payload_runs(path: Path, kind: str) -> None:
    """Load ``path`` the unsafe way (skops trusting every type it names, or pickle) so that its payload runs."""
    if kind == "pickle":
        pickle.loads(path.read_bytes())  # noqa: S301 - the point: this is what must never happen
    else:
        sio.load(path, trusted=sio.get_untrusted_types(file=path))


def reseal_model(directory: Path) -> None:
    """Rewrite ``model.json``'s checksum after the model file was replaced (an attacker writes both files)."""
    meta_path = directory / "model.json"
    meta = json.loads(meta_path.read_text())
    meta["sha256"] = hashlib.sha256((directory / "model.skops").read_bytes()).hexdigest()
    meta_path.write_text(json.dumps(meta))
