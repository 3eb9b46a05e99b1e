"""The store interface: where articles, copy groups, stories, errors, runs and stage state live.

Every ``put_*`` call is one transaction: if the iterable it consumes raises, or the
store cannot write, nothing of that batch is written and nothing stored before is lost.
``put_*`` calls return counts ``{"added", "updated", "unchanged"}`` (plus ``"removed"``
when they replace everything or are given ids to remove) so every stage can report what it did.

The lookups by id, story, copy group and key let an incremental run read only the part of the
store that its input touches.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

from storyline.model import Article, CopyGroup, InputError, Story

__all__ = ["ClusterChanges", "Run", "Store", "article_order"]


def article_order(article: Article) -> tuple[bool, str, str]:
    """The order of :meth:`Store.articles`, as a sort key: by published date (undated last), then id."""
    return article.published is None, article.published or "", article.id


#: A copy-index row: article id, publication date, URL key, shingle and lead hashes (uint32 LE bytes).
IndexRow = tuple[str, str | None, str | None, bytes, bytes]


@dataclass(slots=True)
class Run:
    """One entry of the run manifest: what was read, with which config, and what came out."""

    id: str
    started: str  # ISO 8601, UTC
    paths: list[str]
    config: dict[str, Any]
    finished: str | None = None  # None while the run is going on (or if it died)
    counts: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "started": self.started,
            "finished": self.finished,
            "paths": list(self.paths),
            "config": self.config,
            "counts": self.counts,
        }


@dataclass(slots=True)
class ClusterChanges:
    """What one story clusterer changed since it read or last wrote its state; written by
    :meth:`Store.put_cluster_changes` in one transaction.

    A story row is the clusterer's story dict (``vec``: ``{field: {term: weight}}``, ``size``,
    ``first_day``, ``last_day``, ``first_seq``, ``last_seq``) plus ``closed``. Document frequencies
    are keyed ``"<field letter>:<term>"``; postings are ``(key, story id)`` pairs.
    """

    header: dict[str, Any]  # n_docs, seq, newest: small values the clusterer needs at once
    expect_generation: int | None  # the generation read (None: no state yet); another writer's change is refused
    stories: dict[str, dict[str, Any]] = field(default_factory=dict)  # rewritten whole
    closed: set[str] = field(default_factory=set)  # stories only marked closed (their row is not rewritten)
    removed: set[str] = field(default_factory=set)  # stories merged away
    labels: dict[str, str] = field(default_factory=dict)  # article id -> story id
    unlabelled: set[str] = field(default_factory=set)  # article ids whose label goes
    df: dict[str, int] = field(default_factory=dict)
    postings_cleared: set[str] = field(default_factory=set)  # stories whose postings all go (before the additions)
    postings_added: list[tuple[str, str]] = field(default_factory=list)
    replace: bool = False  # the whole state: every stored cluster row goes first
    drop_state: str | None = None  # a ``put_state`` key deleted in the same transaction (the old single-value state)


class Store(ABC):
    """Persistent home of the pipeline's objects. Use as a context manager, or call :meth:`close`."""

    # -- articles ---------------------------------------------------------------------------------

    @abstractmethod
    def put_articles(self, articles: Iterable[Article]) -> dict[str, int]:
        """Insert or update articles by id; return ``{"added", "updated", "unchanged"}`` counts."""

    @abstractmethod
    def get_article(self, article_id: str) -> Article | None:
        """The article with this id, or None if the store has none."""

    @abstractmethod
    def articles(self) -> Iterator[Article]:
        """Every article, ordered by published date (undated last), then id."""

    @abstractmethod
    def find_articles(
        self,
        *,
        ids: Iterable[str] = (),
        stories: Iterable[str] = (),
        copy_groups: Iterable[str] = (),
        outlet_keys: Iterable[str] = (),
        unplaced: bool = False,
    ) -> list[Article]:
        """The articles that match any of the criteria, each once, ordered like :meth:`articles`:
        their id is in ``ids``, their story in ``stories``, their copy group in ``copy_groups``,
        their outlet key (see :mod:`storyline.store.keys`) in ``outlet_keys``, or (with
        ``unplaced``) they have no story or no copy group yet."""

    @abstractmethod
    def article_keys(self, text_keys: Iterable[str]) -> list[tuple[str, str | None, str | None, str]]:
        """``(id, published, outlet key, text key)`` of the articles whose text key (see
        :mod:`storyline.store.keys`) is in ``text_keys``, without reading the articles."""

    @abstractmethod
    def copy_group_labels(self, ids: Iterable[str]) -> dict[str, str]:
        """Article id -> copy group, for the ``ids`` stored with a copy group."""

    @abstractmethod
    def article_ids(self) -> set[str]:
        """The ids of every stored article."""

    @abstractmethod
    def has_article(self, article_id: str) -> bool:
        """Whether an article with this id is stored."""

    @abstractmethod
    def count_articles(self) -> int:
        """How many articles are stored."""

    # -- copy groups ------------------------------------------------------------------------------

    @abstractmethod
    def put_copy_groups(
        self, groups: Iterable[CopyGroup], *, replace: bool = True, remove: Iterable[str] = ()
    ) -> dict[str, int]:
        """Store copy groups: replace all of them (default), or upsert by id with ``replace=False``
        and delete the ids in ``remove`` (in the same transaction)."""

    @abstractmethod
    def copy_groups(self, ids: Iterable[str] | None = None) -> list[CopyGroup]:
        """Every copy group, or (with ``ids``) those of the stored ones, ordered by id."""

    @abstractmethod
    def count_copy_groups(self) -> int:
        """How many copy groups are stored."""

    # -- stories ----------------------------------------------------------------------------------

    @abstractmethod
    def put_stories(
        self, stories: Iterable[Story], *, replace: bool = False, remove: Iterable[str] = ()
    ) -> dict[str, int]:
        """Upsert stories by id (default) and delete the ids in ``remove`` (in the same
        transaction), or replace all of them with ``replace=True``."""

    @abstractmethod
    def stories(self, ids: Iterable[str] | None = None) -> list[Story]:
        """Every story, or (with ``ids``) those of the stored ones, newest first by the latest date
        of its stored articles (undated last), then id."""

    @abstractmethod
    def count_stories(self) -> int:
        """How many stories are stored."""

    @abstractmethod
    def get_story(self, story_id: str) -> Story | None:
        """The story with this id, or None if the store has none."""

    # -- errors and runs --------------------------------------------------------------------------

    @abstractmethod
    def put_errors(self, errors: Iterable[InputError], run_id: str) -> int:
        """Record input errors of one run (which must have been started); return how many."""

    @abstractmethod
    def errors(self, run_id: str | None = None) -> list[InputError]:
        """Input errors of one run, or of every run, in the order they were recorded."""

    @abstractmethod
    def start_run(self, paths: list[str], config: dict[str, Any]) -> str:
        """Open a manifest entry for a run over ``paths`` with ``config``; return its id."""

    @abstractmethod
    def finish_run(self, run_id: str, counts: dict[str, Any]) -> None:
        """Close a run's manifest entry with its counts."""

    @abstractmethod
    def runs(self) -> list[Run]:
        """The run manifest, oldest first."""

    # -- state for incremental stages -------------------------------------------------------------

    # -- copy index (the dedup stage's streaming index) ----------------------------------------
    @abstractmethod
    def put_index_entries(self, rows: Iterable[IndexRow], remove: Iterable[str] = ()) -> None:
        """Write ``(id, published, url_key, shingles, lead)`` rows and delete the ids in ``remove``."""

    @abstractmethod
    def index_entries(self) -> Iterator[IndexRow]:
        """Every stored copy-index row, oldest first."""

    @abstractmethod
    def get_state(self, key: str, default: Any = None) -> Any:
        """The JSON value stored under ``key``, or ``default``."""

    @abstractmethod
    def put_state(self, key: str, value: Any) -> None:
        """Store a JSON-serialisable value under ``key``."""

    # -- story clusterer state, row by row (read lazily, written as changes) ---------------------

    @abstractmethod
    def cluster_header(self) -> dict[str, Any] | None:
        """The clusterer's header (``n_docs``, ``seq``, ``newest``, ``generation``), or None when
        no clusterer state is stored as rows."""

    @abstractmethod
    def cluster_stories(self, ids: Iterable[str] | None = None, *, vectors: bool = True,
                        lookup: Collection[str] | None = None, whole_up_to: int = 0) -> dict[str, dict[str, Any]]:
        """Stored story rows by id (see :class:`ClusterChanges`), for ``ids`` or (None) all of them;
        ``vectors=False`` leaves out ``vec`` (the costly part to read). With ``lookup``, each vector
        field of more than ``whole_up_to`` terms is a :class:`~storyline.store.codec.PartialField`: only
        the ``lookup`` terms it has, and its real length (for scoring an article of those terms against
        the story without reading all of a large story's terms)."""

    @abstractmethod
    def cluster_labels(self, ids: Iterable[str] | None = None) -> dict[str, str]:
        """Article id -> story id for the ``ids`` that have a label, or (None) every label."""

    @abstractmethod
    def cluster_df(self, keys: Iterable[str] | None = None) -> dict[str, int]:
        """Document frequency by ``"<field letter>:<term>"`` key, for ``keys`` or (None) all of them."""

    @abstractmethod
    def cluster_postings(self, keys: Iterable[str]) -> list[tuple[str, str]]:
        """The ``(key, story id)`` postings of ``keys``."""

    @abstractmethod
    def cluster_story_keys(self, ids: Iterable[str]) -> dict[str, list[str]]:
        """The posting keys of each story in ``ids`` (stories with none are left out)."""

    @abstractmethod
    def cluster_closing(self, before: int, since: int | None = None) -> list[str]:
        """Ids of stories stored as open whose last day is before ``before`` (and not before ``since``)."""

    @abstractmethod
    def put_cluster_changes(self, changes: ClusterChanges) -> int:
        """Write ``changes`` in one transaction; return the new generation. StoreError if the stored
        generation is not ``changes.expect_generation`` (another writer changed the state meanwhile)."""

    # -- lifetime ---------------------------------------------------------------------------------

    @abstractmethod
    def close(self) -> None:
        """Release the store. Calling it twice is harmless; using the store afterwards raises StoreError."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
