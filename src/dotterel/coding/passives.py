"""Passives: who an act was done to, and by whom, when English tells it passively.

Besides the parser's own passives ("were arrested by police"), news English leaves passives
unmarked: a participle on a noun ("the activists arrested in Cairo"), a participle sharing
another's auxiliary ("five were killed and eight others injured"), and a headline's passive
with no auxiliary at all ("Iran urged to halt enrichment").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dotterel.knowledge.base import TriggerEntry
from dotterel.knowledge.grammar import Grammar

if TYPE_CHECKING:
    from spacy.tokens import Token

# Dependencies that carry the subject of a passive clause.
PASSIVE_SUBJ = ("nsubjpass", "csubjpass")


def children_with(token: Token, deps: tuple[str, ...]) -> list[Token]:
    """A token's children whose dependency is one of ``deps``."""
    return [c for c in token.children if c.dep_ in deps]


def gapped_passive(verb: Token) -> list[Token]:
    """The subject of a participle that shares a passive's auxiliary, which is who it was
    done to: "five were killed and eight others injured" (the parser reads "eight others"
    as the subject of "injured")."""
    if verb.dep_ != "conj" or verb.tag_ != "VBN" or not children_with(verb.head, PASSIVE_SUBJ) \
            or children_with(verb, ("aux", "auxpass")):
        return []
    return children_with(verb, ("nsubj",))


def headline_passive(verb: Token, grammar: Grammar) -> list[Token]:
    """The subject of a passive told without its auxiliary, as headlines tell them: "Iran
    urged to halt enrichment" (a verb that needs an object before "to" has none)."""
    if verb.lemma_.lower() not in grammar.object_control_verbs or verb.tag_ not in ("VBN", "VBD") \
            or children_with(verb, ("dobj", "dative", "aux", "auxpass", "nsubjpass")) \
            or not any(c.dep_ == "xcomp" and children_with(c, ("aux",)) for c in verb.children):
        return []
    return children_with(verb, ("nsubj",))


def agents_of(verb: Token) -> list[Token]:
    """A passive's agents, told by one "by" or several: "criticised by the senators and by
    the business association" has two."""
    preps = [a for a in verb.children if a.dep_ == "agent"]
    if not preps and any(c.dep_ == "auxpass" for c in verb.children):
        # The parser sometimes labels a marked passive's "by" an ordinary preposition:
        # "were granted asylum by Germany" (not "by Friday").
        preps = [a for a in verb.children if a.dep_ == "prep" and a.lower_ == "by" and any(
            g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME") for g in a.children)]
    preps += [c for a in preps for c in a.conjuncts if c.lower_ == "by"]
    return [g for a in preps for g in a.children if g.dep_ == "pobj"]


def passive_participle(verb: Token, entry: TriggerEntry) -> bool:
    """Whether a verb is a past participle on a noun that names what was done to
    ("people arrested in Johannesburg"), not an active verb the tagger misread ("Khan, called
    Erdogan on Friday", "a report called for sanctions")."""
    if verb.dep_ != "acl" or verb.tag_ != "VBN":
        return False
    if any(c.dep_ in ("dobj", "oprd", "dative") for c in verb.children):
        return False
    if entry.type == "PROTEST" and not any(c.dep_ == "agent" for c in verb.children):
        # A protest has no patient: "Hundreds of students protested in Cairo", its verb read
        # as a participle, names the protesters.
        return False
    return not (entry.particle and any(c.lower_ == entry.particle for c in verb.children))
