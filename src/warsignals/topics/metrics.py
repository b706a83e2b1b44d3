"""Topic quality measures: coherence, diversity, stability, FREX, and matching topics between models.

Everything here works on plain matrices so that it can be checked on hand-made examples:

- *coherence* is measured on the corpus itself from co-document frequencies of each topic's top words
  (NPMI as in Bouma 2009 / Röder et al. 2015, UMass as in Mimno et al. 2011, both averaged over word pairs);
- *diversity* is the share of unique words among all topics' top words (Dieng et al. 2020);
- *stability* is the mean best-match cosine similarity of topic-word vectors between runs, topics paired
  one-to-one with the Hungarian algorithm (``scipy.optimize.linear_sum_assignment``);
- *FREX* ranks words by the weighted harmonic mean of their exclusivity and frequency ECDF ranks within a
  topic, as in R's ``stm::calcfrex`` (weight 0.5).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment

from warsignals.errors import ParameterError


def top_word_indices(components: np.ndarray, top_n: int = 10) -> np.ndarray:
    """Column indices of each topic's ``top_n`` heaviest words, heaviest first (ties by column order).

    Parameters
    ----------
    components : ndarray of shape (n_topics, n_words)
        Topic-word weights.
    top_n : int
        Words per topic (capped at the vocabulary size).

    Returns
    -------
    ndarray of shape (n_topics, top_n)
    """
    components = np.asarray(components, dtype=float)
    top_n = min(int(top_n), components.shape[1])
    order = np.argsort(-components, axis=1, kind="stable")
    return order[:, :top_n]


def _document_frequencies(X, words: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Document frequencies and co-document frequencies of ``words`` in the (binarised) matrix ``X``."""
    X = sp.csc_matrix(X) if sp.issparse(X) else sp.csc_matrix(np.asarray(X))
    sub = X[:, words]
    sub = (sub > 0).astype(np.float64)
    co = (sub.T @ sub).toarray()
    return np.diag(co).copy(), co, X.shape[0]


def _top_word_frequencies(X, top_words):
    """Top words re-indexed into their union, with the union's document and co-document frequencies."""
    top_words = np.atleast_2d(np.asarray(top_words, dtype=int))
    if top_words.shape[1] < 2:
        raise ParameterError("coherence needs at least two top words per topic")
    union, inverse = np.unique(top_words, return_inverse=True)
    df, co, n = _document_frequencies(X, union)
    return inverse.reshape(top_words.shape), df, co, n


def coherence_npmi(X, top_words: np.ndarray) -> np.ndarray:
    """Normalised pointwise mutual information of each topic's top words, from co-document frequencies.

    For each pair of top words, ``NPMI = log(P(a,b) / (P(a) P(b))) / -log P(a,b)`` with probabilities
    estimated as the share of documents (rows of ``X``) containing the word(s); a pair that never
    co-occurs scores -1 and a pair present in every document scores 1. The topic's score is the mean over
    its word pairs.

    Parameters
    ----------
    X : array-like or sparse matrix of shape (n_documents, n_words)
        Document-term counts (only presence matters).
    top_words : ndarray of shape (n_topics, n_top)
        Column indices of each topic's top words (:func:`top_word_indices`).

    Returns
    -------
    ndarray of shape (n_topics,)
    """
    inverse, df, co, n = _top_word_frequencies(X, top_words)
    p = df / n
    p_joint = co / n
    scores = np.empty(len(top_words))
    for topic, row in enumerate(inverse):
        values = []
        for a, b in combinations(row, 2):
            joint = p_joint[a, b]
            if joint <= 0:
                values.append(-1.0)
            elif joint >= 1:
                values.append(1.0)
            else:
                values.append(np.log(joint / (p[a] * p[b])) / -np.log(joint))
        scores[topic] = float(np.mean(values))
    return scores


def coherence_umass(X, top_words: np.ndarray, epsilon: float = 1.0) -> np.ndarray:
    """UMass coherence of each topic's top words (Mimno et al. 2011), mean over ordered word pairs.

    For top words ranked ``w1, w2, ...`` the score of a pair (``wi`` ranked below ``wj``) is
    ``log((D(wi, wj) + epsilon) / D(wj))`` with ``D`` the (co-)document frequency; the topic's score is
    the mean over pairs (as gensim's ``u_mass``). Values are <= about 0; closer to 0 is more coherent.

    Parameters
    ----------
    X : array-like or sparse matrix of shape (n_documents, n_words)
        Document-term counts.
    top_words : ndarray of shape (n_topics, n_top)
        Column indices of each topic's top words, heaviest first.
    epsilon : float
        Smoothing count added to the co-document frequency.

    Returns
    -------
    ndarray of shape (n_topics,)
    """
    inverse, df, co, _ = _top_word_frequencies(X, top_words)
    scores = np.empty(len(top_words))
    for topic, row in enumerate(inverse):
        values = []
        for m in range(1, len(row)):
            for prior in range(m):
                a, b = row[m], row[prior]
                denominator = df[b] if df[b] > 0 else epsilon
                values.append(np.log((co[a, b] + epsilon) / denominator))
        scores[topic] = float(np.mean(values))
    return scores


def topic_diversity(components: np.ndarray, top_n: int = 25) -> float:
    """Share of unique words among the ``top_n`` words of all topics (1 = no word shared between topics).

    Parameters
    ----------
    components : ndarray of shape (n_topics, n_words)
        Topic-word weights.
    top_n : int
        Words per topic.

    Returns
    -------
    float
    """
    top = top_word_indices(components, top_n)
    return float(len(np.unique(top)) / top.size)


def _normalise_rows(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=float)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


def topic_similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarity between every topic-word row of ``a`` and of ``b`` (shape ``len(a) x len(b)``)."""
    return _normalise_rows(a) @ _normalise_rows(b).T


def match_topics(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pair the topics of ``a`` with those of ``b`` one-to-one maximising the total cosine similarity.

    Parameters
    ----------
    a, b : ndarray of shape (n_topics_a, n_words), (n_topics_b, n_words)
        Topic-word weights over the same vocabulary.

    Returns
    -------
    rows, columns, similarities : ndarray
        Matched row indices of ``a``, column indices of ``b`` and their cosine similarities
        (``min(n_topics_a, n_topics_b)`` pairs).
    """
    similarity = topic_similarity(a, b)
    rows, columns = linear_sum_assignment(similarity, maximize=True)
    return rows, columns, similarity[rows, columns]


def topic_stability(runs: Sequence[np.ndarray]) -> float:
    """Mean best-match cosine similarity of topics between every pair of runs (1 = identical topics).

    Parameters
    ----------
    runs : sequence of ndarray, each of shape (n_topics, n_words)
        Topic-word weights of models fitted with different random seeds on the same data.

    Returns
    -------
    float
        NaN when fewer than two runs are given.
    """
    runs = list(runs)
    if len(runs) < 2:
        return float("nan")
    values = [match_topics(a, b)[2].mean() for a, b in combinations(runs, 2)]
    return float(np.mean(values))


def _ecdf_rank(values: np.ndarray) -> np.ndarray:
    """Empirical CDF of each value within its row (share of values <= it), as R's ``ecdf(x)(x)``."""
    ranks = np.empty_like(values, dtype=float)
    n = values.shape[1]
    for row in range(values.shape[0]):
        ordered = np.sort(values[row])
        ranks[row] = np.searchsorted(ordered, values[row], side="right") / n
    return ranks


def frex(components: np.ndarray, weight: float = 0.5) -> np.ndarray:
    """FREX score of every word in every topic (Bischof and Airoldi 2012; R ``stm::calcfrex``).

    ``FREX = 1 / (weight / ECDF(exclusivity) + (1 - weight) / ECDF(frequency))`` where the frequency of a
    word in a topic is its topic-word probability and its exclusivity that probability divided by the
    word's probabilities summed over topics; ECDFs are taken within each topic.

    Parameters
    ----------
    components : ndarray of shape (n_topics, n_words)
        Topic-word weights (normalised to probabilities per topic here).
    weight : float
        Weight of exclusivity, in [0, 1].

    Returns
    -------
    ndarray of shape (n_topics, n_words), values in (0, 1].
    """
    if not 0 <= weight <= 1:
        raise ParameterError(f"FREX weight must be in [0, 1], not {weight}")
    beta = np.asarray(components, dtype=float)
    beta = beta / np.maximum(beta.sum(axis=1, keepdims=True), 1e-300)
    column = beta.sum(axis=0, keepdims=True)
    exclusivity = np.divide(beta, column, out=np.zeros_like(beta), where=column > 0)
    excl_rank = _ecdf_rank(exclusivity)
    freq_rank = _ecdf_rank(beta)
    return 1.0 / (weight / excl_rank + (1 - weight) / freq_rank)
