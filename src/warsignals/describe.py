"""Descriptive tables of a loaded corpus: documents per period and source, and corpus statistics."""

from __future__ import annotations

import pandas as pd

from warsignals.timeseries import assign_period


def documents_per_period(documents: pd.DataFrame, freq: str = "month") -> pd.DataFrame:
    """Count documents per period and source.

    Returns
    -------
    DataFrame
        Tidy ``period, source, n_documents`` with every period between the first and last present.
    """
    periods = assign_period(documents["date"], freq)
    counts = (
        documents.assign(period=periods, source=documents["source"].fillna("(unknown)"))
        .groupby(["period", "source"], sort=True)
        .size()
        .rename("n_documents")
        .reset_index()
    )
    return counts


def corpus_statistics(documents: pd.DataFrame, sentences: pd.DataFrame | None = None,
                      rejects: pd.DataFrame | None = None) -> pd.DataFrame:
    """A two-column table (``statistic, value``) describing the corpus.

    Parameters
    ----------
    documents : DataFrame
        The documents table.
    sentences : DataFrame, optional
        The sentences table.
    rejects : DataFrame, optional
        The rejects table (``path, record, reason``).

    Returns
    -------
    DataFrame
    """
    words = documents["text"].str.split().str.len()
    rows = [
        ("documents loaded", f"{len(documents):,}"),
        ("documents rejected", f"{0 if rejects is None else len(rejects):,}"),
        ("date range", f"{documents['date'].min():%Y-%m-%d} to {documents['date'].max():%Y-%m-%d}"
         if len(documents) else "-"),
        ("date precision", ", ".join(f"{k}: {v}" for k, v in documents["date_precision"].value_counts().items())),
        ("sources", f"{documents['source'].nunique():,}"),
        ("speakers", f"{documents['speaker'].nunique():,}"),
        ("words", f"{int(words.sum()):,}"),
        ("words per document (median)", f"{int(words.median()) if len(words) else 0:,}"),
    ]
    if sentences is not None:
        rows.append(("sentences", f"{len(sentences):,}"))
    if rejects is not None and len(rejects):
        for reason, count in rejects["reason"].str.split(":").str[0].value_counts().head(5).items():
            rows.append((f"rejected: {reason}", f"{count:,}"))
    return pd.DataFrame(rows, columns=["statistic", "value"])


def corpus_caption(documents: pd.DataFrame, name: str | None = None) -> str:
    """One line naming the corpus, its number of documents and its date range, for figure captions.

    Parameters
    ----------
    documents : DataFrame
        The documents table (``doc_id``, ``date``; ``path`` names the corpus when ``name`` is not given).
    name : str, optional
        The corpus's name; default: the shipped datasets it holds (column ``dataset``, see
        :mod:`warsignals.datasets`: each dataset's label, side and n), else the file name of a one-file corpus,
        or the folder its files share.

    Returns
    -------
    str
        E.g. ``"Corpus: demo_corpus.jsonl, n = 480 documents, 2022-01-03 to 2025-08-28 (synthetic)"``. For
        shipped datasets a second line gives their licence credits, e.g. ``"Corpus: Kremlin transcripts on
        Ukraine (RUS officials, n = 126) + Ukrainian official addresses (UKR officials, n = 312); n = 438
        documents, 2022-02-21 to 2025-12-31"`` and ``"Source: President of Russia, en.kremlin.ru, CC BY 4.0;
        ..."``.
    """
    import os
    from pathlib import PurePath

    from warsignals.datasets import dataset_credits

    credits = dataset_credits(documents) if name is None else []
    if credits:
        name = " + ".join(f"{label} ({side + ', ' if side else ''}n = {n:,})" for label, side, _, n in credits)
    if name is None:
        paths = sorted(set(documents["path"].dropna().astype(str))) if "path" in documents else []
        try:
            common = os.path.commonpath(paths) if paths else ""
        except ValueError:  # absolute and relative paths mixed
            common = ""
        name = PurePath(common).name or "corpus"
    n_docs = int(documents["doc_id"].nunique()) if "doc_id" in documents else len(documents)
    text = f"Corpus: {name}{';' if credits else ','} n = {n_docs:,} document{'s' if n_docs != 1 else ''}"
    dates = pd.to_datetime(documents["date"], errors="coerce").dropna() if "date" in documents else pd.Series([])
    if len(dates):
        text += f", {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}"
    if "synthetic" in documents and documents["synthetic"].fillna(False).astype(bool).any():
        text += " (synthetic)"
    if credits:
        text += "\n" + "; ".join(dict.fromkeys(credit for _, _, credit, _ in credits))
    return text
