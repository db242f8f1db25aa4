//! From annotated articles to a [`Report`]: link them into stories, give every entity one
//! identity across articles, date what was undated from its story-mates, and assemble each
//! story's timeline, quotes and conflicts.
//!
//! Determinism is by construction: articles are handled in a canonical order (publication date,
//! then content id) and every list is sorted by a total order, so the same set of inputs gives the
//! same report whatever the input order and the thread count.

use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use storyline_annotate::{Annotator, Doc};
use storyline_core::report::{self, Entity, Evidence, Rejected, Report, ReportArticle};
use storyline_core::{DateBasis, PartialDate};
use storyline_entities::link::{Linked, link_entities};
use storyline_link::{LinkParams, Linking};
use storyline_quotes::merge::{MergeOptions, SourcedQuote, merge};

/// What a report build may be asked to do differently.
#[derive(Clone, Debug, Default)]
pub struct ReportOptions {
    /// Keep only the N most salient timeline entries per story (all when `None`).
    pub timeline_size: Option<usize>,
    pub link: LinkParams,
}

/// Build the report of `docs` (annotated articles) and `rejected` inputs.
///
/// Articles with the same content id are one article: the later inputs are listed under
/// `rejected` as duplicates, so every input is still accounted for.
pub fn build(annotator: &Annotator, docs: Vec<Doc>, mut rejected: Vec<Rejected>, opts: &ReportOptions) -> Report {
    let started = std::time::Instant::now();
    let mut laps = storyline_core::laps::Laps::start();
    let mut docs = dedupe(docs, &mut rejected);
    docs.sort_by(|a, b| canonical_key(a).cmp(&canonical_key(b)));

    let mut linking = storyline_link::link_compactly(&mut docs, &opts.link);
    let link_ms = laps.lap();
    let redated = date_from_story_mates(annotator, &mut docs, &linking);
    let redate_ms = laps.lap();
    if redated {
        // New dates move articles in time: link again so time proximity sees them.
        docs.sort_by(|a, b| canonical_key(a).cmp(&canonical_key(b)));
        linking = storyline_link::link_compactly(&mut docs, &opts.link);
    }
    let relink_ms = laps.lap();

    let story_of: HashMap<&str, &str> = linking.articles.iter().map(|a| (a.id.as_str(), a.story.as_str())).collect();
    let dups_of: HashMap<&str, &Vec<String>> =
        linking.articles.iter().map(|a| (a.id.as_str(), &a.near_duplicate_of)).collect();
    let articles: Vec<ReportArticle> = docs
        .iter()
        .map(|d| {
            let a = &d.article;
            ReportArticle {
                id: a.id.clone(),
                source: a.source.clone(),
                title: a.title.clone(),
                outlet: a.outlet.clone(),
                url: a.url.clone(),
                language: a.language.clone(),
                published: a.published.clone(),
                story: story_of.get(a.id.as_str()).map(|s| s.to_string()),
                near_duplicate_of: dups_of.get(a.id.as_str()).map(|v| v.to_vec()).unwrap_or_default(),
            }
        })
        .collect();

    // Each document goes to its story and is freed as soon as the story's view is built, so that
    // the documents and the views (together the largest part of a big build) are never all
    // alive at once.
    let index: HashMap<String, usize> = docs.iter().enumerate().map(|(i, d)| (d.article.id.clone(), i)).collect();
    let mut slots: Vec<Option<Doc>> = docs.into_iter().map(Some).collect();
    let groups: Vec<(&str, Vec<Doc>)> = linking
        .stories
        .iter()
        .map(|g| {
            let members = g.articles.iter().filter_map(|a| index.get(a).and_then(|&i| slots[i].take())).collect();
            (g.id.as_str(), members)
        })
        .collect();
    drop(slots);
    let views: Vec<StoryView> = groups
        .into_par_iter()
        .map(|(id, members)| {
            let refs: Vec<&Doc> = members.iter().collect();
            story_view(id, &refs, opts)
        })
        .collect();
    let mut entities = Vec::new();
    let mut stories = Vec::with_capacity(views.len());
    for v in views {
        entities.extend(v.entities);
        stories.push(v.story);
    }
    let views_ms = laps.lap();
    let entities = merge_entities(entities);
    let entities_ms = laps.lap();
    stories.sort_by(|a, b| {
        b.articles.len().cmp(&a.articles.len()).then_with(|| first_date(a).cmp(&first_date(b))).then(a.id.cmp(&b.id))
    });

    rejected.sort_by(|a, b| a.source.cmp(&b.source).then(a.reason.cmp(&b.reason)));
    let report = Report { schema_version: report::SCHEMA_VERSION, articles, rejected, entities, stories };
    tracing::debug!(
        link_ms,
        redate_ms,
        relink_ms,
        views_ms,
        entities_ms,
        total_ms = started.elapsed().as_secs_f64() * 1000.0,
        "report built"
    );
    report
}

/// Publication day first (undated last), then content id: a total order independent of input.
fn canonical_key(d: &Doc) -> (Option<PartialDate>, bool, &str) {
    let date = d.article.published.date;
    (date, date.is_none(), d.article.id.as_str())
}

fn dedupe(docs: Vec<Doc>, rejected: &mut Vec<Rejected>) -> Vec<Doc> {
    let mut first_source: HashMap<String, String> = HashMap::new();
    let mut out = Vec::with_capacity(docs.len());
    for d in docs {
        match first_source.get(&d.article.id) {
            Some(first) => rejected.push(Rejected {
                source: d.article.source.clone(),
                reason: format!("duplicate: same text as {first} (article {})", d.article.id),
            }),
            None => {
                first_source.insert(d.article.id.clone(), d.article.source.clone());
                out.push(d);
            }
        }
    }
    out
}

/// Date the articles that nothing dated (or that were dated only by inference) with help from
/// their story-mates' dates, and re-annotate those whose date changed so relative expressions
/// resolve against it. Returns whether any date changed.
fn date_from_story_mates(annotator: &Annotator, docs: &mut [Doc], linking: &Linking) -> bool {
    let by_id: HashMap<&str, usize> = docs.iter().enumerate().map(|(i, d)| (d.article.id.as_str(), i)).collect();
    let mut hints: HashMap<usize, Vec<PartialDate>> = HashMap::new();
    for group in &linking.stories {
        let members: Vec<usize> = group.articles.iter().filter_map(|a| by_id.get(a.as_str()).copied()).collect();
        let firm: Vec<PartialDate> = members
            .iter()
            .filter_map(|&i| {
                let p = &docs[i].article.published;
                p.date.filter(|_| p.basis.is_some_and(|b| b != DateBasis::Inferred))
            })
            .collect();
        if firm.is_empty() {
            continue;
        }
        for &i in &members {
            let p = &docs[i].article.published;
            if p.date.is_none() || p.basis == Some(DateBasis::Inferred) {
                hints.insert(i, firm.clone());
            }
        }
    }
    let changed: Vec<(usize, storyline_core::Published)> = hints
        .into_par_iter()
        .filter_map(|(i, h)| {
            let doc = &docs[i];
            let inferred = annotator.time().infer_published_with(doc.article.body.as_str(), &h)?;
            (inferred.date != doc.article.published.date).then_some((i, inferred))
        })
        .collect();
    if changed.is_empty() {
        return false;
    }
    let redo: Vec<(usize, Doc)> = changed
        .into_par_iter()
        .map(|(i, published)| {
            let mut article = docs[i].article.clone();
            article.published = published;
            (i, annotator.annotate(article))
        })
        .collect();
    for (i, doc) in redo {
        docs[i] = doc;
    }
    true
}

fn first_date(s: &report::Story) -> Option<PartialDate> {
    s.timeline.first().map(|e| e.date)
}

/// One story as the report shows it, and the entities its articles name.
pub struct StoryView {
    pub story: report::Story,
    /// Canonical entities of the story's articles. Ids derive from type and canonical name, so
    /// the same entity gets the same id in every story; [`merge_entities`] unions them.
    pub entities: Vec<Entity>,
}

/// The view of one story from its member documents (in canonical order: publication date, then
/// id): title, quotes, timeline, conflicts, and its entities linked across its articles.
///
/// This is the unit of incremental work: when an article joins a story, only that story's view
/// is rebuilt.
pub fn story_view(story_id: &str, docs: &[&Doc], opts: &ReportOptions) -> StoryView {
    let entity_input: Vec<&storyline_entities::DocEntities> = docs.iter().map(|d| &d.entities).collect();
    let linked = link_entities(&entity_input);
    let quotes = story_quotes(docs, &linked);
    let timeline_opts = storyline_timeline::TimelineOptions { max_entries: opts.timeline_size, ..Default::default() };
    let timeline = storyline_timeline::story_timeline(docs, &linked, &timeline_opts);
    let story = report::Story {
        id: story_id.to_string(),
        title: story_title(docs),
        articles: docs.iter().map(|d| d.article.id.clone()).collect(),
        timeline: timeline.entries,
        quotes,
        conflicts: timeline.conflicts,
    };
    StoryView { story, entities: linked.entities }
}

/// Union entities that share an id (the same entity seen in several stories): aliases and roles
/// are merged, the name is the longest seen. Sorted by id.
///
/// Each id's versions are merged on their own (in parallel for a large merge: a
/// 100,000-article corpus gives millions of versions), and the merge is a union, so neither the
/// order of the versions nor a version seen twice changes the result.
pub fn merge_entities(mut entities: Vec<Entity>) -> Vec<Entity> {
    // The store merges a few versions at a time, often while its background thread keeps the
    // thread pool busy: only a large merge is worth handing to the pool.
    let parallel = entities.len() >= PARALLEL_MERGE_MIN;
    if parallel {
        entities.par_sort_unstable_by(|a, b| a.id.cmp(&b.id));
    } else {
        entities.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    }
    // Versions of one entity are neighbours now: each run is merged in place, without first
    // moving every version into a list of its own (a million small lists in a big report).
    let same = |a: &Entity, b: &Entity| a.id == b.id;
    if parallel {
        entities.par_chunk_by_mut(same).filter_map(union_of_versions).collect()
    } else {
        entities.chunk_by_mut(same).filter_map(union_of_versions).collect()
    }
}

/// Versions from which [`merge_entities`] works in parallel.
const PARALLEL_MERGE_MIN: usize = 10_000;

/// One entity from its versions (all with the same id): the name that loses to a longer one (or,
/// at equal length, to the one that sorts first) stays as an alias.
fn union_of_versions(versions: &mut [Entity]) -> Option<Entity> {
    let take = |e: &mut Entity| Entity {
        id: std::mem::take(&mut e.id),
        name: std::mem::take(&mut e.name),
        kind: e.kind,
        aliases: std::mem::take(&mut e.aliases),
        roles: std::mem::take(&mut e.roles),
    };
    let (first, rest) = versions.split_first_mut()?;
    let mut merged = take(first);
    for e in rest.iter_mut().map(take) {
        if e.name.len() > merged.name.len() || (e.name.len() == merged.name.len() && e.name < merged.name) {
            let old = std::mem::replace(&mut merged.name, e.name);
            merged.aliases.push(old);
        } else {
            merged.aliases.push(e.name);
        }
        merged.aliases.extend(e.aliases);
        merged.roles.extend(e.roles);
    }
    merged.aliases.sort_unstable();
    merged.aliases.dedup();
    merged.aliases.retain(|a| *a != merged.name);
    merged.roles.sort_unstable();
    merged.roles.dedup();
    Some(merged)
}

/// The title most representative of the story: the article title sharing the most content words
/// with the story's other titles (ties: the earliest article); else the first sentence of the
/// founding article, shortened.
fn story_title(docs: &[&Doc]) -> String {
    let words = |s: &str| -> HashSet<String> {
        s.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() > 3).map(|w| w.to_lowercase()).collect()
    };
    let titled: Vec<(usize, HashSet<String>)> = docs
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.article.title.as_deref().map(|t| (i, words(t))))
        .filter(|(_, w)| !w.is_empty())
        .collect();
    let best = titled
        .iter()
        .enumerate()
        .map(|(k, (i, w))| {
            let score: usize =
                titled.iter().enumerate().filter(|(j, _)| *j != k).map(|(_, (_, o))| w.intersection(o).count()).sum();
            (score, std::cmp::Reverse(k), *i)
        })
        .max();
    if let Some((_, _, i)) = best
        && let Some(t) = docs[i].article.title.as_deref()
    {
        return t.trim().to_string();
    }
    let Some(doc) = docs.first() else { return String::from("Untitled story") };
    let lead = doc.sentences.first().map(|s| s.slice(&doc.article.text)).unwrap_or("");
    shorten(lead, 120)
}

/// `s` cut at a word boundary to at most `max` characters, with an ellipsis when cut.
pub(crate) fn shorten(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a).trim_end_matches([',', ';', ':']);
    format!("{cut}…")
}

/// The story's quotes, one per utterance, with every article that reports it: the same words
/// reported by several outlets (or in several translations) merge; the same words said on another
/// occasion stay apart (see `storyline_quotes::merge`).
fn story_quotes(docs: &[&Doc], linked: &Linked) -> Vec<report::Quote> {
    let mut sourced = Vec::new();
    let mut names: Vec<Option<String>> = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let text = doc.article.text.as_str();
        for q in &doc.quotes {
            let name = q
                .speaker
                .and_then(|local| doc.entities.entities.get(local))
                .map(|e| e.name.clone())
                .or_else(|| q.speaker_span().map(|s| s.slice(text).to_string()));
            names.push(name);
            sourced.push((i, q));
        }
    }
    let inputs: Vec<SourcedQuote> = sourced
        .iter()
        .zip(&names)
        .map(|(&(i, q), name)| SourcedQuote {
            article: &docs[i].article.id,
            text: &docs[i].article.text,
            quote: q,
            speaker_id: q.speaker.and_then(|local| linked.id_of(i, local)),
            speaker_name: name.as_deref(),
            published: docs[i].article.published.date,
        })
        .collect();
    let text_of: HashMap<&str, &str> = docs.iter().map(|d| (d.article.id.as_str(), d.article.text.as_str())).collect();
    let mut quotes: Vec<report::Quote> = merge(&inputs, &MergeOptions::default())
        .into_iter()
        .map(|m| report::Quote {
            speaker: m.speaker_id,
            speaker_name: m.speaker_name,
            text: m.text,
            date: m.date,
            direct: m.direct,
            sources: m
                .sources
                .iter()
                .filter_map(|s| Evidence::new(&s.article, text_of.get(s.article.as_str())?, s.span))
                .collect(),
        })
        .filter(|q| !q.sources.is_empty())
        .collect();
    quotes.sort_by(|a, b| {
        let first = |q: &report::Quote| q.sources.first().map(|e| (e.article.clone(), e.start));
        (a.date, first(a)).cmp(&(b.date, first(b)))
    });
    quotes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_cuts_at_words() {
        assert_eq!(shorten("one two three", 20), "one two three");
        assert_eq!(shorten("one two three four", 9), "one two…");
        assert_eq!(shorten("  a\n b  ", 10), "a b");
    }

    #[test]
    fn merging_entities_is_a_union_in_any_order() {
        let e = |name: &str, alias: &str, role: &str| Entity {
            id: "e1".into(),
            name: name.into(),
            kind: storyline_core::report::EntityType::Person,
            aliases: vec![alias.into()],
            roles: vec![role.into()],
        };
        let (a, b) = (e("Antonov", "Mr Antonov", "ambassador"), e("Anatoly Antonov", "A. Antonov", "diplomat"));
        let one = merge_entities(vec![a.clone(), b.clone()]);
        assert_eq!(one, merge_entities(vec![b.clone(), a.clone()]));
        assert_eq!(one[0].name, "Anatoly Antonov");
        assert_eq!(one[0].aliases, ["A. Antonov", "Antonov", "Mr Antonov"]);
        assert_eq!(one[0].roles, ["ambassador", "diplomat"]);
        // Merging a version again changes nothing.
        assert_eq!(merge_entities(vec![one[0].clone(), a]), one);
    }

    #[test]
    fn a_large_merge_in_parallel_equals_merging_each_entity_alone() {
        // Enough versions for the parallel path: 500 entities, 25 versions each, interleaved.
        let versions: Vec<Entity> = (0..PARALLEL_MERGE_MIN + 2_500)
            .map(|k| Entity {
                id: format!("e{}", k % 500),
                name: format!("Name {}", "x".repeat(k % 7)),
                kind: storyline_core::report::EntityType::Organization,
                aliases: vec![format!("alias {}", k % 11)],
                roles: vec![format!("role {}", k % 3)],
            })
            .collect();
        assert!(versions.len() >= PARALLEL_MERGE_MIN);
        let all = merge_entities(versions.clone());
        let mut reversed = versions.clone();
        reversed.reverse();
        assert_eq!(merge_entities(reversed), all);
        let mut one_by_one: Vec<Entity> = (0..500)
            .map(|e| format!("e{e}"))
            .filter_map(|id| merge_entities(versions.iter().filter(|v| v.id == id).cloned().collect()).pop())
            .collect();
        one_by_one.sort_by(|a, b| a.id.cmp(&b.id));
        assert_eq!(all, one_by_one);
        assert_eq!(all.len(), 500);
        assert_eq!(all[0].aliases.len(), 11 + 6, "every alias and every losing name");
    }
}
