"""Run the notebook pipeline with papermill: parameter validation, kernel set-up, run folder and manifest.

A run executes ``notebooks/NN-*.ipynb`` in order in the current environment's kernel, writing executed
notebooks to ``runs/<run-id>/`` (``runs/latest`` points at the newest), figures to ``figures/<run-id>/``
(``figures/latest`` likewise), ``runs/<run-id>/manifest.json`` (parameters, corpus hash, git commit, package
versions, timing per notebook) and ``runs/<run-id>/report.html`` (:mod:`warsignals.report`).
Parameters come from one YAML file (``config/default.yaml`` by default) with one section per notebook stem;
they are validated against each notebook's ``parameters`` cell before anything runs.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from warsignals import config
from warsignals.errors import ParameterError, SetupError, WarsignalsError
from warsignals.fileio import read_yaml
from warsignals.report import REPORT_FILE, write_report

KERNEL_NAME = "warsignals"
KERNEL_LOG_FLAG = "--IPKernelApp.log_level=CRITICAL"
RESERVED_PARAMETERS = ("run_dir", "figures_dir")
RUN_ENVIRONMENT = {"MPLBACKEND": "Agg", "WARSIGNALS_PROGRESS": "text"}
PATH_SUFFIXES = ("_file", "_path")
_TYPES = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "list": (list,),
    "dict": (dict,),
}


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


def discover_notebooks(folder: Path | None = None) -> list[Path]:
    """The pipeline's notebooks (``NN-name.ipynb``) in ``folder`` (default ``notebooks/``), in order."""
    folder = Path(folder or config.NOTEBOOKS_DIR)
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb") if p.is_file())


def load_run_config(path: str | Path | None = None) -> dict:
    """Read a run configuration YAML (one section per notebook stem, plus ``run``).

    Raises
    ------
    ParameterError
        When the file is missing, not valid YAML, or not a mapping of sections.
    """
    path = Path(path or config.DEFAULT_RUN_CONFIG)
    data = read_yaml(path, "configuration file", ParameterError) or {}
    if not isinstance(data, dict) or any(not isinstance(v, dict | type(None)) for v in data.values()):
        raise ParameterError(f"{path}: expected a mapping of sections (run, 01-load-corpus, ...) to parameters")
    return {str(k): dict(v or {}) for k, v in data.items()}


def notebook_parameters(notebook: Path) -> dict[str, dict]:
    """The parameters a notebook declares: name -> ``{inferred_type_name, default, help}``."""
    import papermill

    try:
        return dict(papermill.inspect_notebook(str(notebook)))
    except Exception as exc:
        raise ParameterError(f"{notebook}: cannot read its parameters cell ({exc})") from None


def _base_type(type_name: str) -> str:
    name = (type_name or "").replace("typing.", "").strip()
    if name.startswith("Optional[") or name.endswith("| None") or name.startswith("None |"):
        name = name.replace("Optional[", "").rstrip("]").replace("| None", "").replace("None |", "").strip()
    return name.split("[", 1)[0].lower().strip()


def validate_parameters(notebook: Path, params: dict, declared: dict[str, dict] | None = None) -> None:
    """Check names, types and paths of ``params`` against the notebook's parameters cell.

    Raises
    ------
    ParameterError
        Naming the notebook, the parameter and what is wrong.
    """
    declared = notebook_parameters(notebook) if declared is None else declared
    stem = notebook.stem
    for name, value in params.items():
        if name not in declared:
            known = ", ".join(sorted(declared))
            raise ParameterError(f"{stem}: unknown parameter {name!r} (known: {known})")
        spec = declared[name]
        base = _base_type(spec.get("inferred_type_name", ""))
        expected = _TYPES.get(base)
        if expected and value is not None:
            ok = isinstance(value, expected) and not (base in ("int", "float") and isinstance(value, bool))
            if not ok:
                raise ParameterError(
                    f"{stem}: parameter {name!r} must be {base}, got {type(value).__name__} {value!r}"
                )
        if isinstance(value, str) and value and _is_path_parameter(name):
            for part in value.split(","):
                if part.strip() and not Path(part.strip()).expanduser().exists():
                    raise ParameterError(f"{stem}: parameter {name!r}: path {part.strip()} does not exist")


def _is_path_parameter(name: str) -> bool:
    return name == "corpus" or name.endswith(PATH_SUFFIXES)


def _absolute_paths(params: dict) -> dict:
    """Make relative paths absolute (notebooks run with another working directory than the user's shell)."""
    resolved = dict(params)
    for name, value in params.items():
        if isinstance(value, str) and value and _is_path_parameter(name):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            resolved[name] = ",".join(str(Path(p).expanduser().resolve()) for p in parts)
    return resolved


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


def _new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S")


def _point_latest(figures_dir: Path) -> None:
    latest = figures_dir.parent / "latest"
    try:
        if latest.is_symlink() or latest.exists():
            latest.unlink()
        latest.symlink_to(figures_dir.name, target_is_directory=True)
    except OSError:
        (figures_dir.parent / "LATEST").write_text(figures_dir.name + "\n", encoding="utf-8")


def _failure_message(notebook: Path, exc) -> str:
    cell = getattr(exc, "exec_count", None)
    index = getattr(exc, "cell_index", None)
    where = f"cell {cell}" if cell is not None else f"cell index {index}"
    evalue = str(getattr(exc, "evalue", "") or "").strip().splitlines()
    detail = evalue[-1] if evalue else ""
    return f"{notebook.name} failed at {where}: {getattr(exc, 'ename', type(exc).__name__)}: {detail}"


def plan_run(
    corpus: str | None = None,
    config_file: str | Path | None = None,
    notebooks: list[str] | None = None,
) -> list[tuple[Path, dict]]:
    """Resolve and validate the notebooks and parameters of a run, without running anything.

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
        validate_parameters(by_stem[stem], params, declared)
        plan.append((by_stem[stem], _absolute_paths(params)))
    if corpus is not None and not any("corpus" in p for _, p in plan):
        raise ParameterError("--corpus given but no notebook of this run takes a corpus parameter")
    return plan


def run_pipeline(
    corpus: str | None = None,
    config_file: str | Path | None = None,
    run_id: str | None = None,
    notebooks: list[str] | None = None,
    progress: bool = True,
) -> RunResult:
    """Validate parameters, then execute the notebooks in order and write the run manifest.

    Parameters
    ----------
    corpus : str, optional
        Corpus path overriding the configuration's (``01-load-corpus: corpus``); default: demo corpus.
    config_file : str or Path, optional
        Run configuration YAML; default ``config/default.yaml``.
    run_id : str, optional
        Name of the run folder; default: the UTC time of the start.
    notebooks : list of str, optional
        Stems of the notebooks to run (default: all, in order).
    progress : bool
        Show papermill's per-cell progress bars.

    Returns
    -------
    RunResult

    Raises
    ------
    RunError
        When a notebook fails (the partial executed notebook is kept in the run folder).
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    plan = plan_run(corpus, config_file, notebooks)
    kernel = ensure_kernel()
    run_id = run_id or _new_run_id()
    run_dir = (config.RUNS_DIR / run_id).resolve()
    figures_dir = (config.FIGURES_DIR / run_id).resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
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
        "status": "running",
    }
    from warsignals.export import code_version, package_versions

    manifest["code_version"] = code_version()
    manifest["packages"] = package_versions(
        ("warsignals", "papermill", "pandas", "numpy", "scipy", "scikit-learn", "nltk", "matplotlib", "pyarrow")
    )
    manifest_path = run_dir / "manifest.json"
    timings: dict[str, float] = {}
    # Kernels inherit these: no GUI backend, and text progress bars (papermill has no frontend for widgets).
    env_before = {name: os.environ.get(name) for name in RUN_ENVIRONMENT}
    os.environ.update(RUN_ENVIRONMENT)
    try:
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
        manifest["status"] = "ok"
    finally:
        for name, value in env_before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        manifest["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
        manifest.update(_corpus_facts(run_dir))
        manifest["report"] = str(run_dir / REPORT_FILE)
        manifest_path.write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
        _point_latest(figures_dir)
        _point_latest(run_dir)
        _write_report(run_dir, figures_dir, failed=manifest["status"] != "ok")
    return RunResult(run_id, run_dir, figures_dir, manifest_path, timings)


def _write_report(run_dir: Path, figures_dir: Path, failed: bool) -> None:
    """The run's report.html; on a failed run a report that cannot be made must not hide the run's error."""
    try:
        write_report(run_dir, figures_dir)
    except Exception as exc:
        if not failed:
            raise
        print(f"report not written: {exc}", file=sys.stderr)


def _corpus_facts(run_dir: Path) -> dict:
    documents_path = run_dir / "documents.parquet"
    if not documents_path.exists():
        return {"corpus_sha256": None}
    from warsignals.export import corpus_hash

    documents = pd.read_parquet(documents_path, columns=None)
    facts = {"corpus_sha256": corpus_hash(documents), "n_documents": int(len(documents))}
    summary = run_dir / "ingest_summary.json"
    if summary.exists():
        facts["ingest_summary"] = json.loads(summary.read_text(encoding="utf-8"))
    return facts
