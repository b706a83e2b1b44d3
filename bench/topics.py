"""Benchmark: topic coherence and fit time of warsignals' NMF and LDA against gensim's LdaModel and
scikit-learn's own Kullback-Leibler NMF.

On the Kremlin corpus (``config.KREMLIN_CORPUS``; skipped with a message when absent), at the recommended unit
(paragraphs) and the k recommended by ``warsignals.topics.recommend_k`` over 8:16:4, every model is fitted on
the same vectorised units (one document-term matrix) and scored with the same NPMI (top 10 words, co-document
frequencies in the units) and with the document-level yardstick (:func:`document_npmi`, the measure that
scores a published peer model on this corpus at -0.048). gensim (a bench-only dependency) gets the matrix through
``gensim.matutils.Sparse2Corpus``; it runs at its defaults (one pass) and with 10 passes; scikit-learn's NMF runs
with ``beta_loss="kullback-leibler", solver="mu", init="nndsvda"``. Prints fit times, both NPMIs and the ratios
against gensim, then how NPMI and fit time of the default model grow with the number of iterations (the
measurement behind ``TopicModel``'s default ``tol``). ``--yardstick DIR`` only scores the ``topics.csv`` of a
``warsignals topics`` output folder. Run: ``.venv/bin/python bench/topics.py [--yardstick DIR]``.
"""

from __future__ import annotations

import itertools
import re
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from warsignals import config
from warsignals import topics as T
from warsignals.sentences import make_units, split_sentences
from warsignals.topics.metrics import coherence_npmi, top_word_indices, topic_diversity


def document_npmi(topics: pd.DataFrame, texts, top_n: int = 10) -> tuple[float, dict[str, float]]:
    """The document-level yardstick: mean over topics of the mean NPMI over pairs of a topic's first terms.

    For every topic of ``topics`` (``topic, rank, term``, as in ``topics.csv``), its first ``top_n`` terms as
    written (underscores read as spaces) are matched as whole words in the lower-cased text of each document;
    NPMI of every pair is computed over document co-occurrence (-1 for a pair that never co-occurs, +1 for a
    pair in every document, the limit of the formula), averaged over pairs, then over topics.

    Returns
    -------
    mean, per_topic : float, dict
    """
    texts = [str(text).lower() for text in texts]
    seen: dict[str, np.ndarray] = {}

    def documents_with(term: str) -> np.ndarray:
        if term not in seen:
            pattern = re.compile(r"\b" + re.escape(term.replace("_", " ")) + r"\b")
            seen[term] = np.fromiter((bool(pattern.search(text)) for text in texts), dtype=bool, count=len(texts))
        return seen[term]

    per_topic = {}
    for topic, part in topics.sort_values(["rank"], kind="stable").groupby("topic", sort=False):
        scores = []
        for a, b in itertools.combinations(part["term"].astype(str).tolist()[:top_n], 2):
            in_a, in_b = documents_with(a), documents_with(b)
            joint = float((in_a & in_b).mean())
            if joint == 0:
                scores.append(-1.0)
            elif joint == 1:
                scores.append(1.0)
            else:
                scores.append(float(np.log(joint / (in_a.mean() * in_b.mean())) / -np.log(joint)))
        per_topic[str(topic)] = float(np.mean(scores))
    return float(np.mean(list(per_topic.values()))), per_topic


def _terms_table(components, names, top_n: int = 10) -> pd.DataFrame:
    top = top_word_indices(components, top_n)
    return pd.DataFrame([(f"t{i}", r + 1, names[j]) for i in range(len(top)) for r, j in enumerate(top[i])],
                        columns=["topic", "rank", "term"])


def yardstick(folder: str) -> int:
    """Print the document-level NPMI of ``folder/topics.csv`` on the Kremlin corpus."""
    from warsignals.datasets import load_dataset

    documents = load_dataset("kremlin-ukraine")
    mean, per_topic = document_npmi(pd.read_csv(Path(folder) / "topics.csv"), documents["text"])
    print(f"document-level NPMI of {folder}/topics.csv on {len(documents)} Kremlin documents: {mean:+.3f}")
    for topic, value in per_topic.items():
        print(f"  {topic:20s} {value:+.3f}")
    return 0


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--yardstick":
        return yardstick(sys.argv[2])
    if not config.KREMLIN_CORPUS.exists():
        print(f"skipped: Kremlin corpus not found at {config.KREMLIN_CORPUS}")
        return 0
    try:
        from gensim.matutils import Sparse2Corpus
        from gensim.models import LdaModel
    except ImportError:
        print("skipped: gensim is not installed (pip install -e '.[bench]')")
        return 0
    from warsignals.corpus import load_corpus

    documents = load_corpus(config.KREMLIN_CORPUS, progress=False).documents
    sentences = split_sentences(documents, progress=False)
    units = make_units(sentences, "paragraph")
    started = time.perf_counter()
    vectorizer, X = T.vectorize_units(units, min_df=5, max_df=0.5)
    print(f"Kremlin corpus: {len(documents)} documents, {len(units)} paragraph units, {X.shape[1]} terms "
          f"({len(vectorizer.collocations_)} collocations), vectorised in {time.perf_counter() - started:.1f} s")
    names = vectorizer.get_feature_names_out()
    seeds = {n: vectorizer.normalise_terms(w) for n, w in T.load_seeds().items()}
    groups = T.background_groups(units, "source")
    selection = T.select_k(X, [8, 12, 16], model="nmf", n_runs=2, seeds=seeds, feature_names=names,
                           groups=groups)
    k, selection = T.recommend_k(selection)
    print(selection.round(3).to_string(index=False))
    print(f"recommended k = {k}")

    def score(components) -> tuple[float, float, float]:
        return (float(coherence_npmi(X, top_word_indices(components, 10)).mean()),
                topic_diversity(components, 25), document_npmi(_terms_table(components, names), documents["text"])[0])

    rows = []
    for name, params in [
        ("warsignals NMF (KL, seeded, background)", dict(model="nmf", seeds=seeds)),
        ("warsignals NMF (KL, seeded, background, NNDSVDa)", dict(model="nmf", seeds=seeds, init="nndsvda")),
        ("warsignals NMF (KL, free, background)", dict(model="nmf")),
        ("warsignals NMF (KL, seeded, no background)", dict(model="nmf", seeds=seeds, background=False)),
        ("warsignals NMF (Frobenius tf-idf, free)", dict(model="nmf", nmf_loss="frobenius")),
        ("warsignals LDA (batch, 10 iter, free)", dict(model="lda")),
    ]:
        model = T.TopicModel(n_topics=k, **params)
        started = time.perf_counter()
        model.fit(X, feature_names=names, groups=groups)
        seconds = time.perf_counter() - started
        rows.append((name, seconds, *score(model.components_)))
    from sklearn.decomposition import NMF

    started = time.perf_counter()
    sk = NMF(k, beta_loss="kullback-leibler", solver="mu", init="nndsvda", random_state=config.DEFAULT_SEED).fit(X)
    seconds = time.perf_counter() - started
    rows.append(("scikit-learn NMF (KL, mu, NNDSVDa, free)", seconds, *score(sk.components_)))
    id2word = dict(enumerate(names))
    for passes in (1, 10):
        started = time.perf_counter()
        corpus = Sparse2Corpus(X, documents_columns=False)
        lda = LdaModel(corpus, num_topics=k, id2word=id2word, passes=passes, random_state=config.DEFAULT_SEED)
        seconds = time.perf_counter() - started
        rows.append((f"gensim LdaModel (passes={passes})", seconds, *score(lda.get_topics())))
    reference = {r[0]: r for r in rows if r[0].startswith("gensim")}
    print(f"\nk = {k}, same {X.shape[0]} x {X.shape[1]} matrix, NPMI of top 10 words on paragraph co-occurrence")
    print(f"{'model':48s} {'fit s':>7s} {'NPMI':>7s} {'divers.':>7s} {'docNPMI':>7s} | vs gensim passes=1: "
          f"time x, NPMI diff | vs passes=10: time x, NPMI diff")
    g1, g10 = reference["gensim LdaModel (passes=1)"], reference["gensim LdaModel (passes=10)"]
    for name, seconds, npmi, diversity, doc_npmi in rows:
        print(f"{name:48s} {seconds:7.2f} {npmi:7.3f} {diversity:7.3f} {doc_npmi:+7.3f} | {seconds / g1[1]:6.2f}x "
              f"{npmi - g1[2]:+.3f} | {seconds / g10[1]:6.2f}x {npmi - g10[2]:+.3f}")
    ours = rows[0]
    print(f"\ndefault model ({ours[0]}) vs gensim LdaModel passes=1: fit time {ours[1]:.2f} s vs {g1[1]:.2f} s "
          f"(ratio {ours[1] / g1[1]:.2f}), NPMI {ours[2]:.3f} vs {g1[2]:.3f} (ratio {ours[2] / g1[2]:.2f})")
    print("\nNPMI and fit time against iterations (default model, tolerance off):")
    print(f"{'iterations':>10s} {'fit s':>7s} {'NPMI':>7s} {'divers.':>7s} {'docNPMI':>7s} {'background':>10s}")
    for n_iter in (20, 40, 60, 80, 100, 150):
        model = T.TopicModel(n_topics=k, seeds=seeds, max_iter=n_iter, tol=0.0)
        started = time.perf_counter()
        model.fit(X, feature_names=names, groups=groups)
        seconds = time.perf_counter() - started
        npmi, diversity, doc_npmi = score(model.components_)
        print(f"{n_iter:10d} {seconds:7.2f} {npmi:7.3f} {diversity:7.3f} {doc_npmi:+7.3f} "
              f"{model.background_share_:10.3f}")
    default = T.TopicModel(n_topics=k, seeds=seeds).fit(X, feature_names=names, groups=groups)
    print(f"the default tolerance stopped after {default.n_iter_} iterations")
    print(f"numpy {np.__version__}; times are wall-clock on this machine (2 cores shared), single process")
    return 0


if __name__ == "__main__":
    sys.exit(main())
