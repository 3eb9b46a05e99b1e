"""The support check: does an article back a sentence?

An article supports a sentence when one of its sentences covers at least ``threshold`` of
the sentence's stemmed content words, states every number the sentence states, and agrees
with it on negation ("will visit" vs "cancelled the visit", "not"); and when no value slot of
the sentence (a duration, a count) appears anywhere in that article with a different value.
It is a lexical entailment proxy: it cannot cite an article that never mentions the facts,
and a contradicting figure or a negated verb blocks the citation.
"""

from __future__ import annotations

from ..compare.base import consistent, terms
from ..compare.conflicts import slots
from ..model import Article, Citation
from ..text import sentence_spans

__all__ = ["SupportChecker"]


class SupportChecker:
    def __init__(self, articles: list[Article], *, threshold: float = 0.5) -> None:
        self.threshold = threshold
        self._texts = {a.id: a.text for a in articles}
        self._index: dict[str, list[tuple[int, int, frozenset[str]]]] = {}
        self._values: dict[str, dict[tuple[str, ...], set[float]]] = {}
        self._postings: dict[str, dict[str, list[int]]] = {}
        read: dict[str, tuple[frozenset[str], list[tuple[tuple[str, ...], float]]]] = {}  # reprints repeat sentences
        for a in articles:
            entries: list[tuple[int, int, frozenset[str]]] = []
            values: dict[tuple[str, ...], set[float]] = {}
            postings: dict[str, list[int]] = {}
            for s, e in sentence_spans(a.text):
                sentence = a.text[s:e]
                if sentence not in read:
                    read[sentence] = terms(sentence), [(sl.key, sl.value) for sl in slots(sentence)]
                t, found = read[sentence]
                for w in t:
                    postings.setdefault(w, []).append(len(entries))
                entries.append((s, e, t))
                for key, value in found:
                    values.setdefault(key, set()).add(value)
            self._index[a.id], self._values[a.id], self._postings[a.id] = entries, values, postings
        self._cache: dict[tuple[str, str], Citation | None] = {}

    def check(self, sentence: str, article_id: str) -> Citation | None:
        """The span that supports ``sentence`` in the article, or None."""
        key = (sentence, article_id)
        if key not in self._cache:
            self._cache[key] = self._check(sentence, terms(sentence), {sl.key: sl.value for sl in slots(sentence)},
                                           article_id)
        return self._cache[key]

    def _check(self, sentence: str, want: frozenset[str], values: dict[tuple[str, ...], float],
               article_id: str) -> Citation | None:
        if not want or article_id not in self._index:
            return None
        theirs = self._values[article_id]
        if any(k in theirs and theirs[k] - {v} for k, v in values.items()):
            return None  # the article gives another value for a slot of the sentence
        entries = self._index[article_id]
        shared: dict[int, int] = {}
        postings = self._postings[article_id]
        for w in want:
            for i in postings.get(w, ()):
                shared[i] = shared.get(i, 0) + 1
        ranked = sorted(shared.items(), key=lambda x: (-x[1], x[0]))
        text = self._texts[article_id]
        for i, n in ranked[:3]:
            if n / len(want) < self.threshold:
                break
            start, end, _found = entries[i]
            if consistent(sentence, text[start:end]):
                return Citation(article_id, start, end)
        return None

    def supporters(self, sentence: str) -> list[Citation]:
        want = terms(sentence)
        values = {sl.key: sl.value for sl in slots(sentence)}
        out = []
        for aid in self._index:
            key = (sentence, aid)
            if key not in self._cache:
                self._cache[key] = self._check(sentence, want, values, aid)
            if (c := self._cache[key]) is not None:
                out.append(c)
        return out
