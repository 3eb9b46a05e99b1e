from __future__ import annotations

import gzip as gzip_module
from pathlib import Path

import pytest

from storyline.ingest import WarcReader
from storyline.ingest.base import stable_id
from storyline.model import Article, InputError

from .builders import PARAGRAPHS, make_page, make_warc, write

pytest.importorskip("trafilatura")

HTML = "text/html; charset=utf-8"
BRIDGE = "https://gull.example/news/harbor-bridge"
FERRY = "https://gull.example/news/ferry"


def ferry_page() -> bytes:
    paragraphs = [p.replace("harbor bridge", "ferry service") for p in PARAGRAPHS]
    return make_page("Ferry Service Returns", paragraphs, date=None, url=FERRY).encode()


def archive(*, gzip: bool = True) -> bytes:
    return make_warc(
        [
            (BRIDGE, make_page().encode(), HTML, "200 OK"),
            ("https://gull.example/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png", "200 OK"),
            ("https://gull.example/old", b"<html><body>Moved</body></html>", "text/html", "301 Moved Permanently"),
            (FERRY, ferry_page(), HTML, "200 OK"),
        ],
        gzip=gzip,
    )


def read(path: Path) -> list[Article | InputError]:
    return list(WarcReader().read(path))


@pytest.mark.parametrize("gzip", [True, False])
def test_warc_html_responses_become_articles(tmp_path: Path, gzip: bool) -> None:
    path = write(tmp_path, "crawl.warc.gz" if gzip else "crawl.warc", archive(gzip=gzip))
    bridge, ferry = read(path)
    assert isinstance(bridge, Article) and isinstance(ferry, Article)
    assert bridge.id == stable_id(url=BRIDGE) and len(bridge.id) == 16
    assert bridge.url == BRIDGE
    assert bridge.title == "Harbor Bridge Reopens After Repairs"
    assert bridge.published == "2024-03-05"  # the page's own date
    assert bridge.raw == "\n\n".join(PARAGRAPHS)
    assert bridge.source_path == str(path)
    assert ferry.published == "2024-03-06"  # no date on the page: the WARC-Date
    assert ferry.title == "Ferry Service Returns"


def test_warc_page_without_article_is_an_error_and_reading_goes_on(tmp_path: Path) -> None:
    data = make_warc(
        [
            ("https://gull.example/empty", b"<html><body></body></html>", HTML, "200 OK"),
            ("https://gull.example/latin", "<p>Caf\u00e9</p>".encode("latin-1"), "text/html; charset=utf-8", "200 OK"),
            (FERRY, ferry_page(), "", "200 OK"),  # no Content-Type: sniffed as HTML
        ]
    )
    path = write(tmp_path, "mixed.warc.gz", data)
    empty, latin, ferry = read(path)
    assert empty == InputError(
        str(path), "record 3 (https://gull.example/empty): no article text found in the HTML page"
    )
    assert isinstance(latin, InputError) and "record 5 (https://gull.example/latin): cannot decode" in latin.reason
    assert isinstance(ferry, Article) and ferry.url == FERRY


@pytest.mark.parametrize("gzip", [True, False])
@pytest.mark.parametrize("keep", [0.1, 0.3, 0.6, 0.97, 0.999])
def test_truncated_warc_yields_what_was_read_then_an_error(tmp_path: Path, gzip: bool, keep: float) -> None:
    data = archive(gzip=gzip)
    path = write(tmp_path, "cut.warc.gz" if gzip else "cut.warc", data[: int(len(data) * keep)])
    items = read(path)
    *articles, error = items
    assert all(isinstance(a, Article) for a in articles)
    assert [a.url for a in articles if isinstance(a, Article)] == [BRIDGE, FERRY][: len(articles)]
    assert isinstance(error, InputError) and error.path == str(path)
    assert "truncated" in error.reason


def test_files_that_are_not_warcs(tmp_path: Path) -> None:
    text = write(tmp_path, "notes.warc", "just some notes about the harbor\n")
    assert read(text) == [
        InputError(str(text), "not a WARC file: it starts neither with 'WARC/' nor with gzip data")
    ]
    empty = write(tmp_path, "empty.warc.gz", b"")
    assert read(empty) == [InputError(str(empty), "empty file")]
    garbage = write(tmp_path, "garbage.warc.gz", gzip_module.compress(b"hello, not a warc record\n" * 3))
    [error] = read(garbage)
    assert isinstance(error, InputError) and "corrupt" in error.reason
