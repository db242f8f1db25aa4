//! Finding the speaker's noun phrase next to a cue, from the text alone.
//!
//! No parser: news attributions are formulaic enough that a noun phrase can be delimited by what
//! cannot be inside one. Walking left from a cue ("… Deputy Foreign Minister Sergei Ryabkov told")
//! the phrase grows over capitalised words, determiners, nouns and adjectives, "of" and "for"
//! between nouns, "to" in titles ("ambassador to the United States"), possessives, and one
//! appositive between commas ("Flynn, a top Trump surrogate, said"); it stops at function words,
//! verbs' auxiliaries, adverbs, clause punctuation and the start of the sentence. Walking right
//! from an inverted cue ("said the President of Russia") works the same way.

use storyline_core::Span;

use crate::context::Ctx;
use crate::lexicon;

/// The longest speaker phrase considered, in tokens.
const MAX_NP: usize = 14;

/// A noun phrase as a token range, with its head (the token that names the speaker).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Np {
    pub start: usize,
    /// Exclusive.
    pub end: usize,
    pub head: usize,
}

fn lower_is(ctx: &Ctx, i: usize, f: fn(&str) -> bool) -> bool {
    ctx.test(i, f)
}

/// An acronym ("US", "UN", "FM"): upper case throughout, so never the function word it spells.
pub(crate) fn acronym(ctx: &Ctx, i: usize) -> bool {
    let s = ctx.str(i);
    s.len() >= 2 && s.chars().all(|c| c.is_uppercase() || c == '.') && ctx.is_word(i)
}

fn ends_ly(s: &str) -> bool {
    s.len() > 4 && s.ends_with("ly") && !matches!(s, "family" | "ally" | "rally" | "italy" | "daily" | "assembly")
}

fn verb_like(ctx: &Ctx, i: usize) -> bool {
    let s = ctx.str(i);
    if ctx.toks[i].cap || s.contains('-') || lower_is(ctx, i, lexicon::is_adjective_participle) {
        return false;
    }
    // A noun in -ing after "of", a determiner or a possessive: "director of political advertising".
    if i > 0
        && (ctx.is(i - 1, "of") || ctx.test(i - 1, lexicon::is_determiner) || ctx.str(i - 1).starts_with(['\'', '’']))
    {
        return !ctx.cue(i).is_empty() && !s.ends_with("ing");
    }
    (s.len() > 5 && (s.ends_with("ing") || s.ends_with("ed"))) || !ctx.cue(i).is_empty()
}

/// Whether token `i` can name a speaker (be the head of its phrase).
pub(crate) fn valid_head(ctx: &Ctx, i: usize) -> bool {
    // "the 43-year-old" is a number token with letters.
    let numeric_word = ctx.toks.get(i).is_some_and(|t| t.kind == storyline_core::text::TokenKind::Number)
        && ctx.str(i).contains(char::is_alphabetic);
    if !ctx.is_word(i) && !numeric_word {
        return false;
    }
    if lower_is(ctx, i, lexicon::is_subject_pronoun) {
        return true;
    }
    let s = ctx.str(i);
    if s.starts_with(['\'', '’']) {
        return false;
    }
    if acronym(ctx, i) {
        return true;
    }
    if ctx.toks[i].cap {
        // Month names may be names ("May said"); days may not.
        return !lower_is(ctx, i, lexicon::is_np_stop) && !lower_is(ctx, i, lexicon::is_day_word);
    }
    !(lower_is(ctx, i, lexicon::is_np_stop)
        || lower_is(ctx, i, lexicon::is_determiner)
        || lower_is(ctx, i, lexicon::is_object_pronoun)
        || lower_is(ctx, i, lexicon::is_time_word)
        || ends_ly(s)
        // A cue word is a verb, not a name; after a determiner ("the report", "the release")
        // [`Ctx::cue`] already reads it as a noun.
        || (!ctx.cue(i).is_empty() && !s.ends_with("ing"))
        || (verb_like(ctx, i) && !(s.ends_with("ing") && ing_noun(ctx, i))))
}

/// An -ing word used as a noun: after a modifier ("political advertising"), a determiner or "of";
/// not after "and" or a verb ("and settling disputes").
fn ing_noun(ctx: &Ctx, i: usize) -> bool {
    i > 0 && ctx.is_word(i - 1) && !ctx.test(i - 1, lexicon::is_np_stop) && ctx.cue(i - 1).is_empty()
}

/// Whether token `p` can stand before token `p + 1` inside a noun phrase.
fn internal(ctx: &Ctx, p: usize) -> bool {
    let t = ctx.toks[p];
    let s = ctx.str(p);
    match t.kind {
        storyline_core::text::TokenKind::Number => true,
        storyline_core::text::TokenKind::Punct => s == "&",
        storyline_core::text::TokenKind::Word => {
            if s.starts_with(['\'', '’']) {
                return true; // possessive clitic: "Clinton’s campaign manager"
            }
            let next_cap = ctx.toks.get(p + 1).is_some_and(|n| n.cap);
            let next_det = ctx.test(p + 1, lexicon::is_determiner);
            if ctx.is(p, "of") || ctx.is(p, "for") {
                return p > 0 && ctx.is_word(p - 1) && !ctx.test(p - 1, lexicon::is_np_stop);
            }
            if ctx.is(p, "to") {
                return (next_cap || ctx.is(p + 1, "the"))
                    && p > 0
                    && (ctx.toks[p - 1].cap || ctx.test(p - 1, lexicon::is_role_noun));
            }
            if ctx.is(p, "and") {
                return (next_cap || next_det) && p > 0 && ctx.toks[p - 1].cap;
            }
            // "The Russian Embassy in the United States", "a narrator in the Clinton ad", "an
            // expert on Syria".
            if ctx.is(p, "on") {
                return next_cap && !ctx.test(p + 1, lexicon::is_time_word) && p > 0 && valid_head(ctx, p - 1);
            }
            if ctx.is_any(p, &["in", "at"]) {
                let next_named = next_cap || (ctx.is(p + 1, "the") && ctx.toks.get(p + 2).is_some_and(|n| n.cap));
                return next_named && p > 0 && (ctx.toks[p - 1].cap || valid_head(ctx, p - 1));
            }
            if acronym(ctx, p) {
                return true;
            }
            if ctx.test(p, lexicon::is_determiner) && !ctx.is(p, "that") {
                return true;
            }
            if t.cap {
                return !ctx.test(p, lexicon::is_np_stop) && !ctx.test(p, lexicon::is_time_word);
            }
            // A cue word's base form modifying a noun is part of the phrase: "press secretary",
            // "support staff".
            let modifier = ctx.cue(p).iter().any(|c| c.form == lexicon::Form::Base)
                && ctx.toks.get(p + 1).is_some_and(|n| n.kind == storyline_core::text::TokenKind::Word)
                && (ctx.test(p + 1, lexicon::is_role_noun) || ctx.toks[p + 1].cap);
            if modifier {
                return true;
            }
            !(ctx.test(p, lexicon::is_np_stop) || ends_ly(s) || verb_like(ctx, p) || ctx.test(p, lexicon::is_time_word))
        }
    }
}

/// The noun phrase that ends right before token `end`, starting no earlier than `lo`.
pub(crate) fn np_before(ctx: &Ctx, end: usize, lo: usize) -> Option<Np> {
    if end <= lo || end > ctx.len() {
        return None;
    }
    if ctx.is_any(end - 1, &["—", "–", "--"]) {
        // "Jason Sims — a teacher from Mount Pleasant — says"
        let open = (end.saturating_sub(16).max(lo)..end - 1).rev().find(|&k| ctx.is_any(k, &["—", "–", "--"]))?;
        let first = core_before(ctx, open, lo)?;
        return Some(Np { start: first.start, end: end - 1, head: first.head });
    }
    if ctx.punct(end - 1, ",") {
        // "Flynn, a top Trump surrogate, said", "his wife, Gabriela Lazar, wrote", "Jim Bennett,
        // 57, told": an appositive (or an age) between commas after a name or a role.
        let age =
            end >= 3 && ctx.toks[end - 2].kind == storyline_core::text::TokenKind::Number && ctx.punct(end - 3, ",");
        let (appos_start, appos_head) = if age {
            (end - 2, end - 2)
        } else {
            let a = core_before(ctx, end - 1, lo)?;
            (a.start, a.head)
        };
        if appos_start > lo && ctx.punct(appos_start - 1, ",") {
            let first = core_before(ctx, appos_start - 1, lo)?;
            let named = |h: usize| ctx.toks[h].cap || ctx.test(h, lexicon::is_role_noun);
            if named(first.head)
                || ctx.test(first.head, lexicon::is_subject_pronoun)
                || (!age && ctx.toks[appos_head].cap)
            {
                return Some(Np { start: first.start, end: end - 1, head: first.head });
            }
        }
        return None;
    }
    core_before(ctx, end, lo)
}

fn core_before(ctx: &Ctx, end: usize, lo: usize) -> Option<Np> {
    if end <= lo {
        return None;
    }
    // "Rep. Jason Chaffetz (R-Utah) said": the phrase ends with a parenthesis after the name.
    if ctx.punct(end - 1, ")") {
        let open = (end.saturating_sub(8).max(lo)..end - 1).rev().find(|&x| ctx.punct(x, "("))?;
        if open <= lo || !ctx.toks[open - 1].cap {
            return None;
        }
        let inner = core_before(ctx, open, lo)?;
        return Some(Np { start: inner.start, end, head: inner.head });
    }
    let head = end - 1;
    if !valid_head(ctx, head) {
        return None;
    }
    if ctx.test(head, lexicon::is_subject_pronoun) {
        return Some(Np { start: head, end, head });
    }
    let mut k = head;
    // Walking through a name ("… Matt Goetz"), a lower-case word may only be the role before it
    // ("campaign manager Robby Mook"), not another phrase run into it ("the New York airport
    // Antonov", a fronted phrase missing its comma). After the role, its modifiers may follow.
    let mut in_name = ctx.toks[head].cap;
    while k > lo && head - k < MAX_NP {
        // A parenthesis after a name: "Rep. Gwen Moore (D-Wis.)".
        if ctx.punct(k - 1, ")") {
            let open = (k.saturating_sub(8).max(lo)..k - 1).rev().find(|&x| ctx.punct(x, "("));
            match open {
                Some(o) if o > lo && ctx.toks[o - 1].cap => {
                    k = o;
                    continue;
                }
                _ => break,
            }
        }
        if !internal(ctx, k - 1) {
            break;
        }
        let p = k - 1;
        let lower_word = ctx.is_word(p) && !ctx.toks[p].cap && !acronym(ctx, p);
        if lower_word && in_name && !ctx.str(p).starts_with(['\'', '’']) {
            let function =
                ctx.test(p, lexicon::is_determiner) || ctx.is_any(p, &["of", "for", "to", "in", "at", "and"]);
            if ctx.test(p, lexicon::is_role_noun) {
                in_name = false;
            } else if !function {
                break;
            }
        }
        k = p;
    }
    // A phrase does not start with a joining word.
    while k < head
        && (ctx.is_any(k, &["of", "for", "to", "and"]) || ctx.str(k).starts_with(['\'', '’']) || ctx.punct(k, "&"))
    {
        k += 1;
    }
    Some(Np { start: k, end, head })
}

/// The noun phrase that starts at token `start`, ending no later than `hi` ("said [the President
/// of Russia]").
pub(crate) fn np_after(ctx: &Ctx, start: usize, hi: usize) -> Option<Np> {
    np_after_with(ctx, start, hi, true)
}

/// [`np_after`], also accepting object pronouns and phrases without a name or role ("according
/// to him", "according to sources", "according to a statement") when `named` is false.
pub(crate) fn np_after_with(ctx: &Ctx, start: usize, hi: usize, named: bool) -> Option<Np> {
    let hi = hi.min(ctx.len());
    if start >= hi {
        return None;
    }
    if (ctx.test(start, lexicon::is_subject_pronoun) || !named && ctx.test(start, lexicon::is_object_pronoun))
        && ctx.is_word(start)
    {
        return Some(Np { start, end: start + 1, head: start });
    }
    let mut k = start;
    let mut head = None;
    while k < hi && k - start < MAX_NP {
        let is_head = valid_head(ctx, k);
        if !(is_head || internal(ctx, k)) {
            break;
        }
        if is_head {
            head = Some(k);
        }
        k += 1;
    }
    let head = head?;
    let end = head + 1;
    let has_name = (start..end).any(|i| ctx.toks[i].cap || ctx.test(i, lexicon::is_role_noun));
    (has_name || !named).then_some(Np { start, end, head })
}

/// Skip adverbs and auxiliaries that stand between a speaker and a cue ("Antonov has also said"),
/// walking left from `cue` to no earlier than `lo`. Returns the exclusive end of the speaker
/// phrase, and whether a form of "be" was passed (a passive: "is said to").
pub(crate) fn skip_before_cue(ctx: &Ctx, cue: usize, lo: usize) -> (usize, bool) {
    let mut j = cue;
    let mut passive = false;
    let mut n = 0;
    while j > lo && n < 4 {
        let p = j - 1;
        // A parenthetical between subject and verb: "Moscow, however, denies", "Mr. Trump, in a
        // brief interview on Saturday, said".
        if ctx.punct(p, ",") && p > lo {
            let open = (p.saturating_sub(10).max(lo)..p).rev().find(|&k| ctx.punct(k, ","));
            if let Some(o) = open
                && o + 1 < p
                && (ctx.is_any(
                    o + 1,
                    &[
                        "however",
                        "though",
                        "too",
                        "also",
                        "meanwhile",
                        "in",
                        "on",
                        "at",
                        "during",
                        "speaking",
                        "for",
                        "after",
                        "before",
                        "like",
                        "unlike",
                        "asked",
                        "when",
                        "in turn",
                    ],
                ) || !ctx.toks[o + 1].cap && ends_ly(ctx.str(o + 1)))
                && (o + 1..p).all(|k| !ctx.is_terminal(k) && !ctx.is_quote_mark(k))
                && o > lo
                && valid_head(ctx, o - 1)
            {
                j = o;
                n += 1;
                continue;
            }
        }
        // A time phrase between subject and verb: "Clinton on Tuesday said", "Trump last week said".
        if ctx.test(p, lexicon::is_time_word) && !ctx.toks[p].cap || ctx.test(p, lexicon::is_day_word) {
            let mut k = p;
            while k > lo
                && (ctx.test(k - 1, lexicon::is_time_word)
                    || ctx.is_any(k - 1, &["on", "in", "last", "this", "early", "late", "earlier"]))
            {
                k -= 1;
            }
            if k < p
                && ctx.is_any(k, &["on", "in", "last", "this", "earlier", "early", "late"])
                && k > lo
                && valid_head(ctx, k - 1)
            {
                j = k;
                n += 1;
                continue;
            }
        }
        if ctx.test(p, lexicon::is_be) && ctx.is_word(p) {
            // "is backing", "was saying": progressive, not passive.
            passive = !ctx.str(cue).ends_with("ing");
            j = p;
        } else if ctx.test(p, lexicon::is_adverb_before_cue)
            || (ctx.is_word(p) && !ctx.toks[p].cap && ends_ly(ctx.str(p)))
        {
            j = p;
        } else {
            break;
        }
        n += 1;
    }
    (j, passive)
}

/// The title written right before the name at token `k` ("Russian Ambassador [Anatoly
/// Antonov]", "US President [Joe Biden]") and an appositive right after the name ending before
/// token `end` ("Antonov, the Russian ambassador,"), as byte spans.
pub(crate) fn title_and_appositive(ctx: &Ctx, k: usize, end: usize) -> (Span, Span) {
    let mut a = k;
    while a > 0 && k - a < 8 && internal(ctx, a - 1) && !ctx.test(a - 1, lexicon::is_determiner) {
        a -= 1;
    }
    let title = ctx.span(a, k);
    let appos = if ctx.punct(end, ",") {
        let hi = (end + 10).min(ctx.len());
        np_after_with(ctx, end + 1, hi, false).map_or(Span::default(), |np| ctx.span(np.start, np.end))
    } else {
        Span::default()
    };
    (title, appos)
}

/// The head of the first name inside `np` when the phrase is a title plus a name, else the head:
/// for resolution, "Russian Foreign Ministry Spokeswoman Maria Zakharova" is about Zakharova.
pub(crate) fn phrase_text<'a>(ctx: &Ctx<'a>, np: Np) -> &'a str {
    ctx.span(np.start, np.end).slice(ctx.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn before(text: &str, cue: &str) -> Option<String> {
        let ctx = Ctx::new(text, &[]);
        let i = (0..ctx.len()).find(|&i| ctx.str(i) == cue)?;
        let (end, _) = skip_before_cue(&ctx, i, 0);
        np_before(&ctx, end, 0).map(|np| phrase_text(&ctx, np).to_string())
    }

    fn after(text: &str, cue: &str) -> Option<String> {
        let ctx = Ctx::new(text, &[]);
        let i = (0..ctx.len()).find(|&i| ctx.str(i) == cue)?;
        np_after(&ctx, i + 1, ctx.len()).map(|np| phrase_text(&ctx, np).to_string())
    }

    #[test]
    fn phrases_before_a_cue() {
        assert_eq!(
            before("Deputy Foreign Minister Sergei Ryabkov told RIA.", "told").unwrap(),
            "Deputy Foreign Minister Sergei Ryabkov"
        );
        assert_eq!(
            before("At the same time, a member of the US House of Representatives Matt Goetz mocked him.", "mocked")
                .unwrap(),
            "a member of the US House of Representatives Matt Goetz"
        );
        assert_eq!(
            before("the state-run RIA Novosti news agency reported", "reported").unwrap(),
            "the state-run RIA Novosti news agency"
        );
        assert_eq!(before("Moscow recalled Antonov after Biden said so.", "said").unwrap(), "Biden");
        assert_eq!(
            before("“Yes,” Flynn, a top Trump surrogate, said Thursday.", "said").unwrap(),
            "Flynn, a top Trump surrogate"
        );
        assert_eq!(
            before("Hillary Clinton’s campaign manager Robby Mook said", "said").unwrap(),
            "Hillary Clinton’s campaign manager Robby Mook"
        );
        assert_eq!(
            before("Foreign Minister Sergei Lavrov has also said", "said").unwrap(),
            "Foreign Minister Sergei Lavrov"
        );
        assert_eq!(
            before("Russia’s ambassador to the United States, Anatoly Antonov, said", "said").unwrap(),
            "Russia’s ambassador to the United States, Anatoly Antonov"
        );
        assert_eq!(before("“Fine,” he said.", "said").unwrap(), "he");
        assert_eq!(before("But the ambassador emphasized", "emphasized").unwrap(), "the ambassador");
        assert_eq!(
            before("Kiev and its Western allies accuse Moscow", "accuse").unwrap(),
            "Kiev and its Western allies"
        );
        // A passive: the caller sees `passive` and rejects the cue.
        let ctx = Ctx::new("it is said to be", &[]);
        assert_eq!(skip_before_cue(&ctx, 2, 0), (1, true));
    }

    #[test]
    fn no_phrase_where_none_is() {
        assert_eq!(before("The plan was, said", "said"), None);
        assert_eq!(before("He told them that as said", "said"), None);
    }

    #[test]
    fn phrases_after_an_inverted_cue() {
        assert_eq!(after("general,\" said the President of Russia.", "said").unwrap(), "the President of Russia");
        assert_eq!(
            after("shifts, said Russian Ambassador to Washington Anatoly Antonov.", "said").unwrap(),
            "Russian Ambassador to Washington Anatoly Antonov"
        );
        assert_eq!(after("progress,” said Smith on Monday.", "said").unwrap(), "Smith");
        assert_eq!(after("progress,” said in a statement.", "said"), None);
        assert_eq!(after("progress,” said Thursday.", "said"), None);
    }
}
