"""The cited summary: extractive, faithful by construction.

Candidates are the sentences of facts that two or more voices agree on (every version of
each fact). Each candidate cites every article that passes the support check for it; the
version backed by the most voices wins. Facts are taken most-corroborated first, skipping
any that repeat one already chosen. Each conflict adds one sentence that quotes every value
and cites, for each value, the articles that state it. A story with one voice gets its lead
sentences. No sentence is written without at least one citation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..compare import Comparison
from ..compare.base import overlap, terms
from ..compare.conflicts import slots
from ..config import SummaryConfig
from ..model import Article, Citation, Claim
from ..text import sentence_spans
from .support import SupportChecker

__all__ = ["CitedSummarizer"]

_ANAPHORA = re.compile(r"^(?:That|This|These|Those|It|He|She|They|His|Her|Their|But|And|Also|However)\b")


class CitedSummarizer:
    def __init__(self, config: SummaryConfig | None = None) -> None:
        self.config = config or SummaryConfig()

    def summarize(self, articles: Sequence[Article], comparison: Comparison) -> list[Claim]:
        checker = SupportChecker(list(articles), threshold=self.config.support_threshold)
        voice_of: Mapping[str, str] = {aid: v.id for v in comparison.voices for aid in v.articles}
        chosen: list[Claim] = []
        n_conflicts = min(len(comparison.conflicts), 2, self.config.max_sentences - 1)
        budget = self.config.max_sentences - n_conflicts
        candidates = [f for f in comparison.facts if len(f.voices) >= 2] or [
            f for f in comparison.facts
        ]
        disputed = {c.topic for c in comparison.conflicts}
        ranked = []
        for fact in candidates:
            best: tuple[tuple[int, int, int], str, list[Citation]] | None = None
            for st in fact.statements:
                if any(slot.topic in disputed for slot in slots(st.text)):
                    continue  # a disputed value is reported as a conflict, never stated as fact
                cites = checker.supporters(st.text)
                if not cites:
                    continue
                voices = {voice_of.get(c.article_id, c.article_id) for c in cites}
                key = (len(voices), len(cites), -len(st.text))
                if best is None or key > best[0]:
                    best = (key, st.text, cites)
            if best is not None:
                ranked.append((best[0][0], len(fact.voices), -fact.anchor.position, best[1], best[2]))
        # Most voices first; a sentence that leans on the one before it ("That will be...") comes last.
        ranked.sort(key=lambda r: (bool(_ANAPHORA.match(r[3])), -r[0], -r[1], -r[2]))
        for n_voices, _fv, _pos, text, cites in ranked:
            if len(chosen) >= budget:
                break
            if any(overlap(terms(text), terms(c.text)) > 0.5 for c in chosen):
                continue
            chosen.append(Claim(text, sorted({c.article_id for c in cites}), cites, n_voices))
        if not chosen:
            chosen = self._lead(articles, checker, voice_of)[: max(1, budget)]
        for conflict in comparison.conflicts[:n_conflicts]:
            parts = [f'"{v.value}" ({", ".join(v.sources)})' for v in conflict.variants]
            text = f"Sources differ on the {conflict.topic}: " + " versus ".join(parts) + "."
            cites = [
                c
                for v in conflict.variants
                for aid in v.sources
                if (c := checker.check(v.text, aid)) is not None or (c := self._mention(articles, aid, v.value))
            ]
            sources = sorted({c.article_id for c in cites})
            if sources:
                chosen.append(Claim(text, sources, cites, len({voice_of.get(s, s) for s in sources}),
                                    {"kind": "conflict"}))
        return chosen

    def _lead(self, articles: Sequence[Article], checker: SupportChecker, voice_of: Mapping[str, str]) -> list[Claim]:
        if not articles:
            return []
        main = max(articles, key=lambda a: len(a.text))
        out = []
        for s, e in list(sentence_spans(main.text))[: min(3, self.config.max_sentences)]:
            text = main.text[s:e]
            if len(text.split()) < 5:
                continue
            cites = checker.supporters(text) or [Citation(main.id, s, e)]
            out.append(Claim(text, sorted({c.article_id for c in cites}), cites,
                             len({voice_of.get(c.article_id, c.article_id) for c in cites})))
        return out

    @staticmethod
    def _mention(articles: Sequence[Article], aid: str, value: str) -> Citation | None:
        for a in articles:
            if a.id == aid:
                at = a.text.find(value)
                if at >= 0:
                    return Citation(aid, at, at + len(value))
        return None
