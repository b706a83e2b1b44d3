"""Every notebook completes on irregular corpora: 3 annual periods, 1 period, and months with gaps (issue 14)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import yaml

from warsignals import runner
from warsignals.demo import generate_demo_corpus

pytestmark = pytest.mark.slow

SHAPES = {
    # UN-debate style: one session a year, with a date_precision value the loader does not know
    "three_years": (["2019", "2020", "2021"], "session"),
    "one_month": (["2023-03-15"], None),
    "gaps": (["2022-01-10", "2022-02-10", "2022-06-10", "2022-07-10", "2022-12-10"], None),
}


def _corpus(folder, shape):
    dates, precision = SHAPES[shape]
    documents = generate_demo_corpus(seed=2, n_documents=60).documents.reset_index(drop=True)
    rows = []
    for k, row in documents.iterrows():
        record = {"id": row.doc_id, "date": dates[k % len(dates)], "text": row.text, "source": row.source,
                  "speaker": row.speaker, "country": ["FRA", "BRA", "IND"][k % 3]}
        if precision:
            record["date_precision"] = precision
        rows.append(json.dumps(record))
    path = folder / f"{shape}.jsonl"
    path.write_text("\n".join(rows) + "\n")
    return path


def _config(folder):
    settings = {"run": {"jobs": 3},  # 02, 03 and 04 side by side, as make run does
                "02-signals": {"n_boot": 50, "min_sentences": 5, "audit_n": 20},
                "03-topics": {"k_range": "6:8:2", "n_runs": 2, "n_boot": 50, "min_df": 2},
                "04-stance": {"n_boot": 50}}
    path = folder / "small.yaml"
    path.write_text(yaml.safe_dump(settings))
    return path


@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_notebook_completes_on_irregular_corpora(isolated_outputs, shape):
    corpus = _corpus(isolated_outputs, shape)
    overrides = ({"frequency": "year", "precision_column": "none", "group_by": "country"}
                 if shape == "three_years" else {})
    result = runner.run_pipeline(corpus=str(corpus), config_file=_config(isolated_outputs), run_id=shape,
                                 progress=False, overrides=overrides)
    manifest = json.loads(result.manifest_path.read_text())
    assert manifest["status"] == "ok" and manifest["n_documents"] == 60
    assert all(entry["status"] == "ok" for entry in manifest["notebooks"])
    figures = {p.name for p in result.figures_dir.glob("*.png")}
    assert {"signals_over_time.png", "signals_lead_lag.png", "hedged_share.png", "topic_prevalence.png",
            "stance_share_over_time.png", "event_windows.png", "signals_by_group.png", "stance_by_group.png"} <= figures
    assert (result.run_dir / "signals_audit.csv").exists() and (result.run_dir / "signals_documents.csv").exists()
    if shape == "three_years":
        assert set(pd.read_csv(result.run_dir / "signals_by_country.csv")["country"]) == {"FRA", "BRA", "IND"}
    lags = pd.read_csv(result.run_dir / "signals_lead_lag.csv")
    assert lags["note"].iloc[0].startswith("refused")  # too few periods for any honest lead-lag
    hedged = pd.read_csv(result.run_dir / "signals_hedged.csv")
    assert (hedged["hi"].dropna() > hedged["lo"].dropna()).all()


def test_unknown_precision_without_the_option_stops_at_loading(isolated_outputs):
    corpus = _corpus(isolated_outputs, "three_years")
    with pytest.raises(runner.RunError, match=r"01-load-corpus.ipynb failed .*no document loaded: all 60 "
                                              r"record\(s\) rejected: 60 bad_date"):
        runner.run_pipeline(corpus=str(corpus), config_file=_config(isolated_outputs), run_id="stop",
                            progress=False)
