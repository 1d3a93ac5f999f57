//! The `dyad` command line: thin wiring of the library crates.

mod bench;
mod code;
mod extract_cmd;
mod serve;
mod store_cmd;

use std::process::ExitCode;

// The coder allocates many small strings per token and mention; mimalloc is markedly faster
// than the system allocator for that pattern (measured with `dyad bench`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "dyad",
    version,
    about = "News in, explainable political event data (PLOVER/CAMEO) out"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Code documents into events: one JSON line per input document on stdout.
    Code(code::CodeArgs),
    /// Measure coding throughput (MB/s, articles/s, one core and all cores), peak memory and knowledge-base load time.
    Bench(bench::BenchArgs),
    /// Extract the main text and metadata of HTML pages (one JSON line per page).
    Extract(extract_cmd::ExtractArgs),
    /// Look up actors in the knowledge base, check its integrity, or print its size.
    Actors(code::ActorsArgs),
    /// Read files, feeds and archives into the event store (SQLite): extract, code, deduplicate, cluster.
    Ingest(store_cmd::IngestArgs),
    /// Select events from the store.
    Query(store_cmd::QueryArgs),
    /// Write all stored events as PLOVER JSONL, CSV or the GDELT 2.0 event table.
    Export(store_cmd::ExportArgs),
    /// Serve the web app and JSON API over a store (read-only; loopback by default).
    Serve(serve::ServeArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ok = match cli.cmd {
        Cmd::Code(a) => code::run_code(a),
        Cmd::Actors(a) => code::run_actors(a),
        Cmd::Bench(a) => bench::run(a),
        Cmd::Extract(a) => extract_cmd::run(a),
        Cmd::Ingest(a) => store_cmd::run_ingest(a),
        Cmd::Query(a) => store_cmd::run_query(a),
        Cmd::Export(a) => store_cmd::run_export(a),
        Cmd::Serve(a) => serve::run(a),
    };
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
