"""Sentence-level escalation and negotiation signals: the lexicon scorer, the learned classifier, tables, audits.

=====================  ==================================================================================
module                 what it holds
=====================  ==================================================================================
:mod:`.scorer`         :func:`score_sentences`: the cue lexicon matched over all sentences in one regex pass
                       (:class:`warsignals.matcher.Matcher`), hedges, negation, modality, clause and
                       reported-speech cues and actor aliases only where a cue is; adds ``escalation,
                       negotiation, penta_class, signal, category, actor, hedged, negated, cues``
:mod:`.classifier`     :class:`SignalClassifier` (the shared text classifier of :mod:`warsignals.textclf`
                       with lexicon features), :func:`select_signal_model` (its parameters chosen by
                       story-grouped cross-validation: an explicit step before ``fit``), :func:`save_model`
                       / :func:`load_model` (the model format of :mod:`warsignals.modelfile`),
                       :func:`select_signal_thresholds` (per-class thresholds on grouped out-of-fold scores)
:mod:`.rates`          per-period rates with document-bootstrap intervals: :func:`signal_rates` and the
                       data functions of the time figures (``signals_over_time_table``, ...)
:mod:`.tables`         per-document, per-group, per-voice, event-window and keyword-in-context tables
:mod:`.audit`          :func:`audit_sample` for human coding and :func:`agreement` of coders with the scorer
:mod:`.commands`       the ``warsignals score``, ``train signals`` and ``evaluate signals`` commands
=====================  ==================================================================================

Every figure ``NAME`` of ``notebooks/02-signals.ipynb`` is drawn by ``warsignals.plots.NAME`` from the table of
``warsignals.signals.NAME_table``. The names below are importable from this package (loaded on first use, so
that building the command line parser does not import pandas or scikit-learn).

Examples
--------
>>> from warsignals.signals import score_sentences, signals_over_time_table  # doctest: +SKIP
>>> overall = signals_over_time_table(score_sentences(sentences), frequency="quarter")  # doctest: +SKIP
"""

from __future__ import annotations

from warsignals.lazy import lazy_exports

_EXPORTS: dict[str, tuple[str, ...]] = {
    "scorer": ("AGENT_CATEGORIES", "CONTEXT_KINDS", "CUE_KINDS", "SIGNALS", "SIGNAL_COLUMNS", "score_sentences"),
    "classifier": ("DEFAULT_CS", "LexiconFeatures", "MODEL_TYPES", "PENTA_TO_SIGNAL3", "SignalClassifier",
                   "decide_with_thresholds", "lexicon_signal3", "load_model", "save_model", "select_signal_model",
                   "select_signal_thresholds"),
    "rates": ("category_families", "hedged_share_table", "net_index_changepoints_table", "net_index_changes",
              "signal_categories_table", "signal_indicators", "signal_rates", "signals_by_actor_table",
              "signals_lead_lag_table", "signals_over_time_table", "with_category_families", "with_period_names"),
    "tables": ("EVENT_WINDOW_SERIES", "VOICE_ACTORS", "document_signals", "event_windows_table",
               "signal_voices_table", "signals_by_group_table", "signals_kwic_table"),
    "audit": ("agreement", "audit_sample"),
}
_WHERE = {name: f"{__name__}.{module}" for module, names in _EXPORTS.items() for name in names}
__all__ = sorted(_WHERE)


__getattr__, __dir__ = lazy_exports(__name__, _WHERE)

