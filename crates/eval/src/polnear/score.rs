//! Scoring predicted attributions against PolNeAR's gold ones.
//!
//! A gold attribution is *found* by a predicted one whose content overlaps its content; for
//! content+source the predicted speaker span must also overlap the gold Source span (a gold
//! attribution without a source is matched only by a prediction without a speaker span).
//!
//! Two countings are kept. The headline one is **one-to-one**: each prediction can find at most one
//! gold attribution and vice versa (greedy by overlap size), so a prediction covering a whole
//! paragraph cannot collect several gold attributions and splitting one quote in two costs
//! precision. The README's looser **any-overlap** counting (a gold item is recalled when any
//! prediction overlaps it; a prediction is correct when it overlaps any gold item) is printed beside
//! it for comparison with figures computed that way.

use storyline_core::Span;

use super::brat::GoldAttribution;
use crate::Prf;

/// A predicted attribution reduced to what is scored.
#[derive(Clone, Debug, PartialEq)]
pub struct Predicted {
    pub content: Vec<Span>,
    pub speaker: Option<Span>,
    pub direct: bool,
}

/// Counts for one measure, summed over articles.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct Counts {
    pub gold: usize,
    pub predicted: usize,
    /// One-to-one matches.
    pub matched: usize,
    /// Gold items overlapped by any prediction.
    pub gold_hit: usize,
    /// Predictions overlapping any gold item.
    pub predicted_hit: usize,
}

impl Counts {
    pub fn add(&mut self, o: Counts) {
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.matched += o.matched;
        self.gold_hit += o.gold_hit;
        self.predicted_hit += o.predicted_hit;
    }

    pub fn one_to_one(&self) -> Prf {
        Prf::from_counts(self.matched as f64, (self.predicted - self.matched) as f64, (self.gold - self.matched) as f64)
    }

    pub fn any_overlap(&self) -> Prf {
        let p = if self.predicted > 0 { self.predicted_hit as f64 / self.predicted as f64 } else { 0.0 };
        let r = if self.gold > 0 { self.gold_hit as f64 / self.gold as f64 } else { 0.0 };
        Prf::from_pr(p, r)
    }
}

fn overlap(a: &[Span], b: &[Span]) -> usize {
    let mut n = 0;
    for x in a {
        for y in b {
            if x.overlaps(*y) {
                n += x.end.min(y.end) - x.start.max(y.start);
            }
        }
    }
    n
}

/// Score one article's predictions. `with_source` adds the speaker condition. Returns the counts
/// and, for reporting, which gold items and predictions stayed unmatched (one-to-one).
pub fn score(gold: &[&GoldAttribution], pred: &[&Predicted], with_source: bool) -> (Counts, Vec<usize>, Vec<usize>) {
    let mut pairs = Vec::new();
    let mut gold_hit = vec![false; gold.len()];
    let mut pred_hit = vec![false; pred.len()];
    for (gi, g) in gold.iter().enumerate() {
        for (pi, p) in pred.iter().enumerate() {
            let o = overlap(&g.content, &p.content);
            if o == 0 {
                continue;
            }
            if with_source {
                let ok = match p.speaker {
                    Some(s) => g.source.iter().any(|gs| gs.overlaps(s)),
                    None => g.source.is_empty(),
                };
                if !ok {
                    continue;
                }
            }
            gold_hit[gi] = true;
            pred_hit[pi] = true;
            pairs.push((o, gi, pi));
        }
    }
    // Largest overlap first; ties by position, so the result is deterministic.
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut gold_used = vec![false; gold.len()];
    let mut pred_used = vec![false; pred.len()];
    let mut matched = 0;
    for (_, gi, pi) in pairs {
        if !gold_used[gi] && !pred_used[pi] {
            gold_used[gi] = true;
            pred_used[pi] = true;
            matched += 1;
        }
    }
    let counts = Counts {
        gold: gold.len(),
        predicted: pred.len(),
        matched,
        gold_hit: gold_hit.iter().filter(|&&h| h).count(),
        predicted_hit: pred_hit.iter().filter(|&&h| h).count(),
    };
    let missed = (0..gold.len()).filter(|&i| !gold_used[i]).collect();
    let spurious = (0..pred.len()).filter(|&i| !pred_used[i]).collect();
    (counts, missed, spurious)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(content: (usize, usize), source: Option<(usize, usize)>) -> GoldAttribution {
        GoldAttribution {
            content: vec![Span::new(content.0, content.1)],
            source: source.map(|s| vec![Span::new(s.0, s.1)]).unwrap_or_default(),
            cue: vec![],
        }
    }

    fn p(content: (usize, usize), speaker: Option<(usize, usize)>) -> Predicted {
        Predicted {
            content: vec![Span::new(content.0, content.1)],
            speaker: speaker.map(|s| Span::new(s.0, s.1)),
            direct: false,
        }
    }

    #[test]
    fn one_prediction_cannot_find_two_gold_items() {
        let gold = [g((0, 10), Some((20, 25))), g((30, 40), Some((41, 45)))];
        let pred = [p((0, 40), Some((20, 25)))];
        let gr: Vec<_> = gold.iter().collect();
        let pr: Vec<_> = pred.iter().collect();
        let (c, missed, spurious) = score(&gr, &pr, false);
        assert_eq!((c.matched, c.gold_hit, c.predicted_hit), (1, 2, 1));
        assert_eq!(missed, vec![1]); // equal overlaps: the earlier gold item is kept
        assert!(spurious.is_empty());
        assert_eq!(c.any_overlap().recall, 1.0);
        assert_eq!(c.one_to_one().recall, 0.5);
        // With the source condition only the first gold item qualifies.
        let (c, _, _) = score(&gr, &pr, true);
        assert_eq!((c.matched, c.gold_hit), (1, 1));
    }

    #[test]
    fn sourceless_gold_needs_sourceless_prediction() {
        let gold = [g((0, 10), None)];
        let with = [p((0, 10), Some((12, 14)))];
        let without = [p((0, 10), None)];
        let gr: Vec<_> = gold.iter().collect();
        assert_eq!(score(&gr, &with.iter().collect::<Vec<_>>(), true).0.matched, 0);
        assert_eq!(score(&gr, &without.iter().collect::<Vec<_>>(), true).0.matched, 1);
    }
}
