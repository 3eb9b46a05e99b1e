"""Rendered story pages kept gzip-compressed in memory, and a background thread that renders them ahead.

A story page (or its JSON twin) costs milliseconds of Python to build and render; serving stored bytes costs
microseconds. Each
entry is keyed by the story id and the story's fingerprint (a hash of its stored doc, its articles and their
copy groups: :attr:`storyline.web.catalog.Catalog.fingerprints`), so a page is rebuilt exactly when what it
shows changed, and an ingest touching one story leaves the other pages cached. Entries are evicted least
recently used first once ``budget`` bytes (compressed) are held. The warmer renders uncached stories,
newest first, after start-up and after every change, while the budget allows; it yields between pages so
requests are served meanwhile.
"""

from __future__ import annotations

import gzip
import logging
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable

__all__ = ["PageCache"]

log = logging.getLogger(__name__)


class PageCache:
    """``(kind, id) -> (fingerprint, gzip bytes)``, bounded by total compressed size."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self._entries: OrderedDict[tuple[str, str], tuple[str, bytes]] = OrderedDict()
        self._lock = threading.Lock()
        self._wanted: deque[tuple[str, str]] = deque()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._stop = False

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, kind: str, key: str, fingerprint: str) -> bytes | None:
        with self._lock:
            found = self._entries.get((kind, key))
            if found is None or found[0] != fingerprint:
                return None
            self._entries.move_to_end((kind, key))
            return found[1]

    def has(self, kind: str, key: str, fingerprint: str) -> bool:
        with self._lock:
            found = self._entries.get((kind, key))
            return found is not None and found[0] == fingerprint

    def put(self, kind: str, key: str, fingerprint: str, body: bytes) -> bytes:
        """Store ``body`` compressed; return the compressed bytes."""
        packed = gzip.compress(body, compresslevel=6, mtime=0)
        if self.budget <= 0 or len(packed) > self.budget:
            return packed
        with self._lock:
            old = self._entries.pop((kind, key), None)
            if old is not None:
                self.used -= len(old[1])
            self._entries[(kind, key)] = (fingerprint, packed)
            self.used += len(packed)
            while self.used > self.budget:
                _k, (_f, evicted) = self._entries.popitem(last=False)
                self.used -= len(evicted)
        return packed

    def full(self) -> bool:
        return self.used >= self.budget * 0.95

    # -- warming ----------------------------------------------------------------------------------------

    def warm(self, wanted: Iterable[tuple[str, str]], render: Callable[[str, str], None]) -> None:
        """Render ``(id, fingerprint)`` pages not cached yet, in order, on a background thread."""
        if self.budget <= 0:
            return
        with self._lock:
            self._wanted = deque(wanted)
        self._render = render
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._warm, name="storyline-page-warmer", daemon=True)
            self._thread.start()
        self._wake.set()

    @property
    def warming(self) -> bool:
        with self._lock:
            return bool(self._wanted)

    def close(self, timeout: float = 10.0) -> None:
        """Stop the warmer (after the page it is rendering)."""
        self._stop = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _warm(self) -> None:
        while not self._stop:
            self._wake.wait()
            self._wake.clear()
            started, done = time.perf_counter(), 0
            while not self._stop:
                with self._lock:
                    if not self._wanted or self.used >= self.budget * 0.95:
                        self._wanted.clear()
                        break
                    key, fingerprint = self._wanted.popleft()
                if self.has("story.html", key, fingerprint) and self.has("story.json", key, fingerprint):
                    continue
                try:
                    self._render(key, fingerprint)
                    done += 1
                except Exception:  # a story that fails to render is served (and logged) on request
                    log.exception("could not pre-render story %r", key)
                time.sleep(0.0005)  # let the event loop take the GIL between pages
            if done:
                log.info("pre-rendered %d story pages in %.1f s", done, time.perf_counter() - started)
