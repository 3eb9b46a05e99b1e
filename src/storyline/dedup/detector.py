"""Wire-copy detection as a chain of explicit steps: shingles -> boilerplate -> LSH candidates
-> verified pairs -> groups (with a guard against transitive chains) -> canonical version and edits.

Boilerplate awareness: a shingle found in more than ``boilerplate_df`` documents (legal footers,
subscription plugs, shared templates) is not evidence that two documents are copies, so it is
removed before candidates are generated and pairs are verified. A document that this cut would
leave (nearly) empty -- all boilerplate, a very short text, or a story reprinted more often than
``boilerplate_df`` -- keeps its whole shingle set but must then be a near-whole copy
(Jaccard of at least ``strict_containment``) to join a group, so a shared footer alone never merges anything.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..config import DedupConfig, lsh_params
from ..model import Article, CopyGroup
from .align import align_copies
from .signature import MinHashSignature

__all__ = ["WireCopyDetector", "group_id"]

log = logging.getLogger(__name__)


def group_id(members: Sequence[str]) -> str:
    """A copy group's id: stable as long as its smallest member id stays."""
    return f"copy-{min(members)}"


@dataclass(slots=True)
class _Pair:
    a: int
    b: int
    containment: float
    jaccard: float


@dataclass(slots=True)
class DedupStats:
    articles: int = 0
    boilerplate_shingles: int = 0
    all_boilerplate: int = 0
    candidates: int = 0
    verified: int = 0
    chain_rejected: int = 0
    groups: int = 0


class WireCopyDetector:
    """Finds reprints of the same wire story. ``labels_`` maps article id to copy group id."""

    def __init__(self, config: DedupConfig | None = None) -> None:
        self.config = config or DedupConfig()
        self.signer = MinHashSignature(
            num_perm=self.config.num_perm, shingle_size=self.config.shingle_size, seed=self.config.seed
        )
        self.labels_: dict[str, str] = {}
        self.groups_: list[CopyGroup] | None = None
        self._members: list[tuple[str, list[Article]]] = []
        self.pairs_: dict[tuple[str, str], float] = {}
        self.stats_ = DedupStats()
        self.strict_: list[bool] = []

    # -- steps -------------------------------------------------------------------------------
    def shingle_sets(self, articles: Sequence[Article]) -> list[set[str]]:
        return [self.signer.shingle_set(a.text) for a in articles]

    def remove_boilerplate(self, sets: list[set[str]]) -> list[set[str]]:
        df: Counter[str] = Counter()
        for s in sets:
            df.update(s)
        limit = self.config.boilerplate_df
        common = {sh for sh, n in df.items() if n > limit}
        self.stats_.boilerplate_shingles = len(common)
        content = [s - common if common else s for s in sets]
        # A document left with little after the cut is short, all boilerplate, or a story reprinted
        # more than `boilerplate_df` times. It keeps every shingle except those so common they cannot
        # be one story's reprints (in more than 5x `boilerplate_df` and 5% of the documents), and must
        # then be a near-whole copy to join a group. With nothing of its own left, it stays alone.
        sure = max(5 * limit, 0.05 * len(sets))
        self.strict_ = [len(c) < max(10, 0.2 * len(s)) for s, c in zip(sets, content, strict=True)]
        out = []
        for s, c, strict in zip(sets, content, self.strict_, strict=True):
            out.append({sh for sh in s if df[sh] <= sure} if strict else c)
        self.stats_.all_boilerplate = sum(1 for s, c in zip(sets, out, strict=True) if s and not c)
        return out

    def candidates(self, content: list[set[str]]) -> set[tuple[int, int]]:
        from rensa import RMinHashLSH

        bands, _rows = lsh_params(self.config.threshold, self.config.num_perm)
        lsh = RMinHashLSH(threshold=self.config.threshold, num_perm=self.config.num_perm, num_bands=bands)
        sigs = [self.signer.signature(s) if s else None for s in content]
        for i, sig in enumerate(sigs):
            if sig is not None:
                lsh.insert(i, sig)
        pairs: set[tuple[int, int]] = set()
        for i, sig in enumerate(sigs):
            if sig is None:
                continue
            for j in lsh.query(sig):
                if j != i:
                    pairs.add((min(i, j), max(i, j)))
        self.stats_.candidates = len(pairs)
        return pairs

    def verify(self, content: list[set[str]], pairs: set[tuple[int, int]]) -> list[_Pair]:
        out = []
        strict = self.strict_ or [False] * len(content)
        for i, j in pairs:
            a, b = content[i], content[j]
            inter = len(a & b)
            cont = inter / min(len(a), len(b))
            # Short or mostly-boilerplate documents must be near-whole copies of each other (Jaccard).
            if strict[i] or strict[j]:
                ok = inter / len(a | b) >= self.config.strict_containment
            else:
                ok = cont >= self.config.min_containment
            if ok:
                out.append(_Pair(i, j, cont, inter / len(a | b)))
        self.stats_.verified = len(out)
        return out

    def group(self, n: int, content: list[set[str]], pairs: list[_Pair], keys: list[str] | None = None) -> list[list[int]]:
        """Merge verified pairs strongest first; two groups merge only when most of their
        cross pairs are copies too, so A~B and B~C do not pull an unrelated C in with A."""
        parent = list(range(n))
        members: dict[int, list[int]] = {i: [i] for i in range(n)}

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        strict = self.strict_ or [False] * n

        def contained(i: int, j: int) -> bool:
            a, b = content[i], content[j]
            if not (a and b):
                return False
            if strict[i] or strict[j]:
                return len(a & b) / len(a | b) >= self.config.strict_containment
            return len(a & b) / min(len(a), len(b)) >= self.config.min_containment

        key = keys or [str(i) for i in range(n)]
        # Strongest first, ties broken by article id, so the result does not depend on input order.
        for p in sorted(pairs, key=lambda p: (-round(p.containment, 9), *sorted((key[p.a], key[p.b])))):
            ra, rb = find(p.a), find(p.b)
            if ra == rb:
                continue
            ga = sorted(members[ra], key=key.__getitem__)[:20]
            gb = sorted(members[rb], key=key.__getitem__)[:20]
            cross = [contained(i, j) for i in ga for j in gb]
            if sum(cross) * 2 <= len(cross) and len(cross) > 1:
                self.stats_.chain_rejected += 1
                continue
            if key[min(members[rb], key=key.__getitem__)] < key[min(members[ra], key=key.__getitem__)]:
                ra, rb = rb, ra
            parent[rb] = ra
            members[ra].extend(members.pop(rb))
        return [sorted(g) for g in members.values()]

    # -- the whole chain ---------------------------------------------------------------------
    def fit(self, articles: Sequence[Article]) -> WireCopyDetector:
        self.stats_ = DedupStats(articles=len(articles))
        sets = self.shingle_sets(articles)
        content = self.remove_boilerplate(sets)
        verified = self.verify(content, self.candidates(content))
        self.pairs_ = {
            (articles[p.a].id, articles[p.b].id): round(p.containment, 4) for p in verified
        }
        groups = self.group(len(articles), content, verified, [a.id for a in articles])
        self.labels_, self._members = {}, []
        for idx in groups:
            ids = [articles[i].id for i in idx]
            gid = group_id(ids)
            for aid in ids:
                self.labels_[aid] = gid
            if len(idx) > 1:
                self._members.append((gid, [articles[i] for i in idx]))
        self.groups_ = None
        self.stats_.groups = len(groups)
        return self

    def groups(self) -> list[CopyGroup]:
        """Groups of two or more copies, each with its canonical version and per-copy edits."""
        if self.groups_ is None:
            self.groups_ = [self._describe(gid, members) for gid, members in self._members]
        return list(self.groups_)

    def _describe(self, gid: str, members: list[Article]) -> CopyGroup:



        words = {a.id: len(a.text.split()) for a in members}
        top = max(words.values())
        # The fullest version; among versions within 2% of the fullest, the latest.
        near = [a for a in members if words[a.id] >= 0.98 * top]
        canonical = max(near, key=lambda a: (a.published or "", len(a.text.split()), a.id))
        edits = {a.id: align_copies(canonical.text, a.text) for a in members if a.id != canonical.id}
        sims = {
            a.id: self.pairs_.get((min(a.id, canonical.id), max(a.id, canonical.id)), 0.0)
            for a in members
            if a.id != canonical.id
        }

        return CopyGroup(id=gid, members=sorted(a.id for a in members), canonical=canonical.id, edits=edits,
                         similarity=sims)

    def label(self, articles: Sequence[Article]) -> list[Article]:
        """Set ``copy_group`` on each article, and let reprints that name no agency inherit
        the agency their copies name (recorded in ``metadata["agency_from"]``)."""
        from dataclasses import replace

        by_group: dict[str, list[Article]] = {}
        for a in articles:
            by_group.setdefault(self.labels_.get(a.id, group_id([a.id])), []).append(a)
        out = []
        for a in articles:
            gid = self.labels_.get(a.id, group_id([a.id]))
            agency, meta = a.agency, a.metadata
            if agency is None:
                named = sorted({m.agency for m in by_group[gid] if m.agency})
                if len(named) == 1:
                    agency = named[0]
                    meta = {**meta, "agency_from": "copy relation"}
            out.append(replace(a, copy_group=gid, agency=agency, metadata=meta))
        return out
