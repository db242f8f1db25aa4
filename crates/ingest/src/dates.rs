//! Publication dates as outlets state them: header lines (`Publish Date : 20 June 2021 - 21:44`),
//! standalone date lines (`April 07, 2021`), `<meta>`/JSON/feed values (ISO 8601, RFC 2822),
//! dateline dates without a year (`November 2`), and dates in URL paths (`/2021/04/07/`,
//! `/20211102/`).
//!
//! The time is kept as written (local to the outlet), never converted to UTC: the report's
//! `published.time` is the outlet's own clock.

use regex::Regex;
use std::sync::LazyLock;
use storyline_core::PartialDate;

/// A date found in a string, with the byte range it was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundDate {
    pub date: PartialDate,
    /// `"HH:MM"` when a time of day goes with the date.
    pub time: Option<String>,
    /// Byte range of the date (and its time, when adjacent) in the searched string.
    pub start: usize,
    pub end: usize,
}

/// Month names and abbreviations, English and Russian (nominative and genitive).
const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("sept", 9),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    ("января", 1),
    ("февраля", 2),
    ("марта", 3),
    ("апреля", 4),
    ("мая", 5),
    ("июня", 6),
    ("июля", 7),
    ("августа", 8),
    ("сентября", 9),
    ("октября", 10),
    ("ноября", 11),
    ("декабря", 12),
    ("январь", 1),
    ("февраль", 2),
    ("март", 3),
    ("апрель", 4),
    ("май", 5),
    ("июнь", 6),
    ("июль", 7),
    ("август", 8),
    ("сентябрь", 9),
    ("октябрь", 10),
    ("ноябрь", 11),
    ("декабрь", 12),
    ("янв", 1),
    ("фев", 2),
    ("мар", 3),
    ("апр", 4),
    ("июн", 6),
    ("июл", 7),
    ("авг", 8),
    ("сен", 9),
    ("окт", 10),
    ("ноя", 11),
    ("дек", 12),
];

pub(crate) fn month_alternation() -> String {
    let mut names: Vec<&str> = MONTHS.iter().map(|(n, _)| *n).collect();
    // Longest first, so "september" wins over "sep".
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    names.join("|")
}

/// Month number of a month name or abbreviation (any case, trailing dot allowed).
pub fn month_number(name: &str) -> Option<u8> {
    let lower = name.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(n, _)| *n == lower).map(|(_, m)| *m)
}

static DATE_PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    let mon = month_alternation();
    [
        // 2021-06-20, 2021-06-20T21:44:00+03:00, 2021-06-20 21:44
        r"\b(?P<y>(?:1[89]|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:(?:T|\s+)(?P<H>\d{1,2}):(?P<M>\d{2}))?".to_string(),
        // 2021/06/20, 2021.06.20
        r"\b(?P<y>(?:1[89]|20)\d{2})[/.](?P<m>\d{1,2})[/.](?P<d>\d{1,2})\b".to_string(),
        // 20 June 2021, 20th of June, 2021, 2 ноября 2021 г.
        format!(r"(?i)\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?(?P<mon>{mon})\b\.?,?\s+(?P<y>(?:1[89]|20)\d{{2}})\b"),
        // June 20, 2021; Apr. 7 2021
        format!(r"(?i)\b(?P<mon>{mon})\b\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:1[89]|20)\d{{2}})\b"),
        // 20.06.2021 (day first, as written across Europe and Russia)
        r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:1[89]|20)\d{2})\b".to_string(),
        // 20/06/2021 or 06/20/2021: only when one side is over 12 (see `slash_order`)
        r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:1[89]|20)\d{2})\b".to_string(),
    ]
    .iter()
    .map(|p| Regex::new(p).expect("date pattern"))
    .collect()
});

static MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b(?P<mon>{})\b\.?,?\s+(?P<y>(?:1[89]|20)\d{{2}})\b", month_alternation()))
        .expect("month-year")
});

static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?P<H>\d{1,2})[:.h](?P<M>[0-5]\d)(?::[0-5]\d)?(?:\s*(?P<ap>[ap])\.?\s?m\b\.?)?").expect("time")
});

/// Month and day without a year, as in datelines: "November 2", "2 November", "Nov. 2".
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    let mon = month_alternation();
    Regex::new(&format!(
        r"(?i)^(?:(?P<mon>{mon})\b\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon2>{mon})\b\.?)$"
    ))
    .expect("month-day")
});

fn time_from(caps: &regex::Captures<'_>) -> Option<String> {
    let h: u8 = caps.name("H")?.as_str().parse().ok()?;
    let m: u8 = caps.name("M")?.as_str().parse().ok()?;
    let h = match caps.name("ap").map(|a| a.as_str().to_ascii_lowercase()).as_deref() {
        Some("p") if (1..=12).contains(&h) => h % 12 + 12,
        Some("a") if (1..=12).contains(&h) => h % 12,
        Some(_) => return None,
        None => h,
    };
    (h < 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
}

/// The first full date (year, month, day) in `s`, with the time of day when one follows it
/// closely (`20 June 2021 - 21:44`, `2021-06-20T21:44`) or precedes it (`21:44, 20 June 2021`).
pub fn find_date(s: &str) -> Option<FoundDate> {
    let mut best: Option<FoundDate> = None;
    for (i, re) in DATE_PATTERNS.iter().enumerate() {
        for caps in re.captures_iter(s) {
            let Some(whole) = caps.get(0) else { continue };
            if best.as_ref().is_some_and(|b| b.start <= whole.start()) {
                break;
            }
            let year: i16 = match caps.name("y").and_then(|y| y.as_str().parse().ok()) {
                Some(y) => y,
                None => continue,
            };
            let (month, day) = if i == 5 {
                match slash_order(&caps) {
                    Some(md) => md,
                    None => continue,
                }
            } else {
                let month = match (caps.name("m"), caps.name("mon")) {
                    (Some(m), _) => m.as_str().parse().ok(),
                    (None, Some(n)) => month_number(n.as_str()),
                    _ => None,
                };
                let day = caps.name("d").and_then(|d| d.as_str().parse().ok());
                match (month, day) {
                    (Some(m), Some(d)) => (m, d),
                    _ => continue,
                }
            };
            let Some(date) = PartialDate::day(year, month, day) else { continue };
            let mut found = FoundDate { date, time: time_from(&caps), start: whole.start(), end: whole.end() };
            if found.time.is_none() {
                attach_nearby_time(s, &mut found);
            }
            best = Some(found);
            break;
        }
    }
    best
}

/// `a/b/yyyy` is day/month when `a > 12`, month/day when `b > 12`, and ambiguous otherwise.
fn slash_order(caps: &regex::Captures<'_>) -> Option<(u8, u8)> {
    let a: u8 = caps.name("a")?.as_str().parse().ok()?;
    let b: u8 = caps.name("b")?.as_str().parse().ok()?;
    match (a > 12, b > 12) {
        (true, false) => Some((b, a)),
        (false, true) => Some((a, b)),
        _ => None,
    }
}

/// A time within a few separator characters after (or before) the date belongs to it.
fn attach_nearby_time(s: &str, found: &mut FoundDate) {
    let after = s.get(found.end..).unwrap_or("");
    let gap = after.len() - after.trim_start_matches([' ', ',', '-', '–', '—', '|', '/', '@', '\u{a0}']).len();
    let after_gap = &after[gap..];
    let after_gap = after_gap.strip_prefix("at ").or_else(|| after_gap.strip_prefix("в ")).unwrap_or(after_gap);
    let skipped = after.len() - after_gap.len();
    if skipped <= 6
        && let Some(c) = TIME.captures(after_gap)
        && c.get(0).is_some_and(|m| m.start() == 0)
        && let Some(t) = time_from(&c)
    {
        found.time = Some(t);
        found.end += skipped + c.get(0).map_or(0, |m| m.end());
        return;
    }
    let before = s.get(..found.start).unwrap_or("");
    let trimmed = before.trim_end_matches([' ', ',', '-', '–', '—', '|', '\u{a0}']);
    if before.len() - trimmed.len() <= 4 {
        for c in TIME.captures_iter(trimmed) {
            if c.get(0).is_some_and(|m| m.end() == trimmed.len())
                && let Some(t) = time_from(&c)
            {
                found.time = Some(t);
                found.start = c.get(0).map_or(found.start, |m| m.start());
            }
        }
    }
}

/// A date stated as a whole value (`<meta>` content, a JSON or feed field, a header value):
/// a full date, else a month and year, else a year alone.
pub fn parse_stated(s: &str) -> Option<FoundDate> {
    if let Some(found) = find_date(s) {
        return Some(found);
    }
    if let Some(c) = MONTH_YEAR.captures(s) {
        let m = month_number(c.name("mon")?.as_str())?;
        let y: i16 = c.name("y")?.as_str().parse().ok()?;
        let whole = c.get(0)?;
        return Some(FoundDate { date: PartialDate::month(y, m)?, time: None, start: whole.start(), end: whole.end() });
    }
    let t = s.trim();
    if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) && (t.starts_with("19") || t.starts_with("20")) {
        let start = s.find(t)?;
        return Some(FoundDate { date: PartialDate::year(t.parse().ok()?), time: None, start, end: start + 4 });
    }
    None
}

/// A Unix timestamp (seconds) as a UTC date and time; the only case where the time is UTC,
/// because an epoch number carries no local clock.
pub fn from_unix_seconds(secs: i64) -> Option<(PartialDate, String)> {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    let date = PartialDate::day(i16::try_from(y).ok()?, u8::try_from(m).ok()?, u8::try_from(d).ok()?)?;
    Some((date, format!("{:02}:{:02}", rem / 3600, (rem % 3600) / 60)))
}

/// Month and day of a dateline date (`November 2`, `2 November`, `Nov. 2`).
pub fn month_day(s: &str) -> Option<(u8, u8)> {
    let c = MONTH_DAY.captures(s.trim())?;
    let mon = c.name("mon").or_else(|| c.name("mon2"))?;
    let d: u8 = c.name("d").or_else(|| c.name("d2"))?.as_str().parse().ok()?;
    let m = month_number(mon.as_str())?;
    (1..=31).contains(&d).then_some((m, d))
}

/// Weekday names and labels that may surround a date on a date-only line.
static DATE_LINE_FILLER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b\.?|\b(?:published|posted|updated|last updated|modified|date|time|on|at|utc|gmt|msk|est|edt|cst|cdt|pst|pdt|bst|cet|cest|eet|eest|ist|jst|local time|z)\b|[+-]\d{2}:?\d{2}\b|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|обновлено|опубликовано|г\.",
    )
    .expect("date line filler")
});

/// A line that is nothing but a date (with its time, weekday, timezone and a label like
/// "Published"): `April 07, 2021`, `Wednesday, 7 April 2021 10:15 GMT`, `Updated: 2021-04-07`.
pub fn date_line(line: &str) -> Option<FoundDate> {
    let found = find_date(line)?;
    let mut rest = String::with_capacity(line.len());
    rest.push_str(&line[..found.start]);
    rest.push(' ');
    rest.push_str(&line[found.end..]);
    let rest = TIME.replace_all(&rest, " ");
    let rest = DATE_LINE_FILLER.replace_all(&rest, " ");
    rest.chars().all(|c| !c.is_alphanumeric()).then_some(found)
}

static URL_DATE: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"/(?P<y>(?:19|20)\d{2})/(?P<m>0?[1-9]|1[0-2])/(?P<d>0?[1-9]|[12]\d|3[01])(?:/|$|[-_.])",
        r"[/_-](?P<y>(?:19|20)\d{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?:/|$|[-_.])",
        r"/(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?:/|$|[-_.])",
        r"/(?P<y>(?:19|20)\d{2})/(?P<m>0?[1-9]|1[0-2])(?:/)",
    ]
    .iter()
    .map(|p| Regex::new(p).expect("url date"))
    .collect()
});

/// The date in a URL's path: `/2021/04/07/`, `/20211102/`, `/2021-04-07-slug`, or a month
/// (`/2021/04/slug`). The host is skipped so digits in a domain never count.
pub fn date_from_url(url: &str) -> Option<PartialDate> {
    let after_scheme = url.split_once("://").map_or(url, |(_, r)| r);
    let path = &after_scheme[after_scheme.find('/')?..];
    let path = path.split(['?', '#']).next().unwrap_or(path);
    for re in URL_DATE.iter() {
        if let Some(c) = re.captures(path) {
            let y: i16 = c.name("y")?.as_str().parse().ok()?;
            let m: u8 = c.name("m")?.as_str().parse().ok()?;
            let date = match c.name("d") {
                Some(d) => PartialDate::day(y, m, d.as_str().parse().ok()?),
                None => PartialDate::month(y, m),
            };
            if date.is_some() {
                return date;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        s.parse().unwrap()
    }

    #[test]
    fn finds_common_forms() {
        let cases = [
            ("20 June 2021 - 21:44", "2021-06-20", Some("21:44")),
            ("April 07, 2021", "2021-04-07", None),
            ("2021-11-02T09:05:00+03:00", "2021-11-02", Some("09:05")),
            ("Sun, 20 Jun 2021 21:44:00 +0300", "2021-06-20", Some("21:44")),
            ("Wednesday, April 7, 2021 10:15 PM", "2021-04-07", Some("22:15")),
            ("07.04.2021 12:30", "2021-04-07", Some("12:30")),
            ("2 ноября 2021, 14:10", "2021-11-02", Some("14:10")),
            ("21:44, 20 June 2021", "2021-06-20", Some("21:44")),
            ("25/12/2020", "2020-12-25", None),
        ];
        for (s, date, time) in cases {
            let f = find_date(s).unwrap_or_else(|| panic!("{s}"));
            assert_eq!(f.date, d(date), "{s}");
            assert_eq!(f.time.as_deref(), time, "{s}");
        }
        assert!(find_date("05/06/2021").is_none(), "ambiguous day/month");
        assert!(find_date("2021-02-30").is_none());
        assert!(find_date("no date here, just 2021 mentioned").is_none());
    }

    #[test]
    fn stated_values_may_be_partial() {
        assert_eq!(parse_stated("June 2021").unwrap().date, d("2021-06"));
        assert_eq!(parse_stated("2019").unwrap().date, d("2019"));
    }

    #[test]
    fn date_lines_are_only_dates() {
        assert!(date_line("April 07, 2021").is_some());
        assert!(date_line("Published: Wednesday, 7 April 2021, 10:15 GMT").is_some());
        assert!(date_line("The talks on April 7, 2021 failed").is_none());
    }

    #[test]
    fn url_dates() {
        assert_eq!(
            date_from_url("https://www.themoscowtimes.com/2021/04/07/russian-envoy-a73501"),
            Some(d("2021-04-07"))
        );
        assert_eq!(date_from_url("https://ria.ru/20211102/ssha-1757436556.html"), Some(d("2021-11-02")));
        assert_eq!(date_from_url("https://example.com/news/2020-03-05-slug"), Some(d("2020-03-05")));
        assert_eq!(date_from_url("https://example.com/2020/03/slug"), Some(d("2020-03")));
        assert_eq!(date_from_url("https://tass.com/politics/1268841"), None);
        assert_eq!(date_from_url("https://www.2021news.com/"), None);
    }

    #[test]
    fn month_days_and_epochs() {
        assert_eq!(month_day("November 2"), Some((11, 2)));
        assert_eq!(month_day("2 Nov."), Some((11, 2)));
        assert_eq!(month_day("Tuesday"), None);
        assert_eq!(from_unix_seconds(1_624_225_440), Some((d("2021-06-20"), "21:44".to_string())));
    }
}
