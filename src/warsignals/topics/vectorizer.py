"""Texts to a document-term matrix: :class:`TopicVectorizer`, and the one ``min_df``/``max_df`` parser."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.utils.validation import check_is_fitted

from warsignals.errors import ParameterError
from warsignals.topics.loaders import _join_phrase, load_stopwords

_TOKEN = re.compile(r"[a-z][a-z0-9]*(?:[-'][a-z0-9]+)*")
_POSSESSIVE = re.compile(r"['’]s\b")
# "Dmitry Peskov:", "President of Russia Vladimir Putin:", "Amro Abdelhamid (retranslated):" at a line start.
_NAME_WORD = r"(?:[A-Z][\w.'’-]*|of|the|de|al|bin|von|van)"
_SPEAKER_LABEL = re.compile(
    rf"(?m)(?:^|(?<=[.!?] ))[ \t]*{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,7}}"
    r"(?:[ \t]*\([^)\n]{1,30}\))?[ \t]*:[ \t]"
)

_BRACKETED = re.compile(r"\((?:applause|laughter|retranslated|inaudible|in english|translated)[.!]?\)", re.I)


def parse_df(value: str | int | float, name: str = "min_df") -> int | float:
    """Read a document-frequency limit as scikit-learn does: a float in [0, 1] is a share, an integer a count.

    The one reader of ``min_df``/``max_df`` for the CLI (which passes its text), the notebook (its float
    parameter) and the API. A ``float`` (or text with a decimal point) in ``[0.0, 1.0]`` is a share of units
    (``1.0``: all units, as in scikit-learn); an ``int`` >= 1, or a whole float above 1 (``5.0``, which a
    notebook's ``float`` parameter gives for 5), is a number of units.

    Parameters
    ----------
    value : str, int or float
        The limit.
    name : str
        Parameter name for the error message.

    Returns
    -------
    int or float
        A count (int) or a share (float).

    Examples
    --------
    >>> parse_df("1.0"), parse_df(1.0), parse_df(5.0), parse_df("5"), parse_df(0.5)
    (1.0, 1.0, 5, 5, 0.5)
    """
    if isinstance(value, str):
        text = value.strip()
        try:
            value = float(text) if any(c in text for c in ".eE") else int(text)
        except ValueError:
            raise ParameterError(f"{name} must be a count (5) or a share (0.5), not {text!r}") from None
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ParameterError(f"{name} must be a count (5) or a share (0.5), not {value!r}")
    if isinstance(value, int | np.integer):
        if value < 1:
            raise ParameterError(f"{name} as a count must be at least 1, not {value}")
        return int(value)
    value = float(value)
    if 0.0 <= value <= 1.0:
        return value
    if value > 1 and value.is_integer():
        return int(value)
    raise ParameterError(f"{name} must be a share in [0, 1] or a whole count >= 1, not {value}")


def _identity(tokens):
    return tokens


def _bigram_counts(
    token_lists: list[list[str]], min_count: int, dropped
) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
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
    kept = {
        (names[i], names[j]): int(n)
        for i, j, n in zip(a[keep].tolist(), b[keep].tolist(), pair_counts[keep].tolist(), strict=True)
    }
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
    min_df, max_df : int, float or str
        Document-frequency limits as :func:`parse_df` reads them (a float in [0, 1] is a share, an integer a
        count, as in :class:`sklearn.feature_extraction.text.CountVectorizer`).
    max_features : int, optional
        Keep the most frequent terms only.

    Attributes
    ----------
    vocabulary_ : dict
        Term to column index.
    feature_names_ : ndarray of str
        Terms in column order.
    display_names_ : ndarray of str
        Display form of each term (the most frequent surface word of a stemmed term).
    collocations_ : DataFrame
        Merged bigrams: ``first, second, score, count``.
    stem_, min_df_, max_df_ : bool, int or float
        The effective ``stem`` and document-frequency limits (:func:`parse_df`); the parameters stay as given.
    stop_words_, phrases_ : frozenset, tuple
        Stop words and removed phrases.

    Examples
    --------
    >>> from warsignals.topics import TopicVectorizer
    >>> vectorizer = TopicVectorizer(min_df=1, max_df=1.0, collocations=False)
    >>> vectorizer.fit_transform(["peace talks resumed", "talks on peace"]).shape
    (2, 3)
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

    def _finish(self, tokens: list[str], stem: bool | None = None) -> list[str]:
        stop = self.stop_words_
        second_of = self._pair_seconds  # first word of a collocation -> its possible second words
        if not second_of:
            out = [token for token in tokens if token not in stop and len(token) > 1]
        else:
            out = []
            i, n = 0, len(tokens)
            while i < n:
                token = tokens[i]
                seconds = second_of.get(token)
                if seconds is not None and i + 1 < n and tokens[i + 1] in seconds:
                    out.append(token + "_" + tokens[i + 1])
                    i += 2
                    continue
                if token not in stop and len(token) > 1:
                    out.append(token)
                i += 1
        if self.stem_ if stem is None else stem:
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
            out.append(self._stem_term(term) if self.stem_ else term)
        return out

    def _setup(self) -> None:
        self.stem_ = bool(self.stem)
        self.min_df_ = parse_df(self.min_df, "min_df")
        self.max_df_ = parse_df(self.max_df, "max_df")
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
        words, kept = _bigram_counts(
            token_lists, max(int(self.collocation_min_count), 1), lambda w: w in self.stop_words_ or len(w) < 3
        )
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
        self._pair_seconds: dict[str, set[str]] = {}
        token_lists = [self._raw_tokens(text) for text in raw_documents]
        table = self._find_collocations(token_lists) if self.collocations else []
        self._pair_seconds = {}
        for a, b, _, _ in table:
            self._pair_seconds.setdefault(a, set()).add(b)
        self.collocations_ = pd.DataFrame(table, columns=["first", "second", "score", "count"])
        analysed = [self._finish(tokens) for tokens in token_lists]
        self._counter = CountVectorizer(
            analyzer=_identity, min_df=self.min_df_, max_df=self.max_df_, max_features=self.max_features
        )
        try:
            X = self._counter.fit_transform(analysed)
        except ValueError as exc:
            raise ParameterError(f"no terms left after stop words and min_df/max_df ({exc})") from exc
        self.vocabulary_ = self._counter.vocabulary_
        self.feature_names_ = self._counter.get_feature_names_out()
        self.display_names_ = self._display_names(token_lists) if self.stem_ else self.feature_names_.copy()
        return X.tocsr()

    def _display_names(self, token_lists) -> np.ndarray:
        """For stemmed terms, the most frequent surface form (so labels read as words)."""
        surfaces: dict[str, Counter] = {}
        for tokens in token_lists:
            for term in self._finish(tokens, stem=False):
                surfaces.setdefault(self._stem_term(term), Counter())[term] += 1
        return np.array(
            [surfaces[t].most_common(1)[0][0] if t in surfaces else t for t in self.feature_names_], dtype=object
        )

    def transform(self, raw_documents):
        """Document-term counts of ``raw_documents`` over the fitted vocabulary (CSR)."""
        check_is_fitted(self, "vocabulary_")
        return self._counter.transform([self.analyse(text) for text in raw_documents]).tocsr()

    def get_feature_names_out(self, input_features=None):
        """The vocabulary terms in column order."""
        check_is_fitted(self, "vocabulary_")
        return np.asarray(self.feature_names_, dtype=object)
