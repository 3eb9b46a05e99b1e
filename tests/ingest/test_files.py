from __future__ import annotations

import json
from pathlib import Path

import pytest

import storyline.ingest as ingest
from storyline.config import IngestConfig
from storyline.ingest import (
    FeedReader,
    HtmlReader,
    JsonLinesReader,
    TextReader,
    WarcReader,
    read_paths,
    reader_for,
    supported_suffixes,
)
from storyline.model import Article, InputError

from .builders import write

SUPPORTED = ".atom, .htm, .html, .json, .jsonl, .md, .rss, .txt, .warc, .warc.gz, .xml"


def articles(items: list[Article | InputError]) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def errors(items: list[Article | InputError]) -> list[InputError]:
    return [i for i in items if isinstance(i, InputError)]


def test_folders_are_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", "Second note about the quay.")
    write(tmp_path, "a.txt", "First note about the quay.")
    write(tmp_path, "sub/c.md", "# Third\n\nA note in a subfolder.")
    write(tmp_path, "z.jsonl", json.dumps({"id": "z1", "text": "A record."}) + "\n")
    write(tmp_path, ".hidden.txt", "Hidden file.")
    write(tmp_path, ".git/d.txt", "Inside a hidden folder.")
    write(tmp_path, "image.png", b"\x89PNG\r\n\x1a\n\x00")  # unknown suffix in a folder: skipped silently
    write(tmp_path, "README", "No suffix.")
    items = list(read_paths([tmp_path]))
    assert errors(items) == []
    assert [a.id for a in items if isinstance(a, Article)] == ["a", "b", "c", "z1"]
    assert [a.source_path for a in articles(items)] == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.txt"),
        str(tmp_path / "sub" / "c.md"),
        str(tmp_path / "z.jsonl"),
    ]


def test_explicit_files_missing_paths_and_unsupported_suffixes(tmp_path: Path) -> None:
    note = write(tmp_path, "note.txt", "A note about the ferry.")
    hidden = write(tmp_path, ".draft.txt", "A hidden draft, named explicitly.")
    odd = write(tmp_path, "table.xyz", "x,y")
    bare = write(tmp_path, "README", "No suffix.")
    missing = tmp_path / "nowhere.txt"
    items = list(read_paths([note, str(hidden), odd, bare, missing]))
    assert [a.id for a in articles(items)] == ["note", ".draft"]
    assert errors(items) == [
        InputError(str(odd), f"unsupported file type .xyz; supported: {SUPPORTED}"),
        InputError(str(bare), f"unsupported file type (none); supported: {SUPPORTED}"),
        InputError(str(missing), "no such file or folder"),
    ]


def test_a_single_path_string_is_one_path(tmp_path: Path) -> None:
    write(tmp_path, "note.txt", "A note about the ferry.")
    assert [a.id for a in articles(list(read_paths(str(tmp_path))))] == ["note"]  # type: ignore[arg-type]


def test_bad_files_become_errors_and_the_run_goes_on(tmp_path: Path) -> None:
    write(tmp_path, "1-empty.txt", b"")
    write(tmp_path, "2-binary.txt", b"\x00\x01\x02\x03")
    write(tmp_path, "3-latin1.txt", "Caf\u00e9".encode("latin-1"))
    write(tmp_path, "4-big.txt", "word " * 50)
    write(tmp_path, "5-good.txt", "A good note.")
    items = list(read_paths([tmp_path], IngestConfig(max_bytes=100)))
    assert [a.id for a in articles(items)] == ["5-good"]
    reasons = [e.reason for e in errors(items)]
    assert reasons[:3] == [
        "empty file",
        "binary file, not text",
        "cannot decode as UTF-8 (invalid byte 0xe9 at offset 3); re-save the file as UTF-8",
    ]
    assert "larger than IngestConfig.max_bytes = 100" in reasons[3]


def test_reader_for_suffixes() -> None:
    assert reader_for("a.TXT") is TextReader
    assert reader_for("x/y.md") is TextReader
    assert reader_for("page.htm") is HtmlReader
    assert reader_for("data.json") is JsonLinesReader
    assert reader_for("feed.xml") is FeedReader
    assert reader_for("crawl.warc.gz") is WarcReader
    assert reader_for("crawl.gz") is None
    assert reader_for(".txt") is None
    assert ", ".join(supported_suffixes()) == SUPPORTED


def test_seed_files(seeds: Path) -> None:
    files = sorted(seeds.glob("*.txt"))
    items = list(read_paths(files))
    assert errors(items) == []
    found = articles(items)
    assert len(found) == 5
    assert [a.id for a in found] == [f.stem for f in files]
    for article, file in zip(found, files, strict=True):
        assert article.raw == file.read_text(encoding="utf-8")
        assert article.source_path == str(file)
    curly = "\u2018\u2019\u201c\u201d"
    assert any(ch in a.raw for a in found for ch in curly)
    assert not any(ch in a.text for a in found for ch in curly)
    first = found[0]
    assert "\u201cthird parties\u201d" in first.raw and '"third parties"' in first.text


def test_seed_folder_skips_its_documentation(seeds: Path) -> None:
    # the folder also holds EXPECTED.md, the answer key: a folder walk skips it by default
    ids = [a.id for a in articles(list(read_paths([seeds])))]
    assert ids == sorted(f.stem for f in seeds.glob("*.txt"))
    assert len(ids) == 5


def test_exclude_patterns_apply_to_folders_not_to_named_files(tmp_path: Path) -> None:
    from storyline.config import IngestConfig

    (tmp_path / "README.md").write_text("A folder readme, not news.\n", encoding="utf-8")
    (tmp_path / "story.txt").write_text("An invented story about a regatta in Gullport.\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("Private notes about the invented regatta.\n", encoding="utf-8")
    assert [a.id for a in articles(list(read_paths([tmp_path])))] == ["notes", "story"]
    named = articles(list(read_paths([tmp_path / "README.md"])))
    assert [a.id for a in named] == ["README"]
    config = IngestConfig(exclude=("notes*",))
    assert [a.id for a in articles(list(read_paths([tmp_path], config)))] == ["README", "story"]


def test_all_is_sorted_and_complete() -> None:
    assert ingest.__all__ == sorted(ingest.__all__)
    public = {name for name in vars(ingest) if not name.startswith("_")} - {"annotations"}
    modules = {"base", "feed", "files", "html", "jsonl", "text", "warc"}
    assert set(ingest.__all__) == public - modules


@pytest.mark.parametrize("reader", [TextReader, JsonLinesReader, FeedReader])
def test_readers_take_the_config(reader: type, tmp_path: Path) -> None:
    config = IngestConfig(max_bytes=10)
    path = write(tmp_path, "x" + reader.suffixes[0], "0123456789abc")
    [error] = list(reader(config=config).read(path))
    assert isinstance(error, InputError) and "max_bytes = 10" in error.reason
