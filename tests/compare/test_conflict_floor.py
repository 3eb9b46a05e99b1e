"""Pinned floor for the conflict perturbation benchmark (bench/conflict_perturbation.py) on a small
sample (slow; skipped when ../shared/eval is absent). A floor is never lowered silently."""

from __future__ import annotations

import importlib.util
from collections import Counter

import pytest

from tests.conftest import EVAL, ROOT

pytestmark = pytest.mark.slow

# 40 injections per kind, seed 1, default CompareConfig.conflict_align. Measured: recall 0.763,
# strict precision 0.832, precision excluding conflicts the unperturbed story had 0.963 (the
# 200-per-kind run is in BENCHMARKS.md). Floors sit a little below.
FLOORS = {"recall": 0.72, "precision": 0.78, "precision_new": 0.92}


def test_conflict_perturbation_floor() -> None:
    if not (EVAL / "neus_allsides" / "clusters.jsonl").is_file():
        pytest.skip(f"no evaluation data at {EVAL}")
    spec = importlib.util.spec_from_file_location("conflict_perturbation", ROOT / "bench" / "conflict_perturbation.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    from storyline.config import CompareConfig

    scores = bench.score_injections(bench.load_stories(), per_kind=40, seed=1, align=CompareConfig().conflict_align)
    total: Counter[str] = Counter()
    for counts in scores.values():
        total.update(counts)
    assert total["n"] == 160
    measured = {"recall": total["found"] / total["n"], "precision": total["hits"] / total["reported"],
                "precision_new": total["hits"] / total["new_reported"]}
    for key, floor in FLOORS.items():
        assert measured[key] >= floor, f"conflict benchmark {key} {measured[key]:.3f} fell below its floor {floor}"
