"""The one table reader and writer of every command and notebook: CSV, TSV, JSONL and Parquet by extension.

:func:`read_table` reads a ``.csv``, ``.tsv``, ``.jsonl`` or ``.parquet`` file, or a folder holding a
(partitioned) Parquet dataset such as a run's ``sentences/``. :func:`write_table` writes one table and
:class:`TableWriter` appends batches to one file (``warsignals score`` writes its output batch by batch). In the
text formats a date column whose values carry no time is written as ``YYYY-MM-DD``, and ``cues`` (the scorer's
list of cue records) as JSON text. Every failure is one line naming the file: :class:`~warsignals.errors.InputError`
for a file that cannot be read, :class:`~warsignals.errors.ParameterError` for a path of another type.

pandas and pyarrow load when a table is read or written, not when this module is imported (the CLI's parsers
import it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from warsignals import config
from warsignals.errors import InputError, ParameterError

if TYPE_CHECKING:
    import pandas as pd

TABLE_SUFFIXES: tuple[str, ...] = config.TABLE_SUFFIXES
_TEXT_ERRORS = (ValueError, UnicodeDecodeError, OSError)


def _expected(path: Path) -> str:
    return f"{path}: expected a {', '.join(TABLE_SUFFIXES[:-1])} or {TABLE_SUFFIXES[-1]} table"


def is_parquet_dataset(path: str | Path) -> bool:
    """Whether ``path`` is a folder holding ``.parquet`` files (a partitioned dataset)."""
    path = Path(path)
    return path.is_dir() and next(path.rglob("*.parquet"), None) is not None


def parquet_dataset(path: str | Path):
    """The pyarrow dataset of a Parquet file or of a (hive-partitioned) folder of Parquet files."""
    import pyarrow.dataset as ds

    path = Path(path)
    try:
        if path.is_dir():
            return ds.dataset(sorted(str(p) for p in path.rglob("*.parquet")), format="parquet",
                              partitioning=ds.HivePartitioning.discover(infer_dictionary=False),
                              partition_base_dir=str(path))
        return ds.dataset(str(path), format="parquet")
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read the Parquet data: {exc}") from None


def read_table(path: str | Path, *, strings: bool = False) -> pd.DataFrame:
    """Read a table by its extension: ``.csv``, ``.tsv``, ``.jsonl``, ``.parquet``, or a Parquet dataset folder.

    Parameters
    ----------
    path : str or Path
        The file, or a folder holding ``.parquet`` files (partitioned as ``key=value`` folders or not).
    strings : bool
        Read a text table (CSV, TSV, JSONL) as text exactly as written: no type inference, empty cells stay
        ``""`` and words such as ``None`` or ``NA`` stay words (the form in which hand-coded sheets are read).
        Parquet keeps its types.

    Returns
    -------
    DataFrame

    Raises
    ------
    InputError
        When the file is missing, of another type, or unreadable (one line naming the file).

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> path = write_table(pd.DataFrame({"a": [1, 2], "b": ["x", "NA"]}), Path(tempfile.mkdtemp()) / "t.tsv")
    >>> read_table(path, strings=True)["b"].tolist()
    ['x', 'NA']
    """
    import pandas as pd

    path = Path(path)
    if is_parquet_dataset(path):  # a partitioned Parquet dataset (e.g. a run's sentences/)
        return parquet_dataset(path).to_table().to_pandas()
    if not path.is_file():
        raise InputError(f"{path}: file not found")
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise InputError(_expected(path))
    text = dict(dtype=str, keep_default_na=False) if strings else {}
    try:
        if suffix in (".csv", ".tsv"):
            return pd.read_csv(path, sep="\t" if suffix == ".tsv" else ",", **text)
        if suffix == ".jsonl":
            if not strings:
                return pd.read_json(path, lines=True)
            frame = pd.read_json(path, lines=True, dtype=False)
            return frame.apply(lambda col: col.map(lambda v: "" if v is None or v != v else str(v)))
        return pd.read_parquet(path)
    except (*_TEXT_ERRORS, pd.errors.ParserError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{path}: cannot read the table: {first}") from None


def write_table(frame: pd.DataFrame, path: str | Path, *, float_format: str | None = None) -> Path:
    """Write a table by its extension (``.csv``, ``.tsv``, ``.jsonl``, ``.parquet``), creating its folder.

    Parameters
    ----------
    frame : DataFrame
        The table (its index is not written).
    path : str or Path
        The output file.
    float_format : str, optional
        printf-style format of floats in CSV and TSV (e.g. ``"%.6g"``); default: pandas' shortest exact form.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    ParameterError
        For another extension.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> out = write_table(pd.DataFrame({"date": pd.to_datetime(["2022-03-01"])}), Path(tempfile.mkdtemp()) / "d.csv")
    >>> out.read_text()
    'date\\n2022-03-01\\n'
    """
    with TableWriter(path, float_format=float_format) as writer:
        writer.write(frame)
    return writer.path


def text_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """The table as the text formats write it: dates without a time as ``YYYY-MM-DD``, ``cues`` as JSON text."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype.kind == "M" and getattr(values.dt, "tz", None) is None:
            present = values.dropna()
            if (present == present.dt.normalize()).all():
                out[column] = values.dt.strftime("%Y-%m-%d").where(values.notna(), None)
    # the scorer's cue lists as JSON text; a column of text (an audit sheet's cues) is written as it is
    if "cues" in out.columns and out["cues"].map(lambda cs: isinstance(cs, (list, tuple, dict))
                                                 or hasattr(cs, "__array__")).any():
        out["cues"] = out["cues"].map(  # most sentences hold no cue: "[]" without the encoder
            lambda cs: "[]" if isinstance(cs, list) and not cs else json.dumps(cs, ensure_ascii=False, default=_plain))
    return out


def _plain(value):
    """A NumPy value as JSON can write it (cue lists read back from Parquet are arrays of dicts)."""
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


class TableWriter:
    """Append DataFrames to one ``.csv``, ``.tsv``, ``.jsonl`` or ``.parquet`` file.

    The first batch fixes a Parquet file's schema (a column that is empty in it takes the type of the
    first batch where it is not: all-null columns are written as text, an empty ``cues`` list as the cue
    struct); later batches are cast to it. In the text formats ``cues`` is JSON text and dates without a time
    are ``YYYY-MM-DD`` (:func:`text_columns`).

    Parameters
    ----------
    path : str or Path
        The output file; its folder is created.
    float_format : str, optional
        printf-style format of floats in CSV and TSV.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> path = Path(tempfile.mkdtemp()) / "rows.jsonl"
    >>> with TableWriter(path) as writer:
    ...     writer.write(pd.DataFrame({"a": [1]}))
    ...     writer.write(pd.DataFrame({"a": [2]}))
    >>> path.read_text()
    '{"a":1}\\n{"a":2}\\n'
    """

    def __init__(self, path: str | Path, *, float_format: str | None = None):
        self.path = Path(path)
        self.suffix = self.path.suffix.lower()
        if self.suffix not in TABLE_SUFFIXES:
            raise ParameterError(f"output {self.path} must end in {', '.join(TABLE_SUFFIXES)}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.float_format = float_format
        self.rows = 0
        self._writer = None
        self._schema = None
        self._started = False
        self._columns: list | None = None

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def write(self, frame: pd.DataFrame) -> None:
        """Append the rows of ``frame`` (same columns as the previous batches)."""
        self.rows += len(frame)
        if self.suffix == ".parquet":
            self._write_parquet(frame)
            return
        out = text_columns(frame)
        mode = "a" if self._started else "w"
        try:
            if self.suffix in (".csv", ".tsv"):
                out.to_csv(self.path, index=False, mode=mode, header=not self._started, lineterminator="\n",
                           sep="\t" if self.suffix == ".tsv" else ",", float_format=self.float_format)
            else:
                text = out.to_json(orient="records", lines=True, date_format="iso", force_ascii=False)
                with open(self.path, mode, encoding="utf-8") as handle:
                    handle.write(text if not text or text.endswith("\n") else text + "\n")
        except OSError as exc:
            raise InputError(f"{self.path}: cannot write the table: {exc.strerror or exc}") from None
        self._started = True

    def _write_parquet(self, frame: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(frame, preserve_index=False)
        if self._writer is None:
            self._schema = _settled_schema(table.schema)
            try:
                self._writer = pq.ParquetWriter(self.path, self._schema)
            except OSError as exc:
                raise InputError(f"{self.path}: cannot write the table: {exc}") from None
        if not table.schema.equals(self._schema, check_metadata=False):
            try:
                table = table.cast(self._schema)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError) as exc:
                raise InputError(f"{self.path}: a batch's columns do not match the first batch's types ({exc}); "
                                 "use a larger --batch-rows or give the input consistent types") from None
        self._writer.write_table(table)

    def close(self) -> None:
        """Finish the file (an empty input still gets a file with its columns)."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        self._started = True


def _settled_schema(schema):
    """A schema whose all-null columns are text and whose empty ``cues`` lists hold the cue struct."""
    import pyarrow as pa

    fields = []
    for field in schema:
        if pa.types.is_null(field.type):
            field = field.with_type(pa.string())
        elif field.name == "cues" and pa.types.is_list(field.type) and pa.types.is_null(field.type.value_type):
            field = field.with_type(cues_type())
        fields.append(field)
    return pa.schema(fields, metadata=schema.metadata)


def cues_type():
    """The Arrow type of the ``cues`` column (a list of cue structs)."""
    import pyarrow as pa

    return pa.list_(pa.struct([
        ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()), ("category", pa.string()),
        ("family", pa.string()), ("weight", pa.float64()), ("negated", pa.bool_()), ("modality", pa.string()),
        ("actor", pa.string()),
    ]))
