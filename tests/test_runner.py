"""The papermill runner on small throwaway notebooks: validation, failure reporting, manifest, CLI."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
import yaml

from warsignals import config, runner
from warsignals.cli import main
from warsignals.errors import ParameterError
from warsignals.runner import folders


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


@pytest.mark.slow
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


# ------------------------------------------------------------------ run ids, interruption, figures/latest (issue 13)
def test_run_ids_are_unique_within_one_second_and_a_run_in_progress_is_never_shared(isolated_outputs):
    ids = {folders._claim_run_folder(None)[0] for _ in range(20)}  # far faster than one per second
    assert len(ids) == 20
    run_id, run_dir = folders._claim_run_folder("mine")
    with pytest.raises(ParameterError, match="'mine' is in progress"):
        folders._claim_run_folder("mine")
    (run_dir / runner.LOCK_FILE).unlink()  # the first run finished: its folder may be reused to rerun notebooks
    assert folders._claim_run_folder("mine")[1] == run_dir


@pytest.mark.parametrize("bad", ["../../x", "a/b", "..", ".hidden", "x\\y", "", "a..b", "-rf"])
def test_run_id_with_path_parts_is_refused_and_nothing_is_written(tiny_pipeline, capsys, bad):
    assert main(["run", "--config", str(tiny_pipeline), f"--run-id={bad}", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("warsignals: error: run id") and err.count("\n") == 1
    assert not (config.RUNS_DIR).exists() or not any(config.RUNS_DIR.iterdir())
    assert not (config.RUNS_DIR.parent / "x").exists()


@pytest.mark.slow
def test_failed_run_does_not_move_latest(tiny_pipeline):
    good = runner.run_pipeline(config_file=tiny_pipeline, run_id="good", progress=False)
    settings = yaml.safe_load(tiny_pipeline.read_text())
    settings["02-second"]["fail"] = True
    tiny_pipeline.write_text(yaml.safe_dump(settings))
    with pytest.raises(runner.RunError):
        runner.run_pipeline(config_file=tiny_pipeline, run_id="bad", progress=False)
    assert (config.FIGURES_DIR / "latest").resolve() == good.figures_dir
    assert not (config.RUNS_DIR / "bad" / runner.LOCK_FILE).exists()


@pytest.mark.slow
def test_sigterm_marks_the_run_interrupted_and_keeps_latest(tiny_pipeline, isolated_outputs):
    notebooks = config.NOTEBOOKS_DIR
    _notebook(notebooks / "02-second.ipynb",
              'run_dir: str = ""  # run folder\nfigures_dir: str = ""  # figures\nfail: bool = False  # unused',
              "import os, signal, time\nos.kill(os.getppid(), signal.SIGTERM)\ntime.sleep(30)")
    script = (
        "import sys\nfrom pathlib import Path\nfrom warsignals import config\n"
        f"config.NOTEBOOKS_DIR = Path({str(notebooks)!r})\n"
        f"config.RUNS_DIR = Path({str(config.RUNS_DIR)!r})\nconfig.FIGURES_DIR = Path({str(config.FIGURES_DIR)!r})\n"
        "from warsignals.cli import main\n"
        f"sys.exit(main(['run', '--config', {str(tiny_pipeline)!r}, '--run-id', 'stopped', '--quiet']))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 130, done.stderr
    assert "Traceback" not in done.stderr
    manifest = json.loads((config.RUNS_DIR / "stopped" / "manifest.json").read_text())
    assert manifest["status"] == "interrupted" and "SIGTERM" in manifest["error"]
    assert [n["status"] for n in manifest["notebooks"]] == ["ok", "interrupted"]
    assert not (config.FIGURES_DIR / "latest").exists()
    assert not (config.RUNS_DIR / "stopped" / runner.LOCK_FILE).exists()


@pytest.mark.slow
def test_latest_is_swapped_atomically_under_two_writers(tmp_path):
    # two writer processes swap the pointer back and forth while this process polls it; the old
    # unlink-then-symlink left it missing in about 5% of polls
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    folders._point_latest(tmp_path / "a")
    script = ("import sys\nfrom pathlib import Path\nfrom warsignals.runner.folders import _point_latest\n"
              "for _ in range(1500):\n    _point_latest(Path(sys.argv[1]))\n")
    writers = [subprocess.Popen([sys.executable, "-c", script, str(tmp_path / name)]) for name in ("a", "b")]
    latest, polls, missing = tmp_path / "latest", 0, 0
    while any(writer.poll() is None for writer in writers):
        polls += 1
        missing += not os.path.lexists(latest)
    assert [writer.returncode for writer in writers] == [0, 0]
    assert missing == 0, f"latest missing in {missing} of {polls} polls"
    assert latest.is_symlink() and latest.resolve().name in {"a", "b"}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".latest")]


# ------------------------------------------------------------------ misleading stops (issue 13)
@pytest.mark.parametrize(
    ("section", "match"),
    [
        ({"02-signals": {"n_boot": -1}}, r"02-signals: parameter 'n_boot' must be a number of bootstrap replicates"),
        ({"04-stance": {"n_boot": None}}, r"04-stance: parameter 'n_boot' must be int, not empty \(null\)"),
        ({"03-topics": {"k": 8.5}}, r"03-topics: parameter 'k' must be int or str, got float 8.5"),
        ({"02-signals": {"confidence": 95}}, r"parameter 'confidence' must be between 0 and 1"),
        ({"02-signals": {"lexicon": "no/such/cues.yaml"}}, r"parameter 'lexicon': file no/such/cues.yaml does not"),
        ({"02-signals": {"model": "no/such/model"}}, r"parameter 'model': no/such/model is neither one of"),
        ({"04-stance": {"models": {"Russia": "no/such/dir"}}},
         r"'models': 'Russia': no/such/dir is neither grounded nor weak"),
        ({"04-stance": {"models": {"Rusia": "weak"}}}, r"'models': unknown stance target 'Rusia'"),
        ({"04-stance": {"targets": ["negotiations", "Rusia"]}}, r"'targets': unknown stance target\(s\) \['Rusia'\]"),
    ],
)
def test_real_notebook_parameters_are_checked_before_any_notebook_runs(tmp_path, section, match):
    settings = tmp_path / "run.yaml"
    settings.write_text(yaml.safe_dump(section))
    with pytest.raises(ParameterError, match=match):
        runner.plan_run(config_file=settings)


def test_k_takes_an_integer_or_auto_and_model_paths_become_absolute(tmp_path, monkeypatch):
    from test_stance import _toy

    from warsignals.stance import StanceClassifier, save_stance_model

    texts, labels = _toy()
    save_stance_model(StanceClassifier(target="Russia", cv=2, min_df=1).fit(texts, labels), tmp_path / "stance-model")
    monkeypatch.chdir(tmp_path)
    settings = tmp_path / "run.yaml"
    settings.write_text(yaml.safe_dump({"03-topics": {"k": 8}, "04-stance": {"models": {"Russia": "stance-model"}}}))
    plan = {notebook.stem: params for notebook, params in runner.plan_run(config_file=settings)}
    assert plan["03-topics"]["k"] == 8
    assert plan["04-stance"]["models"] == {"Russia": str(tmp_path / "stance-model")}


def test_a_multi_line_notebook_error_is_reported_whole_on_one_line(tiny_pipeline):
    _notebook(config.NOTEBOOKS_DIR / "02-second.ipynb",
              'run_dir: str = ""  # run folder\nfigures_dir: str = ""  # figures\nfail: bool = False  # unused',
              'raise ValueError("12 of 20 records rejected (strict mode):\\n  a.txt: no date\\n  ... and 10 more")')
    with pytest.raises(runner.RunError) as caught:
        runner.run_pipeline(config_file=tiny_pipeline, run_id="strict", progress=False)
    message = str(caught.value)
    assert "\n" not in message
    assert "12 of 20 records rejected (strict mode): | a.txt: no date | ... and 10 more" in message


@pytest.mark.slow
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


# ------------------------------------------------------------------ the default corpus and --demo (issue 17)
def test_corpus_takes_dataset_names_demo_or_paths_checked_before_anything_runs(tmp_path, capsys):
    plan = {notebook.stem: params for notebook, params in runner.plan_run()}
    assert plan["01-load-corpus"]["corpus"] == ",".join(config.DEFAULT_CORPUS)  # names stay names
    assert runner.plan_run(corpus="demo")[0][1]["corpus"] == "demo"
    mine = tmp_path / "mine.jsonl"
    mine.write_text('{"id": "a", "date": "2024-01-02", "text": "x"}\n')
    mixed = runner.plan_run(corpus=f"ukraine-addresses,{mine}")[0][1]["corpus"]
    assert mixed == f"ukraine-addresses,{mine.resolve()}"
    with pytest.raises(ParameterError, match="'corpus': 'demo' .the synthetic demo corpus. cannot be combined"):
        runner.plan_run(corpus="demo,kremlin-ukraine")
    with pytest.raises(ParameterError, match="'corpus': path kremlin-ukrain does not exist"):
        runner.plan_run(corpus="kremlin-ukrain")  # a misspelt dataset name is a missing path
    assert main(["run", "--demo", "--check"]) == 0
    assert "01-load-corpus: {'corpus': 'demo'" in capsys.readouterr().out
    with pytest.raises(SystemExit):  # argparse: not allowed together
        main(["run", "--demo", "--corpus", "x", "--check"])
    assert "not allowed with argument --demo" in capsys.readouterr().err


def test_jobs_are_checked_and_each_notebook_waits_for_what_it_reads(tmp_path):
    settings = tmp_path / "run.yaml"
    settings.write_text(yaml.safe_dump({"run": {"jobs": 0}}))
    with pytest.raises(ParameterError, match="run: jobs must be a whole number of 1 or more, not 0"):
        runner.run_jobs(settings)
    settings.write_text(yaml.safe_dump({"run": {"job": 2}}))
    with pytest.raises(ParameterError, match=r"run: unknown setting\(s\) \['job'\]"):
        runner.run_jobs(settings)
    assert runner.run_jobs() == 3 and runner.run_jobs(jobs=1) == 1
    stems = ["01-load-corpus", "02-signals", "03-topics", "04-stance", "05-validate", "06-mine"]
    inputs = runner.notebook_inputs(stems)
    assert inputs["03-topics"] == {"01-load-corpus"} and inputs["05-validate"] == {"01-load-corpus", "02-signals",
                                                                                    "04-stance"}
    assert inputs["06-mine"] == set(stems[:5])  # a notebook the runner does not know waits for all before it
    assert runner.notebook_inputs(["04-stance", "05-validate"])["05-validate"] == {"04-stance"}


WAIT_FOR = ('assert "Path" not in globals(), "a standby kernel\'s warm-up imports leaked into the notebook"\n'
            'import time\nfrom pathlib import Path\nPath(run_dir, f"{me}.started").touch()\n'
            'deadline = time.time() + 120\n'
            'while not Path(run_dir, f"{other}.started").exists() and time.time() < deadline:\n    time.sleep(0.1)\n'
            'assert Path(run_dir, f"{other}.started").exists(), f"{other} never ran beside {me}"\n'
            'if fail:\n    raise ValueError(f"planted failure in {me}")\n'
            'time.sleep(pause)\nPath(run_dir, f"{me}.done").touch()')


@pytest.fixture
def side_by_side(tiny_pipeline, monkeypatch):
    """01-first, then 02-a and 03-b, which each wait until the other has started (they deadlock one at a time)."""
    folder = config.NOTEBOOKS_DIR
    for stem, me, other in (("02-a", "a", "b"), ("03-b", "b", "a")):
        _notebook(folder / f"{stem}.ipynb",
                  f'run_dir: str = ""  # run folder\nfigures_dir: str = ""  # figures\nme: str = "{me}"  # name\n'
                  f'other: str = "{other}"  # the other\nfail: bool = False  # fail\npause: float = 0.0  # seconds',
                  WAIT_FOR)
    (folder / "02-second.ipynb").unlink()
    monkeypatch.setitem(runner.NOTEBOOK_INPUTS, "02-a", ("01-first",))
    monkeypatch.setitem(runner.NOTEBOOK_INPUTS, "03-b", ("01-first",))
    tiny_pipeline.write_text(yaml.safe_dump({"run": {"jobs": 2}, "01-first": {"count": 3}}))
    return tiny_pipeline


@pytest.mark.slow
def test_independent_notebooks_run_side_by_side_in_workers(side_by_side):
    result = runner.run_pipeline(config_file=side_by_side, run_id="both", progress=False)
    manifest = json.loads(result.manifest_path.read_text())
    assert manifest["status"] == "ok" and manifest["jobs"] == 2
    assert [(n["notebook"], n["status"]) for n in manifest["notebooks"]] == [("01-first", "ok"), ("02-a", "ok"),
                                                                           ("03-b", "ok")]
    assert (result.run_dir / "first.txt").read_text() == "xxx"  # 01-first ran before both
    assert (result.run_dir / "a.done").exists() and (result.run_dir / "b.done").exists()
    assert nbformat.read(result.run_dir / "03-b.ipynb", as_version=4).metadata["papermill"]["parameters"]["run_dir"] \
        == str(result.run_dir)
    assert not list(result.run_dir.glob(".*.json"))  # the workers' spec and result files are gone
    assert (config.FIGURES_DIR / "latest").resolve() == result.figures_dir


@pytest.mark.slow
def test_a_failing_notebook_stops_the_one_beside_it_and_is_named(side_by_side):
    settings = yaml.safe_load(side_by_side.read_text())
    settings.update({"02-a": {"fail": True}, "03-b": {"pause": 300.0}})
    side_by_side.write_text(yaml.safe_dump(settings))
    started = time.monotonic()
    with pytest.raises(runner.RunError, match=r"02-a.ipynb failed at cell .*ValueError: planted failure in a"):
        runner.run_pipeline(config_file=side_by_side, run_id="stop", notebooks=["02-a", "03-b"], progress=False)
    assert time.monotonic() - started < 200  # 03-b was stopped, not waited for
    manifest = json.loads((config.RUNS_DIR / "stop" / "manifest.json").read_text())
    assert manifest["status"] == "failed" and "planted failure in a" in manifest["error"]
    assert [(n["notebook"], n["status"]) for n in manifest["notebooks"]] == [("02-a", "failed"), ("03-b", "stopped")]
    assert not (config.RUNS_DIR / "stop" / "b.done").exists()
    assert not (config.FIGURES_DIR / "latest").exists()


def _processes_naming(text: str) -> list[str]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            command = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in command:
            found.append(command)
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
def test_a_failing_first_notebook_ends_the_workers_waiting_on_standby(side_by_side):
    # 02-a and 03-b wait for 01-first on standby (kernel started, imports done); 01-first fails after a while
    _notebook(config.NOTEBOOKS_DIR / "01-first.ipynb",
              'run_dir: str = ""  # run folder\nfigures_dir: str = ""  # figures\ncount: int = 2  # how many',
              'import time\ntime.sleep(6)\nraise ValueError("planted failure in first")')
    with pytest.raises(runner.RunError, match="planted failure in first"):
        runner.run_pipeline(config_file=side_by_side, run_id="first", progress=False)
    run_dir = config.RUNS_DIR / "first"
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert [(n["notebook"], n["status"]) for n in manifest["notebooks"]] == [("01-first", "failed")]
    assert not list(run_dir.glob(".*"))  # no worker spec, result, go or ready file is left
    assert not _processes_naming(str(run_dir))  # no worker is left
    assert not (run_dir / "a.started").exists() and not (run_dir / "b.started").exists()
