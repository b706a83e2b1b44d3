"""Corpus ingestion: readers for text, caption and table formats, validation with rejects, ``load_corpus``.

>>> from warsignals.corpus import load_corpus
>>> result = load_corpus(["corpus/"], column_map={"text": "article", "date": "published"})
>>> result.documents, result.rejects, result.summary()
"""

from warsignals.corpus.dates import date_from_filename, parse_date
from warsignals.corpus.loader import (
    DOCUMENT_COLUMNS,
    REJECT_COLUMNS,
    LoadResult,
    discover_files,
    ingest_to_run,
    load_corpus,
    strict_message,
    write_table,
)
from warsignals.corpus.readers import COLUMN_KEYS, FORMATS

__all__ = [
    "COLUMN_KEYS",
    "DOCUMENT_COLUMNS",
    "FORMATS",
    "REJECT_COLUMNS",
    "LoadResult",
    "date_from_filename",
    "discover_files",
    "ingest_to_run",
    "load_corpus",
    "parse_date",
    "strict_message",
    "write_table",
]
