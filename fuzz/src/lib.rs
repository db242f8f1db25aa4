//! What every fuzz target checks beyond "no panic": the invariants the rest of storyline relies
//! on (every span indexes the text it claims to, on char boundaries), under limits small enough
//! that one input cannot take the fuzzer's memory or time.

use std::sync::OnceLock;
use storyline_annotate::{Annotator, Doc};
use storyline_core::{Article, Span};
use storyline_ingest::limits::MIB;
use storyline_ingest::{Ingestor, Limits, Outcome};

/// Limits scaled down from the defaults so the fuzzer explores the limit paths too (the
/// defaults are documented in docs/LIMITS.md; the code paths are the same).
pub fn ingestor() -> Ingestor {
    Ingestor::new(Limits {
        max_file_bytes: 4 * MIB,
        max_document_bytes: MIB,
        max_line_bytes: 256 * 1024,
        max_decompressed_bytes: 4 * MIB,
        max_records_per_file: 1000,
    })
}

/// Ingest `data` as a file called `name` and check every article that comes out.
pub fn ingest(name: &str, data: &[u8]) -> Vec<Article> {
    let outcomes = ingestor().ingest_bytes(name, data);
    assert!(!outcomes.is_empty(), "ingest accounts for every input");
    outcomes
        .into_iter()
        .filter_map(|o| match o {
            Outcome::Article(a) => {
                check_article(&a);
                Some(*a)
            }
            Outcome::Rejected(r) => {
                assert!(!r.reason.to_string().is_empty(), "a rejection has a reason");
                None
            }
        })
        .collect()
}

fn valid(span: Span, text: &str, what: &str) {
    assert!(
        span.start <= span.end && span.is_valid_in(text),
        "{what} {span:?} is not a span of a {}-byte text",
        text.len()
    );
}

/// The article's clean view maps back into its text.
pub fn check_article(a: &Article) {
    if let Some(s) = a.title_span {
        valid(s, &a.text, "title span");
    }
    let clean = a.body.as_str();
    for (view, orig) in a.body.pieces() {
        valid(orig, &a.text, "body piece");
        valid(view, clean, "body view piece");
    }
}

/// The pipeline, loaded once (the entity model is large).
pub fn annotator() -> &'static Annotator {
    static A: OnceLock<Annotator> = OnceLock::new();
    A.get_or_init(Annotator::new)
}

/// Every span of a `Doc` indexes `doc.article.text` (the architecture invariant of annotate).
pub fn check_doc(doc: &Doc) {
    let text = doc.text();
    for s in &doc.sentences {
        valid(*s, text, "sentence");
    }
    for t in &doc.timexes {
        valid(t.span, text, "timex");
    }
    for m in &doc.entities.mentions {
        valid(m.span, text, "mention");
    }
    for q in &doc.quotes {
        valid(q.span, text, "quote");
        valid(q.content(), text, "quote content");
        for p in &q.parts {
            valid(*p, text, "quote part");
        }
        if let (Some(s), Some(e)) = (q.speaker_start, q.speaker_end) {
            valid(Span::new(s, e), text, "speaker");
        }
    }
    // The JSON `storyline annotate` prints must serialise.
    serde_json::to_string(&doc.annotation_output()).expect("annotation output serialises");
}
