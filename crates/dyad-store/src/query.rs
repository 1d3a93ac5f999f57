//! Selecting events. Every value from the caller is a bound parameter.

use rusqlite::types::Value;

use crate::{Error, Store};

/// Which events to select. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// An actor code among the event's sources (any of them, not only the first).
    pub source: Option<String>,
    /// An actor code among the event's targets.
    pub target: Option<String>,
    /// A PLOVER event type (`ACCUSE`, case-insensitive), or a CAMEO code prefix (`19`, `0231`).
    pub event: Option<String>,
    /// Event date on or after (YYYY-MM-DD, or a prefix such as YYYY-MM).
    pub from: Option<String>,
    /// Event date on or before (YYYY-MM-DD, or a prefix: `2019-04` means up to the end of April).
    pub to: Option<String>,
    /// Words that must all occur in the event's document (full-text search, any order).
    pub text: Option<String>,
    /// Only the events of this cluster.
    pub cluster: Option<i64>,
    /// One event per cluster (its first report) instead of every mention.
    pub one_per_cluster: bool,
    /// At most this many events.
    pub limit: Option<u64>,
}

/// One stored event with its document and cluster. JSON-valued columns are kept as text.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub id: i64,
    pub document_id: i64,
    pub doc_key: String,
    pub doc_source: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub title: Option<String>,
    pub ingested_at: String,
    pub event: String,
    pub mode: Option<String>,
    pub context: String,
    pub cameo: String,
    pub goldstein: f64,
    pub quad: i64,
    pub plover_score: f64,
    pub negated: bool,
    pub hypothetical: bool,
    pub future: bool,
    pub attribution: Option<String>,
    pub attribution_outlet: Option<String>,
    pub attribution_speaker: Option<String>,
    pub event_date: Option<String>,
    pub date_precision: Option<String>,
    pub date_text: Option<String>,
    pub sentence: i64,
    pub trigger_text: String,
    pub trigger_start: i64,
    pub trigger_end: i64,
    pub source: String,
    pub target: String,
    pub source_code: Option<String>,
    pub source_sector: Option<String>,
    pub target_code: Option<String>,
    pub target_sector: Option<String>,
    pub rule: String,
    pub cluster_id: i64,
    pub n_mentions: i64,
    pub n_documents: i64,
    pub n_outlets: i64,
}

const COLUMNS: &str = "e.id, e.document_id, d.doc_key, d.source, d.url, d.outlet, d.published, d.title, d.ingested_at,
    e.event, e.mode, e.context, e.cameo, e.goldstein, e.quad, e.plover_score, e.negated, e.hypothetical, e.future,
    e.attribution, e.attribution_outlet, e.attribution_speaker, e.event_date, e.date_precision, e.date_text,
    e.sentence, e.trigger_text, e.trigger_start, e.trigger_end, e.source, e.target,
    e.source_code, e.source_sector, e.target_code, e.target_sector, e.rule,
    e.cluster_id, c.n_mentions, c.n_documents, c.n_outlets";

fn row(r: &rusqlite::Row) -> rusqlite::Result<EventRow> {
    Ok(EventRow {
        id: r.get(0)?,
        document_id: r.get(1)?,
        doc_key: r.get(2)?,
        doc_source: r.get(3)?,
        url: r.get(4)?,
        outlet: r.get(5)?,
        published: r.get(6)?,
        title: r.get(7)?,
        ingested_at: r.get(8)?,
        event: r.get(9)?,
        mode: r.get(10)?,
        context: r.get(11)?,
        cameo: r.get(12)?,
        goldstein: r.get(13)?,
        quad: r.get(14)?,
        plover_score: r.get(15)?,
        negated: r.get(16)?,
        hypothetical: r.get(17)?,
        future: r.get(18)?,
        attribution: r.get(19)?,
        attribution_outlet: r.get(20)?,
        attribution_speaker: r.get(21)?,
        event_date: r.get(22)?,
        date_precision: r.get(23)?,
        date_text: r.get(24)?,
        sentence: r.get(25)?,
        trigger_text: r.get(26)?,
        trigger_start: r.get(27)?,
        trigger_end: r.get(28)?,
        source: r.get(29)?,
        target: r.get(30)?,
        source_code: r.get(31)?,
        source_sector: r.get(32)?,
        target_code: r.get(33)?,
        target_sector: r.get(34)?,
        rule: r.get(35)?,
        cluster_id: r.get(36)?,
        n_mentions: r.get(37)?,
        n_documents: r.get(38)?,
        n_outlets: r.get(39)?,
    })
}

/// Words as an FTS5 query: each word a quoted phrase (so no FTS syntax is interpreted),
/// all required. None when there is no word.
pub fn fts_query(words: &str) -> Option<String> {
    let parts: Vec<String> = words
        .split(|c: char| c.is_whitespace())
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// The end of a date range given as a prefix: `2019` -> `2019-99`, `2019-04` -> `2019-04-99`,
/// so that string comparison includes the whole period.
fn upper_bound(to: &str) -> String {
    match to.len() {
        4 => format!("{to}-99"),
        7 => format!("{to}-99"),
        _ => to.to_string(),
    }
}

/// The SQL and its parameters for a filter. `order` is the ORDER BY clause.
pub fn build_sql(f: &Filter, order: &str) -> (String, Vec<Value>) {
    let mut sql = format!(
        "SELECT {COLUMNS} FROM events e JOIN documents d ON d.id = e.document_id JOIN clusters c ON c.id = e.cluster_id WHERE 1 = 1"
    );
    let mut p: Vec<Value> = Vec::new();
    let mut bind = |sql: &mut String, clause: &str, v: Value| {
        p.push(v);
        sql.push_str(&clause.replace("?", &format!("?{}", p.len())));
    };
    if let Some(s) = f.source.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        bind(
            &mut sql,
            " AND e.id IN (SELECT event_id FROM actor_mentions WHERE code = ? AND role = 'source')",
            Value::Text(s.to_ascii_uppercase()),
        );
    }
    if let Some(s) = f.target.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        bind(
            &mut sql,
            " AND e.id IN (SELECT event_id FROM actor_mentions WHERE code = ? AND role = 'target')",
            Value::Text(s.to_ascii_uppercase()),
        );
    }
    if let Some(s) = f.event.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        if s.bytes().all(|b| b.is_ascii_digit()) {
            bind(
                &mut sql,
                " AND e.cameo LIKE ?",
                Value::Text(format!("{s}%")),
            );
        } else {
            bind(
                &mut sql,
                " AND e.event = ?",
                Value::Text(s.to_ascii_uppercase()),
            );
        }
    }
    if let Some(s) = f.from.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        bind(
            &mut sql,
            " AND e.event_date >= ?",
            Value::Text(s.to_string()),
        );
    }
    if let Some(s) = f.to.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        bind(
            &mut sql,
            " AND e.event_date <= ?",
            Value::Text(upper_bound(s)),
        );
    }
    if let Some(q) = f.text.as_deref().and_then(fts_query) {
        bind(
            &mut sql,
            " AND e.document_id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)",
            Value::Text(q),
        );
    }
    if let Some(c) = f.cluster {
        bind(&mut sql, " AND e.cluster_id = ?", Value::Integer(c));
    }
    if f.one_per_cluster {
        sql.push_str(
            " AND e.id = (SELECT MIN(e2.id) FROM events e2 WHERE e2.cluster_id = e.cluster_id)",
        );
    }
    sql.push_str(" ORDER BY ");
    sql.push_str(order);
    if let Some(n) = f.limit {
        bind(
            &mut sql,
            " LIMIT ?",
            Value::Integer(n.min(i64::MAX as u64) as i64),
        );
    }
    (sql, p)
}

/// Ordering of the selected events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// By event date, then id (undated events last).
    Date,
    /// By id: the order in which the events were stored.
    Stored,
}

impl Store {
    /// Calls `each` on every event matching the filter, streaming (no result set in memory).
    /// Stops at the first error returned by `each`.
    pub fn for_each_event<E: From<Error>>(
        &self,
        f: &Filter,
        order: Order,
        mut each: impl FnMut(EventRow) -> Result<(), E>,
    ) -> Result<(), E> {
        let order = match order {
            Order::Date => "e.event_date IS NULL, e.event_date, e.id",
            Order::Stored => "e.id",
        };
        let (sql, params) = build_sql(f, order);
        let mut stmt = self
            .connection()
            .prepare(&sql)
            .map_err(|e| E::from(Error::from(e)))?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(params.iter()))
            .map_err(|e| E::from(Error::from(e)))?;
        while let Some(r) = rows.next().map_err(|e| E::from(Error::from(e)))? {
            each(row(r).map_err(|e| E::from(Error::from(e)))?)?;
        }
        Ok(())
    }

    /// The matching events, in date order.
    pub fn events(&self, f: &Filter) -> Result<Vec<EventRow>, Error> {
        let mut out = Vec::new();
        self.for_each_event::<Error>(f, Order::Date, |r| {
            out.push(r);
            Ok(())
        })?;
        Ok(out)
    }

    /// The member events of a cluster, in the order they were stored.
    pub fn cluster_events(&self, cluster: i64) -> Result<Vec<EventRow>, Error> {
        let mut out = Vec::new();
        let f = Filter {
            cluster: Some(cluster),
            ..Filter::default()
        };
        self.for_each_event::<Error>(&f, Order::Stored, |r| {
            out.push(r);
            Ok(())
        })?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_words_are_quoted() {
        assert_eq!(
            fts_query("Iran  sanctions").as_deref(),
            Some("\"Iran\" \"sanctions\"")
        );
        assert_eq!(fts_query("a\"b OR").as_deref(), Some("\"a\"\"b\" \"OR\""));
        assert_eq!(fts_query("  - "), None);
    }

    #[test]
    fn parameters_are_numbered_in_order() {
        let f = Filter {
            source: Some("usa".into()),
            event: Some("19".into()),
            to: Some("2019-04".into()),
            limit: Some(5),
            ..Filter::default()
        };
        let (sql, p) = build_sql(&f, "e.id");
        assert!(sql.contains("code = ?1"), "{sql}");
        assert!(sql.contains("e.cameo LIKE ?2"), "{sql}");
        assert!(sql.contains("e.event_date <= ?3"), "{sql}");
        assert!(sql.contains("LIMIT ?4"), "{sql}");
        assert_eq!(p[0], Value::Text("USA".into()));
        assert_eq!(p[2], Value::Text("2019-04-99".into()));
    }
}
