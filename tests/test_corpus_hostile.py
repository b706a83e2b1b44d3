"""Hostile and careless corpus inputs (issue 13): every entry found is loaded or listed as a reject, nothing
hangs, and nothing raises a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from corpus_fixtures import LONG_TEXT, article, write

from warsignals.cli import main
from warsignals.corpus import load_corpus


def load(paths, **kw):
    return load_corpus(paths, progress=False, **kw)


def _accounted(result) -> None:
    assert result.found == len(result.documents) + len(result.rejects)


def test_dangling_links_fifos_and_linked_folders_are_counted_not_vanished(tmp_path):
    folder = tmp_path / "corpus"
    write(folder / "good-2024-01-05.txt", "Good\n\n" + LONG_TEXT)
    (folder / "gone-2024-01-06.txt").symlink_to(folder / "nowhere.txt")
    os.mkfifo(folder / "pipe-2024-01-07.txt")
    (tmp_path / "elsewhere").mkdir()
    (folder / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    result = load(folder)
    _accounted(result)
    assert len(result.documents) == 1 and result.found == 4
    reasons = dict(zip(result.rejects["path"].map(lambda p: Path(p).name), result.rejects["reason"], strict=True))
    assert reasons["gone-2024-01-06.txt"].startswith("dangling symbolic link")
    assert reasons["pipe-2024-01-07.txt"] == "not a regular file (FIFO); not opened"
    assert "symbolic link to a folder" in reasons["linked"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders whatever their permissions")
def test_unreadable_folder_is_a_reject(tmp_path):
    folder = tmp_path / "corpus"
    write(folder / "good-2024-01-05.txt", "Good\n\n" + LONG_TEXT)
    write(folder / "locked" / "inside-2024-01-05.txt", "Inside\n\n" + article(2))
    (folder / "locked").chmod(0)
    try:
        result = load(folder)
    finally:
        (folder / "locked").chmod(0o755)
    _accounted(result)
    assert result.rejects["kind"].tolist() == ["unreadable"] and "unreadable folder" in result.rejects["reason"][0]


def test_fifo_given_as_a_path_is_rejected_without_opening_it(tmp_path):
    fifo = tmp_path / "stream.jsonl"
    os.mkfifo(fifo)
    write(tmp_path / "ok.jsonl", '{"id": "a", "date": "2024-01-01", "text": "' + article(1) + '"}\n')
    # a subprocess, so that a regression (opening the FIFO blocks forever) fails by timeout, not by hanging
    done = subprocess.run([sys.executable, "-m", "warsignals.cli", "ingest", str(fifo), str(tmp_path / "ok.jsonl"),
                           "-o", str(tmp_path / "out.csv"), "--no-progress"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "found 2, loaded 1, rejected 1" in done.stdout
    rejects = pd.read_csv(tmp_path / "out.rejects.csv")
    assert rejects["reason"].tolist() == ["not a regular file (FIFO); not opened"]


def test_manifest_rows_naming_missing_files_and_conflicting_duplicates_are_rejects(tmp_path):
    folder = tmp_path / "corpus"
    write(folder / "talk.txt", "Talk\n\n" + LONG_TEXT)
    write(folder / "manifest.csv", "file,date,title\ntalk.txt,2024-03-01,First\nmissing.txt,2024-03-02,Lost\n"
          "talk.txt,2024-03-09,Second\ntalk.txt,2024-03-01,First\n")
    result = load(folder)
    _accounted(result)
    assert result.documents["title"].tolist() == ["First"]
    assert str(result.documents["date"][0].date()) == "2024-03-01"
    rejects = result.rejects.set_index("record")
    assert rejects.loc["3", "kind"] == "missing_file" and "'missing.txt'" in rejects.loc["3", "reason"]
    assert rejects.loc["4", "kind"] == "bad_manifest" and "conflicts with line 2 in date, title" in \
        rejects.loc["4", "reason"]
    assert "5" not in rejects.index  # an identical repeat is not a conflict
    assert result.found == 3


def test_file_name_that_is_not_utf8_is_loaded_under_an_escaped_name(tmp_path, capsys):
    folder = tmp_path / "corpus"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9-2024-05-01.txt")
    try:
        (folder / name).write_text("Cafe\n\n" + LONG_TEXT, encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses non-UTF-8 file names")
    out = tmp_path / "out.parquet"
    assert main(["ingest", str(folder), "-o", str(out), "--no-progress"]) == 0
    documents = pd.read_parquet(out)
    assert documents["path"].str.endswith("caf\\xe9-2024-05-01.txt").all()
    assert documents["doc_id"].tolist() == ["caf\\xe9-2024-05-01"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16", "utf-32"])
def test_utf16_without_bom_and_utf32_with_bom_decode_to_the_text(tmp_path, encoding):
    text = "Talks in Istanbul\n\n" + LONG_TEXT + " Café, Київ."
    write(tmp_path / "speech-2024-04-01.txt", text.encode(encoding))
    line = '{"id": "j", "date": "2024-04-02", "text": "' + article(3) + ' Київ"}\n'
    write(tmp_path / "rows.jsonl", line.encode(encoding))
    result = load(tmp_path)
    _accounted(result)
    assert result.rejects.empty, result.rejects.to_dict("records")
    documents = result.documents.set_index("doc_id")
    assert documents.loc["speech-2024-04-01", "title"] == "Talks in Istanbul"
    assert documents.loc["speech-2024-04-01", "text"] == text.split("\n\n", 1)[1]
    assert documents.loc["j", "text"].endswith("Київ") and "\x00" not in "".join(documents["text"])


def test_nul_bytes_that_are_not_utf16_are_rejected_with_the_reason(tmp_path):
    write(tmp_path / "wide-2024-04-01.txt", ("Talks\n\n" + LONG_TEXT).encode("utf-32-le"))
    write(tmp_path / "blob-2024-04-01.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"Title\n\n" + LONG_TEXT.encode())
    result = load(tmp_path)
    _accounted(result)
    assert result.documents.empty and set(result.rejects["kind"]) == {"undecodable"}
    assert all("NUL byte at byte offset" in reason for reason in result.rejects["reason"])


def test_dates_outside_the_nanosecond_range_are_rejected_records(tmp_path, capsys):
    rows = [("early", "1500-01-01"), ("edge_early", "1677-09-21"), ("first", "1677-09-22"), ("last", "2262-04-11"),
            ("late", "2262-04-12"), ("far", "2999-12-31"), ("ok", "2024-05-24")]
    write(tmp_path / "dates.jsonl", "".join(
        json.dumps({"id": doc_id, "date": date, "text": article(i)}) + "\n" for i, (doc_id, date) in enumerate(rows)))
    out = tmp_path / "out.parquet"
    assert main(["ingest", str(tmp_path / "dates.jsonl"), "-o", str(out), "--no-progress"]) == 0
    assert sorted(pd.read_parquet(out)["doc_id"]) == ["first", "last", "ok"]
    rejects = pd.read_csv(tmp_path / "out.rejects.csv")
    assert rejects["kind"].tolist() == ["bad_date"] * 4
    assert "outside the supported range 1677-09-22 to 2262-04-11" in rejects["reason"][0]


def test_closed_stdout_neither_tracebacks_nor_stops_the_table_being_written(tmp_path):
    write(tmp_path / "ok.jsonl", '{"id": "a", "date": "2024-01-01", "text": "' + article(1) + '"}\n')
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before anything is printed, as with `| head -1` after its line
    try:
        done = subprocess.run([sys.executable, "-m", "warsignals.cli", "ingest", str(tmp_path / "ok.jsonl"), "-o",
                               str(tmp_path / "out.parquet"), "--no-progress"], stdout=write_end,
                              stderr=subprocess.PIPE, text=True, timeout=120, check=False,
                              env={**os.environ, "PYTHONUNBUFFERED": "1"})
    finally:
        os.close(write_end)
    assert done.returncode == 0 and "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
    assert pd.read_parquet(tmp_path / "out.parquet")["doc_id"].tolist() == ["a"]
