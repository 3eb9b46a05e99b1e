"""The reader interface, and what every reader shares: safe loading and decoding, stable ids, dates.

A reader turns one file into articles. :meth:`Reader.read` never raises on bad input: a file or
record that cannot be read becomes an :class:`~storyline.model.InputError` with the path, the line
where one applies and the reason, and the reader goes on with the next record.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit, urlunsplit

from ..config import IngestConfig
from ..errors import IngestError
from ..model import Article, InputError
from ..text import normalize

__all__ = [
    "Reader",
    "canonical_url",
    "check_file",
    "declared_encoding",
    "decode",
    "load_bytes",
    "load_text",
    "parse_date",
    "safe_id",
    "stable_id",
]

logger = logging.getLogger(__name__)

BINARY_SNIFF_BYTES = 8192


class Reader(ABC):
    """Reads one kind of file into articles.

    Subclasses set ``suffixes`` and implement :meth:`parse`, which may raise
    :class:`~storyline.errors.IngestError` for a bad file and yield ``InputError`` for a bad
    record. :meth:`read` wraps it: it records every failure as an ``InputError``, turns
    articles without text into errors and sets ``source_path``.
    """

    suffixes: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *, config: IngestConfig | None = None) -> None:
        self.config = config if config is not None else IngestConfig()

    def read(self, path: str | Path) -> Iterator[Article | InputError]:
        """Yield the articles of ``path`` and an ``InputError`` for each part that cannot be read."""
        path = Path(path)
        where = str(path)
        try:
            for item in self.parse(path):
                if isinstance(item, Article):
                    if not item.text.strip():
                        yield InputError(where, f"no text (article {item.id!r})")
                        continue
                    item.source_path = where
                yield item
        except IngestError as exc:
            yield InputError(exc.path, exc.reason, exc.line)
        except Exception as exc:  # a parser failing on odd input must not stop the run
            logger.warning("unexpected error while reading %s", where, exc_info=True)
            yield InputError(where, f"unexpected error while reading the file ({type(exc).__name__}: {exc})")

    @abstractmethod
    def parse(self, path: Path) -> Iterator[Article | InputError]:
        """Yield articles and per-record errors; raise ``IngestError`` when the whole file is unreadable."""


# ---------------------------------------------------------------------------------------------- loading


def check_file(path: Path) -> int:
    """Return the size of ``path``; raise ``IngestError`` if it is missing, not a file or empty."""
    where = str(path)
    try:
        if not path.exists():
            raise IngestError(where, "no such file or folder")
        if not path.is_file():
            raise IngestError(where, "not a regular file")
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(where, f"cannot read the file ({exc.strerror or exc})") from exc
    if size == 0:
        raise IngestError(where, "empty file")
    return size


def load_bytes(path: Path, *, max_bytes: int) -> bytes:
    """The bytes of a text file, after the checks every text format shares.

    Raises ``IngestError`` for a missing, empty, too large or binary file (NUL bytes in the
    first 8 KB that are not explained by a UTF-16/32 byte order mark).
    """
    where = str(path)
    size = check_file(path)
    if size > max_bytes:
        raise IngestError(
            where,
            f"file is {size:,} bytes, larger than IngestConfig.max_bytes = {max_bytes:,}; "
            "split the file or raise max_bytes",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(where, f"cannot read the file ({exc.strerror or exc})") from exc
    if not data:
        raise IngestError(where, "empty file")
    if _looks_binary(data):
        raise IngestError(where, "binary file, not text")
    return data


def load_text(path: Path, *, max_bytes: int, markup: bool = False) -> str:
    """Load and decode a text file (see :func:`decode`); a whitespace-only file is an error.

    With ``markup=True`` (HTML, XML) the charset the document declares is tried when the
    bytes are not UTF-8.
    """
    return text_of(load_bytes(path, max_bytes=max_bytes), str(path), markup=markup)


def text_of(data: bytes, where: str, *, markup: bool = False) -> str:
    """The text of a file's bytes, as :func:`load_text` gives it for the file at ``where``."""
    text = decode(data, where, declared=declared_encoding(data) if markup else None)
    if not text or text.isspace():  # (``strip`` would copy the whole file to say the same)
        raise IngestError(where, "empty file (whitespace only)")
    return text


_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def _looks_binary(data: bytes) -> bool:
    if any(data.startswith(bom) for bom, _, _ in _BOMS):
        return False
    return b"\x00" in data[:BINARY_SNIFF_BYTES]


def decode(data: bytes, where: str, *, declared: str | None = None) -> str:
    """Decode file bytes: a byte order mark (UTF-8, UTF-16, UTF-32) wins, then UTF-8.

    ``declared`` is a charset the document names for itself (an HTML ``<meta charset>``, an XML
    declaration, an HTTP header); it is tried when the bytes are not valid UTF-8. Raises
    ``IngestError`` naming the first invalid byte and its offset.
    """
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _decode_strict(data[len(bom) :], codec, name, where, offset=len(bom))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if declared and _codec_name(declared) not in (None, "utf-8"):
            try:
                return data.decode(declared)
            except UnicodeDecodeError:
                pass
        raise IngestError(where, _decode_reason(exc, "UTF-8", 0)) from exc


def _decode_strict(data: bytes, codec: str, name: str, where: str, *, offset: int) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise IngestError(where, _decode_reason(exc, name, offset)) from exc


def _decode_reason(exc: UnicodeDecodeError, name: str, offset: int) -> str:
    bad = exc.object[exc.start : exc.start + 1]
    what = f"invalid byte 0x{bad[0]:02x}" if bad else "incomplete character"
    return f"cannot decode as {name} ({what} at offset {offset + exc.start}); re-save the file as UTF-8"


def _codec_name(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


_DECLARED = re.compile(
    rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']"""
    rb"""|<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)


def declared_encoding(data: bytes) -> str | None:
    """The charset an XML declaration or HTML ``<meta>`` tag names in the first 4 KB, if any."""
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    name = (match.group(1) or match.group(2)).decode("ascii")
    return name if _codec_name(name) else None


# ---------------------------------------------------------------------------------------------- ids


_TRACKING = re.compile(r"^(utm_[a-z_]+|fbclid|gclid|dclid|mc_cid|mc_eid|igshid|ocid|cmpid)$", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """A URL in one spelling: scheme and host lower-cased, default port, fragment and tracking
    parameters (``utm_*``, ``fbclid``...) dropped, an empty path written ``/``.

    A string that is not an absolute URL comes back stripped but otherwise unchanged.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    if not parts.scheme or not parts.hostname:
        return url
    scheme = parts.scheme.lower()
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    if parts.username or parts.password:
        userinfo = parts.username or ""
        if parts.password:
            userinfo += f":{parts.password}"
        host = f"{userinfo}@{host}"
    query = "&".join(p for p in parts.query.split("&") if p and not _TRACKING.match(p.split("=", 1)[0]))
    return urlunsplit((scheme, host, parts.path or "/", query, ""))


def _sha1_16(value: str) -> str:
    return hashlib.sha1(value.encode("utf-8")).hexdigest()[:16]


def stable_id(*, url: str | None = None, text: str | None = None) -> str:
    """A 16-hex-digit id: SHA-1 of the canonical URL, or of the normalised text when there is no URL."""
    if url and url.strip():
        return _sha1_16(canonical_url(url))
    if text is not None:
        return _sha1_16(normalize(text))
    raise ValueError("stable_id needs a url or a text")


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_ID_LENGTH = 80


def safe_id(value: str) -> str:
    """``value`` as a file-name-safe id: runs of other characters become ``_``.

    Ids longer than 80 characters are cut and end in a hash of the whole value, so distinct
    long ids stay distinct. Returns ``""`` when nothing usable is left.
    """
    slug = _UNSAFE.sub("_", value.strip()).strip("._-")
    if len(slug) > MAX_ID_LENGTH:
        slug = f"{slug[: MAX_ID_LENGTH - 17]}-{_sha1_16(value)}"
    return slug


# ---------------------------------------------------------------------------------------------- dates


_ISO_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?![\d])")
_WEEKDAY = re.compile(r"^[A-Za-z]{3,9}\.?,\s*")
_SEPT = re.compile(r"\bSept\b\.?", re.IGNORECASE)
_PLAIN_FORMATS = (
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%b. %d, %Y",
    "%Y/%m/%d",
    "%d.%m.%Y",
)


def parse_date(value: object) -> str | None:
    """An ISO date ``YYYY-MM-DD`` from an ISO date or datetime, an RFC 2822 date, or a plain
    English date ("18 September 2023", "Sept. 18, 2023", "2023/09/18", "18.09.2023").

    A datetime keeps the calendar date it was written in (its own offset), not the UTC date.
    Returns ``None`` for anything else, including numbers and relative dates.
    """
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    match = _ISO_PREFIX.match(text)
    if match:
        try:
            return date(*(int(g) for g in match.groups())).isoformat()
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    plain = _SEPT.sub("Sep", _WEEKDAY.sub("", text))
    for fmt in _PLAIN_FORMATS:
        try:
            return datetime.strptime(plain, fmt).date().isoformat()
        except ValueError:
            continue
    return None
