//! Format choice: extensions first, content sniffing otherwise.

use super::*;

#[test]
fn extensions() {
    assert_eq!(format_from_extension("a/b.TXT"), Some(Format::Text));
    assert_eq!(format_from_extension("page.html.gz"), Some(Format::Html));
    assert_eq!(format_from_extension("crawl.warc.gz"), Some(Format::Warc));
    assert_eq!(format_from_extension("news.jsonl"), Some(Format::Jsonl));
    assert_eq!(format_from_extension("feed.xml"), Some(Format::Feed));
    assert_eq!(format_from_extension("README"), None);
    assert_eq!(format_from_extension("-"), None);
}

#[test]
fn sniffing() {
    assert_eq!(sniff_format(b"WARC/1.0\r\n"), Format::Warc);
    assert_eq!(sniff_format(b"  <!DOCTYPE html><html>"), Format::Html);
    assert_eq!(sniff_format(b"<?xml version=\"1.0\"?><rss version=\"2.0\">"), Format::Feed);
    assert_eq!(sniff_format(b"<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"), Format::Feed);
    assert_eq!(sniff_format(b"{\"title\": \"a\"}\n{\"title\": \"b\"}\n"), Format::Jsonl);
    assert_eq!(sniff_format(b"{\n  \"title\": \"a\"\n}"), Format::Json);
    assert_eq!(sniff_format(b"[{\"title\": \"a\"}]"), Format::Json);
    assert_eq!(sniff_format(b"<https://example.com> is a link"), Format::Text);
    assert_eq!(sniff_format("Plain news text.".as_bytes()), Format::Text);
}

#[test]
fn stdin_like_sources_sniff_content() {
    let ing = Ingestor::default();
    let out = ing.ingest_bytes("-", b"{\"title\": \"T\", \"maintext\": \"Body text of the story here.\"}\n");
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].source(), "-#1");
    assert!(!out[0].is_rejected());
}
