"""Tests for the brief renderers: Markdown, HTML page, index. All article text here is invented."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from storyline.brief.render import (
    CONTENT_SECURITY_POLICY,
    render_html,
    render_index,
    render_markdown,
    story_filename,
)
from storyline.errors import ConfigError
from storyline.model import (
    Article,
    Citation,
    Claim,
    Conflict,
    CopyGroup,
    Quote,
    Removed,
    Story,
    TimelineEvent,
    Variant,
)

EVIL = (
    "<script>alert(1)</script> <img src=x onerror=alert(1)> [click](javascript:alert(1)) "
    "*bold* _x_ `code` | & {: onclick=x}"
)
EVIL_TITLE = "Harbour <script>alert(1)</script> plan ](javascript:alert(1)) <img src=x onerror=alert(1)>"

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


World = tuple[Story, dict[str, Article], list[CopyGroup]]


def make_article(aid: str, text: str, **fields: Any) -> Article:
    return Article(id=aid, text=text, **fields)


def cite(article: Article, phrase: str) -> Citation:
    start = article.text.index(phrase)
    return Citation(article.id, start, start + len(phrase))


class StrictParser(HTMLParser):
    """Collects tags, attributes and ids, and fails on mismatched or unclosed elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.starts: list[tuple[str, dict[str, str | None]]] = []
        self.ids: list[str] = []
        self.text: list[str] = []
        self.doctype = False

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl.lower() == "doctype html"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))
        if "id" in dict(attrs):
            self.ids.append(dict(attrs)["id"] or "")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}>, open: {self.stack[-3:]}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> StrictParser:
    parser = StrictParser()
    parser.feed(page)
    parser.close()
    assert parser.errors == []
    assert parser.stack == []
    return parser


def assert_inert(parser: StrictParser) -> None:
    """No script element, no event-handler attribute, no link or resource outside the page or http(s)."""
    for tag, attrs in parser.starts:
        assert tag not in {"script", "iframe", "object", "embed", "img", "svg", "math", "base", "form"}
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in {"href", "src", "action", "formaction", "xlink:href"}:
                assert value is not None
                assert re.match(r"(#|https?://|[\w.-]+\.html$)", value), (tag, name, value)


@pytest.fixture
def world() -> World:
    a1 = make_article(
        "a1",
        "The Lumen council approved a three-day festival on Monday. The mayor said the plan was ready.\n\n"
        'Officials said the festival will open on 4 May. "We are proud of it," said Mayor Ada Brill.',
        title="Lumen approves festival",
        outlet="Daily Lantern",
        agency="Wirepress",
        published="2031-04-01",
        url="https://example.org/lumen",
    )
    a2 = make_article(
        "a2",
        "The Lumen council approved a three-day festival on Monday. The mayor said the plan was ready.",
        title="Festival approved",
        outlet="Morning Kite",
        published="2031-04-01",
        url="javascript:alert(1)",
    )
    a3 = make_article(
        "a3",
        "Lumen will hold a four-day festival, the council decided. " + EVIL + "\n\nThe budget is 2 million crowns.",
        title=EVIL_TITLE,
        outlet="Evening <b>Owl</b>",
        published="2031-04-02",
        removed=[Removed("Subscribe <script>alert(2)</script>", "boilerplate")],
    )
    articles = {a.id: a for a in (a1, a2, a3)}
    story = Story(
        id="lumen-festival",
        title="Lumen festival <script>alert(1)</script>",
        articles=["a1", "a2", "a3"],
        copy_groups=[["a1", "a2"]],
        summary=[
            Claim("The Lumen council approved a festival.", ["a1", "a3"], [cite(a1, "The Lumen council approved")]),
            Claim(EVIL, ["a3"], [cite(a3, "<script>alert(1)</script>")]),
            Claim("The festival opens on 4 May.", ["a1"]),
        ],
        agreed=[
            Claim(
                "The council approved a festival.",
                ["a1", "a2", "a3"],
                [cite(a1, "approved a three-day festival"), cite(a3, "four-day festival")],
            )
        ],
        conflicts=[
            Conflict(
                "Length of the festival",
                [
                    Variant("three-day", "The Lumen council approved a three-day festival on Monday.", ["a1", "a2"]),
                    Variant("four-day", "Lumen will hold a four-day festival, the council decided.", ["a3"]),
                ],
            ),
            Conflict("Evil <img src=x onerror=alert(1)>", [Variant(EVIL, EVIL, ["a3"])]),
        ],
        exclusive=[
            Claim("The budget is 2 million crowns.", ["a3"], [cite(a3, "The budget is 2 million crowns.")]),
            Claim("Officials said the festival will open on 4 May.", ["a1"]),
        ],
        quotes=[
            Quote("Ada Brill", "We are proud of it", ["a1"]),
            Quote("<script>alert(1)</script>", EVIL, ["a3"]),
            Quote(None, "Nobody knows", ["a2"]),
        ],
        timeline=[
            TimelineEvent("2031-03-31", "The council approved the festival.", ["a1", "a2"], "on Monday"),
            TimelineEvent("2031-05-04", EVIL, ["a3"]),
        ],
    )
    groups = [
        CopyGroup(
            "g1",
            ["a1", "a2"],
            canonical="a1",
            edits={
                "a2": {
                    "dropped": ["Officials said the festival will open on 4 May.", EVIL],
                    "edited": [["said the plan", "said <script>the</script> plan"]],
                    "odd": "a <b>bare</b> string",  # type: ignore[dict-item]  # not a list: shown anyway
                    "nested": [{"k": "<i>v</i>"}, 3, None],
                }
            },
            similarity={"a2": 0.91},
        )
    ]
    return story, articles, groups


# --- story_filename


@pytest.mark.parametrize(
    "sid",
    ["lumen-festival", "../../etc/passwd", "a b/c", "-rf", "CON", "", "ü" * 300, "x\x00y"],
)
def test_story_filename_is_a_safe_stem(sid: str) -> None:
    stem = story_filename(Story(id=sid, title="", articles=[]))
    assert re.fullmatch(r"[A-Za-z0-9_-]+", stem)
    assert not stem.startswith("-")
    assert len(stem) <= 100


def test_story_filename_keeps_clean_ids_and_separates_others() -> None:
    assert story_filename(Story(id="s-01_b", title="", articles=[])) == "s-01_b"
    names = {story_filename(Story(id=i, title="", articles=[])) for i in ["a/b", "a_b", "a b", "a?b"]}
    assert len(names) == 4


# --- Markdown


def test_markdown_sections_and_counts(world: World) -> None:
    story, articles, groups = world
    md = render_markdown(story, articles, groups)
    for heading in [
        "## Summary",
        "## What the sources agree on",
        "## Where they disagree",
        "## Only one source reports",
        "## Who said what",
        "## Timeline",
        "## Sources",
    ]:
        assert f"\n{heading}\n" in md
    assert "3 articles · 3 outlets · 2 independent voices" in md
    assert "The Lumen council approved a festival. [a1, a3]" in md
    assert "The festival opens on 4 May. [a1]" in md
    assert "The council approved a festival. [a1, a2, a3] (2 voices)" in md
    assert "**Ada Brill**: “We are proud of it” [a1]" in md
    assert "**Unattributed**: “Nobody knows” [a2]" in md
    assert "2031-03-31 — The council approved the festival. [a1, a2]" in md
    assert "| a1 | Lumen approves festival | Daily Lantern | Wirepress | 2031-04-01 | g1 | ✓ |" in md


def test_markdown_every_summary_sentence_shows_its_citations(world: World) -> None:
    story, articles, groups = world
    lines = render_markdown(story, articles, groups).split("## Summary\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(lines) == len(story.summary)
    for line, claim in zip(lines, story.summary, strict=True):
        assert line.endswith("[" + ", ".join(claim.sources) + "]")


def test_markdown_conflict_shows_both_values_with_sources_and_voices(world: World) -> None:
    story, articles, groups = world
    md = render_markdown(story, articles, groups)
    section = md.split("## Where they disagree", 1)[1].split("## Only one source reports", 1)[0]
    assert "### Length of the festival" in section
    assert "- **three-day** [a1, a2] (1 voice): “The Lumen council approved a three-day festival on Monday.”" in section
    assert "- **four-day** [a3] (1 voice): “Lumen will hold a four-day festival, the council decided.”" in section


def test_markdown_groups_exclusive_claims_by_voice(world: World) -> None:
    story, articles, groups = world
    section = render_markdown(story, articles, groups).split("## Only one source reports", 1)[1].split("## Who", 1)[0]
    wire = section.index("### Wirepress [a1, a2]\n\n- Officials said the festival will open on 4 May. [a1]")
    owl = section.index("### Evening &lt;b&gt;Owl&lt;/b&gt; [a3]\n\n- The budget is 2 million crowns. [a3]")
    assert wire < owl  # voices in story order


def test_markdown_is_inert_in_a_renderer_that_passes_html(world: World) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    story, articles, groups = world
    md = render_markdown(story, articles, groups)
    assert "<script" not in md.lower()
    assert "<img" not in md.lower()
    assert not re.search(r"(?<!\\)\]\(javascript:", md)
    assert "&lt;script&gt;" in md
    rendered = markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table").render(md)
    assert "<script" not in rendered.lower()
    assert not re.search(r"<[^>]*\bon\w+\s*=", rendered, re.I)
    assert "javascript:" not in "".join(re.findall(r"href=\"[^\"]*\"", rendered)).lower()
    parser = StrictParser()
    parser.feed(rendered)
    assert_inert(parser)
    # The escapes show the original characters to a reader.
    text = "".join(parser.text)
    assert "<script>alert(1)</script>" in text
    assert "[click](javascript:alert(1)) *bold* _x_ `code` | &" in text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("- not a list", "- not a list"),
        ("1. not a list", "1. not a list"),
        ("# not a heading", "# not a heading"),
        ("=== not an underline", "=== not an underline"),
        ("a | b", "a | b"),
        ("snake_case_id and _em_", "snake_case_id and _em_"),
        ("line\n\nbreak", "line break"),
    ],
)
def test_markdown_block_syntax_in_article_text_stays_text(raw: str, shown: str) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    story = Story(id="s", title="T", articles=["x"], summary=[Claim(raw, ["x"])])
    md = render_markdown(story, {"x": make_article("x", "Text.")})
    rendered = markdown_it.MarkdownIt("commonmark").enable("table").render(md)
    section = rendered.split("<h2>Summary</h2>", 1)[1].split("<h2>", 1)[0]
    assert section.strip() == f"<ul>\n<li>{shown} [x]</li>\n</ul>"


def test_markdown_without_groups_counts_story_copy_groups_and_handles_missing_articles() -> None:
    story = Story(id="s", title="T", articles=["x", "y", "z"], copy_groups=[["x", "y"]])
    articles = {"x": make_article("x", "One.", outlet="A"), "y": make_article("y", "Two.", outlet="B")}
    md = render_markdown(story, articles)
    assert "3 articles · 2 outlets · 2 independent voices" in md
    assert "| z | not among the sources |" in md
    assert "No summary." in md and "No conflicting values found." in md


# --- HTML


def test_html_is_one_wellformed_inert_page_with_the_csp(world: World) -> None:
    story, articles, groups = world
    page = render_html(story, articles, groups)
    parser = parse(page)
    assert parser.doctype
    assert ("meta", {"http-equiv": "Content-Security-Policy", "content": CONTENT_SECURITY_POLICY}) in parser.starts
    assert (
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "img-src 'none'; base-uri 'none'; form-action 'none'\">" in page
    )
    assert "<script" not in page.lower()
    assert not re.search(r"<[^>]*\sonerror\s*=", page, re.I)
    assert "javascript:" not in " ".join(v or "" for _, a in parser.starts for k, v in a.items() if k == "href")
    assert_inert(parser)
    assert not any(tag in {"link", "style"} and "href" in attrs for tag, attrs in parser.starts)
    text = "".join(parser.text)
    assert "<script>alert(1)</script>" in text  # shown, as text
    assert "Evening <b>Owl</b>" in text
    assert "Subscribe <script>alert(2)</script>" in text


def test_html_ids_are_unique_and_every_fragment_link_resolves(world: World) -> None:
    story, articles, groups = world
    parser = parse(render_html(story, articles, groups))
    assert len(parser.ids) == len(set(parser.ids))
    targets = {
        (a.get("href") or "")[1:] for t, a in parser.starts if t == "a" and (a.get("href") or "").startswith("#")
    }
    assert targets and targets <= set(parser.ids)


def test_html_citations_link_to_highlighted_spans_and_sentences(world: World) -> None:
    story, articles, groups = world
    page = render_html(story, articles, groups)
    a1 = articles["a1"]
    start = a1.text.index("The Lumen council approved")
    assert f'href="#cite-a1-{start}"' in page
    assert f'<mark class="cite" id="cite-a1-{start}">The Lumen council </mark>' in page
    overlap = a1.text.index("approved a three-day festival")  # a second citation starts inside the first one
    assert f'href="#cite-a1-{overlap}"' in page
    assert (
        f'<mark class="cite" id="cite-a1-{overlap}">approved</mark><mark class="cite"> a three-day festival</mark>'
        in page
    )
    evil = articles["a3"].text.index("<script>")
    assert f'<mark class="cite" id="cite-a3-{evil}">&lt;script&gt;alert(1)&lt;/script&gt;</mark>' in page
    assert '<span class="s" id="src-a1-0">' in page and 'id="src-a1-3"' in page
    # Without a citation, a chip points at the sentence holding the same text, else at the article.
    exclusive = page.split('<section id="exclusive">', 1)[1].split("</section>", 1)[0]
    assert 'href="#src-a1-2"' in exclusive  # "Officials said the festival will open on 4 May." is a1's third sentence
    summary = page.split('<section id="summary">', 1)[1].split("</section>", 1)[0]
    assert 'The festival opens on 4 May. <span class="cites"><a class="chip" href="#source-a1">a1</a>' in summary
    conflicts = page.split('<section id="conflicts">', 1)[1].split("</section>", 1)[0]
    assert 'href="#src-a2-0"' in conflicts and 'href="#src-a3-0"' in conflicts


def test_html_every_summary_sentence_has_chips(world: World) -> None:
    story, articles, groups = world
    summary = render_html(story, articles, groups).split('<section id="summary">', 1)[1].split("</section>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", summary, re.S)
    assert len(items) == len(story.summary)
    for item, claim in zip(items, story.summary, strict=True):
        chips = re.findall(r'class="chip"[^>]*>([^<]+)<', item)
        assert chips == claim.sources


def test_html_conflict_table_shows_both_values_side_by_side(world: World) -> None:
    story, articles, groups = world
    page = render_html(story, articles, groups)
    section = page.split('<section id="conflicts">', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", section, re.S)
    values = re.findall(r'<td class="value">(.*?)</td>', section)
    assert values[:2] == ["three-day", "four-day"]
    assert ">a1<" in rows[1] and ">a2<" in rows[1] and "1 voice" in rows[1]
    assert ">a3<" in rows[2] and "four-day festival, the council decided." in rows[2]


def test_html_copy_groups_show_canonical_and_generic_edits(world: World) -> None:
    story, articles, groups = world
    page = render_html(story, articles, groups)
    section = page.split('<section id="copies">', 1)[1].split("</section>", 1)[0]
    assert "fullest version" in section and "similarity 0.91" in section
    assert "Drops (2)" in section and "Changes (1)" in section and "odd (1)" in section
    assert "<del>said the plan</del> → <ins>said &lt;script&gt;the&lt;/script&gt; plan</ins>" in section
    assert "&lt;b&gt;bare&lt;/b&gt;" in section and "&lt;i&gt;v&lt;/i&gt;" in section
    assert "nested (2)" in section  # None is skipped


def test_html_keeps_only_http_links_to_originals(world: World) -> None:
    story, articles, groups = world
    page = render_html(story, articles, groups)
    assert 'href="https://example.org/lumen"' in page
    assert "javascript:alert(1)" not in re.findall(r'href="([^"]*)"', page)


def test_html_survives_bad_citations_and_odd_edits() -> None:
    a = make_article("a/b c", "First sentence here.\n\n   \n\nSecond one.", outlet="X")
    story = Story(
        id="s",
        title="T",
        articles=["a/b c", "missing"],
        summary=[
            Claim("x", ["a/b c"], [Citation("a/b c", 5, 999), Citation("a/b c", 19, 30), Citation("a/b c", 19, 24)]),
            Claim("y", ["missing"], [Citation("missing", 0, 3)]),
        ],
    )
    group = CopyGroup("g", ["a/b c", "missing"], canonical="missing", edits={"a/b c": "changed"})  # type: ignore[dict-item]
    page = render_html(story, {a.id: a}, [group])
    parser = parse(page)
    assert len(parser.ids) == len(set(parser.ids))
    targets = {
        (x.get("href") or "")[1:] for t, x in parser.starts if t == "a" and (x.get("href") or "").startswith("#")
    }
    assert targets <= set(parser.ids)
    assert 'class="chip missing"' in page  # the missing article is shown, not linked


# --- index


def test_index_links_each_story_with_counts_and_first_sentence(world: World) -> None:
    story, articles, _ = world
    other = Story(id="b/2", title="Second <i>story</i>", articles=["a3"])
    links = {s.id: story_filename(s) + ".html" for s in (story, other)}
    page = render_index([story, other], articles, links)
    parser = parse(page)
    assert_inert(parser)
    assert ("meta", {"http-equiv": "Content-Security-Policy", "content": CONTENT_SECURITY_POLICY}) in parser.starts
    hrefs = [a["href"] for t, a in parser.starts if t == "a"]
    assert hrefs == [links[story.id], links[other.id]]
    assert "3 articles · 3 outlets · 2 independent voices" in page
    assert "The Lumen council approved a festival." in page
    assert "Second &lt;i&gt;story&lt;/i&gt;" in page


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "https://evil.example/x.html", "//evil.example/x", "/etc/x.html", "a b.html", ""]
)
def test_index_refuses_links_that_are_not_relative(link: str) -> None:
    story = Story(id="s", title="T", articles=[])
    with pytest.raises(ConfigError, match="links"):
        render_index([story], {}, {"s": link})


def test_index_requires_a_link_for_every_story() -> None:
    with pytest.raises(ConfigError, match="no entry"):
        render_index([Story(id="s", title="T", articles=[])], {}, {})


# --- property: any text stays text in Markdown

MARKDOWN_ALPHABET = "ab1. \n\t-+=#*_`[]()<>!&|~{}:\\/\"'^$%;é"


@given(st.text(alphabet=MARKDOWN_ALPHABET, max_size=40))
@settings(max_examples=300, deadline=None)
def test_markdown_escaping_round_trips_any_text(raw: str) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    story = Story(id="s", title="T", articles=["x"], summary=[Claim(raw, ["x"])])
    md = render_markdown(story, {"x": make_article("x", "Text.")})
    rendered = markdown_it.MarkdownIt("commonmark").enable("table").render(md)
    section = rendered.split("<h2>Summary</h2>", 1)[1].split("<h2>", 1)[0]
    assert set(re.findall(r"</?([a-z0-9]+)", section)) <= {"ul", "li"}
    parser = StrictParser()
    parser.feed(section)
    assert "".join(parser.text).strip() == (" ".join(raw.split()) + " [x]").strip()


# --- property: any article text and citations give a well-formed page whose links all resolve


@st.composite
def cited_articles(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    text = draw(st.text(alphabet="Ab. \n<>&\"'!?", min_size=1, max_size=60))
    spans = draw(st.lists(st.tuples(st.integers(-2, 62), st.integers(-2, 62)), max_size=5))
    return text, spans


@given(cited_articles())
@example(('\nb "\n\n? ', [(4, 6)]))  # a citation of blank lines only: its chip once linked to no anchor
@settings(max_examples=300, deadline=None)
def test_html_text_with_any_citations_is_wellformed(case: tuple[str, list[tuple[int, int]]]) -> None:
    text, spans = case
    article = make_article("a", text, title=text)
    claim = Claim(text, ["a"], [Citation("a", s, e) for s, e in spans])
    page = render_html(Story(id="s", title=text, articles=["a"], summary=[claim]), {"a": article})
    parser = parse(page)
    assert len(parser.ids) == len(set(parser.ids))
    targets = {
        (x.get("href") or "")[1:] for t, x in parser.starts if t == "a" and (x.get("href") or "").startswith("#")
    }
    assert targets <= set(parser.ids)
    body = page.split("<details open><summary>Clean text</summary>\n", 1)[1].split("\n</details>", 1)[0]
    shown = StrictParser()
    shown.feed(body)
    expected = "".join(text.split()) or "Notext."  # every character shown once, in order
    assert "".join("".join(shown.text).split()) == expected
