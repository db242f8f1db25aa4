//! The HTML reader: decode a page (BOM, HTTP charset, `<meta charset>`, guess), extract its main
//! text with [`crate::html::extract`], and gather what the page states about itself.
//!
//! The article text is the extractor's text, verbatim — it is what the extraction benchmark
//! scores — so the body is that text unchanged. A dateline at its start is read for metadata
//! (place, agency, month and day) but left in the text.

use crate::decode::{self, Utf8Errors};
use crate::meta::{DateClaim, Found};
use crate::{IngestError, dates, html, text};
use encoding_rs::Encoding;
use storyline_core::{Article, CleanText, SourceFormat};

/// An article from the bytes of an HTML page. `declared` is a charset from the transport (the
/// HTTP `Content-Type` of a WARC record); `url` where the page was fetched from, if known.
pub fn article_from_html(
    source: &str,
    bytes: &[u8],
    declared: Option<&'static Encoding>,
    url: Option<&str>,
    format: SourceFormat,
) -> Result<Article, IngestError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(if bytes.is_empty() { IngestError::Empty } else { IngestError::Blank });
    }
    if let Some(why) = decode::binary_reason(bytes) {
        return Err(IngestError::Binary(why));
    }
    let declared =
        Encoding::for_bom(bytes).map(|(e, _)| e).or(declared).or_else(|| decode::sniff_declared_charset(bytes));
    let decoded = decode::decode(bytes, declared, Utf8Errors::Replace)?;
    let page = html::extract(&decoded.text, url).map_err(|_| IngestError::NoArticleBody)?;
    if page.text.trim().is_empty() {
        return Err(IngestError::NoArticleBody);
    }
    let mut found = Found {
        site_name: page.site_name.clone(),
        url: page.url.clone().or_else(|| url.map(str::to_string)),
        declared_language: page.language.clone(),
        ..Found::default()
    };
    let mut warnings = decoded.warnings;
    if let Some(p) = page.published.as_deref() {
        match dates::parse_stated(p) {
            Some(f) => found.stated = Some(DateClaim { date: f.date, time: f.time, evidence: None }),
            None => warnings.push(format!("unreadable publication date {p:?}")),
        }
    }
    let first_para = page.text.split("\n\n").next().unwrap_or("");
    let mut dateline = None;
    if let Some(d) = text::match_dateline(first_para) {
        found.dateline_agency = d.agency;
        found.dateline_date = d.month_day.map(|md| (md, None));
        dateline = Some(d.place);
    }
    let body = CleanText::identity(&page.text);
    let draft = crate::Draft {
        source: source.to_string(),
        format,
        text: page.text,
        body: Some(body),
        title: page.title.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|t| !t.is_empty()),
        title_span: None,
        dateline,
        found,
        warnings,
    };
    Ok(draft.finish())
}
