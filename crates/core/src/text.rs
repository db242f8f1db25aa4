//! Tokens, sentences and paragraphs of news text, as byte spans.
//!
//! Rule-based and allocation-light, because every layer runs on its output and the entity layer
//! must process hundreds of thousands of words per second. The rules are tuned for news English
//! ("U.S.", "Gen.", "Russia’s", quotes closing after a full stop) but nothing here assumes a
//! script: letters are Unicode letters, so Cyrillic or Greek tokenise the same way.

use crate::Span;

/// One token of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Starts with a letter: words, abbreviations with their full stop ("U.S.", "Gen."),
    /// hyphenated compounds, and clitics split off a word ("’s", "n't").
    Word,
    /// Starts with a digit: "2021", "1,000", "3.5", "21:44", "20.06.2021", "1980s", "21st".
    Number,
    /// Anything else, one character per token except runs of dots ("...") and dashes ("--").
    Punct,
}

/// Abbreviations written with a full stop that do not end a sentence by themselves.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt", "Cpt", "Sgt", "Adm", "Cmdr", "Brig", "Gov",
    "Sen", "Rep", "Rev", "Hon", "Pres", "Sec", "Amb", "Supt", "Insp", "Det", "Cpl", "Pvt", "St", "Mt", "Ft", "Jr",
    "Sr", "Inc", "Corp", "Co", "Ltd", "Bros", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
    "Nov", "Dec", "Mon", "Tue", "Tues", "Wed", "Thu", "Thurs", "Fri", "Sat", "Sun", "No", "Nos", "vs", "etc", "approx",
    "est", "Ave", "Blvd", "Rd", "Dept", "Univ", "Assn", "Calif", "Fla", "Mass", "Penn", "Ariz", "Ala", "Ark", "Colo",
    "Conn", "Del", "Ga", "Ill", "Ind", "Kan", "Ky", "La", "Md", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev",
    "Okla", "Ore", "Pa", "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo", "cf", "al",
];

/// Abbreviations that are often the last word of a sentence ("... in the U.S. The talks").
const FINAL_ABBREVIATIONS: &[&str] = &["Inc.", "Corp.", "Co.", "Ltd.", "Jr.", "Sr.", "etc.", "Bros."];

/// Words that, capitalised after an abbreviation, almost always begin a new sentence.
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "But",
    "In",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "His",
    "Her",
    "Their",
    "Its",
    "On",
    "At",
    "As",
    "And",
    "If",
    "When",
    "While",
    "Meanwhile",
    "However",
    "After",
    "Before",
    "Since",
    "There",
    "Some",
    "Many",
    "Most",
    "According",
    "Earlier",
    "Later",
    "Last",
    "Also",
    "Yet",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

fn is_mark(c: char) -> bool {
    // Combining marks (U+0300..U+036F and friends) belong to the letter before them.
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}' | '\u{200D}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// Split `text` into tokens. Whitespace is skipped; every other byte belongs to exactly one token.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = next_char(text, i);
        let clen = c.len_utf8();
        if c.is_whitespace() {
            i += clen;
            continue;
        }
        let start = i;
        let kind;
        if c.is_alphabetic() {
            kind = TokenKind::Word;
            i = negation_clitic_at(text, i).unwrap_or_else(|| scan_word(text, i));
        } else if c.is_numeric() {
            kind = TokenKind::Number;
            i = scan_number(text, i);
        } else if is_apostrophe(c)
            && let Some(end) = clitic_at(text, i)
        {
            kind = TokenKind::Word;
            i = end;
        } else {
            kind = TokenKind::Punct;
            i += clen;
            if c == '.' || c == '-' {
                while i < bytes.len() && bytes[i] == c as u8 {
                    i += 1;
                }
            }
        }
        tokens.push(Token { span: Span::new(start, i), kind });
    }
    tokens
}

fn next_char(text: &str, i: usize) -> char {
    match text.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => char::from(b),
        _ => text[i..].chars().next().unwrap_or(' '),
    }
}

/// The end of a clitic ("'s", "’ll", "n't") starting at an apostrophe at `i`, if one is there.
fn clitic_at(text: &str, i: usize) -> Option<usize> {
    let after = i + next_char(text, i).len_utf8();
    let rest = &text[after..];
    let letters = rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len());
    let word = &rest[..letters];
    matches!(word.to_ascii_lowercase().as_str(), "s" | "d" | "ll" | "re" | "ve" | "m" | "t").then_some(after + letters)
}

/// The end of "n't" starting at `i`, as split off "didn't" by [`scan_word`].
fn negation_clitic_at(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i..];
    if !rest.starts_with(['n', 'N']) {
        return None;
    }
    let ap = next_char(text, i + 1);
    if !is_apostrophe(ap) {
        return None;
    }
    let t = i + 1 + ap.len_utf8();
    (text[t..].starts_with(['t', 'T']) && !text[t + 1..].starts_with(char::is_alphabetic)).then_some(t + 1)
}

fn scan_word(text: &str, start: usize) -> usize {
    // Initials and dotted abbreviations: "U.S.", "a.m.", "F.B.I."
    if let Some(end) = dotted_abbreviation(text, start) {
        return end;
    }
    let i = word_end(text, start);
    // "don't" -> "do" + "n't"
    let word = &text[start..i];
    if i < text.len() && is_apostrophe(next_char(text, i)) && word.len() > 1 && word.ends_with(['n', 'N']) {
        let after = i + next_char(text, i).len_utf8();
        if text[after..].starts_with(['t', 'T']) && !text[after + 1..].starts_with(char::is_alphabetic) {
            return i - 1;
        }
    }
    // A known abbreviation keeps its full stop.
    if text[i..].starts_with('.') && ABBREVIATIONS.contains(&word) {
        return i + 1;
    }
    i
}

/// The end of the word characters from `start`, across joiners inside a word: a hyphen
/// ("pro-Russia") or an apostrophe ("O'Brien") before a letter or digit, but not a clitic.
fn word_end(text: &str, start: usize) -> usize {
    let mut i = start;
    let bytes = text.as_bytes();
    loop {
        // ASCII letters and digits are word characters: the common case, byte by byte.
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        // Any other ASCII character but a joiner ends the word.
        if bytes.get(i).is_some_and(|&b| b.is_ascii() && b != b'-' && b != b'\'') {
            break;
        }
        let Some(c) = text[i..].chars().next() else { break };
        if is_word_char(c) {
            i += c.len_utf8();
            continue;
        }
        if c == '-' || c == '‑' || is_apostrophe(c) {
            let after = i + c.len_utf8();
            let next = text[after..].chars().next();
            if next.is_some_and(|n| n.is_alphanumeric()) {
                if is_apostrophe(c) && clitic_at(text, i).is_some() {
                    break;
                }
                i = after;
                continue;
            }
        }
        break;
    }
    i
}

/// "U.S.", "U.N.", "a.m.", "J." — single letters each followed by a full stop.
fn dotted_abbreviation(text: &str, start: usize) -> Option<usize> {
    let mut i = start;
    let mut letters = 0;
    loop {
        let c = text[i..].chars().next()?;
        if !c.is_alphabetic() {
            break;
        }
        let after = i + c.len_utf8();
        if !text[after..].starts_with('.') {
            break;
        }
        // The letter must stand alone (not the end of a longer word).
        letters += 1;
        i = after + 1;
        if !text[i..].starts_with(char::is_alphabetic) {
            break;
        }
        // Next letter must itself be followed by '.', else stop before it.
        let n = next_char(text, i);
        if !text[i + n.len_utf8()..].starts_with('.') {
            break;
        }
    }
    if letters == 0 {
        return None;
    }
    // A single uppercase initial ("J. Smith") or several letters ("U.S.", "a.m.").
    let first = next_char(text, start);
    (letters >= 2 || first.is_uppercase()).then_some(i)
}

fn scan_number(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    loop {
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        // Non-ASCII digits.
        if i < text.len() {
            let c = next_char(text, i);
            if c.is_numeric() && !c.is_ascii() {
                i += c.len_utf8();
                continue;
            }
        }
        // Internal separators followed by a digit: 1,000  3.5  21:44  20.06.2021  9/11
        if i + 1 < bytes.len() && matches!(bytes[i], b',' | b'.' | b':' | b'/') && bytes[i + 1].is_ascii_digit() {
            i += 1;
            continue;
        }
        break;
    }
    // Suffixes: 1980s, 21st, 2nd, 10th, 5km, 20-year-old.
    while i < text.len() {
        let c = next_char(text, i);
        if c.is_alphabetic() {
            i += c.len_utf8();
        } else if c == '-' && text[i + 1..].starts_with(char::is_alphanumeric) {
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// Characters that close a quotation or parenthesis and stay with the sentence they end.
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | '»' | '“' | ')' | ']' | '}' | '›')
}

/// Sentence spans of `text` (trimmed of surrounding whitespace), computed over [`tokenize`].
///
/// A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or brackets after it) when the
/// next token could begin a sentence, and at line breaks unless the next line continues the
/// sentence (it starts in lower case, as when a blank line splits a sentence in two).
pub fn sentences(text: &str) -> Vec<Span> {
    sentences_from_tokens(text, &tokenize(text))
}

/// [`sentences`] over tokens already computed.
pub fn sentences_from_tokens(text: &str, tokens: &[Token]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut sent_start: Option<usize> = None;
    let mut last_end = 0;
    let mut k = 0;
    while k < tokens.len() {
        let t = tokens[k];
        if let Some(s) = sent_start {
            // A line break between the previous token and this one?
            let gap = &text[last_end..t.span.start];
            if gap.contains('\n') && starts_sentence_after_newline(text, t) {
                out.push(Span::new(s, last_end));
                sent_start = None;
            }
        }
        if sent_start.is_none() {
            sent_start = Some(t.span.start);
        }
        last_end = t.span.end;
        let s = t.span.slice(text);
        let terminal = t.kind == TokenKind::Punct && (matches!(s, "!" | "?" | "…") || s.starts_with('.'))
            || (t.kind == TokenKind::Word && FINAL_ABBREVIATIONS.contains(&s))
            || (t.kind == TokenKind::Word && s.len() > 2 && s.ends_with('.') && s[..s.len() - 1].contains('.'));
        k += 1;
        if !terminal {
            continue;
        }
        // Absorb closing quotes and brackets attached to the terminal mark; also a second
        // terminal ("?!").
        while k < tokens.len() && tokens[k].span.start == last_end {
            let n = tokens[k].span.slice(text);
            let nc = n.chars().next().unwrap_or(' ');
            if tokens[k].kind == TokenKind::Punct && (is_closer(nc) || matches!(n, "!" | "?")) {
                last_end = tokens[k].span.end;
                k += 1;
            } else {
                break;
            }
        }
        let Some(next) = tokens.get(k) else { break };
        if next.span.start == last_end {
            continue; // "3.5", "end.Next" glued: not a boundary
        }
        let next_text = next.span.slice(text);
        let first = next_text.chars().next().unwrap_or(' ');
        let is_abbrev = t.kind == TokenKind::Word; // "U.S." / "Inc." ending
        let begins = if is_abbrev {
            SENTENCE_STARTERS.contains(&next_text) || text[last_end..next.span.start].contains('\n')
        } else {
            first.is_uppercase()
                || first.is_numeric()
                || matches!(first, '"' | '“' | '«' | '„' | '‘' | '\'' | '(' | '[' | '-' | '–' | '—' | '•' | '*')
                || (!first.is_lowercase() && first.is_alphabetic()) // scripts without case
        };
        if begins && let Some(st) = sent_start.take() {
            out.push(Span::new(st, last_end));
        }
    }
    if let Some(s) = sent_start {
        out.push(Span::new(s, last_end));
    }
    out
}

fn starts_sentence_after_newline(text: &str, t: Token) -> bool {
    let first = t.span.slice(text).chars().next().unwrap_or(' ');
    !first.is_lowercase()
}

/// Paragraphs: maximal runs of non-blank lines, trimmed, as spans.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if let Some(s) = start.take() {
                out.push(Span::new(s, end));
            }
        } else {
            let lead = line.len() - line.trim_start().len();
            if start.is_none() {
                start = Some(offset + lead);
            }
            end = offset + line.trim_end().len();
        }
        offset += line.len();
    }
    if let Some(s) = start {
        out.push(Span::new(s, end));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(t: &str) -> Vec<&str> {
        tokenize(t).into_iter().map(|k| k.span.slice(t)).collect()
    }

    fn sents(t: &str) -> Vec<&str> {
        sentences(t).into_iter().map(|s| s.slice(t)).collect()
    }

    #[test]
    fn tokens_of_news_english() {
        assert_eq!(
            toks("Russia’s envoy met U.S. officials on 20.06.2021 at 21:44, didn't he?"),
            [
                "Russia",
                "’s",
                "envoy",
                "met",
                "U.S.",
                "officials",
                "on",
                "20.06.2021",
                "at",
                "21:44",
                ",",
                "did",
                "n't",
                "he",
                "?"
            ]
        );
        assert_eq!(
            toks("Gen. Smith, pro-Russia forces, the 1980s..."),
            ["Gen.", "Smith", ",", "pro-Russia", "forces", ",", "the", "1980s", "..."]
        );
        assert_eq!(toks("O'Brien paid $1,000.50 (5km)"), ["O'Brien", "paid", "$", "1,000.50", "(", "5km", ")"]);
        assert_eq!(toks("J. Smith «Привет» мир"), ["J.", "Smith", "«", "Привет", "»", "мир"]);
    }

    #[test]
    fn tokens_cover_all_non_space_bytes() {
        let t = "a\u{301}b — “x” ’ 3.5% e\u{200d}🙂 \0 end.";
        let mut covered = vec![false; t.len()];
        for k in tokenize(t) {
            assert!(k.span.is_valid_in(t));
            covered[k.span.range()].iter_mut().for_each(|c| *c = true);
        }
        for (i, c) in t.char_indices() {
            assert_eq!(covered[i], !c.is_whitespace(), "{c:?} at {i}");
        }
    }

    #[test]
    fn sentences_of_news_english() {
        let t = "Antonov returned to the U.S. on Sunday. “There is a lot of work to be done.” He said it. Mr. Smith agreed!";
        assert_eq!(
            sents(t),
            [
                "Antonov returned to the U.S. on Sunday.",
                "“There is a lot of work to be done.”",
                "He said it.",
                "Mr. Smith agreed!"
            ]
        );
        assert_eq!(sents("He lives in the U.S. The talks ended."), ["He lives in the U.S.", "The talks ended."]);
        assert_eq!(sents("Pay 3.5 dollars. ok"), ["Pay 3.5 dollars. ok"]);
    }

    #[test]
    fn line_breaks() {
        let t = "Headline without stop\nFirst sentence.\n\nThe timing will depend\n\non what steps it takes.";
        assert_eq!(
            sents(t),
            ["Headline without stop", "First sentence.", "The timing will depend\n\non what steps it takes."]
        );
    }

    #[test]
    fn paragraphs_are_trimmed_runs() {
        let t = "  \n\nOne\ntwo  \n \nThree\n";
        let p: Vec<&str> = paragraphs(t).into_iter().map(|s| s.slice(t)).collect();
        assert_eq!(p, ["One\ntwo", "Three"]);
    }

    /// [`word_end`] as first written, one `char` at a time: the definition the byte-wise fast
    /// path must agree with.
    fn word_end_by_chars(text: &str, start: usize) -> usize {
        let mut i = start;
        while let Some(c) = text[i..].chars().next() {
            if is_word_char(c) {
                i += c.len_utf8();
                continue;
            }
            if c == '-' || c == '‑' || is_apostrophe(c) {
                let after = i + c.len_utf8();
                let next = text[after..].chars().next();
                if next.is_some_and(|n| n.is_alphanumeric()) {
                    if is_apostrophe(c) && clitic_at(text, i).is_some() {
                        break;
                    }
                    i = after;
                    continue;
                }
            }
            break;
        }
        i
    }

    proptest::proptest! {
        #[test]
        fn fast_paths_agree_with_their_definitions(text in "[aZ9é\u{301}Жß.’'‑ \n-]{0,24}(s|t|ll|n't|N'T)?") {
            for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
                proptest::prop_assert_eq!(word_end(&text, i), word_end_by_chars(&text, i), "at {} of {:?}", i, text);
                proptest::prop_assert_eq!(next_char(&text, i), text[i..].chars().next().unwrap_or(' '));
            }
        }
    }
}
