//! Responses, errors and the middleware every request goes through: security headers, the
//! query-string limit and the request timeout.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::App;

/// An error answered as `{"error": "..."}` with its status code.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub msg: String,
}

impl ApiError {
    pub fn new(status: StatusCode, msg: impl Into<String>) -> ApiError {
        ApiError {
            status,
            msg: msg.into(),
        }
    }
    pub fn bad(msg: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, msg)
    }
    pub fn not_found(msg: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, msg)
    }
    pub fn internal(msg: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, msg)
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        if let rusqlite::Error::SqliteFailure(f, _) = &e {
            if f.code == rusqlite::ErrorCode::OperationInterrupted {
                return ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the query took too long and was stopped; narrow the filters",
                );
            }
        }
        ApiError::internal(format!("database error: {e}"))
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(e: serde_json::Error) -> Self {
        ApiError::internal(format!("JSON error: {e}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.msg }).to_string();
        let mut r = Response::new(Body::from(body));
        *r.status_mut() = self.status;
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        r
    }
}

/// A JSON body (already serialised) with status 200.
pub fn json_bytes(body: impl Into<Body>) -> Response {
    let mut r = Response::new(body.into());
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

pub fn json(v: &serde_json::Value) -> Response {
    json_bytes(v.to_string())
}

pub type ApiResult = Result<Response, ApiError>;

pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// Security headers on every response; refuses over-long query strings (414) and answers 503
/// when a request takes longer than the configured timeout.
pub async fn guard(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let too_long = req
        .uri()
        .query()
        .map(|q| q.len() > app.cfg.max_query_bytes)
        .unwrap_or(false)
        || req.uri().path().len() > app.cfg.max_query_bytes;
    let mut resp = if too_long {
        ApiError::new(
            StatusCode::URI_TOO_LONG,
            format!(
                "the query string is over the {} byte limit",
                app.cfg.max_query_bytes
            ),
        )
        .into_response()
    } else {
        match tokio::time::timeout(app.cfg.request_timeout, next.run(req)).await {
            Ok(r) => r,
            Err(_) => ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the request timed out")
                .into_response(),
        }
    };
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    resp
}

/// Reads a request body of at most `limit` bytes; 413 with a JSON error beyond it.
pub async fn read_body(
    req: Request,
    limit: usize,
) -> Result<(axum::http::request::Parts, Vec<u8>), ApiError> {
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is over the {limit} byte limit"),
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let (parts, body) = req.into_parts();
    match axum::body::to_bytes(body, limit).await {
        Ok(b) => Ok((parts, b.to_vec())),
        Err(e) => {
            // to_bytes fails on the length limit or a broken connection; tell them apart.
            let s = format!("{e:?}");
            if s.contains("LengthLimit") || s.contains("length limit") {
                Err(too_large())
            } else {
                Err(ApiError::bad(format!(
                    "could not read the request body: {e}"
                )))
            }
        }
    }
}

/// Equal strings in time that depends only on their lengths.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = (a.len() ^ b.len()) as u64;
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0xff);
        diff |= (x ^ y) as u64;
    }
    diff == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_comparison() {
        assert!(constant_time_eq(b"secret-token", b"secret-token"));
        assert!(!constant_time_eq(b"secret-token", b"secret-tokem"));
        assert!(!constant_time_eq(b"secret", b"secret-token"));
        assert!(!constant_time_eq(b"", b"x"));
        assert!(constant_time_eq(b"", b""));
    }
}
