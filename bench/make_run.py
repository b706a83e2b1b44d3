"""Benchmark: the whole `warsignals run` of `make run` (the default corpus), beside the demo run in the same session.

Times the command `make run` runs after its set-up (`warsignals run --config config/default.yaml`) as a whole
process, on the default corpus (the two shipped official corpora, 438 documents) and, as the baseline of the same
session, on the synthetic demo corpus (`--demo`, 480 documents, the corpus `make run` used before issue 17). Each
run writes into a temporary runs/figures folder (the project's runs/ and figures/ are not touched). Also printed:
seconds per notebook (side by side with `run: jobs`), the budget of issue 17 (90 s on the reference machine, 2
cores), the load of the machine (other jobs slow every figure down), and with `--repeat 2` whether the second
default run draws byte-identical figures. Usage::

    .venv/bin/python bench/make_run.py [--repeat 2] [--no-demo] [--jobs N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from warsignals import config

BUDGET_SECONDS = 90.0  # issue 17: `make run` stays within this on the reference machine (2 cores)
FIGURE_SUFFIXES = {".png", ".svg", ".pdf", ".csv"}


def _load() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "load average unknown"
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def _run(label: str, extra: list[str], root: Path, jobs: int | None) -> dict:
    """One `warsignals run` process; returns wall seconds, CPU seconds of the process tree and the manifest."""
    env = {**os.environ, "WARSIGNALS_RUNS_DIR": str(root / "runs"), "WARSIGNALS_FIGURES_DIR": str(root / "figures")}
    command = [sys.executable, "-m", "warsignals.cli", "run", "--config", str(config.DEFAULT_RUN_CONFIG),
               "--quiet", "--run-id", label, *extra] + (["--jobs", str(jobs)] if jobs else [])
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = os.times()
    if done.returncode != 0:
        raise SystemExit(f"{label}: warsignals run failed ({done.returncode}):\n{done.stderr[-3000:]}")
    manifest = json.loads((root / "runs" / label / "manifest.json").read_text(encoding="utf-8"))
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    digests = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
               for p in sorted((root / "figures" / label).iterdir()) if p.suffix in FIGURE_SUFFIXES}
    return {"wall": wall, "cpu": cpu, "manifest": manifest, "digests": digests}


def _print(label: str, result: dict) -> None:
    manifest = result["manifest"]
    per_notebook = ", ".join(f"{n['notebook'][:2]} {n['seconds']:.0f} s" for n in manifest["notebooks"])
    figures = sum(1 for name in result["digests"] if name.endswith(".png"))
    print(f"{label:<28} {result['wall']:7.1f} s wall  {result['cpu']:7.1f} s CPU  "
          f"{manifest['n_documents']:4d} documents  {figures} figures  jobs {manifest['jobs']}  ({per_notebook})")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="default runs (2: also check byte-identical figures)")
    parser.add_argument("--no-demo", action="store_true", help="skip the demo baseline")
    parser.add_argument("--jobs", type=int, help="override run: jobs of config/default.yaml")
    args = parser.parse_args(argv)
    print(f"warsignals run --config {config.DEFAULT_RUN_CONFIG.name} (make run without its set-up); {_load()}")
    with tempfile.TemporaryDirectory(prefix="warsignals-bench-") as folder:
        root = Path(folder)
        runs = []
        for k in range(args.repeat):
            runs.append(_run(f"default-{k + 1}", [], root, args.jobs))
            _print(f"default corpus, run {k + 1}", runs[-1])
        if not args.no_demo:
            demo = _run("demo", ["--demo"], root, args.jobs)
            _print("baseline: demo corpus", demo)
        best = min(run["wall"] for run in runs)
        verdict = "within" if best <= BUDGET_SECONDS else "OVER"
        print(f"make run (default corpus): {best:.1f} s, budget {BUDGET_SECONDS:.0f} s on the reference machine: "
              f"{verdict}")
        if not args.no_demo:
            print(f"default / demo wall time: {best / demo['wall']:.2f}x")
        if len(runs) > 1:
            same = all(run["digests"] == runs[0]["digests"] for run in runs[1:])
            print(f"figures of the {len(runs)} default runs byte-identical: {same} "
                  f"({len(runs[0]['digests'])} files: PNG, SVG, PDF, CSV)")
        print(f"after: {_load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
