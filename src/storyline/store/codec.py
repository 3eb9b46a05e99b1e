"""Lossless dict forms of the model objects, for the store.

``Article.to_dict`` and ``Story.to_dict`` give the public JSON contract (``stories.json``),
which leaves out what a reader does not need: an article's ``raw`` text and ``source_path``,
a claim's ``metadata``. The store keeps everything, so it writes these fuller forms; the
readers here accept both the full forms and the public ones.
"""

from __future__ import annotations

import json
import struct
import sys
import zlib
from array import array
from collections.abc import Collection
from itertools import chain
from typing import Any

import numpy as np

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
    "PartialField",
    "TermQuery",
    "vector_from_blob",
    "vector_lookup",
    "vector_to_blob",
]

_CLAIM_LISTS = ("summary", "agreed", "exclusive")

# A story vector ({field: {term: weight}}, fields in a fixed order) as one blob: magic, the number of
# terms of each field (uint32), a CRC-32 of the rest, the weights (float64 LE), then the terms (UTF-8,
# NUL-separated), each field's terms in the vector's own order, so that a round trip gives the same
# dict, bit for bit.
_VEC_MAGIC = b"SLV1"
_VEC_HEAD = struct.Struct("<4s3II")
_VEC_FIELDS = ("title", "body", "ents")
_SEP = "\x00"
_FIELD_SET = frozenset(_VEC_FIELDS)


def vector_to_blob(vec: dict[str, dict[str, float]]) -> bytes:
    """The blob of a story vector (see above). ValueError for a field other than title/body/ents
    or a term that is empty or holds a NUL character."""
    if not _FIELD_SET.issuperset(vec):
        raise ValueError(f"unknown vector fields {sorted(set(vec) - _FIELD_SET)}; allowed: {list(_VEC_FIELDS)}")
    parts = [vec.get(f) or {} for f in _VEC_FIELDS]
    total = sum(map(len, parts))
    text = _SEP.join(chain.from_iterable(parts))
    # (joined at C speed, then checked whole: n terms without a NUL give n - 1 separators)
    if total and (text.count(_SEP) != total - 1 or any("" in p for p in parts)):
        raise ValueError("a term is empty or holds a NUL character")
    try:  # (strict is several times faster; it differs from surrogatepass only by raising on a lone surrogate)
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")
    try:
        weights = struct.pack(f"<{total}d", *chain.from_iterable(p.values() for p in parts))
    except struct.error as exc:
        raise ValueError(f"a weight is not a number: {exc}") from exc
    body = weights + data
    return _VEC_HEAD.pack(_VEC_MAGIC, *map(len, parts), zlib.crc32(body)) + body


def vector_from_blob(blob: bytes) -> dict[str, dict[str, float]]:
    """The story vector of :func:`vector_to_blob`; ValueError saying what is wrong with a damaged blob."""
    if not isinstance(blob, bytes):
        raise ValueError(f"the vector is a {type(blob).__name__}, not a blob")
    if len(blob) < _VEC_HEAD.size:
        raise ValueError(f"the vector blob is {len(blob)} bytes, shorter than its {_VEC_HEAD.size}-byte header")
    magic, *counts, crc = _VEC_HEAD.unpack_from(blob)
    if magic != _VEC_MAGIC:
        raise ValueError(f"the vector blob starts with {magic!r}, not {_VEC_MAGIC!r}")
    if zlib.crc32(memoryview(blob)[_VEC_HEAD.size:]) != crc:
        raise ValueError("the vector blob fails its checksum (damaged or cut)")
    total = sum(counts)
    end = _VEC_HEAD.size + 8 * total
    if len(blob) < end:
        raise ValueError(f"the vector blob is cut: {len(blob)} bytes for {total} weights")
    weights = array("d")
    weights.frombytes(blob[_VEC_HEAD.size:end])
    if sys.byteorder != "little":
        weights.byteswap()
    try:
        try:  # (strict is faster; surrogatepass reads back the lone surrogates vector_to_blob lets through)
            text = blob[end:].decode("utf-8")
        except UnicodeDecodeError:
            text = blob[end:].decode("utf-8", "surrogatepass")
    except UnicodeDecodeError as exc:
        raise ValueError(f"the vector's terms are not UTF-8: {exc}") from exc
    terms = text.split(_SEP) if total else []
    if len(terms) != total or "" in terms:
        raise ValueError(f"the vector blob has {len(terms)} terms for {total} weights")
    values = weights.tolist()
    out: dict[str, dict[str, float]] = {}
    start = 0
    for f, n in zip(_VEC_FIELDS, counts, strict=True):
        out[f] = dict(zip(terms[start:start + n], values[start:start + n], strict=True))
        if len(out[f]) != n:
            raise ValueError(f"the vector blob repeats a term of field {f!r}")
        start += n
    return out


class PartialField(dict):  # type: ignore[type-arg]
    """Some terms of a large vector field, with the field's real length (``len``, truth): what
    :func:`vector_lookup` gives for a field longer than the terms looked up."""

    __slots__ = ("size",)

    def __init__(self, items: Any, size: int) -> None:
        super().__init__(items)
        self.size = size

    def __len__(self) -> int:
        return self.size

    def __bool__(self) -> bool:
        return self.size > 0

    def __reduce__(self) -> Any:  # a part of a vector must never be copied or pickled for the whole
        raise TypeError("a PartialField is a partial view of a stored vector field; read the story whole to keep it")


_TABLE_BITS = 20  # the match table of a lookup: 2**20 flags (1 MB)
_MIX = 0x9E3779B1


class TermQuery:
    """Terms to look up in large vector fields (:func:`vector_lookup`), prepared once for many blobs: each
    term's UTF-8 bytes, and a table flagging the match keys of the terms (a term's length, first, second and
    last bytes, mixed down to :data:`_TABLE_BITS` bits). A stored term whose key is flagged is then compared
    whole: the table only narrows the comparisons down."""

    def __init__(self, terms: Collection[str]) -> None:
        self.wanted: dict[bytes, str] = {}
        for t in terms:
            if t:
                self.wanted[t.encode("utf-8", "surrogatepass")] = t
        self.table = np.zeros(1 << _TABLE_BITS, np.bool_)
        if self.wanted:
            self.table[np.array([_edge_key(b) for b in self.wanted], np.uint32)] = True


def _edge_key(term: bytes) -> int:
    n = len(term)
    key = min(n, 255) | term[0] << 8 | (term[1] if n > 1 else 0) << 16 | term[-1] << 24
    return (key * _MIX & 0xFFFFFFFF) >> (32 - _TABLE_BITS)


def _edge_keys(padded: np.ndarray, s: np.ndarray, e: np.ndarray) -> np.ndarray:
    """:func:`_edge_key` of each term ``padded[s:e]`` (terms of at least one byte; ``padded`` the terms'
    bytes followed by a zero byte)."""
    lens = e - s
    key = np.minimum(lens, 255).astype(np.uint32)
    key |= padded[s].astype(np.uint32) << np.uint32(8)
    key |= (padded[s + 1] * (lens > 1)).astype(np.uint32) << np.uint32(16)
    key |= padded[e - 1].astype(np.uint32) << np.uint32(24)
    key *= np.uint32(_MIX)
    key >>= np.uint32(32 - _TABLE_BITS)
    return key


def vector_lookup(blob: bytes, query: TermQuery, whole_up_to: int) -> dict[str, dict[str, float]]:
    """The story vector of a blob, each field of more than ``whole_up_to`` terms as a
    :class:`PartialField` holding only the terms of ``query`` it has (the weights as stored, bit for bit);
    the shorter fields whole, as :func:`vector_from_blob` gives them. A large field's terms are not
    decoded: they are matched by a key of their edge bytes and length, then compared whole. ValueError
    for a damaged blob."""
    if not isinstance(blob, bytes) or len(blob) < _VEC_HEAD.size:
        return vector_from_blob(blob)  # (raises, saying why)
    magic, *counts, crc = _VEC_HEAD.unpack_from(blob)
    total = sum(counts)
    end = _VEC_HEAD.size + 8 * total
    if (max(counts) <= whole_up_to or magic != _VEC_MAGIC or len(blob) < end
            or zlib.crc32(memoryview(blob)[_VEC_HEAD.size:]) != crc):
        return vector_from_blob(blob)  # (whole, or raises saying why)
    text = np.frombuffer(blob, np.uint8, offset=end)
    seps = np.flatnonzero(text == 0)
    if len(seps) != total - 1:
        raise ValueError(f"the vector blob has {len(seps) + 1} terms for {total} weights")
    starts = np.empty(total, np.intp)
    starts[0] = 0
    starts[1:] = seps + 1
    ends = np.empty(total, np.intp)
    ends[:-1] = seps
    ends[-1] = len(text)
    if np.any(ends == starts):
        raise ValueError("the vector blob holds an empty term")
    padded = np.concatenate((text, np.zeros(1, np.uint8)))
    weights = np.frombuffer(blob, "<f8", count=total, offset=_VEC_HEAD.size)
    wanted, table = query.wanted, query.table
    out: dict[str, dict[str, float]] = {}
    start = 0
    for f, n in zip(_VEC_FIELDS, counts, strict=True):
        stop = start + n
        if n <= whole_up_to:
            field: dict[str, float] = {}
            if n:
                try:
                    part = blob[end + int(starts[start]):end + int(ends[stop - 1])].decode("utf-8", "surrogatepass")
                except UnicodeDecodeError as exc:
                    raise ValueError(f"the vector's terms are not UTF-8: {exc}") from exc
                field = dict(zip(part.split(_SEP), weights[start:stop].tolist(), strict=True))
                if len(field) != n:
                    raise ValueError(f"the vector blob repeats a term of field {f!r}")
            out[f] = field
        else:
            found: dict[str, float] = {}
            if wanted:
                s, e = starts[start:stop], ends[start:stop]
                hits = np.flatnonzero(table[_edge_keys(padded, s, e)])
                for i, a, z in zip(hits.tolist(), s[hits].tolist(), e[hits].tolist(), strict=True):
                    term = wanted.get(blob[end + a:end + z])
                    if term is not None:
                        found[term] = float(weights[start + i])
            out[f] = PartialField(found, n)
        start = stop
    return out


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
