"""The tables of the validation figures (notebook 05, ``warsignals validate``): ``validate.NAME_table`` is drawn
by ``plots.NAME``; the estimates are computed by :mod:`warsignals.validate.estimates`."""

from __future__ import annotations

import pandas as pd

from warsignals import config
from warsignals.validate.estimates import MIN_CODED, corrected_rates
from warsignals.validate.sheets import CodedSheets


def corrected_rates_table(
    scored: pd.DataFrame,
    coded: CodedSheets | pd.DataFrame,
    frequency: str = "month",
    by: str | None = None,
    confidence: float = config.CONFIDENCE_LEVEL,
    min_coded: int = MIN_CODED,
    truth: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Raw and design-corrected share of each signal per period and group, with the true share in column
    ``truth`` when the sentences' true signals are known (:func:`~warsignals.validate.corrected_rates`).

    Parameters
    ----------
    scored, coded, frequency, by, confidence, min_coded
        As in :func:`~warsignals.validate.corrected_rates`.
    truth : DataFrame, optional
        ``doc_id, sent_id, signal`` of every sentence (the demo corpus's ``truth/sentences.csv``): the share
        of each cell computed from them is added as ``truth`` (drawn dotted by
        :func:`warsignals.plots.corrected_rates`).

    Examples
    --------
    >>> from warsignals import plots, validate  # doctest: +SKIP
    >>> plots.corrected_rates(validate.corrected_rates_table(scored, sheets, frequency="year"))  # doctest: +SKIP
    """
    rates = corrected_rates(scored, coded, frequency=frequency, by=by, confidence=confidence, min_coded=min_coded)
    if truth is None:
        return rates
    coded_rows = coded.coded if isinstance(coded, CodedSheets) else coded
    everyone = scored[["doc_id", "sent_id", "date"] + ([by] if by else [])].merge(
        truth[["doc_id", "sent_id", "signal"]], on=["doc_id", "sent_id"])
    true_rates = corrected_rates(everyone, coded_rows.iloc[:0], frequency=frequency, by=by, min_coded=0)
    true_rates = true_rates.rename(columns={"raw_share": "truth"})[["period", "group", "signal", "truth"]]
    return rates.merge(true_rates, on=["period", "group", "signal"], how="left")
