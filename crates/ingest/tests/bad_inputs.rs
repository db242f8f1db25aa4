//! The bad-input corpus: each case is made here, ingested, and checked for its reason; the
//! whole corpus as one batch checks that every input is accounted for and nothing else breaks.

mod common;

use common::*;
use std::path::Path;
use storyline_ingest::{Ingestor, Limits, Outcome};

/// A file name, its content, and per outcome in order the fragments its reason must contain
/// (separated by `|`; "" = an article).
struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    expect: Vec<&'static str>,
}

fn corpus() -> Vec<Case> {
    let good_text = "Envoy returns\n\nThe ambassador returned to Washington on Sunday.\n";
    let mut bad_utf8 = "Envoy “returns”\n\nThe ambassador – ".as_bytes().to_vec();
    bad_utf8.push(0xC3); // a lead byte with no continuation
    bad_utf8.extend_from_slice(" returned on Sunday, “officials” said.\n".as_bytes());
    let html = page(
        "Storm",
        &[
            "A storm hit the coast on Sunday, cutting power to thousands of homes in the region.",
            "Repairs will take days.",
        ],
    );
    let gz = gzip(html.as_bytes());
    let warc = sample_warc();
    // Cut inside the payload of the last record: records 2-4 still count.
    let cut = warc.len() - 200;
    let nav_only = "<html><head><title>Index</title></head><body><nav><a href=\"/\">Home</a> <a href=\"/a\">About</a></nav></body></html>";
    let bomb = gzip(&vec![b'a'; 3 << 20]);
    vec![
        Case { name: "good.txt", bytes: good_text.into(), expect: vec![""] },
        Case { name: "empty.txt", bytes: Vec::new(), expect: vec!["empty file"] },
        Case { name: "blank.txt", bytes: b"  \n\t\n".to_vec(), expect: vec!["only whitespace"] },
        Case { name: "image.txt", bytes: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec(), expect: vec!["binary file|PNG"] },
        Case { name: "nul.dat", bytes: b"some text\x00\x01\x02 more".to_vec(), expect: vec!["binary file|NUL byte at offset 9"] },
        Case { name: "bad-utf8.txt", bytes: bad_utf8, expect: vec!["invalid UTF-8 at byte offset 40"] },
        Case { name: "truncated.html.gz", bytes: gz[..gz.len() / 2].to_vec(), expect: vec!["truncated or corrupt gzip"] },
        Case { name: "not-gzip-after-all.html.gz", bytes: [&[0x1f, 0x8b][..], b"garbage that is not deflate"].concat(), expect: vec!["gzip"] },
        Case {
            name: "truncated.warc",
            bytes: warc[..cut].to_vec(),
            expect: vec!["", "content type image/png", "HTTP status 404", "truncated WARC record"],
        },
        Case {
            name: "lines.jsonl",
            bytes: b"{\"title\": \"A\", \"maintext\": \"First story.\"}\n{\"title\": \"B\", \"maintext\": \nthis is not json\n{\"title\": \"C\", \"text\": \"Third story.\"}\n".to_vec(),
            expect: vec!["", "malformed JSON", "malformed JSON", ""],
        },
        Case { name: "nav-only.html", bytes: nav_only.into(), expect: vec!["no article body"] },
        Case { name: "bomb.html.gz", bytes: bomb, expect: vec!["exceeds the limit of 1048576 bytes|gzip bomb"] },
        Case { name: "huge.txt", bytes: vec![b'x'; 50_000], expect: vec!["over the size limit of 20000 bytes"] },
        Case { name: "boilerplate-only.txt", bytes: b"Source : TASS\n\n* Comment:\n".to_vec(), expect: vec!["no article text"] },
        Case { name: "not-a-feed.rss", bytes: b"<?xml version=\"1.0\"?><rss><channel><item><title>x</ti".to_vec(), expect: vec!["malformed feed"] },
        Case { name: "empty-feed.xml", bytes: b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title></channel></rss>".to_vec(), expect: vec!["no items"] },
    ]
}

fn limits() -> Limits {
    Limits { max_file_bytes: 4096 * 1024, max_document_bytes: 1 << 20, ..Limits::default() }
}

fn check(name: &str, out: &[Outcome], expect: &[&str]) {
    let got: Vec<String> = out
        .iter()
        .map(|o| match o {
            Outcome::Article(_) => String::new(),
            Outcome::Rejected(r) => r.reason.clone(),
        })
        .collect();
    assert_eq!(got.len(), expect.len(), "{name}: {got:?}");
    for (g, e) in got.iter().zip(expect) {
        if e.is_empty() {
            assert!(g.is_empty(), "{name}: expected an article, got {g:?}");
        } else {
            for fragment in e.split('|') {
                assert!(g.contains(fragment), "{name}: reason {g:?} should contain {fragment:?}");
            }
        }
    }
}

#[test]
fn each_case_has_its_reason() {
    let ing = Ingestor::new(limits());
    for case in corpus() {
        // huge.txt is checked with a small file limit below.
        if case.name == "huge.txt" {
            continue;
        }
        let out = ing.ingest_bytes(case.name, &case.bytes);
        check(case.name, &out, &case.expect);
    }
    let small = Ingestor::new(Limits { max_file_bytes: 20_000, ..limits() });
    check("huge.txt", &small.ingest_bytes("huge.txt", &[b'x'; 50_000]), &["over the size limit of 20000 bytes"]);
}

#[test]
fn line_and_record_limits() {
    let ing = Ingestor::new(Limits { max_line_bytes: 60, max_records_per_file: 3, ..Limits::default() });
    let long = format!("{{\"title\": \"Long\", \"maintext\": \"{}\"}}", "x".repeat(100));
    let jsonl = format!(
        "{{\"title\": \"A\", \"text\": \"One.\"}}\n{long}\n{{\"title\": \"C\", \"text\": \"Three.\"}}\n{{\"title\": \"D\", \"text\": \"Four.\"}}\n"
    );
    let out = ing.ingest_bytes("limits.jsonl", jsonl.as_bytes());
    check("limits.jsonl", &out, &["", "line is over the limit of 60 bytes", "", "more than 3 records"]);
    assert_eq!(out[3].source(), "limits.jsonl#4");
}

/// A file of many batches (the reader takes 256 lines at a time): blank lines skipped, every
/// other line an outcome in line order, and the record limit stops reading in the middle of a
/// batch, after the records before it.
#[test]
fn json_lines_over_many_batches_keep_line_order_and_limits() {
    let mut jsonl = String::new();
    for n in 1..=1000 {
        match n % 7 {
            0 => jsonl.push_str("   \n"),
            3 => jsonl.push_str("{not json\n"),
            _ => jsonl.push_str(&format!("{{\"title\": \"T{n}\", \"text\": \"Line {n} of the file.\"}}\n")),
        }
    }
    let numbers = |out: &[Outcome]| -> Vec<usize> {
        out.iter().map(|o| o.source().rsplit('#').next().and_then(|n| n.parse().ok()).unwrap_or(0)).collect()
    };
    let all = Ingestor::new(Limits::default()).ingest_bytes("many.jsonl", jsonl.as_bytes());
    let expected: Vec<usize> = (1..=1000).filter(|n| n % 7 != 0).collect();
    assert_eq!(numbers(&all), expected);
    for (o, n) in all.iter().zip(&expected) {
        assert_eq!(matches!(o, Outcome::Rejected(_)), n % 7 == 3, "line {n}");
    }
    let capped = Ingestor::new(Limits { max_records_per_file: 400, ..Limits::default() });
    let out = capped.ingest_bytes("many.jsonl", jsonl.as_bytes());
    assert_eq!(out.len(), 401);
    assert_eq!(numbers(&out)[..400], expected[..400]);
    check("many.jsonl", &out[400..], &["more than 400 records"]);
    assert_eq!(numbers(&out)[400], expected[400]);
}

#[test]
fn the_corpus_as_one_batch_accounts_for_every_input() {
    let dir = tempfile::tempdir().unwrap();
    let mut expected = Vec::new();
    for case in corpus() {
        std::fs::write(dir.path().join(case.name), &case.bytes).unwrap();
        expected.push((case.name, case.expect));
    }
    expected.sort_by_key(|(n, _)| *n);
    let missing = dir.path().join("does-not-exist.txt");
    let through_a_file = dir.path().join("good.txt").join("child.txt");
    let ing = Ingestor::new(Limits { max_file_bytes: 20_000, ..limits() });
    let specs: Vec<&Path> = vec![dir.path(), &missing, &through_a_file];
    let out = ing.ingest_paths(&specs);
    let total: usize = expected.iter().map(|(_, e)| e.len()).sum::<usize>() + 2;
    assert_eq!(out.len(), total, "every input and record accounted for");
    let mut at = 0;
    for (name, expect) in &expected {
        let n = expect.len();
        assert!(out[at].source().contains(name), "{} vs {name}", out[at].source());
        check(name, &out[at..at + n], expect);
        at += n;
    }
    check("missing", &out[at..at + 1], &["no such file or directory"]);
    check("through a file", &out[at + 1..], &["cannot read"]);
}

#[cfg(unix)]
#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("secret.txt");
    std::fs::write(&p, "Secret\n\nA body.\n").unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&p).is_ok() {
        // Running as root: permissions do not apply, nothing to check.
        return;
    }
    let out = Ingestor::default().ingest_paths(&[&p]);
    check("secret.txt", &out, &["cannot read: permission denied"]);
}
