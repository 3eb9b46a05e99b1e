"""Run text-dedup's MinHash on a JSON-lines corpus and write one ``id<TAB>group`` line per article.

Runs under text-dedup's own interpreter (text-dedup 0.4.1 needs Python >= 3.12), e.g.

    /work/venvs/textdedup/bin/python bench/textdedup_runner.py CORPUS.jsonl LABELS.tsv

It drives text-dedup the way its README does: a ``config.toml`` (written to a temporary folder) with the
README's MinHash settings (``num_perm = 240``, ``threshold = 0.7``, ``ngram_size = 5``, ``hash_bits = 64``,
``check_false_positive = true``, ``save_clusters = true``), then ``text_dedup.minhash.main(config)``:
reading the file with Hugging Face ``datasets`` (its cache pointed at the temporary folder, so every run
starts cold), MinHash, LSH bands, clustering, the false-positive check, saving the deduplicated set and
``clusters.pickle``. The check is ON: 0.4.1 with it off merges unrelated documents through colliding
group ids. ``clusters.pickle`` maps a row index to its cluster for the rows found to have copies; every
other row is its own group (text-dedup also drops texts of fewer than 5 tokens before hashing: those
stay single). Rows are numbered in file order, which is the order of the JSON lines.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import shutil
import sys
import tempfile
from pathlib import Path

README_SETTINGS = {"num_perm": 240, "threshold": 0.7, "ngram_size": 5, "hash_bits": 64, "seed": 42,
                   "batch_size": 10000, "false_positive_weight": 0.5, "false_negative_weight": 0.5}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("labels", type=Path)
    ap.add_argument("--text-field", default="text")
    ap.add_argument("--id-field", default="id")
    ap.add_argument("--threshold", type=float, default=README_SETTINGS["threshold"])
    ap.add_argument("--num-perm", type=int, default=README_SETTINGS["num_perm"])
    ap.add_argument("--check-false-positive", choices=("true", "false"), default="true")
    ap.add_argument("--num-proc", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="textdedup-"))
    os.environ["HF_DATASETS_CACHE"] = str(work / "hf-cache")  # cold start every run, nothing left behind
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        settings = {**README_SETTINGS, "threshold": args.threshold, "num_perm": args.num_perm}
        toml = "\n".join([
            "[input]", 'input_type = "local_files"', 'file_type = "json"',
            "[input.read_arguments]", 'path = "json"', f"data_files = {json.dumps(str(args.corpus.resolve()))}",
            'split = "train"',
            "[algorithm]", 'algorithm_name = "minhash"', f'text_column = "{args.text_field}"',
            *(f"{k} = {v}" for k, v in settings.items()),
            f"check_false_positive = {args.check_false_positive}", f"num_proc = {args.num_proc}",
            "[output]", f"output_dir = {json.dumps(str(work / 'output'))}", "clean_cache = false",
            "save_clusters = true",
            "[debug]", "enable_profiling = false", "",
        ])
        (work / "config.toml").write_text(toml, encoding="utf-8")
        from text_dedup.config.base import load_config_from_toml
        from text_dedup.minhash import main as minhash_main

        config = load_config_from_toml(work / "config.toml")
        print(f"text-dedup bands={config.algorithm.bands} rows={config.algorithm.rows} "  # type: ignore[union-attr]
              f"check_false_positive={config.algorithm.check_false_positive}", file=sys.stderr)  # type: ignore[union-attr]
        minhash_main(config)
        with (work / "output" / "clusters.pickle").open("rb") as fh:
            clusters: dict[int, int] = pickle.load(fh)
        with args.corpus.open(encoding="utf-8") as src, args.labels.open("w", encoding="utf-8") as out:
            row = 0
            for line in src:
                if not line.strip():
                    continue
                doc_id = str(json.loads(line)[args.id_field])
                group = clusters.get(row)
                out.write(f"{doc_id}\t{'td' + str(group) if group is not None else doc_id}\n")
                row += 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
