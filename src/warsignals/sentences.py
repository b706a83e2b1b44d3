"""Sentence segmentation with offline NLTK punkt, and the units topic and stance models read.

Every sentence keeps character offsets into its document (``text[start:end] == sentence``), so any later
score can be shown in its context (KWIC). Units are documents, paragraphs (blank-line separated) or sliding
windows of N sentences; each keeps its document's date, source and speaker.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from warsignals import config
from warsignals.errors import ParameterError
from warsignals.progress import progress_bar

SENTENCE_COLUMNS = ["doc_id", "sent_id", "para_id", "start", "end", "sentence", "date", "source", "speaker"]
UNIT_KINDS = ("document", "paragraph", "window")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


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
    """Return ``(paragraph index, start, end)`` of each sentence; sentences never cross paragraphs."""
    tokenizer = get_tokenizer(language)
    spans = []
    for para_id, (p_start, p_end) in enumerate(paragraph_spans(text)):
        for s_start, s_end in tokenizer.span_tokenize(text[p_start:p_end]):
            spans.append((para_id, p_start + s_start, p_start + s_end))
    return spans


def split_sentences(
    documents: pd.DataFrame, language: str = config.LANGUAGE, progress: bool = True
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

    Returns
    -------
    DataFrame
        One row per sentence: ``doc_id, sent_id, para_id, start, end, sentence, date, source, speaker``,
        where ``sent_id`` counts from 0 within each document.
    """
    missing = {"doc_id", "text"} - set(documents.columns)
    if missing:
        raise ParameterError(f"documents table lacks column(s) {sorted(missing)}")
    rows = []
    iterator = documents[["doc_id", "text"]].itertuples(index=False)
    for doc_id, text in progress_bar(iterator, total=len(documents), desc="sentences", disable=not progress):
        for sent_id, (para_id, start, end) in enumerate(sentence_spans(text or "", language)):
            rows.append((doc_id, sent_id, para_id, start, end, text[start:end]))
    sentences = pd.DataFrame(rows, columns=["doc_id", "sent_id", "para_id", "start", "end", "sentence"])
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
