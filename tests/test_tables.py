"""The one table reader and writer (`warsignals.tables`): every format round-trips, errors name the file."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from warsignals.errors import InputError, ParameterError
from warsignals.tables import TABLE_SUFFIXES, TableWriter, read_table, write_table

FRAME = pd.DataFrame({
    "doc_id": ["a", "b"],
    "date": pd.to_datetime(["2022-03-01", "2022-04-15"]),
    "value": [0.25, 1.5],
    "code": ["NONE", "NA"],
    "cues": [[{"text": "talks", "weight": 1.0}], []],
})


@pytest.mark.parametrize("suffix", TABLE_SUFFIXES)
def test_every_format_round_trips(tmp_path, suffix):
    path = write_table(FRAME, tmp_path / f"t{suffix}")
    back = read_table(path)
    assert back["doc_id"].tolist() == ["a", "b"]
    assert back["value"].tolist() == [0.25, 1.5]
    assert pd.to_datetime(back["date"]).tolist() == FRAME["date"].tolist()
    if suffix == ".parquet":
        assert list(back["cues"][0]) == [{"text": "talks", "weight": 1.0}]
    else:  # text formats: dates without a time as YYYY-MM-DD, cues as JSON text
        text = path.read_text(encoding="utf-8")
        assert "2022-03-01" in text and "00:00" not in text
        assert json.loads(back["cues"][0]) == [{"text": "talks", "weight": 1.0}] and back["cues"][1] == "[]"


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".jsonl"])
def test_strings_reads_text_exactly_as_written(tmp_path, suffix):
    path = write_table(FRAME.drop(columns="cues"), tmp_path / f"t{suffix}")
    back = read_table(path, strings=True)
    assert back["code"].tolist() == ["NONE", "NA"]
    assert back["date"].tolist() == ["2022-03-01", "2022-04-15"]
    assert back["value"].tolist() == ["0.25", "1.5"]


def test_dates_with_a_time_keep_it(tmp_path):
    frame = pd.DataFrame({"when": pd.to_datetime(["2022-03-01 12:30", None]), "n": [1, 2]})
    assert write_table(frame, tmp_path / "t.csv").read_text() == "when,n\n2022-03-01 12:30:00,1\n,2\n"


def test_float_format_and_batches(tmp_path):
    path = tmp_path / "t.csv"
    with TableWriter(path, float_format="%.2g") as writer:
        writer.write(pd.DataFrame({"x": [1 / 3]}))
        writer.write(pd.DataFrame({"x": [2 / 3]}))
    assert path.read_text() == "x\n0.33\n0.67\n"


def test_a_partitioned_dataset_folder_reads_as_one_table(tmp_path):
    for month in ("2022-01", "2022-02"):
        write_table(pd.DataFrame({"x": [month]}), tmp_path / "data" / f"month={month}" / "part-0.parquet")
    back = read_table(tmp_path / "data")
    assert back["x"].tolist() == ["2022-01", "2022-02"] and back["month"].tolist() == ["2022-01", "2022-02"]


def test_errors_are_one_line_naming_the_file(tmp_path):
    with pytest.raises(InputError, match=r"missing\.csv: file not found"):
        read_table(tmp_path / "missing.csv")
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(InputError, match=r"notes\.txt: expected a \.csv, \.tsv, \.jsonl or \.parquet table"):
        read_table(tmp_path / "notes.txt")
    (tmp_path / "bad.parquet").write_text("not parquet")
    with pytest.raises(InputError, match=r"bad\.parquet: cannot read the table: ") as caught:
        read_table(tmp_path / "bad.parquet")
    assert "\n" not in str(caught.value)
    with pytest.raises(ParameterError, match=r"out\.xlsx must end in \.csv, \.tsv, \.jsonl, \.parquet"):
        write_table(FRAME, tmp_path / "out.xlsx")


@pytest.mark.parametrize("argv", [
    ["stance", "{missing}", "-o", "{out}.csv", "--target", "negotiations"],
    ["sample", "{missing}", "-o", "{out}.csv"],
])
def test_commands_read_tables_with_the_one_reader(tmp_path, capsys, argv):
    from warsignals.cli import main

    missing = tmp_path / "missing.parquet"
    args = [a.format(missing=missing, out=tmp_path / "out") for a in argv]
    assert main(args) == 1
    assert capsys.readouterr().err.strip() == f"warsignals: error: {missing}: file not found"


def test_a_text_cues_column_is_written_as_it_is(tmp_path):
    """An audit sheet's ``cues`` is text ("talks (offer)"): written as pandas writes it, not JSON-encoded."""
    sheet = pd.DataFrame({"cues": ["", "talks (offer)", None], "n": [1, 2, 3]})
    assert write_table(sheet, tmp_path / "sheet.csv").read_text() == sheet.to_csv(index=False)
    scored = pd.DataFrame({"cues": [[], [{"text": "talks", "start": 0}]]})
    assert write_table(scored, tmp_path / "scored.csv").read_text() == (
        'cues\n[]\n"[{""text"": ""talks"", ""start"": 0}]"\n')
