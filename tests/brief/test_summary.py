"""The cited summary and its evaluation. All article text here is invented."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import CliRunner

from storyline.brief import BriefBuilder
from storyline.brief.evaluate import evaluate_summaries, read_clusters, span_supports
from storyline.brief.summary import CitedSummarizer, _consensus
from storyline.cli.main import main
from storyline.compare import StoryComparer
from storyline.config import SummaryConfig
from storyline.errors import ConfigError, IngestError
from tests.conftest import make_article

STORY = [
    make_article("a", "The Gullport harbour bridge closed on Monday after engineers found cracks in two piers. "
                      "Traffic was sent over the old ferry road. The mayor, Ilse Varn, said repairs would take weeks.",
                 title="Gullport harbour bridge closed after cracks found in piers"),
    make_article("b", "Engineers found cracks in two piers of the Gullport harbour bridge, which closed on Monday. "
                      "A local bakery reported fewer customers. Drivers now use the old ferry road.",
                 title="Cracks close Gullport bridge"),
    make_article("c", "The harbour bridge in Gullport closed on Monday once engineers found cracks in two piers. "
                      "The council will meet on Thursday to discuss the repair budget for the bridge.",
                 title="Harbour bridge shut in Gullport"),
]


def test_summary_sentences_are_source_sentences_cited_by_every_supporting_voice() -> None:
    story = BriefBuilder().build("s", STORY)
    texts = {a.id: a.text for a in STORY}
    titles = {a.title for a in STORY}
    assert story.summary
    for claim in story.summary:
        assert claim.citations
        source_sentence = any(claim.text in t for t in texts.values()) or claim.text.rstrip(".") in titles
        assert source_sentence, claim.text
        for c in claim.citations:
            assert span_supports(claim.text, texts[c.article_id][c.start:c.end]), (claim.text, c)
    lead = [c for c in story.summary if "cracks" in c.text and "piers" in c.text]
    assert lead and max(c.support for c in lead) == 3  # every voice carries the lead fact


def test_length_is_configurable() -> None:
    short = BriefBuilder(summary=SummaryConfig(max_words=15)).build("s", STORY)
    assert sum(len(c.text.split()) for c in short.summary) <= 15
    with pytest.raises(ConfigError, match="max_words"):
        SummaryConfig(max_words=0)


def test_consensus_scores_the_words_two_voices_share_as_one_more_voice() -> None:
    docs = [Counter(a=2, b=1), Counter(a=1, c=1), Counter(c=3, d=1)]
    assert _consensus(docs) == Counter(a=2, c=3)  # b and d have one voice each; the highest count is kept
    assert _consensus(docs[:1]) == Counter()
    comparison = StoryComparer().compare(STORY, [])
    _cands, on = CitedSummarizer(SummaryConfig(consensus=True))._candidates(STORY, comparison)
    _cands, off = CitedSummarizer(SummaryConfig(consensus=False))._candidates(STORY, comparison)
    assert on[:-1] == off and on[-1] == _consensus(off)


def test_span_supports_needs_words_numbers_and_polarity() -> None:
    span = "Engineers found cracks in two piers of the Gullport bridge."
    assert span_supports("Cracks were found in 2 piers of the Gullport bridge.", span)
    assert not span_supports("Cracks were found in 3 piers of the Gullport bridge.", span)
    assert not span_supports("No cracks were found in two piers of the Gullport bridge.", span)
    assert not span_supports("The council will meet on Thursday about the budget.", span)


def _clusters(tmp_path, rows):  # type: ignore[no-untyped-def]
    path = tmp_path / "clusters.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def _row(split: str) -> dict:
    return {"cluster_id": f"x-{split}", "split": split, "reference_summary": "Gullport bridge closed after cracks found.",
            "articles": [{"id": a.id, "title": a.title, "text": a.text} for a in STORY]}


def test_evaluate_summaries_scores_rouge_and_citations(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("rouge_score")
    path = _clusters(tmp_path, [_row("train"), _row("val")])
    result = evaluate_summaries(read_clusters(path, "val"))
    assert result.stories == 1
    assert result.cited == 1.0 and result.citation_precision == 1.0
    assert 0 < result.rouge1 <= 100 and result.rouge2 <= result.rouge1
    run = CliRunner().invoke(main, ["eval", "summary", str(path), "--split", "val", "--json"])
    assert run.exit_code == 0, run.output
    data = json.loads(run.output)
    assert {"rouge1", "rouge2", "rougeL", "cited", "citation_precision"} <= set(data)


def test_a_malformed_line_names_the_file_and_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(_row("val")) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(IngestError, match="bad.jsonl.*2|2.*bad.jsonl"):
        list(read_clusters(path))
    run = CliRunner().invoke(main, ["eval", "summary", str(path), "--json"])
    assert run.exit_code == 1 and "bad.jsonl" in run.output


def test_a_value_two_voices_outnumber_is_left_out_and_the_majority_value_kept() -> None:
    # "three piers" is disputed by two voices saying "two piers": the summary may state the majority
    # value (its sentences cite both voices), never the outnumbered one
    story = BriefBuilder().build("s", [
        make_article("a", "Engineers found cracks in two piers of the Gullport harbour bridge, which closed on Monday.",
                     title="Cracks close Gullport bridge"),
        make_article("b", "The Gullport harbour bridge closed on Monday after engineers found cracks in two piers.",
                     title="Gullport bridge closed after cracks found"),
        make_article("c", "The Gullport harbour bridge closed on Monday after engineers found cracks in three piers.",
                     title="Harbour bridge shut in Gullport"),
    ])
    assert any(c.kind == "number" and {v.value for v in c.variants} == {"two", "three"} for c in story.conflicts)
    assert not any("three piers" in c.text for c in story.summary)
    assert any("two piers" in c.text for c in story.summary)
