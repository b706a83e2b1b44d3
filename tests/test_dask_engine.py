"""The Dask engine scores like the local engine (LocalCluster with two worker processes)."""

from __future__ import annotations

import pandas as pd
import pytest

from warsignals.cli import main
from warsignals.streaming import document_batches, iter_batches, score_batch
from warsignals.tables import read_table, write_table

pytest.importorskip("dask.dataframe", reason="the Dask engine needs the dask extra: pip install 'warsignals[dask]'")
pytest.importorskip("distributed", reason="the Dask engine needs the dask extra: pip install 'warsignals[dask]'")


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as dask_client:
        yield dask_client


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    from warsignals.demo import generate_demo_corpus
    from warsignals.sentences import split_sentences

    sentences = split_sentences(generate_demo_corpus(n_documents=16).documents, progress=False)
    path = tmp_path_factory.mktemp("dask") / "sentences.parquet"
    write_table(sentences, path)
    return path


@pytest.mark.slow
def test_dask_equals_local(client, table, tmp_path):
    from warsignals.dask_engine import score_batches_dask

    local = pd.concat([score_batch(f, n) for f, n in document_batches(iter_batches(table, 11))], ignore_index=True)
    remote = pd.concat(list(score_batches_dask(client, document_batches(iter_batches(table, 11)), window=3)),
                       ignore_index=True)
    assert (local["signal"] != "none").sum() > 10
    pd.testing.assert_frame_equal(remote, local)
    # the same through the command, on the running scheduler
    address = client.scheduler.address
    assert main(["score", str(table), "-o", str(tmp_path / "dask.parquet"), "--engine", "dask",
                 "--scheduler", address, "--batch-rows", "40"]) == 0
    assert main(["score", str(table), "-o", str(tmp_path / "local.parquet"), "--batch-rows", "40"]) == 0
    pd.testing.assert_frame_equal(read_table(tmp_path / "dask.parquet"), read_table(tmp_path / "local.parquet"))


def test_unreachable_scheduler_is_one_line(capsys, table, tmp_path):
    assert main(["score", str(table), "-o", str(tmp_path / "o.parquet"), "--engine", "dask",
                 "--scheduler", "tcp://127.0.0.1:9", "--connect-timeout", "2"]) == 1
    err = capsys.readouterr().err
    assert "warsignals: error: cannot reach the Dask scheduler" in err and "Traceback" not in err
