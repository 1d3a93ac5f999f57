//! Minimal coder over a JSONL file ({"id","text","date"} per line) for working on the engine
//! without building the whole CLI: `cargo run --release -p dyad-core --example code_jsonl FILE`.
use std::io::{BufRead, Write};

use dyad_core::dates::Date;
use dyad_core::{Coder, Document};

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: code_jsonl FILE.jsonl");
    let coder = Coder::embedded();
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    for line in std::io::BufReader::new(std::fs::File::open(&path).expect("open")).lines() {
        let line = line.expect("read");
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line).expect("json");
        let doc = Document {
            id: v["id"].as_str().unwrap_or("").into(),
            text: v["text"].as_str().unwrap_or("").into(),
            date: v["date"]
                .as_str()
                .and_then(|d| Date::parse(d.get(..10).unwrap_or(d))),
            ..Default::default()
        };
        writeln!(
            out,
            "{}",
            serde_json::to_string(&coder.code(&doc, false)).unwrap()
        )
        .unwrap();
    }
}
