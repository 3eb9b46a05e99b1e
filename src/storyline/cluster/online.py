"""Online story clustering: each article (a whole copy group at once) joins the open story it most
probably belongs to, or starts a new one.

An article is three unit-length TF-IDF vectors (title words, body words, names: see
:mod:`.features`), weighted with the document frequencies seen so far in the stream. A story keeps
the sum of its articles' vectors, so adding an article costs the size of the article, not of the
story. Candidate stories come from an inverted index over the article's most specific terms; each
candidate is scored with the calibrated probability of :mod:`.similarity`, and the article joins
the best one if that probability reaches ``config.threshold`` (0.45 by default).

Dense option (``config.dense``, the ``embed`` extra; :mod:`.embed`): each unit also gets a unit-length
dense vector (its articles encoded in one batch per call), a story keeps their sum, and the cosine of
the unit with the story's dense centroid joins the decision (its own calibration,
``DENSE_CLUSTER_CALIBRATION``). Candidates still come from the word index. The dense sums live in
memory and in ``state_dict()``, not in a store's rows: :meth:`StoryClusterer.open` refuses the option.

Fragments: when a story's first articles arrive close together, two or three of them can each open
a story before any is big enough to draw the others. When an article is probable enough in its
best story and in a runner-up, and one of the two is small (``merge_max_size``), opened in the
current call, and similar enough to the other as a whole (``merge_threshold``, the same calibrated
probability taken story against story), the small one is folded into the larger. Labels given in
an earlier call never change.

Refinement (``config.refine_threshold``): once a call's articles are placed, each small story opened
in the call (at most ``merge_max_size`` articles) is folded into the most probable established story
(more than ``merge_max_size``) close to it in time, when the two stories' calibrated probability reaches
the threshold: fragments a story's first articles opened before its centroid settled.

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
closes: it leaves the candidate index (its vectors and labels stay in the state), so the cost of placing an
article follows the number of open stories, not the size of the store; an article dated that far
back (a very late arrival) is compared with the open stories only.

Copy groups: a wire copy and its reprints always share a story; a new copy of a group already
placed joins its copies' story.

State: :meth:`StoryClusterer.open` works over a store's clusterer rows (one row per story,
label, document frequency and posting; :mod:`storyline.store.sqlite`), reading only what placing
new articles needs: the labels of the articles given, the document frequencies of their terms, the
postings of their most specific terms and the candidate stories those name. Closed stories stay on
disk. :meth:`save` writes back only the rows that changed, in one transaction. A store that still
holds the older single JSON value (state key ``cluster``) is converted on open. ``state_dict()`` /
``from_state`` keep the whole state as plain JSON, for callers without a store. The same calls give
the same labels in memory and over a store with a save and a fresh open between them (one call and
several calls can differ: merges join only stories opened in the same call).
"""

from __future__ import annotations

import copy
import heapq
import logging
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from itertools import compress, repeat
from operator import itemgetter, mul
from typing import TYPE_CHECKING, Any

from ..config import ClusterConfig
from ..errors import ConfigError, StoreError, StorylineError
from ..model import Article
from ..store.base import ClusterChanges, Store
from .features import FIELDS, DocumentFrequencies, Vector, article_terms, weigh
from .similarity import (
    DEFAULT_CALIBRATION,
    DENSE_CLUSTER_CALIBRATION,
    Calibration,
    field_weights,
    raw_similarity,
    sigmoid,
    term_coverage,
)

if TYPE_CHECKING:
    from .embed import ArticleEncoder

__all__ = ["StoryClusterer", "day_of"]

log = logging.getLogger(__name__)

_STATE_VERSION = 3
_LEGACY_KEY = "cluster"  # the store's state key of the single-value JSON state (state versions 1 and 2)
# Title and body words share one posting list, so a headline finds a story told in body text.
_PREFIX = {"title": "w", "body": "w", "ents": "e"}
_DF_PREFIX = {"title": "t", "body": "b", "ents": "e"}  # document-frequency row keys
_MIN_DAY = date(1900, 1, 1).toordinal()
_REFINE_CANDIDATES = 3  # stories a fragment is compared with after a call (the most shared specific terms)
# Over a store, a candidate story not in memory is scored from a light read: of each vector field longer
# than this (and than the article's terms), only the weights of the article's terms. The story is read
# whole when the article joins it, or when it is a candidate for the _LIGHT_READS + 1-th time in one object
# (a batch: then it stays in memory for the rest).
_WHOLE_UP_TO = 500
_LIGHT_READS = 2


def _logit_of(p: float) -> float:
    """The logit at which a calibrated probability reaches ``p`` (-inf at 0 or below, inf at 1 or above)."""
    if p <= 0.0:
        return -math.inf
    if p >= 1.0:
        return math.inf
    return math.log(p / (1.0 - p))


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
    Over a store (:meth:`open`), ``labels_`` and ``stories_`` hold what this object has read or
    written, not the whole store.
    """

    def __init__(self, config: ClusterConfig | None = None, *, body_words: int = 400, calibration: Calibration | None = None,
                 candidates: int = 40, top_terms: int = 8, max_postings: int = 1000,
                 encoder: ArticleEncoder | None = None) -> None:
        self.config = config or ClusterConfig()
        self.body_words = body_words
        if encoder is not None and not self.config.dense:
            raise ConfigError("an encoder was given but ClusterConfig.dense is ''; allowed: set dense to 'minilm' "
                              "or 'static' (the encoder then replaces the one it names), or pass no encoder")
        if self.config.dense and encoder is None:
            from .embed import encoder_for

            encoder = encoder_for(self.config.dense, self.config.dense_cache or None)
        self.encoder = encoder
        self.calibration = calibration or (DENSE_CLUSTER_CALIBRATION[self.config.dense] if self.config.dense
                                           else DEFAULT_CALIBRATION)
        self.candidates = candidates
        self.top_terms = top_terms
        self.max_postings = max_postings
        self.df_ = DocumentFrequencies()
        self.stories_: dict[str, dict[str, Any]] = {}
        self.labels_: dict[str, str] = {}
        self.scores_: dict[str, float] = {}
        self.undated_: list[str] = []
        self._weights = field_weights(self.config)
        # size -> (size ** size_exponent, log_size * log(size)), for the (size_exponent, log_size) in _size_key
        self._size_terms: dict[int, tuple[float, float]] = {}
        self._size_key: tuple[float, float] | None = None
        self._names = self._weights["ents"] > 0
        self._postings: dict[str, set[str]] = {}
        self._closing: list[tuple[int, str]] = []  # (last day, story) heap, to drop closed stories from the index
        self._closed: set[str] = set()
        self._newest: int | None = None
        self._fresh: dict[str, list[str]] = {}  # stories opened in this partial_fit call -> their articles
        self._unit_dense: Any = None  # with config.dense: the unit-length dense vector of the unit being placed
        self.seq_ = 0  # units placed so far: the arrival clock of undated input (kept in the state)
        # Over a store (see open()): what has been read, and what changed since the last save.
        self._store: Store | None = None
        self._generation: int | None = None
        self._complete = True  # the whole state is in memory: nothing to look up in the store
        self._df_read: set[str] = set()  # document-frequency keys looked up
        self._keys_read: set[str] = set()  # posting keys looked up
        self._horizon_read: float | None = None  # stored stories last seen before this were closed on reading
        self._df_changed: set[tuple[str, str]] = set()
        self._stories_changed: set[str] = set()
        self._closed_changed: set[str] = set()
        self._removed: set[str] = set()
        self._labels_changed: set[str] = set()
        self._forgotten: set[str] = set()
        self._pending: dict[str, set[str]] = {}  # story -> posting keys added since the last save
        self._cleared: set[str] = set()  # stories whose stored postings go at the next save
        self._unsaved: set[str] = set()  # stories opened since the last save
        self._light_reads: Counter[str] = Counter()  # story -> times scored from a light read (see _WHOLE_UP_TO)

    # -- persistence: JSON ----------------------------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        """The whole state as plain JSON (over a store, everything is read first), a copy: later calls do
        not change it."""
        self._read_everything()
        if self.encoder is not None:
            stories = {sid: {**copy.deepcopy({k: v for k, v in st.items() if k != "dense"}), "dense": st["dense"].tolist()}
                       for sid, st in self.stories_.items()}
        else:
            stories = copy.deepcopy(self.stories_)
        return {"version": _STATE_VERSION, **self.df_.state_dict(), "stories": stories, "labels": dict(self.labels_),
                "seq": self.seq_, "closed": sorted(self._closed & self.stories_.keys()), "newest": self._newest}

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
        version = state.get("version")
        if version in (2, _STATE_VERSION):
            self.stories_ = copy.deepcopy(state["stories"])  # the caller's state stays as it was
            if self.encoder is not None:
                self._read_dense()
        else:  # the first format kept raw term counts per story: rebuild the summed vectors from them
            for sid, old in state.get("stories", {}).items():
                bags = {f: Counter(old.get("terms", {}).get(f, {})) for f in FIELDS}
                size = int(old.get("size", 1)) or 1
                vec = {f: {t: w * size for t, w in v.items()} for f, v in weigh(bags, self.df_).items()}
                self.stories_[sid] = {"vec": vec, "size": size, "first_day": old.get("first_day", old.get("last_day")),
                                      "last_day": old.get("last_day")}
        if version == _STATE_VERSION:
            self._closed = set(state.get("closed", ())) & self.stories_.keys()
            self._newest = state.get("newest")
        else:  # older states did not say which stories had closed: those two windows older than the newest
            self._newest = max((st["last_day"] for st in self.stories_.values() if st["last_day"] is not None), default=None)
            if self._newest is not None:
                horizon = self._newest - 2 * self.config.window_days
                self._closed = {sid for sid, st in self.stories_.items()
                                if st["last_day"] is not None and st["last_day"] < horizon}
        if self.encoder is not None and version not in (2, _STATE_VERSION) and self.stories_:
            self._read_dense()  # refuses: the first format has no dense vectors
        for sid, story in self.stories_.items():
            if sid in self._closed:
                continue
            self._index(sid, story["vec"])
            if story["last_day"] is not None:
                heapq.heappush(self._closing, (story["last_day"], sid))
        return self

    def _read_dense(self) -> None:
        import numpy as np

        missing = [sid for sid, st in self.stories_.items() if not isinstance(st.get("dense"), list)]
        if missing:
            raise ConfigError(f"ClusterConfig.dense = {self.config.dense!r}, but the clusterer state holds stories "
                              f"without dense vectors ({len(missing)}, e.g. {missing[0]!r}): it was built with "
                              "dense = ''. Fix: cluster the input again with this config, or keep dense = ''")
        for st in self.stories_.values():
            st["dense"] = np.asarray(st["dense"], dtype=np.float64)

    # -- persistence: store rows ----------------------------------------------------------------
    @classmethod
    def open(cls, store: Store, config: ClusterConfig | None = None, **kwargs: Any) -> StoryClusterer:
        """A clusterer over ``store``'s clusterer rows, reading them as needed; :meth:`save` writes
        the changes back. A store holding the older single-value state is converted first (once,
        in one transaction)."""
        if config is not None and config.dense:
            raise ConfigError(f"ClusterConfig.dense = {config.dense!r} works in memory only (assign_stories, "
                              "storyline eval cluster): a store's rows keep TF-IDF vectors, not dense ones. "
                              "Fix: set [cluster] dense = '' for a run over a store (--db)")
        header = store.cluster_header()
        legacy = store.get_state(_LEGACY_KEY)
        if legacy is not None:
            if header is not None:
                raise StoreError(f"{store!r} holds the story clusterer's state twice (rows and the older state key "
                                 f"{_LEGACY_KEY!r}). Fix: rebuild the store by running the input again into a new store (--db)")
            if not isinstance(legacy, dict) or not isinstance(legacy.get("stories", {}), dict):
                raise StoreError(f"{store!r}: the older story clusterer state (state key {_LEGACY_KEY!r}) is not a "
                                 "JSON object with stories. Fix: rebuild the store by running the input again "
                                 "into a new store (--db)")
            try:
                self = cls.from_state(legacy, config, **kwargs)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise StoreError(f"{store!r}: cannot read the older story clusterer state (state key {_LEGACY_KEY!r}): "
                                 f"{type(exc).__name__}: {exc}. Fix: rebuild the store by running the input again "
                                 "into a new store (--db)") from exc
            self._store = store
            self._save(replace=True)
            log.info("converted the story clusterer's state of %r to rows (%d stories)", store, len(self.stories_))
            return self
        self = cls(config, **kwargs)
        self._store = store
        if header is not None:
            self._complete = False
            self._generation = header["generation"]
            self.df_.n_docs = header["n_docs"]
            self.seq_ = header["seq"]
            self._newest = header["newest"]
        return self

    def save(self) -> None:
        """Write what changed since :meth:`open` (or the last save) to the store, in one transaction."""
        if self._store is None:
            raise StorylineError("this StoryClusterer has no store. Fix: StoryClusterer.open(store), or keep state_dict()")
        self._save()

    def _save(self, *, replace: bool = False) -> None:
        assert self._store is not None
        if replace:  # everything in memory becomes the stored state
            self._stories_changed = set(self.stories_)
            self._labels_changed = set(self.labels_)
            self._df_changed = {(f, t) for f in FIELDS for t in self.df_.df[f]}
            self._pending = {}
            for key, ids in self._postings.items():
                for sid in ids:
                    self._pending.setdefault(sid, set()).add(key)
        stories = self.stories_
        changes = ClusterChanges(
            header={"n_docs": self.df_.n_docs, "seq": self.seq_, "newest": self._newest},
            expect_generation=self._generation,
            stories={sid: {**stories[sid], "closed": sid in self._closed} for sid in self._stories_changed},
            closed=self._closed_changed - self._stories_changed - self._removed,
            removed=set(self._removed),
            labels={aid: self.labels_[aid] for aid in self._labels_changed},
            unlabelled=self._forgotten - self._labels_changed,
            df={f"{_DF_PREFIX[f]}:{t}": self.df_.df[f][t] for f, t in self._df_changed},
            postings_cleared=set(self._cleared),
            postings_added=[(key, sid) for sid, keys in self._pending.items() for key in keys],
            replace=replace,
            drop_state=_LEGACY_KEY if replace else None,
        )
        self._generation = self._store.put_cluster_changes(changes)
        for changed in (self._df_changed, self._stories_changed, self._closed_changed, self._removed,
                        self._labels_changed, self._forgotten, self._cleared, self._unsaved):
            changed.clear()
        self._pending = {}

    def forget(self, article_ids: Iterable[str]) -> None:
        """Drop the labels of ``article_ids`` (their content changed): the next :meth:`partial_fit`
        places them again. Their terms stay in their old story's vector."""
        for aid in article_ids:
            self.labels_.pop(aid, None)
            self._labels_changed.discard(aid)
            if self._store is not None:
                self._forgotten.add(aid)

    def _read_everything(self) -> None:
        """Read the whole stored state into memory (for ``state_dict``)."""
        if self._complete:
            return
        assert self._store is not None
        self._load_stories(self._store.cluster_stories(None).keys())
        for aid, sid in self._store.cluster_labels(None).items():
            if aid not in self.labels_ and aid not in self._forgotten:
                self.labels_[aid] = sid
        self._load_df_rows(self._store.cluster_df(None))
        self._load_postings(None)
        self._complete = True

    def _load_stories(self, ids: Iterable[str]) -> None:
        if self._complete:
            return
        assert self._store is not None
        missing = [sid for sid in ids if sid not in self.stories_ and sid not in self._removed]
        if not missing:
            return
        for sid, story in self._store.cluster_stories(missing).items():
            if story.pop("closed") or sid in self._closed:
                self._closed.add(sid)
            elif story["last_day"] is not None:
                heapq.heappush(self._closing, (story["last_day"], sid))
            self.stories_[sid] = story

    def _story(self, sid: str) -> dict[str, Any]:
        """Story ``sid``, read from the store if need be; a StoreError if a stored label or posting names
        a story the store does not hold."""
        story = self.stories_.get(sid)
        if story is None:
            self._load_stories([sid])
            story = self.stories_.get(sid)
            if story is None:
                raise StoreError(f"{self._store!r}: the story clusterer's state names story {sid!r}, which it does "
                                 "not hold. Fix: rebuild the store by running the input again into a new store (--db)")
        return story

    def _load_labels(self, ids: Iterable[str]) -> None:
        if self._complete:
            return
        assert self._store is not None
        missing = [aid for aid in ids if aid not in self.labels_ and aid not in self._forgotten]
        if missing:
            self.labels_.update(self._store.cluster_labels(missing))

    def _load_df(self, bags: Sequence[dict[str, Counter[str]]]) -> None:
        if self._complete:
            return
        assert self._store is not None
        keys = [k for b in bags for f in FIELDS for t in b[f] if (k := f"{_DF_PREFIX[f]}:{t}") not in self._df_read]
        if keys:
            self._load_df_rows(self._store.cluster_df(keys))
            self._df_read.update(keys)

    def _load_df_rows(self, rows: dict[str, int]) -> None:
        fields = {p: f for f, p in _DF_PREFIX.items()}
        for key, n in rows.items():
            if key in self._df_read:
                continue
            self._df_read.add(key)
            f = fields.get(key[:1])
            if f is None or key[1:2] != ":":
                raise StoreError(f"{self._store!r}: the story clusterer's document frequencies hold a bad key {key!r}. "
                                 "Fix: rebuild the store by running the input again into a new store (--db)")
            self.df_.df[f][key[2:]] = n

    def _load_postings(self, keys: Sequence[str] | None) -> None:
        """Read the stored postings of ``keys`` (None: all) into the index; stories closed since are left out."""
        assert self._store is not None
        if keys is None:
            with_all = self._store.cluster_story_keys(self._store.cluster_stories(None).keys())
            rows = [(key, sid) for sid, ks in with_all.items() for key in ks]
        else:
            rows = self._store.cluster_postings(keys)
        postings, cleared = self._postings, self._cleared
        for key, sid in rows:
            if sid in cleared:
                continue
            ids = postings.get(key)
            if ids is None:
                postings[key] = {sid}
            else:
                ids.add(sid)
        self._keys_read.update(keys if keys is not None else (k for k, _s in rows))

    # -- the candidate index --------------------------------------------------------------------
    def _sweep(self, day: int) -> None:
        """Close the stories no article dated ``day - window`` or later can join (last article more
        than two windows before the newest date): they leave the index, which stays the size of
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
            self._close(sid)
        if not self._complete and (self._horizon_read is None or horizon > self._horizon_read):
            # Stored stories not read yet: the ones last seen before the horizon close without being read.
            assert self._store is not None
            since = None if self._horizon_read is None else math.ceil(self._horizon_read)
            unread = [sid for sid in self._store.cluster_closing(math.ceil(horizon), since)
                      if sid not in self.stories_ and sid not in self._closed]
            self._horizon_read = horizon
            if unread:
                self._close_unread(unread)

    def _close(self, sid: str) -> None:
        self._closed.add(sid)
        story = self.stories_[sid]
        postings = self._postings
        for f in FIELDS:
            for key in map(f"{_PREFIX[f]}:".__add__, story["vec"][f]):
                ids = postings.get(key)
                if ids is not None:
                    ids.discard(sid)
        self._cleared_postings(sid)
        if self._store is not None:
            self._closed_changed.add(sid)

    def _close_unread(self, sids: list[str]) -> None:
        """Close stored stories that were never read: only the postings read from the store can name them."""
        assert self._store is not None
        gone = set(sids)
        if len(self._keys_read) <= 2000:
            for key in self._keys_read:
                ids = self._postings.get(key)
                if ids:
                    ids -= gone
        else:
            for sid, keys in self._store.cluster_story_keys(sids).items():
                for key in keys:
                    ids = self._postings.get(key)
                    if ids is not None:
                        ids.discard(sid)
        self._closed |= gone
        self._closed_changed |= gone
        self._cleared |= gone

    def _cleared_postings(self, sid: str) -> None:
        """Story ``sid`` left the index: its stored postings go at the next save."""
        if self._store is not None:
            self._pending.pop(sid, None)
            if sid not in self._unsaved:
                self._cleared.add(sid)

    def _index(self, sid: str, vec: dict[str, Vector]) -> None:
        postings = self._postings
        pending = None if self._store is None else self._pending.setdefault(sid, set())
        for f in FIELDS:
            for key in map(f"{_PREFIX[f]}:".__add__, vec[f]):
                ids = postings.get(key)
                if ids is None:
                    postings[key] = {sid}
                else:
                    ids.add(sid)
                if pending is not None:
                    pending.add(key)

    # -- assignment ---------------------------------------------------------------------------
    def partial_fit(self, articles: Sequence[Article]) -> StoryClusterer:
        """Assign new articles (already-labelled ids are skipped), copy groups as one unit.

        Labels given by an earlier call never change: only stories opened in this call can be merged."""
        self._fresh = {}
        self._load_labels(a.id for a in articles)
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
        dense = self._encode(units) if self.encoder is not None else {}
        # Dated units by date, then undated ones; arrival order breaks ties (a stable sort).
        order = sorted(units, key=lambda k: (days[k] is None, days[k] or 0, first_seen[k]))
        for key in order:
            self._unit_dense = dense.get(key)
            self._place(key, units[key], days[key], placed.get(key))
        self._unit_dense = None
        if self.config.refine_threshold < 1.0:
            self._refine()
        return self

    def _refine(self) -> None:
        """After the call's articles are placed: fold each small story opened in this call (at most
        ``merge_max_size`` articles, smallest first) into the most probable established story (more
        than ``merge_max_size`` articles) whose time overlaps its own, when the two stories' calibrated
        probability reaches ``refine_threshold``. A story's first articles can miss it while its
        centroid is still moving; the fragments they opened are caught here."""
        cfg = self.config
        stories = self.stories_
        small = sorted((sid for sid in self._fresh if stories[sid]["size"] <= cfg.merge_max_size),
                       key=lambda sid: (stories[sid]["size"], sid))
        for sid in small:
            # (the fragment finds itself first among the stories sharing its terms: one more, then it is left out)
            candidates = [other for other in self._candidates(stories[sid]["vec"], _REFINE_CANDIDATES + 1) if other != sid]
            self._load_stories(candidates)
            best, best_p = None, cfg.refine_threshold
            for other in candidates:
                if (other in self._closed or other not in stories or stories[other]["size"] <= cfg.merge_max_size
                        or not self._overlap(stories[sid], stories[other])):
                    continue
                p = self._story_probability(sid, other, best_p)
                if p >= best_p:
                    best, best_p = other, p
            if best is not None:
                self._merge(best, sid)

    def _overlap(self, a: dict[str, Any], b: dict[str, Any]) -> bool:
        """Whether two stories are close enough in time to be one: their date spans within
        ``window_days`` of each other, or (a story without dates) opened fewer than ``window_articles``
        arrivals apart."""
        if a["first_day"] is not None and b["first_day"] is not None:
            window = self.config.window_days
            return a["first_day"] - window <= b["last_day"] and b["first_day"] - window <= a["last_day"]
        arrivals = self.config.window_articles
        return not arrivals or abs(a.get("first_seq", 0) - b.get("first_seq", 0)) < arrivals

    def _encode(self, units: dict[str, list[Article]]) -> dict[str, Any]:
        """Each unit's unit-length dense vector (the normalised sum of its articles'), encoded in one batch."""
        import numpy as np

        assert self.encoder is not None
        flat = [a for unit in units.values() for a in unit]
        if not flat:
            return {}
        vectors = np.asarray(self.encoder.encode(flat), dtype=np.float64)
        out: dict[str, Any] = {}
        i = 0
        for key, unit in units.items():
            v = vectors[i:i + len(unit)].sum(axis=0)
            i += len(unit)
            norm = float(np.linalg.norm(v))
            out[key] = v / norm if norm > 0 else v
        return out

    def _vectorise(self, unit: list[Article]) -> dict[str, Vector]:
        """The unit's TF-IDF vectors (its terms counted into the document frequencies first)."""
        bags = [article_terms(a, self.body_words, self._names) for a in unit]
        self._load_df(bags)
        for b in bags:
            self.df_.add(b)
            if self._store is not None:
                self._df_changed.update((f, t) for f in FIELDS for t in b[f])
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
        self._story(sid)  # (read whole if it was scored from a light read)
        for p, other in ranked[1:3]:
            if p >= cfg.threshold and sid != other:
                self._load_stories([other])
            if p < cfg.threshold or other not in stories or sid == other:
                continue
            small, large = sorted((sid, other), key=lambda x: (stories[x]["size"], x not in self._fresh))
            if small not in self._fresh or stories[small]["size"] > cfg.merge_max_size:
                continue
            if self._story_probability(sid, other, cfg.merge_threshold) >= cfg.merge_threshold:
                self._merge(large, small)
                sid = large
        return sid

    def _add(self, sid: str | None, unit: list[Article], vec: dict[str, Vector], day: int | None, score: float) -> str:
        """Add the unit to story ``sid`` (None: a new story) and label its articles."""
        if sid is None:
            sid = self._new_story_id(min(a.id for a in unit))
            self.stories_[sid] = {"vec": {f: {} for f in FIELDS}, "size": 0, "first_day": day, "last_day": day}
            if day is not None:
                heapq.heappush(self._closing, (day, sid))
            if self._store is not None:
                self._unsaved.add(sid)
        story = self._story(sid)
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
            if not acc and n == 1:  # a new story: its vector is the article's (0.0 + w is w)
                acc.update(vec[f])
                continue
            get = acc.get
            for t, w in vec[f].items():
                acc[t] = get(t, 0.0) + n * w
        if self.encoder is not None:
            story["dense"] = story["dense"] + n * self._unit_dense if "dense" in story else n * self._unit_dense
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
        if self._store is not None:
            self._stories_changed.add(sid)
            self._labels_changed.update(a.id for a in unit)
        return sid

    def _new_story_id(self, base_id: str) -> str:
        sid = base = f"story-{base_id}"
        n = 1
        self._load_stories([sid])
        while sid in self.stories_:  # an id reused by a re-assigned article
            n += 1
            sid = f"{base}-{n}"
            self._load_stories([sid])
        return sid

    def _candidates(self, vec: dict[str, Vector], limit: int | None = None) -> list[str]:
        """The stories (at most ``limit``, default ``candidates``) sharing the most of the article's most
        specific terms (an inverted index); ties broken by story id, so the choice does not depend on the
        order the index was filled in."""
        tops: list[str] = []
        for f in FIELDS:
            items = vec[f].items()
            # sorted(...)[:n] is what heapq.nlargest returns (ties in the same order), and faster at these sizes
            top = sorted(items, key=itemgetter(1), reverse=True)[:self.top_terms] if len(vec[f]) > self.top_terms else items
            tops.extend(f"{_PREFIX[f]}:{term}" for term, _w in top)
        if not self._complete:
            unread = [key for key in dict.fromkeys(tops) if key not in self._keys_read]
            if unread:
                self._load_postings(unread)
        postings = self._postings
        common: list[set[str]] = []
        named: list[str] = []  # the stories of each posting in turn, counted at once below
        for key in tops:
            ids = postings.get(key)
            if not ids:
                continue
            if len(ids) > self.max_postings:  # a word in very many stories says little: only if nothing else
                common.append(ids)
            else:
                named.extend(ids)
        if not named:
            for ids in common:
                named.extend(ids)
        hits = Counter(named)
        limit = self.candidates if limit is None else limit
        if len(hits) <= limit:
            return list(hits)
        # The ``limit`` first by (-hits, id): all above the limit-th count, then the smallest ids at that count.
        cut = sorted(hits.values(), reverse=True)[limit - 1]
        chosen = [sid for sid, n in hits.items() if n > cut]
        tied, need = [sid for sid, n in hits.items() if n == cut], limit - len(chosen)
        chosen.sort()
        chosen.sort(key=hits.__getitem__, reverse=True)  # (a stable sort: by -hits, then id)
        # then the tied ones, by id: each has fewer hits than any above, so they are not sorted with those again
        if need == 1:  # often: the smallest id, without sorting them all
            chosen.append(min(tied))
        else:
            tied.sort()
            chosen += tied[:need]
        return chosen

    def _span_open(self, story: dict[str, Any], day: int | None) -> bool:
        """Whether an article of ``day`` may join ``story`` (its span, or its arrival window when undated)."""
        first, last, window = story["first_day"], story["last_day"], self.config.window_days
        if day is None:
            arrivals = self.config.window_articles
            return not arrivals or self.seq_ + 1 - story.get("first_seq", self.seq_ + 1) < arrivals
        return last is None or first - window <= day <= last + window

    def gold_replay(self, articles: Sequence[Article], gold: Sequence[str]
                    ) -> Iterator[tuple[list[tuple[float, ...]], tuple[float, ...] | None]]:
        """Teacher forcing, to fit the calibration (:mod:`.calibrate`): ``articles`` in placing order (by
        date, undated last, ties in given order), each added to the story of its ``gold`` label whatever the
        score says (a new story for a label's first open article). For each article, the decision features
        of every open candidate story other than its gold one, and of its gold story (None when it has none
        open): ``(raw similarity, log size, term coverage)``, and the dense cosine with ``config.dense``. Runs
        in memory (not over a store); this clusterer's state is the replayed one afterwards."""
        if self._store is not None:
            raise StorylineError("gold_replay runs in memory; use a StoryClusterer() that is not open on a store")
        days = [day_of(a.published) for a in articles]
        order = sorted(range(len(articles)), key=lambda i: (days[i] is None, days[i] or 0, i))
        dense = self._encode({a.id: [a] for a in articles}) if self.encoder is not None else {}
        story_of: dict[str, str] = {}

        def features(vec: dict[str, Vector], sid: str) -> tuple[float, ...]:
            story = self.stories_[sid]
            size = story["size"]
            sim = raw_similarity(vec, story["vec"], self._weights, size, self.config.size_exponent)
            cov = term_coverage(vec, story["vec"], self._weights)
            d = self._dense_cosine(sid)
            return (sim, math.log(size), cov) if d is None else (sim, math.log(size), cov, d)

        for i in order:
            a, g, day = articles[i], gold[i], days[i]
            vec = self._vectorise([a])
            self._unit_dense = dense.get(a.id)
            mine = story_of.get(g)
            if mine is not None and not self._span_open(self.stories_[mine], day):
                mine = None
            others = [features(vec, sid) for sid in self._candidates(vec)
                      if sid != story_of.get(g) and self._span_open(self.stories_[sid], day)]
            yield others, (features(vec, mine) if mine is not None else None)
            story_of[g] = self._add(mine, [a], vec, day, 1.0)
        self._unit_dense = None

    def _dense_cosine(self, sid: str) -> float | None:
        """The cosine of the unit being placed with story ``sid``'s dense centroid (None without ``dense``)."""
        if self.encoder is None:
            return None
        d = self.stories_[sid]["dense"]
        norm = float(d @ d) ** 0.5
        return float(self._unit_dense @ d) / norm if norm > 0 else 0.0

    def _ranked(self, vec: dict[str, Vector], day: int | None) -> list[tuple[float, str]]:
        """Open candidate stories with their calibrated probability, most probable first."""
        candidates = self._candidates(vec)
        light: dict[str, dict[str, Any]] = {}  # stories scored from a light read (not kept: see _WHOLE_UP_TO)
        if not self._complete:  # read the vectors of the candidates this article may join, not of the others
            assert self._store is not None
            unread = [sid for sid in candidates if sid not in self.stories_]
            spans = self._store.cluster_stories(unread, vectors=False) if unread else {}
            shut = {sid for sid, span in spans.items() if not self._span_open(span, day)}
            candidates = [sid for sid in candidates if sid not in shut]
            reads = self._light_reads
            missing = [sid for sid in candidates if sid not in self.stories_ and sid not in self._removed]
            whole = [sid for sid in missing if reads[sid] >= _LIGHT_READS]
            self._load_stories(whole)
            for sid in whole:  # (in memory from now on: the count has done its work)
                del reads[sid]
            missing = [sid for sid in missing if sid not in self.stories_]
            if missing:
                asked = {t for f in FIELDS for t in vec[f]}
                light = self._store.cluster_stories(missing, lookup=asked, whole_up_to=max(_WHOLE_UP_TO, len(asked)))
                for sid, row in light.items():
                    reads[sid] += 1
                    if row.pop("closed"):  # (as _load_stories)
                        self._closed.add(sid)
        cal = self.calibration
        out: list[tuple[float, str]] = []
        # (logit without coverage, its upper bound, story, the story's title and body weights of the article's
        # terms in t_shared and b_shared, the article's weights of those terms: see below)
        bounded: list[tuple[float, float, str, list[float] | None, list[float] | None, list[float], list[float]]] = []
        weights, exponent, span_open = self._weights, self.config.size_exponent, self._span_open
        # raw_similarity, cosine and Calibration.logit inlined below, term for term in the same order (so
        # the same floating-point sums): this loop is most of the clusterer's time (five calls of cosine per
        # candidate instead measured 1-15% slower over a whole 10k run). The article's side is iterated from
        # lists (its terms, their weights); for each field both have, the story's weights of the article's
        # shared terms are kept (``got_title``, ``got_body``), so that term_coverage, if needed, does not look
        # them up again.
        a_title, a_body, a_ents = vec["title"], vec["body"], vec["ents"]
        t_keys, t_vals, n_title = list(a_title), list(a_title.values()), len(a_title)
        b_keys, b_vals, n_body = list(a_body), list(a_body.values()), len(a_body)
        zeros = repeat(0.0)  # (endless: each map below stops at the end of its terms)
        w_title, w_body, w_ents, w_cross = weights["title"], weights["body"], weights["ents"], weights.get("cross", 0.0)
        intercept, c_sim, c_size, c_dense, c_cov, root = cal.intercept, cal.sim, cal.log_size, cal.dense, cal.coverage, cal.sqrt
        if self._size_key != (exponent, c_size):  # the calibration or config was swapped since
            self._size_terms, self._size_key = {}, (exponent, c_size)
        size_terms = self._size_terms
        stories, encoder = self.stories_, self.encoder
        window = self.config.window_days
        dense: float | None = None
        # Where the article's side is iterated below, only its terms the story may have are: a term the story
        # lacks adds an exact 0.0 to the sum, so leaving it out gives the same float. In memory the index is
        # exact (an open story is in the posting of each of its title and body terms), so the candidates that may
        # hold an article term are found once per term, from its posting, instead of once per term and
        # candidate: ``t_hits`` and ``b_hits`` map a candidate to the article's title and body terms in its title
        # or body, in the article's order, and the article's weights of them. (Over a store the index holds only the
        # postings read.)
        # (The candidates the article may join in time are found first: a third or more of them, stories one to two
        # windows old, have not closed yet but are out of reach.)
        joinable: list[tuple[str, dict[str, Any]]] = []
        for sid in candidates:
            story = stories.get(sid) or light.get(sid)
            if story is None:
                story = self._story(sid)
            if day is None:
                if not span_open(story, day):
                    continue
            else:  # _span_open inlined
                last = story["last_day"]
                if last is not None and not story["first_day"] - window <= day <= last + window:
                    continue
            joinable.append((sid, story))
        t_hits: dict[str, tuple[list[str], list[float]]] | None = None
        b_hits: dict[str, tuple[list[str], list[float]]] | None = None
        if self._store is None:
            t_hits, b_hits = {sid: ([], []) for sid, _story in joinable}, {sid: ([], []) for sid, _story in joinable}
            postings, chosen = self._postings, frozenset(t_hits)
            for terms_weights, hits in ((a_title.items(), t_hits), (a_body.items(), b_hits)):
                for t, w in terms_weights:
                    ids = postings.get("w:" + t)
                    if ids:
                        for sid in ids & chosen:
                            shared, ws = hits[sid]
                            shared.append(t)
                            ws.append(w)
        for sid, story in joinable:
            size = story["size"]
            sv = story["vec"]
            s_title, s_body = sv["title"], sv["body"]
            total = score = 0.0
            got_title = got_body = None
            if t_hits is None or b_hits is None:
                t_shared, b_shared, t_w, b_w = t_keys, b_keys, t_vals, b_vals
            else:
                (t_shared, t_w), (b_shared, b_w) = t_hits[sid], b_hits[sid]
            # Where the story's side is the shorter, cosine iterates it, in its order; but a sum of at most two
            # non-zero products (the rest exact zeros) is the same float in any order, so then the article's
            # shared terms are iterated instead (most often: a story's title against a long article body).
            # (No shared terms, most often in a title: each sum below is an exact 0.0, and adding it changes nothing)
            if n_title and s_title and w_title > 0:
                total += w_title
                got_title = list(map(s_title.get, t_shared, zeros)) if t_shared else []
                if got_title:
                    score += w_title * (sum(map(mul, t_w, got_title))
                                        if n_title <= len(s_title) or got_title.count(0.0) >= len(got_title) - 2 else
                                        sum(map(mul, s_title.values(), map(a_title.get, s_title, zeros))))
            if n_body and s_body and w_body > 0:
                total += w_body
                got_body = list(map(s_body.get, b_shared, zeros)) if b_shared else []
                if got_body:
                    score += w_body * (sum(map(mul, b_w, got_body))
                                       if n_body <= len(s_body) or got_body.count(0.0) >= len(got_body) - 2 else
                                       sum(map(mul, s_body.values(), map(a_body.get, s_body, zeros))))
            if a_ents and w_ents > 0:
                s_ents = sv["ents"]
                if s_ents:
                    total += w_ents
                    score += w_ents * (sum(map(mul, a_ents.values(), map(s_ents.get, a_ents, zeros)))
                                       if len(a_ents) <= len(s_ents) else
                                       sum(map(mul, s_ents.values(), map(a_ents.get, s_ents, zeros))))
            if w_cross > 0:
                if n_title and s_body:
                    total += w_cross
                    if t_shared and n_title <= len(s_body):
                        score += w_cross * sum(map(mul, t_w, map(s_body.get, t_shared, zeros)))
                    elif t_shared:
                        got = list(map(s_body.get, t_shared, zeros))
                        score += w_cross * (sum(map(mul, t_w, got))
                                            if got.count(0.0) >= len(got) - 2 else
                                            sum(map(mul, s_body.values(), map(a_title.get, s_body, zeros))))
                if n_body and s_title:
                    total += w_cross
                    if b_shared and n_body <= len(s_title):
                        score += w_cross * sum(map(mul, b_w, map(s_title.get, b_shared, zeros)))
                    elif b_shared:
                        got = list(map(s_title.get, b_shared, zeros))
                        score += w_cross * (sum(map(mul, b_w, got))
                                            if got.count(0.0) >= len(got) - 2 else
                                            sum(map(mul, s_title.values(), map(a_body.get, s_title, zeros))))
            if total:
                terms = size_terms.get(size)
                if terms is None:
                    terms = size_terms[size] = (size**exponent if size > 1 else 1.0, c_size * math.log(max(size, 1)))
                sim = score / total / terms[0]
            else:
                sim = raw_similarity(vec, sv, weights, size, exponent)  # no field in common: the fallback
                terms = (0.0, c_size * math.log(max(size, 1)))
            if encoder is not None:
                dense = self._dense_cosine(sid)
            if c_cov:
                x = math.sqrt(max(sim, 0.0)) if root else sim
                z = intercept + c_sim * x + terms[1]
                if dense is not None:
                    z += c_dense * dense
                # Calibration.coverage_bounds
                bounded.append((z, z + c_cov + 1e-6 if c_cov > 0 else z + 1e-6, sid, got_title, got_body, t_w, b_w))
            else:
                out.append((cal(sim, size, dense), sid))
        if bounded:
            # Coverage is only worked out where it can matter: for a story that may reach the threshold, or
            # be the most probable one (whose probability is the article's score when it starts a story).
            # Highest bound first: once a bound is below both the threshold and the best logit found, so are
            # the rest.
            z_threshold = _logit_of(self.config.threshold)
            best = -math.inf
            bounded.sort(key=itemgetter(1), reverse=True)
            for z, hi, sid, got_title, got_body, t_w, b_w in bounded:
                if hi < z_threshold and hi < best:
                    break
                if got_title is None and got_body is None:  # no title or body field in common
                    coverage = term_coverage(vec, (stories.get(sid) or light[sid])["vec"], weights)
                else:  # term_coverage from the weights kept above (kept for each field it takes), the same sums.
                    # This takes a kept weight of 0.0 for a term the story lacks, as term_coverage's membership test
                    # does; they differ only on a stored weight of exactly 0.0, which consistent state never holds (a
                    # story's weights are sums of positive TF-IDF weights: df <= documents gives an idf >= 1)
                    total = score = 0.0
                    if got_title is not None:
                        total += w_title
                        score += w_title * sum(compress(map(mul, t_w, t_w), got_title))
                    if got_body is not None:
                        total += w_body
                        score += w_body * sum(compress(map(mul, b_w, b_w), got_body))
                    coverage = score / total
                z = z + c_cov * coverage  # the logit the calibration takes (Calibration.__call__)
                best = max(best, z)
                out.append((sigmoid(z), sid))
        out.sort(key=lambda x: (-x[0], x[1]))
        return out

    def _story_probability(self, a: str, b: str, at_least: float = 0.0) -> float:
        """The calibrated probability that stories ``a`` and ``b`` are one: their summed vectors'
        similarity divided by ``(size_a * size_b) ** size_exponent``, at the smaller story's size, with
        the smaller story's (normalised) term coverage by the larger. -1 when it cannot reach ``at_least``
        whatever the coverage (which is then not worked out)."""
        sa, sb = self.stories_[a], self.stories_[b]
        sim = raw_similarity(sa["vec"], sb["vec"], self._weights, 1, self.config.size_exponent)
        na, nb = sa["size"], sb["size"]
        sim /= (na * nb) ** self.config.size_exponent
        dense = None
        if self.encoder is not None:
            da, db = sa["dense"], sb["dense"]
            norms = float(da @ da) ** 0.5 * float(db @ db) ** 0.5
            dense = float(da @ db) / norms if norms > 0 else 0.0
        coverage = None
        if self.calibration.coverage:
            if self.calibration.coverage_bounds(self.calibration.logit(sim, min(na, nb), dense))[1] < _logit_of(at_least):
                return -1.0
            small, large = (sa, sb) if na <= nb else (sb, sa)
            coverage = term_coverage(small["vec"], large["vec"], self._weights, normalise=True)
        return self.calibration(sim, min(na, nb), dense, coverage)

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
        self._cleared_postings(gone)
        self._index(keep, g["vec"])
        k["size"] += g["size"]
        if self.encoder is not None:
            k["dense"] = k["dense"] + g["dense"]
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
        if self._store is not None:
            self._stories_changed.add(keep)
            self._stories_changed.discard(gone)
            self._removed.add(gone)
            self._labels_changed.update(members)

    def story_score(self, article: Article, story_id: str) -> float:
        """The calibrated probability that ``article`` belongs to the stored story ``story_id``
        (ignoring the time window), with the IDF learned so far."""
        story = self._story(story_id) if self._store is not None else self.stories_[story_id]
        bags = article_terms(article, self.body_words, self._names)
        self._load_df([bags])
        vec = weigh(bags, self.df_)
        sim = raw_similarity(vec, story["vec"], self._weights, story["size"], self.config.size_exponent)
        dense = None
        if self.encoder is not None:
            self._unit_dense = self._encode({article.id: [article]})[article.id]
            dense = self._dense_cosine(story_id)
            self._unit_dense = None
        coverage = term_coverage(vec, story["vec"], self._weights) if self.calibration.coverage else None
        return self.calibration(sim, story["size"], dense, coverage)

