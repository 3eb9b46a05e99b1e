"""Compare stage: align the independent voices of a story (agreement, conflicts, exclusives,
quotes with speakers, named entities, timeline)."""

from .agreement import Fact, align_voices, exclusives
from .base import Statement, Voice, build_voices, similar_pairs
from .comparer import Comparison, StoryComparer
from .conflicts import find_conflicts, slots, value_conflicts
from .entities import EntityExtractor
from .quotes import extract_quotes
from .timeline import extract_timeline, resolve

__all__ = [
    "Comparison", "EntityExtractor", "Fact", "Statement", "StoryComparer", "Voice", "align_voices", "build_voices",
    "exclusives", "extract_quotes", "extract_timeline", "find_conflicts", "resolve", "similar_pairs", "slots",
    "value_conflicts",
]
