"""Shared fixtures: where the shared seeds and evaluation data are, and small builders."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.model import Article
from storyline.text import normalize

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
EVAL = SHARED / "eval"
CORPUS = ROOT / "examples" / "corpus"


def make_article(id: str = "a1", text: str = "", **fields: object) -> Article:
    """An article with normalised text, the way the ingest stage hands it on."""
    return Article(id=id, text=normalize(text), raw=text, **fields)  # type: ignore[arg-type]


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the shared seeds are not at {SEEDS}")
    return SEEDS


@pytest.fixture
def eval_dir() -> Path:
    if not EVAL.is_dir():
        pytest.skip(f"the shared evaluation data is not at {EVAL}")
    return EVAL
