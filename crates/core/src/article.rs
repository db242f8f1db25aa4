//! One news article: its text exactly as ingested, a clean view of its body, and metadata.

use crate::{CleanText, PartialDate, Span};
use serde::{Deserialize, Serialize};

/// An article as ingested.
///
/// `text` is never rewritten after ingest: it is the decoded file content for a text file, and
/// the extracted main text for formats that need extraction (HTML, WARC, feeds, JSON Lines).
/// Every annotation anywhere in storyline is a [`Span`] into `text`. `body` is the clean article
/// body (boilerplate, header lines, link residue removed) as an offset-tracked view of `text`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Content-derived id ([`crate::content_id`] of `text`), stable across runs and input order.
    pub id: String,
    /// Where it came from: the input path, plus `#N` for the N-th record (1-based) of a
    /// multi-record file (JSON Lines, WARC, feeds); `-` for stdin.
    pub source: String,
    pub format: SourceFormat,
    /// The text as ingested. Immutable: the provenance of every annotation.
    pub text: String,
    /// The clean body, mapping back into `text`.
    pub body: CleanText,
    pub title: Option<String>,
    /// Where the headline sits in `text`, when it is part of it.
    pub title_span: Option<Span>,
    /// A readable outlet name ("TASS", "The Moscow Times"), not a domain, where known.
    pub outlet: Option<String>,
    pub url: Option<String>,
    /// ISO 639-1 code ("en", "ru") when detected with confidence.
    pub language: Option<String>,
    pub published: Published,
    /// The place of a dateline ("MOSCOW" in "MOSCOW, November 2 – RIA Novosti."), when present.
    pub dateline: Option<String>,
    /// Things worth knowing that did not stop ingest (a charset guessed, a field missing).
    pub warnings: Vec<String>,
}

/// The reader that produced an article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    Text,
    Html,
    Jsonl,
    Warc,
    Feed,
}

/// When an article was published, and how we know.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Published {
    pub date: Option<PartialDate>,
    /// `"HH:MM"`, local to the outlet, when stated.
    pub time: Option<String>,
    /// How the date was established; `None` exactly when `date` is `None`.
    pub basis: Option<DateBasis>,
    /// For `inferred` dates: how sure, in 0..=1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
    /// Where in `text` the date was read, when it was read from the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Span>,
}

impl Published {
    pub fn unknown() -> Published {
        Published::default()
    }

    pub fn stated(date: PartialDate) -> Published {
        Published { date: Some(date), basis: Some(DateBasis::Stated), ..Published::default() }
    }

    pub fn with_basis(date: PartialDate, basis: DateBasis) -> Published {
        Published { date: Some(date), basis: Some(basis), ..Published::default() }
    }
}

/// The report contract's `published.basis`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateBasis {
    /// A header line, `<meta>`, JSON-LD, `<time>`, a feed or JSON field.
    Stated,
    /// A dateline such as "MOSCOW, November 2 – RIA Novosti."
    Dateline,
    /// A date in the URL path (`/2021/04/07/`, `/20211102/`).
    Url,
    /// Reasoned from internal evidence; see `confidence`.
    Inferred,
}
