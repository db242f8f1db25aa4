//! The HTTP server: a JSON API over a [`StoryStore`] and the web UI, from one binary.
//!
//! ```text
//! GET  /                          the web UI (static, embedded)
//! GET  /api/stats                 counts
//! GET  /api/stories               stories, largest first (?offset, ?limit)
//! GET  /api/stories/{id}          a story: timeline, quotes, conflicts, entities, articles
//! GET  /api/articles/{id}         an article's text with its annotations (?highlight=START-END)
//! POST /api/articles              add articles (only with the server's write token)
//! GET  /api/entities              entities (?q, ?offset, ?limit)
//! GET  /api/entities/{id}         an entity's quotes and timeline across stories
//! GET  /api/search                full-text search (?q, ?entity, ?from, ?to, ?outlet, ?offset, ?limit)
//! GET  /api/openapi.json          the OpenAPI 3 description of all of this
//! ```
//!
//! Safe by default: the caller binds (the CLI binds 127.0.0.1 unless told otherwise); request
//! bodies are capped (413), every request has a deadline (503), nothing in a request names a file,
//! every error is JSON with a reason, a panic in a handler becomes a JSON 500 instead of a dropped
//! connection, and the UI is served under a strict Content-Security-Policy (no inline script, no
//! other origin) and inserts all article text as text, never as markup.

mod api;
mod assets;

pub use api::{ApiError, WriteSide};

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use std::sync::Arc;
use std::time::Duration;
use storyline_store::StoryStore;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;

/// The OpenAPI 3 description of the API (also committed as `docs/openapi.json`).
pub const OPENAPI: &str = include_str!("openapi.json");

/// The UI's Content-Security-Policy: only this origin's script, style and connections.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                       connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// How the server behaves.
#[derive(Clone, Debug)]
pub struct Config {
    /// Token that `POST /api/articles` must present (`Authorization: Bearer TOKEN`); `None`
    /// makes the server read-only.
    pub write_token: Option<String>,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Deadline of one request.
    pub request_timeout: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config { write_token: None, max_body_bytes: 2 << 20, request_timeout: Duration::from_secs(30) }
    }
}

/// The application: every route and the safety layers around them.
///
/// `write` (the annotator and ingest limits) is needed only when `config.write_token` is set.
pub fn app(store: Arc<dyn StoryStore>, write: Option<Arc<WriteSide>>, config: &Config) -> Router {
    let state = api::AppState {
        store,
        write,
        token: config.write_token.clone().map(Arc::from),
        timeout: config.request_timeout,
    };
    let set = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    api::routes(state, config.max_body_bytes)
        .merge(assets::routes())
        .layer(CatchPanicLayer::custom(api::panic_response))
        .layer(set(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(set(header::X_FRAME_OPTIONS, "DENY"))
        .layer(set(header::REFERRER_POLICY, "no-referrer"))
}

/// Serve `app` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await
}
