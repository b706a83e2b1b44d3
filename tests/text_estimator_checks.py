"""The scikit-learn estimator checks a text classifier cannot pass, and why (``expected_failed_checks``).

The text classifiers (:mod:`warsignals.textclf`) take one column of texts. scikit-learn's checks mostly feed
numeric matrices of several columns (or sparse matrices, or 1-D numbers), which the classifiers refuse with a
one-line ``ParameterError`` instead of learning from numbers; every check below fails for that reason alone.
The checks that do not depend on the input (construction, ``get_params``/``set_params``, cloning, ``repr``,
tags, unfitted behaviour, ...) run and must pass.
"""

from __future__ import annotations

REASON = "text input: the check fits on a numeric matrix, which a text classifier refuses (one column of texts)"
NUMERIC_INPUT_CHECKS: tuple[str, ...] = (
    "check_class_weight_classifiers", "check_classifier_data_not_an_array", "check_classifiers_classes",
    "check_classifiers_one_label", "check_classifiers_regression_target", "check_classifiers_train",
    "check_dict_unchanged", "check_dont_overwrite_parameters", "check_dtype_object", "check_estimator_sparse_array",
    "check_estimator_sparse_matrix", "check_estimator_sparse_tag", "check_estimators_dtypes",
    "check_estimators_empty_data_messages", "check_estimators_fit_returns_self", "check_estimators_nan_inf",
    "check_estimators_overwrite_params", "check_estimators_pickle", "check_f_contiguous_array_estimator",
    "check_fit1d", "check_fit2d_1sample", "check_fit2d_predict1d", "check_fit_check_is_fitted",
    "check_fit_idempotent", "check_fit_score_takes_y", "check_methods_sample_order_invariance",
    "check_methods_subset_invariance", "check_n_features_in", "check_n_features_in_after_fitting",
    "check_pipeline_consistency", "check_positive_only_tag_during_fit", "check_readonly_memmap_input",
    "check_requires_y_none", "check_supervised_y_2d", "check_supervised_y_no_nan",
)


#: The stance classifier reads the first column of a matrix as its texts (each value as its string), so these
#: checks pass for it, and a complex matrix is read as text instead of being refused.
STANCE_READS_NUMBERS_AS_TEXT: tuple[str, ...] = (
    "check_dict_unchanged", "check_dont_overwrite_parameters", "check_dtype_object", "check_estimators_dtypes",
    "check_estimators_fit_returns_self", "check_estimators_overwrite_params", "check_f_contiguous_array_estimator",
    "check_fit_check_is_fitted", "check_positive_only_tag_during_fit", "check_readonly_memmap_input",
)


def text_input_failures(estimator) -> dict[str, str]:
    """``expected_failed_checks`` of :func:`sklearn.utils.estimator_checks.parametrize_with_checks`."""
    failures = dict.fromkeys(NUMERIC_INPUT_CHECKS, REASON)
    if type(estimator).__name__ == "StanceClassifier":
        for name in STANCE_READS_NUMBERS_AS_TEXT:
            del failures[name]
        failures["check_complex_data"] = "text input: every value of the text column is read as its string"
    return failures
