"""Storyline's exceptions, one tree::

    StorylineError
    ├── ConfigError              bad option value; names the option and the allowed values
    ├── IngestError              an input that cannot be read (usually recorded, not raised)
    ├── StoreError               the store cannot be opened or written
    └── MissingDependencyError   an optional extra is not installed; names the pip command

A bad record never stops a run: readers turn it into an :class:`~storyline.model.InputError`
entry. A bad run (bad config, missing dependency, unreadable store) raises at once.
"""

from __future__ import annotations

__all__ = ["ConfigError", "IngestError", "MissingDependencyError", "StoreError", "StorylineError"]


class StorylineError(Exception):
    """Root of every error Storyline raises on purpose."""


class ConfigError(StorylineError, ValueError):
    """An option has a value outside its allowed range."""


class IngestError(StorylineError):
    """An input file or record cannot be read."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path, self.reason, self.line = path, reason, line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class StoreError(StorylineError):
    """The store cannot be opened, read or written."""


class MissingDependencyError(StorylineError, ImportError):
    """An optional dependency is missing."""

    def __init__(self, what: str, packages: list[str], extra: str) -> None:
        self.packages, self.extra = packages, extra
        names = ", ".join(packages)
        super().__init__(f"{what} needs {names}, which is not installed. Fix: pip install 'storyline[{extra}]'")


def require(what: str, extra: str, *modules: str) -> None:
    """Raise :class:`MissingDependencyError` naming every missing module."""
    import importlib.util

    def absent(name: str) -> bool:
        try:
            return importlib.util.find_spec(name) is None
        except (ValueError, ImportError):  # blocked in sys.modules, or a broken install
            return True

    missing = [m for m in modules if absent(m)]
    if missing:
        raise MissingDependencyError(what, missing, extra)
