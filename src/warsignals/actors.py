"""Actors: the actor dictionary, the speaker-to-actor table, and attribution of a cue to its actor.

``data/actors/actors.yaml`` lists actor codes (RUS, UKR, USA, EU, NATO, CHN, TUR, UN, WEST) with names,
aliases in the lexicon pattern language (:mod:`warsignals.lexicon`) and the group each is aggregated into
(RUS, UKR, WEST, OTHER); ``data/actors/speakers.csv`` maps speakers (``Vladimir Putin``) to actor codes.

Attribution (:func:`attribute_cue`) gives a cue to the actor *voicing or undertaking* it, not to any actor
mentioned: the nearest preceding actor mention of the cue's clause that is not the object of a preposition
("Putin is ready for talks with Ukraine" -> RUS), else a reported-speech frame after the cue
("..., Peskov said" -> RUS), else a mention earlier in the sentence, else the speaker's actor, else the
last actor that was the subject of a previous sentence of the document. First-person pronouns
("we", "our", "us") resolve to the speaker's actor; third-person ones to the nearest preceding subject of
the sentence, else to the previous sentences' actor.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from warsignals import config
from warsignals.errors import InputError
from warsignals.fileio import INTEGER, TEXT, ListOf, MapOf, Value, file_key, parse_yaml, read_text, validate_yaml

DEFAULT_ACTORS: Path = config.ACTORS_DIR / "actors.yaml"
DEFAULT_SPEAKERS: Path = config.ACTORS_DIR / "speakers.csv"
# a preposition, then a determiner and at most one lower-case modifier ("talks with the incumbent Kiev authorities";
# not "For weeks Russian troops")
_PREPOSITION = re.compile(
    r"(?:\b(?:to|for|with|against|on|of|from|at|by|about|toward|towards|into|upon|between|among|over|"
    r"under|than|via|like|including|behind|onto|in|inside|within|across|throughout|through|near|around)\s+"
    r"(?:(?:the|a|an|our|their|its|his|her|your)\s+(?:(?!(?:that|which|who|when|where|and|or|but)\b)"
    r"(?-i:[a-z][a-z\-]*)\s+)?)?"
    # the object of an infinitive: "to intimidate Russian citizens", "to force Russia"
    r"|\bto\s+(?-i:[a-z]+)\s+(?:the\s+)?)$",
    re.IGNORECASE,
)
# ... except "of" after a head that the actor owns or is part of: "the Armed Forces of Ukraine", "the President
# of Russia", "a large group of the Ukrainian armed forces" name the actor as the subject
_OWNED_HEAD = re.compile(
    r"\b(?:forces|force|army|armies|troops|units|military|navy|government|governments|authorities|leadership|"
    r"leaders?|president|presidents|minister|ministers|ministry|prime|head|heads|chief|representatives?|"
    r"delegation|delegations|side|command|commanders?|group|groups|spokesman|spokeswoman|spokesperson|office|"
    r"parliament|regime|people|administration|envoys?|officials?|diplomats?|ambassador|secretary|part|parts|"
    r"most|many|some|all|majority|rest|bulk|remnants|soldiers|servicemen|fighters|aircraft|aviation)"
    r"\s+of\s+(?:the\s+|a\s+|an\s+)?(?:[a-z][a-z\-]*\s+)?$",
    re.IGNORECASE,
)
#: object pronouns name the one acted upon, never the actor ("we encourage *them* by granting a pause")
OBJECT_PRONOUNS = frozenset({"them", "us", "him", "me"})


@dataclass(frozen=True)
class ActorTable:
    """Actor codes with names, groups, alias patterns and pronoun lists."""

    names: dict[str, str]
    groups: dict[str, str]
    aliases: dict[str, tuple[str, ...]]
    first_person: tuple[str, ...]
    third_person: tuple[str, ...]
    source: str = ""
    adversary_words: tuple[str, ...] = ()
    adversaries: dict[str, str] = field(default_factory=dict)

    @property
    def codes(self) -> list[str]:
        """Actor codes in file order."""
        return list(self.names)

    def entries(self) -> list[tuple[str, str, float, str]]:
        """Patterns for :class:`warsignals.matcher.Matcher`: kinds ``actor`` (label = code) and ``pronoun``
        (label ``first`` or ``third``)."""
        out = [("actor", code, 0.0, p) for code, pats in self.aliases.items() for p in pats]
        out += [("pronoun", "first", 0.0, "|".join(self.first_person))] if self.first_person else []
        out += [("pronoun", "third", 0.0, "|".join(self.third_person))] if self.third_person else []
        out += [("pronoun", "adversary", 0.0, p) for p in self.adversary_words]
        return out

    def group(self, code: str | None) -> str:
        """The aggregation group of an actor code ("" for none, OTHER for unknown codes)."""
        if not code:
            return ""
        return self.groups.get(code, "OTHER")


_ALIASES = ListOf(TEXT, single=True)
#: The schema of ``data/actors/actors.yaml``: unknown keys and wrongly typed values are errors.
ACTORS_SCHEMA = MapOf(
    {
        "version": INTEGER,
        "actors": MapOf(rest=MapOf({"name": TEXT, "group": TEXT, "aliases": _ALIASES}, required=("aliases",))),
        "pronouns": MapOf({"first_person": _ALIASES, "third_person": _ALIASES, "adversary": _ALIASES}),
        "adversaries": MapOf(rest=TEXT),
        "gazetteer": Value((str,), "text", ("pycountry",)),
    },
    required=("actors",),
)


@lru_cache(maxsize=4)
def _load_actors_cached(path: str, mtime_ns: int, size: int) -> ActorTable:
    from warsignals.cache import cache_key, cached, package_version

    text = read_text(path)
    # the gazetteer's names come from pycountry and country_converter: their versions are part of the key
    key = cache_key("actors", text, package_version("pycountry"), package_version("country_converter"),
                    package_version("countryinfo"))
    return cached("actors", key, lambda: _parse_actors(text, path), _actors_data,
                  lambda data: _actors_from_data(data, path), f"actors {Path(path).name}")


def _actors_data(table: ActorTable) -> dict:
    """An actor table as JSON data for the cache (all but its source)."""
    data = asdict(table)
    data.pop("source")
    return data


def _actors_from_data(data: dict, source: str) -> ActorTable:
    """The actor table :func:`_actors_data` wrote."""
    return ActorTable(
        names={str(k): str(v) for k, v in data["names"].items()},
        groups={str(k): str(v) for k, v in data["groups"].items()},
        aliases={str(k): tuple(map(str, v)) for k, v in data["aliases"].items()},
        first_person=tuple(map(str, data["first_person"])),
        third_person=tuple(map(str, data["third_person"])),
        source=source,
        adversary_words=tuple(map(str, data["adversary_words"])),
        adversaries={str(k): str(v) for k, v in data["adversaries"].items()},
    )


def _parse_actors(text: str, path: str) -> ActorTable:
    data = parse_yaml(text, path)
    if not isinstance(data, dict) or not isinstance(data.get("actors"), dict):
        raise InputError(f"{path}: an actor file needs an 'actors' mapping")
    validate_yaml(data, ACTORS_SCHEMA, path, text)
    names, groups, aliases = {}, {}, {}
    for code, spec in data["actors"].items():
        if not isinstance(spec, dict) or not spec.get("aliases"):
            raise InputError(f"{path}, actor {code!r}: needs a mapping with 'aliases'")
        pats = spec["aliases"]
        if isinstance(pats, str):
            pats = [pats]
        if not all(isinstance(p, str) for p in pats):
            raise InputError(f"{path}, actor {code!r}: aliases must be strings")
        names[str(code)] = str(spec.get("name", code))
        groups[str(code)] = str(spec.get("group", code))
        aliases[str(code)] = tuple(pats)
    gazetteer = data.get("gazetteer")
    if gazetteer not in (None, "pycountry"):
        raise InputError(f"{path}: gazetteer must be 'pycountry' (every state not listed above) or absent, "
                         f"not {gazetteer!r}")
    if gazetteer:
        # a gazetteer alias an actor above already uses ("brussels" is the EU's here) stays that actor's
        used = {word for pats in aliases.values() for p in pats for word in ([p] if " " in p else p.split("|"))}
        for code, (name, pats) in state_gazetteer(exclude=set(names)).items():
            kept = tuple(p for p in pats if p not in used)
            if kept:
                names[code], groups[code], aliases[code] = name, "OTHER", kept
    pronouns = data.get("pronouns") or {}
    table = ActorTable(
        names=names,
        groups=groups,
        aliases=aliases,
        first_person=tuple(pronouns.get("first_person", ())),
        third_person=tuple(pronouns.get("third_person", ())),
        source=path,
        adversary_words=tuple(pronouns.get("adversary", ())),
        adversaries={str(k): str(v) for k, v in (data.get("adversaries") or {}).items()},
    )
    from warsignals.lexicon import validate_patterns

    validate_patterns(((kind, f"{kind} {code}", weight, pattern) for kind, code, weight, pattern in table.entries()),
                      str(path))
    return table


_SIMPLE_STEM = re.compile(r"^(?:\\b)?([a-z]{3,})(s\?)?(?:\\b)?$")  # "cameroon", "\\blaos?\\b", "\\bmali\\b"


@lru_cache(maxsize=1)
def _coco_stems() -> dict[str, str]:
    """ISO3 -> the word stem country_converter's table uses for a country, where it is a plain stem.

    country_converter matches country names with one regular expression per country; many are a bare stem
    ("cameroon", "indonesia", "afghan") that also matches the demonym ("Cameroonian", "Afghan"): it becomes a
    prefix pattern ("cameroon*"), while a whole-word regex ("\\bmali\\b") stays a word.
    """
    from importlib.resources import files

    table = pd.read_csv(files("country_converter") / "country_data.tsv", sep="\t", dtype=str,
                        keep_default_na=False, usecols=["ISO3", "regex"])
    stems = {}
    for iso3, regex in zip(table["ISO3"], table["regex"], strict=True):
        found = _SIMPLE_STEM.match(regex)
        if found:  # a stem is a prefix pattern; a whole word (ending in \b) stays a word ("\bmali\b")
            word = found.group(1)
            stems[iso3] = (f"{word}|{word}s" if found.group(2) else word) if regex.endswith("\\b") else word + "*"
    return stems


def _alias(name: str) -> str:
    """A name as a literal pattern of the lexicon language (each word a token; punctuation dropped)."""
    words = re.findall(r"[\w'’]+", name.lower())
    return " ".join(words)


@lru_cache(maxsize=4)
def _state_gazetteer(exclude: frozenset[str]) -> dict[str, tuple[str, tuple[str, ...]]]:
    import pycountry

    stems = _coco_stems()
    capitals, listed_demonyms = _capitals_and_demonyms()
    candidates: dict[str, tuple[str, set[str]]] = {}
    demonyms: dict[str, set[str]] = {}
    for country in pycountry.countries:
        code = country.alpha_3
        if code in exclude:
            continue
        short = re.sub(r",.*$|\s*\(.*\)$", "", country.name)  # "Bolivia, Plurinational State of" -> Bolivia
        names = {getattr(country, attr, None) for attr in ("name", "common_name", "official_name")} | {short}
        pats = {_alias(n) for n in names if n and "," not in n}
        if code in stems:
            pats.add(stems[code])  # a stem ("cameroon*") also matches the demonym
        pats.discard("")
        pats |= capitals.get(code, set())
        candidates[code] = (getattr(country, "common_name", None) or short, pats)
        demonyms[code] = _demonyms(getattr(country, "common_name", None) or short) | listed_demonyms.get(code, set())
    # a name two states share ("Korea" for both Koreas, "Congo") names neither
    counts: dict[str, int] = {}
    for _, pats in candidates.values():
        for pat in pats:
            counts[pat] = counts.get(pat, 0) + 1
    # regular demonyms ("Hungarian", "Omani") where they collide with no name (Niger + "ian" is Nigeria's)
    taken = {p.rstrip("*") for _, pats in candidates.values() for p in pats}
    stems_taken = [p[:-1] for _, pats in candidates.values() for p in pats if p.endswith("*")]
    generated: dict[str, int] = {}
    for words in demonyms.values():
        for w in words:
            generated[w] = generated.get(w, 0) + 1
    out = {}
    for code, (name, pats) in candidates.items():
        keep = {p for p in pats if counts[p] == 1}
        keep |= {w for w in demonyms.get(code, ()) if generated[w] == 1 and w not in taken
                 and not any(w.startswith(stem) for stem in stems_taken)}
        if keep:
            out[code] = (name, tuple(sorted(keep)))
    return out


#: capitals that are also common English words or names of other places ("Victoria", "Kingston", "Male")
_AMBIGUOUS_CAPITALS = frozenset({"victoria", "male", "malé", "kingston", "georgetown", "saint john's", "hamilton",
                                 "stanley", "plymouth", "the valley", "jamestown", "city of san marino"})


@lru_cache(maxsize=1)
def _capitals_and_demonyms() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """ISO3 -> capital patterns (UN member states, from countryinfo) and ISO3 -> demonym patterns (countryinfo:
    "Dutch", "Swiss", "South African", with plurals of the ``-an``/``-i`` ones)."""
    import unicodedata

    import countryinfo

    members = set(pd.read_csv(_coco_table_path(), sep="\t", dtype=str, keep_default_na=False,
                              usecols=["ISO3", "UNmember"]).query("UNmember != ''")["ISO3"])
    capitals: dict[str, set[str]] = {}
    demonyms: dict[str, set[str]] = {}
    for country in countryinfo.all_countries():
        try:
            code, capital, demonym = country.iso(3), country.capital(), country.demonym()
        except Exception:  # an entry without ISO codes (countryinfo lists some territories so)
            continue
        if not isinstance(code, str):
            continue
        for value in (capital if isinstance(capital, list) else [capital]):
            if code in members and isinstance(value, str) and value.lower() not in _AMBIGUOUS_CAPITALS:
                folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
                capitals.setdefault(code, set()).update({_alias(value), _alias(folded)} - {""})
        if isinstance(demonym, str) and demonym.strip():
            pat = _alias(demonym)
            forms = {pat} | ({pat + "s"} if re.search(r"(?:an|i)$", pat) else set())
            demonyms.setdefault(code, set()).update(forms - {""})
    return capitals, demonyms


def _coco_table_path():
    from importlib.resources import files

    return files("country_converter") / "country_data.tsv"


def _demonyms(name: str) -> set[str]:
    """Regular English demonyms of a one-word country name: Hungary -> hungarian, Oman -> omani, Mali -> malian."""
    word = name.lower()
    if not re.fullmatch(r"[a-z]{4,}", word):
        return set()
    if word.endswith("y"):
        forms = {word[:-1] + "ian"}
    elif word.endswith("a"):
        forms = {word + "n"}
    elif word.endswith(("i", "o")):
        forms = {word + "an"}
    else:
        forms = {word + "ian", word + "i", word + "ese"}
    return forms | {f + "s" for f in forms if not f.endswith("ese")}


def state_gazetteer(exclude: set[str] | None = None) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Every ISO 3166 state as ``{alpha-3: (name, alias patterns)}``, from pycountry and country_converter.

    Aliases are the state's short, common and official names (pycountry) and, where country_converter's table
    matches a country by a plain word stem, that stem as a prefix pattern, which also catches the demonym
    ("cameroon*": Cameroonian), the capitals of UN member states and the demonyms countryinfo lists ("Budapest",
    "Dutch", "South African"), except capitals that are common words or other places' names ("Victoria"). A name
    or demonym two states share names neither.

    Parameters
    ----------
    exclude : set of str, optional
        Codes to leave out (those the actor file defines itself).

    Examples
    --------
    >>> state_gazetteer()["LAO"][1]  # doctest: +SKIP
    ('lao', "lao people's democratic republic", 'laos')
    """
    return _state_gazetteer(frozenset(exclude or ()))


def load_actors(path: str | Path | None = None) -> ActorTable:
    """Load the actor dictionary (default ``data/actors/actors.yaml``), cached while unchanged.

    Raises
    ------
    InputError
        When the file is missing or malformed.
    """
    return _load_actors_cached(*file_key(path or DEFAULT_ACTORS, "actor file"))


def _normalise_name(name: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", str(name).lower())).strip()


@lru_cache(maxsize=4)
def _load_speakers_cached(path: str, mtime_ns: int, size: int) -> pd.DataFrame:
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the speaker table: {exc}") from None
    missing = {"speaker", "actor"} - set(table.columns)
    if missing:
        raise InputError(f"{path}: speaker table lacks column(s) {sorted(missing)}")
    for number, (speaker, actor) in enumerate(zip(table["speaker"], table["actor"], strict=True), start=2):
        if not speaker.strip() or not actor.strip():
            raise InputError(f"{path}, line {number}: empty speaker or actor")
    return table


def load_speakers(path: str | Path | None = None) -> pd.DataFrame:
    """Load the speaker-to-actor table (``speaker, actor, role``; default ``data/actors/speakers.csv``).

    Raises
    ------
    InputError
        When the file is missing or a line lacks a speaker or an actor (names the line).
    """
    return _load_speakers_cached(*file_key(path or DEFAULT_SPEAKERS, "speaker table")).copy()


class SpeakerResolver:
    """Resolve speaker strings ("Vladimir Putin", "President of Russia Vladimir Putin") to actor codes.

    Parameters
    ----------
    speakers : DataFrame, optional
        The speaker table (default :func:`load_speakers`).
    """

    def __init__(self, speakers: pd.DataFrame | None = None):
        table = load_speakers() if speakers is None else speakers
        self.exact = {_normalise_name(s): a for s, a in zip(table["speaker"], table["actor"], strict=True)}
        self._cache: dict[str, str] = {}

    def __call__(self, speaker) -> str:
        """The actor code of ``speaker`` or "" when unknown."""
        if not isinstance(speaker, str) or not speaker.strip():
            return ""
        if speaker in self._cache:
            return self._cache[speaker]
        norm = _normalise_name(speaker)
        actor = self.exact.get(norm, "")
        if not actor:
            padded = f" {norm} "
            hits = [(len(name), code) for name, code in self.exact.items() if f" {name} " in padded]
            if hits:
                actor = max(hits)[1]
        self._cache[speaker] = actor
        return actor


#: A speaker-turn label at the start of a transcript sentence ("President of Russia Vladimir Putin: ...").
TURN_LABEL = re.compile(r"^\s*([A-Z][\w.'’-]*(?:\s+(?:of|the|and|de|von|der|[A-Z][\w.'’-]*)){0,7}):\s")


def speaker_actors(
    sentences: pd.DataFrame,
    texts: list[str],
    resolver: SpeakerResolver | None = None,
    speaker_column: str = "speaker",
    doc_column: str = "doc_id",
    speaker_actor_column: str = "speaker_actor",
    actors: ActorTable | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The actor code of whoever speaks each sentence, and each sentence's document number.

    A document-level actor column (``speaker_actor``, or ``country_iso3`` as country-coded corpora carry it)
    wins over the speaker table; then the speaker through :class:`SpeakerResolver`, then the source
    ("whitehouse.gov") through the same table. Inside a transcript, a turn label ("President of Russia
    Vladimir Putin: ...", "Question: ...") sets the speaker until the next label (a label without a known actor
    clears it); a label the speaker table does not know is resolved by the first actor it names, given
    ``actors`` ("President of the Republic of Indonesia Prabowo Subianto" -> IDN).

    Parameters
    ----------
    sentences : DataFrame
        Sentences in document order.
    texts : list of str
        Their texts.
    resolver : SpeakerResolver, optional
        Speaker-to-actor resolver (default: the speaker table).
    speaker_column, doc_column, speaker_actor_column : str
        Column names.
    actors : ActorTable, optional
        The actor dictionary, to resolve turn labels the speaker table does not know.

    Returns
    -------
    speaker_actor : ndarray of object
        Actor code per sentence ("" when unknown).
    doc_codes : ndarray of int
        Document number per sentence.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"doc_id": ["a", "a"], "speaker": ["Vladimir Putin", "Vladimir Putin"]})
    >>> speaker_actors(frame, ["We are ready.", "Question: And Kyiv?"])[0].tolist()
    ['RUS', '']
    """
    resolver = resolver or SpeakerResolver()
    n = len(texts)
    doc_codes = (pd.factorize(sentences[doc_column])[0] if doc_column in sentences.columns
                 else np.zeros(n, dtype=np.int64))
    if speaker_column in sentences.columns:
        speaker_values = sentences[speaker_column]
        codes, uniques = pd.factorize(speaker_values)  # missing speakers get code -1, hence actor ""
        resolved = np.array([resolver(s) if isinstance(s, str) else "" for s in uniques] + [""], dtype=object)
        doc_actor = resolved[codes]
    else:
        doc_actor = np.full(n, "", dtype=object)
    direct_columns = [c for c in (speaker_actor_column, "country_iso3") if c in sentences.columns]
    if direct_columns:
        direct = sentences[direct_columns[0]].fillna("").astype(str).str.strip().str.upper().to_numpy(dtype=object)
        doc_actor = np.where(direct != "", direct, doc_actor)
    if "source" in sentences.columns and (doc_actor == "").any():
        codes, uniques = pd.factorize(sentences["source"])
        by_source = np.array([resolver(s) if isinstance(s, str) else "" for s in uniques] + [""], dtype=object)
        doc_actor = np.where(doc_actor == "", by_source[codes], doc_actor)
    labels = [None] * n
    for i in [i for i, t in enumerate(texts) if t.find(":", 0, 90) != -1]:  # a turn label ends in ":" early
        found = TURN_LABEL.match(texts[i])
        labels[i] = found.group(1) if found else None
    turn_labels = pd.Series(labels, dtype=object)
    if turn_labels.notna().any():
        turn_actor = turn_labels.map(_label_actors(sorted(set(turn_labels.dropna())), resolver, actors))
        # a turn label without a known actor ("Question:") clears the speaker until the next label
        turn_actor = turn_actor.where(turn_labels.isna(), turn_actor.fillna(""))
        turn_actor = turn_actor.groupby(doc_codes).ffill()
        speaker_actor = np.where(turn_actor.isna(), doc_actor, turn_actor.fillna("").to_numpy(dtype=object))
    else:
        speaker_actor = doc_actor
    return np.asarray(speaker_actor, dtype=object), np.asarray(doc_codes)


def _label_actors(labels: list[str], resolver: SpeakerResolver, actors: ActorTable | None) -> dict[str, str]:
    """Turn labels to actor codes: the speaker table's, else the first actor the label names."""
    out = {label: resolver(label) for label in labels}
    unknown = [label for label in labels if not out[label]]
    if unknown and actors is not None:
        from warsignals.matcher import get_matcher

        entries = [e for e in actors.entries() if e[0] == "actor"]
        found = get_matcher(entries).find(unknown)
        for row, code in zip(found["row"].tolist(), found["label"].tolist(), strict=True):
            out[unknown[row]] = out[unknown[row]] or code  # hits come in text order
    return out


_MODIFIER_GAP = re.compile(r"^(?:['’]s)?[\s\-]*(?:[\w\-]+\s+)?$")
_NOT_MODIFIER = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|can|could|on|at|against|to|in|and|with|"
                           r"\w+ing|\w+ed)\b", re.IGNORECASE)
_AGENT_TAIL = re.compile(r"\b(by|of)\s+(?:the\s+)?(?:[\w'’\-]+\s+)?$", re.IGNORECASE)
# the agent right after the deed, nothing else between: "shelling by Russian troops", "attacks of the occupiers"
_AGENT_GAP = re.compile(r"^[\s,]*(?:(?:\w+ed|\w+en|made|carried\s+out|launched)\s+)?(?:(by|of)\s+)?(?:the\s+)?"
                        r"(?:[\w'’\-]+\s+)?$", re.IGNORECASE)
# "of" names the agent only when the mention is the head ("attacks of the occupiers", "strikes of the Russian
# army"), not a modifier of another noun ("the destruction of Ukrainian nationhood": its target)
_OF_HEAD = re.compile(r"^(?:\s*(?:[,.;:)\"”’]|$)|\s+(?:armed\s+)?(?:army|armies|troops|forces|military|side|"
                      r"aviation|artillery|units|soldiers|regime|government|authorities|leadership|command)\b|"
                      r"\s+(?:and|or|in|on|at|who|which|that|is|are|was|were|have|has|had|against|to|from)\b)",
                      re.IGNORECASE)
# speech verbs whose object clause is the speaker's own demand or proposal ("we insist that Ukraine recognise")
_DIRECTIVE = re.compile(r"insist|demand|urg|warn|threat|propos|suggest|call", re.IGNORECASE)
# the mention right after "told", "warned", "assured": the addressee, not the reported clause's subject
_ADDRESSEE = re.compile(r"(?:tell|told|warn|inform|assur|remind|promis|ask)\w*\s+(?:the\s+)?$", re.IGNORECASE)
# a possessive holder right before a cue: "Ukraine's readiness for a ceasefire", "our proposal of talks"
_POSSESSIVE_GAP = re.compile(
    r"^['’]s\s+(?:[\w\-]+\s+)?(?:(?:readiness|willingness|proposals?|offers?|calls?|plans?|initiatives?|demands?|"
    r"refusal|threats?|decision|attempts?|consent)\s+(?:for|of|to|on)\s+(?:a\s+|an\s+|the\s+)?)?$")
_POSSESSIVE_WORDS = frozenset({"our"})
# a passive or "under" between a subject and a deed makes the subject its target: "Kyiv is under missile strikes",
# "Kharkiv is being destroyed by air strikes", "our positions were shelled"
_PASSIVE = re.compile(r"\b(?:is|are|was|were|been|being|be|get|gets|got)\s+(?:\w+ly\s+)?(?:being\s+)?"
                      r"(?:under\b|\w+ed\b|hit\b|struck\b|shot\b|overrun\b)", re.IGNORECASE)


# "of" after a place names the place struck, not the striker: "strikes at the territory of Ukraine"
_PLACE_OF = re.compile(r"\b(?:territory|territories|region|regions|city|cities|town|towns|village|villages|positions|"
                       r"capital|land|lands|soil|border|borders|infrastructure|airspace|east|west|south|north)\s+of\s+"
                       r"(?:the\s+)?$", re.IGNORECASE)
_MUST = re.compile(r"\b(?:must|should|ought\s+to)\b", re.IGNORECASE)
_VICTIM = re.compile(r"\b(?:is|are|was|were|been|being|came|come|comes|remains?)\s+(?:\w+ly\s+)?(?:being\s+)?"
                     r"(?:under\b|shelled|attacked|bombed|bombarded|hit|struck|targeted|fired\s+(?:at|on|upon))",
                     re.IGNORECASE)


def _agent(text: str, cue_start: int, cue_end: int, mentions: list[tuple[int, int, str, bool]]
           ) -> tuple[int, str] | None:
    """The mention naming a deed's agent just after it or modifying it from just before it, and how
    (``by``, ``of`` or ``modifier``)."""
    for i, m in enumerate(mentions):
        if m[0] <= cue_start or m[0] - cue_end > 40:
            continue
        # the agent after the deed ("shelling by Russian troops", "bombs dropped by the invaders"), or inside a
        # cue that spans it or ends in its preposition ("shelling of" the occupiers)
        found = _AGENT_TAIL.search(text[cue_start:m[0]])
        if not found or (m[0] >= cue_end and not _AGENT_GAP.match(text[cue_end:m[0]])):
            continue
        how = found.group(1).lower()
        if how == "of" and (not _OF_HEAD.match(text[m[1]:m[1] + 30]) or _PLACE_OF.search(text, 0, m[0])):
            how = "of-target"  # "the shelling of Ukraine's energy system": its target, unless nothing else is said
        return i, how
    for i in range(len(mentions) - 1, -1, -1):
        m_end = mentions[i][1]
        if m_end <= cue_start:
            # "Russian missile strike", "Russia's attack": an adjective or possessive right before the deed
            gap = text[m_end:cue_start]
            if _MODIFIER_GAP.match(gap) and not _NOT_MODIFIER.search(gap):
                return i, "modifier"
            break
    return None


def _possessor(text: str, cue_start: int, mentions: list[tuple[int, int, str, bool]]) -> int | None:
    """The mention holding a cue as a possessive right before it ("Ukraine's readiness", "our proposal")."""
    for i in range(len(mentions) - 1, -1, -1):
        m_start, m_end = mentions[i][0], mentions[i][1]
        if m_end > cue_start:
            continue
        word = text[m_start:m_end].lower()
        gap = text[m_end:cue_start]
        if word.endswith(("'s", "’s")) or word in _POSSESSIVE_WORDS:
            gap = "'s" + gap
        found = _POSSESSIVE_GAP.match(gap)
        return i if found and not _NOT_MODIFIER.search(gap[2:]) else None
    return None


def is_prepositional(text: str, start: int, end: int | None = None) -> bool:
    """Whether the word at ``start`` of ``text`` is not subject-like: the object of a preposition ("talks
    *with Ukraine*", "in *the West*") or, given its ``end``, an object pronoun ("encourage *them*").

    "of" after a head the actor owns ("the Armed Forces *of Ukraine*", "the President *of Russia*") does not
    count: the phrase names the actor.

    Examples
    --------
    >>> is_prepositional("Putin is ready for talks with Ukraine", 31)
    True
    >>> is_prepositional("The Armed Forces of Ukraine shelled the bank", 19)
    False
    """
    if end is not None and text[start:end] in OBJECT_PRONOUNS:  # "US" is the country
        return True
    if start <= 0 or not text[start - 1].isspace():  # the preposition pattern ends in whitespace
        return False
    before = text[max(0, start - 40) : start]
    return bool(_PREPOSITION.search(before)) and not _OWNED_HEAD.search(before)


def attribute_cue(
    cue_start: int,
    cue_end: int,
    mentions: list[tuple[int, int, str, bool]],
    clause: tuple[int, int],
    speech: list[tuple[int, int]],
    speaker_actor: str = "",
    previous_actor: str = "",
    adversary: str = "",
    text: str = "",
    deed: bool = True,
    named: bool = False,
) -> str | tuple[str, bool]:
    """Attribute one cue to the actor voicing or undertaking it.

    Parameters
    ----------
    cue_start, cue_end : int
        The cue's offsets in its sentence.
    mentions : list of (start, end, code, prepositional)
        Actor mentions of the sentence in order; ``code`` is an actor code, ``"@first"`` or ``"@third"``
        for pronouns.
    clause : (int, int)
        Offsets of the cue's clause.
    speech : list of (start, end)
        Reported-speech verbs of the sentence ("said", "told").
    speaker_actor : str
        Actor of the speaker (document metadata or speaker turn); "" when unknown.
    previous_actor : str
        Actor that was last the subject in the previous sentences of the document; "" when none.
    adversary : str
        The speaker's adversary (``adversaries`` in the actor file: RUS for a Ukrainian speaker and the
        reverse): what "the enemy" means, and whom "they" means when nothing in the document names them.
    text : str
        The sentence; when given, a possessive holder of the cue ("*Ukraine's* readiness for a ceasefire") is
        its actor, and for a deed (``deed=True``) an actor that modifies it ("a *Russian* missile strike") or
        is its agent ("shelling *by Russian troops*", "attacks *of the occupiers*"); the subject of a passive
        deed is its target ("*Kyiv* is under missile strikes": the speaker's adversary when Kyiv speaks).
    deed : bool
        Whether the cue is a deed with an agent (strikes, offensives, mobilisation).
    named : bool
        Also return whether the sentence itself names the actor as the cue's agent, holder, subject or
        source (rather than the speaker or the previous sentences by default).

    Returns
    -------
    str, or (str, bool) with ``named=True``
        The actor code, or "" when nothing points to one.

    Examples
    --------
    >>> text = "Ukraine's readiness for a ceasefire"
    >>> attribute_cue(26, 35, [(0, 9, "UKR", False)], (0, len(text)), [], speaker_actor="RUS", text=text,
    ...               deed=False)
    'UKR'
    """
    found = _attribute(cue_start, cue_end, mentions, clause, speech, speaker_actor, previous_actor, adversary,
                       text, deed)
    return found if named else found[0]


def _attribute(cue_start, cue_end, mentions, clause, speech, speaker_actor, previous_actor, adversary, text,
               deed) -> tuple[str, bool]:
    def resolve(index: int) -> str:
        code = mentions[index][2]
        if code == "@first":
            return speaker_actor
        if code == "@adversary":
            return adversary
        if code == "@third":
            for j in range(index - 1, -1, -1):
                if not mentions[j][2].startswith("@") and not mentions[j][3]:
                    return mentions[j][2]
            # "they" is never the speaker: the last other actor of the document, else the adversary
            if previous_actor and previous_actor != speaker_actor:
                return previous_actor
            return adversary or previous_actor
        return code

    before = [i for i, m in enumerate(mentions) if m[1] <= cue_start]
    target: set[int] = set()  # subjects of a passive deed: its target, not its agent
    if text:
        if deed:
            # 0a. the agent of a deed: "a Russian missile strike", "shelling by Russian troops", "attacks of the
            # occupiers"; "of" the speaker's own side is the target ("the shelling of Ukraine", said in Kyiv)
            agent = _agent(text, cue_start, cue_end, mentions)
            if agent is not None:
                actor = resolve(agent[0])
                after = mentions[agent[0]][0] >= cue_end  # not "rearming the regiments of our forces"
                if actor and agent[1].startswith("of") and after and actor == speaker_actor and adversary:
                    return adversary, True  # "the shelling of Ukraine", said in Kyiv: Russia's shelling
                if actor and agent[1] != "of-target":
                    return actor, True
            # "Kyiv is under missile strikes", "our positions were shelled": the target; said by its own side,
            # the deed is the adversary's
            for i in reversed(before):
                m = mentions[i]
                if m[0] < clause[0] or m[3]:
                    continue
                if cue_start - m[1] <= 60 and _PASSIVE.search(text, m[1], cue_end):
                    target.add(i)
                    if resolve(i) == speaker_actor and adversary:
                        return adversary, True
                break
            # an agentless passive deed with no actor named before it ("Kharkiv was shelled", "our city came under
            # fire"): told by one side of the war, the deed is its adversary's
            if adversary and _VICTIM.search(text, clause[0], cue_end) and not any(
                    mentions[i][0] >= clause[0] and not mentions[i][3] for i in before):
                # ... unless the struck place is the adversary's ("targets within Ukraine were struck", in Moscow)
                places = {resolve(i) for i, m in enumerate(mentions) if clause[0] <= m[0] < cue_end}
                return (speaker_actor if adversary in places else adversary), True
        # 0b. the possessive holder of the cue: "Ukraine's readiness for a ceasefire", "our proposal"
        holder = _possessor(text, cue_start, mentions)
        if holder is not None and holder not in target:
            actor = resolve(holder)
            if actor:
                return actor, True
    # 0. reported speech before the cue: "Moscow said (that) ...", "X told Y that ..." -> X voices the cue,
    # unless the reported clause names its own actor ("Moscow said Kyiv is not ready": Kyiv's refusal)
    frames = [sv for sv in speech if clause[0] <= sv[0] and sv[1] <= cue_start]
    # "Kyiv must withdraw its troops", "Russia should sit down at the table": a demand or a call voiced by the
    # source of the reported speech, else by the speaker, whoever the grammatical subject is
    if text and _MUST.search(text, clause[0], cue_end) and (frames or speaker_actor):
        if not frames:
            return speaker_actor, True
        for i in reversed(before):
            m = mentions[i]
            if m[1] <= frames[-1][0] and m[0] >= clause[0] and not m[3] and frames[-1][0] - m[1] <= 40:
                actor = resolve(i)
                if actor:
                    return actor, True
    own_subject = bool(frames) and any(
        frames[-1][1] <= m[0] and m[1] <= cue_start and not m[3] and not m[2].startswith("@")
        and not (text and _ADDRESSEE.match(text[frames[-1][0]:m[0]]))  # "Washington told *the Kremlin* that"
        for m in mentions)
    if own_subject and text and _DIRECTIVE.match(text, frames[-1][0]):
        own_subject = False  # "we insist that Ukraine recognise ...": the demand is ours
    if frames and not own_subject:
        verb_start = frames[-1][0]
        for i in reversed(before):
            m = mentions[i]
            if m[1] <= verb_start and m[0] >= clause[0] and not m[3] and verb_start - m[1] <= 40:
                actor = resolve(i)
                if actor:
                    return actor, True
    # 1. nearest preceding subject-like mention of the clause; a coordinated subject of two different
    # actors ("Russians and Ukrainians are ...") names no single one, so the speaker decides (none if unknown)
    if len(before) >= 2:
        last, prior = mentions[before[-1]], mentions[before[-2]]
        joined = (bool(text) and re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s+(?:the\s+)?", text[prior[1]:last[0]])) \
            and not last[3]
        if prior[2] != last[2] and 0 < last[0] - prior[1] <= 6 and prior[0] >= clause[0] and joined:
            return speaker_actor, False  # with no speaker, no single actor can be told ("Kyiv and Moscow swapped")
    for i in reversed(before):
        if mentions[i][0] >= clause[0] and not mentions[i][3] and i not in target:
            actor = resolve(i)
            if actor:
                return actor, True
    # 2. reported speech after the cue: "..., Peskov said" / "said Peskov"
    for s_start, s_end in speech:
        if s_start < cue_end:
            continue
        for m in mentions:
            near = (0 <= s_start - m[1] <= 12) or (0 <= m[0] - s_end <= 12)
            if m[0] >= cue_end and near and not m[2].startswith("@"):
                return m[2], True
    # 3. an earlier subject-like mention of the sentence
    for i in reversed(before):
        if not mentions[i][3] and i not in target:
            actor = resolve(i)
            if actor:
                return actor, False
    # 4. the speaker, 5. the previous sentences' actor
    if speaker_actor:
        return speaker_actor, False
    if previous_actor:
        return previous_actor, False
    # 6. any mention at all (object of a preposition, or after the cue)
    for m in mentions:
        if not m[2].startswith("@"):
            return m[2], False
    return "", False
