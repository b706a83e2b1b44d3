"""Charts say how many documents stand behind each period and which corpus they are drawn from (issue 14)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from matplotlib.colors import to_rgba

from warsignals import plots
from warsignals.describe import corpus_caption
from warsignals.export import save_figure
from warsignals.plots.core import MISSING_COLOUR

PERIODS = pd.date_range("2022-01-01", periods=8, freq="MS")
N_DOCS = [12, 12, 2, 12, 1, 12, 12, 12]  # two thin months


def _rates() -> pd.DataFrame:
    frames = []
    for series, level in (("escalation", 40.0), ("negotiation", 20.0)):
        frames.append(pd.DataFrame({"period": PERIODS, "series": series, "value": level + np.arange(8),
                                    "lo": level - 5, "hi": level + 15, "n_docs": N_DOCS}))
    return pd.concat(frames, ignore_index=True)


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.texts]


def test_periods_under_min_docs_are_left_out_greyed_and_noted():
    fig = plots.signals_over_time(_rates(), min_docs=5)
    ax = fig.axes[0]
    line = next(line for line in ax.lines if line.get_label() == "escalation")
    y = pd.Series(np.asarray(line.get_ydata(), dtype=float), index=pd.to_datetime(line.get_xdata()))
    assert np.isnan(y[PERIODS[2]]) and np.isnan(y[PERIODS[4]]) and y[PERIODS[3]] == 43.0
    assert "2 period(s) with fewer than 5 documents left out (greyed)" in _texts(fig)
    grey = to_rgba(MISSING_COLOUR)[:3]
    spans = [p for p in ax.patches if np.allclose(p.get_facecolor()[:3], grey)]
    assert len(spans) == 2  # one grey span per thin month
    everything = plots.signals_over_time(_rates())
    line = next(line for line in everything.axes[0].lines if line.get_label() == "escalation")
    assert np.isfinite(np.asarray(line.get_ydata(), dtype=float)).all()
    assert not any("left out" in text for text in _texts(everything))


def test_topic_and_stance_charts_carry_the_documents_strip_and_min_docs():
    prevalence = pd.DataFrame({"period": np.tile(PERIODS, 2), "topic": ["a"] * 8 + ["b"] * 8, "share": 0.3,
                               "lo": 0.2, "hi": 0.4, "n_docs": N_DOCS * 2})
    fig = plots.topic_prevalence(prevalence, min_docs=5)
    panels = [ax for ax in fig.axes if ax.get_visible() and ax.get_title()]
    assert len(panels) == 2 and all(ax.child_axes for ax in panels)  # one strip per panel
    assert "documents per period (max 12)" in [t.get_text() for t in panels[0].child_axes[0].texts]
    assert "2 period(s) with fewer than 5 documents left out (greyed)" in _texts(fig)
    shares = prevalence.rename(columns={"topic": "target", "share": "value"})
    fig = plots.stance_share_over_time(shares, min_docs=5)
    panels = [ax for ax in fig.axes if ax.get_title(loc="left")]
    assert len(panels) == 2 and all(ax.child_axes for ax in panels)
    assert any("fewer than 5 documents" in text for text in _texts(fig))


def test_caption_names_the_corpus_and_its_documents(tmp_path):
    documents = pd.DataFrame({"doc_id": ["a", "b", "c"], "date": pd.to_datetime(["2023-01-02", "2023-05-01",
                                                                                   "2024-02-29"]),
                              "path": ["/data/un/a.txt", "/data/un/b.txt", "/data/un/sub/c.txt"]})
    caption = corpus_caption(documents)
    assert caption == "Corpus: un, n = 3 documents, 2023-01-02 to 2024-02-29"
    assert corpus_caption(documents.iloc[:1]).startswith("Corpus: a.txt, n = 1 document,")
    assert corpus_caption(documents, name="UN General Debate").startswith("Corpus: UN General Debate, n = 3")
    fig = plots.signals_over_time(_rates())
    save_figure(fig, "rates", tmp_path, caption=caption, formats=("png",))
    assert caption in _texts(fig)
    assert json.loads((tmp_path / "rates.json").read_text())["caption"] == caption
