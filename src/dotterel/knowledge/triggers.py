"""Reading event triggers: each entry validated, with ``file:line`` errors."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from dotterel.knowledge.base import TriggerEntry
from dotterel.knowledge.files import KnowledgeError, check_keys, node_line, yaml_tree
from dotterel.records import PLOVER_TYPES

TRIGGER_POS: frozenset[str] = frozenset({"VERB", "NOUN"})
TRIGGER_KEYS: frozenset[str] = frozenset(
    "id lemma pos type mode cameo contexts particle objects recipient negated_type "
    "future_type actor_object".split()
)
_REQUIRED_TRIGGER_KEYS = ("id", "lemma", "type", "cameo")


def load_triggers(path: Path, goldstein: Mapping[str, float],
                  into: dict[str, TriggerEntry]) -> None:
    """Add the entries of a triggers file to ``into`` (by id); CAMEO codes must be known."""
    data, root = yaml_tree(path)
    if data is None or root is None:
        return
    if not isinstance(data, list) or not isinstance(root, yaml.SequenceNode):
        raise KnowledgeError(path, node_line(root), "triggers file must be a list of entries")
    for entry, node in zip(data, root.value, strict=True):
        line = node_line(node)
        if not isinstance(entry, dict) or not isinstance(node, yaml.MappingNode):
            raise KnowledgeError(path, line, "trigger entry must be a mapping")
        nodes = check_keys(path, node)
        for key, value_node in nodes.items():
            if key not in TRIGGER_KEYS:
                raise KnowledgeError(path, node_line(value_node), f"unknown trigger key {key!r}")
        trigger = _trigger(path, line, entry, nodes, goldstein)
        if trigger.id in into:
            raise KnowledgeError(path, line, f"duplicate trigger id {trigger.id!r}")
        into[trigger.id] = trigger


def _trigger(
    path: Path,
    line: int,
    entry: dict[str, Any],
    nodes: dict[str, yaml.Node],
    goldstein: Mapping[str, float],
) -> TriggerEntry:
    def fail(key: str, message: str) -> KnowledgeError:
        return KnowledgeError(path, node_line(nodes[key]) if key in nodes else line, message)

    for key in _REQUIRED_TRIGGER_KEYS:
        if entry.get(key) in (None, ""):
            raise fail(key, f"trigger entry needs {key!r}")

    def text(key: str, default: str | None = None) -> str | None:
        value = entry.get(key, default)
        if value is not None and not isinstance(value, str):
            raise fail(key, f"{key!r} must be a string, got {value!r}")
        return value

    def texts(key: str) -> tuple[str, ...]:
        value = entry.get(key) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, f"{key!r} must be a list of strings")
        return tuple(value)

    def flag(key: str) -> bool:
        value = entry.get(key, False)
        if not isinstance(value, bool):
            raise fail(key, f"{key!r} must be true or false, got {value!r}")
        return value

    def plover(key: str) -> str | None:
        value = text(key)
        if value is not None and value not in PLOVER_TYPES:
            raise fail(key, f"unknown PLOVER type {value!r} in {key!r}")
        return value

    cameo = text("cameo")
    if cameo not in goldstein:
        raise fail("cameo", f"CAMEO code {cameo!r} is not in cameo.tsv (quote codes as strings)")
    pos = text("pos", "VERB")
    if pos not in TRIGGER_POS:
        raise fail("pos", f"bad pos {pos!r}: expected VERB or NOUN")
    return TriggerEntry(
        id=str(text("id")),
        lemma=str(text("lemma")).lower(),
        pos=str(pos),
        type=str(plover("type")),
        mode=text("mode"),
        cameo=str(cameo),
        contexts=texts("contexts"),
        particle=text("particle"),
        objects=texts("objects"),
        recipient=texts("recipient"),
        negated_type=plover("negated_type"),
        future_type=plover("future_type"),
        actor_object=flag("actor_object"),
    )

