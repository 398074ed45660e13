"""Relevance: is a sentence political or conflict news at all?

The rules find triggers wherever English tells of fighting, beating, forcing or agreeing, and
sports, business and commodity news tell of all of these. A learned relevance model (a
logistic regression over the sentence's content lemmas, its entity labels and the parser's
contextual vectors, trained by ``dotterel train`` with political sentences as positives and
sports and economic news as negatives) scores each sentence; a sentence's relevance is the
mean of its own score and its article's (the mean over its sentences), so one
political-sounding sentence in a sports story stays sports, and an article's first sentence
(a terse headline over a story about a war) is at least as relevant as the article. Events
of a sentence below ``Settings.min_relevance`` are not emitted, and the score goes into each
event's confidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from dotterel.coding.linear_model import LinearModel, Vector
from dotterel.coding.nlp import ents_within
from dotterel.records import Event
from dotterel.settings import DEFAULTS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

POLITICAL = "political"
OTHER = "other"
CLASSES = (OTHER, POLITICAL)
# Parts of speech whose lemmas are the sentence's content.
_CONTENT = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})


def sentence_features(sent: Span, ents: Sequence[Span] | None = None) -> list[str]:
    """The sentence's content lemmas (``w=``) and its entity labels (``ent=``); ``ents``, the
    document's entities read once, saves reading them for every sentence."""
    feats = [f"w={t.lemma_.lower()}" for t in sent
             if t.pos_ in _CONTENT and t.is_alpha and not t.is_stop]
    within = sent.ents if ents is None else ents_within(ents, sent)
    feats += [f"ent={label}" for label in {e.label_ for e in within}]
    return feats


def sentence_vector(sent: Span) -> Vector | None:
    """The mean of the parser's contextual vectors over the sentence (None without them)."""
    tensor = getattr(sent.doc, "tensor", None)
    if tensor is None or len(tensor.shape) != 2 or tensor.shape[0] != len(sent.doc) \
            or not tensor.shape[1] or not len(sent):
        return None
    # (Not over blank tokens: a masked dateline's blanks would outweigh a short sentence.)
    rows = [t.i for t in sent if not t.is_space]
    if not rows:
        return None
    mean: Vector = np.asarray(tensor[rows].mean(axis=0), dtype=np.float64)
    return mean


@dataclass(frozen=True)
class Relevance:
    """A loaded relevance model and the threshold below which events are not emitted."""

    model: LinearModel
    threshold: float = DEFAULTS.min_relevance

    def sentence_score(self, sent: Span, ents: Sequence[Span] | None = None) -> float:
        """The probability that one sentence, alone, is political news."""
        vector = sentence_vector(sent) if self.model.dense is not None else None
        return self.model.scores(sentence_features(sent, ents), vector).get(POLITICAL, 0.0)

    def scores(self, doc: Doc) -> list[float]:
        """Each sentence's relevance, in its article: the mean of its own score and the
        article's (one warlike sentence in a match report stays sport), except that the first
        sentence (a headline, terse as headlines are) is at least as relevant as its article."""
        ents = tuple(doc.ents)
        own = [self.sentence_score(sent, ents) for sent in doc.sents]
        if len(own) < 2:
            return own
        article = sum(own) / len(own)
        out = [(score + article) / 2 for score in own]
        out[0] = max(out[0], article)
        return out

    def apply(self, doc: Doc, events: Sequence[Event]) -> list[Event]:
        """The events of relevant sentences, each with the relevance in its confidence."""
        if not events:
            return []
        scores = self.scores(doc)
        out: list[Event] = []
        for event in events:
            relevance = scores[event.sentence] if event.sentence < len(scores) else 0.0
            if relevance >= self.threshold:
                out.append(replace(event, confidence=round(event.confidence * relevance, 2)))
        return out
