"""Raw and design-corrected shares of escalation and negotiation on the two official corpora (issue: validated
estimates), with the real-text gold set (data/gold/realtext) as the coding sheet.

Scores every sentence of the Kremlin transcripts and the Ukrainian addresses (from ../shared) with the lexicon
scorer, then combines its labels with the 1,426 coded sentences of those corpora (design-based supervised
estimator; the gold set's inclusion probabilities are those of its Poisson draw) and prints, per corpus and
year, the raw share, the corrected share and its 95% interval, and the number of coded rows behind it; then the
scorer's design-weighted validity. Usage::

    .venv/bin/python bench/realtext_corrected.py [--frequency year]
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from warsignals import config
from warsignals.corpus import load_corpus
from warsignals.realtext import gold_sheet, read_gold
from warsignals.sentences import split_sentences
from warsignals.signals import score_sentences
from warsignals.validate.estimates import corrected_rates, validity

CORPORA = {
    "kremlin-ukraine": config.SHARED_DIR / "corpora" / "kremlin-ukraine" / "kremlin_ukraine_2022_2025.jsonl",
    "resistinua-2022": config.SHARED_DIR / "corpora" / "resistinua-2022" / "resistinua_2022.jsonl",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frequency", default="year")
    args = parser.parse_args()
    missing = [str(p) for p in CORPORA.values() if not p.is_file()]
    if missing:
        sys.exit(f"skipped: {', '.join(missing)} not found (set WARSIGNALS_SHARED_DIR)")
    tables = []
    for name, path in CORPORA.items():
        docs = load_corpus([path]).documents
        sentences = split_sentences(docs, progress=False)
        sentences["source"] = name
        tables.append(sentences)
    sentences = pd.concat(tables, ignore_index=True)
    sentences["speaker_actor"] = sentences["source"].map({"kremlin-ukraine": "RUS", "resistinua-2022": "UKR"})
    scored = score_sentences(sentences)
    sheet = gold_sheet(read_gold(), sentences)
    rates = corrected_rates(scored, sheet, frequency=args.frequency, by="source",
                            signals=("escalation", "negotiation"))
    pd.set_option("display.width", 160)
    print(f"{len(scored):,} sentences scored; {len(sheet):,} coded sentences in the sheet\n")
    columns = ["period", "group", "signal", "raw_share", "corrected_share", "lo", "hi", "n_sentences", "n_coded"]
    print(rates[columns].assign(period=rates["period"].astype(str).str[:4]).round(4).to_string(index=False))
    report = validity(scored, sheet, n_boot=200)
    for family in ("escalation", "negotiation"):
        per = report["signal"]["per_label"][family]
        print(f"\n{family}: design-weighted precision {per['precision']:.3f} [{per['precision_lo']:.3f}, "
              f"{per['precision_hi']:.3f}], recall {per['recall']:.3f} "
              f"[{per['recall_lo']:.3f}, {per['recall_hi']:.3f}]")


if __name__ == "__main__":
    main()
