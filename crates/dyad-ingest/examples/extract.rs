//! Extracts article text and metadata from HTML files (optionally gzipped) and prints one
//! JSON line per page: {"id","url","title","published","outlet","language","body"}.
//!
//!   cargo run --release -p dyad-ingest --example extract -- FILE... [--no-STEP ...] [--time]
//!
//! `--raw` runs rs-trafilatura alone (the baseline). `--html-text`, `--url`, `--no-join`,
//! `--no-prune`, `--no-hidden`, `--aria`, `--no-sr`, `--no-hover`, `--no-ads`, `--no-captions`, `--no-links`, `--no-lists`,
//! `--no-cta`, `--no-comments`, `--no-cookies`, `--no-ui`, `--no-cleanup` switch off one
//! post-processing step (to measure its effect). `--time` reports pages/s on stderr.
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use dyad_ingest::{
    clean::Cleanup, decode_html, extract_html_with, id_from_path, prune::Prune, read_file,
    ExtractOptions, Limits,
};

fn main() {
    let mut opts = ExtractOptions::default();
    let mut files = Vec::new();
    let mut time = false;
    let mut raw = false;
    for a in std::env::args().skip(1) {
        match a.as_str() {
            "--time" => time = true,
            "--raw" => raw = true,
            "--no-html-text" => opts.text_from_html = false,
            "--no-url" => opts.pass_url = false,
            "--url" => opts.pass_url = true,
            "--no-join" => opts.join_split_words = false,
            "--html-text" => opts.text_from_html = true,
            "--no-ads" => opts.cleanup.ad_labels = false,
            "--no-captions" => opts.cleanup.captions = false,
            "--no-links" => opts.cleanup.link_lines = false,
            "--no-lists" => opts.cleanup.link_lists = false,
            "--no-cta" => opts.cleanup.calls_to_action = false,
            "--no-comments" => opts.cleanup.comment_ui = false,
            "--no-cookies" => opts.cleanup.cookies = false,
            "--no-ui" => opts.cleanup.ui_remnants = false,
            "--no-cleanup" => opts.cleanup = Cleanup::none(),
            "--no-prune" => opts.prune = Prune::none(),
            "--no-hidden" => opts.prune.hidden = false,
            "--aria" => opts.prune.aria_hidden = true,
            "--no-sr" => opts.prune.screen_reader = false,
            "--no-hover" => opts.prune.hover_cards = false,
            _ if a.starts_with("--") => {
                eprintln!("unknown option {a}");
                std::process::exit(2);
            }
            _ => files.push(a),
        }
    }
    let limits = Limits::default();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (mut n, mut bytes, mut spent) = (0usize, 0usize, 0f64);
    for f in &files {
        let path = Path::new(f);
        let data = match read_file(path, &limits) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{e}");
                continue;
            }
        };
        let t = Instant::now();
        let page = if raw {
            // Baseline for comparison: the extractor alone, no metadata or post-processing.
            let body = rs_trafilatura::extract(&decode_html(&data))
                .map(|r| r.content_text)
                .unwrap_or_default();
            dyad_ingest::Page {
                id: id_from_path(path),
                body,
                ..Default::default()
            }
        } else {
            extract_html_with(&id_from_path(path), &decode_html(&data), &opts)
        };
        spent += t.elapsed().as_secs_f64();
        n += 1;
        bytes += data.len();
        let _ = writeln!(out, "{}", serde_json::to_string(&page).unwrap_or_default());
    }
    if time && spent > 0.0 {
        eprintln!(
            "{n} pages, {:.1} MB of HTML in {spent:.2} s of extraction: {:.1} pages/s, {:.1} MB/s",
            bytes as f64 / 1e6,
            n as f64 / spent,
            bytes as f64 / 1e6 / spent
        );
    }
}
