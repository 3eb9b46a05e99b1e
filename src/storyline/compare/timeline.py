"""The timeline: dated events with relative dates resolved against publication dates.

Expressions found in a sentence and how they resolve (``base`` = the article's publication
date, or the story's latest known date when the article has none, since reports follow events):

- explicit dates ("Sept. 13, 2023", "18 to 21 September", "March 3") -> that day;
- "last year" / "next year" / "in 2018" -> the year; "February last year" -> that month;
- "last month" / "next month" / "this month" -> the month;
- "last week" / "this week" -> the month of the day a week before / of base (the contract
  has no week granularity);
- "in October" (no year) -> the nearest such month before ``base`` for a past-tense
  sentence, after it for a future one ("will", "expected", "plans", "next"...);
- "on Monday" -> the nearest Monday on or before ``base`` (past) or after it (future).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from ..clean.metadata import MONTH_PATTERN, parse_date
from ..model import Article, TimelineEvent
from ..text import normalize, sentence_spans
from .base import overlap, terms

__all__ = ["extract_timeline", "resolve"]

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]
_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_FUTURE = re.compile(
    r"\b(?:will|would|shall|expected|expects|plans?|planning|planned|scheduled|set to|due to|is to|are to|"
    r"going to|upcoming|next|later this|intends?|aims? to|to be held|to visit|to attend|could|may)\b",
    re.I,
)
_PAST = re.compile(r"\b(?:\w+ed|said|saying|made|met|told|took|was|were|had|did|began|came|went|gave|saw)\b", re.I)


def _months_ahead(expr: str, base: date) -> int:
    month = next((i + 1 for i, n in enumerate(_MONTHS) if n in expr.lower()), base.month)
    return (month - base.month) % 12


_MONTH_ONLY = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_EXPR = re.compile(
    rf"""(?P<explicit>(?:{MONTH_PATTERN})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?
        |\d{{1,2}}(?:\s+to\s+\d{{1,2}})?\s+(?:{MONTH_PATTERN})(?:\s+\d{{4}})?)
    |(?P<monthyear>{_MONTH_ONLY}\s+(?:last|next|this)\s+year|{_MONTH_ONLY},?\s+\d{{4}})
    |(?P<relyear>(?:last|next|this|earlier this|later this)\s+year)
    |(?P<relmonth>(?:last|next|this)\s+month)
    |(?P<relweek>(?:last|this|next)\s+week(?:end)?)
    |(?P<year>\b(?:in|since)\s+(?:1[5-9]|20)\d{{2}}\b)
    |(?P<month>\b(?:in|since|until|by|during|from)\s+(?:early\s+|late\s+|mid-)?{_MONTH_ONLY}\b
        (?:\s+(?:last|next|this)\s+year|,?\s+\d{{4}})?)
    |(?P<weekday>\b(?:on\s+|last\s+|next\s+|this\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)
    """,
    re.X,
)


def _shift_month(d: date, months: int) -> tuple[int, int]:
    idx = d.year * 12 + d.month - 1 + months
    return idx // 12, idx % 12 + 1


def resolve(expr: str, kind: str, base: date, future: bool) -> str | None:
    """The date an expression refers to, as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    low = expr.lower()
    if kind == "explicit":
        span = re.match(rf"(\d{{1,2}})\s+to\s+\d{{1,2}}\s+({MONTH_PATTERN})(?:\s+(\d{{4}}))?", expr)
        if span:  # "18 to 21 September": the event starts on the 18th
            return parse_date(f"{span.group(2)} {span.group(1)}, {span.group(3) or base.year}")
        if re.search(r"\d{4}", expr):
            return parse_date(expr)
        found = parse_date(f"{expr} {base.year}")
        if found is None:
            return None
        when = date.fromisoformat(found)
        # No year given: the nearest such day before the article (or after it, for a future event).
        if not future and when > base + timedelta(days=1):
            when = when.replace(year=base.year - 1) if not (when.month == 2 and when.day == 29) else when
        elif future and when < base:
            when = when.replace(year=base.year + 1) if not (when.month == 2 and when.day == 29) else when
        return when.isoformat()
    if kind == "monthyear":
        month = next(i + 1 for i, n in enumerate(_MONTHS) if low.startswith(n))
        if "last year" in low:
            return f"{base.year - 1}-{month:02d}"
        if "next year" in low:
            return f"{base.year + 1}-{month:02d}"
        written = re.search(r"\d{4}", low)
        return f"{written.group() if written else base.year}-{month:02d}"
    if kind == "relyear":
        return str(base.year + (-1 if low.startswith("last") else 1 if low.startswith("next") else 0))
    if kind == "relmonth":
        y, m = _shift_month(base, -1 if low.startswith("last") else 1 if low.startswith("next") else 0)
        return f"{y}-{m:02d}"
    if kind == "relweek":
        d = base + timedelta(days=-7 if low.startswith("last") else 7 if low.startswith("next") else 0)
        return f"{d.year}-{d.month:02d}"
    if kind == "year":
        return re.search(r"\d{4}", low).group()  # type: ignore[union-attr]
    if kind == "month" and re.search(r"year|\d{4}", low):
        return resolve(re.sub(r"^\w+\s+(?:early\s+|late\s+|mid-)?", "", expr), "monthyear", base, future)
    if kind == "month":
        month = next(i + 1 for i, n in enumerate(_MONTHS) if n in low)
        if future:
            year = base.year if month >= base.month else base.year + 1
        else:
            year = base.year if month <= base.month else base.year - 1
        return f"{year}-{month:02d}"
    if kind == "weekday":
        wd = next(i for i, n in enumerate(_DAYS) if n in low)
        if low.startswith("last"):
            delta = -((base.weekday() - wd) % 7 or 7)
        elif low.startswith("next") or future:
            delta = (wd - base.weekday()) % 7 or (7 if low.startswith("next") else 0)
        else:
            delta = -((base.weekday() - wd) % 7)
        return (base + timedelta(days=delta)).isoformat()
    return None


def _base(article: Article, fallback: date | None) -> date | None:
    if article.published:
        try:
            return date.fromisoformat(article.published[:10])
        except ValueError:
            pass
    return fallback


def extract_timeline(articles: Sequence[Article], *, max_words: int = 60) -> list[TimelineEvent]:
    known = sorted(d for a in articles if (d := _base(a, None)) is not None)
    # An undated article is read against the story's latest date: reports follow events.
    fallback = known[-1] if known else None
    events: list[tuple[str, str, str, str, frozenset[str]]] = []
    for a in articles:
        base = _base(a, fallback)
        if base is None:
            continue
        for s, e in sentence_spans(a.text):
            sentence = normalize(a.text[s:e])
            if len(sentence.split()) > max_words or len(sentence.split()) < 5:
                continue
            for m in _EXPR.finditer(sentence):
                # Tense is read from the few words before the expression, not the whole sentence.
                window = " ".join(sentence[: m.start()].split()[-6:]) + " " + m.group()
                future = bool(_FUTURE.search(window)) or (
                    m.lastgroup == "month" and bool(_FUTURE.search(sentence)) and not _PAST.search(window)
                    and _months_ahead(m.group(), base) <= 3
                )
                kind = m.lastgroup or ""
                when = resolve(m.group(), kind, base, future)
                if when:
                    events.append((when, sentence, a.id, m.group().strip(), terms(sentence)))
    merged: list[TimelineEvent] = []
    merged_terms: list[frozenset[str]] = []
    for when, sentence, aid, expr, t in sorted(events, key=lambda x: (x[0], x[2])):
        for ev, et in zip(merged, merged_terms, strict=True):
            if ev.date == when and overlap(t, et) >= 0.4:
                if aid not in ev.sources:
                    ev.sources.append(aid)
                break
        else:
            merged.append(TimelineEvent(when, sentence, [aid], expr))
            merged_terms.append(t)
    for ev in merged:
        ev.sources.sort()
    return merged
