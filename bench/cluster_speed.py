"""Story clustering speed: articles per second at 10k and 100k articles, and the time to add one
article to a clusterer (and to a saved state) that already holds 100k.

The articles are built at run time from the shared evaluation texts (uci_headlines titles,
neus_allsides title + lead, scoop_ai_news, semeval_pairs texts, wire_copies), cycled with fresh ids
and dates spread at ``--per-day`` articles a day, so old stories close as they would in a feed.
Only the cluster stage is timed (no ingest, cleaning or copy detection), on one core.

    .venv/bin/python bench/cluster_speed.py [--sizes 10000 100000] [--per-day 100] [--adds 200]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from storyline.cluster import StoryClusterer
from storyline.model import Article
from storyline.text import normalize

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def texts() -> list[tuple[str | None, str]]:
    out: list[tuple[str | None, str]] = []

    def rows(rel: str) -> list[dict]:
        return [json.loads(line) for line in (EVAL / rel).read_text(encoding="utf-8").splitlines() if line.strip()]

    out += [(r["title"], "") for r in rows("uci_headlines/articles.jsonl")]
    out += [(r["title"], r["text"]) for r in rows("neus_allsides/articles.jsonl")]
    out += [(r.get("title"), r.get("body") or "") for r in rows("scoop_ai_news/scoop_ai_news.jsonl")]
    for r in rows("semeval_pairs/pairs.jsonl"):
        out += [(None, r["text1"]), (None, r["text2"])]
    out += [(r.get("title"), r.get("text") or "") for r in rows("wire_copies/articles.jsonl")]
    return [(normalize(t) if t else None, normalize(x)) for t, x in out]


def articles(n: int, per_day: int, pool: list[tuple[str | None, str]], offset: int = 0) -> list[Article]:
    start = date(2020, 1, 1)
    out = []
    for i in range(offset, offset + n):
        title, text = pool[i % len(pool)]
        out.append(Article(id=f"a{i}", text=text, title=title, published=(start + timedelta(days=i // per_day)).isoformat()))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--per-day", type=int, default=100)
    ap.add_argument("--adds", type=int, default=200)
    args = ap.parse_args()
    pool = texts()
    print(f"text pool: {len(pool)} articles from {EVAL}")
    clusterer = None
    for n in args.sizes:
        arts = articles(n, args.per_day, pool)
        t0 = time.perf_counter()
        c0 = time.process_time()
        clusterer = StoryClusterer().partial_fit(arts)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"{n:>7d} articles: {wall:7.2f} s wall, {cpu:7.2f} s CPU, {n / wall:7.0f} articles/s wall, "
              f"{n / cpu:7.0f} articles/s CPU, {len(clusterer.stories_)} stories")
    assert clusterer is not None
    n = args.sizes[-1]
    extra = articles(args.adds, args.per_day, pool, offset=n)  # the next articles of the stream
    times = []
    for a in extra:
        t0 = time.perf_counter()
        clusterer.partial_fit([a])
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    print(f"add one article to a clusterer holding {n}: median {statistics.median(times):.2f} ms, "
          f"p95 {times[int(0.95 * len(times)) - 1]:.2f} ms, max {times[-1]:.2f} ms ({len(times)} adds)")
    t0 = time.perf_counter()
    blob = json.dumps(clusterer.state_dict())
    t1 = time.perf_counter()
    again = StoryClusterer.from_state(json.loads(blob))
    t2 = time.perf_counter()
    again.partial_fit(articles(1, args.per_day, pool, offset=n + args.adds))
    t3 = time.perf_counter()
    print(f"saved state of {n + args.adds}: {len(blob) / 1e6:.1f} MB JSON; dump {t1 - t0:.2f} s, load + index {t2 - t1:.2f} s, "
          f"then one add {(t3 - t2) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
