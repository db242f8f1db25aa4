//! Roles and titles of people: one job, reading the words around a person's name that say what
//! the person is.
//!
//! Three shapes cover most news English:
//! - a title before the name: "Deputy Foreign Minister Sergei Ryabkov", "Russian Ambassador to
//!   the United States Anatoly Antonov", "Presidential press secretary Dmitry Peskov";
//! - an apposition before it: "Russia’s ambassador to the United States, Anatoly Antonov,";
//! - an apposition after it: "Anatoly Antonov, Russia’s ambassador to the United States,".
//!
//! A role phrase is a run of title words (role nouns, their modifiers, capitalised words and
//! names, "of"/"to"/"for" with their objects) that contains a role noun. A parsed [`Role`] also
//! records the nationality and the complement ("to the United States") so that descriptions
//! like "the Russian envoy" can be matched against it later.

use crate::lexicon::{fold, is_role_head, is_role_modifier, place_key, role_class};

/// What a token is, for the phrase scanner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    /// Inside a tagged name of this entity type (0 person .. 3 other).
    Name(u8),
    /// A word.
    Word,
    /// Punctuation.
    Punct,
}

/// The view of a sentence the scanner needs: token strings and kinds.
pub struct Sentence<'a> {
    pub words: Vec<&'a str>,
    pub kinds: Vec<Tok>,
}

/// A role phrase found in a sentence: token range and its parse.
#[derive(Clone, Debug, PartialEq)]
pub struct Role {
    /// Token range in the sentence.
    pub start: usize,
    pub end: usize,
    /// The role noun's class ("diplomat", "leader") or the noun itself.
    pub class: &'static str,
    /// The role noun as written, lower case ("ambassador").
    pub head: String,
    /// Place keys of the nationality ("Russian", "Russia's", "of Russia").
    pub nationality: Vec<String>,
    /// Place keys of a "to ..." complement ("to the United States").
    pub destination: Vec<String>,
}

fn is_prep(w: &str) -> bool {
    ["of", "to", "for", "at", "in"].iter().any(|p| w.eq_ignore_ascii_case(p))
}

fn is_det(w: &str) -> bool {
    ["the", "a", "an"].iter().any(|p| w.eq_ignore_ascii_case(p))
}

fn is_possessive(w: &str) -> bool {
    matches!(w, "'s" | "'" | "’s" | "’" | "'S" | "’S")
}

/// Whether token `i` can be part of a title phrase.
fn title_word(s: &Sentence<'_>, i: usize, sentence_start: bool) -> bool {
    let w = s.words[i];
    match s.kinds[i] {
        Tok::Name(ty) => ty != 0,
        Tok::Punct => false,
        Tok::Word => {
            if is_role_head(w) || is_role_modifier(w) || is_prep(w) || is_possessive(w) {
                return true;
            }
            // A capitalised word that is not the sentence's first word ("Foreign", "Ministry").
            let cap = w.chars().next().is_some_and(char::is_uppercase);
            cap && !(sentence_start && i == 0) && !is_det(w)
        }
    }
}

/// Parse tokens `a..b` as a role phrase; `None` unless it holds a role noun outside any name.
pub fn parse(s: &Sentence<'_>, a: usize, b: usize) -> Option<Role> {
    // Trim prepositions, determiners and possessives at the edges.
    let (mut a, mut b) = (a, b);
    while a < b && (is_prep(s.words[a]) || is_det(s.words[a]) || is_possessive(s.words[a])) {
        a += 1;
    }
    while b > a && (is_prep(s.words[b - 1]) || is_det(s.words[b - 1]) || is_possessive(s.words[b - 1])) {
        b -= 1;
    }
    if a >= b {
        return None;
    }
    // The role noun: the last one before any complement.
    let mut head: Option<usize> = None;
    let mut complement_at: Option<usize> = None;
    for i in a..b {
        if s.kinds[i] == Tok::Word && is_role_head(s.words[i]) && complement_at.is_none() {
            head = Some(i);
        }
        if head.is_some() && complement_at.is_none() && s.kinds[i] == Tok::Word && is_prep(s.words[i]) {
            complement_at = Some(i);
        }
    }
    let h = head?;
    let mut role = Role {
        start: a,
        end: b,
        class: role_class(s.words[h]),
        head: fold(s.words[h]),
        nationality: Vec::new(),
        destination: Vec::new(),
    };
    // Nationality: places and nationality words before the head ("Russian", "Russia 's", "U.S.").
    for i in a..h {
        if matches!(s.kinds[i], Tok::Name(2) | Tok::Name(3)) && !is_possessive(s.words[i]) {
            role.nationality.push(place_key(s.words[i]));
        }
    }
    // Complement: "of X" is a nationality ("President of Russia"), "to X" a destination.
    if let Some(c) = complement_at {
        let to = fold(s.words[c]) == "to";
        let mut name = String::new();
        for i in c + 1..b {
            if matches!(s.kinds[i], Tok::Name(_)) {
                if !name.is_empty() {
                    name.push(' ');
                }
                name.push_str(s.words[i]);
            }
        }
        if !name.is_empty() {
            let k = place_key(&name);
            if to { role.destination.push(k) } else { role.nationality.push(k) }
        }
    }
    Some(role)
}

/// A title right before the person name that starts at token `name_start`: the longest run of
/// title words ending there.
pub fn title_before(s: &Sentence<'_>, name_start: usize) -> Option<Role> {
    let mut a = name_start;
    while a > 0 && title_word(s, a - 1, true) {
        // "the" is allowed only inside a complement ("to the United States").
        a -= 1;
        if a > 0 && is_det(s.words[a - 1]) && a >= 2 && is_prep(s.words[a - 2]) {
            a -= 1;
        }
        if name_start - a > 12 {
            return None;
        }
    }
    if a == name_start {
        return None;
    }
    let role = parse(s, a, name_start)?;
    // The title must run up to the name ("... Minister Sergei Ryabkov"), not stop short of it.
    (role.end == name_start).then_some(role)
}

/// An apposition before the name: "Russia’s ambassador to the United States, Anatoly Antonov".
pub fn apposition_before(s: &Sentence<'_>, name_start: usize) -> Option<Role> {
    if name_start < 2 || s.words[name_start - 1] != "," {
        return None;
    }
    let end = name_start - 1;
    let mut a = end;
    while a > 0 && (title_word(s, a - 1, true) || is_det(s.words[a - 1])) {
        a -= 1;
        if end - a > 14 {
            return None;
        }
    }
    let role = parse(s, a, end)?;
    (role.end == end).then_some(role)
}

/// An apposition after the name that ends at token `name_end`: "Anatoly Antonov, Russia’s
/// ambassador to the United States,".
pub fn apposition_after(s: &Sentence<'_>, name_end: usize) -> Option<Role> {
    let n = s.words.len();
    if name_end + 1 >= n || s.words[name_end] != "," {
        return None;
    }
    let a = name_end + 1;
    let mut b = a;
    while b < n && (title_word(s, b, false) || is_det(s.words[b])) {
        b += 1;
        if b - a > 14 {
            return None;
        }
    }
    // The apposition closes with punctuation (or the sentence end).
    if b < n && s.kinds[b] != Tok::Punct {
        return None;
    }
    let role = parse(s, a, b)?;
    // Its role noun is its head: nothing but a complement after it.
    (role.start <= a + 1).then_some(role)
}
