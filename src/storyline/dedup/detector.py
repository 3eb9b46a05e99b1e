"""Wire-copy detection over a :class:`~storyline.dedup.index.CopyIndex`: shingles -> boilerplate
-> candidates -> verified pairs -> groups (with a guard against transitive chains) -> canonical
version, direction and edits.

Boilerplate awareness: a shingle found in more than ``boilerplate_df`` documents (legal footers,
subscription plugs, shared templates) is not evidence that two documents are copies, so it is set
aside before candidates are generated and pairs are verified. A document that this cut would
leave (nearly) empty -- all boilerplate, a very short text, or a story reprinted more often than
``boilerplate_df`` -- keeps its whole shingle set but must then be a near-whole copy
(Jaccard of at least ``strict_containment``) to join a group, so a shared footer alone never merges anything.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence

from ..config import DedupConfig
from ..model import Article, CopyGroup
from .align import align_copies
from .index import CopyIndex

__all__ = ["WireCopyDetector", "group_id"]

log = logging.getLogger(__name__)


def group_id(members: Sequence[str]) -> str:
    """A copy group's id: stable as long as its smallest member id stays."""
    return f"copy-{min(members)}"


class WireCopyDetector:
    """Finds reprints of the same wire story. ``labels_`` maps article id to copy group id.

    ``fit`` indexes a batch from scratch; pass an existing ``index`` to add to what it holds
    (the incremental path: only the new articles are shingled and compared)."""

    def __init__(self, config: DedupConfig | None = None, index: CopyIndex | None = None) -> None:
        self.config = config or DedupConfig()
        self.index = index if index is not None else CopyIndex(self.config)
        self.labels_: dict[str, str] = {}
        self.groups_: list[CopyGroup] | None = None
        self._members: list[tuple[str, list[Article]]] = []
        self.pairs_: dict[tuple[str, str], float] = {}
        self.changed_: list[str] = []

    @property
    def stats_(self) -> dict[str, int]:
        return {**self.index.stats, "indexed": len(self.index)}

    @staticmethod
    def index_items(articles: Iterable[Article]) -> Iterator[tuple[str, str, str | None, str | None]]:
        """``(id, text, date, url)`` for the index. An article the cleaner found to be nothing but
        junk has no text of its own to compare."""
        for a in articles:
            yield a.id, "" if a.metadata.get("clean_warning") else a.text, a.published, a.url

    def fit(self, articles: Sequence[Article], context: Sequence[Article] = ()) -> WireCopyDetector:
        """Group ``articles`` (added to the index) and describe the groups they belong to.

        ``context`` holds the articles stored before, labelled with their copy groups (the
        incremental path: they are in the index already, or were evicted from it). ``labels_``
        then covers both; only groups that changed are described."""
        index = self.index
        changed = index.add(index.make_docs(self.index_items(articles)))
        self.pairs_ = dict(index.pairs)

        labels = {a.id: index.resolve(a.copy_group or group_id([a.id])) for a in context}
        labels.update({i: index.last_labels[i] for i in changed})
        labels.update({a.id: index.last_labels[a.id] for a in articles})
        self.labels_ = labels
        self.changed_ = sorted({*changed, *(a.id for a in context if labels[a.id] != (a.copy_group or group_id([a.id])))})
        touched = {labels[i] for i in self.changed_} | {labels[a.id] for a in articles}
        members: dict[str, list[Article]] = {}
        for a in [*context, *articles]:
            if labels[a.id] in touched:
                members.setdefault(labels[a.id], []).append(a)
        self._members = sorted((gid, group) for gid, group in members.items() if len(group) > 1)
        self.groups_ = None
        return self

    def groups(self) -> list[CopyGroup]:
        """Groups of two or more copies, each with its canonical version and per-copy edits."""
        if self.groups_ is None:
            self.groups_ = [self.describe(gid, members) for gid, members in self._members]
        return list(self.groups_)

    def describe(self, gid: str, members: list[Article]) -> CopyGroup:
        """A copy group: its fullest version, its origin where the evidence allows, each copy's edits
        and the evidence that it is a copy."""
        words = {a.id: len(a.text.split()) for a in members}
        top = max(words.values())
        # The fullest version; among versions within 2% of the fullest, the latest.
        near = [a for a in members if words[a.id] >= 0.98 * top]
        canonical = max(near, key=lambda a: (a.published or "", len(a.text.split()), a.id))
        edits = {a.id: align_copies(canonical.text, a.text) for a in members if a.id != canonical.id}
        evidence: dict[str, dict[str, object]] = {}
        sims: dict[str, float] = {}
        for a in members:
            if a.id != canonical.id and a.id in self.index and canonical.id in self.index:
                ev = self.index.evidence(canonical.id, a.id)
                evidence[a.id] = {**ev.to_dict(), "reason": ev.reason(self.config)}
                sims[a.id] = round(ev.containment, 4)
        origin, why = copy_origin(members)
        return CopyGroup(id=gid, members=sorted(a.id for a in members), canonical=canonical.id, edits=edits,
                         similarity=sims, origin=origin, origin_reason=why, evidence=evidence)

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


def copy_origin(members: Sequence[Article]) -> tuple[str | None, str | None]:
    """Which member the others were copied from, where the evidence allows, and why.

    In order: the only member published first (by time); the only member crediting an agency in its
    own text (byline or dateline, not inherited); the only member that contains every other one
    (the rest are cuts of it). Otherwise undecided."""
    dated = sorted((a.published, a.id) for a in members if a.published)
    if len(dated) == len(members) and len(dated) > 1 and dated[0][0] < dated[1][0]:
        return dated[0][1], f"published first ({dated[0][0]})"
    credited = [a for a in members if a.agency and "agency_from" not in a.metadata]
    if len(credited) == 1:
        return credited[0].id, f"the only version crediting the agency ({credited[0].agency}) in its own text"
    words = {a.id: set(a.text.lower().split()) for a in members}
    full = [a for a in members if all(len(words[o.id] - words[a.id]) <= 0.02 * len(words[o.id]) for o in members)]
    if len(full) == 1:
        return full[0].id, "the only version that contains the others (they are cuts of it)"
    return None, None
