//! dyad-store: the event store. "Here is a coded document; keep it once, with its events,
//! and link reports of the same event across articles."
//!
//! * One SQLite file (WAL mode) with the tables `documents`, `events`, `actor_mentions` and
//!   `clusters` (see [`schema`]); the schema is versioned with `PRAGMA user_version` and
//!   upgraded by ordered migrations when a store is opened.
//! * [`Store::add_document`] stores a document and all its events in ONE transaction: a
//!   process killed at any moment leaves either the whole document or nothing of it.
//!   Documents are keyed by the SHA-256 of their text with whitespace runs collapsed
//!   ([`content_hash`]): the same article read twice, from any file, is stored once.
//! * Cross-article clusters: an event joins the cluster with the same event type, the same
//!   set of source codes and the same set of target codes whose date (the date of its first
//!   report) is within ±`window_days` (default 1) of the event's date; the nearest such
//!   cluster wins, else a new cluster starts. Each cluster counts its mentions (events),
//!   documents and distinct outlets, like GDELT's NumMentions/NumArticles/NumSources.
//!   Undated events form clusters of their own.
//! * [`query`] selects events with bound parameters only; [`export`] writes them as PLOVER
//!   JSONL, CSV, the GDELT 2.0 event table layout, or a terminal table; [`parquet_out`] as
//!   Parquet.
//!
//! Durability: `synchronous = NORMAL` in WAL mode. A crashed or killed process loses nothing
//! that was committed; a power failure can lose the last commits but never corrupts the store.

pub mod export;
pub mod parquet_out;
pub mod query;
pub mod schema;

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use dyad_core::dates::Date;
use dyad_core::record::{ActorOut, EventOut};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use sha2::{Digest, Sha256};

pub use query::{EventRow, Filter};
pub use schema::SCHEMA_VERSION;

/// Default half-width of the clustering window, in days.
pub const DEFAULT_WINDOW_DAYS: i64 = 1;

#[derive(Debug)]
pub enum Error {
    Sqlite(rusqlite::Error),
    Json(serde_json::Error),
    /// The database was written by a newer dyad.
    NewerSchema {
        found: i64,
        known: i64,
    },
    /// `open_existing` on a path that holds no store.
    Missing(PathBuf),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Sqlite(e) => write!(f, "database error: {e}"),
            Error::Json(e) => write!(f, "JSON error: {e}"),
            Error::NewerSchema { found, known } => write!(
                f,
                "the store has schema version {found}, newer than this dyad knows ({known}); use a newer dyad"
            ),
            Error::Missing(p) => write!(f, "{}: no such store (create one with `dyad ingest`)", p.display()),
        }
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Sqlite(e)
    }
}

impl From<Error> for std::io::Error {
    fn from(e: Error) -> Self {
        std::io::Error::other(e.to_string())
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Json(e)
    }
}

/// A document to store. `text` must be the text the events' offsets refer to
/// (`dyad_core::text::normalize` of the input); `hash` is [`content_hash`] of it.
#[derive(Debug, Clone, Default)]
pub struct NewDocument<'a> {
    pub doc_key: &'a str,
    pub source: &'a str,
    pub url: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub published: Option<&'a str>,
    pub language: Option<&'a str>,
    pub title: Option<&'a str>,
    pub text: &'a str,
    pub hash: &'a str,
}

/// What [`Store::add_document`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// Stored as a new document with this id and number of events.
    New { id: i64, events: usize },
    /// A document with the same content hash was already stored (under this id).
    Duplicate { id: i64 },
}

/// Row counts of the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub documents: i64,
    pub events: i64,
    pub actor_mentions: i64,
    pub clusters: i64,
}

pub struct Store {
    conn: Connection,
    window_days: i64,
    /// The schema has the full-text index (v2 on).
    fts: bool,
}

/// SHA-256 (lower-case hex) of the text with every run of whitespace collapsed to one space
/// and leading/trailing whitespace dropped: reflowed copies of an article hash the same.
pub fn content_hash(text: &str) -> String {
    // Collapsed text comes in long pieces, hashed a piece at a time.
    let mut h = Sha256::new();
    dyad_core::text::collapse_whitespace(text, false, |piece| h.update(piece.as_bytes()));
    let digest = h.finalize();
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push(char::from_digit((b >> 4) as u32, 16).unwrap_or('0'));
        s.push(char::from_digit((b & 15) as u32, 16).unwrap_or('0'));
    }
    s
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (a trailing time part is allowed).
pub fn day_number(date: &str) -> Option<i64> {
    Date::parse(date).map(|d| d.day_number())
}

/// Now, UTC, as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let d = Date {
        year: 1970,
        month: 1,
        day: 1,
    }
    .add_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        d.to_string(),
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// The sorted, `|`-joined set of actor codes ("" when there is none).
pub fn code_set(actors: &[ActorOut]) -> String {
    let set: BTreeSet<&str> = actors.iter().map(|a| a.code.as_str()).collect();
    set.into_iter().collect::<Vec<_>>().join("|")
}

/// f32 -> f64 keeping the decimal the f32 prints as (2.8, not 2.799999952316284).
fn f32_to_f64(x: f32) -> f64 {
    if x.is_finite() {
        x.to_string().parse().unwrap_or(x as f64)
    } else {
        0.0
    }
}

impl Store {
    /// Opens (creating it if needed) the store at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, Error> {
        Self::setup(Connection::open(path)?, SCHEMA_VERSION)
    }

    /// Opens an existing store; [`Error::Missing`] when there is no file at `path`.
    pub fn open_existing(path: &Path) -> Result<Store, Error> {
        if !path.is_file() {
            return Err(Error::Missing(path.to_path_buf()));
        }
        Self::open(path)
    }

    /// A store in memory (tests, one-off runs).
    pub fn open_in_memory() -> Result<Store, Error> {
        Self::setup(Connection::open_in_memory()?, SCHEMA_VERSION)
    }

    /// Opens the store migrating only up to `version` (for migration tests).
    #[doc(hidden)]
    pub fn open_at_version(path: &Path, version: i64) -> Result<Store, Error> {
        Self::setup(Connection::open(path)?, version)
    }

    fn setup(mut conn: Connection, version: i64) -> Result<Store, Error> {
        conn.busy_timeout(Duration::from_secs(30))?;
        // journal_mode returns a row; in-memory databases answer "memory".
        let _: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        // Checkpoints (WAL -> database, with an fsync) every ~100 MB of WAL rather than SQLite's
        // 4 MB: a page written by several batches is copied once, and a bulk ingest syncs a few
        // times instead of every few hundred documents. Closing the store checkpoints the rest.
        conn.execute_batch(
            "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 25000;",
        )?;
        schema::migrate(&mut conn, version)?;
        let fts = schema::version(&conn)? >= 2;
        Ok(Store {
            conn,
            window_days: DEFAULT_WINDOW_DAYS,
            fts,
        })
    }

    /// Half-width, in days, of the window within which reports join a cluster.
    pub fn set_window_days(&mut self, days: i64) {
        self.window_days = days.max(0);
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    pub fn schema_version(&self) -> Result<i64, Error> {
        schema::version(&self.conn)
    }

    /// The id of the stored document with this content hash.
    pub fn find_hash(&self, hash: &str) -> Result<Option<i64>, Error> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM documents WHERE hash = ?1")?
            .query_row([hash], |r| r.get(0))
            .optional()?)
    }

    /// Starts a batch: the following [`Store::add_document`] calls share one transaction
    /// until [`Store::commit_batch`]. Documents stay whole: a crash loses the uncommitted
    /// documents of the batch entirely, and an error while storing one rolls the whole batch
    /// back. Batching saves most of the per-commit cost (each commit rewrites the touched
    /// pages of every index and flushes the full-text index).
    pub fn begin_batch(&mut self) -> Result<(), Error> {
        if self.conn.is_autocommit() {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
        }
        Ok(())
    }

    /// Commits the batch started by [`Store::begin_batch`] (nothing when none is open).
    pub fn commit_batch(&mut self) -> Result<(), Error> {
        if !self.conn.is_autocommit() {
            if let Err(e) = self.index_pending() {
                let _ = self.conn.execute_batch("ROLLBACK");
                return Err(e);
            }
            self.conn.execute_batch("COMMIT")?;
        }
        Ok(())
    }

    fn index_pending(&self) -> Result<(), Error> {
        if self.fts {
            schema::index_pending(&self.conn)?;
        }
        Ok(())
    }

    /// Abandons the open batch, if any: none of its documents are stored.
    pub fn rollback_batch(&mut self) -> Result<(), Error> {
        if !self.conn.is_autocommit() {
            self.conn.execute_batch("ROLLBACK")?;
        }
        Ok(())
    }

    /// Stores a document and its events atomically, assigning each event to its cluster.
    /// Outside a batch the document is its own transaction. Inside a batch it joins the
    /// batch's transaction, and an error rolls the whole batch back (so no part of a document
    /// is ever committed); the error is returned and no batch is open afterwards.
    /// A document whose hash is already stored is left alone ([`Added::Duplicate`]).
    pub fn add_document(&mut self, doc: &NewDocument, events: &[EventOut]) -> Result<Added, Error> {
        let window = self.window_days;
        if self.conn.is_autocommit() {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let added = insert_document(&tx, doc, events, window)?;
            if self.fts {
                schema::index_pending(&tx)?;
            }
            tx.commit()?;
            Ok(added)
        } else {
            // No savepoint per document: FTS5 flushes its index at every savepoint release.
            insert_document(&self.conn, doc, events, window).inspect_err(|_| {
                let _ = self.conn.execute_batch("ROLLBACK");
            })
        }
    }

    pub fn counts(&self) -> Result<Counts, Error> {
        let n = |t: &str| -> Result<i64, Error> {
            Ok(self
                .conn
                .query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))?)
        };
        Ok(Counts {
            documents: n("documents")?,
            events: n("events")?,
            actor_mentions: n("actor_mentions")?,
            clusters: n("clusters")?,
        })
    }

    /// SHA-256 of everything stored except ingestion times: two stores with the same digest
    /// hold the same documents, events, actor mentions and clusters under the same ids.
    pub fn content_digest(&self) -> Result<String, Error> {
        let tables: &[&str] = &[
            "SELECT id, hash, doc_key, source, url, outlet, published, language, title, text, n_events FROM documents ORDER BY id",
            "SELECT * FROM events ORDER BY id",
            "SELECT * FROM actor_mentions ORDER BY id",
            "SELECT * FROM clusters ORDER BY id",
            "SELECT * FROM cluster_outlets ORDER BY cluster_id, outlet",
        ];
        let mut h = Sha256::new();
        for sql in tables {
            let mut stmt = self.conn.prepare(sql)?;
            let n = stmt.column_count();
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                for i in 0..n {
                    h.update(
                        format!("{:?}\x1f", r.get::<_, rusqlite::types::Value>(i)?).as_bytes(),
                    );
                }
                h.update(b"\x1e");
            }
            h.update(b"\x1d");
        }
        Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Checks the store's invariants; returns one line per problem (empty: consistent).
    /// Every document has exactly `n_events` events, every event has its actor mentions and a
    /// cluster, cluster counts match their members, and SQLite's own checks pass.
    pub fn check(&self) -> Result<Vec<String>, Error> {
        let mut problems = Vec::new();
        let ic: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if ic != "ok" {
            problems.push(format!("integrity_check: {ic}"));
        }
        let checks: &[(&str, &str)] = &[
            (
                "document whose n_events differs from its events rows",
                "SELECT d.id || ' (' || d.doc_key || '): n_events ' || d.n_events || ', rows ' || COUNT(e.id)
                 FROM documents d LEFT JOIN events e ON e.document_id = d.id GROUP BY d.id HAVING COUNT(e.id) != d.n_events",
            ),
            (
                "event without its document",
                "SELECT e.id FROM events e LEFT JOIN documents d ON d.id = e.document_id WHERE d.id IS NULL",
            ),
            (
                "event without its cluster",
                "SELECT e.id FROM events e LEFT JOIN clusters c ON c.id = e.cluster_id WHERE c.id IS NULL",
            ),
            (
                "event whose actor_mentions rows differ from its actors",
                "SELECT e.id FROM events e WHERE json_array_length(e.source) + json_array_length(e.target)
                 != (SELECT COUNT(*) FROM actor_mentions m WHERE m.event_id = e.id)",
            ),
            (
                "actor mention without its event",
                "SELECT m.id FROM actor_mentions m LEFT JOIN events e ON e.id = m.event_id WHERE e.id IS NULL",
            ),
            (
                "cluster whose counts differ from its members",
                "SELECT c.id FROM clusters c WHERE
                    c.n_mentions != (SELECT COUNT(*) FROM events e WHERE e.cluster_id = c.id)
                 OR c.n_documents != (SELECT COUNT(DISTINCT e.document_id) FROM events e WHERE e.cluster_id = c.id)
                 OR c.n_outlets != (SELECT COUNT(DISTINCT d.outlet) FROM events e JOIN documents d ON d.id = e.document_id
                                    WHERE e.cluster_id = c.id)
                 OR c.n_mentions = 0",
            ),
        ];
        for (what, sql) in checks {
            let mut stmt = self.conn.prepare(sql)?;
            let rows = stmt.query_map([], |r| r.get::<_, rusqlite::types::Value>(0))?;
            for r in rows {
                let v = match r? {
                    rusqlite::types::Value::Integer(i) => i.to_string(),
                    rusqlite::types::Value::Text(t) => t,
                    other => format!("{other:?}"),
                };
                problems.push(format!("{what}: {v}"));
            }
        }
        if self.fts {
            let (upto, max): (i64, i64) = self.conn.query_row(
                "SELECT (SELECT upto FROM fts_progress WHERE id = 0), (SELECT COALESCE(MAX(id), 0) FROM documents)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if upto != max {
                problems.push(format!(
                    "full-text index covers documents up to {upto}, last document is {max}"
                ));
            }
            if let Err(e) = self.conn.execute(
                "INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)",
                [],
            ) {
                problems.push(format!("full-text index: {e}"));
            }
        }
        Ok(problems)
    }
}

/// The body of [`Store::add_document`], inside a transaction or savepoint.
fn insert_document(
    tx: &Connection,
    doc: &NewDocument,
    events: &[EventOut],
    window: i64,
) -> Result<Added, Error> {
    let inserted = tx
        .prepare_cached(
            "INSERT INTO documents (hash, doc_key, source, url, outlet, published, language, title, text, n_events, ingested_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT(hash) DO NOTHING",
        )?
        .execute(params![
            doc.hash,
            doc.doc_key,
            doc.source,
            doc.url,
            doc.outlet,
            doc.published,
            doc.language,
            doc.title,
            doc.text,
            events.len() as i64,
            utc_now()
        ])?;
    if inserted == 0 {
        let id: i64 = tx.query_row(
            "SELECT id FROM documents WHERE hash = ?1",
            [doc.hash],
            |r| r.get(0),
        )?;
        return Ok(Added::Duplicate { id });
    }
    let doc_id = tx.last_insert_rowid();
    // Each statement is fetched from the cache once per document, not once per row.
    let mut event_stmt = tx.prepare_cached(
        "INSERT INTO events (document_id, seq, event, mode, context, cameo, goldstein, quad, plover_score,
            negated, hypothetical, future, attribution, attribution_outlet, attribution_speaker,
            event_date, date_precision, date_text, sentence, trigger_text, trigger_start, trigger_end,
            source, target, source_code, source_sector, target_code, target_sector, rule, cluster_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
            ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30)",
    )?;
    let mut mention_stmt = tx.prepare_cached(
        "INSERT INTO actor_mentions (event_id, role, position, code, sector, name, igo, office, text, start, \"end\")
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    let mut clusters = Clusters::new(tx, window, doc.outlet)?;
    // this document's events per cluster: (cluster id, events, created by this document)
    let mut touched: Vec<(i64, i64, bool)> = Vec::new();
    // JSON columns are written into buffers reused across the document's events.
    let mut json = JsonBufs::default();
    for (seq, e) in events.iter().enumerate() {
        let (cluster, created) = clusters.assign(e)?;
        match touched.iter_mut().find(|(c, _, _)| *c == cluster) {
            Some((_, n, _)) => *n += 1,
            None => touched.push((cluster, 1, created)),
        }
        let att = e.attribution.as_ref();
        json.fill(e)?;
        event_stmt.execute(params![
            doc_id,
            seq as i64,
            e.event,
            e.mode,
            json.get(0),
            e.cameo,
            f32_to_f64(e.goldstein),
            e.quad as i64,
            f32_to_f64(e.plover_score),
            e.negated,
            e.hypothetical,
            e.future,
            att.map(|_| json.get(1)),
            att.and_then(|a| a.outlet.as_ref()).map(|o| o.name.as_str()),
            att.and_then(|a| a.speaker.as_ref())
                .and_then(|s| s.code.as_deref()),
            e.event_date,
            e.date_precision,
            e.date_text.as_ref().map(|_| json.get(2)),
            e.sentence as i64,
            e.trigger.text,
            e.trigger.start as i64,
            e.trigger.end as i64,
            json.get(3),
            json.get(4),
            e.source.first().map(|a| a.code.as_str()),
            e.source.first().and_then(|a| a.sector.as_deref()),
            e.target.first().map(|a| a.code.as_str()),
            e.target.first().and_then(|a| a.sector.as_deref()),
            json.get(5),
            cluster,
        ])?;
        let event_id = tx.last_insert_rowid();
        for (role, actors) in [("source", &e.source), ("target", &e.target)] {
            for (i, a) in actors.iter().enumerate() {
                mention_stmt.execute(params![
                    event_id,
                    role,
                    i as i64,
                    a.code,
                    a.sector,
                    a.name,
                    a.igo,
                    a.office,
                    a.text,
                    a.start as i64,
                    a.end as i64
                ])?;
            }
        }
    }
    // Counts kept incrementally (a join per cluster would cost more than the inserts): the
    // document is new, so it adds one document to each cluster it touches, and one outlet
    // when its outlet is new to the cluster. A cluster this document created already holds
    // one mention, this document and its outlet.
    for (c, n, created) in touched {
        if created {
            if n > 1 {
                tx.prepare_cached("UPDATE clusters SET n_mentions = ?2 WHERE id = ?1")?
                    .execute(params![c, n])?;
            }
            continue;
        }
        let new_outlet = match doc.outlet {
            Some(o) => tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO cluster_outlets (cluster_id, outlet) VALUES (?1, ?2)",
                )?
                .execute(params![c, o])?,
            None => 0,
        };
        tx.prepare_cached(
            "UPDATE clusters SET n_mentions = n_mentions + ?2, n_documents = n_documents + 1, n_outlets = n_outlets + ?3
             WHERE id = ?1",
        )?
        .execute(params![c, n, new_outlet as i64])?;
    }
    Ok(Added::New {
        id: doc_id,
        events: events.len(),
    })
}

/// An event's JSON columns (context, attribution, date text, source, target, rule),
/// serialised into buffers that keep their capacity from one event to the next.
#[derive(Default)]
struct JsonBufs([Vec<u8>; 6]);

impl JsonBufs {
    fn fill(&mut self, e: &EventOut) -> Result<(), Error> {
        for b in &mut self.0 {
            b.clear();
        }
        serde_json::to_writer(&mut self.0[0], &e.context)?;
        if let Some(a) = &e.attribution {
            serde_json::to_writer(&mut self.0[1], a)?;
        }
        if let Some(d) = &e.date_text {
            serde_json::to_writer(&mut self.0[2], d)?;
        }
        serde_json::to_writer(&mut self.0[3], &e.source)?;
        serde_json::to_writer(&mut self.0[4], &e.target)?;
        serde_json::to_writer(&mut self.0[5], &e.rule)?;
        Ok(())
    }

    /// Buffer `i` as text (serde_json writes UTF-8).
    fn get(&self, i: usize) -> &str {
        std::str::from_utf8(&self.0[i]).unwrap_or("null")
    }
}

/// Cluster assignment for one document's events, with its statements prepared once.
struct Clusters<'c> {
    tx: &'c Connection,
    find: rusqlite::CachedStatement<'c>,
    create: rusqlite::CachedStatement<'c>,
    add_outlet: Option<(rusqlite::CachedStatement<'c>, &'c str)>,
    window: i64,
}

impl<'c> Clusters<'c> {
    fn new(tx: &'c Connection, window: i64, outlet: Option<&'c str>) -> Result<Self, Error> {
        Ok(Clusters {
            tx,
            // Bounds computed here, not in SQL: an expression over parameters (`?4 - ?5`)
            // makes SQLite re-prepare the statement at every new binding.
            find: tx.prepare_cached(
                "SELECT id, day FROM clusters WHERE event = ?1 AND source_code = ?2 AND target_code = ?3
                   AND day BETWEEN ?4 AND ?5",
            )?,
            create: tx.prepare_cached(
                "INSERT INTO clusters (event, source_code, target_code, event_date, day, n_mentions, n_documents, n_outlets)
                 VALUES (?1, ?2, ?3, ?4, ?5, 1, 1, ?6)",
            )?,
            add_outlet: match outlet {
                Some(o) => Some((
                    tx.prepare_cached(
                        "INSERT INTO cluster_outlets (cluster_id, outlet) VALUES (?1, ?2)",
                    )?,
                    o,
                )),
                None => None,
            },
            window,
        })
    }

    /// The cluster for an event: the nearest-dated cluster with the same key within the
    /// window, else a new one holding this event, its document and outlet. Returns the id and
    /// whether it was created.
    fn assign(&mut self, e: &EventOut) -> Result<(i64, bool), Error> {
        let (src, tgt) = (code_set(&e.source), code_set(&e.target));
        let day = e.event_date.as_deref().and_then(day_number);
        if let Some(d) = day {
            let w = self.window;
            let rows = self
                .find
                .query_map(params![e.event, src, tgt, d - w, d + w], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
                })?;
            let mut best: Option<(i64, i64)> = None; // (distance, id)
            for r in rows {
                let (id, day) = r?;
                let cand = ((day - d).abs(), id);
                if best.is_none_or(|b| cand < b) {
                    best = Some(cand);
                }
            }
            if let Some((_, id)) = best {
                return Ok((id, false));
            }
        }
        let event_date = day.and(e.event_date.as_deref()).map(|s| &s[..10]);
        let n_outlets = i64::from(self.add_outlet.is_some());
        self.create
            .execute(params![e.event, src, tgt, event_date, day, n_outlets])?;
        let id = self.tx.last_insert_rowid();
        if let Some((stmt, outlet)) = &mut self.add_outlet {
            stmt.execute(params![id, *outlet])?;
        }
        Ok((id, true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_ignores_whitespace_layout() {
        assert_eq!(content_hash("a  b\n\nc "), content_hash(" a b c"));
        assert_ne!(content_hash("a b c"), content_hash("a b d"));
        assert_eq!(content_hash("").len(), 64);
    }

    /// The hash is of the words joined by single spaces, words as `split_whitespace` finds
    /// them (stored hashes must not change): the byte-level scanner agrees on Unicode spaces.
    #[test]
    fn hash_matches_split_whitespace_reference() {
        fn reference(text: &str) -> String {
            let mut h = Sha256::new();
            h.update(
                text.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .as_bytes(),
            );
            h.finalize().iter().map(|b| format!("{b:02x}")).collect()
        }
        for t in [
            "",
            "   ",
            "a",
            " a\u{0b}b\u{0c}c\r\nd\te ",
            "caf\u{e9}\u{a0}na\u{ef}ve\u{2003}\u{3000}\u{85}end",
            "\u{1c}x\u{1f}y",
            "\u{1F600} \u{1F600}\u{2028}\u{200b}z",
            "Moscow  (Reuters) \u{2014} Iran\u{2019}s\n\nminister",
        ] {
            assert_eq!(content_hash(t), reference(t), "{t:?}");
        }
    }

    #[test]
    fn day_numbers() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2019-04-10"), Some(17996));
        assert_eq!(
            day_number("2019-03-01").unwrap() - day_number("2019-02-28").unwrap(),
            1
        );
        assert_eq!(day_number("2019-13-01"), None);
    }

    #[test]
    fn now_is_formatted() {
        let n = utc_now();
        assert_eq!(n.len(), 20, "{n}");
        assert!(n.ends_with('Z'));
    }
}
