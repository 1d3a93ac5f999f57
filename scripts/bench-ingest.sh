#!/usr/bin/env bash
# Ingest throughput on one core: `dyad ingest -j 1` of the Guardian sample into a fresh SQLite
# store, N times (default 15). Wall time of the whole process (start-up, knowledge-base load,
# reading, coding, storing with the full-text index, closing the store) per run; prints each
# run and the best and median documents/s, plus the command's own breakdown of its best run.
#   scripts/bench-ingest.sh [N] [CORPUS]
# REPEAT=K ingests K copies of the corpus in one run (ids and one closing line made distinct so
# that each copy is new content): fixed costs spread over K times the documents, and every event
# is reported K times, so the cluster counts are updated as with many outlets reporting one story.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - "${1:-15}" "${2:-../shared/samples/guardian-2019-sample.jsonl}" "${DYAD_BIN:-target/release/dyad}" "${REPEAT:-1}" <<'PY'
import json, os, re, statistics, subprocess, sys, tempfile, time
n, corpus, binary, repeat = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
runs = []
with tempfile.TemporaryDirectory() as tmp:
    if repeat > 1:
        lines = [json.loads(l) for l in open(corpus, encoding="utf-8") if l.strip()]
        copied = os.path.join(tmp, "corpus.jsonl")
        with open(copied, "w", encoding="utf-8") as out:
            for k in range(repeat):
                for d in lines:
                    d = dict(d)
                    d["id"] = f"{d.get('id', '')}-copy{k}"
                    d["text"] = d.get("text", "") + f"\nCopy {k} of this article."
                    out.write(json.dumps(d, ensure_ascii=False) + "\n")
        corpus = copied
    for i in range(n):
        db = os.path.join(tmp, f"b{i}.db")
        t0 = time.perf_counter()
        p = subprocess.run([binary, "ingest", "-j", "1", "--quiet", corpus, "--db", db],
                           capture_output=True, text=True)
        wall = time.perf_counter() - t0
        if p.returncode != 0:
            sys.exit(f"dyad ingest failed: {p.stderr}")
        docs = int(re.search(r"(\d+) new", p.stderr).group(1))
        detail = next((l.strip() for l in p.stderr.splitlines() if l.strip().startswith("time ")), "")
        runs.append((docs / wall, wall, docs, detail))
        for f in (db, db + "-wal", db + "-shm"):
            if os.path.exists(f):
                os.remove(f)
        print(f"run {i + 1:2}: {docs} documents in {wall:.3f} s = {docs / wall:.0f} documents/s")
best = max(runs)
print(f"best {best[0]:.0f} documents/s, median {statistics.median(r[0] for r in runs):.0f} documents/s over {n} runs")
print(f"best run's own breakdown: {best[3]}")
PY
