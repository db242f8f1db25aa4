//! One event, many reports: group the events of a story that tell the same real event.
//!
//! Two reports are the same event when their dates are compatible (the same day, or a month or
//! year containing the day), their types agree (or one is untyped), they are both planned or both
//! done, and they say the same thing: shared actors, the same trigger, overlapping content words.
//! Grouping is greedy agglomerative on that score, best pairs first, and a group never holds two
//! incompatible dates — so "on March 17" and "on March 20" never meet through a vaguer "in March".
//! Repeated background ("Biden called Putin a killer in March") is thereby one group with every
//! article that repeats it.

use crate::dates::day_range;
use crate::event::Event;
use crate::lexicon::EventType;
use std::collections::HashMap;
use storyline_core::PartialDate;

/// Minimum pair score for two reports to be one event.
pub const MERGE_THRESHOLD: f64 = 0.5;

/// Canonical (story-wide) entity ids of an event's actors and places.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ids {
    pub actors: Vec<String>,
    pub places: Vec<String>,
}

/// A group of reports of one event: indices into the events given to [`group`].
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub members: Vec<usize>,
    /// The most precise date of the group (all members' dates contain it).
    pub date: PartialDate,
    pub kind: EventType,
}

/// How alike two reports are, in 0..=1, or `None` when they cannot be one event.
/// `actors` are the events' canonical actor ids.
pub fn pair_score(a: &Event, b: &Event, ids_a: &Ids, ids_b: &Ids) -> Option<f64> {
    let (actors_a, actors_b) = (&ids_a.actors, &ids_b.actors);
    if !a.date.compatible(b.date) || a.planned != b.planned {
        return None;
    }
    if a.kind != b.kind && a.kind != EventType::Other && b.kind != EventType::Other {
        return None;
    }
    let shared = shared_count(&a.content, &b.content);
    let smaller = a.content.len().min(b.content.len()).max(1);
    let overlap = shared as f64 / smaller as f64;
    let shared_actors = actors_a.iter().filter(|x| actors_b.contains(x)).count();
    let shared_places = ids_a.places.iter().any(|x| ids_b.places.contains(x));
    let same_lemma = a.lemma.is_some() && a.lemma == b.lemma;
    let same_precision = a.date == b.date;
    if shared < 2 && !(shared_actors > 0 && same_lemma) {
        return None;
    }
    let score = 0.5 * overlap
        + if shared_actors > 0 { 0.25 } else { 0.0 }
        + if same_lemma { 0.15 } else { 0.0 }
        + if same_precision { 0.1 } else { 0.0 }
        + if shared_places { 0.1 } else { 0.0 };
    Some(score)
}

fn shared_count(a: &[String], b: &[String]) -> usize {
    // Both sorted and unique.
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The most events compared with one another in one date bucket: keeps a story of thousands of
/// reports on one day within bounded time (the nearest reports in order are compared).
const MAX_BUCKET_PAIRS_PER_EVENT: usize = 400;

/// Group `events` (with their canonical entity ids, `ids[i]` for `events[i]`) into events.
/// Groups are returned in order of their first member.
pub fn group(events: &[Event], ids: &[Ids]) -> Vec<Group> {
    group_with(events, ids, MERGE_THRESHOLD)
}

/// [`group`] with an explicit pair-score threshold (for measuring the trade-off).
pub fn group_with(events: &[Event], ids: &[Ids], threshold: f64) -> Vec<Group> {
    let n = events.len();
    // Candidate pairs only among dates that can be compatible: same year.
    let mut by_year: HashMap<i16, Vec<usize>> = HashMap::new();
    for (i, e) in events.iter().enumerate() {
        by_year.entry(e.date.year).or_default().push(i);
    }
    let mut years: Vec<_> = by_year.into_iter().collect();
    years.sort_by_key(|(y, _)| *y);
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (_, members) in &years {
        // Within a year, sort by first day so that compatible dates sit near each other; a
        // vaguer date (month, year) is compared with everything it contains.
        let mut sorted = members.clone();
        sorted.sort_by_key(|&i| (day_range(events[i].date).0, i));
        for (p, &i) in sorted.iter().enumerate() {
            let (_, last_i) = day_range(events[i].date);
            let mut compared = 0;
            for &j in &sorted[p + 1..] {
                if day_range(events[j].date).0 > last_i {
                    break;
                }
                compared += 1;
                if compared > MAX_BUCKET_PAIRS_PER_EVENT {
                    break;
                }
                let empty = Ids::default();
                let (ai, aj) = (ids.get(i).unwrap_or(&empty), ids.get(j).unwrap_or(&empty));
                if let Some(s) = pair_score(&events[i], &events[j], ai, aj)
                    && s >= threshold
                {
                    pairs.push((s, i.min(j), i.max(j)));
                }
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));

    let mut parent: Vec<usize> = (0..n).collect();
    let mut finest: Vec<PartialDate> = events.iter().map(|e| e.date).collect();
    let mut kind: Vec<EventType> = events.iter().map(|e| e.kind).collect();
    fn find(parent: &mut [usize], x: usize) -> usize {
        let mut r = x;
        while parent[r] != r {
            r = parent[r];
        }
        let mut x = x;
        while parent[x] != r {
            let nx = parent[x];
            parent[x] = r;
            x = nx;
        }
        r
    }
    for (_, i, j) in pairs {
        let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
        if ri == rj {
            continue;
        }
        let (fi, fj) = (finest[ri], finest[rj]);
        if !fi.compatible(fj) {
            continue;
        }
        let (ki, kj) = (kind[ri], kind[rj]);
        if ki != kj && ki != EventType::Other && kj != EventType::Other {
            continue;
        }
        let (lo, hi) = if ri < rj { (ri, rj) } else { (rj, ri) };
        parent[hi] = lo;
        finest[lo] = if fi.contains(fj) { fj } else { fi };
        kind[lo] = if ki == EventType::Other { kj } else { ki };
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut index_of_root: HashMap<usize, usize> = HashMap::new();
    for i in 0..n {
        let r = find(&mut parent, i);
        match index_of_root.get(&r) {
            Some(&g) => groups[g].members.push(i),
            None => {
                index_of_root.insert(r, groups.len());
                groups.push(Group { members: vec![i], date: finest[r], kind: kind[r] });
            }
        }
    }
    groups
}
