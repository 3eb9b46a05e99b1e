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
        self._index = {
            a.id: [(s, e, terms(a.text[s:e]), {sl.key: sl.value for sl in slots(a.text[s:e])})
                   for s, e in sentence_spans(a.text)]
            for a in articles
        }

    def check(self, sentence: str, article_id: str) -> Citation | None:
        """The span that supports ``sentence`` in the article, or None."""
        want = terms(sentence)
        if not want or article_id not in self._index:
            return None
        values = {sl.key: sl.value for sl in slots(sentence)}
        entries = self._index[article_id]
        for _s, _e, _t, theirs in entries:
            if any(k in theirs and theirs[k] != v for k, v in values.items()):
                return None
        text = self._texts[article_id]
        ranked = sorted(entries, key=lambda x: -len(want & x[2]))
        for start, end, found, _values in ranked[:3]:
            if len(want & found) / len(want) < self.threshold:
                break
            if consistent(sentence, text[start:end]):
                return Citation(article_id, start, end)
        return None

    def supporters(self, sentence: str) -> list[Citation]:
        return [c for aid in self._index if (c := self.check(sentence, aid)) is not None]
