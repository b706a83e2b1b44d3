"""YAML data files (lexicon, stance targets) are validated against a schema: unknown keys and wrongly typed values
stop with one line naming the file, the line and the key (issue 13); files that are not UTF-8 too."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from warsignals import config
from warsignals.cli import main
from warsignals.errors import InputError
from warsignals.lexicon import DEFAULT_LEXICON, load_lexicon
from warsignals.stance import load_targets


def _edited(tmp_path, source, old, new, count=1):
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / source.name
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def _line(source, old) -> str:
    """The line number where ``old`` starts in ``source``, as the error message should name it."""
    text = source.read_text(encoding="utf-8")
    return str(text[: text.index(old)].count("\n") + 1)


TARGET_CASES = [
    ("    favor:\n", "    favour:\n", r"line {line}: targets\.negotiations\.favour: unknown key 'favour'"),
    ("  gap_words: 8\n", "  gap_words: many\n",
     r"line {line}: defaults\.gap_words: must be an integer, not str 'many'"),
    ("defaults:\n  gap_words: 8\n", "defaults: [1]\nunused:\n  gap_words: 8\n", r"defaults: must be a mapping"),
    ("weight: 2, negatable", "weight: heavy, negatable",
     r"line {line}: targets\.negotiations\.against\.\d+\.weight: must be a number, not str 'heavy'"),
    ('"no", never', "no, never", r"defaults\.negation_cues\.2: must be text, not bool False"),
]


@pytest.mark.parametrize(("old", "new", "match"), TARGET_CASES)
def test_stance_targets_schema(tmp_path, old, new, match):
    path = _edited(tmp_path, config.STANCE_TARGETS_FILE, old, new)
    match = match.replace("{line}", _line(config.STANCE_TARGETS_FILE, old))
    with pytest.raises(InputError, match=re.escape(str(path)) + ", " + match if match.startswith("line") else match):
        load_targets(path)


LEXICON_CASES = [
    ("scoring:\n  threshold: 0.5", "scoring: [1, 2]\nunused:\n  threshold: 0.5",
     r"line {line}: scoring: must be a mapping"),
    ("  threshold: 0.5", '  threshold: "high"', r"line {line}: scoring\.threshold: must be a number, not str 'high'"),
    ("negation:\n  before:", 'negation: "not"\nunused:\n  before:', r"negation: must be a mapping"),
    ("    weight: 1.0", "    weight: heavy", r"line {line}: categories\.nuclear_threat\.weight: must be a number"),
    ("    weight: 1.0", "    wieght: 1.0", r"line {line}: categories\.nuclear_threat\.wieght: unknown key 'wieght'"),
]


@pytest.mark.parametrize(("old", "new", "match"), LEXICON_CASES)
def test_lexicon_schema(tmp_path, old, new, match):
    path = _edited(tmp_path, DEFAULT_LEXICON, old, new)
    with pytest.raises(InputError, match=match.replace("{line}", _line(DEFAULT_LEXICON, old))):
        load_lexicon(path)


def test_the_shipped_data_files_pass_their_schemas():
    assert len(load_lexicon().categories) >= 14 and set(load_targets()) >= {"negotiations", "Russia"}


def test_latin1_yaml_is_one_line_naming_file_and_line(tmp_path, capsys):
    for source, loader in ((DEFAULT_LEXICON, load_lexicon), (config.STANCE_TARGETS_FILE, load_targets)):
        path = tmp_path / source.name
        path.write_bytes(source.read_bytes() + "# Café\n".encode("latin-1"))
        lines = source.read_bytes().count(b"\n") + 1
        with pytest.raises(InputError, match=rf"{re.escape(str(path))}, line {lines}: not UTF-8 \(byte 0xe9"):
            loader(path)
    table = tmp_path / "in.csv"
    pd.DataFrame({"text": ["We are ready for talks."]}).to_csv(table, index=False)
    assert main(["score", str(table), "--lexicon", str(tmp_path / DEFAULT_LEXICON.name), "-o",
                 str(tmp_path / "o.csv")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not UTF-8" in err and "Traceback" not in err


def test_actor_and_seed_files_schema(tmp_path):
    from warsignals.actors import DEFAULT_ACTORS, load_actors
    from warsignals.topics import load_seeds

    path = _edited(tmp_path, DEFAULT_ACTORS, "    group: RUS\n", "    gruop: RUS\n")
    with pytest.raises(InputError, match=r"line \d+: actors\.RUS\.gruop: unknown key 'gruop'"):
        load_actors(path)
    path = _edited(tmp_path, config.TOPIC_SEEDS_FILE, "    words: [negotiations,", "    word: [negotiations,")
    with pytest.raises(InputError, match=r"line \d+: topics\.negotiation\.word: unknown key 'word'"):
        load_seeds(path)
