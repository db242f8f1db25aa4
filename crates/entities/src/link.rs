//! Cross-article identity: one job, merging the entities of many articles into canonical
//! report entities.
//!
//! Rules, in order:
//! 1. **Full names and keys.** People with a name of two or more words merge by that name's
//!    normalised key ("Anatoly Antonov"); other entities merge when any of their names or
//!    aliases share a key ([`crate::lexicon::name_key`]: "U.S." = "US" = "the United States"),
//!    whatever type the tagger gave each (the majority type wins).
//! 2. **Short forms.** An entity known only by one word joins the one longer entity it is
//!    short for: a person's surname ("Antonov" -> "Anatoly Antonov"), an organisation's first
//!    word ("RIA" -> "RIA Novosti"), an acronym ("UN" -> "United Nations"). When two longer
//!    entities fit (two different Smiths), it joins neither.
//! 3. **Identity.** The canonical name is the one most articles use (ties: the longest, then
//!    alphabetical); the id is derived from type and canonical key, so it does not depend on the
//!    order of the articles.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use storyline_core::content_id;
use storyline_core::report::{Entity, EntityType};

use crate::DocEntities;
use crate::lexicon::{acronym, fold, initials, name_key};

/// Canonical entities of a set of articles and where each article's entities went.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Linked {
    /// Canonical entities, sorted by id.
    pub entities: Vec<Entity>,
    /// `map[article][local entity]` = index into `entities`.
    pub map: Vec<Vec<usize>>,
}

impl Linked {
    /// The canonical id of entity `local` of article `article` (indices as given to
    /// [`link_entities`]).
    pub fn id_of(&self, article: usize, local: usize) -> Option<&str> {
        let g = *self.map.get(article)?.get(local)?;
        self.entities.get(g).map(|e| e.id.as_str())
    }
}

struct Uf(Vec<usize>);

impl Uf {
    fn find(&mut self, x: usize) -> usize {
        let mut r = x;
        while self.0[r] != r {
            r = self.0[r];
        }
        let mut x = x;
        while self.0[x] != r {
            let n = self.0[x];
            self.0[x] = r;
            x = n;
        }
        r
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            // The smaller index wins, so the result does not depend on the order of unions.
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            self.0[hi] = lo;
        }
    }
}

/// One article's entity, as a node of the merge.
struct Node<'a> {
    article: usize,
    local: usize,
    name: &'a str,
    kind: EntityType,
    aliases: &'a [String],
    roles: &'a [String],
    key: String,
    words: usize,
}

/// Merge the entities of `articles` (each article's [`DocEntities`]) into canonical entities.
/// The result depends on the set of articles, not on their order, provided `articles` are
/// given in a stable order for `map` (e.g. sorted by article id).
pub fn link_entities(articles: &[&DocEntities]) -> Linked {
    let mut nodes: Vec<Node<'_>> = Vec::new();
    for (a, doc) in articles.iter().enumerate() {
        for (l, e) in doc.entities.iter().enumerate() {
            nodes.push(Node {
                article: a,
                local: l,
                name: &e.name,
                kind: e.kind,
                aliases: &e.aliases,
                roles: &e.roles,
                key: name_key(&e.name),
                words: e.name.split_whitespace().count(),
            });
        }
    }
    // Process nodes in an order that depends only on their content.
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    order.sort_by(|&x, &y| {
        let (a, b) = (&nodes[x], &nodes[y]);
        (a.kind, &a.key, a.name, a.aliases, a.roles).cmp(&(b.kind, &b.key, b.name, b.aliases, b.roles))
    });
    let rank: Vec<usize> = {
        let mut r = vec![0; nodes.len()];
        for (i, &n) in order.iter().enumerate() {
            r[n] = i;
        }
        r
    };
    let mut uf = Uf((0..nodes.len()).collect());
    // 1. Shared keys.
    let mut by_key: FxHashMap<(bool, String), usize> = FxHashMap::default();
    for &i in &order {
        let n = &nodes[i];
        let person = n.kind == EntityType::Person;
        let mut keys: Vec<String> = Vec::new();
        if person {
            if n.words >= 2 {
                keys.push(n.key.clone());
            }
        } else {
            keys.push(n.key.clone());
            for a in n.aliases {
                keys.push(name_key(a));
            }
        }
        for k in keys {
            if k.is_empty() {
                continue;
            }
            match by_key.get(&(person, k.clone())) {
                Some(&j) => uf.union(rank[i].min(rank[j]), rank[i].max(rank[j])),
                None => {
                    by_key.insert((person, k), i);
                }
            }
        }
    }
    // Groups so far, by root (in rank space).
    let root_of = |uf: &mut Uf, i: usize| uf.find(rank[i]);
    // 2. Short forms.
    let mut surnames: FxHashMap<String, BTreeSet<usize>> = FxHashMap::default();
    let mut first_words: FxHashMap<String, BTreeSet<usize>> = FxHashMap::default();
    let mut acronyms: FxHashMap<String, BTreeSet<usize>> = FxHashMap::default();
    for (i, n) in nodes.iter().enumerate() {
        if n.words < 2 {
            continue;
        }
        let r = root_of(&mut uf, i);
        if n.kind == EntityType::Person {
            if let Some(last) = n.key.split(' ').next_back() {
                surnames.entry(last.to_string()).or_default().insert(r);
            }
        } else {
            if n.kind == EntityType::Organization
                && let Some(first) = n.name.split_whitespace().next()
            {
                first_words.entry(name_key(first)).or_default().insert(r);
            }
            if let Some(ini) = initials(n.name) {
                acronyms.entry(ini).or_default().insert(r);
            }
        }
    }
    let mut merged = vec![false; nodes.len()];
    for &i in &order {
        let n = &nodes[i];
        if n.words != 1 {
            continue;
        }
        let candidates: Option<&BTreeSet<usize>> = match n.kind {
            EntityType::Person => surnames.get(&n.key),
            // A lone surname the tagger did not type as a person.
            EntityType::Organization | EntityType::Other if surnames.contains_key(&n.key) => surnames.get(&n.key),
            EntityType::Organization => {
                first_words.get(&n.key).or_else(|| acronym(n.name).and_then(|a| acronyms.get(&a)))
            }
            _ => acronym(n.name).and_then(|a| acronyms.get(&a)),
        };
        if let Some(c) = candidates
            && c.len() == 1
            && let Some(&r) = c.iter().next()
        {
            let me = rank[i];
            uf.union(me.min(r), me.max(r));
            merged[i] = true;
        }
    }
    // Single-word people left alone group by their word.
    let mut lone: FxHashMap<String, usize> = FxHashMap::default();
    for &i in &order {
        let n = &nodes[i];
        if n.kind == EntityType::Person && n.words == 1 && !merged[i] {
            match lone.get(&n.key) {
                Some(&j) => uf.union(rank[j].min(rank[i]), rank[j].max(rank[i])),
                None => {
                    lone.insert(n.key.clone(), i);
                }
            }
        }
    }
    // 3. Canonical entities.
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &r) in rank.iter().enumerate() {
        let root = uf.find(r);
        groups.entry(root).or_default().push(i);
    }
    let mut entities: Vec<(Entity, Vec<usize>)> = Vec::new();
    let mut used_ids: BTreeSet<String> = BTreeSet::new();
    for members in groups.values() {
        let mut type_votes: BTreeMap<EntityType, usize> = BTreeMap::new();
        let mut name_votes: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
        for &i in members {
            *type_votes.entry(nodes[i].kind).or_default() += 1;
            name_votes.entry(nodes[i].name).or_default().insert(nodes[i].article);
        }
        let kind = type_votes
            .iter()
            .max_by_key(|(t, n)| (**n, std::cmp::Reverse(**t)))
            .map(|(t, _)| *t)
            .unwrap_or(EntityType::Other);
        let name = name_votes
            .iter()
            .max_by(|a, b| {
                let wa = a.0.split_whitespace().count().min(3);
                let wb = b.0.split_whitespace().count().min(3);
                // People by their fullest name; others by the name most articles use.
                let pa = if kind == EntityType::Person { (wa, a.1.len()) } else { (a.1.len(), wa) };
                let pb = if kind == EntityType::Person { (wb, b.1.len()) } else { (b.1.len(), wb) };
                pa.cmp(&pb).then(a.0.len().cmp(&b.0.len())).then(b.0.cmp(a.0))
            })
            .map(|(n, _)| n.to_string())
            .unwrap_or_default();
        // A short form ("RIA", "U.S.") gives way to the full name it stands for.
        let expansion = name_votes
            .iter()
            .filter(|(n, _)| {
                let mut w = n.split_whitespace();
                let first = w.next().map(name_key);
                w.next().is_some()
                    && (first.as_deref() == Some(name_key(&name).as_str())
                        || acronym(&name).is_some_and(|a| initials(n).as_deref() == Some(a.as_str())))
            })
            .max_by(|a, b| a.1.len().cmp(&b.1.len()).then(b.0.cmp(a.0)))
            .map(|(n, _)| n.to_string());
        let name = match expansion {
            Some(full) if name.split_whitespace().count() == 1 => full,
            _ => name,
        };
        let mut aliases: Vec<String> = Vec::new();
        let mut seen: BTreeSet<String> = BTreeSet::new();
        seen.insert(name.clone());
        let mut all_names: Vec<&str> = Vec::new();
        for &i in members {
            all_names.push(nodes[i].name);
            all_names.extend(nodes[i].aliases.iter().map(String::as_str));
        }
        all_names.sort_unstable();
        for a in all_names {
            if seen.insert(a.to_string()) {
                aliases.push(a.to_string());
            }
        }
        // Roles by how many articles state them, then alphabetically; one spelling per role.
        let mut role_votes: BTreeMap<String, (BTreeSet<usize>, String)> = BTreeMap::new();
        for &i in members {
            for r in nodes[i].roles {
                let k = fold(r).replace('.', "");
                let e = role_votes.entry(k).or_insert_with(|| (BTreeSet::new(), r.clone()));
                e.0.insert(nodes[i].article);
                if r < &e.1 {
                    e.1 = r.clone();
                }
            }
        }
        let mut roles: Vec<(usize, String)> = role_votes.into_values().map(|(a, r)| (a.len(), r)).collect();
        roles.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let roles: Vec<String> = roles.into_iter().map(|(_, r)| r).collect();
        let mut id = content_id(format!("{}:{}", kind.as_str(), name_key(&name)).as_bytes());
        if !used_ids.insert(id.clone()) {
            id = content_id(format!("{}:{}:{}", kind.as_str(), name_key(&name), aliases.join("|")).as_bytes());
            used_ids.insert(id.clone());
        }
        entities.push((Entity { id, name, kind, aliases, roles }, members.clone()));
    }
    entities.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    let mut map: Vec<Vec<usize>> = articles.iter().map(|d| vec![usize::MAX; d.entities.len()]).collect();
    for (g, (_, members)) in entities.iter().enumerate() {
        for &i in members {
            let n = &nodes[i];
            if let Some(slot) = map.get_mut(n.article).and_then(|m| m.get_mut(n.local)) {
                *slot = g;
            }
        }
    }
    Linked { entities: entities.into_iter().map(|(e, _)| e).collect(), map }
}
