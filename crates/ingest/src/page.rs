//! The HTML reader: decode a page (BOM, HTTP charset, `<meta charset>`, guess), extract its main
//! text with [`crate::html::extract`], and gather what the page states about itself.
//!
//! The article text is the extractor's text, verbatim — it is what the extraction benchmark
//! scores — so the body is that text unchanged. A dateline at its start is read for metadata
//! (place, agency, month and day) but left in the text.

use crate::decode::{self, Utf8Errors};
use crate::meta::{self, DateClaim, Found};
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
    // A site name written as a slug ("usatoday", "nj") is weaker than the domain table.
    let site_name = page.site_name.clone().filter(|n| {
        !is_slug(n)
            || url
                .or(page.url.as_deref())
                .and_then(meta::host_of)
                .and_then(|h| meta::known_outlet_for_host(&h))
                .is_none()
    });
    let mut found = Found {
        site_name,
        url: page.url.clone().or_else(|| url.map(str::to_string)),
        declared_language: page.language.clone(),
        ..Found::default()
    };
    let mut warnings = decoded.warnings;
    if decoded.text.len() > html::MAX_HTML_BYTES {
        // The extractor reads only the first MAX_HTML_BYTES: say so rather than cut silently.
        warnings.push(format!("page cut to its first {} bytes for extraction", html::MAX_HTML_BYTES));
    }
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
    let mut site_names: Vec<String> = page.site_name.iter().cloned().collect();
    site_names.extend(meta::resolve_outlet(&found));
    if let Some(host) = found.url.as_deref().and_then(meta::host_of) {
        site_names.push(host.split('.').next().unwrap_or("").to_string());
        site_names.push(host);
    }
    let draft = crate::Draft {
        source: source.to_string(),
        format,
        text: page.text,
        body: Some(body),
        title: page
            .title
            .map(|t| strip_site_suffix(&t.split_whitespace().collect::<Vec<_>>().join(" "), &site_names))
            .filter(|t| !t.is_empty()),
        title_span: None,
        dateline,
        found,
        warnings,
    };
    Ok(draft.finish())
}

fn is_slug(name: &str) -> bool {
    name.starts_with('@')
        || !name.contains(' ') && name.chars().all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
}

/// Comparable form of a name: letters and digits only, lowercased ("The Hill" ~ "TheHill").
fn squash(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// `<title>` often ends with the site's name ("Best gadgets of 2019 | ZDNet"): drop that last
/// segment when it names the site (its site name, outlet or domain); anything else stays.
fn strip_site_suffix(title: &str, site_names: &[String]) -> String {
    let names: Vec<String> = site_names.iter().map(|n| squash(n)).filter(|n| n.len() >= 2).collect();
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · ", " « ", " » "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let t = squash(tail);
            if !head.trim().is_empty()
                && !t.is_empty()
                && names.iter().any(|n| {
                    *n == t || (n.len() >= 4 && t.len() >= 4 && (t.contains(n.as_str()) || n.contains(t.as_str())))
                })
            {
                return head.trim_end().to_string();
            }
        }
    }
    title.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_suffixes() {
        let names = vec!["ZDNet".to_string(), "zdnet.com".to_string()];
        assert_eq!(strip_site_suffix("Best tech gadgets of 2019 | ZDNet", &names), "Best tech gadgets of 2019");
        assert_eq!(
            strip_site_suffix("Simple Kit (with Kids) - The Anti-June Cleaver", &["The Anti-June Cleaver".into()]),
            "Simple Kit (with Kids)"
        );
        assert_eq!(strip_site_suffix("Talks fail - officials say", &names), "Talks fail - officials say");
        assert_eq!(strip_site_suffix("ZDNet", &names), "ZDNet");
        assert!(is_slug("usatoday") && !is_slug("USA Today"));
    }
}
