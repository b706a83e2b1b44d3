"""The real default of `make run` (issue 17), cheaply: notebooks 01, 02 and 05 on the shipped official corpora.

One run of the default configuration with small bootstrap settings (topics and stance, the slow notebooks, are
left to the demo pipeline test and `make run`): the corpus is the two shipped datasets with their sides, every
figure names the corpus, its n and the licence credits and none says synthetic, the by-side tables compare both
sides, and notebook 05 uses the coded real-text sentences of these corpora as its coding sheet.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
import yaml

from warsignals import config, runner
from warsignals.realtext import read_gold

pytestmark = pytest.mark.slow

NOTEBOOKS = ["01-load-corpus", "02-signals", "05-validate"]
SMALL = {"02-signals": {"n_boot": 50, "audit_n": 20}, "05-validate": {"n_boot": 50, "sample_n": 100}}


@pytest.fixture(scope="module")
def default_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("default")
    settings = runner.load_run_config(config.DEFAULT_RUN_CONFIG)
    for stem, values in SMALL.items():
        settings[stem].update(values)
    path = root / "small-default.yaml"
    path.write_text(yaml.safe_dump(settings, sort_keys=False))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(config, "RUNS_DIR", root / "runs")
        patch.setattr(config, "FIGURES_DIR", root / "figures")
        result = runner.run_pipeline(config_file=path, run_id="default", notebooks=NOTEBOOKS, progress=False)
    return result


def test_the_default_corpus_is_the_two_shipped_official_voices(default_run):
    manifest = json.loads(default_run.manifest_path.read_text())
    assert manifest["status"] == "ok" and manifest["n_documents"] == 438
    documents = pd.read_parquet(default_run.run_dir / "documents.parquet")
    assert documents.groupby("side")["doc_id"].nunique().to_dict() == {"RUS officials": 126, "UKR officials": 312}
    assert not (default_run.run_dir / "rejects.csv").read_text().strip().count("\n")  # header only: nothing lost
    inputs = {entry["path"].rsplit("/", 1)[1] for entry in manifest["input_files"]}
    assert inputs == {"kremlin-ukraine.parquet", "ukraine-addresses.parquet"}


def test_every_figure_names_the_corpus_its_n_and_credits_and_none_says_synthetic(default_run):
    sidecars = sorted(default_run.figures_dir.glob("*.json"))
    assert {p.stem for p in sidecars} >= {"signals_by_group", "signal_voices", "event_windows", "corrected_rates",
                                         "documents_per_period"}
    for sidecar in sidecars:
        caption = json.loads(sidecar.read_text())["caption"]
        assert "(RUS officials, n = 126)" in caption and "(UKR officials, n = 312)" in caption, sidecar.name
        assert "n = 438 documents" in caption and "en.kremlin.ru, CC BY 4.0" in caption, sidecar.name
    for svg in default_run.figures_dir.glob("*.svg"):
        assert "SYNTHETIC" not in svg.read_text(), svg.name
    report = (default_run.run_dir / "report.html").read_text()
    assert "SYNTHETIC DEMO DATA" not in report and report.count('<img class="figure"') == len(sidecars)


def test_the_sides_are_compared_and_their_signals_attributed(default_run):
    by_side = pd.read_csv(default_run.run_dir / "signals_by_side.csv")
    assert set(by_side["side"]) == {"RUS officials", "UKR officials"}
    ukr = by_side[(by_side["side"] == "UKR officials") & by_side["value"].notna()]
    assert set(pd.to_datetime(ukr["period"]).dt.year) == {2022}  # the addresses end in May 2022
    voices = pd.read_csv(default_run.run_dir / "signals_voices.csv")
    shares = voices.groupby(["side", "signal"])["value"].sum()
    assert len(shares) == 4 and ((shares - 1).abs() < 1e-9).all()
    windows = pd.read_csv(default_run.run_dir / "signals_event_windows.csv")
    assert set(windows["kind"]) == {"aid", "negotiation"}


def test_notebook_05_corrects_the_series_with_the_coded_sentences_of_these_corpora(default_run):
    gold = read_gold()
    from_these = gold[gold["corpus"].isin(["kremlin-ukraine", "resistinua-2022"])]
    documents = set(pd.read_parquet(default_run.run_dir / "documents.parquet")["doc_id"])
    expected = int(from_these["doc_id"].isin(documents).sum())
    assert expected > 2000
    executed = (default_run.run_dir / "05-validate.ipynb").read_text()
    assert f"the coded sheet: {expected} coded real-text sentences of this corpus" in executed
    rates = pd.read_csv(default_run.run_dir / "corrected_rates.csv")
    assert set(rates["group"]) == {"RUS officials", "UKR officials"}
    assert rates.groupby("group")["n_coded"].sum().min() > 1000
    shown = rates[rates["signal"].isin(["escalation", "negotiation"]) & rates["corrected_share"].notna()]
    assert len(shown) == 2 * (4 + 1)  # each side's years (2022-2025; 2022) for both signals
    assert ((shown["lo"] <= shown["corrected_share"]) & (shown["corrected_share"] <= shown["hi"])).all()


def _share(row) -> str:
    """A corrected share as the README writes it: ``1.4% [0.3%, 2.5%]``."""
    return f"{100 * row.corrected_share:.1f}% [{100 * row.lo:.1f}%, {100 * row.hi:.1f}%]"


def test_the_readme_lead_figure_and_its_numbers_are_the_default_runs(default_run):
    docs = config.PROJECT_ROOT / "docs" / "figures"
    hint = "the default run draws other numbers now: `make run && make readme-figure`, then update the README"
    for name in ("corrected_rates.csv", "corrected_rates.png"):
        assert (default_run.figures_dir / name).read_bytes() == (docs / name).read_bytes(), f"{name}: {hint}"
    rates = pd.read_csv(docs / "corrected_rates.csv", parse_dates=["period"])
    cell = {(r.group, r.signal, r.period.year): r for r in rates.itertuples(index=False)}
    lead = " ".join((config.PROJECT_ROOT / "README.md").read_text().split("## Two commands")[0].split())
    quoted = [cell["RUS officials", "negotiation", 2022], cell["RUS officials", "negotiation", 2025],
              cell["RUS officials", "escalation", 2022], cell["RUS officials", "escalation", 2025],
              cell["UKR officials", "escalation", 2022], cell["UKR officials", "negotiation", 2022]]
    for row in quoted:
        assert _share(row) in lead, f"{row.group} {row.signal} {row.period:%Y}: {_share(row)} not in the README"
    for row in quoted[-2:]:
        assert f"{100 * row.raw_share:.1f}%" in lead
