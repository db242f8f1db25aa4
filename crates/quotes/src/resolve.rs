//! From a speaker's words to an entity of the article, and who relayed the quote (`via`).
//!
//! The speaker span is found from the text (see [`crate::speaker`]); this module decides *who*
//! it is, using the entity layer's mentions where they overlap the span and the text around the
//! entities' mentions otherwise:
//!
//! * a name or a phrase containing one: the mention at the phrase's head, else a person named in
//!   it who is not a possessor ("Hillary Clinton’s campaign manager Robby Mook" is Mook);
//! * a pronoun: the speaker of an attribution in the sentence before, else the first person (or
//!   organisation, for "it"/"they") named outside quotes in the sentence before, else the latest
//!   fitting speaker;
//! * a description ("the ambassador", "the President of Russia", "the diplomat"): the entity whose
//!   roles — or the words around its mentions ("Russian Ambassador … Anatoly Antonov") — contain the
//!   role or one it stands for, with the phrase's other words ("Russia") breaking ties; when two
//!   entities fit equally, the most recent of them if it was the last speaker, else nobody.

use storyline_core::Span;
use storyline_core::report::EntityType;
use storyline_entities::{DocEntities, Gender, Mention};

use crate::context::Ctx;
use crate::lexicon;
use crate::speaker::{self, Np, np_before};

/// A resolved speaker, remembered for later pronouns.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Said {
    /// Sentence index of the attribution.
    pub sent: u32,
    pub entity: usize,
}

pub(crate) struct Resolver<'a, 'c> {
    ctx: &'c Ctx<'a>,
    ents: &'c DocEntities,
    /// Byte spans of direct quotes' content, sorted: mentions inside them do not name a speaker.
    quoted: Vec<Span>,
    /// Mention indexes sorted by start (the entity layer sorts them; this does not rely on it).
    by_start: Vec<usize>,
    /// Mention indexes of each entity.
    by_entity: Vec<Vec<usize>>,
}

/// Mentions longer than this are not looked for when a span starts inside them.
const MAX_MENTION: usize = 256;

impl<'a, 'c> Resolver<'a, 'c> {
    pub fn new(ctx: &'c Ctx<'a>, ents: &'c DocEntities, mut quoted: Vec<Span>) -> Self {
        quoted.sort();
        let mut by_start: Vec<usize> = (0..ents.mentions.len()).collect();
        by_start.sort_by_key(|&i| ents.mentions[i].span.start);
        let mut by_entity = vec![Vec::new(); ents.entities.len()];
        for (i, m) in ents.mentions.iter().enumerate() {
            if let Some(v) = by_entity.get_mut(m.entity) {
                v.push(i);
            }
        }
        Resolver { ctx, ents, quoted, by_start, by_entity }
    }

    fn kind(&self, e: usize) -> Option<EntityType> {
        self.ents.entities.get(e).map(|x| x.kind)
    }

    fn outside_quotes(&self, s: Span) -> bool {
        let k = self.quoted.partition_point(|q| q.start <= s.start);
        !self.quoted[..k].iter().rev().take(8).any(|q| q.contains(s))
    }

    /// Mentions that start within `span` or shortly before it, in text order.
    fn mentions_near(&self, span: Span) -> impl DoubleEndedIterator<Item = &'c Mention> + '_ {
        let ms = &self.ents.mentions;
        let lo = self.by_start.partition_point(|&i| ms[i].span.start + MAX_MENTION < span.start);
        let hi = self.by_start.partition_point(|&i| ms[i].span.start < span.end);
        self.by_start[lo..hi.max(lo)].iter().map(move |&i| &ms[i])
    }

    fn mentions_of(&self, e: usize) -> impl Iterator<Item = &'c Mention> + '_ {
        let ms = &self.ents.mentions;
        self.by_entity.get(e).into_iter().flatten().map(move |&i| &ms[i])
    }

    /// The entity `np` names, given what was said before (`history`, in text order). `reference`
    /// is the byte position the attribution starts at (its content may come first).
    pub fn resolve(&self, np: Np, reference: usize, history: &[Said]) -> Option<usize> {
        let ctx = self.ctx;
        let span = ctx.span(np.start, np.end);
        let head = np.head;
        let mut buf = [0u8; 32];
        let head_lower = ctx.lower(head, &mut buf).unwrap_or("").to_string();
        if np.end - np.start == 1
            && (lexicon::is_subject_pronoun(&head_lower) || lexicon::is_object_pronoun(&head_lower))
        {
            return self.pronoun(np, &head_lower, reference, history);
        }
        let head = syntactic_head(ctx, np);
        if let Some(e) = self.by_mentions(span, head) {
            return Some(e);
        }
        if ctx.toks[head].cap
            && let Some(e) = self.by_name(ctx.str(head))
        {
            return Some(e);
        }
        self.by_role(Np { head, ..np }, span, reference, history)
    }

    fn by_mentions(&self, span: Span, head: usize) -> Option<usize> {
        let ctx = self.ctx;
        let head_span = ctx.toks[head].span;
        let inside: Vec<_> = self.mentions_near(span).filter(|m| span.overlaps(m.span)).collect();
        if inside.is_empty() {
            return None;
        }
        // A person named in the phrase (not as a possessor, and before any appositive comma) is
        // the speaker: "Russian Foreign Ministry Spokeswoman Maria Zakharova", "Maria Zakharova,
        // the spokeswoman", "Hillary Clinton’s campaign manager Robby Mook" (Mook).
        let comma = (span.start..span.end).find(|&b| ctx.text.as_bytes().get(b) == Some(&b','));
        let person = inside.iter().rev().find(|m| {
            let after = ctx.text.get(m.span.end..).unwrap_or("");
            m.kind == EntityType::Person
                && !(after.starts_with("’s") || after.starts_with("'s"))
                && comma.is_none_or(|c| m.span.end <= c)
        });
        if let Some(m) = person {
            return Some(m.entity);
        }
        // Otherwise the organisation at the head ("The Russian Embassy in the United States" is
        // the embassy, not the country; "the TASS diplomat" is no medium) — or named before an
        // organisation noun ("the RIA news agency").
        let head_word = ctx.str(head).to_ascii_lowercase();
        let org_head = lexicon::is_media_word(&head_word)
            || matches!(
                lexicon::role_hypernyms(&head_word).and_then(|h| h.first()),
                Some(
                    &("department"
                        | "ministry"
                        | "embassy"
                        | "agency"
                        | "company"
                        | "campaign"
                        | "committee"
                        | "government"
                        | "administration"
                        | "mission")
                )
            );
        inside
            .iter()
            .find(|m| {
                m.span.overlaps(head_span) && matches!(m.kind, EntityType::Organization | EntityType::Person)
                    || org_head && m.kind == EntityType::Organization
            })
            .map(|m| m.entity)
    }

    fn by_name(&self, word: &str) -> Option<usize> {
        let mut found = None;
        for (i, e) in self.ents.entities.iter().enumerate() {
            let hit = std::iter::once(&e.name)
                .chain(e.aliases.iter())
                .any(|n| n.split(|c: char| !c.is_alphanumeric()).any(|w| w == word));
            if hit {
                if found.is_some() {
                    return None; // ambiguous
                }
                found = Some(i);
            }
        }
        found
    }

    fn pronoun(&self, np: Np, pron: &str, reference: usize, history: &[Said]) -> Option<usize> {
        let ctx = self.ctx;
        if pron == "who" {
            // "Flynn, who said …": the phrase before the comma.
            if np.start > 0 && ctx.punct(np.start - 1, ",") {
                let (sa, _) = ctx.sentence_of(np.start);
                let ante = np_before(ctx, np.start - 1, sa)?;
                return self.resolve(ante, reference, history);
            }
            return None;
        }
        let want: &[EntityType] = if lexicon::is_personal_pronoun(pron) {
            &[EntityType::Person]
        } else if lexicon::is_plural_pronoun(pron) {
            &[EntityType::Organization, EntityType::Location]
        } else {
            return None;
        };
        // Gender, where the entity layer knows it: "she" is not Antonov.
        let gender = match pron {
            "he" | "him" | "his" => Some(Gender::Male),
            "she" | "her" => Some(Gender::Female),
            _ => None,
        };
        let fits = |e: usize| {
            self.kind(e).is_some_and(|k| want.contains(&k))
                && self.ents.entities.get(e).and_then(|x| x.gender).zip(gender).is_none_or(|(a, b)| a == b)
        };
        let ref_tok = ctx.tok_at(reference).min(ctx.len().saturating_sub(1));
        let sent = ctx.toks.get(ref_tok).map_or(0, |t| t.sent);
        // 1. A speaker in this sentence or the one before.
        if let Some(s) = history.iter().rev().find(|s| s.sent + 1 >= sent && s.sent <= sent && fits(s.entity)) {
            return Some(s.entity);
        }
        // 2. The first fitting entity named (outside quotes) in the sentence before.
        if sent > 0
            && let Some(&(a, b)) = ctx.sents.get(sent as usize - 1)
        {
            let range = ctx.span(a, b);
            let first = self
                .mentions_near(range)
                .filter(|m| range.contains(m.span) && fits(m.entity) && self.outside_quotes(m.span))
                .find(|m| {
                    let after = ctx.text.get(m.span.end..).unwrap_or("");
                    !(after.starts_with("’s") || after.starts_with("'s"))
                });
            if let Some(m) = first {
                return Some(m.entity);
            }
        }
        // 3. The latest fitting speaker within five sentences.
        if let Some(s) = history.iter().rev().find(|s| s.sent + 5 >= sent && fits(s.entity)) {
            return Some(s.entity);
        }
        // 4. The entity layer's own reading of the pronoun, if it has one.
        let span = ctx.span(np.start, np.end);
        if let Some(m) = self.mentions_near(span).find(|m| m.span.overlaps(span) && fits(m.entity)) {
            return Some(m.entity);
        }
        // 5. The latest fitting mention before, within three sentences.
        let from = ctx.sents.get(sent.saturating_sub(3) as usize).map_or(0, |&(a, _)| ctx.span(a, a).start);
        self.mentions_near(Span::new(from, reference))
            .rev()
            .take(200)
            .find(|m| m.span.end <= reference && m.span.start >= from && fits(m.entity) && self.outside_quotes(m.span))
            .map(|m| m.entity)
    }

    /// Whether the words around `e`'s mentions (same sentence, ~70 bytes before and ~50 after)
    /// or its roles contain `w` (lower case) as a word or word start ("russia" in "Russian").
    fn entity_has(&self, e: usize, w: &str, exclude: Span, prefix: bool) -> bool {
        let prefix = prefix && w.len() > 4;
        // A role word matches a whole word (or its plural): "president" is not in "Presidential
        // press secretary". A modifier may match a longer word: "russia" in "Russian".
        let matches_in = |s: &str| {
            s.split(|c: char| !c.is_alphanumeric()).any(|x| {
                x.len() >= w.len()
                    && x.is_char_boundary(w.len())
                    && x[..w.len()].eq_ignore_ascii_case(w)
                    && (prefix || x.len() == w.len() || x.len() == w.len() + 1 && x.ends_with(['s', 'S']))
            })
        };
        if self.ents.entities.get(e).is_some_and(|x| x.roles.iter().any(|r| matches_in(r))) {
            return true;
        }
        // A mention's title and appositive ("Russian Ambassador Anatoly Antonov", "Antonov, the
        // ambassador,"), not the words of the phrase being resolved, nor a neighbour's title
        // ("met US President Joe Biden" says nothing about who met him).
        let ctx = self.ctx;
        self.mentions_of(e).filter(|m| !m.span.overlaps(exclude)).take(64).any(|m| {
            let k = ctx.tok_at(m.span.start);
            let end = ctx.tok_at(m.span.end);
            let (title, appos) = speaker::title_and_appositive(ctx, k, end);
            (!title.overlaps(exclude) && matches_in(title.slice(ctx.text)))
                || (!appos.overlaps(exclude) && matches_in(appos.slice(ctx.text)))
        })
    }

    /// The countries named in `e`'s roles and right before its mentions ("US President Joe
    /// Biden", "Turkish President").
    fn entity_countries(&self, e: usize, exclude: Span) -> Vec<&'static str> {
        let mut out = Vec::new();
        let mut add = |s: &str| {
            for w in s.split(|c: char| !(c.is_alphanumeric() || c == '.')) {
                if let Some(c) = lexicon::country_of(&w.to_lowercase())
                    && !out.contains(&c)
                {
                    out.push(c);
                }
            }
        };
        if let Some(x) = self.ents.entities.get(e) {
            for r in &x.roles {
                add(r);
            }
        }
        let ctx = self.ctx;
        for m in self.mentions_of(e).filter(|m| !m.span.overlaps(exclude)).take(64) {
            let k = ctx.tok_at(m.span.start);
            let end = ctx.tok_at(m.span.end);
            let (title, appos) = speaker::title_and_appositive(ctx, k, end);
            add(title.slice(ctx.text));
            add(appos.slice(ctx.text));
        }
        out
    }

    fn by_role(&self, np: Np, span: Span, reference: usize, history: &[Said]) -> Option<usize> {
        let ctx = self.ctx;
        let mut buf = [0u8; 32];
        let head = ctx.lower(np.head, &mut buf)?.to_string();
        // A plural ("senators said") is a group, not one of the article's people.
        if lexicon::role_hypernyms(&head).is_some()
            && lexicon::role_hypernyms(head.trim_end_matches('s')).is_some()
            && head.ends_with('s')
            && !head.ends_with("ss")
        {
            return None;
        }
        let hyper = lexicon::role_hypernyms(&head)?;
        if hyper.is_empty() {
            return None;
        }
        let modifiers: Vec<String> = (np.start..np.end)
            .filter(|&i| i != np.head && ctx.toks[i].cap)
            .map(|i| ctx.str(i).to_lowercase())
            .filter(|w| lexicon::role_hypernyms(w).is_none() && w.len() > 1)
            .collect();
        let mut best: Vec<(usize, usize)> = Vec::new(); // (score, entity)
        // Whether the role names an organisation: the same for every candidate.
        let org_role = is_org_role(hyper);
        for e in 0..self.ents.entities.len() {
            let kind_ok = match self.kind(e) {
                Some(EntityType::Person) => !org_role,
                Some(EntityType::Organization) => org_role,
                _ => false,
            };
            if !kind_ok {
                continue;
            }
            let has = |w: &str| self.entity_has(e, w, span, true);
            if !hyper.iter().any(|h| self.entity_has(e, h, span, false)) {
                continue;
            }
            // A country in the phrase rules out an entity titled by another country ("the
            // President of Russia" is not the "US President").
            let wanted: Vec<&str> = modifiers.iter().filter_map(|m| lexicon::country_of(m)).collect();
            if !wanted.is_empty() && self.entity_countries(e, span).iter().any(|c| !wanted.contains(c)) {
                continue;
            }
            let score = 1 + modifiers.iter().filter(|m| has(m.trim_end_matches('n')) || has(m)).count();
            best.push((score, e));
        }
        let ref_tok = ctx.tok_at(reference).min(ctx.len().saturating_sub(1));
        let sent = ctx.toks.get(ref_tok).map_or(0, |t| t.sent);
        let Some(top) = best.iter().map(|b| b.0).max() else {
            // Nobody carries the title. The speaker of the sentence before, when nothing the
            // article says about them contradicts it (no other title, no other country): "Putin
            // turned to the American leader, stressing that … “As a child …,” said the President
            // of Russia."
            let wanted: Vec<&str> = modifiers.iter().filter_map(|m| lexicon::country_of(m)).collect();
            let last = history.iter().rev().find(|s| s.sent + 1 >= sent && s.sent <= sent)?;
            let e = self.ents.entities.get(last.entity)?;
            let untitled = e.kind == EntityType::Person && e.roles.is_empty();
            let countries = self.entity_countries(last.entity, span);
            let agrees = countries.iter().all(|c| wanted.is_empty() || wanted.contains(c));
            return (untitled && agrees && !is_org_role(hyper)).then_some(last.entity);
        };
        let tied: Vec<usize> = best.iter().filter(|b| b.0 == top).map(|b| b.1).collect();
        if tied.len() == 1 {
            return tied.first().copied();
        }
        // Several fit: the last speaker among them, if any.
        history.iter().rev().find(|s| s.sent + 6 >= sent && tied.contains(&s.entity)).map(|s| s.entity)
    }
}

/// Whether a role names an organisation ("the ministry said") rather than a person.
fn is_org_role(hyper: &[&str]) -> bool {
    matches!(
        hyper.first(),
        Some(
            &("department"
                | "ministry"
                | "embassy"
                | "agency"
                | "company"
                | "campaign"
                | "committee"
                | "government"
                | "administration"
                | "mission")
        )
    )
}

/// The word a phrase is about: before its first complement ("the President [of Russia]", "The
/// Russian Embassy [in the United States]"), else its last word ("Russian Ambassador to the
/// United States Anatoly Antonov" keeps "Antonov": a name after the complement).
pub(crate) fn syntactic_head(ctx: &Ctx, np: Np) -> usize {
    let Some(p) = (np.start + 1..np.end).find(|&k| ctx.is_any(k, &["of", "to", "in", "at", "for"])) else {
        return np.head;
    };
    // A name after the complement's own phrase: two capitalised words at the end that are not
    // the complement's first words ("… United States Anatoly Antonov").
    let tail_caps = (p + 1..np.end).rev().take_while(|&k| ctx.toks[k].cap).count();
    let complement_len = np.end - (p + 1);
    if tail_caps >= 2 && tail_caps + 1 < complement_len || tail_caps >= 4 {
        return np.head;
    }
    p - 1
}

/// The medium in a phrase ("the TASS diplomat" -> "TASS", "RIA Novosti" -> "RIA Novosti", "the
/// state-run RIA Novosti news agency" -> "RIA Novosti"), when there is one.
pub(crate) fn media_name(ctx: &Ctx, np: Np) -> Option<String> {
    let media: Vec<usize> =
        (np.start..np.end).filter(|&i| ctx.is_word(i) && lexicon::is_media_word(ctx.str(i))).collect();
    let &first = media.first()?;
    // The run of capitalised words around the first media word; else the phrase without its
    // determiner.
    if ctx.toks[first].cap {
        let mut a = first;
        while a > np.start && ctx.toks[a - 1].cap && ctx.is_word(a - 1) {
            a -= 1;
        }
        let mut b = first + 1;
        while b < np.end && ctx.toks[b].cap && ctx.is_word(b) {
            b += 1;
        }
        return Some(ctx.span(a, b).slice(ctx.text).to_string());
    }
    let caps: Vec<usize> = (np.start..np.end).filter(|&i| ctx.toks[i].cap).collect();
    if let (Some(&a), Some(&b)) = (caps.first(), caps.last()) {
        return Some(ctx.span(a, b + 1).slice(ctx.text).to_string());
    }
    let mut a = np.start;
    if ctx.test(a, lexicon::is_determiner) {
        a += 1;
    }
    Some(ctx.span(a, np.end).slice(ctx.text).to_string())
}

/// Whether the phrase's head is a medium ("the RIA news agency", "TASS"): then it is the source
/// itself, not a relay.
pub(crate) fn is_medium(ctx: &Ctx, np: Np) -> bool {
    lexicon::is_media_word(ctx.str(np.head))
}
