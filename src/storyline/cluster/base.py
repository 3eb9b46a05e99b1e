"""The cluster stage's interface: assign articles to stories, online and incrementally."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from ..model import Article


class StoryAssigner(Protocol):
    """Assigns each article, in time order, to an open story or a new one."""

    def partial_fit(self, articles: Sequence[Article]) -> StoryAssigner: ...

    def state_dict(self) -> dict[str, Any]: ...
