//! The JSON API handlers. Parameters are parsed by [`crate::params`] (errors name them), SQL
//! lives in [`crate::query`], and every query runs on a read-only pooled connection.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, Request, State};
use axum::http::{header, StatusCode, Uri};
use axum::response::Response;
use serde_json::{json, Value as Json};

use crate::http::{json, json_bytes, read_body, ApiError, ApiResult};
use crate::params::{shown, Params};
use crate::query::{self, Cursor, EventFilter, FILTER_PARAMS};
use crate::App;

/// Aggregate answers keyed by request URI, valid while no document is added.
#[derive(Default)]
pub struct Cache {
    map: Mutex<HashMap<String, (i64, Arc<String>)>>,
}

const CACHE_ENTRIES: usize = 512;

impl Cache {
    fn get(&self, key: &str, stamp: i64) -> Option<Arc<String>> {
        let m = self.map.lock().ok()?;
        m.get(key)
            .filter(|(s, _)| *s == stamp)
            .map(|(_, v)| v.clone())
    }
    fn put(&self, key: String, stamp: i64, v: Arc<String>) {
        if let Ok(mut m) = self.map.lock() {
            if m.len() >= CACHE_ENTRIES {
                m.clear();
            }
            m.insert(key, (stamp, v));
        }
    }
}

fn with(extra: &[&'static str]) -> Vec<&'static str> {
    FILTER_PARAMS.iter().chain(extra.iter()).copied().collect()
}

/// Runs an aggregate query, answering from the cache while the store is unchanged.
async fn cached<F>(app: &Arc<App>, uri: &Uri, canonical: String, f: F) -> ApiResult
where
    F: FnOnce(&rusqlite::Connection) -> Result<Json, ApiError> + Send + 'static,
{
    let key = format!("{}?{canonical}", uri.path());
    let cache = app.clone();
    let body = app
        .db
        .run(app.cfg.query_budget, move |conn| {
            let stamp = query::data_stamp(conn)?;
            if let Some(hit) = cache.cache.get(&key, stamp) {
                return Ok(hit);
            }
            let v = Arc::new(f(conn)?.to_string());
            cache.cache.put(key, stamp, v.clone());
            Ok(v)
        })
        .await?;
    Ok(json_bytes(body.as_str().to_string()))
}

fn path_id(raw: &str, what: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>().ok().filter(|&n| n > 0).ok_or_else(|| {
        ApiError::bad(format!(
            "parameter 'id': expected a positive integer {what} id, got {}",
            shown(raw)
        ))
    })
}

pub async fn summary(State(app): State<Arc<App>>, uri: Uri) -> ApiResult {
    let p = Params::parse(uri.query(), &[])?;
    let ingest = app.cfg.allow_ingest;
    let version = app.db.version;
    cached(&app, &uri, p.canonical(), move |conn| {
        let mut s = query::summary(conn)?;
        s["schema_version"] = json!(version);
        s["ingest_enabled"] = json!(ingest);
        Ok(s)
    })
    .await
}

pub async fn events(State(app): State<Arc<App>>, uri: Uri) -> ApiResult {
    let p = Params::parse(uri.query(), &with(&["limit", "cursor", "offset", "count"]))?;
    let f = EventFilter::parse(&p, false, app.db.fts)?;
    let limit = p.int("limit", 1, app.cfg.max_page)?.unwrap_or(50);
    let cursor = p.get("cursor").map(Cursor::parse).transpose()?;
    let offset = p.int("offset", 0, 10_000)?.unwrap_or(0);
    if cursor.is_some() && offset > 0 {
        return Err(ApiError::bad(
            "parameters 'cursor' and 'offset': give one or the other",
        ));
    }
    let count = p.tristate("count")?.unwrap_or(false);
    let v = app
        .db
        .run(app.cfg.query_budget, move |conn| {
            let (events, next) = query::events_page(conn, &f, cursor.as_ref(), offset, limit)?;
            let mut out = json!({"limit": limit, "events": events, "next_cursor": next});
            if count {
                out["total"] = json!(query::count_events(conn, &f)?);
            }
            Ok(out)
        })
        .await?;
    Ok(json(&v))
}

pub async fn event(State(app): State<Arc<App>>, Path(id): Path<String>, uri: Uri) -> ApiResult {
    Params::parse(uri.query(), &[])?;
    let id = path_id(&id, "event")?;
    let v = app
        .db
        .run(app.cfg.query_budget, move |conn| {
            query::event_by_id(conn, id)
        })
        .await?;
    Ok(json(&v))
}

pub async fn document(State(app): State<Arc<App>>, Path(id): Path<String>, uri: Uri) -> ApiResult {
    Params::parse(uri.query(), &[])?;
    let id = path_id(&id, "document")?;
    let v = app
        .db
        .run(app.cfg.query_budget, move |conn| query::document(conn, id))
        .await?;
    Ok(json(&v))
}

const BUCKETS: &[&str] = &["day", "week", "month", "year"];

pub async fn timeline(State(app): State<Arc<App>>, uri: Uri) -> ApiResult {
    let p = Params::parse(uri.query(), &with(&["bucket"]))?;
    let f = EventFilter::parse(&p, true, app.db.fts)?;
    let bucket = p.choice("bucket", BUCKETS, "month")?;
    cached(&app, &uri, p.canonical(), move |conn| {
        query::timeline(conn, &f, bucket)
    })
    .await
}

pub async fn actors(State(app): State<Arc<App>>, uri: Uri) -> ApiResult {
    let p = Params::parse(uri.query(), &with(&["limit", "prefix", "role"]))?;
    let f = EventFilter::parse(&p, true, app.db.fts)?;
    let limit = p.int("limit", 1, 1000)?.unwrap_or(50);
    let role = p.choice("role", &["any", "source", "target"], "any")?;
    let prefix = match p.get("prefix") {
        Some(v) if v.len() <= 16 && v.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            Some(v.to_ascii_uppercase())
        }
        Some(v) => {
            return Err(ApiError::bad(format!(
                "parameter 'prefix': expected the start of an actor code, got {}",
                shown(v)
            )))
        }
        None => None,
    };
    cached(&app, &uri, p.canonical(), move |conn| {
        query::actors(conn, &f, prefix.as_deref(), role, limit)
    })
    .await
}

pub async fn dyads(State(app): State<Arc<App>>, uri: Uri) -> ApiResult {
    let p = Params::parse(uri.query(), &with(&["limit"]))?;
    let f = EventFilter::parse(&p, true, app.db.fts)?;
    let limit = p.int("limit", 1, 1000)?.unwrap_or(50);
    cached(&app, &uri, p.canonical(), move |conn| {
        query::dyads(conn, &f, limit)
    })
    .await
}

pub async fn dyad(State(app): State<Arc<App>>, uri: Uri) -> ApiResult {
    let p = Params::parse(uri.query(), &with(&["a", "b", "bucket", "direction"]))?;
    let a = p
        .code("a")?
        .ok_or_else(|| ApiError::bad("parameter 'a': required (an actor code such as IRN)"))?;
    let b = p
        .code("b")?
        .ok_or_else(|| ApiError::bad("parameter 'b': required (an actor code such as RUS)"))?;
    let f = EventFilter::parse(&p, true, app.db.fts)?;
    let bucket = p.choice("bucket", BUCKETS, "week")?;
    let direction = p.choice("direction", &["both", "ab", "ba"], "both")?;
    cached(&app, &uri, p.canonical(), move |conn| {
        query::dyad_series(conn, &a, &b, direction, &f, bucket)
    })
    .await
}

pub async fn clusters(State(app): State<Arc<App>>, uri: Uri) -> ApiResult {
    let p = Params::parse(
        uri.query(),
        &[
            "event",
            "source",
            "target",
            "from",
            "to",
            "min_documents",
            "limit",
            "offset",
        ],
    )?;
    let limit = p.int("limit", 1, 100)?.unwrap_or(20);
    let offset = p.int("offset", 0, 10_000)?.unwrap_or(0);
    // validate before going to the database
    p.code("source")?;
    p.code("target")?;
    p.date("from")?;
    p.date("to")?;
    p.int("min_documents", 1, 1_000_000)?;
    let canonical = p.canonical();
    cached(&app, &uri, canonical, move |conn| {
        query::clusters(conn, &p, limit, offset)
    })
    .await
}

pub async fn cluster(State(app): State<Arc<App>>, Path(id): Path<String>, uri: Uri) -> ApiResult {
    Params::parse(uri.query(), &[])?;
    let id = path_id(&id, "cluster")?;
    let v = app
        .db
        .run(app.cfg.query_budget, move |conn| query::cluster(conn, id))
        .await?;
    Ok(json(&v))
}

/// Computes, in the background, what the overview and network pages ask for first with their
/// default period (the 8 years up to the last event date), so that the first visit to a large
/// store is answered from the cache.
pub async fn warm(app: Arc<App>) {
    let last: Option<String> = app
        .db
        .run(app.cfg.query_budget, |c| {
            Ok(c.query_row("SELECT MAX(event_date) FROM events", [], |r| r.get(0))?)
        })
        .await
        .ok()
        .flatten();
    let Some(year) = last
        .as_deref()
        .and_then(|d| d.get(..4))
        .and_then(|y| y.parse::<i64>().ok())
    else {
        return;
    };
    let last = last.unwrap_or_default();
    let range = format!("from={}-01-01&to={last}", year - 8);
    let get = |u: String| -> Uri {
        u.parse()
            .unwrap_or_else(|_| Uri::from_static("/api/summary"))
    };
    let _ = summary(State(app.clone()), get("/api/summary".into())).await;
    let _ = timeline(
        State(app.clone()),
        get(format!("/api/timeline?{range}&bucket=month")),
    )
    .await;
    let _ = actors(
        State(app.clone()),
        get(format!("/api/actors?{range}&limit=15")),
    )
    .await;
    for limit in [15, 60] {
        let _ = dyads(
            State(app.clone()),
            get(format!("/api/dyads?{range}&limit={limit}")),
        )
        .await;
    }
}

pub async fn openapi() -> Response {
    json_bytes(crate::assets::OPENAPI)
}

/// `POST /api/code`: codes the posted text without storing it. JSON `{"text", "date"?,
/// "outlet"?, "url"?}` or a plain-text body (with `?date=`).
pub async fn code(State(app): State<Arc<App>>, req: Request) -> ApiResult {
    let p = Params::parse(req.uri().query(), &["date"])?;
    let qdate = p.date("date")?;
    let is_json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        })
        .unwrap_or(false);
    let (_, body) = read_body(req, app.cfg.max_body_bytes).await?;
    let (text, date, outlet, url) = if is_json {
        let v: Json = serde_json::from_slice(&body)
            .map_err(|e| ApiError::bad(format!("body: not JSON: {e}")))?;
        let get = |k: &str| -> Result<Option<String>, ApiError> {
            match v.get(k) {
                None | Some(Json::Null) => Ok(None),
                Some(Json::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(ApiError::bad(format!("body: field '{k}' must be a string"))),
            }
        };
        if !v.is_object() {
            return Err(ApiError::bad(
                "body: expected a JSON object {\"text\": ...}",
            ));
        }
        let text = get("text")?.ok_or_else(|| ApiError::bad("body: field 'text' is required"))?;
        (text, get("date")?.or(qdate), get("outlet")?, get("url")?)
    } else {
        let text =
            String::from_utf8(body).map_err(|_| ApiError::bad("body: not valid UTF-8 text"))?;
        (text, qdate, None, None)
    };
    let date = match date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => None,
        Some(d) => Some(
            dyad_core::dates::Date::parse(d.get(..10).unwrap_or(d)).ok_or_else(|| {
                ApiError::bad(format!(
                    "parameter 'date': expected YYYY-MM-DD, got {}",
                    shown(d)
                ))
            })?,
        ),
    };
    if text.trim().is_empty() {
        return Err(ApiError::bad("body: the text is empty"));
    }
    // the permit moves into the blocking task: it is held until the coding ends, even when
    // the request has timed out meanwhile
    let permit = app
        .coding
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| ApiError::internal("coder unavailable"))?;
    let doc = dyad_core::Document {
        id: "pasted".into(),
        text,
        date,
        outlet,
        url,
    };
    let out = tokio::task::spawn_blocking(move || {
        let out = std::panic::catch_unwind(|| dyad_core::Coder::embedded().code(&doc, true)).ok();
        drop(permit);
        out
    })
    .await
    .map_err(|e| ApiError::internal(format!("coding task failed: {e}")))?
    .ok_or_else(|| ApiError::internal("internal error while coding this text"))?;
    let mut v = serde_json::to_value(&out)?;
    if let Some(evs) = v["events"].as_array_mut() {
        for e in evs {
            // names of the codes, for display
            for side in ["source", "target"] {
                if let Some(list) = e[side].as_array_mut() {
                    for a in list {
                        if let Some(n) = a["code"].as_str().and_then(crate::names::actor_name) {
                            a["code_name"] = json!(n);
                        }
                    }
                }
            }
        }
    }
    Ok(json(&v))
}

pub async fn not_found(uri: Uri) -> ApiError {
    ApiError::not_found(format!("no such page or endpoint: {}", shown(uri.path())))
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method not allowed here")
}
