"""Offline punkt segmentation with offsets, and units."""

import pandas as pd
import pytest

from warsignals.errors import ParameterError
from warsignals.sentences import is_fragment, kwic, make_units, paragraph_spans, split_sentences

TEXT = "Dr. Smith flew to Washington on Jan. 5. He met the minister.\n\nTalks resumed in Istanbul. Nobody came!"


def _documents():
    return pd.DataFrame({"doc_id": ["d1"], "text": [TEXT], "date": [pd.Timestamp("2024-05-01")],
                         "source": ["s"], "speaker": ["p"]})


def test_split_sentences_offsets_point_back_into_text():
    sentences = split_sentences(_documents(), progress=False)
    assert list(sentences["sentence"]) == [
        "Dr. Smith flew to Washington on Jan. 5.", "He met the minister.", "Talks resumed in Istanbul.", "Nobody came!",
    ]
    assert list(sentences["para_id"]) == [0, 0, 1, 1]
    assert all(TEXT[s:e] == text for s, e, text in zip(sentences.start, sentences.end, sentences.sentence, strict=True))
    assert (sentences["source"] == "s").all()


def test_paragraph_spans_trim_whitespace():
    text = "  one\n\n\n two \n \nthree"
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["one", "two", "three"]


def test_units_by_kind():
    sentences = split_sentences(_documents(), progress=False)
    assert len(make_units(sentences, "document")) == 1
    paragraphs = make_units(sentences, "paragraph")
    assert list(paragraphs["n_sentences"]) == [2, 2]
    windows = make_units(sentences, "window", window=3)
    assert list(windows["n_sentences"]) == [3, 1]
    sliding = make_units(sentences, "window", window=2, step=1)
    assert list(sliding["first_sent"]) == [0, 1, 2]
    with pytest.raises(ParameterError):
        make_units(sentences, "chapter")


def test_kwic():
    assert kwic("abc def ghi", 4, 7, width=3) == ("bc ", "def", " gh")


def test_glued_sentence_ends_are_split_and_offsets_kept():
    text = "He met the U.S. envoy in Kyiv.The Secretary said talks would resume. See en.kremlin.ru for details."
    frame = split_sentences(pd.DataFrame({"doc_id": ["d"], "text": [text]}), progress=False)
    assert frame["sentence"].tolist() == [
        "He met the U.S. envoy in Kyiv.", "The Secretary said talks would resume.", "See en.kremlin.ru for details."
    ]
    assert all(text[s:e] == sent for s, e, sent in zip(frame["start"], frame["end"], frame["sentence"], strict=True))


@pytest.mark.parametrize(
    ("sentence", "fragment"),
    [("21.", True), ("Mr. President,", True), ("Thank you.", True), ("Thank you very much.", False),
     ("Russia is ready for talks.", False)],
)
def test_fragments_are_marked_not_dropped(sentence, fragment):
    assert is_fragment(sentence) is fragment
    frame = split_sentences(pd.DataFrame({"doc_id": ["d"], "text": [sentence]}), progress=False)
    assert frame["fragment"].tolist() == [fragment]


def test_splitting_in_worker_processes_gives_the_same_table():
    texts = ["We are ready for talks. Dr. Smith said so.\n\nThe shelling goes on.The Secretary said it.",
             None, "Thank you.", "Russia struck back. " * 40, "A single line without an end"] * 7
    documents = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts,
                              "date": pd.Timestamp("2022-03-01"), "source": "s", "speaker": "x"})
    serial = split_sentences(documents, progress=False, jobs=1)
    pd.testing.assert_frame_equal(split_sentences(documents, progress=False, jobs=2), serial)
    assert serial["doc_id"].nunique() == len(texts) - 7  # a missing text has no sentences, and no error
    assert split_sentences(documents.iloc[:0], progress=False, jobs=2).empty  # nothing to split, no workers
