"""Known-answer tests of the sentence scorer: the sample transcript, negation/modality/hedges, the demo corpus."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import shared_file

from warsignals import config
from warsignals.actors import load_actors
from warsignals.errors import ParameterError
from warsignals.signals import SIGNAL_COLUMNS, score_sentences

SAMPLE = "logic-of-war_ceasefire-talks-and-military-aid.txt"


def _score(*sentences, speaker=""):
    return score_sentences(pd.DataFrame({"sentence": list(sentences), "speaker": speaker}))


@pytest.fixture(scope="module")
def sample_scored():
    from warsignals.sentences import split_sentences

    path = shared_file(config.SAMPLES_DIR / SAMPLE)
    try:
        from warsignals.corpus.loader import load_corpus

        documents = load_corpus(path, progress=False).documents
    except ImportError:  # the corpus package is optional for this test
        documents = pd.DataFrame({"doc_id": ["sample"], "text": [path.read_text(encoding="utf-8")],
                                  "date": [pd.Timestamp("2024-05-01")], "source": ["sample"], "speaker": [""]})
    assert len(documents) == 1
    return score_sentences(split_sentences(documents, progress=False))


def test_sample_ready_for_negotiations_is_hedged_russian_negotiation(sample_scored):
    rows = sample_scored[sample_scored["sentence"].str.contains("ready for negotiations")]
    assert len(rows) == 3
    assert (rows["signal"] == "negotiation").all()
    assert (rows["actor"] == "RUS").all()
    assert rows["hedged"].all()
    assert (rows["category"] == "readiness_for_talks").all()


def test_sample_nuclear_threats_and_escalating_are_russian_escalation(sample_scored):
    # the Russian nuclear threats the commentator reports (coded escalation/RUS in data/gold/realtext); "the
    # counterpoint to the nuclear threat" names the threat without reporting one (coded none)
    nuclear = sample_scored[sample_scored["sentence"].str.contains("nuclear threats")]
    assert len(nuclear) >= 2
    assert (nuclear["signal"] == "escalation").all()
    assert (nuclear["category"] == "nuclear_threat").all()
    assert (nuclear["actor"] == "RUS").all()
    escalating = sample_scored[sample_scored["sentence"].str.contains("the Russians keep escalating")]
    assert escalating[["signal", "actor"]].values.tolist() == [["escalation", "RUS"]]


def test_cue_offsets_point_into_the_sentence(sample_scored):
    for sentence, cues in zip(sample_scored["sentence"], sample_scored["cues"], strict=True):
        for cue in cues:
            assert sentence[cue["start"]:cue["end"]] == cue["text"]


@pytest.mark.parametrize(
    ("sentence", "signal", "negated"),
    [
        ("The Kremlin is ready for negotiations.", "negotiation", False),
        ("The Kremlin is not ready for negotiations.", "none", True),
        ("There is no talk of a ceasefire.", "none", True),
        ("Kyiv never agreed to a ceasefire.", "none", True),
        ("Moscow refused to negotiate with Kyiv.", "escalation", False),
        ("Russia will not negotiate.", "escalation", False),
        ("Putin threatened to use nuclear weapons.", "escalation", False),
        ("Russia is not only ready for talks but eager.", "negotiation", False),
    ],
)
def test_negation_known_answers(sentence, signal, negated):
    row = _score(sentence).iloc[0]
    assert row["signal"] == signal
    assert row["negated"] == negated


def test_questions_and_conditionals_discount_cues():
    plain, question, conditional = _score(
        "Russia is ready for talks.", "Is Russia ready for talks?", "If they want talks, Russia is ready for talks."
    )["negotiation"]
    assert plain == 1.0
    assert question < plain and question < 0.5
    assert conditional < 2 * plain
    assert _score("Is Russia ready for talks?")["signal"].iloc[0] == "none"


def test_hedges_mark_signals_voiced_through_unnamed_sources():
    scored = _score(
        "Anonymous sources say Putin is ready for talks.",
        "Putin is reportedly ready for talks.",
        "Putin is ready for talks.",
        "Anonymous sources say the weather is fine.",  # hedges are looked for only around cues
    )
    assert scored["hedged"].tolist() == [True, True, False, False]
    assert [c["category"] for c in scored["cues"].iloc[0]] == ["hedge", "readiness_for_talks"]
    assert scored["cues"].iloc[3] == []


@pytest.mark.parametrize(
    ("sentence", "hedged"),
    [
        ("There is no doubt that Putin is ready for talks.", False),
        ("Without a doubt, Putin is ready for talks.", False),
        ("Undoubtedly, Putin is ready for a ceasefire.", False),
        ("Doubtless Putin is ready for talks.", False),
        ("We doubt that Putin is ready for talks.", True),
        ("There is little reason to believe Putin is ready for talks.", True),
    ],
)
def test_certainty_phrases_are_not_hedges(sentence, hedged):
    scored = _score(sentence)
    assert scored["signal"].iloc[0] == "negotiation"
    assert bool(scored["hedged"].iloc[0]) is hedged


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("Putin and Erdogan held talks in Ankara.", "diplomatic_contact"),
        ("Russia struck back.", "military_threat"),
        ("The delegations met in Istanbul and sought a ceasefire.", "readiness_for_talks"),
    ],
)
def test_past_tense_irregular_forms_are_scored(sentence, category):
    scored = _score(sentence)
    assert scored["signal"].iloc[0] != "none"
    assert category in [c["category"] for c in scored["cues"].iloc[0]]


def test_penta_class_and_weak_cues():
    scored = _score(
        "Russian troops shelled the city and killed ten people.",
        "The United States delivered military aid to Ukraine.",
        "Officials discussed the weather.",
        "Negotiations were mentioned.",
    )
    assert scored["penta_class"].tolist()[:3] == ["material_conflict", "material_cooperation", "statement"]
    # a weak cue adds to a score but never makes a signal alone
    assert scored["signal"].iloc[3] == "none" and scored["negotiation"].iloc[3] > 0


def test_output_schema_keeps_input_columns_and_index():
    frame = pd.DataFrame({"sentence": ["Russia is ready for talks.", None], "x": [1, 2]}, index=[10, 20])
    scored = score_sentences(frame)
    assert list(scored.index) == [10, 20]
    assert list(scored.columns) == ["sentence", "x", *SIGNAL_COLUMNS]
    assert scored["signal"].tolist() == ["negotiation", "none"]
    with pytest.raises(ParameterError, match="text column"):
        score_sentences(frame, text_column="missing")


def test_batch_scoring_equals_one_by_one(sample_scored):
    subset = sample_scored[["sentence"]].head(40)
    batch = score_sentences(subset)
    single = pd.concat([score_sentences(subset.iloc[[i]]) for i in range(len(subset))])
    for column in ("escalation", "negotiation", "signal", "penta_class", "hedged", "negated"):
        assert batch[column].tolist() == single[column].tolist()


@pytest.fixture(scope="module")
def demo_scored():
    from warsignals.demo import generate_demo_corpus
    from warsignals.sentences import split_sentences

    demo = generate_demo_corpus(n_documents=240)
    scored = score_sentences(split_sentences(demo.documents, progress=False))
    merged = scored.merge(demo.sentences, on=["doc_id", "sent_id"], suffixes=("", "_true"), validate="1:1")
    return demo, scored, merged


def test_demo_sentence_level_agreement(demo_scored):
    _, _, merged = demo_scored
    # all rows, off-lexicon and decoy sentences included: 0.913 (240 documents; 0.9 is unchanged)
    assert (merged["signal"] == merged["signal_true"]).mean() > 0.9
    planted = merged[merged["signal_true"] != "none"]
    # Category agreement was asserted > 0.8 over all planted signals when every one was worded from the
    # lexicon's own templates. The demo now plants ~8% of signals in phrasings the lexicon lacks (wording
    # off_lexicon), which the scorer misses (see the strict xfail below), so over all planted signals it is
    # 0.774. The bar of 0.8 is kept where it was meant, on the template wording (0.844), and the all-signal
    # figure is held at 0.75 so that a drop in either part still fails.
    template = planted[planted["wording"] == "template"]
    assert (template["category"] == template["category_true"]).mean() > 0.8
    assert (planted["category"] == planted["category_true"]).mean() > 0.75
    # the demo plants "WEST" for Western capitals and the G7, which the actor file codes by state or as G7
    # (all of group WEST)
    table = load_actors()
    # actor and hedging are attributed to a signal the scorer found: measured on the template wording (a
    # missed off-lexicon signal has no actor; over all planted signals actor agreement is 0.848)
    west = (template["actor_true"] == "WEST") & (template["actor"].map(table.group) == "WEST")
    assert ((template["actor"] == template["actor_true"]) | west).mean() > 0.9
    assert (template["hedged"] == template["hedged_true"]).mean() > 0.9
    negated = merged[merged["negated_true"]]
    assert (negated["signal"] == "none").mean() > 0.8 and negated["negated"].mean() > 0.7


def test_demo_decoys_are_not_taken_for_signals(demo_scored):
    """Lexicon words in other senses ("demand for housing", a business "summit", "mobilising builders", a
    football "attack", a bakery "truce"): planted none. The scorer leaves 75.4% of them as none (240 documents);
    the football attack, the bakery truce and a summit whose topic word is a place of past talks fool it."""
    _, _, merged = demo_scored
    decoys = merged[merged["wording"] == "decoy"]
    assert len(decoys) >= 100
    assert (decoys["signal"] == "none").mean() > 0.7


@pytest.mark.xfail(strict=True, reason="known gap: the lexicon recovers 0 of 158 off-lexicon planted signals "
                                       "(240 documents); strict, so a scorer that generalises makes this pass")
def test_demo_off_lexicon_signals_are_recovered(demo_scored):
    _, _, merged = demo_scored
    off = merged[merged["wording"] == "off_lexicon"]
    assert len(off) >= 50
    assert (off["signal"] == off["signal_true"]).mean() > 0.5


def test_demo_monthly_actor_rates_follow_planted_curves(demo_scored):
    demo, scored, _ = demo_scored
    table = load_actors()
    frame = scored.assign(group=scored["actor"].map(table.group),
                          month=pd.to_datetime(scored["date"]).dt.to_period("M").dt.to_timestamp())
    correlations = {}
    for series, signal in (("escalation_rate", "escalation"), ("negotiation_rate", "negotiation")):
        for group in ("RUS", "UKR", "WEST"):
            hit = frame["signal"].isin([signal, "mixed"]) & (frame["group"] == group)
            observed = hit.astype(float).groupby(frame["month"]).mean()
            planted = demo.curves[(demo.curves["series"] == series) & (demo.curves["group"] == group)]
            planted = planted.set_index(pd.to_datetime(planted["period"]))["value"]
            joined = pd.concat([observed, planted], axis=1, join="inner").dropna()
            correlations[(series, group)] = np.corrcoef(joined.iloc[:, 0], joined.iloc[:, 1])[0, 1]
    print({f"{s}/{g}": round(r, 3) for (s, g), r in correlations.items()})
    assert min(correlations.values()) > 0.5


def test_demo_monthly_hedged_share_follows_planted_curve(demo_scored):
    demo, scored, _ = demo_scored
    negotiation = scored[scored["signal"] == "negotiation"]
    month = pd.to_datetime(negotiation["date"]).dt.to_period("M").dt.to_timestamp()
    observed = negotiation["hedged"].astype(float).groupby(month).mean()
    planted = demo.curves[demo.curves["series"] == "hedged_share"]
    planted = planted.set_index(pd.to_datetime(planted["period"]))["value"]
    joined = pd.concat([observed, planted], axis=1, join="inner").dropna()
    assert np.corrcoef(joined.iloc[:, 0], joined.iloc[:, 1])[0, 1] > 0.5
