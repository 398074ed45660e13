"""PETRARCH/Phoenix actor dictionaries, read as dotterel knowledge.

A user can pass such a file (``.txt``) in ``Settings.extra_files`` or a knowledge folder:
names with underscores, synonyms on ``+`` lines, and ``[CODE dates]`` restrictions, where a
code like ``USAGOV`` is a country and a sector and dates bound an office-holder's term.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

from dotterel.knowledge.base import Entity
from dotterel.knowledge.codes import SECTORS, SPECIAL_COUNTRIES
from dotterel.knowledge.files import read_lines

_PETRARCH_CODE = re.compile(r"\[([^\]]*)\]")


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


def _petrarch_code(raw: str, fallback_country: str | None) -> Entity | None:
    """One ``[CODE dates]`` restriction as a template entity (name and kind filled later)."""
    parts = raw.replace(">", " > ").replace("<", " < ").split()
    if not parts or not parts[0].isalpha() or len(parts[0]) < 3:
        return None
    code = parts[0].upper()
    chunks = [code[i : i + 3] for i in range(0, len(code) - len(code) % 3, 3)]
    if chunks[0] in SECTORS:
        country, rest = fallback_country, chunks
    else:
        country, rest = chunks[0], chunks[1:]
        if country == "IGO" and rest and rest[0] in SPECIAL_COUNTRIES:
            # dotterel codes the UN itself as UNO (and the EU as EUR), not as IGO.
            country, rest = rest[0], rest[1:]
    sector = rest[0] if rest and rest[0] in SECTORS else None
    start = end = None
    dates = parts[1:]
    if len(dates) == 2 and dates[0] == ">":
        start = _petrarch_date(dates[1])
    elif len(dates) == 2 and dates[0] == "<":
        end = _petrarch_date(dates[1])
    elif len(dates) == 1 and "-" in dates[0]:
        first, _, last = dates[0].partition("-")
        start, end = _petrarch_date(first), _petrarch_date(last)
    return Entity("", country, sector, "", start, end)


def load_petrarch_actors(path: Path | str) -> list[Entity]:
    """Entities of a PETRARCH/Phoenix ``.actors`` dictionary (names, synonyms, dated codes)."""
    path = Path(path)
    out: list[tuple[str, Entity]] = []
    parse_petrarch(path, out)
    return [entity for _, entity in out]


def parse_petrarch(path: Path, out: list[tuple[str, Entity]]) -> None:
    """Append (surface, entity) pairs of a PETRARCH actor dictionary to ``out``."""
    surfaces: list[str] = []
    codes: list[Entity] = []

    def flush() -> None:
        if surfaces and codes:
            name = surfaces[0].title()
            dated = any(c.start or c.end for c in codes)
            for code in codes:
                is_state = code.sector is None and code.country not in SPECIAL_COUNTRIES
                kind = "person" if dated else ("country" if is_state else "org")
                entity = replace(code, name=name, kind=kind)
                out.extend((surface, entity) for surface in surfaces)
        surfaces.clear()
        codes.clear()

    for line in read_lines(path):
        body = line.split("#", 1)[0]
        if not body.strip():
            continue
        stripped = body.strip()
        name_part = stripped.split("[", 1)[0].strip()
        if stripped.startswith("+"):
            name_part = name_part[1:].strip()
        elif name_part and not body[0].isspace():
            flush()  # a new root phrase begins a new entry
        elif name_part:
            continue  # indented text that is neither a synonym nor a code
        if name_part:
            surface = " ".join(name_part.replace("_", " ").split())
            if surface:
                surfaces.append(surface)
        fallback = codes[0].country if codes else None
        for raw in _PETRARCH_CODE.findall(body):
            code = _petrarch_code(raw, fallback)
            if code is not None:
                codes.append(code)
                fallback = fallback or code.country
    flush()
