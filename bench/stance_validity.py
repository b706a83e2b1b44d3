"""Stance validity on RUW (../shared/gold/ruw-stance): supervised vs weak vs TF-IDF+LR baseline, same run.

Trains on ``split == train`` and reports on ``split == dev``, per target (Russia, Ukraine), the SemEval-2016
macro-F (mean F1 of FAVOR and AGAINST) and per-class F1 of

- ``supervised``: :class:`warsignals.stance.StanceClassifier`, a joint model over both targets, parameters
  chosen among :data:`warsignals.stance.DEFAULT_GRID` by grouped 3-fold cross-validation on the training
  split only (``--no-select`` uses the defaults);
- ``weak``: :class:`warsignals.stance.WeakStanceModel`, zero gold labels: the YAML labelling functions and a
  linear model fitted on the weak labels of the *unlabelled* training texts; ``weak-unm`` is the same with
  ``none_from="unmentioned"`` (NONE examples only from texts that do not mention the target, the setting for
  opinion-dense texts such as these tweets);
- ``baseline``: word TF-IDF + logistic regression, one model per target (:func:`baseline_model`).

Training data are deduplicated (whitespace/case-normalised text per target, majority label, ties dropped),
and training rows whose text also appears in dev are removed, so no dev text is seen in training. All dev
rows are scored. Also prints training and scoring seconds per 10,000 sentences.

Usage: ``.venv/bin/python bench/stance_validity.py [--no-select] [--json OUT]``
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np
import pandas as pd

from warsignals import config
from warsignals.evaluate import classification_report, semeval_macro_f
from warsignals.stance import (
    DEFAULT_GRID,
    LABELS,
    WeakStanceModel,
    baseline_model,
    prepare_labels,
    train_stance,
)


def _normal(texts: pd.Series) -> pd.Series:
    return texts.astype(str).str.lower().str.split().str.join(" ")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-select", action="store_true", help="skip the CV parameter choice")
    parser.add_argument("--json", help="also write the figures as JSON here")
    parser.add_argument("--seed", type=int, default=config.DEFAULT_SEED)
    args = parser.parse_args(argv)
    if not config.RUW_TRAIN_DEV.exists():
        print(f"RUW data absent at {config.RUW_TRAIN_DEV}; nothing to do", file=sys.stderr)
        return 1
    data = pd.read_csv(config.RUW_TRAIN_DEV)
    dev = data[data["split"] == "dev"].reset_index(drop=True)
    raw_train = data[data["split"] == "train"]
    leaking = _normal(raw_train["text"]).isin(set(_normal(dev["text"])))
    train = prepare_labels(raw_train[~leaking].reset_index(drop=True), target_column="target", source="RUW train")
    print(f"RUW train rows {len(raw_train)} -> {len(train)} after removing {int(leaking.sum())} rows whose text "
          f"is in dev and merging duplicates; dev rows {len(dev)}")
    targets = sorted(dev["target"].unique())
    results: dict = {"models": {}, "timing": {}}

    # supervised (joint over targets)
    start = time.perf_counter()
    model, report = train_stance(train, select=not args.no_select, grid=DEFAULT_GRID, seed=args.seed)
    fit_seconds = time.perf_counter() - start
    final_start = time.perf_counter()
    type(model)(**model.get_params()).fit(train[["text", "target"]], train["label"])
    final_fit = time.perf_counter() - final_start
    start = time.perf_counter()
    supervised = model.predict(dev[["text", "target"]])
    score_seconds = time.perf_counter() - start
    if "cv" in report:
        print("supervised model selection (grouped 3-fold CV on train, SemEval macro-F):")
        for row in report["cv"]:
            print(f"  {row['params']:<40} {row['macro_f']:.4f} +- {row['sd']:.4f}")
    print(f"supervised chosen parameters: C={model.C} char={model.char_ngram_range} lexicon={model.lexicon} "
          f"target_features={model.target_features} context_window={model.context_window} "
          f"shared_axis={model.shared_axis}")
    results["timing"]["supervised"] = {
        "fit_seconds_per_10k": round(final_fit / len(train) * 10_000, 2),
        "fit_with_selection_seconds": round(fit_seconds, 1),
        "score_seconds_per_10k": round(score_seconds / len(dev) * 10_000, 2),
    }

    # weak (zero labels) and baseline, per target
    weak = np.empty(len(dev), dtype=object)
    weak_unmentioned = np.empty(len(dev), dtype=object)
    baseline = np.empty(len(dev), dtype=object)
    weak_fit = weak_score = base_fit = base_score = 0.0
    for target in targets:
        rows = (dev["target"] == target).to_numpy()
        texts = list(pd.unique(train.loc[train["target"] == target, "text"]))
        start = time.perf_counter()
        weak_model = WeakStanceModel(target=target, random_state=args.seed).fit(texts)
        weak_fit += time.perf_counter() - start
        start = time.perf_counter()
        weak[rows] = weak_model.predict(list(dev.loc[rows, "text"]))
        weak_score += time.perf_counter() - start
        print(f"weak labels on {len(texts)} unlabelled train texts ({target}): {weak_model.n_weak_[target]}")
        variant = WeakStanceModel(target=target, none_from="unmentioned", random_state=args.seed).fit(texts)
        weak_unmentioned[rows] = variant.predict(list(dev.loc[rows, "text"]))
        part = train[train["target"] == target]
        start = time.perf_counter()
        base = baseline_model(args.seed).fit(part["text"], part["label"])
        base_fit += time.perf_counter() - start
        start = time.perf_counter()
        baseline[rows] = base.predict(dev.loc[rows, "text"])
        base_score += time.perf_counter() - start
    results["timing"]["weak"] = {"fit_seconds_per_10k": round(weak_fit / len(train) * 10_000, 2),
                                 "score_seconds_per_10k": round(weak_score / len(dev) * 10_000, 2)}
    results["timing"]["baseline"] = {"fit_seconds_per_10k": round(base_fit / len(train) * 10_000, 2),
                                     "score_seconds_per_10k": round(base_score / len(dev) * 10_000, 2)}

    print()
    print(f"{'model':<11} {'target':<8} {'macroF':>7} {'F1 FAV':>7} {'F1 AGA':>7} {'F1 NONE':>7} {'n':>5}")
    models = (("supervised", supervised), ("weak", weak), ("weak-unm", weak_unmentioned), ("baseline", baseline))
    for name, predicted in models:
        results["models"][name] = {}
        for target in [*targets, "all"]:
            rows = np.ones(len(dev), bool) if target == "all" else (dev["target"] == target).to_numpy()
            gold, guess = dev.loc[rows, "label"].to_numpy(), predicted[rows]
            full = classification_report(gold, guess, labels=list(LABELS))
            macro = semeval_macro_f(gold, guess)
            f1 = {label: full["per_class"][label]["f1"] for label in LABELS}
            results["models"][name][target] = {"semeval_macro_f": macro, "f1": f1, "n": int(rows.sum()),
                                               "confusion_matrix": full["confusion_matrix"]}
            print(f"{name:<11} {target:<8} {macro:7.4f} {f1['FAVOR']:7.4f} {f1['AGAINST']:7.4f} "
                  f"{f1['NONE']:7.4f} {int(rows.sum()):5d}")
    print()
    for target in [*targets, "all"]:
        gain = (results["models"]["supervised"][target]["semeval_macro_f"]
                - results["models"]["baseline"][target]["semeval_macro_f"])
        print(f"supervised - baseline ({target}): {gain:+.4f}")
    print()
    print("seconds per 10,000 sentences (fit on train rows, score dev rows; 2 shared CPU cores):")
    for name, timing in results["timing"].items():
        print(f"  {name:<11} fit {timing['fit_seconds_per_10k']:8.2f}  score {timing['score_seconds_per_10k']:8.2f}")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(results, handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
