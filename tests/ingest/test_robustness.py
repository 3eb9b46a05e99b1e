"""Whatever the bytes, reading yields articles and input errors and never raises."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.ingest import read_paths
from storyline.model import Article, InputError

from .builders import make_page, make_warc
from .test_feed import ATOM, RSS

VALID = {
    ".txt": "A note about the \u201cquay\u201d.".encode(),
    ".jsonl": "".join(json.dumps({"id": f"r{i}", "text": "A record.", "date": "2024-01-08"}) + "\n" for i in range(3))
    .encode(),
    ".json": json.dumps([{"id": "a", "text": "One."}, {"id": "b", "text": "Two."}], indent=1).encode(),
    ".rss": RSS.encode(),
    ".atom": ATOM.encode(),
    ".html": make_page().encode(),
    ".warc.gz": make_warc([("https://gull.example/a", make_page().encode(), "text/html", "200 OK")]),
    ".warc": make_warc([("https://gull.example/a", make_page().encode(), "text/html", "200 OK")], gzip=False),
}


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, bytes]:
    suffix = draw(st.sampled_from(sorted(VALID)))
    data = bytearray(VALID[suffix])
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["cut", "flip", "insert"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "cut":
            del data[at:]
        elif kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=40))
    return suffix, bytes(data)


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_damaged_files_never_raise(case: tuple[str, bytes]) -> None:
    suffix, data = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "input" + suffix)
        path.write_bytes(data)
        items = list(read_paths([path]))
    if not suffix.startswith(".warc"):  # an archive may hold no HTML page, and that is not an error
        assert items, "every file yields at least an article or an error"
    for item in items:
        assert isinstance(item, Article | InputError)
        if isinstance(item, Article):
            assert item.text.strip() and item.source_path == str(path)
        else:
            assert item.path == str(path) and item.reason and "unexpected error" not in item.reason


def test_importing_ingest_loads_no_parser() -> None:
    code = (
        "import sys, storyline.ingest; "
        "print(sorted(m for m in ('trafilatura', 'feedparser', 'warcio') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
