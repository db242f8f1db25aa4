//! `storyline extract` end to end: JSON lines on stdout, rejections in the same stream, exit
//! codes 0 / 3 / 2, the example corpus, stdin. Fixtures are written here; no network, no ../shared.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn storyline() -> Command {
    Command::cargo_bin("storyline").unwrap()
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/antonov")
}

fn lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect()
}

#[test]
fn the_example_corpus() {
    let out = storyline().arg("extract").arg(examples()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v = lines(&out.stdout);
    assert_eq!(v.len(), 5);
    let by_name = |n: &str| v.iter().find(|a| a["source"].as_str().unwrap().contains(n)).unwrap();

    let a = by_name("000_");
    assert_eq!(a["published"]["date"], "2021-06-20");
    assert_eq!(a["published"]["time"], "21:44");
    assert_eq!(a["published"]["basis"], "stated");
    assert_eq!(a["dateline"], "MOSCOW");
    let text = a["text"].as_str().unwrap();
    assert!(text.starts_with("Russia’s ambassador"), "{text}");
    assert!(!text.contains("News ID") && !text.contains("Comment:") && !text.contains("(Dispatches)"));

    let a = by_name("001_");
    assert_eq!(a["title"], "Russian Ambassador to US eyes a lot of work on Russian-American relations in Moscow");
    assert_eq!(a["outlet"], "TASS");
    assert!(!a["text"].as_str().unwrap().contains("Source :"));

    let a = by_name("002_");
    assert_eq!(a["title"], "Russian Envoy Unlikely to Return to U.S. in Near Future, Deputy FM Says");
    assert_eq!(a["outlet"], "The Moscow Times");
    assert_eq!(a["published"]["date"], "2021-04-07");
    assert_eq!(a["published"]["basis"], "stated");
    assert!(a["url"].as_str().unwrap().starts_with("https://www.themoscowtimes.com/2021/04/07/"));
    let text = a["text"].as_str().unwrap();
    for junk in ["**", "Sharifulin", "Related article", "](#)", "Original url", "<https"] {
        assert!(!text.contains(junk), "{junk} left in {text}");
    }
    assert!(text.contains("news agency reported Wednesday"));
    assert!(text.contains("will depend on what steps Washington takes"), "the copy-paste break is joined");

    let a = by_name("003_");
    let text = a["text"].as_str().unwrap();
    assert!(!text.contains("Also on") && !text.contains('•'));
    assert!(text.starts_with("Russian Ambassador to the United States Anatoly Antonov said"));

    let a = by_name("004_");
    assert_eq!(
        a["title"],
        "There are positive shifts in relations between Russia and the United States, the ambassador said"
    );
    assert_eq!(a["outlet"], "RIA Novosti");
    assert_eq!(a["published"]["date"], "2021-11-02");
    assert_eq!(a["published"]["basis"], "stated");
    assert_eq!(a["url"], "https://ria.ru/20211102/ssha-1757436556.html");
    assert!(a["text"].as_str().unwrap().starts_with("In relations between Russia"));

    for a in &v {
        assert_eq!(a["language"], "en");
        assert!(!a["text"].as_str().unwrap().contains("\n\n\n"));
    }
}

#[test]
fn rejections_are_reported_and_exit_3() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), "A headline here\n\nA body paragraph of the story.\n").unwrap();
    std::fs::write(d.join("b.txt"), "").unwrap();
    std::fs::write(d.join("c.jsonl"), "{\"title\": \"T\", \"maintext\": \"Body one.\"}\n{broken\n").unwrap();
    let missing = d.join("missing.html");
    let out = storyline().arg("extract").arg(d).arg(&missing).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let v = lines(&out.stdout);
    let sources: Vec<&str> = v.iter().map(|x| x["source"].as_str().unwrap()).collect();
    assert_eq!(sources.len(), 5, "{sources:?}");
    assert!(sources[0].ends_with("a.txt") && sources[1].ends_with("b.txt"));
    assert!(sources[2].ends_with("c.jsonl#1") && sources[3].ends_with("c.jsonl#2"));
    assert_eq!(v[0]["title"], "A headline here");
    assert_eq!(v[1]["rejected"], "empty file (0 bytes)");
    assert!(v[3]["rejected"].as_str().unwrap().starts_with("malformed JSON"));
    assert_eq!(v[4]["rejected"], "no such file or directory");
    assert!(out.stderr.is_empty(), "no summary or progress when stderr is not a terminal");
}

#[test]
fn max_size_flag() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("big.txt");
    std::fs::write(&f, format!("Headline\n\n{}\n", "Word and more words. ".repeat(200))).unwrap();
    let out = storyline().args(["extract", "--max-size", "1K"]).arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let v = lines(&out.stdout);
    assert!(v[0]["rejected"].as_str().unwrap().contains("over the size limit of 1024 bytes"));
    let out = storyline().args(["extract", "--max-size", "1M", "--threads", "1"]).arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn stdin() {
    let out = storyline()
        .args(["extract", "-"])
        .write_stdin("Kremlin comments\n\nMOSCOW, June 2 (Reuters) - The Kremlin said talks would go on.\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v = lines(&out.stdout);
    assert_eq!(v[0]["source"], "-");
    assert_eq!(v[0]["outlet"], "Reuters");
    assert_eq!(v[0]["text"], "The Kremlin said talks would go on.");
}

#[test]
fn usage_errors_exit_2_and_help_has_examples() {
    let out = storyline().arg("extract").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = storyline().args(["extract", "--max-size", "lots", "x"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = storyline().args(["extract", "--threads", "0", "x"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = storyline().args(["extract", "--help"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("Examples:") && help.contains("storyline extract examples/antonov/"));
}
