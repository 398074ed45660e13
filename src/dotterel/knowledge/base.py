"""The knowledge base's records: entities, trigger entries and the indexed ``Knowledge``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from types import MappingProxyType

_CURLY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


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
    """One event trigger (an entry of ``knowledge/data/triggers/*.yaml``)."""

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
    # The verb must have a to-infinitive complement ("told the rebels to disarm": a demand).
    to_clause: bool = False


def singulars(word: str) -> tuple[str, ...]:
    """The English singulars a regular plural may have, most specific first ("militiamen" ->
    "militiaman", "authorities" -> "authority", "protesters" -> "protester")."""
    out = []
    if word.endswith("men"):
        out.append(word[:-3] + "man")
    if word.endswith("ies"):
        out.append(word[:-3] + "y")
    if word.endswith("es"):
        out.append(word[:-2])
    if word.endswith("s"):
        out.append(word[:-1])
    return tuple(out)


def normalize(text: str) -> str:
    """The lookup key of a surface form: lowercase, straight quotes, one space, no leading 'the'."""
    key = " ".join(text.translate(_CURLY).lower().split())
    if key.startswith("the "):
        key = key[4:]
    return key


def dotless(key: str) -> str:
    return " ".join(key.replace(".", "").split())


def is_short_acronym(surface: str) -> bool:
    # "US", "WHO", "IS": all-caps and short, so their lowercase keys are ordinary words.
    letters = [c for c in surface if c.isalpha()]
    return 0 < len(letters) <= 3 and all(c.isupper() for c in letters)


@dataclass(frozen=True)
class DateWords:
    """The date words of ``dates.yaml``, for resolving "on Monday", "last week", "in March"."""

    weekdays: tuple[str, ...]  # Monday first
    months: Mapping[str, int]
    # Whole expressions that are an offset in days from publication ("yesterday": -1).
    relative_days: Mapping[str, int]
    # Expressions naming a period before or after publication: (unit, count).
    relative_periods: Mapping[str, tuple[str, int]]
    forward_words: frozenset[str]
    backward_words: frozenset[str]


@dataclass(frozen=True)
class Knowledge:
    """Everything dotterel knows about the world and the language, validated and indexed."""

    entities: Mapping[str, tuple[Entity, ...]]
    max_name_words: int
    sectors: Mapping[str, str]
    max_sector_words: int
    triggers: Mapping[str, tuple[TriggerEntry, ...]]
    goldstein: Mapping[str, float]
    dates: DateWords
    countries: Mapping[str, Entity]
    # Nouns that are never parties, by what they name (cause, weapon, document, thing ...).
    nonactors: Mapping[str, str] = field(default_factory=dict)
    # Regions, provinces and territories by each of their names (the gazetteer's first hits).
    regions: tuple[tuple[str, Entity], ...] = ()
    # Keys that only ever came from short all-caps forms: they match only text without lowercase.
    acronyms: frozenset[str] = field(default_factory=frozenset)

    def lookup(self, text: str, on: str | None = None) -> tuple[Entity, ...]:
        """Entities named by ``text``; with an ISO date ``on``, office-holders as of that day."""
        key = normalize(text)
        hits = self.entities.get(key) or ()
        if not hits:
            key = dotless(key)
            hits = self.entities.get(key) or ()
        if hits and key in self.acronyms and any(c.islower() for c in text):
            return ()
        if on is None or not hits:
            return hits
        return _as_of(hits, on[:10])

    @cached_property
    def _name_words(self) -> tuple[frozenset[str], frozenset[str]]:
        """The first words of the keys of several words, and the keys of one word."""
        if "" in self.entities or "the" in self.entities:
            # (Then any text might name something: no shortcut.)
            return frozenset(), frozenset()
        keys = list(self.entities)
        return (frozenset(k.split(" ", 1)[0] for k in keys if " " in k),
                frozenset(k for k in keys if " " not in k))

    def may_name(self, words: Sequence[str]) -> bool:
        """Whether a known name may start these words (token texts with their trailing
        whitespace): False only when no ``lookup`` of any of their beginnings would hit. A
        cheap test before ``lookup``: most words start no name."""
        first_words, single = self._name_words
        if not single:
            return True
        whole = normalize("".join(words))
        # A key of several words shares the text's first word.
        if whole.split(" ", 1)[0] in first_words or \
                dotless(whole).split(" ", 1)[0] in first_words:
            return True
        # A key of one word is a beginning that normalises to one word ("hamas" of
        # "Hamas-led", "hague" of "the Hague"); a longer beginning never has fewer words.
        text = ""
        for word in words:
            text += word
            key = normalize(text.strip())
            short = dotless(key)
            if key in single or short in single:
                return True
            if " " in key and " " in short:
                return False
        return False

    @cached_property
    def sector_words(self) -> frozenset[str]:
        """Every word of every sector noun or title ("security", "force", "minister")."""
        return frozenset(word for key in self.sectors for word in key.split())

    def sector_of(self, lemma_phrase: str) -> str | None:
        """The sector a (possibly multiword) lemma names, e.g. 'security force' -> 'COP'."""
        return self.sectors.get(" ".join(lemma_phrase.lower().split()))

    def nonactor_kind(self, lemma_phrase: str) -> str | None:
        """What a (possibly multiword) lemma names when it is never a party: 'earthquake' ->
        'cause', 'car bomb' -> 'weapon', 'resolution' -> 'document'; None for others."""
        return self.nonactors.get(" ".join(lemma_phrase.lower().split()))

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

def office_holders(knowledge: Knowledge) -> Mapping[tuple[str, str], tuple[Entity, ...]]:
    """Every dated office-holder by (country, office)."""
    index: dict[tuple[str, str], list[Entity]] = {}
    for entities in knowledge.entities.values():
        for e in entities:
            if e.kind == "person" and e.office and e.country:
                bucket = index.setdefault((e.country, e.office.lower()), [])
                if e not in bucket:
                    bucket.append(e)
    return MappingProxyType({k: tuple(v) for k, v in index.items()})
