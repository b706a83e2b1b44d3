"""Known answers for the topic quality measures on hand-made matrices."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from warsignals.errors import ParameterError
from warsignals.topics.metrics import (
    coherence_npmi,
    coherence_umass,
    frex,
    match_topics,
    top_word_indices,
    topic_diversity,
    topic_stability,
)

# Columns: a, b, c, d. a and b always together (docs 0, 1); c and d together (docs 2, 3);
# e (column 4) in docs 0 and 2 only: independent of a (P(a)=P(e)=1/2, P(a,e)=1/4).
X = np.array([
    [1, 2, 0, 0, 1],
    [3, 1, 0, 0, 0],
    [0, 0, 1, 1, 5],
    [0, 0, 2, 1, 0],
])


def test_npmi_known_answers():
    scores = coherence_npmi(sp.csr_matrix(X), np.array([[0, 1], [0, 2], [0, 4]]))
    np.testing.assert_allclose(scores, [1.0, -1.0, 0.0], atol=1e-12)


def test_npmi_averages_word_pairs():
    # pairs (a,b)=1, (a,c)=-1, (b,c)=-1 -> mean -1/3
    score = coherence_npmi(X, np.array([[0, 1, 2]]))
    np.testing.assert_allclose(score, [-1 / 3])


def test_npmi_word_in_every_document_scores_one_with_itself_partner():
    always = np.ones((3, 2))
    np.testing.assert_allclose(coherence_npmi(always, np.array([[0, 1]])), [1.0])


def test_umass_known_answers():
    scores = coherence_umass(X, np.array([[0, 1], [0, 2]]))
    np.testing.assert_allclose(scores, [np.log(3 / 2), np.log(1 / 2)])
    # three words: pairs (b|a), (c|a), (c|b) -> mean of log(3/2), log(1/2), log(1/2)
    three = coherence_umass(X, np.array([[0, 1, 2]]))
    np.testing.assert_allclose(three, [np.mean([np.log(1.5), np.log(0.5), np.log(0.5)])])


def test_umass_matches_gensim():
    pytest.importorskip("gensim")
    from gensim.corpora import Dictionary
    from gensim.models.coherencemodel import CoherenceModel

    rng = np.random.default_rng(3)
    counts = (rng.random((40, 8)) < 0.35).astype(int)
    words = [f"w{i}" for i in range(8)]
    texts = [[words[j] for j in np.flatnonzero(row)] or ["w0"] for row in counts]
    counts = np.array([[int(w in t) for w in words] for t in texts])
    dictionary = Dictionary(texts)
    topics = [["w0", "w3", "w5", "w1"], ["w2", "w7", "w6", "w4"]]
    model = CoherenceModel(topics=topics, texts=texts, dictionary=dictionary, coherence="u_mass",
                           corpus=[dictionary.doc2bow(t) for t in texts])
    expected = model.get_coherence_per_topic()
    top = np.array([[words.index(w) for w in t] for t in topics])
    # gensim smooths the conditional probability by 1e-12 instead of Mimno's +1 count
    ours = coherence_umass(counts, top, epsilon=1e-12 * len(texts))
    np.testing.assert_allclose(ours, expected, rtol=1e-6)


def test_coherence_needs_two_words():
    with pytest.raises(ParameterError):
        coherence_npmi(X, np.array([[0]]))


def test_top_words_and_diversity():
    components = np.array([[5.0, 4.0, 1.0, 0.0], [0.0, 4.0, 5.0, 1.0]])
    np.testing.assert_array_equal(top_word_indices(components, 2), [[0, 1], [2, 1]])
    assert topic_diversity(components, top_n=2) == pytest.approx(3 / 4)
    assert topic_diversity(np.eye(3), top_n=1) == pytest.approx(1.0)
    assert topic_diversity(np.array([[1.0, 2.0], [1.0, 2.0]]), top_n=2) == pytest.approx(0.5)


def test_stability_permuted_runs_are_identical():
    rng = np.random.default_rng(0)
    run = rng.random((4, 10))
    assert topic_stability([run, run[[2, 0, 3, 1]], run[::-1]]) == pytest.approx(1.0)


def test_stability_known_answer_and_hungarian_matching():
    a = np.array([[1.0, 0.0], [0.0, 1.0]])
    b = np.array([[0.0, 1.0], [1.0, 1.0]])
    rows, columns, sims = match_topics(a, b)
    np.testing.assert_array_equal(columns[np.argsort(rows)], [1, 0])
    np.testing.assert_allclose(sorted(sims), [1 / np.sqrt(2), 1.0])
    assert topic_stability([a, b]) == pytest.approx((1 + 1 / np.sqrt(2)) / 2)
    assert np.isnan(topic_stability([a]))


def test_frex_known_answer():
    beta = np.array([[0.6, 0.3, 0.1], [0.9, 0.05, 0.05]])
    # topic 0: exclusivity ranks (1/3, 1, 2/3), frequency ranks (1, 2/3, 1/3)
    np.testing.assert_allclose(frex(beta)[0], [0.5, 0.8, 1 / (0.75 + 1.5)])
    # weight 1 is pure exclusivity rank, weight 0 pure frequency rank
    np.testing.assert_allclose(frex(beta, 1.0)[0], [1 / 3, 1.0, 2 / 3])
    np.testing.assert_allclose(frex(beta, 0.0)[0], [1.0, 2 / 3, 1 / 3])
    with pytest.raises(ParameterError):
        frex(beta, 1.5)
