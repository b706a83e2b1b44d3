"""The shipped datasets (warsignals.datasets): counts, checksums, shape, and that they travel with the wheel."""

import hashlib
import subprocess
import sys
import zipfile

import pandas as pd
import pytest

from warsignals import config
from warsignals.datasets import DATASETS, dataset_path, list_datasets, load_dataset
from warsignals.errors import InputError


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_dataset_counts_checksums_and_columns(name):
    spec = DATASETS[name]
    assert hashlib.sha256(dataset_path(name).read_bytes()).hexdigest() == spec.sha256
    frame = load_dataset(name)
    assert len(frame) == spec.records and frame["doc_id"].is_unique
    assert {"doc_id", "date", "date_precision", "source", "speaker", "side", "title", "text", "url",
            "sha256"} <= set(frame.columns)
    assert frame["text"].str.len().min() >= 30 and frame["date"].notna().all()
    assert frame["side"].nunique() == 1


def test_placeholders_are_dropped_and_listed():
    addresses = load_dataset("ukraine-addresses")
    assert not addresses["text"].duplicated().any()
    dropped = (dataset_path("ukraine-addresses").parent / "ukraine-addresses.dropped.json").read_text()
    assert "placeholder" in dropped and not set(addresses["doc_id"]) & set(__import__("json").loads(dropped)["ids"])


def test_the_shipped_files_match_the_shared_corpora_they_were_built_from():
    source = config.SHARED_DIR / "corpora" / "kremlin-ukraine" / "kremlin_ukraine_2022_2025.jsonl"
    if not source.is_file():
        pytest.skip(f"{source} not found (the shared corpora are beside the checkout only)")
    original = pd.read_json(source, lines=True, dtype=False).set_index("id")
    shipped = load_dataset("kremlin-ukraine").set_index("doc_id")
    assert (shipped["text"] == original.loc[shipped.index, "text"]).all()


def test_unknown_dataset_is_one_line():
    with pytest.raises(InputError, match="unknown dataset 'x' .known: kremlin-ukraine, ukraine-addresses"):
        load_dataset("x")
    assert list(list_datasets()["name"]) == ["kremlin-ukraine", "ukraine-addresses"]


@pytest.mark.slow
def test_the_wheel_carries_the_data_and_the_licences(tmp_path):
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", str(config.PROJECT_ROOT), "--no-deps", "-q",
                            "-w", str(tmp_path)], capture_output=True, text=True, timeout=600, check=False)
    assert built.returncode == 0, built.stderr
    wheel = next(tmp_path.glob("warsignals-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for spec in DATASETS.values():
        assert f"warsignals/datasets/data/{spec.file}" in names
    assert "warsignals/datasets/data/PROVENANCE.md" in names
    assert "warsignals/datasets/data/ukraine-addresses.dropped.json" in names
    # installed outside the checkout, the loader finds its files
    target = tmp_path / "site"
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
                                str(wheel)], capture_output=True, text=True, timeout=600, check=False)
    assert installed.returncode == 0, installed.stderr
    probe = subprocess.run([sys.executable, "-c", "from warsignals.datasets import load_dataset; "
                            "print(len(load_dataset('ukraine-addresses')))"], capture_output=True, text=True,
                           cwd=tmp_path, env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}, timeout=300,
                           check=False)
    assert probe.stdout.strip() == "312", probe.stderr


# ------------------------------------------------------------------ the default corpus of `make run` (issue 17)
def test_corpus_values_name_datasets_the_demo_or_files():
    from warsignals.datasets import parse_corpus

    default = parse_corpus("")
    assert default.datasets == config.DEFAULT_CORPUS == ("kremlin-ukraine", "ukraine-addresses")
    assert not default.demo and not default.paths
    assert parse_corpus(" demo ").demo and parse_corpus("./demo").paths == ("./demo",)
    mixed = parse_corpus("ukraine-addresses, my/speeches.jsonl")
    assert mixed.datasets == ("ukraine-addresses",) and mixed.paths == ("my/speeches.jsonl",)
    from warsignals.errors import ParameterError

    with pytest.raises(ParameterError, match="'demo' .the synthetic demo corpus. cannot be combined"):
        parse_corpus("demo,kremlin-ukraine")
    with pytest.raises(ParameterError, match="kremlin-ukraine given twice"):
        parse_corpus("kremlin-ukraine,kremlin-ukraine")


def test_datasets_are_written_for_the_loader_with_their_provenance_and_the_same_bytes(tmp_path):
    from warsignals.corpus import load_corpus
    from warsignals.datasets import corpus_inputs

    paths = corpus_inputs("", tmp_path / "a")
    again = corpus_inputs("kremlin-ukraine,ukraine-addresses", tmp_path / "b")
    assert [p.rsplit("/", 1)[1] for p in paths] == ["kremlin-ukraine.parquet", "ukraine-addresses.parquet"]
    assert [hashlib.sha256(open(p, "rb").read()).hexdigest() for p in paths] == \
        [hashlib.sha256(open(p, "rb").read()).hexdigest() for p in again]
    assert "CC BY 4.0" in (tmp_path / "a" / "datasets" / "PROVENANCE.md").read_text()
    loaded = load_corpus([tmp_path / "a" / "datasets"], progress=False)  # the folder: PROVENANCE.md is skipped
    assert len(loaded.rejects) == 0 and len(loaded.documents) == 126 + 312
    documents = loaded.documents
    assert documents.groupby("side")["doc_id"].nunique().to_dict() == {"RUS officials": 126, "UKR officials": 312}
    shipped = pd.concat([load_dataset(n) for n in DATASETS]).set_index("doc_id")
    assert (documents.set_index("doc_id")["sha256"] == shipped.loc[documents["doc_id"], "sha256"].to_numpy()).all()
    demo = corpus_inputs("demo", tmp_path / "c", demo_documents=20)
    assert demo[0].endswith("demo_corpus/demo_corpus.jsonl") and (tmp_path / "c" / "demo_corpus" / "truth").is_dir()


def test_caption_names_each_dataset_its_side_and_n_and_carries_the_licence_credits(tmp_path):
    from warsignals.corpus import load_corpus
    from warsignals.datasets import corpus_inputs
    from warsignals.describe import corpus_caption

    documents = load_corpus(corpus_inputs("", tmp_path), progress=False).documents
    first, credits = corpus_caption(documents).split("\n")
    assert first == ("Corpus: Kremlin transcripts on Ukraine (RUS officials, n = 126) + Ukrainian official "
                     "addresses (UKR officials, n = 312); n = 438 documents, 2022-02-21 to 2025-12-31")
    assert credits == ("Source: President of Russia, en.kremlin.ru, CC BY 4.0; Ukrainian official addresses: "
                       "github.com/Amice13/resistinua, CC0 1.0")
    one = documents[documents["dataset"] == "ukraine-addresses"]
    assert corpus_caption(one).startswith("Corpus: Ukrainian official addresses (UKR officials, n = 312); n = 312")
    assert "synthetic" not in corpus_caption(documents)
