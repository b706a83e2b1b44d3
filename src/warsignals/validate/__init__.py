"""Validated estimates: code a probability sample of the corpus, get series corrected for the scorer's errors.

- :mod:`warsignals.validate.sheets`: draw a coding sheet with inclusion probabilities (:func:`draw_sheet`,
  :func:`write_sheet`), read coded sheets back with row-level checks (:func:`read_sheets`), fill a sheet from
  the demo corpus's planted truth (:func:`fill_sheet_from_truth`);
- :mod:`warsignals.validate.estimates`: the design-based supervised (DSL) estimator of Egami et al. (2023)
  for shares per period (:func:`corrected_rates`, :func:`corrected_stance`), the scorer's design-weighted
  precision, recall and F1 (:func:`validity`) and Krippendorff's alpha between coders (:func:`reliability`);
- :mod:`warsignals.validate.simulate`: a synthetic corpus with known shares and a deliberately biased scorer,
  and the coverage study run by the tests and ``bench/validate_simulation.py``;
- :mod:`warsignals.validate.commands`: the ``warsignals sample`` and ``warsignals validate`` commands.
"""

from warsignals.validate.estimates import (
    corrected_rates,
    corrected_stance,
    dsl_means,
    effective_probability,
    reliability,
    validity,
    weighted_report,
)
from warsignals.validate.sheets import (
    CodedSheets,
    combine_sheets,
    draw_sheet,
    fill_sheet_from_truth,
    read_sheets,
    write_sheet,
)

__all__ = [
    "CodedSheets",
    "combine_sheets",
    "corrected_rates",
    "corrected_stance",
    "draw_sheet",
    "dsl_means",
    "effective_probability",
    "fill_sheet_from_truth",
    "read_sheets",
    "reliability",
    "validity",
    "weighted_report",
    "write_sheet",
]
