from __future__ import annotations

from pathlib import Path

from storyline.ingest import FeedReader
from storyline.ingest.base import stable_id
from storyline.model import Article, InputError

from .builders import write

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Gull Gazette</title>
  <link>https://gull.example/</link>
  <item>
    <title>Ferry &amp; Quay Timetable</title>
    <link>https://gull.example/ferry</link>
    <guid isPermaLink="false">tag:gull.example,2024:ferry/1</guid>
    <pubDate>Tue, 05 Mar 2024 23:30:00 -0500</pubDate>
    <author>desk@gull.example (Ada Quill)</author>
    <category>Transport</category>
    <description>A short summary.</description>
    <content:encoded><![CDATA[<p>The \u201cwinter\u201d ferry timetable starts on Monday.</p>
      <p>Extra crossings end<br>at the weekend.</p><script>track()</script>]]></content:encoded>
  </item>
  <item>
    <title>Quay Lights Repaired</title>
    <link>https://gull.example/quay?utm_source=rss</link>
    <description>&lt;p&gt;The quay lights work again.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Empty Entry</title>
    <guid>gull-empty</guid>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Gull Wire</title>
  <entry>
    <id>urn:gull:wire:0042</id>
    <title>Harbor Dredging Begins</title>
    <updated>2024-03-06T01:00:00Z</updated>
    <link href="https://wire.gull.example/0042"/>
    <author><name>Ben Tern</name></author>
    <content type="html">&lt;p&gt;Dredging began in the harbor.&lt;/p&gt;
      &lt;p&gt;It will last a month.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def read(path: Path, reader: FeedReader | None = None) -> list[Article | InputError]:
    return list((reader or FeedReader()).read(path))


def test_rss_entries(tmp_path: Path) -> None:
    path = write(tmp_path, "gazette.rss", RSS)
    first, second, empty = read(path)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.id == "tag_gull.example_2024_ferry_1"
    assert first.title == "Ferry & Quay Timetable"
    assert first.outlet == "Gull Gazette"
    assert first.url == "https://gull.example/ferry"
    assert first.published == "2024-03-05"  # as written, not the UTC date (March 6)
    assert first.byline == "Ada Quill"
    assert first.metadata == {"tags": ["Transport"]}
    assert first.paragraphs == [
        'The "winter" ferry timetable starts on Monday.',
        "Extra crossings end",
        "at the weekend.",
    ]
    assert "\u201cwinter\u201d" in first.raw and "track()" not in first.raw
    assert first.source_path == str(path)
    # no guid: the id is the hash of the canonical link
    assert second.id == stable_id(url="https://gull.example/quay")
    assert second.text == "The quay lights work again."
    assert second.published is None
    assert empty == InputError(str(path), "entry 3 (Empty Entry): no text")


def test_atom_entries(tmp_path: Path) -> None:
    [article] = read(write(tmp_path, "wire.atom", ATOM))
    assert isinstance(article, Article)
    assert article.id == "urn_gull_wire_0042"
    assert (article.title, article.outlet, article.byline) == ("Harbor Dredging Begins", "Gull Wire", "Ben Tern")
    assert article.published == "2024-03-06"
    assert article.url == "https://wire.gull.example/0042"
    assert article.text == "Dredging began in the harbor.\n\nIt will last a month."


def test_feed_without_trafilatura_uses_the_stripper(tmp_path: Path) -> None:
    reader = FeedReader()
    reader.use_trafilatura = False
    first = read(write(tmp_path, "gazette.xml", RSS), reader)[0]
    assert isinstance(first, Article)
    assert first.paragraphs == [
        'The "winter" ferry timetable starts on Monday.',
        "Extra crossings end",
        "at the weekend.",
    ]


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    path = write(tmp_path, "config.xml", '<?xml version="1.0"?><settings><tide>high</tide></settings>')
    assert read(path) == [InputError(str(path), "not an RSS or Atom feed")]
    html = write(tmp_path, "page.xml", "<html><body><p>Not a feed.</p></body></html>")
    assert read(html) == [InputError(str(html), "not an RSS or Atom feed")]


def test_cut_feed_yields_what_was_read_then_an_error(tmp_path: Path) -> None:
    cut = RSS[: RSS.index("<title>Quay Lights")]
    path = write(tmp_path, "cut.rss", cut)
    items = read(path)
    assert isinstance(items[0], Article) and items[0].id == "tag_gull.example_2024_ferry_1"
    error = items[-1]
    assert isinstance(error, InputError) and error.path == str(path)
    assert "not well-formed XML" in error.reason and error.line is not None


def test_entry_with_a_date_that_does_not_parse(tmp_path: Path) -> None:
    rss = RSS.replace("Tue, 05 Mar 2024 23:30:00 -0500", "sometime in March")
    first = read(write(tmp_path, "odd-date.rss", rss))[0]
    assert isinstance(first, Article) and first.published is None
