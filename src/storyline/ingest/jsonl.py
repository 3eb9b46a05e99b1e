"""JSON lines and JSON files: one article per object, field names from :class:`IngestConfig`.

A JSON Lines file can also be read in :class:`LineBatch` es (:meth:`JsonLinesReader.batches`), which
other processes turn into articles (:meth:`JsonLinesReader.read_batch`) with the same result as
reading the file whole.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import IngestConfig
from ..errors import IngestError
from ..model import Article, InputError
from ..text import normalize
from .base import Reader, load_bytes, load_text, parse_date, stable_id, text_of

__all__ = ["JsonLinesReader", "LineBatch", "json_lines"]

logger = logging.getLogger(__name__)

_Item = tuple[int, Any] | InputError  # (1-based line, decoded value) or the reason it could not be decoded
_NULLS = frozenset({"", "none", "null", "nan"})
_SEPARATORS = re.compile(r"[ \t\n\r,]*")


class JsonLinesReader(Reader):
    """One article per JSON object, from ``.jsonl`` (one object a line) or ``.json`` files.

    A ``.json`` file may hold one array of objects, one object, or JSON lines. The
    ``IngestConfig.*_field`` options name the fields: ``id``, ``title``, ``text``, ``date``
    (parsed to ``YYYY-MM-DD``), ``url`` and ``source`` (the outlet). Every other field goes into
    ``metadata``, and so does a mapped value that cannot be used (a date that does not parse,
    a title that is not a string). In those fields ``null``, ``""``, ``"None"``, ``"null"`` and
    ``"NaN"`` count as missing. A record without an id gets :func:`~storyline.ingest.base.stable_id` of its URL,
    else of its text.

    A malformed line, a non-object or a record without text becomes an ``InputError`` with its
    line number; the other records are still read.
    """

    suffixes = (".jsonl", ".json")

    def __init__(self, *, config: IngestConfig | None = None) -> None:
        super().__init__(config=config)
        cfg = self.config
        self._mapped = frozenset((cfg.id_field, cfg.title_field, cfg.text_field, cfg.date_field, cfg.url_field,
                                  cfg.source_field))

    def parse(self, path: Path) -> Iterator[Article | InputError]:
        where = str(path)
        if path.suffix.lower() == ".jsonl":
            for batch in self.batches(path):
                yield from self._articles(_batch_items(batch, self.config.max_bytes), where)
        else:
            yield from self._articles(_json_document(load_text(path, max_bytes=self.config.max_bytes), where), where)

    def batches(self, path: str | Path, lines: int = 5_000) -> Iterator[LineBatch]:
        """A JSON Lines file as batches of ``lines`` lines (fewer when they pass ``_BATCH_BYTES``),
        read but not parsed. Raises ``IngestError`` when the file cannot be read at all (see
        :meth:`Reader.read`)."""
        path = Path(path)
        where = str(path)
        if _streamable(path):
            try:
                with path.open("rb") as f:
                    first, chunk, size = 1, [], 0
                    for raw in f:
                        chunk.append(raw)
                        size += len(raw)
                        if len(chunk) >= lines or size >= _BATCH_BYTES:
                            yield LineBatch(where, first, chunk)
                            first, chunk, size = first + len(chunk), [], 0
                    if chunk:
                        yield LineBatch(where, first, chunk)
            except OSError as exc:
                raise IngestError(where, f"cannot read the file ({exc.strerror or exc})") from exc
            return
        data = load_bytes(path, max_bytes=self.config.max_bytes)
        # (else the checks of load_text on the decoded file, with the error they give)
        rows = _utf8_rows(data) or text_of(data, where).split("\n")
        del data
        for start in range(0, len(rows), lines):
            yield LineBatch(where, start + 1, rows[start : start + lines])

    def read_batch(self, batch: LineBatch) -> Iterator[Article | InputError]:
        """The articles of one batch of lines and an ``InputError`` for each line that cannot be
        read: what :meth:`read` yields for those lines."""
        try:
            for item in self._articles(_batch_items(batch, self.config.max_bytes), batch.where):
                if isinstance(item, Article):
                    item.source_path = batch.where
                yield item
        except Exception as exc:  # as in Reader.read: odd input must not stop the run
            logger.warning("unexpected error while reading %s", batch.where, exc_info=True)
            yield InputError(batch.where, f"unexpected error while reading the file ({type(exc).__name__}: {exc})")

    def _articles(self, items: Iterable[_Item], where: str) -> Iterator[Article | InputError]:
        for item in items:
            yield item if isinstance(item, InputError) else self._article(item[1], item[0], where)

    def _article(self, record: Any, line: int, where: str) -> Article | InputError:
        cfg = self.config
        if not isinstance(record, dict):
            return InputError(where, f"expected a JSON object, found {_kind(record)}", line)
        raw = record.get(cfg.text_field)
        if raw is None:
            found = ", ".join(sorted(map(str, record))[:12]) or "none"
            return InputError(
                where,
                f"missing text field {cfg.text_field!r} (fields: {found}); "
                "set IngestConfig.text_field to read another field",
                line,
            )
        if not isinstance(raw, str):
            return InputError(where, f"field {cfg.text_field!r} must be a string, found {_kind(raw)}", line)
        text = normalize(raw)
        headline_only = False
        if not text.strip():
            heading = record.get(cfg.title_field)
            if not (isinstance(heading, str) and normalize(heading).strip()):
                return InputError(where, f"no text: field {cfg.text_field!r} is empty", line)
            # A headline-only record (news aggregator streams) is read as its title.
            raw, text, headline_only = heading, normalize(heading), True

        metadata = {k: v for k, v in record.items() if k not in self._mapped}
        title = _string(record, cfg.title_field, metadata)
        if headline_only:
            metadata["text_from"] = "title"
        url = _string(record, cfg.url_field, metadata)
        outlet = _string(record, cfg.source_field, metadata)
        published = None
        date_value = record.get(cfg.date_field)
        if not _is_missing(date_value):
            published = parse_date(date_value)
            if published is None:
                metadata[cfg.date_field] = date_value

        id_value = record.get(cfg.id_field)
        if _is_missing(id_value):
            article_id = stable_id(url=url, text=raw)
        elif isinstance(id_value, bool) or not isinstance(id_value, str | int | float):
            kind = _kind(id_value)
            return InputError(where, f"field {cfg.id_field!r} must be a string or a number, found {kind}", line)
        else:
            article_id = str(id_value).strip()

        return Article(
            id=article_id,
            text=text,
            raw=raw,
            title=title,
            outlet=outlet,
            published=published,
            url=url,
            metadata=metadata,
        )


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() in _NULLS)


def _string(record: dict[str, Any], name: str, metadata: dict[str, Any]) -> str | None:
    """A mapped string field, whitespace collapsed; a value of another type is kept in ``metadata``."""
    value = record.get(name)
    if _is_missing(value):
        return None
    if isinstance(value, str):
        return " ".join(value.split())
    metadata[name] = value
    return None


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


_STREAM_FROM = 16 << 20  # a larger JSON Lines file is read a line at a time (memory stays flat)
_BATCH_BYTES = 64 << 20  # the most bytes of a streamed file one LineBatch holds (past its last line)


_OPENS_OBJECT = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*\{")


def _utf8_rows(data: bytes) -> list[bytes] | None:
    """The lines of ``data`` undecoded, if it is UTF-8, perhaps with a byte order mark, and its first
    character after blank space is ``{`` (so it is not whitespace only); else None. Such lines are
    decoded each where it is parsed, and the file is never held as one string (four bytes a
    character when it has one character beyond the BMP). Each line is decoded on its own to check it
    (and the strings dropped): UTF-8 is valid line by line exactly when it is as a whole, no
    multi-byte character holds a newline byte."""
    if not _OPENS_OBJECT.match(data):
        return None
    rows = data.split(b"\n")
    try:
        for row in rows:
            row.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return rows


def _streamable(path: Path) -> bool:
    """A big UTF-8 JSON Lines file; anything else (UTF-16/32, binary, small) takes the whole-file path
    with its checks."""
    try:
        if path.stat().st_size < _STREAM_FROM:
            return False
        with path.open("rb") as f:
            head = f.read(8192)
    except OSError:
        return False
    return b"\x00" not in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))


@dataclass(frozen=True, slots=True)
class LineBatch:
    """Consecutive lines of one JSON Lines file, read but not parsed (a unit of work that can be
    sent to another process). ``lines`` are raw bytes, each decoded (and size-checked) on its own, when
    the file is streamed or is plain UTF-8 JSON (see :func:`_utf8_rows`); text when the file was
    decoded whole (a UTF-16 or UTF-32 file, or one that fails the checks, which then report why)."""

    where: str
    first: int  # the line number of lines[0]
    lines: list[str] | list[bytes]


def _batch_items(batch: LineBatch, max_bytes: int) -> Iterator[_Item]:
    if batch.lines and isinstance(batch.lines[0], bytes):
        return _raw_lines(batch.lines, batch.where, max_bytes, batch.first)  # type: ignore[arg-type]
    return _json_lines(batch.lines, batch.where, batch.first)  # type: ignore[arg-type]


def _stream_lines(path: Path, where: str, max_bytes: int) -> Iterator[_Item]:
    """JSON Lines read a line at a time: ``max_bytes`` limits one record, not the file, and a line
    that is not UTF-8 is reported with its number while the rest is read."""
    with path.open("rb") as f:
        yield from _raw_lines(f, where, max_bytes)


def _raw_lines(lines: Iterable[bytes], where: str, max_bytes: int, first: int = 1) -> Iterator[_Item]:
    """Undecoded lines (see :func:`_stream_lines`); ``first`` is the number of the first one."""
    for number, raw in enumerate(lines, first):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if len(raw) > max_bytes:
            yield InputError(where, f"record is {len(raw):,} bytes, larger than IngestConfig.max_bytes = {max_bytes:,}",
                             number)
            continue
        try:
            line = raw.decode("utf-8").strip()
        except UnicodeDecodeError as exc:
            yield InputError(where, f"cannot decode as UTF-8 (invalid byte at column {exc.start + 1}); "
                                    "re-save the file as UTF-8", number)
            continue
        if line:
            yield from _json_lines([line], where, first=number)


def json_lines(path: str | Path, max_bytes: int | None = None) -> Iterator[_Item]:
    """``(line number, decoded value)`` for each non-blank line of a JSON Lines file, or an
    :class:`InputError` naming the file, the line and the reason for a line that cannot be read (the
    rest is still read); a file that cannot be opened is one InputError. ``max_bytes`` limits one
    line (default: ``IngestConfig.max_bytes``). For files of other records (evaluation sets):
    articles go through :class:`JsonLinesReader`."""
    path = Path(path)
    try:
        yield from _stream_lines(path, str(path), max_bytes or IngestConfig().max_bytes)
    except OSError as exc:
        yield InputError(str(path), f"cannot read: {exc}")


def _json_lines(lines: Iterable[str], where: str, first: int = 1) -> Iterator[_Item]:
    """Decoded text lines; ``first`` is the number of the first one."""
    for number, line in enumerate(lines, first):
        line = line.strip()
        if not line:
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"malformed JSON: {exc.msg} (column {exc.colno})", number)
        except RecursionError:
            yield InputError(where, "malformed JSON: nested too deeply", number)
        except ValueError as exc:
            yield InputError(where, f"malformed JSON: {exc}", number)


def _json_document(text: str, where: str) -> Iterator[_Item]:
    """A ``.json`` file: an array of objects, one object, or JSON lines."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        first = next(line.strip() for line in text.split("\n") if line.strip())
        if first.startswith("{") and first.endswith("}"):
            yield from _json_lines(text.split("\n"), where)  # one object a line
        else:
            yield InputError(where, f"malformed JSON: {exc.msg} (column {exc.colno})", exc.lineno)
        return
    except RecursionError:
        yield InputError(where, "malformed JSON: nested too deeply")
        return
    except ValueError as exc:
        yield InputError(where, f"malformed JSON: {exc}")
        return
    start = len(text) - len(text.lstrip())
    if isinstance(doc, list):
        yield from _array_items(text, start)
    elif isinstance(doc, dict):
        yield text.count("\n", 0, start) + 1, doc
    else:
        yield InputError(
            where, f"expected a JSON object, an array of objects or JSON lines; found {_kind(doc)}", 1
        )


def _array_items(text: str, start: int) -> Iterator[tuple[int, Any]]:
    """The items of a valid JSON array starting at ``text[start]``, each with the line it starts on."""
    decoder = json.JSONDecoder()
    line, counted = 1, 0
    pos = _skip_separators(text, start + 1)
    while pos < len(text) and text[pos] != "]":
        value, end = decoder.raw_decode(text, pos)
        line += text.count("\n", counted, pos)
        counted = pos
        yield line, value
        pos = _skip_separators(text, end)


def _skip_separators(text: str, pos: int) -> int:
    match = _SEPARATORS.match(text, pos)
    return match.end() if match else pos
