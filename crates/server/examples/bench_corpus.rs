//! Writes the synthetic corpus of the store and server load benchmark (`bench/store_load.sh`) as
//! JSON Lines: `N` articles built from the Timeline17 and ECB+ texts in ../shared/data, with new
//! ids and dates (the recipe of `storyline_eval::ecbplus::scale`: copy `k` of a text is published
//! `400·k` days later, with copy-specific word suffixes, so copies form their own stories), and
//! an outlet from a small made-up list. Generated at benchmark time, never committed.
//!
//! ```text
//! cargo run --release -p storyline-server --example bench_corpus -- DATA N OUT.jsonl [SKIP]
//! ```
//! `SKIP` starts at article number SKIP (to make articles that are not in an existing corpus).

use std::io::Write;
use storyline_eval::ecbplus::scale::{shift, source_texts, variant};

const OUTLETS: &[&str] = &["Wire One", "Daily Ledger", "Evening Courier", "Metro Post", "Global Desk", "Harbor Times"];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(data), Some(n), Some(out)) = (args.get(1), args.get(2), args.get(3)) else {
        eprintln!("usage: bench_corpus DATA N OUT.jsonl [SKIP]");
        std::process::exit(2);
    };
    let n: usize = n.parse()?;
    let skip: usize = args.get(4).map_or(Ok(0), |s| s.parse())?;
    let sources = source_texts(std::path::Path::new(data))?;
    let mut w = std::io::BufWriter::new(std::fs::File::create(out)?);
    for i in skip..skip + n {
        let (text, date) = &sources[i % sources.len()];
        let k = i / sources.len();
        let text = variant(text, k);
        let Some(date) = shift(*date, 400 * k as i64) else { continue };
        let outlet = OUTLETS[(i * 7 + k) % OUTLETS.len()];
        let line = serde_json::json!({ "text": text, "published": date.to_string(), "outlet": outlet });
        serde_json::to_writer(&mut w, &line)?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    eprintln!("{n} articles from {} source texts -> {out}", sources.len());
    Ok(())
}
