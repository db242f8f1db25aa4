//! Ingest: every input becomes an [`Article`](storyline_core::Article) or a rejection with a
//! reason.
//!
//! (Stub: the readers are built in issue 2.)

pub mod html;

use storyline_core::{Article, CleanText, Published, SourceFormat, content_id};

/// An article from plain text already decoded: header lines, headline, dateline and trailing
/// boilerplate become metadata, and `body` is the clean view. `text` is kept verbatim.
pub fn article_from_text(source: &str, text: String) -> Article {
    let body = CleanText::identity(&text);
    Article {
        id: content_id(text.as_bytes()),
        source: source.to_string(),
        format: SourceFormat::Text,
        body,
        text,
        title: None,
        title_span: None,
        outlet: None,
        url: None,
        language: None,
        published: Published::unknown(),
        dateline: None,
        warnings: Vec::new(),
    }
}
