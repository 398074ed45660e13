"""The one loader: every bundled and user knowledge file read, validated and indexed."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from dotterel.knowledge.base import (
    DateWords,
    Entity,
    Knowledge,
    dotless,
    is_short_acronym,
    normalize,
)
from dotterel.knowledge.codes import NONACTOR_KINDS, SECTORS, SPECIAL_COUNTRIES
from dotterel.knowledge.files import (
    TSV_COLUMNS,
    KnowledgeError,
    Row,
    check_keys,
    coordinate,
    is_pack_file,
    iso_date,
    node_line,
    split_cell,
    tsv_kind_of_header,
    tsv_rows,
    yaml_tree,
)
from dotterel.knowledge.petrarch import parse_petrarch
from dotterel.knowledge.triggers import TRIGGER_FOLDER, TriggerTable, trigger_folder_files
from dotterel.settings import Settings

BUNDLED_NAMES: Mapping[str, str] = MappingProxyType(
    {**{f"{k}.tsv": k for k in TSV_COLUMNS}, "triggers.yaml": "triggers", "dates.yaml": "dates"}
)
_CAMEO_RE = re.compile(r"^\d{2,4}$")
_COUNTRY_RE = re.compile(r"^[A-Z]{3}$")


@dataclass
class _Builder:
    """Mutable state of one load; lives only inside ``load_knowledge``."""

    names: list[tuple[str, Entity]] = field(default_factory=list)
    countries: dict[str, Entity] = field(default_factory=dict)
    sectors: dict[str, str] = field(default_factory=dict)
    nonactors: dict[str, str] = field(default_factory=dict)
    regions: list[tuple[str, Entity]] = field(default_factory=list)
    goldstein: dict[str, float] = field(default_factory=dict)
    triggers: TriggerTable = field(default_factory=TriggerTable)
    dates: dict[str, Any] = field(default_factory=dict)

    def country(self, row: Row, code: str) -> str:
        if code not in self.countries and code not in SPECIAL_COUNTRIES:
            raise row.fail(f"unknown country code {code!r}")
        return code

    def add(self, surfaces: Iterable[str], entity: Entity) -> None:
        for surface in surfaces:
            self.names.append((surface, entity))


def _sector(row: Row, code: str, required: bool = False) -> str | None:
    if not code and not required:
        return None
    if code not in SECTORS:
        raise row.fail(f"unknown sector code {code!r}")
    return code


def _load_countries(b: _Builder, path: Path) -> None:
    for row in tsv_rows(path, "countries"):
        code, name, aliases, demonyms, capital, lat_s, lon_s = row.cells
        if not _COUNTRY_RE.match(code):
            raise row.fail(f"bad country code {code!r}: expected three capital letters")
        if code in b.countries:
            raise row.fail(f"duplicate country code {code!r}")
        if not name:
            raise row.fail("empty country name")
        lat = coordinate(row, lat_s, 90.0, "latitude")
        lon = coordinate(row, lon_s, 180.0, "longitude")
        entity = Entity(name, code, None, "country", lat=lat, lon=lon)
        b.countries[code] = entity
        b.add([name, *split_cell(aliases)], entity)
        b.add(split_cell(demonyms), Entity(name, code, None, "demonym"))
        capitals = split_cell(capital)
        if capitals:
            # A capital in the news usually means the government seated there; the first
            # name is the capital's own, the rest are other spellings or seats ("Kiev").
            city = Entity(capitals[0], code, "GOV", "capital", lat=lat, lon=lon)
            b.add(capitals, city)


def _load_metonyms(b: _Builder, path: Path) -> None:
    for row in tsv_rows(path, "metonyms"):
        text, country, sector = row.cells
        if not text:
            raise row.fail("empty metonym text")
        entity = Entity(text, b.country(row, country), _sector(row, sector), "metonym")
        b.add([text], entity)


def _load_organisations(b: _Builder, path: Path) -> None:
    for row in tsv_rows(path, "organisations"):
        name, aliases, country, sector, kind = row.cells
        if not name:
            raise row.fail("empty organisation name")
        if kind not in ("org", "media"):
            raise row.fail(f"bad kind {kind!r}: expected org or media")
        # No country: a body every state has ("National Security Council"), whose country
        # the phrase ("the Turkish ...") or the article gives.
        entity = Entity(name, b.country(row, country) if country else None, _sector(row, sector),
                        kind)
        b.add([name, *split_cell(aliases)], entity)


def _load_sectors(b: _Builder, path: Path) -> None:
    # A later file's row replaces an earlier one's, except in a knowledge pack, which only adds.
    additive = is_pack_file(path)
    for row in tsv_rows(path, "sectors"):
        term, sector = row.cells
        if not term:
            raise row.fail("empty sector term")
        code = str(_sector(row, sector, required=True))
        key = " ".join(term.lower().split())
        if not (additive and key in b.sectors):
            b.sectors[key] = code


def _load_nonactors(b: _Builder, path: Path) -> None:
    for row in tsv_rows(path, "nonactors"):
        term, kind = row.cells
        if not term:
            raise row.fail("empty term")
        if kind not in NONACTOR_KINDS:
            kinds = ", ".join(sorted(NONACTOR_KINDS))
            raise row.fail(f"bad kind {kind!r}: expected one of {kinds}")
        b.nonactors[" ".join(term.lower().split())] = kind


def _load_regions(b: _Builder, path: Path) -> None:
    for row in tsv_rows(path, "regions"):
        name, aliases, country, lat_s, lon_s = row.cells
        if not name:
            raise row.fail("empty region name")
        if country in SPECIAL_COUNTRIES or country not in b.countries:
            raise row.fail(f"unknown country code {country!r}: a region lies in a country")
        region = Entity(name, country, None, "region", lat=coordinate(row, lat_s, 90.0, "latitude"),
                        lon=coordinate(row, lon_s, 180.0, "longitude"))
        b.regions += [(surface, region) for surface in [name, *split_cell(aliases)]]


def _load_offices(b: _Builder, path: Path) -> None:
    for row in tsv_rows(path, "offices"):
        name, aliases, country, sector, office, start_s, end_s = row.cells
        if not name:
            raise row.fail("empty office-holder name")
        # No start: in office since before the records say (PETRARCH's "<DATE"); neither
        # date: the holder's code outside every dated row (PETRARCH's default code).
        start = iso_date(row, start_s, "start") if start_s else None
        end = iso_date(row, end_s, "end") if end_s else None
        if start is not None and end is not None and end < start:
            raise row.fail(f"end {end} is before start {start}")
        entity = Entity(
            name,
            b.country(row, country),
            _sector(row, sector),
            "person",
            start,
            end,
            office=office or None,
        )
        b.add([name, *split_cell(aliases)], entity)


def _load_cameo(b: _Builder, path: Path) -> None:
    for row in tsv_rows(path, "cameo"):
        code, value = row.cells
        if not _CAMEO_RE.match(code):
            raise row.fail(f"bad CAMEO code {code!r}: expected 2 to 4 digits")
        try:
            goldstein = float(value)
        except ValueError:
            raise row.fail(f"bad Goldstein value {value!r}: not a number") from None
        if not -10.0 <= goldstein <= 10.0:
            raise row.fail(f"bad Goldstein value {value!r}: outside -10..10")
        b.goldstein[code] = goldstein



def _load_triggers(b: _Builder, path: Path) -> None:
    b.triggers.read(path, b.goldstein)


def _load_dates(b: _Builder, path: Path) -> None:
    data, root = yaml_tree(path)
    if data is None or root is None:
        return
    if not isinstance(data, dict):
        raise KnowledgeError(path, node_line(root), "dates file must be a mapping")
    if isinstance(root, yaml.MappingNode):
        check_keys(path, root)
    for key, value in data.items():
        old = b.dates.get(key)
        # Later files refine earlier ones: mappings are merged, lists extended.
        if isinstance(old, dict) and isinstance(value, dict):
            b.dates[key] = {**old, **value}
        elif isinstance(old, list) and isinstance(value, list):
            b.dates[key] = old + value
        else:
            b.dates[key] = value


_DATE_KEYS = ("weekdays", "months", "relative_days", "relative_periods", "forward_words",
              "backward_words")


def _date_words(data: Mapping[str, Any]) -> DateWords:
    """The merged date words, checked: a wrong shape names the bundled file."""
    where = bundled_data_dir() / "dates.yaml"
    missing = [k for k in _DATE_KEYS if k not in data]
    if missing:
        raise KnowledgeError(where, 0, f"dates: missing key {missing[0]!r}")
    try:
        periods = {str(k): (str(v[0]), int(v[1])) for k, v in data["relative_periods"].items()}
        return DateWords(
            weekdays=tuple(str(w) for w in data["weekdays"]),
            months=MappingProxyType({str(k): int(v) for k, v in data["months"].items()}),
            relative_days=MappingProxyType(
                {str(k): int(v) for k, v in data["relative_days"].items()}),
            relative_periods=MappingProxyType(periods),
            forward_words=frozenset(str(w) for w in data["forward_words"]),
            backward_words=frozenset(str(w) for w in data["backward_words"]),
        )
    except (AttributeError, TypeError, ValueError, IndexError) as exc:
        raise KnowledgeError(where, 0, f"dates: a value has the wrong shape ({exc})") from None


# ---------------------------------------------------------------- the one loader

_LOADERS = {
    "countries": _load_countries,
    "cameo": _load_cameo,
    "metonyms": _load_metonyms,
    "organisations": _load_organisations,
    "sectors": _load_sectors,
    "nonactors": _load_nonactors,
    "offices": _load_offices,
    "regions": _load_regions,
    "triggers": _load_triggers,
    "dates": _load_dates,
}
# Countries first (others name them), CAMEO before triggers (triggers cite codes).
_ORDER = (
    "countries",
    "cameo",
    "metonyms",
    "organisations",
    "sectors",
    "nonactors",
    "offices",
    "regions",
    "petrarch",
    "triggers",
    "dates",
)


def bundled_data_dir() -> Path:
    """The folder of the package's own knowledge files."""
    return Path(str(resources.files("dotterel.knowledge") / "data"))


def _kind_of(path: Path) -> str:
    if path.name in BUNDLED_NAMES:
        return BUNDLED_NAMES[path.name]
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return "petrarch"
    if suffix == ".tsv":
        return tsv_kind_of_header(path)
    if suffix in (".yaml", ".yml"):
        data, root = yaml_tree(path)
        return "dates" if isinstance(data, dict) else "triggers"
    raise KnowledgeError(path, 0, "unknown knowledge file type: expected .tsv, .yaml or .txt")


def _sources(settings: Settings) -> dict[str, list[Path]]:
    """Every file to read, by kind, in reading order: bundled, knowledge_dir, extra_files."""
    by_kind: dict[str, list[Path]] = {kind: [] for kind in _ORDER}
    bundled = bundled_data_dir()
    folders = [bundled] + ([Path(settings.knowledge_dir)] if settings.knowledge_dir else [])
    for folder in folders:
        for name, kind in BUNDLED_NAMES.items():
            if (folder / name).is_file():
                by_kind[kind].append(folder / name)
        # Triggers: a flat triggers.yaml (above), and/or a triggers/ folder of per-type files.
        if (folder / TRIGGER_FOLDER).is_dir():
            by_kind["triggers"] += trigger_folder_files(folder / TRIGGER_FOLDER)
    for extra in settings.extra_files:
        path = Path(extra)
        if not path.is_file():
            raise KnowledgeError(path, 0, "no such knowledge file")
        by_kind[_kind_of(path)].append(path)
    return by_kind


def load_knowledge(settings: Settings) -> Knowledge:
    """Read, validate and index every knowledge file named by ``settings``."""
    b = _Builder()
    for kind, paths in _sources(settings).items():
        for path in paths:
            if kind == "petrarch":
                parse_petrarch(path, b.names)
            else:
                _LOADERS[kind](b, path)
    return _index(b)


def _index(b: _Builder) -> Knowledge:
    entities: dict[str, list[Entity]] = {}
    guarded: dict[str, bool] = {}
    for surface, entity in b.names:
        short = is_short_acronym(surface)
        key = normalize(surface)
        for k in {key, dotless(key)}:
            if not k:
                continue
            bucket = entities.setdefault(k, [])
            if entity not in bucket:
                bucket.append(entity)
            guarded[k] = guarded.get(k, True) and short
    return Knowledge(
        entities=MappingProxyType({k: tuple(v) for k, v in entities.items()}),
        # spaCy splits "al-Qaeda" and "U.S.-led" into pieces: count those, an upper bound.
        max_name_words=max((len(re.findall(r"\w+|[^\w\s]", k)) for k in entities), default=0),
        sectors=MappingProxyType(dict(b.sectors)),
        max_sector_words=max((len(k.split()) for k in b.sectors), default=0),
        nonactors=MappingProxyType(dict(b.nonactors)),
        triggers=MappingProxyType(b.triggers.by_lemma()),
        goldstein=MappingProxyType(dict(b.goldstein)),
        dates=_date_words(b.dates),
        countries=MappingProxyType(dict(b.countries)),
        regions=tuple(b.regions),
        acronyms=frozenset(k for k, only_short in guarded.items() if only_short),
    )
