"""Kullback-Leibler NMF with background topics: multiplicative updates on the non-zeros only."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

_EPS = 1e-12
_BG_START = 0.1  # share of each unit the background explains at the start (measured: bench/topics.py)


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


def _kl_nmf(
    X: sp.csr_matrix,
    W: np.ndarray,
    H: np.ndarray,
    bg_load: np.ndarray | None,
    bg_group: np.ndarray | None,
    bg_rate: np.ndarray | None,
    max_iter: int,
    tol: float,
    update_h: bool = True,
    check_every: int = 10,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, int]:
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
                numerator = np.bincount(
                    background.flat_nz, weights=background.load_nz * quotient, minlength=bg_rate.size
                ).reshape(bg_rate.shape)
                bg_rate *= (numerator / np.maximum(background.group_load, _EPS)[:, None]).astype(np.float32)
            # alternate: W's step uses the new H (measured: converges in fewer passes than simultaneous steps)
            approx = _kl_approx(counts, cols, W, np.ascontiguousarray(H.T), background)
            ratio = sp.csr_matrix((data / approx, cols, indptr), shape=shape)
            w_step = np.asarray(ratio @ H.T) / np.maximum(H.sum(axis=1), _EPS)[None, :]
        W *= w_step
    return W, H, bg_rate, n_iter
