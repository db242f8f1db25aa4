//! `storyline report` is a function of its inputs: report.json is byte-identical across runs,
//! thread counts and the order the files are given in. (Parallel ingest and annotation, and
//! online story clustering, are where order could leak in.)

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The example corpus (the project's own copy) plus two hand-written near-copies, so the run
/// has near-duplicates and more than one story to order.
fn corpus(dir: &Path) -> Vec<PathBuf> {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/antonov");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&examples).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let a = dir.join("council.txt");
    std::fs::write(
        &a,
        "Council approves budget\n\nThe city council approved next year's budget on Tuesday, March 2, 2021, \
         after a long debate about transport spending. \"This budget fixes our roads,\" Mayor Anna Berg said. \
         The vote was 7 to 2.\n",
    )
    .unwrap();
    let b = dir.join("council-copy.txt");
    std::fs::write(
        &b,
        "City council passes budget\n\nThe city council approved next year's budget on Tuesday, March 2, 2021, \
         after a long debate about transport spending. \"This budget fixes our roads,\" Mayor Anna Berg told reporters. \
         Two members voted against it.\n",
    )
    .unwrap();
    files.push(a);
    files.push(b);
    files
}

fn report_json(inputs: &[PathBuf], threads: &str, out: &Path) -> Vec<u8> {
    let run = Command::cargo_bin("storyline")
        .unwrap()
        .args(["report", "--no-html", "--threads", threads, "--out"])
        .arg(out)
        .args(inputs)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    std::fs::read(out.join("report.json")).unwrap()
}

#[test]
fn report_json_is_identical_across_threads_runs_and_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let files = corpus(dir.path());
    let mut reversed = files.clone();
    reversed.reverse();
    let first = report_json(&files, "1", &dir.path().join("r1"));
    let json: serde_json::Value = serde_json::from_slice(&first).unwrap();
    assert_eq!(json["articles"].as_array().map(Vec::len), Some(7), "every input is in the report");
    for (name, inputs, threads) in [
        ("a second run", &files, "1"),
        ("two threads", &files, "2"),
        ("the files in reverse order", &reversed, "2"),
        ("reverse order, one thread", &reversed, "1"),
    ] {
        let again = report_json(inputs, threads, &dir.path().join(name.replace([' ', ','], "-")));
        assert!(again == first, "report.json differs with {name}");
    }
}
