"""The whole data model: what flows between the pipeline stages.

Stages pass these objects, never bare dicts. A story holds article ids, not
copies of articles. A citation points at a span of an article's clean text.
``to_dict`` gives the JSON contract of ``stories.json``; ``from_dict`` reads it back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = [
    "Article",
    "Citation",
    "Claim",
    "Conflict",
    "CopyGroup",
    "InputError",
    "Quote",
    "Removed",
    "Story",
    "TimelineEvent",
    "Variant",
]


@dataclass(slots=True)
class Removed:
    """A line the cleaner took out of an article, and why."""

    text: str
    reason: str


@dataclass(slots=True)
class InputError:
    """One input that could not be read; the run goes on without it."""

    path: str
    reason: str
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.path, "line": self.line, "reason": self.reason}


@dataclass(slots=True)
class Article:
    """One news article. ``raw`` is the text as read; ``text`` is the current (clean) text."""

    id: str
    text: str
    raw: str = ""
    title: str | None = None
    outlet: str | None = None
    agency: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    byline: str | None = None
    dateline: str | None = None
    url: str | None = None
    source_path: str | None = None
    removed: list[Removed] = field(default_factory=list)
    copy_group: str | None = None
    story: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.raw:
            self.raw = self.text

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "agency": self.agency,
            "published": self.published,
            "byline": self.byline,
            "dateline": self.dateline,
            "url": self.url,
            "text": self.text,
            "removed": [asdict(r) for r in self.removed],
            "copy_group": self.copy_group,
            "story": self.story,
            "metadata": self.metadata,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        return cls(
            id=data["id"],
            text=data.get("text", ""),
            raw=data.get("raw") or data.get("text", ""),
            title=data.get("title"),
            outlet=data.get("outlet"),
            agency=data.get("agency"),
            published=data.get("published"),
            byline=data.get("byline"),
            dateline=data.get("dateline"),
            url=data.get("url"),
            source_path=data.get("source_path"),
            removed=[Removed(**r) for r in data.get("removed", [])],
            copy_group=data.get("copy_group"),
            story=data.get("story"),
            metadata=dict(data.get("metadata") or {}),
        )


@dataclass(slots=True)
class Citation:
    """A span ``[start, end)`` of one article's clean text that supports a statement."""

    article_id: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article_id, "start": self.start, "end": self.end}


@dataclass(slots=True)
class CopyGroup:
    """Reprints of one wire story. Counts as one voice downstream.

    ``canonical`` is the fullest (then latest) version; ``edits`` maps each other
    member to what it adds, drops or edits relative to the canonical version.
    """

    id: str
    members: list[str]
    canonical: str
    edits: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    similarity: dict[str, float] = field(default_factory=dict)
    # The version the others were most likely copied from, and the evidence for it (None: undecided).
    origin: str | None = None
    origin_reason: str | None = None
    # Per member: why it is a copy of the canonical version (shared shingles, containment, boilerplate).
    evidence: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "members": list(self.members),
            "canonical": self.canonical,
            "origin": self.origin,
            "origin_reason": self.origin_reason,
            "edits": self.edits,
            "similarity": self.similarity,
            "evidence": self.evidence,
        }


@dataclass(slots=True)
class Claim:
    """A statement with the article ids that support it (and where)."""

    text: str
    sources: list[str]
    citations: list[Citation] = field(default_factory=list)
    support: int = 0  # number of independent voices
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "sources": list(self.sources),
            "voices": self.support,
            "citations": [c.to_dict() for c in self.citations],
        }


@dataclass(slots=True)
class Variant:
    """One value of a conflicting slot, with the sentence and articles behind it."""

    value: str
    text: str
    sources: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "text": self.text, "sources": list(self.sources)}


@dataclass(slots=True)
class Conflict:
    """The same slot (a duration, a number, a date...) with different values in different voices."""

    topic: str
    variants: list[Variant]
    kind: str = "value"

    def to_dict(self) -> dict[str, Any]:
        return {"topic": self.topic, "kind": self.kind, "variants": [v.to_dict() for v in self.variants]}


@dataclass(slots=True)
class Quote:
    """A direct quote with its speaker (None when the text does not say)."""

    speaker: str | None
    text: str
    sources: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "text": self.text, "sources": list(self.sources)}


@dataclass(slots=True)
class TimelineEvent:
    """A dated event. ``date`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""

    date: str
    text: str
    sources: list[str]
    expression: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date, "expression": self.expression, "text": self.text, "sources": list(self.sources)}


@dataclass(slots=True)
class Story:
    """Every article about one event, with what the voices agree and disagree on."""

    id: str
    title: str
    articles: list[str]
    copy_groups: list[list[str]] = field(default_factory=list)
    summary: list[Claim] = field(default_factory=list)
    agreed: list[Claim] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    exclusive: list[Claim] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "articles": list(self.articles),
            "copy_groups": [list(g) for g in self.copy_groups],
            "summary": [c.to_dict() for c in self.summary],
            "agreed": [c.to_dict() for c in self.agreed],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "exclusive": [c.to_dict() for c in self.exclusive],
            "quotes": [q.to_dict() for q in self.quotes],
            "timeline": [t.to_dict() for t in self.timeline],
            "metadata": self.metadata,
        }
