"""What every notebook needs before its analysis: the run folder, the figures folder, the tables, inline figures.

Each pipeline notebook starts with one call::

    ctx = notebook.context(run_dir, figures_dir, params=dict(frequency=frequency, ...))

With ``run_dir`` empty (a notebook opened in JupyterLab and run as it is) the context uses the latest run,
``runs/latest`` (the pointer :mod:`warsignals.runner` maintains); ``create=True`` (notebook 01) makes a new run
folder when there is none yet. The context says which folder it uses in the notebook's first output. Inside
IPython it also turns on inline figures (``%matplotlib inline``), so that :meth:`NotebookContext.figure` both
saves a figure (:func:`warsignals.export.save_figure`) and shows it in the notebook.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from warsignals import config
from warsignals.errors import InputError
from warsignals.tables import read_table, write_table

LATEST = "latest"
# Which notebook writes each table of a run folder (named in the error when a table is missing).
TABLE_WRITERS: dict[str, str] = {
    "documents.parquet": "01-load-corpus",
    "sentences.parquet": "01-load-corpus",
    "rejects.csv": "01-load-corpus",
    "signals.parquet": "02-signals",
    "doc_topics.parquet": "03-topics",
    "prevalence.csv": "03-topics",
    "signals_documents.csv": "02-signals",
    "stance.parquet": "04-stance",
    "validation_sheet.csv": "05-validate",
}


def ipython_shell():
    """The running IPython shell, or ``None`` outside IPython (a script, the CLI)."""
    if "IPython" not in sys.modules:
        return None
    from IPython import get_ipython

    return get_ipython()


def enable_inline_figures() -> bool:
    """Show figures inline as PNG in an IPython kernel (``%matplotlib inline``), whatever ``MPLBACKEND`` says.

    Returns
    -------
    bool
        Whether inline display was turned on (False outside IPython).
    """
    shell = ipython_shell()
    if shell is None or not hasattr(shell, "run_line_magic"):
        return False
    shell.run_line_magic("matplotlib", "inline")
    return True


def latest_run(runs_dir: str | Path | None = None) -> Path | None:
    """The folder ``runs/latest`` points at (a symlink, or a ``LATEST`` file holding the run id), if any."""
    runs_dir = Path(runs_dir or config.RUNS_DIR)
    pointer = runs_dir / LATEST
    if pointer.is_dir():
        return pointer.resolve()
    fallback = runs_dir / LATEST.upper()
    if fallback.is_file():
        folder = runs_dir / fallback.read_text(encoding="utf-8").strip()
        if folder.is_dir():
            return folder.resolve()
    return None


def new_run_folder(runs_dir: str | Path | None = None) -> Path:
    """Create a new run folder named by the current UTC time and point ``runs/latest`` at it."""
    from warsignals.runner.folders import _new_run_id, _point_latest

    runs_dir = Path(runs_dir or config.RUNS_DIR)
    folder = runs_dir / _new_run_id()
    folder.mkdir(parents=True, exist_ok=True)
    _point_latest(folder)
    return folder.resolve()


@dataclass
class NotebookContext:
    """The run a notebook works on.

    Attributes
    ----------
    run_dir : Path
        The run folder (tables in, tables out).
    figures_dir : Path
        Where :meth:`figure` saves figures.
    origin : str
        How the run folder was chosen: ``"given"``, ``"latest"`` or ``"new"``.
    params : dict
        The notebook's parameters, recorded in every figure's provenance sidecar.
    inline : bool
        Whether figures are shown inline (inside IPython).
    """

    run_dir: Path
    figures_dir: Path
    origin: str = "given"
    params: dict = field(default_factory=dict)
    inline: bool = False

    @property
    def run_id(self) -> str:
        """The run folder's name."""
        return self.run_dir.name

    def path(self, name: str) -> Path:
        """A file of the run folder."""
        return self.run_dir / name

    def table(self, name: str) -> pd.DataFrame:
        """Read a table of the run folder (``.json`` records, or any :func:`warsignals.tables.read_table` reads).

        Raises
        ------
        InputError
            When the table is missing, naming the notebook that writes it.
        """
        path = self.path(name)
        if not path.is_file():
            writer = TABLE_WRITERS.get(name)
            hint = f": run {writer} on this run folder first" if writer else ""
            raise InputError(f"{path} not found{hint}")
        if path.suffix == ".json":
            return pd.json_normalize(json.loads(path.read_text(encoding="utf-8")))
        return read_table(path)

    def write_table(self, frame: pd.DataFrame, name: str, float_format: str | None = None) -> Path:
        """Write a table into the run folder (:func:`warsignals.tables.write_table`, format by extension)."""
        return write_table(frame, self.path(name), float_format=float_format)

    @cached_property
    def documents(self) -> pd.DataFrame:
        """The run's documents table (read once)."""
        return self.table("documents.parquet")

    @cached_property
    def sentences(self) -> pd.DataFrame:
        """The run's sentences table (read once)."""
        return self.table("sentences.parquet")

    @property
    def synthetic(self) -> bool:
        """Whether the corpus is the synthetic demo corpus (its documents carry ``synthetic=True``)."""
        if "synthetic" not in self.documents:
            return False
        return bool(self.documents["synthetic"].fillna(False).astype(bool).any())

    @cached_property
    def caption(self) -> str:
        """The corpus, its number of documents and date range (:func:`warsignals.describe.corpus_caption`).

        Drawn above every figure :meth:`figure` saves and kept in its provenance sidecar.
        """
        from warsignals.describe import corpus_caption

        return corpus_caption(self.documents)

    @cached_property
    def corpus_sha256(self) -> str:
        """The corpus hash recorded with every figure (:func:`warsignals.export.corpus_hash`)."""
        from warsignals.export import corpus_hash

        return corpus_hash(self.documents)

    def reload(self) -> None:
        """Forget the tables read so far (after a notebook rewrote them)."""
        for name in ("documents", "sentences", "caption", "corpus_sha256"):
            self.__dict__.pop(name, None)

    def group_column(self, name: str, fallback: str = "source") -> str:
        """The document column a notebook compares groups by: ``name`` when the documents have it, else ``fallback``.

        The default configuration compares ``side`` (the shipped datasets carry it: RUS officials, UKR officials);
        a corpus without that column (the demo corpus, your own files) is compared by ``source`` instead, and the
        notebook says so in one line. ``""`` stays ``""`` (no grouping).

        Raises
        ------
        InputError
            When the documents have neither column.
        """
        if not name or name in self.documents.columns:
            return name
        if fallback in self.documents.columns:
            print(f"The documents have no column {name!r}: groups are compared by {fallback!r} instead.")
            return fallback
        raise InputError(f"cannot compare by {name!r}: the documents have no such column "
                         f"(columns: {', '.join(map(str, self.documents.columns))})")

    def events(self, events_file: str | Path | None = None) -> pd.DataFrame | None:
        """The event timeline (``data/events/war_timeline.csv`` by default; None when it is absent)."""
        from warsignals.timeseries import load_events

        if events_file:
            return load_events(events_file)
        return load_events() if config.EVENTS_FILE.exists() else None

    def figure(
        self,
        fig,
        name: str,
        data: pd.DataFrame | None = None,
        params: dict | None = None,
        caption: str | None = None,
    ) -> None:
        """Save a figure with its provenance (:func:`warsignals.export.save_figure`) and show it inline.

        Parameters
        ----------
        fig : matplotlib.figure.Figure
            The figure, from a function of :mod:`warsignals.plots`.
        name : str
            File stem in ``figures_dir``.
        data : DataFrame, optional
            The table drawn, written beside the figure as CSV.
        params : dict, optional
            Parameters recorded in the sidecar (default: the notebook's :attr:`params`).
        caption : str, optional
            Text drawn above the figure and recorded in the sidecar (default: :attr:`caption`, the corpus, its
            number of documents and date range; ``""`` for none).

        The files are ``figures_dir/<name>.{png,svg,pdf,json}`` (and ``.csv`` with ``data``). Nothing is
        returned, so that a call ending a cell adds no output besides the figure; the displayed PNG carries the
        figure's name in its output metadata (``warsignals_figure``), which the run report and the tests read.
        """
        from warsignals.export import inline_png, save_figure

        save_figure(fig, name, self.figures_dir, params=self.params if params is None else params,
                    corpus_sha256=self.corpus_sha256, data=data,
                    caption=self.caption if caption is None else (caption or None))
        if self.inline:
            from IPython.display import display

            # the saved figure's layout and crop at screen resolution (drawing it again would lay it out anew)
            display({"image/png": inline_png(fig)}, raw=True, metadata={"warsignals_figure": name})

    def describe(self) -> str:
        """One line saying which run folder and figures folder the notebook uses, and why."""
        why = {
            "given": "given as run_dir",
            "latest": f"no run_dir given: the latest run, {config.RUNS_DIR / LATEST}",
            "new": "no run_dir given and no run yet: a new run folder, now the latest run",
        }[self.origin]
        return f"Run folder: {self.run_dir} ({why}). Figures: {self.figures_dir}."

    def __repr__(self) -> str:
        return self.describe()


def context(
    run_dir: str | Path = "",
    figures_dir: str | Path = "",
    *,
    params: dict | None = None,
    create: bool = False,
    announce: bool = True,
) -> NotebookContext:
    """The context of a pipeline notebook: run folder, figures folder, tables and inline figures.

    Parameters
    ----------
    run_dir : str or Path
        The run folder; empty for the latest run (``runs/latest``).
    figures_dir : str or Path
        Where figures go; empty for ``figures/<run id>``.
    params : dict, optional
        The notebook's parameters, recorded with every figure.
    create : bool
        With ``run_dir`` empty and no latest run, create a new run folder (notebook 01) instead of failing.
    announce : bool
        Print which run folder is used (the notebook's first output).

    Returns
    -------
    NotebookContext

    Raises
    ------
    InputError
        When no run folder is given, none exists yet and ``create`` is False, or the given one is missing.
    """
    if run_dir:
        folder, origin = Path(run_dir).expanduser(), "given"
        if not create and not folder.is_dir():
            raise InputError(f"run folder {folder} does not exist: run 01-load-corpus with this run_dir first")
        folder.mkdir(parents=True, exist_ok=True)
        folder = folder.resolve()
    else:
        folder, origin = latest_run(), "latest"
        if folder is None:
            if not create:
                raise InputError(f"no run_dir given and no run in {config.RUNS_DIR} yet: run "
                                 "notebooks/01-load-corpus.ipynb first (or `make run`)")
            folder, origin = new_run_folder(), "new"
    figures = Path(figures_dir).expanduser() if figures_dir else config.FIGURES_DIR / folder.name
    ctx = NotebookContext(folder, figures.resolve(), origin, dict(params or {}), enable_inline_figures())
    if announce:
        print(ctx.describe())
    return ctx

