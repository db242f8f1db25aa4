//! A tokenizer made for the time grammar: words, digit runs and single punctuation marks, each
//! with its byte range, whether space precedes it, and its lexicon reading.
//!
//! Digits and letters are split ("21st" is `21` + `st`, "1980s" is `1980` + `s`) and the grammar
//! re-joins them by testing `space_before`, which keeps the tokenizer one linear pass with no
//! backtracking.

use crate::lexicon::{Lex, Lexicon};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokKind {
    /// A run of letters (any script; only ASCII words have lexicon readings).
    Word,
    /// A run of ASCII digits.
    Num,
    /// One other visible character.
    Punct(char),
}

#[derive(Clone, Copy, Debug)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: TokKind,
    /// Whitespace (or the start of the text) precedes the token.
    pub space_before: bool,
    /// A line break precedes the token (headlines and paragraphs end sentences).
    pub newline_before: bool,
    /// Value of a digit run, saturating (only meaningful for short runs).
    pub num: u32,
    /// Number of digits of a digit run (0 for other tokens).
    pub digits: u8,
    /// Lexicon reading of a word (default: none).
    pub lex: Lex,
    /// The word starts with an uppercase letter.
    pub cap: bool,
}

impl Tok {
    pub fn is_num(&self) -> bool {
        self.kind == TokKind::Num
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.kind == TokKind::Punct(c)
    }

    pub fn is_word(&self) -> bool {
        self.kind == TokKind::Word
    }
}

/// Split `text` into tokens. Linear in the text; never fails.
pub fn tokenize(text: &str, lexicon: &Lexicon) -> Vec<Tok> {
    let bytes = text.as_bytes();
    let mut toks = Vec::with_capacity(text.len() / 5 + 1);
    let mut i = 0;
    let mut space = true;
    let mut newline = false;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            if b == b'\n' {
                newline = true;
            }
            space = true;
            i += 1;
            continue;
        }
        let start = i;
        let mut tok = Tok {
            start,
            end: start,
            kind: TokKind::Word,
            space_before: space,
            newline_before: newline,
            num: 0,
            digits: 0,
            lex: Lex::default(),
            cap: false,
        };
        if b.is_ascii_digit() {
            let mut v: u32 = 0;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                v = v.saturating_mul(10).saturating_add(u32::from(bytes[i] - b'0'));
                i += 1;
            }
            tok.kind = TokKind::Num;
            tok.num = v;
            tok.digits = (i - start).min(255) as u8;
        } else if b.is_ascii_alphabetic() {
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            // A non-ASCII letter glued to the word makes it a non-English word: no reading.
            let glued = text[i..].chars().next().is_some_and(|c| !c.is_ascii() && c.is_alphabetic());
            if glued {
                i = skip_letters(text, i);
            } else if let Some(l) = lexicon.get(&text[start..i]) {
                tok.lex = *l;
            }
            tok.cap = b.is_ascii_uppercase();
        } else if b < 0x80 {
            tok.kind = TokKind::Punct(b as char);
            i += 1;
        } else {
            // A non-ASCII character: a letter run, a space-like character, or one punctuation mark.
            let c = text[i..].chars().next().unwrap_or(' ');
            if c.is_whitespace() {
                if c == '\u{2028}' || c == '\u{2029}' {
                    newline = true;
                }
                space = true;
                i += c.len_utf8();
                continue;
            } else if c.is_alphabetic() {
                i = skip_letters(text, i);
                tok.cap = c.is_uppercase();
            } else {
                tok.kind = TokKind::Punct(normalize_punct(c));
                i += c.len_utf8();
            }
        }
        tok.end = i;
        toks.push(tok);
        space = false;
        newline = false;
    }
    toks
}

/// The end of the run of letters (any script) starting at `i`.
fn skip_letters(text: &str, mut i: usize) -> usize {
    for c in text[i..].chars() {
        if c.is_alphabetic() {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// Typographic variants mapped to the ASCII mark the grammar tests for.
fn normalize_punct(c: char) -> char {
    match c {
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        '\u{2018}' | '\u{2019}' | '\u{02BC}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{00AB}' | '\u{00BB}' => '"',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_digits_letters_and_marks() {
        let lex = Lexicon::new();
        let t = tokenize("On March 21st, 1980s – ‘90s", &lex);
        let kinds: Vec<_> = t.iter().map(|t| t.kind).collect();
        assert_eq!(t.len(), 11, "{kinds:?}");
        assert_eq!(t[1].lex.month, 3);
        assert_eq!(t[2].num, 21);
        assert!(!t[3].space_before);
        assert!(t[8].is_punct('\''));
    }
}
