"""Resources: what the coder's stages read, loaded once (knowledge, grammar words, the
gazetteer, office-holders and the learned models)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from dotterel.coding.linear_model import LinearModel
from dotterel.coding.relevance import Relevance
from dotterel.knowledge.base import Entity, Knowledge
from dotterel.knowledge.grammar import Grammar
from dotterel.knowledge.places import Gazetteer
from dotterel.records import Event
from dotterel.settings import DEFAULTS


@dataclass(frozen=True)
class Resources:
    """What the stages read: knowledge, grammar words and the gazetteer."""

    knowledge: Knowledge
    grammar: Grammar
    gazetteer: Gazetteer
    # Office-holders by (country, office), for "the Syrian president" -> Bashar al-Assad.
    holders: Mapping[tuple[str, str], tuple[Entity, ...]]
    # The learned relation classifier, when one is trained and enabled.
    relation_model: LinearModel | None = None
    # It overrules the rules' type only when it gives that type less than this probability.
    overrule_below: float = DEFAULTS.relation_overrule_below
    # The learned relevance classifier, when one is trained and enabled.
    relevance: Relevance | None = None
    # The relation model says a pair had no event only when it gives NONE at least this.
    no_event_above: float = DEFAULTS.relation_no_event_above
    # The learned recipient model, which may take another phrase of the sentence as the
    # recipient than the rules chose (``coding.recipients``).
    recipient_model: LinearModel | None = None

    def retyped(self, event: Event, event_type: str) -> Event:
        """An event re-coded as another PLOVER type, with that type's default CAMEO code and
        mode (``type_defaults`` in grammar.yaml) and their quad class and Goldstein score."""
        default = self.grammar.type_defaults[event_type]
        return replace(event, event_type=event_type, mode=default.mode, cameo=default.cameo,
                       quad_class=self.knowledge.quad_class(default.cameo),
                       goldstein=float(self.knowledge.goldstein.get(default.cameo, 0.0)))
