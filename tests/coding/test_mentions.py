"""Tests for the mention stage's shortcuts: a phrase that cannot name a country is put off
without changing what the coder makes of the article."""

from __future__ import annotations

import pytest
from helpers import code, dyads

from dotterel import Coder
from dotterel.coding.mentions import History, code_phrase, may_have_country, phrase_bounds, resolve

# Sentences written for these tests: names, titles, pronouns, pairs and plain nouns.
SENTENCES = [
    "The economic growth of the region slowed in the third quarter, the bank said.",
    "Iran's foreign minister Javad Zarif met his Turkish counterpart in Ankara.",
    "The two countries signed a trade deal after months of talks.",
    "Hamas-led militants fired rockets at the town, and the army answered with shelling.",
    "His envoy told the president that the U.S. troops would stay.",
    "Workers at the steel plant in Gdansk went on strike over unpaid wages.",
    "A Delhi court sentenced the former minister to five years in prison.",
    "The company raised its dividend and bought back shares worth $2 billion.",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_a_phrase_put_off_never_had_a_country(coder: Coder, sentence: str) -> None:
    """Wherever the shortcut says "no country", coding and resolving agree, even against a
    history that holds every country the sentence names."""
    res = coder.resources
    doc = coder.nlp(sentence)
    history = History()
    for chunk in doc.noun_chunks:
        for m in code_phrase(doc, chunk.root, res.knowledge, None, 0, None, res.grammar):
            history.add(m)
    skipped = 0
    for token in doc:
        bounds = phrase_bounds(token)
        if may_have_country(doc, token, bounds, res.knowledge, res.grammar):
            continue
        skipped += 1
        for m in code_phrase(doc, token, res.knowledge, None, 0, None, res.grammar):
            assert m.country is None, (token.text, m)
            assert all(r.country is None for r in resolve(m, token, history, res.grammar))
    assert skipped  # every sentence has words that name no one


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("Heavy rain fell on Monday.", "rain", False),
        ("The Syrian army shelled the town.", "army", True),
        ("His envoy arrived.", "envoy", True),
        ("The president spoke.", "president", True),
        ("The two sides met.", "sides", True),
        ("The Kremlin denied it.", "Kremlin", True),
    ],
)
def test_may_have_country(coder: Coder, sentence: str, word: str, expected: bool) -> None:
    res = coder.resources
    doc = coder.nlp(sentence)
    head = next(t for t in doc if t.text == word)
    assert may_have_country(doc, head, phrase_bounds(head), res.knowledge,
                            res.grammar) is expected


def test_history_is_caught_up_when_first_read(coder: Coder) -> None:
    """Sentences with no event are coded into the history only when a later event reads it:
    the surname in the last sentence is still the minister named in the first."""
    text = ("Iran's foreign minister Javad Zarif arrived in Oslo on Monday.\n\n"
            "The weather in the city was mild and the streets were quiet.\n\n"
            "Hotels near the harbour were full of visitors.\n\n"
            "Zarif later condemned the United States.")
    assert ("IRNGOV", "USA") in {(actor, recipient) for _, actor, recipient
                                 in dyads(code(coder, text))}
