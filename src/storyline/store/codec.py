"""Lossless dict forms of the model objects, for the store.

``Article.to_dict`` and ``Story.to_dict`` give the public JSON contract (``stories.json``),
which leaves out what a reader does not need: an article's ``raw`` text and ``source_path``,
a claim's ``metadata``. The store keeps everything, so it writes these fuller forms; the
readers here accept both the full forms and the public ones.
"""

from __future__ import annotations

import json
from typing import Any

from storyline.errors import StoreError
from storyline.model import (
    Article,
    Citation,
    Claim,
    Conflict,
    CopyGroup,
    Quote,
    Story,
    TimelineEvent,
    Variant,
)

__all__ = [
    "article_from_dict",
    "article_to_dict",
    "claim_from_dict",
    "copy_group_from_dict",
    "dumps",
    "story_from_dict",
    "story_to_dict",
]

_CLAIM_LISTS = ("summary", "agreed", "exclusive")


def dumps(value: Any, what: str) -> str:
    """JSON text of ``value``; a StoreError naming ``what`` if it is not JSON-serialisable."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise StoreError(f"cannot store {what}: {exc}. Fix: keep metadata, config and state to JSON values") from exc


def article_to_dict(article: Article) -> dict[str, Any]:
    """``Article.to_dict`` plus ``raw`` and ``source_path``."""
    data = article.to_dict()
    data["raw"] = article.raw
    data["source_path"] = article.source_path
    return data


def article_from_dict(data: dict[str, Any]) -> Article:
    return Article.from_dict(data)


def copy_group_from_dict(data: dict[str, Any]) -> CopyGroup:
    return CopyGroup(
        id=data["id"],
        members=list(data["members"]),
        canonical=data["canonical"],
        edits={k: dict(v) for k, v in (data.get("edits") or {}).items()},
        similarity=dict(data.get("similarity") or {}),
        origin=data.get("origin"),
        origin_reason=data.get("origin_reason"),
        evidence={k: dict(v) for k, v in (data.get("evidence") or {}).items()},
    )


def story_to_dict(story: Story) -> dict[str, Any]:
    """``Story.to_dict`` plus each claim's ``metadata``."""
    data = story.to_dict()
    for name in _CLAIM_LISTS:
        for claim_data, claim in zip(data[name], getattr(story, name), strict=True):
            claim_data["metadata"] = claim.metadata
    return data


def _citation_from_dict(data: dict[str, Any]) -> Citation:
    return Citation(article_id=data["article"], start=data["start"], end=data["end"])


def claim_from_dict(data: dict[str, Any]) -> Claim:
    return Claim(
        text=data["text"],
        sources=list(data["sources"]),
        citations=[_citation_from_dict(c) for c in data.get("citations", [])],
        support=data.get("voices", 0),
        metadata=dict(data.get("metadata") or {}),
    )


def _conflict_from_dict(data: dict[str, Any]) -> Conflict:
    return Conflict(
        topic=data["topic"],
        kind=data.get("kind", "value"),
        variants=[Variant(value=v["value"], text=v["text"], sources=list(v["sources"])) for v in data["variants"]],
    )


def _quote_from_dict(data: dict[str, Any]) -> Quote:
    return Quote(speaker=data.get("speaker"), text=data["text"], sources=list(data["sources"]))


def _event_from_dict(data: dict[str, Any]) -> TimelineEvent:
    return TimelineEvent(
        date=data["date"], text=data["text"], sources=list(data["sources"]), expression=data.get("expression", "")
    )


def story_from_dict(data: dict[str, Any]) -> Story:
    """Rebuild a Story, with all its parts, from :func:`story_to_dict` or ``Story.to_dict`` output."""
    return Story(
        id=data["id"],
        title=data["title"],
        articles=list(data["articles"]),
        copy_groups=[list(g) for g in data.get("copy_groups", [])],
        summary=[claim_from_dict(c) for c in data.get("summary", [])],
        agreed=[claim_from_dict(c) for c in data.get("agreed", [])],
        conflicts=[_conflict_from_dict(c) for c in data.get("conflicts", [])],
        exclusive=[claim_from_dict(c) for c in data.get("exclusive", [])],
        quotes=[_quote_from_dict(q) for q in data.get("quotes", [])],
        timeline=[_event_from_dict(t) for t in data.get("timeline", [])],
        metadata=dict(data.get("metadata") or {}),
    )
