"""Rebuild the package's grounded stance model from the real-text gold set's training part.

    .venv/bin/python data/models/build_grounded.py

Writes ``src/warsignals/stance/grounded_model/`` (``model.skops`` + ``model.json`` with the gold file's sha256,
so a stale model is detected by the tests). Deterministic: the same gold and code give the same predictions.
"""

import hashlib

from warsignals.realtext import DEFAULT_GOLD, read_gold
from warsignals.stance.grounded import SHIPPED_MODEL_DIR, GroundedStanceModel, gold_pairs
from warsignals.stance.training import save_stance_model


def main() -> None:
    gold_file = DEFAULT_GOLD
    train = read_gold(part="train")
    X, y = gold_pairs(train)
    model = GroundedStanceModel().fit(X, y)
    save_stance_model(model, SHIPPED_MODEL_DIR, {
        "training": {"gold": "data/gold/realtext/realtext.csv (part train)",
                     "gold_sha256": hashlib.sha256(gold_file.read_bytes()).hexdigest(),
                     "rows": int(len(train)), "pairs": int(len(y)), "params": model.get_params(),
                     "offsets": model.offsets_},
    })
    print(f"wrote {SHIPPED_MODEL_DIR} ({len(train)} sentences, {len(y)} sentence-target pairs)")


if __name__ == "__main__":
    main()
