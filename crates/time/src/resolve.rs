//! Normalisation: a recognised expression ([`Sem`]) becomes a TIMEX3 value, using the
//! publication date (DCT), the narrative reference time and the tense.
//!
//! The reference time is the last date the text resolved, so "On March 17 ... two days later"
//! gives March 19, while "yesterday" and "last month" stay anchored to the publication date
//! (news convention, as in HeidelTime's news domain). All calendar arithmetic is jiff's.

use jiff::civil::{Date, Weekday};
use jiff::{Span, ToSpan};

use crate::grammar::{Anchor, Clock, Dir, Gran, Holiday, Sem, YearSpec};
use crate::lexicon::Season;
use crate::tense::Tense;

/// The state normalisation needs while walking a document left to right.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub dct: Option<Date>,
    /// The narrative reference time: the last resolved date and its precision.
    pub reference: Option<(Date, Gran)>,
    /// Whether the reference was set close before the expression being resolved (the caller
    /// keeps this up to date): a bare clock time ("at 6 a.m.") belongs to a day named just
    /// before it, and otherwise to the publication day.
    pub reference_near: bool,
}

/// A resolved value, and the date it pins (to move the reference time).
pub struct Resolved {
    pub value: String,
    pub pinned: Option<(Date, Gran)>,
}

impl Ctx {
    pub fn new(dct: Option<Date>) -> Ctx {
        Ctx { dct, reference: None, reference_near: false }
    }

    /// Resolve `sem` said in `tense`; `None` when it cannot be given a value.
    pub fn resolve(&self, sem: &Sem, tense: Tense) -> Option<Resolved> {
        let fixed = |value: String| Some(Resolved { value, pinned: None });
        let pinned = |d: Date, g: Gran| Some(Resolved { value: format_date(d, g), pinned: Some((d, g)) });
        match sem {
            Sem::Literal(v) => fixed(v.clone()),
            Sem::Cal { year, month, day, weekday } => {
                let gran = if day.is_some() {
                    Gran::Day
                } else if month.is_some() {
                    Gran::Month
                } else {
                    Gran::Year
                };
                let Some(y) = self.year_of(*year, *month, *day, *weekday, tense) else {
                    return fixed(match (month, day) {
                        (Some(m), Some(d)) => format!("XXXX-{m:02}-{d:02}"),
                        (Some(m), None) => format!("XXXX-{m:02}"),
                        _ => "XXXX".into(),
                    });
                };
                let d = Date::new(i16::try_from(y).ok()?, month.unwrap_or(1) as i8, day.unwrap_or(1) as i8).ok()?;
                pinned(d, gran)
            }
            Sem::DayOfMonth(d) => {
                let base = match self.reference {
                    Some((r, Gran::Day | Gran::Month | Gran::Week)) => r,
                    _ => self.dct?,
                };
                let date = Date::new(base.year(), base.month(), *d as i8).ok()?;
                pinned(date, Gran::Day)
            }
            Sem::Decade { century, decade } => {
                let c = match century {
                    Some(c) => *c,
                    None => match self.dct {
                        Some(dct) => {
                            let y = i32::from(dct.year());
                            let full = (y / 100) * 100 + decade * 10;
                            if full > y { y / 100 - 1 } else { y / 100 }
                        }
                        None => 19,
                    },
                };
                let d = if century.is_some() { *decade } else { c * 10 + decade };
                fixed(format!("{d:03}"))
            }
            Sem::Century(c) => fixed(format!("{c:02}")),
            Sem::Part { year, gran, index } => {
                let y = match year {
                    YearSpec::Abs(y) => Some(*y),
                    YearSpec::Dct(n) => self.dct.map(|d| i32::from(d.year()) + n),
                    YearSpec::Tense => self.dct.map(|dct| {
                        let y = i32::from(dct.year());
                        let cur = match gran {
                            Gran::Quarter => (dct.month() as u8 - 1) / 3 + 1,
                            Gran::Half => (dct.month() as u8 - 1) / 6 + 1,
                            _ => 0,
                        };
                        match tense {
                            // Reports name the quarter just ended in any tense: only a
                            // quarter that cannot have happened yet is last year's.
                            Tense::Past if *index > cur && cur > 0 => y - 1,
                            _ => y,
                        }
                    }),
                };
                let code = match gran {
                    Gran::Quarter => format!("Q{index}"),
                    Gran::Half => format!("H{index}"),
                    Gran::Season(s) => s.code().to_string(),
                    _ => return None,
                };
                let first_month = match gran {
                    Gran::Quarter => (index.saturating_sub(1)) * 3 + 1,
                    Gran::Half => (index.saturating_sub(1)) * 6 + 1,
                    _ => 0,
                };
                match y {
                    // A quarter or half becomes the reference ("a year earlier" then means it).
                    Some(y) if first_month > 0 => {
                        let d = Date::new(i16::try_from(y).ok()?, first_month as i8, 1).ok()?;
                        Some(Resolved { value: format!("{y:04}-{code}"), pinned: Some((d, *gran)) })
                    }
                    Some(y) => fixed(format!("{y:04}-{code}")),
                    None => fixed(format!("XXXX-{code}")),
                }
            }
            Sem::Shift { anchor, gran, n } | Sem::Counted { anchor, gran, n } => {
                let base = match anchor {
                    Anchor::Dct => self.dct,
                    Anchor::Ref => match self.reference {
                        Some((r, g)) if finer_or_equal(g, *gran) => Some(r),
                        _ => self.dct,
                    },
                };
                let Some(base) = base else {
                    return fixed(
                        match n.signum() {
                            -1 => "PAST_REF",
                            1 => "FUTURE_REF",
                            _ => "PRESENT_REF",
                        }
                        .into(),
                    );
                };
                // "a year ago" after "the third quarter": that quarter a year before.
                if *gran == Gran::Year
                    && matches!(sem, Sem::Counted { .. })
                    && let Some((r, Gran::Quarter)) = self.reference
                {
                    let d = shift(r, Gran::Year, *n)?;
                    return Some(Resolved { value: format_date(d, Gran::Quarter), pinned: None });
                }
                let d = shift(base, *gran, *n)?;
                pinned(d, *gran)
            }
            Sem::Weekday { wd, dir } => {
                let Some(dct) = self.dct else {
                    return fixed(format!("XXXX-WXX-{wd}"));
                };
                let d = weekday_date(dct, *wd, *dir, tense)?;
                pinned(d, Gran::Day)
            }
            Sem::MonthDir { month, dir } => {
                let Some(dct) = self.dct else {
                    return fixed(format!("XXXX-{month:02}"));
                };
                let y = i32::from(dct.year());
                let cur = dct.month() as u8;
                let y = match dir {
                    Dir::Last => {
                        if *month < cur {
                            y
                        } else {
                            y - 1
                        }
                    }
                    Dir::Next => {
                        if *month > cur {
                            y
                        } else {
                            y + 1
                        }
                    }
                    Dir::This => y,
                    Dir::Tense => by_tense(y, (*month, 1), (cur, 1), tense),
                };
                pinned(Date::new(i16::try_from(y).ok()?, *month as i8, 1).ok()?, Gran::Month)
            }
            Sem::SeasonDir { season, dir } => {
                let Some(dct) = self.dct else {
                    return fixed(format!("XXXX-{}", season.code()));
                };
                // January and February belong to the winter that began the year before.
                let y = i32::from(dct.year()) - i32::from(dct.month() <= 2);
                let cur = Season::of_month(dct.month() as u8).index();
                let s = season.index();
                let y = match dir {
                    Dir::Last => {
                        if s < cur {
                            y
                        } else {
                            y - 1
                        }
                    }
                    Dir::Next => {
                        if s > cur {
                            y
                        } else {
                            y + 1
                        }
                    }
                    Dir::This => y,
                    Dir::Tense => match tense {
                        Tense::Past if s > cur => y - 1,
                        Tense::Future if s < cur => y + 1,
                        _ => y,
                    },
                };
                fixed(format!("{y:04}-{}", season.code()))
            }
            Sem::Weekend { dir } => {
                let Some(dct) = self.dct else {
                    return fixed("XXXX-WXX-WE".into());
                };
                // The Saturday of the weekend meant.
                let sat = match dir {
                    Dir::Next => dct.nth_weekday(1, Weekday::Saturday).ok()?,
                    Dir::This => weekday_date(dct, 6, Dir::Tense, Tense::Future)?,
                    Dir::Last => weekday_date(dct, 6, Dir::Tense, Tense::Past)?,
                    Dir::Tense => match tense {
                        Tense::Future | Tense::Present => weekday_date(dct, 6, Dir::Tense, Tense::Future)?,
                        _ => {
                            if dct.weekday() == Weekday::Sunday {
                                dct.yesterday().ok()?
                            } else {
                                weekday_date(dct, 6, Dir::Tense, Tense::Past)?
                            }
                        }
                    },
                };
                let w = sat.iso_week_date();
                fixed(format!("{:04}-W{:02}-WE", w.year(), w.week()))
            }
            Sem::Holiday { h, year } => {
                let y = match year {
                    YearSpec::Abs(y) => *y,
                    YearSpec::Dct(n) => i32::from(self.dct?.year()) + n,
                    YearSpec::Tense => {
                        let Some(dct) = self.dct else {
                            return match h {
                                Holiday::Fixed(m, d) => fixed(format!("XXXX-{m:02}-{d:02}")),
                                _ => fixed("XXXX-XX-XX".into()),
                            };
                        };
                        let y = i32::from(dct.year());
                        let d = holiday_date(*h, y)?;
                        by_tense(y, (d.month() as u8, d.day() as u8), (dct.month() as u8, dct.day() as u8), tense)
                    }
                };
                pinned(holiday_date(*h, y)?, Gran::Day)
            }
            Sem::Time { day, clock } => {
                let date = match day {
                    // A bare clock time is on the day the narrative is at.
                    None => match self.reference {
                        Some((r, Gran::Day)) if self.reference_near => Some(r),
                        _ => self.dct,
                    },
                    Some(sem) => match self.resolve(sem, tense) {
                        Some(Resolved { pinned: Some((d, Gran::Day)), .. }) => Some(d),
                        _ => None,
                    },
                };
                let clock_s = match clock {
                    Clock::Hm(h, m) => format!("T{h:02}:{:02}", m.unwrap_or(0)),
                    Clock::Pod(p) => format!("T{}", p.code()),
                };
                match date {
                    Some(d) => Some(Resolved {
                        value: format!("{}{clock_s}", format_date(d, Gran::Day)),
                        pinned: Some((d, Gran::Day)),
                    }),
                    None => match day.as_deref() {
                        Some(Sem::Weekday { wd, .. }) => fixed(format!("XXXX-WXX-{wd}{clock_s}")),
                        _ => fixed(format!("XXXX-XX-XX{clock_s}")),
                    },
                }
            }
        }
    }

    /// The year of a calendar date whose year may be missing.
    fn year_of(
        &self,
        year: YearSpec,
        month: Option<u8>,
        day: Option<u8>,
        weekday: Option<u8>,
        tense: Tense,
    ) -> Option<i32> {
        match year {
            YearSpec::Abs(y) => Some(y),
            YearSpec::Dct(n) => self.dct.map(|d| i32::from(d.year()) + n),
            YearSpec::Tense => {
                let m = month?;
                // Prefer the narrative year when the story is set in another year than the DCT.
                let dct = self.dct?;
                let y = i32::from(dct.year());
                let cur = (dct.month() as u8, dct.day() as u8);
                let target = (m, day.unwrap_or(if tense == Tense::Future { 31 } else { 1 }));
                let target = if day.is_none() && tense != Tense::Future { (m, 1) } else { target };
                let mut chosen = match tense {
                    // Without a tense, the occurrence nearest the DCT.
                    Tense::Unknown | Tense::Present => {
                        let mid = day.unwrap_or(15) as i8;
                        [y, y - 1, y + 1]
                            .into_iter()
                            .filter_map(|c| {
                                let d = Date::new(i16::try_from(c).ok()?, m as i8, mid.min(28)).ok()?;
                                Some((dct.until(d).ok()?.get_days().abs(), c))
                            })
                            .min()
                            .map_or(y, |(_, c)| c)
                    }
                    _ => {
                        let by = if day.is_none() {
                            match tense {
                                Tense::Past if m > cur.0 => y - 1,
                                Tense::Future if m < cur.0 => y + 1,
                                _ => y,
                            }
                        } else {
                            by_tense(y, target, cur, tense)
                        };
                        // News writes the year of a date long gone or far ahead; a yearless
                        // date within three months of the DCT is that one even against the
                        // tense ("set Nov. 10 as the deadline", "the summit set for April").
                        let days_to = |c: i32| -> Option<i32> {
                            let d = Date::new(i16::try_from(c).ok()?, m as i8, day.unwrap_or(15).min(28) as i8).ok()?;
                            dct.until(d).ok().map(|s| s.get_days())
                        };
                        match (days_to(by), days_to(y)) {
                            (Some(far), Some(near))
                                if tense == Tense::Past && by != y && far.abs() >= 270 && near.abs() <= 92 =>
                            {
                                y
                            }
                            // A date just passed is not next year's ("by Jan. 14" on Jan. 15).
                            (Some(far), Some(near))
                                if tense == Tense::Future && by != y && far.abs() >= 300 && near.abs() <= 14 =>
                            {
                                y
                            }
                            _ => by,
                        }
                    }
                };
                // A weekday fixes the year where it agrees ("Sunday, March 21").
                if let (Some(wd), Some(d)) = (weekday, day) {
                    let fits = |y: i32| {
                        i16::try_from(y)
                            .ok()
                            .and_then(|y| Date::new(y, m as i8, d as i8).ok())
                            .is_some_and(|date| date.weekday().to_monday_one_offset() as u8 == wd)
                    };
                    if !fits(chosen)
                        && let Some(y2) = [y, y - 1, y + 1].into_iter().find(|&c| fits(c))
                    {
                        chosen = y2;
                    }
                }
                Some(chosen)
            }
        }
    }
}

/// Past: the latest such day on or before the DCT; future: the earliest on or after; otherwise
/// the DCT's year.
fn by_tense(y: i32, target: (u8, u8), cur: (u8, u8), tense: Tense) -> i32 {
    match tense {
        Tense::Past if target > cur => y - 1,
        Tense::Future if target < cur => y + 1,
        _ => y,
    }
}

/// Whether precision `a` is at least as fine as `b` (a day reference can anchor a week shift).
fn finer_or_equal(a: Gran, b: Gran) -> bool {
    rank(a) >= rank(b)
}

fn rank(g: Gran) -> u8 {
    match g {
        Gran::Century => 0,
        Gran::Decade => 1,
        Gran::Year => 2,
        Gran::Half => 3,
        Gran::Quarter | Gran::Season(_) => 4,
        Gran::Month => 5,
        Gran::Week | Gran::Weekend => 6,
        Gran::Day => 7,
    }
}

/// `base` moved by `n` steps of `gran` (months clamp at month ends: jiff's rule).
fn shift(base: Date, gran: Gran, n: i32) -> Option<Date> {
    // `try_*`: a number from the text ("in 40000 years") can exceed jiff's span ranges, and
    // the infallible constructors panic on that.
    let n = i64::from(n);
    let span = match gran {
        Gran::Day => Span::new().try_days(n),
        Gran::Week | Gran::Weekend => Span::new().try_weeks(n),
        Gran::Month => Span::new().try_months(n),
        Gran::Quarter | Gran::Season(_) => Span::new().try_months(n * 3),
        Gran::Half => Span::new().try_months(n * 6),
        Gran::Year => Span::new().try_years(n),
        Gran::Decade => Span::new().try_years(n * 10),
        Gran::Century => Span::new().try_years(n * 100),
    }
    .ok()?;
    base.checked_add(span).ok()
}

/// The date of weekday `wd` (1 = Monday) relative to `dct`.
pub fn weekday_date(dct: Date, wd: u8, dir: Dir, tense: Tense) -> Option<Date> {
    let target = Weekday::from_monday_one_offset(wd as i8).ok()?;
    let same = dct.weekday() == target;
    let d = match dir {
        Dir::Last => dct.nth_weekday(-1, target),
        Dir::Next => dct.nth_weekday(1, target),
        Dir::This => {
            // Within the week of the DCT (Monday to Sunday).
            let offset = i64::from(wd) - i64::from(dct.weekday().to_monday_one_offset());
            dct.checked_add(offset.days())
        }
        Dir::Tense => match tense {
            Tense::Future | Tense::Present if same => Ok(dct),
            Tense::Future | Tense::Present => dct.nth_weekday(1, target),
            _ if same => Ok(dct),
            _ => dct.nth_weekday(-1, target),
        },
    };
    d.ok()
}

/// The TIMEX3 form of a date at a precision.
pub fn format_date(d: Date, g: Gran) -> String {
    let y = i32::from(d.year());
    let m = d.month();
    match g {
        Gran::Century => format!("{:02}", y.div_euclid(100)),
        Gran::Decade => format!("{:03}", y.div_euclid(10)),
        Gran::Year => format!("{y:04}"),
        Gran::Half => format!("{y:04}-H{}", if m <= 6 { 1 } else { 2 }),
        Gran::Quarter => format!("{y:04}-Q{}", (m - 1) / 3 + 1),
        Gran::Season(s) => format!("{y:04}-{}", s.code()),
        Gran::Month => format!("{y:04}-{m:02}"),
        Gran::Week => {
            let w = d.iso_week_date();
            format!("{:04}-W{:02}", w.year(), w.week())
        }
        Gran::Weekend => {
            let w = d.iso_week_date();
            format!("{:04}-W{:02}-WE", w.year(), w.week())
        }
        Gran::Day => format!("{y:04}-{m:02}-{:02}", d.day()),
    }
}

/// The date of a holiday in year `y`.
pub fn holiday_date(h: Holiday, y: i32) -> Option<Date> {
    let y16 = i16::try_from(y).ok()?;
    match h {
        Holiday::Fixed(m, d) => Date::new(y16, m as i8, d as i8).ok(),
        Holiday::Thanksgiving => Date::new(y16, 11, 1).ok()?.nth_weekday_of_month(4, Weekday::Thursday).ok(),
        Holiday::LaborDay => Date::new(y16, 9, 1).ok()?.nth_weekday_of_month(1, Weekday::Monday).ok(),
        Holiday::MemorialDay => Date::new(y16, 5, 1).ok()?.nth_weekday_of_month(-1, Weekday::Monday).ok(),
        Holiday::ElectionDay => {
            let first_monday = Date::new(y16, 11, 1).ok()?.nth_weekday_of_month(1, Weekday::Monday).ok()?;
            first_monday.tomorrow().ok()
        }
        Holiday::Easter(offset) => easter(y).and_then(|d| d.checked_add(i64::from(offset).days()).ok()),
    }
}

/// Gregorian Easter Sunday (the anonymous Gregorian algorithm).
fn easter(y: i32) -> Option<Date> {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(i16::try_from(y).ok()?, month as i8, day as i8).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn weekdays_follow_tense() {
        let dct = date(2021, 6, 20); // a Sunday
        assert_eq!(weekday_date(dct, 7, Dir::Tense, Tense::Past), Some(date(2021, 6, 20)));
        assert_eq!(weekday_date(dct, 3, Dir::Tense, Tense::Past), Some(date(2021, 6, 16)));
        assert_eq!(weekday_date(dct, 3, Dir::Tense, Tense::Future), Some(date(2021, 6, 23)));
        assert_eq!(weekday_date(dct, 3, Dir::Last, Tense::Unknown), Some(date(2021, 6, 16)));
    }

    #[test]
    fn formats_every_precision() {
        let d = date(2021, 6, 20);
        assert_eq!(format_date(d, Gran::Week), "2021-W24");
        assert_eq!(format_date(d, Gran::Quarter), "2021-Q2");
        assert_eq!(format_date(d, Gran::Decade), "202");
        assert_eq!(format_date(d, Gran::Century), "20");
        assert_eq!(easter(2021), Some(date(2021, 4, 4)));
        assert_eq!(holiday_date(Holiday::Thanksgiving, 2021), Some(date(2021, 11, 25)));
    }
}
