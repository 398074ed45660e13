"""The grammar words file loads and is checked."""

from __future__ import annotations

from dotterel.knowledge.grammar import load_grammar


def test_grammar_loads_with_every_key() -> None:
    grammar = load_grammar()
    assert "would" in grammar["hypothetical_aux"] and "no" in grammar["negators"]
    assert grammar["dateline"].match("MOSCOW, Aug 30 (Reuters) - Russia said")
    assert not grammar["dateline"].match("Russia said - on Monday - that")
    assert grammar["modal_demand"]["entry"].type == "REQUEST"
    assert set(grammar["type_defaults"]) == {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    }
