"""Fixtures for the ingest tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from .builders import SEEDS


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"shared seeds folder not found at {SEEDS}")
    return SEEDS
