"""Storyline: read many news articles across outlets and see what happened.

>>> from storyline import brief
>>> report = brief(["examples/corpus"], out="brief-out")  # doctest: +SKIP
>>> [s.title for s in report.stories]  # doctest: +SKIP

The stages (``ingest``, ``clean``, ``dedup``, ``cluster``, ``compare``, ``brief``) are
subpackages; :class:`Storyline` runs them over a store (``store``).
"""

from __future__ import annotations

import logging

from .config import (
    CleanConfig,
    ClusterConfig,
    CompareConfig,
    DedupConfig,
    IngestConfig,
    PipelineConfig,
    SummaryConfig,
)
from .errors import ConfigError, IngestError, MissingDependencyError, StoreError, StorylineError
from .model import (
    Article,
    Citation,
    Claim,
    Conflict,
    CopyGroup,
    InputError,
    Quote,
    Removed,
    Story,
    TimelineEvent,
    Variant,
)
from .pipeline import (
    RunReport,
    Storyline,
    assign_stories,
    brief,
    build_stories,
    clean_articles,
    detect_copies,
    read_articles,
)

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "Article",
    "Citation",
    "Claim",
    "CleanConfig",
    "ClusterConfig",
    "CompareConfig",
    "ConfigError",
    "Conflict",
    "CopyGroup",
    "DedupConfig",
    "IngestConfig",
    "IngestError",
    "InputError",
    "MissingDependencyError",
    "PipelineConfig",
    "Quote",
    "Removed",
    "RunReport",
    "StoreError",
    "Story",
    "Storyline",
    "StorylineError",
    "SummaryConfig",
    "TimelineEvent",
    "Variant",
    "assign_stories",
    "brief",
    "build_stories",
    "clean_articles",
    "detect_copies",
    "read_articles",
]
