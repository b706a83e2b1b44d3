"""Human validation: a stratified audit sample to code, and agreement of coders with the scorer."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from warsignals import config
from warsignals.errors import InputError, ParameterError
from warsignals.tables import write_table


def audit_sample(
    scored: pd.DataFrame,
    n: int = 200,
    seed: int = config.DEFAULT_SEED,
    strata: tuple[str, ...] | list[str] = ("signal",),
    context: int = 1,
    path: str | Path | None = None,
    text_column: str = "sentence",
) -> pd.DataFrame:
    """A stratified random sample of scored sentences, with context, for human coding.

    Parameters
    ----------
    scored : DataFrame
        Output of :func:`score_sentences` (with ``doc_id`` and ``sent_id`` for context).
    n : int
        Sample size, split as evenly as possible across strata (small strata are taken whole).
    seed : int
        Random seed.
    strata : sequence of str
        Columns defining the strata.
    context : int
        Sentences of context before and after.
    path : str or Path, optional
        Where to write the CSV.
    text_column : str
        Sentence text column.

    Returns
    -------
    DataFrame
        ``audit_id, doc_id, sent_id, context_before, sentence, context_after`` plus the strata and model
        columns (``signal, category, actor, hedged, negated, cues``) and empty ``human_signal``,
        ``human_actor``, ``human_hedged``, ``notes`` columns for the coder.
    """
    missing = [c for c in strata if c not in scored.columns]
    if missing:
        raise ParameterError(f"strata column(s) not in the table: {missing}")
    if n < 1:
        raise ParameterError("n must be at least 1")
    rng = np.random.default_rng(seed)
    keys = list(strata)
    groups = list(scored.groupby(keys[0] if len(keys) == 1 else keys, sort=True).groups.items()) if keys else [
        (None, scored.index)]
    remaining, quota = n, {}
    for k, (key, idx) in enumerate(sorted(groups, key=lambda g: len(g[1]))):
        share = remaining // (len(groups) - k)
        quota[key] = min(len(idx), share)
        remaining -= quota[key]
    chosen = []
    for key, idx in groups:
        chosen += list(rng.choice(np.asarray(idx), size=quota[key], replace=False)) if quota[key] else []
    sample = scored.loc[sorted(chosen, key=lambda i: scored.index.get_loc(i))].copy()
    before, after = [], []
    has_keys = {"doc_id", "sent_id"} <= set(scored.columns)
    if has_keys and context > 0:
        lookup = dict(zip(zip(scored["doc_id"], scored["sent_id"], strict=True), scored[text_column], strict=True))
        for doc, sid in zip(sample["doc_id"], sample["sent_id"], strict=True):
            before.append(" ".join(lookup.get((doc, sid - k), "") for k in range(context, 0, -1)).strip())
            after.append(" ".join(lookup.get((doc, sid + k), "") for k in range(1, context + 1)).strip())
    else:
        before = after = [""] * len(sample)
    sample.insert(0, "audit_id", [f"a{i:04d}" for i in range(len(sample))])
    sample["context_before"], sample["context_after"] = before, after
    keep = ["audit_id"] + [c for c in ("doc_id", "sent_id", "date", "source", "speaker") if c in sample.columns]
    keep += ["context_before", text_column, "context_after"]
    keep += [c for c in list(strata) + ["signal", "category", "actor", "hedged", "negated", "cues"]
             if c in sample.columns and c not in keep]
    sample = sample[list(dict.fromkeys(keep))]
    if "cues" in sample.columns:
        sample["cues"] = sample["cues"].map(lambda cs: "; ".join(f"{c['text']} ({c['category']})" for c in cs))
    for column in ("human_signal", "human_actor", "human_hedged", "notes"):
        sample[column] = ""
    if path is not None:
        write_table(sample, path)
    return sample.reset_index(drop=True)


def agreement(coded_sheet: pd.DataFrame | str | Path, column_human: str = "human_signal",
              column_model: str = "signal") -> dict:
    """Agreement between human codes and model labels on an audit sheet.

    Parameters
    ----------
    coded_sheet : DataFrame or path
        The coded audit sheet (CSV path or table).
    column_human, column_model : str
        The two label columns; rows where the human column is empty are skipped.

    Returns
    -------
    dict
        ``n`` (units coded), ``percent_agreement``, ``cohen_kappa``, ``krippendorff_alpha`` (nominal).
    """
    from warsignals.evaluate import cohen_kappa, krippendorff_alpha

    if isinstance(coded_sheet, (str, Path)):
        sheet = pd.read_csv(coded_sheet, dtype=str, keep_default_na=False)
    else:
        sheet = coded_sheet
    for column in (column_human, column_model):
        if column not in sheet.columns:
            raise InputError(f"coded sheet lacks column {column!r}")
    human = sheet[column_human].astype(str).str.strip()
    model = sheet[column_model].astype(str).str.strip()
    mask = (human != "") & (human.str.lower() != "nan")
    human, model = human[mask].to_numpy(), model[mask].to_numpy()
    if len(human) == 0:
        raise InputError(f"no coded rows: column {column_human!r} is empty")
    labels = sorted(set(human) | set(model))
    codes = {label: i for i, label in enumerate(labels)}
    data = np.array([[codes[h] for h in human], [codes[m] for m in model]], dtype=float)
    return {
        "n": int(len(human)),
        "percent_agreement": float(np.mean(human == model)),
        "cohen_kappa": float(cohen_kappa(human, model)),
        "krippendorff_alpha": float(krippendorff_alpha(data, level="nominal")),
    }
