"""Clean stage: remove site junk (recording each removal and its reason) and extract metadata."""

from .base import CleanStep
from .cleaner import ArticleCleaner, RepeatedLineLearner
from .metadata import agency_in, parse_date, parse_dateline

__all__ = ["ArticleCleaner", "CleanStep", "RepeatedLineLearner", "agency_in", "parse_date", "parse_dateline"]
