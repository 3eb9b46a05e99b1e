"""Big JSON Lines files are read a line at a time: the size limit is per record, errors per line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.config import IngestConfig
from storyline.ingest import jsonl as jsonl_module
from storyline.ingest.files import read_paths
from storyline.model import Article, InputError


def test_a_big_file_is_streamed_and_bad_lines_are_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonl_module, "_STREAM_FROM", 10)
    path = tmp_path / "big.jsonl"
    good = [json.dumps({"id": f"a{i}", "text": f"Article number {i} about the harbour ferry."}) for i in range(5)]
    huge = json.dumps({"id": "huge", "text": "word " * 400})
    path.write_bytes("\n".join(good[:2]).encode() + b"\n{\"id\": \"bad\", \"text\": \"caf\xe9\"}\n"
                     + "\n".join([huge, *good[2:]]).encode() + b"\n")
    items = list(read_paths([path], IngestConfig(max_bytes=1000)))
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [a.id for a in articles] == [f"a{i}" for i in range(5)]
    assert [(e.line, e.reason.split(" (")[0].split(",")[0]) for e in errors] == [
        (3, "cannot decode as UTF-8"), (4, "record is 2")]
    assert all(e.path == str(path) for e in errors)
