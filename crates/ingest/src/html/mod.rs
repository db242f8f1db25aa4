//! HTML main-text extraction and metadata. (Stub: built in issue 2.)
//!
//! Contract for the readers: `extract(html, url)` returns the article body as paragraphs
//! separated by blank lines, plus what the page states about itself.

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
}

/// Why a page gave no article.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HtmlError {
    #[error("no article body found in the HTML")]
    NoBody,
}

/// Extract the main text and metadata of an HTML page already decoded to UTF-8.
pub fn extract(_html: &str, _url: Option<&str>) -> Result<HtmlArticle, HtmlError> {
    Err(HtmlError::NoBody)
}
