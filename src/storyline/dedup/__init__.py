"""Dedup stage: group reprints of one wire story (copy groups), pick the fullest, record edits."""

from .align import align_copies
from .base import CopyDetector
from .detector import WireCopyDetector, copy_origin, group_id
from .index import CopyIndex, PairEvidence
from .signature import ShingleHasher, canonical_tokens

__all__ = [
    "CopyDetector",
    "CopyIndex",
    "PairEvidence",
    "ShingleHasher",
    "WireCopyDetector",
    "align_copies",
    "canonical_tokens",
    "copy_origin",
    "group_id",
]
