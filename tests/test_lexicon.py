"""Tests of the cue lexicon: the pattern language, YAML validation and the one-pass matcher."""

from __future__ import annotations

import re

import pytest

from warsignals.errors import InputError, ParameterError
from warsignals.lexicon import (
    DEFAULT_LEXICON,
    SCORING_KEYS,
    Matcher,
    compile_pattern,
    default_scoring,
    inflections,
    load_lexicon,
    parse_lexicon,
)

#: The categories the analyses of notebook 02 are written about (the lexicon may have more).
REQUIRED_CATEGORIES = {
    "escalation": ("nuclear_threat", "military_threat", "demand", "maximalist_aims", "nationhood_denial",
                   "mobilisation_offensive", "military_action", "rejection_of_talks"),
    "negotiation": ("readiness_for_talks", "ceasefire_proposal", "peace_plan_summit", "summit", "mediation",
                    "humanitarian_deal", "concession", "diplomatic_contact"),
}


def _regex(pattern: str) -> re.Pattern:
    matcher = Matcher([("cue", "x", 1.0, pattern)])
    return matcher.regex


def _hits(pattern: str, text: str) -> list[str]:
    matcher = Matcher([("cue", "x", 1.0, pattern)])
    found = matcher.find([text])
    return [text[s:e] for s, e in zip(found["start"], found["end"], strict=True)]


def test_inflections_known_answers():
    assert inflections("talk")[0] == "talk"
    assert set(inflections("talk")) == {"talk", "talks", "talked", "talking"}
    assert set(inflections("negotiate")) == {"negotiate", "negotiates", "negotiated", "negotiating"}
    assert set(inflections("ally")) == {"ally", "allies", "allied", "allying"}
    assert {"stopped", "stopping"} <= set(inflections("stop"))
    assert "stoped" not in inflections("stop")


@pytest.mark.parametrize(
    ("lemma", "irregular"),
    [("hold", "held"), ("strike", "struck"), ("send", "sent"), ("fight", "fought"), ("meet", "met"),
     ("speak", "spoke"), ("seek", "sought"), ("withdraw", "withdrew"), ("freeze", "frozen"), ("child", "children")],
)
def test_inflections_know_irregular_forms(lemma, irregular):
    assert irregular in inflections(lemma)
    assert inflections("zorbify")[:2] == ["zorbify", "zorbifies"]  # outside the tables: the regular rules


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("ready for {talk}", "Moscow is ready for talks now", ["ready for talks"]),
        ("negotiat*", "Negotiations resumed; they negotiated.", ["Negotiations", "negotiated"]),
        ("ready|willing ~ {negotiation}", "We are willing to start negotiations.", ["willing to start negotiations"]),
        ("ready ~1 talks", "ready to start talks", []),
        ("ready for [peace] {talk}", "ready for peace talks and ready for talks",
         ["ready for peace talks", "ready for talks"]),
        ("not !only", "not only this, but not that", ["not"]),
        ("cease-fire", "a cease-fire, a cease fire, a ceasefire", ["cease-fire", "cease fire", "ceasefire"]),
        ("won't {negotiate}", "we won’t negotiate", ["won’t negotiate"]),
        ("=US", "the US told us", ["US"]),
        ("talk", "talkative talk", ["talk"]),
        ("re:\\d+ troops", "sent 300 troops", ["300 troops"]),
    ],
)
def test_pattern_language_known_answers(pattern, text, expected):
    assert _hits(pattern, text) == expected


@pytest.mark.parametrize("bad", ["", "~ talks", "talks ~", "{}", "re:(unclosed", "*", "!not talks"])
def test_malformed_patterns_raise_parameter_error(bad):
    with pytest.raises(ParameterError):
        compile_pattern(bad)


def test_matcher_prefers_longer_patterns_and_maps_offsets_across_texts():
    matcher = Matcher([
        ("neg_before", "negation", 0.0, "won't"),
        ("cue", "rejection_of_talks", 1.0, "won't {negotiate}"),
        ("cue", "readiness_for_talks", 1.0, "ready for {talk}"),
    ])
    texts = ["We won't negotiate.", "", None, "Kyiv is ready for talks. We won't go."]
    found = matcher.find(texts)
    assert found[["row", "label"]].values.tolist() == [
        [0, "rejection_of_talks"], [3, "readiness_for_talks"], [3, "negation"]
    ]
    for row, start, end in zip(found["row"], found["start"], found["end"], strict=True):
        assert texts[row][start:end] in {"won't negotiate", "ready for talks", "won't"}


def test_default_lexicon_has_the_required_categories_with_cameo_codes():
    lexicon = load_lexicon()
    for family, names in REQUIRED_CATEGORIES.items():
        for name in names:
            category = lexicon.categories[name]
            assert category.family == family
            assert category.cameo and category.cameo_root
    assert lexicon.categories["material_conflict"].penta_class == "material_conflict"
    assert lexicon.categories["material_cooperation"].penta_class == "material_cooperation"
    assert lexicon.hedges and lexicon.negation_before and lexicon.conditional
    assert load_lexicon() is lexicon  # cached


def test_cameo_codes_exist_in_the_shared_cameo_table():
    import pandas as pd
    from conftest import shared_file

    from warsignals import config

    table = pd.read_csv(shared_file(config.CAMEO_TABLE), dtype=str)
    codes = set(table["cameo_code"])
    for category in load_lexicon().categories.values():
        assert category.cameo in codes, category.name
        assert category.cameo_root == table.loc[table["cameo_code"] == category.cameo, "root_code"].iloc[0]


def test_invalid_lexicon_names_file_and_category(tmp_path):
    with pytest.raises(InputError, match=r"lex.yaml, line 3: categories\.bad\.family: must be one of escalation"):
        parse_lexicon("categories:\n  bad:\n    family: nope\n    penta_class: statement\n    patterns: [x]\n",
                      source="lex.yaml")
    with pytest.raises(InputError, match="lex.yaml"):
        parse_lexicon("categories: [", source="lex.yaml")
    with pytest.raises(InputError, match="not found"):
        load_lexicon(tmp_path / "missing.yaml")
    with pytest.raises(InputError, match="malformed"):
        parse_lexicon(
            "categories:\n  a:\n    family: escalation\n    penta_class: verbal_conflict\n    patterns: ['{x']\n",
            source="lex.yaml",
        )


def test_prefiltered_scan_finds_what_a_full_scan_finds(monkeypatch):
    """The prefilter path (only positions whose first word can start a match are tried; forced here even
    where the candidates are dense) gives exactly the matches of a plain scan, case-sensitive ones included."""
    monkeypatch.setattr("warsignals.matcher._MATCH_COST", 0)
    lexicon = load_lexicon()
    entries = lexicon.entries() + [("actor", "USA", 0.0, "=US"), ("actor", "EU", 0.0, "=EU")]
    matcher = Matcher(entries)
    sentences = [
        "Moscow is ready for talks, but the US will not negotiate; a cease fire is out of the question.",
        "We warn that nuclear weapons could be used. The EU said talks resumed.",
        "Nothing happened here at all, and nobody said anything.",
        "They didn't threaten anyone.",
    ]
    joined = "\x00".join(sentences * 40)
    lowered = joined.lower()
    assert len(lowered) > 1000 and matcher.starts is not None
    candidates = matcher.starts.positions(lowered)
    assert 0 < len(candidates) < len(lowered)
    expected = [m.span() for m in matcher.regex.finditer(lowered)]
    assert expected and matcher._spans(matcher.regex, matcher.starts, lowered) == expected
    case = [m.span() for m in matcher.case_regex.finditer(joined)]
    assert case and matcher._spans(matcher.case_regex, matcher.case_starts, joined) == case


def test_families_and_scoring_defaults_come_from_the_yaml(tmp_path):
    yaml_text = DEFAULT_LEXICON.read_text(encoding="utf-8")
    lexicon = load_lexicon()
    assert set(lexicon.families()["escalation"]) >= set(REQUIRED_CATEGORIES["escalation"])
    assert default_scoring() == lexicon.scoring and set(lexicon.scoring) == set(SCORING_KEYS)
    added = yaml_text.replace("categories:\n", "categories:\n  drone_threat:\n    family: escalation\n"
                              "    penta_class: verbal_conflict\n    patterns: [\"{launch} ~ drones\"]\n", 1)
    added = added.replace("  threshold: 0.5 ", "  threshold: 0.7 ", 1)
    assert added != yaml_text
    path = tmp_path / "cues.yaml"
    path.write_text(added, encoding="utf-8")
    custom = load_lexicon(path)
    assert custom.families()["escalation"][0] == "drone_threat"
    assert custom.scoring["threshold"] == 0.7
    bare = parse_lexicon("categories:\n  talks:\n    family: negotiation\n    penta_class: verbal_cooperation\n"
                         "    patterns: [\"ready for talks\"]\n")
    assert bare.scoring == default_scoring()  # a lexicon without a scoring section gets cues.yaml's
