//! The token view the attribution rules work on: tokens with their sentence, a few flags, and
//! case-insensitive word tests that never allocate.

use storyline_core::Span;
use storyline_core::text::{Token, TokenKind, sentences_from_tokens};

use crate::lexicon::{self, CueWord};
use crate::marks::{self, Quoted};

/// One token and what the rules ask about it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok {
    pub span: Span,
    pub kind: TokenKind,
    /// Index of its sentence.
    pub sent: u32,
    /// First character is upper case.
    pub cap: bool,
    /// A line break lies between the previous token and this one.
    pub nl_before: bool,
}

/// An article prepared for the attribution rules.
pub(crate) struct Ctx<'a> {
    pub text: &'a str,
    pub toks: Vec<Tok>,
    /// Token index range of each sentence.
    pub sents: Vec<(usize, usize)>,
    /// Quoted stretches, ordered by start.
    pub quoted: Vec<Quoted>,
    /// Each token's cue readings out of context (see [`Ctx::cue`] for the readings in context).
    cue_raw: Vec<&'static [CueWord]>,
    /// Each token starts a cue phrase ("according", "quoted", "pointed").
    multi: Vec<bool>,
}

impl<'a> Ctx<'a> {
    /// The context of `text`, tokenised here (for tests of the readers).
    #[cfg(test)]
    pub fn new(text: &'a str, sentences: &[Span]) -> Ctx<'a> {
        Ctx::from_tokens(text, &storyline_core::text::tokenize(text), sentences)
    }

    /// The context of `text`, given its tokens as [`storyline_core::text::tokenize`] gives them.
    pub fn from_tokens(text: &'a str, tokens: &[Token], sentences: &[Span]) -> Ctx<'a> {
        let computed;
        let sentences = if sentences.is_empty() && !tokens.is_empty() {
            computed = sentences_from_tokens(text, tokens);
            &computed[..]
        } else {
            sentences
        };
        let toks = build_tokens(text, tokens, sentences);
        let mut sents: Vec<(usize, usize)> = Vec::new();
        for (i, t) in toks.iter().enumerate() {
            let s = t.sent as usize;
            while sents.len() <= s {
                sents.push((i, i));
            }
            sents[s].1 = i + 1;
        }
        // One lexicon pass: most tokens are ruled out by their first letter and length.
        let mut cue_raw: Vec<&'static [CueWord]> = vec![&[]; toks.len()];
        let mut multi = vec![false; toks.len()];
        let mut buf = [0u8; 32];
        for (i, t) in toks.iter().enumerate() {
            if t.kind != TokenKind::Word {
                continue;
            }
            let w = t.span.slice(text);
            if !lexicon::may_be_cue(w) || !w.is_ascii() || w.len() > buf.len() {
                continue;
            }
            let lower = &mut buf[..w.len()];
            lower.copy_from_slice(w.as_bytes());
            lower.make_ascii_lowercase();
            let Ok(lower) = std::str::from_utf8(lower) else { continue };
            cue_raw[i] = lexicon::cue_word(lower);
            multi[i] = lexicon::is_multiword_start(lower);
        }
        Ctx { text, toks, sents, quoted: marks::quoted(text), cue_raw, multi }
    }

    /// Whether token `i` is a cue word or starts a cue phrase, before context rules.
    pub fn maybe_cue(&self, i: usize) -> bool {
        self.cue_raw.get(i).is_some_and(|c| !c.is_empty()) || self.multi.get(i).copied().unwrap_or(false)
    }

    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn str(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| t.span.slice(self.text))
    }

    /// Case-insensitive comparison with an ASCII word.
    pub fn is(&self, i: usize, w: &str) -> bool {
        self.str(i).eq_ignore_ascii_case(w)
    }

    pub fn is_any(&self, i: usize, ws: &[&str]) -> bool {
        let s = self.str(i);
        ws.iter().any(|w| s.eq_ignore_ascii_case(w))
    }

    /// Whether token `i` is the punctuation `c`.
    pub fn punct(&self, i: usize, c: &str) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokenKind::Punct) && self.str(i) == c
    }

    pub fn is_punct(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokenKind::Punct)
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokenKind::Word)
    }

    pub fn is_quote_mark(&self, i: usize) -> bool {
        self.is_punct(i) && self.str(i).chars().next().is_some_and(marks::is_quote_mark)
    }

    /// Sentence-final punctuation (. ! ? …).
    pub fn is_terminal(&self, i: usize) -> bool {
        self.is_punct(i) && matches!(self.str(i), "!" | "?" | "…") || self.is_punct(i) && self.str(i).starts_with('.')
    }

    /// Token `i` lower-cased into `buf`, when it is ASCII and short (every lexicon word is).
    pub fn lower<'b>(&self, i: usize, buf: &'b mut [u8; 32]) -> Option<&'b str> {
        let s = self.str(i);
        if s.is_empty() || s.len() > buf.len() || !s.is_ascii() {
            return None;
        }
        let out = &mut buf[..s.len()];
        out.copy_from_slice(s.as_bytes());
        out.make_ascii_lowercase();
        std::str::from_utf8(out).ok()
    }

    /// Whether the lower-cased token passes `f`.
    pub fn test(&self, i: usize, f: fn(&str) -> bool) -> bool {
        let mut buf = [0u8; 32];
        self.lower(i, &mut buf).is_some_and(f)
    }

    pub fn cue(&self, i: usize) -> &'static [CueWord] {
        let raw = self.cue_raw.get(i).copied().unwrap_or(&[]);
        if raw.is_empty() {
            return raw;
        }
        // A capitalised cue word inside a sentence is a name ("the United States"), unless the
        // sentence is a headline in title case ("Envoy Unlikely to Return, Deputy FM Says").
        if self.toks[i].cap && !self.starts_clause(i) && !self.title_case(i) {
            return &[];
        }
        // After a determiner a cue word is a noun or an adjective: "a written statement", "the
        // reported deal", "his support".
        if i > 0 && !self.is(i - 1, "that") && self.test(i - 1, lexicon::is_determiner) {
            return &[];
        }
        raw
    }

    /// Whether token `i` begins a sentence or a clause after a quote mark or colon.
    pub fn starts_clause(&self, i: usize) -> bool {
        let (a, _) = self.sentence_of(i);
        i == a || (i > 0 && (self.is_quote_mark(i - 1) || self.punct(i - 1, ":") || self.toks[i].nl_before))
    }

    /// Whether the sentence of token `i` is written in title case (a headline).
    pub fn title_case(&self, i: usize) -> bool {
        let (a, b) = self.sentence_of(i);
        let (mut caps, mut words) = (0, 0);
        for k in a..b.min(a + 40) {
            if self.is_word(k) && self.str(k).len() >= 4 {
                words += 1;
                caps += usize::from(self.toks[k].cap);
            }
        }
        // Every longer word capitalised (one slip allowed in a long headline): a sentence with
        // names and one lower-case verb ("Iowa State University's Dianne Bystrom agreed") is not.
        words >= 3 && (caps == words || words >= 8 && caps + 1 == words)
    }

    /// Index of the first token starting at or after byte `pos`.
    pub fn tok_at(&self, pos: usize) -> usize {
        self.toks.partition_point(|t| t.span.start < pos)
    }

    /// Byte span covering tokens `a..b` (empty at `a`'s start when `a >= b`).
    pub fn span(&self, a: usize, b: usize) -> Span {
        let start = self.toks.get(a).map_or(self.text.len(), |t| t.span.start);
        if b <= a {
            return Span::new(start, start);
        }
        let end = self.toks.get(b - 1).map_or(start, |t| t.span.end);
        Span::new(start, end)
    }

    /// Token range of the sentence token `i` is in.
    pub fn sentence_of(&self, i: usize) -> (usize, usize) {
        self.toks.get(i).and_then(|t| self.sents.get(t.sent as usize)).copied().unwrap_or((i, i + 1))
    }

    /// The top-level quoted stretch containing byte `pos`, if any.
    pub fn quoted_at(&self, pos: usize) -> Option<&Quoted> {
        let k = self.quoted.partition_point(|q| q.span.start <= pos);
        // Nested stretches sit right after their container; a few steps back reach it.
        self.quoted[..k].iter().rev().take(16).find(|q| q.depth == 0 && q.span.start <= pos && pos < q.span.end)
    }

    /// The top-level quoted stretch opening at byte `pos`, if any.
    pub fn quote_starting_at(&self, pos: usize) -> Option<&Quoted> {
        let k = self.quoted.partition_point(|q| q.span.start < pos);
        self.quoted[k..].iter().take_while(|q| q.span.start == pos).find(|q| q.depth == 0)
    }

    /// A line break between tokens `a` and `b` (exclusive of `a`, inclusive of `b`).
    pub fn line_break_between(&self, a: usize, b: usize) -> bool {
        (a + 1..=b.min(self.len().saturating_sub(1))).any(|k| self.toks[k].nl_before)
    }
}

fn build_tokens(text: &str, tokens: &[Token], sentences: &[Span]) -> Vec<Tok> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut s = 0usize;
    let mut prev_end = 0usize;
    for t in tokens {
        while s + 1 < sentences.len() && sentences[s].end <= t.span.start {
            s += 1;
        }
        let gap = text.get(prev_end..t.span.start).unwrap_or("");
        let first = t.span.slice(text).chars().next().unwrap_or(' ');
        out.push(Tok {
            span: t.span,
            kind: t.kind,
            sent: s as u32,
            cap: first.is_uppercase(),
            nl_before: gap.contains('\n'),
        });
        prev_end = t.span.end;
    }
    out
}
