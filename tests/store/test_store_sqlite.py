from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

import storyline.store
from storyline.errors import StoreError
from storyline.model import Article, CopyGroup, InputError, Removed, Story
from storyline.store import Run, SqliteStore, Store, default_db_path

T = TypeVar("T")


class Boom(Exception):
    """Raised by a test iterable half-way through a batch."""


def make_article(
    id: str = "a1",
    text: str = "Rain fell on the city.",
    *,
    outlet: str | None = "Daily",
    published: str | None = "2024-05-06",
    **fields: Any,
) -> Article:
    return Article(id=id, text=text, outlet=outlet, published=published, **fields)


def make_story(id: str = "s1", articles: list[str] | None = None, title: str = "Storm") -> Story:
    return Story(id=id, title=title, articles=articles if articles is not None else ["a1"])


def then_fail(items: Iterable[T], after: int) -> Iterator[T]:
    """Yield ``after`` items, then raise Boom."""
    for i, item in enumerate(items):
        if i == after:
            raise Boom
        yield item
    raise Boom


def rows(path: Path, table: str) -> list[tuple[Any, ...]]:
    """Every row of ``table`` with its rowid, read through a separate connection."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT rowid, * FROM {table} ORDER BY rowid").fetchall()
    finally:
        conn.close()


# -- the package -------------------------------------------------------------------------------------


def test_all_is_sorted_and_public() -> None:
    names = storyline.store.__all__
    assert names == sorted(names)
    assert all(hasattr(storyline.store, n) for n in names)
    with SqliteStore() as store:
        assert isinstance(store, Store)


# -- articles ----------------------------------------------------------------------------------------


def test_article_round_trip_keeps_every_field(store: SqliteStore) -> None:
    article = make_article(
        raw="Rain fell on the city.\nSubscribe now!",
        title="Rain",
        agency="AP",
        byline="By Ann Lee",
        dateline="LONDON",
        url="https://example.com/rain",
        source_path="inbox/rain.txt",
        removed=[Removed("Subscribe now!", "boilerplate")],
        copy_group="cg1",
        story="s1",
        metadata={"lang": "en", "scores": [0.5, None], "nested": {"ok": True}},
    )
    assert store.put_articles([article]) == {"added": 1, "updated": 0, "unchanged": 0}
    assert store.get_article("a1") == article
    assert store.get_article("nope") is None


def test_article_lookups(store: SqliteStore) -> None:
    store.put_articles([make_article("a1"), make_article("a2")])
    assert store.article_ids() == {"a1", "a2"}
    assert store.has_article("a2") and not store.has_article("a3")
    assert store.count_articles() == 2


def test_articles_are_ordered_by_published_then_id_undated_last(store: SqliteStore) -> None:
    store.put_articles(
        [
            make_article("b", published="2024-05-06"),
            make_article("z", published=None),
            make_article("a", published="2024-05-06"),
            make_article("c", published="2024-05-01"),
            make_article("y", published=None),
        ]
    )
    assert [a.id for a in store.articles()] == ["c", "a", "b", "y", "z"]


def test_articles_are_read_in_batches(store: SqliteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("storyline.store.sqlite._READ_BATCH", 3)
    store.put_articles(make_article(f"a{i:02d}") for i in range(10))
    assert [a.id for a in store.articles()] == [f"a{i:02d}" for i in range(10)]


def test_put_twice_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    batch = [make_article("a1"), make_article("a2", "Snow fell.", metadata={"k": [1, 2]})]
    with SqliteStore(path) as store:
        assert store.put_articles(batch) == {"added": 2, "updated": 0, "unchanged": 0}
        before = rows(path, "articles")
        assert store.put_articles(batch) == {"added": 0, "updated": 0, "unchanged": 2}
        assert rows(path, "articles") == before
        assert list(store.articles()) == batch


def test_changed_text_counts_as_updated(store: SqliteStore) -> None:
    store.put_articles([make_article("a1"), make_article("a2")])
    counts = store.put_articles([make_article("a1", "Rain fell on the town."), make_article("a2"), make_article("a3")])
    assert counts == {"added": 1, "updated": 1, "unchanged": 1}
    article = store.get_article("a1")
    assert article is not None and article.text == "Rain fell on the town."


def test_any_changed_field_counts_as_updated(store: SqliteStore) -> None:
    store.put_articles([make_article()])
    assert store.put_articles([make_article(copy_group="cg1")])["updated"] == 1
    assert store.put_articles([make_article(copy_group="cg1", metadata={"x": 1})])["updated"] == 1
    assert store.put_articles([make_article(copy_group="cg1", metadata={"x": 1})])["unchanged"] == 1


def test_metadata_key_order_is_not_a_change(store: SqliteStore) -> None:
    store.put_articles([make_article(metadata={"a": 1, "b": 2})])
    assert store.put_articles([make_article(metadata={"b": 2, "a": 1})])["unchanged"] == 1


def test_same_id_twice_in_one_batch_keeps_the_last(store: SqliteStore) -> None:
    counts = store.put_articles([make_article("a1", "First."), make_article("a1", "Second.")])
    assert counts == {"added": 1, "updated": 1, "unchanged": 0}
    assert store.get_article("a1") == make_article("a1", "Second.")


def test_indexed_columns_and_content_hash(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    article = make_article(raw="Raw text.", title="T", copy_group="cg1", story="s1")
    with SqliteStore(path) as store:
        store.put_articles([article])
    conn = sqlite3.connect(path)
    try:
        row = conn.execute(
            "SELECT id, title, outlet, published, copy_group, story, content_hash FROM articles"
        ).fetchone()
    finally:
        conn.close()
    assert row == ("a1", "T", "Daily", "2024-05-06", "cg1", "s1", hashlib.sha256(b"Raw text.").hexdigest())


def test_a_failing_batch_writes_nothing_and_loses_nothing(store: SqliteStore) -> None:
    store.put_articles([make_article("a1")])
    batch = [make_article("a1", "Changed."), make_article("a2"), make_article("a3")]
    with pytest.raises(Boom):
        store.put_articles(then_fail(batch, after=2))
    assert store.article_ids() == {"a1"}
    assert store.get_article("a1") == make_article("a1")
    # The store still works after the rollback.
    assert store.put_articles(batch) == {"added": 2, "updated": 1, "unchanged": 0}


def test_an_unstorable_article_rolls_back_its_batch(store: SqliteStore) -> None:
    with pytest.raises(StoreError, match="article 'a2'"):
        store.put_articles([make_article("a1"), make_article("a2", metadata={"when": object()})])
    assert store.count_articles() == 0


def test_a_batch_may_read_the_store_while_it_is_written(store: SqliteStore) -> None:
    store.put_articles(make_article(f"a{i}") for i in range(3))
    counts = store.put_articles(make_article(a.id, a.text.upper()) for a in store.articles())
    assert counts == {"added": 0, "updated": 3, "unchanged": 0}
    assert {a.text for a in store.articles()} == {"RAIN FELL ON THE CITY."}


def test_a_nested_write_that_fails_is_undone_with_its_batch(store: SqliteStore) -> None:
    def articles() -> Iterator[Article]:
        yield make_article("a1")
        store.put_state("seen", 1)  # a nested write joins the outer batch
        raise Boom

    with pytest.raises(Boom):
        store.put_articles(articles())
    assert store.count_articles() == 0
    assert store.get_state("seen") is None


def test_threads_can_share_a_store(store: SqliteStore) -> None:
    def work(n: int) -> None:
        for i in range(20):
            store.put_articles([make_article(f"t{n}-{i}")])
            store.count_articles()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.count_articles() == 80


# -- copy groups -------------------------------------------------------------------------------------


def make_group(id: str = "cg1", members: list[str] | None = None) -> CopyGroup:
    members = members or ["a1", "a2"]
    return CopyGroup(
        id=id,
        members=members,
        canonical=members[0],
        edits={m: {"added": ["One line."], "dropped": []} for m in members[1:]},
        similarity={m: 0.9 for m in members[1:]},
    )


def test_copy_groups_round_trip_ordered_by_id(store: SqliteStore) -> None:
    groups = [make_group("cg2", ["a3", "a4"]), make_group("cg1")]
    assert store.put_copy_groups(groups) == {"added": 2, "updated": 0, "unchanged": 0, "removed": 0}
    assert store.copy_groups() == sorted(groups, key=lambda g: g.id)


def test_copy_groups_replace_all_by_default(store: SqliteStore) -> None:
    store.put_copy_groups([make_group("cg1"), make_group("cg2", ["a3", "a4"])])
    counts = store.put_copy_groups([make_group("cg2", ["a3", "a4", "a5"]), make_group("cg3", ["a6", "a7"])])
    assert counts == {"added": 1, "updated": 1, "unchanged": 0, "removed": 1}
    assert [g.id for g in store.copy_groups()] == ["cg2", "cg3"]
    assert store.put_copy_groups([]) == {"added": 0, "updated": 0, "unchanged": 0, "removed": 2}
    assert store.copy_groups() == []


def test_copy_groups_upsert_by_id(store: SqliteStore) -> None:
    store.put_copy_groups([make_group("cg1"), make_group("cg2", ["a3", "a4"])])
    counts = store.put_copy_groups([make_group("cg1"), make_group("cg3", ["a6", "a7"])], replace=False)
    assert counts == {"added": 1, "updated": 0, "unchanged": 1}
    assert [g.id for g in store.copy_groups()] == ["cg1", "cg2", "cg3"]


def test_a_failing_copy_group_replacement_keeps_the_old_groups(store: SqliteStore) -> None:
    old = [make_group("cg1"), make_group("cg2", ["a3", "a4"])]
    store.put_copy_groups(old)
    with pytest.raises(Boom):
        store.put_copy_groups(then_fail([make_group("cg9", ["a8", "a9"])], after=1))
    assert store.copy_groups() == old


# -- stories -----------------------------------------------------------------------------------------


def test_stories_upsert_by_id(store: SqliteStore) -> None:
    assert store.put_stories([make_story("s1"), make_story("s2")])["added"] == 2
    counts = store.put_stories([make_story("s1", title="Storm moves north"), make_story("s3")])
    assert counts == {"added": 1, "updated": 1, "unchanged": 0}
    assert {s.id for s in store.stories()} == {"s1", "s2", "s3"}
    story = store.get_story("s1")
    assert story is not None and story.title == "Storm moves north"
    assert store.get_story("nope") is None


def test_stories_replace_all(store: SqliteStore) -> None:
    store.put_stories([make_story("s1"), make_story("s2")])
    counts = store.put_stories([make_story("s2"), make_story("s3")], replace=True)
    assert counts == {"added": 1, "updated": 0, "unchanged": 1, "removed": 1}
    assert {s.id for s in store.stories()} == {"s2", "s3"}


def test_stories_are_newest_first_by_latest_article(store: SqliteStore) -> None:
    store.put_articles(
        [
            make_article("old", published="2024-01-01"),
            make_article("mid", published="2024-03-01"),
            make_article("new", published="2024-05-01"),
            make_article("undated", published=None),
        ]
    )
    store.put_stories(
        [
            make_story("s-old", ["old", "undated"]),
            make_story("s-new", ["old", "new"]),
            make_story("s-mid", ["mid"]),
            make_story("s-mid2", ["mid", "old"]),
            make_story("s-none", ["undated", "missing"]),
        ]
    )
    assert [s.id for s in store.stories()] == ["s-new", "s-mid", "s-mid2", "s-old", "s-none"]
    # A story's order follows its articles as they are now stored.
    store.put_articles([make_article("undated", published="2024-12-31")])
    assert [s.id for s in store.stories()][:2] == ["s-none", "s-old"]


def test_stories_follow_their_new_article_lists(store: SqliteStore) -> None:
    store.put_articles([make_article("old", published="2024-01-01"), make_article("new", published="2024-05-01")])
    store.put_stories([make_story("s1", ["old"]), make_story("s2", ["new"])])
    store.put_stories([make_story("s1", ["old", "new", "new"]), make_story("s2", ["old"])])
    assert [s.id for s in store.stories()] == ["s1", "s2"]


def test_a_failing_story_replacement_keeps_the_old_stories(store: SqliteStore) -> None:
    store.put_stories([make_story("s1"), make_story("s2")])
    with pytest.raises(Boom):
        store.put_stories(then_fail([make_story("s3"), make_story("s1", title="New")], after=2), replace=True)
    assert sorted(s.id for s in store.stories()) == ["s1", "s2"]
    story = store.get_story("s1")
    assert story is not None and story.title == "Storm"


def test_stories_by_id_keep_the_order_of_all_stories(store: SqliteStore) -> None:
    store.put_articles([make_article(f"a{i}", published=f"2024-0{i}-01") for i in range(1, 6)]
                       + [make_article("undated", published=None)])
    stories = [make_story(f"s{i}", [f"a{i}"]) for i in range(1, 6)] + [make_story("s0", ["undated"]),
                                                                      make_story("s3b", ["a3"])]
    store.put_stories(stories)
    order = [s.id for s in store.stories()]
    assert order == ["s5", "s4", "s3", "s3b", "s2", "s1", "s0"]
    wanted = {"s0", "s1", "s3b", "s3", "s5", "nope"}
    assert [s.id for s in store.stories(wanted)] == [i for i in order if i in wanted]
    assert store.stories([]) == []
    assert store.count_stories() == 7


def test_stories_upsert_and_remove_in_one_batch(store: SqliteStore) -> None:
    store.put_stories([make_story("s1"), make_story("s2"), make_story("s3")])
    counts = store.put_stories([make_story("s1", title="Storm moves north")], remove=["s2", "nope"])
    assert counts == {"added": 0, "updated": 1, "unchanged": 0, "removed": 1}
    assert sorted(s.id for s in store.stories()) == ["s1", "s3"]
    with pytest.raises(Boom):
        store.put_stories(then_fail([make_story("s4")], after=1), remove=["s1"])
    assert sorted(s.id for s in store.stories()) == ["s1", "s3"]


def test_copy_groups_by_id_upsert_and_remove(store: SqliteStore) -> None:
    store.put_copy_groups([make_group("cg1"), make_group("cg2", ["a3", "a4"]), make_group("cg3", ["a5", "a6"])])
    assert [g.id for g in store.copy_groups(["cg3", "cg1", "nope"])] == ["cg1", "cg3"]
    counts = store.put_copy_groups([make_group("cg4", ["a7", "a8"])], replace=False, remove=["cg2", "cg9"])
    assert counts == {"added": 1, "updated": 0, "unchanged": 0, "removed": 1}
    assert [g.id for g in store.copy_groups()] == ["cg1", "cg3", "cg4"]
    assert store.count_copy_groups() == 3


def test_articles_found_by_id_story_group_and_keys(store: SqliteStore) -> None:
    from storyline.store.keys import text_key

    articles = [
        make_article("b", published="2024-05-02", story="s1", copy_group="g1", outlet="Courier"),
        make_article("a", published="2024-05-03", story="s1", copy_group="g2", outlet=None,
                     url="https://www.ledger.example/a"),
        make_article("c", published=None, story="s2", copy_group="g2", outlet=None, url=None),
        make_article("d", published="2024-05-01", story=None, copy_group="g3", text="Same words."),
        make_article("e", published="2024-05-01", story="s3", copy_group=None, outlet="Ledger", text="Same words."),
        make_article("f", published="2024-05-01", story="s3", copy_group="g4"),
    ]
    store.put_articles(articles)
    ids = lambda found: [a.id for a in found]  # noqa: E731
    assert ids(store.find_articles()) == []
    assert ids(store.find_articles(ids=["c", "a", "zz"])) == ["a", "c"]  # in store order: dated by date, undated last
    assert ids(store.find_articles(stories=["s1", "s2"])) == ["b", "a", "c"]
    assert ids(store.find_articles(copy_groups=["g2"], ids=["a", "b"])) == ["b", "a", "c"]
    # The outlet key: the outlet field, else the URL's host (without www.)
    assert ids(store.find_articles(outlet_keys=["ledger.example", "Ledger"])) == ["e", "a"]
    same = text_key(articles[3])
    assert sorted(store.article_keys([same, "nope"])) == [("d", "2024-05-01", "Daily", same), ("e", "2024-05-01", "Ledger", same)]
    assert ids(store.find_articles(unplaced=True)) == ["d", "e"]
    assert store.find_articles(ids=["a"]) == [articles[1]]
    assert store.copy_group_labels(["a", "e", "zz"]) == {"a": "g2"}


def test_a_schema_3_store_gets_the_article_keys(tmp_path: Path) -> None:
    from storyline.model import Removed
    from storyline.store.keys import outlet_key, text_key
    from storyline.store.sqlite import SCHEMA_VERSION

    path = tmp_path / "s.db"
    articles = [
        make_article("a1", outlet="Courier", removed=[Removed("Courier home", "masthead")]),
        make_article("a2", outlet=None, url="https://www.ledger.example/x"),
        make_article("a3", outlet=None, url=None),
    ]
    with SqliteStore(path) as store:
        store.put_articles(articles)
    conn = sqlite3.connect(path)  # as Storyline wrote a store before the keys (schema 3)
    for index in ("articles_outlet_key", "articles_text_key", "articles_id_copy_group"):
        conn.execute(f"DROP INDEX {index}")
    conn.execute("ALTER TABLE articles DROP COLUMN outlet_key")
    conn.execute("ALTER TABLE articles DROP COLUMN text_key")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    with SqliteStore(path) as store:
        assert [a.id for a in store.find_articles(outlet_keys=["Courier", "ledger.example"])] == ["a1", "a2"]
        assert [k[0] for k in store.article_keys([text_key(articles[0])])] == ["a1"]
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
        keys = dict((i, (o, t)) for i, o, t in conn.execute("SELECT id, outlet_key, text_key FROM articles"))
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    finally:
        conn.close()
    assert keys == {a.id: (outlet_key(a), text_key(a)) for a in articles}
    assert keys["a1"][0] == "Courier" and keys["a2"][0] == "ledger.example" and keys["a3"][0] is None
    assert {"articles_outlet_key", "articles_text_key", "articles_id_copy_group"} <= indexes


# -- errors and runs ---------------------------------------------------------------------------------


def test_runs_make_a_manifest(store: SqliteStore) -> None:
    first = store.start_run(["inbox/a.jsonl"], {"dedup": {"threshold": 0.8}})
    second = store.start_run(["inbox/b.warc"], {})
    assert first != second
    store.finish_run(first, {"articles": 10, "errors": 1})
    runs = store.runs()
    assert [r.id for r in runs] == [first, second]
    assert runs[0] == Run(
        id=first,
        started=runs[0].started,
        finished=runs[0].finished,
        paths=["inbox/a.jsonl"],
        config={"dedup": {"threshold": 0.8}},
        counts={"articles": 10, "errors": 1},
    )
    assert runs[0].finished is not None and runs[0].finished >= runs[0].started
    assert runs[1].finished is None and runs[1].counts == {}
    assert runs[1].to_dict()["paths"] == ["inbox/b.warc"]


def test_finishing_an_unknown_run_fails(store: SqliteStore) -> None:
    with pytest.raises(StoreError, match="no run 'r-nope'"):
        store.finish_run("r-nope", {})


def test_errors_by_run(store: SqliteStore) -> None:
    r1, r2 = store.start_run(["a"], {}), store.start_run(["b"], {})
    e1 = [InputError("a.jsonl", "bad JSON", line=3), InputError("a.jsonl", "no text", line=9)]
    e2 = [InputError("b.warc", "truncated record")]
    assert store.put_errors(e1, r1) == 2
    assert store.put_errors(e2, r2) == 1
    assert store.errors(r1) == e1
    assert store.errors(r2) == e2
    assert store.errors() == e1 + e2
    assert store.errors("r-nope") == []


def test_errors_need_a_started_run(store: SqliteStore) -> None:
    with pytest.raises(StoreError, match="start_run"):
        store.put_errors([InputError("a", "bad")], "r-nope")
    assert store.errors() == []


def test_a_failing_error_batch_writes_nothing(store: SqliteStore) -> None:
    run = store.start_run([], {})
    with pytest.raises(Boom):
        store.put_errors(then_fail([InputError("a", "bad"), InputError("b", "bad")], after=1), run)
    assert store.errors() == []


def test_unstorable_config_fails_clearly(store: SqliteStore) -> None:
    with pytest.raises(StoreError, match="config"):
        store.start_run([], {"path": Path("x")})
    assert store.runs() == []


# -- state -------------------------------------------------------------------------------------------


def test_state_round_trip(store: SqliteStore) -> None:
    assert store.get_state("dedup.signatures") is None
    assert store.get_state("dedup.signatures", default={}) == {}
    store.put_state("dedup.signatures", {"a1": [1, 2, 3], "done": True})
    assert store.get_state("dedup.signatures") == {"a1": [1, 2, 3], "done": True}
    store.put_state("dedup.signatures", 7)
    assert store.get_state("dedup.signatures") == 7


def test_unstorable_state_fails_clearly(store: SqliteStore) -> None:
    with pytest.raises(StoreError, match="state 'k'"):
        store.put_state("k", {1, 2})


# -- files, lifetime and errors ----------------------------------------------------------------------


def test_store_persists_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "deeper" / "storyline.db"
    with SqliteStore(path) as store:
        store.put_articles([make_article("a1"), make_article("a2")])
        store.put_copy_groups([make_group()])
        store.put_stories([make_story()])
        run = store.start_run(["inbox"], {"k": 1})
        store.put_errors([InputError("x", "bad")], run)
        store.finish_run(run, {"articles": 2})
        store.put_state("k", [1])
    assert path.exists()
    with SqliteStore(str(path)) as store:
        assert [a.id for a in store.articles()] == ["a1", "a2"]
        assert store.copy_groups() == [make_group()]
        assert store.stories() == [make_story()]
        assert [r.id for r in store.runs()] == [run]
        assert store.errors(run) == [InputError("x", "bad")]
        assert store.get_state("k") == [1]
        assert store.put_articles([make_article("a1")]) == {"added": 0, "updated": 0, "unchanged": 1}


def test_file_store_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with SqliteStore(path):
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        finally:
            conn.close()


def test_a_file_of_garbage_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "garbage.db"
    garbage = bytes(range(256)) * 16
    path.write_bytes(garbage)
    with pytest.raises(StoreError, match="file is not a database") as info:
        SqliteStore(path)
    assert str(path) in str(info.value)
    assert path.read_bytes() == garbage


def test_another_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a Storyline store") as info:
        SqliteStore(path)
    assert str(path) in str(info.value)


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    SqliteStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(StoreError, match="schema version 99") as info:
        SqliteStore(path)
    assert str(path) in str(info.value)


def test_an_empty_file_becomes_a_store(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with SqliteStore(path) as store:
        assert store.count_articles() == 0


def test_a_folder_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=re.escape(str(tmp_path))):
        SqliteStore(tmp_path)


def test_a_closed_store_says_so() -> None:
    store = SqliteStore()
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.count_articles()
    with pytest.raises(StoreError, match="closed"):
        store.put_articles([make_article()])


def test_context_manager_closes() -> None:
    with SqliteStore() as store:
        assert repr(store) == "SqliteStore(':memory:')"
    with pytest.raises(StoreError):
        store.get_article("a1")


# -- default path ------------------------------------------------------------------------------------


def test_default_path_honours_storyline_db(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STORYLINE_DB", str(tmp_path / "mine.db"))
    monkeypatch.setenv("XDG_DATA_HOME", "/ignored")
    assert default_db_path() == tmp_path / "mine.db"


def test_default_path_expands_user(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("STORYLINE_DB", "~/news.db")
    assert default_db_path() == tmp_path / "news.db"


def test_default_path_honours_xdg_data_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("STORYLINE_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_db_path() == tmp_path / "storyline" / "storyline.db"


@pytest.mark.parametrize("xdg", [None, "", "relative/dir"])
def test_default_path_falls_back_to_local_share(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, xdg: str | None
) -> None:
    monkeypatch.delenv("STORYLINE_DB", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    assert default_db_path() == tmp_path / ".local" / "share" / "storyline" / "storyline.db"


def test_two_stores_on_one_file_see_each_others_writes(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    with SqliteStore(path) as writer, SqliteStore(path) as reader:
        writer.put_articles([make_article("a1")])
        assert reader.get_article("a1") == make_article("a1")
        reader.put_state("k", 1)
        assert writer.get_state("k") == 1
