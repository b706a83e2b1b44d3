"""Hand-written sentences, one group per capability of the scorer on real text (issue: signals that hold on
real text): hedges vs certainty, past tense, word senses, de-escalatory norms, negation scope, whose signal in
reported speech, "we" with a known speaker, states beyond the big powers. Each row: capability, sentence, the
speaker's actor ("" = none known), expected signal, expected actor (None = not checked), expected hedged."""

import pandas as pd
import pytest

from warsignals.signals import score_sentences

CASES = [
    ("hedge", "Anonymous officials say the Kremlin is ready for a ceasefire.", "", "negotiation", "RUS", True),
    ("hedge", "Putin is allegedly prepared to freeze the front line.", "", "negotiation", "RUS", True),
    ("hedge", "According to leaked documents, Moscow offered a truce.", "", "negotiation", "RUS", True),
    ("certainty", "There is no doubt that Russia will use all means at its disposal.", "", "escalation", "RUS", False),
    ("certainty", "Undoubtedly, Kyiv is ready for talks.", "", "negotiation", "UKR", False),
    ("past", "Putin and Erdogan held talks in Ankara.", "", "negotiation", None, None),
    ("past", "Russian forces struck Kharkiv with missiles overnight.", "", "escalation", "RUS", None),
    ("past", "The delegations met in Istanbul and agreed on a prisoner exchange.", "", "negotiation", None, None),
    ("past", "Russia launched a new offensive near Kharkiv.", "", "escalation", "RUS", None),
    ("sense", "Global demand for oil fell sharply this year.", "", "none", None, None),
    ("sense", "The economic summit discussed investment in green energy.", "", "none", None, None),
    ("sense", "The company is mobilising resources to build new schools.", "", "none", None, None),
    ("sense", "The draft resolution was circulated among members.", "", "none", None, None),
    ("sense", "Cooperation on nuclear energy will continue.", "", "none", None, None),
    ("sense", "Early warning systems help communities prepare for floods.", "", "none", None, None),
    ("norm", "A nuclear war cannot be won and must never be fought.", "", "none", None, None),
    ("norm", "We have no plans to attack anyone.", "RUS", "none", None, None),
    ("negation", "The Kremlin is not ready for negotiations.", "", "none", None, None),
    ("negation", "Kyiv never agreed to a ceasefire.", "", "none", None, None),
    ("negation", "Russia rejected the proposal for an Easter truce.", "", "escalation", "RUS", None),
    ("reported", "Peskov said that Moscow was open to dialogue with Kyiv.", "", "negotiation", "RUS", None),
    ("reported", "Zelensky told reporters that Ukraine would never surrender.", "", "escalation", "UKR", None),
    ("reported", "The commentator said that Putin is ready for talks.", "", "negotiation", "RUS", None),
    ("we", "We are ready to resume negotiations at any time.", "UKR", "negotiation", "UKR", None),
    ("we", "Our country calls for an immediate ceasefire.", "BRA", "negotiation", "BRA", None),
    ("we", "We will respond with force to any attack on our territory.", "RUS", "escalation", "RUS", None),
    ("states", "The Lao PDR calls on all parties to resume dialogue.", "", "negotiation", "LAO", None),
    ("states", "Cameroon calls for a peaceful settlement of the conflict.", "", "negotiation", "CMR", None),
    ("states", "Indonesia offered to mediate between Moscow and Kyiv.", "", "negotiation", "IDN", None),
    ("states", "Hungarian Prime Minister Orban called for a ceasefire.", "", "negotiation", "HUN", None),
]


@pytest.fixture(scope="module")
def scored():
    table = pd.DataFrame({"sentence": [c[1] for c in CASES], "speaker_actor": [c[2] for c in CASES],
                          "doc_id": [f"d{i}" for i in range(len(CASES))]})
    return score_sentences(table)


@pytest.mark.parametrize("index", range(len(CASES)), ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_capability_sentence(scored, index):
    _, sentence, _, signal, actor, hedged = CASES[index]
    row = scored.iloc[index]
    assert row["signal"] == signal, sentence
    if actor is not None:
        assert row["actor"] == actor, sentence
    if hedged is not None:
        assert bool(row["hedged"]) is hedged, sentence
