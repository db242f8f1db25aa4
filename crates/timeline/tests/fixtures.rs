//! Hand-written fixtures: event extraction, merging of repeated background, disagreement
//! detection, salience truncation and exact evidence.

use storyline_annotate::{Annotator, Doc};
use storyline_core::{Article, CleanText, PartialDate, Published, SourceFormat, content_id};
use storyline_entities::link::link_entities;
use storyline_timeline::{EventType, StoryTimeline, TimelineOptions, story_timeline};

fn doc(annotator: &Annotator, text: &str, date: &str, outlet: &str) -> Doc {
    let article = Article {
        id: content_id(text.as_bytes()),
        source: format!("{outlet}.txt"),
        format: SourceFormat::Text,
        body: CleanText::identity(text),
        text: text.to_string(),
        title: None,
        title_span: None,
        outlet: Some(outlet.to_string()),
        url: None,
        language: Some("en".into()),
        published: Published::stated(date.parse::<PartialDate>().unwrap()),
        dateline: None,
        warnings: Vec::new(),
    };
    annotator.annotate(article)
}

fn timeline(docs: &[Doc], opts: &TimelineOptions) -> StoryTimeline {
    let refs: Vec<&Doc> = docs.iter().collect();
    let ents: Vec<_> = refs.iter().map(|d| &d.entities).collect();
    let linked = link_entities(&ents);
    story_timeline(&refs, &linked, opts)
}

fn d(s: &str) -> PartialDate {
    s.parse().unwrap()
}

#[test]
fn events_are_read_from_dated_clauses() {
    let a = Annotator::new();
    let text = "MOSCOW (Dispatches) – Russia’s ambassador to the United States, Anatoly Antonov, returned to Washington on Sunday, expecting meetings scheduled with U.S. colleagues next week, the RIA news agency reported.\nMoscow recalled Antonov for consultations after Biden said in March that he believed Putin was “a killer”.\n";
    let doc = doc(&a, text, "2021-06-20", "Dispatches");
    let events = storyline_timeline::event::extract(&doc, 0);
    let ret = events.iter().find(|e| e.kind == EventType::Return).expect("the return");
    assert_eq!(ret.date, d("2021-06-20"));
    assert_eq!(ret.what, "Russia’s ambassador to the United States, Anatoly Antonov, returned to Washington on Sunday");
    assert_eq!(ret.destination.as_deref(), Some("Washington"));
    let said = events.iter().find(|e| e.date == d("2021-03")).expect("the March statement");
    assert_eq!(said.kind, EventType::Statement);
    assert_eq!(said.what, "Biden said in March that he believed Putin was “a killer”");
    // The planned meetings of "next week" are an aside of the return, not an entry.
    assert_eq!(events.len(), 2);
}

/// Every source of every entry and claim is the exact bytes it points at.
fn assert_exact(t: &StoryTimeline, docs: &[Doc]) {
    let text_of = |id: &str| docs.iter().find(|d| d.article.id == id).map(|d| d.article.text.as_str()).unwrap();
    let all = t
        .entries
        .iter()
        .flat_map(|e| &e.sources)
        .chain(t.conflicts.iter().flat_map(|c| c.claims.iter().flat_map(|cl| &cl.sources)));
    for ev in all {
        assert_eq!(text_of(&ev.article).get(ev.start..ev.end), Some(ev.text.as_str()));
    }
}

#[test]
fn repeated_background_is_one_entry_with_all_its_sources() {
    let a = Annotator::new();
    let docs = vec![
        doc(
            &a,
            "The minister resigned on Monday amid a row over the budget. Prime Minister Jane Holt accused the opposition of sabotage on 3 February, a charge it denied.\n",
            "2022-03-10",
            "Daily One",
        ),
        doc(
            &a,
            "Talks on the budget resumed on Tuesday in Riverton. Prime Minister Jane Holt accused the opposition of sabotage in February.\n",
            "2022-03-15",
            "Wire Two",
        ),
        doc(
            &a,
            "In February, Prime Minister Jane Holt accused the opposition of sabotaging the budget. The new minister was sworn in on Friday.\n",
            "2022-03-19",
            "Paper Three",
        ),
    ];
    let t = timeline(&docs, &TimelineOptions::default());
    let feb: Vec<_> = t.entries.iter().filter(|e| d("2022-02").contains(e.date)).collect();
    assert_eq!(feb.len(), 1, "{:#?}", t.entries);
    let entry = feb[0];
    assert_eq!(entry.kind, "accusation");
    assert_eq!(entry.date, d("2022-02-03"), "the most precise report dates the entry");
    let articles: std::collections::BTreeSet<&str> = entry.sources.iter().map(|s| s.article.as_str()).collect();
    assert_eq!(articles.len(), 3);
    assert!(!entry.disputed);
    assert!(t.conflicts.is_empty());
    assert_exact(&t, &docs);
}

#[test]
fn a_return_dated_june_and_july_is_disputed() {
    let a = Annotator::new();
    let docs = vec![
        doc(
            &a,
            "Ambassador Pavel Orlov returned to Washington on Sunday after three months of consultations in Moscow.\n",
            "2021-06-20",
            "First Outlet",
        ),
        doc(
            &a,
            "Pavel Orlov, recalled in March, returned to the United States in July. He has since met State Department officials.\n",
            "2021-11-02",
            "Second Outlet",
        ),
    ];
    let t = timeline(&docs, &TimelineOptions::default());
    let disputed: Vec<_> = t.entries.iter().filter(|e| e.disputed).collect();
    assert_eq!(disputed.len(), 2, "{:#?}", t.entries);
    assert_eq!(t.conflicts.len(), 1);
    let c = &t.conflicts[0];
    assert!(c.about.contains("Pavel Orlov") && c.about.contains("return"), "{}", c.about);
    let values: Vec<&str> = c.claims.iter().map(|cl| cl.value.as_str()).collect();
    assert_eq!(values, ["2021-06-20", "2021-07"]);
    assert!(c.claims.iter().all(|cl| cl.sources.len() == 1));
    assert_ne!(c.claims[0].sources[0].article, c.claims[1].sources[0].article);
    assert_exact(&t, &docs);
}

#[test]
fn different_trips_are_not_a_disagreement() {
    let a = Annotator::new();
    let docs = vec![
        doc(
            &a,
            "Ambassador Pavel Orlov returned to Moscow on March 21 for consultations.\n",
            "2021-03-22",
            "First Outlet",
        ),
        doc(
            &a,
            "Pavel Orlov returned to Washington on June 20, three months after he left.\n",
            "2021-06-21",
            "Second Outlet",
        ),
        doc(
            &a,
            "Pavel Orlov said on June 1 that talks would resume. Orlov said on June 20 that he expected progress.\n",
            "2021-06-21",
            "Third Outlet",
        ),
    ];
    let t = timeline(&docs, &TimelineOptions::default());
    assert!(t.conflicts.is_empty(), "{:#?}", t.conflicts);
    assert!(t.entries.iter().all(|e| !e.disputed));
}

#[test]
fn timeline_size_keeps_the_most_reported_entries_in_date_order() {
    let a = Annotator::new();
    let docs = vec![
        doc(
            &a,
            "Rebels seized the town of Kalto on May 3. The governor visited a school on May 9.\n",
            "2022-05-10",
            "One",
        ),
        doc(&a, "Rebels seized Kalto on May 3, officials said. A bridge was reopened on May 5.\n", "2022-05-11", "Two"),
        doc(
            &a,
            "The capture of Kalto by rebels on May 3 shocked the capital. Rebels seized the nearby airport of Kalto on May 7.\n",
            "2022-05-12",
            "Three",
        ),
        doc(&a, "Rebels seized the airport near Kalto on May 7 after heavy fighting.\n", "2022-05-12", "Four"),
    ];
    let all = timeline(&docs, &TimelineOptions::default());
    assert!(all.entries.len() >= 4, "{:#?}", all.entries);
    let two = timeline(&docs, &TimelineOptions { max_entries: Some(2), ..Default::default() });
    let dates: Vec<String> = two.entries.iter().map(|e| e.date.to_string()).collect();
    assert_eq!(dates, ["2022-05-03", "2022-05-07"]);
    assert!(two.entries[0].sources.len() >= 3);
    let sorted = all.entries.windows(2).all(|w| w[0].date <= w[1].date);
    assert!(sorted);
    assert_exact(&all, &docs);
}

#[test]
fn undated_leads_take_a_firm_publication_date_only() {
    let a = Annotator::new();
    let text =
        "KAMPALA, May 2 – The government signed a peace agreement with the rebels, the president's office said.\n";
    let docs = vec![doc(&a, text, "2022-05-02", "Wire")];
    let t = timeline(&docs, &TimelineOptions::default());
    assert_eq!(t.entries.len(), 1, "{:#?}", t.entries);
    assert_eq!(t.entries[0].date, d("2022-05-02"));
    assert_eq!(t.entries[0].kind, "agreement");
    assert_eq!(t.entries[0].what, "The government signed a peace agreement with the rebels");
    // The same lead in an article whose date was only inferred yields nothing.
    let mut inferred = docs[0].clone();
    inferred.article.published.basis = Some(storyline_core::DateBasis::Inferred);
    let t = timeline(&[inferred], &TimelineOptions::default());
    assert!(t.entries.is_empty(), "{:#?}", t.entries);
}

#[test]
fn publication_days_alone_never_make_a_dispute() {
    // Each lead reports the death with no date of its own, in articles weeks apart: the timeline
    // may date the report by its publication day, but that is a default, not a claim about when
    // it happened, and the sources do not disagree.
    let a = Annotator::new();
    let docs = vec![
        doc(
            &a,
            "Singer Marcus Bell died shortly before his comeback tour, the court heard.\n",
            "2011-09-10",
            "First Outlet",
        ),
        doc(
            &a,
            "Marcus Bell died after his doctor gave him a sedative, a witness told the court.\n",
            "2011-10-13",
            "Second Outlet",
        ),
        // "The night he died" repeats the reference time: no date of its own.
        doc(
            &a,
            "Marcus Bell died on the night his doctor left the room, the court heard.\n",
            "2011-11-11",
            "Third Outlet",
        ),
    ];
    let t = timeline(&docs, &TimelineOptions::default());
    assert!(t.conflicts.is_empty(), "{:#?}", t.conflicts);
    assert!(t.entries.iter().all(|e| !e.disputed), "{:#?}", t.entries);
}
