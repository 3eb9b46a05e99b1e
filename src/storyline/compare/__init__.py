"""Compare stage: align the independent voices of a story (agreement, conflicts, exclusives,
quotes with speakers, timeline)."""

from .agreement import Fact, align_voices, exclusives
from .base import Statement, Voice, build_voices
from .comparer import Comparison, StoryComparer
from .conflicts import find_conflicts, slots
from .quotes import extract_quotes
from .timeline import extract_timeline, resolve

__all__ = [
    "Comparison", "Fact", "Statement", "StoryComparer", "Voice", "align_voices", "build_voices", "exclusives",
    "extract_quotes", "extract_timeline", "find_conflicts", "resolve", "slots",
]
