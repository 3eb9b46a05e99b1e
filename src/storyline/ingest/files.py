"""``read_paths``: files and folders in, articles and input errors out."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..config import IngestConfig
from ..errors import MissingDependencyError
from ..model import Article, InputError
from .base import Reader
from .feed import FeedReader
from .html import HtmlReader
from .jsonl import JsonLinesReader
from .text import TextReader
from .warc import WarcReader

__all__ = ["READERS", "read_paths", "reader_for", "supported_suffixes"]

READERS: tuple[type[Reader], ...] = (TextReader, HtmlReader, JsonLinesReader, FeedReader, WarcReader)


def supported_suffixes() -> tuple[str, ...]:
    """Every file suffix some reader handles, sorted."""
    return tuple(sorted({s for reader in READERS for s in reader.suffixes}))


def reader_for(path: str | Path) -> type[Reader] | None:
    """The reader class for ``path``'s suffix (case-insensitive, longest match), or ``None``."""
    name = Path(path).name.lower()
    best: tuple[int, type[Reader] | None] = (0, None)
    for reader in READERS:
        for suffix in reader.suffixes:
            if name.endswith(suffix) and len(name) > len(suffix) and len(suffix) > best[0]:
                best = (len(suffix), reader)
    return best[1]


def read_paths(paths: Iterable[str | Path], config: IngestConfig | None = None) -> Iterator[Article | InputError]:
    """Read files and folders into articles, with an ``InputError`` for everything that cannot be read.

    Folders are read recursively in sorted order, skipping hidden files and folders and files
    with no reader, and files matching ``IngestConfig.exclude`` (a folder's README and other
    documentation are not articles). A file named explicitly is always read; an unsupported one is an error that
    lists the supported suffixes. Readers are built on first use: when one needs a missing
    extra (HTML and WARC need trafilatura), each of its files becomes an ``InputError`` whose
    reason is the ``pip install`` command, and the rest of the run goes on.
    """
    readers = _Readers(config if config is not None else IngestConfig())
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    for given in paths:
        path = Path(given)
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except OSError as exc:
            yield InputError(str(path), f"cannot read ({exc.strerror or exc})")
            continue
        if is_dir:
            for found in _walk(path, readers.config.exclude):
                if isinstance(found, InputError):
                    yield found
                else:
                    yield from readers.read(found)
        elif exists:
            yield from readers.read(path)
        else:
            yield InputError(str(path), "no such file or folder")


class _Readers:
    """One reader per type, built on first use for one ``read_paths`` call."""

    def __init__(self, config: IngestConfig) -> None:
        self.config = config
        self._built: dict[type[Reader], Reader | MissingDependencyError] = {}

    def read(self, path: Path) -> Iterator[Article | InputError]:
        kind = reader_for(path)
        if kind is None:
            suffix = path.suffix.lower() or "(none)"
            yield InputError(
                str(path), f"unsupported file type {suffix}; supported: {', '.join(supported_suffixes())}"
            )
            return
        reader = self._built.get(kind)
        if reader is None:
            try:
                reader = kind(config=self.config)
            except MissingDependencyError as exc:
                reader = exc
            self._built[kind] = reader
        if isinstance(reader, MissingDependencyError):
            yield InputError(str(path), str(reader))
            return
        yield from reader.read(path)


def _walk(root: Path, exclude: tuple[str, ...] = ()) -> list[Path | InputError]:
    """Readable files under ``root``, sorted by their path below it, hidden entries skipped;
    a folder that cannot be listed is an ``InputError``."""
    found: list[Path] = []
    failed: list[InputError] = []

    def failure(exc: OSError) -> None:
        failed.append(InputError(str(exc.filename or root), f"cannot read the folder ({exc.strerror or exc})"))

    for folder, subfolders, files in os.walk(root, onerror=failure):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        for name in files:
            if any(fnmatch.fnmatch(name, pattern) for pattern in exclude):
                continue
            if not name.startswith(".") and reader_for(name) is not None:
                found.append(Path(folder, name))
    return [*failed, *sorted(found, key=lambda p: p.relative_to(root).parts)]
