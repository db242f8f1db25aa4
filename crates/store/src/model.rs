//! What the store answers: the JSON vocabulary of the API (built on `storyline_core::report`).

use serde::{Deserialize, Serialize};
use storyline_core::report::{Entity, Quote, Story, TimelineEntry};
use storyline_core::{PartialDate, Published};

/// Counts of what a store holds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub schema_version: i64,
    pub articles: u64,
    pub stories: u64,
    pub entities: u64,
    /// The store sequence number the search index has caught up to.
    pub indexed_seq: u64,
    /// The store's latest sequence number.
    pub seq: u64,
}

/// A page of a listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    pub offset: usize,
    pub limit: usize,
}

impl Page {
    /// The most one page may hold (the API refuses more).
    pub const MAX_LIMIT: usize = 200;

    pub fn new(offset: usize, limit: usize) -> Page {
        Page { offset, limit: limit.clamp(1, Page::MAX_LIMIT) }
    }
}

impl Default for Page {
    fn default() -> Self {
        Page { offset: 0, limit: 50 }
    }
}

/// One page of results and the total count.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Listing<T> {
    pub total: u64,
    pub offset: usize,
    pub items: Vec<T>,
}

/// A story in a list: enough to choose it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StorySummary {
    pub id: String,
    pub title: String,
    pub articles: usize,
    pub first_date: Option<PartialDate>,
    pub last_date: Option<PartialDate>,
    pub outlets: Vec<String>,
    pub timeline: usize,
    pub quotes: usize,
    pub conflicts: usize,
}

/// An article in a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub id: String,
    pub source: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub published: Published,
    pub story: String,
}

/// A story with its timeline, quotes, conflicts, entities and articles.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoryPage {
    pub story: Story,
    pub entities: Vec<Entity>,
    /// The story's articles, in the story's order.
    pub articles: Vec<ArticleSummary>,
    pub near_duplicates: Vec<(String, String)>,
}

/// An annotation of an article, as a byte range into its text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    /// `entity`, `quote`, `time`.
    pub kind: String,
    /// What it is: the entity's name and type, the speaker, the time value.
    pub label: String,
}

/// An article with its text as ingested and where its annotations sit in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticlePage {
    pub article: ArticleSummary,
    pub text: String,
    pub marks: Vec<Mark>,
    pub near_duplicate_of: Vec<String>,
    pub warnings: Vec<String>,
}

/// An entity in a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntitySummary {
    pub entity: Entity,
    pub stories: u64,
}

/// A quote or timeline entry with the story it comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InStory<T> {
    pub story: String,
    pub story_title: String,
    #[serde(flatten)]
    pub item: T,
}

/// An entity across stories: its quotes and the timeline entries it acts in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntityPage {
    pub entity: Entity,
    pub stories: Vec<StorySummary>,
    pub quotes: Vec<InStory<Quote>>,
    pub timeline: Vec<InStory<TimelineEntry>>,
}

/// A full-text query with its filters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchQuery {
    /// Query text: words (BM25), `"phrases"`, `+required -excluded`, `title:word`.
    pub q: String,
    /// Only documents naming this entity (a name or alias, case-insensitive).
    pub entity: Option<String>,
    /// Only documents dated on or after this day.
    pub from: Option<PartialDate>,
    /// Only documents dated on or before this day (a month or year means its last day).
    pub to: Option<PartialDate>,
    /// Only articles of this outlet (case-insensitive).
    pub outlet: Option<String>,
    pub offset: usize,
    pub limit: usize,
}

/// A snippet of matching text: `text` with the byte ranges to highlight.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
    /// Where `text` starts in the article's text, when the snippet is from the article body.
    pub offset: Option<usize>,
}

/// One search result: an article, or a timeline entry of a story.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    /// `article` or `timeline`.
    pub kind: String,
    pub score: f32,
    /// The article (for a timeline entry: its first source article).
    pub article: Option<String>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub date: Option<PartialDate>,
    pub story: Option<String>,
    pub story_title: Option<String>,
    pub snippet: Snippet,
}

/// Search results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    pub total: u64,
    pub offset: usize,
    pub hits: Vec<SearchHit>,
}

/// What adding articles did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AddSummary {
    /// Articles stored now.
    pub added: usize,
    /// Articles already in the store (same content hash), not stored again.
    pub duplicates: usize,
    /// Stories whose view was recomputed.
    pub stories_updated: usize,
    /// Stories that disappeared (merged into others).
    pub stories_removed: usize,
    /// Large stories whose view is recomputed in the background, right after the add returns
    /// (a server started with a write token; see `Store::defer_index_commits`).
    #[serde(default)]
    pub stories_deferred: usize,
    /// The new articles' ids and their stories.
    pub articles: Vec<AddedArticle>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AddedArticle {
    pub id: String,
    pub story: String,
    /// Whether it was already in the store.
    pub duplicate: bool,
}
