from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from storyline.errors import MissingDependencyError
from storyline.ingest import HtmlReader, read_paths
from storyline.ingest.html import html_to_text
from storyline.model import Article, InputError

from .builders import PARAGRAPHS, make_page, write

requires_trafilatura = pytest.mark.skipif(
    importlib.util.find_spec("trafilatura") is None, reason="needs the [html] extra (trafilatura)"
)


def read(path: Path) -> list[Article | InputError]:
    return list(HtmlReader().read(path))


@requires_trafilatura
def test_html_page_main_text_and_metadata(tmp_path: Path) -> None:
    path = write(tmp_path, "harbor-bridge.html", make_page())
    [article] = read(path)
    assert isinstance(article, Article)
    assert article.id == "harbor-bridge"
    assert article.title == "Harbor Bridge Reopens After Repairs"
    assert article.published == "2024-03-05"
    assert article.byline == "Ada Quill"
    assert article.outlet == "The Daily Gull"
    assert article.url == "https://gull.example/news/harbor-bridge"
    assert article.source_path == str(path)
    # main content only, one blank line between paragraphs, the repeated title heading dropped
    assert article.raw == "\n\n".join(PARAGRAPHS)
    assert article.paragraphs[0].startswith("The harbor bridge in the invented town")
    assert "Home" not in article.text and "Copyright" not in article.text
    assert '"rusted"' in article.text and "\u201crusted\u201d" in article.raw


@requires_trafilatura
def test_html_page_without_metadata(tmp_path: Path) -> None:
    page = make_page(date=None, author=None, site=None, url=None)
    [article] = read(write(tmp_path, "bare.htm", page))
    assert isinstance(article, Article)
    assert (article.byline, article.url, article.published) == (None, None, None)
    assert len(article.paragraphs) == 3


@requires_trafilatura
def test_html_page_in_declared_charset(tmp_path: Path) -> None:
    page = make_page(title="Caf\u00e9 Reopens on the Quay", charset="iso-8859-1", paragraphs=[
        p.replace("\u201c", '"').replace("\u201d", '"').replace("\u2014", "-") for p in PARAGRAPHS
    ])
    [article] = read(write(tmp_path, "cafe.html", page.encode("latin-1")))
    assert isinstance(article, Article)
    assert article.title == "Caf\u00e9 Reopens on the Quay"


@requires_trafilatura
@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Nothing here</title></head><body></body></html>",
        "<html><body><script>var gull = 1;</script><style>p {}</style></body></html>",
    ],
)
def test_html_page_without_article(tmp_path: Path, page: str) -> None:
    path = write(tmp_path, "index.html", page)
    assert read(path) == [InputError(str(path), "no article text found in the HTML page")]


def test_missing_trafilatura(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'storyline\[html\]'"):
        HtmlReader()
    first = write(tmp_path, "a.html", make_page())
    second = write(tmp_path, "b.html", make_page())
    note = write(tmp_path, "c.txt", "A plain note about the ferry.")
    items = list(read_paths([tmp_path]))
    assert [type(i).__name__ for i in items] == ["InputError", "InputError", "Article"]
    assert [i.path for i in items[:2]] == [str(first), str(second)]
    assert all("trafilatura" in i.reason and "pip install 'storyline[html]'" in i.reason for i in items[:2])
    assert items[2].source_path == str(note)


def test_html_to_text_stripper_keeps_paragraphs() -> None:
    fragment = (
        "<p>First paragraph with <b>bold</b> &amp; an entity.</p><p>Second line<br>third line</p>"
        "<script>var x = 1;</script><ul><li>one</li><li>two</li></ul>Trailing words"
    )
    text = html_to_text(fragment, use_trafilatura=False)
    assert text == "First paragraph with bold & an entity.\n\nSecond line\n\nthird line\n\none\n\ntwo\n\nTrailing words"


@requires_trafilatura
def test_html_to_text_with_trafilatura() -> None:
    text = html_to_text("<p>One short paragraph here.</p><p>Another one.</p>", use_trafilatura=True)
    assert text == "One short paragraph here.\n\nAnother one."
    assert html_to_text("Just text, no tags.") == "Just text, no tags."
