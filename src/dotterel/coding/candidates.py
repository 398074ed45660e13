"""Candidates: the triggers of a sentence, from the lexicon, with their argument heads and
modality, before their parties are coded.

A trigger is a word whose lemma has an entry in the trigger files; the entry says what the
event is and where its recipient sits (``coding.arguments`` finds them in the parse). Acts
told by a statement ("X says Y must ...") are candidates too, and so are events told as
nouns that happened (``coding.nominals``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dotterel.coding.arguments import (
    actorish,
    by_cause,
    expand_heads,
    giver,
    judging_speaker,
    noun_actor,
    recipient_of,
    reporting_source,
    semantic_head,
    subject_of,
    unnamed_agent,
)
from dotterel.coding.labels import GAZETTEER_LABELS, PARTY_LABELS, PERSON_LABEL
from dotterel.coding.modality import modality_of
from dotterel.coding.nominals import nominal_actor
from dotterel.coding.passives import PASSIVE_SUBJ, agents_of, children_with, passive_participle
from dotterel.knowledge.base import Knowledge, TriggerEntry
from dotterel.knowledge.grammar import Grammar

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


# How the parser hangs the outcome of a verb of outcome on it ("left five people injured").
_OUTCOME_DEPS = ("advcl", "oprd", "xcomp", "ccomp", "acomp")


@dataclass(frozen=True)
class Candidate:
    """A matched trigger with its argument heads and modality, before actors are coded."""

    trigger: Token
    entry: TriggerEntry
    event_type: str
    actor_heads: tuple[Token, ...]
    recipient_heads: tuple[Token, ...]
    modality: str
    trigger_end: int
    # Whether the recipient sits where the entry says (not found by the fallback search).
    explicit: bool = True
    # For a demand ("X says Y must ..."), the verb of what is demanded.
    content: int = -1
    # For an event told as a noun that stands for its doers ("protests"): their sector.
    actor_sector: str | None = None
    # Told as a noun that happened ("protests erupted"): its clause is its verb's.
    nominal: bool = False


def _entry_matches(token: Token, entry: TriggerEntry, grammar: Grammar,
                   knowledge: Knowledge | None = None) -> tuple[bool, int]:
    """Whether the entry's particle and object constraints hold; and where the trigger ends."""
    end = token.i + 1
    if entry.particle:
        words = entry.particle.split()
        # A particle is next to its verb ("called on Iran") or marked as one ("called Iran
        # off"); a preposition further on is an ordinary phrase ("called X on Friday").
        parts = [c for c in token.children if c.lower_ == words[0] and (
            c.dep_ == "prt" or (c.dep_ in ("prep", "advmod", "dobj") and c.i == token.i + 1))]
        # "called for the army to withdraw": the parser makes "for" the clause's mark.
        parts += [m for c in token.children if c.dep_ in ("advcl", "ccomp", "xcomp")
                  for m in c.children
                  if m.dep_ == "mark" and m.lower_ == words[0] and m.i == token.i + 1]
        if not parts:
            return False, end
        end = max(end, parts[0].i + 1)
    if entry.actor_object:
        if token.dep_ == "acl" and token.tag_ in ("VBN", "VBD") and token.i == token.head.i + 1:
            # A participle after a noun names it: "a group called the People's Front".
            return False, end
        objs = [c for c in token.children if c.dep_ == "dobj"]
        # "called the minister a liar" is not a phone call: no second complement allowed.
        # (A lone name is sometimes parsed as "oprd": "called Lavrov".)
        if not objs:
            objs = [c for c in token.children if c.dep_ == "oprd" and c.pos_ == "PROPN"]
        elif any(c.dep_ in ("oprd", "ccomp", "acomp") for c in token.children):
            return False, end
        if not objs or not actorish(objs[0], knowledge):
            return False, end
    if entry.to_clause and not any(
            c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            for c in token.children):
        return False, end
    if entry.objects:
        # Adjectives count as objects too: "found him guilty", "set the prisoners free".
        objs = [c for c in token.children
                if c.dep_ in ("dobj", "attr", "nsubjpass", "oprd", "acomp", "ccomp", "advmod")]
        if token.pos_ == "NOUN":
            # A noun's kind is told by its modifiers: "a hunger strike", "a general strike",
            # "the teachers' strike".
            objs += [c for c in token.children if c.dep_ in ("compound", "amod", "poss")]
            # And by what it is said to do: "a strike demanding higher pay".
            objs += [c for c in token.children if c.dep_ == "acl" and c.tag_ == "VBG"]
        objs += [c for o in list(objs) for c in o.conjuncts]
        # The kind of a generic object: "a mediation effort", "a bombing campaign".
        objs += [c for o in list(objs) for c in o.children
                 if c.dep_ == "compound" and o.lemma_.lower() in grammar.generic_objects]
        # "lay down arms": the object can also hang from a particle-less prep ("call for").
        objs += [g for p in token.children if p.dep_ in ("prep", "prt") for g in p.children
                 if g.dep_ == "pobj"]
        money = grammar.money_object in entry.objects
        hits = [o for o in objs if o.lemma_.lower() in entry.objects
                or _hyphenated(o) in entry.objects
                or (money and o.ent_type_ == "MONEY")]
        if not hits:
            return False, end
        # (What a noun is said to do is no part of its trigger.)
        told = [o for o in hits if not (o.dep_ == "acl" and o.head.i == token.i)]
        end = max(end, told[0].i + 1) if told else end
    return True, end


def gerund_noun(token: Token) -> bool:
    """Whether a gerund stands as a noun, the subject of its clause with no subject, object or
    auxiliary of its own: "Fighting between the army and rebels left 12 dead"."""
    return token.tag_ == "VBG" and token.dep_ in ("nsubj", "nsubjpass") and not any(
        c.dep_ in ("nsubj", "dobj", "aux", "auxpass") for c in token.children)


def nounlike(token: Token) -> bool:
    """Whether a trigger token is told as a noun (a noun, a name or a gerund standing as one)."""
    return token.pos_ in ("NOUN", "PROPN") or gerund_noun(token)


def _hyphenated(token: Token) -> str:
    """A hyphenated word joined up as the lexicon writes it: "cease-fire" -> "ceasefire"."""
    doc, i = token.doc, token.i
    if i >= 2 and doc[i - 1].text == "-":
        return doc[i - 2].lower_ + token.lemma_.lower()
    return ""


def pick_entry(token: Token, entries: tuple[TriggerEntry, ...], grammar: Grammar,
                knowledge: Knowledge | None = None) -> tuple[TriggerEntry, int] | None:
    """The most specific matching entry for a token (constraints beat bare lemmas)."""
    pos = "NOUN" if nounlike(token) else "VERB"
    best: tuple[int, TriggerEntry, int] | None = None
    for entry in entries:
        if entry.pos != pos:
            continue
        ok, end = _entry_matches(token, entry, grammar, knowledge)
        if not ok:
            continue
        score = (2 if entry.objects else 0) + (
            1 if entry.particle or entry.actor_object or entry.to_clause else 0)
        if best is None or score > best[0]:
            best = (score, entry, end)
    return (best[1], best[2]) if best else None


def _no_force(token: Token, entry: TriggerEntry, knowledge: Knowledge, grammar: Grammar
              ) -> bool:
    """Whether a verb of force is used of no force: against a cause ("fight bird flu",
    "battled the blaze") or a judgement ("fought back against accusations"), or dismissing a
    person ("fired the minister"); not the light verb's own object ("opened fire")."""
    if token.pos_ != "VERB":
        return False
    # (What a count counts: "fired dozens of rounds" are rounds, "dozens of workers" workers.)
    objs = [semantic_head(c, grammar, knowledge) for c in token.children
            if c.dep_ == "dobj" and c.lemma_.lower() not in entry.objects]
    if any(knowledge.nonactor_kind(o.lemma_.lower()) == "cause" for o in objs):
        return True
    # Nor against words: "fought back against accusations" answers a judgement.
    against = objs + [g for p in token.children if p.dep_ == "prep" and p.lower_ == "against"
                      for g in p.children if g.dep_ == "pobj"]
    if any(e.pos == "NOUN" and e.type in grammar.judgement_types
           for o in against for e in knowledge.triggers.get(o.lemma_.lower(), ())):
        return True
    # A contest is fought against, or over, no party or place: "fought over the reforms".
    contested = against + [g for p in token.children if p.dep_ == "prep" and p.lower_ == "over"
                           for g in p.children if g.dep_ == "pobj"]
    if token.lemma_.lower() in grammar.contest_verbs and contested and not any(
            _foe(o, knowledge, grammar) for o in contested):
        return True
    return token.lemma_.lower() in grammar.dismissing_verbs and any(
        o.ent_type_ == PERSON_LABEL or o.lower_ in grammar.pronouns.person
        or (o.pos_ == "NOUN" and knowledge.sector_of(o.lemma_.lower())) for o in objs)


def _foe(token: Token, knowledge: Knowledge, grammar: Grammar) -> bool:
    """Whether a verb of fighting's object can be fought with force: a party, a place ("the
    town of Kidal"), or a war or battle itself ("fought a war against the rebels")."""
    return actorish(token, knowledge) or token.ent_type_ in GAZETTEER_LABELS \
        or token.lemma_.lower() in grammar.place_nouns or any(
        e.pos == "NOUN" and e.type == "ASSAULT" for e in knowledge.triggers.get(
            token.lemma_.lower(), ()))


def _event_nouns(token: Token, entry: TriggerEntry) -> list[Token]:
    """The noun that tells the event: the trigger's own, or its light verb's object."""
    return [token] if token.pos_ == "NOUN" else [
        c for c in token.children if c.dep_ == "dobj" and c.lemma_.lower() in entry.objects]


def _in_words(token: Token, entry: TriggerEntry, grammar: Grammar) -> bool:
    """Whether an attack is made in words: "a scathing attack", "launched a verbal attack"."""
    return any(c.dep_ == "amod" and c.lower_ in grammar.verbal_attack_words
               for n in _event_nouns(token, entry) for c in n.children)


def _civil(token: Token, entry: TriggerEntry, grammar: Grammar) -> bool:
    """Whether a noun of force is of a civil kind: "launched a rescue operation", "ended his
    presidential campaign", "a charm offensive"."""
    return (entry.type in grammar.civil_kind_types or "military" in entry.contexts) and any(
        c.dep_ in ("amod", "compound") and c.lower_ in grammar.civil_kinds
        for n in _event_nouns(token, entry) for c in n.children)


def _modal_demands(reporting: list[Token], grammar: Grammar) -> Iterator[Candidate]:
    """ "X says Y must do Z": a REQUEST by X of Y (the complement's modal makes it one).
    ``reporting``: the sentence's reporting verbs."""
    for token in reporting:
        for comp in token.children:
            if comp.dep_ != "ccomp" or not (any(
                c.dep_ == "aux" and c.lower_ in grammar.demand_modals for c in comp.children
            ) or comp.lemma_.lower() in grammar.demand_predicates or any(
                c.dep_ == "acomp" and c.lemma_.lower() in grammar.demand_predicates
                for c in comp.children)):
                continue
            subjects = expand_heads([c for c in comp.children
                                     if c.dep_ in ("nsubj", "nsubjpass")], grammar)
            actors = expand_heads(subject_of(token, grammar), grammar)
            if subjects and actors:
                yield Candidate(token, grammar.modal_demand, "REQUEST", tuple(actors),
                                tuple(subjects), "asserted", token.i + 1, content=comp.i)


def _accusation(token: Token, comp: Token, modality: str, grammar: Grammar
                ) -> Iterator[Candidate]:
    """The ACCUSE by the speaker of ``token`` against the subject of its complement ``comp``
    (none when either is missing or the subject is a pronoun)."""
    subjects = expand_heads([c for c in comp.children if c.dep_ == "nsubj"
                             and c.pos_ != "PRON"], grammar)
    actors = expand_heads(subject_of(token, grammar), grammar)
    if subjects and actors:
        yield Candidate(token, grammar.blame_statement, grammar.blame_statement.type,
                        tuple(actors), tuple(subjects), modality, token.i + 1)


def _blames(reporting: list[Token], grammar: Grammar) -> Iterator[Candidate]:
    """ "X said Y was responsible for the attack": an ACCUSE by X of Y (the complement's
    predicate of culpability makes it one), as well as the attack itself."""
    for token in reporting:
        for comp in token.children:
            if comp.dep_ != "ccomp" or not (
                any(c.dep_ == "acomp" and c.lemma_.lower() in grammar.culpability_adjectives
                    for c in comp.children)
                or any(c.dep_ == "prep" and c.lower_ == "behind" for c in comp.children)):
                continue
            yield from _accusation(token, comp, "asserted", grammar)


def _allegations(reporting: list[Token], matched: dict[int, tuple[TriggerEntry, int]],
                 grammar: Grammar) -> Iterator[Candidate]:
    """ "X claimed that Y imprisoned her": an ACCUSE by X of Y (a claim that another did a
    hostile act), as well as the act itself, reported."""
    for token in reporting:
        if token.i in matched or token.lemma_.lower() not in grammar.allegation_verbs:
            continue
        for comp in token.children:
            if comp.dep_ != "ccomp" or comp.i not in matched \
                    or matched[comp.i][0].type not in grammar.alleged_types:
                continue
            yield from _accusation(token, comp, modality_of(token, grammar), grammar)


def find_candidates(sent: Span, knowledge: Knowledge, grammar: Grammar) -> Iterator[Candidate]:
    """Every trigger in a sentence with its argument heads and modality."""
    matched: dict[int, tuple[TriggerEntry, int]] = {}
    reporting: list[Token] = []
    for token in sent:
        lemma = token.lemma_.lower()
        if lemma in grammar.reporting_verbs and token.pos_ == "VERB":
            reporting.append(token)
        entries = knowledge.triggers.get(token.lower_ if gerund_noun(token) else lemma)
        if not entries and token.tag_ in ("VBD", "VBN") and token.lower_.endswith("ed"):
            # The lemmatiser's slips on known trigger verbs ("staged" -> "stag").
            entries = knowledge.triggers.get(token.lower_[:-1])
        if not entries and token.dep_ == "acomp" and token.lower_.endswith("ed"):
            # A participle of feeling told as an adjective ("I am disappointed with X").
            verb = next((v for v in (token.lower_[:-2], token.lower_[:-1])
                         if v in grammar.experiencer_verbs), None)
            entries = knowledge.triggers.get(verb) if verb else None
        if not entries or token.dep_ in ("aux", "auxpass"):
            continue
        picked = pick_entry(token, entries, grammar, knowledge)
        if picked:
            matched[token.i] = picked
    demanded: set[int] = set()
    for cand in _modal_demands(reporting, grammar):
        demanded.add(cand.content)
        yield cand
    yield from _blames(reporting, grammar)
    yield from _allegations(reporting, matched, grammar)
    for i, (entry, end) in matched.items():
        token = sent.doc[i]
        if i in demanded:
            continue  # the content of a demand ("Israel must end attacks"), not an act
        # The complement of another trigger is that event's content ("urged X to lay down
        # arms", "threatened to strike"), not an event of its own -- except after "declined
        # to"/"refused to" when the complement says what its negation means ("did not
        # attend" is a REJECT); then the complement carries the event instead.
        head = token.head
        if token.dep_ in ("xcomp", "ccomp") and head.i in matched and not (
            head.lemma_.lower() in grammar.negating_verbs and entry.negated_type
        ):
            continue
        if token.lemma_.lower() in grammar.negating_verbs and any(
            c.dep_ == "xcomp" and c.i in matched and matched[c.i][0].negated_type
            for c in token.children
        ):
            continue
        # The outcome of an event told as a noun is no act of its own: "clashes left five
        # people injured", "the bombing left 20 wounded" are the clashes and the bombing.
        if token.tag_ == "VBN" and token.dep_ in _OUTCOME_DEPS \
                and head.lemma_.lower() in grammar.occurrence_verbs \
                and any(c.dep_ in ("nsubj", "nsubjpass") and c.i in matched
                        for c in head.children):
            continue
        # An authority's command is the act it commands: "ordered the release of the
        # prisoners" is a release, "ordered the arrest" an arrest, by whoever ordered it.
        if token.lemma_.lower() in grammar.command_verbs and any(
            c.dep_ == "dobj" and c.i in matched for c in token.children
        ):
            continue
        # A noun that only says what kind another noun is ("an asylum claim", "an attack
        # helicopter", "protest songs") tells no event of its own.
        if token.pos_ == "NOUN" and token.dep_ == "compound" and token.head.pos_ == "NOUN" \
                and token.head.i not in matched:
            continue
        # A light verb's object already made the event ("held talks", "imposed sanctions").
        if token.pos_ == "NOUN" and token.head.i in matched and token.dep_ in ("dobj", "pobj") \
                and token.head.lemma_.lower() not in grammar.command_verbs:
            continue
        if entry.type == "ASSAULT" and _no_force(token, entry, knowledge, grammar) \
                or _civil(token, entry, grammar):
            continue
        modality = modality_of(token, grammar)
        event_type = "ACCUSE" if entry.type == "ASSAULT" and _in_words(token, entry, grammar) \
            else entry.type
        if modality == "negated" and entry.negated_type:
            event_type, modality = entry.negated_type, "asserted"
        if nounlike(token):
            owner = [c for c in token.children if c.dep_ == "poss"]
            if owner and token.dep_ == "dobj" and \
                    token.head.lemma_.lower() in grammar.command_verbs:
                # "the court ordered the tanker's release": the court releases the tanker.
                actors = subject_of(token.head, grammar)
                if actors:
                    yield Candidate(token, entry, event_type, tuple(expand_heads(actors, grammar,
                                    knowledge)), tuple(expand_heads(owner, grammar, knowledge)),
                                    modality_of(token, grammar), end)
                continue
            givers = giver(token, grammar)
            if givers:
                # "Sudan received an invitation from Russia": Russia invites Sudan.
                yield Candidate(token, entry, event_type,
                                tuple(expand_heads(givers, grammar, knowledge)),
                                tuple(expand_heads(subject_of(token.head, grammar), grammar,
                                              knowledge)), modality_of(token.head, grammar),
                                end)
                continue
            actors = noun_actor(token, knowledge, grammar)
            if not actors:
                # An event told as a noun that happened: "protests erupted", "talks between
                # Kyiv and Moscow resumed".
                nominal = nominal_actor(token, entry, knowledge, grammar)
                if nominal is None:
                    continue
                recipients, explicit = recipient_of(token, entry, grammar, knowledge)
                heads = nominal.heads if nominal.sector or nominal.single else tuple(
                    expand_heads(list(nominal.heads), grammar, knowledge))
                yield Candidate(token, entry, event_type, heads,
                                tuple(expand_heads(recipients, grammar, knowledge)), modality, end,
                                bool(explicit), actor_sector=nominal.sector, nominal=True)
                continue
        elif token.lemma_.lower() in grammar.experiencer_verbs:
            # "X was disappointed with Y": the one who feels it disapproves; told actively
            # ("the result disappointed fans") it is no act of anyone's.
            feelers = children_with(token, PASSIVE_SUBJ)
            if not feelers:
                continue
            causes = agents_of(token)
            recipients, explicit = (causes, True) if causes else recipient_of(
                token, entry, grammar, knowledge)
            yield Candidate(token, entry, event_type,
                            tuple(expand_heads(feelers, grammar, knowledge)),
                            tuple(expand_heads(recipients, grammar, knowledge)), modality, end,
                            bool(explicit))
            continue
        else:
            if passive_participle(token, entry):
                # Its noun is the patient; only a named agent ("made by X") is the actor.
                actors = agents_of(token)
            else:
                actors = subject_of(token, grammar)
                speaker = judging_speaker(token, actors, knowledge, grammar) \
                    if event_type in grammar.judgement_types else []
                if speaker:
                    # A thing's fault told in reported speech is the speaker's own criticism,
                    # told as the speaking is ("said": asserted).
                    actors, modality = speaker, modality_of(speaker[0].head, grammar)
            if not actors:
                if by_cause(token, knowledge):
                    # "Twelve people were killed in an earthquake": no one's act at all.
                    continue
                # Who reports a killing did not do it ("... were killed, officials said").
                source = reporting_source(token, grammar) \
                    if event_type not in grammar.weapon_event_types else []
                if source:
                    # "X were told to leave, the ministry added": the source is the doer.
                    yield Candidate(token, entry, event_type,
                                    tuple(expand_heads(source, grammar, knowledge)),
                                    tuple(expand_heads(children_with(token, PASSIVE_SUBJ),
                                                       grammar, knowledge)), modality, end)
                    continue
                # (Only a force whose side is named or owned: "soldiers were mobilized to
                # evacuate flood victims" is nobody's show of force; "the country's military
                # was placed on alert" is the country's.)
                forces = [f for f in children_with(token, PASSIVE_SUBJ)
                          if any(t.ent_type_ in PARTY_LABELS or knowledge.lookup(t.text)
                                 or t.dep_ == "poss" for t in f.subtree)] \
                    if event_type in grammar.self_passive_types else []
                if forces:
                    # "The army was placed on high alert": the army's side mobilises.
                    recipients, explicit = recipient_of(token, entry, grammar, knowledge)
                    yield Candidate(token, entry, event_type,
                                    tuple(expand_heads(forces, grammar, knowledge)),
                                    tuple(expand_heads([r for r in recipients if r not in forces],
                                                       grammar, knowledge)), modality, end,
                                    bool(explicit))
                    continue
                state = unnamed_agent(token, knowledge)
                if state:
                    # The passive's subject is who it was done to.
                    yield Candidate(token, entry, event_type,
                                    tuple(expand_heads(state, grammar, knowledge)),
                                    tuple(expand_heads(children_with(token, PASSIVE_SUBJ), grammar,
                                                  knowledge)), modality, end)
                continue
        if not actors:
            continue
        recipients, explicit = recipient_of(token, entry, grammar, knowledge)
        yield Candidate(token, entry, event_type, tuple(expand_heads(actors, grammar, knowledge)),
                        tuple(expand_heads(recipients, grammar, knowledge)), modality, end,
                        bool(explicit))
