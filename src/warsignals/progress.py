"""Progress bars: widgets in JupyterLab, plain text under papermill, in scripts and on the command line."""

from __future__ import annotations

import os
from collections.abc import Iterable

PROGRESS_ENV = "WARSIGNALS_PROGRESS"


def text_progress() -> bool:
    """Whether progress bars should be plain text rather than notebook widgets.

    Text outside an IPython kernel, and in a kernel run by :func:`warsignals.runner.run_pipeline` (it sets
    ``WARSIGNALS_PROGRESS=text``: papermill has no frontend to draw a widget); widgets in a kernel otherwise.
    """
    from warsignals.notebook import ipython_shell

    if os.environ.get(PROGRESS_ENV, "").lower() == "text":
        return True
    return type(ipython_shell()).__name__ != "ZMQInteractiveShell"


def progress_bar(iterable: Iterable | None = None, **kwargs):
    """A tqdm progress bar of the right kind (see :func:`text_progress`); keyword arguments go to tqdm."""
    if text_progress():
        from tqdm.std import tqdm
    else:
        from tqdm.notebook import tqdm
    return tqdm(iterable, **kwargs)
