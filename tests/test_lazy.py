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
                 "print(len(loaded) > 0, sorted(homes - set(sys.modules)), 'warsignals.topics.model' in sys.modules)")
    assert out == "True [] False"  # topics was not imported, so it is not preloaded
