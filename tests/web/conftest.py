"""Stores built by the real pipeline (sample corpus + a hostile article, and the shared seeds), and a live server."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CORPUS, SEEDS

# Text that would run script if any page put it into HTML unescaped. Each payload sets a global the tests read.
HOSTILE_TITLE = 'Harbour <script>window.__pwned = "title"</script> gala <img src=x onerror="window.__pwned=\'img\'">'
HOSTILE_TEXT = (
    "Organisers of the invented Gullport harbour gala said on Sunday that forty boats took part despite the rain.\n\n"
    "<script>window.__pwned = 'text'</script> The harbour master said the gala would return next year. "
    '<img src="x" onerror="window.__pwned=\'onerror\'"> Visitors were told to keep to the quay. '
    "<a href=\"javascript:window.__pwned='link'\">click</a> The event raised money for the lifeboat station.\n\n"
    "\"We were lucky with the wind,\" said <b onmouseover=\"window.__pwned='hover'\">Ada Brennick</b>, the organiser."
)


def hostile_record() -> dict[str, str]:
    return {"id": "hostile-gala", "title": HOSTILE_TITLE, "text": HOSTILE_TEXT, "date": "2031-06-01",
            "url": "javascript:window.__pwned='url'", "source": "Gullport <i>Gazette</i>"}


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample corpus plus one hostile article, through the real pipeline."""
    from storyline.pipeline import brief

    folder = tmp_path_factory.mktemp("corpus-store")
    extra = folder / "input"
    extra.mkdir()
    (extra / "hostile.jsonl").write_text(json.dumps(hostile_record()) + "\n", encoding="utf-8")
    db = folder / "storyline.db"
    brief([CORPUS, extra], db=db)
    return db


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the shared seeds are not at {SEEDS}")
    from storyline.pipeline import brief

    db = tmp_path_factory.mktemp("seeds-store") / "storyline.db"
    brief([SEEDS], db=db)
    return db


class LiveServer:
    """uvicorn serving ``app`` on a free loopback port, in a thread."""

    def __init__(self, app: object) -> None:
        import uvicorn

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


@pytest.fixture(scope="session")
def corpus_server(corpus_db: Path) -> Iterator[LiveServer]:
    from storyline.web import create_app

    with LiveServer(create_app(corpus_db, token="test-token", read_rate=None)) as server:
        yield server


@pytest.fixture(scope="session")
def seeds_server(seeds_db: Path) -> Iterator[LiveServer]:
    from storyline.web import create_app

    with LiveServer(create_app(seeds_db, read_rate=None)) as server:
        yield server
