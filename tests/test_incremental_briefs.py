"""Storyline.add briefs again only the stories a run touches, and the result is what briefing every
story from scratch gives."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from storyline.brief import BriefBuilder
from storyline.config import PipelineConfig
from storyline.model import Article, CopyGroup, Story
from storyline.pipeline import Storyline, build_stories
from storyline.store import SqliteStore
from storyline.store.codec import story_to_dict

from .conftest import CORPUS

UNRELATED = ("An invented choir from the hill town of Osk sang at the reopened Varn library on Saturday, "
             "and the librarian said four hundred people came to hear the evening concert.")


def _files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.name != "EXPECTED.md")


def _count_builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    built: list[str] = []
    real = BriefBuilder.build

    def counting(self: BriefBuilder, sid: str, *args: object, **kwargs: object) -> object:
        built.append(sid)
        return real(self, sid, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(BriefBuilder, "build", counting)
    return built


def _from_scratch(app: Storyline) -> dict[str, dict]:
    stories = build_stories(list(app.store.articles()), app.store.copy_groups(), app.config)
    return {s.id: story_to_dict(s) for s in stories}


def test_later_runs_brief_only_the_stories_they_touch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = _files()
    extra = tmp_path / "extra.txt"
    extra.write_text("Choir sings in Varn\n\n" + UNRELATED + "\n", encoding="utf-8")
    with Storyline(tmp_path / "s.db") as app:
        app.add(files[:-3])
        built = _count_builds(monkeypatch)
        report = app.add(files[-3:])
        assert built and set(built) < {s.id for s in app.store.stories()}  # some stories were kept
        assert set(built) <= {s.id for s in report.stories}  # the report holds the stories briefed again
        assert {s.id: story_to_dict(s) for s in app.store.stories()} == _from_scratch(app)
        built.clear()
        again = app.add([extra])
        [new_story] = {a.story for a in again.articles if a.id in again.input_ids}
        assert built == [new_story]
        assert [s.id for s in again.stories] == [new_story]
        assert {s.id for s in app.store.stories()} == set(_from_scratch(app))
        assert {s.id: story_to_dict(s) for s in app.store.stories()} == _from_scratch(app)
        built.clear()
        app.add([extra])  # the same input again: nothing to brief
        assert built == []


def test_changed_brief_settings_brief_every_story_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Storyline(tmp_path / "s.db") as app:
        first = app.add(_files())
    config = PipelineConfig()
    config = replace(config, summary=replace(config.summary, max_sentences=config.summary.max_sentences + 1))
    built = _count_builds(monkeypatch)
    extra = tmp_path / "extra.txt"
    extra.write_text("Choir sings in Varn\n\n" + UNRELATED + "\n", encoding="utf-8")
    with Storyline(tmp_path / "s.db", config) as app:
        app.add([extra])
        assert set(built) >= {s.id for s in first.stories}
        assert {s.id: story_to_dict(s) for s in app.store.stories()} == _from_scratch(app)


def test_an_article_read_again_with_another_outlet_is_briefed_again(tmp_path: Path) -> None:
    a = ("The harbour authority of Osk said on Monday that the new northern pier will open in March after two "
         "years of building work, at a cost of 40 million crowns.")
    b = ("Osk's harbour authority said on Monday that the northern pier will open in March, after two years of "
         "building work costing 40 million crowns, officials said.")

    def write(name: str, outlet: str) -> Path:
        path = tmp_path / name
        rows = [{"id": "x1", "text": a, "title": "Pier opens", "source": outlet, "date": "2024-01-02"},
                {"id": "x2", "text": b, "title": "Pier to open", "source": "Courier", "date": "2024-01-02"}]
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        return path

    with Storyline(tmp_path / "s.db") as app:
        app.add([write("a.jsonl", "Ledger")])
        app.add([write("b.jsonl", "Herald")])
        assert app.store.get_article("x1").outlet == "Herald"  # type: ignore[union-attr]
        stored = {s.id: story_to_dict(s) for s in app.store.stories()}
        assert stored == _from_scratch(app)
        assert any("Herald" in (s["metadata"].get("outlets") or []) for s in stored.values())



def test_an_article_read_again_with_changed_text_replaces_its_copy(tmp_path: Path) -> None:
    # the copy index replaces the stored version (the old version's postings used to stay, and the add raised)
    text = " ".join(f"The pier of Osk opens in March after {n} years of work by the harbour board." for n in range(8))
    rows = [{"id": f"p{i}", "text": text, "title": "Pier", "source": src, "date": "2024-01-02"}
            for i, src in enumerate(["Ledger", "Courier", "Herald"])]
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    changed = {**rows[1], "text": text + " A local official added a line."}
    second.write_text(json.dumps(changed) + "\n", encoding="utf-8")
    with Storyline(tmp_path / "s.db") as app:
        app.add([first])
        app.add([second])
        assert app.store.get_article("p1").text.endswith("added a line.")  # type: ignore[union-attr]
        groups = [sorted(g.members) for g in app.store.copy_groups()]
        assert ["p0", "p1", "p2"] in groups


# -- the incremental run against the same run over the whole store -------------------------------------

_SYLLABLES = ["ka", "lo", "mir", "ten", "sa", "vu", "rek", "do", "pi", "nor", "el", "tas", "gu", "ber", "fa", "zin", "ho"]


def _block(seed: int, sentences: int = 4, length: int = 14) -> str:
    """A paragraph of invented words: blocks of different seeds share no word 3-grams."""
    rng = random.Random(seed)
    words = ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))) for _ in range(sentences * length)]
    return " ".join(" ".join(words[i:i + length]).capitalize() + "." for i in range(0, len(words), length))


def _jsonl(path: Path, *rows: dict[str, str]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _row(id: str, *paragraphs: str, date: str | None = "2024-05-02", **fields: str) -> dict[str, str]:
    row = {"id": id, "text": "\n\n".join(paragraphs), **fields}
    if date:
        row["date"] = date
    return row


def _inputs(tmp_path: Path) -> list[Path]:
    """Input files, added in this order, that take each path of an incremental run."""
    wire = [_block(1), _block(2), _block(3)]
    p, q, r, s = _block(15), _block(16), _block(17), _block(18)
    tides = "Courier readers can find the tide tables on page nine"  # repeated: learned once three articles have it
    desk = "Ledger night desk editor on call until midnight"  # in only two Ledger texts the learner counts
    corner = "Tips for the harbour corner go to the front office"  # on pages of one site with no outlet named
    first = _jsonl(
        tmp_path / "first.jsonl",
        _row("wire-l1", *wire, source="Ledger", title="Harbour pier opens"),
        _row("wire-c1", wire[0], wire[1] + " Officials said more.", wire[2], source="Courier", title="Pier opening"),
        _row("cour-1", _block(21), tides, source="Courier", title="Tide story one"),
        _row("cour-2", _block(22), tides, source="Courier", title="Tide story two"),
        _row("led-a", _block(31), desk, source="Ledger", title="Night desk one"),
        # The same text from two outlets: the learner takes it from the earlier (Courier) one only.
        _row("same-o1", _block(32), desk, date="2024-05-01", source="Courier", title="Shared text"),
        _row("same-l3", _block(32), desk, date="2024-05-03", source="Ledger", title="Shared text"),
        # Two copy groups, {a1, a2} and {b1, b2}, half of whose cross pairs are copies: one text holding
        # all four parts later merges them.
        _row("cyc-a1", p, q, title="Cycle a one"), _row("cyc-a2", q, r, title="Cycle a two"),
        _row("cyc-b1", s, p, title="Cycle b one"), _row("cyc-b2", r, s, title="Cycle b two"),
        _row("undated", _block(41), date=None, source="Herald", title="No date"),
        _row("url-a", _block(63), corner, url="https://www.ledger.example/a"),
        _row("url-b", _block(64), corner, url="https://www.ledger.example/b"),
    )
    agency = _jsonl(tmp_path / "agency.jsonl",  # a copy naming its agency (the group's reprints take it); a learned line
                    _row("wire-h1", "VARN (Reuters) - " + wire[0], wire[1], wire[2], source="Herald", title="Pier opens in Varn"),
                    _row("cour-3", _block(23), tides, source="Courier", title="Tide story three"))
    again = tmp_path / "again" / "agency.jsonl"  # the same records read from another path
    again.parent.mkdir()
    again.write_bytes(agency.read_bytes())
    return [
        first,
        agency,
        _jsonl(tmp_path / "desk.jsonl", _row("led-n", _block(33), desk, source="Ledger", title="Night desk two")),
        _jsonl(tmp_path / "changed.jsonl",  # stored articles' new texts: they leave their copy groups (one of two)
               _row("wire-l1", _block(51), _block(52), source="Ledger", title="Harbour pier opens late"),
               _row("same-o1", _block(53), date="2024-05-01", source="Courier", title="Shared no more")),
        again,
        _jsonl(tmp_path / "merge.jsonl", _row("cyc-all", p, q, r, s, title="Cycle whole")),
        # A copy three weeks on, when the story is closed to new articles: it joins its copies' story.
        _jsonl(tmp_path / "late.jsonl", _row("wire-late", *wire, date="2024-05-23", source="Courier", title="Pier, later")),
        _jsonl(tmp_path / "outlets.jsonl",  # a new outlet, and outlets known by their URL's host only
               _row("gaz-1", _block(21), source="Gazette", title="Tides in the Gazette"),
               _row("url-1", _block(61), url="https://www.ledger.example/news/one", title="By URL one"),
               _row("url-2", _block(62), corner, url="https://ledger.example/news/two", date="2024-05-04")),
        tmp_path / "outlets.jsonl",  # the same file again: nothing changes
    ]


def _stored(app: Storyline) -> dict[str, object]:
    """Everything a run leaves in the store that the next run or a reader sees."""
    from storyline.cluster import StoryClusterer
    from storyline.store.codec import article_to_dict

    store = app.store
    return {
        "articles": [article_to_dict(a) for a in store.articles()],
        "copy_groups": [g.to_dict() for g in store.copy_groups()],
        "stories": [story_to_dict(s) for s in store.stories()],
        "copy_index": sorted(store.index_entries()),
        "clusterer": StoryClusterer.open(store, app.config.cluster).state_dict(),
        "state": {k: store.get_state(k) for k in ("copy_index", "brief_settings", "cluster_rows")},
        "runs": [{k: v for k, v in r.counts.items() if k != "timings"} for r in store.runs()],
    }


def _consistent(app: Storyline) -> None:
    """What building from scratch over the store gives: the briefs, the copy groups' and stories' members."""
    articles = list(app.store.articles())
    assert {s.id: story_to_dict(s) for s in app.store.stories()} == _from_scratch(app)
    by_group: dict[str, set[str]] = {}
    by_story: dict[str, set[str]] = {}
    for a in articles:
        assert a.copy_group and a.story
        by_group.setdefault(a.copy_group, set()).add(a.id)
        by_story.setdefault(a.story, set()).add(a.id)
    assert {g.id: set(g.members) for g in app.store.copy_groups()} == {k: v for k, v in by_group.items() if len(v) > 1}
    assert {s.id: set(s.articles) for s in app.store.stories()} == by_story


def test_each_add_leaves_what_the_run_over_the_whole_store_leaves(tmp_path: Path) -> None:
    from .whole_store import add_over_the_whole_store

    inputs = _inputs(tmp_path)
    with Storyline(tmp_path / "new.db") as app, Storyline(tmp_path / "old.db") as oracle:
        for path in inputs:
            report = app.add([path])
            expected = add_over_the_whole_store(oracle, [path])
            assert _stored(app) == _stored(oracle), path.name
            _consistent(app)
            ids = set(report.input_ids)
            assert ids == set(expected.input_ids)
            assert json.dumps(report.touching(ids).to_dict()) == json.dumps(expected.touching(ids).to_dict())
            assert json.dumps(app.report(report).to_dict()) == json.dumps(expected.to_dict())
            assert report.counts == expected.counts
        merged = app.store.get_article("cyc-all").copy_group  # type: ignore[union-attr]
        assert {a.id for a in app.store.articles() if a.copy_group == merged} == {
            "cyc-a1", "cyc-a2", "cyc-b1", "cyc-b2", "cyc-all"}
        assert app.store.get_article("wire-c1").agency == "Reuters"  # type: ignore[union-attr]
        late, copy = app.store.get_article("wire-late"), app.store.get_article("wire-c1")
        assert late and copy and late.copy_group == copy.copy_group and late.story == copy.story
        assert [r.reason for r in app.store.get_article("cour-3").removed] == [  # type: ignore[union-attr]
            "repeated line (outlet boilerplate)"]
        assert not app.store.get_article("led-n").removed  # type: ignore[union-attr]
        assert [r.reason for r in app.store.get_article("url-2").removed] == [  # type: ignore[union-attr]
            "repeated line (outlet boilerplate)"]  # learned from the other pages of ledger.example


class _WatchedStore(SqliteStore):
    """A store that records every read of all its articles, stories or copy groups."""

    whole: list[str]

    def articles(self) -> Iterator[Article]:
        self.whole.append("articles")
        return super().articles()

    def stories(self, ids: Iterable[str] | None = None) -> list[Story]:
        if ids is None:
            self.whole.append("stories")
        return super().stories(ids)

    def copy_groups(self, ids: Iterable[str] | None = None) -> list[CopyGroup]:
        if ids is None:
            self.whole.append("copy groups")
        return super().copy_groups(ids)


def test_a_run_reads_only_what_its_input_touches(tmp_path: Path) -> None:
    store = _WatchedStore(tmp_path / "s.db")
    store.whole = []
    first, *later = _inputs(tmp_path)
    with Storyline(store) as app:
        app.add([first])  # into an empty store: it has no copy index and no briefs yet
        assert store.whole == ["articles", "articles"]
        store.whole.clear()
        for path in later:
            app.add([path])
    assert store.whole == []


def test_the_run_after_a_failed_one_finishes_its_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.cluster import StoryClusterer

    first, agency, desk, changed, *_ = _inputs(tmp_path)

    def fail(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    with Storyline(tmp_path / "s.db") as app:
        app.add([first])
        with monkeypatch.context() as patch:  # fails once the labels are stored, before the briefs are
            patch.setattr(BriefBuilder, "build", fail)
            with pytest.raises(RuntimeError):
                app.add([agency])
        with monkeypatch.context() as patch:  # fails before the new article has a story
            patch.setattr(StoryClusterer, "save", fail)
            with pytest.raises(RuntimeError):
                app.add([desk])
        assert app.store.get_article("led-n").story is None  # type: ignore[union-attr]
        app.add([changed])
        _consistent(app)
        assert app.store.get_article("led-n").story  # type: ignore[union-attr]
        assert app.store.get_state("briefs_pending") == []
