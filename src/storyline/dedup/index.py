"""A bounded, incremental index of documents' shingles: where copies are found.

Each live document keeps its sorted unique shingle hashes (uint32). Three structures sit over them:

- a document-frequency sketch (count-min, two rows) over the live documents, so that boilerplate --
  a shingle in more than ``boilerplate_df`` documents, or ``boilerplate_share`` of the live ones when
  that is more -- is known without keeping a counter per shingle. It grows (and is rebuilt from the
  live documents) when its load passes four per cell (see ``DfSketch``);
- a postings index (sorted numpy arrays, appended in segments and merged now and then) from keys to
  documents. A short document posts every shingle; a long one posts the shingles whose hash is 0
  mod 4 ("anchors": both sides of a copy choose the same ones) plus its first 48 (the lead, which
  truncated copies keep). A query looks up every content shingle, so a pair of copies sharing at
  least 32 shingles is missed with probability below 1e-4;
- the copy groups, merged by verified pairs with a guard against transitive chains.

Nothing here depends on the order of documents within one call of :meth:`CopyIndex.add`; across
calls the index is online (a group formed earlier is not revisited). Documents older than the time
window (or beyond ``max_documents``) are evicted, so memory stays flat on an endless stream.
"""

from __future__ import annotations

import heapq
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from ..config import DedupConfig
from .signature import Shingled, ShingleHasher, sorted_unique

__all__ = ["CopyIndex", "DfSketch", "DocBatch", "IndexedDoc", "PairEvidence", "url_key"]

log = logging.getLogger(__name__)

_ANCHOR_MOD = 4
_LEAD = 48
_SHORT = 64
_HIT_BUDGET = 4_000_000  # postings looked up at once by _candidates (two int64 arrays)
_COMPACT_MIN = 10_000  # evicted slots kept before the live ones are renumbered


@dataclass(slots=True)
class IndexedDoc:
    id: str
    date: str | None
    shingles: np.ndarray  # sorted unique uint32
    lead: np.ndarray  # the first shingles in text order (uint32)
    url_key: str | None = None  # the canonical URL (see url_key()); one URL is one article

    def keys(self) -> np.ndarray:
        if len(self.shingles) <= _SHORT:
            return self.shingles
        anchors = self.shingles[self.shingles % _ANCHOR_MOD == 0]
        return sorted_unique(np.concatenate((anchors, self.lead)))


@dataclass(slots=True)
class DocBatch:
    """Documents ready for the index, their hashes packed in a few flat arrays: what a worker
    process sends back (pickling two small arrays per document costs more than the hashing)."""

    ids: list[str]
    dates: list[str | None]
    url_keys: list[str | None]
    hashed: Shingled

    def __len__(self) -> int:
        return len(self.ids)

    def docs(self) -> list[IndexedDoc]:
        return [IndexedDoc(doc_id, date, shingles, lead, key) for doc_id, date, key, (shingles, lead)
                in zip(self.ids, self.dates, self.url_keys, self.hashed, strict=True)]


def batch_keys(docs: Sequence[IndexedDoc]) -> tuple[np.ndarray, np.ndarray]:
    """Every document's posted keys (see :meth:`IndexedDoc.keys`), computed for the batch at once:
    ``(keys, owner)`` with ``owner`` the position of the document in ``docs``."""
    if not docs:
        return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.int64)
    lens = np.array([len(d.shingles) for d in docs], dtype=np.int64)
    flat = np.concatenate([d.shingles for d in docs])
    owner = np.repeat(np.arange(len(docs), dtype=np.int64), lens)
    long = lens > _SHORT
    keep = ~long[owner] | (flat % _ANCHOR_MOD == 0)
    leads = [d.lead for d, is_long in zip(docs, long.tolist(), strict=True) if is_long]
    lead_owner = np.repeat(np.flatnonzero(long), [len(x) for x in leads]) if leads else np.zeros(0, dtype=np.int64)
    keys = np.concatenate([flat[keep], *leads]).astype(np.uint64)
    owner = np.concatenate([owner[keep], lead_owner]).astype(np.uint64)
    coded = sorted_unique((owner << np.uint64(32)) | keys)
    return (coded & np.uint64(0xFFFFFFFF)).astype(np.uint32), (coded >> np.uint64(32)).astype(np.int64)


@dataclass(slots=True)
class PairEvidence:
    """Why two documents are (or are not) copies."""

    a: str
    b: str
    shared: int  # content shingles in both
    size_a: int  # content shingles of each
    size_b: int
    boilerplate: int  # shingles both share that were set aside as boilerplate
    strict: bool  # one side is short or mostly boilerplate: a near-whole copy is required
    containment: float
    jaccard: float
    copies: bool
    same_url: bool = False

    def reason(self, config: DedupConfig) -> str:
        if self.same_url:
            return "copies: the same page (one canonical URL), whatever the text says"
        if self.strict:
            need = f"Jaccard {self.jaccard:.2f} vs {config.strict_containment:.2f} needed (short or mostly boilerplate text)"
        else:
            need = (f"{self.containment:.0%} of the shorter text's word {config.shingle_size}-grams are in the other "
                    f"({config.min_containment:.0%} needed)")
        extra = f"; {self.boilerplate} shared shingles ignored as boilerplate" if self.boilerplate else ""
        return f"{'copies' if self.copies else 'not copies'}: {need}{extra}"

    def to_dict(self) -> dict[str, object]:
        return {"a": self.a, "b": self.b, "shared_shingles": self.shared, "shingles_a": self.size_a,
                "shingles_b": self.size_b, "boilerplate_shingles": self.boilerplate, "strict": self.strict,
                "containment": round(self.containment, 4), "jaccard": round(self.jaccard, 4), "copies": self.copies,
                "same_url": self.same_url}


class DfSketch:
    """Document frequency of shingle hashes, as a two-row count-min sketch (over-counts, never under).

    16-bit cells, saturating. At a load of 4 items per cell, the chance that noise alone pushes a
    shingle past a cut of 10 is about 1e-4 (a Poisson tail, squared by the two rows); the index
    rebuilds the sketch at twice the width before the load passes 4."""

    _MULTS = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F))
    _MAX = np.iinfo(np.uint16).max

    def __init__(self, width_bits: int = 16) -> None:
        self.width_bits = width_bits
        self.table = np.zeros((2, 1 << width_bits), dtype=np.uint16)
        self.total = 0

    @classmethod
    def for_items(cls, total: int) -> DfSketch:
        """A sketch sized for ``total`` items at a load of at most 2."""
        return cls(max(16, int(np.ceil(np.log2(max(2, total / 2))))))

    def _cells(self, hashes: np.ndarray, row: int) -> np.ndarray:
        # One array, widened inside the multiplication and shifted in place: on a big update the
        # temporaries of ``astype``, ``*`` and ``>>`` (fresh memory each) cost more than the arithmetic.
        x = np.multiply(hashes, self._MULTS[row], dtype=np.uint64, casting="unsafe")
        x >>= np.uint64(64 - self.width_bits)
        return x.view(np.int64)  # below 2**width_bits: the same values

    def update(self, hashes: np.ndarray, sign: int = 1) -> None:
        """Count each hash once (``hashes`` is one or more documents' unique shingles, concatenated)."""
        if not len(hashes):
            return
        width = self.table.shape[1]
        for row in range(2):
            if len(hashes) * 16 < width:  # a few documents: touch only their cells
                where, counts = np.unique(self._cells(hashes, row), return_counts=True)
                cells = self.table[row][where].astype(np.int64)
                cells = cells + counts if sign > 0 else np.maximum(cells - counts, 0)
                self.table[row][where] = np.minimum(cells, self._MAX)
            else:  # (in place: counts is a fresh int64 array as wide as the table)
                counts = np.bincount(self._cells(hashes, row), minlength=width)
                if sign > 0:
                    counts += self.table[row]
                    np.minimum(counts, self._MAX, out=counts)
                else:
                    np.subtract(self.table[row], counts, out=counts)
                    np.maximum(counts, 0, out=counts)
                self.table[row] = counts
        self.total = max(0, self.total + sign * len(hashes))

    def query(self, hashes: np.ndarray) -> np.ndarray:
        if not len(hashes):
            return np.zeros(0, dtype=np.uint16)
        return np.minimum(self.table[0][self._cells(hashes, 0)], self.table[1][self._cells(hashes, 1)])

    def overloaded(self, more: int = 0) -> bool:
        """Whether the load passes 4 items per cell (with ``more`` items counted)."""
        return self.total + more > 4 * self.table.shape[1]


_LOW = np.uint64(0xFFFFFFFF)
_SHIFT = np.uint64(32)


def _pack(high: np.ndarray, low: np.ndarray) -> np.ndarray:
    """``high << 32 | low`` as uint64 (both below 2**32)."""
    return (high.astype(np.uint64) << _SHIFT) | low.astype(np.uint64)


@dataclass(slots=True)
class _Postings:
    """Sorted arrays of ``key << 32 | slot`` (uint64) in a few segments; merged when the newest
    segments grow large. Within a key the postings are in slot order, so the documents posted
    before a given slot are a prefix of the key's run: a query finds only those."""

    segments: list[np.ndarray] = field(default_factory=list)

    def add(self, keys: np.ndarray, slots: np.ndarray) -> None:
        self.segments.append(np.sort(_pack(keys, slots)))
        if len(self.segments) > 1:
            sizes = [len(x) for x in self.segments]
            if len(self.segments) > 8 or sum(sizes[1:]) > sizes[0] // 4:
                self.compact()

    def compact(self, alive: np.ndarray | None = None, renumber: np.ndarray | None = None) -> None:
        """Merge the segments into one, without the slots that are not ``alive``, and with slot
        ``s`` renumbered ``renumber[s]`` (an increasing map, so the order holds)."""
        if not self.segments:
            return
        packed = np.concatenate(self.segments)
        if alive is not None:
            packed = packed[alive[(packed & _LOW).astype(np.intp)]]
        if renumber is not None:
            packed = _pack(packed >> _SHIFT, renumber[(packed & _LOW).astype(np.intp)])
        # Sorted runs (the segments, each still sorted after the filter and the increasing renumbering):
        # a stable sort merges them in a few passes where quicksort starts over (same values out).
        self.segments = [np.sort(packed, kind="stable")]

    def spans(self, needles: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per segment, where the postings of each needle (``key << 32 | owner``, sorted) with a
        slot below the owner start, and how many there are (elementwise: a subset of the needles
        has the same subset of each array)."""
        first = needles & ~_LOW
        out = []
        for packed in self.segments:
            lo = _rank(first, packed)
            out.append((lo, _rank(needles, packed) - lo))
        return out

    def hit_counts(self, needles: np.ndarray, spans: list[tuple[np.ndarray, np.ndarray]] | None = None) -> np.ndarray:
        """How many postings each needle (``key << 32 | owner``, sorted) finds: those of its key
        with a slot below its owner. ``spans``: :meth:`spans` of the needles, when known."""
        out = np.zeros(len(needles), dtype=np.int64)
        for _lo, n in self.spans(needles) if spans is None else spans:
            out += n
        return out

    def lookup(self, needles: np.ndarray, spans: list[tuple[np.ndarray, np.ndarray]] | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
        """``(owner, slot)`` of every posting a needle (``key << 32 | owner``, sorted) finds: those of
        its key with a slot below its owner. ``spans``: :meth:`spans` of the needles, when known."""
        owners = (needles & _LOW).astype(np.int64)
        found_owner, found_slot = [], []
        for packed, (lo, n) in zip(self.segments, self.spans(needles) if spans is None else spans, strict=True):
            hit = n > 0
            if not hit.any():
                continue
            lo, n, own = lo[hit], n[hit], owners[hit]
            total = int(n.sum())
            idx = np.repeat(lo - np.cumsum(n) + n, n) + np.arange(total)
            found_owner.append(np.repeat(own, n))
            found_slot.append((packed[idx] & _LOW).astype(np.int64))
        if not found_owner:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        return np.concatenate(found_owner), np.concatenate(found_slot)

    def size(self) -> int:
        return sum(len(x) for x in self.segments)


def _rank(needles: np.ndarray, packed: np.ndarray) -> np.ndarray:
    """``np.searchsorted(packed, needles)`` for sorted ``needles``: how many values of ``packed`` are
    below each. Both sorted, so a stable sort of the two (needles first, so that a tie puts the needle
    before an equal value) is one linear merge of two runs, about twice as fast as a binary search
    each; needle ``j`` lands after ``j`` needles and the values below it."""
    order = np.argsort(np.concatenate((needles, packed)), kind="stable")
    return np.flatnonzero(order < len(needles)) - np.arange(len(needles))


def _pieces(hits: np.ndarray, budget: int) -> list[tuple[int, int]]:
    """Split the owners ``0..len(hits)-1`` (``hits[o]``: the postings owner ``o``'s queries find)
    into ranges with about ``budget`` hits each (more only when one owner alone has more)."""
    if not len(hits):
        return []
    piece = (np.cumsum(hits) - hits) // max(1, budget)  # by the hits before each owner
    cut = np.flatnonzero(np.r_[True, piece[1:] != piece[:-1]])
    bounds = np.r_[cut, len(hits)].tolist()
    return list(zip(bounds[:-1], bounds[1:], strict=True))


def url_key(url: str | None) -> str | None:
    """One spelling for the URLs of one page: canonical (tracking parameters, fragment, default
    port dropped), then without scheme, ``www.`` and a trailing slash. None for a non-URL."""
    if not url:
        return None
    from ..ingest.base import canonical_url

    canon = canonical_url(url)
    if "://" not in canon:
        return None
    rest = canon.split("://", 1)[1]
    if rest.startswith("www."):
        rest = rest[4:]
    return rest.rstrip("/") or None


def _day(date: str | None) -> datetime | None:
    if not date:
        return None
    try:
        out = datetime.fromisoformat(date[:10])
    except ValueError:
        return None
    return out


class CopyIndex:
    """Finds copies among documents added over time; ``labels()`` maps id to copy group id."""

    def __init__(self, config: DedupConfig | None = None) -> None:
        self.config = config or DedupConfig()
        self.hasher = ShingleHasher(shingle_size=self.config.shingle_size, seed=self.config.seed)
        self.docs: list[IndexedDoc | None] = []
        self.slot: dict[str, int] = {}
        self.sketch = DfSketch()
        self.postings = _Postings()
        self.parent: list[int] = []
        self.members: dict[int, list[int]] = {}
        self.group_ids: dict[int, str] = {}
        self.pairs: dict[tuple[str, str], float] = {}  # pairs verified by the last call of add()
        self.stats: dict[str, int] = {"candidates": 0, "verified": 0, "chain_rejected": 0, "evicted": 0}
        self._content: dict[int, tuple[np.ndarray, bool]] = {}
        self._scores: dict[tuple[int, int], float | None] = {}
        self._newest: datetime | None = None
        self._by_day: list[tuple[datetime, int]] = []  # a heap: the oldest indexed documents first
        self._changed: set[int] = set()
        self.last_labels: dict[str, str] = {}
        self.last_groups: dict[str, list[str]] = {}
        self.renamed: dict[str, str] = {}  # group ids the last call of add() merged away (see resolve())
        self.evicted: list[str] = []  # ids evicted since the caller last cleared this list
        self.by_url: dict[str, int] = {}  # URL key -> the live slot first seen with it

    # -- documents ---------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.slot)

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self.slot

    def make_doc(self, doc_id: str, text: str, date: str | None = None, url: str | None = None) -> IndexedDoc:
        seq = self.hasher.sequence(text)
        return IndexedDoc(doc_id, date, sorted_unique(seq), seq[:_LEAD].copy(), url_key(url))

    def make_docs(self, items: Iterable[tuple[str, str, str | None, str | None]], chunk: int = 5_000) -> list[IndexedDoc]:
        """``IndexedDoc``s for ``(id, text, date, url)`` items, hashed a chunk at a time."""
        out: list[IndexedDoc] = []
        batch: list[tuple[str, str, str | None, str | None]] = []
        for item in items:
            batch.append(item)
            if len(batch) >= chunk:
                out += self.make_batch(batch).docs()
                batch.clear()
        if batch:
            out += self.make_batch(batch).docs()
        return out

    def make_batch(self, items: Sequence[tuple[str, str, str | None, str | None]]) -> DocBatch:
        """The ``(id, text, date, url)`` items hashed together, packed for another process."""
        return DocBatch([i[0] for i in items], [i[2] for i in items], [url_key(i[3]) for i in items],
                        self.hasher.batch([i[1] for i in items], _LEAD))

    def add_texts(self, items: Iterable[tuple[str, str, str | None, str | None]]) -> list[str]:
        """Add ``(id, text, date, url)`` items; returns the ids whose copy group changed."""
        return self.add(self.make_docs(items))

    def add(self, docs: Sequence[IndexedDoc], *, chunk: int = 20_000) -> list[str]:
        """Index ``docs`` (an id already indexed is replaced) and group them with their copies.

        Document frequencies count the whole batch before any pair is judged, so within one call
        the result does not depend on order. Returns the ids whose copy group id changed."""
        self._changed = set()
        self.pairs = {}
        self.renamed = {}
        last = {d.id: i for i, d in enumerate(docs)}
        if len(last) < len(docs):  # an id twice in the batch: its last version replaces the others
            docs = [d for i, d in enumerate(docs) if last[d.id] == i]
        replaced = [self.slot[d.id] for d in docs if d.id in self.slot]
        for s in replaced:
            self._remove(s)
        if replaced:  # their postings go too, so that no lookup reaches a removed slot
            self.postings.compact(np.array([d is not None for d in self.docs], dtype=bool))
        start = len(self.docs)
        for d in docs:
            s = len(self.docs)
            self.docs.append(d)
            self.slot[d.id] = s
            self.parent.append(s)
            self.members[s] = [s]
            self.group_ids[s] = f"copy-{d.id}"
            day = _day(d.date)
            if day:
                heapq.heappush(self._by_day, (day, s))
                if self._newest is None or day > self._newest:
                    self._newest = day
        # The window moves with the newest date; this batch itself is never evicted, so a
        # historical corpus given in one call is compared as a whole.
        self.evict(keep_from=start)
        if docs:
            added = np.concatenate([d.shingles for d in docs])
            if self.sketch.overloaded(len(added)):
                self._rebuild_sketch()  # counts the new documents too
            else:
                self.sketch.update(added)
        self._clear_cache()
        # Too short to be evidence (fewer than `min_words` words): indexed, but neither posted nor compared.
        new_slots = [s for s in range(start, len(self.docs)) if self._comparable(self.docs[s])]
        slots_arr = np.asarray(new_slots, dtype=np.int64)
        keys, owner = batch_keys([self.docs[s] for s in new_slots])  # type: ignore[misc]
        if len(keys):
            self.postings.add(keys, slots_arr[owner].astype(np.int32))
        self._prepare(new_slots)
        pairs: dict[tuple[int, int], float] = {}
        for lo in range(0, len(new_slots), chunk):
            part = (owner >= lo) & (owner < lo + chunk)
            pairs.update(self._verify(self._candidates(keys[part], slots_arr[owner[part]])))
        self._link_urls(list(range(start, len(self.docs))))  # every new document, comparable by text or not
        self._group(pairs)
        self._clear_cache()
        # What this call changed: the new documents, and the members of every group renamed by a merge.
        changed = [s for s in sorted(self._changed | set(range(start, len(self.docs)))) if self.docs[s] is not None]
        self.last_labels = {self._ident(s): self.group_ids[self._find(s)] for s in changed}
        roots = {self._find(s) for s in changed}
        self.last_groups = {self.group_ids[r]: sorted(self._ident(m) for m in self.members[r])
                            for r in roots if len(self.members[r]) > 1}
        if len(self.docs) - len(self.slot) > max(len(self.slot), _COMPACT_MIN):
            self._compact()
        return sorted(self.last_labels)

    def _compact(self) -> None:
        """Number the live documents 0..n-1 again, once evicted slots outnumber them, so that memory
        follows the window and not the length of the stream."""
        live = [s for s, d in enumerate(self.docs) if d is not None]
        new = np.full(len(self.docs), -1, dtype=np.int64)
        new[live] = np.arange(len(live))
        self.postings.compact(new >= 0, new)
        remap = dict(zip(live, range(len(live)), strict=True))
        self.docs = [self.docs[s] for s in live]
        self.slot = {d.id: i for i, d in enumerate(self.docs)}  # type: ignore[union-attr]
        self.parent = list(range(len(live)))
        members: dict[int, list[int]] = {}
        group_ids: dict[int, str] = {}
        for root, group in self.members.items():  # every member and root is live (see _remove)
            r = remap[root]
            members[r] = [remap[m] for m in group]
            group_ids[r] = self.group_ids[root]
            for m in members[r]:
                self.parent[m] = r
        self.members, self.group_ids = members, group_ids
        self.by_url = {k: remap[v] for k, v in self.by_url.items() if v in remap}
        self._by_day = [(day, remap[v]) for day, v in self._by_day if v in remap]
        heapq.heapify(self._by_day)
        self.stats["compactions"] = self.stats.get("compactions", 0) + 1

    def _limit(self) -> int:
        """The boilerplate cut: ``boilerplate_df`` documents, or ``boilerplate_share`` of the indexed ones
        when that is more (in a big window ordinary phrases pass any fixed count)."""
        return max(self.config.boilerplate_df, int(self.config.boilerplate_share * len(self.slot)))

    def _comparable(self, doc: IndexedDoc | None) -> bool:
        return doc is not None and len(doc.shingles) > self.config.min_words - self.config.shingle_size

    def _rebuild_sketch(self) -> None:
        live = [d.shingles for d in self.docs if d is not None]
        self.sketch = DfSketch.for_items(sum(len(x) for x in live))
        if live:
            self.sketch.update(np.concatenate(live))

    def _remove(self, s: int, *, count: bool = True) -> None:
        doc = self.docs[s]
        if doc is None:
            return
        if count:
            self.sketch.update(doc.shingles, -1)
        self.docs[s] = None
        del self.slot[doc.id]
        if doc.url_key is not None and self.by_url.get(doc.url_key) == s:
            del self.by_url[doc.url_key]
        root = self._find(s)
        group = self.members[root]
        group.remove(s)
        if s == root:
            # Keep the group under a live root (or drop it when s was alone).
            gid = self.group_ids.pop(root)
            del self.members[root]
            if group:
                root = group[0]
                self.members[root] = group
                self.group_ids[root] = gid
        # Every member points at the root directly, so no path runs through the removed slot.
        for m in group:
            self.parent[m] = root
        self.parent[s] = s

    # -- window ------------------------------------------------------------------------------
    def evict(self, keep_from: int | None = None) -> int:
        """Drop documents older than ``window_days`` before the newest one, then the oldest beyond
        ``max_documents`` (slots from ``keep_from`` on stay). Their labels stay where they were
        written; they just stop matching."""
        cfg = self.config
        gone: list[int] = []
        last = len(self.docs) if keep_from is None else keep_from
        if self._newest is not None and cfg.window_days:
            limit = self._newest - timedelta(days=cfg.window_days)
            current: list[tuple[datetime, int]] = []
            while self._by_day and self._by_day[0][0] < limit:
                day, s = heapq.heappop(self._by_day)
                if s >= last:
                    current.append((day, s))  # this batch stays
                elif self.docs[s] is not None:
                    gone.append(s)
            for item in current:
                heapq.heappush(self._by_day, item)
        extra = len(self.slot) - len(gone) - cfg.max_documents
        if extra > 0:
            dropping = set(gone)
            gone.extend([s for s in self.slot.values() if s not in dropping and s < last][:extra])
        leaving = [self.docs[s] for s in gone]
        self.sketch.update(np.concatenate([d.shingles for d in leaving if d is not None] or [np.zeros(0, np.uint32)]), -1)
        for s, doc in zip(gone, leaving, strict=True):
            if doc is not None:
                self.evicted.append(doc.id)
            self._remove(s, count=False)
        if gone:
            self.stats["evicted"] += len(gone)
            alive = np.array([d is not None for d in self.docs], dtype=bool)
            self.postings.compact(alive)
        return len(gone)

    # -- evidence ----------------------------------------------------------------------------
    def _prepare(self, slots: list[int]) -> None:
        """Content shingles of many documents at once (one sketch query for all)."""
        todo = [s for s in slots if s not in self._content]
        if not todo:
            return
        fulls = [self.docs[s].shingles for s in todo]  # type: ignore[union-attr]
        every = np.concatenate(fulls)
        df = self.sketch.query(every)
        limit = self._limit()
        sizes = np.array([len(f) for f in fulls], dtype=np.int64)
        keep = df <= limit
        ends = np.concatenate(([0], np.cumsum(keep)))[np.cumsum(sizes)]
        kept = ends - np.concatenate(([0], ends[:-1]))
        strict = kept < np.maximum(10, 0.2 * sizes)
        # The content of each document, as views of one array; a strict one keeps more (see content()).
        content = every[keep]
        bounds = np.concatenate(([0], np.cumsum(kept))).tolist()
        at = 0
        for i, (s, full, is_strict) in enumerate(zip(todo, fulls, strict.tolist(), strict=True)):
            if is_strict:
                self._content[s] = (full[df[at : at + len(full)] <= 5 * limit], True)
            else:
                self._content[s] = (content[bounds[i] : bounds[i + 1]], False)
            at += len(full)

    def content(self, s: int) -> tuple[np.ndarray, bool]:
        """A document's content shingles (boilerplate set aside) and whether it is strict."""
        hit = self._content.get(s)
        if hit is not None:
            return hit
        doc = self.docs[s]
        assert doc is not None
        full = doc.shingles
        df = self.sketch.query(full)
        limit = self._limit()
        content = full[df <= limit]
        # Left with little after the cut: short, all boilerplate, or reprinted more often than
        # `boilerplate_df`. It keeps every shingle but those too common to be one story's reprints,
        # and must then be a near-whole copy to join a group.
        strict = len(content) < max(10, 0.2 * len(full))
        if strict:
            content = full[df <= 5 * limit]
        out = (content, strict)
        self._content[s] = out
        return out

    def evidence(self, a: str, b: str) -> PairEvidence:
        """What two indexed documents share, and whether that makes them copies."""
        sa, sb = self.slot[a], self.slot[b]
        try:
            return self._evidence(sa, sb)
        finally:
            self._clear_cache()

    def _clear_cache(self) -> None:
        self._content.clear()
        self._scores.clear()

    def _evidence(self, sa: int, sb: int) -> PairEvidence:
        (ca, stricta), (cb, strictb) = self.content(sa), self.content(sb)
        da, db = self.docs[sa], self.docs[sb]
        assert da is not None and db is not None
        shared = int(np.intersect1d(ca, cb, assume_unique=True).size) if len(ca) and len(cb) else 0
        both = int(np.intersect1d(da.shingles, db.shingles, assume_unique=True).size)
        union = len(ca) + len(cb) - shared
        cont = shared / min(len(ca), len(cb)) if len(ca) and len(cb) else 0.0
        jac = shared / union if union else 0.0
        strict = stricta or strictb
        ok = bool(shared) and (jac >= self.config.strict_containment if strict else cont >= self.config.min_containment)
        same_url = da.url_key is not None and da.url_key == db.url_key
        return PairEvidence(da.id, db.id, shared, len(ca), len(cb), max(0, both - shared), strict, cont, jac,
                            ok or same_url, same_url)

    # -- steps -------------------------------------------------------------------------------
    def _candidates(self, keys: np.ndarray, owners: np.ndarray) -> list[tuple[int, int]]:
        """Pairs of documents sharing enough posted keys. Each document queries its own keys that
        are content (not boilerplate) against the documents posted before it."""
        if not len(keys):
            return []
        df = self.sketch.query(keys)
        slots, at = np.unique(owners, return_inverse=True)
        strict = np.array([self.content(x)[1] for x in slots.tolist()], dtype=bool)[at]
        limit = self._limit()
        content = (df <= limit) | (strict & (df <= 5 * limit))
        q, o = keys[content], owners[content]
        # Each pair is counted from its newer side only (the older one was posted first), and the
        # queries are looked up a few documents at a time, so the hit arrays stay near _HIT_BUDGET
        # however many postings the boilerplate cut lets a key have.
        # A few shared keys can be chance. Copies share at least `min_containment` of the shorter
        # text's content, so about a quarter of that among the anchors a long text posts (more when
        # the leads match); four fifths of that is required here, and verification is exact. Lower
        # factors (0.1, 0.05) found one more pair on the generated 10k corpus and none on wire_copies.
        # A pair lies in one piece (its newer side's), so each piece is filtered on its own.
        # Needles sorted by key (then owner) search the postings much faster.
        needles = np.sort(_pack(q, o))
        owner = (needles & _LOW).astype(np.int64)
        spans = self.postings.spans(needles)  # searched once, for the counts and the lookups
        hits = self.postings.hit_counts(needles, spans)
        pieces = [(0, len(self.docs))]
        if hits.sum() > _HIT_BUDGET:
            pieces = _pieces(np.bincount(owner, weights=hits, minlength=len(self.docs)), _HIT_BUDGET)
        length = np.full(len(self.docs), -1.0)  # content sizes, filled as documents turn up
        out: list[tuple[int, int]] = []
        for lo, hi in pieces:
            if len(pieces) == 1:
                own, other = self.postings.lookup(needles, spans)
            else:
                part = (owner >= lo) & (owner < hi)
                own, other = self.postings.lookup(needles[part], [(at[part], n[part]) for at, n in spans])
            codes, counts = np.unique(other * (1 << 32) + own, return_counts=True)
            pa, pb = codes >> 32, codes & ((1 << 32) - 1)
            involved = np.zeros(len(self.docs), dtype=bool)
            involved[pa] = involved[pb] = True
            # The documents met for the first time, prepared together: one sketch query for all
            # (one query per document, for every older document a key reaches, cost more than the lookups).
            todo = np.flatnonzero(involved & (length < 0)).tolist()
            self._prepare(todo)
            length[todo] = [len(self._content[x][0]) for x in todo]
            shorter = np.minimum(length[pa], length[pb])
            ok = (counts >= np.maximum(2.0, 0.2 * self.config.min_containment * shorter)) | (shorter < 10)
            out += zip(pa[ok].tolist(), pb[ok].tolist(), strict=True)
        self.stats["candidates"] += len(out)
        return out

    def _verify(self, pairs: list[tuple[int, int]]) -> dict[tuple[int, int], float]:
        """The candidate pairs that are copies, with their containment (all pairs judged at once)."""
        if not pairs:
            return {}
        arr = np.asarray(pairs, dtype=np.int64)
        shared = self._shared(arr)
        slots = np.unique(arr)
        info = [self.content(x) for x in slots.tolist()]
        size = np.array([len(c) for c, _ in info], dtype=np.float64)
        strict = np.array([st for _, st in info], dtype=bool)
        ia, ib = np.searchsorted(slots, arr[:, 0]), np.searchsorted(slots, arr[:, 1])
        ok, scores = self._rule(shared, size[ia], size[ib], strict[ia] | strict[ib])
        out: dict[tuple[int, int], float] = {}
        known = self._scores
        for a, b, good, score in zip(arr[:, 0].tolist(), arr[:, 1].tolist(), ok.tolist(), scores.tolist(), strict=True):
            if good:
                out[(a, b)] = known[(a, b)] = score
            else:  # (the chain guard may ask again: the answer is known)
                known[(a, b) if a < b else (b, a)] = None
        self.stats["verified"] += len(out)
        return out

    def _shared(self, pairs: np.ndarray) -> np.ndarray:
        """How many content shingles the two documents of each row ``(a, b)`` of ``pairs`` share.

        The shorter side's shingles are looked up in the longer side's, for a block of pairs at a
        time (about ``_HIT_BUDGET`` lookups), in one sorted array keyed by document and shingle."""
        slots = np.unique(pairs)
        contents = [self.content(x)[0] for x in slots.tolist()]
        lens = np.array([len(c) for c in contents], dtype=np.int64)
        starts = np.cumsum(lens) - lens
        owner = np.repeat(np.arange(len(slots), dtype=np.uint64), lens)
        keyed = (owner << np.uint64(32)) | np.concatenate(contents).astype(np.uint64) if len(owner) else owner
        ia, ib = np.searchsorted(slots, pairs[:, 0]), np.searchsorted(slots, pairs[:, 1])
        a_short = lens[ia] <= lens[ib]
        q, t = np.where(a_short, ia, ib), np.where(a_short, ib, ia)
        out = np.zeros(len(pairs), dtype=np.float64)
        if not len(keyed):
            return out
        # Pairs in the order of their longer side: the lookups then come in runs of ascending
        # keys in one region of `keyed`, which searchsorted does several times faster.
        order = np.argsort(t, kind="stable")
        q, t = q[order], t[order]
        todo = lens[q]
        for lo, hi in _pieces(todo, _HIT_BUDGET):
            n = todo[lo:hi]
            total = int(n.sum())
            if not total:
                continue
            first = np.cumsum(n) - n
            idx = np.repeat(starts[q[lo:hi]] - first, n) + np.arange(total)
            keys = (np.repeat(t[lo:hi].astype(np.uint64), n) << np.uint64(32)) | (keyed[idx] & np.uint64(0xFFFFFFFF))
            pos = np.minimum(np.searchsorted(keyed, keys), len(keyed) - 1)
            # The hits of each pair's run of lookups, counted by where the hits fall (a cumulative
            # sum of the boolean array would widen all of it to int64 first).
            hit = np.flatnonzero(keyed[pos] == keys)
            out[order[lo:hi]] = np.searchsorted(hit, first + n) - np.searchsorted(hit, first)
        return out

    def _score(self, sa: int, sb: int) -> float | None:
        """The containment of a copy pair, or None when the two are not copies."""
        key = (sa, sb) if sa < sb else (sb, sa)
        if key in self._scores:
            return self._scores[key]
        out = self._scores[key] = self._judge(sa, sb)
        return out

    def _rule(self, shared: np.ndarray, la: np.ndarray, lb: np.ndarray, strict: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which pairs are copies, and their containment: ``shared`` content shingles of ``la`` and
        ``lb``; a strict pair needs Jaccard ``strict_containment``, the others containment of the
        shorter side ``min_containment``."""
        shorter = np.maximum(np.minimum(la, lb), 1.0)
        union = np.maximum(la + lb - shared, 1.0)
        ok = np.where(strict, shared / union >= self.config.strict_containment,
                      shared / shorter >= self.config.min_containment)
        return ok & (la > 0) & (lb > 0), shared / shorter

    def _judge(self, sa: int, sb: int) -> float | None:
        """One pair, by the same rule as :meth:`_rule` (the chain guard asks for pairs no candidate
        named), in scalars: the same IEEE divisions and comparisons as the array version."""
        (ca, stricta), (cb, strictb) = self.content(sa), self.content(sb)
        la, lb = len(ca), len(cb)
        if not la or not lb:
            return None
        small, big = (ca, cb) if la <= lb else (cb, ca)
        at = np.searchsorted(big, small)  # both sorted and unique: a shingle of `small` in `big` is where it goes
        shared = int(np.count_nonzero(big[np.minimum(at, len(big) - 1)] == small))
        shorter = min(la, lb)
        if stricta or strictb:
            ok = shared / max(la + lb - shared, 1) >= self.config.strict_containment
        else:
            ok = shared / shorter >= self.config.min_containment
        return shared / shorter if ok else None

    def _link_urls(self, slots: list[int]) -> None:
        """One URL is one article: records of the same page (re-scrapes, updated versions, a story
        moved to a new headline) share a copy group whatever their texts, ahead of text evidence."""
        for s in slots:
            doc = self.docs[s]
            assert doc is not None
            if doc.url_key is None:
                continue
            first = self.by_url.setdefault(doc.url_key, s)
            if first != s and self.docs[first] is not None:
                self._merge(self._find(first), self._find(s))
                self.stats["same_url"] = self.stats.get("same_url", 0) + 1

    def _merge(self, ra: int, rb: int) -> None:
        if ra == rb:
            return
        gid = min(self.group_ids[ra], self.group_ids[rb])
        for root in (ra, rb):
            old = self.group_ids[root]
            if old != gid:
                self.renamed[old] = gid
                self._changed.update(self.members[root])
        if self.group_ids[rb] < self.group_ids[ra]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))
        self.group_ids[ra] = gid
        self.group_ids.pop(rb, None)

    def resolve(self, gid: str) -> str:
        """The id a group id stands for now (the last call of add() may have merged it away)."""
        seen = gid
        while gid in self.renamed:
            gid = self.renamed[gid]
        if gid != seen:
            self.renamed[seen] = gid
        return gid

    def _find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def _group(self, pairs: dict[tuple[int, int], float]) -> None:
        """Merge verified pairs strongest first; two groups merge only when most of their cross
        pairs are copies too, so A~B and B~C do not pull an unrelated C in with A."""
        ident, rounded = self._ident, self.pairs
        order = []
        for (sa, sb), score in pairs.items():
            a, b = ident(sa), ident(sb)
            if b < a:
                a, b = b, a
            rounded[(a, b)] = round(score, 4)
            order.append((-round(score, 9), a, b, sa, sb))
        order.sort()  # strongest first, then by ids
        find, members, judged = self._find, self.members, self._score
        for _strength, _a, _b, sa, sb in order:
            ra, rb = find(sa), find(sb)
            if ra == rb:
                continue
            if len(members[ra]) > 1 or len(members[rb]) > 1:  # two lone documents: the pair is the check
                ga = sorted(members[ra], key=ident)[:20]
                gb = sorted(members[rb], key=ident)[:20]
                agree = sum(judged(i, j) is not None for i in ga for j in gb)
                if agree * 2 <= len(ga) * len(gb):
                    self.stats["chain_rejected"] += 1
                    continue
            self._merge(ra, rb)

    def _ident(self, s: int) -> str:
        doc = self.docs[s]
        return doc.id if doc is not None else ""

    # -- persistence -------------------------------------------------------------------------
    def rows(self, ids: Iterable[str]) -> list[tuple[str, str | None, str | None, bytes, bytes]]:
        """``(id, date, url_key, shingles, lead)`` rows for a store (hashes as uint32 little endian)."""
        out = []
        for i in ids:
            d = self.docs[self.slot[i]]
            assert d is not None
            out.append((d.id, d.date, d.url_key, d.shingles.astype("<u4").tobytes(), d.lead.astype("<u4").tobytes()))
        return out

    @classmethod
    def restore(cls, config: DedupConfig | None, rows: Iterable[tuple[str, str | None, str | None, bytes, bytes]],
                labels: dict[str, str]) -> CopyIndex:
        """An index over stored rows, with the groups given by ``labels`` (id -> copy group id)."""
        index = cls(config)
        docs = [IndexedDoc(i, d, np.frombuffer(sh, dtype="<u4").astype(np.uint32),
                           np.frombuffer(ld, dtype="<u4").astype(np.uint32), u)
                for i, d, u, sh, ld in rows]
        for d in docs:
            s = len(index.docs)
            if d.url_key is not None:
                index.by_url.setdefault(d.url_key, s)
            index.docs.append(d)
            index.slot[d.id] = s
            index.parent.append(s)
            index.members[s] = [s]
            index.group_ids[s] = labels.get(d.id) or f"copy-{d.id}"
            day = _day(d.date)
            if day:
                heapq.heappush(index._by_day, (day, s))
                if index._newest is None or day > index._newest:
                    index._newest = day
        roots: dict[str, int] = {}
        for d in docs:
            s, gid = index.slot[d.id], index.group_ids[index.slot[d.id]]
            if gid in roots:
                r = roots[gid]
                index.parent[s] = r
                index.members[r].extend(index.members.pop(s))
                del index.group_ids[s]
            else:
                roots[gid] = s
        if docs:
            index._rebuild_sketch()
            posted = np.array([s for s, d in enumerate(docs) if index._comparable(d)], dtype=np.int64)
            keys, owner = batch_keys([docs[s] for s in posted.tolist()])
            if len(keys):
                index.postings.add(keys, posted[owner].astype(np.int32))
        index.evict()
        return index

    # -- results -----------------------------------------------------------------------------
    def label(self, doc_id: str) -> str:
        return self.group_ids[self._find(self.slot[doc_id])]

    def labels(self) -> dict[str, str]:
        return {i: self.group_ids[self._find(s)] for i, s in self.slot.items()}

    def groups(self) -> dict[str, list[str]]:
        """Live groups of two or more documents: group id -> member ids."""
        out: dict[str, list[str]] = {}
        for root, members in self.members.items():
            if len(members) > 1:
                out[self.group_ids[root]] = sorted(self._ident(m) for m in members)
        return out
