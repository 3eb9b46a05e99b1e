"""Rules that recognise site junk in one paragraph, each with the reason it is recorded under.

A rule sees one paragraph (a blank-line separated block, or one line of a header block)
and whether it sits in the article's header, before the first body paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from .metadata import DATE_PATTERN

__all__ = ["JunkRule", "RULES", "classify", "is_body_paragraph"]

_ICON_WORDS = r"(?:arrow-(?:left|right|up|down)|chevron-\w+|camera|close|menu|search|share|print|email|facebook|x|twitter|whatsapp|linkedin|comment|comments|video|play|icon)"


def _anchored(pattern: str) -> bool:
    """True when the pattern can only match at the start: it begins with ``^`` and has no ``|``
    outside parentheses (and outside character classes, where ``(``, ``)`` and ``|`` are plain)."""
    if not pattern.startswith("^"):
        return False
    depth, i = 0, 1
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 1
        elif char == "[":
            i += 2 if pattern[i + 1 : i + 2] == "^" else 1
            i += pattern[i : i + 1] == "]"  # a "]" first in a class is a plain character
            while i < len(pattern) and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return False
        i += 1
    return True


@dataclass(frozen=True, slots=True)
class JunkRule:
    reason: str
    pattern: re.Pattern[str]
    header_only: bool = False
    max_words: int = 60
    # Words one of which the paragraph must contain (lower-cased) before the pattern is tried:
    # a substring test is far cheaper than a search for a pattern that starts with ``\b`` (and
    # a few ``in`` tests are cheaper than one regular-expression alternation of the same words).
    hints: tuple[str, ...] = ()
    ends: str = ""  # what the paragraph must end with (before trailing spaces), when the pattern says so
    # Start-anchored and without hints: gated by one alternation of all such rules (see classify).
    gated: bool = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "gated", _anchored(self.pattern.pattern) and not self.hints)


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


RULES: tuple[JunkRule, ...] = (
    JunkRule("navigation", _rx(r"^(?:skip to (?:main )?content|skip navigation|jump to|back to top|menu|home|sign in|log ?in|register|search|advertisement|advert|sponsored|share (?:this|on)\b.*)$")),
    JunkRule("navigation", _rx(rf"^(?:{_ICON_WORDS}[\s|/]*)+$"), max_words=6),
    JunkRule("masthead", _rx(r"\b(?:est\.|established|founded|since)\s+(?:\w+\s+\d{1,2},\s+)?\d{4}\b"), header_only=True, max_words=14,
             hints=("est.", "established", "founded", "since")),
    JunkRule("masthead", _rx(r"^the\s+[\w.'-]+(?:\s+[\w.'-]+){0,4}\s+(?:newspaper|online|digital edition)$"), header_only=True, max_words=8),
    JunkRule("newsletter plug", _rx(r"^(?:editor'?s note:\s*)?(?:subscribe|sign up|sign-up|get our|join our|register for)\b.*\b(?:newsletter|subscription|subscribe|inbox|briefing|alerts?)\b")),
    JunkRule("newsletter plug", _rx(r"^(?:editor'?s note:\s*)?.*\bnewsletter\b.*\b(?:subscribe|sign up|inbox)\b"), hints=("newsletter",)),
    JunkRule("related link", _rx(r"^\W*(?:related(?: articles?| stories| coverage| content| news)?|read more|read also|see also|more on this|also read|recommended(?: for you)?)\W*(?::|»|>|\||$)")),
    JunkRule("original url footer", _rx(r"^(?:original (?:url|article|link)|source url|url)\s*:")),
    JunkRule("url", _rx(r"^<?https?://\S+>?$")),
    JunkRule("copyright footer", _rx(r"^(?:©|\(c\)|copyright\b)\s*(?:\d{4}|[A-Z]).{0,200}$|\ball rights reserved\.?$"), max_words=40,
             hints=("\u00a9", "(c)", "copyright", "all rights reserved")),
    JunkRule("legal notice", _rx(r"\b(?:may not be (?:reproduced|republished|redistributed|rewritten|broadcast)|without (?:the )?(?:prior )?written permission|for use by member (?:newspapers|publications)|for syndication rights|reprint licen[cs]ing)\b"), max_words=120,
             hints=("may not be", "written permission", "for use by member", "syndication rights", "reprint licen")),
    JunkRule("photo caption", _rx(r"\((?:photo|image|picture|credit|file photo|photograph)\b[^()]*\)\s*$"), max_words=120, ends=")"),
    JunkRule("photo caption", _rx(r"\((?:[^()/]{1,60}/){1,}[^()/]{1,60}\)\s*$"), max_words=120, ends=")"),
    JunkRule("photo caption", _rx(r"^!\[[^\]]*\]\([^)]*\)\s*$"), max_words=120),
    JunkRule("photo caption", _rx(r"^(?:in this (?:pool |file |handout )?(?:photo|image|picture)|pictured:|file photo:|photo:|image:|caption:)"), max_words=120),
    JunkRule("photo caption", _rx(r"\[[\w.-]+\.(?:com|org|net|ru|gov|co|io|info)[\w./-]*\]\([^)]*\)\s*$"), ends=")"),
    JunkRule("photo caption", _rx(r"\b(?:getty images|ap photo|afp photo|reuters/|epa-efe|shutterstock|associated press photo)\b[^.]*\)?\s*$"),
             hints=("getty images", "ap photo", "afp photo", "reuters/", "epa-efe", "shutterstock", "associated press photo")),
    JunkRule("date line", _rx(rf"^(?:published|updated|posted|date)?:?\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:{DATE_PATTERN})(?:\s*(?:at\s*)?\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{{2,4}})?)?$")),
    JunkRule("byline", _rx(r"^by\s+(?:\[[^\]]+\]\([^)]*\)|[\w.'-]+)(?:[\s,]+(?:and\s+)?(?:\[[^\]]+\]\([^)]*\)|[\w.'-]+)){0,9}(?<![.!?])$"), max_words=12),
)


_LONGEST = max(rule.max_words for rule in RULES)  # a longer paragraph is never junk


# The start-anchored rules without hints, in one alternation: tried at one position only, so one
# cheap match tells whether any of them can apply. Rules with hints stay out: their hint is the
# cheaper gate (the newsletter rule's leading ``.*`` made the alternation scan every paragraph).
_ANY_ANCHORED = re.compile("|".join(f"(?:{r.pattern.pattern})" for r in RULES if r.gated), re.I)
_ENDS = tuple(sorted({rule.ends for rule in RULES if rule.ends}))


def is_body_paragraph(paragraph: str) -> bool:
    """A paragraph that reads as article prose: long enough and ending like a sentence."""
    twelve_words = len(paragraph.split(None, 11)) == 12  # (stops counting there)
    return twelve_words and paragraph.rstrip()[-1:] in '.!?"\')' and not classify(paragraph, header=False)


def classify(paragraph: str, *, header: bool) -> str | None:
    """The junk reason for ``paragraph``, or None when it is article text."""
    if len(paragraph) > _MEMO_CHARS:  # longer than any junk paragraph is likely to be: not worth keeping in the memo
        return _classify.__wrapped__(paragraph, header)
    return _classify(paragraph, header)


_MEMO_CHARS = 2_000


# The rules a paragraph is tried against, in order, by what the cheap gates found:
# ``_TRIED[anchored, ends, header]`` leaves out the gated rules when the alternation does not match,
# the rules needing an ending the paragraph lacks, and header-only rules outside the header. Each
# entry is ``(reason, search, max_words, hints, ends)``.
_Tried = tuple[tuple[str, Callable[[str], "re.Match[str] | None"], int, tuple[str, ...], str], ...]
_TRIED: dict[tuple[bool, bool, bool], _Tried] = {
    (anchored, ends, header): tuple(
        (r.reason, r.pattern.search, r.max_words, r.hints, r.ends) for r in RULES
        if (anchored or not r.gated) and (ends or not r.ends) and (header or not r.header_only)
    )
    for anchored in (False, True) for ends in (False, True) for header in (False, True)
}


# Copies repeat paragraphs (and the cleaner asks about a header line twice): a memo of this pure
# function answers a repeated paragraph without trying the rules again.
@lru_cache(maxsize=1 << 16)
def _classify(paragraph: str, header: bool) -> str | None:
    text = paragraph.strip()
    if not text:
        return None
    # The words are counted only for a rule whose cheaper gates pass (most paragraphs pass none), or at
    # once for a text long enough to hold more words than any rule allows (more than _LONGEST words take
    # at least 2 * _LONGEST + 1 characters): a long paragraph is then turned down before any test.
    n_words = -1
    if len(text) > 2 * _LONGEST:
        n_words = len(text.split(None, _LONGEST))  # (stops counting past _LONGEST)
        if n_words > _LONGEST:
            return None
    low: str | None = None
    for reason, search, max_words, hints, ends in _TRIED[
        _ANY_ANCHORED.match(text) is not None, text.endswith(_ENDS), header
    ]:
        if ends and not text.endswith(ends):
            continue
        if n_words > max_words:  # (counted already: a rule for shorter paragraphs is passed over before its hints)
            continue
        if hints:
            if low is None:
                low = text.lower()
            for hint in hints:
                if hint in low:
                    break
            else:
                continue  # (no hint in the paragraph: the pattern cannot match)
        if n_words < 0:
            n_words = len(text.split(None, _LONGEST))  # (stops counting past _LONGEST)
        if n_words <= max_words and search(text):
            return reason
    return None
