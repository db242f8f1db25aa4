//! The API over a real socket: a server on 127.0.0.1:0 over a store of the example articles,
//! spoken to with plain HTTP/1.1 (no client library: what goes over the wire is what is tested).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use storyline_annotate::Annotator;
use storyline_server::{Config, WriteSide};
use storyline_store::{OpenMode, Store};

const TOKEN: &str = "test-token-123";

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    /// Every error is JSON with the status and a reason.
    fn assert_error(&self, status: u16) -> String {
        assert_eq!(self.status, status, "{}", self.body);
        let v = self.json();
        assert_eq!(v["error"]["status"], status);
        let msg = v["error"]["message"].as_str().unwrap().to_string();
        assert!(!msg.is_empty());
        msg
    }
}

fn request(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Response {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    // A server may answer (413) before reading a large body, and close: that is fine.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or_else(|| panic!("no response: {text:?}"));
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))).collect();
    let chunked = headers.iter().any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    let body = if chunked { dechunk(body) } else { body.to_string() };
    Response { status, headers, body }
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        s = &rest[n + 2..];
    }
    out
}

fn get(addr: SocketAddr, path: &str) -> Response {
    request(addr, "GET", path, &[], b"")
}

/// Start a server on a fresh store of the examples; returns its address (the store lives in a
/// leaked temp dir for the test process's life).
fn start(writable: bool) -> SocketAddr {
    let dir = Box::leak(Box::new(tempfile::tempdir().unwrap()));
    let annotator = annotator();
    {
        let store = Store::open(dir.path(), OpenMode::ReadWrite).unwrap();
        let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/antonov");
        let docs = storyline_ingest::Ingestor::default()
            .ingest_paths(&[examples])
            .into_iter()
            .filter_map(|o| match o {
                storyline_ingest::Outcome::Article(a) => Some(annotator.annotate(*a)),
                storyline_ingest::Outcome::Rejected(_) => None,
            })
            .collect();
        store.add(docs).unwrap();
    }
    let mode = if writable { OpenMode::ReadWrite } else { OpenMode::ReadOnly };
    let store = Arc::new(Store::open(dir.path(), mode).unwrap());
    let config = Config {
        write_token: writable.then(|| TOKEN.to_string()),
        max_body_bytes: 64 * 1024,
        request_timeout: Duration::from_secs(30),
    };
    let write = writable.then(|| Arc::new(WriteSide { annotator: Annotator::new(), ingestor: Default::default() }));
    let app = storyline_server::app(store, write, &config);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            storyline_server::serve(listener, app, std::future::pending()).await.unwrap();
        });
    });
    rx.recv().unwrap()
}

fn annotator() -> &'static Annotator {
    static A: OnceLock<Annotator> = OnceLock::new();
    A.get_or_init(Annotator::new)
}

fn read_only() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| start(false))
}

#[test]
fn stories_story_and_article_with_evidence() {
    let addr = read_only();
    let stats = get(addr, "/api/stats");
    assert_eq!(stats.status, 200);
    assert_eq!(stats.json()["articles"], 5);
    assert_eq!(stats.json()["writable"], false);

    let list = get(addr, "/api/stories?limit=10").json();
    let top = &list["items"][0];
    let id = top["id"].as_str().unwrap();
    assert!(top["articles"].as_u64().unwrap() >= 3, "most example articles tell one story");

    let story = get(addr, &format!("/api/stories/{id}"));
    assert_eq!(story.status, 200);
    let story = story.json();
    assert_eq!(story["story"]["id"], id);
    assert_eq!(story["articles"].as_array().unwrap().len() as u64, top["articles"].as_u64().unwrap());
    let quotes = story["story"]["quotes"].as_array().unwrap();
    assert!(quotes.iter().any(|q| q["speaker_name"].as_str().is_some_and(|s| s.contains("Antonov"))));

    // Every quote's evidence highlights exactly its bytes in the article.
    let ev = &quotes[0]["sources"][0];
    let (art, start, end) =
        (ev["article"].as_str().unwrap(), ev["start"].as_u64().unwrap(), ev["end"].as_u64().unwrap());
    let page = get(addr, &format!("/api/articles/{art}?highlight={start}-{end}"));
    assert_eq!(page.status, 200, "{}", page.body);
    let page = page.json();
    assert_eq!(page["highlight"]["text"], ev["text"]);
    let text = page["text"].as_str().unwrap();
    assert_eq!(&text[start as usize..end as usize], ev["text"].as_str().unwrap());
    assert!(page["marks"].as_array().unwrap().iter().any(|m| m["kind"] == "quote"));

    // A range that is not one of the text is refused with the reason.
    let len = text.len();
    let msg = get(addr, &format!("/api/articles/{art}?highlight=10-{}", len + 5)).assert_error(400);
    assert!(msg.contains("not a range"), "{msg}");
    let (wide, _) = text.char_indices().find(|(_, c)| c.len_utf8() > 1).expect("the examples have non-ASCII text");
    get(addr, &format!("/api/articles/{art}?highlight={}-{}", wide + 1, wide + 2)).assert_error(400);
    get(addr, &format!("/api/articles/{art}?highlight=abc")).assert_error(400);
}

#[test]
fn entities_and_search() {
    let addr = read_only();
    let list = get(addr, "/api/entities?q=antonov").json();
    let person = list["items"].as_array().unwrap().iter().find(|e| e["entity"]["type"] == "person").unwrap();
    let id = person["entity"]["id"].as_str().unwrap();
    let page = get(addr, &format!("/api/entities/{id}")).json();
    assert!(!page["quotes"].as_array().unwrap().is_empty());
    assert!(page["quotes"].as_array().unwrap().iter().all(|q| q["speaker"] == id));

    let r = get(addr, "/api/search?q=Geneva").json();
    assert!(r["total"].as_u64().unwrap() >= 2);
    let hit = &r["hits"][0];
    assert!(hit["story"].is_string() && hit["story_title"].is_string());
    let sn = &hit["snippet"];
    let (s, e) = (sn["highlights"][0][0].as_u64().unwrap() as usize, sn["highlights"][0][1].as_u64().unwrap() as usize);
    assert_eq!(&sn["text"].as_str().unwrap()[s..e], "Geneva");

    let phrase = get(addr, "/api/search?q=%22returned%20to%20Washington%22").json();
    assert!(phrase["total"].as_u64().unwrap() >= 1);
    let filtered = get(addr, "/api/search?q=Washington&entity=Antonov&from=2021-01-01&to=2021-12-31").json();
    assert!(filtered["total"].as_u64().unwrap() >= 1);
    let nothing = get(addr, "/api/search?q=Washington&from=1990&to=1990").json();
    assert_eq!(nothing["total"], 0);
}

#[test]
fn bad_requests_are_json_errors_with_reasons() {
    let addr = read_only();
    assert!(get(addr, "/api/search?q=x&from=yesterday").assert_error(400).contains("from"));
    assert!(get(addr, "/api/search").assert_error(400).contains("q"));
    assert!(get(addr, "/api/stories?limit=0").assert_error(400).contains("limit"));
    assert!(get(addr, "/api/stories?limit=abc").assert_error(400).contains("limit"));
    get(addr, "/api/stories?offset=99999999").assert_error(400);
    get(addr, "/api/stories/s0000000000000000").assert_error(404);
    get(addr, "/api/articles/nope").assert_error(404);
    get(addr, "/api/entities/nope").assert_error(404);
    get(addr, "/api/nothing/here").assert_error(404);
    get(addr, "/etc/passwd").assert_error(404);
    get(addr, "/api/articles/..%2F..%2Fetc%2Fpasswd").assert_error(404);
    let long = "x".repeat(3000);
    get(addr, &format!("/api/search?q={long}")).assert_error(400);
    // Odd query syntax is read leniently, never a 500.
    for q in ["%22unclosed", "title%3A", "%2B%2B%2B", "AND%20OR", "(((", "*"] {
        let r = get(addr, &format!("/api/search?q={q}"));
        assert!(r.status == 200 || r.status == 400, "{q}: {} {}", r.status, r.body);
    }
}

#[test]
fn the_ui_is_served_with_a_strict_csp() {
    let addr = read_only();
    let page = get(addr, "/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("/assets/app.js"));
    let csp = page.header("content-security-policy").unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    let js = get(addr, "/assets/app.js");
    assert_eq!(js.status, 200);
    for sink in [".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write", "eval("] {
        assert!(!js.body.contains(sink), "the UI never parses data as markup or code ({sink})");
    }
    assert_eq!(get(addr, "/assets/app.css").status, 200);
}

#[test]
fn openapi_is_served_and_matches_docs() {
    let addr = read_only();
    let served = get(addr, "/api/openapi.json");
    assert_eq!(served.status, 200);
    let doc = served.json();
    let committed =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json")).unwrap();
    assert_eq!(doc, serde_json::from_str::<serde_json::Value>(&committed).unwrap(), "docs/openapi.json is stale");
    for path in [
        "/api/stats",
        "/api/stories",
        "/api/stories/{id}",
        "/api/articles",
        "/api/articles/{id}",
        "/api/entities",
        "/api/entities/{id}",
        "/api/search",
        "/api/openapi.json",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is not documented");
    }
}

#[test]
fn writing_needs_the_token() {
    // A read-only server refuses, saying why.
    let msg =
        request(read_only(), "POST", "/api/articles", &[("Content-Type", "application/json")], b"{\"text\":\"x\"}")
            .assert_error(403);
    assert!(msg.contains("read-only"));

    let addr = start(true);
    let article = br#"{"title": "Antonov meets Ryabkov in Moscow", "outlet": "Test Wire", "published": "2021-06-22",
        "text": "Russian Ambassador Anatoly Antonov met Deputy Foreign Minister Sergei Ryabkov in Moscow on Tuesday before returning to Washington, the ministry said. \"We will work hard,\" Antonov told reporters in Geneva."}"#;
    let json = [("Content-Type", "application/json")];
    request(addr, "POST", "/api/articles", &json, article).assert_error(401);
    let wrong = [("Content-Type", "application/json"), ("Authorization", "Bearer wrong-token-000")];
    request(addr, "POST", "/api/articles", &wrong, article).assert_error(401);

    let auth = format!("Bearer {TOKEN}");
    let ok = [("Content-Type", "application/json"), ("Authorization", auth.as_str())];
    let r = request(addr, "POST", "/api/articles", &ok, article);
    assert_eq!(r.status, 201, "{}", r.body);
    let v = r.json();
    assert_eq!(v["added"], 1);
    let id = v["articles"][0]["id"].as_str().unwrap().to_string();
    let story = v["articles"][0]["story"].as_str().unwrap().to_string();
    // It is stored, in a story, and searchable right away.
    let page = get(addr, &format!("/api/stories/{story}")).json();
    assert!(page["story"]["articles"].as_array().unwrap().iter().any(|a| a == &serde_json::json!(id)));
    assert!(get(addr, "/api/search?q=Ryabkov").json()["total"].as_u64().unwrap() >= 1);
    assert_eq!(get(addr, "/api/stats").json()["articles"], 6);
    // The same article again: stored once.
    let again = request(addr, "POST", "/api/articles", &ok, article);
    assert_eq!(again.status, 200);
    assert_eq!(again.json()["duplicates"], 1);

    // Bodies: empty, not an article, too large.
    request(addr, "POST", "/api/articles", &ok, b"").assert_error(400);
    let msg = request(addr, "POST", "/api/articles", &ok, b"{\"nothing\": 1}").assert_error(400);
    assert!(msg.contains("no article"), "{msg}");
    let big = format!("{{\"text\": \"{}\"}}", "word ".repeat(40_000));
    request(addr, "POST", "/api/articles", &ok, big.as_bytes()).assert_error(413);
    // A plain-text article works too; nothing in a request names a file.
    let plain = [("Content-Type", "text/plain"), ("Authorization", auth.as_str())];
    let r = request(
        addr,
        "POST",
        "/api/articles",
        &plain,
        b"Storms hit the coast of Aldmere on Friday, flooding the harbour, officials said.",
    );
    assert_eq!(r.status, 201, "{}", r.body);
}
