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
}

pub fn run(a: ExtractArgs) -> bool {
    let limits = Limits {
        max_document_bytes: a.max_doc_bytes,
        max_decompressed_bytes: a.max_decompressed_bytes,
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut ok = true;
    for f in &a.files {
        match extract_file(Path::new(f), &limits) {
            Ok(page) => {
                let line = serde_json::to_string(&page)
                    .unwrap_or_else(|e| format!("{{\"error\":\"serialisation: {e}\"}}"));
                let _ = writeln!(out, "{line}");
            }
            Err(e) => {
                eprintln!("dyad extract: {e}");
                let id = dyad_ingest::id_from_path(Path::new(f));
                let _ = writeln!(
                    out,
                    "{}",
                    serde_json::json!({"id": id, "error": e.to_string()})
                );
                ok = false;
            }
        }
    }
    let _ = out.flush();
    ok
}
