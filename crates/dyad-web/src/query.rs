//! The read-side SQL of the web API: event filters, pages of events, aggregates (time line,
//! actors, dyads, a dyad's series), clusters and documents. Every value from a request is a
//! bound parameter; the SQL text is built only from fixed fragments.

use std::collections::BTreeMap;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use serde_json::{json, Map, Value as Json};

use crate::http::ApiError;
use crate::params::{actor_code, is_date_prefix, shown, Params};

/// The 16 PLOVER event types, in the ontology's order (one list, the lexicon's).
pub use dyad_core::lexicon::EVENTS as EVENT_TYPES;

/// The filter parameters every event endpoint accepts.
pub const FILTER_PARAMS: &[&str] = &[
    "source",
    "target",
    "actor",
    "pair",
    "event",
    "quad",
    "from",
    "to",
    "text",
    "negated",
    "hypothetical",
    "future",
    "outlet",
    "document",
    "cluster",
];

/// Which events. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub source: Option<String>,
    pub target: Option<String>,
    pub actor: Option<String>,
    /// Primary source and target codes, either direction.
    pub pair: Option<(String, String)>,
    pub types: Vec<String>,
    pub cameo_prefixes: Vec<String>,
    pub quads: Vec<i64>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub text: Option<String>,
    pub negated: Option<bool>,
    pub hypothetical: Option<bool>,
    pub future: Option<bool>,
    pub outlet: Option<String>,
    pub document: Option<i64>,
    pub cluster: Option<i64>,
}

fn list(v: &str) -> impl Iterator<Item = &str> {
    v.split(',').map(str::trim).filter(|s| !s.is_empty())
}

impl EventFilter {
    /// Reads the filter parameters. `asserted_default`: when `negated`/`hypothetical` are not
    /// given, only asserted events (neither negated nor hypothetical) are selected.
    pub fn parse(p: &Params, asserted_default: bool, fts: bool) -> Result<EventFilter, ApiError> {
        let mut f = EventFilter {
            source: p.code("source")?,
            target: p.code("target")?,
            actor: p.code("actor")?,
            from: p.date("from")?,
            to: p.date("to")?,
            negated: p.tristate("negated")?,
            hypothetical: p.tristate("hypothetical")?,
            future: p.tristate("future")?,
            document: p.int("document", 1, i64::MAX)?,
            cluster: p.int("cluster", 1, i64::MAX)?,
            ..EventFilter::default()
        };
        if asserted_default {
            if !p.is_set("negated") {
                f.negated = Some(false);
            }
            if !p.is_set("hypothetical") {
                f.hypothetical = Some(false);
            }
        }
        if let Some(v) = p.get("pair") {
            let codes: Vec<&str> = list(v).collect();
            if codes.len() != 2 {
                return Err(ApiError::bad(format!(
                    "parameter 'pair': expected two actor codes such as IRN,RUS, got {}",
                    shown(v)
                )));
            }
            f.pair = Some((actor_code("pair", codes[0])?, actor_code("pair", codes[1])?));
        }
        if let Some(v) = p.get("event") {
            for t in list(v) {
                if t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()) {
                    f.cameo_prefixes.push(t.to_string());
                } else if let Some(ty) = EVENT_TYPES.iter().find(|e| e.eq_ignore_ascii_case(t)) {
                    f.types.push(ty.to_string());
                } else {
                    return Err(ApiError::bad(format!(
                        "parameter 'event': expected PLOVER event types ({}) or CAMEO code prefixes, got {}",
                        EVENT_TYPES.join(" "),
                        shown(t)
                    )));
                }
            }
        }
        if let Some(v) = p.get("quad") {
            for q in list(v) {
                match q.parse::<i64>() {
                    Ok(n @ 1..=4) => f.quads.push(n),
                    _ => {
                        return Err(ApiError::bad(format!(
                        "parameter 'quad': expected 1, 2, 3 or 4 (or a list such as 3,4), got {}",
                        shown(q)
                    )))
                    }
                }
            }
        }
        if let Some(v) = p.get("text") {
            if !fts {
                return Err(ApiError::bad("parameter 'text': this store has no full-text index (schema older than v2); run `dyad ingest` on it to upgrade"));
            }
            if v.chars().count() > 200 {
                return Err(ApiError::bad("parameter 'text': at most 200 characters"));
            }
            f.text = dyad_store::query::fts_query(v);
            if f.text.is_none() {
                return Err(ApiError::bad(format!(
                    "parameter 'text': no word to search for in {}",
                    shown(v)
                )));
            }
        }
        if let Some(v) = p.get("outlet") {
            if v.chars().count() > 200 {
                return Err(ApiError::bad("parameter 'outlet': at most 200 characters"));
            }
            f.outlet = Some(v.to_string());
        }
        Ok(f)
    }

    /// Appends ` AND ...` conditions on `events e` (no other table is referenced), every
    /// set-valued filter in the form that lets SQLite drive the query from it.
    pub fn push_sql(&self, sql: &mut String, p: &mut Vec<Value>) {
        self.push_sql_driven(sql, p, Driver::Any)
    }

    /// As [`EventFilter::push_sql`], with only `driver` in the form SQLite can drive from
    /// (an `IN` list on an indexed column); the other set filters become per-row checks, so
    /// that the scan follows the date index (the result order). See [`choose_driver`].
    pub fn push_sql_driven(&self, sql: &mut String, p: &mut Vec<Value>, driver: Driver) {
        let drive = |d: Driver| driver == Driver::Any || driver == d;
        let mut bind = |sql: &mut String, clause: &str, vals: Vec<Value>| {
            // each `?` of the clause, left to right, becomes the number of its value
            let mut vals = vals.into_iter();
            for ch in clause.chars() {
                if ch == '?' {
                    p.push(vals.next().unwrap_or(Value::Null));
                    sql.push_str(&format!("?{}", p.len()));
                } else {
                    sql.push(ch);
                }
            }
        };
        for (v, role, d) in [
            (&self.source, " AND role = 'source'", Driver::Source),
            (&self.target, " AND role = 'target'", Driver::Target),
            (&self.actor, "", Driver::Actor),
        ] {
            if let Some(s) = v {
                let clause = if drive(d) {
                    format!(
                        " AND e.id IN (SELECT event_id FROM actor_mentions WHERE code = ?{role})"
                    )
                } else {
                    // the role is always constrained so that the (code, role, event_id) index
                    // answers the check with one seek per role
                    let role = if role.is_empty() {
                        " AND m.role IN ('source', 'target')".to_string()
                    } else {
                        role.replace("role", "m.role")
                    };
                    format!(" AND EXISTS (SELECT 1 FROM actor_mentions m WHERE m.code = ?{role} AND m.event_id = e.id)")
                };
                bind(sql, &clause, vec![Value::Text(s.clone())]);
            }
        }
        if let Some((a, b)) = &self.pair {
            let clause = if drive(Driver::Pair) {
                " AND ((e.source_code = ? AND e.target_code = ?) OR (e.source_code = ? AND e.target_code = ?))"
            } else {
                " AND ((+e.source_code = ? AND +e.target_code = ?) OR (+e.source_code = ? AND +e.target_code = ?))"
            };
            bind(
                sql,
                clause,
                vec![
                    Value::Text(a.clone()),
                    Value::Text(b.clone()),
                    Value::Text(b.clone()),
                    Value::Text(a.clone()),
                ],
            );
        }
        if !self.types.is_empty() || !self.cameo_prefixes.is_empty() {
            let mut parts = Vec::new();
            let mut vals = Vec::new();
            if !self.types.is_empty() {
                parts.push(format!(
                    "e.event IN ({})",
                    vec!["?"; self.types.len()].join(", ")
                ));
                vals.extend(self.types.iter().map(|t| Value::Text(t.clone())));
            }
            for c in &self.cameo_prefixes {
                parts.push("e.cameo LIKE ?".to_string());
                vals.push(Value::Text(format!("{c}%")));
            }
            bind(sql, &format!(" AND ({})", parts.join(" OR ")), vals);
        }
        if !self.quads.is_empty() {
            let clause = format!(
                " AND e.quad IN ({})",
                vec!["?"; self.quads.len()].join(", ")
            );
            bind(
                sql,
                &clause,
                self.quads.iter().map(|q| Value::Integer(*q)).collect(),
            );
        }
        if let Some(d) = &self.from {
            bind(sql, " AND e.event_date >= ?", vec![Value::Text(d.clone())]);
        }
        if let Some(d) = &self.to {
            bind(
                sql,
                " AND e.event_date <= ?",
                vec![Value::Text(upper_bound(d))],
            );
        }
        if let Some(q) = &self.text {
            let lhs = if drive(Driver::Text) {
                "e.document_id"
            } else {
                "+e.document_id"
            };
            bind(
                sql,
                &format!(
                    " AND {lhs} IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)"
                ),
                vec![Value::Text(q.clone())],
            );
        }
        for (col, v) in [
            ("negated", self.negated),
            ("hypothetical", self.hypothetical),
            ("future", self.future),
        ] {
            if let Some(b) = v {
                sql.push_str(&format!(" AND e.{col} = {}", b as i32));
            }
        }
        if let Some(o) = &self.outlet {
            let lhs = if drive(Driver::Outlet) {
                "e.document_id"
            } else {
                "+e.document_id"
            };
            bind(
                sql,
                &format!(" AND {lhs} IN (SELECT id FROM documents WHERE outlet = ?)"),
                vec![Value::Text(o.clone())],
            );
        }
        if let Some(d) = self.document {
            bind(sql, " AND e.document_id = ?", vec![Value::Integer(d)]);
        }
        if let Some(c) = self.cluster {
            bind(sql, " AND e.cluster_id = ?", vec![Value::Integer(c)]);
        }
    }
}

/// Which filter a page of events is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Driver {
    /// Every set filter may drive (aggregates: SQLite picks).
    Any,
    /// The date index, in result order; set filters are checked row by row.
    Date,
    Source,
    Target,
    Actor,
    Pair,
    Text,
    Outlet,
}

/// Below this many matching events a set filter drives the query (read its events, sort
/// them); above it, walking the date index in result order and checking each row finds a page
/// sooner (at 1% selectivity a page of 50 is about 5,000 rows away).
const DRIVE_BELOW: i64 = 5_000;
/// Events per document, to compare document sets (text, outlet) with event sets.
const EVENTS_PER_DOCUMENT: i64 = 9;

/// Picks the driver of a page query from capped counts of each set filter's matches (each
/// count reads at most [`DRIVE_BELOW`] index entries). Small sets drive; when every set is
/// large, the date index drives.
pub fn choose_driver(conn: &Connection, f: &EventFilter) -> Result<Driver, ApiError> {
    if f.document.is_some() || f.cluster.is_some() {
        return Ok(Driver::Any);
    }
    let count = |sql: &str, vals: Vec<Value>| -> Result<i64, ApiError> {
        let sql = format!("SELECT COUNT(*) FROM ({sql} LIMIT {DRIVE_BELOW})");
        Ok(conn
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(vals.iter()), |r| r.get(0))?)
    };
    let mut best: Option<(i64, Driver)> = None;
    let mut consider = |n: i64, d: Driver| {
        if n < DRIVE_BELOW && best.is_none_or(|(m, _)| n < m) {
            best = Some((n, d));
        }
    };
    let t = |s: &String| Value::Text(s.clone());
    if let Some(s) = &f.source {
        consider(
            count(
                "SELECT 1 FROM actor_mentions WHERE code = ?1 AND role = 'source'",
                vec![t(s)],
            )?,
            Driver::Source,
        );
    }
    if let Some(s) = &f.target {
        consider(
            count(
                "SELECT 1 FROM actor_mentions WHERE code = ?1 AND role = 'target'",
                vec![t(s)],
            )?,
            Driver::Target,
        );
    }
    if let Some(s) = &f.actor {
        consider(
            count("SELECT 1 FROM actor_mentions WHERE code = ?1", vec![t(s)])?,
            Driver::Actor,
        );
    }
    if let Some((a, b)) = &f.pair {
        let n = count(
            "SELECT 1 FROM events WHERE source_code = ?1 AND target_code = ?2 UNION ALL SELECT 1 FROM events WHERE source_code = ?2 AND target_code = ?1",
            vec![t(a), t(b)],
        )?;
        consider(n, Driver::Pair);
    }
    if let Some(q) = &f.text {
        let n = count(
            "SELECT 1 FROM documents_fts WHERE documents_fts MATCH ?1",
            vec![t(q)],
        )?;
        consider(
            if n >= DRIVE_BELOW {
                DRIVE_BELOW
            } else {
                n * EVENTS_PER_DOCUMENT
            },
            Driver::Text,
        );
    }
    if let Some(o) = &f.outlet {
        let n = count("SELECT 1 FROM documents WHERE outlet = ?1", vec![t(o)])?;
        consider(
            if n >= DRIVE_BELOW {
                DRIVE_BELOW
            } else {
                n * EVENTS_PER_DOCUMENT
            },
            Driver::Outlet,
        );
    }
    Ok(best.map(|(_, d)| d).unwrap_or(Driver::Date))
}

/// The end of a date range given as a prefix (`2019-04` -> `2019-04-99`).
fn upper_bound(to: &str) -> String {
    match to.len() {
        4 | 7 => format!("{to}-99"),
        _ => to.to_string(),
    }
}

const EVENT_COLUMNS: &str = "e.id, e.document_id, e.seq, e.event, e.mode, e.context, e.cameo, e.goldstein, e.quad, e.plover_score,
    e.negated, e.hypothetical, e.future, e.attribution, e.event_date, e.date_precision, e.date_text, e.sentence,
    e.trigger_text, e.trigger_start, e.trigger_end, e.source, e.target, e.rule, e.cluster_id,
    c.n_mentions, c.n_documents, c.n_outlets, d.doc_key, d.title, d.url, d.outlet, d.published";

const EVENT_FROM: &str =
    "FROM events e JOIN documents d ON d.id = e.document_id JOIN clusters c ON c.id = e.cluster_id";

fn parse_json(s: Option<String>) -> Json {
    s.and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or(Json::Null)
}

/// One event as the API returns it (the shape of `dyad code`'s events plus ids, document and
/// cluster).
fn event_json(r: &rusqlite::Row) -> rusqlite::Result<Json> {
    Ok(json!({
        "id": r.get::<_, i64>(0)?,
        "document": {
            "id": r.get::<_, i64>(1)?,
            "key": r.get::<_, String>(28)?,
            "title": r.get::<_, Option<String>>(29)?,
            "url": r.get::<_, Option<String>>(30)?,
            "outlet": r.get::<_, Option<String>>(31)?,
            "published": r.get::<_, Option<String>>(32)?,
        },
        "seq": r.get::<_, i64>(2)?,
        "event": r.get::<_, String>(3)?,
        "mode": r.get::<_, Option<String>>(4)?,
        "context": parse_json(r.get(5)?),
        "cameo": r.get::<_, String>(6)?,
        "goldstein": r.get::<_, f64>(7)?,
        "quad": r.get::<_, i64>(8)?,
        "plover_score": r.get::<_, f64>(9)?,
        "negated": r.get::<_, bool>(10)?,
        "hypothetical": r.get::<_, bool>(11)?,
        "future": r.get::<_, bool>(12)?,
        "attribution": parse_json(r.get(13)?),
        "event_date": r.get::<_, Option<String>>(14)?,
        "date_precision": r.get::<_, Option<String>>(15)?,
        "date_text": parse_json(r.get(16)?),
        "sentence": r.get::<_, i64>(17)?,
        "trigger": {"text": r.get::<_, String>(18)?, "start": r.get::<_, i64>(19)?, "end": r.get::<_, i64>(20)?},
        "source": parse_json(r.get(21)?),
        "target": parse_json(r.get(22)?),
        "rule": parse_json(r.get(23)?),
        "cluster": {
            "id": r.get::<_, i64>(24)?,
            "n_mentions": r.get::<_, i64>(25)?,
            "n_documents": r.get::<_, i64>(26)?,
            "n_outlets": r.get::<_, i64>(27)?,
        },
    }))
}

fn collect_events(conn: &Connection, sql: &str, p: &[Value]) -> Result<Vec<Json>, ApiError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(p.iter()), event_json)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Where a page of events starts: after this (date, id) in the order date DESC, id DESC.
#[derive(Debug, Clone, PartialEq)]
pub enum Cursor {
    Dated(String, i64),
    Undated(i64),
}

impl Cursor {
    pub fn parse(v: &str) -> Result<Cursor, ApiError> {
        let bad = || {
            ApiError::bad(format!(
                "parameter 'cursor': not a cursor returned by this API: {}",
                shown(v)
            ))
        };
        if let Some(rest) = v.strip_prefix('n') {
            return rest.parse().map(Cursor::Undated).map_err(|_| bad());
        }
        let rest = v.strip_prefix('d').ok_or_else(bad)?;
        let (d, id) = rest.split_once('_').ok_or_else(bad)?;
        if d.len() != 10 || !is_date_prefix(d) {
            return Err(bad());
        }
        Ok(Cursor::Dated(d.to_string(), id.parse().map_err(|_| bad())?))
    }

    fn of(ev: &Json) -> Option<String> {
        let id = ev["id"].as_i64()?;
        Some(match ev["event_date"].as_str() {
            Some(d) if d.len() >= 10 && is_date_prefix(&d[..10]) => format!("d{}_{id}", &d[..10]),
            _ => format!("n{id}"),
        })
    }
}

/// A page of events, newest event date first. Returns the events and the cursor of the next page.
pub fn events_page(
    conn: &Connection,
    f: &EventFilter,
    cursor: Option<&Cursor>,
    offset: i64,
    limit: i64,
) -> Result<(Vec<Json>, Option<String>), ApiError> {
    let driver = choose_driver(conn, f)?;
    events_page_with(conn, f, cursor, offset, limit, driver)
}

/// [`events_page`] with a given driver (every driver gives the same page; tests compare them).
pub fn events_page_with(
    conn: &Connection,
    f: &EventFilter,
    cursor: Option<&Cursor>,
    offset: i64,
    limit: i64,
    driver: Driver,
) -> Result<(Vec<Json>, Option<String>), ApiError> {
    // Two phases: the ids of the page (a query that touches as little as possible: for a
    // pair, each direction walks its (source, target, date) index backwards and stops after
    // the page), then the full rows of those ids.
    let run = |extra: &str, extra_p: Vec<Value>, n: i64| -> Result<Vec<Json>, ApiError> {
        let mut p: Vec<Value> = Vec::new();
        let branch = |p: &mut Vec<Value>, dir: Option<(&String, &String)>| -> String {
            let mut w =
                String::from("SELECT e.id AS id, e.event_date AS d FROM events e WHERE 1 = 1");
            match dir {
                Some((a, b)) => {
                    p.push(Value::Text(a.clone()));
                    p.push(Value::Text(b.clone()));
                    w.push_str(&format!(
                        " AND e.source_code = ?{} AND e.target_code = ?{}",
                        p.len() - 1,
                        p.len()
                    ));
                    let mut g = f.clone();
                    g.pair = None;
                    g.push_sql_driven(&mut w, p, Driver::Date);
                }
                None => f.push_sql_driven(&mut w, p, driver),
            }
            let mut vals = extra_p.iter().cloned();
            let mut parts = extra.split("?!");
            w.push_str(parts.next().unwrap_or(""));
            for part in parts {
                p.push(vals.next().unwrap_or(Value::Null));
                w.push_str(&format!("?{}", p.len()));
                w.push_str(part);
            }
            w.push_str(&format!(
                " ORDER BY e.event_date DESC, e.id DESC LIMIT {}",
                n + offset
            ));
            w
        };
        let ids = match (&f.pair, driver) {
            (Some((a, b)), Driver::Pair) => {
                let b1 = branch(&mut p, Some((a, b)));
                let b2 = branch(&mut p, Some((b, a)));
                format!("SELECT id FROM (SELECT * FROM ({b1}) UNION ALL SELECT * FROM ({b2})) ORDER BY d DESC, id DESC LIMIT {n} OFFSET {offset}")
            }
            _ => {
                let b = branch(&mut p, None);
                format!("SELECT id FROM ({b}) LIMIT {n} OFFSET {offset}")
            }
        };
        let sql = format!("SELECT {EVENT_COLUMNS} {EVENT_FROM} WHERE e.id IN ({ids}) ORDER BY e.event_date DESC, e.id DESC");
        collect_events(conn, &sql, &p)
    };
    let want = limit + 1;
    let mut rows = match cursor {
        None => run("", vec![], want)?,
        Some(Cursor::Dated(d, id)) => {
            let mut rows = run(
                " AND e.event_date <= ?! AND (e.event_date < ?! OR e.id < ?!)",
                vec![
                    Value::Text(d.clone()),
                    Value::Text(d.clone()),
                    Value::Integer(*id),
                ],
                want,
            )?;
            if (rows.len() as i64) < want {
                let more = run(
                    " AND e.event_date IS NULL",
                    vec![],
                    want - rows.len() as i64,
                )?;
                rows.extend(more);
            }
            rows
        }
        Some(Cursor::Undated(id)) => run(
            " AND e.event_date IS NULL AND e.id < ?!",
            vec![Value::Integer(*id)],
            want,
        )?,
    };
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next = if more {
        rows.last().and_then(Cursor::of)
    } else {
        None
    };
    Ok((rows, next))
}

/// How many events match (for `count=true`).
pub fn count_events(conn: &Connection, f: &EventFilter) -> Result<i64, ApiError> {
    let mut sql = "SELECT COUNT(*) FROM events e WHERE 1 = 1".to_string();
    let mut p = Vec::new();
    f.push_sql(&mut sql, &mut p);
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(rusqlite::params_from_iter(p.iter()), |r| r.get(0))?)
}

pub fn event_by_id(conn: &Connection, id: i64) -> Result<Json, ApiError> {
    let sql = format!("SELECT {EVENT_COLUMNS} {EVENT_FROM} WHERE e.id = ?1");
    let mut ev = collect_events(conn, &sql, &[Value::Integer(id)])?
        .pop()
        .ok_or_else(|| ApiError::not_found(format!("no event with id {id}")))?;
    let cluster = ev["cluster"]["id"].as_i64().unwrap_or(0);
    let sql = format!("SELECT {EVENT_COLUMNS} {EVENT_FROM} WHERE e.cluster_id = ?1 AND e.id != ?2 ORDER BY e.id LIMIT 100");
    let others = collect_events(conn, &sql, &[Value::Integer(cluster), Value::Integer(id)])?;
    ev["other_reports"] = Json::Array(others);
    Ok(ev)
}

pub fn document(conn: &Connection, id: i64) -> Result<Json, ApiError> {
    let doc = conn
        .prepare_cached("SELECT id, doc_key, url, outlet, published, language, title, text, n_events, ingested_at FROM documents WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(json!({
                "id": r.get::<_, i64>(0)?,
                "key": r.get::<_, String>(1)?,
                "url": r.get::<_, Option<String>>(2)?,
                "outlet": r.get::<_, Option<String>>(3)?,
                "published": r.get::<_, Option<String>>(4)?,
                "language": r.get::<_, Option<String>>(5)?,
                "title": r.get::<_, Option<String>>(6)?,
                "text": r.get::<_, String>(7)?,
                "n_events": r.get::<_, i64>(8)?,
                "ingested_at": r.get::<_, String>(9)?,
            }))
        })
        .optional()?;
    let mut doc = doc.ok_or_else(|| ApiError::not_found(format!("no document with id {id}")))?;
    let sql =
        format!("SELECT {EVENT_COLUMNS} {EVENT_FROM} WHERE e.document_id = ?1 ORDER BY e.seq");
    doc["events"] = Json::Array(collect_events(conn, &sql, &[Value::Integer(id)])?);
    Ok(doc)
}

/// The SQL expression of an event's period.
pub fn bucket_expr(bucket: &str) -> &'static str {
    match bucket {
        "day" => "substr(e.event_date, 1, 10)",
        "week" => "date(substr(e.event_date, 1, 10), 'weekday 0', '-6 days')",
        "year" => "substr(e.event_date, 1, 4)",
        _ => "substr(e.event_date, 1, 7)",
    }
}

/// Event counts per period and quad class.
pub fn timeline(conn: &Connection, f: &EventFilter, bucket: &str) -> Result<Json, ApiError> {
    let mut sql = format!(
        "SELECT {} AS p, e.quad, COUNT(*), SUM(e.goldstein) FROM events e WHERE e.event_date IS NOT NULL",
        bucket_expr(bucket)
    );
    let mut p = Vec::new();
    f.push_sql(&mut sql, &mut p);
    sql.push_str(" GROUP BY p, e.quad ORDER BY p");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(p.iter()))?;
    let mut series: Vec<Json> = Vec::new();
    while let Some(r) = rows.next()? {
        let period: Option<String> = r.get(0)?;
        let Some(period) = period else { continue };
        let quad: i64 = r.get(1)?;
        let n: i64 = r.get(2)?;
        let g: f64 = r.get::<_, Option<f64>>(3)?.unwrap_or(0.0);
        if series
            .last()
            .map(|s| s["period"] != period.as_str())
            .unwrap_or(true)
        {
            series.push(
                json!({"period": period, "n": 0, "by_quad": [0, 0, 0, 0], "goldstein_sum": 0.0}),
            );
        }
        let last = series.last_mut().expect("pushed");
        last["n"] = json!(last["n"].as_i64().unwrap_or(0) + n);
        if (1..=4).contains(&quad) {
            last["by_quad"][(quad - 1) as usize] = json!(n);
        }
        last["goldstein_sum"] = json!(round3(last["goldstein_sum"].as_f64().unwrap_or(0.0) + g));
    }
    Ok(json!({"bucket": bucket, "series": series}))
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Actor codes by number of mentions in the selected events.
pub fn actors(
    conn: &Connection,
    f: &EventFilter,
    prefix: Option<&str>,
    role: &str,
    limit: i64,
) -> Result<Json, ApiError> {
    let mut sql = "SELECT m.code, SUM(m.role = 'source'), SUM(m.role = 'target'), COUNT(*) AS n FROM actor_mentions m WHERE 1 = 1".to_string();
    let mut p: Vec<Value> = Vec::new();
    let mut inner = String::new();
    f.push_sql(&mut inner, &mut p);
    if !inner.is_empty() {
        sql.push_str(&format!(
            " AND m.event_id IN (SELECT e.id FROM events e WHERE 1 = 1{inner})"
        ));
    }
    if let Some(pre) = prefix {
        p.push(Value::Text(format!("{pre}%")));
        sql.push_str(&format!(" AND m.code LIKE ?{}", p.len()));
    }
    if role != "any" {
        sql.push_str(if role == "source" {
            " AND m.role = 'source'"
        } else {
            " AND m.role = 'target'"
        });
    }
    sql.push_str(&format!(
        " GROUP BY m.code ORDER BY n DESC, m.code LIMIT {limit}"
    ));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(p.iter()), |r| {
        let code: String = r.get(0)?;
        Ok(json!({
            "code": code,
            "name": crate::names::actor_name(&code),
            "as_source": r.get::<_, i64>(1)?,
            "as_target": r.get::<_, i64>(2)?,
            "mentions": r.get::<_, i64>(3)?,
        }))
    })?;
    Ok(json!({"actors": rows.collect::<Result<Vec<_>, _>>()?}))
}

/// Directed dyads (primary source code -> primary target code) by number of events.
pub fn dyads(conn: &Connection, f: &EventFilter, limit: i64) -> Result<Json, ApiError> {
    let mut sql = "SELECT e.source_code, e.target_code, COUNT(*) AS n, SUM(e.goldstein), SUM(e.plover_score),
            SUM(e.quad <= 2), SUM(e.quad >= 3)
         FROM events e WHERE e.source_code IS NOT NULL AND e.target_code IS NOT NULL AND e.source_code != e.target_code"
        .to_string();
    let mut p = Vec::new();
    f.push_sql(&mut sql, &mut p);
    sql.push_str(&format!(" GROUP BY e.source_code, e.target_code ORDER BY n DESC, e.source_code, e.target_code LIMIT {limit}"));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(p.iter()), |r| {
        let n: i64 = r.get(2)?;
        let g: f64 = r.get(3)?;
        let s: f64 = r.get(4)?;
        let (src, tgt): (String, String) = (r.get(0)?, r.get(1)?);
        Ok(json!({
            "source": src, "source_name": crate::names::actor_name(&src),
            "target": tgt, "target_name": crate::names::actor_name(&tgt),
            "n": n,
            "goldstein_sum": round3(g), "goldstein_mean": round3(g / n.max(1) as f64),
            "plover_sum": round3(s), "plover_mean": round3(s / n.max(1) as f64),
            "cooperation": r.get::<_, i64>(5)?, "conflict": r.get::<_, i64>(6)?,
        }))
    })?;
    Ok(json!({"dyads": rows.collect::<Result<Vec<_>, _>>()?}))
}

/// Two actors' events per period, by type and quad class, with summed and mean Goldstein and
/// PLOVER scores. `direction`: both, ab (a -> b) or ba.
pub fn dyad_series(
    conn: &Connection,
    a: &str,
    b: &str,
    direction: &str,
    f: &EventFilter,
    bucket: &str,
) -> Result<Json, ApiError> {
    let mut p: Vec<Value> = vec![Value::Text(a.to_string()), Value::Text(b.to_string())];
    let pair = match direction {
        "ab" => "(e.source_code = ?1 AND e.target_code = ?2)",
        "ba" => "(e.source_code = ?2 AND e.target_code = ?1)",
        _ => "((e.source_code = ?1 AND e.target_code = ?2) OR (e.source_code = ?2 AND e.target_code = ?1))",
    };
    let mut sql = format!(
        "SELECT {} AS p, e.event, e.quad, COUNT(*), SUM(e.goldstein), SUM(e.plover_score), SUM(e.source_code = ?1)
         FROM events e WHERE e.event_date IS NOT NULL AND {pair}",
        bucket_expr(bucket)
    );
    f.push_sql(&mut sql, &mut p);
    sql.push_str(" GROUP BY p, e.event, e.quad ORDER BY p");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(p.iter()))?;
    #[derive(Default)]
    struct Acc {
        n: i64,
        ab: i64,
        g: f64,
        s: f64,
        by_type: BTreeMap<String, i64>,
        by_quad: [i64; 4],
    }
    impl Acc {
        fn json(&self) -> Map<String, Json> {
            let n = self.n.max(1) as f64;
            let mut m = Map::new();
            m.insert("n".into(), json!(self.n));
            m.insert("a_to_b".into(), json!(self.ab));
            m.insert("b_to_a".into(), json!(self.n - self.ab));
            m.insert("by_type".into(), json!(self.by_type));
            m.insert("by_quad".into(), json!(self.by_quad));
            m.insert("goldstein_sum".into(), json!(round3(self.g)));
            m.insert("goldstein_mean".into(), json!(round3(self.g / n)));
            m.insert("plover_sum".into(), json!(round3(self.s)));
            m.insert("plover_mean".into(), json!(round3(self.s / n)));
            m
        }
    }
    let mut periods: Vec<(String, Acc)> = Vec::new();
    let mut total = Acc::default();
    while let Some(r) = rows.next()? {
        let Some(period): Option<String> = r.get(0)? else {
            continue;
        };
        let (ty, quad, n, g, s, ab): (String, i64, i64, f64, f64, i64) = (
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
        );
        if periods.last().map(|(p, _)| *p != period).unwrap_or(true) {
            periods.push((period, Acc::default()));
        }
        for acc in [&mut periods.last_mut().expect("pushed").1, &mut total] {
            acc.n += n;
            acc.ab += ab;
            acc.g += g;
            acc.s += s;
            *acc.by_type.entry(ty.clone()).or_default() += n;
            if (1..=4).contains(&quad) {
                acc.by_quad[(quad - 1) as usize] += n;
            }
        }
    }
    let series: Vec<Json> = periods
        .into_iter()
        .map(|(p, acc)| {
            let mut m = acc.json();
            m.insert("period".into(), json!(p));
            Json::Object(m)
        })
        .collect();
    Ok(json!({
        "a": a, "a_name": crate::names::actor_name(a),
        "b": b, "b_name": crate::names::actor_name(b),
        "direction": direction, "bucket": bucket,
        "totals": Json::Object(total.json()),
        "series": series,
    }))
}

/// Clusters reported by several documents, most reported first, with their member events.
pub fn clusters(conn: &Connection, p: &Params, limit: i64, offset: i64) -> Result<Json, ApiError> {
    let mut sql = "SELECT c.id, c.event, c.source_code, c.target_code, c.event_date, c.n_mentions, c.n_documents, c.n_outlets
                   FROM clusters c WHERE c.n_documents >= ?1"
        .to_string();
    let mut vals: Vec<Value> = vec![Value::Integer(
        p.int("min_documents", 1, 1_000_000)?.unwrap_or(2),
    )];
    let mut bind = |sql: &mut String, clause: &str, v: Value| {
        vals.push(v);
        sql.push_str(&clause.replace('?', &format!("?{}", vals.len())));
    };
    if let Some(v) = p.get("event") {
        let t = EVENT_TYPES
            .iter()
            .find(|e| e.eq_ignore_ascii_case(v))
            .ok_or_else(|| {
                ApiError::bad(format!(
                    "parameter 'event': expected a PLOVER event type ({}), got {}",
                    EVENT_TYPES.join(" "),
                    shown(v)
                ))
            })?;
        bind(&mut sql, " AND c.event = ?", Value::Text(t.to_string()));
    }
    if let Some(s) = p.code("source")? {
        bind(
            &mut sql,
            " AND instr('|' || c.source_code || '|', ?) > 0",
            Value::Text(format!("|{s}|")),
        );
    }
    if let Some(s) = p.code("target")? {
        bind(
            &mut sql,
            " AND instr('|' || c.target_code || '|', ?) > 0",
            Value::Text(format!("|{s}|")),
        );
    }
    if let Some(d) = p.date("from")? {
        bind(&mut sql, " AND c.event_date >= ?", Value::Text(d));
    }
    if let Some(d) = p.date("to")? {
        bind(
            &mut sql,
            " AND c.event_date <= ?",
            Value::Text(upper_bound(&d)),
        );
    }
    sql.push_str(&format!(
        " ORDER BY c.n_documents DESC, c.n_mentions DESC, c.id DESC LIMIT {limit} OFFSET {offset}"
    ));
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut out: Vec<Json> = stmt
        .query_map(rusqlite::params_from_iter(vals.iter()), cluster_json)?
        .collect::<Result<Vec<_>, _>>()?;
    let mut members = conn.prepare_cached(
        "SELECT e.id, e.document_id, d.title, d.outlet, d.published, e.trigger_text, e.negated, e.hypothetical, e.event_date
         FROM events e JOIN documents d ON d.id = e.document_id WHERE e.cluster_id = ?1 ORDER BY e.id LIMIT 50",
    )?;
    for c in out.iter_mut() {
        let id = c["id"].as_i64().unwrap_or(0);
        let evs = members
            .query_map([id], |r| {
                Ok(json!({
                    "id": r.get::<_, i64>(0)?, "document_id": r.get::<_, i64>(1)?,
                    "title": r.get::<_, Option<String>>(2)?, "outlet": r.get::<_, Option<String>>(3)?,
                    "published": r.get::<_, Option<String>>(4)?, "trigger": r.get::<_, String>(5)?,
                    "negated": r.get::<_, bool>(6)?, "hypothetical": r.get::<_, bool>(7)?,
                    "event_date": r.get::<_, Option<String>>(8)?,
                }))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        c["events"] = Json::Array(evs);
    }
    Ok(json!({"clusters": out}))
}

fn cluster_json(r: &rusqlite::Row) -> rusqlite::Result<Json> {
    let split = |s: String| -> Vec<String> {
        s.split('|')
            .filter(|x| !x.is_empty())
            .map(String::from)
            .collect()
    };
    Ok(json!({
        "id": r.get::<_, i64>(0)?,
        "event": r.get::<_, String>(1)?,
        "source": split(r.get(2)?),
        "target": split(r.get(3)?),
        "event_date": r.get::<_, Option<String>>(4)?,
        "n_mentions": r.get::<_, i64>(5)?,
        "n_documents": r.get::<_, i64>(6)?,
        "n_outlets": r.get::<_, i64>(7)?,
    }))
}

pub fn cluster(conn: &Connection, id: i64) -> Result<Json, ApiError> {
    let mut c = conn
        .prepare_cached("SELECT id, event, source_code, target_code, event_date, n_mentions, n_documents, n_outlets FROM clusters WHERE id = ?1")?
        .query_row([id], cluster_json)
        .optional()?
        .ok_or_else(|| ApiError::not_found(format!("no cluster with id {id}")))?;
    let sql = format!(
        "SELECT {EVENT_COLUMNS} {EVENT_FROM} WHERE e.cluster_id = ?1 ORDER BY e.id LIMIT 500"
    );
    c["events"] = Json::Array(collect_events(conn, &sql, &[Value::Integer(id)])?);
    let outlets: Vec<String> = conn
        .prepare_cached("SELECT outlet FROM cluster_outlets WHERE cluster_id = ?1 ORDER BY outlet")?
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    c["outlets"] = json!(outlets);
    Ok(c)
}

/// Store totals, date range and outlets.
pub fn summary(conn: &Connection) -> Result<Json, ApiError> {
    let n = |sql: &str| -> Result<i64, ApiError> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
    let (first, last): (Option<String>, Option<String>) = conn.query_row(
        "SELECT (SELECT MIN(event_date) FROM events), (SELECT MAX(event_date) FROM events)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut stmt = conn.prepare_cached(
        "SELECT outlet, COUNT(*) AS n FROM documents WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY n DESC, outlet LIMIT 100",
    )?;
    let outlets: Vec<Json> = stmt
        .query_map([], |r| {
            Ok(json!({"outlet": r.get::<_, String>(0)?, "documents": r.get::<_, i64>(1)?}))
        })?
        .collect::<Result<_, _>>()?;
    Ok(json!({
        "documents": n("SELECT COUNT(*) FROM documents")?,
        "events": n("SELECT COUNT(*) FROM events")?,
        "clusters": n("SELECT COUNT(*) FROM clusters")?,
        "first_event_date": first,
        "last_event_date": last,
        "outlets": outlets,
        "event_types": EVENT_TYPES,
    }))
}

/// A number that changes whenever documents are added (cache key for aggregates).
pub fn data_stamp(conn: &Connection) -> Result<i64, ApiError> {
    Ok(
        conn.query_row("SELECT COALESCE(MAX(id), 0) FROM documents", [], |r| {
            r.get(0)
        })?,
    )
}
