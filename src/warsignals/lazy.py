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
from collections.abc import Callable, Mapping, Sequence


def lazy_exports(package: str, homes: Mapping[str, str],
                 needs: Sequence[str] = ()) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """The module-level ``__getattr__`` and ``__dir__`` of ``package``, whose names live in the modules ``homes``
    gives (name -> dotted module); a name is imported on first use and kept in the package's namespace.

    ``needs`` names modules that those names import only when called (e.g. the model file library of a loader):
    :func:`preload_imported` imports them too.
    """

    sys.modules[package].__lazy_homes__ = dict(homes)
    sys.modules[package].__lazy_needs__ = tuple(needs)

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
    """Import every module behind the lazy names (and their ``needs``, see :func:`lazy_exports`) of the packages
    already imported whose name starts with ``prefix`` (what a notebook's kernel warms up with while it waits: the
    notebook then finds them loaded). Returns the modules imported, in order.
    """
    loaded = []
    packages = [name for name, module in list(sys.modules.items())
                if name.split(".")[0] == prefix and hasattr(module, "__lazy_homes__")]
    for package in sorted(packages):
        module = sys.modules[package]
        for home in [*sorted(set(module.__lazy_homes__.values())), *getattr(module, "__lazy_needs__", ())]:
            if home not in sys.modules:
                importlib.import_module(home)
                loaded.append(home)
    return loaded
