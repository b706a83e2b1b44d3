"""Near-duplicate detection: word 5-gram shingles, one-permutation MinHash and LSH banding in numpy.

Candidate pairs from the LSH bands are confirmed with the exact Jaccard similarity of the shingle sets,
so the result does not depend on MinHash estimation error (only a pair that the bands miss can be missed;
the banding is chosen so that a pair at the threshold is a candidate with probability >= 0.999).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from warsignals import config

_WORD = re.compile(r"\w+")
_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def shingle_sets(texts: Sequence[str], k: int = 5, seed: int = config.DEFAULT_SEED) -> list[np.ndarray]:
    """Sorted unique 64-bit hashes of the lower-cased word ``k``-grams of each text.

    A text with fewer than ``k`` words has one shingle (all its words); an empty text has none.
    """
    token_lists = [_WORD.findall(text.lower()) for text in texts]
    lengths = np.fromiter((len(tokens) for tokens in token_lists), dtype=np.int64, count=len(token_lists))
    if lengths.sum() == 0:
        return [np.empty(0, dtype=np.uint64) for _ in texts]
    flat = np.fromiter((t for tokens in token_lists for t in tokens), dtype=object, count=int(lengths.sum()))
    codes, uniques = pd.factorize(flat)
    rng = np.random.default_rng(seed)
    token_hash = rng.integers(0, np.iinfo(np.int64).max, size=len(uniques), dtype=np.int64).astype(np.uint64)
    token_hash = (token_hash << np.uint64(1)) | np.uint64(1)
    hashed = token_hash[codes]
    multipliers = rng.integers(1, np.iinfo(np.int64).max, size=k, dtype=np.int64).astype(np.uint64) | np.uint64(1)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    result = []
    with np.errstate(over="ignore"):
        for index, length in enumerate(lengths):
            tokens = hashed[offsets[index] : offsets[index + 1]]
            if length == 0:
                result.append(np.empty(0, dtype=np.uint64))
                continue
            width = min(k, int(length))
            n = int(length) - width + 1
            shingles = np.zeros(n, dtype=np.uint64)
            for j in range(width):
                shingles = shingles * np.uint64(0x9E3779B97F4A7C15) + tokens[j : j + n] * multipliers[j]
            result.append(np.unique(shingles))
    return result


def minhash_signatures(
    shingles: Sequence[np.ndarray], num_perm: int = 128, seed: int = config.DEFAULT_SEED
) -> np.ndarray:
    """MinHash signature matrix ``(n_docs, num_perm)`` (uint64) by one-permutation hashing.

    The (seeded, pseudo-random) shingle hashes are split into ``num_perm`` bins by their top bits, and the
    minimum of each bin is one signature entry; empty bins borrow from the next non-empty bin to the right
    (rotation densification, Shrivastava & Li 2014), so two documents agree on an entry with probability
    close to their Jaccard similarity. Cost is linear in the number of shingles (no per-permutation pass).
    Documents without shingles get all-ones rows.
    """
    bits = int(num_perm).bit_length() - 1
    if num_perm < 2 or 1 << bits != num_perm:
        raise ValueError(f"num_perm must be a power of two >= 2, not {num_perm}")
    shift = np.uint64(64 - bits)
    edges = np.arange(num_perm, dtype=np.uint64) << shift
    offset = np.uint64(np.random.default_rng(seed + 1).integers(1, 2**62)) | np.uint64(1)
    bins = np.arange(num_perm)
    signatures = np.full((len(shingles), num_perm), _MASK64, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for row, values in enumerate(shingles):
            if not len(values):
                continue
            values = np.sort(values) if np.any(values[1:] < values[:-1]) else values
            starts = np.searchsorted(values, edges)
            ends = np.r_[starts[1:], len(values)]
            filled = np.flatnonzero(starts < ends)
            following = filled[np.searchsorted(filled, bins) % len(filled)]
            distance = ((following - bins) % num_perm).astype(np.uint64)
            signatures[row] = values[starts[following]] + distance * offset
    return signatures


def choose_bands(threshold: float, num_perm: int = 128, recall: float = 0.999) -> tuple[int, int]:
    """``(bands, rows)`` with the most rows per band such that a pair at ``threshold`` is a candidate with
    probability at least ``recall``."""
    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        if num_perm % rows:
            continue
        bands = num_perm // rows
        if 1.0 - (1.0 - threshold**rows) ** bands >= recall:
            best = (bands, rows)
    return best


def candidate_pairs(signatures: np.ndarray, bands: int, rows: int) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, whose signatures agree on all rows of at least one band."""
    pairs: set[tuple[int, int]] = set()
    n = signatures.shape[0]
    if n < 2:
        return pairs
    with np.errstate(over="ignore"):
        for band in range(bands):
            block = signatures[:, band * rows : (band + 1) * rows]
            key = np.zeros(n, dtype=np.uint64)
            for column in range(rows):
                key = key * np.uint64(0x100000001B3) ^ block[:, column]
            order = np.argsort(key, kind="stable")
            sorted_keys = key[order]
            starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
            sizes = np.diff(np.r_[starts, n])
            for start, size in zip(starts[sizes > 1], sizes[sizes > 1], strict=True):
                members = np.sort(order[start : start + size])
                # Confirm the whole band matches (the combined key could collide).
                for x in range(size):
                    for y in range(x + 1, size):
                        i, j = int(members[x]), int(members[y])
                        if np.array_equal(block[i], block[j]):
                            pairs.add((i, j))
    return pairs


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted unique hash arrays."""
    if len(a) == 0 and len(b) == 0:
        return 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


def near_duplicates(
    texts: Sequence[str],
    threshold: float = config.NEAR_DUPLICATE_THRESHOLD,
    *,
    k: int = 5,
    num_perm: int = 128,
    seed: int = config.DEFAULT_SEED,
) -> dict[int, tuple[int, float]]:
    """Find texts that nearly repeat an earlier text.

    Parameters
    ----------
    texts : sequence of str
        The texts, in priority order (an earlier text is kept, a later near-copy is reported).
    threshold : float
        Minimum Jaccard similarity of the word ``k``-gram sets.
    k, num_perm, seed
        Shingle size, MinHash permutations and the seed of the hash functions.

    Returns
    -------
    dict
        ``{later index: (index of the earliest kept text it repeats, Jaccard similarity)}``.
    """
    shingles = shingle_sets(texts, k=k, seed=seed)
    present = [index for index, values in enumerate(shingles) if len(values)]
    signatures = minhash_signatures([shingles[index] for index in present], num_perm=num_perm, seed=seed)
    bands, rows = choose_bands(threshold, num_perm)
    matches: dict[int, list[tuple[int, float]]] = {}
    for x, y in sorted(candidate_pairs(signatures, bands, rows)):
        i, j = present[x], present[y]
        similarity = jaccard(shingles[i], shingles[j])
        if similarity >= threshold:
            matches.setdefault(j, []).append((i, similarity))
    dropped: dict[int, tuple[int, float]] = {}
    for j in sorted(matches):
        for i, similarity in sorted(matches[j]):
            if i not in dropped:
                dropped[j] = (i, similarity)
                break
    return dropped
