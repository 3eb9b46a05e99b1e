"""Read-only access to a store file for servers: many threads read while one writer writes.

:class:`StoreReader` opens the file read-only (``mode=ro``), one connection per thread, so readers
never wait for a writer (the store runs in WAL mode), and it keeps the table layout in the store
package: the web layer asks for stories, articles and copy groups, never for rows.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from storyline.errors import StoreError
from storyline.model import Article, CopyGroup, Story
from storyline.store.codec import article_from_dict, copy_group_from_dict, story_from_dict
from storyline.store.sqlite import SqliteStore, rows_in

__all__ = ["MemberRow", "Snapshot", "StoreReader"]

@dataclass(frozen=True, slots=True)
class MemberRow:
    """What a story list shows of one member article, and the fingerprints of what it is made of."""

    outlet: str | None
    url: str | None
    published: str | None
    title: str | None
    article_hash: str
    group_hash: str | None


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One consistent view of the stories: every story's ``doc_hash``, its member rows, and the
    decoded story documents (as dicts) of the stories whose hash differs from what the caller knew."""

    hashes: dict[str, str]
    members: dict[str, list[MemberRow]]
    changed: dict[str, dict[str, Any]]


class StoreReader:
    """Read-only views of one store file. Safe to share between threads."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser().resolve()
        SqliteStore(self.path).close()  # refuses a foreign or newer file; creates an empty store if none
        self._uri = f"file:{quote(str(self.path))}?mode=ro"
        self._local = threading.local()
        self._monitor_lock = threading.Lock()
        self._monitor = self._connect()

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self._uri, uri=True, check_same_thread=False, timeout=30.0)
            conn.execute("PRAGMA query_only = ON")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store {self.path} for reading: {exc}") from exc
        return conn

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
        return conn

    def close(self) -> None:
        with self._monitor_lock:
            self._monitor.close()

    def version(self) -> int:
        """A number that changes whenever another connection commits to the store."""
        with self._monitor_lock:
            return int(self._monitor.execute("PRAGMA data_version").fetchone()[0])

    def snapshot(self, known: Mapping[str, str]) -> Snapshot:
        """Every story's hash and members, and the documents of the stories not in ``known``
        (story id -> doc hash) with that hash, read in one transaction."""
        with self._monitor_lock:
            conn = self._monitor
            conn.execute("BEGIN")
            try:
                hashes: dict[str, str] = dict(conn.execute("SELECT id, doc_hash FROM stories").fetchall())
                members: dict[str, list[MemberRow]] = {}
                for sid, *row in conn.execute(
                    "SELECT sa.story_id, a.outlet, json_extract(a.doc, '$.url'), a.published, a.title, a.doc_hash,"
                    " g.doc_hash FROM story_articles AS sa JOIN articles AS a ON a.id = sa.article_id"
                    " LEFT JOIN copy_groups AS g ON g.id = a.copy_group"
                ):
                    members.setdefault(sid, []).append(MemberRow(*row))
                todo = [sid for sid, h in hashes.items() if known.get(sid) != h]
                changed = {sid: json.loads(doc)
                           for sid, doc in rows_in(conn, "SELECT id, doc FROM stories WHERE id IN ({marks})", todo)}
            finally:
                conn.execute("COMMIT")
        return Snapshot(hashes, members, changed)

    def story(self, story_id: str) -> Story | None:
        row = self._conn().execute("SELECT doc FROM stories WHERE id = ?", (story_id,)).fetchone()
        return None if row is None else story_from_dict(json.loads(row[0]))

    def story_titles(self, ids: Iterable[str]) -> dict[str, str | None]:
        """The titles of the stored stories among ``ids``, by id (without decoding the stories)."""
        return dict(rows_in(self._conn(), "SELECT id, title FROM stories WHERE id IN ({marks})", ids))

    def articles(self, ids: Sequence[str]) -> dict[str, Article]:
        """The stored articles among ``ids``, by id."""
        rows = rows_in(self._conn(), "SELECT id, doc FROM articles WHERE id IN ({marks})", ids)
        return {aid: article_from_dict(json.loads(doc)) for aid, doc in rows}

    def copy_groups(self, ids: Iterable[str]) -> dict[str, CopyGroup]:
        """The stored copy groups among ``ids``, by id."""
        rows = rows_in(self._conn(), "SELECT doc FROM copy_groups WHERE id IN ({marks})", (i for i in ids if i))
        groups = [copy_group_from_dict(json.loads(doc)) for (doc,) in rows]
        return {g.id: g for g in groups}
