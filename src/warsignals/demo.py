"""The synthetic demo corpus: seeded commentary about the Russia-Ukraine war with planted ground truth.

Everything in this corpus is invented by a seeded generator (numpy ``Generator``), so every model of the
project can be checked against what was planted:

- **signals**: each sentence is drawn from a template bank of escalation and negotiation cue categories,
  voiced by an actor (first person in Kremlin readouts and Kyiv statements, third person or hedged through
  anonymous sources in op-eds and video commentary), plus negated cues, material conflict/cooperation
  reports, stance sentences and neutral topical sentences. Some signals are worded in phrasings the cue
  lexicon does not hold (``_OFF_LEXICON``) and some neutral sentences use lexicon words in other senses
  (``_DECOYS``: "demand for housing", a business "summit"), so that the scorer can fail on them;
- **topics**: six planted topics, each with its own Zipf-weighted vocabulary (``topic_terms``); a
  paragraph mostly shares one topic;
- **curves**: monthly expected values of the escalation and negotiation rates per actor group, the
  hedged share of negotiation signals, the topic shares and the share of FAVOR stance per target. Each
  sentence is sampled so that the expected value of the empirical monthly rate equals the curve.

Definitions of the curves (``curves`` columns ``series, group, period, value``; period = month start):

- ``escalation_rate`` / ``negotiation_rate``, group ``RUS | UKR | WEST``: expected share of all sentences
  of the month whose ``signal`` is escalation / negotiation and whose ``actor`` belongs to the group
  (:data:`ACTOR_GROUPS`: WEST = USA, EU, NATO, WEST);
- ``hedged_share``, group ``all``: expected share of negotiation sentences that are hedged;
- ``topic_share``, group = topic: expected share of sentences planted in the topic;
- ``stance_favor_share``, group = target: among sentences with a stance toward the target, the expected
  share FAVOR (ratio of expectations).

Every sentence is exactly one punkt sentence, so :func:`warsignals.sentences.split_sentences` of
``documents`` reproduces the planted ``doc_id, sent_id, para_id, sentence``. Run
``python -m warsignals.demo OUT_DIR`` to write the corpus and its truth tables.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from warsignals import config
from warsignals.errors import ParameterError

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
# Actor references
# --------------------------------------------------------------------------------------------------

# (text, plural)
_REFS: dict[str, tuple[tuple[str, bool], ...]] = {
    "RUS": (("Putin", False), ("Vladimir Putin", False), ("the Kremlin", False), ("Moscow", False),
            ("Russia", False), ("Sergei Lavrov", False), ("Lavrov", False), ("Dmitry Peskov", False),
            ("the Russian president", False), ("the Russian foreign ministry", False),
            ("Russian officials", True)),
    "UKR": (("Zelensky", False), ("Volodymyr Zelensky", False), ("Kyiv", False), ("Ukraine", False),
            ("the Ukrainian president", False), ("Ukrainian officials", True), ("@FM", False)),
    "USA": (("Washington", False), ("the White House", False), ("the United States", False),
            ("the State Department", False), ("@PRES", False), ("American officials", True)),
    "EU": (("Brussels", False), ("the European Union", False), ("the European Commission", False),
           ("EU leaders", True)),
    "NATO": (("NATO", False), ("the NATO secretary general", False), ("@NATO", False), ("NATO allies", True)),
    "WEST": (("the West", False), ("Western governments", True), ("Western capitals", True),
             ("the G7", False)),
    "CHN": (("Beijing", False), ("China", False), ("Xi Jinping", False), ("the Chinese foreign ministry", False),
            ("Chinese diplomats", True)),
    "TUR": (("Ankara", False), ("Turkey", False), ("Recep Tayyip Erdogan", False), ("Erdogan", False),
            ("Turkish diplomats", True)),
    "UN": (("the United Nations", False), ("the UN secretary general", False), ("Antonio Guterres", False),
           ("UN officials", True)),
}
_OWN_REFS: dict[str, tuple[tuple[str, bool], ...]] = {
    "readout": (("Russia", False), ("the Russian side", False), ("the Russian Federation", False),
                ("Moscow", False)),
    "statement": (("Ukraine", False), ("the Ukrainian side", False), ("Kyiv", False)),
}
_STATEMENT_RUS_REFS = (("the aggressor state", False), ("the occupiers", True), ("Moscow", False),
                       ("Russia", False), ("the Kremlin", False), ("Putin", False))
_OPPONENTS: dict[str, tuple[str, ...]] = {
    "RUS": ("Kyiv", "the Kyiv regime", "the West", "NATO", "Washington"),
    "UKR": ("Moscow", "the Kremlin", "Russia", "Putin"),
    "WEST": ("Moscow", "the Kremlin", "Russia", "Putin"),
    "OTHER": ("both sides", "the warring parties", "Moscow and Kyiv"),
}
_FIRST_OPPONENTS = {"RUS": ("Kyiv", "the Kyiv regime", "the West"), "UKR": ("Russia", "Moscow", "the occupiers")}


def _dated_name(placeholder: str, date: pd.Timestamp) -> str:
    if placeholder == "@FM":
        return "Dmytro Kuleba" if date < pd.Timestamp("2024-09-05") else "Andrii Sybiha"
    if placeholder == "@PRES":
        return "Joe Biden" if date < pd.Timestamp("2025-01-20") else "Donald Trump"
    return "Jens Stoltenberg" if date < pd.Timestamp("2024-10-01") else "Mark Rutte"


def _possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


# --------------------------------------------------------------------------------------------------
# Template banks. Third-person templates are clauses (no final stop) so that hedge frames can wrap them;
# {S} subject, {be}/{have}/{was} agree with it, {O}/{Op} opponent (possessive), {T}/{T2}/{T3} topic terms.
# Each entry: (text, actors it may be used with; empty = any).
# --------------------------------------------------------------------------------------------------

_R, _U, _W, _X = ("RUS",), ("UKR",), ("USA", "EU", "NATO", "WEST"), ("CHN", "TUR", "UN")

_THIRD: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "nuclear_threat": (
        ("{S} warned that Russia could use nuclear weapons if the West crossed its red lines, in remarks on {T}",
         _R),
        ("{S} threatened a nuclear response to any attack on Russian territory, in remarks that also "
         "touched on {T}", _R),
        ("{S} {have} again raised the spectre of nuclear war in a statement about {T}", _R),
        ("{S} said that Russian nuclear forces had been put on high alert amid the dispute over {T}", _R),
        ("{S} reminded the West that Russia is a nuclear power, in comments on {T}", _R),
        ("{S} warned of catastrophic consequences if Moscow used a nuclear weapon, in a statement on {T}", _W),
        ("{S} told the Kremlin that any nuclear strike would bring a devastating response, citing {T}", _W),
    ),
    "military_threat": (
        ("{S} warned that any new strikes around {T} would be met with a devastating response", _R + _W + _U),
        ("{S} threatened to strike decision-making centres if {O} crossed the line around {T}", _R),
        ("{S} vowed to retaliate with overwhelming force for the attacks around {T}", _R + _U),
        ("{S} warned {O} that the alliance would defend every inch of its territory, in remarks on {T}",
         ("NATO",)),
        ("{S} threatened {O} with a military response, in a statement that mentioned {T}", _R + _W),
        ("{S} warned that more troops could be sent to the region, in a statement on {T}", _R + _W),
    ),
    "demand": (
        ("{S} demanded that {O} withdraw all troops from Ukrainian territory, in a statement that referred "
         "to {T}", _U + _W),
        ("{S} demanded that {O} recognise the new territorial realities, in remarks on {T}", _R),
        ("{S} insisted that {O} must accept Russia's conditions before anything else, citing {T}", _R),
        ("{S} called on {O} to pay reparations for every ruined town, in a statement on {T}", _U),
        ("{S} issued an ultimatum to {O}, in a statement that mentioned {T}", _R + _W),
        ("{S} demanded that {O} abandon any plans for NATO membership, citing {T}", _R),
        ("{S} demanded that {O} end the occupation and return all deported children, in remarks on {T}",
         _U + _W),
    ),
    "maximalist_aims": (
        ("{S} said that all the goals of the special military operation would be achieved, including "
         "around {T}", _R),
        ("{S} vowed to fight until total victory, whatever the cost of the battle for {T}", _R + _U),
        ("{S} promised to liberate every inch of Ukrainian land, including the peninsula and {T}", _U),
        ("{S} declared that the so-called new regions would remain part of Russia forever, citing {T}", _R),
        ("{S} said that nothing short of complete victory would end the fighting over {T}", _R + _U),
    ),
    "nationhood_denial": (
        ("{S} claimed that Ukrainians and Russians are one people, pointing to {T}", _R),
        ("{S} said that Ukraine had never had a real tradition of statehood, citing {T}", _R),
        ("{S} described Ukraine as an artificial state with no right to exist on its own, in a long "
         "lecture on {T}", _R),
        ("{S} questioned whether a Ukrainian nation even exists, in remarks about {T}", _R),
        ("{S} called Ukraine an invention of the West, in a speech full of references to {T}", _R),
    ),
    "mobilisation_offensive": (
        ("{S} announced a partial mobilisation of reservists to reinforce the troops around {T}", _R),
        ("{S} launched a new offensive, with troops pushing toward {T}", _R + _U),
        ("{S} ordered a fresh call-up of three hundred thousand men, with many of them sent to {T}", _R),
        ("{S} opened a new front and sent fresh units toward {T}", _R),
        ("{S} launched a counteroffensive to push the occupiers back from {T}", _U),
        ("{S} announced a new wave of mobilisation to strengthen the units near {T}", _R + _U),
    ),
    "rejection_of_talks": (
        ("{S} rejected {Op} call for talks, saying they would only legitimise the occupation of {T}", _U + _W),
        ("{S} dismissed {Op} ceasefire offer as a trick to buy time, in remarks on {T}", _U + _R + _W),
        ("{S} ruled out any negotiations with {O} while the fighting over {T} goes on", _R + _U),
        ("{S} rejected {Op} peace formula as detached from reality, in remarks on {T}", _R),
        ("{S} refused to negotiate with {O}, calling the idea a trap, in a statement on {T}", _R + _U),
        ("{S} said there would be no talks with {O} until the question of {T} is settled on the battlefield",
         _R + _U),
    ),
    "readiness_for_talks": (
        ("{S} {be} ready for negotiations, according to a statement that referred to {T}", ()),
        ("{S} signalled readiness to negotiate with {O}, in remarks on {T}", _R + _U + _W),
        ("{S} said that the door to peace talks remained open, when asked about {T}", ()),
        ("{S} {be} open to talks, provided that the realities on the ground are taken into account, "
         "including {T}", _R),
        ("{S} expressed willingness to resume negotiating with {O}, citing {T}", _R + _U),
        ("{S} {be} interested in negotiations about a ceasefire, in a statement that mentioned {T}", _R + _U),
    ),
    "ceasefire_proposal": (
        ("{S} proposed a ceasefire along the current front line, in a statement that referred to {T}", ()),
        ("{S} offered a thirty-day truce, in remarks on {T}", ()),
        ("{S} called for an immediate cease-fire, citing {T}", ()),
        ("{S} floated the idea of a truce to freeze the fighting, when asked about {T}", ()),
        ("{S} {be} ready for a ceasefire, according to a plan that mentions {T}", _R + _U),
    ),
    "peace_plan_summit": (
        ("{S} presented a peace plan with several points, including one on {T}", ()),
        ("{S} announced a peace summit to rally support for a just peace, in remarks on {T}", _U + _W),
        ("{S} urged world leaders to attend the peace summit, citing {T}", _U + _W),
        ("{S} put forward a twelve-point peace proposal that refers to {T}", ("CHN",)),
        ("{S} backed the peace summit and its final text, which mentions {T}", _W + _X),
    ),
    "mediation": (
        ("{S} offered to mediate between Moscow and Kyiv, in a statement that referred to {T}", ()),
        ("{S} offered to host talks between the warring parties, citing {T}", ()),
        ("{S} acted as a go-between in indirect contacts, according to a statement on {T}", ()),
        ("{S} said it was willing to act as a mediator to end the war, in remarks on {T}", ()),
    ),
    "humanitarian_deal": (
        ("{S} agreed to a prisoner exchange, according to a statement on {T}", _R + _U),
        ("{S} signed a deal to allow the safe export of grain through the Black Sea, in a text that "
         "refers to {T}", ()),
        ("{S} agreed on humanitarian corridors for civilians trapped near the front, in remarks on {T}", ()),
        ("{S} brokered an exchange of prisoners of war, according to a statement on {T}", _X),
        ("{S} agreed to return the bodies of fallen soldiers, in a deal that mentions {T}", _R + _U),
    ),
    "concession": (
        ("{S} indicated that neutral status could be discussed as part of a deal, citing {T}", _U),
        ("{S} signalled a willingness to compromise, in remarks on {T}", _R + _U),
        ("{S} agreed to scale down military activity around the capital, in a statement on {T}", _R),
        ("{S} softened the conditions for a settlement, in a statement that referred to {T}", _R + _U),
    ),
    "diplomatic_contact": (
        ("{S} held a phone call with {O} to discuss {T}", _R + _U + _W),
        ("{S} met {Op} foreign minister on the sidelines of a conference, citing {T}", _R + _U + _W),
        ("{S} sent a delegation to meet officials from {O}, in a visit linked to {T}", _R + _U + _W),
        ("{S} exchanged messages with {O} through a discreet channel, according to a statement on {T}", ()),
        ("{S} held a round of consultations with both sides, in remarks on {T}", _X),
    ),
}

# First-person sentences (complete, with final punctuation); actor = the speaker's side.
_FIRST: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "nuclear_threat": (
        ("We will use all the means at our disposal to protect our people, and this is not a bluff.", _R),
        ("Anyone who threatens us must know that our response will be immediate and devastating, including with "
         "nuclear weapons.", _R),
        ("Our strategic nuclear forces are ready, and the West should remember that when it speaks about {T}.",
         _R),
    ),
    "military_threat": (
        ("We will strike decision-making centres if the attacks around {T} continue.", _R),
        ("We will respond to every provocation with force, and {O} knows it.", _R + _U),
        ("We will strike back at every target the occupiers use, including around {T}.", _U),
    ),
    "demand": (
        ("We demand that {O} recognise the new territorial realities, and this applies to {T} as well.", _R),
        ("We demand the complete withdrawal of Russian troops from our land, and {T} is no exception.", _U),
        ("We insist that {O} must pay for every ruined home.", _U),
        ("We demand that {O} stop pumping weapons into the region, and the issue of {T} is no exception.", _R),
    ),
    "maximalist_aims": (
        ("We will achieve all the goals of the special military operation, whatever happens around {T}.", _R),
        ("We will liberate every inch of our land, including the peninsula.", _U),
        ("We will fight until complete victory, and {T} will be ours again.", _U),
    ),
    "nationhood_denial": (
        ("Russians and Ukrainians are one people, and nothing about {T} changes that.", _R),
        ("There has never been a separate Ukrainian nation, and the story of {T} proves it.", _R),
    ),
    "mobilisation_offensive": (
        ("We are mobilising additional forces to complete our tasks near {T}.", _R),
        ("Our forces are advancing, and we will keep pushing the occupiers back from {T}.", _U),
        ("We have launched a new offensive in the direction of {T}.", _R + _U),
    ),
    "rejection_of_talks": (
        ("We will not negotiate with {O} while it refuses to accept the realities, including {T}.", _R),
        ("There will be no negotiations with {O} while our land is occupied.", _U),
        ("We reject any ceasefire that would freeze the occupation, and the case of {T} shows why.", _U),
        ("We see no point in any talks with {O}, which has banned them by decree.", _R),
    ),
    "readiness_for_talks": (
        ("We are ready for negotiations, and {T} can be part of them.", ()),
        ("We have never refused to negotiate, and we remain open to talks, including on {T}.", _R),
        ("We are prepared to discuss {T} at the negotiating table.", ()),
        ("Our position is clear: we are open to dialogue with {O}.", ()),
    ),
    "ceasefire_proposal": (
        ("We propose a ceasefire along the current line of contact, and we have said so about {T} too.", ()),
        ("We are ready to agree to a truce if the other side does the same, and {T} will be on the table.", ()),
        ("We support an immediate and complete cease-fire in the air and at sea.", _U),
    ),
    "peace_plan_summit": (
        ("Our peace formula offers a path to a just peace, including on {T}.", _U),
        ("We invite every nation to join our peace summit, where {T} will be discussed.", _U),
    ),
    "humanitarian_deal": (
        ("We have agreed on another exchange of prisoners with {O}.", ()),
        ("We have agreed to open humanitarian corridors, and {T} was part of the discussion.", ()),
    ),
    "concession": (
        ("We are prepared to discuss neutral status as part of a settlement, including {T}.", _U),
        ("We are willing to make compromises, even on {T}.", ()),
    ),
    "diplomatic_contact": (
        ("Today I had a long phone call with our partners about {T}.", ()),
        ("We held consultations with {O} on {T} this week.", ()),
    ),
}

_HEDGE_FRAMES: tuple[str, ...] = (
    "Anonymous sources told Reuters that {c}.",
    "According to people familiar with the matter, {c}.",
    "Leaked documents suggest that {c}.",
    "Reportedly, {c}.",
    "Allegedly, {c}.",
    "Unnamed officials said that {c}.",
    "There are unconfirmed reports that {c}.",
    "Once again there is a story in the media that, secretly, {c}.",
    "Media reports citing unnamed diplomats say that {c}.",
    "Sources close to the negotiators claim that {c}.",
)
_PLAIN_PREFIXES: tuple[str, ...] = ("", "", "", "", "On Tuesday, ", "Once again, ", "In a televised address, ",
                                    "Earlier this week, ", "In an interview, ", "Last night, ")

# Off-lexicon phrasings: true signals worded as commentary words them but as the cue lexicon does not (checked
# by tests/test_demo.py: the default scorer finds no cue of the category in them), so that recovering the
# planted truth tests the scorer rather than mirroring its lexicon. Third-person clauses, like _THIRD.
_OFF_LEXICON_RATE = 0.15  # share of third-person signal sentences drawn from these banks instead
_OFF_LEXICON: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "nuclear_threat": (
        ("{S} hinted that the most powerful weapons Russia has could be used over {T}", _R),
        ("{S} said that the whole world could burn in radioactive ash if {O} went on meddling in {T}", _R),
    ),
    "military_threat": (
        ("{S} said that anyone who touches the land around {T} would bitterly regret it", _R + _U),
        ("{S} let {O} know that patience over {T} was running out and that a painful answer was coming",
         _R + _W),
    ),
    "demand": (
        ("{S} told {O} to pull every soldier out of the country, in a message that mentioned {T}", _U + _W),
    ),
    "maximalist_aims": (
        ("{S} said the war would go on until the enemy lays down its arms for good, whatever happens at {T}",
         _R + _U),
    ),
    "mobilisation_offensive": (
        ("{S} sent tens of thousands of fresh recruits to the front near {T}", _R),
        ("{S} pushed forward along the whole line in a major push toward {T}", _R + _U),
    ),
    "rejection_of_talks": (
        ("{S} said that sitting down with {O} would be a waste of time, in remarks on {T}", _R + _U),
    ),
    "readiness_for_talks": (
        ("{S} said the time had come to sit across the table from {O}, in remarks on {T}", _R + _U + _W),
        ("{S} said that a deal with {O} was within reach, when asked about {T}", ()),
    ),
    "ceasefire_proposal": (
        ("{S} suggested that the guns should fall silent for thirty days, citing {T}", ()),
        ("{S} proposed that both armies stop shooting along the front from Sunday, in remarks on {T}", ()),
    ),
    "mediation": (
        ("{S} offered to bring people from Moscow and Kyiv into the same room, citing {T}", _X + _W),
    ),
    "humanitarian_deal": (
        ("{S} agreed to swap captured soldiers with {O}, according to a statement on {T}", _R + _U),
    ),
    "diplomatic_contact": (
        ("{S} spoke at length with {Op} leader about the war, in a conversation that touched on {T}", _R + _U + _W),
    ),
}
# Lexicon words in other senses (economic "demand", a business "summit", "mobilising builders", "no doubt",
# a sports "attack"): planted as none, so the tests fail when the scorer takes them for signals. Filler sentences.
_DECOY_RATE = 0.08  # share of filler sentences drawn from this bank instead
_DECOYS: tuple[str, ...] = (
    "Demand for housing near {T} has risen sharply, estate agents say.",
    "Consumer demand for steel and cement slowed this spring, while {T} stayed in the news.",
    "The annual summit of small business owners spent a whole session on {T}.",
    "The city is mobilising builders and plumbers to repair the roofs before winter, while {T} is debated.",
    "There is no doubt that {T} will remain a subject of heated debate in the universities.",
    "The football club launched a new attack on the league title after a season dominated by {T}.",
    "The two bakeries called a truce in their price war, and the local paper wrote about {T} instead.",
    "Talks between the teachers' union and the school board on salaries dragged on, as did the debate on {T}.",
)

# Negated cues: signal none, negated True. (text, topic or "" for diplomacy default)
_NEGATED_NEGOTIATION: tuple[str, ...] = (
    "{S} {be} not ready for negotiations, in spite of the reports about {T}.",
    "{S} {be} not interested in a ceasefire.",
    "{S} did not propose any truce, despite the reports about {T}.",
    "{S} {have} not offered to negotiate with {O}.",
    "{S} {be} not seeking talks with {O} at this stage.",
    "There is no sign that {S} {be} ready for peace talks, despite the news about {T}.",
    "{S} did not agree to a cease-fire, and the disagreement over {T} remains.",
    "{S} {have} never proposed a peace plan, whatever is said about {T}.",
)
_NEGATED_ESCALATION: dict[str, tuple[str, ...]] = {
    "nuclear": ("{S} did not threaten to use nuclear weapons, despite the claims about {T}.",
                "{S} {be} not planning any nuclear test, in spite of the rumours about {T}."),
    "battlefield": ("{S} {be} not planning a new wave of mobilisation for the fighting around {T}.",
                    "{S} {have} not announced any new offensive toward {T}."),
    "diplomacy": ("{S} did not demand any territorial concessions in the statement about {T}.",),
}
_MATERIAL_CONFLICT: dict[str, tuple[str, ...]] = {
    "RUS": (
        "Russian forces shelled Ukrainian positions overnight, and the fighting over {T} intensified.",
        "Russian missiles struck power stations across the country while the battle for {T} went on.",
        "Russian troops attacked again in the fighting over {T}.",
        "Russian glide bombs hit residential buildings, and the fighting near {T} continued.",
    ),
    "UKR": (
        "Ukrainian units struck a Russian supply depot in the fighting over {T}.",
        "Ukrainian drones hit a fuel depot deep inside Russia, while the fighting over {T} continued.",
        "Ukrainian troops repelled several assaults in the battle for {T}.",
    ),
}
_MATERIAL_COOPERATION: tuple[str, ...] = (
    "{S} delivered a new package of military aid to Ukraine, in a decision linked to {T}.",
    "{S} announced another round of deliveries to Ukraine, with {T} in the spotlight.",
    "{S} approved new weapons for Ukraine after weeks of debate about {T}.",
    "{S} shipped more ammunition to Ukraine, as the discussion about {T} went on.",
)

_OPINION_STANCE: dict[tuple[str, str], tuple[str, ...]] = {
    ("negotiations", "FAVOR"): (
        "Talks must start now to stop the killing.",
        "It is time for both sides to sit down at the negotiating table.",
        "A negotiated settlement is the only realistic way to end this war.",
        "Diplomacy deserves a real chance, even on an issue as hard as {T}.",
        "Western leaders should push much harder for a ceasefire.",
        "Every month without negotiations costs thousands of lives.",
        "The only way out of this war is a compromise reached at the table, including on {T}.",
    ),
    ("negotiations", "AGAINST"): (
        "There is no reason to believe the Kremlin is sincere about negotiations.",
        "Negotiating now would only reward aggression.",
        "A ceasefire today would simply give Russia time to rearm.",
        "Talks with Moscow at this stage would be a trap for Ukraine.",
        "Pushing Kyiv into negotiations now would be a serious mistake, whatever is said about {T}.",
        "I am deeply skeptical that these negotiations will lead anywhere.",
    ),
    ("military_aid", "FAVOR"): (
        "Western military support for Ukraine has to continue even as negotiations are ongoing.",
        "The West must keep sending weapons to Ukraine, whatever the debate about {T}.",
        "Cutting aid now would be a gift to the Kremlin.",
        "Ukraine needs more air defence and more ammunition, and it needs them now.",
        "Supporting Ukraine is the best investment in European security we can make.",
        "Every delay caused by arguments over {T} costs Ukrainian lives.",
    ),
    ("military_aid", "AGAINST"): (
        "The West should scale down its aid to Ukraine.",
        "Sending more weapons will only prolong the war.",
        "Western taxpayers should stop paying for this war, whatever is said about {T}.",
        "Military aid to Kyiv has become a blank cheque that must end.",
        "Europe should stop arming Ukraine and think about its own security.",
    ),
    ("Russia", "FAVOR"): (
        "Russia has legitimate security interests that the West keeps ignoring.",
        "Moscow's concerns about NATO expansion deserve to be taken seriously.",
        "The Russian view of {T} is more reasonable than Western media admit.",
        "Russia has every right to protect Russian speakers in the region.",
    ),
    ("Russia", "AGAINST"): (
        "Russia's war of aggression is a crime that must not be rewarded.",
        "The Kremlin cannot be trusted to keep any promise.",
        "Russian forces have committed atrocities that must be punished.",
        "Moscow's imperial ambitions are a threat to all of Europe, and its lectures about {T} change nothing.",
    ),
    ("Ukraine", "FAVOR"): (
        "Ukraine is fighting for the freedom of all Europeans.",
        "Ukrainians have shown extraordinary courage in defending their country.",
        "Ukraine deserves a clear path to membership in the European Union.",
        "Ukraine's resistance deserves our admiration, whatever Moscow says about {T}.",
    ),
    ("Ukraine", "AGAINST"): (
        "The government in Kyiv is corrupt and cannot be trusted.",
        "Ukraine's leadership has made one reckless decision after another.",
        "Kyiv keeps dragging the West deeper into a war it cannot win.",
        "The Ukrainian leadership has been exploiting {T} to silence its critics.",
    ),
}
_SIDE_STANCE: dict[tuple[str, str, str], tuple[str, ...]] = {
    ("readout", "Russia", "FAVOR"): (
        "Russia has always defended its sovereignty and will continue to do so.",
        "Our country has every right to ensure its own security, whatever anyone says about {T}.",
    ),
    ("readout", "Ukraine", "AGAINST"): (
        "The Kyiv regime has turned Ukraine into an instrument of the West.",
        "The current authorities in Kyiv have lost all legitimacy.",
    ),
    ("readout", "military_aid", "AGAINST"): (
        "Western weapons deliveries only prolong the conflict and the suffering of people.",
        "Pumping Ukraine with weapons will not change the outcome, whatever is decided about {T}.",
    ),
    ("statement", "Ukraine", "FAVOR"): (
        "Ukrainians have shown the whole world what courage means.",
        "Our people are strong, and Ukraine will prevail.",
    ),
    ("statement", "Russia", "AGAINST"): (
        "Russia is a terrorist state that must be held accountable.",
        "The Russian regime understands only force.",
    ),
    ("statement", "military_aid", "FAVOR"): (
        "Our partners must keep supporting Ukraine with weapons, because every delay costs lives.",
        "We need more air defence, and every discussion about {T} must end with decisions.",
    ),
}

_FILLER_GENERAL: tuple[str, ...] = (
    "Much of the coverage this week focused on {T} and {T2}.",
    "The question of {T} keeps coming back.",
    "Analysts pointed to {T}, {T2} and {T3} as the key issues.",
    "Few details about {T} have been made public so far.",
    "There was also a long discussion of {T} and what it means for {T2}.",
    "It is worth looking closely at {T} here.",
    "Commentators noted new details about {T} and {T2}.",
    "This is why the issue of {T} matters so much in this war.",
    "A great deal now depends on {T} and {T2}.",
    "The story of {T} is more complicated than it looks.",
    "Nobody should underestimate the role of {T}.",
    "The latest news about {T} and {T2} paints a mixed picture.",
    "Behind the headlines about {T}, the real issue is {T2}.",
    "Over the past month, {T} and {T2} have dominated the news.",
    "The numbers on {T}, {T2} and {T3} tell their own story.",
)
_FILLER_KIND: dict[str, tuple[str, ...]] = {
    "readout": (
        "Today we discussed {T} and {T2} in detail.",
        "Colleagues, let us turn to {T}.",
        "I would like to say a few words about {T}.",
        "The government has been instructed to report on {T} and {T2} within a month.",
        "Let me thank everyone who has worked on {T}.",
    ),
    "statement": (
        "Today I held a meeting with the military command, and we discussed {T}.",
        "I am grateful to everyone working on {T} and {T2}.",
        "Every day we work on {T}, and today was no exception.",
        "Glory to Ukraine!",
        "I thank our partners for their help with {T}.",
    ),
    "op-ed": (
        "The debate over {T} has entered a new phase.",
        "Consider {T} and {T2}.",
        "The record on {T} is mixed at best.",
        "Policymakers have paid too little attention to {T}.",
        "History will judge how we handled {T} and {T2}.",
    ),
    "commentary": (
        "In this video, I want to look at {T} and {T2}.",
        "Let me say a few words about {T}.",
        "So what does this mean for {T}?",
        "I think that is the key point about {T}.",
        "If you look at {T}, the picture is quite different.",
        "Thank you very much for watching, and I will see you again next time.",
        "Okay, let us turn to {T} and {T2}.",
    ),
}
_TITLES: dict[str, tuple[str, ...]] = {
    "readout": ("Meeting with the Security Council on {T}", "Press conference on {T}", "Statement on {T}",
                "Answers to questions from journalists about {T}", "Meeting with government members on {T}"),
    "statement": ("Address by the President of Ukraine on {T}", "Statement on {T}", "Evening address: {T}",
                  "Press briefing on {T}"),
    "op-ed": ("Why {T} matters more than ever", "The West must rethink {T}", "What the debate over {T} gets wrong",
              "Lessons from {T}"),
    "commentary": ("{T} and {T2}: what is really going on", "Video: {T} explained", "Is {T} a turning point?",
                   "Why {T} is not what it seems"),
}

# --------------------------------------------------------------------------------------------------
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
# Public API
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoCorpus:
    """The synthetic demo corpus and its planted truth.

    Attributes
    ----------
    documents : DataFrame
        The documents table (``doc_id, date, date_precision, source, speaker, title, text, path, sha256,
        synthetic, actor, kind``).
    sentences : DataFrame
        Planted truth per sentence (``doc_id, sent_id, para_id, sentence, signal, category, actor, hedged,
        negated, topic, stance_target, stance, wording``).
    curves : DataFrame
        Planted expected values per month (``series, group, period, value``).
    topic_terms : DataFrame
        Planted topic-word distributions (``topic, term, weight``).
    """

    documents: pd.DataFrame
    sentences: pd.DataFrame
    curves: pd.DataFrame
    topic_terms: pd.DataFrame


def planted_curves() -> pd.DataFrame:
    """The planted monthly curves (``series, group, period, value``); they do not depend on the seed."""
    return _build_model().curves.copy()


def _document_dates(rng: np.random.Generator, n: int) -> np.ndarray:
    span = (END_DATE - START_DATE).days + 1
    offsets = np.floor((np.arange(n) + rng.random(n)) * span / n).astype(int)
    return np.sort(offsets)


def generate_demo_corpus(seed: int = config.DEFAULT_SEED, n_documents: int = DEFAULT_DOCUMENTS) -> DemoCorpus:
    """Generate the synthetic demo corpus with its planted ground truth.

    Parameters
    ----------
    seed : int
        Seed of the numpy random generator; the same seed gives identical tables.
    n_documents : int
        Number of documents (at least 1), spread evenly over 2022-02-24 .. 2025-12-31.

    Returns
    -------
    DemoCorpus
        ``documents``, ``sentences``, ``curves`` and ``topic_terms`` (see the module docstring).
    """
    if isinstance(n_documents, bool) or not isinstance(n_documents, (int, np.integer)) or n_documents < 1:
        raise ParameterError(f"n_documents must be a positive integer, not {n_documents!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ParameterError(f"seed must be a non-negative integer, not {seed!r}")
    model = _build_model()
    rng = np.random.default_rng(int(seed))
    alt_rng = np.random.default_rng([int(seed), 1])  # off-lexicon and decoy sentences
    offsets = _document_dates(rng, int(n_documents))
    kinds: list[str] = []
    while len(kinds) < n_documents:
        block = list(_KIND_BLOCK)
        kinds.extend(block[i] for i in rng.permutation(len(block)))
    kinds = kinds[: int(n_documents)]

    doc_rows = []
    sentence_rows = []
    for number, (offset, kind) in enumerate(zip(offsets, kinds, strict=True)):
        doc_id = f"demo-{number + 1:04d}"
        true_date = START_DATE + pd.Timedelta(days=int(offset))
        month = (true_date.year - 2022) * 12 + true_date.month - 2
        speakers = SPEAKERS[kind]
        if kind == "statement" and true_date >= pd.Timestamp("2024-09-05"):
            speakers = speakers[:1]
        speaker_weights = {"readout": (0.5, 0.3, 0.2), "statement": (0.7, 0.3)}.get(kind)
        if speaker_weights and len(speakers) == len(speaker_weights):
            p = np.array(speaker_weights)
            speaker = speakers[int(rng.choice(len(speakers), p=p / p.sum()))]
        else:
            speaker = speakers[int(rng.integers(len(speakers)))]
        month_only = kind in ("op-ed", "commentary") and rng.random() < _MONTH_PRECISION
        n_sentences = int(rng.integers(_MIN_SENTENCES, _MAX_SENTENCES + 1))
        theta = rng.dirichlet(_DIRICHLET * model.filler_topics[month])
        probs = model.class_probs[kind][month]
        drawn = rng.choice(len(_CLASSES), size=n_sentences, p=probs / probs.sum())
        renderer = _Renderer(rng, true_date, kind)
        renderer.alt = _Renderer(alt_rng, true_date, kind)
        planted = [_render(renderer, _CLASSES[c], month, theta, model) for c in drawn]
        paragraphs = _paragraphs(rng, [row["topic"] for row in planted])
        texts = []
        sent_id = 0
        for para_id, members in enumerate(paragraphs):
            texts.append(" ".join(planted[i]["sentence"] for i in members))
            for i in members:
                sentence_rows.append({"doc_id": doc_id, "sent_id": sent_id, "para_id": para_id, **planted[i]})
                sent_id += 1
        text = "\n\n".join(texts)
        counts = pd.Series([row["topic"] for row in planted]).value_counts()
        main_topic = str(counts.index[0])
        title_template = renderer.pick(_TITLES[kind])
        title = renderer.fill(title_template, main_topic)
        doc_rows.append({
            "doc_id": doc_id,
            "date": pd.Timestamp(true_date.year, true_date.month, 1) if month_only else true_date,
            "date_precision": "month" if month_only else "day",
            "source": SOURCES[kind],
            "speaker": speaker,
            "title": title,
            "text": text,
            "path": JSONL_NAME,
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "synthetic": True,
            "actor": KIND_ACTOR[kind],
            "kind": kind,
        })

    documents = pd.DataFrame(doc_rows, columns=DOCUMENT_COLUMNS)
    documents["date"] = pd.to_datetime(documents["date"]).astype("datetime64[ns]")
    documents["synthetic"] = documents["synthetic"].astype(bool)
    sentences = pd.DataFrame(sentence_rows)[SENTENCE_COLUMNS]
    sentences["sent_id"] = sentences["sent_id"].astype("int64")
    sentences["para_id"] = sentences["para_id"].astype("int64")
    sentences["hedged"] = sentences["hedged"].astype(bool)
    sentences["negated"] = sentences["negated"].astype(bool)
    return DemoCorpus(documents=documents, sentences=sentences, curves=model.curves.copy(),
                      topic_terms=topic_terms_table())


_README = """# Synthetic demo corpus (SYNTHETIC DATA)

Everything in this folder is **synthetic**: generated by `warsignals.demo.generate_demo_corpus(seed={seed},
n_documents={n})`. No document is a real statement, article or transcript; speakers' names are used only to
imitate the shape of real commentary, and every source is labelled "(synthetic)". Do not cite or analyse it
as evidence about the war. It exists so that the models of warsignals can be checked against known answers.

- `demo_corpus.jsonl`: one document per line (`id, date, date_precision, source, speaker, title, text,
  synthetic, actor, kind`); month-precision documents have a `YYYY-MM` date.
- `truth/sentences.csv`: planted truth per sentence (`doc_id, sent_id, para_id, sentence, signal, category,
  actor, hedged, negated, topic, stance_target, stance, wording`; wording = template, off_lexicon or decoy);
  `sent_id`/`para_id` match NLTK punkt sentences and
  blank-line paragraphs of the text.
- `truth/curves.csv`: planted expected values per month (`series, group, period, value`): `escalation_rate`
  and `negotiation_rate` per actor group (share of all sentences of the month; WEST = USA, EU, NATO, WEST),
  `hedged_share` (share of negotiation signals that are hedged), `topic_share` per topic and
  `stance_favor_share` per target (share FAVOR among sentences with a stance toward the target).
- `truth/topic_terms.csv`: the planted topic-word distributions (`topic, term, weight`).

Regenerate with `python -m warsignals.demo OUT_DIR --seed {seed} --documents {n}` (byte-identical).
"""


def _to_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n", float_format="%.10g", date_format="%Y-%m-%d")


def write_demo_corpus(
    out_dir: str | Path, seed: int = config.DEFAULT_SEED, n_documents: int = DEFAULT_DOCUMENTS
) -> Path:
    """Write the demo corpus and its planted truth into ``out_dir``.

    Writes ``demo_corpus.jsonl``, ``truth/sentences.csv``, ``truth/curves.csv``, ``truth/topic_terms.csv``
    and a ``README.md`` saying the data are synthetic. The same seed gives byte-identical files.

    Parameters
    ----------
    out_dir : str or Path
        Output folder (created if missing).
    seed : int
        Random seed.
    n_documents : int
        Number of documents.

    Returns
    -------
    Path
        The path of ``demo_corpus.jsonl`` (the file to load with :func:`warsignals.corpus.load_corpus`).
    """
    demo = generate_demo_corpus(seed=seed, n_documents=n_documents)
    out = Path(out_dir)
    truth = out / "truth"
    truth.mkdir(parents=True, exist_ok=True)
    lines = []
    for row in demo.documents.itertuples(index=False):
        date = row.date.strftime("%Y-%m" if row.date_precision == "month" else "%Y-%m-%d")
        record = {"id": row.doc_id, "date": date, "date_precision": row.date_precision, "source": row.source,
                  "speaker": row.speaker, "title": row.title, "text": row.text, "synthetic": True,
                  "actor": row.actor, "kind": row.kind}
        lines.append(json.dumps(record, ensure_ascii=False))
    path = out / JSONL_NAME
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    _to_csv(demo.sentences, truth / "sentences.csv")
    _to_csv(demo.curves, truth / "curves.csv")
    _to_csv(demo.topic_terms, truth / "topic_terms.csv")
    (out / "README.md").write_text(_README.format(seed=seed, n=n_documents), encoding="utf-8", newline="\n")
    return path


def main(argv: list[str] | None = None) -> int:
    """``python -m warsignals.demo OUT_DIR [--seed N] [--documents N]``."""
    parser = argparse.ArgumentParser(prog="python -m warsignals.demo",
                                     description="Write the synthetic demo corpus and its planted truth.")
    parser.add_argument("out_dir", help="output folder")
    parser.add_argument("--seed", type=int, default=config.DEFAULT_SEED, help="random seed")
    parser.add_argument("--documents", type=int, default=DEFAULT_DOCUMENTS, help="number of documents")
    args = parser.parse_args(argv)
    try:
        path = write_demo_corpus(args.out_dir, seed=args.seed, n_documents=args.documents)
    except ParameterError as exc:
        print(f"warsignals: error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote synthetic demo corpus {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
