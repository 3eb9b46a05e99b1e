#!/usr/bin/env bash
# Accuracy of each stage on the shared development sets, with wall time and peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
E=../shared/eval
run() { echo "### storyline eval $*"; /usr/bin/time -f "wall %e s, peak RSS %M KB" .venv/bin/storyline eval "$@" 2>&1; }
run dedup "$E/wire_copies/articles.jsonl" --gold cluster
run dedup "$E/scoop_ai_news/scoop_ai_news.jsonl" --gold cluster
run cluster "$E/scoop_ai_news/scoop_ai_news.jsonl" --gold cluster
run cluster "$E/uci_headlines/articles.jsonl" --gold gold_cluster
run cluster "$E/neus_allsides/articles.jsonl" --gold gold_cluster
run similarity "$E/semeval_pairs/pairs.jsonl"
