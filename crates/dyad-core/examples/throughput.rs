//! Steady-state coding throughput on a JSONL corpus (the CLI's `dyad bench` is the reference).
use dyad_core::dates::Date;
use dyad_core::{Coder, Document};

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: throughput FILE.jsonl [PASSES]");
    let passes: usize = std::env::args()
        .nth(2)
        .and_then(|p| p.parse().ok())
        .unwrap_or(5);
    let docs: Vec<Document> = std::fs::read_to_string(&path)
        .expect("read")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json");
            Document {
                id: v["id"].as_str().unwrap_or("").into(),
                text: v["text"].as_str().unwrap_or("").into(),
                date: v["date"].as_str().and_then(Date::parse),
                ..Default::default()
            }
        })
        .collect();
    let coder = Coder::embedded();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let t = std::time::Instant::now();
    let mut events = 0;
    for _ in 0..passes {
        for d in &docs {
            events += coder.code(d, false).events.len();
        }
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "{:.2} MB/s, {:.0} docs/s, {} events",
        (bytes * passes) as f64 / 1e6 / s,
        (docs.len() * passes) as f64 / s,
        events / passes
    );
}
