"""The real default of `make run` (issue 17), cheaply: notebooks 01 and 05 on the shipped official corpora.

One run of the default configuration: notebook 01 loads the two shipped datasets, the sentences are scored here as
notebook 02 scores them (`score_sentences` with the default lexicon; 02's figures and its slow analyses are left to
the demo pipeline test and `make run`), and notebook 05 runs on them. Checked: the corpus is the two datasets with
their sides, every figure names the corpus, its n and the licence credits and none says synthetic, the by-side
tables of 02's data functions compare both sides, notebook 05 uses the coded real-text sentences of these corpora
as its coding sheet, and it redraws the README's lead figure and table byte for byte.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
import yaml

from warsignals import config, runner
from warsignals.realtext import read_gold

pytestmark = pytest.mark.slow

SMALL = {"05-validate": {"n_boot": 50, "sample_n": 100}}


@pytest.fixture(scope="module")
def default_run(tmp_path_factory):
    from warsignals.signals import score_sentences
    from warsignals.tables import read_table, write_table

    root = tmp_path_factory.mktemp("default")
    settings = runner.load_run_config(config.DEFAULT_RUN_CONFIG)
    for stem, values in SMALL.items():
        settings[stem].update(values)
    path = root / "small-default.yaml"
    path.write_text(yaml.safe_dump(settings, sort_keys=False))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(config, "RUNS_DIR", root / "runs")
        patch.setattr(config, "FIGURES_DIR", root / "figures")
        runner.run_pipeline(config_file=path, run_id="default", notebooks=["01-load-corpus"], progress=False)
        run_dir = root / "runs" / "default"
        assert settings["02-signals"]["lexicon"] == "" and settings["02-signals"]["sources"] == []
        write_table(score_sentences(read_table(run_dir / "sentences.parquet")), run_dir / "signals.parquet")
        result = runner.run_pipeline(config_file=path, run_id="default", notebooks=["05-validate"], progress=False)
    return result


@pytest.fixture(scope="module")
def scored(default_run):
    signals = pd.read_parquet(default_run.run_dir / "signals.parquet")
    documents = pd.read_parquet(default_run.run_dir / "documents.parquet")
    return signals.merge(documents[["doc_id", "side"]], on="doc_id")


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
    assert {p.stem for p in sidecars} >= {"corpus_statistics", "documents_per_period", "corrected_rates"}
    for sidecar in sidecars:
        caption = json.loads(sidecar.read_text())["caption"]
        assert "(RUS officials, n = 126)" in caption and "(UKR officials, n = 312)" in caption, sidecar.name
        assert "n = 438 documents" in caption and "en.kremlin.ru, CC BY 4.0" in caption, sidecar.name
    for svg in default_run.figures_dir.glob("*.svg"):
        assert "SYNTHETIC" not in svg.read_text(), svg.name
    report = (default_run.run_dir / "report.html").read_text()
    assert "SYNTHETIC DEMO DATA" not in report and report.count('<img class="figure"') == len(sidecars)


def test_the_sides_are_compared_and_their_signals_attributed(scored):
    from warsignals.signals import event_windows_table, signal_voices_table, signals_by_group_table
    from warsignals.timeseries import load_events

    settings = runner.load_run_config(config.DEFAULT_RUN_CONFIG)["02-signals"]
    assert settings["group_by"] == "side"
    by_side = signals_by_group_table(scored, by="side", frequency=settings["group_frequency"], n_boot=0)
    assert set(by_side["side"]) == {"RUS officials", "UKR officials"}
    ukr = by_side[(by_side["side"] == "UKR officials") & (by_side["n_units"] > 0)]
    assert set(pd.to_datetime(ukr["period"]).dt.year) == {2022}  # the addresses end in May 2022
    voices = signal_voices_table(scored, by="side", n_boot=0)
    shares = voices.groupby(["side", "signal"])["value"].sum()
    assert len(shares) == 4 and ((shares - 1).abs() < 1e-9).all()
    # each side's talk offers are mostly its own, and the speaker table gives every Ukrainian official's "we" an
    # actor (before the addresses' source was in it, a fifth of their negotiation signals had none)
    negotiation = voices[(voices["signal"] == "negotiation") & (voices["voice"] == "on_record")]
    cell = negotiation.set_index(["side", "actor"])["value"]
    assert cell["RUS officials", "RUS"] > 0.5 and cell["UKR officials", "UKR"] > 0.5
    assert cell["UKR officials", "unattributed"] < 0.05
    windows = event_windows_table(scored, load_events(), frequency=settings["frequency"], k=settings["event_window"],
                                  kinds=settings["event_kinds"], n_boot=0)
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
