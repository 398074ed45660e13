"""Events told as nouns: "protests erupted in Khartoum", "talks between Kyiv and Moscow
resumed", "clashes between police and students broke out", "an air strike killed 20".

A noun trigger names an event that happened when it is the subject of a verb of occurring or
of outcome (grammar.yaml's ``occurrence_verbs``: erupt, break out, resume, kill, leave ...).
Its parties come from its own phrase: a "by" or "from" party, the first of "between X and Y"
(the second is the recipient, as the entry's recipient places find it), a sector or a name
modifying it ("student protests", "Israeli strikes"). With none of those, a crowd event
("protests", "a strike") is its place's people (PLOVER's civilians, or labour for a strike:
the noun itself stands for them, and takes the country of its place or of the government it
faces), and an attack is an unidentified actor's (UNK).

An act noun judged by a verb of judging ("condemned Russia's attack on a hospital") stands for
its named doer, and a person's possessive on an act done to people ("the mayor's killing",
grammar.yaml's ``patient_nouns``) names whom it was done to, not its doer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from dotterel.knowledge.base import Knowledge, TriggerEntry
from dotterel.knowledge.grammar import Grammar

if TYPE_CHECKING:
    from spacy.tokens import Token

# Dependencies through which a noun is the subject of a clause.
_SUBJECTS = ("nsubj", "nsubjpass")
# Prepositions of a noun that name its doer.
_DOER_PREPS = ("by", "from")


@dataclass(frozen=True)
class NominalActor:
    """The actor heads of an event told as a noun, and the sector they stand for when the
    noun itself stands for its doers ("protests" for protesters)."""

    heads: tuple[Token, ...]
    sector: str | None = None
    # The heads are exactly the actors (not split into their coordinated words).
    single: bool = False


def happened(trigger: Token, grammar: Grammar) -> bool:
    """Whether a noun trigger is told as happening: the subject of a verb of occurring or of
    outcome ("erupted", "broke out", "killed", "left 12 dead"), or the object of a verb of
    causing ("the arrest sparked protests")."""
    verb = trigger.head
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    lemma = verb.lemma_.lower()
    return (trigger.dep_ in _SUBJECTS and lemma in grammar.occurrence_verbs) or (
        trigger.dep_ == "dobj" and lemma in grammar.causing_verbs)


def opposed(mod: Token, grammar: Grammar) -> bool:
    """Whether a modifier carries a prefix of opposition: the "government" of
    "anti-government"."""
    doc = mod.doc
    return mod.lower_.split("-")[0] in grammar.opposing_prefixes or (
        mod.i >= 2 and doc[mod.i - 1].text == "-"
        and doc[mod.i - 2].lower_ in grammar.opposing_prefixes)


def nominal_actor(trigger: Token, entry: TriggerEntry, knowledge: Knowledge,
                  grammar: Grammar) -> NominalActor | None:
    """The doer of an event told as a noun that happened, or None."""
    if not happened(trigger, grammar):
        return None
    compounds = [c.lemma_.lower() for c in trigger.children if c.dep_ == "compound"]
    if "cause" in {knowledge.nonactor_kind(w) for w in (
            trigger.lemma_.lower(), *(f"{c} {trigger.lemma_.lower()}" for c in compounds))}:
        return None  # an accident is no act: "a gas explosion injured six workers"
    for prep in trigger.children:
        if prep.dep_ == "prep" and prep.lower_ in _DOER_PREPS:
            doers = [g for g in prep.children if g.dep_ == "pobj"]
            if doers:
                return NominalActor(tuple(doers))
        if prep.dep_ == "prep" and prep.lower_ == "between":
            sides = [g for g in prep.children if g.dep_ == "pobj"]
            if sides:
                # Only the first side: the second is the recipient, not a co-actor.
                return NominalActor((sides[0],), single=True)
    for mod in trigger.children:
        # (Not the word that told the noun's kind: the "general" of "a general strike"; nor
        # what the act is against: "anti-government protests".)
        if mod.dep_ in ("compound", "amod", "nmod") and mod.lemma_.lower() not in entry.objects \
                and not opposed(mod, grammar) \
                and (knowledge.sector_of(mod.lemma_.lower()) or knowledge.lookup(mod.text)):
            return NominalActor((mod,))
    crowd = grammar.crowd_sectors.get(entry.type)
    if crowd:
        crowd = grammar.crowd_sectors.get(entry.lemma, crowd)
        return NominalActor((trigger,), crowd)
    if entry.type in grammar.weapon_event_types:
        return NominalActor((trigger,), "UNK")
    return None


def judged_act(token: Token, grammar: Grammar, knowledge: Knowledge) -> bool:
    """Whether a noun is an act with its doer named (a noun trigger: "Russia's attack", "the
    arrest by police") that a verb of judging, answering or asking takes as its object
    ("condemned Russia's attack on a hospital", "praised the release of the hostages by
    Hamas", "rejected Peru's request", "called for the minister's resignation")."""
    verb = token.head
    dep = token.dep_
    if dep == "pobj" and verb.lower_ == "for" and verb.dep_ == "prep":
        # "called for the minister's resignation": asked of whoever would do it.
        verb, dep = verb.head, "dobj"
    lemma = verb.lemma_.lower()
    answered = lemma in grammar.answering_verbs or lemma in grammar.asking_for_words
    if not (dep == "dobj" and token.pos_ == "NOUN" and verb.pos_ == "VERB"
            and (lemma in grammar.judging_verbs or answered) and any(
                e.pos == "NOUN" for e in knowledge.triggers.get(token.lemma_.lower(), ()))):
        return False
    # An answer or a demand is to a party its words name ("rejected Russia's proposal",
    # "demanded Russia's withdrawal"); "the demands by protesters in the north" is answered
    # as the phrase it is.
    return bool(named_doers(token, grammar, knowledge)) or not answered and any(
        c.dep_ == "prep" and c.lower_ == "by" for c in token.children)


def named_doers(trigger: Token, grammar: Grammar, knowledge: Knowledge) -> list[Token]:
    """The doers an act noun's own words name: its possessors ("Russia's attack"; not "the
    mayor's killing", whom it was done to), else a known name modifying it ("Israeli
    strikes"; not "anti-Israeli protests")."""
    patients = patient_owner(trigger, grammar, knowledge)
    owners = [c for c in trigger.children if c.dep_ == "poss" and c not in patients]
    if owners:
        return owners
    return [c for c in trigger.children if c.dep_ in ("amod", "compound")
            and knowledge.lookup(c.text) and not opposed(c, grammar)][:1]


def patient_owner(trigger: Token, grammar: Grammar, knowledge: Knowledge | None) -> list[Token]:
    """The possessor of an act noun that names whom it was done to ("Anna Berg's killing",
    "his arrest"), or none: anyone's but a state's or an organisation's, and only with no
    "of" phrase naming the patient ("Russia's arrest of the journalist")."""
    if trigger.lemma_.lower() not in grammar.patient_nouns or any(
            c.dep_ == "prep" and c.lower_ == "of" for c in trigger.children):
        return []

    def body(c: Token) -> bool:
        # (The tagger's labels alone would make some such names places.)
        found = knowledge.lookup(c.doc[c.left_edge.i:c.i + 1].text) if knowledge else ()
        return any(e.kind not in ("person", "demonym") for e in found) or (
            not found and c.ent_type_ == "NORP")
    return [c for c in trigger.children if c.dep_ == "poss" and not body(c)]


def intended(trigger: Token, grammar: Grammar) -> Token | None:
    """The noun of intention whose infinitive a verb is ("a plot to kidnap the president",
    "Russia's bid to annex the region"), or None: what it intends has not happened."""
    if trigger.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to"
                                       for c in trigger.children):
        return None
    if trigger.dep_ == "acl":
        noun = trigger.head
    elif trigger.dep_ == "advcl" and trigger.left_edge.i > 0:
        # The parser often hangs the infinitive on the verb whose object the noun is
        # ("uncovered a plot to kidnap"): the noun just before its "to".
        noun = trigger.doc[trigger.left_edge.i - 1]
        if noun.head.i != trigger.head.i:
            return None
    else:
        return None
    return noun if noun.pos_ == "NOUN" and noun.lemma_.lower() in grammar.intent_nouns \
        else None


def crowd_sector(token: Token, grammar: Grammar, knowledge: Knowledge) -> str | None:
    """The sector a crowd's event noun stands for when it acts or is acted on ("a rally in
    Nairobi demanded ...": its civilians; "police broke up the general strike": its workers),
    or None for any other word and for a noun its words do not tell as a crowd's ("the
    strike" alone, "an aerial strike")."""
    if token.pos_ != "NOUN":
        return None
    # The words that tell a noun's kind: "a general strike" is a crowd's, "an aerial strike" not.
    told = {c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod", "poss")}
    told |= {g.lemma_.lower() for p in token.children if p.dep_ == "prep"
             for g in p.children if g.dep_ == "pobj"}
    for entry in knowledge.triggers.get(token.lemma_.lower(), ()):
        if entry.pos != "NOUN" or entry.type not in grammar.crowd_sectors or (
                entry.objects and not told & set(entry.objects)):
            continue
        return grammar.crowd_sectors.get(entry.lemma) or grammar.crowd_sectors[entry.type]
    return None
