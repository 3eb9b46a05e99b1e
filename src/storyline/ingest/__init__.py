"""The ingest stage: files and folders in, :class:`~storyline.model.Article` objects out.

>>> from storyline.ingest import read_paths
>>> for item in read_paths(["news/"]):  # doctest: +SKIP
...     print(item)

One reader per format, each a :class:`Reader` (``base.py``): text and Markdown, HTML
(trafilatura, the ``[html]`` extra), JSON lines / JSON, RSS / Atom feeds, WARC archives.
A file or record that cannot be read becomes an :class:`~storyline.model.InputError` with the
path, the line where one applies and the reason; reading goes on.
"""

from __future__ import annotations

from .base import Reader
from .feed import FeedReader
from .files import READERS, read_paths, reader_for, supported_suffixes
from .html import HtmlReader, TrafilaturaExtractor
from .jsonl import JsonLinesReader
from .text import TextReader
from .warc import WarcReader

__all__ = [
    "FeedReader",
    "HtmlReader",
    "JsonLinesReader",
    "READERS",
    "Reader",
    "TextReader",
    "TrafilaturaExtractor",
    "WarcReader",
    "read_paths",
    "reader_for",
    "supported_suffixes",
]
