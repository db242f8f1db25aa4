//! Attributions within one article: direct quotes tied to their cue and speaker, and reported
//! speech with its content span.
//!
//! Direct quotes come first. Each top-level quoted stretch looks for its attribution right after
//! the closing mark ("…,” he said", "…,” said the President", "…,” RIA cited Antonov as saying"),
//! else right before the opening mark ("Antonov told reporters: “…”", "according to X, “…”",
//! "said on Facebook that “…”"). A quoted stretch with no attribution of its own that follows an
//! attributed one in the same paragraph continues it (`“…,” he said. “…”` is one attribution, as
//! PolNeAR annotates it). Anything else quoted — titles, scare quotes, a phrase inside reported
//! speech — is not a quote by itself; it stays inside whatever reported speech contains it.
//!
//! Then reported speech, sentence by sentence, over cue words not used by a direct quote: "X said
//! (that) C", "C, X said", "C, said X", "according to X, C", "as X noted, C", ", adding that C",
//! "X told Y (that) C", "X denied C".

use storyline_core::Span;

use crate::context::Ctx;
use crate::lexicon::{self, CueClass, Form};
use crate::speaker::{self, Np, np_after, np_after_with, np_before, skip_before_cue};

/// A cue phrase at a token position.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CueMatch {
    pub start: usize,
    /// Exclusive.
    pub end: usize,
    /// Bit set of [`CueClass`] readings (see [`class_bit`]).
    pub classes: u8,
    pub form: Form,
    /// "RIA cited [Antonov] as saying": the speaker is named after the cue; the subject is `via`.
    pub object_speaker: Option<Np>,
    /// "(was) quoted as saying": reported by someone else, named elsewhere.
    pub passive_quote: bool,
    pub according: bool,
}

pub(crate) fn class_bit(c: CueClass) -> u8 {
    match c {
        CueClass::Say => 1,
        CueClass::Tell => 2,
        CueClass::Ask => 4,
        CueClass::Belief => 8,
        CueClass::Object => 16,
        CueClass::QuoteOnly => 32,
    }
}

impl CueMatch {
    pub fn has(&self, c: CueClass) -> bool {
        self.classes & class_bit(c) != 0
    }

    /// Speech proper (not thought, not a nominal object).
    fn speech(&self) -> bool {
        self.has(CueClass::Say) || self.has(CueClass::Tell) || self.has(CueClass::Ask)
    }

    fn simple(start: usize, end: usize, class: CueClass, form: Form) -> CueMatch {
        CueMatch {
            start,
            end,
            classes: class_bit(class),
            form,
            object_speaker: None,
            passive_quote: false,
            according: false,
        }
    }
}

const AS_SAYING: &[&str] = &["saying", "telling", "stating", "writing", "adding", "noting", "warning"];

/// The cue phrase starting at token `i`, if any.
pub(crate) fn cue_at(ctx: &Ctx, i: usize) -> Option<CueMatch> {
    if !ctx.is_word(i) {
        return None;
    }
    // Most tokens are no cue at all: one table lookup decides that before any phrase test.
    if !ctx.maybe_cue(i) {
        return None;
    }
    if ctx.is(i, "according") && ctx.is(i + 1, "to") {
        let mut c = CueMatch::simple(i, i + 2, CueClass::Say, Form::Finite);
        c.according = true;
        return Some(c);
    }
    if ctx.is_any(i, &["quoted", "cited", "quotes", "cites", "quoting", "citing"]) {
        if ctx.is(i + 1, "as") && ctx.is_any(i + 2, AS_SAYING) {
            let mut c = CueMatch::simple(i, i + 3, CueClass::Say, Form::Finite);
            c.passive_quote = true;
            return Some(c);
        }
        // "quoted Antonov as saying"
        let hi = (i + 12).min(ctx.len());
        for a in i + 2..hi {
            if ctx.is_terminal(a) || ctx.is_quote_mark(a) {
                break;
            }
            if ctx.is(a, "as") && ctx.is_any(a + 1, AS_SAYING) {
                let np = np_after(ctx, i + 1, a)?;
                if np.end != a {
                    return None;
                }
                let mut c = CueMatch::simple(i, a + 2, CueClass::Say, Form::Finite);
                c.object_speaker = Some(np);
                return Some(c);
            }
        }
        if ctx.is_any(i, &["quoting", "citing"]) {
            return None; // "citing a top official": handled as a source of the cue before it
        }
    }
    if ctx.is_any(i, &["point", "points", "pointed", "pointing"]) && ctx.is(i + 1, "out") {
        let form = if ctx.is(i, "pointing") { Form::Participle } else { Form::Finite };
        return Some(CueMatch::simple(i, i + 2, CueClass::Say, form));
    }
    // Verbs with a fixed preposition whose object is the content: "referring to", "spoke about",
    // "called for", "pointed to", "focused on", "warned of".
    if let Some(c) = prepositional(ctx, i) {
        return Some(c);
    }
    if ctx.is_any(i, &["shot", "fired", "hit", "wrote", "snapped", "pushed"]) && ctx.is(i + 1, "back") {
        return Some(CueMatch::simple(i, i + 2, CueClass::Say, Form::Finite));
    }
    if ctx.is_any(i, &["drew", "draws", "draw", "drawing"]) && ctx.is(i + 1, "attention") && ctx.is(i + 2, "to") {
        let form = if ctx.is(i, "drawing") { Form::Participle } else { Form::Finite };
        return Some(CueMatch::simple(i, i + 3, CueClass::Say, form));
    }
    let words = ctx.cue(i);
    if words.is_empty() {
        return None;
    }
    let mut classes = 0u8;
    for w in words {
        classes |= class_bit(w.class);
    }
    let form = words[0].form;
    let mut c = CueMatch::simple(i, i + 1, CueClass::Say, form);
    c.classes = classes;
    // "called for", "called on": a call to act is attributed content.
    if ctx.is_any(i, &["call", "calls", "called", "calling"]) && ctx.is_any(i + 1, &["for", "on"]) {
        c.end = i + 2;
    }
    Some(c)
}

const PREP_VERBS: &[(&[&str], &[&str])] = &[
    (&["refer", "refers", "referred", "referring"], &["to"]),
    (&["point", "points", "pointed", "pointing"], &["to"]),
    (&["speak", "speaks", "spoke", "speaking", "talk", "talks", "talked", "talking"], &["about", "of"]),
    (&["focus", "focused", "focuses", "focusing", "focussed"], &["on"]),
    (&["call", "calls", "called", "calling"], &["for", "on"]),
    (&["comment", "comments", "commented", "commenting"], &["on"]),
    (&["respond", "responds", "responded", "responding", "react", "reacts", "reacted", "reacting"], &["to"]),
    (
        &["complain", "complains", "complained", "complaining", "joke", "joked", "joking", "wonder", "wondered"],
        &["about"],
    ),
    (&["warn", "warns", "warned", "warning"], &["of", "about", "against"]),
    (
        &[
            "argue",
            "argues",
            "argued",
            "arguing",
            "push",
            "pushed",
            "pushing",
            "advocate",
            "advocated",
            "advocating",
            "campaign",
            "campaigned",
            "campaigning",
            "vote",
            "voted",
            "voting",
            "lobby",
            "lobbied",
            "lobbying",
        ],
        &["for", "against"],
    ),
    (&["ask", "asks", "asked", "asking"], &["about", "for"]),
    (&["boast", "boasted", "boasting", "brag", "bragged", "bragging"], &["about", "of"]),
    (&["insist", "insists", "insisted", "insisting"], &["on"]),
    (&["elaborate", "elaborated", "elaborating", "expand", "expanded", "expanding"], &["on"]),
    (&["weigh", "weighs", "weighed", "weighing"], &["in"]),
];

fn prepositional(ctx: &Ctx, i: usize) -> Option<CueMatch> {
    let w = ctx.str(i);
    for (verbs, preps) in PREP_VERBS {
        if verbs.iter().any(|v| w.eq_ignore_ascii_case(v)) && preps.iter().any(|p| ctx.is(i + 1, p)) {
            let form = if w.ends_with("ing") { Form::Participle } else { Form::Finite };
            let mut end = i + 2;
            if ctx.is(i, "weigh") || w.starts_with("weigh") {
                if !ctx.is(end, "on") {
                    return None;
                }
                end += 1;
            }
            return Some(CueMatch::simple(i, end, CueClass::Object, form));
        }
    }
    None
}

/// An attribution found in the text (token and byte positions into the article).
#[derive(Clone, Debug)]
pub(crate) struct Found {
    /// Content pieces (byte spans), in text order.
    pub parts: Vec<Span>,
    /// The speaker's phrase: next to the cue, or — when `inherited` — where an earlier
    /// attribution named the speaker this one continues.
    pub speaker: Option<Np>,
    pub inherited: bool,
    /// Token range of the cue.
    pub cue: Option<(usize, usize)>,
    pub direct: bool,
    /// Who reported it, when one medium cites another.
    pub via: Option<Np>,
    /// "quoted as saying" without an agent: `via` is looked up in the context.
    pub passive_quote: bool,
    /// Token range of the attribution's own words (speaker, cue, adverbials) for the date.
    pub clause: (usize, usize),
}

impl Found {
    pub fn content_span(&self) -> Span {
        let start = self.parts.iter().map(|s| s.start).min().unwrap_or(0);
        let end = self.parts.iter().map(|s| s.end).max().unwrap_or(start);
        Span::new(start, end)
    }
}

/// All attributions of the article, in text order.
pub(crate) fn find(ctx: &Ctx) -> Vec<Found> {
    let mut found = direct(ctx);
    let used_cues: Vec<(usize, usize)> = found.iter().filter_map(|f| f.cue).collect();
    let direct_parts: Vec<Span> = found.iter().flat_map(|f| f.parts.iter().copied()).collect();
    let mut ind = indirect(ctx, &used_cues, &direct_parts, &found);
    found.append(&mut ind);
    found.sort_by_key(|f| f.content_span().start);
    found
}

// ---------------------------------------------------------------------------------------------
// Direct quotes

/// Where the attribution clause that starts at token `from` ends (exclusive): at the first
/// sentence-final mark outside a quoted title, at a line break, or after 60 tokens.
fn clause_end(ctx: &Ctx, from: usize) -> usize {
    let hi = (from + 60).min(ctx.len());
    let mut j = from;
    while j < hi {
        if j > from && ctx.toks[j].nl_before {
            return j;
        }
        // The next quote of a split quote: `he said, “we need …”` ends the clause at its mark.
        if j > from
            && ctx.is_quote_mark(j)
            && (ctx.punct(j - 1, ",") || ctx.punct(j - 1, ":"))
            && ctx.quote_starting_at(ctx.toks[j].span.start).is_some()
        {
            return j;
        }
        if ctx.is_terminal(j) {
            // A full stop inside a quoted title ("on Fox News’s “Fox and Friends.”").
            if let Some(q) = ctx.quoted_at(ctx.toks[j].span.start)
                && q.span.start > ctx.toks[from.min(ctx.len() - 1)].span.start
            {
                return ctx.tok_at(q.span.end);
            }
            let mut e = j + 1;
            while e < ctx.len() && ctx.is_quote_mark(e) && ctx.toks[e].span.start == ctx.toks[e - 1].span.end {
                e += 1;
            }
            return e;
        }
        j += 1;
    }
    hi
}

struct Attr {
    speaker: Option<Np>,
    cue: (usize, usize),
    via: Option<Np>,
    passive_quote: bool,
    clause: (usize, usize),
    /// The content runs on past the closing mark to this byte ("“…” because …, he said").
    content_end: Option<usize>,
}

fn attr_from(ctx: &Ctx, c: CueMatch, subject: Option<Np>, clause_start: usize) -> Attr {
    let (speaker, via) = match c.object_speaker {
        Some(obj) => (Some(obj), subject),
        None => (subject, None),
    };
    let clause_end = clause_end(ctx, c.end);
    Attr {
        speaker,
        cue: (c.start, c.end),
        via,
        passive_quote: c.passive_quote,
        clause: (clause_start.min(c.start), clause_end.max(c.end)),
        content_end: None,
    }
}

/// Whether the quote starts a sentence or a clause (not a phrase inside one: "Putin was “a
/// killer”").
fn begins_clause(ctx: &Ctx, open_start: usize) -> bool {
    let o = ctx.tok_at(open_start);
    if o == 0 || o >= ctx.len() || ctx.toks[o].nl_before || ctx.sentence_of(o).0 == o {
        return true;
    }
    let p = o - 1;
    ctx.is_terminal(p)
        || ctx.is_quote_mark(p)
        || (ctx.is_punct(p) && matches!(ctx.str(p), ":" | "," | ";" | "—" | "–" | "-" | "--" | "(" | "["))
}

/// Whether the quote ends its sentence (its words end with a full stop, question or exclamation
/// mark, or nothing but a full stop follows).
fn ends_sentence(ctx: &Ctx, q: &crate::marks::Quoted) -> bool {
    let inner = q.inner.slice(ctx.text).trim_end_matches([')', ']', ' ']);
    if inner.ends_with(['.', '!', '?', '…']) {
        return true;
    }
    let k = ctx.tok_at(q.span.end);
    k >= ctx.len() || ctx.toks[k].nl_before || ctx.is_terminal(k)
}

/// The attribution written after a quote's closing mark. `full_stop`: the quote ends with a full
/// stop, so only a bare "X said." can still belong to it.
fn after_quote(ctx: &Ctx, close_end: usize, full_stop: bool) -> Option<Attr> {
    let mut k = ctx.tok_at(close_end);
    if k >= ctx.len() || ctx.toks[k].nl_before {
        return None;
    }
    let clause_start = k;
    if ctx.is_any(k, &[",", "—", "–", "-", "--"]) {
        k += 1;
        if k >= ctx.len() || ctx.toks[k].nl_before {
            return None;
        }
    }
    if let Some(c) = cue_at(ctx, k) {
        // Inverted ("…,” said the President") or subjectless ("…,” according to a source").
        if c.according {
            let hi = clause_end(ctx, c.end);
            return Some(attr_from(ctx, c, np_after(ctx, c.end, hi), clause_start));
        }
        if c.form != Form::Finite || !(c.speech() || c.has(CueClass::QuoteOnly)) {
            return None;
        }
        let hi = clause_end(ctx, c.end);
        let np = np_after(ctx, c.end, hi);
        if full_stop && !bare_end(ctx, np.map_or(c.end, |n| n.end), hi) {
            return None;
        }
        return Some(attr_from(ctx, c, np, clause_start));
    }
    // A sign-off: "“…” ― Sonya Herridge", "“…” — Sanders."
    if ctx.is_any(k, &["―", "—", "–", "-", "--"]) && !ctx.toks[k].nl_before {
        let hi = clause_end(ctx, k + 1);
        if let Some(np) = np_after(ctx, k + 1, hi).filter(|np| ctx.toks[np.head].cap) {
            let after = np.end;
            let ends = after >= ctx.len()
                || ctx.toks[after].nl_before
                || ctx.is_terminal(after)
                || ctx.is_quote_mark(after)
                || ctx.punct(after, ",");
            if ends {
                return Some(Attr {
                    speaker: Some(np),
                    cue: (k, k + 1),
                    via: None,
                    passive_quote: false,
                    clause: (k, after),
                    content_end: None,
                });
            }
        }
        return None;
    }
    let hi = (k + 18).min(ctx.len());
    for j in k..hi {
        // A full stop ends the sentence unless an abbreviation's comma follows ("R-Ky., said").
        let stop = ctx.is_terminal(j) && !ctx.punct(j + 1, ",");
        if stop || ctx.is_quote_mark(j) || (j > k && ctx.toks[j].nl_before) {
            return None;
        }
        let Some(c) = cue_at(ctx, j) else { continue };
        if c.according {
            return None;
        }
        if c.form == Form::Participle && c.object_speaker.is_none() && !c.passive_quote {
            return None;
        }
        let (e, passive) = skip_before_cue(ctx, j, k);
        if passive && !c.passive_quote {
            return None;
        }
        let mut np = np_before(ctx, e, k)?;
        // Lower-case words the name walk left out ("panel Chairman Jason Chaffetz") are still
        // the speaker's phrase when nothing else stands between quote and phrase.
        if np.start > k
            && (k..np.start).all(|x| ctx.is_word(x) && !ctx.test(x, lexicon::is_np_stop) && ctx.cue(x).is_empty())
        {
            np.start = k;
        }
        if np.start != k {
            return None;
        }
        if full_stop && !bare_end(ctx, c.end, clause_end(ctx, c.end)) {
            return None;
        }
        return Some(attr_from(ctx, c, Some(np), clause_start));
    }
    None
}

/// A quote opening a sentence that runs on past its closing mark to an attribution at the end:
/// "“And yet it would seal the deal” because she would expand her lead, he said."
fn run_on(ctx: &Ctx, open_start: usize, close_end: usize) -> Option<Attr> {
    let o = ctx.tok_at(open_start);
    let (sa, sb) = ctx.sentence_of(o);
    if sa != o && !(o > sa && ctx.is_quote_mark(sa)) {
        return None;
    }
    let k = ctx.tok_at(close_end);
    if k >= sb || ctx.toks[k].nl_before || ctx.is_terminal(k) {
        return None;
    }
    let hi = sb.min(k + 40);
    for j in k..hi {
        if ctx.toks[j].nl_before {
            return None;
        }
        if !ctx.punct(j, ",") {
            continue;
        }
        let Some(cj) =
            (j + 1..(j + 12).min(sb)).find(|&x| cue_at(ctx, x).is_some_and(|c| c.speech() && c.form == Form::Finite))
        else {
            continue;
        };
        let Some(c) = cue_at(ctx, cj) else { continue };
        let after = skip_adverbials(ctx, c.end, sb);
        let clause_final = after >= sb || ctx.is_terminal(after) || ctx.punct(after, ",");
        if !clause_final {
            continue;
        }
        let speaker = if cj == j + 1 {
            np_after(ctx, c.end, sb)
        } else {
            let (e, passive) = skip_before_cue(ctx, cj, j + 1);
            if passive {
                return None;
            }
            np_before(ctx, e, j + 1).filter(|np| np.start == j + 1)
        };
        let speaker = speaker?;
        let mut a = attr_from(ctx, c, Some(speaker), j + 1);
        a.content_end = Some(ctx.toks[j - 1].span.end);
        return Some(a);
    }
    None
}

/// Whether nothing but adverbials and a full stop follow token `from` ("Smith said on Monday.").
fn bare_end(ctx: &Ctx, from: usize, hi: usize) -> bool {
    let k = skip_adverbials(ctx, from, hi);
    k >= hi || ctx.is_terminal(k) || ctx.toks[k].nl_before
}

/// Words allowed between a cue and the quote it introduces: an addressee, a place, a time, a
/// medium ("told reporters at the airport on Sunday:", "said in a statement that").
fn filler_ok(ctx: &Ctx, a: usize, b: usize) -> bool {
    if b < a || b - a > 14 {
        return false;
    }
    (a..b).all(|j| {
        !(ctx.is_terminal(j)
            || ctx.is_quote_mark(j)
            || ctx.is_any(j, &["which", "who", "because", "but", "although", "while", "if", "when", "said", "says"]))
    })
}

/// The attribution written before a quote's opening mark: "X said: “…”", "X said, “…”",
/// "X told reporters at the airport: “…”", "According to X, “…”", "X said on Facebook that “…”",
/// "X continued: “…”", and a name or clause ending in a colon with no cue ("Ted Cruz: ‘…’").
fn before_quote(ctx: &Ctx, open_start: usize) -> Option<Attr> {
    let o = ctx.tok_at(open_start);
    if o == 0 || o > ctx.len() {
        return None;
    }
    let p = o - 1;
    let colon = ctx.punct(p, ":");
    let joint = colon || ctx.punct(p, ",") || ctx.is(p, "that");
    let cue_limit = if joint { p } else { o };
    let (sent_start, _) = ctx.sentence_of(p);
    let lo = sent_start.max(p.saturating_sub(20));
    let mut j = cue_limit;
    while j > lo {
        j -= 1;
        if ctx.is_terminal(j) || ctx.is_quote_mark(j) {
            break;
        }
        let Some(c) = cue_at(ctx, j) else { continue };
        if let Some(a) = introduces(ctx, &c, o, p, joint, sent_start) {
            return Some(a);
        }
    }
    // "Dianne Bystrom agreed. “…”": a sentence of only a speaker and a cue before the quote.
    if ctx.is_terminal(p) {
        let (pa, _) = ctx.sentence_of(p);
        if let Some(cj) = (pa..p).find(|&x| cue_at(ctx, x).is_some_and(|c| c.form != Form::Participle)) {
            let c = cue_at(ctx, cj)?;
            let (e, passive) = skip_before_cue(ctx, cj, pa);
            let np = np_before(ctx, e, pa).filter(|np| np.start == pa || ctx.is_any(np.start - 1, &["but", "and"]));
            if !passive
                && let Some(np) = np
                && bare_end(ctx, c.end, p + 1)
            {
                let mut a = attr_from(ctx, c, Some(np), np.start);
                a.clause = (np.start, p + 1);
                return Some(a);
            }
        }
    }
    // "Ted Cruz: ‘…’", "Pence continued:" is above; "He released the following statement:" —
    // a colon with no cue: the clause's subject.
    if colon {
        // A name right before the colon after a dash or at the start: "Ted Cruz: ‘…’",
        // "… overhype - HuffPollster: “…”"; else the clause's subject.
        let named = np_before(ctx, p, sent_start).filter(|np| {
            np.start == sent_start || (ctx.toks[np.head].cap && ctx.is_any(np.start - 1, &["-", "–", "—"]))
        });
        let np = named.or_else(|| sentence_subject(ctx, sent_start, p))?;
        return Some(Attr {
            speaker: Some(np),
            cue: (p, p),
            via: None,
            passive_quote: false,
            clause: (sent_start, o),
            content_end: None,
        });
    }
    None
}

/// Whether cue `c` introduces the quote opening at token `o` (`p = o - 1`).
fn introduces(ctx: &Ctx, c: &CueMatch, o: usize, p: usize, joint: bool, sent_start: usize) -> Option<Attr> {
    let colon = ctx.punct(p, ":");
    let comma = ctx.punct(p, ",");
    let cue_limit = if joint { p } else { o };
    if c.end > cue_limit {
        return None;
    }
    if !joint && c.end != o {
        return None; // without ":", "," or "that" the cue must touch the quote
    }
    if !filler_ok(ctx, c.end, cue_limit) {
        return None;
    }
    // After a comma, only an addressee or adverbials between cue and quote ("told his
    // supporters, “…”", "announced on her Facebook page, in all capital letters, “…”").
    if comma && c.end != p && !c.according && complement_target(ctx, c, p) < p {
        return None;
    }
    // "He continued: “…”", "Some chanted “USA! USA!”", "called over her shoulder, ''…''".
    let quote_only = c.has(CueClass::QuoteOnly) && (colon || comma || c.end == o);
    let any_with_joint = (colon || comma) && c.form != Form::Participle;
    if !(c.speech() || c.according || quote_only || any_with_joint || c.has(CueClass::Belief) && ctx.is(p, "that")) {
        return None;
    }
    let subject = if c.according {
        np_after_with(ctx, c.end, cue_limit, false)
    } else if c.form == Form::Participle {
        sentence_subject(ctx, sent_start, c.start).or_else(|| nearest_subject(ctx, sent_start, c.start))
    } else {
        let (e, passive) = skip_before_cue(ctx, c.start, sent_start);
        if passive && !c.passive_quote {
            return None;
        }
        // "Stated Stone: “…”": a sentence-initial cue with its speaker after it.
        subject_before(ctx, c, e, sent_start).or_else(|| {
            (c.start == sent_start).then(|| np_after(ctx, c.end, cue_limit)).flatten().filter(|np| np.end == cue_limit)
        })
    };
    let mut a = attr_from(ctx, *c, subject, subject.map_or(c.start, |s| s.start.min(c.start)));
    a.clause = (a.clause.0, o);
    Some(a)
}

/// Where the words after a cue stop being its addressee and adverbials (see
/// [`complement_start`]), for a cue whose content is a quote after a comma.
fn complement_target(ctx: &Ctx, c: &CueMatch, hi: usize) -> usize {
    let mut k = c.end;
    let addressed =
        c.has(CueClass::Tell) || c.has(CueClass::Ask) || ctx.is_any(c.start, &["told", "tell", "tells", "telling"]);
    if addressed && let Some(e) = addressee(ctx, k, hi).or_else(|| np_after_with(ctx, k, hi, false).map(|n| n.end)) {
        k = e;
    }
    let k = skip_adverbials(ctx, k, hi);
    if ctx.punct(k, ",") && k < hi {
        // a second adverbial after a comma: ", in all capital letters,"
        let k2 = skip_adverbials(ctx, k + 1, hi);
        if k2 == hi {
            return hi;
        }
    }
    k
}

/// The speaker of a finite cue whose subject phrase ends at `e`: that phrase, or — for a verb
/// coordinated with an earlier one ("Ms. Sherry smiled and said", "… but told his supporters")
/// — the subject of the sentence.
fn subject_before(ctx: &Ctx, c: &CueMatch, e: usize, sent_start: usize) -> Option<Np> {
    if e <= sent_start {
        return None;
    }
    let p = e - 1;
    // "smiled and said", "… but told his supporters", "went on to say", "went so far as to say".
    let coordinated = ctx.is_any(p, &["and", "but"]) && matches!(c.form, Form::Finite | Form::Base);
    let infinitive = ctx.is(p, "to") && c.form == Form::Base;
    if coordinated || infinitive {
        return sentence_subject(ctx, sent_start, p).or_else(|| nearest_subject(ctx, sent_start, p));
    }
    // "a marketing video that said", "the report, which notes": the phrase before the relative.
    if ctx.is_any(p, &["that", "which"]) && p > sent_start {
        let before = if ctx.punct(p - 1, ",") { p - 1 } else { p };
        return np_before(ctx, before, sent_start);
    }
    np_before(ctx, e, sent_start)
}

/// The nearest subject pronoun or name before token `before` in the sentence ("When he returned
/// he began by saying").
fn nearest_subject(ctx: &Ctx, sent_start: usize, before: usize) -> Option<Np> {
    let lo = sent_start.max(before.saturating_sub(12));
    (lo..before).rev().find_map(|k| {
        if ctx.test(k, lexicon::is_subject_pronoun) && ctx.is_word(k) && !ctx.is_any(k, &["it", "who", "one"]) {
            return Some(Np { start: k, end: k + 1, head: k });
        }
        None
    })
}

/// The grammatical subject of the clause starting at `start` (for ", adding that …"): the first
/// noun phrase after any fronted adverbial ("After that, Vladimir Putin turned …").
fn sentence_subject(ctx: &Ctx, start: usize, before: usize) -> Option<Np> {
    let mut k = start;
    // Skip leading quote marks and a fronted phrase ending in a comma.
    while k < before && (ctx.is_quote_mark(k) || ctx.is_any(k, &["but", "and", "so", "yet"])) {
        k += 1;
    }
    let fronted = ctx.test(k, lexicon::is_np_stop) && !ctx.test(k, lexicon::is_subject_pronoun);
    if k < before && (fronted || (!ctx.toks[k].cap && !ctx.test(k, lexicon::is_determiner))) {
        let comma = (k..before.min(k + 14)).find(|&j| ctx.punct(j, ","));
        if let Some(c) = comma {
            k = c + 1;
        }
    }
    let np = np_after(ctx, k, before)?;
    Some(np)
}

fn direct(ctx: &Ctx) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    // End (token) of the attribution clause of the last direct quote, for continuations.
    let mut last_clause_end: Option<usize> = None;
    for q in ctx.quoted.iter().filter(|q| q.depth == 0) {
        let words = ctx.text[q.inner.range()].split_whitespace().count();
        if words == 0 || (!q.closed && words < 4) {
            continue;
        }
        let full_stop = q.inner.slice(ctx.text).trim_end().ends_with('.');
        let post = if begins_clause(ctx, q.span.start) { after_quote(ctx, q.span.end, full_stop) } else { None };
        // Before the quote: only for a quote that is an utterance, not a phrase in a sentence
        // ("said that “at some point” he would").
        let utterance = ends_sentence(ctx, q)
            || q.inner.slice(ctx.text).trim_end().ends_with([',', '.', '!', '?', '…'])
            || words >= 6;
        let attr = post
            .or_else(|| if utterance { before_quote(ctx, q.span.start) } else { None })
            .or_else(|| run_on(ctx, q.span.start, q.span.end));
        let q_first = ctx.tok_at(q.span.start);
        if let Some(a) = attr {
            // A quote that starts inside the previous quote's attribution clause is a title or a
            // phrase of it, not a quote of its own.
            // The same cue as the quote before: either a title inside that attribution clause
            // (skip it) or the second half of a split quote (`“…,” he said, “…”`).
            if let (Some(prev), Some(end)) = (out.last_mut(), last_clause_end)
                && prev.direct
                && Some(a.cue) == prev.cue
            {
                if q_first >= end {
                    prev.parts.push(q.span);
                    last_clause_end = Some(ctx.tok_at(q.span.end));
                }
                continue;
            }
            last_clause_end = Some(a.clause.1);
            let cue = (a.cue.1 > a.cue.0).then_some(a.cue);
            let part = match a.content_end {
                Some(e) if e > q.span.end => Span::new(q.span.start, e),
                _ => q.span,
            };
            // "said that “…”": the quoted words are reported as the complement of "that" — the
            // content starts at "that", as PolNeAR (and reported speech generally) has it.
            let o = ctx.tok_at(q.span.start);
            let that = o > 0 && ctx.is(o - 1, "that") && a.clause.1 == o;
            let part = if that { Span::new(ctx.toks[o - 1].span.start, part.end) } else { part };
            out.push(Found {
                parts: vec![part],
                speaker: a.speaker,
                inherited: false,
                cue,
                direct: !that,
                via: a.via,
                passive_quote: a.passive_quote,
                clause: a.clause,
            });
            continue;
        }
        // No attribution of its own: does it continue the previous direct quote?
        if let (Some(prev), Some(end)) = (out.last_mut(), last_clause_end)
            && prev.direct
            && q_first >= end
            && !ctx.line_break_between(end.saturating_sub(1), q_first)
        {
            prev.parts.push(q.span);
            last_clause_end = Some(ctx.tok_at(q.span.end));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Reported speech

fn is_preposition(ctx: &Ctx, i: usize) -> bool {
    ctx.is_any(
        i,
        &[
            "in", "on", "at", "during", "with", "from", "after", "before", "via", "through", "over", "by", "for",
            "about", "of", "late", "early",
        ],
    )
}

/// Skip adverbials after a cue ("in a statement", "on Facebook on Wednesday", "last week",
/// "Thursday", ", however,") and return where they end.
fn skip_adverbials(ctx: &Ctx, from: usize, hi: usize) -> usize {
    let mut k = from;
    let mut n = 0;
    while k < hi && n < 4 {
        n += 1;
        if ctx.punct(k, ",") && ctx.is_any(k + 1, &["however", "though", "too", "also"]) && ctx.punct(k + 2, ",") {
            k += 3;
            continue;
        }
        if ctx.test(k, lexicon::is_time_word)
            || ctx.is_any(
                k,
                &[
                    "publicly",
                    "privately",
                    "repeatedly",
                    "again",
                    "also",
                    "flatly",
                    "earlier",
                    "previously",
                    "recently",
                ],
            )
        {
            k += 1;
            while k < hi
                && (ctx.test(k, lexicon::is_time_word) || ctx.toks[k].kind == storyline_core::text::TokenKind::Number)
            {
                k += 1;
            }
            continue;
        }
        if is_preposition(ctx, k) {
            // One prepositional phrase: the preposition, an optional determiner, then words up
            // to the next preposition, determiner, "that", pronoun or punctuation.
            let mut j = k + 1;
            if ctx.test(j, lexicon::is_determiner) && !ctx.is(j, "that") {
                j += 1;
            }
            let body = j;
            while j < hi
                && j < body + 6
                && (ctx.is_word(j) || ctx.toks[j].kind == storyline_core::text::TokenKind::Number)
                && !ctx.is(j, "that")
                && !is_preposition(ctx, j)
                && !ctx.test(j, lexicon::is_determiner)
                && !ctx.test(j, lexicon::is_subject_pronoun)
            {
                j += 1;
            }
            if j == body {
                break;
            }
            k = j;
            continue;
        }
        break;
    }
    k
}

/// Where the content after a cue begins, if it has one.
fn complement_start(ctx: &Ctx, c: &CueMatch, hi: usize) -> Option<usize> {
    let mut k = c.end;
    if k >= hi {
        return None;
    }
    // An addressee after "told", "informed", "assured": "told reporters", "told RIA Novosti".
    if c.has(CueClass::Tell) && !c.has(CueClass::Say) || ctx.is_any(c.start, &["told", "tell", "tells", "telling"]) {
        if ctx.test(k, lexicon::is_object_pronoun)
            || ctx.is_any(
                k,
                &[
                    "reporters",
                    "journalists",
                    "supporters",
                    "lawmakers",
                    "voters",
                    "students",
                    "people",
                    "listeners",
                    "viewers",
                    "members",
                ],
            )
        {
            k += 1;
        } else if let Some(np) = np_after(ctx, k, hi) {
            k = np.end;
        } else if let Some(np) = addressee(ctx, k, hi) {
            k = np;
        }
    }
    let k2 = skip_adverbials(ctx, k, hi);
    if ctx.is(k2, "that") && k2 + 1 < hi {
        return Some(k2);
    }
    // "told a town hall in Salem, New Hampshire on Monday that …", "told members of the AFL-CIO
    // executive council that …": a longer addressee or adverbial before "that".
    if c.speech() && !ctx.is(k2, "that") {
        let limit = (c.end + 16).min(hi);
        let mut j = k2;
        while j < limit
            && !ctx.is_terminal(j)
            && ctx.cue(j).is_empty()
            && !ctx.test(j, lexicon::is_be)
            && !ctx.is_any(j, &["has", "have", "had", "will", "would", "which", "who", "because", "but", "and"])
        {
            if ctx.is(j, "that") {
                return (j + 1 < hi).then_some(j);
            }
            j += 1;
        }
    }
    // "drew attention to the fact that …"
    if ctx.is(k2, "the") && ctx.is_any(k2 + 1, &["fact", "possibility", "idea", "notion"]) && ctx.is(k2 + 2, "that") {
        return Some(k2 + 2);
    }
    if ctx.punct(k2, ":") && k2 + 1 < hi {
        return Some(k2 + 1);
    }
    if ctx.punct(k2, ",") || ctx.is_terminal(k2) || k2 >= hi {
        return None;
    }
    if c.has(CueClass::Ask) && ctx.is_any(k2, &["whether", "if", "why", "how", "what", "when", "where", "who", "about"])
    {
        return Some(k2);
    }
    if ctx.is(k2, "to")
        && (c.has(CueClass::Belief)
            || c.has(CueClass::Tell)
            || c.has(CueClass::Object)
            || ctx.is_any(c.start, &["asked", "ask", "asks", "asking"]))
    {
        return Some(k2);
    }
    // "asked the congregation to stand": the request with its addressee.
    if c.has(CueClass::Ask)
        && k2 == c.end
        && let Some(np) = np_after_with(ctx, c.end, hi, false)
            .or_else(|| addressee(ctx, c.end, hi).map(|e| Np { start: c.end, end: e, head: e - 1 }))
        && (ctx.is(np.end, "to") || ctx.is_any(np.end, &["whether", "if", "why", "how", "what", "about"]))
    {
        return Some(c.end);
    }
    let bare = ctx.is_any(c.start, BARE_CLAUSE) || c.has(CueClass::Tell) && k > c.end;
    if bare {
        // Any word can open the clause ("said history has shown", "said comments were"), but not
        // a preposition or "to" (adverbials and infinitives were handled above).
        let opener = ctx.is_word(k2) && !is_preposition(ctx, k2) && !ctx.is_any(k2, &["to", "of", "as", "than"])
            || ctx.toks[k2].kind == storyline_core::text::TokenKind::Number
            || ctx.is_quote_mark(k2);
        return opener.then_some(k2);
    }
    if c.has(CueClass::Object) && !c.speech() || c.has(CueClass::Object) && k2 == k {
        // The object is the content: "endorsed Hillary Clinton", "described himself as …",
        // "referring to the party's nominee".
        let ok = ctx.is_word(k) && !ctx.is_any(k, &["to", "of", "as", "than", "by", "that"]) && !is_preposition(ctx, k)
            || ctx.toks[k].kind == storyline_core::text::TokenKind::Number
            || ctx.is_quote_mark(k);
        let preposition_cue = c.end > c.start + 1;
        if ok || preposition_cue && !ctx.is_terminal(k) && !ctx.is_punct(k) {
            return Some(k);
        }
    }
    None
}

/// Cue verbs whose content may follow without "that" ("said the plan failed", "I think it
/// works"). Others ("stressed", "recalled", "confirmed") need "that" or a colon: "recalled
/// Antonov" is not speech.
const BARE_CLAUSE: &[&str] = &[
    "say",
    "says",
    "said",
    "saying",
    "write",
    "writes",
    "wrote",
    "writing",
    "tweeted",
    "add",
    "adds",
    "added",
    "adding",
    "claim",
    "claims",
    "claimed",
    "claiming",
    "argue",
    "argues",
    "argued",
    "arguing",
    "insist",
    "insists",
    "insisted",
    "insisting",
    "warn",
    "warns",
    "warned",
    "warning",
    "predict",
    "predicts",
    "predicted",
    "suggest",
    "suggests",
    "suggested",
    "suggesting",
    "note",
    "notes",
    "noted",
    "noting",
    "think",
    "thinks",
    "thought",
    "believe",
    "believes",
    "believed",
    "feel",
    "feels",
    "felt",
    "know",
    "knows",
    "knew",
    "hope",
    "hopes",
    "hoped",
    "expect",
    "expects",
    "expected",
    "fear",
    "fears",
    "feared",
    "estimate",
    "estimates",
    "estimated",
    "report",
    "reports",
    "reported",
    "assert",
    "asserts",
    "asserted",
    "contend",
    "contends",
    "contended",
    "maintain",
    "maintains",
    "maintained",
    "complain",
    "complained",
    "admit",
    "admits",
    "admitted",
    "acknowledge",
    "acknowledged",
    "concede",
    "conceded",
    "explain",
    "explained",
    "announce",
    "announced",
    "announces",
    "state",
    "states",
    "stated",
    "declare",
    "declared",
    "reckon",
    "guess",
    "tell",
    "tells",
    "told",
    "telling",
    "show",
    "shows",
    "showed",
    "find",
    "finds",
    "found",
];

/// An addressee that is not a named phrase: "the crowd", "a news conference" — up to "that" or
/// punctuation, at most five tokens.
fn addressee(ctx: &Ctx, k: usize, hi: usize) -> Option<usize> {
    if !ctx.test(k, lexicon::is_determiner) {
        return None;
    }
    let mut j = k + 1;
    while j < hi && j < k + 5 && ctx.is_word(j) && !ctx.test(j, lexicon::is_np_stop) {
        j += 1;
    }
    (j > k + 1).then_some(j)
}

/// Where content that started at `start` ends (exclusive), within a sentence ending at `hi`:
/// before ", adding that …", ", according to …", ", he said." and the final full stop.
fn content_end(ctx: &Ctx, start: usize, hi: usize) -> usize {
    // Reported content is a clause or a few: a run-on "sentence" of thousands of tokens (a page
    // without full stops) is cut, which keeps the scan linear.
    let hi = hi.min(start + 150);
    let mut j = start + 1;
    while j < hi {
        if ctx.punct(j, ",") || ctx.punct(j, ";") {
            // `"unacceptable," adding that`: the comma inside a quote closing right after it.
            if ctx.is_quote_mark(j + 1)
                && ctx.toks[j + 1].span.start == ctx.toks[j].span.end
                && cue_at(ctx, j + 2).is_some_and(|c| c.form == Form::Participle)
            {
                return j + 2;
            }
            if let Some(c) = cue_at(ctx, j + 1) {
                if c.form == Form::Participle || c.according {
                    return j;
                }
                // ", said X." at the end
                if c.speech() && c.form == Form::Finite {
                    return j;
                }
            }
            // ", he said." / ", the ambassador added."
            if let Some(cj) = (j + 1..(j + 10).min(hi))
                .find(|&x| cue_at(ctx, x).is_some_and(|c| c.speech() && c.form == Form::Finite))
            {
                let (e, passive) = skip_before_cue(ctx, cj, j + 1);
                if !passive && np_before(ctx, e, j + 1).is_some_and(|np| np.start == j + 1) {
                    let after = cue_at(ctx, cj).map_or(cj + 1, |c| c.end);
                    if after >= hi || ctx.is_terminal(after) || ctx.punct(after, ",") {
                        return j;
                    }
                }
            }
        }
        j += 1;
    }
    let mut e = hi;
    while e > start + 1 && (ctx.is_terminal(e - 1) || ctx.punct(e - 1, ",")) {
        e -= 1;
    }
    e
}

fn indirect(ctx: &Ctx, used_cues: &[(usize, usize)], direct_parts: &[Span], direct_found: &[Found]) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    // Per-token flags, so the scan stays linear however many quotes an article has: inside a
    // direct quote's content, part of a cue already used, inside any quoted stretch.
    let mut skip = vec![false; ctx.len()];
    let mark = |skip: &mut Vec<bool>, s: Span| {
        let a = ctx.tok_at(s.start);
        let b = ctx.tok_at(s.end);
        for f in skip.iter_mut().take(b).skip(a) {
            *f = true;
        }
    };
    for s in direct_parts {
        mark(&mut skip, *s);
    }
    for q in ctx.quoted.iter().filter(|q| q.depth == 0) {
        mark(&mut skip, q.span);
    }
    for &(a, b) in used_cues {
        for f in skip.iter_mut().take(b).skip(a) {
            *f = true;
        }
    }
    for &(a, b) in &ctx.sents {
        if a >= b {
            continue;
        }
        let first_in_sentence = out.len();
        let mut i = a;
        while i < b {
            if skip.get(i).copied().unwrap_or(true) {
                i += 1;
                continue;
            }
            let Some(c) = cue_at(ctx, i) else {
                i += 1;
                continue;
            };
            let found = reported(ctx, &c, a, b, &out[first_in_sentence..], direct_found);
            match found {
                Some(f) => {
                    // Content must not be a direct quote found already.
                    let cs = f.content_span();
                    let dup = direct_parts.iter().any(|d| d.contains(cs));
                    if !dup && !cs.is_empty() {
                        out.push(f);
                    }
                    i = c.end;
                }
                None => i += 1,
            }
        }
    }
    out
}

fn content_ok(ctx: &Ctx, s: usize, e: usize) -> bool {
    e > s + 1 && (s..e).any(|k| ctx.is_word(k))
}

/// Reported speech around the cue `c` in the sentence `a..b`.
fn reported(ctx: &Ctx, c: &CueMatch, a: usize, b: usize, earlier: &[Found], direct_found: &[Found]) -> Option<Found> {
    let mk = |parts: Vec<Span>, speaker: Option<Np>, clause: (usize, usize)| Found {
        parts,
        speaker,
        inherited: false,
        cue: Some((c.start, c.end)),
        direct: false,
        via: None,
        passive_quote: c.passive_quote,
        clause,
    };
    if c.according {
        let np = np_after_with(ctx, c.end, b, false)?;
        // "According to X, C." / "C, according to X."
        let lead = c.start == a
            || (c.start > a
                && (ctx.is_any(c.start - 1, &["but", "and", "yet", "so"])
                    || ctx.is_quote_mark(c.start - 1)
                    || ctx.punct(c.start - 1, ":")));
        if lead {
            // The source may run on ("a just-released poll from Florida Atlantic University
            // broadcast on MSNBC,"): the content starts after the first comma.
            let comma = (np.end..b.min(np.end + 20)).find(|&j| ctx.punct(j, ",") || ctx.is_quote_mark(j))?;
            if !ctx.punct(comma, ",") {
                return None;
            }
            let end = content_end(ctx, comma + 1, b);
            if !content_ok(ctx, comma + 1, end) {
                return None;
            }
            let source = Np { start: np.start, end: comma, head: np.head };
            return Some(mk(vec![ctx.span(comma + 1, end)], Some(source), (c.start, comma + 1)));
        }
        // `“… a root canal,” according to Axelrod’s memoir`
        let end = if ctx.punct(c.start - 1, ",") {
            c.start - 1
        } else if ctx.is_quote_mark(c.start - 1) && c.start >= a + 2 && ctx.punct(c.start - 2, ",") {
            c.start - 2
        } else {
            c.start
        };
        let start = content_start_of_sentence(ctx, a, end);
        if !content_ok(ctx, start, end) {
            return None;
        }
        return Some(mk(vec![ctx.span(start, end)], Some(np), (c.start, np.end)));
    }
    if c.form == Form::Participle && c.object_speaker.is_none() {
        // ", adding that …", ", saying …": the speaker is the main clause's subject.
        let joined = c.start > a
            && (ctx.punct(c.start - 1, ",")
                || ctx.is_any(c.start - 1, &["and", "while", "before", "after", "when"])
                || (ctx.is_quote_mark(c.start - 1) && c.start >= a + 2 && ctx.punct(c.start - 2, ",")));
        if !joined {
            return None;
        }
        if !(c.speech() || c.has(CueClass::Belief)) {
            return None;
        }
        let cs = complement_start(ctx, c, b)?;
        let end = content_end(ctx, cs, b);
        if !content_ok(ctx, cs, end) {
            return None;
        }
        let (speaker, inherited) = match earlier.last() {
            Some(f) => (f.speaker, true),
            None => match direct_found.iter().rposition(|f| f.clause.0 >= a && f.clause.1 <= b + 1) {
                Some(d) => (direct_found[d].speaker, true),
                None => (sentence_subject(ctx, a, c.start), false),
            },
        };
        let mut f = mk(vec![ctx.span(cs, end)], speaker, (c.start, c.end));
        f.inherited = inherited;
        return Some(f);
    }
    // "Asked if …, Trump replied", "When asked how …": a question with no asker named.
    if c.has(CueClass::Ask)
        && ctx.is_any(c.start, &["asked"])
        && (c.start == a || ctx.is_any(c.start - 1, &["when", "if", "after", "once", "as"]) && c.start == a + 1)
    {
        let k = if ctx.is(c.end, "by") {
            (c.end..b.min(c.end + 8)).find(|&j| {
                ctx.is_any(j, &["if", "whether", "about", "how", "what", "why", "who", "whom", "when", "where"])
            })?
        } else {
            c.end
        };
        if ctx.is_any(k, &["if", "whether", "about", "how", "what", "why", "who", "whom", "when", "where", "to"]) {
            let end =
                (k + 1..b).find(|&j| ctx.punct(j, ",") || ctx.is_quote_mark(j) && ctx.punct(j - 1, ",")).unwrap_or(b);
            let end = if ctx.is_quote_mark(end) { end + 1 } else { end };
            if content_ok(ctx, k, end) {
                return Some(mk(vec![ctx.span(k, end)], None, (c.start, k)));
            }
        }
        return None;
    }
    let (e, passive) = skip_before_cue(ctx, c.start, a);
    if passive && !c.passive_quote {
        return None;
    }
    // "Giles attempted to re-engage the campaign and said …": the subject of the first verb.
    let subject = subject_before(ctx, c, e, a);
    // A base form ("support", "say") is a verb after a modal or "to", or with a plural subject;
    // after a singular phrase it is a noun ("a strong support for …", "a big win").
    let subject = subject.filter(|np| c.form != Form::Base || e < c.start || base_subject_ok(ctx, *np));
    if let Some(np) = subject {
        let (speaker, via) = match c.object_speaker {
            Some(obj) => (Some(obj), Some(np)),
            None => (Some(np), None),
        };
        if let Some(cs) = complement_start(ctx, c, b) {
            let end = content_end(ctx, cs, b);
            if content_ok(ctx, cs, end) {
                let mut f = mk(vec![ctx.span(cs, end)], speaker, (np.start, cs));
                f.via = via;
                citing(ctx, &mut f, c.end, b);
                return Some(f);
            }
        }
        // "C, X said." — the cue ends the clause.
        let after = skip_adverbials(ctx, c.end, b);
        let clause_final = after >= b || ctx.is_terminal(after) || ctx.punct(after, ",") || ctx.punct(after, ";");
        if clause_final && np.start > a && ctx.punct(np.start - 1, ",") && (c.speech() || c.has(CueClass::Belief)) {
            let start = content_start_of_sentence(ctx, a, np.start - 1);
            if content_ok(ctx, start, np.start - 1) && !ctx.is_quote_mark(start) {
                let mut f = mk(vec![ctx.span(start, np.start - 1)], speaker, (np.start, after));
                f.via = via;
                citing(ctx, &mut f, c.end, b);
                return Some(f);
            }
        }
        // "As X noted, C."
        if np.start > a && ctx.is(np.start - 1, "as") && ctx.punct(after, ",") {
            let end = content_end(ctx, after + 1, b);
            if content_ok(ctx, after + 1, end) {
                return Some(mk(vec![ctx.span(after + 1, end)], speaker, (np.start - 1, after + 1)));
            }
        }
        return None;
    }
    // "C, said X." — inverted.
    if c.start > a && ctx.punct(c.start - 1, ",") && c.form == Form::Finite && c.speech() {
        let np = np_after(ctx, c.end, b)?;
        let after = skip_adverbials(ctx, np.end, b);
        if after < b && !ctx.is_terminal(after) && !ctx.punct(after, ",") {
            return None;
        }
        let start = content_start_of_sentence(ctx, a, c.start - 1);
        if !content_ok(ctx, start, c.start - 1) || ctx.is_quote_mark(start) {
            return None;
        }
        return Some(mk(vec![ctx.span(start, c.start - 1)], Some(np), (c.start, after)));
    }
    None
}

/// Whether `np` can be the subject of a verb in its base form: plural ("officials say"), a
/// pronoun other than he/she/it, or coordinated ("Trump and Cruz say").
fn base_subject_ok(ctx: &Ctx, np: Np) -> bool {
    // The head before any complement: "Republicans [in Congress]", "members [of the panel]".
    let head = (np.start..np.end)
        .find(|&k| ctx.is_any(k, &["of", "in", "at", "for", "to", "from"]))
        .map_or(np.head, |k| k.saturating_sub(1).max(np.start));
    let h = ctx.str(head);
    if ctx.is_any(head, &["i", "we", "you", "they", "who"]) {
        return true;
    }
    if (np.start..np.end).any(|k| ctx.is(k, "and")) {
        return true;
    }
    let lower = h.to_ascii_lowercase();
    lower.len() > 2
        && lower.ends_with('s')
        && !lower.ends_with("ss")
        && !lower.ends_with("us")
        && !lower.ends_with("is")
        || matches!(
            lower.as_str(),
            "people"
                | "police"
                | "men"
                | "women"
                | "children"
                | "staff"
                | "media"
                | "public"
                | "majority"
                | "most"
                | "many"
                | "others"
                | "some"
                | "both"
                | "few"
                | "half"
        )
}

/// "…, RIA Novosti reported Wednesday, citing a top diplomatic official": the cited official is
/// the speaker and the reporting medium is `via`.
fn citing(ctx: &Ctx, f: &mut Found, from: usize, hi: usize) {
    let Some(k) = (from..hi.min(from + 8)).find(|&j| ctx.is(j, "citing") || ctx.is(j, "quoting")) else { return };
    if !ctx.punct(k - 1, ",") {
        return;
    }
    if let Some(np) =
        np_after(ctx, k + 1, hi).or_else(|| addressee(ctx, k + 1, hi).map(|e| Np { start: k + 1, end: e, head: e - 1 }))
    {
        f.via = f.speaker;
        f.speaker = Some(np);
        f.clause.1 = f.clause.1.max(np.end);
    }
}

/// The first token of a sentence's own content (after leading quote marks and conjunctions).
fn content_start_of_sentence(ctx: &Ctx, a: usize, end: usize) -> usize {
    let mut k = a;
    // A dateline ("MOSCOW (Dispatches) –", "WASHINGTON —") is not part of what was said.
    let dash = (a..end.min(a + 8)).find(|&j| {
        ctx.is_any(j, &["–", "—", "--"])
            || (ctx.punct(j, "-") && j > a && ctx.toks[j].span.start > ctx.toks[j - 1].span.end)
    });
    if let Some(d) = dash
        && (a..d).all(|j| !ctx.is_word(j) || speaker::acronym(ctx, j) || ctx.toks[j].cap)
        && (a..d).any(|j| speaker::acronym(ctx, j))
    {
        k = d + 1;
    }
    while k < end && (ctx.is_any(k, &["but", "and", "so", "yet", "still", "however"]) || (ctx.punct(k, ",") && k > a)) {
        k += 1;
    }
    k
}
