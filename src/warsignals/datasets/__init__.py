"""Datasets shipped with warsignals: the two official voices of the war, ready to analyse offline.

``list_datasets()`` names them; ``load_dataset(name)`` returns a documents table in the corpus loader's shape
(``doc_id, date, date_precision, source, speaker, title, text, path, sha256`` plus ``side`` and ``url``), as
seaborn and scikit-learn ship theirs. The files are zstd Parquet inside the package with their provenance and
licence beside them (``PROVENANCE.md``), so they travel with the wheel.

They are also the default corpus of ``make run``: notebook 01's ``corpus`` takes dataset names, the keyword
``demo`` (the synthetic demo corpus) or corpus files (:func:`parse_corpus`, :func:`corpus_inputs`).

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
from pathlib import Path

import pandas as pd

from warsignals import config
from warsignals.errors import InputError, ParameterError

__all__ = ["DATASETS", "CorpusChoice", "corpus_inputs", "dataset_credits", "dataset_path", "list_datasets",
           "load_dataset", "parse_corpus", "write_dataset"]


@dataclass(frozen=True)
class Dataset:
    """One shipped dataset: file, record count, checksum, licence and attribution.

    ``label`` names it in figure captions and ``credit`` is the short attribution drawn under that name.
    """

    name: str
    file: str
    records: int
    sha256: str
    licence: str
    attribution: str
    description: str
    label: str
    credit: str


DATASETS: dict[str, Dataset] = {
    "kremlin-ukraine": Dataset(
        "kremlin-ukraine", "kremlin-ukraine.parquet", 126,
        "02a2c5b47f56d9d490b2ce5bdfb49aea7e3e4377a3786f69c3cd71ea19856396", "CC BY 4.0",
        "Source: President of Russia, en.kremlin.ru, CC BY 4.0 (collection: Turan and Ucuzal, Mendeley Data V1, "
        "2026, doi:10.17632/xhvrx9fyd4.1)",
        "126 transcripts of the Russian President's remarks on Ukraine, 2022-02-21 to 2025-12-31",
        "Kremlin transcripts on Ukraine", "Source: President of Russia, en.kremlin.ru, CC BY 4.0",
    ),
    "ukraine-addresses": Dataset(
        "ukraine-addresses", "ukraine-addresses.parquet", 312,
        "3e5a8639e7ae1f68c163018e87a3bb92ca41a8f9c47bc6cad6b1c81f4c8f9cdc", "CC0 1.0",
        "Ukrainian official video addresses, github.com/Amice13/resistinua (CC0 1.0)",
        "312 English texts of Ukrainian officials' video addresses, 2022-02-22 to 2022-05-17 (42 placeholder "
        "records of untranslated briefings dropped: ukraine-addresses.dropped.json)",
        "Ukrainian official addresses", "Ukrainian official addresses: github.com/Amice13/resistinua, CC0 1.0",
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


# ------------------------------------------------------------------------------ the corpus of a pipeline run
@dataclass(frozen=True)
class CorpusChoice:
    """What a ``corpus`` value (notebook 01, ``warsignals run --corpus``) names.

    Attributes
    ----------
    datasets : tuple of str
        Shipped datasets, in the order given.
    demo : bool
        The synthetic demo corpus (never combined with anything else).
    paths : tuple of str
        Corpus files and folders.
    """

    datasets: tuple[str, ...] = ()
    demo: bool = False
    paths: tuple[str, ...] = ()


def parse_corpus(corpus: str | None) -> CorpusChoice:
    """Split a ``corpus`` value into shipped datasets, the demo keyword and paths.

    Parameters
    ----------
    corpus : str or None
        Comma-separated items: names of shipped datasets (:data:`DATASETS`), ``demo`` (the synthetic demo
        corpus), or corpus files and folders. Empty means the default corpus, ``config.DEFAULT_CORPUS`` (the
        two shipped datasets). A path spelled like a keyword is read as a path when written with a folder
        (``./demo``).

    Returns
    -------
    CorpusChoice

    Raises
    ------
    ParameterError
        When ``demo`` is combined with other corpora (synthetic and real documents in one run), or an item is
        given twice.

    Examples
    --------
    >>> parse_corpus("kremlin-ukraine, my/speeches.jsonl")
    CorpusChoice(datasets=('kremlin-ukraine',), demo=False, paths=('my/speeches.jsonl',))
    >>> parse_corpus("").datasets
    ('kremlin-ukraine', 'ukraine-addresses')
    """
    items = [item.strip() for item in (corpus or "").split(",") if item.strip()] or list(config.DEFAULT_CORPUS)
    repeated = sorted({item for item in items if items.count(item) > 1})
    if repeated:
        raise ParameterError(f"corpus: {', '.join(repeated)} given twice")
    demo = config.DEMO_CORPUS in items
    if demo and len(items) > 1:
        raise ParameterError(f"corpus: {config.DEMO_CORPUS!r} (the synthetic demo corpus) cannot be combined with "
                             "other corpora; run it alone")
    return CorpusChoice(
        datasets=tuple(item for item in items if item in DATASETS),
        demo=demo,
        paths=tuple(item for item in items if item not in DATASETS and item != config.DEMO_CORPUS),
    )


def write_dataset(name: str, folder) -> Path:
    """Write shipped dataset ``name`` as ``folder/<name>.parquet`` for the corpus loader.

    The table has the packaged columns (``id, date, source, speaker, side, title, text, url``) plus ``dataset``
    (the name, which :func:`warsignals.describe.corpus_caption` turns into the dataset's label and credit);
    the packaged ``PROVENANCE.md`` (licences and attribution) is copied beside it, where the loader skips it.
    The same dataset gives the same bytes on every call.

    Returns
    -------
    Path
        The written file.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = load_dataset(name).rename(columns={"doc_id": "id"})
    frame["date"] = frame["date"].dt.strftime("%Y-%m-%d")
    frame["dataset"] = name
    columns = ["id", "date", "source", "speaker", "side", "title", "text", "url", "dataset"]
    table = pa.Table.from_pandas(frame[columns], preserve_index=False).replace_schema_metadata(None)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.parquet"
    pq.write_table(table, path, compression="zstd", write_statistics=False, store_schema=False)
    provenance = files("warsignals.datasets") / "data" / "PROVENANCE.md"
    (folder / "PROVENANCE.md").write_bytes(provenance.read_bytes())
    return path


def corpus_inputs(corpus: str | None, folder, *, seed: int = config.DEFAULT_SEED,
                  demo_documents: int = 480) -> list[str]:
    """The files to ingest for a ``corpus`` value: shipped datasets and the demo corpus written into ``folder``.

    Parameters
    ----------
    corpus : str or None
        As in :func:`parse_corpus`.
    folder : path
        The run folder: datasets go to ``folder/datasets/``, the demo corpus to ``folder/demo_corpus/`` (with
        its planted truth, which notebook 05 reads).
    seed, demo_documents : int
        Seed and size of the demo corpus.

    Returns
    -------
    list of str
        Paths for :func:`warsignals.corpus.ingest_to_run`.
    """
    choice = parse_corpus(corpus)
    if choice.demo:
        from warsignals.demo import write_demo_corpus

        return [str(write_demo_corpus(Path(folder) / "demo_corpus", seed=seed, n_documents=demo_documents))]
    written = [str(write_dataset(name, Path(folder) / "datasets")) for name in choice.datasets]
    return written + list(choice.paths)


def dataset_credits(documents: pd.DataFrame) -> list[tuple[str, str, str, int]]:
    """Shipped datasets among ``documents`` (column ``dataset``): ``(label, side, credit, n_documents)`` each.

    Empty when the documents carry no ``dataset`` column (a corpus read from files).
    """
    if "dataset" not in documents.columns:
        return []
    out = []
    names = documents["dataset"].fillna("").astype(str)
    for name in dict.fromkeys(names):
        if name not in DATASETS:
            continue
        rows = documents[names == name]
        sides = sorted(set(rows["side"].dropna().astype(str))) if "side" in rows else []
        spec = DATASETS[name]
        out.append((spec.label, ", ".join(sides), spec.credit, int(rows["doc_id"].nunique())))
    return out
