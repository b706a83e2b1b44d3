"""The notebooks' context helper: which run folder, tables, corpus facts, figures saved (and shown in IPython)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from warsignals import config, notebook
from warsignals.errors import InputError, WarsignalsError
from warsignals.export import corpus_hash
from warsignals.plots.core import new_figure
from warsignals.progress import progress_bar, text_progress


def _documents(synthetic: bool) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["a", "b"], "text": ["one text", "another text"], "sha256": ["1", "2"],
                         "synthetic": [synthetic, synthetic]})


def test_without_run_dir_the_latest_run_is_used_and_01_makes_one(isolated_outputs, capsys):
    with pytest.raises(InputError, match="run notebooks/01-load-corpus.ipynb first"):
        notebook.context()
    made = notebook.context(create=True)
    assert made.origin == "new" and made.run_dir.is_dir() and made.run_dir.parent == config.RUNS_DIR.resolve()
    assert notebook.latest_run() == made.run_dir
    assert made.figures_dir == (config.FIGURES_DIR / made.run_dir.name).resolve()
    assert "no run yet: a new run folder" in capsys.readouterr().out
    again = notebook.context()
    assert again.origin == "latest" and again.run_dir == made.run_dir
    assert capsys.readouterr().out.startswith(f"Run folder: {made.run_dir} (no run_dir given: the latest run")


def test_a_given_run_dir_must_exist_unless_created(isolated_outputs):
    with pytest.raises(WarsignalsError, match="does not exist: run 01-load-corpus"):
        notebook.context(isolated_outputs / "nowhere", announce=False)
    ctx = notebook.context(isolated_outputs / "mine", announce=False, create=True)
    assert ctx.origin == "given" and ctx.run_dir.is_dir() and ctx.figures_dir.name == "mine"


def test_tables_corpus_facts_and_figures(isolated_outputs):
    ctx = notebook.context(isolated_outputs / "run", isolated_outputs / "figs", params={"n_boot": 7},
                           create=True, announce=False)
    with pytest.raises(InputError, match="run 01-load-corpus on this run folder first"):
        ctx.documents  # noqa: B018
    _documents(True).to_parquet(ctx.path("documents.parquet"))
    assert ctx.synthetic and ctx.corpus_sha256 == corpus_hash(_documents(True))
    _documents(False).to_parquet(ctx.path("documents.parquet"))
    ctx.reload()
    assert not ctx.synthetic
    with pytest.raises(InputError, match="signals.parquet not found: run 02-signals"):
        ctx.table("signals.parquet")
    fig, ax = new_figure()
    ax.plot([0, 1], [1, 0])
    assert ctx.figure(fig, "line", data=pd.DataFrame({"x": [0, 1]})) is None
    assert not ctx.inline  # not in IPython: saved, not displayed
    sidecar = json.loads((ctx.figures_dir / "line.json").read_text())
    assert sidecar["parameters"] == {"n_boot": 7} and sidecar["corpus_sha256"] == ctx.corpus_sha256
    assert {p.suffix for p in ctx.figures_dir.iterdir()} == {".png", ".svg", ".pdf", ".json", ".csv"}
    assert sidecar["caption"] == ctx.caption and ctx.caption.startswith("Corpus: ")  # the corpus caption by default
    ctx.figure(new_figure()[0], "own", caption="Corpus: a sample")
    ctx.figure(new_figure()[0], "bare", caption="")
    assert json.loads((ctx.figures_dir / "own.json").read_text())["caption"] == "Corpus: a sample"
    assert json.loads((ctx.figures_dir / "bare.json").read_text())["caption"] is None


def test_progress_bars_are_text_outside_a_kernel(monkeypatch):
    from tqdm.std import tqdm

    assert text_progress()
    bar = progress_bar([1, 2], disable=True)
    assert type(bar) is tqdm and list(bar) == [1, 2]
    monkeypatch.setenv("WARSIGNALS_PROGRESS", "text")
    assert text_progress()


def test_group_column_falls_back_to_source_and_says_so(isolated_outputs, capsys):
    ctx = notebook.context(isolated_outputs / "run", create=True, announce=False)
    _documents(False).assign(source="wire").to_parquet(ctx.path("documents.parquet"))
    assert ctx.group_column("source") == "source" and ctx.group_column("") == ""
    assert capsys.readouterr().out == ""
    assert ctx.group_column("side") == "source"  # the demo corpus and your own files have no side
    assert capsys.readouterr().out.strip() == "The documents have no column 'side': groups are compared by " \
        "'source' instead."
    with pytest.raises(InputError, match="cannot compare by 'side': the documents have no such column"):
        ctx.group_column("side", fallback="country")
