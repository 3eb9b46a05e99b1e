"""The pipeline: ingest -> clean -> dedup -> cluster -> compare/brief, over a store.

Each stage is a plain function over a batch of articles with its state passed in, so the
same steps can run on one core or be distributed later. :class:`Storyline` ties them to a
store: ``add(paths)`` reads new input, cleans it, stores it, finds the copies of new articles
against the stored copy index, assigns them to stories (existing stories persist and grow),
and briefs again the stories the run touched (the others keep their stored brief). Running
the same input twice changes nothing.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from .brief import BriefBuilder
from .clean import ArticleCleaner
from .cluster import StoryClusterer
from .config import CleanConfig, ClusterConfig, DedupConfig, IngestConfig, PipelineConfig
from .dedup import CopyIndex, WireCopyDetector
from .dedup.index import IndexedDoc
from .errors import StorylineError
from .ingest import read_paths
from .model import Article, CopyGroup, InputError, Story
from .store import SqliteStore, Store

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
    """What one run produced, in the shape of ``stories.json``."""

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

_CLEAN_CHUNK = 5_000  # articles cleaned (repeated lines learned) and hashed together when streaming


def _clean_and_hash(articles: list[Article], config: PipelineConfig) -> list[IndexedDoc]:
    """One streaming work unit: clean ``articles`` and hash them for the copy index (runs in a worker)."""
    cleaned = clean_articles(articles, config.clean)
    return CopyIndex(config.dedup).make_docs(WireCopyDetector.index_items(cleaned))


def stream_copies(
    paths: Iterable[str | Path], config: PipelineConfig | None = None, *, chunk: int = 20_000,
    workers: int | None = None, progress: Callable[[int], None] | None = None,
) -> tuple[dict[str, str], list[InputError]]:
    """Copy group labels for input of any size, read, cleaned and indexed ``chunk`` articles at a
    time, so memory holds the copy index and the labels, never the corpus.

    Cleaning and hashing (the per-article work) run in ``workers`` processes (default: one per
    core) on parts of 5,000 articles, while this process indexes; the result does not depend on
    the number of workers. Online: each chunk is compared with everything indexed before it
    (within the index window), and repeated-line junk is learned per part.
    Returns ``({id: copy group}, errors)``."""
    import os
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    config = config or PipelineConfig()
    workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
    index = CopyIndex(config.dedup)
    labels: dict[str, str] = {}
    renamed: dict[str, str] = {}
    errors: list[InputError] = []
    seen: set[str] = set()

    def parts() -> Iterator[list[Article]]:
        part: dict[str, Article] = {}
        for item in read_paths(paths, config.ingest):
            if isinstance(item, InputError):
                errors.append(item)
                continue
            if item.id in seen:
                errors.append(InputError(item.source_path or "?", f"duplicate article id {item.id!r}; the later one is kept"))
            seen.add(item.id)
            part[item.id] = item
            if len(part) >= _CLEAN_CHUNK:
                yield list(part.values())
                part = {}
        if part:
            yield list(part.values())

    ready: list[IndexedDoc] = []

    def index_ready(final: bool = False) -> None:
        while ready and (final or len(ready) >= chunk):
            batch, ready[:] = ready[:chunk], ready[chunk:]
            index.add(batch)
            index.evicted.clear()  # nothing stored to delete them from
            renamed.update(index.renamed)
            labels.update(index.last_labels)
            if progress is not None:
                progress(len(labels))

    pool: ProcessPoolExecutor | None = None
    pending: deque[Future[list[IndexedDoc]]] = deque()
    try:
        for number, part in enumerate(parts()):
            if number == 1 and workers > 1:  # more than one part: worth starting the workers
                pool = ProcessPoolExecutor(workers)
            if pool is None:
                ready.extend(_clean_and_hash(part, config))
            else:
                pending.append(pool.submit(_clean_and_hash, part, config))
                while len(pending) > workers:  # a bounded read-ahead keeps memory flat
                    ready.extend(pending.popleft().result())
            index_ready()
        while pending:
            ready.extend(pending.popleft().result())
            index_ready()
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
    config = config or PipelineConfig()
    builder = BriefBuilder(config.compare, config.summary)
    by_story: dict[str, list[Article]] = {}
    for a in articles:
        if a.story:
            by_story.setdefault(a.story, []).append(a)
    stories = [builder.build(sid, members, groups) for sid, members in by_story.items()]
    stories.sort(key=lambda s: (s.metadata.get("last_published") or "", s.id), reverse=True)
    return stories


# -- the API object ---------------------------------------------------------------------------
class Storyline:
    """Storyline over a store. ``Storyline(db=path)``; ``":memory:"`` keeps nothing on disk."""

    def __init__(self, db: str | Path | Store = ":memory:", config: PipelineConfig | None = None) -> None:
        self.config = config or PipelineConfig()
        self.store: Store = db if isinstance(db, Store) else SqliteStore(db)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Storyline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, paths: Sequence[str | Path], progress: Progress | None = None) -> RunReport:
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
        stored = list(self.store.articles())
        new_ids = {a.id for a in new}
        cleaned = timed("clean", lambda: clean_articles(new, self.config.clean, [a for a in stored if a.id not in new_ids]))
        # Keep what later stages set on articles that were stored before, so unchanged input stays unchanged.
        previous = {a.id: a for a in stored}
        cleaned = [
            replace(a, copy_group=previous[a.id].copy_group, story=previous[a.id].story, agency=a.agency or previous[a.id].agency,
                    metadata={**a.metadata, **{k: v for k, v in previous[a.id].metadata.items() if k in _CARRIED}})
            if a.id in previous and _same_content(a, previous[a.id]) else a
            for a in cleaned
        ]
        counts: dict[str, Any] = {"read": len(new), "errors": len(errors)}
        counts.update({f"articles_{k}": v for k, v in self.store.put_articles(cleaned).items()})
        merged = {**previous, **{a.id: a for a in cleaned}}  # what the store now holds, without reading it again
        everything = sorted(merged.values(), key=lambda a: (a.published is None, a.published or "", a.id))
        fresh = [a for a in cleaned if a.id not in previous or not _same_content(a, previous[a.id])]
        labelled, groups, described = timed("dedup", lambda: self._dedup(everything, fresh, previous))
        # An article whose copy group or content changed is re-assigned; others keep their story.
        # (Its old terms stay in its old story's vector until that story is rebuilt: a known limit.)
        changed = [
            a.id for a in labelled
            if a.id in previous and (previous[a.id].copy_group != a.copy_group or not _same_content(a, previous[a.id]))
        ]
        labelled = timed("cluster", lambda: self._cluster(labelled, changed))
        self.store.put_articles([a for a in labelled if a != merged.get(a.id)])  # what the labels changed
        self.store.put_copy_groups(groups)
        # Whatever a brief shows of an article (outlet, URL, byline...) may have changed with its text the same.
        rewritten = {a.id for a in cleaned if a.id in previous and a != previous[a.id]}
        touched = {a.id for a in fresh} | set(changed) | rewritten | {m for g in groups if g.id in described for m in g.members}
        stories = timed("brief", lambda: self._briefs(labelled, groups, previous, touched))
        self.store.put_stories(stories, replace=True)
        self.store.put_state("brief_settings", self._brief_settings())  # only once the briefs are stored
        self.store.put_errors(errors, run_id)
        counts.update({"articles": len(labelled), "copy_groups": len(groups), "stories": len(stories)})
        self.store.finish_run(run_id, {**counts, "timings": timings})
        report = RunReport(labelled, stories, groups, errors, counts, timings)
        report.input_ids = sorted(new_ids)
        return report

    def _briefs(self, labelled: list[Article], groups: list[CopyGroup], previous: dict[str, Article],
                touched: set[str]) -> list[Story]:
        """Every story's brief: built again for the stories this run touched (holding an article that
        is new, changed, moved to another story or in a copy group described again, or that held one
        before), taken from the store for the others. All are built when the brief settings changed."""
        same = self.store.get_state("brief_settings") == self._brief_settings()
        stored = {s.id: s for s in self.store.stories()} if same else {}
        moved = {a.id for a in labelled if a.id in previous and previous[a.id].story != a.story}
        dirty = {a.story for a in labelled if a.id in touched | moved}
        dirty |= {previous[i].story for i in touched | moved if i in previous}
        by_story: dict[str, list[Article]] = {}
        for a in labelled:
            if a.story:
                by_story.setdefault(a.story, []).append(a)
        kept = [stored[sid] for sid in by_story if sid not in dirty and sid in stored]
        rebuild = [a for a in labelled if a.story and (a.story in dirty or a.story not in stored)]
        stories = [*build_stories(rebuild, groups, self.config), *kept]
        stories.sort(key=lambda s: (s.metadata.get("last_published") or "", s.id), reverse=True)
        return stories

    def _brief_settings(self) -> dict[str, Any]:
        """What the stored briefs were built with (as the store gives it back: tuples become lists)."""
        return json.loads(json.dumps({"compare": asdict(self.config.compare), "summary": asdict(self.config.summary),
                                      "format": _BRIEF_FORMAT}))

    def _cluster(self, articles: list[Article], changed: list[str]) -> list[Article]:
        """Stories for ``articles`` over the store's clusterer state: only the rows placing them
        needs are read, and only the changed rows written back."""
        clusterer = StoryClusterer.open(self.store, self.config.cluster)
        clusterer.forget(changed)
        clusterer.partial_fit(articles)
        clusterer.save()
        return _with_stories(articles, clusterer)

    def _dedup(self, everything: list[Article], fresh: list[Article], previous: dict[str, Article]
               ) -> tuple[list[Article], list[CopyGroup], set[str]]:
        """Copy groups over the store, comparing only ``fresh`` articles (new or changed) against the
        stored copy index; the stored articles are neither re-read for this nor re-shingled.
        Returns the labelled articles, the groups, and the ids of the groups described again."""
        store, config = self.store, self.config.dedup
        index_format = {"version": 2, "shingle_size": config.shingle_size, "seed": config.seed}
        if self.store.get_state("copy_index") != index_format:
            fresh = everything  # a store written before the index existed: index everything once
        fresh_ids = {a.id for a in fresh}
        context = [a for a in everything if a.id not in fresh_ids]
        index = CopyIndex.restore(config, store.index_entries() if context else (),
                                  {a.id: a.copy_group for a in context if a.copy_group})
        detector = WireCopyDetector(config, index).fit(fresh, context)
        labelled = detector.label(everything)
        described = {g.id: g for g in detector.groups()}
        # Groups an article left (its text changed) are described again; the others keep their record.
        members: dict[str, list[Article]] = {}
        for a in labelled:
            members.setdefault(a.copy_group or "", []).append(a)
        left = {previous[a.id].copy_group for a in fresh if a.id in previous} - described.keys()
        for gid in sorted(g for g in left if g and len(members.get(g, [])) > 1):
            described[gid] = detector.describe(gid, members[gid])
        kept = {g.id: g for g in store.copy_groups() if g.id not in described}
        groups = [g for gid, g in sorted({**kept, **described}.items()) if len(members.get(gid, [])) > 1]
        live = [a.id for a in fresh if a.id in index]
        stale = [a.id for a in everything] if not context else []  # re-indexing: old rows go
        store.put_index_entries(index.rows(live), remove=[*stale, *index.evicted])
        store.put_state("copy_index", index_format)
        return labelled, groups, set(described)

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

    def report(self) -> RunReport:
        """Everything in the store, as a report (no errors)."""
        return RunReport(list(self.store.articles()), self.store.stories(), self.store.copy_groups(), [])


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
    if not everything:
        report = report.touching(set(report.input_ids))
    if out is not None:
        from .brief.output import write_outputs

        write_outputs(report, out)
    return report


