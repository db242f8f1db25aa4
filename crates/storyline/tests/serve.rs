//! `storyline serve` as a user starts it: the first stdout line gives the address; the API
//! answers over the socket; without a store it fails with a clear message.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Stdio};

#[test]
fn serve_a_store_on_loopback() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("s");
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/antonov");
    let bin = env!("CARGO_BIN_EXE_storyline");
    let st = Command::new(bin).arg("ingest").arg(&examples).arg("--store").arg(&store).output().unwrap();
    assert!(st.status.success());

    let mut child = Command::new(bin)
        .args(["serve", "--addr", "127.0.0.1:0", "--store"])
        .arg(&store)
        .env_remove("STORYLINE_WRITE_TOKEN")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.trim().strip_prefix("listening on http://").unwrap().trim_end_matches('/').to_string();
    assert!(addr.starts_with("127.0.0.1:"), "{line}");

    let mut s = TcpStream::connect(&addr).unwrap();
    write!(s, "GET /api/stats HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    child.kill().ok();
    child.wait().unwrap();
    assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
    assert!(resp.contains("\"articles\":5"), "{resp}");
    assert!(resp.contains("\"writable\":false"), "{resp}");
}

#[test]
fn serve_without_a_store_says_how_to_make_one() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["serve", "--addr", "127.0.0.1:0", "--store"])
        .arg(tmp.path().join("missing"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("storyline ingest"));
}

#[test]
fn a_short_write_token_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["serve", "--addr", "127.0.0.1:0", "--write-token", "abc", "--store"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("too short"));
}
