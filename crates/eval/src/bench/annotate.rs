//! `storyline bench annotate`: the whole per-article pipeline (sentences, time, entities, quotes,
//! span mapping) in words per second on one core.
//!
//! Articles are built from the text files before timing (reading and cleaning are ingest, measured
//! by `storyline bench extract`), so the figure is [`Annotator::annotate`] itself: what
//! `storyline annotate` and `storyline report` spend per article. The best of `--iterations`
//! passes is reported, by wall clock and by the thread's own CPU time where Linux exposes it
//! (meaningful on a machine shared with other jobs).

use serde::Serialize;
use storyline_annotate::Annotator;
use storyline_core::Article;

use super::quotes::texts;
use super::{BenchOptions, best_of};
use crate::EvalError;

/// The benchmark's result.
#[derive(Debug, Serialize)]
pub struct AnnotateBench {
    pub documents: usize,
    pub words: usize,
    pub bytes: usize,
    /// Annotations made in the last pass (time expressions + entity mentions + quotes): a check
    /// that the work was done.
    pub annotations: usize,
    pub iterations: usize,
    pub best_seconds: f64,
    pub words_per_second: f64,
    pub megabytes_per_second: f64,
    /// Best pass by the thread's CPU time, when the platform reports it.
    pub best_cpu_seconds: Option<f64>,
    pub cpu_words_per_second: Option<f64>,
}

pub fn run(opts: &BenchOptions, out: &mut dyn std::io::Write) -> Result<(), EvalError> {
    let annotator = Annotator::new();
    let articles: Vec<Article> = texts(&opts.data)?
        .into_iter()
        .enumerate()
        .map(|(i, text)| storyline_ingest::article_from_text(&format!("bench-{i}.txt"), text))
        .collect();
    // Words of the body the layers read (white-space separated), as the other benches count.
    let words: usize = articles.iter().map(|a| a.text.split_whitespace().count()).sum();
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let iterations = opts.iterations.max(1);
    // Cloning the articles is not the pipeline's work: done before the clock starts.
    let passes = best_of(
        iterations,
        || articles.clone(),
        |batch| {
            batch
                .into_iter()
                .map(|a| {
                    let doc = std::hint::black_box(annotator.annotate(a));
                    doc.timexes.len() + doc.entities.mentions.len() + doc.quotes.len()
                })
                .sum()
        },
    );
    let (best, best_cpu, annotations) = (passes.best_seconds, passes.best_cpu_seconds, passes.made);
    let result = AnnotateBench {
        documents: articles.len(),
        words,
        bytes,
        annotations,
        iterations,
        best_seconds: best,
        words_per_second: words as f64 / best,
        megabytes_per_second: bytes as f64 / best / 1e6,
        best_cpu_seconds: best_cpu,
        cpu_words_per_second: best_cpu.map(|c| words as f64 / c),
    };
    let io = |e| EvalError::Other(format!("cannot write the report: {e}"));
    if opts.json {
        let json = serde_json::to_string_pretty(&result).map_err(|e| EvalError::Other(e.to_string()))?;
        writeln!(out, "{json}").map_err(io)?;
    } else {
        writeln!(
            out,
            "annotate (time, entities, quotes): {} documents, {} words, {} annotations; best of {} passes {:.4} s\n{:.0} words/s per core ({:.1} MB/s)",
            result.documents,
            result.words,
            result.annotations,
            result.iterations,
            result.best_seconds,
            result.words_per_second,
            result.megabytes_per_second
        )
        .map_err(io)?;
        if let (Some(c), Some(w)) = (result.best_cpu_seconds, result.cpu_words_per_second) {
            writeln!(out, "{w:.0} words/s per core by thread CPU time ({c:.4} s)").map_err(io)?;
        }
    }
    Ok(())
}
