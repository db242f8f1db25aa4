//! The shared vocabulary of `storyline`: what an article is, how annotations point into it, and
//! what the report looks like.
//!
//! Every other crate speaks in these types. The central rule lives here: **an article's text is
//! kept exactly as ingested, and every annotation is a [`Span`] — a byte range into that text.**
//! Cleaning (dropping boilerplate, joining paragraphs) produces a [`CleanText`] *view* that
//! remembers where each of its bytes came from, so a span found in the clean text maps back to
//! the original bytes with [`CleanText::to_original`].
//!
//! ```
//! use storyline_core::{CleanText, Span};
//!
//! let original = "Header line\n\nThe body. [link](#) More body.";
//! let mut clean = CleanText::builder(original);
//! clean.push_original(13..23); // "The body. "
//! clean.push_original(24..28); // "link"
//! clean.push_original(32..42); // " More body"
//! let clean = clean.finish();
//! assert_eq!(clean.as_str(), "The body. link More body");
//! let found = Span::new(10, 14); // "link" in the clean text
//! let back = clean.to_original(found);
//! assert_eq!(back.slice(original), "link");
//! ```

pub mod article;
pub mod clean;
pub mod date;
pub mod laps;
pub mod report;
pub mod span;
pub mod text;
pub mod words;

pub use article::{Article, DateBasis, Published, SourceFormat};
pub use clean::{CleanText, CompactCleanText};
pub use date::PartialDate;
pub use span::{Remap, Span};

/// A stable, content-derived identifier: 16 lowercase hex digits of xxh3-64 over `bytes`.
///
/// Ids derive from content, never from input order or paths, so the same inputs give the same
/// ids in any order and on any number of threads (the determinism invariant).
pub fn content_id(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}
