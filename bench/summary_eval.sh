#!/usr/bin/env bash
# Cited-summary quality on the shared sets (ROUGE-1/2/L F1 with stemming, cited share, citation precision).
# Needs the eval extra: pip install -e '.[eval]'. Data is read from ../shared/eval at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
EVAL=../shared/eval
for split in val train; do
  echo "neus_allsides $split"
  .venv/bin/storyline eval summary "$EVAL/neus_allsides/clusters.jsonl" --split "$split" --json
done
echo "allsides_roundups"
.venv/bin/storyline eval summary "$EVAL/allsides_roundups/clusters.jsonl" --json
