"""The matcher's prefilter: the word starts of a text where a match of a pattern can begin.

:class:`_Starts` keeps, for a set of patterns, the first letters of each pattern's first word (and for a pattern
of several words a rarer word it holds somewhere), and finds with numpy the positions of a text where the
:class:`warsignals.matcher.Matcher` regex may start; the matches are the same as a plain scan's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from warsignals.lexicon import SEPARATOR, _alternatives

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


def _class_table() -> np.ndarray:
    """:func:`_char_class` of every character of the Basic Multilingual Plane (word characters found by one
    ``\\w`` scan, which is ``isalnum() or "_"`` in a str pattern)."""
    table = np.zeros(65536, dtype=np.uint8)
    every = "".join(map(chr, range(65536)))
    table[[m.start() for m in re.finditer(r"\w", every)]] = 37
    for c in range(ord("a"), ord("z") + 1):
        table[c] = table[c - 32] = c - 96
    table[ord("0"):ord("9") + 1] = np.arange(27, 37)
    return table


def _classes(text: str) -> np.ndarray:
    """The character class of every character of ``text`` followed by ``_GRAM`` zeros."""
    global _CLASS_TABLE
    if _CLASS_TABLE is None:
        _CLASS_TABLE = _class_table()
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

    def tables(self, name: str) -> dict[str, np.ndarray]:
        """The slots as arrays of numbers (the grams with a slot, their slots, the masks), for the cache."""
        index = np.flatnonzero(self.slot)
        return {f"{name}_index": index.astype(np.int32), f"{name}_slot": self.slot[index],
                f"{name}_masks": np.array(self.masks, dtype=np.uint64)}

    @classmethod
    def from_tables(cls, arrays: dict[str, np.ndarray], name: str) -> _Slots:
        """The slots :meth:`tables` wrote."""
        slots = cls()
        slots.slot[arrays[f"{name}_index"].astype(np.int64)] = arrays[f"{name}_slot"].astype(np.uint16)
        slots.masks = [int(m) for m in arrays[f"{name}_masks"].tolist()]
        slots._ids = {mask: i for i, mask in enumerate(slots.masks)}
        if len(slots.masks) <= int(slots.slot.max(initial=0)):
            raise ValueError("a slot without its mask")
        return slots


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

    def tables(self, name: str) -> tuple[dict, dict[str, np.ndarray]]:
        """The prefilter as (JSON data, arrays of numbers), for the cache."""
        arrays = {f"{name}_grams": np.flatnonzero(self.grams).astype(np.int32)}
        arrays.update(self.conditional.tables(f"{name}_conditional"))
        arrays.update(self.anchors.tables(f"{name}_anchors"))
        return {"others": self.others}, arrays

    @classmethod
    def from_tables(cls, data: dict, arrays: dict[str, np.ndarray], name: str) -> _Starts:
        """The prefilter :meth:`tables` wrote."""
        grams = np.zeros(_CLASSES**_GRAM, dtype=bool)
        grams[arrays[f"{name}_grams"].astype(np.int64)] = True
        return cls(grams, _Slots.from_tables(arrays, f"{name}_conditional"),
                   _Slots.from_tables(arrays, f"{name}_anchors"), str(data["others"]))

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


