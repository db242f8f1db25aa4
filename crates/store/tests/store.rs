//! The store end to end through its public API, on the project's own example articles and on
//! hand-written ones: idempotence, incremental joins, migrations, search, index recovery.

use std::path::Path;
use storyline_annotate::{Annotator, Doc};
use storyline_core::{Article, CleanText, Published, SourceFormat, content_id};
use storyline_store::{OpenMode, Page, SearchQuery, Store, StoreError, schema};

/// Hand-written reports: two of one earthquake, one of a central bank.
const QUAKE_A: &str = "A magnitude 6.1 earthquake struck Aldmere on Tuesday, killing 12 people, officials said. \
             Rescue teams from Norland searched the rubble of the old town of Aldmere overnight.";
const QUAKE_B: &str = "Twelve people died when a 6.1 magnitude earthquake hit Aldmere on Tuesday. Rescue teams \
             from Norland worked through the night in the old town of Aldmere, the mayor said.";
const BANK: &str = "The central bank of Vestria raised its main interest rate to 4.5 percent on Thursday, \
             citing stubborn inflation in food and energy prices, the governor said in Vestria.";

fn examples() -> Vec<Article> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/antonov");
    let mut out: Vec<Article> = storyline_ingest::Ingestor::default()
        .ingest_paths(&[dir])
        .into_iter()
        .filter_map(|o| match o {
            storyline_ingest::Outcome::Article(a) => Some(*a),
            storyline_ingest::Outcome::Rejected(_) => None,
        })
        .collect();
    out.sort_by(|a, b| a.source.cmp(&b.source));
    assert_eq!(out.len(), 5, "the five example articles");
    out
}

fn annotate(articles: Vec<Article>) -> Vec<Doc> {
    let annotator = Annotator::new();
    articles.into_iter().map(|a| annotator.annotate(a)).collect()
}

fn article(text: &str, date: &str, outlet: &str) -> Article {
    let text = text.to_string();
    Article {
        id: content_id(text.as_bytes()),
        source: format!("{outlet}.txt"),
        format: SourceFormat::Text,
        body: CleanText::identity(&text),
        text,
        title: None,
        title_span: None,
        outlet: Some(outlet.into()),
        url: None,
        language: Some("en".into()),
        published: Published::stated(date.parse().unwrap()),
        dateline: None,
        warnings: vec![],
    }
}

/// Article hits (timeline entries of the stories may match too).
fn articles(r: &storyline_store::SearchResults) -> usize {
    r.hits.iter().filter(|h| h.kind == "article").count()
}

fn q(text: &str) -> SearchQuery {
    SearchQuery { q: text.into(), limit: 20, ..SearchQuery::default() }
}

#[test]
fn ingest_is_idempotent_and_incremental() {
    let dir = tempfile::tempdir().unwrap();
    let docs = annotate(examples());

    // All five at once: the reference grouping.
    let batch_dir = tempfile::tempdir().unwrap();
    let batch = Store::open(batch_dir.path(), OpenMode::ReadWrite).unwrap();
    let all = batch.add(docs.clone()).unwrap();
    assert_eq!(all.added, 5);
    let reference = batch.stories(Page::default()).unwrap();

    // Four, then the fifth: it joins (or founds) exactly the story the batch gives it.
    let store = Store::open(dir.path(), OpenMode::ReadWrite).unwrap();
    let first = store.add(docs[..4].to_vec()).unwrap();
    assert_eq!((first.added, first.duplicates), (4, 0));
    let last = store.add(docs[4..].to_vec()).unwrap();
    assert_eq!((last.added, last.duplicates), (1, 0));
    let stories = store.stories(Page::default()).unwrap();
    assert_eq!(stories.total, reference.total);
    let sizes = |l: &storyline_store::Listing<storyline_store::StorySummary>| {
        let mut v: Vec<(String, usize)> = l.items.iter().map(|s| (s.id.clone(), s.articles)).collect();
        v.sort();
        v
    };
    assert_eq!(sizes(&stories), sizes(&reference));

    // The same articles again: nothing new, nothing changed.
    let again = store.add(docs.clone()).unwrap();
    assert_eq!((again.added, again.duplicates), (0, 5));
    assert!(again.articles.iter().all(|a| a.duplicate && a.story.starts_with('s')));
    let stats = store.stats().unwrap();
    assert_eq!(stats.articles, 5);
    assert_eq!(stats.seq, stats.indexed_seq, "the index is caught up");

    // A story page agrees with the articles' assignments and with story_view.
    let top = &stories.items[0];
    let page = store.story(&top.id).unwrap().unwrap();
    assert_eq!(page.story.articles.len(), top.articles);
    assert_eq!(page.articles.len(), top.articles);
    assert!(page.articles.iter().all(|a| a.story == top.id));
    let members: Vec<&Doc> = {
        let mut m: Vec<&Doc> = docs.iter().filter(|d| page.story.articles.contains(&d.article.id)).collect();
        m.sort_by(|a, b| {
            let k = |d: &Doc| (d.article.published.date, d.article.published.date.is_none(), d.article.id.clone());
            k(a).cmp(&k(b))
        });
        m
    };
    let view = storyline_report::story_view(&top.id, &members, &Default::default());
    assert_eq!(page.story, view.story, "the store shows what storyline report would");
    for q in &page.story.quotes {
        for ev in &q.sources {
            let a = store.article(&ev.article).unwrap().unwrap();
            assert_eq!(&a.text[ev.start..ev.end], ev.text, "evidence is exact");
        }
    }
    drop(store);

    // Reopened (the linker built again from stored features): still idempotent, same stories.
    let store = Store::open(dir.path(), OpenMode::ReadWrite).unwrap();
    let again = store.add(docs).unwrap();
    assert_eq!(again.added, 0);
    assert_eq!(sizes(&store.stories(Page::default()).unwrap()), sizes(&reference));
}

#[test]
fn a_new_article_joins_its_story_and_updates_the_view() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), OpenMode::ReadWrite).unwrap();
    let a = QUAKE_A;
    let b = QUAKE_B;
    let c = BANK;
    let added = store
        .add(annotate(vec![article(a, "2024-03-05", "Aldmere Post"), article(c, "2024-03-07", "Bank Wire")]))
        .unwrap();
    assert_eq!(added.added, 2);
    let before = store.stats().unwrap().stories;
    assert_eq!(before, 2);
    let joined = store.add(annotate(vec![article(b, "2024-03-05", "Norland Times")])).unwrap();
    // The second earthquake report joins the first's story. (Its id may change: a story is named
    // after its earliest article, and the two are from the same day.)
    let quake = joined.articles[0].story.clone();
    let first = store.article(&content_id(a.as_bytes())).unwrap().unwrap();
    assert_eq!(first.article.story, quake, "the second earthquake report joins the first's story");
    assert_eq!(store.stats().unwrap().stories, 2);
    assert!(store.stories(Page::default()).unwrap().items.iter().any(|s| s.id == quake));
    let page = store.story(&quake).unwrap().unwrap();
    assert_eq!(page.articles.len(), 2);
    let summary = store.stories(Page::default()).unwrap().items.into_iter().find(|s| s.id == quake).unwrap();
    assert_eq!(summary.outlets, vec!["Aldmere Post".to_string(), "Norland Times".to_string()]);

    // Search finds it, with its story and a highlighted snippet.
    let r = store.search(&q("earthquake")).unwrap();
    assert_eq!(articles(&r), 2);
    for h in &r.hits {
        assert_eq!(h.story.as_deref(), Some(quake.as_str()));
        assert!(!h.snippet.highlights.is_empty());
        let (s, e) = h.snippet.highlights[0];
        assert!(h.snippet.text[s..e].to_lowercase().starts_with("earthquake"));
    }
    // A phrase must match in order.
    assert_eq!(articles(&store.search(&q("\"interest rate\"")).unwrap()), 1);
    assert_eq!(store.search(&q("\"rate interest\"")).unwrap().total, 0);
    // Filters: outlet, dates.
    let by_outlet = store.search(&SearchQuery { outlet: Some("norland times".into()), ..q("earthquake") }).unwrap();
    assert_eq!(articles(&by_outlet), 1);
    assert_eq!(by_outlet.total, 1, "timeline entries belong to no outlet");
    let by_date =
        store.search(&SearchQuery { from: Some("2024-03-06".parse().unwrap()), ..q("Aldmere Vestria") }).unwrap();
    assert_eq!(articles(&by_date), 1, "only the bank article is from the 6th on");
    assert_eq!(articles(&store.search(&q("Aldmere Vestria")).unwrap()), 3);
    let to_month = store.search(&SearchQuery { to: Some("2024-02".parse().unwrap()), ..q("Aldmere Vestria") }).unwrap();
    assert_eq!(to_month.total, 0);
    // A query that cannot be read is an error with a reason, not a panic.
    assert!(matches!(store.search(&q("")), Err(StoreError::Query(_))));
}

#[test]
fn search_and_entities_on_the_examples() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), OpenMode::ReadWrite).unwrap();
    store.add(annotate(examples())).unwrap();
    let r = store.search(&q("Geneva")).unwrap();
    assert!(r.total >= 2, "two example articles name Geneva");
    assert!(r.hits.iter().all(|h| h.story_title.is_some()));
    let antonov = store.entities(Some("antonov"), Page::default()).unwrap();
    let e = antonov.items.iter().find(|e| e.entity.kind.as_str() == "person").expect("Antonov is a person");
    let page = store.entity(&e.entity.id).unwrap().unwrap();
    assert!(!page.stories.is_empty());
    assert!(page.quotes.iter().all(|q| q.item.speaker.as_deref() == Some(e.entity.id.as_str())));
    assert!(!page.quotes.is_empty(), "Antonov is quoted in the examples");
    // The entity filter: by a name or alias, any case.
    let filtered = store.search(&SearchQuery { entity: Some("ANTONOV".into()), ..q("Washington") }).unwrap();
    assert!(filtered.total >= 1);
    let none = store.search(&SearchQuery { entity: Some("nobody at all".into()), ..q("Washington") }).unwrap();
    assert_eq!(none.total, 0);
}

#[test]
fn migrations_upgrade_old_stores_and_refuse_newer_ones() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut conn = rusqlite_open(dir.path());
        schema::migrate_to(&mut conn, 1).unwrap();
        assert_eq!(schema::version(&conn).unwrap(), 1);
    }
    // Opening migrates to the current version (the v2 table appears).
    let store = Store::open(dir.path(), OpenMode::ReadWrite).unwrap();
    assert_eq!(store.stats().unwrap().schema_version, schema::current_version());
    drop(store);
    {
        let conn = rusqlite_open(dir.path());
        conn.execute("UPDATE schema_version SET version = 999", []).unwrap();
    }
    match Store::open(dir.path(), OpenMode::ReadOnly) {
        Err(StoreError::TooNew { found: 999, .. }) => {}
        other => panic!("expected TooNew, got {other:?}"),
    }
}

fn rusqlite_open(dir: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(dir.join(storyline_store::store::DB_FILE)).unwrap()
}

#[test]
fn one_writer_at_a_time_and_readers_need_a_store() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(Store::open(dir.path().join("missing"), OpenMode::ReadOnly), Err(StoreError::NotAStore(_))));
    let w = Store::open(dir.path(), OpenMode::ReadWrite).unwrap();
    assert!(matches!(Store::open(dir.path(), OpenMode::ReadWrite), Err(StoreError::Busy(_))));
    let r = Store::open(dir.path(), OpenMode::ReadOnly).unwrap();
    assert!(matches!(r.add(vec![]), Err(StoreError::ReadOnly)));
    drop(w);
}

#[test]
fn a_lost_index_is_rebuilt_from_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path(), OpenMode::ReadWrite).unwrap();
        store.add(annotate(examples())).unwrap();
    }
    std::fs::remove_dir_all(dir.path().join(storyline_store::store::INDEX_DIR)).unwrap();
    let store = Store::open(dir.path(), OpenMode::ReadWrite).unwrap();
    let stats = store.stats().unwrap();
    assert_eq!(stats.indexed_seq, stats.seq);
    assert!(store.search(&q("Geneva")).unwrap().total >= 2);
    let seconds = store.rebuild_index().unwrap();
    assert!(seconds >= 0.0);
    assert!(store.search(&q("Geneva")).unwrap().total >= 2);
}

#[test]
fn deferred_index_commits_reach_search_on_flush_and_on_close() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path(), OpenMode::ReadWrite).unwrap();
        // Long enough that the background thread does not commit while the test looks.
        store.defer_index_commits(std::time::Duration::from_secs(3600)).unwrap();
        let added = store.add(annotate(examples())).unwrap();
        // Pages read SQLite: the story is there at once.
        let story = added.articles[0].story.clone();
        assert!(!store.story(&story).unwrap().unwrap().articles.is_empty());
        let stats = store.stats().unwrap();
        assert!(stats.indexed_seq < stats.seq, "the index commit is deferred");
        assert_eq!(store.search(&q("Geneva")).unwrap().total, 0, "not searchable before the commit");
        store.flush_index().unwrap();
        assert!(store.search(&q("Geneva")).unwrap().total >= 2);
        let stats = store.stats().unwrap();
        assert_eq!(stats.indexed_seq, stats.seq);
        let c = BANK;
        store.add(annotate(vec![article(c, "2024-03-07", "Bank Wire")])).unwrap();
        // Closing the store commits what is pending.
    }
    let store = Store::open(dir.path(), OpenMode::ReadOnly).unwrap();
    let stats = store.stats().unwrap();
    assert_eq!(stats.indexed_seq, stats.seq);
    assert_eq!(articles(&store.search(&q("Vestria")).unwrap()), 1);
}

#[test]
fn stored_story_pages_equal_pages_built_from_the_views() {
    let dir = tempfile::tempdir().unwrap();
    let a = QUAKE_A;
    let b = QUAKE_B;
    let stored: Vec<(String, String)> = {
        let store = Store::open(dir.path(), OpenMode::ReadWrite).unwrap();
        store.add(annotate(examples())).unwrap();
        store.add(annotate(vec![article(a, "2024-03-05", "Aldmere Post")])).unwrap();
        // Joins (and may rename) the earthquake story: its stored page must follow.
        store.add(annotate(vec![article(b, "2024-03-05", "Norland Times")])).unwrap();
        let ids: Vec<String> = store.stories(Page::default()).unwrap().items.into_iter().map(|s| s.id).collect();
        assert_eq!(ids.len(), 2);
        let pages: Vec<(String, String)> =
            ids.into_iter().map(|id| (id.clone(), store.story_json(&id).unwrap().unwrap())).collect();
        for (id, json) in &pages {
            let page = store.story(id).unwrap().unwrap();
            assert_eq!(page.articles.len(), page.story.articles.len(), "every member listed on {id}");
            assert_eq!(&serde_json::to_string(&page).unwrap(), json);
        }
        pages
    };
    // A store written before pages were kept: built on the fly when read-only, stored on the
    // next writable open, and the same either way.
    rusqlite_open(dir.path()).execute("UPDATE stories SET page = NULL", []).unwrap();
    {
        let store = Store::open(dir.path(), OpenMode::ReadOnly).unwrap();
        for (id, json) in &stored {
            assert_eq!(&store.story_json(id).unwrap().unwrap(), json);
        }
    }
    drop(Store::open(dir.path(), OpenMode::ReadWrite).unwrap());
    let missing: i64 = rusqlite_open(dir.path())
        .query_row("SELECT count(*) FROM stories WHERE page IS NULL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(missing, 0);
    let store = Store::open(dir.path(), OpenMode::ReadOnly).unwrap();
    for (id, json) in &stored {
        assert_eq!(&store.story_json(id).unwrap().unwrap(), json);
    }
}

#[test]
fn large_stories_recomputed_in_the_background_end_as_if_recomputed_at_once() {
    let quake = [
        QUAKE_A,
        QUAKE_B,
        "Rescue teams from Norland pulled two survivors from the rubble in Aldmere on Wednesday, a \
         day after the 6.1 magnitude earthquake that killed 12 people in the old town.",
    ];
    let batches = || {
        let mut v = vec![examples()];
        v.extend(
            quake
                .iter()
                .zip(["Aldmere Post", "Norland Times", "Quake Wire"])
                .map(|(t, o)| vec![article(t, "2024-03-05", o)]),
        );
        v
    };
    let pages = |store: &Store| -> Vec<(String, String)> {
        let ids: Vec<String> = store.stories(Page::default()).unwrap().items.into_iter().map(|s| s.id).collect();
        ids.into_iter().map(|id| (id.clone(), store.story_json(&id).unwrap().unwrap())).collect()
    };
    let plain = tempfile::tempdir().unwrap();
    let want = {
        let store = Store::open(plain.path(), OpenMode::ReadWrite).unwrap();
        for b in batches() {
            assert_eq!(store.add(annotate(b)).unwrap().stories_deferred, 0, "nothing waits without the thread");
        }
        pages(&store)
    };
    // Large by article count, by document bytes, or not large at all.
    let deferred_with = |articles: usize, bytes: usize| -> (tempfile::TempDir, usize) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path(), OpenMode::ReadWrite).unwrap();
        store.defer_index_commits(std::time::Duration::from_secs(3600)).unwrap();
        store.set_sync_story_limit(articles, bytes);
        let deferred: usize = batches().into_iter().map(|b| store.add(annotate(b)).unwrap().stories_deferred).sum();
        store.flush_index().unwrap();
        assert_eq!(pages(&store), want);
        let stale: i64 =
            rusqlite_open(dir.path()).query_row("SELECT count(*) FROM stale_stories", [], |r| r.get(0)).unwrap();
        assert_eq!(stale, 0);
        drop(store);
        (dir, deferred)
    };
    let (_, by_bytes) = deferred_with(usize::MAX, 1);
    assert!(by_bytes >= 1, "a story of more bytes than the limit waits");
    let (_, neither) = deferred_with(usize::MAX, usize::MAX);
    assert_eq!(neither, 0, "a story under both limits is recomputed within the add");
    let (dir, by_count) = deferred_with(1, usize::MAX);
    assert!(by_count >= 1, "the growing earthquake story waits for the background thread");
    // Stories a crash left stale (their stored pages out of date) are recomputed on the next
    // writable open.
    {
        let conn = rusqlite_open(dir.path());
        conn.execute("UPDATE stories SET page = '{}', title = 'out of date'", []).unwrap();
        conn.execute("INSERT INTO stale_stories (id, gen) SELECT id, 1 FROM stories", []).unwrap();
    }
    drop(Store::open(dir.path(), OpenMode::ReadWrite).unwrap());
    assert_eq!(pages(&Store::open(dir.path(), OpenMode::ReadOnly).unwrap()), want);
}

/// Articles in two arrivals: the first three examples with an earthquake report and a bank
/// story, then the other two examples and a second report of the same earthquake.
fn two_arrivals() -> (Vec<Doc>, Vec<Doc>) {
    let mut examples = examples();
    let later_examples = examples.split_off(3);
    let mut first = examples;
    first.push(article(QUAKE_A, "2024-03-05", "Aldmere Post"));
    first.push(article(BANK, "2024-03-07", "Bank Wire"));
    let mut later = later_examples;
    later.push(article(QUAKE_B, "2024-03-05", "Norland Times"));
    (annotate(first), annotate(later))
}

/// Every article's story, by article id.
fn assignments(store: &Store, docs: &[Doc]) -> Vec<(String, String)> {
    docs.iter().map(|d| (d.article.id.clone(), store.article(&d.article.id).unwrap().unwrap().article.story)).collect()
}

#[test]
fn a_saved_link_graph_restores_the_linker_and_one_that_does_not_fit_is_not_used() {
    let (first, later) = two_arrivals();
    let all: Vec<Doc> = first.iter().chain(&later).cloned().collect();
    let reference_dir = tempfile::tempdir().unwrap();
    let reference = {
        let store = Store::open(reference_dir.path(), OpenMode::ReadWrite).unwrap();
        store.add(first.clone()).unwrap();
        store.add(later.clone()).unwrap();
        assignments(&store, &all)
    };
    let stories: std::collections::BTreeSet<&str> = reference.iter().map(|(_, s)| s.as_str()).collect();
    assert!(stories.len() >= 3 && stories.len() < all.len(), "the articles must form a few stories");

    let dir = tempfile::tempdir().unwrap();
    let graph_of = |n: usize| -> (i64, Vec<u8>) {
        let conn = rusqlite_open(dir.path());
        let (articles, graph) =
            conn.query_row("SELECT articles, graph FROM link_graph", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        assert_eq!(articles, n as i64);
        (articles, graph)
    };
    {
        let store = Store::open(dir.path(), OpenMode::ReadWrite).unwrap();
        assert_eq!(store.prepare_writer().unwrap().from_saved_graph, 0);
        store.add(first.clone()).unwrap();
        assert_eq!(store.save_link_graph().unwrap(), first.len());
    }
    let (_, first_graph) = graph_of(first.len());
    {
        // Restored, then the later articles link as they would have in the first process.
        let store = Store::open(dir.path(), OpenMode::ReadWrite).unwrap();
        let ready = store.prepare_writer().unwrap();
        assert_eq!((ready.articles, ready.from_saved_graph), (first.len(), first.len()));
        store.add(later.clone()).unwrap();
        assert_eq!(assignments(&store, &all), reference);
        // Closing saves nothing for a few articles: the next process links them again.
    }
    graph_of(first.len());
    {
        let store = Store::open(dir.path(), OpenMode::ReadWrite).unwrap();
        let ready = store.prepare_writer().unwrap();
        assert_eq!((ready.articles, ready.from_saved_graph), (all.len(), first.len()));
        assert_eq!(store.add(all.clone()).unwrap().added, 0, "known articles are known after a restore");
        assert_eq!(store.save_link_graph().unwrap(), all.len());
    }
    graph_of(all.len());

    // A graph of other linking, of other articles, or unreadable: not used, the linker is linked
    // afresh and gives the same stories.
    let tampered = [
        "UPDATE link_graph SET version = 'link 0'".to_string(),
        "UPDATE link_graph SET ids = ids + 1".to_string(),
        "UPDATE link_graph SET articles = articles + 1".to_string(),
        "UPDATE link_graph SET graph = x'01'".to_string(),
        // A flipped byte that LZ4 would decode without noticing.
        "UPDATE link_graph SET checksum = checksum + 1".to_string(),
        // Readable, of these ids and with its checksum, but of fewer articles: the linker
        // refuses it.
        format!(
            "UPDATE link_graph SET graph = x'{}', checksum = {}",
            first_graph.iter().map(|b| format!("{b:02x}")).collect::<String>(),
            xxhash_rust::xxh3::xxh3_64(&first_graph) as i64
        ),
    ];
    for sql in tampered {
        let copy = tempfile::tempdir().unwrap();
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_file() {
                std::fs::copy(entry.path(), copy.path().join(entry.file_name())).unwrap();
            }
        }
        rusqlite_open(copy.path()).execute(&sql, []).unwrap();
        let store = Store::open(copy.path(), OpenMode::ReadWrite).unwrap();
        let ready = store.prepare_writer().unwrap();
        assert_eq!((ready.articles, ready.from_saved_graph), (all.len(), 0), "{sql}");
        assert_eq!(assignments(&store, &all), reference, "{sql}");
    }
}

#[test]
fn a_store_from_before_the_features_table_keeps_its_articles_features() {
    let (first, _) = two_arrivals();
    let dir = tempfile::tempdir().unwrap();
    {
        // Schema 4 kept each article's linking features in its `articles` row.
        let mut conn = rusqlite_open(dir.path());
        schema::migrate_to(&mut conn, 4).unwrap();
        for (seq, d) in first.iter().enumerate() {
            let f = storyline_link::Features::from_doc(d, storyline_link::DfTable::shipped());
            conn.execute(
                "INSERT INTO articles (id, seq, source, story, doc, features) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                rusqlite::params![
                    d.article.id,
                    seq as i64 + 1,
                    d.article.source,
                    format!("s{}", d.article.id),
                    storyline_store::codec::encode_doc(d).unwrap(),
                    storyline_store::codec::encode_features(&f)
                ],
            )
            .unwrap();
        }
    }
    let store = Store::open(dir.path(), OpenMode::ReadWrite).unwrap();
    assert_eq!(store.stats().unwrap().schema_version, schema::current_version());
    let ready = store.prepare_writer().unwrap();
    assert_eq!(ready.articles, first.len(), "every article's features moved");
    let again = store.add(first.clone()).unwrap();
    assert_eq!((again.added, again.duplicates), (0, first.len()));
    for d in &first {
        let a = store.article(&d.article.id).unwrap().expect("the article survives the upgrade");
        assert_eq!(a.text, d.article.text);
    }
    // Tables whose rows carry documents or pages are rowid tables now.
    let conn = rusqlite_open(dir.path());
    for table in ["articles", "stories"] {
        let sql: String =
            conn.query_row("SELECT sql FROM sqlite_master WHERE name = ?1", [table], |r| r.get(0)).unwrap();
        assert!(!sql.contains("WITHOUT ROWID"), "{sql}");
    }
}
