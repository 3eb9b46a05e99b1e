"""StoreReader: the read-only view servers use while a writer keeps writing."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.errors import StoreError
from storyline.store import SqliteStore, StoreReader

from .test_store_sqlite import make_article, make_group, make_story


def _filled(path: Path) -> None:
    with SqliteStore(path) as store:
        store.put_articles([make_article("a1", url="https://x.example/1", copy_group="cg1"),
                            make_article("a2", outlet="Courier", copy_group="cg1"), make_article("a3")])
        store.put_copy_groups([make_group("cg1", ["a1", "a2"])])
        store.put_stories([make_story("s1", ["a1", "a2"]), make_story("s2", ["a3"], title="Flood")])


@pytest.fixture
def filled(tmp_path: Path) -> Iterator[tuple[Path, StoreReader]]:
    """A store written by SqliteStore, and a reader over it."""
    path = tmp_path / "s.db"
    _filled(path)
    reader = StoreReader(path)
    yield path, reader
    reader.close()


def test_reads_what_the_store_wrote(filled: tuple[Path, StoreReader]) -> None:
    _path, reader = filled
    assert reader.story("s2").articles == ["a3"]  # type: ignore[union-attr]
    assert reader.story("nope") is None
    assert reader.story_titles(["s1", "s2", "nope"]) == {"s1": "Storm", "s2": "Flood"}
    assert sorted(reader.articles(["a2", "a1", "a1", "zz"])) == ["a1", "a2"]
    assert reader.copy_groups(["cg1", "", "cg9"])["cg1"].members == ["a1", "a2"]
    snap = reader.snapshot({})
    assert set(snap.hashes) == set(snap.changed) == {"s1", "s2"}
    rows = {(m.outlet, m.url) for m in snap.members["s1"]}
    assert rows == {("Daily", "https://x.example/1"), ("Courier", None)}
    assert all(m.group_hash for m in snap.members["s1"]) and snap.members["s2"][0].group_hash is None


def test_snapshot_decodes_only_changed_stories_and_the_version_moves_on_commit(filled: tuple[Path, StoreReader]) -> None:
    path, reader = filled
    first = reader.snapshot({})
    version = reader.version()
    assert reader.snapshot(first.hashes).changed == {}
    with SqliteStore(path) as store:
        store.put_stories([make_story("s2", ["a3"], title="Flood warning")])
    assert reader.version() != version
    again = reader.snapshot(first.hashes)
    assert set(again.changed) == {"s2"} and again.changed["s2"]["title"] == "Flood warning"


def test_it_cannot_write_and_each_thread_reads_on_its_own_connection(filled: tuple[Path, StoreReader]) -> None:
    _path, reader = filled
    seen: list[object] = []
    found: list[object] = []

    def read() -> None:
        seen.append(reader._conn())
        found.append(reader.story("s1"))

    threads = [threading.Thread(target=read) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(c) for c in seen}) == 3
    assert len(found) == 3 and all(story is not None and story.id == "s1" for story in found)  # type: ignore[attr-defined]

    with pytest.raises(sqlite3.OperationalError):
        reader._conn().execute("DELETE FROM stories")


def test_a_foreign_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(StoreError, match="not a Storyline store"):
        StoreReader(path)
