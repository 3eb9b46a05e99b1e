"""Cluster stage: group articles into stories, online and incrementally, with a calibrated
same-story probability (:func:`same_story_score`)."""

from .base import StoryAssigner
from .features import DocumentFrequencies
from .online import StoryClusterer, day_of
from .similarity import Calibration, pair_scores, same_story_score

__all__ = ["Calibration", "DocumentFrequencies", "StoryAssigner", "StoryClusterer", "day_of", "pair_scores",
           "same_story_score"]
