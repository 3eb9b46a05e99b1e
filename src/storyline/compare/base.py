"""The compare stage's shared pieces: voices and their statements.

A *voice* is one independent source: a copy group (all reprints of one wire story) or a
single article. A *statement* is one sentence of a voice, with every member article that
carries it (a reprint that keeps the sentence supports it too) and the span in each.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..model import Article, Citation
from ..text import STOPWORDS, normalize, sentence_spans

__all__ = ["NUMBER_WORDS", "Statement", "Voice", "build_voices", "consistent", "negated", "numbers", "overlap", "similar_pairs",
           "stem", "terms"]

_WORD = re.compile(r"[A-Za-z0-9]+(?:[.'-][A-Za-z0-9]+)*")
# Number words and their values, shared by matching (as strings) and by slot values (conflicts.py).
NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12,
}
_NUMBER_WORDS = {w: str(n) for w, n in NUMBER_WORDS.items()}


def stem(word: str) -> str:
    """A light suffix stripper (plural, -ed, -ing) for matching, not for display."""
    w = word.lower().replace("'", "").replace(".", "")
    w = _NUMBER_WORDS.get(w, w)
    for suffix, min_len in (("ies", 5), ("ing", 6), ("ed", 5), ("es", 5), ("s", 4)):
        if w.endswith(suffix) and len(w) >= min_len and not w.endswith("ss"):  # "pass", "press" stay whole
            return w[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return w


def terms(text: str) -> frozenset[str]:
    """Stemmed content words of a sentence."""
    out = set()
    for w in _WORD.findall(normalize(text)):
        for part in w.split("-"):
            lw = part.lower()
            if lw in STOPWORDS and lw not in _NUMBER_WORDS or len(lw) < 2 and not lw.isdigit():
                continue
            out.add(stem(part))
    return frozenset(out)


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two term sets."""
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cancel(?:s|led|ed|ling|ing)?|"
    r"call(?:s|ed)? off|den(?:y|ies|ied)|refus(?:e|es|ed)|reject(?:s|ed)?|postpon(?:e|es|ed)|"
    r"scrap(?:s|ped)?|halt(?:s|ed)?)\b|n't\b",
    re.I,
)
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def numbers(text: str) -> set[str]:
    """Numbers a sentence states, digits and number words alike ("three" == "3")."""
    out = {n.replace(",", "") for n in _NUMBER.findall(text)}
    out |= {_NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in _NUMBER_WORDS}
    return out


def negated(text: str) -> bool:
    return bool(_NEGATION.search(normalize(text)))


def consistent(claim: str, evidence: str) -> bool:
    """Evidence states every number of the claim and agrees with it on negation."""
    return numbers(claim) <= numbers(evidence) and negated(claim) == negated(evidence)


@dataclass(slots=True)
class Statement:
    voice: str
    text: str
    terms: frozenset[str]
    citations: list[Citation] = field(default_factory=list)
    position: float = 0.0  # 0 = lead of the article, 1 = last sentence

    @property
    def sources(self) -> list[str]:
        return sorted({c.article_id for c in self.citations})


@dataclass(slots=True)
class Voice:
    id: str
    articles: list[str]
    statements: list[Statement]
    label: str = ""


def _sentences(article: Article) -> list[tuple[str, int, int]]:
    return [(article.text[s:e], s, e) for s, e in sentence_spans(article.text)]


def build_voices(
    articles: Sequence[Article], groups: Mapping[str, list[str]], *, same: float = 0.8, min_words: int = 5
) -> list[Voice]:
    """One voice per copy group (``groups``: group id -> member ids) or lone article.

    The statements of a group are its canonical member's sentences (the first id listed)
    plus sentences only other members carry; each statement cites every member that has it.
    """
    by_id = {a.id: a for a in articles}
    voices = []
    seen: set[str] = set()
    known: dict[str, frozenset[str]] = {}  # reprints repeat sentences: their terms are read once

    def terms_of(text: str) -> frozenset[str]:
        if text not in known:
            known[text] = terms(text)
        return known[text]

    for gid, members in groups.items():
        present = [m for m in members if m in by_id]
        if not present:
            continue
        seen.update(present)
        statements: list[Statement] = []
        for aid in present:
            sents = _sentences(by_id[aid])
            for k, (text, s, e) in enumerate(sents):
                if len(text.split()) < min_words:
                    continue
                t = terms_of(text)
                cite = Citation(aid, s, e)
                match = max(statements, key=lambda st: overlap(st.terms, t), default=None)
                if (match is not None and overlap(match.terms, t) >= same and aid not in match.sources
                        and numbers(match.text) == numbers(text) and negated(match.text) == negated(text)):
                    match.citations.append(cite)
                else:
                    statements.append(Statement(gid, text, t, [cite], k / max(1, len(sents) - 1)))
        agency = next((by_id[m].agency for m in present if by_id[m].agency), None)
        label = f"{agency} copy" if agency and len(present) > 1 else (by_id[present[0]].outlet or present[0])
        voices.append(Voice(gid, present, statements, label))
    for a in articles:
        if a.id not in seen:
            sents = _sentences(a)
            statements = [
                Statement(a.id, text, terms_of(text), [Citation(a.id, s, e)], k / max(1, len(sents) - 1))
                for k, (text, s, e) in enumerate(sents)
                if len(text.split()) >= min_words
            ]
            voices.append(Voice(a.id, [a.id], statements, a.outlet or a.id))
    return voices


def similar_pairs(
    voices: Sequence[Voice], *, threshold: float, max_df: float = 0.5
) -> list[tuple[Statement, Statement, float]]:
    """Pairs of statements of different voices whose Dice overlap reaches ``threshold``.

    An inverted index over content terms proposes candidates: only statements sharing a
    term that fewer than ``max_df`` of the statements carry are compared, so the cost grows
    with the number of statements sharing rare terms, not with the square of all statements.
    """
    every = [st for v in voices for st in v.statements]
    if len(every) < 2:
        return []
    index: dict[str, list[int]] = {}
    for i, st in enumerate(every):
        for t in st.terms:
            index.setdefault(t, []).append(i)
    limit = max(2, int(max_df * len(every)))
    shared: dict[tuple[int, int], int] = {}
    for posting in index.values():
        if len(posting) > limit:
            continue
        for x, i in enumerate(posting):
            vi = every[i].voice
            for j in posting[x + 1 :]:
                if every[j].voice != vi:
                    shared[(i, j)] = shared.get((i, j), 0) + 1
    out = []
    for (i, j), n in shared.items():
        a, b = every[i], every[j]
        if 2 * n / (len(a.terms) + len(b.terms)) < threshold * 0.5:
            continue  # not even the rare terms come close
        score = overlap(a.terms, b.terms)
        if score >= threshold:
            out.append((a, b, score))
    return out
