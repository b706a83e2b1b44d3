"""Benchmark: ingesting the Kremlin corpus (documents/s, MB/s, peak memory), and sentence splitting separately.

Baseline in the same run: ``pandas.read_json(lines=True)`` of the same file (parsing only, no validation,
no duplicate search), so the cost of validation is visible. Usage::

    .venv/bin/python bench/ingest.py [--repeat 5] [--path FILE_OR_FOLDER]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import pandas as pd

from warsignals import config
from warsignals.corpus import load_corpus
from warsignals.corpus.dedup import near_duplicates
from warsignals.sentences import get_tokenizer, split_sentences


def _timed(function, repeat: int) -> tuple[list[float], object]:
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - start)
    return times, value


def _peak_mib(function) -> float:
    tracemalloc.start()
    try:
        function()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def _line(label: str, times: list[float], n_docs: int, megabytes: float, extra: str = "") -> None:
    best, median = min(times), statistics.median(times)
    print(
        f"{label:<34} best {best:7.3f} s  median {median:7.3f} s  "
        f"{n_docs / best:9.1f} docs/s  {megabytes / best:7.2f} MB/s{extra}"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=config.KREMLIN_CORPUS, help="corpus file or folder")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions (best and median reported)")
    args = parser.parse_args(argv)
    if not args.path.exists():
        print(f"bench/ingest.py: corpus not found at {args.path}; put the shared data in place "
              "(config.KREMLIN_CORPUS, or WARSIGNALS_SHARED_DIR) or pass --path", file=sys.stderr)
        return 2
    files = [args.path] if args.path.is_file() else [p for p in args.path.rglob("*") if p.is_file()]
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    print(f"corpus: {args.path} ({megabytes:.2f} MB), {args.repeat} repetitions")

    def ingest():
        return load_corpus(args.path, progress=False)

    times, result = _timed(ingest, args.repeat)
    n_docs = len(result.documents)
    summary = result.summary()
    print(f"ingest summary: found {summary['found']}, loaded {summary['loaded']}, rejected {summary['rejected']}")
    _line("load_corpus (full validation)", times, n_docs, megabytes,
          f"  peak {_peak_mib(ingest):.1f} MiB (tracemalloc)")

    texts = result.documents["text"].tolist()
    dedup_times, _ = _timed(lambda: near_duplicates(texts, config.NEAR_DUPLICATE_THRESHOLD), args.repeat)
    _line("  of which near-duplicate search", dedup_times, n_docs, megabytes)
    if args.path.is_file() and args.path.suffix == ".jsonl":
        base_times, frame = _timed(lambda: pd.read_json(args.path, lines=True), args.repeat)
        _line("baseline pandas.read_json(lines)", base_times, len(frame), megabytes,
              f"  peak {_peak_mib(lambda: pd.read_json(args.path, lines=True)):.1f} MiB (tracemalloc)")

    get_tokenizer()  # load punkt once, outside the timing
    text_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    split_times, sentences = _timed(lambda: split_sentences(result.documents, progress=False), args.repeat)
    _line("split_sentences (punkt)", split_times, n_docs, text_mb,
          f"  {len(sentences) / min(split_times):9.0f} sentences/s  "
          f"peak {_peak_mib(lambda: split_sentences(result.documents, progress=False)):.1f} MiB (tracemalloc)")
    print(f"sentences: {len(sentences)}")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS (ru_maxrss): {maxrss:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
