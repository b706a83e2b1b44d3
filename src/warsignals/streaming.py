"""Tables in bounded memory: read in batches aligned on documents, score batch by batch, write incrementally.

The lexicon scorer reads a document's earlier sentences (the previous sentences' actor, the speaker turn
that a ``Name:`` label opens), so a batch never cuts a document: :func:`document_batches` holds back the rows
of the batch's last document until the next batch arrives. A table without a document column is one
document to the scorer; it is cut anywhere, and each batch is preceded by context rows (the previous
batch's last :data:`CARRY_ROWS` rows and its last speaker-turn label) that are scored again and dropped.
Either way the output equals the in-memory scorer's (``tests/test_streaming.py``).

:func:`iter_batches` reads CSV and TSV (pandas chunks), JSONL (pandas chunks) and Parquet (a file, or a folder
holding a partitioned dataset such as a run's ``sentences/``) with pyarrow datasets;
:class:`warsignals.tables.TableWriter` appends batches to one table file.
:func:`score_batch` is the function every engine runs on each batch (locally here, on Dask workers in
:mod:`warsignals.dask_engine`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from warsignals import config
from warsignals.errors import InputError, ParameterError
from warsignals.tables import TableWriter, is_parquet_dataset, parquet_dataset

TABLE_SUFFIXES = config.TABLE_SUFFIXES
DEFAULT_BATCH_ROWS = config.BATCH_ROWS
# context rows carried into the next batch of a table without documents: at least the scorer's lookback (3)
CARRY_ROWS = 16


def is_partitioned_dataset(path: str | Path) -> bool:
    """Whether ``path`` is a folder of hive-partitioned Parquet files (each under a ``key=value`` folder, as a
    run's ``sentences/``), rather than a corpus folder that happens to hold Parquet tables."""
    path = Path(path)
    if not path.is_dir():
        return False
    files = list(path.rglob("*.parquet"))
    return bool(files) and all(any("=" in part for part in f.relative_to(path).parent.parts) for f in files)


def is_table(path: str | Path) -> bool:
    """Whether ``warsignals score`` reads ``path`` as one table: a ``.csv``, ``.jsonl`` or ``.parquet`` file, or a
    hive-partitioned Parquet dataset folder. Any other folder is a corpus, read by the corpus loader (its
    rejects listed and counted)."""
    path = Path(path)
    return (path.is_file() and path.suffix.lower() in TABLE_SUFFIXES) or is_partitioned_dataset(path)


def iter_batches(path: str | Path, batch_rows: int = DEFAULT_BATCH_ROWS,
                 columns: list[str] | None = None) -> Iterator[pd.DataFrame]:
    """Read a table in batches of at most ``batch_rows`` rows, in file order.

    Parameters
    ----------
    path : str or Path
        A ``.csv``, ``.jsonl`` or ``.parquet`` file, or a folder holding a (partitioned) Parquet dataset,
        whose files are read in sorted path order (year-month partitions in time order).
    batch_rows : int
        Rows per batch.
    columns : list of str, optional
        Read only these columns (those present).

    Yields
    ------
    DataFrame
        Consecutive row batches with a running ``RangeIndex``-free index (0-based per batch).

    Raises
    ------
    InputError
        When the path is missing, of another type, or unreadable.
    """
    if batch_rows < 1:
        raise ParameterError(f"batch size must be at least 1, not {batch_rows}")
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: file not found")
    suffix = path.suffix.lower()
    try:
        if path.is_dir() or suffix == ".parquet":
            if path.is_dir() and not is_parquet_dataset(path):
                raise InputError(f"{path}: a folder must hold a Parquet dataset (*.parquet files)")
            dataset = parquet_dataset(path)
            wanted = [c for c in columns if c in dataset.schema.names] if columns is not None else None
            # no read-ahead: a batch in memory at a time (read-ahead buffers many row groups and saves no time
            # without threads)
            record_batches = dataset.to_batches(batch_size=batch_rows, use_threads=False, columns=wanted,
                                                batch_readahead=0, fragment_readahead=0)
            yield from _parquet_batches(record_batches, batch_rows)
            return
        if suffix in (".csv", ".tsv"):
            reader = pd.read_csv(path, chunksize=batch_rows, sep="\t" if suffix == ".tsv" else ",",
                                 usecols=(lambda c: c in columns) if columns is not None else None)
        elif suffix == ".jsonl":
            reader = pd.read_json(path, lines=True, chunksize=batch_rows)
        else:
            raise InputError(f"{path}: expected a {', '.join(TABLE_SUFFIXES)} table")
        with reader:
            for chunk in reader:
                if columns is not None:
                    chunk = chunk[[c for c in chunk.columns if c in columns]]
                yield chunk.reset_index(drop=True)
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError, OSError) as exc:
        raise InputError(f"{path}: cannot read the table: {exc}") from None


def _parquet_batches(record_batches: Iterable, batch_rows: int) -> Iterator[pd.DataFrame]:
    """Record batches regrouped into frames of ``batch_rows`` rows (the last one shorter).

    pyarrow yields at most one row group per record batch, and a table written batch by batch (a scored
    table, a partitioned sentences dataset) has many small row groups; converted one by one they would make
    each step pay its per-batch cost thousands of times (see ``bench/scale.py``).
    """
    import pyarrow as pa

    pending, rows = [], 0
    for batch in record_batches:
        if not batch.num_rows:
            continue
        pending.append(pa.Table.from_batches([batch]))
        rows += batch.num_rows
        if rows < batch_rows:
            continue
        table = pa.concat_tables(pending)
        start = 0
        while rows - start >= batch_rows:
            yield table.slice(start, batch_rows).to_pandas()
            start += batch_rows
        rest = table.slice(start)
        pending, rows = ([rest] if rest.num_rows else []), rest.num_rows
    if rows:
        yield pa.concat_tables(pending).to_pandas()


def _turn_row(texts: list) -> int | None:
    """Index of the last text opening a speaker turn (``Name: ...``), as the scorer detects them."""
    from warsignals.actors import TURN_LABEL as _TURN

    for i in range(len(texts) - 1, -1, -1):
        text = texts[i]
        if isinstance(text, str) and text.find(":", 0, 90) != -1 and _TURN.match(text):
            return i
    return None


def document_batches(
    batches: Iterable[pd.DataFrame], doc_column: str = "doc_id", text_column: str = "sentence"
) -> Iterator[tuple[pd.DataFrame, int]]:
    """Re-cut batches so that the scorer sees every document whole.

    Parameters
    ----------
    batches : iterable of DataFrame
        Consecutive batches of one table, rows of a document contiguous (as in a sentences table).
    doc_column : str
        The document column; when a batch lacks it, the table counts as one document and batches carry
        context rows instead.
    text_column : str
        The text column (to find speaker-turn labels in context rows).

    Yields
    ------
    (DataFrame, int)
        A batch and the number of leading context rows in it (rows already yielded, to be dropped after
        scoring).
    """
    pending: pd.DataFrame | None = None
    carry: pd.DataFrame | None = None
    for frame in batches:
        if doc_column not in frame.columns:
            if carry is not None:
                frame = pd.concat([carry, frame], ignore_index=True)
            n_context = 0 if carry is None else len(carry)
            yield frame, n_context
            tail = frame.iloc[-CARRY_ROWS:]
            turn = _turn_row(frame[text_column].tolist()) if text_column in frame.columns else None
            if turn is not None and turn < len(frame) - len(tail):  # the open speaker turn precedes the tail
                tail = pd.concat([frame.iloc[[turn]], tail])
            carry = tail.reset_index(drop=True)
            continue
        if pending is not None:
            frame = pd.concat([pending, frame], ignore_index=True)
        codes = pd.factorize(frame[doc_column])[0]  # missing ids share code -1, as in the scorer
        changes = np.flatnonzero(codes[1:] != codes[:-1])
        if not len(changes):  # one document so far: wait for its end
            pending = frame
            continue
        cut = int(changes[-1]) + 1
        yield frame.iloc[:cut].reset_index(drop=True), 0
        pending = frame.iloc[cut:].reset_index(drop=True)
    if pending is not None and len(pending):
        yield pending, 0


def score_batch(frame: pd.DataFrame, n_context: int = 0, lexicon=None, text_column: str = "sentence",
                speaker_column: str = "speaker", model=None) -> pd.DataFrame:
    """Score one batch with :func:`warsignals.signals.score_sentences` (and a trained model, if given).

    Parameters
    ----------
    frame : DataFrame
        Sentences of whole documents (see :func:`document_batches`).
    n_context : int
        Leading context rows, dropped from the result.
    lexicon : path or Lexicon, optional
        The cue lexicon.
    text_column, speaker_column : str
        As in :func:`~warsignals.signals.score_sentences`.
    model : SignalClassifier, optional
        Adds ``model_label`` and ``model_probability``.

    Returns
    -------
    DataFrame
        The scored rows after the context rows, input columns first.
    """
    from warsignals.signals.scorer import score_sentences

    scored = score_sentences(frame, lexicon=lexicon, text_column=text_column, speaker_column=speaker_column)
    if n_context:
        scored = scored.iloc[n_context:].reset_index(drop=True)
    if model is not None:
        proba = model.predict_proba(scored[text_column].fillna("").astype(str).tolist()) if len(scored) else None
        scored["model_label"] = model.classes_[proba.argmax(axis=1)] if proba is not None else []
        scored["model_probability"] = proba.max(axis=1) if proba is not None else []
    return scored


class PartitionWriter:
    """Append sentences to a Parquet dataset partitioned by year-month: ``<folder>/month=YYYY-MM/part-0.parquet``.

    Rows keep their order within each partition, so a document (one date) stays whole and in order, and
    the partitions read back in time order (:func:`iter_batches` reads files in sorted path order).
    Undated rows go to ``month=none``.

    Parameters
    ----------
    folder : str or Path
        The dataset folder (emptied of earlier partitions first).
    date_column : str
        The date column partitioned on.
    """

    def __init__(self, folder: str | Path, date_column: str = "date"):
        import shutil

        self.folder = Path(folder)
        if self.folder.exists():
            shutil.rmtree(self.folder)
        self.folder.mkdir(parents=True)
        self.date_column = date_column
        self.rows = 0
        self._writers: dict[str, TableWriter] = {}

    def __enter__(self) -> PartitionWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def write(self, frame: pd.DataFrame) -> None:
        """Append rows, each to its month's file."""
        self.rows += len(frame)
        months = pd.to_datetime(frame[self.date_column], errors="coerce").dt.strftime("%Y-%m").fillna("none")
        for month, part in frame.groupby(months.to_numpy(), sort=True):
            if month not in self._writers:
                self._writers[month] = TableWriter(self.folder / f"month={month}" / "part-0.parquet")
            self._writers[month].write(part)

    def close(self) -> None:
        """Close every partition's file."""
        for writer in self._writers.values():
            writer.close()


def stream_signal_rates(
    path: str | Path,
    frequency: str = "month",
    by: list[str] | None = None,
    actors: list[str] | None = None,
    n_boot: int = config.BOOTSTRAP_REPLICATES,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
    min_sentences: int = 1,
    batch_rows: int = DEFAULT_BATCH_ROWS,
) -> dict[str, pd.DataFrame]:
    """:func:`warsignals.signals.signal_rates` of a scored table read batch by batch.

    Each batch is reduced to per-period, per-document sums of the signal indicators
    (:func:`warsignals.timeseries.cluster_sums`, with the interval kind of every series); only those sums are
    kept (one row per document and period, combined by :func:`warsignals.timeseries.combine_sums`), and the
    intervals (cluster-adjusted Wilson for these shares, as in memory) are computed from them
    (:func:`warsignals.timeseries.ratio_from_sums`). The result equals
    :func:`~warsignals.signals.signal_rates` of the whole table, ``numerator``, ``denominator``, ``interval``
    and (for a period column) ``period_name`` included.

    Parameters
    ----------
    path : str or Path
        A scored table (``warsignals score`` output) or a Parquet dataset folder of scored rows.
    frequency, by, actors, n_boot, confidence, seed, min_sentences
        As in :func:`~warsignals.signals.signal_rates` (its period length, ``frequency``, may name a column
        whose values name the period: a named period starts at the earliest date of its rows in the whole table).
    batch_rows : int
        Rows read at a time.

    Returns
    -------
    dict of DataFrame
        ``overall``, ``by_actor``, ``hedged``, ``categories`` as :func:`~warsignals.signals.signal_rates`.
    """
    from warsignals.signals import category_families, signal_indicators, with_period_names
    from warsignals.signals.rates import by_actor_rates, category_rates, hedged_rates, overall_rates
    from warsignals.timeseries import FREQUENCIES, assign_period, cluster_sums, combine_sums, ratio_from_sums

    groups = ["period"] + list(by or [])
    named = frequency not in FREQUENCIES
    needed = ["doc_id", "date", "signal", "category", "actor", "hedged", *list(by or []),
              *([frequency] if named else [])]
    parts, hedged_parts, starts = [], [], []
    offset = 0
    for batch in iter_batches(path, batch_rows, columns=needed):
        if "date" not in batch.columns:
            raise ParameterError("scored sentences need a 'date' column to aggregate over time")
        text = [c for c in ("category", "actor") if c in batch.columns]
        batch[text] = batch[text].fillna("").astype(str)  # a CSV reads empty categories as missing
        frame = signal_indicators(batch, actors=actors)
        if named:  # grouped by the period's name here; its start (earliest date) is known after the last batch
            if frequency not in frame.columns:
                from warsignals.timeseries import period_column

                period_column(frame, frequency)  # raises the in-memory error naming the columns
            frame["period"] = frame[frequency].astype("string").fillna("(none)")
            dates = pd.to_datetime(frame["date"], errors="coerce").dt.normalize()
            starts.append(dates.groupby(frame["period"]).min())
        else:
            frame["period"] = assign_period(frame["date"], frequency)
        if "doc_id" not in frame.columns:  # every sentence its own cluster, as signal_rates does
            frame["doc_id"] = np.arange(offset, offset + len(frame))
        offset += len(frame)
        values = [c for c in frame.columns if c.startswith(("is_", "escalation_", "negotiation_"))
                  or c in ("net", "hedged_negotiation")]
        parts.append(cluster_sums(frame, values, None, groups, "doc_id"))
        hedged_parts.append(cluster_sums(frame, "hedged_negotiation", "is_negotiation", groups, "doc_id"))
    if not parts:
        raise InputError(f"{path}: the table has no rows")
    sums, hedged_sums = combine_sums(parts), combine_sums(hedged_parts)
    names = pd.DataFrame(columns=["period", "period_name"])
    if named:
        sums, hedged_sums, names = _named_periods(sums, hedged_sums, starts, frequency)
    common = dict(by=groups, n_boot=n_boot, confidence=confidence, seed=seed)
    ratio = partial(ratio_from_sums, sums, **common)
    keys = actors if actors else sorted({c.split("_", 1)[1] for c in sums.columns
                                         if c.startswith(("escalation_", "negotiation_"))})
    actor_cols = [f"{signal}_{key}" for key in keys for signal in ("escalation", "negotiation")]
    tables = {
        "overall": overall_rates(ratio, sums.columns, min_sentences),
        "by_actor": by_actor_rates(ratio, actor_cols, min_sentences),
        "hedged": hedged_rates(partial(ratio_from_sums, hedged_sums, **common), hedged_sums.columns, min_sentences),
        "categories": category_rates(ratio, sorted(sums.columns), min_sentences,
                                     category_families(pd.DataFrame())),
    }
    return with_period_names(tables, names)


def _named_periods(sums: pd.DataFrame, hedged_sums: pd.DataFrame, starts: list[pd.Series], frequency: str):
    """Sums keyed by period name re-keyed by the period's start (as
    :func:`warsignals.timeseries.period_column`), and the ``period, period_name`` table."""
    start = pd.concat(starts).groupby(level=0).min()
    shared = start[start.duplicated(keep=False)]
    if len(shared):
        raise ParameterError(f"named periods {', '.join(sorted(shared.index))} of column {frequency!r} start on the "
                             f"same day ({shared.iloc[0]:%Y-%m-%d}); they cannot be told apart")

    def rekey(table: pd.DataFrame) -> pd.DataFrame:
        levels = list(table.index.names)
        flat = table.reset_index()
        flat["period"] = flat["period"].map(start).astype("datetime64[ns]")
        return flat.set_index(levels).sort_index()

    names = pd.DataFrame({"period": start.to_numpy().astype("datetime64[ns]"), "period_name": start.index})
    names["period_name"] = names["period_name"].astype("string")
    return rekey(sums), rekey(hedged_sums), names.sort_values("period").reset_index(drop=True)
