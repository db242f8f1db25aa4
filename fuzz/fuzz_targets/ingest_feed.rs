//! Fuzz the RSS/Atom reader: any bytes named `f.rss` (a gzip magic routes through the
//! decompression guard too) become articles with valid spans or rejections with a reason.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    storyline_fuzz::ingest("f.rss", data);
});
