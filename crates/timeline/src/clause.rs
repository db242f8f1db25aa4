//! Clauses of one sentence, and the clean `what` line of a timeline entry.
//!
//! A news sentence often reports two things at two times ("Moscow recalled Antonov after Biden
//! said in March that ..."), cites its source at the end (", the RIA news agency reported"), and
//! opens with a connective ("Meanwhile,") or dateline residue ("MOSCOW (Dispatches) –"). This
//! module cuts a tokenised sentence into clauses with a few surface rules (no parser), so that
//! an event is described by the clause that holds its date, and cleans that clause into a line a
//! reader can take in at a glance.

use crate::lexicon::{ATTRIBUTION_WORDS, LEADING_CONNECTIVES, RELATIVES, SUBJECT_STARTS, SUBORDINATORS};
use std::borrow::Cow;
use storyline_core::text::TokenKind;
use storyline_core::words::WordSet;

/// A token of the sentence, with byte offsets relative to the sentence text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub kind: TokenKind,
}

impl<'a> Tok<'a> {
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    /// The text in lower case, borrowed when it has no capital (most words).
    pub fn lower(&self) -> Cow<'a, str> {
        crate::lexicon::lowercase(self.text)
    }
}

/// What role a clause plays in its sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SegKind {
    /// The main clause (and its continuation after a parenthetical).
    Main,
    /// An independent clause joined by "; " or ", and he ...".
    Coordinate,
    /// "after Biden said ...", "when ...": its own event, told as background of the main one.
    Subordinate,
    /// ", which ...", ", who ...": a parenthetical about a noun.
    Relative,
    /// ", expecting ...", ", invited to Moscow in March,": a participial aside.
    Participle,
    /// ", the RIA news agency reported" or "According to RIA Novosti,": who tells it.
    Attribution,
}

/// A run of tokens `start..end` (token indices) of one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Segment {
    pub start: usize,
    pub end: usize,
    pub kind: SegKind,
}

/// Auxiliaries and frequent irregular past forms: enough to tell a clause ("after Biden said")
/// from a prepositional phrase ("after the summit").
const VERBISH: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "did", "does", "do", "be",
    "been", "said", "says", "told", "met", "left", "went", "came", "took", "made", "gave", "held", "won", "lost",
    "began", "fell", "rose", "hit", "saw", "sent", "spoke", "wrote", "became", "brought", "put", "set", "ran", "fled",
    "led", "kept", "found", "struck", "shot", "sought", "stood", "thought", "felt", "knew", "paid", "sold", "bought",
    "built", "flew", "quit", "got", "called", "calls", "takes", "makes", "goes", "comes", "meets", "visits", "agrees",
    "dies",
];

/// Whether `word` (lowercase) looks like a finite verb or auxiliary.
pub(crate) fn is_verbish(word: &str) -> bool {
    // A set: this runs on most words of every dated sentence.
    static SET: WordSet = WordSet::new(VERBISH);
    SET.contains(word) || (word.len() > 4 && word.ends_with("ed"))
}

fn is_comma(t: &Tok<'_>) -> bool {
    t.text == ","
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// Cut a sentence's tokens into clauses. Every token belongs to exactly one segment; segments
/// are in order and cover `0..toks.len()`.
pub(crate) fn segments(toks: &[Tok<'_>]) -> Vec<Segment> {
    let n = toks.len();
    let mut kinds = vec![SegKind::Main; n];
    // A new segment starts at token i even when its kind equals the previous one's.
    let mut breaks = vec![false; n];
    let tail = attribution_tail(toks);
    let mut body_end = n;
    if let Some(t) = tail {
        body_end = t;
        for k in kinds.iter_mut().take(n).skip(t) {
            *k = SegKind::Attribution;
        }
    }
    let mut i = leading_attribution(toks).unwrap_or(0);
    for k in kinds.iter_mut().take(i) {
        *k = SegKind::Attribution;
    }
    // A sentence opening with a subordinator: its first clause runs to the first comma.
    if let Some(first) = toks.get(i)
        && SUBORDINATORS.contains(&first.lower().as_ref())
        && let Some(comma) = (i + 1..body_end).find(|&j| is_comma(&toks[j]))
        && has_verb(&toks[i + 1..comma])
    {
        for k in kinds.iter_mut().take(comma + 1).skip(i) {
            *k = SegKind::Subordinate;
        }
        i = comma + 1;
    }
    let mut current = SegKind::Main;
    let mut resume = SegKind::Main;
    let mut main_verb_seen = false;
    while i < body_end {
        let t = &toks[i];
        let next = toks.get(i + 1);
        let next_lower = next.map(|t| t.lower()).unwrap_or_default();
        if t.text == ";" || t.text == ":" || is_missed_sentence_end(toks, i) {
            // The mark closes its clause; an independent one starts after it.
            kinds[i] = current;
            current = SegKind::Coordinate;
            resume = current;
            i += 1;
            if i < n {
                breaks[i] = true;
            }
            continue;
        } else if is_comma(t) && matches!(current, SegKind::Relative | SegKind::Participle) {
            // A parenthetical ends at its closing comma unless another opens right away.
            current = resume;
        }
        if is_comma(t) && i + 1 < body_end {
            if RELATIVES.contains(&next_lower.as_ref()) {
                if !matches!(current, SegKind::Relative | SegKind::Participle) {
                    resume = current;
                }
                kinds[i] = current;
                current = SegKind::Relative;
                i += 1;
                kinds[i] = current;
                i += 1;
                continue;
            }
            if (next_lower == "and" || next_lower == "but")
                && toks.get(i + 2).is_some_and(|w| {
                    SUBJECT_STARTS.contains(&w.lower().as_ref()) || (w.is_word() && starts_upper(w.text))
                })
                && has_verb(&toks[i + 2..clause_end(toks, i + 2, body_end)])
            {
                kinds[i] = current;
                current = SegKind::Coordinate;
                resume = current;
                i += 1;
                breaks[i] = true;
                kinds[i] = current;
                i += 1;
                continue;
            } else if next.is_some_and(|w| w.is_word() && !starts_upper(w.text) && is_participle(&next_lower))
                && is_aside(toks, i + 1, body_end, &next_lower, main_verb_seen)
            {
                if !matches!(current, SegKind::Relative | SegKind::Participle) {
                    resume = current;
                }
                kinds[i] = current;
                current = SegKind::Participle;
                i += 1;
                continue;
            }
        }
        if i > 0
            && t.is_word()
            && !starts_upper(t.text)
            && SUBORDINATORS.contains(&t.lower().as_ref())
            && has_verb(&toks[i + 1..clause_end(toks, i + 1, body_end)])
        {
            current = SegKind::Subordinate;
            resume = current;
            breaks[i] = true;
        }
        if matches!(current, SegKind::Main | SegKind::Coordinate) && is_verb_token(t) {
            main_verb_seen = true;
        }
        kinds[i] = current;
        i += 1;
    }
    let mut out: Vec<Segment> = Vec::new();
    for (j, &k) in kinds.iter().enumerate() {
        match out.last_mut() {
            Some(s) if s.kind == k && !breaks[j] => s.end = j + 1,
            _ => out.push(Segment { start: j, end: j + 1, kind: k }),
        }
    }
    out
}

/// Where the clause starting at `from` ends: the next comma, semicolon or `limit`.
fn clause_end(toks: &[Tok<'_>], from: usize, limit: usize) -> usize {
    (from..limit).find(|&j| toks[j].text == "," || toks[j].text == ";").unwrap_or(limit).max(from)
}

fn has_verb(toks: &[Tok<'_>]) -> bool {
    toks.iter().any(is_verb_token)
}

/// A lowercase word that looks like a verb ("United" is a name, not a past tense).
fn is_verb_token(t: &Tok<'_>) -> bool {
    t.is_word() && !starts_upper(t.text) && is_verbish(&t.lower())
}

/// A full stop standing alone before a capitalised word: a sentence end the splitter missed
/// ("legal logic .Vladimir Putin").
fn is_missed_sentence_end(toks: &[Tok<'_>], i: usize) -> bool {
    toks[i].text == "." && toks.get(i + 1).is_some_and(|w| w.is_word() && starts_upper(w.text))
}

/// Whether the participle at `at` opens an aside rather than being the main verb after an
/// appositive subject ("Russia's envoy, Anatoly Antonov, returned ..."). An -ing form is always
/// an aside; an -ed form is one when the main clause already has its verb, or when a comma
/// followed by a verb closes it ("Antonov, invited to Moscow in March, returned ...").
fn is_aside(toks: &[Tok<'_>], at: usize, limit: usize, word: &str, main_verb_seen: bool) -> bool {
    if word.ends_with("ing") || main_verb_seen {
        return true;
    }
    let Some(comma) = (at + 1..limit).find(|&j| is_comma(&toks[j])) else { return false };
    toks.get(comma + 1).is_some_and(is_verb_token)
}

/// "expecting", "invited", "citing": a participle opening an aside after a comma.
fn is_participle(w: &str) -> bool {
    (w.len() > 5 && w.ends_with("ing") && !matches!(w, "during" | "according" | "including"))
        || (w.len() > 4 && w.ends_with("ed") && !matches!(w, "indeed"))
}

/// The token index where a closing attribution starts (after its comma): ", the RIA news agency
/// reported Wednesday, citing a top diplomatic official", ", said Antonov", ", he told reporters".
/// Short (at most 16 words), holding an attribution word, with no further clause in it.
fn attribution_tail(toks: &[Tok<'_>]) -> Option<usize> {
    let end = toks.iter().rposition(|t| t.kind != TokenKind::Punct).map_or(0, |p| p + 1);
    let mut commas: Vec<usize> = (0..end).filter(|&j| is_comma(&toks[j])).collect();
    commas.reverse();
    let mut found = None;
    for c in commas.into_iter().take(3) {
        let tail = &toks[c + 1..end];
        let words: Vec<Cow<str>> = tail.iter().filter(|t| t.is_word()).map(|t| t.lower()).collect();
        if words.is_empty() || words.len() > 16 || tail.iter().any(|t| t.text == ";" || is_quote(t.text)) {
            break;
        }
        let attributes = words.iter().any(|w| ATTRIBUTION_WORDS.contains(&w.as_ref()));
        // ", citing a top official" continues a tail that started earlier.
        let continues = words.first().is_some_and(|w| w == "citing" || w == "adding" || w == "according");
        if attributes && (found.is_some() || !continues || c > 0) {
            found = Some(c + 1);
            if !continues {
                break;
            }
        } else {
            break;
        }
    }
    // The tail must leave a clause before it.
    found.filter(|&t| t > 3)
}

/// "According to RIA Novosti, ..." at the start: the index after its comma.
fn leading_attribution(toks: &[Tok<'_>]) -> Option<usize> {
    let first = toks.first()?;
    if first.lower() != "according" {
        return None;
    }
    let comma = toks.iter().take(12).position(is_comma)?;
    Some(comma + 1)
}

fn is_quote(s: &str) -> bool {
    matches!(s, "\"" | "“" | "”" | "«" | "»")
}

/// The words of a sentence's clause `range` (token indices), joined as written between them.
pub(crate) fn clause_text<'a>(sentence: &'a str, toks: &[Tok<'_>], range: std::ops::Range<usize>) -> &'a str {
    let (Some(a), Some(b)) = (toks.get(range.start), range.end.checked_sub(1).and_then(|e| toks.get(e))) else {
        return "";
    };
    sentence.get(a.start..b.end).unwrap_or("")
}

/// Clean a clause into a timeline line: markdown residue out, whitespace collapsed, dateline
/// and leading connectives stripped, trailing punctuation and dangling quote marks removed, the
/// first letter capitalised.
pub(crate) fn clean_what(raw: &str) -> String {
    let mut s = strip_markdown(raw);
    s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let cut = dateline_prefix_len(&s);
    s = s.get(cut..).unwrap_or("").to_string();
    loop {
        let before = s.len();
        s = strip_connective(&s);
        if s.len() == before {
            break;
        }
    }
    let trimmed =
        s.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | '–' | '—' | '-'));
    let trimmed =
        trimmed.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '–' | '—' | '-'));
    let mut s = trimmed.trim_end_matches(['.', ',', ';', ':']).trim_end().to_string();
    balance_quotes(&mut s);
    capitalise(&s)
}

/// Remove `[text](url)` link residue (keeping the text), `**`/`__` emphasis and `<url>` tails.
fn strip_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find("](") {
            Some(close) if close < 200 && !after[..close].contains('[') => {
                let link_start = close + 2;
                match after[link_start..].find(')') {
                    Some(p) if p < 300 => {
                        out.push_str(&after[..close]);
                        rest = &after[link_start + p + 1..];
                    }
                    _ => {
                        out.push('[');
                        rest = after;
                    }
                }
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.replace("**", "").replace("__", "")
}

/// Bytes of a dateline opening the text: "MOSCOW (Dispatches) – ", "MOSCOW, November 2 – RIA
/// Novosti. ", "WASHINGTON (Reuters) - ".
pub(crate) fn dateline_prefix_len(s: &str) -> usize {
    let mut i = 0;
    let b = s.as_bytes();
    // One or more words in capitals.
    let mut caps_words = 0;
    loop {
        let word_end = s[i..]
            .find(|c: char| !(c.is_uppercase() || c == '.' || c == '\'' || c == '’' || c == '-'))
            .map_or(s.len(), |p| i + p);
        let letters = s[i..word_end].chars().filter(|c| c.is_uppercase()).count();
        if letters < 2 {
            break;
        }
        caps_words += 1;
        i = word_end;
        if b.get(i) == Some(&b' ') && s[i + 1..].starts_with(|c: char| c.is_uppercase()) {
            let next_end = s[i + 1..].find(|c: char| !c.is_uppercase()).map_or(s.len(), |p| i + 1 + p);
            if next_end > i + 2 && !s[next_end..].starts_with(|c: char| c.is_lowercase()) {
                i += 1;
                continue;
            }
        }
        break;
    }
    if caps_words == 0 {
        return 0;
    }
    let rest = &s[i..];
    let mut j = 0;
    // Optional "(Agency)" and ", Month Day".
    let skip_ws = |k: usize| k + rest[k..].len() - rest[k..].trim_start().len();
    j = skip_ws(j);
    if rest[j..].starts_with('(')
        && let Some(close) = rest[j..].find(')').filter(|&p| p < 40)
    {
        j = skip_ws(j + close + 1);
    }
    if rest[j..].starts_with(',')
        && let Some(dash) = rest[j..].find(['–', '—', '-']).filter(|&p| p < 40)
    {
        j += dash;
    }
    let dash_len = ['–', '—', '-'].iter().find(|d| rest[j..].starts_with(**d)).map(|d| d.len_utf8());
    let Some(dash_len) = dash_len else { return 0 };
    let mut k = j + dash_len;
    while rest[k..].starts_with(['–', '—', '-']) {
        k += 1;
    }
    if !rest[k..].starts_with(' ') {
        return 0;
    }
    k = skip_ws(k);
    // "RIA Novosti. " right after the dash: the agency of the dateline.
    if let Some(dot) = rest[k..].find(". ").filter(|&p| p < 30) {
        let agency = &rest[k..k + dot];
        if agency.split(' ').all(starts_upper) && agency.split(' ').count() <= 3 {
            k += dot + 2;
        }
    }
    i + k
}

fn strip_connective(s: &str) -> String {
    let lower = s.to_lowercase();
    for c in LEADING_CONNECTIVES {
        if let Some(rest) = lower.strip_prefix(c)
            && (rest.starts_with(',') || rest.starts_with(' '))
        {
            let cut = c.len();
            let rest = s.get(cut..).unwrap_or("");
            let rest = rest.trim_start_matches(',').trim_start();
            // Keep "Still" in "Still, ..." but not "Still images": only when followed by a comma
            // or when the connective is a conjunction.
            let needs_comma = !matches!(*c, "but" | "and" | "yet" | "so" | "recall that" | "also" | "then");
            if needs_comma && !lower[cut..].starts_with(',') {
                continue;
            }
            if rest.is_empty() {
                continue;
            }
            return rest.to_string();
        }
    }
    s.to_string()
}

/// Drop an unmatched quote mark at either end ("“There is a lot" -> "There is a lot").
fn balance_quotes(s: &mut String) {
    let count = |s: &str, open: char, close: char| {
        let o = s.matches(open).count();
        let c = s.matches(close).count();
        (o, c)
    };
    let (o, c) = count(s, '“', '”');
    if o > c && s.starts_with('“') {
        s.remove(0);
    } else if c > o && s.ends_with('”') {
        s.pop();
    } else if o > c {
        s.push('”');
    }
    if s.matches('"').count() % 2 == 1 {
        if s.starts_with('"') {
            s.remove(0);
        } else if s.ends_with('"') {
            s.pop();
        } else {
            s.push('"');
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_core::text::tokenize;

    fn toks(s: &str) -> Vec<Tok<'_>> {
        tokenize(s)
            .into_iter()
            .map(|t| Tok { start: t.span.start, end: t.span.end, text: t.span.slice(s), kind: t.kind })
            .collect()
    }

    fn kinds(s: &str) -> Vec<(SegKind, String)> {
        let t = toks(s);
        segments(&t).into_iter().map(|g| (g.kind, clause_text(s, &t, g.start..g.end).to_string())).collect()
    }

    #[test]
    fn subordinate_clause_is_its_own() {
        let k = kinds("Moscow recalled Antonov for consultations after Biden said in March that he was wrong.");
        assert_eq!(k[0], (SegKind::Main, "Moscow recalled Antonov for consultations".into()));
        assert_eq!(k[1], (SegKind::Subordinate, "after Biden said in March that he was wrong.".into()));
        // A prepositional phrase is not a clause.
        let k = kinds("Antonov was recalled after the summit in Geneva.");
        assert_eq!(k.len(), 1);
    }

    #[test]
    fn attribution_tail_and_asides() {
        let k = kinds(
            "The envoy returned to Washington on Sunday, expecting meetings next week, the RIA news agency reported.",
        );
        assert_eq!(k[0].0, SegKind::Main);
        assert_eq!(k[1], (SegKind::Participle, "expecting meetings next week".into()));
        assert_eq!(k.last().unwrap(), &(SegKind::Attribution, "the RIA news agency reported.".into()));
        let k = kinds("Antonov, invited to Moscow in March, returned to the United States in July.");
        assert_eq!(k[1], (SegKind::Participle, "invited to Moscow in March".into()));
        assert_eq!(k[2].0, SegKind::Main);
        let k = kinds("According to RIA Novosti, the plane with the diplomat landed in Moscow.");
        assert_eq!(k[0].0, SegKind::Attribution);
        assert_eq!(k[1].1, "the plane with the diplomat landed in Moscow.");
    }

    #[test]
    fn cleaning() {
        assert_eq!(clean_what("Meanwhile, on March 20, the envoy spoke."), "On March 20, the envoy spoke");
        assert_eq!(clean_what("MOSCOW (Dispatches) – Russia’s envoy returned"), "Russia’s envoy returned");
        assert_eq!(
            clean_what("MOSCOW, November 2 – RIA Novosti. In relations there were shifts"),
            "In relations there were shifts"
        );
        assert_eq!(
            clean_what("Antonov was [recalled](#) to\n Moscow **last** month."),
            "Antonov was recalled to Moscow last month"
        );
        assert_eq!(clean_what("At the same time, Biden said"), "Biden said");
        assert_eq!(clean_what("“There is a lot of work"), "There is a lot of work");
        assert_eq!(clean_what("Still images show it"), "Still images show it");
        assert_eq!(clean_what("US troops left"), "US troops left");
    }
}
