"""The SQLite store: one file, stdlib ``sqlite3``, no ORM.

Each object is kept whole as JSON (``doc``) next to the few columns that are queried
(id, title, outlet, published, ...). ``PRAGMA application_id`` marks the file as a
Storyline store and ``PRAGMA user_version`` holds the schema version, so a foreign or
newer file is refused with a message instead of being written over.

One connection per store object, guarded by a re-entrant lock, so one store can be shared
by threads; separate processes should open their own store (WAL mode lets readers run
while one writer writes).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import threading
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storyline.errors import StoreError
from storyline.model import Article, CopyGroup, InputError, Story
from storyline.store.base import ClusterChanges, IndexRow, Run, Store, article_order
from storyline.store.codec import (
    TermQuery,
    article_from_dict,
    article_to_dict,
    copy_group_from_dict,
    dumps,
    story_from_dict,
    story_to_dict,
    vector_from_blob,
    vector_lookup,
    vector_to_blob,
)
from storyline.store.keys import outlet_key, text_key

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "SqliteStore", "default_db_path"]

logger = logging.getLogger(__name__)

#: ``PRAGMA application_id`` of a Storyline store: "STLN" in ASCII.
APPLICATION_ID = 0x53544C4E
#: ``PRAGMA user_version`` this code writes and reads.
SCHEMA_VERSION = 4

_MEMORY = ":memory:"
_READ_BATCH = 500  # articles fetched per query by SqliteStore.articles()

# The dedup stage's streaming index: each indexed article's shingle hashes (uint32, little endian),
# so later runs find copies without re-reading or re-shingling stored articles.
_COPY_INDEX = (
    """CREATE TABLE copy_index (
        id        TEXT PRIMARY KEY,
        published TEXT,
        url_key   TEXT,
        shingles  BLOB NOT NULL,
        lead      BLOB NOT NULL
    )""",
)
# The story clusterer's state, row by row (schema 3; before, one JSON value under the state key
# "cluster", which StoryClusterer.open converts once): a story's summed TF-IDF vector is a blob
# (codec.vector_to_blob); postings hold only open stories, so finding candidates reads a few rows.
_CLUSTER_STATE = (
    """CREATE TABLE cluster_stories (
        id        TEXT PRIMARY KEY,
        size      INTEGER NOT NULL,
        first_day INTEGER,
        last_day  INTEGER,
        first_seq INTEGER,
        last_seq  INTEGER,
        closed    INTEGER NOT NULL DEFAULT 0,
        vec       BLOB NOT NULL
    )""",
    "CREATE INDEX cluster_stories_open ON cluster_stories (last_day) WHERE closed = 0",
    """CREATE TABLE cluster_labels (
        article_id TEXT PRIMARY KEY,
        story_id   TEXT NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE cluster_df (
        key TEXT PRIMARY KEY,  -- field letter (t, b, e), ':', term
        n   INTEGER NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE cluster_postings (
        key      TEXT NOT NULL,  -- 'w:' word or 'e:' name
        story_id TEXT NOT NULL,
        PRIMARY KEY (key, story_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX cluster_postings_story ON cluster_postings (story_id)",
)
_CLUSTER_HEADER = "cluster_rows"  # the state key of the clusterer's header
# Schema 4: each article's lookup keys (storyline.store.keys), so that cleaning new input reads the
# stored articles of its outlets only, and an index that gives the copy groups of many articles without
# reading their rows. Stores of schema 3 get the columns, filled from the documents.
_KEY_COLUMNS = (("outlet_key", "TEXT"), ("text_key", "TEXT"))
_KEY_INDEXES = (
    "CREATE INDEX IF NOT EXISTS articles_outlet_key ON articles (outlet_key)",
    "CREATE INDEX IF NOT EXISTS articles_text_key ON articles (text_key)",
    "CREATE INDEX IF NOT EXISTS articles_id_copy_group ON articles (id, copy_group)",
)
_SCHEMA = (
    """CREATE TABLE articles (
        id           TEXT PRIMARY KEY,
        title        TEXT,
        outlet       TEXT,
        published    TEXT,
        copy_group   TEXT,
        story        TEXT,
        content_hash TEXT NOT NULL,  -- sha256 of the raw text
        doc_hash     TEXT NOT NULL,  -- sha256 of the canonical JSON of the whole article
        doc          TEXT NOT NULL,  -- the whole article as JSON
        outlet_key   TEXT,           -- storyline.store.keys.outlet_key
        text_key     TEXT            -- storyline.store.keys.text_key
    )""",
    "CREATE INDEX articles_published ON articles (published, id)",
    "CREATE INDEX articles_outlet ON articles (outlet)",
    "CREATE INDEX articles_copy_group ON articles (copy_group)",
    "CREATE INDEX articles_story ON articles (story)",
    "CREATE INDEX articles_content_hash ON articles (content_hash)",
    *_KEY_INDEXES,
    """CREATE TABLE copy_groups (
        id        TEXT PRIMARY KEY,
        canonical TEXT NOT NULL,
        doc_hash  TEXT NOT NULL,
        doc       TEXT NOT NULL
    )""",
    """CREATE TABLE stories (
        id       TEXT PRIMARY KEY,
        title    TEXT NOT NULL,
        doc_hash TEXT NOT NULL,
        doc      TEXT NOT NULL
    )""",
    """CREATE TABLE story_articles (
        story_id   TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        article_id TEXT NOT NULL,
        PRIMARY KEY (story_id, article_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX story_articles_article ON story_articles (article_id)",
    """CREATE TABLE runs (
        seq      INTEGER PRIMARY KEY,
        id       TEXT NOT NULL UNIQUE,
        started  TEXT NOT NULL,
        finished TEXT,
        paths    TEXT NOT NULL,
        config   TEXT NOT NULL,
        counts   TEXT NOT NULL DEFAULT '{}'
    )""",
    """CREATE TABLE errors (
        seq    INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        path   TEXT NOT NULL,
        line   INTEGER,
        reason TEXT NOT NULL
    )""",
    "CREATE INDEX errors_run ON errors (run_id)",
    """CREATE TABLE state (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    *_COPY_INDEX,
    *_CLUSTER_STATE,
)


def _add_article_keys(conn: sqlite3.Connection) -> None:
    """Schema 3 -> 4: the key columns, filled from each stored document, and the new indexes."""
    have = {row[1] for row in conn.execute("PRAGMA table_info(articles)")}
    for name, kind in _KEY_COLUMNS:
        if name not in have:
            conn.execute(f"ALTER TABLE articles ADD COLUMN {name} {kind}")
    for statement in _KEY_INDEXES:
        conn.execute(statement)
    ids = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY rowid")]
    for start in range(0, len(ids), _READ_BATCH):
        docs = rows_in(conn, "SELECT id, doc FROM articles WHERE id IN ({marks})", ids[start : start + _READ_BATCH])
        keys = []
        for article_id, doc in docs:
            article = article_from_dict(json.loads(doc))
            keys.append((outlet_key(article), text_key(article), article_id))
        conn.executemany("UPDATE articles SET outlet_key = ?, text_key = ? WHERE id = ?", keys)


# What each older schema version lacks: SQL statements, or a function of the connection.
_MIGRATIONS: dict[int, tuple[str | Callable[[sqlite3.Connection], None], ...]] = {
    1: _COPY_INDEX, 2: _CLUSTER_STATE, 3: (_add_article_keys,),
}
_PARAMS = 500  # parameters per ``IN (...)`` query (SQLite's default limit is 999)


def rows_in(conn: sqlite3.Connection, sql: str, values: Iterable[Any]) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` (with one ``{marks}`` placeholder list) over ``values`` (repeats dropped),
    queried a chunk of ``_PARAMS`` at a time."""
    todo = list(dict.fromkeys(values))
    rows: list[tuple[Any, ...]] = []
    for start in range(0, len(todo), _PARAMS):
        batch = todo[start : start + _PARAMS]
        rows += conn.execute(sql.format(marks=", ".join("?" * len(batch))), batch).fetchall()
    return rows


def default_db_path() -> Path:
    """Where the store lives unless told otherwise.

    ``$STORYLINE_DB`` if set, else ``$XDG_DATA_HOME/storyline/storyline.db``, where an unset,
    empty or relative ``XDG_DATA_HOME`` means ``~/.local/share`` (as the XDG spec says).
    """
    explicit = os.environ.get("STORYLINE_DB")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "storyline" / "storyline.db"


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _doc_hash(data: Any) -> str:
    """Hash of a canonical JSON form, so that dict key order does not count as a change."""
    return _sha256(json.dumps(data, ensure_ascii=False, sort_keys=True))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _new_counts(*, replace: bool = False) -> dict[str, int]:
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    if replace:
        counts["removed"] = 0
    return counts


class SqliteStore(Store):
    """A store in one SQLite file, or in memory (the default, for tests and one-off runs).

    >>> with SqliteStore() as store:
    ...     store.put_articles([Article(id="a1", text="Rain fell.")])
    {'added': 1, 'updated': 0, 'unchanged': 0}
    """

    def __init__(self, path: str | Path = _MEMORY) -> None:
        self.path: Path | None = None if str(path) == _MEMORY else Path(path).expanduser()
        self._where = _MEMORY if self.path is None else str(self.path)
        self._lock = threading.RLock()
        self._depth = 0  # nesting depth of open transactions
        self._conn: sqlite3.Connection | None = None
        if self.path is not None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder for the store {self._where}: {exc}") from exc
        try:
            conn = sqlite3.connect(self._where, timeout=30.0, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(
                f"cannot open the store {self._where}: {exc}. Fix: check the path and its permissions"
            ) from exc
        try:
            self._open(conn)
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    def __repr__(self) -> str:
        return f"SqliteStore({self._where!r})"

    # -- opening ----------------------------------------------------------------------------------

    def _open(self, conn: sqlite3.Connection) -> None:
        where = self._where
        try:
            # One statement, so the three values agree even while another process creates the schema.
            app_id, version, tables = conn.execute(
                "SELECT a.application_id, v.user_version, (SELECT count(*) FROM sqlite_master)"
                " FROM pragma_application_id() AS a, pragma_user_version() AS v"
            ).fetchone()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{where} is not a Storyline store: {exc}. "
                "Fix: point STORYLINE_DB (or --db) at another path, or move this file away"
            ) from exc
        if app_id != APPLICATION_ID and (app_id != 0 or tables):
            raise StoreError(
                f"{where} is an SQLite database but not a Storyline store "
                f"(application_id {app_id:#x}, {tables} schema objects). "
                "Fix: point STORYLINE_DB (or --db) at another path"
            )
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{where} has store schema version {version}, newer than this Storyline reads "
                f"(up to {SCHEMA_VERSION}). Fix: pip install --upgrade storyline"
            )
        try:
            if self.path is not None:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            if app_id == 0:
                self._create_schema(conn)
            elif version < SCHEMA_VERSION:
                self._migrate(conn)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot initialise the store {where}: {exc}") from exc

    @staticmethod
    def _migrate(conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            while version < SCHEMA_VERSION:
                for step in _MIGRATIONS[version]:
                    if callable(step):
                        step(conn)
                    else:
                        conn.execute(step)
                version += 1
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        logger.debug("migrated store schema to version %d", SCHEMA_VERSION)

    @staticmethod
    def _create_schema(conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Checked again under the write lock: another process may have created it meanwhile.
            if conn.execute("PRAGMA application_id").fetchone()[0] == 0:
                for statement in _SCHEMA:
                    conn.execute(statement)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        logger.debug("created store schema version %d", SCHEMA_VERSION)

    # -- plumbing ---------------------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"the store {self._where} is closed")
        return self._conn

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._connection()
            try:
                yield conn
            except sqlite3.Error as exc:
                raise StoreError(f"cannot read the store {self._where}: {exc}") from exc

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write batch: all of it is written, or none of it. Nested calls become savepoints."""
        with self._lock:
            conn = self._connection()
            outer = self._depth == 0
            savepoint = f"sp{self._depth}"
            try:
                conn.execute("BEGIN IMMEDIATE" if outer else f"SAVEPOINT {savepoint}")
            except sqlite3.Error as exc:
                raise StoreError(f"cannot write to the store {self._where}: {exc}") from exc
            self._depth += 1
            try:
                yield conn
            except BaseException as exc:
                self._depth -= 1
                if outer:
                    conn.execute("ROLLBACK")
                else:
                    conn.execute(f"ROLLBACK TO {savepoint}")
                    conn.execute(f"RELEASE {savepoint}")
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(f"cannot write to the store {self._where}: {exc}") from exc
                raise
            self._depth -= 1
            try:
                conn.execute("COMMIT" if outer else f"RELEASE {savepoint}")
            except sqlite3.Error as exc:
                if outer and conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise StoreError(f"cannot write to the store {self._where}: {exc}") from exc

    @staticmethod
    def _execute(conn: sqlite3.Connection, sql: str, params: Sequence[Any], what: str) -> sqlite3.Cursor:
        try:
            return conn.execute(sql, params)
        except UnicodeEncodeError as exc:  # lone surrogates cannot be stored as UTF-8
            raise StoreError(f"cannot store {what}: {exc}") from exc

    # -- articles ---------------------------------------------------------------------------------

    def put_articles(self, articles: Iterable[Article]) -> dict[str, int]:
        counts = _new_counts()
        with self._transaction() as conn:
            for article in articles:
                data = article_to_dict(article)
                doc = dumps(data, f"article {article.id!r}")
                doc_hash = _doc_hash(data)
                row = conn.execute("SELECT doc_hash FROM articles WHERE id = ?", (article.id,)).fetchone()
                if row is not None and row[0] == doc_hash:
                    counts["unchanged"] += 1
                    continue
                params = (
                    article.id,
                    article.title,
                    article.outlet,
                    article.published,
                    article.copy_group,
                    article.story,
                    _sha256(article.raw),
                    doc_hash,
                    doc,
                    outlet_key(article),
                    text_key(article),
                )
                self._execute(
                    conn,
                    "INSERT INTO articles (id, title, outlet, published, copy_group, story, content_hash, doc_hash,"
                    " doc, outlet_key, text_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (id) DO UPDATE SET title = excluded.title, outlet = excluded.outlet,"
                    " published = excluded.published, copy_group = excluded.copy_group, story = excluded.story,"
                    " content_hash = excluded.content_hash, doc_hash = excluded.doc_hash, doc = excluded.doc,"
                    " outlet_key = excluded.outlet_key, text_key = excluded.text_key",
                    params,
                    f"article {article.id!r}",
                )
                counts["added" if row is None else "updated"] += 1
        logger.debug("put_articles: %s", counts)
        return counts

    def get_article(self, article_id: str) -> Article | None:
        with self._read() as conn:
            row = conn.execute("SELECT doc FROM articles WHERE id = ?", (article_id,)).fetchone()
        return None if row is None else article_from_dict(json.loads(row[0]))

    def articles(self) -> Iterator[Article]:
        """Every article, ordered by published date (undated last), then id.

        The ids are read when iteration starts; the articles are then read in batches, so the
        store is not locked between items. An article deleted meanwhile is skipped, and an
        article updated meanwhile is yielded as it is when its batch is read.
        """
        with self._read() as conn:
            ids = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY published IS NULL, published, id")]
        for start in range(0, len(ids), _READ_BATCH):
            batch = ids[start : start + _READ_BATCH]
            marks = ", ".join("?" * len(batch))
            with self._read() as conn:
                docs = dict(conn.execute(f"SELECT id, doc FROM articles WHERE id IN ({marks})", batch).fetchall())
            for article_id in batch:
                if article_id in docs:
                    yield article_from_dict(json.loads(docs[article_id]))

    def find_articles(
        self,
        *,
        ids: Iterable[str] = (),
        stories: Iterable[str] = (),
        copy_groups: Iterable[str] = (),
        outlet_keys: Iterable[str] = (),
        unplaced: bool = False,
    ) -> list[Article]:
        found: dict[str, Article] = {}
        with self._read() as conn:

            def take(rows: Iterable[tuple[Any, ...]]) -> None:
                for article_id, doc in rows:
                    if article_id not in found:
                        found[article_id] = article_from_dict(json.loads(doc))

            for column, values in (("id", ids), ("story", stories), ("copy_group", copy_groups),
                                   ("outlet_key", outlet_keys)):
                take(rows_in(conn, f"SELECT id, doc FROM articles WHERE {column} IN ({{marks}})", values))
            if unplaced:
                take(conn.execute("SELECT id, doc FROM articles WHERE story IS NULL OR copy_group IS NULL"))
        return sorted(found.values(), key=article_order)

    def article_keys(self, text_keys: Iterable[str]) -> list[tuple[str, str | None, str | None, str]]:
        with self._read() as conn:
            return [(i, published, outlet, text) for i, published, outlet, text in rows_in(
                conn, "SELECT id, published, outlet_key, text_key FROM articles WHERE text_key IN ({marks})", text_keys)]

    def copy_group_labels(self, ids: Iterable[str]) -> dict[str, str]:
        with self._read() as conn:
            return dict(rows_in(conn, "SELECT id, copy_group FROM articles WHERE id IN ({marks})"
                                " AND copy_group IS NOT NULL", ids))

    def article_ids(self) -> set[str]:
        with self._read() as conn:
            return {r[0] for r in conn.execute("SELECT id FROM articles")}

    def has_article(self, article_id: str) -> bool:
        with self._read() as conn:
            return conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def count_articles(self) -> int:
        with self._read() as conn:
            count: int = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        return count

    # -- copy groups ------------------------------------------------------------------------------

    def put_copy_groups(
        self, groups: Iterable[CopyGroup], *, replace: bool = True, remove: Iterable[str] = ()
    ) -> dict[str, int]:
        """Store copy groups.

        With ``replace=True`` (the default: copy detection recomputes every group) the stored
        groups become exactly these, and ``counts["removed"]`` says how many old ones went.
        With ``replace=False`` groups are upserted by id, the ids in ``remove`` are deleted
        (``counts["removed"]`` says how many were stored) and the others are kept.
        """
        gone = list(remove)
        counts = _new_counts(replace=replace or bool(gone))
        with self._transaction() as conn:
            seen: set[str] = set()
            for group in groups:
                data = group.to_dict()
                what = f"copy group {group.id!r}"
                self._upsert(conn, "copy_groups", "canonical", group.id, group.canonical, data, what, counts)
                seen.add(group.id)
            if replace:
                counts["removed"] = self._delete_others(conn, "copy_groups", seen)
            elif gone:
                counts["removed"] = self._delete(conn, "copy_groups", gone)
        logger.debug("put_copy_groups: %s", counts)
        return counts

    def copy_groups(self, ids: Iterable[str] | None = None) -> list[CopyGroup]:
        with self._read() as conn:
            if ids is None:
                docs = [r[0] for r in conn.execute("SELECT doc FROM copy_groups ORDER BY id")]
            else:
                docs = [r[1] for r in sorted(rows_in(conn, "SELECT id, doc FROM copy_groups WHERE id IN ({marks})", ids))]
        return [copy_group_from_dict(json.loads(doc)) for doc in docs]

    def count_copy_groups(self) -> int:
        with self._read() as conn:
            count: int = conn.execute("SELECT count(*) FROM copy_groups").fetchone()[0]
        return count

    # -- stories ----------------------------------------------------------------------------------

    def put_stories(
        self, stories: Iterable[Story], *, replace: bool = False, remove: Iterable[str] = ()
    ) -> dict[str, int]:
        """Upsert stories by id and delete the ids in ``remove`` (``counts["removed"]`` says how
        many were stored); with ``replace=True`` the stored stories become exactly these."""
        gone = list(remove)
        counts = _new_counts(replace=replace or bool(gone))
        with self._transaction() as conn:
            seen: set[str] = set()
            for story in stories:
                data = story_to_dict(story)
                what = f"story {story.id!r}"
                if self._upsert(conn, "stories", "title", story.id, story.title, data, what, counts):
                    conn.execute("DELETE FROM story_articles WHERE story_id = ?", (story.id,))
                    conn.executemany(
                        "INSERT OR IGNORE INTO story_articles (story_id, article_id) VALUES (?, ?)",
                        [(story.id, a) for a in story.articles],
                    )
                seen.add(story.id)
            if replace:
                counts["removed"] = self._delete_others(conn, "stories", seen)
            elif gone:
                counts["removed"] = self._delete(conn, "stories", gone)
        logger.debug("put_stories: %s", counts)
        return counts

    def stories(self, ids: Iterable[str] | None = None) -> list[Story]:
        sql = """
            SELECT s.id, s.doc, max(a.published) AS latest
            FROM stories AS s
            LEFT JOIN story_articles AS sa ON sa.story_id = s.id
            LEFT JOIN articles AS a ON a.id = sa.article_id
            {where}
            GROUP BY s.id
            ORDER BY latest IS NULL, latest DESC, s.id
        """
        with self._read() as conn:
            if ids is None:
                rows = conn.execute(sql.format(where="")).fetchall()
            else:  # read in chunks: sorted here the way ORDER BY sorts each chunk
                rows = rows_in(conn, sql.format(where="WHERE s.id IN ({marks})"), ids)
                rows.sort(key=lambda r: r[0])
                rows.sort(key=lambda r: r[2] or "", reverse=True)
                rows.sort(key=lambda r: r[2] is None)
        return [story_from_dict(json.loads(r[1])) for r in rows]

    def count_stories(self) -> int:
        with self._read() as conn:
            count: int = conn.execute("SELECT count(*) FROM stories").fetchone()[0]
        return count

    def get_story(self, story_id: str) -> Story | None:
        with self._read() as conn:
            row = conn.execute("SELECT doc FROM stories WHERE id = ?", (story_id,)).fetchone()
        return None if row is None else story_from_dict(json.loads(row[0]))

    def _upsert(
        self,
        conn: sqlite3.Connection,
        table: str,
        column: str,
        key: str,
        value: str,
        data: dict[str, Any],
        what: str,
        counts: dict[str, int],
    ) -> bool:
        """Insert or update one ``(id, column, doc_hash, doc)`` row; count it; return whether it was written."""
        doc = dumps(data, what)
        doc_hash = _doc_hash(data)
        row = conn.execute(f"SELECT doc_hash FROM {table} WHERE id = ?", (key,)).fetchone()
        if row is not None and row[0] == doc_hash:
            counts["unchanged"] += 1
            return False
        self._execute(
            conn,
            f"INSERT INTO {table} (id, {column}, doc_hash, doc) VALUES (?, ?, ?, ?)"
            f" ON CONFLICT (id) DO UPDATE SET {column} = excluded.{column},"
            " doc_hash = excluded.doc_hash, doc = excluded.doc",
            (key, value, doc_hash, doc),
            what,
        )
        counts["added" if row is None else "updated"] += 1
        return True

    @staticmethod
    def _delete_others(conn: sqlite3.Connection, table: str, keep: set[str]) -> int:
        stale = [r[0] for r in conn.execute(f"SELECT id FROM {table}") if r[0] not in keep]
        conn.executemany(f"DELETE FROM {table} WHERE id = ?", [(k,) for k in stale])
        return len(stale)

    @staticmethod
    def _delete(conn: sqlite3.Connection, table: str, ids: Iterable[str]) -> int:
        """Delete the rows of ``ids``; return how many there were."""
        return conn.executemany(f"DELETE FROM {table} WHERE id = ?", [(k,) for k in dict.fromkeys(ids)]).rowcount

    # -- errors and runs --------------------------------------------------------------------------

    def put_errors(self, errors: Iterable[InputError], run_id: str) -> int:
        written = 0
        with self._transaction() as conn:
            self._require_run(conn, run_id)
            for error in errors:
                self._execute(
                    conn,
                    "INSERT INTO errors (run_id, path, line, reason) VALUES (?, ?, ?, ?)",
                    (run_id, error.path, error.line, error.reason),
                    f"the error for {error.path!r}",
                )
                written += 1
        return written

    def errors(self, run_id: str | None = None) -> list[InputError]:
        with self._read() as conn:
            if run_id is None:
                rows = conn.execute("SELECT path, reason, line FROM errors ORDER BY seq").fetchall()
            else:
                rows = conn.execute(
                    "SELECT path, reason, line FROM errors WHERE run_id = ? ORDER BY seq", (run_id,)
                ).fetchall()
        return [InputError(path=p, reason=r, line=n) for p, r, n in rows]

    def start_run(self, paths: list[str], config: dict[str, Any]) -> str:
        started = datetime.now(UTC)
        run_id = f"{started:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
        paths_json = dumps([str(p) for p in paths], "the run's paths")
        config_json = dumps(config, "the run's config")
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO runs (id, started, paths, config) VALUES (?, ?, ?, ?)",
                (run_id, started.isoformat(timespec="seconds"), paths_json, config_json),
            )
        logger.debug("started run %s", run_id)
        return run_id

    def finish_run(self, run_id: str, counts: dict[str, Any]) -> None:
        counts_json = dumps(counts, f"the counts of run {run_id!r}")
        with self._transaction() as conn:
            self._require_run(conn, run_id)
            conn.execute("UPDATE runs SET finished = ?, counts = ? WHERE id = ?", (_now(), counts_json, run_id))

    def runs(self) -> list[Run]:
        with self._read() as conn:
            rows = conn.execute("SELECT id, started, finished, paths, config, counts FROM runs ORDER BY seq").fetchall()
        return [
            Run(
                id=run_id,
                started=started,
                finished=finished,
                paths=json.loads(paths),
                config=json.loads(config),
                counts=json.loads(counts),
            )
            for run_id, started, finished, paths, config, counts in rows
        ]

    def _require_run(self, conn: sqlite3.Connection, run_id: str) -> None:
        if conn.execute("SELECT 1 FROM runs WHERE id = ?", (run_id,)).fetchone() is None:
            raise StoreError(f"no run {run_id!r} in the store {self._where}. Fix: use the id start_run() returned")

    # -- copy index -------------------------------------------------------------------------------

    def put_index_entries(self, rows: Iterable[IndexRow], remove: Iterable[str] = ()) -> None:
        """Write ``(id, published, url_key, shingles, lead)`` rows of the copy index and delete ``remove``."""
        with self._transaction() as conn:
            conn.executemany("DELETE FROM copy_index WHERE id = ?", [(i,) for i in remove])
            conn.executemany(
                "INSERT INTO copy_index (id, published, url_key, shingles, lead) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET published = excluded.published, url_key = excluded.url_key,"
                " shingles = excluded.shingles, lead = excluded.lead",
                list(rows),
            )

    def index_entries(self) -> Iterator[IndexRow]:
        with self._read() as conn:
            rows = conn.execute("SELECT id, published, url_key, shingles, lead FROM copy_index ORDER BY rowid").fetchall()
        yield from rows

    # -- state ------------------------------------------------------------------------------------

    def get_state(self, key: str, default: Any = None) -> Any:
        with self._read() as conn:
            row = conn.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def put_state(self, key: str, value: Any) -> None:
        text = dumps(value, f"state {key!r}")
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, text),
            )

    # -- story clusterer state ----------------------------------------------------------------------

    def _corrupt(self, what: str, reason: str) -> StoreError:
        return StoreError(
            f"the store {self._where} has a damaged story-clusterer state: {what}: {reason}. Fix: restore the "
            "store from a backup, or rebuild it by running the input again into a new store (--db)"
        )

    _chunks = staticmethod(rows_in)

    def cluster_header(self) -> dict[str, Any] | None:
        header = self.get_state(_CLUSTER_HEADER)
        if header is None:
            return None
        fields = ("n_docs", "seq", "generation")
        if (not isinstance(header, dict) or any(type(header.get(k)) is not int or header[k] < 0 for k in fields)
                or not (header.get("newest") is None or type(header["newest"]) is int)):
            raise self._corrupt(f"the header (state {_CLUSTER_HEADER!r})",
                                f"expected non-negative integers n_docs, seq, generation and newest (or null), got {header!r}")
        return header

    def cluster_stories(self, ids: Iterable[str] | None = None, *, vectors: bool = True,
                        lookup: Collection[str] | None = None, whole_up_to: int = 0) -> dict[str, dict[str, Any]]:
        query = None if lookup is None else TermQuery(lookup)
        columns = "id, size, first_day, last_day, first_seq, last_seq, closed, " + ("vec" if vectors else "NULL")
        out: dict[str, dict[str, Any]] = {}
        with self._read() as conn:
            rows = (conn.execute(f"SELECT {columns} FROM cluster_stories ORDER BY rowid").fetchall() if ids is None else
                    self._chunks(conn, f"SELECT {columns} FROM cluster_stories WHERE id IN ({{marks}})", ids))
            for sid, size, first_day, last_day, first_seq, last_seq, closed, vec in rows:
                if type(size) is not int or size < 0 or closed not in (0, 1) or not all(
                        x is None or type(x) is int for x in (first_day, last_day, first_seq, last_seq)):
                    raise self._corrupt(f"story {sid!r}", "size, days, arrival numbers or the closed flag are not integers")
                story: dict[str, Any] = {"size": size, "first_day": first_day, "last_day": last_day}
                if vectors:
                    try:
                        story["vec"] = vector_from_blob(vec) if query is None else vector_lookup(vec, query, whole_up_to)
                    except ValueError as exc:
                        raise self._corrupt(f"story {sid!r}", str(exc)) from exc
                if first_seq is not None:
                    story["first_seq"] = first_seq
                if last_seq is not None:
                    story["last_seq"] = last_seq
                story["closed"] = bool(closed)
                out[sid] = story
        return out

    def cluster_labels(self, ids: Iterable[str] | None = None) -> dict[str, str]:
        with self._read() as conn:
            if ids is None:
                return dict(conn.execute("SELECT article_id, story_id FROM cluster_labels"))
            return dict(self._chunks(conn, "SELECT article_id, story_id FROM cluster_labels WHERE article_id IN ({marks})", ids))

    def cluster_df(self, keys: Iterable[str] | None = None) -> dict[str, int]:
        with self._read() as conn:
            rows = (conn.execute("SELECT key, n FROM cluster_df") if keys is None
                    else self._chunks(conn, "SELECT key, n FROM cluster_df WHERE key IN ({marks})", keys))
            out = dict(rows)
        bad = next((k for k, n in out.items() if type(n) is not int or n < 0), None)
        if bad is not None:
            raise self._corrupt(f"document frequency {bad!r}", f"{out[bad]!r} is not a count")
        return out

    def cluster_postings(self, keys: Iterable[str]) -> list[tuple[str, str]]:
        with self._read() as conn:
            return list(self._chunks(conn, "SELECT key, story_id FROM cluster_postings WHERE key IN ({marks})", keys))

    def cluster_story_keys(self, ids: Iterable[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        with self._read() as conn:
            for key, sid in self._chunks(conn, "SELECT key, story_id FROM cluster_postings WHERE story_id IN ({marks})", ids):
                out.setdefault(sid, []).append(key)
        return out

    def cluster_closing(self, before: int, since: int | None = None) -> list[str]:
        sql = "SELECT id FROM cluster_stories WHERE closed = 0 AND last_day < ?"
        params: tuple[int, ...] = (before,)
        if since is not None:
            sql, params = sql + " AND last_day >= ?", (before, since)
        with self._read() as conn:
            return [r[0] for r in conn.execute(sql + " ORDER BY last_day, id", params)]

    def put_cluster_changes(self, changes: ClusterChanges) -> int:
        stories = []
        for sid, st in changes.stories.items():
            try:
                if type(st.get("size")) is not int or st["size"] < 0:
                    raise ValueError(f"size {st.get('size')!r} is not a count")
                for key in ("first_day", "last_day", "first_seq", "last_seq"):
                    if not (st.get(key) is None or type(st[key]) is int):
                        raise ValueError(f"{key} {st[key]!r} is not an integer")
                blob = vector_to_blob(st["vec"])
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise StoreError(f"cannot store story {sid!r} of the story clusterer in {self._where}: {exc}") from exc
            stories.append((sid, st["size"], st.get("first_day"), st.get("last_day"), st.get("first_seq"), st.get("last_seq"),
                            int(bool(st.get("closed"))), blob))
        what = "the story clusterer's state"
        with self._transaction() as conn:
            stored = self.cluster_header()
            generation = None if stored is None else stored["generation"]
            if generation != changes.expect_generation:
                raise StoreError(
                    f"the story clusterer's state in {self._where} changed since it was read (generation "
                    f"{generation}, expected {changes.expect_generation}): another process wrote to the store. "
                    "Fix: run one writer at a time, and run the input again"
                )
            if changes.replace:
                for table in ("cluster_stories", "cluster_labels", "cluster_df", "cluster_postings"):
                    conn.execute(f"DELETE FROM {table}")
            if changes.drop_state is not None:
                conn.execute("DELETE FROM state WHERE key = ?", (changes.drop_state,))
            ex = conn.executemany
            try:
                ex("DELETE FROM cluster_stories WHERE id = ?", [(i,) for i in changes.removed])
                ex("INSERT INTO cluster_stories (id, size, first_day, last_day, first_seq, last_seq, closed, vec)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET size = excluded.size,"
                   " first_day = excluded.first_day, last_day = excluded.last_day, first_seq = excluded.first_seq,"
                   " last_seq = excluded.last_seq, closed = excluded.closed, vec = excluded.vec", stories)
                ex("UPDATE cluster_stories SET closed = 1 WHERE id = ?", [(i,) for i in changes.closed])
                ex("DELETE FROM cluster_labels WHERE article_id = ?", [(i,) for i in changes.unlabelled])
                ex("INSERT INTO cluster_labels (article_id, story_id) VALUES (?, ?)"
                   " ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id", list(changes.labels.items()))
                ex("INSERT INTO cluster_df (key, n) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET n = excluded.n",
                   list(changes.df.items()))
                ex("DELETE FROM cluster_postings WHERE story_id = ?", [(i,) for i in changes.postings_cleared])
                ex("INSERT OR IGNORE INTO cluster_postings (key, story_id) VALUES (?, ?)", changes.postings_added)
            except UnicodeEncodeError as exc:  # lone surrogates cannot be stored as UTF-8
                raise StoreError(f"cannot store {what} in {self._where}: {exc}") from exc
            new = 1 if generation is None else generation + 1
            header = {**changes.header, "generation": new}
            conn.execute("INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                         (_CLUSTER_HEADER, dumps(header, "the story clusterer's header")))
        return new

    # -- lifetime ---------------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
