"""Benchmark: ``warsignals run`` on the Kremlin corpus, per notebook, beside a baseline revision in the same run.

The baseline is the code of a git revision (default ``main``), exported with ``git archive`` into a temporary
folder and run by the same interpreter and packages with ``PYTHONPATH`` pointing at its ``src/`` (so its runner,
kernel code, notebooks and data files are the baseline's). Runs alternate, baseline then current, ``--repeat``
times, so that load from other processes hits both alike; each reports its wall time, the CPU time of the run
and its kernels, and the seconds of each notebook (from ``manifest.json``). Then the outputs of the last two
runs are compared: every table of the run folder (CSV, Parquet and the JSON summaries), numbers to a relative
tolerance of 1e-9 with timing fields left out, text exactly; and every figure file (PNG, SVG, PDF, data CSV)
byte for byte. Usage::

    .venv/bin/python bench/pipeline.py [--baseline main] [--current REV] [--repeat 1] [--corpus FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

import numpy as np
import pandas as pd

from warsignals import config

TIMING = {"fit_seconds", "seconds", "started", "finished", "duration"}  # fields that measure time, not results
TARGET_SECONDS = 60.0


def export_revision(revision: str, folder: Path) -> str:
    """Write the tree of ``revision`` into ``folder``; returns its commit."""
    commit = subprocess.run(["git", "rev-parse", revision], cwd=config.PROJECT_ROOT, check=True,
                            capture_output=True, text=True).stdout.strip()
    archive = subprocess.run(["git", "archive", commit], cwd=config.PROJECT_ROOT, check=True,
                             capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return commit


def run_pipeline(source: Path, out: Path, corpus: Path) -> dict:
    """One ``warsignals run`` of the code in ``source`` writing under ``out``: wall, CPU, notebook seconds."""
    env = {**os.environ, "PYTHONPATH": str(source / "src"), "WARSIGNALS_RUNS_DIR": str(out / "runs"),
           "WARSIGNALS_FIGURES_DIR": str(out / "figures"), "WARSIGNALS_SHARED_DIR": str(config.SHARED_DIR),
           "WARSIGNALS_NLTK_DATA": str(config.NLTK_DATA_DIR)}
    argv = [str(Path(sys.executable).parent / "warsignals"), "run", "--corpus", str(corpus), "--quiet",
            "--config", str(source / "config" / "default.yaml")]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=source, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"run of {source} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    run_dir = (out / "runs" / "latest").resolve()
    manifest = json.loads((run_dir / "manifest.json").read_text())
    return {"wall": wall, "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            "notebooks": {n["notebook"]: n["seconds"] for n in manifest["notebooks"]},
            "run_dir": run_dir, "figures_dir": (out / "figures" / "latest").resolve(), "source": source}


def _frame(path: Path) -> pd.DataFrame:
    table = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)
    return table.drop(columns=[c for c in table.columns if c in TIMING])


def _max_difference(a, b) -> float | None:
    """Largest relative difference of two values (tables, mappings, lists, numbers); None when they differ
    in shape, names or text."""
    if isinstance(a, pd.DataFrame):
        if list(a.columns) != list(b.columns) or a.shape != b.shape:
            return None
        worst = 0.0
        for column in a.columns:
            x, y = a[column], b[column]
            if pd.api.types.is_numeric_dtype(x) and pd.api.types.is_numeric_dtype(y):
                x, y = x.to_numpy(dtype=float), y.to_numpy(dtype=float)
                if not np.array_equal(np.isnan(x), np.isnan(y)):
                    return None
                both = ~np.isnan(x)
                scale = np.maximum(np.abs(x[both]), np.abs(y[both]))
                gap = np.abs(x[both] - y[both]) / np.where(scale > 0, scale, 1.0)
                worst = max(worst, float(gap.max(initial=0.0)))
            elif not x.astype(str).equals(y.astype(str)):
                return None
        return worst
    if isinstance(a, dict):
        a = {k: v for k, v in a.items() if k not in TIMING}
        b = {k: v for k, v in b.items() if k not in TIMING} if isinstance(b, dict) else b
        if not isinstance(b, dict) or set(a) != set(b):
            return None
        gaps = [_max_difference(a[k], b[k]) for k in a]
        return None if any(g is None for g in gaps) else max(gaps, default=0.0)
    if isinstance(a, list):
        if not isinstance(b, list) or len(a) != len(b):
            return None
        gaps = [_max_difference(x, y) for x, y in zip(a, b, strict=True)]
        return None if any(g is None for g in gaps) else max(gaps, default=0.0)
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        if a == b or (a != a and b != b):
            return 0.0
        return abs(a - b) / max(abs(a), abs(b))
    return 0.0 if a == b else None


def _where(a, b, path: str = "") -> str:
    """The first place where two JSON values differ beyond the tolerance (for the report)."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key in TIMING:
                continue
            if key not in a or key not in b:
                return f"{path}/{key} (only in one)"
            gap = _max_difference(a[key], b[key])
            if gap is None or gap > 1e-9:
                return _where(a[key], b[key], f"{path}/{key}")
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            gap = _max_difference(x, y)
            if gap is None or gap > 1e-9:
                return _where(x, y, f"{path}[{i}]")
    return f"{path}: {str(a)[:80]!r} vs {str(b)[:80]!r}"


def compare_outputs(baseline: dict, current: dict) -> None:
    """Print how the tables and figures of two runs compare."""
    same, close, differ = [], [], []
    worst = 0.0
    for path in sorted(baseline["run_dir"].iterdir()):
        other = current["run_dir"] / path.name
        if path.suffix not in (".csv", ".parquet", ".json") or path.name == "manifest.json":
            continue
        if not other.exists():
            differ.append(f"{path.name} (missing)")
            continue
        where = ""
        if path.suffix == ".json":  # paths inside the two checkouts compare as the same path
            a = json.loads(path.read_text().replace(str(baseline["source"]), str(current["source"])))
            b = json.loads(other.read_text())
            gap = _max_difference(a, b)
            where = "" if gap is not None and gap <= 1e-9 else f" at {_where(a, b)}"
        else:
            gap = _max_difference(_frame(path), _frame(other))
        if gap is None or gap > 1e-9:
            differ.append((path.name if gap is None else f"{path.name} (relative difference {gap:.2g})") + where)
        else:
            (same if gap == 0 else close).append(path.name)
            worst = max(worst, gap)
    print(f"tables: {len(same)} identical, {len(close)} equal to a relative 1e-9 (largest {worst:.2g}), "
          f"{len(differ)} different{': ' + ', '.join(differ) if differ else ''}")
    files = [p for p in sorted(baseline["figures_dir"].iterdir()) if p.suffix in (".png", ".svg", ".pdf", ".csv")]
    unequal = [p.name for p in files if not (current["figures_dir"] / p.name).exists()
               or (current["figures_dir"] / p.name).read_bytes() != p.read_bytes()]
    print(f"figures: {len(files) - len(unequal)} of {len(files)} files (PNG, SVG, PDF, data CSV) byte-identical"
          f"{': differ ' + ', '.join(unequal) if unequal else ''}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="main", help="git revision to compare with (default: main)")
    parser.add_argument("--current", default=None,
                        help="git revision to measure instead of the checkout (e.g. a merge commit, with --baseline "
                             "its first parent, to see what the merge changed)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each, alternating (median reported)")
    parser.add_argument("--corpus", default=str(config.KREMLIN_CORPUS), help="corpus file")
    parser.add_argument("--keep", default=None, help="keep the runs in this folder (default: a temporary one)")
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.exists():
        print(f"corpus not found at {corpus}; see README 'Real corpora and gold sets'", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        root = Path(args.keep or folder)
        root.mkdir(parents=True, exist_ok=True)
        commit = export_revision(args.baseline, root / "baseline")
        current_source, current_name = config.PROJECT_ROOT, "the current checkout"
        if args.current:
            current_source = root / "current"
            current_name = f"{args.current} ({export_revision(args.current, current_source)[:10]})"
        runs: dict[str, list[dict]] = {"baseline": [], "current": []}
        for number in range(args.repeat):
            for name, source in (("baseline", root / "baseline"), ("current", current_source)):
                runs[name].append(run_pipeline(source, root / f"{name}-{number}", corpus))
        notebooks = list(runs["current"][-1]["notebooks"])
        print(f"warsignals run --corpus {corpus.name}, median of {args.repeat}; baseline {args.baseline} "
              f"({commit[:10]}) beside {current_name}")
        print(f"{'':16s} {'baseline':>10s} {'current':>10s}")
        for notebook in notebooks:
            values = [statistics.median(r["notebooks"].get(notebook, float("nan")) for r in runs[name])
                      for name in ("baseline", "current")]
            print(f"{notebook:16s} {values[0]:9.1f}s {values[1]:9.1f}s")
        for label, key in (("whole run, wall", "wall"), ("run + kernels, CPU", "cpu")):
            values = [statistics.median(r[key] for r in runs[name]) for name in ("baseline", "current")]
            print(f"{label:16s} {values[0]:9.1f}s {values[1]:9.1f}s   ({values[0] / values[1]:.2f}x)")
        print("(CPU: the runner and the kernels it reaped; load from other processes moves both columns)")
        wall = statistics.median(r["wall"] for r in runs["current"])
        print(f"target: whole run <= {TARGET_SECONDS:.0f} s on this machine: "
              f"{'met' if wall <= TARGET_SECONDS else 'not met'} ({wall:.1f} s)")
        compare_outputs(runs["baseline"][-1], runs["current"][-1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
