//! dyad-web: `dyad serve`, the web app and JSON API over the event store.
//!
//! * [`router`] maps URLs to handlers: the JSON API under `/api/` ([`api`], SQL in
//!   [`query`]), the single-page app and its assets ([`assets`], embedded with
//!   `include_str!`), and, only with `--allow-ingest`, the token-protected `POST /api/ingest`
//!   ([`ingest`]).
//! * Every request passes [`http::guard`]: security headers (CSP `default-src 'self'`, no
//!   inline script, nosniff, no framing), a query-string limit and a request timeout.
//! * The store is opened read-only ([`db`]): pooled `SQLITE_OPEN_READ_ONLY` connections with
//!   `query_only`, used on blocking threads, interrupted past their time budget.

pub mod api;
pub mod assets;
pub mod db;
pub mod http;
pub mod ingest;
pub mod names;
pub mod params;
pub mod query;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::routing::{get, post};
use axum::Router;
use tokio::sync::Semaphore;

/// Server settings. [`Config::new`] gives the defaults of `dyad serve`.
#[derive(Debug, Clone)]
pub struct Config {
    pub db: PathBuf,
    /// Route `POST /api/ingest` (needs `token`).
    pub allow_ingest: bool,
    /// Bearer token for the write endpoint.
    pub token: Option<String>,
    /// Largest body of `POST /api/code`.
    pub max_body_bytes: usize,
    /// Largest body of `POST /api/ingest`.
    pub max_ingest_bytes: usize,
    /// Longest query string (and path).
    pub max_query_bytes: usize,
    /// Whole-request limit.
    pub request_timeout: Duration,
    /// A database query is interrupted after this long.
    pub query_budget: Duration,
    /// Read connections open at once.
    pub max_connections: usize,
    /// Largest `limit` of `/api/events`.
    pub max_page: i64,
}

impl Config {
    pub fn new(db: PathBuf) -> Config {
        Config {
            db,
            allow_ingest: false,
            token: None,
            max_body_bytes: 1 << 20,
            max_ingest_bytes: 16 << 20,
            max_query_bytes: 4096,
            request_timeout: Duration::from_secs(30),
            query_budget: Duration::from_secs(20),
            max_connections: 8,
            max_page: 500,
        }
    }
}

/// Shared state of the server.
pub struct App {
    pub cfg: Config,
    pub db: Arc<db::Db>,
    pub cache: api::Cache,
    /// Concurrent `POST /api/code` requests (coding is CPU-bound).
    pub coding: Arc<Semaphore>,
    /// One ingest request writes at a time.
    pub write_lock: Mutex<()>,
}

impl App {
    /// Opens the store read-only and checks the settings; errors name the input at fault.
    pub fn new(cfg: Config) -> Result<Arc<App>, String> {
        if cfg.allow_ingest && cfg.token.as_deref().map(str::trim).unwrap_or("").is_empty() {
            return Err("--allow-ingest needs a token: --token-file FILE or the DYAD_TOKEN environment variable".into());
        }
        let db = db::Db::open(&cfg.db, cfg.max_connections)?;
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1);
        Ok(Arc::new(App {
            db: Arc::new(db),
            cache: api::Cache::default(),
            coding: Arc::new(Semaphore::new(cores.clamp(1, 4))),
            write_lock: Mutex::new(()),
            cfg,
        }))
    }
}

/// All routes of the app.
pub fn router(app: Arc<App>) -> Router {
    let mut r = Router::new()
        .route("/", get(assets::index))
        .route("/index.html", get(assets::index))
        .route("/assets/{file}", get(assets::asset))
        .route("/favicon.ico", get(assets::favicon))
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/summary", get(api::summary))
        .route("/api/events", get(api::events))
        .route("/api/events/{id}", get(api::event))
        .route("/api/documents/{id}", get(api::document))
        .route("/api/actors", get(api::actors))
        .route("/api/dyads", get(api::dyads))
        .route("/api/dyad", get(api::dyad))
        .route("/api/timeline", get(api::timeline))
        .route("/api/clusters", get(api::clusters))
        .route("/api/clusters/{id}", get(api::cluster))
        .route("/api/code", post(api::code));
    if app.cfg.allow_ingest {
        r = r.route("/api/ingest", post(ingest::ingest));
    }
    r.fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            http::guard,
        ))
        .with_state(app)
}

/// Serves on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Arc<App>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(app))
        .with_graceful_shutdown(shutdown)
        .await
}

/// A server running on its own thread and runtime (for tests and embedding).
pub struct Running {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Starts a server on `addr` (port 0: any free port) on a background thread.
pub fn spawn(cfg: Config, addr: SocketAddr) -> Result<Running, String> {
    let app = App::new(cfg)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let listener = rt
        .block_on(tokio::net::TcpListener::bind(addr))
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        let _ = rt.block_on(serve(listener, app, async {
            let _ = rx.await;
        }));
    });
    Ok(Running {
        addr: bound,
        stop: Some(tx),
        thread: Some(thread),
    })
}

/// `dyad serve`: serves until Ctrl-C. `ready` is called with the bound address.
pub fn run(cfg: Config, addr: SocketAddr, ready: impl FnOnce(SocketAddr)) -> Result<(), String> {
    let app = App::new(cfg)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| format!("--addr {addr}: cannot listen: {e}"))?;
        let bound = listener.local_addr().map_err(|e| e.to_string())?;
        ready(bound);
        if app.db.version < dyad_store::SCHEMA_VERSION {
            eprintln!(
                "dyad serve: {}: schema version {} (current {}): served as it is (read-only); \
                 `dyad ingest` on it adds the newer indexes",
                app.db.path().display(),
                app.db.version,
                dyad_store::SCHEMA_VERSION
            );
        }
        tokio::spawn(api::warm(app.clone()));
        serve(listener, app, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| format!("server error: {e}"))
    })
}
