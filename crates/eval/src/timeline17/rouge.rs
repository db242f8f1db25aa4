//! Timeline scores as the timeline-summarisation literature defines them (tilse / news-tls):
//! date F1, and ROUGE-N F1 in two variants.
//!
//! - **concat**: all summaries of a timeline concatenated into one text, ROUGE-N between the two
//!   texts (dates ignored).
//! - **agreement**: n-gram matches counted only between the summaries of the same date;
//!   precision divides by all predicted n-grams, recall by all reference n-grams.
//!
//! Tokens are lowercased runs of letters and digits; no stemming and no stopword removal (the
//! published figures used ROUGE-1.5.5-style options that may differ slightly).

use std::collections::{BTreeMap, HashMap};

use crate::Prf;

/// A timeline: for each day (`YYYY-MM-DD`), its summary sentences.
pub type Timeline = BTreeMap<String, Vec<String>>;

fn tokens(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

fn ngrams(text: &str, n: usize) -> HashMap<Vec<String>, usize> {
    let toks = tokens(text);
    let mut out: HashMap<Vec<String>, usize> = HashMap::new();
    if toks.len() >= n {
        for w in toks.windows(n) {
            *out.entry(w.to_vec()).or_default() += 1;
        }
    }
    out
}

fn total(m: &HashMap<Vec<String>, usize>) -> usize {
    m.values().sum()
}

fn matched(a: &HashMap<Vec<String>, usize>, b: &HashMap<Vec<String>, usize>) -> usize {
    a.iter().map(|(g, &c)| c.min(b.get(g).copied().unwrap_or(0))).sum()
}

/// Date precision, recall and F1 of the predicted days against the reference days.
pub fn date_f1(predicted: &Timeline, reference: &Timeline) -> Prf {
    let tp = predicted.keys().filter(|d| reference.contains_key(*d)).count() as f64;
    Prf::from_counts(tp, predicted.len() as f64 - tp, reference.len() as f64 - tp)
}

/// ROUGE-N F1 of the concatenated timelines.
pub fn concat(predicted: &Timeline, reference: &Timeline, n: usize) -> Prf {
    let join = |t: &Timeline| t.values().flatten().cloned().collect::<Vec<_>>().join(" ");
    let (p, r) = (ngrams(&join(predicted), n), ngrams(&join(reference), n));
    let m = matched(&p, &r) as f64;
    let (tp, tr) = (total(&p) as f64, total(&r) as f64);
    Prf::from_pr(if tp > 0.0 { m / tp } else { 0.0 }, if tr > 0.0 { m / tr } else { 0.0 })
}

/// Date-agreement ROUGE-N F1: matches only between summaries of the same day.
pub fn agreement(predicted: &Timeline, reference: &Timeline, n: usize) -> Prf {
    let mut m = 0usize;
    let mut tp = 0usize;
    let mut tr = 0usize;
    for (day, sents) in predicted {
        let p = ngrams(&sents.join(" "), n);
        tp += total(&p);
        if let Some(r) = reference.get(day) {
            m += matched(&p, &ngrams(&r.join(" "), n));
        }
    }
    for sents in reference.values() {
        tr += total(&ngrams(&sents.join(" "), n));
    }
    let (m, tp, tr) = (m as f64, tp as f64, tr as f64);
    Prf::from_pr(if tp > 0.0 { m / tp } else { 0.0 }, if tr > 0.0 { m / tr } else { 0.0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tl(items: &[(&str, &str)]) -> Timeline {
        items.iter().map(|(d, s)| (d.to_string(), vec![s.to_string()])).collect()
    }

    #[test]
    fn scores() {
        let gold = tl(&[("2011-01-25", "Protesters fill Cairo streets"), ("2011-02-11", "Mubarak resigns")]);
        let pred = tl(&[("2011-01-25", "Protesters fill the streets"), ("2011-02-01", "Mubarak resigns")]);
        let d = date_f1(&pred, &gold);
        assert_eq!((d.precision, d.recall), (0.5, 0.5));
        // Agreement: only the 25 January pair counts: 3 matched unigrams of 6 predicted, 6 gold.
        let a = agreement(&pred, &gold, 1);
        assert!((a.precision - 3.0 / 6.0).abs() < 1e-9 && (a.recall - 3.0 / 6.0).abs() < 1e-9);
        // Concat: "mubarak resigns" matches too.
        let c = concat(&pred, &gold, 1);
        assert!((c.precision - 5.0 / 6.0).abs() < 1e-9);
        assert!((concat(&pred, &gold, 2).precision - 3.0 / 5.0).abs() < 1e-9);
    }
}
