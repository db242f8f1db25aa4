//! The dated, sourced timeline of a story: events read from its articles, the reports of one
//! event merged into one entry, disagreements between sources flagged, and the most salient
//! entries kept.
//!
//! ```text
//! articles (Doc) --event::extract--> events (one per dated clause, exact sentence evidence)
//!        --merge::group--> entries (one event, many reports)
//!        --conflict::disagree--> disputed entries + conflicts
//!        --salience--> ranked, optionally truncated, sorted by date
//! ```
//!
//! The entry point is [`story_timeline`]; [`extract_events`] and [`merge::group`] are public so
//! that evaluations can measure each step. Everything is deterministic: events are read in
//! document order, groups are formed by a total order of pair scores, and entries are sorted
//! by date then by their first source.

pub mod clause;
pub mod conflict;
pub mod dates;
pub mod event;
pub mod lexicon;
pub mod merge;

pub use event::{Anchor, Event};
pub use lexicon::EventType;

use std::collections::{BTreeMap, HashMap, HashSet};
use storyline_annotate::Doc;
use storyline_core::report::{Claim, Conflict, Evidence, TimelineEntry};
use storyline_core::{DateBasis, PartialDate};
use storyline_entities::link::Linked;

/// What a timeline may be asked for.
#[derive(Clone, Debug, Default)]
pub struct TimelineOptions {
    /// Keep only the N most salient entries (all when `None`).
    pub max_entries: Option<usize>,
    /// Timeline summarisation: keep entries on the N most salient days only (all when `None`).
    pub max_dates: Option<usize>,
    /// With `max_dates`: how many entries to keep per day (at least one).
    pub per_date: usize,
    /// Keep only entries dated within this period (both ends included).
    pub within: Option<(PartialDate, PartialDate)>,
    /// Day-salience weights ([`DAY_WEIGHTS`] when `None`).
    pub day_weights: Option<DayWeights>,
}

/// A story's timeline and the disagreements between its sources.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StoryTimeline {
    /// Sorted by date (a month before the days inside it), then by first source.
    pub entries: Vec<TimelineEntry>,
    pub conflicts: Vec<Conflict>,
}

/// The events of every article of a story, in article order.
pub fn extract_events(docs: &[&Doc]) -> Vec<Event> {
    docs.iter().enumerate().flat_map(|(i, d)| event::extract(d, i)).collect()
}

/// One merged entry before it is written into the report.
#[derive(Clone, Debug)]
struct Entry {
    members: Vec<usize>,
    date: PartialDate,
    kind: EventType,
    lemma: Option<&'static str>,
    planned: bool,
    actors: Vec<String>,
    places: Vec<String>,
    destination: Option<String>,
    what: String,
    articles: Vec<usize>,
    /// Some report dates it with a time expression (not only the publication date).
    stated: bool,
    disputed: bool,
    salience: f64,
}

/// The timeline of the story made of `docs` (the order `linked` was computed in).
pub fn story_timeline(docs: &[&Doc], linked: &Linked, opts: &TimelineOptions) -> StoryTimeline {
    let events = extract_events(docs);
    let ids = canonical_ids(&events, linked);
    let actor_ids: Vec<Vec<String>> = ids.iter().map(|i| i.actors.clone()).collect();
    let groups = merge::group(&events, &ids);
    let mut entries: Vec<Entry> = groups.iter().map(|g| make_entry(g, &events, &actor_ids, linked, docs)).collect();
    entries.retain(|e| keep_background(e, docs));

    let conflicts = find_conflicts(&mut entries, &events, docs, linked);
    let support = date_support_with(&events, docs, opts.day_weights.unwrap_or(DAY_WEIGHTS));
    score(&mut entries, &events, docs, linked, &support);
    if let Some((from, to)) = opts.within {
        let (lo, hi) = (dates::day_range(from).0, dates::day_range(to).1);
        entries.retain(|e| {
            let (a, b) = dates::day_range(e.date);
            a >= lo && b <= hi
        });
    }
    select(&mut entries, opts, &support);

    entries.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| first_source(a, &events).cmp(&first_source(b, &events))));
    let entries = entries.iter().map(|e| to_report(e, &events, docs)).collect();
    StoryTimeline { entries, conflicts }
}

/// Story-wide entity ids of each event's actors and places.
pub fn canonical_ids(events: &[Event], linked: &Linked) -> Vec<merge::Ids> {
    let ids = |doc: usize, locals: &[usize]| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for &l in locals {
            if let Some(id) = linked.id_of(doc, l)
                && !out.iter().any(|x| x == id)
            {
                out.push(id.to_string());
            }
        }
        out
    };
    events.iter().map(|e| merge::Ids { actors: ids(e.doc, &e.actors), places: ids(e.doc, &e.locations) }).collect()
}

fn first_source(e: &Entry, events: &[Event]) -> (usize, usize) {
    e.members.first().and_then(|&m| events.get(m)).map_or((usize::MAX, 0), |ev| (ev.doc, ev.span.start))
}

/// Build an entry from a group: the most precise date, the majority type, the line of the most
/// informative report among those dated most precisely.
fn make_entry(g: &merge::Group, events: &[Event], actor_ids: &[Vec<String>], linked: &Linked, docs: &[&Doc]) -> Entry {
    let members = &g.members;
    let mut actor_count: BTreeMap<&str, usize> = BTreeMap::new();
    for &m in members {
        for a in actor_ids.get(m).into_iter().flatten() {
            *actor_count.entry(a.as_str()).or_default() += 1;
        }
    }
    let rep = members
        .iter()
        .copied()
        .filter(|&m| events[m].date == g.date)
        .max_by(|&a, &b| {
            representativeness(&events[a], &actor_count, actor_ids.get(a))
                .total_cmp(&representativeness(&events[b], &actor_count, actor_ids.get(b)))
                .then(b.cmp(&a))
        })
        .unwrap_or(members[0]);
    let rep_ev = &events[rep];
    let mut actors: Vec<String> = Vec::new();
    if let Some(first) = actor_ids.get(rep).and_then(|a| a.first()) {
        actors.push(first.clone());
    }
    let mut by_count: Vec<(&str, usize)> = actor_count.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for (a, _) in by_count {
        if !actors.iter().any(|x| x == a) {
            actors.push(a.to_string());
        }
    }
    let mut places: Vec<String> = Vec::new();
    for &m in members {
        for &p in &events[m].places {
            if let Some(id) = linked.id_of(events[m].doc, p)
                && !places.iter().any(|x| x == id)
            {
                places.push(id.to_string());
            }
        }
    }
    let mut lemmas: BTreeMap<&'static str, usize> = BTreeMap::new();
    for &m in members {
        if let Some(l) = events[m].lemma
            && events[m].kind == g.kind
        {
            *lemmas.entry(l).or_default() += 1;
        }
    }
    let lemma = lemmas.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0))).map(|(l, _)| l);
    let destination = members.iter().filter_map(|&m| events[m].destination.clone()).next();
    let mut articles: Vec<usize> = members.iter().map(|&m| events[m].doc).collect();
    articles.sort_unstable();
    articles.dedup();
    let _ = docs;
    Entry {
        members: members.clone(),
        date: g.date,
        kind: g.kind,
        lemma,
        planned: rep_ev.planned,
        actors,
        places,
        destination,
        what: rep_ev.what.clone(),
        articles,
        stated: members.iter().any(|&m| states_a_date(&events[m], docs)),
        disputed: false,
        salience: 0.0,
    }
}

/// Whether the report's date is stated in its own words: a time expression with a number, a
/// month, weekday or season name, or a relative day ("yesterday", "last week", "two days ago"),
/// as the time layer's lexicon reads them. "The day he died" or "that night" only repeats the
/// reference time, which is how a publication day can pass for a claim.
fn states_a_date(e: &Event, docs: &[&Doc]) -> bool {
    use storyline_time::lexicon::{Kw, Lexicon};
    static LEXICON: std::sync::LazyLock<Lexicon> = std::sync::LazyLock::new(Lexicon::new);
    let Anchor::Timex(span) = e.anchor else { return false };
    let Some(text) = docs.get(e.doc).and_then(|d| d.article.text.get(span.start..span.end)) else { return false };
    text.chars().any(|c| c.is_ascii_digit())
        || text.split(|c: char| !c.is_alphabetic()).filter_map(|w| LEXICON.get(w)).any(|l| {
            l.month != 0
                || l.weekday != 0
                || l.season.is_some()
                || matches!(
                    l.kw,
                    Kw::Yesterday | Kw::Today | Kw::Tonight | Kw::Tomorrow | Kw::Last | Kw::Next | Kw::Ago
                )
        })
}

/// How well a report stands for its group: it names the group's actors, carries content, and
/// reads as a line (not too short, not a paragraph); a time expression beats a publication date.
fn representativeness(e: &Event, actor_count: &BTreeMap<&str, usize>, ids: Option<&Vec<String>>) -> f64 {
    let actors: f64 = ids.into_iter().flatten().map(|a| actor_count.get(a.as_str()).copied().unwrap_or(0) as f64).sum();
    let len = e.what.chars().count() as f64;
    let length_fit = if len < 40.0 {
        len / 40.0
    } else if len > 140.0 {
        (140.0 / len).powi(2)
    } else {
        1.0
    };
    let anchored = if matches!(e.anchor, Anchor::Timex(_)) { 0.5 } else { 0.0 };
    actors.min(6.0) * 0.5 + (e.content.len() as f64).min(12.0) * 0.1 + 2.0 * length_fit + anchored
}

/// Background dated only to a year before the story began is kept only when repeated by
/// several articles: "fighting since 2014" told once is context, not a timeline entry.
fn keep_background(e: &Entry, docs: &[&Doc]) -> bool {
    if e.date.month.is_some() {
        return true;
    }
    let first_year = docs.iter().filter_map(|d| d.article.published.date).map(|d| d.year).min();
    match first_year {
        Some(y) if e.date.year < y => e.articles.len() >= 2,
        _ => true,
    }
}

/// Flag disputed entries and describe each disagreement.
fn find_conflicts(entries: &mut [Entry], events: &[Event], docs: &[&Doc], linked: &Linked) -> Vec<Conflict> {
    let n = entries.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let mut any = false;
    for i in 0..n {
        for j in i + 1..n {
            let (a, b) = (&entries[i], &entries[j]);
            let ca = claimant(a, linked);
            let cb = claimant(b, linked);
            if conflict::disagree(&ca, &cb) {
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                parent[rj.max(ri)] = rj.min(ri);
                any = true;
            }
        }
    }
    if !any {
        return Vec::new();
    }
    let mut sets: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let r = root(&mut parent, i);
        sets.entry(r).or_default().push(i);
    }
    let mut out = Vec::new();
    for members in sets.into_values().filter(|m| m.len() > 1) {
        let mut members = members;
        members.sort_by_key(|&i| entries[i].date);
        for &i in &members {
            entries[i].disputed = true;
        }
        let lead = &entries[members[0]];
        let actor = lead
            .actors
            .first()
            .and_then(|id| linked.entities.iter().find(|e| &e.id == id))
            .map_or_else(|| "the actor".to_string(), |e| e.name.clone());
        // The most specific destination named: a city over its country.
        let dest = members.iter().filter_map(|&i| entries[i].destination.as_deref()).max_by_key(|d| {
            let l = d.to_lowercase();
            (lexicon::CAPITALS.iter().any(|(c, _)| *c == l), std::cmp::Reverse(d.len()))
        });
        let about = conflict::about(lead.kind, lead.lemma, &actor, dest);
        let claims = members
            .iter()
            .map(|&i| Claim { value: entries[i].date.to_string(), sources: sources(&entries[i], events, docs) })
            .collect();
        out.push(Conflict { about, claims });
    }
    out
}

fn root(parent: &mut [usize], x: usize) -> usize {
    let mut r = x;
    while parent[r] != r {
        r = parent[r];
    }
    r
}

fn claimant<'a>(e: &'a Entry, _linked: &Linked) -> conflict::Claimant<'a> {
    conflict::Claimant {
        date: e.date,
        kind: e.kind,
        lemma: e.lemma,
        planned: e.planned,
        principal: e.actors.first().map(String::as_str),
        destination: e.destination.as_deref(),
        articles: &e.articles,
        stated: e.stated,
    }
}

/// Independent sources: articles, where articles of one outlet count once and reports with the
/// same words (copies of one wire story) count once.
fn independent_sources(e: &Entry, events: &[Event], docs: &[&Doc]) -> usize {
    let mut outlets: HashSet<String> = HashSet::new();
    let mut texts: HashSet<String> = HashSet::new();
    let mut count = 0;
    let mut seen_docs: HashSet<usize> = HashSet::new();
    for &m in &e.members {
        let ev = &events[m];
        if !seen_docs.insert(ev.doc) {
            continue;
        }
        let Some(doc) = docs.get(ev.doc) else { continue };
        let norm: String = ev
            .span
            .slice(&doc.article.text)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        let new_outlet = match &doc.article.outlet {
            Some(o) => outlets.insert(o.to_lowercase()),
            None => true,
        };
        if texts.insert(norm) && new_outlet {
            count += 1;
        }
    }
    count.max(1)
}

/// Salience: independent sources, centrality (actors among the story's main entities), and how
/// much of the story points at the entry's day (articles published then or referring to it).
fn score(entries: &mut [Entry], events: &[Event], docs: &[&Doc], linked: &Linked, support: &HashMap<PartialDate, f64>) {
    // Main entities: those named in the most articles.
    let mut articles_of: HashMap<usize, HashSet<usize>> = HashMap::new();
    for (a, map) in linked.map.iter().enumerate() {
        for &g in map {
            articles_of.entry(g).or_default().insert(a);
        }
    }
    let mut ranked: Vec<(usize, usize)> = articles_of.iter().map(|(g, s)| (*g, s.len())).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let main: HashSet<&str> = ranked
        .iter()
        .filter(|(_, c)| *c >= 2 || docs.len() == 1)
        .take(8)
        .filter_map(|(g, _)| linked.entities.get(*g).map(|e| e.id.as_str()))
        .collect();
    let max_support = support.values().copied().fold(0.0_f64, f64::max).max(1.0);
    for e in entries.iter_mut() {
        let indep = independent_sources(e, events, docs) as f64;
        let central = if e.actors.is_empty() {
            0.0
        } else {
            e.actors.iter().filter(|a| main.contains(a.as_str())).count() as f64 / e.actors.len() as f64
        };
        let day = support.get(&e.date).copied().unwrap_or(0.0) / max_support;
        let precision = if e.date.is_day() {
            0.3
        } else if e.date.month.is_some() {
            0.1
        } else {
            0.0
        };
        e.salience = indep + central + 1.5 * day + precision;
    }
}

/// Weights of the day-salience features (see [`date_support`]): tuned on half of the Timeline17
/// topics (`storyline eval timeline17`), not on any one topic.
pub const DAY_WEIGHTS: DayWeights = DayWeights { published: 1.0, referenced: 2.0, referenced_later: 0.5 };

/// Weights of the evidence that a day matters to a story.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DayWeights {
    /// Per article published that day (firm dates only).
    pub published: f64,
    /// Per article with a report dated that day by a time expression.
    pub referenced: f64,
    /// Per such article published after that day: looking back at a day is a strong sign it
    /// mattered.
    pub referenced_later: f64,
}

/// How much of the story points at each day (and month, year): a weighted count of distinct
/// articles published on it or reporting events dated on it.
pub fn date_support(events: &[Event], docs: &[&Doc]) -> HashMap<PartialDate, f64> {
    date_support_with(events, docs, DAY_WEIGHTS)
}

/// [`date_support`] with explicit weights (for tuning).
pub fn date_support_with(events: &[Event], docs: &[&Doc], w: DayWeights) -> HashMap<PartialDate, f64> {
    let mut out: HashMap<PartialDate, f64> = HashMap::new();
    for d in docs {
        let p = &d.article.published;
        if let Some(date) = p.date
            && p.basis.is_some_and(|b| b != DateBasis::Inferred)
        {
            *out.entry(date).or_default() += w.published;
        }
    }
    let mut seen: HashSet<(usize, PartialDate)> = HashSet::new();
    for e in events {
        if !matches!(e.anchor, Anchor::Timex(_)) || !seen.insert((e.doc, e.date)) {
            continue;
        }
        *out.entry(e.date).or_default() += w.referenced;
        let published = docs.get(e.doc).and_then(|d| d.article.published.date);
        if published.is_some_and(|p| dates::day_range(p).0 > dates::day_range(e.date).1) {
            *out.entry(e.date).or_default() += w.referenced_later;
        }
    }
    out
}

/// Keep what the options ask for: the N most salient entries, or the entries of the N most
/// salient days.
fn select(entries: &mut Vec<Entry>, opts: &TimelineOptions, support: &HashMap<PartialDate, f64>) {
    let order = |entries: &[Entry]| {
        let mut idx: Vec<usize> = (0..entries.len()).collect();
        idx.sort_by(|&a, &b| entries[b].salience.total_cmp(&entries[a].salience).then(a.cmp(&b)));
        idx
    };
    if let Some(n) = opts.max_dates {
        let per = opts.per_date.max(1);
        // Days are ranked by how much of the story points at them; only days with an entry
        // to show compete. Entry salience breaks ties.
        let mut day_score: HashMap<PartialDate, f64> = HashMap::new();
        for e in entries.iter().filter(|e| e.date.is_day()) {
            let base = support.get(&e.date).copied().unwrap_or(0.0);
            let s = day_score.entry(e.date).or_insert(base);
            *s = s.max(base + 1e-3 * e.salience);
        }
        let mut days: Vec<(PartialDate, f64)> = day_score.into_iter().collect();
        days.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let chosen: HashSet<PartialDate> = days.into_iter().take(n).map(|(d, _)| d).collect();
        let mut kept: HashMap<PartialDate, usize> = HashMap::new();
        let mut keep = vec![false; entries.len()];
        for i in order(entries) {
            let d = entries[i].date;
            if chosen.contains(&d) {
                let k = kept.entry(d).or_default();
                if *k < per {
                    *k += 1;
                    keep[i] = true;
                }
            }
        }
        let mut i = 0;
        entries.retain(|_| {
            i += 1;
            keep[i - 1]
        });
    }
    if let Some(n) = opts.max_entries
        && entries.len() > n
    {
        let idx = order(entries);
        let keep: HashSet<usize> = idx.into_iter().take(n).collect();
        let mut i = 0;
        entries.retain(|_| {
            i += 1;
            keep.contains(&(i - 1))
        });
    }
}

/// Every source of an entry as exact evidence, one per sentence, in article order.
fn sources(e: &Entry, events: &[Event], docs: &[&Doc]) -> Vec<Evidence> {
    let mut spans: Vec<(usize, storyline_core::Span)> =
        e.members.iter().map(|&m| (events[m].doc, events[m].span)).collect();
    spans.sort();
    spans.dedup();
    spans
        .into_iter()
        .filter_map(|(d, span)| docs.get(d).and_then(|doc| Evidence::new(&doc.article.id, &doc.article.text, span)))
        .collect()
}

fn to_report(e: &Entry, events: &[Event], docs: &[&Doc]) -> TimelineEntry {
    let kind = e.kind.as_str().to_string();
    TimelineEntry {
        date: e.date,
        what: e.what.clone(),
        kind,
        actors: e.actors.clone(),
        sources: sources(e, events, docs),
        disputed: e.disputed,
        planned: e.planned,
        places: e.places.clone(),
    }
}
