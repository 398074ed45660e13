"""Tests for ``coding.passives``: acts told passively, marked or not (sentences written for
these tests)."""

from __future__ import annotations

import pytest
from helpers import stage_dyads

from dotterel import Coder
from dotterel.coding.passives import agents_of, gapped_passive, headline_passive


@pytest.mark.parametrize(
    ("text", "verb", "patient"),
    [
        ("Five people were killed and eight others injured in the blast.", "injured", "others"),
        ("Iran urged to halt uranium enrichment.", "urged", "Iran"),
        ("Sudan pressed to disarm militias in Darfur.", "pressed", "Sudan"),
        # Marked passives and active verbs are no such thing.
        ("The UN urged Iran to halt enrichment.", "urged", None),
        ("Russia has urged to resume talks.", "urged", None),
        ("Rebels killed two soldiers and wounded five civilians.", "wounded", None),
    ],
)
def test_unmarked_passives_and_who_they_were_done_to(coder: Coder, text: str, verb: str,
                                                     patient: str | None) -> None:
    doc = coder.nlp(text)
    token = next(t for t in doc if t.text == verb)
    found = gapped_passive(token) + headline_passive(token, coder.resources.grammar)
    assert [t.text for t in found] == ([patient] if patient else [])


@pytest.mark.parametrize(
    ("text", "expected", "wrong"),
    [
        ("Two soldiers were killed and five civilians wounded by rebels in Kunar.",
         ("ASSAULT", "AFGREB", "AFGCVL"), ("ASSAULT", "AFGCVL", "")),
        ("Two soldiers were killed and five civilians wounded when rebels attacked a convoy.",
         ("ASSAULT", "REB", ""), ("ASSAULT", "CVL", "")),
        # A headline's passive: the one urged is the recipient, whoever urged it the actor.
        ("Blair urged by MPs to launch an inquiry.", ("REQUEST", "GBRLEG", "GBRELI"),
         ("REQUEST", "GBRELI", "")),
    ],
)
def test_patients_of_unmarked_passives_are_not_doers(coder: Coder, text: str,
                                                     expected: tuple[str, str, str],
                                                     wrong: tuple[str, str, str]) -> None:
    found = stage_dyads(coder, text)
    assert expected in found and wrong not in found, found


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        # A marked passive's "by", whatever the parser labels it.
        ("The journalists were granted asylum by Germany.", "Germany"),
        ("The opposition leader was arrested by police in Minsk.", "police"),
        # A date after "by" is no agent.
        ("Two soldiers were released by Friday.", None),
    ],
)
def test_the_agent_of_a_marked_passive(coder: Coder, text: str, agent: str | None) -> None:
    doc = coder.nlp(text)
    verb = next(t for t in doc if t.dep_ == "ROOT")
    assert [t.text for t in agents_of(verb)] == ([agent] if agent else [])


def test_a_headline_passive_without_its_agent_has_no_doer(coder: Coder) -> None:
    found = stage_dyads(coder, "Sudan pressed to disarm militias in Darfur.")
    assert not {d for d in found if d[0] == "REQUEST" and d[1].startswith("SDN")}, found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A force put on alert or deployed, no one named as doing it: its own side mobilises.
        ("The North Korean army has been placed on high alert.", ("MOBILIZE", "PRKMIL", "")),
        ("Kenyan police were deployed in Nairobi on Monday.", ("MOBILIZE", "KENCOP", "")),
        ("North Korea accused the South of a provocation. The country's military has been "
         "placed on high alert.", ("MOBILIZE", "PRKMIL", "")),
    ],
)
def test_an_agentless_mobilisation_is_the_force_s_own(coder: Coder, text: str,
                                                      expected: tuple[str, str, str]) -> None:
    found = stage_dyads(coder, text)
    assert any(d[:2] == expected[:2] for d in found), found


def test_a_force_of_no_named_side_put_to_work_is_no_mobilisation(coder: Coder) -> None:
    found = stage_dyads(coder, "Soldiers were mobilized to evacuate flood victims.")
    assert not {d for d in found if d[0] == "MOBILIZE"}, found
