"""The ``warsignals ingest`` command: outputs, summary, --strict, and no tracebacks for user mistakes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from corpus_fixtures import LONG_TEXT, article, write, write_jsonl

from warsignals import config
from warsignals.cli import main


@pytest.fixture()
def broken_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    write(folder / "good.txt", "---\ndate: 2024-02-02\nsource: Outlet\n---\nGood one\n\n" + LONG_TEXT)
    write(folder / "b.jsonl", '{"id": "j1", "date": "May 2024", "text": "' + article(1) + '"}\n{oops\n')
    write(folder / "latin1.txt", ("Titre\n\nCafé " + LONG_TEXT).encode("latin-1"))
    write(folder / "slides.pptx", b"\x00")
    return folder


def test_cli_ingest_writes_output_rejects_and_summary(broken_folder, tmp_path, capsys):
    out = tmp_path / "out" / "corpus.parquet"
    code = main(["ingest", str(broken_folder), "-o", str(out), "--no-progress"])
    captured = capsys.readouterr()
    assert code == 0
    assert "found 5, loaded 2, rejected 3" in captured.out
    assert "malformed_json: 1" in captured.out and "undecodable: 1" in captured.out
    documents = pd.read_parquet(out)
    assert sorted(documents.doc_id) == ["good", "j1"]
    rejects = pd.read_csv(out.with_name("corpus.rejects.csv"), dtype=str, keep_default_na=False)
    assert list(rejects.columns) == ["path", "record", "reason", "kind"]
    assert rejects.set_index("kind").loc["malformed_json", "record"] == "2"
    assert "Traceback" not in captured.err


def test_cli_strict_fails_without_writing_output(broken_folder, tmp_path, capsys):
    out = tmp_path / "corpus.csv"
    rejects = tmp_path / "r.csv"
    code = main(["ingest", str(broken_folder), "-o", str(out), "--rejects", str(rejects), "--strict",
                 "--no-progress"])
    captured = capsys.readouterr()
    assert code == 1 and not out.exists() and rejects.exists()
    assert "3 of 5 records rejected" in captured.err and "b.jsonl:2: malformed JSON" in captured.err


def test_cli_column_options_format_and_csv_output(tmp_path, capsys):
    path = write_jsonl(tmp_path / "feed.data", [
        {"headline": "H1", "published": "2024-05-24", "body": LONG_TEXT, "who": "Putin", "key": "k1"},
    ])
    out = tmp_path / "docs.jsonl"
    code = main(["ingest", str(path), "-o", str(out), "--format", "jsonl", "--text-column", "body",
                 "--date-column", "published", "--title-column", "headline", "--speaker-column", "who",
                 "--id-column", "key", "--source-column", "missing", "--no-progress", "--strict"])
    assert code == 0, capsys.readouterr().err
    documents = pd.read_json(out, lines=True, dtype=False)
    row = documents.iloc[0]
    assert (row.doc_id, row.title, row.speaker, row.source, row.date) == ("k1", "H1", "Putin", "feed",
                                                                          "2024-05-24")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ingest", "/no/such/folder", "-o", "{tmp}/x.parquet"], "no such file or folder"),
        (["ingest", "{tmp}", "-o", "{tmp}/x.xlsx"], "must end in"),
        (["ingest", "{tmp}", "-o", "{tmp}/x.parquet", "--near-duplicate-threshold", "1.5"], "near_duplicate"),
        (["ingest", "{tmp}", "-o", "{tmp}/x.parquet", "--max-file-bytes", "0"], "max_file_bytes"),
    ],
)
def test_cli_user_mistakes_are_one_line_errors(tmp_path, capsys, argv, message):
    write(tmp_path / "a.txt", "A\n\n" + LONG_TEXT)
    code = main([part.replace("{tmp}", str(tmp_path)) for part in argv] + ["--no-progress"])
    captured = capsys.readouterr()
    assert code == 1 and message in captured.err and "Traceback" not in captured.err


@pytest.mark.slow
def test_installed_command_runs_in_a_subprocess(broken_folder, tmp_path):
    executable = Path(sys.executable).with_name("warsignals")
    if not executable.exists():
        executable = config.PROJECT_ROOT / ".venv" / "bin" / "warsignals"
    out = tmp_path / "c.parquet"
    ok = subprocess.run([str(executable), "ingest", str(broken_folder), "-o", str(out)],
                        capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and out.exists() and "found 5, loaded 2, rejected 3" in ok.stdout
    assert "ingest: 100%" in ok.stderr  # the tqdm bar over files
    strict = subprocess.run([str(executable), "ingest", str(broken_folder), "-o", str(out), "--strict"],
                            capture_output=True, text=True, timeout=120)
    assert strict.returncode == 1 and "records rejected (strict mode)" in strict.stderr
    assert "Traceback" not in ok.stderr + strict.stderr
