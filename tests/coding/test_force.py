"""Force: a seizure by armed forces is an assault; by police or officials, a coercion."""

from __future__ import annotations

import pytest
from helpers import stage_dyads

from dotterel import Coder


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Soldiers, rebels and militias seizing, capturing, raiding: acts of battle.
        ("Ugandan troops seized a Congolese fishing boat on Lake Albert.",
         {("ASSAULT", "UGAMIL", "COG")}),
        ("Houthi rebels seized a Saudi oil tanker in the Red Sea.",
         {("ASSAULT", "YEMREB", "SAU")}),
        ("Malian soldiers raided a village near Mopti.", {("ASSAULT", "MLIMIL", "MLI")}),
        # Police and officials seizing and raiding: law enforcement, a coercion.
        ("Egyptian police raided the offices of a Danish newspaper in Cairo.",
         {("COERCE", "EGYCOP", "DNKJRN")}),
        ("Nigerian customs officials confiscated a Beninese truck in Lagos.",
         {("COERCE", "NGAGOV", "BEN")}),
    ],
)
def test_a_seizure_is_an_assault_only_by_armed_forces(
        coder: Coder, text: str, expected: set[tuple[str, str, str]]) -> None:
    assert stage_dyads(coder, text) == expected
