//! How strongly two articles belong to one story, from their [`Features`] alone.
//!
//! The score is a pure function of the two articles (and fixed parameters): that is the property
//! the order-independent, incremental clustering rests on. It adds up what the two share — words
//! weighted by rarity, names, numbers, quoted words, full dates — and subtracts what separates
//! them: publication days far apart, mentioned dates or years that never meet. The separating
//! evidence matters most: two earthquakes in the same week share almost every word; they differ
//! in places, people, numbers and dates.

use crate::features::{Features, dot, shared};

/// Names of the pairwise features, in the order of [`pair_features`] and [`StoryParams::weights`].
pub const FEATURES: [&str; 9] = [
    "terms_cosine",
    "lead_cosine",
    "names_cosine",
    "salient_missing",
    "shared_numbers",
    "years_disjoint",
    "years_shared",
    "full_date_shared",
    "quotes_shared",
];

/// The weights and thresholds of story linking.
///
/// The score of a pair is a logistic model over [`pair_features`] (weights fitted by
/// `storyline eval ecbplus`, which also reports how well weights fitted on half of the topics do
/// on the other half), minus time evidence that ECB+ cannot teach (it has no publication dates):
/// publication days far apart and mentioned dates that never meet lower the log-odds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StoryParams {
    /// Logistic weights of [`FEATURES`].
    pub weights: [f32; FEATURES.len()],
    pub bias: f32,
    /// Log-odds lost when both mention full dates and none are within `date_slack_days`.
    pub date_conflict: f32,
    /// Mentioned dates this close count as the same.
    pub date_slack_days: i32,
    /// Publication days this close cost nothing.
    pub grace_days: f32,
    /// Beyond the grace, each `decay_days` of publication gap costs one unit of log-odds.
    pub decay_days: f32,
    /// Pairs further apart than this in publication days are never compared; articles sharing
    /// names are looked up this far apart.
    pub window_days: i32,
    /// Articles sharing only content terms (no names) are looked up this far apart.
    pub term_window_days: i32,
    /// Pairs scoring below this (a probability) get no edge.
    pub edge_threshold: f32,
    /// Average-linkage merge threshold: clusters merge while their average pair score (a
    /// probability; a pair without an edge counts 0) is above it.
    pub merge_threshold: f32,
    /// Clusters merge only when their average is also at least this share of the looser
    /// cluster's own average (see [`crate::cluster::average_linkage`]).
    pub cohesion_ratio: f32,
    /// After merging, an article left on its own joins the cluster it has an edge of at least
    /// the merge threshold into, when its average score over that cluster's articles is at least
    /// this share of the merge threshold (0: never). Average linkage leaves out an article that
    /// reports one corner of a large story; this brings it back without loosening the merges.
    pub attach_ratio: f32,
}

impl Default for StoryParams {
    fn default() -> Self {
        StoryParams {
            weights: [1.83, 2.46, 4.15, -1.01, 0.88, -1.18, 1.31, 1.34, 0.94],
            bias: -2.64,
            date_conflict: 1.0,
            date_slack_days: 3,
            grace_days: 7.0,
            decay_days: 120.0,
            window_days: 400,
            term_window_days: 45,
            edge_threshold: 0.1,
            merge_threshold: 0.5,
            cohesion_ratio: 0.0,
            attach_ratio: 0.2,
        }
    }
}

/// The pairwise features of two articles, in the order of [`FEATURES`]. Symmetric.
pub fn pair_features(a: &Features, b: &Features) -> [f32; FEATURES.len()] {
    let salient = a.salient.len() + b.salient.len();
    let missing = missing_from(&a.salient, &b.names) + missing_from(&b.salient, &a.names);
    let both_years = !a.years.is_empty() && !b.years.is_empty();
    let shared_years = shared(&a.years, &b.years);
    [
        dot(&a.terms, &b.terms),
        dot(&a.lead, &b.lead),
        dot(&a.names, &b.names),
        if salient > 0 { missing as f32 / salient as f32 } else { 0.0 },
        shared(&a.numbers, &b.numbers).min(5) as f32 / 5.0,
        f32::from(u8::from(both_years && shared_years == 0)),
        f32::from(u8::from(shared_years > 0)),
        f32::from(u8::from(shared(&a.dates, &b.dates) > 0)),
        shared(&a.quotes, &b.quotes).min(3) as f32 / 3.0,
    ]
}

/// The story-linking score of two articles: the probability-like belief that they tell one
/// story. Symmetric; depends on the two articles only.
pub fn score(a: &Features, b: &Features, p: &StoryParams) -> f32 {
    let x = pair_features(a, b);
    let mut logit = p.bias + x.iter().zip(&p.weights).map(|(x, w)| x * w).sum::<f32>();
    if !a.dates.is_empty() && !b.dates.is_empty() && !dates_meet(&a.dates, &b.dates, p.date_slack_days) {
        logit -= p.date_conflict;
    }
    if let (Some(da), Some(db)) = (a.day, b.day) {
        let gap = (da - db).unsigned_abs() as f32;
        if gap > p.grace_days {
            logit -= (gap - p.grace_days) / p.decay_days.max(1.0);
        }
    }
    1.0 / (1.0 + (-logit).exp())
}

/// How many of `keys` (sorted) are not keys of `v` (sorted by key).
fn missing_from(keys: &[u32], v: &[(u32, f32)]) -> usize {
    keys.iter().filter(|k| v.binary_search_by_key(*k, |(x, _)| *x).is_err()).count()
}

/// Whether two sorted day lists hold a pair within `slack` days.
fn dates_meet(a: &[i32], b: &[i32], slack: i32) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if (a[i] - b[j]).abs() <= slack {
            return true;
        }
        if a[i] < b[j] {
            i += 1;
        } else {
            j += 1;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_meet_within_slack() {
        assert!(dates_meet(&[10, 50], &[52], 3));
        assert!(!dates_meet(&[10, 50], &[54, 100], 3));
        assert!(!dates_meet(&[], &[1], 3));
    }
}
