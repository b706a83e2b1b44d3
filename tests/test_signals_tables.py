"""Citable signal tables: documents, groups side by side, and KWIC rows that say where each sentence is."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from warsignals import plots
from warsignals.errors import ParameterError
from warsignals.sentences import split_sentences
from warsignals.signals import (
    document_signals,
    score_sentences,
    signal_voices_table,
    signals_by_group_table,
    signals_kwic_table,
)

TALKS = "Russia is ready for talks."
HEDGED_TALKS = "Anonymous sources say Kyiv is ready for talks."
THREAT = "Putin threatened a nuclear strike."
NEUTRAL = "The weather is mild."


def _documents() -> pd.DataFrame:
    """Documents whose sentences are known: counts of each kind per document are planted."""
    plan = {  # doc_id: (talks, hedged talks, threats, neutral, source, country, url)
        "a": (2, 1, 0, 2, "wire", "FRA", "https://example.org/a"),
        "b": (0, 0, 3, 1, "wire", "BRA", ""),
        "c": (1, 0, 1, 3, "tv", "FRA", "https://example.org/c"),
        "d": (0, 2, 0, 2, "tv", "IND", "https://example.org/d"),
    }
    rows = []
    for k, (doc, (talks, hedged, threats, neutral, source, country, url)) in enumerate(plan.items()):
        parts = [TALKS] * talks + [HEDGED_TALKS] * hedged + [THREAT] * threats + [NEUTRAL] * neutral
        rows.append(
            {
                "doc_id": doc,
                "date": pd.Timestamp("2023-01-05") + pd.DateOffset(months=4 * k),
                "source": source,
                "speaker": "",
                "country": country,
                "title": f"Title {doc}",
                "url": url,
                "text": "Intro line here.\n\n" + " ".join(parts),
            }
        )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def scored():
    documents = _documents()
    sentences = split_sentences(documents, progress=False)
    table = score_sentences(sentences)
    return table.merge(documents[["doc_id", "country"]], on="doc_id")


def test_document_signals_counts_planted_signals(scored):
    table = document_signals(scored, _documents())
    assert table["doc_id"].tolist() == ["a", "b", "c", "d"]
    a = table.set_index("doc_id").loc["a"]
    assert (a["n_sentences"], a["negotiation"], a["negotiation_hedged"], a["escalation"]) == (6, 3, 1, 0)
    assert a["hedged_share_negotiation"] == pytest.approx(1 / 3)
    assert a["negotiation_per_1000"] == pytest.approx(500.0) and a["net_per_1000"] == pytest.approx(500.0)
    b = table.set_index("doc_id").loc["b"]
    assert b["escalation"] == 3 and np.isnan(b["hedged_share_negotiation"])
    assert a["url"] == "https://example.org/a" and b["url"] == "" and a["title"] == "Title a"
    assert "url" not in document_signals(scored).columns


def test_top_cues_rows_cite_document_sentence_offsets_and_url(scored):
    documents = _documents().set_index("doc_id")
    top = signals_kwic_table(scored, frequency="year", n=5, documents=_documents())
    assert {"doc_id", "sent_id", "start", "end", "cue_start", "cue_end", "url"} <= set(top.columns)
    assert len(top) > 0
    for row in top.itertuples(index=False):
        text = documents.loc[row.doc_id, "text"]
        sentence = text[int(row.start) : int(row.end)]
        assert (
            sentence in row.example.replace("[", "").replace("]", "")
            or row.example.replace("[", "").replace("]", "") in sentence
        )
        assert text[int(row.cue_start) : int(row.cue_end)].lower() == row.cue
        assert row.url == documents.loc[row.doc_id, "url"]
    assert "url" not in signals_kwic_table(scored, frequency="year").columns


def test_signals_by_group_side_by_side_table_and_figure(scored):
    table = signals_by_group_table(scored, by="country", frequency="year", n_boot=0)
    assert set(table["country"]) == {"FRA", "BRA", "IND"}
    assert set(table["series"]) == {"escalation", "negotiation", "hedged_share"}
    fra = table[(table["country"] == "FRA") & (table["series"] == "negotiation")]
    # FRA: documents a and c in 2023, 4 negotiation signals in 6 + 6 sentences (each with its intro line)
    assert fra["numerator"].sum() == 4 and fra["denominator"].sum() == 12
    ind = table[(table["country"] == "IND") & (table["series"] == "hedged_share")]
    assert ind["value"].iloc[0] == pytest.approx(1.0)
    fig = plots.signals_by_group(table, by="country")
    titles = {ax.get_title() for ax in fig.axes if ax.get_visible()}
    assert {"FRA", "BRA", "IND"} <= titles
    with pytest.raises(ParameterError, match="no such column"):
        signals_by_group_table(scored, by="region")


def test_signal_voices_share_each_groups_signals_among_actors_on_record_and_hedged(scored):
    table = signal_voices_table(scored, by="country", n_boot=100)
    cell = table.set_index(["country", "signal", "actor", "voice"])["value"]
    # FRA (a and c): negotiation 3 x "Russia is ready" on record, 1 x "Kyiv is ready" from anonymous sources
    assert cell["FRA", "negotiation", "RUS", "on_record"] == pytest.approx(0.75)
    assert cell["FRA", "negotiation", "UKR", "hedged"] == pytest.approx(0.25)
    assert cell["IND", "negotiation", "UKR", "hedged"] == pytest.approx(1.0)
    assert cell["BRA", "escalation", "RUS", "on_record"] == pytest.approx(1.0)
    sums = table.groupby(["country", "signal"])["value"].sum()
    assert np.allclose(sums, 1.0)  # each group's signals of a family are shared out completely
    assert set(table["actor"]) == {"RUS", "UKR", "WEST", "OTHER", "unattributed"}
    assert ((table["lo"] <= table["value"]) & (table["value"] <= table["hi"])).all()
    fig = plots.signal_voices(table, by="country")
    assert "FRA: negotiation (4 signals)" in {ax.get_title() for ax in fig.axes}
    with pytest.raises(ParameterError, match="no such column"):
        signal_voices_table(scored, by="side")


def test_a_category_added_in_the_yaml_lands_on_its_familys_side_of_the_heatmap(tmp_path):
    from warsignals.lexicon import DEFAULT_LEXICON
    from warsignals.signals import signal_categories_table

    text = DEFAULT_LEXICON.read_text(encoding="utf-8").replace(
        "categories:\n", "categories:\n  zz_drone_swarm:\n    family: escalation\n    penta_class: verbal_conflict\n"
        "    patterns: [\"drone swarm*\"]\n", 1)
    lexicon = tmp_path / "cues.yaml"
    lexicon.write_text(text, encoding="utf-8")
    documents = _documents()
    documents.loc[0, "text"] += " They sent a drone swarm at dawn."
    scored = score_sentences(split_sentences(documents, progress=False), lexicon=str(lexicon))
    table = signal_categories_table(scored, frequency="year", n_boot=0, lexicon=str(lexicon))
    families = table.drop_duplicates("category").set_index("category")["family"]
    assert families["zz_drone_swarm"] == "escalation" and families["readiness_for_talks"] == "negotiation"
    fig = plots.signal_categories(table)
    ax = fig.axes[0]
    rows = [t.get_text().replace(" ", "_") for t in ax.get_yticklabels()]
    divider = ax.lines[0].get_ydata()[0]
    assert rows.index("zz_drone_swarm") < divider < rows.index("readiness_for_talks")
    assert all(families[r] == "escalation" for r in rows[: int(divider + 0.5)])


def test_each_figures_table_equals_its_part_of_signal_rates(scored):
    from warsignals.changepoints import changepoints
    from warsignals.signals import (
        hedged_share_table,
        net_index_changepoints_table,
        net_index_changes,
        signal_categories_table,
        signal_rates,
        signals_by_actor_table,
        signals_over_time_table,
    )

    settings = dict(frequency="quarter", n_boot=50, seed=3)
    tables = signal_rates(scored, **settings)
    pd.testing.assert_frame_equal(signals_over_time_table(scored, **settings), tables["overall"])
    pd.testing.assert_frame_equal(signals_by_actor_table(scored, **settings), tables["by_actor"])
    pd.testing.assert_frame_equal(hedged_share_table(scored, **settings), tables["hedged"])
    pd.testing.assert_frame_equal(signal_categories_table(scored, **settings), tables["categories"])
    net = net_index_changepoints_table(tables["overall"], smoothing=3, n_boot=20)
    assert set(net["series"]) <= {"net", "smoothed", "change"}
    assert (net["series"] == "smoothed").sum() == (net["series"] == "net").sum() == 4
    fig = plots.net_index_changepoints(net)
    assert fig.axes[0].get_legend_handles_labels()[1][:2] == ["net index", "rolling mean"]
    planted = pd.DataFrame({"period": pd.date_range("2020-01-01", periods=24, freq="MS"), "series": "net",
                            "value": [0.0] * 12 + [10.0] * 12, "lo": np.nan, "hi": np.nan})
    direct = changepoints(planted, n_boot=20, seed=1)
    through = net_index_changes(net_index_changepoints_table(planted, n_boot=20, seed=1))
    assert len(direct) == 1
    pd.testing.assert_frame_equal(through, direct, check_dtype=False)
