"""Write a run's outputs: ``stories.json``, one Markdown and one HTML brief per story, ``index.html``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from .render import render_html, render_index, render_markdown, story_filename

if TYPE_CHECKING:
    from ..pipeline import RunReport

__all__ = ["write_outputs"]


def write_outputs(report: RunReport, out: str | Path) -> Path:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "stories.json").write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    by_id = {a.id: a for a in report.articles}
    links = {}
    for story in report.stories:
        stem = story_filename(story)
        members = {aid: by_id[aid] for aid in story.articles if aid in by_id}
        groups = [g for g in report.groups if set(g.members) & set(story.articles)]
        (out / f"{stem}.md").write_text(render_markdown(story, members, groups), encoding="utf-8")
        (out / f"{stem}.html").write_text(render_html(story, members, groups), encoding="utf-8")
        links[story.id] = f"{stem}.html"
    (out / "index.html").write_text(render_index(report.stories, by_id, links), encoding="utf-8")
    return out
