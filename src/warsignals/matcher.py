"""One-pass matching of many lexicon patterns over many texts: :class:`Matcher` and its prefilter.

:class:`Matcher` compiles any number of labelled patterns of the lexicon language (:mod:`warsignals.lexicon`)
into **one** alternation regex whose branches form a character trie of their first words (so that, at each
word start, only the branches that can match are tried), runs it once over all texts joined by a NUL separator,
and maps the matches back to text offsets with :func:`numpy.searchsorted`. On long texts a vectorised prefilter
(:mod:`warsignals.prefilter`) first finds the word starts where a match can begin (the first letters of a pattern's
first word, and for a pattern of several words a rarer word it holds somewhere in the same text), and the regex is
tried only there; the matches are the same. :func:`get_matcher` caches compiled matchers per entry list.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from warsignals.lexicon import SEPARATOR, _alternatives, _literal, compile_pattern
from warsignals.prefilter import _Starts

_MATCH_COST = 20  # one match attempt from Python costs about as much as scanning this many characters
# Typographic apostrophe and dashes, folded to ASCII in the text a matcher scans (same length, so offsets hold) when
# its patterns allow it (:func:`_foldable`); the character classes that accept both forms then shrink to ASCII,
# which Python's regex compiler builds several times faster than classes holding characters beyond Latin-1.
_FOLD = (("’", "'"), ("‐", "-"), ("–", "-"), ("—", "-"))
_ASCII_CLASSES = (("[\\s\\-‐–—]", "[\\s\\-]"), ("['’]", "'"), ("[\\w'’]", "[\\w']"))


# --------------------------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------------------------
def _trie(items: list[tuple[str, bool, str]]) -> str:
    """A regex matching ``head + tail`` for every item, with the heads merged into a character trie so the
    regex engine's literal fast checks reject most positions after a character or two. At each node longer
    heads are tried first, then exact words, then prefixes; items keep their order within a node.

    Neighbouring branches of a node that end in the same regex share it: ``ing(?:T)|ed(?:T)|s(?:T)|(?:T)``
    (the inflections of one pattern's first word before its tail ``T``) is written ``(?:ing|ed|s|)(?:T)``. For a
    backtracking regex ``AT|BT`` and ``(?:A|B)T`` try the same ways in the same order (A then T, all of them,
    before B), so the matches are the same; the regex is several times shorter and compiles that much faster.
    """
    root: dict = {}
    for head, prefix, tail in items:
        node = root
        for ch in head:
            node = node.setdefault(ch, {})
        node.setdefault("", []).append((prefix, tail))

    def alternation(pieces: list[str]) -> str:
        pieces = list(dict.fromkeys(pieces))
        return pieces[0] if len(pieces) == 1 else "(?:" + "|".join(pieces) + ")"

    def emit(node: dict) -> list[tuple[str, str]]:
        """The node's branches in order, each as (its own start, the regex after it), neighbours that end
        in the same regex merged."""
        branches: list[tuple[str, str]] = []
        for ch, child in node.items():
            if ch:
                inner = emit(child)
                if len(inner) == 1:
                    branches.append((_literal(ch) + inner[0][0], inner[0][1]))
                else:
                    branches.append((_literal(ch), alternation([start + rest for start, rest in inner])))
        ends = node.get("", [])
        exact = [tail for prefix, tail in ends if not prefix]
        prefixed = [tail for prefix, tail in ends if prefix]
        if exact:
            branches.append(("", alternation(exact)))
        if prefixed:
            branches.append((r"[\w'’]*", alternation(prefixed)))
        branches = list(dict.fromkeys(branches))
        merged: list[tuple[list[str], str]] = []
        for start, rest in branches:
            if merged and rest and merged[-1][1] == rest:
                merged[-1][0].append(start)
            else:
                merged.append(([start], rest))
        return [(starts[0] if len(starts) == 1 else "(?:" + "|".join(dict.fromkeys(starts)) + ")", rest)
                for starts, rest in merged]

    return alternation([start + rest for start, rest in emit(root)])


_LOOSE = re.compile(r"['’\-]")  # characters a pattern's literal word matches loosely (see lexicon._literal)


def _foldable(patterns: list[str]) -> bool:
    """Whether the regexes of ``patterns`` find the same matches in a text with ``’ ‐ – —`` folded to ``'`` and
    ``-``, once their classes ``['’]``, ``[\\w'’]`` and ``[\\s\\-‐–—]`` are written with ASCII only.

    True when no pattern is a raw regex (which may tell the characters apart), none holds a dash other than
    ``-`` (it would be a literal character), and no word of one starts with an apostrophe or a hyphen (the
    prefilter and the identifier key a pattern by its first character): then every place where a generated
    regex meets one of these characters is one of those classes, which accept both forms alike, and ``\\w``,
    ``\\b`` and ``\\s`` treat them alike (none is a word character or a space).
    """
    for pattern in patterns:
        text = str(pattern).strip()
        if text.startswith("re:") or any(dash in text for dash in "‐–—"):
            return False
        if any(word[:1] in ("'", "’", "-") for word in re.split(r"[\s|\[\]{}!=~]+", text)):
            return False
    return True


def _fold(text: str) -> str:
    """``text`` with the typographic apostrophe and dashes as ASCII (see :func:`_foldable`); same length."""
    for old, new in _FOLD:
        if old in text:
            text = text.replace(old, new)
    return text


def _ascii_classes(regex: str) -> str:
    """A generated regex with its apostrophe, word and separator classes written for folded text."""
    for old, new in _ASCII_CLASSES:
        regex = regex.replace(old, new)
    return regex


def _required_words(pattern: str) -> list[list[str]]:
    """For each token every match of ``pattern`` holds (not optional, a gap or a negative), the literal starts
    of its alternatives (up to an apostrophe or hyphen, which match loosely): a span that lacks all of one
    token's cannot be a match. Empty for a raw regex, and where a token's alternatives cannot be told apart."""
    pattern = str(pattern).strip()
    if pattern.startswith("re:"):
        return []
    lower = not pattern.startswith("=")
    out = []
    for tok in pattern.lstrip("=").split():
        if re.fullmatch(r"~\d*", tok) or tok.startswith("!") or (tok.startswith("[") and tok.endswith("]")):
            continue
        starts = [_LOOSE.split(word, maxsplit=1)[0] for word, _ in _alternatives(tok, "pattern", lower)]
        if all(starts):
            out.append(list(dict.fromkeys(starts)))
    return out


def _is_word_char(ch: str) -> bool:
    """Whether ``ch`` is a regex word character (``\\w`` in a str pattern: alphanumeric or underscore)."""
    return ch.isalnum() or ch == "_"


def _identifier(branches: list[tuple[int, str]]) -> tuple[re.Pattern, list[int]]:
    """One alternation of ``branches`` (entry, regex) with a capturing group each, and the entry of each group
    number: ``m.lastindex`` of a match names the first branch that matched."""
    mapping = [-1]
    for i, regex in branches:
        mapping += [i] * (1 + re.compile(regex).groups)
    compiled = re.compile("(?:" + "|".join(f"({regex})" for _, regex in branches) + ")")
    return compiled, mapping


class _Identifier:
    """The entry of each span a scanning regex found: the first pattern, in the order of the scanning
    regex's branches, whose own regex matches the whole span (what one alternation per first character of
    all of them, with a capturing group each, would say).

    A pattern is tried only when the span could be one of its matches: the span starts with the pattern's
    first character and the literal letters of its first word (up to an apostrophe or hyphen, which match
    loosely); for an exact first word without those, the span does not go on with a word character right
    after it (a tail always begins with a separator); and the span holds every word the pattern requires
    (:func:`_required_words`). A pattern's first-word variants with that first character are compiled as one
    regex (a trie, see :func:`_trie`) the first time it is tried, so a corpus compiles the few hundred patterns it
    holds, not every one of the lexicon. The variants of a pattern are neighbours in the branch order, so trying
    the patterns in the order of their first passing variant finds the first branch that matches. Raw ``re:``
    patterns (which may start anywhere) are tried after the others, as one alternation compiled on first need.

    Parameters
    ----------
    branches : list of (entry, head, is_prefix, tail)
        Every first-word variant of every pattern in the scanning regex's order: the entry index, the
        literal first word, whether it is a prefix (``negotiat*``) and the regex of the rest of the pattern.
    raws : list of (entry, regex)
        The raw regular expressions, in order.
    required : dict, optional
        Entry -> the words each of its matches holds (:func:`_required_words`).
    fold : bool
        Whether the text is folded to ASCII apostrophes and hyphens (:func:`_foldable`).
    """

    def __init__(self, branches: list[tuple[int, str, bool, str]], raws: list[tuple[int, str]],
                 required: dict[int, list[list[str]]] | None = None, fold: bool = False):
        self.branches = [(int(i), str(head), bool(prefix), str(tail)) for i, head, prefix, tail in branches]
        self.raws = [(int(i), str(regex)) for i, regex in raws]
        self.required = {int(i): [[str(w) for w in words] for words in tokens]
                         for i, tokens in (required or {}).items() if tokens}
        self.fold = bool(fold)
        self._index: dict[str, list[int]] = {}
        self._checks: list[tuple[str, str, int]] = []  # (first character, literal start, word end or -1)
        self._variants: dict[tuple[int, str], list[tuple[str, bool, str]]] = {}
        for k, (entry, head, prefix, tail) in enumerate(self.branches):
            literal = _LOOSE.split(head, maxsplit=1)[0]
            exact = not prefix and literal == head
            self._checks.append((head[:1], literal, len(head) if exact else -1))
            self._index.setdefault(literal[:4], []).append(k)
            self._variants.setdefault((entry, head[:1]), []).append((head, prefix, tail))
        self._compiled: dict[tuple[int, str], re.Pattern] = {}
        self._raw: tuple[re.Pattern, list[int]] | None = None
        self.known: dict[str, int] = {}  # entry of each matched text (only without raw regexes)

    def __call__(self, text: str, start: int, end: int) -> int:
        """The entry of the span ``text[start:end]``, or -1 when no pattern matches it whole."""
        if self.raws:
            return self._find(text, start, end)
        matched = text[start:end]
        entry = self.known.get(matched)
        if entry is None:
            if len(self.known) > 100_000:
                self.known.clear()
            entry = self.known[matched] = self._find(text, start, end)
        return entry

    def _find(self, text: str, start: int, end: int) -> int:
        index = self._index
        candidates = [k for n in range(min(end - start, 4) + 1) for k in index.get(text[start:start + n], ())]
        if len(candidates) > 1:
            candidates.sort()
        first = text[start:start + 1]
        span = text[start:end]
        required = self.required
        tried: set[int] = set()
        for k in candidates:
            head_first, literal, word_end = self._checks[k]
            if head_first != first or not text.startswith(literal, start):
                continue
            if word_end >= 0 and start + word_end < end and _is_word_char(text[start + word_end]):
                continue
            entry = self.branches[k][0]
            words = required.get(entry)
            if entry in tried or (words and not all(any(word in span for word in token) for token in words)):
                continue
            tried.add(entry)
            compiled = self._compiled.get((entry, first))
            if compiled is None:
                regex = _trie(self._variants[(entry, first)])
                compiled = self._compiled[(entry, first)] = re.compile(_ascii_classes(regex) if self.fold else regex)
            if compiled.fullmatch(text, start, end) is not None:
                return entry
        if self.raws:
            if self._raw is None:
                self._raw = _identifier(self.raws)
            m = self._raw[0].fullmatch(text, start, end)
            if m is not None:
                return self._raw[1][m.lastindex]
        return -1


def _side_from_tables(side: dict, arrays: dict[str, np.ndarray], name: str, fold: bool) -> dict:
    """One side of a matcher (case-insensitive or case-sensitive) from :meth:`Matcher.tables`."""
    starts = None if side["starts"] is None else _Starts.from_tables(side["starts"], arrays, name)
    branches = [(i, head, prefix, tail) for i, head, prefix, tail in side["branches"]]
    raws = [(i, regex) for i, regex in side["raws"]]
    required = {i: words for i, words in side["required"]}
    return {"regex": str(side["regex"]), "identify": _Identifier(branches, raws, required, fold), "starts": starts}


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

    def __init__(self, entries: list[tuple[str, str, float, str]], _tables: tuple[dict, dict] | None = None):
        self.entries = [tuple(e) for e in entries]
        if _tables is None:
            self.fold = _foldable([e[3] for e in self.entries])
            order = self.order(self.entries)
            self._sides = [self._build([i for i in order if not self.entries[i][3].startswith("=")])]
            sensitive = [i for i in order if self.entries[i][3].startswith("=")]
            if sensitive:
                self._sides.append(self._build(sensitive))
        else:
            data, arrays = _tables
            self.fold = bool(data["fold"])
            self._sides = [_side_from_tables(side, arrays, f"s{k}", self.fold) for k, side in enumerate(data["sides"])]
            if not 1 <= len(self._sides) <= 2:
                raise ValueError("a matcher has one or two sides")
        self.regex, self.identify, self.starts = (
            re.compile(self._sides[0]["regex"]), self._sides[0]["identify"], self._sides[0]["starts"]
        )
        self.case_regex, self.case_identify, self.case_starts = (
            (re.compile(self._sides[1]["regex"]), self._sides[1]["identify"], self._sides[1]["starts"])
            if len(self._sides) > 1 else (None, None, None)
        )
        self.kinds = np.array([e[0] for e in self.entries] + [""], dtype=object)
        self.labels = np.array([e[1] for e in self.entries] + [""], dtype=object)
        self.weights = np.array([e[2] for e in self.entries] + [0.0], dtype=float)

    @staticmethod
    def order(entries: list[tuple[str, str, float, str]]) -> list[int]:
        """Entry indices in the order their patterns are tried: more words first, then cues before other kinds
        and speech verbs last, then file order."""
        rank = {"cue": 0, "speech": 2}
        return sorted(range(len(entries)), key=lambda i: (-len(entries[i][3].split()), rank.get(entries[i][0], 1), i))

    def tables(self) -> tuple[dict, dict[str, np.ndarray]]:
        """The compiled matcher as (JSON data, arrays of numbers): regex sources, the identifier's patterns and
        the prefilter tables; ``Matcher(entries, _tables=...)`` rebuilds it (see :func:`get_matcher`)."""
        sides, arrays = [], {}
        for k, side in enumerate(self._sides):
            starts = None
            if side["starts"] is not None:
                starts, more = side["starts"].tables(f"s{k}")
                arrays.update(more)
            identify = side["identify"]
            sides.append({"regex": side["regex"], "branches": identify.branches, "raws": identify.raws,
                          "required": [[i, words] for i, words in identify.required.items()], "starts": starts})
        return {"fold": self.fold, "sides": sides}, arrays

    def _build(self, ids: list[int]) -> dict:
        """One scanning regex source (a character trie of first words, no capturing groups), the identifier
        of the entry of each span it finds (:class:`_Identifier`) and the prefilter of match starts (None when
        a raw regex can start anywhere)."""
        word_items: list[tuple[str, bool, str]] = []
        other_items: list[tuple[str, bool, str]] = []
        raws: list[tuple[int, str]] = []
        branches: list[tuple[int, str, str, bool]] = []
        for i in ids:
            kind, label, _, pattern = self.entries[i]
            for head, prefix, tail in compile_pattern(pattern, f"{kind} {label}"):
                if head is None:
                    raws.append((i, tail))
                    continue
                (word_items if re.match(r"\w", head[0]) else other_items).append((head, prefix, tail))
                branches.append((i, head, prefix, _ascii_classes(tail) if self.fold else tail))
        parts = [r"\b" + _trie(word_items)] if word_items else []
        parts += [_trie(other_items)] if other_items else []
        parts += [tail for _, tail in raws]
        regex = "(?:" + "|".join(parts) + r")(?!\w)" if parts else r"(?!x)x"
        if self.fold:
            regex = _ascii_classes(regex)
        starts = _Starts.build([self.entries[i][3] for i in ids]) if parts else None
        required = {i: _required_words(self.entries[i][3]) for i in ids}
        return {"regex": regex, "identify": _Identifier(branches, raws, required, self.fold), "starts": starts}

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

    def _scan(self, regex: re.Pattern, identify: _Identifier, text: str, starts: _Starts | None = None,
              offsets: np.ndarray | None = None) -> np.ndarray:
        """``(start, end, entry)`` of every match of ``regex`` in ``text``.

        Without raw regexes (which may look around their span) the entry of a match depends only on the
        matched text, so it is identified once per distinct text and remembered (:class:`_Identifier`).
        """
        spans = self._spans(regex, starts, text, offsets)
        out = np.zeros((len(spans), 3), dtype=np.int64)
        for k, (start, end) in enumerate(spans):
            out[k] = (start, end, identify(text, start, end))
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
        if self.fold:
            lowered = _fold(lowered)
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1
        offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if len(texts) else np.zeros(0, np.int64)
        arr = self._scan(self.regex, self.identify, lowered, self.starts, offsets)
        if self.case_regex is not None:
            scanned = _fold(joined) if self.fold else joined
            sensitive = self._scan(self.case_regex, self.case_identify, scanned, self.case_starts, offsets)
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


#: Matchers of fewer patterns (a category's context words) are cached without a line on standard error: they
#: follow their lexicon, whose line says it was compiled.
QUIET_ENTRIES = 50


@lru_cache(maxsize=32)
def _matcher_cached(key: tuple) -> Matcher:
    entries = list(key)
    import json
    import time

    from warsignals.cache import cache_key, load_arrays, package_version, store_arrays

    name = cache_key("matcher", json.dumps(entries, ensure_ascii=False), package_version("lemminflect"))
    found = load_arrays("matcher", name)
    if found is not None:
        try:
            return Matcher(entries, _tables=found)
        except (KeyError, TypeError, ValueError, IndexError, re.error):
            pass  # an entry of another shape: compile again and replace it
    start = time.perf_counter()
    matcher = Matcher(entries)
    data, arrays = matcher.tables()
    what = f"a matcher of {len(entries)} patterns" if len(entries) >= QUIET_ENTRIES else None
    store_arrays("matcher", name, data, arrays, what, time.perf_counter() - start)
    return matcher


def get_matcher(entries: list[tuple[str, str, float, str]]) -> Matcher:
    """Return a :class:`Matcher` for ``entries``: compiled once per process and distinct entry list, and read
    from the cross-process cache (:mod:`warsignals.cache`) when it holds them."""
    return _matcher_cached(tuple(tuple(e) for e in entries))
