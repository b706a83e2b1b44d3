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
:func:`numpy.searchsorted`. Compilation is cached per lexicon file content.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from warsignals import config
from warsignals.errors import InputError, ParameterError

DEFAULT_LEXICON: Path = config.LEXICON_DIR / "cues.yaml"
FAMILIES = ("escalation", "negotiation", "material_conflict", "material_cooperation")
PENTA_CLASSES = ("statement", "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
SIGNAL_CATEGORIES = {
    "escalation": (
        "nuclear_threat",
        "military_threat",
        "demand",
        "maximalist_aims",
        "nationhood_denial",
        "mobilisation_offensive",
        "rejection_of_talks",
    ),
    "negotiation": (
        "readiness_for_talks",
        "ceasefire_proposal",
        "peace_plan_summit",
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
_SEP = r"[\s\-‐–—]+"
_WORD = r"[\w'’]+"


# --------------------------------------------------------------------------------------------------------
# Pattern language
# --------------------------------------------------------------------------------------------------------
def inflections(lemma: str) -> list[str]:
    """Regular English inflections of ``lemma`` (plural/3rd person, past, gerund), the lemma first.

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
            re.compile(raw)
        except re.error as exc:
            raise ParameterError(f"{where}: invalid regular expression {raw!r}: {exc}") from None
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
        ``boundary`` or ``speech``.
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
        return out if kinds is None else [e for e in out if e[0] in kinds]


def _strings(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{where}: expected a list of pattern strings")
    return tuple(value)


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
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        where = f"{source}, line {line + 1}" if line is not None else source
        raise InputError(f"{where}: invalid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("categories"), dict) or not data["categories"]:
        raise InputError(f"{source}: a lexicon needs a non-empty 'categories' mapping")
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
        scoring=scoring,
        name=str(data.get("name", Path(source).stem)),
        source=source,
        text=text,
    )
    for _, label, _, pattern in lexicon.entries():
        try:
            compile_pattern(pattern, f"{source}, {label}")
        except ParameterError as exc:
            raise InputError(str(exc)) from None
    return lexicon


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime: float, size: int) -> Lexicon:
    text = Path(path).read_text(encoding="utf-8")
    return parse_lexicon(text, source=path)


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
    text and win over overlapping case-insensitive matches.
    """

    def __init__(self, entries: list[tuple[str, str, float, str]]):
        self.entries = [tuple(e) for e in entries]
        rank = {"cue": 0, "speech": 2}
        order = sorted(
            range(len(self.entries)),
            key=lambda i: (-len(self.entries[i][3].split()), rank.get(self.entries[i][0], 1), i),
        )
        self.regex, self.identify = self._build([i for i in order if not self.entries[i][3].startswith("=")])
        sensitive = [i for i in order if self.entries[i][3].startswith("=")]
        self.case_regex, self.case_identify = self._build(sensitive) if sensitive else (None, None)
        self.kinds = np.array([e[0] for e in self.entries] + [""], dtype=object)
        self.labels = np.array([e[1] for e in self.entries] + [""], dtype=object)
        self.weights = np.array([e[2] for e in self.entries] + [0.0], dtype=float)

    def _build(self, ids: list[int]) -> tuple[re.Pattern, dict]:
        """One scanning regex (a character trie of first words, no capturing groups) and per-first-character
        identifier regexes (with one capturing group per pattern, run only on the matched spans)."""
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
        return re.compile(regex), identify

    @staticmethod
    def _identifier(prefix: str, branches: list[tuple[int, str]]) -> tuple[re.Pattern, list[int]]:
        mapping = [-1]
        for i, regex in branches:
            mapping += [i] * (1 + re.compile(regex).groups)
        compiled = re.compile(prefix + "(?:" + "|".join(f"({regex})" for _, regex in branches) + ")")
        return compiled, mapping

    def _scan(self, regex: re.Pattern, identify: dict, text: str) -> np.ndarray:
        """``(start, end, entry)`` of every match of ``regex`` in ``text``."""
        spans = [m.span() for m in regex.finditer(text)]
        out = np.zeros((len(spans), 3), dtype=np.int64)
        raw = identify.get(None)
        for k, (start, end) in enumerate(spans):
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
        arr = self._scan(self.regex, self.identify, lowered)
        if self.case_regex is not None:
            sensitive = self._scan(self.case_regex, self.case_identify, joined)
            if len(sensitive) and len(arr):
                # drop case-insensitive matches overlapping a case-sensitive one
                idx = np.searchsorted(sensitive[:, 0], arr[:, 1], side="left") - 1
                valid = idx >= 0
                overlap = np.zeros(len(arr), dtype=bool)
                overlap[valid] = sensitive[idx[valid], 1] > arr[valid, 0]
                arr = arr[~overlap]
            arr = np.concatenate([arr, sensitive])
            arr = arr[np.argsort(arr[:, 0], kind="stable")]
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1
        offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if len(texts) else np.zeros(0, np.int64)
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
