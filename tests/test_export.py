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


def _counts_figure():
    counts = pd.DataFrame({
        "period": pd.to_datetime(["2022-03-01", "2022-04-01", "2022-03-01", "2024-06-01"]),
        "source": ["a", "a", "b", "b"],
        "n_documents": [3, 4, 5, 2],
    })
    return plots.documents_per_period(counts, synthetic=True, events=load_events())


def test_a_figure_is_laid_out_once_and_every_format_keeps_the_png_crop(tmp_path):
    import re

    from PIL import Image

    from warsignals import config
    from warsignals.export import inline_png

    fig = _counts_figure()
    draws = []
    fig.canvas.mpl_connect("draw_event", lambda event: draws.append(event))
    written = save_figure(fig, "docs", tmp_path)
    assert len(draws) == 1 + 3  # one layout pass, then one drawing per format
    with Image.open(written["png"]) as png:
        png_size = png.size
    svg_points = re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', written["svg"].read_text()).groups()
    svg_pixels = [float(points) * config.FIGURE_DPI / 72 for points in svg_points]
    assert abs(svg_pixels[0] - png_size[0]) <= 1.5 and abs(svg_pixels[1] - png_size[1]) <= 1.5

    shown = inline_png(fig)  # the notebook's copy: the saved PNG reduced to screen resolution, not drawn again
    assert len(draws) == 4
    import io

    with Image.open(io.BytesIO(shown)) as screen:
        scale = fig.dpi / config.FIGURE_DPI
        assert abs(screen.size[0] - png_size[0] * scale) <= 1 and abs(screen.size[1] - png_size[1] * scale) <= 1
    assert inline_png(_counts_figure())[:4] == b"\x89PNG"  # never saved: drawn at screen resolution
