"""Arguments: where a trigger's actor and recipient sit in the parse, and its modality.

The actor is the grammatical subject (or the agent of a passive, the head of a relative
clause, the subject inherited by a conjoined or complement verb); the recipient sits where
the trigger's entry says, else where news English usually puts the other party. The noun
that names a party is found through quantities and through the phrase of a thing ("dozens
of protesters", "the release of the prisoners").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from dotterel.coding.labels import COUNTRY_LABEL, NAME_LABELS, NOT_ACTOR_LABELS
from dotterel.coding.nominals import (
    crowd_sector,
    intended,
    judged_act,
    named_doers,
    opposed,
    patient_owner,
)
from dotterel.coding.passives import (
    PASSIVE_SUBJ,
    agents_of,
    children_with,
    gapped_passive,
    headline_passive,
    passive_participle,
)
from dotterel.knowledge.base import Knowledge, TriggerEntry
from dotterel.knowledge.grammar import Grammar

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


# Dependencies that carry the subject of a clause.
SUBJ = ("nsubj", "csubj")


# Object-control verbs: "urged X to ..." makes X the subject of the complement.
_OBJECT_CONTROL_DEPS = ("dobj",)


def actorish(token: Token, knowledge: Knowledge | None) -> bool:
    """Whether a noun can name an actor: a name, a sector noun ("police", "rebels"), or a
    thing owned by one ("a US resolution", "May's agreement")."""
    if token.pos_ in ("PROPN", "PRON") or token.ent_type_ in NAME_LABELS or bool(
        knowledge is not None and knowledge.sector_of(token.lemma_.lower())
    ):
        return True
    if token.tag_ == "NNS" and any(c.dep_ == "nummod" for c in token.children):
        return True  # counted people or groups: "25 foreign members", "three activists"
    return any(c.dep_ in ("compound", "amod", "poss") and c.ent_type_ in NAME_LABELS
               and (c.pos_ == "PROPN" or (knowledge is not None and knowledge.lookup(c.text)))
               for c in token.children)


# Nonactor nouns whose phrase never names the doer: "destroyed by fire in Lagos" is not done
# by Lagos, "a bomb in Kabul" not by Kabul (unlike "the efforts of Iran", which are Iran's).
OPAQUE_NONACTORS = frozenset({"cause", "weapon", "sport", "market"})
# Kinds of nonactor that stand for the party owning them ("Seoul's efforts", "the UN's report").
OWNED_NONACTORS = frozenset({"thing", "document"})


def semantic_head(token: Token, grammar: Grammar, knowledge: Knowledge | None = None) -> Token:
    """The noun that names the actor: "dozens of protesters" -> protesters, and for a
    non-actor noun, its actor "of" phrase: "the release of the prisoners" -> prisoners."""
    quantity = token.lemma_.lower() in grammar.quantity_nouns or token.ent_type_ == "CARDINAL"
    if quantity:
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                objs = [g for g in prep.children if g.dep_ == "pobj"]
                if objs:
                    return objs[0]
    if token.pos_ == "NOUN" and knowledge is not None \
            and knowledge.nonactor_kind(token.lemma_) in OWNED_NONACTORS:
        # A thing stands for its owner: "the government's handling of the crisis", "raise
        # questions about the ministry's ability to ..." are the government and the ministry.
        # (Not a pronoun's: "part of its programme" names no one new.)
        owners = [c for c in token.children if c.dep_ == "poss" and c.pos_ != "PRON"]
        if owners and actorish(owners[0], knowledge):
            return owners[0]
    if knowledge is not None and judged_act(token, grammar, knowledge):
        # "condemned Russia's attack on a hospital": the one judged is who did it, not whom
        # it was done to (a doer that names no party leaves the act itself).
        doers = [g for g in noun_actor(token, knowledge, grammar) if actorish(g, knowledge)]
        doers += [g for p in token.children if p.dep_ == "prep" and p.lower_ == "by"
                  for g in p.children if g.dep_ == "pobj" and actorish(g, knowledge)]
        return doers[0] if doers else token
    if token.pos_ == "NOUN" and not actorish(token, knowledge) and not (
            knowledge is not None and knowledge.nonactor_kind(token.lemma_) in OPAQUE_NONACTORS):
        # "threats made by the United States": the agent of a participle on the noun.
        for acl in token.children:
            if acl.dep_ == "acl":
                agents = [g for a in acl.children if a.dep_ == "agent" for g in a.children
                          if g.dep_ == "pobj"]
                if agents and actorish(agents[0], knowledge):
                    return agents[0]
        if knowledge is not None and crowd_sector(token, grammar, knowledge):
            # "a rally in Nairobi" is its crowd, not the city.
            return token
        # "sanctions against Myanmar's companies", "a request from Haaretz": the party
        # named in the noun's phrase, searched in the order of grammar.yaml. Not the other
        # party of a relation ("supporters of the president" are not the president); and an
        # event noun that acts ("an attack on a US base killed ...") names its doers only
        # "by", "from" or "between" them (its other phrases are its target).
        doing = knowledge is not None and _acting_event(token, knowledge)
        for word in () if token.lemma_.lower() in grammar.relational_nouns \
                else ("by", "from", "between") if doing else grammar.noun_party_preps:
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ == word:
                    objs = [g for g in prep.children if g.dep_ == "pobj"]
                    if objs and actorish(objs[0], knowledge):
                        return objs[0]
    return token


def expand_heads(heads: list[Token], grammar: Grammar, knowledge: Knowledge | None = None
            ) -> list[Token]:
    """Split coordinated heads: "both the government and the opposition" gives two."""
    out: list[Token] = []
    for h in heads:
        h = semantic_head(h, grammar, knowledge)
        for t in (h, *h.conjuncts):
            if t not in out and t.pos_ in ("NOUN", "PROPN", "PRON", "NUM", "ADJ", "X") \
                    and t.ent_type_ not in NOT_ACTOR_LABELS and not t.is_space:
                out.append(t)
    return out


def subject_of(verb: Token, grammar: Grammar) -> list[Token]:
    """The actor heads of a verb: its subject, a passive's agent, or an inherited subject."""
    if headline_passive(verb, grammar):
        return agents_of(verb)
    if gapped_passive(verb):
        # (The agent, if told, is the passive's: "were killed and others injured by X".)
        return agents_of(verb) or agents_of(verb.head)
    seen = 0
    token = verb
    while seen < 6:
        seen += 1
        passive = children_with(token, PASSIVE_SUBJ)
        if passive and token is not verb and verb.dep_ == "conj" and verb.tag_ in ("VBD", "VBZ",
                                                                                  "VBP"):
            # "X was defeated and resigned": an active verb coordinated with a passive one
            # has the passive's subject as its own.
            return passive
        if passive:
            agents = agents_of(token)
            if not agents:
                # "were arrested and charged by the police": the parser hangs the agent on
                # the last of the coordinated participles; it is every one's.
                agents = [g for c in token.children if c.dep_ == "conj" and c.tag_ == "VBN"
                          for a in c.children if a.dep_ == "agent"
                          for g in a.children if g.dep_ == "pobj"]
            return agents
        subj = children_with(token, SUBJ)
        if subj:
            s = subj[0]
            if s.tag_ in ("WDT", "WP"):
                # A relative pronoun is its clause's noun, through coordinated clauses too:
                # "a man suspected of X and who threatened Italy".
                clause = token
                while clause.dep_ == "conj" and clause.head.i != clause.i:
                    clause = clause.head
                return [clause.head] if clause.dep_ in ("relcl", "acl") else []
            return [s]
        if token.dep_ == "relcl":
            return [token.head]
        charged = charging_verb(token, grammar)
        if charged is not None:
            # "accused India of shelling villages", "was arrested for protesting": the one
            # accused or arrested did it.
            return children_with(charged, ("dobj",)) or children_with(charged, PASSIVE_SUBJ)
        if token.dep_ in ("xcomp", "ccomp") and token.head.pos_ in ("VERB", "AUX"):
            controller = children_with(token.head, _OBJECT_CONTROL_DEPS)
            if controller and token.dep_ == "xcomp":
                return [controller[0]]
            token = token.head
            continue
        if token.dep_ in ("conj", "advcl", "acl") and token.head.pos_ in ("VERB", "AUX") \
                and not (token.dep_ == "advcl" and intended(token, grammar)):
            token = token.head
            continue
        if token.dep_ == "pcomp" and token.tag_ == "VBG" and token.head.lower_ == "by" \
                and token.head.head.pos_ in ("VERB", "AUX"):
            # The means of an act is its doer's: "India responded by shelling the posts".
            token = token.head.head
            continue
        if token.dep_ == "acomp" and token.pos_ == "ADJ" and token.head.pos_ in ("VERB", "AUX"):
            # A predicate adjective ("X was critical of Y"): the subject of "was".
            token = token.head
            continue
        if token.dep_ == "xcomp" and token.head.pos_ == "ADJ" and token.head.dep_ == "acomp":
            # "X is willing to withdraw": the subject of "is".
            token = token.head.head
            continue
        culprit = culprit_clause(token, grammar)
        if culprit is not None:
            # "X and Y were guilty of violating the ceasefire": X and Y violated it.
            token = culprit
            continue
        if token.dep_ == "acl" and token.tag_ == "VBG" and _a_place_passed(token.head, grammar):
            # "marched through the capital demanding elections": the marchers demand; the
            # parser hangs the participle on the place they passed.
            token = token.head.head.head
            continue
        noun = token.head if token.dep_ == "acl" and token.head.pos_ in ("NOUN", "PROPN") \
            else intended(token, grammar)
        if noun is not None:
            if noun.lemma_.lower() in grammar.document_nouns and noun.dep_ == "dobj":
                # "parliament passed a resolution criticizing X": the author criticizes.
                return subject_of(noun.head, grammar) or [noun]
            if noun.dep_ == "dobj" and grammar.support_verbs & {
                    noun.head.lemma_.lower(), noun.head.lower_[:-1]}:
                # "nurses staged a protest demanding higher wages": those who staged it demand
                # (the second form mends the lemmatiser's slip "staged" -> "stag").
                return subject_of(noun.head, grammar) or [noun]
            if noun.lemma_.lower() in grammar.intent_nouns:
                # "uncovered a plot to kidnap": whoever plotted, not who uncovered it.
                return [c for c in noun.children if c.dep_ == "poss"]
            return [noun]
        return []
    return []


def charging_verb(verb: Token, grammar: Grammar) -> Token | None:
    """The verb of charging or judging a gerund is told "of" or "for" under ("accused X of
    shelling", "praised X for hosting"), or None."""
    prep = verb.head
    if verb.dep_ != "pcomp" or verb.tag_ != "VBG" or prep.lower_ not in ("of", "for") \
            or prep.dep_ != "prep" or prep.head.pos_ != "VERB":
        return None
    lemma = prep.head.lemma_.lower()
    return prep.head if lemma in grammar.charging_verbs or lemma in grammar.judging_verbs \
        else None


def _a_place_passed(noun: Token, grammar: Grammar) -> bool:
    """Whether a noun is a place that a verb's prepositional phrase goes through or to."""
    return noun.dep_ == "pobj" and noun.head.dep_ == "prep" \
        and noun.head.head.pos_ in ("VERB", "AUX") and (
            noun.lemma_.lower() in grammar.place_nouns or noun.ent_type_ in ("GPE", "LOC", "FAC"))


def giver(noun: Token, grammar: Grammar) -> list[Token]:
    """Who gave what the subject received: "X received support from Y" is Y's support."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in grammar.receiving_verbs:
        return []
    return [g for holder in (noun, verb) for p in holder.children
            if p.dep_ == "prep" and p.lower_ == "from"
            for g in p.children if g.dep_ == "pobj"][:1]


# The prepositions of the place an agentless passive happened in ("was arrested in Niger").
AGENTLESS_PLACE_PREPS = ("in", "from")


def unnamed_agent(verb: Token, knowledge: Knowledge) -> list[Token]:
    """For a passive without an agent, the country it happened in: "X was arrested in Niger"
    is an act of Niger's state, as event data codes it when no one else is named."""
    if not children_with(verb, PASSIVE_SUBJ):
        return []

    def country(g: Token) -> bool:
        # The tagger's GPE, or a country the knowledge base knows ("Niger" read as a person).
        return g.ent_type_ == COUNTRY_LABEL or any(e.kind == "country" for e in knowledge.lookup(
            g.doc[g.left_edge.i:g.i + 1].text))

    places = [g for p in verb.children if p.dep_ == "prep" and p.lower_ in AGENTLESS_PLACE_PREPS
              for g in p.children if g.dep_ == "pobj"]
    # One level deeper too: "killed in a secret prison in Afghanistan".
    places += [g for p in places for q in p.children if q.dep_ == "prep" and q.lower_ == "in"
               for g in q.children if g.dep_ == "pobj"]
    return [g for g in places if country(g)][:1]


def nonactor_of_head(doc: Doc, start: int, head: Token, knowledge: Knowledge) -> str | None:
    """What a common-noun head (with its compounds) names when it is never a party: "a gas
    explosion" -> cause, "a car bomb" -> weapon, "the resolution" -> document."""
    if head.pos_ == "PROPN":
        # A named storm or disease is still a cause: "Hurricane Charley", "Typhoon Haiyan".
        kinds = {knowledge.nonactor_kind(t.lemma_) for t in doc[start:head.i]
                 if t.dep_ == "compound"}
        return "cause" if "cause" in kinds else None
    if head.pos_ != "NOUN":
        return None
    words = [t.lemma_.lower() for t in doc[start:head.i + 1]
             if t.dep_ == "compound" or t.i == head.i]
    for k in (2, 1):
        if k <= len(words):
            kind = knowledge.nonactor_kind(" ".join(words[-k:]))
            if kind:
                return kind
    return None


def by_cause(verb: Token, knowledge: Knowledge) -> bool:
    """Whether a passive is told as the work of a natural or accidental cause: "were killed in
    an earthquake", "died in a bus accident", "were injured by the blast"."""
    return any(g.dep_ == "pobj"
               and nonactor_of_head(g.doc, g.left_edge.i, g, knowledge) == "cause"
        for p in verb.children if p.dep_ in ("prep", "agent")
        and p.lower_ in ("in", "by", "during", "after") for g in p.children)


def reporting_source(verb: Token, grammar: Grammar) -> list[Token]:
    """For a passive with no agent, the source that reports it: "opposition groups were told
    to join the talks, the ministry added" (the ministry told them), or "the ministry said
    the groups were told to ..."."""
    if not children_with(verb, PASSIVE_SUBJ):
        return []
    return _reporter_of(verb, grammar)


def _reporter_of(verb: Token, grammar: Grammar) -> list[Token]:
    """The named subject of the reporting verb a clause is told by ("..., the ministry
    added", "the ministry said ..."), or none."""
    reporters = [c for c in verb.children if c.dep_ in ("parataxis", "ccomp")
                 and c.lemma_.lower() in grammar.reporting_verbs]
    if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in grammar.reporting_verbs:
        reporters.append(verb.head)
    for reporter in reporters:
        sources = [c for c in reporter.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
        if sources:
            return sources[:1]
    return []


def judging_speaker(verb: Token, subjects: list[Token], knowledge: Knowledge,
                    grammar: Grammar) -> list[Token]:
    """Who judges a thing in a reported clause: "X said the lapses raise serious questions
    about the government" is X's criticism, the lapses being no party. None unless every
    subject is a thing (nonactors.tsv) with no party named in its phrase."""
    if not subjects or not all(_thing(s, knowledge) and not _owned_by_party(s) for s in subjects):
        return []
    return _reporter_of(verb, grammar)


def _owned_by_party(noun: Token) -> bool:
    """Whether a noun's phrase names its owner ("Seoul's efforts", "the Iranian plan")."""
    return any(c.dep_ in ("poss", "compound", "amod") and (
        c.pos_ in ("PROPN", "PRON") or c.ent_type_ in NAME_LABELS) for c in noun.children)


def culprit_clause(token: Token, grammar: Grammar) -> Token | None:
    """The clause whose subject did what it is "responsible for" or "guilty of", if any."""
    prep = token.head
    if token.dep_ not in ("pobj", "pcomp") or prep.dep_ != "prep" \
            or prep.lower_ not in ("for", "of"):
        return None
    adj = prep.head
    if adj.lemma_.lower() in grammar.culpability_adjectives and adj.dep_ == "acomp":
        return adj.head
    return None


def shared_object(verb: Token) -> list[Token]:
    """The object a verb shares with the verb coordinated after it, which the parser hangs
    on the last one: "police arrested and questioned the student" (the second verb has no
    subject of its own; "the army attacked and the rebels fled the town" shares nothing)."""
    for conj in verb.children:
        if conj.dep_ == "conj" and conj.pos_ == "VERB" and conj.i > verb.i \
                and not children_with(conj, SUBJ + PASSIVE_SUBJ):
            return children_with(conj, ("dobj",))
    return []


def _by_places(trigger: Token, entry: TriggerEntry, places: tuple[str, ...]) -> list[Token]:
    """Heads found at the named places: "dobj" or the object of a preposition."""
    out: list[Token] = []
    holders = [trigger] + [c for c in trigger.children if c.dep_ in ("dobj", "prt")]
    # A light verb's object behind its particle: "called for sanctions against Moscow".
    holders += [g for p in trigger.children if p.dep_ == "prep" for g in p.children
                if g.dep_ == "pobj" and g.lemma_.lower() in entry.objects]
    if trigger.pos_ == "NOUN":
        # "the deployment of troops to Liberia": look inside the "of" phrase too.
        holders += [g for p in trigger.children if p.dep_ == "prep" and p.lower_ == "of"
                    for g in p.children if g.dep_ == "pobj"]
    holders += [c for h in holders[1:] for c in h.conjuncts]
    for where in places:
        if where == "dobj":
            if trigger.pos_ in ("NOUN", "PROPN"):
                # The object of a noun is its "of" phrase: "the bombardment of Aleppo".
                out += [g for p in trigger.children if p.dep_ == "prep" and p.lower_ == "of"
                        for g in p.children if g.dep_ == "pobj"]
                if out:
                    break
                continue
            objs = children_with(trigger, ("dobj", "dative")) or (
                [c for c in trigger.children if c.dep_ == "oprd" and c.pos_ == "PROPN"]
                if entry.actor_object else [])
            if children_with(trigger, PASSIVE_SUBJ):
                objs = children_with(trigger, PASSIVE_SUBJ)
            objs = gapped_passive(trigger) or objs
            if not objs and "dobj" in entry.recipient:
                objs = shared_object(trigger)
            out += [o for o in objs if o.lemma_.lower() not in entry.objects]
        else:
            for holder in holders:
                for prep in holder.children:
                    if prep.dep_ in ("prep", "dative", "prt") and prep.lower_ == where:
                        # Not the light verb's own object: "went on strike" has no recipient
                        # "strike".
                        out += [g for g in prep.children if g.dep_ == "pobj"
                                and g.lemma_.lower() not in entry.objects]
        if out:
            break
    return out


def _recipient_options(trigger: Token, entry: TriggerEntry, grammar: Grammar,
                       knowledge: Knowledge | None) -> Iterator[tuple[list[Token], bool]]:
    """Candidate recipient heads in order of preference, each flagged when the entry placed it.

    After the entry's own places, the search follows how news English attaches the other
    party: a direct object, then "to/with/against/on..." phrases, then the same inside the
    clause the trigger governs ("pledged to work with China").
    """
    # A light verb's object that names people is who the act is done to: "expelled two
    # British diplomats", "summoned the Indian ambassador", "dispersed a rally" (its crowd; but
    # not "recalled its ambassador").
    # Only where the entry says the object is the recipient: "withdrew peacekeepers from
    # Sinai" withdraws the actor's own people, from Sinai.
    if entry.objects and knowledge is not None and "dobj" in entry.recipient:
        for obj in trigger.children:
            if obj.dep_ == "dobj" and obj.lemma_.lower() in entry.objects \
                    and (knowledge.sector_of(obj.lemma_.lower())
                         or (entry.type in grammar.crowd_object_types
                             and crowd_sector(obj, grammar, knowledge))) \
                    and not any(c.dep_ == "poss" and c.pos_ == "PRON" for c in obj.children):
                yield [obj], True
    patient = patient_owner(trigger, grammar, knowledge) if trigger.pos_ == "NOUN" else []
    if patient:
        # "condemned the journalist's arrest": the journalist was arrested.
        yield patient, True
    told = headline_passive(trigger, grammar)
    if told:
        # "Iran urged to halt enrichment": Iran is urged.
        yield told, True
    # "anti-American protests", "joined anti-government protests": against the United States,
    # the government.
    acts = [trigger] if trigger.pos_ == "NOUN" else [
        o for o in trigger.children if o.dep_ == "dobj" and o.lemma_.lower() in entry.objects]
    against = [c for a in acts for c in a.children
               if c.dep_ in ("amod", "compound") and opposed(c, grammar)]
    if against:
        yield against, True
    if passive_participle(trigger, entry):
        # "the activists arrested by the police": the noun is who it was done to.
        yield [trigger.head], True
    yield _by_places(trigger, entry, tuple(entry.recipient)), True
    if entry.objects:
        # The party named inside the light verb's object: "imposed sanctions on Iran",
        # "rejected a request by Mr. Erdogan", "lifted a boycott of the university".
        for obj in trigger.children:
            if obj.dep_ == "dobj" and obj.lemma_.lower() in entry.objects:
                party = semantic_head(obj, grammar, knowledge)
                if party.i != obj.i:
                    yield [party], True
                elif actorish(obj, knowledge):
                    # The object belongs to a named party: "rejected U.S. calls", "gave the
                    # Pentagon permission".
                    yield [obj], True
    usual = grammar.recipient_fallback
    for where in usual:
        yield _by_places(trigger, entry, (where,)), False
    comps = [c for c in trigger.children if c.dep_ in ("xcomp", "ccomp", "advcl") or (
        c.dep_ == "acl" and entry.type == "REQUEST")]
    # One clause deeper through a control verb: "agreed to allow aid workers (to) enter".
    comps += [g for c in comps if c.dep_ == "xcomp" for g in c.children if g.dep_ == "ccomp"]
    for comp in comps:
        # "demanded that X step down", "found X guilty": X is who it is done to (whatever
        # the tagger made of the clause's head: "that the government resign" as a noun).
        subj = [c for c in comp.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
        if subj and (comp.dep_ == "ccomp" or (
                entry.type == "REQUEST" and comp.dep_ in ("acl", "advcl")
                and demanded(comp, grammar))):
            # (And "its demand that Britain release ...", "a call for the government to
            # resign": the one asked to act.)
            yield subj, False
        # "will not end the strike until the government pays", "threatened to cut ties if
        # Israel did not comply": the one whose move is the condition is the recipient.
        if comp.dep_ == "advcl" and subj and any(
                c.dep_ == "mark" and c.lower_ in grammar.condition_marks
                for c in comp.children):
            yield subj, False
        if comp.pos_ in ("VERB", "AUX"):
            for where in usual:
                yield _by_places(comp, entry, (where,)), False
    # "demanded the release of the prisoners": the object's "of" phrase.
    yield [g for obj in trigger.children if obj.dep_ == "dobj" for prep in obj.children
           if prep.dep_ == "prep" and prep.lower_ == "of"
           for g in prep.children if g.dep_ == "pobj"], False


def recipient_of(trigger: Token, entry: TriggerEntry, grammar: Grammar,
                 knowledge: Knowledge | None = None) -> tuple[list[Token], bool]:
    """The recipient heads, and whether the entry placed them.

    The first option that names an actor wins ("met in Geneva with Iran's envoy" finds the
    envoy); if none does, the first option found at all.
    """
    first: tuple[list[Token], bool] | None = None
    thing: tuple[list[Token], bool] | None = None
    for heads, explicit in _recipient_options(trigger, entry, grammar, knowledge):
        heads = [h for h in heads if h.ent_type_ not in NOT_ACTOR_LABELS]
        if not heads:
            continue
        if knowledge is not None and any(judged_act(h, grammar, knowledge) for h in heads):
            # "condemned Russia's attack on a hospital": its doer, not its target.
            return heads, explicit
        if any(actorish(h, knowledge) or actorish(semantic_head(h, grammar, knowledge),
                                                    knowledge)
               or (explicit and entry.type in grammar.crowd_object_types
                   and knowledge is not None and crowd_sector(h, grammar, knowledge))
               for h in heads):
            return heads, explicit
        if all(_thing(h, knowledge) for h in heads):
            # What is given or done, not to whom: "offered an aid package to the sector".
            thing = thing or (heads, explicit)
        elif first is None:
            first = (heads, explicit)
    return first or thing or ([], False)


def _acting_event(token: Token, knowledge: Knowledge) -> bool:
    """Whether a noun that tells an event stands where its doer would: a subject or agent."""
    return (token.dep_ in ("nsubj", "nsubjpass") or (
        token.dep_ == "pobj" and token.head.dep_ == "agent")) and any(
        e.pos == "NOUN" for e in knowledge.triggers.get(token.lemma_.lower(), ()))


def _thing(token: Token, knowledge: Knowledge | None) -> bool:
    """Whether a common noun names a thing that is never a party (nonactors.tsv)."""
    return knowledge is not None and token.pos_ == "NOUN" and bool(
        knowledge.nonactor_kind(token.lemma_.lower()))


def noun_actor(trigger: Token, knowledge: Knowledge, grammar: Grammar) -> list[Token]:
    """The actor of a noun trigger: its possessor, a known-name modifier ("Israeli strikes"),
    or the subject of the verb that governs it ("Nigeria announced the deployment of...")."""
    doers = named_doers(trigger, grammar, knowledge)
    if doers:
        return doers
    if trigger.dep_ in ("dobj", "nsubjpass") and trigger.head.pos_ in ("VERB", "AUX") \
            and trigger.head.lemma_.lower() in grammar.support_verbs:
        return subject_of(trigger.head, grammar)
    culprit = culprit_clause(trigger, grammar)
    if culprit is not None:
        # "the cartel has been responsible for mass killings".
        return subject_of(culprit, grammar)
    return []


def demanded(verb: Token, grammar: Grammar) -> bool:
    """Whether a verb is the act a demand asks for, told in the base form: "demanded that
    Britain release the tanker", "urged them to stop", "renewed its call for the junta to
    step down" (asked for, not done); or a noun that one asks for ("called for his
    resignation")."""
    if verb.pos_ == "NOUN":
        # An act told as a noun: "called for his resignation", "demanded the withdrawal".
        head = verb.head
        return (verb.dep_ == "dobj" and head.lemma_.lower() in grammar.demand_words) or (
            verb.dep_ == "pobj" and head.lower_ == "for"
            and head.head.lemma_.lower() in grammar.asking_for_words)
    if verb.tag_ not in ("VB", "VBP") or verb.dep_ not in ("xcomp", "ccomp", "acl", "advcl"):
        return False
    if any(c.dep_ == "mark" and c.lower_ == "for" for c in verb.children) \
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        # "for the junta to step down": whatever asks it, not done.
        return True
    head = verb.head
    return head.lemma_.lower() in grammar.demand_words or any(
        c.dep_ == "dobj" and c.lemma_.lower() in grammar.demand_words for c in head.children)
