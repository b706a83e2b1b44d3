"""The run report: one self-contained page from a run folder, and `warsignals report RUN_DIR`."""

from __future__ import annotations

import base64
import json

import nbformat
import pandas as pd

from warsignals.cli import main
from warsignals.export import save_figure
from warsignals.plots.core import new_figure
from warsignals.report import FIGURE_METADATA_KEY, build_report, write_report

PIXEL = base64.b64encode(b"\x89PNG\r\n\x1a\n not a real image").decode("ascii")


def _run_folder(tmp_path):
    run_dir, figures = tmp_path / "runs" / "r1", tmp_path / "figures" / "r1"
    run_dir.mkdir(parents=True)
    for name in ("shown", "only_saved"):
        fig, ax = new_figure(width=2, height=2)
        ax.plot([0, 1])
        save_figure(fig, name, figures)
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("ctx.figure(fig, 'shown')")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": PIXEL, "text/plain": "<Figure>"},
                                           metadata={FIGURE_METADATA_KEY: "shown"})]
    nb.cells = [cell]
    nbformat.write(nb, run_dir / "02-signals.ipynb")
    manifest = {"run_id": "r1", "status": "ok", "figures_dir": str(figures), "corpus_sha256": "c0ffee",
                "code_version": "abc123", "packages": {"pandas": "3"},
                "notebooks": [{"notebook": "02-signals", "output": str(run_dir / "02-signals.ipynb"),
                               "status": "ok", "seconds": 1.5, "parameters": {"n_boot": 100}}]}
    (run_dir / "manifest.json").write_text(json.dumps(manifest))
    pd.DataFrame({"path": ["a.txt", "b.txt", "c.jsonl"], "record": ["", "", "3"],
                  "reason": ["no date <script>alert(1)</script>", "no date", "bad JSON"],
                  "kind": ["no_date", "no_date", "malformed_json"]}).to_csv(run_dir / "rejects.csv", index=False)
    pd.DataFrame({"target": ["Russia"], "periods": [12], "pearson_r": [0.81234]}).to_csv(
        run_dir / "stance_recovery.csv", index=False)
    return run_dir, figures


def test_report_embeds_figures_tables_rejects_and_provenance(tmp_path):
    run_dir, figures = _run_folder(tmp_path)
    page = build_report(run_dir)
    # the shown figure as the notebook shows it, the other one from its exported file, both inline
    assert f'alt="shown" src="data:image/png;base64,{PIXEL}"' in page
    assert 'alt="only_saved" src="data:image/png;base64,iVBOR' in page and page.count('<img class="figure"') == 2
    assert page.index('alt="shown"') < page.index('alt="only_saved"')
    assert '<a href="02-signals.ipynb">02-signals.ipynb</a>' in page
    assert "malformed_json" in page and "&lt;script&gt;" in page and "<script>" not in page
    assert "c0ffee" in page and "abc123" in page and "&quot;n_boot&quot;: 100" in page and "0.812" in page
    assert "http://" not in page and "https://" not in page and "<link" not in page


def test_cli_writes_the_report_and_errors_in_one_line(tmp_path, capsys):
    run_dir, _ = _run_folder(tmp_path)
    assert main(["report", str(run_dir)]) == 0
    assert (run_dir / "report.html").read_text().startswith("<!DOCTYPE html>")
    assert main(["report", str(tmp_path / "missing")]) == 1
    err = capsys.readouterr().err
    assert err.strip().endswith("not found") and len(err.strip().splitlines()) == 1


def test_report_of_a_run_made_by_hand_has_no_manifest(tmp_path):
    run_dir = tmp_path / "runs" / "by-hand"
    run_dir.mkdir(parents=True)
    path = write_report(run_dir, figures_dir=tmp_path / "none")
    assert "No manifest.json" in path.read_text() and "No figures found" in path.read_text()
