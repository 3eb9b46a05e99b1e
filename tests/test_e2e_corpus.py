"""The bundled sample corpus (examples/corpus, invented for this project) end to end,
against what examples/corpus/EXPECTED.md says."""

from __future__ import annotations

import pytest

from storyline import RunReport, brief
from tests.conftest import CORPUS

A = ["a01_harbor_ledger", "a02_westmarch_courier", "a03_greyhollow_herald", "a04_river_mercury",
     "a05_brackwater_bulletin", "a06_harbor_ledger", "a07_evening_post"]
B = ["b01_greyhollow_herald", "b02_lantern_gazette", "b03_harbor_ledger", "b04_meridian_tech"]
C = ["c01_lantern_gazette", "c02_westmarch_courier", "c03_brackwater_bulletin"]


@pytest.fixture(scope="module")
def report() -> RunReport:
    return brief([CORPUS])


def _story(report: RunReport, member: str):  # type: ignore[no-untyped-def]
    return next(s for s in report.stories if member in s.articles)


def _article(report: RunReport, aid: str):  # type: ignore[no-untyped-def]
    return next(a for a in report.articles if a.id == aid)


def test_reads_every_article_and_skips_the_answer_key(report: RunReport) -> None:
    assert report.errors == []
    assert sorted(a.id for a in report.articles) == sorted(A + B + C)


def test_three_stories(report: RunReport) -> None:
    assert sorted(sorted(s.articles) for s in report.stories) == sorted([sorted(A), sorted(B), sorted(C)])


def test_copy_groups_and_fullest_versions(report: RunReport) -> None:
    groups = {tuple(g.members): g.canonical for g in report.groups}
    assert groups == {
        ("a01_harbor_ledger", "a02_westmarch_courier", "a03_greyhollow_herald"): "a03_greyhollow_herald",
        ("a04_river_mercury", "a05_brackwater_bulletin"): "a04_river_mercury",
        ("b01_greyhollow_herald", "b02_lantern_gazette"): "b01_greyhollow_herald",
    }


def test_edits_of_a_reprint_are_recorded(report: RunReport) -> None:
    ap = next(g for g in report.groups if g.canonical == "a03_greyhollow_herald")
    a02 = ap.edits["a02_westmarch_courier"]
    assert any("Westmarch" in s for s in a02["added"])
    changed = {(old, new) for old, new in a02["changes"]}
    assert any("colour" in new for _old, new in changed)
    a01 = ap.edits["a01_harbor_ledger"]
    assert any("Kellerhals" in s for s in a01["dropped"])


def test_agencies(report: RunReport) -> None:
    for aid in ("a01_harbor_ledger", "a02_westmarch_courier", "a03_greyhollow_herald"):
        assert _article(report, aid).agency == "AP"
    for aid in ("a04_river_mercury", "a05_brackwater_bulletin"):
        assert _article(report, aid).agency == "Reuters"
    assert _article(report, "b01_greyhollow_herald").agency == "AFP"
    assert _article(report, "a06_harbor_ledger").agency is None


def test_junk_removed_including_learned_outlet_footer(report: RunReport) -> None:
    for aid in ("a01_harbor_ledger", "a06_harbor_ledger", "b03_harbor_ledger"):
        article = _article(report, aid)
        assert "All rights reserved" not in article.text
        assert "Since 1894" not in article.text
        assert any("All rights reserved" in r.text for r in article.removed)
    a07 = _article(report, "a07_evening_post")
    assert a07.url == "https://evening-post.example/news/council-emergency-session-tallow-street"
    assert a07.published == "2025-03-05"
    assert a07.title == "Council to hold emergency session as questions mount over Tallow Street Bridge"
    assert "Related article" not in a07.text


def test_conflicts_in_story_a_only(report: RunReport) -> None:
    story = _story(report, "a01_harbor_ledger")
    found = {c.topic: {v.value: set(v.sources) for v in c.variants} for c in story.conflicts}
    injured = found["number of people injured"]
    assert injured["15 people were injured"] == {"a06_harbor_ledger"}
    assert injured["12 people were injured"] == {
        "a01_harbor_ledger", "a02_westmarch_courier", "a03_greyhollow_herald", "a04_river_mercury",
        "a05_brackwater_bulletin"}
    closure = next(v for k, v in found.items() if "closure" in k)
    assert closure == {"three-day closure": {"a04_river_mercury", "a05_brackwater_bulletin"},
                       "two-day closure": {"a07_evening_post"}}
    assert _story(report, "b01_greyhollow_herald").conflicts == []
    assert _story(report, "c01_lantern_gazette").conflicts == []


def test_quotes_with_speakers(report: RunReport) -> None:
    story = _story(report, "a01_harbor_ledger")
    speakers = {q.speaker for q in story.quotes}
    assert {"Elena Varga", "Tomas Reile", "Ruben Aldana"} <= speakers
    reile = [q for q in story.quotes if q.speaker == "Tomas Reile"]
    assert any({"a04_river_mercury", "a05_brackwater_bulletin"} <= set(q.sources) for q in reile)


def test_timeline_resolves_relative_dates(report: RunReport) -> None:
    a = {(t.date, t.expression) for t in _story(report, "a01_harbor_ledger").timeline}
    assert ("2025-04", "next month") in a
    assert ("2025-03-03", "on Monday") in a
    c = {t.date for t in _story(report, "c01_lantern_gazette").timeline}
    assert "2025-04-15" in c  # "reopen on Tuesday" looks forward
    assert "1784" in c  # "made in 1784"


def test_summary_sentences_all_cited(report: RunReport) -> None:
    for story in report.stories:
        assert story.summary
        for claim in story.summary:
            assert claim.sources and set(claim.sources) <= set(story.articles)
            assert claim.citations
