"""The relation between two actors: the rules' evidence, and the learned model's verdict.

``classify`` answers "what did source do to target?" with the same coder: it codes the
sentence, prefers the event joining the two spans, and, when a trained relation model is
loaded, lets the model weigh that evidence. ``retype`` applies the same model to the events
of ``code``, so both answer alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from dotterel.coding.candidates import pick_entry
from dotterel.coding.nominals import happened
from dotterel.coding.pipeline import code_doc
from dotterel.coding.resources import Resources
from dotterel.records import Actor, Article, Event

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


# The relation model's answer for a pair between whom nothing happened.
NO_EVENT = "NONE"


def find_span(sentence: str, phrase: str) -> tuple[int, int]:
    """Character span of a phrase in a sentence (case-insensitive), or an empty span."""
    phrase = phrase.strip()
    at = sentence.find(phrase)
    if at < 0:
        at = sentence.lower().find(phrase.lower())
    return (at, at + len(phrase)) if at >= 0 and phrase else (-1, -1)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _head_in(doc: Span, span: tuple[int, int]) -> Token | None:
    """The syntactic head of the tokens inside a character span."""
    tokens = [t for t in doc if span[0] <= t.idx < span[1]]
    if not tokens:
        return None
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    return heads[0] if heads else tokens[0]


def _path(src: Token, tgt: Token) -> list[Token]:
    """Tokens on the dependency path from one token to another (both ends included)."""
    up_src = [src, *src.ancestors]
    up_tgt = [tgt, *tgt.ancestors]
    index = {t.i: k for k, t in enumerate(up_src)}
    for k, t in enumerate(up_tgt):
        if t.i in index:
            return up_src[: index[t.i] + 1] + list(reversed(up_tgt[:k]))
    return up_src + list(reversed(up_tgt))


@dataclass(frozen=True)
class Evidence:
    """What the rules say about a source-target pair, as the relation model reads it.

    ``rule``: the rules' type (or "NONE"); ``features``: the symbolic evidence; ``why``: the
    answer's provenance, ``event:<id>`` when an event joins the pair, ``trigger:<id>`` when
    only a trigger on (or near) their path does, ``none`` otherwise; ``vector``: the parser's
    contextual token vectors at the pair's key words (None when the pipeline has none).
    """

    rule: str
    features: list[str]
    why: str
    vector: NDArray[np.float64] | None = None


def relation_evidence(doc: Doc, source: tuple[int, int], target: tuple[int, int],
                      res: Resources) -> Evidence:
    """The rules' evidence for a source-target pair in a parsed sentence."""
    # The rules' own recipients, as the relation model was trained on (the recipient model
    # chooses among a sentence's phrases for coding, not for a pair already given).
    rules = replace(res, recipient_model=None)
    return evidence(doc[:], code_doc(doc, Article(text=doc.text), rules), source, target, res)


def context_vector(doc: Doc, src: Token | None, tgt: Token | None, path: Sequence[Token],
                   top: Token) -> NDArray[np.float64] | None:
    """The tok2vec vectors of the joining word ``top``, its sentence, the path's verbs and
    both ends.

    Context vectors carry what the sparse features miss: the sense of the joining verb in
    this sentence ("took over the city" by troops, not a firm). None without a tensor.
    """
    tensor = getattr(doc, "tensor", None)
    if tensor is None or len(tensor.shape) != 2 or tensor.shape[0] != len(doc) \
            or not tensor.shape[1] or src is None or tgt is None:
        return None
    sent = top.sent
    verbs = [t.i for t in path if t.pos_ == "VERB"] or [top.i]
    # (Not over blank tokens: a masked dateline's blanks say nothing of the sentence.)
    words = [t.i for t in sent if not t.is_space] or [top.i]
    return np.concatenate([tensor[top.i], tensor[words].mean(axis=0),
                           tensor[verbs].mean(axis=0), tensor[src.i], tensor[tgt.i]])


def evidence(doc: Span, events: Sequence[Event], source: tuple[int, int],
             target: tuple[int, int], res: Resources) -> Evidence:
    """The rules' answer, the features and the answer's provenance for a pair, in one sentence."""

    def span(a: Actor | None) -> tuple[int, int]:
        return (a.start, a.end) if a else (-1, -1)

    def fit(e: Event) -> int:
        return (2 * _overlap(span(e.actor), source) + 2 * _overlap(span(e.recipient), target)
                + _overlap(span(e.actor), target) + _overlap(span(e.recipient), source))

    ranked = sorted(events, key=lambda e: (-fit(e), -e.confidence))
    features: list[str] = []
    for e in ranked:
        if fit(e):
            features += [f"ev={e.event_type}", f"evrule={e.rule}",
                         f"ev={e.event_type}:{e.modality}", f"fit{fit(e)}={e.event_type}"]
    if ranked and fit(ranked[0]):
        # What the joining trigger acts on: "withdrew troops" is not "withdrew aid".
        trig = doc.doc.char_span(ranked[0].trigger.start, ranked[0].trigger.end,
                                 alignment_mode="expand")
        if trig is not None:
            for c in trig.root.children:
                if c.dep_ in ("dobj", "prt", "nsubjpass"):
                    features.append(f"obj={c.lemma_.lower()}")
    src, tgt = _head_in(doc, source), _head_in(doc, target)
    if src is not None and tgt is not None and src.sent != tgt.sent:
        tgt = None
    path = _path(src, tgt) if src is not None and tgt is not None else []
    on_path = {t.i for t in path}
    for t in path:
        if t.pos_ in ("VERB", "NOUN", "ADP", "ADJ"):
            features.append(f"path={t.lemma_.lower()}")
    triggers: list[tuple[int, int, str, str]] = []
    # The lowest common ancestor: the word that joins source and target.
    top = min(path, key=lambda t: len(list(t.ancestors))) if path else None
    if top is not None:
        features.append(f"lca={top.lemma_.lower()}")
    lo, hi = sorted((max(source[1], 0), max(target[0], 0)))
    for t in doc:
        if lo <= t.idx < hi and t.pos_ in ("VERB", "NOUN", "ADJ", "ADP", "PART"):
            features.append(f"between={t.lemma_.lower()}")
        entries = res.knowledge.triggers.get(t.lemma_.lower(), ())
        # Only an entry whose particle and object constraints hold: "announced a ceasefire"
        # is not "announced an investigation".
        picked = pick_entry(t, entries, res.grammar, res.knowledge) if entries else None
        if picked is not None:
            entry = picked[0]
            where = "path" if t.i in on_path else "sent"
            features.append(f"trig{where}={entry.type}")
            if t.i in on_path:
                features.append(f"pathentry={entry.id}")
            # On the path, the trigger nearest the word joining the pair wins ("lifted
            # restrictions imposed on X" is a lifting); off it, the first in the sentence.
            depth = len(list(t.ancestors)) if t.i in on_path else t.i
            triggers.append((0 if t.i in on_path else 1, depth, entry.type, entry.id))
        if t.pos_ == "VERB":
            features.append(f"verb={t.lemma_.lower()}")
        if t.dep_ == "neg" and t.head.i in on_path:
            features.append("negated")
    if tgt is not None:
        features.append(f"tdep={tgt.dep_}")
        if tgt.head.pos_ == "ADP":
            features.append(f"tprep={tgt.head.lower_}")
            features.append(f"tprepgov={tgt.head.head.lemma_.lower()}:{tgt.head.lower_}")
        features.append(f"tgov={tgt.head.lemma_.lower()}")
    if src is not None:
        features.append(f"sgov={src.head.lemma_.lower()}")
    if ranked and fit(ranked[0]):
        rule, why = ranked[0].event_type, f"event:{ranked[0].rule}"
    elif triggers:
        _, _, rule, entry_id = min(triggers)
        why = f"trigger:{entry_id}"
    elif ranked:
        rule, why = ranked[0].event_type, f"event:{ranked[0].rule}"
    else:
        rule, why = NO_EVENT, "none"
    features.append(f"rule={rule}")
    # Content words of the sentence: the topic the path alone does not show.
    features += [f"w={t.lemma_.lower()}" for t in doc
                 if t.pos_ in ("VERB", "NOUN", "ADJ") and not t.is_stop]
    vector = context_vector(doc.doc, src, tgt, path, top) if top is not None else None
    return Evidence(rule, features, why, vector)


def overrule(res: Resources, found: Evidence, rule: str | None = None) -> str:
    """The model's type where it overrules the rules, else the rules' type.

    The model weighs the rules' answer with the rest of the evidence, and wins only where it
    gives the rules' type less than ``res.overrule_below``: a lexicon entry's type stands
    unless the sentence around it says otherwise ("seized the tanker", by marines).
    """
    model = res.relation_model
    rule = found.rule if rule is None else rule
    if model is None:
        return rule
    scores = model.scores(found.features, found.vector)
    if scores.get(rule, 0.0) >= res.overrule_below:
        return rule
    best = max(scores, key=lambda c: scores[c])
    if best == NO_EVENT and scores[best] < res.no_event_above:
        # Not sure enough that nothing happened between the two: the likeliest type instead.
        best = max((c for c in scores if c != NO_EVENT), key=lambda c: scores[c])
    return best


def explain_doc(doc: Doc, source: tuple[int, int], target: tuple[int, int],
                res: Resources) -> tuple[str, str]:
    """The PLOVER type for a pair (or "NONE") and what decided it (rule or model)."""
    found = relation_evidence(doc, source, target, res)
    predicted = overrule(res, found)
    return predicted, f"model<{found.why}" if predicted != found.rule else found.why


def event_evidence(doc: Doc, sents: Sequence[Span], e: Event, events: Sequence[Event],
                   res: Resources) -> Evidence | None:
    """The evidence the relation model judges a coded event by, or None where the model
    does not judge it (no recipient, or the pair is joined by another event's word)."""
    if e.recipient is None:
        return None
    # The evidence for this event: other events of the sentence, but not others between
    # the same two parties ("met him and pressed him" are two acts, each typed alone).
    dyad = (e.actor.start, e.recipient.start)
    same = [e] + [x for x in events if x.sentence == e.sentence and x is not e
                  and (x.actor.start, x.recipient.start if x.recipient else -1) != dyad]
    found = evidence(sents[e.sentence], same, (e.actor.start, e.actor.end),
                     (e.recipient.start, e.recipient.end), res)
    trig = doc.char_span(e.trigger.start, e.trigger.end, alignment_mode="expand")
    if trig is None or f"lca={trig.root.lemma_.lower()}" not in found.features:
        # The word joining the two parties is another event's ("met him and pressed
        # him"): the model would be judging that relation, not this one.
        return None
    return found


def _done(doc: Doc, e: Event, res: Resources) -> bool:
    """Whether an event's trigger tells it as done: a verb in the past tense ("visited"), or
    a noun that is the subject of a verb of occurring ("the visit ended")."""
    trig = doc.char_span(e.trigger.start, e.trigger.end, alignment_mode="expand")
    if trig is None:
        return False
    word = doc[trig.start]
    return word.tag_ == "VBD" or happened(word, res.grammar)


def _asking(doc: Doc, e: Event, res: Resources) -> bool:
    """Whether an event is a request told by a verb or noun of asking ("called for")."""
    if e.event_type != res.grammar.modal_demand.type:
        return False
    trig = doc.char_span(e.trigger.start, e.trigger.end, alignment_mode="expand")
    return trig is not None and trig[0].lemma_.lower() in res.grammar.asking_for_words


def _officials(e: Event, res: Resources) -> bool:
    """Whether a party of an event is a state's office or force with a known country."""
    return any(a is not None and a.country is not None and a.sector in res.grammar.office_sectors
               for a in (e.actor, e.recipient))


def retype(doc: Doc, events: list[Event], res: Resources) -> list[Event]:
    """Events whose type the relation model changes, re-coded with that type's defaults;
    events it judges to be no event at all (NONE) are dropped."""
    model = res.relation_model
    if model is None:
        return events
    sents = list(doc.sents)
    out: list[Event] = []
    for e in events:
        found = event_evidence(doc, sents, e, events, res)
        if found is None:
            out.append(e)
            continue
        predicted = overrule(res, found, e.event_type)
        if predicted != NO_EVENT and _asking(doc, e, res):
            # Asking is a request whatever is asked for: the model reads the words of what
            # was asked ("called for his resignation", "pressed for the release") as the act.
            predicted = e.event_type
        if predicted == e.event_type or (predicted in res.grammar.promise_types
                                         and e.modality == "asserted" and _done(doc, e, res)):
            # (An act told as done is no promise of it: "the minister's visit ended".)
            out.append(e)
            continue
        if predicted == NO_EVENT:
            if _officials(e, res):
                # A state's officials or forces acting are political news whatever the words
                # ("Araghchi later criticized the United States"): the rules' event stands.
                out.append(e)
            continue
        out.append(replace(res.retyped(e, predicted), rule=f"model<{e.rule}"))
    return out
