"""The command line: bad input is reported and skipped, nothing stored is lost, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli.main import main
from storyline.store import SqliteStore

STORY = (
    "GULLPORT, May 2, 2025 (AP) - The invented ferry Marigold ran aground off Gullport on Friday, "
    "and all 40 passengers were taken ashore by lifeboat, the harbour office said.\n\n"
    "The harbour office said the ferry would be towed to the dry dock at Kestrel Point next week "
    "once the tide allowed, and that the crossing would stay closed until then.\n\n"
    '"Nobody was hurt, and that is what matters tonight," harbour master Ilse Varn said.\n'
)


def _warc_bytes() -> bytes:
    from tests.ingest.builders import make_warc

    page = ("<html><head><title>Invented</title></head><body><article>"
            + "".join(f"<p>{p}</p>" for p in STORY.split("\n\n")) + "</article></body></html>").encode()
    return make_warc([(f"https://news.example/{n}", page, "text/html; charset=utf-8", "200 OK") for n in range(2)])


def _bad_inputs(folder: Path) -> None:
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 not text \x00" * 20)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin1.txt").write_bytes("Caf\xe9 cr\xe8me, an invented caf\xe9 opens.".encode("latin-1"))
    (folder / "batch.jsonl").write_text(
        json.dumps({"id": "j1", "title": "Ferry aground", "text": STORY, "date": "2025-05-02"}) + "\n"
        + "{this is not json\n"
        + json.dumps({"id": "j2", "text": "A second invented record about a regatta in Gullport harbour."}) + "\n",
        encoding="utf-8",
    )
    (folder / "nav.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    whole = _warc_bytes()
    (folder / "cut.warc.gz").write_bytes(whole[: len(whole) - 40])


def test_bad_input_is_reported_and_the_run_goes_on(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(STORY, encoding="utf-8")
    _bad_inputs(inputs)
    out, db = tmp_path / "out", tmp_path / "s.db"
    run = CliRunner().invoke(main, ["brief", str(inputs), "--out", str(out), "--db", str(db)])
    assert run.exit_code == 1, run.output  # some input failed
    data = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    errors = {(Path(e["file"]).name, e["line"]): e["reason"] for e in data["errors"]}
    assert "binary" in errors[("binary.txt", None)]
    assert "empty" in errors[("empty.txt", None)]
    assert "UTF-8" in errors[("latin1.txt", None)]
    assert "JSON" in errors[("batch.jsonl", 2)] or "json" in errors[("batch.jsonl", 2)].lower()
    assert any(name == "cut.warc.gz" for name, _ in errors)
    ids = {a["id"] for a in data["articles"]}
    assert {"good", "j1", "j2"} <= ids
    assert "error: " in run.output


def test_nothing_stored_is_lost_when_later_input_fails(tmp_path: Path) -> None:
    good, bad = tmp_path / "good", tmp_path / "bad"
    good.mkdir()
    bad.mkdir()
    (good / "first.txt").write_text(STORY, encoding="utf-8")
    (bad / "broken.txt").write_bytes(b"\xff\xfe\x00\x00garbage\x00")
    db = tmp_path / "s.db"
    assert CliRunner().invoke(main, ["brief", str(good), "--db", str(db)]).exit_code == 0
    assert CliRunner().invoke(main, ["brief", str(bad), "--db", str(db)]).exit_code == 1
    with SqliteStore(db) as store:
        assert store.article_ids() == {"first"}
        assert len(store.stories()) == 1


def test_new_input_joins_the_existing_story(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    first, second = tmp_path / "one", tmp_path / "two"
    first.mkdir()
    second.mkdir()
    (first / "ferry1.txt").write_text(STORY, encoding="utf-8")
    (second / "ferry2.txt").write_text(
        "The ferry Marigold, which ran aground off Gullport on Friday, will be towed to Kestrel Point dry dock "
        "next week, the harbour office said. All 40 passengers were taken ashore by lifeboat and nobody was "
        "hurt, according to harbour master Ilse Varn.\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["brief", str(first), "--db", str(db)]).exit_code == 0
    assert CliRunner().invoke(main, ["brief", str(second), "--db", str(db)]).exit_code == 0
    with SqliteStore(db) as store:
        stories = store.stories()
    assert len(stories) == 1 and sorted(stories[0].articles) == ["ferry1", "ferry2"]


def test_stage_commands_write_json_lines(tmp_path: Path) -> None:
    rows = [
        {"id": "x1", "text": STORY},
        {"id": "x2", "text": STORY.replace("Friday", "Friday evening")},
        {"id": "y1", "text": "An invented museum in Brinhaven opened a new wing of ship models on Sunday, "
                             "its director said, after three years of building work and fundraising."},
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    runner = CliRunner()
    dedup = [json.loads(line) for line in runner.invoke(main, ["dedup", str(path)]).output.splitlines()]
    groups = {r["id"]: r["copy_group"] for r in dedup}
    assert groups["x1"] == groups["x2"] != groups["y1"]
    cluster = [json.loads(line) for line in runner.invoke(main, ["cluster", str(path)]).output.splitlines()]
    stories = {r["id"]: r["story"] for r in cluster}
    assert stories["x1"] == stories["x2"] != stories["y1"]


def test_renamed_fields_and_eval(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    rows = [{"key": "x1", "body": STORY, "gold": "g1"}, {"key": "x2", "body": STORY, "gold": "g1"},
            {"key": "y1", "body": "An invented regatta in Gullport drew forty boats on Sunday despite rain.",
             "gold": "g2"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    run = CliRunner().invoke(main, ["eval", "dedup", str(path), "--gold", "gold", "--id-field", "key",
                                    "--text-field", "body"])
    assert run.exit_code == 0, run.output
    assert "ari                  1.0000" in run.output
    bad = CliRunner().invoke(main, ["eval", "dedup", str(path), "--gold", "nope"])
    assert bad.exit_code == 2


def test_eval_cluster_can_shuffle_undated_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Undated articles are placed in arrival order; --shuffle SEED changes that order, reproducibly."""
    import random

    import storyline.pipeline as pipeline

    path = tmp_path / "a.jsonl"
    rows = [{"id": f"a{i}", "text": f"Invented item {i} about the Gullport regatta and its {i} boats.", "gold": "g"}
            for i in range(8)]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    orders: list[list[str]] = []
    real = pipeline.assign_stories

    def spy(articles, config=None, **kw):  # type: ignore[no-untyped-def]
        orders.append([a.id for a in articles])
        return real(articles, config, **kw)

    monkeypatch.setattr(pipeline, "assign_stories", spy)
    for args in ([], ["--shuffle", "3"], ["--shuffle", "3"]):
        run = CliRunner().invoke(main, ["eval", "cluster", str(path), "--gold", "gold", *args])
        assert run.exit_code == 0, run.output
        assert "bcubed_f1" in run.output
    expected = [f"a{i}" for i in range(8)]
    random.Random(3).shuffle(expected)
    assert orders[0] == [f"a{i}" for i in range(8)] and orders[1] == orders[2] == expected
    (tmp_path / "w1.toml").write_text("[cluster]\nwindow_articles = 1\n", encoding="utf-8")
    default = CliRunner().invoke(main, ["eval", "cluster", str(path), "--gold", "gold"]).output
    closed = CliRunner().invoke(main, ["eval", "cluster", str(path), "--gold", "gold", "--config", str(tmp_path / "w1.toml")])
    assert "clusters             8\n" in closed.output and "clusters             8\n" not in default


def test_usage_error_exit_code() -> None:
    assert CliRunner().invoke(main, ["brief"]).exit_code == 2
    assert CliRunner().invoke(main, ["--help"]).exit_code == 0
