"""Citable stance tables: share FAVOR by group side by side, and the driving sentences with where they are."""

from __future__ import annotations

import pandas as pd
import pytest

from warsignals import plots
from warsignals.errors import ParameterError
from warsignals.sentences import make_units, split_sentences
from warsignals.stance import stance_by_group_table, stance_driving_sentences_table

FAVOUR = "We welcome the talks."
AGAINST = "The talks are a trap."


def _documents() -> pd.DataFrame:
    plan = {"a": ("FRA", [FAVOUR] * 3 + [AGAINST]), "b": ("BRA", [AGAINST] * 2), "c": ("FRA", [FAVOUR, AGAINST])}
    return pd.DataFrame([{"doc_id": doc, "date": pd.Timestamp("2024-02-01"), "source": "s", "speaker": "",
                          "country": country, "url": f"https://example.org/{doc}", "text": " ".join(parts)}
                         for doc, (country, parts) in plan.items()])


def _scored(units: pd.DataFrame, text: str = "sentence") -> pd.DataFrame:
    """Stance planted from the text itself (known answers, no model)."""
    stance = units[text].map(lambda t: "FAVOR" if "welcome" in t else ("AGAINST" if "trap" in t else "NONE"))
    return units.assign(target="negotiations", stance=stance, probability=0.9, text=units[text])


def test_stance_by_group_uses_a_document_column_and_counts_planted_units():
    sentences = split_sentences(_documents(), progress=False)
    table = stance_by_group_table(_scored(sentences), by="country", frequency="year", documents=_documents(), n_boot=0)
    shares = table.set_index("country")
    assert shares.loc["FRA", "value"] == pytest.approx(4 / 6) and shares.loc["FRA", "n_docs"] == 2
    assert shares.loc["BRA", "value"] == 0 and shares.loc["BRA", "denominator"] == 2
    fig = plots.stance_by_group(table, by="country")
    assert {"FRA", "BRA"} <= {ax.get_title() for ax in fig.axes}
    with pytest.raises(ParameterError, match="region"):
        stance_by_group_table(_scored(sentences), by="region", documents=_documents())


@pytest.mark.parametrize("unit", ["sentence", "paragraph"])
def test_driving_sentences_say_where_each_unit_is(unit):
    documents = _documents()
    sentences = split_sentences(documents, progress=False)
    units = sentences if unit == "sentence" else make_units(sentences, "document")
    scored = _scored(units, "sentence" if unit == "sentence" else "text")
    bearing = scored[scored["stance"] != "NONE"].assign(period=pd.Timestamp("2024-01-01"))
    shares = pd.DataFrame({"period": [pd.Timestamp("2024-01-01")], "target": ["negotiations"], "value": [0.25]})
    top = stance_driving_sentences_table(bearing, shares, top_n=5, sentences=sentences, documents=documents)
    assert (top["stance"] == "AGAINST").all()  # the majority of 0.25 FAVOR is AGAINST
    texts = documents.set_index("doc_id")["text"]
    for row in top.itertuples(index=False):
        assert texts[row.doc_id][int(row.start):int(row.end)] == row.sentence
        assert row.url == f"https://example.org/{row.doc_id}"
    assert {"doc_id", "sent_id", "start", "end", "url"} <= set(top.columns)
