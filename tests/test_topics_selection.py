"""Choosing k without a bias toward the ends of the range, and seeded topics that drift from their seeds."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from warsignals import topics as T

N_PLANTED = 8
BLOCK = 50  # words per planted topic, Zipf-distributed
FILLER = 40  # words every unit uses at the same rate (taken by the background topic)


def _planted(seed: int, n: int = 480, length: int = 80):
    """Eight planted topics with disjoint vocabularies; each unit mixes a main topic (70-100%) and another."""
    rng = np.random.default_rng(seed)
    vocab = N_PLANTED * BLOCK + FILLER
    zipf = 1.0 / np.arange(1, BLOCK + 1)
    zipf /= zipf.sum()
    X = np.zeros((n, vocab))
    for i in range(n):
        main = i % N_PLANTED
        share = rng.uniform(0.7, 1.0)
        other = (main + 1 + rng.integers(N_PLANTED - 1)) % N_PLANTED
        for block, weight in ((main, share), (other, 1 - share)):
            np.add.at(X[i], block * BLOCK + rng.choice(BLOCK, p=zipf, size=int(round(length * weight))), 1)
        np.add.at(X[i], rng.choice(np.arange(N_PLANTED * BLOCK, vocab), size=15), 1)
    names = [f"t{j // BLOCK}w{j % BLOCK}" for j in range(N_PLANTED * BLOCK)] + [f"filler{j}" for j in range(FILLER)]
    return sp.csr_matrix(X), names


@pytest.mark.parametrize("seed", [0, 1])
def test_k_rule_picks_the_planted_k_in_the_middle_and_whatever_the_other_candidates(seed):
    X, _ = _planted(seed)
    selection = T.select_k(X, [4, 6, 8, 10, 12], n_runs=2, random_state=seed)
    assert T.recommend_k(selection)[0] == N_PLANTED
    # the choice does not depend on which other candidates are in the range (no min-max scaling over the range):
    # every range holding 8, with 8 at its end or in its middle, gives 8
    for size in (2, 3, 4):
        for ks in itertools.combinations([4, 6, 8, 10, 12], size):
            if N_PLANTED in ks:
                assert T.recommend_k(selection[selection["k"].isin(ks)])[0] == N_PLANTED, ks


def test_k_rule_scores_on_absolute_scales():
    table = pd.DataFrame({"k": [4, 6, 8], "coherence_npmi": [0.10, 0.20, -0.05], "coherence_umass": -1.0,
                          "diversity": [0.9, 0.8, 1.0], "stability": [0.9, 0.9, 1.0]})
    k, scored = T.recommend_k(table)
    np.testing.assert_allclose(scored["score"], [0.10 * 0.9 * 0.9, 0.20 * 0.8 * 0.9, 0.0])
    assert k == 6
    table["stability"] = np.nan  # one run: stability not measured, left out of the product
    np.testing.assert_allclose(T.recommend_k(table)[1]["score"], [0.09, 0.16, 0.0])
    flat = table.assign(coherence_npmi=[-0.2, -0.1, -0.3])  # no positive coherence at all: the highest NPMI
    assert T.recommend_k(flat)[0] == 6


def test_a_seeded_topic_that_drifts_from_its_seeds_is_flagged_and_renamed():
    X, names = _planted(0)
    # 'alpha' is seeded with the top words of planted topic 0; 'ghost' with rare words (the Zipf tails of three
    # planted topics), too rare to hold a topic together: the topic matched to 'ghost' becomes a planted topic
    seeds = {"alpha": [f"t0w{j}" for j in range(8)],
             "ghost": [f"t{b}w{j}" for b in (1, 2, 3) for j in range(40, 48)]}
    model = T.TopicModel(n_topics=N_PLANTED, seeds=seeds, random_state=3).fit(X, feature_names=names)
    assert list(model.topic_names_[:2]) == ["alpha", "ghost"]
    assert model.seed_drift_["alpha"]["drifted"] is False and model.seed_drift_["alpha"]["in_top"] >= 5
    assert model.seed_drift_["ghost"]["drifted"] is True and model.seed_drift_["ghost"]["in_top"] == 0
    ghost_top = [names[j] for j in np.argsort(-model.components_[1])[:10]]
    assert len({word.split("w")[0] for word in ghost_top}) == 1  # it turned into one planted topic
    # the same corpus as text units: the default label of a drifted seeded topic names what it became
    rows = X.toarray().astype(int)
    units = pd.DataFrame({"unit_id": [f"u{i}" for i in range(len(rows))], "doc_id": [f"d{i}" for i in range(len(rows))],
                          "text": [" ".join(np.repeat(names, row)) for row in rows]})
    fit = T.fit_topics(units, n_topics=N_PLANTED, seeds=seeds, random_state=3, background_by=None, min_df=1,
                       max_df=1.0, collocations=False)
    labels = T.default_labels(fit).set_index("topic")["label"]
    assert labels["alpha"] == "alpha"
    assert "drifted from seed 'ghost'" in labels["ghost"] and not labels["ghost"].startswith("ghost")
