"""Every path and default of the project, defined once.

Paths are resolved from the source checkout (the package is installed in editable mode), and can be
redirected with environment variables for tests and batch jobs:

- ``WARSIGNALS_RUNS_DIR``: where run folders go (default ``runs/``),
- ``WARSIGNALS_FIGURES_DIR``: where figure folders go (default ``figures/``),
- ``WARSIGNALS_SHARED_DIR``: the read-only shared data (default ``../shared`` beside the checkout),
- ``WARSIGNALS_NLTK_DATA``: the offline NLTK data folder (default ``.nltk_data/``),
- ``WARSIGNALS_CACHE_DIR``: the cross-process cache of compiled lexicons (default ``$XDG_CACHE_HOME/warsignals``,
  i.e. ``~/.cache/warsignals``; empty turns the cache off; see :mod:`warsignals.cache`).
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT: Path = Path(__file__).resolve().parents[2]
SRC_DIR: Path = PROJECT_ROOT / "src" / "warsignals"

DATA_DIR: Path = PROJECT_ROOT / "data"
RAW_DIR: Path = DATA_DIR / "raw"
DEMO_DIR: Path = DATA_DIR / "demo"
LEXICON_DIR: Path = DATA_DIR / "lexicons"
ACTORS_DIR: Path = DATA_DIR / "actors"
EVENTS_DIR: Path = DATA_DIR / "events"
EVENTS_FILE: Path = EVENTS_DIR / "war_timeline.csv"
STANCE_TARGETS_FILE: Path = DATA_DIR / "stance_targets.yaml"
TOPIC_SEEDS_FILE: Path = DATA_DIR / "topic_seeds.yaml"
STOPWORDS_FILE: Path = DATA_DIR / "stopwords_domain.txt"
REALTEXT_GOLD_FILE: Path = DATA_DIR / "gold" / "realtext" / "realtext.csv"  # coded real-text sentences

CONFIG_DIR: Path = PROJECT_ROOT / "config"
DEFAULT_RUN_CONFIG: Path = CONFIG_DIR / "default.yaml"
NOTEBOOKS_DIR: Path = PROJECT_ROOT / "notebooks"

RUNS_DIR: Path = Path(os.environ.get("WARSIGNALS_RUNS_DIR", PROJECT_ROOT / "runs"))
FIGURES_DIR: Path = Path(os.environ.get("WARSIGNALS_FIGURES_DIR", PROJECT_ROOT / "figures"))
SHARED_DIR: Path = Path(os.environ.get("WARSIGNALS_SHARED_DIR", PROJECT_ROOT.parent / "shared"))
NLTK_DATA_DIR: Path = Path(os.environ.get("WARSIGNALS_NLTK_DATA", PROJECT_ROOT / ".nltk_data"))
_CACHE_SETTING = os.environ.get(
    "WARSIGNALS_CACHE_DIR", str(Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "warsignals")
)
CACHE_DIR: Path | None = Path(_CACHE_SETTING) if _CACHE_SETTING.strip() else None  # None: no cache

# Shared (read-only, never copied into the repository) data sets used by tests and benchmarks.
KREMLIN_CORPUS: Path = SHARED_DIR / "corpora" / "kremlin-ukraine" / "kremlin_ukraine_2022_2025.jsonl"
SAMPLES_DIR: Path = SHARED_DIR / "corpora" / "samples"
MULTICOPED_TRAIN: Path = SHARED_DIR / "gold" / "multicoped" / "multicoped_train.csv"
RUW_TRAIN_DEV: Path = SHARED_DIR / "gold" / "ruw-stance" / "ruw_train_dev.csv"
CAMEO_TABLE: Path = SHARED_DIR / "gold" / "cameo" / "cameo_goldstein.csv"
CODEBOOK_FILE: Path = SHARED_DIR / "codebook.md"  # the default codebook linked from every coding sheet

# The corpus of `make run` (notebook 01's `corpus`): names of datasets shipped in the package
# (warsignals.datasets), the keyword for the synthetic demo corpus, or corpus files and folders.
DEFAULT_CORPUS: tuple[str, ...] = ("kremlin-ukraine", "ukraine-addresses")
DEMO_CORPUS: str = "demo"

# Defaults.
DEFAULT_SEED: int = 20240524
LANGUAGE: str = "english"
MAX_FILE_BYTES: int = 50 * 1024 * 1024
MIN_TEXT_CHARS: int = 40
NEAR_DUPLICATE_THRESHOLD: float = 0.9
BOOTSTRAP_REPLICATES: int = 500
CONFIDENCE_LEVEL: float = 0.95
FIGURE_DPI: int = 300
BATCH_ROWS: int = 50_000  # rows read, scored and written at a time by the streaming commands
TABLE_SUFFIXES: tuple[str, ...] = (".csv", ".tsv", ".jsonl", ".parquet")  # tables the commands read and write

# The Okabe-Ito colour-blind-safe palette, in the order figures use it.
OKABE_ITO: tuple[str, ...] = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#000000",  # black
)
ESCALATION_COLOUR: str = "#D55E00"
NEGOTIATION_COLOUR: str = "#0072B2"
# Event kinds of timelines (data/events/*.csv, column `kind`) as annotations draw them: colour and line style,
# told apart in a figure legend. Kinds not listed here are drawn grey and dotted under their own name.
EVENT_KIND_STYLES: dict[str, tuple[str, str]] = {
    "escalation": (ESCALATION_COLOUR, ":"),
    "negotiation": (NEGOTIATION_COLOUR, "--"),
    "aid": ("#009E73", "-."),
}
OTHER_EVENT_STYLE: tuple[str, str] = ("#777777", ":")
