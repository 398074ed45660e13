"""A definite event noun that retells an earlier act stands for its doer (sentences written
for these tests)."""

from __future__ import annotations

import pytest
from helpers import code, dyads

from dotterel import Coder


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ethiopian soldiers shot dozens of protesters in Gondar on Monday. On Tuesday the "
         "European Union condemned the crackdown.", ("ACCUSE", "EUR", "ETHMIL")),
        ("Rebels attacked an army convoy near Goma. Kenya condemned the attack.",
         ("ACCUSE", "KEN", "CODREB")),
    ],
)
def test_a_retold_act_stands_for_its_doer(coder: Coder, text: str,
                                          expected: tuple[str, str, str]) -> None:
    assert expected in dyads(code(coder, text))


@pytest.mark.parametrize(
    "text",
    [
        # No earlier act of the family: the noun names no one.
        "Kenya condemned the attack.",
        # An act of another family is not what the noun retells.
        "Rebels signed a ceasefire with the army near Goma. Kenya condemned the attack.",
    ],
)
def test_a_noun_with_no_earlier_act_names_no_one(coder: Coder, text: str) -> None:
    events = [e for e in code(coder, text) if e.event_type == "ACCUSE"]
    assert events and all(e.recipient is None or not e.recipient.code for e in events)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A verb that answers an earlier act in its own words answers its doer(s) ...
        ("Ghanaian and Togolese envoys urged Benin to reopen the border. Benin rejected the "
         "demand on Friday.", {("REJECT", "BEN", "GHAGOV"), ("REJECT", "BEN", "TGOGOV")}),
        ("Malian rebels attacked a convoy near Gao. Niger condemned the attack.",
         {("ACCUSE", "NER", "MLIREB")}),
    ],
)
def test_an_answer_to_a_retold_act_is_to_its_doer(coder: Coder, text: str,
                                                  expected: set[tuple[str, str, str]]) -> None:
    found = dyads(code(coder, text))
    assert expected <= found, found


def test_an_answer_to_nothing_told_before_has_no_recipient(coder: Coder) -> None:
    events = [e for e in code(coder, "Benin rejected the demand on Friday.")
              if e.event_type == "REJECT"]
    assert events and all(e.recipient is None for e in events)


@pytest.mark.parametrize(
    "text",
    [
        # A light verb's own act answers nothing told before.
        "Rebels attacked an army base near Goma. The Congolese army launched the offensive.",
        "Kenya and Uganda agreed to hold talks. Kenya signed the agreement on Friday.",
    ],
)
def test_a_light_verbs_own_act_is_no_answer(coder: Coder, text: str) -> None:
    later = [e for e in code(coder, text) if e.sentence == 1]
    assert later and all(e.recipient is None for e in later), later
