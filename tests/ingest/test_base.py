from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.config import IngestConfig
from storyline.errors import IngestError
from storyline.ingest.base import (
    Reader,
    canonical_url,
    declared_encoding,
    decode,
    load_bytes,
    parse_date,
    safe_id,
    stable_id,
)
from storyline.model import Article, InputError

from .builders import write


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-09-18", "2023-09-18"),
        ("2021-10-18T16:15:00-07:00", "2021-10-18"),  # the date as written, not the UTC date
        ("2026-02-08T08:00:00Z", "2026-02-08"),
        ("2014-03-10T16:52:50.698000+00:00", "2014-03-10"),
        ("2023-09-18T10:00:00.123456789Z", "2023-09-18"),
        ("2023-09-18 10:00:00 UTC", "2023-09-18"),
        ("Tue, 05 Mar 2024 23:30:00 -0500", "2024-03-05"),
        ("05 Mar 2024 23:30 GMT", "2024-03-05"),
        ("18 September 2023", "2023-09-18"),
        ("September 18, 2023", "2023-09-18"),
        ("Sept. 18, 2023", "2023-09-18"),
        ("Mon, 18 Sep 2023", "2023-09-18"),
        ("2023/09/18", "2023-09-18"),
        ("18.09.2023", "2023-09-18"),
        ("2023-13-45", None),
        ("None", None),
        ("yesterday", None),
        ("", None),
        (20230918, None),
        (None, None),
    ],
)
def test_parse_date(value: object, expected: str | None) -> None:
    assert parse_date(value) == expected


@settings(database=None)
@given(st.text())
def test_parse_date_never_raises(value: str) -> None:
    result = parse_date(value)
    assert result is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", result)


def test_decode_utf8_with_and_without_bom() -> None:
    assert decode("caf\u00e9".encode(), "f") == "caf\u00e9"
    assert decode(b"\xef\xbb\xbf" + "caf\u00e9".encode(), "f") == "caf\u00e9"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_decode_utf16_with_bom(codec: str) -> None:
    data = "\ufeffGullport \u201cbridge\u201d".encode(codec)
    if codec == "utf-16":
        data = data[2:]  # Python's utf-16 codec already wrote a BOM
    assert decode(data, "f") == "Gullport \u201cbridge\u201d"


def test_decode_names_the_bad_byte_and_its_offset() -> None:
    with pytest.raises(IngestError) as info:
        decode(b"abc\xffdef", "notes.txt")
    assert info.value.reason == "cannot decode as UTF-8 (invalid byte 0xff at offset 3); re-save the file as UTF-8"
    with pytest.raises(IngestError) as info:
        decode(b"\xef\xbb\xbfab\xe9cd", "notes.txt")
    assert "invalid byte 0xe9 at offset 5" in info.value.reason


def test_decode_uses_declared_charset_only_when_not_utf8() -> None:
    latin = "<meta charset='iso-8859-1'><p>Caf\u00e9</p>".encode("latin-1")
    assert declared_encoding(latin) == "iso-8859-1"
    assert "Caf\u00e9" in decode(latin, "page.html", declared=declared_encoding(latin))
    assert declared_encoding(b'<?xml version="1.0" encoding="windows-1252"?><rss/>') == "windows-1252"
    assert declared_encoding(b"<meta charset='no-such-codec'>") is None


def test_load_bytes_checks(tmp_path: Path) -> None:
    cases = {
        "empty.txt": (b"", "empty file"),
        "binary.txt": (b"GIF89a\x00\x01\x02", "binary file, not text"),
        "big.txt": (b"x" * 101, "larger than IngestConfig.max_bytes = 100"),
    }
    for name, (data, reason) in cases.items():
        with pytest.raises(IngestError) as info:
            load_bytes(write(tmp_path, name, data), max_bytes=100)
        assert reason in info.value.reason
        assert info.value.path == str(tmp_path / name)
    utf16 = write(tmp_path, "utf16.txt", "\ufeffhello".encode("utf-16-le"))
    assert load_bytes(utf16, max_bytes=100)  # NUL bytes explained by the BOM


def test_canonical_url() -> None:
    assert canonical_url(" HTTPS://Gull.Example:443/a/b?utm_source=rss&id=3&fbclid=x#top ") == (
        "https://gull.example/a/b?id=3"
    )
    assert canonical_url("http://gull.example") == "http://gull.example/"
    assert canonical_url("http://gull.example:8080/x") == "http://gull.example:8080/x"
    assert canonical_url("not a url") == "not a url"


def test_stable_id() -> None:
    by_url = stable_id(url="https://gull.example/a?utm_medium=x")
    assert by_url == stable_id(url="https://GULL.example/a#comments")
    assert re.fullmatch(r"[0-9a-f]{16}", by_url)
    assert stable_id(text="Caf\u00e9 \u201cquote\u201d") == stable_id(text='Caf\u00e9 "quote"')  # normalised text
    assert stable_id(url="", text="abc") == stable_id(text="abc")
    with pytest.raises(ValueError):
        stable_id()


def test_stable_id_is_the_same_in_another_process() -> None:
    code = "from storyline.ingest.base import stable_id; print(stable_id(url='https://gull.example/x'))"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert other == stable_id(url="https://gull.example/x") == "5f5859fba60fee7c"  # sha1 of the URL, 16 hex


@settings(database=None)
@given(st.text(min_size=1))
def test_safe_id_is_file_name_safe(value: str) -> None:
    result = safe_id(value)
    assert re.fullmatch(r"[A-Za-z0-9._-]*", result)
    assert len(result) <= 80
    assert safe_id(value) == result


def test_safe_id_examples() -> None:
    assert safe_id("gull-123") == "gull-123"
    assert safe_id("tag:gull.example,2024:/a/1") == "tag_gull.example_2024_a_1"
    long_a, long_b = safe_id("x" * 100 + "a"), safe_id("x" * 100 + "b")
    assert long_a != long_b and len(long_a) == 80


class _Exploding(Reader):
    suffixes = (".boom",)

    def parse(self, path: Path):  # type: ignore[no-untyped-def]
        yield Article(id="ok", text="Some text.")
        yield Article(id="blank", text=" \n ")
        raise RuntimeError("parser bug")


def test_reader_turns_failures_into_input_errors(tmp_path: Path) -> None:
    items = list(_Exploding(config=IngestConfig()).read(tmp_path / "x.boom"))
    assert isinstance(items[0], Article) and items[0].source_path == str(tmp_path / "x.boom")
    assert items[1] == InputError(str(tmp_path / "x.boom"), "no text (article 'blank')")
    assert isinstance(items[2], InputError) and "RuntimeError: parser bug" in items[2].reason
