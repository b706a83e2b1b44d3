"""Topic models a researcher can defend: vectorising, seeded NMF/LDA, choosing k, labels, prevalence.

The pieces, each usable alone:

- :class:`TopicVectorizer` turns unit texts into a document-term matrix: speaker-turn labels and transcript
  boilerplate removed, scikit-learn's English stop words plus the project's domain list
  (``data/stopwords_domain.txt``), NLTK bigram collocations merged into single terms (``peace_talks``),
  optional Snowball stemming, ``min_df``/``max_df``.
- :class:`TopicModel` is a scikit-learn estimator over a document-term matrix wrapping NMF (on sublinear
  tf-idf) or LDA (on counts), with optional *seeded* topics: each seed word list adds a pseudo-document of
  its words (weighing ``seed_strength`` times the corpus) and, for NMF, starts one topic at the seed words;
  after fitting, seeds are given to topics one-to-one by the Hungarian algorithm, so seeded topics keep
  their names across runs and corpora. ``transform`` gives topic shares per unit (rows sum to 1).
- :func:`fit_topics` runs both on a units table (:func:`warsignals.sentences.make_units`),
  :func:`select_k` measures coherence (NPMI, UMass), diversity and stability over a range of k and
  :func:`recommend_k` applies the documented rule; :func:`compare_units` compares unit kinds.
- :func:`topic_terms`, :func:`representative_units` and the label table (:func:`default_labels`,
  :func:`read_labels`) describe topics; :func:`topic_prevalence` gives per-period shares of sentences with
  document-bootstrap intervals; :func:`topic_terms_by_period` compares a topic's terms across periods.
- :func:`topic_recovery` and :func:`prevalence_recovery` check a fit against planted truth (demo corpus).

The package, one module per concern: :mod:`~warsignals.topics.loaders` (stop list and seed files),
:mod:`~warsignals.topics.vectorizer`, :mod:`~warsignals.topics.solver` (the KL-NMF updates),
:mod:`~warsignals.topics.model`, :mod:`~warsignals.topics.fitting`, :mod:`~warsignals.topics.selection`,
:mod:`~warsignals.topics.labels`, :mod:`~warsignals.topics.prevalence`, :mod:`~warsignals.topics.recovery`,
:mod:`~warsignals.topics.metrics` (coherence, diversity, stability, FREX), :mod:`~warsignals.topics.report`
(the whole analysis as tables), :mod:`~warsignals.topics.figures` (one ``NAME_table`` per figure ``NAME``,
drawn by ``warsignals.plots.NAME``) and :mod:`~warsignals.topics.commands` (the ``warsignals topics`` command
and the writer of its files). The model computes; it draws nothing and writes nothing.
"""

from warsignals.lazy import lazy_exports

# names load on first use (PEP 562), so that building the CLI parser imports no pandas or scikit-learn
_HOMES: dict[str, str] = {
    **dict.fromkeys(("write_report",), "warsignals.topics.commands"),
    **dict.fromkeys(
        ("topic_heatmap_table", "topic_prevalence_table", "topic_selection_table", "topic_terms_by_year_table"),
        "warsignals.topics.figures",
    ),
    **dict.fromkeys(
        ("TopicFit", "UNIT_COLUMNS", "background_groups", "doc_topic_table", "fit_topics", "vectorize_units"),
        "warsignals.topics.fitting",
    ),
    **dict.fromkeys(
        ("default_labels", "merge_labels", "read_labels", "representative_units", "topic_terms"),
        "warsignals.topics.labels",
    ),
    **dict.fromkeys(("SEEDS_SCHEMA", "load_seeds", "load_stopwords"), "warsignals.topics.loaders"),
    **dict.fromkeys(
        (
            "coherence_npmi",
            "coherence_umass",
            "frex",
            "match_topics",
            "top_word_indices",
            "topic_diversity",
            "topic_similarity",
            "topic_stability",
        ),
        "warsignals.topics.metrics",
    ),
    **dict.fromkeys(
        ("MODELS", "SEED_DRIFT_RULE", "SEED_DRIFT_TOP_N", "TopicModel", "seed_drift"), "warsignals.topics.model"
    ),
    **dict.fromkeys(("topic_prevalence", "topic_terms_by_period"), "warsignals.topics.prevalence"),
    **dict.fromkeys(("prevalence_recovery", "topic_recovery"), "warsignals.topics.recovery"),
    **dict.fromkeys(("TopicReport", "fit_report"), "warsignals.topics.report"),
    **dict.fromkeys(
        ("RECOMMEND_RULE", "SELECTION_COLUMNS", "compare_units", "parse_k", "recommend_k", "select_k", "topic_quality"),
        "warsignals.topics.selection",
    ),
    **dict.fromkeys(("TopicVectorizer", "parse_df"), "warsignals.topics.vectorizer"),
}
__getattr__, __dir__ = lazy_exports(__name__, _HOMES)

__all__ = [
    "topic_stability",
    "topic_similarity",
    "topic_diversity",
    "top_word_indices",
    "match_topics",
    "frex",
    "coherence_umass",
    "coherence_npmi",
    "MODELS",
    "RECOMMEND_RULE",
    "SEEDS_SCHEMA",
    "SEED_DRIFT_RULE",
    "SEED_DRIFT_TOP_N",
    "SELECTION_COLUMNS",
    "UNIT_COLUMNS",
    "TopicFit",
    "TopicModel",
    "TopicReport",
    "TopicVectorizer",
    "background_groups",
    "compare_units",
    "default_labels",
    "doc_topic_table",
    "fit_report",
    "fit_topics",
    "load_seeds",
    "load_stopwords",
    "merge_labels",
    "parse_df",
    "parse_k",
    "prevalence_recovery",
    "read_labels",
    "recommend_k",
    "representative_units",
    "seed_drift",
    "select_k",
    "topic_heatmap_table",
    "topic_prevalence",
    "topic_prevalence_table",
    "topic_quality",
    "topic_recovery",
    "topic_selection_table",
    "topic_terms",
    "topic_terms_by_period",
    "topic_terms_by_year_table",
    "vectorize_units",
    "write_report",
]
