"""The grammar words the stages reason with (pronouns, modals, reporting verbs ...), typed.

``grammar.yaml`` is read into one frozen ``Grammar``: every key is a named field, checked on
load with ``file:line`` errors, so a misspelt key fails at once rather than mid-parse.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import yaml

from dotterel.knowledge.base import TriggerEntry
from dotterel.knowledge.codes import SECTORS
from dotterel.knowledge.files import KnowledgeError, check_keys, node_line, yaml_tree
from dotterel.records import PLOVER_TYPES

Words = frozenset[str]


@dataclass(frozen=True)
class Pronouns:
    """Pronouns by what they can refer back to."""

    person: Words
    thing: Words
    group: Words
    self: Words

    @property
    def referring(self) -> Words:
        """Third-person pronouns: those that refer back to an earlier mention."""
        return self.person | self.thing | self.group


@dataclass(frozen=True)
class TypeDefault:
    """The CAMEO code and mode an event takes when it is re-typed to a PLOVER type."""

    cameo: str
    mode: str | None


@dataclass(frozen=True)
class Grammar:
    """Every word list and small setting of ``grammar.yaml`` (see the file for what each is)."""

    pronouns: Pronouns
    pair_words: Words
    # Words that make a party someone from elsewhere ("Western envoys").
    foreign_words: Words
    collective_nouns: Words
    country_nouns: Words
    # "the North", "the South": a country the article named "North ...", "South ...".
    compass_words: Words
    # Words that may start a place's name before a city's: "West Jerusalem".
    place_qualifiers: Words
    negators: Words
    future_aux: Words
    hypothetical_aux: Words
    conditional_marks: Words
    intent_verbs: Words
    # Nouns of intention: the act of their infinitive has not happened ("a plot to kidnap").
    intent_nouns: Words
    # Types of act done to a crowd that its event noun names ("dispersed a rally").
    crowd_object_types: Words
    # Words of demanding whose complement in the base form is asked for, not done.
    demand_words: Words
    # Verbs and nouns that ask "for" an act told as a noun ("called for his resignation").
    asking_for_words: Words
    negating_verbs: Words
    reporting_verbs: Words
    # Words that name a report's source ("according to", "quoting"); words of hearsay.
    source_markers: Words
    hearsay_words: Words
    # Words for an attack made in words ("a scathing attack"); verbs of force that dismiss
    # a person ("fired the minister").
    verbal_attack_words: Words
    dismissing_verbs: Words
    # Verbs of fighting also said of contests and causes ("fight the election").
    contest_verbs: Words
    # Sectors of armed forces, and the COERCE modes that are assaults when they act.
    armed_sectors: Words
    armed_seizure_modes: Words
    # Kinds of a noun of force that make it civil ("a rescue operation"), for these types.
    civil_kinds: Words
    civil_kind_types: Words
    place_preps: Words
    place_nouns: Words
    force_nouns: Words
    force_means_types: Words
    receiving_verbs: Words
    culpability_adjectives: Words
    # Verbs of claiming, and the types of act whose claim accuses the act's doer.
    allegation_verbs: Words
    alleged_types: Words
    condition_marks: Words
    reciprocal_types: Words
    # Types of promises: an act told as done is never re-typed to one by the relation model.
    promise_types: Words
    # Acts that two parties do with each other (trigger lemmas or light-verb objects).
    mutual_acts: Words
    type_defaults: Mapping[str, TypeDefault]
    dateline: re.Pattern[str]
    credit: re.Pattern[str]
    quantity_nouns: Words
    # Searched in this order.
    recipient_fallback: tuple[str, ...]
    place_object_types: Words
    # Nouns for other parties related to the owner ("its allies"): not the owner's people.
    relational_nouns: Words
    # ... of them, those naming the holder of the owner's role on another side ("counterpart").
    peer_nouns: Words
    # Words that make an office-holder a former one ("former president": ELI), and the
    # sectors of offices they apply to.
    former_words: Words
    office_sectors: Words
    # Verbs of occurring or of outcome: a noun event that is their subject happened.
    occurrence_verbs: Words
    # Verbs of causing: an event noun that is their object happened ("sparked protests").
    causing_verbs: Words
    # Who a crowd event told as a noun stands for, by trigger lemma or type ("strike": LAB).
    crowd_sectors: Mapping[str, str]
    # Prefixes that make a modifier what an act is against: "anti-government protests".
    opposing_prefixes: Words
    # Nouns whose possessor, a person, is who the act was done to: "the mayor's killing".
    patient_nouns: Words
    # Verbs whose active form needs an object before "to": "X urged to quit" is a passive.
    object_control_verbs: Words
    # Types whose agentless passive's subject acts for its own side ("was put on alert").
    self_passive_types: Words
    # Nouns of a role in a body, which take the body's sector ("opposition leader": OPP).
    role_nouns: Words
    # Prepositions after which a capital is a place, not its government ("a curfew in Bangkok").
    locative_preps: Words
    # People posted abroad: where they are does not say whose they are ("diplomats in Geneva").
    posted_nouns: Words
    # Prepositions of being inside a place: the place an act happened "in" is not its target.
    enclosing_preps: Words
    # Event types whose doer, told as a weapon ("a bomb killed two"), is an unidentified actor.
    weapon_event_types: Words
    # Verbs whose object did the act told by "of"/"for" and a gerund: alleged ("accused X
    # of shelling") or taken as done ("praised X for hosting").
    charging_verbs: Words
    judging_verbs: Words
    # Verbs that answer a party's act ("rejected Russia's proposal", "ignored the union's
    # calls"): like a verb of judging, the one answered is who did the act.
    answering_verbs: Words
    # Event types a speaker does by judging a thing ("said the lapses raise questions").
    judgement_types: Words
    domestic_sectors: Words
    # Verbs of feeling whose passive subject feels it ("was disappointed with the decision").
    experiencer_verbs: Words
    # Searched in this order.
    noun_party_preps: tuple[str, ...]
    # "X says Y must ...": the modals, and the entry such a demand is coded with.
    demand_modals: Words
    # ... or its predicate: "X says reform of the agency is needed / necessary".
    demand_predicates: Words
    modal_demand: TriggerEntry
    # "X said Y was responsible for ...": the entry such an attribution of blame is coded with.
    blame_statement: TriggerEntry
    document_nouns: Words
    # What a speaker issues before a quotation ("X issued a statement: 'I ...'").
    statement_nouns: Words
    money_object: str
    support_verbs: Words
    command_verbs: Words
    generic_objects: Words


# Keys whose value is a list of words kept in order (the rest are sets).
_ORDERED = ("recipient_fallback", "noun_party_preps")
# Keys that hold PLOVER type names.
_TYPE_LISTS = ("force_means_types", "reciprocal_types", "promise_types", "place_object_types",
               "weapon_event_types", "alleged_types", "judgement_types", "self_passive_types",
               "crowd_object_types", "civil_kind_types")


def bundled_grammar_path() -> Path:
    """The package's ``grammar.yaml``."""
    return Path(str(resources.files("dotterel.knowledge") / "data" / "grammar.yaml"))


def load_grammar(path: Path | None = None) -> Grammar:
    """Read and check ``grammar.yaml`` (the bundled one by default) into a ``Grammar``."""
    path = path or bundled_grammar_path()
    data, root = yaml_tree(path)
    if not isinstance(data, dict) or not isinstance(root, yaml.MappingNode):
        raise KnowledgeError(path, 1, "grammar file must be a mapping")
    nodes = check_keys(path, root)
    names = {f.name for f in fields(Grammar)} - {"demand_modals"}
    for key, node in nodes.items():
        if key not in names:
            raise KnowledgeError(path, node_line(node), f"unknown grammar key {key!r}")
    missing = sorted(names - set(nodes))
    if missing:
        raise KnowledgeError(path, 1, f"missing key {missing[0]!r}")

    def fail(key: str, message: str) -> KnowledgeError:
        return KnowledgeError(path, node_line(nodes[key]), f"{key!r} {message}")

    def words(key: str, value: object = None) -> list[str]:
        value = data[key] if value is None else value
        if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
            raise fail(key, "must be a list of words")
        return list(value)

    def types(key: str) -> Words:
        found = frozenset(words(key))
        unknown = sorted(found - set(PLOVER_TYPES))
        if unknown:
            raise fail(key, f"names an unknown PLOVER type {unknown[0]!r}")
        return found

    pron = data["pronouns"]
    if not isinstance(pron, dict) or set(pron) != {"person", "thing", "group", "self"}:
        raise fail("pronouns", "must map person, thing, group and self to words")
    pronouns = Pronouns(**{k: frozenset(words("pronouns", v)) for k, v in pron.items()})
    defaults = data["type_defaults"]
    if not isinstance(defaults, dict) or set(defaults) != set(PLOVER_TYPES) or not all(
            isinstance(d, dict) and set(d) == {"cameo", "mode"} for d in defaults.values()):
        raise fail("type_defaults", "must give {cameo, mode} for each of the 16 PLOVER types")
    patterns: dict[str, re.Pattern[str]] = {}
    for key in ("dateline", "credit"):
        try:
            patterns[key] = re.compile(data[key])
        except (re.error, TypeError) as exc:
            raise fail(key, f"is not a valid regular expression: {exc}") from None
    demand = data["modal_demand"]
    if not isinstance(demand, dict) or set(demand) != {"modals", "id", "type", "cameo"} \
            or demand["type"] not in PLOVER_TYPES:
        raise fail("modal_demand", "must give modals, id, a PLOVER type and cameo")
    if not isinstance(data["money_object"], str):
        raise fail("money_object", "must be one word")
    crowds = data["crowd_sectors"]
    if not isinstance(crowds, dict) or not all(isinstance(v, str) and v in SECTORS
                                               for v in crowds.values()):
        raise fail("crowd_sectors", "must map trigger lemmas or types to PLOVER sectors")
    blame = data["blame_statement"]
    if not isinstance(blame, dict) or set(blame) != {"id", "type", "cameo"} \
            or blame["type"] not in PLOVER_TYPES:
        raise fail("blame_statement", "must give id, a PLOVER type and cameo")
    special = {"pronouns", "type_defaults", "dateline", "credit", "modal_demand", "money_object",
               "crowd_sectors", "blame_statement"}
    lists = {
        key: tuple(words(key)) if key in _ORDERED else (
            types(key) if key in _TYPE_LISTS else frozenset(words(key)))
        for key in names - special
    }
    return Grammar(
        pronouns=pronouns,
        type_defaults=MappingProxyType({
            t: TypeDefault(str(d["cameo"]), d["mode"]) for t, d in defaults.items()}),
        dateline=patterns["dateline"],
        credit=patterns["credit"],
        demand_modals=frozenset(words("modal_demand", demand["modals"])),
        modal_demand=TriggerEntry(id=str(demand["id"]), lemma="", pos="VERB",
                                  type=str(demand["type"]), mode=None,
                                  cameo=str(demand["cameo"])),
        money_object=data["money_object"],
        blame_statement=TriggerEntry(id=str(blame["id"]), lemma="", pos="VERB",
                                     type=str(blame["type"]), mode=None,
                                     cameo=str(blame["cameo"])),
        crowd_sectors=MappingProxyType({str(k): str(v) for k, v in crowds.items()}),
        **lists,  # type: ignore[arg-type]
    )
