"""The offline gazetteer."""

from __future__ import annotations

import pytest

from dotterel.knowledge.loader import load_knowledge
from dotterel.knowledge.places import Gazetteer
from dotterel.settings import Settings


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load(load_knowledge(Settings()).regions)


@pytest.mark.parametrize(
    ("name", "country", "lat", "lon"),
    [
        ("Rastan", "SYR", 34.9, 36.7),  # an alternate name of Ar Rastan
        ("Homs", "SYR", 34.7, 36.7),
        ("Damascus", "SYR", 33.5, 36.3),
        ("Mogadishu", "SOM", 2.0, 45.3),
    ],
)
def test_find(gazetteer: Gazetteer, name: str, country: str, lat: float, lon: float) -> None:
    loc = gazetteer.find(name)
    assert loc is not None and loc.country == country and loc.text == name
    assert abs((loc.lat or 0) - lat) < 0.3 and abs((loc.lon or 0) - lon) < 0.3


def test_prefers_the_countries_in_play(gazetteer: Gazetteer) -> None:
    # Tripoli is in Libya and in Lebanon: the event's countries decide.
    for country in ("LBN", "LBY"):
        loc = gazetteer.find("Tripoli", prefer=(country,))
        assert loc is not None and loc.country == country


def test_unknown_place(gazetteer: Gazetteer) -> None:
    assert gazetteer.find("Nowhereville") is None


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Darfur", "SDN"),  # a region, not a city: only in regions.tsv
        ("the Gaza Strip", "PSE"),
        ("Nagorno Karabakh", "AZE"),  # an alias
        ("Florida", "USA"),  # a region first, before the Colombian town of that name
        ("Ontario", "CAN"),  # the province, not the Californian city
        ("Tuscany", "ITA"),
    ],
)
def test_regions_rank_before_towns(gazetteer: Gazetteer, name: str, country: str) -> None:
    loc = gazetteer.find(name)
    assert loc is not None and loc.country == country and loc.lat is not None


def test_without_regions_only_cities() -> None:
    assert Gazetteer.load().find("Darfur") is None
