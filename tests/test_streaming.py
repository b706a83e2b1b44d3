"""Streaming ``warsignals score``: batches on document boundaries give the in-memory scorer's output."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from warsignals.cli import main
from warsignals.signals import score_sentences
from warsignals.streaming import CARRY_ROWS, document_batches, iter_batches
from warsignals.tables import TableWriter, read_table, write_table

FILLER = "The weather in the region was mild for the season."
TURN_DOC = (
    ["Question: What will happen to the talks?", "President of Russia Vladimir Putin: Thank you."]
    + [FILLER] * (CARRY_ROWS + 4)
    + ["We are ready for negotiations.", "The Ukrainian army is stubborn.", "They refused to negotiate.",
       "We will respond with a nuclear strike.", FILLER]
)


@pytest.fixture(scope="module")
def sentences() -> pd.DataFrame:
    """Demo-corpus sentences plus a transcript whose speaker turn and actors carry across many rows."""
    from warsignals.demo import generate_demo_corpus
    from warsignals.sentences import split_sentences

    demo = split_sentences(generate_demo_corpus(n_documents=24).documents, progress=False)
    turns = pd.DataFrame({"doc_id": "kremlin-1", "sent_id": range(len(TURN_DOC)), "sentence": TURN_DOC,
                          "date": demo["date"].iloc[0], "source": "kremlin.ru", "speaker": None})
    cut = int((demo["doc_id"] != demo["doc_id"].shift()).to_numpy().nonzero()[0].searchsorted(300))
    cut = int((demo["doc_id"] != demo["doc_id"].shift()).to_numpy().nonzero()[0][cut])  # a document's first row
    table = pd.concat([demo.iloc[:cut], turns, demo.iloc[cut:cut + 300]], ignore_index=True)
    return table[["doc_id", "sent_id", "sentence", "date", "source", "speaker"]]


def _written(frame: pd.DataFrame, path) -> pd.DataFrame:
    write_table(frame, path)
    return read_table(path)


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_streamed_score_equals_in_memory(sentences, tmp_path, suffix):
    source = tmp_path / f"in{suffix}"
    write_table(sentences, source)
    expected = _written(score_sentences(read_table(source)), tmp_path / f"expected{suffix}")
    ready = expected.index[expected["sentence"] == "We are ready for negotiations."][0]
    assert expected["actor"].iloc[ready] == "RUS"  # the speaker turn opened 20 rows before
    assert main(["score", str(source), "-o", str(tmp_path / f"out{suffix}"), "--batch-rows", "7"]) == 0
    pd.testing.assert_frame_equal(read_table(tmp_path / f"out{suffix}"), expected)


def test_table_without_documents_carries_the_speaker_turn(sentences, tmp_path):
    start = int((sentences["doc_id"] == "kremlin-1").to_numpy().nonzero()[0][0]) - 30
    table = sentences.drop(columns="doc_id").iloc[start:start + 170].reset_index(drop=True)
    source = tmp_path / "nodocs.csv"
    table.to_csv(source, index=False)
    expected = _written(score_sentences(read_table(source)), tmp_path / "expected.csv")
    naive = pd.concat([score_sentences(b) for b in iter_batches(source, 5)], ignore_index=True)
    assert (naive["actor"] != score_sentences(read_table(source))["actor"]).any()  # cutting anywhere loses context
    assert main(["score", str(source), "-o", str(tmp_path / "out.csv"), "--batch-rows", "5"]) == 0
    pd.testing.assert_frame_equal(read_table(tmp_path / "out.csv"), expected)


def test_document_batches_never_cut_a_document(sentences):
    batches = [sentences.iloc[i:i + 10] for i in range(0, len(sentences), 10)]
    out = list(document_batches(batches))
    assert sum(len(frame) for frame, _ in out) == len(sentences)
    seen: set[str] = set()
    for frame, n_context in out:
        assert n_context == 0
        docs = set(frame["doc_id"])
        assert not docs & seen
        seen |= docs


def test_partitioned_dataset_input(sentences, tmp_path):
    sentences = sentences.assign(month=pd.to_datetime(sentences["date"]).dt.strftime("%Y-%m"))
    sentences = sentences.sort_values("month", kind="stable").reset_index(drop=True)
    sentences.to_parquet(tmp_path / "sentences", partition_cols=["month"], index=False)
    assert main(["score", str(tmp_path / "sentences"), "-o", str(tmp_path / "out.parquet"), "--batch-rows", "9"]) == 0
    out = read_table(tmp_path / "out.parquet")
    expected = score_sentences(read_table(tmp_path / "sentences"))
    assert out["month"].tolist() == sentences["month"].tolist()
    assert out["signal"].tolist() == expected["signal"].tolist()
    assert out["actor"].tolist() == expected["actor"].tolist()


def test_parquet_batches_gather_small_row_groups(sentences, tmp_path):
    """A table written in many small row groups (as every streamed writer leaves it) is read in full batches."""
    path = tmp_path / "small-groups.parquet"
    with TableWriter(path) as writer:
        for start in range(0, len(sentences), 13):
            writer.write(sentences.iloc[start:start + 13])
    batches = list(iter_batches(path, 100))
    sizes = [len(batch) for batch in batches]
    assert sizes[:-1] == [100] * (len(sizes) - 1) and 0 < sizes[-1] <= 100
    pd.testing.assert_frame_equal(pd.concat(batches, ignore_index=True), read_table(path))


def test_writer_settles_empty_first_batch(tmp_path):
    scored = score_sentences(pd.DataFrame({"sentence": ["Nice weather.", "Russia is ready for talks."],
                                           "note": [None, "x"]}))
    with TableWriter(tmp_path / "out.parquet") as writer:
        writer.write(scored.iloc[:1])  # no cues, no notes: cues and note types come from the settled schema
        writer.write(scored.iloc[1:])
    out = pd.read_parquet(tmp_path / "out.parquet")
    assert out["note"].tolist()[1] == "x"
    assert out["cues"].iloc[1][0]["category"] == "readiness_for_talks"
    with TableWriter(tmp_path / "out.jsonl") as writer:
        writer.write(scored.iloc[:1])
        writer.write(scored.iloc[1:])
    lines = (tmp_path / "out.jsonl").read_text().splitlines()
    assert len(lines) == 2 and json.loads(json.loads(lines[1])["cues"])[0]["text"] == "ready for talks"


def test_streaming_user_errors(tmp_path, capsys):
    source = tmp_path / "in.csv"
    pd.DataFrame({"sentence": ["a"]}).to_csv(source, index=False)
    assert main(["score", str(source), "-o", str(tmp_path / "o.csv"), "--batch-rows", "0"]) == 1
    assert main(["score", str(source), "-o", str(tmp_path / "o.csv"), "--scheduler", "tcp://x:1"]) == 1
    assert main(["score", str(tmp_path), "-o", str(tmp_path / "o.csv")]) == 1  # a folder without a dataset
    err = capsys.readouterr().err
    assert err.count("warsignals: error:") == 3 and "Traceback" not in err


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_streamed_rates_equal_in_memory(sentences, tmp_path, suffix):
    from warsignals.signals import signal_rates
    from warsignals.streaming import stream_signal_rates

    scored = score_sentences(sentences)
    path = write_table(scored, tmp_path / f"scored{suffix}")
    expected = signal_rates(scored, frequency="quarter", n_boot=50)
    streamed = stream_signal_rates(path, frequency="quarter", n_boot=50, batch_rows=23)
    assert len(expected["by_actor"]) and len(expected["categories"])
    for key, frame in expected.items():
        pd.testing.assert_frame_equal(streamed[key], frame, check_dtype=False)


def test_ingest_writes_a_partitioned_sentences_dataset(tmp_path):
    from warsignals.corpus import ingest_to_run
    from warsignals.demo import write_demo_corpus

    corpus = write_demo_corpus(tmp_path / "demo", n_documents=30)
    ingest_to_run(corpus, tmp_path / "run", sentences_layout="both", progress=False)
    single = read_table(tmp_path / "run" / "sentences.parquet")
    months = sorted(p.name for p in (tmp_path / "run" / "sentences").iterdir())
    assert len(months) > 3 and all(m.startswith("month=20") for m in months)
    dataset = read_table(tmp_path / "run" / "sentences")
    assert len(dataset) == len(single)
    key = ["doc_id", "sent_id"]
    merged = single.merge(dataset, on=key, suffixes=("", "_ds"))
    assert len(merged) == len(single) and (merged["sentence"] == merged["sentence_ds"]).all()
    assert (dataset["month"] == pd.to_datetime(dataset["date"]).dt.strftime("%Y-%m")).all()
    assert dataset["month"].is_monotonic_increasing  # partitions read back in time order


def test_streamed_rates_carry_wilson_intervals_and_named_periods(sentences, tmp_path):
    from warsignals.signals import signal_rates
    from warsignals.streaming import stream_signal_rates

    scored = score_sentences(sentences)
    months = pd.to_datetime(scored["date"]).dt.month
    scored["session"] = "s" + ((months - 1) // 4).astype(str)  # three named periods of four months
    path = write_table(scored, tmp_path / "scored.parquet")
    expected = signal_rates(scored, frequency="session", n_boot=50)
    streamed = stream_signal_rates(path, frequency="session", n_boot=50, batch_rows=31)
    assert set(expected["overall"]["interval"]) == {"wilson"}
    assert {"numerator", "denominator", "period_name"} <= set(streamed["overall"].columns)
    for key, frame in expected.items():
        pd.testing.assert_frame_equal(streamed[key], frame, check_dtype=False)
    with pytest.raises(Exception, match="frequency must be one of"):
        stream_signal_rates(path, frequency="no_such_column")


def test_interval_kind_survives_batching():
    """Rows outside [0, denominator] force the bootstrap even when every document's sums look like a share."""
    from warsignals.timeseries import bootstrap_ratio, cluster_sums, combine_sums, ratio_from_sums

    frame = pd.DataFrame({"period": 1, "doc_id": [1, 1, 2, 2, 3, 3], "y": [2.0, 0.0, 1.0, 0.0, 0.0, 1.0]})
    expected = bootstrap_ratio(frame, "y", n_boot=40)
    assert expected["interval"].iloc[0] == "bootstrap"
    sums = combine_sums([cluster_sums(frame.iloc[i:i + 2], "y") for i in range(0, 6, 2)])
    pd.testing.assert_frame_equal(ratio_from_sums(sums, "y", n_boot=40), expected)


def test_corpus_folder_of_parquet_tables_goes_through_the_loader(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    pd.DataFrame({"text": ["We are ready for negotiations with Kyiv, the minister said today."],
                  "date": ["2022-03-01"]}).to_parquet(corpus / "a.parquet", index=False)
    pd.DataFrame({"text": ["The shelling of the city went on through the night, officials said.", ""],
                  "date": ["2022-03-02", "2022-03-03"]}).to_parquet(corpus / "b.parquet", index=False)
    assert main(["score", str(corpus), "-o", str(tmp_path / "out.csv")]) == 0
    assert "found 3, loaded 2, rejected 1" in capsys.readouterr().out
    assert len(pd.read_csv(tmp_path / "out.rejects.csv")) == 1


def test_cli_parser_builds_without_heavy_imports():
    import subprocess
    import sys

    code = ("import sys; from warsignals.cli import build_parser; build_parser(); "
            "print(sorted(m for m in ('pandas', 'numpy', 'scipy', 'pyarrow', 'sklearn') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
