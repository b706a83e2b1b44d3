"""Hostile and careless corpus inputs (issue 13): every entry found is loaded or listed as a reject, nothing
hangs, and nothing raises a traceback."""

from __future__ import annotations

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
