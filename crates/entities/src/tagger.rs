//! Decoding: greedy left-to-right BILOU tagging of a document.
//!
//! Static feature scores are computed once per distinct word and role (itself, neighbour at each
//! offset) and once per token for the per-position features; only the tag-history features are
//! looked up while decoding. Greedy decoding with a constrained tag transition is what makes the
//! tagger fast; the extended prediction history gives it the document-level consistency that a
//! second pass would.

use crate::features::{History, Prepared, WordMemo, history_keys, role_scores};
use crate::model::{O, Scores, Weights, allowed, tag_type};

/// Greedy decoding of one sentence (token range `a..b`) with the given per-token extra scoring.
fn decode_sentence(
    w: &Weights,
    p: &Prepared,
    a: usize,
    b: usize,
    base: &[Scores],
    hist: &mut History,
    tags: &mut [u8],
) {
    let mut prev = O;
    let mut prev2 = O;
    let mut hk = [0u64; 4];
    let mut xk = Vec::with_capacity(8);
    for t in a..b {
        let mut s = base[t];
        history_keys(p, t, prev, prev2, &mut hk);
        for &k in &hk {
            w.add(k, &mut s);
        }
        hist.keys(p, t, &mut xk);
        for &k in &xk {
            w.add(k, &mut s);
        }
        let tag = best_allowed(&s, prev);
        tags[t] = tag;
        hist.record(p, t, tag_type(tag));
        prev2 = prev;
        prev = tag;
    }
}

/// The highest-scoring tag that may follow `prev`.
#[inline]
pub fn best_allowed(s: &Scores, prev: u8) -> u8 {
    let mut best = O;
    let mut best_s = i32::MIN;
    for (tag, &sc) in s.iter().enumerate() {
        let tag = tag as u8;
        if sc > best_s && allowed(prev, tag) {
            best = tag;
            best_s = sc;
        }
    }
    best
}

/// Static scores of every token under `w`: each distinct word is scored once per role (itself,
/// and neighbour at each offset) unless `p` was prepared with its scores in `memo` (the last
/// document `memo` prepared), then every token adds its per-position features.
pub fn static_scores(w: &Weights, p: &Prepared, memo: Option<&WordMemo>) -> Vec<Scores> {
    match memo.filter(|_| p.score_rows.len() == p.words.len()) {
        Some(memo) => sum_static(w, p, |word| memo.scores(p.score_rows[word as usize])),
        None => {
            let computed: Vec<[Scores; 5]> =
                p.words.iter().map(|word| role_scores(w, &p.wkeys, &word.ranges)).collect();
            sum_static(w, p, |word| &computed[word as usize])
        }
    }
}

/// [`static_scores`] with the scores of each word (by its index in `p.words`) from `scores_of`.
fn sum_static<'s>(w: &Weights, p: &Prepared, scores_of: impl Fn(u32) -> &'s [Scores; 5]) -> Vec<Scores> {
    (0..p.len())
        .map(|t| {
            let mut s = scores_of(p.word[t])[0];
            for (r, &n) in p.nbr[t].iter().enumerate() {
                for (a, b) in s.iter_mut().zip(&scores_of(n)[r + 1]) {
                    *a += b;
                }
            }
            for &k in p.ctx_keys(t) {
                w.add(k, &mut s);
            }
            s
        })
        .collect()
}

/// Tag a prepared document: one tag per token. The extended prediction history carries each
/// decision to the later occurrences of the same word in the document. `memo`: as for
/// [`static_scores`].
pub fn tag_document(w: &Weights, p: &Prepared, memo: Option<&WordMemo>) -> Vec<u8> {
    let mut tags = vec![O; p.len()];
    let base = static_scores(w, p, memo);
    let mut hist = History::default();
    for &(a, b) in &p.sentences {
        decode_sentence(w, p, a, b, &base, &mut hist, &mut tags);
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{WordMemo, prepare, prepare_scored};
    use crate::model::read_model;

    fn sentences(text: &str) -> Vec<Vec<&str>> {
        text.split(" . ").map(|s| s.split_whitespace().collect()).collect()
    }

    /// Scores taken from the memo are the scores the model gives, whether the words were met
    /// in this document, in an earlier one, or in a generation the memo has moved on from.
    #[test]
    fn memoised_word_scores_are_the_model_scores() {
        let model = read_model(include_bytes!("../model/ner.bin")).expect("shipped model");
        let docs = [
            "Anatoly Antonov returned to Washington on Sunday . The ambassador said talks with the State Department would resume",
            "The State Department said on Monday that Antonov met officials . Moscow recalled him in March",
            "An earthquake struck Chile . Officials in Santiago said the earthquake killed three people",
        ];
        for generation in [1, 3, 10_000] {
            let mut memo = WordMemo::with_generation(generation);
            for round in 0..2 {
                for doc in &docs {
                    let s = sentences(doc);
                    let plain = prepare(&s, &model.lex);
                    let scored = prepare_scored(&s, &model.lex, &model.weights, &mut memo);
                    assert_eq!(scored.score_rows.len(), scored.words.len());
                    assert_eq!(
                        static_scores(&model.weights, &scored, Some(&memo)),
                        static_scores(&model.weights, &plain, None),
                        "generation {generation}, round {round}: {doc}"
                    );
                    assert_eq!(
                        tag_document(&model.weights, &scored, Some(&memo)),
                        tag_document(&model.weights, &plain, None)
                    );
                }
            }
            // A generation holds the words of one document at least.
            let largest = docs.iter().map(|d| d.split_whitespace().count() + 2).max().unwrap_or(0);
            assert!(memo.len() <= 2 * generation.max(largest));
            assert!(!memo.is_empty());
        }
    }
}
