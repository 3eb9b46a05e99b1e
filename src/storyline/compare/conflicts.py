"""Conflicts: the same slot with different values in different voices.

Two passes find them. Slot conflicts: a duration ("three-day trip", "two-day closure")
keyed by its unit and what it measures, or a count ("12 people were injured") keyed by the counted
noun and the verb; two values of one slot conflict when different voices give them and at least one
sentence of each side talks about the same thing (term overlap beyond the slot itself). Value
conflicts (:func:`value_conflicts`): figures, dates, names and polarity of aligned statements, each
value read with the slot it stands in (the words next to it, what it counts, its verb, its period),
so that two figures of one sentence pair are told apart from one figure reported two ways.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations
from typing import Literal

from ..model import Conflict, Variant
from ..text import STOPWORDS, normalize
from .base import NUMBER_WORDS, Statement, Voice, overlap, similar_pairs, stem, terms
from .places import nested, place_kind
from .syntax import Act, DependencyRoles, Role

__all__ = ["ALIGN_SLACK", "Slot", "find_conflicts", "slots", "value_conflicts"]

_NUM_WORDS = {**NUMBER_WORDS, "a": 1}
_NUM = r"(?:\d[\d,]*(?:\.\d+)?|" + "|".join(k for k in _NUM_WORDS if k != "a") + r")"
_UNITS = r"(?:minute|hour|day|night|week|month|year)"
_DURATION = re.compile(rf"(?<![\w-])(?P<num>{_NUM})[- ](?P<unit>{_UNITS})s?(?:-long)?[- ](?P<head>[a-z]+)", re.I)
_COUNT = re.compile(
    rf"(?<![\w-])(?P<num>{_NUM})\s+(?:more\s+|other\s+)?(?P<noun>[a-z]+)\s+(?:(?:were|was|have been|had been|are|is|got)\s+)?"
    rf"(?P<verb>[a-z]+ed)\b",
    re.I,
)
_SAME_THING = {"visit": "trip", "tour": "trip", "journey": "trip", "stay": "trip", "trip": "trip"}
_SKIP_NOUNS = {"percent", "per", "am", "pm", "of", "and", "or", "in", "on", "to", "the", "a", "years", "year", "million",
               "billion", "trillion", "thousand", "hundred", "dozen"}
# What follows a duration without naming what lasts: "a 27-year-old man" (an age: two people, not one
# disputed age), "after seven days if", "four months after".
_NOT_HEADS = {"old", "if", "after", "before", "ago", "later", "earlier", "from", "since", "when", "until", "as", "at",
              "by", "for", "with", "into", "that", "than", "then", "while", "because", "so", "but"}


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
        if value is None or head in _SKIP_NOUNS or head in _NOT_HEADS:
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
                   pairs: list[tuple[Statement, Statement, float]] | None = None,
                   roles: DependencyRoles | None = None) -> list[Conflict]:
    """Slot conflicts (durations, counts), then, with ``align``, value conflicts of aligned statements
    (numbers, money, dates, names, negation) that no slot conflict already reports."""
    conflicts = _slot_conflicts(voices, context=context)
    if align is not None:
        covered = {v.text for c in conflicts for v in c.variants}
        for c in value_conflicts(voices, align=align, pairs=pairs, roles=roles):
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
# Two statements of different voices that say nearly the same thing are compared value by value:
# figures (numbers, amounts of money, percentages), dates, names and polarity. Each value is read with
# the slot it stands in: the words next to it, what it counts, the verb that goes with it, the period
# it belongs to. A pair of values of two statements conflicts when
# - nothing shows them to be two different facts (see :func:`_figure_evidence`, :func:`_date_evidence`,
#   :func:`_one_entity`: another unit or period, a change against a level, a part against its total,
#   a forecast against a result, a value inside the other's range, two names of one person...);
# - there is evidence they fill one slot (points for the same word just before or after them, the
#   same counted noun, the same verb, content words shared within four words), and the more there is,
#   the less the rest of the two statements must overlap (the Dice overlap of their content terms less
#   the values' own words): ``align`` for one point, down to ``align - 0.25`` for six (:func:`_need`);
# - the values are not both attested elsewhere (a figure each voice gives somewhere, a date or a name
#   other voices write too, is two facts, not one disputed one).
# Candidate pairs come from :func:`similar_pairs` at ``align - ALIGN_SLACK`` and from
# :func:`_anchored_pairs`: statements down to ``align - ANCHOR_SLACK`` whose values stand among two or
# more of the same words (a changed value in a reworded sentence). Polarity is compared apart: a denial
# ("did not attend"; not one before an infinitive or after a preposition: "warned it not to") against
# a statement of another voice that affirms its predicate, with the same words around it.
# Each figure disputes at most one figure of the other statement; each name has at most one rival;
# one negation conflict per denying statement. With ``roles`` (the spaCy backend: compare/syntax.py),
# the parser's roles count too: two names in one role with one head (on two points of evidence, where
# the other voices back one of the two), two dates of one act, and a denied act against the same act,
# stated as a fact about a shared noun, name or figure, in another voice.
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_FIGURE_WORDS = {**NUMBER_WORDS, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "sixty": 60,
                 "seventy": 70, "eighty": 80, "ninety": 90}
_ONES = "|".join(w for w, n in NUMBER_WORDS.items() if n < 10)
_NUMERIC = re.compile(
    r"(?P<money>\$\s?)?(?<![\w/-])(?P<num>\d(?:[\d,]*\d)?(?:\.\d+)?|(?:" + "|".join(_TENS) + rf")-(?:{_ONES})|"
    + "|".join(sorted(_FIGURE_WORDS, key=len, reverse=True)) + r")(?![\w/-]|:\d|,\d)"
    r"(?P<dozen>\s+dozen\b)?(?P<scale>\s+(?:million|billion|trillion|thousand)\b)?(?P<pct>\s*(?:%|percent\b))?",
    re.I,
)
# What a hedge makes of a figure: at least, at most, just under, or about it ("rose up to 6%" is no hedge).
_BOUNDS = ((">", re.compile(r"\b(?:more than|over|at least|upwards of|in excess of|greater than|above|higher than|"
                             r"exceed\w*)\s+(?:a\s+)?\$?$", re.I)),
           ("<", re.compile(r"\b(?:less than|fewer than|under|(?<!ed )(?<!rose )(?<!up )up to|as many as|as much as|"
                             r"as high as|no more than|below|at most|lower than)\s+(?:a\s+)?\$?$", re.I)),
           ("-", re.compile(r"\b(?:nearly|almost|just under|close to)\s+(?:a\s+)?\$?$", re.I)),
           ("~", re.compile(r"\b(?:about|around|roughly|some|approximately|estimated|an estimated|circa)\s+"
                            r"(?:a\s+)?\$?$", re.I)))
# A forecast, compared only with another: "economists had expected 1 million jobs".
_OUTLOOK = re.compile(r"\b(?:economists|analysts|forecasters?|consensus|expectations?|median (?:estimate|forecast)|"
                      r"had (?:been )?(?:expected|expecting|forecast|predicted|anticipated)|were expecting)\b", re.I)
# A figure per unit, compared only with another: "1 million doses each", "$483 per family".
# "3% from a year earlier", "a year ago" name the base of a change, not a unit; nor does a possessive:
# "90% effective at reducing a person's risk".
_RATE = re.compile(r"^\s*(?:%\s*)?(?:[A-Za-z-]+\s+){0,3}?(?:each|apiece|per\s+\w+|an?\s+(?:day|week|month|year|hour|"
                   r"piece|person)\b(?!\s+(?:earlier|ago|before|prior|previously|later)|['’]s\b)|on average|daily)\b", re.I)
_AUXILIARY = frozenset({"were", "was", "have", "has", "had", "been", "are", "is", "be", "being", "got", "reportedly"})
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_NAMES = ("january", "february", "march", "april", "june", "july", "august", "september", "october",
                "november", "december")
_MONTH_RE = "|".join(_MONTH_NAMES) + "|may|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
_CAPITAL = re.compile(r"(?<![.!?\"]\s)(?<!^)(?<!\")\b[A-Z][a-z]{2,}(?:\s+[A-Z][a-z]+)*")
_NOT_NAMES = {*(w.capitalize() for w in (*_WEEKDAYS, *_MONTH_NAMES)), "May", "The", "A", "An", "In", "On", "At"}
_NEGATION_CUE = re.compile(r"\b(?:not|never)\b|n't\b", re.I)  # "no" quantifies a noun ("no votes")
# Words that deny without a cue ("declined to indict", "refusal to commit"): a predicate among the four
# words after one (or after a cue) is not affirmed.
_IMPLICIT_NEGATION = re.compile(r"\b(?:not|never|no\b|declin|fail|lack|refus|reject|den(?:y|ie|ial)|without|against|"
                                r"drop|halt|block|cancel|walk(?:s|ed|ing)? back|rul(?:e|ed|es|ing) out)", re.I)
# Words that deny the predicate they govern: "cannot (possibly) (have) (been) extradited", "should avoid
# (formally) signing", "avoided having to sign", "None of the names was released", "Nobody at the port signed".
# They govern it when no clause break stands between them and it, and when they follow no preposition: "To
# avoid delays, Varn signed", "With nobody watching, Varn signed", "avoided reporters and signed", "who cannot
# stand delays, signed" affirm the signing.
_GOVERNING_DENIAL = re.compile(r"\b(?:cannot|avoid(?:s|ed|ing)?|none|nobody|nothing)\b", re.I)
# A subordinate clause, a reporting verb or "none other than" between the word and the predicate: the word
# governs something else ("Nobody disputes that Varn signed", "Officials who cannot be named said Varn signed").
_GOVERNED_BREAK = re.compile(r"\b(?:that|when|until|after|before|from|while|because|since|if|said|says|told)\b|"
                             r"\bnone\s+other\b", re.I)
_AFTER_PREPOSITION = re.compile(r"\b(?:to|with|for|of|by|from|in|on|at|about|after|before|despite|without)\s+$", re.I)


def _governed_denial(text: str, start: int) -> bool:
    """A word of _GOVERNING_DENIAL governs the predicate at ``start`` of ``text``."""
    clause = _CLAUSE_BREAK.split(text[max(0, start - 60) : start])[-1]
    return any(not _AFTER_PREPOSITION.search(clause, 0, m.start()) and not _GOVERNED_BREAK.search(clause, m.start())
               for m in _GOVERNING_DENIAL.finditer(clause))


_WORD_RE = re.compile(r"[A-Za-z]+")
ALIGN_SLACK = 0.1  # candidate pairs are drawn this far below ``align``
# Statements this far below ``align`` are compared when their values stand among the same words
# (:func:`_anchored_pairs`); a value then needs strong evidence of standing in the same slot.
ANCHOR_SLACK = 0.25


def _find_word(text: str, phrase: str) -> int:
    """Where ``phrase`` first stands in ``text`` as whole words, or -1 (a plain search: patterns built
    per name would crowd out the regular-expression cache)."""
    start = text.find(phrase)
    while start >= 0:
        end = start + len(phrase)
        if (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return start
        start = text.find(phrase, start + 1)
    return -1


def _need(evidence: int, align: float) -> float:
    """The overlap two statements need (besides the values compared) when their values stand in one
    slot with ``evidence`` points: the surer the slot, the less the rest must agree."""
    return max(0.0, align - (0.25 if evidence >= 6 else 0.2 if evidence >= 4 else 0.15 if evidence == 3
                             else 0.1 if evidence == 2 else 0.0))


# -- figures
@dataclass(frozen=True, slots=True)
class _Value:
    """A figure and the slot it stands in."""

    kind: str  # number, money, percent
    value: float
    surface: str
    context: frozenset[str]  # stemmed content words within four words
    left: str  # the nearest content word before it, within five words ("added 916,000"), stemmed; "" for none
    unit: tuple[str, ...]  # what it counts ("916,000 jobs", "13 service members"), stemmed
    role: str  # "change" (by 37,000), "level" (to 412,000), "earlier" (from 6%) or ""
    direction: str  # "up" (rose, added), "down" (fell, lost) or ""
    span: tuple[float, float] | None  # the range it opens or closes ("12 to 15", "50%-52%"), if any
    when: str  # the period it belongs to: "month:may", "year:2020", "relative:last week" or ""
    bound: str  # ">" at least ("more than 1,000"), "<" at most ("up to 60"), "-" just under ("nearly 30"), "~" about
    outlook: bool  # a forecast ("economists had expected 1 million"), not a result
    rate: bool  # per unit ("1 million doses each", "$483 per family", "2.7 million shots a day")
    verb: str  # the past participle that goes with it ("killed 13", "300 people marched"), stemmed; "" for none
    step: float  # the rounding unit as written: 1 for "138,229" and "50", 1,000 for "2,000", 0.1 million for "2.5 million"
    extra: bool  # on top of others: "15 more inches", "24 other states", "an additional 600 million doses"
    # ("12% more than a year ago" is a comparison)
    start: int  # where it starts in its sentence
    clause_end: int  # where its clause ends after it (the next comma, semicolon, "and" or "but"; 90 characters at most)
    yearly: bool  # a change over twelve months, whatever period it is dated by ("5.4% in May from a year earlier")


# Words that hedge or scale a figure say nothing about what it counts ("at least two Israelis",
# "at least nine children" share only "least").
_HEDGE_WORDS = frozenset({"least", "nearly", "almost", "roughly", "approximately", "estimated", "another",
                          "additional", "only", "just", "about", "around", "some", "over", "under", "than", "more",
                          "less", "fewer", "much", "many", "up", "as"})
# Scale and unit words belong to the figure ("2.1 million", "6 percent"), not to what it measures: two
# figures sharing only "million" are not about one thing.
_SCALE_WORDS = frozenset({"million", "billion", "trillion", "thousand", "percent", "per", "cent", "dozen"})
# Units of time, multiples and ages: "73 years" and "seven decades", "five times" and "281,000 people",
# "husband of 73 years" and "died aged 99" are never one figure read two ways.
_TIME_UNITS = frozenset({"second", "minute", "hour", "day", "night", "week", "month", "year", "decade", "century",
                         "centurie", "time", "weekend", "quarter", "age"})
# Between a figure and the preposition that gives its role: "by a seasonally adjusted 16,000",
# "from an upwardly revised 769,000".
_ROLE_SKIP = frozenset({"a", "an", "the", "its", "their", "revised", "upwardly", "downwardly", "seasonally", "adjusted",
                        "total", "record", "mere", "whopping", "healthy", "robust", "modest", "initial", "final"})
_ROLE = {"by": "change", "to": "level", "at": "level", "from": "earlier"}
_UP = re.compile(r"\b(?:rose|ris(?:e|es|ing)|up|increas\w*|grew|grow\w*|gain\w*|jump\w*|climb\w*|soar\w*|surg\w*|"
                 r"add(?:s|ed|ing)?|higher|spik\w*|rais\w*|boost\w*)\b", re.I)
_DOWN = re.compile(r"\b(?:fell|fall\w*|down|decreas\w*|declin\w*|drop\w*|lost|los(?:e|es|ing)|cut\w*|shed\w*|lower\w*|"
                   r"plung\w*|slid\w*|shr[ai]nk\w*|tumbl\w*|dipp?\w*|slump\w*|reduc\w*)\b", re.I)
# "12 to 15", "50%-52%", "between 18 and 64": the second figure right after the first
_RANGE_AFTER = re.compile(r"\s*(?:%|percent)?\s*(?:-|to|and)\s*\$?(\d[\d,]*(?:\.\d+)?)(?![\d/])")
_WINDOW_WORD = re.compile(r"[A-Za-z]+|\b(?:19|20)\d\d\b")  # words, and years: "30 percent in 2020"
_SCALED = re.compile(r"million|billion|trillion", re.I)
_CLAUSE_BREAK = re.compile(r"[,;:(]| and | but ")
# A change against the year before, or over the twelve months to a month: "5.4% in May from a year earlier",
# "higher than a year ago", "annual inflation of 5.4%", "a 5.4% year-on-year rise", "5.4% in the year to May".
# Not "annual" before anything else ("its annual report", "the annual season"), nor a bare "a year earlier".
_YEARLY = re.compile(
    r"\b(?:(?:from|than|over|on|versus|vs\.?|compared\s+(?:with|to))\s+(?:the\s+same\s+[a-z]+\s+)?(?:a|one|the)\s+"
    r"(?:year|12\s+months)\s+(?:earlier|ago|before)|annuali[sz]ed|"
    r"year[- ](?:on|over)[- ]year|annual\s+(?:rate|pace|basis|rise|increase|inflation|growth)|"
    rf"(?:year|12\s+months|twelve\s+months)\s+(?:to|through|ended|ending)\s+(?:{_MONTH_RE})\b)", re.I)
# "$1 trillion", "2 million", "Two million": one digit or number word, no decimals
_ONE_DIGIT = re.compile(r"\$?\s?(?:\d|one|two|three|four|five|six|seven|eight|nine)\s", re.I)
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTH_RE})\.?\s+$", re.I)
_MONTH_AFTER = re.compile(rf"\s+(?:{_MONTH_RE})\b", re.I)
_WHEN = re.compile(r"\b(?:(?P<month>" + "|".join(m.capitalize() for m in _MONTH_NAMES) + r"|May)|"
                   r"(?P<year>(?:19|20)\d\d)|(?i:(?:last|this|past|prior|previous|preceding|following|next)\s+"
                   r"(?:week|month|year|quarter)|(?:a|one)\s+(?:week|month|year)\s+(?:earlier|before|ago)|"
                   r"(?:first|second|third|fourth)\s+quarter))\b")
_WHEN_SAME = {"previous": "prior", "preceding": "prior"}
# Words that count or do one thing in news copy: "added 916,000 jobs" and "added 916,000 workers";
# "said Monday" and "announced Monday" (verbs of rising or falling count as one too: _UP, _DOWN).
_KIN_GROUPS = (("job", "jobs", "worker", "workers", "position", "positions", "payroll", "payrolls"),
               ("people", "person", "persons", "american", "americans", "individual", "individuals", "resident",
                "residents", "citizen", "citizens"),
               ("troop", "troops", "force", "forces", "soldier", "soldiers", "personnel"),
               ("dose", "doses", "shot", "shots", "vaccination", "vaccinations", "jab", "jabs"),
               ("death", "deaths", "fatality", "fatalities", "dead", "killed", "killing", "died"),
               ("wounded", "injured", "injuring", "injury", "injuries", "hurt"),
               ("case", "cases", "infection", "infections"),
               ("said", "says", "told", "announced", "declared", "reported", "confirmed", "tweeted", "wrote",
                "stated", "added", "noted", "revealed", "disclosed"))
_KIN = {stem(w): i for i, group in enumerate(_KIN_GROUPS) for w in group}
_SAYING = frozenset(stem(w) for w in _KIN_GROUPS[-1])


# A verb of rising or falling is the figure's direction, not its subject: the word just before a figure
# is read past it ("the unemployment rate edged down to 3.8%" and "the unemployment rate was 5.8%").
_MOVE = re.compile(rf"{_UP.pattern}|{_DOWN.pattern}|(?:edg|tick|inch)(?:ed|es|e|ing|s)?", re.I)


def _window(text: str, start: int, end: int, width: int = 4) -> frozenset[str]:
    before = _WINDOW_WORD.findall(text[max(0, start - 60) : start])[-width:]
    after = _WINDOW_WORD.findall(text[end : end + 60])[:width]
    return frozenset(stem(w) for w in (*before, *after)
                     if w.lower() not in STOPWORDS and w.lower() not in _FIGURE_WORDS and len(w) > 1
                     and w.lower() not in _HEDGE_WORDS and w.lower() not in _SCALE_WORDS)


# Endings that make a stem another part of speech ("effect", "effective"; "elect", "election"); no two
# end alike, so a word has at most one. stem() has already taken most "-ing", "-ed" and "-s" off; they
# remain for words it leaves whole.
_DERIVED = ("ive", "ion", "ment", "al", "er", "or", "ing", "ed", "s")


def _root(word: str) -> str:
    """A stemmed word without its derivational ending, where at least five letters remain ("effective" ->
    "effect"), else the word."""
    return next((word[: -len(end)] for end in _DERIVED if word.endswith(end) and len(word) - len(end) >= 5), word)


def _kin_keys(word: str) -> tuple[str, ...]:
    """Keys under which a stemmed word says the same as others (see :func:`_same`): the groups of
    _KIN_GROUPS and of rising or falling it is in ("added" says and adds), else its root ("effective"
    is "effect")."""
    keys: tuple[str, ...] = (f"kin:{_KIN[word]}",) if word in _KIN else ()
    keys += ("kin:up",) if _UP.fullmatch(word) else ("kin:down",) if _DOWN.fullmatch(word) else ()
    return keys or (_root(word),)


def _content(word: str) -> bool:
    lw = word.lower()
    return (len(lw) > 1 and lw not in STOPWORDS and lw not in _HEDGE_WORDS and lw not in _SCALE_WORDS
            and lw not in _FIGURE_WORDS and lw not in _ROLE_SKIP)


def _same(a: str, b: str) -> bool:
    """Two stemmed words that say the same here: equal, one the other with a derivational ending, of one
    group of _KIN_GROUPS, or both verbs of rising (falling)."""
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    if _root(long) == short:
        return True  # one word of another part of speech: "effect" and "effective", "elect" and "election"
    return a == b or _KIN.get(a, -1) == _KIN.get(b, -2) or bool(
        _UP.fullmatch(a) and _UP.fullmatch(b) or _DOWN.fullmatch(a) and _DOWN.fullmatch(b))


_MORE = frozenset({"more", "additional", "extra", "other"})  # between a figure and what it counts
# A figure on top of others ("15 more inches", "24 other states", "an additional 600 million doses")
# is compared only with another such. "Another 6.2 million Americans filed" is how news gives this week's
# figure, no increment.
_EXTRA_AFTER = re.compile(rf"\s+(?:{'|'.join(sorted(_MORE))})\b(?!\s+than\b)", re.I)
_EXTRA_BEFORE = re.compile(r"\b(?:additional|extra)\s+\$?$", re.I)


def _unit(text: str, end: int) -> tuple[str, ...]:
    """Up to three words after a figure, to the first function word, hedge or verb: what it counts ("500
    million more doses" counts doses; "wounded 38 less than three miles away" counts nothing)."""
    out: list[str] = []
    for w in re.findall(r"[A-Za-z][A-Za-z.'-]*|[^\sA-Za-z]", text[end : end + 50])[:4]:
        lw = w.lower().strip(".'-")
        if not out and (lw in _SCALE_WORDS or lw in _MORE):
            continue
        s = stem(lw)
        if s in _TIME_UNITS:
            return (*out, s)
        if not lw[:1].isalpha() or lw in STOPWORDS or lw in _FIGURE_WORDS or lw in _AUXILIARY or lw in _HEDGE_WORDS:
            break
        if out and lw.endswith(("ed", "ing")):
            break  # "Democrats voted", not "wasted doses"
        out.append(s)
    return tuple(out)


def _role(text: str, start: int) -> tuple[str, str]:
    """The figure's role from the preposition before it, and the direction of the verb before it."""
    words = [w.lower() for w in _WORD_RE.findall(text[max(0, start - 60) : start])]
    role = ""
    for w in reversed(words[-5:]):
        if w in _ROLE:
            role = _ROLE[w]
            break
        if w not in _ROLE_SKIP and w not in _HEDGE_WORDS:
            break
    clause = re.split(r"[,;:(]", text[max(0, start - 50) : start])[-1]
    # the nearest verb of rising or falling: "claims rose after declining for 15 straight weeks" fell
    ups, downs = [m.start() for m in _UP.finditer(clause)], [m.start() for m in _DOWN.finditer(clause)]
    direction = "up" if ups and (not downs or ups[-1] > downs[-1]) else "down" if downs else ""
    return role, direction


def _when(text: str, start: int, end: int) -> str:
    """The period a figure belongs to: the nearest month, year or relative period after it in its
    clause (within 60 characters: "7.6 million Americans filed for unemployment benefits last week"), before
    the next figure ("2.5% in July", "310 in 2017 to 450"), else just before it ("in July, 2.5%"). A period
    after "from" is what the figure is measured against ("fell 1.2% from July")."""
    after = re.split(r"[,;:(]|(?<!\d)(?!(?:19|20)\d\d\b)\d| and | but ", text[end : end + 60])[0]
    before = _CLAUSE_BREAK.split(text[max(0, start - 30) : start])[-1]
    m = _WHEN.search(after)
    if m is not None and re.search(r"\bfrom\s+$", after[: m.start()]):
        m = None
    m = m or next(iter(reversed(list(_WHEN.finditer(before)))), None)
    if m is None:
        return ""
    if m.group("month") or m.group("year"):
        return f"{'month' if m.group('month') else 'year'}:{m.group().lower()}"
    words = m.group().lower().split()
    if len(words) == 3:  # "a week earlier"
        return f"relative:prior {words[1]}"
    return "relative:" + " ".join(_WHEN_SAME.get(w, w) for w in words)


def _verb(text: str, start: int, tail: str, unit: tuple[str, ...]) -> str:
    """The past participle that goes with a figure: just before it ("killed 13 service members"), else
    after what it counts ("300 people marched", "12 were hurt")."""
    for w in reversed(_WORD_RE.findall(text[max(0, start - 40) : start])[-3:]):
        if len(w) > 4 and w.lower().endswith("ed"):
            return stem(w)
        if w.lower() not in _ROLE_SKIP and w.lower() not in _HEDGE_WORDS:
            break
    for w in _WORD_RE.findall(tail)[len(unit) :][:4]:
        if w.lower() not in _AUXILIARY:
            return stem(w) if len(w) > 4 and w.lower().endswith("ed") else ""
    return ""


def _number_value(raw: str) -> float | None:
    low = raw.lower()
    if "-" in low:
        tens, ones = low.split("-")
        return float(_FIGURE_WORDS[tens] + _FIGURE_WORDS[ones])
    if low in _FIGURE_WORDS:
        return float(_FIGURE_WORDS[low])
    try:
        return float(low.replace(",", ""))
    except ValueError:
        return None


def _figures(text: str) -> list[_Value]:
    """The figures of a sentence with their slots. Years and days of a month (dates), times of day,
    "one" ("one of the") and number words inside names ("Capital One") are left out."""
    out = []
    closes: dict[int, tuple[float, float]] = {}  # where a range's second figure starts -> the range
    for m in _NUMERIC.finditer(text):
        raw = m.group("num")
        value = _number_value(raw)
        if value is None:
            continue
        if raw.isdigit() and len(raw) == 4 and 1900 <= value <= 2100 and not m.group("money"):
            continue  # a year: compared as a date
        if raw.lower() == "one" and not (m.group("money") or m.group("scale") or m.group("pct")):
            continue  # "one of the", "one official": rarely a figure anyone disputes
        before = text[max(0, m.start() - 40) : m.start()]
        if raw[0].isupper() and re.search(r"[A-Z][a-z]+\s$", before):
            continue  # part of a name ("Capital One", "Air Force One")
        if _MONTH_BEFORE.search(text, max(0, m.start() - 12), m.start()) or _MONTH_AFTER.match(text, m.end()):
            continue  # a day of the month: compared as a date
        if re.match(r"\s*(?:a\.?m\b|p\.?m\b)", text[m.end() :], re.I):
            continue  # a time of day
        if m.group("dozen"):
            value *= 12
        factor = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}.get(
            (m.group("scale") or "").strip().lower(), 1.0)
        value *= factor
        digits = raw.replace(",", "")
        if m.group("dozen") or raw.lower() == "dozen":
            step = 6.0 * factor  # "more than a dozen" may be 16
        elif "." in digits:
            step = factor * 10.0 ** -len(digits.split(".")[1])
        elif digits.isdigit() and (factor > 1 or value >= 1000):  # "2,000" may be rounded; "50" is a count
            step = factor * 10.0 ** (len(digits) - len(digits.rstrip("0")))
        else:
            step = factor
        lead = text[max(0, m.start() - 20) : m.start()]
        bound = next((b for b, pattern in _BOUNDS if pattern.search(lead)), "~" if m.group("dozen") else "")
        unit = _unit(text, m.end())
        if re.search(r"\b(?:aged?|ages|age of)\s+$", before) and not any(u in _TIME_UNITS for u in unit):
            unit = ("age",)  # "died aged 99", "at the age of 70 after": an age, not "73 years" of marriage
        elif not unit and raw.isdigit() and re.search(r"[A-Z][a-z]+,\s$", before) and text[m.end() : m.end() + 1] == ",":
            unit = ("age",)  # "Varn, 52, said": the age written after a name
        tail = text[m.end() : m.end() + 60]
        role, direction = _role(text, m.start())
        span = closes.get(m.start("num"))
        # "12 to 15" is a range, "by 37,000 to 824,000" a change and a level; so is "fell 20,000 to 462,000"
        # (after a verb of rising or falling, a second figure in the thousands, many times the first, is the
        # level reached; "rose 2 to 10 percent", "fall 5 to 25 degrees" stay ranges)
        if (r := _RANGE_AFTER.match(text, m.end())) and not m.group("scale") and role != "change":
            upper = float(r.group(1).replace(",", ""))
            if direction and not role and r.group().lstrip().startswith("to") and upper > 4 * value and upper >= 1000:
                role = "change"
            elif upper > value:  # a tally is written the other way round ("252-175")
                span = closes[r.start(1)] = (value, upper)
        out.append(_Value(
            "money" if m.group("money") else "percent" if m.group("pct") else "number", value, m.group().strip(),
            _window(text, m.start(), m.end()), next((stem(w) for w in reversed(_WORD_RE.findall(before)[-5:])
                                                     if _content(w) and not _MOVE.fullmatch(w)), ""),
            unit, role, direction, span, _when(text, m.start(), m.end()), bound,
            bool(_OUTLOOK.search(text, 0, m.start())), bool(_RATE.match(tail)), _verb(text, m.start(), tail, unit),
            step, bool(not m.group("pct") and _EXTRA_AFTER.match(text, m.end()) or _EXTRA_BEFORE.search(before)),
            m.start(), m.end() + len(clause := _CLAUSE_BREAK.split(text[m.end() : m.end() + 90])[0]),
            bool(_YEARLY.search(clause) or _YEARLY.search(_CLAUSE_BREAK.split(before)[-1]))))
    return out


def _interval(x: _Value) -> tuple[float, float]:
    """The values a figure is read as: "more than 4,500" a little over 4,500 (15 %, or the rounding the
    figure is written with: "more than 1,000" allows 1,800, "more than a dozen" 16; a writer who knew of
    9,000 would say so), "up to 60" a little under 60, "nearly 30" 27 to 30, "about 300" 7.5 % (or half
    the rounding, up to a quarter: "some 100,000" is no 150,000) either way; an exact figure, rounding
    (1.5 % either way)."""
    v = x.value
    if x.bound == ">":
        return v, v + max(0.15 * v, x.step)
    if x.bound == "<":
        return v - max(0.15 * v, x.step), v
    if x.bound == "~":
        slack = max(0.075 * v, min(x.step / 2, 0.25 * v))
        return v - slack, v + slack
    return (0.9 * v, v) if x.bound == "-" else (0.985 * v, 1.015 * v)


def _differ(x: _Value, y: _Value) -> bool:
    """No value fits both figures ("more than a dozen" and "16" agree; "about 300" and "some 200" do not).
    A whole number of millions, billions or trillions ("$1 trillion") is written round: it stands for
    any figure that rounds to it ("$1.2 trillion"), though not for another round one ("$2 trillion"). Only
    one digit is that round: "200 million" and "240 million" doses are two counts, as "20 million" and
    "24 million" are."""
    (a, b), (c, d) = _interval(x), _interval(y)
    if not (b < c or d < a):
        return False
    return not any(r.step < round_.step and abs(r.value - round_.value) < round_.step / 2
                   and _SCALED.search(round_.surface) and _ONE_DIGIT.match(round_.surface) and not round_.bound + r.bound
                   for round_, r in ((x, y), (y, x)))


def _is_total(total: _Value, part: _Value, parts: list[_Value], others: list[_Value]) -> bool:
    """``total`` is ``part`` plus one or two more of ``parts`` (figures of its statement) that the
    total's statement ``others`` does not give: "3 million to the north and 2 million to the south"
    against "5 million tonnes", to the rounding the total is written with, and the parts bring the
    part closer to the total ("almost 1,300 ... four weeks" is no "1,000"). Shares do not add up."""
    rest = [p.value for p in parts if p is not part and p.kind == part.kind and all(_differ(p, o) for o in others)]
    return total.kind != "percent" and any(
        abs(part.value + sum(c) - total.value) <= total.step / 2 + 1e-9 * total.value
        and abs(part.value + sum(c) - total.value) < abs(part.value - total.value) / 2
        for n in (1, 2) if len(rest) >= n for c in combinations(rest, n))


def _length(x: _Value) -> str:
    """How long the period of a figure lasts: "month:may" a month, "year:2020" a year, "relative:past
    year" a year, "relative:last week" a week; a change from a year before is a year's, whatever it is
    dated by ("5.4% in May from a year earlier")."""
    kind, _, period = x.when.partition(":")
    return "year" if x.yearly else period.split()[-1] if kind == "relative" else kind


def _two_periods(x: _Value, y: _Value) -> bool:
    """Two figures of two periods: of one kind ("0.6% in May", "0.9% in June") or of two lengths ("0.6% in
    May", "5.4% over the past year" or "5.4% in May from a year earlier")."""
    return bool(x.when and y.when and (x.when != y.when and x.when.split(":")[0] == y.when.split(":")[0]
                                       or _length(x) != _length(y)))


def _two_facts(x: _Value, y: _Value) -> bool:
    """Two close figures that are still two facts: of two periods (:func:`_two_periods`) or in two roles
    ("from 6%", "to 6.1%")."""
    return _two_periods(x, y) or bool(x.role and y.role and x.role != y.role)


def _given(v: _Value, own: list[_Value], others: list[_Value]) -> bool:
    """A figure of ``others`` gives ``v`` (fits it, in the same period and role), and no other figure of
    ``v``'s statement ``own`` fits it more closely: "1,626,042 valid signatures ... exceeds the 1,495,709
    required" is not given by "roughly 1.5 million required", which is the 1,495,709."""
    return any(not (_differ(v, z) or _two_facts(v, z))
               and not any(w is not v and not _differ(w, z) and abs(w.value - z.value) < abs(v.value - z.value)
                           for w in own)
               for z in others)


def _inside(v: _Value, others: list[_Value]) -> bool:
    """``v``, no end of a range itself, lies within a range of ``others`` ("aged 12 to 15")."""
    return not v.span and any(o.span and o.kind == v.kind and o.span[0] <= v.value <= o.span[1] for o in others)


def _other_spans(x: _Value, xs: list[_Value], y: _Value, ys: list[_Value]) -> bool:
    """The two figures are measured at two times: each has a span of time after it in its clause, of one
    unit, and the spans differ ("90% effective six months after" and "64% effective after five months"). A
    span elsewhere in the sentence is another fact ("sentenced to 10 years in prison and fined $250,000";
    "killed 12 people, three days after landfall")."""
    spans_x = [p for p in xs if p is not x and p.unit[-1:] and p.unit[-1] in _TIME_UNITS and x.start < p.start < x.clause_end]
    spans_y = [q for q in ys if q is not y and q.unit[-1:] and q.unit[-1] in _TIME_UNITS and y.start < q.start < y.clause_end]
    pairs = [(p, q) for p in spans_x for q in spans_y if p.unit[-1] == q.unit[-1]]
    return bool(pairs) and all(_differ(p, q) for p, q in pairs)


def _figure_evidence(x: _Value, y: _Value, xs: list[_Value], ys: list[_Value]) -> int | None:
    """How surely figure ``x`` of statement ``xs`` and figure ``y`` of statement ``ys`` fill one slot, or
    None when they are two facts: another kind ("2.9 trillion" and "$1.9 trillion" are one amount,
    "39 million" and "$483" are not); over three times apart (a total and a part, a level and a change;
    not under 10: "0.1" and "1.1 points" differ by one); a forecast against a result; a rate against a
    total; another unit of time, an age against a duration; a change against a level ("by 51,000",
    "to 419,000"); opposite directions ("rose", "fell"); a figure on top of others against one that is not
    ("500 million more doses", "500 million doses"); a total of the other statement's parts; a value
    inside the other's range; two periods (:func:`_two_periods`); two times of measurement
    (:func:`_other_spans`); a figure in words that counts no same thing ("two officials", "three months":
    spelled-out spans are duration slots, see :func:`slots`).

    Evidence: one point per content word shared within four words (up to three), one for the same
    period, two for the same word just before them (or the same verb), minus two for different verbs,
    one for the same direction, two for the same counted noun (or one's noun the other's verb or counting
    word: "pardoned 642 people", "issued 428 pardons"), minus two for different ones, one for another
    figure both statements give. Figures in words need four points."""
    if x.kind != y.kind and not ({x.kind, y.kind} == {"number", "money"} and _SCALED.search(x.surface)
                                 and _SCALED.search(y.surface)):
        return None
    if max(x.value, y.value) >= 10 and max(x.value, y.value) > 3 * min(x.value, y.value):
        return None
    if x.outlook != y.outlook or x.rate != y.rate or x.extra != y.extra:
        return None
    times_x, times_y = {u for u in x.unit if u in _TIME_UNITS}, {u for u in y.unit if u in _TIME_UNITS}
    if times_x != times_y and x.unit and y.unit:
        return None  # one side without a noun may still be years ("aged 12 to 15")
    if x.role and y.role and x.role != y.role and "change" in (x.role, y.role):
        return None
    if x.direction and y.direction and x.direction != y.direction:
        return None
    if _is_total(y, x, xs, ys) or _is_total(x, y, ys, xs) or _inside(x, ys) or _inside(y, xs):
        return None
    if _two_periods(x, y):
        return None
    if _other_spans(x, xs, y, ys):
        return None
    # what one counts may be what the other does: "pardoned 642 people" and "issued 428 pardons" (its
    # verb), "left 116 dead" and "killing 58" (a counting word of _KIN_GROUPS just before it); a rise or a
    # fall is no thing counted ("prices increased 0.8 percent", "the 0.9 percent CPI increase")
    shared_unit = any(_same(u, v) for u in x.unit for v in y.unit) or any(
        _same(w, u) for a, b in ((x, y), (y, x)) for w in (a.verb, a.left if a.left in _KIN else "")
        for u in b.unit if u not in _TIME_UNITS and not _UP.fullmatch(u) and not _DOWN.fullmatch(u))
    spelled = not (any(c.isdigit() for c in x.surface) and any(c.isdigit() for c in y.surface))
    if spelled and not any(_same(u, v) for u in x.unit for v in y.unit if u not in _TIME_UNITS):
        return None
    score = min(len(x.context & y.context), 3) + bool(x.when and x.when == y.when)
    score += 2 * bool(_same(x.left, y.left) or _same(x.verb, y.verb))
    score -= 2 * bool(x.verb and y.verb and not _same(x.verb, y.verb))
    score += bool(x.direction and x.direction == y.direction)
    if x.unit and y.unit or shared_unit:
        score += 2 if shared_unit else -2
    score += any(not _differ(p, q) for p in xs for q in ys if p is not x and q is not y)
    return score if not spelled or score >= 4 else 0


# -- dates
@dataclass(frozen=True, slots=True)
class _DateSlot:
    """Where a date stands: the content words within four words, the content word just before and just
    after it ("died Saturday"), the verbs near it, what the preposition before it makes of it ("since
    2019" a start, "by 2030" an end, "in 2020" a point), whether it modifies a noun ("Tuesday's
    elections") and the end of the day it names, if any: "early" ("early Friday", "Friday morning") or
    "late" ("late Thursday", "Thursday night")."""

    context: frozenset[str]
    left: str
    right: str
    verbs: frozenset[str]
    prep: str
    possessive: bool
    hour: Literal["", "early", "late"] = ""
    ended: bool = False  # the end of a period (_period_end): "the week ended (on) July 10"


# Words between a date and what it attaches to: "early on Saturday", "Friday night", "last Thursday".
_DATE_SKIP = frozenset({"on", "early", "late", "last", "this", "next", "the", "night", "morning", "evening", "afternoon",
                        "of", "at", "in", "mid", "through", "since"})
_DATE_PREP = {"since": "start", "from": "start", "after": "start", "following": "start", "starting": "start",
              "beginning": "start", "by": "end", "until": "end", "till": "end", "through": "end", "before": "end",
              "ending": "end", "ended": "end", "ahead": "end"}
_PAST = frozenset({"said", "told", "met", "went", "left", "held", "won", "lost", "fell", "rose", "began", "came",
                   "made", "took", "gave", "sent", "spoke", "struck", "hit", "shot", "quit", "ran", "set", "saw",
                   "became", "got", "put", "led", "cut", "sold", "bought", "paid", "brought", "broke", "wrote",
                   "chose", "fled", "flew", "froze", "beat", "drew", "grew", "threw", "knew"})


# The ends of a day, before or after a weekday: "early (on) Friday", "Friday morning"; "late Thursday",
# "Thursday night", "Thursday overnight" (the night after Thursday).
_HOURS: dict[Literal["early", "late"], tuple[re.Pattern[str], re.Pattern[str]]] = {
    "early": (re.compile(r"\bearly(?: on)? $", re.I), re.compile(r"^ (?:morning|before dawn)\b")),
    "late": (re.compile(r"\blate(?: on)? $", re.I), re.compile(r"^ (?:night|evening|overnight)\b"))}


def _overnight(x: str, cx: _DateSlot, y: str, cy: _DateSlot) -> bool:
    """Two weekdays one night apart, the later early or the earlier late and neither at the other end of
    its day ("late Tuesday", "early Wednesday"; "Tuesday night", "Wednesday"): one event dated on either
    side of midnight, or in two time zones, not two dates. "Early Tuesday" and "early Wednesday", "late
    Tuesday" and "Wednesday night" are a day apart."""
    if x not in _WEEKDAYS or y not in _WEEKDAYS:
        return False
    for (a, ca), (b, cb) in (((x, cx), (y, cy)), ((y, cy), (x, cx))):
        if (_WEEKDAYS[(_WEEKDAYS.index(a) + 1) % 7] == b and ca.hour != "early" and cb.hour != "late"
                and (ca.hour == "late" or cb.hour == "early")):
            return True
    return False


def _date_slot(text: str, start: int, end: int) -> _DateSlot:
    before = _WORD_RE.findall(text[max(0, start - 50) : start])
    after = _WORD_RE.findall(text[end : end + 50])
    left = next((stem(w) for w in reversed(before[-3:]) if w.lower() not in _DATE_SKIP and _content(w)), "")
    right = next((stem(w) for w in after[:2] if w.lower() not in _DATE_SKIP and _content(w)), "")
    verbs = frozenset(stem(w) for w in (*before[-4:], *after[:4])
                      if len(w) > 3 and w.lower().endswith("ed") or w.lower() in _PAST)
    lead = [w.lower() for w in before[-3:] if w.lower() not in ("early", "late", "last", "this", "next", "the", "mid")]
    prep = _DATE_PREP.get(lead[-1], "point") if lead else "point"
    if prep == "point" and len(lead) > 1 and lead[-1] in ("in", "on", "at"):
        prep = _DATE_PREP.get(lead[-2], "point")  # "starting in July" is a start, "until at least May" an end
    ends = [h for h, (pre, post) in _HOURS.items()
            if pre.search(text[max(0, start - 10) : start]) or post.match(text[end : end + 14])]
    hour: Literal["", "early", "late"] = ends[0] if ends else ""
    return _DateSlot(_window(text, start, end), left, right, verbs, prep, text[end : end + 2] == "'s", hour,
                     _period_end(before))


# A period a figure is counted over: "the week ended (on) July 10", "the quarter ending in March".
_PERIODS = frozenset({"week", "weeks", "month", "months", "quarter", "quarters", "year", "years", "period",
                      "periods", "season", "seasons", "half", "halves", "fortnight", "fortnights"})


def _period_end(before: list[str]) -> bool:
    """The words ``before`` a date end a period: "ended" or "ending" after a period noun (and maybe "that"
    or "which"), then maybe "in", "on" or "at" ("the week ended on July 10", "the week that ended July 17");
    not an event's end ("the strike ended June 4")."""
    words = [w.lower() for w in before[-5:]]
    if words and words[-1] in ("in", "on", "at"):
        words.pop()
    if not words or words.pop() not in ("ended", "ending"):
        return False
    if words and words[-1] in ("that", "which"):
        words.pop()
    return bool(words) and words[-1] in _PERIODS


def _dates(text: str) -> dict[str, dict[str, _DateSlot]]:
    """unit ("weekday", "month", "year", "day": a month-day) -> value -> where it stands."""
    out: dict[str, dict[str, _DateSlot]] = {"weekday": {}, "month": {}, "year": {}, "day": {}}
    low = text.lower()
    for unit, pattern in (("weekday", "|".join(_WEEKDAYS)), ("month", "|".join(_MONTH_NAMES)),
                          ("year", r"(?:19|20)\d{2}")):
        for m in re.finditer(rf"\b(?:{pattern})\b", low):
            out[unit][m.group()] = _date_slot(text, m.start(), m.end())
    for m in re.finditer(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?!\d|,\d)", low):
        month = next((n for n in _MONTH_NAMES if n.startswith(m.group(1)[:3])), "may")
        out["day"][f"{month} {int(m.group(2))}"] = _date_slot(text, m.start(), m.end())
    return out


def _date_evidence(x: _DateSlot, y: _DateSlot) -> int | None:
    """How surely two dates fill one slot, or None when they cannot: a start, an end and a point are
    three facts ("since 2019", "by 2030", "in 2020"), and so are a date that modifies a noun and one
    that dates an act ("Tuesday's elections", "reported Friday"). Evidence: one point per content word
    shared within four words (up to three), two each for the same content word just before and just
    after them ("died Saturday"), else one for the same content word next to them on the other side ("in
    Kabul on Thursday", "Monday in Kabul"), two for a verb both have near them (one when both have verbs of
    saying). Different verbs take nothing away: "a judge on Sunday blocked" and "a judge ruled Tuesday"
    date one ruling."""
    if x.prep != y.prep or x.possessive != y.possessive:
        return None
    score = min(len(x.context & y.context), 3) + 2 * bool(x.left and x.left == y.left)
    score += 2 * bool(x.right and x.right == y.right)
    if not (x.left and x.left == y.left or x.right and x.right == y.right):
        score += bool(x.left and x.left == y.right or x.right and x.right == y.left)
    if x.verbs & y.verbs:
        score += 2
    elif x.verbs & _SAYING and y.verbs & _SAYING:
        score += 1
    return score


# -- names
def _names(text: str) -> set[str]:
    """Runs of capitalised words that do not start a sentence (the benchmark injects names this way)."""
    return {m.group() for m in _CAPITAL.finditer(text) if m.group() not in _NOT_NAMES
            and m.group().lower() not in STOPWORDS}


def _kindred(x: str, y: str) -> bool:
    """Forms, spellings or abbreviations of one name ("Florida", "Floridians", "Fla"; "Qaida", "Qaeda"), or a
    place and its people ("Rico", "Rican")."""
    n = min(len(x), len(y), 6)
    short, long = sorted((x.lower(), y.lower()), key=len)
    rest = iter(long[1:])
    if 3 <= len(short) <= 5 < len(long) and short[0] == long[0] and all(ch in rest for ch in short[1:]):
        return True  # an abbreviation: its letters in order in the full name ("Fla", "Florida"; "Calif")
    if len(short) >= 4 and short[-1] in "aeiou" and long.startswith(short[:-1]) and long.endswith("an") \
            and len(long) - len(short) <= 2:
        return True  # a people of a place: "Rico", "Rican"; "Korea", "Korean"; "Chile", "Chilean"
    return n >= 4 and x[:n].lower() == y[:n].lower() or SequenceMatcher(None, x.lower(), y.lower()).ratio() >= 0.75


def _differing(x: str, y: str) -> tuple[str, str]:
    """The words of two names that differ ("Sanders", "Smith" of "Bernie Sanders", "Bernie Smith")."""
    wx, wy = x.split(), y.split()
    return " ".join(w for w in wx if w not in wy) or x, " ".join(w for w in wy if w not in wx) or y


# Titles and roles written before a name ("Gov.", "Sen.", "President"): a title starts a new name.
_TITLES = frozenset({"president", "gov", "governor", "sen", "senator", "rep", "representative", "secretary", "minister",
                     "prime", "vice", "chairman", "chairwoman", "chair", "speaker", "leader", "attorney", "general",
                     "judge", "justice", "director", "former", "acting", "chief", "mayor", "majority", "minority",
                     "elect", "sir", "lord", "queen", "king", "prince", "princess", "pope", "rev", "lt", "col", "gen",
                     "capt", "sgt", "dr", "mr", "mrs", "ms", "first", "lady", "deputy", "assistant", "commissioner",
                     "crown"})
# A party before a name is no part of it: "Republican Susan Wright".
_AFFILIATIONS = frozenset({"republican", "democrat", "democratic", "independent", "gop", "conservative", "labour",
                           "liberal"})
# Words that name a kind of body or thing, not which one ("Labor Department", "Bureau of Labor
# Statistics", "the House"): a name made of these alone is too generic to dispute.
# Words for institutions: generic in a name (below) and the last word of a body's name (_BODIES).
_INSTITUTIONS = frozenset({"department", "bureau", "committee", "commission", "office", "agency", "administration",
                           "council", "house", "senate", "congress", "court", "ministry", "university", "institute",
                           "party", "association", "center", "organization", "service", "board", "union",
                           "foundation", "group", "corp", "company", "inc", "army", "navy", "police"})
_GENERIC = _INSTITUTIONS | frozenset({"statistics", "institutes", "centers", "services", "act", "amendment",
                                      "republic", "government", "state", "states", "city", "county", "district",
                                      "national", "federal", "international", "street", "avenue", "forces", "force",
                                      "guard", "capitol", "hill", "united", "general", "special", "counsel",
                                      "security", "intelligence", "justice", "defense", "defence", "affairs",
                                      "relations", "foreign", "homeland", "treasury", "commerce", "labor",
                                      "education", "energy", "interior", "transportation", "agriculture",
                                      "prevention", "control", "disease", "diseases", "drug", "food", "health"})
_TOKEN = re.compile(r"[A-Za-z]+|'s|\d+")
_GIVEN = re.compile(r"\b([A-Z][a-z]+) $")  # a capitalised word just before a name
# Words that open a sentence before a name and are no given name ("Yesterday Lewis told", "Meanwhile Varn
# said"); words ending in -ly are left out too ("Separately Varn said").
_OPENERS = frozenset({"yesterday", "today", "tonight", "tomorrow", "meanwhile", "however", "instead", "still", "now",
                      "then", "later", "earlier", "also", "here", "there", "afterwards", "afterward", "moreover",
                      "furthermore", "nevertheless", "nonetheless", "indeed", "overall", "first", "finally", "next",
                      "last", "again", "already", "even", "since", "once", "while", "when", "after", "before", "though",
                      "although", "because", "if", "unless", "until", "whether", "where", "why", "how", "what", "who"})
_TITLE_DOT = re.compile(r"\b(Sen|Rep|Gov|Gen|Dr|Mr|Mrs|Ms|Lt|Col|Sgt|Capt|Prof|Rev|Adm|Cmdr|Maj)\.(?= [A-Z])")


@dataclass(frozen=True, slots=True)
class _NameSlot:
    """Where a name stands in one mention: the two tokens before and after it (function words and
    "'s" included: "the city of", "'s rising") and the content words within four words."""

    left: tuple[str, ...]
    right: tuple[str, ...]
    context: frozenset[str]
    keys: frozenset[str]  # everything evidence can rest on: a slot sharing none with another has none
    first: str  # the given name: the first word of a name of several, or a capitalised word just before a
    # one-word name that the name run left out ("Hillary Lewis" opening a sentence, '"fixer" Michael Cohen')


def _name_slots(text: str, common: set[str]) -> dict[str, tuple[_NameSlot, ...]]:
    """The names of a sentence -> where each mention stands. A name starts after a title or party ("New York
    Gov. Andrew Cuomo" is "New York" and "Andrew Cuomo"; "Republican Susan Wright" is "Susan Wright")
    and after its leading words the story writes in lower case (``common``) or that are generic
    ("Secretary of State Mike Pompeo" is "Mike Pompeo"); a name made only of such words is none
    ("Labor Department"). A lone first name before an initial ("Joseph R. Biden") and a short
    abbreviation ("(D-Calif.)") are left out."""
    pieces: list[list[str]] = []
    plain = _TITLE_DOT.sub(r"\1", text)  # "Sen. Mitt Romney" is not a sentence starting at "Mitt"
    for raw in sorted(_names(plain), key=lambda n: (plain.find(n), n)):  # in reading order
        words = raw.split()
        piece: list[str] = []
        for i, w in enumerate(words):
            if w.lower() in _TITLES or w.lower() in _AFFILIATIONS and i < len(words) - 1:
                pieces.append(piece)
                piece = []
            else:
                piece.append(w)
        pieces.append(piece)
    out: dict[str, tuple[_NameSlot, ...]] = {}
    for words in pieces:
        full = words
        while words and (words[0].lower() in common or len(words) > 1 and words[0].lower() in _GENERIC):
            words = words[1:]
        if len(words) == 1 < len(full):
            continue  # the last word of a longer name names nothing of its own ("New York", "United Nations")
        while words and words[-1].lower() in _WEEKDAYS:
            words = words[:-1]
        name = " ".join(words)
        if (not name or name in out or name in _NOT_NAMES
                or all(w.lower() in common or w.lower() in _GENERIC for w in words)):
            continue
        start = _find_word(text, name)
        end = start + len(name)
        if start < 0 or len(words) == 1 and (re.match(r"\s[A-Z]\.", text[end:])
                                             or len(name) <= 5 and re.match(r"\.\s*[),a-z]", text[end:])):
            continue
        mentions = []
        while start >= 0:  # every mention: the first may stand in another role than the one compared
            end = start + len(name)
            left = tuple(w.lower() for w in _TOKEN.findall(text[max(0, start - 40) : start])[-2:])
            right = tuple(w.lower() for w in _TOKEN.findall(text[end : end + 40])[:2])
            context = _window(text, start, end)
            keys = context | {f"<{w}" for w in left[-1:]} | {f">{w}" for w in right[:1]}
            first = words[0] if len(words) > 1 else ""
            if not first and (given := _GIVEN.search(text, max(0, start - 30), start)) and (
                    (g := given.group(1).lower()) not in _TITLES and g not in _AFFILIATIONS and g not in common
                    and given.group(1) not in _NOT_NAMES and g not in STOPWORDS and g not in _OPENERS
                    and not g.endswith("ly")):
                first = given.group(1)
            mentions.append(_NameSlot(left, right, context, keys | ({f"^{first}"} if first else set()), first))
            following = _find_word(text[end:], name)
            start = end + following if following >= 0 else -1
        out[name] = tuple(mentions)
    return out


# What kind of thing a name names, as far as its words and its place tell, in this order: a person when a
# title stands before it ("Mr. White", "Judge French": the title wins over the word); a party, a people or a
# faith ("Democrat", "Latino", "Chinese"); a place (the gazetteer: "Los Angeles", "Missouri"); a body (its last
# word: "White House", "Harbour Commission"); a person again by a given name before it or a title elsewhere in
# the story ("President Biden" makes "Biden" a person). Two names of different kinds do not dispute one slot
# ("Biden" and "Democrat" in "the Biden administration's package", "the Democrat's package"). A singular party
# word can still stand for one person ("the Republican's package" against "the Biden administration's"): that
# dispute is lost, the price of the many agreeing "Democrat" / "Biden" pairs it removes.
# Names of one people that share no word or spelling ("Latino", "Hispanic"; "Black", "African American").
_ONE_PEOPLE = (frozenset({"latino", "latina", "latinx", "hispanic"}), frozenset({"black", "african american"}),
               frozenset({"native american", "american indian", "indigenous"}))
# (the party words of _AFFILIATIONS but "independent", also an adjective and a newspaper, and the one-word
# names of _ONE_PEOPLE)
_GROUPS = _AFFILIATIONS - {"independent"} | {n for people in _ONE_PEOPLE for n in people if " " not in n} | frozenset({
    "democrats", "republicans", "libertarian", "libertarians", "conservatives", "liberals", "tory", "tories",
    "socialist", "socialists", "communist", "communists", "white", "latinos", "latinas", "hispanics", "asian",
    "asians", "african", "africans", "arab", "arabs", "european", "europeans", "american", "americans", "catholic",
    "catholics", "muslim", "muslims", "jewish", "jews", "christian", "christians", "evangelical", "evangelicals",
    "protestant", "protestants", "sunni", "sunnis", "shia", "shiite", "shiites", "native", "british", "french",
    "dutch", "spanish", "irish", "scottish", "welsh", "swiss", "greek", "thai", "saudi", "saudis", "kurdish", "kurds",
    "soviet", "uighur", "uighurs", "uyghur", "uyghurs", "palestinian", "palestinians", "filipino", "filipinos"})
# The titles of _TITLES that name an office held by one person, not the words that qualify a title or also
# open other names ("former", "acting", "first", "General Motors", "Crown Prosecution Service").
_PERSON_TITLES = _TITLES - {"prime", "vice", "chair", "leader", "attorney", "general", "former", "acting", "chief",
                            "majority", "minority", "elect", "first", "lady", "deputy", "assistant", "crown"}
_BODIES = _INSTITUTIONS | frozenset({"organisation", "school", "college", "consulate", "embassy", "bank", "network",
                                     "times", "news", "post", "federation", "league", "fund", "authority",
                                     "corporation", "parliament", "church"})


def _titled(slot: _NameSlot) -> bool:
    return bool(slot.left[-1:] and slot.left[-1] in _PERSON_TITLES)


def _kind(name: str, slot: _NameSlot, people: set[str]) -> str:
    """The kind of ``name`` where it stands (``slot``): "group", "person", "place", "body" or "" for unknown.
    ``people``: the names the story writes after a title somewhere ("President Donald Trump"), and their last
    words ("Trump"). A place the story also writes as a titled person's name ("Jordan" beside "Rep. Jim
    Jordan") is of no known kind."""
    if _titled(slot):
        return "person"
    found = place_kind(name)
    if name.lower() in _GROUPS or found == "people":
        return "group"
    if found == "place":
        return "" if name in people else "place"
    if " " in name and name.rsplit(" ", 1)[1].lower() in _BODIES:
        return "body"
    # a given name makes a person ("Joe Bolton"); an institution or a people before the name does not
    # ("House Democrats", "Senate Afghans": the word before is the slot's first, but no given name)
    if slot.first and slot.first.lower() not in _BODIES and slot.first.lower() not in _GROUPS or name in people:
        return "person"
    return ""


# Words around a name that make it the source of what is reported: "a Bloomberg survey", "the Post
# reported", "according to Axios", "told CNN", "in an interview with ABC".
_SOURCE_AFTER = frozenset({"survey", "surveys", "poll", "polls", "polling", "report", "reports", "reported", "reporting",
                           "analysis", "data", "tally", "tracker", "estimates", "host", "anchor", "interview"})
_SOURCE_LEFT = frozenset({("according", "to"), ("surveyed", "by"), ("interview", "with")})
_TELL = frozenset({"told", "tell", "tells"})


def _source(slot: _NameSlot) -> bool:
    """The name stands as the source of a report (see _SOURCE_AFTER)."""
    return bool(slot.right[:1] and slot.right[0] in _SOURCE_AFTER or slot.left[-1:] and slot.left[-1] in _TELL
                or slot.left[-2:] in _SOURCE_LEFT)


# The legal form of a company: "Sinclair Broadcasting Corp." and "Sinclair Broadcasting Group" are one.
_COMPANY_FORMS = frozenset({"corp", "corporation", "group", "inc", "co", "company", "ltd", "holdings"})


def _one_people(x: str, y: str) -> bool:
    """``x`` and ``y`` name one people (_ONE_PEOPLE), each as written or without a plural "s" ("Latinos",
    "Indigenous")."""
    def forms(n: str) -> set[str]:
        n = n.lower()
        return {n, n.removesuffix("s")}
    a, b = forms(x), forms(y)
    return any(a & group and b & group for group in _ONE_PEOPLE)


def _one_entity(x: str, y: str) -> bool:
    """Two names of one person, place or body: the same last word ("Steve Bannon", "Stephen Bannon"),
    one inside the other ("Biden", "Joe Biden"), two words in common ("Afghan National Defense",
    "Afghan National Security"), one word in common where either has more than two ("Dade County",
    "Dade Fire Rescue"), or a word of one a form or spelling of a word of the other ("Mohammad",
    "Mohammed"), two names of one people (_ONE_PEOPLE) or of one company in two legal forms ("Tarn Ferries
    Corp", "Tarn Ferries Group"). "Bernie Sanders" and "Bernie Smith" are two people."""
    wx, wy = x.split(), y.split()
    shared = set(wx) & set(wy)
    if wx[:-1] and wx[:-1] == wy[:-1] and wx[-1].lower() in _COMPANY_FORMS and wy[-1].lower() in _COMPANY_FORMS:
        return True  # one company by two legal forms
    if _one_people(x, y) or wx[-1] == wy[-1] or set(wx) <= set(wy) or set(wy) <= set(wx) or len(shared) >= 2:
        return True
    if shared and max(len(wx), len(wy)) > 2:
        return True
    return any(len(a) >= 4 and len(b) >= 4 and a not in shared and _kindred(a, b) for a in wx for b in wy)


def _name_evidence(xa: str, x: _NameSlot, xb: str, y: _NameSlot) -> tuple[int, bool]:
    """How surely two names stand in one place, and whether they sit next to the same word: for the
    same token just before them, two points when it is a content word ("Sen. Mitt"), one when not
    ("from", "'s"); the same just after them; one more for the same two tokens on a side ("war with",
    "the city of"); one per content word shared within four words (up to three); three for the same
    first name ("Andrew Cuomo", "Andrew Bailey": one first name, two people; also a given name the name run
    left out, "Hillary Lewis" opening a sentence, counted here and not again as the token before)."""
    score = min(len(x.context & y.context), 3)
    beside = False
    first = bool(x.first and x.first == y.first)
    for a, b, near in ((x.left, y.left, -1), (x.right, y.right, 0)):
        if first and near == -1 and a[-1:] == (x.first.lower(),):
            continue  # the given name just before: counted as the same first name below
        if a and b and a[near] == b[near]:
            score += 2 if _content(a[near]) else 1
            beside = beside or _content(a[near])
            if len(a) == len(b) == 2 and a == b:
                score += 1
                beside = True
    if first:
        score += 3
        beside = True
    return score, beside


# -- polarity
# A negation after one of these words is in a subordinate clause ("staffers who did not work for
# him", "if governments do not restore"): it denies a detail, not the statement's claim.
_SUBORDINATE = re.compile(r"\b(?:who|whom|whose|which|if|unless|because|although|though|whether|whereas|while|"
                          r"when|where|until|lest)\b", re.I)


@dataclass(frozen=True, slots=True)
class _Denial:
    """A negation cue: the predicate it denies (the stem of the first content word after it: "did not
    *attend*"), the content words within four words of the cue, those before it (who) and after the
    predicate (what), and whether it stands in a subordinate clause."""

    predicate: str
    around: frozenset[str]
    before: frozenset[str]
    after: frozenset[str]
    subordinate: bool
    start: int  # where the cue starts in the (normalised) sentence


def _side_words(words: list[str]) -> frozenset[str]:
    return frozenset(stem(w) for w in words if len(w) > 1 and w.lower() not in STOPWORDS
                     and w.lower() not in _AUXILIARY)


# A "not" denies a predicate after an auxiliary ("did not attend", "is still not"); without one it sets a
# phrase against another ("in Texas, not China", "whether or not") and denies no claim.
_NOT_AFTER_AUX = re.compile(r"\b(?:am|is|are|was|were|be|been|being|do|does|did|have|has|had|will|would|shall|should|"
                            r"can|could|may|might|must)(?:\s+(?:\w+ly|also|still|even|yet|just|so|then))?\s+$", re.I)


def _subordinate(text: str, cue: int) -> bool:
    """The cue at ``cue`` stands in a subordinate clause: after "who", "if", "because"... with no comma
    between, which would close the clause ("Varn, who ran the port, did not resign" denies in the main
    clause; "although the storm passed, the ferry did not sail" too)."""
    ends = [m.end() for m in _SUBORDINATE.finditer(text, 0, cue)]
    return bool(ends) and "," not in text[ends[-1] : cue]


# A sentence (or its quotation) opening with "Don't" or "Do not" bids; "Never before has..." may state.
_COMMAND = re.compile(r"[\s\"'\u201c\u2018]*do\s*n[o']t\b", re.I)
_DASH = r"(?: - |\s*[\u2013\u2014]\s*)"
_COMMAND_END = re.compile(rf"[,:;!\"\u201d]|{_DASH}")
# A parenthetical just after "don't", between commas or dashes, is inside the command: "Don't, under any
# circumstances, sign it", "Don't \u2014 whatever they say \u2014 sign it".
_COMMAND_ASIDE = re.compile(rf"\s*(?:,[^,:;!\"\u201d]*,|{_DASH}[^,:;!\"\u201d\u2013\u2014]*{_DASH})")
# "to" + cue + a gerund is a preposition's object ("testified to never having met"): it denies; before a
# bare verb it is a vow ("vowed to never sign").
_GERUND = re.compile(r"\s+(?:again\s+|ever\s+)?(?!(?:br|spr|str|sw|cl|fl|sl|st|wr|s|r|k|th)ing\b)[a-z]+ing\b", re.I)


def _bids(text: str) -> int:
    """Where the command a sentence opens with ends ("Don't obsess about it!"; up to the first comma,
    colon, semicolon, exclamation mark, dash or closing quote, past a parenthetical just after "don't":
    "Don't, under any circumstances, sign it"), or 0 when it opens with none: a command states no claim,
    it neither affirms nor denies one, but what follows it may ("Don't believe the rumours: I did not sign
    it", "Don't believe the rumours - I did not sign it")."""
    if (m := _COMMAND.match(text)) is None:
        return 0
    aside = _COMMAND_ASIDE.match(text, m.end())
    end = _COMMAND_END.search(text, aside.end() if aside else m.end())
    return end.start() if end else len(text)


def _denials(text: str) -> list[_Denial]:
    """Each negation cue's denial; cues before an infinitive ("warned it not to retaliate") or after a
    preposition ("for not meeting", "vowed to never sign": a vow, not a denial), "not only" ("not only
    banned X but Y": both happen), a "not" after no auxiliary ("made in Texas, not China") and those of
    a command deny no claim."""
    command = _bids(text)
    out = []
    for m in _NEGATION_CUE.finditer(text):
        if m.start() < command or re.match(r"\s+(?:to|only|just|merely|simply)\b", text[m.end() :], re.I):
            continue
        prep = re.search(r"\b(for|of|by|without|from|in|to)\s+$", text[max(0, m.start() - 10) : m.start()])
        if prep and (prep.group(1) != "to" or not _GERUND.match(text, m.end())):
            continue
        if m.group().lower() == "not" and not _NOT_AFTER_AUX.search(text, max(0, m.start() - 30), m.start()):
            continue
        following = _WORD_RE.findall(text[m.end() : m.end() + 80])[:10]
        content = [i for i, w in enumerate(following[:4]) if w.lower() not in STOPWORDS and len(w) > 1]
        if content:
            i = content[0]
            out.append(_Denial(stem(following[i]), _window(text, m.start(), m.end()),
                               _side_words(_WORD_RE.findall(text[max(0, m.start() - 60) : m.start()])[-6:]),
                               _side_words(following[i + 1 : i + 7]), _subordinate(text, m.start()), m.start()))
    return out


def _affirmation(text: str, predicate: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """Where ``text`` states ``predicate`` (a stem) outside a command, with no denial among the four words
    before it and no word governing it that denies it (:func:`_governed_denial`): the content words before and
    after it; None if it never does."""
    command = _bids(text)
    for m in _WORD_RE.finditer(text, command):
        if stem(m.group()) == predicate:
            before = _WORD_RE.findall(text[max(0, m.start() - 60) : m.start()])
            if not _IMPLICIT_NEGATION.search(" ".join(before[-4:])) and not _governed_denial(text, m.start()):
                return _side_words(before[-6:]), _side_words(_WORD_RE.findall(text[m.end() : m.end() + 60])[:6])
    return None


def _name_window(text: str, name: str) -> frozenset[str]:
    """Content words within four words of the name's first mention."""
    start = _find_word(text, name)
    return _window(text, start, start + len(name)) if start >= 0 else frozenset()


# -- statements and pairs
@dataclass(frozen=True, slots=True)
class _Reading:
    """The values of one statement and where they stand; ``denials`` is None for a statement with no
    negation cue at all."""

    figures: list[_Value]
    dates: dict[str, dict[str, _DateSlot]]
    names: dict[str, tuple[_NameSlot, ...]]
    denials: list[_Denial] | None


def _variant(value: str, st: Statement) -> Variant:
    return Variant(value, st.text, sorted({c.article_id for c in st.citations}))


def _anchored_pairs(statements: list[Statement], reading: dict[int, _Reading], known: set[tuple[int, int]],
                    floor: float, max_postings: int = 40) -> list[tuple[Statement, Statement, float]]:
    """Pairs of statements of different voices, not in ``known``, whose values stand among at least two
    of the same words (a figure, a date or a name in the same slot), overlapping at least ``floor``: the
    pairs a changed value or a rewording pulls below the alignment threshold."""
    index: dict[tuple[str, ...], list[int]] = {}
    keys_of: dict[str, set[tuple[str, ...]]] = {}  # reprints repeat sentences: read each text once
    for i, st in enumerate(statements):
        keys = keys_of.get(st.text)
        if keys is None:
            r = reading[id(st)]
            keys = {("#", k) for x in r.figures for w in (*x.context, *x.unit, x.left) if w for k in _kin_keys(w)}
            keys |= {("d", unit, w) for unit, vals in r.dates.items() for slot in vals.values()
                     for w in (*slot.context, slot.left, slot.right) if w}
            keys |= {("n", w) for name in _names(st.text) for w in _name_window(st.text, name)}
            # a given name before a one-word name ("Hillary Lewis", "Hillary Clinton") anchors it too
            keys |= {("n", f"^{m.first}") for name, mentions in r.names.items() for m in mentions
                     if m.first and " " not in name}
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


_ARTICLE_BEFORE = re.compile(r"\b(?i:an?|the)\s+(?:[a-z]+\s+){0,2}$")
_LOWER_AFTER = re.compile(r"\s+([a-z]+)")


def _qualifies_nouns(text: str, word: str) -> bool:
    """Every mention of ``word`` in ``text`` qualifies a noun after an article, with at most two lowercase
    words between them: "a Biden ally", "a former Biden adviser", "a Biden business partner" (not "Mr. Biden
    said", "which Biden is trying to"). (Mentions are found with str.find, not a regex per word: a sentence
    may hold a thousand names.)"""
    i = text.find(word)
    while i >= 0:
        end = i + len(word)
        if not (i and (text[i - 1].isalnum() or text[i - 1] == "_")
                or end < len(text) and (text[end].isalnum() or text[end] == "_")):
            after = _LOWER_AFTER.match(text, end)
            noun = after and after.group(1)  # a noun, not a verb: "a weary Biden approved it"
            if not (noun and noun not in STOPWORDS and noun not in _AUXILIARY and noun not in _PAST
                    and not noun.endswith("ed") and _ARTICLE_BEFORE.search(text, max(0, i - 40), i)):
                return False
        i = text.find(word, i + 1)
    return True


def _lower_in_place(text: str) -> str:
    """``text`` lower-cased, but for a character that lowers to more than one ("İ"): a position in it is the
    same position in ``text``."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def value_conflicts(voices: list[Voice], *, align: float = 0.4,
                    pairs: list[tuple[Statement, Statement, float]] | None = None,
                    roles: DependencyRoles | None = None) -> list[Conflict]:
    """Conflicts between aligned statements of different voices (see the comment above);
    ``pairs``: the output of :func:`similar_pairs` at ``align - ALIGN_SLACK`` or lower, when the caller has it."""
    every = [st for v in voices for st in v.statements]
    voice_text = {v.id: " ".join(st.text for st in v.statements) for v in voices}
    common = {w for t in voice_text.values() for w in re.findall(r"\b[a-z]+\b", t)}  # written in lower case
    reading: dict[int, _Reading] = {}
    by_text: dict[str, _Reading] = {}  # reprints repeat sentences: read each text once
    for st in every:
        if st.text not in by_text:
            t = normalize(st.text)
            by_text[st.text] = _Reading(_figures(t), _dates(t), _name_slots(st.text, common),
                                        (_denials(t) or None) if _NEGATION_CUE.search(t) else None)
        reading[id(st)] = by_text[st.text]
    titled = {name for r in by_text.values() for name, ms in r.names.items() if any(map(_titled, ms))}
    people = titled | {name.rsplit(" ", 1)[-1] for name in titled}
    voice_figures = {v.id: [x for st in v.statements for x in reading[id(st)].figures] for v in voices}
    voice_dates = {v.id: {val for st in v.statements for vals in reading[id(st)].dates.values() for val in vals}
                   for v in voices}
    voice_words = {v.id: {w for st in v.statements for n in _names(st.text) for w in n.split()} for v in voices}
    lowest = max(0.0, align - ALIGN_SLACK)
    floor = max(0.0, align - ANCHOR_SLACK)
    found: dict[tuple[str, ...], Conflict] = {}
    own_terms: dict[str, frozenset[str]] = {}
    said: dict[str, set[str]] = {}
    written: dict[tuple[str, str], bool] = {}
    entity: dict[tuple[str, str], bool] = {}  # two names of one entity (or spellings of one)

    def rest(a: Statement, va: str, b: Statement, vb: str) -> float:
        """Overlap of the two statements without the words of the values compared."""
        for v in (va, vb):
            if v not in own_terms:
                own_terms[v] = terms(v)
        return overlap(a.terms - own_terms[va], b.terms - own_terms[vb])

    def writes(st: Statement, name: str) -> bool:
        if (st.text, name) not in written:
            written[(st.text, name)] = _find_word(st.text, name) >= 0
        return written[(st.text, name)]

    def said_by(name: str) -> set[str]:
        """The voices that write ``name`` (its last word: "Biden" names Joe Biden)."""
        if name not in said:
            said[name] = {vid for vid, t in voice_text.items() if _find_word(t, name.split()[-1]) >= 0}
        return said[name]

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

    def figures(a: Statement, b: Statement) -> None:
        xs, ys = reading[id(a)].figures, reading[id(b)].figures
        rivals: list[tuple[int, _Value, _Value]] = []
        for x in xs:
            if _given(x, xs, ys):
                continue  # the other statement gives this figure too: it disputes another one, if any
            for y in ys:
                if not _differ(x, y) or _given(y, ys, xs):
                    continue
                if not (all(_differ(x, z) for z in voice_figures[b.voice])
                        or all(_differ(y, z) for z in voice_figures[a.voice])):
                    continue  # each voice gives both figures somewhere
                evidence = _figure_evidence(x, y, xs, ys)
                if evidence is not None and evidence >= 1 and rest(a, x.surface, b, y.surface) >= _need(evidence, align):
                    rivals.append((evidence, x, y))
        paired: set[int] = set()  # each figure disputes at most one of the other statement's, surest first
        for _evidence, x, y in sorted(rivals, key=lambda r: -r[0]):
            if id(x) in paired or id(y) in paired:
                continue
            paired |= {id(x), id(y)}
            head = next(iter(sorted(set(x.unit) & set(y.unit) - _TIME_UNITS)), "") or x.left or min(
                x.context & y.context, default="") or "figure"
            add(x.kind, f"{'amount' if x.kind == 'money' else x.kind} ({head})", x.surface, a, y.surface, b)

    def measures(a: Statement, b: Statement) -> bool:
        """Both statements give figures, and no figure of one is a figure of the other (:func:`_differ`
        for every pair)."""
        xs, ys = reading[id(a)].figures, reading[id(b)].figures
        return bool(xs and ys) and all(_differ(x, y) for x in xs for y in ys)

    def dates(a: Statement, b: Statement, score: float) -> None:
        da, db = reading[id(a)].dates, reading[id(b)].dates
        for unit in ("day", "weekday", "month", "year"):
            if not da[unit] or not db[unit] or set(da[unit]) & set(db[unit]):
                continue
            for xa, ca in da[unit].items():
                for xb, cb in db[unit].items():
                    if (any(xa in d for v, d in voice_dates.items() if v != a.voice)
                            and any(xb in d for v, d in voice_dates.items() if v != b.voice)):
                        continue  # other voices give both dates too: two events, not one disputed date
                    evidence = _date_evidence(ca, cb)
                    # two period ends ("the week ended July 10", "the week ended on July 17") with no figure
                    # in common date two periods' figures, not one period two ways
                    if evidence is None or _overnight(xa, ca, xb, cb) or ca.ended and cb.ended and measures(a, b):
                        continue
                    near = rest(a, xa, b, xb)
                    if evidence >= 1 and (score >= lowest and near >= align + 0.1 or near >= _need(evidence, align)):
                        add("date", f"date ({unit})", xa.title(), a, xb.title(), b)
                    elif (roles is not None and near >= lowest
                          and roles_of(a.text, xa, date=True) & roles_of(b.text, xb, date=True)):
                        # the time of one act ("crashed on Saturday", "crashed Thursday"), the rest aligned
                        add("date", f"date ({unit})", xa.title(), a, xb.title(), b)

    noun_words: dict[tuple[int, str], bool] = {}  # (statement, last word): every mention qualifies a noun

    def by_surname(x: str, st: Statement) -> bool:
        """``st`` writes full name ``x`` by its last word alone as a name ("President Donald Trump's" and
        "Mr. Trump said"), at least once not as a word qualifying a noun after an article ("a Trump ally",
        "a former Trump adviser": someone else named)."""
        last = x.rsplit(" ", 1)[-1]
        if last == x or last not in reading[id(st)].names:
            return False
        if (key := (id(st), last)) not in noun_words:
            noun_words[key] = _qualifies_nouns(st.text, last)
        return not noun_words[key]

    def roles_of(text: str, value: str, *, date: bool = False) -> frozenset[Role]:
        """The roles of every mention of ``value`` (a name as written; a date as :func:`_dates` keys it, in
        the lower-cased normalised text) by the parser: a date's time of an act, a name's other roles."""
        assert roles is not None
        searched = text
        if date:
            text = normalize(text)
            searched = _lower_in_place(text)
        found: set[Role] = set()
        start = _find_word(searched, value)
        while start >= 0:
            found |= {r for r in roles.roles(text, start, start + len(value)) if (r[0] == "when") == date}
            following = _find_word(searched[start + len(value) :], value)
            start = start + len(value) + following if following >= 0 else -1
        return frozenset(found)

    def names(a: Statement, b: Statement) -> None:
        # a name the other statement writes too (at the start of the sentence, say), or names by its last
        # word alone, is shared
        slots_a, slots_b = reading[id(a)].names, reading[id(b)].names
        names_a = [x for x in slots_a if x not in slots_b and not writes(b, x) and not by_surname(x, b)]
        names_b = [x for x in slots_b if x not in slots_a and not writes(a, x) and not by_surname(x, a)] if names_a else []
        for xa in names_a:
            best: tuple[int, str] | None = None
            for xb in names_b:
                # the two mentions that stand most alike; nothing in common around them: no evidence
                ranked = [(_name_evidence(xa, ma, xb, mb), ma, mb) for ma in slots_a[xa] for mb in slots_b[xb]
                          if ma.keys & mb.keys]
                if not ranked:
                    continue
                (evidence, beside), ma, mb = max(ranked, key=lambda r: r[0])
                # a name of several words is a full, deliberate reference ("Xi Jinping", "Lake Charles"):
                # read against another name it needs more than one neighbour and one word around (or, with
                # the parser, two points and the same role)
                least = 4 if " " in xa or " " in xb else 2
                if evidence < (2 if roles is not None else least) or best is not None and evidence <= best[0]:
                    continue
                if said_by(xa) - {a.voice} and said_by(xb) - {b.voice}:
                    continue  # other voices name both too: two people (places, bodies), not one disputed name
                if any(map(_source, slots_a[xa])) and any(map(_source, slots_b[xb])):
                    continue  # two outlets citing two sources ("a Bloomberg survey", "told Axios") do not disagree
                if (xa, xb) not in entity:
                    # or places one of which holds the other ("Los Angeles", "California")
                    entity[(xa, xb)] = _one_entity(xa, xb) or _kindred(*_differing(xa, xb)) or nested(xa, xb)
                if entity[(xa, xb)]:
                    continue
                ka, kb = _kind(xa, ma, people), _kind(xb, mb, people)
                if ka and kb and ka != kb:
                    continue  # a party against a person, a place against a body: two slots
                da, db = _differing(xa, xb)
                near = rest(a, da, b, db)
                ok = False
                if evidence >= least:
                    # next to the same content word with the rest aligned; or, where neither voice uses a
                    # word of the other's name, on strong evidence alone (with the same given name, one voice may
                    # use the other's name elsewhere: "Gov. Gavin Assad" against "Gov. Gavin Newsom" is one slot
                    # unless both voices know both; so may it with six points or more for two names of one known
                    # kind, two persons or two places)
                    plain = beside and bool(ma.context & mb.context) and near >= lowest
                    knows = (bool(set(da.split()) & voice_words[b.voice]),
                             bool(set(db.split()) & voice_words[a.voice]))
                    blocked = all(knows) if ma.first and ma.first == mb.first else any(knows)
                    anchored = evidence >= 4 and near >= _need(evidence, align) and (
                        not blocked or evidence >= 6 and bool(ka) and ka == kb)
                    ok = plain or anchored
                if not ok and roles is not None and evidence >= 2 and near >= _need(4, align):
                    # the same role in both ("Merck ... announced", "Guardian ... announced") makes up the points
                    # an anchored pair needs, where the other voices back one of the two names, not both
                    # nor neither (two people each quoted by one voice)
                    ok = bool(said_by(xa) - {a.voice}) != bool(said_by(xb) - {b.voice}) and bool(
                        roles_of(a.text, xa) & roles_of(b.text, xb))
                if ok:
                    best = (evidence, xb)
            if best is not None:
                add("name", "name", xa, a, best[1], b)

    candidates = [p for p in (similar_pairs(voices, threshold=lowest) if pairs is None else pairs) if p[2] >= lowest]
    known = {(id(a), id(b)) for a, b, _ in candidates}
    candidates += _anchored_pairs(every, reading, known, floor)
    position = {id(st): i for i, st in enumerate(every)}
    candidates.sort(key=lambda p: sorted((position[id(p[0])], position[id(p[1])])))  # the same on every run
    for a, b, score in candidates:
        if a.text != b.text:  # the same sentence never disagrees with itself
            figures(a, b)
            dates(a, b, score)
            names(a, b)
    # polarity: each denial against the statements of other voices that state its predicate
    by_term: dict[str, list[Statement]] = defaultdict(list)
    for st in every:
        if reading[id(st)].denials is None:
            for t in st.terms:
                by_term[t].append(st)
    affirmed: dict[tuple[str, str], tuple[frozenset[str], frozenset[str]] | None] = {}
    acts: dict[str, list[tuple[int, Act]]] = {}

    def denied_acts(neg: Statement, denial: _Denial) -> None:
        """With the parser: the verb ``denial`` denies, said of the same noun, name or figure as the same verb
        affirmed by a statement of another voice that overlaps it as candidate pairs do (``lowest``, rounded):
        "mourners who had not gathered for the funeral" against "lashed out at the mourners who had gathered
        in defiance of ..."."""
        assert roles is not None
        text = normalize(neg.text)
        act = roles.denied(text, denial.start)
        if act is None or not act[1]:
            return
        for pos in every:
            if (pos.voice == neg.voice or pos.text == neg.text or reading[id(pos)].denials is not None
                    or overlap(neg.terms, pos.terms) < round(lowest, 6)):
                continue
            if not any(_root(t) == _root(stem(act[0])) or t[:5] == act[0][:5] for t in pos.terms):
                continue  # no word of the verb: no need to parse
            other = normalize(pos.text)
            if other not in acts:
                acts[other] = roles.acts(other)
            for start, (lemma, args) in acts[other]:
                before = _WORD_RE.findall(other[max(0, start - 60) : start])
                if (lemma == act[0] and args & act[1] and start >= _bids(other)
                        and not _IMPLICIT_NEGATION.search(" ".join(before[-4:])) and not _governed_denial(other, start)):
                    add("negation", "whether it happened", "affirmed", pos, "denied", neg, key=("negation", neg.text))
                    return

    for neg in every:
        for denial in reading[id(neg)].denials or ():
            for pos in by_term.get(denial.predicate, ()):
                if pos.voice == neg.voice or pos.text == neg.text:
                    continue
                if (pos.text, denial.predicate) not in affirmed:
                    affirmed[(pos.text, denial.predicate)] = _affirmation(pos.text, denial.predicate)
                where = affirmed[(pos.text, denial.predicate)]
                if where is None:
                    continue
                # who and what: the words before the denial and after its predicate, around the affirmed one
                local = min(len(denial.before & where[0]), 2) + min(len(denial.after & where[1]), 2)
                loose = len(denial.around & pos.terms)  # words around the cue anywhere in the affirmation
                score = overlap(neg.terms, pos.terms)
                if denial.subordinate:  # a detail, unless surely the same
                    ok = score >= align + 0.1 and loose > 1 or local >= 3 and score >= lowest
                else:
                    ok = (score >= align + 0.1 or loose > 1 and score >= lowest or local >= 3 and score >= floor
                          or local >= 2 and loose > 2 and score >= align - 0.15)
                if ok:
                    add("negation", "whether it happened", "affirmed", pos, "denied", neg, key=("negation", neg.text))
            if roles is not None and ("negation", neg.text) not in found:
                denied_acts(neg, denial)
    return list(found.values())
