"""The demo generator's planted parameters: dates, its own category, actor, topic and stance names, the
monthly curves of every planted rate, and the topics' vocabularies."""

from __future__ import annotations

import numpy as np
import pandas as pd

# --------------------------------------------------------------------------------------------------
# Public constants
# --------------------------------------------------------------------------------------------------

START_DATE = pd.Timestamp("2022-02-24")
END_DATE = pd.Timestamp("2025-12-31")
MONTHS = pd.date_range("2022-02-01", "2025-12-01", freq="MS")

# The categories the generator plants (its own list, not imported from the scorer: the demo must not be
# built from the scorer's taxonomy). The lexicon has more (e.g. military_action), which the demo does not plant.
ESCALATION_CATEGORIES: tuple[str, ...] = (
    "nuclear_threat", "military_threat", "demand", "maximalist_aims", "nationhood_denial",
    "mobilisation_offensive", "rejection_of_talks",
)
NEGOTIATION_CATEGORIES: tuple[str, ...] = (
    "readiness_for_talks", "ceasefire_proposal", "peace_plan_summit", "mediation", "humanitarian_deal",
    "concession", "diplomatic_contact",
)
MATERIAL_CATEGORIES: tuple[str, ...] = ("material_conflict", "material_cooperation")
CATEGORIES: tuple[str, ...] = ESCALATION_CATEGORIES + NEGOTIATION_CATEGORIES + MATERIAL_CATEGORIES
SIGNALS: tuple[str, ...] = ("escalation", "negotiation", "none")
ACTORS: tuple[str, ...] = ("RUS", "UKR", "USA", "EU", "NATO", "CHN", "TUR", "UN", "WEST")
#: Actor groups of the ``escalation_rate`` / ``negotiation_rate`` curves.
ACTOR_GROUPS: dict[str, tuple[str, ...]] = {
    "RUS": ("RUS",),
    "UKR": ("UKR",),
    "WEST": ("USA", "EU", "NATO", "WEST"),
}
TOPICS: tuple[str, ...] = (
    "battlefield",
    "nuclear",
    "diplomacy",
    "military_aid",
    "sanctions_economy",
    "history_identity",
)
STANCE_TARGETS: tuple[str, ...] = ("negotiations", "military_aid", "Russia", "Ukraine")
STANCES: tuple[str, ...] = ("FAVOR", "AGAINST", "NONE")
KINDS: tuple[str, ...] = ("readout", "statement", "op-ed", "commentary")
SOURCES: dict[str, str] = {
    "readout": "Kremlin readouts (synthetic)",
    "statement": "Kyiv statements (synthetic)",
    "op-ed": "Western op-eds (synthetic)",
    "commentary": "Video commentary (synthetic)",
}
SPEAKERS: dict[str, tuple[str, ...]] = {
    "readout": ("Vladimir Putin", "Sergei Lavrov", "Dmitry Peskov"),
    "statement": ("Volodymyr Zelensky", "Dmytro Kuleba"),
    "op-ed": ("Margaret Ellison", "Thomas Bergmann", "Claire Dumont", "Jonathan Hale", "Ingrid Solberg"),
    "commentary": ("Erik Lindqvist", "Sam Porter", "Nadia Kowalczyk", "Oliver Grant"),
}
KIND_ACTOR: dict[str, str] = {"readout": "RUS", "statement": "UKR", "op-ed": "", "commentary": ""}
SERIES: tuple[str, ...] = (
    "escalation_rate",
    "negotiation_rate",
    "hedged_share",
    "topic_share",
    "stance_favor_share",
)
DOCUMENT_COLUMNS = [
    "doc_id", "date", "date_precision", "source", "speaker", "title", "text", "path", "sha256",
    "synthetic", "actor", "kind",
]
SENTENCE_COLUMNS = [
    "doc_id", "sent_id", "para_id", "sentence", "signal", "category", "actor", "hedged", "negated",
    "topic", "stance_target", "stance", "wording",
]
#: ``wording`` of a planted sentence: ``template`` (the main banks), ``off_lexicon`` (a signal in a phrasing the
#: cue lexicon lacks) or ``decoy`` (lexicon words in another sense, planted as none).
WORDINGS: tuple[str, ...] = ("template", "off_lexicon", "decoy")
CURVE_COLUMNS = ["series", "group", "period", "value"]
TOPIC_TERM_COLUMNS = ["topic", "term", "weight"]
JSONL_NAME = "demo_corpus.jsonl"
DEFAULT_DOCUMENTS = 480

# --------------------------------------------------------------------------------------------------
# Generative parameters
# --------------------------------------------------------------------------------------------------

_KIND_SHARE = np.array([0.25, 0.20, 0.25, 0.30])  # readout, statement, op-ed, commentary
_KIND_BLOCK = ("readout",) * 5 + ("statement",) * 4 + ("op-ed",) * 5 + ("commentary",) * 6
_MIN_SENTENCES, _MAX_SENTENCES = 15, 40
_FIRST_PERSON = 0.6  # probability that an own-actor signal in a readout/statement is voiced as "we"
_DIRICHLET = 25.0  # concentration of a document's topic mix around the month's filler topic shares
_MONTH_PRECISION = 0.05  # share of op-eds and commentaries dated to the month only
_GROUPS4 = ("RUS", "UKR", "WEST", "OTHER")
_N_MONTHS = len(MONTHS)


def _index(month: str) -> float:
    stamp = pd.Timestamp(month)
    return (stamp.year - 2022) * 12 + stamp.month - 2


def _bump(month: str, width: float) -> np.ndarray:
    x = np.arange(_N_MONTHS, dtype=float)
    return np.exp(-0.5 * ((x - _index(month)) / width) ** 2)


def _knots(points: dict[str, float], smooth: float = 1.2) -> np.ndarray:
    x = np.arange(_N_MONTHS, dtype=float)
    xp = np.array([_index(m) for m in points])
    line = np.interp(x, xp, np.array(list(points.values()), dtype=float))
    if smooth <= 0:
        return line
    kernel_x = np.arange(-4 * smooth, 4 * smooth + 1)
    kernel = np.exp(-0.5 * (kernel_x / smooth) ** 2)
    padded = np.pad(line, len(kernel_x) // 2, mode="edge")
    return np.convolve(padded, kernel / kernel.sum(), mode="valid")


def _rates() -> dict[tuple[str, str], np.ndarray]:
    """Planted expected share of sentences per (signal, actor group) and month."""
    b = _bump
    return {
        ("escalation", "RUS"): 0.08 + 0.12 * b("2022-09", 1.3) + 0.09 * b("2024-05", 1.3)
        + 0.05 * b("2022-03", 1.0) + 0.04 * b("2024-11", 1.2) + _knots({"2022-02": 0.0, "2023-06": -0.035,
                                                                         "2024-01": 0.01, "2025-12": 0.0}),
        ("escalation", "UKR"): 0.025 + 0.06 * b("2022-09", 1.4) + 0.07 * b("2023-06", 1.6)
        + 0.06 * b("2024-08", 1.2),
        ("escalation", "WEST"): _knots({"2022-02": 0.085, "2022-07": 0.06, "2023-06": 0.03, "2024-06": 0.035,
                                        "2025-04": 0.012, "2025-12": 0.015}) + 0.04 * b("2024-11", 1.2),
        ("negotiation", "RUS"): _knots({"2022-02": 0.02, "2023-12": 0.015, "2024-08": 0.035, "2025-03": 0.07,
                                        "2025-12": 0.07}) + 0.05 * b("2022-03", 1.2) + 0.08 * b("2024-05", 1.6),
        ("negotiation", "UKR"): 0.015 + 0.10 * b("2022-03", 1.2) + 0.03 * b("2022-11", 1.5)
        + 0.075 * b("2024-06", 1.2) + _knots({"2022-02": 0.0, "2024-12": 0.0, "2025-04": 0.04, "2025-12": 0.03}),
        ("negotiation", "WEST"): 0.012 + 0.03 * b("2022-03", 1.2) + 0.05 * b("2024-06", 1.3)
        + _knots({"2022-02": 0.0, "2024-12": 0.0, "2025-03": 0.06, "2025-12": 0.05}),
        ("negotiation", "OTHER"): 0.008 + 0.03 * b("2022-03", 1.2) + 0.035 * b("2022-07", 1.2)
        + 0.03 * b("2023-02", 1.2) + 0.02 * b("2025-05", 1.5),
        ("escalation", "OTHER"): np.zeros(_N_MONTHS),
    }


def _allocation() -> dict[str, dict[tuple[str, str], np.ndarray]]:
    """Relative weight of each document kind in voicing a (signal, group); may vary over time."""
    ones = np.ones(_N_MONTHS)
    leaks = _bump("2024-05", 2.0)
    table = {
        "readout": {("escalation", "RUS"): 2.0, ("escalation", "UKR"): 0.3, ("escalation", "WEST"): 0.5,
                    ("negotiation", "RUS"): 1.4, ("negotiation", "UKR"): 0.3, ("negotiation", "WEST"): 0.4,
                    ("negotiation", "OTHER"): 0.8},
        "statement": {("escalation", "RUS"): 0.6, ("escalation", "UKR"): 2.0, ("escalation", "WEST"): 0.5,
                      ("negotiation", "RUS"): 0.3, ("negotiation", "UKR"): 2.2, ("negotiation", "WEST"): 0.8,
                      ("negotiation", "OTHER"): 0.8},
        "op-ed": {("escalation", "RUS"): 1.0, ("escalation", "UKR"): 0.6, ("escalation", "WEST"): 1.2,
                  ("negotiation", "RUS"): 1.0, ("negotiation", "UKR"): 0.8, ("negotiation", "WEST"): 1.3,
                  ("negotiation", "OTHER"): 1.0},
        "commentary": {("escalation", "RUS"): 1.0, ("escalation", "UKR"): 0.7, ("escalation", "WEST"): 0.9,
                       ("negotiation", "RUS"): 1.2, ("negotiation", "UKR"): 0.6, ("negotiation", "WEST"): 0.8,
                       ("negotiation", "OTHER"): 1.0},
    }
    out: dict[str, dict[tuple[str, str], np.ndarray]] = {}
    for kind, weights in table.items():
        out[kind] = {key: value * ones for key, value in weights.items()}
        out[kind][("escalation", "OTHER")] = 0.0 * ones
    # The spring-2024 "Putin is ready for a ceasefire" story is told mostly in commentary and op-eds.
    out["commentary"][("negotiation", "RUS")] = out["commentary"][("negotiation", "RUS")] + 2.0 * leaks
    out["op-ed"][("negotiation", "RUS")] = out["op-ed"][("negotiation", "RUS")] + 1.0 * leaks
    return out


def _category_weights() -> dict[tuple[str, str], dict[str, np.ndarray]]:
    """Distribution of cue categories within each (signal, group), per month (normalised later)."""
    b = _bump
    one = np.ones(_N_MONTHS)
    return {
        ("escalation", "RUS"): {
            "nuclear_threat": 0.14 * one + 0.45 * b("2022-10", 1.5) + 0.2 * b("2024-11", 1.2),
            "military_threat": 0.2 * one,
            "demand": 0.14 * one + 0.1 * b("2024-06", 1.0),
            "maximalist_aims": 0.14 * one,
            "nationhood_denial": 0.08 * one + 0.25 * b("2022-02", 1.2) + 0.1 * b("2022-09", 1.0),
            "mobilisation_offensive": 0.08 * one + 0.5 * b("2022-09", 1.0) + 0.5 * b("2024-05", 1.0),
            "rejection_of_talks": 0.1 * one + 0.1 * b("2022-11", 2.0),
        },
        ("escalation", "UKR"): {
            "military_threat": 0.2 * one,
            "demand": 0.22 * one,
            "maximalist_aims": 0.18 * one + 0.1 * b("2022-11", 2.0),
            "mobilisation_offensive": 0.12 * one + 0.4 * b("2022-09", 1.2) + 0.4 * b("2023-06", 1.5)
            + 0.4 * b("2024-08", 1.0),
            "rejection_of_talks": 0.18 * one + 0.25 * b("2022-10", 1.5),
        },
        ("escalation", "WEST"): {
            "nuclear_threat": 0.08 * one + 0.15 * b("2022-10", 1.5),
            "military_threat": 0.35 * one,
            "demand": 0.47 * one,
            "rejection_of_talks": 0.1 * one,
        },
        ("negotiation", "RUS"): {
            "readiness_for_talks": 0.3 * one + 0.5 * b("2024-05", 1.8),
            "ceasefire_proposal": 0.12 * one + 0.3 * b("2025-04", 1.5),
            "humanitarian_deal": 0.14 * one + 0.3 * b("2022-07", 1.0),
            "concession": 0.06 * one + 0.2 * b("2022-03", 1.0),
            "diplomatic_contact": 0.22 * one + 0.3 * b("2025-03", 3.0),
        },
        ("negotiation", "UKR"): {
            "readiness_for_talks": 0.2 * one + 0.5 * b("2022-03", 1.2),
            "ceasefire_proposal": 0.12 * one + 0.35 * b("2025-03", 1.5),
            "peace_plan_summit": 0.15 * one + 0.4 * b("2022-11", 1.2) + 0.6 * b("2024-06", 1.2),
            "humanitarian_deal": 0.15 * one,
            "concession": 0.05 * one + 0.2 * b("2022-03", 1.0),
            "diplomatic_contact": 0.2 * one,
        },
        ("negotiation", "WEST"): {
            "readiness_for_talks": 0.12 * one,
            "ceasefire_proposal": 0.15 * one + 0.4 * b("2025-03", 2.0),
            "peace_plan_summit": 0.2 * one + 0.6 * b("2024-06", 1.2),
            "mediation": 0.12 * one + 0.3 * b("2025-04", 3.0),
            "diplomatic_contact": 0.25 * one,
        },
        ("negotiation", "OTHER"): {
            "mediation": 0.35 * one + 0.3 * b("2022-03", 1.0),
            "humanitarian_deal": 0.2 * one + 0.5 * b("2022-07", 1.2),
            "peace_plan_summit": 0.12 * one + 0.6 * b("2023-02", 1.2),
            "ceasefire_proposal": 0.13 * one,
            "diplomatic_contact": 0.2 * one,
        },
    }


#: Who, within a group, voices a category (WEST and OTHER are split over their member actors).
_GROUP_ACTORS: dict[str, dict[str, dict[str, float]]] = {
    "WEST": {
        "default": {"USA": 0.4, "EU": 0.25, "NATO": 0.15, "WEST": 0.2},
        "military_threat": {"USA": 0.3, "EU": 0.05, "NATO": 0.5, "WEST": 0.15},
        "nuclear_threat": {"USA": 0.45, "EU": 0.05, "NATO": 0.4, "WEST": 0.1},
        "demand": {"USA": 0.35, "EU": 0.3, "NATO": 0.1, "WEST": 0.25},
        "mediation": {"USA": 0.8, "EU": 0.1, "WEST": 0.1},
        "peace_plan_summit": {"USA": 0.35, "EU": 0.35, "WEST": 0.3},
    },
    "OTHER": {
        "default": {"CHN": 0.35, "TUR": 0.35, "UN": 0.3},
        "mediation": {"CHN": 0.25, "TUR": 0.5, "UN": 0.25},
        "humanitarian_deal": {"TUR": 0.45, "UN": 0.55},
        "peace_plan_summit": {"CHN": 0.75, "TUR": 0.1, "UN": 0.15},
        "ceasefire_proposal": {"CHN": 0.3, "TUR": 0.3, "UN": 0.4},
    },
}

# Per-kind probabilities of the non-signal sentence classes (constant over time).
_STANCE_RATE: dict[str, dict[str, float]] = {
    "readout": {"negotiations": 0.0, "military_aid": 0.01, "Russia": 0.01, "Ukraine": 0.01},
    "statement": {"negotiations": 0.0, "military_aid": 0.01, "Russia": 0.01, "Ukraine": 0.01},
    "op-ed": {"negotiations": 0.08, "military_aid": 0.08, "Russia": 0.08, "Ukraine": 0.08},
    "commentary": {"negotiations": 0.08, "military_aid": 0.08, "Russia": 0.08, "Ukraine": 0.08},
}
#: Fixed stance of readouts and statements (the speaker's side); op-eds and commentary follow curves.
_FIXED_STANCE: dict[str, dict[str, str]] = {
    "readout": {"military_aid": "AGAINST", "Russia": "FAVOR", "Ukraine": "AGAINST"},
    "statement": {"military_aid": "FAVOR", "Russia": "AGAINST", "Ukraine": "FAVOR"},
}
_NEGATED_RATE = {"readout": 0.012, "statement": 0.012, "op-ed": 0.02, "commentary": 0.025}
_CONFLICT_RATE = {"readout": 0.03, "statement": 0.05, "op-ed": 0.03, "commentary": 0.035}
_COOPERATION_RATE = {"readout": 0.01, "statement": 0.03, "op-ed": 0.025, "commentary": 0.02}
_CONFLICT_ACTORS = {"readout": {"RUS": 0.3, "UKR": 0.7}, "statement": {"RUS": 0.8, "UKR": 0.2},
                    "op-ed": {"RUS": 0.6, "UKR": 0.4}, "commentary": {"RUS": 0.6, "UKR": 0.4}}
_COOPERATION_ACTORS = {"USA": 0.4, "EU": 0.3, "NATO": 0.1, "WEST": 0.2}
_NEGATED_ESCALATION_SHARE = 0.25


def _opinion_favor() -> dict[str, np.ndarray]:
    """Share FAVOR of the authors' own stance in op-eds and commentary, per target and month."""
    return {
        "negotiations": _knots({"2022-02": 0.75, "2022-03": 0.7, "2022-05": 0.15, "2023-06": 0.12,
                                "2024-02": 0.5, "2024-06": 0.2, "2025-02": 0.8, "2025-12": 0.85}, 1.5),
        "military_aid": _knots({"2022-02": 0.95, "2022-12": 0.9, "2023-10": 0.5, "2024-02": 0.15,
                                "2024-07": 0.8, "2025-01": 0.55, "2025-12": 0.15}, 1.5),
        "Russia": _knots({"2022-02": 0.03, "2023-01": 0.06, "2024-01": 0.4, "2024-07": 0.15,
                          "2025-06": 0.75, "2025-12": 0.6}, 1.5),
        "Ukraine": _knots({"2022-02": 0.97, "2022-12": 0.92, "2023-12": 0.4, "2024-06": 0.85,
                           "2025-03": 0.2, "2025-12": 0.4}, 1.5),
    }


def _hedge_probability() -> dict[tuple[str, str, str], np.ndarray]:
    """Probability that a (kind, signal, group) signal is voiced only through anonymous sources."""
    one = np.ones(_N_MONTHS)
    leaks = _bump("2024-05", 2.5)
    table: dict[tuple[str, str, str], np.ndarray] = {}
    for kind in KINDS:
        for signal in ("escalation", "negotiation"):
            for group in _GROUPS4:
                table[(kind, signal, group)] = 0.0 * one
    for group, (oped, commentary) in {"RUS": (0.06, 0.12), "UKR": (0.03, 0.05), "WEST": (0.05, 0.08),
                                      "OTHER": (0.06, 0.1)}.items():
        table[("op-ed", "negotiation", group)] = oped * one
        table[("commentary", "negotiation", group)] = commentary * one
    table[("op-ed", "negotiation", "RUS")] = table[("op-ed", "negotiation", "RUS")] + 0.55 * leaks
    table[("commentary", "negotiation", "RUS")] = table[("commentary", "negotiation", "RUS")] + 0.8 * leaks
    table[("op-ed", "negotiation", "WEST")] = table[("op-ed", "negotiation", "WEST")] + 0.25 * leaks
    table[("commentary", "negotiation", "WEST")] = table[("commentary", "negotiation", "WEST")] + 0.3 * leaks
    for group in ("RUS", "UKR", "WEST"):
        table[("op-ed", "escalation", group)] = 0.04 * one
        table[("commentary", "escalation", group)] = 0.1 * one
    return table


def _filler_topics() -> np.ndarray:
    """Topic distribution of neutral sentences per month (rows: months, columns: TOPICS)."""
    b = _bump
    raw = np.vstack([
        0.9 + 0.5 * b("2022-09", 1.5) + 0.6 * b("2023-06", 2.0) + 0.5 * b("2024-05", 1.5),  # battlefield
        0.15 + 1.2 * b("2022-10", 1.5) + 0.4 * b("2024-11", 1.5),  # nuclear
        0.25 + 1.1 * b("2022-03", 1.2) + 1.0 * b("2024-06", 1.2) + 0.7 * b("2025-04", 3.0),  # diplomacy
        0.35 + 1.0 * b("2023-01", 1.5) + 1.3 * b("2024-02", 2.0) + 0.3 * b("2022-05", 1.5),  # military_aid
        0.2 + 1.4 * b("2022-03", 2.0) + 0.6 * b("2022-12", 1.5) + 0.5 * b("2025-06", 3.0),  # sanctions_economy
        0.1 + 2.2 * b("2022-02", 1.5) + 1.3 * b("2022-09", 1.2) + 1.4 * b("2024-02", 1.3)
        + 0.5 * b("2023-11", 1.5),  # history_identity
    ]).T
    return raw / raw.sum(axis=1, keepdims=True)


_CATEGORY_TOPIC: dict[str, str] = {
    "nuclear_threat": "nuclear",
    "military_threat": "battlefield",
    "demand": "diplomacy",
    "maximalist_aims": "battlefield",
    "nationhood_denial": "history_identity",
    "mobilisation_offensive": "battlefield",
    "rejection_of_talks": "diplomacy",
    **{category: "diplomacy" for category in NEGOTIATION_CATEGORIES},
    "material_conflict": "battlefield",
    "material_cooperation": "military_aid",
}
_STANCE_TOPIC = {"negotiations": "diplomacy", "military_aid": "military_aid", "Russia": "history_identity",
                 "Ukraine": "history_identity"}
_NEGATED_ESCALATION_TOPICS = {"nuclear": 0.4, "battlefield": 0.4, "diplomacy": 0.2}

# --------------------------------------------------------------------------------------------------
# Vocabulary: display form -> token (the last word, lower case); Zipf weights by rank
# --------------------------------------------------------------------------------------------------

_VOCABULARY: dict[str, tuple[str, ...]] = {
    "battlefield": (
        "Bakhmut", "the trenches", "Avdiivka", "Zaporizhzhia", "Melitopol", "Pokrovsk", "the frontline",
        "Kupiansk", "Tokmak", "Svatove", "Vuhledar", "Kurakhove", "Robotyne", "Kreminna",
        "Lyman", "Soledar", "Izium", "Mariupol", "Severodonetsk", "Lysychansk", "Toretsk", "Siversk", "Marinka",
        "Krynky", "Vovchansk", "Orikhiv", "Kostiantynivka", "Huliaipole", "Mykolaiv", "Sudzha",
        "the bridgehead", "the salient", "Hostomel", "Irpin", "Chernihiv", "Sumy", "the encirclement",
        "Donetsk", "Luhansk", "Kherson",
    ),
    "nuclear": (
        "warheads", "the arsenal", "deterrence", "Sarmat", "Iskander", "the doctrine", "Oreshnik", "Yars",
        "Avangard", "Poseidon", "Burevestnik", "submarines", "bombers", "silos", "launchers", "radiation",
        "fallout", "reactors", "the IAEA", "Enerhodar", "inspectors", "plutonium", "uranium", "stockpiles",
        "megatons", "Armageddon", "the triad", "drills", "Kinzhal", "Hiroshima", "Chernobyl", "safeguards",
        "Minuteman", "Trident", "Kaliningrad", "shelters", "iodine", "dosimeters", "detonations", "isotopes",
    ),
    "diplomacy": (
        "Istanbul", "the memorandum", "Geneva", "the communique", "envoys", "guarantees", "the Vatican",
        "Riyadh", "ambassadors", "the treaty", "Jeddah", "the framework", "Doha", "Minsk", "the roadmap",
        "Helsinki", "the agenda", "Burgenstock", "clauses", "protocols", "signatories", "emissaries",
        "delegates", "accords", "the annex", "neutrality", "the declaration", "observers", "Budapest",
        "Lucerne", "Alaska", "Anchorage", "the embassy", "consulates", "credentials", "sherpas",
        "counterparts", "the chancellery", "Davos", "Malta",
    ),
    "military_aid": (
        "HIMARS", "Patriot", "Leopard", "ATACMS", "Abrams", "howitzers", "Ramstein", "tranches", "Bradley",
        "Javelin", "interceptors", "jets", "Stinger", "NASAMS", "munitions", "Gepard", "Marder", "Challenger",
        "Caesar", "Gripen", "the drawdown", "appropriations", "the supplemental", "Congress", "the Bundestag",
        "donors", "instructors", "Mirage", "Taurus", "Scalp", "Hawk", "Bayraktar", "warehouses", "convoys",
        "Rzeszow", "consignments", "the coalition", "Harpoon", "Vampire", "Hellfire",
    ),
    "sanctions_economy": (
        "sanctions", "oil", "gas", "the rouble", "exports", "embargoes", "inflation", "Gazprom", "SWIFT",
        "pipelines", "tankers", "refineries", "the budget", "reserves", "assets", "oligarchs", "Rosneft",
        "tariffs", "imports", "yachts", "banks", "LNG", "fertiliser", "Urals", "Brent", "currency", "markets",
        "investors", "GDP", "recession", "Euroclear", "revenues", "loans", "bonds", "the deficit", "subsidies",
        "freight", "insurers", "Nabiullina", "semiconductors",
    ),
    "history_identity": (
        "the language", "identity", "Novorossiya", "the empire", "culture", "Bandera", "the Holodomor",
        "Khmelnytsky", "Lenin", "Stalin", "the Bolsheviks", "the tsars", "the church", "the Patriarch",
        "ancestors", "heritage", "monuments", "textbooks", "memory", "Poltava", "Mazepa", "the Cossacks",
        "Pereiaslav", "chronicles", "Galicia", "the Habsburgs", "Lviv", "Catherine", "Potemkin", "folklore",
        "dialects", "archives", "museums", "the curriculum", "the famine", "deportations", "Pushkin",
        "Shevchenko", "Gogol", "Bulgakov",
    ),
}
_ZIPF_EXPONENT = 1.0
_ZIPF_OFFSET = 1.5


def _token(display: str) -> str:
    return display.split()[-1].lower()


def _term_weights(topic: str) -> np.ndarray:
    ranks = np.arange(len(_VOCABULARY[topic]), dtype=float)
    weights = (ranks + _ZIPF_OFFSET) ** -_ZIPF_EXPONENT
    return weights / weights.sum()


def topic_terms_table() -> pd.DataFrame:
    """The planted topic-word distributions: ``topic, term, weight`` (weights sum to 1 per topic)."""
    rows = []
    for topic in TOPICS:
        for display, weight in zip(_VOCABULARY[topic], _term_weights(topic), strict=True):
            rows.append((topic, _token(display), float(weight)))
    return pd.DataFrame(rows, columns=TOPIC_TERM_COLUMNS)


# --------------------------------------------------------------------------------------------------
