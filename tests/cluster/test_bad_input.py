"""Defined behaviour on bad input: no date, no title, implausible dates, other languages, old state."""

from __future__ import annotations

from datetime import date, timedelta

from storyline.cluster import StoryClusterer, day_of
from storyline.config import ClusterConfig
from storyline.pipeline import assign_stories
from tests.cluster.test_online import FERRY, FERRY2, MUSEUM
from tests.conftest import make_article


def test_undated_articles_are_marked_and_placed_in_arrival_order() -> None:
    arts = [make_article("u2", FERRY2), make_article("d1", MUSEUM, published="2025-05-03"), make_article("u1", FERRY)]
    labelled, _state = assign_stories(arts)
    by_id = {a.id: a for a in labelled}
    assert by_id["u1"].metadata["story_order"].startswith("arrival")
    assert "story_order" not in by_id["d1"].metadata
    assert by_id["u1"].story == by_id["u2"].story == "story-u2"  # u2 arrived first and opened the story
    assert by_id["d1"].story != by_id["u1"].story


def test_undated_article_joins_a_dated_story_whatever_its_age() -> None:
    arts = [make_article("f1", FERRY, published="2001-05-02"), make_article("f2", FERRY2)]
    labels = StoryClusterer(ClusterConfig(window_days=1)).partial_fit(arts).labels_
    assert labels["f1"] == labels["f2"]


def test_implausible_dates_count_as_no_date() -> None:
    future = (date.today() + timedelta(days=800)).isoformat()
    assert day_of(future) is None
    assert day_of("1066-10-14") is None
    assert day_of("not a date") is None and day_of("") is None and day_of(None) is None
    assert day_of("2025-05-02T10:00:00Z") == date(2025, 5, 2).toordinal()
    c = StoryClusterer(ClusterConfig(window_days=1))
    c.partial_fit([make_article("f1", FERRY, published="2025-05-02"), make_article("f2", FERRY2, published=future)])
    assert c.labels_["f1"] == c.labels_["f2"]  # the far-future date does not close the story
    assert c.undated_ == ["f2"]


def test_articles_without_title_or_text() -> None:
    arts = [make_article("t1", "", title="Ferry Marigold aground off Gullport"),
            make_article("t2", FERRY),  # no title: compared on its body
            make_article("e1", "", title=None), make_article("e2", "   ", title="")]
    labels = StoryClusterer().partial_fit(arts).labels_
    assert labels["t1"] == labels["t2"]
    assert len({labels["e1"], labels["e2"], labels["t1"]}) == 3  # empty articles never merge


def test_other_languages_group_by_their_own_words_and_stay_apart_from_english() -> None:
    de1 = make_article("de1", "Die Fähre Marigold ist vor Gullport auf Grund gelaufen; alle 40 Passagiere wurden "
                              "mit Rettungsbooten an Land gebracht, sagte Hafenmeisterin Ilse Varn.")
    de2 = make_article("de2", "Hafenmeisterin Ilse Varn sagte, die Fähre Marigold, seit Freitag vor Gullport auf "
                              "Grund, werde nach Kestrel Point geschleppt; die Passagiere blieben unverletzt.")
    zh = make_article("zh1", "博物馆周日开放了新的船模展厅。")
    en = make_article("en1", MUSEUM)
    labels = StoryClusterer().partial_fit([de1, de2, zh, en]).labels_
    assert labels["de1"] == labels["de2"]
    assert labels["zh1"] != labels["en1"]


def test_state_from_the_first_format_is_converted() -> None:
    old = {"n_docs": 1, "df": {"body": {"ferry": 1}, "title": {}, "ents": {}},
           "stories": {"story-f1": {"terms": {"body": {"ferry": 2, "marigold": 1, "gullport": 1}, "title": {}, "ents": {}},
                                    "first_day": None, "last_day": None, "size": 1}},
           "labels": {"f1": "story-f1"}}
    c = StoryClusterer.from_state(old).partial_fit([make_article("f2", FERRY2)])
    assert c.labels_["f2"] == "story-f1"
    assert c.state_dict()["version"] == 3
