"""Corpora as they come: colliding file stems, unknown precision values, nothing loaded (issue 14)."""

from __future__ import annotations

import pandas as pd
import pytest
from corpus_fixtures import ROLLING_SRT, ROLLING_VTT, article, write, write_jsonl

from warsignals.cli import main
from warsignals.corpus import load_corpus
from warsignals.corpus.loader import ingest_to_run
from warsignals.errors import InputError


def test_colliding_stems_give_one_document_per_relative_path(tmp_path):
    folder = tmp_path / "corpus"
    write(folder / "a" / "transcript.txt", f"---\ndate: 2024-01-02\n---\nA\n\n{article(1)}")
    write(folder / "b" / "transcript.txt", f"---\ndate: 2024-01-03\n---\nB\n\n{article(2)}")
    write(folder / "x.txt", f"---\ndate: 2024-01-04\n---\nX\n\n{article(3)}")
    write(folder / "x.srt", ROLLING_SRT)
    write(folder / "x.vtt", ROLLING_VTT.replace("putin", "zelensky"))
    write(folder / "manifest.csv", "file,date\nx.srt,2024-01-05\nx.vtt,2024-01-06\n")
    result = load_corpus([folder], progress=False, near_duplicate_threshold=None)
    assert len(result.rejects) == 0, result.rejects.to_dict("records")
    assert sorted(result.documents["doc_id"]) == ["a/transcript", "b/transcript", "x.srt", "x.txt", "x.vtt"]


def test_same_relative_name_given_twice_falls_back_to_the_path(tmp_path):
    first = write(tmp_path / "one" / "transcript.txt", f"---\ndate: 2024-01-02\n---\nA\n\n{article(4)}")
    second = write(tmp_path / "two" / "transcript.txt", f"---\ndate: 2024-01-02\n---\nB\n\n{article(5)}")
    result = load_corpus([first, second], progress=False)
    assert sorted(result.documents["doc_id"]) == sorted([str(first), str(second)])


@pytest.fixture
def session_jsonl(tmp_path):
    rows = [{"id": f"u{k}", "date": str(1990 + k), "date_precision": "session", "text": article(10 + k),
             "speaker": "UN", "country": ["FRA", "BRA", "IND"][k % 3]} for k in range(7)]
    return write_jsonl(tmp_path / "debates.jsonl", rows)


def test_unknown_precision_values_reject_everything_and_the_run_stops_at_loading(session_jsonl, tmp_path):
    result = load_corpus([session_jsonl], progress=False)
    assert len(result.documents) == 0 and set(result.rejects["kind"]) == {"bad_date"}
    with pytest.raises(InputError, match=r"no document loaded: all 7 record\(s\) rejected: 7 bad_date "
                                         r"\(e\.g\. .*date_precision must be day, month or year, not 'session'"):
        ingest_to_run([session_jsonl], tmp_path / "run", progress=False)
    assert (tmp_path / "run" / "rejects.csv").exists() and not (tmp_path / "run" / "documents.parquet").exists()


def test_precision_column_none_takes_the_precision_from_the_date(session_jsonl):
    result = load_corpus([session_jsonl], column_map={"precision": "none"}, progress=False)
    documents = result.documents
    assert len(documents) == 7 and set(documents["date_precision"]) == {"year"}
    assert documents["date"].min() == pd.Timestamp("1990-01-01") and "country" in documents


def test_precision_column_names_another_column(tmp_path):
    rows = [{"id": "p1", "date": "2024-03-05", "granularity": "month", "text": article(30)}]
    result = load_corpus([write_jsonl(tmp_path / "g.jsonl", rows)], column_map={"precision": "granularity"},
                         progress=False)
    assert result.documents["date_precision"].tolist() == ["month"]
    assert result.documents["date"].tolist() == [pd.Timestamp("2024-03-01")]


def test_cli_precision_column_option(session_jsonl, tmp_path, capsys):
    out = tmp_path / "out.parquet"
    assert main(["ingest", str(session_jsonl), "-o", str(out), "--no-progress"]) == 0
    assert "warning: no document loaded: all 7 record(s) rejected: 7 bad_date" in capsys.readouterr().out
    assert main(["ingest", str(session_jsonl), "-o", str(out), "--no-progress", "--precision-column", "none"]) == 0
    assert len(pd.read_parquet(out)) == 7
