"""The grammar words (pronouns, modals, reporting verbs...) the stages reason with."""

from __future__ import annotations

import re
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml

from dotterel.knowledge.base import TriggerEntry

_LIST_KEYS = (
    "pair_words", "collective_nouns", "country_nouns", "negators", "future_aux",
    "hypothetical_aux", "conditional_marks", "intent_verbs", "negating_verbs",
    "reporting_verbs", "place_preps", "place_nouns", "reciprocal_types", "quantity_nouns",
    "recipient_fallback", "place_object_types", "domestic_sectors", "special_countries",
    "noun_party_preps", "document_nouns", "condition_marks", "force_nouns",
    "force_means_types", "receiving_verbs", "culpability_adjectives",
    "support_verbs", "command_verbs", "generic_objects",
)


class GrammarError(ValueError):
    """grammar.yaml is invalid."""


def load_grammar() -> Mapping[str, Any]:
    """Read and check the bundled grammar.yaml."""
    path = resources.files("dotterel.knowledge") / "data" / "grammar.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in (*_LIST_KEYS, "pronouns", "type_defaults", "dateline", "modal_demand",
                "money_object"):
        if key not in data:
            raise GrammarError(f"{path}:1: missing key {key!r}")
    for key in _LIST_KEYS:
        if not isinstance(data[key], list) or not all(isinstance(w, str) for w in data[key]):
            raise GrammarError(f"{path}:1: {key!r} must be a list of words")
    try:
        data["dateline"] = re.compile(data["dateline"])
    except re.error as exc:
        raise GrammarError(f"{path}:1: 'dateline' is not a valid regular expression: {exc}") \
            from exc
    demand = data["modal_demand"]
    data["modal_demand"] = {
        "modals": list(demand["modals"]),
        "entry": TriggerEntry(id=demand["id"], lemma="", pos="VERB", type=demand["type"],
                              mode=None, cameo=str(demand["cameo"])),
    }
    return MappingProxyType(data)
