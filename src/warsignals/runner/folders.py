"""Run folders: run ids, the folder lock of a run in progress, atomic ``latest`` pointers and file writes."""

from __future__ import annotations

import os
import re
import secrets
from datetime import UTC, datetime
from pathlib import Path

from warsignals import config
from warsignals.errors import ParameterError

RUN_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
LOCK_FILE = ".running"


def _new_run_id() -> str:
    """The UTC start time plus a random suffix: two runs started in the same second get different ids."""
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(3)


def check_run_id(run_id: str) -> str:
    """Return ``run_id`` if it is a plain folder name (letters, digits, ``.``, ``_``, ``-``; no ``..``).

    Raises
    ------
    ParameterError
        For path separators, ``..``, a leading dot or dash, or other characters (the run folder must stay inside
        ``runs/``).
    """
    if not isinstance(run_id, str) or not RUN_ID_PATTERN.fullmatch(run_id) or ".." in run_id:
        raise ParameterError(
            f"run id {run_id!r} must be a plain folder name: letters, digits, '.', '_' and '-' (no '/', no '..', "
            "at most 100 characters, starting with a letter or digit)"
        )
    return run_id


def _claim_run_folder(run_id: str | None) -> tuple[str, Path]:
    """Create (or, for a given id, reuse) the run folder and take its lock; two runs never share a folder.

    A new id is retried until its folder is created by this process (``mkdir`` is atomic). A given id may name
    an earlier run (to rerun some notebooks in it) but not one in progress: the lock file is created with
    ``O_EXCL`` and names the process holding it; a lock whose process is gone is taken over.
    """
    config.RUNS_DIR.mkdir(parents=True, exist_ok=True)
    if run_id is None:
        while True:
            candidate = _new_run_id()
            run_dir = (config.RUNS_DIR / candidate).resolve()
            try:
                run_dir.mkdir()
            except FileExistsError:
                continue
            run_id = candidate
            break
    else:
        run_dir = (config.RUNS_DIR / check_run_id(run_id)).resolve()
        run_dir.mkdir(exist_ok=True)
    lock = run_dir / LOCK_FILE
    for _ in range(2):
        try:
            descriptor = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = lock.read_text(encoding="utf-8").strip() if lock.exists() else ""
            if holder.isdigit() and not _process_alive(int(holder)):
                lock.unlink(missing_ok=True)
                continue
            raise ParameterError(
                f"run {run_id!r} is in progress in another process (pid {holder or '?'}; lock {lock}); "
                "choose another --run-id"
            ) from None
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        return run_id, run_dir
    raise ParameterError(f"run {run_id!r}: cannot take the lock {lock}")


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _point_latest(folder: Path) -> None:
    """Point ``latest`` beside ``folder`` (``figures/latest``, ``runs/latest``) at it atomically.

    A new symlink is renamed over the old one: readers always see the old or the new target, never a missing
    pointer. Where symlinks are not possible, ``LATEST`` (a text file naming the run) is replaced the same way.
    """
    parent = folder.parent
    temporary = parent / f".latest.{os.getpid()}.{secrets.token_hex(4)}"
    try:
        temporary.symlink_to(folder.name, target_is_directory=True)
        os.replace(temporary, parent / "latest")
    except OSError:
        temporary.unlink(missing_ok=True)
        temporary.write_text(folder.name + "\n", encoding="utf-8")
        os.replace(temporary, parent / "LATEST")


def _write_atomic(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
