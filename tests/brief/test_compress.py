"""Deletion-only sentence compression in the cited summary. All text here is invented."""

from __future__ import annotations

import re

from storyline.brief import BriefBuilder
from storyline.brief.compress import compress
from storyline.brief.evaluate import span_supports
from storyline.brief.summary import CitedSummarizer
from storyline.compare import StoryComparer
from storyline.config import SummaryConfig
from tests.conftest import make_article


def _subsequence(short: str, long: str) -> bool:
    words = iter(re.findall(r"\w+", long.lower()))
    return all(any(w == x for x in words) for w in re.findall(r"\w+", short.lower()))


def test_compress_deletes_datelines_and_leading_connectives() -> None:
    assert compress("PARIS - The mayor opened the new tram line on Monday.", first=True) == \
        "The mayor opened the new tram line on Monday."
    assert compress("Lyon (Reuters) - The mayor opened the new tram line.") == "The mayor opened the new tram line."
    assert compress("LIMA-The council voted to close the old market.", first=True) == "The council voted to close the old market."
    assert compress("But the council voted against the plan on Tuesday.") == "The council voted against the plan on Tuesday."
    assert compress("Meanwhile, the council voted against the plan.") == "The council voted against the plan."


def test_compress_keeps_the_subject_of_a_sentence_opened_by_an_acronym() -> None:
    # a bare dateline only opens an article, and only before a capitalised word; an acronym compound is a subject
    for sentence in ["NATO-Russia talks collapsed after the envoys left the city.",
                     "ASEAN-China summit opened on Monday in the capital city.",
                     "AFL-CIO President Ana Ruiz called the plan a betrayal of workers.",
                     "ISIS-K claimed the attack on the airport gate late Thursday.",
                     "IBM\u2014Red Hat deal closed on Friday after a long review.",
                     "USA - China talks resumed in the capital on Monday morning.",
                     "NASA \u2014 the space agency \u2014 said the launch would slip."]:
        assert compress(sentence, first=True) == sentence
    # mid-article, a capitalised word and a dash are no dateline
    assert compress("PARIS - The mayor opened the new tram line on Monday.") == \
        "PARIS - The mayor opened the new tram line on Monday."


def test_compress_keeps_a_but_that_is_not_a_connective() -> None:
    for sentence in ["But for the rain, the home side would have won the final.",
                     "Yet another storm hit the coast on Sunday night, officials said."]:
        assert compress(sentence) == sentence


def test_compress_keeps_short_sentences_attributions_and_parentheticals() -> None:
    kept = ["But no one came.",  # too short once cut
            "The bridge will reopen in May, officials said.",
            "Senator Ana Ruiz (D-Ore.) voted against the plan."]
    for sentence in kept:
        assert compress(sentence) == sentence


STORY = [
    make_article("a", "OSLAND - The Varnby ferry service stopped on Friday after a storm damaged the main pier. "
                      "Passengers were offered buses to the mainland.",
                 title="Varnby ferry stops after storm damages pier"),
    make_article("b", "On Friday the Varnby ferry service stopped, after a storm damaged the main pier. "
                      "Meanwhile, the harbour office said repairs could take a month.",
                 title="Storm halts Varnby ferry"),
    make_article("c", "A storm damaged the main pier of Varnby on Friday, and the ferry service stopped. "
                      "Buses carried passengers to the mainland instead.",
                 title="Varnby pier hit by storm"),
]


def test_summary_uses_compressed_sentences_that_still_cite_the_source_sentence() -> None:
    story = BriefBuilder().build("s", STORY)
    texts = {a.id: a.text for a in STORY}
    assert not any("OSLAND" in c.text for c in story.summary)
    assert any(c.text == "The Varnby ferry service stopped on Friday after a storm damaged the main pier."
               and "a" in c.sources for c in story.summary)
    for claim in story.summary:
        assert claim.text[:1].isupper() and ", ." not in claim.text and " ," not in claim.text
        for c in claim.citations:
            span = texts[c.article_id][c.start:c.end]
            assert span_supports(claim.text, span)
    lead = next(c for c in story.summary if c.text.startswith("The Varnby ferry service"))
    cite = next(c for c in lead.citations if c.article_id == "a")
    original = texts["a"][cite.start:cite.end]
    assert original.startswith("OSLAND - The Varnby")  # the original sentence, as written
    assert _subsequence(lead.text, original)  # only deletions
    comparison = StoryComparer().compare(STORY, [])
    on, _docs = CitedSummarizer(SummaryConfig())._candidates(STORY, comparison)
    off, _docs = CitedSummarizer(SummaryConfig(compress=False))._candidates(STORY, comparison)
    assert [c.text for c in on if c.source.startswith("OSLAND")] == [lead.text]
    assert not any(c.text == lead.text for c in off)


def test_a_source_tag_is_an_agency_the_cleaner_knows_or_an_outlet_tag_opening_the_sentence() -> None:
    # the agencies are clean.metadata's, so a tag it knows ("Xinhua") goes and a party label stays
    assert compress("OSLO (Xinhua) -- The port reopened after the storm on Monday.") == \
        "The port reopened after the storm on Monday."
    assert compress("(KTVX) The port reopened after the storm on Monday.") == "The port reopened after the storm on Monday."
    for kept in ["Senator Ana Ruiz (D) voted against the plan late today.",
                 "Ana Ruiz (KTVX) wrote that the plan would fail next year."]:
        assert compress(kept) == kept
