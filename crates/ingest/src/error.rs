//! Why an input did not become an article. The `Display` text is the rejection reason users
//! read, so each variant says what was wrong and, where it helps, where.

/// A reason for rejecting an input (a file, or one record of a multi-record file).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IngestError {
    #[error("no such file or directory")]
    NotFound,
    #[error("cannot read: {0}")]
    Io(String),
    #[error("empty file (0 bytes)")]
    Empty,
    #[error("no text: the input holds only whitespace")]
    Blank,
    #[error("binary file, not text ({0})")]
    Binary(String),
    #[error("invalid UTF-8 at byte offset {offset} in a file that is otherwise UTF-8")]
    InvalidUtf8 { offset: usize },
    #[error("file is {size} bytes, over the size limit of {limit} bytes")]
    FileTooLarge { size: u64, limit: u64 },
    #[error("document is over the limit of {limit} bytes")]
    DocumentTooLarge { limit: u64 },
    #[error("decompressed data exceeds the limit of {limit} bytes (a gzip bomb?)")]
    DecompressionLimit { limit: u64 },
    #[error("truncated or corrupt gzip data: {0}")]
    Gzip(String),
    #[error("truncated WARC record: {0}")]
    TruncatedWarc(String),
    #[error("malformed WARC data: {0}")]
    MalformedWarc(String),
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    #[error("line is over the limit of {limit} bytes")]
    LineTooLong { limit: u64 },
    #[error("malformed feed: {0}")]
    MalformedFeed(String),
    #[error("no article body found in the HTML")]
    NoArticleBody,
    #[error("no article text: {0}")]
    NoText(String),
    #[error("not an article: {0}")]
    NotAnArticle(String),
    #[error("more than {limit} records in one file; the rest of the file was not read")]
    TooManyRecords { limit: usize },
    #[error("{0}")]
    Other(String),
}

impl IngestError {
    /// The rejection reason for an I/O error while opening or reading an input.
    pub fn from_io(e: &std::io::Error) -> IngestError {
        use std::io::ErrorKind;
        match e.kind() {
            ErrorKind::NotFound => IngestError::NotFound,
            ErrorKind::PermissionDenied => IngestError::Io("permission denied".into()),
            _ => IngestError::Io(e.to_string()),
        }
    }
}
