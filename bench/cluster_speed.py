"""Story clustering speed: articles per second at 10k and 100k articles, and the time to add one
article to a clusterer (in memory, and in a store) that already holds 100k.

The articles are built at run time from the shared evaluation texts (uci_headlines titles,
neus_allsides title + lead, scoop_ai_news, semeval_pairs texts, wire_copies), cycled with fresh ids
and dates spread at ``--per-day`` articles a day, so old stories close as they would in a feed.
Only the cluster stage is timed (no ingest, cleaning or copy detection), on one core.

The store measurement fills an SQLite store with the largest size (a store-backed clusterer, then
one save), then adds the next ``--adds`` articles one at a time, each from a fresh store object:
open the store, read what placing the article needs, place it, write the changed rows, close. The
first half of the adds are the store object's first write (its commit re-creates the WAL file the
last close removed: a few ms of file syncs on a slow disk, whatever the store holds); the second
half write once before, as ``Storyline.add`` does (start_run) before the cluster stage. It also
times a few adds each in a fresh process (interpreter start-up and imports excluded). The older
single-value JSON state is timed for comparison (its dump and load).

With ``--dense static|minilm`` (the ``[embed]`` extra) it times the clusterer with dense vectors in its
decision, encoding included, at the given sizes and for in-memory adds (the option is not kept in a
store); the model is loaded (and the static one distilled, if not cached yet) before the clock starts.

    .venv/bin/python bench/cluster_speed.py [--sizes 10000 100000] [--per-day 100] [--adds 200] [--db PATH]
    .venv/bin/python bench/cluster_speed.py --sizes 10000 --no-store [--dense static]
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from storyline.cluster import StoryClusterer
from storyline.config import ClusterConfig
from storyline.model import Article
from storyline.store import SqliteStore
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
    ap.add_argument("--db", type=Path, help="store file for the store measurement (default: a temporary one); "
                    "an existing file holding the largest size is reused as it is")
    ap.add_argument("--process-adds", type=int, default=5, help="adds timed each in a fresh process")
    ap.add_argument("--dense", choices=["minilm", "static"], help="ClusterConfig.dense (the [embed] extra): time "
                    "the clusterer with dense vectors, encoding included (in memory only: no state or store part)")
    ap.add_argument("--dense-cache", default="", help="ClusterConfig.dense_cache for --dense static")
    ap.add_argument("--no-store", action="store_true", help="skip the JSON-state and store measurements")
    args = ap.parse_args()
    pool = texts()
    print(f"text pool: {len(pool)} articles from {EVAL}")
    config = ClusterConfig(dense=args.dense or "", dense_cache=args.dense_cache)
    if args.dense:  # load (or distil) the model before the clock starts
        StoryClusterer(config).partial_fit(articles(10, args.per_day, pool, offset=10**7))
    clusterer = None
    for n in args.sizes:
        arts = articles(n, args.per_day, pool)
        t0 = time.perf_counter()
        c0 = time.process_time()
        clusterer = StoryClusterer(config).partial_fit(arts)
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
    print(f"add one article to a clusterer holding {n}: {summary(times)}")
    if args.dense or args.no_store:
        return
    t0 = time.perf_counter()
    blob = json.dumps(clusterer.state_dict())
    t1 = time.perf_counter()
    again = StoryClusterer.from_state(json.loads(blob))
    t2 = time.perf_counter()
    again.partial_fit(articles(1, args.per_day, pool, offset=n + args.adds))
    t3 = time.perf_counter()
    print(f"the older single-value JSON state of {n + args.adds}: {len(blob) / 1e6:.1f} MB; dump {t1 - t0:.2f} s, "
          f"load + index {t2 - t1:.2f} s, then one add {(t3 - t2) * 1000:.2f} ms")
    # The store adds run as a fresh process would: without the in-memory clusterers (freeing them, or
    # the cyclic collector walking them, would land in the timed adds).
    del clusterer, again, blob, arts
    gc.collect()
    with tempfile.TemporaryDirectory() as tmp:
        store_adds(args, pool, n, extra, args.db or Path(tmp) / "cluster.db")


def summary(times: list[float]) -> str:
    times = sorted(times)
    return (f"median {statistics.median(times):.2f} ms, p95 {times[min(len(times), math.ceil(0.95 * len(times))) - 1]:.2f} ms, "
            f"max {times[-1]:.2f} ms ({len(times)} adds)")


def store_adds(args: argparse.Namespace, pool: list[tuple[str | None, str]], n: int, extra: list[Article], path: Path) -> None:
    """Fill a store with ``n`` articles (unless it holds them), then time one-article adds to it."""
    with SqliteStore(path) as store:
        header = store.cluster_header()
        held = header["seq"] if header else 0
    if held == 0:
        t0, c0 = time.perf_counter(), time.process_time()
        with SqliteStore(path) as store:
            clusterer = StoryClusterer.open(store)
            clusterer.partial_fit(articles(n, args.per_day, pool))
            t1 = time.perf_counter()
            clusterer.save()
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        del clusterer
        gc.collect()
        print(f"store of {n} articles: {wall:7.2f} s wall ({t1 - t0:.2f} s placing, {time.perf_counter() - t1:.2f} s "
              f"saving), {cpu:7.2f} s CPU, {n / wall:7.0f} articles/s wall; {path.stat().st_size / 1e6:.1f} MB file")
    else:
        print(f"store {path}: reused, {held} units placed")
    stage, total, opening, closing, written = [], [], [], [], []
    half = len(extra) // 2
    for i, a in enumerate(extra):
        t0 = time.perf_counter()
        store = SqliteStore(path)
        t1 = time.perf_counter()
        if i >= half:  # as in Storyline.add, where start_run and put_articles write before the cluster stage
            store.put_state("bench_cluster_speed", i)
            t1 = time.perf_counter()
        clusterer = StoryClusterer.open(store)
        clusterer.partial_fit([a])
        clusterer.save()
        t2 = time.perf_counter()
        store.close()
        t3 = time.perf_counter()
        if i >= half:
            written.append((t2 - t1) * 1000)
            continue
        stage.append((t2 - t1) * 1000)
        total.append((t3 - t0) * 1000)
        opening.append((t1 - t0) * 1000)
        closing.append((t3 - t2) * 1000)
    print(f"add one article to a store holding {n}, fresh store object each; cluster stage (read what placing "
          f"needs, place, write the changed rows, commit): {summary(stage)}")
    print(f"  with opening the store object ({summary(opening)}) and closing it ({summary(closing)}): {summary(total)}")
    print(f"  cluster stage on a fresh store object that has written once before (as in Storyline.add; the "
          f"process's first commit re-creates the WAL file): {summary(written)}")
    more = articles(args.process_adds, args.per_day, pool, offset=n + len(extra) + 1)
    code = ("import json, sys, time\n"
            "from storyline.cluster import StoryClusterer\nfrom storyline.model import Article\n"
            "from storyline.store import SqliteStore\n"
            "a = Article.from_dict(json.loads(sys.argv[2]))\n"
            "t0 = time.perf_counter()\n"
            "store = SqliteStore(sys.argv[1])\n"
            "t1 = time.perf_counter()\n"
            "c = StoryClusterer.open(store)\nc.partial_fit([a])\nc.save()\n"
            "t2 = time.perf_counter()\n"
            "store.close()\n"
            "print((t2 - t1) * 1000, (time.perf_counter() - t0) * 1000)\n")
    proc = [[float(x) for x in subprocess.run([sys.executable, "-c", code, str(path), json.dumps(a.to_dict())], check=True,
                                              capture_output=True, text=True).stdout.split()] for a in more]
    print(f"add one article to a store holding {n}, fresh process each (start-up and imports excluded): cluster stage "
          f"{summary([p[0] for p in proc])}; with opening and closing the store {summary([p[1] for p in proc])}")


if __name__ == "__main__":
    main()
