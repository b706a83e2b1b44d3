"""The caption of a corpus drawn above every figure (its tables are in :mod:`warsignals.corpus.figures`)."""

from __future__ import annotations

import pandas as pd


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
