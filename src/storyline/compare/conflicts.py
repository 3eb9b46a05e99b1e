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
from difflib import SequenceMatcher

from ..model import Conflict, Variant
from ..text import STOPWORDS, normalize
from .base import NUMBER_WORDS, Statement, Voice, overlap, similar_pairs, stem, terms

__all__ = ["ALIGN_SLACK", "Slot", "find_conflicts", "slots", "value_conflicts"]

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


def find_conflicts(voices: list[Voice], *, context: float = 0.12, align: float | None = 0.4,
                   pairs: list[tuple[Statement, Statement, float]] | None = None) -> list[Conflict]:
    """Slot conflicts (durations, counts), then, with ``align``, value conflicts of aligned statements
    (numbers, money, dates, names, negation) that no slot conflict already reports."""
    conflicts = _slot_conflicts(voices, context=context)
    if align is not None:
        covered = {v.text for c in conflicts for v in c.variants}
        for c in value_conflicts(voices, align=align, pairs=pairs):
            if not all(v.text in covered for v in c.variants):
                conflicts.append(c)
    return conflicts


def _slot_conflicts(voices: list[Voice], *, context: float = 0.12) -> list[Conflict]:
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


# -- values of aligned statements --------------------------------------------------------------
# Two statements of different voices that say nearly the same thing are compared value by value.
# "Nearly the same thing" is judged without the values being compared: the Dice overlap of their
# content terms less the two values' own words must reach ``align`` (a changed name or figure
# would otherwise pull its own sentence apart from the one it contradicts); candidates come from
# :func:`similar_pairs` at ``align - ALIGN_SLACK``, and from :func:`_anchored_pairs`: statements
# down to ``align - ANCHOR_SLACK`` whose values stand among two or more of the same content words
# (slot-anchored alignment: a changed value in a reworded sentence). The more words pin a value's
# slot down, the less the rest must agree: one shared word needs ``align``, two the candidate floor
# ``align - ALIGN_SLACK``, three or more ``align - ANCHOR_SLACK``. Paraphrase is allowed, so values
# are matched by the words around them, not by position:
# - a number, amount of money or percentage whose neighbouring content words (four words either
#   side; scale words such as "million" belong to the figure, not to its slot) overlap, differing by
#   more than rounding (3 %; 15 % when either side hedges: "about", "more than"), neither given by
#   the other statement, and one voice never states the other's value; of several rivals in the
#   other statement, the one among the most shared words;
# - a weekday, month, year or month-day of the same event (the words around it overlap, or the
#   statements align above ``align`` + 0.1), none shared, where one voice never gives the other's;
# - a name where the other statement, saying the same thing, has another name in the same place:
#   the same neighbouring content word (or the same word on both sides), with the rest aligned as
#   for numbers; or, where neither voice uses a word of the other's name, three pieces of evidence
#   (shared content words within four words, plus one for a shared neighbour, two for the same two
#   words on one side: "the city of"). Names of one word count apart ("Bernie Sanders", "Bernie
#   Smith" differ in the last word, "President Trump" and "Donald Trump" do not); forms and
#   spellings of one name are never rivals; one rival per name;
# - polarity: one statement negated ("not", "never", "n't"; "no" quantifies a noun: "no votes")
#   and the other not, aligned above ``align`` + 0.1 (or above the candidate floor when two content
#   words around the cue recur in the other), where the other statement states the negated predicate
#   (the first content word after the cue); one conflict per denying statement.
_NUMERIC = re.compile(
    r"(?P<money>\$\s?)?(?<![\w-])(?P<num>\d(?:[\d,]*\d)?(?:\.\d+)?|" + "|".join(k for k in _NUM_WORDS if k != "a")
    + r")(?![\w-]|:\d|,\d)"
    r"(?P<scale>\s+(?:million|billion|trillion|thousand)\b)?(?P<pct>\s*(?:%|percent\b))?",
    re.I,
)
_HEDGE = re.compile(r"(?:about|around|nearly|almost|roughly|some|over|under|more than|less than|fewer than|"
                    r"at least|up to|approximately|estimated|an estimated)\s+\$?$", re.I)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_NAMES = ("january", "february", "march", "april", "june", "july", "august", "september", "october",
                "november", "december")
_MONTH_RE = "|".join(_MONTH_NAMES) + "|may|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
_CAPITAL = re.compile(r"(?<![.!?\"]\s)(?<!^)(?<!\")\b[A-Z][a-z]{2,}(?:\s+[A-Z][a-z]+)*")
_NOT_NAMES = {*(w.capitalize() for w in (*_WEEKDAYS, *_MONTH_NAMES)), "May", "The", "A", "An", "In", "On", "At"}
_NEGATION_CUE = re.compile(r"\b(?:not|never)\b|n't\b", re.I)  # "no" quantifies a noun ("no votes")
# Words that deny without a cue ("declined to indict", "refusal to commit"): a predicate just after
# one is not affirmed.
_IMPLICIT_NEGATION = re.compile(r"\b(?:declin|fail|lack|refus|reject|den(?:y|ie)|without|against|drop|halt|block|"
                                r"cancel|walk(?:s|ed|ing)? back|rul(?:e|ed|es|ing) out)", re.I)
_WORD_RE = re.compile(r"[A-Za-z]+")
ALIGN_SLACK = 0.1  # candidate pairs are drawn this far below ``align``; each value then needs ``align`` on the rest
# Statements this far below ``align`` are compared when their values stand among the same words
# (:func:`_anchored_pairs`); a value then needs three such words.
ANCHOR_SLACK = 0.2


@dataclass(frozen=True, slots=True)
class _Value:
    kind: str  # number, money, percent
    value: float
    surface: str
    context: frozenset[str]  # stemmed content words around the number
    hedged: bool


# Words that hedge or scale a figure say nothing about what it counts ("at least two Israelis",
# "at least nine children" share only "least").
_HEDGE_WORDS = frozenset({"least", "nearly", "almost", "roughly", "approximately", "estimated", "another",
                          "additional", "only", "just"})
# Scale and unit words belong to the figure ("2.1 million", "6 percent"), not to what it measures: two
# figures sharing only "million" are not about one thing.
_SCALE_WORDS = frozenset({"million", "billion", "trillion", "thousand", "percent", "per", "cent"})


def _window(text: str, start: int, end: int, width: int = 4) -> frozenset[str]:
    before = _WORD_RE.findall(text[max(0, start - 60) : start])[-width:]
    after = _WORD_RE.findall(text[end : end + 60])[:width]
    return frozenset(stem(w) for w in (*before, *after)
                     if w.lower() not in STOPWORDS and w.lower() not in _NUM_WORDS and len(w) > 1
                     and w.lower() not in _HEDGE_WORDS and w.lower() not in _SCALE_WORDS)


def _numbers_with_context(text: str) -> list[_Value]:
    out = []
    for m in _NUMERIC.finditer(text):
        raw = m.group("num")
        value = _value(raw)
        if value is None:
            continue
        if raw.isdigit() and len(raw) == 4 and 1900 <= value <= 2100 and not m.group("money"):
            continue  # a year: compared as a date
        near = text[max(0, m.start() - 12) : m.end() + 12].lower()
        if re.search(rf"\b(?:{_MONTH_RE})\.?\s+{re.escape(raw.lower())}\b|\b{re.escape(raw.lower())}\s+(?:{_MONTH_RE})\b", near):
            continue  # a day of the month: compared as a date
        if re.match(r"\s*(?:a\.?m\b|p\.?m\b)", text[m.end() :], re.I):
            continue  # a time of day
        scale = (m.group("scale") or "").strip().lower()
        value *= {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}.get(scale, 1)
        kind = "money" if m.group("money") else "percent" if m.group("pct") else "number"
        hedged = bool(_HEDGE.search(text[max(0, m.start() - 20) : m.start()]))
        out.append(_Value(kind, value, m.group().strip(), _window(text, m.start(), m.end()), hedged))
    return out


def _dates(text: str) -> dict[str, dict[str, frozenset[str]]]:
    """unit -> value -> the content words around it."""
    out: dict[str, dict[str, frozenset[str]]] = {"weekday": {}, "month": {}, "year": {}, "day": {}}
    low = text.lower()
    for unit, pattern in (("weekday", "|".join(_WEEKDAYS)), ("month", "|".join(_MONTH_NAMES)),
                          ("year", r"(?:19|20)\d{2}")):
        for m in re.finditer(rf"\b(?:{pattern})\b", low):
            out[unit][m.group()] = _window(text, m.start(), m.end())
    for m in re.finditer(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?!\d|,\d)", low):
        month = next((n for n in _MONTH_NAMES if n.startswith(m.group(1)[:3])), "may")
        out["day"][f"{month} {int(m.group(2))}"] = _window(text, m.start(), m.end())
    return out


def _names(text: str) -> set[str]:
    return {m.group() for m in _CAPITAL.finditer(text) if m.group() not in _NOT_NAMES
            and m.group().lower() not in STOPWORDS}


def _kindred(x: str, y: str) -> bool:
    """Forms, spellings or abbreviations of one name ("Florida", "Floridians", "Fla"; "Qaida", "Qaeda")."""
    n = min(len(x), len(y), 6)
    short, long = sorted((x.lower(), y.lower()), key=len)
    rest = iter(long[1:])
    if 3 <= len(short) <= 5 < len(long) and short[0] == long[0] and all(ch in rest for ch in short[1:]):
        return True  # an abbreviation: its letters in order in the full name ("Fla", "Florida"; "Calif")
    return n >= 4 and x[:n].lower() == y[:n].lower() or SequenceMatcher(None, x.lower(), y.lower()).ratio() >= 0.75


def _differing(x: str, y: str) -> tuple[str, str]:
    """The words of two names that differ ("Sanders", "Smith" of "Bernie Sanders", "Bernie Smith")."""
    wx, wy = x.split(), y.split()
    return " ".join(w for w in wx if w not in wy) or x, " ".join(w for w in wy if w not in wx) or y


def _name_window(text: str, name: str) -> frozenset[str]:
    """Content words within four words of the name's first mention."""
    m = re.search(rf"\b{re.escape(name)}\b", text)
    return _window(text, m.start(), m.end()) if m else frozenset()


def _neighbours(text: str, name: str) -> set[tuple[str, str]]:
    out = set()
    for m in re.finditer(rf"\b{re.escape(name)}\b", text):
        before = [w.lower() for w in _WORD_RE.findall(text[max(0, m.start() - 40) : m.start()])[-2:]]
        after = [w.lower() for w in _WORD_RE.findall(text[m.end() : m.end() + 40])[:2]]
        out |= {("<", w) for w in before[-1:]} | {(">", w) for w in after[:1]}
        # two words on one side, one of them a content word ("the city of", "Jordan of")
        if len(before) == 2 and any(w not in STOPWORDS for w in before):
            out.add(("<<", " ".join(before)))
        if len(after) == 2 and any(w not in STOPWORDS for w in after):
            out.add((">>", " ".join(after)))
    return out


def _variant(value: str, st: Statement) -> Variant:
    return Variant(value, st.text, sorted({c.article_id for c in st.citations}))


def _differ(x: _Value, y: _Value) -> bool:
    tolerance = 0.15 if x.hedged or y.hedged else 0.03
    return abs(x.value - y.value) > tolerance * max(abs(x.value), abs(y.value))


def _negated_predicates(text: str) -> list[tuple[str, frozenset[str]]]:
    """Each negation cue's predicate (the stem of the first content word after it: "did not *attend*")
    and the content words around the cue."""
    out = []
    for m in _NEGATION_CUE.finditer(text):
        following = [w for w in _WORD_RE.findall(text[m.end() : m.end() + 60])[:4]
                     if w.lower() not in STOPWORDS and len(w) > 1]
        if following:
            out.append((stem(following[0]), _window(text, m.start(), m.end())))
    return out


def _affirms(text: str, predicate: str) -> bool:
    """``text`` states ``predicate`` (a stem) with no denial among the four words before it."""
    for m in _WORD_RE.finditer(text):
        if stem(m.group()) == predicate:
            before = " ".join(_WORD_RE.findall(text[max(0, m.start() - 60) : m.start()])[-4:])
            if not _IMPLICIT_NEGATION.search(before):
                return True
    return False


def _anchored_pairs(statements: list[Statement], numbers_of: dict[int, list[_Value]],
                    dates_of: dict[int, dict[str, dict[str, frozenset[str]]]], names_of: dict[int, set[str]],
                    known: set[tuple[int, int]], floor: float,
                    max_postings: int = 40) -> list[tuple[Statement, Statement, float]]:
    """Pairs of statements of different voices, not in ``known``, with two values of one kind standing
    among at least two of the same content words (a figure, a date or a name in the same slot), and
    overlapping at least ``floor``: the pairs a changed value pulls below the alignment threshold."""
    index: dict[tuple[str, ...], list[int]] = {}
    keys_of: dict[str, set[tuple[str, ...]]] = {}  # reprints repeat sentences: read each text once
    for i, st in enumerate(statements):
        keys = keys_of.get(st.text)
        if keys is None:
            keys = {("#", x.kind, w) for x in numbers_of[id(st)] for w in x.context}
            keys |= {("d", unit, w) for unit, vals in dates_of[id(st)].items() for ctx in vals.values() for w in ctx}
            keys |= {("n", w) for name in names_of[id(st)] for w in _name_window(st.text, name)}
            keys_of[st.text] = keys
        for k in keys:
            index.setdefault(k, []).append(i)
    shared: dict[tuple[int, int], int] = {}
    for posting in index.values():
        if len(posting) > max_postings:
            continue  # a word around values everywhere anchors nothing
        for x, i in enumerate(posting):
            for j in posting[x + 1 :]:
                if statements[i].voice != statements[j].voice:
                    shared[(i, j)] = shared.get((i, j), 0) + 1
    out = []
    for (i, j), n in shared.items():
        a, b = statements[i], statements[j]
        if n < 2 or (id(a), id(b)) in known or (id(b), id(a)) in known:
            continue
        score = overlap(a.terms, b.terms)
        if score >= floor:
            out.append((a, b, score))
    return out


def value_conflicts(voices: list[Voice], *, align: float = 0.4,
                    pairs: list[tuple[Statement, Statement, float]] | None = None) -> list[Conflict]:
    """Conflicts between aligned statements of different voices (see the comment above);
    ``pairs``: the output of :func:`similar_pairs` at ``align - ALIGN_SLACK`` or lower, when the caller has it."""
    numbers_of: dict[int, list[_Value]] = {}
    dates_of: dict[int, dict[str, dict[str, frozenset[str]]]] = {}
    names_of: dict[int, set[str]] = {}
    negative_of: dict[int, list[tuple[str, frozenset[str]]] | None] = {}
    voice_text = {v.id: " ".join(st.text for st in v.statements) for v in voices}
    voice_names = {vid: _names(t) for vid, t in voice_text.items()}
    voice_words = {vid: {w for n in names for w in n.split()} for vid, names in voice_names.items()}
    voice_numbers = {vid: _numbers_with_context(t) for vid, t in voice_text.items()}
    voice_dates = {vid: {val for unit in _dates(t).values() for val in unit} for vid, t in voice_text.items()}
    found: dict[tuple[str, ...], Conflict] = {}
    own_terms: dict[str, frozenset[str]] = {}

    def rest(a: Statement, va: str, b: Statement, vb: str) -> float:
        """Overlap of the two statements without the words of the values compared."""
        for v in (va, vb):
            if v not in own_terms:
                own_terms[v] = terms(v)
        return overlap(a.terms - own_terms[va], b.terms - own_terms[vb])

    memo: dict[tuple[object, ...], bool] = {}  # per statement (and name or predicate): texts repeat across pairs

    def writes(st: Statement, name: str) -> bool:
        key = ("writes", id(st), name)
        if key not in memo:
            memo[key] = bool(re.search(rf"\b{re.escape(name)}\b", st.text))
        return memo[key]

    around: dict[tuple[int, str], tuple[set[tuple[str, str]], frozenset[str]]] = {}

    def same_place(a: Statement, xa: str, b: Statement, xb: str) -> int:
        """How surely the two names stand in the same place: 2 for the same two words on one side
        ("the city of", "Jim Jordan of"); 1 for a shared content word next to
        them, or the same word on both sides and a content word within four words; else 0."""
        for st, x in ((a, xa), (b, xb)):
            if (id(st), x) not in around:
                around[(id(st), x)] = _neighbours(st.text, x), _name_window(st.text, x)
        (na, wa), (nb, wb) = around[(id(a), xa)], around[(id(b), xb)]
        shared = na & nb
        if any(side in ("<<", ">>") for side, _ in shared):
            return 2
        return int(any(w not in STOPWORDS for _, w in shared)
                   or ({side for side, _ in shared} >= {"<", ">"} and bool(wa & wb)))

    def kindred(x: str, y: str) -> bool:
        key = ("kindred", x, y)
        if key not in memo:
            memo[key] = _kindred(x, y)
        return memo[key]

    def affirms(st: Statement, predicate: str) -> bool:
        key = ("affirms", id(st), predicate)
        if key not in memo:
            memo[key] = _affirms(st.text, predicate)
        return memo[key]

    def add(kind: str, topic: str, va: str, a: Statement, vb: str, b: Statement, key: tuple[str, ...] = ()) -> None:
        key = key or (kind, *sorted((va.lower(), vb.lower())))
        if key in found:
            conflict = found[key]
            for value, st in ((va, a), (vb, b)):
                var = next((v for v in conflict.variants if v.value.lower() == value.lower()), None)
                if var is None:
                    conflict.variants.append(_variant(value, st))
                else:
                    var.sources = sorted(set(var.sources) | {c.article_id for c in st.citations})
            return
        found[key] = Conflict(topic, [_variant(va, a), _variant(vb, b)], kind=kind)

    lowest = max(0.0, align - ALIGN_SLACK)
    floor = max(0.0, align - ANCHOR_SLACK)

    def need(shared: int) -> float:
        """The overlap two statements need (besides the values) when ``shared`` content words stand
        around both values: the more words pin the slot down, the less the rest must agree."""
        return align if shared <= 1 else lowest if shared == 2 else floor

    every = [st for v in voices for st in v.statements]
    read: dict[str, tuple[int, ...]] = {}  # reprints repeat sentences: read each text once
    for st in every:
        if st.text not in read:
            t = normalize(st.text)
            numbers_of[id(st)], dates_of[id(st)], names_of[id(st)] = _numbers_with_context(t), _dates(t), _names(st.text)
            negative_of[id(st)] = _negated_predicates(t) if _NEGATION_CUE.search(t) else None
            read[st.text] = (id(st),)
        else:
            first = read[st.text][0]
            numbers_of[id(st)], dates_of[id(st)] = numbers_of[first], dates_of[first]
            names_of[id(st)], negative_of[id(st)] = names_of[first], negative_of[first]
    candidates = [p for p in (similar_pairs(voices, threshold=lowest) if pairs is None else pairs) if p[2] >= lowest]
    known = {(id(a), id(b)) for a, b, _ in candidates}
    candidates += _anchored_pairs(every, numbers_of, dates_of, names_of, known, floor)
    for a, b, score in candidates:
        if a.text == b.text:
            continue  # the same sentence never disagrees with itself
        for x in numbers_of[id(a)]:
            if not all(_differ(x, z) for z in numbers_of[id(b)]):
                continue  # the other statement gives this figure too: it disputes another one, if any
            rivals = [y for y in numbers_of[id(b)]
                      if x.kind == y.kind and x.context & y.context and _differ(x, y)
                      and all(_differ(y, z) for z in numbers_of[id(a)])
                      and (all(_differ(x, z) for z in voice_numbers[b.voice])
                           or all(_differ(y, z) for z in voice_numbers[a.voice]))
                      and rest(a, x.surface, b, y.surface) >= need(len(x.context & y.context))]
            if rivals:  # the figure standing among the most shared words
                y = max(rivals, key=lambda y: len(x.context & y.context))
                head = sorted(x.context & y.context)[0]
                add(x.kind, f"{'amount' if x.kind == 'money' else x.kind} ({head})", x.surface, a, y.surface, b)
        da, db = dates_of[id(a)], dates_of[id(b)]
        for unit in ("day", "weekday", "month", "year"):
            if not da[unit] or not db[unit] or set(da[unit]) & set(db[unit]):
                continue
            for xa, ca in da[unit].items():
                for xb, cb in db[unit].items():
                    if xa in voice_dates[b.voice] and xb in voice_dates[a.voice]:
                        continue  # each voice gives both dates somewhere: two events, not one disputed date
                    near = rest(a, xa, b, xb)
                    if score >= lowest and near >= align + 0.1 or ca & cb and near >= need(len(ca & cb)):
                        add("date", f"date ({unit})", xa.title(), a, xb.title(), b)
        # a name the other statement writes too (at the start of the sentence, say) is shared
        names_a = [x for x in names_of[id(a)] - names_of[id(b)] if not writes(b, x)]
        names_b = [x for x in names_of[id(b)] - names_of[id(a)] if not writes(a, x)] if names_a else []
        for xa in names_a:
            best: tuple[int, str] | None = None
            for xb in names_b:
                # a name the other voice uses too is less likely a rival: the plain rule still allows one
                shared_by = (xa in voice_names[b.voice]) + (xb in voice_names[a.voice])
                if shared_by == 2:
                    continue  # each voice names both somewhere
                if len(xa.split()) != len(xb.split()):
                    continue
                near_rest = rest(a, xa, b, xb)
                if near_rest < floor:
                    continue
                placed = same_place(a, xa, b, xb)
                if set(xa.split()) & set(xb.split()) and (placed < 2 or xa.split()[:-1] != xb.split()[:-1]):
                    continue  # "Bernie Sanders" and "Bernie Smith", in the same place; not "President Trump", "Donald Trump"
                near = len(around[(id(a), xa)][1] & around[(id(b), xb)][1])
                evidence = near + placed
                # next to the same word with the rest aligned; or, where neither voice uses the other's
                # name, among three shared words (four when the statements overlap little)
                plain = placed and near_rest >= (lowest if near > 1 else align)
                anchored = evidence >= 3 and not (set(xa.split()) & voice_words[b.voice]
                                                   or set(xb.split()) & voice_words[a.voice])
                if (plain or anchored) and (best is None or evidence > best[0]) and not kindred(*_differing(xa, xb)):
                    best = (evidence, xb)
            if best is not None:
                add("name", "name", xa, a, best[1], b)
        na, nb = negative_of[id(a)], negative_of[id(b)]
        if score >= lowest and (na is None) != (nb is None):
            pos, neg = (a, b) if na is None else (b, a)
            if any(affirms(pos, pred) and (score >= align + 0.1 or len(around & pos.terms) > 1)
                   for pred, around in negative_of[id(neg)] or ()):
                add("negation", "whether it happened", "affirmed", pos, "denied", neg,
                    key=("negation", neg.text))
    return list(found.values())
