"""The clean stage's interface: a step that takes articles and yields cleaned articles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from ..model import Article


class CleanStep(Protocol):
    """Removes junk from each article's text, records what it removed, and fills metadata."""

    def run(self, articles: Iterable[Article]) -> Iterator[Article]: ...
