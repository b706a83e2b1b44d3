"""The data of every topic figure: ``NAME_table`` returns the tidy table that ``warsignals.plots.NAME`` draws.

One function per figure of notebook 03 (``ctx.figure(fig, "NAME", data=table)``), named after the figure, so
figure file, data function and plot function are one hop apart:

=========================  ===================================  ============================
figure                     data function                        plot function
=========================  ===================================  ============================
``topic_selection``        :func:`topic_selection_table`        ``plots.topic_selection``
``topic_prevalence``       :func:`topic_prevalence_table`       ``plots.topic_prevalence``
``topic_heatmap``          :func:`topic_heatmap_table`          ``plots.topic_heatmap``
``topic_terms_by_year``    :func:`topic_terms_by_year_table`    ``plots.topic_terms_by_year``
=========================  ===================================  ============================
"""

from __future__ import annotations

import pandas as pd

from warsignals.topics.prevalence import topic_terms_by_period
from warsignals.topics.report import TopicReport

#: The topic whose vocabulary shift ``topic_terms_by_year`` shows when it exists (else the first topic).
FOCUS_TOPIC = "negotiation"


def topic_selection_table(report: TopicReport) -> pd.DataFrame:
    """Coherence, diversity, stability and score of every candidate k, with the recommended k flagged.

    Parameters
    ----------
    report : TopicReport
        From :func:`warsignals.topics.fit_report`.

    Returns
    -------
    DataFrame
        The selection table (:func:`warsignals.topics.select_k`, with ``score`` when k was chosen) without
        the wall-clock ``fit_seconds``, plus ``recommended`` (bool).

    Examples
    --------
    >>> table = topic_selection_table(report)  # doctest: +SKIP
    >>> int(table.loc[table["recommended"], "k"].iloc[0]) == report.metrics["k"]  # doctest: +SKIP
    True
    """
    table = report.selection.drop(columns="fit_seconds", errors="ignore").copy()
    table["recommended"] = table["k"] == int(report.metrics["k"])
    return table


def topic_prevalence_table(report: TopicReport) -> pd.DataFrame:
    """Each topic's share of sentences per period with its bootstrap interval (``prevalence.csv``).

    Returns
    -------
    DataFrame
        ``period, topic, label, share, lo, hi, n_docs, n_units, denominator, interval``
        (:func:`warsignals.topics.topic_prevalence` with the labels).
    """
    return report.prevalence


def topic_heatmap_table(report: TopicReport) -> pd.DataFrame:
    """The prevalence table the heatmap colours (topics by period); the same rows as
    :func:`topic_prevalence_table`."""
    return report.prevalence


def topic_terms_by_year_table(report: TopicReport, topic: str | None = None, top_n: int = 8) -> pd.DataFrame:
    """A topic's heaviest terms in each year (:func:`warsignals.topics.topic_terms_by_period`) with its label.

    Parameters
    ----------
    report : TopicReport
    topic : str, optional
        Topic id; default :data:`FOCUS_TOPIC` when the fit has it, else the first topic.
    top_n : int
        Terms per year.

    Returns
    -------
    DataFrame
        ``period, topic, rank, term, weight, label``.
    """
    topics = report.fit.topics
    if topic is None:
        topic = FOCUS_TOPIC if FOCUS_TOPIC in topics else topics[0]
    table = topic_terms_by_period(report.fit, topic, frequency="year", top_n=top_n)
    labels = dict(zip(report.labels["topic"], report.labels["label"], strict=False))
    table["label"] = table["topic"].map(labels).fillna(table["topic"])
    return table
