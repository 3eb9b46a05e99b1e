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


@pytest.mark.parametrize("streamed", [False, True])
def test_batches_read_apart_give_what_the_file_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     streamed: bool) -> None:
    """Line batches (the unit worker processes parse) read to the same articles and errors, with the
    same line numbers, whether the file is decoded whole or streamed."""
    import pickle

    from storyline.ingest.jsonl import JsonLinesReader

    if streamed:
        monkeypatch.setattr(jsonl_module, "_STREAM_FROM", 10)
    path = tmp_path / "rows.jsonl"
    rows = [json.dumps({"id": f"a{i}", "text": f"Article number {i} about the harbour ferry."}) for i in range(7)]
    rows[2] = '{"id": "cut", "text": "unterminated'
    rows[4] = ""
    path.write_text("\ufeff" + "\n".join(rows) + "\n", encoding="utf-8")
    reader = JsonLinesReader(config=IngestConfig())
    whole = [(x.id, x.text, x.source_path) if isinstance(x, Article) else (x.line, x.reason) for x in reader.read(path)]
    batches = list(reader.batches(path, lines=3))
    assert [b.first for b in batches] == [1, 4, 7]
    apart = [(x.id, x.text, x.source_path) if isinstance(x, Article) else (x.line, x.reason)
             for b in batches for x in reader.read_batch(pickle.loads(pickle.dumps(b)))]
    assert apart == whole
    assert [w[0] for w in whole] == ["a0", "a1", 3, "a3", "a5", "a6"]


def test_a_streamed_batch_stops_at_its_byte_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.ingest.jsonl import JsonLinesReader

    monkeypatch.setattr(jsonl_module, "_STREAM_FROM", 10)
    monkeypatch.setattr(jsonl_module, "_BATCH_BYTES", 200)
    path = tmp_path / "rows.jsonl"
    path.write_text("".join(json.dumps({"id": f"a{i}", "text": "word " * (5 + 20 * (i == 3))}) + "\n"
                            for i in range(6)), encoding="utf-8")
    reader = JsonLinesReader(config=IngestConfig())
    batches = list(reader.batches(path, lines=100))
    assert len(batches) > 1 and all(sum(map(len, b.lines)) < 200 + 200 for b in batches)
    assert [a.id for b in batches for a in reader.read_batch(b)] == [f"a{i}" for i in range(6)]
