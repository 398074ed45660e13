"""Stand-in parties found from the parse (the pipeline decides when it wants one)."""

from __future__ import annotations

import pytest

from dotterel import Coder
from dotterel.coding.standins import named_party


def _token(doc: object, word: str) -> object:
    return next(t for t in doc if t.text == word)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("sentence", "trigger", "actor", "recipient", "clause", "expected"),
    [
        # A name inside the recipient's phrase, through a participle.
        ("Norway provided medical supplies for those displaced in Sudan.", "provided",
         "Norway", "those", True, "Sudan"),
        # A name in the trigger's clause, when asked for.
        ("The rebels declared a ceasefire effective from Sunday in Somalia.", "declared",
         "rebels", None, True, "Somalia"),
        # ... but not when the pipeline keeps the clause out.
        ("The rebels declared a ceasefire effective from Sunday in Somalia.", "declared",
         "rebels", None, False, None),
        # A name owning the object of a preposition in the clause.
        ("The Israeli military mobilized troops against Syria's chemical weapons.",
         "mobilized", "military", "troops", True, "Syria"),
        # Never the actor's own words.
        ("Somalia declared a ceasefire.", "declared", "Somalia", None, True, None),
    ],
)
def test_named_party(coder: Coder, sentence: str, trigger: str, actor: str,
                     recipient: str | None, clause: bool, expected: str | None) -> None:
    doc = coder.nlp(sentence)
    heads = [_token(doc, recipient)] if recipient else []
    found = named_party(heads, _token(doc, trigger), [_token(doc, actor)], coder.knowledge,
                        clause=clause)
    assert [t.text for t in found] == ([expected] if expected else [])


def test_a_name_inside_a_clause_of_the_phrase_is_not_its_party(coder: Coder) -> None:
    doc = coder.nlp("The union condemned the attacks, which have seen scores of people "
                    "arrested in Johannesburg.")
    found = named_party([_token(doc, "attacks")], _token(doc, "condemned"),
                        [_token(doc, "union")], coder.knowledge, clause=False)
    assert found == []
