//! `dyad serve`: the web app and JSON API over a store (crates/dyad-web).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;

#[derive(Args)]
#[command(after_help = "\
Read-only by default: the store is opened with SQLITE_OPEN_READ_ONLY. With --allow-ingest, \
POST /api/ingest stores documents (JSONL or plain text) and needs `Authorization: Bearer TOKEN`, \
the token read from --token-file or the DYAD_TOKEN environment variable. The API is described \
at /api/openapi.json.")]
pub struct ServeArgs {
    /// The store to serve (created by `dyad ingest`).
    #[arg(long, default_value = "dyad.db")]
    db: PathBuf,
    /// Address to listen on; the default is loopback only. Port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// Enable POST /api/ingest (token required).
    #[arg(long)]
    allow_ingest: bool,
    /// File holding the bearer token for POST /api/ingest (else DYAD_TOKEN).
    #[arg(long)]
    token_file: Option<PathBuf>,
    /// Largest body of POST /api/code, in bytes.
    #[arg(long, default_value_t = 1 << 20)]
    max_body_bytes: usize,
    /// Largest body of POST /api/ingest, in bytes.
    #[arg(long, default_value_t = 16 << 20)]
    max_ingest_bytes: usize,
    /// Seconds before a request is answered 503.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
}

pub fn run(a: ServeArgs) -> bool {
    let addr: SocketAddr = match a.addr.parse() {
        Ok(x) => x,
        Err(_) => {
            eprintln!(
                "dyad serve: --addr {:?}: expected IP:PORT, e.g. 127.0.0.1:8080",
                a.addr
            );
            return false;
        }
    };
    let token = match &a.token_file {
        Some(f) => match std::fs::read_to_string(f) {
            Ok(t) => Some(t.trim().to_string()),
            Err(e) => {
                eprintln!("dyad serve: --token-file {}: {e}", f.display());
                return false;
            }
        },
        None => std::env::var("DYAD_TOKEN")
            .ok()
            .map(|t| t.trim().to_string()),
    };
    if a.allow_ingest && token.as_deref().is_some_and(|t| t.len() < 16) {
        eprintln!("dyad serve: the ingest token must be at least 16 characters");
        return false;
    }
    if !addr.ip().is_loopback() {
        eprintln!("dyad serve: warning: listening on {addr}, reachable from other machines; the API has no access control for reading");
    }
    let mut cfg = dyad_web::Config::new(a.db);
    cfg.allow_ingest = a.allow_ingest;
    cfg.token = if a.allow_ingest { token } else { None };
    cfg.max_body_bytes = a.max_body_bytes;
    cfg.max_ingest_bytes = a.max_ingest_bytes;
    cfg.request_timeout = std::time::Duration::from_secs(a.timeout.max(1));
    cfg.query_budget = cfg.request_timeout.mul_f64(0.8);
    let ingest = cfg.allow_ingest;
    match dyad_web::run(cfg, addr, |bound| {
        // the first line on stdout is the URL (scripts and tests read it)
        println!("dyad serve: listening on http://{bound}/");
        if ingest {
            println!("dyad serve: POST /api/ingest enabled (bearer token required)");
        }
        use std::io::Write;
        let _ = std::io::stdout().flush();
    }) {
        Ok(()) => true,
        Err(e) => {
            eprintln!("dyad serve: {e}");
            false
        }
    }
}
