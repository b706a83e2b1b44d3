"""The walls around the signals analysis: the demo generator and the plots know nothing of the lexicon or the
scorer, and every figure of notebook 02 is drawn by ``plots.NAME`` from ``signals.NAME_table``."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

import warsignals
from warsignals import plots, signals

PACKAGE = Path(warsignals.__file__).parent
ANALYSIS = ("warsignals.lexicon", "warsignals.matcher", "warsignals.prefilter", "warsignals.signals")


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("path", [*sorted((PACKAGE / "demo").glob("*.py")), PACKAGE / "plots" / "signals.py"],
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_demo_and_plots_import_nothing_of_the_lexicon_or_the_scorer(path):
    crossing = {name for name in _imports(path) if name.startswith(ANALYSIS)}
    assert not crossing, f"{path.name} imports {sorted(crossing)}"


def test_signals_modules_fit_in_700_lines():
    paths = [*(PACKAGE / "signals").glob("*.py"), *(PACKAGE / "demo").glob("*.py"), PACKAGE / "lexicon.py",
             PACKAGE / "matcher.py", PACKAGE / "prefilter.py", PACKAGE / "textclf.py", PACKAGE / "modelfile.py"]
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in paths if p.exists()}
    assert sizes and max(sizes.values()) <= 700, sizes


def test_every_figure_of_notebook_02_is_drawn_from_its_data_function():
    notebook = json.loads((PACKAGE.parents[1] / "notebooks" / "02-signals.ipynb").read_text(encoding="utf-8"))
    code = "\n".join("".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code")
    names = re.findall(r"ctx\.figure\([^\"]*\"(\w+)\"", code)
    assert len(names) >= 10
    for name in names:
        assert callable(getattr(plots, name)), name
        assert callable(getattr(signals, f"{name}_table")), name
        assert re.search(rf"\b{name}_table\(", code), f"the notebook does not call signals.{name}_table"
        assert re.search(rf"charts\.{name}\(", code), f"the notebook does not draw with plots.{name}"
