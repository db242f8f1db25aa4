//! Disagreements: reports of one event that give incompatible dates.
//!
//! Merging only joins reports whose dates agree, so two reports of one return dated 20 June and
//! July end as two timeline entries. Here they are recognised as one event told two ways: the
//! same kind of once-only action (a return, a recall, a death; not a statement, which repeats),
//! the same trigger, the same principal actor, compatible destinations ("Washington" and "the
//! United States"), dates within [`WINDOW_DAYS`] of each other that the text states (a time
//! expression, not the publication day), and told by different articles.
//! Both entries are then `disputed`, and a conflict names each claim with its sources. Silence
//! is not agreement: an event reported by one source is never called confirmed.

use crate::dates::gap_days;
use crate::lexicon::{EventType, places_compatible};
use storyline_core::PartialDate;

/// Dates further apart than this are two events, not a disagreement about one.
pub const WINDOW_DAYS: i64 = 60;

/// What conflict detection needs to know about a timeline entry.
#[derive(Clone, Debug)]
pub struct Claimant<'a> {
    pub date: PartialDate,
    pub kind: EventType,
    pub lemma: Option<&'static str>,
    pub planned: bool,
    /// Canonical id of the principal actor (the subject).
    pub principal: Option<&'a str>,
    pub destination: Option<&'a str>,
    /// The articles (indices) that report it.
    pub articles: &'a [usize],
    /// A time expression in some report gives the date. A date taken from the publication day
    /// alone ("Jackson died shortly before his concerts", in an article two years later) is a
    /// default, not a claim, and never makes a dispute.
    pub stated: bool,
}

/// Whether entries `a` and `b` report the same event with incompatible dates.
pub fn disagree(a: &Claimant<'_>, b: &Claimant<'_>) -> bool {
    if !a.stated || !b.stated || a.kind != b.kind || !a.kind.is_singular() || a.planned || b.planned {
        return false;
    }
    if a.lemma.is_none() || a.lemma != b.lemma {
        return false;
    }
    if a.principal.is_none() || a.principal != b.principal {
        return false;
    }
    if let (Some(x), Some(y)) = (a.destination, b.destination)
        && !places_compatible(x, y)
    {
        return false;
    }
    if a.date.compatible(b.date) || gap_days(a.date, b.date) > WINDOW_DAYS {
        return false;
    }
    // Told by different articles: one article giving two dates tells two events.
    let only_a = a.articles.iter().any(|x| !b.articles.contains(x));
    let only_b = b.articles.iter().any(|x| !a.articles.contains(x));
    only_a && only_b && !a.articles.iter().any(|x| b.articles.contains(x))
}

/// A reader's question for a disputed date: "When did Anatoly Antonov return to Washington?"
pub fn about(kind: EventType, lemma: Option<&str>, actor: &str, destination: Option<&str>) -> String {
    let to = destination.map(|d| format!(" to {d}")).unwrap_or_default();
    match lemma {
        Some("recall") => format!("When was {actor} recalled{to}?"),
        Some("expel") => format!("When was {actor} expelled?"),
        Some("arrest") => format!("When was {actor} arrested?"),
        Some("appoint") => format!("When was {actor} appointed?"),
        Some("die") => format!("When did {actor} die?"),
        Some("resign") => format!("When did {actor} resign?"),
        Some(verb @ ("return" | "leave" | "arrive" | "visit" | "travel")) => format!("When did {actor} {verb}{to}?"),
        _ => format!("{actor}: date of the {kind}{to}"),
    }
}
