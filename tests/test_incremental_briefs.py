"""Storyline.add briefs again only the stories a run touches, and the result is what briefing every
story from scratch gives."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from storyline.brief import BriefBuilder
from storyline.config import PipelineConfig
from storyline.pipeline import Storyline, build_stories
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
        assert report.stories and set(built) < {s.id for s in report.stories}  # some stories were kept
        assert {s.id: story_to_dict(s) for s in app.store.stories()} == _from_scratch(app)
        built.clear()
        again = app.add([extra])
        [new_story] = {a.story for a in again.articles if a.id in again.input_ids}
        assert built == [new_story]
        assert {s.id for s in again.stories} == {s.id for s in app.store.stories()} == set(_from_scratch(app))
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
    import json

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
