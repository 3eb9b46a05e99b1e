"""The store stage: where articles, copy groups, stories, input errors, runs and stage state persist.

:class:`Store` is the interface; :class:`SqliteStore` keeps everything in one SQLite file
(by default :func:`default_db_path`), or in memory for tests and one-off runs;
:class:`StoreReader` gives servers read-only, thread-safe access to such a file.
"""

from storyline.store.base import Run, Store
from storyline.store.codec import story_from_dict, story_to_dict
from storyline.store.reader import StoreReader
from storyline.store.sqlite import SqliteStore, default_db_path

__all__ = ["Run", "SqliteStore", "Store", "StoreReader", "default_db_path", "story_from_dict", "story_to_dict"]
