//! The store: a directory that keeps articles, their annotations and the stories they form, and
//! grows article by article; with full-text search over it.
//!
//! [`Store`] is the embedded implementation (SQLite for the truth, a tantivy index beside it);
//! [`StoryStore`] is the interface the server and the commands use, so that a server database
//! (PostgreSQL, a search cluster) can take over without touching them.
//!
//! ```no_run
//! use storyline_store::{OpenMode, SearchQuery, Store, StoryStore};
//!
//! # fn main() -> Result<(), storyline_store::StoreError> {
//! let store = Store::open("my-store", OpenMode::ReadWrite)?;
//! let annotator = storyline_annotate::Annotator::new();
//! # let articles: Vec<storyline_core::Article> = vec![];
//! let docs = articles.into_iter().map(|a| annotator.annotate(a)).collect();
//! let added = store.add(docs)?; // idempotent: the same article twice is stored once
//! println!("{} new, {} already there", added.added, added.duplicates);
//! let hits = store.search(&SearchQuery { q: "\"returned to Washington\"".into(), limit: 10, ..Default::default() })?;
//! # Ok(()) }
//! ```
//!
//! Code map: [`store`] (opening, crash safety, incremental ingest, reads), [`schema`] (SQLite
//! schema and migrations), [`index`] (the tantivy index), [`codec`] (how docs and linking features
//! are kept), [`model`] (what the store answers).

pub mod codec;
pub mod error;
pub mod highlight;
pub mod index;
pub mod model;
pub mod schema;
pub mod store;

pub use error::{Result, StoreError};
pub use model::*;
pub use store::{LinkerReady, OpenMode, Store};

use storyline_annotate::Doc;

/// What a store offers: reads for the API and the UI, search, and adding articles.
///
/// Every method is safe to call from many threads at once; adding is serialised inside.
pub trait StoryStore: Send + Sync {
    fn stats(&self) -> Result<Stats>;
    /// Stories, largest first.
    fn stories(&self, page: Page) -> Result<Listing<StorySummary>>;
    fn story(&self, id: &str) -> Result<Option<StoryPage>>;
    /// [`StoryStore::story`] as JSON, ready to send (a store that keeps pages serialised
    /// returns them without parsing them).
    fn story_json(&self, id: &str) -> Result<Option<String>> {
        match self.story(id)? {
            Some(p) => serde_json::to_string(&p).map(Some).map_err(|e| StoreError::corrupt("story page", e)),
            None => Ok(None),
        }
    }
    fn article(&self, id: &str) -> Result<Option<ArticlePage>>;
    /// Entities, most widespread first; `q` filters by name or alias (substring, any case).
    fn entities(&self, q: Option<&str>, page: Page) -> Result<Listing<EntitySummary>>;
    fn entity(&self, id: &str) -> Result<Option<EntityPage>>;
    fn search(&self, q: &SearchQuery) -> Result<SearchResults>;
    /// Whether [`StoryStore::add`] may be called.
    fn is_writable(&self) -> bool;
    /// Add annotated articles (idempotent by content hash; all in or none).
    fn add(&self, docs: Vec<Doc>) -> Result<AddSummary>;
}

impl StoryStore for Store {
    fn stats(&self) -> Result<Stats> {
        Store::stats(self)
    }
    fn stories(&self, page: Page) -> Result<Listing<StorySummary>> {
        Store::stories(self, page)
    }
    fn story(&self, id: &str) -> Result<Option<StoryPage>> {
        Store::story(self, id)
    }
    fn story_json(&self, id: &str) -> Result<Option<String>> {
        Store::story_json(self, id)
    }
    fn article(&self, id: &str) -> Result<Option<ArticlePage>> {
        Store::article(self, id)
    }
    fn entities(&self, q: Option<&str>, page: Page) -> Result<Listing<EntitySummary>> {
        Store::entities(self, q, page)
    }
    fn entity(&self, id: &str) -> Result<Option<EntityPage>> {
        Store::entity(self, id)
    }
    fn search(&self, q: &SearchQuery) -> Result<SearchResults> {
        Store::search(self, q)
    }
    fn is_writable(&self) -> bool {
        Store::is_writable(self)
    }
    fn add(&self, docs: Vec<Doc>) -> Result<AddSummary> {
        Store::add(self, docs)
    }
}
