"""The one way figures are saved: PNG (300 dpi), SVG and PDF with fixed metadata, plus a provenance sidecar.

A rerun with the same inputs writes the same bytes: creation dates and software stamps are removed from
every format, SVG ids use a fixed salt, and the sidecar records parameters, the corpus hash, the code
version (git commit) and the versions of the packages that drew the figure, but no timestamps.
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
from contextlib import contextmanager
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import matplotlib
import pandas as pd

from warsignals import __version__, config
from warsignals.tables import write_table

FORMATS = ("png", "svg", "pdf")
PROVENANCE_PACKAGES = ("warsignals", "matplotlib", "numpy", "pandas", "scikit-learn", "scipy", "nltk")
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}


def package_versions(names=PROVENANCE_PACKAGES) -> dict[str, str]:
    """Installed versions of ``names`` (``"missing"`` for absent packages)."""
    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "missing"
    return versions


@lru_cache(maxsize=1)
def code_version() -> str:
    """The git commit of the checkout (with ``-dirty`` when it has changes), or the package version."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=config.PROJECT_ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=config.PROJECT_ROOT, capture_output=True, text=True, check=True,
        ).stdout.strip()
        return commit + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return f"warsignals {__version__}"


def corpus_hash(documents: pd.DataFrame) -> str:
    """A sha256 over the documents' ids and text hashes, independent of row order."""
    if "sha256" in documents:
        text_hashes = documents["sha256"].astype(str)
    else:
        text_hashes = documents["text"].map(lambda t: hashlib.sha256(str(t).encode("utf-8")).hexdigest())
    pairs = sorted(zip(documents["doc_id"].astype(str), text_hashes, strict=True))
    digest = hashlib.sha256()
    for doc_id, text_hash in pairs:
        digest.update(f"{doc_id}\t{text_hash}\n".encode())
    return digest.hexdigest()


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def tight_bbox(fig):
    """The area a ``bbox_inches="tight"`` save keeps of a figure already laid out (inches, padded as savefig pads)."""
    pad = matplotlib.rcParams["savefig.pad_inches"]
    return fig.get_tightbbox().padded(pad, pad)


def _lay_out(fig, dpi: int):
    """Run the figure's layout engine at ``dpi`` (as ``savefig`` at that resolution would) and return the area a
    ``bbox_inches="tight"`` save keeps (inches, padded as savefig pads)."""
    from matplotlib import cbook

    with cbook._setattr_cm(fig, dpi=dpi):
        fig.draw_without_rendering()
        return tight_bbox(fig)


@contextmanager
def _layout_fixed(fig):
    """Keep a laid-out figure's layout while it is saved again: no layout engine at all, so ``savefig`` neither
    lays it out again nor runs the extra draw it runs for any engine (even ``"none"``'s placeholder) before
    drawing the figure for real; that extra pass costs about as much as the drawing itself."""
    engine = fig.get_layout_engine()
    with matplotlib.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)  # with both rc settings off, None removes the engine
    try:
        yield fig
    finally:
        fig.set_layout_engine(engine)


def inline_png(fig) -> bytes:
    """The PNG a notebook shows of a figure: at screen resolution (the figure's ``dpi``), with the layout and crop
    of its last :func:`save_figure`, or laid out and cropped now if it was never saved as PNG.

    A saved figure is not drawn again: its saved PNG is reduced to screen resolution (area averaging, which is
    what drawing it at the lower resolution approximates), a tenth of the time of a new drawing.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(layout="constrained"); _ = fig.add_subplot().plot([0, 1])
    >>> inline_png(fig)[:4]
    b'\\x89PNG'
    """
    buffer = io.BytesIO()
    saved = getattr(fig, "_warsignals_png", None)
    if saved is not None and Path(saved[0]).is_file():
        from PIL import Image

        path, dpi = saved
        with Image.open(path) as image:
            image.load()
            scale = fig.dpi / dpi
            size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
            factor = dpi / fig.dpi
            if factor == int(factor) and factor >= 1:
                image = image.reduce(int(factor))  # box average over factor x factor pixels
            image = image.resize(size, Image.Resampling.LANCZOS) if image.size != size else image
            image.save(buffer, format="png")
        return buffer.getvalue()
    bbox = getattr(fig, "_warsignals_bbox", None)
    if bbox is None:
        fig.savefig(buffer, format="png", bbox_inches="tight")
    else:
        with _layout_fixed(fig):
            fig.savefig(buffer, format="png", bbox_inches=bbox)
    return buffer.getvalue()


FIGURE_ANALYSES: tuple[str, ...] = ("corpus", "signals", "topics", "stance", "validate")


def figure_functions(name: str) -> dict[str, str | None]:
    """The data and plot functions of figure ``name``: ``warsignals.<analysis>.NAME_table`` and ``plots.NAME``.

    A name made of a base and a suffix (``signals_by_actor_RUS``) is traced by its longest base that has both
    functions. Analyses are looked up by name (:data:`FIGURE_ANALYSES`) when a figure is saved; this module imports
    none of them when it loads.

    Returns
    -------
    dict
        ``data_function`` and ``plot_function`` (dotted paths; None when the name has no such pair).

    Examples
    --------
    >>> figure_functions("corrected_rates")["data_function"]
    'warsignals.validate.corrected_rates_table'
    """
    import importlib

    plots = importlib.import_module("warsignals.plots")
    parts = name.split("_")
    for end in range(len(parts), 0, -1):
        base = "_".join(parts[:end])
        if not callable(getattr(plots, base, None)):
            continue
        for analysis in FIGURE_ANALYSES:
            if callable(getattr(importlib.import_module(f"warsignals.{analysis}"), f"{base}_table", None)):
                return {"data_function": f"warsignals.{analysis}.{base}_table",
                        "plot_function": f"warsignals.plots.{base}"}
    return {"data_function": None, "plot_function": None}


def save_figure(
    fig,
    name: str,
    figures_dir: str | Path,
    *,
    params: dict | None = None,
    corpus_sha256: str | None = None,
    data: pd.DataFrame | None = None,
    formats: tuple[str, ...] = FORMATS,
    caption: str | None = None,
) -> dict[str, Path]:
    """Save a figure in every format with a JSON provenance sidecar (and its data as CSV).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure, as returned by a function of :mod:`warsignals.plots`.
    name : str
        File stem, e.g. ``"signals_over_time"``.
    figures_dir : str or Path
        Output folder (created if needed).
    params : dict, optional
        Parameters that produced the figure (recorded in the sidecar).
    corpus_sha256 : str, optional
        Hash of the corpus (:func:`corpus_hash`).
    data : DataFrame, optional
        The tidy table drawn; written beside the figure as ``<name>.csv``.
    formats : tuple of str
        Any of ``png``, ``svg``, ``pdf``.
    caption : str, optional
        Text drawn above the figure's top left corner and recorded in the sidecar, e.g. the corpus and its
        number of documents (:func:`warsignals.describe.corpus_caption`).

    Returns
    -------
    dict
        Format (and ``"json"``, ``"csv"``) to written path.
    """
    folder = Path(figures_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    if caption and getattr(fig, "_warsignals_caption", None) != caption:
        # above the figure's top left corner: nothing else is drawn there (legends may sit at the bottom)
        fig.text(0.01, 1.0, caption, fontsize=6.5, color="#555555", ha="left", va="bottom")
        fig._warsignals_caption = caption
    unknown = [fmt for fmt in formats if fmt not in _METADATA]
    if unknown:
        raise ValueError(f"unknown figure format {unknown[0]!r}")
    with matplotlib.rc_context({"svg.hashsalt": "warsignals", "pdf.compression": 6}):
        # the figure is laid out and cropped once, at the saved resolution; every format reuses that layout and
        # crop, which saves a layout pass and a cropping pass per format (each as long as drawing the figure)
        bbox = _lay_out(fig, config.FIGURE_DPI)
        for fmt in formats:
            path = folder / f"{name}.{fmt}"
            with _layout_fixed(fig):
                fig.savefig(path, format=fmt, dpi=config.FIGURE_DPI, metadata=_METADATA[fmt], bbox_inches=bbox)
            written[fmt] = path
    fig._warsignals_bbox = bbox
    fig._warsignals_png = (written["png"], config.FIGURE_DPI) if "png" in written else None
    if data is not None:
        written["csv"] = write_table(data, folder / f"{name}.csv")
    sidecar = {
        "figure": name,
        **figure_functions(name),
        "files": sorted(p.name for p in written.values()),
        "parameters": _jsonable(params or {}),
        "corpus_sha256": corpus_sha256,
        "caption": caption,
        "code_version": code_version(),
        "packages": package_versions(),
    }
    written["json"] = folder / f"{name}.json"
    written["json"].write_text(json.dumps(sidecar, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return written
