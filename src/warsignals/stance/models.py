"""Stance models: the supervised :class:`StanceClassifier`, the weakly supervised :class:`WeakStanceModel`,
model selection and the baseline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.utils.validation import check_is_fitted

from warsignals import config
from warsignals.errors import InputError, ParameterError
from warsignals.fileio import SkopsType, read_text
from warsignals.stance.targets import (
    AGAINST,
    ANY_TARGET,
    FAVOR,
    LABELS,
    NONE,
    TargetSpec,
    _as_frame,
    _cached_specs,
    _text_groups,
    axis_orientation,
    lexicon_matrix,
    load_targets,
    normalise_tweet,
    swap_stance,
    target_contexts,
    weak_labels,
)
from warsignals.textclf import TEXT_CLASSIFIER_TYPES, TextClassifier, TextEstimatorMixin, grid_search

#: Exactly the (skops loader, type) pairs a saved :class:`StanceClassifier` contains, in every configuration
#: (``tests/test_model_security.py`` checks that fitted models contain exactly these); anything else in a file
#: makes :func:`warsignals.stance.load_stance_model` refuse it before anything in the file is built.
MODEL_TYPES: frozenset[SkopsType] = TEXT_CLASSIFIER_TYPES | {
    ("TypeNode", "numpy.float32"),
    ("NdArrayNode", "numpy.int64"),
    ("ObjectNode", "sklearn.isotonic.IsotonicRegression"),
    ("ObjectNode", "sklearn.linear_model._logistic.LogisticRegression"),
    ("ObjectNode", "warsignals.stance.models.StanceClassifier"),
}


# ------------------------------------------------------------------------------------- supervised model
class _TextStanceEstimator(TextEstimatorMixin, ClassifierMixin, BaseEstimator):
    """What the weak stance model shares with the classifiers: ``predict`` from ``predict_proba``, text input."""


class StanceClassifier(TextClassifier):
    """Calibrated, class-balanced linear stance classifier over TF-IDF, lexicon and target features.

    Built on the shared :class:`warsignals.textclf.TextClassifier` (same parameter names as
    :class:`warsignals.signals.SignalClassifier`). ``fit`` does no model selection: choose parameters with
    :func:`select_stance_model`.

    Parameters
    ----------
    target : str, optional
        Target of rows that carry none (input given as a list of texts, or a table without ``target``).
    word_ngram_range : tuple of int
        Word n-gram range of the word TF-IDF block.
    char_ngram_range : tuple of int or None
        Character (``char_wb``) n-gram range; None drops the character block.
    min_df : int
        Minimum document frequency of an n-gram.
    lexicon : bool
        Add the LF vote sums of every YAML target as features.
    target_features : {"interaction", "none"}
        With several targets, ``"interaction"`` adds a copy of every feature per target (a joint model
        with shared and target-specific weights).
    C : float
        Inverse regularisation strength of the linear SVM.
    class_weight : str or None
        Passed to LinearSVC (default: balanced).
    calibration : {"sigmoid", "isotonic"}
        Calibration method of :class:`~sklearn.calibration.CalibratedClassifierCV`.
    cv : int
        Folds for calibration (grouped by identical text, stratified by label).
    context_window : int
        Add target-context features: the words within this many words left and right of every mention of
        every YAML target (``mentions`` patterns), prefixed by the target's name (``Russia_L_murdered``),
        so that "Russia murdered" and "Ukraine murdered" differ; 0 drops the block.
    shared_axis : bool
        Pool targets declared ``opposed_to`` each other in the YAML on one stance axis: training labels of
        one of them are flipped (FAVOR <-> AGAINST) so that, e.g., AGAINST Russia and FAVOR Ukraine teach
        the same shared weights; predictions are flipped back. No effect on targets without opposition.
    cross_target : bool
        With several targets, stack a per-target logistic regression on the out-of-fold probabilities of
        the text toward *every* target (stance toward Russia informs stance toward Ukraine).
    tune_offsets : bool
        Tune per-target additive log-probability offsets of FAVOR and AGAINST on out-of-fold probabilities
        of the training data to maximise the SemEval macro-F.
    targets_file : str, optional
        YAML of the lexicon, context and axis features; defaults to ``config.STANCE_TARGETS_FILE``.
    random_state : int
        Seed of the fold assignment.
    """

    def __init__(
        self,
        target: str | None = None,
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] | None = (2, 5),
        min_df: int = 2,
        lexicon: bool = True,
        target_features: str = "interaction",
        C: float = 0.03,
        class_weight="balanced",
        calibration: str = "sigmoid",
        cv: int = 3,
        context_window: int = 2,
        shared_axis: bool = True,
        cross_target: bool = False,
        tune_offsets: bool = True,
        targets_file: str | None = None,
        random_state: int = config.DEFAULT_SEED,
    ):
        self.target = target
        self.cross_target = cross_target
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.min_df = min_df
        self.lexicon = lexicon
        self.target_features = target_features
        self.C = C
        self.class_weight = class_weight
        self.calibration = calibration
        self.cv = cv
        self.context_window = context_window
        self.shared_axis = shared_axis
        self.tune_offsets = tune_offsets
        self.targets_file = targets_file
        self.random_state = random_state

    # -- features
    def _check_params(self) -> None:
        if self.target_features not in ("interaction", "none"):
            raise ParameterError(f"target_features must be 'interaction' or 'none', not {self.target_features!r}")
        self._check_text_params()
        if self.word_ngram_range is None:
            raise ParameterError("word_ngram_range must be (low, high): the stance model always has a word block")
        if not (isinstance(self.context_window, int) and self.context_window >= 0):
            raise ParameterError(f"context_window must be a whole number >= 0, not {self.context_window!r}")

    def _specs(self) -> dict[str, TargetSpec]:
        """The target specs of the YAML read at fit time (the model carries the YAML text)."""
        return _cached_specs(self.lexicon_yaml_)

    def _features(self, frame: pd.DataFrame, fit: bool) -> sparse.csr_matrix:
        texts = [normalise_tweet(t) for t in frame["text"]]
        if fit:
            min_df = self.min_df if len(texts) >= 10 * self.min_df else 1
            blocks = dict(self._tfidf_blocks(min_df, dtype=np.float32, word={"token_pattern": r"(?u)[#@]?\b\w+\b"},
                                             char={"max_features": 200_000}))
            self.word_vectorizer_ = blocks["word"].fit(texts)
            self.char_vectorizer_ = blocks["char"].fit(texts) if "char" in blocks else None
            self.context_vectorizer_ = None
            if self.context_window:
                contexts = target_contexts(texts, self._specs(), self.context_window)
                if any(contexts):
                    self.context_vectorizer_ = TfidfVectorizer(
                        token_pattern=r"\S+", lowercase=False, min_df=min_df, sublinear_tf=True, dtype=np.float32
                    ).fit(contexts)
        blocks = [self.word_vectorizer_.transform(texts)]
        if self.char_vectorizer_ is not None:
            blocks.append(self.char_vectorizer_.transform(texts))
        if self.context_vectorizer_ is not None:
            if not fit:  # at fit time the contexts were computed above
                contexts = target_contexts(texts, self._specs(), self.context_window)
            blocks.append(self.context_vectorizer_.transform(contexts))
        if self.lexicon:
            blocks.append(
                sparse.csr_matrix(lexicon_matrix(list(frame["text"]), self._specs()), dtype=np.float32)
            )
        base = sparse.hstack(blocks, format="csr")
        if self.target_features == "interaction" and len(self.targets_) > 1:
            pieces = [base]
            target_values = frame["target"].to_numpy()
            for target in self.targets_:
                indicator = sparse.diags((target_values == target).astype(np.float32))
                pieces.append(indicator @ base)
            base = sparse.hstack(pieces, format="csr")
        return base

    def _frame(self, X) -> pd.DataFrame:
        frame = _as_frame(X, self.target)
        if len(self.targets_) == 1:
            frame["target"] = self.targets_[0]
        unknown = sorted(set(frame["target"]) - set(self.targets_))
        if unknown:
            raise ParameterError(f"the model was trained on targets {self.targets_}, not {unknown}")
        return frame

    # -- estimator API
    def fit(self, X, y):
        """Fit on texts ``X`` (list, or DataFrame with ``text`` and optional ``target``) and labels ``y``."""
        self._check_params()
        frame = _as_frame(X, self.target)
        y = np.asarray(pd.Series(list(y), dtype=object).astype(str))
        if len(y) != len(frame):
            raise ParameterError(f"{len(frame)} texts but {len(y)} labels")
        self.classes_ = np.array(sorted(set(y)), dtype=object)
        if len(self.classes_) < 2:
            raise ParameterError("stance training data needs at least two different labels")
        self.targets_ = sorted(set(frame["target"]))
        path = Path(self.targets_file) if self.targets_file else config.STANCE_TARGETS_FILE
        if not path.is_file():
            raise InputError(f"{path}: stance targets file not found")
        self.lexicon_yaml_ = read_text(path)
        self.orientation_ = {t: 1 for t in self.targets_}
        if self.shared_axis:
            self.orientation_ = axis_orientation(self._specs(), self.targets_)
        flipped = self._flipped(frame)
        y_axis = swap_stance(y, flipped).astype(str)
        self.classes_ = np.array(sorted(set(y) | set(y_axis)), dtype=object)
        features = self._features(frame, fit=True)
        splits = _grouped_splits(y_axis, _text_groups(frame["text"]), int(self.cv), self.random_state)
        self.calibrated_ = self._calibrated_svc(splits)
        self.calibrated_.fit(features, y_axis)
        n_classes = len(self.classes_)
        oof = np.zeros((len(y), n_classes))
        for (_, test), member in zip(splits, self.calibrated_.calibrated_classifiers_, strict=True):
            oof[test] = _aligned_proba(member, features[test], self.classes_)
        target_values = frame["target"].to_numpy()
        self.stackers_ = {}
        if self.cross_target and len(self.targets_) > 1:
            meta = np.zeros((len(y), n_classes * len(self.targets_)))
            for k, other in enumerate(self.targets_):
                other_features = self._features(frame.assign(target=other), fit=False)
                for (_, test), member in zip(splits, self.calibrated_.calibrated_classifiers_, strict=True):
                    meta[test, k * n_classes : (k + 1) * n_classes] = _aligned_proba(
                        member, other_features[test], self.classes_
                    )
            meta = np.log(np.clip(meta, 1e-6, 1.0))
            for target in self.targets_:
                rows = target_values == target
                stacker = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000)
                inner = _grouped_splits(
                    y_axis[rows], _text_groups(frame["text"][rows]), int(self.cv), self.random_state
                )
                stacked = np.zeros((int(rows.sum()), n_classes))
                for train, test in inner:
                    part = clone(stacker).fit(meta[rows][train], y_axis[rows][train])
                    stacked[test] = _aligned_proba(part, meta[rows][test], self.classes_)
                oof[rows] = stacked
                self.stackers_[target] = stacker.fit(meta[rows], y_axis[rows])
        oof = self._swap_columns(oof, flipped)
        self.offsets_ = {t: np.zeros(n_classes) for t in self.targets_}
        if self.tune_offsets and {FAVOR, AGAINST} <= set(self.classes_):
            for target in self.targets_:
                rows = target_values == target
                self.offsets_[target] = _tune_offsets(oof[rows], y[rows], self.classes_)
        return self

    def _flipped(self, frame: pd.DataFrame) -> np.ndarray:
        """Rows whose target is read with the opposite sign on its shared axis."""
        return np.array([self.orientation_.get(t, 1) < 0 for t in frame["target"]], dtype=bool)

    def _swap_columns(self, proba: np.ndarray, flipped: np.ndarray) -> np.ndarray:
        """Exchange the FAVOR and AGAINST columns of ``proba`` in ``flipped`` rows (axis to target stance)."""
        if not flipped.any() or not {FAVOR, AGAINST} <= set(self.classes_):
            return proba
        favor, against = list(self.classes_).index(FAVOR), list(self.classes_).index(AGAINST)
        proba = proba.copy()
        proba[np.ix_(flipped, [favor, against])] = proba[np.ix_(flipped, [against, favor])]
        return proba

    def predict_proba(self, X) -> np.ndarray:
        """Calibrated class probabilities, shifted by the tuned per-target offsets (rows sum to 1)."""
        check_is_fitted(self, "calibrated_")
        frame = self._frame(X)
        n_classes = len(self.classes_)
        if self.stackers_:
            meta = np.zeros((len(frame), n_classes * len(self.targets_)))
            for k, other in enumerate(self.targets_):
                features = self._features(frame.assign(target=other), fit=False)
                meta[:, k * n_classes : (k + 1) * n_classes] = _aligned_proba(
                    self.calibrated_, features, self.classes_
                )
            meta = np.log(np.clip(meta, 1e-6, 1.0))
            proba = np.zeros((len(frame), n_classes))
            for target in self.targets_:
                rows = frame["target"].to_numpy() == target
                if rows.any():
                    proba[rows] = _aligned_proba(self.stackers_[target], meta[rows], self.classes_)
        else:
            proba = _aligned_proba(self.calibrated_, self._features(frame, fit=False), self.classes_)
        proba = self._swap_columns(proba, self._flipped(frame))
        logits = np.log(np.clip(proba, 1e-9, 1.0))
        offsets = np.vstack([self.offsets_[t] for t in frame["target"]]) if len(frame) else 0.0
        logits = logits + offsets
        logits -= logits.max(axis=1, keepdims=True)
        shifted = np.exp(logits)
        return shifted / shifted.sum(axis=1, keepdims=True)


def _aligned_proba(model, X, classes: np.ndarray) -> np.ndarray:
    """``model.predict_proba(X)`` with columns in the order of ``classes`` (absent classes get 0)."""
    proba = model.predict_proba(X)
    out = np.zeros((proba.shape[0], len(classes)))
    model_classes = model.classes_ if hasattr(model, "classes_") else model.classes  # calibrated fold member
    for j, label in enumerate(model_classes):
        out[:, list(classes).index(label)] = proba[:, j]
    return out


def _grouped_splits(y: np.ndarray, groups: np.ndarray, n_splits: int, seed: int) -> list:
    counts = pd.Series(y).value_counts()
    n_splits = max(2, min(n_splits, int(counts.min()) if len(counts) else 2))
    folds = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    return [(train, test) for train, test in folds.split(np.zeros(len(y)), y, groups)]


def _tune_offsets(proba: np.ndarray, y: np.ndarray, classes: np.ndarray) -> np.ndarray:
    """Additive log-probability offsets of FAVOR and AGAINST (NONE fixed at 0) maximising SemEval macro-F."""
    from warsignals.evaluate import semeval_macro_f

    grid = np.round(np.arange(-1.0, 1.01, 0.1), 2)
    logits = np.log(np.clip(proba, 1e-9, 1.0))
    index = {c: i for i, c in enumerate(classes)}
    best, best_score = np.zeros(len(classes)), -1.0
    for favor in grid:
        for against in grid:
            offset = np.zeros(len(classes))
            offset[index[FAVOR]] = favor
            offset[index[AGAINST]] = against
            score = semeval_macro_f(y, classes[np.argmax(logits + offset, axis=1)])
            # prefer the smallest shift among equal scores (ties broken toward no change)
            if score > best_score + 1e-9 or (
                abs(score - best_score) <= 1e-9 and np.abs(offset).sum() < np.abs(best).sum()
            ):
                best, best_score = offset, score
    return best


def select_stance_model(
    X,
    y,
    grid: Sequence[Mapping] | None = None,
    cv: int = 3,
    base_params: Mapping | None = None,
    seed: int = config.DEFAULT_SEED,
) -> tuple[dict, pd.DataFrame]:
    """Choose :class:`StanceClassifier` parameters by grouped cross-validation on training data only.

    Parameters
    ----------
    X, y
        Training texts (list or DataFrame with ``text``/``target``) and labels.
    grid : sequence of dict, optional
        Candidate parameter sets; defaults to :data:`DEFAULT_GRID`.
    cv : int
        Folds (grouped by identical text, stratified by label).
    base_params : dict, optional
        Parameters shared by all candidates.
    seed : int
        Seed of the folds.

    Returns
    -------
    (dict, DataFrame)
        The best parameter set (base + candidate) and one row per candidate with its mean (``macro_f``),
        standard deviation (``sd``) and per-fold values (``folds``) of the SemEval macro-F.
    """
    from warsignals.evaluate import semeval_macro_f

    frame = _as_frame(X, (base_params or {}).get("target"))
    y = np.asarray(pd.Series(list(y), dtype=object).astype(str))
    splits = _grouped_splits(y, _text_groups(frame["text"]), cv, seed)
    return grid_search(StanceClassifier, frame, y, splits, list(grid or DEFAULT_GRID), semeval_macro_f,
                       lambda table, rows: table.iloc[rows], base_params, seed, "macro_f")


DEFAULT_GRID: tuple[dict, ...] = (
    {"C": 0.01},
    {"C": 0.03},
    {"C": 0.1},
    {"C": 0.03, "context_window": 0},
    {"C": 0.03, "shared_axis": False},
    {"C": 0.03, "char_ngram_range": None},
)


# ------------------------------------------------------------------------------------------- weak model
class WeakStanceModel(_TextStanceEstimator):
    """Stance from labelling functions plus a linear model fitted on their weak labels (no gold labels).

    ``fit`` reads only texts (``y`` is ignored): per target it applies the LFs, keeps sentences with a weak
    FAVOR/AGAINST label and a seeded sample of up to ``none_ratio`` times as many sentences without votes
    as NONE, and fits a class-balanced TF-IDF logistic regression when each stance class has at least
    ``min_weak`` examples. Prediction: where LFs vote, ``lf_trust * vote posterior + (1 - lf_trust) *
    linear probabilities``; elsewhere the linear probabilities for sentences that mention the target and
    NONE (probability 1) for sentences that do not. The vote posterior gives the winning label
    ``sigmoid(margin * log(lf_accuracy / (1 - lf_accuracy)))``.

    Parameters
    ----------
    target : str, optional
        Target of rows that carry none.
    targets_file : str, optional
        YAML of targets and LFs; defaults to ``config.STANCE_TARGETS_FILE``.
    min_weak : int
        Minimum weak labels per stance class to fit the linear model.
    none_ratio : float
        NONE examples per weak stance example in the linear model's training set.
    lf_trust : float
        Weight of the vote posterior where LFs vote.
    lf_accuracy : float
        Assumed accuracy of one unit of LF weight.
    C : float
        Inverse regularisation of the logistic regression.
    opposed_weight : float
        Weight of the flipped votes of the LFs of targets declared ``opposed_to`` this one, in texts that
        mention this target (in a text mentioning Russia, an LF voting FAVOR Ukraine counts as this weight of
        AGAINST Russia); 0 uses the target's own LFs only.
    none_from : {"unvoted", "unmentioned"}
        Where the NONE examples of the linear model come from: texts without LF votes (right for speeches
        and transcripts, where most sentences that mention a target take no stance), or texts that do not
        mention the target at all (right for opinion-dense texts collected for their target, such as stance
        data sets of tweets, where a text without votes is usually stance-bearing in words no LF knows);
        with fewer than ``min_weak`` unmentioning texts it falls back to ``"unvoted"``.
    random_state : int
        Seed of the NONE sample.
    """

    def __init__(
        self,
        target: str | None = None,
        targets_file: str | None = None,
        min_weak: int = 5,
        none_ratio: float = 2.0,
        lf_trust: float = 0.7,
        lf_accuracy: float = 0.8,
        C: float = 1.0,
        opposed_weight: float = 1.0,
        none_from: str = "unvoted",
        random_state: int = config.DEFAULT_SEED,
    ):
        self.target = target
        self.targets_file = targets_file
        self.min_weak = min_weak
        self.none_ratio = none_ratio
        self.lf_trust = lf_trust
        self.lf_accuracy = lf_accuracy
        self.C = C
        self.opposed_weight = opposed_weight
        self.none_from = none_from
        self.random_state = random_state

    def _votes(self, texts: list[str], target: str) -> pd.DataFrame:
        """The target's LF votes plus the flipped, weighted votes of its opposed targets' LFs."""
        votes = weak_labels(texts, self.specs_[target])
        if not self.opposed_weight:
            return votes
        mentions = self.specs_[target].mentions
        mentioned = np.array([mentions is not None and mentions.search(t) is not None for t in texts], dtype=bool)
        for other in self.specs_[target].opposed_to:
            other_votes = weak_labels(texts, self.all_specs_[other])
            other_votes.loc[~mentioned, ["favor_votes", "against_votes"]] = 0.0
            other_votes.loc[~mentioned, "lfs"] = ""
            votes["favor_votes"] = votes["favor_votes"] + self.opposed_weight * other_votes["against_votes"]
            votes["against_votes"] = votes["against_votes"] + self.opposed_weight * other_votes["favor_votes"]
            votes["lfs"] = [
                ";".join(part for part in (own, ";".join(f"{other}.{lf}" for lf in theirs.split(";") if lf)) if part)
                for own, theirs in zip(votes["lfs"], other_votes["lfs"], strict=True)
            ]
        margin = votes["favor_votes"] - votes["against_votes"]
        votes["weak_label"] = pd.Series([FAVOR if m > 0 else AGAINST if m < 0 else None for m in margin], dtype=object)
        votes["mentioned"] = votes["mentioned"] | (votes["favor_votes"] + votes["against_votes"] > 0)
        return votes

    def fit(self, X, y=None):
        """Fit on unlabelled texts ``X``; ``y`` is ignored (weak supervision uses no gold labels)."""
        if self.none_from not in ("unvoted", "unmentioned"):
            raise ParameterError(f"none_from must be 'unvoted' or 'unmentioned', not {self.none_from!r}")
        frame = _as_frame(X, self.target)
        self.classes_ = np.array(LABELS, dtype=object)
        self.all_specs_ = load_targets(self.targets_file)
        self.specs_ = load_targets(self.targets_file, sorted(set(frame["target"]) - {ANY_TARGET}) or None)
        if ANY_TARGET in set(frame["target"]):
            raise ParameterError("the weak stance model needs a target (set target= or a 'target' column)")
        rng = np.random.default_rng(self.random_state)
        self.linear_ = {}
        self.n_weak_ = {}
        for target, group in frame.groupby("target", sort=True):
            texts = list(group["text"])
            votes = self._votes(texts, target)
            labels = votes["weak_label"].to_numpy(dtype=object)
            stance_rows = np.flatnonzero(pd.notna(labels))
            no_vote = np.flatnonzero((votes["favor_votes"] + votes["against_votes"]).to_numpy() == 0)
            if self.none_from == "unmentioned":
                unmentioned = np.flatnonzero(~votes["mentioned"].to_numpy(dtype=bool))
                if len(unmentioned) >= self.min_weak:
                    no_vote = unmentioned
            counts = {label: int(np.sum(labels == label)) for label in (FAVOR, AGAINST)}
            self.n_weak_[target] = counts
            if min(counts.values()) < self.min_weak or len(no_vote) < self.min_weak:
                self.linear_[target] = None
                continue
            n_none = min(len(no_vote), int(round(self.none_ratio * len(stance_rows))))
            none_rows = np.sort(rng.choice(no_vote, size=n_none, replace=False))
            rows = np.concatenate([stance_rows, none_rows])
            y_weak = np.concatenate([labels[stance_rows].astype(str), np.full(n_none, NONE)])
            self.linear_[target] = _weak_linear(self.C, self.random_state).fit(
                [normalise_tweet(texts[i]) for i in rows], y_weak
            )
        return self

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities in the order of ``classes_`` (AGAINST, FAVOR, NONE)."""
        check_is_fitted(self, "specs_")
        frame = _as_frame(X, self.target)
        result = np.zeros((len(frame), len(LABELS)))
        for target, group in frame.groupby("target", sort=False):
            if target not in self.specs_:
                raise ParameterError(f"the weak model was fitted for targets {sorted(self.specs_)}, not {target!r}")
            result[group.index.to_numpy()] = self._target_proba(list(group["text"]), target)
        return result

    def _target_proba(self, texts: list[str], target: str) -> np.ndarray:
        votes = self._votes(texts, target)
        proba = np.zeros((len(texts), 3))
        proba[:, 2] = 1.0
        linear = self.linear_.get(target)
        if linear is not None and texts:
            linear_proba = linear.predict_proba([normalise_tweet(t) for t in texts])
            order = [list(linear.classes_).index(label) for label in LABELS]
            linear_proba = linear_proba[:, order]
            mentioned = votes["mentioned"].to_numpy()
            proba[mentioned] = linear_proba[mentioned]
        margin = (votes["favor_votes"] - votes["against_votes"]).to_numpy()
        voted = margin != 0
        if voted.any():
            log_odds = np.log(self.lf_accuracy / (1 - self.lf_accuracy))
            p_favor = 1 / (1 + np.exp(-margin[voted] * log_odds))
            posterior = np.column_stack([1 - p_favor, p_favor, np.zeros(voted.sum())])
            base = proba[voted] if linear is not None else posterior
            proba[voted] = self.lf_trust * posterior + (1 - self.lf_trust) * base
        return proba


def _weak_linear(C: float, seed: int):
    from sklearn.pipeline import make_pipeline

    features = TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True, token_pattern=r"(?u)[#@]?\b\w+\b")
    return make_pipeline(
        features, LogisticRegression(C=C, class_weight="balanced", max_iter=500, random_state=seed)
    )


def baseline_model(seed: int = config.DEFAULT_SEED):
    """The reference baseline: word unigram TF-IDF + logistic regression (one model per target)."""
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=2000, random_state=seed))
