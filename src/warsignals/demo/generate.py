"""The demo generator's public API: :func:`generate_demo_corpus`, :func:`write_demo_corpus`, the command."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from warsignals import config
from warsignals.demo.banks import (
    _TITLES,
)
from warsignals.demo.model import (
    _CLASSES,
    _build_model,
    _paragraphs,
    _render,
    _Renderer,
)
from warsignals.demo.planted import (
    _DIRICHLET,
    _KIND_BLOCK,
    _MAX_SENTENCES,
    _MIN_SENTENCES,
    _MONTH_PRECISION,
    DEFAULT_DOCUMENTS,
    DOCUMENT_COLUMNS,
    END_DATE,
    JSONL_NAME,
    KIND_ACTOR,
    SENTENCE_COLUMNS,
    SOURCES,
    SPEAKERS,
    START_DATE,
    topic_terms_table,
)
from warsignals.errors import ParameterError
from warsignals.tables import write_table

# Public API
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoCorpus:
    """The synthetic demo corpus and its planted truth.

    Attributes
    ----------
    documents : DataFrame
        The documents table (``doc_id, date, date_precision, source, speaker, title, text, path, sha256,
        synthetic, actor, kind``).
    sentences : DataFrame
        Planted truth per sentence (``doc_id, sent_id, para_id, sentence, signal, category, actor, hedged,
        negated, topic, stance_target, stance, wording``).
    curves : DataFrame
        Planted expected values per month (``series, group, period, value``).
    topic_terms : DataFrame
        Planted topic-word distributions (``topic, term, weight``).
    """

    documents: pd.DataFrame
    sentences: pd.DataFrame
    curves: pd.DataFrame
    topic_terms: pd.DataFrame


def planted_curves() -> pd.DataFrame:
    """The planted monthly curves (``series, group, period, value``); they do not depend on the seed."""
    return _build_model().curves.copy()


def _document_dates(rng: np.random.Generator, n: int) -> np.ndarray:
    span = (END_DATE - START_DATE).days + 1
    offsets = np.floor((np.arange(n) + rng.random(n)) * span / n).astype(int)
    return np.sort(offsets)


def generate_demo_corpus(seed: int = config.DEFAULT_SEED, n_documents: int = DEFAULT_DOCUMENTS) -> DemoCorpus:
    """Generate the synthetic demo corpus with its planted ground truth.

    Parameters
    ----------
    seed : int
        Seed of the numpy random generator; the same seed gives identical tables.
    n_documents : int
        Number of documents (at least 1), spread evenly over 2022-02-24 .. 2025-12-31.

    Returns
    -------
    DemoCorpus
        ``documents``, ``sentences``, ``curves`` and ``topic_terms`` (see the module docstring).
    """
    if isinstance(n_documents, bool) or not isinstance(n_documents, (int, np.integer)) or n_documents < 1:
        raise ParameterError(f"n_documents must be a positive integer, not {n_documents!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ParameterError(f"seed must be a non-negative integer, not {seed!r}")
    model = _build_model()
    rng = np.random.default_rng(int(seed))
    alt_rng = np.random.default_rng([int(seed), 1])  # off-lexicon and decoy sentences
    offsets = _document_dates(rng, int(n_documents))
    kinds: list[str] = []
    while len(kinds) < n_documents:
        block = list(_KIND_BLOCK)
        kinds.extend(block[i] for i in rng.permutation(len(block)))
    kinds = kinds[: int(n_documents)]

    doc_rows = []
    sentence_rows = []
    for number, (offset, kind) in enumerate(zip(offsets, kinds, strict=True)):
        doc_id = f"demo-{number + 1:04d}"
        true_date = START_DATE + pd.Timedelta(days=int(offset))
        month = (true_date.year - 2022) * 12 + true_date.month - 2
        speakers = SPEAKERS[kind]
        if kind == "statement" and true_date >= pd.Timestamp("2024-09-05"):
            speakers = speakers[:1]
        speaker_weights = {"readout": (0.5, 0.3, 0.2), "statement": (0.7, 0.3)}.get(kind)
        if speaker_weights and len(speakers) == len(speaker_weights):
            p = np.array(speaker_weights)
            speaker = speakers[int(rng.choice(len(speakers), p=p / p.sum()))]
        else:
            speaker = speakers[int(rng.integers(len(speakers)))]
        month_only = kind in ("op-ed", "commentary") and rng.random() < _MONTH_PRECISION
        n_sentences = int(rng.integers(_MIN_SENTENCES, _MAX_SENTENCES + 1))
        theta = rng.dirichlet(_DIRICHLET * model.filler_topics[month])
        probs = model.class_probs[kind][month]
        drawn = rng.choice(len(_CLASSES), size=n_sentences, p=probs / probs.sum())
        renderer = _Renderer(rng, true_date, kind)
        renderer.alt = _Renderer(alt_rng, true_date, kind)
        planted = [_render(renderer, _CLASSES[c], month, theta, model) for c in drawn]
        paragraphs = _paragraphs(rng, [row["topic"] for row in planted])
        texts = []
        sent_id = 0
        for para_id, members in enumerate(paragraphs):
            texts.append(" ".join(planted[i]["sentence"] for i in members))
            for i in members:
                sentence_rows.append({"doc_id": doc_id, "sent_id": sent_id, "para_id": para_id, **planted[i]})
                sent_id += 1
        text = "\n\n".join(texts)
        counts = pd.Series([row["topic"] for row in planted]).value_counts()
        main_topic = str(counts.index[0])
        title_template = renderer.pick(_TITLES[kind])
        title = renderer.fill(title_template, main_topic)
        doc_rows.append({
            "doc_id": doc_id,
            "date": pd.Timestamp(true_date.year, true_date.month, 1) if month_only else true_date,
            "date_precision": "month" if month_only else "day",
            "source": SOURCES[kind],
            "speaker": speaker,
            "title": title,
            "text": text,
            "path": JSONL_NAME,
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "synthetic": True,
            "actor": KIND_ACTOR[kind],
            "kind": kind,
        })

    documents = pd.DataFrame(doc_rows, columns=DOCUMENT_COLUMNS)
    documents["date"] = pd.to_datetime(documents["date"]).astype("datetime64[ns]")
    documents["synthetic"] = documents["synthetic"].astype(bool)
    sentences = pd.DataFrame(sentence_rows)[SENTENCE_COLUMNS]
    sentences["sent_id"] = sentences["sent_id"].astype("int64")
    sentences["para_id"] = sentences["para_id"].astype("int64")
    sentences["hedged"] = sentences["hedged"].astype(bool)
    sentences["negated"] = sentences["negated"].astype(bool)
    return DemoCorpus(documents=documents, sentences=sentences, curves=model.curves.copy(),
                      topic_terms=topic_terms_table())


_README = """# Synthetic demo corpus (SYNTHETIC DATA)

Everything in this folder is **synthetic**: generated by `warsignals.demo.generate_demo_corpus(seed={seed},
n_documents={n})`. No document is a real statement, article or transcript; speakers' names are used only to
imitate the shape of real commentary, and every source is labelled "(synthetic)". Do not cite or analyse it
as evidence about the war. It exists so that the models of warsignals can be checked against known answers.

- `demo_corpus.jsonl`: one document per line (`id, date, date_precision, source, speaker, title, text,
  synthetic, actor, kind`); month-precision documents have a `YYYY-MM` date.
- `truth/sentences.csv`: planted truth per sentence (`doc_id, sent_id, para_id, sentence, signal, category,
  actor, hedged, negated, topic, stance_target, stance, wording`; wording = template, off_lexicon or decoy);
  `sent_id`/`para_id` match NLTK punkt sentences and
  blank-line paragraphs of the text.
- `truth/curves.csv`: planted expected values per month (`series, group, period, value`): `escalation_rate`
  and `negotiation_rate` per actor group (share of all sentences of the month; WEST = USA, EU, NATO, WEST),
  `hedged_share` (share of negotiation signals that are hedged), `topic_share` per topic and
  `stance_favor_share` per target (share FAVOR among sentences with a stance toward the target).
- `truth/topic_terms.csv`: the planted topic-word distributions (`topic, term, weight`).

Regenerate with `python -m warsignals.demo OUT_DIR --seed {seed} --documents {n}` (byte-identical).
"""


def _to_csv(frame: pd.DataFrame, path: Path) -> None:
    write_table(frame, path, float_format="%.10g")  # fixed float digits: the same bytes on every machine


def write_demo_corpus(
    out_dir: str | Path, seed: int = config.DEFAULT_SEED, n_documents: int = DEFAULT_DOCUMENTS
) -> Path:
    """Write the demo corpus and its planted truth into ``out_dir``.

    Writes ``demo_corpus.jsonl``, ``truth/sentences.csv``, ``truth/curves.csv``, ``truth/topic_terms.csv``
    and a ``README.md`` saying the data are synthetic. The same seed gives byte-identical files.

    Parameters
    ----------
    out_dir : str or Path
        Output folder (created if missing).
    seed : int
        Random seed.
    n_documents : int
        Number of documents.

    Returns
    -------
    Path
        The path of ``demo_corpus.jsonl`` (the file to load with :func:`warsignals.corpus.load_corpus`).
    """
    demo = generate_demo_corpus(seed=seed, n_documents=n_documents)
    out = Path(out_dir)
    truth = out / "truth"
    truth.mkdir(parents=True, exist_ok=True)
    lines = []
    for row in demo.documents.itertuples(index=False):
        date = row.date.strftime("%Y-%m" if row.date_precision == "month" else "%Y-%m-%d")
        record = {"id": row.doc_id, "date": date, "date_precision": row.date_precision, "source": row.source,
                  "speaker": row.speaker, "title": row.title, "text": row.text, "synthetic": True,
                  "actor": row.actor, "kind": row.kind}
        lines.append(json.dumps(record, ensure_ascii=False))
    path = out / JSONL_NAME
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    _to_csv(demo.sentences, truth / "sentences.csv")
    _to_csv(demo.curves, truth / "curves.csv")
    _to_csv(demo.topic_terms, truth / "topic_terms.csv")
    (out / "README.md").write_text(_README.format(seed=seed, n=n_documents), encoding="utf-8", newline="\n")
    return path


def main(argv: list[str] | None = None) -> int:
    """``python -m warsignals.demo OUT_DIR [--seed N] [--documents N]``."""
    parser = argparse.ArgumentParser(prog="python -m warsignals.demo",
                                     description="Write the synthetic demo corpus and its planted truth.")
    parser.add_argument("out_dir", help="output folder")
    parser.add_argument("--seed", type=int, default=config.DEFAULT_SEED, help="random seed")
    parser.add_argument("--documents", type=int, default=DEFAULT_DOCUMENTS, help="number of documents")
    args = parser.parse_args(argv)
    try:
        path = write_demo_corpus(args.out_dir, seed=args.seed, n_documents=args.documents)
    except ParameterError as exc:
        print(f"warsignals: error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote synthetic demo corpus {path}")
    return 0

