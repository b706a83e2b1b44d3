"""Stance targets: the YAML file, its patterns, labelling functions and their votes (weak labels)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

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
    file_key,
    parse_yaml,
    read_text,
    validate_yaml,
)
from warsignals.lexicon import check_raw_regex, validate_patterns

FAVOR, AGAINST, NONE = "FAVOR", "AGAINST", "NONE"
LABELS: tuple[str, ...] = (AGAINST, FAVOR, NONE)
ANY_TARGET = "_any"

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


_TOKEN = re.compile(r"\w+")



#: The weak models :func:`~warsignals.stance.resolve_stance_model` knows by name, with their settings.
WEAK_MODELS: dict[str, dict] = {"weak": {}, "weak:unmentioned": {"none_from": "unmentioned"}}
#: The model used where none is named: the package's grounded model (see :mod:`warsignals.stance.grounded`).
DEFAULT_MODEL = "grounded"
#: The model names :func:`~warsignals.stance.resolve_stance_model` knows besides model directories (here, not in
#: the scoring module, so that checking a run's parameters imports no model).
MODEL_NAMES: tuple[str, ...] = ("grounded", *WEAK_MODELS)

@dataclass(frozen=True)
class Anchors:
    """Words of which a text must hold one for a pattern to match: a prefilter (a text holding none is skipped).

    ``words`` are whole word tokens (runs of ``\\w`` characters, lower-cased); ``prefixes`` start a token
    (a pattern word ending in ``*``).
    """

    words: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()

    def admits(self, tokens: frozenset[str]) -> bool:
        """Whether a text with these tokens (:func:`text_tokens`) may match."""
        if not tokens.isdisjoint(self.words):
            return True
        if not self.prefixes:
            return False
        return _prefix_regex(self.prefixes).search(" " + " ".join(tokens)) is not None


@lru_cache(maxsize=1024)
def _prefix_regex(prefixes: tuple[str, ...]) -> re.Pattern:
    return re.compile(" (?:" + "|".join(re.escape(p) for p in prefixes) + ")")


@lru_cache(maxsize=1 << 16)
def text_tokens(text: str) -> frozenset[str]:
    """The lower-cased word tokens of a text, as :class:`Anchors` reads them (remembered for the last 65,536
    texts: a sentence is read once per target)."""
    return frozenset(_TOKEN.findall(text.lower()))


def phrase_anchors(phrase: str) -> Anchors | None:
    """The :class:`Anchors` of a pattern (see :func:`compile_phrase`): its first word's first run of word characters,
    which any match holds as a whole token (or as a token's start, for a word ending in ``*``). None when the pattern
    has no such word (a raw ``re:`` pattern, a first word without word characters): it is always searched.

    Examples
    --------
    >>> phrase_anchors("[peace|cease*] talks")
    Anchors(words=frozenset({'peace'}), prefixes=('cease',))
    """
    phrase = phrase.strip()
    if not phrase or phrase.startswith("re:"):
        return None
    first = re.findall(r"\.\.\.|\[[^\]]*\]\??|[^\s\[\]]+", phrase)[0]
    alternatives = ([a.strip() for a in first.rstrip("?")[1:-1].split("|") if a.strip()] if first.startswith("[")
                    else [first])
    words, prefixes = set(), []
    for alternative in alternatives:
        word = alternative.split()[0]
        core = word.rstrip("*").lower()
        run = _TOKEN.search(core)
        if run is None:
            return None
        if word.endswith("*") and run.end() == len(core):
            prefixes.append(run.group(0))
        else:
            words.add(run.group(0))
    return Anchors(frozenset(words), tuple(sorted(set(prefixes))))


def merge_anchors(anchors: Iterable[Anchors | None]) -> Anchors | None:
    """The anchors of an alternation of patterns (None when any of them is always searched)."""
    words, prefixes = set(), set()
    for anchor in anchors:
        if anchor is None:
            return None
        words |= anchor.words
        prefixes |= set(anchor.prefixes)
    return Anchors(frozenset(words), tuple(sorted(prefixes)))


@dataclass(frozen=True)
class LabellingFunction:
    """One weak-labelling pattern: votes ``label`` where ``regex`` matches, else abstains."""

    name: str
    target: str
    label: str
    regex: re.Pattern
    weight: float = 1.0
    negatable: bool = True
    anchors: Anchors | None = None


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
    actor: str = ""
    side: str = ""
    refers: tuple[str, ...] = ()
    mention_anchors: Anchors | None = None
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
            "opposed_to": AnyOf((TEXT, ListOf(TEXT)), "a target name or a list of them"),
            "actor": TEXT, "side": TEXT, "refers": ListOf(TEXT), **_SETTINGS,
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
    specs = _load_targets_cached(*file_key(path if path is not None else config.STANCE_TARGETS_FILE,
                                           "stance targets file"))
    if targets is None:
        return dict(specs)
    unknown = [t for t in targets if t not in specs]
    if unknown:
        raise ParameterError(f"unknown stance target(s) {unknown}; {path} defines {sorted(specs)}")
    return {t: specs[t] for t in targets}


@lru_cache(maxsize=8)
def _load_targets_cached(path: str, mtime_ns: int, size: int) -> dict[str, TargetSpec]:
    """One parse per file version: the specs (and the vote caches they carry) are shared within a process."""
    return parse_targets(read_text(Path(path)), None, source=path)


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
    settings = {**defaults, **{k: v for k, v in entry.items()
                               if k not in ("favor", "against", "mentions", "refers")}}
    refers = tuple(str(p) for p in entry.get("refers") or [])
    validate_patterns([("refer", name, 0.0, p) for p in refers], f"{path}: target {name!r}, refers")
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
                    anchors=phrase_anchors(str(item["pattern"])),
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
        mention_anchors=merge_anchors(phrase_anchors(str(c)) for c in entry.get("mentions") or [] if str(c).strip()),
        lfs=lfs,
        negation_cues=cues("negation_cues"),
        negation_window=int(settings.get("negation_window", 5)),
        hedge_cues=cues("hedge_cues"),
        hedge_weight=float(settings.get("hedge_weight", 0.0)),
        attribution_cues=cues("attribution_cues"),
        attribution_weight=float(settings.get("attribution_weight", 0.0)),
        opposed_to=_name_list(entry.get("opposed_to"), f"{path}: target {name!r}, opposed_to"),
        actor=str(entry.get("actor", "")).strip().upper(),
        side=str(entry.get("side", "")).strip().upper(),
        refers=refers,
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


def mentions_target(text: str, spec: TargetSpec, tokens: frozenset[str] | None = None) -> bool:
    """Whether ``text`` matches the target's ``mentions`` patterns (``tokens``: its :func:`text_tokens`, if known)."""
    if spec.mentions is None:
        return False
    if spec.mention_anchors is not None:
        if not spec.mention_anchors.admits(text_tokens(text) if tokens is None else tokens):
            return False
    return spec.mentions.search(text) is not None


def _vote_row(text: str, spec: TargetSpec) -> tuple:
    favor = against = 0.0
    fired = []
    tokens = text_tokens(text)
    for lf in spec.lfs:
        if lf.anchors is not None and not lf.anchors.admits(tokens):
            continue
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
    mentioned = bool(fired) or mentions_target(text, spec, tokens)
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
