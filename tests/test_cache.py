"""The cross-process cache of compiled lexicons: same scores, rebuilt when stale, and never a way to run code.

Every test points ``config.CACHE_DIR`` at its own folder and forgets what this process compiled, so that a
call reads the folder as a new process would.
"""

from __future__ import annotations

import json
import pickle
import shutil

import numpy as np
import pandas as pd
import pytest

from warsignals import config
from warsignals.actors import _load_actors_cached
from warsignals.cli import main
from warsignals.datasets import load_dataset
from warsignals.lexicon import DEFAULT_LEXICON, _inflections, _load_cached
from warsignals.matcher import _matcher_cached
from warsignals.sentences import split_sentences
from warsignals.signals.scorer import score_sentences


def _forget() -> None:
    for cached in (_load_cached, _matcher_cached, _load_actors_cached, _inflections):
        cached.cache_clear()


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setattr(config, "CACHE_DIR", folder)
    _forget()
    yield folder
    _forget()


@pytest.fixture(scope="module")
def sentences() -> pd.DataFrame:
    """Sentences of 30 shipped Ukrainian official addresses (real text, with hedges, actors and cues)."""
    return split_sentences(load_dataset("ukraine-addresses").head(30), progress=False)


def _rebuilt(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("warsignals: cache: compiled")]


def test_a_cached_lexicon_scores_exactly_as_a_compiled_one(cache_dir, sentences, capsys, monkeypatch):
    monkeypatch.setattr(config, "CACHE_DIR", None)
    _forget()
    compiled = score_sentences(sentences)
    assert not capsys.readouterr().err  # no cache, no line
    monkeypatch.setattr(config, "CACHE_DIR", cache_dir)
    _forget()
    first = score_sentences(sentences)
    lines = _rebuilt(capsys.readouterr().err)
    assert lines[0].startswith("warsignals: cache: compiled lexicon cues.yaml in ")
    assert lines[1].startswith("warsignals: cache: compiled actors actors.yaml in ")
    assert len(lines) >= 4 and all(line.startswith("warsignals: cache: compiled a matcher of ") for line in lines[2:])
    suffixes = sorted(p.suffix for p in cache_dir.iterdir())  # small matchers are cached without a line
    assert suffixes[:2] == [".json"] * 2 and suffixes.count(".npz") >= len(lines) - 2
    _forget()
    second = score_sentences(sentences)
    assert not _rebuilt(capsys.readouterr().err)  # read, not rebuilt
    assert (compiled["signal"] != "none").sum() > 20
    pd.testing.assert_frame_equal(first, compiled)
    pd.testing.assert_frame_equal(second, compiled)


@pytest.mark.slow
def test_an_edited_lexicon_is_compiled_again(cache_dir, sentences, tmp_path, capsys):
    score_sentences(sentences)
    capsys.readouterr()
    edited = tmp_path / "cues.yaml"
    text = DEFAULT_LEXICON.read_text(encoding="utf-8")
    edited.write_text(text.replace("hedges:\n", "hedges:\n  - according to the leaks\n", 1), encoding="utf-8")
    _forget()
    score_sentences(sentences, lexicon=edited)
    lines = _rebuilt(capsys.readouterr().err)
    assert lines[0].startswith("warsignals: cache: compiled lexicon cues.yaml")
    assert any("matcher" in line for line in lines)  # the context matcher holds the new hedge
    _forget()
    score_sentences(sentences, lexicon=edited)
    assert not _rebuilt(capsys.readouterr().err)


class _Payload:
    """Writes a marker file when unpickled."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (exec, (f"open({self.marker!r}, 'w').write('ran')",))


def test_a_tampered_cache_file_is_refused_and_replaced_without_running_code(cache_dir, sentences, tmp_path, capsys):
    expected = score_sentences(sentences)
    capsys.readouterr()
    marker = tmp_path / "marker"
    pickle.loads(pickle.dumps(_Payload(marker)))  # the payload is live when unpickled
    assert marker.exists()
    marker.unlink()
    matchers = sorted(cache_dir.glob("matcher-*.npz"))
    lexicon = next(cache_dir.glob("lexicon-*.json"))
    with np.load(matchers[0]) as stored:
        meta = stored["__meta__"]
    # an array of objects (a pickle) beside the real head, garbage bytes, and JSON of another key
    np.savez(matchers[0], __meta__=meta, evil=np.array([_Payload(marker)], dtype=object))
    for other in matchers[1:]:
        other.write_bytes(b"PK\x03\x04 not a zip file")
    data = json.loads(lexicon.read_text(encoding="utf-8"))
    data["key"] = "0" * 64
    lexicon.write_text(json.dumps(data), encoding="utf-8")
    _forget()
    again = score_sentences(sentences)
    lines = _rebuilt(capsys.readouterr().err)
    assert not marker.exists()
    assert lines[0].startswith("warsignals: cache: compiled lexicon cues.yaml")
    pd.testing.assert_frame_equal(again, expected)
    for path in matchers:  # every damaged entry compiled again and replaced by arrays of numbers
        with np.load(path, allow_pickle=False) as stored:
            assert "evil" not in stored.files and all(not stored[name].dtype.hasobject for name in stored.files)
    assert json.loads(lexicon.read_text(encoding="utf-8"))["key"] != "0" * 64


@pytest.mark.slow
def test_an_unwritable_cache_folder_says_so_once_and_scores_the_same(tmp_path, sentences, capsys, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(config, "CACHE_DIR", blocker / "cache")
    _forget()
    scored = score_sentences(sentences)
    err = capsys.readouterr().err
    assert err.count("cannot write to") == 1 and not _rebuilt(err)
    monkeypatch.setattr(config, "CACHE_DIR", None)
    _forget()
    pd.testing.assert_frame_equal(scored, score_sentences(sentences))
    _forget()


@pytest.mark.slow
def test_the_score_command_with_and_without_the_cache_writes_the_same_bytes(tmp_path, sentences, capsys,
                                                                             monkeypatch):
    table = tmp_path / "sentences.csv"
    sentences.to_csv(table, index=False)
    outputs = []
    for folder in (None, tmp_path / "cache", tmp_path / "cache"):
        monkeypatch.setattr(config, "CACHE_DIR", folder)
        _forget()
        out = tmp_path / f"scored-{len(outputs)}.csv"
        assert main(["score", str(table), "-o", str(out)]) == 0
        outputs.append(out.read_bytes())
    err = capsys.readouterr().err
    assert len(_rebuilt(err)) >= 4 and outputs[0] == outputs[1] == outputs[2]
    shutil.rmtree(tmp_path / "cache")
    _forget()


def test_file_key_changes_when_a_loaded_file_is_edited(tmp_path):
    """The key of the per-process loaders (lexicon, actors, speakers, targets) follows the file's content."""
    import os

    from warsignals.actors import load_actors
    from warsignals.errors import InputError
    from warsignals.fileio import file_key

    path = tmp_path / "actors.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    first = file_key(path, "actor file")
    assert first[0] == str(path.resolve())
    path.write_text("a: 22\n", encoding="utf-8")
    os.utime(path, ns=(first[1] + 1_000_000, first[1] + 1_000_000))
    assert file_key(path, "actor file") != first
    with pytest.raises(InputError, match=r"missing\.yaml: actor file not found"):
        load_actors(tmp_path / "missing.yaml")
