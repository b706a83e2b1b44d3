"""Names of a package loaded on first use (PEP 562): the one idiom of every package ``__init__`` that re-exports.

A package lists where each public name lives; importing the package imports none of those modules, so that, for
example, building the CLI parser imports no pandas, scikit-learn or scipy.

Examples
--------
>>> from warsignals.lazy import lazy_exports
>>> __getattr__, __dir__ = lazy_exports("warsignals.stance", {"LABELS": "warsignals.stance.targets"})
>>> __getattr__("LABELS")
('AGAINST', 'FAVOR', 'NONE')
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping


def lazy_exports(package: str, homes: Mapping[str, str]) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """The module-level ``__getattr__`` and ``__dir__`` of ``package``, whose names live in the modules ``homes``
    gives (name -> dotted module); a name is imported on first use and kept in the package's namespace."""

    sys.modules[package].__lazy_homes__ = dict(homes)

    def __getattr__(name: str):  # noqa: N807 - the module hook's name
        if name not in homes:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(homes[name]), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:  # noqa: N807
        return sorted({*vars(sys.modules[package]), *homes})

    return __getattr__, __dir__


def preload_imported(prefix: str = "warsignals") -> list[str]:
    """Import every module behind the lazy names of the packages already imported whose name starts with ``prefix``
    (what a notebook's kernel warms up with while it waits: the notebook then finds them loaded). Returns the
    modules imported, in order.
    """
    loaded = []
    packages = [name for name, module in list(sys.modules.items())
                if name.split(".")[0] == prefix and hasattr(module, "__lazy_homes__")]
    for package in sorted(packages):
        for home in sorted(set(sys.modules[package].__lazy_homes__.values())):
            if home not in sys.modules:
                importlib.import_module(home)
                loaded.append(home)
    return loaded
