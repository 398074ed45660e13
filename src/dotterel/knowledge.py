"""The knowledge base: one loader for every bundled and user data file, validated."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from dotterel.model import PLOVER_TYPES
from dotterel.settings import Settings

SECTORS: frozenset[str] = frozenset(
    "COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB MED REF OPP "
    "PRE REL SOC".split()
)
# Codes that stand in for a country when an actor is not a state (PLOVER/CAMEO conventions).
SPECIAL_COUNTRIES: frozenset[str] = frozenset(
    "IGO UNO EUR NGO NGM ISM IMG MNC AFR ASA BLK CAF CAS CAU CRB EAF EEU EIN LAM MEA MDT NAF "
    "NMR PGS SAF SAM SAS SEA SCN WAF WEU WST".split()
)
TRIGGER_POS: frozenset[str] = frozenset({"VERB", "NOUN"})

# Column names of each TSV kind, and how many leading columns a row must have
# (trailing empty cells are often stripped by editors, so they may be missing).
TSV_COLUMNS: Mapping[str, tuple[tuple[str, ...], int]] = MappingProxyType(
    {
        "countries": (("code", "name", "aliases", "demonyms", "capital", "lat", "lon"), 2),
        "metonyms": (("text", "country", "sector"), 3),
        "organisations": (("name", "aliases", "country", "sector", "kind"), 5),
        "sectors": (("term", "sector"), 2),
        "offices": (("name", "aliases", "country", "sector", "office", "start", "end"), 6),
        "cameo": (("code", "goldstein"), 2),
    }
)
BUNDLED_NAMES: Mapping[str, str] = MappingProxyType(
    {**{f"{k}.tsv": k for k in TSV_COLUMNS}, "triggers.yaml": "triggers", "dates.yaml": "dates"}
)
TRIGGER_KEYS: frozenset[str] = frozenset(
    "id lemma pos type mode cameo contexts particle objects recipient negated_type "
    "future_type actor_object".split()
)
_REQUIRED_TRIGGER_KEYS = ("id", "lemma", "type", "cameo")
_CAMEO_RE = re.compile(r"^\d{2,4}$")
_COUNTRY_RE = re.compile(r"^[A-Z]{3}$")
_CURLY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


class KnowledgeError(ValueError):
    """A knowledge file is invalid; the message is ``path:line: what is wrong``."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = str(path)
        self.line = line


@dataclass(frozen=True)
class Entity:
    """A named thing that can be an actor: a country, capital, organisation or person."""

    name: str
    country: str | None
    sector: str | None
    kind: str
    start: str | None = None
    end: str | None = None
    lat: float | None = None
    lon: float | None = None
    # For office-holders: the office held between start and end ("president").
    office: str | None = None


@dataclass(frozen=True)
class TriggerEntry:
    """One event trigger of ``triggers.yaml``."""

    id: str
    lemma: str
    pos: str
    type: str
    mode: str | None
    cameo: str
    contexts: tuple[str, ...] = ()
    particle: str | None = None
    objects: tuple[str, ...] = ()
    recipient: tuple[str, ...] = ()
    negated_type: str | None = None
    future_type: str | None = None
    # The direct object must name an actor ("called the Syrian president": a phone call).
    actor_object: bool = False


def normalize(text: str) -> str:
    """The lookup key of a surface form: lowercase, straight quotes, one space, no leading 'the'."""
    key = " ".join(text.translate(_CURLY).lower().split())
    if key.startswith("the "):
        key = key[4:]
    return key


def _dotless(key: str) -> str:
    return " ".join(key.replace(".", "").split())


def _is_short_acronym(surface: str) -> bool:
    # "US", "WHO", "IS": all-caps and short, so their lowercase keys are ordinary words.
    letters = [c for c in surface if c.isalpha()]
    return 0 < len(letters) <= 3 and all(c.isupper() for c in letters)


@dataclass(frozen=True)
class Knowledge:
    """Everything dotterel knows about the world and the language, validated and indexed."""

    entities: Mapping[str, tuple[Entity, ...]]
    max_name_words: int
    sectors: Mapping[str, str]
    max_sector_words: int
    triggers: Mapping[str, tuple[TriggerEntry, ...]]
    goldstein: Mapping[str, float]
    dates: Mapping[str, Any]
    countries: Mapping[str, Entity]
    # Keys that only ever came from short all-caps forms: they match only text without lowercase.
    acronyms: frozenset[str] = field(default_factory=frozenset)

    def lookup(self, text: str, on: str | None = None) -> tuple[Entity, ...]:
        """Entities named by ``text``; with an ISO date ``on``, office-holders as of that day."""
        key = normalize(text)
        hits = self.entities.get(key) or ()
        if not hits:
            key = _dotless(key)
            hits = self.entities.get(key) or ()
        if hits and key in self.acronyms and any(c.islower() for c in text):
            return ()
        if on is None or not hits:
            return hits
        return _as_of(hits, on[:10])

    def sector_of(self, lemma_phrase: str) -> str | None:
        """The sector a (possibly multiword) lemma names, e.g. 'security force' -> 'COP'."""
        return self.sectors.get(" ".join(lemma_phrase.lower().split()))

    def quad_class(self, cameo: str) -> int:
        """The quad class of a CAMEO code: 1 verbal/2 material cooperation, 3/4 conflict."""
        root = int(cameo[:2])
        if 1 <= root <= 5:
            return 1
        if 6 <= root <= 8:
            return 2
        if 9 <= root <= 13:
            return 3
        if 14 <= root <= 20:
            return 4
        raise ValueError(f"not a CAMEO code: {cameo!r}")

    def country_name(self, code: str) -> str | None:
        """The English name of an ISO3 country code, or None."""
        entity = self.countries.get(code)
        return entity.name if entity else None


def _as_of(hits: tuple[Entity, ...], on: str) -> tuple[Entity, ...]:
    """Resolve dated entries per name: current ones win, then undated, then a past one as ELI."""
    groups: dict[str, list[Entity]] = {}
    for entity in hits:
        groups.setdefault(entity.name, []).append(entity)
    out: list[Entity] = []
    for group in groups.values():
        dated = [e for e in group if e.start or e.end]
        undated = [e for e in group if not (e.start or e.end)]
        current = [e for e in dated if (e.start or "") <= on and (e.end is None or on <= e.end)]
        past = [e for e in dated if e.end is not None and e.end < on]
        if current:
            out.extend(current)
        elif undated:
            out.extend(undated)
        elif past:
            # Former office-holders stay newsworthy actors, but as elites, not as the state.
            latest = max(past, key=lambda e: e.end or "")
            out.append(replace(latest, sector="ELI"))
        elif dated:
            # Not yet in office: still a national of the country, with no sector from it.
            first = min(dated, key=lambda e: e.start or "")
            out.append(replace(first, sector=None, start=None, end=None, office=None))
    return tuple(out)


# ---------------------------------------------------------------- reading files


@dataclass(frozen=True)
class _Row:
    path: Path
    line: int
    cells: tuple[str, ...]

    def fail(self, message: str) -> KnowledgeError:
        return KnowledgeError(self.path, self.line, message)


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeError(path, 0, f"cannot read: {exc}") from exc


def _tsv_kind_of_header(path: Path) -> str:
    """Which TSV kind a user file is, by its header row."""
    for number, line in enumerate(_read_lines(path), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        header = tuple(c.strip().lower() for c in line.split("\t"))
        for kind, (columns, _) in TSV_COLUMNS.items():
            if header == columns:
                return kind
        raise KnowledgeError(
            path,
            number,
            "unknown TSV file: header must be one of "
            + "; ".join(" ".join(cols) for cols, _ in TSV_COLUMNS.values()),
        )
    raise KnowledgeError(path, 0, "empty TSV file")


def _tsv_rows(path: Path, kind: str) -> Iterator[_Row]:
    columns, required = TSV_COLUMNS[kind]
    seen_data = False
    for number, line in enumerate(_read_lines(path), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = tuple(c.strip() for c in line.split("\t"))
        if not seen_data and tuple(c.lower() for c in cells) == columns:
            seen_data = True
            continue
        seen_data = True
        row = _Row(path, number, cells)
        if not required <= len(cells) <= len(columns):
            raise row.fail(
                f"expected {len(columns)} tab-separated columns ({' '.join(columns)}), "
                f"got {len(cells)}"
            )
        yield _Row(path, number, cells + ("",) * (len(columns) - len(cells)))


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _iso_date(row: _Row, text: str, what: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise row.fail(f"bad {what} date {text!r}: expected YYYY-MM-DD") from None


def _coordinate(row: _Row, text: str, limit: float, what: str) -> float | None:
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise row.fail(f"bad {what} {text!r}: not a number") from None
    if not -limit <= value <= limit:
        raise row.fail(f"bad {what} {text!r}: out of range")
    return value


@dataclass
class _Builder:
    """Mutable state of one load; lives only inside ``load_knowledge``."""

    names: list[tuple[str, Entity]] = field(default_factory=list)
    countries: dict[str, Entity] = field(default_factory=dict)
    sectors: dict[str, str] = field(default_factory=dict)
    goldstein: dict[str, float] = field(default_factory=dict)
    triggers: dict[str, TriggerEntry] = field(default_factory=dict)
    dates: dict[str, Any] = field(default_factory=dict)

    def country(self, row: _Row, code: str) -> str:
        if code not in self.countries and code not in SPECIAL_COUNTRIES:
            raise row.fail(f"unknown country code {code!r}")
        return code

    def add(self, surfaces: Iterable[str], entity: Entity) -> None:
        for surface in surfaces:
            self.names.append((surface, entity))


def _sector(row: _Row, code: str, required: bool = False) -> str | None:
    if not code and not required:
        return None
    if code not in SECTORS:
        raise row.fail(f"unknown sector code {code!r}")
    return code


def _load_countries(b: _Builder, path: Path) -> None:
    for row in _tsv_rows(path, "countries"):
        code, name, aliases, demonyms, capital, lat_s, lon_s = row.cells
        if not _COUNTRY_RE.match(code):
            raise row.fail(f"bad country code {code!r}: expected three capital letters")
        if code in b.countries:
            raise row.fail(f"duplicate country code {code!r}")
        if not name:
            raise row.fail("empty country name")
        lat = _coordinate(row, lat_s, 90.0, "latitude")
        lon = _coordinate(row, lon_s, 180.0, "longitude")
        entity = Entity(name, code, None, "country", lat=lat, lon=lon)
        b.countries[code] = entity
        b.add([name, *_split(aliases)], entity)
        b.add(_split(demonyms), Entity(name, code, None, "demonym"))
        capitals = _split(capital)
        if capitals:
            # A capital in the news usually means the government seated there; the first
            # name is the capital's own, the rest are other spellings or seats ("Kiev").
            city = Entity(capitals[0], code, "GOV", "capital", lat=lat, lon=lon)
            b.add(capitals, city)


def _load_metonyms(b: _Builder, path: Path) -> None:
    for row in _tsv_rows(path, "metonyms"):
        text, country, sector = row.cells
        if not text:
            raise row.fail("empty metonym text")
        entity = Entity(text, b.country(row, country), _sector(row, sector), "metonym")
        b.add([text], entity)


def _load_organisations(b: _Builder, path: Path) -> None:
    for row in _tsv_rows(path, "organisations"):
        name, aliases, country, sector, kind = row.cells
        if not name:
            raise row.fail("empty organisation name")
        if kind not in ("org", "media"):
            raise row.fail(f"bad kind {kind!r}: expected org or media")
        entity = Entity(name, b.country(row, country), _sector(row, sector), kind)
        b.add([name, *_split(aliases)], entity)


def _load_sectors(b: _Builder, path: Path) -> None:
    for row in _tsv_rows(path, "sectors"):
        term, sector = row.cells
        if not term:
            raise row.fail("empty sector term")
        b.sectors[" ".join(term.lower().split())] = str(_sector(row, sector, required=True))


def _load_offices(b: _Builder, path: Path) -> None:
    for row in _tsv_rows(path, "offices"):
        name, aliases, country, sector, office, start_s, end_s = row.cells
        if not name:
            raise row.fail("empty office-holder name")
        start = _iso_date(row, start_s, "start")
        end = _iso_date(row, end_s, "end") if end_s else None
        if end is not None and end < start:
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
        b.add([name, *_split(aliases)], entity)


def _load_cameo(b: _Builder, path: Path) -> None:
    for row in _tsv_rows(path, "cameo"):
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


def _yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """The data and the node tree of a YAML file (the nodes let errors name lines)."""
    text = "\n".join(_read_lines(path))
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader)
        return (_plain(root) if root is not None else None), root
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 0
        problem = getattr(exc, "problem", None) or str(exc)
        raise KnowledgeError(path, line, f"bad YAML: {problem}") from None


def _plain(node: yaml.Node) -> Any:
    """Python data of a composed node; PyYAML's own constructors are several times slower."""
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        return {_plain(k): _plain(v) for k, v in node.value}
    tag = node.tag.rsplit(":", 1)[-1]
    value = node.value
    if tag == "null":
        return None
    if tag == "bool":
        return value.lower() in ("true", "yes", "on", "y")
    if tag in ("int", "float"):
        try:
            return int(value.replace("_", "")) if tag == "int" else float(value)
        except ValueError:  # octal, sexagesimal, .inf: let PyYAML construct them exactly
            return yaml.load(yaml.serialize(node), Loader=yaml.SafeLoader)
    return value


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _check_keys(path: Path, node: yaml.MappingNode) -> dict[str, yaml.Node]:
    """Map each key of a mapping node to its value node, refusing duplicate keys."""
    out: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key in out:
            raise KnowledgeError(path, _line(key_node), f"duplicate key {key!r}")
        out[key] = value_node
    return out


def _load_triggers(b: _Builder, path: Path) -> None:
    data, root = _yaml(path)
    if data is None or root is None:
        return
    if not isinstance(data, list) or not isinstance(root, yaml.SequenceNode):
        raise KnowledgeError(path, _line(root), "triggers file must be a list of entries")
    for entry, node in zip(data, root.value, strict=True):
        line = _line(node)
        if not isinstance(entry, dict) or not isinstance(node, yaml.MappingNode):
            raise KnowledgeError(path, line, "trigger entry must be a mapping")
        nodes = _check_keys(path, node)
        for key, value_node in nodes.items():
            if key not in TRIGGER_KEYS:
                raise KnowledgeError(path, _line(value_node), f"unknown trigger key {key!r}")
        trigger = _trigger(path, line, entry, nodes, b.goldstein)
        if trigger.id in b.triggers:
            raise KnowledgeError(path, line, f"duplicate trigger id {trigger.id!r}")
        b.triggers[trigger.id] = trigger


def _trigger(
    path: Path,
    line: int,
    entry: dict[str, Any],
    nodes: dict[str, yaml.Node],
    goldstein: Mapping[str, float],
) -> TriggerEntry:
    def fail(key: str, message: str) -> KnowledgeError:
        return KnowledgeError(path, _line(nodes[key]) if key in nodes else line, message)

    for key in _REQUIRED_TRIGGER_KEYS:
        if entry.get(key) in (None, ""):
            raise fail(key, f"trigger entry needs {key!r}")

    def text(key: str, default: str | None = None) -> str | None:
        value = entry.get(key, default)
        if value is not None and not isinstance(value, str):
            raise fail(key, f"{key!r} must be a string, got {value!r}")
        return value

    def texts(key: str) -> tuple[str, ...]:
        value = entry.get(key) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, f"{key!r} must be a list of strings")
        return tuple(value)

    def flag(key: str) -> bool:
        value = entry.get(key, False)
        if not isinstance(value, bool):
            raise fail(key, f"{key!r} must be true or false, got {value!r}")
        return value

    def plover(key: str) -> str | None:
        value = text(key)
        if value is not None and value not in PLOVER_TYPES:
            raise fail(key, f"unknown PLOVER type {value!r} in {key!r}")
        return value

    cameo = text("cameo")
    if cameo not in goldstein:
        raise fail("cameo", f"CAMEO code {cameo!r} is not in cameo.tsv (quote codes as strings)")
    pos = text("pos", "VERB")
    if pos not in TRIGGER_POS:
        raise fail("pos", f"bad pos {pos!r}: expected VERB or NOUN")
    return TriggerEntry(
        id=str(text("id")),
        lemma=str(text("lemma")).lower(),
        pos=str(pos),
        type=str(plover("type")),
        mode=text("mode"),
        cameo=str(cameo),
        contexts=texts("contexts"),
        particle=text("particle"),
        objects=texts("objects"),
        recipient=texts("recipient"),
        negated_type=plover("negated_type"),
        future_type=plover("future_type"),
        actor_object=flag("actor_object"),
    )


def _load_dates(b: _Builder, path: Path) -> None:
    data, root = _yaml(path)
    if data is None or root is None:
        return
    if not isinstance(data, dict):
        raise KnowledgeError(path, _line(root), "dates file must be a mapping")
    if isinstance(root, yaml.MappingNode):
        _check_keys(path, root)
    for key, value in data.items():
        old = b.dates.get(key)
        # Later files refine earlier ones: mappings are merged, lists extended.
        if isinstance(old, dict) and isinstance(value, dict):
            b.dates[key] = {**old, **value}
        elif isinstance(old, list) and isinstance(value, list):
            b.dates[key] = old + value
        else:
            b.dates[key] = value


# ---------------------------------------------------------------- the one loader

_LOADERS = {
    "countries": _load_countries,
    "cameo": _load_cameo,
    "metonyms": _load_metonyms,
    "organisations": _load_organisations,
    "sectors": _load_sectors,
    "offices": _load_offices,
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
    "offices",
    "petrarch",
    "triggers",
    "dates",
)


def _kind_of(path: Path) -> str:
    if path.name in BUNDLED_NAMES:
        return BUNDLED_NAMES[path.name]
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return "petrarch"
    if suffix == ".tsv":
        return _tsv_kind_of_header(path)
    if suffix in (".yaml", ".yml"):
        data, root = _yaml(path)
        return "dates" if isinstance(data, dict) else "triggers"
    raise KnowledgeError(path, 0, "unknown knowledge file type: expected .tsv, .yaml or .txt")


def _sources(settings: Settings) -> dict[str, list[Path]]:
    """Every file to read, by kind, in reading order: bundled, knowledge_dir, extra_files."""
    by_kind: dict[str, list[Path]] = {kind: [] for kind in _ORDER}
    bundled = Path(str(resources.files("dotterel") / "data"))
    folders = [bundled] + ([Path(settings.knowledge_dir)] if settings.knowledge_dir else [])
    for folder in folders:
        for name, kind in BUNDLED_NAMES.items():
            if (folder / name).is_file():
                by_kind[kind].append(folder / name)
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
                from .petrarch import parse_petrarch  # imports this module: import late

                parse_petrarch(path, b.names)
            else:
                _LOADERS[kind](b, path)
    return _index(b)


def _index(b: _Builder) -> Knowledge:
    entities: dict[str, list[Entity]] = {}
    guarded: dict[str, bool] = {}
    for surface, entity in b.names:
        short = _is_short_acronym(surface)
        key = normalize(surface)
        for k in {key, _dotless(key)}:
            if not k:
                continue
            bucket = entities.setdefault(k, [])
            if entity not in bucket:
                bucket.append(entity)
            guarded[k] = guarded.get(k, True) and short
    triggers: dict[str, list[TriggerEntry]] = {}
    for trigger in b.triggers.values():
        triggers.setdefault(trigger.lemma, []).append(trigger)
    return Knowledge(
        entities=MappingProxyType({k: tuple(v) for k, v in entities.items()}),
        # spaCy splits "al-Qaeda" and "U.S.-led" into pieces: count those, an upper bound.
        max_name_words=max((len(re.findall(r"\w+|[^\w\s]", k)) for k in entities), default=0),
        sectors=MappingProxyType(dict(b.sectors)),
        max_sector_words=max((len(k.split()) for k in b.sectors), default=0),
        triggers=MappingProxyType({k: tuple(v) for k, v in triggers.items()}),
        goldstein=MappingProxyType(dict(b.goldstein)),
        dates=MappingProxyType(dict(b.dates)),
        countries=MappingProxyType(dict(b.countries)),
        acronyms=frozenset(k for k, only_short in guarded.items() if only_short),
    )
