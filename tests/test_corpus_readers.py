"""Readers of warsignals.corpus: dates, captions, text files with metadata, tables with column mappings."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from corpus_fixtures import (
    CLEAN_CAPTION_TEXT,
    LONG_TEXT,
    ROLLING_SRT,
    ROLLING_VTT,
    SEGMENTS,
    article,
    write,
    write_jsonl,
)

from warsignals.corpus import DOCUMENT_COLUMNS, date_from_filename, load_corpus, parse_date
from warsignals.corpus.captions import captions_to_text, join_caption_lines, segments_to_text
from warsignals.errors import InputError, ParameterError


def load(paths, **kw):
    return load_corpus(paths, progress=False, **kw)


@pytest.mark.parametrize(
    ("value", "expected", "precision"),
    [
        ("2024-05-24", "2024-05-24", "day"),
        ("2024/5/4", "2024-05-04", "day"),
        ("24.05.2024", "2024-05-24", "day"),
        ("20240524", "2024-05-24", "day"),
        ("2024-05-24T23:30:00-05:00", "2024-05-24", "day"),
        ("2024-05-24 08:15:00Z", "2024-05-24", "day"),
        ("24 May 2024", "2024-05-24", "day"),
        ("Friday, 24th May 2024", "2024-05-24", "day"),
        ("May 24, 2024", "2024-05-24", "day"),
        ("Sept 3 2023", "2023-09-03", "day"),
        ("2024-05", "2024-05-01", "month"),
        ("May 2024", "2024-05-01", "month"),
        ("2024", "2024-01-01", "year"),
        (2024, "2024-01-01", "year"),
        (dt.date(2022, 2, 24), "2022-02-24", "day"),
        (pd.Timestamp("2022-02-24 13:00"), "2022-02-24", "day"),
    ],
)
def test_parse_date_forms(value, expected, precision):
    assert parse_date(value) == (pd.Timestamp(expected), precision)


@pytest.mark.parametrize("value", ["2024-13-01", "2024-02-30", "yesterday", "Mayday 2024", "05/24/2024", "12"])
def test_parse_date_rejects_nonsense(value):
    with pytest.raises(ValueError):
        parse_date(value)


def test_parse_date_missing_and_filename_dates():
    assert parse_date(None) is None and parse_date("  ") is None and parse_date(float("nan")) is None
    assert date_from_filename("2024-05-24_talks.txt") == (pd.Timestamp("2024-05-24"), "day")
    assert date_from_filename("talks-2024-05.txt") == (pd.Timestamp("2024-05-01"), "month")
    assert date_from_filename("summit_2023.vtt") == (pd.Timestamp("2023-01-01"), "year")
    assert date_from_filename("kremlin-67828.txt") is None


def test_rolling_captions_are_joined_without_repeats():
    assert captions_to_text(ROLLING_VTT, webvtt=True) == CLEAN_CAPTION_TEXT
    assert captions_to_text(ROLLING_SRT, webvtt=False) == CLEAN_CAPTION_TEXT
    assert segments_to_text(SEGMENTS) == CLEAN_CAPTION_TEXT
    # Manual captions (no rolling) keep every distinct line, in order.
    assert join_caption_lines([["one two"], ["three four"], ["one two"]], window=1) == "one two three four one two"


def test_vtt_srt_json_readers_with_manifest(tmp_path):
    folder = tmp_path / "videos"
    write(folder / "ceasefire [abc123].en.vtt", ROLLING_VTT)
    write(folder / "ceasefire-srt.srt", ROLLING_SRT)
    write(folder / "ceasefire-segments.json", json.dumps(SEGMENTS))
    write(
        folder / "manifest.csv",
        "file,title,date,source,channel\n"
        "ceasefire [abc123].en.vtt,Ceasefire video,2024-05-24,YouTube,Logic of War\n"
        "ceasefire-srt.srt,Ceasefire SRT,May 2024,YouTube,Other Channel\n"
        "ceasefire-segments.json,Ceasefire JSON,2024,YouTube,Third Channel\n",
    )
    # The three files carry the same speech, so together they are exact duplicates of the first.
    together = load(folder)
    assert together.summary() == {"found": 3, "loaded": 1, "rejected": 2, "by_reason": {"duplicate_text": 2}}
    names = ["ceasefire [abc123].en.vtt", "ceasefire-srt.srt", "ceasefire-segments.json"]
    docs = pd.concat([load(folder / name).documents for name in names]).set_index("title")
    assert set(docs.index) == {"Ceasefire video", "Ceasefire SRT", "Ceasefire JSON"}
    assert (docs["text"] == CLEAN_CAPTION_TEXT).all()
    assert docs.loc["Ceasefire video", "date_precision"] == "day"
    assert docs.loc["Ceasefire SRT", "date"] == pd.Timestamp("2024-05-01")
    assert docs.loc["Ceasefire SRT", "date_precision"] == "month"
    assert docs.loc["Ceasefire JSON", "date_precision"] == "year"
    assert docs.loc["Ceasefire video", "speaker"] == "Logic of War"  # channel when no speaker column
    assert docs.loc["Ceasefire video", "channel"] == "Logic of War"
    assert docs.loc["Ceasefire video", "doc_id"] == "ceasefire [abc123].en"


def test_vtt_metadata_from_yt_dlp_info_json(tmp_path):
    write(tmp_path / "Talks now [xyz].en.vtt", ROLLING_VTT)
    info = {"id": "xyz", "title": "Talks now", "upload_date": "20240524", "channel": "Logic of War",
            "webpage_url": "https://www.youtube.com/watch?v=xyz"}
    write(tmp_path / "Talks now [xyz].info.json", json.dumps(info))
    result = load(tmp_path)
    assert result.found == 1 and len(result.documents) == 1  # the sidecar is metadata, not a document
    row = result.documents.iloc[0]
    assert (row.doc_id, row.title, row.date, row.date_precision) == (
        "xyz", "Talks now", pd.Timestamp("2024-05-24"), "day")
    assert row.url == "https://www.youtube.com/watch?v=xyz" and row.source == "YouTube"


def test_txt_front_matter_title_line_and_filename_date(tmp_path):
    write(
        tmp_path / "a.txt",
        "---\ntitle: Talks in Istanbul\ndate: 2022-03-29\nsource: Test outlet\nspeaker: Analyst A\n"
        "url: https://example.org/a\n---\n" + LONG_TEXT + "\n",
    )
    write(tmp_path / "2024-05-24_note.txt", "Headline of the note\n\n" + LONG_TEXT.replace("Tuesday", "Friday"))
    write(tmp_path / "undated.txt", "Headline\n\n" + LONG_TEXT.replace("Tuesday", "Monday"))
    result = load(tmp_path, near_duplicate_threshold=None)
    docs = result.documents.set_index("doc_id")
    assert list(result.documents.columns[: len(DOCUMENT_COLUMNS)]) == DOCUMENT_COLUMNS
    a = docs.loc["a"]
    assert (a.title, a.source, a.speaker, a.url) == ("Talks in Istanbul", "Test outlet", "Analyst A",
                                                      "https://example.org/a")
    assert a.date == pd.Timestamp("2022-03-29") and a.text == LONG_TEXT
    note = docs.loc["2024-05-24_note"]
    assert note.title == "Headline of the note" and note.text.startswith("Negotiators")
    assert (note.date, note.date_precision) == (pd.Timestamp("2024-05-24"), "day")
    assert result.rejects[["path", "record", "kind"]].values.tolist() == [
        [str(tmp_path / "undated.txt"), "", "no_date"]]
    assert "no date" in result.rejects.reason[0]
    assert result.documents["date"].dtype == "datetime64[ns]"


def test_utf8_bom_and_utf16_text_files_are_read(tmp_path):
    write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + ("Title\n\n" + LONG_TEXT).encode("utf-8"))
    write(tmp_path / "wide.txt", ("Title\n\n" + LONG_TEXT.replace("Tuesday", "Sunday")).encode("utf-16"))
    write(tmp_path / "manifest.csv", "file,date\nbom.txt,2024-01-02\nwide.txt,2024-01-03\n")
    result = load(tmp_path)
    assert len(result.documents) == 2 and not result.documents.text.str.contains("\ufeff").any()


def test_jsonl_with_column_mapping_and_record_numbers(tmp_path):
    rows = [
        {"uid": "x1", "published": "2023-01-05", "article": LONG_TEXT, "outlet": "Paper", "url": "u1"},
        {"published": "January 2023", "article": article(1), "outlet": "Paper", "tags": ["a", "b"]},
    ]
    path = write_jsonl(tmp_path / "news.jsonl", rows)
    result = load(path, near_duplicate_threshold=None,
                  column_map={"text": "article", "date": "published", "id": "uid", "source": "outlet"})
    docs = result.documents
    assert docs.doc_id.tolist() == ["x1", "news:2"]  # <file stem>:<line> when the id is missing
    assert docs.date_precision.tolist() == ["day", "month"]
    assert docs.source.tolist() == ["Paper", "Paper"]
    assert docs.tags.iloc[1] == '["a", "b"]' and docs.url.iloc[0] == "u1"
    with pytest.raises(ParameterError):
        load(path, column_map={"body": "article"})


def test_csv_parquet_and_json_records(tmp_path):
    frame = pd.DataFrame(
        {"id": ["c1", "c2"], "date": ["2024-02-01", "2024-03"], "text": [LONG_TEXT, article(2)],
         "speaker": ["Zelensky", "Putin"], "url": ["a", "b"]}
    )
    frame.to_csv(tmp_path / "t.csv", index=False)
    frame.assign(id=["p1", "p2"], date=pd.to_datetime(["2024-02-01", "2024-03-09"])).to_parquet(
        tmp_path / "t.parquet")
    write(tmp_path / "t.json", frame.assign(id=["j1", "j2"]).to_json(orient="records"))
    result = load(tmp_path, near_duplicate_threshold=None, min_text_chars=10)
    # Same texts across files: exact duplicates after the first file (sorted: t.csv, t.json, t.parquet).
    docs = result.documents
    assert docs.doc_id.tolist() == ["c1", "c2"]
    assert docs.speaker.tolist() == ["Zelensky", "Putin"]
    assert result.rejects.kind.tolist() == ["duplicate_text"] * 4
    assert result.rejects.record.tolist() == ["1", "2", "1", "2"]
    assert "duplicate text of doc 'c1'" in result.rejects.reason.iloc[0]
    different = load(tmp_path / "t.parquet")
    assert different.documents.date.tolist() == [pd.Timestamp("2024-02-01"), pd.Timestamp("2024-03-09")]
    assert different.documents.doc_id.tolist() == ["p1", "p2"]


def test_output_roundtrip_is_stable(tmp_path):
    write_jsonl(tmp_path / "in" / "a.jsonl", [{"id": "d1", "date": "2024-05", "text": LONG_TEXT, "url": "x"}])
    first = load(tmp_path / "in")
    from warsignals.tables import write_table

    for suffix in (".parquet", ".csv", ".jsonl"):
        out = write_table(first.documents, tmp_path / f"out{suffix}")
        again = load(out)
        assert again.documents.doc_id.tolist() == ["d1"]
        assert again.documents.date_precision.tolist() == ["month"]
        assert again.documents.sha256.tolist() == first.documents.sha256.tolist()


def test_missing_path_and_empty_folder_are_clear_errors(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        load(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    write(tmp_path / "empty" / "README.md", "docs only")
    with pytest.raises(InputError, match="no corpus files found"):
        load(tmp_path / "empty")


def test_ingest_to_run_writes_the_run_folder(tmp_path):
    from warsignals.corpus import ingest_to_run

    write_jsonl(tmp_path / "in" / "a.jsonl", [
        {"id": "d1", "date": "2024-05-24", "text": LONG_TEXT + "\n\nA second paragraph follows here."},
        {"id": "d2", "date": "bad", "text": article(1)},
    ])
    result = ingest_to_run(tmp_path / "in", tmp_path / "run", progress=False)
    run = tmp_path / "run"
    assert sorted(p.name for p in run.iterdir()) == [
        "documents.parquet", "ingest_summary.json", "rejects.csv", "sentences.parquet"]
    summary = json.loads((run / "ingest_summary.json").read_text())
    assert (summary["found"], summary["loaded"], summary["rejected"]) == (2, 1, 1)
    assert summary["by_reason"] == {"bad_date": 1} and summary["date_range"] == ["2024-05-24", "2024-05-24"]
    sentences = pd.read_parquet(run / "sentences.parquet")
    assert sentences.sent_id.tolist() == [0, 1, 2] and sentences.para_id.tolist() == [0, 0, 1]
    assert summary["sentences"] == 3 and result.documents.doc_id.tolist() == ["d1"]
    assert pd.read_csv(run / "rejects.csv", dtype=str).record.tolist() == ["2"]
