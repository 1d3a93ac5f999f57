#!/usr/bin/env bash
# Score target/release/dyad on the PLOVER dev split (the coder sees only id, date, text).
#   scripts/dev-score.sh [N_ERRORS]
set -euo pipefail
shared=${SHARED:-$(dirname "$0")/../../shared}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 -c '
import json,sys
for l in open(sys.argv[1]):
    r=json.loads(l); print(json.dumps({k:r[k] for k in ("id","date","text")}))' "$shared/eval/plover-gsr-dev.jsonl" > "$tmp/in.jsonl"
target/release/dyad code --format jsonl "$tmp/in.jsonl" > "$tmp/out.jsonl"
python3 "$shared/eval/score.py" "$shared/eval/plover-gsr-dev.jsonl" "$tmp/out.jsonl" --errors "${1:-0}"
