"""Agreement and exclusives: align statements across voices.

Two statements of different voices say the same thing when the Dice overlap of their
stemmed content words reaches ``match_threshold`` and no value slot differs between them
(those pairs are conflicts, not agreement). Each statement is linked to its best
match in every other voice; facts are built greedily from the statements matched in the
most voices, so each statement is used once. A statement with no match anywhere (below
``exclusive_ceiling``) is exclusive to its voice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Citation, Claim
from .base import Statement, Voice, negated, similar_pairs
from .conflicts import slots

__all__ = ["Fact", "align_voices", "exclusives"]


@dataclass(slots=True)
class Fact:
    anchor: Statement
    matches: list[tuple[Statement, float]] = field(default_factory=list)

    @property
    def statements(self) -> list[Statement]:
        return [self.anchor] + [m for m, _ in self.matches]

    @property
    def voices(self) -> list[str]:
        return sorted({s.voice for s in self.statements})

    @property
    def sources(self) -> list[str]:
        return sorted({c.article_id for s in self.statements for c in s.citations})

    def claim(self) -> Claim:
        cites: list[Citation] = [c for s in self.statements for c in s.citations]
        return Claim(self.anchor.text, self.sources, cites, len(self.voices),
                     {"matches": [{"voice": m.voice, "text": m.text, "score": round(sc, 3)} for m, sc in self.matches]})


def _values(st: Statement) -> dict[tuple[str, ...], float]:
    return {sl.key: sl.value for sl in slots(st.text)}


def _compatible(a: dict[tuple[str, ...], float], b: dict[tuple[str, ...], float]) -> bool:
    """No slot with two different values: "three-day trip" never agrees with "four-day trip"."""
    return all(b[k] == v for k, v in a.items() if k in b)


Pairs = list[tuple[Statement, Statement, float]]


def _best_matches(voices: list[Voice], threshold: float, pairs: Pairs | None = None) -> dict[int, list[tuple[Statement, float]]]:
    """Per statement, its best match in every other voice (candidates from an inverted index)."""
    values = {id(st): _values(st) for v in voices for st in v.statements}
    negative = {id(st): negated(st.text) for v in voices for st in v.statements}
    said: dict[str, dict[tuple[str, ...], set[float]]] = {}
    for v in voices:
        for st in v.statements:
            for k, val in values[id(st)].items():
                said.setdefault(v.id, {}).setdefault(k, set()).add(val)
    best: dict[tuple[int, str], tuple[Statement, float]] = {}
    for a, b, score in similar_pairs(voices, threshold=threshold) if pairs is None else pairs:
        if score < threshold:
            continue
        if negative[id(a)] != negative[id(b)] or not _compatible(values[id(a)], values[id(b)]):
            continue
        for x, y in ((a, b), (b, a)):
            key = (id(x), y.voice)
            if key not in best or score > best[key][1] or score == best[key][1] and y.position < best[key][0].position:
                best[key] = (y, score)
    out: dict[int, list[tuple[Statement, float]]] = {}
    for v in voices:
        for st in v.statements:
            found = []
            for other in voices:
                if other.id == v.id or (id(st), other.id) not in best:
                    continue
                theirs = said.get(other.id, {})
                if any(k in theirs and val not in theirs[k] for k, val in values[id(st)].items()):
                    continue  # that voice gives another value for a slot of this statement
                found.append(best[(id(st), other.id)])
            out[id(st)] = found
    return out


def align_voices(voices: list[Voice], *, threshold: float = 0.35, pairs: Pairs | None = None) -> list[Fact]:
    """Facts backed by two or more voices, strongest first. ``pairs``: the output of
    :func:`similar_pairs` at ``threshold`` or lower, when the caller already has it."""
    matches = _best_matches(voices, threshold, pairs)
    every = [st for v in voices for st in v.statements]
    order = sorted(every, key=lambda st: (-len(matches[id(st)]), -sum(sc for _, sc in matches[id(st)]), st.position))
    used: set[int] = set()
    facts = []
    for st in order:
        if id(st) in used or not matches[id(st)]:
            continue
        kept = [(m, sc) for m, sc in matches[id(st)] if id(m) not in used]
        if not kept:
            continue
        used.add(id(st))
        used.update(id(m) for m, _ in kept)
        facts.append(Fact(st, kept))
    facts.sort(key=lambda f: (-len(f.voices), -len(f.sources), f.anchor.position))
    return facts


def exclusives(voices: list[Voice], *, ceiling: float = 0.25, min_words: int = 8,
               pairs: Pairs | None = None) -> dict[str, list[Statement]]:
    """Per voice, the statements no other voice comes close to (``pairs`` as in :func:`align_voices`)."""
    if len(voices) < 2:
        return {}
    found = similar_pairs(voices, threshold=ceiling) if pairs is None else pairs
    close = {id(x) for a, b, score in found if score >= ceiling for x in (a, b)}
    out: dict[str, list[Statement]] = {}
    for v in voices:
        solo = [st for st in v.statements if len(st.text.split()) >= min_words and id(st) not in close]
        if solo:
            out[v.id] = solo
    return out
