"""Tests for antecedents told in the same sentence: pronouns in reported clauses and in
quotations (sentences written for these tests)."""

from __future__ import annotations

import pytest
from helpers import code, dyads

from dotterel import Coder
from dotterel.coding.antecedents import clause_antecedent, in_quotation, speakers_before


@pytest.mark.parametrize(
    ("text", "pronoun", "antecedent"),
    [
        ('"We condemn the attack," the Turkish foreign minister said.', "We", "minister"),
        ('"I am disappointed with the agency," Senator Jane Doe said.', "I", "Doe"),
        ("The rebels said they would attack the city.", "they", "rebels"),
        # A pronoun speaker is the antecedent, to be resolved in its turn.
        ('"We condemn the attack," she said.', "We", "she"),
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


@pytest.mark.parametrize(
    ("text", "word", "inside"),
    [
        ('He said: "We will stay. We will not leave." We left.', "stay", True),
        ('He said: "We will stay. We will not leave." We left.', "leave", True),
        ('He said: "We will stay. We will not leave." We left.', "left", False),
        ("\u201cWe will stay,\u201d he said. We left.", "stay", True),
        ("\u201cWe will stay,\u201d he said. We left.", "left", False),
        # A paragraph break ends an unclosed quotation.
        ('He said: "We will stay.\n\nWe left.', "left", False),
    ],
)
def test_in_quotation(coder: Coder, text: str, word: str, inside: bool) -> None:
    doc = coder.nlp(text)
    assert in_quotation(next(t for t in doc if t.text == word)) is inside


def test_speakers_before(coder: Coder) -> None:
    doc = coder.nlp('Senator Bloggs said it was wrong. Her statement added: "As Smith said, we '
                    'lost." Then she left.')
    speakers = {doc[i].text for i in speakers_before(doc[-2], coder.resources.grammar)}
    # Smith spoke inside the quotation: not a speaker of the article.
    assert speakers == {"Bloggs", "statement", "Her"}


def test_who_issues_a_statement_speaks_the_quotation_after_it(coder: Coder) -> None:
    text = ('Senator Ana Ruiz, a Chilean lawmaker, issued a statement on Monday. "I condemn '
            'the Bolivian government for its threats against our embassy."')
    doc = coder.nlp(text)
    speakers = {doc[i].text for i in speakers_before(doc[-2], coder.resources.grammar)}
    assert speakers == {"Ruiz"}
    assert ("ACCUSE", "CHLLEG", "BOLGOV") in dyads(code(coder, text))
