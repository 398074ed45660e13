"""Force: a seizure by armed forces is an assault.

PLOVER's COERCE ``seize`` is what police or other authorities do: search, confiscate, raid in
law enforcement. When soldiers, rebels or militias capture a town, seize a tanker or take
over a base, the seizure is an act of battle, an ASSAULT ("deliberate actions which can
potentially result in substantial physical harm, including violence, battles"), as the manual
also codes combatants captured in conflict. The lexicon's entries stay COERCE (the police's
seizure is the common case); the doer's sector decides once the actor is coded.
"""

from __future__ import annotations

from dataclasses import replace

from dotterel.knowledge.base import Knowledge
from dotterel.knowledge.grammar import Grammar
from dotterel.records import Event

# The PLOVER type that armed seizures are re-coded as, and the type they are coded from.
ASSAULT = "ASSAULT"
COERCE = "COERCE"


def armed_seizures(events: list[Event], knowledge: Knowledge, grammar: Grammar
                   ) -> list[Event]:
    """Events with each seizure by an armed force (grammar ``armed_sectors``) coded as the
    assault it is."""
    default = grammar.type_defaults[ASSAULT]
    out: list[Event] = []
    for e in events:
        if e.event_type == COERCE and e.mode in grammar.armed_seizure_modes \
                and e.actor.sector in grammar.armed_sectors:
            e = replace(e, event_type=ASSAULT, mode=default.mode, cameo=default.cameo,
                        quad_class=knowledge.quad_class(default.cameo),
                        goldstein=float(knowledge.goldstein.get(default.cameo, 0.0)))
        out.append(e)
    return out
