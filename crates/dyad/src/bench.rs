//! `dyad bench`: throughput and memory of the coder on a documented corpus, and the
//! knowledge-base load time. Figures come from this command, never from timed unit tests.

use std::time::Instant;

use clap::Args;
use dyad_core::kb::Kb;
use dyad_core::{Coder, Document};

#[derive(Args)]
pub struct BenchArgs {
    /// Corpus: a JSONL file of {"id","text","date"?} documents.
    #[arg(default_value = "../shared/samples/guardian-2019-sample.jsonl")]
    corpus: String,
    /// Minimum seconds to run each measurement (the corpus is repeated).
    #[arg(long, default_value_t = 3.0)]
    seconds: f64,
    /// Threads for the all-cores run (default: available cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Linear-cost check instead: code single documents of 1 KB .. 10 MB built from the corpus
    /// (plus a 1 MB line without sentence punctuation), each in a fresh process, and report the
    /// time per MB and peak memory of each.
    #[arg(long)]
    scaling: bool,
    /// (internal) code one document of this many bytes and print "seconds peak_kib".
    #[arg(long, hide = true)]
    scale_size: Option<usize>,
    /// (internal) with --scale-size: one line without sentence punctuation.
    #[arg(long, hide = true)]
    pathological: bool,
}

/// A document of `size` bytes made of corpus text (repeated as needed); with `flat`, all
/// sentence punctuation and line breaks removed so it is one 'sentence'.
fn build_doc(corpus: &[Document], size: usize, flat: bool) -> String {
    let mut s = String::with_capacity(size + 1024);
    'outer: loop {
        for d in corpus {
            for ch in d.text.chars() {
                if s.len() >= size {
                    break 'outer;
                }
                if flat && matches!(ch, '.' | '!' | '?' | '\n' | ';') {
                    s.push(' ');
                } else {
                    s.push(ch);
                }
            }
            s.push(if flat { ' ' } else { '\n' });
        }
    }
    s
}

fn scale_one(corpus: &[Document], size: usize, flat: bool) -> bool {
    let coder = Coder::embedded();
    let text = build_doc(corpus, size, flat);
    let doc = Document {
        id: "scale".into(),
        text,
        date: dyad_core::dates::Date::parse("2019-06-01"),
        ..Default::default()
    };
    // warm the caches on another document, then time this one (repeated while under 0.2 s)
    let warm = Document {
        id: "warm".into(),
        text: build_doc(corpus, 4096, false),
        date: doc.date,
        ..Default::default()
    };
    std::hint::black_box(coder.code(&warm, false));
    let base = peak_rss_kib().unwrap_or(0);
    let t = Instant::now();
    let mut runs = 0;
    while runs == 0 || t.elapsed().as_secs_f64() < 0.2 {
        std::hint::black_box(coder.code(&doc, false));
        runs += 1;
    }
    let secs = t.elapsed().as_secs_f64() / runs as f64;
    println!("{secs} {} {}", peak_rss_kib().unwrap_or(0), base);
    true
}

fn scaling(corpus_path: &str) -> bool {
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("dyad bench: cannot find own executable: {e}");
            return false;
        }
    };
    println!(
        "{:>12} {:>10} {:>10} {:>12} {:>14}",
        "document", "seconds", "s per MB", "peak RSS MiB", "RSS/input x"
    );
    let mut per_mb = Vec::new();
    let cases: Vec<(usize, bool, String)> = vec![
        (1 << 10, false, "1 KB".into()),
        (10 << 10, false, "10 KB".into()),
        (100 << 10, false, "100 KB".into()),
        (1 << 20, false, "1 MB".into()),
        (10 << 20, false, "10 MB".into()),
        (1 << 20, true, "1 MB flat".into()),
    ];
    let mut ok = true;
    for (size, flat, label) in cases {
        // small documents are timed over many runs in one process: repeat until 0.5 s
        let mut cmd = std::process::Command::new(&exe);
        cmd.args(["bench", corpus_path, "--scale-size", &size.to_string()]);
        if flat {
            cmd.arg("--pathological");
        }
        let reps = 1usize;
        let mut secs = 0.0;
        let mut peak = 0u64;
        let mut base = 0u64;
        for _ in 0..reps.min(200) {
            let out = match cmd.output() {
                Ok(o) if o.status.success() => o,
                Ok(o) => {
                    eprintln!(
                        "dyad bench: {label}: {}",
                        String::from_utf8_lossy(&o.stderr)
                    );
                    ok = false;
                    break;
                }
                Err(e) => {
                    eprintln!("dyad bench: {label}: {e}");
                    ok = false;
                    break;
                }
            };
            let s = String::from_utf8_lossy(&out.stdout);
            let f: Vec<f64> = s
                .split_whitespace()
                .filter_map(|x| x.parse().ok())
                .collect();
            if f.len() == 3 {
                secs += f[0];
                peak = peak.max(f[1] as u64);
                base = f[2] as u64;
            }
        }
        let runs = reps.min(200) as f64;
        let mean = secs / runs;
        let spm = mean / (size as f64 / (1u64 << 20) as f64);
        per_mb.push(spm);
        println!(
            "{label:>12} {mean:>10.4} {spm:>10.3} {:>12.1} {:>14.1}",
            peak as f64 / 1024.0,
            (peak.saturating_sub(base)) as f64 * 1024.0 / size as f64
        );
    }
    if let (Some(min), Some(max)) = (
        per_mb.iter().cloned().reduce(f64::min),
        per_mb.iter().cloned().reduce(f64::max),
    ) {
        println!(
            "largest/smallest time per MB: {:.2}x (bound: 2x)",
            max / min
        );
    }
    ok
}

fn peak_rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

pub fn run(a: BenchArgs) -> bool {
    let data = match std::fs::read_to_string(&a.corpus) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("dyad bench: {}: {e}", a.corpus);
            return false;
        }
    };
    let mut docs = Vec::new();
    for (n, line) in data
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        match crate::code::parse_jsonl_doc(line, None) {
            Ok(d) => docs.push(d),
            Err((_, msg)) => {
                eprintln!("dyad bench: {}:{}: {msg}", a.corpus, n + 1);
                return false;
            }
        }
    }
    if docs.is_empty() {
        eprintln!("dyad bench: {}: no documents", a.corpus);
        return false;
    }
    if let Some(size) = a.scale_size {
        return scale_one(&docs, size, a.pathological);
    }
    if a.scaling {
        return scaling(&a.corpus);
    }
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    println!(
        "corpus      {} ({} documents, {:.2} MB of text)",
        a.corpus,
        docs.len(),
        bytes as f64 / 1e6
    );

    // knowledge base: a fresh parse + index of every data file, as at start-up
    let t = Instant::now();
    let mut loads = 0;
    while t.elapsed().as_secs_f64() < 1.0 || loads < 3 {
        let kb = Kb::from_files(Kb::data_files()).expect("embedded knowledge base");
        std::hint::black_box(&kb);
        loads += 1;
    }
    println!(
        "kb load     {:.1} ms (mean of {loads} loads)",
        t.elapsed().as_secs_f64() * 1000.0 / loads as f64
    );

    let coder = Coder::embedded();
    let threads = a.threads.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    let mut one_core = 0.0;
    for (label, th) in [("1 core", 1usize), ("all cores", threads)] {
        let t = Instant::now();
        let mut passes = 0usize;
        let mut events = 0usize;
        while t.elapsed().as_secs_f64() < a.seconds || passes == 0 {
            let out: Vec<_> = coder.code_batch(&docs, th, false);
            events += out.iter().map(|d| d.events.len()).sum::<usize>();
            passes += 1;
        }
        let secs = t.elapsed().as_secs_f64();
        let mbs = (bytes * passes) as f64 / 1e6 / secs;
        let arts = (docs.len() * passes) as f64 / secs;
        if th == 1 {
            one_core = mbs;
        }
        println!(
            "code        {label:<9} ({th} thread{}): {mbs:.2} MB/s, {arts:.0} articles/s, {:.1} events/article{}",
            if th == 1 { "" } else { "s" },
            events as f64 / (docs.len() * passes) as f64,
            if th > 1 && one_core > 0.0 { format!(", {:.2}x one core", mbs / one_core) } else { String::new() }
        );
    }
    if let Some(kib) = peak_rss_kib() {
        println!("peak RSS    {:.1} MiB", kib as f64 / 1024.0);
    }
    true
}
