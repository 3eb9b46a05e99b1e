"""RSS and Atom feeds (feedparser): one article per entry."""

from __future__ import annotations

import importlib.util
import io
import logging
import re
import time
import xml.sax
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..config import IngestConfig
from ..errors import IngestError
from ..model import Article, InputError
from ..text import normalize
from .base import Reader, declared_encoding, decode, load_bytes, parse_date, safe_id, stable_id
from .html import html_to_text

__all__ = ["FeedReader"]

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "html", "xhtml"})
_EMAIL_NAME = re.compile(r"^\S+@\S+\s+\((.+)\)$")

logger = logging.getLogger(__name__)


class FeedReader(Reader):
    """One article per entry of an RSS or Atom feed (``.rss``, ``.atom``, ``.xml``).

    id = the entry's id/guid made file-name-safe (see :func:`~storyline.ingest.base.safe_id`),
    else :func:`~storyline.ingest.base.stable_id` of its link. The text comes from the fullest of
    ``content:encoded`` / ``content`` / ``summary``, HTML turned into paragraphs (trafilatura
    when installed, else a small built-in stripper). ``published`` is the entry's published
    date, else its updated date, as written; ``outlet`` is the feed's title.

    A file that is not a feed is one ``InputError``. A feed that is not well-formed XML yields
    the entries feedparser could read, then an ``InputError`` saying so.
    """

    suffixes = (".rss", ".atom", ".xml")

    def __init__(self, *, config: IngestConfig | None = None) -> None:
        super().__init__(config=config)
        self.use_trafilatura = importlib.util.find_spec("trafilatura") is not None

    def parse(self, path: Path) -> Iterator[Article | InputError]:
        import feedparser

        where = str(path)
        data = load_bytes(path, max_bytes=self.config.max_bytes)
        if not decode(data, where, declared=declared_encoding(data)).strip():
            raise IngestError(where, "empty file (whitespace only)")
        parsed = feedparser.parse(io.BytesIO(data))  # a stream: feedparser never treats it as a URL or path
        problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
        if not parsed.get("version"):
            detail = f" ({problem})" if isinstance(problem, xml.sax.SAXException) else ""
            raise IngestError(where, f"not an RSS or Atom feed{detail}")
        outlet = _clean(parsed.feed.get("title"))
        for number, entry in enumerate(parsed.entries, 1):
            try:
                item = self._article(entry, number, outlet, where)
            except Exception as exc:  # one odd entry must not end the feed
                logger.warning("unexpected error on %s entry %d", where, number, exc_info=True)
                item = InputError(where, f"entry {number}: unexpected error ({exc!r})")
            yield item
        if isinstance(problem, xml.sax.SAXParseException):
            count = len(parsed.entries)
            yield InputError(
                where,
                f"the feed is not well-formed XML ({problem.getMessage()}); {count} "
                f"{'entry was' if count == 1 else 'entries were'} read, later ones may be missing or cut short",
                problem.getLineNumber(),
            )

    def _article(self, entry: Any, number: int, outlet: str | None, where: str) -> Article | InputError:
        link = _clean(entry.get("link"))
        title = _clean(entry.get("title"))
        if title and entry.get("title_detail", {}).get("type") in _HTML_TYPES:
            title = _clean(html_to_text(title, use_trafilatura=False))
        value, kind = _body(entry)
        raw = html_to_text(value, use_trafilatura=self.use_trafilatura) if kind in _HTML_TYPES else value.strip()
        text = normalize(raw)
        if not text.strip():
            return InputError(where, f"entry {number} ({title or link or 'untitled'}): no text")
        article_id = safe_id(str(entry.get("id") or "")) or stable_id(url=link, text=raw)
        # dict.get: feedparser's own get() maps a missing "updated" to "published" with a DeprecationWarning
        published = (
            parse_date(dict.get(entry, "published"))
            or parse_date(dict.get(entry, "updated"))
            or _struct_date(dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed"))
        )
        tags = [t.get("term") for t in entry.get("tags", []) if t.get("term")]
        return Article(
            id=article_id,
            text=text,
            raw=raw,
            title=title,
            outlet=outlet,
            published=published,
            byline=_author(entry.get("author")),
            url=link,
            metadata={"tags": tags} if tags else {},
        )


def _body(entry: Any) -> tuple[str, str]:
    """The fullest text an entry carries, with its type."""
    candidates = [(c.get("value") or "", c.get("type") or "text/html") for c in entry.get("content", [])]
    if entry.get("summary"):
        candidates.append((entry.get("summary"), entry.get("summary_detail", {}).get("type") or "text/html"))
    candidates = [(v, t) for v, t in candidates if isinstance(v, str) and v.strip()]
    if not candidates:
        return "", "text/plain"
    return max(candidates, key=lambda c: len(c[0]))


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _author(value: object) -> str | None:
    author = _clean(value)
    if author:
        match = _EMAIL_NAME.match(author)
        if match:
            return match.group(1).strip() or None
    return author


def _struct_date(value: object) -> str | None:
    if isinstance(value, time.struct_time):
        return time.strftime("%Y-%m-%d", value)
    return None
