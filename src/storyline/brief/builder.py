"""BriefBuilder: one Story (with summary, agreement, conflicts, exclusives, quotes and timeline)
from the articles of one story and their copy groups."""

from __future__ import annotations

from collections.abc import Sequence

from ..compare import Comparison, StoryComparer
from ..compare.base import overlap, terms
from ..config import CompareConfig, SummaryConfig
from ..model import Article, Claim, CopyGroup, Story
from .rewrite import LLMRewriter
from .summary import CitedSummarizer

__all__ = ["BriefBuilder", "story_title"]


def story_title(articles: Sequence[Article]) -> str:
    """The title that shares most words with the rest of the story; else the lead's first words."""
    titled = [a for a in articles if a.title]
    if titled:
        body = [terms(a.text[:2000]) for a in articles]
        return max(titled, key=lambda a: (sum(overlap(terms(a.title or ""), b) for b in body), a.id)).title or ""
    if not articles:
        return ""
    words = articles[0].text.split()
    return " ".join(words[:12]) + ("..." if len(words) > 12 else "")


class BriefBuilder:
    def __init__(self, compare: CompareConfig | None = None, summary: SummaryConfig | None = None) -> None:
        self.comparer = StoryComparer(compare)
        self.summarizer = CitedSummarizer(summary)
        cfg = self.summarizer.config
        self.rewriter = (LLMRewriter(cfg.llm_endpoint, cfg.llm_model, timeout=cfg.llm_timeout,
                                     support_threshold=cfg.support_threshold) if cfg.llm_endpoint else None)

    def _summary(self, articles: Sequence[Article], comparison: Comparison) -> list[Claim]:
        summary = self.summarizer.summarize(articles, comparison)
        return self.rewriter.rewrite(summary, articles) if self.rewriter is not None else summary

    def build(self, story_id: str, articles: Sequence[Article], groups: Sequence[CopyGroup] = ()) -> Story:
        ids = {a.id for a in articles}
        mine = [g for g in groups if len(ids & set(g.members)) > 1]
        comparison = self.comparer.compare(articles, mine)
        dated = sorted(a.published for a in articles if a.published)
        return Story(
            id=story_id,
            title=story_title(articles),
            articles=sorted(ids),
            copy_groups=[sorted(ids & set(g.members)) for g in mine],
            summary=self._summary(articles, comparison),
            agreed=comparison.agreed,
            conflicts=comparison.conflicts,
            exclusive=comparison.exclusive,
            quotes=comparison.quotes,
            timeline=comparison.timeline,
            metadata={
                "voices": comparison.metadata["voices"],
                "entities": comparison.entities,
                "outlets": sorted({a.outlet for a in articles if a.outlet}),
                "first_published": dated[0] if dated else None,
                "last_published": dated[-1] if dated else None,
            },
        )
