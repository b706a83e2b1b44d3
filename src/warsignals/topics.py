"""Topic models a researcher can defend: vectorising, seeded NMF/LDA, choosing k, labels, prevalence.

The pieces, each usable alone:

- :class:`TopicVectorizer` turns unit texts into a document-term matrix: speaker-turn labels and transcript
  boilerplate removed, scikit-learn's English stop words plus the project's domain list
  (``data/stopwords_domain.txt``), NLTK bigram collocations merged into single terms (``peace_talks``),
  optional Snowball stemming, ``min_df``/``max_df``.
- :class:`TopicModel` is a scikit-learn estimator over a document-term matrix wrapping NMF (on sublinear
  tf-idf) or LDA (on counts), with optional *seeded* topics: each seed word list adds a pseudo-document of
  its words (weighing ``seed_strength`` times the corpus) and, for NMF, starts one topic at the seed words;
  after fitting, seeds are given to topics one-to-one by the Hungarian algorithm, so seeded topics keep
  their names across runs and corpora. ``transform`` gives topic shares per unit (rows sum to 1).
- :func:`fit_topics` runs both on a units table (:func:`warsignals.sentences.make_units`),
  :func:`select_k` measures coherence (NPMI, UMass), diversity and stability over a range of k and
  :func:`recommend_k` applies the documented rule; :func:`compare_units` compares unit kinds.
- :func:`topic_terms`, :func:`representative_units` and the label table (:func:`default_labels`,
  :func:`read_labels`) describe topics; :func:`topic_prevalence` gives per-period shares of sentences with
  document-bootstrap intervals; :func:`topic_terms_by_period` compares a topic's terms across periods.
- :func:`topic_recovery` and :func:`prevalence_recovery` check a fit against planted truth (demo corpus).
"""

from __future__ import annotations

import json
import re
import time
import warnings
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfTransformer
from sklearn.utils.validation import check_is_fitted, check_non_negative, validate_data

from warsignals import config
from warsignals.errors import InputError, ParameterError
from warsignals.fileio import INTEGER, TEXT, AnyOf, ListOf, MapOf, read_text, read_yaml, validate_yaml
from warsignals.topic_metrics import (
    coherence_npmi,
    coherence_umass,
    frex,
    match_topics,
    top_word_indices,
    topic_diversity,
    topic_similarity,
    topic_stability,
)

METHODS = ("nmf", "lda")
UNIT_COLUMNS = ["unit_id", "doc_id", "date", "source", "speaker", "n_sentences"]
_TOKEN = re.compile(r"[a-z][a-z0-9]*(?:[-'][a-z0-9]+)*")
_POSSESSIVE = re.compile(r"['’]s\b")
# "Dmitry Peskov:", "President of Russia Vladimir Putin:", "Amro Abdelhamid (retranslated):" at a line start.
_NAME_WORD = r"(?:[A-Z][\w.'’-]*|of|the|de|al|bin|von|van)"
_SPEAKER_LABEL = re.compile(
    rf"(?m)(?:^|(?<=[.!?] ))[ \t]*{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,7}}"
    r"(?:[ \t]*\([^)\n]{1,30}\))?[ \t]*:[ \t]"
)
_EPS = 1e-12
_BG_START = 0.1  # share of each unit the background explains at the start (measured: bench/topics.py)
_BRACKETED = re.compile(r"\((?:applause|laughter|retranslated|inaudible|in english|translated)[.!]?\)", re.I)


# ----------------------------------------------------------------------------------------------------------
# configuration files


def load_stopwords(path: str | Path | None = None) -> tuple[frozenset[str], tuple[str, ...]]:
    """Read the domain stop list: single words, and multi-word phrases removed from texts before tokenising.

    Parameters
    ----------
    path : str or Path, optional
        One entry a line, ``#`` comments; defaults to :data:`warsignals.config.STOPWORDS_FILE`.

    Returns
    -------
    words, phrases : frozenset of str, tuple of str
        ``words`` includes scikit-learn's English stop words; ``phrases`` are lower case, longest first.
    """
    path = Path(path or config.STOPWORDS_FILE)
    if not path.exists():
        raise InputError(f"{path}: stop word file not found")
    words, phrases = set(ENGLISH_STOP_WORDS), set()
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip().lower()
        if not entry:
            continue
        if " " in entry:
            phrases.add(" ".join(entry.split()))
        else:
            words.add(entry)
    return frozenset(words), tuple(sorted(phrases, key=lambda p: (-len(p), p)))


def load_seeds(path: str | Path | None = None) -> dict[str, list[str]]:
    """Read seed word lists: ``topics: {name: {words: [...], description: ...}}`` (or ``name: [words]``).

    Parameters
    ----------
    path : str or Path, optional
        YAML file; defaults to :data:`warsignals.config.TOPIC_SEEDS_FILE`.

    Returns
    -------
    dict
        Topic name to its list of seed terms (lower case, spaces joined by ``_``), in file order.
    """
    path = Path(path or config.TOPIC_SEEDS_FILE)
    data = read_yaml(path, "seed file") or {}
    topics = data.get("topics", data) if isinstance(data, dict) else None
    if not isinstance(topics, dict) or not topics:
        raise InputError(f"{path}: expected a mapping 'topics: {{name: {{words: [...]}}}}'")
    if "topics" in data:
        validate_yaml(data, SEEDS_SCHEMA, str(path), read_text(path))
    seeds = {}
    for name, entry in topics.items():
        words = entry.get("words") if isinstance(entry, dict) else entry
        if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
            raise InputError(f"{path}: topic {name!r} needs a non-empty list of words")
        seeds[str(name)] = [_join_phrase(w) for w in words]
    return seeds


#: The schema of a seed file (``topics:`` form): unknown keys and wrongly typed values are errors.
SEEDS_SCHEMA = MapOf(
    {"version": INTEGER, "topics": MapOf(rest=AnyOf((ListOf(TEXT), MapOf({"description": TEXT, "words": ListOf(TEXT)},
                                                                        required=("words",))),
                                                    "a list of words or a mapping with words"))},
    required=("topics",),
)


def _join_phrase(term: str) -> str:
    return "_".join(term.lower().split())


def _identity(tokens):
    return tokens


# ----------------------------------------------------------------------------------------------------------
# vectorising


def _bigram_counts(token_lists: list[list[str]], min_count: int,
                   dropped) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """Count of every token, and of every pair of adjacent tokens within a list that occurs at least
    ``min_count`` times and has no word for which ``dropped(word)`` is true."""
    flat = [token for tokens in token_lists for token in tokens]
    if not flat:
        return {}, {}
    codes, vocabulary = pd.factorize(pd.Series(flat, dtype=object), sort=False)
    codes = codes.astype(np.int64)
    lengths = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))
    ends = np.cumsum(lengths)
    inside = np.ones(len(codes), dtype=bool)  # pair (i, i + 1) lies inside one list
    inside[ends[lengths > 0] - 1] = False
    first = codes[:-1][inside[:-1]]
    second = codes[1:][inside[:-1]]
    size = len(vocabulary)
    pair_codes, pair_counts = np.unique(first * size + second, return_counts=True)
    keep_word = np.array([not dropped(w) for w in vocabulary], dtype=bool)
    a, b = pair_codes // size, pair_codes % size
    keep = (pair_counts >= min_count) & keep_word[a] & keep_word[b]
    names = np.asarray(vocabulary, dtype=object)
    words = dict(zip(names.tolist(), np.bincount(codes, minlength=size).tolist(), strict=True))
    kept = {(names[i], names[j]): int(n) for i, j, n in zip(a[keep].tolist(), b[keep].tolist(),
                                                             pair_counts[keep].tolist(), strict=True)}
    return words, kept


class TopicVectorizer(TransformerMixin, BaseEstimator):
    """Texts to a document-term count matrix with domain stop words, collocations and optional stemming.

    Parameters
    ----------
    stop_words : "default", None or iterable of str
        ``"default"`` reads scikit-learn's list plus :data:`warsignals.config.STOPWORDS_FILE`; an iterable
        gives the words to drop (no phrases); ``None`` drops nothing.
    strip_speakers : bool
        Remove speaker-turn labels (``"Dmitry Peskov:"`` at the start of a line or unit) and bracketed
        boilerplate (``(Applause.)``).
    collocations : bool
        Merge NLTK bigram collocations into single terms (``nuclear_weapons``).
    collocation_measure : {"pmi", "likelihood"}
        Association measure of ``nltk.collocations.BigramAssocMeasures``.
    collocation_min_count : int
        Frequency filter: a bigram must occur at least this often.
    collocation_threshold : float, optional
        Minimum score (default 3.0 bits for PMI, 50 for the likelihood ratio).
    max_collocations : int
        Keep at most this many of the highest-scoring bigrams.
    stem : bool
        Snowball-stem terms (collocation parts stemmed separately).
    min_df, max_df : int or float
        Document-frequency limits as in :class:`sklearn.feature_extraction.text.CountVectorizer`.
    max_features : int, optional
        Keep the most frequent terms only.
    """

    def __init__(
        self,
        stop_words="default",
        strip_speakers: bool = True,
        collocations: bool = True,
        collocation_measure: str = "pmi",
        collocation_min_count: int = 5,
        collocation_threshold: float | None = None,
        max_collocations: int = 500,
        stem: bool = False,
        min_df: int | float = 3,
        max_df: int | float = 0.5,
        max_features: int | None = None,
    ):
        self.stop_words = stop_words
        self.strip_speakers = strip_speakers
        self.collocations = collocations
        self.collocation_measure = collocation_measure
        self.collocation_min_count = collocation_min_count
        self.collocation_threshold = collocation_threshold
        self.max_collocations = max_collocations
        self.stem = stem
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features

    # -- tokens
    def _stop_config(self) -> tuple[frozenset[str], tuple[str, ...]]:
        if isinstance(self.stop_words, str):
            if self.stop_words != "default":
                raise ParameterError(f"stop_words must be 'default', None or a list of words, not {self.stop_words!r}")
            return load_stopwords()
        if self.stop_words is None:
            return frozenset(), ()
        return frozenset(w.lower() for w in self.stop_words), ()

    def _clean(self, text: str) -> str:
        text = text or ""
        if self.strip_speakers:
            text = _SPEAKER_LABEL.sub(" ", text)
            text = _BRACKETED.sub(" ", text)
        text = _POSSESSIVE.sub("", text.lower().replace("’", "'"))
        for phrase in self.phrases_:
            if phrase in text:
                text = text.replace(phrase, " ")
        return text

    def _raw_tokens(self, text: str) -> list[str]:
        return _TOKEN.findall(self._clean(text))

    def _finish(self, tokens: list[str]) -> list[str]:
        pairs = self._pairs
        out = []
        i, n = 0, len(tokens)
        stop = self.stop_words_
        while i < n:
            if pairs and i + 1 < n and (tokens[i], tokens[i + 1]) in pairs:
                out.append(tokens[i] + "_" + tokens[i + 1])
                i += 2
                continue
            token = tokens[i]
            if token not in stop and len(token) > 1:
                out.append(token)
            i += 1
        if self.stem:
            out = [self._stem_term(t) for t in out]
        return out

    def _stem_term(self, term: str) -> str:
        cache = self._stem_cache
        stemmed = cache.get(term)
        if stemmed is None:
            stemmed = "_".join(self._stemmer.stem(part) for part in term.split("_"))
            cache[term] = stemmed
        return stemmed

    def analyse(self, text: str) -> list[str]:
        """Terms of one text as the fitted vectoriser sees them."""
        check_is_fitted(self, "vocabulary_")
        return self._finish(self._raw_tokens(text))

    def normalise_terms(self, terms: Iterable[str]) -> list[str]:
        """Map user terms (seed words) to this vectoriser's term space: lower case, ``_`` joins, stems."""
        out = []
        for term in terms:
            term = _join_phrase(term)
            out.append(self._stem_term(term) if self.stem else term)
        return out

    def _setup(self) -> None:
        self.stop_words_, self.phrases_ = self._stop_config()
        if self.collocation_measure not in ("pmi", "likelihood"):
            raise ParameterError(f"collocation_measure must be 'pmi' or 'likelihood', not {self.collocation_measure!r}")
        self._stem_cache: dict[str, str] = {}
        if self.stem:
            from nltk.stem.snowball import SnowballStemmer

            self._stemmer = SnowballStemmer("english")

    def _find_collocations(self, token_lists: list[list[str]]) -> list[tuple[str, str, float, int]]:
        from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder
        from nltk.probability import FreqDist

        # The counts of BigramCollocationFinder.from_documents (every token; adjacent pairs within a unit) and
        # its frequency and word filters, computed on integer codes with NumPy rather than one FreqDist item at
        # a time; then its own scoring.
        words, kept = _bigram_counts(token_lists, max(int(self.collocation_min_count), 1),
                                     lambda w: w in self.stop_words_ or len(w) < 3)
        finder = BigramCollocationFinder(FreqDist(words), FreqDist(kept))
        measures = BigramAssocMeasures()
        if self.collocation_measure == "pmi":
            scorer, threshold = measures.pmi, 3.0
        else:
            scorer, threshold = measures.likelihood_ratio, 50.0
        if self.collocation_threshold is not None:
            threshold = float(self.collocation_threshold)
        scored = [(a, b, s) for (a, b), s in finder.score_ngrams(scorer) if s >= threshold]
        scored = scored[: int(self.max_collocations)]
        return [(a, b, float(s), int(finder.ngram_fd[(a, b)])) for a, b, s in scored]

    def fit(self, raw_documents, y=None):
        """Learn collocations and the vocabulary from ``raw_documents`` (iterable of str)."""
        self.fit_transform(raw_documents)
        return self

    def fit_transform(self, raw_documents, y=None):
        """Learn collocations and vocabulary and return the document-term count matrix (CSR)."""
        if isinstance(raw_documents, str):
            raise ParameterError("TopicVectorizer expects an iterable of texts, not one string")
        self._setup()
        self._pairs = set()
        token_lists = [self._raw_tokens(text) for text in raw_documents]
        table = self._find_collocations(token_lists) if self.collocations else []
        self._pairs = {(a, b) for a, b, _, _ in table}
        self.collocations_ = pd.DataFrame(table, columns=["first", "second", "score", "count"])
        analysed = [self._finish(tokens) for tokens in token_lists]
        self._counter = CountVectorizer(
            analyzer=_identity, min_df=self.min_df, max_df=self.max_df, max_features=self.max_features
        )
        try:
            X = self._counter.fit_transform(analysed)
        except ValueError as exc:
            raise ParameterError(f"no terms left after stop words and min_df/max_df ({exc})") from exc
        self.vocabulary_ = self._counter.vocabulary_
        self.feature_names_ = self._counter.get_feature_names_out()
        self.display_names_ = self._display_names(token_lists) if self.stem else self.feature_names_.copy()
        return X.tocsr()

    def _display_names(self, token_lists) -> np.ndarray:
        """For stemmed terms, the most frequent surface form (so labels read as words)."""
        surfaces: dict[str, Counter] = {}
        for tokens in token_lists:
            for term in self._finish_unstemmed(tokens):
                surfaces.setdefault(self._stem_term(term), Counter())[term] += 1
        return np.array([surfaces[t].most_common(1)[0][0] if t in surfaces else t for t in self.feature_names_],
                        dtype=object)

    def _finish_unstemmed(self, tokens):
        stem, self.stem = self.stem, False
        try:
            return self._finish(tokens)
        finally:
            self.stem = stem

    def transform(self, raw_documents):
        """Document-term counts of ``raw_documents`` over the fitted vocabulary (CSR)."""
        check_is_fitted(self, "vocabulary_")
        return self._counter.transform([self.analyse(text) for text in raw_documents]).tocsr()

    def get_feature_names_out(self, input_features=None):
        """The vocabulary terms in column order."""
        check_is_fitted(self, "vocabulary_")
        return np.asarray(self.feature_names_, dtype=object)


# ----------------------------------------------------------------------------------------------------------
# Kullback-Leibler NMF with a background topic (multiplicative updates on the non-zeros only)


@dataclass
class _Background:
    """Background topics of :func:`_kl_nmf`: per-row loads and groups, per-group word rates."""

    load_nz: np.ndarray  # load of the row of every non-zero
    flat_nz: np.ndarray  # index of (group of the row, column) of every non-zero in ``rate.ravel()``
    rate: np.ndarray  # groups x words
    group_load: np.ndarray  # total load per group


def _group_key(value) -> str:
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def _group_codes(groups) -> tuple[np.ndarray, np.ndarray]:
    """Group names (sorted) and each row's code."""
    keys = np.array([_group_key(v) for v in groups], dtype=object)
    names, codes = np.unique(keys, return_inverse=True)
    return names.astype(object), codes.astype(np.int64)


def _kl_approx(counts, cols, W, Ht, background: _Background | None) -> np.ndarray:
    """Model value at every non-zero of the data: ``(W H)_ij + load_i * rate[group_i, j]``.

    ``counts`` are the non-zeros per row (CSR order): the row factors of the non-zeros are ``W`` repeated, and
    the column factors ``Ht`` taken at ``cols`` -- the same arrays as ``W[rows]`` and ``Ht[cols]``, gathered
    several times faster than by fancy indexing.
    """
    values = np.einsum("ij,ij->i", np.repeat(W, counts, axis=0), np.take(Ht, cols, axis=0))
    if background is not None:
        values += background.load_nz * np.take(background.rate.ravel(), background.flat_nz)
    return np.maximum(values, _EPS, out=values)


def _kl_divergence(data, approx, W, H, background) -> float:
    """Generalised KL divergence D(X || WH + background), computed from the non-zeros and the factor sums."""
    total = float(W.sum(axis=0) @ H.sum(axis=1))
    if background is not None:
        total += float(background.group_load @ background.rate.sum(axis=1))
    return float(np.sum(data * np.log(data / approx))) - float(data.sum()) + total


def _kl_nmf(X: sp.csr_matrix, W: np.ndarray, H: np.ndarray, bg_load: np.ndarray | None,
            bg_group: np.ndarray | None, bg_rate: np.ndarray | None, max_iter: int, tol: float,
            update_h: bool = True, check_every: int = 10) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, int]:
    """Multiplicative updates (Lee & Seung) for the generalised KL divergence, sparse data.

    The model is ``X_ij ~ (W H)_ij + bg_load_i * bg_rate[bg_group_i, j]``: ``k`` free topics plus, when
    ``bg_rate`` (groups x words) is given, background topics (one per group of rows, e.g. per source) whose
    loading in a row is fixed (``bg_load``, the row length) and whose word rates are learned, so words used
    at the same rate everywhere in a group go to its background instead of the topics. Only the non-zeros
    of ``X`` are visited. Stops when the relative decrease of the divergence over ``check_every`` iterations
    falls below ``tol`` (``tol=0`` runs ``max_iter`` iterations: deterministic per row, as
    :meth:`TopicModel.transform` needs). ``update_h=False`` keeps ``H`` and the background rates fixed.
    """
    counts = np.diff(X.indptr)
    rows = np.repeat(np.arange(X.shape[0], dtype=np.int32), counts)
    cols, data, indptr = X.indices, X.data, X.indptr
    shape = X.shape
    background = None
    if bg_rate is not None:
        group_load = np.bincount(bg_group, weights=bg_load, minlength=bg_rate.shape[0]).astype(np.float32)
        flat = bg_group[rows].astype(np.int64) * shape[1] + cols
        background = _Background(bg_load[rows], flat, bg_rate, group_load)
    previous = None
    n_iter = 0
    for n_iter in range(1, max_iter + 1):
        approx = _kl_approx(counts, cols, W, np.ascontiguousarray(H.T), background)
        if tol > 0 and n_iter % check_every == 0:
            loss = _kl_divergence(data, approx, W, H, background)
            if previous is not None and previous - loss < tol * abs(previous):
                break
            previous = loss
        quotient = data / approx
        ratio = sp.csr_matrix((quotient, cols, indptr), shape=shape)
        w_step = np.asarray(ratio @ H.T) / np.maximum(H.sum(axis=1), _EPS)[None, :]
        if update_h:
            H *= np.asarray(ratio.T @ W).T / np.maximum(W.sum(axis=0), _EPS)[:, None]
            if background is not None:
                numerator = np.bincount(background.flat_nz, weights=background.load_nz * quotient,
                                        minlength=bg_rate.size).reshape(bg_rate.shape)
                bg_rate *= (numerator / np.maximum(background.group_load, _EPS)[:, None]).astype(np.float32)
            # alternate: W's step uses the new H (measured: converges in fewer passes than simultaneous steps)
            approx = _kl_approx(counts, cols, W, np.ascontiguousarray(H.T), background)
            ratio = sp.csr_matrix((data / approx, cols, indptr), shape=shape)
            w_step = np.asarray(ratio @ H.T) / np.maximum(H.sum(axis=1), _EPS)[None, :]
        W *= w_step
    return W, H, bg_rate, n_iter


# ----------------------------------------------------------------------------------------------------------
# the model


class TopicModel(TransformerMixin, BaseEstimator):
    """NMF or LDA topic model over a document-term matrix, with optional seeded topics.

    Parameters
    ----------
    n_topics : int
        Number of topics k.
    method : {"nmf", "lda"}
        Non-negative matrix factorisation or scikit-learn's variational LDA (on raw counts).
    nmf_loss : {"kullback-leibler", "frobenius"}
        NMF's loss: generalised Kullback-Leibler divergence on raw counts (the default, equivalent to PLSA
        and the most coherent on transcripts; this module's own multiplicative updates over the non-zeros in
        float32) or Frobenius on sublinear, l2-normalised tf-idf (scikit-learn's coordinate descent).
    background : bool
        Kullback-Leibler NMF only: add a background topic whose loading in every unit is fixed to the unit's
        length and whose word rates are learned. Words used at the same rate whatever a unit is about
        (template phrases, reporting verbs, the corpus's ubiquitous names) are explained by it and stay out
        of the k topics, which then hold what distinguishes units. It is not one of the k topics and is not
        in ``transform``; its words are ``background_``, its share of all tokens ``background_share_``.
    seeds : mapping of str to sequence of str or int, optional
        Seed topics: name to seed terms (looked up in ``feature_names`` given to :meth:`fit`) or column
        indices. At most ``n_topics`` seeds; the remaining topics are free.
    seed_strength : float
        Each seed topic adds one pseudo-document holding its seed words, each with ``seed_strength`` times
        its weight in the corpus (count, or tf-idf for the Frobenius loss). The pseudo-document ties the
        seed words together without inflating rare ones; seed words enter the model as data, so they guide
        but do not force a topic. For NMF the seeded topics also start at their seed words (custom
        initialisation). The pseudo-documents are not part of ``transform`` or of any measure.
    doc_topic_prior, topic_word_prior : float, optional
        LDA's Dirichlet priors (default ``1/k`` and ``1/k`` as in scikit-learn).
    max_iter : int, optional
        Iterations (default 100 for Kullback-Leibler NMF, 200 for Frobenius NMF, 10 for LDA).
    tol : float, optional
        Kullback-Leibler NMF stops when the divergence falls by less than ``tol`` (relative) over 10
        iterations (default 5e-3: on the Kremlin paragraphs NPMI rises steeply to about 40 iterations, where
        this tolerance stops, and gains under 0.01 after; see ``bench/topics.py``);
        Frobenius NMF passes it to scikit-learn (default 1e-4).
    transform_iter : int
        Kullback-Leibler NMF: fixed number of multiplicative updates of the unit loadings in
        :meth:`transform` (a fixed count keeps each unit's shares independent of the batch).
    learning_method : {"batch", "online"}
        LDA's learning method.
    random_state : int
        Seed of the initialisation.

    Attributes
    ----------
    components_ : ndarray of shape (n_topics, n_features)
        Topic-word weights, seeded topics first in seed order, then free topics by overall prevalence.
    topic_word_ : ndarray of shape (n_topics, n_features)
        ``components_`` normalised to probabilities per topic.
    background_ : ndarray of shape (n_features,) or None
        Word distribution of the background topic (Kullback-Leibler NMF with ``background=True``).
    background_share_ : float
        Share of the corpus's tokens the background topic explains (0 without it).
    topic_names_ : ndarray of str
        Seed names for seeded topics, ``topic_NN`` for free ones.
    seeded_ : ndarray of bool
        Whether each topic is seeded.
    seed_coverage_ : dict
        Per seed: number of its terms found in the vocabulary and those missing.
    seed_drift_ : dict
        Per seeded topic (:func:`seed_drift`): ``in_top`` (its seed terms among its ``top_n`` words),
        ``top_n``, ``n_seed_terms`` and ``drifted`` (the topic has turned into something else).
    feature_names_ : ndarray or None
        The terms given to :meth:`fit`.
    n_features_in_ : int
    """

    def __init__(
        self,
        n_topics: int = 10,
        method: str = "nmf",
        nmf_loss: str = "kullback-leibler",
        seeds: Mapping[str, Sequence] | None = None,
        background: bool = True,
        seed_strength: float = 0.5,
        doc_topic_prior: float | None = None,
        topic_word_prior: float | None = None,
        max_iter: int | None = None,
        tol: float | None = None,
        transform_iter: int = 50,
        learning_method: str = "batch",
        random_state: int = config.DEFAULT_SEED,
    ):
        self.n_topics = n_topics
        self.method = method
        self.nmf_loss = nmf_loss
        self.seeds = seeds
        self.background = background
        self.seed_strength = seed_strength
        self.doc_topic_prior = doc_topic_prior
        self.topic_word_prior = topic_word_prior
        self.max_iter = max_iter
        self.tol = tol
        self.transform_iter = transform_iter
        self.learning_method = learning_method
        self.random_state = random_state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.positive_only = True
        tags.input_tags.sparse = True
        return tags

    # -- helpers
    def _check_params(self) -> None:
        if self.method not in METHODS:
            raise ParameterError(f"method must be one of {', '.join(METHODS)}, not {self.method!r}")
        if self.nmf_loss not in ("kullback-leibler", "frobenius"):
            raise ParameterError(f"nmf_loss must be 'kullback-leibler' or 'frobenius', not {self.nmf_loss!r}")
        if not isinstance(self.n_topics, int | np.integer) or self.n_topics < 1:
            raise ParameterError(f"n_topics must be a positive integer, not {self.n_topics!r}")
        if self.seed_strength < 0:
            raise ParameterError(f"seed_strength must be >= 0, not {self.seed_strength}")
        if self.seeds and len(self.seeds) > self.n_topics:
            raise ParameterError(f"{len(self.seeds)} seed topics but only n_topics={self.n_topics}")
        if self.max_iter is not None and (not isinstance(self.max_iter, int | np.integer) or self.max_iter < 1):
            raise ParameterError(f"max_iter must be a positive integer, not {self.max_iter!r}")
        if self.tol is not None and self.tol < 0:
            raise ParameterError(f"tol must be >= 0, not {self.tol}")
        if not isinstance(self.transform_iter, int | np.integer) or self.transform_iter < 1:
            raise ParameterError(f"transform_iter must be a positive integer, not {self.transform_iter!r}")

    def _seed_columns(self, feature_names, n_features) -> dict[str, np.ndarray]:
        self.seed_coverage_ = {}
        if not self.seeds:
            return {}
        lookup = {str(t): i for i, t in enumerate(feature_names)} if feature_names is not None else {}
        columns = {}
        for name, terms in self.seeds.items():
            found, missing = [], []
            for term in terms:
                if isinstance(term, int | np.integer) and 0 <= int(term) < n_features:
                    found.append(int(term))
                elif str(term) in lookup:
                    found.append(lookup[str(term)])
                else:
                    missing.append(str(term))
            self.seed_coverage_[str(name)] = {"found": len(set(found)), "missing": missing}
            if found:
                columns[str(name)] = np.unique(found)
            else:
                warnings.warn(f"seed topic {name!r}: none of its terms is in the vocabulary; it stays free",
                              stacklevel=3)
        return columns

    @property
    def _tfidf(self) -> bool:
        return self.method == "nmf" and self.nmf_loss == "frobenius"

    @property
    def _kl(self) -> bool:
        return self.method == "nmf" and self.nmf_loss == "kullback-leibler"

    def _weight(self, X):
        if self._tfidf:  # sublinear term frequency log(1 + tf), idf, l2 rows
            X = sp.csr_matrix(X, dtype=X.dtype).log1p() if sp.issparse(X) else np.log1p(X)
            return self.tfidf_.transform(X)
        return X

    def fit(self, X, y=None, feature_names=None, groups=None):
        """Fit the topic model.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_units, n_features)
            Non-negative document-term counts.
        y : ignored
        feature_names : sequence of str, optional
            Term of each column, needed when seeds are given as words.
        groups : sequence, optional
            Kullback-Leibler NMF with ``background=True``: a group per unit (e.g. its source) so that each
            group gets its own background topic (a source's boilerplate: sign-offs, greetings, template
            phrases). ``None``: one background for the corpus.

        Returns
        -------
        self
        """
        self._check_params()
        X = validate_data(self, X, accept_sparse="csr", dtype=[np.float64, np.float32], reset=True)
        check_non_negative(X, "TopicModel.fit")
        if sp.issparse(X):
            X = X.tocsr()
        n_samples, n_features = X.shape
        k = int(self.n_topics)
        self.feature_names_ = None if feature_names is None else np.asarray(feature_names, dtype=object)
        if self.feature_names_ is not None and len(self.feature_names_) != n_features:
            raise ParameterError(f"{len(self.feature_names_)} feature names for {n_features} columns")
        seed_cols = self._seed_columns(self.feature_names_, n_features)
        rng = np.random.default_rng(self.random_state)
        if self._tfidf:
            self.tfidf_ = TfidfTransformer().fit(X)
        Xw = self._weight(X)
        pseudo = self._pseudo_documents(Xw, seed_cols, n_features)
        data = sp.vstack([sp.csr_matrix(Xw), pseudo]).tocsr() if pseudo is not None else Xw
        self.background_, self.background_share_, self._bg_rate = None, 0.0, None
        self.background_groups_ = self._fit_loadings = None
        if groups is not None and len(groups) != n_samples:
            raise ParameterError(f"{len(groups)} groups for {n_samples} rows")
        if self._kl:
            model, raw = None, self._fit_kl(data, seed_cols, rng, n_samples, groups)
        elif self.method == "nmf":
            model = NMF(n_components=k, init="custom", solver="cd", beta_loss="frobenius",
                        max_iter=self.max_iter or 200, tol=1e-4 if self.tol is None else self.tol,
                        random_state=self.random_state)
            W0, H0 = self._nmf_init(data, seed_cols, rng)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", category=UserWarning)
                model.fit(data, W=W0, H=H0)
        else:
            if self.learning_method not in ("batch", "online"):
                raise ParameterError(f"learning_method must be 'batch' or 'online', not {self.learning_method!r}")
            model = LatentDirichletAllocation(
                n_components=k, doc_topic_prior=self.doc_topic_prior, topic_word_prior=self.topic_word_prior,
                learning_method=self.learning_method, max_iter=self.max_iter or 10,
                random_state=self.random_state, evaluate_every=-1,
            )
            model.fit(data)
        self.model_ = model
        if model is not None:
            raw = np.asarray(model.components_, dtype=float)
            self.n_iter_ = int(getattr(model, "n_iter_", 0))
        # Name and order topics: seeds matched one-to-one (Hungarian), free topics by prevalence.
        order, names, seeded = self._order_topics(raw, seed_cols, X, groups)
        self._fit_loadings = None
        self.components_ = raw[order]
        self.order_ = np.asarray(order)
        self.topic_names_ = np.asarray(names, dtype=object)
        self.seeded_ = np.asarray(seeded, dtype=bool)
        self.seed_drift_ = seed_drift(self.components_, seed_cols)
        sums = self.components_.sum(axis=1, keepdims=True)
        self.topic_word_ = np.divide(self.components_, sums, out=np.zeros_like(self.components_), where=sums > 0)
        return self

    def _fit_kl(self, data, seed_cols, rng, n_samples, groups) -> np.ndarray:
        """Kullback-Leibler NMF (float32) with the optional background topics; returns the topic-word rates."""
        data = sp.csr_matrix(data, dtype=np.float32)
        data.sum_duplicates()
        W, H = self._nmf_init(data, seed_cols, rng)
        bg_load = bg_group = bg_rate = None
        if self.background:
            names, codes = (np.array(["all"], dtype=object), np.zeros(n_samples, dtype=np.int64)) \
                if groups is None else _group_codes(groups)
            bg_group = np.zeros(data.shape[0], dtype=np.int64)
            bg_group[:n_samples] = codes
            bg_load = np.asarray(data.sum(axis=1), dtype=np.float32).ravel()
            bg_load[n_samples:] = 0.0  # seed pseudo-documents carry no background
            # start: each group's background explains half of the group's tokens at the group's word rates
            mass = np.zeros((len(names), data.shape[1]), dtype=np.float32)
            for g in range(len(names)):
                mass[g] = np.asarray(data[:n_samples][codes == g].sum(axis=0), dtype=np.float32).ravel()
            bg_rate = (_BG_START * mass / np.maximum(mass.sum(axis=1, keepdims=True), _EPS)).astype(np.float32)
            self.background_groups_ = names
        tol = 5e-3 if self.tol is None else float(self.tol)
        W, H, bg_rate, self.n_iter_ = _kl_nmf(data, W, H, bg_load, bg_group, bg_rate, self.max_iter or 100, tol)
        self._kl_rates = H
        self._fit_loadings = W[:n_samples]  # for ordering the free topics, then dropped
        if bg_rate is not None:
            load = np.bincount(bg_group[:n_samples], weights=bg_load[:n_samples], minlength=len(bg_rate))
            self._bg_rate = bg_rate
            pooled = (load @ bg_rate.astype(float)) / max(float(load.sum()), _EPS)  # rate per token, corpus-wide
            self._bg_pooled = np.asarray(pooled, dtype=np.float32)[None, :]
            self.background_ = pooled / max(float(pooled.sum()), _EPS)
            tokens = float(data[:n_samples].sum())
            self.background_share_ = float(load @ bg_rate.sum(axis=1)) / max(tokens, _EPS)
        return np.asarray(H, dtype=float)

    def _kl_transform(self, X, groups=None) -> np.ndarray:
        """Unit loadings under fixed topic-word rates: ``transform_iter`` updates from an even start.

        Units of a group seen in :meth:`fit` use that group's background; other units (or all, when
        ``groups`` is None) use the corpus-wide background (group rates pooled by token).
        """
        X = sp.csr_matrix(X, dtype=np.float32)
        X.sum_duplicates()
        H = np.ascontiguousarray(self._kl_rates, dtype=np.float32)
        lengths = np.asarray(X.sum(axis=1), dtype=np.float32).ravel()
        bg_load = bg_group = rate = None
        if self._bg_rate is not None:
            bg_load = lengths
            rate = np.vstack([self._bg_rate, self._bg_pooled])
            pooled = len(self._bg_rate)
            bg_group = np.full(X.shape[0], pooled, dtype=np.int64)
            if groups is not None:
                if len(groups) != X.shape[0]:
                    raise ParameterError(f"{len(groups)} groups for {X.shape[0]} rows")
                index = {name: g for g, name in enumerate(self.background_groups_)}
                bg_group = np.array([index.get(_group_key(v), pooled) for v in groups], dtype=np.int64)
        topic_mass = np.maximum(H.sum(axis=1), _EPS)
        W = (lengths[:, None] / (H.shape[0] + 1) / topic_mass[None, :]).astype(np.float32)
        W, _, _, _ = _kl_nmf(X, W, H, bg_load, bg_group, rate, int(self.transform_iter), 0.0, update_h=False)
        return np.asarray(W, dtype=float)

    def _pseudo_documents(self, Xw, seed_cols, n_features):
        if not seed_cols or self.seed_strength <= 0:
            return None
        column_mass = np.asarray(Xw.sum(axis=0)).ravel()
        rows = []
        for cols in seed_cols.values():
            row = np.zeros(n_features)
            row[cols] = self.seed_strength * column_mass[cols]
            rows.append(row)
        return sp.csr_matrix(np.vstack(rows))

    def _nmf_init(self, data, seed_cols, rng):
        """Random initialisation as scikit-learn's ``init="random"``; seeded topics start at their words."""
        n_samples, n_features = data.shape
        k = int(self.n_topics)
        avg = np.sqrt(max(float(data.mean()), 1e-12) / k)
        H = avg * np.abs(rng.standard_normal((k, n_features)))
        W = avg * np.abs(rng.standard_normal((n_samples, k)))
        for t, cols in enumerate(seed_cols.values()):
            H[t] *= 0.1
            H[t, cols] = H[t].max() + avg
        return np.ascontiguousarray(W, dtype=data.dtype), np.ascontiguousarray(H, dtype=data.dtype)

    def _order_topics(self, raw, seed_cols, X, groups=None):
        k = raw.shape[0]
        names = [None] * k
        seeded = [False] * k
        taken = []
        if seed_cols:
            indicator = np.zeros((len(seed_cols), raw.shape[1]))
            for i, cols in enumerate(seed_cols.values()):
                indicator[i, cols] = 1.0
            rows, columns, _ = match_topics(indicator, raw)
            by_seed = dict(zip(rows, columns, strict=True))
            taken = [int(by_seed[i]) for i in range(len(seed_cols))]
        free = [t for t in range(k) if t not in taken]
        if free:
            loadings = getattr(self, "_fit_loadings", None)
            if loadings is not None:  # KL-NMF: the fitted loadings, scaled to shares
                raw_theta = np.asarray(loadings, dtype=float)
                sums = raw_theta.sum(axis=1, keepdims=True)
                raw_theta = np.divide(raw_theta, sums, out=np.zeros_like(raw_theta), where=sums > 0)
            else:
                raw_theta = self._raw_shares(X, groups)
            shares = raw_theta[:, free].sum(axis=0)
            free = [free[i] for i in np.argsort(-shares, kind="stable")]
        order = taken + free
        seed_names = list(seed_cols)
        for position in range(k):
            if position < len(taken):
                names[position], seeded[position] = seed_names[position], True
            else:
                names[position] = f"topic_{position + 1:02d}"
        return order, names, seeded

    def _raw_shares(self, X, groups=None):
        if self.model_ is None:
            theta = self._kl_transform(X, groups)
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", category=UserWarning)  # NMF's ConvergenceWarning
                theta = np.asarray(self.model_.transform(self._weight(X)), dtype=float)
        sums = theta.sum(axis=1, keepdims=True)
        return np.divide(theta, sums, out=np.zeros_like(theta), where=sums > 0)

    def transform(self, X, groups=None):
        """Topic shares of each unit (rows sum to 1; all-zero rows stay zero).

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_units, n_features)
        groups : sequence, optional
            Background group of each unit (as in :meth:`fit`); unseen groups and ``None`` use the
            corpus-wide background. Ignored without background topics.

        Returns
        -------
        ndarray of shape (n_units, n_topics)
        """
        check_is_fitted(self, "components_")
        X = validate_data(self, X, accept_sparse="csr", dtype=[np.float64, np.float32], reset=False)
        check_non_negative(X, "TopicModel.transform")
        return self._raw_shares(X, groups)[:, self.order_]

    def get_feature_names_out(self, input_features=None):
        """Output column names: the topic names."""
        check_is_fitted(self, "components_")
        return np.asarray(self.topic_names_, dtype=object)


# ----------------------------------------------------------------------------------------------------------
# text-level fitting


SEED_DRIFT_TOP_N = 20
SEED_DRIFT_RULE = (
    f"a seeded topic has drifted from its seeds when fewer than two of its seed terms (its only one, if it has "
    f"one) are among its {SEED_DRIFT_TOP_N} top words; its default label is then its top words, "
    f"'(drifted from seed NAME)'"
)


def seed_drift(components: np.ndarray, seed_columns: Mapping[str, np.ndarray],
               top_n: int = SEED_DRIFT_TOP_N) -> dict[str, dict]:
    """Whether each seeded topic still is about its seeds (:data:`SEED_DRIFT_RULE`).

    Parameters
    ----------
    components : ndarray of shape (n_topics, n_features)
        Topic-word weights with the seeded topics first, in the order of ``seed_columns``.
    seed_columns : mapping of str to array of int
        Each seed's term columns (only seeds with terms in the vocabulary, which are the seeded topics).
    top_n : int
        Top words of a topic searched for its seed terms.

    Returns
    -------
    dict
        Seed name -> ``{"in_top", "top_n", "n_seed_terms", "drifted"}``.
    """
    top = np.argsort(-np.asarray(components, dtype=float), axis=1, kind="stable")[:, :top_n]
    drift = {}
    for position, (name, columns) in enumerate(seed_columns.items()):
        in_top = int(np.isin(top[position], columns).sum())
        drift[str(name)] = {"in_top": in_top, "top_n": int(top_n), "n_seed_terms": int(len(columns)),
                            "drifted": bool(in_top < min(2, len(columns)))}
    return drift


@dataclass
class TopicFit:
    """A fitted vectoriser and model on a units table, with the matrices they produced."""

    units: pd.DataFrame
    vectorizer: TopicVectorizer
    model: TopicModel
    X: sp.csr_matrix
    theta: np.ndarray
    fit_seconds: float
    params: dict = field(default_factory=dict)

    @property
    def topics(self) -> list[str]:
        """Topic ids in column order."""
        return [str(t) for t in self.model.topic_names_]

    @property
    def feature_names(self) -> np.ndarray:
        """Display form of each term (surface word for stemmed terms)."""
        return np.asarray(self.vectorizer.display_names_, dtype=object)

    def doc_topics(self) -> pd.DataFrame:
        """Units with their topic shares: ``unit_id, doc_id, date, source, speaker, n_sentences, <topics>``."""
        return doc_topic_table(self.units, self.theta, self.topics)


def _check_units(units: pd.DataFrame) -> pd.DataFrame:
    missing = {"unit_id", "doc_id", "text"} - set(units.columns)
    if missing:
        raise ParameterError(f"units table lacks column(s) {sorted(missing)}")
    if len(units) < 2:
        raise ParameterError(f"topic models need at least 2 units, got {len(units)}")
    units = units.reset_index(drop=True).copy()
    for column in ("date", "source", "speaker"):
        if column not in units:
            units[column] = None
    if "n_sentences" not in units:
        units["n_sentences"] = 1
    return units


def background_groups(units: pd.DataFrame, column: str | None) -> np.ndarray | None:
    """The background group of each unit: its value of ``column`` (None when not given or absent)."""
    if not column or column not in units.columns:
        return None
    return units[column].to_numpy(dtype=object)


def vectorize_units(units: pd.DataFrame, **vectorizer_params) -> tuple[TopicVectorizer, sp.csr_matrix]:
    """Fit a :class:`TopicVectorizer` on ``units.text``; returns it and the count matrix."""
    vectorizer = TopicVectorizer(**vectorizer_params)
    X = vectorizer.fit_transform(units["text"].fillna("").astype(str).tolist())
    return vectorizer, X


def _resolve_seeds(seeds, vectorizer: TopicVectorizer) -> dict[str, list[str]] | None:
    if seeds is None or seeds is False:
        return None
    if isinstance(seeds, str | Path):
        seeds = load_seeds(seeds)
    return {name: vectorizer.normalise_terms(words) for name, words in seeds.items()}


def fit_topics(
    units: pd.DataFrame,
    n_topics: int = 12,
    method: str = "nmf",
    seeds: Mapping[str, Sequence[str]] | str | Path | None = None,
    seed_strength: float = 0.5,
    random_state: int = config.DEFAULT_SEED,
    vectorizer: TopicVectorizer | None = None,
    X: sp.csr_matrix | None = None,
    model_params: Mapping | None = None,
    background_by: str | None = "source",
    fitted: tuple[TopicModel, float] | None = None,
    **vectorizer_params,
) -> TopicFit:
    """Vectorise a units table and fit a :class:`TopicModel`.

    Parameters
    ----------
    units : DataFrame
        Units from :func:`warsignals.sentences.make_units` (``unit_id, doc_id, text`` at least).
    n_topics, method, seed_strength, random_state
        As in :class:`TopicModel`.
    seeds : mapping, path or None
        Seed topics, or a YAML file for :func:`load_seeds`.
    vectorizer, X : optional
        A vectoriser already fitted on ``units`` and its matrix (skips vectorising).
    model_params : mapping, optional
        Further :class:`TopicModel` parameters.
    background_by : str or None
        Units column whose values get their own background topic (Kullback-Leibler NMF; default
        ``"source"``: each source's boilerplate); ``None`` or a missing column: one corpus-wide background.
    fitted : (TopicModel, float), optional
        A model already fitted on ``X`` with these parameters, and its fit time (from :func:`select_k`'s
        ``fitted``): used instead of fitting the same model again.
    **vectorizer_params
        :class:`TopicVectorizer` parameters (``min_df``, ``max_df``, ``stem``, ...).

    Returns
    -------
    TopicFit
    """
    units = _check_units(units)
    if vectorizer is None or X is None:
        vectorizer, X = vectorize_units(units, **vectorizer_params)
    seed_terms = _resolve_seeds(seeds, vectorizer)
    groups = background_groups(units, background_by)
    if fitted is not None:
        model, seconds = fitted
    else:
        model = TopicModel(n_topics=n_topics, method=method, seeds=seed_terms, seed_strength=seed_strength,
                           random_state=random_state, **dict(model_params or {}))
        started = time.perf_counter()
        model.fit(X, feature_names=vectorizer.get_feature_names_out(), groups=groups)
        seconds = time.perf_counter() - started
    theta = model.transform(X, groups=groups)
    params = {"n_topics": int(n_topics), "method": method, "seed_strength": seed_strength,
              "random_state": int(random_state), "background_by": background_by,
              **vectorizer.get_params(deep=False)}
    params["stop_words"] = params["stop_words"] if isinstance(params["stop_words"], str | None) else "custom"
    return TopicFit(units=units, vectorizer=vectorizer, model=model, X=X, theta=theta, fit_seconds=seconds,
                    params=params)


def doc_topic_table(units: pd.DataFrame, theta: np.ndarray, topics: Sequence[str]) -> pd.DataFrame:
    """Wide table of topic shares per unit with the unit's keys and ``dominant_topic``."""
    keys = [c for c in UNIT_COLUMNS if c in units.columns]
    table = units[keys].reset_index(drop=True).copy()
    shares = pd.DataFrame(theta, columns=list(topics))
    table = pd.concat([table, shares], axis=1)
    table["dominant_topic"] = np.asarray(topics, dtype=object)[np.argmax(theta, axis=1)]
    table.loc[theta.sum(axis=1) == 0, "dominant_topic"] = None
    return table


# ----------------------------------------------------------------------------------------------------------
# quality and choosing k


def topic_quality(model: TopicModel, X, reference=None, top_n: int = 10, diversity_top_n: int = 25) -> dict:
    """Coherence (NPMI, UMass) per topic and overall, and diversity, of a fitted model.

    Parameters
    ----------
    model : TopicModel
        Fitted model.
    X : sparse matrix
        Count matrix the coherence is measured on (the corpus itself); ``reference`` overrides it.
    reference : sparse matrix, optional
        Another segmentation of the corpus over the same vocabulary (e.g. paragraphs).
    top_n : int
        Top words per topic for coherence.
    diversity_top_n : int
        Top words per topic for diversity.

    Returns
    -------
    dict
        ``coherence_npmi``, ``coherence_umass``, ``diversity`` (floats) and per-topic lists
        ``npmi_per_topic``, ``umass_per_topic``.
    """
    reference = X if reference is None else reference
    top = top_word_indices(model.components_, top_n)
    npmi = coherence_npmi(reference, top)
    umass = coherence_umass(reference, top)
    return {
        "coherence_npmi": float(npmi.mean()),
        "coherence_umass": float(umass.mean()),
        "diversity": topic_diversity(model.components_, diversity_top_n),
        "npmi_per_topic": npmi.tolist(),
        "umass_per_topic": umass.tolist(),
    }


def parse_k(value: str | int | Sequence[int]) -> list[int]:
    """Parse ``12``, ``"12"``, ``"5:30:5"`` (start:stop:step, stop included) or ``"6,8,10"`` into k values."""
    if isinstance(value, int | np.integer):
        ks = [int(value)]
    elif isinstance(value, str):
        text = value.strip()
        try:
            if ":" in text:
                parts = [int(p) for p in text.split(":")]
                if len(parts) not in (2, 3):
                    raise ValueError
                start, stop, step = (parts + [1])[:3]
                if step < 1:
                    raise ValueError
                ks = list(range(start, stop + 1, step))
            else:
                ks = [int(p) for p in text.split(",") if p.strip()]
        except ValueError as exc:
            raise ParameterError(f"k must be an integer, 'start:stop:step' or a comma list, not {value!r}") from exc
    else:
        ks = [int(v) for v in value]
    if not ks or min(ks) < 2:
        raise ParameterError(f"k values must be integers >= 2, got {value!r}")
    return sorted(set(ks))


def select_k(
    X,
    ks: Sequence[int],
    method: str = "nmf",
    n_runs: int = 3,
    seeds: Mapping[str, Sequence] | None = None,
    feature_names=None,
    seed_strength: float = 0.5,
    random_state: int = config.DEFAULT_SEED,
    top_n: int = 10,
    reference=None,
    model_params: Mapping | None = None,
    diversity_top_n: int = 25,
    groups=None,
    fitted: dict | None = None,
) -> pd.DataFrame:
    """Fit ``n_runs`` models per k (different random seeds) and measure them; never uses perplexity.

    Parameters
    ----------
    X : sparse matrix
        Document-term counts.
    ks : sequence of int
        Candidate numbers of topics.
    method, seeds, seed_strength, model_params
        As in :class:`TopicModel`.
    n_runs : int
        Runs per k; stability compares them (NaN with one run).
    feature_names : sequence of str, optional
        Needed for seeds given as words.
    random_state : int
        Run ``r`` uses ``random_state + r``.
    top_n : int
        Top words per topic for coherence.
    reference : sparse matrix, optional
        Co-occurrence reference for coherence (default ``X``).
    diversity_top_n : int
        Top words per topic for diversity.
    groups : sequence, optional
        Background group per row (:meth:`TopicModel.fit`).
    fitted : dict, optional
        When given, receives ``k -> (model, seconds)`` of the run with ``random_state`` for every k: the model
        :func:`fit_report` would otherwise fit again for the chosen k (:func:`fit_topics` takes it).

    Returns
    -------
    DataFrame
        ``k, coherence_npmi, coherence_umass, diversity, stability, background_share, fit_seconds,
        coherence_npmi_runs, diversity_runs``: coherence and diversity of the run with ``random_state`` (the
        model :func:`fit_report` fits and reports for that k, so ``selection.csv`` and ``metrics.json`` agree),
        their means over the ``n_runs`` runs (``*_runs``, what :func:`recommend_k` scores), and the mean share
        of tokens given to the background topic.
    """
    if n_runs < 1:
        raise ParameterError(f"n_runs must be at least 1, not {n_runs}")
    rows = []
    for k in ks:
        runs, quality, seconds, background = [], [], [], []
        for run in range(n_runs):
            model = TopicModel(n_topics=int(k), method=method, seeds=seeds, seed_strength=seed_strength,
                               random_state=int(random_state) + run, **dict(model_params or {}))
            started = time.perf_counter()
            model.fit(X, feature_names=feature_names, groups=groups)
            seconds.append(time.perf_counter() - started)
            if fitted is not None and run == 0:
                fitted[int(k)] = (model, seconds[-1])
            runs.append(model.components_)
            background.append(model.background_share_)
            quality.append(topic_quality(model, X, reference=reference, top_n=top_n,
                                          diversity_top_n=diversity_top_n))
        rows.append({
            "k": int(k),
            "coherence_npmi": float(quality[0]["coherence_npmi"]),
            "coherence_umass": float(quality[0]["coherence_umass"]),
            "diversity": float(quality[0]["diversity"]),
            "stability": topic_stability(runs),
            "background_share": float(np.mean(background)),
            "fit_seconds": float(np.mean(seconds)),
            "coherence_npmi_runs": float(np.mean([q["coherence_npmi"] for q in quality])),
            "diversity_runs": float(np.mean([q["diversity"] for q in quality])),
        })
    return pd.DataFrame(rows, columns=SELECTION_COLUMNS)


SELECTION_COLUMNS = ["k", "coherence_npmi", "coherence_umass", "diversity", "stability", "background_share",
                     "fit_seconds", "coherence_npmi_runs", "diversity_runs"]


RECOMMEND_RULE = (
    "score = NPMI coherence (0 when negative) x diversity x stability, each on its own absolute scale and "
    "averaged over the runs of a k (stability left out when not measured); recommend the k with the highest "
    "score (the smaller k on a tie within 0.5% of it; the highest NPMI if no k has a positive NPMI). No "
    "criterion is rescaled over the candidate range, so a k's score does not depend on the other candidates"
)


def recommend_k(selection: pd.DataFrame) -> tuple[int, pd.DataFrame]:
    """Recommend a number of topics from a :func:`select_k` table by :data:`RECOMMEND_RULE`.

    NPMI and diversity are means over the runs of each k (``coherence_npmi_runs``, ``diversity_runs``) when
    the table has them, else ``coherence_npmi`` and ``diversity``. The score is a product of quantities on
    fixed scales, not of values min-max scaled over the range, which would give the candidates at the ends of
    the range a 0 or a 1 on every monotone criterion and make the choice depend on the other candidates.

    Returns
    -------
    k, table : int, DataFrame
        The recommended k and the selection table with a ``score`` column added.
    """
    if selection.empty:
        raise ParameterError("the selection table is empty")
    table = selection.copy()
    npmi = table["coherence_npmi_runs" if "coherence_npmi_runs" in table else "coherence_npmi"].astype(float)
    diversity = table["diversity_runs" if "diversity_runs" in table else "diversity"].astype(float)
    score = npmi.clip(lower=0.0) * diversity
    if table["stability"].notna().all():
        score = score * table["stability"].astype(float)
    table["score"] = score
    best = float(score.max())
    if best <= 0:
        return int(table.loc[npmi.idxmax(), "k"]), table
    k = int(table.loc[table["score"] >= best * (1 - 0.005), "k"].min())
    return k, table


def compare_units(
    sentences: pd.DataFrame,
    units: Sequence[str] = ("document", "paragraph", "window"),
    n_topics: int = 8,
    method: str = "nmf",
    window: int = 5,
    reference: str = "paragraph",
    random_state: int = config.DEFAULT_SEED,
    top_n: int = 10,
    **vectorizer_params,
) -> pd.DataFrame:
    """Fit the same model on different unit kinds and measure coherence on one common reference segmentation.

    Coherence measured on each unit's own co-occurrences favours long units (everything co-occurs in a
    long document), so every model's top words are scored on the same reference units (paragraphs by
    default) vectorised with that model's own vectoriser.

    Returns
    -------
    DataFrame
        ``unit, n_units, n_terms, coherence_npmi, coherence_umass, diversity, fit_seconds``.
    """
    from warsignals.sentences import make_units

    reference_units = make_units(sentences, reference, window=window)
    rows = []
    for unit in units:
        table = make_units(sentences, unit, window=window)
        fit = fit_topics(table, n_topics=n_topics, method=method, random_state=random_state, **vectorizer_params)
        ref = fit.vectorizer.transform(reference_units["text"].fillna("").tolist())
        quality = topic_quality(fit.model, fit.X, reference=ref, top_n=top_n)
        rows.append({"unit": unit, "n_units": len(table), "n_terms": len(fit.vectorizer.feature_names_),
                     "coherence_npmi": quality["coherence_npmi"], "coherence_umass": quality["coherence_umass"],
                     "diversity": quality["diversity"], "fit_seconds": fit.fit_seconds})
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------------------------------------
# describing topics: terms, FREX, labels, examples


def default_labels(fit: TopicFit, n_words: int = 3) -> pd.DataFrame:
    """Label table ``topic, label``: seed names for seeded topics, top words for free ones.

    A seeded topic that has drifted from its seeds (:data:`SEED_DRIFT_RULE`) is labelled by its top words
    followed by ``(drifted from seed 'NAME')``: its name alone would say what it no longer is.
    """
    top = top_word_indices(fit.model.components_, n_words)
    names = fit.feature_names
    drift = getattr(fit.model, "seed_drift_", {})
    labels = []
    for index, topic in enumerate(fit.topics):
        words = " / ".join(str(names[j]).replace("_", " ") for j in top[index])
        if fit.model.seeded_[index] and drift.get(topic, {}).get("drifted"):
            labels.append(f"{words} (drifted from seed '{topic}')")
        else:
            labels.append(topic.replace("_", " ") if fit.model.seeded_[index] else words)
    return pd.DataFrame({"topic": fit.topics, "label": labels})


def read_labels(path: str | Path, topics: Sequence[str] | None = None) -> pd.DataFrame:
    """Read an edited label table (CSV ``topic,label``); topics it lacks keep their id as label.

    Parameters
    ----------
    path : str or Path
        The CSV file.
    topics : sequence of str, optional
        Topic ids of the current model, to complete the table and reject unknown ids.
    """
    path = Path(path)
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the label table ({exc})") from exc
    if not {"topic", "label"} <= set(table.columns):
        raise InputError(f"{path} line 1: the label table needs columns 'topic' and 'label'")
    duplicated = table["topic"].duplicated()
    if duplicated.any():
        line = int(np.flatnonzero(duplicated.to_numpy())[0]) + 2
        raise InputError(f"{path} line {line}: topic {table['topic'][line - 2]!r} is listed twice")
    table = table[["topic", "label"]]
    if topics is not None:
        table = pd.DataFrame({"topic": list(topics)}).merge(table, on="topic", how="left")
        table["label"] = table["label"].where(table["label"].fillna("").str.strip() != "", table["topic"])
    return table.reset_index(drop=True)


def merge_labels(defaults: pd.DataFrame, path: str | Path | None) -> pd.DataFrame:
    """Labels from ``path`` where it names a topic (and the label is not empty), defaults elsewhere."""
    if path is None or not Path(path).exists():
        return defaults.copy()
    edited = read_labels(path)
    merged = defaults.merge(edited.rename(columns={"label": "edited"}), on="topic", how="left")
    use = merged["edited"].fillna("").str.strip() != ""
    merged["label"] = merged["edited"].where(use, merged["label"])
    return merged[["topic", "label"]]


def topic_terms(fit: TopicFit, labels: pd.DataFrame | None = None, top_n: int = 10,
                frex_weight: float = 0.5) -> pd.DataFrame:
    """Top terms of every topic by weight and by FREX.

    Returns
    -------
    DataFrame
        ``topic, label, rank, term, weight, frex_rank, frex_term, frex`` (``rank`` 1 = heaviest); ``weight``
        is the term's probability in the topic.
    """
    labels = default_labels(fit) if labels is None else labels
    label_of = dict(zip(labels["topic"], labels["label"], strict=False))
    beta = fit.model.topic_word_
    by_weight = top_word_indices(beta, top_n)
    scores = frex(beta, frex_weight)
    by_frex = top_word_indices(scores, top_n)
    names = fit.feature_names
    rows = []
    for index, topic in enumerate(fit.topics):
        for rank in range(by_weight.shape[1]):
            j, f = by_weight[index, rank], by_frex[index, rank]
            rows.append((topic, label_of.get(topic, topic), rank + 1, names[j], float(beta[index, j]),
                         rank + 1, names[f], float(scores[index, f])))
    return pd.DataFrame(rows, columns=["topic", "label", "rank", "term", "weight", "frex_rank", "frex_term",
                                       "frex"])


def representative_units(fit: TopicFit, labels: pd.DataFrame | None = None, n: int = 3,
                         max_chars: int = 300, min_terms: int = 5) -> pd.DataFrame:
    """The units with the highest share of each topic, with dates, sources and a text excerpt.

    Units with fewer than ``min_terms`` vocabulary terms are skipped (a one-line unit can be 100% anything).

    Returns
    -------
    DataFrame
        ``topic, label, rank, unit_id, doc_id, date, source, speaker, share, text``.
    """
    labels = default_labels(fit) if labels is None else labels
    label_of = dict(zip(labels["topic"], labels["label"], strict=False))
    long_enough = np.asarray(fit.X.sum(axis=1)).ravel() >= min_terms
    rows = []
    for index, topic in enumerate(fit.topics):
        share = np.where(long_enough, fit.theta[:, index], -1.0)
        for rank, row in enumerate(np.argsort(-share, kind="stable")[:n]):
            if share[row] < 0:
                break
            unit = fit.units.iloc[row]
            text = str(unit["text"])
            rows.append((topic, label_of.get(topic, topic), rank + 1, unit["unit_id"], unit["doc_id"],
                         unit["date"], unit["source"], unit["speaker"], float(fit.theta[row, index]),
                         text if len(text) <= max_chars else text[: max_chars - 1] + "…"))
    return pd.DataFrame(rows, columns=["topic", "label", "rank", "unit_id", "doc_id", "date", "source", "speaker",
                                       "share", "text"])


# ----------------------------------------------------------------------------------------------------------
# over time


def topic_prevalence(
    doc_topics: pd.DataFrame,
    topics: Sequence[str],
    frequency: str = "month",
    by: Sequence[str] = (),
    n_boot: int = config.BOOTSTRAP_REPLICATES,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
    weight: str | None = "n_sentences",
) -> pd.DataFrame:
    """Topic prevalence per period (and group) with document-clustered intervals.

    Each unit's topic shares are weighted by its number of sentences, so a topic's prevalence is its
    expected share of the period's sentences; intervals resample documents within each period
    (:func:`warsignals.timeseries.bootstrap_ratio`).

    Parameters
    ----------
    doc_topics : DataFrame
        From :meth:`TopicFit.doc_topics` (``doc_id, date`` and one column per topic).
    topics : sequence of str
        Topic columns.
    frequency : {"week", "month", "quarter", "year"}
        Period length.
    by : sequence of str
        Extra grouping columns, e.g. ``["source"]`` or ``["speaker"]``.
    n_boot, confidence, seed
        Bootstrap settings.
    weight : str or None
        Unit weight column (``None`` weighs units equally).

    Returns
    -------
    DataFrame
        ``period, *by, topic, share, lo, hi, n_docs, n_units, denominator, interval`` (``denominator``: the
        period's summed unit weights, i.e. its sentences with the default weight; ``interval``: the method, see
        :func:`warsignals.timeseries.bootstrap_ratio`).
    """
    from warsignals.timeseries import assign_period, bootstrap_ratio

    topics = [str(t) for t in topics]
    missing = {"doc_id", "date", *topics, *by} - set(doc_topics.columns)
    if missing:
        raise ParameterError(f"doc-topic table lacks column(s) {sorted(missing)}")
    frame = doc_topics[["doc_id", "date", *by]].copy()
    frame["period"] = assign_period(doc_topics["date"], frequency)
    frame = frame[frame["period"].notna()]
    w = doc_topics.loc[frame.index, weight].astype(float) if weight else pd.Series(1.0, index=frame.index)
    numerators = []
    for number, topic in enumerate(topics):
        column = f"__t{number}"
        frame[column] = doc_topics.loc[frame.index, topic].astype(float) * w
        numerators.append(column)
    frame["__w"] = w
    result = bootstrap_ratio(frame, numerators, denominator="__w", by=["period", *by], cluster="doc_id",
                             n_boot=n_boot, confidence=confidence, seed=seed)
    result["topic"] = result["series"].map(dict(zip(numerators, topics, strict=True)))
    result = result.rename(columns={"value": "share"})
    columns = ["period", *by, "topic", "share", "lo", "hi", "n_docs", "n_units", "denominator", "interval"]
    return result[columns].sort_values(["topic", "period", *by], kind="stable").reset_index(drop=True)


def topic_terms_by_period(fit: TopicFit, topic: str, frequency: str = "year", top_n: int = 10) -> pd.DataFrame:
    """A topic's heaviest terms in each period: term counts weighted by the units' share of the topic.

    Returns
    -------
    DataFrame
        ``period, topic, rank, term, weight`` with ``weight`` the term's share of the topic's weighted term
        mass in that period.
    """
    from warsignals.timeseries import assign_period

    if topic not in fit.topics:
        raise ParameterError(f"unknown topic {topic!r}; topics are {', '.join(fit.topics)}")
    index = fit.topics.index(topic)
    periods = assign_period(fit.units["date"], frequency)
    names = fit.feature_names
    rows = []
    for period in sorted(periods.dropna().unique()):
        mask = (periods == period).to_numpy()
        weighted = np.asarray(fit.X[mask].T @ fit.theta[mask, index]).ravel()
        total = weighted.sum()
        if total <= 0:
            continue
        for rank, j in enumerate(np.argsort(-weighted, kind="stable")[:top_n]):
            rows.append((period, topic, rank + 1, names[j], float(weighted[j] / total)))
    return pd.DataFrame(rows, columns=["period", "topic", "rank", "term", "weight"])


# ----------------------------------------------------------------------------------------------------------
# known answers (planted truth)


def topic_recovery(fit: TopicFit, planted_terms: pd.DataFrame) -> pd.DataFrame:
    """Best one-to-one match between planted and found topic-word distributions (cosine similarity).

    Planted terms are mapped into the model's term space (``_`` joins, stems); planted terms missing from the
    vocabulary still count in the planted vector's norm, so dropping words costs similarity. Topics are
    matched (Hungarian) on the full cosine over the whole vocabulary. The planted distributions cover only
    the planted topic terms, while real text around them (template sentences, stance phrases) also enters
    the found topics, so a second similarity, ``cosine_planted``, compares the matched pair on the union of
    all planted terms only: it asks whether the found topic ranks the planted terms of its topic as planted
    and leaves the other topics' terms out, whatever else it contains.

    Parameters
    ----------
    fit : TopicFit
    planted_terms : DataFrame
        ``topic, term, weight`` (e.g. ``warsignals.demo`` ``topic_terms``).

    Returns
    -------
    DataFrame
        ``planted_topic, found_topic, cosine, cosine_planted, vocabulary_coverage`` (share of planted weight
        in the vocabulary).
    """
    vocab = {str(t): i for i, t in enumerate(fit.vectorizer.get_feature_names_out())}
    planted_topics = list(dict.fromkeys(planted_terms["topic"]))
    n_features = len(vocab)
    rows = np.zeros((len(planted_topics), n_features + 1))  # last column collects missing mass
    for i, topic in enumerate(planted_topics):
        part = planted_terms[planted_terms["topic"] == topic]
        terms = fit.vectorizer.normalise_terms(part["term"].astype(str))
        for term, w in zip(terms, part["weight"].astype(float), strict=True):
            j = vocab.get(term, n_features)
            rows[i, j] += w
    coverage = rows[:, :n_features].sum(axis=1) / np.maximum(rows.sum(axis=1), 1e-300)
    found = np.hstack([fit.model.topic_word_, np.zeros((fit.model.topic_word_.shape[0], 1))])
    r, c, sims = match_topics(rows, found)
    on_planted = rows.sum(axis=0) > 0  # union of planted terms (and the missing-mass column)
    restricted = topic_similarity(rows[:, on_planted], found[:, on_planted])
    return pd.DataFrame({
        "planted_topic": [planted_topics[i] for i in r],
        "found_topic": [fit.topics[j] for j in c],
        "cosine": sims,
        "cosine_planted": restricted[r, c],
        "vocabulary_coverage": coverage[r],
    })


def prevalence_recovery(prevalence: pd.DataFrame, planted_curves: pd.DataFrame,
                        mapping: pd.DataFrame) -> pd.DataFrame:
    """Correlation over periods between planted and estimated topic prevalence.

    Parameters
    ----------
    prevalence : DataFrame
        From :func:`topic_prevalence` (``period, topic, share``).
    planted_curves : DataFrame
        ``series, group, period, value`` with ``series == "topic_share"`` and ``group`` the planted topic.
    mapping : DataFrame
        ``planted_topic, found_topic`` (from :func:`topic_recovery`).

    Returns
    -------
    DataFrame
        ``planted_topic, found_topic, correlation, n_periods, mean_planted, mean_estimated``.
    """
    curves = planted_curves[planted_curves["series"] == "topic_share"]
    rows = []
    for planted, found in zip(mapping["planted_topic"], mapping["found_topic"], strict=True):
        truth = curves[curves["group"] == planted][["period", "value"]]
        estimate = prevalence[prevalence["topic"] == found][["period", "share"]]
        joined = truth.assign(period=pd.to_datetime(truth["period"])).merge(
            estimate.assign(period=pd.to_datetime(estimate["period"])), on="period").dropna()
        corr = float(np.corrcoef(joined["value"], joined["share"])[0, 1]) if len(joined) > 2 else float("nan")
        rows.append((planted, found, corr, len(joined), float(joined["value"].mean()),
                     float(joined["share"].mean())))
    return pd.DataFrame(rows, columns=["planted_topic", "found_topic", "correlation", "n_periods",
                                       "mean_planted", "mean_estimated"])


# ----------------------------------------------------------------------------------------------------------
# the whole analysis, as the CLI and the notebook run it


@dataclass
class TopicReport:
    """Everything :func:`fit_report` computed and the files it wrote."""

    fit: TopicFit
    selection: pd.DataFrame
    labels: pd.DataFrame
    terms: pd.DataFrame
    examples: pd.DataFrame
    doc_topics: pd.DataFrame
    prevalence: pd.DataFrame
    metrics: dict
    files: list[Path]


def fit_report(
    sentences: pd.DataFrame,
    out_dir: str | Path | None,
    model: str = "nmf",
    k: int | str | Sequence[int] = 12,
    unit: str = "paragraph",
    window: int = 5,
    step: int | None = None,
    seeds: str | Path | Mapping | None = config.TOPIC_SEEDS_FILE,
    seed_strength: float = 0.5,
    labels: str | Path | None = None,
    n_runs: int = 3,
    frequency: str = "month",
    by: str | None = None,
    n_boot: int = config.BOOTSTRAP_REPLICATES,
    confidence: float = config.CONFIDENCE_LEVEL,
    min_df: int | float = 5,
    max_df: int | float = 0.5,
    stem: bool = False,
    collocations: bool = True,
    seed: int = config.DEFAULT_SEED,
    documents: pd.DataFrame | None = None,
    top_n: int = 10,
    background_by: str | None = "source",
) -> TopicReport:
    """Units, vectorising, choosing k, fitting, labels, examples and prevalence; writes the tidy outputs.

    Parameters
    ----------
    sentences : DataFrame
        The sentences table (:func:`warsignals.sentences.split_sentences`).
    out_dir : path or None
        Where ``topics.csv``, ``topics_frex.csv``, ``topic_examples.csv``, ``topic_labels.csv``,
        ``doc_topics.parquet``, ``prevalence.csv`` (and ``prevalence_by_<by>.csv``), ``selection.csv`` and
        ``metrics.json`` go; ``None`` writes nothing.
    model, seed_strength
        As in :class:`TopicModel` (``method``).
    k : int, str or sequence of int
        A number of topics or candidates (``"5:30:5"``); with several, :func:`recommend_k` chooses.
    unit, window, step
        As in :func:`warsignals.sentences.make_units`.
    seeds : path, mapping or None
        Seed topics (YAML file or mapping); ``None`` for free topics only.
    labels : path, optional
        Edited label table; defaults to ``out_dir/topic_labels.csv`` when it exists.
    n_runs : int
        Runs per k for stability.
    frequency, by, n_boot, confidence
        Prevalence settings (:func:`topic_prevalence`); ``by`` is ``"source"`` or ``"speaker"``.
    min_df, max_df, stem, collocations
        Vectoriser settings.
    seed : int
        Random seed of models and bootstrap.
    documents : DataFrame, optional
        The documents table, for the corpus hash in ``metrics.json``.
    top_n : int
        Terms per topic in ``topics.csv`` and for coherence.
    background_by : str or None
        Column of the units whose values get their own background topic (see :func:`fit_topics`).

    Returns
    -------
    TopicReport
    """
    from warsignals.sentences import make_units

    ks = parse_k(k)
    units = make_units(sentences, unit, window=window, step=step)
    units = units[units["text"].fillna("").str.strip() != ""].reset_index(drop=True)
    vectorizer, X = vectorize_units(units, min_df=min_df, max_df=max_df, stem=stem, collocations=collocations)
    seed_terms = _resolve_seeds(seeds, vectorizer)
    if seed_terms and len(seed_terms) > min(ks):
        raise ParameterError(f"{len(seed_terms)} seed topics need k >= {len(seed_terms)}, got k = {min(ks)}")
    names = vectorizer.get_feature_names_out()
    groups = background_groups(units, background_by)
    fitted: dict = {}
    selection = select_k(X, ks, method=model, n_runs=n_runs, seeds=seed_terms, feature_names=names,
                         seed_strength=seed_strength, random_state=seed, top_n=top_n, groups=groups, fitted=fitted)
    if len(ks) > 1:
        chosen, selection = recommend_k(selection)
    else:
        chosen = ks[0]
    # the chosen k's model with random_state = seed was fitted by select_k on the same matrix: not refitted
    fit = fit_topics(units, n_topics=chosen, method=model, seeds=seed_terms, seed_strength=seed_strength,
                     random_state=seed, vectorizer=vectorizer, X=X, background_by=background_by,
                     fitted=fitted.get(int(chosen)))
    out = Path(out_dir) if out_dir is not None else None
    label_file = Path(labels) if labels else (out / "topic_labels.csv" if out is not None else None)
    label_table = merge_labels(default_labels(fit), label_file)
    terms = topic_terms(fit, label_table, top_n=top_n)
    examples = representative_units(fit, label_table)
    doc_topics = fit.doc_topics()
    prevalence = topic_prevalence(doc_topics, fit.topics, frequency=frequency, n_boot=n_boot,
                                  confidence=confidence, seed=seed)
    prevalence = _with_labels(prevalence, label_table)
    by_table = None
    if by:
        by_table = _with_labels(topic_prevalence(doc_topics, fit.topics, frequency=frequency, by=[by],
                                                 n_boot=n_boot, confidence=confidence, seed=seed), label_table)
    quality = topic_quality(fit.model, fit.X, top_n=top_n)
    row = selection.loc[selection["k"] == chosen].iloc[0]
    overall = fit.theta.T @ fit.units["n_sentences"].to_numpy(dtype=float)
    overall = overall / max(overall.sum(), 1e-300)
    metrics = {
        "model": model, "unit": unit, "window": window if unit == "window" else None, "k": int(chosen),
        "k_candidates": ks, "k_rule": RECOMMEND_RULE if len(ks) > 1 else "given",
        "n_units": len(units), "n_documents": int(units["doc_id"].nunique()), "n_terms": int(X.shape[1]),
        "n_collocations": len(vectorizer.collocations_),
        "coherence_npmi": quality["coherence_npmi"], "coherence_umass": quality["coherence_umass"],
        "diversity": quality["diversity"], "stability": float(row["stability"]),
        "fit_seconds": fit.fit_seconds, "n_runs": n_runs, "seed": seed, "frequency": frequency,
        "n_boot": n_boot, "confidence": confidence, "min_df": min_df, "max_df": max_df, "stem": stem,
        "collocations": collocations, "seed_strength": seed_strength, "background_by": background_by,
        "background_share": fit.model.background_share_,
        "seeds": None if seeds is None else (str(seeds) if isinstance(seeds, str | Path) else "mapping"),
        "seed_coverage": fit.model.seed_coverage_,
        "seed_drift": fit.model.seed_drift_, "seed_drift_rule": SEED_DRIFT_RULE,
        "topics": [
            {"topic": t, "label": lab, "seeded": bool(s), "prevalence": float(p), "coherence_npmi": float(n),
             "coherence_umass": float(u), "drifted": bool(fit.model.seed_drift_.get(t, {}).get("drifted", False))}
            for t, lab, s, p, n, u in zip(fit.topics, label_table["label"], fit.model.seeded_, overall,
                                          quality["npmi_per_topic"], quality["umass_per_topic"], strict=True)
        ],
    }
    if documents is not None:
        from warsignals.export import corpus_hash

        metrics["corpus_sha256"] = corpus_hash(documents)
    files: list[Path] = []
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)

        def write(frame: pd.DataFrame, name: str) -> None:
            path = out / name
            if name.endswith(".parquet"):
                frame.to_parquet(path, index=False)
            else:
                frame.to_csv(path, index=False)
            files.append(path)

        write(terms[["topic", "label", "rank", "term", "weight"]], "topics.csv")
        write(terms[["topic", "label", "frex_rank", "frex_term", "frex"]].rename(
            columns={"frex_rank": "rank", "frex_term": "term"}), "topics_frex.csv")
        write(examples, "topic_examples.csv")
        if label_file is None or not label_file.exists() or label_file == out / "topic_labels.csv":
            write(label_table, "topic_labels.csv")
        write(doc_topics, "doc_topics.parquet")
        write(prevalence, "prevalence.csv")
        if by_table is not None:
            write(by_table, f"prevalence_by_{by}.csv")
        write(selection, "selection.csv")
        path = out / "metrics.json"
        path.write_text(json.dumps(metrics, indent=2, default=str) + "\n", encoding="utf-8")
        files.append(path)
    return TopicReport(fit=fit, selection=selection, labels=label_table, terms=terms, examples=examples,
                       doc_topics=doc_topics, prevalence=prevalence, metrics=metrics, files=files)


def _with_labels(prevalence: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    table = prevalence.merge(labels, on="topic", how="left")
    columns = list(prevalence.columns)
    columns.insert(columns.index("topic") + 1, "label")
    return table[columns]
