"""Step 1 of copy detection: canonical word shingles and their MinHash signatures.

Tokens are folded so that what outlets change in wire copy does not break a match:
case, punctuation, US/UK spelling (colour/color, organise/organize, fulfil/fulfill),
"per cent"/"percent", and OCR line-break hyphens ("Ameri- can").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..text import normalize, shingles

__all__ = ["MinHashSignature", "canonical_tokens", "spelling_fold"]

_HYPHEN_BREAK = re.compile(r"(\w)- (\w)")
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


def spelling_fold(word: str) -> str:
    """One spelling for US and UK variants (applied to both sides, so over-folding is harmless)."""
    if _FOLDABLE.search(word) is None:
        return word
    for pattern, repl in _FOLDS:
        word = pattern.sub(repl, word)
    return word


def canonical_tokens(text: str) -> list[str]:
    text = _HYPHEN_BREAK.sub(r"\1\2", normalize(text).lower().replace("u.s.", "us").replace("per cent", "percent"))
    return [spelling_fold(w) for w in _WORD.findall(text)]


class MinHashSignature:
    """MinHash signatures of word shingles, computed with rensa (a Rust MinHash)."""

    def __init__(self, *, num_perm: int = 128, shingle_size: int = 5, seed: int = 1) -> None:
        from rensa import RMinHash  # core dependency; imported here to keep module import light

        self._cls = RMinHash
        self.num_perm, self.shingle_size, self.seed = num_perm, shingle_size, seed

    def shingle_set(self, text: str) -> set[str]:
        return set(shingles(canonical_tokens(text), self.shingle_size))

    def signature(self, shingle_set: set[str] | Sequence[str]):  # type: ignore[no-untyped-def]
        mh = self._cls(num_perm=self.num_perm, seed=self.seed)
        mh.update(sorted(shingle_set))
        return mh
