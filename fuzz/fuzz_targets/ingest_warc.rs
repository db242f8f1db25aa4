//! Fuzz the WARC reader (records, HTTP payloads, the HTML extractor behind it): any bytes named `f.warc` (a gzip magic routes through the
//! decompression guard too) become articles with valid spans or rejections with a reason.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    storyline_fuzz::ingest("f.warc", data);
});
