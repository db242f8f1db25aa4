//! Fixtures made by code: WARC records, gzip members, feeds. Nothing here is cut from real data.
#![allow(dead_code)]

use std::io::Write;

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// One WARC record with the headers the `warc` crate requires.
pub fn warc_record(kind: &str, n: usize, target: Option<&str>, content_type: &str, payload: &[u8]) -> Vec<u8> {
    let mut r = Vec::new();
    write!(r, "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012}>\r\nWARC-Date: 2021-06-21T10:00:00Z\r\n").unwrap();
    if let Some(t) = target {
        write!(r, "WARC-Target-URI: {t}\r\n").unwrap();
    }
    write!(r, "Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n", payload.len()).unwrap();
    r.extend_from_slice(payload);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

pub fn http_response(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n", body.len())
        .into_bytes();
    r.extend_from_slice(body);
    r
}

pub fn page(title: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>{title}</title>\
         <meta property=\"og:site_name\" content=\"The Example Herald\">\
         <meta property=\"article:published_time\" content=\"2021-06-20T21:44:00+03:00\"></head>\
         <body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a> <a href=\"/sport\">Sport</a></nav>\
         <article><h1>{title}</h1>\n{body}</article>\
         <footer>Copyright Example Herald. Contact us. Privacy policy.</footer></body></html>"
    )
}

/// A small WARC file: warcinfo, an HTML response, an image response, a 404, another HTML page.
pub fn sample_warc() -> Vec<u8> {
    let p1 = page(
        "Envoy returns to Washington",
        &[
            "Russia's ambassador returned to Washington on Sunday after weeks of consultations in Moscow, officials said.",
            "He said he expected a lot of work with his American colleagues in the coming weeks and months.",
        ],
    );
    let p2 = page(
        "Council approves budget",
        &[
            "The city council approved next year's budget on Tuesday after a long debate about transport spending.",
            "The mayor said the budget would fund new bus lines and repair roads across the city over two years.",
        ],
    );
    let mut w = Vec::new();
    w.extend(warc_record("warcinfo", 1, None, "application/warc-fields", b"software: hand-made\r\n"));
    w.extend(warc_record(
        "response",
        2,
        Some("https://www.example-herald.com/2021/06/20/envoy"),
        "application/http; msgtype=response",
        &http_response("200 OK", "text/html; charset=utf-8", p1.as_bytes()),
    ));
    w.extend(warc_record(
        "response",
        3,
        Some("https://www.example-herald.com/logo.png"),
        "application/http; msgtype=response",
        &http_response("200 OK", "image/png", b"\x89PNG\r\n\x1a\n"),
    ));
    w.extend(warc_record(
        "response",
        4,
        Some("https://www.example-herald.com/missing"),
        "application/http; msgtype=response",
        &http_response("404 Not Found", "text/html", b"<html>gone</html>"),
    ));
    w.extend(warc_record(
        "response",
        5,
        Some("https://www.example-herald.com/2021/06/21/budget"),
        "application/http; msgtype=response",
        &http_response("200 OK", "text/html", p2.as_bytes()),
    ));
    w
}
