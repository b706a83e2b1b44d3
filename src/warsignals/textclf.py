"""The shared text classifier: TF-IDF word and character n-grams, lexicon features, a calibrated linear SVM.

:class:`TextClassifier` is the base of :class:`warsignals.signals.SignalClassifier` and
:class:`warsignals.stance.StanceClassifier`. It fixes one set of parameter names for what both build:

====================  ===================================================================================
``word_ngram_range``  word n-gram range of the word TF-IDF block (None: no word block)
``char_ngram_range``  character (``char_wb``) n-gram range (None: no character block)
``min_df``            minimum document frequency of an n-gram
``lexicon``           add the lexicon features (bool); each subclass names the file they come from
``C``                 inverse regularisation strength of the class-balanced linear SVM
``class_weight``      passed to :class:`~sklearn.svm.LinearSVC`
``calibration``       ``"sigmoid"`` or ``"isotonic"`` (:class:`~sklearn.calibration.CalibratedClassifierCV`)
``cv``                calibration folds (every class needs at least this many examples)
``random_state``      seed of the SVM and of the folds
====================  ===================================================================================

``fit`` fits exactly the model its parameters describe; it never chooses parameters and never drops the
calibration. Model selection is an explicit step (:func:`grid_search`, used by
:func:`warsignals.signals.select_signal_model` and :func:`warsignals.stance.select_stance_model`).

Examples
--------
>>> from warsignals.signals import SignalClassifier
>>> SignalClassifier(word_ngram_range=(1, 2), calibration="sigmoid").get_params()["C"]
1.0
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from warsignals.errors import ParameterError
from warsignals.fileio import SkopsType
from warsignals.modelfile import SKOPS_BASE_TYPES

CALIBRATIONS: tuple[str, ...] = ("sigmoid", "isotonic")
#: The (skops loader, type) pairs every saved :class:`TextClassifier` contains (TF-IDF, calibrated
#: :class:`~sklearn.svm.LinearSVC`); each subclass's allow-list adds its own to these.
TEXT_CLASSIFIER_TYPES: frozenset[SkopsType] = SKOPS_BASE_TYPES | {
    ("NdArrayNode", "numpy.float64"),
    ("ObjectNode", "sklearn.calibration.CalibratedClassifierCV"),
    ("ObjectNode", "sklearn.calibration._CalibratedClassifier"),
    ("ObjectNode", "sklearn.calibration._SigmoidCalibration"),
    ("ObjectNode", "sklearn.feature_extraction.text.TfidfTransformer"),
    ("ObjectNode", "sklearn.feature_extraction.text.TfidfVectorizer"),
    ("ObjectNode", "sklearn.svm._classes.LinearSVC"),
}


class TextEstimatorMixin:
    """Text input in the scikit-learn tags, and ``predict`` as the most probable class of ``predict_proba``."""

    def predict(self, X) -> np.ndarray:
        """The most probable class of each text."""
        check_is_fitted(self)
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # X is texts: a sequence, a one-column table or array of texts (two_d_array stays True: a (n, 1) array of
        # texts is accepted, and it is what lets scikit-learn's estimator checks run; the checks that feed numbers
        # are the documented expected failures of tests/test_signals_model.py and tests/test_stance.py)
        tags.input_tags.string = True
        return tags


class TextClassifier(TextEstimatorMixin, ClassifierMixin, BaseEstimator):
    """Base of the text classifiers: shared parameter checks, feature blocks, SVM, calibration and tags.

    Subclasses define ``__init__`` with (at least) the parameters of the module docstring's table,
    ``fit`` and ``predict_proba``; ``predict`` is the most probable class of ``predict_proba``.
    """

    #: Whether ``calibration=None`` (a softmax of the SVM decision values) is allowed.
    _allow_uncalibrated = False

    def _check_text_params(self) -> None:
        """Refuse invalid shared parameters with one line naming the parameter."""
        if isinstance(self.C, bool | str) or not isinstance(self.C, int | float) or not self.C > 0:
            raise ParameterError(f"C must be a positive number, not {self.C!r}")
        allowed = CALIBRATIONS + ((None,) if self._allow_uncalibrated else ())
        if self.calibration not in allowed:
            raise ParameterError(f"calibration must be one of {', '.join(map(repr, allowed))}, "
                                 f"not {self.calibration!r}")
        if self.calibration is not None and (isinstance(self.cv, bool) or not isinstance(self.cv, int | np.integer)
                                             or self.cv < 2):
            raise ParameterError(f"cv must be a whole number of at least 2, not {self.cv!r}")
        for name in ("word_ngram_range", "char_ngram_range"):
            value = getattr(self, name)
            if value is not None and (len(tuple(value)) != 2 or not 1 <= value[0] <= value[1]):
                raise ParameterError(f"{name} must be (low, high) with 1 <= low <= high, or None, not {value!r}")

    def _check_class_sizes(self, y: np.ndarray) -> None:
        """With calibration, every class needs ``cv`` examples: say so instead of changing the model."""
        if self.calibration is None:
            return
        smallest = int(np.unique(y, return_counts=True)[1].min())
        if smallest < int(self.cv):
            raise ParameterError(
                f"calibration with cv={self.cv} needs at least {int(self.cv)} examples of every class (the smallest "
                f"class has {smallest}); lower cv" + (" or pass calibration=None" if self._allow_uncalibrated else "")
            )

    def _tfidf_blocks(self, min_df: int, dtype=np.float64, word: Mapping | None = None,
                      char: Mapping | None = None) -> list[tuple[str, object]]:
        """The word and character TF-IDF vectorisers the parameters ask for (``word``/``char``: extra options)."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        blocks = []
        if self.word_ngram_range is not None:
            blocks.append(("word", TfidfVectorizer(ngram_range=tuple(self.word_ngram_range), min_df=min_df,
                                                   sublinear_tf=True, dtype=dtype, **dict(word or {}))))
        if self.char_ngram_range is not None:
            blocks.append(("char", TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(self.char_ngram_range),
                                                   min_df=min_df, sublinear_tf=True, dtype=dtype,
                                                   **dict(char or {}))))
        return blocks

    def _linear_svc(self):
        """The class-balanced linear SVM of ``C``, ``class_weight`` and ``random_state``."""
        from sklearn.svm import LinearSVC

        return LinearSVC(C=float(self.C), class_weight=self.class_weight, max_iter=5000,
                         random_state=self.random_state)

    def _calibrated_svc(self, splits):
        """The SVM calibrated by ``calibration`` over ``splits`` (a splitter or a list of folds)."""
        from sklearn.calibration import CalibratedClassifierCV

        return CalibratedClassifierCV(self._linear_svc(), method=self.calibration, cv=splits, ensemble=True)


def softmax_of_decisions(scores: np.ndarray) -> np.ndarray:
    """Probabilities from SVM decision values (a softmax; binary scores become ``[-s, s]``); not calibrated."""
    scores = np.column_stack([-scores, scores]) if scores.ndim == 1 else scores
    exp = np.exp(scores - scores.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)


def grid_search(
    make: Callable[..., ClassifierMixin],
    X,
    y: np.ndarray,
    splits: Sequence[tuple[np.ndarray, np.ndarray]],
    candidates: Sequence[Mapping],
    score: Callable[[np.ndarray, np.ndarray], float],
    take: Callable[[object, np.ndarray], object],
    base_params: Mapping | None = None,
    seed: int | None = None,
    score_name: str = "score",
) -> tuple[dict, pd.DataFrame]:
    """Choose parameters by cross-validation: every candidate fitted and scored on every fold.

    Parameters
    ----------
    make : callable
        ``make(**params)`` builds an unfitted estimator.
    X, y
        Training texts (anything ``take`` can index) and labels.
    splits : sequence of (train, test) index arrays
        The folds (grouped as the caller needs).
    candidates : sequence of dict
        Parameter sets tried (each beside ``base_params``).
    score : callable
        ``score(y_true, y_pred)``, larger is better.
    take : callable
        ``take(X, rows)``: the texts of ``rows``.
    base_params : dict, optional
        Parameters shared by all candidates.
    seed : int, optional
        Passed as ``random_state`` to every model.
    score_name : str
        Name of the mean-score column.

    Returns
    -------
    (dict, DataFrame)
        The best parameters (base + candidate; the first best on ties) and one row per candidate: ``params``
        (JSON), ``<score_name>`` (mean over folds), ``sd`` and ``folds`` (the per-fold values).

    Examples
    --------
    >>> best, table = grid_search(SignalClassifier, texts, labels, splits, [{"C": 0.1}, {"C": 1.0}],
    ...                           score, lambda X, rows: [X[i] for i in rows])  # doctest: +SKIP
    """
    if not candidates:
        raise ParameterError("model selection needs at least one candidate")
    extra = {} if seed is None else {"random_state": seed}
    rows = []
    for candidate in candidates:
        params = {**(base_params or {}), **candidate, **extra}
        scores = [score(y[test], make(**params).fit(take(X, train), y[train]).predict(take(X, test)))
                  for train, test in splits]
        rows.append({"params": json.dumps(dict(candidate), sort_keys=True), score_name: float(np.mean(scores)),
                     "sd": float(np.std(scores)), "folds": [round(float(v), 4) for v in scores]})
    table = pd.DataFrame(rows)
    best = json.loads(table.loc[table[score_name].idxmax(), "params"])
    return {**(base_params or {}), **best}, table
