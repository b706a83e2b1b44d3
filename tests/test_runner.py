"""The papermill runner on small throwaway notebooks: validation, failure reporting, manifest, CLI."""

import json
import subprocess
import sys

import nbformat
import pytest
import yaml

from warsignals import config, runner
from warsignals.cli import main
from warsignals.errors import ParameterError


def _notebook(path, parameters: str, body: str):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(parameters), nbformat.v4.new_code_cell(body)]
    nb.cells[0].metadata["tags"] = ["parameters"]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


@pytest.fixture
def tiny_pipeline(isolated_outputs, monkeypatch):
    folder = isolated_outputs / "notebooks"
    folder.mkdir()
    _notebook(
        folder / "01-first.ipynb",
        'run_dir: str = ""  # run folder\nfigures_dir: str = ""  # figures\ncount: int = 2  # how many\n'
        'input_file: str = ""  # an optional file',
        'from pathlib import Path\nPath(run_dir, "first.txt").write_text("x" * count)',
    )
    _notebook(
        folder / "02-second.ipynb",
        'run_dir: str = ""  # run folder\nfigures_dir: str = ""  # figures\nfail: bool = False  # raise on purpose',
        'from pathlib import Path\ntext = Path(run_dir, "first.txt").read_text()\n'
        'if fail:\n    raise ValueError(f"planted failure after {len(text)} characters")',
    )
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", folder)
    settings = isolated_outputs / "run.yaml"
    settings.write_text(yaml.safe_dump({"01-first": {"count": 3}, "02-second": {"fail": False}}))
    return settings


def test_run_pipeline_writes_notebooks_and_manifest(tiny_pipeline):
    result = runner.run_pipeline(config_file=tiny_pipeline, run_id="ok", progress=False)
    assert (result.run_dir / "first.txt").read_text() == "xxx"
    executed = nbformat.read(result.run_dir / "02-second.ipynb", as_version=4)
    assert executed.metadata["papermill"]["parameters"]["fail"] is False
    manifest = json.loads(result.manifest_path.read_text())
    assert manifest["status"] == "ok" and [n["notebook"] for n in manifest["notebooks"]] == ["01-first", "02-second"]
    assert manifest["notebooks"][0]["parameters"]["count"] == 3
    assert manifest["packages"]["papermill"] and manifest["code_version"]
    assert (config.FIGURES_DIR / "latest").resolve() == result.figures_dir


def test_failing_cell_is_named_and_partial_notebook_kept(tiny_pipeline):
    settings = yaml.safe_load(tiny_pipeline.read_text())
    settings["02-second"]["fail"] = True
    tiny_pipeline.write_text(yaml.safe_dump(settings))
    with pytest.raises(runner.RunError) as caught:
        runner.run_pipeline(config_file=tiny_pipeline, run_id="bad", progress=False)
    message = str(caught.value)
    assert "02-second.ipynb failed at cell" in message and "ValueError: planted failure after 3 characters" in message
    assert (config.RUNS_DIR / "bad" / "02-second.ipynb").exists()
    manifest = json.loads((config.RUNS_DIR / "bad" / "manifest.json").read_text())
    assert manifest["status"] == "failed" and manifest["notebooks"][1]["status"] == "failed"


@pytest.mark.parametrize(
    ("section", "match"),
    [
        ({"01-first": {"cuont": 3}}, "unknown parameter 'cuont'"),
        ({"01-first": {"count": "three"}}, "'count' must be int"),
        ({"01-first": {"input_file": "/no/such/file.csv"}}, "does not exist"),
        ({"03-missing": {}}, "unknown notebook"),
        ({"01-first": {"run_dir": "/tmp/x"}}, "set by the runner"),
    ],
)
def test_parameters_are_validated_before_anything_runs(tiny_pipeline, section, match):
    tiny_pipeline.write_text(yaml.safe_dump(section))
    with pytest.raises(ParameterError, match=match):
        runner.run_pipeline(config_file=tiny_pipeline, run_id="never", progress=False)
    assert not (config.RUNS_DIR / "never").exists()


def test_bad_yaml_names_the_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("01-first:\n  count: [1, 2\n")
    with pytest.raises(ParameterError, match="line"):
        runner.load_run_config(bad)


def test_cli_reports_user_errors_in_one_line(tiny_pipeline, capsys):
    tiny_pipeline.write_text(yaml.safe_dump({"01-first": {"count": "three"}}))
    assert main(["run", "--config", str(tiny_pipeline), "--check"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("warsignals: error: 01-first: parameter 'count' must be int") and "Traceback" not in err


def test_kernel_runs_this_interpreter():
    from jupyter_client.kernelspec import KernelSpecManager

    name = runner.ensure_kernel()
    spec = KernelSpecManager().get_kernel_spec(name)
    assert spec.argv[0] == sys.executable or subprocess.run(
        [spec.argv[0], "-c", "import warsignals"], check=False).returncode == 0


def test_every_pipeline_notebook_documents_each_parameter():
    # papermill's --help-notebook silently drops a parameter whose help comment it cannot parse.
    for notebook in runner.discover_notebooks():
        source = next(c.source for c in nbformat.read(notebook, as_version=4).cells
                      if "parameters" in c.metadata.get("tags", []))
        names = [line.split(":", 1)[0] for line in source.splitlines() if line.strip() and not line.startswith("#")]
        declared = runner.notebook_parameters(notebook)
        assert names == list(declared), notebook.name
        assert {"run_dir", "figures_dir"} <= set(declared), notebook.name
        assert all(spec["help"] for spec in declared.values()), notebook.name
        assert not any(line.lstrip().startswith(("def ", "class ")) for cell in
                       nbformat.read(notebook, as_version=4).cells for line in cell.source.splitlines()), notebook.name
        assert not any(cell.get("outputs") for cell in nbformat.read(notebook, as_version=4).cells), notebook.name


def test_yaml_errors_name_file_and_line(tmp_path):
    from warsignals.errors import InputError
    from warsignals.fileio import read_yaml

    bad = tmp_path / "seeds.yaml"
    bad.write_text("topics:\n  nuclear: [bomb, warhead\n")
    with pytest.raises(InputError, match=r"seeds.yaml, line \d+: invalid YAML"):
        read_yaml(bad)
    with pytest.raises(InputError, match="seed file not found"):
        read_yaml(tmp_path / "none.yaml", "seed file")


def test_partial_rerun_keeps_a_failed_notebook_recorded_and_latest_unmoved(tiny_pipeline):
    first = runner.run_pipeline(config_file=tiny_pipeline, run_id="good", progress=False)
    settings = yaml.safe_load(tiny_pipeline.read_text())
    settings["02-second"]["fail"] = True
    tiny_pipeline.write_text(yaml.safe_dump(settings))
    with pytest.raises(runner.RunError):
        runner.run_pipeline(config_file=tiny_pipeline, run_id="partial", progress=False)
    assert (config.FIGURES_DIR / "latest").resolve() == first.figures_dir  # not repointed at a failed run
    rerun = runner.run_pipeline(config_file=tiny_pipeline, run_id="partial", notebooks=["01-first"],
                                progress=False)
    manifest = json.loads(rerun.manifest_path.read_text())
    assert manifest["status"] == "failed" and "02-second" in manifest["error"]
    assert [(n["notebook"], n["status"]) for n in manifest["notebooks"]] == [("01-first", "ok"),
                                                                           ("02-second", "failed")]
    assert (config.FIGURES_DIR / "latest").resolve() == first.figures_dir


def test_set_option_applies_to_every_declaring_notebook_and_is_checked_first(tiny_pipeline, capsys):
    plan = runner.plan_run(config_file=tiny_pipeline, overrides=runner.parse_set_options(["count=5"]))
    assert plan[0][1]["count"] == 5 and "count" not in plan[1][1]
    with pytest.raises(ParameterError, match="'count' must be int"):
        runner.plan_run(config_file=tiny_pipeline, overrides=runner.parse_set_options(["count=five"]))
    with pytest.raises(ParameterError, match="no notebook of this run declares"):
        runner.plan_run(config_file=tiny_pipeline, overrides={"frequency": "year"})
    with pytest.raises(ParameterError, match="expected NAME=VALUE"):
        runner.parse_set_options(["frequency"])
    assert main(["run", "--config", str(tiny_pipeline), "--set", "count=7", "--check"]) == 0
    assert "'count': 7" in capsys.readouterr().out


def test_allowed_values_of_the_real_notebooks_are_checked_before_anything_runs():
    plan = runner.plan_run(overrides={"frequency": "year", "precision_column": "none"})
    by_stem = {notebook.stem: params for notebook, params in plan}
    assert {by_stem[s]["frequency"] for s in by_stem} == {"year"}
    assert by_stem["01-load-corpus"]["precision_column"] == "none"
    with pytest.raises(ParameterError, match="'frequency' must be one of week, month, quarter, year, not 'fortnight'"):
        runner.plan_run(overrides={"frequency": "fortnight"})
