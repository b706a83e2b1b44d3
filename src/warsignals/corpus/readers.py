"""One reader per corpus format; each turns a file into candidate document records and rejects.

Single-document files (``.txt``, ``.vtt``, ``.srt``, ``.json`` caption segments) take metadata from YAML
front matter (``.txt``), a ``manifest.csv`` beside them (column ``file`` = file name), or a yt-dlp
``<name>.info.json`` sidecar, in that order of precedence. Tables (``.jsonl``, ``.csv``/``.tsv``,
``.parquet``, and ``.json`` lists of records) give one document per row through a column mapping.
Readers never raise for a bad file: they return :class:`Reject` rows naming the file, the record and why.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from warsignals.corpus.captions import CaptionError, captions_to_text, looks_like_segments, segments_to_text
from warsignals.corpus.dates import date_from_filename, is_missing
from warsignals.errors import ParameterError

COLUMN_KEYS: tuple[str, ...] = ("text", "date", "id", "title", "source", "speaker", "precision")
DEFAULT_COLUMNS = {"precision": "date_precision"}
NO_COLUMN = "none"  # a column map value that means: ignore this column (only for ``precision``)
FORMATS: tuple[str, ...] = ("txt", "vtt", "srt", "json", "jsonl", "csv", "parquet")
EXTENSIONS: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".vtt": "vtt",
    ".srt": "srt",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
}
MANIFEST_NAME = "manifest.csv"
SIDECAR_SUFFIX = ".info.json"
#: Documentation files skipped when a folder is scanned (any extension), e.g. README.md, PROVENANCE.md.
DOCUMENTATION_STEMS: frozenset[str] = frozenset(
    {"readme", "provenance", "license", "licence", "changelog", "citation", "notice", "authors"}
)
#: Columns of the documents table that input metadata cannot overwrite (renamed ``orig_<name>``).
RESERVED: frozenset[str] = frozenset(
    {"doc_id", "date", "date_precision", "source", "speaker", "title", "text", "path", "sha256", "record"}
)
RAW_COLUMNS = ["doc_id", "_date", "_precision", "_date_from", "title", "text", "source", "speaker", "path", "record"]


@dataclass
class Reject:
    """One rejected record or file: ``record`` is a line/row number or ``""`` for a whole file."""

    path: str
    record: str
    reason: str
    kind: str


@dataclass
class FileResult:
    """What a reader found in one file: candidate rows (raw columns + extras) and rejects."""

    rows: pd.DataFrame | None = None
    records: list[dict] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)


class DecodeProblem(ValueError):
    """Bytes that are not text in a supported encoding; ``offset`` is the first bad byte."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def resolve_column_map(column_map: dict[str, str] | None) -> dict[str, str]:
    """Complete a user column mapping with the defaults (each key maps to the column of the same name).

    Raises
    ------
    ParameterError
        For an unknown key or an empty column name.
    """
    resolved = {key: DEFAULT_COLUMNS.get(key, key) for key in COLUMN_KEYS}
    for key, value in (column_map or {}).items():
        if key not in resolved:
            raise ParameterError(f"column_map key {key!r} unknown; use {', '.join(COLUMN_KEYS)}")
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            raise ParameterError(f"column_map[{key!r}] must be a column name, not {value!r}")
        if value.strip().lower() == NO_COLUMN and key != "precision":
            raise ParameterError(f"column_map[{key!r}] cannot be {NO_COLUMN!r}; only the precision column can")
        resolved[key] = NO_COLUMN if value.strip().lower() == NO_COLUMN else value
    return resolved


def detect_format(path: Path, forced: str = "auto") -> str | None:
    """The reader name for ``path`` (``forced`` unless ``"auto"``), or ``None`` for an unknown extension."""
    if forced != "auto":
        if forced not in FORMATS:
            raise ParameterError(f"format must be auto or one of {', '.join(FORMATS)}, not {forced!r}")
        return forced
    return EXTENSIONS.get(path.suffix.lower())


def is_skipped(path: Path) -> bool:
    """Files a folder scan leaves out: hidden, ``manifest.csv``, ``*.info.json`` sidecars, README etc."""
    name = path.name.lower()
    if name.startswith(".") or name == MANIFEST_NAME or name.endswith(SIDECAR_SUFFIX):
        return True
    return name.split(".")[0] in DOCUMENTATION_STEMS


BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),  # before UTF-16: the UTF-32-LE mark starts like UTF-16-LE's
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)


def _bomless_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when NUL bytes sit only at odd/even offsets, as in UTF-16 text without a BOM."""
    sample = data[:65536]
    if len(data) % 2 or len(sample) < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd and not even and odd >= len(sample) // 8:
        return "utf-16-le"
    if even and not odd and even >= len(sample) // 8:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), BOM-marked UTF-16 or UTF-32, or UTF-16 without a BOM.

    UTF-16 without a byte-order mark is recognised by its NUL bytes (ASCII in UTF-16 is otherwise valid UTF-8
    and would load as NUL-interleaved garbage); no legacy encoding is guessed. Text holding a NUL character
    after decoding (binary data, UTF-32 without a BOM) is refused.

    Raises
    ------
    DecodeProblem
        Naming the encoding tried, the byte offset (and line) of the first bad byte, or the NUL byte.
    """
    for bom, codec, name in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise DecodeProblem(
                    f"undecodable bytes: invalid {name} at byte offset {exc.start}", exc.start
                ) from None
            return _no_nul(text, name, data)
    if b"\x00" in data:
        codec = _bomless_utf16(data)
        if codec is not None:
            try:
                return _no_nul(data.decode(codec), f"{codec.upper()} (no byte-order mark)", data)
            except UnicodeDecodeError:
                pass
        offset = data.index(b"\x00")
        line = data.count(b"\n", 0, offset) + 1
        raise DecodeProblem(
            f"undecodable bytes: NUL byte at byte offset {offset} (line {line}): "
            "binary data, or UTF-16/UTF-32 without a byte-order mark; re-save the file as UTF-8",
            offset,
        )
    skip = 3 if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + skip
        line = data.count(b"\n", 0, offset) + 1
        raise DecodeProblem(
            f"undecodable bytes: not UTF-8 at byte offset {offset} (line {line}, byte 0x{data[offset]:02x}); "
            "re-save the file as UTF-8",
            offset,
        ) from None


def _no_nul(text: str, name: str, data: bytes) -> str:
    if "\x00" in text:
        position = text.index("\x00")
        raise DecodeProblem(
            f"undecodable bytes: decoded as {name}, the text holds a NUL character at character {position} "
            "(binary data or another encoding); re-save the file as UTF-8", 0)
    return text


# ----------------------------------------------------------------------------------------------------
# metadata for single-document files


class MetadataIndex:
    """Caches ``manifest.csv`` files (one per folder) and reports a broken manifest once."""

    def __init__(self) -> None:
        self._manifests: dict[Path, dict[str, dict]] = {}
        self.rejects: list[Reject] = []

    def manifest_row(self, path: Path) -> dict:
        """The manifest row of ``path`` (empty when there is no manifest or no row for the file)."""
        folder = path.parent
        if folder not in self._manifests:
            self._manifests[folder] = self._load(folder / MANIFEST_NAME)
        return dict(self._manifests[folder].get(path.name, {}))

    def _load(self, manifest: Path) -> dict[str, dict]:
        if not manifest.is_file():
            return {}
        try:
            text = decode_bytes(manifest.read_bytes())
            table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        except (DecodeProblem, OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            self.rejects.append(Reject(str(manifest), "", f"unreadable manifest: {exc}", "bad_manifest"))
            return {}
        table.columns = [str(c).strip() for c in table.columns]
        if "file" not in table.columns:
            self.rejects.append(
                Reject(
                    str(manifest),
                    "",
                    f"manifest has no 'file' column (columns: {', '.join(table.columns)})",
                    "bad_manifest",
                )
            )
            return {}
        rows: dict[str, dict] = {}
        first_line: dict[str, int] = {}
        for line, record in enumerate(table.to_dict("records"), start=2):
            name = str(record.pop("file")).strip()
            values = {k: v for k, v in record.items() if not is_missing(v)}
            if name in rows:
                if values != rows[name]:
                    differ = sorted(k for k in set(values) | set(rows[name]) if values.get(k) != rows[name].get(k))
                    self.rejects.append(Reject(
                        str(manifest), str(line),
                        f"duplicate row for {name!r} conflicts with line {first_line[name]} in {', '.join(differ)} "
                        f"(line {first_line[name]} is used)", "bad_manifest"))
                continue
            rows[name], first_line[name] = values, line
            if not name or not (manifest.parent / name).exists():
                self.rejects.append(Reject(str(manifest), str(line),
                                           f"manifest row names {name!r}, which is not in {manifest.parent}",
                                           "missing_file"))
        return rows

    def check_folder(self, folder: Path) -> None:
        """Load the folder's ``manifest.csv`` (if any) so that its broken rows become rejects."""
        self.manifest_row(folder / MANIFEST_NAME)


def sidecar_metadata(path: Path) -> dict:
    """Metadata from a yt-dlp ``.info.json`` beside a caption file (``X.en.vtt`` -> ``X.info.json``)."""
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    candidates = [path.parent / f"{stem}{SIDECAR_SUFFIX}"]
    if "." in stem:
        candidates.append(path.parent / f"{stem.rsplit('.', 1)[0]}{SIDECAR_SUFFIX}")
    for candidate in candidates:
        if candidate.is_file() and candidate.stat().st_size < 20_000_000:
            try:
                info = json.loads(decode_bytes(candidate.read_bytes()))
            except (DecodeProblem, ValueError, OSError):
                return {}
            if not isinstance(info, dict):
                return {}
            meta = {
                "id": info.get("id"),
                "title": info.get("title"),
                "date": info.get("upload_date") or info.get("release_date"),
                "channel": info.get("channel") or info.get("uploader"),
                "url": info.get("webpage_url"),
                "language": info.get("language"),
                "source": "YouTube",
            }
            return {k: v for k, v in meta.items() if not is_missing(v)}
    return {}


def split_front_matter(text: str) -> tuple[dict, str, int]:
    """Split YAML front matter (``---`` ... ``---``) from a text; returns (metadata, body, body line offset).

    Raises
    ------
    ValueError
        For unclosed or malformed front matter, naming the line.
    """
    if not text.startswith("---") or text[3:4] not in ("\n", "\r"):
        return {}, text, 0
    lines = text.splitlines(keepends=True)
    for number in range(1, len(lines)):
        if lines[number].rstrip() in ("---", "..."):
            block = "".join(lines[1:number])
            try:
                meta = yaml.safe_load(block) or {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                where = f" at line {mark.line + 2}" if mark is not None else ""
                raise ValueError(f"malformed YAML front matter{where}: {getattr(exc, 'problem', exc)}") from None
            if not isinstance(meta, dict):
                raise ValueError("YAML front matter is not a mapping of key: value pairs (line 2)")
            return {str(k): v for k, v in meta.items()}, "".join(lines[number + 1 :]), number + 1
    raise ValueError("front matter opened with '---' on line 1 is never closed with '---'")


def _meta_record(meta: dict, column_map: dict[str, str]) -> tuple[dict, dict]:
    """Split metadata into the standard fields and extras, honouring the column mapping."""
    meta = dict(meta)
    known: dict = {}
    for key in ("id", "title", "date", "source", "speaker"):
        for name in (column_map[key], key) + (("doc_id",) if key == "id" else ()):
            if name in meta and not is_missing(meta[name]):
                known[key] = meta[name]
                break
    for key in ("id", "title", "date", "source", "speaker"):
        for name in (column_map[key], key) + (("doc_id",) if key == "id" else ()):
            meta.pop(name, None)
    precision_name = column_map.get("precision", "date_precision")
    known["date_precision"] = None if precision_name == NO_COLUMN else meta.pop(precision_name, None)
    if precision_name != NO_COLUMN and precision_name != "date_precision":
        meta.pop("date_precision", None)
    meta.pop(column_map["text"], None)
    meta.pop("text", None)
    return known, meta


def _title_and_body(body: str, title: object) -> tuple[str, str]:
    """Title from metadata, else the first line; a title line followed by a blank line leaves the body."""
    stripped = body.lstrip("\n\r ")
    first, _, rest = stripped.partition("\n")
    first_clean = first.strip()
    title_line = rest.startswith("\n") or rest.startswith("\r\n") or not rest.strip()
    if not is_missing(title):
        title = str(title).strip()
        if first_clean == title and title_line and rest.strip():
            return title, rest
        return title, body
    if not first_clean:
        return "", body
    if len(first_clean) <= 200 and title_line and rest.strip():
        return first_clean, rest
    return (first_clean if len(first_clean) <= 200 else first_clean[:197] + "..."), body


def _caption_title(path: Path) -> str:
    """A readable title from a caption file name: ``Title [videoid].en.vtt`` -> ``Title``."""
    name = path.name[: -len(path.suffix)]
    parts = name.rsplit(".", 1)
    if len(parts) == 2 and 2 <= len(parts[1]) <= 8 and parts[1].replace("-", "").isalpha():
        name = parts[0]
    if name.endswith("]") and " [" in name:
        name = name[: name.rindex(" [")]
    return name.replace("_", " ").strip()


def single_document(
    path: Path,
    display: str,
    doc_key: str,
    fmt: str,
    text: str,
    column_map: dict[str, str],
    metadata: MetadataIndex,
) -> FileResult:
    """Build the record of a single-document file (``txt``, ``vtt``, ``srt``, JSON segments) from its text."""
    result = FileResult()
    meta: dict = {}
    meta.update(sidecar_metadata(path) if fmt in ("vtt", "srt", "json") else {})
    meta.update(metadata.manifest_row(path))
    body = text
    if fmt == "txt":
        try:
            front, body, _ = split_front_matter(text)
        except ValueError as exc:
            result.rejects.append(Reject(display, "", str(exc), "bad_metadata"))
            return result
        meta.update(front)
    elif fmt in ("vtt", "srt"):
        try:
            body = captions_to_text(text, webvtt=fmt == "vtt")
        except CaptionError as exc:
            result.rejects.append(Reject(display, str(exc.line or ""), str(exc), "bad_captions"))
            return result
    known, extras = _meta_record(meta, column_map)
    if fmt == "txt":
        title, body = _title_and_body(body, known.get("title"))
    else:
        title = str(known.get("title") or _caption_title(path))
    date_value = known.get("date")
    date_from = "metadata"
    if is_missing(date_value):
        found = date_from_filename(path.name)
        date_value, date_from = (found[0], "file name") if found else (None, "")
    elif isinstance(date_value, str) and date_value.strip().isdigit() and len(date_value.strip()) == 8:
        date_value = date_value.strip()  # yt-dlp upload_date YYYYMMDD
    speaker = known.get("speaker")
    if is_missing(speaker):
        speaker = extras.get("channel", "")
    record = {
        "doc_id": str(known["id"]) if "id" in known else doc_key,
        "_date": date_value,
        "_precision": known.get("date_precision"),
        "_date_from": date_from,
        "title": title,
        "text": body,
        "source": str(known.get("source") or path.parent.name or ""),
        "speaker": "" if is_missing(speaker) else str(speaker),
        "path": display,
        "record": "",
    }
    for key, value in extras.items():
        record[_extra_name(key)] = _scalar(value)
    result.records.append(record)
    return result


# ----------------------------------------------------------------------------------------------------
# tables


def _extra_name(name: str) -> str:
    name = str(name)
    return f"orig_{name}" if name in RESERVED or name.startswith("_") else name


def _scalar(value: object) -> object:
    """Keep scalars; store lists and mappings as JSON text so every table format can hold them."""
    if isinstance(value, (list, dict, tuple)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def table_rows(
    raw: pd.DataFrame, records: list[str], display: str, stem: str, column_map: dict[str, str]
) -> FileResult:
    """Map a table's columns onto the raw document columns; a missing text or date column rejects the file."""
    result = FileResult()
    columns = [str(c) for c in raw.columns]
    raw.columns = columns
    has = ", ".join(columns) if columns else "none"
    for key, option in (("text", "--text-column"), ("date", "--date-column")):
        if column_map[key] not in raw.columns:
            result.rejects.append(
                Reject(
                    display,
                    "",
                    f"no {key} column {column_map[key]!r}; the file has columns: {has} (choose one with {option})",
                    f"missing_{key}_column",
                )
            )
            return result
    id_column = column_map["id"]
    if id_column not in raw.columns and id_column == "id" and "doc_id" in raw.columns:
        id_column = "doc_id"
    record_index = pd.Index(records)
    fallback = pd.Series([f"{stem}:{r}" for r in records], index=raw.index)
    if id_column in raw.columns:
        ids = raw[id_column]
        missing = ids.map(is_missing)
        ids = ids.map(_id_text).where(~missing, fallback)
    else:
        ids = fallback

    def column(key: str, default: str) -> pd.Series:
        name = column_map[key]
        if name in raw.columns:
            return raw[name].map(lambda v: default if is_missing(v) else str(v))
        return pd.Series(default, index=raw.index, dtype=object)

    rows = pd.DataFrame(
        {
            "doc_id": ids.astype(object),
            "_date": raw[column_map["date"]].astype(object),
            "_precision": (raw[column_map["precision"]].astype(object)
                           if column_map["precision"] in raw and column_map["precision"] != NO_COLUMN else None),
            "_date_from": f"column {column_map['date']!r}",
            "title": column("title", ""),
            "text": raw[column_map["text"]].astype(object),
            "source": column("source", stem),
            "speaker": column("speaker", ""),
            "path": display,
            "record": list(record_index),
        },
        index=raw.index,
    )
    used = {column_map[k] for k in COLUMN_KEYS} | {id_column, "sha256"}
    if column_map["precision"] == "date_precision":
        used.add("date_precision")
    for name in columns:
        if name not in used:
            values = raw[name]
            if values.dtype == object:
                values = values.map(_scalar)
            rows[_extra_name(name)] = values
    result.rows = rows.reset_index(drop=True)
    return result


def _id_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_jsonl(data: bytes, display: str, stem: str, column_map: dict[str, str]) -> FileResult:
    """One JSON object per line; bad bytes, malformed JSON and non-objects reject only their line."""
    rejects: list[Reject] = []
    objects: list[dict] = []
    numbers: list[str] = []
    position = 0
    for number, line in enumerate(data.split(b"\n"), start=1):
        start = position
        position += len(line) + 1
        if not line.strip():
            continue
        try:
            text = decode_bytes(line)
        except DecodeProblem as exc:
            bad = start + exc.offset
            rejects.append(
                Reject(display, str(number), f"undecodable bytes: not UTF-8 at byte offset {bad}", "undecodable")
            )
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            rejects.append(
                Reject(display, str(number), f"malformed JSON: {exc.msg} at column {exc.colno}", "malformed_json")
            )
            continue
        if not isinstance(value, dict):
            rejects.append(
                Reject(display, str(number), f"not a JSON object but {type(value).__name__}", "malformed_json")
            )
            continue
        objects.append(value)
        numbers.append(str(number))
    if not objects:
        result = FileResult(rejects=rejects)
        if not rejects:
            result.rejects.append(Reject(display, "", "no JSON records in the file", "empty_file"))
        return result
    result = table_rows(pd.DataFrame.from_records(objects), numbers, display, stem, column_map)
    if result.rows is None:
        return FileResult(rejects=rejects + result.rejects)
    result.rejects = rejects + result.rejects
    return result


def read_delimited(text: str, display: str, stem: str, column_map: dict[str, str], tab: bool) -> FileResult:
    """A CSV (or TSV) table with a header row; record = data row number (1 = first row after the header)."""
    try:
        raw = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, sep="\t" if tab else ",",
            quoting=csv.QUOTE_MINIMAL,
        )
    except pd.errors.EmptyDataError:
        return FileResult(rejects=[Reject(display, "", "empty table (no header row)", "empty_file")])
    except pd.errors.ParserError as exc:
        message = str(exc).strip().splitlines()[-1]
        return FileResult(rejects=[Reject(display, "", f"malformed CSV: {message}", "malformed_table")])
    if raw.empty:
        return FileResult(rejects=[Reject(display, "", "table has a header but no rows", "empty_file")])
    return table_rows(raw, [str(n) for n in range(1, len(raw) + 1)], display, stem, column_map)


def read_parquet(path: Path, display: str, stem: str, column_map: dict[str, str]) -> FileResult:
    """A Parquet table; record = row number (1-based)."""
    try:
        raw = pd.read_parquet(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises many types for a corrupt file
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return FileResult(rejects=[Reject(display, "", f"unreadable Parquet file: {message}", "malformed_table")])
    if raw.empty:
        return FileResult(rejects=[Reject(display, "", "table has no rows", "empty_file")])
    raw = raw.reset_index(drop=True)
    for name in raw.columns:
        if raw[name].dtype.kind not in "Mm" and raw[name].dtype != object:
            if str(raw[name].dtype) in ("str", "string"):
                raw[name] = raw[name].astype(object)
    return table_rows(raw, [str(n) for n in range(1, len(raw) + 1)], display, stem, column_map)


def read_json(
    path: Path,
    text: str,
    display: str,
    doc_key: str,
    column_map: dict[str, str],
    metadata: MetadataIndex,
) -> FileResult:
    """JSON: caption segments (one document, metadata from the manifest) or a list of document records."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return FileResult(
            rejects=[
                Reject(display, str(exc.lineno), f"malformed JSON: {exc.msg} at line {exc.lineno} column "
                       f"{exc.colno}", "malformed_json")
            ]
        )
    if looks_like_segments(data):
        try:
            body = segments_to_text(data)
        except CaptionError as exc:
            return FileResult(rejects=[Reject(display, "", str(exc), "bad_captions")])
        return single_document(path, display, doc_key, "json", body, column_map, metadata)
    if isinstance(data, dict) and isinstance(data.get("documents"), list):
        data = data["documents"]
    if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        numbers = [str(n) for n in range(1, len(data) + 1)]
        return table_rows(pd.DataFrame.from_records(data), numbers, display, path.stem, column_map)
    return FileResult(
        rejects=[
            Reject(
                display,
                "",
                "unrecognised JSON structure: expected caption segments [{text, start, duration}] or a list of "
                "document objects",
                "malformed_json",
            )
        ]
    )
