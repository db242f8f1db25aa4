//! Dates known to the precision the evidence gives: a year, a month, or a day.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A calendar date that may be known only to the year or month.
///
/// News is often vague ("in March", "in 2014"), and a timeline must not invent precision it does
/// not have. Serialised as `"YYYY-MM-DD"`, `"YYYY-MM"` or `"YYYY"`. Ordering sorts a less precise
/// date before the more precise dates inside it (`2021` < `2021-03` < `2021-03-01`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i16,
    /// 1..=12 when known.
    pub month: Option<u8>,
    /// 1..=31 when known; only set together with `month`.
    pub day: Option<u8>,
}

/// Why a date string was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a date of the form YYYY, YYYY-MM or YYYY-MM-DD: {0:?}")]
pub struct DateParseError(pub String);

impl PartialDate {
    pub fn year(year: i16) -> PartialDate {
        PartialDate { year, month: None, day: None }
    }

    pub fn month(year: i16, month: u8) -> Option<PartialDate> {
        (1..=12).contains(&month).then_some(PartialDate { year, month: Some(month), day: None })
    }

    /// A full date; `None` when the day does not exist in that month (Feb 30, Apr 31).
    pub fn day(year: i16, month: u8, day: u8) -> Option<PartialDate> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(PartialDate { year, month: Some(month), day: Some(day) })
    }

    /// Whether the day is known.
    pub fn is_day(self) -> bool {
        self.day.is_some()
    }

    /// Whether `other` lies within `self` (a month contains its days, a year its months).
    pub fn contains(self, other: PartialDate) -> bool {
        self.year == other.year
            && self.month.is_none_or(|m| Some(m) == other.month)
            && self.day.is_none_or(|d| Some(d) == other.day)
    }

    /// Whether the two can denote the same day: one contains the other.
    pub fn compatible(self, other: PartialDate) -> bool {
        self.contains(other) || other.contains(self)
    }
}

/// Days in `month` of `year` in the proleptic Gregorian calendar.
pub fn days_in_month(year: i16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => {
            let y = i32::from(year);
            if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 { 29 } else { 28 }
        }
        _ => 0,
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl FromStr for PartialDate {
    type Err = DateParseError;

    fn from_str(s: &str) -> Result<PartialDate, DateParseError> {
        let err = || DateParseError(s.to_string());
        let mut parts = s.split('-');
        let year_s = parts.next().ok_or_else(err)?;
        if year_s.len() != 4 || !year_s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let year: i16 = year_s.parse().map_err(|_| err())?;
        let num = |p: &str| -> Result<u8, DateParseError> {
            if p.len() != 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err());
            }
            p.parse().map_err(|_| err())
        };
        let date = match (parts.next(), parts.next(), parts.next()) {
            (None, _, _) => Some(PartialDate::year(year)),
            (Some(m), None, _) => PartialDate::month(year, num(m)?),
            (Some(m), Some(d), None) => PartialDate::day(year, num(m)?, num(d)?),
            _ => None,
        };
        date.ok_or_else(err)
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<PartialDate, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for s in ["2021", "2021-03", "2021-03-20", "1985-12-31", "2024-02-29"] {
            assert_eq!(s.parse::<PartialDate>().unwrap().to_string(), s);
        }
        for bad in ["21", "2021-3", "2021-13", "2021-02-30", "2023-02-29", "2021-03-20-1", "abcd", ""] {
            assert!(bad.parse::<PartialDate>().is_err(), "{bad}");
        }
    }

    #[test]
    fn containment_and_order() {
        let y: PartialDate = "2021".parse().unwrap();
        let m: PartialDate = "2021-06".parse().unwrap();
        let d: PartialDate = "2021-06-20".parse().unwrap();
        let j: PartialDate = "2021-07".parse().unwrap();
        assert!(y.contains(m) && m.contains(d) && y.contains(d));
        assert!(!m.contains(y));
        assert!(d.compatible(m));
        assert!(!d.compatible(j));
        assert!(y < m && m < d && d < j);
    }
}
