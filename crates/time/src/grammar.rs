//! Recognition: where the time expressions are and what they say, before any calendar
//! arithmetic.
//!
//! The grammar is a set of small hand-written rules over tokens (HeidelTime's design: patterns
//! plus normalisation functions), each returning a candidate with the semantic form of what it
//! read ([`Sem`]). At every token that can start an expression the longest candidate wins, so
//! "Sunday, March 21, 2021" is one expression, not three. Rules only look a bounded number of
//! tokens ahead, so recognition is linear in the text.

use crate::TimexType;
use crate::lexicon::{Kw, Pod, Season, Unit};
use crate::token::{Tok, TokKind};

/// How the year of a date is known.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum YearSpec {
    /// Written out: "March 21, 2021".
    Abs(i32),
    /// Relative to the publication year: "June last year" is `Dct(-1)`.
    Dct(i32),
    /// Not given: chosen by the tense of the sentence ("in March" said in June: this March).
    Tense,
}

/// Where a relative expression is anchored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// The publication date: "yesterday", "last month", "three years ago".
    Dct,
    /// The time the narrative has moved to: "two days later", "the following week".
    Ref,
}

/// The precision of a date value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gran {
    Century,
    Decade,
    Year,
    Half,
    Quarter,
    Season(Season),
    Month,
    Week,
    Weekend,
    Day,
}

/// Which occurrence of a weekday, month or season is meant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    /// From the tense of the sentence.
    Tense,
    /// "last Friday": strictly before the anchor.
    Last,
    /// "next Friday": strictly after.
    Next,
    /// "this Friday": within the current period.
    This,
}

/// A time of day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Clock {
    Hm(u8, Option<u8>),
    Pod(Pod),
}

/// Named days, resolved per year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holiday {
    Fixed(u8, u8),
    Thanksgiving,
    Easter(i8),
    LaborDay,
    MemorialDay,
    ElectionDay,
}

/// What an expression says, before resolution against the publication date.
#[derive(Clone, Debug, PartialEq)]
pub enum Sem {
    /// A calendar date, month or year.
    Cal { year: YearSpec, month: Option<u8>, day: Option<u8>, weekday: Option<u8> },
    /// A day of the month alone ("the 21st"), in the month of the reference time.
    DayOfMonth(u8),
    /// A decade: 198 for "the 1980s". `None` century for "the '80s".
    Decade { century: Option<i32>, decade: i32 },
    /// A century: 19 for "the 20th century".
    Century(i32),
    /// A quarter, half or season of a year.
    Part { year: YearSpec, gran: Gran, index: u8 },
    /// `n` units from an anchor, at the unit's precision: "last month", "next week".
    Shift { anchor: Anchor, gran: Gran, n: i32 },
    /// A counted shift: "a year ago", "two days later". Like [`Sem::Shift`], but in a
    /// quarterly context "a year earlier" means that quarter a year before.
    Counted { anchor: Anchor, gran: Gran, n: i32 },
    /// A weekday, in the direction the words or the tense say.
    Weekday { wd: u8, dir: Dir },
    /// A month named without a year, with a direction ("last March").
    MonthDir { month: u8, dir: Dir },
    /// A season with a direction ("last summer").
    SeasonDir { season: Season, dir: Dir },
    /// A weekend with a direction.
    Weekend { dir: Dir },
    /// A holiday.
    Holiday { h: Holiday, year: YearSpec },
    /// A fixed value that needs no resolution (`PRESENT_REF`, `P6Y`, `XXXX-WXX-7`...).
    Literal(String),
    /// A time of day on a day (`None`: the publication day).
    Time { day: Option<Box<Sem>>, clock: Clock },
}

/// One recognised expression: tokens `start..end`.
#[derive(Clone, Debug)]
pub struct Cand {
    pub start: usize,
    pub end: usize,
    pub sem: Sem,
    pub kind: TimexType,
    pub modifier: Option<&'static str>,
}

/// Recognise the expressions of a tokenized text, left to right, longest match first.
pub fn recognize(text: &str, toks: &[Tok]) -> Vec<Cand> {
    let p = Parser { text, toks };
    let mut out: Vec<Cand> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let trigger = match t.kind {
            TokKind::Num => true,
            TokKind::Word => t.lex.is_trigger(),
            TokKind::Punct(c) => c == '\'',
        };
        if trigger && let Some(c) = p.parse_at(i) {
            let end = c.end.max(i + 1);
            // "from March 20 to 21", "March 20-21": the second day is its own expression.
            let range = p.range_tail(&c);
            out.push(c);
            if let Some(r) = range {
                i = r.end;
                out.push(r);
            } else {
                i = end;
            }
            continue;
        }
        i += 1;
    }
    out
}

struct Parser<'a> {
    text: &'a str,
    toks: &'a [Tok],
}

/// A number read from digits or words; `None` value for vague amounts ("a few", "several").
type NumRead = (usize, Option<f64>);

impl<'a> Parser<'a> {
    fn tok(&self, i: usize) -> Option<&'a Tok> {
        self.toks.get(i)
    }

    fn kw(&self, i: usize) -> Kw {
        self.tok(i).map_or(Kw::None, |t| t.lex.kw)
    }

    /// Token `i` follows the previous one with no space.
    fn glued(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| !t.space_before)
    }

    fn punct(&self, i: usize, c: char) -> bool {
        self.tok(i).is_some_and(|t| t.is_punct(c))
    }

    fn parse_at(&self, i: usize) -> Option<Cand> {
        // "its fourth quarter": a possessive determiner, outside the extent.
        if self.kw(i) == Kw::Its {
            let mut c = self.quarter(i + 1, i)?;
            c.start = i + 1;
            return Some(c);
        }
        // Quantity modifiers: "more than two years", "about 10 days", "at least 72 hours".
        let (j, qmod) = self.quantity_mod(i);
        let (k, the) = if self.kw(j) == Kw::The { (j + 1, true) } else { (j, false) };
        // Position modifiers: "early next year", "the end of 1990", "mid-May", "late yesterday".
        let (m, pmod) = self.position_mod(k, the);
        let mut best = if pmod.is_some() && self.kw(m) == Kw::The {
            self.core(m + 1, true, true)
        } else {
            self.core(m, the && pmod.is_none(), pmod.is_some())
        };
        if best.is_none() && pmod.is_some() {
            // "the end of" not followed by a date: try without the modifier.
            return None;
        }
        if let Some(c) = best.as_mut() {
            // The determiner belongs to the expression only where the rule said so (core start
            // moved back), or when a position modifier took it ("the end of 1990").
            if pmod.is_some() {
                c.start = if the { j } else { k };
                c.modifier = pmod.or(c.modifier);
            }
            if let Some(q) = qmod {
                if matches!(c.kind, TimexType::Duration) || matches!(c.sem, Sem::Shift { .. } | Sem::Counted { .. }) {
                    // Annotated data keeps "about", "around" and "over" outside the extent and
                    // "nearly", "more than", "at least" inside it.
                    let outside = matches!(
                        self.kw(i),
                        Kw::About | Kw::Around | Kw::Approximately | Kw::Roughly | Kw::Over | Kw::Just
                    );
                    if !outside {
                        c.start = i;
                    }
                    c.modifier = Some(q);
                } else {
                    return None;
                }
            }
        }
        if best.is_none() && qmod.is_some() {
            return None;
        }
        if best.is_none() && the {
            // "the" was not part of anything: let the caller move on.
            return None;
        }
        best
    }

    fn quantity_mod(&self, i: usize) -> (usize, Option<&'static str>) {
        match self.kw(i) {
            Kw::More if self.kw(i + 1) == Kw::Than => (i + 2, Some("MORE_THAN")),
            Kw::Less if self.kw(i + 1) == Kw::Than => (i + 2, Some("LESS_THAN")),
            Kw::At if self.kw(i + 1) == Kw::Least => (i + 2, Some("EQUAL_OR_MORE")),
            Kw::At if self.kw(i + 1) == Kw::Most => (i + 2, Some("EQUAL_OR_LESS")),
            Kw::No if self.kw(i + 1) == Kw::More && self.kw(i + 2) == Kw::Than => (i + 3, Some("EQUAL_OR_LESS")),
            Kw::Up if self.kw(i + 1) == Kw::To => (i + 2, Some("EQUAL_OR_LESS")),
            Kw::Just if self.kw(i + 1) == Kw::Over => (i + 2, Some("MORE_THAN")),
            Kw::Over if self.number(i + 1).is_some() => (i + 1, Some("MORE_THAN")),
            Kw::About | Kw::Around | Kw::Approximately | Kw::Roughly => (i + 1, Some("APPROX")),
            Kw::Some if self.tok(i + 1).is_some_and(|t| t.is_num() || t.lex.number > 0) => (i + 1, Some("APPROX")),
            Kw::Nearly | Kw::Almost => (i + 1, Some("LESS_THAN")),
            _ => (i, None),
        }
    }

    fn position_mod(&self, k: usize, the: bool) -> (usize, Option<&'static str>) {
        match self.kw(k) {
            Kw::Early | Kw::Late => {
                let m = if self.kw(k) == Kw::Early { "START" } else { "END" };
                if self.punct(k + 1, '-') && self.glued(k + 1) && self.glued(k + 2) {
                    (k + 2, Some(m))
                } else {
                    (k + 1, Some(m))
                }
            }
            Kw::Earlier | Kw::Later
                if self.kw(k + 1) == Kw::In
                    && self.kw(k + 2) == Kw::The
                    && self.tok(k + 3).is_some_and(|u| u.lex.unit.is_some() && !u.lex.unit_plural) =>
            {
                (k + 2, Some(if self.kw(k) == Kw::Earlier { "START" } else { "END" }))
            }
            Kw::Mid if self.punct(k + 1, '-') && self.glued(k + 1) => (k + 2, Some("MID")),
            Kw::Mid => (k + 1, Some("MID")),
            Kw::End | Kw::Beginning | Kw::Start | Kw::Middle if the && self.kw(k + 1) == Kw::Of => {
                let m = match self.kw(k) {
                    Kw::End => "END",
                    Kw::Middle => "MID",
                    _ => "START",
                };
                let n = k + 2;
                (n, Some(m))
            }
            _ => (k, None),
        }
    }

    /// The longest expression starting at token `i`. `the`: a determiner precedes (at `i - 1`);
    /// `framed`: a position modifier precedes ("the end of ...").
    fn core(&self, i: usize, the: bool, framed: bool) -> Option<Cand> {
        let t = self.tok(i)?;
        let mut best: Option<Cand> = None;
        let mut consider = |c: Option<Cand>| {
            if let Some(c) = c
                && best.as_ref().is_none_or(|b| c.end > b.end)
            {
                best = Some(c);
            }
        };
        // "the" starts the span of rules that include it.
        let s = if the { i - 1 } else { i };
        match t.kind {
            TokKind::Num => {
                consider(self.numeric_date(i));
                consider(self.day_first(i, s, the));
                consider(self.year(i, s, the));
                consider(self.clock(i));
                consider(self.numbered(i, s));
                consider(self.quarter(i, s));
                consider(self.century(i, s));
            }
            TokKind::Punct('\'') => consider(self.short_decade(i, s)),
            TokKind::Punct(_) => {}
            TokKind::Word => {
                let l = &t.lex;
                if l.month != 0 {
                    consider(self.month_first(i, framed || the));
                }
                if l.weekday != 0 {
                    consider(self.weekday(i));
                }
                if l.number != 0
                    && let Some((e, y)) = self.year_words(i)
                    && (y >= 1100 && self.kw(i + 1) != Kw::Thousand || self.temporal_context(i))
                {
                    consider(Some(self.cand(
                        i,
                        e,
                        Sem::Cal { year: YearSpec::Abs(y), month: None, day: None, weekday: None },
                        TimexType::Date,
                    )));
                }
                if l.number != 0
                    || matches!(
                        l.kw,
                        Kw::A
                            | Kw::An
                            | Kw::Few
                            | Kw::Several
                            | Kw::Many
                            | Kw::Couple
                            | Kw::Dozen
                            | Kw::Some
                            | Kw::Half
                    )
                {
                    consider(self.numbered(i, s));
                    consider(self.clock(i));
                }
                if l.ordinal != 0
                    || matches!(
                        l.kw,
                        Kw::First
                            | Kw::Final
                            | Kw::Last
                            | Kw::Q
                            | Kw::Latest
                            | Kw::Current
                            | Kw::This
                            | Kw::Next
                            | Kw::Previous
                            | Kw::Most
                    )
                    || l.unit == Some(Unit::Quarter)
                {
                    consider(self.quarter(i, s));
                    consider(self.ordinal_day(i, s, the));
                    consider(self.century(i, s));
                }
                if l.season.is_some() {
                    consider(self.season(i, s));
                }
                if matches!(l.kw, Kw::Noon | Kw::Midnight) || l.pod == Some(Pod::Midday) {
                    consider(self.clock(i));
                }
                if let Some(p) = l.pod
                    && the
                {
                    // "the morning", "in the evening": that part of the reference day;
                    // "the night of Friday, Oct. 23": of the day named.
                    let named = if self.kw(i + 1) == Kw::Of {
                        self.core(i + 2, false, false).filter(|c| c.kind == TimexType::Date && day_level(&c.sem))
                    } else {
                        None
                    };
                    let (e, day) = match named {
                        Some(c) => (c.end, c.sem),
                        None => (i + 1, Sem::Shift { anchor: Anchor::Ref, gran: Gran::Day, n: 0 }),
                    };
                    consider(Some(self.cand(
                        s,
                        e,
                        Sem::Time { day: Some(Box::new(day)), clock: Clock::Pod(p) },
                        TimexType::Time,
                    )));
                }
                if l.kw == Kw::Fiscal {
                    consider(self.year(i, s, the));
                    consider(self.quarter(i, s));
                }
                if l.unit.is_some() {
                    consider(self.bare_unit(i, s, the, framed));
                }
                if l.kw == Kw::Weekend {
                    consider(Some(self.cand(s, i + 1, Sem::Weekend { dir: Dir::Tense }, TimexType::Date)));
                }
                consider(self.deictic(i, s, the));
                consider(self.relative(i, s, the));
                consider(self.set(i));
                consider(self.holiday(i, s));
            }
        }
        let mut c = best?;
        // A date followed by a clock time: "20 June 2021 - 21:44", "June 20, 2021, 9:30 a.m.".
        if c.kind == TimexType::Date
            && day_level(&c.sem)
            && (self.punct(c.end, '-') || self.punct(c.end, ',') || self.kw(c.end) == Kw::At)
            && let Some(clock) = self.clock_only(c.end + 1)
        {
            let day = Box::new(c.sem.clone());
            c = Cand { end: clock.0, sem: Sem::Time { day: Some(day), clock: clock.1 }, kind: TimexType::Time, ..c };
        }
        Some(c)
    }

    fn cand(&self, start: usize, end: usize, sem: Sem, kind: TimexType) -> Cand {
        Cand { start, end, sem, kind, modifier: None }
    }

    // ---- numbers -------------------------------------------------------------------------

    /// A cardinal: digits ("3", "2.5", "1,000"), words ("twenty-four", "a dozen"), or a vague
    /// amount ("a few", "several").
    fn number(&self, i: usize) -> Option<NumRead> {
        let t = self.tok(i)?;
        match t.kind {
            TokKind::Num => {
                if t.digits > 6 {
                    return None;
                }
                let mut v = f64::from(t.num);
                let mut end = i + 1;
                if self.punct(i + 1, '.')
                    && self.glued(i + 1)
                    && self.glued(i + 2)
                    && self.tok(i + 2).is_some_and(|n| n.is_num() && n.digits <= 3)
                {
                    let frac = self.tok(i + 2)?;
                    v += f64::from(frac.num) / 10f64.powi(i32::from(frac.digits));
                    end = i + 3;
                } else if self.punct(i + 1, ',')
                    && self.glued(i + 1)
                    && self.glued(i + 2)
                    && self.tok(i + 2).is_some_and(|n| n.is_num() && n.digits == 3)
                {
                    v = v * 1000.0 + f64::from(self.tok(i + 2)?.num);
                    end = i + 3;
                } else if let (Some(a), Some(b)) = (self.tok(i + 1), self.tok(i + 3))
                    && a.is_num()
                    && b.is_num()
                    && self.punct(i + 2, '/')
                    && self.glued(i + 2)
                    && self.glued(i + 3)
                    && a.num < b.num
                    && matches!(b.num, 2 | 4)
                {
                    // "2 1/2 years"
                    v += f64::from(a.num) / f64::from(b.num);
                    end = i + 4;
                }
                Some((end, Some(v)))
            }
            TokKind::Word => {
                let l = &t.lex;
                if l.number > 0 {
                    let mut v = u32::from(l.number);
                    let mut end = i + 1;
                    if l.number >= 20 && l.number % 10 == 0 {
                        // "twenty-four", "twenty four"
                        let (k, _) =
                            if self.punct(i + 1, '-') && self.glued(i + 1) { (i + 2, true) } else { (i + 1, false) };
                        if let Some(n) = self.tok(k)
                            && (1..10).contains(&n.lex.number)
                        {
                            v += u32::from(n.lex.number);
                            end = k + 1;
                        }
                    }
                    if self.kw(end) == Kw::Hundred {
                        v *= 100;
                        end += 1;
                    }
                    // "two and a half"
                    if self.kw(end) == Kw::And && self.kw(end + 1) == Kw::A && self.kw(end + 2) == Kw::Half {
                        return Some((end + 3, Some(f64::from(v) + 0.5)));
                    }
                    return Some((end, Some(f64::from(v))));
                }
                match l.kw {
                    Kw::A | Kw::An => match self.kw(i + 1) {
                        Kw::Few => Some((i + 2, None)),
                        Kw::Couple => Some((if self.kw(i + 2) == Kw::Of { i + 3 } else { i + 2 }, Some(2.0))),
                        Kw::Dozen => Some((i + 2, Some(12.0))),
                        Kw::Hundred => Some((i + 2, Some(100.0))),
                        Kw::Half => Some((i + 2, Some(0.5))),
                        _ => Some((i + 1, Some(1.0))),
                    },
                    Kw::Few | Kw::Several | Kw::Many | Kw::Some => Some((i + 1, None)),
                    Kw::Couple => Some((if self.kw(i + 1) == Kw::Of { i + 2 } else { i + 1 }, Some(2.0))),
                    Kw::Dozen => Some((i + 1, Some(12.0))),
                    Kw::Half => Some((i + 1, Some(0.5))),
                    _ => None,
                }
            }
            TokKind::Punct(_) => None,
        }
    }

    /// A unit word (possibly "trading days", "business days").
    fn unit(&self, i: usize) -> Option<(usize, Unit, bool)> {
        let t = self.tok(i)?;
        if let Some(u) = t.lex.unit {
            return Some((i + 1, u, t.lex.unit_plural));
        }
        if matches!(t.lex.kw, Kw::Trading | Kw::Business)
            && let Some(n) = self.tok(i + 1)
            && n.lex.unit == Some(Unit::Day)
        {
            return Some((i + 2, Unit::Day, n.lex.unit_plural));
        }
        None
    }

    /// An ordinal day number: "21st", "21", "twenty-first", "eighth". Returns (end, day).
    fn day_number(&self, i: usize) -> Option<(usize, u8)> {
        let t = self.tok(i)?;
        if t.is_num() && t.digits <= 2 && (1..=31).contains(&t.num) {
            let mut end = i + 1;
            if self.glued(i + 1) && self.tok(i + 1).is_some_and(|s| s.is_word() && is_ordinal_suffix(s)) {
                end += 1;
            }
            return Some((end, t.num as u8));
        }
        let l = &t.lex;
        if l.ordinal > 0 && l.ordinal <= 31 {
            return Some((i + 1, l.ordinal as u8));
        }
        if l.number == 20 || l.number == 30 {
            // "twenty-first"
            let k = if self.punct(i + 1, '-') && self.glued(i + 1) { i + 2 } else { i + 1 };
            if let Some(o) = self.tok(k)
                && (1..10).contains(&o.lex.ordinal)
            {
                let d = l.number + o.lex.ordinal;
                return (d <= 31).then_some((k + 1, d as u8));
            }
        }
        None
    }

    /// A four-digit year token at `i` (digits only): 1000..=2999.
    fn year_tok(&self, i: usize) -> Option<i32> {
        let t = self.tok(i)?;
        (t.is_num() && t.digits == 4 && (1000..=2999).contains(&t.num)).then_some(t.num as i32)
    }

    /// An optional year after a month or day: ", 2021", " 2021", " of 2021".
    fn opt_year(&self, i: usize) -> (usize, Option<i32>) {
        let k = if self.punct(i, ',') || self.kw(i) == Kw::Of { i + 1 } else { i };
        match self.year_tok(k) {
            // not "March 2021s" or "2021-22"
            Some(y) if !(self.glued(k + 1) && self.tok(k + 1).is_some_and(|t| t.is_word() || t.is_num())) => {
                (k + 1, Some(y))
            }
            _ => match self.year_words(k) {
                Some((e, y)) if y >= 1100 && self.kw(k + 1) != Kw::Thousand => (e, Some(y)),
                _ => (i, None),
            },
        }
    }

    /// The end of a month name, with the period of an abbreviation ("Sept.").
    fn month_end(&self, i: usize) -> usize {
        let t = &self.toks[i];
        if t.lex.month_abbr && self.punct(i + 1, '.') && self.glued(i + 1) { i + 2 } else { i + 1 }
    }

    // ---- dates ---------------------------------------------------------------------------

    /// "2021-06-20", "20.06.2021", "06/20/2021", "2021/06/20".
    fn numeric_date(&self, i: usize) -> Option<Cand> {
        let a = self.tok(i)?;
        let sep = match self.tok(i + 1)?.kind {
            TokKind::Punct(c @ ('-' | '.' | '/')) => c,
            _ => return None,
        };
        if !(self.glued(i + 1) && self.glued(i + 2) && self.glued(i + 3) && self.glued(i + 4) && self.punct(i + 3, sep))
        {
            return None;
        }
        let b = self.tok(i + 2).filter(|t| t.is_num())?;
        let c = self.tok(i + 4).filter(|t| t.is_num())?;
        // Not part of a longer number chain (an IP address, a phone number).
        if self.glued(i + 5)
            && self.tok(i + 5).is_some_and(|t| {
                t.is_num()
                    || (matches!(t.kind, TokKind::Punct(p) if p == sep)
                        && self.glued(i + 6)
                        && self.tok(i + 6).is_some_and(|n| n.is_num()))
            })
        {
            return None;
        }
        let (y, m, d) = if a.digits == 4 && b.digits <= 2 && c.digits <= 2 {
            (a.num, b.num, c.num)
        } else if a.digits <= 2 && b.digits <= 2 && c.digits == 4 {
            match sep {
                '/' if a.num <= 12 => (c.num, a.num, b.num),
                _ => (c.num, b.num, a.num),
            }
        } else {
            return None;
        };
        let y = i32::try_from(y).ok()?;
        let (m, d) = (u8::try_from(m).ok()?, u8::try_from(d).ok()?);
        valid_day(y, m, d)?;
        Some(self.cand(
            i,
            i + 5,
            Sem::Cal { year: YearSpec::Abs(y), month: Some(m), day: Some(d), weekday: None },
            TimexType::Date,
        ))
    }

    /// "March 21", "March 21st, 2021", "Sept. 30", "March 2021", "March".
    fn month_first(&self, i: usize, context: bool) -> Option<Cand> {
        let t = self.tok(i)?;
        if !t.cap {
            return None;
        }
        let month = t.lex.month;
        let j = self.month_end(i);
        if let Some((k, d)) = self.day_number(j) {
            let day_tok = self.tok(j)?;
            // "May 5:30", "March 3-2 vote": not a day.
            let clean = !(self.punct(k, ':')
                && self.glued(k)
                && self.glued(k + 1)
                && self.tok(k + 1).is_some_and(|n| n.is_num()))
                && !(day_tok.is_num()
                    && self.punct(k, '.')
                    && self.glued(k)
                    && self.glued(k + 1)
                    && self.tok(k + 1).is_some_and(|n| n.is_num()));
            if clean && valid_day(2000, month, d).is_some() {
                let (e, y) = self.opt_year(k);
                let year = y.map_or(YearSpec::Tense, YearSpec::Abs);
                if let Some(y) = y {
                    valid_day(y, month, d)?;
                }
                let (e, year) = self.year_phrase(e, year);
                return Some(self.cand(
                    i,
                    e,
                    Sem::Cal { year, month: Some(month), day: Some(d), weekday: None },
                    TimexType::Date,
                ));
            }
        }
        let (e, y) = self.opt_year(j);
        if let Some(y) = y {
            return Some(self.cand(
                i,
                e,
                Sem::Cal { year: YearSpec::Abs(y), month: Some(month), day: None, weekday: None },
                TimexType::Date,
            ));
        }
        // A month alone: abbreviations and "May" need a temporal context.
        if t.lex.month_abbr || (month == 5 && !context && !self.temporal_context(i)) {
            // "May" after a preposition of time is still a month; otherwise a modal or a name.
            if !(month == 5 && self.temporal_context(i)) {
                return None;
            }
        }
        // "March 1985" handled above; "March last year", "March this year".
        let (e, year) = self.year_phrase(j, YearSpec::Tense);
        // "the March for Life", "the March of the Mothers": a name, not a month.
        if e == j
            && matches!(self.kw(j), Kw::Of | Kw::For)
            && self.tok(j + 1).is_some_and(|n| n.cap || n.lex.kw == Kw::The)
        {
            return None;
        }
        Some(self.cand(i, e, Sem::Cal { year, month: Some(month), day: None, weekday: None }, TimexType::Date))
    }

    /// "last year", "this year", "next year", "of last year" after a month or day.
    fn year_phrase(&self, i: usize, year: YearSpec) -> (usize, YearSpec) {
        if year != YearSpec::Tense {
            return (i, year);
        }
        let k = if self.kw(i) == Kw::Of || self.punct(i, ',') { i + 1 } else { i };
        if self.tok(k + 1).is_some_and(|t| t.lex.unit == Some(Unit::Year) && !t.lex.unit_plural) {
            let n = match self.kw(k) {
                Kw::Last => -1,
                Kw::This => 0,
                Kw::Next => 1,
                _ => return (i, year),
            };
            return (k + 2, YearSpec::Dct(n));
        }
        (i, year)
    }

    /// Whether the word before `i` makes a following "May" a month.
    fn temporal_context(&self, i: usize) -> bool {
        i > 0
            && matches!(
                self.kw(i - 1),
                Kw::In
                    | Kw::Since
                    | Kw::Of
                    | Kw::Until
                    | Kw::By
                    | Kw::From
                    | Kw::To
                    | Kw::Through
                    | Kw::During
                    | Kw::Early
                    | Kw::Late
                    | Kw::Mid
                    | Kw::Last
                    | Kw::Next
                    | Kw::This
                    | Kw::Before
                    | Kw::After
            )
    }

    /// "21 March 2021", "21st of March", "the 21st of March", "the 21st".
    fn day_first(&self, i: usize, s: usize, the: bool) -> Option<Cand> {
        let (k, d) = self.day_number(i)?;
        let k2 = if self.kw(k) == Kw::Of { k + 1 } else { k };
        if let Some(m) = self.tok(k2).filter(|t| t.lex.month != 0 && t.cap) {
            let month = m.lex.month;
            valid_day(2000, month, d)?;
            let j = self.month_end(k2);
            let (e, y) = self.opt_year(j);
            if let Some(y) = y {
                valid_day(y, month, d)?;
            }
            let year = y.map_or(YearSpec::Tense, YearSpec::Abs);
            let (e, year) = self.year_phrase(e, year);
            let start = if the { s } else { i };
            return Some(self.cand(
                start,
                e,
                Sem::Cal { year, month: Some(month), day: Some(d), weekday: None },
                TimexType::Date,
            ));
        }
        // "from 20 to 23 June": the first day of a range takes the month of the second.
        if self.tok(i).is_some_and(|t| t.is_num())
            && (self.punct(k, '-') || matches!(self.kw(k), Kw::To | Kw::And | Kw::Through | Kw::Until))
            && let Some(Cand { sem: Sem::Cal { year, month: Some(m), day: Some(d2), .. }, .. }) =
                self.tok(k + 1).filter(|t| t.is_num()).and_then(|_| self.day_first(k + 1, k + 1, false))
            && d < d2
            && valid_day(2000, m, d).is_some()
        {
            return Some(self.cand(
                i,
                k,
                Sem::Cal { year, month: Some(m), day: Some(d), weekday: None },
                TimexType::Date,
            ));
        }
        // "the 21st": only with the determiner, an ordinal suffix, and nothing noun-like after.
        if the
            && k == i + 2
            && self
                .tok(k)
                .is_none_or(|n| !n.is_word() || matches!(n.lex.kw, Kw::And | Kw::Or | Kw::To | Kw::Through | Kw::Of))
            && self.kw(k) != Kw::Of
        {
            return Some(self.cand(s, k, Sem::DayOfMonth(d), TimexType::Date));
        }
        None
    }

    /// "the twenty-first of March", "the eighth": ordinal words as days.
    fn ordinal_day(&self, i: usize, s: usize, the: bool) -> Option<Cand> {
        if !the {
            return None;
        }
        let t = self.tok(i)?;
        if !(t.lex.ordinal > 0 || t.lex.number == 20 || t.lex.number == 30) {
            return None;
        }
        let (k, d) = self.day_number(i)?;
        if self.kw(k) != Kw::Of {
            return None;
        }
        let m = self.tok(k + 1).filter(|t| t.lex.month != 0 && t.cap)?;
        let month = m.lex.month;
        valid_day(2000, month, d)?;
        let (e, y) = self.opt_year(self.month_end(k + 1));
        let year = y.map_or(YearSpec::Tense, YearSpec::Abs);
        Some(self.cand(s, e, Sem::Cal { year, month: Some(month), day: Some(d), weekday: None }, TimexType::Date))
    }

    /// "Sunday", "Sunday, March 21", "Friday morning", "Sundays".
    fn weekday(&self, i: usize) -> Option<Cand> {
        let t = self.tok(i)?;
        if !t.cap {
            return None;
        }
        let wd = t.lex.weekday;
        if t.lex.weekday_plural {
            return Some(self.cand(i, i + 1, Sem::Literal(format!("XXXX-WXX-{wd}")), TimexType::Set));
        }
        let mut j = i + 1;
        // "Mon." style abbreviations are not in the lexicon; full names only.
        let k = if self.punct(j, ',') { j + 1 } else { j };
        if let Some(n) = self.tok(k) {
            let date = if n.lex.month != 0 {
                self.month_first(k, true)
            } else if n.is_num() {
                self.day_first(k, k, false)
            } else {
                None
            };
            if let Some(mut c) = date
                && let Sem::Cal { day: Some(_), weekday, .. } = &mut c.sem
            {
                *weekday = Some(wd);
                c.start = i;
                return Some(c);
            }
        }
        if let Some(p) = self.tok(j).and_then(|n| n.lex.pod) {
            j += 1;
            return Some(self.cand(
                i,
                j,
                Sem::Time { day: Some(Box::new(Sem::Weekday { wd, dir: Dir::Tense })), clock: Clock::Pod(p) },
                TimexType::Time,
            ));
        }
        Some(self.cand(i, j, Sem::Weekday { wd, dir: Dir::Tense }, TimexType::Date))
    }

    /// "1998", "1990s", "fiscal 1989", "1998's" (the year only).
    fn year(&self, i: usize, s: usize, the: bool) -> Option<Cand> {
        let t = self.tok(i)?;
        if t.lex.kw == Kw::Fiscal {
            let k = if self.tok(i + 1).is_some_and(|n| n.lex.unit == Some(Unit::Year) && !n.lex.unit_plural) {
                i + 2
            } else {
                i + 1
            };
            let y = self.year_tok(k)?;
            return Some(self.cand(
                if the { s } else { i },
                k + 1,
                Sem::Cal { year: YearSpec::Abs(y), month: None, day: None, weekday: None },
                TimexType::Date,
            ));
        }
        let y = self.year_tok(i)?;
        let prev = i.checked_sub(1).and_then(|p| self.tok(p));
        // Money, measures and glued numbers are not years.
        if prev.is_some_and(|p| {
            !t.space_before
                && (p.is_num()
                    || p.is_punct('.')
                    || p.is_punct(',')
                    || p.is_punct('$')
                    || p.is_punct('#')
                    || p.is_word())
        }) || prev.is_some_and(|p| p.is_punct('$'))
        {
            return None;
        }
        if let Some(n) = self.tok(i + 1) {
            if !n.space_before && n.is_word() {
                // "1990s" is a decade; other glued letters ("1998a") make no year.
                if y % 10 == 0 && self.is_s(i + 1) {
                    return Some(self.cand(
                        if the { s } else { i },
                        i + 2,
                        Sem::Decade { century: Some(y / 100), decade: y / 10 },
                        TimexType::Date,
                    ));
                }
                return None;
            }
            if !n.space_before && (n.is_num() || n.is_word() || n.is_punct('%')) {
                return None;
            }
            if n.is_punct('-') && !n.space_before && self.tok(i + 2).is_some_and(|m| m.is_num() && !m.space_before) {
                // "1998-99", "2020-2021": a span of years; the first year stands alone.
                if self.tok(i + 2).is_some_and(|m| m.digits == 2 || m.digits == 4) {
                    return Some(self.cand(
                        i,
                        i + 1,
                        Sem::Cal { year: YearSpec::Abs(y), month: None, day: None, weekday: None },
                        TimexType::Date,
                    ));
                }
                return None;
            }
            // "2000 people", "1500 troops": a count, not a year.
            if n.is_word() && !n.cap && !n.lex.is_trigger() && self.looks_plural_noun(i + 1) {
                return None;
            }
            if n.is_word() && matches!(self.word_lower(i + 1).as_deref(), Some("percent" | "per" | "pct")) {
                return None;
            }
        }
        // Outside 1900..2100 a bare number is rarely a year without a preposition.
        if !(1900..=2100).contains(&y)
            && !prev.is_some_and(|p| {
                matches!(
                    p.lex.kw,
                    Kw::In
                        | Kw::Since
                        | Kw::Of
                        | Kw::From
                        | Kw::Until
                        | Kw::Through
                        | Kw::To
                        | Kw::By
                        | Kw::During
                        | Kw::Early
                        | Kw::Late
                        | Kw::Mid
                        | Kw::Before
                        | Kw::After
                )
            })
        {
            return None;
        }
        Some(self.cand(
            i,
            i + 1,
            Sem::Cal { year: YearSpec::Abs(y), month: None, day: None, weekday: None },
            TimexType::Date,
        ))
    }

    fn is_s(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| t.is_word() && t.end - t.start == 1) && self.word_lower(i).as_deref() == Some("s")
    }

    /// "'80s", "the '90s".
    fn short_decade(&self, i: usize, s: usize) -> Option<Cand> {
        let n = self.tok(i + 1)?;
        if !(n.is_num()
            && n.digits == 2
            && n.num % 10 == 0
            && self.glued(i + 1)
            && self.glued(i + 2)
            && self.is_s(i + 2))
        {
            return None;
        }
        Some(self.cand(s, i + 3, Sem::Decade { century: None, decade: n.num as i32 / 10 }, TimexType::Date))
    }

    /// "the 20th century", "the twentieth century".
    fn century(&self, i: usize, s: usize) -> Option<Cand> {
        let t = self.tok(i)?;
        let (k, ord) =
            if t.is_num() && t.digits <= 2 && self.glued(i + 1) && self.tok(i + 1).is_some_and(is_ordinal_suffix) {
                (i + 2, t.num as i32)
            } else if t.lex.ordinal > 0 {
                (i + 1, i32::from(t.lex.ordinal))
            } else {
                return None;
            };
        let k = if self.punct(k, '-') { k + 1 } else { k };
        let u = self.tok(k)?;
        if u.lex.unit != Some(Unit::Century) || u.lex.unit_plural || !(1..=30).contains(&ord) {
            return None;
        }
        Some(self.cand(s, k + 1, Sem::Century(ord - 1), TimexType::Date))
    }

    /// "the third quarter (of 1990)", "third-quarter", "Q3 2021", "the first half", "the quarter".
    fn quarter(&self, i: usize, s: usize) -> Option<Cand> {
        let t = self.tok(i)?;
        // "Q3", "Q3 2021", "H1"
        if matches!(t.lex.kw, Kw::Q | Kw::H) && t.cap && self.glued(i + 1) {
            let n = self.tok(i + 1).filter(|n| n.is_num() && n.digits == 1)?;
            let (gran, max) = if t.lex.kw == Kw::Q { (Gran::Quarter, 4) } else { (Gran::Half, 2) };
            if !(1..=max).contains(&n.num) || self.glued(i + 2) {
                return None;
            }
            let (e, y) = self.opt_year(i + 2);
            let year = y.map_or(YearSpec::Tense, YearSpec::Abs);
            return Some(self.cand(i, e, Sem::Part { year, gran, index: n.num as u8 }, TimexType::Date));
        }
        // "the quarter", "the latest quarter", "this quarter", "last quarter"
        let (k, shift) = match t.lex.kw {
            Kw::Latest | Kw::Previous => (i + 1, Some(-1)),
            Kw::Most if self.kw(i + 1) == Kw::Recent => (i + 2, Some(-1)),
            Kw::Current | Kw::This => (i + 1, Some(0)),
            Kw::Next | Kw::Coming => (i + 1, Some(1)),
            Kw::Last if s < i => (i + 1, Some(-1)),
            Kw::Last => (i + 1, Some(-1)),
            _ if t.lex.unit == Some(Unit::Quarter) && s < i => (i, Some(-1)),
            _ => (i, None),
        };
        if let Some(n) = shift {
            let q = self.tok(k)?;
            let fiscal = if q.lex.kw == Kw::Fiscal { 1 } else { 0 };
            let q = self.tok(k + fiscal)?;
            if q.lex.unit == Some(Unit::Quarter) && !q.lex.unit_plural && !self.punct(k + fiscal + 1, '-') {
                return Some(self.cand(
                    s,
                    k + fiscal + 1,
                    Sem::Shift { anchor: Anchor::Dct, gran: Gran::Quarter, n },
                    TimexType::Date,
                ));
            }
            if t.lex.ordinal == 0 && t.lex.kw != Kw::First {
                return None;
            }
        }
        // "[the] [1988] [fiscal] third[-]quarter [of 1990 | 1990]", "the first half"
        let mut k = i;
        let mut year = YearSpec::Tense;
        if let Some(y) = self.year_tok(k) {
            if s == i {
                return None;
            }
            year = YearSpec::Abs(y);
            k += 1;
        }
        if self.kw(k) == Kw::Fiscal {
            k += 1;
        }
        let o = self.tok(k)?;
        let ord = match (o.lex.ordinal, o.lex.kw) {
            (n, _) if n > 0 => n,
            (_, Kw::Final) | (_, Kw::Last) => 4,
            _ => {
                if o.is_num() && o.digits == 1 && self.glued(k + 1) && self.tok(k + 1).is_some_and(is_ordinal_suffix) {
                    k += 1;
                    o.num as u16
                } else {
                    return None;
                }
            }
        };
        let hyphen = self.punct(k + 1, '-') && self.glued(k + 1);
        let u = self.tok(if hyphen { k + 2 } else { k + 1 })?;
        let e = if hyphen { k + 3 } else { k + 2 };
        let last_kw = o.lex.kw == Kw::Last;
        let (gran, index) = match (u.lex.unit, u.lex.kw, u.lex.unit_plural) {
            (Some(Unit::Quarter), _, false) if (1..=4).contains(&ord) => (Gran::Quarter, ord as u8),
            (_, Kw::Half, _) if (1..=2).contains(&ord) || last_kw => (Gran::Half, if last_kw { 2 } else { ord as u8 }),
            _ => return None,
        };
        // "the last quarter" is the previous quarter, handled above; "last half" is rare.
        if last_kw && gran == Gran::Quarter && s == i {
            return None;
        }
        // A hyphenated "third-quarter" is an adjective ("third-quarter profit") and stands alone.
        let (e, year) = if year == YearSpec::Tense {
            let k2 = if self.kw(e) == Kw::Of || self.punct(e, ',') { e + 1 } else { e };
            let k2 = if self.kw(k2) == Kw::Fiscal { k2 + 1 } else { k2 };
            match self.year_tok(k2) {
                Some(y) => (k2 + 1, YearSpec::Abs(y)),
                None => {
                    let (e2, yr) = self.year_phrase(e, YearSpec::Tense);
                    (e2, yr)
                }
            }
        } else {
            (e, year)
        };
        // Without a determiner only the hyphenated adjective or an explicit year makes a date.
        if s == i && !hyphen && year == YearSpec::Tense && !self.prev_is_year_or_this(i) {
            return None;
        }
        // The adjective "third-quarter" leaves the determiner to its noun ("the third-quarter loss").
        let start = if hyphen && year == YearSpec::Tense { i } else { s };
        Some(self.cand(start, e, Sem::Part { year, gran, index }, TimexType::Date))
    }

    fn prev_is_year_or_this(&self, i: usize) -> bool {
        i > 0 && (matches!(self.kw(i - 1), Kw::This | Kw::Fiscal) || self.year_tok(i - 1).is_some())
    }

    /// "this summer", "last fall", "summer 2021", "the spring".
    fn season(&self, i: usize, s: usize) -> Option<Cand> {
        let t = self.tok(i)?;
        let season = t.lex.season?;
        // "fall" is also a verb and a noun ("a fall in prices").
        if season == Season::Fall && s == i && self.year_tok(i + 1).is_none() {
            return None;
        }
        let (e, y) = self.opt_year(i + 1);
        if let Some(y) = y {
            return Some(self.cand(
                s,
                e,
                Sem::Part { year: YearSpec::Abs(y), gran: Gran::Season(season), index: 0 },
                TimexType::Date,
            ));
        }
        if s < i {
            return Some(self.cand(s, i + 1, Sem::SeasonDir { season, dir: Dir::Tense }, TimexType::Date));
        }
        None
    }

    /// A unit word alone: "the year" (framed: "the end of the year"), "for years", "decades-long".
    fn bare_unit(&self, i: usize, s: usize, the: bool, framed: bool) -> Option<Cand> {
        let t = self.tok(i)?;
        let u = t.lex.unit?;
        if t.lex.unit_plural {
            // "years-long"
            let long = self.punct(i + 1, '-') && self.glued(i + 1) && self.glued(i + 2) && self.kw(i + 2) == Kw::Long;
            let after_for = i > 0
                && matches!(self.kw(i - 1), Kw::For | Kw::Within | Kw::In)
                && !the
                && !self.tok(i + 1).is_some_and(|n| n.lex.kw == Kw::Of);
            if long || after_for {
                let e = if long { i + 3 } else { i + 1 };
                return Some(self.cand(i, e, Sem::Literal(duration_value(None, u)), TimexType::Duration));
            }
            if self.kw(i + 1) == Kw::Ago {
                return Some(self.cand(i, i + 2, Sem::Literal("PAST_REF".into()), TimexType::Date));
            }
            if the && self.kw(i + 1) == Kw::Ahead {
                return Some(self.cand(s, i + 2, Sem::Literal(duration_value(None, u)), TimexType::Duration));
            }
            return None;
        }
        if framed && the {
            let gran = unit_gran(u)?;
            return Some(self.cand(s, i + 1, Sem::Shift { anchor: Anchor::Dct, gran, n: 0 }, TimexType::Date));
        }
        if u == Unit::Year {
            // "the year 2000", "the year two thousand"
            if the && let Some(y) = self.year_tok(i + 1).map(|y| (i + 2, y)).or_else(|| self.year_words(i + 1)) {
                return Some(self.cand(
                    s,
                    y.0,
                    Sem::Cal { year: YearSpec::Abs(y.1), month: None, day: None, weekday: None },
                    TimexType::Date,
                ));
            }
            // "year-end", "year end", "year's end"
            let end = if self.punct(i + 1, '-') && self.glued(i + 1) && self.kw(i + 2) == Kw::End {
                Some(i + 3)
            } else if self.kw(i + 1) == Kw::End
                && i > 0
                && matches!(self.kw(i - 1), Kw::By | Kw::At | Kw::Since | Kw::Until | Kw::Before)
            {
                Some(i + 2)
            } else if self.punct(i + 1, '\'') && self.is_s(i + 2) && self.kw(i + 3) == Kw::End {
                Some(i + 4)
            } else {
                None
            };
            if let Some(e) = end {
                let mut c =
                    self.cand(s, e, Sem::Shift { anchor: Anchor::Dct, gran: Gran::Year, n: 0 }, TimexType::Date);
                c.modifier = Some("END");
                return Some(c);
            }
        }
        None
    }

    /// A year in words: "nineteen ninety-six", "two thousand", "two thousand and one".
    /// Returns (end, year).
    fn year_words(&self, i: usize) -> Option<(usize, i32)> {
        let t = self.tok(i)?;
        let a = i32::from(t.lex.number);
        if a == 2 && self.kw(i + 1) == Kw::Thousand {
            let k = if self.kw(i + 2) == Kw::And { i + 3 } else { i + 2 };
            if let Some((e, Some(n))) = self.number(k).filter(|_| self.tok(k).is_some_and(|x| x.lex.number > 0))
                && (1.0..100.0).contains(&n)
            {
                return Some((e, 2000 + n as i32));
            }
            return Some((i + 2, 2000));
        }
        if !(11..=20).contains(&a) {
            return None;
        }
        let (e, b) = self.number(i + 1).filter(|_| self.tok(i + 1).is_some_and(|x| x.lex.number >= 10))?;
        let b = b?;
        (b.fract() == 0.0 && (10.0..100.0).contains(&b)).then_some((e, a * 100 + b as i32))
    }

    // ---- relative and deictic ------------------------------------------------------------

    fn deictic(&self, i: usize, s: usize, the: bool) -> Option<Cand> {
        let t = self.tok(i)?;
        let lit = |v: &str, e: usize, st: usize| Some(self.cand(st, e, Sem::Literal(v.to_string()), TimexType::Date));
        let shift = |n: i32| Sem::Shift { anchor: Anchor::Dct, gran: Gran::Day, n };
        let with_pod = |sem: Sem| -> Option<Cand> {
            if let Some(p) = self.tok(i + 1).and_then(|n| n.lex.pod) {
                return Some(self.cand(
                    i,
                    i + 2,
                    Sem::Time { day: Some(Box::new(sem)), clock: Clock::Pod(p) },
                    TimexType::Time,
                ));
            }
            Some(self.cand(i, i + 1, sem, TimexType::Date))
        };
        match t.lex.kw {
            Kw::Today => with_pod(shift(0)),
            Kw::Yesterday => with_pod(shift(-1)),
            Kw::Tomorrow => with_pod(shift(1)),
            Kw::Tonight => Some(self.cand(
                i,
                i + 1,
                Sem::Time { day: Some(Box::new(shift(0))), clock: Clock::Pod(Pod::Night) },
                TimexType::Time,
            )),
            Kw::Now if !the => lit("PRESENT_REF", i + 1, i),
            Kw::Currently | Kw::Presently | Kw::Nowadays => lit("PRESENT_REF", i + 1, i),
            Kw::These if self.tok(i + 1).is_some_and(|n| n.lex.unit == Some(Unit::Day) && n.lex.unit_plural) => {
                lit("PRESENT_REF", i + 2, i)
            }
            Kw::Recently | Kw::Lately => lit("PAST_REF", i + 1, i),
            // "the recent sale", "recent declines": an event placed in the recent past
            Kw::Recent
                if self.tok(i + 1).is_some_and(|n| n.is_word() && n.lex.unit.is_none() && !n.lex.is_trigger()) =>
            {
                lit("PAST_REF", i + 1, i)
            }
            Kw::Soon if !(self.kw(i + 1) == Kw::After || self.kw(i + 1) == Kw::As) => lit("FUTURE_REF", i + 1, i),
            Kw::Future if the => lit("FUTURE_REF", i + 1, s),
            Kw::Near if the && self.kw(i + 1) == Kw::Future => lit("FUTURE_REF", i + 2, s),
            Kw::Past if the && !self.followed_by_amount(i + 1) => lit("PAST_REF", i + 1, s),
            Kw::Recent if the && self.kw(i + 1) == Kw::Past => lit("PAST_REF", i + 2, s),
            Kw::Present if the && self.tok(i + 1).is_none_or(|n| !n.is_word() || n.lex.kw != Kw::None) => {
                lit("PRESENT_REF", i + 1, s)
            }
            Kw::Moment if the && i >= 2 && self.kw(i - 2) == Kw::At => lit("PRESENT_REF", i + 1, s),
            _ => None,
        }
    }

    fn followed_by_amount(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| {
            t.is_num()
                || t.lex.number > 0
                || t.lex.unit.is_some()
                || t.lex.weekday != 0
                || t.lex.month != 0
                || t.lex.season.is_some()
                || matches!(t.lex.kw, Kw::Few | Kw::Several | Kw::Couple | Kw::Weekend | Kw::Dozen | Kw::Century)
        })
    }

    /// "last week", "next month", "this year", "last Friday", "the past six years", "the next
    /// few days", "the following day", "earlier this year", "this morning", "last night".
    fn relative(&self, i: usize, s: usize, the: bool) -> Option<Cand> {
        let t = self.tok(i)?;
        let kw = t.lex.kw;
        // "earlier this year", "later this month"
        if matches!(kw, Kw::Earlier | Kw::Later) && self.kw(i + 1) == Kw::This {
            let u = self.tok(i + 2)?;
            let gran = u.lex.unit.filter(|_| !u.lex.unit_plural).and_then(unit_gran)?;
            let m = if kw == Kw::Earlier { "START" } else { "END" };
            let mut c = self.cand(i, i + 3, Sem::Shift { anchor: Anchor::Dct, gran, n: 0 }, TimexType::Date);
            c.modifier = Some(m);
            return Some(c);
        }
        let (dir_n, anchor) = match kw {
            Kw::Last | Kw::Past | Kw::Previous => {
                (-1, if kw == Kw::Previous && the { Anchor::Ref } else { Anchor::Dct })
            }
            Kw::Next | Kw::Coming | Kw::Upcoming => (1, if kw == Kw::Next && the { Anchor::Ref } else { Anchor::Dct }),
            Kw::Following => (1, Anchor::Ref),
            Kw::This | Kw::Current => (0, Anchor::Dct),
            Kw::That | Kw::Same => (0, Anchor::Ref),
            Kw::Recent => (-1, Anchor::Dct),
            Kw::First => (0, Anchor::Dct),
            _ => return None,
        };
        let mut j = i + 1;
        // "this coming Sunday", "this past weekend"
        let mut dir_n = dir_n;
        if kw == Kw::This && matches!(self.kw(j), Kw::Coming | Kw::Past) {
            dir_n = if self.kw(j) == Kw::Coming { 1 } else { -1 };
            j += 1;
        }
        let n = self.tok(j)?;
        // Counted durations: "the past six years", "the next few days", "the first nine months".
        if let Some((k, amount)) = self.number(j).filter(|_| !matches!(n.lex.kw, Kw::A | Kw::An) && n.lex.ordinal == 0)
            && let Some((e, u, plural)) = self.unit(k)
            && (plural || amount == Some(1.0))
            && !matches!(kw, Kw::This | Kw::That | Kw::Same | Kw::Current)
        {
            return Some(self.cand(s, e, Sem::Literal(duration_value(amount, u)), TimexType::Duration));
        }
        if kw == Kw::First {
            return None;
        }
        // "the past weeks", "recent years", "the coming months": vague durations.
        if let Some((e, u, true)) = self.unit(j) {
            if matches!(
                kw,
                Kw::Past | Kw::Last | Kw::Coming | Kw::Recent | Kw::Next | Kw::Upcoming | Kw::Previous | Kw::Following
            ) {
                return Some(self.cand(s, e, Sem::Literal(duration_value(None, u)), TimexType::Duration));
            }
            return None;
        }
        if kw == Kw::Recent {
            return None;
        }
        let dir = match dir_n {
            -1 => Dir::Last,
            1 => Dir::Next,
            _ => Dir::This,
        };
        if n.lex.weekday != 0 && !n.lex.weekday_plural && n.cap {
            let sem = Sem::Weekday { wd: n.lex.weekday, dir: if anchor == Anchor::Ref { Dir::Tense } else { dir } };
            if let Some(p) = self.tok(j + 1).and_then(|x| x.lex.pod) {
                return Some(self.cand(
                    s,
                    j + 2,
                    Sem::Time { day: Some(Box::new(sem)), clock: Clock::Pod(p) },
                    TimexType::Time,
                ));
            }
            return Some(self.cand(s, j + 1, sem, TimexType::Date));
        }
        if n.lex.month != 0 && n.cap && !n.lex.month_abbr && anchor == Anchor::Dct {
            return Some(self.cand(s, j + 1, Sem::MonthDir { month: n.lex.month, dir }, TimexType::Date));
        }
        if let Some(season) = n.lex.season {
            return Some(self.cand(s, j + 1, Sem::SeasonDir { season, dir }, TimexType::Date));
        }
        if n.lex.kw == Kw::Weekend {
            return Some(self.cand(s, j + 1, Sem::Weekend { dir }, TimexType::Date));
        }
        if let Some(p) = n.lex.pod {
            // "this morning", "last night", "that evening"
            let day = match (kw, p) {
                (Kw::This, _) => Sem::Shift { anchor: Anchor::Dct, gran: Gran::Day, n: 0 },
                (Kw::Last, Pod::Night | Pod::Evening) => Sem::Shift { anchor: Anchor::Dct, gran: Gran::Day, n: -1 },
                (Kw::That | Kw::Same, _) => Sem::Shift { anchor: Anchor::Ref, gran: Gran::Day, n: 0 },
                (Kw::Following | Kw::Next, _) if the => Sem::Shift { anchor: Anchor::Ref, gran: Gran::Day, n: 1 },
                _ => return None,
            };
            return Some(self.cand(
                s,
                j + 1,
                Sem::Time { day: Some(Box::new(day)), clock: Clock::Pod(p) },
                TimexType::Time,
            ));
        }
        if let Some(u) = n.lex.unit.filter(|_| !n.lex.unit_plural) {
            let gran = unit_gran(u)?;
            // "the past year", "the last week" are annotated like "last year" (the previous
            // period) in TimeBank; "the past day" is a duration.
            if the && matches!(kw, Kw::Past | Kw::Last) && gran == Gran::Day {
                return Some(self.cand(s, j + 1, Sem::Literal(duration_value(Some(1.0), u)), TimexType::Duration));
            }
            // "last day", "next day" without a determiner are rarely dates.
            if gran == Gran::Day && !the && !matches!(kw, Kw::That | Kw::Same) {
                return None;
            }
            if matches!(kw, Kw::That | Kw::Same) && !(kw == Kw::That || the) {
                return None;
            }
            if matches!(kw, Kw::Coming | Kw::Upcoming) && !the {
                return None;
            }
            // "this year's", fine; "this week" etc.
            return Some(self.cand(s, j + 1, Sem::Shift { anchor, gran, n: dir_n }, TimexType::Date));
        }
        None
    }

    /// "two years", "a year ago", "three days later", "two-year", "10 days from now".
    fn numbered(&self, i: usize, s: usize) -> Option<Cand> {
        let (k, amount) = self.number(i)?;
        let t = self.tok(i)?;
        let hyphen = self.punct(k, '-') && self.glued(k) && self.glued(k + 1);
        // "18 consecutive months", "two more weeks": one quantity adjective may intervene.
        let k = if !hyphen
            && self.word_lower(k).is_some_and(|w| COUNT_ADJECTIVES.contains(&w.as_str()))
            && self.tok(k + 1).is_some_and(|u| u.lex.unit_plural)
        {
            k + 1
        } else {
            k
        };
        let (e, u, plural) = self.unit(if hyphen { k + 1 } else { k })?;
        // "three-quarters" is a fraction; hyphenated durations take the singular ("two-year").
        if hyphen && plural {
            return None;
        }
        // "a year", "one day": singular with one; "two years": plural; "two-year": adjective.
        let one = amount == Some(1.0);
        let adjective = !plural
            && amount.is_some_and(|a| a > 1.0)
            && self.tok(e).is_some_and(|n| n.is_word() && !n.cap && !n.lex.is_trigger());
        if !hyphen && !plural && !one && amount != Some(0.5) && !adjective {
            return None;
        }
        // "a second term", "one minute's silence" aside, "a second" is an ordinal.
        if u == Unit::Second && one && !plural {
            return None;
        }
        // Numbers that are part of something else: "$5 million a year", "3-2".
        if matches!(t.lex.kw, Kw::A | Kw::An) && i > 0 && !plural {
            let p = self.tok(i - 1);
            let rate = p.is_some_and(|p| {
                matches!(p.lex.kw, Kw::Once | Kw::Twice | Kw::Times)
                    || p.is_num()
                    || p.lex.unit.is_some()
                    || (p.is_word() && !p.cap && p.lex.kw == Kw::None && self.looks_plural_noun(i - 1))
            });
            if rate {
                return None;
            }
        }
        // Post-modifiers.
        let start = if matches!(t.lex.kw, Kw::Some | Kw::Few | Kw::Several | Kw::Many) || s == i || hyphen || adjective
        {
            i
        } else {
            s
        };
        let gran = match u {
            Unit::Decade | Unit::Century => Some(Gran::Year),
            _ => unit_gran(u),
        };
        match self.kw(e) {
            Kw::Ago => {
                let c = match (amount, gran) {
                    (Some(n), Some(g)) if n >= 1.0 && n.fract() == 0.0 => {
                        Sem::Counted { anchor: Anchor::Dct, gran: g, n: -(n as i32) * unit_scale(u) }
                    }
                    (None, _) => Sem::Literal("PAST_REF".into()),
                    _ => {
                        return Some(self.cand(start, e, Sem::Literal(duration_value(amount, u)), TimexType::Duration));
                    }
                };
                return Some(self.cand(start, e + 1, c, TimexType::Date));
            }
            Kw::Earlier | Kw::Later if !matches!(self.kw(e + 1), Kw::Than | Kw::This | Kw::In) => {
                if let (Some(n), Some(g)) = (amount, gran)
                    && n >= 1.0
                    && n.fract() == 0.0
                {
                    let sign = if self.kw(e) == Kw::Earlier { -1 } else { 1 };
                    return Some(self.cand(
                        start,
                        e + 1,
                        Sem::Counted { anchor: Anchor::Ref, gran: g, n: sign * (n as i32) * unit_scale(u) },
                        TimexType::Date,
                    ));
                }
            }
            Kw::From if self.kw(e + 1) == Kw::Now => {
                if let (Some(n), Some(g)) = (amount, gran)
                    && n >= 1.0
                    && n.fract() == 0.0
                {
                    return Some(self.cand(
                        start,
                        e + 2,
                        Sem::Counted { anchor: Anchor::Dct, gran: g, n: (n as i32) * unit_scale(u) },
                        TimexType::Date,
                    ));
                }
            }
            _ => {}
        }
        // "a year and a half", "an hour and a half"
        let (e, amount) = if self.kw(e) == Kw::And && matches!(self.kw(e + 1), Kw::A) && self.kw(e + 2) == Kw::Half {
            (e + 3, amount.map(|a| a + 0.5))
        } else {
            (e, amount)
        };
        // Ages ("6-year-old", "52 years old") are not time expressions; "two-year-long" is.
        if self.kw(e) == Kw::Old || (self.punct(e, '-') && self.glued(e) && self.kw(e + 1) == Kw::Old) {
            return None;
        }
        let e = if hyphen && self.punct(e, '-') && self.glued(e) && self.kw(e + 1) == Kw::Long { e + 2 } else { e };
        // A bare "a day", "one year" is often not a duration ("one day he left"; "$5 a year"):
        // keep it only with a following preposition or punctuation, or a modifier before.
        if one
            && !hyphen
            && matches!(t.lex.kw, Kw::A | Kw::An)
            && i > 0
            && self.tok(i - 1).is_some_and(|p| {
                p.is_num()
                    || matches!(p.kind, TokKind::Word)
                        && matches!(
                            self.word_lower(i - 1).as_deref(),
                            Some("million" | "billion" | "percent" | "dollars" | "cents")
                        )
            })
        {
            return None;
        }
        Some(self.cand(start, e, Sem::Literal(duration_value(amount, u)), TimexType::Duration))
    }

    /// "10 a.m.", "10:35", "9:30 p.m. EST", "noon", "10 p.m. Wednesday".
    fn clock(&self, i: usize) -> Option<Cand> {
        let (e, clock) = self.clock_only(i)?;
        // A day after the clock: "10 p.m. Wednesday", "5 p.m. EST, Nov. 6", "9 a.m. today".
        let k = if self.punct(e, ',') { e + 1 } else { e };
        if let Some(n) = self.tok(k) {
            let day = if n.lex.weekday != 0 && !n.lex.weekday_plural && n.cap {
                self.weekday(k).filter(|c| matches!(c.sem, Sem::Weekday { .. } | Sem::Cal { .. }))
            } else if n.lex.month != 0 {
                self.month_first(k, true).filter(|c| day_level(&c.sem))
            } else if matches!(n.lex.kw, Kw::Today | Kw::Yesterday | Kw::Tomorrow) {
                self.deictic(k, k, false).filter(|c| c.kind == TimexType::Date)
            } else {
                None
            };
            if let Some(d) = day {
                return Some(self.cand(i, d.end, Sem::Time { day: Some(Box::new(d.sem)), clock }, TimexType::Time));
            }
        }
        Some(self.cand(i, e, Sem::Time { day: None, clock }, TimexType::Time))
    }

    /// A clock time alone, with its zone: returns (end, clock).
    fn clock_only(&self, i: usize) -> Option<(usize, Clock)> {
        let t = self.tok(i)?;
        if matches!(t.lex.kw, Kw::Noon | Kw::Midnight) || t.lex.pod == Some(Pod::Midday) {
            let h = if t.lex.kw == Kw::Midnight { 24 } else { 12 };
            return Some((i + 1, Clock::Hm(h, Some(0))));
        }
        let (mut e, h, min) = if t.is_num() && t.digits <= 2 {
            if self.punct(i + 1, ':') && self.glued(i + 1) && self.glued(i + 2) {
                let m = self.tok(i + 2).filter(|m| m.is_num() && m.digits == 2 && m.num < 60)?;
                if t.num > 24 {
                    return None;
                }
                // "10:35:20" seconds, or a glued ratio chain
                let mut e = i + 3;
                if self.punct(e, ':')
                    && self.glued(e)
                    && self.tok(e + 1).is_some_and(|x| x.is_num() && x.digits == 2 && !x.space_before)
                {
                    e += 2;
                }
                (e, t.num as u8, Some(m.num as u8))
            } else if (1..=12).contains(&t.num) {
                (i + 1, t.num as u8, None)
            } else {
                return None;
            }
        } else if (1..=12).contains(&t.lex.number) && self.is_oclock(i + 1) {
            return Some((i + 4, Clock::Hm(t.lex.number as u8, Some(0))));
        } else {
            return None;
        };
        let ampm = self.ampm(e);
        if let Some((ae, pm)) = ampm {
            if h == 0 || h > 12 {
                return None;
            }
            e = ae;
            let h24 = match (h, pm) {
                (12, false) => 0,
                (12, true) => 12,
                (h, true) => h + 12,
                (h, false) => h,
            };
            let e = self.zone(e);
            return Some((e, Clock::Hm(h24, min)));
        }
        if self.is_oclock(e) && min.is_none() {
            return Some((e + 3, Clock::Hm(h, Some(0))));
        }
        // "21:44", "9:30" need the colon form to stand without am/pm.
        min?;
        let e = self.zone(e);
        Some((e, Clock::Hm(h, min)))
    }

    fn is_oclock(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| t.is_word() && t.end - t.start == 1)
            && self.word_lower(i).as_deref() == Some("o")
            && self.punct(i + 1, '\'')
            && self.kw(i + 2) == Kw::OClock
    }

    /// "a.m.", "p.m.", "am", "PM", "a.m" → (end, is_pm).
    fn ampm(&self, i: usize) -> Option<(usize, bool)> {
        let t = self.tok(i)?;
        if !t.is_word() {
            return None;
        }
        match t.lex.kw {
            Kw::Am | Kw::Pm => {
                // "I am" is not a time: a clock number must come right before.
                return Some((i + 1, t.lex.kw == Kw::Pm));
            }
            _ => {}
        }
        let w = self.word_lower(i)?;
        if (w == "a" || w == "p")
            && self.punct(i + 1, '.')
            && self.glued(i + 1)
            && self.glued(i + 2)
            && self.word_lower(i + 2).as_deref() == Some("m")
        {
            let e = if self.punct(i + 3, '.') && self.glued(i + 3) { i + 4 } else { i + 3 };
            return Some((e, w == "p"));
        }
        None
    }

    fn zone(&self, i: usize) -> usize {
        if self.tok(i).is_some_and(|t| t.lex.zone && t.is_word() && self.word_lower(i).is_none_or(|w| w != "ist")) {
            return i + 1;
        }
        i
    }

    // ---- sets and holidays ---------------------------------------------------------------

    /// "every year", "each Thursday", "daily", "twice a year", "every other day".
    fn set(&self, i: usize) -> Option<Cand> {
        let t = self.tok(i)?;
        let lit = |v: &str, e: usize| Some(self.cand(i, e, Sem::Literal(v.to_string()), TimexType::Set));
        match t.lex.kw {
            Kw::Daily => lit("P1D", i + 1),
            Kw::Weekly => lit("P1W", i + 1),
            Kw::Monthly => lit("P1M", i + 1),
            Kw::Annually | Kw::Yearly => lit("P1Y", i + 1),
            Kw::Hourly => lit("PT1H", i + 1),
            Kw::Nightly => lit("P1D", i + 1),
            Kw::Biweekly => lit("P2W", i + 1),
            Kw::Every | Kw::Each => {
                let mut j = i + 1;
                let mut n = 1.0;
                if self.kw(j) == Kw::Other {
                    n = 2.0;
                    j += 1;
                }
                let x = self.tok(j)?;
                if x.lex.weekday != 0 && x.cap {
                    return lit(&format!("XXXX-WXX-{}", x.lex.weekday), j + 1);
                }
                if x.lex.month != 0 && x.cap {
                    return lit(&format!("XXXX-{:02}", x.lex.month), j + 1);
                }
                if let Some(p) = x.lex.pod {
                    return lit(&format!("XXXX-XX-XXT{}", p.code()), j + 1);
                }
                if let Some(s) = x.lex.season {
                    return lit(&format!("XXXX-{}", s.code()), j + 1);
                }
                if let Some((e, u, plural)) = self.unit(j)
                    && !plural
                {
                    return lit(&duration_value(Some(n), u), e);
                }
                if let Some((k, Some(a))) = self.number(j)
                    && let Some((e, u, true)) = self.unit(k)
                {
                    return lit(&duration_value(Some(a), u), e);
                }
                None
            }
            Kw::Once | Kw::Twice => {
                let k = i + 1;
                if matches!(self.kw(k), Kw::A | Kw::Per | Kw::Each | Kw::Every)
                    && let Some((e, u, false)) = self.unit(k + 1)
                {
                    return lit(&duration_value(Some(1.0), u), e);
                }
                None
            }
            _ => None,
        }
    }

    /// "Christmas", "New Year's Day", "Thanksgiving", "Easter".
    fn holiday(&self, i: usize, s: usize) -> Option<Cand> {
        let t = self.tok(i)?;
        if !t.cap {
            return None;
        }
        let poss_day = |k: usize| -> usize {
            // "Valentine's Day", "New Year's Eve": skip "'s" then expect Day/Eve
            if self.punct(k, '\'') && self.is_s(k + 1) { k + 2 } else { k }
        };
        let (h, e) = match t.lex.kw {
            Kw::Christmas => {
                if self.kw(i + 1) == Kw::Eve {
                    (Holiday::Fixed(12, 24), i + 2)
                } else if self.kw(i + 1) == Kw::Day {
                    (Holiday::Fixed(12, 25), i + 2)
                } else {
                    (Holiday::Fixed(12, 25), i + 1)
                }
            }
            Kw::New => {
                let y = self.tok(i + 1).filter(|y| y.lex.unit == Some(Unit::Year) && y.cap)?;
                let _ = y;
                let k = poss_day(i + 2);
                match self.kw(k) {
                    Kw::Day => (Holiday::Fixed(1, 1), k + 1),
                    Kw::Eve => (Holiday::Fixed(12, 31), k + 1),
                    _ => return None,
                }
            }
            Kw::Thanksgiving => (Holiday::Thanksgiving, if self.kw(i + 1) == Kw::Day { i + 2 } else { i + 1 }),
            Kw::Halloween => (Holiday::Fixed(10, 31), i + 1),
            Kw::Easter => {
                if self.tok(i + 1).is_some_and(|n| n.lex.weekday == 7 && n.cap) {
                    (Holiday::Easter(0), i + 2)
                } else if self.tok(i + 1).is_some_and(|n| n.lex.weekday == 1 && n.cap) {
                    (Holiday::Easter(1), i + 2)
                } else {
                    (Holiday::Easter(0), i + 1)
                }
            }
            Kw::Good if self.tok(i + 1).is_some_and(|n| n.lex.weekday == 5 && n.cap) => (Holiday::Easter(-2), i + 2),
            Kw::Independence if self.kw(i + 1) == Kw::Day => (Holiday::Fixed(7, 4), i + 2),
            Kw::Labor if self.kw(i + 1) == Kw::Day && self.tok(i + 1).is_some_and(|d| d.cap) => {
                (Holiday::LaborDay, i + 2)
            }
            Kw::Memorial if self.kw(i + 1) == Kw::Day && self.tok(i + 1).is_some_and(|d| d.cap) => {
                (Holiday::MemorialDay, i + 2)
            }
            Kw::Election if self.kw(i + 1) == Kw::Day && self.tok(i + 1).is_some_and(|d| d.cap) => {
                (Holiday::ElectionDay, i + 2)
            }
            Kw::Valentine => {
                let k = poss_day(i + 1);
                if self.kw(k) == Kw::Day { (Holiday::Fixed(2, 14), k + 1) } else { return None }
            }
            _ => return None,
        };
        let (e2, y) = self.opt_year(e);
        let year = y.map_or(YearSpec::Tense, YearSpec::Abs);
        let _ = s;
        Some(self.cand(i, e2, Sem::Holiday { h, year }, TimexType::Date))
    }

    // ---- helpers -------------------------------------------------------------------------

    /// The second day of a range: "March 20 to 21", "March 20-21", "from 20 to 21 March" is
    /// read as one date by `day_first` already.
    fn range_tail(&self, c: &Cand) -> Option<Cand> {
        let Sem::Cal { year, month: Some(m), day: Some(d1), .. } = c.sem else {
            return None;
        };
        let e = c.end;
        let conn = self.tok(e)?;
        let ok = conn.is_punct('-') || matches!(conn.lex.kw, Kw::To | Kw::Through | Kw::Until | Kw::And);
        if !ok {
            return None;
        }
        let n = self.tok(e + 1).filter(|n| n.is_num() && n.digits <= 2)?;
        let (k, d2) = self.day_number(e + 1)?;
        if d2 <= d1 || valid_day(2000, m, d2).is_none() {
            return None;
        }
        // Not the start of another expression or a count ("March 20 to 21 people").
        if self.tok(k).is_some_and(|x| {
            x.is_word()
                && (x.lex.unit.is_some()
                    || x.lex.month != 0
                    || !x.lex.is_trigger() && !x.cap && !matches!(x.lex.kw, Kw::None))
                || x.is_punct(':')
                || x.is_punct('%')
        }) {
            return None;
        }
        if self.tok(k).is_some_and(|x| {
            x.is_word()
                && !x.cap
                && x.lex.kw == Kw::None
                && !matches!(self.word_lower(k).as_deref(), Some("in" | "at" | "when"))
        }) {
            // "March 20 to 21 people": a count follows
            let w = self.word_lower(k);
            if w.as_deref().is_some_and(|w| w.ends_with('s')) {
                return None;
            }
        }
        let (k, y) = self.opt_year(k);
        let year = y.map_or(year, YearSpec::Abs);
        let _ = n;
        Some(self.cand(e + 1, k, Sem::Cal { year, month: Some(m), day: Some(d2), weekday: None }, TimexType::Date))
    }

    /// The lowercase text of a short ASCII word token (None for long or non-word tokens).
    fn word_lower(&self, i: usize) -> Option<String> {
        let t = self.tok(i)?;
        if !t.is_word() || t.end - t.start > 16 {
            return None;
        }
        self.text.get(t.start..t.end).map(|s| s.to_ascii_lowercase())
    }

    fn looks_plural_noun(&self, i: usize) -> bool {
        self.word_lower(i).is_some_and(|w| {
            w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is")
        })
    }
}

fn is_ordinal_suffix(t: &Tok) -> bool {
    t.is_word() && t.end - t.start == 2 && t.lex.kw == Kw::None && t.lex.month == 0
}

/// Words that may stand between a count and its unit ("18 consecutive months").
const COUNT_ADJECTIVES: &[&str] =
    &["consecutive", "straight", "successive", "more", "additional", "full", "whole", "extra"];

/// Whether a semantic form is a single day (can take a clock time).
fn day_level(sem: &Sem) -> bool {
    matches!(
        sem,
        Sem::Cal { day: Some(_), .. }
            | Sem::Weekday { .. }
            | Sem::Holiday { .. }
            | Sem::Shift { gran: Gran::Day, .. }
            | Sem::Counted { gran: Gran::Day, .. }
    )
}

pub fn valid_day(y: i32, m: u8, d: u8) -> Option<()> {
    let y = i16::try_from(y).ok()?;
    storyline_core::PartialDate::day(y, m, d).map(|_| ())
}

/// The precision a shift by a unit lands on.
pub fn unit_gran(u: Unit) -> Option<Gran> {
    Some(match u {
        Unit::Day => Gran::Day,
        Unit::Week | Unit::Fortnight => Gran::Week,
        Unit::Month => Gran::Month,
        Unit::Quarter => Gran::Quarter,
        Unit::Year => Gran::Year,
        Unit::Decade => Gran::Decade,
        Unit::Century => Gran::Century,
        Unit::Second | Unit::Minute | Unit::Hour => return None,
    })
}

/// How many of the granularity's steps one unit is (a decade is ten years).
fn unit_scale(u: Unit) -> i32 {
    match u {
        Unit::Decade => 10,
        Unit::Century => 100,
        Unit::Fortnight => 2,
        _ => 1,
    }
}

/// A TIMEX3 duration value: `P6Y`, `PT3H`, `P1Y6M` for 1.5 years, `PXD` for "a few days".
pub fn duration_value(amount: Option<f64>, u: Unit) -> String {
    // (code, in the time part, sub-unit factor, sub-unit code, sub-unit in the time part)
    let (code, time, sub, sub_code, sub_time) = match u {
        Unit::Second => ("S", true, 0.0, "", true),
        Unit::Minute => ("M", true, 60.0, "S", true),
        Unit::Hour => ("H", true, 60.0, "M", true),
        Unit::Day => ("D", false, 24.0, "H", true),
        Unit::Week | Unit::Fortnight => ("W", false, 7.0, "D", false),
        Unit::Month => ("M", false, 30.0, "D", false),
        Unit::Quarter => ("Q", false, 3.0, "M", false),
        Unit::Year => ("Y", false, 12.0, "M", false),
        Unit::Decade => ("Y", false, 0.0, "", false),
        Unit::Century => ("Y", false, 0.0, "", false),
    };
    let Some(a) = amount else {
        let t = if time { "T" } else { "" };
        return match u {
            Unit::Century => "PXCE".to_string(),
            _ => format!("P{t}X{code}"),
        };
    };
    let a = match u {
        Unit::Fortnight => a * 2.0,
        Unit::Decade => a * 10.0,
        Unit::Century => a * 100.0,
        _ => a,
    };
    let whole = a.trunc();
    let rest = (a - whole) * sub;
    let num = |x: f64| format!("{}", x as u64);
    if a.fract() == 0.0 || sub == 0.0 || rest.fract().abs() > 1e-9 {
        let t = if time { "T" } else { "" };
        if a.fract() == 0.0 {
            return format!("P{t}{}{code}", num(a));
        }
        return format!("P{t}{a}{code}");
    }
    let mut v = String::from("P");
    if whole > 0.0 {
        if time {
            v.push('T');
        }
        v.push_str(&num(whole));
        v.push_str(code);
    }
    if sub_time && !v.contains('T') {
        v.push('T');
    }
    v.push_str(&num(rest));
    v.push_str(sub_code);
    v
}
