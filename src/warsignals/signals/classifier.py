"""The learned sentence classifier: lexicon features, :class:`SignalClassifier`, model selection, saving.

:class:`SignalClassifier` is a scikit-learn estimator (TF-IDF word and character n-grams plus lexicon
category features, calibrated class-balanced linear SVM); :func:`select_signal_model` chooses its parameters by
cross-validation grouped by story (:func:`warsignals.evaluate.story_groups`) on the training data only. Models
are saved and loaded with skops against an allow-list of types (:func:`save_model`, :func:`load_model`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from warsignals import config
from warsignals.errors import ParameterError
from warsignals.fileio import SkopsType
from warsignals.lexicon import Lexicon, load_lexicon, parse_lexicon
from warsignals.signals.scorer import _analyse_row, _groups, _in_context, _matches, _questions
from warsignals.textclf import TEXT_CLASSIFIER_TYPES, TextClassifier, grid_search, softmax_of_decisions

PENTA_TO_SIGNAL3 = {
    "statement": "neutral",
    "verbal_cooperation": "cooperation",
    "material_cooperation": "cooperation",
    "verbal_conflict": "conflict",
    "material_conflict": "conflict",
}


def lexicon_signal3(penta_class) -> pd.Series:
    """The three-way conflict / cooperation / neutral reading of PentaClass labels."""
    return pd.Series(penta_class).map(PENTA_TO_SIGNAL3)


def _texts(X) -> list[str]:
    if isinstance(X, pd.DataFrame):
        if X.shape[1] != 1:
            raise ParameterError("pass a single text column (Series or list of strings), not a multi-column table")
        X = X.iloc[:, 0]
    if isinstance(X, np.ndarray) and X.ndim == 2:
        if X.shape[1] != 1:
            raise ParameterError("expected one text per row")
        X = X[:, 0]
    if isinstance(X, str):
        raise ParameterError("expected a sequence of texts, not a single string")
    return ["" if t is None or (isinstance(t, float) and np.isnan(t)) else str(t) for t in X]


class LexiconFeatures(TransformerMixin, BaseEstimator):
    """Lexicon cue features of texts: per category weighted cue scores (negation and modality applied),
    negated escalation/negotiation cue counts, hedges, question and conditional flags.

    Parameters
    ----------
    lexicon_file : str or None
        Path of the lexicon YAML (default lexicon when None). Its text is stored when fitting, so a saved
        model keeps the lexicon it was trained with.
    scale : float
        Multiplier of the features (their weight beside TF-IDF features).
    """

    def __init__(self, lexicon_file: str | None = None, scale: float = 1.0):
        self.lexicon_file = lexicon_file
        self.scale = scale

    def fit(self, X, y=None):
        """Store the lexicon text and the feature names."""
        lex = load_lexicon(self.lexicon_file)
        self.lexicon_yaml_ = lex.text
        names = [f"cat_{c}" for c in lex.categories]
        self.feature_names_ = np.array(
            names + ["negated_escalation", "negated_negotiation", "hedges", "question", "conditional"], dtype=object
        )
        self.n_features_out_ = len(self.feature_names_)
        return self

    def get_feature_names_out(self, input_features=None):
        """Names of the output features."""
        check_is_fitted(self, "feature_names_")
        return self.feature_names_.copy()

    def transform(self, X):
        """Feature matrix (n_texts, n_features) as float."""
        check_is_fitted(self, "lexicon_yaml_")
        lex = _lexicon_from_text(self.lexicon_yaml_)
        texts = _texts(X)
        matches = _matches(texts, lex, None)
        grouped = _groups(matches)
        cue_matches = matches[matches["kind"] == "cue"] if not matches.empty else matches
        contexts = _in_context(texts, cue_matches, lex)
        excluded = _in_context(texts, cue_matches, lex, unless=True)
        questions = _questions(texts)
        index = {c: i for i, c in enumerate(lex.categories)}
        k = len(index)
        out = np.zeros((len(texts), k + 5))
        out[:, k + 3] = questions
        for row, hits in grouped.items():
            analysis = _analyse_row(texts[row], hits, lex, bool(questions[row]), contexts.get(row, frozenset()),
                                    excluded.get(row, frozenset()))
            for cue in analysis["cues"]:
                if cue["negated"]:
                    if cue["family"] == "escalation":
                        out[row, k] += 1
                    elif cue["family"] == "negotiation":
                        out[row, k + 1] += 1
                else:
                    out[row, index[cue["category"]]] += cue["weight"]
                out[row, k + 4] += cue["modality"] == "conditional"
            out[row, k + 2] = len(analysis["hedges"])
        return out * self.scale


@lru_cache(maxsize=16)
def _lexicon_from_text(text: str) -> Lexicon:
    return parse_lexicon(text, source="<model lexicon>")


class SignalClassifier(TextClassifier):
    """Sentence classifier: TF-IDF word and character n-grams plus lexicon features, a class-balanced linear
    SVM with sigmoid-calibrated probabilities (the shared :class:`warsignals.textclf.TextClassifier`).

    ``fit`` fits exactly the model its parameters describe: it does no model selection and never drops the
    calibration (too few examples of a class for ``cv`` folds is an error). Choose ``C`` (or other
    parameters) with :func:`select_signal_model`, which cross-validates over story groups
    (:func:`warsignals.evaluate.story_groups`) on the training data only.

    Parameters
    ----------
    C : float
        Inverse regularisation strength of the SVM.
    word_ngram_range, char_ngram_range : tuple of int or None
        N-gram ranges of the word and character (``char_wb``) TF-IDF features; None drops the block.
    min_df : int
        Minimum document frequency of n-grams.
    lexicon : bool
        Add the lexicon features (:class:`LexiconFeatures`).
    lexicon_file : str or None
        The cue lexicon YAML of those features (default ``data/lexicons/cues.yaml``); its text is kept in the
        fitted model.
    lexicon_scale : float
        Weight of the lexicon features.
    class_weight : str or None
        Passed to LinearSVC.
    calibration : {"sigmoid", "isotonic", None}
        Calibration of the SVM's probabilities; None: ``predict_proba`` is a softmax of the decision values
        (not calibrated), asked for explicitly.
    cv : int
        Folds of the calibration (every class needs at least this many training examples).
    random_state : int
        Seed of the SVM and of the calibration split.
    class_thresholds : dict or None
        Per-class probability thresholds of ``predict`` (``{"escalation": 0.3, "negotiation": 0.35}``): a text
        gets the most probable of the thresholded classes whose probability reaches its threshold, otherwise the
        most probable of the other classes. None: the most probable class. Choose them on out-of-fold
        predictions with :func:`select_signal_thresholds`; ``fit`` never changes them.

    Examples
    --------
    >>> model = SignalClassifier(C=1.0, cv=2).fit(texts, labels)  # doctest: +SKIP
    >>> model.predict(["Russia is ready for talks."])  # doctest: +SKIP
    """

    _allow_uncalibrated = True

    def __init__(
        self,
        C: float = 1.0,
        word_ngram_range: tuple[int, int] | None = (1, 2),
        char_ngram_range: tuple[int, int] | None = (2, 5),
        min_df: int = 1,
        lexicon: bool = True,
        lexicon_file: str | None = None,
        lexicon_scale: float = 0.5,
        class_weight="balanced",
        calibration: str | None = "sigmoid",
        cv: int = 3,
        random_state: int = config.DEFAULT_SEED,
        class_thresholds: dict[str, float] | None = None,
    ):
        self.C = C
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.min_df = min_df
        self.lexicon = lexicon
        self.lexicon_file = lexicon_file
        self.lexicon_scale = lexicon_scale
        self.class_weight = class_weight
        self.calibration = calibration
        self.cv = cv
        self.random_state = random_state
        self.class_thresholds = class_thresholds

    def _features(self):
        from sklearn.pipeline import FeatureUnion

        blocks = self._tfidf_blocks(self.min_df, word={"lowercase": True}, char={"lowercase": True})
        if self.lexicon:
            blocks.append(("lexicon", LexiconFeatures(lexicon_file=self.lexicon_file, scale=self.lexicon_scale)))
        if not blocks:
            raise ParameterError("SignalClassifier needs at least one feature block")
        return FeatureUnion(blocks)

    def fit(self, X, y):
        """Fit on texts ``X`` and labels ``y``; returns self.

        Raises
        ------
        ParameterError
            When a parameter is invalid (``C`` not a positive number, ...), texts and labels differ in length,
            there are fewer than two classes, or (with a calibration) a class has fewer than ``cv`` examples.
        """
        from sklearn.model_selection import StratifiedKFold

        self._check_text_params()
        self._check_thresholds()
        texts = _texts(X)
        y = np.asarray(list(y))
        if len(texts) != len(y):
            raise ParameterError(f"{len(texts)} texts but {len(y)} labels")
        if len(np.unique(y)) < 2:
            raise ParameterError("need at least two classes to train")
        self._check_class_sizes(y)
        self.features_ = self._features().fit(texts, y)
        matrix = self.features_.transform(texts)
        if self.calibration is not None:
            splitter = StratifiedKFold(int(self.cv), shuffle=True, random_state=self.random_state)
            self.model_ = self._calibrated_svc(splitter)
        else:
            self.model_ = self._linear_svc()
        self.model_.fit(matrix, y)
        self.classes_ = self.model_.classes_
        unknown = sorted(set(self.class_thresholds or {}) - set(map(str, self.classes_)))
        if unknown:
            raise ParameterError(f"class_thresholds name classes not in the labels: {', '.join(unknown)}")
        return self

    def _check_thresholds(self) -> None:
        if self.class_thresholds is None:
            return
        if not isinstance(self.class_thresholds, dict):
            raise ParameterError(f"class_thresholds must be a dict of class -> probability, not "
                                 f"{self.class_thresholds!r}")
        for label, value in self.class_thresholds.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
                raise ParameterError(f"class_thresholds[{label!r}] must be a probability in [0, 1], not {value!r}")

    def predict(self, X) -> np.ndarray:
        """The predicted class of each text: the most probable one, or with ``class_thresholds`` the most
        probable thresholded class that reaches its threshold, else the most probable other class."""
        check_is_fitted(self, "model_")
        proba = self.predict_proba(X)
        # a model saved before class_thresholds existed has no such attribute: the most probable class
        return self.classes_[decide_with_thresholds(proba, self.classes_, getattr(self, "class_thresholds", None))]

    def predict_proba(self, X):
        """Class probabilities (columns in ``classes_`` order): calibrated, or with ``calibration=None`` a
        softmax of the SVM decision values."""
        check_is_fitted(self, "model_")
        matrix = self.features_.transform(_texts(X))
        if hasattr(self.model_, "predict_proba"):
            return self.model_.predict_proba(matrix)
        return softmax_of_decisions(self.model_.decision_function(matrix))


def decide_with_thresholds(proba: np.ndarray, classes, thresholds: dict | None) -> np.ndarray:
    """Column index of the decision for each row of ``proba`` (see ``SignalClassifier.class_thresholds``)."""
    if not thresholds:
        return np.argmax(proba, axis=1)
    names = [str(c) for c in classes]
    gated = np.array([n in thresholds for n in names])
    limit = np.array([float(thresholds.get(n, 0.0)) for n in names])
    passing = np.where(gated & (proba >= limit), proba, -1.0)
    rest = np.where(gated, -1.0, proba) if (~gated).any() else proba
    return np.where(passing.max(axis=1) >= 0, passing.argmax(axis=1), rest.argmax(axis=1))


def select_signal_thresholds(
    X,
    y,
    classes,
    groups,
    params: dict | None = None,
    cv: int = 3,
    seed: int = config.DEFAULT_SEED,
    grid=None,
) -> tuple[dict[str, float], pd.DataFrame]:
    """Per-class probability thresholds of a :class:`SignalClassifier`, chosen on grouped out-of-fold predictions.

    The training data are split into ``cv`` folds keeping each group (e.g. a document) on one side; the model of
    ``params`` is fitted on the other folds and predicts each fold. For each class of ``classes`` the threshold
    (from ``grid``) with the best F1 of "probability >= threshold" on these out-of-fold probabilities is kept.

    Parameters
    ----------
    X, y
        Training texts and labels (training data only).
    classes : sequence of str
        The classes to threshold (e.g. ``["escalation", "negotiation"]``); the others are the fallback.
    groups : array-like
        Group of each text (document ids).
    params : dict, optional
        :class:`SignalClassifier` parameters.
    cv : int
        Folds.
    seed : int
        Seed of the folds and the models.
    grid : sequence of float, optional
        Candidate thresholds (default 0.05, 0.10, ..., 0.95).

    Returns
    -------
    (dict, DataFrame)
        ``{class: threshold}`` and one row per class: ``class``, ``threshold``, ``oof_f1``, ``oof_precision``,
        ``oof_recall``.

    Examples
    --------
    >>> thresholds, table = select_signal_thresholds(texts, labels, ["escalation"], doc_ids)  # doctest: +SKIP
    """
    from warsignals.evaluate import grouped_splits

    texts = _texts(X)
    labels = np.asarray(pd.Series(list(y), dtype=object).astype(str))
    groups = np.asarray(groups)
    if not len(texts) == len(labels) == len(groups):
        raise ParameterError(f"{len(texts)} texts, {len(labels)} labels and {len(groups)} groups")
    missing = sorted(set(classes) - set(labels))
    if missing:
        raise ParameterError(f"no training example of {', '.join(missing)} to choose a threshold for")
    grid = np.round(np.arange(0.05, 0.96, 0.05), 2) if grid is None else np.asarray(grid, dtype=float)
    params = {**(params or {}), "random_state": seed, "class_thresholds": None}
    oof = np.zeros((len(texts), len(classes)))
    for train, test in grouped_splits(labels, groups, cv, seed):
        model = SignalClassifier(**params).fit([texts[i] for i in train], labels[train])
        proba = model.predict_proba([texts[i] for i in test])
        names = list(map(str, model.classes_))
        for k, c in enumerate(classes):
            oof[test, k] = proba[:, names.index(c)] if c in names else 0.0
    chosen, rows = {}, []
    for k, c in enumerate(classes):
        truth = labels == c
        best = None
        for t in grid:
            pred = oof[:, k] >= t
            tp = float((truth & pred).sum())
            f1 = 2 * tp / (truth.sum() + pred.sum()) if truth.sum() + pred.sum() else 0.0
            if best is None or f1 > best[1]:
                best = (float(t), f1, tp / pred.sum() if pred.sum() else 0.0, tp / truth.sum())
        chosen[c] = best[0]
        rows.append({"class": c, "threshold": best[0], "oof_f1": best[1], "oof_precision": best[2],
                     "oof_recall": best[3]})
    return chosen, pd.DataFrame(rows)


DEFAULT_CS: tuple[float, ...] = (0.1, 0.3, 1.0, 3.0, 10.0)


def select_signal_model(
    X,
    y,
    grid=None,
    groups=None,
    cv: int = 5,
    base_params: dict | None = None,
    seed: int = config.DEFAULT_SEED,
) -> tuple[dict, pd.DataFrame]:
    """Choose :class:`SignalClassifier` parameters by grouped cross-validation on training data only.

    The folds keep every story group (:func:`warsignals.evaluate.story_groups`, computed from the texts when
    ``groups`` is None) on one side, so that a candidate is not rewarded for memorising the phrasing of the
    batch a validation sentence came from.

    Parameters
    ----------
    X, y
        Training texts and labels.
    grid : sequence of dict, optional
        Candidate parameter sets (default: ``{"C": c}`` for ``c`` in :data:`DEFAULT_CS`).
    groups : array-like, optional
        Group of each text; default :func:`warsignals.evaluate.story_groups` of the texts.
    cv : int
        Folds (stratified by label, grouped).
    base_params : dict, optional
        Parameters shared by all candidates.
    seed : int
        Seed of the folds and of the models.

    Returns
    -------
    (dict, DataFrame)
        The best parameters (base + candidate) and one row per candidate: ``params`` (JSON), ``macro_f1``
        (mean over folds), ``sd`` and ``folds`` (the per-fold values).
    """
    from sklearn.metrics import f1_score

    from warsignals.evaluate import grouped_splits, story_groups

    texts = _texts(X)
    labels = np.asarray(pd.Series(list(y), dtype=object).astype(str))
    if len(texts) != len(labels):
        raise ParameterError(f"{len(texts)} texts but {len(labels)} labels")
    groups = story_groups(texts, seed=seed) if groups is None else np.asarray(groups)
    splits = grouped_splits(labels, groups, cv, seed)
    candidates = list(grid) if grid is not None else [{"C": c} for c in DEFAULT_CS]
    return grid_search(SignalClassifier, texts, labels, splits, candidates,
                       lambda truth, predicted: f1_score(truth, predicted, average="macro"),
                       lambda items, rows: [items[i] for i in rows], base_params, seed, "macro_f1")


# --------------------------------------------------------------------------------------------------------
# Safe saving and loading
# --------------------------------------------------------------------------------------------------------
#: Exactly the (skops loader, type) pairs a saved :class:`SignalClassifier` contains, in every configuration
#: (``tests/test_model_security.py`` checks that fitted models contain exactly these); nothing else loads.
MODEL_TYPES: frozenset[SkopsType] = TEXT_CLASSIFIER_TYPES | {
    ("TypeNode", "numpy.float64"),
    ("ObjectNode", "sklearn.pipeline.FeatureUnion"),
    ("ObjectNode", "warsignals.signals.classifier.LexiconFeatures"),
    ("ObjectNode", "warsignals.signals.classifier.SignalClassifier"),
    ("ObjectNode", "sklearn.model_selection._split.StratifiedKFold"),
}


def save_model(model: SignalClassifier, model_dir: str | Path, meta: dict | None = None) -> Path:
    """Save a fitted classifier in the model format of :mod:`warsignals.modelfile` (no pickle).

    Parameters
    ----------
    model : SignalClassifier
        Fitted.
    model_dir : str or Path
        The model directory (``model.skops`` and ``model.json``: format, version, checksum, classes, parameters
        and ``meta``).
    meta : dict, optional
        Added to ``model.json`` (training data, cross-validation scores).

    Returns
    -------
    Path
        The model directory.

    Examples
    --------
    >>> save_model(SignalClassifier(cv=2).fit(texts, labels), "models/signals")  # doctest: +SKIP
    """
    from warsignals.modelfile import save_model_dir

    if not isinstance(model, SignalClassifier):
        raise ParameterError(f"save_model saves a SignalClassifier, not a {type(model).__name__}")
    check_is_fitted(model, "model_")
    params = {k: (list(v) if isinstance(v, tuple) else v) for k, v in model.get_params().items()}
    return save_model_dir(model, model_dir, {"params": params, **(meta or {})})


def load_model(model_dir: str | Path) -> SignalClassifier:
    """Load a classifier saved by :func:`save_model`; the file may hold only the pairs of :data:`MODEL_TYPES`.

    Raises
    ------
    InputError
        When the directory holds no signal model (or one of the old layout: retrain it), its checksum does not
        match, or the file holds a type outside :data:`MODEL_TYPES` or any callable (checked before anything in
        the file is built).

    Examples
    --------
    >>> load_model("models/signals").predict(["Russia is ready for talks."])  # doctest: +SKIP
    """
    from warsignals.modelfile import load_model_dir

    return load_model_dir(model_dir, ("SignalClassifier",), "signal model")
