"""Smoke test: the whole notebook pipeline through papermill on a small generated demo corpus.

The configuration is config/default.yaml with small parameters, so the notebooks run side by side as in
`make run` (run: jobs), and the rerun checks that this gives the same bytes. One run (a module fixture) serves
every test here.
"""

import hashlib
import importlib
import json

import nbformat
import pandas as pd
import pytest
import yaml
from conftest import SMALL_PARAMETERS

from warsignals import config, runner
from warsignals.report import FIGURE_METADATA_KEY

pytestmark = pytest.mark.slow


def _small_config(tmp_path):
    settings = runner.load_run_config(config.DEFAULT_RUN_CONFIG)
    for stem, parameters in SMALL_PARAMETERS.items():
        settings[stem].update(parameters)
    path = tmp_path / "small.yaml"
    path.write_text(yaml.safe_dump(settings, sort_keys=False))
    return path


def _figure_digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())
            if p.suffix in {".png", ".svg", ".pdf", ".csv"}}


@pytest.fixture(scope="module")
def pipeline_run(tmp_path_factory):
    """The demo pipeline, run once: (settings file, result)."""
    root = tmp_path_factory.mktemp("pipeline")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(config, "RUNS_DIR", root / "runs")
        patch.setattr(config, "FIGURES_DIR", root / "figures")
        settings = _small_config(root)
        yield settings, runner.run_pipeline(config_file=settings, run_id="first", progress=False)


def test_pipeline_runs_end_to_end_and_reruns_byte_identically(pipeline_run):
    settings, first = pipeline_run
    manifest = json.loads(first.manifest_path.read_text())
    assert manifest["status"] == "ok"
    assert [n["notebook"] for n in manifest["notebooks"]] == [
        "01-load-corpus", "02-signals", "03-topics", "04-stance", "05-validate"]
    assert manifest["n_documents"] == 120 and len(manifest["corpus_sha256"]) == 64
    for table in ("documents.parquet", "sentences.parquet", "rejects.csv", "signals.parquet", "topics.csv",
                  "doc_topics.parquet", "prevalence.csv", "selection.csv", "stance.parquet", "validation_sheet.csv",
                  "corrected_rates.csv", "validity.json"):
        assert (first.run_dir / table).exists(), table
    executed = nbformat.read(first.run_dir / "02-signals.ipynb", as_version=4)
    assert executed.metadata["papermill"]["parameters"]["n_boot"] == 100
    digests = _figure_digests(first.figures_dir)
    assert {"documents_per_period.png", "signals_over_time.png", "topic_prevalence.png",
            "stance_share_over_time.png", "corrected_rates.png", "corrected_stance.png", "event_windows.png",
            "signals_by_group.png", "signal_voices.png", "stance_by_group.png"} <= set(digests)
    assert manifest["jobs"] > 1  # side by side (tests/test_runner.py checks that workers overlap)
    windows = pd.read_csv(first.run_dir / "signals_event_windows.csv")
    assert set(windows["kind"]) == {"negotiation", "aid"}  # the configuration's event_kinds
    # the demo corpus has no `side`: the by-group tables compare sources, as the notebooks say
    assert (first.run_dir / "signals_by_source.csv").exists() and (first.run_dir / "stance_by_source.csv").exists()
    assert {"doc_id", "sent_id", "start", "end"} <= set(pd.read_csv(first.run_dir / "signals_top_cues.csv").columns)
    for name in [n for n in digests if n.endswith(".png")]:
        sidecar = json.loads((first.figures_dir / name.replace(".png", ".json")).read_text())
        assert sidecar["corpus_sha256"] == manifest["corpus_sha256"], name
    _assert_readers_see_every_figure(first, manifest, digests)
    second = runner.run_pipeline(config_file=settings, run_id="second", progress=False)
    assert _figure_digests(second.figures_dir) == digests


def _function(dotted):
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def test_every_figure_traces_to_its_data_function_plot_function_and_notebook_cell(pipeline_run):
    _, result = pipeline_run
    sidecars = sorted(result.figures_dir.glob("*.json"))
    assert len(sidecars) >= 10
    for path in sidecars:
        sidecar = json.loads(path.read_text())
        name = sidecar["figure"]
        assert sidecar["data_function"] and sidecar["plot_function"], f"{name}: no data or plot function"
        data, plot = _function(sidecar["data_function"]), _function(sidecar["plot_function"])
        assert callable(data) and callable(plot), name
        assert sidecar["data_function"].endswith("_table") and sidecar["plot_function"].startswith(
            "warsignals.plots."), name
        notebook = nbformat.read(config.NOTEBOOKS_DIR / sidecar["notebook"], as_version=4)
        cell = [c for c in notebook.cells if c.cell_type == "code"][sidecar["cell"]].source
        assert "ctx.figure(" in cell and f'"{name}"' in cell, f"{name}: cell {sidecar['cell']} does not draw it"


def _assert_readers_see_every_figure(result, manifest, digests):
    """What a reader of the executed notebooks and of the report sees: every exported figure, no warnings."""
    shown = {}
    for entry in manifest["notebooks"]:
        executed = nbformat.read(entry["output"], as_version=4)
        outputs = [o for cell in executed.cells if cell.cell_type == "code" for o in cell.outputs]
        assert not [o for o in outputs if o.output_type == "error"], entry["notebook"]
        stderr = "".join(o.get("text", "") for o in outputs if o.get("name") == "stderr")
        assert "TqdmWarning" not in stderr and "IProgress" not in stderr, entry["notebook"]
        bare = [o for o in outputs if "<Figure size" in str(o.get("data", {}).get("text/plain", ""))
                and "image/png" not in o.get("data", {})]
        assert not bare, f"{entry['notebook']}: a figure shown as text only"
        for output in outputs:
            name = output.get("metadata", {}).get(FIGURE_METADATA_KEY)
            if name and output.get("data", {}).get("image/png"):
                shown.setdefault(name, entry["notebook"])
    exported = {name.removesuffix(".png") for name in digests if name.endswith(".png")}
    assert exported == set(shown), exported ^ set(shown)
    assert manifest["report"] == str(result.run_dir / "report.html")
    report = (result.run_dir / "report.html").read_text()
    assert report.count('<img class="figure"') == len(exported)
    assert all(f'alt="{name}"' in report for name in exported)
    assert "http://" not in report and "https://" not in report and "<script" not in report
    assert all(f'href="{n}.ipynb"' in report for n in (
        "01-load-corpus", "02-signals", "03-topics", "04-stance", "05-validate"))
    assert "SYNTHETIC DEMO DATA" in report and manifest["corpus_sha256"] in report
    assert (config.RUNS_DIR / "latest").resolve() == result.run_dir
