"""Ingesting the shared corpora in ../shared (skipped where absent)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from warsignals import config
from warsignals.corpus import ingest_to_run, load_corpus


def _need(path):
    if not path.exists():
        pytest.skip(f"shared data absent: {path}")


def test_kremlin_corpus_loads_completely():
    _need(config.KREMLIN_CORPUS)
    result = load_corpus(config.KREMLIN_CORPUS.parent, progress=False)
    assert result.summary() == {"found": 126, "loaded": 126, "rejected": 0, "by_reason": {}}
    docs = result.documents
    assert (docs.date_precision == "day").all() and docs.doc_id.is_unique
    assert docs.date.min() == pd.Timestamp("2022-02-21") and docs.date.max() == pd.Timestamp("2025-12-31")
    assert docs.date.dt.year.value_counts().sort_index().tolist() == [20, 32, 42, 32]
    assert (docs.speaker == "Vladimir Putin").all() and docs.url.str.startswith("http").all()
    assert {"char_count_reported"} <= set(docs.columns)


def test_sample_transcript_with_manifest(tmp_path):
    _need(config.SAMPLES_DIR / "manifest.csv")
    result = ingest_to_run(config.SAMPLES_DIR, tmp_path / "run", progress=False)
    assert result.summary() == {"found": 1, "loaded": 1, "rejected": 0, "by_reason": {}}
    doc = result.documents.iloc[0]
    assert doc.title == "Ceasefire talks and military aid to Ukraine"
    assert (doc.date, doc.date_precision) == (pd.Timestamp("2024-05-01"), "month")
    assert doc.source == "YouTube video transcript with description" and doc.channel == "Logic of War"
    assert not doc.text.startswith(doc.title)  # the title line is metadata, not transcript
    run = tmp_path / "run"
    summary = json.loads((run / "ingest_summary.json").read_text())
    assert summary["loaded"] == 1 and summary["sentences"] > 20
    sentences = pd.read_parquet(run / "sentences.parquet")
    documents = pd.read_parquet(run / "documents.parquet")
    text = documents.text.iloc[0]
    assert all(text[s:e] == sentence for s, e, sentence in zip(sentences.start, sentences.end,
                                                                sentences.sentence, strict=True))
    assert pd.read_csv(run / "rejects.csv").empty
