"""Knowledge packs: PETRARCH/Phoenix dictionaries converted into dotterel knowledge files.

``import_phoenix`` reads a folder of Phoenix dictionaries and returns a ``Pack``: the rows of
``organisations.tsv``, ``offices.tsv``, ``metonyms.tsv`` and ``sectors.tsv``, and every entry
it left out, with its ``file:line`` and why. ``write_pack`` writes the files, each with a
header naming its sources and their licence; ``check_folder`` loads any knowledge folder with
the bundled knowledge and counts what it adds.

What goes where. An actor record with a dated code is an office-holder: one ``offices.tsv``
row per code, a dated one with its term, an undated one (PETRARCH's default code) with neither
date, which the loader uses outside every term; ``office`` stays empty (Phoenix codes no
titles). A record without dates is an organisation coded by its first code (PETRARCH's
default); one coded by a bare state code (``[AFG]``) names the state itself, and each of its
names becomes a ``metonyms.tsv`` row without a sector. An agent noun whose CAMEO code has a
PLOVER sector (``CAMEO_SECTORS``) is a ``sectors.tsv`` term.

What is left out (each ``Dropped`` with its ``file:line`` and one of the reasons below):

1. a record the bundled knowledge has: when it knows any of the record's names (as
   ``Knowledge.lookup`` finds them), the bundled entry wins and the whole record is left to it
   (so every Phoenix country record, whose extra names are mostly cities and provinces);
2. names that would flood the lookup with common words: a name of fewer than two letters
   ("39649"), and a name made only of common words (every word, singular or plural, is a word
   of the bundled sector, non-actor and trigger lemmas, of ``grammar.yaml``'s lists, of
   ``dates.yaml`` or of the agent nouns this pack writes, or an article) that is one word
   ("YOUTH", "GOVERNMENT") or a phrase the lexicon reads as a sector or non-actor term ("THE
   PRESIDENT", "SECURITY FORCES"): the coder codes those from their words. A longer name of
   common words ("INTERNATIONAL RESCUE COMMITTEE") stays: it is a proper name;
3. codes whose country is neither a bundled country nor a PLOVER special code (CAMEO's
   historical states such as USR or YUG, some dependencies, CAMEO region codes PLOVER lacks),
   terms that end before they start, and dated records of a bare state (a city whose state
   changed: metonyms have no dates);
4. agent nouns whose code has no PLOVER sector, plural forms of a substitution set (the coder
   matches lemmas), and terms the bundled ``sectors.tsv`` or ``nonactors.tsv`` has.

The bundled knowledge wins on load as well: every file of a pack starts with ``PACK_MARK``,
and the loader lets such a file add sector terms but never replace one; a name in both has
the bundled entity first, which the coder takes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import shutil
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from dotterel.knowledge.base import Entity, Knowledge, dotless, normalize, singulars
from dotterel.knowledge.codes import SPECIAL_COUNTRIES
from dotterel.knowledge.files import (
    PACK_MARK,
    TSV_COLUMNS,
    KnowledgeError,
    tsv_rows,
    yaml_tree,
)
from dotterel.knowledge.grammar import load_grammar
from dotterel.knowledge.loader import BUNDLED_NAMES, load_knowledge
from dotterel.knowledge.petrarch import ActorRecord, AgentRecord, read_actors, read_agents
from dotterel.knowledge.triggers import TRIGGER_FOLDER, trigger_folder_files
from dotterel.settings import DEFAULTS, Settings
from dotterel.version import __version__

PHOENIX_ACTOR_FILES: tuple[str, ...] = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
PHOENIX_AGENTS_FILE = "Phoenix.agents.txt"
LICENCE_FILE = "LICENSE"
# The knowledge files a pack holds, in the loader's reading order.
PACK_KINDS: tuple[str, ...] = ("metonyms", "organisations", "sectors", "offices")
# Words no list of the lexicon holds but which join common words: "the president and the
# prime minister" is still common words only.
_JOINING_WORDS = frozenset({"a", "an", "the", "and", "&", "of"})
_PARENTHESES = re.compile(r"\s*\(([^)]*)\)")
_WORD_SPLIT = re.compile(r"[\s/-]+")

# Why an entry was left out (``Dropped.reason``); the module docstring states each rule.
KNOWN = "the bundled knowledge has this entry"
SHORT = "fewer than two letters"
COMMON = "common words only"
UNKNOWN_COUNTRY = "unknown country code"
BAD_TERM = "ends before it starts"
NO_NAME = "no name left"
DATED_PLACE = "a place whose state changed (metonyms have no dates)"
NO_SECTOR = "no PLOVER sector for the agent code"
KNOWN_TERM = "the bundled sectors or non-actors have this term"
OTHER_SECTOR = "an earlier line gives the term another sector"
UNWRITABLE = "holds a tab or |"
PLURAL = "the plural of another form of its line"


@dataclass(frozen=True)
class Dropped:
    """An entry of the source left out of the pack: where, what, and why."""

    path: str
    line: int
    text: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text}: {self.reason}"


@dataclass(frozen=True)
class Pack:
    """A converted pack: rows per file kind (cells as ``TSV_COLUMNS``), what was left out."""

    rows: Mapping[str, tuple[tuple[str, ...], ...]]
    dropped: tuple[Dropped, ...]
    sources: tuple[Path, ...]
    licence: tuple[str, ...] = ()
    licence_file: Path | None = None

    def counts(self) -> dict[str, int]:
        """Rows per knowledge file kind."""
        return {kind: len(self.rows.get(kind, ())) for kind in PACK_KINDS}

    def dropped_by_reason(self) -> dict[str, int]:
        """How many entries each rule left out, most first."""
        return dict(Counter(d.reason for d in self.dropped).most_common())


@dataclass
class _Candidate:
    """One actor record on its way into the pack."""

    path: Path
    record: ActorRecord
    surfaces: list[str]
    codes: list[Entity]
    kind: str  # "offices", "organisations" or "metonyms"


@dataclass
class _Converter:
    """The state of one import: the bundled knowledge, its common words, what was left out."""

    known: Knowledge
    common: frozenset[str] = frozenset()
    # The sector and non-actor terms of the bundled lexicon and of the pack's agent nouns.
    terms: frozenset[str] = frozenset()
    dropped: list[Dropped] = field(default_factory=list)

    def drop(self, path: Path, line: int, text: str, reason: str) -> None:
        self.dropped.append(Dropped(str(path), line, text, reason))

    def knows(self, surface: str) -> bool:
        key = normalize(surface)
        return key in self.known.entities or dotless(key) in self.known.entities

    def is_common(self, surface: str) -> bool:
        words = [w for w in (w.strip("().,'\"") for w in _WORD_SPLIT.split(normalize(surface)))
                 if w]
        if not all(_is_common_word(w, self.common) for w in words):
            return False
        if len(words) == 1:
            return True
        # A phrase of common words is left out only when the lexicon reads it as a term.
        phrase = " ".join(words)
        return any(p in self.terms for p in (phrase, *singulars(phrase)))

    def country_ok(self, code: str | None) -> bool:
        return code is not None and (code in self.known.countries or code in SPECIAL_COUNTRIES)

    def candidate(self, path: Path, record: ActorRecord) -> _Candidate | None:
        """The record's names and codes that pass the rules, or None (reasons recorded)."""
        surfaces = list(dict.fromkeys(s for p in record.phrases for s in _surfaces(p)))
        reasons = {s: (UNWRITABLE if "|" in s or "\t" in s
                       else SHORT if sum(c.isalpha() for c in s) < 2
                       else COMMON if self.is_common(s) else None) for s in surfaces}
        kept = [s for s in surfaces if reasons[s] is None]
        if any(self.knows(s) for s in surfaces):
            self.drop(path, record.line, record.phrases[0], KNOWN)
            return None
        for surface in surfaces:
            reason = reasons[surface]
            if reason is not None:
                self.drop(path, record.line, surface, reason)
        codes = []
        for code in dict.fromkeys(record.codes):
            if not self.country_ok(code.country):
                self.drop(path, record.line, f"{record.phrases[0]} [{code.country}]",
                          UNKNOWN_COUNTRY)
            elif code.start and code.end and code.end < code.start:
                self.drop(path, record.line, f"{record.phrases[0]} {code.start}-{code.end}",
                          BAD_TERM)
            else:
                codes.append(code)
        if not kept or not codes:
            if kept:  # every code was dropped, each with its reason
                return None
            self.drop(path, record.line, record.phrases[0], NO_NAME)
            return None
        if any(c.start or c.end for c in record.codes):
            if all(c.sector is None and c.country not in SPECIAL_COUNTRIES for c in codes):
                self.drop(path, record.line, record.phrases[0], DATED_PLACE)
                return None
            return _Candidate(path, record, kept, codes, "offices")
        first = codes[0]
        is_state = first.sector is None and first.country not in SPECIAL_COUNTRIES
        return _Candidate(path, record, kept, [first], "metonyms" if is_state else "organisations")


def _is_plural_of(term: str, others: set[str]) -> bool:
    """Whether a term is another's plural in one word ("ministers of finance", "policemen")."""
    # The coder matches lemmas, so a substitution set's plural forms add nothing.
    words = term.split()
    for i, word in enumerate(words):
        if any(" ".join((*words[:i], form, *words[i + 1:])) in others
               for form in singulars(word)):
            return True
    return False


def _is_common_word(word: str, common: frozenset[str]) -> bool:
    """A word of the lexicon, or the regular plural of one."""
    return word in _JOINING_WORDS or any(w in common for w in (word, *singulars(word)))


def _surfaces(phrase: str) -> list[str]:
    """The names a phrase gives: itself, and a trailing acronym in parentheses apart."""
    inner = [i.strip() for i in _PARENTHESES.findall(phrase) if i.strip()]
    outer = " ".join(_PARENTHESES.sub(" ", phrase).split())
    return [s for s in (outer, *inner) if s]


def _display(surface: str) -> str:
    """A name as written in the pack: title case, but capitals kept where they matter."""
    # Up to three letters stay capitals (the loader matches those only in capitals: "ETA",
    # "U.N."), as do words with dots or digits.
    if sum(c.isalpha() for c in surface) <= 3:
        return surface
    words = []
    for word in surface.split():
        if "." in word or any(c.isdigit() for c in word):
            words.append(word)
        else:
            words.append("-".join(part.capitalize() for part in word.split("-")))
    return " ".join(words)


def _words(value: object) -> Iterator[str]:
    """Every lower-case word in a value of strings, collections and records of them."""
    if isinstance(value, str):
        yield from value.lower().split()
    elif isinstance(value, Mapping):
        for key in value:
            yield from _words(key)
    elif isinstance(value, (frozenset, set, tuple, list)):
        for item in value:
            yield from _words(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _words(getattr(value, f.name))


def _lexicon_words(known: Knowledge) -> frozenset[str]:
    """The words the bundled lexicon reads as common words (the basis of rule 2)."""
    words = set(_words(tuple(known.sectors))) | set(_words(tuple(known.nonactors)))
    words |= set(_words(tuple(known.triggers))) | set(_words(known.dates))
    words |= {w for w in _words(load_grammar()) if w.isalpha()}
    return frozenset(words)


def _sector_rows(conv: _Converter, path: Path,
                 agents: Iterable[AgentRecord]) -> list[tuple[str, ...]]:
    """The ``sectors.tsv`` rows of the agent nouns (rule 4), first line first."""
    seen: dict[str, str] = {}
    rows: list[tuple[str, ...]] = []
    agents = list(agents)
    by_line: dict[int, set[str]] = {}
    for agent in agents:
        by_line.setdefault(agent.line, set()).add(agent.term)
    for agent in agents:
        if _is_plural_of(agent.term, by_line[agent.line]):
            conv.drop(path, agent.line, agent.term, PLURAL)
        elif agent.sector is None:
            conv.drop(path, agent.line, f"{agent.term} [{agent.code}]", NO_SECTOR)
        elif conv.known.sector_of(agent.term) or conv.known.nonactor_kind(agent.term):
            conv.drop(path, agent.line, agent.term, KNOWN_TERM)
        elif agent.term in seen:
            if seen[agent.term] != agent.sector:
                conv.drop(path, agent.line, f"{agent.term} [{agent.code}]", OTHER_SECTOR)
        else:
            seen[agent.term] = agent.sector
            rows.append((agent.term, agent.sector))
    return rows


def _rows(candidates: Iterable[_Candidate]) -> dict[str, list[tuple[str, ...]]]:
    rows: dict[str, list[tuple[str, ...]]] = {kind: [] for kind in PACK_KINDS}
    seen: set[tuple[str, ...]] = set()

    def add(kind: str, row: tuple[str, ...]) -> None:
        if (kind, *row) not in seen:
            seen.add((kind, *row))
            rows[kind].append(row)

    for cand in candidates:
        names = [_display(s) for s in cand.surfaces]
        name, aliases = names[0], "|".join(dict.fromkeys(n for n in names[1:] if n != names[0]))
        for code in cand.codes:
            country, sector = str(code.country), code.sector or ""
            if cand.kind == "offices":
                add("offices", (name, aliases, country, sector, "", code.start or "",
                                code.end or ""))
            elif cand.kind == "organisations":
                add("organisations", (name, aliases, country, sector, "org"))
            else:
                for text in names:
                    add("metonyms", (text, country, ""))
    return rows


def _licence(folder: Path, sources: Iterable[Path]) -> tuple[tuple[str, ...], Path | None]:
    """The licence's title and copyright lines: from LICENSE, else a dictionary's header."""
    path = folder / LICENCE_FILE
    candidates = [path] if path.is_file() else list(sources)
    for source in candidates:
        lines = source.read_text(encoding="utf-8", errors="replace").splitlines()[:80]
        lines = [ln.lstrip("# ").strip() for ln in lines]
        title = next((ln for ln in lines if "licen" in ln.lower() and len(ln) < 60), None)
        holder = next((ln for ln in lines if ln.lower().startswith("copyright")), None)
        if title:
            return tuple(x for x in (title, holder) if x), (path if path.is_file() else None)
    return (), None


def import_phoenix(folder: Path | str, known: Knowledge | None = None) -> Pack:
    """Convert a folder of PETRARCH/Phoenix dictionaries into a pack (see the module)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise KnowledgeError(folder, 0, "not a folder of Phoenix dictionaries")
    actor_paths = [folder / n for n in PHOENIX_ACTOR_FILES if (folder / n).is_file()]
    agents_path = folder / PHOENIX_AGENTS_FILE
    sources = actor_paths + ([agents_path] if agents_path.is_file() else [])
    if not sources:
        expected = ", ".join((*PHOENIX_ACTOR_FILES, PHOENIX_AGENTS_FILE))
        raise KnowledgeError(folder, 0, f"no Phoenix dictionaries here (expected {expected})")
    conv = _Converter(known if known is not None else load_knowledge(DEFAULTS))
    sectors: list[tuple[str, ...]] = []
    if agents_path.is_file():
        agents, skipped = read_agents(agents_path)
        for s in skipped:
            conv.drop(agents_path, s.line, s.text, s.reason)
        sectors = _sector_rows(conv, agents_path, agents)
    terms = {*conv.known.sectors, *conv.known.nonactors, *(r[0] for r in sectors)}
    conv.terms = frozenset(terms)
    conv.common = _lexicon_words(conv.known) | set(_words(tuple(terms)))
    candidates = []
    for path in actor_paths:
        records, skipped = read_actors(path)
        for s in skipped:
            conv.drop(path, s.line, s.text, s.reason)
        candidates += [c for r in records if (c := conv.candidate(path, r)) is not None]
    rows = _rows(candidates)
    rows["sectors"] = sectors
    licence, licence_file = _licence(folder, sources)
    dropped = sorted(conv.dropped, key=lambda d: (sources.index(Path(d.path)), d.line))
    return Pack(MappingProxyType({k: tuple(v) for k, v in rows.items()}), tuple(dropped),
                tuple(sources), licence, licence_file)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_pack(pack: Pack, folder: Path | str) -> list[Path]:
    """Write the pack's knowledge files (and the source's LICENSE) into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    sources = [f"{p.name} (sha256 {_sha256(p)[:16]})" for p in pack.sources]
    licence = " ".join(pack.licence) or "not stated in the source folder"
    written = []
    for kind in PACK_KINDS:
        columns, _ = TSV_COLUMNS[kind]
        path = folder / f"{kind}.tsv"
        header = [
            f"{PACK_MARK}: {kind}, converted from PETRARCH/Phoenix dictionaries",
            f"# by `dotterel knowledge import-phoenix` (dotterel {__version__}).",
            "# Sources: " + ", ".join(sources) + ".",
            f"# Licence of the sources (and so of this file): {licence}"
            + ("; the full text is in LICENSE beside this file." if pack.licence_file else "."),
            "\t".join(columns),
        ]
        body = ["\t".join(row) for row in pack.rows.get(kind, ())]
        path.write_text("\n".join(header + body) + "\n", encoding="utf-8")
        written.append(path)
    if pack.licence_file is not None:
        written.append(Path(shutil.copyfile(pack.licence_file, folder / LICENCE_FILE)))
    return written


@dataclass(frozen=True)
class FolderCheck:
    """What a knowledge folder adds to the bundled knowledge, once the two load together."""

    folder: Path
    # Rows (TSV files) or entries (trigger files, date keys) per kind.
    counts: Mapping[str, int]
    # Per kind, rows that name something the bundled knowledge has: for names the bundled
    # entry comes first and wins; for sector and non-actor terms the folder's row wins.
    shadowed: Mapping[str, int]


def _folder_files(folder: Path) -> Iterator[tuple[str, Path]]:
    for name, kind in BUNDLED_NAMES.items():
        if (folder / name).is_file():
            yield kind, folder / name
    if (folder / TRIGGER_FOLDER).is_dir():
        for path in trigger_folder_files(folder / TRIGGER_FOLDER):
            yield "triggers", path


def _shadows(kind: str, cells: tuple[str, ...], bundled: Knowledge) -> bool:
    if kind in ("sectors", "nonactors"):
        term = cells[0]
        return bool(bundled.sector_of(term) or bundled.nonactor_kind(term))
    if kind == "metonyms":
        return bool(bundled.lookup(cells[0]))
    if kind in ("organisations", "offices"):
        names = [cells[0], *(a for a in cells[1].split("|") if a.strip())]
        return any(bundled.lookup(n.strip()) for n in names)
    if kind == "countries":
        return cells[0] in bundled.countries
    return False


def check_folder(folder: Path | str, settings: Settings = DEFAULTS) -> FolderCheck:
    """Load a folder after the bundled files (or raise its first error) and count its rows."""
    folder = Path(folder)
    if not folder.is_dir():
        raise KnowledgeError(folder, 0, "not a folder")
    load_knowledge(dataclasses.replace(settings, knowledge_dir=folder, extra_files=()))
    bundled = load_knowledge(dataclasses.replace(settings, knowledge_dir=None, extra_files=()))
    counts: Counter[str] = Counter()
    shadowed: Counter[str] = Counter()
    for kind, path in _folder_files(folder):
        if kind in TSV_COLUMNS:
            for row in tsv_rows(path, kind):
                counts[kind] += 1
                shadowed[kind] += _shadows(kind, row.cells, bundled)
        else:
            data, _ = yaml_tree(path)
            counts[kind] += len(data) if isinstance(data, (list, dict)) else 0
    return FolderCheck(folder, MappingProxyType(dict(counts)), MappingProxyType(dict(shadowed)))
