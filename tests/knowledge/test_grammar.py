"""Tests for dotterel.knowledge.grammar: grammar.yaml loads into a typed Grammar, or fails
with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from dotterel.knowledge.files import KnowledgeError
from dotterel.knowledge.grammar import Grammar, bundled_grammar_path, load_grammar
from dotterel.records import PLOVER_TYPES


def test_grammar_loads_with_every_key() -> None:
    grammar = load_grammar()
    assert isinstance(grammar, Grammar)
    assert "would" in grammar.hypothetical_aux and "no" in grammar.negators
    assert grammar.dateline.match("MOSCOW, Aug 30 (Reuters) - Russia said")
    assert not grammar.dateline.match("Russia said - on Monday - that")
    assert grammar.modal_demand.type == "REQUEST" and "must" in grammar.demand_modals
    assert set(grammar.type_defaults) == set(PLOVER_TYPES)
    assert grammar.type_defaults["ASSAULT"].cameo == "180"
    assert "they" in grammar.pronouns.referring and "we" not in grammar.pronouns.referring
    # Ordered lists keep the file's order: the recipient search follows it.
    assert grammar.recipient_fallback[:2] == ("dobj", "to")


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    text = bundled_grammar_path().read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "grammar.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("pair_words:", "pair_wordz:", "unknown grammar key 'pair_wordz'"),
        ("negators: [", "negators: 3 #[", "'negators' must be a list of words"),
        ("reciprocal_types: [CONSULT,", "reciprocal_types: [CONSULTING,",
         "'reciprocal_types' names an unknown PLOVER type 'CONSULTING'"),
    ],
)
def test_a_bad_grammar_file_names_the_line(tmp_path: Path, old: str, new: str,
                                           message: str) -> None:
    path = _variant(tmp_path, old, new)
    line = 1 + path.read_text(encoding="utf-8").split(new)[0].count("\n")
    with pytest.raises(KnowledgeError, match=f"grammar.yaml:{line}: {message}"):
        load_grammar(path)
