"""``load_corpus``: find files, read each with its reader, validate, and account for every record.

Validation order per candidate record: date, text length, duplicate id, exact duplicate text (sha256),
near-duplicate text (MinHash LSH over word 5-grams). A record fails on the first check it does not pass and
becomes one row of ``rejects``; earlier records win over later ones. ``found == loaded + rejected`` always.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from warsignals import config
from warsignals.corpus.dates import apply_precision, is_missing, parse_date
from warsignals.corpus.dedup import near_duplicates
from warsignals.corpus.readers import (
    BOMS,
    MANIFEST_NAME,
    RAW_COLUMNS,
    DecodeProblem,
    FileResult,
    MetadataIndex,
    Reject,
    decode_bytes,
    detect_format,
    is_skipped,
    read_delimited,
    read_json,
    read_jsonl,
    read_parquet,
    resolve_column_map,
    single_document,
)
from warsignals.errors import InputError, ParameterError
from warsignals.progress import progress_bar
from warsignals.tables import TableWriter, write_table

DOCUMENT_COLUMNS: list[str] = [
    "doc_id", "date", "date_precision", "source", "speaker", "title", "text", "path", "sha256",
]
REJECT_COLUMNS: list[str] = ["path", "record", "reason", "kind"]


@dataclass
class LoadResult:
    """The outcome of :func:`load_corpus`.

    Attributes
    ----------
    documents : DataFrame
        The documents table (``doc_id, date, date_precision, source, speaker, title, text, path, sha256``
        plus extra metadata columns).
    rejects : DataFrame
        ``path, record, reason, kind``: one row per rejected record or file (``kind`` is the short reason
        category counted by :meth:`summary`).
    found : int
        Records found: document candidates plus files or lines rejected before they became candidates.
    """

    documents: pd.DataFrame
    rejects: pd.DataFrame
    found: int

    def summary(self) -> dict:
        """``{"found", "loaded", "rejected", "by_reason": {kind: count}}``; loaded + rejected == found."""
        counts = self.rejects["kind"].value_counts() if len(self.rejects) else pd.Series(dtype=int)
        by_reason = {str(k): int(v) for k, v in sorted(counts.items())}
        return {
            "found": int(self.found),
            "loaded": len(self.documents),
            "rejected": len(self.rejects),
            "by_reason": by_reason,
        }


def discover_files(paths: Iterable[str | Path]) -> list[tuple[Path, str, str]]:
    """Expand files and folders (recursively) into ``(path, display path, default doc id)``, sorted per folder.

    Hidden files and folders, ``manifest.csv``, ``*.info.json`` sidecars and README/PROVENANCE/LICENSE files
    are skipped in folders. Entries that cannot be read (see :func:`scan_inputs`) are left out here; use
    :func:`scan_inputs` to get them as rejects. The default id of a file in a folder is its path relative to
    the folder without the extension (``a/transcript``), of a file given directly its stem; where ids collide
    (``x.srt``, ``x.vtt``, ``x.txt``; or two given files ``a/transcript.txt`` and ``b/transcript.txt``) the
    colliding files keep their extension (``x.srt``), and where that still collides their path as given.

    Raises
    ------
    InputError
        When a path does not exist, or nothing to read is found.
    """
    files, problems = scan_inputs(paths)
    if not files and not problems:
        raise InputError(f"no corpus files found in {', '.join(map(str, _as_list(paths)))}")
    return files


def _as_list(paths) -> list:
    return [paths] if isinstance(paths, (str, Path)) else list(paths)


def printable_path(path: str | Path) -> str:
    """``path`` as text that can be written anywhere: bytes that are not UTF-8 become ``\\xNN`` escapes."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


def _unique_keys(found: list[tuple[Path, str, str]], full_names: dict[Path, str]) -> list[tuple[Path, str, str]]:
    counts = Counter(key for _, _, key in found)
    step = [(p, d, full_names.get(p.resolve(), p.name) if counts[k] > 1 else k) for p, d, k in found]
    counts = Counter(key for _, _, key in step)
    return [(p, d, d if counts[k] > 1 else k) for p, d, k in step]


def _add(found: list, seen: set, path: Path, display: str, key: str) -> None:
    resolved = path.resolve()
    if resolved not in seen:
        seen.add(resolved)
        found.append((path, display, key))


def _entry_problem(path: Path) -> Reject | None:
    """Why a folder entry cannot be read as a corpus file (dangling link, FIFO, socket, device), or None."""
    display = printable_path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            return Reject(display, "", f"dangling symbolic link to {printable_path(os.readlink(path))}",
                          "missing_file")
        return Reject(display, "", "file vanished while the folder was read", "missing_file")
    except OSError as exc:
        return Reject(display, "", f"unreadable file: {exc.strerror}", "unreadable")
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return Reject(display, "", "symbolic link to a folder (not followed; give the folder itself)",
                      "not_regular")
    kind = "FIFO" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode) else "device or special file"
    return Reject(display, "", f"not a regular file ({kind}); not opened", "not_regular")


def scan_inputs(paths: Iterable[str | Path]) -> tuple[list[tuple[Path, str, str]], list[Reject]]:
    """Expand files and folders into readable files and rejects for everything else that was found.

    Every non-hidden entry of a folder is either a candidate file or a reject: dangling symbolic links,
    FIFOs, sockets and devices (never opened, so a FIFO cannot block), symbolic links to folders, and
    unreadable folders (whose files cannot be listed) are rejects with their reason. Names that are not UTF-8
    are shown with ``\\xNN`` escapes.

    Returns
    -------
    files : list of (Path, str, str)
        ``(path, display path, default doc id)``, sorted per folder.
    rejects : list of Reject

    Raises
    ------
    InputError
        When a given path does not exist.
    ParameterError
        When no path is given.
    """
    given = _as_list(paths)
    if not given:
        raise ParameterError("no input paths given")
    found: list[tuple[Path, str, str]] = []
    problems: list[Reject] = []
    seen: set[Path] = set()
    full_names: dict[Path, str] = {}
    for item in given:
        path = Path(item)
        if not path.exists() and not path.is_symlink():
            raise InputError(f"{printable_path(path)}: no such file or folder")
        if path.is_dir():
            members: list[tuple[str, Path]] = []

            def unreadable(error: OSError) -> None:
                problems.append(Reject(printable_path(error.filename), "",
                                       f"unreadable folder: {error.strerror} (its files cannot be listed)",
                                       "unreadable"))

            for folder, folders, names in os.walk(path, onerror=unreadable):
                base = Path(folder)
                folders[:] = sorted(name for name in folders if not name.startswith("."))
                for name in folders:
                    if (base / name).is_symlink():
                        problems.append(_entry_problem(base / name))
                for name in names:
                    member = base / name
                    relative = member.relative_to(path)
                    if name.startswith(".") or is_skipped(member):
                        continue
                    members.append((relative.as_posix(), member))
            for relative, member in sorted(members):
                problem = _entry_problem(member)
                if problem is not None:
                    problems.append(problem)
                    continue
                key = relative[: -len(member.suffix)] if member.suffix else relative
                _add(found, seen, member, printable_path(member), printable_path(key))
                full_names[member.resolve()] = printable_path(relative)
        elif path.name.lower() != MANIFEST_NAME:
            problem = _entry_problem(path)
            if problem is not None:
                problems.append(problem)
                continue
            _add(found, seen, path, printable_path(path), printable_path(path.stem))
            full_names[path.resolve()] = printable_path(path.name)
    return _unique_keys(found, full_names), problems


def read_file(
    path: Path,
    display: str,
    doc_key: str,
    *,
    fmt: str = "auto",
    column_map: dict[str, str],
    max_file_bytes: int,
    metadata: MetadataIndex,
) -> FileResult:
    """Read one file with the reader its extension (or ``fmt``) names; problems become rejects."""
    reader = detect_format(path, fmt)
    if reader is None:
        suffix = path.suffix or "(no extension)"
        known = ".txt .vtt .srt .json .jsonl .csv .tsv .parquet"
        return FileResult(
            rejects=[Reject(display, "", f"unknown file format {suffix} (known: {known}; or pass --format)",
                            "unknown_format")]
        )
    problem = _entry_problem(path)  # checked again right before opening: a FIFO is never opened
    if problem is not None:
        return FileResult(rejects=[Reject(display, problem.record, problem.reason, problem.kind)])
    try:
        size = path.stat().st_size
    except OSError as exc:
        return FileResult(rejects=[Reject(display, "", f"unreadable file: {exc.strerror}", "unreadable")])
    if size > max_file_bytes:
        return FileResult(
            rejects=[Reject(display, "", f"file too large: {size} bytes > limit {max_file_bytes} bytes "
                            "(raise --max-file-bytes)", "too_large")]
        )
    if reader == "parquet":
        return read_parquet(path, display, path.stem, column_map)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return FileResult(rejects=[Reject(display, "", f"unreadable file: {exc.strerror}", "unreadable")])
    if reader == "jsonl":
        if data.startswith(tuple(bom for bom, _, _ in BOMS)) or b"\x00" in data:  # UTF-16/32: decode whole file
            try:
                data = decode_bytes(data).encode("utf-8")
            except DecodeProblem as exc:
                return FileResult(rejects=[Reject(display, "", str(exc), "undecodable")])
        return read_jsonl(data, display, path.stem, column_map)
    try:
        text = decode_bytes(data)
    except DecodeProblem as exc:
        return FileResult(rejects=[Reject(display, "", str(exc), "undecodable")])
    if reader == "csv":
        return read_delimited(text, display, path.stem, column_map, tab=path.suffix.lower() == ".tsv")
    if reader == "json":
        return read_json(path, text, display, doc_key, column_map, metadata)
    return single_document(path, display, doc_key, reader, text, column_map, metadata)


def _check_parameters(max_file_bytes: int, min_text_chars: int, threshold: float | None) -> None:
    if not isinstance(max_file_bytes, int) or max_file_bytes <= 0:
        raise ParameterError(f"max_file_bytes must be a positive integer, not {max_file_bytes!r}")
    if not isinstance(min_text_chars, int) or min_text_chars < 0:
        raise ParameterError(f"min_text_chars must be a non-negative integer, not {min_text_chars!r}")
    if threshold is not None and not 0.0 < float(threshold) <= 1.0:
        raise ParameterError(f"near_duplicate_threshold must be in (0, 1], not {threshold!r}")


def _normalise_text(value: object) -> str | None:
    """Text with unified line ends and trimmed; ``None`` when the value is not text at all."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if is_missing(value):
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    return None


def _where(path: str, record: str) -> str:
    return f"{path}:{record}" if record else path


def load_corpus(
    paths: str | Path | Iterable[str | Path],
    *,
    column_map: dict[str, str] | None = None,
    strict: bool = False,
    progress: bool = True,
    max_file_bytes: int = config.MAX_FILE_BYTES,
    min_text_chars: int = config.MIN_TEXT_CHARS,
    near_duplicate_threshold: float | None = config.NEAR_DUPLICATE_THRESHOLD,
    format: str = "auto",  # noqa: A002 - mirrors the CLI option
) -> LoadResult:
    """Read corpus files and folders into a validated documents table.

    Parameters
    ----------
    paths : path or iterable of paths
        Files and folders (folders are searched recursively).
    column_map : dict, optional
        Input column (or metadata key) for each of ``text, date, id, title, source, speaker``; unspecified
        keys use the column of the same name.
    strict : bool
        Raise :class:`~warsignals.errors.InputError` if anything is rejected.
    progress : bool
        Show a progress bar over files.
    max_file_bytes : int
        Files larger than this are rejected unread.
    min_text_chars : int
        Texts shorter than this (after trimming) are rejected as empty or near-empty.
    near_duplicate_threshold : float or None
        Jaccard similarity of word 5-gram sets at or above which a later text is rejected as a near
        duplicate of an earlier one; ``None`` disables the check.
    format : str
        ``auto`` (by extension) or one of ``txt, vtt, srt, json, jsonl, csv, parquet`` for every file.

    Returns
    -------
    LoadResult
        ``documents``, ``rejects``, ``found`` and ``summary()``.

    Raises
    ------
    InputError
        For a missing path, no files, or (with ``strict``) any reject.
    ParameterError
        For an invalid parameter or column mapping.
    """
    _check_parameters(max_file_bytes, min_text_chars, near_duplicate_threshold)
    columns = resolve_column_map(column_map)
    detect_format(Path("x"), format)  # validates ``format``
    files, scan_rejects = scan_inputs(paths)
    if not files and not scan_rejects:
        raise InputError(f"no corpus files found in {', '.join(map(str, _as_list(paths)))}")
    metadata = MetadataIndex()
    reader_rejects: list[tuple[int, Reject]] = [(-1, reject) for reject in scan_rejects]
    frames: list[pd.DataFrame] = []
    records: list[dict] = []
    for number, (path, display, key) in enumerate(
        progress_bar(files, desc="ingest", unit="file", disable=not progress)
    ):
        result = read_file(
            path, display, key, fmt=format, column_map=columns, max_file_bytes=max_file_bytes, metadata=metadata
        )
        reader_rejects.extend((number, reject) for reject in result.rejects)
        if result.rows is not None and len(result.rows):
            frames.append(result.rows.assign(_file=number, _row=range(len(result.rows))))
        for row, record in enumerate(result.records):
            records.append({**record, "_file": number, "_row": row})
    folders = {path.parent for path, _, _ in files} | {Path(p) for p in _as_list(paths) if Path(p).is_dir()}
    for folder in sorted(folders):
        metadata.check_folder(folder)  # manifest rows naming missing files, conflicting duplicate rows
    reader_rejects.extend((-1, reject) for reject in metadata.rejects)
    if records:
        frames.append(pd.DataFrame.from_records(records))
    if frames:
        candidates = pd.concat(frames, ignore_index=True, sort=False)
        candidates = candidates.sort_values(["_file", "_row"], kind="stable").reset_index(drop=True)
    else:
        candidates = pd.DataFrame(columns=RAW_COLUMNS + ["_file", "_row"])
    documents, validation_rejects = _validate(
        candidates, min_text_chars=min_text_chars, threshold=near_duplicate_threshold
    )
    rejects = _reject_table(reader_rejects, validation_rejects)
    result = LoadResult(documents=documents, rejects=rejects, found=len(candidates) + len(reader_rejects))
    if strict and len(result.rejects):
        raise InputError(strict_message(result))
    return result


def nothing_loaded_message(result: LoadResult) -> str:
    """One line for a corpus of which no document loaded: the count found and the reasons, most common first."""
    rejects = result.rejects
    if not len(rejects):
        return f"no document loaded: {result.found} record(s) found"
    counts = rejects["kind"].value_counts()
    parts = []
    for kind, count in counts.items():
        example = rejects.loc[rejects["kind"] == kind, "reason"].iloc[0]
        parts.append(f"{count} {kind} (e.g. {example})")
    return f"no document loaded: all {len(rejects)} record(s) rejected: " + "; ".join(parts)


def strict_message(result: LoadResult, shown: int = 10, rejects_path: str | Path | None = None) -> str:
    """The ``--strict`` error: how many records were rejected, and the first few with file, record, reason."""
    lines = [f"{len(result.rejects)} of {result.found} records rejected (strict mode):"]
    for row in result.rejects.head(shown).itertuples(index=False):
        lines.append(f"  {_where(row.path, row.record)}: {row.reason}")
    if len(result.rejects) > shown:
        lines.append(f"  ... and {len(result.rejects) - shown} more")
    if rejects_path:
        lines.append(f"all rejects: {rejects_path}")
    return "\n".join(lines)


def _reject_table(reader: list[tuple[int, Reject]], validation: list[tuple[int, int, Reject]]) -> pd.DataFrame:
    keyed = [(number, _record_key(r.record), index, r) for index, (number, r) in enumerate(reader)]
    keyed += [(number, _record_key(r.record), len(reader) + row, r) for number, row, r in validation]
    keyed.sort(key=lambda item: (item[0] if item[0] >= 0 else 10**12, item[1], item[2]))
    rows = [(r.path, r.record, r.reason, r.kind) for *_, r in keyed]
    return pd.DataFrame(rows, columns=REJECT_COLUMNS, dtype=object)


def _record_key(record: str) -> int:
    return int(record) if record.isdigit() else -1


def _validate(
    candidates: pd.DataFrame, *, min_text_chars: int, threshold: float | None
) -> tuple[pd.DataFrame, list[tuple[int, int, Reject]]]:
    """Check dates, texts and duplicates; return the documents table and (file, row, reject) triples."""
    rejects: list[tuple[int, int, Reject]] = []
    n = len(candidates)
    ok = [True] * n
    paths = candidates["path"].tolist()
    records = candidates["record"].astype(str).tolist()
    files = candidates["_file"].tolist()
    rows_in_file = candidates["_row"].tolist()

    def reject(index: int, reason: str, kind: str) -> None:
        ok[index] = False
        rejects.append((files[index], rows_in_file[index], Reject(paths[index], records[index], reason, kind)))

    texts = [_normalise_text(value) for value in candidates["text"].tolist()]
    stamps: list[pd.Timestamp | None] = [None] * n
    precisions: list[str | None] = [None] * n
    cache: dict = {}
    date_values = candidates["_date"].tolist()
    precision_values = candidates["_precision"].tolist() if "_precision" in candidates else [None] * n
    date_from = candidates["_date_from"].tolist()
    for index in range(n):
        value, declared = date_values[index], precision_values[index]
        try:
            key = (type(value).__name__, value, None if is_missing(declared) else str(declared))
            hash(key)
        except TypeError:
            key = None
        outcome = cache.get(key) if key is not None else None
        if outcome is None:
            try:
                parsed = parse_date(value)
                outcome = apply_precision(*parsed, declared) if parsed else "missing"
            except ValueError as exc:
                outcome = exc
            if key is not None:
                cache[key] = outcome
        if outcome == "missing":
            source = date_from[index]
            where = f" in {source}" if source and source != "metadata" else ""
            detail = where or " (none in front matter, manifest.csv or the file name)"
            reject(index, f"no date{detail}", "no_date")
        elif isinstance(outcome, ValueError):
            origin = date_from[index] or "metadata"
            reject(index, f"unparseable date {value!r} in {origin}: {outcome}", "bad_date")
        else:
            stamps[index], precisions[index] = outcome
    for index in range(n):
        if not ok[index]:
            continue
        text = texts[index]
        if text is None:
            reject(index, f"text is not a string but {type(candidates['text'].iat[index]).__name__}", "empty_text")
        elif len(text) < min_text_chars:
            reason = "empty text" if not text else f"near-empty text ({len(text)} characters < {min_text_chars})"
            reject(index, reason, "empty_text")
    doc_ids = candidates["doc_id"].astype(str).tolist()

    def reject_repeats(keys: list[str], describe, kind: str) -> None:
        # Keep the first loaded record of each key; reject later ones, naming where the first stands.
        first_seen: dict[str, int] = {}
        for index in range(n):
            if ok[index]:
                first = first_seen.setdefault(keys[index], index)
                if first != index:
                    reject(index, describe(index, first), kind)

    reject_repeats(
        doc_ids,
        lambda index, first: f"duplicate id {doc_ids[index]!r} (first at {_where(paths[first], records[first])})",
        "duplicate_id",
    )
    hashes = [hashlib.sha256(t.encode("utf-8")).hexdigest() if t is not None else "" for t in texts]
    reject_repeats(
        hashes,
        lambda index, first: f"duplicate text of doc {doc_ids[first]!r} ({_where(paths[first], records[first])})",
        "duplicate_text",
    )
    if threshold is not None:
        kept = [index for index in range(n) if ok[index]]
        for later, (earlier, similarity) in near_duplicates([texts[i] for i in kept], threshold).items():
            index, first = kept[later], kept[earlier]
            reject(
                index,
                f"near-duplicate of doc {doc_ids[first]!r} ({_where(paths[first], records[first])}): "
                f"Jaccard {similarity:.3f} >= {threshold}",
                "near_duplicate",
            )
    keep = [index for index in range(n) if ok[index]]
    documents = candidates.iloc[keep].reset_index(drop=True)
    documents = documents.assign(
        doc_id=[doc_ids[i] for i in keep],
        date=pd.to_datetime(pd.Series([stamps[i] for i in keep], dtype="datetime64[ns]")),
        date_precision=[precisions[i] for i in keep],
        text=[texts[i] for i in keep],
        sha256=[hashes[i] for i in keep],
    )
    for column in ("source", "speaker", "title"):
        documents[column] = documents[column].map(lambda v: "" if is_missing(v) else str(v))
    for column in ("doc_id", "date_precision", "source", "speaker", "title", "text", "path", "sha256"):
        documents[column] = documents[column].astype("str")
    extras = [c for c in documents.columns if c not in DOCUMENT_COLUMNS and c not in RAW_COLUMNS and not
              c.startswith("_")]
    extras = [c for c in extras if documents[c].map(lambda v: not is_missing(v)).any()] if len(documents) else []
    documents = documents[DOCUMENT_COLUMNS + extras]
    for column in extras:
        if documents[column].dtype == object:
            values = documents[column].map(lambda v: None if is_missing(v) else v)
            if len({type(v) for v in values if v is not None}) > 1:  # mixed across files: keep as text
                values = values.map(lambda v: None if v is None else str(v))
            documents[column] = values
    documents["date"] = documents["date"].astype("datetime64[ns]")
    return documents, rejects


def ingest_to_run(
    paths: str | Path | Iterable[str | Path],
    run_dir: str | Path,
    *,
    language: str = config.LANGUAGE,
    sentences_layout: str = "file",
    **kwargs,
) -> LoadResult:
    """Ingest a corpus into a run folder: ``documents.parquet``, ``rejects.csv``, ``ingest_summary.json``
    and ``sentences.parquet`` (and/or the ``sentences/`` dataset partitioned by year-month).

    Parameters
    ----------
    paths : path or iterable of paths
        Corpus files and folders (see :func:`load_corpus`).
    run_dir : path
        The run folder (created if needed).
    language : str
        Punkt language for sentence splitting.
    sentences_layout : {"file", "partitioned", "both"}
        ``file`` writes ``sentences.parquet``; ``partitioned`` writes the ``sentences/`` dataset
        (``month=YYYY-MM/part-0.parquet``, read partition by partition by ``warsignals score`` and
        :func:`warsignals.streaming.stream_signal_rates`); ``both`` writes both. Sentences are split and
        written a group of documents at a time.
    **kwargs
        Passed to :func:`load_corpus` (``column_map``, ``strict``, ``progress``, limits, ``format``).

    Returns
    -------
    LoadResult

    Raises
    ------
    InputError
        When no document loaded (after writing ``rejects.csv``): the count and the reasons, in one line.
    """

    run_dir = Path(run_dir)
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    if sentences_layout not in ("file", "partitioned", "both"):
        raise ParameterError(f"sentences_layout must be file, partitioned or both, not {sentences_layout!r}")
    result = load_corpus(paths, **kwargs)
    run_dir.mkdir(parents=True, exist_ok=True)
    write_table(result.rejects, run_dir / "rejects.csv")
    if not len(result.documents):
        raise InputError(f"{nothing_loaded_message(result)} (all listed in {run_dir / 'rejects.csv'})")
    write_table(result.documents, run_dir / "documents.parquet")
    n_sentences = write_sentences(result.documents, run_dir, sentences_layout, language,
                                  progress=kwargs.get("progress", True))
    summary = {
        **result.summary(),
        "sentences": n_sentences,
        "sentences_layout": sentences_layout,
        "inputs": [str(p) for p in paths],
        "settings": {
            key: kwargs.get(key, default)
            for key, default in (
                ("column_map", None),
                ("format", "auto"),
                ("max_file_bytes", config.MAX_FILE_BYTES),
                ("min_text_chars", config.MIN_TEXT_CHARS),
                ("near_duplicate_threshold", config.NEAR_DUPLICATE_THRESHOLD),
            )
        },
        "date_range": [
            result.documents["date"].min().strftime("%Y-%m-%d") if len(result.documents) else None,
            result.documents["date"].max().strftime("%Y-%m-%d") if len(result.documents) else None,
        ],
    }
    (run_dir / "ingest_summary.json").write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n")
    return result


def write_sentences(documents: pd.DataFrame, run_dir: str | Path, layout: str = "file",
                    language: str = config.LANGUAGE, progress: bool = False, group_docs: int = 2_000) -> int:
    """Split documents into sentences a group at a time and write them into ``run_dir``.

    ``layout`` is ``file`` (``sentences.parquet``), ``partitioned`` (``sentences/month=YYYY-MM/``) or
    ``both``; returns the number of sentences.
    """
    from contextlib import ExitStack

    from warsignals.sentences import split_sentences
    from warsignals.streaming import PartitionWriter

    run_dir = Path(run_dir)
    with ExitStack() as stack:
        writers = []
        if layout in ("file", "both"):
            writers.append(stack.enter_context(TableWriter(run_dir / "sentences.parquet")))
        if layout in ("partitioned", "both"):
            writers.append(stack.enter_context(PartitionWriter(run_dir / "sentences")))
        total = 0
        for start in range(0, max(len(documents), 1), group_docs):
            part = split_sentences(documents.iloc[start:start + group_docs], language=language,
                                   progress=progress and len(documents) <= group_docs)
            for writer in writers:
                writer.write(part)
            total += len(part)
    return total
