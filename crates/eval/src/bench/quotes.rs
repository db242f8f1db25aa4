//! `storyline bench quotes`: the quote layer alone, in words per second on one core.
//!
//! The inputs the layer receives in the pipeline — sentence spans, the entity layer's result and
//! the time expressions — are computed once before timing, so the figure is
//! [`storyline_quotes::extract`] itself (which tokenises internally, as it does in the
//! pipeline). Words are white-space separated tokens. The best of `--iterations` passes is
//! reported, by wall clock and — where Linux exposes it (`/proc/thread-self/schedstat`) — by the
//! thread's own CPU time, which stays meaningful on a machine shared with other jobs.

use std::path::Path;

use serde::Serialize;
use storyline_core::text::{sentences_from_tokens, tokenize};
use storyline_core::{Published, Span};
use storyline_entities::{DocEntities, EntityRecognizer};
use storyline_time::{TimeTagger, Timex};

use super::{BenchOptions, best_of};
use crate::EvalError;

/// The benchmark's result.
#[derive(Debug, Serialize)]
pub struct QuotesBench {
    pub documents: usize,
    pub words: usize,
    pub bytes: usize,
    pub quotes: usize,
    pub iterations: usize,
    pub best_seconds: f64,
    pub words_per_second: f64,
    pub megabytes_per_second: f64,
    /// Best pass by the thread's CPU time, when the platform reports it.
    pub best_cpu_seconds: Option<f64>,
    pub cpu_words_per_second: Option<f64>,
    /// Best pass including the layer's inputs (tokens, sentences, entities, time expressions).
    pub with_inputs_seconds: f64,
    pub with_inputs_words_per_second: f64,
    /// The same by the thread's CPU time: what `bench/peers.sh` compares with the peer's thread
    /// CPU time, so that a core taken by another job slows neither side.
    pub with_inputs_cpu_words_per_second: Option<f64>,
}

struct Prepared {
    text: String,
    sentences: Vec<Span>,
    entities: DocEntities,
    timexes: Vec<Timex>,
}

/// Text files under `dir` (a folder of `.txt` files, or a PolNeAR split with a `text/` folder).
pub(super) fn texts(dir: &Path) -> Result<Vec<String>, EvalError> {
    Ok(named_texts(dir)?.into_iter().map(|(_, text)| text).collect())
}

/// [`texts`] with their names (the file stems), in file-name order; also the peers' inputs
/// (`storyline bench inputs polnear`).
pub fn named_texts(dir: &Path) -> Result<Vec<(String, String)>, EvalError> {
    let folder = if dir.join("text").is_dir() { dir.join("text") } else { dir.to_path_buf() };
    let mut paths: Vec<_> = std::fs::read_dir(&folder)
        .map_err(EvalError::io(&folder))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let mut out = Vec::with_capacity(paths.len());
    for p in paths {
        let name = p.file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        out.push((name, std::fs::read_to_string(&p).map_err(EvalError::io(&p))?));
    }
    if out.is_empty() {
        return Err(EvalError::Data { path: folder, reason: "no .txt files".into() });
    }
    Ok(out)
}

pub fn run(opts: &BenchOptions, out: &mut dyn std::io::Write) -> Result<(), EvalError> {
    let ner = EntityRecognizer::load_default();
    let time = TimeTagger::new();
    let docs: Vec<Prepared> = named_texts(&opts.data)?
        .into_iter()
        .map(|(_, text)| {
            let tokens = tokenize(&text);
            let sentences = sentences_from_tokens(&text, &tokens);
            let entities = ner.recognize(&text, &tokens, &sentences);
            let timexes = time.tag(&text, &Published::unknown());
            Prepared { text, sentences, entities, timexes }
        })
        .collect();
    let words: usize = docs.iter().map(|d| d.text.split_whitespace().count()).sum();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let iterations = opts.iterations.max(1);
    let passes = best_of(
        iterations,
        || (),
        |()| {
            docs.iter()
                .map(|d| {
                    std::hint::black_box(storyline_quotes::extract(&d.text, &d.sentences, &d.entities, &d.timexes))
                        .len()
                })
                .sum()
        },
    );
    let (best, best_cpu, quotes) = (passes.best_seconds, passes.best_cpu_seconds, passes.made);
    // The same, with everything the layer needs computed inside the clock (tokens, sentences,
    // entities, time expressions): the figure to set beside a peer that parses its own input.
    let full = best_of(
        iterations,
        || (),
        |()| {
            docs.iter()
                .map(|d| {
                    let tokens = tokenize(&d.text);
                    let sentences = sentences_from_tokens(&d.text, &tokens);
                    let entities = ner.recognize(&d.text, &tokens, &sentences);
                    let timexes = time.tag(&d.text, &Published::unknown());
                    std::hint::black_box(storyline_quotes::extract(&d.text, &sentences, &entities, &timexes)).len()
                })
                .sum()
        },
    );
    let best_full = full.best_seconds;
    let result = QuotesBench {
        documents: docs.len(),
        words,
        bytes,
        quotes,
        iterations,
        best_seconds: best,
        words_per_second: words as f64 / best,
        megabytes_per_second: bytes as f64 / best / 1e6,
        best_cpu_seconds: best_cpu,
        cpu_words_per_second: best_cpu.map(|c| words as f64 / c),
        with_inputs_seconds: best_full,
        with_inputs_words_per_second: words as f64 / best_full,
        with_inputs_cpu_words_per_second: full.best_cpu_seconds.map(|c| words as f64 / c),
    };
    let io = |e| EvalError::Other(format!("cannot write the report: {e}"));
    if opts.json {
        let json = serde_json::to_string_pretty(&result).map_err(|e| EvalError::Other(e.to_string()))?;
        writeln!(out, "{json}").map_err(io)?;
    } else {
        writeln!(
            out,
            "quote layer: {} documents, {} words, {} quotes; best of {} passes {:.4} s\n{:.0} words/s per core ({:.1} MB/s)",
            result.documents,
            result.words,
            result.quotes,
            result.iterations,
            result.best_seconds,
            result.words_per_second,
            result.megabytes_per_second
        )
        .map_err(io)?;
        writeln!(
            out,
            "{:.0} words/s per core with its inputs (tokens, sentences, entities, time expressions)",
            result.with_inputs_words_per_second
        )
        .map_err(io)?;
        if let (Some(c), Some(w)) = (result.best_cpu_seconds, result.cpu_words_per_second) {
            writeln!(out, "{w:.0} words/s per core by thread CPU time ({c:.4} s)").map_err(io)?;
        }
    }
    Ok(())
}
