"""Copy detection at scale: Storyline, datasketch MinHashLSH and text-dedup MinHash on one corpus, one run.

Usage (from the repository root; setup commands in bench/README.md and at the end of --help):

    .venv/bin/python bench/dedup_scale.py --corpus /work/benchdata/c100k/articles.jsonl --repeat 3
    .venv/bin/python bench/dedup_scale.py --corpus ../shared/eval/wire_copies/articles.jsonl --gold cluster

Each system runs in its own subprocess, end to end: from reading the JSON-lines file to one group label
per article written to a file (process start-up included). The runs are interleaved (storyline,
datasketch, text-dedup, then again), so machine noise hits all alike; wall time and peak memory are the
medians over ``--repeat`` runs, accuracy comes from the first run (every system is deterministic).

- **storyline**: the CLI, ``storyline dedup FILE`` with the corpus's field names: worker processes (one
  per core) parse the file in batches of lines, clean and hash; the main process indexes. ``--storyline-api``
  runs the in-memory batch path instead (``read_articles`` -> ``clean_articles`` ->
  ``detect_copies(describe=False)``), which holds the whole corpus in memory.
- **datasketch**: ``MinHashLSH(threshold=0.5, num_perm=128)`` over lower-cased word 5-gram shingles
  (``\\w+`` tokens), the settings of datasketch's README (threshold 0.5, 128 permutations) with the
  5-gram shingles text-dedup and NEWS-COPY use; reads the file line by line, queries each document
  before inserting it and joins every candidate pair by union-find (one pass, the streaming idiom).
- **textdedup**: text-dedup 0.4.1's MinHash with its README settings and the false-positive check ON,
  run from its own Python 3.12 virtual environment by ``bench/textdedup_runner.py``.

Columns: wall s (median), x sl = wall / Storyline's wall, art/s = articles / wall, peak MB = peak
resident memory of the process tree (the sum over the process and its children, sampled every 0.1 s
from /proc; text-dedup forks workers), max1 MB = the largest single process (``wait4`` ru_maxrss),
cpu s = user + system time of the tree, art/cpu = articles per CPU second (the throughput of one
core), ARI (scikit-learn, every article, singletons included),
pairwise P / R / F1 over article pairs, B3 F1 (B-cubed), groups = predicted groups (gold in the
header), traps = boilerplate-trap articles put in a group with any other article (a trap is an article
whose ``kind`` is ``trap`` or whose ``ops`` holds ``boilerplate_trap``; each is its own gold group).
An article a system leaves out of its output counts as its own group (``missing``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SYSTEMS = ("storyline", "datasketch", "textdedup")
DEFAULT_TEXTDEDUP_PY = os.environ.get("TEXTDEDUP_PYTHON", "/work/venvs/textdedup/bin/python")
SETUP = f"""setup (once):
  python3 -m venv .venv && .venv/bin/pip install -e '.[bench]'      # storyline, datasketch, scikit-learn
  $(pyenv root)/versions/3.12.1/bin/python -m venv /work/venvs/textdedup               # any Python >= 3.12
  /work/venvs/textdedup/bin/pip install text-dedup==0.4.1
  .venv/bin/python bench/make_corpus.py --size 100k --out /work/benchdata/c100k --seed 1
text-dedup's interpreter: --textdedup-python or $TEXTDEDUP_PYTHON [{DEFAULT_TEXTDEDUP_PY}]
"""


# ---------------------------------------------------------------------------------- the systems
def run_datasketch(corpus: str, labels: str, text_field: str, id_field: str) -> None:
    """datasketch MinHashLSH, word 5-grams, union of all LSH candidates (runs in a child process)."""
    from datasketch import MinHash, MinHashLSH

    word = re.compile(r"\w+")
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            r = json.loads(line)
            key = str(r[id_field])
            if key in parent:
                continue  # a repeated id: the first one is kept
            words = word.findall(str(r.get(text_field) or "").lower())
            grams = {" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))}
            m = MinHash(num_perm=128)
            m.update_batch([g.encode("utf-8") for g in grams])
            parent[key] = key
            for other in lsh.query(m):
                a, b = find(key), find(other)
                if a != b:
                    parent[a] = b
            lsh.insert(key, m)
    with open(labels, "w", encoding="utf-8") as out:
        for key in parent:
            out.write(f"{key}\t{find(key)}\n")


def run_storyline(corpus: str, labels: str, fields: dict[str, str]) -> None:
    """The in-memory batch path (read, clean, detect copies with labels only), with
    ``IngestConfig.max_bytes`` raised to the file's size."""
    from dataclasses import replace

    from storyline.config import PipelineConfig
    from storyline.pipeline import clean_articles, detect_copies, read_articles

    base = PipelineConfig()
    size = os.path.getsize(corpus)
    config = replace(base, ingest=replace(base.ingest, max_bytes=max(base.ingest.max_bytes, size + 1),
                                          **{f"{k}_field": v for k, v in fields.items()}))
    articles, errors = read_articles([corpus], config.ingest)
    for e in errors:
        print(f"error: {e.path}:{e.line}: {e.reason}", file=sys.stderr)
    labelled, _groups = detect_copies(clean_articles(articles, config.clean), config.dedup, describe=False)
    with open(labels, "w", encoding="utf-8") as out:
        for a in labelled:
            out.write(f"{a.id}\t{a.copy_group or a.id}\n")


def command(system: str, args: argparse.Namespace, labels: str) -> tuple[list[str], str | None]:
    """The command line for one run, and the file its stdout goes to (None: the command writes labels)."""
    fields = {"id": args.id_field, "text": args.text_field, "title": args.title_field, "date": args.date_field,
              "source": args.outlet_field}
    if system == "storyline" and not args.storyline_api:
        flags = [f"--{k}-field={v}" for k, v in fields.items()]
        return [str(ROOT / ".venv" / "bin" / "storyline"), "dedup", args.corpus, *flags], labels
    if system == "storyline":
        return [str(ROOT / ".venv" / "bin" / "python"), __file__, "--child", "storyline", "--corpus", args.corpus,
                "--labels", labels, "--fields", json.dumps(fields)], None
    if system == "datasketch":
        return [sys.executable, __file__, "--child", "datasketch", "--corpus", args.corpus, "--labels", labels,
                "--text-field", args.text_field, "--id-field", args.id_field], None
    return [args.textdedup_python, str(ROOT / "bench" / "textdedup_runner.py"), args.corpus, labels,
            "--text-field", args.text_field, "--id-field", args.id_field], None


def available(system: str, args: argparse.Namespace) -> str | None:
    """None when the system can run, else why not (with the fix)."""
    if system == "storyline":
        exe = ROOT / ".venv" / "bin" / "storyline"
        return None if exe.exists() else f"{exe} not found: python3 -m venv .venv && .venv/bin/pip install -e ."
    if system == "datasketch":
        try:
            import datasketch  # noqa: F401
        except ImportError:
            return f"datasketch is not importable from {sys.executable}: {sys.executable} -m pip install datasketch"
        return None
    py = Path(args.textdedup_python)
    if not py.exists():
        return (f"no text-dedup interpreter at {py}: create it with a Python >= 3.12 "
                f"(see --help) or pass --textdedup-python")
    probe = subprocess.run([str(py), "-c", "import text_dedup.minhash, importlib.metadata as m; "
                            "print(m.version('text-dedup'))"], capture_output=True, text=True)
    if probe.returncode:
        return f"{py} cannot import text_dedup ({probe.stderr.strip().splitlines()[-1:]}): {py} -m pip install text-dedup==0.4.1"
    return None


# ------------------------------------------------------------------------------ measuring a run
def _tree_rss_kb(root: int) -> int:
    """Resident memory (KB) of ``root`` and all its descendants, read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    page_kb = os.sysconf("SC_PAGE_SIZE") // 1024
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm") as fh:
                total += int(fh.read().split()[1]) * page_kb
        except OSError:
            pass
        todo.extend(children.get(pid, ()))
    return total


_RUNNING: list[int] = []  # the process group of the run under way, killed if the harness is stopped


def _stop(signum: int, _frame: object) -> None:
    for pgid in _RUNNING:
        try:
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    sys.exit(128 + signum)


def measure(cmd: list[str], stdout_file: str | None, log_file: str, timeout: float | None,
            max_rss_gb: float | None) -> dict:
    out = open(stdout_file, "w", encoding="utf-8") if stdout_file else None
    with open(log_file, "w", encoding="utf-8") as err:
        out = out or err  # a system that writes its own labels: its stdout (text-dedup's log) goes to the log too
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT, start_new_session=True)
        _RUNNING[:] = [proc.pid]
        peak = [0]
        killed: list[str] = []
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
                if max_rss_gb and peak[0] > max_rss_gb * 1024 * 1024 and not killed:
                    killed.append(f"killed: resident memory over {max_rss_gb} GB")
                    os.killpg(proc.pid, 9)
                done.wait(0.1)

        def on_timeout() -> None:
            killed.append(f"killed: over the {timeout} s timeout")
            os.killpg(proc.pid, 9)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        timer = threading.Timer(timeout, on_timeout) if timeout else None
        if timer:
            timer.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        _RUNNING.clear()
        wall = time.perf_counter() - t0
        done.set()
        sampler.join()
        if timer:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
    if stdout_file:
        out.close()  # type: ignore[union-attr]
    peak_kb = max(peak[0], usage.ru_maxrss)  # the sampler can miss a short final peak
    return {"wall": wall, "rc": proc.returncode, "peak_mb": peak_kb / 1024, "max1_mb": usage.ru_maxrss / 1024,
            "cpu": usage.ru_utime + usage.ru_stime, **({"killed": killed[0]} if killed else {})}


def read_labels(system: str, path: str) -> dict[str, str]:
    labels: dict[str, str] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            if system == "storyline" and line.startswith("{"):
                r = json.loads(line)
                labels[str(r["id"])] = str(r.get("copy_group") or r["id"])
            else:
                key, group = line.rstrip("\n").split("\t")
                labels[key] = group
    return labels


# ---------------------------------------------------------------------------------------- scores
def scores(gold: list[str], pred: list[str], traps: list[bool]) -> dict:
    from sklearn.metrics import adjusted_rand_score

    n = len(gold)
    cells = Counter(zip(gold, pred, strict=True))
    gsize, psize = Counter(gold), Counter(pred)

    def pairs(c: Counter) -> int:
        return sum(v * (v - 1) // 2 for v in c.values())

    tp, pp, gp = pairs(cells), pairs(psize), pairs(gsize)
    p = tp / pp if pp else 1.0
    r = tp / gp if gp else 1.0
    b3p = sum(v * v / psize[pl] for (_g, pl), v in cells.items()) / n
    b3r = sum(v * v / gsize[g] for (g, _pl), v in cells.items()) / n
    trap_merged = sum(1 for pl, t in zip(pred, traps, strict=True) if t and psize[pl] > 1)
    return {"documents": n, "ari": adjusted_rand_score(gold, pred), "p": p, "r": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0, "b3f1": 2 * b3p * b3r / (b3p + b3r) if b3p + b3r else 0.0,
            "groups": len(psize), "gold_groups": len(gsize), "traps": sum(traps), "trap_merged": trap_merged}


def load_gold(args: argparse.Namespace) -> tuple[list[str], list[str], list[bool]]:
    ids, gold, traps = [], [], []
    seen: set[str] = set()
    with open(args.corpus, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            r = json.loads(line)
            if args.gold not in r:
                sys.exit(f"{args.corpus}:{number}: no gold field {args.gold!r} (set --gold)")
            key = str(r[args.id_field]).strip()
            if key in seen:
                sys.exit(f"{args.corpus}:{number}: repeated id {key!r}: ids must be unique to score")
            seen.add(key)
            ids.append(key)
            gold.append(str(r[args.gold]))
            ops = r.get("ops") or ""
            traps.append(r.get("kind") == "trap" or "boilerplate_trap" in (ops if isinstance(ops, list) else str(ops)))
    return ids, gold, traps


# ------------------------------------------------------------------------------------------ main
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=SETUP,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True, help="JSON-lines file with a gold group field")
    ap.add_argument("--systems", default=",".join(SYSTEMS), help=f"comma-separated, of {','.join(SYSTEMS)}")
    ap.add_argument("--repeat", type=int, default=1, help="runs per system (median wall and memory) [1]")
    ap.add_argument("--gold", default="copy_group", help="gold group field [copy_group]")
    ap.add_argument("--id-field", default="id")
    ap.add_argument("--text-field", default="text")
    ap.add_argument("--title-field", default="title")
    ap.add_argument("--date-field", default="date")
    ap.add_argument("--outlet-field", default="outlet", help="passed to storyline as --source-field [outlet]")
    ap.add_argument("--textdedup-python", default=DEFAULT_TEXTDEDUP_PY)
    ap.add_argument("--timeout", type=float, help="seconds per run; a run over it is killed and reported")
    ap.add_argument("--max-rss-gb", type=float, default=12.0,
                    help="kill a run whose process tree holds more resident memory than this [12]")
    ap.add_argument("--keep", type=Path, help="keep each run's labels and stderr in this folder")
    ap.add_argument("--json", action="store_true", help="also print one JSON line per system")
    ap.add_argument("--storyline-api", action="store_true",
                    help="run Storyline's in-memory batch path through the Python API instead of the streaming CLI")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--fields", help=argparse.SUPPRESS)
    ap.add_argument("--labels", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child == "datasketch":
        run_datasketch(args.corpus, args.labels, args.text_field, args.id_field)
        return
    if args.child == "storyline":
        run_storyline(args.corpus, args.labels, json.loads(args.fields))
        return
    if not Path(args.corpus).is_file():
        ap.error(f"--corpus {args.corpus}: no such file")
    args.corpus = str(Path(args.corpus).resolve())
    wanted = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = [s for s in wanted if s not in SYSTEMS]
    if unknown:
        ap.error(f"--systems: unknown {unknown}; choose from {', '.join(SYSTEMS)}")
    systems, skipped = [], {}
    for s in wanted:
        why = available(s, args)
        if why:
            print(f"skipping {s}: {why}", file=sys.stderr)
            skipped[s] = why
        else:
            systems.append(s)
    if not systems:
        sys.exit("no system to run")

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _stop)
    ids, gold, traps = load_gold(args)
    work = args.keep or Path(tempfile.mkdtemp(prefix="dedup-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    runs: dict[str, list[dict]] = {s: [] for s in systems}
    accuracy: dict[str, dict] = {}
    print(f"corpus {args.corpus}: {len(ids)} articles, {len(set(gold))} gold groups, {sum(traps)} traps; "
          f"{os.cpu_count()} cores; repeat {args.repeat}", flush=True)
    try:
        for k in range(args.repeat):
            for s in systems:
                labels_file = str(work / f"{s}.{k}.labels")
                cmd, stdout_file = command(s, args, labels_file)
                m = measure(cmd, stdout_file, str(work / f"{s}.{k}.stderr"), args.timeout, args.max_rss_gb)
                print(f"  run {k + 1} {s}: rc {m['rc']}, wall {m['wall']:.2f} s, peak {m['peak_mb']:.0f} MB, "
                      f"cpu {m['cpu']:.1f} s", file=sys.stderr, flush=True)
                if m["rc"] != 0:
                    tail = Path(work / f"{s}.{k}.stderr").read_text(errors="replace").strip().splitlines()[-3:]
                    labelled = Path(labels_file).exists() and Path(labels_file).stat().st_size > 0
                    if m.get("killed"):
                        tail = [m["killed"]]
                    if s == "storyline" and m["rc"] == 1 and labelled:
                        # storyline exits 1 when it reported and skipped some input; its labels stand
                        print(f"  storyline reported input errors (exit 1): {' | '.join(tail)}", file=sys.stderr)
                    else:
                        print(f"  {s} failed (exit {m['rc']}): {' | '.join(tail)}", file=sys.stderr)
                        m["failed"] = True
                runs[s].append(m)
                if s not in accuracy and not m.get("failed"):
                    pred_of = read_labels(s, labels_file)
                    pred = [pred_of.get(i, "\0missing\0" + i) for i in ids]
                    accuracy[s] = {**scores(gold, pred, traps), "missing": sum(1 for i in ids if i not in pred_of)}
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    table(systems, runs, accuracy, len(ids), args.json)
    for s, why in skipped.items():
        print(f"{s:10s} skipped: {why}")


def table(systems: list[str], runs: dict[str, list[dict]], accuracy: dict[str, dict], n: int, as_json: bool) -> None:
    def med(s: str, key: str) -> float:
        ok = [r[key] for r in runs[s] if not r.get("failed")]
        return statistics.median(ok) if ok else float("nan")

    base = "storyline" if "storyline" in accuracy else None
    head = (f"{'system':10s} {'wall s':>8s} {'x sl':>5s} {'art/s':>7s} {'x sl':>5s} {'peak MB':>8s} {'x sl':>5s} "
            f"{'max1 MB':>8s} {'cpu s':>7s} {'art/cpu':>7s} {'ARI':>6s} {'x sl':>5s} {'P':>6s} {'R':>6s} {'F1':>6s} "
            f"{'B3 F1':>6s} {'groups':>7s} {'traps':>7s} {'missing':>7s}")
    print(head)
    for s in systems:
        if s not in accuracy:
            why = next((r["killed"] for r in runs[s] if r.get("killed")), f"exit {runs[s][0]['rc']}")
            print(f"{s:10s} failed in every run ({why}): see the messages above")
            continue
        a = accuracy[s]
        wall, peak = med(s, "wall"), med(s, "peak_mb")

        def ratio(value: float, key: str) -> str:
            if base is None:
                return "-"
            ref = {"wall": med(base, "wall"), "peak": med(base, "peak_mb"), "ari": accuracy[base]["ari"],
                   "rate": n / med(base, "wall")}[key]
            return f"{value / ref:5.2f}" if ref else "-"

        print(f"{s:10s} {wall:8.2f} {ratio(wall, 'wall'):>5s} {n / wall:7.0f} {ratio(n / wall, 'rate'):>5s} "
              f"{peak:8.0f} {ratio(peak, 'peak'):>5s} {med(s, 'max1_mb'):8.0f} {med(s, 'cpu'):7.1f} {n / med(s, 'cpu'):7.0f} "
              f"{a['ari']:6.3f} {ratio(a['ari'], 'ari'):>5s} {a['p']:6.3f} {a['r']:6.3f} {a['f1']:6.3f} "
              f"{a['b3f1']:6.3f} {a['groups']:7d} {a['trap_merged']:>3d}/{a['traps']:<3d} {a['missing']:7d}")
    any_acc = next(iter(accuracy.values()), None)
    if any_acc:
        print(f"(gold: {any_acc['gold_groups']} groups over {n} articles; wall and memory: median of "
              f"{len(next(iter(runs.values())))} run(s))")
    if as_json:
        for s in systems:
            if s in accuracy:
                print(json.dumps({"system": s, "wall": med(s, "wall"), "peak_mb": med(s, "peak_mb"),
                                  "max1_mb": med(s, "max1_mb"), "cpu": med(s, "cpu"),
                                  "runs": runs[s], **accuracy[s]}))


if __name__ == "__main__":
    main()
