//! The report contract: `report.json`, schema version 1.
//!
//! Field names here are fixed by `DESIGN.md` (tools and tests rely on them); fields may be added,
//! never renamed. Vectors are emitted in a defined order by the report builder so the same inputs
//! give byte-identical JSON.

use crate::{PartialDate, Published};
use serde::{Deserialize, Serialize};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    pub articles: Vec<ReportArticle>,
    pub rejected: Vec<Rejected>,
    pub entities: Vec<Entity>,
    pub stories: Vec<Story>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportArticle {
    pub id: String,
    pub source: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub published: Published,
    pub story: Option<String>,
    pub near_duplicate_of: Vec<String>,
}

/// An input that did not become an article, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    pub source: String,
    pub reason: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    Person,
    Organization,
    Location,
    Other,
}

impl EntityType {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Organization => "organization",
            EntityType::Location => "location",
            EntityType::Other => "other",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub aliases: Vec<String>,
    pub roles: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub id: String,
    pub title: String,
    pub articles: Vec<String>,
    pub timeline: Vec<TimelineEntry>,
    pub quotes: Vec<Quote>,
    pub conflicts: Vec<Conflict>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub date: PartialDate,
    pub what: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub actors: Vec<String>,
    pub sources: Vec<Evidence>,
    pub disputed: bool,
    /// Announced or expected rather than done ("is to arrive on Sunday"), dated to the plan.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub planned: bool,
    /// Where it happened: entity ids of the places named with it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub speaker: Option<String>,
    pub speaker_name: Option<String>,
    pub text: String,
    pub date: Option<PartialDate>,
    pub direct: bool,
    pub sources: Vec<Evidence>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub about: String,
    pub claims: Vec<Claim>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub value: String,
    pub sources: Vec<Evidence>,
}

/// A pointer to the exact bytes that support a claim: `text` is `article.text[start..end]`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Evidence {
    pub article: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl Evidence {
    /// Evidence for `span` of `article_text`; `None` when the span is not valid in the text, so
    /// a report can never carry evidence that does not match its bytes.
    pub fn new(article_id: &str, article_text: &str, span: crate::Span) -> Option<Evidence> {
        let text = article_text.get(span.range())?;
        Some(Evidence { article: article_id.to_string(), start: span.start, end: span.end, text: text.to_string() })
    }
}
