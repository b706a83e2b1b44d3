"""The faster topic pipeline computes exactly what it computed before, on real text.

Collocations are counted on integer codes instead of by NLTK's ``BigramCollocationFinder.from_documents``; the
KL-NMF gathers its factors with ``np.repeat``/``np.take`` instead of fancy indexing; :func:`fit_report` takes
the chosen k's model from :func:`select_k` instead of fitting it again. The references are the replaced code.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

from warsignals import topics
from warsignals.datasets import load_dataset
from warsignals.sentences import make_units, split_sentences
from warsignals.topics import solver


@pytest.fixture(scope="module")
def units():
    """Paragraphs of 40 shipped Kremlin transcripts."""
    sentences = split_sentences(load_dataset("kremlin-ukraine").head(40), progress=False)
    return make_units(sentences, "paragraph")


def _nltk_collocations(vectorizer: topics.TopicVectorizer, token_lists) -> list[tuple[str, str, float, int]]:
    """The collocation table as NLTK's finder built it (the reference)."""
    finder = BigramCollocationFinder.from_documents(token_lists)
    finder.apply_freq_filter(max(int(vectorizer.collocation_min_count), 1))
    stop = vectorizer.stop_words_
    finder.apply_word_filter(lambda w: w in stop or len(w) < 3)
    scored = [(a, b, s) for (a, b), s in finder.score_ngrams(BigramAssocMeasures().pmi) if s >= 3.0]
    return [(a, b, float(s), int(finder.ngram_fd[(a, b)])) for a, b, s in scored[: vectorizer.max_collocations]]


def test_collocations_are_nltks(units):
    vectorizer = topics.TopicVectorizer(min_df=5, max_df=0.5)
    vectorizer._setup()
    vectorizer._pairs = set()
    token_lists = [vectorizer._raw_tokens(text) for text in units["text"]] + [[], ["single"]]
    found = vectorizer._find_collocations(token_lists)
    assert len(found) > 100
    assert found == _nltk_collocations(vectorizer, token_lists)


def test_kl_approx_gathers_what_fancy_indexing_gathers(units):
    _, X = topics.vectorize_units(units, min_df=5, max_df=0.5)
    X = sp.csr_matrix(X, dtype=np.float32)
    rng = np.random.default_rng(0)
    W = rng.random((X.shape[0], 9), dtype=np.float32)
    Ht = rng.random((X.shape[1], 9), dtype=np.float32)
    rows = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
    expected = np.maximum(np.einsum("ij,ij->i", W[rows], Ht[X.indices]), solver._EPS)
    assert np.array_equal(solver._kl_approx(np.diff(X.indptr), X.indices, W, Ht, None), expected)


def test_fit_report_reuses_the_selected_model_and_reports_what_a_refit_gives(units, tmp_path):
    sentences = split_sentences(load_dataset("kremlin-ukraine").head(40), progress=False)
    report = topics.fit_report(sentences, k="6:8:2", n_runs=2, n_boot=50, seed=7)
    k = report.metrics["k"]
    refit = topics.fit_topics(report.fit.units, n_topics=k, seeds=report.fit.model.seeds, random_state=7,
                              vectorizer=report.fit.vectorizer, X=report.fit.X)
    assert np.array_equal(refit.model.components_, report.fit.model.components_)
    assert np.array_equal(refit.theta, report.fit.theta)
