"""Step 1 of copy detection: canonical word shingles, hashed to stable 32-bit values.

Tokens are folded so that what outlets change in wire copy does not break a match:
case, punctuation, US/UK spelling (colour/color, organise/organize, fulfil/fulfill),
"per cent"/"percent", and OCR line-break hyphens ("Ameri- can").

Shingle hashes are stable across processes (tokens are hashed with CRC-32, not Python's
salted ``hash``), so an index written by one run is valid in the next.
"""

from __future__ import annotations

import re
import zlib

import numpy as np

__all__ = ["ShingleHasher", "canonical_tokens", "sorted_unique", "spelling_fold"]

_HYPHEN_BREAK = re.compile(r"-(?<=\w-) (?=\w)")  # "Ameri- can"; starts with "-" so the search is fast
_WORD = re.compile(r"\w+")
_FOLDS = (
    (re.compile(r"(\w{3,})our$"), r"\1or"),
    (re.compile(r"(\w{2,})is(e|es|ed|ing|ation|ations)$"), r"\1iz\2"),
    (re.compile(r"(\w{2,})yse(s|d)?$"), r"\1yze\2"),
    (re.compile(r"(\w{2,})tre(s)?$"), r"\1ter\2"),
    (re.compile(r"(\w{3,})ll(ed|ing|ment)?$"), r"\1l\2"),
    (re.compile(r"(\w{3,})ogue$"), r"\1og"),
)
_FOLDABLE = re.compile(r"(?:our|is(?:e|es|ed|ing|ation|ations)|yse[sd]?|tres?|ll(?:ed|ing|ment)?|ogue)$")
_CACHE_LIMIT = 1 << 20
_folded: dict[str, str] = {}
_hashed: dict[str, int] = {}


def spelling_fold(word: str) -> str:
    """One spelling for US and UK variants (applied to both sides, so over-folding is harmless)."""
    if _FOLDABLE.search(word) is None:
        return word
    for pattern, repl in _FOLDS:
        word = pattern.sub(repl, word)
    return word


def _fold_cached(word: str) -> str:
    out = _folded.get(word)
    if out is None:
        if len(_folded) > _CACHE_LIMIT:
            _folded.clear()
        out = _folded[word] = spelling_fold(word)
    return out


def canonical_tokens(text: str) -> list[str]:
    """Lower-cased word tokens with spelling variants and OCR line-break hyphens folded.

    Expects normalised text (every reader normalises), so typographic variants are already gone."""
    text = _HYPHEN_BREAK.sub("", text.lower().replace("u.s.", "us").replace("per cent", "percent"))
    if not text.isascii() and _UNSPACED.search(text):
        text = _UNSPACED.sub(r" \1 ", text)
    return [_fold_cached(w) for w in _WORD.findall(text)]


def _blake(word: str) -> int:
    """A stable 64-bit token hash: two CRC-32s with different seeds (a tenth of BLAKE2b's cost;
    a rare collision only makes two words one)."""
    data = word.encode()
    return zlib.crc32(data) | (zlib.crc32(data, 0x9E3779B9) << 32)


# Scripts written without spaces between words: each character is a token (so shingles are
# character trigrams), instead of a whole clause as one "word".
_UNSPACED = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u0e00-\u0e7f])")


def _token_hashes(text: str, *, lowered: bool = False) -> list[int]:
    """Stable 64-bit hashes of the canonical tokens of ``text`` (one cached lookup per token)."""
    text = _HYPHEN_BREAK.sub("", (text if lowered else text.lower()).replace("u.s.", "us").replace("per cent", "percent"))
    if not text.isascii() and _UNSPACED.search(text):
        text = _UNSPACED.sub(r" \1 ", text)
    words = _WORD.findall(text)
    out = list(map(_hashed.get, words))
    if None in out:
        if len(_hashed) > _CACHE_LIMIT:
            _hashed.clear()
        for w in set(words).difference(_hashed):
            _hashed[w] = _blake(_fold_cached(w))
        out = list(map(_hashed.__getitem__, words))
    return out  # type: ignore[return-value]


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (numpy's ``unique`` takes a slower hash-table path for these arrays)."""
    if len(values) < 2:
        return values.copy()
    out = np.sort(values)
    keep = np.empty(len(out), dtype=bool)
    keep[0] = True
    np.not_equal(out[1:], out[:-1], out=keep[1:])
    return out[keep]


_MULT = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_EMPTY = np.zeros(0, dtype=np.uint32)


class ShingleHasher:
    """Word ``shingle_size``-grams of canonical tokens as 32-bit hashes (numpy arrays)."""

    def __init__(self, *, shingle_size: int = 3, seed: int = 1) -> None:
        self.shingle_size = shingle_size
        self._seed = np.uint64(_blake(f"\x00seed{seed}"))

    def sequence(self, text: str) -> np.ndarray:
        """The shingle hashes in text order (a text shorter than one shingle is one shingle)."""
        hashes = _token_hashes(text)
        if not hashes:
            return _EMPTY
        return self._combine(np.array(hashes, dtype=np.uint64), min(self.shingle_size, len(hashes)))

    def _combine(self, words: np.ndarray, k: int) -> np.ndarray:
        """Hashes of every run of ``k`` consecutive token hashes in ``words``."""
        n = len(words) - k + 1
        acc = words[:n] ^ self._seed
        for i in range(1, k):
            acc = acc * _MULT + words[i : i + n]
        acc ^= acc >> np.uint64(30)
        acc *= _MIX1
        acc ^= acc >> np.uint64(27)
        acc *= _MIX2
        acc ^= acc >> np.uint64(31)
        return (acc >> np.uint64(32)).astype(np.uint32)

    def shingle_set(self, text: str) -> np.ndarray:
        """Sorted unique shingle hashes."""
        return sorted_unique(self.sequence(text))

    def batch(self, texts: list[str], lead: int = 48) -> list[tuple[np.ndarray, np.ndarray]]:
        """``(sorted unique shingles, first `lead` shingles in order)`` of each text, computed for the
        whole batch at once: one tokenising pass over the joined texts and one sort, instead of a
        dozen small numpy calls per text. Gives the same shingles as :meth:`sequence`."""
        if not texts:
            return []
        hashes = _token_hashes(_SEPARATOR.join(t.lower() for t in texts), lowered=True)
        flat = np.array(hashes, dtype=np.uint64) if hashes else np.zeros(0, dtype=np.uint64)
        marks = np.flatnonzero(flat == _SEPARATOR_HASH)
        ends = np.append(marks - np.arange(len(marks)), len(flat) - len(marks))
        flat = np.delete(flat, marks)
        starts = np.concatenate(([0], ends[:-1]))
        lens = ends - starts
        k = self.shingle_size
        out: list[tuple[np.ndarray, np.ndarray]] = [(_EMPTY, _EMPTY)] * len(texts)
        full = np.flatnonzero(lens >= k)
        if len(full):
            acc = self._combine(flat, k) if len(flat) >= k else _EMPTY
            counts = lens[full] - k + 1
            first = np.cumsum(counts) - counts
            pos = np.repeat(starts[full], counts) + (np.arange(int(counts.sum())) - np.repeat(first, counts))
            shingles = acc[pos]
            doc = np.repeat(full.astype(np.uint64), counts)
            keyed = sorted_unique((doc << np.uint64(32)) | shingles.astype(np.uint64))
            bounds = np.searchsorted(keyed >> np.uint64(32), full.astype(np.uint64), side="left")
            bounds = np.append(bounds, len(keyed))
            values = (keyed & np.uint64(0xFFFFFFFF)).astype(np.uint32)
            for j, d in enumerate(full.tolist()):
                a = int(first[j])
                out[d] = (values[bounds[j] : bounds[j + 1]], shingles[a : a + min(lead, int(counts[j]))])
        for d in np.flatnonzero((lens > 0) & (lens < k)).tolist():
            seq = self._combine(flat[starts[d] : ends[d]], int(lens[d]))
            out[d] = (seq, seq)
        return out


# Joins a batch's lower-cased texts: "Z" cannot occur in a lower-cased text, so as a token it
# marks exactly the boundaries.
_SEPARATOR = "\n\nZ\n\n"
_SEPARATOR_HASH = np.uint64(_blake("Z"))
