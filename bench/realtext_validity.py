"""Benchmark: the signal scorer on real speeches and addresses coded by reading (data/gold/realtext).

Scores the gold set's test part (498 sentences from Kremlin and resistinua documents no training row comes from;
set aside before tuning) and, for reference, its training part, and prints precision, recall and F1 of
escalation and negotiation, actor accuracy on true signals found, and hedged precision/recall/F1, each with a
95% document-bootstrap interval (1,000 replicates, seeded). The baseline, same run: TF-IDF (word 1-2 grams) +
logistic regression trained on the training part (signal reduced to escalation / negotiation / other). The
learned model, same run: :class:`warsignals.signals.SignalClassifier` (lexicon features weighted 2 + TF-IDF,
calibrated SVM, C=1) trained on the training part, with per-class thresholds chosen on document-grouped
out-of-fold predictions of the training part (:func:`warsignals.signals.select_signal_thresholds`; what
``warsignals train signals --gold default --C 1 --lexicon-scale 2 --thresholds auto`` builds). Its grouped
cross-validation on the training part, the evidence for choosing it, is ``bench/realtext_cv.py``.

Usage::

    .venv/bin/python bench/realtext_validity.py [--n-boot 1000]
"""

from __future__ import annotations

import argparse

import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from warsignals.realtext import read_gold, score_gold, signal_measures
from warsignals.signals import SignalClassifier, select_signal_thresholds

MEASURES = ["escalation_precision", "escalation_recall", "escalation_f1", "negotiation_precision",
            "negotiation_recall", "negotiation_f1", "actor_accuracy", "hedged_precision", "hedged_recall",
            "hedged_f1"]

#: The learned model's settings, chosen by document-grouped CV on the train part (bench/realtext_cv.py).
LEARNED = {"C": 1.0, "lexicon_scale": 2.0}


def family(signal: pd.Series) -> pd.Series:
    return signal.where(signal.isin(["escalation", "negotiation"]), "none")


def show(title: str, report: dict) -> None:
    print(f"\n{title}  (rows {report['n_rows']}, documents {report['n_docs']}; gold escalation "
          f"{report['support']['escalation']}, negotiation {report['support']['negotiation']})")
    for key in MEASURES:
        m = report[key]
        print(f"  {key:22s} {m['value']:.3f}  [{m['lo']:.3f}, {m['hi']:.3f}]")
    macro = (report["escalation_f1"]["value"] + report["negotiation_f1"]["value"]) / 2
    print(f"  {'macro_f1 (esc, neg)':22s} {macro:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-boot", type=int, default=1000)
    args = parser.parse_args()
    train, test = read_gold(part="train"), read_gold(part="test")
    for name, part in (("test", test), ("train (tuned on)", train)):
        show(f"lexicon scorer, {name} part", signal_measures(score_gold(part), n_boot=args.n_boot))
    baseline = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                             LogisticRegression(C=10, class_weight="balanced", max_iter=2000))
    baseline.fit(train["sentence"], family(train["signal"]))
    scored = score_gold(test)
    lexicon_actor = scored["pred_actor"].copy()
    scored["pred_signal"] = baseline.predict(test["sentence"])
    scored["pred_actor"] = test["speaker_actor"]  # the baseline names no actor: the speaker's
    show("baseline TF-IDF + LR trained on the train part, test part", signal_measures(scored, n_boot=args.n_boot))
    texts, labels = train["sentence"].astype(str).tolist(), family(train["signal"]).to_numpy(dtype=object)
    thresholds, table = select_signal_thresholds(texts, labels, ["escalation", "negotiation"],
                                                 train["doc_id"].to_numpy(), LEARNED)
    print("\nlearned model: thresholds chosen on grouped out-of-fold predictions of the train part")
    print(table.round(3).to_string(index=False))
    learned = SignalClassifier(**LEARNED, class_thresholds=thresholds).fit(texts, labels)
    for name, model in (("argmax", SignalClassifier(**LEARNED).fit(texts, labels)), ("thresholds", learned)):
        scored["pred_signal"] = model.predict(test["sentence"].astype(str).tolist())
        scored["pred_actor"] = lexicon_actor  # the model names no actor: the lexicon's
        show(f"learned SignalClassifier ({name}) trained on the train part, test part",
             signal_measures(scored, n_boot=args.n_boot))


if __name__ == "__main__":
    main()
