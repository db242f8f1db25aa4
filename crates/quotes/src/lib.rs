//! Quotations and attributions: who said what, when, according to whom.
//!
//! Within one article, [`extract`] finds
//!
//! * **direct quotes** in every quotation style news uses (“…”, "…", «…», „…“, ‘…’), split by
//!   the attribution, running over paragraphs, broken by blank lines, or marked sloppily by machine
//!   translation ([`marks`]), each tied to its cue and speaker;
//! * **reported speech**: "X said (that) …", "…, X said", "according to X, …", "as X noted, …",
//!   ", adding that …", with its content as a span;
//! * for each, the **speaker span** read from the text next to the cue ("Antonov said", "said the
//!   President of Russia", "he told reporters", "RIA cited Antonov as saying"), the speaker as an
//!   entity of the article where the entity layer's mentions or the text around them allow it
//!   ("he" → the last fitting speaker, "the ambassador" → the entity with that role), **via** (who
//!   relayed it: "RIA cited Antonov", "told RIA Novosti", "the TASS diplomat"), and the **date** of
//!   the utterance when the text gives one ("said on Wednesday") — never the publication date by
//!   default.
//!
//! Quoted phrases with no cue and no source attached (scare quotes: Putin was “a killer”, titles)
//! are not quotes: they stay inside the reported speech that contains them, if any.
//!
//! Across articles, [`merge`] groups the same utterance reported by several outlets — also in
//! different translations — and keeps the same words said on another occasion apart.
//!
//! ```
//! use storyline_entities::DocEntities;
//! use storyline_quotes::extract;
//!
//! let text = "“There is a lot of work to be done,” he said, “we need time.” \
//!             Antonov said on Wednesday that talks would resume.";
//! let quotes = extract(text, &[], &DocEntities::default(), &[]);
//! assert_eq!(quotes.len(), 2);
//! let q = &quotes[0];
//! assert!(q.direct);
//! assert_eq!(&text[q.speaker_start.unwrap()..q.speaker_end.unwrap()], "he");
//! assert_eq!(q.parts.len(), 2); // the split quote is one quote in two pieces
//! let r = &quotes[1];
//! assert!(!r.direct);
//! assert_eq!(&text[r.content_start..r.content_end], "that talks would resume");
//! ```
//!
//! The layer is rules over tokens (no model), linear in the text, and never panics on any input.

mod attrib;
mod context;
mod date;
mod lexicon;
pub mod marks;
pub mod merge;
mod resolve;
mod speaker;

use serde::Serialize;
use storyline_core::text::{Token, tokenize};
use storyline_core::{Remap, Span};
use storyline_entities::DocEntities;
use storyline_time::Timex;

pub use merge::{MergeOptions, MergedQuote, QuoteSource, SourcedQuote, merge};

/// One attribution: a direct quote or reported speech.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Quote {
    /// The whole attribution: content, cue and speaker.
    #[serde(flatten)]
    pub span: Span,
    /// The reported words (with their quotation marks for a direct quote); for a quote split by
    /// its attribution, from the first piece to the last (see `parts`).
    pub content_start: usize,
    pub content_end: usize,
    /// Where the speaker is named next to the cue (for a quote continuing an earlier one, where
    /// that one's speaker is named).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker_start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker_end: Option<usize>,
    /// Index of the speaker in the article's entity list, when resolved.
    pub speaker: Option<usize>,
    /// The cue ("said", "told reporters", "according to").
    pub cue: Option<String>,
    pub direct: bool,
    /// The utterance date (a TIMEX3 calendar value: `2021-06-20`, `2021-03`, `XXXX-03-21`) when
    /// the text gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Who relayed it, when one outlet cites another ("RIA", "RIA Novosti", "TASS").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// The content's pieces when the attribution splits it (`“A,” he said, “B.”`); one piece
    /// otherwise.
    #[serde(skip_serializing_if = "one_or_none")]
    pub parts: Vec<Span>,
}

fn one_or_none(v: &[Span]) -> bool {
    v.len() <= 1
}

impl Quote {
    pub fn content(&self) -> Span {
        Span::new(self.content_start, self.content_end)
    }

    pub fn speaker_span(&self) -> Option<Span> {
        Some(Span::new(self.speaker_start?, self.speaker_end?))
    }

    /// The content pieces (at least one).
    pub fn pieces(&self) -> Vec<Span> {
        if self.parts.is_empty() { vec![self.content()] } else { self.parts.clone() }
    }
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
        self.parts.remap(f);
    }
}

/// Quotes in `text`, using the article's entities (for speakers) and time expressions (for dates).
///
/// `sentences` are the article's sentence spans (computed here when empty). All returned spans
/// are byte ranges into `text`, on character boundaries, ordered by content start.
pub fn extract(text: &str, sentences: &[Span], entities: &DocEntities, timexes: &[Timex]) -> Vec<Quote> {
    extract_tokenized(text, &tokenize(text), sentences, entities, timexes)
}

/// [`extract`] with `text`'s tokens as [`tokenize`] gives them, for a caller that has them
/// already (the annotation pipeline: the tokenizer is a few percent of all its work).
pub fn extract_tokenized(
    text: &str,
    tokens: &[Token],
    sentences: &[Span],
    entities: &DocEntities,
    timexes: &[Timex],
) -> Vec<Quote> {
    let ctx = context::Ctx::from_tokens(text, tokens, sentences);
    // Sorted by start, so each quote finds its dates by binary search.
    let mut timexes = timexes.to_vec();
    timexes.sort_by_key(|t| (t.span.start, t.span.end));
    let found = attrib::find(&ctx);
    let quoted: Vec<Span> = found.iter().filter(|f| f.direct).flat_map(|f| f.parts.iter().copied()).collect();
    let resolver = resolve::Resolver::new(&ctx, entities, quoted);
    let mut history: Vec<resolve::Said> = Vec::new();
    let mut vias: Vec<Option<String>> = Vec::with_capacity(found.len());
    let mut out = Vec::with_capacity(found.len());
    for (k, f) in found.iter().enumerate() {
        let content = f.content_span();
        let speaker_span = f.speaker.map(|np| ctx.span(np.start, np.end));
        let reference = content.start.min(speaker_span.map_or(content.start, |s| s.start));
        let entity = f.speaker.and_then(|np| resolver.resolve(np, reference, &history));
        if let Some(e) = entity {
            let sent = ctx.toks.get(ctx.tok_at(reference)).map_or(0, |t| t.sent);
            history.push(resolve::Said { sent, entity: e });
        }
        let via = via_of(&ctx, f, &found[..k], &vias);
        let cue_span = f.cue.map(|(a, b)| ctx.span(a, b));
        let mut span = content;
        if let Some(s) = speaker_span.filter(|_| !f.inherited) {
            span = span.cover(s);
        }
        if let Some(c) = cue_span {
            span = span.cover(c);
        }
        let date = date::utterance_date(&ctx, f.cue, f.clause, &f.parts, &timexes);
        vias.push(via.clone());
        out.push(Quote {
            span,
            content_start: content.start,
            content_end: content.end,
            speaker_start: speaker_span.map(|s| s.start),
            speaker_end: speaker_span.map(|s| s.end),
            speaker: entity,
            cue: cue_span.map(|c| c.slice(text).to_string()),
            direct: f.direct,
            date,
            via,
            parts: if f.parts.len() > 1 { f.parts.clone() } else { Vec::new() },
        });
    }
    out
}

/// Who relayed an attribution: the subject of "cited/quoted X as saying", a medium told or
/// interviewed ("told RIA Novosti", "in an interview with ABC News"), a medium modifying the
/// speaker ("the TASS diplomat"), or for "he was quoted as saying" the medium of the attribution
/// just before.
fn via_of(ctx: &context::Ctx, f: &attrib::Found, before: &[attrib::Found], vias: &[Option<String>]) -> Option<String> {
    if let Some(v) = f.via {
        return resolve::media_name(ctx, v).or_else(|| Some(speaker::phrase_text(ctx, v).to_string()));
    }
    if let Some(np) = f.speaker {
        if resolve::is_medium(ctx, np) {
            return None; // the medium is the source itself
        }
        if let Some(m) = resolve::media_name(ctx, np) {
            return Some(m);
        }
    }
    // A medium addressed or interviewed in the attribution clause, outside the content.
    if let Some((_, cue_end)) = f.cue {
        let hi = f.clause.1.max(cue_end).min(ctx.len());
        let mut k = cue_end;
        while k < hi {
            if f.parts.iter().any(|p| p.contains(ctx.toks[k].span)) {
                break;
            }
            let intro = k == cue_end || ctx.is_any(k, &["with", "to", "on", "told"]);
            if intro {
                let s = if k == cue_end { k } else { k + 1 };
                let s = if ctx.is(s, "the") { s + 1 } else { s };
                if let Some(np) = speaker::np_after(ctx, s, hi)
                    && resolve::is_medium(ctx, np)
                        | (np.start..np.end).any(|i| lexicon::is_media_word(ctx.str(i)) && ctx.toks[i].cap)
                {
                    return resolve::media_name(ctx, np);
                }
            }
            k += 1;
        }
    }
    if f.passive_quote {
        let sent = ctx.toks.get(f.clause.0).map_or(0, |t| t.sent);
        for (i, b) in before.iter().enumerate().rev() {
            let bs = ctx.toks.get(b.clause.0).map_or(0, |t| t.sent);
            if bs + 3 < sent {
                break;
            }
            if let Some(Some(v)) = vias.get(i) {
                return Some(v.clone());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests;
