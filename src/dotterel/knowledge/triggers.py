"""Reading event triggers: each entry validated, with ``file:line`` errors, and ordered.

Two shapes of file hold entries. A flat ``triggers.yaml`` lists full entries (``type``
required). A ``triggers/`` folder holds one file per PLOVER type (``agree.yaml``, ...): its
entries leave ``type`` out (the file's name gives it) and, like all entries, every key whose
value is the default in ``TRIGGER_DEFAULTS``.

``pick_entry`` keeps the first of equally specific matching entries, so the order of one
lemma's entries is behaviour. It is stated here, not left to file names (``TriggerTable``):
higher ``priority`` first; then the earlier source (the bundled folder, then a user's files in
reading order); then the type's place in ``TYPE_TIE_ORDER``; then the order of the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from dotterel.knowledge.base import TriggerEntry
from dotterel.knowledge.files import KnowledgeError, check_keys, node_line, yaml_tree
from dotterel.records import PLOVER_TYPES

TRIGGER_POS: frozenset[str] = frozenset({"VERB", "NOUN"})
# The value of every key an entry may leave out; the data README documents each.
TRIGGER_DEFAULTS: Mapping[str, object] = MappingProxyType(
    {
        "pos": "VERB",
        "mode": None,
        "contexts": (),
        "particle": None,
        "objects": (),
        "recipient": (),
        "negated_type": None,
        "future_type": None,
        "actor_object": False,
        "to_clause": False,
        "priority": 0,
    }
)
_REQUIRED_TRIGGER_KEYS = ("id", "lemma", "type", "cameo")
TRIGGER_KEYS: frozenset[str] = frozenset({*_REQUIRED_TRIGGER_KEYS, *TRIGGER_DEFAULTS})
# The folder of per-type files, in the bundled data and in a user's ``--knowledge`` folder.
TRIGGER_FOLDER = "triggers"
# Which type an entry has decides a tie between equally specific entries of one lemma: from
# cooperation to conflict, as CAMEO's quad classes run (the sections of the single file the
# per-type files were split from, so the split kept every tie as it was).
TYPE_TIE_ORDER: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT",
    "CONCEDE", "RETREAT", "COOPERATE", "AID",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN",
    "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT",
)
assert sorted(TYPE_TIE_ORDER) == sorted(PLOVER_TYPES)
_TYPE_RANK: Mapping[str, int] = MappingProxyType({t: k for k, t in enumerate(TYPE_TIE_ORDER)})


def trigger_folder_files(folder: Path) -> list[Path]:
    """The per-type files of a ``triggers/`` folder, in name order; each must be named after
    a PLOVER type (``agree.yaml``). Files not ending ``.yaml``/``.yml`` are ignored."""
    files = sorted(
        (p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not
         p.name.startswith(".")),
        key=lambda p: p.name,
    )
    for path in files:
        if path.stem.upper() not in _TYPE_RANK or path.stem != path.stem.lower():
            raise KnowledgeError(path, 0, "a file in triggers/ must be named after its PLOVER "
                                          "type in lower case: agree.yaml, consult.yaml, ...")
    return files


def file_type(path: Path) -> str | None:
    """The PLOVER type a per-type file's name gives its entries (None for a flat file)."""
    if path.parent.name == TRIGGER_FOLDER and path.stem.upper() in _TYPE_RANK \
            and path.stem == path.stem.lower():
        return path.stem.upper()
    return None


@dataclass
class TriggerTable:
    """The trigger entries of one load, by id, and the order each lemma's entries are tried."""

    entries: dict[str, TriggerEntry] = field(default_factory=dict)
    _where: dict[str, str] = field(default_factory=dict)
    _rank: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)
    _sources: dict[Path, int] = field(default_factory=dict)

    def read(self, path: Path, goldstein: Mapping[str, float]) -> None:
        """Add the entries of a triggers file; CAMEO codes must be in ``goldstein``.

        A per-type file (``triggers/agree.yaml``) gives its entries their type; a
        ``triggers/`` folder is one source, any other file is a source of its own."""
        typed = file_type(path)
        source = self._sources.setdefault(path.parent if typed else path, len(self._sources))
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
                    raise KnowledgeError(path, node_line(value_node),
                                         f"unknown trigger key {key!r}")
            if typed is not None:
                if entry.get("type", typed) != typed:
                    raise KnowledgeError(
                        path, node_line(nodes["type"]),
                        f"type {entry['type']!r} contradicts the file: {path.name} holds "
                        f"{typed} entries (leave 'type' out)")
                entry = {**entry, "type": typed}
            trigger, priority = _trigger(path, line, entry, nodes, goldstein)
            if trigger.id in self.entries:
                raise KnowledgeError(path, line, f"duplicate trigger id {trigger.id!r} "
                                                 f"(first at {self._where[trigger.id]})")
            self.entries[trigger.id] = trigger
            self._where[trigger.id] = f"{path}:{line}"
            self._rank[trigger.id] = (-priority, source, _TYPE_RANK[trigger.type],
                                      len(self._rank))

    def by_lemma(self) -> dict[str, tuple[TriggerEntry, ...]]:
        """Each lemma's entries in the order ``pick_entry`` tries them (module docstring)."""
        out: dict[str, list[TriggerEntry]] = {}
        for trigger in sorted(self.entries.values(), key=lambda t: self._rank[t.id]):
            out.setdefault(trigger.lemma, []).append(trigger)
        return {lemma: tuple(entries) for lemma, entries in out.items()}


def _trigger(
    path: Path,
    line: int,
    entry: dict[str, Any],
    nodes: dict[str, yaml.Node],
    goldstein: Mapping[str, float],
) -> tuple[TriggerEntry, int]:
    """One validated entry, with its priority."""

    def fail(key: str, message: str) -> KnowledgeError:
        return KnowledgeError(path, node_line(nodes[key]) if key in nodes else line, message)

    for key in _REQUIRED_TRIGGER_KEYS:
        if entry.get(key) in (None, ""):
            raise fail(key, f"trigger entry needs {key!r}")

    def text(key: str) -> str | None:
        value = entry.get(key, TRIGGER_DEFAULTS.get(key))
        if value is not None and not isinstance(value, str):
            raise fail(key, f"{key!r} must be a string, got {value!r}")
        return value

    def texts(key: str) -> tuple[str, ...]:
        value = entry.get(key) or TRIGGER_DEFAULTS[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise fail(key, f"{key!r} must be a list of strings")
        return tuple(value)

    def flag(key: str) -> bool:
        value = entry.get(key, TRIGGER_DEFAULTS[key])
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
    pos = text("pos")
    if pos not in TRIGGER_POS:
        raise fail("pos", f"bad pos {pos!r}: expected VERB or NOUN")
    priority = entry.get("priority", TRIGGER_DEFAULTS["priority"])
    if not isinstance(priority, int) or isinstance(priority, bool):
        raise fail("priority", f"'priority' must be a whole number, got {priority!r}")
    trigger = TriggerEntry(
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
        to_clause=flag("to_clause"),
    )
    return trigger, priority
