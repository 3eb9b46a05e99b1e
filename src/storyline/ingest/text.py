"""Plain text and Markdown files: one article per file, id = file stem."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..model import Article, InputError
from ..text import normalize
from .base import Reader, load_text

__all__ = ["TextReader"]


class TextReader(Reader):
    """One article per ``.txt`` or ``.md`` file.

    ``raw`` is the decoded file exactly as written (Markdown included); ``text`` is its
    :func:`~storyline.text.normalize` form. Titles, dates and site junk are left in the text
    for the clean stage.
    """

    suffixes = (".txt", ".md")

    def parse(self, path: Path) -> Iterator[Article | InputError]:
        raw = load_text(path, max_bytes=self.config.max_bytes)
        yield Article(id=path.stem, text=normalize(raw), raw=raw)
