"""Online story clustering: time order, copy groups move together, state persists."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from storyline.cluster import StoryClusterer
from storyline.config import ClusterConfig
from storyline.errors import StorylineError
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


def test_states_given_and_taken_are_copies_later_calls_leave_alone() -> None:
    import json

    from storyline.pipeline import assign_stories

    _, state = assign_stories([make_article("f1", FERRY, published="2025-05-02"),
                               make_article("m1", MUSEUM, published="2025-05-02")])
    frozen = json.dumps(state, sort_keys=True)
    later = [make_article("f2", FERRY2, published="2025-05-03")]
    once, state_once = assign_stories(later, state=state)
    assert json.dumps(state, sort_keys=True) == frozen  # the caller's state is unchanged ...
    twice, state_twice = assign_stories(later, state=state)
    assert [a.story for a in twice] == [a.story for a in once]  # ... so the same call gives the same answer
    assert state_twice == state_once

    clusterer = StoryClusterer().partial_fit([make_article("f1", FERRY, published="2025-05-02")])
    taken = json.dumps(clusterer.state_dict(), sort_keys=True)
    snapshot = clusterer.state_dict()
    clusterer.partial_fit([make_article("f2", FERRY2, published="2025-05-03")])
    assert json.dumps(snapshot, sort_keys=True) == taken


def test_headline_only_and_empty_text() -> None:
    arts = [make_article("h1", "Ferry Marigold aground off Gullport"),
            make_article("h2", "Gullport ferry Marigold aground, passengers safe"),
            make_article("e", "", title=None)]
    labels = StoryClusterer().partial_fit(arts).labels_
    assert labels["h1"] == labels["h2"]
    assert labels["e"] not in {labels["h1"]}


def test_undated_story_closes_after_window_articles_arrivals() -> None:
    arts = [make_article("f1", FERRY), make_article("m1", MUSEUM), make_article("x1", "Quarterly tin prices rose."),
            make_article("f2", FERRY2)]
    closed = StoryClusterer(ClusterConfig(window_articles=3)).partial_fit(arts).labels_
    assert closed["f2"] != closed["f1"]  # f1's story opened 3 arrivals before f2
    still_open = StoryClusterer(ClusterConfig(window_articles=4)).partial_fit(arts).labels_
    assert still_open["f2"] == still_open["f1"]
    no_window = StoryClusterer(ClusterConfig(window_articles=0)).partial_fit(arts).labels_
    assert no_window["f2"] == no_window["f1"]


def test_arrival_count_persists_across_runs() -> None:
    first = StoryClusterer(ClusterConfig(window_articles=3)).partial_fit(
        [make_article("f1", FERRY), make_article("m1", MUSEUM), make_article("x1", "Quarterly tin prices rose.")])
    import json

    state = json.loads(json.dumps(first.state_dict()))
    assert state["seq"] == 3
    later = StoryClusterer.from_state(state, ClusterConfig(window_articles=3)).partial_fit([make_article("f2", FERRY2)])
    assert later.labels_["f2"] != later.labels_["f1"]


_PORT = make_article("a", "", title="Ferry Marigold aground off Gullport harbour")
_BOATS = make_article("b", "", title="Lifeboats bring forty passengers ashore safely")
_BOTH = make_article("c", "", title="Ferry Marigold aground off Gullport: lifeboats bring forty passengers ashore")


def test_an_article_probable_in_two_new_stories_merges_them_when_they_are_alike() -> None:
    merged = StoryClusterer(ClusterConfig(merge_threshold=0.0)).partial_fit([_PORT, _BOATS, _BOTH])
    assert merged.labels_["a"] == merged.labels_["b"] == merged.labels_["c"]
    assert len(merged.stories_) == 1 and merged.stories_[merged.labels_["a"]]["size"] == 3
    # by default the two stories share no word, so they stay apart and the article joins one of them
    apart = StoryClusterer().partial_fit([_PORT, _BOATS, _BOTH]).labels_
    assert apart["a"] != apart["b"] and apart["c"] in {apart["a"], apart["b"]}
    # too big to be folded
    big = StoryClusterer(ClusterConfig(merge_threshold=0.0, merge_max_size=0)).partial_fit([_PORT, _BOATS, _BOTH]).labels_
    assert big["a"] != big["b"]


def test_labels_from_an_earlier_call_never_change() -> None:
    c = StoryClusterer(ClusterConfig(merge_threshold=0.0)).partial_fit([_PORT, _BOATS])
    before = dict(c.labels_)
    c.partial_fit([_BOTH])
    assert {k: c.labels_[k] for k in before} == before


def test_config_rejects_out_of_range_window_and_merge_settings() -> None:
    import pytest

    from storyline.errors import ConfigError

    for bad in ({"window_articles": -1}, {"merge_threshold": 1.5}, {"merge_max_size": -2}):
        with pytest.raises(ConfigError, match=next(iter(bad))):
            ClusterConfig(**bad)


def test_the_decision_counts_the_article_words_the_story_lacks() -> None:
    """With a calibration on term coverage alone, an article whose every word the story has scores
    sigmoid(2), one with half its (equally weighted) words missing sigmoid(0), whatever the similarity."""
    from storyline.cluster import Calibration

    cal = Calibration(-2.0, 0.0, 0.0, coverage=4.0)
    seed = [make_article("z1", "", title="Zorbco pastry bankruptcy", published="2025-05-02")]
    c = StoryClusterer(calibration=cal).partial_fit(seed)
    sid = c.labels_["z1"]
    covered = make_article("a", "", title="Zorbco bankruptcy", published="2025-05-02")
    half = make_article("b", "", title="Quillmart bankruptcy", published="2025-05-02")
    assert c.story_score(covered, sid) == pytest.approx(1 / (1 + math.exp(-2.0)))
    assert c.story_score(half, sid) == pytest.approx(0.5, abs=0.05)


def test_refinement_folds_a_fragment_into_the_established_story() -> None:
    """An article that missed its story at placement (a strict threshold here) is folded into it after
    the call when the two stories agree; an unrelated article stays alone; refine_threshold 1.0 is off."""
    heads = ["Gullport ferry runs aground in storm", "Storm drives Gullport ferry aground",
             "Gullport ferry aground, passengers safe", "Passengers leave grounded Gullport ferry",
             "Tugs free Gullport ferry run aground", "Gullport ferry aground near harbour"]
    first = [make_article(f"g{i}", "", title=t, published="2025-05-02") for i, t in enumerate(heads)]
    first += [make_article(f"x{i}", "", title=t, published="2025-05-02") for i, t in enumerate(
        ["Brinhaven museum opens ship wing", "Orchard growers expect late apples", "Council delays tram vote"])]
    saved = json.dumps(StoryClusterer(ClusterConfig(merge_max_size=1)).partial_fit(first).state_dict())
    ferry = json.loads(saved)["labels"]["g0"]
    assert {json.loads(saved)["labels"][a.id] for a in first[:6]} == {ferry}
    later = [make_article("late", "", title="Tugs tow stricken Gullport vessel", published="2025-05-03"),
             make_article("other", "", title="Brinhaven bakers win bread prize", published="2025-05-03")]
    strict = ClusterConfig(threshold=0.999, merge_max_size=1, refine_threshold=0.5)
    c = StoryClusterer.from_state(json.loads(saved), strict).partial_fit(later)
    assert c.labels_["late"] == ferry
    assert list(c.labels_.values()).count(c.labels_["other"]) == 1
    off = StoryClusterer.from_state(json.loads(saved), ClusterConfig(threshold=0.999, merge_max_size=1, refine_threshold=1.0))
    assert off.partial_fit(later).labels_["late"] != ferry


def test_gold_replay_gives_the_decisions_the_calibration_is_fitted_on(tmp_path: Path) -> None:
    from storyline.cluster.calibrate import decision_examples
    from storyline.store import SqliteStore

    arts = [
        make_article("a1", "The Varnby ferry stopped after a storm damaged the main pier on Friday.",
                     title="Storm stops Varnby ferry", published="2024-03-01"),
        make_article("b1", "Gullport council voted to close the old fish market next spring.",
                     title="Gullport to close fish market", published="2024-03-01"),
        make_article("a2", "A storm damaged the Varnby pier and the ferry stopped, the harbour office said.",
                     title="Varnby pier damaged, ferry halted", published="2024-03-02"),
        make_article("b2", "The old fish market of Gullport will close next spring after a council vote.",
                     title="Gullport fish market to close", published="2024-03-02"),
    ]
    gold = ["A", "B", "A", "B"]
    steps = list(StoryClusterer().gold_replay(arts, gold))
    assert [own is None for _others, own in steps] == [True, True, False, False]  # a story's first article opens it
    (_o1, own_a2), (_o2, own_b2) = steps[2], steps[3]
    for own, others in ((own_a2, steps[2][0]), (own_b2, steps[3][0])):
        assert own is not None and len(own) == 3 and 0 < own[0] <= 1 and own[1] == 0.0  # log size of one article
        assert all(own[0] > other[0] for other in others)  # the gold story is the most similar here
    x, y = decision_examples(arts, gold)
    assert sorted(y) == [0] * (len(y) - 2) + [1, 1] and len(x) == len(y)
    with SqliteStore(tmp_path / "s.db") as store, pytest.raises(StorylineError, match="in memory"):
        next(StoryClusterer.open(store).gold_replay(arts, gold))


def test_ranked_probabilities_are_the_calibrated_decision_term_for_term() -> None:
    # _ranked inlines raw_similarity, term_coverage and the calibration (and skips the sums of fields that share
    # no term); each probability it gives is the same float the plain functions give, whether the candidate
    # shares title words, body words or both
    from storyline.cluster.features import article_terms, weigh
    from storyline.cluster.similarity import raw_similarity, term_coverage

    arts = [make_article("f1", FERRY, published="2025-05-02", title="Ferry aground off Gullport"),
            make_article("m1", MUSEUM, published="2025-05-02", title="Brinhaven museum opens ship wing"),
            make_article("h1", "", published="2025-05-02", title="Gullport harbour master speaks"),
            make_article("t1", MUSEUM + " " + FERRY, published="2025-05-02", title="Two invented stories")]
    c = StoryClusterer(ClusterConfig(threshold=0.99, refine_threshold=1.0, merge_threshold=1.0)).partial_fit(arts)
    probe = make_article("p", FERRY2, published="2025-05-03", title="Tide report for Kestrel Point")  # no title word in f1
    vec = weigh(article_terms(probe, c.body_words, c._names), c.df_)
    ranked = c._ranked(vec, c.stories_[next(iter(c.stories_))]["first_day"])
    assert "story-f1" in {sid for _p, sid in ranked}
    for p, sid in ranked:
        story = c.stories_[sid]
        sim = raw_similarity(vec, story["vec"], c._weights, story["size"], c.config.size_exponent)
        assert p == c.calibration(sim, story["size"], None, term_coverage(vec, story["vec"], c._weights))
