//! Fuzz the JSON Lines reader (one article per line, field mapping): any bytes named `f.jsonl` (a gzip magic routes through the
//! decompression guard too) become articles with valid spans or rejections with a reason.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    storyline_fuzz::ingest("f.jsonl", data);
});
