"""Repeats: one act told twice in a clause, as an event noun and by the verb it is the subject
of ("a rocket attack killed three soldiers", "the car bomb wounded twelve people") or the
object of ("the association organised the march", "rebels staged an attack").

The rules code the noun ("attack": an assault, its doer unidentified) and the verb ("killed":
an assault by "a rocket attack" on the soldiers); both are the same act, and counted twice it
would inflate every tally. The verb's event stays, for it names the target; its doer is the
noun's where the verb's subject (the noun's phrase) has no code of its own.

So is an act told with its means: "retaliated by bombing the posts" is one assault, the
bombing; the general verb's event goes.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from dotterel.records import Actor, Event, Trigger

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _trigger_word(doc: Doc, e: Event) -> int | None:
    """The index of the head word of an event's trigger (None if it spans no token)."""
    found = doc.char_span(e.trigger.start, e.trigger.end, alignment_mode="expand")
    return None if found is None else found.root.i


def _told_by_noun(doc: Doc, e: Event) -> bool:
    word = _trigger_word(doc, e)
    return word is not None and doc[word].pos_ in ("NOUN", "PROPN")


def _within(noun: Event, span: Actor | Trigger | None) -> bool:
    """Whether a noun event's trigger lies inside a span of another event."""
    return span is not None and span.start <= noun.trigger.start \
        and noun.trigger.end <= span.end


def merge_repeats(doc: Doc, events: list[Event]) -> list[Event]:
    """Events with each act told by a noun and by the verb it is the subject of given once."""
    by_noun = [_told_by_noun(doc, e) for e in events]
    dropped: set[int] = set()
    merged: dict[int, Event] = {}
    for k, verb in enumerate(events):
        if by_noun[k]:
            continue
        for j, noun in enumerate(events):
            if not by_noun[j] or j in dropped or noun.sentence != verb.sentence \
                    or noun.event_type != verb.event_type:
                continue
            # "organised the march": the noun is the verb's object, not whom it was done to
            # (a coded recipient that holds it, "Damascus warning", is still a party).
            told_in = _within(noun, verb.trigger) or (
                _within(noun, verb.recipient) and verb.recipient is not None
                and not verb.recipient.code)
            if not (_within(noun, verb.actor) or told_in):
                continue
            dropped.add(j)
            kept = merged.get(k, verb)
            if told_in and (kept.recipient is None or not kept.recipient.code):
                # The noun's own recipient ("a march on parliament") is whom it was done to.
                kept = replace(kept, recipient=noun.recipient)
            if not kept.actor.code and noun.actor.code:
                kept = replace(kept, actor=replace(kept.actor, country=noun.actor.country,
                                                   sector=noun.actor.sector,
                                                   name=noun.actor.name))
            if kept.recipient is None and noun.recipient is not None:
                kept = replace(kept, recipient=noun.recipient)
            merged[k] = kept
    return _merge_means([merged.get(k, e) for k, e in enumerate(events) if k not in dropped],
                        doc)


def _merge_means(events: list[Event], doc: Doc) -> list[Event]:
    """Events without a verb's event whose act another event of the same type and parties
    tells by its means ("responded by shelling the posts": the shelling)."""
    heads = [_trigger_word(doc, e) for e in events]
    dropped: set[int] = set()
    for k, general in enumerate(events):
        for j, means in enumerate(events):
            at, verb = heads[j], heads[k]
            if j == k or j in dropped or at is None or verb is None \
                    or means.event_type != general.event_type \
                    or means.actor.code != general.actor.code \
                    or (means.recipient.code if means.recipient else None) != (
                        general.recipient.code if general.recipient else None):
                continue
            word = doc[at]
            if word.dep_ == "pcomp" and word.head.lower_ == "by" and word.head.head.i == verb:
                dropped.add(k)
                break
    return [e for k, e in enumerate(events) if k not in dropped]
