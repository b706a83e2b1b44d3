"""Topic model: estimator contract, vectoriser, seeded topics, selection, labels and prevalence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.utils.estimator_checks import parametrize_with_checks

from warsignals import topics as T
from warsignals.errors import InputError, ParameterError


def _expected_failures(estimator):
    if estimator.model == "nmf" and estimator.nmf_loss == "frobenius":
        # scikit-learn's NMF transform iterates to a tolerance computed over the whole batch, so the shares
        # of a subset differ in the 6th decimal.
        return {"check_methods_subset_invariance": "NMF transform is batch-dependent"}
    return {}


@parametrize_with_checks([
    T.TopicModel(n_topics=2, max_iter=30),
    T.TopicModel(n_topics=2, init="nndsvda", max_iter=30),
    T.TopicModel(n_topics=2, nmf_loss="frobenius", max_iter=30),
    T.TopicModel(n_topics=2, model="lda", max_iter=5),
], expected_failed_checks=_expected_failures)
def test_sklearn_contract(estimator, check):
    check(estimator)


# TopicVectorizer takes texts, the checks feed numeric (or sparse, complex, empty) arrays: every check that
# fits on such arrays fails for text input (measured: exactly this list). The checks of the contract that do
# not fit on numbers (clone, repr, get_params/set_params invariance, no attribute set in __init__, unfitted
# errors, parameters default-constructible) run and pass; that fit keeps its parameters is checked on texts
# below (test_vectorizer_fit_keeps_its_parameters).
VECTORIZER_TEXT_INPUT = "TopicVectorizer takes texts, not numeric arrays"


def _vectorizer_expected_failures(estimator):
    return {name: VECTORIZER_TEXT_INPUT for name in VECTORIZER_NUMERIC_CHECKS}


VECTORIZER_NUMERIC_CHECKS = (
    "check_complex_data",
    "check_dict_unchanged",
    "check_dont_overwrite_parameters",
    "check_dtype_object",
    "check_estimator_sparse_array",
    "check_estimator_sparse_matrix",
    "check_estimator_sparse_tag",
    "check_estimators_dtypes",
    "check_estimators_empty_data_messages",
    "check_estimators_fit_returns_self",
    "check_estimators_nan_inf",
    "check_estimators_overwrite_params",
    "check_estimators_pickle",
    "check_f_contiguous_array_estimator",
    "check_fit1d",
    "check_fit2d_1feature",
    "check_fit2d_1sample",
    "check_fit2d_predict1d",
    "check_fit_check_is_fitted",
    "check_fit_idempotent",
    "check_fit_score_takes_y",
    "check_methods_sample_order_invariance",
    "check_methods_subset_invariance",
    "check_n_features_in",
    "check_n_features_in_after_fitting",
    "check_pipeline_consistency",
    "check_positive_only_tag_during_fit",
    "check_readonly_memmap_input",
    "check_transformer_data_not_an_array",
    "check_transformer_general",
    "check_transformer_preserve_dtypes",
)


@parametrize_with_checks([T.TopicVectorizer(min_df=1, max_df=1.0)],
                         expected_failed_checks=_vectorizer_expected_failures)
def test_vectorizer_sklearn_contract(estimator, check):
    check(estimator)


def test_vectorizer_fit_keeps_its_parameters():
    vectorizer = T.TopicVectorizer(stem=True, min_df="1", max_df=1.0, stop_words=None, collocations=False)
    before = vectorizer.get_params()
    vectorizer.fit(["negotiations talks", "negotiated talks", "sanctions"])
    assert vectorizer.get_params() == before
    assert vectorizer.stem_ is True and vectorizer.min_df_ == 1 and vectorizer.max_df_ == 1.0


@pytest.mark.parametrize(("value", "expected"), [
    ("1.0", 1.0), (1.0, 1.0), ("0.5", 0.5), (0.5, 0.5), ("5", 5), (5, 5), (5.0, 5), ("1", 1), (0.0, 0.0),
])
def test_parse_df_reads_shares_and_counts_as_scikit_learn(value, expected):
    parsed = T.parse_df(value)
    assert parsed == expected and type(parsed) is type(expected)


@pytest.mark.parametrize("value", ["x", 0, -1, 1.5, "2.5", True])
def test_parse_df_rejects_what_is_neither(value):
    with pytest.raises(ParameterError, match="min_df"):
        T.parse_df(value)


def test_max_df_one_keeps_every_term():
    """``max_df=1.0`` (a float) is a share (all units), not a count of one unit."""
    texts = ["peace talks", "peace talks resume", "peace"]
    vectorizer = T.TopicVectorizer(stop_words=None, collocations=False, min_df=1, max_df=1.0).fit(texts)
    assert set(vectorizer.get_feature_names_out()) == {"peace", "talks", "resume"}


def _planted_counts(seed: int = 0, n: int = 120):
    """Three disjoint word blocks; every row draws words from one or two blocks."""
    rng = np.random.default_rng(seed)
    vocab = 30
    blocks = [np.arange(0, 10), np.arange(10, 20), np.arange(20, 30)]
    X = np.zeros((n, vocab))
    mix = np.zeros((n, 3))
    for i in range(n):
        first = i % 3
        share = rng.uniform(0.6, 1.0)
        mix[i, first] = share
        mix[i, (first + 1) % 3] = 1 - share
        for b, weight in enumerate(mix[i]):
            if weight:
                words = rng.choice(blocks[b], size=int(round(40 * weight)))
                np.add.at(X[i], words, 1)
    names = [f"{'abc'[j // 10]}{j % 10}" for j in range(vocab)]
    return sp.csr_matrix(X), names, mix


@pytest.mark.parametrize(("kind", "init"), [("nmf", "random"), ("nmf", "nndsvda"), ("lda", "random")])
def test_recovers_planted_blocks_and_mixtures(kind, init):
    X, names, mix = _planted_counts()
    model = T.TopicModel(n_topics=3, model=kind, init=init, max_iter=100 if kind == "nmf" else 30).fit(X)
    blocks = np.zeros((3, 30))
    for b in range(3):
        blocks[b, b * 10 : (b + 1) * 10] = 1
    rows, cols, sims = T.match_topics(blocks, model.components_)
    assert sims.min() > 0.95
    theta = model.transform(X)
    np.testing.assert_allclose(theta.sum(axis=1), 1.0)
    corr = [np.corrcoef(mix[:, r], theta[:, c])[0, 1] for r, c in zip(rows, cols, strict=True)]
    assert min(corr) > 0.9


@pytest.mark.parametrize("kind", ["nmf", "lda"])
def test_seeded_topics_keep_their_names_across_random_states(kind):
    X, names, _ = _planted_counts()
    seeds = {"gamma": ["c1", "c2", "c3"], "alpha": ["a0", "a5", "missing_word"]}
    found = []
    for state in (1, 2, 3):
        model = T.TopicModel(n_topics=3, model=kind, seeds=seeds, random_state=state, max_iter=60)
        model.fit(X, feature_names=names)
        assert list(model.topic_names_) == ["gamma", "alpha", "topic_03"]
        assert list(model.seeded_) == [True, True, False]
        top = [names[j] for j in np.argsort(-model.components_[0])[:10]]
        assert all(word.startswith("c") for word in top)
        top = [names[j] for j in np.argsort(-model.components_[1])[:10]]
        assert all(word.startswith("a") for word in top)
        found.append(model)
    assert found[0].seed_coverage_["alpha"] == {"found": 2, "missing": ["missing_word"]}


def test_model_parameter_errors():
    X, names, _ = _planted_counts()
    with pytest.raises(ParameterError, match="model"):
        T.TopicModel(model="pca").fit(X)
    with pytest.raises(ParameterError, match="seed topics"):
        T.TopicModel(n_topics=1, seeds={"a": ["a1"], "b": ["b1"]}).fit(X, feature_names=names)
    with pytest.raises(ParameterError, match="feature names"):
        T.TopicModel(n_topics=2).fit(X, feature_names=names[:3])


TRANSCRIPT = [
    "President of Russia Vladimir Putin: The peace talks in Istanbul stalled. (Applause.) Peace talks resume.",
    "Question: Will nuclear weapons be used? Vladimir Putin: Nuclear weapons are for deterrence only.",
    "Dmitry Peskov: The peace talks continue and nuclear weapons doctrine stays. (Laughter.)",
    "Nuclear weapons and peace talks dominate. Military aid keeps flowing; military aid packages grow.",
    "Military aid was discussed. Nuclear weapons were discussed. Peace talks were discussed.",
    "Military aid deliveries of tanks continue, said the ministry, and military aid will grow.",
]


def test_vectoriser_strips_labels_and_merges_collocations():
    vectorizer = T.TopicVectorizer(collocation_min_count=3, min_df=1, max_df=1.0)
    X = vectorizer.fit_transform(TRANSCRIPT)
    terms = set(vectorizer.get_feature_names_out())
    assert {"peace_talks", "nuclear_weapons", "military_aid"} <= terms
    for dropped in ("question", "putin", "vladimir", "president", "peskov", "dmitry", "applause", "laughter",
                    "peace", "weapons", "the", "said"):
        assert dropped not in terms
    assert X.shape == (len(TRANSCRIPT), len(terms))
    column = vectorizer.vocabulary_["peace_talks"]
    assert X[:, column].toarray().ravel().tolist() == [2, 0, 1, 1, 1, 0]
    assert vectorizer.analyse("Mr Smith: peace talks and military aid.") == ["peace_talks", "military_aid"]


def test_vectoriser_stemming_keeps_readable_names():
    texts = ["negotiations negotiated negotiation talks", "negotiations talks talking", "sanctions sanction"]
    vectorizer = T.TopicVectorizer(stop_words=None, collocations=False, stem=True, min_df=1, max_df=1.0)
    vectorizer.fit(texts)
    terms = list(vectorizer.get_feature_names_out())
    assert "negoti" in terms and "sanction" in terms
    assert vectorizer.display_names_[terms.index("negoti")] == "negotiations"
    assert vectorizer.normalise_terms(["Negotiations", "peace talks"]) == ["negoti", "peac_talk"]


def test_vectoriser_errors():
    with pytest.raises(ParameterError):
        T.TopicVectorizer().fit("one string")
    with pytest.raises(ParameterError, match="no terms"):
        T.TopicVectorizer(min_df=5).fit(["a b c", "d e f"])
    with pytest.raises(ParameterError, match="collocation_measure"):
        T.TopicVectorizer(collocation_measure="chi").fit(TRANSCRIPT)


def test_stopword_and_seed_files(tmp_path):
    words, phrases = T.load_stopwords()
    assert "applause" in words and "the" in words
    assert "president of russia vladimir putin" in phrases
    seeds = T.load_seeds()
    assert {"negotiation", "military_aid", "nuclear"} <= set(seeds)
    assert "peace_talks" in seeds["negotiation"]
    bad = tmp_path / "seeds.yaml"
    bad.write_text("topics:\n  a: [x, y\n", encoding="utf-8")
    with pytest.raises(InputError, match="seeds.yaml, line"):
        T.load_seeds(bad)
    bad.write_text("topics:\n  a: 3\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 2: topics\.a: must be a list of words"):
        T.load_seeds(bad)
    with pytest.raises(InputError, match="not found"):
        T.load_seeds(tmp_path / "absent.yaml")


def test_parse_k():
    assert T.parse_k(12) == [12]
    assert T.parse_k("5:30:5") == [5, 10, 15, 20, 25, 30]
    assert T.parse_k("4:6") == [4, 5, 6]
    assert T.parse_k("8,6") == [6, 8]
    for bad in ("x", "1", "5:3:0", "1:2:3:4"):
        with pytest.raises(ParameterError):
            T.parse_k(bad)


def test_recommend_k_rule():
    table = pd.DataFrame({
        "k": [4, 6, 8],
        "coherence_npmi": [0.10, 0.20, 0.15],
        "coherence_umass": [-1.0, -1.0, -1.0],
        "diversity": [0.9, 0.9, 0.8],
        "stability": [0.7, 0.95, 0.9],
    })
    k, scored = T.recommend_k(table)
    assert k == 6
    np.testing.assert_allclose(scored["score"], [0.10 * 0.9 * 0.7, 0.20 * 0.9 * 0.95, 0.15 * 0.8 * 0.9])
    # without stability (one run), only NPMI and diversity count; a tie goes to the smaller k
    table["stability"] = np.nan
    table["coherence_npmi"] = [0.2, 0.2, 0.1]
    assert T.recommend_k(table)[0] == 4
    # the means over runs are scored when the table has them
    table["coherence_npmi_runs"], table["diversity_runs"] = [0.1, 0.1, 0.3], [0.9, 0.9, 0.9]
    assert T.recommend_k(table)[0] == 8


def test_select_k_on_planted_blocks():
    X, names, _ = _planted_counts()
    table = T.select_k(X, [2, 3, 5], n_runs=2, diversity_top_n=10)
    plain = T.select_k(X, [2, 3, 5], n_runs=2, diversity_top_n=10, model_params={"background": False})
    assert T.recommend_k(plain)[0] == 3
    assert list(table.columns) == ["k", "coherence_npmi", "coherence_umass", "diversity", "stability",
                                   "background_share", "fit_seconds", "coherence_npmi_runs", "diversity_runs"]
    best = table.set_index("k")
    assert best.loc[3, "coherence_npmi"] > best.loc[5, "coherence_npmi"]
    assert best.loc[3, "stability"] > 0.95
    # Known limitation: with too few topics the background topic can swallow a leftover topic (here the third
    # block, a third of the tokens), so k = 2 then looks as clean as k = 3; background_share shows it.
    assert best.loc[2, "background_share"] > 0.25 > 0.05 > best.loc[3, "background_share"]


def _blocks_with_filler(seed: int = 0, n: int = 240):
    """Three topic blocks, one per row, plus filler words used at the same rate in every row."""
    rng = np.random.default_rng(seed)
    X = np.zeros((n, 40))
    for i in range(n):
        np.add.at(X[i], rng.choice(np.arange(10 * (i % 3), 10 * (i % 3) + 10), size=12), 1)
        np.add.at(X[i], rng.choice(np.arange(30, 40), size=8), 1)  # filler: 40% of every row
    return sp.csr_matrix(X)


def test_background_topic_takes_the_filler_words():
    X = _blocks_with_filler()
    with_bg = T.TopicModel(n_topics=3, random_state=1).fit(X)
    without = T.TopicModel(n_topics=3, background=False, random_state=1).fit(X)
    filler = slice(30, 40)
    # The background holds filler words only and takes part of their mass from the topics. It does not take
    # all of it: with one topic per row, filler spread evenly over the topics fits exactly as well (the KL
    # divergence cannot tell the two apart), so the split depends on the start.
    assert with_bg.background_[filler].sum() > 0.95
    assert 0.1 < with_bg.background_share_ < 0.4
    assert with_bg.topic_word_[:, filler].sum(axis=1).max() < 0.32
    assert without.topic_word_[:, filler].sum(axis=1).min() > 0.38
    for row in with_bg.topic_word_:  # each topic's 10 heaviest words are one block
        assert len({j // 10 for j in np.argsort(-row)[:10]}) == 1
    theta = with_bg.transform(X)
    np.testing.assert_allclose(theta.sum(axis=1), 1.0, rtol=1e-5)
    assert (theta.argmax(axis=1) == with_bg.transform(X[:3]).argmax(axis=1)[np.arange(len(theta)) % 3]).all()


def test_background_per_group_and_transform_groups():
    X = _blocks_with_filler()
    groups = np.where(np.arange(X.shape[0]) < 120, "a", "b")
    model = T.TopicModel(n_topics=3, random_state=1).fit(X, groups=groups)
    assert list(model.background_groups_) == ["a", "b"]
    np.testing.assert_allclose(model.transform(X, groups=groups).sum(axis=1), 1.0, rtol=1e-5)
    with pytest.raises(ParameterError, match="groups"):
        model.transform(X, groups=groups[:5])
    with pytest.raises(ParameterError, match="groups"):
        T.TopicModel(n_topics=3).fit(X, groups=groups[:5])


def _units(n_docs: int = 30) -> pd.DataFrame:
    rng = np.random.default_rng(5)
    pools = {
        "talks": "negotiations ceasefire dialogue mediation settlement delegation memorandum compromise",
        "war": "artillery offensive frontline troops shelling drones brigade trenches",
        "money": "sanctions inflation exports banks currency budget tariffs oil",
    }
    rows = []
    for d in range(n_docs):
        date = pd.Timestamp("2023-01-01") + pd.DateOffset(months=d % 6)
        for p in range(4):
            # talks grow over the months, war shrinks
            weights = np.array([1 + d % 6, 7 - d % 6, 3.0])
            pool = list(pools)[rng.choice(3, p=weights / weights.sum())]
            words = rng.choice(pools[pool].split(), size=25)
            rows.append({"unit_id": f"d{d}:p{p}", "doc_id": f"d{d}", "date": date, "source": f"s{d % 2}",
                         "speaker": "x", "n_sentences": 1 + p % 2, "text": " ".join(words), "truth": pool})
    return pd.DataFrame(rows)


def test_fit_topics_labels_terms_and_examples(tmp_path):
    units = _units()
    seeds = {"negotiation": ["negotiations", "ceasefire", "dialogue"]}
    fit = T.fit_topics(units, n_topics=3, seeds=seeds, min_df=2, max_df=0.9)
    assert fit.topics[0] == "negotiation"
    table = fit.doc_topics()
    assert list(table.columns[:6]) == T.UNIT_COLUMNS
    agreement = (table["dominant_topic"] == table["dominant_topic"].groupby(units["truth"]).transform(
        lambda s: s.mode()[0]))
    assert agreement.all()
    assert (table.loc[units["truth"] == "talks", "dominant_topic"] == "negotiation").all()
    terms = T.topic_terms(fit, top_n=5)
    assert set(terms.loc[terms["topic"] == "negotiation", "term"]) <= set(
        "negotiations ceasefire dialogue mediation settlement delegation memorandum compromise".split())
    assert terms.groupby("topic")["weight"].apply(lambda w: w.is_monotonic_decreasing).all()
    labels = T.default_labels(fit)
    assert labels.loc[0, "label"] == "negotiation"
    edited = tmp_path / "topic_labels.csv"
    labels.assign(label=["Talks", "", "Third"]).to_csv(edited, index=False)
    merged = T.merge_labels(labels, edited)
    assert merged["label"].tolist() == ["Talks", labels.loc[1, "label"], "Third"]
    examples = T.representative_units(fit, merged, n=2)
    assert len(examples) == 6 and (examples.loc[examples["topic"] == "negotiation", "label"] == "Talks").all()
    assert examples.groupby("topic")["share"].apply(lambda s: s.is_monotonic_decreasing).all()
    quality = T.topic_quality(fit.model, fit.X, diversity_top_n=8)
    assert quality["coherence_npmi"] > 0.2 and quality["diversity"] > 0.9


def test_read_labels_reports_duplicates(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text("topic,label\na,One\nb,Two\na,Again\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 4"):
        T.read_labels(path)
    path.write_text("name,label\na,One\n", encoding="utf-8")
    with pytest.raises(InputError, match="columns"):
        T.read_labels(path)


def test_prevalence_follows_planted_trend():
    units = _units(60)
    fit = T.fit_topics(units, n_topics=3, seeds={"talks": ["negotiations", "ceasefire"],
                                                   "war": ["artillery", "offensive"]}, min_df=2, max_df=0.9)
    prevalence = T.topic_prevalence(fit.doc_topics(), fit.topics, frequency="month", n_boot=100)
    assert list(prevalence.columns) == ["period", "topic", "share", "lo", "hi", "n_docs", "n_units", "denominator",
                                        "interval"]
    totals = prevalence.groupby("period")["share"].sum()
    np.testing.assert_allclose(totals, 1.0, atol=1e-9)
    assert (prevalence["lo"] <= prevalence["share"] + 1e-12).all()
    assert (prevalence["hi"] >= prevalence["share"] - 1e-12).all()
    # realised truth: share of sentences drawn from each pool per month
    truth = units.assign(period=units["date"]).groupby(["period", "truth"])["n_sentences"].sum()
    truth = (truth / truth.groupby(level=0).transform("sum")).unstack()
    for topic in ("talks", "war"):
        estimate = prevalence[prevalence["topic"] == topic].set_index("period")["share"]
        assert np.corrcoef(truth[topic], estimate.loc[truth.index])[0, 1] > 0.95
        np.testing.assert_allclose(estimate.loc[truth.index], truth[topic], atol=0.05)
    talks = prevalence[prevalence["topic"] == "talks"]["share"].to_numpy()
    assert np.corrcoef(np.arange(6), talks)[0, 1] > 0.8
    by_source = T.topic_prevalence(fit.doc_topics(), fit.topics, by=["source"], n_boot=0)
    assert set(by_source["source"]) == {"s0", "s1"} and by_source["lo"].isna().all()
    terms = T.topic_terms_by_period(fit, "war", frequency="quarter", top_n=3)
    assert set(terms["period"]) == {pd.Timestamp("2023-01-01"), pd.Timestamp("2023-04-01")}
    assert set(terms["term"]) <= set("artillery offensive frontline troops shelling drones brigade trenches".split())


def test_every_topic_figure_is_drawn_by_plots_name_from_topics_name_table():
    """The naming rule: figure NAME <- ``plots.NAME(table)`` <- ``topics.NAME_table(...)``, in the notebook's cell."""
    import json
    import re

    from warsignals import config, plots

    notebook = json.loads((config.PROJECT_ROOT / "notebooks" / "03-topics.ipynb").read_text(encoding="utf-8"))
    cells = ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code"]
    figures = {name: cell for cell in cells for name in re.findall(r'ctx\.figure\([^"]*"(\w+)"', cell, re.S)}
    assert set(figures) == {"topic_selection", "topic_prevalence", "topic_heatmap", "topic_terms_by_year"}
    for name, cell in figures.items():
        assert callable(getattr(T, f"{name}_table")) and callable(getattr(plots, name)), name
        assert f"topics.{name}_table(" in cell and f"plots.{name}(" in cell, name


def test_the_model_imports_neither_export_nor_plots_nor_reading():
    """Walls: the analysis computes; only its command layer (``topics/commands.py``) reads corpora and writes."""
    import ast

    from warsignals import config

    for path in sorted((config.SRC_DIR / "topics").glob("*.py")):
        if path.name == "commands.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        for wall in ("warsignals.export", "warsignals.plots", "warsignals.corpus", "warsignals.demo"):
            assert not any(name == wall or name.startswith(wall + ".") for name in imported), (path.name, wall)
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 700, path.name
