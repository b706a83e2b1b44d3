"""The notebooks as a researcher uses them: JupyterLab in headless Chromium, Run All, what the page shows.

JupyterLab is started on a free local port with a token; Chromium (the distribution's package, driven by
Playwright with ``executable_path``) opens each pipeline notebook without a run folder (so the notebooks find
the latest run themselves: 01 makes one on the demo corpus), runs all cells through JupyterLab's own
``notebook:run-all-cells`` command and waits for the kernel to finish. The notebooks get small parameters in an
injected cell (as papermill injects them) to keep the test to a few minutes. Then the run report is opened from
disk. ``make test`` installs chromium where it is missing (as root); elsewhere the test skips with the reason.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from conftest import SMALL_PARAMETERS

from warsignals import config, runner
from warsignals.notebook import latest_run
from warsignals.report import write_report

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = Path(os.environ.get("WARSIGNALS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TOKEN = "warsignals-browser-test"
NOTEBOOK_SECONDS = int(os.environ.get("WARSIGNALS_BROWSER_NOTEBOOK_SECONDS", "420"))  # per notebook
# What a notebook's cells show, read from JupyterLab's own models and DOM once the kernel is idle.
STATE_JS = """
() => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  if (!panel || !panel.content || !panel.sessionContext || !panel.sessionContext.session) { return null; }
  const kernel = panel.sessionContext.session.kernel;
  const cells = panel.content.widgets.filter(c => c.model.type === 'code');
  const outputs = cells.map(c => c.model.outputs.toJSON());
  const flat = outputs.flat();
  const images = [...panel.node.querySelectorAll('.jp-OutputArea-output img')];
  return {
    kernel: kernel ? kernel.status : 'none',
    pending: cells.filter(c => (c.promptNode && c.promptNode.textContent.includes('*'))).length,
    executed: cells.filter(c => c.model.executionCount !== null).length,
    cells: cells.length,
    errors: flat.filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue),
    stderr: flat.filter(o => o.output_type === 'stream' && o.name === 'stderr').map(o => String(o.text)),
    png_outputs: flat.filter(o => o.data && o.data['image/png']).length,
    figures: flat.filter(o => o.metadata && o.metadata.warsignals_figure).map(o => o.metadata.warsignals_figure),
    widgets: flat.filter(o => o.data && o.data['application/vnd.jupyter.widget-view+json']).length,
    images_loaded: images.filter(i => i.complete && i.naturalWidth > 0).length,
    images: images.length,
    first_output: (outputs.find(o => o.length) || [{}])[0],
  };
}
"""


def _chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(f"chromium not found at {CHROMIUM}: `make test` installs it as root (apt-get install -y "
                    "chromium); elsewhere install it or set WARSIGNALS_CHROMIUM")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("playwright is not installed in this environment (pip install -e '.[dev]')")
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _small_notebooks(folder: Path) -> list[Path]:
    """Copies of the pipeline notebooks with small parameters in a cell after their parameters cell (as papermill
    injects them)."""
    folder.mkdir()
    copies = []
    for notebook in runner.discover_notebooks():
        nb = nbformat.read(notebook, as_version=4)
        index = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
        values = SMALL_PARAMETERS.get(notebook.stem, {})
        injected = nbformat.v4.new_code_cell("# Parameters\n" + "".join(f"{k} = {v!r}\n" for k, v in values.items()))
        injected.metadata["tags"] = ["injected-parameters"]
        nb.cells.insert(index + 1, injected)
        nbformat.write(nb, folder / notebook.name)
        copies.append(folder / notebook.name)
    return copies


@pytest.fixture(scope="module")
def browser():
    chromium = _chromium()
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        profile = Path(os.environ.get("TMPDIR", "/tmp")) / f"warsignals-chromium-{os.getpid()}"
        try:
            context = playwright.chromium.launch_persistent_context(
                str(profile), executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS)
        except Error as exc:
            pytest.skip(f"chromium at {chromium} cannot be launched: {str(exc).splitlines()[0]}")
        try:
            yield context
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on a free port, runs and figures in a temporary folder (no run there yet)."""
    _chromium()
    root = tmp_path_factory.mktemp("lab")
    notebooks = _small_notebooks(root / "notebooks")
    settings = root / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    # Render every cell (no windowing), so that the images of all outputs are in the page.
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    env = {**os.environ, "WARSIGNALS_RUNS_DIR": str(root / "runs"), "WARSIGNALS_FIGURES_DIR": str(root / "figures"),
           "JUPYTERLAB_SETTINGS_DIR": str(root / "settings"), "JUPYTERLAB_WORKSPACES_DIR": str(root / "workspaces"),
           "JUPYTER_RUNTIME_DIR": str(root / "runtime")}
    env.pop("MPLBACKEND", None)
    port = _free_port()
    log = (root / "lab.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={TOKEN}",
         f"--ServerApp.root_dir={root / 'notebooks'}", "--LabApp.expose_app_in_browser=True",
         "--ServerApp.allow_root=True", "--LabApp.news_url=",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=root / "notebooks",
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            if process.poll() is not None:
                pytest.fail(f"JupyterLab exited: {(root / 'lab.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not answer within 60 s")
        yield {"base": base, "notebooks": notebooks, "root": root}
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _run_all(page, url: str) -> dict:
    """Open a notebook, run all its cells with JupyterLab's command, wait for the kernel; return its state."""
    page.goto(url)
    page.wait_for_function(
        "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
        " && window.jupyterapp.shell.currentWidget.sessionContext", timeout=120_000)
    page.evaluate("""async () => {
        const panel = window.jupyterapp.shell.currentWidget;
        await panel.context.ready;
        await panel.sessionContext.ready;
        await window.jupyterapp.commands.execute('notebook:run-all-cells');
    }""")
    deadline = time.monotonic() + NOTEBOOK_SECONDS
    state, idle_polls = None, 0
    while time.monotonic() < deadline:
        page.wait_for_timeout(1000)
        state = page.evaluate(STATE_JS)
        finished = state and state["kernel"] == "idle" and state["pending"] == 0 and (
            state["executed"] == state["cells"] or state["errors"])
        idle_polls = idle_polls + 1 if finished else 0
        if idle_polls >= 3:
            return state
    pytest.fail(f"{url}: cells still running after {NOTEBOOK_SECONDS} s: {state}")


def test_notebooks_run_all_in_jupyterlab_and_show_their_figures(lab, browser):
    page = browser.new_page()
    shown = {}
    for notebook in lab["notebooks"]:
        # a fresh workspace per notebook: nothing reopened from the previous one
        state = _run_all(page, f"{lab['base']}/lab/workspaces/{notebook.stem}/tree/{notebook.name}?token={TOKEN}")
        name = notebook.stem
        assert state["errors"] == [], f"{name}: {state['errors']}"
        assert not any("TqdmWarning" in text or "IProgress" in text for text in state["stderr"]), name
        first = state["first_output"]
        assert "Run folder:" in str(first.get("text", "")), f"{name}: first output {first}"
        assert state["figures"], f"{name}: no figure shown"
        assert state["png_outputs"] >= len(state["figures"]), name
        assert state["images_loaded"] >= 1 and state["images_loaded"] == state["images"], f"{name}: {state}"
        shown[name] = state
        page.evaluate("""async () => {  // save, stop the kernel and close, without JupyterLab's confirmation dialog
            const panel = window.jupyterapp.shell.currentWidget;
            await panel.context.save();
            await panel.sessionContext.shutdown();
            panel.dispose();
        }""")
    # 01 made the run (there was none) and said so; the others found it as the latest run.
    assert "a new run folder" in shown["01-load-corpus"]["first_output"]["text"]
    assert all("the latest run" in shown[n]["first_output"]["text"] for n in list(shown)[1:])
    assert shown["01-load-corpus"]["widgets"] >= 1, "progress bars are not widgets in JupyterLab"
    run_dir = latest_run(lab["root"] / "runs")
    exported = {p.stem for p in (lab["root"] / "figures" / run_dir.name).glob("*.png")}
    assert exported == {figure for state in shown.values() for figure in state["figures"]}


def test_report_opens_offline_with_every_figure(lab, browser, tmp_path):
    run_dir = latest_run(lab["root"] / "runs")
    if run_dir is None or not (run_dir / "stance.parquet").exists():
        pytest.skip("needs the run made by test_notebooks_run_all_in_jupyterlab_and_show_their_figures")
    figures = lab["root"] / "figures" / run_dir.name
    report = write_report(run_dir, figures)
    page = browser.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(report.resolve().as_uri())
    page.wait_for_load_state("load")
    images = page.evaluate("""() => [...document.querySelectorAll('img.figure')].map(
        i => ({alt: i.alt, loaded: i.complete && i.naturalWidth > 0}))""")
    assert sorted(i["alt"] for i in images) == sorted(p.stem for p in figures.glob("*.png"))
    assert all(i["loaded"] for i in images), [i["alt"] for i in images if not i["loaded"]]
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
    assert config.RUNS_DIR != lab["root"] / "runs"  # the test never touched the project's own runs/
