//! The corpus behind `storyline bench report`: synthetic news corpora of any size, built from the
//! real Timeline17 and ECB+ texts (copy *k* of a text has changed words and dates shifted by
//! k·400 days, so every copy is a distinct article and stories stay apart across copies).
//!
//! The corpus is written as JSON Lines (news-please field names), so the benchmark exercises the
//! same `storyline report` a user runs, reading from disk.

use crate::EvalError;
use crate::ecbplus::scale::{shift, source_texts, variant};
use std::io::Write;
use std::path::Path;

/// Outlets the synthetic articles are attributed to, round-robin, so outlet-aware code is exercised.
const OUTLETS: &[(&str, &str)] = &[
    ("reuters.com", "Reuters"),
    ("apnews.com", "AP"),
    ("bbc.co.uk", "BBC"),
    ("theguardian.com", "The Guardian"),
    ("nytimes.com", "The New York Times"),
    ("tass.com", "TASS"),
];

/// What was written.
#[derive(Clone, Debug, serde::Serialize)]
pub struct CorpusInfo {
    pub articles: usize,
    pub bytes: u64,
}

/// Write a corpus of `n` articles as JSON Lines to `out`, from the texts under `data`
/// (`../shared/data`: its `timeline17/` and `ecbplus/`).
pub fn write_corpus(data: &Path, n: usize, out: &Path) -> Result<CorpusInfo, EvalError> {
    let sources = source_texts(data)?;
    let file = std::fs::File::create(out).map_err(EvalError::io(out))?;
    let mut w = std::io::BufWriter::new(file);
    let mut bytes = 0u64;
    for i in 0..n {
        let (text, date) = &sources[i % sources.len()];
        let k = i / sources.len();
        let text = variant(text, k);
        let date = shift(*date, 400 * k as i64).unwrap_or(*date);
        let title: String = text.lines().next().unwrap_or("").chars().take(120).collect();
        let (domain, outlet) = OUTLETS[i % OUTLETS.len()];
        let line = serde_json::json!({
            "title": title.trim(),
            "maintext": text,
            "date_publish": format!("{date} 12:00:00"),
            "url": format!("https://www.{domain}/news/{date}/article-{i}"),
            "source_domain": domain,
            "outlet": outlet,
        });
        let s = line.to_string();
        bytes += s.len() as u64 + 1;
        writeln!(w, "{s}").map_err(EvalError::io(out))?;
    }
    w.flush().map_err(EvalError::io(out))?;
    Ok(CorpusInfo { articles: n, bytes })
}
