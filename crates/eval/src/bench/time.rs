//! Speed of the time tagger (`storyline bench time --data ../shared/data/tempeval3/train`): MB of
//! raw TimeML text (tags removed) tagged per second on one core, best of `--iterations` passes.
//!
//! Each pass tags every document with its DCT, as the evaluation does, and the expressions found
//! are counted so the work cannot be optimised away.

use std::time::Instant;

use storyline_time::TimeTagger;

use super::BenchOptions;
use crate::EvalError;
use crate::tempeval3::{dct_published, load_docs};

pub fn run(opts: &BenchOptions, out: &mut dyn std::io::Write) -> Result<(), EvalError> {
    let docs = load_docs(&opts.data, None)?;
    let tagger = TimeTagger::new();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let dcts: Vec<_> = docs.iter().map(|d| dct_published(&d.dct)).collect();
    let mut best = f64::INFINITY;
    let mut found = 0usize;
    // One warm-up pass, then the timed ones.
    for pass in 0..=opts.iterations.max(1) {
        let t0 = Instant::now();
        let mut n = 0usize;
        for (d, dct) in docs.iter().zip(&dcts) {
            n += tagger.tag(&d.text, dct).len();
        }
        let secs = t0.elapsed().as_secs_f64();
        if pass > 0 {
            best = best.min(secs);
        }
        found = n;
    }
    let mb = bytes as f64 / 1e6;
    let mbps = if best > 0.0 { mb / best } else { 0.0 };
    let w = |e: std::io::Error| EvalError::Other(e.to_string());
    if opts.json {
        let v = serde_json::json!({
            "stage": "time",
            "documents": docs.len(),
            "bytes": bytes,
            "timexes": found,
            "best_seconds": best,
            "mb_per_second": mbps,
        });
        writeln!(out, "{v}").map_err(w)?;
    } else {
        writeln!(
            out,
            "time tagger: {} documents, {:.2} MB, {} expressions; best of {} passes {:.4} s = {:.1} MB/s (one core)",
            docs.len(),
            mb,
            found,
            opts.iterations.max(1),
            best,
            mbps
        )
        .map_err(w)?;
    }
    Ok(())
}
