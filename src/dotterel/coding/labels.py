"""spaCy's named-entity labels as the stages group them: each set named by what it means, once.

The labels are OntoNotes' (what spaCy's English pipelines predict).
"""

from __future__ import annotations

# Entities that name something that can act: a place standing for its people, a people, an
# organisation, a person, a region or a building ("the White House").
NAME_LABELS: frozenset[str] = frozenset({"GPE", "NORP", "ORG", "PERSON", "LOC", "FAC"})
# Entities that can stand in for a missing party (not regions or buildings).
PARTY_LABELS: frozenset[str] = frozenset({"GPE", "NORP", "ORG", "PERSON"})
# Entities whose heads are registered as mentions even outside a noun chunk.
MENTION_LABELS: frozenset[str] = frozenset({"PERSON", "ORG", "GPE"})
# Entities where an event can happen ("in Damascus", "near the Golan", "at the embassy").
PLACE_LABELS: frozenset[str] = frozenset({"GPE", "LOC", "FAC", "NORP"})
# Entities that the gazetteer may know as a place with a country.
GAZETTEER_LABELS: frozenset[str] = frozenset({"GPE", "LOC"})
# Entities that are never actors: "began in March", "killed 2,000".
NOT_ACTOR_LABELS: frozenset[str] = frozenset(
    {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
COUNTRY_LABEL = "GPE"
PERSON_LABEL = "PERSON"
ORG_LABEL = "ORG"
DATE_LABEL = "DATE"
