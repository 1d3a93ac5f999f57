//! Read-only SQLite connections, pooled, used on tokio's blocking threads. A query that runs
//! past its budget is interrupted (`sqlite3_interrupt`), so a slow request cannot keep a
//! thread and a connection busy after its client has been answered.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use tokio::sync::Semaphore;

use crate::http::ApiError;

pub struct Db {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
    permits: Arc<Semaphore>,
    /// Schema version of the store (PRAGMA user_version) when the server started.
    pub version: i64,
    /// The store has the full-text index (schema v2 on).
    pub fts: bool,
}

/// Opens a read-only connection tuned for reading.
fn connect(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::from_secs(5))?;
    // query_only: even a statement that would write is refused. mmap: pages are read from the
    // OS page cache without copying. A larger page cache per connection (32 MiB).
    conn.execute_batch(
        "PRAGMA query_only = 1; PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -32768;",
    )?;
    Ok(conn)
}

impl Db {
    /// Opens the store at `path` read-only; errors name the path.
    pub fn open(path: &Path, max_connections: usize) -> Result<Db, String> {
        let shown = path.display();
        if !path.is_file() {
            return Err(format!(
                "{shown}: no such store (create one with `dyad ingest FILES --db {shown}`)"
            ));
        }
        let conn = connect(path).map_err(|e| format!("{shown}: cannot open the store: {e}"))?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| format!("{shown}: not an SQLite database or unreadable: {e}"))?;
        let has_events: bool = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'events'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n > 0)
            .map_err(|e| format!("{shown}: not an SQLite database or unreadable: {e}"))?;
        if version < 1 || !has_events {
            return Err(format!(
                "{shown}: not a dyad store (no events table); create one with `dyad ingest`"
            ));
        }
        if version > dyad_store::SCHEMA_VERSION {
            return Err(format!(
                "{shown}: the store has schema version {version}, newer than this dyad knows ({}); use a newer dyad",
                dyad_store::SCHEMA_VERSION
            ));
        }
        Ok(Db {
            path: path.to_path_buf(),
            idle: Mutex::new(vec![conn]),
            permits: Arc::new(Semaphore::new(max_connections.max(1))),
            version,
            fts: version >= 2,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on a pooled read-only connection on a blocking thread, interrupting it after
    /// `budget`.
    pub async fn run<T, F>(self: &Arc<Self>, budget: Duration, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, ApiError> + Send + 'static,
    {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ApiError::internal("the connection pool is closed"))?;
        let pooled = self
            .idle
            .lock()
            .map_err(|_| ApiError::internal("connection pool poisoned"))?
            .pop();
        let conn = match pooled {
            Some(c) => c,
            None => {
                let path = self.path.clone();
                tokio::task::spawn_blocking(move || connect(&path))
                    .await
                    .map_err(|e| ApiError::internal(format!("opening a connection: {e}")))??
            }
        };
        let interrupt = conn.get_interrupt_handle();
        let task = tokio::task::spawn_blocking(move || {
            let r = f(&conn);
            drop(permit);
            (conn, r)
        });
        // The task keeps running if this future is dropped (request timeout): the interrupt
        // below is what ends it, so it is armed independently of this future. The connection
        // goes back to the pool only after the timer is cancelled, so a late interrupt can
        // never hit another request's query.
        let timer = tokio::spawn(async move {
            tokio::time::sleep(budget).await;
            interrupt.interrupt();
        });
        let done = task.await;
        timer.abort();
        let _ = timer.await;
        let (conn, r) = done.map_err(|e| ApiError::internal(format!("query task failed: {e}")))?;
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(conn);
        }
        r
    }
}
