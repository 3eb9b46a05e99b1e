"""Golden cases for junk removal: each line is either removed (with a reason) or kept."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.clean import ArticleCleaner, RepeatedLineLearner, parse_date, parse_dateline
from tests.conftest import make_article

BODY = ("The invented town of Gullport opened its new harbour wall on Tuesday after two years of work, "
        "the council said in a statement, and boats were back on their moorings by the evening.")

WITH = [  # (line, reason)
    ("Skip to content", "navigation"),
    ("Subscribe to our newsletter for the week's top stories.", "newsletter plug"),
    ("Related article: Gullport council approves harbour budget", "related link"),
    ("**Related article:** [Harbour budget approved](#)", "related link"),
    ("© 2025 The Gullport Gazette. All rights reserved.", "copyright footer"),
    ("Fishermen watch the new wall from the pier. (Photo: Ana Pell / Gull Pictures)", "photo caption"),
    ("Boats in the harbour at dawn. (Ana Pell/Pool/GETTY IMAGES)", "photo caption"),
    ("![Boats at dawn](https://img.example/boats.jpg)", "photo caption"),
    ("Advertisement", "navigation"),
    ("Share this article", "navigation"),
]
WITHOUT = [  # lines that look close to junk but are news
    "Council leader Mara Holt said the wall would protect 300 homes from winter storms.",
    "Residents were asked to subscribe to flood alerts by text message, the council said.",
    "The wall was built by a firm founded in 1990, which also repaired the lighthouse.",
    "Related work on the lighthouse will start in June, officials said.",
]


@pytest.mark.parametrize(("line", "reason"), WITH)
def test_junk_is_removed_with_its_reason(line: str, reason: str) -> None:
    article = ArticleCleaner().clean(make_article(text=f"{BODY}\n\n{line}\n\n{BODY}"))
    assert line.split("(")[0].strip("*[ ") not in article.text
    assert [r.reason for r in article.removed] == [reason]


@pytest.mark.parametrize("line", WITHOUT)
def test_news_lines_are_kept(line: str) -> None:
    article = ArticleCleaner().clean(make_article(text=f"{BODY}\n\n{line}\n\n{BODY}"))
    assert line in article.text
    assert article.removed == []


def test_header_metadata_title_byline_dateline() -> None:
    text = ("The Gullport Gazette\nServing the coast since 1871\n\nHarbour wall opens after two years\n\n"
            "By Ana Pell, Reuters\n\nMay 2, 2025\n\n"
            f"GULLPORT, May 2, 2025 (Reuters) - {BODY}\n\n{BODY}")
    article = ArticleCleaner().clean(make_article(text=text))
    assert article.title == "Harbour wall opens after two years"
    assert article.byline == "Ana Pell, Reuters"
    assert article.agency == "Reuters"
    assert article.published == "2025-05-02"
    assert article.dateline == "GULLPORT, May 2, 2025 (Reuters)"
    assert article.outlet == "The Gullport Gazette"
    assert article.text.startswith("The invented town of Gullport")
    reasons = [r.reason for r in article.removed]
    assert reasons == ["masthead", "masthead", "title", "byline", "date line", "dateline"]


def test_never_empties_an_article() -> None:
    article = ArticleCleaner().clean(make_article(text="Skip to content\n\nAdvertisement"))
    assert article.text
    assert "clean_warning" in article.metadata


def test_split_sentence_is_joined() -> None:
    text = f'{BODY}\n\nThe two towns call it a "storm"\n\nwall, and both paid for it.'
    article = ArticleCleaner().clean(make_article(text=text))
    assert 'a "storm" wall, and both paid for it.' in article.text


def test_learns_lines_repeated_across_one_outlet() -> None:
    footer = "Read the Gullport Gazette every morning at the harbour kiosk"
    topics = ["a new ferry timetable", "a storm over the pier", "the lighthouse repairs"]
    articles = [make_article(id=f"g{i}", text=f"{BODY} The council also discussed {t}.\n\n{footer}",
                             outlet="Gullport Gazette") for i, t in enumerate(topics)]
    other = make_article(id="x", text=f"{BODY}\n\n{footer}", outlet="Another Outlet")
    cleaner = ArticleCleaner().fit([*articles, other])
    assert cleaner.learner_ is not None
    assert all(footer not in cleaner.clean(a).text for a in articles)
    assert footer in cleaner.clean(other).text  # another outlet's line is its own business
    learner = RepeatedLineLearner(min_articles=4).fit(articles)
    assert learner.lines_ == {}


def test_cleaning_a_stream_after_fit_keeps_the_learner_bounded() -> None:
    footer = "Read the Gullport Gazette every morning at the harbour kiosk"
    articles = [make_article(id=f"g{i}", text=f"{BODY} Item {i}.\n\n{footer}", outlet="Gullport Gazette") for i in range(3)]
    learner = RepeatedLineLearner().fit(articles)
    known = len(learner._keys)
    assert learner.is_junk("Gullport Gazette", footer)
    for i in range(500):  # an endless stream of new lines, cleaned with what fit learned
        assert not learner.is_junk("Gullport Gazette", f"A fresh line number {i} about the pier")
    assert len(learner._keys) == known


def test_dates_and_datelines() -> None:
    assert parse_date("Sept. 13, 2023") == "2023-09-13"
    assert parse_date("13 September 2023") == "2023-09-13"
    assert parse_date("2023-02-30") is None
    assert parse_dateline("BEIJING, Sept 18, 2023 (AFP) - China said") == ("BEIJING, Sept 18, 2023 (AFP) -", "2023-09-18", "AFP")
    assert parse_dateline("PORT ELLORY (AP) - Hello") == ("PORT ELLORY (AP) -", None, "AP")
    assert parse_dateline("WASHINGTON (local) - not a wire") is None


def test_markdown_bold_markers_inside_identifiers_stay() -> None:
    from storyline.clean.cleaner import _plain

    assert _plain("The page set window.__flag and snake__case__name.") == "The page set window.__flag and snake__case__name."
    assert _plain("A **bold** claim and __another__, kept as text.") == "A bold claim and another, kept as text."


_FRAGMENTS = [line for line, _ in WITH] + WITHOUT + [
    "By Ana Pell and Tom Reed", "by [Ana Pell](https://x.example/ana)", "Published: March 3, 2024 at 10:30 GMT",
    "Tuesday, 3 March 2024", "The Gullport Gazette Online", "Est. 1887", "Founded in 1990 the firm", "[gull.example](x)",
    "[gull.example.com/p](https://gull.example.com/p)", "(AP Photo/Ana Pell)", "Getty Images", "reuters/Ana Pell",
    "Copyright 2024 Gull", "This may not be reproduced without written permission.", "Read more:", "menu", "share",
    "https://gull.example/a", "Original URL: https://gull.example/a", "In this photo, boats.", "Pictured: the wall.",
    "Sign up for our newsletter", "newsletter inbox", "(c) Gull", "all rights reserved", "Editor's note: subscribe",
    "the", "wall", "harbour", "(", ")", "|", ":", "2024", ".",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=4).map(" ".join), st.booleans())
def test_the_cheap_gates_never_change_a_rules_answer(paragraph: str, header: bool) -> None:
    """classify() skips rules by an alternation of the anchored ones, their hints and their endings; the
    answer is the one of trying every rule in order."""
    from storyline.clean.rules import RULES, classify

    def every_rule(text: str) -> str | None:
        text = text.strip()
        words = len(text.split())
        for rule in RULES:
            if text and words <= rule.max_words and (header or not rule.header_only) and rule.pattern.search(text):
                return rule.reason
        return None

    assert classify(paragraph, header=header) == every_rule(paragraph)


def test_anchored_patterns_are_told_apart() -> None:
    from storyline.clean.rules import RULES, _anchored

    assert _anchored(r"^by\s+(?:\[[^\]]+\]\([^)]*\)|[\w.'-]+)") and _anchored(r"^a[|)(]b") and _anchored(r"^a[]|]b")
    assert not _anchored(r"^a|b") and not _anchored(r"\bword") and not _anchored(r"^a\[|b")
    assert all(rule.gated or rule.hints or rule.ends for rule in RULES)  # every rule has a cheap gate


def test_clean_carries_every_field_it_does_not_set() -> None:
    """``clean`` builds its Article field by field: a field it does not compute comes from the input."""
    from dataclasses import fields

    from storyline.model import Article, Removed

    computed = {"text", "removed", "title", "outlet", "agency", "published", "byline", "dateline", "url", "metadata"}
    carried = {"id": "a1", "raw": "the raw text", "source_path": "in.jsonl", "copy_group": "copy-a9", "story": "s3"}
    assert {f.name for f in fields(Article)} == computed | carried.keys()  # a new field: set it in clean too
    article = Article(text=BODY, outlet="Gullport Gazette", url="https://gazette.example/a1",
                      removed=[Removed("Advertisement", "navigation")], metadata={"k": 1}, **carried)
    out = ArticleCleaner().clean(article)
    assert {name: getattr(out, name) for name in carried} == carried
    assert out.removed[0] == Removed("Advertisement", "navigation") and out.metadata == {"k": 1}
