"""The walls between the layers (issue 12): reading knows no model, plots take tidy tables, models draw and write
nothing. Checked on the import statements of every module (the command layer, `commands.py`, may use them all)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import warsignals

PACKAGE = Path(warsignals.__file__).parent
ANALYSES = ("signals", "topics", "stance", "validate")
#: What no analysis module imports: reading (corpus, the demo generator), drawing (plots) and writing figures (export).
ANALYSIS_WALL = ("warsignals.corpus", "warsignals.demo", "warsignals.plots", "warsignals.export")
#: What no plot module imports: the analyses and the lexicon (a plot reads its table, not model internals).
PLOTS_WALL = tuple(f"warsignals.{name}" for name in (*ANALYSES, "lexicon", "matcher", "actors", "corpus", "demo"))


def _imports(path: Path) -> list[tuple[str, int]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.module, node.lineno)] + [(f"{node.module}.{a.name}", node.lineno) for a in node.names]
        elif isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
    return found


def _crossings(files: list[Path], wall: tuple[str, ...]) -> list[str]:
    return [f"{path.relative_to(PACKAGE)}:{line} imports {module}" for path in files
            for module, line in _imports(path) if any(module == w or module.startswith(w + ".") for w in wall)]


@pytest.mark.parametrize("analysis", ANALYSES)
def test_an_analysis_neither_reads_corpora_nor_draws_nor_writes_figures(analysis):
    files = [p for p in (PACKAGE / analysis).glob("*.py") if p.name != "commands.py"]
    assert files
    assert _crossings(files, ANALYSIS_WALL) == []


def test_plots_read_tables_not_models():
    files = list((PACKAGE / "plots").glob("*.py"))
    assert len(files) >= 6
    assert _crossings(files, PLOTS_WALL) == []


def test_the_check_sees_a_crossing(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("import numpy\nfrom warsignals import plots\nfrom warsignals.export import save_figure\n")
    crossing = [m for m, _ in _imports(probe) if any(m == w or m.startswith(w + ".") for w in ANALYSIS_WALL)]
    assert crossing == ["warsignals.plots", "warsignals.export", "warsignals.export.save_figure"]
