"""Conflicts: the same slot with different values in different voices.

A slot is read off a sentence by pattern: a duration ("three-day trip", "two-day closure")
keyed by its unit and what it measures, or a count ("12 people were injured") keyed by the
counted noun and the verb. Two values of one slot conflict when different voices give them
and at least one sentence of each side talks about the same thing (term overlap beyond the
slot itself), so unrelated figures that happen to share a noun are not reported.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..model import Conflict, Variant
from ..text import normalize
from .base import NUMBER_WORDS, Statement, Voice, overlap, stem, terms

__all__ = ["Slot", "find_conflicts", "slots"]

_NUM_WORDS = {**NUMBER_WORDS, "a": 1}
_NUM = r"(?:\d[\d,]*(?:\.\d+)?|" + "|".join(k for k in _NUM_WORDS if k != "a") + r")"
_UNITS = r"(?:minute|hour|day|night|week|month|year)"
_DURATION = re.compile(rf"\b(?P<num>{_NUM})[- ](?P<unit>{_UNITS})s?(?:-long)?[- ](?P<head>[a-z]+)", re.I)
_COUNT = re.compile(
    rf"\b(?P<num>{_NUM})\s+(?:more\s+|other\s+)?(?P<noun>[a-z]+)\s+(?:(?:were|was|have been|had been|are|is|got)\s+)?"
    rf"(?P<verb>[a-z]+ed)\b",
    re.I,
)
_SAME_THING = {"visit": "trip", "tour": "trip", "journey": "trip", "stay": "trip", "trip": "trip"}
_SKIP_NOUNS = {"percent", "per", "am", "pm", "of", "and", "or", "in", "on", "to", "the", "a", "years", "year"}


def _value(num: str) -> float | None:
    n = num.lower().replace(",", "")
    if n in _NUM_WORDS:
        return float(_NUM_WORDS[n])
    try:
        return float(n)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Slot:
    key: tuple[str, ...]
    value: float
    surface: str
    topic: str


def slots(sentence: str) -> list[Slot]:
    text = normalize(sentence)
    out = []
    for m in _DURATION.finditer(text):
        value = _value(m.group("num"))
        head = m.group("head").lower()
        if value is None or head in _SKIP_NOUNS:
            continue
        thing = _SAME_THING.get(head, stem(head))
        out.append(Slot(("duration", m.group("unit").lower(), thing), value, m.group(),
                        f"length of the {thing} ({m.group('unit').lower()}s)"))
    for m in _COUNT.finditer(text):
        value = _value(m.group("num"))
        noun = m.group("noun").lower()
        if value is None or noun in _SKIP_NOUNS or re.fullmatch(_UNITS + "s?", noun):
            continue
        if 1800 <= value <= 2100 and m.group("num").isdigit():
            continue  # a year, not a count
        verb = m.group("verb").lower()
        out.append(Slot(("count", stem(noun), stem(verb)), value, m.group(), f"number of {noun} {verb}"))
    return out


def find_conflicts(voices: list[Voice], *, context: float = 0.12) -> list[Conflict]:
    mentions: dict[tuple[str, ...], list[tuple[Slot, Statement]]] = defaultdict(list)
    for v in voices:
        for st in v.statements:
            for slot in slots(st.text):
                mentions[slot.key].append((slot, st))
    conflicts = []
    for key, found in mentions.items():
        by_value: dict[float, list[tuple[Slot, Statement]]] = defaultdict(list)
        for slot, st in found:
            by_value[slot.value].append((slot, st))
        if len(by_value) < 2:
            continue
        voices_of = {val: {st.voice for _, st in items} for val, items in by_value.items()}
        if len(set().union(*voices_of.values())) < 2:
            continue  # one voice giving two values is not a disagreement between sources

        def related(a: list[tuple[Slot, Statement]], b: list[tuple[Slot, Statement]]) -> bool:
            for sa, x in a:
                for sb, y in b:
                    if x.voice == y.voice:
                        continue
                    tx = x.terms - terms(sa.surface)
                    ty = y.terms - terms(sb.surface)
                    if overlap(tx, ty) >= context:
                        return True
            return False

        if key[0] == "count":
            # "12 people were injured" vs "15 people were injured": the noun and the verb
            # already pin the slot down within one story.
            related = lambda a, b: any(x.voice != y.voice for _, x in a for _, y in b)  # noqa: E731
        values = sorted(by_value)
        linked = {v for i, v in enumerate(values) for w in values[i + 1:] if related(by_value[v], by_value[w])}
        linked |= {w for i, v in enumerate(values) for w in values[i + 1:] if related(by_value[v], by_value[w])}
        if len(linked) < 2:
            continue
        variants = []
        for val in sorted(linked, key=lambda v: (-len(voices_of[v]), v)):
            items = by_value[val]
            surface = Counter(s.surface for s, _ in items).most_common(1)[0][0]
            sources = sorted({c.article_id for _, st in items for c in st.citations})
            variants.append(Variant(surface, items[0][1].text, sources))
        conflicts.append(Conflict(found[0][0].topic, variants, kind=key[0]))
    conflicts.sort(key=lambda c: -sum(len(v.sources) for v in c.variants))
    return conflicts
