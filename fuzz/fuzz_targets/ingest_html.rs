//! Fuzz the HTML reader (tokenizer, DOM, main-text extraction, page metadata): any bytes named `f.html` (a gzip magic routes through the
//! decompression guard too) become articles with valid spans or rejections with a reason.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    storyline_fuzz::ingest("f.html", data);
});
