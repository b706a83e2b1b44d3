"""Corpus ingestion: readers for text, caption and table formats, validation with rejects, ``load_corpus``.

>>> from warsignals.corpus import load_corpus
>>> result = load_corpus(["corpus/"], column_map={"text": "article", "date": "published"})
>>> result.documents, result.rejects, result.summary()
"""

from warsignals.lazy import lazy_exports

# names load on first use (PEP 562), so that building the CLI parser does not import pandas
_HOMES = {
    "date_from_filename": "warsignals.corpus.dates", "parse_date": "warsignals.corpus.dates",
    **dict.fromkeys(("DOCUMENT_COLUMNS", "REJECT_COLUMNS", "LoadResult", "discover_files", "ingest_to_run",
                     "load_corpus", "strict_message"), "warsignals.corpus.loader"),
    "corpus_statistics_table": "warsignals.corpus.figures", "documents_per_period_table": "warsignals.corpus.figures",
    "COLUMN_KEYS": "warsignals.corpus.formats", "FORMATS": "warsignals.corpus.formats",
}


__getattr__, __dir__ = lazy_exports(__name__, _HOMES)


__all__ = [
    "COLUMN_KEYS",
    "DOCUMENT_COLUMNS",
    "FORMATS",
    "REJECT_COLUMNS",
    "LoadResult",
    "corpus_statistics_table",
    "date_from_filename",
    "discover_files",
    "documents_per_period_table",
    "ingest_to_run",
    "load_corpus",
    "parse_date",
    "strict_message",
]
