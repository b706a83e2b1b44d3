"""Datasets shipped with warsignals: the two official voices of the war, ready to analyse offline.

``list_datasets()`` names them; ``load_dataset(name)`` returns a documents table in the corpus loader's shape
(``doc_id, date, date_precision, source, speaker, title, text, path, sha256`` plus ``side`` and ``url``), as
seaborn and scikit-learn ship theirs. The files are zstd Parquet inside the package with their provenance and
licence beside them (``PROVENANCE.md``), so they travel with the wheel.

Examples
--------
>>> from warsignals.datasets import list_datasets, load_dataset
>>> sorted(list_datasets()["name"])
['kremlin-ukraine', 'ukraine-addresses']
>>> load_dataset("ukraine-addresses")["side"].unique().tolist()
['UKR officials']
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib.resources import files

import pandas as pd

from warsignals.errors import InputError

__all__ = ["DATASETS", "list_datasets", "load_dataset", "dataset_path"]


@dataclass(frozen=True)
class Dataset:
    """One shipped dataset: file, record count, checksum, licence and attribution."""

    name: str
    file: str
    records: int
    sha256: str
    licence: str
    attribution: str
    description: str


DATASETS: dict[str, Dataset] = {
    "kremlin-ukraine": Dataset(
        "kremlin-ukraine", "kremlin-ukraine.parquet", 126,
        "02a2c5b47f56d9d490b2ce5bdfb49aea7e3e4377a3786f69c3cd71ea19856396", "CC BY 4.0",
        "Source: President of Russia, en.kremlin.ru, CC BY 4.0 (collection: Turan and Ucuzal, Mendeley Data V1, "
        "2026, doi:10.17632/xhvrx9fyd4.1)",
        "126 transcripts of the Russian President's remarks on Ukraine, 2022-02-21 to 2025-12-31",
    ),
    "ukraine-addresses": Dataset(
        "ukraine-addresses", "ukraine-addresses.parquet", 312,
        "3e5a8639e7ae1f68c163018e87a3bb92ca41a8f9c47bc6cad6b1c81f4c8f9cdc", "CC0 1.0",
        "Ukrainian official video addresses, github.com/Amice13/resistinua (CC0 1.0)",
        "312 English texts of Ukrainian officials' video addresses, 2022-02-22 to 2022-05-17 (42 placeholder "
        "records of untranslated briefings dropped: ukraine-addresses.dropped.json)",
    ),
}


def dataset_path(name: str):
    """The packaged file of dataset ``name`` (an importlib resource path)."""
    return files("warsignals.datasets") / "data" / _get(name).file


def _get(name: str) -> Dataset:
    if name not in DATASETS:
        raise InputError(f"unknown dataset {name!r} (known: {', '.join(DATASETS)})")
    return DATASETS[name]


def list_datasets() -> pd.DataFrame:
    """The shipped datasets: ``name, records, licence, attribution, description``."""
    return pd.DataFrame([{"name": d.name, "records": d.records, "licence": d.licence, "attribution": d.attribution,
                          "description": d.description} for d in DATASETS.values()])


def load_dataset(name: str, verify: bool = True) -> pd.DataFrame:
    """Load a shipped dataset as a documents table.

    Parameters
    ----------
    name : str
        ``"kremlin-ukraine"`` or ``"ukraine-addresses"`` (see :func:`list_datasets`).
    verify : bool
        Check the file's sha256 against the recorded one first.

    Returns
    -------
    DataFrame
        ``doc_id, date, date_precision, source, speaker, side, title, text, url, path, sha256`` (``sha256`` of
        each text, as the corpus loader computes it), sorted by date and id.

    Raises
    ------
    InputError
        For an unknown name or a file whose checksum does not match.

    Examples
    --------
    >>> load_dataset("kremlin-ukraine").shape[0]
    126
    """
    spec = _get(name)
    data = dataset_path(name).read_bytes()
    if verify and hashlib.sha256(data).hexdigest() != spec.sha256:
        raise InputError(f"dataset {name}: the packaged file does not match its recorded checksum (reinstall)")
    import io

    import pyarrow.parquet as pq

    frame = pq.read_table(io.BytesIO(data)).to_pandas()
    frame = frame.rename(columns={"id": "doc_id"})
    frame["date"] = pd.to_datetime(frame["date"])
    frame["date_precision"] = "day"
    frame["path"] = f"warsignals.datasets:{name}"
    frame["sha256"] = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in frame["text"]]
    columns = ["doc_id", "date", "date_precision", "source", "speaker", "side", "title", "text", "url", "path",
               "sha256"]
    return frame[columns].sort_values(["date", "doc_id"], kind="stable").reset_index(drop=True)
