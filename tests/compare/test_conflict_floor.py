"""Pinned floor for the conflict perturbation benchmark (bench/conflict_perturbation.py) on a small
sample (slow; skipped when ../shared/eval is absent). A floor is never lowered silently."""

from __future__ import annotations

import importlib.util
from collections import Counter

import pytest

from tests.conftest import EVAL, ROOT

pytestmark = pytest.mark.slow

# 40 injections per kind, seed 1, default CompareConfig.conflict_align. Measured: recall 0.831, strict
# precision 0.826, precision excluding conflicts the unperturbed story had 0.993 (the finder before values
# were read with their slots: 0.794, 0.793, 0.965 on this sample). Floors sit a little below. The
# benchmark no longer changes numbers written with a slash ("9/11"), which draws another sample.
# On 2026-11-24 (22:10 UTC, replacement names of the same kind, the fourth benchmark change): recall 0.819,
# strict precision 0.859, precision excluding pre-existing 0.971 (0.819 / 0.865 / 0.971 with --any-kind); the same
# after the review fixes to places and ranges (22:50 UTC).
FLOORS = {"recall": 0.81, "precision": 0.80, "precision_new": 0.97}


def test_conflict_perturbation_floor() -> None:
    if not (EVAL / "neus_allsides" / "clusters.jsonl").is_file():
        pytest.skip(f"no evaluation data at {EVAL}")
    pytest.importorskip("spacy")  # the benchmark draws replacement names of the same kind by spaCy's labels
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
