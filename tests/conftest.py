"""Shared fixtures: isolated run/figure folders and paths of the read-only ../shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

from warsignals import config


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
