"""Pinned floor for the conflict perturbation benchmark (bench/conflict_perturbation.py) on a small
sample (slow; skipped when ../shared/eval is absent). A floor is never lowered silently."""

from __future__ import annotations

import importlib.util
from collections import Counter

import pytest

from tests.conftest import EVAL, ROOT

pytestmark = pytest.mark.slow

# 40 injections per kind, seed 1, default CompareConfig.conflict_align. Measured: recall 0.800,
# strict precision 0.794, precision excluding conflicts the unperturbed story had 0.965. Floors sit a
# little below. The strict-precision floor moved from 0.78 to 0.76 on purpose: the benchmark now injects
# only possible values (no "22 p.m.", no 144 %, no figure given twice, no other form of the same name),
# which changes this small sample; on 200 per kind, strict precision rose from 0.779 to 0.809 and recall
# from 0.695 to 0.764 (0.729 for the previous finder on the corrected benchmark).
FLOORS = {"recall": 0.77, "precision": 0.76, "precision_new": 0.93}


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
