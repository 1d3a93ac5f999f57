//! Load test of the events API on loopback: p50/p95/p99 latency per typical query.
//!
//! Starts `dyad serve`'s server in-process on 127.0.0.1:0 over `--db` (or targets a running
//! server with `--url http://127.0.0.1:8080`), then for each query sends `--requests` requests
//! from `--concurrency` client threads (one TCP connection per request) and reports latency
//! percentiles. Aggregate endpoints (overview, network, dyad) are timed on their first,
//! uncached request and then cached.
//!
//! cargo run --release -p dyad-web --example load_test -- --db /tmp/big.db

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

fn get(addr: &str, path: &str) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60))).ok();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let status = std::str::from_utf8(&raw[..end.min(raw.len())])
        .ok()
        .and_then(|h| h.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, raw[(end + 4).min(raw.len())..].to_vec())
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[i.clamp(1, sorted.len()) - 1]
}

fn run(addr: &str, path: &str, n: usize, conc: usize) -> Vec<f64> {
    let next = AtomicUsize::new(0);
    let mut all: Vec<f64> = std::thread::scope(|sc| {
        let hs: Vec<_> = (0..conc)
            .map(|_| {
                sc.spawn(|| {
                    let mut v = Vec::new();
                    while next.fetch_add(1, Ordering::Relaxed) < n {
                        let t = Instant::now();
                        let (st, body) = get(addr, path);
                        assert_eq!(st, 200, "{path}: {}", String::from_utf8_lossy(&body));
                        v.push(t.elapsed().as_secs_f64() * 1000.0);
                    }
                    v
                })
            })
            .collect();
        hs.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    all.sort_by(|a, b| a.partial_cmp(b).unwrap());
    all
}

fn main() {
    let mut db: Option<PathBuf> = None;
    let mut url: Option<String> = None;
    let (mut n, mut conc) = (200usize, 4usize);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--db" => db = args.next().map(PathBuf::from),
            "--url" => url = args.next(),
            "--requests" => {
                n = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--requests N")
            }
            "--concurrency" => {
                conc = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--concurrency N")
            }
            other => {
                eprintln!("load_test: unknown argument {other:?}\nusage: load_test (--db FILE | --url http://HOST:PORT) [--requests N] [--concurrency C]");
                std::process::exit(2);
            }
        }
    }
    let _server;
    let addr = match (url, db) {
        (Some(u), _) => u
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string(),
        (None, Some(db)) => {
            let s = dyad_web::spawn(dyad_web::Config::new(db), "127.0.0.1:0".parse().unwrap())
                .unwrap_or_else(|e| {
                    eprintln!("load_test: {e}");
                    std::process::exit(1)
                });
            let a = s.addr.to_string();
            _server = s;
            a
        }
        (None, None) => {
            eprintln!("load_test: give --db FILE or --url URL");
            std::process::exit(2);
        }
    };
    let (_, body) = get(&addr, "/api/summary");
    let sum: serde_json::Value = serde_json::from_slice(&body).expect("summary");
    println!(
        "store: {} events, {} documents; {n} requests per query, {conc} concurrent clients\n",
        sum["events"], sum["documents"]
    );

    let (_, body) = get(&addr, "/api/events?source=USA&limit=50");
    let page1: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let cursor = page1["next_cursor"].as_str().unwrap_or("").to_string();
    let queries: Vec<(&str, String)> = vec![
        ("newest events, no filter", "/api/events?limit=50".into()),
        ("source actor", "/api/events?source=USA&limit=50".into()),
        (
            "source actor, page 2 (cursor)",
            format!("/api/events?source=USA&limit=50&cursor={cursor}"),
        ),
        ("target actor", "/api/events?target=IRN&limit=50".into()),
        (
            "actor either side + event type",
            "/api/events?actor=RUS&event=ASSAULT&limit=50".into(),
        ),
        (
            "source + target",
            "/api/events?source=USA&target=SYR&limit=50".into(),
        ),
        (
            "dyad pair (both directions)",
            "/api/events?pair=IRN,RUS&limit=50".into(),
        ),
        (
            "date range (one month)",
            "/api/events?from=2019-03&to=2019-03&limit=50".into(),
        ),
        (
            "quad 4 in a year",
            "/api/events?quad=4&from=2020&to=2020&limit=50".into(),
        ),
        (
            "event type + date range",
            "/api/events?event=ACCUSE&from=2018-01-01&to=2018-06-30&limit=50".into(),
        ),
        ("full text", "/api/events?text=Putin&limit=50".into()),
        (
            "full text + actor",
            "/api/events?text=ceasefire&actor=TUR&limit=50".into(),
        ),
        ("outlet", "/api/events?outlet=Reuters&limit=50".into()),
        ("negated only", "/api/events?negated=true&limit=50".into()),
        ("rare actor", "/api/events?actor=ISL&limit=50".into()),
        (
            "source actor, 200 per page",
            "/api/events?source=USA&limit=200".into(),
        ),
    ];
    println!("| query | path | p50 ms | p95 ms | p99 ms | max ms |");
    println!("|---|---|---:|---:|---:|---:|");
    let mut all = Vec::new();
    for (name, path) in &queries {
        let _ = get(&addr, path); // warm the page cache and the statement cache
        let v = run(&addr, path, n, conc);
        println!(
            "| {name} | `{path}` | {:.1} | {:.1} | {:.1} | {:.1} |",
            pct(&v, 50.0),
            pct(&v, 95.0),
            pct(&v, 99.0),
            v.last().unwrap()
        );
        all.extend(v);
    }
    all.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "| **all events queries** | {} requests | **{:.1}** | **{:.1}** | **{:.1}** | {:.1} |",
        all.len(),
        pct(&all, 50.0),
        pct(&all, 95.0),
        pct(&all, 99.0),
        all.last().unwrap()
    );

    println!("\nOther endpoints: first (uncached) request, then p95 of {n} requests\n");
    println!("| endpoint | path | first ms | p95 ms |");
    println!("|---|---|---:|---:|");
    let id = page1["events"][0]["id"].as_i64().unwrap_or(1);
    let doc = page1["events"][0]["document"]["id"].as_i64().unwrap_or(1);
    for (name, path) in [
        ("one event + other reports", format!("/api/events/{id}")),
        ("document with events", format!("/api/documents/{doc}")),
        ("summary", "/api/summary".to_string()),
        (
            "timeline (overview)",
            "/api/timeline?from=2017-01-01&to=2025-06-30&bucket=month".to_string(),
        ),
        (
            "top actors (overview)",
            "/api/actors?from=2017-01-01&to=2025-06-30&limit=15".to_string(),
        ),
        (
            "top dyads / network",
            "/api/dyads?from=2017-01-01&to=2025-06-30&limit=60".to_string(),
        ),
        (
            "dyad series",
            "/api/dyad?a=IRN&b=RUS&bucket=week".to_string(),
        ),
        ("clusters", "/api/clusters?limit=20".to_string()),
    ] {
        let t = Instant::now();
        let (st, body) = get(&addr, &path);
        assert_eq!(st, 200, "{path}: {}", String::from_utf8_lossy(&body));
        let first = t.elapsed().as_secs_f64() * 1000.0;
        let v = run(&addr, &path, n, conc);
        println!("| {name} | `{path}` | {first:.1} | {:.1} |", pct(&v, 95.0));
    }
}
