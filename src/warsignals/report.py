"""The run report: ``runs/<run-id>/report.html``, one self-contained page per run.

The page holds the run's figures (embedded as base64 PNG, in the order the notebooks show them and as they show
them; a figure no executed notebook shows is embedded from its exported PNG file), its key tables,
the rejects summary, the parameters and provenance from ``manifest.json``, and links to the executed notebooks
beside it. It loads nothing from elsewhere (no scripts, fonts or style sheets), so it reads offline and can be
mailed as one file. The runner writes it at the end of every run; ``warsignals report RUN_DIR`` rewrites it.
"""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path

import pandas as pd

from warsignals import config
from warsignals.errors import InputError
from warsignals.tables import read_table

REPORT_FILE = "report.html"
FIGURE_METADATA_KEY = "warsignals_figure"
# (file in the run folder, heading, rows shown)
KEY_TABLES: tuple[tuple[str, str, int], ...] = (
    ("signals_changepoints.csv", "Change points in the net index (negotiation minus escalation)", 20),
    ("signals_lead_lag.csv", "Lead-lag between escalation and negotiation", 30),
    ("selection.csv", "Choice of the number of topics", 20),
    ("topic_labels.csv", "Topics", 40),
    ("stance_recovery.csv", "Stance: recovery of the planted curves (demo corpus)", 10),
    ("stance_driving_sentences.csv", "Stance: sentences driving each period (first rows)", 12),
)
_STYLE = """
body { font-family: sans-serif; max-width: 1100px; margin: 1.5em auto; padding: 0 1em; color: #222; }
h1 { font-size: 1.5em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 1.8em; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.6em 0; }
th, td { border: 1px solid #ddd; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } figure { margin: 1.2em 0; } figcaption { font-size: 0.85em; color: #555; }
img { max-width: 100%; height: auto; border: 1px solid #eee; }
.banner { background: #fff3cd; border: 1px solid #e0c060; padding: 0.5em 0.8em; }
.failed { background: #f8d7da; border: 1px solid #d08080; padding: 0.5em 0.8em; }
code, pre { font-size: 0.85em; } pre { background: #f7f7f7; padding: 0.5em; overflow-x: auto; }
"""


def _table_html(frame: pd.DataFrame, rows: int | None = None) -> str:
    shown = frame.head(rows) if rows else frame
    text = shown.to_html(index=False, escape=True, na_rep="", float_format=lambda v: f"{v:.3g}", border=0)
    more = f"<p>{len(frame) - len(shown)} more rows in the file.</p>" if len(shown) < len(frame) else ""
    return text + more


def _mapping_html(mapping: dict) -> str:
    rows = "".join(
        f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(_plain(v))}</td></tr>" for k, v in mapping.items()
    )
    return f"<table>{rows}</table>"


def _plain(value) -> str:
    return json.dumps(value, default=str) if isinstance(value, dict | list) else str(value)


def _read_manifest(run_dir: Path) -> dict:
    path = run_dir / "manifest.json"
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not valid JSON ({exc})") from None


def executed_notebooks(run_dir: Path, manifest: dict) -> list[Path]:
    """The executed notebooks of a run: those of the manifest in order, else every ``NN-*.ipynb`` there."""
    listed = [run_dir / Path(entry.get("output", "")).name for entry in manifest.get("notebooks", [])]
    found = [p for p in listed if p.is_file()]
    return found or sorted(run_dir.glob("[0-9][0-9]-*.ipynb"))


def figures_shown(notebook: Path) -> dict[str, str]:
    """The figures a notebook displayed (outputs tagged by :meth:`NotebookContext.figure`), in order.

    Returns
    -------
    dict
        Figure name to the base64 PNG the notebook shows (screen resolution, a fraction of the 300 dpi file).
    """
    from warsignals.jupyter import import_nbformat

    nbformat = import_nbformat()
    shown: dict[str, str] = {}
    for cell in nbformat.read(notebook, as_version=4).cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get(FIGURE_METADATA_KEY)
            png = output.get("data", {}).get("image/png")
            if name and png and name not in shown:
                shown[name] = "".join(png.split()) if isinstance(png, str) else "".join(png)
    return shown


def _figure_html(name: str, encoded: str, figures: Path) -> str:
    caption = html.escape(name)
    sidecar = figures / f"{name}.json"
    if sidecar.is_file():
        files = json.loads(sidecar.read_text(encoding="utf-8")).get("files", [])
        caption += f" &middot; {html.escape(', '.join(files))} in {html.escape(str(figures))}"
    return (f'<figure><img class="figure" alt="{html.escape(name)}" src="data:image/png;base64,{encoded}">'
            f"<figcaption>{caption}</figcaption></figure>")


def _file_png(path: Path) -> str:
    return base64.b64encode(path.read_bytes()).decode("ascii")


def build_report(run_dir: str | Path, figures_dir: str | Path | None = None) -> str:
    """The report page of a run folder, as HTML text.

    Parameters
    ----------
    run_dir : str or Path
        The run folder (``runs/<run-id>``).
    figures_dir : str or Path, optional
        The run's figures; default: the manifest's ``figures_dir``, else ``figures/<run-id>``.

    Returns
    -------
    str

    Raises
    ------
    InputError
        When the run folder does not exist or its manifest is not valid JSON.
    """
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise InputError(f"run folder {run_dir} not found")
    manifest = _read_manifest(run_dir)
    figures = Path(figures_dir or manifest.get("figures_dir") or config.FIGURES_DIR / run_dir.resolve().name)
    parts = [f"<h1>warsignals run {html.escape(manifest.get('run_id', run_dir.resolve().name))}</h1>"]
    documents_path = run_dir / "documents.parquet"
    if documents_path.is_file():
        documents = read_table(documents_path)
        if "synthetic" in documents and documents["synthetic"].fillna(False).astype(bool).any():
            parts.append('<p class="banner">SYNTHETIC DEMO DATA: this run reads the generated demo corpus; its '
                         "curves are planted and are not evidence about the war.</p>")
    if manifest.get("status") not in (None, "ok"):
        parts.append(f'<p class="failed">Run status: {html.escape(str(manifest.get("status")))}. '
                     f"{html.escape(str(manifest.get('error', '')))}</p>")
    if not manifest:
        parts.append("<p>No manifest.json in this run folder (its notebooks were run by hand): provenance "
                     "below is what the folder holds.</p>")

    notebooks = executed_notebooks(run_dir, manifest)
    entries = {entry.get("notebook"): entry for entry in manifest.get("notebooks", [])}
    parts.append("<h2>Notebooks</h2><table><tr><th>notebook</th><th>status</th><th>seconds</th></tr>")
    for notebook in notebooks:
        entry = entries.get(notebook.stem, {})
        parts.append(f'<tr><td><a href="{html.escape(notebook.name)}">{html.escape(notebook.name)}</a></td>'
                     f"<td>{html.escape(str(entry.get('status', '')))}</td>"
                     f"<td>{html.escape(str(entry.get('seconds', '')))}</td></tr>")
    parts.append("</table>")

    parts.append("<h2>Corpus and rejects</h2>")
    summary_path = run_dir / "ingest_summary.json"
    if summary_path.is_file():
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
        shown = {k: summary.get(k) for k in ("inputs", "found", "loaded", "rejected", "sentences", "date_range")}
        parts.append(_mapping_html(shown))
    rejects_path = run_dir / "rejects.csv"
    if rejects_path.is_file():
        rejects = read_table(rejects_path, strings=True)
        if rejects.empty:
            parts.append("<p>No input was rejected.</p>")
        else:
            counts = rejects.groupby("kind").size().rename("rejected").reset_index()
            parts.append("<h3>Rejects by reason</h3>" + _table_html(counts))
            parts.append("<h3>First rejects</h3>" + _table_html(rejects, 20))

    parts.append("<h2>Figures</h2>")
    placed: list[str] = []
    for notebook in notebooks:
        shown = {n: png for n, png in figures_shown(notebook).items() if n not in placed}
        if shown:
            parts.append(f"<h3>{html.escape(notebook.stem)}</h3>")
            parts.extend(_figure_html(name, png, figures) for name, png in shown.items())
            placed.extend(shown)
    others = sorted(p for p in figures.glob("*.png") if p.stem not in placed) if figures.is_dir() else []
    if others:
        parts.append("<h3>Figures not shown in an executed notebook of this run</h3>")
        parts.extend(_figure_html(p.stem, _file_png(p), figures) for p in others)
    if not placed and not others:
        parts.append(f"<p>No figures found in {html.escape(str(figures))}.</p>")

    parts.append("<h2>Key tables</h2>")
    for name, heading, rows in KEY_TABLES:
        path = run_dir / name
        if path.is_file():
            parts.append(f"<h3>{html.escape(heading)}</h3><p><code>{html.escape(name)}</code></p>")
            parts.append(_table_html(read_table(path), rows))

    parts.append("<h2>Parameters and provenance</h2>")
    provenance = {k: manifest[k] for k in ("run_id", "status", "started", "finished", "code_version", "python",
                                           "kernel", "config_file", "corpus_sha256", "n_documents",
                                           "run_dir", "figures_dir") if k in manifest}
    provenance.setdefault("figures_dir", str(figures))
    parts.append(_mapping_html(provenance))
    for entry in manifest.get("notebooks", []):
        parameters = json.dumps(entry.get("parameters", {}), indent=2, default=str, sort_keys=True)
        parts.append(f"<h3>{html.escape(str(entry.get('notebook')))}</h3><pre>{html.escape(parameters)}</pre>")
    if manifest.get("packages"):
        parts.append("<h3>Packages</h3>" + _mapping_html(manifest["packages"]))
    body = "\n".join(parts)
    title = html.escape(f"warsignals run {manifest.get('run_id', run_dir.resolve().name)}")
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{_STYLE}</style></head><body>\n{body}\n</body></html>\n")


def write_report(run_dir: str | Path, figures_dir: str | Path | None = None, output: str | Path | None = None) -> Path:
    """Write the report page of a run (default ``<run_dir>/report.html``) and return its path."""
    output = Path(output) if output else Path(run_dir) / REPORT_FILE
    text = build_report(run_dir, figures_dir)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    return output
