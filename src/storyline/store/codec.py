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
from itertools import chain
from typing import Any

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
    "vector_from_blob",
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
