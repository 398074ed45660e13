"""The pipeline: a parsed article in, Event records out; and the relation classifier.

Stages, in order, over one parsed document: mentions (coded noun phrases, resolved
against the article so far), candidates (triggers with argument heads and modality),
events (one per actor-recipient pair, with date, place, codes and confidence).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from dotterel.coding import gaps
from dotterel.coding.antecedents import clause_antecedent
from dotterel.coding.arguments import AGENTLESS_PLACE_PREPS, charging_verb, demanded
from dotterel.coding.candidates import Candidate, find_candidates
from dotterel.coding.circumstances import (
    dateline_country,
    event_date,
    event_place,
    find_place,
    party_place,
    region_country,
)
from dotterel.coding.force import armed_seizures
from dotterel.coding.labels import (
    GAZETTEER_LABELS,
    MENTION_LABELS,
    NOT_ACTOR_LABELS,
    PARTY_LABELS,
)
from dotterel.coding.mentions import (
    Coded,
    History,
    code_phrase,
    may_have_country,
    phrase_bounds,
    resolve,
)
from dotterel.coding.modality import source_marker
from dotterel.coding.nlp import datelines, ents_within
from dotterel.coding.nominals import crowd_sector, judged_act
from dotterel.coding.recipients import (
    Frame,
    Option,
    RecipientChoice,
    choose,
    option_features,
    option_vector,
)
from dotterel.coding.references import refer_back
from dotterel.coding.repeats import merge_repeats
from dotterel.coding.resources import Resources
from dotterel.coding.standins import named_party
from dotterel.records import Actor, Article, Event, Trigger

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

@dataclass
class _DocState:
    """Per-document working state: the mention history and coded heads."""

    article: Article
    history: History
    coded: dict[int, list[Coded]]
    # The document's entities and its places (GPE, LOC), read once: every Span.ents call
    # rebuilds all of the document's entities.
    ents: tuple[Span, ...] = ()
    places: tuple[Span, ...] = ()
    # Sentences (index, token start, end) whose noun phrases are not yet coded into the
    # history: they are coded when the history is next read, as if coded as they were read.
    pending: list[tuple[int, int, int]] = field(default_factory=list)
    catching_up: bool = False
    # The heads of the document's noun chunks and named mentions, in order, collected at the
    # first catching up (every Span.noun_chunks call walks the whole document, and every
    # Span.root climbs its tokens).
    phrase_heads: list[tuple[int, int]] | None = None
    # When given, every choice of a recipient is recorded here (to train the recipient model).
    choices: list[RecipientChoice] | None = None


def _mention(doc: Doc, head: Token, sent_index: int, state: _DocState, res: Resources,
             bounds: tuple[int, int] | None = None) -> list[Coded]:
    """The coded (and resolved) mentions for a head token, coded once per document."""
    if head.i in state.coded and bounds is None:
        return state.coded[head.i]
    antecedent = clause_antecedent(head, res.grammar)
    if antecedent is not None and bounds is None:
        # "X said it would ...": the pronoun is X, told in the same sentence.
        found = _mention(doc, antecedent, sent_index, state, res)
        return state.coded.setdefault(head.i, found)
    coded = [_holder(_city_country(c, state.places, doc, res), doc, res, state.article.published)
             for c in code_phrase(doc, head, res.knowledge, state.article.published, sent_index,
                                  bounds, res.grammar)]
    if head.dep_ == "pobj" and head.head.lower_ in res.grammar.locative_preps:
        # "a curfew in Bangkok": the city, not the government seated there.
        coded = [replace(c, sector=None, kind="place") if c.kind == "capital" else c
                 for c in coded]
    resolved: list[Coded] = []
    for c in coded:
        resolved += resolve(c, head, state.history, res.grammar)
    if bounds is None:
        # (If resolving it read the history, catching up coded this phrase in its turn:
        # that reading stands.)
        return state.coded.setdefault(head.i, resolved)
    return resolved


def _city_country(m: Coded, places: tuple[Span, ...], doc: Doc, res: Resources) -> Coded:
    """A phrase named after a city takes the city's country: "a Delhi court" is Indian (but
    diplomats in Geneva are not Swiss); one in a region named after another country takes the
    region's ("militants in the Niger Delta" are Nigerian)."""
    if m.country:
        inside = (e.text for e in places if m.start <= e.start and e.end <= m.end)
        region = next(filter(None, (region_country(text, m.country, res.grammar, res.gazetteer,
                                                   res.knowledge) for text in inside)), None)
        return replace(m, country=region) if region else m
    posted = doc[m.head].lemma_.lower() in res.grammar.posted_nouns
    for ent in places:
        if m.start <= ent.start and ent.end <= m.end and ent.root.i != m.head \
                and not (posted and ent.start > m.head):
            place = find_place(ent.text, (), res.grammar, res.gazetteer)
            if place is not None and place.country:
                return replace(m, country=place.country)
    return m


def _holder(m: Coded, doc: Doc, res: Resources, on: str | None) -> Coded:
    """Name the holder of an office described by country and title ("the Syrian president")."""
    if m.person or not m.country or not on:
        return m
    words = [t.lemma_.lower() for t in doc[m.start:m.end]]
    for k in (2, 1):
        office = " ".join(words[-k:])
        for e in res.holders.get((m.country, office), ()):
            if e.start and e.start <= on[:10] and (not e.end or on[:10] <= e.end):
                return replace(m, name=e.name, person=True)
    return m


def _catch_up(doc: Doc, state: _DocState, res: Resources) -> None:
    """Code the noun phrases put off so far into the history, in reading order; each one sees
    the history as it stood when it was read (no catching up within catching up)."""
    if state.catching_up or not state.pending:
        return
    state.catching_up = True
    try:
        phrase_heads = _phrase_heads(doc, state)
        pending, state.pending = state.pending, []
        for sent_index, start, end in pending:
            at = bisect_left(phrase_heads, (start, -1))
            stop = bisect_left(phrase_heads, (end, -1), at)
            for i in sorted({head for _, head in phrase_heads[at:stop]}):
                _register(doc, doc[i], sent_index, state, res)
    finally:
        state.catching_up = False


def _phrase_heads(doc: Doc, state: _DocState) -> list[tuple[int, int]]:
    """Where each of the document's phrases is, and its head: a noun chunk by its head, a
    named mention by its start (collected once a document)."""
    if state.phrase_heads is None:
        state.phrase_heads = sorted(
            {(c.root.i, c.root.i) for c in doc.noun_chunks}
            | {(e.start, e.root.i) for e in state.ents if e.label_ in MENTION_LABELS})
    return state.phrase_heads


def _register(doc: Doc, head: Token, sent_index: int, state: _DocState, res: Resources
              ) -> None:
    """Code one noun phrase into the history."""
    if head.i not in state.coded:
        start, end = phrase_bounds(head)
        # The history gives only mentions with a country: one that cannot have any is coded
        # when (if ever) a candidate asks for it, with the same result.
        if not may_have_country(doc, head, (start, end), res.knowledge, res.grammar) \
                and not any(start <= p.start and p.end <= end for p in state.places):
            return
    for m in _mention(doc, head, sent_index, state, res):
        state.history.add(m)


def _actor(m: Coded) -> Actor:
    return Actor(text=m.text, name=m.name, country=m.country, sector=m.sector,
                 start=m.char_start, end=m.char_end)


def _confidence(actor: Coded, recipient: Coded | None, cand: Candidate) -> float:
    score = 0.35
    score += 0.25 if actor.country else (0.1 if actor.sector else 0.0)
    if recipient is None:
        score += 0.1
    else:
        score += 0.2 if recipient.country else (0.1 if recipient.sector else 0.0)
    score += 0.1 if cand.trigger.pos_ == "VERB" else 0.0
    score -= 0.1 if cand.modality in ("hypothetical", "reported") else 0.0
    return round(max(0.0, min(1.0, score)), 2)


def _event(cand: Candidate, actor: Coded, recipient: Coded | None, sent: Span, sent_index: int,
           state: _DocState, res: Resources) -> Event | None:
    entry = cand.entry
    cameo, mode = entry.cameo, entry.mode
    trigger = cand.trigger
    # What another party wants or demands of the actor is no promise of the actor's.
    # Nor is a condition set on another ("... if the United States lifted sanctions").
    controlled = (trigger.dep_ == "xcomp" and any(c.dep_ == "dobj" for c in trigger.head.children)
                  ) or demanded(trigger, res.grammar) or any(
        c.dep_ == "mark" and c.lower_ in res.grammar.condition_marks for c in trigger.children)
    promised = cand.modality in ("future", "hypothetical") and bool(entry.future_type) \
        and actor.coded and not controlled
    if promised and entry.future_type:
        # A political actor's "would veto" is a threat made now; a draft that "would
        # impose" sanctions stays a hypothetical sanction, and so does what someone else
        # wants or requires of the actor ("would require Syria to withdraw").
        cand = replace(cand, event_type=entry.future_type, modality="asserted")
    if cand.event_type != entry.type:
        default = res.grammar.type_defaults[cand.event_type]
        cameo, mode = default.cameo, default.mode
    doc = sent.doc
    ents = ents_within(state.ents, sent)
    date, date_text = event_date(cand, ents, state.article.published, res.knowledge,
                                 promised=promised)
    # (The place an agentless passive happened in is where, even standing for its state; so
    # is the place of an unidentified attack, "a car bomb in Baghdad".)
    tokens = set() if _place_for_state(actor, doc) or actor.sector == gaps.UNIDENTIFIED \
        else set(range(actor.start, actor.end))
    place = event_place(cand, ents, (recipient.country if recipient else None, actor.country),
                        tokens, res.knowledge, res.grammar, res.gazetteer)
    # A recipient the act was done to, not one it happened in ("declared a ceasefire in
    # Somalia"): as a place it says nothing of the doer ("fired rockets at Syria").
    target = recipient is not None \
        and doc[recipient.head].head.lower_ not in res.grammar.enclosing_preps
    actor_place = None if target and place is not None and recipient is not None \
        and place.text in recipient.text else place
    actor_posted = gaps.posted_abroad(actor, doc, res)
    recipient_posted = gaps.posted_abroad(recipient, doc, res)
    filled = gaps.fill_country(actor, recipient, actor_place, state.history, res,
                               actor_posted, recipient_posted) or actor
    filled_recipient = gaps.fill_country(recipient, actor, place, state.history, res,
                                         recipient_posted, actor_posted)
    # Nor is a guessed country the target's when the target is the country itself: an army
    # that shelled Lebanon is not known to be Lebanon's.
    if filled is not actor and target and recipient is not None and recipient.kind == "country" \
            and not recipient.sector and filled.country == recipient.country:
        filled = actor
    # A country guessed for one side never makes it the other's twin: keep it unguessed.
    if gaps.twins(filled, filled_recipient) and filled is not actor:
        filled = actor
    if gaps.twins(filled, filled_recipient) and filled_recipient is not recipient:
        filled_recipient = recipient
    # Nor is a party guessed to share the country of its own partners, allies or counterpart:
    # "the minister thanked his Iranian partners" says he is not Iranian.
    if filled is not actor and gaps.relational_of(recipient, doc, res, filled.country):
        filled = actor
    if filled_recipient is not recipient and gaps.relational_of(
            actor, doc, res, filled_recipient.country if filled_recipient else None):
        filled_recipient = recipient
    actor, recipient = filled, filled_recipient
    if gaps.twins(actor, recipient):
        return None
    # Coded last, so that a name's guessed sector changes none of the choices above.
    actor = gaps.civilian(actor, recipient, place, doc, state.history, res) or actor
    recipient = gaps.civilian(recipient, actor, place, doc, state.history, res)
    trig = doc[cand.trigger.i:cand.trigger_end]
    return Event(
        doc_id=state.article.doc_id,
        sentence=sent_index,
        sentence_text=state.article.text[sent.start_char:sent.end_char].strip(),
        event_type=cand.event_type,
        mode=mode,
        contexts=tuple(entry.contexts),
        cameo=cameo,
        quad_class=res.knowledge.quad_class(cameo),
        goldstein=float(res.knowledge.goldstein.get(cameo, 0.0)),
        actor=_actor(actor),
        recipient=_actor(recipient) if recipient else None,
        date=date,
        date_text=date_text,
        location=place or party_place(ents, [(actor.start, actor.end)] + (
            [(recipient.start, recipient.end)] if recipient else []), res.grammar, res.gazetteer),
        modality=cand.modality,
        trigger=Trigger(text=trig.text, start=trig.start_char, end=trig.end_char),
        confidence=_confidence(actor, recipient, cand),
        rule=entry.id,
    )


def _stand_in(cand: Candidate, clause: bool, doc: Doc, sent_index: int, state: _DocState,
              res: Resources, coded: bool = True) -> list[Coded]:
    """Mentions of a named party to stand in for the recipient (coded ones only, unless
    ``coded`` is false), or none."""
    # (Never the source it is told on: "according to the Yonhap news agency".)
    sources = [t for t in cand.trigger.sent if source_marker(t, res.grammar)]
    heads = named_party(cand.recipient_heads, _scope(cand, res), [*cand.actor_heads, *sources],
                        res.knowledge, clause=clause)
    found = [_as_place(m, doc, res) for h in heads
             for m in _mention(doc, h, sent_index, state, res)]
    return found if any(m.coded for m in found) or not coded else []


def _as_place(m: Coded, doc: Doc, res: Resources) -> Coded:
    """An uncoded place name as its country ("imposed blockades in Lahore": Pakistan)."""
    if m.coded or doc[m.head].ent_type_ not in GAZETTEER_LABELS:
        return m
    place = find_place(doc[m.start:m.end].text, (), res.grammar, res.gazetteer) \
        or find_place(doc[m.head].text, (), res.grammar, res.gazetteer)
    return replace(m, country=place.country) if place is not None and place.country else m


def _place_for_state(m: Coded, doc: Doc) -> bool:
    """Whether an actor is the place an agentless passive happened in, standing for its state
    ("were arrested in Alexandria"; ``arguments.unnamed_agent``), not a passive's agent."""
    head = doc[m.head]
    return head.dep_ == "pobj" and head.head.lower_ in AGENTLESS_PLACE_PREPS


def _scope(cand: Candidate, res: Resources) -> Token:
    """The clause of a trigger: a light verb's, for its noun ("announced the deployment of
    troops to Liberia" sends them to Liberia)."""
    t = cand.trigger
    if t.pos_ == "NOUN" and t.dep_ in ("dobj", "nsubjpass") \
            and t.head.lemma_.lower() in res.grammar.support_verbs:
        return t.head
    return t


def _named(m: Coded, doc: Doc) -> bool:
    """Whether a mention contains a name, known to the knowledge base or not."""
    return any(t.pos_ == "PROPN" or t.ent_type_ in PARTY_LABELS for t in doc[m.start:m.end])


def _crowd(m: Coded, doc: Doc, res: Resources) -> Coded:
    """A mention whose head is a crowd's event noun, as the crowd's sector."""
    head = doc[m.head]
    if m.sector or (head.dep_ == "pobj" and not any(c.dep_ in ("det", "poss")
                                                    for c in head.children)):
        return m  # (a manner, not a crowd: "went on hunger strike in protest at ...")
    sector = crowd_sector(head, res.grammar, res.knowledge)
    return replace(m, sector=sector, kind="group", nonactor=None) if sector else m


def _own_forces(m: Coded, doc: Doc, res: Resources) -> bool:
    """Whether a mention is unnamed forces ("troops", "its soldiers", "the army")."""
    return doc[m.head].lemma_.lower() in res.grammar.force_nouns and not _named(m, doc)


def _dyads(cand: Candidate, doc: Doc, sent_index: int, state: _DocState, res: Resources
           ) -> Iterator[tuple[Coded, Coded | None]]:
    """One actor-recipient pair per coordinated actor and recipient."""
    if cand.actor_sector:
        # The event noun stands for its doers: "protests" are protesters of their place.
        actors = [replace(m, sector=cand.actor_sector, kind="group", nonactor=None,
                          name=m.text) for h in cand.actor_heads
                  for m in _mention(doc, h, sent_index, state, res, (h.i, h.i + 1))]
    else:
        actors = [m for h in cand.actor_heads for m in _mention(doc, h, sent_index, state, res)]
    recipients = [m for h in cand.recipient_heads
                  for m in _mention(doc, h, sent_index, state, res)]
    # A crowd told by its event noun is its people: "a rally in Nairobi demanded ..." (KENCVL).
    actors, recipients = ([_crowd(m, doc, res) for m in ms] for ms in (actors, recipients))
    actors = gaps.share_country([a for a in actors if a.kind != "media"])
    # The place an agentless passive happened in stands for its state: "were arrested in
    # Alexandria" (Egypt's), "were killed in Kunar" (Afghanistan's).
    actors = [_as_place(a, doc, res) if _place_for_state(a, doc) else a for a in actors]
    # Causes, things, documents and the roles of sport are never parties ("an earthquake
    # killed dozens"); an attack told with its weapon as the doer ("a bomb killed two") has
    # an unidentified attacker.
    actors = [gaps.unidentified(a) if a.nonactor == "weapon"
              and cand.event_type in res.grammar.weapon_event_types else a for a in actors]
    # A document or thing acts only as the party its phrase names ("a U.S. congressional
    # report called for sanctions"); unnamed ("the resolution condemned") it is no actor.
    actors = [a for a in actors if a.nonactor is None
              or (a.nonactor in ("document", "thing") and a.coded and _named(a, doc))]
    # A thing is a recipient only through a party its phrase names ("Seoul's efforts"); else
    # it counts as naming no one, so that a named party in the clause may stand in for it.
    recipients = [r if r.nonactor is None or _named(r, doc)
                  else replace(r, country=None, sector=None) for r in recipients]
    if actors and recipients and cand.event_type in res.grammar.force_means_types and all(
            _own_forces(r, doc, res) for r in recipients):
        # "offered to send troops to Uganda", "withdraw its troops from Gaza": the actor's own
        # forces are its means; the party named in the clause is the recipient.
        # Any named party beats the actor's own forces, known or not ("against Palestina").
        recipients = _stand_in(cand, True, doc, sent_index, state, res, coded=False) \
            or recipients
    judged_heads = {h.i for h in cand.recipient_heads
                    if judged_act(h, res.grammar, res.knowledge)}
    judged = bool(judged_heads)
    if actors and not judged and not any(r.coded for r in recipients):
        # (An act judged whose doer names no party stays the recipient: "condemned the
        # group's attack on a mosque in Kabul" judges no one in Kabul.)
        # The recipient names no actor ("lifted its ban ... on the condition"): a named party
        # in its phrase or the trigger's clause is the better guess at who it was done to.
        # Not instead of an object ("attacked an army camp in Kabul", "tortured an inmate in
        # western Iran"): a place in the clause stands in only for a missing or oblique one.
        direct = any(h.dep_ in ("dobj", "nsubjpass", "dative") and h.head.i == cand.trigger.i
                     for h in cand.recipient_heads)
        recipients = _stand_in(cand, not (recipients and (cand.explicit or direct)), doc,
                               sent_index, state, res) or recipients
    if recipients:
        # Beside a named party, an uncoded one is a thing the act is about, not a party:
        # "lifted its ban on Chinese imports on the condition that ..." (a name unknown to
        # the knowledge base still beats a common noun: "its ban on TikTok on the condition").
        def rank(r: Coded) -> int:
            return 2 if r.coded else 1 if _named(r, doc) else 0
        best = max(rank(r) for r in recipients)
        recipients = [r for r in recipients if rank(r) == best]
    recipients = gaps.share_country([r for r in recipients if r.nonactor is None or _named(r, doc)
                                     or (judged and r.head in judged_heads)])
    if actors and (res.recipient_model is not None or state.choices is not None):
        recipients = _learned_recipients(cand, actors, recipients, doc, sent_index, state, res)
    # Co-actors are never each other's recipient: "the draft proposed by A, B and C".
    spans = {(a.char_start, a.char_end) for a in actors}
    recipients = [r for r in recipients if (r.char_start, r.char_end) not in spans]
    pair = len(actors) == 2 and actors[0].char_start == actors[1].char_start
    named = any(r.coded or any(t.pos_ == "PROPN" for t in doc[r.start:r.end])
                for r in recipients)
    # The entry's own type counts: "X and Y failed to reach agreement" is a joint refusal.
    # Only an act two parties do with each other pairs them ("met", "signed a deal"); parties
    # that act together towards someone else are co-actors ("declined to attend").
    mutual = {cand.event_type, cand.entry.type} & set(res.grammar.reciprocal_types) and (
        cand.entry.lemma in res.grammar.mutual_acts
        or bool(set(cand.entry.objects) & res.grammar.mutual_acts))
    if len(actors) == 2 and mutual and (
        pair or not recipients or not cand.explicit or not named
        or (_coordinated(actors, doc) and all(_no_party(r, cand, doc, res) for r in recipients))
    ):
        # "the two countries signed an agreement": each with the other.
        yield actors[0], actors[1]
        return
    for a in actors:
        if not recipients:
            yield a, None
        for r in recipients:
            if (a.char_start, a.char_end) == (r.char_start, r.char_end):
                continue
            yield a, r


def _coordinated(actors: list[Coded], doc: Doc) -> bool:
    """Whether two actors are one subject's conjuncts ("the Kenyan president and his
    Tanzanian counterpart")."""
    a, b = (doc[m.head] for m in actors)
    return any(c.i == b.i for c in a.conjuncts)


def _no_party(r: Coded, cand: Candidate, doc: Doc, res: Resources) -> bool:
    """Whether a recipient is only where a mutual act happened ("held talks in Tokyo") or
    the act's own object ("signed six agreements"): two parties doing it are each other's."""
    head = doc[r.head]
    if head.dep_ == "pobj" and head.head.lower_ in res.grammar.locative_preps:
        return True
    return head.head.i == cand.trigger.i and head.lemma_.lower() in res.grammar.mutual_acts


def _option_kind(mentions: list[Coded], doc: Doc) -> str:
    """What a phrase names, as the recipient model reads it."""
    m = mentions[0]
    if doc[m.head].pos_ == "PRON":
        return "pron"
    coded = ("c" if m.country else "") + ("s" if m.sector else "")
    return f"{m.kind}:{coded or ('named' if _named(m, doc) else '-')}"


def _may_be_party(doc: Doc, head: Token, res: Resources) -> bool:
    """False only when a phrase can be neither coded nor named: no name or place, no
    pronoun, no sector word, and nothing that may give it a country (a cheap test before
    coding every phrase of a sentence)."""
    bounds = phrase_bounds(head)
    phrase = doc[bounds[0]:bounds[1]]
    sector_words = res.knowledge.sector_words
    return any(t.pos_ in ("PROPN", "PRON") or t.ent_type_ in GAZETTEER_LABELS
               or t.ent_type_ in PARTY_LABELS or t.lemma_.lower() in sector_words
               for t in phrase) \
        or may_have_country(doc, head, bounds, res.knowledge, res.grammar)


def _learned_recipients(cand: Candidate, actors: list[Coded], recipients: list[Coded], doc: Doc,
                        sent_index: int, state: _DocState, res: Resources) -> list[Coded]:
    """The rules' recipients, or the phrase of the sentence the recipient model prefers
    (and every choice recorded, when the state records them)."""
    sent = cand.trigger.sent
    avoid = {i for a in actors for i in range(a.start, a.end)} \
        | set(range(cand.trigger.i, cand.trigger_end))
    charged = charging_verb(cand.trigger, res.grammar)
    if charged is not None:
        # Who alleges or judges an act is not whom it was done to: "Pakistan accused India
        # of shelling villages" (a pronoun naming the accuser still may be: "... shelling it").
        avoid |= {t.i for s in charged.children if s.dep_ == "nsubj" for t in s.subtree}
    # Nor is the source a report is told on ("according to state media").
    avoid |= {t.i for m in sent if source_marker(m, res.grammar) for t in m.subtree}
    ruled = {(r.char_start, r.char_end) for r in recipients}
    # What was done in an act that is judged is not who is judged ("condemned the group's
    # attack on a mosque": not the mosque).
    avoid |= {t.i for h in cand.recipient_heads if judged_act(h, res.grammar, res.knowledge)
              for t in h.subtree if t.i not in {r.head for r in recipients}}
    acting = {(a.char_start, a.char_end) for a in actors}
    ruled_heads = {r.head for r in recipients}
    heads = _phrase_heads(doc, state)
    at = bisect_left(heads, (sent.start, -1))
    stop = bisect_left(heads, (sent.end, -1), at)
    found: dict[int, list[Coded]] = {}
    # The trigger's own phrase: its subtree without the clauses coordinated with it.
    below = {t.i for t in cand.trigger.subtree} - {
        t.i for c in cand.trigger.children
        if c.dep_ in ("conj", "parataxis") and c.pos_ in ("VERB", "AUX") for t in c.subtree}
    for i in sorted({h for _, h in heads[at:stop]} | {r.head for r in recipients}):
        if i in avoid or not sent.start <= i < sent.end or doc[i].ent_type_ in NOT_ACTOR_LABELS:
            continue
        if (not recipients or cand.nominal) and i not in below:
            # With no recipient from the rules, a party of another clause is not whom it was
            # done to ("the army attacked and the rebels fled"); nor, for an event told as a
            # noun, one outside the noun's phrase ("fighting between A and B left dozens dead").
            continue
        if not recipients and doc[i].dep_ == "pobj" \
                and doc[i].head.lower_ in res.grammar.locative_preps:
            # Nor is where the act happened ("a strike paralysed ports across Greece").
            continue
        if i not in ruled_heads and not _may_be_party(doc, doc[i], res):
            continue
        mentions = [_as_place(m, doc, res) for m in _mention(doc, doc[i], sent_index, state, res)]
        # Only what could stand as a recipient at all: a party, a name or a place, and not
        # the actor again ("she" told of the minister who acts).
        mentions = [m for m in mentions if (m.coded or _named(m, doc))
                    and (m.nonactor is None or _named(m, doc))
                    and (m.char_start, m.char_end) not in acting and m.head not in avoid]
        if mentions:
            found[i] = mentions
    for r in recipients:
        # The rules' own choice is always an option, as they made it.
        found.setdefault(r.head, [x for x in recipients if x.head == r.head])
    # A name inside a coded phrase is that phrase ("Ugandan" in "the Ugandan government").
    spans = {i: (ms[0].char_start, ms[0].char_end) for i, ms in found.items()}
    for i in [i for i in found if i not in ruled_heads]:
        if any(j != i and found[j][0].coded and spans[j][0] <= spans[i][0]
               and spans[i][1] <= spans[j][1] and spans[j] != spans[i] for j in found):
            del found[i]
    options = [Option(doc[i], _option_kind(ms, doc), i in ruled_heads
                      or any((m.char_start, m.char_end) in ruled for m in ms))
               for i, ms in found.items()]
    if len(options) < (2 if recipients else 1):
        return recipients
    frame = Frame.of(cand.trigger, cand.event_type, [doc[a.head] for a in actors],
                     cand.explicit)
    features = [option_features(o, frame) for o in options]
    model = res.recipient_model
    vectors = [option_vector(o, cand.trigger) for o in options] \
        if state.choices is not None or (model is not None and model.dense is not None) \
        else [None] * len(options)
    if state.choices is not None:
        state.choices.append(RecipientChoice(
            sent_index, cand.event_type, tuple((a.char_start, a.char_end) for a in actors),
            tuple((tuple((m.char_start, m.char_end) for m in found[o.head.i]), tuple(f), o.rule)
                  for o, f in zip(options, features, strict=True)), tuple(vectors)))
    if model is None:
        return recipients
    chosen = choose(model, options, features, vectors)
    return recipients if chosen is None else found[chosen.head.i]


def recipient_choices(doc: Doc, article: Article, res: Resources) -> list[RecipientChoice]:
    """Every recipient choice the rules make in a parsed article, as the recipient model
    reads them (to train it)."""
    choices: list[RecipientChoice] = []
    _code(doc, article, replace(res, recipient_model=None), choices)
    return choices


def code_doc(doc: Doc, article: Article, res: Resources) -> list[Event]:
    """Every event in a parsed article."""
    return _code(doc, article, res, None)


def _code(doc: Doc, article: Article, res: Resources, choices: list[RecipientChoice] | None
          ) -> list[Event]:
    ents = tuple(doc.ents)
    filed = datelines(article.text, res.grammar)
    history = History(home=dateline_country(article.text[slice(*filed[0])], res.grammar,
                                            res.gazetteer, res.knowledge) if filed else None)
    state = _DocState(article, history, {}, ents,
                      tuple(e for e in ents if e.label_ in GAZETTEER_LABELS), choices=choices)
    history.catch_up = lambda: _catch_up(doc, state, res)
    events: list[Event] = []
    seen: set[str] = set()
    for sent_index, sent in enumerate(doc.sents):
        # Its noun phrases join the history when it is next read (most articles never ask).
        state.pending.append((sent_index, sent.start, sent.end))
        for cand in find_candidates(sent, res.knowledge, res.grammar):
            for actor, recipient in _dyads(cand, doc, sent_index, state, res):
                event = _event(cand, actor, recipient, sent, sent_index, state, res)
                if event is not None and event.event_id not in seen:
                    seen.add(event.event_id)
                    events.append(event)
    events = armed_seizures(merge_repeats(doc, events), res)
    return refer_back(doc, events, res.knowledge, res.grammar)
