"""Tests of the actor dictionary, the speaker table and cue attribution."""

from __future__ import annotations

import pandas as pd
import pytest

from warsignals.actors import SpeakerResolver, attribute_cue, load_actors, load_speakers
from warsignals.errors import InputError
from warsignals.signals import score_sentences

REQUIRED = {"RUS", "UKR", "USA", "EU", "NATO", "CHN", "TUR", "UN", "WEST"}


def test_actor_codes_groups_and_speakers():
    table = load_actors()
    assert REQUIRED <= set(table.codes)
    assert table.group("USA") == "WEST" and table.group("RUS") == "RUS" and table.group("") == ""
    speakers = load_speakers()
    for name, code in [("Vladimir Putin", "RUS"), ("Sergei Lavrov", "RUS"), ("Dmitry Peskov", "RUS"),
                       ("Volodymyr Zelensky", "UKR"), ("Dmytro Kuleba", "UKR")]:
        assert speakers.loc[speakers["speaker"] == name, "actor"].tolist() == [code]
    assert set(speakers["actor"]) <= set(table.codes)


def test_speaker_resolver_exact_and_contained_names():
    resolve = SpeakerResolver()
    assert resolve("Vladimir Putin") == "RUS"
    assert resolve("President of Russia Vladimir Putin") == "RUS"
    assert resolve("volodymyr  zelensky") == "UKR"
    assert resolve("Logic of War") == ""
    assert resolve(None) == ""


def test_bad_speaker_table_names_the_line(tmp_path):
    path = tmp_path / "speakers.csv"
    path.write_text("speaker,actor\nVladimir Putin,RUS\n,UKR\n")
    with pytest.raises(InputError, match="line 3"):
        load_speakers(path)


def test_attribute_cue_rules():
    text = "Putin said Ukraine is ready for talks."
    cue = (text.index("ready"), text.index("talks") + 5)
    mentions = [(0, 5, "RUS", False), (11, 18, "UKR", False)]
    speech = [(6, 10)]
    # reported speech whose clause names its own actor: that actor's readiness (codebook: whose signal it is)
    assert attribute_cue(*cue, mentions, (0, len(text)), speech) == "UKR"
    # reported speech without its own actor: the source voices it
    text2 = "Putin said talks are possible."
    assert attribute_cue(text2.index("talks"), text2.index("talks") + 5, [(0, 5, "RUS", False)], (0, len(text2)),
                         [(6, 10)], speaker_actor="UKR") == "RUS"
    # without the frame: the nearest preceding subject
    assert attribute_cue(*cue, mentions, (0, len(text)), []) == "UKR"
    # first person resolves to the speaker; objects of prepositions are skipped
    assert attribute_cue(10, 15, [(0, 2, "@first", False)], (0, 20), [], speaker_actor="UKR") == "UKR"
    assert attribute_cue(30, 40, [(20, 26, "UKR", True)], (0, 50), [], previous_actor="RUS") == "RUS"
    assert attribute_cue(30, 40, [], (0, 50), []) == ""


@pytest.mark.parametrize(
    ("sentence", "speaker", "actor"),
    [
        ("We are ready for negotiations.", "Vladimir Putin", "RUS"),
        ("We are ready for negotiations.", "Volodymyr Zelensky", "UKR"),
        ("Ukraine rejected talks with Russia.", "Vladimir Putin", "UKR"),
        ("The door to talks remains open, Peskov said.", "Joe Biden", "RUS"),
        ("Washington told the Kremlin that any nuclear strike would bring a response.", "", "USA"),
        ("The US is ready for talks.", "", "USA"),
        ("Let us be ready for talks.", "Volodymyr Zelensky", "UKR"),
    ],
)
def test_scored_actor_known_answers(sentence, speaker, actor):
    scored = score_sentences(pd.DataFrame({"sentence": [sentence], "speaker": [speaker]}))
    assert scored["signal"].iloc[0] != "none"
    assert scored["actor"].iloc[0] == actor


def test_previous_sentence_actor_carries_over_within_a_document():
    frame = pd.DataFrame({
        "doc_id": ["a", "a", "b"],
        "sentence": ["Russia keeps talking.", "They issued an ultimatum.", "They issued an ultimatum."],
        "speaker": ["", "", ""],
    })
    scored = score_sentences(frame)
    assert scored["actor"].tolist()[1:] == ["RUS", ""]
