"""Recipients: the learned choice among the noun phrases an act may be done to.

The rules put a trigger's recipient where its lexicon entry says, or where news English
usually attaches the other party (``coding.arguments``). A sentence often offers several
parties, and which one the act is done to is told by how the phrase hangs from the trigger
("imposed sanctions over the crisis on the generals"), what it names and where it sits. The
recipient model (a logistic regression trained by ``dotterel train`` on the gold's marked
pairs) weighs every party-naming phrase of the sentence as the recipient, with the rules'
own choice as one of its features; the pipeline keeps the rules' choice unless the model
prefers another phrase by more than ``CHOICE_MARGIN``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from dotterel.coding.linear_model import LinearModel, Vector

if TYPE_CHECKING:
    from spacy.tokens import Token

# The recipient model's classes: a phrase is, or is not, what the act is done to.
RECIPIENT = "recipient"
OTHER = "other"
# How much more likely than the rules' choice the model must find another phrase to take it
# instead (probabilities of each phrase being the recipient).
CHOICE_MARGIN = 0.0
# Where the rules found no recipient, the model adds the phrase it finds likeliest only when
# it gives it at least this.
ADD_ABOVE = 0.7
# Dependency paths longer than this are one feature value ("long").
_MAX_PATH = 5
# Dependencies whose word says how a phrase attaches ("prep:on", "agent:by").
_LEXICAL_DEPS = ("prep", "agent", "dative", "prt")


@dataclass(frozen=True)
class Option:
    """One phrase that may be the recipient: its head, what it names (``kind``: country,
    sector, name, place, pronoun ...) and whether the rules chose it."""

    head: Token
    kind: str
    rule: bool


@dataclass(frozen=True)
class RecipientChoice:
    """The phrases one candidate's recipient was chosen among, as the recipient model reads
    them: each phrase's character spans (of its mentions), its features, and whether the
    rules chose it."""

    sentence: int
    event_type: str
    actor_spans: tuple[tuple[int, int], ...]
    options: tuple[tuple[tuple[tuple[int, int], ...], tuple[str, ...], bool], ...]
    vectors: tuple[Vector | None, ...] = ()


def _step(token: Token) -> str:
    dep = token.dep_
    return f"{dep}:{token.lower_}" if dep in _LEXICAL_DEPS else dep


def dependency_path(start: Token, end: Token) -> list[str] | None:
    """The labelled dependency path from one token to another: ``^dep`` for each step up from
    ``start``, then ``dep`` for each step down to ``end`` (prepositions with their word); None
    when they are in different sentences."""
    up = [start, *start.ancestors]
    at = {t.i: k for k, t in enumerate(up)}
    down: list[Token] = []
    for t in (end, *end.ancestors):
        if t.i in at:
            return [f"^{_step(u)}" for u in up[:at[t.i]]] + [_step(d) for d in reversed(down)]
        down.append(t)
    return None


def _distance(a: int, b: int) -> str:
    d = abs(a - b)
    return "1" if d <= 1 else "2" if d == 2 else "3-4" if d <= 4 else "5-8" if d <= 8 else "9+"


@dataclass(frozen=True)
class Frame:
    """What every phrase of one choice is read against: the trigger, its type, whether the
    rules placed their recipient where the entry says, and the token indices under the trigger
    and under the actors (read once per choice)."""

    trigger: Token
    event_type: str
    explicit: bool
    below: frozenset[int]
    acting: frozenset[int]
    first_actor: int

    @classmethod
    def of(cls, trigger: Token, event_type: str, actor_heads: Sequence[Token],
           explicit: bool = False) -> Frame:
        """The frame of one candidate's choice."""
        return cls(trigger, event_type, explicit, frozenset(t.i for t in trigger.subtree),
                   frozenset(t.i for a in actor_heads for t in a.subtree),
                   min((a.i for a in actor_heads), default=-1))


def option_features(option: Option, frame: Frame) -> list[str]:
    """What the recipient model reads of one phrase for one trigger."""
    head, trigger, event_type = option.head, frame.trigger, frame.event_type
    path = dependency_path(trigger, head) or ["apart"]
    full = ">".join(path) if len(path) <= _MAX_PATH else "long"
    first, last = ">".join(path[:2]), ">".join(path[-2:])
    feats = [f"p={full}", f"p2={first}", f"pe={last}", f"t={event_type}|{first}",
             f"k={option.kind}", f"k={option.kind}|{first}", f"dep={head.dep_}",
             f"ent={head.ent_type_ or '-'}", f"d={_distance(trigger.i, head.i)}",
             f"side={'left' if head.i < trigger.i else 'right'}",
             f"h={head.lemma_.lower()}", f"tl={trigger.lemma_.lower()}|{first}"]
    if option.rule:
        feats += ["rule", f"rule|{event_type}", f"rule|{option.kind}"]
        if frame.explicit:
            feats += ["rule|explicit", f"rule|explicit|{first}"]
    feats.append("under" if head.i in frame.below else "outside")
    if head.i in frame.acting:
        feats.append("in_actor")
    if head.i < frame.first_actor:
        feats.append("before_actor")
    return feats


def option_vector(option: Option, trigger: Token) -> Vector | None:
    """The parser's contextual vectors of the phrase's head and of the trigger (None when the
    pipeline has none)."""
    tensor = getattr(trigger.doc, "tensor", None)
    if tensor is None or len(tensor.shape) != 2 or tensor.shape[0] != len(trigger.doc) \
            or not tensor.shape[1]:
        return None
    vector: Vector = np.concatenate([tensor[option.head.i], tensor[trigger.i]]).astype(np.float64)
    return vector


def choose(model: LinearModel, options: Sequence[Option], features: Sequence[Sequence[str]],
           vectors: Sequence[Vector | None]) -> Option | None:
    """The phrase the model takes instead of the rules' choice, or None to keep the rules'."""
    scores = [model.scores(f, v).get(RECIPIENT, 0.0)
              for f, v in zip(features, vectors, strict=True)]
    ruled = [s for o, s in zip(options, scores, strict=True) if o.rule]
    best = max(range(len(options)), key=lambda k: scores[k])
    if not ruled:
        # The rules found no recipient: one only where the model is sure of it.
        return options[best] if scores[best] >= ADD_ABOVE else None
    if options[best].rule or scores[best] <= max(ruled) + CHOICE_MARGIN:
        return None
    return options[best]
