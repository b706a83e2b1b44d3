"""Run the notebook pipeline with papermill: kernel set-up, run folder, workers, manifest.

A run executes ``notebooks/NN-*.ipynb`` in order in the current environment's kernel, writing executed
notebooks to ``runs/<run-id>/`` (``runs/latest`` points at the newest complete run), figures to
``figures/<run-id>/`` (``figures/latest`` likewise), ``runs/<run-id>/manifest.json`` (parameters, corpus hash,
git commit, package versions, timing per notebook) and ``runs/<run-id>/report.html`` (:mod:`warsignals.report`).
Parameters come from one YAML file (``config/default.yaml`` by default) with one section per notebook stem;
:mod:`warsignals.runner.parameters` validates them against each notebook's ``parameters`` cell before anything
runs.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from warsignals import config
from warsignals.errors import ParameterError, SetupError, WarsignalsError
from warsignals.report import REPORT_FILE, write_report
from warsignals.runner.folders import (
    LOCK_FILE,
    _claim_run_folder,
    _point_latest,
    _process_alive,
    _write_atomic,
)
from warsignals.runner.parameters import (
    RESERVED_PARAMETERS,
    _absolute_paths,
    check_allowed_values,
    discover_notebooks,
    load_run_config,
    notebook_parameters,
    validate_parameters,
)
from warsignals.tables import read_table

KERNEL_NAME = "warsignals"
KERNEL_LOG_FLAG = "--IPKernelApp.log_level=CRITICAL"
RUN_ENVIRONMENT = {"MPLBACKEND": "Agg", "WARSIGNALS_PROGRESS": "text"}

class RunError(WarsignalsError):
    """A notebook of the pipeline failed; the message names notebook, cell and error."""


@dataclass
class RunResult:
    """What a pipeline run produced."""

    run_id: str
    run_dir: Path
    figures_dir: Path
    manifest_path: Path
    timings: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0  # wall-clock time of the whole run (notebooks side by side overlap)


def ensure_kernel(name: str = KERNEL_NAME) -> str:
    """Register a Jupyter kernel that runs this interpreter (``sys.executable``) and return its name.

    The kernelspec goes into ``sys.prefix`` (the venv), so papermill and JupyterLab started from the same
    environment find it; an existing spec pointing at another interpreter is replaced.
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    manager = KernelSpecManager()
    try:
        spec = manager.get_kernel_spec(name)
        if (spec.argv and Path(spec.argv[0]).resolve() == Path(sys.executable).resolve()
                and KERNEL_LOG_FLAG in spec.argv):
            return name
    except NoSuchKernel:
        pass
    try:
        from ipykernel.kernelspec import install
    except ImportError as exc:
        raise SetupError("ipykernel is not installed in this environment: pip install ipykernel") from exc
    folder = Path(install(kernel_name=name, display_name="Python (warsignals)", prefix=sys.prefix))
    # The kernel's own start-up and shutdown chatter (transport warnings) would bury the runner's progress;
    # errors in cells still reach the runner through papermill.
    spec_file = folder / "kernel.json"
    spec = json.loads(spec_file.read_text(encoding="utf-8"))
    spec["argv"] = [sys.executable, *spec["argv"][1:], KERNEL_LOG_FLAG]
    spec_file.write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    return name


class RunInterrupted(KeyboardInterrupt):
    """Raised inside :func:`run_pipeline` when the process receives SIGTERM (handled like Ctrl-C)."""


def _failure_message(notebook: Path, exc) -> str:
    cell = getattr(exc, "exec_count", None)
    index = getattr(exc, "cell_index", None)
    where = f"cell {cell}" if cell is not None else f"cell index {index}"
    lines = [line.strip() for line in str(getattr(exc, "evalue", "") or "").strip().splitlines() if line.strip()]
    detail = " | ".join(lines)  # the whole message (e.g. strict mode's list of rejects), kept on one line
    return f"{notebook.name} failed at {where}: {getattr(exc, 'ename', type(exc).__name__)}: {detail}"


#: What each pipeline notebook reads from the run folder: the notebooks that must be complete before it starts.
#: A notebook not listed (one you add) waits for every notebook before it. With ``run: jobs: N`` (N > 1) the
#: notebooks whose inputs are complete run side by side, N at a time (02, 03 and 04 all read only 01's tables).
NOTEBOOK_INPUTS: dict[str, tuple[str, ...]] = {
    "01-load-corpus": (),
    "02-signals": ("01-load-corpus",),
    "03-topics": ("01-load-corpus",),
    "04-stance": ("01-load-corpus",),
    "05-validate": ("01-load-corpus", "02-signals", "04-stance"),
}
RUN_KEYS: tuple[str, ...] = ("notebooks", "jobs")
STOP_SECONDS = 60  # a worker asked to stop (SIGTERM) that is still running after this is killed


def run_jobs(config_file: str | Path | None = None, jobs: int | None = None) -> int:
    """How many notebooks a run executes side by side: ``jobs`` if given, else ``run: jobs`` of the configuration,
    else 1 (one after the other, in this process).

    Raises
    ------
    ParameterError
        For a value that is not a whole number of 1 or more, or an unknown key in the ``run`` section.
    """
    section = load_run_config(config_file).get("run", {})
    unknown = sorted(set(section) - set(RUN_KEYS))
    if unknown:
        raise ParameterError(f"run: unknown setting(s) {unknown} (known: {', '.join(RUN_KEYS)})")
    value = section.get("jobs", 1) if jobs is None else jobs
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ParameterError(f"run: jobs must be a whole number of 1 or more, not {value!r}")
    return value


def notebook_inputs(stems: list[str]) -> dict[str, set[str]]:
    """For each notebook of a run (in order), the notebooks of that run it waits for (:data:`NOTEBOOK_INPUTS`)."""
    return {stem: set(NOTEBOOK_INPUTS.get(stem, stems[:k])) & set(stems[:k]) for k, stem in enumerate(stems)}


def plan_run(
    corpus: str | None = None,
    config_file: str | Path | None = None,
    notebooks: list[str] | None = None,
    overrides: dict | None = None,
) -> list[tuple[Path, dict]]:
    """Resolve and validate the notebooks and parameters of a run, without running anything.

    ``overrides`` (``warsignals run --set NAME=VALUE``) are applied to every notebook of the run that declares
    the parameter; a name no notebook of the run declares is an error. Types, paths and allowed values
    (:data:`ALLOWED_VALUES`) are checked for every notebook before any runs.

    Returns
    -------
    list of (Path, dict)
        Each notebook with the parameters it will get (without ``run_dir``/``figures_dir``).
    """
    settings = load_run_config(config_file)
    run_section = settings.pop("run", {})
    available = discover_notebooks()
    if not available:
        raise SetupError(f"no notebooks found in {config.NOTEBOOKS_DIR}")
    wanted = notebooks or run_section.get("notebooks") or [p.stem for p in available]
    by_stem = {p.stem: p for p in available}
    unknown = [n for n in settings if n not in by_stem]
    if unknown:
        raise ParameterError(f"configuration names unknown notebook(s) {unknown} (known: {sorted(by_stem)})")
    plan = []
    for stem in wanted:
        if stem not in by_stem:
            raise ParameterError(f"unknown notebook {stem!r} (known: {', '.join(sorted(by_stem))})")
        params = dict(settings.get(stem, {}))
        reserved = [name for name in RESERVED_PARAMETERS if name in params]
        if reserved:
            raise ParameterError(f"{stem}: {reserved} are set by the runner, not the configuration")
        declared = notebook_parameters(by_stem[stem])
        if corpus is not None and "corpus" in declared:
            params["corpus"] = str(corpus)
        for name, value in (overrides or {}).items():
            if name in RESERVED_PARAMETERS:
                raise ParameterError(f"--set {name}: {name} is set by the runner")
            if name in declared:
                params[name] = value
        validate_parameters(by_stem[stem], params, declared)
        check_allowed_values(stem, params)
        plan.append((by_stem[stem], _absolute_paths(params)))
    if corpus is not None and not any("corpus" in p for _, p in plan):
        raise ParameterError("--corpus given but no notebook of this run takes a corpus parameter")
    unused = [name for name in (overrides or {}) if not any(name in p for _, p in plan)]
    if unused:
        raise ParameterError(f"--set {unused[0]}: no notebook of this run declares this parameter")
    return plan


def run_pipeline(
    corpus: str | None = None,
    config_file: str | Path | None = None,
    run_id: str | None = None,
    notebooks: list[str] | None = None,
    progress: bool = True,
    overrides: dict | None = None,
    jobs: int | None = None,
) -> RunResult:
    """Validate parameters, then execute the notebooks in order and write the run manifest.

    Parameters
    ----------
    corpus : str, optional
        Corpus path overriding the configuration's (``01-load-corpus: corpus``); default: demo corpus.
    config_file : str or Path, optional
        Run configuration YAML; default ``config/default.yaml``.
    run_id : str, optional
        Name of the run folder (a plain folder name, see :func:`check_run_id`); default: the UTC time of the
        start plus a random suffix. A given id may name an earlier run, never one in progress.
    notebooks : list of str, optional
        Stems of the notebooks to run (default: all, in order).
    progress : bool
        Show papermill's per-cell progress bars.
    overrides : dict, optional
        Parameter values for every notebook declaring them (``--set NAME=VALUE``), see :func:`plan_run`.
    jobs : int, optional
        Notebooks run side by side (default: ``run: jobs`` of the configuration, else 1). With more than one,
        each notebook runs in its own worker process as soon as the notebooks it reads
        (:data:`NOTEBOOK_INPUTS`) are complete; outputs are the same as one after the other.

    Returns
    -------
    RunResult

    Raises
    ------
    RunError
        When a notebook fails (the partial executed notebook is kept in the run folder).
    KeyboardInterrupt
        On Ctrl-C or SIGTERM (:class:`RunInterrupted`); the manifest records ``"status": "interrupted"``.

    Notes
    -----
    ``figures/latest`` and ``runs/latest`` move only after a complete run (status ``ok``), by an atomic rename;
    ``runs/<run-id>/report.html`` is written for every run (on a failed run, as far as it got).
    """
    plan = plan_run(corpus, config_file, notebooks, overrides)
    jobs = run_jobs(config_file, jobs)
    kernel = ensure_kernel()
    run_id, run_dir = _claim_run_folder(run_id)
    figures_dir = (config.FIGURES_DIR / run_id).resolve()
    figures_dir.mkdir(parents=True, exist_ok=True)
    manifest = {
        "run_id": run_id,
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "run_dir": str(run_dir),
        "figures_dir": str(figures_dir),
        "config_file": str(Path(config_file or config.DEFAULT_RUN_CONFIG).resolve()),
        "kernel": kernel,
        "python": sys.version.split()[0],
        "notebooks": [],
        "jobs": jobs,
        "status": "running",
    }
    from warsignals.export import code_version, package_versions

    manifest["code_version"] = code_version()
    manifest["packages"] = package_versions(
        ("warsignals", "papermill", "pandas", "numpy", "scipy", "scikit-learn", "nltk", "matplotlib", "pyarrow")
    )
    manifest_path = run_dir / "manifest.json"
    manifest["earlier"] = _earlier_entries(manifest_path, [notebook.stem for notebook, _ in plan])
    timings: dict[str, float] = {}
    # Kernels inherit these: no GUI backend, and text progress bars (papermill has no frontend for widgets).
    env_before = {name: os.environ.get(name) for name in RUN_ENVIRONMENT}
    os.environ.update(RUN_ENVIRONMENT)
    sigterm_before = _catch_sigterm()
    started = time.perf_counter()
    try:
        if jobs > 1 and len(plan) > 1:
            _execute_side_by_side(plan, run_dir, figures_dir, kernel, jobs, manifest, timings)
        else:
            _execute_in_order(plan, run_dir, figures_dir, kernel, progress, manifest, timings)
        manifest["status"] = "ok"
    except KeyboardInterrupt as exc:
        manifest["status"] = "interrupted"
        manifest["error"] = "interrupted by SIGTERM" if isinstance(exc, RunInterrupted) else "interrupted (Ctrl-C)"
        for entry in manifest["notebooks"]:
            entry.setdefault("status", "interrupted")
        raise
    finally:
        if sigterm_before is not None:
            signal.signal(signal.SIGTERM, sigterm_before)
        for name, value in env_before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        manifest["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
        manifest["seconds"] = round(time.perf_counter() - started, 2)
        _merge_earlier(manifest)
        manifest.update(_corpus_facts(run_dir))
        if manifest["status"] == "running":  # any other exception: never leave "running" with a finish time
            manifest["status"] = "failed"
        manifest["report"] = str(run_dir / REPORT_FILE)
        try:
            _write_atomic(manifest_path, json.dumps(manifest, indent=2, default=str) + "\n")
            _write_report(run_dir, figures_dir, failed=manifest["status"] != "ok")
            if manifest["status"] == "ok":
                _point_latest(figures_dir)
                _point_latest(run_dir)
        finally:
            (run_dir / LOCK_FILE).unlink(missing_ok=True)
    return RunResult(run_id, run_dir, figures_dir, manifest_path, timings, manifest["seconds"])


def _execute_in_order(plan: list[tuple[Path, dict]], run_dir: Path, figures_dir: Path, kernel: str, progress: bool,
                      manifest: dict, timings: dict[str, float]) -> None:
    """Execute the plan's notebooks one after the other in this process's papermill."""
    from warsignals.jupyter import import_papermill

    papermill = import_papermill()
    from papermill.exceptions import PapermillExecutionError

    for number, (notebook, params) in enumerate(plan, start=1):
        full = {**params, "run_dir": str(run_dir), "figures_dir": str(figures_dir)}
        output = run_dir / notebook.name
        print(f"[{number}/{len(plan)}] {notebook.stem} -> {output}", file=sys.stderr, flush=True)
        start = time.perf_counter()
        entry = {"notebook": notebook.stem, "output": str(output), "parameters": full}
        manifest["notebooks"].append(entry)
        try:
            papermill.execute_notebook(
                str(notebook), str(output), parameters=full, kernel_name=kernel,
                progress_bar=progress, cwd=str(notebook.parent),
            )
        except PapermillExecutionError as exc:
            entry.update(status="failed", seconds=round(time.perf_counter() - start, 2))
            manifest["status"] = "failed"
            manifest["error"] = _failure_message(notebook, exc)
            raise RunError(manifest["error"] + f" (partial notebook kept: {output})") from None
        timings[notebook.stem] = round(time.perf_counter() - start, 2)
        entry.update(status="ok", seconds=timings[notebook.stem])
        stamp_figure_cells(output, notebook.name, figures_dir)


def stamp_figure_cells(executed: Path, notebook: str, figures_dir: Path) -> dict[str, int]:
    """Record in each figure's sidecar the notebook and code cell that drew it.

    ``ctx.figure`` tags the figure it displays with ``warsignals_figure`` in the output's metadata; the cell is the
    index of the code cell in the notebook as written (papermill's injected parameters cell not counted), so
    ``notebooks/<notebook>`` code cell ``cell`` holds the ``ctx.figure`` call.

    Returns
    -------
    dict
        Figure name to cell index.
    """
    cells = json.loads(Path(executed).read_text(encoding="utf-8"))["cells"]
    drawn: dict[str, int] = {}
    index = -1
    for cell in cells:
        if cell["cell_type"] != "code" or "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            continue
        index += 1
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("warsignals_figure")
            if name:
                drawn[name] = index
    for name, index in drawn.items():
        sidecar = Path(figures_dir) / f"{name}.json"
        if sidecar.is_file():
            record = json.loads(sidecar.read_text(encoding="utf-8"))
            record.update(notebook=notebook, cell=index)
            _write_atomic(sidecar, json.dumps(record, indent=2, sort_keys=True) + "\n")
    return drawn


def _ready_file(go: Path) -> Path:
    """The file a standby worker writes once warmed up, beside its ``go`` file."""
    return go.with_suffix(".ready")


@dataclass
class _Worker:
    """One notebook executing in a worker process (``python -m warsignals.runner SPEC``)."""

    stem: str
    output: Path
    process: subprocess.Popen
    spec: Path
    result: Path
    start: float
    go: Path | None = None  # a standby worker waits for this file

    def ready(self) -> bool:
        """Whether a standby worker has warmed up (or ended)."""
        return self.go is None or _ready_file(self.go).exists() or self.process.poll() is not None

    def release(self) -> None:
        """Let a standby worker execute its notebook (its inputs are complete); the notebook's time starts now."""
        if self.go is not None:
            self.go.write_text("go", encoding="utf-8")
            self.start = time.perf_counter()

    def stop(self) -> None:
        """Ask the worker to stop (SIGTERM: it interrupts its kernel and exits)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)

    def outcome(self) -> dict:
        """What the worker reported (``status`` and, on failure, ``error``); removes its files."""
        try:
            report = json.loads(self.result.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            report = {"status": "failed",
                      "error": f"{self.stem}.ipynb: its worker process ended with code {self.process.returncode}"}
        for path in (self.spec, self.result, self.go, self.go and _ready_file(self.go)):
            if path is not None:
                path.unlink(missing_ok=True)
        return report


#: Niceness of the worker of a notebook no other notebook of the run waits for: beside notebooks that others wait for
#: (02 and 04, which 05 reads), it takes the processor only when they leave it idle, so that they finish first.
SINK_NICENESS = 5


def _start_worker(notebook: Path, params: dict, output: Path, kernel: str, standby: bool = False,
                  niceness: int = 0) -> _Worker:
    """Start a worker process for ``notebook``. A ``standby`` worker starts its kernel and imports what the notebook
    imports (:func:`warm_up_source`), then waits for :meth:`_Worker.release` before it executes the notebook. The
    worker (and its kernel) runs at ``niceness`` more than the runner."""
    spec = output.with_name(f".{notebook.stem}.worker.json")
    result = output.with_name(f".{notebook.stem}.result.json")
    go = output.with_name(f".{notebook.stem}.go")
    for stale in (result, go, _ready_file(go)):
        stale.unlink(missing_ok=True)
    task = {"notebook": str(notebook), "output": str(output), "parameters": params, "kernel": kernel,
            "result": str(result), "niceness": niceness}
    if standby:
        task.update(go=str(go), warm_up=warm_up_source(notebook), runner_pid=os.getpid())
    spec.write_text(json.dumps(task, default=str), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "warsignals.runner", str(spec)], stdin=subprocess.DEVNULL)
    return _Worker(notebook.stem, output, process, spec, result, time.perf_counter(), go if standby else None)


def warm_up_source(notebook: Path) -> str:
    """The import statements of a notebook's code cells (top level, in order), and
    :func:`warsignals.lazy.preload_imported`, which a standby worker's kernel runs before the notebook's inputs are
    complete: the notebook then finds its modules imported.

    They run in a namespace of their own, so the notebook's namespace is the same as without the warm-up; only
    ``sys.modules`` differs. Cells that are not plain Python (magics) are skipped.
    """
    import ast

    from warsignals.jupyter import import_nbformat

    nbformat = import_nbformat()
    statements = []
    for cell in nbformat.read(str(notebook), as_version=4).cells:
        if cell.cell_type != "code" or "parameters" in cell.get("metadata", {}).get("tags", []):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        statements += [ast.unparse(node) for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)
                       and not (isinstance(node, ast.ImportFrom) and node.module == "__future__")]
    # then the modules behind the lazy names of the warsignals packages those imports bring in (the notebook would
    # import them at its first use of a name: scikit-learn, scipy and the like)
    statements.append("from warsignals.lazy import preload_imported\npreload_imported()")
    return "\n".join(dict.fromkeys(statements))


def _execute_side_by_side(plan: list[tuple[Path, dict]], run_dir: Path, figures_dir: Path, kernel: str, jobs: int,
                          manifest: dict, timings: dict[str, float]) -> None:
    """Execute the plan's notebooks in worker processes, ``jobs`` at a time, each once its inputs are complete.

    Manifest entries stay in plan order. When a notebook fails, the running ones are stopped (status
    ``stopped``) and :class:`RunError` names the failure; on Ctrl-C or SIGTERM every worker is stopped and the
    interruption propagates.
    """
    stems = [notebook.stem for notebook, _ in plan]
    inputs = notebook_inputs(stems)
    waiting = list(range(len(plan)))
    running: dict[int, _Worker] = {}
    entries: dict[int, dict] = {}
    done: set[str] = set()
    failure: str | None = None

    def parameters(index: int) -> dict:
        return {**plan[index][1], "run_dir": str(run_dir), "figures_dir": str(figures_dir)}

    awaited = set().union(*inputs.values())
    niceness = {index: 0 if stems[index] in awaited else SINK_NICENESS for index in range(len(plan))}

    # a notebook that must wait for others gets a worker on standby: its kernel starts and imports what the notebook
    # imports while the notebooks it waits for run, not after them. One warms up at a time (the next once the last is
    # ready), so that they take the core the running notebooks leave idle rather than slow them down.
    to_warm = [index for index in waiting if inputs[stems[index]]]
    standby: dict[int, _Worker] = {}
    try:
        while waiting or running:
            if to_warm and failure is None and all(worker.ready() for worker in standby.values()):
                index = to_warm.pop(0)
                if index in waiting:
                    standby[index] = _start_worker(plan[index][0], parameters(index), run_dir / plan[index][0].name,
                                                   kernel, standby=True, niceness=niceness[index])
            for index in list(waiting) if failure is None else []:
                if len(running) >= jobs:
                    break
                notebook, params = plan[index]
                if not inputs[notebook.stem] <= done:
                    continue
                waiting.remove(index)
                full = parameters(index)
                output = run_dir / notebook.name
                print(f"[{index + 1}/{len(plan)}] {notebook.stem} -> {output}", file=sys.stderr, flush=True)
                entries[index] = {"notebook": notebook.stem, "output": str(output), "parameters": full}
                manifest["notebooks"] = [entries[k] for k in sorted(entries)]
                if index in to_warm:
                    to_warm.remove(index)
                if index in standby:
                    running[index] = standby.pop(index)
                    running[index].release()
                else:
                    running[index] = _start_worker(notebook, full, output, kernel, niceness=niceness[index])
            if waiting and not running and failure is None:  # cannot happen: inputs are earlier notebooks
                raise SetupError(f"notebooks {[plan[k][0].stem for k in waiting]} wait for inputs nobody writes")
            finished = [index for index, worker in running.items() if worker.process.poll() is not None]
            for index in finished:
                worker = running.pop(index)
                seconds = round(time.perf_counter() - worker.start, 2)
                report = worker.outcome()
                entries[index].update(status=report["status"], seconds=seconds)
                if report["status"] == "ok":
                    timings[worker.stem] = seconds
                    done.add(worker.stem)
                    stamp_figure_cells(worker.output, worker.output.name, figures_dir)
                    print(f"      {worker.stem} done in {seconds:.1f} s", file=sys.stderr, flush=True)
                elif report["status"] == "interrupted" and failure is None:
                    raise KeyboardInterrupt(f"{worker.stem} was interrupted")
                elif failure is None:
                    failure = report.get("error") or f"{worker.stem}.ipynb failed"
                    failure += f" (partial notebook kept: {worker.output})"
                    for other in [*running.values(), *standby.values()]:
                        other.stop()
                else:
                    entries[index].update(status="stopped", error=f"stopped because of: {failure}")
            if failure is not None and not running:
                break
            if not finished:
                time.sleep(0.2)
    except KeyboardInterrupt:
        for worker in [*running.values(), *standby.values()]:
            worker.stop()
        for index, worker in running.items():
            try:
                worker.process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:  # a worker that does not stop on SIGTERM is killed
                worker.process.kill()
                worker.process.wait()
            worker.outcome()
            entries[index].update(status="interrupted", seconds=round(time.perf_counter() - worker.start, 2))
        raise
    finally:
        for worker in standby.values():  # released by no one: the run failed or was interrupted
            worker.stop()
            try:
                worker.process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                worker.process.kill()
                worker.process.wait()
            worker.outcome()
    if failure is not None:
        manifest["status"] = "failed"
        manifest["error"] = failure
        raise RunError(failure)


def _worker_main(argv: list[str]) -> int:
    """Execute one notebook as :func:`_execute_side_by_side` asks (``python -m warsignals.runner SPEC.json``).

    Writes ``{"status": "ok" | "failed" | "interrupted", "error": ...}`` to the spec's result file; SIGTERM
    interrupts the notebook (its kernel is shut down) like Ctrl-C.
    """
    from warsignals.jupyter import import_papermill

    papermill = import_papermill()
    from papermill.exceptions import PapermillExecutionError

    spec = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    notebook = Path(spec["notebook"])
    if spec.get("niceness") and hasattr(os, "nice"):
        os.nice(int(spec["niceness"]))  # inherited by the kernel

    def interrupt(signum, frame):
        raise KeyboardInterrupt("SIGTERM")

    signal.signal(signal.SIGTERM, interrupt)
    report: dict = {"status": "ok"}
    kernel = None
    try:
        if spec.get("go"):
            kernel = _standby_kernel(spec, notebook)
        papermill.execute_notebook(str(notebook), spec["output"], parameters=spec["parameters"],
                                   kernel_name=spec["kernel"], progress_bar=False, cwd=str(notebook.parent),
                                   **({"km": kernel} if kernel is not None else {}))
    except _RunnerGone:
        report = {"status": "interrupted"}
    except PapermillExecutionError as exc:
        report = {"status": "failed", "error": _failure_message(notebook, exc)}
    except KeyboardInterrupt:
        report = {"status": "interrupted"}
    except Exception as exc:
        report = {"status": "failed", "error": f"{notebook.name} failed: {type(exc).__name__}: {exc}"}
    finally:
        if kernel is not None:
            from jupyter_core.utils import run_sync

            run_sync(kernel.shutdown_kernel)(now=True)
    Path(spec["result"]).write_text(json.dumps(report), encoding="utf-8")
    return {"ok": 0, "failed": 1, "interrupted": 130}[report["status"]]


class _RunnerGone(Exception):
    """The run that started a standby worker ended without releasing it."""


def _standby_kernel(spec: dict, notebook: Path):
    """Start the notebook's kernel, run the notebook's imports in it (in a namespace of their own), and wait until the
    runner releases the worker (its ``go`` file appears). Returns the kernel manager, for papermill to use."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    kernel = AsyncKernelManager(kernel_name=spec["kernel"])
    # the same arguments nbclient would start it with (an in-memory history), in the notebook's folder
    run_sync(kernel.start_kernel)(cwd=str(notebook.parent), extra_arguments=["--HistoryManager.hist_file=:memory:"])
    try:
        client = kernel.blocking_client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=STOP_SECONDS)
            code = f"exec(compile({spec['warm_up']!r}, '<warm-up>', 'exec'), {{}})"
            # a failing import is left for the notebook's own cell to report, where the user sees it
            client.execute_interactive(code, silent=True, store_history=False, timeout=None,
                                       output_hook=lambda message: None)
        finally:
            client.stop_channels()
        go = Path(spec["go"])
        _ready_file(go).write_text("ready", encoding="utf-8")
        while not go.exists():
            if not _process_alive(int(spec["runner_pid"])):
                raise _RunnerGone(spec["notebook"])
            time.sleep(0.05)
    except BaseException:
        run_sync(kernel.shutdown_kernel)(now=True)
        raise
    return kernel



def _write_report(run_dir: Path, figures_dir: Path, failed: bool) -> None:
    """The run's report.html; on a failed run a report that cannot be made must not hide the run's error."""
    try:
        write_report(run_dir, figures_dir)
    except Exception as exc:
        if not failed:
            raise
        print(f"report not written: {exc}", file=sys.stderr)


def _catch_sigterm():
    """Make SIGTERM raise :class:`RunInterrupted` in the main thread; return the previous handler (or None)."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def handler(signum, frame):
        raise RunInterrupted("SIGTERM")

    return signal.signal(signal.SIGTERM, handler)


def _earlier_entries(manifest_path: Path, rerun: list[str]) -> list[dict]:
    """Entries of an earlier manifest of the same run folder for notebooks this run does not execute."""
    if not manifest_path.exists():
        return []
    try:
        earlier = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [entry for entry in earlier.get("notebooks", []) if entry.get("notebook") not in rerun]


def _merge_earlier(manifest: dict) -> None:
    """Keep earlier notebooks' entries (in pipeline order) and derive the status from every notebook."""
    earlier = manifest.pop("earlier", [])
    if not earlier:
        return
    for entry in earlier:
        entry.setdefault("from_earlier_run", True)
    order = {p.stem: k for k, p in enumerate(discover_notebooks())}
    entries = sorted(earlier + manifest["notebooks"], key=lambda e: order.get(e.get("notebook"), len(order)))
    manifest["notebooks"] = entries
    failed = [e["notebook"] for e in entries if e.get("status") != "ok"]
    if failed and manifest["status"] == "ok":
        manifest["status"] = "failed"
        manifest["error"] = f"earlier run of {', '.join(failed)} did not complete; rerun it"


def _file_hashes(inputs: list[str]) -> list[dict]:
    import hashlib

    files = []
    for item in inputs:
        path = Path(item)
        members = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for member in members:
            if member.is_file():
                digest = hashlib.sha256(member.read_bytes()).hexdigest()
                files.append({"path": str(member), "bytes": member.stat().st_size, "sha256": digest})
    return files


def _corpus_facts(run_dir: Path) -> dict:
    documents_path = run_dir / "documents.parquet"
    if not documents_path.exists():
        return {"corpus_sha256": None}
    from warsignals.export import corpus_hash

    documents = read_table(documents_path)
    facts = {
        "corpus_sha256": corpus_hash(documents),
        "corpus_sha256_of": "the loaded documents table: sha256 over sorted (doc_id, sha256 of the text) pairs "
        "(warsignals.export.corpus_hash); input_files holds the sha256 of every input file",
        "n_documents": int(len(documents)),
    }
    summary = run_dir / "ingest_summary.json"
    if summary.exists():
        facts["ingest_summary"] = json.loads(summary.read_text(encoding="utf-8"))
        facts["input_files"] = _file_hashes(facts["ingest_summary"].get("inputs", []))
    return facts
