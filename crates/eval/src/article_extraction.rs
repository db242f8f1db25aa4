//! Article-body extraction on `../shared/data/article-extraction` (the scrapinghub
//! article-extraction benchmark pages), scored as that benchmark defines it.
//!
//! Per page, the true and predicted bodies become multisets of 4-token shingles (tokens are
//! `\w+` runs); TP/FP/FN are the multiset overlaps, normalised to sum to 1 on the page. Precision
//! and recall are means over pages, F1 their harmonic mean, and accuracy the share of pages
//! whose predicted token sequence equals the true one. The tokenizer and shingles follow the
//! benchmark's Python code (`re.findall(r"\w+")`, shingles joined by a space, a text shorter
//! than 4 tokens is one shingle) so the figures compare with the published ones.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::{EvalError, EvalOptions, Prf};

/// Shingle length of the benchmark.
const SHINGLE: usize = 4;

/// One benchmark page: its key, URL, true body and HTML (already gunzipped).
#[derive(Clone, Debug)]
pub struct Page {
    pub key: String,
    pub url: Option<String>,
    pub truth: String,
    pub html: String,
}

/// Read `ground-truth.json` and every `html/<key>.html.gz` of the dataset folder, in key order
/// (so runs are deterministic). A page whose HTML file is missing is an error: the figures
/// would silently cover fewer pages otherwise.
pub fn load_pages(dir: &Path, limit: Option<usize>) -> Result<Vec<Page>, EvalError> {
    let gt_path = dir.join("ground-truth.json");
    let raw = std::fs::read_to_string(&gt_path).map_err(EvalError::io(&gt_path))?;
    let gt: HashMap<String, serde_json::Value> =
        serde_json::from_str(&raw).map_err(|e| EvalError::Data { path: gt_path.clone(), reason: e.to_string() })?;
    let mut keys: Vec<&String> = gt.keys().collect();
    keys.sort();
    if let Some(n) = limit {
        keys.truncate(n);
    }
    let mut pages = Vec::with_capacity(keys.len());
    for key in keys {
        let entry = &gt[key];
        let truth = entry.get("articleBody").and_then(|v| v.as_str()).unwrap_or_default().to_string();
        let url = entry.get("url").and_then(|v| v.as_str()).map(str::to_string);
        let path: PathBuf = dir.join("html").join(format!("{key}.html.gz"));
        let file = std::fs::File::open(&path).map_err(EvalError::io(&path))?;
        let mut bytes = Vec::new();
        flate2::read::MultiGzDecoder::new(file).read_to_end(&mut bytes).map_err(EvalError::io(&path))?;
        // The dataset's pages are UTF-8; a stray invalid byte should not drop a page.
        let html = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        pages.push(Page { key: key.clone(), url, truth, html });
    }
    Ok(pages)
}

/// The benchmark's tokens: maximal runs of word characters (Python's Unicode `\w`: letters,
/// digits, underscore).
pub fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let word = c.is_alphanumeric() || c == '_';
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// The multiset of shingles of a token sequence (a sequence shorter than [`SHINGLE`] is one
/// shingle; an empty one has none), as the benchmark builds them.
fn shingles<'a>(toks: &[&'a str]) -> HashMap<Vec<&'a str>, u32> {
    let mut counts = HashMap::new();
    if toks.is_empty() {
        return counts;
    }
    if toks.len() < SHINGLE {
        counts.insert(toks.to_vec(), 1);
        return counts;
    }
    for w in toks.windows(SHINGLE) {
        *counts.entry(w.to_vec()).or_insert(0) += 1;
    }
    counts
}

/// The score of one page.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct PageScore {
    /// Normalised TP, FP, FN (they sum to 1 unless both texts are empty).
    pub tp: f64,
    pub fp: f64,
    pub fn_: f64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// The predicted token sequence equals the true one.
    pub exact: bool,
}

/// Score one predicted body against the true one.
///
/// Precision of an empty prediction is 0 (nothing right was found), recall of an empty truth is
/// 1 only if the prediction is empty too; both empty is a perfect page.
pub fn score_page(truth: &str, predicted: &str) -> PageScore {
    let t_toks = tokens(truth);
    let p_toks = tokens(predicted);
    let exact = t_toks == p_toks;
    let t = shingles(&t_toks);
    let p = shingles(&p_toks);
    let (mut tp, mut fp, mut fn_) = (0f64, 0f64, 0f64);
    for (k, &tc) in &t {
        let pc = p.get(k).copied().unwrap_or(0);
        tp += f64::from(tc.min(pc));
        fn_ += f64::from(tc.saturating_sub(pc));
    }
    for (k, &pc) in &p {
        let tc = t.get(k).copied().unwrap_or(0);
        fp += f64::from(pc.saturating_sub(tc));
    }
    let sum = tp + fp + fn_;
    if sum == 0.0 {
        return PageScore { precision: 1.0, recall: 1.0, f1: 1.0, exact, ..Default::default() };
    }
    let (tp, fp, fn_) = (tp / sum, fp / sum, fn_ / sum);
    let prf = Prf::from_counts(tp, fp, fn_);
    PageScore { tp, fp, fn_, precision: prf.precision, recall: prf.recall, f1: prf.f1, exact }
}

/// The figures over a set of pages.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Summary {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub accuracy: f64,
    pub pages: usize,
    /// Pages where the extractor returned an error (scored as an empty body).
    pub failed: usize,
}

/// Means over pages of precision and recall, F1 their harmonic mean, accuracy the exact share.
pub fn summarize(scores: &[PageScore], failed: usize) -> Summary {
    let n = scores.len();
    if n == 0 {
        return Summary::default();
    }
    let nf = n as f64;
    let precision = scores.iter().map(|s| s.precision).sum::<f64>() / nf;
    let recall = scores.iter().map(|s| s.recall).sum::<f64>() / nf;
    let accuracy = scores.iter().filter(|s| s.exact).count() as f64 / nf;
    let f1 = Prf::from_pr(precision, recall).f1;
    Summary { precision, recall, f1, accuracy, pages: n, failed }
}

#[derive(serde::Serialize)]
struct PageReport<'a> {
    key: &'a str,
    url: Option<&'a str>,
    #[serde(flatten)]
    score: PageScore,
    error: Option<String>,
}

#[derive(serde::Serialize)]
struct Report<'a> {
    #[serde(flatten)]
    summary: Summary,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    per_page: Vec<PageReport<'a>>,
}

/// `storyline eval article-extraction`: run the HTML extractor on every page and print P, R, F1,
/// accuracy (and, with `verbose`, every page's scores, worst first).
pub fn run(opts: &EvalOptions, out: &mut dyn std::io::Write) -> Result<(), EvalError> {
    let pages = load_pages(&opts.data, opts.limit)?;
    let mut per_page = Vec::with_capacity(pages.len());
    let mut failed = 0;
    for page in &pages {
        let (predicted, error) = match storyline_ingest::html::extract(&page.html, page.url.as_deref()) {
            Ok(a) => (a.text, None),
            Err(e) => {
                failed += 1;
                (String::new(), Some(e.to_string()))
            }
        };
        let score = score_page(&page.truth, &predicted);
        per_page.push(PageReport { key: &page.key, url: page.url.as_deref(), score, error });
    }
    let scores: Vec<PageScore> = per_page.iter().map(|p| p.score.clone()).collect();
    let summary = summarize(&scores, failed);
    per_page.sort_by(|a, b| a.score.f1.total_cmp(&b.score.f1).then_with(|| a.key.cmp(b.key)));
    let write_err = |e: std::io::Error| EvalError::Other(format!("cannot write output: {e}"));
    if opts.json {
        let report = Report { summary, per_page: if opts.verbose { per_page } else { Vec::new() } };
        let s = serde_json::to_string_pretty(&report).map_err(|e| EvalError::Other(e.to_string()))?;
        writeln!(out, "{s}").map_err(write_err)?;
        return Ok(());
    }
    if opts.verbose {
        writeln!(out, "{:>6} {:>6} {:>6} {:>5}  page", "P", "R", "F1", "exact").map_err(write_err)?;
        for p in &per_page {
            writeln!(
                out,
                "{:>6.3} {:>6.3} {:>6.3} {:>5}  {} {}{}",
                p.score.precision,
                p.score.recall,
                p.score.f1,
                if p.score.exact { "yes" } else { "" },
                p.key,
                p.url.unwrap_or(""),
                p.error.as_deref().map(|e| format!(" [error: {e}]")).unwrap_or_default()
            )
            .map_err(write_err)?;
        }
        writeln!(out).map_err(write_err)?;
    }
    writeln!(out, "article-extraction: {} pages ({} failed)", summary.pages, summary.failed).map_err(write_err)?;
    writeln!(out, "precision {:.4}", summary.precision).map_err(write_err)?;
    writeln!(out, "recall    {:.4}", summary.recall).map_err(write_err)?;
    writeln!(out, "F1        {:.4}", summary.f1).map_err(write_err)?;
    writeln!(out, "accuracy  {:.4}", summary.accuracy).map_err(write_err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_word_runs() {
        assert_eq!(tokens("Hello, wörld! it's 2021_x."), vec!["Hello", "wörld", "it", "s", "2021_x"]);
        assert!(tokens(" ... ").is_empty());
    }

    #[test]
    fn identical_texts_score_one_and_are_exact() {
        let s = score_page("One two three four five.", "One, two; three four five");
        assert_eq!(s.precision, 1.0);
        assert_eq!(s.recall, 1.0);
        assert!(s.exact);
    }

    #[test]
    fn extra_text_lowers_precision_only() {
        let truth = "a b c d e f g h";
        let s = score_page(truth, "a b c d e f g h x y z w");
        assert_eq!(s.recall, 1.0);
        // 5 true shingles, 4 extra ones.
        assert!((s.precision - 5.0 / 9.0).abs() < 1e-9);
        assert!(!s.exact);
    }

    #[test]
    fn repeated_shingles_count_as_a_multiset() {
        let s = score_page("a b c d a b c d", "a b c d");
        // truth: abcd, bcda, cdab, dabc, abcd -> predicted abcd once: tp 1, fn 4.
        assert!((s.recall - 0.2).abs() < 1e-9);
        assert_eq!(s.precision, 1.0);
    }

    #[test]
    fn short_and_empty_texts() {
        assert_eq!(score_page("", "").f1, 1.0);
        let s = score_page("a b", "");
        assert_eq!(s.precision, 0.0);
        assert_eq!(s.recall, 0.0);
        assert_eq!(score_page("a b", "a b").f1, 1.0);
    }

    #[test]
    fn summary_is_harmonic_mean_of_macro_means() {
        let a = PageScore { precision: 1.0, recall: 0.5, exact: true, ..Default::default() };
        let b = PageScore { precision: 0.5, recall: 1.0, ..Default::default() };
        let s = summarize(&[a, b], 0);
        assert_eq!(s.precision, 0.75);
        assert_eq!(s.recall, 0.75);
        assert!((s.f1 - 0.75).abs() < 1e-12);
        assert_eq!(s.accuracy, 0.5);
    }
}
