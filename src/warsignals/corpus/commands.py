"""The ``warsignals ingest`` command: corpus files and folders in, a documents table and a rejects CSV out."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from warsignals import config
from warsignals.corpus.formats import COLUMN_KEYS, FORMATS
from warsignals.errors import InputError, ParameterError
from warsignals.tables import TABLE_SUFFIXES, write_table

if TYPE_CHECKING:
    from warsignals.corpus.loader import LoadResult

_COLUMN_HELP = {
    "text": "column or field holding the document text (default: text)",
    "date": "column holding the date (default: date)",
    "id": "column holding the document id (default: id, then doc_id; else <file stem>:<record>)",
    "title": "column holding the title (default: title)",
    "source": "column holding the source/outlet (default: source; else the file stem or folder name)",
    "speaker": "column holding the speaker (default: speaker; else a manifest's channel)",
    "precision": "column (or metadata key) declaring each date's precision day|month|year (default: "
    "date_precision); 'none' ignores it and takes the precision from the date itself",
}


def register(commands, train, evaluate) -> None:
    """Add the ``ingest`` subcommand to the ``warsignals`` parser."""
    parser = commands.add_parser(
        "ingest",
        help="read corpus files/folders into a documents table",
        description=(
            "Read .txt (with YAML front matter or a manifest.csv beside it), .vtt/.srt captions, JSON caption "
            "segments, and JSONL/CSV/Parquet tables into one documents table. Every record is either loaded "
            "or listed in the rejects CSV with its file, line/record and reason."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="corpus files or folders (searched recursively)")
    parser.add_argument("-o", "--output", required=True, help="output table (.parquet, .csv or .jsonl)")
    parser.add_argument("--rejects", help="rejects CSV (default: <output stem>.rejects.csv beside the output)")
    parser.add_argument("--strict", action="store_true", help="fail (exit 1) if any record is rejected")
    for key in COLUMN_KEYS:
        parser.add_argument(f"--{key}-column", dest=f"{key}_column", metavar="NAME", help=_COLUMN_HELP[key])
    parser.add_argument(
        "--format", choices=("auto",) + FORMATS, default="auto", help="reader for every file (default: by extension)"
    )
    parser.add_argument(
        "--max-file-bytes", type=int, default=config.MAX_FILE_BYTES, help="reject larger files (default: %(default)s)"
    )
    parser.add_argument(
        "--min-text-chars", type=int, default=config.MIN_TEXT_CHARS,
        help="reject shorter texts (default: %(default)s)",
    )
    parser.add_argument(
        "--near-duplicate-threshold", type=float, default=config.NEAR_DUPLICATE_THRESHOLD,
        help="Jaccard similarity of word 5-grams marking a near duplicate (default: %(default)s)",
    )
    parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    parser.set_defaults(func=run_ingest)


def rejects_path_for(output: Path, rejects: str | None) -> Path:
    """The rejects CSV path: ``rejects`` if given, else ``<output stem>.rejects.csv`` beside the output."""
    return Path(rejects) if rejects else output.with_name(f"{output.stem}.rejects.csv")


def write_rejects(result: LoadResult, rejects_path: Path) -> str:
    """Write ``result.rejects`` to ``rejects_path`` and return the one-line account (found, loaded, rejected).

    Every command that reads corpus files (``ingest``, ``score``, ``topics``) uses it, so no record is dropped
    without being listed and counted.

    Raises
    ------
    InputError
        When the rejects file cannot be written.
    """
    try:
        rejects_path.parent.mkdir(parents=True, exist_ok=True)
        write_table(result.rejects, rejects_path)
    except OSError as exc:
        raise InputError(f"cannot write {rejects_path}: {exc.strerror or exc}") from None
    summary = result.summary()
    reasons = ", ".join(f"{kind} {count}" for kind, count in summary["by_reason"].items())
    return (f"corpus: found {summary['found']}, loaded {summary['loaded']}, rejected {summary['rejected']}"
            + (f" ({reasons})" if reasons else "") + f"; rejects listed in {rejects_path}")


def format_summary(result: LoadResult) -> str:
    """A few lines: found / loaded / rejected, and the rejects by reason."""
    summary = result.summary()
    lines = [f"found {summary['found']}, loaded {summary['loaded']}, rejected {summary['rejected']}"]
    for kind, count in summary["by_reason"].items():
        lines.append(f"  {kind}: {count}")
    if len(result.documents):
        dates = result.documents["date"]
        precisions = result.documents["date_precision"].value_counts()
        lines.append(
            f"dates {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d} ("
            + ", ".join(f"{k}: {v}" for k, v in precisions.items())
            + ")"
        )
    return "\n".join(lines)


def run_ingest(args: argparse.Namespace) -> int:
    """Run ``warsignals ingest``; returns the exit code (user mistakes raise WarsignalsError)."""
    from warsignals.corpus.loader import load_corpus, nothing_loaded_message, strict_message

    output = Path(args.output)
    if output.suffix.lower() not in TABLE_SUFFIXES:
        raise ParameterError(f"--output {output} must end in {', '.join(TABLE_SUFFIXES)}")
    rejects_path = rejects_path_for(output, args.rejects)
    if rejects_path.suffix.lower() != ".csv":
        raise ParameterError(f"--rejects {rejects_path} must end in .csv")
    column_map = {key: getattr(args, f"{key}_column") for key in COLUMN_KEYS if getattr(args, f"{key}_column")}
    result = load_corpus(
        args.paths,
        column_map=column_map,
        strict=False,
        progress=not args.no_progress,
        max_file_bytes=args.max_file_bytes,
        min_text_chars=args.min_text_chars,
        near_duplicate_threshold=args.near_duplicate_threshold,
        format=args.format,
    )
    write_rejects(result, rejects_path)
    print(format_summary(result))
    if args.strict and len(result.rejects):
        raise InputError(strict_message(result, rejects_path=rejects_path) + "\nno output written (--strict)")
    try:
        write_table(result.documents, output)
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from None
    print(f"wrote {output} ({len(result.documents)} documents) and {rejects_path} ({len(result.rejects)} rejects)")
    if not len(result.documents):
        print(f"warning: {nothing_loaded_message(result)}; see {rejects_path}")
    return 0
