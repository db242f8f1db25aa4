//! `storyline ingest` and `storyline search` on the example articles.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::PathBuf;

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/antonov")
}

fn storyline() -> Command {
    Command::cargo_bin("storyline").unwrap()
}

#[test]
fn ingest_twice_then_search() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("s");
    storyline()
        .args(["ingest"])
        .arg(examples())
        .arg("--store")
        .arg(&store)
        .assert()
        .success()
        .stdout(predicate::str::starts_with("5 new, 0 already stored, 0 rejected"));
    let out = storyline().arg("ingest").arg(examples()).arg("--store").arg(&store).arg("--json").output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["added"].as_u64(), v["duplicates"].as_u64(), v["store_articles"].as_u64()),
        (Some(0), Some(5), Some(5))
    );

    // Search: highlighted matches (brackets off a terminal), the story of each hit.
    storyline()
        .args(["search", "Geneva", "--store"])
        .arg(&store)
        .assert()
        .success()
        .stdout(predicate::str::contains("[Geneva]").and(predicate::str::contains("story s")));
    let out = storyline()
        .args(["search", "ambassador", "--entity", "antonov", "--json", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["total"].as_u64().unwrap() >= 1);
    assert!(v["hits"].as_array().unwrap().iter().all(|h| h["story"].is_string()));
    // Nothing found: exit 1. A bad date: a usage error.
    storyline().args(["search", "zyxwvut", "--store"]).arg(&store).assert().code(1);
    storyline().args(["search", "x", "--from", "June", "--store"]).arg(&store).assert().code(2);
}

#[test]
fn search_needs_a_store_and_ingest_reports_rejections() {
    let tmp = tempfile::tempdir().unwrap();
    storyline()
        .args(["search", "x", "--store"])
        .arg(tmp.path().join("none"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not a store"));
    let empty = tmp.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    storyline()
        .arg("ingest")
        .arg(&empty)
        .arg("--store")
        .arg(tmp.path().join("s"))
        .assert()
        .code(3)
        .stdout(predicate::str::contains("0 new, 0 already stored, 1 rejected"));
}
