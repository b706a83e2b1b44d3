"""Benchmark: stream ingest -> score -> per-period rates at 1 M and 10 M sentences, local and Dask.

The sentences are real Kremlin sentences (the punkt sentences of the shared Kremlin corpus) resampled with
a seed into documents of 20 to 60 sentences whose dates are spread over 2012-2025; they are written as a
sentences dataset partitioned by year-month (``sentences/month=YYYY-MM/*.parquet``, what ``ingest
--partitioned`` writes), in bounded memory. Each step runs as its own process (``warsignals score`` and
:func:`warsignals.streaming.stream_signal_rates`), and its wall time, CPU time (user + system, of the process
and the children it reaped: on a shared machine the wall time moves with the others' load, printed beside it),
sentences/s and peak RSS (``wait4``) are printed; the Dask runs use a LocalCluster of 2 worker processes (the
RSS printed is the client's) and are checked equal to the local output. With ``--keep DIR`` the generated
sentences are kept and reused by a later run with the same ``DIR``. Usage::

    .venv/bin/python bench/scale.py --sizes 1000000 3000000 [--engines local dask] [--keep DIR]
    nice .venv/bin/python bench/scale.py --sizes 1000000 10000000 --engines local   # the issue's done-when
                                                                  # (about 12 minutes beside other jobs)
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from warsignals import config

BIN = Path(sys.executable).parent


def write_sentences(out_dir: Path, n: int, seed: int = config.DEFAULT_SEED, chunk_docs: int = 5_000) -> int:
    """Write ``n`` resampled Kremlin sentences as a year-month partitioned sentences dataset."""
    from warsignals.corpus import load_corpus
    from warsignals.sentences import split_sentences
    from warsignals.streaming import PartitionWriter

    pool = split_sentences(load_corpus(config.KREMLIN_CORPUS, progress=False).documents, progress=False)
    pool = pool.loc[~pool["fragment"], "sentence"].to_numpy(dtype=object)
    rng = np.random.default_rng(seed)
    first, last = (pd.Timestamp(d).value // 86_400_000_000_000 for d in ("2012-01-01", "2025-12-31"))
    written, doc = 0, 0
    with PartitionWriter(out_dir) as writer:
        while written < n:
            lengths = rng.integers(20, 61, size=chunk_docs)
            lengths = lengths[: int(np.searchsorted(np.cumsum(lengths), n - written, side="right"))]
            if not len(lengths):
                lengths = np.array([n - written])
            days = np.sort(rng.integers(first, last, size=len(lengths)))
            total = int(lengths.sum())
            frame = pd.DataFrame({
                "doc_id": np.repeat([f"doc-{doc + i:08d}" for i in range(len(lengths))], lengths),
                "sent_id": np.concatenate([np.arange(k) for k in lengths]),
                "sentence": pool[rng.integers(0, len(pool), size=total)],
                "date": np.repeat(pd.to_datetime(days, unit="D"), lengths),
                "source": "kremlin.ru",
                "speaker": "Vladimir Putin",
            })
            writer.write(frame)
            written += total
            doc += len(lengths)
    return written


def write_csv(out: Path, n: int, seed: int = config.DEFAULT_SEED) -> Path:
    """The same sentences as one CSV file (the input of ``warsignals score`` in the memory check)."""
    from warsignals.streaming import iter_batches
    from warsignals.tables import TableWriter

    folder = out.with_suffix("")
    write_sentences(folder, n, seed)
    with TableWriter(out) as writer:
        for batch in iter_batches(folder):
            writer.write(batch.drop(columns="month"))
    shutil.rmtree(folder)
    return out


def timed(command: list[str]) -> tuple[float, float, float, str]:
    """Run a command under ``/usr/bin/time``; return wall seconds, CPU seconds (user + system), its peak RSS
    (MiB) and its stdout."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        start = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", "-o", report.name, *command], capture_output=True,
                              text=True)
        wall = time.perf_counter() - start
        if done.returncode:
            raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
        rss, user, system = report.read().strip().splitlines()[-1].split()
    return wall, float(user) + float(system), int(rss) / 1024, done.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--engines", nargs="+", default=["local", "dask"], choices=["local", "dask"])
    parser.add_argument("--keep", default=None, help="keep the generated data and outputs in this folder")
    args = parser.parse_args(argv)
    if not config.KREMLIN_CORPUS.exists():
        print(f"corpus not found at {config.KREMLIN_CORPUS}; see README 'Real corpora and gold sets'", file=sys.stderr)
        return 1
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="warsignals-scale-"))
    per_sentence: dict[tuple[str, int], float] = {}
    cpu_per_sentence: dict[tuple[str, int], float] = {}
    try:
        for n in args.sizes:
            data = root / f"n{n}" / "sentences"
            start = time.perf_counter()
            if not data.exists():
                write_sentences(data, n)
            print(f"== {n:,} sentences ({sum(f.stat().st_size for f in data.rglob('*.parquet')) / 1e6:.0f} MB "
                  f"Parquet in {len(list(data.iterdir()))} month partitions; written in "
                  f"{time.perf_counter() - start:.0f} s)")
            for engine in args.engines:
                out = root / f"n{n}" / f"signals-{engine}.parquet"
                wall, cpu, rss, _ = timed([str(BIN / "warsignals"), "score", str(data), "-o", str(out),
                                      "--engine", engine])
                rates_wall, rates_cpu, rates_rss, _ = timed([sys.executable, "-c", (
                    "import sys; from warsignals.streaming import stream_signal_rates; "
                    f"r = stream_signal_rates({str(out)!r}, frequency='month'); print(len(r['overall']))")])
                per_sentence[(engine, n)] = (wall + rates_wall) / n
                cpu_per_sentence[(engine, n)] = (cpu + rates_cpu) / n
                print(f"  {engine:5s} score: {wall:7.1f} s (CPU {cpu:.1f} s), {n / wall:9,.0f} sentences/s, peak RSS "
                      f"{rss:6.0f} MiB (client); rates: {rates_wall:6.1f} s (CPU {rates_cpu:.1f} s), peak RSS "
                      f"{rates_rss:6.0f} MiB; total {(wall + rates_wall) / n * 1e6:.1f} us/sentence "
                      f"(CPU {(cpu + rates_cpu) / n * 1e6:.1f} us); load average {os.getloadavg()[0]:.1f}")
            if {"local", "dask"} <= set(args.engines):
                local = pd.read_parquet(root / f"n{n}" / "signals-local.parquet", columns=["signal", "actor"])
                remote = pd.read_parquet(root / f"n{n}" / "signals-dask.parquet", columns=["signal", "actor"])
                print(f"  dask output equal to local: {local.equals(remote)}")
        sizes = sorted(args.sizes)
        for engine in args.engines:
            if len(sizes) > 1:
                small, large = per_sentence[(engine, sizes[0])], per_sentence[(engine, sizes[-1])]
                cpu_ratio = cpu_per_sentence[(engine, sizes[-1])] / cpu_per_sentence[(engine, sizes[0])]
                print(f"{engine}: time per sentence at {sizes[-1]:,} / at {sizes[0]:,} = {large / small:.2f} "
                      f"(target <= 1.5; CPU time per sentence {cpu_ratio:.2f})")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
