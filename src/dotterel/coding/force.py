"""Force: a seizure by armed forces is an assault.

PLOVER's COERCE ``seize`` is what police or other authorities do: search, confiscate, raid in
law enforcement. When soldiers, rebels or militias capture a town, seize a tanker or take
over a base, the seizure is an act of battle, an ASSAULT ("deliberate actions which can
potentially result in substantial physical harm, including violence, battles"), as the manual
also codes combatants captured in conflict. The lexicon's entries stay COERCE (the police's
seizure is the common case); the doer's sector decides once the actor is coded.
"""

from __future__ import annotations

from dotterel.coding.resources import Resources
from dotterel.records import Event

# The PLOVER type that armed seizures are re-coded as, and the type they are coded from.
ASSAULT = "ASSAULT"
COERCE = "COERCE"


def armed_seizures(events: list[Event], res: Resources) -> list[Event]:
    """Events with each seizure by an armed force (grammar ``armed_sectors``) coded as the
    assault it is."""
    grammar = res.grammar
    return [res.retyped(e, ASSAULT) if e.event_type == COERCE
            and e.mode in grammar.armed_seizure_modes and e.actor.sector in grammar.armed_sectors
            else e for e in events]
