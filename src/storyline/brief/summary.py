"""The cited summary: extractive, faithful by construction.

Content selection is a greedy, corroboration-weighted centrality over voices (a copy group
counts once). Every voice is a bag of words (its title and its sentences); a candidate
summary scores the mean, over voices, of the unigram F1 between the summary and that voice,
so content that many independent voices carry scores high and a sentence only one voice
has adds little. Candidates are the titles and the first ``candidates_per_voice`` sentences
of each voice; each is damped by ``lead_decay`` per position (lead bias: a title is position
0, an article's first sentence 1). Sentences are added while the score rises and the summary
stays within ``max_words``; a candidate backed by more independent voices ranks higher: its gain
is weighted by 1 + ``corroboration`` * (supporting voices - 1) / (voices - 1), which orders the
candidates without moving the point where adding sentences stops; a candidate that is mostly
a repeat of a chosen sentence is skipped (``redundancy``). With more than ``max_docs`` voices, the score is taken over the
largest ``max_docs`` of them. With ``consensus``, the words that at least two of those voices use count as one
more voice, so wording the sources share weighs more than one outlet's own wording.

Every chosen sentence is a source sentence (or a title) as written, or one with a wire dateline or a
leading connective deleted (:mod:`.compress`; its citations still span the source sentence). It cites every article
that passes the support check for it (:class:`SupportChecker`), so it names every
independent voice that backs it; a candidate no article supports is never used. A sentence
that states a disputed value is left out: any side of a slot conflict (duration, count), and
the side of a value conflict of aligned sentences (numbers, dates, names, negation: less certain)
that a rival value outnumbers in sources. Each slot conflict instead adds one sentence quoting
every value, citing for each value the articles stating it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..compare import Comparison
from ..compare.base import overlap, stem, terms
from ..compare.conflicts import slots
from ..config import SummaryConfig
from ..model import Article, Citation, Claim
from ..text import normalize, sentence_spans
from .compress import compress
from .support import SupportChecker

__all__ = ["CitedSummarizer", "bag"]

_SLOT_KINDS = ("duration", "count")
_ANAPHORA = re.compile(r"^(?:That|This|These|Those|It|He|She|They|His|Her|Their|But|And|Also|However)\b")
_TOKEN = re.compile(r"[a-z0-9]+")


def bag(text: str) -> Counter[str]:
    """Lower-cased, lightly stemmed tokens with their counts (stopwords kept: summaries need them too)."""
    return Counter(stem(w) for w in _TOKEN.findall(normalize(text).lower()))


@dataclass(slots=True)
class _Candidate:
    text: str
    voice: str
    position: int  # 0 = a title, k = the k-th sentence of its article
    bag: Counter[str]
    size: int
    terms: frozenset[str]
    source: str = ""  # the source sentence as written (``text`` may be a compression of it)


def _f1(common: int, size: int, other: int) -> float:
    if not common:
        return 0.0
    p, r = common / size, common / other
    return 2 * p * r / (p + r)


def _consensus(docs: Sequence[Counter[str]]) -> Counter[str]:
    """The words at least two voices use (each with its highest count in a voice): what the story's
    sources agree on, scored as one more voice. Empty with fewer than two voices."""
    if len(docs) < 2:
        return Counter()
    seen: Counter[str] = Counter(w for d in docs for w in d)
    return Counter({w: max(d.get(w, 0) for d in docs) for w, n in seen.items() if n >= 2})


class CitedSummarizer:
    def __init__(self, config: SummaryConfig | None = None) -> None:
        self.config = config or SummaryConfig()

    # -- candidates ----------------------------------------------------------------------------
    def _candidates(self, articles: Sequence[Article], comparison: Comparison) -> tuple[list[_Candidate], list[Counter[str]]]:
        by_id = {a.id: a for a in articles}
        k = self.config.candidates_per_voice
        cands: list[_Candidate] = []
        docs: list[tuple[int, Counter[str]]] = []
        voices = comparison.voices or []
        starts: dict[str, list[int]] = {}
        for v in voices:
            doc: Counter[str] = Counter()
            seen: set[str] = set()
            for aid in v.articles:
                a = by_id.get(aid)
                title = normalize(a.title).strip() if a is not None and a.title else ""
                if title and title.lower() not in seen:
                    seen.add(title.lower())
                    b = bag(title)
                    doc += b
                    if self.config.titles and len(title.split()) >= 4:
                        text = title if title[-1:] in ".!?" else title + "."
                        cands.append(_Candidate(text, v.id, 0, b, sum(b.values()), terms(title)))
            for st in v.statements:
                b = bag(st.text)
                doc += b
            lead: dict[str, int] = {}
            for st in v.statements:
                aid = st.citations[0].article_id if st.citations else v.id
                lead[aid] = lead.get(aid, 0) + 1
                if lead[aid] > k:
                    continue
                if aid not in starts and aid in by_id:
                    starts[aid] = [s for s, _e in sentence_spans(by_id[aid].text)]
                position = bisect_right(starts.get(aid, []), st.citations[0].start) if st.citations else lead[aid]
                # (a bare dateline can only open an article: position 1 is its first sentence)
                text = compress(st.text, first=position == 1) if self.config.compress else st.text
                b = bag(text)
                cands.append(_Candidate(text, v.id, position, b, sum(b.values()),
                                        terms(text) if text != st.text else st.terms, st.text))
            docs.append((len(v.articles), doc))
        docs.sort(key=lambda d: -d[0])
        # The same sentence in several voices is one candidate (it cites all of them when chosen);
        # the earliest position wins.
        unique: dict[str, _Candidate] = {}
        for c in sorted(cands, key=lambda c: c.position):
            unique.setdefault(c.text, c)
        cands = [c for c in cands if unique[c.text] is c]
        bags = [d for _n, d in docs[: self.config.max_docs] if d]
        return cands, bags + ([consensus] if self.config.consensus and (consensus := _consensus(bags)) else [])

    # -- selection -----------------------------------------------------------------------------
    def _select(self, cands: list[_Candidate], docs: list[Counter[str]], usable: list[bool],
                boost: Callable[[int], float], supported: Callable[[int], bool]) -> list[int]:
        cfg = self.config
        sizes = [sum(d.values()) for d in docs]
        # per candidate and voice: the words they share, with the voice's count
        shared = [[[(w, cnt, d[w]) for w, cnt in c.bag.items() if w in d] for d in docs] for c in cands]
        summary: Counter[str] = Counter()
        common = [0] * len(docs)
        n = 0
        score = 0.0
        chosen: list[int] = []
        while len(chosen) < cfg.max_sentences:
            best: tuple[float, int, list[int], float] | None = None
            for j, c in enumerate(cands):
                if not usable[j] or j in chosen or n + c.size > cfg.max_words or not c.size:
                    continue
                if any(overlap(c.terms, cands[i].terms) > cfg.redundancy for i in chosen):
                    continue
                new_common = []
                total = 0.0
                for words, base, dn in zip(shared[j], common, sizes, strict=True):
                    gain = 0
                    for w, cnt, have in words:
                        before = summary.get(w, 0)
                        if before < have:
                            gain += min(before + cnt, have) - before
                    o = base + gain
                    new_common.append(o)
                    total += _f1(o, n + c.size, dn)
                raw = total / len(docs)
                s = raw * cfg.lead_decay ** c.position
                if _ANAPHORA.match(c.text):
                    s *= 0.9  # leans on a sentence the reader may not see
                if s <= score:
                    continue  # adds nothing
                # corroboration weighs the gain, so it ranks candidates without moving the stopping point;
                # its support check runs only for a candidate that could still win
                if best is not None and score + (s - score) * (1 + cfg.corroboration) <= best[0]:
                    continue
                s_ranked = score + (s - score) * boost(j)
                if best is None or s_ranked > best[0]:
                    best = (s_ranked, j, new_common, s)
            if best is None:
                break
            if not supported(best[1]):
                usable[best[1]] = False  # no article backs it: never used
                continue
            _ranked, j, common, score = best
            chosen.append(j)
            summary += cands[j].bag
            n += cands[j].size
        return chosen

    # -- the summary ---------------------------------------------------------------------------
    def summarize(self, articles: Sequence[Article], comparison: Comparison) -> list[Claim]:
        checker = SupportChecker(list(articles), threshold=self.config.support_threshold)
        voice_of: Mapping[str, str] = {aid: v.id for v in comparison.voices for aid in v.articles}
        disputed = {c.topic for c in comparison.conflicts}
        # A sentence of a slot conflict (duration, count) is never used; of a value conflict of aligned
        # sentences (less certain: bench/conflict_perturbation.py), only one that a rival value outnumbers.
        disputed_text = {v.text for c in comparison.conflicts for v in c.variants
                         if c.kind in _SLOT_KINDS or any(len(w.sources) > len(v.sources) for w in c.variants)}
        cands, docs = self._candidates(articles, comparison)
        support: dict[int, list[Citation]] = {}

        def supported(j: int) -> bool:
            if j not in support:
                support[j] = checker.supporters(cands[j].text)
            return bool(support[j])

        # a disputed value is never stated as fact
        usable = [c.text not in disputed_text and c.source not in disputed_text
                  and not any(slot.topic in disputed for slot in slots(c.text)) for c in cands]
        # Corroboration: a sentence backed by more independent voices weighs more.
        n_voices = max(2, len(comparison.voices))

        def boost(j: int) -> float:
            if not self.config.corroboration or not supported(j):
                return 1.0
            n = len({voice_of.get(c.article_id, c.article_id) for c in support[j]})
            return 1 + self.config.corroboration * (n - 1) / (n_voices - 1)

        chosen = self._select(cands, docs, usable, boost, supported) if docs else []
        # Reading order: the lead before the detail, titles first; ties keep the order of choice.
        n_support = {j: len({voice_of.get(c.article_id, c.article_id) for c in support.get(j, [])}) for j in chosen}
        chosen.sort(key=lambda j: (cands[j].position > 0, _ANAPHORA.match(cands[j].text) is not None, -n_support[j],
                                   cands[j].position))
        out = []
        for j in chosen:
            cites = support[j]
            sources = sorted({c.article_id for c in cites})
            out.append(Claim(cands[j].text, sources, cites, len({voice_of.get(s, s) for s in sources}),
                             {"kind": "title" if cands[j].position == 0 else "sentence"}))
        out.extend(self._conflicts(articles, comparison, checker, voice_of))
        return out

    def _conflicts(self, articles: Sequence[Article], comparison: Comparison, checker: SupportChecker,
                   voice_of: Mapping[str, str]) -> list[Claim]:
        out = []
        # Slot conflicts only (durations, counts): value conflicts of aligned sentences are listed with
        # the story's conflicts but are less certain (bench/conflict_perturbation.py) than a summary needs.
        slotted = [c for c in comparison.conflicts if c.kind in _SLOT_KINDS]
        for conflict in slotted[: self.config.max_conflicts]:
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
                out.append(Claim(text, sources, cites, len({voice_of.get(s, s) for s in sources}), {"kind": "conflict"}))
        return out

    @staticmethod
    def _mention(articles: Sequence[Article], aid: str, value: str) -> Citation | None:
        for a in articles:
            if a.id == aid:
                at = a.text.find(value)
                if at >= 0:
                    return Citation(aid, at, at + len(value))
        return None
