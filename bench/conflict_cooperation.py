"""Benchmark: does the default lexicon scorer separate conflict from cooperation on event sentences?

A proxy for the issue's target (two-way macro-F1 >= 0.75 on PLOVER-style event sentences the lexicon was not
tuned on): the multicoped train split (CAMEO PentaClass, human-coded), neutral ``statement`` rows dropped.
The lexicon's ``penta_class`` is read two ways: verbal/material conflict = conflict, verbal/material
cooperation = cooperation; a sentence it leaves as ``statement`` counts as a miss for either class.

Printed for the current lexicon and, in the same run, for the baseline: the lexicon of another git revision
(default ``main``), so that a lexicon edit shows its gain. Intervals: percentile bootstrap over story groups
(:func:`warsignals.evaluate.story_groups`; sentences of one batch are resampled together). Usage::

    .venv/bin/python bench/conflict_cooperation.py [--baseline-rev main] [--n-boot 1000] [--seed 20240524]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score

from warsignals import config
from warsignals.evaluate import story_groups
from warsignals.signals import score_sentences

CLASSES = ["conflict", "cooperation"]
TWO_WAY = {"verbal_conflict": "conflict", "material_conflict": "conflict",
           "verbal_cooperation": "cooperation", "material_cooperation": "cooperation"}


def two_way(penta: pd.Series) -> np.ndarray:
    """The conflict / cooperation reading of PentaClass labels (``statement`` becomes ``none``)."""
    return penta.map(TWO_WAY).fillna("none").to_numpy(dtype=object)


def macro_f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    """Macro-F1 over conflict and cooperation (a ``none`` prediction is a miss)."""
    return float(f1_score(truth, predicted, labels=CLASSES, average="macro", zero_division=0))


def group_bootstrap(truth, predicted, groups, n_boot: int, seed: int) -> tuple[float, float]:
    """95% percentile interval of the macro-F1, resampling whole groups."""
    rng = np.random.default_rng(seed)
    codes = pd.factorize(groups)[0]
    members = [np.flatnonzero(codes == g) for g in range(codes.max() + 1)]
    values = []
    for _ in range(n_boot):
        rows = np.concatenate([members[g] for g in rng.integers(0, len(members), len(members))])
        values.append(macro_f1(truth[rows], predicted[rows]))
    return float(np.quantile(values, 0.025)), float(np.quantile(values, 0.975))


def lexicon_at(rev: str, directory: Path) -> Path | None:
    """The cue lexicon as committed at git revision ``rev`` (None when git or the revision is unavailable)."""
    root = Path(__file__).resolve().parent.parent
    try:
        text = subprocess.run(["git", "-C", str(root), "show", f"{rev}:data/lexicons/cues.yaml"],
                              check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    path = directory / "cues.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default=str(config.MULTICOPED_TRAIN))
    parser.add_argument("--baseline-rev", default="main")
    parser.add_argument("--n-boot", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=config.DEFAULT_SEED)
    args = parser.parse_args(argv)
    try:
        data = pd.read_csv(args.path)
    except FileNotFoundError:
        print(f"gold set not found at {args.path}; see README 'Real corpora and gold sets'", file=sys.stderr)
        return 1
    data = data[data["signal3"] != "neutral"].reset_index(drop=True)
    texts = data["text"].astype(str).tolist()
    truth = data["signal3"].astype(str).to_numpy(dtype=object)
    groups = story_groups(texts, seed=args.seed)
    counts = pd.Series(truth).value_counts()
    print(f"multicoped train without neutral rows: {len(data)} sentences ({counts.get('conflict', 0)} conflict, "
          f"{counts.get('cooperation', 0)} cooperation), {len(set(groups))} story groups; "
          f"two-way macro-F1 with 95% story-group bootstrap intervals ({args.n_boot} replicates)")
    with tempfile.TemporaryDirectory() as tmp:
        lexicons = {"current lexicon": None, f"baseline: lexicon at {args.baseline_rev}":
                    lexicon_at(args.baseline_rev, Path(tmp))}
        for name, lexicon in lexicons.items():
            if name.startswith("baseline") and lexicon is None:
                print(f"  {name}: not available (no git revision {args.baseline_rev!r})")
                continue
            scored = score_sentences(pd.DataFrame({"text": texts}), lexicon=lexicon, text_column="text")
            predicted = two_way(scored["penta_class"])
            lo, hi = group_bootstrap(truth, predicted, groups, args.n_boot, args.seed)
            per_class = f1_score(truth, predicted, labels=CLASSES, average=None, zero_division=0)
            missed = float(np.mean(predicted == "none"))
            print(f"  {name:<32} macro-F1 {macro_f1(truth, predicted):.3f} [{lo:.3f}, {hi:.3f}]; F1 conflict "
                  f"{per_class[0]:.3f}, cooperation {per_class[1]:.3f}; left as statement {missed:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
