"""Online story clustering: each article (a whole copy group at once) joins the most similar
open story, or starts a new one.

An article is three sparse TF-IDF vectors (body words, title words, capitalised names); a
story is the sum of its articles' vectors. Similarity is the weighted cosine of the three.
Document frequencies are counted as articles arrive, so the state is a plain dict that the
store keeps between runs (``state_dict`` / ``from_state``); a later run extends the same stories.
An article joins only a story whose span (first to last article date) it falls within, give or
take ``window_days``; a new copy of a wire story already placed joins its copies' story.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

from ..config import ClusterConfig
from ..model import Article
from ..text import content_words, entities

__all__ = ["StoryClusterer"]

_FIELDS = ("body", "title", "ents")


def _day(iso: str | None) -> int | None:
    if not iso:
        return None
    try:
        return date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        return None


class StoryClusterer:
    """Assigns stories incrementally. ``labels_`` maps article id to story id."""

    def __init__(self, config: ClusterConfig | None = None, *, body_words: int = 400) -> None:
        self.config = config or ClusterConfig()
        self.body_words = body_words
        self.n_docs_ = 0
        self.df_: dict[str, Counter[str]] = {f: Counter() for f in _FIELDS}
        self.stories_: dict[str, dict[str, Any]] = {}
        self.labels_: dict[str, str] = {}
        self._vectors: dict[str, dict[str, dict[str, float]]] = {}
        self._postings: dict[tuple[str, str], set[str]] = {}

    def _reindex(self) -> None:
        """Rebuild story vectors and the inverted index (after loading a saved state)."""
        self._vectors, self._postings = {}, {}
        for sid, story in self.stories_.items():
            self._vectors[sid] = self._weights({f: Counter(story["terms"][f]) for f in _FIELDS})
            for f in _FIELDS:
                for term in story["terms"][f]:
                    self._postings.setdefault((f, term), set()).add(sid)

    # -- persistence --------------------------------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        return {
            "n_docs": self.n_docs_,
            "df": {f: dict(c) for f, c in self.df_.items()},
            "stories": self.stories_,
            "labels": self.labels_,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any] | None, config: ClusterConfig | None = None) -> StoryClusterer:
        self = cls(config)
        if state:
            self.n_docs_ = state["n_docs"]
            self.df_ = {f: Counter(state["df"].get(f, {})) for f in _FIELDS}
            self.stories_ = state["stories"]
            self.labels_ = dict(state["labels"])
        return self

    # -- vectors ------------------------------------------------------------------------------
    def _terms(self, article: Article) -> dict[str, Counter[str]]:
        body = " ".join(article.text.split()[: self.body_words])
        return {
            "body": Counter(content_words(body)),
            "title": Counter(content_words(article.title or "")),
            "ents": Counter(entities(f"{article.title or ''}\n{body}")),
        }

    def _idf(self, field: str, term: str) -> float:
        """Smoothed IDF, flattened while the stream is young: with a handful of articles,
        document frequencies say little and would punish exactly the words a story shares."""
        trust = min(1.0, self.n_docs_ / 100)
        return 1.0 + trust * math.log((self.n_docs_ + 1) / (self.df_[field][term] + 1))

    def _weights(self, terms: dict[str, Counter[str]]) -> dict[str, dict[str, float]]:
        """Unit-length sublinear TF-IDF vectors, one per field."""
        out = {}
        for f in _FIELDS:
            vec = {t: (1 + math.log(n)) * self._idf(f, t) for t, n in terms[f].items()}
            norm = math.sqrt(sum(v * v for v in vec.values()))
            out[f] = {t: v / norm for t, v in vec.items()} if norm else {}
        return out

    @staticmethod
    def _cos(a: dict[str, float], b: dict[str, float]) -> float:
        if len(a) > len(b):
            a, b = b, a
        get = b.get
        return sum(v * get(t, 0.0) for t, v in a.items())

    def similarity(self, a: dict[str, dict[str, float]], b: dict[str, dict[str, float]]) -> float:
        """Weighted cosine of body, title and name vectors; weights renormalised over the
        fields both sides have (a headline-only article is compared on its title)."""
        w = {
            "body": 1.0 - self.config.title_weight - self.config.entity_weight,
            "title": self.config.title_weight,
            "ents": self.config.entity_weight,
        }
        total = score = 0.0
        for f in _FIELDS:
            if a[f] and b[f] and w[f] > 0:
                total += w[f]
                score += w[f] * self._cos(a[f], b[f])
        return score / total if total else 0.0

    # -- assignment ---------------------------------------------------------------------------
    def partial_fit(self, articles: Sequence[Article]) -> StoryClusterer:
        """Assign new articles (already-labelled ids are skipped), copy groups as one unit."""
        units: dict[str, list[Article]] = {}
        placed: dict[str, Counter[str]] = {}  # copy group -> stories its labelled members are in
        for a in articles:
            key = a.copy_group or a.id
            if a.id in self.labels_:
                placed.setdefault(key, Counter())[self.labels_[a.id]] += 1
            else:
                units.setdefault(key, []).append(a)
        order = sorted(units.items(), key=lambda kv: (min(a.published or "9999" for a in kv[1]), min(a.id for a in kv[1])))
        for key, unit in order:
            terms = [self._terms(a) for a in unit]
            self.n_docs_ += len(unit)
            for t in terms:
                for f in _FIELDS:
                    self.df_[f].update(t[f].keys())
            merged = {f: sum((t[f] for t in terms), Counter()) for f in _FIELDS}
            vec = self._weights(merged)
            day = min((d for d in (_day(a.published) for a in unit) if d is not None), default=None)
            known = placed.get(key)
            # A new copy of an already placed wire story joins its copies' story.
            sid = known.most_common(1)[0][0] if known else self._best(vec, day)
            if sid is None:
                sid = base = f"story-{min(a.id for a in unit)}"
                n = 1
                while sid in self.stories_:  # an id reused by a re-assigned article
                    n += 1
                    sid = f"{base}-{n}"
                self.stories_[sid] = {"terms": {f: {} for f in _FIELDS}, "first_day": day, "last_day": day, "size": 0}
            story = self.stories_[sid]
            for f in _FIELDS:
                acc = Counter(story["terms"][f])
                acc.update(merged[f])
                story["terms"][f] = dict(acc)
            story["size"] += len(unit)
            if day is not None and (story["last_day"] is None or day > story["last_day"]):
                story["last_day"] = day
            if day is not None and (story.get("first_day") is None or day < story["first_day"]):
                story["first_day"] = day
            self._vectors[sid] = self._weights({f: Counter(story["terms"][f]) for f in _FIELDS})
            for f in ("title", "ents", "body"):
                for term in story["terms"][f]:
                    self._postings.setdefault((f, term), set()).add(sid)
            for a in unit:
                self.labels_[a.id] = sid
        return self

    def _candidates(self, vec: dict[str, dict[str, float]], top: int = 8, keep: int = 40) -> list[str]:
        """The ``keep`` stories sharing the most of the article's most specific terms (an inverted index)."""
        hits: Counter[str] = Counter()
        for f in _FIELDS:
            for term, _w in sorted(vec[f].items(), key=lambda kv: -kv[1])[:top]:
                hits.update(self._postings.get((f, term), ()))
        return sorted(sid for sid, _n in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[:keep])

    def _best(self, vec: dict[str, dict[str, float]], day: int | None) -> str | None:
        if len(self._vectors) != len(self.stories_):
            self._reindex()
        best, best_score = None, self.config.threshold
        for sid in self._candidates(vec):
            story = self.stories_[sid]
            first, last = story.get("first_day", story["last_day"]), story["last_day"]
            window = self.config.window_days
            if day is not None and last is not None and not (first - window <= day <= last + window):
                continue
            score = self.similarity(vec, self._vectors[sid])
            if score >= best_score:
                best, best_score = sid, score
        return best
