//! Calendar arithmetic the timeline needs: TIMEX3 values to partial dates, and day numbers for
//! distances between dates of any precision.

use storyline_core::PartialDate;
use storyline_core::date::days_in_month;

/// The date a TIMEX3 `value` denotes, at the precision it gives: `2021-06-20` (also with a
/// time, `2021-06-20T21:44`), `2021-06`, `2021`, and an ISO week that lies within one month
/// (`2021-W43` -> `2021-10`). Everything else (`PAST_REF`, `XXXX-03-21`, seasons, quarters,
/// decades, durations, weeks across a month boundary) is `None`: a timeline must not invent a
/// date the text does not give.
pub fn timex_date(value: &str) -> Option<PartialDate> {
    let head = value.split('T').next().unwrap_or(value);
    if let Ok(d) = head.parse::<PartialDate>() {
        return Some(d);
    }
    let (year, week) = head.split_once("-W")?;
    let year: i16 = year.parse().ok().filter(|_| year.len() == 4)?;
    let week: i64 = week.get(..2)?.parse().ok()?;
    if !(1..=53).contains(&week) {
        return None;
    }
    // ISO week 1 holds January 4; weeks start on Monday.
    let jan4 = day_number(PartialDate::day(year, 1, 4)?);
    let monday = jan4 - weekday(jan4) + (week - 1) * 7;
    let (a, b) = (civil(monday), civil(monday + 6));
    (a.year == b.year && a.month == b.month).then(|| PartialDate::month(a.year, a.month?)).flatten()
}

/// Days since 1970-01-01 of the first day a date covers.
pub fn day_number(d: PartialDate) -> i64 {
    days_from_civil(i64::from(d.year), i64::from(d.month.unwrap_or(1)), i64::from(d.day.unwrap_or(1)))
}

/// The first and last day (as day numbers) a date covers.
pub fn day_range(d: PartialDate) -> (i64, i64) {
    let first = day_number(d);
    let last = match (d.month, d.day) {
        (Some(_), Some(_)) => first,
        (Some(m), None) => first + i64::from(days_in_month(d.year, m)) - 1,
        _ => days_from_civil(i64::from(d.year), 12, 31),
    };
    (first, last)
}

/// Days between the closest days of two dates (0 when they overlap).
pub fn gap_days(a: PartialDate, b: PartialDate) -> i64 {
    let (a0, a1) = day_range(a);
    let (b0, b1) = day_range(b);
    if a1 < b0 {
        b0 - a1
    } else if b1 < a0 {
        a0 - b1
    } else {
        0
    }
}

/// Monday = 0 .. Sunday = 6 for a day number (1970-01-01 was a Thursday).
fn weekday(days: i64) -> i64 {
    (days + 3).rem_euclid(7)
}

/// Howard Hinnant's days-from-civil, proleptic Gregorian.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The calendar day of a day number.
pub fn civil(days: i64) -> PartialDate {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let year = i16::try_from(y).unwrap_or(i16::MAX);
    PartialDate::day(year, m as u8, d as u8).unwrap_or(PartialDate::year(year))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        s.parse().unwrap()
    }

    #[test]
    fn values_to_dates() {
        assert_eq!(timex_date("2021-06-20"), Some(d("2021-06-20")));
        assert_eq!(timex_date("2021-06-20T21:44"), Some(d("2021-06-20")));
        assert_eq!(timex_date("2021-03"), Some(d("2021-03")));
        assert_eq!(timex_date("2014"), Some(d("2014")));
        assert_eq!(timex_date("2021-W43"), Some(d("2021-10"))); // Oct 25..31
        assert_eq!(timex_date("2021-W26"), None); // Jun 28..Jul 4
        for none in ["PAST_REF", "XXXX-03-21", "2021-SU", "2021-Q1", "P6Y", "199X", ""] {
            assert_eq!(timex_date(none), None, "{none}");
        }
    }

    #[test]
    fn day_numbers_round_trip() {
        for s in ["1970-01-01", "2021-06-20", "2000-02-29", "1985-12-31"] {
            assert_eq!(civil(day_number(d(s))), d(s));
        }
        assert_eq!(day_number(d("1970-01-02")), 1);
        assert_eq!(gap_days(d("2021-06-20"), d("2021-07")), 11);
        assert_eq!(gap_days(d("2021-06"), d("2021-06-20")), 0);
        assert_eq!(day_range(d("2021")), (day_number(d("2021-01-01")), day_number(d("2021-12-31"))));
    }
}
