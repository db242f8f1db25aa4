//! Time expressions in news text, normalised to TimeML TIMEX3 values.
//!
//! (Stub: the time layer is built in issue 3. The types below are the contract the pipeline
//! relies on; the tagger returns nothing yet.)

use serde::Serialize;
use storyline_core::{Published, Remap, Span};

/// One time expression: where it is and what it means.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Timex {
    #[serde(flatten)]
    pub span: Span,
    #[serde(rename = "type")]
    pub kind: TimexType,
    /// The TIMEX3 value: `2021-06-20`, `2021-W25`, `P6Y`, `PAST_REF`, `XXXX-03-21`, ...
    pub value: String,
    /// TIMEX3 `mod`: `START`, `MID`, `END`, `APPROX`, ...
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
}

impl Remap for Timex {
    fn remap(&mut self, f: &dyn Fn(Span) -> Span) {
        self.span = f(self.span);
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

/// Finds and normalises time expressions. Holds compiled resources; build once, share freely.
#[derive(Debug, Default)]
pub struct TimeTagger {}

impl TimeTagger {
    pub fn new() -> TimeTagger {
        TimeTagger {}
    }

    /// Time expressions in `text`, resolved against `dct` (the publication date) where given.
    /// Spans are byte ranges into `text`.
    pub fn tag(&self, _text: &str, _dct: &Published) -> Vec<Timex> {
        Vec::new()
    }

    /// A publication date reasoned from the text when nothing states one (basis `inferred`,
    /// with a confidence), or `None` when the text gives too little to go on.
    pub fn infer_published(&self, _text: &str) -> Option<Published> {
        None
    }
}
