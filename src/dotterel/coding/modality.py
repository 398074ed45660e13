"""The modality of an act: whether the text tells it as done (asserted), denied (negated),
promised or intended (future), asked for or conditional (hypothetical), or told by someone
else (reported), from the clause around its trigger."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dotterel.coding.arguments import charging_verb, demanded
from dotterel.coding.nominals import intended
from dotterel.knowledge.grammar import Grammar

if TYPE_CHECKING:
    from spacy.tokens import Token


def modality_of(trigger: Token, grammar: Grammar) -> str:
    """asserted, negated, future, hypothetical or reported, from the clause around a trigger."""
    kids = list(trigger.children)
    if any(c.dep_ == "neg" or (c.lower_ in grammar.negators and c.dep_ in ("advmod", "det"))
           for c in kids):
        return "negated"
    head = trigger.head
    if trigger.dep_ == "xcomp" and head.lemma_.lower() in grammar.negating_verbs:
        return "negated"
    if trigger.dep_ in ("xcomp", "ccomp", "conj"):
        if any(c.dep_ == "neg" for c in head.children) and trigger.dep_ == "xcomp":
            return "negated"
    aux = {c.lower_ for c in kids if c.dep_ in ("aux", "auxpass")}
    if aux & grammar.future_aux:
        return "future"
    if any(c.dep_ == "mark" and c.lower_ in grammar.conditional_marks for c in kids):
        return "hypothetical"
    if aux & grammar.hypothetical_aux:
        return "hypothetical"
    if demanded(trigger, grammar):
        return "hypothetical"
    if trigger.dep_ == "xcomp" and head.lemma_.lower() in grammar.intent_verbs \
            or intended(trigger, grammar) is not None:
        return "future"
    if trigger.dep_ == "xcomp" and head.pos_ == "ADJ" and head.lower_ in grammar.intent_verbs:
        return "future"
    if trigger.dep_ == "xcomp" and any(
        c.lower_ in ("going", "about") for c in (head, *head.children)
    ):
        return "future"
    if trigger.dep_ == "ccomp" and head.lemma_.lower() in grammar.reporting_verbs:
        return "reported"
    if hearsay(trigger, grammar):
        return "reported"
    charged = charging_verb(trigger, grammar)
    if charged is not None and charged.lemma_.lower() in grammar.charging_verbs:
        return "reported"
    if trigger.dep_ in ("conj", "xcomp") and head.i != trigger.i and not aux - {"to"} \
            and head.pos_ in ("VERB", "AUX"):
        # A coordinated or complement verb with no auxiliary of its own shares its head's:
        # "would require the government to hold elections and ask the opposition ..." holds
        # and asks hypothetically too.
        inherited = modality_of(head, grammar)
        if inherited in ("future", "hypothetical", "negated"):
            return inherited
    return "asserted"


def source_marker(token: Token, grammar: Grammar) -> bool:
    """Whether a word names where a report comes from: "according (to state media)",
    "quoting (officials)", "citing (witnesses)"."""
    return token.tag_ == "VBG" and token.lemma_.lower() in grammar.source_markers \
        and token.dep_ in ("prep", "advcl", "pcomp", "acl")


def hearsay(trigger: Token, grammar: Grammar) -> bool:
    """Whether the clause of a trigger, or one it stands in, is told on another's word:
    "according to state media, the army was put on alert", "troops reportedly shelled"."""
    for token in (trigger, *trigger.ancestors):
        if any(c.lower_ in grammar.hearsay_words and (
                c.dep_ == "advmod" or source_marker(c, grammar)) for c in token.children):
            return True
    return False
