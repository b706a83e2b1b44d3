"""CLI commands ``warsignals run`` (the notebook pipeline; ``--demo`` for the synthetic corpus), ``warsignals
report`` (a run's report page) and ``warsignals demo`` (write the demo corpus)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _run(args: argparse.Namespace) -> int:
    from warsignals import config
    from warsignals.runner import parse_set_options, plan_run, run_jobs, run_pipeline

    notebooks = [n.strip() for n in args.notebooks.split(",")] if args.notebooks else None
    overrides = parse_set_options(args.set)
    corpus = config.DEMO_CORPUS if args.demo else args.corpus
    if args.check:
        for notebook, params in plan_run(corpus, args.config, notebooks, overrides):
            print(f"{notebook.stem}: {params}")
        print(f"jobs: {run_jobs(args.config, args.jobs)}")
        print("parameters are valid")
        return 0
    result = run_pipeline(
        corpus=corpus, config_file=args.config, run_id=args.run_id, notebooks=notebooks,
        progress=not args.quiet, overrides=overrides, jobs=args.jobs,
    )
    print(f"run {result.run_id} finished in {result.seconds:.1f} s", file=sys.stderr)
    print(f"  executed notebooks: {result.run_dir}", file=sys.stderr)
    print(f"  figures:            {result.figures_dir}", file=sys.stderr)
    print(f"  manifest:           {result.manifest_path}", file=sys.stderr)
    print(f"  report:             {result.run_dir / 'report.html'}", file=sys.stderr)
    return 0


def _report(args: argparse.Namespace) -> int:
    from warsignals.report import write_report

    path = write_report(args.run_dir, figures_dir=args.figures_dir, output=args.output)
    print(f"wrote {path}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from warsignals.demo import write_demo_corpus

    path = write_demo_corpus(Path(args.output), seed=args.seed, n_documents=args.documents)
    print(f"wrote synthetic demo corpus {path}")
    return 0


def register(commands, train, evaluate) -> None:
    """Add ``run``, ``report`` and ``demo`` to the top-level subcommands."""
    from warsignals import config

    run = commands.add_parser(
        "run", help="run the notebook pipeline (ingest, signals, topics, stance, validate) with papermill",
        description="Run every notebook in order in this environment's kernel. Default corpus: the two shipped "
        "datasets (the Kremlin transcripts on Ukraine and the Ukrainian official addresses, warsignals.datasets). "
        "Outputs: runs/<run-id>/ (executed notebooks, tables, manifest.json, report.html) and figures/<run-id>/ "
        "(figures/latest points there).",
    )
    source = run.add_mutually_exclusive_group()
    source.add_argument("--corpus", help="corpus files or folders, or names of shipped datasets, comma-separated "
                        f"(default: {','.join(config.DEFAULT_CORPUS)})")
    source.add_argument("--demo", action="store_true",
                        help="run on the synthetic demo corpus (planted, known answers; figures say so)")
    run.add_argument("--config", help=f"YAML with every notebook's parameters (default: {config.DEFAULT_RUN_CONFIG})")
    run.add_argument("--run-id", help="name of the run folder: letters, digits, . _ - (default: UTC start time "
                     "plus a random suffix)")
    run.add_argument("--notebooks", help="comma-separated notebook stems to run (default: all)")
    run.add_argument("--set", action="append", metavar="NAME=VALUE",
                     help="set a parameter of every notebook that declares it (repeatable; value read as YAML), "
                     "e.g. --set frequency=year --set precision_column=none")
    run.add_argument("--jobs", type=int, help="notebooks run side by side once their inputs are complete "
                     "(default: run: jobs of the configuration, else 1)")
    run.add_argument("--check", action="store_true", help="validate parameters and exit without running")
    run.add_argument("--quiet", action="store_true", help="no per-cell progress bars")
    run.set_defaults(func=_run)

    report = commands.add_parser(
        "report", help="write a run's report page (report.html: figures, tables, rejects, provenance)",
        description="Write one self-contained HTML page for a run folder: figures embedded, key tables, rejects "
        "summary, parameters and provenance from manifest.json, links to the executed notebooks.",
    )
    report.add_argument("run_dir", metavar="RUN_DIR", help="the run folder, e.g. runs/latest")
    report.add_argument("--figures-dir", help="the run's figures (default: from manifest.json)")
    report.add_argument("-o", "--output", help="output file (default: RUN_DIR/report.html)")
    report.set_defaults(func=_report)

    demo = commands.add_parser("demo", help="write the synthetic demo corpus (JSONL + planted truth)")
    demo.add_argument("-o", "--output", default=str(config.DEMO_DIR), help="output folder")
    demo.add_argument("--seed", type=int, default=config.DEFAULT_SEED, help="random seed")
    demo.add_argument("--documents", type=int, default=480, help="number of documents")
    demo.set_defaults(func=_demo)
