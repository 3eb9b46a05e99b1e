"""Text utilities shared by every stage: Unicode normalisation, paragraphs, sentences, tokens.

``normalize`` maps the typographic variants outlets use (curly quotes, dashes,
no-break and em spaces, ellipsis) to one ASCII-leaning form so that matching
works across outlets; the original text is always kept next to it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

__all__ = [
    "STOPWORDS",
    "content_words",
    "entities",
    "fold",
    "normalize",
    "paragraphs",
    "sentence_spans",
    "sentences",
    "shingles",
    "tokens",
]

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ", "\u2006": " ",
        "\u2007": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u205f": " ",
        "\u3000": " ", "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "",
        "\u2026": "...",
    }
)
_BLANKS = re.compile(r"\n\s*\n+")
# Runs of two or more spaces, or any tab/form feed/vertical tab: single spaces are left alone, so
# ordinary text is not rewritten space by space.
_SPACES = re.compile(r"[ \t\f\v]{2,}|[\t\f\v]")
_EDGE_SPACES = re.compile(r" \n ?|\n ")
# (character, replacement) of each entry of _TRANSLATE, tried by a substring test each until the text is
# ASCII: faster than a regular-expression scan for them, and ``str.translate`` (a dictionary lookup per
# character of a non-ASCII text) is slower still.
# The commonest first (curly apostrophe and quotes, dashes), so that a typical text is ASCII after a
# few of them and the rest are never searched for; each is replaced by ASCII, so the order gives
# the same text.
_COMMON = "\u2019\u201c\u201d\u2014\u2013\u2018\u00a0\u2026"
_VARIANTS = tuple(sorted(((chr(c), out) for c, out in _TRANSLATE.items()),
                         key=lambda item: _COMMON.find(item[0]) % (len(_COMMON) + 1)))


def _fold_variants(text: str) -> str:
    for char, out in _VARIANTS:
        if char in text:
            text = text.replace(char, out)
            if text.isascii():  # (the usual case: curly quotes and dashes were all it had)
                break
    return text


def normalize(text: str) -> str:
    """NFC, typographic quotes/dashes/spaces folded, line endings unified, runs of spaces collapsed.

    Each step runs only when a substring test (much faster than a regular expression) says it can
    change something: this is on every article's path."""
    if not text.isascii():
        folded = _fold_variants(text)
        # A text of ASCII and the folded characters alone is in NFC already (none of them decomposes,
        # combines or composes with its neighbours), so NFC first would change nothing: it is checked
        # only when other characters are left, and then applied before folding (as it always was).
        if not folded.isascii() and not unicodedata.is_normalized("NFC", text):
            folded = _fold_variants(unicodedata.normalize("NFC", text))
        text = folded
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\t" in text or "\f" in text or "\v" in text:
        text = _SPACES.sub(" ", text)
    else:
        while "  " in text:  # runs of spaces alone: a few passes of a plain replace are faster
            text = text.replace("  ", " ")
    if " \n" in text or "\n " in text:
        text = _EDGE_SPACES.sub("\n", text)
    return text.strip(" ")


def paragraphs(text: str) -> list[str]:
    """Blank-line separated blocks, stripped, empty ones dropped."""
    return [p.strip() for p in _BLANKS.split(text) if p.strip()]


# Abbreviations after which a period does not end a sentence.
_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "st", "jr", "sr",
    "inc", "corp", "co", "ltd", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "mt", "ft", "fig", "approx", "dept",
}
_BOUNDARY = re.compile(r"""[.!?]+["')\]]*(?=\s+["'(\[]?[A-Z0-9])""")


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` offsets of the sentences of ``text`` (paragraph breaks always split)."""
    for block in re.finditer(r"[^\n]+", text):
        base, chunk = block.start(), block.group()
        start = 0
        for m in _BOUNDARY.finditer(chunk):
            before = chunk[start : m.start()]
            word = re.search(r"([A-Za-z.]+)$", before)
            if word and m.group().startswith(".") and word.group(1).lower().rstrip(".") in _ABBREV:
                continue
            if word and len(word.group(1)) == 1 and word.group(1).isupper():  # initials: "John F. Kennedy"
                continue
            end = m.end()
            if chunk[start:end].strip():
                yield _trim(chunk, base, start, end)
            start = end
        if chunk[start:].strip():
            yield _trim(chunk, base, start, len(chunk))


def _trim(chunk: str, base: int, start: int, end: int) -> tuple[int, int]:
    while start < end and chunk[start].isspace():
        start += 1
    while end > start and chunk[end - 1].isspace():
        end -= 1
    return base + start, base + end


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


_WORD = re.compile(r"\w+(?:[.'-]\w+)*", re.UNICODE)


def fold(word: str) -> str:
    """Lower-case and strip dots and apostrophes so that U.S./US and Russia's/Russias compare equal."""
    return word.lower().replace(".", "").replace("'", "")


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens of normalised text."""
    return [fold(w) for w in _WORD.findall(normalize(text))]


def shingles(words: list[str], n: int) -> list[str]:
    """Word n-grams as space-joined strings (the whole text when it is shorter than ``n``)."""
    if len(words) < n:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]


STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having he
    her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor
    not now of off on once only or other our ours ourselves out over own same she should so some such than that
    the their theirs them themselves then there these they this those through to too under until up very was we
    were what when where which while who whom why will with would you your yours yourself yourselves said says
    say told according new one two year years also last next week month day monday tuesday wednesday thursday
    friday saturday sunday mr mrs ms""".split()
)

# A capital letter not at a line start, not after a quote mark or a sentence end ('. ', '? ', '" '), not inside a
# word, then more word characters and any capitalised words joined to it (by "of", "the", "de"). The tests on what
# precedes the capital are written after it (each look-behind one character wider), so that the pattern starts
# with a character set and the engine skips to the next capital letter instead of trying every position; the
# repeats are possessive (nothing follows them, so giving back never finds another match). The same names as
# r"(?<![.!?\"]\s)(?<!^)(?<!\")\b([A-Z][\w'-]+(?:\s+(?:of\s+|the\s+|de\s+)?[A-Z][\w'-]+)*)", found faster.
_ENTITY = re.compile(
    r"[A-Z](?<!\w.)(?<!\".)(?<!^.)(?<![.!?\"]\s.)[\w'-]++(?:\s++(?:of\s++|the\s++|de\s++)?[A-Z][\w'-]++)*+", re.M
)


def content_words(text: str) -> list[str]:
    """Tokens without stopwords and numbers-only tokens."""
    return [t for t in tokens(text) if t not in STOPWORDS and not t.isdigit() and len(t) > 1]


def entities(text: str) -> list[str]:
    """Capitalised word sequences (a rule-based stand-in for named entities), lower-cased."""
    out = []
    for name in _ENTITY.findall(normalize(text)):
        if name.lower() in STOPWORDS:
            continue
        out.append(fold(name))
    return out
