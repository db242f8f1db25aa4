//! Fuzz the whole per-article pipeline: ingest (text or HTML, chosen by the first byte), then
//! sentences, time, entities and quotes; every span of the result must index the article text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else { return };
    let name = if kind & 1 == 0 { "f.txt" } else { "f.html" };
    for article in storyline_fuzz::ingest(name, rest) {
        let doc = storyline_fuzz::annotator().annotate(article);
        storyline_fuzz::check_doc(&doc);
    }
});
