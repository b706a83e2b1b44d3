"""The stance patterns' prefilter (`targets.Anchors`) never skips a text its pattern matches."""

from __future__ import annotations

import pytest

from warsignals.realtext import read_gold
from warsignals.stance.targets import (
    compile_phrase,
    load_targets,
    merge_anchors,
    phrase_anchors,
    text_tokens,
)


@pytest.mark.parametrize(("phrase", "text", "matches"), [
    ("[peace|cease*] talks", "The ceasefire talks resumed.", True),
    ("[peace|cease*] talks", "Peace talks resumed.", True),
    ("so-called ... regime", "the so-called Kyiv regime", True),
    ("anti-*", "an anti-Russian policy", True),
    ("#stoprussia", "We say #StopRussia now", True),
    ("don't ... weapons", "Don't send them weapons", True),
    ("peace talks", "pieces talked", False),
])
def test_anchors_admit_every_match(phrase, text, matches):
    regex, anchors = compile_phrase(phrase), phrase_anchors(phrase)
    assert (regex.search(text) is not None) is matches
    if matches:
        assert anchors is not None and anchors.admits(text_tokens(text))


def test_raw_patterns_are_always_searched():
    assert phrase_anchors(r"re:\bno\s+talks") is None
    assert merge_anchors([phrase_anchors("talks"), None]) is None
    assert phrase_anchors("talks").admits(text_tokens("no talks today"))
    assert not phrase_anchors("talks").admits(text_tokens("no negotiation today"))


def test_prefilter_loses_no_match_on_coded_sentences():
    """Every labelling function and mention pattern of the default targets, on the 3,627 coded sentences."""
    texts = read_gold()["sentence"].astype(str).tolist()
    checked = 0
    for spec in load_targets().values():
        patterns = [(lf.regex, lf.anchors) for lf in spec.lfs] + [(spec.mentions, spec.mention_anchors)]
        for regex, anchors in patterns:
            if regex is None or anchors is None:
                continue
            for text in texts:
                if regex.search(text) is not None:
                    checked += 1
                    assert anchors.admits(text_tokens(text)), (regex.pattern[:80], text)
    assert checked > 500
