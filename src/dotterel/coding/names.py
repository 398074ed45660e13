"""Names that contain places: a country's or a city's name that is one word of a person's or
a club's name ("Denzel Washington", "Real Madrid", "Wilhelmina Paris") names no place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dotterel.coding.labels import ORG_LABEL, PERSON_LABEL
from dotterel.knowledge.base import Entity, Knowledge
from dotterel.knowledge.grammar import Grammar

if TYPE_CHECKING:
    from spacy.tokens import Doc

# The kinds of knowledge entry that name a place.
_PLACE_KINDS = frozenset({"country", "capital", "demonym", "metonym"})


def in_person_name(doc: Doc, match: tuple[int, int, Entity], grammar: Grammar | None,
                   knowledge: Knowledge) -> bool:
    """Whether a country or city name is one word of a longer name: a person's ("Jordan
    Peterson", "Denzel Washington"; the small model often tags such names ORG) or a club's
    ("Real Madrid"). A name that ends a longer name after other proper nouns is its last
    word, not the place; one that starts it ("Moscow State University") still says where."""
    start, end, entity = match
    first = doc[start]
    given = doc[start - 1] if start > 0 else None
    if entity.kind == "capital" and given is not None and grammar is not None \
            and given.dep_ == "compound" and given.head.i == end - 1 and given.pos_ == "PROPN" \
            and given.is_title and given.lower_ not in grammar.place_qualifiers \
            and not knowledge.lookup(given.text):
        # "Wilhelmina Paris", tagged a place: an unknown name before a city's makes it a surname.
        return True
    if entity.kind not in _PLACE_KINDS or first.ent_type_ not in (PERSON_LABEL, ORG_LABEL):
        return False
    # (A verb the tagger ran into the name is none of it: a headline's "Israel Kills Two".)
    continues = end < len(doc) and doc[end].ent_iob_ == "I" \
        and doc[end].pos_ not in ("VERB", "AUX")
    if first.ent_type_ == PERSON_LABEL and continues:
        return True
    if first.ent_iob_ != "I" or continues:
        return False
    k = start - 1
    while k >= 0 and doc[k].ent_iob_ == "I":
        k -= 1
    return all(t.pos_ == "PROPN" for t in doc[k:start])
