//! The web UI: three static files compiled into the binary (no build step, no runtime files).

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;

const INDEX_HTML: &str = include_str!("../ui/index.html");
const APP_JS: &str = include_str!("../ui/app.js");
const APP_CSS: &str = include_str!("../ui/app.css");
const FAVICON: &str = include_str!("../ui/favicon.svg");

pub(crate) fn routes() -> Router {
    Router::new()
        .route("/", get(|| async { page(INDEX_HTML, "text/html; charset=utf-8") }))
        .route("/assets/app.js", get(|| async { page(APP_JS, "text/javascript; charset=utf-8") }))
        .route("/assets/app.css", get(|| async { page(APP_CSS, "text/css; charset=utf-8") }))
        .route("/favicon.svg", get(|| async { page(FAVICON, "image/svg+xml") }))
        .fallback(|| async {
            crate::ApiError::new(StatusCode::NOT_FOUND, "not found (the UI is at /, the API under /api/)")
        })
}

fn page(body: &'static str, content_type: &'static str) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "no-cache")], body)
}
