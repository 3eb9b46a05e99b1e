"""Dedup stage: group reprints of one wire story (copy groups), pick the fullest, record edits."""

from .align import align_copies
from .base import CopyDetector
from .detector import WireCopyDetector, group_id
from .signature import MinHashSignature, canonical_tokens

__all__ = ["CopyDetector", "MinHashSignature", "WireCopyDetector", "align_copies", "canonical_tokens", "group_id"]
