"""Per-document, per-group, per-voice and event-window tables of scored sentences."""

from __future__ import annotations

import numpy as np
import pandas as pd

from warsignals import config
from warsignals.actors import load_actors
from warsignals.errors import ParameterError


def document_signals(scored: pd.DataFrame, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per document: its signal counts (on record and hedged) and rates per 1,000 sentences.

    Parameters
    ----------
    scored : DataFrame
        Output of :func:`score_sentences` with ``doc_id`` (``date, source, speaker`` are carried when present).
    documents : DataFrame, optional
        The documents table: ``title`` and ``url`` are added when it has them.

    Returns
    -------
    DataFrame
        ``doc_id, date, source, speaker, [title, url,] n_sentences, escalation, negotiation,
        escalation_hedged, negotiation_hedged, hedged_share_negotiation, escalation_per_1000,
        negotiation_per_1000, net_per_1000`` (mixed sentences count for both signals; the hedged share is
        NaN for a document without negotiation signals), in the order documents first appear.
    """
    if "doc_id" not in scored.columns:
        raise ParameterError("scored sentences need a 'doc_id' column for the document table")
    frame = _voice_indicators(scored)
    for signal in ("escalation", "negotiation"):
        frame[signal + "_all"] = frame[f"{signal}_on_record"] + frame[f"{signal}_hedged"]
    meta = [c for c in ("date", "source", "speaker") if c in frame.columns]
    grouped = frame.groupby("doc_id", sort=False)
    table = grouped[meta].first() if meta else pd.DataFrame(index=grouped.size().index)
    table["n_sentences"] = grouped.size()
    table["escalation"] = grouped["escalation_all"].sum().astype(int)
    table["negotiation"] = grouped["negotiation_all"].sum().astype(int)
    table["escalation_hedged"] = grouped["escalation_hedged"].sum().astype(int)
    table["negotiation_hedged"] = grouped["negotiation_hedged"].sum().astype(int)
    with np.errstate(invalid="ignore", divide="ignore"):
        table["hedged_share_negotiation"] = np.where(
            table["negotiation"] > 0, table["negotiation_hedged"] / table["negotiation"].where(
                table["negotiation"] > 0), np.nan)
    table["escalation_per_1000"] = 1000.0 * table["escalation"] / table["n_sentences"]
    table["negotiation_per_1000"] = 1000.0 * table["negotiation"] / table["n_sentences"]
    table["net_per_1000"] = table["negotiation_per_1000"] - table["escalation_per_1000"]
    table = table.reset_index()
    if documents is not None and "title" in documents.columns:
        titles = documents.drop_duplicates("doc_id").set_index("doc_id")["title"]
        table.insert(len(meta) + 1, "title", table["doc_id"].map(titles).fillna("").astype(str))
    if documents is not None and "url" in documents.columns:
        urls = documents.drop_duplicates("doc_id").set_index("doc_id")["url"]
        table.insert(table.columns.get_loc("n_sentences"), "url", table["doc_id"].map(urls).fillna("").astype(str))
    return table


def signals_by_group_table(
    scored: pd.DataFrame,
    by: str = "source",
    frequency: str = "year",
    n_boot: int = config.BOOTSTRAP_REPLICATES,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
    min_sentences: int = 1,
) -> pd.DataFrame:
    """Escalation and negotiation per 1,000 sentences and the hedged share per period and group, side by side.

    Parameters
    ----------
    scored : DataFrame
        Output of :func:`score_sentences` with ``date``, ``doc_id`` and the ``by`` column (``source``,
        ``speaker``, or any document metadata merged in, e.g. ``country``).
    by : str
        The grouping column.
    frequency : {"week", "month", "quarter", "year"}
        Period length (coarser than the overall series: each group has fewer sentences).
    n_boot, confidence, seed : interval settings (see :func:`warsignals.timeseries.bootstrap_ratio`).
    min_sentences : int
        Cells with fewer sentences get NaN values.

    Returns
    -------
    DataFrame
        ``period, <by>, series, value, lo, hi, n_docs, n_units, numerator, denominator, interval`` with series
        ``escalation`` and ``negotiation`` (per 1,000 sentences) and ``hedged_share`` (share of negotiation
        signals that are hedged, 0..1); an empty ``by`` value is shown as ``(none)``.

    Raises
    ------
    ParameterError
        When ``by`` is not a column of ``scored``.
    """
    from warsignals.timeseries import assign_period, bootstrap_ratio

    if by not in scored.columns:
        raise ParameterError(f"cannot compare by {by!r}: the scored sentences have no such column "
                             f"(columns: {', '.join(map(str, scored.columns))})")
    frame = scored.copy()
    frame["is_escalation"] = frame["signal"].isin(["escalation", "mixed"]).astype(float)
    frame["is_negotiation"] = frame["signal"].isin(["negotiation", "mixed"]).astype(float)
    frame["hedged_negotiation"] = frame["is_negotiation"] * frame["hedged"].astype(bool)
    frame[by] = frame[by].fillna("").astype(str).replace("", "(none)")
    frame["period"] = assign_period(frame["date"], frequency)
    common = dict(by=["period", by], cluster="doc_id", n_boot=n_boot, confidence=confidence, seed=seed)
    rates = bootstrap_ratio(frame, ["is_escalation", "is_negotiation"], scale=1000.0, min_units=min_sentences,
                            **common)
    rates["series"] = rates["series"].str.removeprefix("is_")
    hedged = bootstrap_ratio(frame, "hedged_negotiation", denominator="is_negotiation", **common)
    hedged["series"] = "hedged_share"
    return pd.concat([rates, hedged], ignore_index=True)


#: Voices of :func:`signal_voices_table`, in drawing order: the actor groups of ``data/actors/actors.yaml`` the
#: official corpora name most, then any other actor, then signals with no actor.
VOICE_ACTORS: tuple[str, ...] = ("RUS", "UKR", "WEST", "OTHER", "unattributed")


def signal_voices_table(
    scored: pd.DataFrame,
    by: str = "side",
    confidence: float = config.CONFIDENCE_LEVEL,
    n_boot: int = config.BOOTSTRAP_REPLICATES,
    seed: int = config.DEFAULT_SEED,
) -> pd.DataFrame:
    """Who voices the signals of each group's texts, on record or hedged: shares of each signal family.

    Each escalation (negotiation) signal of a group's sentences (``mixed`` counts for both) is assigned to the
    actor group that voices or undertakes it (``actor`` mapped by ``data/actors/actors.yaml``: RUS, UKR, WEST,
    OTHER; ``unattributed`` when the scorer found no actor) and to ``on_record`` or ``hedged``. The value is that
    cell's share of all the group's signals of the family, with a cluster-adjusted Wilson interval over
    documents (:func:`warsignals.timeseries.bootstrap_ratio`); the shares of a group and family sum to 1.

    Parameters
    ----------
    scored : DataFrame
        Output of :func:`score_sentences` with ``doc_id``, ``signal``, ``actor``, ``hedged`` and the ``by`` column
        (``side`` of the shipped datasets, ``source``, or any document column merged in).
    by : str
        The grouping column.
    confidence, n_boot, seed :
        Interval settings (the bootstrap is used only where a Wilson interval does not apply).

    Returns
    -------
    DataFrame
        ``<by>, signal, actor, voice, value, lo, hi, n_docs, n_units, numerator, denominator, interval``:
        ``numerator`` signals of the cell among ``denominator`` signals of the group and family.

    Raises
    ------
    ParameterError
        When ``by`` is not a column of ``scored``.

    Examples
    --------
    >>> scored = pd.DataFrame({"doc_id": ["a", "a", "b"], "side": "RUS officials", "hedged": [False, True, False],
    ...                        "signal": ["negotiation", "negotiation", "none"], "actor": ["RUS", "", ""]})
    >>> table = signal_voices_table(scored)
    >>> table[(table["signal"] == "negotiation") & (table["value"] > 0)][["actor", "voice", "value"]].values.tolist()
    [['RUS', 'on_record', 0.5], ['unattributed', 'hedged', 0.5]]
    """
    from warsignals.timeseries import bootstrap_ratio

    if by not in scored.columns:
        raise ParameterError(f"cannot compare by {by!r}: the scored sentences have no such column "
                             f"(columns: {', '.join(map(str, scored.columns))})")
    table = load_actors()
    frame = scored[["doc_id", by, "signal", "actor", "hedged"]].copy()
    frame[by] = frame[by].fillna("").astype(str).replace("", "(none)")
    group = frame["actor"].fillna("").astype(str).map(table.group).replace("", "unattributed")
    group = group.where(group.isin(VOICE_ACTORS), "OTHER")
    hedged = frame["hedged"].fillna(False).astype(bool)
    parts = []
    for signal in ("escalation", "negotiation"):
        has = frame["signal"].isin([signal, "mixed"])
        rows = frame[has].copy()
        rows["is_signal"] = 1.0
        columns = []
        for actor in VOICE_ACTORS:
            for voice, flag in (("on_record", False), ("hedged", True)):
                column = f"{actor}|{voice}"
                rows[column] = ((group[has] == actor) & (hedged[has] == flag)).astype(float)
                columns.append(column)
        if rows.empty:
            continue
        shares = bootstrap_ratio(rows, columns, denominator="is_signal", by=[by], cluster="doc_id", n_boot=n_boot,
                                 confidence=confidence, seed=seed)
        split = shares["series"].str.split("|", expand=True)
        shares = shares.drop(columns="series").assign(signal=signal, actor=split[0], voice=split[1])
        parts.append(shares)
    columns = [by, "signal", "actor", "voice", "value", "lo", "hi", "n_docs", "n_units", "numerator", "denominator",
               "interval"]
    if not parts:
        return pd.DataFrame(columns=columns)
    out = pd.concat(parts, ignore_index=True)
    order = {**{actor: k for k, actor in enumerate(VOICE_ACTORS)}, "on_record": 0, "hedged": 1}
    out = out.sort_values([by, "signal", "actor", "voice"],
                          key=lambda c: c.map(order) if c.name in ("actor", "voice") else c, kind="stable")
    return out[columns].reset_index(drop=True)

EVENT_WINDOW_SERIES = {
    "escalation_on_record": ("escalation", "on_record"),
    "escalation_hedged": ("escalation", "hedged"),
    "negotiation_on_record": ("negotiation", "on_record"),
    "negotiation_hedged": ("negotiation", "hedged"),
}


def _voice_indicators(scored: pd.DataFrame) -> pd.DataFrame:
    """0/1 columns ``<signal>_on_record`` and ``<signal>_hedged`` (mixed sentences count for both signals)."""
    out = scored.copy()
    hedged = out["hedged"].astype(bool) if "hedged" in out else pd.Series(False, index=out.index)
    for signal in ("escalation", "negotiation"):
        has = out["signal"].isin([signal, "mixed"])
        out[f"{signal}_on_record"] = (has & ~hedged).astype(float)
        out[f"{signal}_hedged"] = (has & hedged).astype(float)
    return out


def event_windows_table(
    scored: pd.DataFrame,
    events: pd.DataFrame,
    frequency: str = "month",
    k: int = 3,
    kinds: list[str] | None = None,
    n_boot: int = config.BOOTSTRAP_REPLICATES,
    confidence: float = config.CONFIDENCE_LEVEL,
    seed: int = config.DEFAULT_SEED,
    min_sentences: int = 1,
) -> pd.DataFrame:
    """Signals per 1,000 sentences in the ``k`` periods before and after each kind of event.

    Every event is placed in its period; the sentences of the period ``offset`` periods away (``-k..k``; 0 is
    the event's own period) are pooled over all events of the same kind, and each signal's rate, on record
    and hedged, is computed with its interval by :func:`warsignals.timeseries.bootstrap_ratio` (a
    cluster-adjusted Wilson interval over documents). A period that lies at the same offset of two events of
    one kind is counted once; a period may lie at different offsets of different events (as in any event
    study, windows of events closer than ``k`` periods overlap).

    Parameters
    ----------
    scored : DataFrame
        Output of :func:`score_sentences` with ``date``, ``doc_id``, ``signal`` and ``hedged``.
    events : DataFrame
        Timeline with ``date`` and ``kind`` (:func:`warsignals.timeseries.load_events`).
    frequency : {"week", "month", "quarter", "year"}
        Period length.
    k : int
        Periods before and after each event (0 or more).
    kinds : list of str, optional
        Event kinds to keep (default: every kind of the timeline).
    n_boot, confidence, seed : interval settings (see :func:`warsignals.timeseries.bootstrap_ratio`).
    min_sentences : int
        Window cells with fewer sentences get NaN values.

    Returns
    -------
    DataFrame
        One row per ``kind, offset, series``: ``signal`` (escalation, negotiation), ``voice`` (on_record,
        hedged), ``value`` (per 1,000 sentences), ``lo``, ``hi``, ``n_docs``, ``n_units`` (sentences),
        ``numerator``, ``denominator``, ``interval``, and ``n_events`` (events of the kind with sentences at
        that offset). Offsets without sentences are rows with NaN values and zero counts; kinds with no event
        inside the corpus's periods are absent.

    Raises
    ------
    ParameterError
        When ``k`` is negative or a needed column is missing.
    """
    from warsignals.timeseries import assign_period, bootstrap_ratio, period_range

    if not isinstance(k, (int, np.integer)) or k < 0:
        raise ParameterError(f"the event window k must be a whole number of periods >= 0, not {k!r}")
    for name, table, columns in (("scored sentences", scored, ("date", "doc_id", "signal")),
                                 ("events", events, ("date", "kind"))):
        missing = [c for c in columns if c not in table.columns]
        if missing:
            raise ParameterError(f"{name} lack column(s) {missing} needed for event windows")
    columns = ["kind", "offset", "series", "signal", "voice", "value", "lo", "hi", "n_docs", "n_units",
               "numerator", "denominator", "interval", "n_events"]
    chosen = events if kinds is None else events[events["kind"].isin(list(kinds))]
    frame = _voice_indicators(scored)
    frame["period"] = assign_period(frame["date"], frequency)
    frame = frame.dropna(subset=["period"])
    if frame.empty or chosen.empty:
        return pd.DataFrame(columns=columns)
    event_periods = assign_period(chosen["date"], frequency)
    periods = period_range(min(frame["period"].min(), event_periods.min()),
                           max(frame["period"].max(), event_periods.max()), frequency)
    position = pd.Series(np.arange(len(periods)), index=periods)
    frame["position"] = frame["period"].map(position)
    present = set(frame["position"])
    offsets = np.arange(-k, k + 1)
    windows = pd.DataFrame({
        "event": np.repeat(np.arange(len(chosen)), len(offsets)),
        "kind": np.repeat(chosen["kind"].astype(str).to_numpy(), len(offsets)),
        "offset": np.tile(offsets, len(chosen)),
        "position": np.repeat(event_periods.map(position).to_numpy(), len(offsets)) + np.tile(offsets, len(chosen)),
    })
    windows = windows[windows["position"].isin(present)]
    if windows.empty:
        return pd.DataFrame(columns=columns)
    n_events = windows.groupby(["kind", "offset"])["event"].nunique().rename("n_events")
    cells = windows.drop_duplicates(["kind", "offset", "position"])[["kind", "offset", "position"]]
    pooled = cells.merge(frame, on="position", how="inner")
    table = bootstrap_ratio(pooled, list(EVENT_WINDOW_SERIES), by=["kind", "offset"], cluster="doc_id",
                            n_boot=n_boot, confidence=confidence, seed=seed, scale=1000.0,
                            min_units=min_sentences)
    grid = pd.MultiIndex.from_product([sorted(cells["kind"].unique()), offsets, list(EVENT_WINDOW_SERIES)],
                                      names=["kind", "offset", "series"]).to_frame(index=False)
    table = grid.merge(table, on=["kind", "offset", "series"], how="left").merge(
        n_events.reset_index(), on=["kind", "offset"], how="left")
    for column in ("n_docs", "n_units", "numerator", "denominator", "n_events"):
        table[column] = table[column].fillna(0).astype(int if column != "numerator" and column != "denominator"
                                                         else float)
    table["interval"] = table["interval"].fillna("")
    table["signal"] = table["series"].map(lambda s: EVENT_WINDOW_SERIES[s][0])
    table["voice"] = table["series"].map(lambda s: EVENT_WINDOW_SERIES[s][1])
    return table[columns].sort_values(["kind", "series", "offset"], kind="stable").reset_index(drop=True)


def signals_kwic_table(scored: pd.DataFrame, frequency: str = "month", n: int = 5,
             families=("escalation", "negotiation"), documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """The most frequent cue texts per period and family (KWIC table source), with a citable example sentence.

    Parameters
    ----------
    scored : DataFrame
        Output of :func:`score_sentences` (with ``date``; ``doc_id, sent_id, start, end`` make the examples
        citable).
    frequency : {"week", "month", "quarter", "year"}
        Period length.
    n : int
        Cues kept per period and family.
    families : sequence of str
        Cue families counted.
    documents : DataFrame, optional
        The documents table; its ``url`` column, when present, is added for each example.

    Returns
    -------
    DataFrame
        ``period, family, cue, category, count, example`` (example: the cue in its sentence, with ``[...]``
        around the cue) and where the example comes from: ``doc_id, sent_id, start, end`` (the sentence's
        character offsets in its document), ``cue_start, cue_end`` (the cue's offsets in the document) and
        ``url`` when the corpus has one.
    """
    from warsignals.sentences import with_citation
    from warsignals.timeseries import assign_period

    columns = ["period", "family", "cue", "category", "count", "example", "doc_id", "sent_id", "start", "end",
               "cue_start", "cue_end"]
    rows = []
    periods = (assign_period(scored["date"], frequency) if "date" in scored.columns
               else pd.Series(pd.NaT, index=scored.index))
    texts = scored["sentence"] if "sentence" in scored else scored.iloc[:, 0]
    missing = pd.Series([None] * len(scored), index=scored.index)
    keys = [scored[c] if c in scored.columns else missing for c in ("doc_id", "sent_id", "start", "end")]
    for period, text, cues, signal, doc, sid, start, end in zip(periods, texts, scored["cues"], scored["signal"],
                                                                 *keys, strict=True):
        if signal == "none":
            continue
        for cue in cues:
            if cue["family"] in families and not cue["negated"]:
                left, right = text[max(0, cue["start"] - 60):cue["start"]], text[cue["end"]:cue["end"] + 60]
                example = f"{left}[{cue['text']}]{right}"
                offset = start if start is not None and pd.notna(start) else None
                rows.append((period, cue["family"], cue["text"].lower(), cue["category"], example, doc, sid,
                             start, end, None if offset is None else int(offset) + cue["start"],
                             None if offset is None else int(offset) + cue["end"]))
    if not rows:
        return with_citation(pd.DataFrame(columns=columns), documents)
    frame = pd.DataFrame(rows, columns=[c for c in columns if c != "count"])
    first = ("example", "doc_id", "sent_id", "start", "end", "cue_start", "cue_end")
    counted = (
        frame.groupby(["period", "family", "cue", "category"], dropna=False)
        .agg(count=("example", "size"), **{c: (c, "first") for c in first})
        .reset_index()
        .sort_values(["period", "family", "count", "cue"], ascending=[True, True, False, True])
    )
    top = counted.groupby(["period", "family"], dropna=False).head(n).reset_index(drop=True)
    return with_citation(top[columns], documents)


