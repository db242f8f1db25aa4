//! Crash safety of `storyline ingest`: SIGKILL it mid-run, several times, on a generated corpus,
//! and check after each kill that the store opens, holds only whole articles (each decodes, sits
//! in exactly one story whose view lists it), and that running the same ingest again completes it
//! with the right counts.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use storyline_store::{OpenMode, Page, Store};

const ARTICLES: usize = 120;

/// A corpus of distinct hand-made articles: events of a few kinds in made-up places, some
/// reported twice (so stories have several articles).
fn write_corpus(dir: &Path) {
    let places = ["Aldmere", "Brenholt", "Castavia", "Dunmore", "Elsworth", "Farrowby", "Glenhaven", "Harlow Bay"];
    let kinds = [
        ("an earthquake of magnitude", "struck", "Rescue teams searched collapsed buildings"),
        ("a flood after days of rain", "hit", "Residents were moved to schools and sports halls"),
        ("a strike by port workers", "paralysed", "Ships waited outside the harbour"),
        ("a fire at a chemical plant", "shook", "Firefighters fought the blaze through the night"),
        ("an election for mayor", "was held in", "Turnout was the highest in twenty years"),
    ];
    let months = ["January", "March", "May", "July", "September", "November"];
    for i in 0..ARTICLES {
        let event = i / 2; // two reports of each event
        let place = places[event % places.len()];
        let (what, verb, detail) = kinds[(event / places.len()) % kinds.len()];
        let month = months[event % months.len()];
        let year = 2000 + event / 7;
        let day = 1 + event % 27;
        let official =
            format!("Mayor {} {}", ["Ann", "Boris", "Carla", "Dev"][event % 4], ["Holm", "Ivers", "Jansen"][event % 3]);
        let text = if i % 2 == 0 {
            format!(
                "Publish Date : {day} {month} {year}\n\n{place} hit by {what} (report {event})\n\n\
                 {what} {verb} {place} on {day} {month} {year}, officials said. {detail}. \
                 \"We are doing everything we can,\" {official} told reporters in {place}. \
                 The number {event} was given for the record by the regional office.\n"
            )
        } else {
            format!(
                "Publish Date : {day} {month} {year}\n\n{what} in {place}: {official} speaks (event {event})\n\n\
                 Officials in {place} said {what} {verb} the town on {day} {month} {year}. {detail}, \
                 according to the regional office. \"We are doing everything we can,\" said {official}. \
                 Record number {event}.\n"
            )
        };
        std::fs::write(dir.join(format!("{i:03}.txt")), text).unwrap();
    }
}

/// Check the store's invariants; returns the number of articles it holds.
fn check_store(dir: &Path) -> u64 {
    let store = Store::open(dir, OpenMode::ReadOnly).expect("the store opens after a kill");
    let stats = store.stats().unwrap();
    let mut seen = 0u64;
    let mut offset = 0;
    loop {
        let page = store.stories(Page::new(offset, 200)).unwrap();
        for s in &page.items {
            let story = store.story(&s.id).unwrap().expect("a listed story exists");
            assert_eq!(story.story.articles.len(), s.articles);
            assert_eq!(story.articles.len(), s.articles, "every article of the view is stored");
            for a in &story.articles {
                assert_eq!(a.story, s.id);
                let full = store.article(&a.id).unwrap().expect("stored article");
                assert_eq!(storyline_core::content_id(full.text.as_bytes()), a.id, "whole text, right id");
                seen += 1;
            }
        }
        offset += page.items.len();
        if page.items.is_empty() || offset as u64 >= page.total {
            break;
        }
    }
    assert_eq!(seen, stats.articles, "every article is in exactly one story");
    stats.articles
}

fn count(dir: &Path) -> u64 {
    Store::open(dir, OpenMode::ReadOnly).and_then(|s| s.stats()).map_or(0, |s| s.articles)
}

#[test]
fn sigkill_mid_ingest_leaves_a_consistent_store_and_rerunning_completes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    let store = tmp.path().join("store");
    std::fs::create_dir_all(&corpus).unwrap();
    write_corpus(&corpus);
    let ingest = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_storyline"));
        c.arg("ingest").arg(&corpus).arg("--store").arg(&store).args(["--batch", "2", "-j", "1"]);
        c.stdout(Stdio::null()).stderr(Stdio::null());
        c
    };

    let mut kills_mid_run = 0;
    for round in 0..5u64 {
        let before = count(&store);
        // Its stderr goes to a file, so that a run that fails by itself (rather than by the kill)
        // says why.
        let stderr = tmp.path().join(format!("stderr-{round}"));
        let mut child = ingest().stderr(std::fs::File::create(&stderr).unwrap()).spawn().unwrap();
        // Kill once the run has made progress (a batch committed), a little later each round so
        // the kill lands at different points of the batch cycle.
        let started = Instant::now();
        while count(&store) <= before && started.elapsed() < Duration::from_secs(120) {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        std::thread::sleep(Duration::from_millis(7 * round));
        let exited = child.try_wait().unwrap();
        if let Some(status) = exited {
            let why = std::fs::read_to_string(&stderr).unwrap_or_default();
            assert!(status.success(), "round {round}: the ingest failed by itself ({status}): {why}");
        }
        child.kill().ok(); // SIGKILL
        child.wait().unwrap();
        let n = check_store(&store);
        if exited.is_none() && (n as usize) < ARTICLES {
            kills_mid_run += 1;
        }
        if n as usize >= ARTICLES {
            break;
        }
    }
    assert!(kills_mid_run >= 3, "only {kills_mid_run} kills landed mid-run: the test did not test");

    // Running the same ingest again completes it; once more adds nothing.
    let out = ingest().stdout(Stdio::piped()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(check_store(&store) as usize, ARTICLES);
    let again = ingest().arg("--json").stdout(Stdio::piped()).output().unwrap();
    assert!(again.status.success());
    let v: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(v["added"], 0);
    assert_eq!(v["duplicates"], ARTICLES);
    assert_eq!(v["store_articles"], ARTICLES);
    let stats = Store::open(&store, OpenMode::ReadOnly).unwrap().stats().unwrap();
    assert_eq!(stats.indexed_seq, stats.seq, "the search index caught up with everything committed");
}
