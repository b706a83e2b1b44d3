"""Cue lexicons: loading the YAML, the small pattern language, and fast matching of many texts at once.

A lexicon (``data/lexicons/cues.yaml``) holds cue *categories* (each with a family -- escalation,
negotiation, material_conflict, material_cooperation --, a CAMEO code, root code and PentaClass, a weight
and its patterns), plus hedge, negation, conditional, clause-boundary and reported-speech cues.

Pattern language (one pattern = a sequence of whitespace-separated tokens, matched case-insensitively,
as whole words, with whitespace or hyphens between tokens):

=============  ============================================================================
``word``       a literal word; ``'`` also matches ``’``
``word*``      a prefix: ``negotiat*`` matches negotiate, negotiations, negotiating, ...
``{lemma}``    the lemma with regular English inflections (``{talk}`` = talk, talks, talked,
               talking; ``{negotiate}``; ``{ally}`` = ally, allies, allied, allying)
``a|b``        alternatives for one token; each may use ``*`` or ``{}``
``[tok]``      an optional token
``~`` / ``~N`` a gap of 0 to 3 (or 0 to N) arbitrary words
``=Pattern``   the whole pattern is case-sensitive (``=US`` is the country, not the pronoun)
``re:REGEX``   a raw Python regular expression (case-insensitive), for what the above cannot say
=============  ============================================================================

:class:`Matcher` compiles any number of labelled patterns into **one** alternation regex whose branches are
bucketed by their first letter (so that, at each word start, only the branches that can match are tried),
runs it once over all texts joined by a NUL separator, and maps the matches back to text offsets with
:func:`numpy.searchsorted`. On long texts a vectorised prefilter first finds the word starts where a match
can begin (the first letters of a pattern's first word, and for a pattern of several words a rarer word
it holds somewhere in the same text), and the regex is tried only there; the matches are the same.
Compilation is cached per lexicon file content.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from re import _constants as _sre
from re import _parser

import numpy as np
import pandas as pd

from warsignals import config
from warsignals.errors import InputError, ParameterError
from warsignals.fileio import INTEGER, NUMBER, TEXT, AnyOf, ListOf, MapOf, Value, parse_yaml, read_text, validate_yaml

DEFAULT_LEXICON: Path = config.LEXICON_DIR / "cues.yaml"
FAMILIES = ("escalation", "negotiation", "material_conflict", "material_cooperation", "verbal_conflict",
            "verbal_cooperation")
PENTA_CLASSES = ("statement", "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
SIGNAL_CATEGORIES = {
    "escalation": (
        "nuclear_threat",
        "military_threat",
        "demand",
        "maximalist_aims",
        "nationhood_denial",
        "mobilisation_offensive",
        "military_action",
        "rejection_of_talks",
    ),
    "negotiation": (
        "readiness_for_talks",
        "ceasefire_proposal",
        "peace_plan_summit",
        "summit",
        "mediation",
        "humanitarian_deal",
        "concession",
        "diplomatic_contact",
    ),
}
DEFAULT_SCORING = {
    "threshold": 0.5,
    "question_factor": 0.4,
    "conditional_factor": 0.4,
    "negation_window": 4,
    "post_negation_window": 4,
    "weak_weight": 0.4,
    "dominance": 1.5,
}
SEPARATOR = "\x00"
_MATCH_COST = 20  # one match attempt from Python costs about as much as scanning this many characters
_SEP = r"[\s\-‐–—]+"
_WORD = r"[\w'’]+"


# --------------------------------------------------------------------------------------------------------
# Pattern language
# --------------------------------------------------------------------------------------------------------
def inflections(lemma: str) -> list[str]:
    """English inflections of ``lemma`` (plural/3rd person, past, participle, gerund), the lemma first.

    Irregular forms come from lemminflect's reviewed tables (``{hold}`` matches ``held``, ``{strike}``
    ``struck``); the regular rules below add the forms a word outside those tables would take.

    Parameters
    ----------
    lemma : str
        A word such as ``negotiate``, ``talk``, ``ally`` or ``stop``.

    Returns
    -------
    list of str
        Distinct forms, e.g. ``["talk", "talks", "talked", "talking"]``.
    """
    w = lemma.lower()
    forms = [w]
    if w.isalpha():  # irregular forms (held, struck, sent, fought, met, ...) from lemminflect's tables
        from lemminflect import getAllInflections

        for upos in ("VERB", "NOUN"):
            for variants in getAllInflections(w, upos=upos).values():
                forms += [v.lower() for v in variants]
        if len(forms) > 1:
            return list(dict.fromkeys(forms))
    if w.endswith("ie"):
        forms += [w + "s", w + "d", w[:-2] + "ying"]
    elif w.endswith("e"):
        forms += [w + "s", w + "d", w[:-1] + "ing"]
    elif w.endswith("y") and len(w) > 1 and w[-2] not in "aeiou":
        forms += [w[:-1] + "ies", w[:-1] + "ied", w + "ing"]
    elif w.endswith(("s", "x", "z", "ch", "sh")):
        forms += [w + "es", w + "ed", w + "ing"]
    else:
        forms += [w + "s", w + "ed", w + "ing"]
        if len(w) >= 3 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou" and w[-3] not in "aeiou":
            forms += [w + w[-1] + "ed", w + w[-1] + "ing"]
    return list(dict.fromkeys(forms))


def _literal(word: str) -> str:
    out = []
    for c in word:
        if c in "'’":
            out.append("['’]")
        elif c == "-":
            out.append(r"[\s\-‐–—]?")  # "cease-fire" also matches "cease fire" and "ceasefire"
        else:
            out.append(re.escape(c))
    return "".join(out)


def _alternatives(text: str, where: str, lower: bool) -> list[tuple[str, bool]]:
    """``(literal word, is_prefix)`` for each alternative of one token."""
    out = []
    for part in text.split("|"):
        part = part.lower() if lower else part
        if part.startswith("{") and part.endswith("}"):
            if not part[1:-1] or any(c in part[1:-1] for c in "{}[]~!*"):
                raise ParameterError(f"{where}: malformed token {part!r}")
            out += [(f, False) for f in inflections(part[1:-1])]
        elif part.endswith("*"):
            if not part[:-1]:
                raise ParameterError(f"{where}: a lone '*' is not a word prefix")
            out.append((part[:-1], True))
        elif not part or any(c in part for c in "{}[]~!*"):
            raise ParameterError(f"{where}: malformed token {part!r}")
        else:
            out.append((part, False))
    out.sort(key=lambda alt: len(alt[0]), reverse=True)
    return list(dict.fromkeys(out))


def _word(head: str, prefix: bool) -> str:
    return _literal(head) + (r"[\w'’]*" if prefix else "")


def _join(alts: list[tuple[str, bool]]) -> str:
    pieces = [_word(head, prefix) for head, prefix in alts]
    return pieces[0] if len(pieces) == 1 else "(?:" + "|".join(pieces) + ")"


#: A group holding a repeat may itself repeat at most this many times in a raw regex (``(\\w+\\s+){0,10}``).
_NESTED_REPEAT_LIMIT = 10


class RegexProblem(ValueError):
    """A raw regular expression that cannot be used safely (see :func:`check_raw_regex`)."""


def _repeats_inside(items) -> bool:
    """Whether a parsed regex (``re._parser`` items) holds a quantifier that repeats more than once."""
    for op, av in items:
        if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            if av[1] > 1 or _repeats_inside(av[2]):
                return True
        elif any(_repeats_inside(sub) for sub in _subpatterns(op, av)):
            return True
    return False


def _subpatterns(op, av) -> list:
    if op == _sre.SUBPATTERN:
        return [av[3]]
    if op in (_sre.ATOMIC_GROUP,):
        return [av]
    if op == _sre.BRANCH:
        return list(av[1])
    if op in (_sre.ASSERT, _sre.ASSERT_NOT):
        return [av[1]]
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        return [av[2]]
    if op == _sre.GROUPREF_EXISTS:
        return [branch for branch in av[1:] if branch is not None]
    return []


def _walk_regex(items, raw: str) -> None:
    for op, av in items:
        if op in (_sre.GROUPREF, _sre.GROUPREF_EXISTS):
            raise RegexProblem(f"regular expression {raw!r}: backreferences (\\1, (?P=name), (?(1)...)) are not "
                               "allowed: patterns are joined into one regex, which renumbers groups")
        if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[1] > _NESTED_REPEAT_LIMIT and _repeats_inside(av[2]):
            raise RegexProblem(
                f"regular expression {raw!r}: a repeated group that itself holds a repeat (like (a+)+ or "
                "(\\w+\\s?)+) can take exponential time on ordinary text; bound the outer repeat ({0,10} at most) or "
                "make it atomic ((?>...)) or possessive (++)")
        if op == _sre.ATOMIC_GROUP:
            continue  # no backtracking into an atomic group: nested repeats inside are safe
        for sub in _subpatterns(op, av):
            _walk_regex(sub, raw)


def check_raw_regex(raw: str, flags: int = re.IGNORECASE) -> re.Pattern:
    """Compile a user's raw regular expression after checking it is safe alone and inside a combined regex.

    Refused: syntax errors; backreferences; global inline flags such as ``(?i)`` (they are an error once the
    pattern is not at the start of the combined regex; scoped ``(?i:...)`` is fine); named groups (two
    patterns with the same name break the combined regex); a pattern that can match the empty string; and a
    repeat of more than 10 (or without bound) around a group that itself repeats (``(a+)+$``,
    ``(\\w+\\s?)+$``), which can backtrack for minutes on one sentence; atomic groups ``(?>...)`` are exempt.
    The pattern is also compiled inside the wrappers the matchers use.

    Raises
    ------
    RegexProblem
        Saying what is wrong with ``raw``.
    """
    try:
        compiled = re.compile(raw, flags)
        parsed = _parser.parse(raw, 0)
    except re.error as exc:
        raise RegexProblem(f"invalid regular expression {raw!r}: {exc}") from None
    if parsed.state.flags & ~re.UNICODE:  # parsed without flags: anything else came from (?i), (?x), ...
        raise RegexProblem(f"regular expression {raw!r}: global inline flags like (?i) or (?x) are not allowed "
                           "(patterns are already case-insensitive; use a scoped group such as (?s:...))")
    if compiled.groupindex:
        raise RegexProblem(f"regular expression {raw!r}: named groups ({', '.join(compiled.groupindex)}) are not "
                           "allowed (patterns are joined into one regex); use (?:...)")
    if parsed.getwidth()[0] == 0:
        raise RegexProblem(f"regular expression {raw!r} can match an empty string; it must match some text")
    _walk_regex(parsed, raw)
    for wrapped in (rf"(?:\bx|{raw})(?!\w)", f"(?:(x)|({raw}))", f"(?:(?:x)|(?:{raw}))"):
        try:
            re.compile(wrapped, flags)
        except re.error as exc:
            raise RegexProblem(f"regular expression {raw!r} breaks once combined with others: {exc}") from None
    return compiled


def compile_pattern(pattern: str, where: str = "pattern") -> list[tuple[str | None, bool, str]]:
    """Translate one lexicon pattern into regular expressions, one per possible first word.

    Parameters
    ----------
    pattern : str
        A pattern in the language described in the module docstring.
    where : str
        Where the pattern comes from, for error messages (file and entry).

    Returns
    -------
    list of (head, is_prefix, tail)
        ``head`` is the literal first word of a match (lower-case unless the pattern is case-sensitive),
        ``is_prefix`` whether it is a word prefix (``negotiat*``), and ``tail`` the regex of the rest; for raw
        ``re:`` patterns ``head`` is None and ``tail`` is the whole expression. Word boundaries are added by
        :class:`Matcher`.

    Raises
    ------
    ParameterError
        When the pattern is malformed or a raw regex does not compile.
    """
    pattern = str(pattern).strip()
    if not pattern:
        raise ParameterError(f"{where}: empty pattern")
    if pattern.startswith("re:"):
        raw = pattern[3:]
        try:
            check_raw_regex(raw, 0)
        except RegexProblem as exc:
            raise ParameterError(f"{where}: {exc}") from None
        return [(None, False, raw)]
    lower = not pattern.startswith("=")
    tokens = pattern.lstrip("=").split()
    if not tokens:
        raise ParameterError(f"{where}: empty pattern")

    def rest(tail: list[str]) -> str:
        out = []
        for tok in tail:
            gap = re.fullmatch(r"~(\d*)", tok)
            if gap:
                out.append(f"(?:{_SEP}{_WORD}){{0,{int(gap.group(1) or 3)}}}")
            elif tok.startswith("!"):
                out.append(f"(?!{_SEP}{_join(_alternatives(tok[1:], where, lower))}(?!\\w))")
            elif tok.startswith("[") and tok.endswith("]"):
                out.append(f"(?:{_SEP}{_join(_alternatives(tok[1:-1], where, lower))})?")
            else:
                out.append(f"(?:{_SEP}{_join(_alternatives(tok, where, lower))})")
        return "".join(out)

    def variants(toks: list[str]) -> list[tuple[str, bool, str]]:
        head = toks[0]
        if head.startswith(("~", "!")) or (head.startswith("[") and len(toks) == 1):
            raise ParameterError(f"{where}: a pattern cannot start with a gap, a negative or end as optional")
        if re.fullmatch(r"~(\d*)", toks[-1]):
            raise ParameterError(f"{where}: a gap '~' cannot end a pattern")
        optional = head.startswith("[") and head.endswith("]")
        tail = rest(toks[1:])
        out = [(word, prefix, tail) for word, prefix in _alternatives(head[1:-1] if optional else head, where, lower)]
        if optional:
            out += variants(toks[1:])
        return out

    return variants(tokens)


# --------------------------------------------------------------------------------------------------------
# Lexicon
# --------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Category:
    """One cue category of a lexicon."""

    name: str
    family: str
    cameo: str
    cameo_root: str
    penta_class: str
    weight: float
    patterns: tuple[str, ...]
    weak: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    subsumes: str = ""


@dataclass(frozen=True)
class Lexicon:
    """A loaded cue lexicon (see ``data/lexicons/cues.yaml``)."""

    categories: dict[str, Category]
    hedges: tuple[str, ...]
    negation_before: tuple[str, ...]
    negation_after: tuple[str, ...]
    conditional: tuple[str, ...]
    clause_boundaries: tuple[str, ...]
    speech_verbs: tuple[str, ...]
    certainty: tuple[str, ...] = ()
    scoring: dict = field(default_factory=lambda: dict(DEFAULT_SCORING))
    name: str = "lexicon"
    source: str = ""
    text: str = ""

    @property
    def sha256(self) -> str:
        """SHA-256 of the YAML text the lexicon was read from."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def category_names(self, family: str | None = None) -> list[str]:
        """Category names, optionally of one family, in file order."""
        return [c.name for c in self.categories.values() if family is None or c.family == family]

    def entries(self, kinds: tuple[str, ...] | None = None) -> list[tuple[str, str, float, str]]:
        """Every pattern as ``(kind, label, weight, pattern)`` for :class:`Matcher`.

        ``kind`` is ``cue`` (label = category), ``hedge``, ``neg_before``, ``neg_after``, ``conditional``,
        ``boundary``, ``speech`` or ``certainty`` (phrases such as "without a doubt" that cancel a hedge they
        overlap). A category's ``context`` patterns are matched separately (:meth:`context_entries`).
        """
        out: list[tuple[str, str, float, str]] = []
        weak_weight = float(self.scoring.get("weak_weight", 0.5))
        for cat in self.categories.values():
            out += [("cue", cat.name, cat.weight, p) for p in cat.patterns]
            out += [("cue", cat.name, cat.weight * weak_weight, p) for p in cat.weak]
        out += [("hedge", "hedge", 0.0, p) for p in self.hedges]
        out += [("neg_before", "negation", 0.0, p) for p in self.negation_before]
        out += [("neg_after", "negation", 0.0, p) for p in self.negation_after]
        out += [("conditional", "conditional", 0.0, p) for p in self.conditional]
        out += [("boundary", "boundary", 0.0, p) for p in self.clause_boundaries]
        out += [("speech", "speech", 0.0, p) for p in self.speech_verbs]
        out += [("certainty", "certainty", 0.0, p) for p in self.certainty]
        return out if kinds is None else [e for e in out if e[0] in kinds]


    def context_entries(self) -> list[tuple[str, str, float, str]]:
        """The ``context`` patterns of every category as ``("context", category, 0.0, pattern)``.

        A cue of a category with a ``context`` list counts in full only when one of them occurs in the same
        sentence ("summit" about the war, "mobilise" troops); without one it counts as a weak cue.
        """
        return [("context", cat.name, 0.0, p) for cat in self.categories.values() for p in cat.context]

    def unless_entries(self) -> list[tuple[str, str, float, str]]:
        """The ``unless`` patterns of every category as ``("unless", category, 0.0, pattern)``.

        A cue of a category counts as a weak cue in a sentence holding one of its ``unless`` patterns
        (shelling "every day" is a description of the war, not a reported strike).
        """
        return [("unless", cat.name, 0.0, p) for cat in self.categories.values() for p in cat.unless]


def _subsumes(value, where: str) -> str:
    """The family a category's cue overrides in its sentence (``escalation`` or ``negotiation``), or ""."""
    if value is None:
        return ""
    if value not in ("escalation", "negotiation"):
        raise InputError(f"{where}: subsumes must be escalation or negotiation, not {value!r}")
    return str(value)


def _strings(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{where}: expected a list of pattern strings")
    return tuple(value)


_PATTERNS = ListOf(TEXT, single=True)
#: The schema of a lexicon YAML file: unknown keys and wrongly typed values are errors.
LEXICON_SCHEMA = MapOf(
    {
        "name": TEXT,
        "version": INTEGER,
        "scoring": MapOf({key: INTEGER if key.endswith("window") else NUMBER for key in DEFAULT_SCORING}),
        "categories": MapOf(rest=MapOf(
            {
                "family": Value((str,), "text", FAMILIES),
                "cameo": AnyOf((TEXT, INTEGER), "a CAMEO code"),
                "cameo_root": AnyOf((TEXT, INTEGER), "a CAMEO root code"),
                "penta_class": Value((str,), "text", PENTA_CLASSES),
                "weight": NUMBER,
                "patterns": _PATTERNS,
                "weak": _PATTERNS,
                "context": _PATTERNS,
                "unless": _PATTERNS,
                "subsumes": Value((str,), "text", ("escalation", "negotiation")),
                "description": TEXT,
            },
            required=("family", "penta_class", "patterns"),
        )),
        "hedges": _PATTERNS,
        "negation": MapOf({"before": _PATTERNS, "after": _PATTERNS}),
        "conditional": _PATTERNS,
        "clause_boundaries": _PATTERNS,
        "speech_verbs": _PATTERNS,
        "certainty": _PATTERNS,
    },
    required=("categories",),
)


def parse_lexicon(text: str, source: str = "<string>") -> Lexicon:
    """Parse and validate lexicon YAML text (every pattern is compiled once to check it).

    Parameters
    ----------
    text : str
        The YAML document.
    source : str
        File name for error messages.

    Returns
    -------
    Lexicon

    Raises
    ------
    InputError
        When the YAML is invalid or a category lacks a required field (names the file and category).
    """
    data = parse_yaml(text, source)
    if not isinstance(data, dict) or not isinstance(data.get("categories"), dict) or not data["categories"]:
        raise InputError(f"{source}: a lexicon needs a non-empty 'categories' mapping")
    validate_yaml(data, LEXICON_SCHEMA, source, text)
    categories = {}
    for name, spec in data["categories"].items():
        where = f"{source}, category {name!r}"
        if not isinstance(spec, dict):
            raise InputError(f"{where}: expected a mapping")
        if not re.fullmatch(r"[A-Za-z_]\w*", str(name)):
            raise InputError(f"{where}: category names are identifiers (letters, digits, underscores)")
        family = spec.get("family")
        if family not in FAMILIES:
            raise InputError(f"{where}: family must be one of {', '.join(FAMILIES)}, not {family!r}")
        penta = spec.get("penta_class")
        if penta not in PENTA_CLASSES:
            raise InputError(f"{where}: penta_class must be one of {', '.join(PENTA_CLASSES)}, not {penta!r}")
        try:
            weight = float(spec.get("weight", 1.0))
        except (TypeError, ValueError):
            raise InputError(f"{where}: weight must be a number") from None
        patterns = _strings(spec.get("patterns"), where)
        if not patterns:
            raise InputError(f"{where}: no patterns")
        cameo = str(spec.get("cameo", ""))
        categories[str(name)] = Category(
            name=str(name),
            family=family,
            cameo=cameo,
            cameo_root=str(spec.get("cameo_root", cameo[:2])),
            penta_class=penta,
            weight=weight,
            patterns=patterns,
            weak=_strings(spec.get("weak"), where),
            context=_strings(spec.get("context"), f"{where}, context"),
            unless=_strings(spec.get("unless"), f"{where}, unless"),
            subsumes=_subsumes(spec.get("subsumes"), where),
        )
    negation = data.get("negation") or {}
    scoring = dict(DEFAULT_SCORING)
    scoring.update(data.get("scoring") or {})
    lexicon = Lexicon(
        categories=categories,
        hedges=_strings(data.get("hedges"), f"{source}, hedges"),
        negation_before=_strings(negation.get("before"), f"{source}, negation.before"),
        negation_after=_strings(negation.get("after"), f"{source}, negation.after"),
        conditional=_strings(data.get("conditional"), f"{source}, conditional"),
        clause_boundaries=_strings(data.get("clause_boundaries"), f"{source}, clause_boundaries"),
        speech_verbs=_strings(data.get("speech_verbs"), f"{source}, speech_verbs"),
        certainty=_strings(data.get("certainty"), f"{source}, certainty"),
        scoring=scoring,
        name=str(data.get("name", Path(source).stem)),
        source=source,
        text=text,
    )
    validate_patterns(lexicon.entries(), source)
    return lexicon


def validate_patterns(entries, source: str) -> None:
    """Compile every ``(_, label, _, pattern)`` entry once; a bad pattern raises InputError naming file and label."""
    for _, label, _, pattern in entries:
        try:
            compile_pattern(pattern, f"{source}, {label}")
        except ParameterError as exc:
            raise InputError(str(exc)) from None


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime: float, size: int) -> Lexicon:
    return parse_lexicon(read_text(path), source=path)


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Load a cue lexicon YAML file (cached while the file is unchanged).

    Parameters
    ----------
    path : str or Path, optional
        The YAML file; default ``data/lexicons/cues.yaml``.

    Returns
    -------
    Lexicon

    Raises
    ------
    InputError
        When the file is missing or invalid.
    """
    path = Path(path) if path else DEFAULT_LEXICON
    if not path.is_file():
        raise InputError(f"{path}: lexicon file not found")
    stat = path.stat()
    return _load_cached(str(path.resolve()), stat.st_mtime, stat.st_size)


# --------------------------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------------------------
def _trie(items: list[tuple[str, bool, str]]) -> str:
    """A regex matching ``head + tail`` for every item, with the heads merged into a character trie so the
    regex engine's literal fast checks reject most positions after a character or two. At each node longer
    heads are tried first, then exact words, then prefixes; items keep their order within a node."""
    root: dict = {}
    for head, prefix, tail in items:
        node = root
        for ch in head:
            node = node.setdefault(ch, {})
        node.setdefault("", []).append((prefix, tail))

    def alternation(pieces: list[str]) -> str:
        pieces = list(dict.fromkeys(pieces))
        return pieces[0] if len(pieces) == 1 else "(?:" + "|".join(pieces) + ")"

    def emit(node: dict) -> str:
        branches = [_literal(ch) + emit(child) for ch, child in node.items() if ch]
        ends = node.get("", [])
        exact = [tail for prefix, tail in ends if not prefix]
        prefixed = [tail for prefix, tail in ends if prefix]
        if exact:
            branches.append(alternation(exact))
        if prefixed:
            branches.append(r"[\w'’]*" + alternation(prefixed))
        return alternation(branches)

    return emit(root)


# --------------------------------------------------------------------------------------------------------
# Prefilter: where a match can start
# --------------------------------------------------------------------------------------------------------
_GRAM = 4  # characters of a word compared by the prefilter
_CLASSES = 38  # 0 not a word character, 1-26 letters (either case), 27-36 digits, 37 any other word character
_CLASS_TABLE: np.ndarray | None = None
_COMMON_WORDS = frozenset(
    "a an the of to in on at for with by from and or but as is are was were be been being will would shall "
    "should can could may might must we our us you your they their them it its this that these those all not "
    "no do does did has have had he she his her i me my there here which who what when than then so if one "
    "now new only over make made".split()
)


def _char_class(c: int) -> int:
    ch = chr(c)
    if not (ch.isalnum() or ch == "_"):
        return 0
    if ch.isascii() and ch.isalpha():
        return ord(ch.lower()) - 96
    if ch.isascii() and ch.isdigit():
        return 27 + int(ch)
    return 37


def _classes(text: str) -> np.ndarray:
    """The character class of every character of ``text`` followed by ``_GRAM`` zeros."""
    global _CLASS_TABLE
    if _CLASS_TABLE is None:
        _CLASS_TABLE = np.array([_char_class(c) for c in range(65536)], dtype=np.uint8)
    out = np.zeros(len(text) + _GRAM, dtype=np.uint8)
    encoded = text.encode("utf-16-le", "surrogatepass")
    if len(encoded) == 2 * len(text):  # no character beyond the BMP: one 16-bit code per character
        np.take(_CLASS_TABLE, np.frombuffer(encoded, dtype=np.uint16), out=out[: len(text)])
        return out
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if codes.max(initial=0) > 65535:
        out[: len(codes)] = _CLASS_TABLE[np.minimum(codes, 65535)]
        wide = np.flatnonzero(codes > 65535)
        out[wide] = [_char_class(c) for c in codes[wide].tolist()]
    else:
        np.take(_CLASS_TABLE, codes, out=out[: len(codes)])
    return out


def _word_start(word: str) -> str | None:
    """The first characters of a literal word that the text must hold exactly (up to an apostrophe or
    hyphen, which match loosely), or None when the word does not begin with a word character."""
    clean = re.split(r"['’\-]", word, maxsplit=1)[0][:_GRAM]
    return clean if clean and (clean[0].isalnum() or clean[0] == "_") else None


def _mark(grams: np.ndarray, start: str) -> None:
    """Mark every class gram beginning with ``start``."""
    index = 0
    for ch in start:
        index = index * _CLASSES + _char_class(ord(ch))
    width = _CLASSES ** (_GRAM - len(start))
    grams[index * width : (index + 1) * width] = True


def _token_cost(starts: list[str]) -> float:
    """A rough guess of how often a token occurs: common and short words often, long words rarely."""
    return sum(100.0 if s in _COMMON_WORDS else 4.0 ** (_GRAM - len(s)) for s in starts)


class _Slots:
    """Bit masks per class gram, stored as a small table of distinct masks and a slot number per gram."""

    def __init__(self):
        self.slot = np.zeros(_CLASSES**_GRAM, dtype=np.uint16)
        self.masks = [0]
        self._ids: dict[int, int] = {0: 0}

    def add(self, start: str, bit: int) -> None:
        """OR ``1 << bit`` into the masks of every gram beginning with ``start``."""
        index = 0
        for ch in start:
            index = index * _CLASSES + _char_class(ord(ch))
        width = _CLASSES ** (_GRAM - len(start))
        block = self.slot[index * width : (index + 1) * width]
        for old in np.unique(block).tolist():
            mask = self.masks[old] | (1 << bit)
            if mask not in self._ids:
                if len(self.masks) > np.iinfo(self.slot.dtype).max:
                    raise OverflowError("too many distinct masks")
                self._ids[mask] = len(self.masks)
                self.masks.append(mask)
            block[block == old] = self._ids[mask]

    def lookup(self, index: np.ndarray) -> np.ndarray:
        """The masks of the grams ``index``."""
        return np.array(self.masks, dtype=np.uint64)[self.slot[index]]


@dataclass(frozen=True)
class _Starts:
    """Which positions of a text can start a match of one scanning regex.

    Every match starts with the literal first word of one of its patterns: at a word start for words
    beginning with a word character (the regex asks ``\\b`` there), else at that first character
    (``others``). The first :data:`_GRAM` characters of those words, as character classes, are marked in
    lookup tables of all class grams (shorter words mark every gram they begin). The first word of a
    pattern that always holds another word (its *anchor*, the rarest-looking one: ``strike`` in
    ``will {strike}``) is marked in ``conditional`` with the pattern's bit, its anchor in ``anchors``, and
    its positions count only in texts holding that anchor at a word start. A single-word pattern's first
    word counts everywhere (``grams``). A position that passes neither test cannot start a match.
    """

    grams: np.ndarray
    conditional: _Slots
    anchors: _Slots
    others: str

    @classmethod
    def build(cls, patterns: list[str]) -> _Starts | None:
        """From the patterns of one scanning regex; None when one is a raw regex (it may start anywhere)."""
        try:
            return cls._build(patterns)
        except OverflowError:  # more distinct anchor masks than slots: scan everything instead
            return None

    @classmethod
    def _build(cls, patterns: list[str]) -> _Starts | None:
        grams = np.zeros(_CLASSES**_GRAM, dtype=bool)
        conditional, anchors = _Slots(), _Slots()
        others: set[str] = set()
        for number, pattern in enumerate(patterns):
            pattern = str(pattern).strip()
            if pattern.startswith("re:"):
                return None
            lower = not pattern.startswith("=")
            tokens = pattern.lstrip("=").split()
            required: list[tuple[int, list[str]]] = []
            for i, tok in enumerate(tokens):
                if re.fullmatch(r"~\d*", tok) or tok.startswith("!") or (tok.startswith("[") and tok.endswith("]")):
                    continue
                starts = [_word_start(word) for word, _ in _alternatives(tok, "pattern", lower)]
                if all(starts):
                    required.append((i, list(dict.fromkeys(starts))))
            for i, tok in enumerate(tokens):  # the first words: optional tokens, then the first required one
                optional = tok.startswith("[") and tok.endswith("]")
                words = [word for word, _ in _alternatives(tok[1:-1] if optional else tok, "pattern", lower)]
                starts = [_word_start(word) for word in words]
                others_required = [r for r in required if r[0] != i]
                if others_required and all(starts):
                    anchor = min(others_required, key=lambda r: _token_cost(r[1]))
                    for start in starts:
                        conditional.add(start, number % 64)
                    for start in anchor[1]:
                        anchors.add(start, number % 64)
                else:
                    for word, start in zip(words, starts, strict=True):
                        if start is None:
                            others.add(word[0])
                        else:
                            _mark(grams, start)
                if not optional:
                    break
        return cls(grams, conditional, anchors, "".join(sorted(others)))

    def positions(self, text: str, offsets: np.ndarray | None = None) -> np.ndarray:
        """Sorted positions of ``text`` where a match may start (``offsets``: where its texts begin)."""
        classes = _classes(text)
        word = classes[: len(text)] > 0
        starts = np.flatnonzero(word[1:] > word[:-1]) + 1
        if len(text) and word[0]:
            starts = np.concatenate([[0], starts])
        index = classes[starts].astype(np.int32)
        for j in range(1, _GRAM):
            index *= _CLASSES
            index += classes[starts + j]
        keep = self.grams[index]
        maybe = np.flatnonzero(self.conditional.slot[index])
        if len(maybe):
            if offsets is None:
                codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
                offsets = np.concatenate([[0], np.flatnonzero(codes == ord(SEPARATOR)) + 1])
            hits = np.flatnonzero(self.anchors.slot[index])
            row_masks = np.zeros(len(offsets), dtype=np.uint64)
            np.bitwise_or.at(row_masks, np.searchsorted(offsets, starts[hits], side="right") - 1,
                             self.anchors.lookup(index[hits]))
            rows = np.searchsorted(offsets, starts[maybe], side="right") - 1
            keep[maybe[(self.conditional.lookup(index[maybe]) & row_masks[rows]) != 0]] = True
        starts = starts[keep]
        if self.others:
            codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
            hit = np.zeros(len(codes), dtype=bool)
            for c in self.others:
                hit |= codes == ord(c)
            more = np.flatnonzero(hit)
            starts = np.union1d(starts, more)
        return starts


class Matcher:
    """Many labelled patterns compiled into one regex and matched over many texts in one pass.

    Parameters
    ----------
    entries : list of (kind, label, weight, pattern)
        Patterns in the lexicon language with what they mean. Where matches would start at the same
        place, the longest pattern (by its text) wins, then the earlier entry; matches never overlap.

    Notes
    -----
    The texts are joined with a NUL separator and lower-cased once; the regex has no IGNORECASE flag so
    that the regex engine's fast literal checks apply. Its branches are grouped by their literal first
    character (``\\b(?:a(?:...)|b(?:...)|...)``), so at each word start only the patterns starting with
    that letter are tried. Case-sensitive patterns (``=US``) run as a second small regex over the original
    text and win over overlapping case-insensitive matches. On texts longer than 1,000 characters each regex
    is tried only at the positions :class:`_Starts` allows (unless those are dense, when a plain scan is
    faster), which finds exactly the matches of a full scan.
    """

    def __init__(self, entries: list[tuple[str, str, float, str]]):
        self.entries = [tuple(e) for e in entries]
        rank = {"cue": 0, "speech": 2}
        order = sorted(
            range(len(self.entries)),
            key=lambda i: (-len(self.entries[i][3].split()), rank.get(self.entries[i][0], 1), i),
        )
        self.regex, self.identify, self.starts = self._build(
            [i for i in order if not self.entries[i][3].startswith("=")]
        )
        sensitive = [i for i in order if self.entries[i][3].startswith("=")]
        self.case_regex, self.case_identify, self.case_starts = (
            self._build(sensitive) if sensitive else (None, None, None)
        )
        self._known: dict[int, dict[str, int]] = {}  # entry of each matched text, per identifier
        self.kinds = np.array([e[0] for e in self.entries] + [""], dtype=object)
        self.labels = np.array([e[1] for e in self.entries] + [""], dtype=object)
        self.weights = np.array([e[2] for e in self.entries] + [0.0], dtype=float)

    def _build(self, ids: list[int]) -> tuple[re.Pattern, dict, _Starts | None]:
        """One scanning regex (a character trie of first words, no capturing groups), per-first-character
        identifier regexes (with one capturing group per pattern, run only on the matched spans) and the
        prefilter of match starts (None when a raw regex can start anywhere)."""
        word_items: list[tuple[str, bool, str]] = []
        other_items: list[tuple[str, bool, str]] = []
        raws: list[tuple[int, str]] = []
        identify_branches: dict[str, list[tuple[int, str]]] = {}
        for i in ids:
            kind, label, _, pattern = self.entries[i]
            for head, prefix, tail in compile_pattern(pattern, f"{kind} {label}"):
                if head is None:
                    raws.append((i, tail))
                    continue
                (word_items if re.match(r"\w", head[0]) else other_items).append((head, prefix, tail))
                identify_branches.setdefault(head[0], []).append((i, _word(head, prefix) + tail))
        parts = [r"\b" + _trie(word_items)] if word_items else []
        parts += [_trie(other_items)] if other_items else []
        parts += [tail for _, tail in raws]
        identify = {first: self._identifier("", branches) for first, branches in identify_branches.items()}
        if raws:
            identify[None] = self._identifier("", raws)
        regex = "(?:" + "|".join(parts) + r")(?!\w)" if parts else r"(?!x)x"
        return re.compile(regex), identify, _Starts.build([self.entries[i][3] for i in ids]) if parts else None

    @staticmethod
    def _identifier(prefix: str, branches: list[tuple[int, str]]) -> tuple[re.Pattern, list[int]]:
        mapping = [-1]
        for i, regex in branches:
            mapping += [i] * (1 + re.compile(regex).groups)
        compiled = re.compile(prefix + "(?:" + "|".join(f"({regex})" for _, regex in branches) + ")")
        return compiled, mapping

    @staticmethod
    def _spans(regex: re.Pattern, starts: _Starts | None, text: str,
               offsets: np.ndarray | None = None) -> list[tuple[int, int]]:
        """The spans :meth:`re.Pattern.finditer` finds, trying only the positions the prefilter allows.

        ``finditer`` tries every position from the end of the last match on and takes the first that
        matches; trying only the positions where a match can start finds the same matches. When the
        candidates are dense the plain scan is faster and is used instead.
        """
        if starts is None or len(text) <= 1000:
            return [m.span() for m in regex.finditer(text)]
        candidates = starts.positions(text, offsets)
        if len(candidates) * _MATCH_COST > len(text):
            return [m.span() for m in regex.finditer(text)]
        spans = []
        last = 0
        match = regex.match
        for pos in candidates.tolist():
            if pos >= last:
                m = match(text, pos)
                if m is not None:
                    spans.append(m.span())
                    last = m.end()
        return spans

    def _scan(self, regex: re.Pattern, identify: dict, text: str, starts: _Starts | None = None,
              offsets: np.ndarray | None = None) -> np.ndarray:
        """``(start, end, entry)`` of every match of ``regex`` in ``text``.

        Without raw regexes (which may look around their span) the entry of a match depends only on the
        matched text, so it is identified once per distinct text and remembered.
        """
        spans = self._spans(regex, starts, text, offsets)
        out = np.zeros((len(spans), 3), dtype=np.int64)
        raw = identify.get(None)
        known = self._known.setdefault(id(identify), {}) if raw is None else {}
        if len(known) > 100_000:
            known.clear()
        for k, (start, end) in enumerate(spans):
            matched = text[start:end]
            entry = known.get(matched)
            if entry is None:
                entry = -1
                found = identify.get(text[start])
                if found is not None:
                    m = found[0].fullmatch(text, start, end)
                    if m is not None:
                        entry = found[1][m.lastindex]
                if entry < 0 and raw is not None:
                    m = raw[0].fullmatch(text, start, end)
                    if m is not None:
                        entry = raw[1][m.lastindex]
                if raw is None:
                    known[matched] = entry
            out[k] = (start, end, entry)
        return out[out[:, 2] >= 0]

    def find(self, texts) -> pd.DataFrame:
        """Match every text.

        Parameters
        ----------
        texts : sequence of str
            The texts (None/NaN are treated as empty).

        Returns
        -------
        DataFrame
            One row per match, ordered by text then position: ``row`` (position in ``texts``), ``start``,
            ``end`` (offsets in that text), ``kind``, ``label``, ``weight``, ``entry`` (index into
            ``entries``).
        """
        texts = ["" if not isinstance(t, str) else t for t in texts]
        joined = SEPARATOR.join(texts)
        if joined.count(SEPARATOR) != max(len(texts) - 1, 0):  # a text holds the separator itself
            joined = SEPARATOR.join(t.replace(SEPARATOR, " ") for t in texts)
        lowered = joined.lower()
        if len(lowered) != len(joined):  # a few characters (e.g. U+0130) lower-case to two
            lowered = joined.translate(_ASCII_LOWER)
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1
        offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if len(texts) else np.zeros(0, np.int64)
        arr = self._scan(self.regex, self.identify, lowered, self.starts, offsets)
        if self.case_regex is not None:
            sensitive = self._scan(self.case_regex, self.case_identify, joined, self.case_starts, offsets)
            if len(sensitive) and len(arr):
                # drop case-insensitive matches overlapping a case-sensitive one
                idx = np.searchsorted(sensitive[:, 0], arr[:, 1], side="left") - 1
                valid = idx >= 0
                overlap = np.zeros(len(arr), dtype=bool)
                overlap[valid] = sensitive[idx[valid], 1] > arr[valid, 0]
                arr = arr[~overlap]
            arr = np.concatenate([arr, sensitive])
            arr = arr[np.argsort(arr[:, 0], kind="stable")]
        rows = np.searchsorted(offsets, arr[:, 0], side="right") - 1
        entry = arr[:, 2]
        return pd.DataFrame(
            {
                "row": rows.astype(np.int64),
                "start": arr[:, 0] - offsets[rows] if len(arr) else arr[:, 0],
                "end": arr[:, 1] - offsets[rows] if len(arr) else arr[:, 1],
                "kind": self.kinds[entry],
                "label": self.labels[entry],
                "weight": self.weights[entry],
                "entry": entry,
            }
        )


_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


@lru_cache(maxsize=8)
def _matcher_cached(key: tuple) -> Matcher:
    return Matcher(list(key))


def get_matcher(entries: list[tuple[str, str, float, str]]) -> Matcher:
    """Return a cached :class:`Matcher` for ``entries`` (compiled once per distinct entry list)."""
    return _matcher_cached(tuple(tuple(e) for e in entries))
