//! `dyad extract`: main text and metadata of HTML pages, one JSON line per page.

use std::io::{self, BufWriter, Write};
use std::path::Path;

use clap::Args;
use dyad_ingest::{extract_file, Limits};

#[derive(Args)]
pub struct ExtractArgs {
    /// HTML files (`.html`, `.htm`, optionally `.gz`).
    #[arg(required = true)]
    files: Vec<String>,
    /// Largest file accepted, in bytes (compressed size for .gz).
    #[arg(long, default_value_t = 20 << 20)]
    max_doc_bytes: usize,
    /// Largest decompressed size accepted for a .gz file, in bytes.
    #[arg(long, default_value_t = 200 << 20)]
    max_decompressed_bytes: usize,
    /// Threads extracting pages (output stays in input order). Default: the number of cores.
    #[arg(long, short)]
    jobs: Option<usize>,
}

pub fn run(a: ExtractArgs) -> bool {
    let limits = Limits {
        max_document_bytes: a.max_doc_bytes,
        max_decompressed_bytes: a.max_decompressed_bytes,
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let jobs = a.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    let mut ok = true;
    // a few pages per thread at a time: output streams and memory stays bounded
    for chunk in a.files.chunks(jobs.max(1) * 8) {
        let lines =
            dyad_core::par::par_map(chunk, jobs, |f| match extract_file(Path::new(f), &limits) {
                Ok(page) => Ok(serde_json::to_string(&page)
                    .unwrap_or_else(|e| format!("{{\"error\":\"serialisation: {e}\"}}"))),
                Err(e) => {
                    let id = dyad_ingest::id_from_path(Path::new(f));
                    Err((
                        e.to_string(),
                        serde_json::json!({"id": id, "error": e.to_string()}).to_string(),
                    ))
                }
            });
        for line in lines {
            match line {
                Ok(l) => {
                    let _ = writeln!(out, "{l}");
                }
                Err((msg, l)) => {
                    eprintln!("dyad extract: {msg}");
                    let _ = writeln!(out, "{l}");
                    ok = false;
                }
            }
        }
    }
    let _ = out.flush();
    ok
}
