"""Gaps: a party's missing country or sector, filled in from the evidence around it.

A party told without its country ("the army", "the opposition") takes it from the best
evidence first: a place inside its phrase or the event's place, the other party's country for
domestic sectors, the same sector's recent mention, the article's main country; a person named
with no role is a civilian of the article's country. Two parties of one country and sector are
one party (no dyad), except private people and parties whose countries are unknown.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from dotterel.coding.labels import ORG_LABEL, PERSON_LABEL
from dotterel.coding.mentions import Coded, History, same_sector
from dotterel.coding.resources import Resources
from dotterel.knowledge.codes import ORGANISATION_CODES
from dotterel.records import Location

if TYPE_CHECKING:
    from spacy.tokens import Doc


# Sectors of private people: two parties of one of these are never one party.
PRIVATE_SECTORS = frozenset({"CVL"})
# PLOVER's sector of an attacker that the text does not identify ("a car bomb").
UNIDENTIFIED = "UNK"


def twins(a: Coded, b: Coded | None) -> bool:
    """Whether two parties have the same country and sector (no dyad: an internal event
    has different sectors, the government against the opposition). Two parties whose
    countries are unknown are not known to be one: two agencies, both GOV, may be any; nor are
    two sets of private people: "a teenager accused his father"."""
    return b is not None and bool(a.country) and a.country == b.country \
        and a.sector == b.sector and a.sector not in PRIVATE_SECTORS


def civilian(m: Coded | None, other: Coded | None, place: Location | None, doc: Doc,
              history: History, res: Resources) -> Coded | None:
    """A person named with no role in the knowledge base or the text is a civilian (PLOVER's
    CVL) of the country the article gives ("Ahmed Mohamed"; nouns for private people, "a
    boy", are CVL in the sector lexicon)."""
    if m is None or m.sector or m.nonactor is not None:
        return m
    head = doc[m.head]
    # (A name the knowledge base knows as something else stays that: "Niger", tagged PERSON.)
    if head.pos_ == "PRON" or not (m.kind == "person" or (
            m.kind == "unknown" and head.ent_type_ == PERSON_LABEL)):
        return m
    title = None
    for t in doc[m.start:m.head]:
        if t.pos_ == "ADP":
            break
        if t.ent_type_ == ORG_LABEL:
            # Someone of a body the knowledge base does not know ("Acme founder Jo Bloggs"):
            # the body's sector, unknown, not a civilian's.
            return m
        title = title or res.knowledge.sector_of(t.lemma_)
    # A title before the name ("Minister of Education Jo Bloggs") is the office's sector.
    return fill_country(replace(m, sector=title or "CVL"), other, place, history, res,
                        other_posted=posted_abroad(other, doc, res))


def unidentified(m: Coded) -> Coded:
    """The unidentified doer of an attack told by its weapon (PLOVER's UNK; the country comes
    from the place, as for any actor without one)."""
    return replace(m, country=None, sector=UNIDENTIFIED, kind="group", nonactor=None)


def relational_of(m: Coded | None, doc: Doc, res: Resources, country: str | None) -> bool:
    """Whether a mention is a relational phrase ("his Iranian partners") of this country."""
    return m is not None and country is not None and m.country == country \
        and doc[m.head].lemma_.lower() in res.grammar.relational_nouns


def share_country(mentions: list[Coded]) -> list[Coded]:
    """Coordinated mentions share a country: "the Syrian government and the opposition"."""
    countries = {m.country for m in mentions if m.country and len(m.country) == 3}
    if len(countries) != 1:
        return mentions
    country = countries.pop()
    return [m if m.country or not m.sector else replace(m, country=country) for m in mentions]


def posted_abroad(m: Coded | None, doc: Doc, res: Resources) -> bool:
    """Whether a mention names people posted abroad (a diplomat, an embassy, a mission)."""
    return m is not None and doc[m.head].lemma_.lower() in res.grammar.posted_nouns


def fill_country(m: Coded | None, other: Coded | None, place: Location | None,
                  history: History, res: Resources, posted: bool = False,
                  other_posted: bool = False) -> Coded | None:
    """A missing country, from the best evidence first: a place inside the phrase or the
    event's place (not for people ``posted`` abroad: diplomats in Geneva are not Swiss); for
    domestic sectors the other party's country ("the opposition accused the Syrian
    authorities"); the same sector's recent mention; the article's main country."""
    if m is None or m.country or m.nonactor:
        # (A thing, "three agreements in Tokyo", has no country of its own to guess.)
        return m
    if place is not None and place.country and not posted \
            and (m.sector or place.text in m.text):
        return replace(m, country=place.country)
    if not m.sector or any(w in res.grammar.foreign_words for w in m.text.lower().split()):
        # ("Western envoys", "foreign diplomats": from elsewhere, where the text does not say.)
        return m
    if m.sector in res.grammar.domestic_sectors and other is not None and other.country \
            and len(other.country) == 3 and other.country not in ORGANISATION_CODES \
            and not other_posted:
        # (Not a diplomat's: "met the US ambassador" is someone of the country he is posted to.)
        return replace(m, country=other.country)
    same = same_sector(m, history)
    if same is not None:
        return replace(m, country=same.country,
                       name=same.name if same.text.split()[-1:] == m.text.split()[-1:]
                       else m.name)
    main = history.main_country()
    return replace(m, country=main) if main else m
