"""The pipeline: ingest -> clean -> dedup -> cluster -> compare/brief, over a store.

Each stage is a plain function over a batch of articles with its state passed in, so the
same steps can run on one core or be distributed later. :class:`Storyline` ties them to a
store: ``add(paths)`` reads new input, cleans it, stores it, finds the copies of new articles
against the stored copy index, assigns them to stories (existing stories persist and grow),
and briefs again the stories the run touched (the others keep their stored brief). It reads
only the part of the store the input touches, and gives the same result as running each stage
over the whole store. Running the same input twice changes nothing.
"""

from __future__ import annotations

import gc
import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .clean import ArticleCleaner
from .config import CleanConfig, ClusterConfig, DedupConfig, IngestConfig, PipelineConfig
from .dedup import CopyIndex, WireCopyDetector, group_id
from .dedup.index import DocBatch, IndexedDoc
from .errors import IngestError, StorylineError
from .ingest import read_paths
from .ingest.jsonl import JsonLinesReader, LineBatch
from .model import Article, CopyGroup, InputError, Story

# The brief, cluster and store stages are imported where they are used: ``storyline dedup``
# (and ``import storyline.pipeline``) then never loads them.
if TYPE_CHECKING:
    from .cluster import StoryClusterer
    from .store import Store

__all__ = [
    "RunReport",
    "Storyline",
    "assign_stories",
    "brief",
    "build_stories",
    "clean_articles",
    "detect_copies",
    "read_articles",
    "stream_copies",
]

log = logging.getLogger(__name__)
Progress = Callable[[str], None]


@dataclass(slots=True)
class RunReport:
    """What one run produced, in the shape of ``stories.json``.

    From :meth:`Storyline.add`: the stories the run briefed again and those holding an article it
    read, with their articles and copy groups; ``counts`` covers the run and the whole store
    (``articles``, ``copy_groups``, ``stories``). :meth:`Storyline.report` gives the whole store.
    """

    articles: list[Article]
    stories: list[Story]
    groups: list[CopyGroup]
    errors: list[InputError]
    counts: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    input_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def touching(self, ids: set[str]) -> RunReport:
        """The same report restricted to the stories holding any of ``ids``."""
        stories = [s for s in self.stories if ids & set(s.articles)]
        keep = {aid for s in stories for aid in s.articles}
        return RunReport(
            [a for a in self.articles if a.id in keep],
            stories,
            [g for g in self.groups if keep & set(g.members)],
            self.errors, self.counts, self.timings, self.input_ids,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": [a.to_dict() for a in self.articles],
            "stories": [s.to_dict() for s in self.stories],
            "copy_groups": [g.to_dict() for g in self.groups],
            "errors": [e.to_dict() for e in self.errors],
            "counts": self.counts,
        }


# -- stages as functions ---------------------------------------------------------------------
def read_articles(paths: Iterable[str | Path], config: IngestConfig | None = None) -> tuple[list[Article], list[InputError]]:
    articles: dict[str, Article] = {}
    errors: list[InputError] = []
    for item in read_paths(paths, config):
        if isinstance(item, InputError):
            errors.append(item)
        elif item.id in articles:
            errors.append(InputError(item.source_path or "?", f"duplicate article id {item.id!r}; the later one is kept"))
            articles[item.id] = item
        else:
            articles[item.id] = item
    return list(articles.values()), errors


def _as_ingested(article: Article) -> Article:
    """A stored (clean) article with its removed lines put back, for learning repeated junk."""
    lines = [r.text for r in article.removed]
    return replace(article, text="\n".join([*lines, article.text]), removed=[])


def clean_articles(
    articles: Sequence[Article], config: CleanConfig | None = None, context: Sequence[Article] = ()
) -> list[Article]:
    """Clean ``articles``; repeated junk is learned over them plus ``context`` (already stored ones)."""
    cleaner = ArticleCleaner(config).fit([*articles, *(_as_ingested(a) for a in context)])
    return list(cleaner.run(articles))


def detect_copies(
    articles: Sequence[Article], config: DedupConfig | None = None, *, describe: bool = True
) -> tuple[list[Article], list[CopyGroup]]:
    """Label copy groups; with ``describe`` also return the groups with their fullest version and
    each copy's edits (the sentence alignment costs more than the grouping; labels alone skip it)."""
    detector = WireCopyDetector(config).fit(articles)
    return detector.label(articles), detector.groups() if describe else []


# Stored briefs are reused for stories a run does not touch; bump this when BriefBuilder's output changes,
# so that a store written by an older version is briefed again once.
_BRIEF_FORMAT = 1
# The state key of the stories a run is briefing again; a run that fails before storing their briefs leaves
# them to the next one.
_PENDING_BRIEFS = "briefs_pending"

_CLEAN_CHUNK = 5_000  # lines of JSON (or articles of other input) cleaned and hashed together when streaming


def _stream_units(paths: Iterable[str | Path], config: IngestConfig) -> Iterator[LineBatch | list[Article | InputError]]:
    """The input of :func:`stream_copies` in units of work: a JSON Lines file named on its own in
    batches of ``_CLEAN_CHUNK`` lines (parsed in a worker), other input read here ``_CLEAN_CHUNK``
    articles at a time."""
    reader = JsonLinesReader(config=config)
    items: list[Article | InputError] = []
    articles = 0
    for given in paths:
        path = Path(given)
        if path.suffix.lower() == ".jsonl" and path.name.lower() != ".jsonl" and path.is_file():
            if items:
                yield items
                items, articles = [], 0
            try:
                yield from reader.batches(path, _CLEAN_CHUNK)
            except IngestError as exc:
                yield [InputError(exc.path, exc.reason, exc.line)]
            continue
        for item in read_paths([path], config):
            items.append(item)
            articles += isinstance(item, Article)
            if articles >= _CLEAN_CHUNK:
                yield items
                items, articles = [], 0
    if items:
        yield items


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused over one batch of work. A batch builds tens of
    thousands of objects that all live until it ends (JSON records, articles, their lines and
    metadata), which the collector would otherwise walk again and again for nothing (a tenth of
    ``storyline dedup``'s time); whatever the batch leaves behind is collected once it resumes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _clean_and_hash(
    unit: LineBatch | list[Article | InputError], config: PipelineConfig
) -> tuple[list[tuple[str, str | None] | InputError], DocBatch]:
    """One streaming work unit (runs in a worker): read it, clean its articles and hash them for
    the copy index. Returns what was read in input order (``(id, source path)`` of each article
    and the input errors) and the hashed articles (of a repeated id, the later one)."""
    with _collector_paused():
        return _read_clean_and_hash(unit, config)


def _read_clean_and_hash(
    unit: LineBatch | list[Article | InputError], config: PipelineConfig
) -> tuple[list[tuple[str, str | None] | InputError], DocBatch]:
    items = JsonLinesReader(config=config.ingest).read_batch(unit) if isinstance(unit, LineBatch) else unit
    read: list[tuple[str, str | None] | InputError] = []
    articles: dict[str, Article] = {}
    for item in items:
        if isinstance(item, InputError):
            read.append(item)
        else:
            read.append((item.id, item.source_path))
            articles[item.id] = item
    cleaned = clean_articles(list(articles.values()), config.clean)
    return read, CopyIndex(config.dedup).make_batch(list(WireCopyDetector.index_items(cleaned)))


def stream_copies(
    paths: Iterable[str | Path], config: PipelineConfig | None = None, *, chunk: int = 20_000,
    workers: int | None = None, progress: Callable[[int], None] | None = None,
) -> tuple[dict[str, str], list[InputError]]:
    """Copy group labels for input of any size, read, cleaned and indexed ``chunk`` articles at a
    time, so memory holds the copy index and the labels, never the corpus.

    Reading (of JSON Lines), cleaning and hashing -- the per-article work -- run in ``workers``
    processes (default: one per core) on units of 5,000 lines or articles, while this process
    indexes; the result does not depend on the number of workers. Online: each chunk is compared
    with everything indexed before it (within the index window), and repeated-line junk is
    learned per unit. Returns ``({id: copy group}, errors)``."""
    import os
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor
    from itertools import chain, islice

    config = config or PipelineConfig()
    workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
    index = CopyIndex(config.dedup)
    labels: dict[str, str] = {}
    renamed: dict[str, str] = {}
    errors: list[InputError] = []
    seen: set[str] = set()
    ready: dict[str, IndexedDoc] = {}  # hashed, not indexed yet

    def take(result: tuple[list[tuple[str, str | None] | InputError], DocBatch]) -> None:
        read, hashed = result
        for entry in read:
            if isinstance(entry, InputError):
                errors.append(entry)
                continue
            if entry[0] in seen:
                errors.append(InputError(entry[1] or "?", f"duplicate article id {entry[0]!r}; the later one is kept"))
            seen.add(entry[0])
        for doc in hashed.docs():
            ready.pop(doc.id, None)  # a repeated id: the later one is kept (one indexed earlier is replaced by add)
            ready[doc.id] = doc
        index_ready()

    def index_ready(final: bool = False) -> None:
        while ready and (final or len(ready) >= chunk):
            batch = [ready.pop(i) for i in list(islice(ready, chunk))]
            with _collector_paused():
                index.add(batch)
            index.evicted.clear()  # nothing stored to delete them from
            renamed.update(index.renamed)
            labels.update(index.last_labels)
            if progress is not None:
                progress(len(labels))

    units = _stream_units(paths, config.ingest)
    head = list(islice(units, 2))
    pool = ProcessPoolExecutor(workers) if workers > 1 and len(head) > 1 else None  # one unit: not worth a pool
    try:
        if pool is None:
            for unit in chain(head, units):
                take(_clean_and_hash(unit, config))
        else:
            pending: deque[Future[tuple[list[tuple[str, str | None] | InputError], DocBatch]]] = deque()
            for unit in chain(head, units):
                pending.append(pool.submit(_clean_and_hash, unit, config))
                while len(pending) > workers:  # a bounded read-ahead keeps memory flat
                    take(pending.popleft().result())
            while pending:
                take(pending.popleft().result())
        index_ready(final=True)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)

    def resolve(gid: str) -> str:
        while gid in renamed:
            gid = renamed[gid]
        return gid

    live = index.labels()
    return {i: live.get(i) or resolve(g) for i, g in labels.items()}, errors


def assign_stories(
    articles: Sequence[Article], config: ClusterConfig | None = None, state: dict[str, Any] | None = None
) -> tuple[list[Article], dict[str, Any]]:
    """Assign each article to a story (copy groups together); ``state`` continues an earlier run.

    An article with no usable date (missing, unreadable, before 1900 or more than a year ahead) is
    placed in arrival order with no time window; its ``metadata["story_order"]`` says so.
    """
    from .cluster import StoryClusterer

    clusterer = StoryClusterer.from_state(state, config).partial_fit(articles)
    return _with_stories(articles, clusterer), clusterer.state_dict()


def _with_stories(articles: Sequence[Article], clusterer: StoryClusterer) -> list[Article]:
    """The articles with their story labels (and the arrival-order note on undated ones)."""
    from .cluster import day_of

    return [
        replace(a, story=clusterer.labels_.get(a.id),
                metadata={**a.metadata, "story_order": "arrival (no usable date)"} if day_of(a.published) is None else a.metadata)
        for a in articles
    ]


def build_stories(articles: Sequence[Article], groups: Sequence[CopyGroup], config: PipelineConfig | None = None) -> list[Story]:
    from .brief import BriefBuilder

    config = config or PipelineConfig()
    builder = BriefBuilder(config.compare, config.summary)
    by_story: dict[str, list[Article]] = {}
    for a in articles:
        if a.story:
            by_story.setdefault(a.story, []).append(a)
    stories = [builder.build(sid, members, groups) for sid, members in by_story.items()]
    stories.sort(key=_story_order, reverse=True)
    return stories


def _story_order(story: Story) -> tuple[str, str]:
    """The order of a report's stories, reversed: newest first by the last article date, then by id."""
    return story.metadata.get("last_published") or "", story.id


@dataclass(slots=True)
class _Work:
    """The articles one :meth:`Storyline.add` reads and may change, and the copy groups it changes."""

    before: dict[str, Article]  # as stored before the run
    full: bool = False  # the copy index was built again: every article was read
    now: dict[str, Article] = field(default_factory=dict)  # as labelled by the run (store order)
    described: dict[str, CopyGroup] = field(default_factory=dict)  # groups described again
    gone: set[str] = field(default_factory=set)  # groups left with fewer than two members


def _overlay(groups: list[CopyGroup], newer: dict[str, CopyGroup]) -> list[CopyGroup]:
    """``groups`` (as read from the store) with the ``newer`` version of any of them in its place."""
    return [newer.get(g.id, g) for g in groups]


# -- the API object ---------------------------------------------------------------------------
class Storyline:
    """Storyline over a store. ``Storyline(db=path)``; ``":memory:"`` keeps nothing on disk."""

    def __init__(self, db: str | Path | Store = ":memory:", config: PipelineConfig | None = None) -> None:
        from .store import SqliteStore, Store

        self.config = config or PipelineConfig()
        self.store: Store = db if isinstance(db, Store) else SqliteStore(db)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Storyline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, paths: Sequence[str | Path], progress: Progress | None = None) -> RunReport:
        """Read ``paths`` into the store and update what they touch; the report covers the stories
        this run briefed again or that hold its input (see :class:`RunReport`).

        Only the part of the store the input bears on is read: the stored versions of re-read
        articles, the stored articles of the new articles' outlets (for learning repeated lines),
        the copy index, the whole copy groups this run changes, the clusterer rows placing needs,
        and the articles of the stories briefed again."""
        say = progress or (lambda _msg: None)
        timings: dict[str, float] = {}
        run_id = self.store.start_run([str(p) for p in paths], self.config.to_dict())

        def timed(name: str, fn: Callable[[], Any]) -> Any:
            say(name)
            t0 = time.perf_counter()
            out = fn()
            timings[name] = round(time.perf_counter() - t0, 4)
            return out

        new, errors = timed("ingest", lambda: read_articles(paths, self.config.ingest))
        new_ids = {a.id for a in new}
        previous = {a.id: a for a in self.store.find_articles(ids=new_ids)}
        # Stored articles a failed run left without a story or copy group are placed now.
        unplaced = [a for a in self.store.find_articles(unplaced=True) if a.id not in new_ids]
        cleaned = timed("clean", lambda: clean_articles(new, self.config.clean, self._cleaning_context(new, new_ids)))
        # Keep what later stages set on articles that were stored before, so unchanged input stays unchanged.
        cleaned = [
            replace(a, copy_group=previous[a.id].copy_group, story=previous[a.id].story, agency=a.agency or previous[a.id].agency,
                    metadata={**a.metadata, **{k: v for k, v in previous[a.id].metadata.items() if k in _CARRIED}})
            if a.id in previous and _same_content(a, previous[a.id]) else a
            for a in cleaned
        ]
        counts: dict[str, Any] = {"read": len(new), "errors": len(errors)}
        counts.update({f"articles_{k}": v for k, v in self.store.put_articles(cleaned).items()})
        fresh = [a for a in cleaned if a.id not in previous or not _same_content(a, previous[a.id])]
        work: _Work = timed("dedup", lambda: self._dedup(cleaned, fresh, previous, unplaced))
        # An article whose copy group or content changed is re-assigned; others keep their story.
        # (Its old terms stay in its old story's vector until that story is rebuilt: a known limit.)
        changed = [
            i for i, a in work.now.items()
            if i in work.before and (work.before[i].copy_group != a.copy_group or not _same_content(a, work.before[i]))
        ]
        timed("cluster", lambda: self._cluster(work, changed, [*(a.id for a in fresh), *(a.id for a in unplaced)]))
        # The stories briefed again: those holding an article that is new, changed, moved to another story,
        # rewritten (whatever a brief shows of it may have changed with its text the same) or in a copy group
        # described again, or that held one before; and those a failed run left to brief.
        rewritten = {a.id for a in cleaned if a.id in previous and a != previous[a.id]}
        moved = {i for i, a in work.now.items() if i in work.before and work.before[i].story != a.story}
        touched = {a.id for a in fresh} | set(changed) | rewritten | moved
        touched |= {m for g in work.described.values() for m in g.members}
        named = {work.now[i].story for i in touched} | {work.before[i].story for i in touched if i in work.before}
        dirty = {s for s in named if s} | set(self.store.get_state(_PENDING_BRIEFS) or ())
        if dirty:  # until their briefs are stored, should this run fail
            self.store.put_state(_PENDING_BRIEFS, sorted(dirty))
        stored = {**work.before, **{a.id: a for a in cleaned}}  # what the store holds now
        self.store.put_articles([a for a in work.now.values() if a != stored.get(a.id)])  # what the labels changed
        self.store.put_copy_groups(sorted(work.described.values(), key=lambda g: g.id), replace=work.full,
                                   remove=() if work.full else sorted(work.gone))
        stories, members, everything = timed("brief", lambda: self._briefs(work, dirty))
        self.store.put_stories(stories, replace=everything, remove=() if everything else sorted(dirty - {s.id for s in stories}))
        self.store.put_state("brief_settings", self._brief_settings())  # only once the briefs are stored
        if dirty:
            self.store.put_state(_PENDING_BRIEFS, [])
        self.store.put_errors(errors, run_id)
        counts.update({"articles": self.store.count_articles(), "copy_groups": self.store.count_copy_groups(),
                       "stories": self.store.count_stories()})
        self.store.finish_run(run_id, {**counts, "timings": timings})
        report = self._touched_report(work, stories, members, [work.now[i] for i in sorted(new_ids)])
        report.errors, report.counts, report.timings, report.input_ids = errors, counts, timings, sorted(new_ids)
        return report

    def _cleaning_context(self, new: Sequence[Article], new_ids: set[str]) -> list[Article]:
        """The stored articles whose lines the cleaner's repeated-line learner counts along with ``new``
        for the outlets of ``new`` (the only ones cleaning ``new`` asks about), in store order.

        The learner counts lines per outlet key, and takes each text once, from the first article
        that has it: a stored article of one of these outlets whose text an earlier stored article of
        another outlet has is left out, as the learner would skip it."""
        from .store.base import article_order
        from .store.keys import outlet_key, text_key

        if not self.config.clean.learn_repeated:
            return []
        keys = {k for a in new if (k := outlet_key(a)) is not None}
        if not keys:
            return []
        mine = [a for a in self.store.find_articles(outlet_keys=keys) if a.id not in new_ids and outlet_key(a) in keys]
        first: dict[str, tuple[bool, str, str]] = {}  # text key -> the earliest article of another outlet with it
        for i, published, key, text in self.store.article_keys({text_key(a) for a in mine}):
            order = (published is None, published or "", i)  # article_order
            if i not in new_ids and key is not None and key not in keys and (text not in first or order < first[text]):
                first[text] = order
        return [a for a in mine if first.get(text_key(a), article_order(a)) >= article_order(a)]

    def _dedup(self, cleaned: list[Article], fresh: list[Article], previous: dict[str, Article],
               unplaced: list[Article]) -> _Work:
        """Copy groups for ``fresh`` articles (new or changed), compared against the stored copy index;
        the stored articles are neither re-read for this nor re-shingled.

        Reads the whole copy groups the run changes (the fresh articles' groups, groups merged or
        left, and the groups of re-read and unplaced articles), labels them (reprints inherit an
        agency from their group), and describes again the groups that changed."""
        from .store.base import article_order

        store, config = self.store, self.config.dedup
        index_format = {"version": 2, "shingle_size": config.shingle_size, "seed": config.seed}
        full = store.get_state("copy_index") != index_format
        work = _Work(before=dict(previous), full=full)
        current = {a.id: a for a in cleaned}  # what the store holds now of the articles read

        def read(articles: Iterable[Article]) -> list[Article]:
            out = [a for a in articles if a.id not in current]
            for a in out:
                work.before[a.id] = current[a.id] = a
            return out

        read(unplaced)
        if full:  # a store written before the index existed (or with other shingles): index everything once
            read(store.articles())
            fresh = sorted(current.values(), key=article_order)
            index = CopyIndex(config)
            has_context = False
        else:
            has_context = store.count_articles() > len(fresh)
            rows = list(store.index_entries()) if has_context else []
            fresh_ids = {a.id for a in fresh}
            labels = store.copy_group_labels(r[0] for r in rows)
            index = CopyIndex.restore(config, rows, {i: g for i, g in labels.items() if i not in fresh_ids})
        fresh_ids = {a.id for a in fresh}
        detector = WireCopyDetector(config, index).fit(fresh, [])
        label = detector.labels_  # the fresh articles and the indexed ones the index relabelled

        def group_of(a: Article) -> str:
            if a.id not in label:  # a stored article: its group, under the name it has now
                label[a.id] = index.resolve(a.copy_group or group_id([a.id]))
            return label[a.id]

        # The groups that changed (as WireCopyDetector.fit finds them over the whole store): those of
        # the fresh articles and of the stored ones whose group was merged into another.
        touched = {label[i] for i in detector.changed_} | {label[i] for i in fresh_ids}
        renamed = set(index.renamed)
        left = {g for i in fresh_ids if i in work.before and (g := work.before[i].copy_group)}
        # The detector's context: the stored articles of those groups and of the groups an article left
        # or an unplaced or re-read one is in, each group whole (members take an agency from their group).
        context: dict[str, Article] = {}
        wanted = touched | renamed | left

        def take(articles: Iterable[Article]) -> None:
            for a in articles:
                context[a.id] = a
                gid = group_of(a)
                wanted.add(gid)
                if gid != (a.copy_group or group_id([a.id])):
                    touched.add(gid)

        take(a for i, a in current.items() if i not in fresh_ids)
        asked: set[str] = set()
        while not full and wanted - asked:
            ask = sorted(wanted - asked)
            asked.update(ask)
            take(read(store.find_articles(copy_groups=ask)))
        ordered = sorted(context.values(), key=article_order)
        members: dict[str, list[Article]] = {}
        for a in [*ordered, *fresh]:  # the order WireCopyDetector.fit lists a group's members in
            if group_of(a) in touched:
                members.setdefault(group_of(a), []).append(a)
        work.described = {gid: detector.describe(gid, group) for gid, group in sorted(members.items()) if len(group) > 1}
        everything = sorted([*ordered, *fresh], key=article_order)
        labelled = detector.label(everything)
        work.now = {a.id: a for a in labelled}
        by_group: dict[str, list[Article]] = {}
        for a in labelled:
            by_group.setdefault(a.copy_group or "", []).append(a)
        # Groups an article left (its text changed) are described again; the others keep their record.
        for gid in sorted(g for g in left - work.described.keys() if len(by_group.get(g, [])) > 1):
            work.described[gid] = detector.describe(gid, by_group[gid])
        work.gone = {g for g in touched | renamed | left if len(by_group.get(g, [])) < 2}
        live = [a.id for a in fresh if a.id in index]
        stale = [a.id for a in everything] if not has_context else []  # re-indexing: old rows go
        store.put_index_entries(index.rows(live), remove=[*stale, *index.evicted])
        store.put_state("copy_index", index_format)
        return work

    def _cluster(self, work: _Work, changed: list[str], placing: list[str]) -> None:
        """Stories for the ``changed`` articles and those in ``placing`` (fresh, or left unplaced by a
        failed run) over the store's clusterer state, passed with their whole copy groups (a new copy
        joins its copies' story): only the rows placing them needs are read, and only the changed
        rows written back."""
        from .cluster import StoryClusterer

        keys = {work.now[i].copy_group or i for i in [*changed, *placing]}
        units = [a for a in work.now.values() if (a.copy_group or a.id) in keys]
        clusterer = StoryClusterer.open(self.store, self.config.cluster)
        clusterer.forget(changed)
        clusterer.partial_fit(units)
        clusterer.save()
        work.now.update((a.id, a) for a in _with_stories(units, clusterer))

    def _briefs(self, work: _Work, dirty: set[str]) -> tuple[list[Story], list[Article], bool]:
        """The briefs of the ``dirty`` stories, built from their articles (read after the run's labels
        are stored); of every story when the brief settings changed. Returns the stories, their
        articles and whether that was every story."""
        everything = self.store.get_state("brief_settings") != self._brief_settings()
        articles = self.store.articles() if everything else self.store.find_articles(stories=dirty)
        members = [work.now.get(a.id, a) for a in articles]
        groups = _overlay(self.store.copy_groups({a.copy_group for a in members if a.copy_group}), work.described)
        return build_stories(members, groups, self.config), members, everything

    def _touched_report(self, work: _Work, stories: list[Story], members: list[Article], inputs: list[Article]) -> RunReport:
        """The stories briefed again, and those holding an input article, with their articles and copy groups."""
        from .store.base import article_order

        built = {s.id for s in stories}
        more = {a.story for a in inputs if a.story and a.story not in built}
        stories = [*stories, *self.store.stories(more)] if more else list(stories)
        stories.sort(key=_story_order, reverse=True)
        articles = sorted([*members, *(work.now.get(a.id, a) for a in self.store.find_articles(stories=more))],
                          key=article_order) if more else members
        groups = _overlay(self.store.copy_groups({a.copy_group for a in articles if a.copy_group}), work.described)
        return RunReport(articles, stories, groups, [])

    def _brief_settings(self) -> dict[str, Any]:
        """What the stored briefs were built with (as the store gives it back: tuples become lists)."""
        return json.loads(json.dumps({"compare": asdict(self.config.compare), "summary": asdict(self.config.summary),
                                      "format": _BRIEF_FORMAT}))

    def explain(self, id1: str, id2: str) -> dict[str, Any]:
        """Why two stored articles are (or are not) copies: the shingle evidence against the
        store's copy index (boilerplate known from it), the shared and differing sentences, and
        the copy groups they sit in."""
        from .dedup import align_copies

        a, b = self.store.get_article(id1), self.store.get_article(id2)
        missing = [i for i, x in ((id1, a), (id2, b)) if x is None]
        if missing:
            raise StorylineError(f"not in the store: {', '.join(missing)}")
        assert a is not None and b is not None
        index = CopyIndex.restore(self.config.dedup, self.store.index_entries(), {})
        absent = [x for x in (a, b) if x.id not in index]
        if absent:  # evicted from the window (or never indexed): judged against what the index holds
            index.add(index.make_docs((x.id, x.text, x.published, x.url) for x in absent))
        evidence = index.evidence(a.id, b.id)
        diff = align_copies(a.text, b.text)
        return {
            "a": a.id, "b": b.id,
            "same_copy_group": a.copy_group == b.copy_group,
            "copy_group_a": a.copy_group, "copy_group_b": b.copy_group,
            "verdict": evidence.reason(self.config.dedup),
            "evidence": evidence.to_dict(),
            "shared": diff["shared"], "edited": diff["edited"], "changes": diff["changes"],
            "only_in_a": diff["dropped"], "only_in_b": diff["added"],
        }

    def report(self, run: RunReport | None = None) -> RunReport:
        """Everything in the store, as a report (no errors), its stories in the order of a run's
        report. With ``run`` (a report of :meth:`add`), its objects stand for their stored copies and
        its errors, counts, timings and input ids are kept."""
        articles, stories, groups = list(self.store.articles()), self.store.stories(), self.store.copy_groups()
        if run is not None:
            newer_articles = {a.id: a for a in run.articles}
            newer_stories = {s.id: s for s in run.stories}
            articles = [newer_articles.get(a.id, a) for a in articles]
            stories = [newer_stories.get(s.id, s) for s in stories]
            groups = _overlay(groups, {g.id: g for g in run.groups})
        stories.sort(key=_story_order, reverse=True)
        whole = RunReport(articles, stories, groups, [])
        if run is not None:
            whole.errors, whole.counts, whole.timings, whole.input_ids = run.errors, run.counts, run.timings, run.input_ids
        return whole


# Metadata that later stages set and that must survive re-reading unchanged input.
_CARRIED = ("agency_from", "story_order")


def _same_content(a: Article, b: Article) -> bool:
    return a.text == b.text and a.raw == b.raw and a.title == b.title and a.published == b.published


def brief(
    paths: Sequence[str | Path],
    *,
    out: str | Path | None = None,
    db: str | Path | Store = ":memory:",
    config: PipelineConfig | None = None,
    progress: Progress | None = None,
    everything: bool = True,
) -> RunReport:
    """Read ``paths``, update the store, and (with ``out``) write stories.json and the briefs.

    The report covers the whole store; ``everything=False`` keeps only the stories that this
    input touches (and their articles and copy groups).
    """
    with Storyline(db, config) as app:
        report = app.add(paths, progress)
        if everything:
            report = app.report(report)
    if not everything:
        report = report.touching(set(report.input_ids))
    if out is not None:
        from .brief.output import write_outputs

        write_outputs(report, out)
    return report


