//! Fuzz the plain-text reader (decoding, headline/dateline/boilerplate cleaning): any bytes named `f.txt` (a gzip magic routes through the
//! decompression guard too) become articles with valid spans or rejections with a reason.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    storyline_fuzz::ingest("f.txt", data);
});
