"""Tests for antecedents told in the same sentence: pronouns in reported clauses and in
quotations (sentences written for these tests)."""

from __future__ import annotations

import pytest
from helpers import code, dyads

from dotterel import Coder
from dotterel.coding.antecedents import clause_antecedent


@pytest.mark.parametrize(
    ("text", "pronoun", "antecedent"),
    [
        ('"We condemn the attack," the Turkish foreign minister said.', "We", "minister"),
        ('"I am disappointed with the agency," Senator Jane Doe said.', "I", "Doe"),
        ("The rebels said they would attack the city.", "they", "rebels"),
        # In a quotation "they" is not the speaker.
        ('"They attacked us," the villagers told reporters.', "They", None),
        # "I" outside any reported speech has no antecedent in the sentence.
        ("I condemn the attack.", "I", None),
    ],
)
def test_clause_antecedent(coder: Coder, text: str, pronoun: str,
                           antecedent: str | None) -> None:
    doc = coder.nlp(text)
    head = next(t for t in doc if t.text == pronoun)
    found = clause_antecedent(head, coder.resources.grammar)
    assert (found.text if found is not None else None) == antecedent


def test_the_speaker_of_a_quotation_is_the_actor(coder: Coder) -> None:
    found = dyads(code(coder, '"We condemn the attack on our embassy," the Turkish foreign '
                              "minister said."))
    assert any(d[0] == "ACCUSE" and d[1] == "TURGOV" for d in found)
    quoted = dyads(code(coder, '"They attacked us," the villagers told reporters.'))
    assert not any(d[0] == "ASSAULT" and d[1] == "CVL" for d in quoted)
