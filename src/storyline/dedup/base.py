"""The dedup stage's interface: label each article with the copy group it belongs to."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..model import Article, CopyGroup


class CopyDetector(Protocol):
    """Groups reprints of one wire story. Labels, never deletes."""

    def fit(self, articles: Sequence[Article]) -> CopyDetector: ...

    def groups(self) -> list[CopyGroup]: ...
