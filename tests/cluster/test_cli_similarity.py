"""`storyline similarity` and `storyline eval similarity` on a small inline pairs file."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from storyline.cli.main import main
from tests.cluster.test_online import FERRY, FERRY2, MUSEUM


def _pairs(tmp_path: Path) -> Path:
    rows = [
        {"pair_id": "same", "lang1": "en", "lang2": "en", "text1": FERRY, "text2": FERRY2, "labels": {"Overall": 1.0}},
        {"pair_id": "other", "lang1": "en", "lang2": "en", "text1": FERRY, "text2": MUSEUM, "labels": {"Overall": 4.0}},
        {"pair_id": "other2", "lang1": "de", "lang2": "en", "text1": FERRY2, "text2": MUSEUM, "labels": {"Overall": 3.5}},
    ]
    f = tmp_path / "pairs.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return f


def test_similarity_prints_one_score_per_pair(tmp_path: Path) -> None:
    run = CliRunner().invoke(main, ["similarity", str(_pairs(tmp_path))])
    assert run.exit_code == 0, run.output
    out = {r["pair_id"]: r["score"] for r in map(json.loads, run.output.splitlines())}
    assert set(out) == {"same", "other", "other2"}
    assert out["same"] > 0.5 > out["other"] >= 0.0


def test_similarity_bad_line_is_reported_and_exit_code_is_1(tmp_path: Path) -> None:
    f = _pairs(tmp_path)
    f.write_text(f.read_text(encoding="utf-8") + "{oops\n", encoding="utf-8")
    run = CliRunner().invoke(main, ["similarity", str(f)])
    assert run.exit_code == 1
    assert f"{f}:4" in run.output and "malformed JSON" in run.output
    assert len([line for line in run.output.splitlines() if line.startswith("{")]) == 3


def test_eval_similarity_prints_pearson_overall_and_per_language_pair(tmp_path: Path) -> None:
    run = CliRunner().invoke(main, ["eval", "similarity", str(_pairs(tmp_path))])
    assert run.exit_code == 0, run.output
    rows = {line.split()[0]: line.split()[1:] for line in run.output.splitlines()[1:]}
    assert set(rows) == {"all", "de-en", "en-en"}
    assert rows["all"][0] == "3" and float(rows["all"][1]) > 0.5
