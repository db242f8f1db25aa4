//! Within-article resolution: one job, turning the tagger's names into the article's entities.
//!
//! - **Names to entities.** Person names group by full name; a surname alone ("Antonov") joins
//!   the one full name it ends ("Anatoly Antonov"), or the nearest one before it when two share
//!   it. Other names group by a normalised key that merges well-known variants ("U.S." = "US" =
//!   "the United States"), acronyms of a longer name in the article, and a first word standing
//!   for the full name ("RIA" for "RIA Novosti").
//! - **Roles** ([`crate::roles`]) attach to the person they describe, and a title at the start
//!   of a tagged name ("President Biden") moves out of the name into the roles.
//! - **Descriptions** ("the ambassador", "the Russian envoy", "the American president") become
//!   nominal mentions of the most recent person whose roles fit them: same kind of role
//!   ("diplomat" fits an ambassador), and no conflicting nationality or destination. When the
//!   most recent fitting antecedent is itself an unresolved description, the new one stays
//!   unresolved too: a guess would be worse than nothing.

use rustc_hash::{FxHashMap, FxHashSet};

use storyline_core::Span;
use storyline_core::report::EntityType;
use storyline_core::text::Token;

use crate::lexicon::{
    self, CLASS_PHRASES, acronym, fold, gender_of_word, initials, is_name_title, name_key, same_place,
};
use crate::roles::{self, Role, Sentence, Tok};
use crate::{DocEntities, DocEntity, Mention, MentionForm};

/// A name found by the tagger.
#[derive(Clone, Copy, Debug)]
pub struct Name {
    pub span: Span,
    pub ty: EntityType,
}

/// A name located in the token stream.
#[derive(Clone, Debug)]
struct Located {
    /// Sentence index and token range within the sentence.
    sent: usize,
    a: usize,
    b: usize,
    ty: EntityType,
    surface: String,
    key: String,
    entity: usize,
}

fn type_index(t: EntityType) -> u8 {
    match t {
        EntityType::Person => 0,
        EntityType::Organization => 1,
        EntityType::Location => 2,
        EntityType::Other => 3,
    }
}

/// Text of tokens `a..b` of a sentence with whitespace runs collapsed to one space.
fn surface(text: &str, toks: &[Token], a: usize, b: usize) -> String {
    match (toks.get(a), toks.get(b.wrapping_sub(1))) {
        (Some(x), Some(y)) if b > a => {
            Span::new(x.span.start, y.span.end).slice(text).split_whitespace().collect::<Vec<_>>().join(" ")
        }
        _ => String::new(),
    }
}

struct Builder {
    entities: Vec<DocEntity>,
    /// Parsed roles per entity, for matching descriptions.
    roles: Vec<Vec<Role>>,
}

impl Builder {
    fn add_role(&mut self, e: usize, text: String, role: Role) {
        let Some(ent) = self.entities.get_mut(e) else { return };
        let k = fold(&text);
        if !ent.roles.iter().any(|r| fold(r) == k) {
            ent.roles.push(text);
        }
        self.roles[e].push(role);
    }
}

/// Group names into entities, find roles and descriptions.
///
/// `namey` says whether a capitalised word is usually a name (from the tagger's casing
/// statistics); it lets a person name take in a first name the tagger left in a title
/// ("... to the United States Anatoly Antonov").
pub fn resolve(
    text: &str,
    tokens: &[Token],
    sentences: &[Span],
    names: Vec<Name>,
    namey: &dyn Fn(&str) -> bool,
) -> DocEntities {
    // Tokens per sentence.
    let mut sent_toks: Vec<Vec<Token>> = vec![Vec::new(); sentences.len().max(1)];
    {
        let mut si = 0;
        for &t in tokens {
            while si + 1 < sentences.len() && t.span.start >= sentences[si].end {
                si += 1;
            }
            sent_toks[si].push(t);
        }
    }
    let sent_words: Vec<Vec<&str>> =
        sent_toks.iter().map(|st| st.iter().map(|t| t.span.slice(text)).collect()).collect();
    let names = titled_names(&sent_toks, &sent_words, names, namey);
    // Locate names: sentence and token range.
    let mut located: Vec<Located> = Vec::new();
    // Titles moved out of names: (sentence, start, end, index of the name in `located`).
    let mut titles: Vec<(usize, usize, usize, usize)> = Vec::new();
    for n in names {
        let si = sent_toks.partition_point(|st| st.last().is_some_and(|l| l.span.end < n.span.end));
        let Some(st) = sent_toks.get(si) else { continue };
        let a = st.partition_point(|t| t.span.start < n.span.start);
        let b = st.partition_point(|t| t.span.end <= n.span.end);
        if st.get(a).map(|t| t.span.start) != Some(n.span.start) || b == 0 || st[b - 1].span.end != n.span.end {
            continue;
        }
        if b <= a {
            continue;
        }
        let mut a = a;
        if n.ty == EntityType::Person {
            // A first name left out of the name: capitalised, name-like, not a title word, and
            // not already part of another name.
            let mut k = 0;
            while a > 0 && k < 2 {
                let w = st[a - 1].span.slice(text);
                // Names come in text order: only the last one can end where this one starts.
                let taken = located.last().is_some_and(|l: &Located| l.sent == si && l.b >= a);
                let ok = w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '.')
                    && !lexicon::is_role_head(w)
                    && !lexicon::is_role_modifier(w)
                    && !is_name_title(w)
                    && !taken
                    && namey(w);
                if !ok {
                    break;
                }
                a -= 1;
                k += 1;
            }
        }
        let mut a2 = a;
        if n.ty == EntityType::Person {
            // "President Biden", "Mr. Smith": the title is a role, not part of the name.
            while a2 + 1 < b && is_name_title(st[a2].span.slice(text)) {
                a2 += 1;
            }
        }
        let s = surface(text, st, a2, b);
        if s.is_empty() || !s.chars().any(char::is_alphanumeric) {
            continue;
        }
        let key = name_key(&s);
        if a2 > a {
            titles.push((si, a, a2, located.len()));
        }
        located.push(Located { sent: si, a: a2, b, ty: n.ty, surface: s, key, entity: usize::MAX });
    }
    let mut b = Builder { entities: Vec::new(), roles: Vec::new() };
    group(&mut located, &mut b);
    propagate_surnames(text, &sent_toks, &mut located, &mut b, namey);
    // Sentence views for the role scanner.
    let mut views: Vec<Sentence<'_>> = sent_words
        .into_iter()
        .map(|words| {
            let kinds: Vec<Tok> = words
                .iter()
                .map(|w| {
                    if w.starts_with(|c: char| c.is_alphanumeric()) || w.starts_with(['\'', '’']) {
                        Tok::Word
                    } else {
                        Tok::Punct
                    }
                })
                .collect();
            Sentence { words, kinds }
        })
        .collect();
    for l in &located {
        if let Some(v) = views.get_mut(l.sent) {
            let end = l.b.min(v.kinds.len());
            for k in v.kinds.get_mut(l.a..end).unwrap_or(&mut []) {
                *k = Tok::Name(type_index(l.ty));
            }
        }
    }
    // Roles of people; the token ranges they cover (not descriptions).
    let mut role_ranges: Vec<(usize, usize, usize)> = titles.iter().map(|t| (t.0, t.1, t.2)).collect();
    for l in located.iter().filter(|l| l.ty == EntityType::Person) {
        let s = &views[l.sent];
        let st = &sent_toks[l.sent];
        let found = [roles::title_before(s, l.a), roles::apposition_before(s, l.a), roles::apposition_after(s, l.b)];
        for r in found.into_iter().flatten() {
            let t = surface(text, st, r.start, r.end);
            role_ranges.push((l.sent, r.start, r.end));
            if b.entities[l.entity].gender.is_none() {
                b.entities[l.entity].gender = (r.start..r.end).find_map(|i| gender_of_word(s.words[i]));
            }
            b.add_role(l.entity, t, r);
        }
    }
    for &(si, a, e, li) in &titles {
        // Titles cut from a name belong to the name that follows them.
        if let Some(l) = located.get(li) {
            let s = &views[si];
            if b.entities[l.entity].gender.is_none() {
                b.entities[l.entity].gender = (a..e).find_map(|i| gender_of_word(s.words[i]));
            }
            if let Some(r) = roles::parse(s, a, e) {
                let t = surface(text, &sent_toks[si], a, e);
                b.add_role(l.entity, t, r);
            }
        }
    }
    // Mentions of names.
    let mut mentions: Vec<Mention> = Vec::new();
    for l in &located {
        let st = &sent_toks[l.sent];
        let span = Span::new(st[l.a].span.start, st[l.b - 1].span.end);
        mentions.push(Mention { span, kind: b.entities[l.entity].kind, entity: l.entity, form: MentionForm::Name });
    }
    // Descriptions.
    let nominals = descriptions(&views, &role_ranges);
    resolve_descriptions(nominals, &sent_toks, &located, &b, &mut mentions);
    mentions.sort_by_key(|m| (m.span.start, m.span.end));
    renumber(DocEntities { mentions, entities: b.entities })
}

/// Person names the tagger missed right after a title: "... Ambassador to the United States
/// Anatoly Antonov left" (two or three capitalised, name-like words after a role noun and its
/// complement). Title-case headlines are left alone: every word there is capitalised.
fn titled_names(
    sent_toks: &[Vec<Token>],
    sent_words: &[Vec<&str>],
    mut names: Vec<Name>,
    namey: &dyn Fn(&str) -> bool,
) -> Vec<Name> {
    let spans: Vec<(Span, EntityType)> = names.iter().map(|n| (n.span, n.ty)).collect();
    let name_at = |t: &Token| -> Option<EntityType> {
        let i = spans.partition_point(|(s, _)| s.end <= t.span.start);
        spans.get(i).filter(|(s, _)| s.start <= t.span.start && t.span.end <= s.end).map(|x| x.1)
    };
    let namelike = |w: &str| {
        let mut cs = w.chars();
        cs.next().is_some_and(char::is_uppercase)
            && w.chars().count() >= 2
            && cs.all(|c| c.is_lowercase() || c == '-' || c == '\'')
            && !lexicon::is_role_head(w)
            && !lexicon::is_role_modifier(w)
            && !is_name_title(w)
            && namey(w)
    };
    let mut found: Vec<Span> = Vec::new();
    for (st, words) in sent_toks.iter().zip(sent_words) {
        let (mut long, mut lower) = (0usize, 0usize);
        for w in words.iter().filter(|w| w.chars().nth(3).is_some() && w.starts_with(char::is_alphabetic)) {
            long += 1;
            lower += usize::from(w.starts_with(char::is_lowercase));
        }
        if long >= 3 && lower == 0 {
            continue;
        }
        let n = words.len();
        for i in 0..n {
            if name_at(&st[i]).is_some() || !lexicon::is_role_head(words[i]) {
                continue;
            }
            let mut j = i + 1;
            if j < n && matches!(words[j], "to" | "of") {
                let mut k = j + 1;
                if k < n && words[k] == "the" {
                    k += 1;
                }
                let k0 = k;
                while k < n && matches!(name_at(&st[k]), Some(t) if t != EntityType::Person) {
                    k += 1;
                }
                if k > k0 {
                    j = k;
                }
            }
            // A name the tagger gave another type there ("Antonov" as "other") is taken over.
            let mut k = j;
            while k < n
                && k - j < 3
                && matches!(name_at(&st[k]), None | Some(EntityType::Other | EntityType::Organization))
                && namelike(words[k])
            {
                k += 1;
            }
            let next_cap = words.get(k).is_some_and(|w| w.starts_with(char::is_uppercase));
            if k - j >= 2 && !next_cap {
                let span = Span::new(st[j].span.start, st[k - 1].span.end);
                // Only when no name straddles the run's edges.
                let straddles = spans.iter().any(|(s, _)| s.overlaps(span) && !span.contains(*s));
                if !straddles {
                    found.push(span);
                }
            }
        }
    }
    found.sort();
    found.dedup();
    names.retain(|n| !found.iter().any(|f| f.overlaps(n.span)));
    names.extend(found.into_iter().map(|span| Name { span, ty: EntityType::Person }));
    names.sort_by_key(|n| (n.span.start, n.span.end));
    names
}

/// A person's surname wherever else the article writes it is that person, even where the
/// tagger missed it ("Antonov said ..." at the start of a sentence): the document-level
/// consistency a per-sentence tagger lacks.
fn propagate_surnames(
    text: &str,
    sent_toks: &[Vec<Token>],
    located: &mut Vec<Located>,
    b: &mut Builder,
    namey: &dyn Fn(&str) -> bool,
) {
    let mut surnames: FxHashMap<&str, Option<usize>> = FxHashMap::default();
    for l in located.iter() {
        let person = b.entities.get(l.entity).is_some_and(|e| e.kind == EntityType::Person);
        if !person || l.b - l.a < 2 {
            continue;
        }
        let Some(last) = sent_toks.get(l.sent).and_then(|st| st.get(l.b - 1)) else { continue };
        let w = last.span.slice(text);
        let slot = surnames.entry(w).or_insert(Some(l.entity));
        if *slot != Some(l.entity) {
            *slot = None; // two people share it: leave it alone
        }
    }
    if surnames.is_empty() {
        return;
    }
    let mut taken: FxHashSet<(usize, usize)> = FxHashSet::default();
    for l in located.iter() {
        for t in l.a..l.b {
            taken.insert((l.sent, t));
        }
    }
    let mut added = Vec::new();
    for (si, st) in sent_toks.iter().enumerate() {
        for (i, t) in st.iter().enumerate() {
            let w = t.span.slice(text);
            let Some(Some(e)) = surnames.get(w) else { continue };
            let next_cap = st.get(i + 1).is_some_and(|n| n.span.slice(text).starts_with(char::is_uppercase));
            if taken.contains(&(si, i)) || next_cap || !namey(w) {
                continue;
            }
            added.push(Located {
                sent: si,
                a: i,
                b: i + 1,
                ty: EntityType::Person,
                surface: w.to_string(),
                key: name_key(w),
                entity: *e,
            });
        }
    }
    if !added.is_empty() {
        for l in &added {
            if let Some(ent) = b.entities.get_mut(l.entity)
                && ent.name != l.surface
                && !ent.aliases.contains(&l.surface)
            {
                ent.aliases.push(l.surface.clone());
            }
        }
        located.extend(added);
        located.sort_by_key(|l| (l.sent, l.a));
    }
}

/// Group located names into entities (sets `entity` on each).
fn group(located: &mut [Located], b: &mut Builder) {
    let mut by_key: FxHashMap<(bool, String), usize> = FxHashMap::default();
    let new_entity = |b: &mut Builder, l: &Located| {
        b.entities.push(DocEntity {
            name: l.surface.clone(),
            kind: l.ty,
            aliases: Vec::new(),
            roles: Vec::new(),
            gender: None,
        });
        b.roles.push(Vec::new());
        b.entities.len() - 1
    };
    // 1. Multi-token person names and all non-person names by key.
    for l in located.iter_mut() {
        let person = l.ty == EntityType::Person;
        if person && l.b - l.a < 2 {
            continue;
        }
        let k = (person, l.key.clone());
        let e = match by_key.get(&k) {
            Some(&e) => e,
            None => {
                let e = new_entity(b, l);
                by_key.insert(k, e);
                e
            }
        };
        l.entity = e;
    }
    // Surnames of full person names -> entities (with the positions of their mentions).
    let mut surnames: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for l in located.iter().filter(|l| l.ty == EntityType::Person && l.entity != usize::MAX) {
        if let Some(last) = l.key.split(' ').next_back() {
            let v = surnames.entry(last.to_string()).or_default();
            if !v.contains(&l.entity) {
                v.push(l.entity);
            }
        }
    }
    // 2. Single-token person names (and single tokens of other types that are exactly a
    //    person's surname): the person, when one fits.
    for i in 0..located.len() {
        let single = located[i].b - located[i].a == 1;
        let is_person = located[i].ty == EntityType::Person;
        // An organisation or "other" name that is exactly a person's surname is that person
        // (the tagger's type slips on lone surnames); a place name is left alone.
        let retype = matches!(located[i].ty, EntityType::Organization | EntityType::Other)
            && surnames.contains_key(&located[i].key);
        if !single || !(is_person || retype) {
            continue;
        }
        let key = located[i].key.clone();
        let target = match surnames.get(&key).map(Vec::as_slice) {
            Some([e]) => Some(*e),
            Some(many) if !many.is_empty() => {
                // The nearest full name before this mention.
                let before = located[..i].iter().rev().find(|l| many.contains(&l.entity)).map(|l| l.entity);
                before.or(Some(many[0]))
            }
            _ => None,
        };
        match target {
            Some(e) => {
                located[i].entity = e;
                located[i].ty = EntityType::Person;
            }
            None if is_person => {
                let k = (true, key);
                let e = match by_key.get(&k) {
                    Some(&e) => e,
                    None => {
                        let e = new_entity(b, &located[i]);
                        by_key.insert(k, e);
                        e
                    }
                };
                located[i].entity = e;
            }
            None => {}
        }
    }
    // 3. Acronyms and first words of longer non-person names: "UN" / "United Nations",
    //    "RIA" / "RIA Novosti". Only when exactly one longer entity fits.
    let mut by_initials: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    let mut by_first: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for l in located.iter().filter(|l| l.ty != EntityType::Person && l.b - l.a >= 2) {
        if let Some(ini) = initials(&l.surface) {
            by_initials.entry(ini).or_default().push(l.entity);
        }
        // "RIA" for "RIA Novosti": organisations only ("US" is not "US State Department").
        if l.ty == EntityType::Organization
            && let Some(first) = l.surface.split_whitespace().next()
        {
            by_first.entry(name_key(first)).or_default().push(l.entity);
        }
    }
    for i in 0..located.len() {
        let l = &located[i];
        if l.ty == EntityType::Person || l.b - l.a != 1 {
            continue;
        }
        let mut fits: Vec<usize> = Vec::new();
        if let Some(v) = acronym(&l.surface).and_then(|a| by_initials.get(&a)) {
            fits.extend(v);
        }
        if l.ty == EntityType::Organization
            && l.key.chars().count() >= 2
            && let Some(v) = by_first.get(&l.key)
        {
            fits.extend(v);
        }
        fits.retain(|&e| e != l.entity);
        fits.sort_unstable();
        fits.dedup();
        if let [e] = fits[..] {
            merge_into(located, b, located[i].entity, e);
        }
    }
    // Names and aliases: the fullest form names the entity.
    let mut forms: Vec<Vec<(usize, String)>> = vec![Vec::new(); b.entities.len()];
    let mut type_votes: Vec<[usize; 4]> = vec![[0; 4]; b.entities.len()];
    for l in located.iter() {
        if l.entity == usize::MAX {
            continue;
        }
        forms[l.entity].push((l.b - l.a, l.surface.clone()));
        type_votes[l.entity][type_index(l.ty) as usize] += 1;
    }
    for (e, ent) in b.entities.iter_mut().enumerate() {
        let f = &forms[e];
        if let Some((_, best)) =
            f.iter().max_by(|x, y| x.0.cmp(&y.0).then(x.1.len().cmp(&y.1.len())).then(y.1.cmp(&x.1)))
        {
            ent.name = best.clone();
        }
        let mut aliases: Vec<String> = Vec::new();
        for (_, s) in f {
            if *s != ent.name && !aliases.contains(s) {
                aliases.push(s.clone());
            }
        }
        ent.aliases = aliases;
        let v = type_votes[e];
        if let Some(t) = (0..4).max_by_key(|&t| (v[t], 4 - t)) {
            ent.kind = crate::entity_type(t as u8);
        }
        if ent.kind != EntityType::Person && lexicon::is_institution_seat(&name_key(&ent.name)) {
            ent.kind = EntityType::Organization;
        }
    }
    // Mentions carry their entity's type.
    for l in located.iter_mut() {
        if let Some(ent) = b.entities.get(l.entity) {
            l.ty = ent.kind;
        }
    }
}

fn merge_into(located: &mut [Located], b: &mut Builder, from: usize, to: usize) {
    if from == to || from == usize::MAX {
        return;
    }
    for l in located.iter_mut() {
        if l.entity == from {
            l.entity = to;
        }
    }
    let roles = std::mem::take(&mut b.roles[from]);
    b.roles[to].extend(roles);
}

/// A description ("the Russian envoy") found in the text.
struct Description {
    sent: usize,
    a: usize,
    b: usize,
    role: Role,
}

/// Descriptions of people: a determiner or possessive, title words, a singular role noun and
/// an optional complement, not part of a title or apposition already read as a role.
fn descriptions(views: &[Sentence<'_>], role_ranges: &[(usize, usize, usize)]) -> Vec<Description> {
    let mut out = Vec::new();
    for (si, s) in views.iter().enumerate() {
        let n = s.words.len();
        let mut i = 0;
        while i < n {
            let w = s.words[i];
            let covered = |x: usize| role_ranges.iter().any(|&(rs, ra, rb)| rs == si && x >= ra && x < rb);
            if s.kinds[i] != Tok::Word || !w.starts_with(char::is_alphabetic) || !lexicon::is_role_head(w) || covered(i)
            {
                i += 1;
                continue;
            }
            // Complement or a class phrase ("head of state").
            let mut end = i + 1;
            let mut class_override: Option<&'static str> = None;
            for (phrase, class) in CLASS_PHRASES {
                let pw: Vec<&str> = phrase.split(' ').collect();
                if i + pw.len() <= n && (0..pw.len()).all(|k| fold(s.words[i + k]) == pw[k]) {
                    end = i + pw.len();
                    class_override = Some(class);
                }
            }
            if class_override.is_none() && end < n && matches!(fold(s.words[end]).as_str(), "of" | "to") {
                let mut j = end + 1;
                if j < n && matches!(fold(s.words[j]).as_str(), "the") {
                    j += 1;
                }
                let k0 = j;
                while j < n && matches!(s.kinds[j], Tok::Name(1..=3)) {
                    j += 1;
                }
                if j > k0 {
                    end = j;
                }
            }
            // A name right after is a title or apposition, read already as a role.
            let next_is_person = |x: usize| matches!(s.kinds.get(x), Some(Tok::Name(0)));
            if next_is_person(end) || (s.words.get(end) == Some(&",") && next_is_person(end + 1)) {
                i = end;
                continue;
            }
            // Left: title words back to a determiner or a possessive.
            let mut a = i;
            let mut start: Option<usize> = None;
            while a > 0 {
                let p = s.words[a - 1];
                if matches!(fold(p).as_str(), "the" | "this" | "that") {
                    start = Some(a - 1);
                    break;
                }
                if matches!(fold(p).as_str(), "'s" | "'") && a >= 2 && matches!(s.kinds[a - 2], Tok::Name(1..=3)) {
                    let mut k = a - 2;
                    while k > 0 && s.kinds[k - 1] == s.kinds[a - 2] {
                        k -= 1;
                    }
                    start = Some(k);
                    break;
                }
                let ok = matches!(s.kinds[a - 1], Tok::Name(1..=3))
                    || (s.kinds[a - 1] == Tok::Word && lexicon::is_role_modifier(p) && !covered(a - 1));
                if !ok {
                    break;
                }
                a -= 1;
            }
            if let Some(st) = start
                && let Some(mut role) = roles::parse(s, st, end)
            {
                if let Some(c) = class_override {
                    role.class = c;
                }
                out.push(Description { sent: si, a: st, b: end, role });
            }
            i = end;
        }
    }
    out
}

/// Whether a description fits a role.
fn fits(d: &Role, r: &Role) -> bool {
    if d.class != r.class && d.head != r.head {
        return false;
    }
    let meets = |x: &[String], y: &[String]| x.iter().any(|a| y.iter().any(|b| same_place(a, b)));
    // A nationality in the description must be one the role states ("the Russian leader" needs
    // a Russian role); a destination must not contradict one.
    let nationality_ok = d.nationality.is_empty() || meets(&d.nationality, &r.nationality);
    let destination_ok = d.destination.is_empty() || r.destination.is_empty() || meets(&d.destination, &r.destination);
    nationality_ok && destination_ok
}

fn resolve_descriptions(
    nominals: Vec<Description>,
    sent_toks: &[Vec<Token>],
    located: &[Located],
    b: &Builder,
    mentions: &mut Vec<Mention>,
) {
    // Antecedent candidates in text order: (sentence, token, Some(entity) | None for an
    // unresolved description, the description's role).
    enum Ante<'r> {
        Person(usize),
        Desc(Option<usize>, &'r Role),
    }
    let mut events: Vec<(usize, usize, Ante<'_>)> = located
        .iter()
        .filter(|l| l.ty == EntityType::Person && l.entity != usize::MAX)
        .map(|l| (l.sent, l.a, Ante::Person(l.entity)))
        .collect();
    events.sort_by_key(|e| (e.0, e.1));
    for d in &nominals {
        let here = (d.sent, d.a);
        let mut chosen: Option<Option<usize>> = None;
        for (s, t, ante) in events.iter().rev() {
            if (*s, *t) >= here {
                continue;
            }
            match ante {
                Ante::Person(e) => {
                    if b.roles.get(*e).is_some_and(|rs| rs.iter().any(|r| fits(&d.role, r))) {
                        chosen = Some(Some(*e));
                        break;
                    }
                }
                Ante::Desc(e, r) => {
                    if fits(&d.role, r) {
                        chosen = Some(*e);
                        break;
                    }
                }
            }
        }
        let resolved = chosen.flatten();
        if std::env::var("COREF_DEBUG").is_ok() {
            eprintln!("desc {:?} {:?} -> {:?}", sent_toks[d.sent].get(d.a).map(|t| t.span), d.role, resolved);
        }
        if let Some(e) = resolved {
            let st = &sent_toks[d.sent];
            if let (Some(x), Some(y)) = (st.get(d.a), st.get(d.b - 1)) {
                mentions.push(Mention {
                    span: Span::new(x.span.start, y.span.end),
                    kind: EntityType::Person,
                    entity: e,
                    form: MentionForm::Nominal,
                });
            }
        }
        let pos = events.partition_point(|e| (e.0, e.1) <= here);
        events.insert(pos, (d.sent, d.a, Ante::Desc(resolved, &d.role)));
    }
}

/// Drop entities without mentions and number the rest in order of first mention.
fn renumber(doc: DocEntities) -> DocEntities {
    let mut order: Vec<usize> = Vec::new();
    let mut map: FxHashMap<usize, usize> = FxHashMap::default();
    for m in &doc.mentions {
        if let std::collections::hash_map::Entry::Vacant(v) = map.entry(m.entity) {
            v.insert(order.len());
            order.push(m.entity);
        }
    }
    let entities: Vec<DocEntity> = order.iter().filter_map(|&e| doc.entities.get(e).cloned()).collect();
    let mentions = doc
        .mentions
        .into_iter()
        .filter_map(|mut m| {
            m.entity = *map.get(&m.entity)?;
            Some(m)
        })
        .collect();
    DocEntities { mentions, entities }
}
