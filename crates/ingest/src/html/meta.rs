//! What a page states about itself: title, publication date, site name, canonical URL,
//! language and author, from `<meta>` tags, JSON-LD (`application/ld+json`), `<time>`,
//! `<link rel=canonical>` and `<html lang>`.
//!
//! Values are returned as the page states them (trimmed, whitespace collapsed): interpreting a
//! date string is the time layer's job, so a stated "2021-06-20T21:44:00+03:00" stays as is.

use super::dom::{Dom, NodeId, Tag};

/// Largest JSON-LD block parsed: bigger ones are data dumps, not page metadata.
const MAX_JSON_LD: usize = 1 << 20;

/// Metadata found in a page.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct PageMeta {
    pub title: Option<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub site_name: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub author: Option<String>,
    /// `<title>` as written (used by the body extractor to recognise the headline).
    pub html_title: Option<String>,
}

/// What the JSON-LD blocks of a page say about its article.
#[derive(Default)]
struct JsonLd {
    headline: Option<String>,
    published: Option<String>,
    modified: Option<String>,
    publisher: Option<String>,
    author: Option<String>,
    language: Option<String>,
    url: Option<String>,
    /// Whether the values come from an Article-like object (preferred over a WebPage's).
    from_article: bool,
}

pub(crate) fn extract(dom: &Dom, url: Option<&str>) -> PageMeta {
    // (key, content) of every <meta>, keys lowercased: `property`, `name`, `itemprop` or
    // `http-equiv`.
    let mut metas: Vec<(String, String)> = Vec::new();
    let mut canonical: Option<String> = None;
    let mut html_lang: Option<String> = None;
    let mut html_title: Option<String> = None;
    let mut h1: Option<String> = None;
    let mut time_published: Option<String> = None;
    let mut time_first: Option<String> = None;
    let mut ld = JsonLd::default();

    for id in dom.descendants(0) {
        match dom.tag(id) {
            Tag::Meta => {
                let Some(content) = dom.attr_decoded(id, "content") else { continue };
                if content.is_empty() {
                    continue;
                }
                for key_attr in ["property", "name", "itemprop", "http-equiv"] {
                    if let Some(k) = dom.attr(id, key_attr) {
                        metas.push((k.trim().to_ascii_lowercase(), content.clone()));
                    }
                }
            }
            Tag::Link
                if canonical.is_none()
                    && dom
                        .attr(id, "rel")
                        .is_some_and(|r| r.split_ascii_whitespace().any(|t| t.eq_ignore_ascii_case("canonical"))) =>
            {
                canonical = dom.attr_decoded(id, "href").filter(|h| !h.is_empty());
            }
            Tag::Html if html_lang.is_none() => {
                html_lang =
                    dom.attr_decoded(id, "lang").or_else(|| dom.attr_decoded(id, "xml:lang")).filter(|l| !l.is_empty());
            }
            Tag::Title if html_title.is_none() => {
                let mut s = String::new();
                super::dom::decode_into(dom.raw_of(id), &mut s, false);
                html_title = non_empty(collapse(&s));
            }
            Tag::H1 if h1.is_none() => {
                h1 = non_empty(collapse(&subtree_text(dom, id)));
            }
            Tag::Time => {
                let dt = dom.attr_decoded(id, "datetime").filter(|d| !d.is_empty());
                if let Some(dt) = dt {
                    let published = dom.attr(id, "itemprop").is_some_and(|p| p.eq_ignore_ascii_case("datePublished"))
                        || dom.attr(id, "class").is_some_and(|c| c.to_ascii_lowercase().contains("publish"))
                        || dom.attr(id, "pubdate").is_some();
                    if published && time_published.is_none() {
                        time_published = Some(dt.clone());
                    }
                    if time_first.is_none() {
                        time_first = Some(dt);
                    }
                }
            }
            Tag::Script
                if dom.attr(id, "type").is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                read_json_ld(dom.raw_of(id), &mut ld);
            }
            _ => {}
        }
    }

    let meta = |keys: &[&str]| -> Option<String> {
        keys.iter()
            .find_map(|k| metas.iter().find(|(mk, _)| mk == k).map(|(_, v)| collapse(v)))
            .filter(|v| !v.is_empty())
    };

    let published = meta(&["article:published_time", "og:article:published_time", "article:published"])
        .or_else(|| ld.published.clone())
        .or_else(|| meta(&["datepublished"]))
        .or_else(|| time_published.clone())
        .or_else(|| {
            meta(&[
                "og:published_time",
                "published_time",
                "publishdate",
                "publish-date",
                "publish_date",
                "pubdate",
                "pub_date",
                "article.published",
                "article_date_original",
                "original-publish-date",
                "sailthru.date",
                "parsely-pub-date",
                "cxenseparse:recs:publishtime",
                "dc.date.issued",
                "dcterms.issued",
                "dc.date",
                "dcterms.date",
                "dc.date.created",
                "dcterms.created",
                "citation_publication_date",
                "date",
            ])
        })
        .or(time_first);
    let modified = meta(&["article:modified_time", "og:updated_time", "datemodified"]).or_else(|| ld.modified.clone());
    let title = meta(&["og:title"])
        .or_else(|| ld.headline.clone())
        .or_else(|| meta(&["twitter:title", "headline"]))
        .or_else(|| h1.clone())
        .or_else(|| html_title.clone());
    let site_name = meta(&["og:site_name"]).or_else(|| ld.publisher.clone()).or_else(|| meta(&["application-name"]));
    let author = meta(&["author", "article:author", "byl", "parsely-author", "sailthru.author", "dc.creator"])
        .filter(|a| !a.starts_with("http"))
        .or_else(|| ld.author.clone());
    let language = html_lang
        .or_else(|| meta(&["content-language", "language", "dc.language", "og:locale"]))
        .or_else(|| ld.language.clone())
        .map(|l| l.replace('_', "-"));
    let stated_url = canonical.or_else(|| meta(&["og:url"])).or_else(|| ld.url.clone());
    let url = match stated_url {
        Some(u) => Some(resolve(&u, url)),
        None => url.map(str::to_string),
    };
    PageMeta { title, published, modified, site_name, url, language, author, html_title }
}

/// All text under a node, concatenated.
pub(crate) fn subtree_text(dom: &Dom, id: NodeId) -> String {
    let mut s = String::new();
    for d in dom.descendants(id) {
        s.push_str(dom.text_of(d));
    }
    s
}

/// Collapse whitespace runs to one space and trim.
pub(crate) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn non_empty(s: String) -> Option<String> {
    if s.is_empty() { None } else { Some(s) }
}

/// Resolve a possibly relative URL against the page URL (enough for canonical links:
/// protocol-relative and root-relative forms).
fn resolve(href: &str, base: Option<&str>) -> String {
    if href.starts_with("http://") || href.starts_with("https://") {
        return href.to_string();
    }
    let Some(base) = base else { return href.to_string() };
    let Some(scheme_end) = base.find("://") else { return href.to_string() };
    if let Some(rest) = href.strip_prefix("//") {
        return format!("{}://{}", &base[..scheme_end], rest);
    }
    if href.starts_with('/') {
        let host_end = base[scheme_end + 3..].find('/').map_or(base.len(), |i| scheme_end + 3 + i);
        return format!("{}{}", &base[..host_end], href);
    }
    href.to_string()
}

/// Read one JSON-LD block into `ld`, keeping the first value of each field, preferring
/// Article-like objects (`NewsArticle`, `BlogPosting`...) over others (`WebPage`).
fn read_json_ld(raw: &str, ld: &mut JsonLd) {
    if raw.len() > MAX_JSON_LD {
        return;
    }
    let mut s = raw.trim();
    // Some CMSs wrap the JSON in comment or CDATA markers, or end it with ';'.
    for (open, close) in [("<!--", "-->"), ("//<![CDATA[", "//]]>"), ("<![CDATA[", "]]>")] {
        if let Some(inner) = s.strip_prefix(open).and_then(|x| x.trim_end().strip_suffix(close)) {
            s = inner.trim();
        }
    }
    let s = s.trim_end_matches(';');
    let Ok(value) = serde_json::from_str::<serde_json::Value>(s) else { return };
    // Walk objects (top level, arrays, @graph) without recursion, bounded.
    let mut todo = vec![&value];
    let mut seen = 0;
    while let Some(v) = todo.pop() {
        seen += 1;
        if seen > 200 {
            break;
        }
        match v {
            serde_json::Value::Array(items) => todo.extend(items.iter().rev()),
            serde_json::Value::Object(obj) => {
                if let Some(g) = obj.get("@graph") {
                    todo.push(g);
                }
                let article = type_names(obj.get("@type")).any(is_article_type);
                if article && !ld.from_article {
                    // An article object overrides what a page object said.
                    *ld = JsonLd { from_article: true, ..JsonLd::default() };
                } else if !article && ld.from_article {
                    continue;
                }
                let str_of = |k: &str| obj.get(k).and_then(|v| v.as_str()).map(collapse).filter(|s| !s.is_empty());
                if article || type_names(obj.get("@type")).any(|t| t.contains("Page")) {
                    ld.headline = ld.headline.take().or_else(|| str_of("headline"));
                    ld.published = ld.published.take().or_else(|| str_of("datePublished"));
                    ld.modified = ld.modified.take().or_else(|| str_of("dateModified"));
                    ld.language = ld.language.take().or_else(|| str_of("inLanguage"));
                    ld.url = ld.url.take().or_else(|| str_of("url"));
                    ld.publisher = ld.publisher.take().or_else(|| name_of(obj.get("publisher")));
                    ld.author = ld.author.take().or_else(|| name_of(obj.get("author")));
                }
            }
            _ => {}
        }
    }
}

/// The `@type` names of a JSON-LD object (a string or an array of strings).
fn type_names(v: Option<&serde_json::Value>) -> impl Iterator<Item = &str> {
    let (one, many) = match v {
        Some(serde_json::Value::String(s)) => (Some(s.as_str()), None),
        Some(serde_json::Value::Array(a)) => (None, Some(a.iter().filter_map(|x| x.as_str()))),
        _ => (None, None),
    };
    one.into_iter().chain(many.into_iter().flatten())
}

fn is_article_type(t: &str) -> bool {
    t.ends_with("Article")
        || t == "BlogPosting"
        || t == "Report"
        || t == "LiveBlogPosting"
        || t == "ReportageNewsArticle"
}

/// A name from a JSON-LD person/organisation value: a string, an object with `name`, or the
/// first of an array.
fn name_of(v: Option<&serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::String(s) => Some(collapse(s)).filter(|s| !s.is_empty() && !s.starts_with("http")),
        serde_json::Value::Object(o) => o.get("name").and_then(|n| n.as_str()).map(collapse).filter(|s| !s.is_empty()),
        serde_json::Value::Array(a) => a.iter().find_map(|x| name_of(Some(x))),
        _ => None,
    }
}
