"""Circumstances: when and where an event happened.

The date is a date expression modifying the trigger's clause (or a clause above it, such as
the "said on Monday" that reports it), resolved against the publication date, else the
publication date itself; the place is a place name the trigger governs through a preposition
of place ("in Damascus", "the town of Rastan") or as what was hit ("shelled Homs"), found in
the gazetteer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dotterel.coding.candidates import Candidate
from dotterel.coding.dates import parse_iso, resolve_date
from dotterel.coding.labels import DATE_LABEL, PLACE_LABELS
from dotterel.knowledge.base import Knowledge
from dotterel.knowledge.grammar import Grammar
from dotterel.knowledge.places import Gazetteer
from dotterel.records import Location

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


def find_place(text: str, prefer: tuple[str | None, ...], grammar: Grammar, gazetteer: Gazetteer
               ) -> Location | None:
    """The gazetteer's place for a name; never for a compass word alone ("the North" is a
    region, not the town of North, South Carolina)."""
    if text.lower().removeprefix("the ").strip() in grammar.compass_words:
        return None
    return gazetteer.find(text, prefer)


def region_country(text: str, country: str, grammar: Grammar, gazetteer: Gazetteer,
                   knowledge: Knowledge) -> str | None:
    """The country of a place named after another country ("the Niger Delta" is Nigeria's,
    not Niger's), where ``country`` came from the name inside it; else None."""
    if knowledge.lookup(text.removeprefix("the ").strip()):
        return None
    place = find_place(text, (), grammar, gazetteer)
    if place is None or not place.country or place.country == country:
        return None
    named = any(e.kind == "country" and e.country == country
                for word in text.split() for e in knowledge.lookup(word))
    return place.country if named else None


def dateline_country(dateline: str, grammar: Grammar, gazetteer: Gazetteer,
                     knowledge: Knowledge) -> str | None:
    """The country a wire dateline is filed from ("NAIROBI, Kenya - ", "KABUL (Reuters) -"),
    if it names a known place or country."""
    # (The agency in brackets and the dash are no place; nor is a date: "MOSCOW, Aug 30".)
    for part in dateline.split("(")[0].strip(" -\u2013\u2014:\"\u201c").split(","):
        part = part.strip()
        if not part:
            continue
        place = find_place(part, (), grammar, gazetteer)
        if place is not None and place.country:
            return place.country
        for entity in knowledge.lookup(part):
            if entity.kind == "country" and entity.country:
                return entity.country
    return None


# Dependencies through which a date modifies a clause ("on Monday", "last week", "in March").
_TEMPORAL_DEPS = {"npadvmod", "tmod", "prep", "pobj", "advmod", "nummod", "pcomp", "conj"}


def _governing_verb(ent: Span) -> Token | None:
    """The verb a date expression modifies, or None when it sits inside a noun phrase
    ("a 1911 loan", "bonds issued in 1911" modify nouns, not the clause)."""
    token = ent.root
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") and token.i != ent.root.i:
            return token
        if token.dep_ not in _TEMPORAL_DEPS or token.head.i == token.i:
            return None
        if token.head.pos_ in ("NOUN", "PROPN") and token.dep_ == "prep":
            return None
        token = token.head
    return None


def event_date(cand: Candidate, ents: list[Span], published: str | None, knowledge: Knowledge,
               promised: bool = False) -> tuple[str | None, str | None]:
    """The event's date: a date expression modifying the trigger's clause (or a clause above
    it, such as the "said on Monday" that reports it), else the publication date. A promise or
    threat (``promised``: "would attend the talks on Sunday") is made when it is told, not on
    the day of what it promises: only the clauses above the trigger date it."""
    clauses = {t.i for t in cand.trigger.ancestors} | (set() if promised else {cand.trigger.i})
    subtree = set() if promised else {t.i for t in cand.trigger.subtree}
    dates = [e for e in ents if e.label_ == DATE_LABEL]
    chosen = next((e for e in dates if (v := _governing_verb(e)) is not None
                   and v.i in clauses), None)
    if chosen is None:
        # A day named inside the event's own words ("accused Israel of the attack on
        # Monday") still dates it; a year inside a noun phrase ("a 1911 loan") does not.
        days = set(knowledge.dates.weekdays) | set(knowledge.dates.relative_days)
        chosen = next((e for e in dates if e.root.i in subtree
                       and any(w.lower_ in days for w in e)), None)
    if chosen is None:
        return published[:10] if published else None, None
    resolved = resolve_date(chosen.text, parse_iso(published), knowledge.dates,
                            future=cand.modality == "future")
    return (resolved.isoformat() if resolved else None), chosen.text


def event_place(cand: Candidate, ents: list[Span], prefer: tuple[str | None, ...],
                actor_tokens: set[int], knowledge: Knowledge, grammar: Grammar,
                gazetteer: Gazetteer) -> Location | None:
    """The event's place: a place name governed by the trigger (or, for an event told as a
    noun, by its verb: "protests paralysed the port of Durban"), found in the gazetteer."""
    scope = cand.trigger.head if cand.nominal else cand.trigger
    subtree = {t.i for t in scope.subtree}
    for ent in ents:
        if ent.label_ not in PLACE_LABELS or ent.root.i not in subtree \
                or ent.root.i in actor_tokens:
            continue
        head = ent.root.head
        attached = (head.dep_ == "prep" or head.pos_ == "ADP") and (
            head.lower_ in grammar.place_preps
            or (head.lower_ == "of" and head.head.lemma_.lower() in grammar.place_nouns))
        # A place is where the event happened only when a preposition puts it there ("in
        # Damascus", "the town of Rastan") or when it is what was hit ("shelled Homs").
        if not attached and not (ent.root.head.i == cand.trigger.i
                                 and ent.root.dep_ in ("dobj", "nsubjpass")
                                 and cand.event_type in grammar.place_object_types):
            continue
        # A country's own name is the country, not a town named after it (Lebanon, Tennessee).
        hits = [e for e in knowledge.lookup(ent.text) if e.kind == "country"]
        loc = Location(text=ent.text, name=hits[0].name, country=hits[0].country, lat=None,
                       lon=None) if hits else find_place(ent.text, prefer, grammar, gazetteer)
        if loc is not None:
            return loc
    return None


# Prepositions that say where a party is inside its own phrase ("police in Alexandria").
PARTY_PLACE_PREPS = ("in", "at")


def party_place(ents: list[Span], spans: list[tuple[int, int]], grammar: Grammar,
                gazetteer: Gazetteer) -> Location | None:
    """Where a party is said to be, for an event with no place of its own: a place named "in"
    or "at" inside its phrase ("police in Alexandria arrested ...", "protesters at Tahrir
    Square") is where it acted."""
    for ent in ents:
        head = ent.root.head
        if ent.label_ in PLACE_LABELS and ent.label_ != "NORP" \
                and head.lower_ in PARTY_PLACE_PREPS \
                and any(start <= head.i and ent.end <= end for start, end in spans):
            loc = find_place(ent.text, (), grammar, gazetteer)
            if loc is not None:
                return loc
    return None
