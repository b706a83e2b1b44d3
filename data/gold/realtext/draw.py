"""Draw the real-text development gold sample (see data/gold/realtext/README.md)."""
import hashlib
import re
import sys

import numpy as np
import pandas as pd

from warsignals.corpus import load_corpus
from warsignals.sentences import split_sentences

SHARED = str((__import__("pathlib").Path(__file__).resolve().parents[3] / ".." / "shared" / "corpora").resolve())
CORPORA = {
    "kremlin-ukraine": f"{SHARED}/kremlin-ukraine/kremlin_ukraine_2022_2025.jsonl",
    "resistinua-2022": f"{SHARED}/resistinua-2022/resistinua_2022.jsonl",
    "samples": f"{SHARED}/samples",
}
# Our own broad pool: sentences about war, talks, weapons and aid. Written without reading the lexicon.
POOL = re.compile(r"\b(war|wars|warfare|talks?|negotiat\w*|ceasefire|cease-fire|truce|peace\w*|weapon\w*|arms|aid|"
    r"assistance|missile\w*|nuclear|army|armies|troops?|soldiers?|forces|attack\w*|strik\w+|offensive\w*|"
    r"sanction\w*|military|NATO|Kyiv|Kiev|Moscow|Kremlin|Donbas\w*|Crimea|agreement\w*|dialogue|summit\w*|"
    r"mediat\w*|prisoners?|corridor\w*|surrender\w*|victory|front|frontline|defen[cs]\w*|shell\w*|bomb\w*|"
    r"tanks?|artillery|ammunition|HIMARS|Javelin\w*|Patriot|drones?|invasion|invad\w*|occup\w*|threat\w*|"
    r"ultimatum|escalat\w*|de-escalat\w*|mobili[sz]\w*|operation|Istanbul|Minsk|grain deal|exchange)\b",
    re.IGNORECASE)
# Poisson sampling: every sentence in independently with q_random; pool sentences also with q_pool.
TARGET = {"kremlin-ukraine": (215, 215), "resistinua-2022": (200, 200), "samples": (None, None)}
rng = np.random.default_rng(20261129)
rows = []
for corpus, path in CORPORA.items():
    docs = load_corpus([path]).documents
    sents = split_sentences(docs)
    sents = sents.merge(docs[["doc_id", "title"]], on="doc_id", how="left")
    n = len(sents)
    in_pool = sents["sentence"].str.contains(POOL).to_numpy()
    n_random, n_pool = TARGET[corpus]
    if n_random is None:  # the sample transcript: every sentence
        q_r, q_p = 1.0, 0.0
    else:
        q_r, q_p = n_random / n, n_pool / in_pool.sum()
    u1, u2 = rng.random(n), rng.random(n)
    by_random = u1 < q_r
    by_pool = in_pool & (u2 < q_p)
    pi = np.where(in_pool, 1 - (1 - q_r) * (1 - q_p), q_r)
    take = by_random | by_pool
    s = sents.copy()
    s["prev"] = s.groupby("doc_id")["sentence"].shift(1).fillna("")
    s["next"] = s.groupby("doc_id")["sentence"].shift(-1).fillna("")
    s["corpus"] = corpus
    s["in_pool"] = in_pool
    s["draw"] = np.where(by_random, np.where(by_pool, "random+pool", "random"), "pool")
    s["inclusion_probability"] = pi
    s = s[take]
    print(corpus, "sentences", n, "pool", in_pool.sum(), "drawn", len(s), "random", by_random.sum(),
          "pool-only", (by_pool & ~by_random).sum(), file=sys.stderr)
    rows.append(s)
gold = pd.concat(rows, ignore_index=True)
# Test part set aside before any tuning: whole documents (grouped by doc_id), ~40% of the rows per corpus.
def part(doc_id):
    h = int(hashlib.sha256(("realtext-split:" + doc_id).encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "test" if h < 0.40 else "train"
gold["part"] = gold["doc_id"].map(part)
gold.loc[gold["corpus"] == "samples", "part"] = "train"  # the sample transcript's known answers are dev material
gold = gold.sample(frac=1.0, random_state=7).reset_index(drop=True)  # shuffle so coders see no order
gold.insert(0, "row_id", [f"rt{i:04d}" for i in range(len(gold))])
gold["date"] = pd.to_datetime(gold["date"]).dt.strftime("%Y-%m-%d")
cols = ["row_id", "corpus", "doc_id", "sent_id", "start", "end", "date", "source", "speaker", "title", "prev",
        "sentence", "next", "draw", "in_pool", "inclusion_probability", "part"]
gold[cols].to_csv("drawn.csv", index=False)
print(gold.groupby(["corpus", "part"]).size(), gold["draw"].value_counts(), file=sys.stderr)

# Coders' chunks: four shuffled chunks, each with 30 rows of the next chunk (the overlap for agreement).
chunk_rng = np.random.default_rng(11)
drawn = pd.read_csv("drawn.csv")
order = chunk_rng.permutation(len(drawn))
chunks = np.array_split(order, 4)
for k, rows_k in enumerate(chunks):
    overlap = chunk_rng.choice(chunks[(k + 1) % 4], 30, replace=False)
    rows_k = chunk_rng.permutation(np.concatenate([rows_k, overlap]))
    drawn.iloc[rows_k][["row_id", "corpus", "date", "speaker", "title", "prev", "sentence", "next"]].to_csv(
        f"chunk_{'ABCD'[k]}.csv", index=False)
