"""Assemble the real-text gold set from the drawn rows and the coders' files; report agreement.

Run from the repository root after `draw.py` and the coding (see README.md):
    .venv/bin/python data/gold/realtext/assemble.py /tmp/gold
It writes realtext.csv (one row per drawn sentence, the owning coder's codes), overlap.csv (both coders' codes
on the rows coded twice) and agreement.json (Krippendorff's alpha per field on the overlap).
"""

import json
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from warsignals.evaluate import krippendorff_alpha

work = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/gold")
out = Path(__file__).resolve().parent
FIELDS = ["signal", "actor", "hedged", "stance_negotiations", "stance_military_aid", "stance_Russia", "stance_Ukraine"]
SPEAKER_ACTOR = {"kremlin-ukraine": "RUS", "resistinua-2022": "UKR", "samples": ""}

ROUNDS = {1: ("drawn.csv", "chunk_{}.csv", "coded_{}.csv"), 2: ("drawn2.csv", "chunk2_{}.csv", "coded2_{}.csv"),
          3: ("drawn3.csv", "chunk3_{}.csv", "coded3_{}.csv"), 4: ("drawn4.csv", "chunk4_{}.csv", "coded4_{}.csv")}
drawn_parts, codes, owner = [], [], {}
for rnd, (drawn_name, chunk_name, coded_name) in ROUNDS.items():
    part = pd.read_csv(work / drawn_name, dtype=str, keep_default_na=False)
    part["round"] = str(rnd)
    drawn_parts.append(part)
    for coder in "ABCD":
        chunk = pd.read_csv(work / chunk_name.format(coder), dtype=str, keep_default_na=False)
        coded = pd.read_csv(work / coded_name.format(coder), dtype=str, keep_default_na=False)
        assert set(coded["row_id"]) == set(chunk["row_id"]) and coded["row_id"].is_unique, (rnd, coder)
        coded["coder"] = coder
        codes.append(coded[["row_id", "coder", *FIELDS, "note"]])
        for row_id in chunk["row_id"]:
            owner.setdefault(row_id, []).append(coder)
codes = pd.concat(codes, ignore_index=True)
drawn = pd.concat(drawn_parts, ignore_index=True)
# Round 2 drew again from a narrower pool (draw2.py): a round-1 row in that pool could also have been drawn
# then, so its inclusion probability becomes 1 - (1 - pi_1) (1 - q_2) (Poisson sampling, independent phases).
POOL2 = re.compile(r"\b(talks|negotiat\w*|ceasefire|cease-fire|truce|peace|settlement|dialogue|summit|mediat\w*|"
                   r"prisoners?|corridors?|threat\w*|nuclear|ultimatum|strik\w+|offensive|attack\w*|shelling|"
                   r"missiles?|mobili[sz]\w*|surrender|victory|escalat\w*|compromise|guarantees)\b", re.IGNORECASE)
Q2 = {"kremlin-ukraine": 300 / 3029, "resistinua-2022": 300 / 1420}
first = drawn["round"] == "1"
in_pool2 = drawn["sentence"].str.contains(POOL2) & drawn["corpus"].isin(list(Q2))
drawn["in_pool2"] = in_pool2.map({True: "True", False: "False"})
pi = drawn["inclusion_probability"].astype(float)
q2 = drawn["corpus"].map(Q2).fillna(0.0).astype(float)
drawn.loc[first & in_pool2, "inclusion_probability"] = (1 - (1 - pi) * (1 - q2))[first & in_pool2].map(repr)
# Rounds 3 and 4 (draw3.py 3, draw3.py 4) drew from POOL3 in training documents only, each leaving out rows drawn
# before. Their rows get the probability of rounds 1-2 of their (corpus, pool, pool2) cell, read off the earlier
# rows, combined with q_3 and q_4; earlier rows in POOL3 of a training document get 1 - (1 - pi)(1 - q_3)(1 - q_4).
sys.path.insert(0, str(out))
from draw3 import POOL3, TARGET3, part  # noqa: E402

POOL1 = re.compile(r"\b(war|wars|warfare|talks?|negotiat\w*|ceasefire|cease-fire|truce|peace\w*|weapon\w*|arms|aid|"
    r"assistance|missile\w*|nuclear|army|armies|troops?|soldiers?|forces|attack\w*|strik\w+|offensive\w*|"
    r"sanction\w*|military|NATO|Kyiv|Kiev|Moscow|Kremlin|Donbas\w*|Crimea|agreement\w*|dialogue|summit\w*|"
    r"mediat\w*|prisoners?|corridor\w*|surrender\w*|victory|front|frontline|defen[cs]\w*|shell\w*|bomb\w*|"
    r"tanks?|artillery|ammunition|HIMARS|Javelin\w*|Patriot|drones?|invasion|invad\w*|occup\w*|threat\w*|"
    r"ultimatum|escalat\w*|de-escalat\w*|mobili[sz]\w*|operation|Istanbul|Minsk|grain deal|exchange)\b",
    re.IGNORECASE)  # draw.py's POOL
third = drawn["round"].isin(["3", "4"])  # rounds 3 and 4 drew from POOL3 (draw3.py 3, draw3.py 4)
drawn.loc[third, "in_pool"] = drawn.loc[third, "sentence"].str.contains(POOL1).map({True: "True", False: "False"})
drawn.loc[third, "in_pool2"] = drawn.loc[third, "sentence"].str.contains(POOL2).map({True: "True", False: "False"})
cell = ["corpus", "in_pool", "in_pool2"]
# Within a cell the probability is constant up to the q_2 rounding of the round-1 update (4th decimal): the
# round-2 rows carry draw2.py's exact q_2, so the latest round's value is taken.
pi12 = (drawn[~third].sort_values("round").groupby(cell)["inclusion_probability"].last().astype(float))
q_by_round = {r: drawn.loc[drawn["round"] == r, ["corpus", "q_3"]].drop_duplicates().set_index("corpus")["q_3"]
              .astype(float) for r in ("3", "4")}
assert all(set(q.index) == set(TARGET3) for q in q_by_round.values())
in_pool3 = (drawn["sentence"].str.contains(POOL3) & (drawn["doc_id"].map(part) == "train")
            & drawn["corpus"].isin(list(TARGET3)))
drawn["in_pool3"] = in_pool3.map({True: "True", False: "False"})
earlier = drawn["inclusion_probability"].replace("", np.nan).astype(float)
base = pd.Series(np.where(third, drawn.set_index(cell).index.map(pi12), earlier), index=drawn.index)
miss = pd.Series(1.0, index=drawn.index)
for q in q_by_round.values():
    miss *= 1 - np.where(in_pool3, drawn["corpus"].map(q).fillna(0.0).astype(float), 0.0)
drawn["inclusion_probability"] = (1 - (1 - base) * miss).map(repr)
drawn = drawn.drop(columns=["q_3"])
twice = {r: c for r, c in owner.items() if len(c) == 2}
# A chunk's own rows are those not in its 30 overlap rows; the overlap rows of chunk k come from chunk k+1.
own = {}
for row_id, coders in owner.items():
    if len(coders) == 1:
        own[row_id] = coders[0]
    else:  # coder k got it as overlap from chunk k+1: the owner is the later letter (D's overlap came from A)
        a, b = sorted(coders)  # coder k got the row as overlap from chunk k+1 (D's from A)
        own[row_id] = a if (a, b) == ("A", "D") else b
codes["owner"] = codes["row_id"].map(own) == codes["coder"]
primary = codes[codes["owner"]].drop(columns="owner")
assert primary["row_id"].is_unique and len(primary) == len(drawn)
gold = drawn.merge(primary, on="row_id", how="left")
gold["speaker_actor"] = gold["corpus"].map(SPEAKER_ACTOR)
gold["hedged"] = gold["hedged"].str.lower()
gold = gold.sort_values("row_id").reset_index(drop=True)
gold.to_csv(out / "realtext.csv", index=False)

overlap = codes[codes["row_id"].isin(list(twice))].sort_values(["row_id", "coder"])
overlap.drop(columns="owner").to_csv(out / "overlap.csv", index=False)
agreement = {"n_rows": int(overlap["row_id"].nunique()),
             "n_rows_by_round": {r: int(overlap["row_id"].isin(drawn.loc[drawn["round"] == r, "row_id"]).sum() // 2)
                                 for r in ("1", "2", "3", "4")}}
for field in FIELDS:
    wide = overlap.pivot(index="row_id", columns="coder", values=field)
    pairs = np.array([[v for v in row if isinstance(v, str)] for row in wide.to_numpy()], dtype=object)
    data = np.array([[p[0] for p in pairs], [p[1] for p in pairs]], dtype=object)
    if field in ("actor", "hedged"):  # compared where both coded a signal
        both = np.array([a != "" and b != "" for a, b in zip(*data, strict=True)])
        data = data[:, both]
    agreement[field] = {
        "alpha": round(float(krippendorff_alpha(data)), 3) if len(set(data.ravel())) > 1 else None,
        "percent_agreement": round(float((data[0] == data[1]).mean()), 3),
        "n": int(data.shape[1]),
    }
# signal reduced to the scorer's families (escalation / negotiation / none)
fam = overlap.pivot(index="row_id", columns="coder", values="signal").apply(
    lambda r: [v if v in ("escalation", "negotiation") else "none" for v in r if isinstance(v, str)], axis=1)
data = np.array([[p[0] for p in fam], [p[1] for p in fam]], dtype=object)
agreement["signal_family"] = {"alpha": round(float(krippendorff_alpha(data)), 3),
                              "percent_agreement": round(float((data[0] == data[1]).mean()), 3),
                              "n": int(data.shape[1])}
(out / "agreement.json").write_text(json.dumps(agreement, indent=2) + "\n")
print(json.dumps(agreement, indent=2))
print(gold.groupby(["part", "signal"]).size().unstack(fill_value=0))
