"""End-to-end tests in a real browser: Debian's Chromium, headless, driven by Playwright for Python.

Never a downloaded browser: Playwright launches ``/usr/bin/chromium`` (``apt-get install chromium``; ``.ci/run``
installs it). Screenshots of the pages go to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import json
import sqlite3
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, SEEDS

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
pytest.importorskip("fastapi", reason="the web extra is not installed: pip install -e '.[web]'")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[dev]'")

from .conftest import LiveServer  # noqa: E402

SHOTS = ROOT / "test-artifacts" / "screenshots"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))  # type: ignore[attr-defined]
    yield page
    context.close()


def _json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as r:  # the test's own loopback server
        return json.load(r)


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def test_list_shows_the_stories_and_searches(corpus_server: LiveServer, page: Any) -> None:
    stories = _json(f"{corpus_server.url}/v1/stories?limit=100")["stories"]
    page.goto(corpus_server.url + "/")
    cards = page.locator(".story-card")
    assert cards.count() == len(stories)
    shown = [cards.nth(i).locator("h2").inner_text() for i in range(cards.count())]
    assert shown == [s["title"] for s in stories]
    first = cards.first
    assert f"{stories[0]['voices']} independent voice" in first.inner_text()
    _shot(page, "list-corpus.png")

    target = next(s for s in stories if s["articles"] > 1)
    word = max(target["title"].split(), key=len).strip(",.:;'\"")
    page.fill("input[name=q]", word)
    page.click("form.search button[type=submit]")
    page.wait_for_url("**/?q=*")
    titles = page.locator(".story-card h2").all_inner_texts()
    assert target["title"] in titles and len(titles) < len(stories)
    assert page.errors == []


def test_seeds_list_and_story_show_the_trip_length_conflict(seeds_server: LiveServer, page: Any) -> None:
    page.goto(seeds_server.url + "/")
    cards = page.locator(".story-card")
    assert cards.count() == 1
    _shot(page, "list-seeds.png")
    cards.first.locator("h2 a").click()
    page.wait_for_selector("#conflicts")
    conflict = page.locator(".conflict").filter(has_text="three-day").filter(has_text="four-day")
    assert conflict.count() == 1
    for value in ("three-day", "four-day"):
        variant = conflict.locator(f'.variant[data-value^="{value}"]')
        assert variant.count() == 1
        linked = set(variant.locator("a[data-article]").evaluate_all("els => els.map(e => e.dataset.article)"))
        saying = {p.stem for p in SEEDS.glob("*.txt") if value in p.read_text(encoding="utf-8")}
        assert linked and linked <= saying, (value, linked, saying)
        assert variant.locator(".value").inner_text().startswith(value)
    three = conflict.locator('.variant[data-value^="three-day"]')
    assert three.locator(".voices > li").count() == 1  # two Bloomberg copies, one voice
    assert page.locator("#coverage table.grid tbody tr").count() > 0
    assert page.locator("#copies .tree .root").count() >= 2
    _shot(page, "story-seeds.png")
    assert page.errors == []


def test_clicking_a_citation_reveals_the_source_sentence(seeds_server: LiveServer, page: Any) -> None:
    sid = _json(f"{seeds_server.url}/v1/stories")["stories"][0]["id"]
    story = _json(f"{seeds_server.url}/v1/stories/{sid}")
    cited = story["summary"][0]["citations"][0]
    page.goto(f"{seeds_server.url}/stories/{sid}")
    chip = page.locator("#summary a.chip[data-cite]").first
    panel = page.locator(f"#{chip.get_attribute('aria-controls')}")
    assert not panel.is_visible()
    chip.click()
    assert panel.is_visible()
    assert chip.get_attribute("aria-expanded") == "true"
    assert " ".join(panel.locator("p").inner_text().split()) == " ".join(cited["text"].split())
    assert page.url.endswith(f"/stories/{sid}")  # revealed in place, no navigation
    _shot(page, "story-citation-open.png")
    chip.click()
    assert not panel.is_visible()
    # The sentence's link opens the article with the cited span marked.
    chip.click()
    panel.locator("footer a").click()
    page.wait_for_selector("mark#cite")
    assert " ".join(page.locator("mark#cite").inner_text().split()) == " ".join(cited["text"].split())
    assert page.errors == []


def test_diff_page_shows_two_copies_side_by_side(seeds_server: LiveServer, page: Any) -> None:
    sid = _json(f"{seeds_server.url}/v1/stories")["stories"][0]["id"]
    page.goto(f"{seeds_server.url}/stories/{sid}#copies")
    page.locator("#copies a.diff-link").first.click()
    page.wait_for_selector("table.diff")
    assert page.locator("table.diff tbody tr").count() > 3
    assert page.locator("table.diff del").count() + page.locator("table.diff ins").count() > 0
    _shot(page, "diff-seeds.png")


_HOOKS = """
window.__dialogs = [];
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = (...args) => { window.__dialogs.push([name, String(args[0])]); };
}
"""


def test_hostile_article_renders_inert(corpus_server: LiveServer, page: Any) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.add_init_script(_HOOKS)
    article = _json(f"{corpus_server.url}/v1/articles/hostile-gala")
    story = article["story"]["id"]
    for path in ("/", f"/stories/{story}", "/articles/hostile-gala", "/articles/hostile-gala?cite=0-60#cite",
                 f"/?q=gala&entity={'Ada Brennick'}"):
        page.goto(corpus_server.url + path)
        page.wait_for_load_state("load")
        for chip in page.locator("a.chip[data-cite]").all()[:5]:
            chip.click()
        page.mouse.move(300, 300)
        page.locator("body").hover()
        assert page.evaluate("window.__pwned") is None, path
        assert page.evaluate("window.__dialogs") == [], path
        assert page.locator("script:not([src])").count() == 0, path
        assert page.locator("img").count() == 0, path
    page.goto(corpus_server.url + "/articles/hostile-gala")
    body = page.locator("section.text").inner_text()
    assert " ".join(body.split()) == " ".join(article["text"].split())  # all of it shown, as text
    assert "<script>" in body and "onerror=" in body
    assert "<script>" in page.locator("h1").inner_text()
    _shot(page, "article-hostile.png")
    assert dialogs == [] and page.errors == []


def test_ingest_page_shows_progress_until_the_new_story(tmp_path: Path, page: Any) -> None:
    from storyline.web import create_app

    lines = "\n".join(json.dumps(r) for r in [
        {"id": "b1", "title": "Invented Gullport bakery wins county prize", "date": "2031-03-02",
         "text": "An invented bakery in Gullport won the county bread prize on Saturday, its owner said, after "
                 "three years of trying. The judges praised its rye loaf and its seed bread."},
        {"id": "b2", "title": "Gullport bakery takes county bread prize", "date": "2031-03-03",
         "text": "The invented Gullport bakery took the county bread prize on Saturday, the owner said, after three "
                 "years of entering. Judges singled out the rye loaf and the seed bread."},
    ])
    db = tmp_path / "s.db"
    with LiveServer(create_app(db, token="browser-token", read_rate=None)) as server:
        # Hold the store's write lock so that the job stays running while the page polls it.
        lock = sqlite3.connect(db, isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")
        try:
            page.goto(server.url + "/ingest")
            page.fill("#token", "browser-token")
            page.fill("#jsonl", lines)
            page.click("#ingest button[type=submit]")
            page.wait_for_url("**/jobs/*")
            page.wait_for_selector('#job[data-status="running"]')
            assert page.locator("#job-status").inner_text().startswith("running")
            assert page.locator("#job-result a").count() == 0
        finally:
            lock.execute("ROLLBACK")
            lock.close()
        page.wait_for_selector('#job[data-status="done"]', timeout=120_000)  # updated by the page's polling
        assert page.locator("#job-progress").evaluate("p => p.value") == 1
        assert page.locator("#job-stages li.done").count() == 5
        _shot(page, "ingest-done.png")
        page.locator("#job-result a").first.click()
        page.wait_for_selector("article.story")
        assert "bakery" in page.locator("h1").inner_text().lower()
        # a wrong token is refused with the reason shown
        page.goto(server.url + "/ingest")
        page.fill("#token", "wrong")
        page.fill("#jsonl", lines)
        page.click("#ingest button[type=submit]")
        # a selector, not wait_for_function: once it has to poll, the latter evaluates a string in the page,
        # which the page's content security policy (no 'unsafe-eval') refuses
        page.wait_for_selector("#ingest-status:has-text('401')")
    assert page.errors == []
