"""Figures are saved in every format with the same bytes on a rerun and a provenance sidecar."""

import hashlib
import json

import pandas as pd

from warsignals import plots
from warsignals.export import corpus_hash, save_figure
from warsignals.timeseries import load_events


def _digest(paths):
    return {fmt: hashlib.sha256(path.read_bytes()).hexdigest() for fmt, path in paths.items()}


def test_save_figure_is_byte_reproducible_with_sidecar(tmp_path):
    counts = pd.DataFrame({
        "period": pd.to_datetime(["2022-03-01", "2022-04-01", "2022-03-01", "2024-06-01"]),
        "source": ["a", "a", "b", "b"],
        "n_documents": [3, 4, 5, 2],
    })
    digests = []
    for folder in ("one", "two"):
        fig = plots.documents_per_period(counts, synthetic=True, events=load_events())
        written = save_figure(fig, "docs", tmp_path / folder, params={"frequency": "month"},
                              corpus_sha256="abc", data=counts)
        digests.append(_digest(written))
    assert digests[0] == digests[1]
    assert set(digests[0]) == {"png", "svg", "pdf", "csv", "json"}
    sidecar = json.loads((tmp_path / "one" / "docs.json").read_text())
    assert sidecar["parameters"] == {"frequency": "month"} and sidecar["corpus_sha256"] == "abc"
    assert sidecar["packages"]["matplotlib"] and sidecar["code_version"]
    assert fig.axes[0].get_title().startswith("SYNTHETIC DEMO DATA")


def test_corpus_hash_ignores_row_order_but_not_text():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["one text", "another"]})
    assert corpus_hash(docs) == corpus_hash(docs.iloc[::-1])
    assert corpus_hash(docs) != corpus_hash(docs.assign(text=["one text", "changed"]))
