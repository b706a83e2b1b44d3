"""The matcher's faster compilation finds exactly what the plain construction finds, on real text.

Three changes made :class:`warsignals.matcher.Matcher` cheaper to build without changing a single match: the
trie shares a regex tail among neighbouring branches (``(?:ing|ed|s|)T`` for ``ingT|edT|sT|T``), the entry of a
span is found by compiling only the patterns that could match it (:class:`~warsignals.matcher._Identifier`),
and typographic apostrophes and dashes are folded to ASCII where the patterns allow it
(:func:`~warsignals.matcher._foldable`). The references below are the constructions they replace: the plain
trie, one alternation per first character with a capturing group per pattern, and the unfolded text.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from warsignals.actors import load_actors
from warsignals.datasets import load_dataset
from warsignals.lexicon import SEPARATOR, _literal, _word, compile_pattern, load_lexicon
from warsignals.matcher import Matcher, _foldable, _identifier
from warsignals.prefilter import _char_class, _class_table
from warsignals.sentences import split_sentences
from warsignals.signals.scorer import CONTEXT_KINDS, CUE_KINDS


def _plain_trie(items: list[tuple[str, bool, str]]) -> str:
    """The trie regex as it was built before tails were shared (the reference)."""
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


def _reference(entries: list[tuple], sensitive: bool) -> tuple[re.Pattern, dict]:
    """The scanning regex and the per-first-character identifiers, built the plain way."""
    ids = [i for i in Matcher.order(entries) if entries[i][3].startswith("=") == sensitive]
    words, others, branches = [], [], {}
    for i in ids:
        kind, label, _, pattern = entries[i]
        for head, prefix, tail in compile_pattern(pattern, f"{kind} {label}"):
            assert head is not None  # the project's data files hold no raw regex
            (words if re.match(r"\w", head[0]) else others).append((head, prefix, tail))
            branches.setdefault(head[0], []).append((i, _word(head, prefix) + tail))
    parts = ([r"\b" + _plain_trie(words)] if words else []) + ([_plain_trie(others)] if others else [])
    regex = re.compile("(?:" + "|".join(parts) + r")(?!\w)")
    return regex, {first: _identifier(found) for first, found in branches.items()}


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """Real sentences: the shipped Kremlin transcripts and Ukrainian official addresses (~62,000)."""
    documents = [load_dataset(name) for name in ("kremlin-ukraine", "ukraine-addresses")]
    out = []
    for frame in documents:
        out += split_sentences(frame, progress=False)["sentence"].tolist()
    return out


@pytest.mark.parametrize("which", ["cues", "context and actors", "actors", "context", "unless"])
@pytest.mark.slow
def test_matcher_finds_the_spans_and_entries_of_the_plain_construction(texts, which):
    lexicon, actors = load_lexicon(), load_actors()
    entries = {
        "cues": lexicon.entries(CUE_KINDS),
        "context and actors": lexicon.entries(CONTEXT_KINDS) + actors.entries(),
        "actors": actors.entries(),
        "context": lexicon.context_entries(),
        "unless": lexicon.unless_entries(),
    }[which]
    matcher = Matcher(entries)
    joined = SEPARATOR.join(texts)
    lowered = joined.lower()
    assert len(lowered) == len(joined)
    for sensitive, text in ((False, lowered), (True, joined)):
        if not any(e[3].startswith("=") == sensitive for e in entries):
            continue
        regex, identify = _reference(matcher.entries, sensitive)
        expected = [m.span() for m in regex.finditer(text)]
        ours = matcher.case_regex if sensitive else matcher.regex
        ours_identify = matcher.case_identify if sensitive else matcher.identify
        scanned = text
        if matcher.fold:
            for old, new in (("’", "'"), ("‐", "-"), ("–", "-"), ("—", "-")):
                scanned = scanned.replace(old, new)
        found = [m.span() for m in ours.finditer(scanned)]
        assert len(expected) > (20 if sensitive or which in ("context", "unless") else 1000)
        assert found == expected, which
        for start, end in expected:
            ref = identify.get(text[start])
            m = ref[0].fullmatch(text, start, end) if ref else None
            assert ours_identify(scanned, start, end) == (ref[1][m.lastindex] if m else -1)
    if which == "cues":  # the cue patterns fold; clause boundaries tell a dash from a hyphen, so context does not
        assert matcher.fold
    if which == "context and actors":
        assert not matcher.fold


def test_the_shared_tail_regex_is_shorter_and_the_scorer_output_unchanged_on_quotes_and_dashes():
    lexicon = load_lexicon()
    entries = lexicon.entries(CUE_KINDS)
    matcher = Matcher(entries)
    words = [(h, p, t) for i in Matcher.order(entries) for h, p, t in compile_pattern(entries[i][3])
             if not entries[i][3].startswith("=") and re.match(r"\w", h[0])]
    assert len(matcher.regex.pattern) < 0.6 * len(_plain_trie(words))
    # the same sentences with ASCII and with typographic apostrophes and dashes give the same matches
    plain = ["Russia's offer of a cease-fire was rejected.", "We're ready for peace talks - now."]
    fancy = [t.replace("'", "’").replace(" - ", " — ").replace("-", "‐") for t in plain]
    a, b = matcher.find(plain), matcher.find(fancy)
    assert len(a) and a[["row", "start", "end", "entry"]].equals(b[["row", "start", "end", "entry"]])


def test_patterns_that_tell_apostrophes_or_dashes_apart_are_not_folded():
    assert _foldable(["{negotiate}", "ready for talks", "cease-fire", "russia's"])
    assert not _foldable([";|:|—|–"])          # a dash is a literal character of the pattern
    assert not _foldable(["re:talks?"])         # a raw regex may tell them apart
    assert not _foldable(["'til the end"])      # a first word keyed by its apostrophe
    matcher = Matcher([("boundary", "b", 0.0, ";|:|—|–"), ("cue", "x", 1.0, "talks")])
    found = matcher.find(["talks - held", "talks — held"])
    assert not matcher.fold and found["label"].tolist() == ["x", "x", "b"]
    assert np.array_equal(found["row"].to_numpy(), [0, 1, 1])


def test_the_character_class_table_is_the_class_of_every_character():
    expected = np.array([_char_class(c) for c in range(65536)], dtype=np.uint8)
    assert np.array_equal(_class_table(), expected)
