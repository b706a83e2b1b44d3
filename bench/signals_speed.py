"""Benchmark: sentence scoring throughput on the Kremlin corpus, against NLTK VADER in the same run.

Both score the same sentences (the punkt sentences of every document). Ours is
:func:`warsignals.signals.score_sentences` (cue lexicon, negation/modality, hedges, actor attribution,
cue offsets); the baseline is ``nltk.sentiment.vader.SentimentIntensityAnalyzer().polarity_scores`` per
sentence, the lexicon scorer researchers would otherwise reach for. The lexicon is compiled once and cached
(as in any real run); the first, cold call including compilation is reported too. The timed runs of
the two scorers alternate, and each rate is the median of its runs, so that load from other processes
hits both alike.

Whole process: the same sentences as a CSV, scored by the ``warsignals score`` command (start-up, reading,
scoring, writing) against a Python process that reads the CSV with pandas, runs VADER on every sentence and
writes the CSV with its four scores; wall time of each (median of ``--process-repeat`` interleaved runs),
printed beside the in-process ratio. Usage::

    .venv/bin/python bench/signals_speed.py [--repeat 5] [--process-repeat 3] [--path FILE]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from warsignals import config
from warsignals.lexicon import _load_cached
from warsignals.matcher import _matcher_cached
from warsignals.signals import score_sentences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5,
                        help="timed runs of each scorer, interleaved (median reported)")
    parser.add_argument("--process-repeat", type=int, default=3,
                        help="timed whole-process runs of each, interleaved (median reported)")
    parser.add_argument("--path", default=str(config.KREMLIN_CORPUS), help="corpus file (JSONL)")
    args = parser.parse_args(argv)
    path = Path(args.path)
    if not path.exists():
        print(f"corpus not found at {path}; see README 'Real corpora and gold sets'", file=sys.stderr)
        return 1
    from warsignals.corpus import load_corpus
    from warsignals.sentences import split_sentences

    documents = load_corpus(path, progress=False).documents
    sentences = split_sentences(documents, progress=False)
    texts = sentences["sentence"].tolist()
    n = len(texts)
    print(f"corpus: {path.name}: {len(documents)} documents, {n} sentences, "
          f"{sum(map(len, texts)) / 1e6:.2f} M characters")

    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    from warsignals.nltk_setup import ensure_vader

    ensure_vader()
    vader = SentimentIntensityAnalyzer()

    _load_cached.cache_clear()
    _matcher_cached.cache_clear()
    start = time.perf_counter()
    scored = score_sentences(sentences)
    cold = time.perf_counter() - start
    # Interleaved repetitions, so that a change of machine load hits both scorers alike.
    ours, theirs = [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        scored = score_sentences(sentences)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        polarity = [vader.polarity_scores(t) for t in texts]
        theirs.append(time.perf_counter() - start)

    ours_rate = n / statistics.median(ours)
    vader_rate = n / statistics.median(theirs)
    counts = scored["signal"].value_counts()
    kinds = ("escalation", "negotiation", "mixed", "none")
    print("signals found: " + ", ".join(f"{k} {counts.get(k, 0)}" for k in kinds))
    print(f"VADER compound != 0 for {sum(p['compound'] != 0 for p in polarity)} sentences")
    print(f"warsignals score_sentences: {ours_rate:,.0f} sentences/s (median of {args.repeat}; "
          f"cold first call incl. lexicon compilation: {n / cold:,.0f} sentences/s)")
    print(f"NLTK VADER polarity_scores: {vader_rate:,.0f} sentences/s (median of {args.repeat})")
    ratios = sorted(b / a for a, b in zip(ours, theirs, strict=True))
    print(f"ratio: {ours_rate / vader_rate:.1f}x VADER (target >= 10x; per interleaved pair "
          f"{ratios[0]:.1f}x to {ratios[-1]:.1f}x)")
    whole_process(sentences, ours_rate / vader_rate, args.process_repeat)
    return 0


VADER_SCRIPT = """
import sys
import pandas as pd
from nltk.sentiment.vader import SentimentIntensityAnalyzer
from warsignals.nltk_setup import ensure_vader
ensure_vader()
table = pd.read_csv(sys.argv[1])
vader = SentimentIntensityAnalyzer()
scores = pd.DataFrame([vader.polarity_scores(t if isinstance(t, str) else "") for t in table["sentence"]])
pd.concat([table, scores], axis=1).to_csv(sys.argv[2], index=False)
"""


def whole_process(sentences, in_process_ratio: float, repeat: int) -> None:
    """Wall time of ``warsignals score`` and of a VADER script on the same CSV, each a whole process."""
    command = Path(sys.executable).parent / "warsignals"
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "sentences.csv"
        sentences.to_csv(source, index=False)
        ours, theirs = [], []
        for _ in range(repeat):
            for runs, argv in ((ours, [str(command), "score", str(source), "-o", f"{folder}/ours.csv"]),
                               (theirs, [sys.executable, "-c", VADER_SCRIPT, str(source), f"{folder}/vader.csv"])):
                start = time.perf_counter()
                subprocess.run(argv, check=True, capture_output=True)
                runs.append(time.perf_counter() - start)
        start = time.perf_counter()
        subprocess.run([str(command), "--help"], check=True, capture_output=True)
        help_seconds = time.perf_counter() - start
    n = len(sentences)
    ours_s, theirs_s = statistics.median(ours), statistics.median(theirs)
    print(f"whole process on {n} sentences ({source.name}, CSV in and out): warsignals score {ours_s:.2f} s "
          f"({n / ours_s:,.0f} sentences/s), VADER script {theirs_s:.2f} s ({n / theirs_s:,.0f} sentences/s); "
          f"median of {repeat}; `warsignals --help` {help_seconds:.2f} s")
    print(f"ratio: whole process {theirs_s / ours_s:.1f}x VADER beside in-process {in_process_ratio:.1f}x "
          "(target >= 20x whole process)")


if __name__ == "__main__":
    sys.exit(main())
