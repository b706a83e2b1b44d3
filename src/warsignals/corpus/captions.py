"""Caption files (WebVTT, SubRip, JSON segments) turned into clean running text.

YouTube's automatic captions, as yt-dlp downloads them, are "rolling": every cue repeats the line shown
before it and adds the line being spoken, often twice (a 10 ms cue that freezes the finished line), with
inline word timings (``<00:00:01.500><c> word</c>``) and cue settings (``align:start position:0%``).
:func:`join_caption_lines` removes the tags and keeps each spoken line once, in order.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

_TIMING = re.compile(
    r"^\s*(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3}\s*-->\s*(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3}"
)
_TAG = re.compile(r"<[^<>]*>")
_SOUND = re.compile(r"\[\s*[A-Za-z]+\s*\]|♪+")
_SPACE = re.compile(r"\s+")


class CaptionError(ValueError):
    """A caption file is malformed; ``line`` is the 1-based line number (0 when the whole file)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


def clean_caption_line(line: str) -> str:
    """Remove markup (``<c>``, timings, ``<i>``, ``<font>``), sound labels like ``[Music]`` and extra spaces."""
    line = _TAG.sub("", line)
    line = html.unescape(line)
    line = _SOUND.sub(" ", line)
    return _SPACE.sub(" ", line).strip()


def parse_cues(text: str, *, webvtt: bool) -> list[list[str]]:
    """Split a WebVTT (``webvtt=True``) or SubRip file into cues, each a list of cleaned text lines.

    Raises
    ------
    CaptionError
        When a WebVTT file lacks its ``WEBVTT`` header, or the file holds no timing line at all.
    """
    lines = text.splitlines()
    if webvtt:
        first = next((number for number, line in enumerate(lines) if line.strip()), None)
        if first is None or not lines[first].lstrip("\ufeff").startswith("WEBVTT"):
            raise CaptionError("not a WebVTT file: the first line is not 'WEBVTT'", (first or 0) + 1)
    cues: list[list[str]] = []
    current: list[str] | None = None
    for line in lines:
        if _TIMING.match(line):
            if current and current[-1].strip().isdigit():
                current.pop()  # a SubRip counter left in a cue by a missing blank line
            current = []
            cues.append(current)
        elif line == "":
            current = None
        elif current is not None:
            current.append(line)
    if not cues:
        raise CaptionError("no caption cues (no 'HH:MM:SS.mmm --> HH:MM:SS.mmm' timing line)")
    return [[clean for clean in map(clean_caption_line, cue) if clean] for cue in cues]


def join_caption_lines(cues: Iterable[Iterable[str]], window: int = 3) -> str:
    """Join caption lines into running text, dropping rolling repeats.

    A line is skipped when it equals one of the last ``window`` kept lines or is the start of one of them;
    a line that extends the last kept line word-wise (the line growing as words are spoken) replaces it.
    """
    kept: list[str] = []
    for cue in cues:
        for line in cue:
            if not line:
                continue
            recent = kept[-window:]
            if any(line == old or old.startswith(line + " ") for old in recent):
                continue
            if kept and line.startswith(kept[-1] + " "):
                kept[-1] = line
                continue
            kept.append(line)
    return " ".join(kept)


def captions_to_text(text: str, *, webvtt: bool) -> str:
    """Clean running text of a WebVTT or SubRip file (see :func:`parse_cues`, :func:`join_caption_lines`)."""
    return join_caption_lines(parse_cues(text, webvtt=webvtt))


def segments_to_text(data: object) -> str:
    """Clean running text of JSON caption segments.

    Accepts a list of ``{"text", "start", "duration"}`` objects (youtube-transcript-api), an object with
    such a list under ``"segments"``, or YouTube's ``json3`` format (``{"events": [{"segs": [{"utf8"}]}]}``).

    Raises
    ------
    CaptionError
        When the structure is none of these.
    """
    if isinstance(data, dict) and isinstance(data.get("segments"), list):
        data = data["segments"]
    if isinstance(data, dict) and isinstance(data.get("events"), list):
        cues = []
        for event in data["events"]:
            segs = event.get("segs") if isinstance(event, dict) else None
            if isinstance(segs, list):
                joined = "".join(str(s.get("utf8", "")) for s in segs if isinstance(s, dict))
                cues.append([clean_caption_line(part) for part in joined.split("\n")])
        return join_caption_lines(cues)
    if not isinstance(data, list):
        raise CaptionError("JSON is neither a list of caption segments nor a json3 captions object")
    cues = []
    for number, segment in enumerate(data, start=1):
        if not isinstance(segment, dict) or not isinstance(segment.get("text"), str):
            raise CaptionError(f"segment {number} has no text string")
        cues.append([clean_caption_line(part) for part in segment["text"].split("\n")])
    return join_caption_lines(cues)


def looks_like_segments(data: object) -> bool:
    """True when parsed JSON is caption segments rather than a list of document records."""
    if isinstance(data, dict):
        return isinstance(data.get("segments"), list) or isinstance(data.get("events"), list)
    if isinstance(data, list) and data and isinstance(data[0], dict):
        keys = set(data[0])
        return "text" in keys and bool(keys & {"start", "duration", "offset", "end"})
    return False
