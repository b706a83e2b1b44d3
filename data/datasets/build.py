"""Convert the two official corpora from ../shared into the compact files shipped in src/warsignals/datasets/data.

Run from the repository root (needs ../shared beside the checkout):
    .venv/bin/python data/datasets/build.py
Writes `kremlin-ukraine.parquet` and `ukraine-addresses.parquet` (zstd, level 19; the same bytes on a rerun) and
prints the sha256 of each, which `warsignals.datasets.DATASETS` records and the tests check.
"""

import hashlib
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "corpora"
OUT = ROOT / "src" / "warsignals" / "datasets" / "data"
COLUMNS = ["id", "date", "source", "speaker", "side", "title", "text", "url"]
MIN_CHARS = 30  # the two shorter records are fragments, not addresses (the ingest default drops them too)


def write(frame: pd.DataFrame, name: str) -> None:
    table = pa.Table.from_pandas(frame[COLUMNS].reset_index(drop=True), preserve_index=False)
    table = table.replace_schema_metadata(None)  # no pandas metadata: byte-stable across versions
    path = OUT / f"{name}.parquet"
    pq.write_table(table, path, compression="zstd", compression_level=19, write_statistics=False,
                   store_schema=False)
    print(name, len(frame), "records", path.stat().st_size, "bytes", hashlib.sha256(path.read_bytes()).hexdigest())


kremlin = pd.read_json(SHARED / "kremlin-ukraine" / "kremlin_ukraine_2022_2025.jsonl", lines=True, dtype=False)
kremlin["side"] = "RUS officials"
kremlin["date"] = pd.to_datetime(kremlin["date"]).dt.strftime("%Y-%m-%d")
write(kremlin, "kremlin-ukraine")

addresses = pd.read_json(SHARED / "resistinua-2022" / "resistinua_2022.jsonl", lines=True, dtype=False)
repeated = addresses["text"].duplicated(keep=False)  # the placeholder lines shared by untranslated briefings
short = addresses["text"].str.len() < MIN_CHARS
dropped = addresses[repeated | short]
kept = addresses[~(repeated | short)].copy()
kept["side"] = "UKR officials"
kept["date"] = pd.to_datetime(kept["date"]).dt.strftime("%Y-%m-%d")
write(kept, "ukraine-addresses")
(OUT / "ukraine-addresses.dropped.json").write_text(json.dumps(
    {"reason": "placeholder records (one line shared by several untranslated briefings) or under "
               f"{MIN_CHARS} characters", "ids": sorted(dropped["id"].tolist())}, indent=1) + "\n")
print("dropped", len(dropped), "of", len(addresses), "addresses")
