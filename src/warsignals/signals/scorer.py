"""The lexicon scorer: escalation rhetoric and negotiation signals of sentences, and the cue analysis it shares.

:func:`score_sentences` matches the cue lexicon over all sentences in one regex pass
(:class:`warsignals.matcher.Matcher`); only the sentences holding a cue (the cheap pass's candidates) are then
matched for hedges, negation, modality, clause and reported-speech cues and actor mentions, their negation and
modality scopes applied, and each cue attributed to its actor (:mod:`warsignals.actors`). It adds the columns
``escalation, negotiation`` (weighted cue scores), ``penta_class``, ``signal`` (escalation, negotiation, mixed,
none), ``category`` (the strongest cue's category), ``actor``, ``hedged``, ``negated`` and ``cues`` (list of
dicts with sentence offsets).

This module imports neither scikit-learn nor scipy, so that ``warsignals score`` starts fast;
:mod:`warsignals.signals` re-exports everything here beside the learned classifier and the aggregates.
"""

from __future__ import annotations

import gc
import re
from pathlib import Path

import numpy as np
import pandas as pd

from warsignals.actors import (
    ActorTable,
    SpeakerResolver,
    attribute_cue,
    is_prepositional,
    load_actors,
    speaker_actors,
)
from warsignals.errors import ParameterError
from warsignals.lexicon import PENTA_CLASSES, Lexicon, load_lexicon
from warsignals.matcher import get_matcher

SIGNAL_COLUMNS = [
    "escalation", "negotiation", "penta_class", "signal", "category", "actor", "hedged", "negated", "cues"
]
SIGNALS = ("escalation", "negotiation", "mixed", "none")
_WORDS = re.compile(r"[\w'’]+")


def _as_lexicon(lexicon) -> Lexicon:
    if lexicon is None or isinstance(lexicon, (str, Path)):
        return load_lexicon(lexicon)
    if isinstance(lexicon, Lexicon):
        return lexicon
    raise ParameterError(f"lexicon must be a path or a Lexicon, not {type(lexicon).__name__}")


CUE_KINDS = ("cue",)
# categories whose cues are deeds with an agent ("a Russian missile strike", "shelling by the occupiers")
AGENT_CATEGORIES = ("military_action", "mobilisation_offensive", "material_conflict")
CONTEXT_KINDS = ("hedge", "neg_before", "neg_after", "conditional", "boundary", "speech", "certainty")


def _matches(texts: list[str], lexicon: Lexicon, actors: ActorTable | None) -> pd.DataFrame:
    """Cue matches of all texts, then context matches (hedges, negation, modality, clauses, speech,
    actors) only for the texts holding a cue; ordered by row and start."""
    cues = get_matcher(lexicon.entries(CUE_KINDS)).find(texts)
    rows = np.unique(cues.loc[cues["kind"] == "cue", "row"].to_numpy())
    return _with_context(cues, rows, texts, lexicon, actors)


def _with_context(cues: pd.DataFrame, rows: np.ndarray, texts: list[str], lexicon: Lexicon,
                  actors: ActorTable | None) -> pd.DataFrame:
    if len(rows) == 0:
        return cues
    entries = lexicon.entries(CONTEXT_KINDS) + (actors.entries() if actors is not None else [])
    context = get_matcher(entries).find([texts[r] for r in rows])
    context["row"] = rows[context["row"].to_numpy()] if len(context) else context["row"]
    both = pd.concat([cues, context], ignore_index=True)
    return both.sort_values(["row", "start"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------------------------
# Cue analysis (shared by the scorer and the classifier's lexicon features)
# --------------------------------------------------------------------------------------------------------
def _analyse_row(text: str, hits: list[tuple], lexicon: Lexicon, question: bool,
                 in_context: frozenset[str] = frozenset(), excluded: frozenset[str] = frozenset()) -> dict:
    """Negation and modality of every cue of one text; hits are (start, end, kind, label, weight) rows.

    ``in_context`` names the categories whose ``context`` patterns occur in the text, ``excluded`` those whose
    ``unless`` patterns do (:func:`_in_context`).
    """
    scoring = lexicon.scoring
    boundaries: list[tuple[int, int]] = []
    spans: list[tuple[int, int]] = []
    cue_hits: list[tuple] = []
    neg_before: list[tuple[int, int]] = []
    neg_after: list[tuple[int, int]] = []
    conditionals: list[int] = []
    hedges: list[tuple[int, int]] = []
    certain: list[tuple[int, int]] = []
    for hit in hits:  # one pass, each list in the order of the hits
        kind = hit[2]
        if kind == "cue":
            spans.append((hit[0], hit[1]))
            cue_hits.append(hit)
        elif kind == "boundary":
            boundaries.append((hit[0], hit[1]))
        elif kind == "neg_before":
            neg_before.append((hit[0], hit[1]))
        elif kind == "neg_after":
            neg_after.append((hit[0], hit[1]))
        elif kind == "conditional":
            conditionals.append(hit[0])
        elif kind == "hedge":
            hedges.append((hit[0], hit[1]))
        elif kind == "certainty":
            certain.append((hit[0], hit[1]))
    if certain and hedges:  # "without a doubt" is certainty, not a hedge
        hedges = [(s, e) for s, e in hedges if not any(cs < e and s < ce for cs, ce in certain)]

    def free(s: int, e: int) -> bool:
        # a negation word that is part of a cue ("no talks with") or of a certainty phrase ("nobody doubts
        # that ...", "no doubt") negates nothing
        return not any(cs < e and s < ce for cs, ce in spans) and not any(cs < e and s < ce for cs, ce in certain)

    if neg_before:
        neg_before = [(s, e) for s, e in neg_before if free(s, e)]
    if neg_after:
        neg_after = [(s, e) for s, e in neg_after if free(s, e)]
    window = int(scoring["negation_window"])
    post_window = int(scoring["post_negation_window"])
    categories = lexicon.categories
    cues = []
    for s, e, _, label, weight in cue_hits:
        if boundaries:
            left = max((be for bs, be in boundaries if be <= s), default=0)
            right = min((bs for bs, be in boundaries if bs >= e), default=len(text))
        else:
            left, right = 0, len(text)
        negated = (neg_before and any(
            ne <= s and ns >= left and len(_WORDS.findall(text, ne, s)) <= window for ns, ne in neg_before
        )) or (neg_after and any(
            ns >= e and ne <= right and len(_WORDS.findall(text, e, ns)) <= post_window for ns, ne in neg_after
        ))
        modality = ""
        factor = 1.0
        if conditionals and any(left <= c < s for c in conditionals):
            modality, factor = "conditional", float(scoring["conditional_factor"])
        elif question:
            modality, factor = "question", float(scoring["question_factor"])
        category = categories[label]
        if (category.context and label not in in_context) or label in excluded:
            # a cue whose sense needs context ("summit" about the war, "mobilise" troops) counts as weak
            # without it: it adds to a signal but never makes one alone
            weight = min(float(weight), category.weight * float(scoring.get("weak_weight", 0.5)))
        cues.append(
            {
                "start": s,
                "end": e,
                "text": text[s:e],
                "category": label,
                "family": category.family,
                "weight": float(weight) * factor,
                "negated": bool(negated),
                "strong": bool(weight >= category.weight - 1e-9),
                "modality": modality,
                "clause": (left, right),
            }
        )
    return {"cues": cues, "hedges": hedges}


def _in_context(texts: list[str], cue_matches: pd.DataFrame, lexicon: Lexicon,
                unless: bool = False) -> dict[int, frozenset[str]]:
    """For each row holding a cue of a category with ``context`` (or, with ``unless=True``, ``unless``)
    patterns, the categories whose patterns occur in it."""
    entries = lexicon.unless_entries() if unless else lexicon.context_entries()
    if not entries or cue_matches.empty:
        return {}
    gated = {e[1] for e in entries}
    rows = np.unique(cue_matches.loc[cue_matches["label"].isin(gated), "row"].to_numpy())
    if not len(rows):
        return {}
    found: dict[int, set[str]] = {}
    for category in gated:  # one matcher per category: context words may be shared between categories
        matcher = get_matcher([e for e in entries if e[1] == category])
        hits = matcher.find([texts[r] for r in rows])
        for local in np.unique(hits["row"].to_numpy()):
            found.setdefault(int(rows[local]), set()).add(category)
    return {row: frozenset(cats) for row, cats in found.items()}


def _groups(matches: pd.DataFrame) -> dict[int, list[tuple]]:
    if matches.empty:
        return {}
    cols = list(zip(matches["start"].tolist(), matches["end"].tolist(), matches["kind"].tolist(),
                    matches["label"].tolist(), matches["weight"].tolist(), strict=True))
    rows = matches["row"].to_numpy()
    bounds = np.flatnonzero(np.diff(rows)) + 1
    starts = np.concatenate([[0], bounds])
    ends = np.concatenate([bounds, [len(rows)]])
    row_list = rows.tolist()
    return {row_list[a]: cols[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)}


_QUESTION_END = re.compile(r"\?[\s\"'’”)»]*(?=\x00|$)")


def _questions(texts: list[str]) -> np.ndarray:
    """Whether each text ends in a question mark (one regex pass over the joined texts)."""
    out = np.zeros(len(texts), dtype=bool)
    if not texts:
        return out
    joined = "\x00".join(texts)
    ends = [m.start() for m in _QUESTION_END.finditer(joined)]
    if ends:
        offsets = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
        out[np.searchsorted(offsets, ends, side="right") - 1] = True
    return out


# --------------------------------------------------------------------------------------------------------
# The scorer
# --------------------------------------------------------------------------------------------------------
def score_sentences(
    sentences: pd.DataFrame,
    lexicon: str | Path | Lexicon | None = None,
    text_column: str = "sentence",
    speaker_column: str = "speaker",
    actors: str | Path | ActorTable | None = None,
    speakers: pd.DataFrame | None = None,
    doc_column: str = "doc_id",
    speaker_actor_column: str = "speaker_actor",
) -> pd.DataFrame:
    """Score sentences for escalation rhetoric and negotiation signals.

    Parameters
    ----------
    sentences : DataFrame
        One row per sentence (e.g. the sentences table), in document order.
    lexicon : path or Lexicon, optional
        The cue lexicon (default ``data/lexicons/cues.yaml``).
    text_column : str
        Column holding the sentence text.
    speaker_column : str
        Column holding the speaker (resolved to an actor through ``speakers.csv``); may be absent.
    actors : path or ActorTable, optional
        The actor dictionary (default ``data/actors/actors.yaml``).
    speakers : DataFrame, optional
        The speaker-to-actor table (default ``data/actors/speakers.csv``).
    doc_column : str
        Column grouping sentences into documents (for speaker turns and the previous sentences' actor);
        when absent the whole table counts as one document.
    speaker_actor_column : str
        Optional column giving the speaker's actor code for each row (a country-coded corpus's
        ``country_iso3`` column serves when this one is absent); it wins over the speaker table. Rows whose
        speaker resolves to nothing are looked up by their ``source`` in the speaker table (a row
        ``whitehouse.gov,USA`` there maps a source to an actor).

    Returns
    -------
    DataFrame
        A copy of ``sentences`` with ``escalation, negotiation`` (float scores), ``penta_class``, ``signal``,
        ``category``, ``actor``, ``hedged``, ``negated`` and ``cues`` (list of dicts: ``start, end, text,
        category, family, weight, negated, modality, actor``; the hedges of a sentence holding a cue appear
        with category ``hedge``).

    Raises
    ------
    ParameterError
        When ``text_column`` is missing.
    """
    enabled = gc.isenabled()
    gc.disable()  # scoring allocates many small lists and dicts; cyclic GC passes only cost time here
    try:
        return _score(sentences, lexicon, text_column, speaker_column, actors, speakers, doc_column,
                      speaker_actor_column)
    finally:
        if enabled:
            gc.enable()


def _score(sentences, lexicon, text_column, speaker_column, actors, speakers, doc_column,
           speaker_actor_column) -> pd.DataFrame:
    if text_column not in sentences.columns:
        columns = ", ".join(map(str, sentences.columns))
        raise ParameterError(f"text column {text_column!r} not found (columns: {columns})")
    lex = _as_lexicon(lexicon)
    table = actors if isinstance(actors, ActorTable) else load_actors(actors)
    resolver = SpeakerResolver(speakers)
    texts = [t if isinstance(t, str) else "" for t in sentences[text_column].tolist()]
    n = len(texts)
    cue_matches = get_matcher(lex.entries(CUE_KINDS)).find(texts)
    cue_rows = np.unique(cue_matches.loc[cue_matches["kind"] == "cue", "row"].to_numpy())
    questions = np.zeros(n, dtype=bool)
    questions[cue_rows] = _questions([texts[r] for r in cue_rows])

    # Documents, speakers and speaker turns ("President of Russia Vladimir Putin: ...").
    speaker_actor, doc_codes = speaker_actors(sentences, texts, resolver, speaker_column, doc_column,
                                              speaker_actor_column, table)

    # Context (negation, modality, clauses, speech verbs, actors) for the cue rows, and for the few
    # sentences before a cue row without a speaker actor (their subjects carry over).
    lookback = 3
    need = cue_rows  # every cue row: "they" resolves to the last actor named before it
    before_rows = {r - k for r in need.tolist() for k in range(1, lookback + 1)
                   if r - k >= 0 and doc_codes[r - k] == doc_codes[r]}
    matches = _with_context(cue_matches, cue_rows, texts, lex, table)
    # the sentences before a cue row only need their actor mentions (whose subject carries over)
    only_before = np.array(sorted(before_rows - set(cue_rows.tolist())), dtype=np.int64)
    if len(only_before):
        found = get_matcher(table.entries()).find([texts[r] for r in only_before])
        if len(found):
            found["row"] = only_before[found["row"].to_numpy()]
            matches = pd.concat([matches, found], ignore_index=True).sort_values(["row", "start"], kind="stable")
            matches = matches.reset_index(drop=True)
    grouped = _groups(matches)
    contexts = _in_context(texts, cue_matches, lex)
    excluded = _in_context(texts, cue_matches, lex, unless=True)

    # Actor mentions: subject-like ones carry over to the next sentences of the document.
    mentions: dict[int, list[tuple[int, int, str, bool]]] = {}
    last_subject = np.full(n, None, dtype=object)
    actor_rows = matches[matches["kind"].isin(["actor", "pronoun"])] if not matches.empty else matches
    for row, start, end, kind, label in zip(
        actor_rows["row"].tolist(), actor_rows["start"].tolist(), actor_rows["end"].tolist(),
        actor_rows["kind"].tolist(), actor_rows["label"].tolist(), strict=True,
    ):
        code = label if kind == "actor" else "@" + label
        prep = is_prepositional(texts[row], start, end)
        mentions.setdefault(row, []).append((start, end, code, prep))
        if kind == "actor" and not prep:
            last_subject[row] = code
    previous = np.full(n, "", dtype=object)
    for r in need.tolist():
        for k in range(1, lookback + 1):
            if r - k < 0 or doc_codes[r - k] != doc_codes[r]:
                break
            if last_subject[r - k]:
                previous[r] = last_subject[r - k]
                break

    escalation = np.zeros(n)
    negotiation = np.zeros(n)
    penta = np.full(n, "statement", dtype=object)
    signal = np.full(n, "none", dtype=object)
    category = np.full(n, "", dtype=object)
    actor = np.full(n, "", dtype=object)
    hedged = np.zeros(n, dtype=bool)
    negated = np.zeros(n, dtype=bool)
    cue_lists: list[list[dict]] = [[] for _ in range(n)]
    threshold = float(lex.scoring["threshold"])
    dominance = float(lex.scoring["dominance"])
    for row, hits in grouped.items():
        if not any(h[2] == "cue" for h in hits):
            continue
        text = texts[row]
        analysis = _analyse_row(text, hits, lex, bool(questions[row]), contexts.get(row, frozenset()),
                                excluded.get(row, frozenset()))
        speech = [(s, e) for s, e, k, _, _ in hits if k == "speech"]
        row_mentions = mentions.get(row, [])
        sums = {"escalation": 0.0, "negotiation": 0.0}
        strong = {"escalation": False, "negotiation": False}
        penta_sums = dict.fromkeys(PENTA_CLASSES, 0.0)
        best: dict[str, dict] = {}
        named_best: dict[str, dict] = {}
        out = []
        for cue in analysis["cues"]:
            cue["actor"], named = attribute_cue(
                cue["start"], cue["end"], row_mentions, cue.pop("clause"), speech,
                speaker_actor[row] or "", previous[row] or "", table.adversaries.get(speaker_actor[row] or "", ""),
                text, cue["category"] in AGENT_CATEGORIES, named=True,
            )
            out.append(cue)
            if cue["family"] not in sums or cue["negated"]:
                cue.pop("strong", None)
            if cue["family"] in sums:
                negated[row] |= cue["negated"]
            if cue["negated"]:
                continue
            penta_sums[lex.categories[cue["category"]].penta_class] += cue["weight"]
            family = cue["family"]
            if family in sums:
                sums[family] += cue["weight"]
                strong[family] |= cue.pop("strong")
                if family not in best or cue["weight"] > best[family]["weight"]:
                    best[family] = cue
                # the sentence's actor: the strongest cue whose actor the sentence names ("Russian shelling,
                # another missile attack"), else the strongest cue's
                if named and (family not in named_best or cue["weight"] > named_best[family]["weight"]):
                    named_best[family] = cue
        out += [
            {"start": s, "end": e, "text": text[s:e], "category": "hedge", "family": "hedge", "weight": 0.0,
             "negated": False, "modality": "", "actor": ""}
            for s, e in analysis["hedges"]
        ]
        cue_lists[row] = sorted(out, key=lambda c: c["start"])
        escalation[row], negotiation[row] = sums["escalation"], sums["negotiation"]
        top_class = max(penta_sums, key=penta_sums.get)
        if penta_sums[top_class] >= threshold:
            penta[row] = top_class
        is_esc = strong["escalation"] and sums["escalation"] >= threshold
        is_neg = strong["negotiation"] and sums["negotiation"] >= threshold
        if is_esc and is_neg:
            # a category that subsumes the other family ("Russia rejected the proposal of a truce": the truce
            # is what is rejected) wins; else one family clearly stronger wins; comparable strengths are mixed
            subsumed = {lex.categories[c["category"]].subsumes for c in best.values()} - {""}
            if subsumed == {"negotiation"}:
                is_neg = False
            elif subsumed == {"escalation"}:
                is_esc = False
        if is_esc and is_neg:
            if sums["escalation"] >= dominance * sums["negotiation"]:
                is_neg = False
            elif sums["negotiation"] >= dominance * sums["escalation"]:
                is_esc = False
        if is_esc and is_neg:
            signal[row] = "mixed"
            lead = max(best.values(), key=lambda c: c["weight"])
        elif is_esc or is_neg:
            signal[row] = "escalation" if is_esc else "negotiation"
            lead = best[signal[row]]
        else:
            continue
        category[row] = lead["category"]
        actor[row] = named_best.get(lead["family"], lead)["actor"]
        hedged[row] = bool(analysis["hedges"])

    result = sentences.copy()
    result["escalation"] = escalation
    result["negotiation"] = negotiation
    result["penta_class"] = penta
    result["signal"] = signal
    result["category"] = category
    result["actor"] = actor
    result["hedged"] = hedged
    result["negated"] = negated
    result["cues"] = cue_lists
    return result
