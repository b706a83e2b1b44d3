"""The learned sentence classifier: lexicon features, :class:`SignalClassifier`, model selection, saving.

:class:`SignalClassifier` is a scikit-learn estimator (TF-IDF word and character n-grams plus lexicon
category features, calibrated class-balanced linear SVM); :func:`select_signal_model` chooses its parameters by
cross-validation grouped by story (:func:`warsignals.evaluate.story_groups`) on the training data only. Models
are saved and loaded with skops against an allow-list of types (:func:`save_model`, :func:`load_model`).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from warsignals import config
from warsignals.errors import InputError, ParameterError
from warsignals.fileio import SkopsType, dump_skops, load_skops
from warsignals.lexicon import Lexicon, load_lexicon, parse_lexicon
from warsignals.signals.scorer import _analyse_row, _groups, _in_context, _matches, _questions

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
    lexicon : str or None
        Path of the lexicon YAML (default lexicon when None). Its text is stored when fitting, so a saved
        model keeps the lexicon it was trained with.
    scale : float
        Multiplier of the features (their weight beside TF-IDF features).
    """

    def __init__(self, lexicon: str | None = None, scale: float = 1.0):
        self.lexicon = lexicon
        self.scale = scale

    def fit(self, X, y=None):
        """Store the lexicon text and the feature names."""
        lex = load_lexicon(self.lexicon)
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


_LEXICON_TEXT_CACHE: dict[str, Lexicon] = {}


def _lexicon_from_text(text: str) -> Lexicon:
    if text not in _LEXICON_TEXT_CACHE:
        _LEXICON_TEXT_CACHE[text] = parse_lexicon(text, source="<model lexicon>")
    return _LEXICON_TEXT_CACHE[text]


class SignalClassifier(ClassifierMixin, BaseEstimator):
    """Sentence classifier: TF-IDF word and character n-grams plus lexicon features, a class-balanced linear
    SVM with sigmoid-calibrated probabilities.

    ``fit`` fits exactly the model its parameters describe: it does no model selection. Choose ``C`` (or
    other parameters) with :func:`select_signal_model`, which cross-validates over story groups
    (:func:`warsignals.evaluate.story_groups`) on the training data only.

    Parameters
    ----------
    C : float
        Inverse regularisation strength of the SVM.
    cv : int
        Folds of the sigmoid calibration (every class needs at least this many training examples).
    word_ngrams, char_ngrams : tuple of int
        N-gram ranges of the word and character (``char_wb``) TF-IDF features; None drops the block.
    min_df : int
        Minimum document frequency of n-grams.
    lexicon : str or None
        Lexicon path for the lexicon features; ``use_lexicon=False`` drops them.
    use_lexicon : bool
        Whether to add the lexicon features.
    lexicon_scale : float
        Weight of the lexicon features.
    class_weight : str or None
        Passed to LinearSVC.
    calibrate : bool
        Sigmoid-calibrate the SVM (default). With False, ``predict_proba`` is a softmax of the decision values
        (not calibrated); there is no silent fallback from one to the other.
    random_state : int
        Seed of the SVM and of the calibration split.
    """

    def __init__(
        self,
        C: float = 1.0,
        cv: int = 3,
        word_ngrams=(1, 2),
        char_ngrams=(2, 5),
        min_df: int = 1,
        lexicon: str | None = None,
        use_lexicon: bool = True,
        lexicon_scale: float = 0.5,
        class_weight="balanced",
        calibrate: bool = True,
        random_state: int = config.DEFAULT_SEED,
    ):
        self.C = C
        self.cv = cv
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.lexicon = lexicon
        self.use_lexicon = use_lexicon
        self.lexicon_scale = lexicon_scale
        self.class_weight = class_weight
        self.calibrate = calibrate
        self.random_state = random_state

    def _features(self):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import FeatureUnion

        blocks = []
        if self.word_ngrams:
            blocks.append(("word", TfidfVectorizer(ngram_range=tuple(self.word_ngrams), min_df=self.min_df,
                                                   sublinear_tf=True, lowercase=True)))
        if self.char_ngrams:
            blocks.append(("char", TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(self.char_ngrams),
                                                   min_df=self.min_df, sublinear_tf=True, lowercase=True)))
        if self.use_lexicon:
            blocks.append(("lexicon", LexiconFeatures(lexicon=self.lexicon, scale=self.lexicon_scale)))
        if not blocks:
            raise ParameterError("SignalClassifier needs at least one feature block")
        return FeatureUnion(blocks)

    def _svc(self, c: float):
        from sklearn.svm import LinearSVC

        return LinearSVC(C=c, class_weight=self.class_weight, max_iter=5000, random_state=self.random_state)

    def fit(self, X, y):
        """Fit on texts ``X`` and labels ``y``; returns self.

        Raises
        ------
        ParameterError
            When ``C`` is not a positive number, texts and labels differ in length, there are fewer than two
            classes, or (with ``calibrate``) a class has fewer than ``cv`` examples.
        """
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.model_selection import StratifiedKFold

        if isinstance(self.C, (bool, str)) or not isinstance(self.C, (int, float)) or not self.C > 0:
            raise ParameterError(f"C must be a positive number, not {self.C!r} (choose it with select_signal_model)")
        texts = _texts(X)
        y = np.asarray(list(y))
        if len(texts) != len(y):
            raise ParameterError(f"{len(texts)} texts but {len(y)} labels")
        if len(np.unique(y)) < 2:
            raise ParameterError("need at least two classes to train")
        self.features_ = self._features().fit(texts, y)
        matrix = self.features_.transform(texts)
        if self.calibrate:
            smallest = int(np.unique(y, return_counts=True)[1].min())
            if int(self.cv) < 2 or smallest < int(self.cv):
                raise ParameterError(
                    f"calibration with cv={self.cv} needs at least {max(2, int(self.cv))} examples of every class "
                    f"(the smallest class has {smallest}); lower cv or pass calibrate=False"
                )
            splitter = StratifiedKFold(int(self.cv), shuffle=True, random_state=self.random_state)
            self.model_ = CalibratedClassifierCV(self._svc(float(self.C)), cv=splitter, method="sigmoid")
        else:
            self.model_ = self._svc(float(self.C))
        self.model_.fit(matrix, y)
        self.classes_ = self.model_.classes_
        return self

    def predict_proba(self, X):
        """Class probabilities (columns in ``classes_`` order): sigmoid-calibrated, or with
        ``calibrate=False`` a softmax of the SVM decision values."""
        check_is_fitted(self, "model_")
        matrix = self.features_.transform(_texts(X))
        if hasattr(self.model_, "predict_proba"):
            return self.model_.predict_proba(matrix)
        scores = self.model_.decision_function(matrix)
        scores = np.column_stack([-scores, scores]) if scores.ndim == 1 else scores
        exp = np.exp(scores - scores.max(axis=1, keepdims=True))
        return exp / exp.sum(axis=1, keepdims=True)

    def predict(self, X):
        """Predicted labels."""
        check_is_fitted(self, "model_")
        return self.model_.predict(self.features_.transform(_texts(X)))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        return tags


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
    if not candidates:
        raise ParameterError("select_signal_model needs at least one candidate")
    rows = []
    for candidate in candidates:
        params = {**(base_params or {}), **candidate, "random_state": seed}
        scores = []
        for train, test in splits:
            model = SignalClassifier(**params).fit([texts[i] for i in train], labels[train])
            scores.append(f1_score(labels[test], model.predict([texts[i] for i in test]), average="macro"))
        rows.append({"params": json.dumps(candidate, sort_keys=True), "macro_f1": float(np.mean(scores)),
                     "sd": float(np.std(scores)), "folds": [round(float(v), 4) for v in scores]})
    table = pd.DataFrame(rows)
    best = json.loads(table.loc[table["macro_f1"].idxmax(), "params"])
    return {**(base_params or {}), **best}, table


# --------------------------------------------------------------------------------------------------------
# Safe saving and loading
# --------------------------------------------------------------------------------------------------------
MODEL_FILE = "model.skops"
META_FILE = "meta.json"
#: Exactly the (skops loader, type) pairs a saved :class:`SignalClassifier` contains, in every configuration
#: (``tests/test_model_security.py`` checks that fitted models contain exactly these); nothing else loads.
MODEL_TYPES: frozenset[SkopsType] = frozenset({
    ("DictNode", "builtins.dict"),
    ("JsonNode", "builtins.str"),
    ("ListNode", "builtins.list"),
    ("TupleNode", "builtins.tuple"),
    ("TypeNode", "builtins.str"),
    ("NdArrayNode", "numpy.ndarray"),
    ("NdArrayNode", "numpy.float64"),
    ("ObjectNode", "sklearn.calibration.CalibratedClassifierCV"),
    ("ObjectNode", "sklearn.calibration._CalibratedClassifier"),
    ("ObjectNode", "sklearn.calibration._SigmoidCalibration"),
    ("ObjectNode", "sklearn.feature_extraction.text.TfidfTransformer"),
    ("ObjectNode", "sklearn.feature_extraction.text.TfidfVectorizer"),
    ("ObjectNode", "sklearn.svm._classes.LinearSVC"),
    ("TypeNode", "numpy.float64"),
    ("ObjectNode", "sklearn.pipeline.FeatureUnion"),
    ("ObjectNode", "warsignals.signals.LexiconFeatures"),
    ("ObjectNode", "warsignals.signals.SignalClassifier"),
    ("ObjectNode", "sklearn.model_selection._split.StratifiedKFold"),
})


def save_model(model: SignalClassifier, model_dir: str | Path, meta: dict | None = None) -> Path:
    """Save a fitted classifier to ``model_dir/model.skops`` with ``meta.json`` (no pickle).

    Returns
    -------
    Path
        The model directory.
    """
    check_is_fitted(model, "model_")
    model_dir = Path(model_dir)
    model_dir.mkdir(parents=True, exist_ok=True)
    dump_skops(model, model_dir / MODEL_FILE)
    params = {k: (list(v) if isinstance(v, tuple) else v) for k, v in model.get_params().items()}
    info = {"format": "skops", "class": "warsignals.signals.SignalClassifier",
            "classes": [str(c) for c in model.classes_], "C": float(model.C), "params": params}
    info.update(meta or {})
    (model_dir / META_FILE).write_text(json.dumps(info, indent=2, default=str) + "\n", encoding="utf-8")
    return model_dir


def load_model(model_dir: str | Path) -> SignalClassifier:
    """Load a classifier saved by :func:`save_model`; the file may hold only the pairs of :data:`MODEL_TYPES`.

    Raises
    ------
    InputError
        When the directory has no model, or the file holds a type outside :data:`MODEL_TYPES` or any callable
        (checked before anything in the file is built).
    """
    path = Path(model_dir) / MODEL_FILE if Path(model_dir).is_dir() else Path(model_dir)
    if not path.is_file():
        raise InputError(f"{model_dir}: no {MODEL_FILE} here (train one with `warsignals train signals`)")
    return load_skops(path, SignalClassifier, MODEL_TYPES)


