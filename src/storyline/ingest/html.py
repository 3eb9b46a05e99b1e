"""HTML pages: main content and metadata with trafilatura (the ``[html]`` extra).

:class:`TrafilaturaExtractor` is shared by :class:`HtmlReader` and the WARC reader;
:func:`html_to_text` turns an HTML fragment (a feed entry's content) into paragraphs.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..config import IngestConfig
from ..errors import IngestError, require
from ..model import Article, InputError
from ..text import normalize
from .base import Reader, load_text, parse_date

__all__ = ["HtmlPage", "HtmlReader", "TrafilaturaExtractor", "html_to_text"]

NO_ARTICLE = "no article text found in the HTML page"


@dataclass(slots=True)
class HtmlPage:
    """What an HTML page holds: its main text (paragraphs separated by blank lines) and metadata."""

    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    byline: str | None = None
    outlet: str | None = None
    url: str | None = None


class TrafilaturaExtractor:
    """Main content and metadata of an HTML page, by trafilatura.

    Raises :class:`~storyline.errors.MissingDependencyError` at construction when trafilatura
    is not installed.
    """

    def __init__(self) -> None:
        require("HTML extraction", "html", "trafilatura")

    def extract(self, html: str, *, url: str | None = None) -> HtmlPage:
        """The page's main text (``""`` when there is none), title, date, author, site name and URL.

        Comments, images and links are left out; tables are kept one row a line. A leading
        heading that repeats the title is dropped from the text.
        """
        import trafilatura

        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            include_links=False,
            include_tables=True,
        )
        if doc is None:
            return HtmlPage(text="", url=url)
        title = _clean(_field(doc, "title"))
        paras = _paragraphs(_field(doc, "text") or "")
        if paras and title and normalize(paras[0]).casefold() == normalize(title).casefold():
            paras = paras[1:]
        return HtmlPage(
            text="\n\n".join(paras),
            title=title,
            published=parse_date(_field(doc, "date")),
            byline=_clean(_field(doc, "author")),
            outlet=_clean(_field(doc, "sitename")),
            url=_clean(_field(doc, "url")) or url,
        )


def _field(doc: Any, name: str) -> Any:
    return doc.get(name) if isinstance(doc, dict) else getattr(doc, name, None)


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _paragraphs(text: str) -> list[str]:
    # trafilatura's text output puts each block (paragraph, heading, list item, line break) on its own line
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


class HtmlReader(Reader):
    """One article per ``.html`` / ``.htm`` file: the page's main content, id = file stem.

    ``raw`` is the extracted text before normalisation (not the HTML source). A page whose
    bytes are not UTF-8 is decoded with the charset its ``<meta>`` tag declares.
    """

    suffixes = (".html", ".htm")

    def __init__(self, *, config: IngestConfig | None = None) -> None:
        super().__init__(config=config)
        self.extractor = TrafilaturaExtractor()

    def parse(self, path: Path) -> Iterator[Article | InputError]:
        html = load_text(path, max_bytes=self.config.max_bytes, markup=True)
        page = self.extractor.extract(html)
        if not page.text.strip():
            raise IngestError(str(path), NO_ARTICLE)
        yield Article(
            id=path.stem,
            text=normalize(page.text),
            raw=page.text,
            title=page.title,
            published=page.published,
            byline=page.byline,
            outlet=page.outlet,
            url=page.url,
        )


# ---------------------------------------------------------------------------------------------- fragments


def html_to_text(fragment: str, *, use_trafilatura: bool | None = None) -> str:
    """Text of an HTML fragment, one paragraph per block, paragraphs separated by blank lines.

    Uses trafilatura when it is installed (``use_trafilatura=None``) and it finds text,
    otherwise a small ``html.parser`` stripper that breaks paragraphs at ``<p>``, ``<br>``,
    headings, list items and other block elements and drops scripts and styles.
    """
    if use_trafilatura is None:
        use_trafilatura = importlib.util.find_spec("trafilatura") is not None
    if use_trafilatura:
        import trafilatura

        text = trafilatura.extract(
            f"<html><body>{fragment}</body></html>",
            include_comments=False,
            include_images=False,
            include_links=False,
            include_tables=True,
        )
        paras = _paragraphs(text or "")
        if paras:
            return "\n\n".join(paras)
    stripper = _ParagraphStripper()
    stripper.feed(fragment)
    stripper.close()
    return "\n\n".join(stripper.paragraphs)


_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr "
    "li main nav ol p pre section table tbody thead tfoot tr ul".split()
)
_SKIP_TAGS = frozenset("script style noscript template head title iframe object svg math".split())
_CELL_TAGS = frozenset({"td", "th"})
_SPACE = re.compile(r"\s+")


class _ParagraphStripper(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._buffer: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self._flush()
        elif tag in _CELL_TAGS:
            self._buffer.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self._buffer)).strip()
        self._buffer.clear()
        if text:
            self.paragraphs.append(text)
