"""Benchmark: validity of the signal measures on the human-coded multicoped gold set (CAMEO PentaClass).

5-fold stratified cross-validated macro-F1, same folds and same run, on ``signal3`` (conflict / cooperation /
neutral) and on ``label`` (five PentaClasses) for:

- the learned model (:class:`warsignals.signals.SignalClassifier`: TF-IDF word 1-2 and char 2-5 grams plus
  lexicon category features, linear SVM with C tuned by inner CV on each training fold, calibrated);
- the same model without lexicon features (ablation);
- the lexicon alone (its ``penta_class``, and its three-way reading of it), which is not trained;
- the baseline: TF-IDF (default settings) + logistic regression (default C).

The data set's test split is kept apart; nothing here touches it. Usage::

    .venv/bin/python bench/signals_validity.py [--folds 5] [--seed 20240524]
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline

from warsignals import config
from warsignals.signals import PENTA_TO_SIGNAL3, SignalClassifier, score_sentences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=config.DEFAULT_SEED)
    parser.add_argument("--path", default=str(config.MULTICOPED_TRAIN))
    args = parser.parse_args(argv)
    try:
        data = pd.read_csv(args.path)
    except FileNotFoundError:
        print(f"gold set not found at {args.path}; see README 'Real corpora and gold sets'", file=sys.stderr)
        return 1
    texts = data["text"].astype(str).to_numpy(dtype=object)
    print(f"multicoped train: {len(data)} sentences; {args.folds}-fold stratified CV (seed {args.seed}), macro-F1")
    lexicon = score_sentences(pd.DataFrame({"text": texts}), text_column="text")
    lexicon_penta = lexicon["penta_class"].to_numpy(dtype=object)
    lexicon_three = lexicon["penta_class"].map(PENTA_TO_SIGNAL3).to_numpy(dtype=object)
    models = {
        "learned (SignalClassifier)": lambda: SignalClassifier(random_state=args.seed),
        "learned without lexicon features": lambda: SignalClassifier(use_lexicon=False, random_state=args.seed),
        "baseline TF-IDF + LogisticRegression": lambda: make_pipeline(
            TfidfVectorizer(), LogisticRegression(max_iter=1000)
        ),
    }
    for target in ("signal3", "label"):
        y = data[target].astype(str).to_numpy(dtype=object)
        folds = list(StratifiedKFold(args.folds, shuffle=True, random_state=args.seed).split(texts, y))
        scores: dict[str, list[float]] = {name: [] for name in models}
        scores["lexicon alone"] = []
        chosen_c = []
        start = time.perf_counter()
        for train, test in folds:
            for name, make in models.items():
                model = make().fit(list(texts[train]), y[train])
                scores[name].append(f1_score(y[test], model.predict(list(texts[test])), average="macro"))
                if name.startswith("learned (") and hasattr(model, "C_"):
                    chosen_c.append(model.C_)
            predicted = lexicon_three if target == "signal3" else lexicon_penta
            scores["lexicon alone"].append(f1_score(y[test], predicted[test], average="macro"))
        reading = "three-way reading of penta_class" if target == "signal3" else "penta_class"
        print(f"\n{target} ({len(set(y))} classes; {time.perf_counter() - start:.0f} s):")
        for name, values in scores.items():
            label = f"lexicon alone ({reading})" if name == "lexicon alone" else name
            print(f"  {label:<48} macro-F1 {np.mean(values):.3f} (sd {np.std(values):.3f}; folds "
                  + " ".join(f"{v:.3f}" for v in values) + ")")
        print(f"  C chosen by inner CV per fold: {chosen_c}")
        gain = np.mean(scores["learned (SignalClassifier)"]) - np.mean(scores["baseline TF-IDF + LogisticRegression"])
        wins = sum(a > b for a, b in zip(scores["learned (SignalClassifier)"],
                                         scores["baseline TF-IDF + LogisticRegression"], strict=True))
        print(f"  learned - baseline: {gain:+.3f} macro-F1 (learned better in {wins}/{len(folds)} folds)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
