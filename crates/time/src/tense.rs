//! The tense around an expression, read from the verbs near it, so "returned on Sunday" and
//! "will meet on Sunday" resolve in opposite directions.
//!
//! No part-of-speech tagger: a short list of auxiliaries and irregular past forms plus the
//! `-ed` ending, with a small verb-group rule so that "will be held" reads as future although
//! "held" is a past form. The nearest cue in the same sentence wins, looking left first.

use crate::token::{Tok, TokKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tense {
    Past,
    Present,
    Future,
    Unknown,
}

/// How far to look, in tokens, on each side.
const LEFT: usize = 14;
const RIGHT: usize = 10;

/// The tense governing tokens `start..end` of `toks`.
pub fn tense_at(text: &str, toks: &[Tok], start: usize, end: usize) -> Tense {
    let mut best: Option<(usize, Tense)> = None;
    // "since March" looks back; "Wednesday's ruling" names a day already come.
    if start > 0 && lower(text, &toks[start - 1]).as_deref() == Some("since") {
        return Tense::Past;
    }
    if toks.get(end).is_some_and(|t| t.is_punct('\''))
        && toks.get(end + 1).is_some_and(|t| lower(text, t).as_deref() == Some("s"))
    {
        return Tense::Past;
    }
    // "until Tuesday", "by Jan. 14": a deadline ahead, unless a past verb is right there.
    let deadline = start > 0 && matches!(lower(text, &toks[start - 1]).as_deref(), Some("until" | "till" | "by"));
    // Left: from the token before the expression back to the sentence start.
    let mut i = start;
    let mut dist = 0;
    while i > 0 && dist < LEFT {
        if boundary_after(text, toks, i - 1) || toks[i].newline_before {
            break;
        }
        i -= 1;
        dist += 1;
        if let Some(t) = cue(text, toks, i) {
            best = Some((dist, t));
            break;
        }
    }
    // Right: after the expression to the sentence end.
    let mut j = end;
    let mut rdist = 0;
    while j < toks.len() && rdist < RIGHT {
        if toks[j].newline_before || (j > 0 && boundary_after(text, toks, j - 1) && j != end) {
            break;
        }
        rdist += 1;
        // A verb after a comma belongs to another clause ("until Tuesday, officials said")
        // unless nothing on the left governs the expression ("On Sunday, talks were held").
        if best.is_some_and(|(d, _)| d <= rdist) || (best.is_some() && toks[j].is_punct(',')) {
            break;
        }
        if let Some(t) = cue(text, toks, j) {
            best = Some((rdist, t));
            break;
        }
        if boundary_after(text, toks, j) {
            break;
        }
        j += 1;
    }
    match best {
        Some((d, Tense::Past)) if deadline && d > 4 => Tense::Future,
        Some((_, t)) => t,
        None if deadline => Tense::Future,
        None => Tense::Unknown,
    }
}

/// Whether token `i` ends a sentence or clause for tense purposes.
fn boundary_after(text: &str, toks: &[Tok], i: usize) -> bool {
    match toks.get(i).map(|t| t.kind) {
        Some(TokKind::Punct('!' | '?' | ';')) => true,
        Some(TokKind::Punct('.')) => {
            // "N.J.", "Mr.", "Sept. 30", "p.m. Friday" are not sentence ends.
            let next_ok = toks.get(i + 1).is_none_or(|n| n.space_before && (n.cap || !n.is_word()));
            let abbrev = i.checked_sub(1).and_then(|p| toks.get(p)).is_some_and(|p| {
                p.kind == TokKind::Word
                    && (p.end - p.start == 1
                        || p.lex.month_abbr
                        || lower(text, p).is_some_and(|w| ABBREVIATIONS.contains(&w.as_str())))
            });
            next_ok && !abbrev
        }
        _ => false,
    }
}

/// Abbreviations that end with a period inside a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "sen", "rep", "gov", "st", "jr", "sr", "lt", "col", "sgt", "capt", "corp", "inc",
    "co", "ltd", "no", "vs", "prof", "rev", "ft", "mt", "u", "s",
];

fn lower(text: &str, t: &Tok) -> Option<String> {
    if t.kind != TokKind::Word || t.end - t.start > 20 {
        return None;
    }
    text.get(t.start..t.end).map(|s| s.to_ascii_lowercase())
}

/// The tense a word signals, looking at its verb group for participles.
fn cue(text: &str, toks: &[Tok], i: usize) -> Option<Tense> {
    let w = lower(text, toks.get(i)?)?;
    if REPORTING.contains(&w.as_str()) {
        return Some(Tense::Unknown);
    }
    let prev = |k: usize| i.checked_sub(k).and_then(|p| toks.get(p)).and_then(|t| lower(text, t));
    match w.as_str() {
        "will" | "shall" => Some(Tense::Future),
        "ll" if i > 0 && toks[i - 1].is_punct('\'') => Some(Tense::Future),
        "would" | "must" | "should" | "can" | "may" | "might" | "plans" | "plan" | "planned" | "scheduled"
        | "expected" | "expects" | "expect" | "due" | "upcoming" | "intends" | "intend" | "hopes" | "aims" | "next"
        | "tomorrow" => Some(Tense::Future),
        "going" if toks.get(i + 1).and_then(|t| lower(text, t)).as_deref() == Some("to") => Some(Tense::Future),
        "to" if matches!(prev(1).as_deref(), Some("is" | "are" | "am" | "set")) => Some(Tense::Future),
        "is" | "are" | "am" => {
            if toks.get(i + 1).and_then(|t| lower(text, t)).as_deref() == Some("to") {
                Some(Tense::Future)
            } else {
                Some(Tense::Present)
            }
        }
        "was" | "were" | "had" | "did" | "said" | "told" | "went" | "came" | "left" | "met" | "made" | "took"
        | "gave" | "got" | "began" | "saw" | "held" | "won" | "lost" | "fell" | "rose" | "sold" | "bought" | "paid"
        | "ran" | "became" | "brought" | "found" | "thought" | "felt" | "kept" | "spoke" | "wrote" | "struck"
        | "hit" | "ago" | "last" | "yesterday" | "says" | "has" | "have" | "been" | "flew" | "sent" | "led"
        | "knew" | "meant" | "put" | "read" | "set" | "shot" | "stood" | "drew" | "grew" | "spent" | "quit"
        | "broke" | "chose" | "fought" | "forgot" | "sank" | "swore" | "threw" | "woke" | "wore" | "arose" => {
            if matches!(
                w.as_str(),
                "was" | "were" | "had" | "did" | "has" | "have" | "been" | "ago" | "last" | "yesterday" | "says"
            ) {
                return Some(Tense::Past);
            }
            // A participle ("will be held") takes the tense of its auxiliary.
            aux_before(&prev).or(Some(Tense::Past))
        }
        _ if w.len() >= 4 && w.ends_with("ed") && !NOT_PAST.contains(&w.as_str()) => {
            // A participle inherits the tense of its auxiliary: "will be held", "is expected".
            Some(aux_before(&prev).unwrap_or(Tense::Past))
        }
        _ => None,
    }
}

/// The tense of an auxiliary within three words before a participle.
fn aux_before(prev: &dyn Fn(usize) -> Option<String>) -> Option<Tense> {
    for k in 1..=3 {
        match prev(k).as_deref() {
            Some("will" | "would" | "shall" | "to" | "ll" | "going" | "must" | "should" | "can" | "may" | "might") => {
                return Some(Tense::Future);
            }
            Some("is" | "are" | "am" | "be") => {
                // "is to be held" keeps looking for "to"
                if k < 3 && matches!(prev(k + 1).as_deref(), Some("will" | "to" | "would")) {
                    return Some(Tense::Future);
                }
                if prev(k).as_deref() == Some("be") {
                    continue;
                }
                return Some(Tense::Present);
            }
            Some("was" | "were" | "had" | "has" | "have" | "been") => return Some(Tense::Past),
            _ => {}
        }
    }
    None
}

/// Present-tense reporting words: they date the report, not the event reported ("the summit
/// is in April, an official says"), so they end the search without a tense.
const REPORTING: &[&str] = &["says", "tells", "reports", "according", "quoted", "cited"];

/// Words ending in "-ed" that are not past forms.
const NOT_PAST: &[&str] = &[
    "need", "speed", "feed", "seed", "breed", "greed", "creed", "hundred", "indeed", "proceed", "succeed", "exceed",
    "embed", "shed", "shred", "sled", "steed", "weed", "bred", "united", "limited", "red", "bed",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;
    use crate::token::tokenize;

    fn tense_of(text: &str, word: &str) -> Tense {
        let lex = Lexicon::new();
        let toks = tokenize(text, &lex);
        let i = toks.iter().position(|t| &text[t.start..t.end] == word).unwrap();
        tense_at(text, &toks, i, i + 1)
    }

    #[test]
    fn reads_tense_from_nearby_verbs() {
        assert_eq!(tense_of("He returned to Washington on Sunday.", "Sunday"), Tense::Past);
        assert_eq!(tense_of("They will meet on Sunday.", "Sunday"), Tense::Future);
        assert_eq!(tense_of("The talks will be held on Sunday.", "Sunday"), Tense::Future);
        assert_eq!(tense_of("On Sunday, the summit was held in Geneva.", "Sunday"), Tense::Past);
        assert_eq!(tense_of("Antonov is to arrive in Moscow on Sunday.", "Sunday"), Tense::Future);
        assert_eq!(tense_of("Sunday.", "Sunday"), Tense::Unknown);
    }
}
