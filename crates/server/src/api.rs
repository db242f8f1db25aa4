//! The JSON API: routes, parameter checks, and errors as JSON.
//!
//! Every handler validates its input first (a bad parameter is a 400 that says which and why),
//! then runs the store call on the blocking pool under the request deadline.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;
use storyline_annotate::Annotator;
use storyline_core::PartialDate;
use storyline_core::report::Rejected;
use storyline_ingest::{Ingestor, Outcome};
use storyline_store::{AddSummary, ArticlePage, Page, SearchQuery, StoreError, StoryStore};

/// What adding articles needs besides the store: the annotator (loaded once) and ingest limits.
pub struct WriteSide {
    pub annotator: Annotator,
    pub ingestor: Ingestor,
}

#[derive(Clone)]
pub(crate) struct AppState {
    pub store: Arc<dyn StoryStore>,
    pub write: Option<Arc<WriteSide>>,
    pub token: Option<Arc<str>>,
    pub timeout: Duration,
}

/// The longest id a path may carry (ids are 16-17 characters; entity ids a little longer).
const MAX_ID: usize = 256;
/// The longest search query, in bytes.
const MAX_QUERY: usize = 2000;
/// The deepest page of a listing or search.
const MAX_OFFSET: usize = 10_000;

pub(crate) fn routes(state: AppState, max_body: usize) -> Router {
    Router::new()
        .route("/api/stats", get(stats))
        .route("/api/stories", get(stories))
        .route("/api/stories/{id}", get(story))
        .route("/api/articles", axum::routing::post(add_articles))
        .route("/api/articles/{id}", get(article))
        .route("/api/entities", get(entities))
        .route("/api/entities/{id}", get(entity))
        .route("/api/search", get(search))
        .route("/api/openapi.json", get(openapi))
        .route("/api/{*rest}", axum::routing::any(not_found))
        .layer(DefaultBodyLimit::max(max_body))
        .with_state(state)
}

/// An error as the API reports it: `{"error": {"status": 400, "message": "..."}}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError { status, message: message.into() }
    }
    fn bad(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }
    fn not_found(what: &str, id: &str) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, format!("no {what} with id {id:?}"))
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    status: u16,
    message: &'a str,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: ErrorDetail { status: self.status.as_u16(), message: &self.message } };
        let mut resp = (self.status, Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            resp.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        resp
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::Query(m) => ApiError::bad(m),
            StoreError::ReadOnly => ApiError::new(StatusCode::FORBIDDEN, "this server is read-only"),
            StoreError::Busy(_) => ApiError::new(StatusCode::SERVICE_UNAVAILABLE, e.to_string()),
            other => {
                tracing::error!("store: {other}");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error reading the store (logged)")
            }
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(e: QueryRejection) -> ApiError {
        ApiError::bad(e.body_text())
    }
}

/// The response to a panic in a handler (the connection stays usable, the reason is logged).
pub(crate) fn panic_response(err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let msg = err.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| err.downcast_ref::<String>().cloned());
    tracing::error!("handler panicked: {}", msg.unwrap_or_default());
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error (logged)").into_response()
}

type ApiResult<T> = Result<Json<T>, ApiError>;

/// Run a store call on the blocking pool under the request deadline.
async fn blocking<T: Send + 'static>(
    st: &AppState,
    f: impl FnOnce(&dyn StoryStore) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let store = st.store.clone();
    let task = tokio::task::spawn_blocking(move || f(store.as_ref()));
    match tokio::time::timeout(st.timeout, task).await {
        Ok(Ok(r)) => r,
        Ok(Err(join)) => {
            tracing::error!("store task failed: {join}");
            Err(ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error (logged)"))
        }
        Err(_) => Err(ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the request took too long")),
    }
}

fn check_id(id: &str) -> Result<(), ApiError> {
    if id.is_empty() || id.len() > MAX_ID || id.chars().any(|c| c.is_control()) {
        return Err(ApiError::bad("malformed id"));
    }
    Ok(())
}

#[derive(Deserialize)]
struct PageParams {
    offset: Option<usize>,
    limit: Option<usize>,
    q: Option<String>,
}

fn page_of(offset: Option<usize>, limit: Option<usize>) -> Result<Page, ApiError> {
    let offset = offset.unwrap_or(0);
    let limit = limit.unwrap_or(Page::default().limit);
    if offset > MAX_OFFSET {
        return Err(ApiError::bad(format!("offset must be at most {MAX_OFFSET}")));
    }
    if limit == 0 || limit > Page::MAX_LIMIT {
        return Err(ApiError::bad(format!("limit must be between 1 and {}", Page::MAX_LIMIT)));
    }
    Ok(Page::new(offset, limit))
}

async fn stats(State(st): State<AppState>) -> ApiResult<serde_json::Value> {
    let writable = st.token.is_some();
    let s = blocking(&st, |s| Ok(s.stats()?)).await?;
    let mut v = serde_json::to_value(s).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert("writable".into(), writable.into());
    }
    Ok(Json(v))
}

async fn stories(
    State(st): State<AppState>,
    q: Result<Query<PageParams>, QueryRejection>,
) -> ApiResult<storyline_store::Listing<storyline_store::StorySummary>> {
    let Query(p) = q?;
    let page = page_of(p.offset, p.limit)?;
    Ok(Json(blocking(&st, move |s| Ok(s.stories(page)?)).await?))
}

/// The stored page is sent as it is kept (JSON), not parsed and serialised again.
async fn story(State(st): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    check_id(&id)?;
    let page = blocking(&st, move |s| s.story_json(&id)?.ok_or_else(|| ApiError::not_found("story", &id))).await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], page).into_response())
}

#[derive(Deserialize)]
struct ArticleParams {
    highlight: Option<String>,
}

/// An article, and the evidence range the caller asked to highlight.
#[derive(Serialize)]
struct ArticleResponse {
    #[serde(flatten)]
    page: ArticlePage,
    highlight: Option<Highlight>,
}

#[derive(Serialize)]
struct Highlight {
    start: usize,
    end: usize,
    text: String,
}

fn parse_range(s: &str) -> Option<(usize, usize)> {
    let (a, b) = s.split_once('-')?;
    Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
}

async fn article(
    State(st): State<AppState>,
    Path(id): Path<String>,
    q: Result<Query<ArticleParams>, QueryRejection>,
) -> ApiResult<ArticleResponse> {
    let Query(p) = q?;
    check_id(&id)?;
    let range = match p.highlight.as_deref() {
        None | Some("") => None,
        Some(h) => Some(parse_range(h).ok_or_else(|| {
            ApiError::bad(format!("highlight must be START-END (byte offsets into the article text), not {h:?}"))
        })?),
    };
    let page = blocking(&st, move |s| s.article(&id)?.ok_or_else(|| ApiError::not_found("article", &id))).await?;
    let highlight = match range {
        None => None,
        Some((start, end)) => {
            let text = (start < end).then(|| page.text.get(start..end)).flatten().ok_or_else(|| {
                ApiError::bad(format!(
                    "highlight {start}-{end} is not a range of the article's text ({} bytes, on character boundaries)",
                    page.text.len()
                ))
            })?;
            Some(Highlight { start, end, text: text.to_string() })
        }
    };
    Ok(Json(ArticleResponse { page, highlight }))
}

async fn entities(
    State(st): State<AppState>,
    q: Result<Query<PageParams>, QueryRejection>,
) -> ApiResult<storyline_store::Listing<storyline_store::EntitySummary>> {
    let Query(p) = q?;
    let page = page_of(p.offset, p.limit)?;
    if p.q.as_ref().is_some_and(|q| q.len() > MAX_QUERY) {
        return Err(ApiError::bad(format!("q is longer than {MAX_QUERY} bytes")));
    }
    let q = p.q.filter(|q| !q.trim().is_empty());
    Ok(Json(blocking(&st, move |s| Ok(s.entities(q.as_deref(), page)?)).await?))
}

async fn entity(State(st): State<AppState>, Path(id): Path<String>) -> ApiResult<storyline_store::EntityPage> {
    check_id(&id)?;
    Ok(Json(blocking(&st, move |s| s.entity(&id)?.ok_or_else(|| ApiError::not_found("entity", &id))).await?))
}

#[derive(Deserialize)]
struct SearchParams {
    q: Option<String>,
    entity: Option<String>,
    from: Option<String>,
    to: Option<String>,
    outlet: Option<String>,
    offset: Option<usize>,
    limit: Option<usize>,
}

fn parse_date(name: &str, v: Option<String>) -> Result<Option<PartialDate>, ApiError> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => s
            .parse::<PartialDate>()
            .map(Some)
            .map_err(|_| ApiError::bad(format!("{name} must be a date as YYYY-MM-DD, YYYY-MM or YYYY, not {s:?}"))),
    }
}

async fn search(
    State(st): State<AppState>,
    q: Result<Query<SearchParams>, QueryRejection>,
) -> ApiResult<storyline_store::SearchResults> {
    let Query(p) = q?;
    let page = page_of(p.offset, p.limit.or(Some(20)))?;
    for (name, v) in [("q", &p.q), ("entity", &p.entity), ("outlet", &p.outlet)] {
        if v.as_ref().is_some_and(|v| v.len() > MAX_QUERY) {
            return Err(ApiError::bad(format!("{name} is longer than {MAX_QUERY} bytes")));
        }
    }
    let query = SearchQuery {
        q: p.q.unwrap_or_default(),
        entity: p.entity.filter(|s| !s.trim().is_empty()),
        from: parse_date("from", p.from)?,
        to: parse_date("to", p.to)?,
        outlet: p.outlet.filter(|s| !s.trim().is_empty()),
        offset: page.offset,
        limit: page.limit,
    };
    if query.q.trim().is_empty() && query.entity.is_none() && query.outlet.is_none() {
        return Err(ApiError::bad("give q (words to search for), or an entity or outlet filter"));
    }
    Ok(Json(blocking(&st, move |s| Ok(s.search(&query)?)).await?))
}

async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], crate::OPENAPI)
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no such API endpoint (see /api/openapi.json)")
}

/// What `POST /api/articles` answers.
#[derive(Serialize)]
struct AddResponse {
    #[serde(flatten)]
    summary: AddSummary,
    rejected: Vec<Rejected>,
}

/// Constant-time comparison, so the token cannot be guessed byte by byte from response times.
fn same_token(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn add_articles(
    State(st): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<AddResponse>), ApiError> {
    let (Some(token), Some(write)) = (st.token.clone(), st.write.clone()) else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "this server is read-only: start it with --write-token (or STORYLINE_WRITE_TOKEN) to add articles",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        None => {
            return Err(ApiError::new(StatusCode::UNAUTHORIZED, "missing write token (Authorization: Bearer TOKEN)"));
        }
        Some(g) if !same_token(g.as_bytes(), token.as_bytes()) => {
            return Err(ApiError::new(StatusCode::UNAUTHORIZED, "wrong write token"));
        }
        Some(_) => {}
    }
    let body = body.map_err(|e| ApiError::new(e.status(), e.body_text()))?;
    if body.is_empty() {
        return Err(ApiError::bad(
            "empty body: send a JSON article ({\"text\": ...}), an array of them, or JSON Lines",
        ));
    }
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    // The request names no file: its content type picks the reader, the source is fixed.
    let source = match content_type.split(';').next().unwrap_or("").trim() {
        "text/plain" => "request.txt",
        "text/html" => "request.html",
        "application/x-ndjson" | "application/jsonl" => "request.jsonl",
        _ => "request.json",
    };
    let timeout = st.timeout;
    let task = tokio::task::spawn_blocking(move || -> Result<AddResponse, ApiError> {
        let mut docs = Vec::new();
        let mut rejected = Vec::new();
        for o in write.ingestor.ingest_bytes(source, &body) {
            match o {
                Outcome::Article(a) => docs.push(write.annotator.annotate(*a)),
                Outcome::Rejected(r) => rejected.push(r),
            }
        }
        if docs.is_empty() {
            let reasons: Vec<String> = rejected.iter().map(|r| format!("{}: {}", r.source, r.reason)).collect();
            return Err(ApiError::bad(format!("no article in the request ({})", reasons.join("; "))));
        }
        let summary = st.store.add(docs)?;
        Ok(AddResponse { summary, rejected })
    });
    match tokio::time::timeout(timeout, task).await {
        Ok(Ok(Ok(r))) => {
            let status = if r.summary.added > 0 { StatusCode::CREATED } else { StatusCode::OK };
            Ok((status, Json(r)))
        }
        Ok(Ok(Err(e))) => Err(e),
        Ok(Err(join)) => {
            tracing::error!("ingest task failed: {join}");
            Err(ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error (logged)"))
        }
        // The work goes on and completes (or not) as one transaction; the client is told.
        Err(_) => Err(ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the request took too long")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_tokens() {
        assert_eq!(parse_range("10-20"), Some((10, 20)));
        assert_eq!(parse_range("10-x"), None);
        assert_eq!(parse_range("-"), None);
        assert!(same_token(b"abc", b"abc"));
        assert!(!same_token(b"abc", b"abd"));
        assert!(!same_token(b"abc", b"abcd"));
    }
}
