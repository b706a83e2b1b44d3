"""Real-text gold sets: read a coded sample, score it as the pipeline would, measure with intervals.

A gold file holds one coded sentence per row, with the document context a reader had (``prev``,
``sentence``, ``next``, ``speaker``, ``speaker_actor``) and the codes of ``../shared/codebook.md``:
``signal`` (escalation, negotiation, other_conflict, other_cooperation, none), ``actor``, ``hedged`` and
``stance_<target>``. The project's own set is ``data/gold/realtext/realtext.csv`` (see its README); any file of
the same columns works, so a researcher can code a sample of their corpus and measure the scorer on it.

Measures are reported with percentile bootstrap intervals that resample whole documents (sentences of one
speech are not independent), seeded so that a rerun prints the same figures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from warsignals import config
from warsignals.errors import InputError, ParameterError

SIGNAL_CODES = ("escalation", "negotiation", "other_conflict", "other_cooperation", "none")
FAMILIES = ("escalation", "negotiation")
STANCE_TARGETS = ("negotiations", "military_aid", "Russia", "Ukraine")
REQUIRED = ("row_id", "doc_id", "sentence", "signal")
DEFAULT_GOLD = config.REALTEXT_GOLD_FILE


def read_gold(path: str | Path | None = None, part: str | None = None) -> pd.DataFrame:
    """Read a coded gold file and check its codes.

    Parameters
    ----------
    path : str or Path, optional
        The gold CSV (default: the project's real-text set, ``data/gold/realtext/realtext.csv``).
    part : str, optional
        Keep only rows whose ``part`` column equals this (``"train"`` or ``"test"``); ``None`` keeps all.

    Returns
    -------
    DataFrame
        The rows, with ``hedged`` as bool and empty strings for missing ``prev``/``next``/``actor``.

    Raises
    ------
    InputError
        A missing file or column, or a code outside the codebook, named with the file and row.

    Examples
    --------
    >>> gold = read_gold(part="test")  # doctest: +SKIP
    >>> gold["signal"].value_counts()  # doctest: +SKIP
    """
    path = Path(path) if path is not None else DEFAULT_GOLD
    if not path.is_file():
        raise InputError(f"{path}: gold file not found")
    gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in REQUIRED if c not in gold.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
    bad = ~gold["signal"].isin(SIGNAL_CODES)
    if bad.any():
        first = gold.index[bad][0]
        raise InputError(f"{path}: row {first + 2}: signal {gold.at[first, 'signal']!r} is not one of "
                         f"{', '.join(SIGNAL_CODES)}")
    if part is not None:
        if "part" not in gold.columns:
            raise InputError(f"{path}: no 'part' column to select part {part!r} from")
        gold = gold[gold["part"] == part]
        if gold.empty:
            raise InputError(f"{path}: no rows in part {part!r}")
    gold = gold.copy()
    for column in ("prev", "next", "actor", "speaker", "speaker_actor", "hedged"):
        if column not in gold.columns:
            gold[column] = ""
    gold["hedged"] = gold["hedged"].str.lower().isin(["yes", "true", "1"])
    return gold.reset_index(drop=True)


def gold_sentences(gold: pd.DataFrame) -> pd.DataFrame:
    """The gold rows laid out as a sentences table: each coded sentence after its previous sentence.

    The scorer reads sentences in document order (a subject named in one sentence carries to the next), so
    every coded sentence is scored as the second sentence of a two-sentence document made of its ``prev`` and
    itself. Returns the table with a boolean ``coded`` column marking the coded sentences.
    """
    rows = []
    for rec in gold.itertuples(index=False):
        meta = {"doc_id": f"{rec.row_id}", "speaker": rec.speaker, "speaker_actor": rec.speaker_actor}
        if rec.prev:
            rows.append({**meta, "sent_id": 0, "sentence": rec.prev, "coded": False})
        rows.append({**meta, "sent_id": 1, "sentence": rec.sentence, "coded": True, "row_id": rec.row_id})
    return pd.DataFrame(rows)


def score_gold(gold: pd.DataFrame, scorer: Callable[[pd.DataFrame], pd.DataFrame] | None = None) -> pd.DataFrame:
    """Score the gold sentences with ``scorer`` (default: the lexicon scorer) and align the answers.

    Parameters
    ----------
    gold : DataFrame
        From :func:`read_gold`.
    scorer : callable, optional
        Takes a sentences table (``doc_id, sent_id, sentence, speaker, speaker_actor``) and returns it with
        ``signal``, ``actor`` and ``hedged`` columns (as :func:`warsignals.signals.score_sentences` does).

    Returns
    -------
    DataFrame
        ``gold`` with ``pred_signal``, ``pred_actor`` and ``pred_hedged`` added.
    """
    if scorer is None:
        from warsignals.signals import score_sentences

        scorer = score_sentences
    table = gold_sentences(gold)
    scored = scorer(table)
    scored = scored[table["coded"].to_numpy()].set_index("row_id")
    out = gold.copy()
    out["pred_signal"] = scored.loc[out["row_id"], "signal"].to_numpy()
    out["pred_actor"] = scored.loc[out["row_id"], "actor"].fillna("").astype(str).to_numpy()
    out["pred_hedged"] = scored.loc[out["row_id"], "hedged"].astype(bool).to_numpy()
    return out


def _predicted(pred_signal: pd.Series, family: str) -> np.ndarray:
    """A ``mixed`` answer counts as a prediction of both families."""
    return pred_signal.isin([family, "mixed"]).to_numpy()


def _ratio(num: np.ndarray, den: np.ndarray) -> float:
    d = float(den.sum())
    return float(num.sum()) / d if d else float("nan")


def _measures(frame: pd.DataFrame) -> dict[str, float]:
    out: dict[str, float] = {}
    for family in FAMILIES:
        truth = (frame["signal"] == family).to_numpy()
        pred = _predicted(frame["pred_signal"], family)
        p, r = _ratio(truth & pred, pred), _ratio(truth & pred, truth)
        out[f"{family}_precision"] = p
        out[f"{family}_recall"] = r
        out[f"{family}_f1"] = 2 * p * r / (p + r) if p + r > 0 else (float("nan") if np.isnan(p + r) else 0.0)
    true_signal = frame["signal"].isin(FAMILIES).to_numpy()
    same = (frame["pred_signal"] == frame["signal"]) | (frame["pred_signal"] == "mixed")
    found = true_signal & same.to_numpy()
    out["actor_accuracy"] = _ratio(found & (frame["actor"] == frame["pred_actor"]).to_numpy(), found)
    gold_h, pred_h = frame["hedged"].to_numpy(dtype=bool) & found, frame["pred_hedged"].to_numpy(dtype=bool) & found
    hp, hr = _ratio(gold_h & pred_h, pred_h), _ratio(gold_h & pred_h, gold_h)
    out["hedged_precision"], out["hedged_recall"] = hp, hr
    out["hedged_f1"] = 2 * hp * hr / (hp + hr) if hp + hr > 0 else (float("nan") if np.isnan(hp + hr) else 0.0)
    return out


def _with_intervals(frame: pd.DataFrame, measures: Callable[[pd.DataFrame], dict[str, float]], n_boot: int,
                    seed: int, level: float) -> tuple[dict, int]:
    """``measures(frame)`` with percentile intervals from resampling whole documents (``doc_id``).

    Returns ``({measure: {"value", "lo", "hi"}}, number of documents)``; a measure undefined in a replicate
    (NaN) is left out of that measure's interval.
    """
    if n_boot < 0:
        raise ParameterError(f"n_boot must be >= 0, got {n_boot}")
    point = measures(frame)
    docs, codes = np.unique(frame["doc_id"].to_numpy(), return_inverse=True)
    members = [np.flatnonzero(codes == k) for k in range(len(docs))]
    rng = np.random.default_rng(seed)
    reps: dict[str, list[float]] = {k: [] for k in point}
    for _ in range(n_boot):
        pick = rng.integers(0, len(docs), len(docs))
        sample = measures(frame.iloc[np.concatenate([members[k] for k in pick])])
        for key in point:
            reps[key].append(sample.get(key, float("nan")))
    alpha = (1 - level) / 2
    report: dict = {}
    for key, value in point.items():
        values = np.asarray(reps[key], dtype=float)
        values = values[~np.isnan(values)]
        lo, hi = (np.quantile(values, [alpha, 1 - alpha]).tolist() if len(values) else (float("nan"),) * 2)
        report[key] = {"value": value, "lo": lo, "hi": hi}
    return report, len(docs)


def signal_measures(scored_gold: pd.DataFrame, n_boot: int = 1000, seed: int = config.DEFAULT_SEED,
                    level: float = 0.95) -> dict:
    """Precision, recall and F1 of escalation and negotiation, actor accuracy and hedged P/R/F1, with intervals.

    Parameters
    ----------
    scored_gold : DataFrame
        From :func:`score_gold`.
    n_boot : int
        Bootstrap replicates; documents (``doc_id``) are resampled with replacement.
    seed : int
        Seed of the bootstrap.
    level : float
        Interval level.

    Returns
    -------
    dict
        ``{measure: {"value", "lo", "hi"}}`` plus ``n_rows``, ``n_docs`` and the gold counts ``support``.
        Actor accuracy and the hedged measures are taken over true signals the scorer found (same family).

    Examples
    --------
    >>> report = signal_measures(score_gold(read_gold(part="test")))  # doctest: +SKIP
    >>> report["escalation_precision"]["value"]  # doctest: +SKIP
    """
    report, n_docs = _with_intervals(scored_gold, _measures, n_boot, seed, level)
    report["support"] = {s: int((scored_gold["signal"] == s).sum()) for s in SIGNAL_CODES}
    report["predicted"] = scored_gold["pred_signal"].value_counts().to_dict()
    report["n_rows"] = len(scored_gold)
    report["n_docs"] = n_docs
    report["n_boot"] = n_boot
    report["seed"] = seed
    return report


def gold_sheet(gold: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The gold rows as a coding sheet of ``sentences`` for :mod:`warsignals.validate`.

    Rows are matched to the sentences table by ``doc_id`` and character offset ``start`` (stable when the
    splitter changes), so ``sent_id`` is the table's; the codes become ``human_signal``, ``human_actor``,
    ``human_hedged`` and ``human_stance_<target>``. Gold rows whose document is not in ``sentences`` are
    left out.

    Parameters
    ----------
    gold : DataFrame
        From :func:`read_gold` (its ``inclusion_probability`` column is the draw's).
    sentences : DataFrame
        The sentences table the gold rows were drawn from (``doc_id, sent_id, start``).

    Returns
    -------
    DataFrame
        ``doc_id, sent_id, inclusion_probability, human_*``.

    Raises
    ------
    InputError
        When a gold row's offset is not a sentence start of its document.

    Examples
    --------
    >>> sheet = gold_sheet(read_gold(), sentences)  # doctest: +SKIP
    """
    if "inclusion_probability" not in gold.columns:
        raise InputError("the gold rows carry no inclusion_probability: they cannot serve as a coding sheet")
    keys = sentences[["doc_id", "start", "sent_id"]].astype({"doc_id": str, "start": int})
    rows = gold[gold["doc_id"].isin(set(keys["doc_id"]))].copy()
    rows["start"] = rows["start"].astype(int)
    merged = rows.merge(keys, on=["doc_id", "start"], how="left", suffixes=("_gold", ""))
    lost = merged["sent_id"].isna()
    if lost.any():
        first = merged[lost].iloc[0]
        raise InputError(f"gold row {first['row_id']}: offset {first['start']} is not a sentence start of "
                         f"document {first['doc_id']}")
    sheet = pd.DataFrame({
        "doc_id": merged["doc_id"], "sent_id": merged["sent_id"].astype(int),
        "inclusion_probability": merged["inclusion_probability"].astype(float),
        "human_signal": merged["signal"], "human_actor": merged["actor"],
        "human_hedged": np.where(merged["signal"].isin(FAMILIES), np.where(merged["hedged"], "yes", "no"), ""),
    })
    for target in STANCE_TARGETS:
        column = f"stance_{target}"
        if column in merged.columns:
            sheet[f"human_stance_{target}"] = merged[column]
    return sheet


STANCE_LABELS = ("FAVOR", "AGAINST", "NONE")


def score_gold_stance(gold: pd.DataFrame, targets: Sequence[str] = STANCE_TARGETS, model: str = "weak",
                      fit_texts: Sequence[str] | None = None) -> pd.DataFrame:
    """Score the stance of each gold sentence toward ``targets`` (after its previous sentence, as in a corpus).

    Parameters
    ----------
    gold : DataFrame
        From :func:`read_gold`.
    targets : sequence of str
        Stance targets (``data/stance_targets.yaml``).
    model : str
        ``"weak"``, ``"weak:unmentioned"`` or a model directory (as :func:`warsignals.stance.score_stance`).
    fit_texts : sequence of str, optional
        Unlabelled texts the weak model is fitted on (default: the gold sentences and their neighbours; no
        labels are read).

    Returns
    -------
    DataFrame
        One row per gold row and target: ``row_id, doc_id, target, gold, pred``.
    """
    from warsignals.stance import score_stance

    table = gold_sentences(gold)
    if fit_texts is None:
        fit_texts = table["sentence"].tolist()
    scored = score_stance(table, list(targets), models=model, keys=["doc_id", "sent_id"], fit_texts=fit_texts)
    coded = table[table["coded"]][["doc_id", "sent_id", "row_id"]]
    scored = scored.merge(coded, on=["doc_id", "sent_id"])
    rows = []
    by_row = gold.set_index("row_id")
    for target in targets:
        column = f"stance_{target}"
        if column not in gold.columns:
            continue
        part = scored[scored["target"] == target].set_index("row_id")
        truth = by_row[column].str.upper().where(by_row[column].str.upper().isin(STANCE_LABELS), "NONE")
        rows.append(pd.DataFrame({"row_id": truth.index, "doc_id": by_row["doc_id"].to_numpy(), "target": target,
                                  "gold": truth.to_numpy(), "pred": part.loc[truth.index, "stance"].to_numpy()}))
    return pd.concat(rows, ignore_index=True)


def _stance_scores(frame: pd.DataFrame) -> dict[str, float]:
    out: dict[str, float] = {}
    for target, part in frame.groupby("target", sort=False):
        fs = []
        for label in ("FAVOR", "AGAINST"):
            truth, pred = (part["gold"] == label).to_numpy(), (part["pred"] == label).to_numpy()
            p, r = _ratio(truth & pred, pred), _ratio(truth & pred, truth)
            f = 2 * p * r / (p + r) if p + r > 0 else (0.0 if truth.any() or pred.any() else float("nan"))
            out[f"{target}_{label}_f1"] = f
            if truth.any():
                fs.append(f)
        out[f"{target}_f_favor_against"] = float(np.mean(fs)) if fs else float("nan")
    return out


def stance_measures(scored: pd.DataFrame, n_boot: int = 1000, seed: int = config.DEFAULT_SEED,
                    level: float = 0.95) -> dict:
    """F1 of FAVOR and of AGAINST per target, and their mean over the classes the gold holds, with intervals.

    Parameters
    ----------
    scored : DataFrame
        From :func:`score_gold_stance` (``doc_id, target, gold, pred``).
    n_boot, seed, level :
        Document-bootstrap intervals, as :func:`signal_measures`.

    Returns
    -------
    dict
        ``{measure: {"value", "lo", "hi"}}`` with measures ``<target>_FAVOR_f1``, ``<target>_AGAINST_f1`` and
        ``<target>_f_favor_against`` (the mean over FAVOR and AGAINST where the gold has that class), plus the
        gold counts per target and class (``support``).

    Examples
    --------
    >>> report = stance_measures(score_gold_stance(read_gold(part="test")))  # doctest: +SKIP
    """
    report, n_docs = _with_intervals(scored, _stance_scores, n_boot, seed, level)
    report["support"] = {t: part["gold"].value_counts().to_dict() for t, part in scored.groupby("target")}
    report["predicted"] = {t: part["pred"].value_counts().to_dict() for t, part in scored.groupby("target")}
    report["n_rows"] = int(scored["row_id"].nunique())
    report["n_docs"] = n_docs
    return report
