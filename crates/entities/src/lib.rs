//! Entities: who and what an article names, and who is who.
//!
//! (Stub: the entity layer is built in issue 4. The types below are the contract the pipeline
//! relies on; the recogniser finds nothing yet.)

use serde::Serialize;
use storyline_core::report::EntityType;
use storyline_core::text::Token;
use storyline_core::{Remap, Span};

/// A mention of an entity in the text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mention {
    #[serde(flatten)]
    pub span: Span,
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Index into the article's [`DocEntity`] list.
    pub entity: usize,
}

impl Remap for Mention {
    fn remap(&mut self, f: &dyn Fn(Span) -> Span) {
        self.span = f(self.span);
    }
}

/// One entity within one article: all its mentions resolved to one name.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocEntity {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub aliases: Vec<String>,
    pub roles: Vec<String>,
}

/// The entity layer's result for one article.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DocEntities {
    pub mentions: Vec<Mention>,
    pub entities: Vec<DocEntity>,
}

impl Remap for DocEntities {
    fn remap(&mut self, f: &dyn Fn(Span) -> Span) {
        self.mentions.remap(f);
    }
}

/// Recognises entity mentions. Holds the model; load once, share freely across threads.
#[derive(Debug, Default)]
pub struct EntityRecognizer {}

impl EntityRecognizer {
    /// The model shipped with storyline.
    pub fn load_default() -> EntityRecognizer {
        EntityRecognizer {}
    }

    /// Mentions and within-article entities in `text`, given its tokens and sentences.
    pub fn recognize(&self, _text: &str, _tokens: &[Token], _sentences: &[Span]) -> DocEntities {
        DocEntities::default()
    }
}
