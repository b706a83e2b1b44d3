"""Lazy package names (warsignals.lazy): loaded on first use, and all at once by a warming-up kernel."""

import subprocess
import sys


def _fresh(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_a_lazy_package_imports_its_modules_only_on_use():
    out = _fresh("import sys, warsignals.stance as s\n"
                 "print(sorted(set(s.__lazy_homes__.values()) - set(sys.modules)) != [])")
    assert out == "True"


def test_preload_imports_every_module_behind_the_lazy_names_of_imported_packages():
    out = _fresh("import sys, warsignals.stance, warsignals.signals\n"
                 "from warsignals.lazy import preload_imported\n"
                 "loaded = preload_imported()\n"
                 "homes = {*warsignals.stance.__lazy_homes__.values(), *warsignals.signals.__lazy_homes__.values()}\n"
                 "print(len(loaded) > 0, sorted(homes - set(sys.modules)), 'warsignals.topics.model' in sys.modules,\n"
                 "      'skops.io' in loaded)")
    assert out == "True [] False True"  # topics was not imported, so it is not preloaded; stance needs skops


def test_checking_a_runs_parameters_loads_no_model_and_no_iri_grammar():
    # `warsignals run` checks every notebook's parameters before it starts: with the default configuration that
    # needs neither scikit-learn nor skops, and nbformat comes without jsonschema's IRI grammars (warsignals.jupyter)
    out = _fresh("import sys\n"
                 "from warsignals.runner import plan_run\n"
                 "plan = plan_run()\n"
                 "print(len(plan), 'sklearn' in sys.modules, 'skops' in sys.modules, "
                 "'nbformat' in sys.modules, sys.modules.get('rfc3987_syntax', 'absent'))")
    assert out == "5 False False True None"
