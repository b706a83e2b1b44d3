"""Target-specific stance (FAVOR / AGAINST / NONE): weakly and fully supervised models.

Stance is the position of the *author* toward a target (``negotiations``, ``military_aid``, ``Russia``,
``Ukraine``, ... configured in ``data/stance_targets.yaml``), not the sentiment of the text.

Two kinds of model share one interface (scikit-learn estimators whose ``X`` is a sequence of texts or a
DataFrame with ``text`` and ``target`` columns, classes ``AGAINST, FAVOR, NONE``):

- :class:`WeakStanceModel` uses zero gold labels. Each YAML pattern is a labelling function (LF) that votes
  FAVOR or AGAINST for a sentence, with negation (a cue shortly before the match in the same clause flips
  the vote), hedging and attribution (a hedge such as "maybe" or an attribution such as "what they want to
  achieve is" before the match makes the LF abstain: the author does not commit to the view). The votes of
  a sentence are combined by **weighted majority vote with abstain**: the label with the larger sum of LF
  weights wins; no votes or a tie give no weak label. A TF-IDF logistic regression is then fitted on the
  weakly labelled sentences of an unlabelled corpus (with a sample of sentences without votes, or of
  sentences that do not mention the target, as NONE) so that the model generalises beyond the seed phrases;
  its probabilities are blended with the vote. In a text that mentions a target, the LFs of a target declared
  ``opposed_to`` it vote too, flipped.
- :class:`StanceClassifier` is supervised: word 1-2-gram and character 2-5-gram TF-IDF, target-context
  words (around mentions of each YAML target), LF lexicon scores, target-interaction features for a joint
  model over several targets, targets declared ``opposed_to`` each other pooled on one stance axis with
  flipped labels (AGAINST Russia and FAVOR Ukraine train the same weights), a class-balanced linear SVM
  calibrated by :class:`~sklearn.calibration.CalibratedClassifierCV`, and class offsets tuned on
  out-of-fold probabilities of the training data to maximise the SemEval-2016 macro-F.
  :func:`select_stance_model` picks feature sets and ``C`` by grouped cross-validation on training data only.

Per-sentence scores aggregate to documents with :func:`document_stance`. Fitted supervised models are saved
with skops and loaded only when every type in the file is on an allow-list (:func:`load_stance_model`).
"""

from warsignals.lazy import lazy_exports

# names load on first use (PEP 562), so that building the CLI parser (stance/commands.py) imports no scikit-learn
_HOMES: dict[str, str] = {
    **dict.fromkeys((
        "stance_recovery_table",
        "stance_share_over_time_table",
    ), "warsignals.stance.figures"),
    **dict.fromkeys((
        "GROUNDED_MODEL_TYPES", "RELATIONS", "SHIPPED_MODEL_DIR", "GroundedStanceModel", "gold_pairs", "grounding",
        "shipped_model",
    ), "warsignals.stance.grounded"),
    **dict.fromkeys((
        "DEFAULT_GRID", "StanceClassifier", "WeakStanceModel", "baseline_model", "select_stance_model",
    ), "warsignals.stance.models"),
    **dict.fromkeys((
        "SCORED_COLUMNS", "STANCE_UNITS", "UNIT_META_COLUMNS",
        "document_stance", "favor_share", "planted_comparison", "planted_favor_share", "recovery_summary",
        "resolve_stance_model", "score_stance", "score_units", "stance_bearing", "stance_by_group_table",
        "stance_driving_sentences_table",
    ), "warsignals.stance.scoring"),
    **dict.fromkeys((
        "AGAINST", "ANY_TARGET", "DEFAULT_MODEL", "FAVOR", "LABELS", "MODEL_NAMES", "NONE", "TARGETS_SCHEMA",
        "WEAK_MODELS", "LabellingFunction", "TargetSpec",
        "axis_orientation", "compile_phrase", "lexicon_matrix", "load_targets", "normalise_tweet", "parse_targets",
        "swap_stance", "target_contexts", "weak_labels",
    ), "warsignals.stance.targets"),
    **dict.fromkeys((
        "META_FILE", "MODEL_FILE", "MODEL_FORMAT", "MODEL_TYPES", "load_stance_model", "prepare_labels",
        "save_stance_model", "train_stance",
    ), "warsignals.stance.training"),
}


# loading the shipped grounded model (or any saved model) imports skops when called
__getattr__, __dir__ = lazy_exports(__name__, _HOMES, needs=("skops.io",))



__all__ = [
    "AGAINST",
    "ANY_TARGET",
    "DEFAULT_GRID",
    "DEFAULT_MODEL",
    "FAVOR",
    "GROUNDED_MODEL_TYPES",
    "GroundedStanceModel",
    "LABELS",
    "LabellingFunction",
    "META_FILE",
    "MODEL_FILE",
    "MODEL_FORMAT",
    "MODEL_NAMES",
    "MODEL_TYPES",
    "NONE",
    "RELATIONS",
    "SCORED_COLUMNS",
    "SHIPPED_MODEL_DIR",
    "STANCE_UNITS",
    "StanceClassifier",
    "TARGETS_SCHEMA",
    "TargetSpec",
    "UNIT_META_COLUMNS",
    "WEAK_MODELS",
    "WeakStanceModel",
    "axis_orientation",
    "baseline_model",
    "compile_phrase",
    "document_stance",
    "favor_share",
    "gold_pairs",
    "grounding",
    "lexicon_matrix",
    "load_stance_model",
    "load_targets",
    "normalise_tweet",
    "parse_targets",
    "planted_comparison",
    "planted_favor_share",
    "prepare_labels",
    "recovery_summary",
    "resolve_stance_model",
    "save_stance_model",
    "score_stance",
    "score_units",
    "select_stance_model",
    "shipped_model",
    "stance_bearing",
    "stance_by_group_table",
    "stance_driving_sentences_table",
    "stance_recovery_table",
    "stance_share_over_time_table",
    "swap_stance",
    "target_contexts",
    "train_stance",
    "weak_labels",
]
