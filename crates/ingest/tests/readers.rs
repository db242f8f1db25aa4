//! Every reader through the public API, on fixtures made here: HTML (plain and gzipped),
//! JSON Lines, JSON, WARC (plain and multi-member gzip), RSS and Atom, and the encodings.

mod common;

use common::*;
use storyline_core::{DateBasis, SourceFormat};
use storyline_ingest::{Ingestor, Limits, Outcome};

fn articles(out: &[Outcome]) -> Vec<&storyline_core::Article> {
    out.iter()
        .filter_map(|o| match o {
            Outcome::Article(a) => Some(&**a),
            Outcome::Rejected(_) => None,
        })
        .collect()
}

fn reasons(out: &[Outcome]) -> Vec<(String, String)> {
    out.iter()
        .filter_map(|o| match o {
            Outcome::Rejected(r) => Some((r.source.clone(), r.reason.clone())),
            Outcome::Article(_) => None,
        })
        .collect()
}

#[test]
fn html_and_html_gz() {
    let html = page(
        "Storm hits the coast",
        &[
            "A powerful storm hit the coast on Sunday, cutting power to thousands of homes in the region.",
            "Officials said repairs would take several days to complete across the whole of the region.",
        ],
    );
    let ing = Ingestor::default();
    for (name, bytes) in [
        ("storm.html", html.clone().into_bytes()),
        ("storm.html.gz", gzip(html.as_bytes())),
        ("noext", gzip(html.as_bytes())),
    ] {
        let out = ing.ingest_bytes(name, &bytes);
        let a = articles(&out);
        assert_eq!(a.len(), 1, "{name}: {:?}", reasons(&out));
        let a = a[0];
        assert_eq!(a.format, SourceFormat::Html);
        assert!(a.body.as_str().starts_with("A powerful storm"), "{name}: {}", a.body.as_str());
        assert!(!a.body.as_str().contains("Privacy"), "{name}");
        assert_eq!(a.body.as_str(), a.text, "HTML text is the extractor's text, verbatim");
        assert_eq!(a.outlet.as_deref(), Some("The Example Herald"));
        assert_eq!(a.published.date.map(|d| d.to_string()).as_deref(), Some("2021-06-20"));
        assert_eq!(a.published.time.as_deref(), Some("21:44"), "the outlet's clock, not UTC");
        assert_eq!(a.published.basis, Some(DateBasis::Stated));
        assert_eq!(a.language.as_deref(), Some("en"));
    }
}

#[test]
fn html_in_windows_1251_with_meta_charset() {
    let html = "<html><head><meta charset=\"windows-1251\"><title>Новости</title></head><body><article>\
        <p>Посол России в США Анатолий Антонов вернулся в Вашингтон в воскресенье после консультаций в Москве.</p>\
        <p>Он заявил журналистам, что рассчитывает на конструктивную работу с американскими коллегами.</p></article></body></html>";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(html);
    let out = Ingestor::default().ingest_bytes("ru.html", &bytes);
    let a = articles(&out);
    assert_eq!(a.len(), 1, "{:?}", reasons(&out));
    assert!(a[0].body.as_str().contains("Посол России"), "{}", a[0].body.as_str());
    assert_eq!(a[0].language.as_deref(), Some("ru"));
}

#[test]
fn plain_text_encodings() {
    let text = "Посол вернулся в Вашингтон\n\nПосол России в США Анатолий Антонов вернулся в Вашингтон в воскресенье после консультаций в Москве.\n";
    let ing = Ingestor::default();
    let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(text);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let (latin, _, _) = encoding_rs::WINDOWS_1252
        .encode("Café talks resume\n\nThe café owners’ association said talks would resume on Monday in Zürich.\n");
    for (name, bytes, title) in [
        ("cp1251.txt", cp1251.into_owned(), "Посол вернулся в Вашингтон"),
        ("utf16.txt", utf16, "Посол вернулся в Вашингтон"),
        ("latin.txt", latin.into_owned(), "Café talks resume"),
    ] {
        let out = ing.ingest_bytes(name, &bytes);
        let a = articles(&out);
        assert_eq!(a.len(), 1, "{name}: {:?}", reasons(&out));
        assert_eq!(a[0].title.as_deref(), Some(title), "{name}");
        assert!(
            a[0].warnings.iter().any(|w| w.contains("guessed")) || name == "utf16.txt",
            "{name}: {:?}",
            a[0].warnings
        );
    }
}

#[test]
fn json_lines_with_news_please_fields() {
    let jsonl = concat!(
        r#"{"title": "Envoy returns", "maintext": "The ambassador returned on Sunday.\nHe expects meetings next week.", "url": "https://tass.com/politics/1", "date_publish": "2021-06-20 21:44:00", "source_domain": "tass.com", "language": "en"}"#,
        "\n\n",
        r#"{"title": "Budget passes", "text": "The council approved the budget.", "published": "2021-06-22T09:00:00Z", "outlet": "The Daily Planet"}"#,
        "\n",
        r#"{"headline": "No date", "content": "Only content here, and a url.", "link": "https://www.example.org/2020/05/06/x"}"#,
        "\n"
    );
    let out = Ingestor::default().ingest_bytes("news.jsonl", jsonl.as_bytes());
    let a = articles(&out);
    assert_eq!(a.len(), 3, "{:?}", reasons(&out));
    assert_eq!(a[0].source, "news.jsonl#1");
    assert_eq!(a[1].source, "news.jsonl#3", "N is the line number");
    assert_eq!(a[0].outlet.as_deref(), Some("TASS"));
    assert_eq!(a[0].published.time.as_deref(), Some("21:44"));
    assert_eq!(a[0].body.as_str(), "The ambassador returned on Sunday.\n\nHe expects meetings next week.");
    assert_eq!(a[1].outlet.as_deref(), Some("The Daily Planet"));
    assert_eq!(a[2].title.as_deref(), Some("No date"));
    assert_eq!(a[2].published.basis, Some(DateBasis::Url));
    assert_eq!(a[2].outlet.as_deref(), Some("example.org"));
}

#[test]
fn json_documents_object_and_array() {
    let ing = Ingestor::default();
    let one = "{\n  \"title\": \"Pretty printed\",\n  \"maintext\": \"A single article in one JSON file.\"\n}\n";
    let out = ing.ingest_bytes("one.json", one.as_bytes());
    assert_eq!(articles(&out).len(), 1);
    assert_eq!(out[0].source(), "one.json");
    let many = r#"[{"title": "A", "text": "First story text."}, {"title": "B"}, 7]"#;
    let out = ing.ingest_bytes("many.json", many.as_bytes());
    assert_eq!(out.len(), 3);
    assert!(!out[0].is_rejected());
    assert!(reasons(&out)[0].1.contains("no text field"), "{:?}", reasons(&out));
    assert!(reasons(&out)[1].1.contains("expected a JSON object"));
}

#[test]
fn warc_plain_and_gzip_members() {
    let warc = sample_warc();
    // CC-NEWS style: each record its own gzip member.
    let mut gz = Vec::new();
    let records: Vec<Vec<u8>> = {
        let mut v = Vec::new();
        let mut start = 0;
        let marker = b"WARC/1.0\r\n";
        let mut i = 1;
        while i + marker.len() <= warc.len() {
            if &warc[i..i + marker.len()] == marker && warc[..i].ends_with(b"\r\n\r\n") {
                v.push(warc[start..i].to_vec());
                start = i;
            }
            i += 1;
        }
        v.push(warc[start..].to_vec());
        v
    };
    assert_eq!(records.len(), 5);
    for r in &records {
        gz.extend(gzip(r));
    }
    let ing = Ingestor::default();
    for (name, bytes) in [("crawl.warc", warc.clone()), ("crawl.warc.gz", gz)] {
        let out = ing.ingest_bytes(name, &bytes);
        let sources: Vec<&str> = out.iter().map(Outcome::source).collect();
        assert_eq!(
            sources,
            [format!("{name}#2"), format!("{name}#3"), format!("{name}#4"), format!("{name}#5")],
            "{name}"
        );
        let a = articles(&out);
        assert_eq!(a.len(), 2, "{name}: {:?}", reasons(&out));
        assert_eq!(a[0].format, SourceFormat::Warc);
        assert!(a[0].body.as_str().starts_with("Russia's ambassador returned"));
        assert_eq!(a[1].url.as_deref(), Some("https://www.example-herald.com/2021/06/21/budget"));
        let r = reasons(&out);
        assert!(r[0].1.contains("content type image/png"), "{r:?}");
        assert!(r[1].1.contains("HTTP status 404"), "{r:?}");
    }
}

#[test]
fn warc_http_charset_is_honoured() {
    let html = "<html><body><article><p>Посол России в США Анатолий Антонов вернулся в Вашингтон в воскресенье после консультаций в Москве.</p>\
        <p>Он заявил журналистам, что рассчитывает на конструктивную работу с американскими коллегами.</p></article></body></html>";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(html);
    let rec = warc_record(
        "response",
        1,
        Some("https://ria.ru/20211102/x.html"),
        "application/http; msgtype=response",
        &http_response("200 OK", "text/html; charset=windows-1251", &bytes),
    );
    let out = Ingestor::default().ingest_bytes("ru.warc", &rec);
    let a = articles(&out);
    assert_eq!(a.len(), 1, "{:?}", reasons(&out));
    assert!(a[0].body.as_str().contains("Посол России"));
    assert_eq!(a[0].outlet.as_deref(), Some("RIA Novosti"));
    assert_eq!(a[0].published.basis, Some(DateBasis::Url));
}

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example Herald - World</title><link>https://www.example-herald.com/</link><language>en</language>
<item><title>Envoy returns to Washington</title><link>https://www.example-herald.com/2021/06/20/envoy</link>
<pubDate>Sun, 20 Jun 2021 21:44:00 +0300</pubDate>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>Russia&rsquo;s ambassador returned to Washington on Sunday.</p><p>He expects meetings with colleagues next week.</p><figure><figcaption>A caption</figcaption></figure>]]></content:encoded></item>
<item><title>Only a summary here</title><link>https://tass.com/world/2</link><description>&lt;p&gt;The summary is the text of this item.&lt;/p&gt;</description></item>
<item><title>Title only item</title></item>
</channel></rss>"#;

#[test]
fn rss_items() {
    let out = Ingestor::default().ingest_bytes("world.rss", RSS.as_bytes());
    let a = articles(&out);
    assert_eq!(a.len(), 3, "{:?}", reasons(&out));
    assert_eq!(a[0].source, "world.rss#1");
    assert_eq!(a[0].title.as_deref(), Some("Envoy returns to Washington"));
    assert_eq!(
        a[0].body.as_str(),
        "Russia’s ambassador returned to Washington on Sunday.\n\nHe expects meetings with colleagues next week."
    );
    assert_eq!(a[0].published.date.map(|d| d.to_string()).as_deref(), Some("2021-06-20"));
    assert_eq!(a[0].published.time.as_deref(), Some("21:44"));
    assert_eq!(a[0].outlet.as_deref(), Some("Example Herald - World"), "unknown domain: the feed's title");
    assert_eq!(a[1].body.as_str(), "The summary is the text of this item.");
    assert_eq!(a[1].outlet.as_deref(), Some("TASS"));
    assert_eq!(a[2].body.as_str(), "Title only item");
    assert!(!a[2].warnings.is_empty());
}

#[test]
fn atom_entries() {
    let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Atom</title><id>urn:x</id><updated>2021-04-07T10:00:00Z</updated>
<entry><title>Deputy minister speaks</title><id>urn:1</id><link rel="alternate" href="https://www.themoscowtimes.com/2021/04/07/x"/>
<published>2021-04-07T12:30:00+03:00</published><updated>2021-04-08T00:00:00Z</updated>
<summary type="html">&lt;p&gt;The envoy will not return soon, a deputy minister said.&lt;/p&gt;</summary></entry></feed>"#;
    let out = Ingestor::default().ingest_bytes("feed.atom", atom.as_bytes());
    let a = articles(&out);
    assert_eq!(a.len(), 1, "{:?}", reasons(&out));
    assert_eq!(a[0].outlet.as_deref(), Some("The Moscow Times"));
    assert_eq!(a[0].published.time.as_deref(), Some("12:30"));
    assert_eq!(a[0].body.as_str(), "The envoy will not return soon, a deputy minister said.");
}

#[test]
fn determinism_across_thread_counts() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..40 {
        std::fs::write(
            dir.path().join(format!("{i:02}.txt")),
            format!("Headline number {i}\n\nBody of story {i} goes here.\n"),
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("feed.rss"), RSS).unwrap();
    std::fs::write(dir.path().join("crawl.warc"), sample_warc()).unwrap();
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| Ingestor::new(Limits::default()).ingest_paths(&[dir.path()]))
    };
    let one = run(1);
    let four = run(4);
    assert_eq!(one, four);
    assert_eq!(one.len(), 40 + 3 + 4);
    assert!(one[0].source().ends_with("00.txt"));
}
