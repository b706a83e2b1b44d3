"""Phase 2 of the real-text gold draw: a narrower pool of sentences about talks, threats and fighting."""
import hashlib
import re
import sys

import numpy as np
import pandas as pd

from warsignals.corpus import load_corpus
from warsignals.sentences import split_sentences

SHARED = str((__import__("pathlib").Path(__file__).resolve().parents[3] / ".." / "shared" / "corpora").resolve())
CORPORA = {"kremlin-ukraine": f"{SHARED}/kremlin-ukraine/kremlin_ukraine_2022_2025.jsonl",
           "resistinua-2022": f"{SHARED}/resistinua-2022/resistinua_2022.jsonl"}
POOL = re.compile(r"\b(war|wars|warfare|talks?|negotiat\w*|ceasefire|cease-fire|truce|peace\w*|weapon\w*|arms|aid|"
    r"assistance|missile\w*|nuclear|army|armies|troops?|soldiers?|forces|attack\w*|strik\w+|offensive\w*|"
    r"sanction\w*|military|NATO|Kyiv|Kiev|Moscow|Kremlin|Donbas\w*|Crimea|agreement\w*|dialogue|summit\w*|"
    r"mediat\w*|prisoners?|corridor\w*|surrender\w*|victory|front|frontline|defen[cs]\w*|shell\w*|bomb\w*|"
    r"tanks?|artillery|ammunition|HIMARS|Javelin\w*|Patriot|drones?|invasion|invad\w*|occup\w*|threat\w*|"
    r"ultimatum|escalat\w*|de-escalat\w*|mobili[sz]\w*|operation|Istanbul|Minsk|grain deal|exchange)\b", re.I)
# Phase 2: our own narrower list about talks, threats and fighting (not the lexicon's patterns).
POOL2 = re.compile(r"\b(talks|negotiat\w*|ceasefire|cease-fire|truce|peace|settlement|dialogue|summit|mediat\w*|"
    r"prisoners?|corridors?|threat\w*|nuclear|ultimatum|strik\w+|offensive|attack\w*|shelling|missiles?|"
    r"mobili[sz]\w*|surrender|victory|escalat\w*|compromise|guarantees)\b", re.I)
Q1 = {"kremlin-ukraine": (215 / 45929, None), "resistinua-2022": (214 / 17329, None)}
TARGET2 = {"kremlin-ukraine": 300, "resistinua-2022": 300}
drawn1 = pd.read_csv("drawn.csv")
rng = np.random.default_rng(20261130)
rows = []
for corpus, path in CORPORA.items():
    docs = load_corpus([path]).documents
    sents = split_sentences(docs, progress=False).merge(docs[["doc_id", "title"]], on="doc_id", how="left")
    n = len(sents)
    in_pool = sents["sentence"].str.contains(POOL).to_numpy()
    in_pool2 = sents["sentence"].str.contains(POOL2).to_numpy()
    q_r = {"kremlin-ukraine": 215, "resistinua-2022": 214}[corpus] / n
    q_p = {"kremlin-ukraine": 215, "resistinua-2022": 200}[corpus] / in_pool.sum()
    q_2 = TARGET2[corpus] / in_pool2.sum()
    pi1 = np.where(in_pool, 1 - (1 - q_r) * (1 - q_p), q_r)
    pi = 1 - (1 - pi1) * np.where(in_pool2, 1 - q_2, 1.0)
    by2 = in_pool2 & (rng.random(n) < q_2)
    s = sents.copy()
    s["prev"] = s.groupby("doc_id")["sentence"].shift(1).fillna("")
    s["next"] = s.groupby("doc_id")["sentence"].shift(-1).fillna("")
    s["corpus"], s["in_pool"], s["in_pool2"] = corpus, in_pool, in_pool2
    s["inclusion_probability"], s["draw"] = pi, "pool2"
    key = s["doc_id"] + ":" + s["start"].astype(str)
    have = set(drawn1["doc_id"] + ":" + drawn1["start"].astype(str))
    s = s[by2 & ~key.isin(have).to_numpy()]
    print(corpus, n, "pool2", in_pool2.sum(), "drawn", len(s), file=sys.stderr)
    rows.append(s)
gold = pd.concat(rows, ignore_index=True)
def part(doc_id):
    h = int(hashlib.sha256(("realtext-split:" + doc_id).encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "test" if h < 0.40 else "train"
gold["part"] = gold["doc_id"].map(part)
gold = gold.sample(frac=1.0, random_state=8).reset_index(drop=True)
gold.insert(0, "row_id", [f"rt{i:04d}" for i in range(1000, 1000 + len(gold))])
gold["date"] = pd.to_datetime(gold["date"]).dt.strftime("%Y-%m-%d")
cols = ["row_id", "corpus", "doc_id", "sent_id", "start", "end", "date", "source", "speaker", "title", "prev",
        "sentence", "next", "draw", "in_pool", "in_pool2", "inclusion_probability", "part"]
gold[cols].to_csv("drawn2.csv", index=False)
print(gold.groupby(["corpus", "part"]).size(), file=sys.stderr)
chunk_rng = np.random.default_rng(12)
order = chunk_rng.permutation(len(gold))
chunks = np.array_split(order, 4)
for k, rows_k in enumerate(chunks):
    overlap = chunk_rng.choice(chunks[(k + 1) % 4], 25, replace=False)
    rows_k = chunk_rng.permutation(np.concatenate([rows_k, overlap]))
    gold.iloc[rows_k][["row_id", "corpus", "date", "speaker", "title", "prev", "sentence", "next"]].to_csv(
        f"chunk2_{'ABCD'[k]}.csv", index=False)
