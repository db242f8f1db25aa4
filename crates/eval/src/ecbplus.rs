//! Story clustering on ECB+: BCubed and pairwise P/R/F1 against the gold `event_cluster`.
//!
//! Every document of every topic is clustered together, as a real corpus would be. Each topic
//! holds two events of the same kind (two earthquakes, two arrests), so the score rewards
//! separating near-identical stories, not just topics.
//!
//! Honest tuning: the topics are split into two halves (odd and even topic numbers). Parameters
//! are tuned on one half and scored on the other, both ways; the held-out figures predict unseen
//! topics. The shipped defaults ([`storyline_link::LinkParams::default`]) are scored on all topics.
//!
//! Documents are built as [`Article`]s with an identity clean text and no publication date (ECB+
//! gives none; some texts carry one in their first lines), and run through the
//! [`Annotator`], so the evaluation improves as the annotation layers do.

pub mod scale;

use crate::{EvalError, EvalOptions, Prf};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use storyline_annotate::{Annotator, Doc};
use storyline_core::{Article, CleanText, Published, SourceFormat, content_id};
use storyline_link::features::shared;
use storyline_link::similarity::{FEATURES, pair_features};
use storyline_link::{DfTable, Features, LinkParams, Linker};

/// One ECB+ document with its gold labels.
#[derive(Clone, Debug)]
pub struct GoldDoc {
    pub file: String,
    pub topic: String,
    pub cluster: String,
}

/// Scores of one clustering against the gold clusters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct ClusterScores {
    pub bcubed: Prf,
    pub pairwise: Prf,
    pub docs: usize,
    pub gold_clusters: usize,
    pub predicted_clusters: usize,
}

/// BCubed and pairwise scores of `predicted` labels against `gold` labels (same length).
pub fn score_clustering(predicted: &[String], gold: &[String]) -> ClusterScores {
    let n = predicted.len().min(gold.len());
    let mut pred_size: HashMap<&str, usize> = HashMap::new();
    let mut gold_size: HashMap<&str, usize> = HashMap::new();
    let mut both: HashMap<(&str, &str), usize> = HashMap::new();
    for k in 0..n {
        *pred_size.entry(&predicted[k]).or_default() += 1;
        *gold_size.entry(&gold[k]).or_default() += 1;
        *both.entry((&predicted[k], &gold[k])).or_default() += 1;
    }
    let (mut p, mut r) = (0.0, 0.0);
    for k in 0..n {
        let common = both[&(predicted[k].as_str(), gold[k].as_str())] as f64;
        p += common / pred_size[predicted[k].as_str()] as f64;
        r += common / gold_size[gold[k].as_str()] as f64;
    }
    let bcubed = if n == 0 { Prf::default() } else { Prf::from_pr(p / n as f64, r / n as f64) };
    let pairs = |m: usize| (m * m.saturating_sub(1) / 2) as f64;
    let tp: f64 = both.values().map(|&m| pairs(m)).sum();
    let pred_pairs: f64 = pred_size.values().map(|&m| pairs(m)).sum();
    let gold_pairs: f64 = gold_size.values().map(|&m| pairs(m)).sum();
    let pairwise = Prf::from_counts(tp, pred_pairs - tp, gold_pairs - tp);
    ClusterScores { bcubed, pairwise, docs: n, gold_clusters: gold_size.len(), predicted_clusters: pred_size.len() }
}

/// Read `clusters.tsv` and the texts, sorted by file name.
pub fn load(data: &Path, limit: Option<usize>) -> Result<Vec<(GoldDoc, String)>, EvalError> {
    let tsv_path = data.join("clusters.tsv");
    let tsv = std::fs::read_to_string(&tsv_path).map_err(EvalError::io(&tsv_path))?;
    let mut docs = Vec::new();
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [file, topic, cluster] = cols[..] else {
            return Err(EvalError::Data { path: tsv_path.clone(), reason: format!("bad line {line:?}") });
        };
        let path = data.join("text").join(file);
        let text = std::fs::read_to_string(&path).map_err(EvalError::io(&path))?;
        docs.push((GoldDoc { file: file.into(), topic: topic.into(), cluster: cluster.into() }, text));
    }
    docs.sort_by(|a, b| a.0.file.cmp(&b.0.file));
    if let Some(l) = limit {
        docs.truncate(l);
    }
    Ok(docs)
}

/// An [`Article`] for a plain text with no metadata, as a text-file reader would make it.
pub fn article_from_text(source: &str, text: String) -> Article {
    Article {
        id: content_id(text.as_bytes()),
        source: source.to_string(),
        format: SourceFormat::Text,
        body: CleanText::identity(&text),
        text,
        title: None,
        title_span: None,
        outlet: None,
        url: None,
        language: None,
        published: Published::unknown(),
        dateline: None,
        warnings: Vec::new(),
    }
}

/// Annotate articles on all cores (no extra dependency: scoped threads over chunks).
pub fn annotate_all(annotator: &Annotator, articles: Vec<Article>) -> Vec<Doc> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).max(1);
    let chunk = articles.len().div_ceil(threads).max(1);
    let mut chunks: Vec<Vec<Article>> = Vec::new();
    let mut it = articles.into_iter().peekable();
    while it.peek().is_some() {
        chunks.push(it.by_ref().take(chunk).collect());
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|c| s.spawn(move || c.into_iter().map(|a| annotator.annotate(a)).collect::<Vec<_>>()))
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    })
}

/// The prepared evaluation set: features and gold labels, aligned.
struct Prepared {
    gold: Vec<GoldDoc>,
    feats: Vec<Features>,
}

impl Prepared {
    fn subset(&self, keep: impl Fn(&GoldDoc) -> bool) -> Prepared {
        let (gold, feats) =
            self.gold.iter().zip(&self.feats).filter(|(g, _)| keep(g)).map(|(g, f)| (g.clone(), f.clone())).unzip();
        Prepared { gold, feats }
    }

    /// Predicted story labels, aligned with `gold`.
    fn cluster(&self, params: &LinkParams) -> Vec<String> {
        let linker = Linker::batch(*params, self.feats.clone());
        self.feats.iter().map(|f| linker.story_id(&f.id).unwrap_or_else(|| f.id.clone())).collect()
    }

    fn score(&self, params: &LinkParams) -> ClusterScores {
        let gold: Vec<String> = self.gold.iter().map(|g| g.cluster.clone()).collect();
        score_clustering(&self.cluster(params), &gold)
    }
}

/// Candidate pairs of a set (those sharing two blocking keys, as the linker compares) with their
/// features and whether they are in one gold cluster.
fn labelled_pairs(set: &Prepared) -> Vec<([f32; FEATURES.len()], bool)> {
    let mut out = Vec::new();
    for i in 0..set.feats.len() {
        for j in i + 1..set.feats.len() {
            let (a, b) = (&set.feats[i], &set.feats[j]);
            if shared(&a.keys, &b.keys) >= 2 {
                out.push((pair_features(a, b), set.gold[i].cluster == set.gold[j].cluster));
            }
        }
    }
    out
}

/// Logistic regression by full-batch gradient descent (small L2), deterministic.
pub fn fit_logistic(pairs: &[([f32; FEATURES.len()], bool)]) -> ([f32; FEATURES.len()], f32) {
    let mut w = [0f64; FEATURES.len()];
    let mut b = 0f64;
    let n = pairs.len().max(1) as f64;
    let (rate, l2) = (0.5, 1e-3);
    for _ in 0..3000 {
        let mut gw = [0f64; FEATURES.len()];
        let mut gb = 0f64;
        for (x, y) in pairs {
            let z = b + x.iter().zip(&w).map(|(x, w)| f64::from(*x) * w).sum::<f64>();
            let err = 1.0 / (1.0 + (-z).exp()) - f64::from(u8::from(*y));
            for k in 0..FEATURES.len() {
                gw[k] += err * f64::from(x[k]);
            }
            gb += err;
        }
        for k in 0..FEATURES.len() {
            w[k] -= rate * (gw[k] / n + l2 * w[k]);
        }
        b -= rate * gb / n;
    }
    (w.map(|v| v as f32), b as f32)
}

/// Merge thresholds and cohesion ratios tried when tuning.
const MERGE_THRESHOLDS: [f32; 13] = [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8];
const COHESION_RATIOS: [f32; 6] = [0.0, 0.4, 0.5, 0.6, 0.7, 0.8];
/// Attach ratios tried when tuning (see `StoryParams::attach_ratio`).
const ATTACH_RATIOS: [f32; 4] = [0.0, 0.2, 0.4, 0.6];

/// Fit the pair weights on `set`, then pick the merge threshold, cohesion ratio and attach ratio
/// with the best BCubed F1 on it.
fn tune(set: &Prepared) -> (LinkParams, ClusterScores) {
    let (weights, bias) = fit_logistic(&labelled_pairs(set));
    let mut best: Option<(LinkParams, ClusterScores)> = None;
    for attach in ATTACH_RATIOS {
        for ratio in COHESION_RATIOS {
            for merge in MERGE_THRESHOLDS {
                let mut p = LinkParams::default();
                p.story.weights = weights;
                p.story.bias = bias;
                p.story.merge_threshold = merge;
                p.story.cohesion_ratio = ratio;
                p.story.attach_ratio = attach;
                let s = set.score(&p);
                if best.as_ref().is_none_or(|(_, b)| s.bcubed.f1 > b.bcubed.f1 + 1e-9) {
                    best = Some((p, s));
                }
            }
        }
    }
    best.unwrap_or_else(|| (LinkParams::default(), ClusterScores::default()))
}

#[derive(Serialize)]
struct HalfResult {
    tuned_on: String,
    params: String,
    tuned_on_scores: ClusterScores,
    held_out_scores: ClusterScores,
}

#[derive(Serialize)]
struct Output {
    all_topics_default_params: ClusterScores,
    all_topics_fitted_params: String,
    all_topics_fitted_scores: ClusterScores,
    halves: Vec<HalfResult>,
    held_out_mean_bcubed_f1: f64,
    held_out_mean_pairwise_f1: f64,
    online: OnlineCheck,
}

/// Adding the articles one at a time (each arrival clustered by replaying the previous
/// clustering) against the batch, with the default parameters: how many articles end in a
/// different story.
#[derive(Debug, Serialize)]
struct OnlineCheck {
    /// Arrivals in canonical order: must be 0.
    canonical_order_differences: usize,
    /// Arrivals in a shuffled order: 0 unless some article has more than
    /// `MAX_CANDIDATES` candidates (then its comparisons may depend on the order).
    shuffled_order_differences: usize,
}

fn online_check(set: &Prepared, params: &LinkParams) -> OnlineCheck {
    let batch = Linker::batch(*params, set.feats.clone());
    let differences = |order: &[usize]| {
        let mut online = Linker::new(*params);
        for &k in order {
            online.add(set.feats[k].clone());
        }
        set.feats.iter().filter(|f| online.story_id(&f.id) != batch.story_id(&f.id)).count()
    };
    let mut canonical: Vec<usize> = (0..set.feats.len()).collect();
    canonical.sort_by(|&a, &b| {
        let (fa, fb) = (&set.feats[a], &set.feats[b]);
        (fa.day.unwrap_or(i32::MAX), &fa.id).cmp(&(fb.day.unwrap_or(i32::MAX), &fb.id))
    });
    let mut shuffled = canonical.clone();
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    for i in (1..shuffled.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        shuffled.swap(i, (seed % (i as u64 + 1)) as usize);
    }
    OnlineCheck {
        canonical_order_differences: differences(&canonical),
        shuffled_order_differences: differences(&shuffled),
    }
}

fn describe(p: &LinkParams) -> String {
    let s = &p.story;
    let w: Vec<String> = FEATURES.iter().zip(&s.weights).map(|(n, w)| format!("{n} {w:.2}")).collect();
    format!(
        "{}, bias {:.2}, merge {:.2}, cohesion_ratio {:.2}, attach_ratio {:.2}, edge {:.2}",
        w.join(", "),
        s.bias,
        s.merge_threshold,
        s.cohesion_ratio,
        s.attach_ratio,
        s.edge_threshold
    )
}

fn fmt_scores(s: &ClusterScores) -> String {
    format!(
        "BCubed P {:.3} R {:.3} F1 {:.3} | pairwise P {:.3} R {:.3} F1 {:.3} | {} docs, {} gold / {} predicted clusters",
        s.bcubed.precision,
        s.bcubed.recall,
        s.bcubed.f1,
        s.pairwise.precision,
        s.pairwise.recall,
        s.pairwise.f1,
        s.docs,
        s.gold_clusters,
        s.predicted_clusters
    )
}

/// `storyline eval ecbplus`.
pub fn run(opts: &EvalOptions, out: &mut dyn std::io::Write) -> Result<(), EvalError> {
    let io = |e: std::io::Error| EvalError::Other(format!("write: {e}"));
    let loaded = load(&opts.data, opts.limit)?;
    let annotator = Annotator::new();
    let mut seen = std::collections::HashSet::new();
    let mut gold = Vec::new();
    let mut articles = Vec::new();
    for (g, text) in loaded {
        let mut a = article_from_text(&g.file, text);
        if !seen.insert(a.id.clone()) {
            // Same text under two names: keep both as distinct documents, as the gold does.
            a.id = content_id(g.file.as_bytes());
            seen.insert(a.id.clone());
        }
        gold.push(g);
        articles.push(a);
    }
    let docs = annotate_all(&annotator, articles);
    let df = DfTable::shipped();
    let feats: Vec<Features> = docs.iter().map(|d| Features::from_doc(d, df)).collect();
    let all = Prepared { gold, feats };

    let defaults = LinkParams::default();
    let all_scores = all.score(&defaults);
    let odd = |g: &GoldDoc| g.topic.parse::<u32>().is_ok_and(|t| t % 2 == 1);
    let halves = [("odd topics", all.subset(odd)), ("even topics", all.subset(|g| !odd(g)))];
    let mut results = Vec::new();
    for k in 0..2 {
        let (name, tune_set) = (&halves[k].0, &halves[k].1);
        let held = &halves[1 - k].1;
        let (p, tuned_scores) = tune(tune_set);
        results.push(HalfResult {
            tuned_on: name.to_string(),
            params: describe(&p),
            tuned_on_scores: tuned_scores,
            held_out_scores: held.score(&p),
        });
    }
    let fitted_all = tune(&all);
    let mean = |f: &dyn Fn(&ClusterScores) -> f64| results.iter().map(|r| f(&r.held_out_scores)).sum::<f64>() / 2.0;
    let output = Output {
        all_topics_default_params: all_scores,
        all_topics_fitted_params: describe(&fitted_all.0),
        all_topics_fitted_scores: fitted_all.1,
        held_out_mean_bcubed_f1: mean(&|s| s.bcubed.f1),
        held_out_mean_pairwise_f1: mean(&|s| s.pairwise.f1),
        halves: results,
        online: online_check(&all, &defaults),
    };
    if opts.json {
        let s = serde_json::to_string_pretty(&output).map_err(|e| EvalError::Other(e.to_string()))?;
        writeln!(out, "{s}").map_err(io)?;
    } else {
        writeln!(out, "ECB+ story clustering ({} documents, all topics clustered together)", all.gold.len())
            .map_err(io)?;
        writeln!(out, "default params [{}]", describe(&defaults)).map_err(io)?;
        writeln!(out, "  all topics:  {}", fmt_scores(&output.all_topics_default_params)).map_err(io)?;
        writeln!(out, "fitted on all topics [{}]", output.all_topics_fitted_params).map_err(io)?;
        writeln!(out, "  all topics:  {}", fmt_scores(&output.all_topics_fitted_scores)).map_err(io)?;
        for r in &output.halves {
            writeln!(out, "tuned on {} [{}]", r.tuned_on, r.params).map_err(io)?;
            writeln!(out, "  tuned-on:    {}", fmt_scores(&r.tuned_on_scores)).map_err(io)?;
            writeln!(out, "  held-out:    {}", fmt_scores(&r.held_out_scores)).map_err(io)?;
        }
        writeln!(
            out,
            "held-out mean: BCubed F1 {:.3}, pairwise F1 {:.3}",
            output.held_out_mean_bcubed_f1, output.held_out_mean_pairwise_f1
        )
        .map_err(io)?;
        writeln!(
            out,
            "online (one article at a time) vs batch, default params: {} articles differ in canonical order, {} in a shuffled order",
            output.online.canonical_order_differences, output.online.shuffled_order_differences
        )
        .map_err(io)?;
    }
    if opts.verbose {
        write_confusions(&all, &defaults, out).map_err(io)?;
    }
    Ok(())
}

/// Per topic: each predicted story with how many documents of each gold cluster it holds.
fn write_confusions(set: &Prepared, params: &LinkParams, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let pred = set.cluster(params);
    let mut by_topic: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (k, g) in set.gold.iter().enumerate() {
        by_topic.entry(g.topic.parse().unwrap_or(u32::MAX)).or_default().push(k);
    }
    let mut story_size: HashMap<&str, usize> = HashMap::new();
    for p in &pred {
        *story_size.entry(p).or_default() += 1;
    }
    writeln!(out, "\nper topic (default params): predicted story -> gold clusters (story size overall)")?;
    for (topic, ks) in by_topic {
        let golds: Vec<String> = ks.iter().map(|&k| set.gold[k].cluster.clone()).collect();
        let preds: Vec<String> = ks.iter().map(|&k| pred[k].clone()).collect();
        let s = score_clustering(&preds, &golds);
        writeln!(out, "topic {topic}: BCubed F1 within topic {:.3}", s.bcubed.f1)?;
        let mut stories: BTreeMap<&str, BTreeMap<&str, Vec<&str>>> = BTreeMap::new();
        for &k in &ks {
            stories.entry(&pred[k]).or_default().entry(&set.gold[k].cluster).or_default().push(&set.gold[k].file);
        }
        for (story, golds) in stories {
            let parts: Vec<String> = golds
                .iter()
                .map(|(g, files)| {
                    if files.len() <= 3 {
                        format!("{g}: {} ({})", files.len(), files.join(", "))
                    } else {
                        format!("{g}: {}", files.len())
                    }
                })
                .collect();
            writeln!(out, "  {story} [{}]: {}", story_size.get(story).copied().unwrap_or(0), parts.join("; "))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn perfect_clustering_scores_one() {
        let sc = score_clustering(&s(&["a", "a", "b"]), &s(&["x", "x", "y"]));
        assert!((sc.bcubed.f1 - 1.0).abs() < 1e-9 && (sc.pairwise.f1 - 1.0).abs() < 1e-9);
    }

    #[test]
    fn bcubed_of_one_big_cluster() {
        // Gold {0,1},{2,3}; predicted all together: P = 0.5, R = 1.
        let sc = score_clustering(&s(&["a", "a", "a", "a"]), &s(&["x", "x", "y", "y"]));
        assert!((sc.bcubed.precision - 0.5).abs() < 1e-9 && (sc.bcubed.recall - 1.0).abs() < 1e-9);
        // Pairwise: 2 true pairs out of 6 predicted.
        assert!((sc.pairwise.precision - 2.0 / 6.0).abs() < 1e-9 && (sc.pairwise.recall - 1.0).abs() < 1e-9);
    }

    #[test]
    fn singletons_have_zero_pairwise_recall() {
        let sc = score_clustering(&s(&["a", "b"]), &s(&["x", "x"]));
        assert_eq!(sc.pairwise.recall, 0.0);
        assert!((sc.bcubed.precision - 1.0).abs() < 1e-9 && (sc.bcubed.recall - 0.5).abs() < 1e-9);
    }
}
