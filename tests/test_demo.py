"""Tests of the synthetic demo corpus: determinism, contracts, punkt round trip, recoverable planted truth."""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd
import pytest

from warsignals import config, demo
from warsignals.demo import banks as B
from warsignals.errors import ParameterError
from warsignals.sentences import split_sentences

MIN_CORRELATION = 0.7


@pytest.fixture(scope="module")
def corpus() -> demo.DemoCorpus:
    return demo.generate_demo_corpus()


@pytest.fixture(scope="module")
def dated(corpus) -> pd.DataFrame:
    frame = corpus.sentences.merge(corpus.documents[["doc_id", "date", "kind"]], on="doc_id", how="left")
    frame["period"] = frame["date"].dt.to_period("M").dt.to_timestamp()
    return frame


def _planted(corpus, series: str, group: str) -> pd.Series:
    curves = corpus.curves
    rows = curves[(curves["series"] == series) & (curves["group"] == group)]
    return rows.set_index("period")["value"]


def _correlation(planted: pd.Series, empirical: pd.Series) -> float:
    joined = pd.concat([planted, empirical], axis=1, keys=["planted", "empirical"]).dropna()
    assert len(joined) >= 40, "too few months with data"
    return float(np.corrcoef(joined["planted"], joined["empirical"])[0, 1])


# ---------------------------------------------------------------------------------------------- determinism


def test_same_seed_gives_identical_tables(corpus):
    again = demo.generate_demo_corpus(seed=config.DEFAULT_SEED, n_documents=480)
    for name in ("documents", "sentences", "curves", "topic_terms"):
        pd.testing.assert_frame_equal(getattr(corpus, name), getattr(again, name))


def test_different_seed_gives_different_corpus(corpus):
    other = demo.generate_demo_corpus(seed=config.DEFAULT_SEED + 1, n_documents=480)
    assert not corpus.documents["text"].equals(other.documents["text"])
    assert not corpus.sentences["signal"].reset_index(drop=True).equals(
        other.sentences["signal"].reset_index(drop=True)
    ) or len(corpus.sentences) != len(other.sentences)
    # The planted curves and vocabulary do not depend on the seed.
    pd.testing.assert_frame_equal(corpus.curves, other.curves)
    pd.testing.assert_frame_equal(corpus.topic_terms, other.topic_terms)


def test_dataclass_is_frozen(corpus):
    with pytest.raises(AttributeError):
        corpus.documents = None  # type: ignore[misc]


@pytest.mark.parametrize("bad", [0, -3, 2.5, True, "10"])
def test_bad_document_count_is_a_parameter_error(bad):
    with pytest.raises(ParameterError, match="n_documents"):
        demo.generate_demo_corpus(n_documents=bad)


def test_bad_seed_is_a_parameter_error():
    with pytest.raises(ParameterError, match="seed"):
        demo.generate_demo_corpus(seed=-1, n_documents=5)


# ------------------------------------------------------------------------------------------------ contracts


def test_documents_contract(corpus):
    docs = corpus.documents
    assert list(docs.columns) == demo.DOCUMENT_COLUMNS
    assert len(docs) == 480
    assert docs["doc_id"].is_unique
    assert pd.api.types.is_datetime64_any_dtype(docs["date"])
    assert docs["date"].notna().all()
    assert docs["date"].min() >= pd.Timestamp("2022-02-01")
    assert docs["date"].max() <= pd.Timestamp("2025-12-31")
    assert set(docs["date_precision"]) == {"day", "month"}
    month_docs = docs[docs["date_precision"] == "month"]
    assert 1 <= len(month_docs) <= 30
    assert (month_docs["date"].dt.day == 1).all()
    assert set(docs["kind"]) == set(demo.KINDS)
    assert docs["synthetic"].dtype == bool and docs["synthetic"].all()
    for kind, group in docs.groupby("kind"):
        assert set(group["source"]) == {demo.SOURCES[kind]}
        assert set(group["speaker"]) <= set(demo.SPEAKERS[kind])
        assert set(group["actor"]) == {demo.KIND_ACTOR[kind]}
    hashes = docs["text"].map(lambda text: hashlib.sha256(text.encode("utf-8")).hexdigest())
    assert hashes.equals(docs["sha256"])
    # Spread evenly over time: every month of the war has documents, none has a glut.
    per_month = docs["date"].dt.to_period("M").value_counts()
    assert len(per_month) == len(demo.MONTHS)
    assert per_month.max() <= 3 * per_month.median()


def test_every_source_is_labelled_synthetic(corpus):
    assert all(source.endswith("(synthetic)") for source in corpus.documents["source"].unique())
    assert all("(synthetic)" in source for source in demo.SOURCES.values())


def test_kuleba_only_before_he_left_office(corpus):
    docs = corpus.documents
    assert (docs.loc[docs["speaker"] == "Dmytro Kuleba", "date"] < pd.Timestamp("2024-09-05")).all()


def test_texts_are_paragraphs_of_sentences(corpus):
    for text, title in corpus.documents[["text", "title"]].itertuples(index=False):
        assert title and text.split("\n\n")[0] != title  # the title is metadata, not a paragraph
        paragraphs = text.split("\n\n")
        assert all(p == p.strip() and p for p in paragraphs)
    counts = corpus.sentences.groupby("doc_id").size()
    assert counts.between(15, 40).all()
    sizes = corpus.sentences.groupby(["doc_id", "para_id"]).size()
    assert sizes.min() >= 3
    assert sizes.median() <= 6


def test_sentences_contract(corpus):
    sents = corpus.sentences
    assert list(sents.columns) == demo.SENTENCE_COLUMNS
    assert sents["sent_id"].dtype == np.int64 and sents["para_id"].dtype == np.int64
    assert sents["hedged"].dtype == bool and sents["negated"].dtype == bool
    assert set(sents["wording"]) == set(demo.WORDINGS)
    assert (sents.loc[sents["wording"] == "decoy", "signal"] == "none").all()
    assert (sents.loc[sents["wording"] == "off_lexicon", "signal"] != "none").all()
    for column in ("doc_id", "sentence", "signal", "category", "actor", "topic", "stance_target", "stance",
                   "wording"):
        assert sents[column].notna().all(), column
        assert pd.api.types.is_string_dtype(sents[column]) or sents[column].dtype == object, column
    assert set(sents["signal"]) == set(demo.SIGNALS)
    assert set(sents["topic"]) == set(demo.TOPICS)
    assert set(sents["stance"]) == set(demo.STANCES)
    assert set(sents["stance_target"]) == {""} | set(demo.STANCE_TARGETS)
    assert ((sents["stance_target"] == "") == (sents["stance"] == "NONE")).all()
    assert set(sents["actor"]) == {""} | set(demo.ACTORS)
    # sent_id counts from 0 within each document, in order.
    for _, group in sents.groupby("doc_id"):
        assert group["sent_id"].tolist() == list(range(len(group)))
        assert group["para_id"].is_monotonic_increasing


def test_every_category_and_actor_is_planted(corpus):
    sents = corpus.sentences
    escalation = sents[sents["signal"] == "escalation"]
    negotiation = sents[sents["signal"] == "negotiation"]
    none = sents[sents["signal"] == "none"]
    assert set(escalation["category"]) == set(demo.ESCALATION_CATEGORIES)
    assert set(negotiation["category"]) == set(demo.NEGOTIATION_CATEGORIES)
    assert set(none["category"]) == {""} | set(demo.MATERIAL_CATEGORIES)
    assert (escalation["category"].value_counts() >= 30).all()
    assert (negotiation["category"].value_counts() >= 30).all()
    assert (sents.loc[sents["signal"] != "none", "actor"] != "").all()
    assert set(sents.loc[sents["signal"] != "none", "actor"]) == set(demo.ACTORS)
    assert (sents.loc[sents["category"] == "", "actor"] == "").all()


def test_negation_and_hedging_are_planted_consistently(corpus):
    sents = corpus.sentences
    negated = sents[sents["negated"]]
    assert len(negated) >= 100
    assert (negated["signal"] == "none").all() and (negated["category"] == "").all()
    assert negated["sentence"].str.contains(r"\b(?:not|no|never)\b").all()
    hedged = sents[sents["hedged"]]
    assert (hedged["signal"] != "none").all()
    assert (hedged["signal"] == "negotiation").sum() > (hedged["signal"] == "escalation").sum() > 0
    cues = r"(?i)anonymous|according to|leaked|reportedly|allegedly|unnamed|unconfirmed|secretly|claim"
    assert hedged["sentence"].str.contains(cues).all()
    assert not sents.loc[~sents["hedged"] & (sents["signal"] != "none"), "sentence"].str.contains(
        r"(?i)anonymous sources|reportedly|allegedly").any()
    # An explicit refusal of talks is escalation, not negotiation.
    refusals = sents[sents["sentence"].str.contains(r"\b(?:ruled out|rejected|(?<!never )refused|dismissed)\b")]
    assert set(refusals.loc[refusals["signal"] != "none", "category"]) == {"rejection_of_talks"}


def test_first_person_signals_belong_to_the_speakers_side(dated):
    first = dated[dated["sentence"].str.match(r"(?:We|Our) ") & (dated["signal"] != "none")]
    assert len(first) >= 200
    readouts = first[first["kind"] == "readout"]
    statements = first[first["kind"] == "statement"]
    assert (readouts["actor"] == "RUS").all() and (statements["actor"] == "UKR").all()
    assert not first["hedged"].any()
    assert set(first["kind"]) == {"readout", "statement"}
    # Attribution is not "who is mentioned": a Ukrainian rejection of a Russian proposal is UKR.
    mixed = dated[(dated["actor"] == "UKR") & dated["sentence"].str.contains(r"Moscow's|the Kremlin's|Russia's")]
    assert len(mixed) >= 5


def test_stance_sentences_mostly_from_opinion_pieces(dated):
    stance = dated[dated["stance_target"] != ""]
    opinion = stance["kind"].isin(["op-ed", "commentary"]).mean()
    assert 0.6 < opinion < 1.0
    assert set(stance.loc[stance["kind"] == "statement", "stance_target"]) >= {"Russia", "Ukraine",
                                                                              "military_aid"}


# ------------------------------------------------------------------------------------------ punkt round trip


def test_split_sentences_reproduces_planted_sentences(corpus):
    split = split_sentences(corpus.documents, progress=False)
    keys = ["doc_id", "sent_id", "para_id", "sentence"]
    planted = corpus.sentences[keys].reset_index(drop=True)
    got = split[keys].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, planted, check_dtype=False)
    texts = corpus.documents.set_index("doc_id")["text"]
    sample = split.sample(200, random_state=0)
    for row in sample.itertuples(index=False):
        assert texts[row.doc_id][row.start : row.end] == row.sentence


def test_sentences_avoid_punkt_traps(corpus):
    text = corpus.sentences["sentence"]
    assert text.str.match(r"^[A-Z]").all()
    assert text.str.contains(r"[.?!]$").all()
    assert not text.str.contains(r"\b(?:U\.S|Mr|Mrs|Dr|St|Gen|No)\.").any()
    assert not text.str.contains(r"\.\.|\{|\}|@").any()


# ----------------------------------------------------------------------------------------------- topics


def test_topic_terms_are_distributions_over_matchable_tokens(corpus):
    terms = corpus.topic_terms
    assert list(terms.columns) == demo.TOPIC_TERM_COLUMNS
    assert set(terms["topic"]) == set(demo.TOPICS)
    sums = terms.groupby("topic")["weight"].sum()
    assert np.allclose(sums.to_numpy(), 1.0)
    assert terms["term"].is_unique, "topic vocabularies overlap"
    assert terms.groupby("topic").size().between(35, 45).all()
    assert terms["term"].str.fullmatch(r"[a-z]{2,}").all()  # CountVectorizer's default token pattern
    # Zipf-like: weights fall with rank within each topic.
    for _, group in terms.groupby("topic", sort=False):
        assert group["weight"].is_monotonic_decreasing
        assert group["weight"].iloc[0] > 5 * group["weight"].iloc[-1]


def test_topic_words_are_planted_only_through_their_topic(corpus):
    terms = corpus.topic_terms.set_index("term")["topic"]
    tokens = corpus.sentences["sentence"].str.lower().str.findall(r"[a-z]{2,}")
    exploded = pd.DataFrame({"topic": corpus.sentences["topic"], "token": tokens}).explode("token")
    exploded = exploded[exploded["token"].isin(terms.index)]
    assert len(exploded) > 10_000
    assert (exploded["token"].map(terms) == exploded["topic"]).all()
    # The empirical word distribution of each topic follows the planted one.
    for topic, group in exploded.groupby("topic"):
        observed = group["token"].value_counts(normalize=True)
        planted = corpus.topic_terms[corpus.topic_terms["topic"] == topic].set_index("term")["weight"]
        joined = pd.concat([planted, observed], axis=1).fillna(0.0)
        assert np.corrcoef(joined.iloc[:, 0], joined.iloc[:, 1])[0, 1] > 0.9, topic


def test_paragraphs_mostly_share_one_topic(corpus):
    sents = corpus.sentences
    majority = sents.groupby(["doc_id", "para_id"])["topic"].agg(lambda s: s.value_counts().iloc[0] / len(s))
    assert majority.mean() > 0.85


# ----------------------------------------------------------------------------------------------- curves


def test_curves_contract(corpus):
    curves = corpus.curves
    assert list(curves.columns) == demo.CURVE_COLUMNS
    assert pd.api.types.is_datetime64_any_dtype(curves["period"])
    assert set(curves["series"]) == set(demo.SERIES)
    groups = curves.groupby("series")["group"].agg(lambda s: sorted(set(s)))
    assert groups["escalation_rate"] == sorted(demo.ACTOR_GROUPS)
    assert groups["negotiation_rate"] == sorted(demo.ACTOR_GROUPS)
    assert groups["hedged_share"] == ["all"]
    assert groups["topic_share"] == sorted(demo.TOPICS)
    assert groups["stance_favor_share"] == sorted(demo.STANCE_TARGETS)
    assert curves["value"].between(0, 1).all()
    assert (curves.groupby(["series", "group"]).size() == len(demo.MONTHS)).all()
    shares = curves[curves["series"] == "topic_share"].groupby("period")["value"].sum()
    assert np.allclose(shares.to_numpy(), 1.0)
    assert curves.equals(demo.planted_curves())


def test_curves_tell_the_planted_story(corpus):
    def at(series, group, month):
        return _planted(corpus, series, group)[pd.Timestamp(month)]

    esc = _planted(corpus, "escalation_rate", "RUS")
    assert esc.idxmax() in (pd.Timestamp("2022-09-01"), pd.Timestamp("2024-05-01"))
    assert at("escalation_rate", "RUS", "2024-05") > at("escalation_rate", "RUS", "2023-08") + 0.05
    assert esc.min() > _planted(corpus, "escalation_rate", "UKR").median()
    neg_rus = _planted(corpus, "negotiation_rate", "RUS")
    assert at("negotiation_rate", "RUS", "2024-05") > 2 * at("negotiation_rate", "RUS", "2023-06")
    assert neg_rus["2024-05-01"] < esc["2024-05-01"]
    neg_ukr = _planted(corpus, "negotiation_rate", "UKR")
    assert neg_ukr.idxmax() == pd.Timestamp("2022-03-01")
    assert neg_ukr["2024-06-01"] > 3 * neg_ukr["2023-06-01"]
    hedged = _planted(corpus, "hedged_share", "all")
    assert hedged["2024-01-01":"2024-12-01"].mean() > hedged["2022-02-01":"2023-12-01"].mean() + 0.1
    assert _planted(corpus, "topic_share", "nuclear").idxmax().year == 2022
    diplomacy = _planted(corpus, "topic_share", "diplomacy")
    assert diplomacy["2022-03-01"] > diplomacy["2023-03-01"] and diplomacy["2024-06-01"] > diplomacy["2023-09-01"]


@pytest.mark.parametrize(
    ("series", "signal"), [("escalation_rate", "escalation"), ("negotiation_rate", "negotiation")]
)
@pytest.mark.parametrize("group", ["RUS", "UKR", "WEST"])
def test_signal_rates_recover_planted_curves(corpus, dated, series, signal, group):
    n = dated.groupby("period").size()
    hits = dated[(dated["signal"] == signal) & dated["actor"].isin(demo.ACTOR_GROUPS[group])]
    rate = hits.groupby("period").size().reindex(n.index, fill_value=0) / n
    assert _correlation(_planted(corpus, series, group), rate) > MIN_CORRELATION
    # Expected value: the overall empirical rate is close to the average planted rate.
    assert abs(rate.mean() - _planted(corpus, series, group).mean()) < 0.01


def test_hedged_share_recovers_planted_curve(corpus, dated):
    negotiation = dated[dated["signal"] == "negotiation"]
    share = negotiation.groupby("period")["hedged"].mean()
    assert _correlation(_planted(corpus, "hedged_share", "all"), share) > MIN_CORRELATION


@pytest.mark.parametrize("topic", demo.TOPICS)
def test_topic_shares_recover_planted_curves(corpus, dated, topic):
    n = dated.groupby("period").size()
    share = dated[dated["topic"] == topic].groupby("period").size().reindex(n.index, fill_value=0) / n
    assert _correlation(_planted(corpus, "topic_share", topic), share) > MIN_CORRELATION


@pytest.mark.parametrize("target", demo.STANCE_TARGETS)
def test_stance_favor_shares_recover_planted_curves(corpus, dated, target):
    stance = dated[dated["stance_target"] == target]
    share = (stance["stance"] == "FAVOR").groupby(stance["period"]).mean()
    assert _correlation(_planted(corpus, "stance_favor_share", target), share) > MIN_CORRELATION


# ------------------------------------------------------------------------------------------------ writing


def test_write_demo_corpus_is_byte_identical(tmp_path):
    first = demo.write_demo_corpus(tmp_path / "a", seed=7, n_documents=60)
    demo.write_demo_corpus(tmp_path / "b", seed=7, n_documents=60)
    assert first.name == demo.JSONL_NAME and first.is_file()
    names = sorted(p.relative_to(tmp_path / "a").as_posix() for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert names == ["README.md", "demo_corpus.jsonl", "truth/curves.csv", "truth/sentences.csv",
                     "truth/topic_terms.csv"]
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    third = demo.write_demo_corpus(tmp_path / "c", seed=8, n_documents=60)
    assert third.read_bytes() != first.read_bytes()


def test_written_files_round_trip(tmp_path):
    path = demo.write_demo_corpus(tmp_path, seed=3, n_documents=40)
    expected = demo.generate_demo_corpus(seed=3, n_documents=40)
    records = pd.read_json(path, lines=True, dtype=False)
    assert list(records.columns) == ["id", "date", "date_precision", "source", "speaker", "title", "text",
                                     "synthetic", "actor", "kind"]
    assert records["id"].tolist() == expected.documents["doc_id"].tolist()
    assert records["text"].tolist() == expected.documents["text"].tolist()
    assert records["synthetic"].all()
    month = records["date_precision"] == "month"
    assert records.loc[month, "date"].str.fullmatch(r"\d{4}-\d\d").all()
    assert records.loc[~month, "date"].str.fullmatch(r"\d{4}-\d\d-\d\d").all()
    truth = pd.read_csv(tmp_path / "truth" / "sentences.csv", keep_default_na=False)
    assert list(truth.columns) == demo.SENTENCE_COLUMNS
    assert truth["sentence"].tolist() == expected.sentences["sentence"].tolist()
    assert truth["hedged"].astype(str).isin(["True", "False"]).all()
    terms = pd.read_csv(tmp_path / "truth" / "topic_terms.csv")
    assert np.allclose(terms.groupby("topic")["weight"].sum(), 1.0)
    curves = pd.read_csv(tmp_path / "truth" / "curves.csv", parse_dates=["period"])
    assert np.allclose(curves["value"], expected.curves["value"])
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "synthetic" in readme.lower() and "seed=3" in readme


def test_module_entry_point(tmp_path, capsys):
    assert demo.main([str(tmp_path / "out"), "--seed", "5", "--documents", "12"]) == 0
    assert "demo_corpus.jsonl" in capsys.readouterr().out
    lines = (tmp_path / "out" / "demo_corpus.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 12
    assert demo.main([str(tmp_path / "bad"), "--documents", "0"]) == 1
    assert "n_documents" in capsys.readouterr().err


def test_load_corpus_reads_the_written_jsonl(tmp_path):
    try:
        from warsignals.corpus import load_corpus
    except ImportError:  # pragma: no cover - the corpus package is written in parallel
        pytest.skip("warsignals.corpus.load_corpus is not available yet")
    path = demo.write_demo_corpus(tmp_path / "demo", seed=11, n_documents=80)
    expected = demo.generate_demo_corpus(seed=11, n_documents=80).documents
    result = load_corpus([path], progress=False)
    assert len(result.rejects) == 0, result.rejects.to_string()
    docs = result.documents.sort_values("doc_id").reset_index(drop=True)
    assert docs["doc_id"].tolist() == expected["doc_id"].tolist()
    assert docs["text"].tolist() == expected["text"].tolist()
    assert docs["title"].tolist() == expected["title"].tolist()
    assert docs["source"].tolist() == expected["source"].tolist()
    assert docs["speaker"].tolist() == expected["speaker"].tolist()
    assert docs["date_precision"].tolist() == expected["date_precision"].tolist()
    assert (pd.to_datetime(docs["date"]).to_numpy() == expected["date"].to_numpy()).all()
    assert docs["sha256"].tolist() == expected["sha256"].tolist()
    assert docs["synthetic"].astype(bool).all()
    assert docs["kind"].tolist() == expected["kind"].tolist()
    # The loaded documents split into exactly the planted sentences.
    planted = demo.generate_demo_corpus(seed=11, n_documents=80).sentences
    split = split_sentences(docs, progress=False)
    assert split["sentence"].tolist() == planted["sentence"].tolist()


def test_no_template_word_is_a_topic_term():
    """Topic words enter sentences only through topic slots, so topic_terms is the sampling distribution."""
    tokens = set(demo.topic_terms_table()["term"])
    banks = [B._FILLER_GENERAL, *B._FILLER_KIND.values(), *B._OPINION_STANCE.values(),
             *B._SIDE_STANCE.values(), B._NEGATED_NEGOTIATION, *B._NEGATED_ESCALATION.values(),
             *B._MATERIAL_CONFLICT.values(), B._MATERIAL_COOPERATION, B._HEDGE_FRAMES,
             B._PLAIN_PREFIXES, B._DECOYS]
    texts = [text for bank in banks for text in bank]
    texts += [text for bank in (*B._THIRD.values(), *B._FIRST.values(), *B._OFF_LEXICON.values())
              for text, _ in bank]
    refs = [text for refs in B._REFS.values() for text, _ in refs]
    texts += refs + [t for o in B._OPPONENTS.values() for t in o]
    texts += [t for titles in B._TITLES.values() for t in titles]
    for text in texts:
        words = set(re.findall(r"[a-z]{2,}", re.sub(r"\{[A-Za-z0-9]+\}", " ", text).lower()))
        assert not words & tokens, (text, words & tokens)


def test_off_lexicon_signals_hold_no_cue_of_their_category():
    """Off-lexicon plants must not mirror the lexicon: the default lexicon finds no cue of the planted category in
    them (so a scorer recovers them only by generalising beyond its lexicon)."""
    from warsignals.signals import score_sentences

    sents = demo.generate_demo_corpus(n_documents=120).sentences
    off = sents[sents["wording"] == "off_lexicon"].reset_index(drop=True)
    assert len(off) >= 20
    scored = score_sentences(off[["sentence"]])
    for cues, category in zip(scored["cues"], off["category"], strict=True):
        assert not [c for c in cues if c["category"] == category and c["weight"] >= 1.0]
