"""Brief stage: a cited summary per story, plus Markdown and HTML renderings."""

from .builder import BriefBuilder, story_title
from .render import render_html, render_index, render_markdown, story_filename
from .rewrite import LLMRewriter
from .summary import CitedSummarizer
from .support import SupportChecker

__all__ = [
    "BriefBuilder", "CitedSummarizer", "LLMRewriter", "SupportChecker", "render_html", "render_index", "render_markdown",
    "story_filename", "story_title",
]
