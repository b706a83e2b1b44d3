"""Smoke test: the whole notebook pipeline through papermill on a small generated demo corpus."""

import hashlib
import json

import nbformat
import pandas as pd
import pytest
import yaml

from warsignals import config, runner

pytestmark = pytest.mark.slow


def _small_config(tmp_path):
    settings = runner.load_run_config(config.DEFAULT_RUN_CONFIG)
    settings["01-load-corpus"]["demo_documents"] = 120
    settings["02-signals"].update(n_boot=100, frequency="quarter", min_sentences=20)
    settings["03-topics"].update(k_range="6:8:2", n_seeds_stability=2, n_boot=100, frequency="quarter", min_df=3)
    settings["04-stance"].update(n_boot=100, frequency="quarter")
    settings["05-validate"].update(n_boot=100, sample_n=300)
    path = tmp_path / "small.yaml"
    path.write_text(yaml.safe_dump(settings, sort_keys=False))
    return path


def _figure_digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())
            if p.suffix in {".png", ".svg", ".pdf", ".csv"}}


def test_pipeline_runs_end_to_end_and_reruns_byte_identically(isolated_outputs):
    settings = _small_config(isolated_outputs)
    first = runner.run_pipeline(config_file=settings, run_id="first", progress=False)
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
            "signals_by_group.png", "stance_by_group.png"} <= set(digests)
    windows = pd.read_csv(first.run_dir / "signals_event_windows.csv")
    assert {"escalation", "negotiation", "aid"} <= set(windows["kind"])
    assert {"doc_id", "sent_id", "start", "end"} <= set(pd.read_csv(first.run_dir / "signals_top_cues.csv").columns)
    for name in [n for n in digests if n.endswith(".png")]:
        sidecar = json.loads((first.figures_dir / name.replace(".png", ".json")).read_text())
        assert sidecar["corpus_sha256"] == manifest["corpus_sha256"], name
    second = runner.run_pipeline(config_file=settings, run_id="second", progress=False)
    assert _figure_digests(second.figures_dir) == digests
