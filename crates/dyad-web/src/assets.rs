//! The web app's files, compiled into the binary (`src/assets/`): no build step, no CDN.

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::http::ApiError;

pub const INDEX: &str = include_str!("assets/index.html");
pub const APP_JS: &str = include_str!("assets/app.js");
pub const APP_CSS: &str = include_str!("assets/app.css");
pub const FAVICON: &str = include_str!("assets/favicon.svg");
pub const OPENAPI: &str = include_str!("assets/openapi.json");

fn file(body: &'static str, ctype: &'static str, cache: &'static str) -> Response {
    let mut r = body.into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    r
}

pub async fn index() -> Response {
    file(INDEX, "text/html; charset=utf-8", "no-cache")
}

pub async fn favicon() -> Response {
    file(FAVICON, "image/svg+xml", "max-age=3600")
}

pub async fn asset(Path(name): Path<String>) -> Response {
    match name.as_str() {
        "app.js" => file(APP_JS, "text/javascript; charset=utf-8", "no-cache"),
        "app.css" => file(APP_CSS, "text/css; charset=utf-8", "no-cache"),
        "favicon.svg" => file(FAVICON, "image/svg+xml", "max-age=3600"),
        _ => ApiError::new(StatusCode::NOT_FOUND, "no such asset").into_response(),
    }
}
