"""The ``warsignals topics`` command, and :func:`write_report`, the writer of the analysis's files.

``warsignals topics CORPUS -o DIR [--model nmf|lda] [--k 12 | --k 5:30:5] [--unit paragraph] [--seeds FILE]``
writes ``topics.csv``, ``topics_frex.csv``, ``topic_examples.csv``, ``topic_labels.csv`` (kept if it exists,
so edited labels survive reruns), ``doc_topics.parquet``, ``prevalence.csv``, ``selection.csv`` and
``metrics.json`` into DIR. CORPUS is a run folder (with ``sentences.parquet`` or ``documents.parquet``), a
``documents.parquet`` / ``sentences.parquet`` file, or corpus files and folders that
:func:`warsignals.corpus.load_corpus` reads.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from warsignals import config
from warsignals.errors import InputError, ParameterError

if TYPE_CHECKING:  # pandas and numpy load when a command runs, not when the parser is built
    import pandas as pd

    from warsignals.topics.report import TopicReport


def register(commands, train, evaluate) -> None:
    """Add the ``topics`` subcommand."""
    parser = commands.add_parser(
        "topics",
        help="topic models: choose k, label topics, prevalence over time",
        description="Fit NMF or LDA topics on a corpus and write topics.csv, doc_topics.parquet, "
        "prevalence.csv, selection.csv and metrics.json.",
    )
    parser.add_argument("corpus", nargs="+", help="run folder, documents/sentences parquet, or corpus files")
    parser.add_argument("-o", "--output", required=True, help="output folder")
    parser.add_argument("--model", choices=["nmf", "lda"], default="nmf", help="topic model (default nmf)")
    parser.add_argument("--k", default="8", help="number of topics (default 8), or a range start:stop:step")
    parser.add_argument(
        "--unit",
        choices=["document", "paragraph", "window"],
        default="document",
        help="text unit (default document: whole speeches score the highest document-level NPMI on Kremlin)",
    )
    parser.add_argument("--window", type=int, default=5, help="sentences per window (--unit window)")
    parser.add_argument("--step", type=int, default=None, help="sentences between window starts")
    parser.add_argument(
        "--seeds",
        default=str(config.TOPIC_SEEDS_FILE),
        help="seed word YAML (default data/topic_seeds.yaml); 'none' for no seeded topics",
    )
    parser.add_argument("--seed-strength", type=float, default=0.5, help="weight of seed pseudo-documents")
    parser.add_argument(
        "--labels", default=None, help="edited label table topic,label (default: OUTPUT/topic_labels.csv if present)"
    )
    parser.add_argument(
        "--n-runs", "--runs", dest="n_runs", type=int, default=3, help="runs per k for stability (default 3)"
    )
    parser.add_argument("--frequency", choices=["week", "month", "quarter", "year"], default="month")
    parser.add_argument(
        "--by",
        choices=["source", "speaker"],
        default=None,
        help="also write prevalence per source or speaker (prevalence_by_<col>.csv)",
    )
    parser.add_argument("--n-boot", type=int, default=config.BOOTSTRAP_REPLICATES, help="bootstrap replicates")
    parser.add_argument("--confidence", type=float, default=config.CONFIDENCE_LEVEL)
    parser.add_argument(
        "--min-df", default="5", help="minimum document frequency: a count (5) or a share of units (0.01) (default 5)"
    )
    parser.add_argument(
        "--max-df",
        default="0.5",
        help="maximum document frequency: a share of units (0.5; 1.0 = all) or a count (default 0.5)",
    )
    parser.add_argument("--stem", action="store_true", help="Snowball-stem terms")
    parser.add_argument("--no-collocations", action="store_true", help="do not merge bigram collocations")
    parser.add_argument("--seed", type=int, default=config.DEFAULT_SEED, help="random seed")
    parser.add_argument("--text-column", default=None, help="input column holding the text (corpus files)")
    parser.add_argument("--date-column", default=None, help="input column holding the date (corpus files)")
    parser.set_defaults(func=run)


def write_report(report: TopicReport, out_dir: str | Path, corpus_sha256: str | None = None) -> list[Path]:
    """Write the tables of a :func:`warsignals.topics.fit_report` into ``out_dir``; returns the files written.

    ``topics.csv``, ``topics_frex.csv``, ``topic_examples.csv``, ``topic_labels.csv`` (not when the labels came
    from an edited table elsewhere), ``doc_topics.parquet``, ``prevalence.csv`` (and ``prevalence_by_<by>.csv``),
    ``selection.csv`` and ``metrics.json`` (with ``corpus_sha256`` when given).

    Examples
    --------
    >>> report = topics.fit_report(sentences, k=8)  # doctest: +SKIP
    >>> [p.name for p in write_report(report, "runs/latest")][:2]  # doctest: +SKIP
    ['topics.csv', 'topics_frex.csv']
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []

    def write(frame: pd.DataFrame, name: str) -> None:
        path = out / name
        if name.endswith(".parquet"):
            frame.to_parquet(path, index=False)
        else:
            frame.to_csv(path, index=False)
        files.append(path)

    terms = report.terms
    write(terms[["topic", "label", "rank", "term", "weight"]], "topics.csv")
    write(
        terms[["topic", "label", "frex_rank", "frex_term", "frex"]].rename(
            columns={"frex_rank": "rank", "frex_term": "term"}
        ),
        "topics_frex.csv",
    )
    write(report.examples, "topic_examples.csv")
    label_file = report.labels_file
    if label_file is None or not label_file.exists() or label_file == out / "topic_labels.csv":
        write(report.labels, "topic_labels.csv")
    write(report.doc_topics, "doc_topics.parquet")
    write(report.prevalence, "prevalence.csv")
    if report.prevalence_by is not None:
        write(report.prevalence_by, f"prevalence_by_{report.by}.csv")
    write(report.selection, "selection.csv")
    metrics = dict(report.metrics)
    if corpus_sha256 is not None:
        metrics["corpus_sha256"] = corpus_sha256
    path = out / "metrics.json"
    path.write_text(json.dumps(metrics, indent=2, default=str) + "\n", encoding="utf-8")
    files.append(path)
    return files


def load_sentences(
    paths: list[str], column_map: dict | None = None, rejects_path: Path | None = None
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Sentences (and documents when available) from a run folder, a parquet table or corpus files.

    Corpus files go through :func:`warsignals.corpus.load_corpus`; their rejects are written to
    ``rejects_path`` (when given) and counted in a line printed to stdout.
    """
    import pandas as pd

    from warsignals.sentences import split_sentences

    if len(paths) == 1:
        path = Path(paths[0])
        if path.is_dir() and (path / "sentences.parquet").exists():
            documents = pd.read_parquet(path / "documents.parquet") if (path / "documents.parquet").exists() else None
            return pd.read_parquet(path / "sentences.parquet"), documents
        if path.is_dir() and (path / "documents.parquet").exists():
            path = path / "documents.parquet"
        if path.is_file() and path.suffix == ".parquet":
            try:
                table = pd.read_parquet(path)
            except Exception as exc:
                raise InputError(f"{path}: cannot read parquet ({exc})") from exc
            if {"sentence", "sent_id"} <= set(table.columns):
                return table, None
            if {"doc_id", "text"} <= set(table.columns):
                return split_sentences(table, progress=False), table
            raise InputError(f"{path}: neither a sentences nor a documents table")
    for name in paths:
        if not Path(name).exists():
            raise InputError(f"{name}: no such file or folder")
    from warsignals.corpus import load_corpus

    result = load_corpus(paths, column_map=column_map, progress=False)
    if rejects_path is not None:
        from warsignals.corpus.commands import write_rejects

        print(write_rejects(result, rejects_path))
    documents = result.documents
    if documents.empty:
        raise InputError(f"{', '.join(paths)}: no usable documents")
    return split_sentences(documents, progress=False), documents


def run(args: argparse.Namespace) -> int:
    """Run the ``topics`` command; returns the exit code."""
    from warsignals.export import corpus_hash
    from warsignals.topics.report import fit_report
    from warsignals.topics.vectorizer import parse_df

    column_map = {k: v for k, v in (("text", args.text_column), ("date", args.date_column)) if v}
    sentences, documents = load_sentences(args.corpus, column_map or None, Path(args.output) / "rejects.csv")
    if args.n_runs < 1:
        raise ParameterError("--n-runs must be at least 1")
    min_df, max_df = parse_df(args.min_df, "--min-df"), parse_df(args.max_df, "--max-df")
    seeds = None if str(args.seeds).lower() in ("none", "") else args.seeds
    if seeds is not None and not Path(seeds).exists():
        raise InputError(f"{seeds}: seed file not found")
    output = Path(args.output)
    output.mkdir(parents=True, exist_ok=True)
    labels = Path(args.labels) if args.labels else output / "topic_labels.csv"
    report = fit_report(
        sentences,
        model=args.model,
        k=args.k,
        unit=args.unit,
        window=args.window,
        step=args.step,
        seeds=seeds,
        seed_strength=args.seed_strength,
        labels=labels,
        n_runs=args.n_runs,
        frequency=args.frequency,
        by=args.by,
        n_boot=args.n_boot,
        confidence=args.confidence,
        min_df=min_df,
        max_df=max_df,
        stem=args.stem,
        collocations=not args.no_collocations,
        seed=args.seed,
    )
    files = write_report(report, output, corpus_sha256=corpus_hash(documents) if documents is not None else None)
    metrics = report.metrics
    print(
        f"{metrics['n_units']} {args.unit} units, {metrics['n_terms']} terms; k = {metrics['k']} "
        f"({metrics['k_rule'] if metrics['k_candidates'] != [metrics['k']] else 'given'})"
    )
    print(
        f"NPMI {metrics['coherence_npmi']:.3f}  UMass {metrics['coherence_umass']:.3f}  "
        f"diversity {metrics['diversity']:.3f}  stability {metrics['stability']:.3f}"
    )
    for row in report.labels.itertuples(index=False):
        print(f"  {row.topic}: {row.label}")
    print(f"wrote {', '.join(sorted(p.name for p in files))} to {output}")
    sys.stdout.flush()
    json.dumps(metrics)  # metrics.json must be valid JSON
    return 0
