//! Fuzz format sniffing: bytes under a name with no extension (or a `.gz` one), so the content
//! alone picks the reader (text, HTML, JSON Lines, WARC, feed), gzip included.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else { return };
    let name = if kind & 1 == 0 { "input" } else { "input.gz" };
    storyline_fuzz::ingest(name, rest);
});
