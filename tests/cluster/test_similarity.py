"""The calibrated same-story score: a probability, symmetric, higher for the same event."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.cluster import Calibration, pair_scores, same_story_score
from storyline.cluster.similarity import DEFAULT_CALIBRATION, PAIR_CALIBRATION, read_pairs, term_coverage
from storyline.config import ClusterConfig
from tests.cluster.test_online import FERRY, FERRY2, MUSEUM
from tests.conftest import make_article

F1 = make_article("f1", FERRY, title="Ferry aground off Gullport", published="2025-05-02")
F2 = make_article("f2", FERRY2, title="Grounded Gullport ferry to be towed", published="2025-05-03")
M1 = make_article("m1", MUSEUM, title="Brinhaven museum opens ship wing", published="2025-05-03")


def test_same_event_scores_higher_than_another_event() -> None:
    same, other = pair_scores([(F1, F2), (F1, M1)])
    assert 0.0 <= other < same <= 1.0
    assert same > 0.5 > other


def test_score_is_symmetric_and_deterministic() -> None:
    assert same_story_score(F1, F2) == pytest.approx(same_story_score(F2, F1))
    assert same_story_score(F1, F2) == same_story_score(F1, F2)


def test_pairs_outside_the_time_window_score_zero() -> None:
    late = make_article("f3", FERRY2, published="2025-09-01")
    assert same_story_score(F1, late, config=ClusterConfig(window_days=7)) == 0.0
    assert same_story_score(F1, make_article("u", FERRY2)) > 0.5  # no date: no window


def test_empty_article_scores_low() -> None:
    assert same_story_score(F1, make_article("e", "")) < 0.2


@given(st.floats(-1, 3), st.integers(1, 10_000))
def test_calibration_is_a_probability_and_monotone(sim: float, size: int) -> None:
    for cal in (DEFAULT_CALIBRATION, PAIR_CALIBRATION):
        p = cal(sim, size)
        assert 0.0 <= p <= 1.0
        assert cal(sim + 0.1, size) >= p


def test_decision_boundary_inverts_the_probability() -> None:
    cal = Calibration(-4.0, 10.0, 0.5)
    s = cal.similarity_for(0.3, size=20)
    assert cal(s, 20) == pytest.approx(0.3)
    sq = Calibration(-2.0, 5.0, sqrt=True)
    assert sq(sq.similarity_for(0.7)) == pytest.approx(0.7)
    assert not math.isnan(sq(-1.0))


def test_read_pairs_reports_bad_lines_and_keeps_the_rest(tmp_path: Path) -> None:
    f = tmp_path / "pairs.jsonl"
    good = {"pair_id": "p1", "text1": FERRY, "text2": FERRY2, "title1": "Ferry aground", "date1": "2025-05-02"}
    f.write_text("\n".join([json.dumps(good), "{not json", json.dumps({"text1": "x", "text2": "y"}),
                            json.dumps({"pair_id": "p4", "text1": "only one side"}), ""]), encoding="utf-8")
    pairs, rows, errors = read_pairs(f)
    assert [p[0] for p in pairs] == ["p1"] and rows == [good]
    assert [e.line for e in errors] == [2, 3, 4]
    assert all(e.path == str(f) and e.reason for e in errors)
    assert "text2" in errors[2].reason


def test_a_text_that_repeats_the_headline_is_no_body() -> None:
    """The ingest stage normalises the text but may keep the title's own quote marks: the words decide."""
    from storyline.cluster.features import article_terms

    a = make_article("h", 'Rand Paul: drill in "every possible place"',
                     title="Rand Paul: drill in \u201cevery possible place\u201d")
    bags = article_terms(a)
    assert bags["title"] and not bags["body"]


def test_cross_weight_matches_title_words_against_body_words() -> None:
    """A headline's words found in the other side's body count only through ``cross_weight``."""
    from storyline.cluster.features import DocumentFrequencies, article_terms, weigh
    from storyline.cluster.similarity import field_weights, raw_similarity

    a = make_article("a", "Officials met on Tuesday to plan the season.", title="Marigold ferry aground at Gullport")
    b = make_article("b", FERRY, title="Lifeboats bring 40 passengers ashore")
    bags = [article_terms(x, names=False) for x in (a, b)]
    df = DocumentFrequencies.fit(bags, young=0)
    va, vb = (weigh(x, df) for x in bags)
    off = raw_similarity(va, vb, field_weights(ClusterConfig(cross_weight=0.0)))
    on = raw_similarity(va, vb, field_weights(ClusterConfig(cross_weight=0.5)))
    assert off == 0.0 < on


def test_term_coverage_is_the_share_of_squared_weight_the_story_has() -> None:
    weights = {"title": 0.5, "body": 0.5, "ents": 0.0}
    article = {"title": {"quillmart": 0.8, "bankruptcy": 0.6}, "body": {}, "ents": {}}
    story = {"title": {"bankruptcy": 7.0, "zorbco": 9.0}, "body": {}, "ents": {}}
    assert term_coverage(article, story, weights) == pytest.approx(0.36)
    assert term_coverage(article, {"title": {}, "body": {"quillmart": 1.0}, "ents": {}}, weights) == pytest.approx(0.64)
    assert term_coverage(article, {"title": {}, "body": {}, "ents": {}}, weights) == 0.0


def test_coverage_raises_the_probability() -> None:
    cal = Calibration(-4.0, 10.0, -0.5, coverage=4.0)
    assert cal(0.3, 5, coverage=1.0) > cal(0.3, 5, coverage=0.2)
    assert cal(0.3, 5) == Calibration(-4.0, 10.0, -0.5)(0.3, 5)  # no coverage given: the term is left out
