//! Generates a large store for the web benchmarks by replicating real coded events.
//!
//! The shared samples (the Guardian JSONL and the demo article) are coded once; then
//! `--events N` events' worth of documents are written through the normal store path
//! (`Store::add_document`, batched): each synthetic document is a real article (text made
//! unique, so no deduplication) with its real events, moved to a random publication date
//! between 2015 and 2025 (event dates moved with it), given a random outlet, and, for half of
//! the documents, its actor codes remapped to other countries drawn with a skewed (Zipf-like)
//! distribution, so that dyads, actors, dates and outlets vary like a real multi-year store.
//!
//! cargo run --release -p dyad-web --example gen_store -- --events 1000000 --db /tmp/big.db

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

use dyad_core::dates::Date;
use dyad_core::record::{DocOut, EventOut};
use dyad_core::{Coder, Document};
use dyad_store::{content_hash, NewDocument, Store};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const OUTLETS: &[&str] = &[
    "Guardian",
    "Reuters",
    "Associated Press",
    "BBC",
    "Al Jazeera",
    "AFP",
    "New York Times",
    "Deutsche Welle",
    "France 24",
    "TASS",
    "Xinhua",
    "Times of India",
];

fn main() {
    let mut events_wanted: usize = 1_000_000;
    let mut db = PathBuf::from("big.db");
    let mut samples = PathBuf::from("../shared/samples");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--events" => {
                events_wanted = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--events N")
            }
            "--db" => db = args.next().map(PathBuf::from).expect("--db FILE"),
            "--samples" => samples = args.next().map(PathBuf::from).expect("--samples DIR"),
            other => {
                eprintln!("gen_store: unknown argument {other:?}\nusage: gen_store [--events N] [--db FILE] [--samples DIR]");
                std::process::exit(2);
            }
        }
    }
    if db.exists() {
        eprintln!("gen_store: {} exists; remove it first", db.display());
        std::process::exit(2);
    }
    let t0 = Instant::now();
    // code the real articles once
    let coder = Coder::embedded();
    let mut docs: Vec<Document> = Vec::new();
    let jsonl = std::fs::read_to_string(samples.join("guardian-2019-sample.jsonl"))
        .expect("read the Guardian sample");
    for line in jsonl.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSONL");
        docs.push(Document {
            id: v["id"].as_str().unwrap_or("doc").to_string(),
            text: dyad_core::text::normalize(v["text"].as_str().unwrap_or("")),
            date: v["date"].as_str().and_then(Date::parse),
            outlet: None,
            url: None,
        });
    }
    let demo = std::fs::read_to_string(samples.join("000_9096d89438f5190f.txt"))
        .expect("read the demo article");
    docs.push(Document {
        id: "demo".into(),
        text: dyad_core::text::normalize(&demo),
        date: Date::parse("2025-06-23"),
        outlet: None,
        url: None,
    });
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let coded: Vec<DocOut> = coder.code_batch(&docs, threads, false);
    let real: Vec<(Document, DocOut)> = docs
        .into_iter()
        .zip(coded)
        .filter(|(_, o)| !o.events.is_empty())
        .collect();
    let per_round: usize = real.iter().map(|(_, o)| o.events.len()).sum();
    eprintln!(
        "gen_store: {} real articles with {per_round} events coded in {:.1} s",
        real.len(),
        t0.elapsed().as_secs_f64()
    );

    // actor codes seen in the samples, most frequent first: the pool to remap to
    let mut freq: HashMap<String, usize> = HashMap::new();
    for (_, o) in &real {
        for e in &o.events {
            for a in e.source.iter().chain(e.target.iter()) {
                *freq.entry(a.code.clone()).or_default() += 1;
            }
        }
    }
    let mut pool: Vec<(String, usize)> = freq
        .into_iter()
        .filter(|(c, _)| c.len() == 3 && c != "UNK")
        .collect();
    pool.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let pool: Vec<String> = pool.into_iter().map(|(c, _)| c).take(120).collect();

    let mut store = Store::open(&db).expect("create the store");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let start = Date::parse("2015-01-01").unwrap().day_number();
    let span = Date::parse("2025-06-30").unwrap().day_number() - start;
    let epoch = Date {
        year: 1970,
        month: 1,
        day: 1,
    };
    let (mut n_events, mut n_docs) = (0usize, 0usize);
    store.begin_batch().unwrap();
    while n_events < events_wanted {
        let (doc, out) = &real[rng.below(real.len())];
        let day = start + rng.below(span as usize + 1) as i64;
        let pub_date = epoch.add_days(day);
        let orig_pub = doc.date.map(|d| d.day_number()).unwrap_or(day);
        // a random remapping of this document's codes (half of the documents)
        let mut map: HashMap<String, String> = HashMap::new();
        let remap = rng.below(2) == 0;
        let mut events: Vec<EventOut> = Vec::with_capacity(out.events.len());
        for e in &out.events {
            let mut e = e.clone();
            if remap {
                for a in e.source.iter_mut().chain(e.target.iter_mut()) {
                    let to = map
                        .entry(a.code.clone())
                        .or_insert_with(|| {
                            // skewed: the first codes of the pool come up far more often
                            let r =
                                rng.below(pool.len()) * rng.below(pool.len()) / pool.len().max(1);
                            pool[r].clone()
                        })
                        .clone();
                    a.code = to;
                }
            }
            if let Some(d) = e.event_date.as_deref().and_then(Date::parse) {
                let back = (orig_pub - d.day_number()).clamp(0, 365);
                e.event_date = Some(epoch.add_days(day - back).to_string());
            }
            events.push(e);
        }
        let text = format!("{}\n(copy {n_docs})", doc.text);
        let hash = content_hash(&text);
        let key = format!("{}-{n_docs}", doc.id);
        let published = pub_date.to_string();
        let nd = NewDocument {
            doc_key: &key,
            source: "gen_store",
            url: None,
            outlet: Some(OUTLETS[rng.below(OUTLETS.len())]),
            published: Some(&published),
            language: Some("en"),
            title: None,
            text: &text,
            hash: &hash,
        };
        store.add_document(&nd, &events).expect("store a document");
        n_events += events.len();
        n_docs += 1;
        if n_docs % 2000 == 0 {
            store.commit_batch().unwrap();
            store.begin_batch().unwrap();
            eprint!(
                "\rgen_store: {n_docs} documents, {n_events} events, {:.0} s",
                t0.elapsed().as_secs_f64()
            );
        }
    }
    store.commit_batch().unwrap();
    let c = store.counts().unwrap();
    eprintln!(
        "\ngen_store: {} documents, {} events, {} clusters in {:.0} s -> {}",
        c.documents,
        c.events,
        c.clusters,
        t0.elapsed().as_secs_f64(),
        db.display()
    );
    drop(store);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
}
