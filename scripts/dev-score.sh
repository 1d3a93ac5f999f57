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
bin=${DYAD_BIN:-target/release/dyad}
if [ "$bin" = example ]; then cargo build --release -q -p dyad-core --example code_jsonl; target/release/examples/code_jsonl "$tmp/in.jsonl" > "$tmp/out.jsonl"; else "$bin" code --format jsonl "$tmp/in.jsonl" > "$tmp/out.jsonl"; fi
python3 "$shared/eval/score.py" "$shared/eval/plover-gsr-dev.jsonl" "$tmp/out.jsonl" --errors "${1:-0}"
