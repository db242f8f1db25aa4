//! The store's one error type.

use std::path::PathBuf;

/// What can go wrong opening, writing or reading a store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search query: {0}")]
    Query(String),
    #[error("I/O on {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// Another process (a `storyline ingest`, a writable server) holds the store's write lock.
    #[error("the store at {0} is being written by another process (only one writer at a time)")]
    Busy(PathBuf),
    /// The store was opened read-only.
    #[error("the store is open read-only")]
    ReadOnly,
    /// The store was written by a newer storyline whose schema this one does not know.
    #[error("the store has schema version {found}; this storyline knows up to {known}: upgrade storyline")]
    TooNew { found: i64, known: i64 },
    /// Stored bytes that do not decode (a damaged file, or a bug).
    #[error("corrupt record {what}: {reason}")]
    Corrupt { what: String, reason: String },
    #[error("not a store directory: {0}")]
    NotAStore(PathBuf),
}

impl StoreError {
    pub(crate) fn corrupt(what: impl Into<String>, reason: impl ToString) -> StoreError {
        StoreError::Corrupt { what: what.into(), reason: reason.to_string() }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
