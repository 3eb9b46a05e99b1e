"""Story-clustering and same-story-score floors on the shared development sets (issue 4).

Each floor is the value measured with the default settings (BENCHMARKS.md) minus a small margin;
a floor is never lowered silently. Of the issue's targets, uci_headlines B-cubed F1 >= 0.85 is reached
(0.851, a thin margin), neus_allsides >= 0.93 is not; these floors guard what is reached.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline import clean_articles, detect_copies, read_articles
from storyline.cluster.similarity import pair_scores, read_pairs
from storyline.evaluate import clustering_report, pearson
from storyline.pipeline import assign_stories

pytestmark = pytest.mark.slow


def _report(path: Path, gold: str) -> dict[str, float | int]:
    rows = {str(r["id"]): r[gold] for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
    articles, errors = read_articles([path])
    assert not errors
    labelled, _groups = detect_copies(clean_articles(articles), describe=False)
    labelled, _state = assign_stories(labelled)
    return clustering_report([rows[a.id] for a in labelled], [a.story for a in labelled])


def test_uci_headlines_floor(eval_dir: Path) -> None:
    r = _report(eval_dir / "uci_headlines" / "articles.jsonl", "gold_cluster")
    # measured 0.851 (0.826 before the headline tokenisation, term coverage and refinement pass; floor was 0.81)
    assert r["bcubed_f1"] >= 0.835
    # measured 0.874: the title-against-body field and threshold 0.45 traded precision (0.868 before) for
    # recall (0.768 -> 0.806); the floor moved from 0.85 on purpose
    assert r["bcubed_precision"] >= 0.83


def test_neus_allsides_floor(eval_dir: Path) -> None:
    r = _report(eval_dir / "neus_allsides" / "articles.jsonl", "gold_cluster")
    assert r["bcubed_f1"] >= 0.845  # measured 0.863 (file order: a story's articles arrive together); was 0.83
    assert r["bcubed_precision"] >= 0.955  # measured 0.963


def test_scoop_ai_news_floor(eval_dir: Path) -> None:
    r = _report(eval_dir / "scoop_ai_news" / "scoop_ai_news.jsonl", "cluster")
    assert r["bcubed_f1"] >= 0.935  # measured 0.948
    assert r["bcubed_recall"] >= 0.99  # measured 0.997


def test_semeval_pairs_pearson_floor(eval_dir: Path) -> None:
    pairs, rows, errors = read_pairs(eval_dir / "semeval_pairs" / "pairs.jsonl")
    assert not errors
    scores = pair_scores([(a, b) for _pid, a, b in pairs])
    similar = [5 - r["labels"]["Overall"] for r in rows]
    en = [i for i, r in enumerate(rows) if r["lang1"] == r["lang2"] == "en"]
    assert pearson([scores[i] for i in en], [similar[i] for i in en]) >= 0.80  # measured 0.823
    assert pearson(scores, similar) >= 0.50  # measured 0.532, all 18 language pairs
