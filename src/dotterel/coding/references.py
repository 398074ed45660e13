"""References: an act named again later by a definite event noun stands for its doer.

"Security forces fired tear gas at protesters. ... Britain condemned the crackdown": the
crackdown names no party, but it is the act the article told before, and whom Britain
condemned is who did it. A recipient told so (``the``/``this``/``that`` and a noun that the
trigger lexicon knows as an event of the same family as the earlier act) takes the code of the
latest earlier act's doer; its words stay the phrase's own, so the evidence still points at
what this sentence says.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from dotterel.knowledge.base import Knowledge
from dotterel.knowledge.grammar import Grammar
from dotterel.records import Actor, Event

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Determiners that point back at something already told.
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
# Families of acts a later noun may name: a "crackdown" may retell an assault or a coercion.
ACT_FAMILIES = (
    frozenset({"ASSAULT", "COERCE"}),
    frozenset({"PROTEST"}),
    frozenset({"SANCTION"}),
    frozenset({"THREATEN"}),
)


def _family(event_type: str) -> frozenset[str]:
    return next((f for f in ACT_FAMILIES if event_type in f), frozenset({event_type}))


def _earlier_acts(head: Token, e: Event, out: list[Event], knowledge: Knowledge
                  ) -> list[Event]:
    """The latest earlier act (each of its dyads) that a definite event noun retells."""
    named = {entry.type for entry in knowledge.triggers.get(head.lemma_.lower(), ())
             if entry.pos == "NOUN"}
    families = {t for n in named for t in _family(n)}
    latest = next((p for p in reversed(out) if p.sentence < e.sentence
                   and p.event_type in families and p.actor.code), None)
    if latest is None:
        return []
    return [p for p in out if (p.sentence, p.trigger.start) == (latest.sentence,
                                                                latest.trigger.start)
            and p.actor.code]


def _answered(doc: Doc, e: Event, grammar: Grammar) -> Token | None:
    """The definite act noun that a verb of answering or judging takes inside its trigger
    ("rejected the demand", "condemned the attack"), where the event has no recipient; not
    a light verb's own act ("launched the offensive", "signed the agreement")."""
    if e.recipient is not None:
        return None
    span = doc.char_span(e.trigger.start, e.trigger.end, alignment_mode="expand")
    if span is None:
        return None
    return next((t for t in span if t.pos_ == "NOUN" and t.dep_ == "dobj"
                 and any(c.lower_ in DEFINITE for c in t.children)
                 and (t.head.lemma_.lower() in grammar.answering_verbs
                      or t.head.lemma_.lower() in grammar.judging_verbs)), None)


def refer_back(doc: Doc, events: list[Event], knowledge: Knowledge, grammar: Grammar
               ) -> list[Event]:
    """Events whose recipient is a definite event noun retelling an earlier act, with that
    act's doer's code; and events that answer such a noun in their own words ("Kenya rejected
    the demand"), with that doer as their recipient."""
    out: list[Event] = []
    for e in events:
        noun = _answered(doc, e, grammar)
        if noun is not None:
            # (Never its own doer: one does not answer oneself.)
            acts = [p for p in _earlier_acts(noun, e, out, knowledge)
                    if p.actor.code != e.actor.code]
            phrase = doc[noun.left_edge.i:noun.i + 1]
            out += [replace(e, recipient=Actor(phrase.text, p.actor.name, p.actor.country,
                                               p.actor.sector, phrase.start_char,
                                               phrase.end_char))
                    for p in acts] or [e]
            continue
        r = e.recipient
        span = doc.char_span(r.start, r.end, alignment_mode="expand") \
            if r is not None and not r.code else None
        head = span.root if span is not None else None
        if r is None or head is None or head.pos_ != "NOUN" \
                or not any(c.lower_ in DEFINITE for c in head.children):
            out.append(e)
            continue
        acts = _earlier_acts(head, e, out, knowledge)
        if not acts:
            out.append(e)
            continue
        earlier = acts[-1]
        out.append(replace(e, recipient=replace(r, country=earlier.actor.country,
                                                sector=earlier.actor.sector,
                                                name=earlier.actor.name)))
    return out
