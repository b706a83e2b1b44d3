"""Notebook parameters of a run: the YAML run configuration, each notebook's declared parameters and their checks.

Parameters come from one YAML file (``config/default.yaml`` by default) with one section per notebook stem;
they are validated against each notebook's ``parameters`` cell (types, allowed values, numeric ranges, model
files and stance targets) before anything runs, and path parameters are made absolute.
"""

from __future__ import annotations

from pathlib import Path

from warsignals import config
from warsignals.errors import ParameterError
from warsignals.fileio import read_yaml

RESERVED_PARAMETERS = ("run_dir", "figures_dir")  # every notebook's; set by the runner, not the configuration
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
    from warsignals.jupyter import import_papermill

    papermill = import_papermill()

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
    resolved = dict(params)
    for name, value in params.items():
        if isinstance(value, str) and value and _is_path_parameter(name):
            paths = set(_path_items(name, value))
            parts = [p.strip() for p in value.split(",") if p.strip()]
            resolved[name] = ",".join(str(Path(p).expanduser().resolve()) if p in paths else p for p in parts)
        elif name in ("lexicon", "model") and isinstance(value, str) and value.strip() and value not in MODEL_KEYWORDS:
            resolved[name] = str(Path(value).expanduser().resolve())
        elif name == "models" and isinstance(value, dict) and value:
            from warsignals.stance import MODEL_NAMES  # imports the stance models: only when some are named

            resolved[name] = {target: choice if choice in MODEL_NAMES else str(Path(choice).expanduser().resolve())
                              for target, choice in value.items()}
    return resolved
