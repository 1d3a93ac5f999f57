//! Store throughput on a JSONL file of documents (`{"id","date","outlet","text"}` per line):
//! codes every document first, then times storing them, one transaction per document.
//!
//! cargo run --release -p dyad-store --example bench_store -- ../shared/samples/guardian-2019-sample.jsonl [schema-version]
//!
//! Environment: BENCH_BATCH=N stores N documents per transaction (default 1; `dyad ingest`
//! uses 100); BENCH_PRAGMAS="PRAGMA ..." runs SQL on the store before the timed part.

use std::time::Instant;

use dyad_core::dates::Date;
use dyad_core::{Coder, Document};
use dyad_store::{content_hash, NewDocument, Store};

/// CPU seconds (user, system) of this process so far, from /proc/self/stat (10 ms ticks).
fn cpu() -> (f64, f64) {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = s.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let t = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0) / 100.0;
    (t(11), t(12))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: bench_store FILE.jsonl [schema-version]");
    let version: i64 = args.next().map(|v| v.parse().expect("version")).unwrap_or(dyad_store::SCHEMA_VERSION);
    let data = std::fs::read_to_string(&path).expect("read");
    let coder = Coder::embedded();
    let t = Instant::now();
    let c0 = cpu();
    let mut docs = Vec::new();
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("json");
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        let text = dyad_core::text::normalize(&s("text").unwrap_or_default());
        let doc = Document { id: s("id").unwrap_or_default(), text, date: s("date").as_deref().and_then(Date::parse), outlet: s("outlet"), url: s("url") };
        let out = coder.code(&doc, false);
        docs.push((doc, out));
    }
    let code_s = t.elapsed().as_secs_f64();
    let c1 = cpu();
    let dir = std::env::temp_dir().join(format!("dyad-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let db = dir.join("bench.db");
    let mut store = Store::open_at_version(&db, version).expect("open");
    if let Ok(p) = std::env::var("BENCH_PRAGMAS") {
        store.connection().execute_batch(&p).expect("pragmas");
    }
    let batch: usize = std::env::var("BENCH_BATCH").ok().and_then(|b| b.parse().ok()).unwrap_or(1);
    let t = Instant::now();
    let mut events = 0;
    for (i, (doc, out)) in docs.iter().enumerate() {
        if batch > 1 && i % batch == 0 {
            store.commit_batch().expect("commit");
            store.begin_batch().expect("begin");
        }
        let hash = content_hash(&doc.text);
        let published = doc.date.map(|d| d.to_string());
        let nd = NewDocument {
            doc_key: &doc.id,
            source: &path,
            outlet: doc.outlet.as_deref(),
            published: published.as_deref(),
            text: &doc.text,
            hash: &hash,
            ..NewDocument::default()
        };
        store.add_document(&nd, &out.events).expect("store");
        events += out.events.len();
    }
    store.commit_batch().expect("commit");
    let store_s = t.elapsed().as_secs_f64();
    let c2 = cpu();
    let n = docs.len() as f64;
    println!(
        "{} documents, {events} events; coding {code_s:.3} s ({:.0} docs/s); storing {store_s:.3} s ({:.0} docs/s, {:.0} events/s), schema v{version}",
        docs.len(),
        n / code_s,
        n / store_s,
        events as f64 / store_s
    );
    println!(
        "cpu: coding user {:.2} s sys {:.2} s; storing user {:.2} s sys {:.2} s",
        c1.0 - c0.0,
        c1.1 - c0.1,
        c2.0 - c1.0,
        c2.1 - c1.1
    );
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}
