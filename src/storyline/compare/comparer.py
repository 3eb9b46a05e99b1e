"""StoryComparer: everything the voices of one story agree on, dispute, add, quote and date."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..config import CompareConfig
from ..model import Article, Claim, Conflict, CopyGroup, Quote, TimelineEvent
from .agreement import Fact, align_voices, exclusives
from .base import Voice, build_voices, similar_pairs
from .conflicts import ALIGN_SLACK, find_conflicts
from .entities import EntityExtractor
from .quotes import extract_quotes
from .syntax import DependencyRoles
from .timeline import extract_timeline

__all__ = ["Comparison", "StoryComparer"]

_EXCLUSIVE_CEILING = 0.25


@dataclass(slots=True)
class Comparison:
    voices: list[Voice]
    facts: list[Fact]
    agreed: list[Claim]
    conflicts: list[Conflict]
    exclusive: list[Claim]
    quotes: list[Quote]
    timeline: list[TimelineEvent]
    entities: list[dict[str, object]] = field(default_factory=list)
    metadata: dict[str, object] = field(default_factory=dict)


class StoryComparer:
    def __init__(self, config: CompareConfig | None = None) -> None:
        self.config = config or CompareConfig()
        self.entities = EntityExtractor(self.config.entities)  # type: ignore[arg-type]
        # with spaCy, its parser also reads the roles of names and dates in candidate conflicts
        # (one English pipeline for both: the entities' recogniser and the parser)
        self.roles = DependencyRoles(self.entities.pipeline) if self.entities.backend == "spacy" else None

    def compare(self, articles: Sequence[Article], groups: Sequence[CopyGroup] = ()) -> Comparison:
        ids = {a.id for a in articles}
        members: Mapping[str, list[str]] = {
            g.id: [g.canonical] + [m for m in g.members if m != g.canonical]
            for g in groups
            if len(set(g.members) & ids) > 1
        }
        voices = build_voices(articles, members)
        # One inverted-index pass finds every close pair of statements, for agreement, exclusives and conflicts.
        align = self.config.conflict_align or None
        lowest = min(self.config.match_threshold, _EXCLUSIVE_CEILING, max(0.0, (align or 1.0) - ALIGN_SLACK))
        pairs = similar_pairs(voices, threshold=lowest)
        facts = align_voices(voices, threshold=self.config.match_threshold, pairs=pairs)
        agreed = [f.claim() for f in facts if len(f.voices) >= self.config.min_agree_voices]
        exclusive = [
            Claim(st.text, st.sources, list(st.citations), 1, {"voice": vid})
            for vid, sts in exclusives(voices, ceiling=_EXCLUSIVE_CEILING, pairs=pairs).items()
            for st in sts
        ]
        return Comparison(
            voices=voices,
            facts=facts,
            agreed=agreed,
            conflicts=find_conflicts(voices, align=align, pairs=pairs, roles=self.roles),
            exclusive=exclusive,
            quotes=extract_quotes(articles),
            timeline=extract_timeline(articles),
            entities=self.entities.extract(articles),
            metadata={"voices": {v.id: v.articles for v in voices}},
        )
