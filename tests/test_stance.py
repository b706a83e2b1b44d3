"""Tests of warsignals.stance: patterns, labelling functions, models, aggregation, saving and known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.utils.estimator_checks import (
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_set_params,
    parametrize_with_checks,
)
from text_estimator_checks import text_input_failures

from warsignals import config
from warsignals.errors import InputError, ParameterError
from warsignals.sentences import split_sentences
from warsignals.stance import (
    LABELS,
    StanceClassifier,
    WeakStanceModel,
    compile_phrase,
    document_stance,
    load_stance_model,
    load_targets,
    prepare_labels,
    save_stance_model,
    score_stance,
    weak_labels,
)

SAMPLE = "logic-of-war_ceasefire-talks-and-military-aid.txt"


def shared_file(path):
    """``path``, or skip the test when the shared data set is absent."""
    if not path.exists():
        pytest.skip(f"shared data absent: {path}")
    return path


# ------------------------------------------------------------------------------------------ patterns
def test_compile_phrase_slots_gaps_wildcards():
    regex = compile_phrase("[must|has to] [continue|keep] ... [support*|aid]")
    assert regex.search("The West has to keep its military supporting role")
    assert regex.search("we MUST continue the aid")
    assert not regex.search("we must stop the aid")
    gap = compile_phrase("no reason to believe ... negotiations", gap_words=3)
    assert gap.search("no reason to believe that real negotiations")
    assert not gap.search("no reason to believe that the Kremlin ever wanted serious negotiations")
    assert compile_phrase("only [way|path] [forward]? is ... talks").search("the only way is direct talks")
    assert compile_phrase("only [way|path] [forward]? is ... talks").search("the only way forward is talks")
    # word boundaries: "aid" does not match inside "said"
    assert not compile_phrase("[aid]").search("he said so")


@pytest.mark.parametrize("bad", ["... talks", "[]", "re:(unclosed"])
def test_compile_phrase_rejects_bad_patterns(bad):
    with pytest.raises((ValueError, Exception)):
        compile_phrase(bad)


def test_targets_file_has_the_four_targets_with_descriptions():
    specs = load_targets()
    assert {"negotiations", "military_aid", "Russia", "Ukraine"} <= set(specs)
    for spec in specs.values():
        assert spec.description
        assert {lf.label for lf in spec.lfs} == {"FAVOR", "AGAINST"}
    with pytest.raises(ParameterError, match="unknown stance target"):
        load_targets(targets=["Belarus"])


def test_bad_targets_file_raises_input_error(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("targets:\n  x:\n    favor:\n      - {name: broken, pattern: '[unclosed|'}\n")
    with pytest.raises(InputError, match="broken"):
        load_targets(path)
    path.write_text("targets: [1, 2\n")
    with pytest.raises(InputError, match="line"):
        load_targets(path)
    with pytest.raises(InputError, match="not found"):
        load_targets(tmp_path / "missing.yaml")


# ------------------------------------------------------------------------------ labelling functions
def test_lfs_are_negation_hedge_and_attribution_aware():
    spec = load_targets(targets=["military_aid"])["military_aid"]
    votes = weak_labels(
        [
            "The West must continue to support Ukraine with weapons.",
            "It is time to scale down the aid to Ukraine.",
            "We should not scale down the aid to Ukraine.",
            "Maybe it is time to scale down the aid to Ukraine.",
            "What they want to achieve is for the West to stop sending military aid.",
            "The weather in Kyiv was mild.",
        ],
        spec,
    )
    assert list(votes["weak_label"].fillna("-")) == ["FAVOR", "AGAINST", "FAVOR", "-", "-", "-"]
    assert "scale_down_aid:FAVOR" in votes["lfs"][2]  # the negated vote is flipped and shown flipped
    assert list(votes["mentioned"]) == [True, True, True, True, True, False]


def test_majority_vote_ties_abstain_and_weights_decide():
    spec = load_targets(targets=["military_aid"])["military_aid"]
    votes = weak_labels(["That is not a reason for the west to scale down the military support for Ukraine."], spec)
    # not_reason_to_cut (weight 2, FAVOR) outweighs the generic scale_down_aid (weight 1, AGAINST)
    assert votes.loc[0, "favor_votes"] == 2 and votes.loc[0, "against_votes"] == 1
    assert votes.loc[0, "weak_label"] == "FAVOR"


# ------------------------------------------------------------------------------------------- models
TRAIN_TEXTS = {
    "FAVOR": [
        "We must keep sending weapons to Ukraine",
        "More air defence for Ukraine now, please",
        "Arm Ukraine, the aid works and must go on",
        "Weapons deliveries to Ukraine save lives",
        "Increase the military aid without delay",
        "Proud that our country keeps arming Ukraine",
    ],
    "AGAINST": [
        "Stop sending weapons, this is not our war",
        "The aid only prolongs the killing, end it",
        "No more billions for weapons abroad",
        "Cut the military aid and spend at home",
        "Our money should stay home, no more arms",
        "Enough weapons, the aid must end",
    ],
    "NONE": [
        "The weather in Kyiv was cold today",
        "A new bridge opened in the city centre",
        "The football match ended in a draw",
        "Trains ran late because of the snow",
        "The museum reopened after the repairs",
        "Prices of bread rose a little in March",
    ],
}


def _toy() -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for label, items in TRAIN_TEXTS.items():
        texts += items
        labels += [label] * len(items)
    return texts, labels


@parametrize_with_checks([StanceClassifier(target="military_aid", cv=2, min_df=1)],
                         expected_failed_checks=text_input_failures)
def test_sklearn_contract(estimator, check):
    check(estimator)


def test_stance_classifier_fits_predicts_and_follows_the_estimator_contract():
    texts, labels = _toy()
    model = StanceClassifier(target="military_aid", cv=2, min_df=1, random_state=3)
    assert not hasattr(model, "classes_")
    fitted = model.fit(texts, labels)
    assert fitted is model
    assert list(model.classes_) == sorted(LABELS)
    proba = model.predict_proba(texts)
    assert proba.shape == (len(texts), 3) and np.allclose(proba.sum(axis=1), 1)
    assert np.mean(model.predict(texts) == np.array(labels)) >= 0.8
    assert clone(model).get_params() == model.get_params()
    name = type(model).__name__
    check_no_attributes_set_in_init(name, StanceClassifier())
    check_parameters_default_constructible(name, StanceClassifier())
    check_get_params_invariance(name, StanceClassifier())
    check_set_params(name, StanceClassifier())


@pytest.mark.slow
def test_stance_classifier_joint_targets_and_errors():
    texts, labels = _toy()
    frame = pd.DataFrame({"text": texts * 2, "target": ["a"] * len(texts) + ["b"] * len(texts)})
    y = labels + [{"FAVOR": "AGAINST", "AGAINST": "FAVOR", "NONE": "NONE"}[x] for x in labels]
    model = StanceClassifier(cv=2, min_df=1).fit(frame, y)
    assert model.targets_ == ["a", "b"]
    predicted = model.predict(frame)
    assert np.mean(predicted == np.array(y)) >= 0.8
    with pytest.raises(ParameterError, match="trained on targets"):
        model.predict(pd.DataFrame({"text": ["x"], "target": ["c"]}))
    with pytest.raises(ParameterError):
        StanceClassifier(C=-1).fit(texts, labels)
    with pytest.raises(ParameterError):
        StanceClassifier().fit(texts, ["NONE"] * len(texts))


def test_weak_model_uses_no_labels_and_generalises_beyond_the_seeds():
    kinds = ("tanks", "shells", "jets", "drones", "radars")
    seeds = [f"We must continue to support Ukraine with {w}." for w in kinds]
    seeds += [f"It is time to stop sending weapons like {w} to Ukraine." for w in kinds]
    seeds += [f"Reporters covered the {w} exhibition in the capital." for w in ("art", "car", "book", "food", "toy")]
    seeds += ["Farmers talked about the harvest and the rain."] * 5
    model = WeakStanceModel(target="military_aid", min_weak=3).fit(seeds)
    assert model.linear_["military_aid"] is not None
    assert model.n_weak_["military_aid"] == {"FAVOR": 5, "AGAINST": 5}
    np.testing.assert_allclose(model.predict_proba(seeds).sum(axis=1), 1)
    # labels passed to fit are ignored: same model with nonsense labels
    other = WeakStanceModel(target="military_aid", min_weak=3).fit(seeds, ["FAVOR"] * len(seeds))
    np.testing.assert_allclose(model.predict_proba(seeds), other.predict_proba(seeds))
    # no LF fires on this sentence, but it shares the "support Ukraine with" vocabulary of the FAVOR seeds
    unseen = ["Our partners support Ukraine with radars and drones."]
    assert weak_labels(unseen, model.specs_["military_aid"])["lfs"].eq("").all()
    assert model.predict(unseen)[0] == "FAVOR"
    with pytest.raises(ParameterError, match="needs a target"):
        WeakStanceModel().fit(["text"])


# -------------------------------------------------------------------------------------- aggregation
def test_document_stance_counts_shares_and_probability():
    scored = pd.DataFrame(
        {
            "doc_id": ["a"] * 4 + ["b"] * 2,
            "target": "military_aid",
            "stance": ["FAVOR", "FAVOR", "AGAINST", "NONE", "NONE", "NONE"],
            "p_favor": [0.9, 0.8, 0.2, 0.1, 0.1, 0.0],
            "p_against": [0.1, 0.1, 0.7, 0.1, 0.0, 0.1],
            "p_none": [0.0, 0.1, 0.1, 0.8, 0.9, 0.9],
        }
    )
    table = document_stance(scored).set_index("doc_id")
    assert table.loc["a", "n_units"] == 4 and table.loc["a", "n_stance"] == 3
    assert table.loc["a", "stance_share"] == pytest.approx(0.75)
    assert table.loc["a", "favor_share"] == pytest.approx(2 / 3)
    assert table.loc["a", "stance"] == "FAVOR" and 0.5 < table.loc["a", "probability"] < 1
    assert table.loc["b", "stance"] == "NONE" and np.isnan(table.loc["b", "favor_share"])
    assert table.loc["b", "probability"] == pytest.approx(0.9)


# -------------------------------------------------------------------------------------- save / load
def test_save_and_load_round_trip_and_refuse_tampering(tmp_path):
    texts, labels = _toy()
    model = StanceClassifier(target="military_aid", cv=2, min_df=1).fit(texts, labels)
    directory = save_stance_model(model, tmp_path / "m", {"note": "toy"})
    loaded = load_stance_model(directory)
    np.testing.assert_allclose(loaded.predict_proba(texts), model.predict_proba(texts))
    (directory / "model.skops").write_bytes((directory / "model.skops").read_bytes() + b"x")
    with pytest.raises(InputError, match="checksum"):
        load_stance_model(directory)
    with pytest.raises(InputError, match="not a stance model directory"):
        load_stance_model(tmp_path / "nothing")


def test_prepare_labels_deduplicates_and_names_bad_rows():
    frame = pd.DataFrame(
        {
            "text": ["A b", "a  B", "a b", "c", "d", "d"],
            "target": ["t"] * 6,
            "label": ["favor", "FAVOR", "AGAINST", "NONE", "FAVOR", "AGAINST"],
        }
    )
    table = prepare_labels(frame, target_column="target")
    assert len(table) == 2  # "a b" x3 -> FAVOR (2 of 3); "d" tie -> dropped; "c" kept
    assert table.set_index("text").loc["A b", "label"] == "FAVOR"
    with pytest.raises(InputError, match="line 3"):
        prepare_labels(pd.DataFrame({"text": ["x", "y"], "label": ["FAVOR", "maybe"]}))


# ------------------------------------------------------------------------------------ known answers
@pytest.fixture(scope="module")
def sample_sentences() -> pd.DataFrame:
    path = shared_file(config.SAMPLES_DIR / SAMPLE)
    documents = pd.DataFrame(
        {"doc_id": ["sample"], "text": [path.read_text(encoding="utf-8")], "date": [pd.Timestamp("2024-05-24")],
         "source": ["logic-of-war"], "speaker": ["author"]}
    )
    return split_sentences(documents, progress=False)


@pytest.fixture(scope="module")
def sample_scored(sample_sentences) -> pd.DataFrame:
    # the weak model (tweet-like texts), fitted on the scored sentences; the default grounded model's answers on
    # the sample are in test_stance_grounded.py
    return score_stance(sample_sentences, ["negotiations", "military_aid"], models="weak")


def test_sample_document_stance_known_answers(sample_scored):
    documents = document_stance(sample_scored).set_index("target")
    assert documents.loc["military_aid", "stance"] == "FAVOR"
    assert documents.loc["negotiations", "stance"] == "AGAINST"
    assert documents.loc["military_aid", "probability"] > 0.8
    assert documents.loc["negotiations", "probability"] > 0.8
    assert (sample_scored["model"] == "weak").all()


def _sentence_stance(scored, sentences, target, fragment):
    merged = scored[scored["target"] == target].merge(sentences[["sent_id", "sentence"]], on="sent_id")
    rows = merged[merged["sentence"].str.contains(fragment, regex=False)]
    assert len(rows) == 1, fragment
    return rows.iloc[0]["stance"]


@pytest.mark.parametrize(
    ("target", "fragment", "expected"),
    [
        ("military_aid", "You have to keep supporting Ukraine no matter what", "FAVOR"),
        ("military_aid", "that's not a reason for the west to scale down the military support", "FAVOR"),
        ("military_aid", "which has to continue even as negotiations are ongoing", "FAVOR"),
        # the author reports Russia's aim, he does not share it: attribution makes the LF abstain
        ("military_aid", "What they want to achieve is for the western countries to stop sending", "NONE"),
        ("negotiations", "There is no reason to believe that Russia is sincere about negotiations", "AGAINST"),
        ("negotiations", "good reason to be skeptical that Putin is actually looking for negotiations", "AGAINST"),
        ("negotiations", "the Russians are not interested in negotiations", "AGAINST"),
        ("negotiations", "maybe there is a path through negotiations", "NONE"),
        ("negotiations", "Thank you very much for watching", "NONE"),
    ],
)
def test_sample_sentence_stance(sample_scored, sample_sentences, target, fragment, expected):
    assert _sentence_stance(sample_scored, sample_sentences, target, fragment) == expected
