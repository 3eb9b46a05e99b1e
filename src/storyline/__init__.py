"""Storyline: read many news articles across outlets and see what happened.

>>> from storyline import brief
>>> report = brief(["examples/corpus"], out="brief-out")  # doctest: +SKIP
>>> [s.title for s in report.stories]  # doctest: +SKIP

The stages (``ingest``, ``clean``, ``dedup``, ``cluster``, ``compare``, ``brief``) are
subpackages; :class:`Storyline` runs them over a store (``store``).

The public names are imported when first used (PEP 562), so ``import storyline`` and the
command line's start-up load only what a command needs.
"""

from __future__ import annotations

import logging
import sys
import types
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# Where each public name lives (the module, relative to this package).
_HOME = {
    **dict.fromkeys(("CleanConfig", "ClusterConfig", "CompareConfig", "DedupConfig", "IngestConfig", "PipelineConfig",
                     "SummaryConfig"), ".config"),
    **dict.fromkeys(("ConfigError", "IngestError", "MissingDependencyError", "StoreError", "StorylineError"), ".errors"),
    **dict.fromkeys(("Article", "Citation", "Claim", "Conflict", "CopyGroup", "InputError", "Quote", "Removed", "Story",
                     "TimelineEvent", "Variant"), ".model"),
    **dict.fromkeys(("RunReport", "Storyline", "assign_stories", "brief", "build_stories", "clean_articles",
                     "detect_copies", "read_articles"), ".pipeline"),
}


def _load(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(home, __name__), name)


if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:  # PEP 562: a public name is imported on first use
        value = _load(name)
        if name != "brief":  # (see _Package)
            globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    """The package's module type: ``brief`` is the function :func:`storyline.pipeline.brief`, as
    it was when the package imported it eagerly, even after the ``storyline.brief`` subpackage is
    imported (which sets the package attribute of that name to the subpackage)."""

    @property
    def brief(self) -> Any:
        return self.__dict__.get("_brief_set") or _load("brief")

    @brief.setter
    def brief(self, value: Any) -> None:
        # The import system setting the subpackage is ignored (the function stays); anything else a user
        # assigns (a test's monkeypatch, say) is kept until deleted.
        if not isinstance(value, types.ModuleType):
            self.__dict__["_brief_set"] = value

    @brief.deleter
    def brief(self) -> None:
        self.__dict__.pop("_brief_set", None)


sys.modules[__name__].__class__ = _Package
