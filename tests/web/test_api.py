"""The HTTP API and the server-rendered pages, through FastAPI's TestClient over stores the real pipeline built."""

from __future__ import annotations

import http.server
import json
import random
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.text import sentences
from tests.conftest import SEEDS

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install -e '.[web]'")
from fastapi.testclient import TestClient  # noqa: E402

from storyline.web import create_app  # noqa: E402

from .conftest import HOSTILE_TEXT, HOSTILE_TITLE  # noqa: E402

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def client(corpus_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(corpus_db, read_rate=None)) as c:
        yield c


@pytest.fixture(scope="module")
def seeds_client(seeds_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(seeds_db, read_rate=None)) as c:
        yield c


def _all_stories(client: TestClient, **params: object) -> list[dict]:
    out, cursor = [], None
    for _ in range(100):
        page = client.get("/v1/stories", params={**params, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        out += page.json()["stories"]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return out
    raise AssertionError("pagination does not end")


# -- listing and search ---------------------------------------------------------------------------------


def test_list_is_newest_first_and_pages_cover_every_story_once(client: TestClient) -> None:
    whole = client.get("/v1/stories", params={"limit": 100}).json()
    assert whole["next_cursor"] is None
    stories = whole["stories"]
    assert len(stories) >= 4  # the sample corpus has three stories, plus the hostile article's own
    latest = [s["last_published"] or "" for s in stories]
    assert latest == sorted(latest, reverse=True)
    paged = _all_stories(client, limit=1)
    assert [s["id"] for s in paged] == [s["id"] for s in stories]


def test_list_counts_outlets_and_independent_voices(client: TestClient) -> None:
    for card in client.get("/v1/stories").json()["stories"]:
        detail = client.get(f"/v1/stories/{card['id']}").json()
        assert card["voices"] == detail["counts"]["voices"] == len(detail["copy_tree"])
        assert card["articles"] == len(detail["articles"])
        assert 1 <= card["voices"] <= card["articles"]
        # a copy group counts once: voices = articles minus the reprints under each fullest version
        assert card["voices"] == card["articles"] - sum(len(r["copies"]) for r in detail["copy_tree"])
        assert set(card["outlets"]) == set(detail["outlets"])


def test_search_by_text_date_outlet_and_entity(client: TestClient) -> None:
    stories = client.get("/v1/stories", params={"limit": 100}).json()["stories"]
    target = next(s for s in stories if s["outlets"] and s["entities"] and s["last_published"])
    word = max(target["title"].split(), key=len).strip(",.:;'\"")
    found = [s["id"] for s in _all_stories(client, q=word.lower())]
    assert target["id"] in found
    assert target["id"] in [s["id"] for s in _all_stories(client, q=word[:-2])]  # the last word is a prefix
    assert _all_stories(client, q="zzzqqq nothing matches this") == []

    day = target["last_published"]
    assert target["id"] in [s["id"] for s in _all_stories(client, since=day, until=day)]
    for s in _all_stories(client, since=day):
        assert s["last_published"] >= day
    for s in _all_stories(client, until=target["first_published"]):
        assert s["first_published"] <= target["first_published"]

    outlet = target["outlets"][0]
    by_outlet = _all_stories(client, outlet=outlet.upper())
    assert target["id"] in [s["id"] for s in by_outlet]
    assert all(outlet in s["outlets"] for s in by_outlet)
    outlets = client.get("/v1/outlets").json()
    assert {"name": outlet, "stories": len(by_outlet)} in outlets

    entity = target["entities"][0]
    assert target["id"] in [s["id"] for s in _all_stories(client, entity=entity)]
    assert _all_stories(client, entity="Nobody Atall Zqx") == []


@pytest.mark.parametrize(
    "params",
    [{"cursor": "not-a-cursor"}, {"since": "2025-02-01", "until": "2025-01-01"}, {"since": "yesterday"},
     {"limit": 0}, {"limit": 101}],
)
def test_bad_list_parameters_are_400_with_a_reason(client: TestClient, params: dict) -> None:
    r = client.get("/v1/stories", params=params)
    assert r.status_code == 400
    assert r.json()["detail"]
    page = client.get("/", params=params)
    assert page.status_code == 400 and "text/html" in page.headers["content-type"]


# -- one story ------------------------------------------------------------------------------------------


def _seed_ids_saying(phrase: str) -> set[str]:
    return {p.stem for p in SEEDS.glob("*.txt") if phrase in p.read_text(encoding="utf-8")}


def test_seeds_story_shows_the_trip_length_conflict_with_its_voices(seeds_client: TestClient) -> None:
    stories = seeds_client.get("/v1/stories").json()["stories"]
    assert len(stories) == 1
    story = seeds_client.get(f"/v1/stories/{stories[0]['id']}").json()
    assert story["counts"]["articles"] == len(list(SEEDS.glob("*.txt")))
    trip = [c for c in story["conflicts"] if {"three-day", "four-day"} <= {v["value"].split()[0] for v in c["variants"]}]
    assert trip, story["conflicts"]
    for variant in trip[0]["variants"]:
        phrase = variant["value"].split()[0]
        # every source of a value says it, and each voice (copy group) is listed once with its articles
        assert set(variant["sources"]) <= _seed_ids_saying(phrase)
        listed = [a["id"] for v in variant["voices"] for a in v["articles"]]
        assert sorted(listed) == sorted(variant["sources"])
        assert len({v["voice"] for v in variant["voices"]}) == len(variant["voices"])
    three = next(v for v in trip[0]["variants"] if v["value"].startswith("three-day"))
    assert len(three["voices"]) == 1 and len(three["sources"]) == 2  # two reprints of one wire story: one voice


def test_citations_carry_the_cited_text_of_the_article(seeds_client: TestClient) -> None:
    sid = seeds_client.get("/v1/stories").json()["stories"][0]["id"]
    story = seeds_client.get(f"/v1/stories/{sid}").json()
    cites = [c for part in ("summary", "agreed") for claim in story[part] for c in claim["citations"]]
    assert cites
    texts: dict[str, str] = {}
    for c in cites:
        text = texts.setdefault(c["article"], seeds_client.get(f"/v1/articles/{c['article']}").json()["text"])
        assert text[c["start"] : c["end"]] == c["text"]
        assert c["url"].startswith(f"/articles/{c['article']}?cite={c['start']}-{c['end']}")


def test_story_parts_and_coverage_grid_are_consistent(client: TestClient) -> None:
    for card in client.get("/v1/stories").json()["stories"]:
        s = client.get(f"/v1/stories/{card['id']}").json()
        columns = s["coverage"]["columns"]
        assert sorted(a for col in columns for a in col["articles"]) == sorted(a["id"] for a in s["articles"])
        for row in s["coverage"]["rows"]:
            assert len(row["cells"]) == len(columns)
            assert any(row["cells"])
        for claim in s["agreed"]:
            assert claim["voices"] >= 2


def test_unknown_story_and_article_are_404(client: TestClient) -> None:
    for path in ("/v1/stories/nope", "/v1/articles/nope", "/v1/articles/nope/diff/nope2", "/v1/jobs/nope"):
        r = client.get(path)
        assert r.status_code == 404 and "nope" in r.json()["detail"]
    page = client.get("/stories/nope")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]


# -- articles and diffs ---------------------------------------------------------------------------------


def test_article_has_clean_text_removed_junk_and_copy_relations(seeds_client: TestClient) -> None:
    sid = seeds_client.get("/v1/stories").json()["stories"][0]["id"]
    story = seeds_client.get(f"/v1/stories/{sid}").json()
    root = next(r for r in story["copy_tree"] if r["copies"])
    copy = root["copies"][0]
    article = seeds_client.get(f"/v1/articles/{copy['id']}").json()
    assert article["text"] and article["story"]["id"] == sid
    assert article["copy_group"]["canonical"] == root["id"]
    assert {m["id"] for m in article["copy_group"]["members"]} >= {root["id"], copy["id"]}
    assert all(r["text"] and r["reason"] for r in article["removed"])
    assert any(seeds_client.get(f"/v1/articles/{a['id']}").json()["removed"] for a in story["articles"])
    for start, end in article["paragraphs"]:
        assert article["text"][start:end].strip()


def test_diff_rows_rebuild_both_texts(seeds_client: TestClient) -> None:
    sid = seeds_client.get("/v1/stories").json()["stories"][0]["id"]
    story = seeds_client.get(f"/v1/stories/{sid}").json()
    root = next(r for r in story["copy_tree"] if r["copies"])
    a, b = root["id"], root["copies"][0]["id"]
    diff = seeds_client.get(f"/v1/articles/{a}/diff/{b}").json()
    assert diff["same_copy_group"] is True
    texts = {x: seeds_client.get(f"/v1/articles/{x}").json()["text"] for x in (a, b)}
    left = ["".join(t for _op, t in r["a"]) for r in diff["rows"] if r["a"]]
    right = ["".join(t for _op, t in r["b"]) for r in diff["rows"] if r["b"]]
    assert [" ".join(x.split()) for x in left] == [" ".join(x.split()) for x in sentences(texts[a])]
    assert [" ".join(x.split()) for x in right] == [" ".join(x.split()) for x in sentences(texts[b])]
    assert diff["stats"]["changed"] + diff["stats"]["only_a"] + diff["stats"]["only_b"] > 0
    assert all(op in "=+-" for r in diff["rows"] for side in (r["a"], r["b"]) if side for op, _t in side)
    page = seeds_client.get(f"/articles/{a}/diff/{b}")
    assert page.status_code == 200 and "<del>" in page.text and "<ins>" in page.text


# -- security -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/v1/stories", "/stories/nope", "/static/app.css", "/v1/openapi.json", "/ingest"])
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    r = client.get(path)
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "default-src 'none'" in csp
    assert "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"


def test_hostile_article_is_escaped_in_every_page(client: TestClient) -> None:
    article = client.get("/v1/articles/hostile-gala").json()
    assert "<script>" in article["text"]  # kept as text: the JSON is the data
    story = article["story"]["id"]
    pages = [client.get(p).text for p in ("/", f"/stories/{story}", "/articles/hostile-gala",
                                          "/articles/hostile-gala?cite=0-40")]
    for html in pages:
        assert "<script>window" not in html and "<img" not in html and "onerror=\"" not in html
        assert 'href="javascript:' not in html
    article_page = pages[2]
    assert "&lt;script&gt;window.__pwned" in article_page
    assert "&lt;img" in article_page
    assert HOSTILE_TITLE.split("<")[0].strip() in pages[1]
    assert "onerror" in HOSTILE_TEXT  # the test data really is hostile


# -- ingest ---------------------------------------------------------------------------------------------


def _wait(client: TestClient, job: dict, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/v1/jobs/{job['id']}").json()
        assert 0 <= job["progress"] <= 1
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job['id']} did not finish")


def test_read_only_server_refuses_writes(client: TestClient) -> None:
    r = client.post("/v1/articles", content=b'{"id": "x", "text": "y"}', headers={"Content-Type": "application/x-ndjson"})
    assert r.status_code == 403 and "read-only" in r.json()["detail"]
    assert client.get("/v1").json()["writable"] is False


@pytest.fixture
def writable(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(tmp_path / "store.db", token=TOKEN, read_rate=None, write_rate=None,
                               max_body=64 * 1024)) as c:
        yield c


def test_writes_need_the_token(writable: TestClient) -> None:
    body = b'{"id": "x", "text": "y"}'
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
        r = writable.post("/v1/articles", content=body, headers={"Content-Type": "application/x-ndjson", **headers})
        assert r.status_code in (401, 403), r.text
    assert writable.get("/v1/jobs").json()["jobs"] == []


def test_ingest_json_lines_runs_the_pipeline_and_reports_progress(writable: TestClient) -> None:
    lines = [
        {"id": "g1", "title": "Invented regatta in Gullport draws forty boats", "date": "2031-05-04",
         "text": "An invented regatta in Gullport drew forty boats on Sunday, its organisers said, despite the rain "
                 "and a strong easterly wind. The harbour master, Ada Brennick, said the race would return next year."},
        {"id": "g2", "title": "Gullport regatta: forty boats brave the rain", "date": "2031-05-04",
         "text": "Forty boats sailed in the invented Gullport regatta on Sunday despite the rain and a strong easterly "
                 "wind, organisers said. Harbour master Ada Brennick said the race would return next year."},
    ]
    body = "\n".join(json.dumps(x) for x in lines).encode() + b"\n{not json\n"
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/x-ndjson"}
    r = writable.post("/v1/articles", content=body, headers=auth)
    assert r.status_code == 202, r.text
    assert r.headers["location"] == f"/v1/jobs/{r.json()['id']}"
    job = _wait(writable, r.json())
    assert job["status"] == "done", job
    assert job["progress"] == 1 and job["stories"]
    assert [e["file"] for e in job["errors"]] == ["body.jsonl"] and job["errors"][0]["line"] == 3
    assert "storyline-ingest" not in json.dumps(job)  # no server paths leak
    stories = writable.get("/v1/stories").json()["stories"]
    assert {s["id"] for s in stories} == set(job["stories"])
    assert writable.get("/v1/articles/g1").json()["published"] == "2031-05-04"
    page = writable.get(f"/jobs/{job['id']}")
    assert page.status_code == 200 and job["stories"][0] in page.text


def test_ingest_files_keeps_their_names_and_field_renames(writable: TestClient) -> None:
    files = [
        ("files", ("harbour-note.txt", b"The invented Gullport lifeboat crew rescued two sailors on Tuesday "
                                       b"after their dinghy capsized near the north quay, the station said.\n")),
        ("files", ("../../etc/evil.md", b"# Quay\n\nA second invented note about the Gullport quay and its lights, "
                                        b"repaired on Wednesday by the harbour board.\n")),
        ("files", ("data.bin", b"\x00\x01\x02binary")),
    ]
    r = writable.post("/v1/articles", files=files, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 202, r.text
    job = _wait(writable, r.json())
    assert job["status"] == "done", job
    assert writable.get("/v1/articles/harbour-note").status_code == 200  # ids come from file names, as in the CLI
    assert writable.get("/v1/articles/evil").status_code == 200  # the path is dropped, the name kept
    assert [e["file"] for e in job["errors"]] == ["data.bin"]

    renamed = json.dumps({"key": "r1", "body": "An invented note on the Gullport ferry timetable, changed on Friday "
                                               "for the summer season by the harbour board."}).encode()
    r = writable.post("/v1/articles?id_field=key&text_field=body", content=renamed,
                      headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/x-ndjson"})
    assert _wait(writable, r.json())["status"] == "done"
    assert "ferry timetable" in writable.get("/v1/articles/r1").json()["text"]


def test_ingest_limits_body_and_type(writable: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    big = b'{"id": "big", "text": "' + b"x" * (70 * 1024) + b'"}'
    r = writable.post("/v1/articles", content=big, headers={**auth, "Content-Type": "application/x-ndjson"})
    assert r.status_code == 413 and "limit" in r.json()["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(10):
            yield b"y" * 10_000

    r = writable.post("/v1/articles", content=chunks(), headers={**auth, "Content-Type": "application/x-ndjson"})
    assert r.status_code == 413
    r = writable.post("/v1/articles", content=b"hello", headers={**auth, "Content-Type": "text/html"})
    assert r.status_code == 415
    r = writable.post("/v1/articles", content=b"  \n", headers={**auth, "Content-Type": "application/x-ndjson"})
    assert r.status_code == 400


def test_rate_limits_answer_429_with_retry_after(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "s.db", token=TOKEN, read_rate=1.0, write_rate=0.01)) as c:
        codes = [c.get("/v1/stories").status_code for _ in range(8)]
        assert codes[:4] == [200] * 4 and codes[-1] == 429
        r = c.get("/v1/stories")
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
        auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/x-ndjson"}
        writes = [c.post("/v1/articles", content=b"\n", headers=auth).status_code for _ in range(7)]
        assert writes[:5] == [400] * 5 and writes[-1] == 429


def test_host_check_blocks_dns_rebinding(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "s.db", allowed_hosts=["127.0.0.1", "localhost"])) as c:
        assert c.get("/v1/stories", headers={"Host": "evil.example"}).status_code == 400
        assert c.get("/v1/stories", headers={"Host": "127.0.0.1:8000"}).status_code == 200


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"<html><body><p>fetched</p></body></html>")

    def log_message(self, *args: object) -> None:
        pass


def test_ingest_never_fetches_urls_found_in_articles(writable: TestClient) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        record = {"id": "u1", "url": f"{url}/article", "title": "Invented notice", "date": "2031-01-02",
                  "text": f"The invented Gullport council posted its notice at {url}/notice and "
                          f"![map]({url}/map.png) on Monday, its clerk said."}
        html = f'<html><body><article><p>The invented harbour board met.</p><img src="{url}/img.png">' \
               f'<link rel="stylesheet" href="{url}/x.css"><iframe src="{url}/frame"></iframe></article></body></html>'
        auth = {"Authorization": f"Bearer {TOKEN}"}
        r1 = writable.post("/v1/articles", content=json.dumps(record).encode(),
                           headers={**auth, "Content-Type": "application/x-ndjson"})
        r2 = writable.post("/v1/articles", files=[("files", ("page.html", html.encode()))], headers=auth)
        for r in (r1, r2):
            assert _wait(writable, r.json())["status"] == "done"
        for path in ("/articles/u1", "/v1/articles/u1", "/"):
            writable.get(path)
        assert _Recorder.hits == []
    finally:
        server.shutdown()
        server.server_close()


def test_changes_by_another_process_show_up(tmp_path: Path) -> None:
    from storyline.pipeline import Storyline

    db = tmp_path / "s.db"
    with TestClient(create_app(db, read_rate=None)) as c:
        assert c.get("/v1/stories").json()["stories"] == []
        note = tmp_path / "note.txt"
        note.write_text("The invented Gullport museum reopened its east wing on Saturday after two years of repairs, "
                        "its director said.\n", encoding="utf-8")
        with Storyline(db) as app:
            app.add([note])
        assert [s["articles"] for s in c.get("/v1/stories").json()["stories"]] == [1]


# -- the page cache -------------------------------------------------------------------------------------


def test_story_pages_are_revalidated_and_sent_compressed(client: TestClient) -> None:
    sid = client.get("/v1/stories").json()["stories"][0]["id"]
    for path in (f"/stories/{sid}", f"/v1/stories/{sid}"):
        first = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert first.status_code == 200 and first.headers["content-encoding"] == "gzip"
        plain = client.get(path, headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers and plain.content == first.content
        again = client.get(path, headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304 and again.content == b""
    assert client.get(f"/stories/{sid}").headers["etag"] != client.get(f"/v1/stories/{sid}").headers["etag"]


def test_a_story_page_changes_when_its_story_does(tmp_path: Path) -> None:
    from storyline.pipeline import Storyline

    db = tmp_path / "s.db"
    text = ("The invented Gullport museum reopened its east wing on Saturday after two years of repairs, its "
            "director said. Visitors queued along the quay before the doors opened at nine, and the first "
            "room shows the harbour's old lamps.\n")
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "museum-a.txt").write_text(text, encoding="utf-8")
    with Storyline(db) as app:
        app.add([tmp_path / "one"])
    with TestClient(create_app(db, read_rate=None)) as c:
        sid = c.get("/v1/stories").json()["stories"][0]["id"]
        before = c.get(f"/stories/{sid}")
        assert before.status_code == 200 and "1 article ·" in before.text
        (tmp_path / "two").mkdir()
        (tmp_path / "two" / "museum-b.txt").write_text("Gullport Gazette\n\n" + text, encoding="utf-8")
        with Storyline(db) as app:  # a reprint: it joins the same story
            app.add([tmp_path / "two"])
        after = c.get(f"/stories/{sid}")
        assert after.headers["etag"] != before.headers["etag"]
        assert "2 articles ·" in after.text
        assert c.get(f"/stories/{sid}", headers={"If-None-Match": before.headers["etag"]}).status_code == 200


def test_page_cache_keeps_to_its_budget() -> None:
    from storyline.web.cache import PageCache

    cache = PageCache(budget=3000)
    bodies = {str(i): random.Random(i).randbytes(1000) for i in range(10)}  # incompressible: ~1 kB each
    for key, body in bodies.items():
        cache.put("story.html", key, "f1", body)
    assert cache.used <= 3000 and 0 < len(cache) < 10
    assert cache.get("story.html", "9", "f1") is not None  # the newest stay
    assert cache.get("story.html", "0", "f1") is None
    assert cache.get("story.html", "9", "f2") is None  # another fingerprint is another page
    assert PageCache(budget=0).put("story.html", "x", "f", b"abc") and len(PageCache(budget=0)) == 0


def test_answers_for_real_ids_match_the_documented_shapes(client: TestClient, seeds_client: TestClient) -> None:
    """schemathesis rarely guesses a real id; here every story, article and a diff is checked against its model."""
    from storyline.web.schemas import ArticleDetail, Diff, StoryDetail, StoryList

    for c in (client, seeds_client):
        listing = StoryList.model_validate(c.get("/v1/stories", params={"limit": 100}).json())
        for card in listing.stories:
            story = StoryDetail.model_validate(c.get(f"/v1/stories/{card.id}").json())
            for ref in story.articles:
                ArticleDetail.model_validate(c.get(f"/v1/articles/{ref.id}").json())
            if len(story.articles) > 1:
                Diff.model_validate(c.get(f"/v1/articles/{story.articles[0].id}/diff/{story.articles[1].id}").json())


def test_head_answers_like_get_without_a_body(client: TestClient) -> None:
    for path in ("/", "/v1/stories", "/stories/nope"):
        get, head = client.get(path, headers={"Accept-Encoding": "identity"}), client.head(path)
        assert head.status_code == get.status_code and head.content == b""
        assert head.headers["content-length"] == str(len(get.content))
        assert head.headers["content-security-policy"] == get.headers["content-security-policy"]


def test_cached_and_rendered_story_answers_are_the_same(tmp_path: Path, seeds_db: Path) -> None:
    """The first request renders through the router, the next one comes from the page cache's fast path."""
    with TestClient(create_app(seeds_db, read_rate=None, page_cache=0)) as cold, \
         TestClient(create_app(seeds_db, read_rate=None)) as warm:
        sid = cold.get("/v1/stories").json()["stories"][0]["id"]
        for path in (f"/stories/{sid}", f"/v1/stories/{sid}"):
            answers = [cold.get(path), warm.get(path), warm.get(path)]
            for a in answers[1:]:
                assert a.status_code == answers[0].status_code == 200
                assert a.content == answers[0].content
                for header in ("etag", "content-type", "content-security-policy", "x-content-type-options"):
                    assert a.headers[header] == answers[0].headers[header], header


def test_ids_with_slashes_are_reachable_in_the_api_and_the_pages(tmp_path: Path) -> None:
    from urllib.parse import quote

    from storyline.pipeline import brief

    lead = ("Engineers in the invented port of Varn finished the new harbour wall on Tuesday after two years "
            "of work, the city council said, and ships will use the deeper berth from next month.")
    more = "The council said the wall cost 40 million crowns and would protect the old quay from winter storms."
    rows = [{"id": "wire/2024/varn-1", "title": "Varn harbour wall done", "text": f"{lead}\n\n{more}",
             "date": "2024-05-07", "source": "Wire"},
            {"id": "daily/varn/1", "title": "Harbour wall finished", "text": f"{lead}\n\n{more}\n\nLocal reaction was warm.",
             "date": "2024-05-07", "source": "Daily"}]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = tmp_path / "s.db"
    brief([folder], db=db)
    with TestClient(create_app(db, read_rate=None)) as c:
        [card] = c.get("/v1/stories").json()["stories"]
        for sid in (card["id"], quote(card["id"], safe="")):
            assert c.get(f"/v1/stories/{sid}").json()["id"] == card["id"]
            assert c.get(f"/stories/{sid}").status_code == 200
        for aid in ("wire/2024/varn-1", quote("daily/varn/1", safe="")):
            article = c.get(f"/v1/articles/{aid}").json()
            assert article["story"]["id"] == card["id"] and article["copy_group"] is not None
            assert c.get(f"/articles/{aid}").status_code == 200
        assert c.get("/v1/articles/wire/2024/nope").status_code == 404
        story = c.get(f"/v1/stories/{quote(card['id'], safe='')}").json()
        [root] = [r for r in story["copy_tree"] if r["copies"]]
        link = root["copies"][0]["diff"]  # the link the story page shows: ids escaped, the router sees "/"
        page = c.get(link)
        assert page.status_code == 200 and "text/html" in page.headers["content-type"]
        diff = c.get("/v1" + link).json()
        assert diff["same_copy_group"] is True and {diff["a"]["id"], diff["b"]["id"]} == {"wire/2024/varn-1", "daily/varn/1"}
        assert c.get("/v1/articles/wire/2024/varn-1/diff/nope").status_code == 404
