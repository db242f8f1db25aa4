//! Time expressions in news text, found and normalised to TimeML TIMEX3 values, and publication
//! dates inferred from the text when nothing states them.
//!
//! The tagger follows HeidelTime's design: hand-written patterns over tokens ([`grammar`]),
//! normalisation functions with jiff's calendar arithmetic ([`resolve`]), and a reference-time
//! and tense mechanism ([`tense`]) so that relative expressions land on the right day:
//!
//! ```
//! use storyline_core::{PartialDate, Published};
//! use storyline_time::TimeTagger;
//!
//! let tagger = TimeTagger::new();
//! let text = "He returned on Sunday and will meet them next week. Talks ended on Wednesday.";
//! let dct = Published::stated("2021-06-20".parse::<PartialDate>().unwrap());
//! let values: Vec<String> = tagger.tag(text, &dct).into_iter().map(|t| t.value).collect();
//! assert_eq!(values, ["2021-06-20", "2021-W25", "2021-06-16"]);
//! ```
//!
//! Every span is a byte range into the text given, on character boundaries. The tagger never
//! panics and runs in time linear in the text (rules look a bounded number of tokens ahead).

pub mod grammar;
pub mod infer;
pub mod lexicon;
pub mod resolve;
pub mod tense;
pub mod token;

use serde::Serialize;
use storyline_core::{PartialDate, Published, Remap, Span};

pub use infer::DEFAULT_HORIZON_YEAR;

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

impl TimexType {
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

/// Finds and normalises time expressions. Holds compiled resources; build once, share freely.
#[derive(Debug)]
pub struct TimeTagger {
    lexicon: lexicon::Lexicon,
    /// The latest year a publication date may be inferred in (see [`TimeTagger::with_horizon`]).
    horizon_year: i32,
}

impl Default for TimeTagger {
    fn default() -> Self {
        TimeTagger::new()
    }
}

impl TimeTagger {
    pub fn new() -> TimeTagger {
        TimeTagger { lexicon: lexicon::Lexicon::new(), horizon_year: DEFAULT_HORIZON_YEAR }
    }

    /// The same tagger, inferring publication dates no later than `year`. Callers that know
    /// "now" (a crawl date, the newest dated article of a corpus) pass it here; the default is
    /// [`DEFAULT_HORIZON_YEAR`], because no stage reads the clock.
    pub fn with_horizon(mut self, year: i32) -> TimeTagger {
        self.horizon_year = year;
        self
    }

    /// Time expressions in `text`, resolved against `dct` (the publication date) where given.
    /// Spans are byte ranges into `text`.
    pub fn tag(&self, text: &str, dct: &Published) -> Vec<Timex> {
        let date = dct.date.and_then(dct_date);
        self.tag_with_dct(text, date)
    }

    /// [`TimeTagger::tag`] with the DCT as a jiff date (`None`: unknown; relative expressions
    /// then get `XXXX`-style or `*_REF` values).
    pub fn tag_with_dct(&self, text: &str, dct: Option<jiff::civil::Date>) -> Vec<Timex> {
        let toks = token::tokenize(text, &self.lexicon);
        let cands = grammar::recognize(text, &toks);
        let mut ctx = resolve::Ctx::new(dct);
        let mut reference_end = 0usize;
        let mut out = Vec::with_capacity(cands.len());
        for c in cands {
            let (Some(first), Some(last)) = (toks.get(c.start), c.end.checked_sub(1).and_then(|e| toks.get(e))) else {
                continue;
            };
            let tense =
                if needs_tense(&c.sem) { tense::tense_at(text, &toks, c.start, c.end) } else { tense::Tense::Unknown };
            ctx.reference_near = c.start.saturating_sub(reference_end) <= NEAR_TOKENS
                && toks.get(reference_end..c.start).is_some_and(|between| between.iter().all(|t| !t.newline_before));
            let Some(r) = ctx.resolve(&c.sem, tense) else {
                continue;
            };
            if let Some(p) = r.pinned {
                ctx.reference = Some(p);
                reference_end = c.end;
            }
            out.push(Timex {
                span: Span::new(first.start, last.end),
                kind: c.kind,
                value: r.value,
                modifier: c.modifier.map(str::to_string),
            });
        }
        out
    }

    /// A publication date reasoned from the text when nothing states one (basis `inferred`,
    /// with a confidence), or `None` when the text gives too little to go on.
    pub fn infer_published(&self, text: &str) -> Option<Published> {
        self.infer_published_with(text, &[])
    }

    /// [`TimeTagger::infer_published`] with outside evidence: `hints` are dates of related
    /// articles (the same story), which make the year and the day more certain.
    pub fn infer_published_with(&self, text: &str, hints: &[PartialDate]) -> Option<Published> {
        infer::infer(text, &self.lexicon, hints, self.horizon_year)
    }
}

/// How many tokens after a dated expression (in the same paragraph) a bare clock time still
/// belongs to its day.
const NEAR_TOKENS: usize = 20;

/// Whether resolving `sem` depends on the tense of its sentence.
fn needs_tense(sem: &grammar::Sem) -> bool {
    use grammar::{Sem, YearSpec};
    match sem {
        Sem::Cal { year, .. } | Sem::Part { year, .. } | Sem::Holiday { year, .. } => *year == YearSpec::Tense,
        Sem::Weekday { .. } | Sem::MonthDir { .. } | Sem::SeasonDir { .. } | Sem::Weekend { .. } => true,
        Sem::Time { day: Some(d), .. } => needs_tense(d),
        _ => false,
    }
}

/// A jiff date for a (possibly partial) publication date: a month or year stands for its first
/// day, which keeps relative arithmetic defined.
pub fn dct_date(d: PartialDate) -> Option<jiff::civil::Date> {
    jiff::civil::Date::new(d.year, d.month.unwrap_or(1) as i8, d.day.unwrap_or(1) as i8).ok()
}

#[cfg(test)]
mod tests;
