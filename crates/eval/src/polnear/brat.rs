//! Reading PolNeAR's brat standoff attributions into byte spans of the article text.
//!
//! A `.ann` file holds text-bound annotations (`T12<TAB>Content 256 377;463 616<TAB>text`, offsets
//! in Unicode characters, `;` joining the pieces of a discontinuous span) and event lines that tie
//! them into one attribution (`E3<TAB>Attribution:T14 Cue:T10 Source:T9 Content:T11`, roles may
//! repeat as `Content2:`). Offsets are converted to byte offsets here so that the scorer compares
//! them with the quote layer's byte spans directly.

use std::collections::HashMap;
use storyline_core::Span;

/// One gold attribution: its content, source and cue pieces (byte spans into the text).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GoldAttribution {
    pub content: Vec<Span>,
    pub source: Vec<Span>,
    pub cue: Vec<Span>,
}

impl GoldAttribution {
    /// PolNeAR's "direct" attributions: the content begins with a quotation mark.
    pub fn is_direct(&self, text: &str) -> bool {
        let first = self.content.iter().min_by_key(|s| s.start).map(|s| s.slice(text)).unwrap_or("");
        first.trim_start().starts_with(is_quote_char)
    }
}

/// The quotation marks PolNeAR's texts use (straight, curly, guillemets, low-9).
pub fn is_quote_char(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '\'' | '‘' | '’' | '‚')
}

/// Parse one `.ann` file against its text. Malformed lines are skipped (the data has a few).
pub fn parse(ann: &str, text: &str) -> Vec<GoldAttribution> {
    let char_to_byte = char_offsets(text);
    let byte_at = |c: usize| char_to_byte.get(c).copied();
    let mut spans: HashMap<&str, Vec<Span>> = HashMap::new();
    let mut events: Vec<Vec<(&str, &str)>> = Vec::new();
    for line in ann.lines() {
        let mut fields = line.split('\t');
        let (Some(id), Some(body)) = (fields.next(), fields.next()) else { continue };
        if id.starts_with('T') {
            let mut parts = body.splitn(2, ' ');
            let (Some(_label), Some(ranges)) = (parts.next(), parts.next()) else { continue };
            let mut pieces = Vec::new();
            for range in ranges.split(';') {
                let mut se = range.split_whitespace();
                let (Some(s), Some(e)) = (se.next(), se.next()) else { continue };
                let (Ok(s), Ok(e)) = (s.parse::<usize>(), e.parse::<usize>()) else { continue };
                if let (Some(s), Some(e)) = (byte_at(s), byte_at(e))
                    && s < e
                {
                    pieces.push(Span::new(s, e));
                }
            }
            if !pieces.is_empty() {
                spans.insert(id, pieces);
            }
        } else if id.starts_with('E') {
            let roles = body
                .split_whitespace()
                .filter_map(|arg| arg.split_once(':'))
                .map(|(role, target)| (role.trim_end_matches(|c: char| c.is_ascii_digit()), target))
                .collect();
            events.push(roles);
        }
    }
    let mut out = Vec::new();
    for roles in events {
        if !roles.iter().any(|(r, _)| r.starts_with("Attribution")) {
            continue;
        }
        let mut a = GoldAttribution::default();
        for (role, target) in roles {
            let Some(pieces) = spans.get(target) else { continue };
            match role {
                "Content" => a.content.extend(pieces),
                "Source" => a.source.extend(pieces),
                "Cue" => a.cue.extend(pieces),
                _ => {}
            }
        }
        if !a.content.is_empty() {
            out.push(a);
        }
    }
    out
}

/// Byte offset of every character index (plus one past the end).
fn char_offsets(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_discontinuous_content_in_characters() {
        // "é" is two bytes: character offsets differ from byte offsets after it.
        let text = "é “Yes,” he said. “No.”";
        let ann = "T1\tSource 9 11\the\nT2\tCue 12 16\tsaid\nT3\tContent 2 8;18 23\t“Yes,” “No.”\n\
                   T4\tAttribution 12 16\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n";
        let gold = parse(ann, text);
        assert_eq!(gold.len(), 1);
        let g = &gold[0];
        assert_eq!(g.source[0].slice(text), "he");
        assert_eq!(g.cue[0].slice(text), "said");
        assert_eq!(g.content.iter().map(|s| s.slice(text)).collect::<Vec<_>>(), ["“Yes,”", "“No.”"]);
        assert!(g.is_direct(text));
    }

    #[test]
    fn attribution_without_source_and_bad_lines() {
        let text = "It is expected that taxes rise.";
        let ann = "T1\tCue 3 14\tis expected\nT2\tContent 15 31\tthat taxes rise.\ngarbage line\n\
                   T3\tAttribution-no-source 3 14\tis expected\nE1\tAttribution-no-source:T3 Cue:T1 Content:T2\n\
                   E2\tAttribution:T9 Content:T99\n";
        let gold = parse(ann, text);
        assert_eq!(gold.len(), 1);
        assert!(gold[0].source.is_empty());
        assert!(!gold[0].is_direct(text));
    }
}
