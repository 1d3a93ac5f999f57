//! The schema and its migrations.
//!
//! The database's `PRAGMA user_version` is the number of migrations applied. Opening a
//! store applies the missing ones in order, each in its own transaction together with the
//! new `user_version`, so an interrupted upgrade leaves the database at the previous version.
//! Migrations are append-only: never edit one that has shipped, add a new one.

use rusqlite::{Connection, TransactionBehavior};

use crate::Error;

/// Migration `i` brings the schema from version `i` to version `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // v1: documents, events, actor mentions, clusters, and their indexes.
    r#"
CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    hash         TEXT NOT NULL UNIQUE,      -- sha256 (hex) of the text with whitespace runs collapsed
    doc_key      TEXT NOT NULL,             -- the input's own id (JSONL id, file name, WARC record id)
    source       TEXT NOT NULL,             -- where it was read: path, path:line, path#record
    url          TEXT,
    outlet       TEXT,
    published    TEXT,                      -- YYYY-MM-DD
    language     TEXT,                      -- ISO 639-1
    title        TEXT,
    text         TEXT NOT NULL,             -- the normalised text; event offsets are characters into it
    n_events     INTEGER NOT NULL,          -- events coded from it (the events rows must match)
    ingested_at  TEXT NOT NULL              -- UTC, YYYY-MM-DDTHH:MM:SSZ
);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_outlet ON documents(outlet);

CREATE TABLE clusters (
    id           INTEGER PRIMARY KEY,
    event        TEXT NOT NULL,             -- PLOVER event type
    source_code  TEXT NOT NULL,             -- sorted, '|'-joined set of source actor codes ('' = none)
    target_code  TEXT NOT NULL,             -- same for targets
    event_date   TEXT,                      -- date of the cluster's first report; NULL: undated (singleton)
    day          INTEGER,                   -- event_date as days since 1970-01-01
    n_mentions   INTEGER NOT NULL,          -- events in the cluster
    n_documents  INTEGER NOT NULL,          -- distinct documents reporting it
    n_outlets    INTEGER NOT NULL           -- distinct outlets among those documents
);
CREATE INDEX clusters_key ON clusters(event, source_code, target_code, day);

-- the distinct outlets of each cluster (for n_outlets)
CREATE TABLE cluster_outlets (
    cluster_id   INTEGER NOT NULL REFERENCES clusters(id),
    outlet       TEXT NOT NULL,
    PRIMARY KEY (cluster_id, outlet)
) WITHOUT ROWID;

CREATE TABLE events (
    id                  INTEGER PRIMARY KEY,
    document_id         INTEGER NOT NULL REFERENCES documents(id),
    seq                 INTEGER NOT NULL,   -- position among the document's events
    event               TEXT NOT NULL,
    mode                TEXT,
    context             TEXT NOT NULL,      -- JSON array of strings
    cameo               TEXT NOT NULL,
    goldstein           REAL NOT NULL,
    quad                INTEGER NOT NULL,
    plover_score        REAL NOT NULL,
    negated             INTEGER NOT NULL,
    hypothetical        INTEGER NOT NULL,
    future              INTEGER NOT NULL,
    attribution         TEXT,               -- JSON object or NULL
    attribution_outlet  TEXT,
    attribution_speaker TEXT,               -- speaker's actor code
    event_date          TEXT,               -- YYYY-MM-DD
    date_precision      TEXT,
    date_text           TEXT,               -- JSON span or NULL
    sentence            INTEGER NOT NULL,
    trigger_text        TEXT NOT NULL,
    trigger_start       INTEGER NOT NULL,
    trigger_end         INTEGER NOT NULL,
    source              TEXT NOT NULL,      -- JSON array of actors
    target              TEXT NOT NULL,
    source_code         TEXT,               -- first (primary) source actor
    source_sector       TEXT,
    target_code         TEXT,
    target_sector       TEXT,
    rule                TEXT NOT NULL,      -- JSON array of rule names
    cluster_id          INTEGER NOT NULL REFERENCES clusters(id),
    UNIQUE (document_id, seq)
);
CREATE INDEX events_date ON events(event_date);
CREATE INDEX events_dyad ON events(source_code, target_code);
CREATE INDEX events_type ON events(event, event_date);
CREATE INDEX events_cameo ON events(cameo);
CREATE INDEX events_cluster ON events(cluster_id);

CREATE TABLE actor_mentions (
    id        INTEGER PRIMARY KEY,
    event_id  INTEGER NOT NULL REFERENCES events(id),
    role      TEXT NOT NULL CHECK (role IN ('source', 'target')),
    position  INTEGER NOT NULL,             -- index in the event's source/target list
    code      TEXT NOT NULL,
    sector    TEXT,
    name      TEXT,
    igo       TEXT,
    office    TEXT,
    text      TEXT NOT NULL,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL
);
CREATE INDEX actor_mentions_code ON actor_mentions(code, role, event_id);
CREATE INDEX actor_mentions_event ON actor_mentions(event_id);
"#,
    // v2: full-text search over documents. External-content FTS5 filled in bulk just before
    // each commit (see `index_pending`): inserting row by row (a trigger) would make FTS5 flush
    // its index at every statement inside a batch.
    r#"
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TABLE fts_progress (
    id    INTEGER PRIMARY KEY CHECK (id = 0),
    upto  INTEGER NOT NULL                  -- documents with id <= upto are indexed
);
INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');
INSERT INTO fts_progress (id, upto) SELECT 0, COALESCE(MAX(id), 0) FROM documents;
"#,
    // v3: a dyad's events in date order straight from an index (`dyad serve`: the dyad page and
    // `pair=` filter; 1M events: 100+ ms -> a few ms). It extends events_dyad, which it replaces,
    // so ingest maintains as many indexes as before.
    r#"
DROP INDEX IF EXISTS events_dyad;
CREATE INDEX events_dyad_date ON events(source_code, target_code, event_date);
"#,
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Adds the documents stored since the last call to the full-text index, in one statement.
/// Called inside the transaction that stored them, just before it commits (schema v2 on).
pub fn index_pending(conn: &Connection) -> Result<(), Error> {
    let upto: i64 = conn
        .prepare_cached("SELECT upto FROM fts_progress WHERE id = 0")?
        .query_row([], |r| r.get(0))?;
    let n = conn
        .prepare_cached("INSERT INTO documents_fts (rowid, title, text) SELECT id, title, text FROM documents WHERE id > ?1 ORDER BY id")?
        .execute([upto])?;
    if n > 0 {
        conn.prepare_cached(
            "UPDATE fts_progress SET upto = (SELECT MAX(id) FROM documents) WHERE id = 0",
        )?
        .execute([])?;
    }
    Ok(())
}

pub fn version(conn: &Connection) -> Result<i64, Error> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Applies the migrations after the database's version, up to `target` (at most
/// [`SCHEMA_VERSION`]). A database newer than this build is refused.
pub fn migrate(conn: &mut Connection, target: i64) -> Result<(), Error> {
    let target = target.min(SCHEMA_VERSION);
    let current = version(conn)?;
    if current > SCHEMA_VERSION {
        return Err(Error::NewerSchema {
            found: current,
            known: SCHEMA_VERSION,
        });
    }
    for v in current..target {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the write lock.
        let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now > v {
            tx.commit()?;
            continue;
        }
        tx.execute_batch(MIGRATIONS[v as usize])?;
        tx.execute_batch(&format!("PRAGMA user_version = {}", v + 1))?;
        tx.commit()?;
    }
    Ok(())
}
