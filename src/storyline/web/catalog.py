"""The web app's read side: a search index over the store, and the views that pages and the API show.

:class:`Catalog` reads the store through a :class:`~storyline.store.reader.StoreReader` (read-only, one
connection per thread, so readers never wait for the single writer). It keeps an in-memory SQLite FTS5
index of the stories (title, summary, agreed facts, article titles) with the columns the list filters on
(dates, outlets, entities, counts). The index is brought up to date lazily: every call first checks
the store's version, which changes when any other connection (an ingest job, or a ``storyline brief`` run
in another process) commits; only stories whose stored ``doc_hash`` changed are decoded again.

Views are plain JSON-ready dicts (their shapes are the pydantic models in :mod:`storyline.web.schemas`); the
HTML templates render the same dicts, so every page has a JSON twin with the same content. Nothing here
recomputes pipeline results: voices, copy groups, citations, conflicts and edits are read as the pipeline
stored them; this module only arranges them for reading (grouping by voice, the coverage grid, the copy tree,
a side-by-side layout of two texts).
"""

from __future__ import annotations

import base64
import binascii
import difflib
import hashlib
import json
import re
import sqlite3
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from ..model import Article, Claim, CopyGroup, Story
from ..store.reader import StoreReader
from ..text import entities, fold, normalize, sentence_spans

__all__ = ["BadQuery", "Catalog", "NotFound", "article_path", "story_path"]

_MAX_LIMIT = 100
_TOKEN = re.compile(r"\w+", re.UNICODE)
_LIST_CACHE = 512  # list and search results, for the current generation of the store
_VIEW_CACHE = 256  # story views kept decoded, each checked against the story's fingerprint


class NotFound(LookupError):
    """No such story or article."""


class BadQuery(ValueError):
    """A query parameter that cannot be used (a malformed cursor, an inverted date range)."""


def story_path(story_id: str) -> str:
    return "/stories/" + quote(story_id, safe="")


def article_path(article_id: str) -> str:
    return "/articles/" + quote(article_id, safe="")


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def _source_label(article: Article | None, article_id: str) -> str:
    """What to call an article's publisher: its outlet, else its URL's host, else its id."""
    if article is None:
        return article_id
    return (article.outlet or "").strip() or _host(article.url) or article_id


def _encode_cursor(sort: str, story_id: str) -> str:
    raw = json.dumps([sort, story_id], ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        sort, story_id = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as exc:
        raise BadQuery(f"cursor {cursor[:40]!r} is not one this server gave out; use next_cursor from a list response") from exc
    if not isinstance(sort, str) or not isinstance(story_id, str):
        raise BadQuery(f"cursor {cursor[:40]!r} is not one this server gave out; use next_cursor from a list response")
    return sort, story_id


def _match_expression(text: str) -> str | None:
    """An FTS5 query for free text: every word must occur (the last one as a prefix). Never raw syntax."""
    words = [w for w in _TOKEN.findall(normalize(text).lower())][:12]
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


_CAPITALISED = re.compile(r"[A-Z][\w'\u2019.-]*(?:\s+(?:(?:of|the|de)\s+)?[A-Z][\w'\u2019.-]*)*")


def _display_entities(folded: Sequence[str], text: str) -> list[str]:
    """Entities as written in ``text`` (the extractor lower-cases them): the first capitalised run that folds
    to the same name, else the name in title case."""
    written: dict[str, str] = {}
    for m in _CAPITALISED.finditer(normalize(text)):
        run = m.group(0).rstrip(".'\u2019-")
        written.setdefault(fold(run), run)
        words = run.split()  # "Chinese Foreign Minister Wang Yi" also offers its tails: "Wang Yi"
        for i in range(1, len(words)):
            written.setdefault(fold(" ".join(words[i:])), " ".join(words[i:]))
    return [written.get(name, name.title()) for name in folded]


class Catalog:
    """Read-only views over one Storyline store file. Safe to share between threads."""

    def __init__(self, path: str | Path) -> None:
        self.reader = StoreReader(path)
        self.path = self.reader.path
        self._lock = threading.RLock()
        self._version: int | None = None
        self._hashes: dict[str, str] = {}
        self._rowid: dict[str, int] = {}
        self._cards: dict[str, dict[str, Any]] = {}
        self._lists: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()  # keyed by generation and query
        self._next_rowid = 1
        self._views: OrderedDict[str, tuple[str, dict[str, Any]]] = OrderedDict()
        self.fingerprints: dict[str, str] = {}  # story id -> hash of everything its page shows
        self.generation = 0  # counts the changes seen
        self.listeners: list[Callable[[], None]] = []  # called (under the lock) after each change
        self._index = sqlite3.connect(":memory:", check_same_thread=False)
        self._index.executescript(
            """
            CREATE TABLE story (rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, sort TEXT NOT NULL,
                                first TEXT, last TEXT, card TEXT NOT NULL);
            CREATE INDEX story_sort ON story (sort DESC, id);
            CREATE TABLE story_outlet (story INTEGER NOT NULL, outlet TEXT NOT NULL);
            CREATE INDEX story_outlet_key ON story_outlet (outlet, story);
            CREATE TABLE story_entity (story INTEGER NOT NULL, entity TEXT NOT NULL);
            CREATE INDEX story_entity_key ON story_entity (entity, story);
            CREATE TABLE outlet (key TEXT PRIMARY KEY, name TEXT NOT NULL, stories INTEGER NOT NULL);
            CREATE VIRTUAL TABLE story_text USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
            """
        )
        self.refresh()

    # -- connections and freshness ---------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self.reader.close()
            self._index.close()

    def refresh(self) -> bool:
        """Bring the index up to date with the store; return whether anything changed."""
        with self._lock:
            version = self.reader.version()
            if version == self._version:
                return False
            self._version = version
            self._rebuild()
            self.generation += 1
            self._lists.clear()
            for listener in self.listeners:
                listener()
            return True

    def _rebuild(self) -> None:
        snapshot = self.reader.snapshot(self._hashes)
        hashes, docs = snapshot.hashes, snapshot.changed
        members = {sid: [(m.outlet, m.url, m.published, m.title) for m in rows] for sid, rows in snapshot.members.items()}
        parts = {sid: [f"{m.article_hash}:{m.group_hash}" for m in rows] for sid, rows in snapshot.members.items()}
        ix = self._index
        cards, texts, entity_rows, outlet_rows = [], [], [], []
        outlet_names: dict[str, str] = {}
        outlet_counts: Counter[str] = Counter()
        for sid in hashes:
            rows = members.get(sid, [])
            story = docs.get(sid)
            if story is not None:
                if sid not in self._rowid:
                    self._rowid[sid] = self._next_rowid
                    self._next_rowid += 1
                rowid = self._rowid[sid]
                self._cards[sid], body, found = _card(story)
                texts.append((rowid, self._cards[sid]["title"], "\n".join([body, *(t for _o, _u, _p, t in rows if t)])))
                entity_rows += [(rowid, e) for e in found]
            rowid = self._rowid[sid]
            # Dates and outlets come from the articles, which may change while the story doc does not.
            dates = sorted(p for _o, _u, p, _t in rows if p)
            outlets = [o for o in _dedupe(((o or "").strip() or _host(u) or "") for o, u, _p, _t in rows) if o]
            keys = _dedupe(o.casefold() for o in outlets)
            for o in outlets:
                outlet_names.setdefault(o.casefold(), o)
            outlet_counts.update(keys)
            outlet_rows += [(rowid, k) for k in keys]
            card = self._cards[sid]
            first, last = (dates[0], dates[-1]) if dates else (None, None)
            card.update(first_published=first, last_published=last, articles=len(rows) or card["articles"],
                        outlets=sorted(outlets, key=str.casefold))
            cards.append((rowid, sid, last or "", first, last, json.dumps(card, ensure_ascii=False)))
        gone = [(self._rowid.pop(sid),) for sid in set(self._hashes) - set(hashes)]
        for sid in set(self._hashes) - set(hashes):
            self._cards.pop(sid, None)
        renewed = [(row[0],) for row in texts]
        with ix:
            ix.executemany("DELETE FROM story WHERE rowid = ?", gone)
            for table, key in (("story_text", "rowid"), ("story_entity", "story")):
                ix.executemany(f"DELETE FROM {table} WHERE {key} = ?", gone + renewed)
            ix.executemany("INSERT OR REPLACE INTO story (rowid, id, sort, first, last, card) VALUES (?, ?, ?, ?, ?, ?)",
                           cards)
            ix.executemany("INSERT INTO story_text (rowid, title, body) VALUES (?, ?, ?)", texts)
            ix.executemany("INSERT INTO story_entity (story, entity) VALUES (?, ?)", entity_rows)
            ix.execute("DELETE FROM story_outlet")
            ix.executemany("INSERT INTO story_outlet (story, outlet) VALUES (?, ?)", outlet_rows)
            ix.execute("DELETE FROM outlet")
            ix.executemany("INSERT INTO outlet (key, name, stories) VALUES (?, ?, ?)",
                           [(k, outlet_names[k], n) for k, n in outlet_counts.items()])
        self._hashes = hashes
        # What a story's views are made of: its doc, its articles and their copy groups.
        self.fingerprints = {
            sid: hashlib.sha1("|".join([h, *sorted(parts.get(sid, []))]).encode()).hexdigest()[:20]
            for sid, h in hashes.items()
        }

    # -- lists ------------------------------------------------------------------------------------

    def stories(
        self,
        *,
        q: str | None = None,
        since: date | None = None,
        until: date | None = None,
        outlet: str | None = None,
        entity: str | None = None,
        cursor: str | None = None,
        limit: int = 20,
    ) -> dict[str, Any]:
        """Stories newest first (by their latest article; undated last), filtered, one page at a time.

        The result may be shared with other callers (it is cached until the store changes): do not modify it."""
        self.refresh()
        if since and until and since > until:
            raise BadQuery(f"since ({since}) is after until ({until})")
        limit = max(1, min(limit, _MAX_LIMIT))
        key = (self.generation, q, since, until, outlet, entity, cursor, limit)
        with self._lock:
            cached = self._lists.get(key)
            if cached is not None:
                self._lists.move_to_end(key)
                return cached
        where, params = [], []
        match = _match_expression(q or "")
        if match:
            where.append("s.rowid IN (SELECT rowid FROM story_text WHERE story_text MATCH ?)")
            params.append(match)
        if since:
            where.append("s.last >= ?")
            params.append(since.isoformat())
        if until:
            where.append("s.first <= ?")
            params.append(until.isoformat() + "~")  # '~' sorts after the digits: a partial date of that day counts
        if outlet and outlet.strip():
            where.append("EXISTS (SELECT 1 FROM story_outlet o WHERE o.story = s.rowid AND o.outlet = ?)")
            params.append(outlet.strip().casefold())
        if entity and entity.strip():
            where.append("EXISTS (SELECT 1 FROM story_entity e WHERE e.story = s.rowid AND e.entity = ?)")
            params.append(fold(" ".join(normalize(entity).split())))
        if cursor:
            sort, last_id = _decode_cursor(cursor)
            where.append("(s.sort < ? OR (s.sort = ? AND s.id > ?))")
            params += [sort, sort, last_id]
        sql = "SELECT s.sort, s.id, s.card FROM story s"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY s.sort DESC, s.id LIMIT ?"
        with self._lock:
            rows = self._index.execute(sql, [*params, limit + 1]).fetchall()
        more = len(rows) > limit
        rows = rows[:limit]
        result = {
            "stories": [json.loads(card) for _s, _i, card in rows],
            "next_cursor": _encode_cursor(rows[-1][0], rows[-1][1]) if more else None,
        }
        with self._lock:  # the front page and common searches are asked for again and again
            self._lists[key] = result
            while len(self._lists) > _LIST_CACHE:
                self._lists.popitem(last=False)
        return result

    def newest_first(self) -> list[tuple[str, str]]:
        """``(story id, fingerprint)`` of every story, newest first."""
        with self._lock:
            ids = [r[0] for r in self._index.execute("SELECT id FROM story ORDER BY sort DESC, id")]
            return [(i, self.fingerprints[i]) for i in ids if i in self.fingerprints]

    def outlets(self) -> list[dict[str, Any]]:
        self.refresh()
        with self._lock:
            rows = self._index.execute("SELECT name, stories FROM outlet ORDER BY stories DESC, key").fetchall()
        return [{"name": n, "stories": k} for n, k in rows]

    def count_stories(self) -> int:
        self.refresh()
        with self._lock:
            return int(self._index.execute("SELECT count(*) FROM story").fetchone()[0])

    # -- reading the store ------------------------------------------------------------------------

    def _story(self, story_id: str) -> Story:
        story = self.reader.story(story_id)
        if story is None:
            raise NotFound(f"no story {story_id!r}")
        return story

    def _articles(self, ids: Sequence[str]) -> dict[str, Article]:
        return self.reader.articles(ids)

    def _groups(self, ids: Iterable[str]) -> dict[str, CopyGroup]:
        return self.reader.copy_groups(ids)

    # -- one story --------------------------------------------------------------------------------

    def story(self, story_id: str) -> dict[str, Any]:
        """Everything the story page shows, as JSON-ready data."""
        self.refresh()
        fingerprint = self.fingerprints.get(story_id)
        if fingerprint is None:
            raise NotFound(f"no story {story_id!r}")
        with self._lock:
            cached = self._views.get(story_id)
            if cached is not None and cached[0] == fingerprint:
                self._views.move_to_end(story_id)
                return cached[1]
        view = _StoryView(self._story(story_id), self).build()
        with self._lock:
            self._views[story_id] = (fingerprint, view)
            while len(self._views) > _VIEW_CACHE:
                self._views.popitem(last=False)
        return view

    # -- one article ------------------------------------------------------------------------------

    def article(self, article_id: str) -> dict[str, Any]:
        self.refresh()
        article = self._articles([article_id]).get(article_id)
        if article is None:
            raise NotFound(f"no article {article_id!r}")
        group = self._groups([article.copy_group or ""]).get(article.copy_group or "")
        titles = self.reader.story_titles([article.story]) if article.story else {}
        copies = None
        if group is not None and len(group.members) > 1:
            others = self._articles(group.members)
            copies = {
                "id": group.id,
                "canonical": group.canonical,
                "members": [_article_ref(others.get(m), m) for m in group.members],
                "similarity": group.similarity.get(article.id),
                "edits": _edits(group.edits.get(article.id)),
            }
        return {
            "id": article.id,
            "title": article.title,
            "outlet": article.outlet,
            "source": _source_label(article, article.id),
            "agency": article.agency,
            "published": article.published,
            "byline": article.byline,
            "dateline": article.dateline,
            "url": article.url,
            "text": article.text,
            "paragraphs": _paragraph_spans(article.text),
            "removed": [{"text": r.text, "reason": r.reason} for r in article.removed],
            "story": ({"id": article.story, "title": titles[article.story], "url": story_path(article.story)}
                      if article.story in titles else None),
            "copy_group": copies,
            "metadata": article.metadata,
            "links": {"html": article_path(article.id)},
        }

    def diff(self, a_id: str, b_id: str) -> dict[str, Any]:
        """Two articles side by side, sentence by sentence, with the changed words marked."""
        from ..dedup import align_copies

        self.refresh()
        found = self._articles([a_id, b_id])
        missing = [i for i in (a_id, b_id) if i not in found]
        if missing:
            raise NotFound("no article " + " and no article ".join(repr(m) for m in missing))
        a, b = found[a_id], found[b_id]
        rows = _side_by_side([a.text[s:e] for s, e in sentence_spans(a.text)],
                             [b.text[s:e] for s, e in sentence_spans(b.text)])
        stats = Counter(r["kind"] for r in rows)
        return {
            "a": _article_ref(a, a_id),
            "b": _article_ref(b, b_id),
            "same_copy_group": bool(a.copy_group) and a.copy_group == b.copy_group,
            "rows": rows,
            "stats": {k: stats.get(k, 0) for k in ("same", "changed", "only_a", "only_b")},
            "edits": _edits(align_copies(a.text, b.text)),
        }


# -- pieces of the views ---------------------------------------------------------------------------------


def _card(story: dict[str, Any]) -> tuple[dict[str, Any], str, set[str]]:
    """A story's list entry, its searchable text and its entities, from its stored JSON form (decoding it into
    model objects costs 3x more). Dates and outlets are filled in from the articles."""
    sid, title = story["id"], story.get("title") or story["id"]
    summary = [c["text"] for c in story.get("summary", [])]
    agreed = [c["text"] for c in story.get("agreed", [])]
    voices = _voices(story.get("metadata") or {}, story.get("copy_groups") or [], story.get("articles") or [])
    texts = [title, *summary, *agreed]
    found = Counter(e for t in texts for e in entities(t))
    card = {
        "id": sid,
        "title": title,
        "first_published": None,
        "last_published": None,
        "articles": len(story.get("articles") or []),
        "outlets": [],
        "voices": len(voices),
        "conflicts": len(story.get("conflicts") or []),
        "entities": _display_entities([e for e, _n in found.most_common(6)], "\n".join(texts)),
        "lede": summary[0] if summary else (agreed[0] if agreed else None),
        "url": story_path(sid),
    }
    return card, "\n".join([*summary, *agreed, *(c["text"] for c in story.get("exclusive", []))]), set(found)


def _voices(metadata: Mapping[str, Any], copy_groups: Sequence[Sequence[str]], articles: Sequence[str]
            ) -> dict[str, list[str]]:
    """Voice key -> member article ids, as the compare stage recorded them (``metadata["voices"]``)."""
    recorded = metadata.get("voices")
    if isinstance(recorded, Mapping) and recorded:
        return {str(k): [str(m) for m in v] for k, v in recorded.items() if isinstance(v, list)}
    voices: dict[str, list[str]] = {}
    grouped = {m for g in copy_groups for m in g}
    for g in copy_groups:
        if g:
            voices[g[0]] = list(g)
    for aid in articles:
        if aid not in grouped:
            voices[aid] = [aid]
    return voices


def _article_ref(article: Article | None, article_id: str) -> dict[str, Any]:
    return {
        "id": article_id,
        "title": article.title if article else None,
        "source": _source_label(article, article_id),
        "outlet": article.outlet if article else None,
        "agency": article.agency if article else None,
        "published": article.published if article else None,
        "url": article_path(article_id),
    }


def _edits(raw: Any) -> dict[str, list[Any]]:
    raw = raw if isinstance(raw, Mapping) else {}
    out: dict[str, list[Any]] = {}
    for key in ("added", "dropped", "edited", "changes"):
        items = raw.get(key) or []
        out[key] = [list(i) if isinstance(i, list | tuple) else str(i) for i in items] if isinstance(items, list) else []
    return out


def _paragraph_spans(text: str) -> list[list[int]]:
    return [[m.start(), m.end()] for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]*)*", text) if m.group().strip()]


def _word_diff(a: str, b: str) -> tuple[list[list[str]], list[list[str]]]:
    """Each side as ``[op, text]`` runs, op ``=`` (kept), ``-`` (only in a) or ``+`` (only in b)."""
    wa, wb = re.findall(r"\S+\s*", a), re.findall(r"\S+\s*", b)
    left: list[list[str]] = []
    right: list[list[str]] = []
    for tag, a0, a1, b0, b1 in difflib.SequenceMatcher(a=[w.strip() for w in wa], b=[w.strip() for w in wb],
                                                       autojunk=False).get_opcodes():
        if tag == "equal":
            left.append(["=", "".join(wa[a0:a1])])
            right.append(["=", "".join(wb[b0:b1])])
        else:
            if a1 > a0:
                left.append(["-", "".join(wa[a0:a1])])
            if b1 > b0:
                right.append(["+", "".join(wb[b0:b1])])
    return left, right


def _similar(a: str, b: str) -> float:
    ta, tb = set(_TOKEN.findall(a.lower())), set(_TOKEN.findall(b.lower()))
    return 2 * len(ta & tb) / (len(ta) + len(tb)) if ta and tb else 0.0


def _side_by_side(left: list[str], right: list[str]) -> list[dict[str, Any]]:
    """Rows of a two-column view: kept, changed (word-diffed), or present on one side only."""
    rows: list[dict[str, Any]] = []
    key = [" ".join(s.split()).casefold() for s in left], [" ".join(s.split()).casefold() for s in right]
    for tag, a0, a1, b0, b1 in difflib.SequenceMatcher(a=key[0], b=key[1], autojunk=False).get_opcodes():
        if tag == "equal":
            rows += [{"kind": "same", "a": [["=", left[i]]], "b": [["=", right[j]]]}
                     for i, j in zip(range(a0, a1), range(b0, b1), strict=True)]
            continue
        # Pair the sentences of a replaced block in order, where they share enough words.
        j = b0
        for i in range(a0, a1):
            best = next((k for k in range(j, b1) if _similar(left[i], right[k]) >= 0.5), None)
            if best is None:
                rows.append({"kind": "only_a", "a": [["-", left[i]]], "b": None})
                continue
            rows += [{"kind": "only_b", "a": None, "b": [["+", right[k]]]} for k in range(j, best)]
            la, rb = _word_diff(left[i], right[best])
            rows.append({"kind": "changed", "a": la, "b": rb})
            j = best + 1
        rows += [{"kind": "only_b", "a": None, "b": [["+", right[k]]]} for k in range(j, b1)]
    return rows


class _StoryView:
    """Arranges one stored story for reading; computes nothing the pipeline decides."""

    def __init__(self, story: Story, catalog: Catalog) -> None:
        self.story = story
        self.articles = catalog._articles(story.articles)
        self.groups = catalog._groups(a.copy_group or "" for a in self.articles.values())
        self.voices = _voices(story.metadata, story.copy_groups, story.articles)
        for aid in story.articles:  # an article the recorded voices leave out is its own voice
            if not any(aid in members for members in self.voices.values()):
                self.voices[aid] = [aid]
        self.voice_of = {m: key for key, members in self.voices.items() for m in members}
        self.order = {aid: n for n, aid in enumerate(story.articles)}

    # labels

    def voice_label(self, key: str) -> str:
        members = [self.articles.get(m) for m in self.voices.get(key, [key])]
        agencies = _dedupe(a.agency.strip() for a in members if a and a.agency and a.agency.strip())
        if agencies:
            return " / ".join(agencies)
        sources = _dedupe(_source_label(a, m) for a, m in zip(members, self.voices.get(key, [key]), strict=True))
        return " / ".join(sources)

    def ref(self, aid: str) -> dict[str, Any]:
        ref = _article_ref(self.articles.get(aid), aid)
        ref["voice"] = self.voice_of.get(aid, aid)
        return ref

    def voice_refs(self, ids: Iterable[str]) -> list[dict[str, Any]]:
        by_voice: dict[str, list[str]] = {}
        for aid in _dedupe(ids):
            by_voice.setdefault(self.voice_of.get(aid, aid), []).append(aid)
        return [{"voice": key, "label": self.voice_label(key), "articles": [self.ref(a) for a in members]}
                for key, members in by_voice.items()]

    # parts

    def claim(self, claim: Claim) -> dict[str, Any]:
        cites = []
        for c in claim.citations:
            article = self.articles.get(c.article_id)
            if article is None or not (0 <= c.start < c.end <= len(article.text)):
                continue
            cites.append({
                "article": c.article_id,
                "start": c.start,
                "end": c.end,
                "text": article.text[c.start : c.end],
                "source": _source_label(article, c.article_id),
                "title": article.title,
                "url": f"{article_path(c.article_id)}?cite={c.start}-{c.end}#cite",
            })
        ids = _dedupe([*claim.sources, *(c.article_id for c in claim.citations)])
        voices = claim.support or len({self.voice_of.get(a, a) for a in ids})
        return {"text": claim.text, "sources": ids, "voices": voices, "citations": cites}

    def coverage(self) -> dict[str, Any]:
        """Rows: the story's facts; columns: its outlets; a cell: whether (or which value) that outlet reports."""
        columns: list[dict[str, Any]] = []
        column_of: dict[str, int] = {}
        for aid in self.story.articles:
            label = _source_label(self.articles.get(aid), aid)
            if label.casefold() not in column_of:
                column_of[label.casefold()] = len(columns)
                columns.append({"label": label, "articles": []})
            columns[column_of[label.casefold()]]["articles"].append(aid)
        col = {aid: column_of[_source_label(self.articles.get(aid), aid).casefold()] for aid in self.story.articles}

        def cells_for(ids: Iterable[str], value: str) -> list[str | None]:
            cells: list[str | None] = [None] * len(columns)
            for aid in ids:
                if aid in col:
                    cells[col[aid]] = value
            return cells

        rows = []
        seen: set[str] = set()
        for kind, claims in (("agreed", self.story.agreed), ("summary", self.story.summary),
                             ("exclusive", self.story.exclusive)):
            for c in claims:
                if c.text in seen:
                    continue
                seen.add(c.text)
                ids = _dedupe([*c.sources, *(x.article_id for x in c.citations)])
                rows.append({"kind": kind, "text": c.text, "cells": cells_for(ids, "✓")})
        for conflict in self.story.conflicts:
            cells: list[str | None] = [None] * len(columns)
            for v in conflict.variants:
                for aid in v.sources:
                    if aid in col:
                        n = col[aid]
                        cells[n] = v.value if cells[n] in (None, v.value) else f"{cells[n]} / {v.value}"
            rows.append({"kind": "conflict", "text": conflict.topic, "cells": cells})
        return {"columns": columns, "rows": rows}

    def copy_tree(self) -> list[dict[str, Any]]:
        """One root per voice: the fullest version, with each reprint under it and what it changed."""
        tree = []
        for key, members in sorted(self.voices.items(), key=lambda kv: min(self.order.get(m, 10**9) for m in kv[1])):
            labels = {self.articles[m].copy_group for m in members if m in self.articles}
            only = next(iter(labels)) if len(labels) == 1 else None
            group = self.groups.get(only) if only is not None else None
            root = group.canonical if group is not None and group.canonical in members else members[0]
            children = []
            for m in members:
                if m == root:
                    continue
                edits = _edits(group.edits.get(m)) if group is not None else _edits(None)
                children.append({
                    **self.ref(m),
                    "similarity": group.similarity.get(m) if group is not None else None,
                    "counts": {k: len(v) for k, v in edits.items()},
                    "diff": f"{article_path(root)}/diff/{quote(m, safe='')}",
                })
            tree.append({**self.ref(root), "label": self.voice_label(key), "group": group.id if group else None,
                         "copies": children})
        return tree

    def build(self) -> dict[str, Any]:
        s = self.story
        dates = sorted(a.published for a in self.articles.values() if a.published)
        outlets = _dedupe(_source_label(self.articles.get(a), a) for a in s.articles
                          if self.articles.get(a) is not None and (self.articles[a].outlet or self.articles[a].url))
        exclusive: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for c in s.exclusive:
            view = self.claim(c)
            key = tuple(_dedupe(self.voice_of.get(a, a) for a in view["sources"]))
            exclusive.setdefault(key, []).append(view)
        return {
            "id": s.id,
            "title": s.title or s.id,
            "first_published": dates[0] if dates else None,
            "last_published": dates[-1] if dates else None,
            "counts": {"articles": len(s.articles), "outlets": len(outlets), "voices": len(self.voices)},
            "outlets": outlets,
            "summary": [self.claim(c) for c in s.summary],
            "agreed": [self.claim(c) for c in s.agreed],
            "conflicts": [
                {"topic": c.topic, "kind": c.kind,
                 "variants": [{"value": v.value, "text": v.text, "sources": _dedupe(v.sources),
                               "voices": self.voice_refs(v.sources)} for v in c.variants]}
                for c in s.conflicts
            ],
            "exclusive": [
                {"label": " + ".join(self.voice_label(k) for k in key) or "No source given",
                 "voices": list(key), "claims": claims}
                for key, claims in exclusive.items()
            ],
            "quotes": [{"speaker": q.speaker, "text": q.text, "sources": _dedupe(q.sources),
                        "voices": self.voice_refs(q.sources)} for q in s.quotes],
            "timeline": [{"date": t.date, "expression": t.expression, "text": t.text, "sources": _dedupe(t.sources),
                          "voices": self.voice_refs(t.sources)} for t in s.timeline],
            "coverage": self.coverage(),
            "copy_tree": self.copy_tree(),
            "articles": [self.ref(a) for a in s.articles],
            "links": {"html": story_path(s.id)},
        }
