//! An offset-tracked clean view of a text.
//!
//! Ingest removes boilerplate, header lines and markup residue, and joins paragraphs with blank
//! lines. Analysis runs on that clean text, but evidence must point at the original bytes. A
//! [`CleanText`] is built from pieces copied verbatim from the original plus synthetic separators,
//! and remembers each piece's origin, so any clean span maps back exactly — the idea of
//! Hugging Face `tokenizers`' `NormalizedString`, restricted to deletions and insertions (the
//! clean text never *rewrites* a character, so evidence is always verbatim).

use crate::Span;
use serde::{Deserialize, Serialize};

/// Clean text plus the map back to the original it was cut from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CleanText {
    text: String,
    /// Verbatim pieces in clean order, as `(clean_start, original_start, len)`. Clean bytes not
    /// covered by a piece are synthetic (separators inserted by the cleaner).
    pieces: Vec<(usize, usize, usize)>,
}

impl CleanText {
    /// Start building a clean view of `original`.
    pub fn builder(original: &str) -> CleanTextBuilder<'_> {
        CleanTextBuilder { original, text: String::new(), pieces: Vec::new() }
    }

    /// The whole of `original`, unchanged.
    pub fn identity(original: &str) -> CleanText {
        let mut b = CleanText::builder(original);
        b.push_original(0..original.len());
        b.finish()
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Map a span of the clean text to the span of the original that holds the same evidence.
    ///
    /// A span that starts or ends inside a synthetic separator is trimmed to the verbatim bytes
    /// around it; a span covering only synthetic bytes maps to an empty span. The result is always
    /// on character boundaries of the original when the input is on boundaries of the clean text.
    pub fn to_original(&self, span: Span) -> Span {
        let start = self.map_start(span.start);
        let end = self.map_end(span.end);
        Span::new(start, end.max(start))
    }

    /// Map a span of the original into the clean text, if all of it survived cleaning.
    pub fn from_original(&self, span: Span) -> Option<Span> {
        let i = self.pieces.iter().position(|&(_, o, len)| o <= span.start && span.start <= o + len)?;
        let (c, o, len) = self.pieces[i];
        if span.end <= o + len {
            return Some(Span::new(c + span.start - o, c + span.end - o));
        }
        // The span may continue across pieces that are adjacent in both texts.
        let mut end_piece = i;
        while end_piece + 1 < self.pieces.len() {
            let (pc, po, plen) = self.pieces[end_piece];
            let (nc, no, nlen) = self.pieces[end_piece + 1];
            if nc != pc + plen || no != po + plen {
                return None;
            }
            end_piece += 1;
            if span.end <= no + nlen {
                return Some(Span::new(c + span.start - o, nc + span.end - no));
            }
        }
        None
    }

    /// The verbatim pieces, as clean spans paired with original spans.
    pub fn pieces(&self) -> impl Iterator<Item = (Span, Span)> + '_ {
        self.pieces.iter().map(|&(c, o, len)| (Span::new(c, c + len), Span::new(o, o + len)))
    }

    fn map_start(&self, clean: usize) -> usize {
        // First piece that ends after `clean`.
        let i = self.pieces.partition_point(|&(c, _, len)| c + len <= clean);
        match self.pieces.get(i) {
            Some(&(c, o, _)) if clean >= c => o + (clean - c),
            Some(&(_, o, _)) => o, // in a synthetic gap: the next verbatim byte
            None => self.pieces.last().map_or(0, |&(_, o, len)| o + len),
        }
    }

    fn map_end(&self, clean: usize) -> usize {
        // Last piece that starts before `clean`.
        let i = self.pieces.partition_point(|&(c, _, _)| c < clean);
        if i == 0 {
            return self.pieces.first().map_or(0, |&(_, o, _)| o);
        }
        let (c, o, len) = self.pieces[i - 1];
        o + (clean - c).min(len)
    }
}

/// A [`CleanText`] without its text: the pieces and the synthetic bytes between them, from
/// which [`CompactCleanText::expand`] rebuilds it out of the original. The clean text is nearly a
/// copy of the original, so a corpus that must keep its originals anyway can set the copies
/// aside this way while it does not read them (about a sixth of an annotated document).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompactCleanText {
    pieces: Vec<(usize, usize, usize)>,
    /// The synthetic bytes, concatenated in clean order.
    synthetic: String,
    /// Length of the clean text.
    len: usize,
}

impl CleanText {
    /// Set the text aside; see [`CompactCleanText`].
    pub fn compact(self) -> CompactCleanText {
        let mut synthetic = String::new();
        let mut at = 0;
        for &(c, _, len) in &self.pieces {
            synthetic.push_str(self.text.get(at..c).unwrap_or(""));
            at = c + len;
        }
        synthetic.push_str(self.text.get(at..).unwrap_or(""));
        CompactCleanText { pieces: self.pieces, synthetic, len: self.text.len() }
    }
}

impl CompactCleanText {
    /// The clean text again, its verbatim pieces copied from `original`: `None` when `original`
    /// is not the text it was cut from (a piece out of bounds or off character boundaries).
    pub fn expand(&self, original: &str) -> Option<CleanText> {
        let mut text = String::with_capacity(self.len);
        let mut synthetic = self.synthetic.as_str();
        let mut take_synthetic = |text: &mut String, n: usize| -> Option<()> {
            let (gap, rest) = (synthetic.get(..n)?, synthetic.get(n..)?);
            text.push_str(gap);
            synthetic = rest;
            Some(())
        };
        for &(c, o, len) in &self.pieces {
            let gap = c.checked_sub(text.len())?;
            take_synthetic(&mut text, gap)?;
            text.push_str(original.get(o..o.checked_add(len)?)?);
        }
        let gap = self.len.checked_sub(text.len())?;
        take_synthetic(&mut text, gap)?;
        Some(CleanText { text, pieces: self.pieces.clone() })
    }
}

/// Builds a [`CleanText`] piece by piece; see [`CleanText::builder`].
pub struct CleanTextBuilder<'a> {
    original: &'a str,
    text: String,
    pieces: Vec<(usize, usize, usize)>,
}

impl CleanTextBuilder<'_> {
    /// Append `original[range]` verbatim. A range that is out of bounds or not on character
    /// boundaries is ignored (and reported as `false`), never a panic.
    pub fn push_original(&mut self, range: std::ops::Range<usize>) -> bool {
        let Some(piece) = self.original.get(range.clone()) else {
            debug_assert!(false, "push_original: bad range {range:?}");
            return false;
        };
        if piece.is_empty() {
            return true;
        }
        let clean_start = self.text.len();
        self.text.push_str(piece);
        match self.pieces.last_mut() {
            Some((c, o, len)) if *c + *len == clean_start && *o + *len == range.start => *len += piece.len(),
            _ => self.pieces.push((clean_start, range.start, piece.len())),
        }
        true
    }

    /// Append text that is not in the original (a paragraph separator).
    pub fn push_synthetic(&mut self, s: &str) {
        self.text.push_str(s);
    }

    /// The clean text so far (to decide whether a separator is needed).
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn finish(self) -> CleanText {
        CleanText { text: self.text, pieces: self.pieces }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> (&'static str, CleanText) {
        let original = "HEAD\n\nPara one.\n\nJunk\n\nPara two.";
        let mut b = CleanText::builder(original);
        b.push_original(6..15);
        b.push_synthetic("\n\n");
        b.push_original(23..32);
        (original, b.finish())
    }

    #[test]
    fn maps_back_verbatim() {
        let (original, clean) = sample();
        assert_eq!(clean.as_str(), "Para one.\n\nPara two.");
        let two = clean.as_str().find("two").unwrap();
        let s = clean.to_original(Span::new(two, two + 3));
        assert_eq!(s.slice(original), "two");
        // A span across the separator covers the junk in between in the original.
        let s = clean.to_original(Span::new(5, 15));
        assert_eq!(s.slice(original), "one.\n\nJunk\n\nPara");
        // Only synthetic bytes: empty.
        assert!(clean.to_original(Span::new(9, 11)).is_empty());
    }

    #[test]
    fn from_original_round_trip() {
        let (original, clean) = sample();
        let o = Span::new(original.find("one").unwrap(), original.find("one").unwrap() + 3);
        let c = clean.from_original(o).unwrap();
        assert_eq!(c.slice(clean.as_str()), "one");
        assert!(clean.from_original(Span::new(17, 21)).is_none()); // "Junk"
    }

    #[test]
    fn identity_is_identity() {
        let t = "Ünïcödé text";
        let c = CleanText::identity(t);
        assert_eq!(c.to_original(Span::new(2, 7)), Span::new(2, 7));
    }

    #[test]
    fn compact_expands_to_the_same_clean_text() {
        let (original, clean) = sample();
        let compact = clean.clone().compact();
        assert_eq!(compact.expand(original), Some(clean.clone()));
        // Leading and trailing synthetic bytes too.
        let mut b = CleanText::builder(original);
        b.push_synthetic("« ");
        b.push_original(0..4);
        b.push_synthetic(" »");
        let framed = b.finish();
        assert_eq!(framed.clone().compact().expand(original), Some(framed));
        // Not the original it was cut from: no panic, no wrong text.
        assert_eq!(compact.expand("short"), None);
        assert_eq!(CleanText::default().compact().expand(""), Some(CleanText::default()));
    }

    proptest! {
        #[test]
        fn compact_round_trips(parts in proptest::collection::vec(("[a-zé ]{0,6}", any::<bool>(), "[|é]{0,2}"), 0..8)) {
            let original: String = parts.iter().map(|(s, _, _)| s.as_str()).collect();
            let mut b = CleanText::builder(&original);
            let mut at = 0;
            for (s, keep, sep) in &parts {
                if *keep { b.push_original(at..at + s.len()); }
                b.push_synthetic(sep);
                at += s.len();
            }
            let clean = b.finish();
            prop_assert_eq!(clean.clone().compact().expand(&original), Some(clean));
        }

        #[test]
        fn every_clean_char_maps_to_the_same_char(parts in proptest::collection::vec(("[a-zé ]{0,6}", any::<bool>()), 0..8)) {
            let original: String = parts.iter().map(|(s, _)| s.as_str()).collect();
            let mut b = CleanText::builder(&original);
            let mut at = 0;
            for (s, keep) in &parts {
                if *keep { b.push_original(at..at + s.len()); } else { b.push_synthetic("|"); }
                at += s.len();
            }
            let clean = b.finish();
            for (i, ch) in clean.as_str().char_indices() {
                if ch == '|' { continue; }
                let o = clean.to_original(Span::new(i, i + ch.len_utf8()));
                prop_assert_eq!(o.slice(&original), ch.to_string());
            }
        }
    }
}
