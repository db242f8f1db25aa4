//! Publication dates inferred from what an article says about time, when nothing states them.
//!
//! News reports what just happened and what is about to happen. So the publication day is the
//! day that best fits every dated reference the text makes, in its tense:
//! - a past event ("On March 17, he was summoned") happened on or before publication, usually
//!   shortly before;
//! - a future event ("is to arrive on Sunday, March 21") comes on or after it, usually soon;
//! - a bare weekday in the past ("left on Saturday") is a day of the week before publication.
//!
//! The year comes from the strongest evidence available: a weekday named with a date ("Sunday,
//! March 21" is a Sunday only in some years; the most recent such year not after the horizon
//! is taken), the years the text mentions (an article mentioning the 2020 election as past was
//! published in 2020 or later), and dates of related articles (hints). Each candidate day is
//! scored by how far it sits from the references (a cost in days, with hard contradictions
//! heavily penalised) and the cheapest wins. The confidence says which evidence fixed the year
//! and how clearly the day won.

use jiff::ToSpan;
use jiff::civil::Date;
use storyline_core::{DateBasis, PartialDate, Published, Span};

use crate::grammar::{self, Sem, YearSpec};
use crate::lexicon::Lexicon;
use crate::tense::{Tense, tense_at};
use crate::token::tokenize;

/// The newest year this build assumes a text can have been published in, used when nothing
/// else bounds an inferred year ("the most recent year in which March 21 is a Sunday").
/// Stages never read the clock (determinism); callers that know better use
/// [`crate::TimeTagger::with_horizon`].
pub const DEFAULT_HORIZON_YEAR: i32 = 2026;

/// A cost for a reference on the wrong side of the publication day (a past event after it).
const CONTRADICTION: f64 = 40.0;
/// Days beyond which an older reference no longer pulls the date (news also recalls old events).
const GAP_CAP: f64 = 30.0;

/// At most this many distinct references (and hints) are scored.
const MAX_REFS: usize = 64;

/// A hashable identity of an anchor, to drop repeated references.
fn anchor_key(a: Anchor) -> (u8, i32, u8, u8) {
    match a {
        Anchor::MonthDay { month, day } => (0, 0, month, day),
        Anchor::Fixed(d) => (1, i32::from(d.year()), d.month() as u8, d.day() as u8),
        Anchor::Weekday(w) => (2, 0, w, 0),
    }
}

/// A dated reference the text makes.
#[derive(Clone, Copy, Debug)]
enum Anchor {
    /// A month and day without a year (the year is the candidate's).
    MonthDay { month: u8, day: u8 },
    /// A full date.
    Fixed(Date),
    /// A weekday alone.
    Weekday(u8),
}

#[derive(Clone, Copy, Debug)]
struct Reference {
    anchor: Anchor,
    tense: Tense,
    span: Span,
}

/// Infer a publication date for `text`; see the module docs.
pub fn infer(text: &str, lexicon: &Lexicon, hints: &[PartialDate], horizon: i32) -> Option<Published> {
    let toks = tokenize(text, lexicon);
    let cands = grammar::recognize(text, &toks);
    let mut refs: Vec<Reference> = Vec::new();
    // Years a weekday-with-date allows, per such mention.
    let mut weekday_years: Option<Vec<i32>> = None;
    let mut weekday_span: Option<Span> = None;
    let mut max_year: Option<i32> = None;
    let mut weekday_dates = 0;
    let mut months: Vec<(u8, Tense)> = Vec::new();
    for c in &cands {
        let (Some(first), Some(last)) = (toks.get(c.start), c.end.checked_sub(1).and_then(|e| toks.get(e))) else {
            continue;
        };
        let span = Span::new(first.start, last.end);
        let tense = tense_at(text, &toks, c.start, c.end);
        let sem = match &c.sem {
            Sem::Time { day: Some(d), .. } => d.as_ref(),
            s => s,
        };
        match *sem {
            Sem::Cal { year: YearSpec::Abs(y), month, day, .. } => {
                if tense != Tense::Future && y <= horizon {
                    max_year = Some(max_year.map_or(y, |m| m.max(y)));
                }
                if let (Some(m), Some(d)) = (month, day)
                    && let Some(date) = i16::try_from(y).ok().and_then(|y| Date::new(y, m as i8, d as i8).ok())
                {
                    refs.push(Reference { anchor: Anchor::Fixed(date), tense, span });
                }
            }
            Sem::Part { year: YearSpec::Abs(y), .. } | Sem::Holiday { year: YearSpec::Abs(y), .. }
                if tense != Tense::Future && y <= horizon =>
            {
                max_year = Some(max_year.map_or(y, |m| m.max(y)));
            }
            Sem::Cal { year: YearSpec::Tense, month: Some(m), day: Some(d), weekday } => {
                refs.push(Reference { anchor: Anchor::MonthDay { month: m, day: d }, tense, span });
                if let Some(wd) = weekday
                    && weekday_dates < 8
                {
                    weekday_dates += 1;
                    let years: Vec<i32> = (1900..=horizon).filter(|&y| weekday_matches(y, m, d, wd)).collect();
                    weekday_years = Some(match weekday_years {
                        None => years,
                        Some(prev) => prev.into_iter().filter(|y| years.contains(y)).collect(),
                    });
                    weekday_span.get_or_insert(span);
                }
            }
            Sem::Cal { year: YearSpec::Tense, month: Some(m), day: None, .. } => months.push((m, tense)),
            Sem::Weekday { wd, dir: grammar::Dir::Tense } => {
                refs.push(Reference { anchor: Anchor::Weekday(wd), tense, span })
            }
            _ => {}
        }
    }
    // Scoring is references x candidate days: keep it bounded on very long texts by keeping
    // the first references of each kind (repeats add nothing new).
    let mut seen = std::collections::HashSet::new();
    refs.retain(|r| seen.insert((anchor_key(r.anchor), r.tense as u8)));
    refs.truncate(MAX_REFS);
    let mut hint_days: Vec<Date> = hints.iter().filter_map(|h| crate::dct_date(*h)).collect();
    hint_days.sort();
    hint_days.dedup();
    hint_days.truncate(MAX_REFS);

    // Candidate years, and how sure each kind of evidence makes us.
    let (years, year_conf): (Vec<i32>, f64) = match &weekday_years {
        Some(w) if !w.is_empty() => {
            let mut ys: Vec<i32> = w.clone();
            if let Some(my) = max_year {
                let after: Vec<i32> = ys.iter().copied().filter(|&y| y >= my).collect();
                if !after.is_empty() {
                    ys = after;
                }
            }
            if !hint_days.is_empty() {
                ys.sort_by_key(|y| hint_days.iter().map(|h| (i32::from(h.year()) - y).abs()).min().unwrap_or(0));
                ys.truncate(2);
            } else if max_year.is_some() {
                ys.sort();
                ys.truncate(2);
            } else {
                // The most recent such years not after the horizon.
                ys.sort_by(|a, b| b.cmp(a));
                ys.truncate(2);
            }
            (ys, 0.85)
        }
        _ => {
            if !hint_days.is_empty() {
                let mut ys: Vec<i32> = hint_days.iter().map(|h| i32::from(h.year())).collect();
                ys.sort();
                ys.dedup();
                (ys, 0.8)
            } else if let Some(my) = max_year {
                (vec![my, my + 1], 0.6)
            } else {
                (vec![horizon], 0.3)
            }
        }
    };

    let has_days = refs.iter().any(|r| !matches!(r.anchor, Anchor::Weekday(_)));
    if !has_days && hint_days.is_empty() {
        // Nothing pins a day: a month or a year at best.
        // Past mentions are usually of earlier years: the year after the latest one named.
        let year = *years.iter().max()?;
        if weekday_years.is_none() && max_year.is_none() {
            return None;
        }
        let past_month = months.iter().filter(|(_, t)| *t == Tense::Past).map(|(m, _)| *m).max();
        let date = match past_month {
            Some(m) => PartialDate::month(i16::try_from(year).ok()?, m)?,
            None => PartialDate::year(i16::try_from(year).ok()?),
        };
        return Some(Published {
            confidence: Some((year_conf * 0.5) as f32),
            ..Published::with_basis(date, DateBasis::Inferred)
        });
    }

    // Candidate days: around every reference and hint, in every candidate year.
    let mut days: Vec<Date> = Vec::new();
    for &y in &years {
        let Ok(y16) = i16::try_from(y) else { continue };
        for r in &refs {
            let base = match r.anchor {
                Anchor::MonthDay { month, day } => Date::new(y16, month as i8, day as i8).ok(),
                Anchor::Fixed(d) if i32::from(d.year()) == y => Some(d),
                _ => None,
            };
            if let Some(b) = base {
                for k in -7i64..=7 {
                    if let Ok(d) = b.checked_add(k.days()) {
                        days.push(d);
                    }
                }
            }
        }
    }
    for h in &hint_days {
        for k in -7i64..=7 {
            if let Ok(d) = h.checked_add(k.days()) {
                days.push(d);
            }
        }
    }
    days.sort();
    days.dedup();
    let mut scored: Vec<(f64, Date)> = days
        .into_iter()
        .filter(|d| i32::from(d.year()) <= horizon)
        .map(|d| (cost(d, &refs, &hint_days, max_year, &years), d))
        .collect();
    scored.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    let &(best_cost, best) = scored.first()?;
    let margin = scored.iter().find(|(_, d)| *d != best).map_or(10.0, |(c, _)| c - best_cost);
    let day_conf = if margin >= 1.0 { 0.9 } else { 0.75 };
    let fit = if best_cost >= CONTRADICTION { 0.5 } else { 1.0 };
    let confidence = (year_conf * day_conf * fit * 100.0).round() / 100.0;
    let date = PartialDate::day(best.year(), best.month() as u8, best.day() as u8)?;
    let evidence =
        weekday_span.or_else(|| refs.iter().filter(|r| r.tense == Tense::Past).map(|r| r.span).max_by_key(|s| s.start));
    Some(Published {
        confidence: Some(confidence as f32),
        evidence,
        ..Published::with_basis(date, DateBasis::Inferred)
    })
}

/// How badly publication on `p` fits the references (days of distance, contradictions).
fn cost(p: Date, refs: &[Reference], hints: &[Date], max_year: Option<i32>, years: &[i32]) -> f64 {
    let mut total = 0.0;
    for r in refs {
        total += match r.anchor {
            Anchor::Weekday(wd) => {
                let pw = i64::from(p.weekday().to_monday_one_offset());
                let back = (pw - i64::from(wd)).rem_euclid(7) as f64;
                let ahead = (i64::from(wd) - pw).rem_euclid(7) as f64;
                match r.tense {
                    Tense::Past => back,
                    Tense::Future => ahead,
                    _ => back.min(ahead),
                }
            }
            Anchor::MonthDay { month, day } => {
                // The occurrence of the month-day nearest to p.
                let near = [-1i16, 0, 1]
                    .iter()
                    .filter_map(|dy| Date::new(p.year().saturating_add(*dy), month as i8, day as i8).ok())
                    .min_by_key(|a| days_between(p, *a).abs());
                match near {
                    Some(a) => gap(p, a, r.tense),
                    None => 0.0,
                }
            }
            Anchor::Fixed(a) => gap(p, a, r.tense),
        };
    }
    for h in hints {
        total += (days_between(p, *h).abs() as f64).min(GAP_CAP) * 0.5;
    }
    let y = i32::from(p.year());
    if let Some(my) = max_year
        && y < my
    {
        total += CONTRADICTION * f64::from(my - y);
    }
    if !years.contains(&y) {
        total += 5.0;
    }
    total
}

/// The cost of reference date `a` in `tense` for publication on `p`.
fn gap(p: Date, a: Date, tense: Tense) -> f64 {
    let d = days_between(p, a) as f64; // positive: a is after p
    let capped = |x: f64| x.min(GAP_CAP);
    match tense {
        Tense::Past if d > 0.0 => CONTRADICTION + capped(d),
        Tense::Past => capped(-d),
        Tense::Future if d < 0.0 => CONTRADICTION + capped(-d),
        Tense::Future => capped(d),
        _ => capped(d.abs()),
    }
}

/// Days from `p` to `a` (positive when `a` is later).
fn days_between(p: Date, a: Date) -> i64 {
    p.until(a).map(|s| i64::from(s.get_days())).unwrap_or(0)
}

fn weekday_matches(y: i32, m: u8, d: u8, wd: u8) -> bool {
    i16::try_from(y)
        .ok()
        .and_then(|y| Date::new(y, m as i8, d as i8).ok())
        .is_some_and(|date| date.weekday().to_monday_one_offset() as u8 == wd)
}
