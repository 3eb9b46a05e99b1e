"""``storyline serve``: the command starts the server on loopback, read-only unless given a token."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install -e '.[web]'")
pytest.importorskip("uvicorn")

from storyline.cli.main import main  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, host: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.read()


def test_serve_help_has_an_example() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    assert "storyline serve --db" in result.output and "--token" in result.output


def test_serve_runs_read_only_on_loopback(corpus_db: Path, tmp_path: Path) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "storyline.cli.main", "serve", "--db", str(corpus_db), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, body = _get(url + "/v1")
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        assert status == 200
        info = json.loads(body)
        assert info["writable"] is False and info["stories"] >= 4
        assert _get(url + "/")[0] == 200
        # Only loopback names are accepted as Host: a DNS-rebinding page cannot read the API.
        assert _get(url + "/v1/stories", host="attacker.example")[0] == 400
        assert _get(url + "/v1/stories", host=f"localhost:{port}")[0] == 200
        request = urllib.request.Request(url + "/v1/articles", data=b'{"id": "x", "text": "y"}',
                                         headers={"Content-Type": "application/x-ndjson"}, method="POST")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 403
        refused.value.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        if proc.stdout:
            proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()
