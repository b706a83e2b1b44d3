"""The tables of the corpus figures (notebook 01): ``corpus.NAME_table`` is drawn by ``plots.NAME``."""

from __future__ import annotations

import pandas as pd

from warsignals.timeseries import assign_period


def documents_per_period_table(documents: pd.DataFrame, frequency: str = "month") -> pd.DataFrame:
    """Documents per period and source: the table of figure ``documents_per_period``.

    Parameters
    ----------
    documents : DataFrame
        The documents table (``date``, ``source``).
    frequency : str
        Period length: week, month, quarter or year.

    Returns
    -------
    DataFrame
        Tidy ``period, source, n_documents``.

    Examples
    --------
    >>> docs = pd.DataFrame({"date": pd.to_datetime(["2022-01-05", "2022-02-01"]), "source": ["a", "a"]})
    >>> documents_per_period_table(docs)["n_documents"].tolist()
    [1, 1]
    """
    periods = assign_period(documents["date"], frequency)
    counts = (
        documents.assign(period=periods, source=documents["source"].fillna("(unknown)"))
        .groupby(["period", "source"], sort=True)
        .size()
        .rename("n_documents")
        .reset_index()
    )
    return counts


def corpus_statistics_table(documents: pd.DataFrame, sentences: pd.DataFrame | None = None,
                            rejects: pd.DataFrame | None = None) -> pd.DataFrame:
    """A two-column table (``statistic, value``) describing the corpus: the table of figure ``corpus_statistics``.

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
