"""Regression tests for defects found in review: each failed before its fix."""

from __future__ import annotations

from datetime import date

from storyline.brief import SupportChecker
from storyline.clean import ArticleCleaner
from storyline.cluster import StoryClusterer
from storyline.compare import build_voices, resolve
from storyline.compare.agreement import align_voices
from storyline.dedup import WireCopyDetector
from tests.conftest import make_article

WIRE = ("The invented port of Gullport reopened its northern quay on Tuesday after a storm surge tore away a "
        "section of the harbour wall last week, the harbour office said, and crews cleared debris all weekend.")


def test_a_story_reprinted_more_than_boilerplate_df_times_is_still_one_group() -> None:
    copies = [make_article(f"c{i:02d}", WIRE + (f" Local note number {i} for readers." if i % 2 else ""))
              for i in range(14)]
    labels = WireCopyDetector().fit(copies).labels_
    assert len(set(labels.values())) == 1


def test_short_texts_must_be_near_whole_copies() -> None:
    labels = WireCopyDetector().fit([make_article("a", "Gullport unveils new ferry"),
                                     make_article("b", "Gullport unveils new lighthouse")]).labels_
    assert labels["a"] != labels["b"]


def test_support_needs_the_same_numbers_and_polarity() -> None:
    a = make_article("a", "The invented council of Varna will fine the shipyard 5 million crowns next week.")
    b = make_article("b", "The invented council of Varna will fine the shipyard 50 million crowns next week.")
    c = make_article("c", "The invented council of Varna will not fine the shipyard 5 million crowns next week.")
    checker = SupportChecker([a, b, c])
    claim = "The invented council of Varna will fine the shipyard 5 million crowns next week."
    assert [cite.article_id for cite in checker.supporters(claim)] == ["a"]


def test_a_negated_statement_is_not_agreement() -> None:
    a = make_article("a", "The invented prime minister will visit the port of Varna next week, officials said.")
    b = make_article("b", "The invented prime minister cancelled a visit to the port of Varna next week, officials said.")
    assert align_voices(build_voices([a, b], {})) == []


def test_a_new_copy_joins_its_copies_story_across_runs() -> None:
    first = StoryClusterer().partial_fit([make_article("a1", WIRE, published="2025-03-01", copy_group="g")])
    later = StoryClusterer.from_state(first.state_dict()).partial_fit(
        [make_article("a1", WIRE, published="2025-03-01", copy_group="g"),
         make_article("c9", WIRE, published="2025-03-20", copy_group="g")])
    assert later.labels_["c9"] == later.labels_["a1"]


def test_an_older_article_within_the_story_span_joins_it() -> None:
    arts = [make_article(f"d{day}", WIRE, published=f"2025-01-{day:02d}") for day in (1, 7, 13, 20)]
    clusterer = StoryClusterer().partial_fit(arts)
    clusterer.partial_fit([make_article("late", WIRE, published="2025-01-03")])
    assert clusterer.labels_["late"] == clusterer.labels_["d1"]


def test_a_sentence_starting_with_by_is_not_a_byline() -> None:
    text = f"{WIRE}\n\nBy nightfall, the river had burst its banks.\n\n{WIRE}"
    article = ArticleCleaner().clean(make_article(text=text))
    assert "By nightfall, the river had burst its banks." in article.text
    assert article.byline is None


def test_an_explicit_date_without_a_year_looks_back_in_a_past_sentence() -> None:
    assert resolve("December 28", "explicit", date(2024, 1, 3), False) == "2023-12-28"
    assert resolve("January 9", "explicit", date(2024, 12, 20), True) == "2025-01-09"


def test_every_wording_of_a_disputed_value_stays_out_of_the_summary() -> None:
    from storyline.brief import BriefBuilder

    v1 = ("The invented minister of Gullport is making a three-day trip to Varna for harbour talks with her "
          "counterpart, officials said on Monday.")
    v1b = ("Gullport's minister began a three-day trip to Varna on Monday for harbour talks with her counterpart, "
           "officials said.")
    v2 = ("The invented minister of Gullport began a four-day visit to Varna for harbour talks with her "
          "counterpart on Monday, officials said.")
    shared = "Both ports agreed to share one dredging fleet from next spring, the two harbour offices said."
    arts = [make_article("a", f"{v1}\n\n{shared}"), make_article("b", f"{v1b}\n\n{shared}"),
            make_article("c", f"{v2}\n\n{shared}")]
    story = BriefBuilder().build("s", arts)
    assert story.conflicts
    stated = [c.text for c in story.summary if c.metadata.get("kind") != "conflict"]
    assert stated and all("-day" not in t for t in stated), stated


def test_a_report_restricted_to_the_input_keeps_only_touched_stories(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from storyline import brief

    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    (one / "ferry.txt").write_text(WIRE + "\n", encoding="utf-8")
    (two / "museum.txt").write_text("An invented museum in Brinhaven opened a wing of ship models on Sunday after "
                                    "three years of building work, its director said.\n", encoding="utf-8")
    db = tmp_path / "s.db"
    brief([one], db=db)
    assert [s.articles for s in brief([two], db=db, everything=False).stories] == [["museum"]]
    assert len(brief([two], db=db).stories) == 2
