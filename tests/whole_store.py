"""The oracle for the incremental :meth:`Storyline.add`: the same run computed over the whole store.

This is ``Storyline.add`` as it was before it read only what its input touches: it reads every
stored article, learns repeated lines from all of them, gives the copy detector every stored
article as context, labels and clusters all of them, and writes every copy group and story back.
The incremental run must leave the store exactly as this one does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from storyline.cluster import StoryClusterer
from storyline.dedup import CopyIndex, WireCopyDetector
from storyline.model import Article, CopyGroup, Story
from storyline.pipeline import (
    _CARRIED,
    RunReport,
    Storyline,
    _same_content,
    _with_stories,
    build_stories,
    clean_articles,
    read_articles,
)


def add_over_the_whole_store(app: Storyline, paths: Sequence[str | Path]) -> RunReport:
    """What ``app.add(paths)`` does, computed over every stored article; the report covers the store."""
    store, config = app.store, app.config
    run_id = store.start_run([str(p) for p in paths], config.to_dict())
    new, errors = read_articles(paths, config.ingest)
    stored = list(store.articles())
    new_ids = {a.id for a in new}
    cleaned = clean_articles(new, config.clean, [a for a in stored if a.id not in new_ids])
    previous = {a.id: a for a in stored}
    cleaned = [
        replace(a, copy_group=previous[a.id].copy_group, story=previous[a.id].story, agency=a.agency or previous[a.id].agency,
                metadata={**a.metadata, **{k: v for k, v in previous[a.id].metadata.items() if k in _CARRIED}})
        if a.id in previous and _same_content(a, previous[a.id]) else a
        for a in cleaned
    ]
    counts: dict[str, object] = {"read": len(new), "errors": len(errors)}
    counts.update({f"articles_{k}": v for k, v in store.put_articles(cleaned).items()})
    merged = {**previous, **{a.id: a for a in cleaned}}
    everything = sorted(merged.values(), key=lambda a: (a.published is None, a.published or "", a.id))
    fresh = [a for a in cleaned if a.id not in previous or not _same_content(a, previous[a.id])]
    labelled, groups, described = _dedup(app, everything, fresh, previous)
    changed = [
        a.id for a in labelled
        if a.id in previous and (previous[a.id].copy_group != a.copy_group or not _same_content(a, previous[a.id]))
    ]
    clusterer = StoryClusterer.open(store, config.cluster)
    clusterer.forget(changed)
    clusterer.partial_fit(labelled)
    clusterer.save()
    labelled = _with_stories(labelled, clusterer)
    store.put_articles([a for a in labelled if a != merged.get(a.id)])
    store.put_copy_groups(groups)
    rewritten = {a.id for a in cleaned if a.id in previous and a != previous[a.id]}
    touched = {a.id for a in fresh} | set(changed) | rewritten | {m for g in groups if g.id in described for m in g.members}
    stories = _briefs(app, labelled, groups, previous, touched)
    store.put_stories(stories, replace=True)
    store.put_state("brief_settings", app._brief_settings())
    store.put_errors(errors, run_id)
    counts.update({"articles": len(labelled), "copy_groups": len(groups), "stories": len(stories)})
    store.finish_run(run_id, {**counts, "timings": {}})
    return RunReport(labelled, stories, groups, errors, counts, {}, sorted(new_ids))


def _briefs(app: Storyline, labelled: list[Article], groups: list[CopyGroup], previous: dict[str, Article],
            touched: set[str]) -> list[Story]:
    same = app.store.get_state("brief_settings") == app._brief_settings()
    stored = {s.id: s for s in app.store.stories()} if same else {}
    moved = {a.id for a in labelled if a.id in previous and previous[a.id].story != a.story}
    dirty = {a.story for a in labelled if a.id in touched | moved}
    dirty |= {previous[i].story for i in touched | moved if i in previous}
    by_story: dict[str, list[Article]] = {}
    for a in labelled:
        if a.story:
            by_story.setdefault(a.story, []).append(a)
    kept = [stored[sid] for sid in by_story if sid not in dirty and sid in stored]
    rebuild = [a for a in labelled if a.story and (a.story in dirty or a.story not in stored)]
    stories = [*build_stories(rebuild, groups, app.config), *kept]
    stories.sort(key=lambda s: (s.metadata.get("last_published") or "", s.id), reverse=True)
    return stories


def _dedup(app: Storyline, everything: list[Article], fresh: list[Article], previous: dict[str, Article]
           ) -> tuple[list[Article], list[CopyGroup], set[str]]:
    store, config = app.store, app.config.dedup
    index_format = {"version": 2, "shingle_size": config.shingle_size, "seed": config.seed}
    if store.get_state("copy_index") != index_format:
        fresh = everything
    fresh_ids = {a.id for a in fresh}
    context = [a for a in everything if a.id not in fresh_ids]
    index = CopyIndex.restore(config, store.index_entries() if context else (),
                              {a.id: a.copy_group for a in context if a.copy_group})
    detector = WireCopyDetector(config, index).fit(fresh, context)
    labelled = detector.label(everything)
    described = {g.id: g for g in detector.groups()}
    members: dict[str, list[Article]] = {}
    for a in labelled:
        members.setdefault(a.copy_group or "", []).append(a)
    left = {previous[a.id].copy_group for a in fresh if a.id in previous} - described.keys()
    for gid in sorted(g for g in left if g and len(members.get(g, [])) > 1):
        described[gid] = detector.describe(gid, members[gid])
    kept = {g.id: g for g in store.copy_groups() if g.id not in described}
    groups = [g for gid, g in sorted({**kept, **described}.items()) if len(members.get(gid, [])) > 1]
    live = [a.id for a in fresh if a.id in index]
    stale = [a.id for a in everything] if not context else []
    store.put_index_entries(index.rows(live), remove=[*stale, *index.evicted])
    store.put_state("copy_index", index_format)
    return labelled, groups, set(described)
