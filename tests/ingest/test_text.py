from __future__ import annotations

from pathlib import Path

from storyline.config import IngestConfig
from storyline.ingest import TextReader
from storyline.model import Article, InputError

from .builders import write


def read(path: Path, **config: int) -> list[Article | InputError]:
    return list(TextReader(config=IngestConfig(**config)).read(path))


def test_text_file_is_one_article(tmp_path: Path) -> None:
    raw = "Gullport Bridge Reopens\r\n\r\nThe bridge reopened \u201cwithout fuss\u201d \u2014 officials said.\r\n"
    path = write(tmp_path, "gull-001.txt", raw)
    [article] = read(path)
    assert isinstance(article, Article)
    assert article.id == "gull-001"
    assert article.raw == raw  # exactly as in the file
    assert article.text == 'Gullport Bridge Reopens\n\nThe bridge reopened "without fuss" - officials said.\n'
    assert article.title is None and article.published is None  # left to the clean stage
    assert article.source_path == str(path)


def test_markdown_is_kept_as_is(tmp_path: Path) -> None:
    raw = "# Ferry Timetable Changes\n\nBy [Gull Wire](#)\n\nThe **winter** timetable starts on Monday.\n"
    [article] = read(write(tmp_path, "ferry.md", raw))
    assert isinstance(article, Article)
    assert article.id == "ferry"
    assert article.raw == raw
    assert article.text == raw


def test_utf8_bom_and_utf16_are_read(tmp_path: Path) -> None:
    bom8 = write(tmp_path, "bom8.txt", b"\xef\xbb\xbf" + "Caf\u00e9 opens.".encode())
    bom16 = write(tmp_path, "bom16.txt", "\ufeffCaf\u00e9 opens.".encode("utf-16-le"))
    for path in (bom8, bom16):
        [article] = read(path)
        assert isinstance(article, Article)
        assert article.raw == "Caf\u00e9 opens."


def test_bad_text_files(tmp_path: Path) -> None:
    cases = {
        "empty.txt": (b"", "empty file"),
        "blank.txt": (b" \n\t\n", "empty file (whitespace only)"),
        "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
        "latin1.txt": (
            "Caf\u00e9 opens.".encode("latin-1"),
            "cannot decode as UTF-8 (invalid byte 0xe9 at offset 3); re-save the file as UTF-8",
        ),
    }
    for name, (data, reason) in cases.items():
        path = write(tmp_path, name, data)
        assert read(path) == [InputError(str(path), reason)], name


def test_file_larger_than_max_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, "long.txt", "word " * 100)
    [error] = read(path, max_bytes=100)
    assert isinstance(error, InputError)
    assert "500 bytes, larger than IngestConfig.max_bytes = 100" in error.reason


def test_only_zero_width_characters_is_no_text(tmp_path: Path) -> None:
    path = write(tmp_path, "zw.txt", "\u200b\u200b")
    assert read(path) == [InputError(str(path), "no text (article 'zw')")]
