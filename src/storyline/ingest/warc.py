"""Web archives (WARC, plain or gzipped, read with warcio): one article per HTML response."""

from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..config import IngestConfig
from ..errors import IngestError
from ..model import Article, InputError
from ..text import normalize
from .base import Reader, check_file, declared_encoding, decode, parse_date, stable_id
from .html import NO_ARTICLE, TrafilaturaExtractor

__all__ = ["WarcReader"]

_GZIP_MAGIC = b"\x1f\x8b"
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)
_HTML_START = re.compile(rb"^\s*<(!doctype\s+html|html)", re.IGNORECASE)
_CHUNK = 1 << 16

logger = logging.getLogger(__name__)


class WarcReader(Reader):
    """One article per HTML ``response`` record of a ``.warc`` / ``.warc.gz`` file.

    The page goes through the same extraction as :class:`~storyline.ingest.html.HtmlReader`;
    url = ``WARC-Target-URI``, id = :func:`~storyline.ingest.base.stable_id` of that URL,
    published = the page's date, else the ``WARC-Date``. Records that are not successful (2xx)
    HTML responses (requests, metadata, images, redirects) are skipped without an error.

    ``IngestConfig.max_bytes`` limits each record's payload, not the file: archives are read as
    a stream. A truncated or corrupt archive yields the records read so far, then one
    ``InputError`` naming the file and the reason.
    """

    suffixes = (".warc", ".warc.gz")

    def __init__(self, *, config: IngestConfig | None = None) -> None:
        super().__init__(config=config)
        self.extractor = TrafilaturaExtractor()

    def parse(self, path: Path) -> Iterator[Article | InputError]:
        where = str(path)
        size = check_file(path)
        try:
            with path.open("rb") as fh:
                head = fh.read(64)
                if not (head.startswith(_GZIP_MAGIC) or head.lstrip().startswith(b"WARC/")):
                    raise IngestError(where, "not a WARC file: it starts neither with 'WARC/' nor with gzip data")
                fh.seek(0)
                yield from self._records(fh, size, where)
        except OSError as exc:
            raise IngestError(where, f"cannot read the file ({exc.strerror or exc})") from exc

    def _records(self, fh: BinaryIO, size: int, where: str) -> Iterator[Article | InputError]:
        from warcio.archiveiterator import ArchiveIterator

        archive = ArchiveIterator(fh)
        records = iter(archive)
        done = 0  # records read completely
        last_start: int | None = None
        while True:
            try:
                record = next(records)
                payload = _html_payload(record, self.config.max_bytes)
                missing = _drain(record)
                last_start = archive.get_record_offset()
            except StopIteration:
                break
            except Exception as exc:  # warcio fails in many ways on a cut or damaged file
                detail = " ".join(str(exc).split())
                yield InputError(
                    where,
                    f"truncated or corrupt WARC: cannot read record {done + 1} ({type(exc).__name__}: {detail}); "
                    f"{_records_read(done)} before it",
                )
                return
            number = done + 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            if missing:
                yield InputError(
                    where, f"truncated WARC: record {number} ({url or 'no URL'}) is missing its last {missing:,} bytes"
                )
                return
            done = number
            if payload is not None:
                try:
                    yield self._article(record, payload, number, url, where)
                except Exception as exc:  # one odd page must not end the archive
                    logger.warning("unexpected error on %s record %d", where, number, exc_info=True)
                    yield InputError(where, f"record {number} ({url or 'no URL'}): unexpected error ({exc!r})")
        if done == 0:
            yield InputError(where, "truncated or corrupt WARC: no complete record found")
        elif archive.offset < size:
            yield InputError(
                where,
                f"truncated or corrupt WARC: the last {size - archive.offset:,} bytes (from byte "
                f"{archive.offset:,}) are not a complete record; {_records_read(done)}",
            )
        elif last_start is not None and (problem := _gzip_tail_problem(fh, last_start)):
            yield InputError(where, f"truncated or corrupt WARC: {problem}; {_records_read(done)}")

    def _article(self, record: Any, payload: bytes, number: int, url: str | None, where: str) -> Article | InputError:
        label = f"record {number} ({url or 'no URL'})"
        if len(payload) > self.config.max_bytes:
            return InputError(
                where, f"{label}: page is larger than IngestConfig.max_bytes = {self.config.max_bytes:,}"
            )
        content_type = record.http_headers.get_header("Content-Type") or ""
        match = _CHARSET.search(content_type)
        declared = match.group(1) if match else declared_encoding(payload)
        try:
            html = decode(payload, where, declared=declared)
        except IngestError as exc:
            return InputError(where, f"{label}: {exc.reason}")
        page = self.extractor.extract(html, url=url)
        if not page.text.strip():
            return InputError(where, f"{label}: {NO_ARTICLE}")
        metadata: dict[str, Any] = {}
        if page.url and url and page.url != url:
            metadata["canonical_url"] = page.url
        return Article(
            id=stable_id(url=url, text=page.text),
            text=normalize(page.text),
            raw=page.text,
            title=page.title,
            outlet=page.outlet,
            published=page.published or parse_date(record.rec_headers.get_header("WARC-Date")),
            byline=page.byline,
            url=url or page.url,
            metadata=metadata,
        )


def _html_payload(record: Any, max_bytes: int) -> bytes | None:
    """The HTTP body of a successful HTML response, at most ``max_bytes + 1`` bytes (chunked and
    gzip encodings undone); ``None`` for every other record. Without a Content-Type the body is
    sniffed for an ``<html>`` start."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if not str(record.http_headers.get_statuscode() or "").startswith("2"):
        return None
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    if content_type and "html" not in content_type:
        return None
    payload = bytes(record.content_stream().read(max_bytes + 1))
    if not content_type and not _HTML_START.match(payload[:1024]):
        return None
    return payload


def _records_read(count: int) -> str:
    return f"{count} record{' was' if count == 1 else 's were'} read"


def _gzip_tail_problem(fh: BinaryIO, start: int) -> str | None:
    """What is wrong with the gzip member that starts at ``start`` and should end the file, if anything."""
    fh.seek(start)
    if fh.read(2) != _GZIP_MAGIC:
        return None  # not gzipped
    fh.seek(start)
    decompressor = zlib.decompressobj(wbits=31)
    try:
        while not decompressor.eof:
            chunk = fh.read(_CHUNK)
            if not chunk:
                return "the last gzip member has no end"
            while chunk and not decompressor.eof:  # bounded output: a small member may expand a lot
                decompressor.decompress(chunk, _CHUNK)
                chunk = decompressor.unconsumed_tail
    except zlib.error as exc:
        return f"the last gzip member is corrupt ({exc})"
    return None


def _drain(record: Any) -> int:
    """Read the rest of the record; return how many bytes its Content-Length promised but the file lacks."""
    stream = record.raw_stream
    while stream.read(_CHUNK):
        pass
    return max(0, int(getattr(stream, "limit", 0) or 0))
