//! The JSON reader: JSON Lines (one article per line), a single JSON article, or an array of
//! them. Field names follow news-please (`title`, `maintext`, `url`, `date_publish`,
//! `source_domain`, `language`) and the common alternatives (`text`, `published`, `outlet`...).
//!
//! A malformed line is rejected on its own (`file#N`, N the line number) and reading goes on.

use crate::meta::DateClaim;
use crate::text::{TextOptions, clean_text};
use crate::{IngestError, Limits, Outcome, dates, markup, page, record_source};
use serde_json::{Map, Value};
use std::io::BufRead;
use storyline_core::{Article, SourceFormat};

const TEXT_FIELDS: &[&str] =
    &["maintext", "text", "content", "body", "article", "articleBody", "article_body", "full_text", "fulltext"];
const HTML_FIELDS: &[&str] = &["html", "raw_html", "content_html", "body_html"];
const FALLBACK_TEXT_FIELDS: &[&str] = &["description", "summary", "lead", "abstract"];
const TITLE_FIELDS: &[&str] = &["title", "headline", "title_page", "title_rss"];
const URL_FIELDS: &[&str] = &["url", "link", "canonical_url", "source_url", "uri"];
const DATE_FIELDS: &[&str] = &[
    "date_publish",
    "published",
    "date_published",
    "datePublished",
    "publish_date",
    "published_at",
    "publishedAt",
    "pubDate",
    "pub_date",
    "date",
    "publication_date",
    "created_at",
    "date_modify",
    "updated",
];
const OUTLET_FIELDS: &[&str] =
    &["outlet", "source_name", "publisher", "site_name", "source", "media", "publication", "source_domain", "domain"];
const LANGUAGE_FIELDS: &[&str] = &["language", "lang", "inLanguage"];

fn string_field<'a>(obj: &'a Map<String, Value>, names: &[&str]) -> Option<&'a str> {
    names.iter().find_map(|n| match obj.get(*n) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.as_str()),
        // {"publisher": {"name": "..."}}, as JSON-LD has it.
        Some(Value::Object(o)) => o.get("name").and_then(Value::as_str).filter(|s| !s.trim().is_empty()),
        _ => None,
    })
}

/// An article from one JSON object.
pub fn article_from_json(source: &str, obj: &Map<String, Value>) -> Result<Article, IngestError> {
    let title = string_field(obj, TITLE_FIELDS).map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
    let url = string_field(obj, URL_FIELDS);
    let mut warnings = Vec::new();
    let text = match string_field(obj, TEXT_FIELDS) {
        Some(t) => t.to_string(),
        None => {
            if let Some(html) = string_field(obj, HTML_FIELDS) {
                let mut a = page::article_from_html(
                    source,
                    html.as_bytes(),
                    Some(encoding_rs::UTF_8),
                    url,
                    SourceFormat::Jsonl,
                )?;
                a.title = a.title.or(title);
                return Ok(a);
            }
            match string_field(obj, FALLBACK_TEXT_FIELDS) {
                Some(t) => {
                    warnings.push("no full-text field; the description is the text".to_string());
                    t.to_string()
                }
                None => {
                    return Err(IngestError::NoText(format!(
                        "no text field (expected one of {})",
                        TEXT_FIELDS.iter().chain(HTML_FIELDS).copied().collect::<Vec<_>>().join(", ")
                    )));
                }
            }
        }
    };
    // Some exports keep markup in the text field.
    let text = if text.contains("</p>") || text.contains("<br") { markup::fragment_to_text(&text) } else { text };
    let cleaned = clean_text(&text, TextOptions { find_headline: false, known_title: title.as_deref() });
    let mut found = cleaned.found;
    if let Some(u) = url {
        found.url = Some(u.trim().to_string());
    }
    if let Some(o) = string_field(obj, OUTLET_FIELDS) {
        found.stated_outlet = Some(o.to_string());
    }
    found.declared_language = string_field(obj, LANGUAGE_FIELDS).map(str::to_string);
    if let Some(claim) = json_date(obj, &mut warnings) {
        found.stated = Some(claim);
    }
    let draft = crate::Draft {
        source: source.to_string(),
        format: SourceFormat::Jsonl,
        body: Some(cleaned.body),
        title: title.or(cleaned.title),
        title_span: cleaned.title_span,
        dateline: cleaned.dateline,
        found,
        warnings,
        text,
    };
    let article = draft.finish();
    if article.body.as_str().trim().is_empty() {
        return Err(IngestError::NoText("the text field is empty".into()));
    }
    Ok(article)
}

fn json_date(obj: &Map<String, Value>, warnings: &mut Vec<String>) -> Option<DateClaim> {
    for name in DATE_FIELDS {
        match obj.get(*name) {
            Some(Value::String(s)) if !s.trim().is_empty() => match dates::parse_stated(s) {
                Some(f) => return Some(DateClaim { date: f.date, time: f.time, evidence: None }),
                None => warnings.push(format!("unreadable date in {name}: {s:?}")),
            },
            Some(Value::Number(n)) => {
                // Epoch seconds, or milliseconds when implausibly large for seconds.
                let secs = n.as_i64().map(|v| if v > 100_000_000_000 { v / 1000 } else { v });
                if let Some((date, time)) = secs.and_then(dates::from_unix_seconds) {
                    return Some(DateClaim { date, time: Some(time), evidence: None });
                }
            }
            _ => {}
        }
    }
    None
}

fn outcome_of_value(source: &str, value: Value) -> Outcome {
    match value {
        Value::Object(obj) => Outcome::from_result(source, article_from_json(source, &obj)),
        other => Outcome::rejected(
            source,
            IngestError::MalformedJson(format!("expected a JSON object, found {}", kind(&other))),
        ),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A whole JSON document: one article (an object), several (an array, records `#N`), a JSON
/// Feed, or — when it does not parse as one value — JSON Lines.
pub fn read_json_document(source: &str, bytes: &[u8], limits: &Limits, sink: &mut dyn FnMut(Outcome)) {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.trim_start_matches('\u{feff}'),
        Err(e) => {
            sink(Outcome::rejected(source, IngestError::InvalidUtf8 { offset: e.valid_up_to() }));
            return;
        }
    };
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => {
            if items.is_empty() {
                sink(Outcome::rejected(source, IngestError::NoText("an empty JSON array".into())));
            }
            for (i, item) in items.into_iter().enumerate().take(limits.max_records_per_file) {
                sink(outcome_of_value(&record_source(source, i + 1), item));
            }
        }
        Ok(Value::Object(obj)) if crate::feed::is_json_feed(&obj) => crate::feed::read_feed(source, bytes, sink),
        Ok(v) => sink(outcome_of_value(source, v)),
        Err(_) => read_jsonl(source, std::io::Cursor::new(bytes), limits, sink),
    }
}

/// JSON Lines, streamed: each non-blank line is record `#N` (its line number).
///
/// Lines are read in batches on this thread while the thread pool parses the batch before:
/// reading, then parsing, one after the other left the pool idle for about a tenth of a big
/// file's time. Outcomes still come out in line order.
pub fn read_jsonl<R: BufRead>(source: &str, mut reader: R, limits: &Limits, sink: &mut dyn FnMut(Outcome)) {
    let mut at = Position::default();
    let mut read: Vec<RawLine> = Vec::new();
    loop {
        let mut parsed = Vec::new();
        let (next, end) = rayon::in_place_scope(|s| {
            let lines = std::mem::take(&mut read);
            let parsed = &mut parsed;
            s.spawn(move |_| *parsed = parse_lines(lines));
            read_batch(source, &mut reader, limits, &mut at)
        });
        parsed.into_iter().for_each(&mut *sink);
        read = next;
        if let Some(end) = end {
            parse_lines(read).into_iter().for_each(&mut *sink);
            match end {
                BatchEnd::Stopped(why) => sink(why),
                BatchEnd::Eof if at.records == 0 => {
                    sink(Outcome::rejected(source, IngestError::NoText("no JSON lines in the file".into())))
                }
                BatchEnd::Eof => {}
            }
            return;
        }
    }
}

/// Lines read together, then parsed together: at most this many, and no more once they hold
/// [`BYTES_PER_BATCH`] (two batches are in memory at once, and a line may be 32 MiB).
const LINES_PER_BATCH: usize = 256;
const BYTES_PER_BATCH: usize = 64 << 20;

/// A line's record name and its bytes (or why it has none).
type RawLine = (String, Result<Vec<u8>, IngestError>);

/// Where the reader is in the file.
#[derive(Default)]
struct Position {
    line_no: usize,
    records: usize,
}

/// Why a batch is the last.
enum BatchEnd {
    Eof,
    /// Reading stopped early; this outcome says why, after the lines before it.
    Stopped(Outcome),
}

/// The next batch of non-blank lines, and whether the file ends with them.
fn read_batch<R: BufRead>(
    source: &str,
    reader: &mut R,
    limits: &Limits,
    at: &mut Position,
) -> (Vec<RawLine>, Option<BatchEnd>) {
    let mut batch = Vec::new();
    let mut bytes = 0;
    while batch.len() < LINES_PER_BATCH && bytes < BYTES_PER_BATCH {
        at.line_no += 1;
        let line = match read_line_capped(reader, limits.max_line_bytes) {
            Ok(None) => return (batch, Some(BatchEnd::Eof)),
            Ok(Some(Line::Fine(l))) => Ok(l),
            Ok(Some(Line::TooLong)) => Err(IngestError::LineTooLong { limit: limits.max_line_bytes }),
            Err(e) => {
                let why = Outcome::rejected(&record_source(source, at.line_no), crate::io_reason(&e));
                return (batch, Some(BatchEnd::Stopped(why)));
            }
        };
        if let Ok(l) = &line
            && l.iter().all(u8::is_ascii_whitespace)
        {
            continue;
        }
        at.records += 1;
        if at.records > limits.max_records_per_file {
            let why = Outcome::rejected(
                &record_source(source, at.line_no),
                IngestError::TooManyRecords { limit: limits.max_records_per_file },
            );
            return (batch, Some(BatchEnd::Stopped(why)));
        }
        bytes += line.as_ref().map_or(0, Vec::len);
        batch.push((record_source(source, at.line_no), line));
    }
    (batch, None)
}

/// Each line's outcome, in order (in parallel).
fn parse_lines(lines: Vec<RawLine>) -> Vec<Outcome> {
    use rayon::prelude::*;
    lines
        .into_par_iter()
        .map(|(src, line)| match line {
            Err(e) => Outcome::rejected(&src, e),
            Ok(bytes) => match std::str::from_utf8(&bytes) {
                Err(e) => Outcome::rejected(&src, IngestError::InvalidUtf8 { offset: e.valid_up_to() }),
                Ok(s) => match serde_json::from_str::<Value>(s) {
                    Ok(v) => outcome_of_value(&src, v),
                    Err(e) => Outcome::rejected(&src, IngestError::MalformedJson(e.to_string())),
                },
            },
        })
        .collect()
}

enum Line {
    Fine(Vec<u8>),
    TooLong,
}

/// One line, without its terminator; a line over `cap` bytes is skipped to its end (never held
/// in memory) and reported as too long.
fn read_line_capped<R: BufRead>(reader: &mut R, cap: u64) -> std::io::Result<Option<Line>> {
    let mut line = Vec::new();
    let mut too_long = false;
    let mut any = false;
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        any = true;
        let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..i], Some(i + 1)),
            None => (buf, None),
        };
        if !too_long {
            if (line.len() + chunk.len()) as u64 > cap {
                too_long = true;
                line = Vec::new();
            } else {
                line.extend_from_slice(chunk);
            }
        }
        let consumed = done.unwrap_or(buf.len());
        reader.consume(consumed);
        if done.is_some() {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if too_long {
        return Ok(Some(Line::TooLong));
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(Some(Line::Fine(line)))
}
