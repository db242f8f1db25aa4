//! The bounds every reader works within, so that no input can take unbounded time or memory.
//!
//! Each limit, when crossed, turns into a rejection with a reason naming the limit; nothing is
//! truncated silently.

/// One mebibyte.
pub const MIB: u64 = 1024 * 1024;

/// Default for [`Limits::max_file_bytes`]: 4 GiB, above the largest CC-NEWS WARC files (~1 GiB).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 4 * 1024 * MIB;
/// Default for [`Limits::max_document_bytes`]: 32 MiB, far above any real article page.
pub const DEFAULT_MAX_DOCUMENT_BYTES: u64 = 32 * MIB;
/// Default for [`Limits::max_line_bytes`]: 32 MiB (a JSON line holds one whole article).
pub const DEFAULT_MAX_LINE_BYTES: u64 = 32 * MIB;
/// Default for [`Limits::max_decompressed_bytes`]: 16 GiB per file.
pub const DEFAULT_MAX_DECOMPRESSED_BYTES: u64 = 16 * 1024 * MIB;
/// Default for [`Limits::max_records_per_file`].
pub const DEFAULT_MAX_RECORDS_PER_FILE: usize = 1_000_000;

/// Size and count limits for ingest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// A file larger than this on disk is rejected without being read (`storyline extract
    /// --max-size`). Applies to every format, compressed or not.
    pub max_file_bytes: u64,
    /// The largest single document: a text, HTML or feed file after decompression, one WARC
    /// record's HTTP payload, one JSON document. Larger ones are rejected; the cap on
    /// decompressed bytes of a single-document `.gz` is also what stops a gzip bomb.
    pub max_document_bytes: u64,
    /// The longest line of a JSON Lines file; a longer line is rejected on its own and reading
    /// goes on with the next line.
    pub max_line_bytes: u64,
    /// Decompressed bytes read from one multi-record file (`.warc.gz`, `.jsonl.gz`); past it the
    /// rest of the file is rejected with one reason (a gzip bomb in a container stops here).
    pub max_decompressed_bytes: u64,
    /// Records read from one multi-record file; past it the rest is rejected with one reason.
    pub max_records_per_file: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            max_document_bytes: DEFAULT_MAX_DOCUMENT_BYTES,
            max_line_bytes: DEFAULT_MAX_LINE_BYTES,
            max_decompressed_bytes: DEFAULT_MAX_DECOMPRESSED_BYTES,
            max_records_per_file: DEFAULT_MAX_RECORDS_PER_FILE,
        }
    }
}
