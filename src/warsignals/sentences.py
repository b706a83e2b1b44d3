"""Sentence segmentation with offline NLTK punkt, and the units topic and stance models read.

Every sentence keeps character offsets into its document (``text[start:end] == sentence``), so any later
score can be shown in its context (KWIC). Units are documents, paragraphs (blank-line separated) or sliding
windows of N sentences; each keeps its document's date, source and speaker.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache

import pandas as pd

from warsignals import config
from warsignals.errors import ParameterError
from warsignals.progress import progress_bar

SENTENCE_COLUMNS = ["doc_id", "sent_id", "para_id", "start", "end", "sentence", "date", "source", "speaker",
                    "fragment"]
UNIT_KINDS = ("document", "paragraph", "window")
FRAGMENT_MAX_WORDS = 2
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# A sentence end glued to the next sentence by scraping: "...Ukraine.The Secretary said". A lower-case word
# of two or more letters, the end mark (and a closing quote), then a capitalised word. Abbreviations such as
# "U.S." or "e.g." and web addresses ("en.kremlin.ru") do not have this shape.
_GLUED = re.compile(r"(?<=[a-z]{2}[.!?])(?:[\"”’)]?)(?=[A-Z][a-z])")
_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def is_fragment(sentence: str) -> bool:
    """True for a "sentence" of at most two words ("21.", "Mr. President,", "Thank you.").

    Fragments are kept and marked (column ``fragment``), so that rates can leave them out of their
    denominators; they are never dropped.
    """
    return len(_WORDS.findall(sentence)) <= FRAGMENT_MAX_WORDS


def _unglue(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split the span ``text[start:end]`` at glued sentence boundaries."""
    cuts = [m.end() for m in _GLUED.finditer(text, start, end) if start < m.start() and m.end() < end]
    bounds = [start, *cuts, end]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if text[a:b].strip()]


@lru_cache(maxsize=4)
def get_tokenizer(language: str = config.LANGUAGE):
    """Return NLTK's punkt tokenizer for ``language``, writing its offline data first if needed."""
    from nltk.tokenize.punkt import PunktTokenizer

    from warsignals.nltk_setup import ensure_punkt

    ensure_punkt(language)
    return PunktTokenizer(language)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the blank-line separated paragraphs of ``text`` (whitespace trimmed)."""
    spans = []
    position = 0
    for match in list(_PARAGRAPH_BREAK.finditer(text)) + [None]:
        end = match.start() if match else len(text)
        chunk = text[position:end]
        stripped = chunk.strip()
        if stripped:
            left = position + (len(chunk) - len(chunk.lstrip()))
            spans.append((left, left + len(stripped)))
        if match:
            position = match.end()
    return spans


def sentence_spans(text: str, language: str = config.LANGUAGE) -> list[tuple[int, int, int]]:
    """Return ``(paragraph index, start, end)`` of each sentence; sentences never cross paragraphs.

    Sentence ends glued to the next sentence by scraping ("Ukraine.The Secretary said") are split before
    punkt's answer is used, so that each sentence is scored on its own.
    """
    tokenizer = get_tokenizer(language)
    spans = []
    for para_id, (p_start, p_end) in enumerate(paragraph_spans(text)):
        for s_start, s_end in tokenizer.span_tokenize(text[p_start:p_end]):
            for a, b in _unglue(text, p_start + s_start, p_start + s_end):
                spans.append((para_id, a, b))
    return spans


#: Fewest documents (and characters) for which :func:`split_sentences` splits in worker processes by default:
#: below them, starting the workers costs more than it saves.
PARALLEL_MIN_DOCUMENTS = 50
PARALLEL_MIN_CHARACTERS = 1_000_000


def _spans_of(texts: list[str], language: str) -> list[list[tuple[int, int, int]]]:
    return [sentence_spans(text, language) for text in texts]


def _default_jobs() -> int:
    import os

    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(available, 4))


def _all_spans(texts: list[str], language: str, jobs: int, progress: bool) -> list[list[tuple[int, int, int]]]:
    """:func:`sentence_spans` of every text, in order, in ``jobs`` forked worker processes (on Linux; elsewhere in
    this process): the punkt tokenizer is loaded first, so the workers share it instead of loading it each."""
    import multiprocessing

    get_tokenizer(language)
    # fork is safe on Linux (on macOS it is not with some libraries); one text needs no workers
    if jobs > 1 and len(texts) > 1 and sys.platform.startswith("linux"):
        from concurrent.futures import ProcessPoolExecutor

        # chunks of about equal length in characters, several per worker so that a long one does not hold the rest
        n_chunks = min(len(texts), jobs * 4)
        cumulative = pd.Series([len(t) for t in texts]).cumsum().to_numpy()
        bounds = [0, *(int((cumulative <= cumulative[-1] * k / n_chunks).sum()) for k in range(1, n_chunks)),
                  len(texts)]
        chunks = [texts[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]
        spans: list[list[tuple[int, int, int]]] = []
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            bar = progress_bar(total=len(texts), desc="sentences", disable=not progress)
            for chunk, result in zip(chunks, pool.map(_spans_of, chunks, [language] * len(chunks)), strict=True):
                spans.extend(result)
                bar.update(len(chunk))
            bar.close()
        return spans
    return [sentence_spans(text, language)
            for text in progress_bar(texts, total=len(texts), desc="sentences", disable=not progress)]


def split_sentences(
    documents: pd.DataFrame, language: str = config.LANGUAGE, progress: bool = True, jobs: int | None = None
) -> pd.DataFrame:
    """Split a documents table into the sentences table.

    Parameters
    ----------
    documents : DataFrame
        The corpus table (``doc_id, date, source, speaker, text`` at least).
    language : str
        Punkt model language.
    progress : bool
        Show a progress bar.
    jobs : int, optional
        Worker processes splitting side by side on Linux (the result is the same). Default: the machine's processors
        (at most 4) for at least :data:`PARALLEL_MIN_DOCUMENTS` documents of together at least
        :data:`PARALLEL_MIN_CHARACTERS` characters, else 1.

    Returns
    -------
    DataFrame
        One row per sentence: ``doc_id, sent_id, para_id, start, end, sentence, date, source, speaker,
        fragment``, where ``sent_id`` counts from 0 within each document and ``fragment`` marks sentences of
        at most two words (:func:`is_fragment`).

    Examples
    --------
    >>> documents = pd.DataFrame({"doc_id": ["d1"], "text": ["We are ready for talks. The shelling goes on."]})
    >>> split_sentences(documents, progress=False)["sentence"].tolist()
    ['We are ready for talks.', 'The shelling goes on.']
    """
    missing = {"doc_id", "text"} - set(documents.columns)
    if missing:
        raise ParameterError(f"documents table lacks column(s) {sorted(missing)}")
    doc_ids = documents["doc_id"].tolist()
    texts = [text if isinstance(text, str) else "" for text in documents["text"].tolist()]
    if jobs is None:
        large = len(texts) >= PARALLEL_MIN_DOCUMENTS and sum(map(len, texts)) >= PARALLEL_MIN_CHARACTERS
        jobs = _default_jobs() if large else 1
    rows = []
    for doc_id, text, spans in zip(doc_ids, texts, _all_spans(texts, language, jobs, progress), strict=True):
        for sent_id, (para_id, start, end) in enumerate(spans):
            rows.append((doc_id, sent_id, para_id, start, end, text[start:end]))
    sentences = pd.DataFrame(rows, columns=["doc_id", "sent_id", "para_id", "start", "end", "sentence"])
    sentences["fragment"] = sentences["sentence"].map(is_fragment).astype(bool)
    meta = [c for c in ("doc_id", "date", "source", "speaker") if c in documents.columns]
    sentences = sentences.merge(documents[meta], on="doc_id", how="left")
    for column in ("date", "source", "speaker"):
        if column not in sentences:
            sentences[column] = None
    return sentences[SENTENCE_COLUMNS]


def make_units(
    sentences: pd.DataFrame, unit: str = "paragraph", window: int = 5, step: int | None = None
) -> pd.DataFrame:
    """Group sentences into text units for topic and stance models.

    Parameters
    ----------
    sentences : DataFrame
        The sentences table from :func:`split_sentences`.
    unit : {"document", "paragraph", "window"}
        The unit kind.
    window : int
        Sentences per window (``unit="window"``).
    step : int, optional
        Sentences between window starts; defaults to ``window`` (no overlap).

    Returns
    -------
    DataFrame
        ``unit_id, doc_id, first_sent, last_sent, n_sentences, text, date, source, speaker``.
    """
    if unit not in UNIT_KINDS:
        raise ParameterError(f"unit must be one of {', '.join(UNIT_KINDS)}, not {unit!r}")
    if unit == "window" and (window < 1 or (step is not None and step < 1)):
        raise ParameterError("window and step must be at least 1")
    frame = sentences.sort_values(["doc_id", "sent_id"], kind="stable")
    if unit == "document":
        key = pd.Series(0, index=frame.index)
    elif unit == "paragraph":
        key = frame["para_id"]
    else:
        key = frame["sent_id"] // (step or window)
    if unit == "window" and step and step != window:
        pieces = []
        for doc_id, group in frame.groupby("doc_id", sort=False):
            n = len(group)
            for number, first in enumerate(range(0, max(n - window, 0) + 1, step)):
                chunk = group.iloc[first : first + window]
                pieces.append(_unit_row(doc_id, number, chunk))
        return pd.DataFrame(pieces)
    grouped = frame.assign(_key=key.values).groupby(["doc_id", "_key"], sort=False)
    units = grouped.agg(
        first_sent=("sent_id", "min"),
        last_sent=("sent_id", "max"),
        n_sentences=("sent_id", "size"),
        text=("sentence", " ".join),
        date=("date", "first"),
        source=("source", "first"),
        speaker=("speaker", "first"),
    ).reset_index()
    units["unit_id"] = units["doc_id"].astype(str) + f":{unit[0]}" + units["_key"].astype(str)
    return units[["unit_id", "doc_id", "first_sent", "last_sent", "n_sentences", "text", "date", "source", "speaker"]]


def _unit_row(doc_id, number: int, chunk: pd.DataFrame) -> dict:
    return {
        "unit_id": f"{doc_id}:w{number}",
        "doc_id": doc_id,
        "first_sent": int(chunk["sent_id"].min()),
        "last_sent": int(chunk["sent_id"].max()),
        "n_sentences": len(chunk),
        "text": " ".join(chunk["sentence"]),
        "date": chunk["date"].iloc[0],
        "source": chunk["source"].iloc[0],
        "speaker": chunk["speaker"].iloc[0],
    }


def kwic(text: str, start: int, end: int, width: int = 80) -> tuple[str, str, str]:
    """Keyword-in-context: ``(left, match, right)`` around ``text[start:end]`` with ``width`` characters."""
    left = text[max(0, start - width) : start].replace("\n", " ")
    right = text[end : end + width].replace("\n", " ")
    return left, text[start:end], right


CITATION_COLUMNS = ["doc_id", "sent_id", "start", "end"]


def with_citation(table: pd.DataFrame, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add the document's ``url`` (when the corpus has one) to a table of sentences keyed by ``doc_id``.

    A row of a citable table says where its sentence is: ``doc_id``, ``sent_id`` and the character offsets
    ``start, end`` of the sentence in its document's text (``documents.text[start:end] == sentence``), and,
    when the documents table has a ``url`` column, the document's ``url``.

    Parameters
    ----------
    table : DataFrame
        Rows with a ``doc_id`` column.
    documents : DataFrame, optional
        The documents table; without it, or without a ``url`` column in it, the table is returned unchanged.

    Returns
    -------
    DataFrame
        ``table`` with ``url`` after ``end`` (or last), empty strings where a document has no url.
    """
    if documents is None or "url" not in documents.columns or "doc_id" not in table.columns:
        return table
    urls = documents.drop_duplicates("doc_id").set_index("doc_id")["url"]
    out = table.drop(columns="url", errors="ignore").copy()
    values = out["doc_id"].map(urls).fillna("").astype(str)
    position = out.columns.get_loc("end") + 1 if "end" in out.columns else len(out.columns)
    out.insert(position, "url", values)
    return out
