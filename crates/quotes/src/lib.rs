//! Quotations and attributions: who said what, when, according to whom.
//!
//! (Stub: the quote layer is built in issue 5. The types below are the contract the pipeline
//! relies on; the extractor finds nothing yet.)

use serde::Serialize;
use storyline_core::{Remap, Span};
use storyline_entities::DocEntities;
use storyline_time::Timex;

/// One attribution: a direct quote or reported speech.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Quote {
    #[serde(flatten)]
    pub span: Span,
    pub content_start: usize,
    pub content_end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker_start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker_end: Option<usize>,
    /// Index of the speaker in the article's entity list, when resolved.
    pub speaker: Option<usize>,
    /// The cue ("said", "told reporters", "according to").
    pub cue: Option<String>,
    pub direct: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

impl Remap for Quote {
    fn remap(&mut self, f: &dyn Fn(Span) -> Span) {
        self.span = f(self.span);
        let c = f(Span::new(self.content_start, self.content_end));
        (self.content_start, self.content_end) = (c.start, c.end);
        if let (Some(s), Some(e)) = (self.speaker_start, self.speaker_end) {
            let sp = f(Span::new(s, e));
            (self.speaker_start, self.speaker_end) = (Some(sp.start), Some(sp.end));
        }
    }
}

/// Quotes in `text`, using the article's entities (for speakers) and time expressions (for dates).
pub fn extract(_text: &str, _sentences: &[Span], _entities: &DocEntities, _timexes: &[Timex]) -> Vec<Quote> {
    Vec::new()
}
