//! The hostile-input corpus through the real binary: each input is processed or rejected with a
//! reason (exit code and JSON line checked), a good article beside it always comes out, and
//! nothing from an article can inject markup into report.html or the web UI. Every input is made
//! here by code, in a temporary directory; the test being fast is the proof of bounded time.
//! (The per-reader detail is in `crates/ingest/tests/hostile.rs`.)

use assert_cmd::Command;
use serde_json::Value;
use std::io::Write;
use std::path::Path;

fn storyline() -> Command {
    Command::cargo_bin("storyline").unwrap()
}

fn lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect()
}

const GOOD: &str = "Envoy returns to Washington\n\nWASHINGTON, June 20 (Reuters) - Russia's ambassador Anatoly \
                    Antonov returned to Washington on Sunday, three months after he was recalled. \"We will work \
                    hard,\" Antonov told reporters at the airport.\n";

/// Deflate `n` MiB of zeros after `prefix`, never holding them: a bomb of a few kilobytes.
fn zero_bomb(prefix: &[u8], mib: usize) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(prefix).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..mib {
        e.write_all(&zeros).unwrap();
    }
    e.finish().unwrap()
}

fn warc_record(n: usize, claimed_len: Option<usize>, payload: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012}>\r\n\
         WARC-Date: 2021-06-21T10:00:00Z\r\nWARC-Target-URI: https://example.com/{n}\r\n\
         Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        claimed_len.unwrap_or(payload.len())
    )
    .into_bytes();
    r.extend_from_slice(payload);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn http_page(title: &str, para: &str) -> Vec<u8> {
    let body = format!(
        "<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{para}</p></article></body></html>"
    );
    format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{body}").into_bytes()
}

const PARA: &str = "The ambassador returned to Washington on Sunday after weeks of consultations in Moscow, \
                    officials said, and talks would resume next week.";

/// The hostile corpus: file name and content. All small on disk except `huge-line.txt`.
fn write_corpus(d: &Path) {
    let w = |name: &str, bytes: &[u8]| std::fs::write(d.join(name), bytes).unwrap();
    w("00-good.txt", GOOD.as_bytes());
    // 100,000 levels of nesting, closed and unclosed.
    let depth = 100_000;
    w(
        "deep.html",
        format!(
            "<html><head><title>Deep page</title></head><body>{}<p>{PARA}</p>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        )
        .as_bytes(),
    );
    w("unclosed.html", format!("<html><body>{}<p>{PARA}", "<span><b>".repeat(depth / 2)).as_bytes());
    // NUL bytes in text, in HTML, and escaped in JSON.
    w("nul.txt", format!("Title\n\n{PARA}\0 more.\n").as_bytes());
    w("nul.jsonl", format!("{{\"title\": \"NUL\\u0000title\", \"maintext\": \"{PARA}\\u0000\"}}\n").as_bytes());
    // Mixed encodings: UTF-8 with a latin-1 stretch; UTF-16 with a BOM.
    let mut mixed = format!("Caf\u{e9} \u{201c}news\u{201d}\n\n{PARA} ").into_bytes();
    mixed.extend_from_slice(b"caf\xe9 cr\xe8me, na\xefve.\n");
    w("mixed.txt", &mixed);
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(GOOD.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    w("utf16.txt", &utf16);
    // Right-to-left, bidi controls, combining marks, emoji in names, title and outlet.
    w(
        "rtl.txt",
        format!(
            "\u{202e}Envoy\u{202c} returns \u{1F1F7}\u{1F1FA}\n\nThe ambassador \u{05e9}\u{05dc}\u{05d5}\u{05dd} \
             \u{0627}\u{0644}\u{0633}\u{0644}\u{0627}\u{0645} met Zo\u{0065}\u{0301}\u{0308}\u{0323} Smith on Sunday. \
             \u{1F469}\u{200D}\u{1F680} Valentina Tereshkova said: \u{201c}We fly.\u{201d} {PARA}\n"
        )
        .as_bytes(),
    );
    w(
        "emoji.jsonl",
        format!(
            "{{\"title\": \"\u{1F680} Launch \u{05e9}\u{05dc}\u{05d5}\u{05dd}\", \"maintext\": \"\u{1F469}\u{200D}\u{1F680} \
             Valentina Tereshkova said on Sunday: \u{201c}We fly.\u{201d} {PARA}\", \"source_domain\": \"\u{1F4F0}news.example\"}}\n"
        )
        .as_bytes(),
    );
    // Gzip bombs: 64 MiB of zeros behind a few kilobytes, in a page, a WARC and a JSONL file.
    w("bomb.html.gz", &zero_bomb(b"<html><body><p>", 64));
    let good_record = warc_record(1, None, &http_page("Envoy in WARC", PARA));
    w("bomb.warc.gz", &zero_bomb(&good_record, 64));
    w(
        "bomb.jsonl.gz",
        &zero_bomb(format!("{{\"title\": \"Before the bomb\", \"maintext\": \"{PARA}\"}}\n").as_bytes(), 64),
    );
    // WARC records whose Content-Length lies, too short and too long.
    let page = http_page("Liar", PARA);
    let short =
        [good_record.clone(), warc_record(2, Some(page.len() / 2), &page), warc_record(3, None, &page)].concat();
    w("short-length.warc", &short);
    let long = [good_record.clone(), warc_record(2, Some(page.len() + 100_000), &page)].concat();
    w("long-length.warc", &long);
    // JSON nested 10,000 deep, then a good line.
    w(
        "deep.jsonl",
        format!(
            "{{\"title\": \"Deep\", \"maintext\": \"x\", \"extra\": {}{}}}\n{{\"title\": \"After the deep line\", \"maintext\": \"{PARA}\"}}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        )
        .as_bytes(),
    );
    // Markup and script URLs in text, title, outlet and url.
    w(
        "xss.jsonl",
        format!(
            "{{\"title\": \"<script>alert('title')</script> Envoy\", \"maintext\": \"Officials said <script>alert('body')</script> \
             and <a href=\\\"javascript:alert(1)\\\">click</a> <img src=x onerror=alert(2)>. {PARA}\", \
             \"source_domain\": \"<script>alert('outlet')</script>\", \"url\": \"javascript:alert('url')\"}}\n"
        )
        .as_bytes(),
    );
    w(
        "xss.html",
        format!(
            "<html><head><title>&lt;script&gt;alert('t')&lt;/script&gt; Envoy returns</title>\
             <meta property=\"og:site_name\" content=\"&lt;img src=x onerror=alert(3)&gt;\">\
             <link rel=\"canonical\" href=\"javascript:alert('canonical')\"></head><body><article>\
             <p>He wrote &lt;script&gt;alert('p')&lt;/script&gt; and <a href=\"javascript:alert(4)\">a link</a>. {PARA}</p>\
             <script>alert('real script')</script></article></body></html>"
        )
        .as_bytes(),
    );
}

fn by_source<'a>(v: &'a [Value], name: &str) -> Vec<&'a Value> {
    v.iter().filter(|x| x["source"].as_str().is_some_and(|s| s.contains(name))).collect()
}

#[test]
fn every_hostile_input_is_processed_or_rejected_and_the_good_one_comes_out() {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path());
    let out = storyline().args(["extract", "--threads", "2"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "some inputs are rejected: {}", String::from_utf8_lossy(&out.stderr));
    let v = lines(&out.stdout);
    let good = by_source(&v, "00-good.txt");
    assert_eq!(good[0]["title"], "Envoy returns to Washington");
    let rejected = |name: &str, fragment: &str| {
        let got = by_source(&v, name);
        assert!(
            got.iter().any(|x| x["rejected"].as_str().is_some_and(|r| r.contains(fragment))),
            "{name}: expected a rejection containing {fragment:?}, got {got:?}"
        );
    };
    let article = |name: &str| -> &Value {
        by_source(&v, name)
            .into_iter()
            .find(|x| x.get("rejected").is_none())
            .unwrap_or_else(|| panic!("{name}: no article in {:?}", by_source(&v, name)))
    };
    // Nesting is capped, not recursed into: the paragraph still comes out.
    assert!(article("deep.html")["text"].as_str().unwrap().contains("talks would resume"));
    assert!(article("unclosed.html")["text"].as_str().unwrap().contains("talks would resume"));
    rejected("nul.txt", "binary file");
    // As many latin-1 bytes as UTF-8 sequences: read as a legacy charset, said in a warning.
    assert_eq!(article("mixed.txt")["warnings"][0], "charset guessed as windows-1252");
    assert_eq!(article("utf16.txt")["title"], "Envoy returns to Washington");
    assert!(article("rtl.txt")["text"].as_str().unwrap().contains("\u{1F469}\u{200D}\u{1F680} Valentina"));
    assert!(article("emoji.jsonl")["title"].as_str().unwrap().starts_with('\u{1F680}'));
    rejected("bomb.html.gz", "exceeds the limit");
    assert_eq!(article("bomb.warc.gz")["title"], "Envoy in WARC", "records before the bomb are kept");
    assert_eq!(article("bomb.jsonl.gz")["title"], "Before the bomb");
    assert!(by_source(&v, "bomb.warc.gz").iter().any(|x| x.get("rejected").is_some()));
    assert!(by_source(&v, "bomb.jsonl.gz").iter().any(|x| x.get("rejected").is_some()));
    assert_eq!(article("short-length.warc#1")["title"], "Envoy in WARC");
    rejected("short-length.warc", "malformed WARC");
    assert_eq!(article("long-length.warc#1")["title"], "Envoy in WARC");
    rejected("long-length.warc", "truncated WARC record");
    rejected("deep.jsonl#1", "recursion limit");
    assert_eq!(article("deep.jsonl#2")["title"], "After the deep line");
    for x in &v {
        assert!(x.get("rejected").is_some_and(|r| !r.as_str().unwrap().is_empty()) || x.get("text").is_some(), "{x}");
    }
}

#[test]
fn one_line_of_100_mb() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("00-good.txt"), GOOD).unwrap();
    // The real size, rejected by the default 32 MiB document limit before it is read.
    let big = dir.path().join("huge-line.txt");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..100 {
            f.write_all(&chunk).unwrap();
        }
    }
    let jsonl = dir.path().join("huge-line.jsonl");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&jsonl).unwrap());
        f.write_all(b"{\"title\": \"T\", \"maintext\": \"").unwrap();
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..100 {
            f.write_all(&chunk).unwrap();
        }
        f.write_all(format!("\"}}\n{{\"title\": \"Next line\", \"maintext\": \"{PARA}\"}}\n").as_bytes()).unwrap();
    }
    let out = storyline().arg("extract").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let v = lines(&out.stdout);
    assert_eq!(by_source(&v, "00-good.txt")[0]["title"], "Envoy returns to Washington");
    assert!(
        by_source(&v, "huge-line.txt")[0]["rejected"].as_str().unwrap().contains("over the limit of 33554432 bytes")
    );
    let j = by_source(&v, "huge-line.jsonl");
    assert!(j[0]["rejected"].as_str().unwrap().contains("line is over the limit"), "{j:?}");
    assert_eq!(j[1]["title"], "Next line");
    // A lowered limit takes the same path; under it, one long line of words is an article.
    let words = dir.path().join("words.txt");
    std::fs::write(&words, "word and more words said officials. ".repeat(60_000)).unwrap();
    let out = storyline().args(["extract", "--max-document-size", "1M"]).arg(&words).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(lines(&out.stdout)[0]["rejected"].as_str().unwrap().contains("over the limit of 1048576 bytes"));
    let out = storyline().args(["extract", "--max-document-size", "4M"]).arg(&words).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

/// Every start tag of `html` as (name, attribute names), skipping the contents of `<script>` and
/// `<style>` (the report's own). A hostile string that got through unescaped would show up here.
fn tags(html: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let inside = &rest[..end];
        let name: String = inside.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if name.is_empty() {
            continue;
        }
        let mut attrs = Vec::new();
        let mut quoted = None;
        let mut word = String::new();
        for c in inside[name.len()..].chars().chain([' ']) {
            match (quoted, c) {
                (Some(q), c) if c == q => quoted = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quoted = Some(c),
                (None, '=') | (None, ' ' | '/' | '\n') => {
                    if !word.is_empty() {
                        attrs.push(std::mem::take(&mut word));
                    }
                    if c == '=' {
                        word.clear();
                    }
                }
                (None, c) => word.push(c),
            }
        }
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            rest = rest.find(&close).map_or("", |i| &rest[i..]);
        }
        out.push((name, attrs));
    }
    out
}

/// Every `href`/`src` attribute value in `html`.
fn urls_in(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=", "src=", "action="] {
        for (i, _) in html.match_indices(attr) {
            let rest = html[i + attr.len()..].trim_start_matches(['"', '\'']);
            out.push(rest.chars().take_while(|c| !matches!(c, '"' | '\'' | '>' | ' ')).collect());
        }
    }
    out
}

#[test]
fn no_markup_reaches_the_report() {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path());
    let report = dir.path().join("out");
    let out = storyline().args(["report", "--out"]).arg(&report).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(report.join("report.html")).unwrap();
    // The hostile strings did reach the report, escaped.
    assert!(html.contains("&lt;script&gt;alert("), "the hostile titles are in the report");
    // The report's own script is the only one, and it is at the end.
    assert_eq!(html.matches("<script").count(), 1, "one <script>, the report's own");
    assert!(html.rfind("<script").unwrap() > html.rfind("</main>").unwrap());
    let lower = html.to_lowercase();
    for (tag, attrs) in tags(&lower) {
        assert!(
            !["img", "iframe", "object", "embed", "form", "base"].contains(&tag.as_str()),
            "<{tag}> in report.html"
        );
        assert!(attrs.iter().all(|a| !a.starts_with("on")), "<{tag} {attrs:?}>: an event handler in report.html");
    }
    for u in urls_in(&lower) {
        assert!(
            !u.trim_start().starts_with("javascript:") && !u.starts_with("data:"),
            "a script URL in an attribute: {u}"
        );
    }
    // report.json keeps the text verbatim (it is data, escaped by JSON).
    let json: Value = serde_json::from_slice(&std::fs::read(report.join("report.json")).unwrap()).unwrap();
    assert!(json.to_string().contains("<script>alert('title')</script>"));
}

#[test]
fn the_web_ui_inserts_text_never_markup() {
    // The UI is one script: it must build the page from text nodes only.
    let js = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/ui/app.js")).unwrap();
    for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "srcdoc"] {
        assert!(!js.contains(sink), "app.js uses {sink}");
    }
    // Links are built by `link(hash, ...)`; every call site passes an in-page `#/` route.
    for (i, _) in js.match_indices("link(") {
        let arg = js[i + 5..].trim_start();
        if js[..i].ends_with("function ") {
            continue;
        }
        assert!(
            arg.starts_with("`#/") || arg.starts_with("\"#/") || arg.starts_with("target"),
            "link({})",
            &arg[..40.min(arg.len())]
        );
    }
}

fn http_get(addr: &str, path: &str) -> (String, String) {
    use std::io::Read;
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    let (head, body) = resp.split_once("\r\n\r\n").unwrap();
    (head.to_ascii_lowercase(), body.to_string())
}

#[test]
fn the_api_serves_hostile_articles_as_json_data() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path());
    let store = dir.path().join("store");
    let bin = env!("CARGO_BIN_EXE_storyline");
    let inputs = ["00-good.txt", "xss.jsonl", "xss.html", "rtl.txt", "emoji.jsonl"].map(|n| dir.path().join(n));
    let st = std::process::Command::new(bin).arg("ingest").args(&inputs).arg("--store").arg(&store).output().unwrap();
    assert!(st.status.success(), "{}", String::from_utf8_lossy(&st.stderr));
    let mut child = std::process::Command::new(bin)
        .args(["serve", "--addr", "127.0.0.1:0", "--store"])
        .arg(&store)
        .env_remove("STORYLINE_WRITE_TOKEN")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.trim().strip_prefix("listening on http://").unwrap().trim_end_matches('/').to_string();
    let (head, body) = http_get(&addr, "/api/search?q=alert");
    let (ui_head, _) = http_get(&addr, "/");
    child.kill().ok();
    child.wait().unwrap();
    // Article text is data in a JSON document the browser will not sniff as HTML; the UI page
    // forbids inline script, so markup that slipped into the DOM still could not run.
    assert!(head.starts_with("http/1.1 200") && head.contains("content-type: application/json"), "{head}");
    assert!(head.contains("x-content-type-options: nosniff"), "{head}");
    let json: Value = serde_json::from_str(body.trim()).unwrap_or_else(|e| panic!("{e}: {body}"));
    assert!(json.to_string().contains("alert("), "the hostile articles are found: {json}");
    assert!(ui_head.contains("content-security-policy") && !ui_head.contains("unsafe-inline"), "{ui_head}");
}
