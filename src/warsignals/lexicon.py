"""Cue lexicons: loading the YAML and the small pattern language.

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

Matching many patterns over many texts at once (:class:`Matcher`, :func:`get_matcher`) lives in
:mod:`warsignals.matcher`; both names stay importable from here. A parsed lexicon is cached per file content.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from re import _constants as _sre
from re import _parser

from warsignals import config
from warsignals.errors import InputError, ParameterError
from warsignals.fileio import (
    INTEGER,
    NUMBER,
    TEXT,
    AnyOf,
    ListOf,
    MapOf,
    Value,
    file_key,
    parse_yaml,
    read_text,
    validate_yaml,
)

DEFAULT_LEXICON: Path = config.LEXICON_DIR / "cues.yaml"
FAMILIES = ("escalation", "negotiation", "material_conflict", "material_cooperation", "verbal_conflict",
            "verbal_cooperation")
PENTA_CLASSES = ("statement", "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
#: The scoring settings a lexicon may set (their values, and the defaults of a lexicon that leaves one out, are
#: those of the ``scoring`` section of ``data/lexicons/cues.yaml``: see :func:`default_scoring`).
SCORING_KEYS: tuple[str, ...] = ("threshold", "question_factor", "conditional_factor", "negation_window",
                                 "post_negation_window", "weak_weight", "dominance")
SEPARATOR = "\x00"
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
    return list(_inflections(lemma.lower()))


@cache
def _inflections(w: str) -> tuple[str, ...]:
    """:func:`inflections` of a lower-case word, computed once per word."""
    forms = [w]
    if w.isalpha():  # irregular forms (held, struck, sent, fought, met, ...) from lemminflect's tables
        from lemminflect import getAllInflections

        for upos in ("VERB", "NOUN"):
            for variants in getAllInflections(w, upos=upos).values():
                forms += [v.lower() for v in variants]
        if len(forms) > 1:
            return tuple(dict.fromkeys(forms))
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
    return tuple(dict.fromkeys(forms))


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
    scoring: dict = field(default_factory=lambda: default_scoring())
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

    def families(self) -> dict[str, tuple[str, ...]]:
        """The categories of each family, in file order (the families the YAML names, in order of appearance).

        Examples
        --------
        >>> load_lexicon().families()["negotiation"][:2]
        ('readiness_for_talks', 'ceasefire_proposal')
        """
        out: dict[str, tuple[str, ...]] = {}
        for category in self.categories.values():
            out[category.family] = (*out.get(category.family, ()), category.name)
        return out

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
        "scoring": MapOf({key: INTEGER if key.endswith("window") else NUMBER for key in SCORING_KEYS}),
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

    Notes
    -----
    A valid lexicon is kept in the cross-process cache (:mod:`warsignals.cache`, JSON) under the SHA-256 of
    ``text``, so that the next process skips the parse, the schema check and the inflection tables.
    """
    from warsignals.cache import cache_key, cached

    key = cache_key("lexicon", text, Path(source).stem)
    return cached("lexicon", key, lambda: _parse_lexicon(text, source), _lexicon_data,
                  lambda data: _lexicon_from_data(data, source, text), f"lexicon {Path(source).name}")


def _lexicon_data(lexicon: Lexicon) -> dict:
    """A lexicon as JSON data for the cache (all but its source and text)."""
    return {
        "categories": [asdict(c) for c in lexicon.categories.values()],
        **{key: list(getattr(lexicon, key)) for key in _LISTS},
        "scoring": lexicon.scoring,
        "name": lexicon.name,
    }


_LISTS = ("hedges", "negation_before", "negation_after", "conditional", "clause_boundaries", "speech_verbs",
          "certainty")


def _lexicon_from_data(data: dict, source: str, text: str) -> Lexicon:
    """The lexicon :func:`_lexicon_data` wrote."""
    categories = {}
    for spec in data["categories"]:
        fields = {k: tuple(map(str, v)) if isinstance(v, list) else v for k, v in spec.items()}
        categories[str(spec["name"])] = Category(**fields)
    return Lexicon(categories=categories, **{key: tuple(map(str, data[key])) for key in _LISTS},
                   scoring=dict(data["scoring"]), name=str(data["name"]), source=source, text=text)


def _parse_lexicon(text: str, source: str) -> Lexicon:
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
    scoring = {**(default_scoring() if set(data.get("scoring") or {}) < set(SCORING_KEYS) else {}),
               **(data.get("scoring") or {})}
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


@cache
def _default_scoring_of(path: str) -> dict:
    data = parse_yaml(read_text(path), path)
    scoring = data.get("scoring") if isinstance(data, dict) else None
    missing = [key for key in SCORING_KEYS if key not in (scoring or {})]
    if missing:
        raise InputError(f"{path}: the default lexicon's scoring section must set {', '.join(missing)}")
    return {key: scoring[key] for key in SCORING_KEYS}


def default_scoring() -> dict:
    """The scoring settings of ``data/lexicons/cues.yaml``: the defaults of a lexicon that leaves one out.

    Returns
    -------
    dict
        ``{key: value}`` for every key of :data:`SCORING_KEYS` (a new dict each call).

    Examples
    --------
    >>> default_scoring()["threshold"]
    0.5
    """
    return dict(_default_scoring_of(str(DEFAULT_LEXICON)))


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int, size: int) -> Lexicon:
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
    return _load_cached(*file_key(path or DEFAULT_LEXICON, "lexicon file"))


# --------------------------------------------------------------------------------------------------------
# Matching lives in warsignals.matcher; its names stay importable from here.
# --------------------------------------------------------------------------------------------------------
_MATCHER_NAMES = frozenset({"Matcher", "get_matcher", "_matcher_cached", "_Starts", "_trie"})


def __getattr__(name: str):
    if name in _MATCHER_NAMES:
        from warsignals import matcher

        return getattr(matcher, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
