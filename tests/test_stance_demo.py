"""Known answers from the synthetic demo corpus: the planted stance curves are recovered by the weak model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from warsignals.demo import generate_demo_corpus
from warsignals.evaluate import semeval_macro_f
from warsignals.stance import score_stance
from warsignals.timeseries import assign_period

TARGETS = ["negotiations", "military_aid", "Russia", "Ukraine"]


@pytest.mark.slow
def test_weak_model_recovers_planted_stance_curves():
    demo = generate_demo_corpus(n_documents=240)
    sentences = demo.sentences.merge(demo.documents[["doc_id", "date"]], on="doc_id")
    scored = score_stance(sentences, TARGETS, models="weak").merge(
        sentences[["doc_id", "sent_id", "stance_target", "stance", "date"]].rename(columns={"stance": "planted"}),
        on=["doc_id", "sent_id"],
    )
    curves = demo.curves[demo.curves["series"] == "stance_favor_share"]
    for target in TARGETS:
        part = scored[scored["target"] == target]
        gold = np.where(part["stance_target"] == target, part["planted"], "NONE")
        assert semeval_macro_f(gold, part["stance"]) > 0.6, target
        bearing = part[part["stance"] != "NONE"].assign(period=lambda d: assign_period(d["date"], "quarter"))
        estimate = bearing.groupby("period")["stance"].apply(lambda s: (s == "FAVOR").mean())
        truth = curves[curves["group"] == target].assign(period=lambda d: assign_period(d["period"], "quarter"))
        truth = truth.groupby("period")["value"].mean()
        joined = pd.concat([estimate.rename("estimate"), truth.rename("truth")], axis=1).dropna()
        assert len(joined) >= 12
        assert joined["estimate"].corr(joined["truth"]) > 0.6, target
