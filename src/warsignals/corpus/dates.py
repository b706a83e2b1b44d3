"""Date parsing with precision: day, month or year, as corpus metadata actually gives dates.

Accepted forms: ``2024-05-24``, ``2024/05/24``, ``24.05.2024``, ``20240524`` (yt-dlp ``upload_date``), ISO
datetimes (``2024-05-24T18:30:00Z``; the calendar date as written is kept, no time-zone shift), ``24 May 2024``,
``May 24, 2024``, ``Friday, 24 May 2024``, ``2024-05`` and ``May 2024`` (month precision), ``2024`` (year
precision), and date/datetime objects. A month or year date is stored as the first day of its period.
"""

from __future__ import annotations

import datetime as _dt
import math
import re

import pandas as pd

PRECISIONS: tuple[str, ...] = ("day", "month", "year")
_RANK = {"day": 0, "month": 1, "year": 2}

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month_name>[A-Za-z]{3,9})\.?"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), precision)
    for pattern, precision in (
        (r"(?P<year>\d{4})", "year"),
        (r"(?P<year>\d{4})[-/](?P<month>\d{1,2})", "month"),
        (r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})", "day"),
        (r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})", "day"),
        (
            r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?"
            r"\s*(?:Z|UTC|[+-]\d{2}:?\d{2})?",
            "day",
        ),
        (r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})", "day"),
        (_MONTH + r",?\s+(?P<year>\d{4})", "month"),
        (_WEEKDAY + _DAY + r"\s+" + _MONTH + r",?\s+(?P<year>\d{4})", "day"),
        (_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+(?P<year>\d{4})", "day"),
    )
)
_FILENAME_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)(?!\d)"), "day"),
    (re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)(?![\d-])"), "month"),
    (re.compile(r"(?<![\d-])(?P<year>(?:19|20)\d\d)(?![\d-])"), "year"),
)


def is_missing(value: object) -> bool:
    """True for ``None``, NaN/NaT and blank strings."""
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and not value.strip():
        return True
    try:
        return bool(pd.isna(value)) if not isinstance(value, (list, dict, tuple)) else False
    except (TypeError, ValueError):
        return False


def _build(year: int, month: int, day: int, precision: str) -> pd.Timestamp:
    if not 1000 <= year <= 2999:
        raise ValueError(f"year {year} out of range")
    return pd.Timestamp(_dt.date(year, month, day))


def _from_match(match: re.Match[str], precision: str) -> pd.Timestamp:
    groups = match.groupdict()
    year = int(groups["year"])
    if groups.get("month_name"):
        name = groups["month_name"].lower()
        if name not in _MONTHS:
            raise ValueError(f"unknown month name {groups['month_name']!r}")
        month = _MONTHS[name]
    else:
        month = int(groups.get("month") or 1)
    day = int(groups.get("day") or 1)
    return _build(year, month, day, precision)


#: The first and last whole days a ``datetime64[ns]`` column (the documents table's ``date``) can hold.
FIRST_DAY = pd.Timestamp("1677-09-22")
LAST_DAY = pd.Timestamp("2262-04-11")


def parse_date(value: object) -> tuple[pd.Timestamp, str] | None:
    """Parse one date value (see :func:`_parse_date`) and check it fits the documents table.

    Raises
    ------
    ValueError
        When the value is not a recognisable date, or falls outside :data:`FIRST_DAY` .. :data:`LAST_DAY`
        (the range of nanosecond timestamps), so that such a record is rejected instead of the whole ingest
        failing.
    """
    try:
        parsed = _parse_date(value)
    except (OverflowError, pd.errors.OutOfBoundsDatetime) as exc:
        raise ValueError(f"date out of range ({exc})") from None
    if parsed is not None and not FIRST_DAY <= parsed[0] <= LAST_DAY:
        raise ValueError(
            f"date {parsed[0].strftime('%Y-%m-%d')} outside the supported range "
            f"{FIRST_DAY:%Y-%m-%d} to {LAST_DAY:%Y-%m-%d}"
        )
    return parsed


def _parse_date(value: object) -> tuple[pd.Timestamp, str] | None:
    """Parse one date value.

    Parameters
    ----------
    value : object
        A string, a number (year or ``YYYYMMDD``) or a date/datetime object.

    Returns
    -------
    tuple of (Timestamp, str) or None
        The period-start timestamp and its precision (``day``, ``month`` or ``year``); ``None`` when the
        value is missing (None, NaN, blank).

    Raises
    ------
    ValueError
        When the value is present but not a recognisable date.
    """
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp | _dt.datetime):
        stamp = pd.Timestamp(value)
        return pd.Timestamp(stamp.year, stamp.month, stamp.day), "day"
    if isinstance(value, _dt.date):
        return pd.Timestamp(value), "day"
    if hasattr(value, "dtype") and str(getattr(value, "dtype", "")).startswith("datetime64"):
        stamp = pd.Timestamp(value)
        return pd.Timestamp(stamp.year, stamp.month, stamp.day), "day"
    if isinstance(value, bool):
        raise ValueError(f"not a date: {value!r}")
    if isinstance(value, int | float):
        if float(value) != int(value):
            raise ValueError(f"not a date: {value!r}")
        value = str(int(value))
    if not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    text = " ".join(value.split())
    for pattern, precision in _PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return _from_match(match, precision), precision
    raise ValueError(f"unrecognised date format {value!r}")


def apply_precision(stamp: pd.Timestamp, parsed: str, declared: object) -> tuple[pd.Timestamp, str]:
    """Coarsen a parsed date to a declared precision (e.g. a manifest's ``date_precision``).

    Raises
    ------
    ValueError
        When the declared precision is unknown or finer than the date itself.
    """
    if is_missing(declared):
        return stamp, parsed
    wanted = str(declared).strip().lower()
    if wanted not in _RANK:
        raise ValueError(f"date_precision must be day, month or year, not {declared!r} (a column of other "
                         "values: --precision-column none, or precision_column: none in notebook 01)")
    if _RANK[wanted] < _RANK[parsed]:
        raise ValueError(f"date has {parsed} precision, but date_precision says {wanted}")
    if wanted == "month":
        stamp = pd.Timestamp(stamp.year, stamp.month, 1)
    elif wanted == "year":
        stamp = pd.Timestamp(stamp.year, 1, 1)
    return stamp, wanted


def date_from_filename(name: str) -> tuple[pd.Timestamp, str] | None:
    """A date written in a file name (``YYYY-MM-DD``, ``YYYY-MM`` or a 19xx/20xx year), else ``None``."""
    for pattern, precision in _FILENAME_PATTERNS:
        match = pattern.search(name)
        if match:
            try:
                return _from_match(match, precision), precision
            except ValueError:
                continue
    return None
