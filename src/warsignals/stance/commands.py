"""CLI for stance: ``warsignals train stance``, ``warsignals evaluate stance`` and ``warsignals stance``.

``train stance`` fits a :class:`~warsignals.stance.StanceClassifier` on a labelled CSV (parameters chosen by
grouped cross-validation on that CSV only) and saves it to a model directory. ``evaluate stance`` scores a
saved model or the weak model (``--model weak``, zero gold labels: it is fitted on the CSV's texts only) and
prints a JSON report. ``warsignals stance`` scores a table (:func:`warsignals.tables.read_table`) toward one or
more targets and writes the sentence-level table and, with ``--documents``, the document-level one.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from warsignals import config
from warsignals.errors import InputError, ParameterError
from warsignals.tables import read_table, write_table

if TYPE_CHECKING:  # pandas and numpy load when a command runs, not when the parser is built
    import pandas as pd


def register(commands, train, evaluate) -> None:
    """Add the stance parsers to the ``warsignals`` command (see :mod:`warsignals.cli`)."""
    parser = train.add_parser("stance", help="train a stance model on a labelled CSV or a real-text gold file")
    _label_arguments(parser, required=False)
    parser.add_argument("--gold", help="real-text gold file (or 'default'): train a grounded model on its train part "
                        "(columns as data/gold/realtext/realtext.csv: sentence, prev, speaker_actor, stance_<target>)")
    parser.add_argument("-o", "--output", required=True, help="model directory to write")
    parser.add_argument("--no-select", action="store_true", help="skip the cross-validated parameter choice")
    parser.add_argument("--cv", type=int, default=3, help="cross-validation folds (default 3)")
    parser.add_argument("--seed", type=int, default=config.DEFAULT_SEED, help="random seed")
    parser.set_defaults(func=run_train)

    parser = evaluate.add_parser("stance", help="evaluate a stance model on a labelled CSV (JSON report)")
    _label_arguments(parser, required=False)
    parser.add_argument("--model", default="grounded",
                        help="'grounded' (default), 'weak', 'weak:unmentioned' or a model directory")
    parser.add_argument("--gold", default=None,
                        help="a coded real-text gold file (columns of data/gold/realtext/realtext.csv, with "
                             "stance_<target> columns): F1 of FAVOR and AGAINST per target with document-bootstrap "
                             "intervals; 'default' = data/gold/realtext/realtext.csv")
    parser.add_argument("--part", default="test", help="with --gold: train, test or all (default test)")
    parser.add_argument("--n-boot", type=int, default=1000, help="with --gold: bootstrap replicates")
    parser.add_argument("--split-column", help="column holding the split name")
    parser.add_argument("--split", help="evaluate only rows whose split column equals this")
    parser.set_defaults(func=run_evaluate)

    parser = commands.add_parser("stance", help="score the stance of a table's sentences toward targets")
    parser.add_argument("input", help="table (.csv, .tsv, .jsonl, .parquet; e.g. a run's sentences.parquet)")
    parser.add_argument("-o", "--output", required=True, help="output table (.csv, .tsv, .jsonl or .parquet)")
    parser.add_argument("--target", action="append", required=True, help="target name (repeatable)")
    parser.add_argument("--model", default="grounded",
                        help="'grounded' (default: speeches and statements; uses speaker_actor, country_iso3, speaker "
                             "or source columns to know who speaks), 'weak', 'weak:unmentioned' (tweet-like texts) "
                             "or a model directory")
    parser.add_argument("--text-column", help="text column (default: sentence, else text)")
    parser.add_argument("--documents", help="also write document-level stance to this table")
    parser.add_argument("--unit", default="sentence", choices=["sentence", "paragraph", "document"],
                        help="unit scored when the input is a run's sentences table (default sentence)")
    series = parser.add_argument_group("stance over time (needs doc_id and date columns, e.g. sentences.parquet)")
    series.add_argument("--shares", help="write the share FAVOR per period and target (bootstrap band) here")
    series.add_argument("--drivers", help="write the units driving each period's majority stance here "
                        "(citable: doc_id, sent_id, start, end)")
    series.add_argument("--recovery", help="write estimate vs planted share per target here (demo corpus only; "
                        "needs --planted)")
    series.add_argument("--planted", help="the planted curves of --recovery: the demo corpus's truth/curves.csv "
                        "(written by `warsignals demo`)")
    series.add_argument("--frequency", default="month", help="period: week, month, quarter or year")
    series.add_argument("--n-boot", type=int, default=config.BOOTSTRAP_REPLICATES, help="bootstrap replicates")
    series.add_argument("--confidence", type=float, default=config.CONFIDENCE_LEVEL, help="interval level")
    series.add_argument("--min-units", type=int, default=5, help="fewer stance-bearing units: no estimate")
    series.add_argument("--top-n", type=int, default=2, help="driving units per period and target")
    series.add_argument("--seed", type=int, default=config.DEFAULT_SEED, help="random seed of the bootstrap")
    parser.set_defaults(func=run_score)


def _label_arguments(parser: argparse.ArgumentParser, required: bool = True) -> None:
    parser.add_argument("--labels", required=required, help="labelled table (.csv, .tsv, .jsonl or .parquet)")
    parser.add_argument("--text-column", default="text", help="text column (default text)")
    parser.add_argument("--label-column", default="label", help="label column: FAVOR, AGAINST or NONE")
    parser.add_argument("--target-column", help="column naming each row's target")
    parser.add_argument("--target", help="keep only this target (or the target of all rows without a column)")


def _labelled(args) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The raw rows to use (after target/split filters) and their validated, deduplicated form."""
    import numpy as np

    from warsignals.stance import prepare_labels

    frame = read_table(args.labels)
    frame = frame.reset_index(drop=True)
    frame["_line"] = np.arange(len(frame)) + 2
    split_column = getattr(args, "split_column", None)
    split = getattr(args, "split", None)
    if split is not None:
        if not split_column:
            raise ParameterError("--split needs --split-column")
        if split_column not in frame.columns:
            raise InputError(f"{args.labels}: no column {split_column!r}")
        frame = frame[frame[split_column].astype(str) == split]
    if args.target and args.target_column:
        if args.target_column not in frame.columns:
            raise InputError(f"{args.labels}: no column {args.target_column!r}")
        frame = frame[frame[args.target_column].astype(str) == args.target]
    if frame.empty:
        raise InputError(f"{args.labels}: no rows left after the --target/--split filters")
    return frame, prepare_labels(
        frame.reset_index(drop=True), args.text_column, args.label_column, args.target_column, str(args.labels)
    )


def _resolve_targets(table: pd.DataFrame, target: str | None) -> pd.DataFrame:
    from warsignals.stance import ANY_TARGET

    if target:
        table = table.copy()
        table.loc[table["target"] == ANY_TARGET, "target"] = target
    return table


def run_train(args) -> int:
    """``warsignals train stance``."""
    from warsignals.stance import save_stance_model, train_stance

    if args.gold:
        return _train_grounded(args)
    if not args.labels:
        raise ParameterError("train stance needs --labels FILE (texts with a label column) or --gold FILE")
    _, table = _labelled(args)
    table = _resolve_targets(table, args.target)
    if table["label"].nunique() < 2:
        raise InputError(f"{args.labels}: needs at least two different labels to train")
    model, report = train_stance(table, select=not args.no_select, cv=args.cv, seed=args.seed)
    report.update({"labels_file": str(args.labels), "text_column": args.text_column,
                   "label_column": args.label_column, "target_column": args.target_column})
    save_stance_model(model, args.output, {"training": report})
    print(json.dumps({"model": str(args.output), **report}, indent=2, default=str))
    return 0


def _train_grounded(args) -> int:
    """``train stance --gold``: a :class:`~warsignals.stance.grounded.GroundedStanceModel` on the gold's train part."""
    from warsignals.realtext import read_gold
    from warsignals.stance import save_stance_model
    from warsignals.stance.grounded import GroundedStanceModel, gold_pairs

    gold = read_gold(None if args.gold == "default" else args.gold, part="train")
    targets = [args.target] if args.target else None
    X, y = gold_pairs(gold, targets)
    model = GroundedStanceModel(random_state=args.seed).fit(X, y)
    report = {"gold_file": str(args.gold), "part": "train", "sentences": int(len(gold)), "pairs": int(len(y)),
              "targets": model.targets_, "offsets": model.offsets_}
    save_stance_model(model, args.output, {"training": report})
    print(json.dumps({"model": str(args.output), **report}, indent=2, default=str))
    return 0


def run_evaluate(args) -> int:
    """``warsignals evaluate stance``: prints the JSON report."""
    import numpy as np
    import pandas as pd

    from warsignals.evaluate import classification_report, semeval_macro_f
    from warsignals.stance import ANY_TARGET, LABELS, WEAK_MODELS, resolve_stance_model

    if getattr(args, "gold", None) is not None:
        return _evaluate_gold(args)
    if not args.labels:
        raise ParameterError("evaluate stance needs --labels FILE, or --gold FILE")
    frame, _ = _labelled(args)
    # Evaluate every labelled row (duplicates included); labels are validated by prepare_labels above.
    text = frame[args.text_column].astype(str).to_numpy()
    gold = frame[args.label_column].astype(str).str.strip().str.upper().to_numpy()
    targets = (
        frame[args.target_column].astype(str).to_numpy()
        if args.target_column
        else np.full(len(frame), args.target or ANY_TARGET, dtype=object)
    )
    weak = args.model in WEAK_MODELS
    if weak and (targets == ANY_TARGET).any():
        raise ParameterError("the weak model needs --target (or --target-column)")
    start = time.perf_counter()
    predictions = np.empty(len(frame), dtype=object)
    supervised = None if weak else resolve_stance_model(args.model, "", [])[0]
    for target in sorted(set(targets)):
        rows = targets == target
        if supervised is None:
            # zero gold labels: the weak model is fitted on the texts of the file only (no labels read)
            model, _ = resolve_stance_model(args.model, target, list(pd.unique(text)))
            model_target = target
        else:
            model = supervised
            model_target = model.targets_[0] if len(model.targets_) == 1 else target
        predictions[rows] = model.predict(pd.DataFrame({"text": text[rows], "target": model_target}))
    seconds = time.perf_counter() - start
    report = {
        "model": args.model,
        "labels_file": str(args.labels),
        "target": args.target,
        "split": args.split,
        "semeval_macro_f": semeval_macro_f(gold, predictions),
        **classification_report(gold, predictions, labels=list(LABELS)),
        "rows_scored": int(len(frame)),
        "seconds": round(seconds, 3),
    }
    if args.target_column and not args.target:
        report["per_target"] = {
            t: semeval_macro_f(gold[targets == t], predictions[targets == t]) for t in sorted(set(targets))
        }
    json.dump(report, sys.stdout, indent=2)
    print()
    return 0


def run_score(args) -> int:
    """``warsignals stance INPUT -o OUTPUT --target T [--shares ...] [--drivers ...] [--recovery ...]``."""
    import numpy as np

    from warsignals import stance

    frame = read_table(args.input)
    column = args.text_column or ("sentence" if "sentence" in frame.columns else "text")
    if column not in frame.columns:
        raise InputError(f"{args.input}: no text column {column!r} (columns: {', '.join(map(str, frame.columns))})")
    if "doc_id" not in frame.columns:
        frame = frame.assign(doc_id=np.arange(len(frame)).astype(str))
    over_time = args.shares or args.drivers or args.recovery
    if args.unit != "sentence" or over_time:
        missing = {"doc_id", "date", "source", "speaker"} - set(frame.columns)
        if missing or column != "sentence":
            raise InputError(f"{args.input}: --unit, --shares, --drivers and --recovery need a run's sentences "
                             f"table (missing column(s) {sorted(missing | ({'sentence'} - {column}))})")
        scored = stance.score_units(frame, args.target, models=args.model, unit=args.unit)
        if args.unit == "sentence":  # every input column travels with its row (the contract of `score`)
            rest = [c for c in frame.columns if c not in scored.columns]
            scored = scored.merge(frame[["doc_id", "sent_id", *rest]], on=["doc_id", "sent_id"], how="left")
    else:
        clash = sorted(set(frame.columns) & set(stance.SCORED_COLUMNS))
        if clash:
            raise InputError(f"{args.input}: column(s) {clash} would be overwritten by the stance output; "
                             "rename them")
        scored = stance.score_stance(frame, args.target, models=args.model, text_column=column,
                                     keys=list(frame.columns))
    write_table(scored, args.output)
    summary = {"rows": int(len(frame)), "output": str(args.output),
               "stance_counts": scored.groupby(["target", "stance"]).size().unstack(fill_value=0).to_dict("index")}
    if args.documents:
        write_table(stance.document_stance(scored), args.documents)
        summary["documents"] = str(args.documents)
    if over_time:
        shares = stance.favor_share(scored, args.frequency, n_boot=args.n_boot, confidence=args.confidence,
                                    seed=args.seed, min_units=args.min_units)
        for path, table in _over_time_tables(args, frame, scored, shares):
            write_table(table, path)
            summary[Path(path).stem] = str(path)
    print(json.dumps(summary, indent=2, default=int))
    return 0


def _evaluate_gold(args) -> int:
    """``evaluate stance --gold``: per-target F1 of FAVOR and AGAINST on coded real text, as JSON."""
    from warsignals.realtext import STANCE_TARGETS, read_gold, score_gold_stance, stance_measures

    gold = read_gold(None if args.gold == "default" else args.gold, None if args.part == "all" else args.part)
    targets = [args.target] if args.target else list(STANCE_TARGETS)
    report = stance_measures(score_gold_stance(gold, targets, model=args.model), n_boot=args.n_boot)
    report = {"model": args.model, "gold_file": str(args.gold), "part": args.part, **report}
    print(json.dumps(report, indent=2, default=float))
    return 0


def _over_time_tables(
    args, sentences: pd.DataFrame, scored: pd.DataFrame, shares: pd.DataFrame
) -> list[tuple[str, pd.DataFrame]]:
    from warsignals import stance

    tables = []
    if args.shares:
        tables.append((args.shares, shares))
    if args.drivers:
        documents = sentences if "url" in sentences.columns else None  # a url column gives each row its url
        tables.append((args.drivers, stance.stance_driving_sentences_table(
            scored, shares, top_n=args.top_n, sentences=sentences, documents=documents, frequency=args.frequency)))
    if args.recovery:
        if not args.planted:
            raise ParameterError("--recovery needs --planted: the demo corpus's truth/curves.csv (`warsignals demo`)")
        planted = stance.planted_favor_share(read_table(args.planted), args.target, args.frequency)
        tables.append((args.recovery, stance.recovery_summary(stance.planted_comparison(shares, planted))))
    return tables
