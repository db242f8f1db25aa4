//! Fuzz the TIMEX3 tagger and publication-date inference: any text, with or without a DCT.
//! The first three bytes choose the DCT (or none); the rest, lossily decoded, is the text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use storyline_time::TimeTagger;

fuzz_target!(|data: &[u8]| {
    let (head, rest) = data.split_at(data.len().min(3));
    let dct = match head {
        [y, m, d] if y & 1 == 1 => {
            jiff::civil::Date::new(1900 + i16::from(*y), 1 + (*m % 12) as i8, 1 + (*d % 28) as i8).ok()
        }
        _ => None,
    };
    let text = String::from_utf8_lossy(rest);
    let tagger = TimeTagger::new();
    for t in tagger.tag_with_dct(&text, dct) {
        assert!(t.span.start <= t.span.end && t.span.is_valid_in(&text), "timex {:?} off the text", t.span);
    }
    let _ = tagger.infer_published(&text);
});
