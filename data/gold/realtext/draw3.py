"""Round 3 of the real-text gold draw: more training rows about the four stance targets, signals and aid.

Training documents only (the test part is never drawn from again). Run from /tmp/gold after draw2.py:
    /work/main/.venv/bin/python /work/main/data/gold/realtext/draw3.py
"""
import hashlib
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from warsignals.corpus import load_corpus
from warsignals.sentences import split_sentences

SHARED = (Path(__file__).resolve().parents[3] / ".." / "shared" / "corpora").resolve()
CORPORA = {"kremlin-ukraine": SHARED / "kremlin-ukraine" / "kremlin_ukraine_2022_2025.jsonl",
           "resistinua-2022": SHARED / "resistinua-2022" / "resistinua_2022.jsonl"}
# Our own list (not the lexicon's): the four targets, their capitals and leaders, weapons and aid, talks, threats.
POOL3 = re.compile(r"\b(Russia\w*|Ukrain\w*|Kyiv|Kiev|Moscow|Kremlin|Zelensk\w*|Putin|Kiev regime|regime|"
    r"weapons?|arms|aid|assistance|package|HIMARS|Javelins?|Patriots?|Stingers?|tanks|howitzers?|ammunition|"
    r"air defen[cs]e|fighter jets?|aircraft|military support|sanctions|"
    r"talks|negotiat\w*|ceasefire|cease-fire|truce|peace|settlement|dialogue|summit|mediat\w*|compromise|"
    r"threat\w*|nuclear|ultimatum|offensive|victory|surrender|escalat\w*|sovereign\w*|territorial integrity)\b",
    re.IGNORECASE)
TARGET3 = {"kremlin-ukraine": 560, "resistinua-2022": 560}
#: Round 4 (``draw3.py 4``): the same pool again, leaving out every row drawn before, with its own seed.
TARGET4 = {"kremlin-ukraine": 640, "resistinua-2022": 640}


def part(doc_id: str) -> str:
    h = int(hashlib.sha256(("realtext-split:" + doc_id).encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "test" if h < 0.40 else "train"


def main(rnd: int = 3) -> None:
    names = ("drawn.csv", "drawn2.csv", "drawn3.csv")[:rnd - 1]
    drawn = pd.concat([pd.read_csv(name, dtype=str, keep_default_na=False) for name in names])
    target = TARGET3 if rnd == 3 else TARGET4
    have = set(drawn["doc_id"] + ":" + drawn["start"])
    rng = np.random.default_rng(20261201 if rnd == 3 else 20261202)
    rows = []
    for corpus, path in CORPORA.items():
        docs = load_corpus([str(path)]).documents
        sents = split_sentences(docs, progress=False).merge(docs[["doc_id", "title"]], on="doc_id", how="left")
        n = len(sents)
        train_doc = (sents["doc_id"].map(part) == "train").to_numpy()
        in_pool3 = sents["sentence"].str.contains(POOL3).to_numpy() & train_doc
        q_3 = target[corpus] / in_pool3.sum()
        by3 = in_pool3 & (rng.random(n) < q_3)
        s = sents.copy()
        s["prev"] = s.groupby("doc_id")["sentence"].shift(1).fillna("")
        s["next"] = s.groupby("doc_id")["sentence"].shift(-1).fillna("")
        s["corpus"], s["in_pool3"], s["q_3"], s["draw"] = corpus, in_pool3, q_3, f"pool{rnd}"
        key = s["doc_id"] + ":" + s["start"].astype(str)
        s = s[by3 & ~key.isin(have).to_numpy()]
        print(corpus, n, "pool3 (train documents)", in_pool3.sum(), "q_3", round(q_3, 5), "drawn", len(s),
              file=sys.stderr)
        rows.append(s)
    gold = pd.concat(rows, ignore_index=True)
    gold["part"] = gold["doc_id"].map(part)
    assert (gold["part"] == "train").all()
    gold = gold.sample(frac=1.0, random_state=9 if rnd == 3 else 10).reset_index(drop=True)
    start = 2000 if rnd == 3 else 4000
    gold.insert(0, "row_id", [f"rt{i:04d}" for i in range(start, start + len(gold))])
    gold["date"] = pd.to_datetime(gold["date"]).dt.strftime("%Y-%m-%d")
    cols = ["row_id", "corpus", "doc_id", "sent_id", "start", "end", "date", "source", "speaker", "title", "prev",
            "sentence", "next", "draw", "in_pool3", "q_3", "part"]
    gold[cols].to_csv(f"drawn{rnd}.csv", index=False)
    chunk_rng = np.random.default_rng(13 if rnd == 3 else 14)
    order = chunk_rng.permutation(len(gold))
    chunks = np.array_split(order, 4)
    for k, rows_k in enumerate(chunks):
        overlap = chunk_rng.choice(chunks[(k + 1) % 4], 25, replace=False)
        rows_k = chunk_rng.permutation(np.concatenate([rows_k, overlap]))
        gold.iloc[rows_k][["row_id", "corpus", "date", "speaker", "title", "prev", "sentence", "next"]].to_csv(
            f"chunk{rnd}_{'ABCD'[k]}.csv", index=False)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
