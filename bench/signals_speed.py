"""Benchmark: sentence scoring throughput on the Kremlin corpus, against NLTK VADER in the same run.

Both score the same sentences (the punkt sentences of every document). Ours is
:func:`warsignals.signals.score_sentences` (cue lexicon, negation/modality, hedges, actor attribution,
cue offsets); the baseline is ``nltk.sentiment.vader.SentimentIntensityAnalyzer().polarity_scores`` per
sentence, the lexicon scorer researchers would otherwise reach for. The lexicon is compiled once and cached
(as in any real run); the first, cold call is reported too, once compiling everything (no cross-process cache)
and once reading the compiled lexicon from the cache (:mod:`warsignals.cache`). The timed runs of the two
scorers alternate, and each rate is the median of its runs, so that load from other processes hits both alike.

Whole process: the same sentences as a CSV, scored by the ``warsignals score`` command (start-up, reading,
scoring, writing) against a Python process that reads the CSV with pandas, runs VADER on every sentence and
writes the CSV with its four scores; wall time and CPU time of each (median of ``--process-repeat``
interleaved runs), ``warsignals score`` with the cache filled by an untimed first run and with the cache turned
off, printed beside the in-process ratio. Usage::

    .venv/bin/python bench/signals_speed.py [--repeat 5] [--process-repeat 3] [--path FILE]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from warsignals import config
from warsignals.actors import _load_actors_cached
from warsignals.lexicon import _inflections, _load_cached
from warsignals.matcher import _matcher_cached
from warsignals.signals.scorer import score_sentences


def _forget_compiled() -> None:
    """Drop every in-process cache of compiled lexicon data (the next call compiles or reads the disk cache)."""
    for cached in (_load_cached, _matcher_cached, _load_actors_cached, _inflections):
        cached.cache_clear()


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

    cache_folder = config.CACHE_DIR
    config.CACHE_DIR = None
    _forget_compiled()
    start = time.perf_counter()
    scored = score_sentences(sentences)
    cold = time.perf_counter() - start
    config.CACHE_DIR = cache_folder
    _forget_compiled()
    score_sentences(sentences[:100])  # fills the disk cache when it lacks this lexicon
    _forget_compiled()
    start = time.perf_counter()
    scored = score_sentences(sentences)
    cold_cached = time.perf_counter() - start
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
    print(f"warsignals score_sentences: {ours_rate:,.0f} sentences/s (median of {args.repeat}); cold first call "
          f"compiling the lexicon: {n / cold:,.0f} sentences/s ({cold:.2f} s), reading it from the cache in "
          f"{cache_folder}: {n / cold_cached:,.0f} sentences/s ({cold_cached:.2f} s)")
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


def _run(argv: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the child) of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def whole_process(sentences, in_process_ratio: float, repeat: int) -> None:
    """Wall and CPU time of ``warsignals score`` (cache filled, and cache off) and of a VADER script on the same
    CSV, each a whole process."""
    command = Path(sys.executable).parent / "warsignals"
    no_cache = {**os.environ, "WARSIGNALS_CACHE_DIR": ""}
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "sentences.csv"
        sentences.to_csv(source, index=False)
        ours_argv = [str(command), "score", str(source), "-o", f"{folder}/ours.csv"]
        _run(ours_argv)  # fills the cache when it lacks this lexicon (untimed)
        runs: dict[str, list[tuple[float, float]]] = {"cached": [], "uncached": [], "vader": []}
        for _ in range(repeat):
            runs["cached"].append(_run(ours_argv))
            runs["vader"].append(_run([sys.executable, "-c", VADER_SCRIPT, str(source), f"{folder}/vader.csv"]))
            runs["uncached"].append(_run(ours_argv, no_cache))
        help_seconds = _run([str(command), "--help"])[0]
    n = len(sentences)
    wall = {k: statistics.median(w for w, _ in v) for k, v in runs.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in runs.items()}
    print(f"whole process on {n} sentences ({source.name}, CSV in and out), median of {repeat}, wall (CPU): "
          f"warsignals score {wall['cached']:.2f} s ({cpu['cached']:.2f} s) with the compiled-lexicon cache, "
          f"{wall['uncached']:.2f} s ({cpu['uncached']:.2f} s) without; VADER script {wall['vader']:.2f} s "
          f"({cpu['vader']:.2f} s); `warsignals --help` {help_seconds:.2f} s")
    print(f"ratio: whole process {wall['vader'] / wall['cached']:.1f}x VADER (CPU {cpu['vader'] / cpu['cached']:.1f}x; "
          f"without the cache {wall['vader'] / wall['uncached']:.1f}x) beside in-process {in_process_ratio:.1f}x "
          "(target >= 20x whole process)")


if __name__ == "__main__":
    sys.exit(main())
