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

The package: :mod:`.planted` (dates, the generator's own category, actor, topic and stance names, the planted
curves and vocabularies), :mod:`.banks` (sentence templates), :mod:`.model` (the expected-value model and the
renderer), :mod:`.generate` (the public functions and the command). The generator imports nothing of the
analyses (no lexicon, no scorer): its categories are its own, so the demo can catch the scorer's mistakes.
"""

from warsignals.demo.generate import (
    DemoCorpus,
    generate_demo_corpus,
    main,
    planted_curves,
    write_demo_corpus,
)
from warsignals.demo.planted import (
    ACTOR_GROUPS,
    ACTORS,
    CATEGORIES,
    CURVE_COLUMNS,
    DEFAULT_DOCUMENTS,
    DOCUMENT_COLUMNS,
    END_DATE,
    ESCALATION_CATEGORIES,
    JSONL_NAME,
    KIND_ACTOR,
    KINDS,
    MATERIAL_CATEGORIES,
    MONTHS,
    NEGOTIATION_CATEGORIES,
    SENTENCE_COLUMNS,
    SERIES,
    SIGNALS,
    SOURCES,
    SPEAKERS,
    STANCE_TARGETS,
    STANCES,
    START_DATE,
    TOPIC_TERM_COLUMNS,
    TOPICS,
    WORDINGS,
    topic_terms_table,
)

__all__ = [
    "ACTORS",
    "ACTOR_GROUPS",
    "CATEGORIES",
    "CURVE_COLUMNS",
    "DEFAULT_DOCUMENTS",
    "DOCUMENT_COLUMNS",
    "DemoCorpus",
    "END_DATE",
    "ESCALATION_CATEGORIES",
    "JSONL_NAME",
    "KINDS",
    "KIND_ACTOR",
    "MATERIAL_CATEGORIES",
    "MONTHS",
    "NEGOTIATION_CATEGORIES",
    "SENTENCE_COLUMNS",
    "SERIES",
    "SIGNALS",
    "SOURCES",
    "SPEAKERS",
    "STANCES",
    "STANCE_TARGETS",
    "START_DATE",
    "TOPICS",
    "TOPIC_TERM_COLUMNS",
    "WORDINGS",
    "generate_demo_corpus",
    "main",
    "planted_curves",
    "topic_terms_table",
    "write_demo_corpus",
]
