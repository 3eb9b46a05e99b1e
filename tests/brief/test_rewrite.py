"""The optional LLM rewrite, against a fake OpenAI-compatible server on localhost (no network)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from storyline.brief import BriefBuilder
from storyline.config import SummaryConfig
from storyline.errors import ConfigError
from tests.brief.test_summary import STORY


class _Fake(BaseHTTPRequestHandler):
    seen: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 - the http.server hook name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Fake.seen.append(body)
        lines = body["messages"][-1]["content"].splitlines()
        answer = []
        for line in lines:
            n, _, text = line.partition(". ")
            # the first sentence keeps its facts; every other one is turned into a claim no source makes
            answer.append({"n": int(n), "text": text if n == "1" else "Aliens landed in Gullport on Friday."})
        reply = {"choices": [{"message": {"content": "Here you go: " + json.dumps(answer)}}]}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = HTTPServer(("127.0.0.1", 0), _Fake)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_rewrite_keeps_supported_sentences_and_drops_the_rest(server: str) -> None:
    plain = BriefBuilder().build("s", STORY).summary
    assert len(plain) >= 2
    _Fake.seen.clear()
    story = BriefBuilder(summary=SummaryConfig(llm_endpoint=server, llm_model="fake")).build("s", STORY)
    assert _Fake.seen and _Fake.seen[0]["model"] == "fake"
    assert [c.text for c in story.summary] == [plain[0].text]  # the invented claims are gone
    assert story.summary[0].metadata["rewritten_from"] == plain[0].text
    assert story.summary[0].citations


def test_rewrite_is_off_by_default_and_an_unreachable_endpoint_changes_nothing() -> None:
    assert BriefBuilder().rewriter is None
    plain = BriefBuilder().build("s", STORY).summary
    dead = BriefBuilder(summary=SummaryConfig(llm_endpoint="http://127.0.0.1:9", llm_timeout=2)).build("s", STORY)
    assert [c.text for c in dead.summary] == [c.text for c in plain]
    with pytest.raises(ConfigError, match="llm_endpoint"):
        SummaryConfig(llm_endpoint="ftp://x")
