"""What a copy changed: align the sentences of a reprint with the group's fullest version.

Sentences are matched greedily by word-set overlap; a matched pair that differs is an
edit (with the word-level changes), an unmatched reprint sentence is an addition, and an
unmatched canonical sentence was dropped by the reprint.
"""

from __future__ import annotations

import difflib
from typing import Any

from ..text import sentences
from .signature import canonical_tokens

__all__ = ["align_copies"]

_MAX_PAIRS = 250_000  # sentence pairs compared one by one; beyond, exact matches only


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(1, min(len(a), len(b))) if a and b else 0.0


def align_copies(canonical: str, copy: str, *, min_overlap: float = 0.6) -> dict[str, list[Any]]:
    """``{"shared", "added", "dropped", "edited", "changes"}`` of ``copy`` relative to ``canonical``."""
    base = sentences(canonical)
    other = sentences(copy)
    base_tok = [canonical_tokens(s) for s in base]
    other_tok = [canonical_tokens(s) for s in other]
    base_set = [set(t) for t in base_tok]
    if len(base) * len(other) > _MAX_PAIRS:
        # Very long texts: only sentences that are the same word for word are matched (a dict
        # lookup each), so the cost stays linear; the rest count as added or dropped.
        where: dict[tuple[str, ...], list[int]] = {}
        for j, t in enumerate(base_tok):
            where.setdefault(tuple(t), []).append(j)
        pairs = [(1.0, i, where[tuple(t)].pop(0)) for i, t in enumerate(other_tok) if where.get(tuple(t))]
    else:
        pairs = sorted(
            ((_overlap(set(ot), bs), i, j) for i, ot in enumerate(other_tok) for j, bs in enumerate(base_set)),
            reverse=True,
        )
    used_i: set[int] = set()
    used_j: set[int] = set()
    match: dict[int, int] = {}
    for score, i, j in pairs:
        if score < min_overlap:
            break
        if i in used_i or j in used_j:
            continue
        used_i.add(i)
        used_j.add(j)
        match[i] = j
    edited: list[list[str]] = []
    changes: list[list[str]] = []
    for i, j in sorted(match.items()):
        if other[i].split() == base[j].split():
            continue
        edited.append([base[j], other[i]])
        a, b = base[j].split(), other[i].split()
        for tag, a0, a1, b0, b1 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
            if tag != "equal":
                changes.append([" ".join(a[a0:a1]), " ".join(b[b0:b1])])
    return {
        "shared": [base[j] for i, j in sorted(match.items()) if other[i].split() == base[j].split()],
        "added": [other[i] for i in range(len(other)) if i not in match],
        "dropped": [base[j] for j in range(len(base)) if j not in used_j],
        "edited": edited,
        "changes": changes,
    }
