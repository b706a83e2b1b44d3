"""The tables of the stance figures (notebook 04): ``stance.NAME_table`` is drawn by ``plots.NAME``.

Each is the tidy table that figure ``NAME`` draws and that is saved beside it as ``NAME.csv``; the estimates are
computed by :mod:`warsignals.stance.scoring`.
"""

from __future__ import annotations

import pandas as pd

from warsignals import config
from warsignals.stance.scoring import favor_share, planted_comparison


def stance_share_over_time_table(
    scored: pd.DataFrame,
    frequency: str = "month",
    n_boot: int = config.BOOTSTRAP_REPLICATES,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
    min_units: int = 5,
) -> pd.DataFrame:
    """Share FAVOR per period and target with its document-bootstrap band (:func:`~warsignals.stance.favor_share`).

    Examples
    --------
    >>> from warsignals import plots, stance  # doctest: +SKIP
    >>> plots.stance_share_over_time(stance.stance_share_over_time_table(scored, "quarter"))  # doctest: +SKIP
    """
    return favor_share(scored, frequency, n_boot=n_boot, confidence=confidence, seed=seed, min_units=min_units)


def stance_recovery_table(shares: pd.DataFrame, planted: pd.DataFrame) -> pd.DataFrame:
    """Estimated against planted share FAVOR per period and target (``estimate``, ``planted``; the demo corpus).

    ``shares`` is :func:`stance_share_over_time_table`'s table, ``planted`` the planted curve
    (:func:`~warsignals.stance.planted_favor_share`).
    """
    return planted_comparison(shares, planted)
