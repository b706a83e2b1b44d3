"""Configuration files of the topic models: the domain stop list and the seed word lists."""

from __future__ import annotations

from pathlib import Path

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from warsignals import config
from warsignals.errors import InputError
from warsignals.fileio import INTEGER, TEXT, AnyOf, ListOf, MapOf, read_text, read_yaml, validate_yaml


def load_stopwords(path: str | Path | None = None) -> tuple[frozenset[str], tuple[str, ...]]:
    """Read the domain stop list: single words, and multi-word phrases removed from texts before tokenising.

    Parameters
    ----------
    path : str or Path, optional
        One entry a line, ``#`` comments; defaults to :data:`warsignals.config.STOPWORDS_FILE`.

    Returns
    -------
    words, phrases : frozenset of str, tuple of str
        ``words`` includes scikit-learn's English stop words; ``phrases`` are lower case, longest first.
    """
    path = Path(path or config.STOPWORDS_FILE)
    if not path.exists():
        raise InputError(f"{path}: stop word file not found")
    words, phrases = set(ENGLISH_STOP_WORDS), set()
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip().lower()
        if not entry:
            continue
        if " " in entry:
            phrases.add(" ".join(entry.split()))
        else:
            words.add(entry)
    return frozenset(words), tuple(sorted(phrases, key=lambda p: (-len(p), p)))


def load_seeds(path: str | Path | None = None) -> dict[str, list[str]]:
    """Read seed word lists: ``topics: {name: {words: [...], description: ...}}`` (or ``name: [words]``).

    Parameters
    ----------
    path : str or Path, optional
        YAML file; defaults to :data:`warsignals.config.TOPIC_SEEDS_FILE`.

    Returns
    -------
    dict
        Topic name to its list of seed terms (lower case, spaces joined by ``_``), in file order.
    """
    path = Path(path or config.TOPIC_SEEDS_FILE)
    data = read_yaml(path, "seed file") or {}
    topics = data.get("topics", data) if isinstance(data, dict) else None
    if not isinstance(topics, dict) or not topics:
        raise InputError(f"{path}: expected a mapping 'topics: {{name: {{words: [...]}}}}'")
    if "topics" in data:
        validate_yaml(data, SEEDS_SCHEMA, str(path), read_text(path))
    seeds = {}
    for name, entry in topics.items():
        words = entry.get("words") if isinstance(entry, dict) else entry
        if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
            raise InputError(f"{path}: topic {name!r} needs a non-empty list of words")
        seeds[str(name)] = [_join_phrase(w) for w in words]
    return seeds


#: The schema of a seed file (``topics:`` form): unknown keys and wrongly typed values are errors.
SEEDS_SCHEMA = MapOf(
    {
        "version": INTEGER,
        "topics": MapOf(
            rest=AnyOf(
                (ListOf(TEXT), MapOf({"description": TEXT, "words": ListOf(TEXT)}, required=("words",))),
                "a list of words or a mapping with words",
            )
        ),
    },
    required=("topics",),
)


def _join_phrase(term: str) -> str:
    return "_".join(term.lower().split())
