"""One function per chart: each takes a tidy DataFrame and returns a matplotlib Figure without saving it.

Save figures with :func:`warsignals.export.save_figure`. Charts live in one module per analysis and are all
re-exported here, so ``from warsignals import plots; plots.documents_per_period(df)`` is the entry point.
"""

from warsignals.plots.core import PALETTE, annotate_events, band, colour_map, new_figure, synthetic_title
from warsignals.plots.corpus import corpus_statistics, documents_per_period
from warsignals.plots.signals import (
    event_windows,
    hedged_share,
    net_index_changepoints,
    signal_categories,
    signal_voices,
    signals_by_actor,
    signals_by_group,
    signals_kwic,
    signals_lead_lag,
    signals_over_time,
)
from warsignals.plots.stance import (
    stance_by_group,
    stance_driving_sentences,
    stance_recovery,
    stance_share_over_time,
)
from warsignals.plots.topics import topic_heatmap, topic_prevalence, topic_selection, topic_terms_by_year
from warsignals.plots.validate import corrected_rates, corrected_stance

__all__ = [
    "PALETTE",
    "annotate_events",
    "band",
    "colour_map",
    "corpus_statistics",
    "corrected_rates",
    "corrected_stance",
    "documents_per_period",
    "event_windows",
    "hedged_share",
    "net_index_changepoints",
    "new_figure",
    "signal_categories",
    "signal_voices",
    "signals_by_actor",
    "signals_by_group",
    "signals_kwic",
    "signals_lead_lag",
    "signals_over_time",
    "stance_by_group",
    "stance_driving_sentences",
    "stance_recovery",
    "stance_share_over_time",
    "synthetic_title",
    "topic_heatmap",
    "topic_prevalence",
    "topic_selection",
    "topic_terms_by_year",
]
