"""The trigger lexicon (``knowledge/data/triggers/*.yaml``) read as the PLOVER and CAMEO
codebooks say, through the coder's stages (sentences written for these tests)."""

from __future__ import annotations

import pytest
from helpers import stage_dyads

from dotterel import Coder


@pytest.mark.parametrize(
    ("text", "expected", "wrong"),
    [
        # Calling a strike off ends it (CAMEO 082); calling one starts it (143).
        ("Dock workers in Chile called off their strike after talks with the port authority.",
         ("CONCEDE", "CHLLAB", "-"), ("PROTEST", "CHLLAB", "-")),
        ("The union called a strike for Monday.", ("PROTEST", "LAB", "-"), None),
        # Refusing to meet or to talk rejects it (CAMEO 125).
        ("The guerrillas said they would not negotiate with the army.",
         ("REJECT", "REB", "MIL"), ("CONSULT", "REB", "MIL")),
        ("The president said he will not meet the opposition leader.",
         ("REJECT", "GOV", "OPP"), ("CONSULT", "GOV", "OPP")),
        # More aid is aid (CAMEO 07).
        ("Sweden boosted funding for the UN refugee agency.", ("AID", "SWE", "UNOREF"), None),
        ("Britain has stepped up its aid to Pakistan.", ("AID", "GBR", "PAK"), None),
        ("Norway announced a large increase in aid for flood victims in Malawi.",
         ("AID", "NOR", "MWICVL"), None),
        # Saving people is rescuing them (CAMEO 07); saving money or a penalty is not.
        ("The Kenyan coast guard saved 40 migrants.", ("AID", "KENMIL", "KENREF"), None),
        # Breaking up a rally is coercion of its crowd.
        ("Kenyan police broke up a rally in Nairobi.", ("COERCE", "KENCOP", "KENCVL"), None),
        # Attacking a website is a cyber attack (coercion), not a fight.
        ("Hackers attacked the website of the Kenyan election commission.",
         ("COERCE", "", "KENGOV"), ("ASSAULT", "", "KENGOV")),
        # A call for someone to act asks them, whatever the parser makes of "for".
        ("Protesters called for the army to return to its barracks.",
         ("REQUEST", "CVL", "MIL"), None),
    ],
)
def test_entries_read_as_the_codebooks_say(coder: Coder, text: str,
                                           expected: tuple[str, str, str],
                                           wrong: tuple[str, str, str] | None) -> None:
    found = stage_dyads(coder, text)
    assert expected in found and wrong not in found, found


def test_increases_and_savings_that_are_no_aid(coder: Coder) -> None:
    for text in ("Oil prices increased sharply on Monday.", "The company increased its dividend.",
                 "The Kenyan government saved money on fuel.", "The goalkeeper saved a penalty."):
        assert not stage_dyads(coder, text), text
