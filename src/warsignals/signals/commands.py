"""The ``warsignals score``, ``warsignals train signals`` and ``warsignals evaluate signals`` commands."""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from warsignals import config
from warsignals.errors import InputError, ParameterError
from warsignals.tables import TableWriter, read_table

TABLE_SUFFIXES = config.TABLE_SUFFIXES
DEFAULT_BATCH_ROWS = config.BATCH_ROWS

if TYPE_CHECKING:  # pandas and numpy load when a command runs, not when the parser is built
    import numpy as np
    import pandas as pd

PENTA = {"statement", "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"}
SIGNAL3 = {"conflict", "cooperation", "neutral"}
SIGNAL4 = {"escalation", "negotiation", "mixed", "none"}


def register(commands, train, evaluate) -> None:
    """Add ``score``, ``train signals`` and ``evaluate signals`` to the ``warsignals`` parser."""
    score = commands.add_parser(
        "score",
        help="score sentences for escalation rhetoric and negotiation signals",
        description=(
            "Score a CSV/JSONL/Parquet table (one text per row) or a corpus path (files/folders read with the "
            "corpus loader and split into sentences; rejected records go to <output stem>.rejects.csv and are "
            "counted). Keeps the input columns and adds escalation, "
            "negotiation, penta_class, signal, category, actor, hedged, negated and cues."
        ),
    )
    score.add_argument("input", metavar="INPUT", help="table (.csv, .jsonl, .parquet) or corpus file/folder")
    score.add_argument("-o", "--output", required=True, help="output table (.csv, .jsonl or .parquet)")
    score.add_argument("--text-column", default=None,
                       help="column holding the text (default: sentence if present, else text)")
    score.add_argument("--speaker-column", default="speaker", help="column holding the speaker (default: speaker)")
    score.add_argument("--model", default="lexicon",
                       help="'lexicon' (default) or a model directory from `warsignals train signals`; a model adds "
                            "model_label and model_probability")
    score.add_argument("--lexicon", default=None, help="lexicon YAML (default: data/lexicons/cues.yaml)")
    score.add_argument("--split", action="store_true",
                       help="split the input's texts into sentences first (implied for corpus paths)")
    score.add_argument("--batch-rows", type=int, default=DEFAULT_BATCH_ROWS,
                       help=f"rows read, scored and written at a time (default {DEFAULT_BATCH_ROWS:,}); batches "
                            "never cut a document, so memory stays bounded by the batch and the longest document")
    score.add_argument("--engine", choices=("local", "dask"), default="local",
                       help="'local' (default) or 'dask': batches scored on a Dask cluster (pip install "
                            "'warsignals[dask]')")
    score.add_argument("--scheduler", default=None,
                       help="with --engine dask: address of a running scheduler (tcp://host:8786); default: a "
                            "LocalCluster on this machine")
    score.add_argument("--workers", type=int, default=2,
                       help="with --engine dask and no --scheduler: LocalCluster worker processes (default 2)")
    score.add_argument("--connect-timeout", type=float, default=20.0,
                       help="with --scheduler: seconds to wait for the scheduler (default 20)")
    score.set_defaults(func=run_score)

    tr = train.add_parser("signals", help="train the signal classifier on labelled sentences")
    tr.add_argument("--labels", default=None, help="CSV/JSONL/Parquet with texts and labels")
    tr.add_argument("--text-column", default="text", help="text column (default: text)")
    tr.add_argument("--label-column", default=None, help="label column (e.g. signal3 or label; with --labels)")
    tr.add_argument("--gold", default=None,
                    help="instead of --labels: a coded real-text gold file ('default' = "
                         "data/gold/realtext/realtext.csv); trains on its sentences with the signal read as "
                         "escalation / negotiation / none, and cross-validates grouped by document (doc_id)")
    tr.add_argument("--part", default="train", help="with --gold: the part to train on (default train)")
    tr.add_argument("--thresholds", choices=("none", "auto"), default="none",
                    help="'auto': per-class probability thresholds of the signal classes, each chosen for the "
                         "best F1 on grouped out-of-fold predictions of the training data (default none: the "
                         "most probable class)")
    tr.add_argument("-o", "--output", required=True, help="model directory to write")
    tr.add_argument("--C", default="auto",
                    help="regularisation C, or 'auto' (default) to choose it by cross-validation grouped by story "
                         "(warsignals.evaluate.story_groups) on the training data")
    tr.add_argument("--folds", type=int, default=5, help="folds of the grouped CV of --C auto (default 5)")
    tr.add_argument("--lexicon", default=None, help="lexicon YAML for the lexicon features")
    tr.add_argument("--no-lexicon-features", action="store_true", help="use TF-IDF features only")
    tr.add_argument("--lexicon-scale", type=float, default=None,
                    help="weight of the lexicon features beside the TF-IDF ones (default 0.5; 2 on the real-text "
                         "gold, chosen by bench/realtext_cv.py)")
    tr.add_argument("--seed", type=int, default=config.DEFAULT_SEED, help="seed of the CV split and the model")
    tr.set_defaults(func=run_train)

    ev = evaluate.add_parser("signals", help="evaluate the lexicon or a trained model on labelled sentences (JSON)")
    ev.add_argument("--model", default="lexicon", help="'lexicon' or a model directory")
    ev.add_argument("--labels", default=None, help="CSV/JSONL/Parquet with texts and gold labels")
    ev.add_argument("--gold", default=None,
                    help="a coded real-text gold file (columns of data/gold/realtext/realtext.csv): precision, "
                         "recall and F1 of escalation and negotiation, actor accuracy, hedged P/R/F1, with "
                         "document-bootstrap intervals; 'default' = data/gold/realtext/realtext.csv")
    ev.add_argument("--part", default="test", help="with --gold: the part to score (train, test, all; default test)")
    ev.add_argument("--n-boot", type=int, default=1000, help="with --gold: bootstrap replicates (default 1000)")
    ev.add_argument("--seed", type=int, default=config.DEFAULT_SEED, help="with --gold: bootstrap seed")
    ev.add_argument("--text-column", default="text", help="text column (default: text)")
    ev.add_argument("--label-column", default=None, help="gold label column (with --labels)")
    ev.add_argument("--lexicon", default=None, help="lexicon YAML (with --model lexicon)")
    ev.add_argument("--reading", choices=("auto", "penta", "signal3", "signal"), default="auto",
                    help="how the lexicon's output is read (default: from the gold labels)")
    ev.set_defaults(func=run_evaluate)


def _labelled(path: str, text_column: str, label_column: str) -> pd.DataFrame:
    table = read_table(path)
    for column in (text_column, label_column):
        if column not in table.columns:
            raise InputError(f"{path}: no column {column!r} (columns: {', '.join(map(str, table.columns))})")
    bad = table[text_column].isna() | table[label_column].isna()
    if bad.all():
        raise InputError(f"{path}: no row has both a text and a label")
    return table.loc[~bad].reset_index(drop=True)


def run_score(args: argparse.Namespace) -> int:
    """Score a table or a corpus path batch by batch and write the output table incrementally."""
    from warsignals.streaming import document_batches, is_table, iter_batches

    source = Path(args.input)
    if not source.exists():
        raise InputError(f"{source}: not found")
    if args.batch_rows < 1:
        raise ParameterError(f"--batch-rows must be at least 1, not {args.batch_rows}")
    if args.scheduler and args.engine != "dask":
        raise ParameterError("--scheduler needs --engine dask")
    if is_table(source) and not args.split:
        batches = iter_batches(source, args.batch_rows)
        first = next(batches, None)
        if first is None:
            raise InputError(f"{source}: the table has no rows")
        text_column = args.text_column or ("sentence" if "sentence" in first.columns else "text")
        if text_column not in first.columns:
            raise InputError(f"{source}: no column {text_column!r} (use --text-column)")
        batches = _chain(first, batches)
    else:
        from warsignals.corpus.commands import rejects_path_for, write_rejects
        from warsignals.corpus.loader import load_corpus

        column_map = {"text": args.text_column} if is_table(source) and args.text_column else None
        loaded = load_corpus(source, column_map=column_map, progress=False)
        print(write_rejects(loaded, rejects_path_for(Path(args.output), None)))
        if loaded.documents.empty:
            raise InputError(f"{source}: no document could be loaded")
        batches = _split_batches(loaded.documents, args.batch_rows)
        text_column = "sentence"
    model = None
    if args.model != "lexicon":
        from warsignals.signals import load_model

        model = load_model(args.model)
    lexicon = _lexicon_argument(args.lexicon)
    aligned = document_batches(batches, text_column=text_column)
    counts: dict[str, int] = {}
    with TableWriter(args.output) as writer:
        if args.engine == "dask":
            from warsignals.dask_engine import dask_client, score_batches_dask

            with dask_client(args.scheduler, args.workers, args.connect_timeout) as client:
                results = score_batches_dask(client, aligned, lexicon=lexicon, text_column=text_column,
                                             speaker_column=args.speaker_column, model=model)
                _write_counted(results, writer, counts)
        else:
            from warsignals.streaming import score_batch

            results = (score_batch(frame, n_context, lexicon=lexicon, text_column=text_column,
                                   speaker_column=args.speaker_column, model=model) for frame, n_context in aligned)
            _write_counted(results, writer, counts)
    summary = ", ".join(f"{k} {counts.get(k, 0)}" for k in ("escalation", "negotiation", "mixed", "none"))
    print(f"scored {writer.rows} rows -> {writer.path}: {summary}")
    return 0


def _chain(first, rest):
    yield first
    yield from rest


def _lexicon_argument(path: str | None):
    """The lexicon loaded once (a path is compiled once and shipped as an object to every batch)."""
    from warsignals.lexicon import load_lexicon

    return load_lexicon(path)


def _split_batches(documents: pd.DataFrame, batch_rows: int):
    """Sentences of a documents table, split a group of documents at a time (about ``batch_rows`` sentences)."""
    from warsignals.sentences import split_sentences

    start = 0
    per_doc = max(1, batch_rows // 40)  # documents per group, at ~40 sentences per document
    while start < len(documents):
        yield split_sentences(documents.iloc[start:start + per_doc], progress=False)
        start += per_doc


def _write_counted(results, writer, counts: dict[str, int]) -> None:
    for scored in results:
        writer.write(scored)
        for key, value in scored["signal"].value_counts().items():
            counts[key] = counts.get(key, 0) + int(value)


def run_train(args: argparse.Namespace) -> int:
    """Train and save the signal classifier (``--C auto``: C chosen by grouped CV first)."""
    from warsignals.signals import SignalClassifier, save_model, select_signal_model

    if (args.labels is None) == (args.gold is None):
        raise ParameterError("train signals needs --labels FILE --label-column NAME, or --gold FILE (not both)")
    if args.gold is not None:
        from warsignals.realtext import FAMILIES, read_gold

        data = read_gold(None if args.gold == "default" else args.gold, None if args.part == "all" else args.part)
        texts = data["sentence"].astype(str).tolist()
        labels = data["signal"].where(data["signal"].isin(FAMILIES), "none").to_numpy(dtype=object)
        groups = data["doc_id"].to_numpy()
        source = Path(config.REALTEXT_GOLD_FILE if args.gold == "default" else args.gold)
        meta = {"gold": str(source), "part": args.part, "label": "signal as escalation / negotiation / none"}
    else:
        if args.label_column is None:
            raise ParameterError("--labels needs --label-column NAME")
        data = _labelled(args.labels, args.text_column, args.label_column)
        texts = data[args.text_column].astype(str).tolist()
        labels = data[args.label_column].astype(str).to_numpy()
        groups = None
        source = Path(args.labels)
        meta = {"labels": str(args.labels), "text_column": args.text_column, "label_column": args.label_column}
    params = {"lexicon_file": args.lexicon, "lexicon": not args.no_lexicon_features}
    if args.lexicon_scale is not None:
        if not args.lexicon_scale > 0:
            raise ParameterError(f"--lexicon-scale must be positive, not {args.lexicon_scale}")
        params["lexicon_scale"] = args.lexicon_scale
    selection = None
    if args.folds < 2 and (args.C == "auto" or args.thresholds == "auto"):
        raise ParameterError("--folds must be at least 2")
    if args.C == "auto":
        params, selection = select_signal_model(texts, labels, groups=groups, cv=args.folds, base_params=params,
                                                seed=args.seed)
    else:
        try:
            c_value = float(args.C)
        except ValueError:
            raise ParameterError(f"--C must be a positive number or 'auto', not {args.C!r}") from None
        if c_value <= 0:
            raise ParameterError("--C must be positive")
        params["C"] = c_value
    chosen = None
    if args.thresholds == "auto":
        from warsignals.realtext import FAMILIES
        from warsignals.signals import select_signal_thresholds

        targets = [c for c in FAMILIES if c in set(labels)] if args.gold is not None else \
            [c for c in sorted(set(labels)) if c not in ("none", "neutral", "statement", "other")]
        if groups is None:
            from warsignals.evaluate import story_groups

            groups = story_groups(texts, seed=args.seed)
        params["class_thresholds"], chosen = select_signal_thresholds(texts, labels, targets, groups, params,
                                                                      cv=args.folds, seed=args.seed)
    model = SignalClassifier(**params, random_state=args.seed).fit(texts, labels)
    meta = {**meta, "labels_sha256": hashlib.sha256(source.read_bytes()).hexdigest(), "n_train": int(len(data))}
    if chosen is not None:
        meta["thresholds_grouped_oof"] = chosen.to_dict(orient="records")
    if selection is not None:
        meta["grouped_cv_macro_f1"] = {row.params: row.macro_f1 for row in selection.itertuples(index=False)}
    out = save_model(model, args.output, meta)
    shown = "" if not model.class_thresholds else ", thresholds " + ", ".join(
        f"{k} {v:g}" for k, v in model.class_thresholds.items())
    print(f"trained on {len(data)} rows, classes {', '.join(map(str, model.classes_))}, C={model.C:g}{shown} -> {out}")
    return 0


def lexicon_predictions(texts: list[str], gold: pd.Series, reading: str = "auto",
                        lexicon=None) -> tuple[np.ndarray, str]:
    """Predict gold-compatible labels from the lexicon scorer.

    ``reading`` is ``penta`` (the penta_class), ``signal3`` (conflict / cooperation / neutral) or ``signal``
    (escalation / negotiation / mixed / none); ``auto`` picks the one whose label set contains the gold labels.
    """
    import pandas as pd

    from warsignals.signals import PENTA_TO_SIGNAL3, score_sentences

    labels = set(map(str, gold.unique()))
    if reading == "auto":
        if labels <= PENTA:
            reading = "penta"
        elif labels <= SIGNAL3:
            reading = "signal3"
        elif labels <= SIGNAL4:
            reading = "signal"
        else:
            raise ParameterError(
                f"cannot read the lexicon's output as labels {sorted(labels)}: expected PentaClass names, "
                "conflict/cooperation/neutral, or escalation/negotiation/mixed/none (or use a trained model)"
            )
    scored = score_sentences(pd.DataFrame({"text": texts}), lexicon=lexicon, text_column="text")
    if reading == "penta":
        return scored["penta_class"].to_numpy(dtype=object), reading
    if reading == "signal3":
        return scored["penta_class"].map(PENTA_TO_SIGNAL3).to_numpy(dtype=object), reading
    return scored["signal"].to_numpy(dtype=object), reading


def run_evaluate(args: argparse.Namespace) -> int:
    """Print a JSON evaluation report of the lexicon or a trained model."""
    import numpy as np

    from warsignals.evaluate import classification_report
    from warsignals.signals import load_model

    if args.gold is not None:
        return _evaluate_gold(args)
    if args.labels is None or args.label_column is None:
        raise ParameterError("evaluate signals needs --labels FILE --label-column NAME, or --gold FILE")
    data = _labelled(args.labels, args.text_column, args.label_column)
    texts = data[args.text_column].astype(str).tolist()
    gold = data[args.label_column].astype(str)
    if args.model == "lexicon":
        predicted, reading = lexicon_predictions(texts, gold, args.reading, args.lexicon)
        name = "lexicon"
    else:
        model = load_model(args.model)
        predicted, reading, name = model.predict(texts), "model", str(args.model)
    labels = sorted(set(gold) | set(map(str, predicted)))
    report = classification_report(gold.to_numpy(dtype=object), np.asarray(predicted, dtype=object), labels=labels)
    report = {"model": name, "reading": reading, "labels_file": str(args.labels), **report}
    print(json.dumps(report, indent=2, default=float))
    return 0


def _evaluate_gold(args: argparse.Namespace) -> int:
    """``evaluate signals --gold``: the real-text measures with intervals, as JSON."""
    from warsignals.realtext import read_gold, score_gold, signal_measures
    from warsignals.signals import load_model, score_sentences

    gold = read_gold(None if args.gold == "default" else args.gold, None if args.part == "all" else args.part)
    if args.model == "lexicon":
        def scorer(table):
            return score_sentences(table, lexicon=args.lexicon)
        name = "lexicon"
    else:
        model = load_model(args.model)

        def scorer(table):
            out = score_sentences(table, lexicon=args.lexicon)
            out["signal"] = model.predict(out["sentence"].astype(str).tolist())
            return out
        name = str(args.model)
    report = signal_measures(score_gold(gold, scorer), n_boot=args.n_boot, seed=args.seed)
    report = {"model": name, "gold_file": str(args.gold), "part": args.part, **report}
    print(json.dumps(report, indent=2, default=float))
    return 0
