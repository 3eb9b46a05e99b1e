"""Copy detection side by side: Storyline and datasketch MinHashLSH on one labelled set, one run.

Each system runs in its own process (so peak memory is its own) over the same JSON-lines file,
from reading the file to group labels. Prints wall time, peak RSS, ARI, pairwise precision and
recall, and the ratios to Storyline. Usage:

    python bench/dedup_side_by_side.py ../shared/eval/wire_copies/articles.jsonl --gold cluster --repeat 3
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time

SYSTEMS = ("storyline", "datasketch")


def run_storyline(path: str) -> dict[str, str]:
    from storyline import clean_articles, detect_copies, read_articles

    articles, _errors = read_articles([path])
    labelled, _groups = detect_copies(clean_articles(articles), describe=False)
    return {a.id: a.copy_group or a.id for a in labelled}


def run_datasketch(path: str) -> dict[str, str]:
    """datasketch as its README shows it: word 5-gram MinHash, MinHashLSH(threshold=0.5), groups by union-find."""
    import re

    from datasketch import MinHash, MinHashLSH

    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    sigs = {}
    for r in rows:
        words = re.findall(r"\w+", (r.get("text") or "").lower())
        grams = {" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))}
        m = MinHash(num_perm=128)
        m.update_batch([g.encode() for g in grams])
        sigs[str(r["id"])] = m
        lsh.insert(str(r["id"]), m)
    parent = {k: k for k in sigs}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for k, m in sigs.items():
        for other in lsh.query(m):
            parent[find(other)] = find(k)
    return {k: find(k) for k in sigs}


def child(system: str, path: str, gold: str) -> None:
    from storyline.evaluate import clustering_report

    t0 = time.perf_counter()
    labels = run_storyline(path) if system == "storyline" else run_datasketch(path)
    wall = time.perf_counter() - t0
    gold_of = {str(r["id"]): r[gold] for r in map(json.loads, open(path, encoding="utf-8")) if r}
    ids = sorted(labels)
    report = clustering_report([gold_of[i] for i in ids], [labels[i] for i in ids])
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"system": system, "wall": wall, "peak_mb": peak_mb, **report}))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("--gold", required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--child")
    args = ap.parse_args()
    if args.child:
        child(args.child, args.path, args.gold)
        return
    results: dict[str, list[dict]] = {s: [] for s in SYSTEMS}
    for _ in range(args.repeat):
        for system in SYSTEMS:  # interleaved, so machine noise hits both alike
            out = subprocess.run([sys.executable, __file__, args.path, "--gold", args.gold, "--child", system],
                                 capture_output=True, text=True, check=True)
            results[system].append(json.loads(out.stdout.strip().splitlines()[-1]))
    base = {k: statistics.median(r[k] for r in results["storyline"]) for k in ("wall", "peak_mb")}
    print(f"{'system':12s} {'docs':>6s} {'wall s (median)':>16s} {'x storyline':>11s} {'peak MB':>8s} "
          f"{'ARI':>6s} {'P':>6s} {'R':>6s} {'groups':>7s}")
    for system, runs in results.items():
        wall = statistics.median(r["wall"] for r in runs)
        peak = statistics.median(r["peak_mb"] for r in runs)
        r = runs[0]
        print(f"{system:12s} {r['documents']:6d} {wall:16.2f} {wall / base['wall']:11.2f} {peak:8.0f} "
              f"{r['ari']:6.3f} {r['pairwise_precision']:6.3f} {r['pairwise_recall']:6.3f} {r['clusters']:7d}")


if __name__ == "__main__":
    main()
