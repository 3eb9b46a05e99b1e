"""Clustering metrics, as defined in ``../shared/eval/README.md``: pairwise P/R/F1,
B-cubed P/R/F1 (Bagga & Baldwin 1998) and the adjusted Rand index (Hubert & Arabie 1985,
the same formula as ``sklearn.metrics.adjusted_rand_score``)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from math import comb

__all__ = ["adjusted_rand", "bcubed", "clustering_report", "pairwise", "pearson"]


def _prf(tp: float, pred: float, gold: float) -> tuple[float, float, float]:
    p = tp / pred if pred else 1.0
    r = tp / gold if gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pairwise(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> tuple[float, float, float]:
    joint = Counter(zip(gold, pred, strict=True))
    tp = sum(comb(n, 2) for n in joint.values())
    return _prf(tp, sum(comb(n, 2) for n in Counter(pred).values()), sum(comb(n, 2) for n in Counter(gold).values()))


def bcubed(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> tuple[float, float, float]:
    joint = Counter(zip(gold, pred, strict=True))
    gsize, psize = Counter(gold), Counter(pred)
    n = len(gold)
    p = sum(joint[(g, q)] / psize[q] for g, q in zip(gold, pred, strict=True)) / n
    r = sum(joint[(g, q)] / gsize[g] for g, q in zip(gold, pred, strict=True)) / n
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def adjusted_rand(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    n = len(gold)
    if n < 2:
        return 1.0
    index = sum(comb(c, 2) for c in Counter(zip(gold, pred, strict=True)).values())
    a = sum(comb(c, 2) for c in Counter(gold).values())
    b = sum(comb(c, 2) for c in Counter(pred).values())
    expected = a * b / comb(n, 2)
    top = (a + b) / 2
    if top == expected:
        return 1.0
    return (index - expected) / (top - expected)


def clustering_report(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> dict[str, float | int]:
    pp, pr, pf = pairwise(gold, pred)
    bp, br, bf = bcubed(gold, pred)
    groups: defaultdict[Hashable, int] = defaultdict(int)
    for q in pred:
        groups[q] += 1
    return {
        "documents": len(gold),
        "clusters": len(groups),
        "gold_clusters": len(set(gold)),
        "ari": adjusted_rand(gold, pred),
        "pairwise_precision": pp, "pairwise_recall": pr, "pairwise_f1": pf,
        "bcubed_precision": bp, "bcubed_recall": br, "bcubed_f1": bf,
    }


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    """Pearson's r (0.0 when either side is constant)."""
    n = len(x)
    if n != len(y):
        raise ValueError(f"pearson: {n} scores against {len(y)} labels")
    if n < 2:
        return 0.0
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / (sxx * syy) ** 0.5 if sxx > 0 and syy > 0 else 0.0
