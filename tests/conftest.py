"""Shared fixtures: isolated run/figure folders and paths of the read-only ../shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

from warsignals import config

# Small parameters per notebook (on top of config/default.yaml) that keep a whole pipeline run to about a minute:
# the synthetic demo corpus (known answers), small. The real default corpus has its own cheap test
# (tests/test_default_run.py).
SMALL_PARAMETERS: dict[str, dict] = {
    "01-load-corpus": {"corpus": "demo", "demo_documents": 120},
    "02-signals": {"n_boot": 100, "frequency": "quarter", "min_sentences": 20},
    "03-topics": {"k_range": "6:8:2", "n_runs": 2, "n_boot": 100, "frequency": "quarter", "min_df": 3},
    "04-stance": {"n_boot": 100, "frequency": "quarter"},
    "05-validate": {"n_boot": 100, "sample_n": 300, "group_by": ""},  # the demo's corrected series: whole corpus
}


def shared_file(path: Path) -> Path:
    """Return ``path`` or skip the test with a reason when the shared data set is absent."""
    if not path.exists():
        pytest.skip(f"shared data not found at {path} (see README: 'Real corpora and gold sets')")
    return path


@pytest.fixture
def isolated_outputs(tmp_path, monkeypatch):
    """Point runs/ and figures/ at a temporary folder."""
    monkeypatch.setattr(config, "RUNS_DIR", tmp_path / "runs")
    monkeypatch.setattr(config, "FIGURES_DIR", tmp_path / "figures")
    return tmp_path
