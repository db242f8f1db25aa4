//! The hostile-input corpus at the library level: inputs built to break a reader (deep nesting,
//! endless lines, bombs, lying lengths, broken encodings). Each must come out as an article or a
//! rejection with a reason, quickly, and never take the good input beside it down with it. Every
//! input is made here by code; nothing is cut from real data. (The CLI-level twin, with the
//! report's markup checks, is `crates/storyline/tests/hostile.rs`.)

mod common;

use common::*;
use std::io::Write;
use storyline_ingest::{Ingestor, Limits, Outcome};

const GOOD: &str = "Envoy returns\n\nThe ambassador returned to Washington on Sunday, officials said.\n";

/// Limits scaled down so the limit paths run in milliseconds; the code paths are the defaults'.
fn small() -> Limits {
    Limits {
        max_file_bytes: 64 << 20,
        max_document_bytes: 1 << 20,
        max_line_bytes: 256 << 10,
        max_decompressed_bytes: 4 << 20,
        max_records_per_file: 1000,
    }
}

fn reasons(out: &[Outcome]) -> Vec<String> {
    out.iter()
        .map(|o| match o {
            Outcome::Article(_) => String::new(),
            Outcome::Rejected(r) => r.reason.clone(),
        })
        .collect()
}

fn article(o: &Outcome) -> &storyline_core::Article {
    match o {
        Outcome::Article(a) => a,
        Outcome::Rejected(r) => panic!("{}: rejected: {}", r.source, r.reason),
    }
}

/// Every span an article carries indexes its own text.
fn spans_hold(a: &storyline_core::Article) {
    if let Some(s) = a.title_span {
        assert!(s.is_valid_in(&a.text), "title span {s:?}");
    }
    for (clean, orig) in a.body.pieces() {
        assert!(orig.is_valid_in(&a.text) && clean.is_valid_in(a.body.as_str()), "{orig:?} {clean:?}");
    }
}

/// Ingest `name` beside a good text file, in one batch through the file system, and return the
/// hostile input's outcomes (the good one is checked here).
fn beside_good(limits: Limits, name: &str, bytes: &[u8]) -> Vec<Outcome> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("0-good.txt"), GOOD).unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    let mut out = Ingestor::new(limits).ingest_paths(&[dir.path()]);
    let good = out.remove(0);
    assert!(good.source().ends_with("0-good.txt"));
    assert_eq!(article(&good).title.as_deref(), Some("Envoy returns"));
    assert!(!out.is_empty() && out.iter().all(|o| o.source().contains(name)), "{:?}", reasons(&out));
    for o in &out {
        if let Outcome::Article(a) = o {
            spans_hold(a);
        }
    }
    out
}

/// Deflate `n` zero bytes without holding them: the bomb is a few kilobytes per megabyte.
fn zero_bomb(prefix: &[u8], n: usize) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(prefix).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..n >> 20 {
        e.write_all(&zeros).unwrap();
    }
    e.finish().unwrap()
}

#[test]
fn deeply_nested_html() {
    let depth = 100_000;
    let mut html = String::from("<html><head><title>Deep</title></head><body>");
    html.push_str(&"<div>".repeat(depth));
    html.push_str(
        "<p>The ambassador returned to Washington on Sunday after weeks of consultations, officials said.</p>",
    );
    html.push_str(&"</div>".repeat(depth));
    html.push_str("</body></html>");
    let out = beside_good(Limits::default(), "deep.html", html.as_bytes());
    assert!(article(&out[0]).body.as_str().contains("weeks of consultations"));
    // Unclosed: every element open at once.
    let open = format!("<html><body>{}<p>Never closed, said officials on Sunday.", "<span><b>".repeat(depth / 2));
    let out = beside_good(Limits::default(), "open.html", open.as_bytes());
    assert!(article(&out[0]).body.as_str().contains("Never closed"));
}

#[test]
fn one_huge_line() {
    // Over the limits: rejected by name, without the whole thing held.
    let line = vec![b'a'; 3 << 20];
    let out = beside_good(small(), "line.txt", &line);
    assert_eq!(reasons(&out), ["document is over the limit of 1048576 bytes"]);
    let mut jsonl = b"{\"title\": \"T\", \"maintext\": \"".to_vec();
    jsonl.extend(std::iter::repeat_n(b'a', 3 << 20));
    jsonl.extend_from_slice(b"\"}\n{\"title\": \"Next\", \"maintext\": \"The next line is read.\"}\n");
    let out = beside_good(small(), "line.jsonl", &jsonl);
    assert_eq!(reasons(&out), ["line is over the limit of 262144 bytes", ""]);
    assert_eq!(article(&out[1]).title.as_deref(), Some("Next"));
    // Under them: one long line of words is an article.
    let words = "word ".repeat(100_000);
    let out = beside_good(small(), "words.txt", words.as_bytes());
    assert_eq!(article(&out[0]).text.len(), words.len());
}

#[test]
fn nul_bytes() {
    let out = beside_good(small(), "nul.txt", b"Title\n\nSome text\0 with a NUL said officials.\n");
    assert_eq!(reasons(&out), ["binary file, not text (NUL byte at offset 16)"]);
    // Escaped in JSON, a NUL is a character like any other: kept verbatim.
    let out = beside_good(
        small(),
        "nul.jsonl",
        b"{\"title\": \"A\\u0000B\", \"maintext\": \"Body\\u0000 text said officials on Sunday.\"}\n",
    );
    assert!(article(&out[0]).text.contains("Body\0 text"));
    let out = beside_good(
        small(),
        "nul.html",
        b"<html><body><p>Body\0 text said officials on Sunday in a long paragraph.</p></body></html>",
    );
    assert_eq!(reasons(&out), ["binary file, not text (NUL byte at offset 19)"]);
}

#[test]
fn mixed_encodings() {
    let mut mixed = "Caf\u{e9} \u{201c}news\u{201d}\n\nThe ambassador said on Sunday: ".as_bytes().to_vec();
    mixed.extend_from_slice(b"caf\xe9 cr\xe8me, na\xefve.\n");
    // As many latin-1 bytes as UTF-8 sequences: read as a legacy charset, with a warning.
    let out = beside_good(small(), "mixed.txt", &mixed);
    let a = article(&out[0]);
    assert!(
        a.text.contains("caf\u{e9} cr\u{e8}me") && a.warnings.iter().any(|w| w.contains("charset guessed")),
        "{a:?}"
    );
    // Mostly UTF-8 with one latin-1 byte: rejected at the byte, not silently mangled.
    let mut mostly = "Caf\u{e9} \u{201c}news\u{201d} na\u{ef}ve\n\nThe ambassador said on Sunday: ".as_bytes().to_vec();
    mostly.extend_from_slice(b"caf\xe9.\n");
    let out = beside_good(small(), "mostly-utf8.txt", &mostly);
    assert!(reasons(&out)[0].starts_with("invalid UTF-8 at byte offset"), "{:?}", reasons(&out));
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "Envoy returns\n\nThe ambassador returned on Sunday, officials said.\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    let out = beside_good(small(), "utf16.txt", &utf16);
    assert_eq!(article(&out[0]).title.as_deref(), Some("Envoy returns"));
    let utf16be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(
            "Envoy returns\n\nThe ambassador returned on Sunday, officials said.\n"
                .encode_utf16()
                .flat_map(u16::to_be_bytes),
        )
        .collect();
    let out = beside_good(small(), "utf16be.html", &utf16be);
    assert!(article(&out[0]).text.contains("The ambassador returned on Sunday"));
}

#[test]
fn right_to_left_combining_and_emoji() {
    let text = "\u{202e}Envoy\u{202c} returns \u{1F1F7}\u{1F1FA}\n\nThe ambassador \u{05e9}\u{05dc}\u{05d5}\u{05dd} \u{0627}\u{0644}\u{0633}\u{0644}\u{0627}\u{0645} \
                returned on Sunday; Zo\u{0065}\u{0301}\u{0308}\u{0323} and \u{1F469}\u{200D}\u{1F680} Valentina Tereshkova met Ren\u{00e9}e \u{1F600} Smith.\n";
    let out = beside_good(small(), "rtl.txt", text.as_bytes());
    let a = article(&out[0]);
    assert_eq!(a.text, text, "the text is kept verbatim");
    assert!(a.body.as_str().contains("Zo\u{0065}\u{0301}\u{0308}\u{0323} and \u{1F469}\u{200D}\u{1F680} Valentina"));
    let jsonl = "{\"title\": \"\u{1F680} launch \u{05e9}\", \"maintext\": \"\u{1F469}\u{200D}\u{1F680} Valentina said on Sunday: \u{201c}We fly.\u{201d}\", \"source_domain\": \"\u{1F4F0}.example\", \"authors\": [\"\u{1F600} Smith\"]}\n";
    let out = beside_good(small(), "emoji.jsonl", jsonl.as_bytes());
    assert_eq!(article(&out[0]).title.as_deref(), Some("\u{1F680} launch \u{05e9}"));
}

#[test]
fn gzip_bombs() {
    let bomb = zero_bomb(b"<html><body><p>", 64 << 20);
    assert!(bomb.len() < 128 << 10, "the bomb itself is small: {}", bomb.len());
    let out = beside_good(small(), "bomb.html.gz", &bomb);
    assert_eq!(reasons(&out), ["decompressed data exceeds the limit of 1048576 bytes (a gzip bomb?)"]);
    let mut warc = sample_warc();
    warc.extend(warc_record(
        "response",
        9,
        Some("https://x.example/"),
        "application/http; msgtype=response",
        b"HTTP/1.1 200 OK\r\n\r\n",
    ));
    let bomb = zero_bomb(&warc, 64 << 20);
    // Records before the bomb are kept; the zeros end the file at the WARC line guard.
    let out = beside_good(small(), "bomb.warc.gz", &bomb);
    let r = reasons(&out);
    assert_eq!(r[0], "");
    assert!(r.last().unwrap().contains("without a line break"), "{r:?}");
    let bomb = zero_bomb(b"{\"title\": \"A\", \"maintext\": \"First story said officials.\"}\n", 64 << 20);
    let out = beside_good(small(), "bomb.jsonl.gz", &bomb);
    assert_eq!(reasons(&out), ["", "decompressed data exceeds the limit of 4194304 bytes (a gzip bomb?)"]);
    let line = b"{\"title\": \"A\", \"maintext\": \"Story said officials.\"}\n".repeat(200_000);
    let out = beside_good(small(), "many.jsonl.gz", &gzip(&line));
    assert_eq!(out.len(), 1001);
    assert_eq!(reasons(&out)[1000], "more than 1000 records in one file; the rest of the file was not read");
}

#[test]
fn warc_with_lying_content_length() {
    let html = http_response(
        "200 OK",
        "text/html",
        page("Envoy", &["The ambassador returned on Sunday after weeks of consultations, officials said in Moscow."])
            .as_bytes(),
    );
    let good = warc_record("response", 1, Some("https://a.example/1"), "application/http; msgtype=response", &html);
    let liar = |claim: usize| {
        let mut r =
            warc_record("response", 2, Some("https://a.example/2"), "application/http; msgtype=response", &html);
        let real = format!("Content-Length: {}\r\n", html.len());
        let pos = r.windows(real.len()).position(|w| w == real.as_bytes()).unwrap();
        r.splice(pos..pos + real.len(), format!("Content-Length: {claim}\r\n").into_bytes());
        r
    };
    for claim in [html.len() + 10_000, html.len() + 5, html.len() - 40, 3, u64::MAX as usize] {
        let bytes = [good.clone(), liar(claim), good.clone()].concat();
        let out = beside_good(small(), "liar.warc", &bytes);
        let r = reasons(&out);
        // Outcomes keep record order, and the record before the liar always comes out.
        let sources: Vec<&str> = out.iter().map(Outcome::source).collect();
        assert!(sources.windows(2).all(|w| w[0] < w[1]), "{sources:?}");
        assert!(sources[0].ends_with("liar.warc#1") && r[0].is_empty(), "{claim}: {r:?}");
        let expect = match claim {
            // Longer than the data: it swallows the next record and the file ends inside it.
            c if c > html.len() + 1000 && c < u32::MAX as usize => "truncated WARC record",
            // Over the document limit: that record only is rejected, unread.
            c if c >= u32::MAX as usize => "document is over the limit",
            // Too short: the next header does not parse, or the payload is not an HTTP message.
            _ => "malformed WARC data",
        };
        assert!(r[1..].iter().any(|x| x.starts_with(expect)), "{claim}: {r:?}");
    }
}

#[test]
fn warc_header_that_is_not_utf8() {
    // Found by fuzzing: the warc crate unwraps header values as UTF-8.
    let html = http_response(
        "200 OK",
        "text/html",
        page("Envoy", &["The ambassador returned on Sunday after weeks of consultations, officials said in Moscow."])
            .as_bytes(),
    );
    let mut bytes =
        warc_record("response", 1, Some("https://a.example/\u{e9}"), "application/http; msgtype=response", &html);
    let at = bytes.windows(2).position(|w| w == "\u{e9}".as_bytes()).unwrap();
    bytes.splice(at..at + 2, [0xE9]);
    let mut ct = warc_record("response", 2, Some("https://a.example/2"), "application/http; msgtype=\x1f\u{8b}", &html);
    let at = ct.windows(2).position(|w| w == "\u{8b}".as_bytes()).unwrap();
    ct.splice(at..at + 2, [0x8B]);
    bytes.extend(ct);
    let out = beside_good(small(), "latin1-headers.warc", &bytes);
    assert_eq!(reasons(&out), ["", ""]);
    assert_eq!(article(&out[0]).url.as_deref(), Some("https://a.example/\u{fffd}"));
}

#[test]
fn json_nested_ten_thousand_deep() {
    let deep = format!(
        "{{\"title\": \"Deep\", \"maintext\": \"x\", \"extra\": {}{}}}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let objs = format!("{}{}\n", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    let jsonl =
        format!("{deep}{objs}{{\"title\": \"Next\", \"maintext\": \"The next line is read, officials said.\"}}\n");
    let out = beside_good(small(), "deep.jsonl", jsonl.as_bytes());
    let r = reasons(&out);
    assert!(
        r[0].starts_with("malformed JSON: recursion limit exceeded")
            && r[1].starts_with("malformed JSON: recursion limit"),
        "{r:?}"
    );
    assert_eq!(article(&out[2]).title.as_deref(), Some("Next"));
    // The same nesting as a whole .json document, and as a page's JSON-LD metadata.
    let doc = format!("{{\"title\": \"Deep\", \"extra\": {}{}}}", "[".repeat(10_000), "]".repeat(10_000));
    let out = beside_good(small(), "deep.json", doc.as_bytes());
    assert!(reasons(&out)[0].starts_with("malformed JSON"), "{:?}", reasons(&out));
    let ld = format!(
        "<html><head><script type=\"application/ld+json\">{{\"@type\": \"NewsArticle\", \"x\": {}{}}}</script></head>\
         <body><p>The ambassador returned to Washington on Sunday after weeks of consultations, officials said.</p></body></html>",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let out = beside_good(small(), "deep-ld.html", ld.as_bytes());
    assert!(article(&out[0]).body.as_str().contains("weeks of consultations"));
    let feed = format!(
        "<?xml version=\"1.0\"?><rss><channel>{}<item><title>x</title></item></channel></rss>",
        "<a>".repeat(10_000)
    );
    let out = beside_good(small(), "deep.rss", feed.as_bytes());
    assert!(reasons(&out)[0].starts_with("malformed feed"), "{:?}", reasons(&out));
}

#[test]
fn a_page_over_the_extractor_cap_says_it_was_cut() {
    // Between the extractor's cap (16 MiB) and the document limit (32 MiB): read, cut, and said.
    let cap = storyline_ingest::html::MAX_HTML_BYTES;
    let html = format!("<html><body><p>{}</p></body></html>", "word ".repeat(cap / 5 + 1000));
    let out = Ingestor::default().ingest_bytes("big.html", html.as_bytes());
    let a = article(&out[0]);
    assert!(
        a.warnings.iter().any(|w| w == &format!("page cut to its first {cap} bytes for extraction")),
        "{:?}",
        a.warnings
    );
    let small = Ingestor::default()
        .ingest_bytes("small.html", page("Small", &["A short page said officials on Sunday."]).as_bytes());
    assert!(article(&small[0]).warnings.iter().all(|w| !w.contains("cut")));
}
