"""PETRARCH/Phoenix dictionaries, read as dotterel knowledge.

An actor dictionary (``.actors.txt``) holds records: a root phrase (words joined by
underscores), synonyms on ``+`` lines, and ``[CODE dates]`` codes on the root line or on
indented lines. A code like ``USAGOV`` is a country and a sector; its dates bound an
office-holder's term (``>YYMMDD`` from, ``<YYMMDD`` until, ``YYMMDD-YYMMDD`` between, the limits
included), and a code without dates is the record's default, used outside every dated term.
An agents dictionary (``agents.txt``) maps nouns to agent codes: ``MINISTER [~GOV]``, with
``!PERSON! = MAN, WOMAN, ...`` substitution sets and irregular plurals in ``{...}``.

A user can pass an actor dictionary in ``Settings.extra_files`` (``parse_petrarch``);
``knowledge/packs.py`` converts whole Phoenix folders into knowledge files.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, replace
from pathlib import Path

from dotterel.knowledge.base import Entity
from dotterel.knowledge.codes import CAMEO_SECTORS, SPECIAL_COUNTRIES
from dotterel.knowledge.files import KnowledgeError, read_lines

_PETRARCH_CODE = re.compile(r"\[([^\]]*)\]")
# An agent line: PHRASE {PLURALS} [CODE]; the files close a few codes with "}" by mistake.
_AGENT_LINE = re.compile(r"^(?P<phrase>[^\[{]*?)\s*(?:\{(?P<plurals>[^}]*)\})?\s*"
                         r"\[(?P<code>[^\]}]*)[\]}]")
_SUBSTITUTION = re.compile(r"^(![A-Z]+!)\s*=\s*(.+)$")
_MARKER = re.compile(r"![A-Z]+!")


@dataclass(frozen=True)
class Skipped:
    """A part of a dictionary left out on reading: its line, its text, a fixed reason."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class ActorRecord:
    """One record of an actor dictionary: its phrases (root first) and its readable codes."""

    line: int
    # As in the file: upper case, underscores read as spaces.
    phrases: tuple[str, ...]
    # Template entities: country, sector and dates; name and kind still empty.
    codes: tuple[Entity, ...]


@dataclass(frozen=True)
class AgentRecord:
    """One agent noun: a lower-case phrase, its CAMEO code, and its PLOVER sector or None."""

    line: int
    term: str
    code: str
    sector: str | None
    plurals: tuple[str, ...] = ()


def _petrarch_date(text: str) -> str | None:
    """A TABARI date (YYMMDD or YYYYMMDD) as ISO, or None when unreadable."""
    if not text.isdigit() or len(text) not in (6, 8):
        return None
    if len(text) == 6:
        # TABARI's two-digit years: 00-30 are this century (its files end around 2014).
        year = int(text[:2])
        text = str(2000 + year if year <= 30 else 1900 + year) + text[2:]
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8])).isoformat()
    except ValueError:
        return None


def cameo_sector(code: str) -> str | None:
    """The PLOVER sector of a string of CAMEO role codes: the first of them PLOVER has."""
    chunks = [code[i : i + 3] for i in range(0, len(code) - len(code) % 3, 3)]
    return next((CAMEO_SECTORS[c] for c in chunks if c in CAMEO_SECTORS), None)


def _dates(parts: list[str]) -> tuple[str | None, str | None] | str:
    """The (start, end) of a code's date restriction, or why it cannot be read."""
    if not parts:
        return None, None
    if len(parts) == 2 and parts[0] in "<>":
        date = _petrarch_date(parts[1])
        if date is None:
            return "unreadable date"
        return (date, None) if parts[0] == ">" else (None, date)
    if len(parts) == 1 and "-" in parts[0]:
        first, _, last = parts[0].partition("-")
        start, end = _petrarch_date(first), _petrarch_date(last)
        if start is None or end is None:
            return "unreadable date"
        return start, end
    return "unreadable date restriction (not >DATE, <DATE or DATE-DATE)"


def _petrarch_code(raw: str, fallback_country: str | None) -> Entity | str:
    """One ``[CODE dates]`` as a template entity (name and kind filled later), or why not."""
    parts = raw.replace(">", " > ").replace("<", " < ").split()
    if not parts or set(parts[0]) <= {"-"}:
        return "null code"
    if not parts[0].isalpha() or len(parts[0]) < 3:
        return "not a CAMEO code"
    code = parts[0].upper()
    if code[:3] in CAMEO_SECTORS:
        country, roles = fallback_country, code
        if country is None:
            return "a sector code without a country"
    else:
        country, roles = code[:3], code[3:]
        if country == "IGO" and roles[:3] in SPECIAL_COUNTRIES:
            # dotterel codes the UN itself as UNO (and the EU as EUR), not as IGO.
            country, roles = roles[:3], roles[3:]
    dates = _dates(parts[1:])
    if isinstance(dates, str):
        return dates
    return Entity("", country, cameo_sector(roles), "", dates[0], dates[1])


def _phrase(text: str) -> str:
    """A dictionary phrase as words: underscores are spaces, runs of spaces one."""
    return " ".join(text.replace("_", " ").split())


def read_actors(path: Path) -> tuple[list[ActorRecord], list[Skipped]]:
    """The records of a PETRARCH actor dictionary, and what was skipped (with lines)."""
    records: list[ActorRecord] = []
    skipped: list[Skipped] = []
    start = 0
    phrases: list[str] = []
    codes: list[Entity] = []

    def flush() -> None:
        if phrases and codes:
            records.append(ActorRecord(start, tuple(dict.fromkeys(phrases)), tuple(codes)))
        elif phrases:
            skipped.append(Skipped(start, phrases[0], "no readable code"))
        phrases.clear()
        codes.clear()

    for number, line in enumerate(read_lines(path), 1):
        body = line.split("#", 1)[0]
        stripped = body.strip()
        if not stripped:
            continue
        if stripped.count("[") != stripped.count("]"):
            skipped.append(Skipped(number, stripped, "unbalanced brackets"))
            continue
        name_part = stripped.split("[", 1)[0].strip()
        if stripped.startswith("+"):
            # A synonym line; a few hold two synonyms run together ("+A_B+_C_D").
            phrases.extend(p for p in (_phrase(s) for s in name_part.split("+")) if p)
        elif name_part and not body[0].isspace():
            flush()  # a new root phrase begins a new record
            start = number
            phrases.append(_phrase(name_part))
        elif name_part:
            skipped.append(Skipped(number, stripped, "indented text that is not a code"))
            continue
        for raw in _PETRARCH_CODE.findall(body):
            if not phrases:
                raise KnowledgeError(path, number, f"code [{raw}] before any phrase")
            fallback = next((c.country for c in codes), None)
            code = _petrarch_code(raw, fallback)
            if isinstance(code, str):
                skipped.append(Skipped(number, f"{phrases[0]} [{raw}]", code))
            else:
                codes.append(code)
    flush()
    if not records:
        raise KnowledgeError(path, 0, "no actor records: is this a PETRARCH actor dictionary?")
    return records, skipped


def load_petrarch_actors(path: Path | str) -> list[Entity]:
    """Entities of a PETRARCH/Phoenix ``.actors`` dictionary (names, synonyms, dated codes)."""
    out: list[tuple[str, Entity]] = []
    parse_petrarch(Path(path), out)
    return [entity for _, entity in out]


def parse_petrarch(path: Path, out: list[tuple[str, Entity]]) -> None:
    """Append (surface, entity) pairs of a PETRARCH actor dictionary to ``out``."""
    records, _ = read_actors(path)
    for record in records:
        name = record.phrases[0].title()
        dated = any(c.start or c.end for c in record.codes)
        for code in record.codes:
            is_state = code.sector is None and code.country not in SPECIAL_COUNTRIES
            kind = "person" if dated else ("country" if is_state else "org")
            entity = replace(code, name=name, kind=kind)
            out.extend((surface, entity) for surface in record.phrases)


def _expand(phrase: str, sets: dict[str, list[str]]) -> list[str] | str:
    """Every phrase a substitution marker stands for, or the undefined marker's name."""
    markers = _MARKER.findall(phrase)
    undefined = next((m for m in markers if m not in sets), None)
    if undefined:
        return undefined
    if not markers:
        return [phrase]
    pieces = _MARKER.split(phrase)
    out = []
    for choice in itertools.product(*(sets[m] for m in markers)):
        out.append("".join(p + c for p, c in zip(pieces, (*choice, ""), strict=True)))
    return out


def read_agents(path: Path) -> tuple[list[AgentRecord], list[Skipped]]:
    """The agent nouns of a PETRARCH agents dictionary, and what was skipped (with lines)."""
    sets: dict[str, list[str]] = {}
    records: list[AgentRecord] = []
    skipped: list[Skipped] = []
    for number, line in enumerate(read_lines(path), 1):
        body = line.split("#", 1)[0].strip()
        if not body:
            continue
        substitution = _SUBSTITUTION.match(body)
        if substitution:
            sets[substitution[1]] = [w.strip() for w in substitution[2].split(",") if w.strip()]
            continue
        match = _AGENT_LINE.match(body)
        if match is None or not match["phrase"]:
            skipped.append(Skipped(number, body, "no phrase and [code]"))
            continue
        code = match["code"].strip()
        roles = code.strip("~")
        sector = None if code.endswith("~") else cameo_sector(roles)
        plurals = tuple(_phrase(p).lower() for p in (match["plurals"] or "").split() if p)
        phrases = _expand(match["phrase"], sets)
        if isinstance(phrases, str):
            skipped.append(Skipped(number, body, "undefined substitution set"))
            continue
        for phrase in phrases:
            records.append(AgentRecord(number, _phrase(phrase).lower(), code, sector, plurals))
    if not records:
        raise KnowledgeError(path, 0, "no agent entries: is this a PETRARCH agents dictionary?")
    return records, skipped
