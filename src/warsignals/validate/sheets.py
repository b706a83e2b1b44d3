"""Coding sheets: draw a probability sample of scored sentences, read it back coded, fill it from planted truth.

A coding sheet is a CSV with one row per sampled sentence: the keys ``doc_id, sent_id``, the sentence with
one sentence of context either side, empty ``human_*`` columns for the coder and the row's
``inclusion_probability`` (the probability that the sampling design drew it). Those probabilities are what
make the corrected estimates of :mod:`warsignals.validate.estimates` unbiased however the sheet was drawn
(stratified, oversampling rare signals), so :func:`read_sheets` accepts any sheet that has them, whoever
drew it. A CSV cannot carry a header comment that every reader skips, so the sheet's description and the link
to the codebook go into a sidecar ``<sheet>.README.md`` written beside it (:func:`write_sheet`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from warsignals import config
from warsignals.errors import InputError, ParameterError
from warsignals.tables import read_table, write_table
from warsignals.validate.names import ALLOCATIONS, STRATA  # noqa: F401 (re-exported)

KEYS = ("doc_id", "sent_id")
SIGNAL_VALUES = ("escalation", "negotiation", "mixed", "none")
# Codes of the codebook that the scorer does not produce count as "none".
SIGNAL_ALIASES = {"other_conflict": "none", "other_cooperation": "none"}
STANCE_VALUES = ("FAVOR", "AGAINST", "NONE")
HEDGED_VALUES = {"yes": "yes", "y": "yes", "true": "yes", "1": "yes", "no": "no", "n": "no", "false": "no",
                 "0": "no"}
SCORER_COLUMNS = ("signal", "category", "actor", "hedged", "negated")
EMPTY_ACTOR = ""


def stance_columns(targets: Sequence[str] | None = None) -> list[str]:
    """The ``human_stance_<target>`` columns of a sheet, for ``targets`` or every target of the YAML.

    Examples
    --------
    >>> stance_columns(["negotiations"])
    ['human_stance_negotiations']
    """
    from warsignals.stance import load_targets

    names = list(targets) if targets is not None else list(load_targets())
    return [f"human_stance_{t}" for t in names]


def _allocate(sizes: pd.Series, n: int, allocation: str) -> pd.Series:
    """Rows to draw per stratum: ``n`` split by the allocation rule, capped at the stratum's size."""
    if allocation not in ALLOCATIONS:
        raise ParameterError(f"allocation must be one of {', '.join(ALLOCATIONS)}, not {allocation!r}")
    capacity = sizes.to_numpy(dtype=int)
    weights = {"equal": np.ones(len(sizes)), "proportional": capacity.astype(float),
               "sqrt": np.sqrt(capacity)}[allocation]
    quota = np.zeros(len(sizes), dtype=int)
    remaining = min(int(n), int(capacity.sum()))
    while remaining > 0:
        room = capacity - quota
        share = np.where(room > 0, weights, 0.0)
        ideal = remaining * share / share.sum()
        full = (room > 0) & (ideal >= room)
        if full.any():  # small strata are taken whole; the rest is reallocated
            quota[full] += room[full]
            remaining -= int(room[full].sum())
            continue
        base = np.floor(ideal).astype(int)
        quota += base
        remaining -= int(base.sum())
        for i in np.argsort(-(ideal - base), kind="stable")[:remaining]:  # largest remainders
            quota[i] += 1
        remaining = 0
    return pd.Series(quota, index=sizes.index)


def draw_sheet(
    scored: pd.DataFrame,
    n: int = 300,
    strata: str | Sequence[str] | None = None,
    allocation: str = "equal",
    seed: int = config.DEFAULT_SEED,
    frequency: str = "month",
    show_scorer: bool = False,
    targets: Sequence[str] | None = None,
    stance: pd.DataFrame | None = None,
    context: int = 1,
    text_column: str = "sentence",
) -> pd.DataFrame:
    """Draw a coding sheet: a (stratified) random sample of sentences with their inclusion probabilities.

    Within each stratum rows are drawn by simple random sampling without replacement, so a row's inclusion
    probability is ``n_h / N_h`` (drawn / available in its stratum). Rows come in random order: coders code
    from the top, and a sheet coded only part of the way is still a random subsample of each stratum.

    Parameters
    ----------
    scored : DataFrame
        Scored sentences (``warsignals score`` output or a run's ``signals.parquet``) with ``doc_id``,
        ``sent_id`` and the text column; ``date`` for period strata, ``source`` for source strata.
    n : int
        Rows to draw (at most the number of sentences).
    strata : str or sequence of str, optional
        ``signal`` (the scorer's label: oversamples rare signals), ``period``, ``source`` or any column;
        ``None`` draws a simple random sample.
    allocation : {"equal", "proportional", "sqrt"}
        How ``n`` is split across strata: equally (rare strata oversampled most), in proportion to their
        size, or to its square root (a compromise). Small strata are taken whole and the rest reallocated.
    seed : int
        Seed of the draw.
    frequency : str
        Period length for ``period`` strata.
    show_scorer : bool
        Keep the scorer's answers (``signal, category, actor, hedged, negated`` and ``stance_<target>``) in
        the sheet; hidden by default so that coders are not anchored by them.
    targets : sequence of str, optional
        Stance targets for the ``human_stance_<target>`` columns (default: every target of
        ``data/stance_targets.yaml``).
    stance : DataFrame, optional
        Long stance table (``doc_id, sent_id, target, stance``) shown with ``show_scorer``.
    context : int
        Sentences of context before and after.
    text_column : str
        Column holding the sentence.

    Returns
    -------
    DataFrame
        ``row, doc_id, sent_id, date, source, speaker, context_before, sentence, context_after``, the scorer's
        columns when shown, empty ``human_signal, human_actor, human_hedged, human_stance_<target>, notes``,
        and ``stratum, inclusion_probability``.

    Examples
    --------
    >>> scored = pd.DataFrame({"doc_id": ["d1"] * 4, "sent_id": range(4), "sentence": list("abcd"),
    ...                        "signal": ["none", "none", "none", "escalation"]})
    >>> sheet = draw_sheet(scored, n=2, strata="signal", targets=["negotiations"])
    >>> sorted(sheet["inclusion_probability"].round(3))
    [0.333, 1.0]
    """
    for column in (*KEYS, text_column):
        if column not in scored.columns:
            raise ParameterError(f"the scored table has no column {column!r} (columns: {list(scored.columns)})")
    if isinstance(n, bool) or int(n) < 1:
        raise ParameterError(f"n must be a positive integer, not {n!r}")
    frame = scored.reset_index(drop=True).copy()
    keys = [strata] if isinstance(strata, str) else list(strata or [])
    for key in keys:
        if key == "period":
            if "date" not in frame.columns:
                raise ParameterError("strata 'period' needs a 'date' column in the scored table")
            from warsignals.timeseries import assign_period

            frame["period"] = assign_period(frame["date"], frequency)
        elif key not in frame.columns:
            raise ParameterError(f"strata column {key!r} is not in the scored table")
    if keys:
        values = frame[keys].astype(str)
        if values.isna().any().any():  # a missing value: the row-wise join says which
            label = values.agg("|".join, axis=1)
        else:  # the same labels as the row-wise join, one column at a time
            label = values[keys[0]].str.cat([values[key] for key in keys[1:]], sep="|") if len(keys) > 1 \
                else values[keys[0]]
    else:
        label = pd.Series("all", index=frame.index)
    sizes = label.value_counts().sort_index()
    quota = _allocate(sizes, int(n), allocation)
    rng = np.random.default_rng(seed)
    chosen, probability = [], {}
    for stratum, size in sizes.items():
        take = int(quota[stratum])
        probability[stratum] = take / size
        if take:
            members = np.flatnonzero(label.to_numpy() == stratum)
            chosen.extend(rng.choice(members, size=take, replace=False).tolist())
    order = rng.permutation(len(chosen))
    sample = frame.iloc[np.asarray(chosen, dtype=int)[order]].copy()
    if context > 0:
        lookup = dict(zip(zip(frame["doc_id"], frame["sent_id"], strict=True), frame[text_column], strict=True))
        sample["context_before"] = [
            " ".join(str(lookup.get((d, s - k), "")) for k in range(context, 0, -1)).strip()
            for d, s in zip(sample["doc_id"], sample["sent_id"], strict=True)]
        sample["context_after"] = [
            " ".join(str(lookup.get((d, s + k), "")) for k in range(1, context + 1)).strip()
            for d, s in zip(sample["doc_id"], sample["sent_id"], strict=True)]
    else:
        sample["context_before"] = sample["context_after"] = ""
    columns = ["doc_id", "sent_id"] + [c for c in ("date", "source", "speaker") if c in sample.columns]
    columns += ["context_before", text_column, "context_after"]
    out = sample[columns].rename(columns={text_column: "sentence"})
    if "date" in out.columns:
        out["date"] = pd.to_datetime(out["date"], errors="coerce").dt.strftime("%Y-%m-%d")
    if show_scorer:
        for column in SCORER_COLUMNS:
            if column in sample.columns:
                out[column] = sample[column].to_numpy()
        if stance is not None:
            wide = stance_wide(stance)
            out = out.merge(wide, on=list(KEYS), how="left")
    for column in ["human_signal", "human_actor", "human_hedged", *stance_columns(targets), "notes"]:
        out[column] = ""
    out["stratum"] = label.iloc[np.asarray(chosen, dtype=int)[order]].to_numpy()
    out["inclusion_probability"] = [probability[s] for s in out["stratum"]]
    out.insert(0, "row", np.arange(1, len(out) + 1))
    return out.reset_index(drop=True)


def stance_wide(stance: pd.DataFrame) -> pd.DataFrame:
    """A long stance table (``doc_id, sent_id, target, stance``) as one row per sentence, ``stance_<target>``.

    Examples
    --------
    >>> long = pd.DataFrame({"doc_id": ["d"], "sent_id": [0], "target": ["Russia"], "stance": ["AGAINST"]})
    >>> stance_wide(long).columns.tolist()
    ['doc_id', 'sent_id', 'stance_Russia']
    """
    needed = {*KEYS, "target", "stance"}
    if not needed <= set(stance.columns):
        raise InputError(f"the stance table lacks column(s) {sorted(needed - set(stance.columns))}")
    wide = stance.pivot_table(index=list(KEYS), columns="target", values="stance", aggfunc="first")
    wide.columns = [f"stance_{c}" for c in wide.columns]
    return wide.reset_index()


def _relative(path: Path, start: Path) -> str:
    try:
        return Path(os.path.relpath(path.resolve(), start.resolve())).as_posix()
    except ValueError:  # another drive
        return path.resolve().as_posix()


SIDECAR_TEMPLATE = """# Coding sheet `{name}`

Code each row's `sentence` (read with `context_before` and `context_after`) following the codebook:
[{codebook}]({codebook}) (warsignals' default codebook, `../shared/codebook.md` beside the checkout).
Rows are in random order: code from the top. Leave a cell empty when you do not code it; a row whose
`human_signal` is empty counts as not coded.

| column | what to enter |
|---|---|
| `row`, `doc_id`, `sent_id` | keys of the sentence: do not edit |
| `date`, `source`, `speaker`, `context_before`, `sentence`, `context_after` | what to read |
| `human_signal` | `escalation`, `negotiation`, `mixed` (both in one sentence) or `none`; the codebook's \
`other_conflict` and `other_cooperation` are accepted and count as `none` |
| `human_actor` | whose signal it is: ISO alpha-3 (`RUS`, `UKR`, `USA`, ...), `UN`, `NATO`, `EU`, `G7`, `AU`, \
`OTHER`; empty when there is no signal |
| `human_hedged` | `yes` / `no` (signals only) |
{stance_rows}| `notes` | free text |
| `stratum`, `inclusion_probability` | the sampling design: do not edit (they make the corrected estimates unbiased) |
{scorer_note}
Drawn by `warsignals sample` with n = {n}, strata = {strata}, allocation = {allocation}, seed = {seed}.
Read the sheet with `pandas.read_csv(path, dtype=str, keep_default_na=False)` (what `warsignals validate` does):
this keeps codes such as `NONE` and empty cells as written. Then run
`warsignals validate SCORED --coded {name} -o OUT_DIR`.
"""


def write_sheet(sheet: pd.DataFrame, path: str | Path, codebook: str | Path | None = None,
                design: dict | None = None) -> Path:
    """Write a coding sheet as CSV and its description, with the codebook link, as ``<sheet>.README.md``.

    Parameters
    ----------
    sheet : DataFrame
        Output of :func:`draw_sheet`.
    path : str or Path
        The ``.csv`` to write.
    codebook : str or Path, optional
        The codebook the coders follow (default ``config.CODEBOOK_FILE``); linked relative to the sheet.
    design : dict, optional
        ``n, strata, allocation, seed`` recorded in the sidecar.

    Returns
    -------
    Path
        The sidecar's path.

    Examples
    --------
    >>> import tempfile
    >>> scored = pd.DataFrame({"doc_id": ["d"] * 3, "sent_id": range(3), "sentence": list("abc"),
    ...                        "signal": ["none"] * 3})
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_sheet(draw_sheet(scored, n=2, targets=[]), folder / "sheet.csv").name
    'sheet.README.md'
    """
    path = Path(path)
    if path.suffix.lower() != ".csv":
        raise ParameterError(f"the coding sheet {path} must be a .csv file")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_table(sheet, path)
    design = design or {}
    book = Path(codebook) if codebook else config.CODEBOOK_FILE
    stance_rows = "".join(
        f"| `{c}` | `FAVOR`, `AGAINST` or `NONE`: the speaker's stance toward `{c.removeprefix('human_stance_')}` |\n"
        for c in sheet.columns if c.startswith("human_stance_"))
    shown = [c for c in sheet.columns if c in SCORER_COLUMNS or c.startswith("stance_")]
    listed = ", ".join(f"`{c}`" for c in shown)
    scorer_note = (f"\nThe scorer's answers are shown ({listed}): code independently of them.\n" if shown
                   else "\nThe scorer's answers are hidden so that they do not anchor the coder.\n")
    sidecar = path.with_name(path.stem + ".README.md")
    sidecar.write_text(SIDECAR_TEMPLATE.format(
        name=path.name, codebook=_relative(book, path.parent), stance_rows=stance_rows, scorer_note=scorer_note,
        n=design.get("n", len(sheet)), strata=design.get("strata") or "none",
        allocation=design.get("allocation", "equal"), seed=design.get("seed", "?")), encoding="utf-8")
    return sidecar


def fill_sheet_from_truth(sheet: pd.DataFrame, truth: pd.DataFrame) -> pd.DataFrame:
    """Fill a sheet's ``human_*`` columns from sentence-level planted truth (the demo corpus's).

    This is what a perfect coder would enter; it lets the synthetic demo run show the method end to end.
    It is not a substitute for coding a real corpus.

    Parameters
    ----------
    sheet : DataFrame
        A coding sheet (:func:`draw_sheet`).
    truth : DataFrame
        ``doc_id, sent_id, signal, actor, hedged`` and optionally ``stance_target, stance`` (the demo's
        ``truth/sentences.csv``; one stance target per sentence, NONE toward the others).

    Returns
    -------
    DataFrame
        The sheet with ``human_signal``, ``human_actor``, ``human_hedged`` and ``human_stance_<target>`` filled.

    Examples
    --------
    >>> sheet = pd.DataFrame({"doc_id": ["d"], "sent_id": [0], "human_signal": [""], "human_actor": [""],
    ...                       "human_hedged": [""], "human_stance_Russia": [""], "inclusion_probability": [1.0]})
    >>> truth = pd.DataFrame({"doc_id": ["d"], "sent_id": [0], "signal": ["escalation"], "actor": ["RUS"],
    ...                       "hedged": [False], "stance_target": ["Russia"], "stance": ["FAVOR"]})
    >>> fill_sheet_from_truth(sheet, truth)[["human_signal", "human_actor", "human_stance_Russia"]].iloc[0].tolist()
    ['escalation', 'RUS', 'FAVOR']
    """
    needed = {*KEYS, "signal", "actor", "hedged"}
    if not needed <= set(truth.columns):
        raise InputError(f"the truth table lacks column(s) {sorted(needed - set(truth.columns))}")
    planted = truth.assign(doc_id=truth["doc_id"].astype(str), sent_id=truth["sent_id"].astype(int))
    planted = planted.set_index(list(KEYS))
    index = pd.MultiIndex.from_arrays([sheet["doc_id"].astype(str), sheet["sent_id"].astype(int)])
    missing = ~index.isin(planted.index)
    if missing.any():
        doc, sent = index[int(np.flatnonzero(missing)[0])]
        raise InputError(f"sheet row ({doc}, {sent}) has no planted truth")
    rows = planted.loc[index]
    out = sheet.copy()
    is_signal = rows["signal"].to_numpy() != "none"
    out["human_signal"] = rows["signal"].to_numpy()
    out["human_actor"] = np.where(is_signal, rows["actor"].fillna("").astype(str).to_numpy(), "")
    out["human_hedged"] = np.where(is_signal, np.where(rows["hedged"].astype(bool).to_numpy(), "yes", "no"), "")
    for column in [c for c in out.columns if c.startswith("human_stance_")]:
        target = column.removeprefix("human_stance_")
        if "stance_target" in rows.columns:
            toward = rows["stance_target"].fillna("").astype(str).to_numpy() == target
            out[column] = np.where(toward, rows["stance"].fillna("NONE").astype(str).to_numpy(), "NONE")
    return out


# --------------------------------------------------------------------------------------------------
# Reading coded sheets
# --------------------------------------------------------------------------------------------------
@dataclass
class CodedSheets:
    """Coded sheets read and checked against the scored table.

    Attributes
    ----------
    coded : DataFrame
        One row per sampled sentence (union of the sheets): ``doc_id, sent_id, stratum,
        inclusion_probability`` and the normalised ``human_*`` columns (``""`` = not coded). Where several
        sheets code one sentence, the first sheet's code is used.
    coders : list of DataFrame
        Each sheet's normalised rows, for inter-coder reliability.
    names : list of str
        The sheets' names (file names).
    """

    coded: pd.DataFrame
    coders: list[pd.DataFrame] = field(default_factory=list)
    names: list[str] = field(default_factory=list)


def _line(i: int) -> int:
    return int(i) + 2  # header is line 1


def normalise_sheet(sheet: pd.DataFrame, name: str, scored_keys: pd.MultiIndex | None = None,
                    scored_name: str = "SCORED") -> pd.DataFrame:
    """Check one coding sheet and normalise its codes; errors name the sheet and the row (CSV line).

    Checks: the columns ``doc_id, sent_id, inclusion_probability`` and at least one ``human_*`` column exist;
    every key is in the scored table and appears once; every inclusion probability is a number in (0, 1];
    codes are valid (``human_signal``: the scorer's signals or the codebook's ``other_*``; ``human_hedged``:
    yes/no; ``human_stance_*``: FAVOR/AGAINST/NONE, any case).

    Returns
    -------
    DataFrame
        ``doc_id`` (str), ``sent_id`` (int), ``stratum``, ``inclusion_probability`` (float) and the
        ``human_*`` columns as normalised strings (``""`` = not coded).

    Examples
    --------
    >>> sheet = pd.DataFrame({"doc_id": ["d"], "sent_id": ["0"], "human_signal": ["other_conflict"],
    ...                       "inclusion_probability": ["0.5"]})
    >>> normalise_sheet(sheet, "sheet.csv")["human_signal"].tolist()
    ['none']
    """
    missing = [c for c in ("doc_id", "sent_id", "inclusion_probability") if c not in sheet.columns]
    human = [c for c in sheet.columns if str(c).startswith("human_")]
    if missing or not human:
        lacks = missing + ([] if human else ["human_* (e.g. human_signal)"])
        raise InputError(f"{name}: missing column(s) {', '.join(lacks)} (a coding sheet needs doc_id, sent_id, "
                         "human_* and inclusion_probability)")
    sheet = sheet.reset_index(drop=True)
    text = sheet.astype(str).where(sheet.notna(), "").apply(lambda s: s.str.strip())
    out = pd.DataFrame({"doc_id": text["doc_id"]})
    sent = pd.to_numeric(text["sent_id"], errors="coerce")
    bad = sent.isna() | (sent != sent.round())
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(f"{name}: row {_line(i)}: sent_id {text['sent_id'][i]!r} is not an integer")
    out["sent_id"] = sent.astype(int)
    probability = pd.to_numeric(text["inclusion_probability"], errors="coerce")
    bad = probability.isna() | ~(probability > 0) | (probability > 1)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(f"{name}: row {_line(i)}: inclusion_probability {text['inclusion_probability'][i]!r} "
                         "must be a number in (0, 1]")
    out["inclusion_probability"] = probability.astype(float)
    out["stratum"] = text["stratum"] if "stratum" in text.columns else out["inclusion_probability"].map(repr)
    duplicated = out.duplicated(list(KEYS))
    if duplicated.any():
        i = int(np.flatnonzero(duplicated.to_numpy())[0])
        raise InputError(f"{name}: row {_line(i)}: ({out['doc_id'][i]}, {out['sent_id'][i]}) appears twice")
    if scored_keys is not None:
        known = pd.MultiIndex.from_arrays([out["doc_id"], out["sent_id"]]).isin(scored_keys)
        if not known.all():
            i = int(np.flatnonzero(~known)[0])
            raise InputError(f"{name}: row {_line(i)}: (doc_id, sent_id) = ({out['doc_id'][i]}, "
                             f"{out['sent_id'][i]}) is not in {scored_name}")
    for column in human:
        values = text[column]
        if column == "human_signal":
            lowered = values.str.lower().replace(SIGNAL_ALIASES)
            allowed = set(SIGNAL_VALUES) | {""}
        elif column == "human_hedged":
            lowered = values.str.lower().map(lambda v: HEDGED_VALUES.get(v, v if v == "" else f"?{v}"))
            allowed = {"yes", "no", ""}
        elif column.startswith("human_stance_"):
            lowered = values.str.upper()
            allowed = set(STANCE_VALUES) | {""}
        elif column == "human_actor":
            lowered = values.str.upper()
            allowed = None
        else:
            lowered, allowed = values, None
        if allowed is not None:
            bad = ~lowered.isin(allowed)
            if bad.any():
                i = int(np.flatnonzero(bad.to_numpy())[0])
                choices = sorted(allowed - {""}) + (sorted(SIGNAL_ALIASES) if column == "human_signal" else [])
                raise InputError(f"{name}: row {_line(i)}: {column} {values[i]!r} is not one of "
                                 f"{', '.join(choices)} (or empty)")
        out[column] = lowered.to_numpy()
    return out


def combine_sheets(sheets: Sequence[pd.DataFrame], names: Sequence[str] | None = None,
                   scored: pd.DataFrame | None = None, scored_name: str = "SCORED") -> CodedSheets:
    """Check and merge coding sheets drawn in one design (e.g. two coders, or one sheet split between them).

    A sentence in several sheets must carry the same inclusion probability in each (the sheets are parts or
    copies of one draw); its code for estimation is the first sheet's non-empty code.

    Parameters
    ----------
    sheets : sequence of DataFrame
        Sheets as read (strings) or as drawn.
    names : sequence of str, optional
        Names used in error messages (default ``sheet1``, ``sheet2``, ...).
    scored : DataFrame, optional
        The scored table the sheets were drawn from; every sheet key must be in it.
    scored_name : str
        Its name in error messages.

    Returns
    -------
    CodedSheets

    Examples
    --------
    >>> a = pd.DataFrame({"doc_id": ["d"], "sent_id": [0], "human_signal": ["none"], "inclusion_probability": [1]})
    >>> combine_sheets([a]).coded["human_signal"].tolist()
    ['none']
    """
    if not sheets:
        raise ParameterError("no coding sheet given")
    names = list(names) if names is not None else [f"sheet{i + 1}" for i in range(len(sheets))]
    keys = None
    if scored is not None:
        keys = pd.MultiIndex.from_arrays([scored["doc_id"].astype(str), scored["sent_id"].astype(int)])
    frames = [normalise_sheet(s, n, keys, scored_name) for s, n in zip(sheets, names, strict=True)]
    merged = frames[0].copy()
    for frame, name in zip(frames[1:], names[1:], strict=True):
        both = merged.merge(frame[[*KEYS, "inclusion_probability"]], on=list(KEYS), suffixes=("", "_other"))
        differs = ~np.isclose(both["inclusion_probability"], both["inclusion_probability_other"])
        if differs.any():
            row = both[differs].iloc[0]
            raise InputError(f"{name}: ({row['doc_id']}, {row['sent_id']}) has inclusion_probability "
                             f"{row['inclusion_probability_other']:g}, not {row['inclusion_probability']:g} as in "
                             f"{names[0]}: sheets must come from one draw")
        merged = merged.merge(frame, on=list(KEYS), how="outer", suffixes=("", "__new"))
        for column in [c for c in frame.columns if c not in KEYS]:
            new = f"{column}__new"
            if column not in merged.columns:
                merged[column] = merged.pop(new).fillna("")
                continue
            if new in merged.columns:
                first = merged[column]
                merged[column] = first.where(first.notna() & (first.astype(str) != ""), merged[new])
                merged = merged.drop(columns=new)
    human = [c for c in merged.columns if c.startswith("human_")]
    merged[human] = merged[human].fillna("")
    return CodedSheets(coded=merged.reset_index(drop=True), coders=frames, names=names)


def read_sheets(paths: Sequence[str | Path], scored: pd.DataFrame | None = None,
                scored_name: str = "SCORED") -> CodedSheets:
    """Read coded sheets (CSV read as text, or JSONL/Parquet) and check them (:func:`combine_sheets`).

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "s.csv"
    >>> _ = path.write_text("doc_id,sent_id,human_signal,inclusion_probability\\nd,0,NONE,0.5\\n")
    >>> read_sheets([path]).coded["human_signal"].tolist()
    ['none']
    """
    paths = [Path(p) for p in paths]
    return combine_sheets([read_table(p, strings=True) for p in paths], [str(p) for p in paths], scored,
                          scored_name)
