"""Online story clustering: each article (a whole copy group at once) joins the open story it most
probably belongs to, or starts a new one.

An article is three unit-length TF-IDF vectors (title words, body words, names: see
:mod:`.features`), weighted with the document frequencies seen so far in the stream. A story keeps
the sum of its articles' vectors, so adding an article costs the size of the article, not of the
story. Candidate stories come from an inverted index over the article's most specific terms; each
candidate is scored with the calibrated probability of :mod:`.similarity`, and the article joins
the best one if that probability reaches ``config.threshold`` (0.5 by default).

Fragments: when a story's first articles arrive close together, two or three of them can each open
a story before any is big enough to draw the others. When an article is probable enough in its
best story and in a runner-up, and one of the two is small (``merge_max_size``), opened in the
current call, and similar enough to the other as a whole (``merge_threshold``, the same calibrated
probability taken story against story), the small one is folded into the larger. Labels given in
an earlier call never change.

Time: articles are taken in date order (ties and undated articles in arrival order; undated
articles come after the dated ones of the same batch). An article joins only a story whose span
(first to last article date) it falls within, give or take ``window_days``: old stories close.
An undated article has no date constraint and does not move a story's span; its clock is its
arrival: it joins only a story opened fewer than ``window_articles`` arrivals (units placed,
dated or not, counted across runs) before it. Without this, a story in an undated collection never
closes and, over thousands of articles, absorbs every article on the same topic (one border-wall
story took 120 articles of the neus_allsides set); ``window_articles=0`` turns it off. The window
trades recall for precision when the input is not in arrival order: an undated archive whose story
mates lie far apart in the file is split more (see ClusterConfig for the measured effect).
A date before 1900 or more than a year after today is treated as no date (and reported in
``undated_``). A story whose last article is more than two windows older than the newest date seen
leaves the candidate index (its vectors and labels stay in the state), so the cost of placing an
article follows the number of open stories, not the size of the store; an article dated that far
back (a very late arrival) is compared with the open stories only.

Copy groups: a wire copy and its reprints always share a story; a new copy of a group already
placed joins its copies' story.

State: ``state_dict()`` is plain JSON (document frequencies, story vectors, labels, arrival count)
that the store keeps between runs; ``from_state`` continues from it, so later input extends the same stories.
"""

from __future__ import annotations

import heapq
import logging
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from operator import itemgetter
from typing import Any

from ..config import ClusterConfig
from ..model import Article
from .features import FIELDS, DocumentFrequencies, Vector, article_terms, weigh
from .similarity import DEFAULT_CALIBRATION, Calibration, field_weights, raw_similarity

__all__ = ["StoryClusterer", "day_of"]

log = logging.getLogger(__name__)

_STATE_VERSION = 2
# Title and body words share one posting list, so a headline finds a story told in body text.
_PREFIX = {"title": "w", "body": "w", "ents": "e"}
_MIN_DAY = date(1900, 1, 1).toordinal()


def day_of(iso: str | None) -> int | None:
    """The day number of an ISO date, or None when it is missing, unreadable or implausible
    (before 1900, or more than a year after today)."""
    if not iso:
        return None
    try:
        day = date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        return None
    if day < _MIN_DAY or day > (date.today() + timedelta(days=366)).toordinal():
        return None
    return day


class StoryClusterer:
    """Assigns stories incrementally. ``labels_`` maps article id to story id.

    ``scores_`` holds, for each article placed by this object, the calibrated probability of the
    decision (for the story it joined, or the best rejected one when it started a new story).
    """

    def __init__(self, config: ClusterConfig | None = None, *, body_words: int = 400, calibration: Calibration | None = None,
                 candidates: int = 40, top_terms: int = 8, max_postings: int = 1000) -> None:
        self.config = config or ClusterConfig()
        self.body_words = body_words
        self.calibration = calibration or DEFAULT_CALIBRATION
        self.candidates = candidates
        self.top_terms = top_terms
        self.max_postings = max_postings
        self.df_ = DocumentFrequencies()
        self.stories_: dict[str, dict[str, Any]] = {}
        self.labels_: dict[str, str] = {}
        self.scores_: dict[str, float] = {}
        self.undated_: list[str] = []
        self._weights = field_weights(self.config)
        self._names = self._weights["ents"] > 0
        self._postings: dict[str, set[str]] = {}
        self._closing: list[tuple[int, str]] = []  # (last day, story) heap, to drop closed stories from the index
        self._closed: set[str] = set()
        self._newest: int | None = None
        self._fresh: dict[str, list[str]] = {}  # stories opened in this partial_fit call -> their articles
        self.seq_ = 0  # units placed so far: the arrival clock of undated input (kept in the state)

    # -- persistence --------------------------------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        return {"version": _STATE_VERSION, **self.df_.state_dict(), "stories": self.stories_, "labels": self.labels_,
                "seq": self.seq_}

    @classmethod
    def from_state(
        cls, state: dict[str, Any] | None, config: ClusterConfig | None = None, **kwargs: Any
    ) -> StoryClusterer:
        self = cls(config, **kwargs)
        if not state:
            return self
        self.df_ = DocumentFrequencies.from_state(state)
        self.labels_ = dict(state.get("labels", {}))
        self.seq_ = int(state.get("seq", 0))
        if state.get("version") == _STATE_VERSION:
            self.stories_ = state["stories"]
        else:  # the first format kept raw term counts per story: rebuild the summed vectors from them
            for sid, old in state.get("stories", {}).items():
                bags = {f: Counter(old.get("terms", {}).get(f, {})) for f in FIELDS}
                size = int(old.get("size", 1)) or 1
                vec = {f: {t: w * size for t, w in v.items()} for f, v in weigh(bags, self.df_).items()}
                self.stories_[sid] = {"vec": vec, "size": size, "first_day": old.get("first_day", old.get("last_day")),
                                      "last_day": old.get("last_day")}
        newest = max((st["last_day"] for st in self.stories_.values() if st["last_day"] is not None), default=None)
        horizon = newest - 2 * self.config.window_days if newest is not None else None
        for sid, story in self.stories_.items():
            last = story["last_day"]
            if last is not None and horizon is not None and last < horizon:
                self._closed.add(sid)  # closed for any article not older than the newest story's window
                continue
            self._index(sid, story["vec"])
            if last is not None:
                heapq.heappush(self._closing, (last, sid))
        return self

    def _sweep(self, day: int) -> None:
        """Drop from the index the stories no article dated ``day - window`` or later can join
        (last article more than two windows before the newest date): the index stays the size of
        the open stories, whatever the store holds. Their vectors and labels stay in the state."""
        if self._newest is not None and day <= self._newest:
            return
        self._newest = day
        horizon = day - 2 * self.config.window_days
        heap = self._closing
        while heap and heap[0][0] < horizon:
            last, sid = heapq.heappop(heap)
            story = self.stories_.get(sid)
            if story is None or story["last_day"] != last or sid in self._closed:
                continue  # merged away, grew since (a newer entry is in the heap) or already closed
            self._closed.add(sid)
            for f in FIELDS:
                for term in story["vec"][f]:
                    ids = self._postings.get(f"{_PREFIX[f]}:{term}")
                    if ids is not None:
                        ids.discard(sid)

    def _index(self, sid: str, vec: dict[str, Vector]) -> None:
        postings = self._postings
        for f in FIELDS:
            for term in vec[f]:
                key = f"{_PREFIX[f]}:{term}"
                ids = postings.get(key)
                if ids is None:
                    postings[key] = {sid}
                else:
                    ids.add(sid)

    # -- assignment ---------------------------------------------------------------------------
    def partial_fit(self, articles: Sequence[Article]) -> StoryClusterer:
        """Assign new articles (already-labelled ids are skipped), copy groups as one unit.

        Labels given by an earlier call never change: only stories opened in this call can be merged."""
        self._fresh = {}
        units: dict[str, list[Article]] = {}
        first_seen: dict[str, int] = {}
        placed: dict[str, Counter[str]] = {}  # copy group -> stories its labelled members are in
        for i, a in enumerate(articles):
            key = a.copy_group or a.id
            if a.id in self.labels_:
                placed.setdefault(key, Counter())[self.labels_[a.id]] += 1
            else:
                units.setdefault(key, []).append(a)
                first_seen.setdefault(key, i)
        days = {key: min((d for d in (day_of(a.published) for a in unit) if d is not None), default=None)
                for key, unit in units.items()}
        # Dated units by date, then undated ones; arrival order breaks ties (a stable sort).
        order = sorted(units, key=lambda k: (days[k] is None, days[k] or 0, first_seen[k]))
        for key in order:
            self._place(key, units[key], days[key], placed.get(key))
        return self

    def _vectorise(self, unit: list[Article]) -> dict[str, Vector]:
        """The unit's TF-IDF vectors (its terms counted into the document frequencies first)."""
        bags = [article_terms(a, self.body_words, self._names) for a in unit]
        for b in bags:
            self.df_.add(b)
        merged = bags[0] if len(bags) == 1 else {f: sum((b[f] for b in bags), Counter()) for f in FIELDS}
        return weigh(merged, self.df_)

    def _place(self, key: str, unit: list[Article], day: int | None, known: Counter[str] | None) -> None:
        vec = self._vectorise(unit)
        if day is None:
            self.undated_.extend(a.id for a in unit)
        else:
            self._sweep(day)
        sid: str | None
        if known:  # a new copy of an already placed wire story joins its copies' story
            sid, score = known.most_common(1)[0][0], 1.0
        else:
            ranked = self._ranked(vec, day)
            sid, score = (ranked[0][1], ranked[0][0]) if ranked else (None, 0.0)
            if sid is not None and score >= self.config.threshold and self.config.merge_threshold < 1.0:
                sid = self._bridge(sid, ranked)
        if sid is None or score < self.config.threshold:
            sid = None
        self._add(sid, unit, vec, day, score)

    def _bridge(self, sid: str, ranked: list[tuple[float, str]]) -> str:
        """The article joins ``sid`` and is also probable enough in the runner-up stories: merge a
        runner-up opened in this call into ``sid`` (or ``sid`` into it, the larger one surviving)
        when one of the two holds at most ``merge_max_size`` articles and the two stories'
        own calibrated probability reaches ``merge_threshold``. Fragments of one story that opened
        a few articles apart, before either was big enough to attract the other's articles, so
        join up. Returns the surviving story."""
        cfg = self.config
        stories = self.stories_
        for p, other in ranked[1:3]:
            if p < cfg.threshold or other not in stories or sid == other:
                continue
            small, large = sorted((sid, other), key=lambda x: (stories[x]["size"], x not in self._fresh))
            if small not in self._fresh or stories[small]["size"] > cfg.merge_max_size:
                continue
            if self._story_probability(sid, other) >= cfg.merge_threshold:
                self._merge(large, small)
                sid = large
        return sid

    def _add(self, sid: str | None, unit: list[Article], vec: dict[str, Vector], day: int | None, score: float) -> str:
        """Add the unit to story ``sid`` (None: a new story) and label its articles."""
        if sid is None:
            sid = self._new_story_id(min(a.id for a in unit))
            self.stories_[sid] = {"vec": {f: {} for f in FIELDS}, "size": 0, "first_day": day, "last_day": day}
        story = self.stories_[sid]
        if sid in self._fresh:
            self._fresh[sid].extend(a.id for a in unit)
        elif story["size"] == 0:
            self._fresh[sid] = [a.id for a in unit]
        self.seq_ += 1
        story.setdefault("first_seq", self.seq_)
        story["last_seq"] = self.seq_
        n = len(unit)
        for f in FIELDS:
            acc = story["vec"][f]
            for t, w in vec[f].items():
                acc[t] = acc.get(t, 0.0) + n * w
        story["size"] += n
        if day is not None:
            if story["last_day"] is None or day > story["last_day"]:
                story["last_day"] = day
                heapq.heappush(self._closing, (day, sid))
            if story["first_day"] is None or day < story["first_day"]:
                story["first_day"] = day
        self._index(sid, vec)
        for a in unit:
            self.labels_[a.id] = sid
            self.scores_[a.id] = round(score, 4)
        return sid

    def _new_story_id(self, base_id: str) -> str:
        sid = base = f"story-{base_id}"
        n = 1
        while sid in self.stories_:  # an id reused by a re-assigned article
            n += 1
            sid = f"{base}-{n}"
        return sid

    def _candidates(self, vec: dict[str, Vector]) -> list[str]:
        """The stories sharing the most of the article's most specific terms (an inverted index)."""
        hits: Counter[str] = Counter()
        postings = self._postings
        common: list[set[str]] = []
        for f in FIELDS:
            items = vec[f].items()
            top = heapq.nlargest(self.top_terms, items, key=itemgetter(1)) if len(vec[f]) > self.top_terms else items
            for term, _w in top:
                ids = postings.get(f"{_PREFIX[f]}:{term}")
                if not ids:
                    continue
                if len(ids) > self.max_postings:  # a word in very many stories says little: only if nothing else
                    common.append(ids)
                else:
                    hits.update(ids)
        if not hits:
            for ids in common:
                hits.update(ids)
        if len(hits) <= self.candidates:
            return list(hits)
        return [sid for sid, _n in hits.most_common(self.candidates)]

    def _open(self, sid: str, day: int | None) -> bool:
        story = self.stories_[sid]
        first, last, window = story["first_day"], story["last_day"], self.config.window_days
        if day is None:
            arrivals = self.config.window_articles
            return not arrivals or self.seq_ + 1 - story.get("first_seq", self.seq_ + 1) < arrivals
        return last is None or first - window <= day <= last + window

    def _features(self, vec: dict[str, Vector], sid: str) -> tuple[float, int]:
        """(raw similarity, story size): what the calibrated probability is a function of."""
        story = self.stories_[sid]
        size = story["size"]
        return raw_similarity(vec, story["vec"], self._weights, size, self.config.size_exponent), size

    def _ranked(self, vec: dict[str, Vector], day: int | None) -> list[tuple[float, str]]:
        """Open candidate stories with their calibrated probability, most probable first."""
        out = []
        for sid in self._candidates(vec):
            if self._open(sid, day):
                out.append((self.calibration(*self._features(vec, sid)), sid))
        out.sort(key=lambda x: (-x[0], x[1]))
        return out

    def _best(self, vec: dict[str, Vector], day: int | None) -> tuple[str | None, float]:
        ranked = self._ranked(vec, day)
        return (ranked[0][1], ranked[0][0]) if ranked else (None, 0.0)

    def _story_probability(self, a: str, b: str) -> float:
        """The calibrated probability that stories ``a`` and ``b`` are one: their summed vectors'
        similarity divided by ``(size_a * size_b) ** size_exponent``, at the smaller story's size."""
        sa, sb = self.stories_[a], self.stories_[b]
        sim = raw_similarity(sa["vec"], sb["vec"], self._weights, 1, self.config.size_exponent)
        na, nb = sa["size"], sb["size"]
        sim /= (na * nb) ** self.config.size_exponent
        return self.calibration(sim, min(na, nb))

    def _merge(self, keep: str, gone: str) -> None:
        """Fold story ``gone`` (all of whose articles were placed in this call) into ``keep``."""
        k, g = self.stories_[keep], self.stories_.pop(gone)
        for f in FIELDS:
            acc = k["vec"][f]
            for t, w in g["vec"][f].items():
                acc[t] = acc.get(t, 0.0) + w
                ids = self._postings.get(f"{_PREFIX[f]}:{t}")
                if ids is not None:
                    ids.discard(gone)
        self._index(keep, g["vec"])
        k["size"] += g["size"]
        for key in ("first_day", "first_seq"):
            if g.get(key) is not None and (k.get(key) is None or g[key] < k[key]):
                k[key] = g[key]
        for key in ("last_day", "last_seq"):
            if g.get(key) is not None and (k.get(key) is None or g[key] > k[key]):
                k[key] = g[key]
        if k["last_day"] is not None:
            heapq.heappush(self._closing, (k["last_day"], keep))
        members = self._fresh.pop(gone)
        for aid in members:
            self.labels_[aid] = keep
        if keep in self._fresh:
            self._fresh[keep].extend(members)

    def story_score(self, article: Article, story_id: str) -> float:
        """The calibrated probability that ``article`` belongs to the stored story ``story_id``
        (ignoring the time window), with the IDF learned so far."""
        story = self.stories_[story_id]
        vec = weigh(article_terms(article, self.body_words, self._names), self.df_)
        sim = raw_similarity(vec, story["vec"], self._weights, story["size"], self.config.size_exponent)
        return self.calibration(sim, story["size"])
