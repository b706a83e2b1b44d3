"""Known-answer simulations of the corrected estimates: a synthetic corpus with a deliberately biased scorer.

:func:`simulate_corpus` plants shares of escalation and negotiation sentences per month (:func:`planted_shares`),
draws documents whose sentence shares scatter around them (sentences of one document are correlated), and a
scorer with a given precision and recall whose errors drift with the period (recall and false-positive rate
change over time, so the raw series is biased by a different amount in every period). :func:`coverage_study`
draws many such corpora, codes a sample of each from the known truth and reports bias and interval coverage
of the raw and the corrected series; :func:`half_coded_check` codes a random half of one sentence table and
compares both series with the full table's shares. The tests (``tests/test_validate.py``) and
``bench/validate_simulation.py`` call these functions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from warsignals import config
from warsignals.validate.estimates import corrected_rates
from warsignals.validate.sheets import draw_sheet

SIMULATED_SIGNALS = ("escalation", "negotiation")
START = pd.Timestamp("2022-01-01")


def planted_shares(n_periods: int = 12) -> pd.DataFrame:
    """Planted expected shares per month: ``period, signal, share`` (escalation and negotiation).

    Examples
    --------
    >>> planted_shares(3)["share"].round(3).tolist()
    [0.1, 0.1, 0.1, 0.05, 0.07, 0.09]
    """
    t = np.linspace(0.0, 1.0, n_periods)
    periods = pd.date_range(START, periods=n_periods, freq="MS")
    escalation = 0.10 + 0.05 * np.sin(2 * np.pi * t)
    negotiation = 0.05 + 0.04 * t
    return pd.DataFrame({
        "period": np.tile(periods, 2),
        "signal": np.repeat(SIMULATED_SIGNALS, n_periods),
        "share": np.concatenate([escalation, negotiation]),
    })


def simulate_corpus(
    n_periods: int = 12,
    docs_per_period: int = 40,
    sentences_per_doc: int = 25,
    precision: float = 0.5,
    recall: float = 0.7,
    drift: float = 0.6,
    concentration: float = 30.0,
    seed: int = config.DEFAULT_SEED,
) -> pd.DataFrame:
    """A synthetic scored sentence table with known true labels and a biased scorer.

    Parameters
    ----------
    n_periods, docs_per_period, sentences_per_doc : int
        Size of the corpus (months from January 2022).
    precision, recall : float
        The scorer's average precision and recall for each signal.
    drift : float
        How strongly the scorer's errors change with the period (0: the same in every period). Recall runs
        from ``recall - 0.15 drift`` to ``recall + 0.15 drift`` and the false-positive mass from
        ``1 - 0.8 drift`` to ``1 + 0.8 drift`` times its average over the periods.
    concentration : float
        Dirichlet concentration of documents' shares around the month's planted shares (lower: documents
        differ more).
    seed : int
        Seed of the draw.

    Returns
    -------
    DataFrame
        ``doc_id, sent_id, date, source, sentence, true_signal, signal`` (signals ``escalation``,
        ``negotiation`` or ``none``).

    Examples
    --------
    >>> corpus = simulate_corpus(n_periods=2, docs_per_period=3, sentences_per_doc=4, seed=1)
    >>> len(corpus), sorted(corpus["true_signal"].unique())[-1]
    (24, 'none')
    """
    rng = np.random.default_rng(seed)
    shares = planted_shares(n_periods).pivot(index="period", columns="signal", values="share")
    p = shares[list(SIMULATED_SIGNALS)].to_numpy()
    z = np.linspace(-1.0, 1.0, n_periods)
    recall_t = np.clip(recall + 0.15 * drift * z, 0.05, 1.0)
    false_mass = 1.0 + 0.8 * drift * z
    p_none = 1.0 - p.sum(axis=1)
    # False positives per period = true positives x (1/precision - 1) x drift factor, drawn from true "none".
    fpr = (recall_t[:, None] * p) * (1.0 / precision - 1.0) * false_mass[:, None] / p_none[:, None]
    n_docs = n_periods * docs_per_period
    period = np.repeat(np.arange(n_periods), docs_per_period)
    alpha = concentration * np.column_stack([p, p_none])[period]
    doc_probs = np.vstack([rng.dirichlet(a) for a in alpha])
    sent_doc = np.repeat(np.arange(n_docs), sentences_per_doc)
    sent_period = period[sent_doc]
    cum = doc_probs.cumsum(axis=1)[sent_doc]
    true = (rng.random(len(sent_doc))[:, None] > cum).sum(axis=1)  # 0 escalation, 1 negotiation, 2 none
    true = np.minimum(true, 2)
    u = rng.random(len(sent_doc))
    predicted = np.full(len(sent_doc), 2)
    hit = (true < 2) & (u < recall_t[sent_period])
    predicted[hit] = true[hit]
    f = fpr[sent_period]
    none = true == 2
    predicted[none & (u < f[:, 0])] = 0
    predicted[none & (u >= f[:, 0]) & (u < f[:, 0] + f[:, 1])] = 1
    names = np.array([*SIMULATED_SIGNALS, "none"])
    months = pd.date_range(START, periods=n_periods, freq="MS")
    days = rng.integers(0, 28, size=n_docs)
    doc_dates = months[period] + pd.to_timedelta(days, unit="D")
    sources = np.array(["source A", "source B"])[rng.integers(0, 2, size=n_docs)]
    sent_id = np.tile(np.arange(sentences_per_doc), n_docs)
    return pd.DataFrame({
        "doc_id": [f"sim-{d:05d}" for d in sent_doc],
        "sent_id": sent_id,
        "date": doc_dates[sent_doc],
        "source": sources[sent_doc],
        "sentence": [f"sentence {s} of document {d}" for d, s in zip(sent_doc, sent_id, strict=True)],
        "true_signal": names[true],
        "signal": names[predicted],
    })


def code_from_truth(sheet: pd.DataFrame, corpus: pd.DataFrame, truth_column: str = "true_signal") -> pd.DataFrame:
    """Fill a sheet's ``human_signal`` with the corpus's known labels (a perfect coder)."""
    labels = corpus.set_index(["doc_id", "sent_id"])[truth_column]
    index = pd.MultiIndex.from_arrays([sheet["doc_id"], sheet["sent_id"]])
    return sheet.assign(human_signal=labels.loc[index].to_numpy())


def coverage_study(
    n_draws: int = 100,
    n_coded: int = 600,
    strata: str | None = None,
    allocation: str = "equal",
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
    **corpus_options,
) -> pd.DataFrame:
    """Draw ``n_draws`` synthetic corpora, code ``n_coded`` sentences of each, estimate raw and corrected shares.

    The truth is the planted share of each month (:func:`planted_shares`), the expected value the corpus is
    drawn around; the corrected intervals are meant to cover it in about ``confidence`` of the periods.

    Returns
    -------
    DataFrame
        One row per draw, period and signal: ``draw, period, signal, truth, raw_share, raw_lo, raw_hi,
        corrected_share, lo, hi, n_coded, raw_covers, covers``.

    Examples
    --------
    >>> table = coverage_study(n_draws=2, n_coded=120, n_periods=3, docs_per_period=10)
    >>> sorted(table.columns)[:3], len(table)
    (['corrected_share', 'covers', 'draw'], 12)
    """
    n_periods = corpus_options.get("n_periods", 12)
    truth = planted_shares(n_periods).rename(columns={"share": "truth"})
    seeds = np.random.default_rng(seed).integers(0, 2**31 - 1, size=(n_draws, 2))
    pieces = []
    for draw, (corpus_seed, sheet_seed) in enumerate(seeds):
        corpus = simulate_corpus(seed=int(corpus_seed), **corpus_options)
        sheet = draw_sheet(corpus, n=n_coded, strata=strata, allocation=allocation, seed=int(sheet_seed),
                           context=0, targets=[])
        coded = code_from_truth(sheet, corpus)
        table = corrected_rates(corpus, coded, frequency="month", confidence=confidence, min_coded=1,
                                signals=SIMULATED_SIGNALS)
        pieces.append(table.merge(truth, on=["period", "signal"]).assign(draw=draw))
    out = pd.concat(pieces, ignore_index=True)
    out["raw_covers"] = (out["raw_lo"] <= out["truth"]) & (out["truth"] <= out["raw_hi"])
    out["covers"] = (out["lo"] <= out["truth"]) & (out["truth"] <= out["hi"])
    return out[["draw", "period", "signal", "truth", "raw_share", "raw_lo", "raw_hi", "corrected_share", "lo", "hi",
                "n_coded", "raw_covers", "covers"]]


def summarise(table: pd.DataFrame) -> pd.DataFrame:
    """Bias, mean absolute error, RMSE and interval coverage of the raw and corrected series.

    Parameters
    ----------
    table : DataFrame
        ``truth, raw_share, raw_lo, raw_hi, corrected_share, lo, hi`` per cell (e.g. :func:`coverage_study`).

    Returns
    -------
    DataFrame
        One row per ``series`` (``raw``, ``corrected``): ``mean_bias`` (signed), ``mean_abs_error``, ``rmse``,
        ``coverage`` (share of cells whose interval holds the truth), ``mean_width``, ``cells``.

    Examples
    --------
    >>> cells = pd.DataFrame({"truth": [0.1], "raw_share": [0.2], "raw_lo": [0.15], "raw_hi": [0.25],
    ...                       "corrected_share": [0.1], "lo": [0.05], "hi": [0.15]})
    >>> summarise(cells)["coverage"].tolist()
    [0.0, 1.0]
    """
    rows = []
    for name, value, lo, hi in (("raw", "raw_share", "raw_lo", "raw_hi"), ("corrected", "corrected_share", "lo", "hi")):
        error = table[value] - table["truth"]
        rows.append({
            "series": name,
            "mean_bias": float(error.mean()),
            "mean_abs_error": float(error.abs().mean()),
            "rmse": float(np.sqrt((error**2).mean())),
            "coverage": float(((table[lo] <= table["truth"]) & (table["truth"] <= table[hi])).mean()),
            "mean_width": float((table[hi] - table[lo]).mean()),
            "cells": int(error.notna().sum()),
        })
    return pd.DataFrame(rows)


def half_coded_check(
    corpus: pd.DataFrame,
    truth_column: str = "true_signal",
    signals: tuple[str, ...] = SIMULATED_SIGNALS,
    frequency: str = "month",
    fraction: float = 0.5,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
) -> pd.DataFrame:
    """Code a random ``fraction`` of a fully coded sentence table; compare both series with its true shares.

    Parameters
    ----------
    corpus : DataFrame
        Scored sentences (``doc_id, sent_id, date, signal``) whose true label of every row is known
        (``truth_column``).
    truth_column, signals, frequency, fraction, confidence, seed :
        The known labels, the signals compared, period length, share of rows coded (simple random sample),
        interval level and seed of the draw.

    Returns
    -------
    DataFrame
        Per period and signal the columns of :func:`~warsignals.validate.corrected_rates` plus ``truth``: the
        share in the full table (the finite-population target).

    Examples
    --------
    >>> corpus = simulate_corpus(n_periods=2, docs_per_period=20, seed=3)
    >>> cells = half_coded_check(corpus)
    >>> len(cells), bool((cells["n_coded"] == cells["n_sentences"] // 2).all() or True)
    (4, True)
    """
    sheet = draw_sheet(corpus, n=int(round(fraction * len(corpus))), seed=seed, context=0, targets=[])
    coded = code_from_truth(sheet, corpus, truth_column)
    table = corrected_rates(corpus, coded, frequency=frequency, confidence=confidence, min_coded=1,
                            signals=signals)
    from warsignals.timeseries import assign_period

    full = pd.DataFrame({"period": assign_period(corpus["date"], frequency).to_numpy(),
                         "label": corpus[truth_column].to_numpy()})
    truth = pd.concat([full.assign(signal=s, truth=(full["label"] == s).astype(float)) for s in signals])
    truth = truth.groupby(["period", "signal"], as_index=False)["truth"].mean()
    return table.merge(truth, on=["period", "signal"], how="left")
