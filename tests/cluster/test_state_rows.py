"""The clusterer's state kept as store rows: read lazily, written as changes, converted from the
older single JSON value, and the same labels as one clusterer kept in memory."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from storyline.cluster import StoryClusterer
from storyline.config import ClusterConfig
from storyline.errors import StoreError
from storyline.model import Article
from storyline.store import SqliteStore
from storyline.store.sqlite import SCHEMA_VERSION
from storyline.text import normalize
from tests.conftest import make_article

from .test_online import FERRY, FERRY2, MUSEUM


def _stream(eval_dir: Path, n: int = 1500) -> list[Article]:
    """uci headlines (title only) and neus_allsides title + lead, spread over ~60 days so that stories
    close; every 9th article is undated, every 13th a copy of an article 40 places earlier (the
    same copy group, so it joins that story even when it has closed), every 97th a late arrival
    dated 30 days back."""
    uci = [json.loads(line) for line in (eval_dir / "uci_headlines" / "articles.jsonl").read_text().splitlines()]
    neus = [json.loads(line) for line in (eval_dir / "neus_allsides" / "articles.jsonl").read_text().splitlines()]
    pool = [(r["title"], "") for r in uci[:900]] + [(r["title"], " ".join(r["text"].split()[:60])) for r in neus[:600]]
    start = date(2020, 1, 1)
    out: list[Article] = []
    for i in range(n):
        title, text = pool[i % len(pool)]
        day = start + timedelta(days=i // 25)
        published: str | None = day.isoformat()
        group = None
        if i % 97 == 0 and i:
            published = (day - timedelta(days=30)).isoformat()
        elif i % 9 == 0:
            published = None
        if i % 13 == 0 and i >= 40:
            title, text = out[i - 40].title, out[i - 40].text
            group = out[i - 40].copy_group = f"g{i - 40}"
        out.append(Article(id=f"x{i:05d}", title=normalize(title), text=normalize(text), raw=text, published=published,
                           copy_group=group))
    return out


def _batches(articles: list[Article]) -> list[list[Article]]:
    sizes = [1, 1, 30, 1, 200, 2, 1, 64, 1, 1, 300, 5, 1, 1, 90]
    out, i, k = [], 0, 0
    while i < len(articles):
        out.append(articles[i : i + sizes[k % len(sizes)]])
        i += sizes[k % len(sizes)]
        k += 1
    return out


@pytest.mark.slow
def test_labels_and_state_are_the_same_in_memory_and_across_reloads(eval_dir: Path, tmp_path: Path) -> None:
    articles = _stream(eval_dir)
    config = ClusterConfig(window_days=3)  # closes stories within the stream's 60 days
    memory = StoryClusterer(config)
    path = tmp_path / "s.db"
    forget = {"x00100", "x00101"}  # re-assigned later, as the pipeline does with changed articles
    for n, batch in enumerate(_batches(articles)):
        memory.partial_fit(batch)
        with SqliteStore(path) as store:
            stored = StoryClusterer.open(store, config)
            if n == 20:
                stored.forget(forget)
            stored.partial_fit(batch)
            stored.save()
        if n == 20:
            memory.forget(forget)
            memory.partial_fit([a for a in articles if a.id in forget])
            with SqliteStore(path) as store:
                stored = StoryClusterer.open(store, config)
                stored.partial_fit([a for a in articles if a.id in forget])
                stored.save()
    with SqliteStore(path) as store:
        labels = store.cluster_labels()
        reread = StoryClusterer.open(store, config).state_dict()
    assert len(labels) == len(articles)
    assert labels == memory.labels_
    expected = memory.state_dict()
    assert len(expected["closed"]) > 100  # the stream did close stories
    assert len(set(labels.values())) < 0.6 * len(articles)  # and grouped articles
    assert reread == expected  # vectors bit for bit, document frequencies, closed stories, clocks


def _fill(path: Path, config: ClusterConfig, days: int = 40, per_day: int = 20) -> list[Article]:
    """Four stories a day (made-up words of their own), ``per_day`` articles a day."""
    arts = []
    for i in range(days * per_day):
        d, k = divmod(i, per_day)
        day = (date(2021, 3, 1) + timedelta(days=d)).isoformat()
        words = " ".join(f"{w}{chr(97 + d % 26)}{chr(97 + d // 26)}{chr(97 + k % 4)}" for w in ("zorb", "quill", "vant"))
        text = f"The {words} affair went on: {words} officials met again, item {i}."
        arts.append(make_article(f"a{i:04d}", text, published=day, title=f"{words} report"))
    with SqliteStore(path) as store:
        c = StoryClusterer.open(store, config)
        c.partial_fit(arts)
        c.save()
    return arts


def test_one_new_article_reads_only_what_placing_it_needs(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    config = ClusterConfig(window_days=1)
    arts = _fill(path, config)
    new = make_article("new", "More on the zorbnbb quillnbb vantnbb affair.", published="2021-04-09")
    with SqliteStore(path) as store:
        store_labels = store.cluster_labels(["a0781"])
        n_stories = len(store.cluster_stories())
        c = StoryClusterer.open(store, config)
        c.partial_fit([new])
        c.save()
        assert len(c.labels_) == 1 and len(c.stories_) < n_stories / 10
        newest = date(2021, 4, 9).toordinal()  # closed stories stay on disk: only open ones were read
        assert all(st["last_day"] >= newest - 2 * config.window_days for st in c.stories_.values())
        assert len(c.df_.df["body"]) < 20  # the new article's terms, not the vocabulary
        joined = c.labels_["new"]
    assert joined == store_labels["a0781"]  # day 39's story "b"
    memory = StoryClusterer(config).partial_fit(arts).partial_fit([new])
    assert memory.labels_["new"] == joined


def test_the_older_single_value_state_is_converted_on_open(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    first = StoryClusterer().partial_fit([make_article("f1", FERRY, published="2025-05-02"),
                                          make_article("m1", MUSEUM, published="2025-05-02")])
    legacy = first.state_dict()
    legacy["version"] = 2  # what Storyline wrote before the rows: no "closed" or "newest"
    del legacy["closed"], legacy["newest"]
    with SqliteStore(path) as store:  # a schema-2 store: no cluster tables, the state under "cluster"
        store.put_state("cluster", legacy)
    conn = sqlite3.connect(path)
    for table in ("cluster_stories", "cluster_labels", "cluster_df", "cluster_postings"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    with SqliteStore(path) as store:
        assert store.cluster_header() is None  # the tables came back with the migration, still empty
        c = StoryClusterer.open(store)
        assert store.get_state("cluster") is None  # converted and dropped in one transaction
        assert store.cluster_labels() == {"f1": first.labels_["f1"], "m1": first.labels_["m1"]}
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    with SqliteStore(path) as store:
        c = StoryClusterer.open(store)
        c.partial_fit([make_article("f2", FERRY2, published="2025-05-03")])
        c.save()
        assert store.cluster_labels(["f2"]) == {"f2": first.labels_["f1"]}
    expected = StoryClusterer.from_state(json.loads(json.dumps(legacy))).partial_fit(
        [make_article("f2", FERRY2, published="2025-05-03")])
    with SqliteStore(path) as store:
        assert StoryClusterer.open(store).state_dict() == expected.state_dict()


def test_the_pipeline_converts_an_older_store_and_keeps_its_stories(tmp_path: Path) -> None:
    from storyline.pipeline import Storyline

    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.jsonl").write_text(
        json.dumps({"id": "f1", "title": "Ferry aground off Gullport", "text": FERRY, "date": "2025-05-02"}) + "\n")
    path = tmp_path / "s.db"
    with Storyline(path) as app:
        app.add([corpus])
        state = StoryClusterer.open(app.store).state_dict()
    state["version"] = 2
    conn = sqlite3.connect(path)
    for table in ("cluster_stories", "cluster_labels", "cluster_df", "cluster_postings"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("DELETE FROM state WHERE key = 'cluster_rows'")
    conn.execute("INSERT INTO state (key, value) VALUES ('cluster', ?)", (json.dumps(state),))
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    (corpus / "b.jsonl").write_text(
        json.dumps({"id": "f2", "title": "Grounded Gullport ferry to be towed", "text": FERRY2, "date": "2025-05-03"}) + "\n")
    with Storyline(path) as app:
        report = app.add([corpus])
    stories = {a.id: a.story for a in report.articles}
    assert stories["f1"] == stories["f2"] == state["labels"]["f1"]


def test_a_damaged_story_row_is_a_store_error_naming_the_store_and_the_story(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    _fill(path, ClusterConfig(window_days=1), days=3)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE cluster_stories SET vec = substr(vec, 1, length(vec) - 3)")
    conn.commit()
    conn.close()
    with SqliteStore(path) as store, pytest.raises(StoreError, match="damaged story-clusterer state: story") as info:
        c = StoryClusterer.open(store, ClusterConfig(window_days=1))
        c.partial_fit([make_article("new", "The zorbcaa quillcaa affair.", published="2021-03-03")])
    assert str(path) in str(info.value) and "checksum" in str(info.value)


def test_a_damaged_header_or_label_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    _fill(path, ClusterConfig(window_days=1), days=2)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE state SET value = '{\"n_docs\": \"many\"}' WHERE key = 'cluster_rows'")
    conn.commit()
    with SqliteStore(path) as store, pytest.raises(StoreError, match="header") as info:
        StoryClusterer.open(store)
    assert str(path) in str(info.value)
    _fill(path2 := tmp_path / "t.db", ClusterConfig(window_days=1), days=2)
    conn = sqlite3.connect(path2)
    conn.execute("UPDATE cluster_labels SET story_id = 'story-nowhere' WHERE article_id = 'a0000'")
    conn.commit()
    with SqliteStore(path2) as store, pytest.raises(StoreError, match="story-nowhere") as info:
        c = StoryClusterer.open(store)
        c.partial_fit([make_article("a0000x", FERRY, copy_group="g"), make_article("a0000", FERRY, copy_group="g")])


def test_an_older_state_that_is_not_an_object_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with SqliteStore(path) as store:
        store.put_state("cluster", [1, 2, 3])
        with pytest.raises(StoreError, match="older story clusterer state") as info:
            StoryClusterer.open(store)
        assert str(path) in str(info.value)
        assert store.get_state("cluster") == [1, 2, 3]  # nothing lost


def test_another_writer_in_between_is_refused_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    _fill(path, ClusterConfig(), days=1, per_day=3)
    with SqliteStore(path) as s1, SqliteStore(path) as s2:
        a, b = StoryClusterer.open(s1), StoryClusterer.open(s2)
        a.partial_fit([make_article("n1", FERRY2)])
        b.partial_fit([make_article("n2", MUSEUM)])
        a.save()
        with pytest.raises(StoreError, match="another process"):
            b.save()
        assert s2.cluster_labels(["n1", "n2"]) == {"n1": a.labels_["n1"]}


def test_bad_values_are_refused_with_the_story_named(tmp_path: Path) -> None:
    with SqliteStore() as store:
        c = StoryClusterer.open(store)
        c.partial_fit([make_article("f1", FERRY, published="2025-05-02")])
        sid = c.labels_["f1"]
        c.stories_[sid]["first_day"] = "yesterday"
        with pytest.raises(StoreError, match=f"story {sid!r}.*first_day"):
            c.save()
        assert store.cluster_header() is None  # nothing written
        c.stories_[sid]["first_day"] = 739373
        c.stories_[sid]["vec"]["body"]["bad\x00term"] = 1.0
        with pytest.raises(StoreError, match="NUL"):
            c.save()


def test_save_needs_a_store() -> None:
    from storyline.errors import StorylineError

    with pytest.raises(StorylineError, match="no store"):
        StoryClusterer().save()


def test_a_story_closed_unread_in_this_session_is_no_candidate_for_a_late_article(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    config = ClusterConfig(window_days=1)
    arts = _fill(path, config)  # days 2021-03-01 .. 2021-04-09
    later = [make_article("far", "Harbour dues rose again.", published="2021-04-20"),  # closes every stored story
             make_article("late", "More on the zorbnbb quillnbb vantnbb affair.", published="2021-04-09")]
    with SqliteStore(path) as store:
        c = StoryClusterer.open(store, config)
        c.partial_fit(later[:1]).partial_fit(later[1:])  # (one call would place them in date order)
        c.save()
        late_story = c.labels_["late"]
        day_39 = store.cluster_labels(["a0781"])["a0781"]
    memory = StoryClusterer(config).partial_fit(arts).partial_fit(later[:1]).partial_fit(later[1:])
    assert late_story == memory.labels_["late"] == "story-late" != day_39
    with SqliteStore(path) as store:  # the closing was written: the stored postings no longer name those stories
        assert store.cluster_story_keys([day_39]) == {}
        assert store.cluster_stories([day_39])[day_39]["closed"]


def test_candidates_scored_from_a_light_read_give_the_labels_and_scores_of_memory(tmp_path: Path) -> None:
    """Stories with long vector fields (past online._WHOLE_UP_TO terms) are scored from the weights of the
    article's terms only, unless the article joins them: the same labels, scores and stored rows."""
    import random

    rng = random.Random(7)
    vocab = [f"w{i}x" for i in range(3000)] + ["caf\u00e9", "a", "b", "zz"]
    topics = [rng.sample(vocab, 900) for _ in range(4)]
    start = date(2021, 3, 1)
    arts = []
    for i in range(160):
        words = rng.sample(topics[i % 4], 220) + rng.sample(vocab, 20)
        title = " ".join(rng.sample(topics[i % 4], 6)) if i % 5 else None
        arts.append(Article(id=f"x{i:03d}", text=normalize(" ".join(words)), title=title,
                            published=(start + timedelta(days=i // 40)).isoformat()))
    memory = StoryClusterer().partial_fit(arts[:120])
    path = tmp_path / "s.db"
    with SqliteStore(path) as store:
        c = StoryClusterer.open(store)
        c.partial_fit(arts[:120])
        c.save()
        assert max(len(st["vec"]["body"]) for st in c.stories_.values()) > 500  # the light path is taken
    light = 0
    for a in arts[120:]:
        memory.partial_fit([a])
        with SqliteStore(path) as store:
            c = StoryClusterer.open(store)
            c.partial_fit([a])
            c.save()
            assert (c.labels_[a.id], c.scores_[a.id]) == (memory.labels_[a.id], memory.scores_[a.id])
            light += sum(c._light_reads.values())
    assert light
    with SqliteStore(path) as store:
        assert StoryClusterer.open(store).state_dict()["stories"] == memory.state_dict()["stories"]
