from __future__ import annotations

import json
from pathlib import Path

from storyline.config import IngestConfig
from storyline.ingest import JsonLinesReader
from storyline.ingest.base import stable_id
from storyline.model import Article, InputError

from .builders import write

STORY = "The Gullport ferry will run a winter timetable from Monday, the operator said."


def read(path: Path, config: IngestConfig | None = None) -> list[Article | InputError]:
    return list(JsonLinesReader(config=config).read(path))


def lines(*records: object) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def test_json_lines_happy_path(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "feed.jsonl",
        lines(
            {
                "id": "gull-7",
                "title": "  Ferry  timetable ",
                "text": "The \u201cwinter\u201d timetable starts Monday.",
                "date": "2024-01-08T09:30:00-05:00",
                "url": "https://gull.example/ferry",
                "source": "Gull Gazette",
                "stance": "center",
                "tags": ["ferry", "harbor"],
            },
            {"id": 8, "text": STORY},
        ),
    )
    first, second = read(path)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.id == "gull-7"
    assert first.title == "Ferry timetable"
    assert first.raw == "The \u201cwinter\u201d timetable starts Monday."
    assert first.text == 'The "winter" timetable starts Monday.'
    assert first.published == "2024-01-08"
    assert first.url == "https://gull.example/ferry"
    assert first.outlet == "Gull Gazette"
    assert first.metadata == {"stance": "center", "tags": ["ferry", "harbor"]}
    assert first.source_path == str(path)
    assert second.id == "8"
    assert (second.title, second.outlet, second.published, second.url) == (None, None, None, None)


def test_field_renaming(tmp_path: Path) -> None:
    config = IngestConfig(
        id_field="doc_id",
        title_field="headline",
        text_field="body",
        date_field="published_at",
        url_field="link",
        source_field="publisher",
    )
    record = {
        "doc_id": "a1",
        "headline": "Quay repairs",
        "body": STORY,
        "published_at": "Tue, 05 Mar 2024 23:30:00 -0500",
        "link": "https://gull.example/quay",
        "publisher": "Gull Wire",
        "text": "not the text field any more",
    }
    [article] = read(write(tmp_path, "renamed.jsonl", lines(record)), config)
    assert isinstance(article, Article)
    assert (article.id, article.title, article.text) == ("a1", "Quay repairs", STORY)
    assert (article.published, article.url, article.outlet) == ("2024-03-05", "https://gull.example/quay", "Gull Wire")
    assert article.metadata == {"text": "not the text field any more"}


def test_missing_ids_are_derived_from_url_then_text(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "noid.jsonl",
        lines(
            {"text": STORY, "url": "https://Gull.example/ferry?utm_source=x"},
            {"text": STORY},
            {"id": "None", "text": STORY},
        ),
    )
    by_url, by_text, null_id = read(path)
    assert isinstance(by_url, Article) and isinstance(by_text, Article) and isinstance(null_id, Article)
    assert by_url.id == stable_id(url="https://gull.example/ferry") and len(by_url.id) == 16
    assert by_text.id == stable_id(text=STORY)
    assert null_id.id == by_text.id
    assert read(path)[0].id == by_url.id  # stable from run to run


def test_unusable_values_stay_in_metadata(tmp_path: Path) -> None:
    record = {"id": "x", "text": STORY, "date": "sometime soon", "title": 42, "source": "None"}
    [article] = read(write(tmp_path, "odd.jsonl", lines(record)))
    assert isinstance(article, Article)
    assert article.published is None and article.title is None and article.outlet is None
    assert article.metadata == {"date": "sometime soon", "title": 42}


def test_bad_lines_are_errors_with_line_numbers_and_the_rest_is_read(tmp_path: Path) -> None:
    content = (
        json.dumps({"id": "a", "text": STORY})
        + "\n"
        + '{"id": "b", "text": "cut off\n'  # line 2
        + "\n"  # line 3: blank, skipped
        + json.dumps({"id": "c", "body": STORY})  # line 4
        + "\n"
        + json.dumps(["not", "an", "object"])  # line 5
        + "\n"
        + json.dumps({"id": "d", "text": 12})  # line 6
        + "\n"
        + json.dumps({"id": "e", "text": "  "})  # line 7
        + "\n"
        + json.dumps({"id": {"nested": 1}, "text": STORY})  # line 8
        + "\n"
        + json.dumps({"id": "f", "text": STORY})  # line 9
        + "\n"
    )
    path = write(tmp_path, "mixed.jsonl", content)
    items = read(path)
    assert [i.id for i in items if isinstance(i, Article)] == ["a", "f"]
    errors = {i.line: i.reason for i in items if isinstance(i, InputError)}
    assert set(errors) == {2, 4, 5, 6, 7, 8}
    assert errors[2].startswith("malformed JSON: Unterminated string")
    assert errors[4] == (
        "missing text field 'text' (fields: body, id); set IngestConfig.text_field to read another field"
    )
    assert errors[5] == "expected a JSON object, found an array"
    assert errors[6] == "field 'text' must be a string, found a number"
    assert errors[7] == "no text: field 'text' is empty"
    assert errors[8] == "field 'id' must be a string or a number, found an object"
    assert all(i.path == str(path) for i in items if isinstance(i, InputError))


def test_json_array_with_line_numbers(tmp_path: Path) -> None:
    content = '[\n  {"id": "a", "text": "One."},\n  "oops",\n  {\n    "id": "b",\n    "text": "Two."\n  }\n]\n'
    items = read(write(tmp_path, "list.json", content))
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]
    assert items[1] == InputError(str(tmp_path / "list.json"), "expected a JSON object, found a string", 3)
    assert [i.id for i in items if isinstance(i, Article)] == ["a", "b"]


def test_json_single_object_and_json_lines_in_a_json_file(tmp_path: Path) -> None:
    single = write(tmp_path, "one.json", json.dumps({"id": "solo", "text": STORY}, indent=2))
    [article] = read(single)
    assert isinstance(article, Article) and article.id == "solo"
    as_lines = write(tmp_path, "many.json", lines({"id": "a", "text": "One."}, {"id": "b", "text": "Two."}))
    assert [i.id for i in read(as_lines) if isinstance(i, Article)] == ["a", "b"]


def test_malformed_json_documents(tmp_path: Path) -> None:
    broken = write(tmp_path, "broken.json", '[\n  {"id": "a", "text": "One."},\n  {"id": "b" "text": "Two."}\n]')
    [error] = read(broken)
    assert isinstance(error, InputError) and error.line == 3 and error.reason.startswith("malformed JSON")
    pretty = write(tmp_path, "pretty.json", '{\n  "id": "a"\n  "text": "One."\n}')
    [error] = read(pretty)  # one error for the document, not one per line
    assert isinstance(error, InputError) and error.line == 3
    scalar = write(tmp_path, "scalar.json", "42")
    assert read(scalar) == [
        InputError(str(scalar), "expected a JSON object, an array of objects or JSON lines; found a number", 1)
    ]


def test_json_lines_numbers_lines_and_reports_what_it_cannot_read(tmp_path: Path) -> None:
    from storyline.ingest.jsonl import json_lines

    path = tmp_path / "rows.jsonl"
    path.write_bytes(b'{"a": 1}\n\n{oops\n[2]\n\xff\xfe\n')
    items = list(json_lines(path))
    assert [i for i in items if not isinstance(i, InputError)] == [(1, {"a": 1}), (4, [2])]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [(e.line, e.path) for e in errors] == [(3, str(path)), (5, str(path))]
    assert "malformed JSON" in errors[0].reason and "UTF-8" in errors[1].reason
    [missing] = list(json_lines(tmp_path / "nope.jsonl"))
    assert isinstance(missing, InputError) and "cannot read" in missing.reason
    assert isinstance(list(json_lines(path, max_bytes=5))[0], InputError)
