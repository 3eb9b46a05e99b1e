"""Measure the cited summary against reference summaries.

Input is one story per JSON line: ``cluster_id``, ``articles`` (each with ``id``, ``title``,
``text``) and ``reference_summary`` (the layout of ``../shared/eval/neus_allsides/clusters.jsonl``;
an optional ``split`` field selects a split). Each story's brief is built on the default
path (clean, copy detection, compare, summary) and scored:

- ``rouge1``, ``rouge2``, ``rougeL``: mean F1 (x100) of the ``rouge-score`` package with
  Porter stemming (Lin 2004), summary against ``reference_summary``;
- ``cited``: the share of summary sentences with at least one citation;
- ``citation_precision``: the share of (summary sentence, cited article) pairs whose cited
  span backs the sentence by :func:`span_supports`, a check kept apart from the pipeline's
  own :class:`~storyline.brief.SupportChecker`: it reads only the cited span (not the best
  sentence of the article), tokenises and stems with ``rouge-score`` (not the pipeline's
  stemmer) and ignores value slots. A sentence that reports a conflict passes for an article
  when that article's cited span states one of the quoted values.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import PipelineConfig
from ..errors import IngestError, require
from ..ingest.jsonl import json_lines
from ..model import Article, Claim, InputError, Story
from ..text import normalize
from .builder import BriefBuilder

__all__ = ["SummaryEvaluation", "evaluate_summaries", "read_clusters", "span_supports"]

_NEGATION = re.compile(r"\b(?:not|no|never|without|neither|nor)\b|n't\b", re.I)
_QUOTED = re.compile(r'"([^"]+)"')
_NUMBER_WORDS = {w: str(n) for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}


@dataclass(slots=True)
class SummaryEvaluation:
    rouge1: float
    rouge2: float
    rougeL: float  # noqa: N815 - the metric's own name
    cited: float
    citation_precision: float
    stories: int
    sentences: int
    words: float  # mean summary length in words
    seconds: float
    failures: list[dict[str, Any]] = field(default_factory=list)  # uncited or unsupported, for inspection

    def to_dict(self) -> dict[str, Any]:
        return {
            "rouge1": round(self.rouge1, 2), "rouge2": round(self.rouge2, 2), "rougeL": round(self.rougeL, 2),
            "cited": round(self.cited, 4), "citation_precision": round(self.citation_precision, 4),
            "stories": self.stories, "sentences": self.sentences, "words": round(self.words, 1),
            "seconds": round(self.seconds, 2),
        }


def read_clusters(path: str | Path, split: str | None = None) -> Iterator[dict[str, Any]]:
    """Stories from a clusters file; a malformed line raises :class:`IngestError` naming the line."""
    path = Path(path)
    for item in json_lines(path):
        if isinstance(item, InputError):
            raise IngestError(item.path, item.reason, item.line)
        number, row = item
        if not isinstance(row, dict):
            raise IngestError(str(path), "a story must be a JSON object", number)
        missing = [k for k in ("cluster_id", "articles", "reference_summary") if k not in row]
        if missing or not isinstance(row.get("articles"), list):
            raise IngestError(str(path), f"missing or bad field(s) {missing or ['articles']}", number)
        if split is not None and row.get("split") != split:
            continue
        yield row


def _tokens(text: str) -> list[str]:
    from nltk.stem import porter
    from rouge_score import tokenize

    stemmer = _STEMMER.setdefault("porter", porter.PorterStemmer())
    return [_NUMBER_WORDS.get(w) or (stemmer.stem(w) if len(w) > 3 else w) for w in tokenize.tokenize(text, None)]


_STEMMER: dict[str, Any] = {}


def span_supports(sentence: str, span: str, *, coverage: float = 0.5) -> bool:
    """Does a cited span back a summary sentence? At least ``coverage`` of the sentence's content
    tokens (longer than three letters, rouge-score tokenised and Porter-stemmed) occur in the
    span, every number of the sentence occurs in it, and both or neither carry a negation cue."""
    want = {t for t in _tokens(sentence) if len(t) > 3 or t.isdigit()}
    have = set(_tokens(span))
    if not want or len(want & have) / len(want) < coverage:
        return False
    if {t for t in want if t.isdigit()} - have:
        return False
    return bool(_NEGATION.search(sentence)) == bool(_NEGATION.search(span))


def _conflict_supports(claim: Claim, span: str) -> bool:
    low = normalize(span).lower()
    return any(v.lower() in low for v in _QUOTED.findall(claim.text))


def _story(row: dict[str, Any], config: PipelineConfig, builder: BriefBuilder) -> tuple[Story, dict[str, Article]]:
    from ..pipeline import clean_articles, detect_copies

    articles = []
    for k, a in enumerate(row["articles"]):
        aid = str(a.get("id") or f"{row['cluster_id']}-{k}")
        text = normalize(str(a.get("text") or ""))
        title = normalize(str(a["title"])) if a.get("title") else None
        if text.strip() or title:
            articles.append(Article(id=aid, text=text, title=title))
    cleaned = clean_articles(articles, config.clean)
    labelled, groups = detect_copies(cleaned, config.dedup)
    story = builder.build(str(row["cluster_id"]), labelled, groups)
    return story, {a.id: a for a in labelled}


def evaluate_summaries(rows: Iterable[dict[str, Any]], config: PipelineConfig | None = None) -> SummaryEvaluation:
    """Build each story's brief and score its summary (definitions in the module docstring)."""
    require("summary evaluation", "eval", "rouge_score", "nltk")
    from rouge_score import rouge_scorer

    config = config or PipelineConfig()
    builder = BriefBuilder(config.compare, config.summary)
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    totals = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
    n_stories = n_sentences = n_cited = pairs = good = words = 0
    failures: list[dict[str, Any]] = []
    start = time.perf_counter()
    for row in rows:
        story, by_id = _story(row, config, builder)
        text = " ".join(c.text for c in story.summary)
        scores = scorer.score(str(row["reference_summary"]), text)
        for k in totals:
            totals[k] += scores[k].fmeasure
        n_stories += 1
        words += len(text.split())
        for claim in story.summary:
            n_sentences += 1
            n_cited += bool(claim.citations)
            if not claim.citations:
                failures.append({"story": story.id, "text": claim.text, "reason": "no citation"})
            for aid in claim.sources:
                spans = [by_id[c.article_id].text[c.start : c.end] for c in claim.citations
                         if c.article_id == aid and aid in by_id]
                check = _conflict_supports if claim.metadata.get("kind") == "conflict" else (
                    lambda cl, sp: span_supports(cl.text, sp))
                pairs += 1
                if any(check(claim, sp) for sp in spans):
                    good += 1
                else:
                    failures.append({"story": story.id, "text": claim.text, "article": aid, "spans": spans,
                                     "reason": "cited span does not back the sentence"})
    n = max(1, n_stories)
    return SummaryEvaluation(
        rouge1=100 * totals["rouge1"] / n, rouge2=100 * totals["rouge2"] / n, rougeL=100 * totals["rougeL"] / n,
        cited=n_cited / n_sentences if n_sentences else 0.0,
        citation_precision=good / pairs if pairs else 0.0,
        stories=n_stories, sentences=n_sentences, words=words / n, seconds=time.perf_counter() - start,
        failures=failures,
    )
