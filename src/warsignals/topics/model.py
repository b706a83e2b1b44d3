"""The topic model estimator :class:`TopicModel` (KL-NMF with background topics, Frobenius NMF, LDA)."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.utils.validation import check_is_fitted, check_non_negative, validate_data

from warsignals import config
from warsignals.errors import ParameterError
from warsignals.topics.metrics import (
    match_topics,
)
from warsignals.topics.solver import _BG_START, _EPS, _group_codes, _group_key, _kl_nmf

MODELS = ("nmf", "lda")


class TopicModel(TransformerMixin, BaseEstimator):
    """NMF or LDA topic model over a document-term matrix, with optional seeded topics.

    Parameters
    ----------
    n_topics : int
        Number of topics k.
    model : {"nmf", "lda"}
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
    init : {"random", "nndsvda"}
        NMF's start: random factors (scaled as scikit-learn's ``init="random"``) or NNDSVDa (the non-negative
        parts of a randomised truncated SVD, zeros filled with the mean; its SVD's random start depends on
        ``random_state``).

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
        model: str = "nmf",
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
        init: str = "random",
    ):
        self.n_topics = n_topics
        self.model = model
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
        self.init = init

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.positive_only = True
        tags.input_tags.sparse = True
        return tags

    # -- helpers
    def _check_params(self) -> None:
        if self.model not in MODELS:
            raise ParameterError(f"model must be one of {', '.join(MODELS)}, not {self.model!r}")
        if self.init not in ("random", "nndsvda"):
            raise ParameterError(f"init must be 'random' or 'nndsvda', not {self.init!r}")
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
                warnings.warn(
                    f"seed topic {name!r}: none of its terms is in the vocabulary; it stays free", stacklevel=3
                )
        return columns

    @property
    def _tfidf(self) -> bool:
        return self.model == "nmf" and self.nmf_loss == "frobenius"

    @property
    def _kl(self) -> bool:
        return self.model == "nmf" and self.nmf_loss == "kullback-leibler"

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
        elif self.model == "nmf":
            model = NMF(
                n_components=k,
                init="custom",
                solver="cd",
                beta_loss="frobenius",
                max_iter=self.max_iter or 200,
                tol=1e-4 if self.tol is None else self.tol,
                random_state=self.random_state,
            )
            W0, H0 = self._nmf_init(data, seed_cols, rng)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", category=UserWarning)
                model.fit(data, W=W0, H=H0)
        else:
            if self.learning_method not in ("batch", "online"):
                raise ParameterError(f"learning_method must be 'batch' or 'online', not {self.learning_method!r}")
            model = LatentDirichletAllocation(
                n_components=k,
                doc_topic_prior=self.doc_topic_prior,
                topic_word_prior=self.topic_word_prior,
                learning_method=self.learning_method,
                max_iter=self.max_iter or 10,
                random_state=self.random_state,
                evaluate_every=-1,
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
            names, codes = (
                (np.array(["all"], dtype=object), np.zeros(n_samples, dtype=np.int64))
                if groups is None
                else _group_codes(groups)
            )
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
        """Start of NMF: ``init="random"`` as scikit-learn's, or NNDSVDa (Boutsidis & Gallopoulos 2008: the
        non-negative parts of the leading singular vectors, zeros filled with the data mean); seeded topics
        then start at their seed words."""
        n_samples, n_features = data.shape
        k = int(self.n_topics)
        avg = np.sqrt(max(float(data.mean()), 1e-12) / k)
        if self.init == "nndsvda":
            W, H = _nndsvda(data, k, int(rng.integers(2**31 - 1)))
        else:
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


SEED_DRIFT_TOP_N = 20
SEED_DRIFT_RULE = (
    f"a seeded topic has drifted from its seeds when fewer than two of its seed terms (its only one, if it has "
    f"one) are among its {SEED_DRIFT_TOP_N} top words; its default label is then its top words, "
    f"'(drifted from seed NAME)'"
)


def seed_drift(
    components: np.ndarray, seed_columns: Mapping[str, np.ndarray], top_n: int = SEED_DRIFT_TOP_N
) -> dict[str, dict]:
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
        drift[str(name)] = {
            "in_top": in_top,
            "top_n": int(top_n),
            "n_seed_terms": int(len(columns)),
            "drifted": bool(in_top < min(2, len(columns))),
        }
    return drift


def _nndsvda(X, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """NNDSVDa start of an NMF of ``X`` (as scikit-learn's ``init="nndsvda"``), from a randomised SVD."""
    from sklearn.utils.extmath import randomized_svd

    rank = min(k, *X.shape)  # at most min(n_samples, n_features) singular vectors; further topics start flat
    U, S, V = randomized_svd(sp.csr_matrix(X, dtype=np.float64), rank, random_state=seed)
    W, H = np.zeros((X.shape[0], k)), np.zeros((k, X.shape[1]))
    W[:, 0] = np.sqrt(S[0]) * np.abs(U[:, 0])
    H[0] = np.sqrt(S[0]) * np.abs(V[0])
    for j in range(1, rank):
        x, y = U[:, j], V[j]
        xp, yp, xn, yn = np.maximum(x, 0), np.maximum(y, 0), np.maximum(-x, 0), np.maximum(-y, 0)
        positive = np.linalg.norm(xp) * np.linalg.norm(yp)
        negative = np.linalg.norm(xn) * np.linalg.norm(yn)
        u, v, sigma = (xp, yp, positive) if positive > negative else (xn, yn, negative)
        scale = np.sqrt(S[j] * sigma)
        W[:, j] = scale * u / max(np.linalg.norm(u), _EPS)
        H[j] = scale * v / max(np.linalg.norm(v), _EPS)
    avg = float(X.mean())
    W[W < 1e-6] = avg
    H[H < 1e-6] = avg
    return W, H
