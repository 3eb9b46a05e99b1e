"""Metadata found in article text: dates, datelines, bylines and wire agencies."""

from __future__ import annotations

import re
from datetime import date

__all__ = ["AGENCIES", "agency_in", "parse_date", "parse_dateline"]

# Canonical agency name -> patterns that name it in a byline, dateline or credit line.
AGENCIES: dict[str, str] = {
    "AFP": r"AFP|Agence France[- ]Presse",
    "AP": r"AP|Associated Press",
    "Reuters": r"Reuters|Thomson Reuters",
    "Bloomberg": r"Bloomberg(?: News)?",
    "UPI": r"UPI|United Press International|United Press",
    "dpa": r"dpa|Deutsche Presse-Agentur",
    "Xinhua": r"Xinhua",
    "TASS": r"TASS|Tass",
    "Kyodo": r"Kyodo(?: News)?",
    "ANSA": r"ANSA",
    "EFE": r"EFE",
    "PA": r"PA Media|Press Association",
    "ANI": r"ANI",
    "PTI": r"PTI|Press Trust of India",
}
_AGENCY_RE = [(name, re.compile(rf"(?<![\w-])(?:{pat})(?![\w-])")) for name, pat in AGENCIES.items()]

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ]
    )
    for m in names
}
MONTH_PATTERN = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DATE_PATTERNS = [
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(rf"(?P<mon>{MONTH_PATTERN})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})", re.I),
    re.compile(rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{MONTH_PATTERN}),?\s+(?P<y>\d{{4}})", re.I),
]
DATE_PATTERN = "|".join(p.pattern.replace("?P<y>", "?:").replace("?P<m>", "?:").replace("?P<d>", "?:")
                        .replace("?P<mon>", "?:") for p in _DATE_PATTERNS)


def parse_date(text: str) -> str | None:
    """The first absolute calendar date in ``text`` as ``YYYY-MM-DD``, or None."""
    best: tuple[int, str] | None = None
    for pat in _DATE_PATTERNS:
        m = pat.search(text)
        if not m:
            continue
        try:
            month = int(m.group("m")) if "m" in m.groupdict() else _MONTHS[m.group("mon").lower().rstrip(".")]
            value = date(int(m.group("y")), month, int(m.group("d"))).isoformat()
        except (ValueError, KeyError):
            continue
        if best is None or m.start() < best[0]:
            best = (m.start(), value)
    return best[1] if best else None


def agency_in(text: str) -> str | None:
    """The wire agency named in a byline, dateline or credit line, or None."""
    hits = [(m.start(), name) for name, pat in _AGENCY_RE for m in [pat.search(text)] if m]
    return min(hits)[1] if hits else None


_DATELINE = re.compile(
    rf"""^(?P<place>[A-Z][A-Z.'\- ]+(?:,\s*[A-Z][A-Za-z.'\- ]+)?)       # PLACE, or PLACE, Country
    (?:,\s*(?P<date>{MONTH_PATTERN}\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+{MONTH_PATTERN}(?:\s+\d{{4}})?))?
    \s*\((?P<agency>[^)]{{1,40}})\)\s*[-:]+\s*""",
    re.X,
)


def parse_dateline(paragraph: str) -> tuple[str, str | None, str | None] | None:
    """Split a wire dateline ("BEIJING, Sept 18, 2023 (AFP) - ") off a paragraph.

    Returns ``(dateline, date, agency)`` or None when the paragraph opens with no dateline.
    """
    m = _DATELINE.match(paragraph)
    if not m:
        return None
    agency = agency_in(m.group("agency"))
    if agency is None:
        return None
    when = parse_date(m.group("date")) if m.group("date") else None
    return m.group().strip(), when, agency
