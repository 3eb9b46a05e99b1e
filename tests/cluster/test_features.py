"""Headline tokenisation of the cluster stage's term bags."""

from __future__ import annotations

from storyline.cluster.features import terms


def test_inflections_fold_to_one_stem() -> None:
    assert terms("Harbourco files") == terms("Harbourco filed") == terms("Harbourco filing") == ["harbourco", "fil"]
    assert terms("ferries stopped") == terms("ferry stops")
    assert terms("glass virus fall") == ["glass", "virus", "fall"]  # no plural s, no doubled-consonant cut


def test_possessive_and_hyphenated_words() -> None:
    assert terms("Zorvia's pastry-maker") == ["zorvia", "pastry", "maker"]
    assert terms("Qwerty-7 launch") == ["qwerty-7", "launch"]  # a model name with a digit stays one word


def test_numbers_kept_but_years_dropped() -> None:
    assert terms("Route 370 opens in 2031") == ["rout", "370", "open"]
    assert terms("Zephyr OS 7.1 update") == ["zephyr", "os", "71", "updat"]
    assert "1999" not in terms("back to 1999")
