from __future__ import annotations

from collections.abc import Iterator

import pytest

from storyline.store import SqliteStore


@pytest.fixture
def store() -> Iterator[SqliteStore]:
    """A fresh in-memory store."""
    with SqliteStore() as s:
        yield s
