"""Sentence-level escalation and negotiation signals: the lexicon scorer, the learned classifier, audits.

:func:`score_sentences` (the lexicon scorer, defined in :mod:`warsignals.scorer` and re-exported here) matches
the cue lexicon over all sentences in one regex pass (:class:`warsignals.matcher.Matcher`), then, only for
sentences holding a cue, matches hedges, negation, modality, clause and reported-speech cues and actor
aliases, applies negation and modality scopes and attributes each cue to its actor
(:mod:`warsignals.actors`). It adds the columns ``escalation, negotiation`` (weighted cue scores),
``penta_class``, ``signal`` (escalation, negotiation, mixed, none), ``category`` (the strongest cue's
category), ``actor``, ``hedged``, ``negated`` and ``cues`` (list of dicts with sentence offsets).

:class:`SignalClassifier` is a scikit-learn estimator (TF-IDF word and character n-grams plus lexicon
category features, calibrated class-balanced linear SVM); :func:`select_signal_model` chooses its parameters by
cross-validation grouped by story (:func:`warsignals.evaluate.story_groups`) on the training data only. Models
are saved and loaded with skops against an allow-list of types (:func:`save_model`, :func:`load_model`).

:func:`signal_rates` aggregates scored sentences per period (and actor) with document bootstrap CIs;
:func:`audit_sample` and :func:`agreement` support human validation.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from warsignals import config
from warsignals.actors import load_actors
from warsignals.errors import InputError, ParameterError
from warsignals.fileio import SkopsType, dump_skops, load_skops
from warsignals.lexicon import (
    Lexicon,
    load_lexicon,
    parse_lexicon,
)
from warsignals.scorer import (  # noqa: F401  (re-exported: the scorer's public names and shared helpers)
    AGENT_CATEGORIES,
    CONTEXT_KINDS,
    CUE_KINDS,
    SIGNAL_COLUMNS,
    SIGNALS,
    _analyse_row,
    _as_lexicon,
    _groups,
    _in_context,
    _matches,
    _questions,
    score_sentences,
)

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


# --------------------------------------------------------------------------------------------------------
# Lexicon features and the learned classifier
# --------------------------------------------------------------------------------------------------------
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


# --------------------------------------------------------------------------------------------------------
# Over time, audit and agreement
# --------------------------------------------------------------------------------------------------------
def signal_indicators(scored: pd.DataFrame, actors: list[str] | None = None, group_actors: bool = True) -> pd.DataFrame:
    """Per-sentence 0/1 indicator columns for aggregation.

    Adds ``is_escalation``, ``is_negotiation`` (mixed counts for both), ``net`` (negotiation minus
    escalation), ``hedged_negotiation``, ``is_<category>`` per category seen, and per actor (or actor group
    when ``group_actors``) ``escalation_<A>`` / ``negotiation_<A>``.
    """
    out = scored.copy()
    out["is_escalation"] = out["signal"].isin(["escalation", "mixed"]).astype(float)
    out["is_negotiation"] = out["signal"].isin(["negotiation", "mixed"]).astype(float)
    out["net"] = out["is_negotiation"] - out["is_escalation"]
    out["hedged_negotiation"] = (out["is_negotiation"].astype(bool) & out["hedged"]).astype(float)
    for cat in sorted(c for c in out["category"].unique() if c):
        out[f"is_{cat}"] = (out["category"] == cat).astype(float)
    table = load_actors()
    who = out["actor"].map(table.group) if group_actors else out["actor"]
    keys = actors if actors else sorted(k for k in who.unique() if k)
    for key in keys:
        out[f"escalation_{key}"] = (out["is_escalation"].astype(bool) & (who == key)).astype(float)
        out[f"negotiation_{key}"] = (out["is_negotiation"].astype(bool) & (who == key)).astype(float)
    return out


def signal_rates(
    scored: pd.DataFrame,
    freq: str = "month",
    by: list[str] | None = None,
    actors: list[str] | None = None,
    n_boot: int = config.BOOTSTRAP_REPLICATES,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
    min_sentences: int = 1,
) -> dict[str, pd.DataFrame]:
    """Signals per 1,000 sentences per period, with document-bootstrap confidence intervals.

    Parameters
    ----------
    scored : DataFrame
        Output of :func:`score_sentences` with ``date`` and ``doc_id`` columns.
    freq : str
        Period length (``week, month, quarter, year``), or a column of ``scored`` whose values name the
        period (e.g. ``session``; see :func:`warsignals.timeseries.period_column`): the tables then carry a
        ``period_name`` column and ``period`` is the named period's first day.
    by : list of str, optional
        Extra grouping columns (e.g. ``["source"]``).
    actors : list of str, optional
        Actor groups for the by-actor table (default: every group seen).
    n_boot, confidence, seed : bootstrap settings.
    min_sentences : int
        Periods with fewer sentences get NaN values.

    Returns
    -------
    dict of DataFrame
        ``overall`` (series escalation, negotiation, net per 1,000 sentences), ``by_actor`` (series
        ``escalation_<A>``/``negotiation_<A>`` plus ``actor`` and ``signal`` columns), ``hedged``
        (share of negotiation signals that are hedged), ``categories`` (per category per 1,000 sentences);
        each with ``period, series, value, lo, hi, n_docs, n_units``.
    """
    from warsignals.timeseries import bootstrap_ratio, period_column, period_names

    if "date" not in scored.columns:
        raise ParameterError("scored sentences need a 'date' column to aggregate over time")
    frame = signal_indicators(scored, actors=actors)
    frame["period"] = period_column(frame, freq)
    if "doc_id" not in frame.columns:
        frame["doc_id"] = np.arange(len(frame))
    groups = ["period"] + list(by or [])
    common = dict(by=groups, cluster="doc_id", n_boot=n_boot, confidence=confidence, seed=seed)
    overall = bootstrap_ratio(frame, ["is_escalation", "is_negotiation", "net"], scale=1000.0,
                              min_units=min_sentences, **common)
    overall["series"] = overall["series"].map({"is_escalation": "escalation", "is_negotiation": "negotiation",
                                               "net": "net"})
    actor_cols = [c for c in frame.columns if c.startswith(("escalation_", "negotiation_"))]
    by_actor = (bootstrap_ratio(frame, actor_cols, scale=1000.0, min_units=min_sentences, **common)
                if actor_cols else pd.DataFrame())
    if not by_actor.empty:
        parts = by_actor["series"].str.split("_", n=1, expand=True)
        by_actor["signal"], by_actor["actor"] = parts[0], parts[1]
    hedged = bootstrap_ratio(frame, "hedged_negotiation", denominator="is_negotiation", min_units=1, **common)
    cat_cols = [c for c in frame.columns if c.startswith("is_") and c not in ("is_escalation", "is_negotiation")]
    categories = (bootstrap_ratio(frame, cat_cols, scale=1000.0, min_units=min_sentences, **common)
                  if cat_cols else pd.DataFrame())
    if not categories.empty:
        categories["category"] = categories["series"].str.removeprefix("is_")
    tables = {"overall": overall, "by_actor": by_actor, "hedged": hedged, "categories": categories}
    return with_period_names(tables, period_names(frame, freq))


def with_period_names(tables: dict[str, pd.DataFrame], names: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The tables with a ``period_name`` column after ``period`` (``names``: ``period, period_name``; none
    added when it is empty, as for calendar periods)."""
    if not len(names):
        return tables
    tables = dict(tables)
    for key, table in tables.items():
        if not table.empty:
            merged = table.merge(names, on="period", how="left")
            position = merged.columns.get_loc("period") + 1
            tables[key] = merged[[*merged.columns[:position], "period_name",
                                  *[c for c in merged.columns[position:] if c != "period_name"]]]
    return tables


def top_cues(scored: pd.DataFrame, freq: str = "month", n: int = 5,
             families=("escalation", "negotiation"), documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """The most frequent cue texts per period and family (KWIC table source), with a citable example sentence.

    Parameters
    ----------
    scored : DataFrame
        Output of :func:`score_sentences` (with ``date``; ``doc_id, sent_id, start, end`` make the examples
        citable).
    freq : {"week", "month", "quarter", "year"}
        Period length.
    n : int
        Cues kept per period and family.
    families : sequence of str
        Cue families counted.
    documents : DataFrame, optional
        The documents table; its ``url`` column, when present, is added for each example.

    Returns
    -------
    DataFrame
        ``period, family, cue, category, count, example`` (example: the cue in its sentence, with ``[...]``
        around the cue) and where the example comes from: ``doc_id, sent_id, start, end`` (the sentence's
        character offsets in its document), ``cue_start, cue_end`` (the cue's offsets in the document) and
        ``url`` when the corpus has one.
    """
    from warsignals.sentences import with_citation
    from warsignals.timeseries import assign_period

    columns = ["period", "family", "cue", "category", "count", "example", "doc_id", "sent_id", "start", "end",
               "cue_start", "cue_end"]
    rows = []
    periods = assign_period(scored["date"], freq) if "date" in scored.columns else pd.Series(pd.NaT, index=scored.index)
    texts = scored["sentence"] if "sentence" in scored else scored.iloc[:, 0]
    missing = pd.Series([None] * len(scored), index=scored.index)
    keys = [scored[c] if c in scored.columns else missing for c in ("doc_id", "sent_id", "start", "end")]
    for period, text, cues, signal, doc, sid, start, end in zip(periods, texts, scored["cues"], scored["signal"],
                                                                 *keys, strict=True):
        if signal == "none":
            continue
        for cue in cues:
            if cue["family"] in families and not cue["negated"]:
                left, right = text[max(0, cue["start"] - 60):cue["start"]], text[cue["end"]:cue["end"] + 60]
                example = f"{left}[{cue['text']}]{right}"
                offset = start if start is not None and pd.notna(start) else None
                rows.append((period, cue["family"], cue["text"].lower(), cue["category"], example, doc, sid,
                             start, end, None if offset is None else int(offset) + cue["start"],
                             None if offset is None else int(offset) + cue["end"]))
    if not rows:
        return with_citation(pd.DataFrame(columns=columns), documents)
    frame = pd.DataFrame(rows, columns=[c for c in columns if c != "count"])
    first = ("example", "doc_id", "sent_id", "start", "end", "cue_start", "cue_end")
    counted = (
        frame.groupby(["period", "family", "cue", "category"], dropna=False)
        .agg(count=("example", "size"), **{c: (c, "first") for c in first})
        .reset_index()
        .sort_values(["period", "family", "count", "cue"], ascending=[True, True, False, True])
    )
    top = counted.groupby(["period", "family"], dropna=False).head(n).reset_index(drop=True)
    return with_citation(top[columns], documents)


def document_signals(scored: pd.DataFrame, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per document: its signal counts (on record and hedged) and rates per 1,000 sentences.

    Parameters
    ----------
    scored : DataFrame
        Output of :func:`score_sentences` with ``doc_id`` (``date, source, speaker`` are carried when present).
    documents : DataFrame, optional
        The documents table: ``title`` and ``url`` are added when it has them.

    Returns
    -------
    DataFrame
        ``doc_id, date, source, speaker, [title, url,] n_sentences, escalation, negotiation,
        escalation_hedged, negotiation_hedged, hedged_share_negotiation, escalation_per_1000,
        negotiation_per_1000, net_per_1000`` (mixed sentences count for both signals; the hedged share is
        NaN for a document without negotiation signals), in the order documents first appear.
    """
    if "doc_id" not in scored.columns:
        raise ParameterError("scored sentences need a 'doc_id' column for the document table")
    frame = _voice_indicators(scored)
    for signal in ("escalation", "negotiation"):
        frame[signal + "_all"] = frame[f"{signal}_on_record"] + frame[f"{signal}_hedged"]
    meta = [c for c in ("date", "source", "speaker") if c in frame.columns]
    grouped = frame.groupby("doc_id", sort=False)
    table = grouped[meta].first() if meta else pd.DataFrame(index=grouped.size().index)
    table["n_sentences"] = grouped.size()
    table["escalation"] = grouped["escalation_all"].sum().astype(int)
    table["negotiation"] = grouped["negotiation_all"].sum().astype(int)
    table["escalation_hedged"] = grouped["escalation_hedged"].sum().astype(int)
    table["negotiation_hedged"] = grouped["negotiation_hedged"].sum().astype(int)
    with np.errstate(invalid="ignore", divide="ignore"):
        table["hedged_share_negotiation"] = np.where(
            table["negotiation"] > 0, table["negotiation_hedged"] / table["negotiation"].where(
                table["negotiation"] > 0), np.nan)
    table["escalation_per_1000"] = 1000.0 * table["escalation"] / table["n_sentences"]
    table["negotiation_per_1000"] = 1000.0 * table["negotiation"] / table["n_sentences"]
    table["net_per_1000"] = table["negotiation_per_1000"] - table["escalation_per_1000"]
    table = table.reset_index()
    if documents is not None and "title" in documents.columns:
        titles = documents.drop_duplicates("doc_id").set_index("doc_id")["title"]
        table.insert(len(meta) + 1, "title", table["doc_id"].map(titles).fillna("").astype(str))
    if documents is not None and "url" in documents.columns:
        urls = documents.drop_duplicates("doc_id").set_index("doc_id")["url"]
        table.insert(table.columns.get_loc("n_sentences"), "url", table["doc_id"].map(urls).fillna("").astype(str))
    return table


def signals_by_group(
    scored: pd.DataFrame,
    by: str = "source",
    freq: str = "year",
    n_boot: int = config.BOOTSTRAP_REPLICATES,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
    min_sentences: int = 1,
) -> pd.DataFrame:
    """Escalation and negotiation per 1,000 sentences and the hedged share per period and group, side by side.

    Parameters
    ----------
    scored : DataFrame
        Output of :func:`score_sentences` with ``date``, ``doc_id`` and the ``by`` column (``source``,
        ``speaker``, or any document metadata merged in, e.g. ``country``).
    by : str
        The grouping column.
    freq : {"week", "month", "quarter", "year"}
        Period length (coarser than the overall series: each group has fewer sentences).
    n_boot, confidence, seed : interval settings (see :func:`warsignals.timeseries.bootstrap_ratio`).
    min_sentences : int
        Cells with fewer sentences get NaN values.

    Returns
    -------
    DataFrame
        ``period, <by>, series, value, lo, hi, n_docs, n_units, numerator, denominator, interval`` with series
        ``escalation`` and ``negotiation`` (per 1,000 sentences) and ``hedged_share`` (share of negotiation
        signals that are hedged, 0..1); an empty ``by`` value is shown as ``(none)``.

    Raises
    ------
    ParameterError
        When ``by`` is not a column of ``scored``.
    """
    from warsignals.timeseries import assign_period, bootstrap_ratio

    if by not in scored.columns:
        raise ParameterError(f"cannot compare by {by!r}: the scored sentences have no such column "
                             f"(columns: {', '.join(map(str, scored.columns))})")
    frame = scored.copy()
    frame["is_escalation"] = frame["signal"].isin(["escalation", "mixed"]).astype(float)
    frame["is_negotiation"] = frame["signal"].isin(["negotiation", "mixed"]).astype(float)
    frame["hedged_negotiation"] = frame["is_negotiation"] * frame["hedged"].astype(bool)
    frame[by] = frame[by].fillna("").astype(str).replace("", "(none)")
    frame["period"] = assign_period(frame["date"], freq)
    common = dict(by=["period", by], cluster="doc_id", n_boot=n_boot, confidence=confidence, seed=seed)
    rates = bootstrap_ratio(frame, ["is_escalation", "is_negotiation"], scale=1000.0, min_units=min_sentences,
                            **common)
    rates["series"] = rates["series"].str.removeprefix("is_")
    hedged = bootstrap_ratio(frame, "hedged_negotiation", denominator="is_negotiation", **common)
    hedged["series"] = "hedged_share"
    return pd.concat([rates, hedged], ignore_index=True)


#: Voices of :func:`signal_voices`, in drawing order: the actor groups of ``data/actors/actors.yaml`` the
#: official corpora name most, then any other actor, then signals with no actor.
VOICE_ACTORS: tuple[str, ...] = ("RUS", "UKR", "WEST", "OTHER", "unattributed")


def signal_voices(
    scored: pd.DataFrame,
    by: str = "side",
    confidence: float = config.CONFIDENCE_LEVEL,
    n_boot: int = config.BOOTSTRAP_REPLICATES,
    seed: int = config.DEFAULT_SEED,
) -> pd.DataFrame:
    """Who voices the signals of each group's texts, on record or hedged: shares of each signal family.

    Each escalation (negotiation) signal of a group's sentences (``mixed`` counts for both) is assigned to the
    actor group that voices or undertakes it (``actor`` mapped by ``data/actors/actors.yaml``: RUS, UKR, WEST,
    OTHER; ``unattributed`` when the scorer found no actor) and to ``on_record`` or ``hedged``. The value is that
    cell's share of all the group's signals of the family, with a cluster-adjusted Wilson interval over
    documents (:func:`warsignals.timeseries.bootstrap_ratio`); the shares of a group and family sum to 1.

    Parameters
    ----------
    scored : DataFrame
        Output of :func:`score_sentences` with ``doc_id``, ``signal``, ``actor``, ``hedged`` and the ``by`` column
        (``side`` of the shipped datasets, ``source``, or any document column merged in).
    by : str
        The grouping column.
    confidence, n_boot, seed :
        Interval settings (the bootstrap is used only where a Wilson interval does not apply).

    Returns
    -------
    DataFrame
        ``<by>, signal, actor, voice, value, lo, hi, n_docs, n_units, numerator, denominator, interval``:
        ``numerator`` signals of the cell among ``denominator`` signals of the group and family.

    Raises
    ------
    ParameterError
        When ``by`` is not a column of ``scored``.

    Examples
    --------
    >>> scored = pd.DataFrame({"doc_id": ["a", "a", "b"], "side": "RUS officials", "hedged": [False, True, False],
    ...                        "signal": ["negotiation", "negotiation", "none"], "actor": ["RUS", "", ""]})
    >>> table = signal_voices(scored)
    >>> table[(table["signal"] == "negotiation") & (table["value"] > 0)][["actor", "voice", "value"]].values.tolist()
    [['RUS', 'on_record', 0.5], ['unattributed', 'hedged', 0.5]]
    """
    from warsignals.timeseries import bootstrap_ratio

    if by not in scored.columns:
        raise ParameterError(f"cannot compare by {by!r}: the scored sentences have no such column "
                             f"(columns: {', '.join(map(str, scored.columns))})")
    table = load_actors()
    frame = scored[["doc_id", by, "signal", "actor", "hedged"]].copy()
    frame[by] = frame[by].fillna("").astype(str).replace("", "(none)")
    group = frame["actor"].fillna("").astype(str).map(table.group).replace("", "unattributed")
    group = group.where(group.isin(VOICE_ACTORS), "OTHER")
    hedged = frame["hedged"].fillna(False).astype(bool)
    parts = []
    for signal in ("escalation", "negotiation"):
        has = frame["signal"].isin([signal, "mixed"])
        rows = frame[has].copy()
        rows["is_signal"] = 1.0
        columns = []
        for actor in VOICE_ACTORS:
            for voice, flag in (("on_record", False), ("hedged", True)):
                column = f"{actor}|{voice}"
                rows[column] = ((group[has] == actor) & (hedged[has] == flag)).astype(float)
                columns.append(column)
        if rows.empty:
            continue
        shares = bootstrap_ratio(rows, columns, denominator="is_signal", by=[by], cluster="doc_id", n_boot=n_boot,
                                 confidence=confidence, seed=seed)
        split = shares["series"].str.split("|", expand=True)
        shares = shares.drop(columns="series").assign(signal=signal, actor=split[0], voice=split[1])
        parts.append(shares)
    columns = [by, "signal", "actor", "voice", "value", "lo", "hi", "n_docs", "n_units", "numerator", "denominator",
               "interval"]
    if not parts:
        return pd.DataFrame(columns=columns)
    out = pd.concat(parts, ignore_index=True)
    order = {**{actor: k for k, actor in enumerate(VOICE_ACTORS)}, "on_record": 0, "hedged": 1}
    out = out.sort_values([by, "signal", "actor", "voice"],
                          key=lambda c: c.map(order) if c.name in ("actor", "voice") else c, kind="stable")
    return out[columns].reset_index(drop=True)

EVENT_WINDOW_SERIES = {
    "escalation_on_record": ("escalation", "on_record"),
    "escalation_hedged": ("escalation", "hedged"),
    "negotiation_on_record": ("negotiation", "on_record"),
    "negotiation_hedged": ("negotiation", "hedged"),
}


def _voice_indicators(scored: pd.DataFrame) -> pd.DataFrame:
    """0/1 columns ``<signal>_on_record`` and ``<signal>_hedged`` (mixed sentences count for both signals)."""
    out = scored.copy()
    hedged = out["hedged"].astype(bool) if "hedged" in out else pd.Series(False, index=out.index)
    for signal in ("escalation", "negotiation"):
        has = out["signal"].isin([signal, "mixed"])
        out[f"{signal}_on_record"] = (has & ~hedged).astype(float)
        out[f"{signal}_hedged"] = (has & hedged).astype(float)
    return out


def event_windows(
    scored: pd.DataFrame,
    events: pd.DataFrame,
    freq: str = "month",
    k: int = 3,
    kinds: list[str] | None = None,
    n_boot: int = config.BOOTSTRAP_REPLICATES,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
    min_sentences: int = 1,
) -> pd.DataFrame:
    """Signals per 1,000 sentences in the ``k`` periods before and after each kind of event.

    Every event is placed in its period; the sentences of the period ``offset`` periods away (``-k..k``; 0 is
    the event's own period) are pooled over all events of the same kind, and each signal's rate, on record
    and hedged, is computed with its interval by :func:`warsignals.timeseries.bootstrap_ratio` (a
    cluster-adjusted Wilson interval over documents). A period that lies at the same offset of two events of
    one kind is counted once; a period may lie at different offsets of different events (as in any event
    study, windows of events closer than ``k`` periods overlap).

    Parameters
    ----------
    scored : DataFrame
        Output of :func:`score_sentences` with ``date``, ``doc_id``, ``signal`` and ``hedged``.
    events : DataFrame
        Timeline with ``date`` and ``kind`` (:func:`warsignals.timeseries.load_events`).
    freq : {"week", "month", "quarter", "year"}
        Period length.
    k : int
        Periods before and after each event (0 or more).
    kinds : list of str, optional
        Event kinds to keep (default: every kind of the timeline).
    n_boot, confidence, seed : interval settings (see :func:`warsignals.timeseries.bootstrap_ratio`).
    min_sentences : int
        Window cells with fewer sentences get NaN values.

    Returns
    -------
    DataFrame
        One row per ``kind, offset, series``: ``signal`` (escalation, negotiation), ``voice`` (on_record,
        hedged), ``value`` (per 1,000 sentences), ``lo``, ``hi``, ``n_docs``, ``n_units`` (sentences),
        ``numerator``, ``denominator``, ``interval``, and ``n_events`` (events of the kind with sentences at
        that offset). Offsets without sentences are rows with NaN values and zero counts; kinds with no event
        inside the corpus's periods are absent.

    Raises
    ------
    ParameterError
        When ``k`` is negative or a needed column is missing.
    """
    from warsignals.timeseries import assign_period, bootstrap_ratio, period_range

    if not isinstance(k, (int, np.integer)) or k < 0:
        raise ParameterError(f"the event window k must be a whole number of periods >= 0, not {k!r}")
    for name, table, columns in (("scored sentences", scored, ("date", "doc_id", "signal")),
                                 ("events", events, ("date", "kind"))):
        missing = [c for c in columns if c not in table.columns]
        if missing:
            raise ParameterError(f"{name} lack column(s) {missing} needed for event windows")
    columns = ["kind", "offset", "series", "signal", "voice", "value", "lo", "hi", "n_docs", "n_units",
               "numerator", "denominator", "interval", "n_events"]
    chosen = events if kinds is None else events[events["kind"].isin(list(kinds))]
    frame = _voice_indicators(scored)
    frame["period"] = assign_period(frame["date"], freq)
    frame = frame.dropna(subset=["period"])
    if frame.empty or chosen.empty:
        return pd.DataFrame(columns=columns)
    event_periods = assign_period(chosen["date"], freq)
    periods = period_range(min(frame["period"].min(), event_periods.min()),
                           max(frame["period"].max(), event_periods.max()), freq)
    position = pd.Series(np.arange(len(periods)), index=periods)
    frame["position"] = frame["period"].map(position)
    present = set(frame["position"])
    offsets = np.arange(-k, k + 1)
    windows = pd.DataFrame({
        "event": np.repeat(np.arange(len(chosen)), len(offsets)),
        "kind": np.repeat(chosen["kind"].astype(str).to_numpy(), len(offsets)),
        "offset": np.tile(offsets, len(chosen)),
        "position": np.repeat(event_periods.map(position).to_numpy(), len(offsets)) + np.tile(offsets, len(chosen)),
    })
    windows = windows[windows["position"].isin(present)]
    if windows.empty:
        return pd.DataFrame(columns=columns)
    n_events = windows.groupby(["kind", "offset"])["event"].nunique().rename("n_events")
    cells = windows.drop_duplicates(["kind", "offset", "position"])[["kind", "offset", "position"]]
    pooled = cells.merge(frame, on="position", how="inner")
    table = bootstrap_ratio(pooled, list(EVENT_WINDOW_SERIES), by=["kind", "offset"], cluster="doc_id",
                            n_boot=n_boot, confidence=confidence, seed=seed, scale=1000.0,
                            min_units=min_sentences)
    grid = pd.MultiIndex.from_product([sorted(cells["kind"].unique()), offsets, list(EVENT_WINDOW_SERIES)],
                                      names=["kind", "offset", "series"]).to_frame(index=False)
    table = grid.merge(table, on=["kind", "offset", "series"], how="left").merge(
        n_events.reset_index(), on=["kind", "offset"], how="left")
    for column in ("n_docs", "n_units", "numerator", "denominator", "n_events"):
        table[column] = table[column].fillna(0).astype(int if column != "numerator" and column != "denominator"
                                                         else float)
    table["interval"] = table["interval"].fillna("")
    table["signal"] = table["series"].map(lambda s: EVENT_WINDOW_SERIES[s][0])
    table["voice"] = table["series"].map(lambda s: EVENT_WINDOW_SERIES[s][1])
    return table[columns].sort_values(["kind", "series", "offset"], kind="stable").reset_index(drop=True)


def audit_sample(
    scored: pd.DataFrame,
    n: int = 200,
    seed: int = config.DEFAULT_SEED,
    strata: tuple[str, ...] | list[str] = ("signal",),
    context: int = 1,
    path: str | Path | None = None,
    text_column: str = "sentence",
) -> pd.DataFrame:
    """A stratified random sample of scored sentences, with context, for human coding.

    Parameters
    ----------
    scored : DataFrame
        Output of :func:`score_sentences` (with ``doc_id`` and ``sent_id`` for context).
    n : int
        Sample size, split as evenly as possible across strata (small strata are taken whole).
    seed : int
        Random seed.
    strata : sequence of str
        Columns defining the strata.
    context : int
        Sentences of context before and after.
    path : str or Path, optional
        Where to write the CSV.
    text_column : str
        Sentence text column.

    Returns
    -------
    DataFrame
        ``audit_id, doc_id, sent_id, context_before, sentence, context_after`` plus the strata and model
        columns (``signal, category, actor, hedged, negated, cues``) and empty ``human_signal``,
        ``human_actor``, ``human_hedged``, ``notes`` columns for the coder.
    """
    missing = [c for c in strata if c not in scored.columns]
    if missing:
        raise ParameterError(f"strata column(s) not in the table: {missing}")
    if n < 1:
        raise ParameterError("n must be at least 1")
    rng = np.random.default_rng(seed)
    keys = list(strata)
    groups = list(scored.groupby(keys[0] if len(keys) == 1 else keys, sort=True).groups.items()) if keys else [
        (None, scored.index)]
    remaining, quota = n, {}
    for k, (key, idx) in enumerate(sorted(groups, key=lambda g: len(g[1]))):
        share = remaining // (len(groups) - k)
        quota[key] = min(len(idx), share)
        remaining -= quota[key]
    chosen = []
    for key, idx in groups:
        chosen += list(rng.choice(np.asarray(idx), size=quota[key], replace=False)) if quota[key] else []
    sample = scored.loc[sorted(chosen, key=lambda i: scored.index.get_loc(i))].copy()
    before, after = [], []
    has_keys = {"doc_id", "sent_id"} <= set(scored.columns)
    if has_keys and context > 0:
        lookup = dict(zip(zip(scored["doc_id"], scored["sent_id"], strict=True), scored[text_column], strict=True))
        for doc, sid in zip(sample["doc_id"], sample["sent_id"], strict=True):
            before.append(" ".join(lookup.get((doc, sid - k), "") for k in range(context, 0, -1)).strip())
            after.append(" ".join(lookup.get((doc, sid + k), "") for k in range(1, context + 1)).strip())
    else:
        before = after = [""] * len(sample)
    sample.insert(0, "audit_id", [f"a{i:04d}" for i in range(len(sample))])
    sample["context_before"], sample["context_after"] = before, after
    keep = ["audit_id"] + [c for c in ("doc_id", "sent_id", "date", "source", "speaker") if c in sample.columns]
    keep += ["context_before", text_column, "context_after"]
    keep += [c for c in list(strata) + ["signal", "category", "actor", "hedged", "negated", "cues"]
             if c in sample.columns and c not in keep]
    sample = sample[list(dict.fromkeys(keep))]
    if "cues" in sample.columns:
        sample["cues"] = sample["cues"].map(lambda cs: "; ".join(f"{c['text']} ({c['category']})" for c in cs))
    for column in ("human_signal", "human_actor", "human_hedged", "notes"):
        sample[column] = ""
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        sample.to_csv(path, index=False)
    return sample.reset_index(drop=True)


def agreement(coded_sheet: pd.DataFrame | str | Path, column_human: str = "human_signal",
              column_model: str = "signal") -> dict:
    """Agreement between human codes and model labels on an audit sheet.

    Parameters
    ----------
    coded_sheet : DataFrame or path
        The coded audit sheet (CSV path or table).
    column_human, column_model : str
        The two label columns; rows where the human column is empty are skipped.

    Returns
    -------
    dict
        ``n`` (units coded), ``percent_agreement``, ``cohen_kappa``, ``krippendorff_alpha`` (nominal).
    """
    from warsignals.evaluate import cohen_kappa, krippendorff_alpha

    if isinstance(coded_sheet, (str, Path)):
        sheet = pd.read_csv(coded_sheet, dtype=str, keep_default_na=False)
    else:
        sheet = coded_sheet
    for column in (column_human, column_model):
        if column not in sheet.columns:
            raise InputError(f"coded sheet lacks column {column!r}")
    human = sheet[column_human].astype(str).str.strip()
    model = sheet[column_model].astype(str).str.strip()
    mask = (human != "") & (human.str.lower() != "nan")
    human, model = human[mask].to_numpy(), model[mask].to_numpy()
    if len(human) == 0:
        raise InputError(f"no coded rows: column {column_human!r} is empty")
    labels = sorted(set(human) | set(model))
    codes = {label: i for i, label in enumerate(labels)}
    data = np.array([[codes[h] for h in human], [codes[m] for m in model]], dtype=float)
    return {
        "n": int(len(human)),
        "percent_agreement": float(np.mean(human == model)),
        "cohen_kappa": float(cohen_kappa(human, model)),
        "krippendorff_alpha": float(krippendorff_alpha(data, level="nominal")),
    }
