"""Load test of the read API: many concurrent clients on loopback, for a bounded time, over 10k stored stories.

Usage:

    .venv/bin/python bench/api_load.py [--stories 10000] [--clients 50] [--seconds 20] [--client raw|httpx]

1. Builds (once; reused while its parameters match) a synthetic store at ``bench/data/api_load-<N>.db``:
   ``N`` stories of 2-5 articles each (a seeded random generator; invented words and names, ~2.5 kB of text an
   article, 1 in 3 stories with a two-article wire-copy group), each story with a cited summary, agreed facts
   with citations into the article texts, one conflict, exclusives, quotes and a timeline, as the pipeline
   stores them. It is written through :class:`storyline.store.SqliteStore`, the same way the pipeline writes.
2. Starts ``storyline serve --db ... --read-rate 0`` in a subprocess (one uvicorn process; the per-client read
   limit is off because every load client shares the address 127.0.0.1).
3. Runs each scenario for ``--seconds`` with ``--clients`` closed-loop clients (each sends its next request
   as soon as the last answer arrives, on its own keep-alive connection), picking stories uniformly at random
   (so the server's small cache of recent story views rarely helps):

   - ``story-page``: ``GET /stories/{id}`` (the HTML story page) -- the target: p99 < 100 ms at 50 clients;
   - ``story-json``: ``GET /v1/stories/{id}``;
   - ``mixed``: 40% story page, 30% story JSON, 15% ``GET /v1/stories`` (first page or a cursor page),
     10% search ``GET /v1/stories?q=<word>``, 5% ``GET /articles/{id}``.

   and prints throughput and p50/p90/p99/max latency per request kind; any non-200 answer is counted as
   an error. The load generator runs in this process on the same machine, so it takes CPU from the server:
   the numbers are a floor. ``--client raw`` (default) is a minimal keep-alive HTTP/1.1 client on asyncio
   streams, which costs the server less CPU than ``--client httpx`` (httpx.AsyncClient); both are offered
   so the difference can be measured.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storyline.model import Article, Citation, Claim, Conflict, CopyGroup, Quote, Story, TimelineEvent, Variant  # noqa: E402
from storyline.store import SqliteStore  # noqa: E402

SCHEMA = 1  # bump when the synthetic store changes shape

# -- the synthetic store ---------------------------------------------------------------------------------

_SYLLABLES = ["ka", "lo", "ri", "sen", "mar", "tu", "vel", "dor", "ni", "pra", "gu", "ste", "ban", "fi", "cho", "rel"]


def _word(rng: random.Random, n: int | None = None) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(n or rng.randint(1, 3)))


def _name(rng: random.Random) -> str:
    return " ".join(_word(rng, 2).capitalize() for _ in range(rng.randint(1, 2)))


def _sentence(rng: random.Random, names: list[str]) -> str:
    words = [_word(rng) for _ in range(rng.randint(10, 24))]
    words[0] = words[0].capitalize()
    words.insert(rng.randint(1, len(words) - 1), rng.choice(names))
    if rng.random() < 0.3:
        words.insert(rng.randint(1, len(words) - 1), str(rng.randint(2, 900)))
    return " ".join(words) + "."


def _spans(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    while True:
        end = text.find(". ", start)
        if end < 0:
            out.append((start, len(text.rstrip())))
            return out
        out.append((start, end + 1))
        start = end + 2
        while start < len(text) and text[start] in " \n":
            start += 1


def build_store(path: Path, stories: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    outlets = [f"The {_word(rng, 2).capitalize()} {rng.choice(['Herald', 'Post', 'Courier', 'Ledger', 'Times'])}"
               for _ in range(60)]
    agencies = ["AP", "AFP", "Reuters", None, None]
    tmp = path.with_suffix(".tmp")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    t0 = time.perf_counter()
    with SqliteStore(tmp) as store:
        batch_a: list[Article] = []
        batch_g: list[CopyGroup] = []
        batch_s: list[Story] = []
        for n in range(stories):
            sid = f"story-{n:06d}"
            names = [_name(rng) for _ in range(6)]
            day = f"20{rng.randint(20, 30)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            k = rng.randint(2, 5)
            articles = []
            base_paras = ["\n".join([" ".join(_sentence(rng, names) for _ in range(rng.randint(2, 4)))])
                          for _ in range(rng.randint(5, 8))]
            for i in range(k):
                paras = list(base_paras) if i < 2 else [
                    " ".join(_sentence(rng, names) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(5, 8))]
                if i == 1:
                    paras = paras[: max(3, len(paras) - 2)]
                text = "\n\n".join(paras)
                articles.append(Article(
                    id=f"a{n:06d}-{i}", text=text, title=_sentence(rng, names)[:80], outlet=rng.choice(outlets),
                    agency=rng.choice(agencies), published=day, story=sid,
                    url=f"https://news.example/{n}/{i}",
                ))
            groups = []
            if k >= 2 and n % 3 == 0:
                gid = f"copy-{articles[0].id}"
                groups.append(CopyGroup(gid, [articles[0].id, articles[1].id], articles[0].id,
                                        edits={articles[1].id: {"added": [], "dropped": ["x"], "edited": [],
                                                                "changes": []}},
                                        similarity={articles[1].id: 0.9}))
                articles[0].copy_group = articles[1].copy_group = gid
            for a in articles:
                a.copy_group = a.copy_group or f"copy-{a.id}"

            def claim(members: list[Article]) -> Claim:
                cites = []
                for a in members:
                    s, e = rng.choice(_spans(a.text))
                    cites.append(Citation(a.id, s, e))
                first = members[0]
                c0 = cites[0]
                return Claim(first.text[c0.start : c0.end], [a.id for a in members], cites, len(members))

            voices = {}
            for a in articles:
                voices.setdefault(a.copy_group, []).append(a.id)
            story = Story(
                id=sid, title=articles[0].title or sid, articles=[a.id for a in articles],
                copy_groups=[g.members for g in groups],
                summary=[claim(rng.sample(articles, min(2, k))) for _ in range(4)],
                agreed=[claim(rng.sample(articles, min(3, k))) for _ in range(5)],
                conflicts=[Conflict("length of the visit (days)", [
                    Variant("three-day visit", _sentence(rng, names), [articles[0].id]),
                    Variant("four-day visit", _sentence(rng, names), [articles[-1].id]),
                ], "duration")],
                exclusive=[claim([rng.choice(articles)]) for _ in range(5)],
                quotes=[Quote(rng.choice(names), _sentence(rng, names), [rng.choice(articles).id]) for _ in range(3)],
                timeline=[TimelineEvent(day, _sentence(rng, names), [rng.choice(articles).id], "on Monday")
                          for _ in range(3)],
                metadata={"voices": voices, "first_published": day, "last_published": day},
            )
            batch_a += articles
            batch_g += groups
            batch_s.append(story)
            if len(batch_s) >= 1000 or n == stories - 1:
                store.put_articles(batch_a)
                store.put_copy_groups(batch_g, replace=False)
                store.put_stories(batch_s)
                batch_a, batch_g, batch_s = [], [], []
        store.put_state("bench_api_load", {"schema": SCHEMA, "stories": stories, "seed": seed})
    for suffix in ("-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    tmp.replace(path)
    print(f"built {path} ({stories} stories) in {time.perf_counter() - t0:.1f} s", file=sys.stderr)


def ensure_store(stories: int) -> Path:
    path = ROOT / "bench" / "data" / f"api_load-{stories}.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        with SqliteStore(path) as store:
            if store.get_state("bench_api_load") == {"schema": SCHEMA, "stories": stories, "seed": 7}:
                return path
        path.unlink()
    build_store(path, stories)
    return path


# -- the server ------------------------------------------------------------------------------------------


def start_server(db: Path, page_cache_mb: int) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = (ROOT / "bench" / "data" / "api_load-server.log").open("wb")  # the server's own messages, if it fails
    proc = subprocess.Popen([sys.executable, "-m", "storyline.cli.main", "serve", "--db", str(db), "--port", str(port),
                             "--read-rate", "0", "--page-cache-mb", str(page_cache_mb)],
                            stderr=log, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    url = f"http://127.0.0.1:{port}"
    t0 = time.perf_counter()
    while True:
        try:
            with urllib.request.urlopen(url + "/v1", timeout=60) as r:
                info = json.load(r)
            break
        except OSError:
            if proc.poll() is not None or time.perf_counter() - t0 > 300:
                raise SystemExit(f"the server did not start; see {log.name}") from None
            time.sleep(0.2)
    print(f"server up in {time.perf_counter() - t0:.1f} s with {info['stories']} stories", file=sys.stderr)
    if page_cache_mb:
        while info["page_cache"]["warming"]:
            time.sleep(1)
            with urllib.request.urlopen(url + "/v1", timeout=60) as r:
                info = json.load(r)
        cache = info["page_cache"]
        print(f"story pages rendered ahead after {time.perf_counter() - t0:.1f} s: {cache['pages']} pages, "
              f"{cache['bytes'] / 2**20:.1f} MiB compressed", file=sys.stderr)
    return proc, url


# -- the clients -----------------------------------------------------------------------------------------


class RawClient:
    """One keep-alive HTTP/1.1 connection; answers must carry Content-Length (the app's always do)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, int]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\nAccept: */*\r\n"
                          "Accept-Encoding: gzip\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        body = await self.reader.readexactly(length)
        return status, len(body)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


class HttpxClient:
    def __init__(self, client: Any, base: str) -> None:
        self.client, self.base = client, base

    async def get(self, path: str) -> tuple[int, int]:
        r = await self.client.get(self.base + path)
        return r.status_code, len(r.content)

    async def close(self) -> None:
        pass


def _quantile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


async def run_scenario(name: str, url: str, ids: list[str], words: list[str], articles: list[str], clients: int,
                       seconds: float, client_kind: str) -> dict[str, Any]:
    host, port = url.removeprefix("http://").split(":")
    rng = random.Random(name)
    cursors: list[str] = []

    def pick() -> tuple[str, str]:
        if name == "story-page":
            return "story page", f"/stories/{rng.choice(ids)}"
        if name == "story-json":
            return "story json", f"/v1/stories/{rng.choice(ids)}"
        r = rng.random()
        if r < 0.40:
            return "story page", f"/stories/{rng.choice(ids)}"
        if r < 0.70:
            return "story json", f"/v1/stories/{rng.choice(ids)}"
        if r < 0.85:
            return "list", "/v1/stories" + (f"?cursor={rng.choice(cursors)}" if cursors and rng.random() < 0.5 else "")
        if r < 0.95:
            return "search", f"/v1/stories?q={rng.choice(words)}"
        return "article page", f"/articles/{rng.choice(articles)}"

    latencies: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    with urllib.request.urlopen(url + "/v1/stories?limit=20", timeout=30) as r:
        first = json.load(r)
    if first["next_cursor"]:
        cursors.append(first["next_cursor"])
    httpx_client = None
    if client_kind == "httpx":
        import httpx

        httpx_client = httpx.AsyncClient(limits=httpx.Limits(max_connections=clients, max_keepalive_connections=clients),
                                         timeout=60)
    deadline = time.perf_counter() + seconds

    async def one_client() -> None:
        conn: RawClient | HttpxClient = HttpxClient(httpx_client, url) if httpx_client else RawClient(host, int(port))
        try:
            while time.perf_counter() < deadline:
                kind, path = pick()
                t0 = time.perf_counter()
                status, _size = await conn.get(path)
                latencies.setdefault(kind, []).append(time.perf_counter() - t0)
                if status != 200:
                    errors[kind] = errors.get(kind, 0) + 1
        finally:
            await conn.close()

    t_start = time.perf_counter()
    await asyncio.gather(*(one_client() for _ in range(clients)))
    elapsed = time.perf_counter() - t_start
    if httpx_client is not None:
        await httpx_client.aclose()
    everything = [x for v in latencies.values() for x in v]
    rows = {}
    for kind, values in sorted(latencies.items()) + [("all", everything)]:
        rows[kind] = {
            "requests": len(values),
            "rps": round(len(values) / elapsed, 1),
            "p50_ms": round(1000 * statistics.median(values), 1),
            "p90_ms": round(1000 * _quantile(values, 0.90), 1),
            "p99_ms": round(1000 * _quantile(values, 0.99), 1),
            "max_ms": round(1000 * max(values), 1),
            "errors": errors.get(kind, 0) if kind != "all" else sum(errors.values()),
        }
    return {"scenario": name, "seconds": round(elapsed, 1), "clients": clients, "kinds": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--client", choices=["raw", "httpx"], default="raw")
    parser.add_argument("--scenarios", default="story-page,story-json,mixed")
    parser.add_argument("--page-cache-mb", type=int, default=256,
                        help="the server's page cache; 0 renders every page on request (the cold cost)")
    args = parser.parse_args()
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    db = ensure_store(args.stories)
    with SqliteStore(db) as store:
        conn = store._connection()  # noqa: SLF001 - the bench reads ids straight from the file
        ids = [r[0] for r in conn.execute("SELECT id FROM stories")]
        articles = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY random() LIMIT 5000")]
        titles = [r[0] for r in conn.execute("SELECT title FROM stories ORDER BY random() LIMIT 500")]
    words = sorted({w.strip(".").lower() for t in titles for w in t.split() if len(w) > 5})[:300]
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} before the server starts",
          file=sys.stderr)
    proc, url = start_server(db, args.page_cache_mb)
    try:
        results = []
        for name in args.scenarios.split(","):
            result = asyncio.run(run_scenario(name, url, ids, words, articles, args.clients, args.seconds, args.client))
            results.append(result)
            result["load_average"] = round(os.getloadavg()[0], 2)
            print(f"\n{name}: {args.clients} clients, {result['seconds']} s, client={args.client}, "
                  f"load average after {result['load_average']:.2f}")
            print(f"  {'kind':14s} {'requests':>9s} {'req/s':>8s} {'p50 ms':>8s} {'p90 ms':>8s} {'p99 ms':>8s} "
                  f"{'max ms':>8s} {'errors':>7s}")
            for kind, row in result["kinds"].items():
                print(f"  {kind:14s} {row['requests']:9d} {row['rps']:8.1f} {row['p50_ms']:8.1f} {row['p90_ms']:8.1f} "
                      f"{row['p99_ms']:8.1f} {row['max_ms']:8.1f} {row['errors']:7d}")
        print(json.dumps({"stories": len(ids), "clients": args.clients, "client": args.client,
                          "page_cache_mb": args.page_cache_mb, "results": results}))
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
