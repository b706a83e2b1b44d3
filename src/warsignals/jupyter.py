"""Jupyter's libraries in warsignals' own processes (the runner, its workers, ``warsignals report``).

Importing ``nbformat`` (and so ``papermill``) imports ``jsonschema``, whose format checkers build 38 ``lark``
grammars at import when the optional ``rfc3987_syntax`` package is installed (it is, with JupyterLab): about 2.3 s
of a processor in every process, longer than the rest of the import. A notebook's schema checks no IRI format, so
warsignals' processes go without that checker: :func:`import_nbformat` marks ``rfc3987_syntax`` as absent before
``jsonschema`` is first imported (the IRI check is then skipped, as it is wherever the package is not installed).
Nothing changes in other processes (JupyterLab, the kernels).
"""

from __future__ import annotations

import sys


def skip_iri_format_checker() -> None:
    """Mark ``rfc3987_syntax`` as absent for this process, unless ``jsonschema`` is already loaded (then too late)."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


def import_nbformat():
    """``nbformat``, imported without ``jsonschema``'s IRI format checker (see the module docstring).

    Examples
    --------
    >>> import_nbformat().v4.new_notebook().nbformat
    4
    """
    skip_iri_format_checker()
    import nbformat

    return nbformat


def import_papermill():
    """``papermill``, imported without ``jsonschema``'s IRI format checker (see the module docstring)."""
    skip_iri_format_checker()
    import papermill

    return papermill
