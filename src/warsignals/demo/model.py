"""The demo generator's expected-value model (per kind and month, the probability of every sentence class)
and the renderer that turns a drawn class into a sentence."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from warsignals.demo.banks import (
    _DECOY_RATE,
    _DECOYS,
    _FILLER_GENERAL,
    _FILLER_KIND,
    _FIRST,
    _FIRST_OPPONENTS,
    _HEDGE_FRAMES,
    _MATERIAL_CONFLICT,
    _MATERIAL_COOPERATION,
    _NEGATED_ESCALATION,
    _NEGATED_NEGOTIATION,
    _OFF_LEXICON,
    _OFF_LEXICON_RATE,
    _OPINION_STANCE,
    _OPPONENTS,
    _OWN_REFS,
    _PLAIN_PREFIXES,
    _REFS,
    _SIDE_STANCE,
    _STATEMENT_RUS_REFS,
    _THIRD,
    _X,
    _dated_name,
    _possessive,
)
from warsignals.demo.planted import (
    _CATEGORY_TOPIC,
    _CONFLICT_ACTORS,
    _CONFLICT_RATE,
    _COOPERATION_ACTORS,
    _COOPERATION_RATE,
    _FIRST_PERSON,
    _FIXED_STANCE,
    _GROUP_ACTORS,
    _GROUPS4,
    _KIND_SHARE,
    _N_MONTHS,
    _NEGATED_ESCALATION_SHARE,
    _NEGATED_ESCALATION_TOPICS,
    _NEGATED_RATE,
    _STANCE_RATE,
    _STANCE_TOPIC,
    _VOCABULARY,
    ACTOR_GROUPS,
    CURVE_COLUMNS,
    KIND_ACTOR,
    KINDS,
    MATERIAL_CATEGORIES,
    MONTHS,
    STANCE_TARGETS,
    TOPICS,
    _allocation,
    _category_weights,
    _filler_topics,
    _hedge_probability,
    _opinion_favor,
    _rates,
    _term_weights,
)

# The expected-value model: per (kind, month) probabilities of every sentence class, and the curves
# --------------------------------------------------------------------------------------------------

# Sentence classes, in a fixed order.
_CLASSES: tuple[tuple[str, ...], ...] = (
    tuple(("signal", signal, group) for signal in ("escalation", "negotiation") for group in _GROUPS4)
    + tuple(("stance", target) for target in STANCE_TARGETS)
    + (("negated",), ("material_conflict",), ("material_cooperation",), ("filler",))
)


@dataclass(frozen=True)
class _Model:
    class_probs: dict[str, np.ndarray]  # kind -> (months, classes)
    category_probs: dict[tuple[str, str], tuple[tuple[str, ...], np.ndarray]]  # -> (names, (months, cats))
    hedge: dict[tuple[str, str, str], np.ndarray]
    opinion_favor: dict[str, np.ndarray]
    filler_topics: np.ndarray
    curves: pd.DataFrame


def _group_actor_weights(group: str, category: str) -> dict[str, float]:
    table = _GROUP_ACTORS[group]
    return table.get(category, table["default"])


def _build_model() -> _Model:
    rates = _rates()
    allocation = _allocation()
    share = dict(zip(KINDS, _KIND_SHARE, strict=True))
    keys = [(signal, group) for signal in ("escalation", "negotiation") for group in _GROUPS4]
    total_weight = {key: sum(share[k] * allocation[k][key] for k in KINDS) for key in keys}
    signal_probs = {
        kind: {
            key: np.divide(rates[key] * allocation[kind][key], total_weight[key],
                           out=np.zeros(_N_MONTHS), where=total_weight[key] > 0)
            for key in keys
        }
        for kind in KINDS
    }
    class_probs: dict[str, np.ndarray] = {}
    for kind in KINDS:
        columns = [signal_probs[kind][key] for key in keys]
        columns += [np.full(_N_MONTHS, _STANCE_RATE[kind][target]) for target in STANCE_TARGETS]
        columns += [np.full(_N_MONTHS, _NEGATED_RATE[kind]), np.full(_N_MONTHS, _CONFLICT_RATE[kind]),
                    np.full(_N_MONTHS, _COOPERATION_RATE[kind])]
        used = np.sum(columns, axis=0)
        if used.max() > 0.95:  # pragma: no cover - guards edits of the parameters
            raise AssertionError(f"class probabilities of {kind} exceed 0.95 ({used.max():.3f})")
        columns.append(1.0 - used)
        class_probs[kind] = np.column_stack(columns)

    category_probs = {}
    for key, weights in _category_weights().items():
        names = tuple(weights)
        matrix = np.column_stack([weights[name] for name in names])
        category_probs[key] = (names, matrix / matrix.sum(axis=1, keepdims=True))
    hedge = _hedge_probability()
    opinion = _opinion_favor()
    filler = _filler_topics()

    # ---- curves: expected values derived from the very same parameters ----
    rows = []
    for series, signal in (("escalation_rate", "escalation"), ("negotiation_rate", "negotiation")):
        for group in ACTOR_GROUPS:
            rows.append((series, group, rates[(signal, group)]))
    neg_total = np.zeros(_N_MONTHS)
    neg_hedged = np.zeros(_N_MONTHS)
    for kind in KINDS:
        for group in _GROUPS4:
            mass = share[kind] * signal_probs[kind][("negotiation", group)]
            neg_total += mass
            neg_hedged += mass * hedge[(kind, "negotiation", group)]
    rows.append(("hedged_share", "all", neg_hedged / neg_total))

    topic_mass = {topic: np.zeros(_N_MONTHS) for topic in TOPICS}
    for kind in KINDS:
        probs = class_probs[kind]
        for j, cls in enumerate(_CLASSES):
            p = share[kind] * probs[:, j]
            if cls[0] == "signal":
                names, matrix = category_probs.get((cls[1], cls[2]), ((), np.zeros((_N_MONTHS, 0))))
                for c, name in enumerate(names):
                    topic_mass[_CATEGORY_TOPIC[name]] += p * matrix[:, c]
            elif cls[0] == "stance":
                topic_mass[_STANCE_TOPIC[cls[1]]] += p
            elif cls[0] == "negated":
                topic_mass["diplomacy"] += p * (1 - _NEGATED_ESCALATION_SHARE)
                for topic, fraction in _NEGATED_ESCALATION_TOPICS.items():
                    topic_mass[topic] += p * _NEGATED_ESCALATION_SHARE * fraction
            elif cls[0] in MATERIAL_CATEGORIES:
                topic_mass[_CATEGORY_TOPIC[cls[0]]] += p
            else:
                for t, topic in enumerate(TOPICS):
                    topic_mass[topic] += p * filler[:, t]
    for topic in TOPICS:
        rows.append(("topic_share", topic, topic_mass[topic]))

    for target in STANCE_TARGETS:
        favor = np.zeros(_N_MONTHS)
        against = np.zeros(_N_MONTHS)
        for kind in KINDS:
            p = share[kind] * _STANCE_RATE[kind][target]
            fixed = _FIXED_STANCE.get(kind, {}).get(target)
            if fixed is None:
                favor += p * opinion[target]
                against += p * (1 - opinion[target])
            elif fixed == "FAVOR":
                favor += p
            else:
                against += p
        if target == "negotiations":  # first-person readiness/ceasefire (FAVOR) and rejection (AGAINST)
            for kind, group in (("readout", "RUS"), ("statement", "UKR")):
                names, matrix = category_probs[("negotiation", group)]
                ready = sum(matrix[:, names.index(c)] for c in ("readiness_for_talks", "ceasefire_proposal"))
                favor += share[kind] * signal_probs[kind][("negotiation", group)] * _FIRST_PERSON * ready
                names, matrix = category_probs[("escalation", group)]
                reject = matrix[:, names.index("rejection_of_talks")]
                against += share[kind] * signal_probs[kind][("escalation", group)] * _FIRST_PERSON * reject
        rows.append(("stance_favor_share", target, favor / (favor + against)))

    curves = pd.DataFrame(
        [(series, group, MONTHS[m], float(values[m])) for series, group, values in rows
         for m in range(_N_MONTHS)],
        columns=CURVE_COLUMNS,
    )
    curves["period"] = pd.to_datetime(curves["period"]).astype("datetime64[ns]")
    return _Model(class_probs, category_probs, hedge, opinion, filler, curves)


# --------------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------------


class _Renderer:
    """Draws one document's sentences; every random draw goes through ``rng`` in a fixed order."""

    def __init__(self, rng: np.random.Generator, date: pd.Timestamp, kind: str) -> None:
        self.rng = rng
        self.date = date
        self.kind = kind
        self.used: set[str] = set()
        # draws of the off-lexicon and decoy sentences come from their own stream, so that adding them left
        # every other draw of the corpus (classes, actors, hedges, topics, stances) as it was
        self.alt: _Renderer | None = None

    def pick(self, options):
        return options[int(self.rng.integers(len(options)))]

    def pick_new(self, templates) -> str:
        """Pick a template not yet used in this document when possible (avoids repeated sentences)."""
        fresh = [t for t in templates if t not in self.used]
        choice = self.pick(fresh or list(templates))
        self.used.add(choice)
        return choice

    def weighted(self, weights: dict[str, float]) -> str:
        names = list(weights)
        p = np.array([weights[n] for n in names], dtype=float)
        return names[int(self.rng.choice(len(names), p=p / p.sum()))]

    def terms(self, topic: str, k: int) -> list[str]:
        vocabulary = _VOCABULARY[topic]
        idx = self.rng.choice(len(vocabulary), size=k, replace=False, p=_TERM_WEIGHTS[topic])
        return [vocabulary[i] for i in idx]

    def subject(self, actor: str) -> tuple[str, bool]:
        if self.kind == "readout" and actor == "RUS":
            refs = _OWN_REFS["readout"]
        elif self.kind == "statement" and actor == "UKR":
            refs = _OWN_REFS["statement"]
        elif self.kind == "statement" and actor == "RUS":
            refs = _STATEMENT_RUS_REFS
        else:
            refs = _REFS[actor]
        text, plural = self.pick(refs)
        if text.startswith("@"):
            text = _dated_name(text, self.date)
        return text, plural

    def opponent(self, actor: str, first_person: bool) -> str:
        if first_person:
            return self.pick(_FIRST_OPPONENTS[actor])
        group = actor if actor in ("RUS", "UKR") else ("OTHER" if actor in _X else "WEST")
        return self.pick(_OPPONENTS[group])

    def fill(self, template: str, topic: str, actor: str = "", first_person: bool = False) -> str:
        slots: dict[str, str] = {}
        n_terms = sum(f"{{{name}}}" in template for name in ("T", "T2", "T3"))
        if n_terms:
            for name, term in zip(("T", "T2", "T3"), self.terms(topic, n_terms), strict=False):
                slots[name] = term
        if "{S}" in template:
            subject, plural = self.subject(actor)
            slots.update(S=subject, be="are" if plural else "is", have="have" if plural else "has",
                         was="were" if plural else "was")
        if "{O}" in template or "{Op}" in template:
            opponent = self.opponent(actor, first_person)
            slots.update(O=opponent, Op=_possessive(opponent))
        text = template.format(**slots)
        return text[0].upper() + text[1:]


def _usable(bank: tuple[tuple[str, tuple[str, ...]], ...], actor: str) -> list[str]:
    return [text for text, actors in bank if not actors or actor in actors]


_TERM_WEIGHTS: dict[str, np.ndarray] = {topic: _term_weights(topic) for topic in TOPICS}


def _render_signal(r: _Renderer, signal: str, group: str, month: int, model: _Model) -> dict:
    names, matrix = model.category_probs[(signal, group)]
    category = names[int(r.rng.choice(len(names), p=matrix[month]))]
    actor = group if group in ("RUS", "UKR") else r.weighted(_group_actor_weights(group, category))
    hedged = bool(r.rng.random() < model.hedge[(r.kind, signal, group)][month])
    first = (not hedged and KIND_ACTOR[r.kind] == actor and r.rng.random() < _FIRST_PERSON)
    topic = _CATEGORY_TOPIC[category]
    stance_target, stance = "", "NONE"
    first_bank = _usable(_FIRST.get(category, ()), actor) if first else []
    if first_bank:
        sentence = r.fill(r.pick_new(first_bank), topic, actor, first_person=True)
        if category in ("readiness_for_talks", "ceasefire_proposal"):
            stance_target, stance = "negotiations", "FAVOR"
        elif category == "rejection_of_talks":
            stance_target, stance = "negotiations", "AGAINST"
    else:
        template = r.pick_new(_usable(_THIRD[category], actor))
        clause = r.fill(template, topic, actor)
        if hedged:
            frame = r.pick(_HEDGE_FRAMES)
            lowered = clause if clause.split()[0] in _KEEP_CAPITAL else clause[0].lower() + clause[1:]
            sentence = frame.format(c=lowered)
        else:
            present = "{be}" in template or "{have}" in template
            prefix = "" if present else r.pick(_PLAIN_PREFIXES)
            if prefix and clause.split()[0] not in _KEEP_CAPITAL:
                clause = clause[0].lower() + clause[1:]
            sentence = f"{prefix}{clause}."
    alt = r.alt
    wording = "template"
    if alt is not None and not first_bank and alt.rng.random() < _OFF_LEXICON_RATE:
        options = _usable(_OFF_LEXICON.get(category, ()), actor)
        if options:
            clause = alt.fill(alt.pick(options), topic, actor)
            if hedged:
                lowered = clause if clause.split()[0] in _KEEP_CAPITAL else clause[0].lower() + clause[1:]
                sentence = alt.pick(_HEDGE_FRAMES).format(c=lowered)
            else:
                sentence = f"{clause}."
            wording = "off_lexicon"
    sentence = sentence[0].upper() + sentence[1:]
    return dict(sentence=sentence, signal=signal, category=category, actor=actor, hedged=hedged,
                negated=False, topic=topic, stance_target=stance_target, stance=stance, wording=wording)


def _proper_words() -> frozenset[str]:
    words = set()
    for refs in list(_REFS.values()) + list(_OWN_REFS.values()) + [_STATEMENT_RUS_REFS]:
        for text, _ in refs:
            first = text.split()[0]
            if first[0].isupper() and first not in ("The",):
                words.add(first)
    words.update({"Dmytro", "Andrii", "Joe", "Donald", "Jens", "Mark", "Russian", "Ukrainian", "American",
                  "EU", "UN", "NATO", "Western", "Chinese", "Turkish"})
    return frozenset(words)


_KEEP_CAPITAL = _proper_words()


def _render(r: _Renderer, cls: tuple[str, ...], month: int, theta: np.ndarray, model: _Model) -> dict:
    none = dict(signal="none", category="", actor="", hedged=False, negated=False, stance_target="",
                stance="NONE", wording="template")
    kind = r.kind
    if cls[0] == "signal":
        return _render_signal(r, cls[1], cls[2], month, model)
    if cls[0] == "stance":
        target = cls[1]
        topic = _STANCE_TOPIC[target]
        fixed = _FIXED_STANCE.get(kind, {}).get(target)
        if fixed is not None:
            stance = fixed
            bank = _SIDE_STANCE[(kind, target, stance)]
        else:
            stance = "FAVOR" if r.rng.random() < model.opinion_favor[target][month] else "AGAINST"
            bank = _OPINION_STANCE[(target, stance)]
        sentence = r.fill(r.pick_new(bank), topic)
        return {**none, "sentence": sentence, "topic": topic, "stance_target": target, "stance": stance}
    if cls[0] == "negated":
        if r.rng.random() < _NEGATED_ESCALATION_SHARE:
            topic = r.weighted(_NEGATED_ESCALATION_TOPICS)
            template = r.pick_new(_NEGATED_ESCALATION[topic])
            actor = "RUS" if topic == "nuclear" else r.pick(("RUS", "RUS", "UKR"))
        else:
            topic, template = "diplomacy", r.pick_new(_NEGATED_NEGOTIATION)
            actor = r.pick(("RUS", "RUS", "UKR", "USA", "EU", "NATO", "WEST"))
        sentence = r.fill(template, topic, actor)
        return {**none, "sentence": sentence, "topic": topic, "negated": True}
    if cls[0] == "material_conflict":
        actor = r.weighted(_CONFLICT_ACTORS[kind])
        sentence = r.fill(r.pick_new(_MATERIAL_CONFLICT[actor]), "battlefield", actor)
        return {**none, "sentence": sentence, "topic": "battlefield", "category": "material_conflict",
                "actor": actor}
    if cls[0] == "material_cooperation":
        actor = r.weighted(_COOPERATION_ACTORS)
        sentence = r.fill(r.pick_new(_MATERIAL_COOPERATION), "military_aid", actor)
        return {**none, "sentence": sentence, "topic": "military_aid", "category": "material_cooperation",
                "actor": actor}
    topic = TOPICS[int(r.rng.choice(len(TOPICS), p=theta))]
    bank = _FILLER_KIND[kind] if r.rng.random() < 0.35 else _FILLER_GENERAL
    sentence = r.fill(r.pick_new(bank), topic)
    if r.alt is not None and r.alt.rng.random() < _DECOY_RATE:
        return {**none, "sentence": r.alt.fill(r.alt.pick_new(_DECOYS), topic), "topic": topic, "wording": "decoy"}
    return {**none, "sentence": sentence, "topic": topic}


def _chunks(rng: np.random.Generator, members: list[int]) -> list[list[int]]:
    """Split ``members`` (at least 3) into consecutive chunks of 3-6."""
    chunks = []
    while len(members) > 6:
        size = int(rng.integers(3, min(6, len(members) - 3) + 1))
        chunks.append(members[:size])
        members = members[size:]
    chunks.append(members)
    return chunks


def _paragraphs(rng: np.random.Generator, topics: list[str]) -> list[list[int]]:
    """Group sentence positions into paragraphs of 3-6 sentences that mostly share one topic."""
    groups: dict[str, list[int]] = {}
    for i, topic in enumerate(topics):
        groups.setdefault(topic, []).append(i)
    paragraphs: list[list[int]] = []
    leftovers: list[int] = []
    for topic in groups:  # insertion order = order of first appearance (deterministic)
        members = groups[topic]
        if len(members) >= 3:
            paragraphs.extend(_chunks(rng, members))
        else:
            leftovers.extend(members)
    if len(leftovers) >= 3 or not paragraphs:
        paragraphs.extend(_chunks(rng, leftovers) if len(leftovers) >= 3 else [leftovers])
    else:
        for i in leftovers:
            paragraphs[int(rng.integers(len(paragraphs)))].append(i)
    order = rng.permutation(len(paragraphs))
    return [paragraphs[i] for i in order]


# --------------------------------------------------------------------------------------------------
