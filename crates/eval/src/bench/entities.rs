//! `storyline bench entities`: throughput of the entity layer (tagging, roles, within-article
//! resolution) in words per second on one core.
//!
//! The input is a CoNLL-2003 file (e.g. eng.testa): each `-DOCSTART-` document becomes one
//! text (tokens joined by spaces, a sentence per line). Tokenising and sentence splitting are
//! done before the clock starts, since they belong to the shared text layer and every layer
//! reuses them; they are timed separately and reported too. File I/O is excluded.

use std::io::Write;
use std::time::Instant;

use storyline_core::Span;
use storyline_core::text::{Token, sentences_from_tokens, tokenize};
use storyline_entities::EntityRecognizer;

use super::BenchOptions;
use crate::EvalError;

/// The text a CoNLL document is timed on: tokens joined by spaces, a sentence per line (also what
/// the peers get, through `storyline bench inputs conll`).
pub fn document_text(d: &crate::conll2003::Document) -> String {
    d.sentences.iter().map(|s| s.tokens.join(" ")).collect::<Vec<_>>().join("\n")
}

pub fn run(opts: &BenchOptions, out: &mut dyn Write) -> Result<(), EvalError> {
    let docs = crate::conll2003::read(&opts.data)?;
    let texts: Vec<String> = docs.iter().map(document_text).collect();
    let words: usize = docs.iter().flat_map(|d| &d.sentences).map(|s| s.tokens.len()).sum();
    let rec = EntityRecognizer::load_default();
    // Tokens and sentences, timed separately.
    let mut best_tok = f64::INFINITY;
    let mut prepared: Vec<(Vec<Token>, Vec<Span>)> = Vec::new();
    for _ in 0..opts.iterations.max(1) {
        let t0 = Instant::now();
        prepared = texts
            .iter()
            .map(|t| {
                let tokens = tokenize(t);
                let sentences = sentences_from_tokens(t, &tokens);
                (tokens, sentences)
            })
            .collect();
        best_tok = best_tok.min(t0.elapsed().as_secs_f64());
    }
    let mut best = f64::INFINITY;
    let mut mentions = 0usize;
    let mut entities = 0usize;
    for _ in 0..opts.iterations.max(1) {
        let t0 = Instant::now();
        let (mut m, mut e) = (0, 0);
        for (text, (tokens, sentences)) in texts.iter().zip(&prepared) {
            let d = rec.recognize(text, tokens, sentences);
            m += d.mentions.len();
            e += d.entities.len();
        }
        best = best.min(t0.elapsed().as_secs_f64());
        (mentions, entities) = (m, e);
    }
    let wps = words as f64 / best.max(1e-9);
    let wps_tok = words as f64 / (best + best_tok).max(1e-9);
    if opts.json {
        let v = serde_json::json!({
            "data": opts.data.display().to_string(),
            "documents": docs.len(),
            "words": words,
            "seconds": best,
            "words_per_second": wps,
            "words_per_second_with_tokenizer": wps_tok,
            "mentions": mentions,
            "entities": entities,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&v).unwrap_or_default()).map_err(EvalError::io("stdout"))?;
    } else {
        writeln!(
            out,
            "entities: {} documents, {} words, {} mentions, {} entities\n\
             entity layer (tagging + roles + within-article resolution): {:.0} words/s per core (best of {}, {:.3}s)\n\
             with tokenising and sentence splitting: {:.0} words/s",
            docs.len(),
            words,
            mentions,
            entities,
            wps,
            opts.iterations.max(1),
            best,
            wps_tok
        )
        .map_err(EvalError::io("stdout"))?;
    }
    Ok(())
}
