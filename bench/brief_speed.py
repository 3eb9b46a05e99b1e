"""Brief generation time for one large story (default path: compare + summary), on one core.

Two stories of 50 articles each, read at run time from ../shared (never copied):
- ``seeds x10``: the five seed articles, each repeated ten times under new ids with one sentence
  dropped per copy (so every article is its own voice: 50 long, highly overlapping articles);
- ``roundups``: the first 50 articles of ../shared/eval/allsides_roundups/articles.jsonl as one story.

    .venv/bin/python bench/brief_speed.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from storyline.brief import BriefBuilder
from storyline.config import CompareConfig
from storyline.model import Article
from storyline.pipeline import clean_articles, read_articles
from storyline.text import normalize, sentence_spans

SHARED = Path(__file__).resolve().parents[2] / "shared"


def seeds_x10() -> list[Article]:
    seeds, _errors = read_articles([SHARED / "seeds"])
    seeds = clean_articles(seeds)
    out = []
    for k in range(10):
        for a in seeds:
            spans = list(sentence_spans(a.text))
            drop = spans[k % len(spans)]
            text = a.text[: drop[0]] + a.text[drop[1] :]
            out.append(Article(id=f"{a.id}-{k}", text=text, title=a.title, published=a.published, outlet=f"o{k}"))
    return out


def roundups() -> list[Article]:
    rows = [json.loads(x) for x in (SHARED / "eval" / "allsides_roundups" / "articles.jsonl").read_text().splitlines()[:50]]
    return [Article(id=str(r["id"]), text=normalize(r["text"]), title=r.get("title")) for r in rows]


def main() -> int:
    parser = argparse.ArgumentParser(description="brief time for a 50-article story")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--entities", choices=("rules", "spacy", "auto"), default=CompareConfig().entities,
                        help="CompareConfig.entities (spacy: entities and the parser's roles in conflicts)")
    args = parser.parse_args()
    config = CompareConfig(entities=args.entities)  # spacy: each repeat loads the models again
    print(f"entities {args.entities}")
    if not SHARED.is_dir():
        print(f"no shared data at {SHARED}", file=sys.stderr)
        return 1
    for name, articles in (("seeds x10", seeds_x10()), ("roundups", roundups())):
        words = sum(len(a.text.split()) for a in articles)
        best = best_cpu = first = float("inf")
        for i in range(args.repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            story = BriefBuilder(compare=config).build("s", articles)
            took = time.perf_counter() - start
            first = took if i == 0 else first
            best, best_cpu = min(best, took), min(best_cpu, time.process_time() - start_cpu)
        # the first run of the first story also loads what is loaded once per process (models, the gazetteer)
        print(f"{name:10s} {len(articles)} articles, {words} words: best of {args.repeat} {best:.3f} s "
              f"({best_cpu:.3f} s CPU; first run {first:.3f} s) "
              f"({len(story.summary)} summary sentences, {len(story.agreed)} agreed, {len(story.conflicts)} conflicts)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
