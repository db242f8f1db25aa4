//! `storyline bench extract`: HTML main-text extraction throughput, single-threaded, on the
//! article-extraction pages.
//!
//! Pages are gunzipped and read before timing starts, so the figure is the extractor's alone
//! (parsing, boilerplate removal, metadata). Each pass runs every page once; the best pass is
//! reported, which is the least disturbed by other work on a shared machine.

use std::time::{Duration, Instant};

use super::BenchOptions;
use crate::EvalError;
use crate::article_extraction::load_pages;

#[derive(serde::Serialize)]
struct Figures {
    pages: usize,
    bytes: usize,
    iterations: usize,
    best_seconds: f64,
    pages_per_second: f64,
    mb_per_second: f64,
    /// Pages the extractor rejected (still timed: rejecting costs the same work).
    rejected: usize,
}

pub fn run(opts: &BenchOptions, out: &mut dyn std::io::Write) -> Result<(), EvalError> {
    let pages = load_pages(&opts.data, None)?;
    if pages.is_empty() {
        return Err(EvalError::Other(format!("no pages in {}", opts.data.display())));
    }
    let bytes: usize = pages.iter().map(|p| p.html.len()).sum();
    let iterations = opts.iterations.max(1);
    let mut best = Duration::MAX;
    let mut rejected = 0;
    for _ in 0..iterations {
        rejected = 0;
        let start = Instant::now();
        for page in &pages {
            let r = storyline_ingest::html::extract(&page.html, page.url.as_deref());
            if std::hint::black_box(r).is_err() {
                rejected += 1;
            }
        }
        best = best.min(start.elapsed());
    }
    let secs = best.as_secs_f64().max(1e-9);
    let f = Figures {
        pages: pages.len(),
        bytes,
        iterations,
        best_seconds: secs,
        pages_per_second: pages.len() as f64 / secs,
        mb_per_second: bytes as f64 / 1e6 / secs,
        rejected,
    };
    let write_err = |e: std::io::Error| EvalError::Other(format!("cannot write output: {e}"));
    if opts.json {
        let s = serde_json::to_string_pretty(&f).map_err(|e| EvalError::Other(e.to_string()))?;
        writeln!(out, "{s}").map_err(write_err)?;
    } else {
        writeln!(
            out,
            "extract: {} pages, {:.1} MB, best of {} passes: {:.3} s",
            f.pages,
            f.bytes as f64 / 1e6,
            f.iterations,
            f.best_seconds
        )
        .map_err(write_err)?;
        writeln!(out, "pages/s   {:.1} (one core)", f.pages_per_second).map_err(write_err)?;
        writeln!(out, "MB/s      {:.2}", f.mb_per_second).map_err(write_err)?;
        if f.rejected > 0 {
            writeln!(out, "rejected  {}", f.rejected).map_err(write_err)?;
        }
    }
    Ok(())
}
