"""Stand-in parties: a named party for a recipient that names none.

News English often puts the party an act is aimed at inside another phrase ("the demands of
the truck drivers", "aid for those displaced in Sudan") or in the trigger's clause ("imposed
a curfew in Maungtaw"). These functions find it from the parse; the pipeline decides when a
stand-in is wanted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from dotterel.coding.labels import PARTY_LABELS
from dotterel.knowledge.base import Knowledge

if TYPE_CHECKING:
    from spacy.tokens import Token

# Dependencies that open a clause of their own inside a phrase.
_CLAUSE_DEPS = ("relcl", "advcl", "ccomp", "pcomp", "parataxis")


def named_party(heads: Sequence[Token], trigger: Token, avoid: Sequence[Token],
                knowledge: Knowledge, clause: bool = True) -> list[Token]:
    """A named party to stand in for a recipient that names no actor.

    First a name inside the recipient's own phrase ("the demands of the truck drivers",
    "aid for those affected in Yemen"), nearest its head; then, with ``clause``, one attached
    to the trigger's clause by a preposition ("imposed a curfew in Maungtaw").
    """
    banned = {t.i for h in avoid for t in h.subtree}

    def named(t: Token) -> bool:
        # Names only: a sector noun inside a thing ("the attack on a church") is the thing's.
        return t.i not in banned and (t.ent_type_ in PARTY_LABELS or (
            t.pos_ == "PROPN" and bool(knowledge.lookup(t.text))))

    def depth(t: Token, top: Token) -> int:
        n = 0
        while t.i != top.i and n < 50:
            t, n = t.head, n + 1
        return n

    def in_clause(t: Token, top: Token) -> bool:
        # Inside a clause of its own below ``top`` ("the attacks, which saw people arrested
        # in Johannesburg", "accused the law of attacking civil society in Hungary"); a
        # participle stays part of the phrase ("those displaced in Sudan").
        while t.i != top.i:
            if t.dep_ in _CLAUSE_DEPS:
                return True
            t = t.head
        return False

    for h in heads:
        inside = [t for t in h.subtree if t.i != h.i and named(t) and not in_clause(t, h)]
        if inside:
            best = min(inside, key=lambda t: (depth(t, h), t.i))
            return [_entity_root(best)]
    if not clause:
        return []
    # Objects of prepositions anywhere in the trigger's phrase, nearest the trigger first:
    # "declared a ceasefire effective from Sunday in Somalia", "provided $340 million for
    # assistance in northern Iraq". Not inside a clause of its own ("..., which X said").
    # (or a name owning or modifying one: "against Syria's chemical weapons").
    own = [t for t in trigger.subtree if named(t) and (t.dep_ == "pobj" or (
               t.dep_ in ("poss", "compound", "amod", "nmod") and t.head.dep_ == "pobj"))
           and not any(a.dep_ in ("relcl", "ccomp", "parataxis") and a.i != trigger.i
                       and trigger in a.ancestors for a in t.ancestors)]
    if own:
        return [_entity_root(min(own, key=lambda t: (depth(t, trigger), t.i)))]
    return []


def _entity_root(token: Token) -> Token:
    """The syntactic root of the named entity a token is part of (or the token)."""
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent.root
    return token
