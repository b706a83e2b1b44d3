"""Small corpus files for the ingestion tests: YouTube-style rolling captions with their known clean text."""

from __future__ import annotations

import json
from pathlib import Path

#: What every caption fixture below should read as, once rolling repeats and markup are removed.
CLEAN_CAPTION_TEXT = (
    "putin wants negotiations about a ceasefire that story is now being reported in western media "
    "& it's not the first time"
)

#: yt-dlp download of YouTube automatic captions: each cue repeats the previous line, a 10 ms cue freezes
#: the finished line, word timings sit in <c> tags, and cue settings follow the timing.
ROLLING_VTT = """WEBVTT
Kind: captions
Language: en

00:00:00.080 --> 00:00:02.310 align:start position:0%
\x20
putin<00:00:00.480><c> wants</c><00:00:00.880><c> negotiations</c>\
<00:00:01.360><c> about</c><00:00:01.520><c> a</c>

00:00:02.310 --> 00:00:02.320 align:start position:0%
putin wants negotiations about a
\x20

00:00:02.320 --> 00:00:04.789 align:start position:0%
putin wants negotiations about a
ceasefire<00:00:02.960><c> that</c><00:00:03.199><c> story</c><00:00:03.439><c> is</c><00:00:03.600><c> now</c>

00:00:04.789 --> 00:00:04.799 align:start position:0%
ceasefire that story is now
\x20

00:00:04.799 --> 00:00:07.349 align:start position:0%
ceasefire that story is now
being<00:00:05.200><c> reported</c><00:00:05.680><c> in</c><00:00:05.839><c> western</c><00:00:06.240><c> media</c>

NOTE the next cue carries a sound label and an entity

00:00:07.349 --> 00:00:07.359 align:start position:0%
being reported in western media
\x20

00:00:07.359 --> 00:00:09.000 align:start position:0%
being reported in western media
[Music] &amp;<00:00:07.600><c> it's</c><00:00:07.800><c> not</c>\
<00:00:08.000><c> the</c><00:00:08.200><c> first</c><00:00:08.400><c> time</c>
"""

#: The same speech as SubRip, as converted from rolling auto-captions (repeats, <i> tags, CRLF line ends).
ROLLING_SRT = (
    "1\r\n00:00:00,080 --> 00:00:02,310\r\nputin wants negotiations about a\r\n\r\n"
    "2\r\n00:00:02,310 --> 00:00:02,320\r\nputin wants negotiations about a\r\n\r\n"
    "3\r\n00:00:02,320 --> 00:00:04,789\r\nputin wants negotiations about a\r\n"
    "<i>ceasefire that story is now</i>\r\n\r\n"
    "4\r\n00:00:04,789 --> 00:00:07,349\r\nceasefire that story is now\r\nbeing reported in western\r\n\r\n"
    "5\r\n00:00:07,349 --> 00:00:07,359\r\nbeing reported in western media\r\n\r\n"
    "6\r\n00:00:07,359 --> 00:00:09,000\r\nbeing reported in western media\r\n& it's not the first time\r\n"
)

#: youtube-transcript-api segments of the same speech.
SEGMENTS = [
    {"text": "putin wants negotiations about a", "start": 0.08, "duration": 2.2},
    {"text": "ceasefire that story is now\nbeing reported in western media", "start": 2.3, "duration": 5.0},
    {"text": "[Music]", "start": 7.3, "duration": 0.5},
    {"text": "&amp; it's not the first time", "start": 7.8, "duration": 1.2},
]

LONG_TEXT = (
    "Negotiators met again on Tuesday to discuss a possible ceasefire along the front line, while "
    "officials on both sides warned that military pressure would continue until terms were agreed. "
    "Observers said that the talks were the first in several months and that expectations were low."
)


def write(path: Path, content: str | bytes) -> Path:
    """Write text (UTF-8, no newline translation) or bytes to ``path``, creating folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def write_jsonl(path: Path, rows: list[dict | str]) -> Path:
    """Write JSON lines; a ``str`` row is written verbatim (to plant malformed lines)."""
    lines = [row if isinstance(row, str) else json.dumps(row) for row in rows]
    return write(path, "\n".join(lines) + "\n")


def article(number: int, words: int = 120) -> str:
    """A distinct, deterministic pseudo-article of ``words`` words (no two numbers share 5-grams)."""
    vocabulary = [
        "talks", "front", "ceasefire", "shelling", "aid", "minister", "drone", "summit", "border", "troops",
        "sanctions", "grain", "energy", "missile", "envoy", "treaty", "corridor", "offensive", "reserve", "port",
    ]
    state = number * 7919 + 17
    out = []
    for _ in range(words):
        state = (state * 1103515245 + 12345) % (2**31)
        out.append(vocabulary[state % len(vocabulary)] + str((state >> 8) % 50))
    return " ".join(out) + "."
