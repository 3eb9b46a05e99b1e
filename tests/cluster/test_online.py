"""Online story clustering: time order, copy groups move together, state persists."""

from __future__ import annotations

from storyline.cluster import StoryClusterer
from storyline.config import ClusterConfig
from tests.conftest import make_article

FERRY = ("The invented ferry Marigold ran aground off Gullport on Friday and all 40 passengers were taken "
         "ashore by lifeboat, harbour master Ilse Varn said.")
FERRY2 = ("Harbour master Ilse Varn said the ferry Marigold, aground off Gullport since Friday, will be towed "
          "to Kestrel Point once the tide allows; the 40 passengers were unhurt.")
MUSEUM = ("An invented museum in Brinhaven opened a new wing of ship models on Sunday after three years of "
          "building work, its director Cosima Reyne said.")


def test_same_event_joins_and_other_event_starts_a_story() -> None:
    arts = [make_article("f1", FERRY, published="2025-05-02", title="Ferry aground off Gullport"),
            make_article("m1", MUSEUM, published="2025-05-03", title="Brinhaven museum opens ship wing"),
            make_article("f2", FERRY2, published="2025-05-03", title="Grounded Gullport ferry to be towed")]
    labels = StoryClusterer().partial_fit(arts).labels_
    assert labels["f1"] == labels["f2"] != labels["m1"]


def test_copy_group_is_assigned_as_one_unit() -> None:
    arts = [make_article("f1", FERRY, copy_group="g"), make_article("x", MUSEUM, copy_group="g")]
    labels = StoryClusterer().partial_fit(arts).labels_
    assert labels["f1"] == labels["x"]


def test_time_window_closes_old_stories() -> None:
    arts = [make_article("f1", FERRY, published="2025-05-02"), make_article("f2", FERRY2, published="2025-08-01")]
    labels = StoryClusterer(ClusterConfig(window_days=7)).partial_fit(arts).labels_
    assert labels["f1"] != labels["f2"]


def test_undated_articles_are_taken_in_arrival_order_and_still_grouped() -> None:
    labels = StoryClusterer().partial_fit([make_article("f1", FERRY), make_article("f2", FERRY2)]).labels_
    assert labels["f1"] == labels["f2"]


def test_state_round_trip_extends_existing_stories() -> None:
    first = StoryClusterer().partial_fit([make_article("f1", FERRY, published="2025-05-02"),
                                          make_article("m1", MUSEUM, published="2025-05-02")])
    import json

    state = json.loads(json.dumps(first.state_dict()))
    later = StoryClusterer.from_state(state).partial_fit([make_article("f2", FERRY2, published="2025-05-03")])
    assert later.labels_["f2"] == later.labels_["f1"] == first.labels_["f1"]
    assert later.labels_["m1"] == first.labels_["m1"]


def test_headline_only_and_empty_text() -> None:
    arts = [make_article("h1", "Ferry Marigold aground off Gullport"),
            make_article("h2", "Gullport ferry Marigold aground, passengers safe"),
            make_article("e", "", title=None)]
    labels = StoryClusterer().partial_fit(arts).labels_
    assert labels["h1"] == labels["h2"]
    assert labels["e"] not in {labels["h1"]}
