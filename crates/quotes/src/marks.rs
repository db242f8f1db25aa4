//! Pairing quotation marks into quoted stretches of text.
//!
//! News uses every convention at once: “…”, "…", «…», „…“, ‘…’, '…'; quotes running over several
//! paragraphs with an opening mark on each paragraph and a closing mark only at the end; a blank
//! line in the middle of a quoted sentence; and machine translation that puts the marks on the
//! wrong side of the space (`necessary, ”the ambassador`, `said:“ Whoever`, `in general, "said`).
//! A mark's glyph alone does not say whether it opens or closes, nor does its position alone, so
//! each mark is decided from both plus what is currently open:
//!
//! * *position*: a mark after a space and before a letter sits where an opening mark goes; a mark
//!   after a letter or punctuation and before a space sits where a closing mark goes;
//! * *glyph*: „ « ‟ open, ” » close, “ opens except after „ (German) or at a closing position,
//!   the straight " is neutral;
//! * *state*: with nothing open, almost any mark opens; with a quote open, a neutral mark closes
//!   it unless it sits at an opening position, where it opens a nested quote *tentatively* — if
//!   nothing closes that nested quote by the end of the paragraph, it was the sloppy closing mark
//!   of the outer one after all.
//!
//! A quote still open at the end of a paragraph carries on into the next (skipping that
//! paragraph's opening mark, the multi-paragraph convention), but only for a bounded number of
//! paragraphs and bytes: a quote never closed is cut back to the end of the paragraph it opened
//! in and pairing restarts after it, so one stray mark cannot swallow the rest of an article.
//! Single quotes double as apostrophes, so they pair only within one paragraph, from an opening
//! position to a closing position, with no double mark in between.

use storyline_core::Span;

/// A quote open longer than this many line breaks without a closing mark is cut back.
const MAX_CARRY_LINES: usize = 8;
/// ... or longer than this many bytes.
const MAX_CARRY_BYTES: usize = 6000;

/// Double marks (“ ” " „ « » ‟) or single marks (‘ ’ ' ‚ ‹ ›).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    Double,
    Single,
}

/// One quoted stretch of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quoted {
    /// From the opening mark to the end of the closing mark (or, when never closed, to the end of
    /// the paragraph it opened in).
    pub span: Span,
    /// Between the marks, trimmed of white space.
    pub inner: Span,
    /// Whether a closing mark was found.
    pub closed: bool,
    /// How many other quoted stretches contain this one (0 = top level).
    pub depth: u8,
    pub family: Family,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Glyph {
    /// “
    LeftDouble,
    /// ”
    RightDouble,
    /// "
    Straight,
    /// „ or ‟
    Low,
    /// «
    GuillemetOpen,
    /// »
    GuillemetClose,
}

#[derive(Clone, Copy, Debug)]
struct Mark {
    pos: usize,
    len: usize,
    glyph: Glyph,
    /// Sits where an opening mark goes (after space, before a letter).
    open_pos: bool,
    /// Sits where a closing mark goes (after a letter or punctuation, before space).
    close_pos: bool,
    /// Index of the line (newline-separated) the mark is on.
    line: usize,
    /// First non-space thing on its line.
    line_start: bool,
    /// Followed by punctuation (not a letter, digit or space).
    before_punct: bool,
    /// Words after the mark on its line (capped at 2).
    words_after: u8,
}

#[derive(Clone, Copy, Debug)]
struct Open {
    mark: usize,
    tentative: bool,
}

/// Whether `c` is any quotation mark this module knows.
pub fn is_quote_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '‟' | '«' | '»' | '\'' | '‘' | '’' | '‚' | '‹' | '›')
}

fn before_open(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace() || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':' | ';') || is_quote_mark(c)
        }
    }
}

fn after_close(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '—' | '–' | '-' | '…')
                || is_quote_mark(c)
        }
    }
}

/// All quoted stretches of `text`, ordered by start.
pub fn quoted(text: &str) -> Vec<Quoted> {
    let (doubles, singles) = collect_marks(text);
    let mut out = pair_doubles(text, &doubles);
    out.extend(pair_singles(text, &singles, &doubles));
    out.sort_by_key(|q| (q.span.start, std::cmp::Reverse(q.span.end)));
    // Depth by containment, with a stack of the stretches still open at each start.
    let mut open: Vec<Span> = Vec::new();
    for q in out.iter_mut() {
        while open.last().is_some_and(|o| !o.contains(q.span) || *o == q.span) {
            open.pop();
        }
        q.depth = open.len().min(u8::MAX as usize) as u8;
        open.push(q.span);
    }
    out
}

/// Single marks as (position, length, opening-position, closing-position, line).
#[derive(Clone, Copy, Debug)]
struct SingleMark {
    pos: usize,
    len: usize,
    can_open: bool,
    can_close: bool,
    line: usize,
}

fn collect_marks(text: &str) -> (Vec<Mark>, Vec<SingleMark>) {
    let bytes = text.as_bytes();
    let mut doubles = Vec::new();
    let mut singles = Vec::new();
    // `line` counts non-blank lines (paragraphs, when they are separated by blank lines).
    let mut line = 0;
    let mut line_blank = true; // nothing but white space so far on this line
    let mut seen_text = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (c, len) = if b < 0x80 {
            (b as char, 1)
        } else {
            match text[i..].chars().next() {
                Some(c) => (c, c.len_utf8()),
                None => break,
            }
        };
        if c == '\n' {
            line_blank = true;
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            i += len;
            continue;
        }
        let at_line_start = line_blank;
        if line_blank {
            if seen_text {
                line += 1;
            }
            seen_text = true;
            line_blank = false;
        }
        if !is_quote_mark(c) {
            i += len;
            continue;
        }
        // Two apostrophes stand for a double mark in some newspaper archives: ''Yes,'' he said.
        let doubled = c == '\'' && bytes.get(i + 1) == Some(&b'\'');
        let len = if doubled { 2 } else { len };
        let prev = text[..i].chars().next_back();
        let next = text[i + len..].chars().next();
        let open_pos = before_open(prev) && !after_close(next);
        let close_pos = !before_open(prev) && after_close(next);
        let glyph = match c {
            '\'' if doubled => Some(Glyph::Straight),
            '“' => Some(Glyph::LeftDouble),
            '”' => Some(Glyph::RightDouble),
            '"' => Some(Glyph::Straight),
            '„' | '‟' => Some(Glyph::Low),
            '«' => Some(Glyph::GuillemetOpen),
            '»' => Some(Glyph::GuillemetClose),
            _ => None,
        };
        match glyph {
            Some(glyph) => {
                let before_punct = next.is_some_and(|n| !n.is_alphanumeric() && !n.is_whitespace());
                // Bounded look-ahead: two words are all that is asked.
                let mut cut = (i + len + 120).min(text.len());
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                let rest = text[i + len..cut].split('\n').next().unwrap_or("");
                let words_after =
                    rest.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).take(2).count() as u8;
                doubles.push(Mark {
                    pos: i,
                    len,
                    glyph,
                    open_pos,
                    close_pos,
                    line,
                    line_start: at_line_start,
                    before_punct,
                    words_after,
                });
            }
            None => {
                // ‘ ‚ ‹ and the straight ' open; ’ › and ' close. ’ never opens: it is the
                // apostrophe of "’90s" far more often than a wrongly turned opening mark.
                let can_open = matches!(c, '‘' | '‚' | '‹' | '\'') && open_pos;
                let can_close = matches!(c, '’' | '›' | '\'') && close_pos;
                if can_open || can_close {
                    singles.push(SingleMark { pos: i, len, can_open, can_close, line });
                }
            }
        }
        i += len;
    }
    (doubles, singles)
}

fn pair_doubles(text: &str, marks: &[Mark]) -> Vec<Quoted> {
    let mut out: Vec<Quoted> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut i = 0;
    // Each rollback resumes after the paragraph of the outermost open quote, which lies after
    // every earlier resume point, so the loop ends; the step counter guards that reasoning.
    let mut steps = 0usize;
    let max_steps = marks.len().saturating_mul(MAX_CARRY_LINES + 2).saturating_add(16);
    loop {
        steps += 1;
        if steps > max_steps {
            break;
        }
        if i >= marks.len() {
            repair_tentative(text, marks, &mut stack, &mut out);
            match stack.first() {
                Some(&outer) => {
                    i = rollback(text, marks, &mut stack, &mut out, outer.mark);
                    continue;
                }
                None => break,
            }
        }
        let m = marks[i];
        if !stack.is_empty() {
            if i > 0 && m.line != marks[i - 1].line {
                repair_tentative(text, marks, &mut stack, &mut out);
            }
            if let Some(&outer) = stack.first() {
                let om = marks[outer.mark];
                let stray = m.line != om.line && om.words_after < 2;
                if stray || m.line - om.line > MAX_CARRY_LINES || m.pos - om.pos > MAX_CARRY_BYTES {
                    i = rollback(text, marks, &mut stack, &mut out, outer.mark);
                    continue;
                }
                // The multi-paragraph convention: an opening mark starting a new paragraph while
                // a quote is open continues that quote.
                if m.line != om.line && m.line_start && continues(m) {
                    i += 1;
                    continue;
                }
            }
        }
        match decide(m, stack.last().map(|o| marks[o.mark].glyph)) {
            Role::Open { tentative } => stack.push(Open { mark: i, tentative }),
            Role::Close => {
                if let Some(o) = stack.pop() {
                    out.push(make(text, marks[o.mark], Some(m)));
                }
            }
            Role::Skip => {}
        }
        i += 1;
    }
    out
}

fn continues(m: Mark) -> bool {
    match m.glyph {
        Glyph::LeftDouble | Glyph::Low | Glyph::GuillemetOpen => true,
        Glyph::Straight | Glyph::RightDouble => m.open_pos,
        Glyph::GuillemetClose => false,
    }
}

enum Role {
    Open { tentative: bool },
    Close,
    Skip,
}

fn decide(m: Mark, top: Option<Glyph>) -> Role {
    let Some(top) = top else {
        return match m.glyph {
            Glyph::LeftDouble | Glyph::Low | Glyph::GuillemetOpen => Role::Open { tentative: false },
            Glyph::RightDouble | Glyph::GuillemetClose | Glyph::Straight if m.open_pos => {
                Role::Open { tentative: false }
            }
            // A paragraph opening with a turned mark (`” … they are so not like him,” she said`).
            Glyph::RightDouble if m.line_start && m.words_after >= 2 => Role::Open { tentative: false },
            // A straight mark before punctuation (`Rocky 4 ".`) is stray, not an opening.
            Glyph::Straight if !m.close_pos && !m.before_punct => Role::Open { tentative: false },
            _ => Role::Skip,
        };
    };
    match m.glyph {
        Glyph::Low | Glyph::GuillemetOpen => Role::Open { tentative: false },
        Glyph::GuillemetClose | Glyph::RightDouble => Role::Close,
        Glyph::LeftDouble => {
            if top == Glyph::Low || m.close_pos {
                Role::Close
            } else {
                Role::Open { tentative: false }
            }
        }
        Glyph::Straight => {
            if m.open_pos {
                Role::Open { tentative: true }
            } else {
                Role::Close
            }
        }
    }
}

/// At a paragraph end, a tentative nested opening left unclosed was the outer quote's closing
/// mark written at an opening position (`as necessary, "the ambassador said`).
fn repair_tentative(text: &str, marks: &[Mark], stack: &mut Vec<Open>, out: &mut Vec<Quoted>) {
    while stack.len() >= 2 && stack.last().is_some_and(|o| o.tentative) {
        let (Some(t), Some(b)) = (stack.pop(), stack.pop()) else { break };
        out.push(make(text, marks[b.mark], Some(marks[t.mark])));
    }
}

/// Cut the quote opened at mark `open` back to the end of its paragraph, drop what was paired
/// after that point under the assumption it was inside, and return the mark to resume from.
fn rollback(text: &str, marks: &[Mark], stack: &mut Vec<Open>, out: &mut Vec<Quoted>, open: usize) -> usize {
    let om = marks[open];
    let line_end = text[om.pos..].find('\n').map_or(text.len(), |k| om.pos + k);
    out.retain(|q| q.span.start < line_end);
    out.push(make_unclosed(text, om, line_end));
    stack.clear();
    marks.iter().position(|m| m.pos >= line_end).unwrap_or(marks.len())
}

fn make(text: &str, open: Mark, close: Option<Mark>) -> Quoted {
    let start = open.pos;
    let (end, inner_end) = match close {
        Some(c) => (c.pos + c.len, c.pos),
        None => (text.len(), text.len()),
    };
    Quoted {
        span: Span::new(start, end),
        inner: trim(text, Span::new(open.pos + open.len, inner_end)),
        closed: close.is_some(),
        depth: 0,
        family: Family::Double,
    }
}

fn make_unclosed(text: &str, open: Mark, line_end: usize) -> Quoted {
    let end = text[..line_end].trim_end().len().max(open.pos + open.len);
    Quoted {
        span: Span::new(open.pos, end),
        inner: trim(text, Span::new(open.pos + open.len, end)),
        closed: false,
        depth: 0,
        family: Family::Double,
    }
}

fn trim(text: &str, s: Span) -> Span {
    let slice = s.slice(text);
    let lead = slice.len() - slice.trim_start().len();
    let body = slice.trim();
    Span::new(s.start + lead, s.start + lead + body.len())
}

fn pair_singles(text: &str, singles: &[SingleMark], doubles: &[Mark]) -> Vec<Quoted> {
    // The next closing candidate after each mark, computed backwards so pairing stays linear.
    let mut next_close = vec![None; singles.len()];
    let mut after: Option<usize> = None;
    for j in (0..singles.len()).rev() {
        next_close[j] = after;
        if singles[j].can_close {
            after = Some(j);
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < singles.len() {
        let o = singles[i];
        let Some(j) = next_close[i].filter(|&j| o.can_open && singles[j].line == o.line) else {
            i += 1;
            continue;
        };
        let c = singles[j];
        // No double mark between them (doubles are sorted by position).
        let k = doubles.partition_point(|d| d.pos <= o.pos);
        let crosses_double = doubles.get(k).is_some_and(|d| d.pos < c.pos);
        // One character between the marks is an elision ("rock 'n' roll"), not a quotation.
        let inner_chars = text[o.pos + o.len..c.pos].chars().take(2).count();
        if crosses_double || inner_chars < 2 {
            i += 1;
            continue;
        }
        out.push(Quoted {
            span: Span::new(o.pos, c.pos + c.len),
            inner: trim(text, Span::new(o.pos + o.len, c.pos)),
            closed: true,
            depth: 0,
            family: Family::Single,
        });
        i = j + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn top(text: &str) -> Vec<&str> {
        quoted(text).into_iter().filter(|q| q.depth == 0).map(|q| q.span.slice(text)).collect()
    }

    fn all(text: &str) -> Vec<(&str, u8)> {
        quoted(text).into_iter().map(|q| (q.span.slice(text), q.depth)).collect()
    }

    #[test]
    fn every_style() {
        assert_eq!(
            top("He said “yes” and «non» and „ja“ and ‘oui’ and 'si' and \"da\" and ''ok''."),
            ["“yes”", "«non»", "„ja“", "‘oui’", "'si'", "\"da\"", "''ok''"]
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(top("Russia’s envoy, the Smiths' house and rock 'n' roll in the ’90s don't count.").is_empty());
        assert_eq!(top("Trump 'absolutely right' in saying it's over"), ["'absolutely right'"]);
    }

    #[test]
    fn split_quote_gives_two_stretches() {
        let t = "\"There is work,\" he said, \"we need time.\"";
        assert_eq!(top(t), ["\"There is work,\"", "\"we need time.\""]);
    }

    #[test]
    fn multi_paragraph_quote_with_opening_mark_on_each_paragraph() {
        let t = "“First paragraph.\n\n“Second paragraph.\n\n“Third,” he said. Then “another.”";
        assert_eq!(top(t), ["“First paragraph.\n\n“Second paragraph.\n\n“Third,”", "“another.”"]);
        let t = "\"First paragraph.\n\n\"Second,\" he said.";
        assert_eq!(top(t), ["\"First paragraph.\n\n\"Second,\""]);
    }

    #[test]
    fn blank_line_inside_a_quoted_sentence() {
        let t = "\"The timing will depend\n\non what steps Washington takes,\" Ryabkov told RIA.";
        assert_eq!(top(t), ["\"The timing will depend\n\non what steps Washington takes,\""]);
    }

    #[test]
    fn machine_translation_marks() {
        let t = "“Several meetings are planned.\n\nBut I will stay as long as necessary, ”the ambassador emphasized.";
        assert_eq!(top(t), ["“Several meetings are planned.\n\nBut I will stay as long as necessary, ”"]);
        let t = "“As a child, we said:“ Whoever calls names is called that ”.\n\nAnd so on, \"said the President.";
        assert_eq!(
            all(t),
            [
                ("“As a child, we said:“ Whoever calls names is called that ”.\n\nAnd so on, \"", 0),
                ("“ Whoever calls names is called that ”", 1)
            ]
        );
        let t = "\"We will stay as long as necessary, \"the ambassador said. Later he left.";
        assert_eq!(top(t), ["\"We will stay as long as necessary, \""]);
    }

    #[test]
    fn nested_quotes() {
        let t = "“He called it ‘a disgrace’ and left,” she said.";
        assert_eq!(all(t), [("“He called it ‘a disgrace’ and left,”", 0), ("‘a disgrace’", 1)]);
        let t = "\"I said \"no\" to him,\" she said.";
        assert_eq!(all(t), [("\"I said \"no\" to him,\"", 0), ("\"no\"", 1)]);
        let t = "„Er sagte «nein»“, sagte sie.";
        assert_eq!(all(t), [("„Er sagte «nein»“", 0), ("«nein»", 1)]);
    }

    #[test]
    fn stray_opening_mark_does_not_swallow_the_article() {
        let mut t = String::from("He said \"this never closes.\n\n");
        for k in 0..12 {
            t.push_str(&format!("Paragraph {k} has no marks at all.\n\n"));
        }
        t.push_str("Later she said \"a new quote\" here.");
        let q = top(&t);
        assert_eq!(q, ["\"this never closes.", "\"a new quote\""]);
    }

    #[test]
    fn unclosed_at_end_is_cut_to_its_paragraph() {
        let t = "Intro.\n\n“Open and never closed.\n\nNext paragraph “closed one” here.";
        assert_eq!(top(t), ["“Open and never closed.", "“closed one”"]);
    }

    #[test]
    fn never_panics_on_odd_input() {
        for t in ["\"", "“", "”", "'", "\"\"", "“”", "a\"b\"c", "\" \" \"", "«»«", "’‘", "\n\"\n\"\n", "é\"ü"]
        {
            for q in quoted(t) {
                assert!(q.span.is_valid_in(t) && q.inner.is_valid_in(t), "{t:?}");
            }
        }
    }
}
