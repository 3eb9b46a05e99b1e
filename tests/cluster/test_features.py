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


def test_a_word_of_letters_between_marks_gives_what_its_tokens_give() -> None:
    # _word_terms takes a shortcut for a word that is letters once ASCII marks are stripped from its ends; the
    # tokens found by the regular expression (the path every other word takes) give the same terms
    from storyline.cluster import features

    tokens = features._WORD.findall
    words = ["Talks,", "(filing)", "'hello'", "--Fall--", "a-", "'s", "İstanbul", "“Quoted”", "said.", "U.S.", "it's",
             "_ab_", "x", "THE", "studies!", "Ⅻ", "ab²", "ship-builder.", "...and", "Zürich;",
             "donʼt", "OʼNeill", "dogʼs"]  # (the modifier letter apostrophe is a letter, folded by the pattern's path)
    for word in words:
        lowered = word.lower().translate(features._APOSTROPHES)
        expected = tuple(t for token in tokens(lowered) for t in features._token_terms(token))
        assert features._word_terms(word) == expected, word


def test_the_word_memo_keeps_the_words_in_use_and_stays_bounded(monkeypatch) -> None:
    from storyline.cluster import features

    monkeypatch.setattr(features, "_WORDS", {})
    monkeypatch.setattr(features, "_WORDS_OLDER", {})
    monkeypatch.setattr(features, "_WORDS_GENERATION", 4)
    folded: list[str] = []
    fold = features._word_terms
    monkeypatch.setattr(features, "_word_terms", lambda w: folded.append(w) or fold(w))
    stream = "talks alpha1 beta2 talks gamma3 delta4 talks eps5 zeta6 talks eta7 theta8 talks iota9 kappa10 talks"
    assert features.terms(stream) == [fold(w)[0] for w in stream.split()]
    assert folded.count("talks") == 1  # in use since each rotation: kept
    assert len(features._WORDS) <= 4 and len(features._WORDS_OLDER) <= 4
    assert "alpha1" not in features._WORDS and "alpha1" not in features._WORDS_OLDER  # not used since: dropped
