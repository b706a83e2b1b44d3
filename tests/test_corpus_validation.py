"""Validation of warsignals.corpus: every malformed input becomes a reject naming file, record and reason."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from corpus_fixtures import LONG_TEXT, ROLLING_VTT, article, write, write_jsonl

from warsignals.corpus import load_corpus
from warsignals.corpus.dedup import choose_bands, near_duplicates, shingle_sets
from warsignals.errors import InputError


def load(paths, **kw):
    return load_corpus(paths, progress=False, **kw)


def only_reject(result):
    assert len(result.rejects) == 1, result.rejects
    return result.rejects.iloc[0]


def test_bad_utf8_text_is_rejected_with_byte_offset_not_guessed(tmp_path):
    path = write(tmp_path / "2024-01-01.txt", b"Title\n\nCaf\xe9 au lait " + LONG_TEXT.encode())
    reject = only_reject(load(path))
    assert reject.path == str(path) and reject.kind == "undecodable"
    assert "byte offset 10" in reject.reason and "line 3" in reject.reason


def test_jsonl_bad_line_bad_bytes_and_non_object(tmp_path):
    good = {"id": "a", "date": "2024-01-01", "text": LONG_TEXT}
    path = write(tmp_path / "c.jsonl", b"")
    content = (json.dumps(good) + "\n" + '{"id": "b", "date": "2024-01-02", "text": "oops}\n').encode()
    content += b'{"id": "c", "date": "2024-01-03", "text": "bad \xff byte"}\n' + b"[1, 2]\n"
    write(path, content)
    result = load(path)
    assert result.documents.doc_id.tolist() == ["a"]
    rejects = result.rejects.set_index("record")
    assert rejects.loc["2", "kind"] == "malformed_json" and "malformed JSON" in rejects.loc["2", "reason"]
    assert rejects.loc["3", "kind"] == "undecodable"
    offset = content.index(b"\xff")
    assert f"byte offset {offset}" in rejects.loc["3", "reason"]
    assert rejects.loc["4", "kind"] == "malformed_json" and "not a JSON object" in rejects.loc["4", "reason"]
    assert (result.rejects.path == str(path)).all()
    assert result.summary()["found"] == 4


def test_bad_missing_and_partial_dates(tmp_path):
    rows = [
        {"id": "ok-month", "date": "2024-05", "text": article(1)},
        {"id": "bad", "date": "2024-13-40", "text": article(2)},
        {"id": "words", "date": "last spring", "text": article(3)},
        {"id": "none", "date": "", "text": article(4)},
        {"id": "ok-year", "date": "2024", "text": article(5)},
        {"id": "ok-long", "date": "24 May 2024", "text": article(6)},
        {"id": "ok-iso", "date": "2024-05-24T09:00:00+03:00", "text": article(7)},
    ]
    path = write_jsonl(tmp_path / "d.jsonl", rows)
    result = load(path)
    docs = result.documents.set_index("doc_id")
    assert docs.date_precision.to_dict() == {"ok-month": "month", "ok-year": "year", "ok-long": "day",
                                             "ok-iso": "day"}
    assert docs.loc["ok-month", "date"] == pd.Timestamp("2024-05-01")
    rejects = result.rejects.set_index("record")
    assert rejects.kind.to_dict() == {"2": "bad_date", "3": "bad_date", "4": "no_date"}
    assert "'2024-13-40'" in rejects.loc["2", "reason"] and "column 'date'" in rejects.loc["2", "reason"]


def test_declared_precision_coarsens_or_rejects(tmp_path):
    write(tmp_path / "a.txt", "A\n\n" + article(1))
    write(tmp_path / "b.txt", "B\n\n" + article(2))
    write(tmp_path / "manifest.csv", "file,date,date_precision\na.txt,2024-05-24,month\nb.txt,2024-05,day\n")
    result = load(tmp_path)
    assert result.documents.date.tolist() == [pd.Timestamp("2024-05-01")]
    reject = only_reject(result)
    assert reject.path.endswith("b.txt") and "precision" in reject.reason


def test_empty_and_near_empty_texts(tmp_path):
    rows = [
        {"id": "e", "date": "2024-01-01", "text": "   "},
        {"id": "s", "date": "2024-01-01", "text": "Too short."},
        {"id": "n", "date": "2024-01-01", "text": None},
        {"id": "ok", "date": "2024-01-01", "text": LONG_TEXT},
    ]
    result = load(write_jsonl(tmp_path / "e.jsonl", rows))
    assert result.documents.doc_id.tolist() == ["ok"]
    reasons = result.rejects.set_index("record").reason.to_dict()
    assert reasons["1"] == "empty text" and reasons["3"] == "empty text"
    assert reasons["2"] == "near-empty text (10 characters < 40)"
    assert set(result.rejects.kind) == {"empty_text"}


def test_duplicate_ids_exact_and_near_duplicates_keep_the_first(tmp_path):
    base = article(10, words=300)
    words = base.split()
    words[150] = "changed"
    rows = [
        {"id": "first", "date": "2024-01-01", "text": base},
        {"id": "first", "date": "2024-01-02", "text": article(11)},
        {"id": "copy", "date": "2024-01-03", "text": base},
        {"id": "near", "date": "2024-01-04", "text": " ".join(words)},
        {"id": "other", "date": "2024-01-05", "text": article(12)},
    ]
    path = write_jsonl(tmp_path / "dup.jsonl", rows)
    result = load(path)
    assert result.documents.doc_id.tolist() == ["first", "other"]
    rejects = result.rejects.set_index("record")
    assert rejects.kind.to_dict() == {"2": "duplicate_id", "3": "duplicate_text", "4": "near_duplicate"}
    assert rejects.loc["2", "reason"] == f"duplicate id 'first' (first at {path}:1)"
    assert f"doc 'first' ({path}:1)" in rejects.loc["3", "reason"]
    assert "near-duplicate of doc 'first'" in rejects.loc["4", "reason"]
    # The near duplicate is kept when the check is off or the threshold is above its similarity.
    assert "near" in load(path, near_duplicate_threshold=None).documents.doc_id.tolist()
    assert "near" in load(path, near_duplicate_threshold=0.99).documents.doc_id.tolist()


def test_too_large_unknown_extension_and_missing_text_column(tmp_path):
    big = write(tmp_path / "big.txt", "Title\n\n" + LONG_TEXT)
    assert only_reject(load(big, max_file_bytes=100)).kind == "too_large"
    assert "bytes > limit 100" in only_reject(load(big, max_file_bytes=100)).reason
    doc = write(tmp_path / "x.docx", b"PK\x03\x04")
    reject = only_reject(load(doc))
    assert reject.kind == "unknown_format" and ".docx" in reject.reason
    table = write(tmp_path / "t.csv", "body,date\n" + "hello world,2024-01-01\n" * 3)
    reject = only_reject(load(table))
    assert (reject.kind, reject.record) == ("missing_text_column", "")
    assert "'text'" in reject.reason and "body, date" in reject.reason and "--text-column" in reject.reason


def test_malformed_captions_front_matter_manifest_and_csv(tmp_path):
    write(tmp_path / "nohead.vtt", ROLLING_VTT.replace("WEBVTT", "WEBVIT", 1))
    write(tmp_path / "fm.txt", "---\ntitle: [unclosed\ndate: 2024-01-01\n---\n" + LONG_TEXT)
    write(tmp_path / "rows.csv", 'id,date,text\n1,2024-01-01,"ok"\n2,2024-01-01,"a","b","c"\n')
    write(tmp_path / "sub" / "manifest.csv", "name,date\nx.txt,2024\n")
    write(tmp_path / "sub" / "x.txt", "X\n\n" + LONG_TEXT)
    result = load(tmp_path)
    kinds = dict(zip(result.rejects.path.map(lambda p: p.rsplit("/", 1)[-1]), result.rejects.kind, strict=True))
    assert kinds == {"nohead.vtt": "bad_captions", "fm.txt": "bad_metadata", "rows.csv": "malformed_table",
                     "x.txt": "no_date", "manifest.csv": "bad_manifest"}
    reasons = result.rejects.set_index("kind").reason
    assert "line 2" in reasons["bad_metadata"] or "line 3" in reasons["bad_metadata"]
    assert "line 3" in reasons["malformed_table"]
    assert reasons["bad_captions"].startswith("not a WebVTT file")
    assert result.rejects.set_index("kind").record["bad_captions"] == "1"


def test_folder_of_broken_files_accounts_for_everything(tmp_path):
    folder = tmp_path / "broken"
    write(folder / "good.txt", "---\ndate: 2024-02-02\n---\nGood one\n\n" + LONG_TEXT)
    write(folder / "latin1_2024-01-01.txt", ("Titre\n\nCafé " + LONG_TEXT).encode("latin-1"))
    write(folder / "empty_2024.txt", "")
    write(folder / "nodate.srt", "1\n00:00:01,000 --> 00:00:02,000\n" + article(3) + "\n")
    write(folder / "bad.jsonl", '{"id": 1, "date": "2024-01-01", "text": "' + article(4) + '"}\n{broken\n')
    write(folder / "notes.docx", b"\x00\x01")
    write(folder / "deep" / "segments.json", json.dumps([{"text": article(5), "start": 0, "duration": 1}]))
    write(folder / "deep" / "manifest.csv", "file,date\nsegments.json,not a date\n")
    write(folder / ".hidden.txt", "ignored")
    write(folder / "README.md", "ignored")
    result = load(folder)
    summary = result.summary()
    assert summary["loaded"] + summary["rejected"] == summary["found"] == 8
    assert result.documents.doc_id.tolist() == ["1", "good"]
    accounted = set(result.documents.path) | set(result.rejects.path)
    expected = {p for p in folder.rglob("*") if p.is_file() and p.name not in (".hidden.txt", "README.md",
                                                                                  "manifest.csv")}
    assert accounted == {str(p) for p in expected}
    assert sum(summary["by_reason"].values()) == summary["rejected"]
    with pytest.raises(InputError, match=r"6 of 8 records rejected"):
        load(folder, strict=True)


def _brute_force(texts, threshold):
    shingles = shingle_sets(texts)
    dropped = {}
    for j in range(len(texts)):
        for i in range(j):
            if i in dropped:
                continue
            inter = len(np.intersect1d(shingles[i], shingles[j]))
            union = len(shingles[i]) + len(shingles[j]) - inter
            if union and inter / union >= threshold:
                dropped[j] = i
                break
    return dropped


@pytest.mark.parametrize("threshold", [0.9, 0.6])
def test_minhash_lsh_matches_brute_force(threshold):
    rng = np.random.default_rng(7)
    texts = []
    for number in range(120):
        if number % 4 == 3:
            words = texts[int(rng.integers(0, len(texts)))].split()
            for position in rng.choice(len(words), size=int(rng.integers(1, 10)), replace=False):
                words[position] = f"edit{number}"
            texts.append(" ".join(words))
        else:
            texts.append(article(number, words=200))
    found = {j: i for j, (i, _) in near_duplicates(texts, threshold).items()}
    expected = _brute_force(texts, threshold)
    assert found == expected and len(expected) >= 4
    assert choose_bands(0.9) == (16, 8)


def test_near_duplicates_scale_to_thousands_of_documents():
    texts = [article(number, words=150) for number in range(3000)]
    texts += [texts[5][:-1] + " appended words here", texts[2500].replace(texts[2500].split()[3], "x", 1)]
    found = near_duplicates(texts, 0.9)  # its time is bench's to measure; here: right on thousands of documents
    assert {j: i for j, (i, _) in found.items()} == {3000: 5, 3001: 2500}
