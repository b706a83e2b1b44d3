"""Target-specific stance (FAVOR / AGAINST / NONE): weakly and fully supervised models.

Stance is the position of the *author* toward a target (``negotiations``, ``military_aid``, ``Russia``,
``Ukraine``, ... configured in ``data/stance_targets.yaml``), not the sentiment of the text.

Two kinds of model share one interface (scikit-learn estimators whose ``X`` is a sequence of texts or a
DataFrame with ``text`` and ``target`` columns, classes ``AGAINST, FAVOR, NONE``):

- :class:`WeakStanceModel` uses zero gold labels. Each YAML pattern is a labelling function (LF) that votes
  FAVOR or AGAINST for a sentence, with negation (a cue shortly before the match in the same clause flips
  the vote), hedging and attribution (a hedge such as "maybe" or an attribution such as "what they want to
  achieve is" before the match makes the LF abstain: the author does not commit to the view). The votes of
  a sentence are combined by **weighted majority vote with abstain**: the label with the larger sum of LF
  weights wins; no votes or a tie give no weak label. A TF-IDF logistic regression is then fitted on the
  weakly labelled sentences of an unlabelled corpus (with a sample of sentences without votes, or of
  sentences that do not mention the target, as NONE) so that the model generalises beyond the seed phrases;
  its probabilities are blended with the vote. In a text that mentions a target, the LFs of a target declared
  ``opposed_to`` it vote too, flipped.
- :class:`StanceClassifier` is supervised: word 1-2-gram and character 2-5-gram TF-IDF, target-context
  words (around mentions of each YAML target), LF lexicon scores, target-interaction features for a joint
  model over several targets, targets declared ``opposed_to`` each other pooled on one stance axis with
  flipped labels (AGAINST Russia and FAVOR Ukraine train the same weights), a class-balanced linear SVM
  calibrated by :class:`~sklearn.calibration.CalibratedClassifierCV`, and class offsets tuned on
  out-of-fold probabilities of the training data to maximise the SemEval-2016 macro-F.
  :func:`select_stance_model` picks feature sets and ``C`` by grouped cross-validation on training data only.

Per-sentence scores aggregate to documents with :func:`document_stance`. Fitted supervised models are saved
with skops and loaded only when every type in the file is on an allow-list (:func:`load_stance_model`).
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.stats import beta as beta_distribution
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted

from warsignals import config
from warsignals.errors import InputError, ParameterError
from warsignals.fileio import (
    FLAG,
    INTEGER,
    NOTHING,
    NUMBER,
    TEXT,
    AnyOf,
    ListOf,
    MapOf,
    SkopsType,
    dump_skops,
    load_skops,
    parse_yaml,
    read_text,
    validate_yaml,
)
from warsignals.lexicon import check_raw_regex

FAVOR, AGAINST, NONE = "FAVOR", "AGAINST", "NONE"
LABELS: tuple[str, ...] = (AGAINST, FAVOR, NONE)
ANY_TARGET = "_any"
MODEL_FILE = "model.skops"
META_FILE = "model.json"
MODEL_FORMAT = "warsignals-stance/1"
#: Exactly the (skops loader, type) pairs a saved :class:`StanceClassifier` contains, in every configuration
#: (``tests/test_model_security.py`` checks that fitted models contain exactly these); anything else in a file
#: makes :func:`load_stance_model` refuse it before anything in the file is built.
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
    ("TypeNode", "numpy.float32"),
    ("NdArrayNode", "numpy.int64"),
    ("ObjectNode", "sklearn.isotonic.IsotonicRegression"),
    ("ObjectNode", "sklearn.linear_model._logistic.LogisticRegression"),
    ("ObjectNode", "warsignals.stance.StanceClassifier"),
})

_URL = re.compile(r"https?://\S+|www\.\S+")
_USER = re.compile(r"@\w+")
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_CLAUSE_BREAK = re.compile(r"[,;:.!?()\u2014]|\bbut\b", re.IGNORECASE)
_WORD = re.compile(r"[\w'’#-]+")


# --------------------------------------------------------------------------------------------- patterns
def compile_phrase(phrase: str, gap_words: int = 8) -> re.Pattern:
    """Compile a pattern of the YAML mini-syntax into a case-insensitive regular expression.

    Parameters
    ----------
    phrase : str
        Words separated by spaces; ``[a|b c]`` is a slot of alternative phrases (``[a|b]?`` an optional
        one); ``...`` is a gap of up
        to ``gap_words`` words; a trailing ``*`` on a word matches any continuation; a phrase starting
        with ``re:`` is a raw regular expression.
    gap_words : int
        Maximum number of words a ``...`` gap spans.

    Returns
    -------
    re.Pattern
    """
    phrase = phrase.strip()
    if not phrase:
        raise ValueError("empty pattern")
    if phrase.startswith("re:"):
        return check_raw_regex(phrase[3:], re.IGNORECASE)  # RegexProblem is a ValueError naming the pattern
    if phrase.count("[") != phrase.count("]"):
        raise ValueError(f"unbalanced brackets in {phrase!r}")
    tokens = re.findall(r"\.\.\.|\[[^\]]*\]\??|[^\s\[\]]+", phrase)
    parts: list[str] = []
    for position, token in enumerate(tokens):
        if token == "...":
            if position in (0, len(tokens) - 1):
                raise ValueError("a '...' gap must sit between two words")
            parts.append(rf"(?:\W+[\w'’-]+){{0,{int(gap_words)}}}?\W+")
            continue
        optional = token.endswith("]?")
        if token.startswith("["):
            alternatives = [a.strip() for a in token.rstrip("?")[1:-1].split("|") if a.strip()]
            if not alternatives:
                raise ValueError(f"empty slot {token!r}")
            body = "(?:" + "|".join(_words_regex(a) for a in alternatives) + ")"
        else:
            body = _words_regex(token)
        if optional:
            if not parts or parts[-1].endswith(r"\W+"):
                raise ValueError(f"an optional slot {token!r} must follow a word")
            parts.append(rf"(?:\s+{body})?")
            continue
        if parts and not parts[-1].endswith(r"\W+"):
            parts.append(r"\s+")
        parts.append(body)
    return re.compile("".join(parts), re.IGNORECASE)


def _words_regex(words: str) -> str:
    pieces = []
    for word in words.split():
        wildcard = word.endswith("*")
        core = word.rstrip("*")
        piece = re.escape(core) + (r"[\w'’-]*" if wildcard else "")
        if core[:1].isalnum() or core[:1] == "_":
            piece = r"(?<![\w#])" + piece
        if not wildcard and (core[-1:].isalnum() or core[-1:] == "_"):
            piece += r"(?![\w])"
        pieces.append(piece)
    return r"\s+".join(pieces)


def _cue_regex(cues: Iterable[str], gap_words: int) -> re.Pattern | None:
    for cue in cues:
        if not isinstance(cue, str):
            raise ValueError(f"cue {cue!r} is not text (quote it in the YAML: yes/no/on/off are booleans)")
    compiled = [compile_phrase(cue, gap_words).pattern for cue in cues if cue.strip()]
    if not compiled:
        return None
    return re.compile("|".join(f"(?:{c})" for c in compiled), re.IGNORECASE)


@dataclass(frozen=True)
class LabellingFunction:
    """One weak-labelling pattern: votes ``label`` where ``regex`` matches, else abstains."""

    name: str
    target: str
    label: str
    regex: re.Pattern
    weight: float = 1.0
    negatable: bool = True


@dataclass
class TargetSpec:
    """A stance target with its description, mention patterns and labelling functions."""

    name: str
    description: str
    mentions: re.Pattern | None
    lfs: list[LabellingFunction] = field(default_factory=list)
    negation_cues: re.Pattern | None = None
    negation_window: int = 5
    hedge_cues: re.Pattern | None = None
    hedge_weight: float = 0.0
    attribution_cues: re.Pattern | None = None
    attribution_weight: float = 0.0
    opposed_to: tuple[str, ...] = ()
    cache: dict = field(default_factory=dict, repr=False, compare=False)


_SETTINGS = {
    "gap_words": INTEGER, "negation_window": INTEGER, "negation_cues": ListOf(TEXT), "hedge_cues": ListOf(TEXT),
    "hedge_weight": NUMBER, "attribution_cues": ListOf(TEXT), "attribution_weight": NUMBER,
}
_LF = AnyOf((TEXT, MapOf({"name": TEXT, "pattern": TEXT, "weight": NUMBER, "negatable": FLAG}, ("pattern",))),
            "a pattern or a mapping with pattern (and name, weight, negatable)")
#: The schema of ``data/stance_targets.yaml``: unknown keys and wrongly typed values are errors.
TARGETS_SCHEMA = MapOf(
    {
        "version": INTEGER,
        "defaults": MapOf(_SETTINGS),
        "targets": MapOf(rest=AnyOf((NOTHING, MapOf({
            "description": TEXT, "mentions": ListOf(TEXT), "favor": ListOf(_LF), "against": ListOf(_LF),
            "opposed_to": AnyOf((TEXT, ListOf(TEXT)), "a target name or a list of them"), **_SETTINGS,
        })), "a mapping of the target's settings")),
    },
    required=("targets",),
)


def load_targets(path: str | Path | None = None, targets: Sequence[str] | None = None) -> dict[str, TargetSpec]:
    """Read stance targets and their labelling functions from YAML.

    Parameters
    ----------
    path : str or Path, optional
        The YAML file; defaults to ``config.STANCE_TARGETS_FILE``.
    targets : sequence of str, optional
        Keep only these targets (in this order); unknown names raise :class:`ParameterError`.

    Returns
    -------
    dict
        Target name to :class:`TargetSpec`.
    """
    path = Path(path) if path is not None else config.STANCE_TARGETS_FILE
    if not path.is_file():
        raise InputError(f"{path}: stance targets file not found")
    return parse_targets(read_text(path), targets, source=str(path))


def parse_targets(
    text: str, targets: Sequence[str] | None = None, source: str = "stance targets"
) -> dict[str, TargetSpec]:
    """Parse the YAML text of a targets file (see :func:`load_targets`); ``source`` names it in errors."""
    path = source
    document = parse_yaml(text, path)
    if not isinstance(document, dict) or not isinstance(document.get("targets"), dict):
        raise InputError(f"{path}: expected a mapping with a 'targets' section")
    validate_yaml(document, TARGETS_SCHEMA, path, text)
    defaults = document.get("defaults") or {}
    specs: dict[str, TargetSpec] = {}
    for name, entry in document["targets"].items():
        specs[str(name)] = _parse_target(path, str(name), entry or {}, defaults)
    _link_opposed(specs, path)
    if targets is None:
        return specs
    unknown = [t for t in targets if t not in specs]
    if unknown:
        raise ParameterError(f"unknown stance target(s) {unknown}; {path} defines {sorted(specs)}")
    return {t: specs[t] for t in targets}


def _parse_target(path: str, name: str, entry: dict, defaults: dict) -> TargetSpec:
    if not isinstance(entry, dict):
        raise InputError(f"{path}: target {name!r} must be a mapping, not {type(entry).__name__}")
    settings = {**defaults, **{k: v for k, v in entry.items() if k not in ("favor", "against", "mentions")}}
    gap = int(settings.get("gap_words", 8))

    def cues(key: str) -> re.Pattern | None:
        try:
            return _cue_regex(settings.get(key) or [], gap)
        except (ValueError, re.error) as exc:
            raise InputError(f"{path}: target {name!r}, {key}: {exc}") from None

    lfs = []
    for label, key in ((FAVOR, "favor"), (AGAINST, "against")):
        for number, item in enumerate(entry.get(key) or []):
            item = {"pattern": item} if isinstance(item, str) else item
            if not isinstance(item, dict) or not item.get("pattern"):
                raise InputError(f"{path}: target {name!r}, {key} item {number + 1}: needs a 'pattern'")
            lf_name = str(item.get("name") or f"{key}_{number + 1}")
            try:
                regex = compile_phrase(str(item["pattern"]), gap)
            except (ValueError, re.error) as exc:
                raise InputError(f"{path}: target {name!r}, labelling function {lf_name!r}: {exc}") from None
            lfs.append(
                LabellingFunction(
                    name=lf_name,
                    target=name,
                    label=label,
                    regex=regex,
                    weight=float(item.get("weight", 1.0)),
                    negatable=bool(item.get("negatable", True)),
                )
            )
    try:
        mentions = _cue_regex(entry.get("mentions") or [], gap)
    except (ValueError, re.error) as exc:
        raise InputError(f"{path}: target {name!r}, mentions: {exc}") from None
    return TargetSpec(
        name=name,
        description=str(entry.get("description", "")).strip(),
        mentions=mentions,
        lfs=lfs,
        negation_cues=cues("negation_cues"),
        negation_window=int(settings.get("negation_window", 5)),
        hedge_cues=cues("hedge_cues"),
        hedge_weight=float(settings.get("hedge_weight", 0.0)),
        attribution_cues=cues("attribution_cues"),
        attribution_weight=float(settings.get("attribution_weight", 0.0)),
        opposed_to=_name_list(entry.get("opposed_to"), f"{path}: target {name!r}, opposed_to"),
    )


def _name_list(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise InputError(f"{where}: expected a target name or a list of target names")
    return tuple(values)


def _link_opposed(specs: dict[str, TargetSpec], path: str) -> None:
    """Check ``opposed_to`` names and make the relation symmetric (A opposed to B means B opposed to A)."""
    for name, spec in specs.items():
        for other in spec.opposed_to:
            if other not in specs:
                raise InputError(f"{path}: target {name!r}, opposed_to: {other!r} is not a target in this file")
            if other == name:
                raise InputError(f"{path}: target {name!r}, opposed_to: a target cannot oppose itself")
    for name, spec in list(specs.items()):
        for other in spec.opposed_to:
            if name not in specs[other].opposed_to:
                specs[other].opposed_to = (*specs[other].opposed_to, name)


def axis_orientation(specs: Mapping[str, TargetSpec], targets: Sequence[str]) -> dict[str, int]:
    """Orient targets on shared stance axes: +1 or -1 per target, opposite for opposed targets.

    Targets linked by ``opposed_to`` (directly or through a chain, among ``targets`` only) form one axis;
    the first of them in ``targets`` order gets +1 and every opposed neighbour the opposite sign, so FAVOR
    toward a -1 target is read as AGAINST on the axis. Targets without opposition (or absent from ``specs``)
    get +1. Raises :class:`ParameterError` when the declarations contradict themselves (an odd cycle).
    """
    wanted = list(dict.fromkeys(targets))
    signs: dict[str, int] = {}
    for start in wanted:
        if start in signs:
            continue
        signs[start] = 1
        queue = [start]
        while queue:
            current = queue.pop()
            for other in specs[current].opposed_to if current in specs else ():
                if other not in wanted:
                    continue
                if other not in signs:
                    signs[other] = -signs[current]
                    queue.append(other)
                elif signs[other] == signs[current]:
                    raise ParameterError(
                        f"stance targets {current!r} and {other!r} are both opposed and aligned through "
                        "opposed_to declarations; remove one declaration"
                    )
    return signs


def swap_stance(labels: np.ndarray, flipped: np.ndarray) -> np.ndarray:
    """``labels`` with FAVOR and AGAINST exchanged where ``flipped`` is true (NONE unchanged)."""
    labels = np.asarray(labels, dtype=object).copy()
    favor, against = flipped & (labels == FAVOR), flipped & (labels == AGAINST)
    labels[favor], labels[against] = AGAINST, FAVOR
    return labels


# ------------------------------------------------------------------------------------ labelling functions
def _lf_vote(text: str, lf: LabellingFunction, spec: TargetSpec) -> tuple[str, float] | None:
    """The vote of one LF on one text (label, weight), or None when it abstains."""
    for match in lf.regex.finditer(text):
        before = text[: match.start()]
        weight = lf.weight
        if spec.hedge_cues is not None and spec.hedge_cues.search(before + " " + match.group(0)):
            weight *= spec.hedge_weight
        if spec.attribution_cues is not None and spec.attribution_cues.search(before):
            weight *= spec.attribution_weight
        if weight <= 0:
            continue
        label = lf.label
        if lf.negatable and spec.negation_cues is not None:
            clause = _CLAUSE_BREAK.split(before)[-1]
            window = " ".join(_WORD.findall(clause)[-spec.negation_window :])
            if len(spec.negation_cues.findall(window)) % 2 == 1:
                label = AGAINST if label == FAVOR else FAVOR
        return label, weight
    return None


def weak_labels(texts: Iterable[str], spec: TargetSpec) -> pd.DataFrame:
    """Apply a target's labelling functions and combine their votes.

    The combination rule is a weighted majority vote with abstain: each non-abstaining LF adds its weight to
    its (possibly negation-flipped) label; the label with the larger sum is the weak label; no votes or a
    tie give ``None`` (abstain).

    Parameters
    ----------
    texts : iterable of str
        Sentences (or other short units).
    spec : TargetSpec
        The target and its labelling functions.

    Returns
    -------
    DataFrame
        One row per text: ``favor_votes, against_votes`` (weighted sums), ``weak_label`` (FAVOR, AGAINST or
        None), ``mentioned`` (the text mentions the target or an LF voted) and ``lfs`` (``name:LABEL`` of the
        voting LFs, ``;``-separated).
    """
    rows = []
    cache = spec.cache
    if len(cache) > 500_000:
        cache.clear()
    for text in texts:
        text = "" if text is None or (isinstance(text, float) and np.isnan(text)) else str(text)
        row = cache.get(text)
        if row is None:
            row = cache[text] = _vote_row(text, spec)
        rows.append(row)
    return pd.DataFrame(rows, columns=["favor_votes", "against_votes", "weak_label", "mentioned", "lfs"])


def _vote_row(text: str, spec: TargetSpec) -> tuple:
    favor = against = 0.0
    fired = []
    for lf in spec.lfs:
        vote = _lf_vote(text, lf, spec)
        if vote is None:
            continue
        label, weight = vote
        if label == FAVOR:
            favor += weight
        else:
            against += weight
        fired.append(f"{lf.name}:{label}")
    label = FAVOR if favor > against else AGAINST if against > favor else None
    mentioned = bool(fired) or (spec.mentions is not None and spec.mentions.search(text) is not None)
    return favor, against, label, mentioned, ";".join(fired)


# ------------------------------------------------------------------------------------------ input helpers
def _as_frame(X, default_target: str | None) -> pd.DataFrame:
    """Normalise model input to a DataFrame with ``text`` and ``target`` columns."""
    if isinstance(X, pd.DataFrame):
        if "text" not in X.columns:
            raise ParameterError("stance input table needs a 'text' column")
        texts = X["text"]
        if "target" in X.columns:
            targets = X["target"].astype(object).where(X["target"].notna(), default_target or ANY_TARGET)
        else:
            targets = pd.Series(default_target or ANY_TARGET, index=X.index)
    else:
        if isinstance(X, str):
            raise ParameterError("stance models take a sequence of texts, not a single string")
        texts = pd.Series(list(X), dtype=object)
        targets = pd.Series(default_target or ANY_TARGET, index=texts.index)
    texts = pd.Series(texts, dtype=object).fillna("").astype(str).to_numpy()
    return pd.DataFrame({"text": texts, "target": np.asarray(targets, dtype=object).astype(str)})


def normalise_tweet(text: str) -> str:
    """Lower-noise text for features: URLs and user handles replaced, camel-case hashtags segmented.

    ``"#StandWithUkraine now https://t.co/x"`` becomes ``"#StandWithUkraine stand with ukraine now URL"``.
    """
    text = _URL.sub(" URL ", text)
    text = _USER.sub(" @USER ", text)

    def segment(match: re.Match) -> str:
        words = _CAMEL.findall(match.group(1))
        return match.group(0) + (" " + " ".join(w.lower() for w in words) if len(words) > 1 else "")

    return _HASHTAG.sub(segment, text)


def lexicon_matrix(texts: Sequence[str], specs: Mapping[str, TargetSpec]) -> np.ndarray:
    """Weighted FAVOR and AGAINST vote sums of every target's LFs, as dense features (2 per target)."""
    columns = []
    for spec in specs.values():
        votes = weak_labels(texts, spec)
        columns += [votes["favor_votes"].to_numpy(), votes["against_votes"].to_numpy()]
    if not columns:
        return np.zeros((len(texts), 0))
    return np.log1p(np.column_stack(columns).astype(float))


_CONTEXT_TOKEN = re.compile(r"[#@]?\w+")


def target_contexts(texts: Sequence[str], specs: Mapping[str, TargetSpec], window: int) -> list[str]:
    """Words around target mentions as one token string per text, for target-aware features.

    For every mention (a match of a target's ``mentions`` pattern), the ``window`` words to its left and right
    become tokens ``<target>_L_<word>``, ``<target>_R_<word>`` and ``<target>_<word>`` (lower-cased), so that
    "Russia murdered civilians" gives ``Russia_R_murdered`` and ``Russia_murdered``.
    """
    out = []
    for text in texts:
        tokens: list[str] = []
        for name, spec in specs.items():
            if spec.mentions is None:
                continue
            for match in spec.mentions.finditer(text):
                left = _CONTEXT_TOKEN.findall(text[: match.start()])[-window:]
                right = _CONTEXT_TOKEN.findall(text[match.end() :])[:window]
                tokens += [f"{name}_L_{w.lower()}" for w in left] + [f"{name}_R_{w.lower()}" for w in right]
                tokens += [f"{name}_{w.lower()}" for w in left + right]
        out.append(" ".join(tokens))
    return out


@lru_cache(maxsize=8)
def _cached_specs(text: str) -> dict[str, TargetSpec]:
    return parse_targets(text, source="stance model lexicon")


def _text_groups(texts: Sequence[str]) -> np.ndarray:
    normal = pd.Series(list(texts), dtype=object).astype(str).str.lower().str.split().str.join(" ")
    return pd.factorize(normal)[0]


# ------------------------------------------------------------------------------------- supervised model
class _TextStanceEstimator(ClassifierMixin, BaseEstimator):
    """What both stance models share: ``predict`` from ``predict_proba``, and text input in the sklearn tags."""

    def predict(self, X) -> np.ndarray:
        """Most probable stance label per row."""
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False  # X is texts (a sequence or a table with text/target), not numbers
        tags.input_tags.string = True
        return tags


class StanceClassifier(_TextStanceEstimator):
    """Calibrated, class-balanced linear stance classifier over TF-IDF, lexicon and target features.

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
        if self.calibration not in ("sigmoid", "isotonic"):
            raise ParameterError(f"calibration must be 'sigmoid' or 'isotonic', not {self.calibration!r}")
        if not (isinstance(self.C, int | float) and self.C > 0):
            raise ParameterError(f"C must be positive, not {self.C!r}")
        if int(self.cv) < 2:
            raise ParameterError("cv must be at least 2")
        if not (isinstance(self.context_window, int) and self.context_window >= 0):
            raise ParameterError(f"context_window must be a whole number >= 0, not {self.context_window!r}")

    def _specs(self) -> dict[str, TargetSpec]:
        """The target specs of the YAML read at fit time (the model carries the YAML text)."""
        return _cached_specs(self.lexicon_yaml_)

    def _features(self, frame: pd.DataFrame, fit: bool) -> sparse.csr_matrix:
        texts = [normalise_tweet(t) for t in frame["text"]]
        if fit:
            min_df = self.min_df if len(texts) >= 10 * self.min_df else 1
            self.word_vectorizer_ = TfidfVectorizer(
                ngram_range=tuple(self.word_ngram_range),
                min_df=min_df,
                sublinear_tf=True,
                token_pattern=r"(?u)[#@]?\b\w+\b",
                dtype=np.float32,
            ).fit(texts)
            self.char_vectorizer_ = None
            if self.char_ngram_range is not None:
                self.char_vectorizer_ = TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=tuple(self.char_ngram_range),
                    min_df=min_df,
                    sublinear_tf=True,
                    max_features=200_000,
                    dtype=np.float32,
                ).fit(texts)
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
        base = LinearSVC(C=self.C, class_weight="balanced", random_state=self.random_state, max_iter=5000)
        self.calibrated_ = CalibratedClassifierCV(base, method=self.calibration, cv=splits, ensemble=True)
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
        The best parameter set (base + candidate) and one row per candidate with its mean and standard
        deviation of the SemEval macro-F across folds.
    """
    from warsignals.evaluate import semeval_macro_f

    frame = _as_frame(X, (base_params or {}).get("target"))
    y = np.asarray(pd.Series(list(y), dtype=object).astype(str))
    splits = _grouped_splits(y, _text_groups(frame["text"]), cv, seed)
    rows = []
    for candidate in grid or DEFAULT_GRID:
        params = {**(base_params or {}), **candidate, "random_state": seed}
        scores = []
        for train, test in splits:
            model = StanceClassifier(**params).fit(frame.iloc[train], y[train])
            scores.append(semeval_macro_f(y[test], model.predict(frame.iloc[test])))
        rows.append({"params": json.dumps(candidate, sort_keys=True), "macro_f": float(np.mean(scores)),
                     "sd": float(np.std(scores))})
    table = pd.DataFrame(rows)
    best = json.loads(table.loc[table["macro_f"].idxmax(), "params"])
    return {**(base_params or {}), **best}, table


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


# ---------------------------------------------------------------------------------------------- scoring
def score_stance(
    frame: pd.DataFrame,
    targets: Sequence[str],
    models: Mapping[str, object] | str | None = None,
    text_column: str = "sentence",
    keys: Sequence[str] | None = None,
    fit_texts: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Score the stance of every row toward every target.

    Parameters
    ----------
    frame : DataFrame
        Sentences (or units) with a text column.
    targets : sequence of str
        Target names (from the YAML).
    models : str or dict, optional
        ``"weak"`` (default) or ``"weak:unmentioned"``, a model directory, a fitted estimator, or a dict
        target -> one of these.
    text_column : str
        Column holding the text.
    keys : sequence of str, optional
        Columns copied to the output; defaults to the present ones of ``doc_id, sent_id, unit_id``.
    fit_texts : sequence of str, optional
        Unlabelled texts the weak model is fitted on; defaults to the texts being scored.

    Returns
    -------
    DataFrame
        Long table: ``*keys, target, stance, probability, p_favor, p_against, p_none, model, lfs``.
    """
    if text_column not in frame.columns:
        raise ParameterError(f"the table has no column {text_column!r} (columns: {list(frame.columns)})")
    if isinstance(targets, str):
        targets = [targets]
    if not targets:
        raise ParameterError("no stance targets given")
    specs = load_targets(None, list(targets))
    keys = list(keys) if keys is not None else [c for c in ("doc_id", "sent_id", "unit_id") if c in frame.columns]
    texts = frame[text_column].fillna("").astype(str).tolist()
    pieces = []
    for target in targets:
        spec_model = models.get(target, "weak") if isinstance(models, Mapping) else (models or "weak")
        model, name = resolve_stance_model(spec_model, target, fit_texts if fit_texts is not None else texts)
        inputs = pd.DataFrame({"text": texts, "target": target})
        if isinstance(model, StanceClassifier) and len(model.targets_) == 1:
            inputs["target"] = model.targets_[0]
        proba = model.predict_proba(inputs)
        classes = list(model.classes_)
        column = {
            label: proba[:, classes.index(label)] if label in classes else np.zeros(len(texts))
            for label in LABELS
        }
        stacked = np.column_stack([column[label] for label in LABELS])
        piece = frame[keys].reset_index(drop=True).copy()
        piece["target"] = target
        piece["stance"] = np.array(LABELS, dtype=object)[np.argmax(stacked, axis=1)]
        piece["probability"] = stacked.max(axis=1)
        piece["p_favor"], piece["p_against"], piece["p_none"] = column[FAVOR], column[AGAINST], column[NONE]
        piece["model"] = name
        piece["lfs"] = weak_labels(texts, specs[target])["lfs"].to_numpy()
        pieces.append(piece)
    return pd.concat(pieces, ignore_index=True)


WEAK_MODELS: dict[str, dict] = {"weak": {}, "weak:unmentioned": {"none_from": "unmentioned"}}


def resolve_stance_model(model, target: str, fit_texts: Sequence[str]) -> tuple[object, str]:
    """Turn a weak model name, a model directory or a fitted estimator into a fitted model and its name.

    The weak model names are the keys of :data:`WEAK_MODELS`: ``"weak"`` (defaults) and
    ``"weak:unmentioned"`` (``none_from="unmentioned"``, for opinion-dense texts such as tweets); a weak model
    is fitted on ``fit_texts`` (no labels).
    """
    if isinstance(model, str | Path) and str(model) in WEAK_MODELS:
        weak = WeakStanceModel(target=target, **WEAK_MODELS[str(model)])
        return weak.fit(list(fit_texts)), str(model)
    if isinstance(model, str | Path):
        return load_stance_model(model), str(model)
    if hasattr(model, "predict_proba") and hasattr(model, "classes_"):
        return model, type(model).__name__
    raise ParameterError(
        f"model for target {target!r} must be one of {sorted(WEAK_MODELS)}, a model directory or a fitted model"
    )


def document_stance(scored: pd.DataFrame, by: Sequence[str] = ("doc_id",)) -> pd.DataFrame:
    """Aggregate sentence (or unit) stance to documents.

    Per document and target: ``n_units``, ``n_favor``, ``n_against``, ``n_stance`` (stance-bearing units),
    ``stance_share`` (n_stance / n_units), ``favor_share`` (n_favor / n_stance), and the document
    ``stance`` with its ``probability``. Soft counts ``F`` and ``A`` are the sums of ``p_favor`` and
    ``p_against`` over stance-bearing units; the document is FAVOR when ``F > A``, AGAINST when ``A > F``
    and NONE without stance-bearing units (or a tie). The probability of FAVOR is ``P(theta > 0.5)`` for
    ``theta ~ Beta(1 + F, 1 + A)`` (the chance that most of the author's stance toward the target is
    favourable), of AGAINST its complement, and of NONE the mean ``p_none``.

    Parameters
    ----------
    scored : DataFrame
        Output of :func:`score_stance`.
    by : sequence of str
        Document key columns.

    Returns
    -------
    DataFrame
    """
    by = list(by)
    missing = set(by + ["target", "stance", "p_favor", "p_against", "p_none"]) - set(scored.columns)
    if missing:
        raise ParameterError(f"scored stance table lacks column(s) {sorted(missing)}")
    frame = scored.assign(
        _favor=(scored["stance"] == FAVOR).astype(int),
        _against=(scored["stance"] == AGAINST).astype(int),
        _soft_f=np.where(scored["stance"] != NONE, scored["p_favor"], 0.0),
        _soft_a=np.where(scored["stance"] != NONE, scored["p_against"], 0.0),
    )
    table = frame.groupby(by + ["target"], sort=True, dropna=False).agg(
        n_units=("stance", "size"),
        n_favor=("_favor", "sum"),
        n_against=("_against", "sum"),
        soft_favor=("_soft_f", "sum"),
        soft_against=("_soft_a", "sum"),
        mean_p_none=("p_none", "mean"),
    ).reset_index()
    table["n_stance"] = table["n_favor"] + table["n_against"]
    table["stance_share"] = table["n_stance"] / table["n_units"]
    table["favor_share"] = table["n_favor"] / table["n_stance"].where(table["n_stance"] > 0)
    p_favor_major = 1 - beta_distribution.cdf(0.5, 1 + table["soft_favor"], 1 + table["soft_against"])
    stance = np.where(
        table["n_stance"] == 0,
        NONE,
        np.where(table["soft_favor"] > table["soft_against"], FAVOR,
                 np.where(table["soft_against"] > table["soft_favor"], AGAINST, NONE)),
    )
    table["stance"] = stance
    table["probability"] = np.where(
        stance == FAVOR, p_favor_major, np.where(stance == AGAINST, 1 - p_favor_major, table["mean_p_none"])
    )
    return table.drop(columns=["mean_p_none"])


# ------------------------------------------------------------------------------------- stance over time
STANCE_UNITS: tuple[str, ...] = ("sentence", "paragraph", "document")
# Columns score_units adds to score_stance's (left out of stance.parquet, which the sentences table joins back):
# the unit's text, date, source and speaker, and where it is (start, end of a sentence; first_sent, last_sent
# of a paragraph or document).
UNIT_META_COLUMNS: tuple[str, ...] = ("text", "date", "source", "speaker", "start", "end", "first_sent", "last_sent")


def score_units(
    sentences: pd.DataFrame,
    targets: Sequence[str],
    models: Mapping[str, object] | str | None = None,
    unit: str = "sentence",
) -> pd.DataFrame:
    """Score a run's sentences, or its paragraphs or documents, toward every target.

    Parameters
    ----------
    sentences : DataFrame
        The sentences table of a run (``doc_id, sent_id, para_id, sentence, date, source, speaker`` and, for
        citable rows, ``start, end``).
    targets : sequence of str
        Target names from ``data/stance_targets.yaml``.
    models : str or dict, optional
        As for :func:`score_stance` (default: the weak model for every target).
    unit : str
        ``sentence``, ``paragraph`` or ``document`` (units of :func:`warsignals.sentences.make_units`).

    Returns
    -------
    DataFrame
        :func:`score_stance`'s columns plus ``text, date, source, speaker`` of each unit and where it is
        (``start, end`` for sentences when the table has them, ``first_sent, last_sent`` otherwise); the unit
        keys are ``doc_id, sent_id`` for sentences and ``unit_id, doc_id`` otherwise.
    """
    from warsignals.sentences import make_units

    if unit not in STANCE_UNITS:
        raise ParameterError(f"unit must be sentence, paragraph or document, not {unit!r}")
    missing = {"doc_id", "sentence", "date", "source", "speaker"} - set(sentences.columns)
    if missing:
        raise ParameterError(f"the sentences table lacks column(s) {sorted(missing)}")
    if unit == "sentence":
        frame, text_column, keys = sentences, "sentence", ["doc_id", "sent_id"]
        place = [c for c in ("start", "end") if c in frame.columns]
    else:
        frame, text_column, keys = make_units(sentences, unit), "text", ["unit_id", "doc_id"]
        place = ["first_sent", "last_sent"]
    scored = score_stance(frame, targets, models=models, text_column=text_column, keys=keys)
    meta = frame[keys + place + [text_column, "date", "source", "speaker"]].rename(columns={text_column: "text"})
    return scored.merge(meta, on=keys, how="left")


def stance_bearing(scored: pd.DataFrame, frequency: str = "month") -> pd.DataFrame:
    """The FAVOR and AGAINST rows of a scored table, with ``is_favor`` (1.0 or 0.0) and their ``period``."""
    from warsignals.timeseries import assign_period

    missing = {"target", "stance", "date", "doc_id"} - set(scored.columns)
    if missing:
        raise ParameterError(f"the scored stance table lacks column(s) {sorted(missing)} (dates come from "
                             "the sentences table: use score_units)")
    bearing = scored[scored["stance"] != NONE]
    return bearing.assign(
        is_favor=(bearing["stance"] == FAVOR).astype(float),
        period=assign_period(bearing["date"], frequency),
    )


def favor_share(
    scored: pd.DataFrame,
    frequency: str = "month",
    group: str | None = None,
    n_boot: int = config.BOOTSTRAP_REPLICATES,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
    min_units: int = 5,
) -> pd.DataFrame:
    """Share FAVOR among the stance-bearing units of each period and target, with a document bootstrap band.

    Parameters
    ----------
    scored : DataFrame
        Output of :func:`score_units` (needs ``target, stance, date, doc_id``, and ``group`` when given).
    frequency : str
        Period: ``week``, ``month``, ``quarter`` or ``year``.
    group : str, optional
        A further grouping column of ``scored``, e.g. ``source`` or ``speaker`` (for a document column such as
        ``country``, see :func:`stance_by_group`).
    n_boot, confidence, seed : int, float, int
        Bootstrap replicates (documents resampled within each period), level and seed of the interval.
    min_units : int
        Periods with fewer stance-bearing units get NaN (a gap, not an estimate from a handful of units).

    Returns
    -------
    DataFrame
        ``period, target, [group,] series, value, lo, hi, n_docs, n_units, numerator, denominator, interval``
        (see :func:`warsignals.timeseries.bootstrap_ratio`).
    """
    from warsignals.timeseries import bootstrap_ratio

    by = ["period", "target"] + ([group] if group else [])
    return bootstrap_ratio(stance_bearing(scored, frequency), "is_favor", by=by, n_boot=n_boot,
                           confidence=confidence, seed=seed, min_units=min_units)


def stance_by_group(
    scored: pd.DataFrame,
    by: str = "source",
    freq: str = "quarter",
    documents: pd.DataFrame | None = None,
    n_boot: int = config.BOOTSTRAP_REPLICATES,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
    min_units: int = 1,
) -> pd.DataFrame:
    """Share FAVOR among stance-bearing units per period, target and group (source, speaker, country, ...).

    Parameters
    ----------
    scored : DataFrame
        Output of :func:`score_units` (or :func:`score_stance` with ``doc_id``, ``date``, ``target``, ``stance``).
    by : str
        Grouping column of ``scored``, or of ``documents`` (merged by ``doc_id``), e.g. ``country``.
    freq : {"week", "month", "quarter", "year"}
        Period length.
    documents : DataFrame, optional
        The documents table, for a grouping column ``scored`` lacks.
    n_boot, confidence, seed : interval settings (see :func:`warsignals.timeseries.bootstrap_ratio`).
    min_units : int
        Cells with fewer stance-bearing units get NaN values.

    Returns
    -------
    DataFrame
        ``period, target, <by>, series, value, lo, hi, n_docs, n_units, numerator, denominator, interval``
        (``value``: share FAVOR, 0..1; an empty group value is shown as ``(none)``).

    Raises
    ------
    ParameterError
        When neither table has the ``by`` column.
    """
    from warsignals.timeseries import bootstrap_ratio

    frame = scored
    if by not in frame.columns:
        if documents is None or by not in documents.columns:
            raise ParameterError(f"cannot compare stance by {by!r}: neither the scored units nor the documents "
                                 "have such a column")
        frame = frame.merge(documents[["doc_id", by]].drop_duplicates("doc_id"), on="doc_id", how="left")
    bearing = stance_bearing(frame, freq)
    bearing[by] = bearing[by].fillna("").astype(str).replace("", "(none)")
    return bootstrap_ratio(bearing, "is_favor", by=["period", "target", by], n_boot=n_boot, confidence=confidence,
                           seed=seed, min_units=min_units)


def planted_favor_share(
    curves: pd.DataFrame, targets: Sequence[str] | None = None, frequency: str = "month"
) -> pd.DataFrame:
    """The demo corpus's planted share FAVOR per period and target (monthly curves averaged to ``frequency``).

    Parameters
    ----------
    curves : DataFrame
        Planted curves ``series, group, period, value`` (``truth/curves.csv`` of the demo corpus, or
        :func:`warsignals.demo.planted_curves`).
    targets : sequence of str, optional
        Targets to keep (default: all).
    frequency : str
        Period of the result.

    Returns
    -------
    DataFrame
        ``period, target, value``.
    """
    from warsignals.timeseries import assign_period

    planted = curves[curves["series"] == "stance_favor_share"].rename(columns={"group": "target"})
    if targets is not None:
        planted = planted[planted["target"].isin(list(targets))]
    planted = planted.assign(period=assign_period(pd.to_datetime(planted["period"]), frequency))
    return planted.groupby(["period", "target"], as_index=False)["value"].mean()


def planted_comparison(shares: pd.DataFrame, planted: pd.DataFrame) -> pd.DataFrame:
    """Estimated against planted share FAVOR: ``period, target, estimate, planted`` plus the share's columns."""
    return shares.merge(planted.rename(columns={"value": "planted"})[["period", "target", "planted"]],
                        on=["period", "target"]).rename(columns={"value": "estimate"})


def recovery_summary(comparison: pd.DataFrame) -> pd.DataFrame:
    """How well the estimate follows the planted curve, per target.

    Returns
    -------
    DataFrame
        ``target, periods, pearson_r, mean_abs_error`` over the periods with an estimate.
    """
    rows = []
    valid = comparison.dropna(subset=["estimate"])
    for target, part in valid.groupby("target", sort=True):
        rows.append({
            "target": target,
            "periods": len(part),
            "pearson_r": part["estimate"].corr(part["planted"]) if len(part) > 1 else np.nan,
            "mean_abs_error": (part["estimate"] - part["planted"]).abs().mean(),
        })
    return pd.DataFrame(rows, columns=["target", "periods", "pearson_r", "mean_abs_error"])


def stance_driving_sentences(
    scored: pd.DataFrame,
    shares: pd.DataFrame,
    top_n: int = 2,
    sentences: pd.DataFrame | None = None,
    documents: pd.DataFrame | None = None,
    frequency: str | None = None,
) -> pd.DataFrame:
    """The highest-probability units of each period's majority stance per target, each with where it is.

    A period's majority stance is FAVOR when its share FAVOR is at least 0.5, else AGAINST; periods without an
    estimate (``value`` NaN: fewer than ``min_units`` units) are left out. Units with the same text count once.

    Parameters
    ----------
    scored : DataFrame
        Scored units (:func:`score_units`): ``target, stance, probability, text, doc_id`` and either
        ``sent_id, start, end`` (sentences) or ``first_sent, last_sent`` (paragraphs, windows, documents); with
        a ``period`` column (e.g. :func:`stance_bearing`'s rows) it is used as it is, otherwise ``date`` is
        put in periods of ``frequency``.
    shares : DataFrame
        Share FAVOR per ``period, target`` (``value``, :func:`favor_share` at the same frequency).
    top_n : int
        Units per period and target.
    sentences : DataFrame, optional
        The sentences table, for the offsets of units (``start`` of the first sentence, ``end`` of the last).
    documents : DataFrame, optional
        The documents table; its ``url`` column, when present, is added.
    frequency : str, optional
        Period of ``shares``, needed when ``scored`` has no ``period`` column.

    Returns
    -------
    DataFrame
        ``period, target, stance, probability, sentence, doc_id, sent_id, start, end`` (``sent_id``: the
        unit's first sentence; ``start, end``: character offsets in the document's text), ``url`` when the
        corpus has one, then ``source``, ``lfs`` and ``last_sent`` where present.
    """
    from warsignals.sentences import with_citation

    if "period" in scored.columns:
        frame = scored.copy()
    elif frequency is None:
        raise ParameterError("the scored units have no period column: give the frequency of the shares")
    else:
        frame = stance_bearing(scored, frequency).copy()
    if "sent_id" not in frame.columns:
        frame["sent_id"] = frame["first_sent"] if "first_sent" in frame.columns else np.nan
    if not {"start", "end"} <= set(frame.columns):
        if sentences is not None and "first_sent" in frame.columns and {"start", "end"} <= set(sentences.columns):
            offsets = sentences.set_index(["doc_id", "sent_id"])
            frame["start"] = pd.MultiIndex.from_arrays([frame["doc_id"], frame["first_sent"]]).map(
                offsets["start"])
            frame["end"] = pd.MultiIndex.from_arrays([frame["doc_id"], frame["last_sent"]]).map(offsets["end"])
        else:
            frame["start"], frame["end"] = np.nan, np.nan
    majority = shares.dropna(subset=["value"])[["period", "target", "value"]].assign(
        driving=lambda d: np.where(d["value"] >= 0.5, FAVOR, AGAINST)).drop(columns="value")
    ranked = (frame.merge(majority, on=["period", "target"])
              .query("stance == driving")
              .sort_values(["period", "target", "probability", "text"], ascending=[True, True, False, True])
              .drop_duplicates(["period", "target", "text"]))
    columns = ["period", "target", "stance", "probability", "text", "doc_id", "sent_id", "start", "end"]
    columns += [c for c in ("source", "lfs", "last_sent") if c in ranked.columns]
    top = ranked.groupby(["period", "target"], sort=True).head(top_n)[columns].rename(columns={"text": "sentence"})
    return with_citation(top.reset_index(drop=True), documents)


# ------------------------------------------------------------------------------------- training helpers
def prepare_labels(
    frame: pd.DataFrame,
    text_column: str = "text",
    label_column: str = "label",
    target_column: str | None = None,
    source: str = "labels",
) -> pd.DataFrame:
    """Validate a labelled table and deduplicate it.

    Labels are upper-cased and must be FAVOR, AGAINST or NONE (``InputError`` names the first bad row, as a
    1-based CSV line counting the header). Rows with the same whitespace-normalised, case-folded text (and
    target) are merged into one with their majority label; groups whose labels tie are dropped.

    Returns
    -------
    DataFrame
        ``text, target, label`` plus ``n_duplicates`` (rows merged into each).
    """
    for column in [text_column, label_column] + ([target_column] if target_column else []):
        if column not in frame.columns:
            raise InputError(f"{source}: no column {column!r} (columns: {', '.join(map(str, frame.columns))})")
    labels = frame[label_column].astype(str).str.strip().str.upper()
    bad = ~labels.isin(LABELS) | frame[label_column].isna()
    if bad.any():
        position = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(
            f"{source}: line {position + 2}: label {frame[label_column].iloc[position]!r} is not one of "
            f"{', '.join(LABELS)}"
        )
    texts = frame[text_column]
    empty = texts.isna() | (texts.astype(str).str.strip() == "")
    if empty.any():
        position = int(np.flatnonzero(empty.to_numpy())[0])
        raise InputError(f"{source}: line {position + 2}: empty text")
    table = pd.DataFrame({
        "text": texts.astype(str).to_numpy(),
        "target": frame[target_column].astype(str).to_numpy() if target_column else ANY_TARGET,
        "label": labels.to_numpy(),
    })
    table["_key"] = table["text"].str.lower().str.split().str.join(" ") + "\x00" + table["target"]
    rows = []
    for _, group in table.groupby("_key", sort=False):
        counts = group["label"].value_counts()
        if len(counts) > 1 and counts.iloc[0] == counts.iloc[1]:
            continue
        first = group.iloc[0]
        rows.append((first["text"], first["target"], counts.index[0], len(group)))
    return pd.DataFrame(rows, columns=["text", "target", "label", "n_duplicates"])


def train_stance(
    labels: pd.DataFrame,
    select: bool = True,
    grid: Sequence[Mapping] | None = None,
    cv: int = 3,
    seed: int = config.DEFAULT_SEED,
    **params,
) -> tuple[StanceClassifier, dict]:
    """Train a :class:`StanceClassifier` on a table from :func:`prepare_labels`.

    Returns the fitted model and a JSON-ready training report (rows, label counts, the chosen parameters,
    the cross-validation table when ``select``, and the training time).
    """
    start = time.perf_counter()
    X = labels[["text", "target"]]
    y = labels["label"].to_numpy()
    report: dict = {"n_rows": int(len(labels)), "label_counts": labels["label"].value_counts().to_dict()}
    if select:
        chosen, table = select_stance_model(X, y, grid=grid, cv=cv, base_params=params, seed=seed)
        report["cv"] = table.to_dict(orient="records")
    else:
        chosen = dict(params)
    chosen["random_state"] = seed
    model = StanceClassifier(**chosen).fit(X, y)
    report["params"] = {k: v for k, v in model.get_params().items()}
    report["targets"] = list(model.targets_)
    report["train_seconds"] = round(time.perf_counter() - start, 3)
    return model, report


# --------------------------------------------------------------------------------------- save and load
def save_stance_model(model: StanceClassifier, directory: str | Path, metadata: Mapping | None = None) -> Path:
    """Save a fitted model as ``model.skops`` plus ``model.json`` (format, sha256, targets, metadata)."""
    check_is_fitted(model, "calibrated_")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / MODEL_FILE
    dump_skops(model, path)
    meta = {
        "format": MODEL_FORMAT,
        "kind": type(model).__name__,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "classes": [str(c) for c in model.classes_],
        "targets": [str(t) for t in model.targets_],
        **dict(metadata or {}),
    }
    (directory / META_FILE).write_text(json.dumps(meta, indent=2, default=str, sort_keys=True) + "\n")
    return directory


def load_stance_model(directory: str | Path) -> StanceClassifier:
    """Load a model saved by :func:`save_stance_model`, refusing files with types off the allow-list.

    Raises
    ------
    InputError
        The directory or files are missing, the checksum does not match, or the file holds a type that is
        not on :data:`MODEL_TYPES`, or any callable.
    """
    directory = Path(directory)
    path, meta_path = directory / MODEL_FILE, directory / META_FILE
    if not path.is_file() or not meta_path.is_file():
        raise InputError(f"{directory}: not a stance model directory (needs {MODEL_FILE} and {META_FILE})")
    try:
        meta = json.loads(meta_path.read_text())
    except json.JSONDecodeError as exc:
        raise InputError(f"{meta_path}: line {exc.lineno}: invalid JSON") from None
    if meta.get("format") != MODEL_FORMAT:
        raise InputError(f"{meta_path}: format {meta.get('format')!r} is not {MODEL_FORMAT!r}")
    if hashlib.sha256(path.read_bytes()).hexdigest() != meta.get("sha256"):
        raise InputError(f"{path}: checksum does not match {META_FILE}; the file was changed after saving")
    return load_skops(path, StanceClassifier, MODEL_TYPES)
