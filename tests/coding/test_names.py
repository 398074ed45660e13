"""Tests for ``coding.names``: a place's name inside a person's name (sentences written for
these tests)."""

from __future__ import annotations

import pytest

from dotterel import Coder
from dotterel.coding.names import in_person_name


@pytest.mark.parametrize(
    ("text", "place", "inside"),
    [
        ("Denzel Washington criticised the police.", "Washington", True),
        ("Wilhelmina Paris, a Swedish activist, accused the navy.", "Paris", True),
        ("Dorota Paris, a Swedish activist, accused the navy.", "Paris", True),
        # A place's own name, or a place with a word that may start one.
        ("Protesters marched in Paris on Friday.", "Paris", False),
        ("Protesters marched in West Jerusalem on Friday.", "Jerusalem", False),
    ],
)
def test_a_place_name_inside_a_person_s(coder: Coder, text: str, place: str,
                                        inside: bool) -> None:
    res = coder.resources
    doc = coder.nlp(text)
    i = next(t.i for t in doc if t.text == place)
    entity = res.knowledge.lookup(place)[0]
    assert in_person_name(doc, (i, i + 1, entity), res.grammar, res.knowledge) is inside
