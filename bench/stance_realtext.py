"""Benchmark: stance toward the four targets on real speeches and addresses coded by reading (data/gold/realtext).

Part 1, sentences: the gold set's test part (498 sentences from 100 Kremlin and resistinua documents no training
row comes from; set aside before any tuning) scored by the package's grounded model (trained on the training
part, ``data/models/build_grounded.py``), the weak model, and the baseline of the same run (TF-IDF word 1-2 grams
+ logistic regression per target, trained on the training part with the speaker's actor as a token). Prints the
F1 of FAVOR and of AGAINST per target and their mean over the classes the test part holds, with 95%
document-bootstrap intervals (seeded).

Part 2, documents: both shipped corpora (``warsignals.datasets``) scored sentence by sentence with the grounded
model; among documents with stance-bearing sentences toward a target, the share whose majority is FAVOR and
AGAINST (the issue's document-level check), and, for the Ukrainian addresses, how many of those that ask for or
thank for weapons have a military-aid stance found.

Usage::

    .venv/bin/python bench/stance_realtext.py [--n-boot 1000] [--skip-documents]
"""

from __future__ import annotations

import argparse
import re
import time

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from warsignals.realtext import STANCE_TARGETS, read_gold, score_gold_stance, stance_measures

# our own words for an address that asks for or thanks for weapons (not the model's patterns)
WEAPON = re.compile(r"\b(weapons?|arms|air defen[cs]e|tanks|planes|jets|ammunition|artillery|missiles|"
                    r"Javelins?|Stingers?|HIMARS|howitzers?|Lend-Lease)\b", re.IGNORECASE)
ASK_THANK = re.compile(r"\b(thank\w*|grateful|gratitude|need|ask\w*|request\w*|give|provide|supply|send|deliver\w*)\b",
                       re.IGNORECASE)


def show(title: str, report: dict) -> None:
    print(f"\n{title}  (rows {report['n_rows']}, documents {report['n_docs']})")
    for target in STANCE_TARGETS:
        cells = []
        for key in ("FAVOR_f1", "AGAINST_f1", "f_favor_against"):
            m = report.get(f"{target}_{key}")
            if m is not None:
                cells.append(f"{key} {m['value']:.3f} [{m['lo']:.3f}, {m['hi']:.3f}]")
        support = report["support"][target]
        print(f"  {target:13s} " + "  ".join(cells) + f"   (gold FAVOR {support.get('FAVOR', 0)}, "
              f"AGAINST {support.get('AGAINST', 0)})")


def baseline_scores(train: pd.DataFrame, test: pd.DataFrame) -> pd.DataFrame:
    rows = []
    text = lambda g: (g["speaker_actor"].fillna("").radd("speaker_") + " " + g["sentence"])  # noqa: E731
    for target in STANCE_TARGETS:
        y = train[f"stance_{target}"].str.upper().where(lambda s: s.isin(["FAVOR", "AGAINST"]), "NONE")
        model = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                              LogisticRegression(C=10, class_weight="balanced", max_iter=2000)).fit(text(train), y)
        truth = test[f"stance_{target}"].str.upper().where(lambda s: s.isin(["FAVOR", "AGAINST"]), "NONE")
        rows.append(pd.DataFrame({"row_id": test["row_id"], "doc_id": test["doc_id"], "target": target,
                                  "gold": truth, "pred": model.predict(text(test))}))
    return pd.concat(rows, ignore_index=True)


def documents(n_boot: int) -> None:
    from warsignals.datasets import load_dataset
    from warsignals.sentences import split_sentences
    from warsignals.stance import document_stance, score_units

    for name in ("kremlin-ukraine", "ukraine-addresses"):
        docs = load_dataset(name)
        sentences = split_sentences(docs, progress=False)
        start = time.perf_counter()
        scored = score_units(sentences, list(STANCE_TARGETS), models="grounded")
        seconds = time.perf_counter() - start
        table = document_stance(scored)
        print(f"\n{name}: {len(docs)} documents, {len(sentences):,} sentences, scored in {seconds:.0f} s "
              f"({len(sentences) / seconds:,.0f} sentences/s, four targets)")
        for target in STANCE_TARGETS:
            part = table[(table["target"] == target) & (table["n_stance"] > 0)]
            print(f"  {target:13s} documents with stance {len(part):4d}   majority FAVOR "
                  f"{np.mean(part['stance'] == 'FAVOR'):.3f}   AGAINST {np.mean(part['stance'] == 'AGAINST'):.3f}")
        if name == "ukraine-addresses":
            asks = sentences[sentences["sentence"].str.contains(WEAPON) & sentences["sentence"].str.contains(ASK_THANK)]
            asking = set(asks["doc_id"])
            aid = table[(table["target"] == "military_aid") & (table["n_stance"] > 0)]
            found = asking & set(aid["doc_id"])
            print(f"  addresses asking for or thanking for weapons (our word list): {len(asking)}; with a military-aid "
                  f"stance found: {len(found)} ({len(found) / max(len(asking), 1):.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-boot", type=int, default=1000)
    parser.add_argument("--skip-documents", action="store_true", help="only the sentence-level part")
    args = parser.parse_args()
    train, test = read_gold(part="train"), read_gold(part="test")
    for model in ("grounded", "weak"):
        show(f"{model} model, test part", stance_measures(score_gold_stance(test, model=model), n_boot=args.n_boot))
    show("baseline TF-IDF + LR per target (speaker token), trained on the train part, test part",
         stance_measures(baseline_scores(train, test), n_boot=args.n_boot))
    if not args.skip_documents:
        documents(args.n_boot)


if __name__ == "__main__":
    main()
