//! `storyline serve` as a user starts it: the first stdout line gives the address; the API
//! answers over the socket; without a store it fails with a clear message.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// A store of the five example articles, made with `storyline ingest` (the directory lives as
/// long as the guard).
fn store_of_the_examples() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("s");
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/antonov");
    let st = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .arg("ingest")
        .arg(&examples)
        .arg("--store")
        .arg(&store)
        .output()
        .unwrap();
    assert!(st.status.success());
    (tmp, store)
}

#[test]
fn serve_a_store_on_loopback() {
    let (_tmp, store) = store_of_the_examples();
    let bin = env!("CARGO_BIN_EXE_storyline");

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

/// SIGTERM (what service managers send) stops the server cleanly: it exits with success, and
/// what was posted just before is searchable by the next process.
#[cfg(unix)]
#[test]
fn sigterm_closes_the_store_cleanly() {
    let (_tmp, store) = store_of_the_examples();
    let bin = env!("CARGO_BIN_EXE_storyline");

    /// Kills the server if the test fails before it stops it.
    struct Server(std::process::Child);
    impl Drop for Server {
        fn drop(&mut self) {
            self.0.kill().ok();
            self.0.wait().ok();
        }
    }
    let token = "a-test-token-long-enough-for-the-server";
    let mut server = Server(
        Command::new(bin)
            .args(["serve", "--addr", "127.0.0.1:0", "--store"])
            .arg(&store)
            .env("STORYLINE_WRITE_TOKEN", token)
            .env_remove("RUST_LOG")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let child = &mut server.0;
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.trim().strip_prefix("listening on http://").unwrap().trim_end_matches('/').to_string();

    let body = r#"{"text": "The Quillmoor ferry ran aground near Eastholm on Monday; all 40 passengers were taken ashore, the harbour master said.", "published": "2024-05-06", "outlet": "Eastholm Gazette"}"#;
    let mut s = TcpStream::connect(&addr).unwrap();
    write!(
        s,
        "POST /api/articles HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    assert!(resp.starts_with("HTTP/1.1 201"), "{resp}");

    // The shell's own `kill`, so the test needs no procps.
    let term = Command::new("sh").args(["-c", &format!("kill -TERM {}", child.id())]).status().unwrap();
    assert!(term.success());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(status.success(), "exit {status:?}: {err}");
    assert!(err.contains("shutting down"), "{err}");

    let found = Command::new(bin).args(["search", "Quillmoor", "--json", "--store"]).arg(&store).output().unwrap();
    assert!(found.status.success());
    assert!(String::from_utf8_lossy(&found.stdout).contains("Eastholm"), "{}", String::from_utf8_lossy(&found.stdout));
}
