//! When something was said: only what the text states, never the publication date by default.
//!
//! Two rules. (1) A date expression in the attribution's own words — the sentence of the cue
//! minus the quoted content ("said on Wednesday", "On March 20, the ambassador announced") —
//! dates the utterance. (2) An attribution tied to a journey ("before he boarded a flight", "before
//! flying to Moscow", "after landing") takes the date the article gives for that journey ("returned
//! to Washington on Sunday", "is leaving for Moscow on March 20"), matching departure with
//! departure and arrival with arrival. Otherwise the date is unknown.

use storyline_core::Span;
use storyline_time::{Timex, TimexType};

use crate::context::Ctx;

/// A TIMEX3 value usable as a date: the calendar part of a DATE or TIME value, not a reference
/// like `PRESENT_REF`, not a duration.
fn calendar_value(t: &Timex) -> Option<&str> {
    if !matches!(t.kind, TimexType::Date | TimexType::Time) {
        return None;
    }
    let v = t.value.split('T').next().unwrap_or("");
    let year = v.get(..4)?;
    (year.bytes().all(|b| b.is_ascii_digit()) || year == "XXXX").then_some(v)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Direction {
    Depart,
    Arrive,
    Either,
}

/// A travel verb (nouns like "arrival" are too vague to anchor anything: "upon his arrival to the
/// airport" is not the arrival in Moscow).
fn travel_word(w: &str) -> Option<Direction> {
    let w = w.to_ascii_lowercase();
    let w = w.as_str();
    if matches!(
        w,
        "board"
            | "boarded"
            | "boarding"
            | "boards"
            | "fly"
            | "flew"
            | "flying"
            | "flies"
            | "leave"
            | "left"
            | "leaving"
            | "leaves"
            | "depart"
            | "departed"
            | "departing"
            | "departs"
    ) {
        return Some(Direction::Depart);
    }
    if matches!(w, "arrive" | "arrived" | "arriving" | "arrives" | "land" | "landed" | "landing" | "lands") {
        return Some(Direction::Arrive);
    }
    if matches!(w, "return" | "returned" | "returning" | "returns") {
        return Some(Direction::Either);
    }
    None
}

fn compatible(a: Direction, b: Direction) -> bool {
    a == b || a == Direction::Either || b == Direction::Either
}

/// The utterance date of an attribution whose own words are the tokens `clause` (plus the
/// sentence of its cue) and whose content is `content`.
pub(crate) fn utterance_date(
    ctx: &Ctx,
    cue: Option<(usize, usize)>,
    clause: (usize, usize),
    content: &[Span],
    timexes: &[Timex],
) -> Option<String> {
    let (mut a, mut b) = clause;
    if let Some((c, _)) = cue {
        let (sa, sb) = ctx.sentence_of(c);
        a = a.min(sa);
        b = b.max(sb);
    }
    let region = ctx.span(a, b);
    let in_content = |s: Span| content.iter().any(|c| c.overlaps(s));
    for t in timexes {
        if region.contains(t.span)
            && !in_content(t.span)
            && let Some(v) = calendar_value(t)
        {
            return Some(v.to_string());
        }
    }
    // A journey named in the attribution's own clause: "before he boarded a flight".
    let (a, b) = clause;
    let hi = b.min(ctx.len());
    let mut dir = None;
    for i in a..hi {
        if in_content(ctx.toks[i].span) {
            continue;
        }
        if ctx.is_any(i, &["before", "after"]) {
            for j in i + 1..(i + 5).min(hi) {
                if let Some(d) = travel_word(ctx.str(j)) {
                    dir = Some(d);
                    break;
                }
            }
        }
        if dir.is_some() {
            break;
        }
    }
    let dir = dir?;
    journey_date(ctx, dir, region, timexes)
}

/// The date the article gives for a journey in direction `dir`: a sentence with a travel word
/// and a day-precise date, nearest to `region` (before it first), within 40 sentences.
fn journey_date(ctx: &Ctx, dir: Direction, region: Span, timexes: &[Timex]) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    let here = ctx.toks.get(ctx.tok_at(region.start)).map_or(0, |t| t.sent as usize);
    let window = here.saturating_sub(40)..(here + 40).min(ctx.sents.len());
    for &(a, b) in &ctx.sents[window] {
        let s = ctx.span(a, b);
        if s.overlaps(region) {
            continue;
        }
        let travels = (a..b).any(|i| travel_word(ctx.str(i)).is_some_and(|d| compatible(d, dir)));
        if !travels {
            continue;
        }
        // The date nearest the travel word in that sentence ("said on Wednesday that “on March 20
        // … is leaving”" dates the leaving by March 20, not by Wednesday).
        let travel_pos: Vec<usize> = (a..b)
            .filter(|&i| travel_word(ctx.str(i)).is_some_and(|d| compatible(d, dir)))
            .map(|i| ctx.toks[i].span.start)
            .collect();
        let first = timexes.partition_point(|t| t.span.start < s.start);
        let Some(v) = timexes[first..]
            .iter()
            .take_while(|t| t.span.start < s.end)
            .filter(|t| s.contains(t.span))
            .filter_map(|t| calendar_value(t).filter(|v| v.len() == 10).map(|v| (t.span, v)))
            .min_by_key(|(sp, _)| travel_pos.iter().map(|&p| p.abs_diff(sp.start)).min().unwrap_or(usize::MAX))
            .map(|(_, v)| v)
        else {
            continue;
        };
        // Prefer the nearest sentence before the attribution; after it counts double.
        let distance = if s.end <= region.start { region.start - s.end } else { 2 * (s.start - region.end) };
        if best.as_ref().is_none_or(|(d, _)| distance < *d) {
            best = Some((distance, v.to_string()));
        }
    }
    best.map(|(_, v)| v)
}
