"""Lookup keys the store derives from an article when it stores it, so that a stage can read only
the stored articles that bear on new input instead of every one.

Both keys serve the cleaner's repeated-line learner (:class:`storyline.clean.cleaner.RepeatedLineLearner`),
which counts lines per outlet and skips a text it has already seen from any outlet:

- :func:`outlet_key`: the outlet the learner files an article under (its outlet field, else the host
  of its URL);
- :func:`text_key`: a hash of :func:`ingested_text`, the text the learner sees for a stored article.

If the learner's outlet rule changes, the stored keys go stale: bump the store's schema version and
recompute them in the migration.
"""

from __future__ import annotations

import hashlib

from storyline.clean.cleaner import _outlet_from
from storyline.model import Article

__all__ = ["ingested_text", "outlet_key", "text_key"]


def outlet_key(article: Article) -> str | None:
    """The outlet field, else the host of the URL (without ``www.``); None when there is neither."""
    return _outlet_from(article)


def ingested_text(article: Article) -> str:
    """A stored (clean) article's text with the lines cleaning removed put back in front."""
    return "\n".join([*(r.text for r in article.removed), article.text])


def text_key(article: Article) -> str:
    """The sha256 of :func:`ingested_text`: equal keys, equal texts."""
    return hashlib.sha256(ingested_text(article).encode("utf-8", "surrogatepass")).hexdigest()
