"""Builders for small invented inputs (never real article text), and where the shared seeds are."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"

# An invented story, long enough for trafilatura to see an article.
PARAGRAPHS = (
    "The harbor bridge in the invented town of Gullport reopened on Tuesday after six weeks of repairs, "
    "the town's engineering office said in a short statement.",
    "Crews replaced \u201crusted\u201d cables and repainted the deck \u2014 work that cost less than the council "
    "had feared, according to the office, which oversaw every stage of it.",
    "Traffic was light in the morning but grew by noon as commuters returned to their usual route across "
    "the water, and the ferry company said it would cut its extra crossings.",
)


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def make_page(
    title: str = "Harbor Bridge Reopens After Repairs",
    paragraphs: Sequence[str] = PARAGRAPHS,
    *,
    date: str | None = "2024-03-05T10:00:00+01:00",
    author: str | None = "Ada Quill",
    site: str | None = "The Daily Gull",
    url: str | None = "https://gull.example/news/harbor-bridge",
    charset: str = "utf-8",
) -> str:
    meta = [f'<meta charset="{charset}">', f"<title>{title} | {site or 'News'}</title>"]
    if site:
        meta.append(f'<meta property="og:site_name" content="{site}">')
    if author:
        meta.append(f'<meta name="author" content="{author}">')
    if date:
        meta.append(f'<meta property="article:published_time" content="{date}">')
    if url:
        meta.append(f'<link rel="canonical" href="{url}">')
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!DOCTYPE html><html><head>" + "".join(meta) + "</head><body>"
        '<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>'
        f"<article><h1>{title}</h1>\n{body}\n</article>"
        "<footer>Copyright The Daily Gull. All rights reserved.</footer></body></html>"
    )


def make_warc(
    records: Sequence[tuple[str, bytes, str, str]],
    *,
    gzip: bool = True,
    warc_date: str = "2024-03-06T08:00:00Z",
) -> bytes:
    """A WARC with a warcinfo record, then per ``(url, body, content_type, status)`` a request and a response."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)

    def put(record: Any) -> None:
        writer.write_record(record)
        record.raw_stream.close()  # warcio may buffer the payload in a temporary file

    put(writer.create_warcinfo_record("test.warc", {"software": "storyline tests"}))
    for url, body, content_type, status in records:
        request = StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "gull.example")], is_http_request=True)
        put(writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=request))
        headers = [("Content-Type", content_type)] if content_type else []
        response = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        put(
            writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=response,
                warc_headers_dict={"WARC-Date": warc_date},
            )
        )
    return buffer.getvalue()
