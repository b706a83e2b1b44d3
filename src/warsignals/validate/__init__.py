"""Validated estimates: code a probability sample of the corpus, get series corrected for the scorer's errors.

- :mod:`warsignals.validate.sheets`: draw a coding sheet with inclusion probabilities (:func:`draw_sheet`,
  :func:`write_sheet`), read coded sheets back with row-level checks (:func:`read_sheets`), fill a sheet from
  the demo corpus's planted truth (:func:`fill_sheet_from_truth`);
- :mod:`warsignals.validate.estimates`: the design-based supervised (DSL) estimator of Egami et al. (2023)
  for shares per period (:func:`corrected_rates`, :func:`corrected_stance_table`), the scorer's design-weighted
  precision, recall and F1 (:func:`validity`) and Krippendorff's alpha between coders (:func:`reliability`);
- :mod:`warsignals.validate.figures`: the tables of the figures ``corrected_rates`` and ``corrected_stance``
  (:func:`corrected_rates_table`, :func:`corrected_stance_table`);
- :mod:`warsignals.validate.simulate`: a synthetic corpus with known shares and a deliberately biased scorer,
  and the coverage study run by the tests and ``bench/validate_simulation.py``;
- :mod:`warsignals.validate.commands`: the ``warsignals sample`` and ``warsignals validate`` commands.
"""

from warsignals.lazy import lazy_exports

# names load on first use (PEP 562), so that building the CLI parser does not import scipy
_HOMES = {
    **dict.fromkeys(("corrected_rates", "corrected_stance_table", "dsl_means", "effective_probability", "reliability",
                     "validity", "weighted_report"), "warsignals.validate.estimates"),
    **dict.fromkeys(("corrected_rates_table",), "warsignals.validate.figures"),
    **dict.fromkeys(("CodedSheets", "combine_sheets", "draw_sheet", "fill_sheet_from_truth", "read_sheets",
                     "write_sheet"), "warsignals.validate.sheets"),
}


__getattr__, __dir__ = lazy_exports(__name__, _HOMES)


__all__ = [
    "CodedSheets",
    "combine_sheets",
    "corrected_rates",
    "corrected_rates_table",
    "corrected_stance_table",
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
