"""Run the notebook pipeline with papermill: parameter validation, kernel set-up, run folder and manifest.

A run executes ``notebooks/NN-*.ipynb`` in order in the current environment's kernel, writing executed
notebooks to ``runs/<run-id>/`` (``runs/latest`` points at the newest complete run), figures to
``figures/<run-id>/`` (``figures/latest`` likewise), ``runs/<run-id>/manifest.json`` (parameters, corpus hash,
git commit, package versions, timing per notebook) and ``runs/<run-id>/report.html`` (:mod:`warsignals.report`).
Parameters come from one YAML file (``config/default.yaml`` by default) with one section per notebook stem;
they are validated against each notebook's ``parameters`` cell before anything runs.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
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


# Values a parameter may take, per notebook stem ("*": every notebook declaring the parameter); checked before
# any notebook starts, so that e.g. ``--set frequency=fortnight`` fails at once instead of inside 02.
_PERIODS = ("week", "month", "quarter", "year")
ALLOWED_VALUES: dict[str, dict[str, tuple]] = {
    "*": {"frequency": _PERIODS, "group_frequency": _PERIODS},
    "03-topics": {"unit": ("document", "paragraph", "window"), "model": ("nmf", "lda")},
    "04-stance": {"unit": ("sentence", "paragraph", "document")},
}


def parse_set_options(options: list[str] | None) -> dict:
    """``NAME=VALUE`` strings (``warsignals run --set``) to a mapping; values are read as YAML scalars/lists.

    Raises
    ------
    ParameterError
        For an option without ``=`` or with an empty name.
    """
    from warsignals.fileio import parse_yaml

    overrides: dict = {}
    for option in options or []:
        name, sep, raw = option.partition("=")
        if not sep or not name.strip():
            raise ParameterError(f"--set {option!r}: expected NAME=VALUE, e.g. --set frequency=year")
        value = parse_yaml(raw, f"--set {name.strip()}", ParameterError) if raw.strip() else ""
        overrides[name.strip()] = "" if value is None else value
    return overrides


def check_allowed_values(stem: str, params: dict) -> None:
    """Raise :class:`ParameterError` when a parameter has a value outside its allowed set."""
    allowed = {**ALLOWED_VALUES["*"], **ALLOWED_VALUES.get(stem, {})}
    for name, value in params.items():
        if name in allowed and value not in allowed[name]:
            raise ParameterError(f"{stem}: parameter {name!r} must be one of {', '.join(allowed[name])}, "
                                 f"not {value!r}")


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


def _declared_types(type_name: str) -> tuple[list[str], bool]:
    """The base type names of a declared annotation (``Union[int, str]`` or ``int | str`` -> ``["int", "str"]``)
    and whether None is allowed (``Optional[...]`` or ``... | None``)."""
    name = (type_name or "").replace("typing.", "").strip().strip("\"'")
    if name.startswith("Union[") and name.endswith("]"):
        name = name[len("Union["):-1].replace(",", "|")
    optional = name.startswith("Optional[") or "None" in [part.strip() for part in name.split("|")]
    if name.startswith("Optional["):
        name = name[len("Optional["):].rstrip("]")
    parts = [_base_type(part) for part in name.split("|") if part.strip() and part.strip() != "None"]
    return parts, optional


#: Value ranges of numeric notebook parameters (by name, in every notebook that declares them).
NUMERIC_RANGES: dict[str, tuple[float, str]] = {
    "n_boot": (0, "a number of bootstrap replicates (0 or more)"),
    "min_sentences": (0, "0 or more"),
    "min_units": (0, "0 or more"),
    "max_lag": (0, "0 or more periods"),
    "audit_n": (0, "0 or more"),
    "top_n": (0, "0 or more"),
    "audit_periods": (0, "0 or more"),
    "smoothing": (1, "1 or more periods"),
    "window": (1, "1 or more sentences"),
    "n_runs": (1, "1 or more"),
    "demo_documents": (1, "1 or more"),
}
#: Keywords that some model parameters take instead of a path (``model: lexicon``, ``model: nmf``).
MODEL_KEYWORDS: frozenset[str] = frozenset({"lexicon", "nmf", "lda"})


def _check_value(stem: str, name: str, value, spec: dict) -> None:
    bases, optional = _declared_types(spec.get("inferred_type_name", ""))
    known = [base for base in bases if base in _TYPES]
    if value is None:
        if known and not optional and str(spec.get("default", "")).strip() != "None":
            raise ParameterError(f"{stem}: parameter {name!r} must be {' or '.join(known)}, not empty (null)")
        return
    if known:
        ok = any(isinstance(value, _TYPES[base]) and not (base in ("int", "float") and isinstance(value, bool))
                 for base in known)
        if not ok:
            raise ParameterError(
                f"{stem}: parameter {name!r} must be {' or '.join(known)}, got {type(value).__name__} {value!r}"
            )
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if name in NUMERIC_RANGES and is_number and value < NUMERIC_RANGES[name][0]:
        raise ParameterError(f"{stem}: parameter {name!r} must be {NUMERIC_RANGES[name][1]}, not {value!r}")
    if name == "confidence" and is_number and not 0 < value < 1:
        raise ParameterError(f"{stem}: parameter 'confidence' must be between 0 and 1 (e.g. 0.95), not {value!r}")


def _check_models_and_targets(stem: str, params: dict, declared: dict) -> None:
    """Model paths and stance targets, checked before any notebook starts (not inside 02 or 04)."""
    lexicon = params.get("lexicon")
    if "lexicon" in declared and isinstance(lexicon, str) and lexicon.strip():
        if not Path(lexicon).expanduser().is_file():
            raise ParameterError(f"{stem}: parameter 'lexicon': file {lexicon} does not exist")
    model = params.get("model")
    if "model" in declared and isinstance(model, str) and model.strip() and model not in MODEL_KEYWORDS:
        if not Path(model).expanduser().exists():
            raise ParameterError(f"{stem}: parameter 'model': {model} is neither one of "
                                 f"{', '.join(sorted(MODEL_KEYWORDS))} nor an existing model directory")
        from warsignals.signals import load_model

        _check_model_file(stem, "'model'", lambda: load_model(Path(model).expanduser()))
    if "targets" not in declared and "models" not in declared:
        return
    from warsignals.stance import MODEL_NAMES, load_targets

    defined = list(load_targets())
    targets = params["targets"] if "targets" in params else _literal_default(declared.get("targets", {}))
    unknown = [t for t in (targets or []) if t not in defined]
    if unknown:
        raise ParameterError(f"{stem}: parameter 'targets': unknown stance target(s) {unknown}; "
                             f"{config.STANCE_TARGETS_FILE} defines {defined}")
    for target, choice in (params.get("models") or {}).items():
        if target not in defined:
            raise ParameterError(f"{stem}: parameter 'models': unknown stance target {target!r}; "
                                 f"{config.STANCE_TARGETS_FILE} defines {defined}")
        if not isinstance(choice, str) or not choice.strip():
            raise ParameterError(f"{stem}: parameter 'models': {target!r} needs a model name or directory")
        if choice not in MODEL_NAMES and not Path(choice).expanduser().is_dir():
            raise ParameterError(f"{stem}: parameter 'models': {target!r}: {choice} is neither "
                                 f"{' nor '.join(MODEL_NAMES)} nor an existing model directory")
        if choice not in MODEL_NAMES:
            from warsignals.stance import load_stance_model

            _check_model_file(stem, f"models: {target!r}", lambda c=choice: load_stance_model(Path(c).expanduser()))


def _check_model_file(stem: str, name: str, load) -> None:
    """Load a model once before the run (only allow-listed types; nothing in the file runs) so that a bad or
    crafted model file stops the run before the first notebook, not inside the kernel."""
    from warsignals.errors import InputError

    try:
        load()
    except InputError as exc:
        raise ParameterError(f"{stem}: parameter {name}: {exc}") from None


def _literal_default(spec: dict):
    import ast

    try:
        return ast.literal_eval(str(spec.get("default", "None")))
    except (ValueError, SyntaxError):
        return None


def validate_parameters(notebook: Path, params: dict, declared: dict[str, dict] | None = None) -> None:
    """Check names, types, ranges and paths of ``params`` against the notebook's parameters cell.

    Types follow the declaration (``k: "Union[int, str]"`` takes either; null only where the declared default is None
    or the annotation is Optional); numeric parameters keep to :data:`NUMERIC_RANGES`; paths (``*_file``,
    ``*_path``, ``corpus``, ``lexicon``, ``model``, the directories in ``models``) must exist; stance ``targets``
    and the keys of ``models`` must be defined in the targets file.

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
        _check_value(stem, name, value, declared[name])
        if isinstance(value, str) and value and _is_path_parameter(name):
            try:
                parts = _path_items(name, value)
            except ParameterError as exc:
                raise ParameterError(f"{stem}: parameter {name!r}: {str(exc).removeprefix(name + ': ')}") from None
            for part in parts:
                if not Path(part).expanduser().exists():
                    raise ParameterError(f"{stem}: parameter {name!r}: path {part} does not exist")
    _check_models_and_targets(stem, params, declared)


#: Path parameters that also take keywords: ``corpus`` (names of shipped datasets, ``demo``; see
#: :func:`warsignals.datasets.parse_corpus`) and ``gold`` (``default``: ``config.REALTEXT_GOLD_FILE``).
KEYWORD_PATH_PARAMETERS: tuple[str, ...] = ("corpus", "gold")
GOLD_KEYWORDS: frozenset[str] = frozenset({"default"})


def _is_path_parameter(name: str) -> bool:
    return name in KEYWORD_PATH_PARAMETERS or name.endswith(PATH_SUFFIXES)


def _path_items(name: str, value: str) -> list[str]:
    """The parts of a path parameter's value that name files or folders (keywords left out)."""
    if name == "corpus":
        from warsignals.datasets import parse_corpus

        return list(parse_corpus(value).paths)
    if name == "gold":
        return [] if value.strip() in GOLD_KEYWORDS else [value.strip()]
    return [part.strip() for part in value.split(",") if part.strip()]


def _absolute_paths(params: dict) -> dict:
    """Make relative paths absolute (notebooks run with another working directory than the user's shell)."""
    from warsignals.stance import MODEL_NAMES

    resolved = dict(params)
    for name, value in params.items():
        if isinstance(value, str) and value and _is_path_parameter(name):
            paths = set(_path_items(name, value))
            parts = [p.strip() for p in value.split(",") if p.strip()]
            resolved[name] = ",".join(str(Path(p).expanduser().resolve()) if p in paths else p for p in parts)
        elif name in ("lexicon", "model") and isinstance(value, str) and value.strip() and value not in MODEL_KEYWORDS:
            resolved[name] = str(Path(value).expanduser().resolve())
        elif name == "models" and isinstance(value, dict):
            resolved[name] = {target: choice if choice in MODEL_NAMES else str(Path(choice).expanduser().resolve())
                              for target, choice in value.items()}
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


RUN_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
LOCK_FILE = ".running"


class RunInterrupted(KeyboardInterrupt):
    """Raised inside :func:`run_pipeline` when the process receives SIGTERM (handled like Ctrl-C)."""


def _new_run_id() -> str:
    """The UTC start time plus a random suffix: two runs started in the same second get different ids."""
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(3)


def check_run_id(run_id: str) -> str:
    """Return ``run_id`` if it is a plain folder name (letters, digits, ``.``, ``_``, ``-``; no ``..``).

    Raises
    ------
    ParameterError
        For path separators, ``..``, a leading dot or dash, or other characters (the run folder must stay inside
        ``runs/``).
    """
    if not isinstance(run_id, str) or not RUN_ID_PATTERN.fullmatch(run_id) or ".." in run_id:
        raise ParameterError(
            f"run id {run_id!r} must be a plain folder name: letters, digits, '.', '_' and '-' (no '/', no '..', "
            "at most 100 characters, starting with a letter or digit)"
        )
    return run_id


def _claim_run_folder(run_id: str | None) -> tuple[str, Path]:
    """Create (or, for a given id, reuse) the run folder and take its lock; two runs never share a folder.

    A new id is retried until its folder is created by this process (``mkdir`` is atomic). A given id may name
    an earlier run (to rerun some notebooks in it) but not one in progress: the lock file is created with
    ``O_EXCL`` and names the process holding it; a lock whose process is gone is taken over.
    """
    config.RUNS_DIR.mkdir(parents=True, exist_ok=True)
    if run_id is None:
        while True:
            candidate = _new_run_id()
            run_dir = (config.RUNS_DIR / candidate).resolve()
            try:
                run_dir.mkdir()
            except FileExistsError:
                continue
            run_id = candidate
            break
    else:
        run_dir = (config.RUNS_DIR / check_run_id(run_id)).resolve()
        run_dir.mkdir(exist_ok=True)
    lock = run_dir / LOCK_FILE
    for _ in range(2):
        try:
            descriptor = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = lock.read_text(encoding="utf-8").strip() if lock.exists() else ""
            if holder.isdigit() and not _process_alive(int(holder)):
                lock.unlink(missing_ok=True)
                continue
            raise ParameterError(
                f"run {run_id!r} is in progress in another process (pid {holder or '?'}; lock {lock}); "
                "choose another --run-id"
            ) from None
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        return run_id, run_dir
    raise ParameterError(f"run {run_id!r}: cannot take the lock {lock}")


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _point_latest(folder: Path) -> None:
    """Point ``latest`` beside ``folder`` (``figures/latest``, ``runs/latest``) at it atomically.

    A new symlink is renamed over the old one: readers always see the old or the new target, never a missing
    pointer. Where symlinks are not possible, ``LATEST`` (a text file naming the run) is replaced the same way.
    """
    parent = folder.parent
    temporary = parent / f".latest.{os.getpid()}.{secrets.token_hex(4)}"
    try:
        temporary.symlink_to(folder.name, target_is_directory=True)
        os.replace(temporary, parent / "latest")
    except OSError:
        temporary.unlink(missing_ok=True)
        temporary.write_text(folder.name + "\n", encoding="utf-8")
        os.replace(temporary, parent / "LATEST")


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
    import papermill
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


@dataclass
class _Worker:
    """One notebook executing in a worker process (``python -m warsignals.runner SPEC``)."""

    stem: str
    output: Path
    process: subprocess.Popen
    spec: Path
    result: Path
    start: float

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
        self.spec.unlink(missing_ok=True)
        self.result.unlink(missing_ok=True)
        return report


def _start_worker(notebook: Path, params: dict, output: Path, kernel: str) -> _Worker:
    spec = output.with_name(f".{notebook.stem}.worker.json")
    result = output.with_name(f".{notebook.stem}.result.json")
    result.unlink(missing_ok=True)
    spec.write_text(json.dumps({"notebook": str(notebook), "output": str(output), "parameters": params,
                                "kernel": kernel, "result": str(result)}, default=str), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "warsignals.runner", str(spec)], stdin=subprocess.DEVNULL)
    return _Worker(notebook.stem, output, process, spec, result, time.perf_counter())


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
    try:
        while waiting or running:
            for index in list(waiting) if failure is None else []:
                if len(running) >= jobs:
                    break
                notebook, params = plan[index]
                if not inputs[notebook.stem] <= done:
                    continue
                waiting.remove(index)
                full = {**params, "run_dir": str(run_dir), "figures_dir": str(figures_dir)}
                output = run_dir / notebook.name
                print(f"[{index + 1}/{len(plan)}] {notebook.stem} -> {output}", file=sys.stderr, flush=True)
                entries[index] = {"notebook": notebook.stem, "output": str(output), "parameters": full}
                manifest["notebooks"] = [entries[k] for k in sorted(entries)]
                running[index] = _start_worker(notebook, full, output, kernel)
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
                    print(f"      {worker.stem} done in {seconds:.1f} s", file=sys.stderr, flush=True)
                elif report["status"] == "interrupted" and failure is None:
                    raise KeyboardInterrupt(f"{worker.stem} was interrupted")
                elif failure is None:
                    failure = report.get("error") or f"{worker.stem}.ipynb failed"
                    failure += f" (partial notebook kept: {worker.output})"
                    for other in running.values():
                        other.stop()
                else:
                    entries[index].update(status="stopped", error=f"stopped because of: {failure}")
            if failure is not None and not running:
                break
            if not finished:
                time.sleep(0.2)
    except KeyboardInterrupt:
        for worker in running.values():
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
    if failure is not None:
        manifest["status"] = "failed"
        manifest["error"] = failure
        raise RunError(failure)


def _worker_main(argv: list[str]) -> int:
    """Execute one notebook as :func:`_execute_side_by_side` asks (``python -m warsignals.runner SPEC.json``).

    Writes ``{"status": "ok" | "failed" | "interrupted", "error": ...}`` to the spec's result file; SIGTERM
    interrupts the notebook (its kernel is shut down) like Ctrl-C.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    spec = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    notebook = Path(spec["notebook"])

    def interrupt(signum, frame):
        raise KeyboardInterrupt("SIGTERM")

    signal.signal(signal.SIGTERM, interrupt)
    report: dict = {"status": "ok"}
    try:
        papermill.execute_notebook(str(notebook), spec["output"], parameters=spec["parameters"],
                                   kernel_name=spec["kernel"], progress_bar=False, cwd=str(notebook.parent))
    except PapermillExecutionError as exc:
        report = {"status": "failed", "error": _failure_message(notebook, exc)}
    except KeyboardInterrupt:
        report = {"status": "interrupted"}
    except Exception as exc:
        report = {"status": "failed", "error": f"{notebook.name} failed: {type(exc).__name__}: {exc}"}
    Path(spec["result"]).write_text(json.dumps(report), encoding="utf-8")
    return {"ok": 0, "failed": 1, "interrupted": 130}[report["status"]]


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


def _write_atomic(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


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

    documents = pd.read_parquet(documents_path, columns=None)
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


if __name__ == "__main__":  # a worker of a run with jobs > 1 (see _execute_side_by_side)
    sys.exit(_worker_main(sys.argv[1:]))
