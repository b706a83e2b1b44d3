"""The Dask engine: the streaming scorer's batches scored on a Dask cluster (``--engine dask``).

The client reads the input in document-aligned batches (:func:`warsignals.streaming.document_batches`),
so the input file need not be visible to the workers. Each window of batches is scattered to the
workers as the partitions of a ``dask.dataframe`` and scored with ``map_partitions`` running the local
engine's own function (:func:`warsignals.streaming.score_batch`); the compiled lexicon and a trained model
are scattered once to every worker (``broadcast``) and passed to each partition by reference. Results come
back in partition order and are written as they arrive, so the output equals the local engine's
(``tests/test_dask_engine.py``) and the client holds at most one window of batches.

Needs the ``dask`` extra: ``pip install 'warsignals[dask]'`` (dask and distributed, pinned in
``pyproject.toml``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

import pandas as pd

from warsignals.errors import InputError, SetupError

CONTEXT_COLUMN = "__warsignals_context__"  # marks the context rows of a batch (dropped after scoring)


def _require_dask():
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise SetupError("the Dask engine needs dask and distributed: pip install 'warsignals[dask]' "
                         "(or pip install dask distributed)") from None


@contextmanager
def dask_client(scheduler: str | None = None, workers: int = 2, timeout: float = 20.0) -> Iterator:
    """A ``distributed.Client`` on a running scheduler, or on a ``LocalCluster`` closed on exit.

    Parameters
    ----------
    scheduler : str, optional
        Scheduler address (``tcp://host:8786``); default: a new ``LocalCluster`` on this machine.
    workers : int
        Worker processes of the ``LocalCluster`` (one thread each).
    timeout : float
        Seconds to wait for the scheduler.

    Raises
    ------
    SetupError
        When dask or distributed is not installed.
    InputError
        When the scheduler cannot be reached.
    """
    _require_dask()
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=f"{timeout}s")
        except (OSError, TimeoutError) as exc:
            raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        try:
            yield client
        finally:
            client.close()
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        yield client


def _score_partition(frame: pd.DataFrame, lexicon, model, text_column: str, speaker_column: str) -> pd.DataFrame:
    from warsignals.streaming import score_batch

    n_context = int(frame[CONTEXT_COLUMN].sum()) if len(frame) else 0
    scored = score_batch(frame.drop(columns=CONTEXT_COLUMN), n_context, lexicon=lexicon, text_column=text_column,
                         speaker_column=speaker_column, model=model)
    return scored


def score_batches_dask(
    client,
    batches: Iterable[tuple[pd.DataFrame, int]],
    lexicon=None,
    text_column: str = "sentence",
    speaker_column: str = "speaker",
    model=None,
    window: int | None = None,
) -> Iterator[pd.DataFrame]:
    """Score document-aligned batches on a Dask cluster, yielding the scored batches in input order.

    Parameters
    ----------
    client : distributed.Client
        The cluster's client.
    batches : iterable of (DataFrame, int)
        Batches and their leading context rows, from :func:`warsignals.streaming.document_batches`.
    lexicon : Lexicon, optional
        The compiled lexicon (scattered once to every worker).
    text_column, speaker_column : str
        As in :func:`warsignals.signals.score_sentences`.
    model : SignalClassifier, optional
        A trained model (scattered once to every worker).
    window : int, optional
        Batches in flight at a time (default: twice the number of worker threads).

    Yields
    ------
    DataFrame
        One scored window at a time.
    """
    import dask.dataframe as dd

    from warsignals.lexicon import load_lexicon
    from warsignals.streaming import score_batch

    lexicon = load_lexicon(lexicon) if lexicon is None or not hasattr(lexicon, "categories") else lexicon
    threads = sum(client.nthreads().values()) or 1
    window = window or 2 * threads
    shipped_lexicon = client.scatter(lexicon, broadcast=True, hash=False)
    shipped_model = client.scatter(model, broadcast=True, hash=False) if model is not None else None
    iterator = iter(batches)
    meta = None
    while True:
        group = list(islice(iterator, window))
        if not group:
            return
        frames = []
        for frame, n_context in group:
            marked = frame.copy()
            marked[CONTEXT_COLUMN] = [True] * n_context + [False] * (len(frame) - n_context)
            frames.append(marked)
        if meta is None:  # the output columns, from scoring an empty batch locally
            meta = score_batch(frames[0].drop(columns=CONTEXT_COLUMN).iloc[:0], lexicon=lexicon,
                               text_column=text_column, speaker_column=speaker_column, model=model)
        parts = client.scatter(frames)
        ddf = dd.from_delayed(parts, meta=frames[0].iloc[:0], verify_meta=False)
        scored = ddf.map_partitions(_score_partition, shipped_lexicon, shipped_model, text_column, speaker_column,
                                    meta=meta, align_dataframes=False)
        yield client.compute(scored, sync=True).reset_index(drop=True)
