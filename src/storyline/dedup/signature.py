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
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

__all__ = ["Shingled", "ShingleHasher", "canonical_tokens", "sorted_unique", "spelling_fold"]

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
# Every ending one of the folds can rewrite: a word with none of them is left alone (one
# ``str.endswith`` instead of six substitutions).
_FOLDABLE = ("our", "ise", "ises", "ised", "ising", "isation", "isations", "yse", "yses", "ysed", "tre", "tres",
             "ll", "lled", "lling", "llment", "ogue")
_CACHE_LIMIT = 1 << 20
_folded: dict[str, str] = {}


def spelling_fold(word: str) -> str:
    """One spelling for US and UK variants (applied to both sides, so over-folding is harmless)."""
    if not word.endswith(_FOLDABLE):
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


def _prepared(text: str) -> str:
    """``text`` lower-cased, with "U.S." and "per cent" in one spelling, OCR line-break hyphens
    joined, and spaces around each character of scripts written without them."""
    text = text.lower().replace("u.s.", "us").replace("per cent", "percent")
    if "- " in text:
        text = _HYPHEN_BREAK.sub("", text)
    if not text.isascii() and _UNSPACED.search(text):
        text = _UNSPACED.sub(r" \1 ", text)
    return text


def canonical_tokens(text: str) -> list[str]:
    """Lower-cased word tokens with spelling variants and OCR line-break hyphens folded.

    Expects normalised text (every reader normalises), so typographic variants are already gone."""
    return [_fold_cached(w) for w in _WORD.findall(_prepared(text))]


def _blake(word: str) -> int:
    """A stable 64-bit token hash: two CRC-32s with different seeds (a tenth of BLAKE2b's cost;
    a rare collision only makes two words one)."""
    data = word.encode()
    return zlib.crc32(data) | (zlib.crc32(data, 0x9E3779B9) << 32)


# Scripts written without spaces between words: each character is a token (so shingles are
# character trigrams), instead of a whole clause as one "word".
_UNSPACED = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u0e00-\u0e7f])")

_IS_WORD_ASCII = np.array([chr(c).isalnum() or c == ord("_") for c in range(128)], dtype=bool)
# The same for bytes.translate (byte -> 1 or 0), which maps an ASCII text in one pass of C with no index array.
_WORD_BYTES = bytes(np.append(_IS_WORD_ASCII, np.zeros(128, dtype=bool)).astype(np.uint8))
_BASE = np.uint64(0x9E3779B97F4A7C15)  # odd, so it has an inverse modulo 2**64
_BASE_INV = np.uint64(pow(int(_BASE), -1, 1 << 64))
_PIECE_CHARS = 1 << 18  # characters tokenised at once (bounds the per-character arrays)


def _powers(base: np.uint64, n: int) -> np.ndarray:
    out = np.full(max(1, n), base, dtype=np.uint64)
    out[0] = 1
    return np.cumprod(out, out=out)  # wraps modulo 2**64, as intended


_POWERS = _powers(_BASE, _PIECE_CHARS + 1)  # enough for a piece of at most _PIECE_CHARS characters
_INVERSES = _powers(_BASE_INV, _PIECE_CHARS + 1)


class _RunHashes:
    """Token hashes by run key, in a direct-mapped table of two arrays (a slot holds the last key
    stored there): the common words of a piece are found with one array lookup, not one
    dictionary lookup each. A cache of a pure function: it never changes a result."""

    def __init__(self, bits: int = 20) -> None:
        self.keys = np.zeros(1 << bits, dtype=np.uint64)  # 0: an empty slot (run keys are odd)
        self.values = np.zeros(1 << bits, dtype=np.uint64)
        self._shift = np.uint64(64 - bits)

    def slots(self, keys: np.ndarray) -> np.ndarray:
        return ((keys * _BASE) >> self._shift).astype(np.intp)

    def hashes(self, keys: np.ndarray, words: Callable[[np.ndarray], list[str]]) -> np.ndarray:
        """The token hash of each run key; ``words(at)`` are the runs of ``keys[at]``, asked for the
        keys not in the table (once per distinct key)."""
        slots = self.slots(keys)
        out = self.values[slots]
        miss = np.flatnonzero(self.keys[slots] != keys)
        if len(miss):
            distinct, first, back = np.unique(keys[miss], return_index=True, return_inverse=True)
            found = np.array([_blake(spelling_fold(w)) for w in words(miss[first])], dtype=np.uint64)
            out[miss] = found[back]
            where = self.slots(distinct)
            self.keys[where] = distinct
            self.values[where] = found
        return out


_runs: _RunHashes | None = None


def _run_hashes() -> _RunHashes:
    global _runs
    if _runs is None:
        _runs = _RunHashes()
    return _runs


def _token_hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The canonical token hashes of ``texts``, one after another (uint64), and how many each text has.

    The same tokens as :func:`canonical_tokens` (``\\w+`` runs of :func:`_prepared` text), found with
    array operations over the characters: each run gets a 63-bit polynomial key, looked up in a
    table of the keys seen before; only runs not found there become strings, to be folded and
    hashed. (Two words with one key -- about one chance in 10**7 among a million distinct words --
    would count as one word, as with a token hash collision.)"""
    hashes: list[np.ndarray] = []
    counts = np.zeros(len(texts), dtype=np.int64)
    start = 0
    while start < len(texts):
        stop, size = start, 0
        while stop < len(texts) and (stop == start or size + len(texts[stop]) <= _PIECE_CHARS):
            size += len(texts[stop]) + 1
            stop += 1
        h, n = _piece_hashes([_prepared(t) for t in texts[start:stop]])
        hashes.append(h)
        counts[start:stop] = n
        start = stop
    return (np.concatenate(hashes) if hashes else np.zeros(0, dtype=np.uint64)), counts


def _piece_hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_token_hashes` of prepared texts (a piece of about ``_PIECE_CHARS`` characters)."""
    joined = "\n".join(texts)  # "\n" is no word character: no run crosses two texts
    if not joined:
        return np.zeros(0, dtype=np.uint64), np.zeros(len(texts), dtype=np.int64)
    if joined.isascii():
        data = joined.encode("ascii")
        codes = np.frombuffer(data, dtype=np.uint8)
        word = np.frombuffer(data.translate(_WORD_BYTES), dtype=bool)
    else:
        codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        # Every character through the ASCII table (the others all read as entry 128 there, and are
        # set right below): one translation of bytes, not a masked gather for the ASCII characters.
        word = np.frombuffer(bytearray(np.minimum(codes, 128).astype(np.uint8)).translate(_WORD_BYTES), dtype=bool)
        other = np.flatnonzero(codes >= 128)
        # \w is str.isalnum() or "_": asked once per distinct character
        distinct, which = np.unique(codes[other], return_inverse=True)
        word[other] = np.array([chr(c).isalnum() for c in distinct.tolist()], dtype=bool)[which]
    # Where word characters start and stop: the changes alternate, a start then its end.
    edges = np.flatnonzero(np.diff(word.view(np.int8), prepend=np.int8(0), append=np.int8(0)))
    starts, ends = edges[0::2], edges[1::2]
    text_starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    # Runs never cross two texts: each text's count is how many run starts fall at or after its own start
    # and before the next one's (a search per text, not one per word).
    counts = np.diff(np.searchsorted(starts, text_starts, side="left"), append=len(starts))
    if not len(starts):
        return np.zeros(0, dtype=np.uint64), counts
    # key(run) = sum of code * BASE**(i - run start), from prefix sums of code * BASE**i shifted
    # back by BASE**-start, plus the length; then made odd (0 marks an empty slot of the table).
    powers, inverses = (_POWERS, _INVERSES) if len(codes) <= _PIECE_CHARS else (
        _powers(_BASE, len(codes)), _powers(_BASE_INV, len(codes)))
    prefix = np.zeros(len(codes) + 1, dtype=np.uint64)
    np.cumsum(codes * powers[: len(codes)], out=prefix[1:])
    keys = (prefix[ends] - prefix[starts]) * inverses[starts]
    keys += (ends - starts).astype(np.uint64)
    keys = (keys << np.uint64(1)) | np.uint64(1)
    def words(at: np.ndarray) -> list[str]:
        return [joined[a:b] for a, b in zip(starts[at].tolist(), ends[at].tolist(), strict=True)]

    return _run_hashes().hashes(keys, words), counts


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


@dataclass(slots=True)
class Shingled:
    """Many texts' shingles in flat arrays: text ``i`` has ``shingles[bounds[i]:bounds[i + 1]]``
    (sorted unique uint32) and ``lead[lead_bounds[i]:lead_bounds[i + 1]]`` (its first shingles in
    text order)."""

    shingles: np.ndarray
    bounds: np.ndarray
    lead: np.ndarray
    lead_bounds: np.ndarray

    def __len__(self) -> int:
        return len(self.bounds) - 1

    def __iter__(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """``(shingles, lead)`` of each text, as views of the flat arrays."""
        b, lb = self.bounds.tolist(), self.lead_bounds.tolist()
        for i in range(len(b) - 1):
            yield self.shingles[b[i] : b[i + 1]], self.lead[lb[i] : lb[i + 1]]


class ShingleHasher:
    """Word ``shingle_size``-grams of canonical tokens as 32-bit hashes (numpy arrays)."""

    def __init__(self, *, shingle_size: int = 3, seed: int = 1) -> None:
        self.shingle_size = shingle_size
        self._seed = np.uint64(_blake(f"\x00seed{seed}"))

    def sequence(self, text: str) -> np.ndarray:
        """The shingle hashes in text order (a text shorter than one shingle is one shingle)."""
        hashes, _ = _token_hashes([text])
        if not len(hashes):
            return _EMPTY
        return self._combine(hashes, min(self.shingle_size, len(hashes)))

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

    def batch(self, texts: list[str], lead: int = 48) -> Shingled:
        """Every text's sorted unique shingles and first ``lead`` shingles in order, computed for the
        whole batch at once (a few array operations, not a dozen per text). Gives the same
        shingles as :meth:`sequence`."""
        flat, lens = _token_hashes(texts)
        n, k = len(texts), self.shingle_size
        starts = np.cumsum(lens) - lens
        # Each text's shingle sequence: its k-token runs, or one shingle of all its tokens when
        # it has fewer than k.
        full, short = np.flatnonzero(lens >= k), np.flatnonzero((lens > 0) & (lens < k))
        seq_lens = np.zeros(n, dtype=np.int64)
        seq_lens[full] = lens[full] - k + 1
        seq_lens[short] = 1
        seq_starts = np.cumsum(seq_lens) - seq_lens
        seq = np.zeros(int(seq_lens.sum()), dtype=np.uint32)
        if len(full):
            acc = self._combine(flat, k)  # runs that cross two texts are never picked below
            counts = seq_lens[full]
            offset = np.repeat(np.cumsum(counts) - counts, counts)
            within = np.arange(int(counts.sum())) - offset
            seq[np.repeat(seq_starts[full], counts) + within] = acc[np.repeat(starts[full], counts) + within]
        for d in short.tolist():
            seq[seq_starts[d]] = self._combine(flat[starts[d] : starts[d] + lens[d]], int(lens[d]))[0]
        owner = np.repeat(np.arange(n, dtype=np.uint64), seq_lens)
        keyed = sorted_unique((owner << np.uint64(32)) | seq.astype(np.uint64))
        bounds = np.searchsorted(keyed >> np.uint64(32), np.arange(n + 1, dtype=np.uint64), side="left")
        lead_lens = np.minimum(seq_lens, lead)
        lead_offset = np.repeat(np.cumsum(lead_lens) - lead_lens, lead_lens)
        lead_seq = seq[np.repeat(seq_starts, lead_lens) + (np.arange(int(lead_lens.sum())) - lead_offset)]
        return Shingled((keyed & np.uint64(0xFFFFFFFF)).astype(np.uint32), bounds, lead_seq,
                        np.concatenate(([0], np.cumsum(lead_lens))))
