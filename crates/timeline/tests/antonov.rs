//! The project's own example story (`examples/antonov/`, five outlets on the 2021 recall and
//! return of Russia's ambassador to the US), read through ingest, annotation and entity linking
//! as `storyline report` does. General rules only: nothing here is special-cased in the code.

use storyline_annotate::{Annotator, Doc};
use storyline_core::PartialDate;
use storyline_entities::link::link_entities;
use storyline_ingest::{Ingestor, Outcome};
use storyline_timeline::{TimelineOptions, story_timeline};

fn docs() -> Vec<Doc> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/antonov");
    let annotator = Annotator::new();
    let mut docs: Vec<Doc> = Ingestor::default()
        .ingest_paths(&[dir])
        .into_iter()
        .filter_map(|o| match o {
            Outcome::Article(a) => Some(annotator.annotate(*a)),
            Outcome::Rejected(_) => None,
        })
        .collect();
    docs.sort_by(|a, b| (a.article.published.date, &a.article.id).cmp(&(b.article.published.date, &b.article.id)));
    docs
}

fn d(s: &str) -> PartialDate {
    s.parse().unwrap()
}

#[test]
fn antonov_timeline_has_the_key_facts() {
    let docs = docs();
    assert_eq!(docs.len(), 5);
    let refs: Vec<&Doc> = docs.iter().collect();
    let linked = link_entities(&refs.iter().map(|d| &d.entities).collect::<Vec<_>>());
    let t = story_timeline(&refs, &linked, &TimelineOptions::default());
    let antonov = linked.entities.iter().find(|e| e.name == "Anatoly Antonov").map(|e| e.id.clone()).unwrap();
    let articles = |e: &storyline_core::report::TimelineEntry| {
        e.sources.iter().map(|s| s.article.clone()).collect::<std::collections::BTreeSet<_>>().len()
    };

    // The recall in March, told by several outlets, is one entry.
    let recall: Vec<_> = t.entries.iter().filter(|e| e.kind == "recall" && d("2021-03").contains(e.date)).collect();
    assert_eq!(recall.len(), 1, "{:#?}", t.entries);
    assert!(articles(recall[0]) >= 2);
    assert_eq!(recall[0].actors.first(), Some(&antonov));

    // Biden's "killer" remark of March is dated and attributed.
    assert!(t.entries.iter().any(|e| e.date == d("2021-03") && e.kind == "statement" && e.what.contains("killer")));

    // April: the deputy minister's word that he will not return soon.
    assert!(t.entries.iter().any(|e| d("2021-04").contains(e.date) && e.kind == "statement"));

    // June: the Geneva agreement, told by two outlets, and the return on 20 June.
    let geneva = t.entries.iter().find(|e| e.date == d("2021-06-16")).expect("the Geneva summit");
    assert_eq!(geneva.kind, "agreement");
    assert_eq!(articles(geneva), 2);
    let june = t.entries.iter().find(|e| e.kind == "return" && e.date == d("2021-06-20")).expect("the June return");
    let july = t.entries.iter().find(|e| e.kind == "return" && e.date == d("2021-07")).expect("the July return");
    assert!(june.disputed && july.disputed);
    assert_eq!(june.actors.first(), Some(&antonov));

    // The disagreement names both claims with their sources.
    assert_eq!(t.conflicts.len(), 1, "{:#?}", t.conflicts);
    let c = &t.conflicts[0];
    assert!(c.about.contains("Anatoly Antonov") && c.about.contains("return"), "{}", c.about);
    let claims: Vec<(&str, usize)> = c.claims.iter().map(|cl| (cl.value.as_str(), cl.sources.len())).collect();
    assert_eq!(claims, [("2021-06-20", 1), ("2021-07", 1)]);

    // November: the ambassador's statement on positive shifts, dated by the article.
    let nov = t.entries.iter().find(|e| e.date == d("2021-11-02")).expect("the November statement");
    assert_eq!(nov.kind, "statement");
    assert!(nov.actors.contains(&antonov));

    // Background before the story (the 1985 summit, fighting since 2014) stays out.
    assert!(t.entries.iter().all(|e| e.date.year == 2021), "{:#?}", t.entries);
    // Ordered by date; every line is clean; every source exact.
    assert!(t.entries.windows(2).all(|w| w[0].date <= w[1].date));
    for e in &t.entries {
        assert!(!e.what.ends_with(['.', ',', ';']) && !e.what.starts_with(char::is_lowercase), "{}", e.what);
        assert!(!e.what.contains("Meanwhile") && !e.what.contains("](#)"), "{}", e.what);
    }
    let all = t
        .entries
        .iter()
        .flat_map(|e| &e.sources)
        .chain(t.conflicts.iter().flat_map(|c| c.claims.iter().flat_map(|cl| &cl.sources)));
    for ev in all {
        let doc = docs.iter().find(|d| d.article.id == ev.article).unwrap();
        assert_eq!(doc.article.text.get(ev.start..ev.end), Some(ev.text.as_str()));
    }
}
