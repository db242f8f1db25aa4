//! HTML main-text extraction and metadata: the article body of a news or blog page without
//! navigation, ads, comments or related links, plus the title, date, site name, canonical URL
//! and language the page states.
//!
//! Contract for the readers: [`extract`] takes a page already decoded to UTF-8 and returns the
//! article body as paragraphs separated by blank lines, plus what the page states about itself.
//!
//! ```
//! let html = r#"<html lang="en"><head><title>Storm hits coast - The Daily</title>
//!   <meta property="article:published_time" content="2021-06-20T21:44:00Z"></head>
//!   <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
//!   <article><h1>Storm hits coast</h1>
//!   <p>A powerful storm hit the coast on Sunday, cutting power to thousands of homes.</p>
//!   <p>Officials said repairs would take several days to complete across the region.</p>
//!   </article></body></html>"#;
//! let page = storyline_ingest::html::extract(html, None).unwrap();
//! assert!(page.text.starts_with("A powerful storm"));
//! assert!(!page.text.contains("Home"));
//! assert_eq!(page.published.as_deref(), Some("2021-06-20T21:44:00Z"));
//! assert_eq!(page.language.as_deref(), Some("en"));
//! ```
//!
//! The parser ([`dom`]) is our own: a forgiving HTML5-like tree builder that is several times
//! faster than a spec-exact one, which matters when ingesting millions of pages. Extraction
//! ([`body`]) scores blocks of text and picks the container that holds the article; metadata
//! ([`meta`]) reads `<meta>`, JSON-LD, `<time>` and `<link rel=canonical>`.

mod body;
mod dom;
mod entities;
mod meta;

/// Pages larger than this are cut (at a char boundary) before parsing: real articles are far
/// smaller, and the cap bounds time and memory on hostile input.
pub const MAX_HTML_BYTES: usize = 16 << 20;

/// What an HTML page yields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HtmlArticle {
    /// Main text, paragraphs separated by a blank line ("\n\n").
    pub text: String,
    pub title: Option<String>,
    /// As the page states it (ISO 8601 or whatever `<meta>`/JSON-LD/`<time>` hold).
    pub published: Option<String>,
    /// Site or publisher name as the page states it (`og:site_name`, JSON-LD publisher).
    pub site_name: Option<String>,
    /// Canonical URL (`<link rel=canonical>`, `og:url`), else the URL given.
    pub url: Option<String>,
    /// `<html lang>` or `content-language`, when stated.
    pub language: Option<String>,
    /// Last modification as the page states it (`article:modified_time`, JSON-LD
    /// `dateModified`).
    pub modified: Option<String>,
    /// Author as the page states it (`<meta name=author>`, JSON-LD `author`).
    pub author: Option<String>,
}

/// Why a page gave no article.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HtmlError {
    #[error("no article body found in the HTML")]
    NoBody,
}

/// Extract the main text and metadata of an HTML page already decoded to UTF-8.
///
/// `url` is where the page came from, if known: it resolves a relative canonical link and is
/// the fallback for [`HtmlArticle::url`]. Never panics; time and memory are linear in the input
/// (capped at [`MAX_HTML_BYTES`]).
pub fn extract(html: &str, url: Option<&str>) -> Result<HtmlArticle, HtmlError> {
    let html = truncate(html, MAX_HTML_BYTES);
    let dom = dom::Dom::parse(html);
    let meta = meta::extract(&dom, url);
    let text = body::extract(&dom, meta.title.as_deref()).ok_or(HtmlError::NoBody)?;
    Ok(HtmlArticle {
        text,
        title: meta.title,
        published: meta.published,
        site_name: meta.site_name,
        url: meta.url,
        language: meta.language,
        modified: meta.modified,
        author: meta.author,
    })
}

/// The longest prefix of `s` of at most `max` bytes that ends on a char boundary.
fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A paragraph of real-looking prose, long enough to count as article text.
    fn para(n: usize) -> String {
        format!(
            "<p>Paragraph {n} of the story: the council met on Tuesday and voted to repair the old bridge, \
             which has been closed since the spring floods damaged its supports.</p>"
        )
    }

    fn page(body: &str) -> String {
        format!(
            "<!DOCTYPE html><html lang=\"en-GB\"><head><title>Bridge repair approved - Town Gazette</title></head><body>{body}</body></html>"
        )
    }

    #[test]
    fn keeps_paragraphs_and_drops_navigation_and_headline() {
        let html = page(&format!(
            "<header><nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li></ul></nav></header>\
             <article><h1>Bridge repair approved</h1><div class='byline'>By Jane Roe</div>{}{}{}</article>\
             <footer><p>About us · Contact · Privacy policy of the Town Gazette and its partners</p></footer>",
            para(1),
            para(2),
            para(3)
        ));
        let a = extract(&html, None).unwrap();
        let paras: Vec<&str> = a.text.split("\n\n").collect();
        assert_eq!(paras.len(), 3, "{}", a.text);
        assert!(paras[0].starts_with("Paragraph 1 of the story"));
        assert!(!a.text.contains("Home"));
        assert!(!a.text.contains("Jane Roe"));
        assert!(!a.text.contains("Privacy"));
        assert!(!a.text.contains("Bridge repair approved"));
    }

    #[test]
    fn drops_ads_related_links_and_comments() {
        let html = page(&format!(
            "<div class='content'>{}<div class='ad-slot'>Advertisement</div>{}\
             <p>Advertisement</p>{}\
             <div class='related-stories'><h3>Related</h3><ul><li><a href='/a'>Another story about the town budget</a></li>\
             <li><a href='/b'>Yet another story about the mayor's plans</a></li></ul></div></div>\
             <section id='comments'><h2>Comments</h2>{}{}</section>",
            para(1),
            para(2),
            para(3),
            "<p>Great article, I have been waiting for this bridge to be repaired for such a long time now.</p>",
            "<p>I disagree with the council, the money should have gone to the schools instead of this.</p>"
        ));
        let a = extract(&html, None).unwrap();
        assert_eq!(a.text.split("\n\n").count(), 3, "{}", a.text);
        assert!(!a.text.contains("Advertisement"));
        assert!(!a.text.contains("Another story"));
        assert!(!a.text.contains("Great article"));
    }

    #[test]
    fn keeps_subheadings_lists_and_quotes_inside_the_body() {
        let html = page(&format!(
            "<div class='article-body'>{}<h2>What happens next</h2>{}<ul><li>Work starts in May.</li><li>It ends in June.</li></ul>\
             <blockquote><p>We are delighted, said the mayor.</p></blockquote>{}</div>",
            para(1),
            para(2),
            para(3)
        ));
        let a = extract(&html, None).unwrap();
        for needle in ["What happens next", "Work starts in May.", "It ends in June.", "We are delighted"] {
            assert!(a.text.contains(needle), "missing {needle:?} in {}", a.text);
        }
    }

    #[test]
    fn drops_captions_and_hidden_text() {
        let html = page(&format!(
            "<article>{}<figure><img src='x.jpg'><figcaption>The old bridge in 2019. Photo: Town Archive</figcaption></figure>\
             <div style='display: none'>Hidden promotional text that nobody sees on the page at all.</div>\
             <span class='sr-only'>Screen reader only text</span>{}</article>",
            para(1),
            para(2)
        ));
        let a = extract(&html, None).unwrap();
        assert!(!a.text.contains("Town Archive"), "{}", a.text);
        assert!(!a.text.contains("Hidden promotional"));
        assert!(!a.text.contains("Screen reader"));
    }

    #[test]
    fn drops_glued_date_lines_credits_and_notices() {
        let html = page(&format!(
            "<div class='post'><div>05/10/2018 - Posted by: Jane Roe - Category: Town<br>The council met on Tuesday and voted \
             to repair the old bridge, which has been closed since the spring floods.</div>{}{}\
             <p>Image 1 of 5</p><p>This site uses cookies to improve your experience. Accept</p>\
             <p>John Doe contributed reporting.</p></div>",
            para(2),
            para(3)
        ));
        let a = extract(&html, None).unwrap();
        assert!(a.text.starts_with("The council met on Tuesday"), "{}", a.text);
        assert!(!a.text.contains("Image 1 of 5"));
        assert!(!a.text.contains("cookies"));
        assert!(!a.text.contains("contributed reporting"));
    }

    #[test]
    fn keeps_embedded_tweets_even_in_social_wrappers() {
        let html = page(&format!(
            "<article>{}<div class='social-embed'><blockquote class='twitter-tweet'><p>The bridge is finally getting fixed!</p>\
             &mdash; Town Resident (@resident) <a href='https://twitter.com/x'>June 1, 2021</a></blockquote></div>{}</article>",
            para(1),
            para(2)
        ));
        let a = extract(&html, None).unwrap();
        assert!(a.text.contains("The bridge is finally getting fixed!"), "{}", a.text);
    }

    #[test]
    fn metadata_from_meta_tags() {
        let html = format!(
            "<html lang='en'><head><title>Bridge - Gazette</title>\
             <meta property='og:title' content='Bridge repair approved'>\
             <meta property='og:site_name' content='Town Gazette'>\
             <meta property='article:published_time' content='2021-06-20T21:44:00+03:00'>\
             <meta name='author' content='Jane Roe'>\
             <link rel='canonical' href='/news/bridge'></head><body><article>{}{}</article></body></html>",
            para(1),
            para(2)
        );
        let a = extract(&html, Some("https://gazette.example/news/bridge?utm=x")).unwrap();
        assert_eq!(a.title.as_deref(), Some("Bridge repair approved"));
        assert_eq!(a.site_name.as_deref(), Some("Town Gazette"));
        assert_eq!(a.published.as_deref(), Some("2021-06-20T21:44:00+03:00"));
        assert_eq!(a.url.as_deref(), Some("https://gazette.example/news/bridge"));
        assert_eq!(a.language.as_deref(), Some("en"));
        assert_eq!(a.author.as_deref(), Some("Jane Roe"));
    }

    #[test]
    fn metadata_from_json_ld_graph() {
        let html = format!(
            "<html><head><script type=\"application/ld+json\">{}</script></head><body><main>{}{}</main></body></html>",
            r#"{"@context":"https://schema.org","@graph":[
                {"@type":"WebPage","datePublished":"2000-01-01","url":"https://x.example/page"},
                {"@type":"NewsArticle","headline":"Storm hits coast","datePublished":"2021-04-07T10:00:00Z",
                 "dateModified":"2021-04-08","inLanguage":"ru","author":[{"@type":"Person","name":"Ivan Petrov"}],
                 "publisher":{"@type":"Organization","name":"The Moscow Times"}}]}"#,
            para(1),
            para(2)
        );
        let a = extract(&html, None).unwrap();
        assert_eq!(a.title.as_deref(), Some("Storm hits coast"));
        assert_eq!(a.published.as_deref(), Some("2021-04-07T10:00:00Z"));
        assert_eq!(a.modified.as_deref(), Some("2021-04-08"));
        assert_eq!(a.site_name.as_deref(), Some("The Moscow Times"));
        assert_eq!(a.author.as_deref(), Some("Ivan Petrov"));
        assert_eq!(a.language.as_deref(), Some("ru"));
    }

    #[test]
    fn date_from_time_element_when_nothing_else_states_it() {
        let html = page(&format!(
            "<article><time datetime='2021-11-02T09:30'>2 November</time>{}{}</article>",
            para(1),
            para(2)
        ));
        let a = extract(&html, None).unwrap();
        assert_eq!(a.published.as_deref(), Some("2021-11-02T09:30"));
        assert_eq!(a.language.as_deref(), Some("en-GB"));
        assert_eq!(a.title.as_deref(), Some("Bridge repair approved - Town Gazette"));
    }

    #[test]
    fn entities_and_inline_markup_make_words() {
        let html = page(&format!(
            "<article>{}<p>Caf&eacute; owners &amp; <b>bakers</b>&nbsp;were <a href='/x'>pleased</a> with the council&#8217;s decision today.</p></article>",
            para(1)
        ));
        let a = extract(&html, None).unwrap();
        assert!(a.text.contains("Café owners & bakers were pleased with the council’s decision today."), "{}", a.text);
    }

    #[test]
    fn pages_without_text_are_rejected() {
        assert_eq!(extract("", None), Err(HtmlError::NoBody));
        assert_eq!(
            extract("<html><head><script>var x = 1;</script></head><body><img src=a.png></body></html>", None),
            Err(HtmlError::NoBody)
        );
        assert_eq!(
            extract("<nav><a href=/>Home</a></nav>", None).map(|a| a.text.contains("Home")),
            Err(HtmlError::NoBody)
        );
    }

    #[test]
    fn plain_text_without_markup_is_kept() {
        let a = extract("Just a line of text that someone saved with an .html extension by mistake.", None).unwrap();
        assert!(a.text.starts_with("Just a line"));
    }

    #[test]
    fn hostile_inputs_do_not_panic_and_stay_bounded() {
        let deep = "<div><span>".repeat(20_000) + &para(1) + &"</span></div>".repeat(20_000);
        let _ = extract(&deep, None);
        let unclosed = "<p><b><i><a href='x'>".repeat(10_000);
        let _ = extract(&unclosed, None);
        let many_attrs = format!("<div {}>text</div>", "a=b ".repeat(50_000));
        let _ = extract(&many_attrs, None);
        let wide = para(1).repeat(5_000); // ~0.8 MB of paragraphs
        let a = extract(&wide, None).unwrap();
        assert!(a.text.len() > 500_000);
        for s in [
            "<",
            "<!--",
            "<script>",
            "<a href='",
            "&#x110000;",
            "&#99999999999;",
            "<title>",
            "é<p>ü",
            "<table><td><tr><li>",
        ] {
            let _ = extract(s, None);
        }
        let bad_json = format!("<script type='application/ld+json'>{}</script>{}", "[".repeat(10_000), para(1));
        assert!(extract(&bad_json, None).is_ok());
    }

    #[test]
    fn huge_input_is_capped() {
        assert_eq!(truncate("aé", 2), "a");
        assert_eq!(truncate("aé", 3), "aé");
        let big = format!("<p>{}</p>", "word ".repeat(MAX_HTML_BYTES / 5));
        let a = extract(truncate(&big, 4 << 20), None).unwrap();
        assert!(a.text.len() <= 4 << 20);
    }
}
