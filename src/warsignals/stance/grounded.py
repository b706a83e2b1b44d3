"""Stance on real text, grounded in the target and aware of the speaker: :class:`GroundedStanceModel`.

Speeches and statements differ from tweets in two ways that decide stance toward a state. First, most of their
evaluative words carry no target ("courage", "resilient", "territorial integrity"): a sentence says something about
a target only when it refers to it, by its names (``actors.yaml``), its ``refers`` words in
``data/stance_targets.yaml`` (capitals, leaders, "the Kyiv regime", "the occupiers"), the speaker's own first
person ("we", "our country") when the target is the speaker's own state, or the speaker's word for the adversary
("the enemy") when it is the adversary; a state target may also be carried over from the previous sentence.
Second, the same words mean opposite stances in the mouths of the two sides: "our troops liberated" is FAVOR Russia
from Moscow, "the occupiers" is AGAINST Russia from Kyiv. So each (sentence, target) pair gets the target's
**relation** to the speaker: ``own`` (the speaker's state, or the side a target such as military
aid to Ukraine helps), ``adversary`` (the speaker's adversary in ``actors.yaml``), ``party`` (a target on no side,
such as negotiations, spoken of by one of the war's sides), ``other`` (a known speaker of a third state) or
``unknown`` (no speaker actor).

The model is a multinomial logistic regression over, per target, word uni- and bigrams, the same crossed with the
relation (one weight set shared by all speakers, one per relation: "frustratingly easy" domain adaptation), how
the target is referred to, and the votes of the target's labelling functions. It is trained on coded sentences
(the real-text gold set's training part, ``data/gold/realtext``). Two rules hold whatever the weights say:

- **grounding**: a pair whose sentence does not refer to the target is NONE;
- **third parties**: for a speaker who is neither side (``other``) or unknown (a journalist's question in a
  transcript, a commentator), the target's labelling functions decide where they vote, and the pair is NONE
  elsewhere: the coded sentences hold only the two sides' official voices, so the learned weights are not
  trusted for anyone else;
- **own side**: a state's official speaker is never AGAINST its own state, nor FAVOR its adversary at war
  (``own_side_against=False`` and ``adversary_favor=False``, the defaults; set them for corpora of opposition
  voices). The relation covers the side a target helps: military aid to Ukraine is ``own`` for Kyiv and
  ``adversary`` for Moscow.

Examples
--------
>>> import pandas as pd
>>> from warsignals.stance.grounded import GroundedStanceModel, grounding
>>> frame = pd.DataFrame({"text": ["Our soldiers are heroes.", "Courage is everything."],
...                       "target": "Ukraine", "speaker_actor": "UKR"})
>>> grounding(frame)[["relation", "refers", "grounded"]].to_dict("list")
{'relation': ['own', 'own'], 'refers': ['own', ''], 'grounded': [True, False]}
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from warsignals import config
from warsignals.errors import ParameterError
from warsignals.fileio import SkopsType
from warsignals.modelfile import SKOPS_BASE_TYPES
from warsignals.stance.models import _TextStanceEstimator
from warsignals.stance.targets import (
    AGAINST,
    FAVOR,
    LABELS,
    NONE,
    TargetSpec,
    load_targets,
    mentions_target,
    weak_labels,
)

RELATIONS: tuple[str, ...] = ("own", "adversary", "party", "other", "unknown")
#: Where the package's fitted model lives (built by ``data/models/build_grounded.py`` from the gold's training part).
SHIPPED_MODEL_DIR = Path(__file__).resolve().parent / "grounded_model"
#: Exactly the (skops loader, type) pairs a saved :class:`GroundedStanceModel` contains (see
#: ``warsignals.fileio.load_skops``; ``tests/test_model_security.py`` checks fitted models contain just these).
GROUNDED_MODEL_TYPES: frozenset[SkopsType] = SKOPS_BASE_TYPES | {
    ("ObjectNode", "sklearn.linear_model._logistic.LogisticRegression"),
    ("ObjectNode", "warsignals.stance.grounded.GroundedStanceModel"),
}
_VOTE_PROBABILITY = 0.9
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


@lru_cache(maxsize=4)
def _reference_matcher(targets_key: tuple[str, ...] | None):
    """The matcher of actor names and pronouns and of the targets' ``refers`` words (all targets of the default
    file when ``targets_key`` is None, so one matcher serves every target)."""
    from warsignals.actors import load_actors
    from warsignals.lexicon import get_matcher

    specs = load_targets(None, list(targets_key) if targets_key is not None else None)
    table = load_actors()
    entries = list(table.entries())
    for name, spec in specs.items():
        entries += [("refer", name, 0.0, pattern) for pattern in spec.refers]
    return get_matcher(entries), table


def grounding(
    frame: pd.DataFrame,
    specs: Mapping[str, TargetSpec] | None = None,
    text_column: str = "text",
    prev_column: str = "prev",
    speaker_actor_column: str = "speaker_actor",
    votes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """How each row's sentence refers to its target, the target's relation to the speaker, and whether it is grounded.

    Parameters
    ----------
    frame : DataFrame
        One row per (sentence, target): ``text`` and ``target`` columns; optional ``prev`` (the previous sentence)
        and ``speaker_actor`` (the speaker's actor code, e.g. from :func:`warsignals.actors.speaker_actors`).
    specs : mapping, optional
        Target specifications (default: ``data/stance_targets.yaml``).
    text_column, prev_column, speaker_actor_column : str
        Column names.
    votes : sequence of str, optional
        The weak label of each row's target (FAVOR, AGAINST or ""): for a topic target (no ``actor``, such as
        negotiations or military aid) a labelling function's vote grounds the row, since its pattern names the topic.

    Returns
    -------
    DataFrame
        ``relation`` (own, adversary, party, other, unknown), ``refers`` (comma-joined kinds of reference found:
        ``named``, ``own``, ``adversary``, ``pattern``, ``previous``) and ``grounded`` (bool), aligned with ``frame``.
    """
    targets = tuple(pd.unique(frame["target"].astype(str)))
    specs_given = specs is not None and dict(specs) != {t: s for t, s in load_targets().items() if t in specs}
    specs = dict(specs) if specs is not None else load_targets(None, list(targets))
    unknown = [t for t in targets if t not in specs]
    if unknown:
        raise ParameterError(f"unknown stance target(s) {unknown}")
    matcher, table = _reference_matcher(tuple(sorted(specs)) if specs_given else None)
    n = len(frame)
    texts = frame[text_column].fillna("").astype(str).tolist()
    prevs = (frame[prev_column].fillna("").astype(str).tolist() if prev_column in frame.columns else [""] * n)
    speakers = (frame[speaker_actor_column].fillna("").astype(str).str.upper().tolist()
                if speaker_actor_column in frame.columns else [""] * n)
    target_list = frame["target"].astype(str).tolist()
    unique_texts = list(dict.fromkeys(texts + prevs))
    index = {t: i for i, t in enumerate(unique_texts)}
    found: dict[int, list[tuple[str, str]]] = {}
    for row, kind, label in matcher.find(unique_texts)[["row", "kind", "label"]].itertuples(index=False):
        found.setdefault(row, []).append((kind, label))
    relation, refers, grounded = [], [], []
    for i, (text, prev, speaker, target) in enumerate(zip(texts, prevs, speakers, target_list, strict=True)):
        spec = specs[target]
        side = spec.actor or spec.side
        if not speaker:
            rel = "unknown"
        elif not side:
            rel = "party" if speaker in table.adversaries else "other"
        elif speaker == side:
            rel = "own"
        elif table.adversaries.get(speaker) == side:
            rel = "adversary"
        else:
            rel = "other"
        kinds = []
        for kind, label in found.get(index[text], []):
            if kind == "refer" and label == target:
                kinds.append("named")
            elif spec.actor and kind == "actor" and label == spec.actor:
                kinds.append("named")
            elif spec.actor and kind == "pronoun" and label == "first" and rel == "own":
                kinds.append("own")
            elif spec.actor and kind == "pronoun" and label == "adversary" and rel == "adversary":
                kinds.append("adversary")
        if not kinds and not spec.actor and votes is not None and votes[i]:
            kinds.append("pattern")  # a topic target's labelling functions name the topic themselves
        if not kinds and prev:
            if any((kind == "actor" and label == spec.actor) or (kind == "refer" and label == target)
                   for kind, label in found.get(index[prev], [])):
                kinds.append("previous")
        kinds = sorted(set(kinds))
        relation.append(rel)
        refers.append(",".join(kinds))
        grounded.append(bool(kinds))
    return pd.DataFrame({"relation": relation, "refers": refers, "grounded": grounded}, index=frame.index)


def _feature_tokens(frame: pd.DataFrame, ground: pd.DataFrame, votes: pd.Series, context: bool) -> list[list[str]]:
    """The feature tokens of each (sentence, target) row: its words and word pairs, crossed with the target and
    with the target's relation to the speaker, the kinds of reference found, the labelling functions' vote, and
    (``context``) the previous sentence's words."""
    texts = frame["text"].fillna("").astype(str).tolist()
    prevs = (frame["prev"].fillna("").astype(str).tolist() if context and "prev" in frame.columns
             else [""] * len(texts))
    grams_of: dict[str, list[str]] = {}  # a sentence is read once, whatever the number of its targets
    out = []
    for text, prev, target, rel, refs, vote in zip(texts, prevs, frame["target"].astype(str).tolist(),
                                                   ground["relation"].tolist(), ground["refers"].tolist(),
                                                   list(votes), strict=True):
        grams = grams_of.get(text)
        if grams is None:
            words = _WORD.findall(text.lower())
            grams = grams_of[text] = words + [f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)]
        tokens = [f"{target}:{g}" for g in grams] + [f"{target}:{rel}:{g}" for g in grams]
        ref_kinds = [r for r in refs.split(",") if r]
        extras = [f"rel={rel}"] + [f"ref={r}" for r in ref_kinds]
        extras += [f"lf={vote}"] if vote else []
        tokens += [f"{target}:{e}" for e in extras] + [f"{target}:{rel}:{e}" for e in extras]
        tokens += [f"{target}:{rel}:prev:{w}" for w in set(_WORD.findall(prev.lower()))]
        out.append(tokens)
    return out


def _given_tokens(tokens: list[str]) -> list[str]:
    """The vectorizer's analyzer: the feature tokens are made by :func:`_feature_tokens`."""
    return tokens


class GroundedStanceModel(_TextStanceEstimator):
    """Stance toward targets on speeches and statements: grounded in the target, aware of the speaker.

    See the module docstring for the features and the two rules. ``X`` is a DataFrame with ``text`` and
    ``target`` columns and, where known, ``speaker_actor`` and ``prev`` (the previous sentence of the document).

    Parameters
    ----------
    C : float
        Inverse regularisation strength of the logistic regression.
    class_weight : str or None
        ``"balanced"`` or None, for the logistic regression.
    tune_offsets : bool
        Choose per-target class offsets on out-of-fold probabilities of the training data (see :meth:`fit`).
    context : bool
        Add the words of the previous sentence (``prev``) as features, crossed with the relation.
    own_side_against : bool
        Whether a speaker may be AGAINST its own state (False for official speakers).
    adversary_favor : bool
        Whether a speaker may be FAVOR its adversary at war (``actors.yaml`` adversaries; False for official
        speakers). In the 3,627 coded sentences of both official voices neither ever happens.
    random_state : int
        Seed of the solver.

    Attributes
    ----------
    vectorizer_ : TfidfVectorizer
    classifier_ : LogisticRegression
    classes_ : ndarray
        ``AGAINST, FAVOR, NONE``.
    targets_ : list of str
        Targets seen in training.

    Examples
    --------
    >>> import pandas as pd
    >>> from warsignals.realtext import read_gold
    >>> from warsignals.stance.grounded import GroundedStanceModel, gold_pairs
    >>> X, y = gold_pairs(read_gold(part="train"))
    >>> model = GroundedStanceModel().fit(X, y)
    >>> new = pd.DataFrame({"text": ["Russian troops shelled Kharkiv again."], "target": ["Russia"],
    ...                     "speaker_actor": ["UKR"]})
    >>> model.predict(new).tolist()
    ['AGAINST']
    """

    def __init__(self, C: float = 1.0, class_weight: str | None = "balanced", tune_offsets: bool = True,
                 context: bool = False, own_side_against: bool = False, adversary_favor: bool = False,
                 random_state: int = config.DEFAULT_SEED):
        self.C = C
        self.class_weight = class_weight
        self.tune_offsets = tune_offsets
        self.context = context
        self.own_side_against = own_side_against
        self.adversary_favor = adversary_favor
        self.random_state = random_state

    def _inputs(self, X) -> tuple[pd.DataFrame, pd.DataFrame]:
        if not isinstance(X, pd.DataFrame) or not {"text", "target"} <= set(X.columns):
            raise ParameterError("GroundedStanceModel needs a DataFrame with text and target columns")
        frame = X.reset_index(drop=True)
        specs = load_targets(None, list(pd.unique(frame["target"].astype(str))))
        texts = frame["text"].fillna("").astype(str)
        # the labelling functions are slow: they vote only where the target is referred to or mentioned, and for a
        # state target only where the speaker is a third party or unknown (the rule that reads their votes)
        first = grounding(frame, specs)
        referred = first["grounded"].to_numpy()
        third = first["relation"].isin(["other", "unknown"]).to_numpy()
        votes = pd.Series("", index=frame.index, dtype=object)
        for target, rows in frame.groupby("target", sort=False).groups.items():
            spec = specs[str(target)]
            rows = np.asarray(rows)
            if spec.actor:
                rows = rows[third[rows]]
            mentioned = texts.loc[rows].map(lambda t, spec=spec: mentions_target(t, spec)).to_numpy(dtype=bool)
            rows = rows[referred[rows] | mentioned]
            if len(rows):
                labels = weak_labels(texts.loc[rows].tolist(), spec)
                votes.loc[rows] = labels["weak_label"].fillna("").astype(str).to_numpy()
        # the second pass of grounding with the votes: a topic target's labelling function grounds a row whose
        # sentence names no reference of its own (before the previous sentence is looked at)
        ground = first
        topic = frame["target"].astype(str).map(lambda t: not specs[t].actor).to_numpy(dtype=bool)
        by_vote = topic & (votes != "").to_numpy() & ground["refers"].isin(["", "previous"]).to_numpy()
        ground.loc[by_vote, "refers"] = "pattern"
        ground.loc[by_vote, "grounded"] = True
        ground["vote"] = votes
        return frame, ground

    def _strings(self, frame: pd.DataFrame, ground: pd.DataFrame, rows: np.ndarray | None = None) -> list[list[str]]:
        if rows is not None:
            frame, ground = frame.iloc[rows], ground.iloc[rows]
        return _feature_tokens(frame, ground, ground["vote"], self.context)

    def _raw_proba(self, vectorizer, classifier, strings: list[list[str]]) -> np.ndarray:
        raw = classifier.predict_proba(vectorizer.transform(strings))
        learned = list(classifier.classes_)
        return np.column_stack([raw[:, learned.index(c)] if c in learned else np.zeros(len(strings)) for c in LABELS])

    def _apply(self, proba: np.ndarray, targets: np.ndarray, ground: pd.DataFrame, offsets: Mapping) -> np.ndarray:
        """Class offsets per target (log scale), then the own-side, third-party and grounding rules."""
        proba = proba.copy()
        for target, (off_against, off_favor) in offsets.items():
            rows = targets == target
            proba[rows, 0] *= np.exp(off_against)
            proba[rows, 1] *= np.exp(off_favor)
        proba /= proba.sum(axis=1, keepdims=True)
        if not self.own_side_against:
            own = (ground["relation"] == "own").to_numpy()
            proba[own, 2] += proba[own, 0]
            proba[own, 0] = 0.0
        if not self.adversary_favor:
            adversary = (ground["relation"] == "adversary").to_numpy()
            proba[adversary, 2] += proba[adversary, 1]
            proba[adversary, 1] = 0.0
        # a third party's or an unknown speaker's stance: the learned weights know only the two sides' official
        # voices, so the target's labelling functions (negation-, hedge- and attribution-aware) decide, else NONE
        third = ground["relation"].isin(["other", "unknown"]).to_numpy()
        proba[third] = 0.0
        proba[third, 2] = 1.0
        for column, label in ((0, AGAINST), (1, FAVOR)):
            voted = third & (ground["vote"] == label).to_numpy()
            proba[voted] = (1 - _VOTE_PROBABILITY) / 2
            proba[voted, column] = _VOTE_PROBABILITY
        off = ~ground["grounded"].to_numpy()
        proba[off] = 0.0
        proba[off, 2] = 1.0
        return proba

    def __getstate__(self) -> dict:
        """The state saved (skops, pickle): the vectorizer as its terms in one text and its idf weights.

        A vocabulary dict of ~150,000 terms is as many nodes in a skops file, each audited on load (half a minute
        on a loaded machine); one string of terms and one array load in well under a second.
        """
        state = super().__getstate__()
        vectorizer = state.pop("vectorizer_", None)
        if vectorizer is not None:
            state["vectorizer_terms_"] = "\n".join(sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get))
            state["vectorizer_idf_"] = vectorizer.idf_
        return state

    def __setstate__(self, state: dict) -> None:
        state = dict(state)
        terms, idf = state.pop("vectorizer_terms_", None), state.pop("vectorizer_idf_", None)
        super().__setstate__(state)
        if terms is not None:
            vectorizer = _new_vectorizer()
            vectorizer.vocabulary_ = {term: i for i, term in enumerate(terms.split("\n"))}
            vectorizer.idf_ = idf
            self.vectorizer_ = vectorizer

    def _fit_once(self, strings: list[list[str]], y: np.ndarray):
        vectorizer = _new_vectorizer()
        features = vectorizer.fit_transform(strings)
        classifier = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=2000,
                                        random_state=self.random_state).fit(features, y)
        return vectorizer, classifier

    def fit(self, X, y):
        """Fit on (sentence, target) pairs ``X`` and their stances ``y`` (AGAINST, FAVOR, NONE).

        With ``tune_offsets``, per-target class offsets that maximise the mean F1 of FAVOR and AGAINST are chosen on
        out-of-fold probabilities (folds grouped by ``doc_id`` when ``X`` has it, else by text).
        """
        frame, ground = self._inputs(X)
        strings = self._strings(frame, ground)
        y = np.asarray(y, dtype=object)
        bad = sorted(set(y) - set(LABELS))
        if bad:
            raise ParameterError(f"stance labels must be AGAINST, FAVOR or NONE, not {bad}")
        targets = frame["target"].astype(str).to_numpy()
        self.offsets_ = {}
        if self.tune_offsets:
            from sklearn.model_selection import GroupKFold

            groups = pd.factorize(frame["doc_id"] if "doc_id" in frame.columns else frame["text"])[0]
            oof = np.zeros((len(y), len(LABELS)))
            for train, test in GroupKFold(n_splits=5).split(strings, y, groups):
                vectorizer, classifier = self._fit_once([strings[i] for i in train], y[train])
                oof[test] = self._raw_proba(vectorizer, classifier, [strings[i] for i in test])
            grid = np.arange(-2.0, 2.01, 0.25)
            for target in pd.unique(targets):
                rows = targets == target
                best = (-1.0, (0.0, 0.0))
                for off_against in grid:
                    for off_favor in grid:
                        pred = np.array(LABELS, dtype=object)[np.argmax(self._apply(
                            oof[rows], targets[rows], ground[rows], {target: (off_against, off_favor)}), axis=1)]
                        score = _mean_f(y[rows], pred)
                        if score > best[0] + 1e-9:
                            best = (score, (float(off_against), float(off_favor)))
                self.offsets_[str(target)] = list(best[1])
        self.vectorizer_, self.classifier_ = self._fit_once(strings, y)
        self.classes_ = np.array(LABELS)
        self.targets_ = [str(t) for t in sorted(pd.unique(targets))]
        return self

    def predict_proba(self, X) -> np.ndarray:
        """Probabilities of AGAINST, FAVOR, NONE with the offsets, the grounding and own-side rules applied."""
        check_is_fitted(self, "classifier_")
        unknown = sorted(set(X["target"].astype(str)) - set(self.targets_)) if isinstance(X, pd.DataFrame) else []
        if unknown:
            raise ParameterError(f"this grounded stance model was trained for {self.targets_}, not {unknown}: "
                                 "train one on coded sentences of those targets (warsignals train stance --gold)")
        frame, ground = self._inputs(X)
        # the learned weights decide only grounded rows of the two sides' speakers; the rules set every other row
        learned = np.flatnonzero(ground["grounded"].to_numpy() & ground["relation"].isin(["own", "adversary", "party"])
                                 .to_numpy())
        proba = np.zeros((len(frame), len(LABELS)))
        proba[:, LABELS.index(NONE)] = 1.0
        if len(learned):
            proba[learned] = self._raw_proba(self.vectorizer_, self.classifier_, self._strings(frame, ground, learned))
        return self._apply(proba, frame["target"].astype(str).to_numpy(), ground, self.offsets_)


def _new_vectorizer() -> TfidfVectorizer:
    """The vectorizer of the feature tokens (lists made by :func:`_feature_tokens`, used as they are)."""
    return TfidfVectorizer(analyzer=_given_tokens, sublinear_tf=True, min_df=2)


def _mean_f(truth: np.ndarray, pred: np.ndarray) -> float:
    """Mean F1 of FAVOR and AGAINST over the classes ``truth`` holds (the measure of the real-text gold set)."""
    scores = []
    for label in (FAVOR, AGAINST):
        t, p = truth == label, pred == label
        if t.any():
            tp = (t & p).sum()
            scores.append(2 * tp / (t.sum() + p.sum()))
    return float(np.mean(scores)) if scores else 0.0


def gold_pairs(gold: pd.DataFrame, targets: Sequence[str] | None = None) -> tuple[pd.DataFrame, np.ndarray]:
    """(sentence, target) pairs and their coded stances from a real-text gold table (:func:`read_gold`)."""
    targets = list(targets) if targets is not None else [c[len("stance_"):] for c in gold.columns
                                                          if c.startswith("stance_")]
    pieces, labels = [], []
    for target in targets:
        column = gold[f"stance_{target}"].astype(str).str.upper()
        pieces.append(pd.DataFrame({"text": gold["sentence"].to_numpy(), "target": target,
                                    "prev": gold["prev"].fillna("").to_numpy(),
                                    "speaker_actor": gold["speaker_actor"].fillna("").to_numpy(),
                                    "doc_id": gold["doc_id"].to_numpy(), "row_id": gold["row_id"].to_numpy()}))
        labels.append(column.where(column.isin(LABELS), NONE).to_numpy())
    return pd.concat(pieces, ignore_index=True), np.concatenate(labels).astype(object)


@lru_cache(maxsize=1)
def shipped_model() -> GroundedStanceModel:
    """The package's grounded model, fitted on the real-text gold set's training part (loaded once per process)."""
    from warsignals.stance.training import load_stance_model

    return load_stance_model(SHIPPED_MODEL_DIR)
