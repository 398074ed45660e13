"""Only political events: parties that PLOVER codes, co-actors that are not dyads, no twins,
and no violence in sports or disaster prose (sentences written for these tests)."""

from __future__ import annotations

import pytest
from helpers import code, dyads

from dotterel import Coder

VIOLENT = {"ASSAULT", "COERCE", "MOBILIZE"}


@pytest.mark.parametrize(
    "text",
    [
        "An earthquake in the north killed dozens of people on Monday.",
        "A warehouse in Lagos was destroyed by fire.",
        "A gas explosion at the chemical plant injured six workers.",
        "Hurricane Charley struck the coast of Florida on Friday.",
        "Floodwaters swept away a bridge and forced hundreds from their homes.",
        "A landslide buried a village in the mountains after days of rain.",
    ],
)
def test_natural_and_accidental_causes_are_never_actors(coder: Coder, text: str) -> None:
    assert code(coder, text) == []


def test_an_attack_told_by_its_weapon_has_an_unidentified_attacker(coder: Coder) -> None:
    events = code(coder, "A roadside bomb killed two civilians in Kabul on Sunday.")
    assert ("ASSAULT", "AFGUNK", "AFGCVL") in dyads(events)


def test_a_thing_is_a_party_only_through_the_party_it_names(coder: Coder) -> None:
    events = code(coder, "The UN envoy praised Seoul's efforts to reopen the talks.")
    assert {d for d in dyads(events) if d[0] == "SUPPORT"} == {("SUPPORT", "UNOGOV", "KORGOV")}
    # "his way" names no one: the striker shot no one.
    assert all(e.recipient is None or "way" not in e.recipient.text
               for e in code(coder, "The general fought his way back into the cabinet."))


def test_coordinated_actors_acting_together_are_not_each_others_recipients(
        coder: Coder) -> None:
    events = code(coder, "Russian and Chinese diplomats declined to attend the ceremony.")
    assert not [e for e in events if e.recipient and {e.actor.code[:3],
                                                      e.recipient.code[:3]} == {"RUS", "CHN"}]


def test_sponsors_of_a_draft_get_no_events_among_themselves(coder: Coder) -> None:
    events = code(coder, "The draft proposed by France, Britain and Germany calls on Iran "
                         "to halt enrichment.")
    sponsors = {"FRA", "GBR", "DEU"}
    assert not [e for e in events if e.recipient and e.recipient.code[:3] in sponsors]
    assert {("REQUEST", c, "IRN") for c in sponsors} <= dyads(events)


def test_a_mutual_act_still_pairs_its_two_parties(coder: Coder) -> None:
    assert ("SUPPORT", "ISR", "JOR") in dyads(code(coder, "Israel and Jordan signed a peace "
                                                          "treaty on Monday."))


def test_parties_that_clash_fight_each_other_but_allies_fight_a_third(coder: Coder) -> None:
    assert ("ASSAULT", "RUSMIL", "UKRMIL") in dyads(code(
        coder, "Russian and Ukrainian troops clashed near the border on Sunday."))
    allies = dyads(code(coder, "The United States and Britain fought the Taliban in Helmand."))
    assert {("ASSAULT", "USA", "AFGREB"), ("ASSAULT", "GBR", "AFGREB")} <= allies
    assert not {d for d in allies if {d[1], d[2]} == {"USA", "GBR"}}


def test_a_dyad_of_twins_is_not_coded_but_an_internal_one_is(coder: Coder) -> None:
    assert not [e for e in code(coder, "The Iraqi interior ministry accused the Iraqi "
                                       "government of corruption.")
                if e.recipient and e.actor.code == e.recipient.code]
    assert ("ACCUSE", "SYROPP", "SYRGOV") in dyads(code(
        coder, "The opposition accused the Syrian government of fraud."))


def test_parties_of_unknown_countries_are_not_twins(coder: Coder) -> None:
    """Two agencies of no known country, both GOV, are not known to be one party."""
    found = dyads(code(coder, "The state environment agency accused the county health "
                              "department of hiding the test results."))
    assert ("ACCUSE", "GOV", "GOV") in found


SPORTS = ("The striker shot twice in the first half before the home side beat their rivals "
          "3-1 on Saturday. The goalkeeper was forced off with an injury, and the visiting "
          "club later pulled out of the cup. Fans stormed the pitch after the final whistle.")
DISASTER = ("An earthquake in the north killed dozens of people on Monday. A warehouse was "
            "destroyed by fire, and a gas explosion at a chemical plant injured six workers. "
            "Soldiers were mobilized to evacuate flood victims from the worst-hit villages.")


@pytest.mark.parametrize("text", [SPORTS, DISASTER], ids=["sports", "disaster"])
def test_sports_and_disaster_paragraphs_give_no_violent_events(coder: Coder, text: str) -> None:
    violent = [(e.event_type, e.actor.text, e.trigger.text) for e in code(coder, text)
               if e.event_type in VIOLENT]
    assert violent == []
