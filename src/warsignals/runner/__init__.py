"""Run the notebook pipeline with papermill (``warsignals run``, ``make run``).

- :mod:`warsignals.runner.parameters`: the run configuration (``config/default.yaml``), each notebook's declared
  parameters and their checks, path parameters made absolute.
- :mod:`warsignals.runner.folders`: run ids, the run-folder lock, atomic ``latest`` pointers;
- :mod:`warsignals.runner.pipeline`: kernel set-up, notebooks in order or side by side in
  worker processes (``python -m warsignals.runner SPEC.json``), the manifest, the figure sidecars' notebook cells
  and the report.
- :mod:`warsignals.runner.commands`: the ``warsignals run``, ``report`` and ``demo`` commands.

>>> from warsignals import runner
>>> result = runner.run_pipeline(config_file="config/default.yaml", run_id="demo")  # doctest: +SKIP
"""

from warsignals.lazy import lazy_exports

# names load on first use (PEP 562), so that building the CLI parser (runner/commands.py) imports no pandas
_HOMES: dict[str, str] = {
    **dict.fromkeys((
        "ALLOWED_VALUES", "KEYWORD_PATH_PARAMETERS", "MODEL_KEYWORDS", "NUMERIC_RANGES", "RESERVED_PARAMETERS",
        "check_allowed_values", "discover_notebooks", "load_run_config", "notebook_parameters",
        "parse_set_options", "validate_parameters",
    ), "warsignals.runner.parameters"),
    **dict.fromkeys(("LOCK_FILE", "RUN_ID_PATTERN", "check_run_id"), "warsignals.runner.folders"),
    **dict.fromkeys((
        "KERNEL_NAME", "NOTEBOOK_INPUTS", "RUN_ENVIRONMENT", "RUN_KEYS", "RunError", "RunInterrupted", "RunResult",
        "ensure_kernel", "notebook_inputs", "plan_run", "run_jobs", "run_pipeline", "stamp_figure_cells",
    ), "warsignals.runner.pipeline"),
}


__getattr__, __dir__ = lazy_exports(__name__, _HOMES)



__all__ = [
    "ALLOWED_VALUES",
    "KERNEL_NAME",
    "KEYWORD_PATH_PARAMETERS",
    "LOCK_FILE",
    "MODEL_KEYWORDS",
    "NOTEBOOK_INPUTS",
    "NUMERIC_RANGES",
    "RESERVED_PARAMETERS",
    "RUN_ENVIRONMENT",
    "RUN_ID_PATTERN",
    "RUN_KEYS",
    "RunError",
    "RunInterrupted",
    "RunResult",
    "check_allowed_values",
    "check_run_id",
    "discover_notebooks",
    "ensure_kernel",
    "load_run_config",
    "notebook_inputs",
    "notebook_parameters",
    "parse_set_options",
    "plan_run",
    "run_jobs",
    "run_pipeline",
    "stamp_figure_cells",
    "validate_parameters",
]
