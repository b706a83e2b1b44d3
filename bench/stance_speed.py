"""Benchmark: stance scoring throughput on the default corpus, beside NLTK VADER on the same sentences in the same run.

The sentences are the punkt sentences of the two shipped datasets (``kremlin-ukraine`` and ``ukraine-addresses``,
what ``make run``'s notebook 04 scores). Ours is :func:`warsignals.stance.score_stance` with the grounded model on
the four default targets (every sentence x target pair: grounding, labelling functions where they may vote, the
learned weights on the rows the rules leave open); the reference is VADER's ``polarity_scores`` per sentence, the
lexicon scorer researchers would otherwise reach for. Timed runs of the two alternate and each rate is the median of
its runs, so that load from other processes hits both alike. Loading the shipped model (in a fresh process, as a
notebook does) is timed on its own. Usage::

    .venv/bin/python bench/stance_speed.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

TARGETS = ["negotiations", "military_aid", "Russia", "Ukraine"]
LOAD_SCRIPT = ("import time; import warsignals.stance.grounded as g; start = time.perf_counter(); g.shipped_model(); "
               "print(time.perf_counter() - start)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each, interleaved (median reported)")
    args = parser.parse_args(argv)

    import pandas as pd
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    from warsignals.datasets import load_dataset
    from warsignals.nltk_setup import ensure_vader
    from warsignals.sentences import split_sentences
    from warsignals.stance import load_targets, score_stance
    from warsignals.stance.targets import text_tokens

    def forget_texts() -> None:
        """Forget every text seen (the token and vote caches), so that each timed run reads the corpus anew."""
        text_tokens.cache_clear()
        for spec in load_targets().values():
            spec.cache.clear()

    documents = pd.concat([load_dataset("kremlin-ukraine"), load_dataset("ukraine-addresses")], ignore_index=True)
    sentences = split_sentences(documents, progress=False)
    texts = sentences["sentence"].tolist()
    n = len(texts)
    print(f"default corpus: {len(documents)} documents, {n} sentences, {len(TARGETS)} targets "
          f"({n * len(TARGETS):,} sentence-target pairs)")
    loads = [float(subprocess.run([sys.executable, "-c", LOAD_SCRIPT], capture_output=True, text=True,
                                  check=True).stdout) for _ in range(2)]
    print(f"loading the shipped grounded model in a fresh process: {min(loads):.2f} s (best of 2, imports excluded)")

    ensure_vader()
    vader = SentimentIntensityAnalyzer()
    score_stance(sentences[:200], TARGETS)  # the model loaded and the patterns compiled, as after a first use
    ours, theirs = [], []
    for _ in range(args.repeat):
        forget_texts()
        start = time.perf_counter()
        scored = score_stance(sentences, TARGETS)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        for text in texts:
            vader.polarity_scores(text)
        theirs.append(time.perf_counter() - start)
    ours_rate, vader_rate = n / statistics.median(ours), n / statistics.median(theirs)
    bearing = (scored["stance"] != "NONE").groupby(scored["target"]).sum()
    print("stance-bearing sentences: " + ", ".join(f"{t} {int(bearing.get(t, 0))}" for t in TARGETS))
    print(f"warsignals score_stance (grounded, {len(TARGETS)} targets): {statistics.median(ours):.1f} s, "
          f"{ours_rate:,.0f} sentences/s (median of {args.repeat})")
    print(f"NLTK VADER polarity_scores (baseline, same run): {statistics.median(theirs):.1f} s, "
          f"{vader_rate:,.0f} sentences/s")
    print(f"ratio: {ours_rate / vader_rate:.2f}x VADER's rate, for four targets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
