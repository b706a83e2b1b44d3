"""Raw regular expressions in lexicons and stance-target files (issue 13): patterns that break the combined
regex, match nothing but the empty string, or backtrack catastrophically are refused at load, naming the file
and the pattern; nothing is left to hang or raise a traceback at scoring time."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from warsignals import config
from warsignals.cli import main
from warsignals.errors import InputError
from warsignals.lexicon import DEFAULT_LEXICON, check_raw_regex, load_lexicon
from warsignals.stance import load_targets

BREAKERS = [
    (r"(\w+) talks \1", "backreferences"),
    (r"(?i)ceasefire now", "global inline flags"),
    (r"(?P<who>kremlin) says", "named groups"),
    (r"x*", "can match an empty string"),
    (r"(a+)+$", "exponential time"),
    (r"(\w+\s?)+$", "exponential time"),
    (r"(?:talks|ceasefire", "invalid regular expression"),
]


def _lexicon_with(tmp_path, raws):
    text = DEFAULT_LEXICON.read_text(encoding="utf-8")
    anchor = '      - "{threaten} ~ nuclear"\n'  # a full pattern of nuclear_threat
    assert anchor in text
    added = "".join(f"      - {json.dumps('re:' + raw)}\n" for raw in raws)
    path = tmp_path / "cues.yaml"
    path.write_text(text.replace(anchor, anchor + added), encoding="utf-8")
    return path


@pytest.mark.parametrize(("raw", "problem"), BREAKERS)
def test_lexicon_refuses_unsafe_raw_regex_naming_file_and_pattern(tmp_path, capsys, raw, problem):
    path = _lexicon_with(tmp_path, [raw])
    with pytest.raises(InputError, match=re.escape(str(path)) + ".*nuclear_threat.*" + re.escape(problem)) as caught:
        load_lexicon(path)
    assert repr(raw) in str(caught.value)
    table = tmp_path / "in.csv"
    pd.DataFrame({"text": ["a" * 64 + "!"] * 3}).to_csv(table, index=False)  # what (a+)+$ would hang on
    assert main(["score", str(table), "--lexicon", str(path), "-o", str(tmp_path / "o.csv")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and problem in err and "Traceback" not in err


def test_two_patterns_with_the_same_group_name_cannot_break_the_combined_regex(tmp_path):
    path = _lexicon_with(tmp_path, [r"(?P<x>nuke)", r"(?P<x>bomb)"])
    with pytest.raises(InputError, match="named groups"):
        load_lexicon(path)


@pytest.mark.parametrize(("raw", "problem"), BREAKERS)
def test_stance_targets_refuse_unsafe_raw_regex_naming_file_target_and_lf(tmp_path, raw, problem):
    text = config.STANCE_TARGETS_FILE.read_text(encoding="utf-8")
    anchor = "    favor:\n"
    path = tmp_path / "targets.yaml"
    planted = f"      - {{name: planted, pattern: {json.dumps('re:' + raw)}}}\n"
    path.write_text(text.replace(anchor, anchor + planted, 1), encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(str(path)) + ".*'negotiations'.*'planted'.*" + re.escape(problem)):
        load_targets(path)


def test_safe_raw_regexes_pass_and_keep_matching_inside_the_combined_regex(tmp_path):
    for raw in (r"(?:\w+\s+){0,2}talks", r"cease(?>(\w+\s?)+)", r"(?s:a.b)", r"n't\b", r"(cease)(fire)"):
        assert check_raw_regex(raw).search("xx n't cease fire a\nb ceasefire talks") is not None, raw
    from warsignals.signals import score_sentences

    path = _lexicon_with(tmp_path, [r"(doomsday) (machine)s?"])
    scored = score_sentences(pd.DataFrame({"sentence": ["They spoke of a doomsday machine."]}), lexicon=path)
    cues = {(cue["text"], cue["category"], cue["weight"]) for cue in scored["cues"].iloc[0]}
    assert ("doomsday machine", "nuclear_threat", 1.0) in cues, cues
