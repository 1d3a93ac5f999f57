#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seed inputs for the cargo-fuzz targets (see FUZZING.md):
# the small hand-written seeds committed in fuzz/seeds/<target>/, plus inputs taken at run
# time from the shared folder beside the checkout (sample articles, real HTML pages, JSONL
# lines). Nothing from the shared folder is ever written into the repository's tracked files:
# fuzz/corpus/ is git-ignored.
#
#   scripts/fuzz-seed.sh [SHARED_DIR]      (default: ../shared relative to the repository)
#
# The targets jsonl, warc, text_split and coder read their first byte as a control byte
# (see each target's header comment); the seeds made here set it to the plain mode.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${1:-../shared}"
corpus=fuzz/corpus
targets=(extract_html jsonl feed warc text_split coder)

for t in "${targets[@]}"; do
    mkdir -p "$corpus/$t"
    cp fuzz/seeds/"$t"/* "$corpus/$t/"
done

if [ ! -d "$shared" ]; then
    echo "fuzz-seed: $shared not found; only the hand-written seeds were copied" >&2
    exit 0
fi

python3 - "$shared" "$corpus" <<'PY'
import glob, gzip, json, os, re, sys

shared, corpus = sys.argv[1], sys.argv[2]

def put(target, name, data):
    with open(os.path.join(corpus, target, name), "wb") as f:
        f.write(data)

def pieces(text, limit):
    """Paragraph-aligned pieces of at most `limit` bytes (the fuzzers' -max_len)."""
    out, cur = [], ""
    for para in text.split("\n"):
        if cur and len((cur + "\n" + para).encode()) > limit:
            out.append(cur)
            cur = ""
        cur = (cur + "\n" + para) if cur else para
    if cur:
        out.append(cur)
    return [p.encode()[:limit] for p in out]

# Sample articles: the demo article and the first Guardian articles.
texts = []
demo = os.path.join(shared, "samples", "000_9096d89438f5190f.txt")
if os.path.exists(demo):
    texts.append(open(demo, encoding="utf-8").read())
jsonl_path = os.path.join(shared, "samples", "guardian-2019-sample.jsonl")
lines = []
if os.path.exists(jsonl_path):
    with open(jsonl_path, "rb") as f:
        lines = [l for l in f.read().split(b"\n") if l.strip()]
    for l in lines[:8]:
        texts.append(json.loads(l).get("text", ""))
n = 0
for ti, t in enumerate(texts):
    for pi, p in enumerate(pieces(t, 8000)[:2]):
        put("text_split", f"shared-{ti}-{pi}.txt", b"\x00" + p)
        put("coder", f"shared-{ti}-{pi}.txt", b"\x00" + p)
        n += 1

# JSONL: single lines and small groups of lines (the shortest ones, to stay under -max_len).
short = sorted(lines, key=len)[:12]
for i, l in enumerate(short[:6]):
    put("jsonl", f"shared-line-{i}.jsonl", b"\x40" + l + b"\n")
for i in range(0, 6, 2):
    put("jsonl", f"shared-lines-{i}.jsonl", b"\x40" + b"\n".join(short[6 + i:8 + i]) + b"\n")

# HTML pages: the six smallest pages of the extraction set once scripts, styles, SVG and
# comments are cut out (they are bulk the extractor skips; smaller seeds fuzz faster).
def slim(h):
    h = re.sub(rb"(?is)<(script|style|noscript|svg)\b.*?</\1\s*>", b"", h)
    h = re.sub(rb"(?s)<!--.*?-->", b"", h)
    return re.sub(rb"[ \t\r\n]+", b" ", h)
pages = sorted(
    (slim(gzip.open(p).read())
     for p in glob.glob(os.path.join(shared, "eval", "article-extraction", "html", "*.html.gz"))),
    key=len)[:6]
htmls = []
for i, h in enumerate(pages):
    htmls.append(h)
    put("extract_html", f"shared-page-{i}.html", h)

# An HTML page inside a JSONL line, an RSS feed and a WARC record.
if htmls:
    small = htmls[0][:12000].decode("utf-8", "replace")
    put("jsonl", "shared-html.jsonl",
        b"\x40" + json.dumps({"id": "p", "html": small}).encode() + b"\n")
    body = htmls[0]
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    rec = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:shared-0>\r\n"
           b"WARC-Target-URI: https://example.com/page\r\nWARC-Date: 2019-04-10T00:00:00Z\r\n"
           b"Content-Type: application/http; msgtype=response\r\nContent-Length: "
           + str(len(http)).encode() + b"\r\n\r\n" + http + b"\r\n\r\n")
    put("warc", "shared-page.warc", b"\x00" + rec)
    put("warc", "shared-page-gz.warc", b"\x01" + rec + b"\xff\xfe" + rec)
if texts:
    from xml.sax.saxutils import escape
    items = "".join(
        f"<item><title>Article {i}</title><link>https://example.com/{i}</link>"
        f"<guid>g{i}</guid><pubDate>Wed, 10 Apr 2019 08:00:00 GMT</pubDate>"
        f"<description>{escape('<p>' + t[:1500] + '</p>')}</description></item>"
        for i, t in enumerate(texts[:3]))
    put("feed", "shared-rss.xml",
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Shared sample</title>{items}</channel></rss>".encode())
    entries = "".join(
        f"<entry><id>e{i}</id><title>Article {i}</title><updated>2019-04-10</updated>"
        f"<content type=\"text\">{escape(t[:1500])}</content></entry>"
        for i, t in enumerate(texts[3:5]))
    put("feed", "shared-atom.xml",
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Shared sample</title>{entries}</feed>".encode())
PY

for t in "${targets[@]}"; do
    printf '%-13s %4d seeds\n' "$t" "$(ls "$corpus/$t" | wc -l)"
done
