//! The Rust side of the side-by-side benchmarks with the peers (`bench/peers.sh`): it hands the
//! peers exactly the inputs storyline's own benchmarks use (`storyline bench inputs`) and grades
//! their predictions with storyline's own scorers (`storyline bench score`), so both sides are
//! measured on the same texts by the same definitions.
//!
//! Peer predictions arrive as JSON written by `bench/peers/peers.py`; offsets in them are
//! Unicode *character* offsets (Python's), converted here to the byte offsets the scorers use.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use serde::Serialize;
use storyline_core::Span;

use crate::polnear::score::{Counts as QuoteCounts, Predicted};
use crate::polnear::{self, Measure};
use crate::{EvalError, Prf};

/// Which inputs `storyline bench inputs` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// CoNLL-2003 documents: `{"id", "text", "sentences": [[token]]}`; `text` is the exact text
    /// `storyline bench entities` times (tokens joined by spaces, a sentence per line).
    Conll,
    /// PolNeAR texts: `{"name", "text"}` for every `.txt` of the split, as `bench quotes` reads them.
    Polnear,
    /// TempEval-3 documents: `{"name", "text", "dct"}`, the tag-free text `bench time` tags.
    Tempeval3,
}

/// Which scorer `storyline bench score` applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScoreTask {
    /// `{key: text}` against article-extraction's ground truth (same shingle scorer).
    Extraction,
    /// `[[ [start, end, "PER"|"ORG"|"LOC"|"MISC"] ]]` per document, document-level token offsets.
    Conll,
    /// `{name: [{"content": [[s, e]], "speaker": [s, e] | null}]}`: direct quotes.
    Polnear,
    /// `{name: [[s, e, "YYYY-MM-DD"]]}`: dates found, scored on TempEval-3's day-valued DATEs.
    Tempeval3,
}

fn err_json(e: serde_json::Error) -> EvalError {
    EvalError::Other(e.to_string())
}

fn io_out(e: std::io::Error) -> EvalError {
    EvalError::Other(format!("cannot write output: {e}"))
}

/// Write the inputs of one benchmark as JSON Lines to `out`.
pub fn write_inputs(kind: InputKind, data: &Path, out: &mut dyn Write) -> Result<usize, EvalError> {
    let mut n = 0;
    let mut line = |v: serde_json::Value, out: &mut dyn Write| -> Result<(), EvalError> {
        n += 1;
        writeln!(out, "{v}").map_err(io_out)
    };
    match kind {
        InputKind::Conll => {
            for (i, d) in crate::conll2003::read(data)?.iter().enumerate() {
                let text = super::entities::document_text(d);
                let sentences: Vec<&Vec<String>> = d.sentences.iter().map(|s| &s.tokens).collect();
                line(serde_json::json!({"id": i, "text": text, "sentences": sentences}), out)?;
            }
        }
        InputKind::Polnear => {
            for (name, text) in super::quotes::named_texts(data)? {
                line(serde_json::json!({"name": name, "text": text}), out)?;
            }
        }
        InputKind::Tempeval3 => {
            for d in crate::tempeval3::load_docs(data, None)? {
                line(serde_json::json!({"name": d.name, "text": d.text, "dct": d.dct}), out)?;
            }
        }
    }
    Ok(n)
}

/// Byte offset of every character offset of `text` (one past the end included).
fn char_to_byte(text: &str) -> Vec<usize> {
    text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len())).collect()
}

/// A character range as a byte span, if it lies inside the text and is not empty.
fn byte_span(map: &[usize], start: usize, end: usize) -> Option<Span> {
    let (s, e) = (*map.get(start)?, *map.get(end)?);
    (s < e).then(|| Span::new(s, e))
}

#[derive(Serialize)]
struct ConllScore {
    documents: usize,
    overall: Prf,
    per_org_loc: Prf,
    per_type: HashMap<&'static str, Prf>,
}

#[derive(serde::Deserialize)]
struct PeerQuote {
    content: Vec<(usize, usize)>,
    speaker: Option<(usize, usize)>,
}

fn measure(counts: QuoteCounts) -> Measure {
    Measure { counts, one_to_one: counts.one_to_one(), any_overlap: counts.any_overlap() }
}

#[derive(Serialize)]
struct QuoteScore {
    articles: usize,
    direct_content: Measure,
    direct_content_source: Measure,
}

/// Day-valued date agreement on TempEval-3: how many gold DATE expressions whose value is a full
/// day (`YYYY-MM-DD`) a system finds with an overlapping extent *and* the same day.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct DayAgreement {
    pub gold_days: usize,
    pub found_same_day: usize,
    pub recall: f64,
    /// Expressions the system returned in total (any value), for context.
    pub predicted: usize,
}

fn is_day(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn day_agreement(doc: &crate::tempeval3::TmlDoc, pred: &[(Span, String)], acc: &mut DayAgreement) {
    acc.predicted += pred.len();
    for g in doc.gold.iter().filter(|g| g.kind == "DATE" && is_day(&g.value)) {
        acc.gold_days += 1;
        let gs = Span::new(g.start, g.end);
        if pred.iter().any(|(s, v)| s.overlaps(gs) && v.get(..10) == Some(g.value.as_str())) {
            acc.found_same_day += 1;
        }
    }
}

/// Score a peer's predictions (`pred`, a JSON file) with storyline's scorer for `task` on `data`,
/// printing the figures as JSON.
pub fn score(task: ScoreTask, data: &Path, pred: &Path, out: &mut dyn Write) -> Result<(), EvalError> {
    let raw = std::fs::read_to_string(pred).map_err(EvalError::io(pred))?;
    let v = match task {
        ScoreTask::Extraction => {
            let preds: HashMap<String, String> = serde_json::from_str(&raw).map_err(err_json)?;
            let pages = crate::article_extraction::load_pages(data, None)?;
            let scores: Vec<_> = pages
                .iter()
                .map(|p| {
                    let text = preds.get(&p.key).map_or("", String::as_str);
                    crate::article_extraction::score_page(&p.truth, text)
                })
                .collect();
            let missing = pages.iter().filter(|p| !preds.contains_key(&p.key)).count();
            serde_json::to_value(crate::article_extraction::summarize(&scores, missing)).map_err(err_json)?
        }
        ScoreTask::Conll => {
            let preds: Vec<Vec<(usize, usize, String)>> = serde_json::from_str(&raw).map_err(err_json)?;
            let docs = crate::conll2003::read(data)?;
            let mut counts = [(0usize, 0usize, 0usize); 4];
            for (d, p) in docs.iter().zip(preds.iter().chain(std::iter::repeat(&Vec::new()))) {
                let mut gold = std::collections::HashSet::new();
                let mut offset = 0;
                for s in &d.sentences {
                    gold.extend(s.names.iter().map(|&(a, b, t)| (a + offset, b + offset, t)));
                    offset += s.tokens.len();
                }
                let pred: std::collections::HashSet<(usize, usize, u8)> = p
                    .iter()
                    .filter_map(|(a, b, t)| storyline_entities::train::type_index(t).map(|t| (*a, *b, t)))
                    .collect();
                for &(a, b, t) in &pred {
                    let c = &mut counts[usize::from(t)];
                    if gold.contains(&(a, b, t)) { c.0 += 1 } else { c.1 += 1 }
                }
                for &(a, b, t) in &gold {
                    if !pred.contains(&(a, b, t)) {
                        counts[usize::from(t)].2 += 1;
                    }
                }
            }
            let prf = |types: &[usize]| {
                let (tp, fp, fn_) =
                    types.iter().fold((0, 0, 0), |a, &t| (a.0 + counts[t].0, a.1 + counts[t].1, a.2 + counts[t].2));
                Prf::from_counts(tp as f64, fp as f64, fn_ as f64)
            };
            let names = storyline_entities::train::TYPE_NAMES;
            let per_type = (0..4).map(|t| (names[t], prf(&[t]))).collect();
            let s = ConllScore {
                documents: docs.len(),
                overall: prf(&[0, 1, 2, 3]),
                per_org_loc: prf(&[0, 1, 2]),
                per_type,
            };
            serde_json::to_value(s).map_err(err_json)?
        }
        ScoreTask::Polnear => {
            let preds: HashMap<String, Vec<PeerQuote>> = serde_json::from_str(&raw).map_err(err_json)?;
            let articles = polnear::load(data, None)?;
            let (mut content, mut with_source) = (QuoteCounts::default(), QuoteCounts::default());
            for a in &articles {
                let map = char_to_byte(&a.text);
                let pred: Vec<Predicted> = preds
                    .get(&a.name)
                    .map(|qs| {
                        qs.iter()
                            .filter_map(|q| {
                                let content: Vec<Span> =
                                    q.content.iter().filter_map(|&(s, e)| byte_span(&map, s, e)).collect();
                                let speaker = q.speaker.and_then(|(s, e)| byte_span(&map, s, e));
                                (!content.is_empty()).then_some(Predicted { content, speaker, direct: true })
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let gold: Vec<_> = a.gold.iter().filter(|g| g.is_direct(&a.text)).collect();
                let pred: Vec<&Predicted> = pred.iter().collect();
                content.add(polnear::score::score(&gold, &pred, false).0);
                with_source.add(polnear::score::score(&gold, &pred, true).0);
            }
            let s = QuoteScore {
                articles: articles.len(),
                direct_content: measure(content),
                direct_content_source: measure(with_source),
            };
            serde_json::to_value(s).map_err(err_json)?
        }
        ScoreTask::Tempeval3 => {
            let preds: HashMap<String, Vec<(usize, usize, String)>> = serde_json::from_str(&raw).map_err(err_json)?;
            let docs = crate::tempeval3::load_docs(data, None)?;
            let tagger = storyline_time::TimeTagger::new();
            let (mut peer, mut ours) = (DayAgreement::default(), DayAgreement::default());
            let mut scored = 0;
            for d in &docs {
                // Only the documents the peer ran on (it may have run on a sample).
                let Some(p) = preds.get(&d.name) else { continue };
                scored += 1;
                let map = char_to_byte(&d.text);
                let p: Vec<(Span, String)> =
                    p.iter().filter_map(|(s, e, v)| byte_span(&map, *s, *e).map(|sp| (sp, v.clone()))).collect();
                day_agreement(d, &p, &mut peer);
                let sys: Vec<(Span, String)> = tagger
                    .tag(&d.text, &crate::tempeval3::dct_published(&d.dct))
                    .into_iter()
                    .map(|t| (t.span, t.value))
                    .collect();
                day_agreement(d, &sys, &mut ours);
            }
            for a in [&mut peer, &mut ours] {
                a.recall = a.found_same_day as f64 / a.gold_days.max(1) as f64;
            }
            serde_json::json!({"documents": scored, "peer": peer, "storyline": ours})
        }
    };
    let s = serde_json::to_string_pretty(&v).map_err(err_json)?;
    writeln!(out, "{s}").map_err(io_out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_become_byte_offsets() {
        let text = "é “ab” c";
        let map = char_to_byte(text);
        // "“ab”" is characters 2..6.
        let s = byte_span(&map, 2, 6).unwrap();
        assert_eq!(s.slice(text), "“ab”");
        assert!(byte_span(&map, 3, 3).is_none());
        assert!(byte_span(&map, 3, 99).is_none());
    }

    #[test]
    fn day_values_are_recognised() {
        assert!(is_day("1998-01-08"));
        assert!(!is_day("1998-01"));
        assert!(!is_day("XXXX-01-08"));
        assert!(!is_day("1998-01-08T12"));
    }
}
