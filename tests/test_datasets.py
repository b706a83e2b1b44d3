"""The shipped datasets (warsignals.datasets): counts, checksums, shape, and that they travel with the wheel."""

import hashlib
import subprocess
import sys
import zipfile

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
    import pandas as pd

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
