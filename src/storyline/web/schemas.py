"""The JSON shapes of the HTTP API (they make the OpenAPI document). The HTML pages render the same data."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ApiInfo",
    "ArticleDetail",
    "ArticleRef",
    "Diff",
    "Job",
    "JobList",
    "OutletCount",
    "Problem",
    "StoryCard",
    "StoryDetail",
    "StoryList",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Problem(_Model):
    """An error: what went wrong and, where it helps, how to fix it."""

    detail: str


class StoryCard(_Model):
    id: str
    title: str
    first_published: str | None
    last_published: str | None
    articles: int = Field(description="number of articles in the story")
    outlets: list[str] = Field(description="outlets that published it (articles without one are not counted)")
    voices: int = Field(description="independent voices: a copy group of wire reprints counts once")
    conflicts: int = Field(description="number of points the voices disagree on")
    entities: list[str]
    lede: str | None = Field(description="the first sentence of the summary")
    url: str = Field(description="the HTML page")


class StoryList(_Model):
    stories: list[StoryCard]
    next_cursor: str | None = Field(description="pass as ?cursor= for the next (older) page; null on the last page")


class OutletCount(_Model):
    name: str
    stories: int


class ArticleRef(_Model):
    id: str
    title: str | None
    source: str = Field(description="the outlet, else the host of the article's URL, else its id")
    outlet: str | None
    agency: str | None
    published: str | None
    url: str
    voice: str | None = None


class CitationView(_Model):
    article: str
    start: int
    end: int
    text: str = Field(description="the cited span of the article's clean text")
    source: str
    title: str | None
    url: str


class ClaimView(_Model):
    text: str
    sources: list[str]
    voices: int
    citations: list[CitationView]


class VoiceRef(_Model):
    voice: str
    label: str
    articles: list[ArticleRef]


class VariantView(_Model):
    value: str
    text: str
    sources: list[str]
    voices: list[VoiceRef]


class ConflictView(_Model):
    topic: str
    kind: str
    variants: list[VariantView]


class ExclusiveGroup(_Model):
    label: str
    voices: list[str]
    claims: list[ClaimView]


class QuoteView(_Model):
    speaker: str | None
    text: str
    sources: list[str]
    voices: list[VoiceRef]


class EventView(_Model):
    date: str
    expression: str
    text: str
    sources: list[str]
    voices: list[VoiceRef]


class CoverageColumn(_Model):
    label: str
    articles: list[str]


class CoverageRow(_Model):
    kind: Literal["agreed", "summary", "exclusive", "conflict"]
    text: str
    cells: list[str | None]


class Coverage(_Model):
    columns: list[CoverageColumn]
    rows: list[CoverageRow]


class EditCounts(_Model):
    added: int
    dropped: int
    edited: int
    changes: int


class CopyNode(ArticleRef):
    similarity: float | None
    counts: EditCounts
    diff: str


class CopyRoot(ArticleRef):
    label: str
    group: str | None
    copies: list[CopyNode]


class StoryCounts(_Model):
    articles: int
    outlets: int
    voices: int


class Links(_Model):
    html: str


class StoryDetail(_Model):
    id: str
    title: str
    first_published: str | None
    last_published: str | None
    counts: StoryCounts
    outlets: list[str]
    summary: list[ClaimView]
    agreed: list[ClaimView]
    conflicts: list[ConflictView]
    exclusive: list[ExclusiveGroup]
    quotes: list[QuoteView]
    timeline: list[EventView]
    coverage: Coverage
    copy_tree: list[CopyRoot]
    articles: list[ArticleRef]
    links: Links


class Edits(_Model):
    added: list[str | list[str]]
    dropped: list[str | list[str]]
    edited: list[str | list[str]]
    changes: list[str | list[str]]


class CopyRelation(_Model):
    id: str
    canonical: str
    members: list[ArticleRef]
    similarity: float | None
    edits: Edits


class RemovedLine(_Model):
    text: str
    reason: str


class StoryLink(_Model):
    id: str
    title: str
    url: str


class ArticleDetail(_Model):
    id: str
    title: str | None
    outlet: str | None
    source: str
    agency: str | None
    published: str | None
    byline: str | None
    dateline: str | None
    url: str | None = Field(description="as found in the input; the server never fetches it")
    text: str
    paragraphs: list[list[int]] = Field(description="[start, end) offsets of the paragraphs of text")
    removed: list[RemovedLine]
    story: StoryLink | None
    copy_group: CopyRelation | None
    metadata: dict[str, object]
    links: Links


class DiffRow(_Model):
    kind: Literal["same", "changed", "only_a", "only_b"]
    a: list[list[str]] | None = Field(description="runs of [op, text]; op '=' kept, '-' only in a")
    b: list[list[str]] | None = Field(description="runs of [op, text]; op '=' kept, '+' only in b")


class DiffStats(_Model):
    same: int
    changed: int
    only_a: int
    only_b: int


class Diff(_Model):
    a: ArticleRef
    b: ArticleRef
    same_copy_group: bool
    rows: list[DiffRow]
    stats: DiffStats
    edits: Edits = Field(description="what b adds, drops and edits relative to a, as the dedup stage aligns them")


class JobError(_Model):
    file: str
    line: int | None
    reason: str


class Job(_Model):
    id: str
    status: Literal["queued", "running", "done", "failed"]
    stage: str | None
    progress: float = Field(ge=0, le=1)
    stages: list[str]
    created: str
    started: str | None
    finished: str | None
    files: list[str]
    counts: dict[str, object]
    errors: list[JobError]
    stories: list[str] = Field(description="ids of the stories the new articles are in")
    message: str | None
    url: str


class JobList(_Model):
    writable: bool
    jobs: list[Job]


class CacheInfo(_Model):
    pages: int = Field(description="rendered pages held")
    bytes: int = Field(description="their compressed size")
    warming: bool = Field(description="whether pages are being rendered ahead")


class ApiInfo(_Model):
    name: str
    version: str
    writable: bool
    stories: int
    openapi: str
    page_cache: CacheInfo
