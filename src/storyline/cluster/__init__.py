"""Cluster stage: group articles into stories, online and incrementally."""

from .base import StoryAssigner
from .online import StoryClusterer

__all__ = ["StoryAssigner", "StoryClusterer"]
