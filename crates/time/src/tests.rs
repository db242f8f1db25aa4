//! Behaviour tests of the tagger on hand-written sentences.

use super::*;

fn tag(text: &str, dct: &str) -> Vec<(String, String, String)> {
    let tagger = TimeTagger::new();
    let dct = Published::stated(dct.parse().unwrap());
    tagger
        .tag(text, &dct)
        .into_iter()
        .map(|t| (t.span.slice(text).to_string(), t.kind.as_str().to_string(), t.value))
        .collect()
}

#[test]
fn smoke() {
    let got = tag("He returned on Sunday, expecting meetings next week.", "2021-06-20");
    assert_eq!(got[0].2, "2021-06-20");
}
