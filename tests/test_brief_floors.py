"""Pinned floors for the cited summary on the shared evaluation sets (slow; skipped when
../shared/eval is absent). A floor is never lowered silently: a drop fails here."""

from __future__ import annotations

import pytest

from tests.conftest import EVAL

pytestmark = pytest.mark.slow

# Measured with `storyline eval summary ... --json` (see BENCHMARKS.md); floors sit a little below.
FLOORS = {
    # measured 43.12 / 19.18 / 29.18, cited 1.0, citation precision 0.9913
    ("neus_allsides", "val"): {"rouge1": 42.8, "rouge2": 18.8, "rougeL": 28.8, "cited": 1.0, "citation_precision": 0.98},
    # measured 38.58 / 13.47 / 20.46, cited 1.0, citation precision 0.9896
    ("allsides_roundups", None): {"rouge1": 38.2, "rouge2": 13.1, "rougeL": 20.1, "cited": 1.0,
                                  "citation_precision": 0.98},
}


@pytest.mark.parametrize(("name", "split"), sorted(FLOORS, key=str))
def test_summary_floor(name: str, split: str | None) -> None:
    pytest.importorskip("rouge_score")
    path = EVAL / name / "clusters.jsonl"
    if not path.is_file():
        pytest.skip(f"no evaluation data at {path}")
    from storyline.brief.evaluate import evaluate_summaries, read_clusters

    result = evaluate_summaries(read_clusters(path, split)).to_dict()
    for key, floor in FLOORS[(name, split)].items():
        assert result[key] >= floor, f"{name} {key} {result[key]} fell below its floor {floor}"
