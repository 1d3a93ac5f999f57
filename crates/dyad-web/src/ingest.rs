//! `POST /api/ingest`: the only endpoint that writes. Routed only when the server runs with
//! `--allow-ingest`, and every request needs `Authorization: Bearer <token>` (compared in
//! constant time). Documents are read, coded and stored the way `dyad ingest` does it:
//! JSONL lines through dyad-ingest's reader, NFC-normalised text, content-hash deduplication,
//! one transaction for the request's documents.

use std::io::Cursor;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::http::{constant_time_eq, json, read_body, ApiError};
use crate::params::Params;
use crate::App;

fn unauthorized(msg: &str) -> Response {
    let mut r = ApiError::new(StatusCode::UNAUTHORIZED, msg).into_response();
    r.headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    r
}

pub async fn ingest(State(app): State<Arc<App>>, req: Request) -> Response {
    let Some(token) = app.cfg.token.clone() else {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "ingest is not enabled on this server",
        )
        .into_response();
    };
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim);
    match given {
        None => return unauthorized("this endpoint needs Authorization: Bearer <token>"),
        Some(g) if !constant_time_eq(g.as_bytes(), token.as_bytes()) => {
            return unauthorized("wrong token")
        }
        Some(_) => {}
    }
    match run(app, req).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

async fn run(app: Arc<App>, req: Request) -> Result<Response, ApiError> {
    let p = Params::parse(req.uri().query(), &["id", "date", "outlet", "url", "title"])?;
    let ctype = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let jsonl = ctype.starts_with("application/x-ndjson")
        || ctype.starts_with("application/jsonl")
        || ctype.starts_with("application/json");
    let default_date = p.date("date")?;
    let (_, body) = read_body(req, app.cfg.max_ingest_bytes).await?;
    let mut pages: Vec<Result<dyad_ingest::Page, String>> = Vec::new();
    if jsonl {
        let limits = dyad_ingest::Limits {
            max_document_bytes: app.cfg.max_ingest_bytes,
            ..Default::default()
        };
        let reader = dyad_ingest::jsonl::JsonlReader::new(
            Cursor::new(body),
            std::path::Path::new("body"),
            &limits,
        );
        pages.extend(reader.map(|r| r.map_err(|e| e.to_string())));
    } else {
        let text =
            String::from_utf8(body).map_err(|_| ApiError::bad("body: not valid UTF-8 text"))?;
        let id = p
            .get("id")
            .ok_or_else(|| ApiError::bad("parameter 'id': required for a plain-text body"))?;
        pages.push(Ok(dyad_ingest::Page {
            id: id.to_string(),
            url: p.get("url").map(String::from),
            title: p.get("title").map(String::from),
            published: default_date.clone().filter(|d| d.len() == 10),
            outlet: p.get("outlet").map(String::from),
            language: None,
            body: text,
        }));
    }
    let db = app.db.path().to_path_buf();
    let writer = app.clone();
    let out = tokio::task::spawn_blocking(move || -> Result<serde_json::Value, ApiError> {
        let _one_writer = writer
            .write_lock
            .lock()
            .map_err(|_| ApiError::internal("write lock poisoned"))?;
        store(&db, pages, default_date.as_deref())
    })
    .await
    .map_err(|e| ApiError::internal(format!("ingest task failed: {e}")))??;
    Ok(json(&out))
}

fn store(
    db: &std::path::Path,
    pages: Vec<Result<dyad_ingest::Page, String>>,
    default_date: Option<&str>,
) -> Result<serde_json::Value, ApiError> {
    use dyad_store::{content_hash, Added, NewDocument, Store};
    let err = |e: dyad_store::Error| ApiError::internal(format!("store: {e}"));
    let mut store = Store::open_existing(db).map_err(err)?;
    let coder = dyad_core::Coder::embedded();
    let default = default_date.and_then(dyad_core::dates::Date::parse);
    let (mut new, mut dup, mut events) = (0, 0, 0);
    let mut errors = Vec::new();
    let mut docs = Vec::new();
    store.begin_batch().map_err(err)?;
    for page in pages {
        let page = match page {
            Ok(p) => p,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        if page.body.trim().is_empty() {
            errors.push(format!("{}: no text", page.id));
            continue;
        }
        let text = dyad_core::text::normalize(&page.body);
        let hash = content_hash(&text);
        let date = page
            .published
            .as_deref()
            .and_then(dyad_core::dates::Date::parse)
            .or(default);
        let doc = dyad_core::Document {
            id: page.id.clone(),
            text,
            date,
            outlet: page.outlet.clone(),
            url: page.url.clone(),
        };
        let Some(out) = std::panic::catch_unwind(|| coder.code(&doc, false)).ok() else {
            errors.push(format!("{}: internal error while coding", page.id));
            continue;
        };
        let published = date.map(|d| d.to_string());
        let nd = NewDocument {
            doc_key: &page.id,
            source: "api",
            url: page.url.as_deref(),
            outlet: page.outlet.as_deref(),
            published: published.as_deref(),
            language: page.language.as_deref().or(out.language.as_deref()),
            title: page.title.as_deref(),
            text: &doc.text,
            hash: &hash,
        };
        match store.add_document(&nd, &out.events).map_err(err)? {
            Added::New { id, events: n } => {
                new += 1;
                events += n;
                docs.push(json!({"key": page.id, "id": id, "status": "new", "events": n}));
            }
            Added::Duplicate { id } => {
                dup += 1;
                docs.push(json!({"key": page.id, "id": id, "status": "duplicate"}));
            }
        }
    }
    store.commit_batch().map_err(err)?;
    Ok(
        json!({"new": new, "duplicates": dup, "events": events, "errors": errors, "documents": docs}),
    )
}
