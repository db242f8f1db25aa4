//! The feed reader (RSS 0.9x/1.0/2.0, Atom, JSON Feed, through feed-rs): each item is an input,
//! `file#N` with N its position in the feed, and becomes an article with what the feed gives —
//! title, link, date, and the content or summary as text.
//!
//! Item content is usually an HTML fragment: fragments are stripped to paragraphs (every word
//! kept); a whole page (`<html>`/`<body>`) goes through the main-text extractor. An item with
//! neither content nor summary has its title as its text, with a warning.

use crate::meta::{DateClaim, Found};
use crate::text::{TextOptions, clean_text};
use crate::{IngestError, Outcome, dates, html, markup, record_source};
use chrono::{DateTime, Utc};
use storyline_core::{Article, SourceFormat};

/// Whether a JSON object is a JSON Feed (jsonfeed.org) rather than an article.
pub fn is_json_feed(obj: &serde_json::Map<String, serde_json::Value>) -> bool {
    obj.get("version").and_then(|v| v.as_str()).is_some_and(|v| v.contains("jsonfeed.org")) && obj.contains_key("items")
}

/// feed-rs keeps dates as UTC instants, which would lose the outlet's clock. This parser gives
/// feed-rs the *wall-clock* time as written (labelled UTC) so the item's `published` keeps the
/// time the outlet states; a date without a time is marked by one second past midnight.
fn wall_clock(s: &str) -> Option<DateTime<Utc>> {
    let f = dates::parse_stated(s)?;
    let (y, m, d) = (f.date.year, f.date.month?, f.date.day?);
    let date = chrono::NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))?;
    let (h, mi, sec) = match f.time.as_deref().and_then(|t| t.split_once(':')) {
        Some((h, mi)) => (h.parse().ok()?, mi.parse().ok()?, 0),
        None => (0, 0, 1),
    };
    Some(date.and_hms_opt(h, mi, sec)?.and_utc())
}

fn claim(dt: DateTime<Utc>) -> Option<DateClaim> {
    use chrono::{Datelike, Timelike};
    let date = storyline_core::PartialDate::day(
        i16::try_from(dt.year()).ok()?,
        u8::try_from(dt.month()).ok()?,
        u8::try_from(dt.day()).ok()?,
    )?;
    let time = (dt.second() == 0).then(|| format!("{:02}:{:02}", dt.hour(), dt.minute()));
    Some(DateClaim { date, time, evidence: None })
}

/// Parse a feed and emit one outcome per item.
pub fn read_feed(source: &str, bytes: &[u8], sink: &mut dyn FnMut(Outcome)) {
    let parser = feed_rs::parser::Builder::new().timestamp_parser(wall_clock).build();
    let feed = match parser.parse(bytes) {
        Ok(f) => f,
        Err(e) => {
            sink(Outcome::rejected(source, IngestError::MalformedFeed(e.to_string())));
            return;
        }
    };
    if feed.entries.is_empty() {
        sink(Outcome::rejected(source, IngestError::NoText("the feed has no items".into())));
        return;
    }
    let feed_title = feed.title.as_ref().map(|t| plain(&t.content)).filter(|t| !t.is_empty());
    for (i, entry) in feed.entries.iter().enumerate() {
        let src = record_source(source, i + 1);
        let result = item_article(&src, entry, feed_title.as_deref(), feed.language.as_deref());
        sink(Outcome::from_result(&src, result));
    }
}

/// Text of a feed string that may hold markup or entities.
fn plain(s: &str) -> String {
    if s.contains('<') || s.contains('&') {
        markup::fragment_to_text(s).replace("\n\n", " ")
    } else {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

fn item_article(
    source: &str,
    entry: &feed_rs::model::Entry,
    feed_title: Option<&str>,
    feed_lang: Option<&str>,
) -> Result<Article, IngestError> {
    let title = entry.title.as_ref().map(|t| plain(&t.content)).filter(|t| !t.is_empty());
    let link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or_else(|| entry.links.first())
        .map(|l| l.href.clone());
    let raw = entry
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .filter(|b| !b.trim().is_empty())
        .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()).filter(|s| !s.trim().is_empty()));
    let mut warnings = Vec::new();
    let text = match raw {
        Some(r) => item_text(&r, link.as_deref()),
        None => match &title {
            Some(t) => {
                warnings.push("the item has no content or summary; its text is its title".to_string());
                t.clone()
            }
            None => return Err(IngestError::NoText("the item has neither text nor title".into())),
        },
    };
    if text.trim().is_empty() {
        return Err(IngestError::NoText("the item's content is empty".into()));
    }
    let cleaned =
        clean_text(&text, TextOptions { find_headline: false, known_title: title.as_deref().filter(|t| *t != text) });
    let mut found: Found = cleaned.found;
    if link.is_some() {
        found.url = link;
    }
    found.feed_title = feed_title.map(str::to_string);
    found.declared_language = entry.language.clone().or_else(|| feed_lang.map(str::to_string));
    if let Some(c) = entry.published.or(entry.updated).and_then(claim) {
        found.stated = Some(c);
    }
    let draft = crate::Draft {
        source: source.to_string(),
        format: SourceFormat::Feed,
        body: Some(cleaned.body),
        title: title.or(cleaned.title),
        title_span: cleaned.title_span,
        dateline: cleaned.dateline,
        found,
        warnings,
        text,
    };
    Ok(draft.finish())
}

fn item_text(raw: &str, url: Option<&str>) -> String {
    let lower = raw.get(..raw.len().min(2048)).map(str::to_ascii_lowercase);
    let lower = lower.unwrap_or_else(|| raw.chars().take(2048).collect::<String>().to_ascii_lowercase());
    if (lower.contains("<html") || lower.contains("<body"))
        && let Ok(page) = html::extract(raw, url)
        && !page.text.trim().is_empty()
    {
        return page.text;
    }
    if raw.contains('<') || raw.contains('&') { markup::fragment_to_text(raw) } else { raw.trim().to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wall_clock_keeps_the_outlets_time() {
        let c = claim(wall_clock("Sun, 20 Jun 2021 21:44:00 +0300").unwrap()).unwrap();
        assert_eq!((c.date.to_string(), c.time.as_deref()), ("2021-06-20".to_string(), Some("21:44")));
        let c = claim(wall_clock("2021-06-20").unwrap()).unwrap();
        assert_eq!(c.time, None);
    }
}
