"""The ``warsignals sample`` and ``warsignals validate`` commands.

``sample`` draws a coding sheet (CSV plus a ``.README.md`` sidecar linking the codebook) from a scored
table; ``validate`` reads the coded sheet(s) and writes ``validity.json``, ``corrected_rates.csv`` (and
``corrected_stance.csv`` when stance is coded) and their figures into an output folder.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from warsignals import config
from warsignals.errors import ParameterError
from warsignals.tables import write_table

if TYPE_CHECKING:  # pandas and numpy load when a command runs, not when the parser is built
    import pandas as pd


def register(commands, train, evaluate) -> None:
    """Add ``sample`` and ``validate`` to the ``warsignals`` parser (see :mod:`warsignals.cli`)."""
    from warsignals.validate.names import ALLOCATIONS, STRATA

    parser = commands.add_parser(
        "sample", help="draw a coding sheet of scored sentences with inclusion probabilities",
        description="Draw a (stratified) random sample of scored sentences for hand coding: one sentence of "
                    "context either side, empty human_* columns, and each row's inclusion_probability. Writes "
                    "SHEET.csv and SHEET.README.md (the columns and the codebook link).")
    parser.add_argument("scored", metavar="SCORED", help="scored sentences (.parquet, .csv or .jsonl), e.g. a "
                                                         "run's signals.parquet")
    parser.add_argument("-o", "--output", required=True, help="coding sheet to write (.csv)")
    parser.add_argument("--n", type=int, default=300, help="rows to draw (default 300)")
    parser.add_argument("--strata", choices=STRATA, default=None,
                        help="stratify by the scorer's signal (oversamples rare signals), period or source")
    parser.add_argument("--allocation", choices=ALLOCATIONS, default="equal",
                        help="split of n across strata (default equal: rare strata oversampled most)")
    parser.add_argument("--frequency", default="month", help="period length of --strata period (default month)")
    parser.add_argument("--seed", type=int, default=config.DEFAULT_SEED, help="seed of the draw")
    parser.add_argument("--show-scorer", action="store_true", help="show the scorer's answers in the sheet")
    parser.add_argument("--stance", help="stance table (a run's stance.parquet) shown with --show-scorer")
    parser.add_argument("--target", action="append",
                        help="stance target of a human_stance_<target> column (repeatable; default: all targets "
                             "of data/stance_targets.yaml)")
    parser.add_argument("--codebook", default=None, help=f"codebook linked from the sheet (default "
                                                         f"{config.CODEBOOK_FILE})")
    parser.set_defaults(func=run_sample)

    parser = commands.add_parser(
        "validate", help="corrected shares and the scorer's validity from coded sheets",
        description="Combine the scorer's labels with a coded sample (design-based supervised estimator, "
                    "Egami et al. 2023): writes validity.json, corrected_rates.csv and a figure (and the same "
                    "for stance when human_stance_* columns are coded) into OUT_DIR.")
    parser.add_argument("scored", metavar="SCORED", help="the scored sentences the sheet was drawn from")
    parser.add_argument("--coded", nargs="+", required=True, metavar="SHEET",
                        help="coded sheet(s) of one draw; two coders' sheets give Krippendorff's alpha")
    parser.add_argument("-o", "--output", required=True, metavar="OUT_DIR", help="output folder")
    parser.add_argument("--frequency", choices=("week", "month", "quarter", "year"), default="month",
                        help="period length (default month)")
    parser.add_argument("--by", choices=("source", "speaker"), default=None, help="one series per group")
    parser.add_argument("--stance", help="stance table (a run's stance.parquet) for human_stance_* columns")
    parser.add_argument("--confidence", type=float, default=config.CONFIDENCE_LEVEL, help="interval level")
    parser.add_argument("--min-coded", type=int, default=5,
                        help="cells with fewer coded sentences get no corrected value (default 5)")
    parser.add_argument("--n-boot", type=int, default=1000, help="bootstrap replicates of validity intervals")
    parser.add_argument("--seed", type=int, default=config.DEFAULT_SEED, help="bootstrap seed")
    parser.set_defaults(func=run_validate)


def run_sample(args) -> int:
    """``warsignals sample``: draw and write a coding sheet."""
    from warsignals.tables import read_table
    from warsignals.validate.sheets import draw_sheet, write_sheet

    scored = read_table(args.scored)
    stance = read_table(args.stance) if args.stance else None
    sheet = draw_sheet(scored, n=args.n, strata=args.strata, allocation=args.allocation, seed=args.seed,
                       frequency=args.frequency, show_scorer=args.show_scorer, targets=args.target, stance=stance)
    sidecar = write_sheet(sheet, args.output, codebook=args.codebook,
                          design=dict(n=args.n, strata=args.strata, allocation=args.allocation, seed=args.seed))
    print(f"wrote {args.output} ({len(sheet)} rows of {len(scored)} sentences) and {sidecar}")
    return 0


def _synthetic(scored: pd.DataFrame) -> bool:
    if "synthetic" in scored.columns:
        return bool(scored["synthetic"].fillna(False).astype(bool).any())
    return bool("source" in scored.columns and scored["source"].astype(str).str.contains("(synthetic)",
                                                                                        regex=False).any())


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    write_table(frame, path, float_format="%.6g")


def run_validate(args) -> int:
    """``warsignals validate``: corrected shares, validity and reliability from coded sheets."""
    from warsignals import plots
    from warsignals.export import save_figure
    from warsignals.tables import read_table
    from warsignals.validate import corrected_rates_table, corrected_stance_table, read_sheets, validity

    if not 0 < args.confidence < 1:
        raise ParameterError(f"--confidence must be between 0 and 1, not {args.confidence}")
    scored = read_table(args.scored)
    stance = read_table(args.stance) if args.stance else None
    sheets = read_sheets(args.coded, scored, scored_name=str(args.scored))
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    params = dict(scored=Path(args.scored).name, coded=[Path(p).name for p in args.coded],
                  frequency=args.frequency, by=args.by, confidence=args.confidence, min_coded=args.min_coded,
                  n_boot=args.n_boot, seed=args.seed,
                  scored_sha256=hashlib.sha256(Path(args.scored).read_bytes()).hexdigest())
    synthetic = _synthetic(scored)
    rates = corrected_rates_table(scored, sheets, frequency=args.frequency, by=args.by, confidence=args.confidence,
                                  min_coded=args.min_coded)
    _write_csv(rates, out / "corrected_rates.csv")
    save_figure(plots.corrected_rates(rates, synthetic=synthetic), "corrected_rates", out, params=params, data=rates)
    written = ["validity.json", "corrected_rates.csv", "corrected_rates.png"]
    stance_rates = corrected_stance_table(scored, sheets, stance=stance, frequency=args.frequency, by=args.by,
                                          confidence=args.confidence, min_coded=args.min_coded)
    if len(stance_rates):
        _write_csv(stance_rates, out / "corrected_stance.csv")
        save_figure(plots.corrected_stance(stance_rates, synthetic=synthetic), "corrected_stance", out,
                    params=params, data=stance_rates)
        written += ["corrected_stance.csv", "corrected_stance.png"]
    report = validity(scored, sheets, stance=stance, n_boot=args.n_boot, confidence=args.confidence,
                      seed=args.seed)
    report["parameters"] = params
    (out / "validity.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    signal = report.get("signal", {})
    print(f"{report['design']['coded_rows'].get('human_signal', 0)} coded rows; scorer macro-F1 "
          f"{signal.get('macro_f1')} [{signal.get('macro_f1_lo')}, {signal.get('macro_f1_hi')}] (design-weighted)")
    print(f"wrote {', '.join(written)} in {out}")
    return 0
