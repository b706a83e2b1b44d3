"""A model file must never run code: crafted skops files are refused, in every command and in the notebooks.

Each crafted file (``tests/malicious_models.py``) writes a marker file when a permissive loader builds it;
``test_crafted_payloads_are_live`` shows that they do, and every other test asserts refusal with a one-line
error and that the marker never appears.
"""

from __future__ import annotations

import json
import shutil
import zipfile

import numpy as np
import pandas as pd
import pytest
from malicious_models import KINDS, craft, node_of, payload_runs, plant_attribute, reseal_model
from test_signals_model import LABELS as SIGNAL_LABELS
from test_signals_model import TEXTS as SIGNAL_TEXTS
from test_stance import _toy

from warsignals import signals, stance
from warsignals.cli import main
from warsignals.errors import InputError
from warsignals.fileio import CALLABLE_LOADERS, load_skops, skops_types


@pytest.fixture(scope="module")
def real_models(tmp_path_factory):
    """A fitted signal model and a fitted stance model, saved the normal way."""
    root = tmp_path_factory.mktemp("real")
    signal_dir = signals.save_model(signals.SignalClassifier(C=1.0, cv=2).fit(SIGNAL_TEXTS, SIGNAL_LABELS),
                                    root / "signal")
    texts, labels = _toy()
    stance_dir = stance.save_stance_model(
        stance.StanceClassifier(target="military_aid", cv=2, min_df=1).fit(texts, labels), root / "stance"
    )
    table = root / "labels.csv"
    pd.DataFrame({"text": texts, "label": labels}).to_csv(table, index=False)
    return {"signal": signal_dir, "stance": stance_dir, "labels": table}


def _crafted_copy(real_dir, tmp_path, kind, marker):
    """A model directory whose ``model.skops`` is crafted and whose ``model.json`` is resealed to match it (an
    attacker writes both files), so that only the allow-list stands between the file and its payload."""
    directory = tmp_path / f"model-{kind}"
    shutil.copytree(real_dir, directory)
    craft(kind, real_dir / "model.skops", directory / "model.skops", marker)
    reseal_model(directory)
    return directory


def test_every_allow_list_is_the_shared_base_and_its_own_types():
    """The containers every model holds are listed once (modelfile), the text classifiers' stack once (textclf)."""
    from warsignals.modelfile import SKOPS_BASE_TYPES, model_kind
    from warsignals.textclf import TEXT_CLASSIFIER_TYPES

    assert SKOPS_BASE_TYPES < TEXT_CLASSIFIER_TYPES
    for kind, shared in [("SignalClassifier", TEXT_CLASSIFIER_TYPES), ("StanceClassifier", TEXT_CLASSIFIER_TYPES),
                         ("GroundedStanceModel", SKOPS_BASE_TYPES)]:
        _, allowed = model_kind(kind)
        assert shared < allowed, kind
        assert not {loader for loader, _ in allowed} & CALLABLE_LOADERS, kind


@pytest.mark.parametrize("kind", KINDS)
def test_crafted_payloads_are_live(real_models, tmp_path, kind):
    marker = tmp_path / "marker"
    path = craft(kind, real_models["signal"] / "model.skops", tmp_path / "m.skops", marker)
    try:
        payload_runs(path, kind)
    except Exception:  # noqa: BLE001 - the bare exec file builds None after running; only the marker matters
        pass
    assert marker.exists()


SIGNAL_COMMANDS = {
    "evaluate signals": lambda model, table, out: [
        "evaluate", "signals", "--model", str(model), "--labels", str(table), "--text-column", "text",
        "--label-column", "label"],
    "score --model": lambda model, table, out: [
        "score", str(table), "--text-column", "text", "--model", str(model), "-o", str(out)],
}
STANCE_COMMANDS = {
    "evaluate stance": lambda model, table, out: [
        "evaluate", "stance", "--model", str(model), "--labels", str(table), "--text-column", "text",
        "--label-column", "label", "--target", "military_aid"],
    "stance --model": lambda model, table, out: [
        "stance", str(table), "--text-column", "text", "--target", "military_aid", "--model", str(model),
        "-o", str(out)],
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", [*SIGNAL_COMMANDS, *STANCE_COMMANDS])
def test_every_command_refuses_crafted_model_files(real_models, tmp_path, capsys, kind, command):
    is_stance = command in STANCE_COMMANDS
    marker = tmp_path / "marker"
    model = _crafted_copy(real_models["stance" if is_stance else "signal"], tmp_path, kind, marker)
    out = tmp_path / "out.csv"
    argv = {**SIGNAL_COMMANDS, **STANCE_COMMANDS}[command](model, real_models["labels"], out)
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("warsignals: error: ") and err.count("\n") == 1, err
    assert "model.skops" in err and "Traceback" not in err
    assert not marker.exists(), f"{kind} model ran code in `warsignals {command}`"
    assert not out.exists()


@pytest.mark.parametrize("kind", KINDS)
def test_notebook_loaders_refuse_crafted_model_files(real_models, tmp_path, kind):
    # notebooks/02-signals calls signals.load_model; 04-stance calls stance.resolve_stance_model
    marker = tmp_path / "marker"
    signal_dir = _crafted_copy(real_models["signal"], tmp_path / "s", kind, marker)
    stance_dir = _crafted_copy(real_models["stance"], tmp_path / "t", kind, marker)
    with pytest.raises(InputError, match="model.skops"):
        signals.load_model(signal_dir)
    with pytest.raises(InputError, match="model.skops"):
        stance.resolve_stance_model(str(stance_dir), "military_aid", [])
    assert not marker.exists()


def test_real_models_still_load_and_predict(real_models):
    texts, _ = _toy()
    assert signals.load_model(real_models["signal"]).predict(SIGNAL_TEXTS).shape == (len(SIGNAL_TEXTS),)
    assert stance.load_stance_model(real_models["stance"]).predict_proba(texts).shape == (len(texts), 3)


def test_callable_nodes_are_refused_even_when_allow_listed(real_models, tmp_path):
    # a vectorizer's preprocessor swapped for a function: called on every text at predict time
    marker = tmp_path / "marker"
    function = {"__class__": "eval", "__module__": "builtins", "__loader__": "FunctionNode"}
    path = plant_attribute(real_models["signal"] / "model.skops", tmp_path / "m.skops", "preprocessor", function)
    allowed = signals.MODEL_TYPES | {("FunctionNode", "builtins.eval")}
    with pytest.raises(InputError, match="calls or holds code: builtins.eval"):
        load_skops(path, signals.SignalClassifier, allowed)
    assert not marker.exists()


def test_type_not_on_the_exact_list_is_refused_although_its_module_is(real_models, tmp_path):
    # the old check trusted every name starting with "numpy." or "sklearn."; names are now exact
    node = node_of(np.random.RandomState(0))
    directory = tmp_path / "model"
    shutil.copytree(real_models["signal"], directory)
    plant_attribute(real_models["signal"] / "model.skops", directory / "model.skops", "rng_", node)
    reseal_model(directory)
    with pytest.raises(InputError, match=r"outside the allow-list: numpy\.random"):
        signals.load_model(directory)


def test_schema_walk_sees_nodes_in_every_position(tmp_path):
    path = tmp_path / "m.skops"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("schema.json", json.dumps(
            {"__class__": "list", "__module__": "builtins", "__loader__": "ListNode",
             "content": [{"deep": [{"__class__": "system", "__module__": "os", "__loader__": "FunctionNode"}]}]}))
    assert ("FunctionNode", "os.system") in skops_types(path)
    with zipfile.ZipFile(tmp_path / "bad.skops", "w") as archive:
        archive.writestr("schema.json", json.dumps({"__class__": "x", "content": []}))
    with pytest.raises(InputError, match="malformed skops schema"):
        skops_types(tmp_path / "bad.skops")


def _types_of(model, path) -> set:
    from warsignals.fileio import dump_skops

    return skops_types(dump_skops(model, path))


@pytest.mark.slow
def test_allow_lists_equal_what_our_fitted_models_contain(tmp_path):
    """Every configuration's fitted model contains only listed pairs, and together they use every listed pair."""
    many = [f"{text} {i}" for i, text in enumerate(SIGNAL_TEXTS * 4)]
    signal_found: set = set()
    for params, (texts, labels) in [
        ({"C": 1.0, "cv": 2}, (SIGNAL_TEXTS, SIGNAL_LABELS)),
        ({"cv": 3}, (many, SIGNAL_LABELS * 4)),  # C chosen by CV, calibrated (>= 10 per class)
        ({"cv": 2, "char_ngram_range": None, "lexicon": False}, (many, [x == "none" for x in SIGNAL_LABELS * 4])),
    ]:
        signal_found |= _types_of(signals.SignalClassifier(**params).fit(texts, labels), tmp_path / "s.skops")
    assert signal_found == signals.MODEL_TYPES
    texts, labels = _toy()
    flip = {"FAVOR": "AGAINST", "AGAINST": "FAVOR", "NONE": "NONE"}
    frame = pd.DataFrame({"text": texts * 2, "target": ["Russia"] * len(texts) + ["Ukraine"] * len(texts)})
    stance_found: set = set()
    for params, X, y in [
        ({"target": "military_aid"}, texts, labels),
        ({"cross_target": True}, frame, labels + [flip[x] for x in labels]),
        ({"target": "military_aid", "calibration": "isotonic", "char_ngram_range": None, "lexicon": False,
          "context_window": 0, "tune_offsets": False}, texts, labels),
    ]:
        model = stance.StanceClassifier(cv=2, min_df=1, **params).fit(X, y)
        stance_found |= _types_of(model, tmp_path / "t.skops")
    assert stance_found == stance.MODEL_TYPES
    for allowed in (signals.MODEL_TYPES, stance.MODEL_TYPES):
        assert not {loader for loader, _ in allowed} & CALLABLE_LOADERS


@pytest.mark.parametrize("kind", KINDS)
def test_run_refuses_crafted_models_before_any_notebook_starts(real_models, tmp_path, kind):
    import yaml

    from warsignals import runner
    from warsignals.errors import ParameterError

    marker = tmp_path / "marker"
    signal_dir = _crafted_copy(real_models["signal"], tmp_path / "s", kind, marker)
    stance_dir = _crafted_copy(real_models["stance"], tmp_path / "t", kind, marker)
    for section, name in (({"02-signals": {"model": str(signal_dir)}}, "'model'"),
                          ({"04-stance": {"models": {"Russia": str(stance_dir)}}}, "models: 'Russia'")):
        settings = tmp_path / "run.yaml"
        settings.write_text(yaml.safe_dump(section))
        with pytest.raises(ParameterError, match=f"parameter {name}: .*model.skops"):
            runner.plan_run(config_file=settings)
    assert not marker.exists()


def test_one_model_format_for_signal_and_stance_models(real_models, tmp_path):
    from warsignals import modelfile

    for name, load in (("signal", signals.load_model), ("stance", stance.load_stance_model)):
        meta = json.loads((real_models[name] / "model.json").read_text())
        assert (meta["format"], meta["version"]) == (modelfile.FORMAT, modelfile.VERSION)
        assert len(meta["sha256"]) == 64 and meta["kind"] in modelfile.MODEL_KINDS
        load(real_models[name])
    with pytest.raises(InputError, match="a StanceClassifier model, not a signal model"):
        signals.load_model(real_models["stance"])
    with pytest.raises(InputError, match="a SignalClassifier model, not a stance model"):
        stance.load_stance_model(real_models["signal"])
    changed = tmp_path / "changed"
    shutil.copytree(real_models["signal"], changed)
    with zipfile.ZipFile(changed / "model.skops", "a") as archive:
        archive.writestr("extra.txt", "x")
    with pytest.raises(InputError, match="checksum does not match"):
        signals.load_model(changed)


def test_old_signal_model_folders_are_refused_with_one_line_saying_retrain(real_models, tmp_path, capsys):
    old = tmp_path / "old"
    old.mkdir()
    shutil.copy(real_models["signal"] / "model.skops", old / "model.skops")
    (old / "meta.json").write_text(json.dumps({"format": "skops", "class": "warsignals.signals.SignalClassifier"}))
    with pytest.raises(InputError, match="older warsignals .*train it again"):
        signals.load_model(old)
    assert main(["score", str(real_models["labels"]), "--text-column", "text", "--model", str(old), "-o",
                 str(tmp_path / "out.csv")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("warsignals: error: ") and err.count("\n") == 1 and "meta.json" in err
