//! The online linker: articles arrive one at a time (or all at once) and are linked into
//! near-duplicate pairs and stories.
//!
//! How it stays incremental *and* order-independent:
//!
//! 1. **Pure pairwise decisions.** Whether two articles are compared (they share two blocking
//!    keys within the time window, or an LSH bucket, or two indexed fingerprints), their score, and
//!    whether they are near-duplicates depend on the two articles alone
//!    ([`crate::similarity::score`], [`crate::dedup::verify`]). So the graph of edges is the same
//!    whatever order the articles came in: an arriving article only adds its own edges.
//! 2. **Local re-clustering.** Stories are average-linkage clusters ([`crate::cluster`]) of each
//!    *strong component*: the articles connected by edges scoring at least the merge threshold,
//!    with every edge among them (weak ones count in the averages), clustered with nodes in
//!    canonical order (publication day, then id). That equals clustering the whole connected
//!    component: two clusters merge only when their average pair score reaches the threshold, so
//!    (with one edge per pair) some edge between them does, and clusters joined only by weaker
//!    edges never merge; a lone article is attached afterwards only along such an edge too.
//!    Strong components are smaller than connected components, by how much depends on the corpus
//!    (docs/SCALE.md). An arrival re-clusters only the strong component it touches, and by
//!    replaying the component's recorded merges ([`crate::replay`]), so its cost follows what it
//!    disturbs rather than the component's size; two components it bridges may merge into one
//!    story, and a story can split when the new evidence redraws it.
//! 3. **Stable ids.** A story's id derives from its founding article: the earliest in canonical
//!    order. Later articles never change it; it changes only when an earlier article arrives late
//!    or a split moves the founder away.
//!
//! Batch linking ([`crate::link`]) builds the same graph in parallel and clusters every component
//! once; it equals adding the articles one by one in any order.
//!
//! Blocking keeps the cost per article flat: postings are bucketed by month, and a dated article
//! scans only the buckets within the time window (short for content terms, long for names). Of
//! the articles sharing two keys, only the [`MAX_CANDIDATES`] sharing the most (then nearest in
//! time) are scored, and a key or fingerprint shared by more than [`MAX_POSTINGS`] articles in the
//! window is skipped as uninformative.
//!
//! Those two caps are the only rules under which a pair's comparison depends on other articles.
//! The batch applies them the way a stream ordered by publication would: each article looks back
//! at its predecessors in canonical order. So online linking equals the batch exactly when
//! articles arrive in canonical order, or in any order as long as no article has more than
//! [`MAX_CANDIDATES`] candidates (true of everything but dense topics in large corpora); beyond
//! that, an out-of-order arrival may be compared with a few different neighbours.

use crate::cluster::{Linkage, Merge, cluster};
use crate::dedup::{DedupParams, Overlap, overlap, verify};
use crate::fasthash::KeyMap;
use crate::features::Features;
use crate::replay::{Graph, Previous, recluster};
use crate::similarity::{StoryParams, score};
use std::collections::HashMap;

// Changing any constant below changes what the same features link to: bump [`LINK_VERSION`].

/// Width of a posting bucket in days.
const BUCKET_DAYS: i32 = 32;
/// Bucket of undated articles.
const UNDATED: i32 = i32::MAX;
/// A blocking key or fingerprint with more postings than this in the scanned window is skipped.
pub const MAX_POSTINGS: usize = 5000;
/// Candidates share at least this many blocking keys.
const MIN_SHARED_KEYS: u16 = 2;
/// An article is compared with at most this many story candidates: those sharing the most keys,
/// then nearest in time. This is what keeps the cost per article flat in a dense topic (a
/// thousand articles on one oil spill in one month).
pub const MAX_CANDIDATES: usize = 32;
/// Name keys live in their own index space.
const NAME_KEY_SALT: u64 = 0x6e61_6d65_6b65_7973;
/// Near-duplicate candidates share at least this many *indexed* fingerprints (or an LSH bucket).
const MIN_SHARED_FP: u16 = 2;
/// Only one stored fingerprint in this many is indexed (about one shingle in 32): enough to find
/// a shared paragraph, a quarter of the index memory. Verification uses all stored fingerprints.
const FP_INDEX_MOD: u32 = 4;

/// Parameters of linking.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LinkParams {
    pub story: StoryParams,
    pub dedup: DedupParams,
}

/// A near-duplicate edge as the linker keeps it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DupEdge {
    pub other: u32,
    pub overlap: Overlap,
}

/// A compared pair: the two articles, the story edge weight, the near-duplicate overlap if any.
type JudgedPair = (u32, u32, f32, Option<Overlap>);

/// Online story and near-duplicate linking. Articles are numbered in arrival order.
#[derive(Debug, Default)]
pub struct Linker {
    params: LinkParams,
    feats: Vec<Features>,
    by_id: HashMap<String, u32>,
    /// Blocking key → `(bucket, article)` postings, sorted (flat: a tree per key costs more
    /// memory than the postings themselves, most keys being rare). Sorted by bucket, the postings
    /// of a time window are two runs found by binary search (the window and the undated tail),
    /// not a scan of the whole list: a common name's list holds thousands of articles at 100,000,
    /// and scanning it for each article made linking grow faster than the corpus.
    keys: KeyMap<u64, Vec<(i32, u32)>>,
    /// LSH bucket → articles.
    lsh: KeyMap<u64, Vec<u32>>,
    /// Fingerprint → articles.
    fps: KeyMap<u32, Vec<u32>>,
    /// Story edges (score ≥ edge threshold, or near-duplicates), both directions.
    edges: Vec<Vec<(u32, f32)>>,
    dups: Vec<Vec<DupEdge>>,
    /// Union-find over strong story edges (score ≥ the merge threshold): the strong components,
    /// the units of clustering (see the module docs).
    parent: Vec<u32>,
    /// Members of each component, at its root.
    members: Vec<Vec<u32>>,
    /// Per article: its story's founding article (valid once its component is clustered).
    founder: Vec<u32>,
    /// At each component root: the merges of the clustering runs over its parts (one run once
    /// it is clustered; several after arrivals bridged components), so that an arrival can be
    /// clustered by replaying them ([`crate::replay`]).
    runs: Vec<Vec<Vec<Merge>>>,
    /// At each component root: its lone articles attached to a story, `(article, cluster)`.
    attached: Vec<Vec<(u32, u32)>>,
}

/// The version of the linking itself. Bump it with any change that makes the same features link
/// differently (scores, thresholds, candidates, clustering): a saved [`LinkGraph`] records it,
/// and one of another version is not restored.
pub const LINK_VERSION: u32 = 1;

/// A linker's graph and clustering record: everything but the articles' features and the
/// indexes derived from them. Linking 100,000 articles afresh takes tens of seconds; a process
/// that saved this beside the features restores the linker from the two in about the time it
/// takes to read them ([`Linker::graph`], [`Linker::restore`]). Per article, in arrival order;
/// `members`, `runs` and `attached` are empty except at a strong component's root.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LinkGraph {
    pub edges: Vec<Vec<(u32, f32)>>,
    pub dups: Vec<Vec<DupEdge>>,
    pub parent: Vec<u32>,
    pub members: Vec<Vec<u32>>,
    pub founder: Vec<u32>,
    pub runs: Vec<Vec<Vec<Merge>>>,
    pub attached: Vec<Vec<(u32, u32)>>,
}

/// Why a saved [`LinkGraph`] cannot belong to the features it was restored with.
#[derive(Debug, thiserror::Error)]
#[error("saved link graph does not fit its {articles} articles: {reason}")]
pub struct RestoreError {
    pub articles: usize,
    pub reason: String,
}

impl LinkGraph {
    /// Refuse a graph whose shape could make the linker index out of bounds or loop: every list
    /// has one entry per article, every article number is in range, and union-find parents point
    /// down (a union makes the lower root the parent, and path halving keeps that).
    fn check(&self, n: usize) -> Result<(), String> {
        let lens = [
            ("edges", self.edges.len()),
            ("dups", self.dups.len()),
            ("parent", self.parent.len()),
            ("members", self.members.len()),
            ("founder", self.founder.len()),
            ("runs", self.runs.len()),
            ("attached", self.attached.len()),
        ];
        if let Some((what, len)) = lens.iter().find(|(_, len)| *len != n) {
            return Err(format!("{len} entries in {what}"));
        }
        let ok = |j: u32| (j as usize) < n;
        // Weights are scores in [0, 1] (a copy's is 1), so the fixed-point sums of clustering
        // cannot overflow: at most 2^32 edges of 2^27 units each. A merge sums some of them.
        let edges: usize = self.edges.iter().map(Vec::len).sum();
        let max_between = (edges as i64).saturating_mul(crate::cluster::fixed(1.0));
        let weight_ok = |w: f32| (0.0..=1.0).contains(&w);
        for (i, &p) in self.parent.iter().enumerate() {
            if p as usize > i {
                return Err(format!("parent {p} of article {i} above it"));
            }
        }
        let in_range = self.edges.iter().flatten().all(|&(j, w)| ok(j) && weight_ok(w))
            && self.dups.iter().flatten().all(|d| ok(d.other))
            && self.members.iter().flatten().all(|&j| ok(j))
            && self.founder.iter().all(|&j| ok(j))
            && self
                .runs
                .iter()
                .flatten()
                .flatten()
                .all(|m| ok(m.a) && ok(m.b) && (0..=max_between).contains(&m.between))
            && self.attached.iter().flatten().all(|&(a, b)| ok(a) && ok(b));
        if !in_range {
            return Err("an article number, weight or merge sum out of range".into());
        }
        Ok(())
    }
}

/// An article's blocking keys as the index holds them (name keys in their own space).
fn all_keys(f: &Features) -> impl Iterator<Item = u64> + '_ {
    f.keys.iter().copied().chain(f.name_keys.iter().map(|k| k ^ NAME_KEY_SALT))
}

/// An article's posting bucket: its month-wide slice of time, or [`UNDATED`].
fn bucket_of(f: &Features) -> i32 {
    f.day.map_or(UNDATED, |d| d.div_euclid(BUCKET_DAYS))
}

/// The article's fingerprints that the fingerprint index holds.
fn indexed_fingerprints(f: &Features) -> impl Iterator<Item = u32> + '_ {
    f.sketch.fingerprints.iter().copied().filter(|fp| fp % FP_INDEX_MOD == 0)
}

/// The outcome of clustering one component: labels to set, and the record to keep.
struct Settled {
    root: u32,
    /// `(article, founder)` for every article whose founder may have changed.
    founders: Vec<(u32, u32)>,
    merges: Vec<Merge>,
    attached: Vec<(u32, u32)>,
}

/// An arrival is clustered by replay while the new articles are at most this fraction of their
/// component (replaying costs what the arrivals disturb; beyond that, clustering afresh is as
/// cheap and simpler) and it bridges at most [`MAX_REPLAYED_RUNS`] previous runs.
const REPLAY_FRESH_DIVISOR: usize = 4;
const MAX_REPLAYED_RUNS: usize = 64;

/// The linker's graph as the replay sees it.
struct View<'a>(&'a Linker);

impl<'a> Graph for View<'a> {
    type Key = (i32, &'a str);
    fn key(&self, node: u32) -> (i32, &'a str) {
        let lk: &'a Linker = self.0;
        lk.canon(node)
    }
    fn neighbours(&self, node: u32) -> &[(u32, f32)] {
        self.0.edges.get(node as usize).map_or(&[], Vec::as_slice)
    }
}

impl Linker {
    pub fn new(params: LinkParams) -> Linker {
        Linker { params, ..Linker::default() }
    }

    pub fn params(&self) -> &LinkParams {
        &self.params
    }

    pub fn len(&self) -> usize {
        self.feats.len()
    }

    pub fn is_empty(&self) -> bool {
        self.feats.is_empty()
    }

    pub fn features(&self, i: u32) -> Option<&Features> {
        self.feats.get(i as usize)
    }

    /// The index of the article with this id.
    pub fn index_of(&self, id: &str) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    /// Add one article: link it to what came before, re-cluster the story it lands in, and return
    /// its index. An id seen before is not added again (its first index is returned).
    pub fn add(&mut self, f: Features) -> u32 {
        if let Some(&i) = self.by_id.get(&f.id) {
            return i;
        }
        let i = self.insert(f);
        let (story_cands, dup_cands) = self.candidates(i, u32::MAX, u32::MAX);
        let mut pairs = Vec::new();
        for j in story_cands.into_iter().chain(dup_cands) {
            pairs.push((i, j));
        }
        pairs.sort_unstable();
        pairs.dedup();
        let scored: Vec<_> = pairs.iter().filter_map(|&(a, b)| self.judge(a, b).map(|r| (a, b, r))).collect();
        for (a, b, (w, dup)) in scored {
            self.connect(a, b, w, dup);
        }
        let root = self.find(i);
        let settled = self.settle(root, i);
        self.apply(settled);
        i
    }

    /// Add many articles, in this order: the same result as [`Linker::add`] on each in turn, at
    /// a fraction of the cost. Each arrival's edges depend only on the articles before it (the
    /// caps count only those), so they are found in parallel; and a component is re-clustered
    /// once at the end instead of at every arrival that touches it (clustering depends only on
    /// the final component, and re-clustering a large one per arrival made rebuilding a
    /// 100,000-article store's linker quadratic). Returns the indexes, in input order.
    pub fn extend(&mut self, feats: Vec<Features>) -> Vec<u32> {
        use rayon::prelude::*;
        let first = self.feats.len() as u32;
        let mut out = Vec::with_capacity(feats.len());
        for f in feats {
            match self.by_id.get(&f.id) {
                Some(&i) => out.push(i),
                None => out.push(self.push_unindexed(f)),
            }
        }
        self.index_from(first);
        let last = self.feats.len() as u32;
        let lk = &*self;
        let found: Vec<Vec<JudgedPair>> = (first..last)
            .into_par_iter()
            .map(|i| {
                let (s, d) = lk.candidates(i, i, i);
                let mut js: Vec<u32> = s.into_iter().chain(d).collect();
                js.sort_unstable();
                js.dedup();
                js.into_iter().filter_map(|j| lk.judge(i, j).map(|(w, o)| (i, j, w, o))).collect()
            })
            .collect();
        for (a, b, w, o) in found.into_iter().flatten() {
            self.connect(a, b, w, o);
        }
        let mut roots: Vec<u32> = (first..last).map(|i| self.find(i)).collect();
        roots.sort_unstable();
        roots.dedup();
        let lk = &*self;
        let settled: Vec<Settled> = roots.into_par_iter().map(|r| lk.settle(r, first)).collect();
        for s in settled {
            self.apply(s);
        }
        out
    }

    /// Put the article into the indexes; no linking yet.
    fn insert(&mut self, f: Features) -> u32 {
        let i = self.push_unindexed(f);
        self.index_from(i);
        i
    }

    /// Add the article to every per-article list, but not yet to the indexes
    /// ([`Linker::index_from`] does that for many at once).
    fn push_unindexed(&mut self, f: Features) -> u32 {
        let i = u32::try_from(self.feats.len()).unwrap_or(u32::MAX);
        self.by_id.insert(f.id.clone(), i);
        self.feats.push(f);
        self.edges.push(Vec::new());
        self.dups.push(Vec::new());
        self.parent.push(i);
        self.members.push(vec![i]);
        self.founder.push(i);
        self.runs.push(Vec::new());
        self.attached.push(Vec::new());
        i
    }

    /// Put articles `first..` into the three indexes, each index on its own thread: for a batch
    /// or a restore this is a good part of building the linker, and one thread did it all.
    /// Postings are appended in article order; a list that got one out of (bucket, article)
    /// order (an arrival older than the list's latest) is sorted afterwards, so every list ends
    /// in the order that [`Linker::candidates`] relies on, however the articles came.
    fn index_from(&mut self, first: u32) {
        let Linker { feats, keys, lsh, fps, .. } = self;
        let numbered = || feats.iter().enumerate().skip(first as usize).map(|(i, f)| (i as u32, f));
        rayon::scope(|s| {
            s.spawn(|_| {
                let mut unsorted = Vec::new();
                for (i, f) in numbered() {
                    let bucket = bucket_of(f);
                    for k in all_keys(f) {
                        let list = keys.entry(k).or_default();
                        if list.last().is_some_and(|&last| last > (bucket, i)) {
                            unsorted.push(k);
                        }
                        list.push((bucket, i));
                    }
                }
                unsorted.sort_unstable();
                unsorted.dedup();
                for k in unsorted {
                    if let Some(list) = keys.get_mut(&k) {
                        // Stable sort: it finds the sorted run of the earlier articles and
                        // merges only the appended tail into it.
                        list.sort();
                    }
                }
            });
            s.spawn(|_| {
                for (i, f) in numbered() {
                    for band in f.sketch.bands() {
                        lsh.entry(band).or_default().push(i);
                    }
                }
            });
            s.spawn(|_| {
                for (i, f) in numbered() {
                    for fp in indexed_fingerprints(f) {
                        fps.entry(fp).or_default().push(i);
                    }
                }
            });
        });
    }

    /// Articles to compare with `i`, among those numbered below `before`: for stories, the
    /// [`MAX_CANDIDATES`] sharing the most blocking keys (at least two; term keys within
    /// `term_window_days`, name keys within `window_days`), then nearest in time, then lowest id;
    /// for near-duplicates, those sharing an LSH bucket or two indexed fingerprints. Sorted, without `i`.
    ///
    /// The posting caps count only articles numbered up to `count_upto`: `u32::MAX` counts
    /// everything indexed; `i` counts what was indexed when `i` arrived, which is what makes
    /// [`Linker::extend`] equal to adding one by one.
    fn candidates(&self, i: u32, before: u32, count_upto: u32) -> (Vec<u32>, Vec<u32>) {
        let f = &self.feats[i as usize];
        let story_params = &self.params.story;
        let mut counts: KeyMap<u32, u16> = KeyMap::default();
        let term_keys = f.keys.iter().map(|&k| (k, story_params.term_window_days));
        let name_keys = f.name_keys.iter().map(|&k| (k ^ NAME_KEY_SALT, story_params.window_days));
        for (k, window) in term_keys.chain(name_keys) {
            let Some(postings) = self.keys.get(&k) else { continue };
            let (lo, hi) = match f.day {
                Some(d) => ((d - window).div_euclid(BUCKET_DAYS), (d + window).div_euclid(BUCKET_DAYS)),
                None => (i32::MIN, i32::MAX),
            };
            // The postings in the window's buckets, then the undated ones (the last bucket).
            let start = postings.partition_point(|&(b, _)| b < lo);
            // (A negative window, which no caller sets, is empty rather than a reversed range.)
            let end = postings.partition_point(|&(b, _)| b <= hi).max(start);
            let undated = postings.partition_point(|&(b, _)| b < UNDATED).max(end);
            let in_window = || postings[start..end].iter().chain(&postings[undated..]);
            if in_window().filter(|&&(_, j)| j <= count_upto).nth(MAX_POSTINGS).is_some() {
                continue;
            }
            for &(_, j) in in_window() {
                if j != i && j < before && self.within(i, j, window) {
                    *counts.entry(j).or_insert(0) += 1;
                }
            }
        }
        let day = f.day;
        let gap = |j: u32| match (day, self.feats[j as usize].day) {
            (Some(a), Some(b)) => (a - b).unsigned_abs(),
            _ => u32::MAX,
        };
        let mut story: Vec<(u16, u32, &str, u32)> = counts
            .into_iter()
            .filter(|&(_, n)| n >= MIN_SHARED_KEYS)
            .map(|(j, n)| (n, gap(j), self.feats[j as usize].id.as_str(), j))
            .collect();
        // The best MAX_CANDIDATES, in no order (they are sorted by index next): a selection, not
        // a sort of every article that shares two keys. Ids are distinct, so the order is total
        // and the selection is the same set a sort would keep.
        if story.len() > MAX_CANDIDATES {
            story.select_nth_unstable_by(MAX_CANDIDATES - 1, |a, b| {
                b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(b.2))
            });
            story.truncate(MAX_CANDIDATES);
        }
        let mut story: Vec<u32> = story.into_iter().map(|(_, _, _, j)| j).collect();
        story.sort_unstable();

        let mut dup: Vec<u32> = Vec::new();
        for band in f.sketch.bands() {
            if let Some(v) = self.lsh.get(&band)
                && v.partition_point(|&j| j <= count_upto) <= MAX_POSTINGS
            {
                dup.extend(v.iter().copied().filter(|&j| j != i && j < before));
            }
        }
        let mut fp_counts: KeyMap<u32, u16> = KeyMap::default();
        for fp in indexed_fingerprints(f) {
            if let Some(v) = self.fps.get(&fp)
                && v.partition_point(|&j| j <= count_upto) <= MAX_POSTINGS
            {
                for &j in v {
                    if j != i && j < before {
                        *fp_counts.entry(j).or_insert(0) += 1;
                    }
                }
            }
        }
        dup.extend(fp_counts.into_iter().filter(|&(_, n)| n >= MIN_SHARED_FP).map(|(j, _)| j));
        dup.sort_unstable();
        dup.dedup();
        (story, dup)
    }

    fn within(&self, i: u32, j: u32, window: i32) -> bool {
        match (self.feats[i as usize].day, self.feats[j as usize].day) {
            (Some(a), Some(b)) => (a - b).abs() <= window,
            _ => true,
        }
    }

    fn within_window(&self, i: u32, j: u32) -> bool {
        self.within(i, j, self.params.story.window_days)
    }

    /// The edge between two articles, if any: its story weight and whether they are
    /// near-duplicates. Pure: depends on the two articles only.
    fn judge(&self, a: u32, b: u32) -> Option<(f32, Option<Overlap>)> {
        let (fa, fb) = (&self.feats[a as usize], &self.feats[b as usize]);
        let o = overlap(&fa.sketch, &fb.sketch);
        let dup = verify(&o, &self.params.dedup).then_some(o);
        let mut w = if self.within_window(a, b) { score(fa, fb, &self.params.story) } else { 0.0 };
        if dup.is_some() {
            // A copy tells the same story as its original, whatever its length or date.
            w = w.max(1.0);
        }
        (w >= self.params.story.edge_threshold || dup.is_some()).then_some((w, dup))
    }

    fn connect(&mut self, a: u32, b: u32, w: f32, dup: Option<Overlap>) {
        let story = &self.params.story;
        if w >= story.edge_threshold {
            let strong = w >= story.merge_threshold;
            self.edges[a as usize].push((b, w));
            self.edges[b as usize].push((a, w));
            if strong {
                self.union(a, b);
            }
        }
        if let Some(o) = dup {
            self.dups[a as usize].push(DupEdge { other: b, overlap: o });
            self.dups[b as usize].push(DupEdge { other: a, overlap: o });
        }
    }

    fn find(&mut self, mut i: u32) -> u32 {
        while self.parent[i as usize] != i {
            let p = self.parent[i as usize];
            self.parent[i as usize] = self.parent[p as usize];
            i = p;
        }
        i
    }

    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            self.parent[hi as usize] = lo;
            let moved = std::mem::take(&mut self.members[hi as usize]);
            self.members[lo as usize].extend(moved);
            let runs = std::mem::take(&mut self.runs[hi as usize]);
            self.runs[lo as usize].extend(runs);
            let attached = std::mem::take(&mut self.attached[hi as usize]);
            self.attached[lo as usize].extend(attached);
        }
    }

    /// The canonical sort key of an article: publication day (undated last), then id.
    fn canon(&self, i: u32) -> (i32, &str) {
        let f = &self.feats[i as usize];
        (f.day.unwrap_or(i32::MAX), f.id.as_str())
    }

    fn linkage(&self) -> Linkage {
        let story = &self.params.story;
        Linkage {
            threshold: story.merge_threshold,
            cohesion_ratio: story.cohesion_ratio,
            attach: story.merge_threshold * story.attach_ratio,
        }
    }

    /// Cluster the strong component with this root (only it: the rest is unchanged), whose
    /// articles numbered from `first_new` on arrived since it was last clustered: by replaying
    /// its previous clustering when the arrivals are few ([`crate::replay`]), afresh otherwise.
    /// Both give the same result.
    fn settle(&self, root: u32, first_new: u32) -> Settled {
        let nodes = self.members.get(root as usize).cloned().unwrap_or_default();
        let runs = self.runs.get(root as usize).map_or(&[][..], Vec::as_slice);
        let fresh: Vec<u32> = nodes.iter().copied().filter(|&i| i >= first_new).collect();
        let replayable = fresh.len() < nodes.len()
            && fresh.len() * REPLAY_FRESH_DIVISOR <= nodes.len()
            && runs.len() <= MAX_REPLAYED_RUNS;
        if !replayable {
            return self.cluster_component(root, nodes);
        }
        let attached = self.attached.get(root as usize).map_or(&[][..], Vec::as_slice);
        let r = recluster(&View(self), self.feats.len(), &nodes, &fresh, Previous { runs, attached }, self.linkage());
        Settled { root, founders: r.labels, merges: r.merges, attached: r.attached }
    }

    fn apply(&mut self, s: Settled) {
        for (i, f) in s.founders {
            self.founder[i as usize] = f;
        }
        // A component without merges needs no record: replaying nothing is right for it.
        self.runs[s.root as usize] = if s.merges.is_empty() { Vec::new() } else { vec![s.merges] };
        self.attached[s.root as usize] = s.attached;
    }

    /// Average-linkage clustering of one strong component from scratch, over every edge among
    /// its articles.
    fn cluster_component(&self, root: u32, mut nodes: Vec<u32>) -> Settled {
        nodes.sort_by(|&a, &b| self.canon(a).cmp(&self.canon(b)));
        let local: KeyMap<u32, u32> = nodes.iter().enumerate().map(|(k, &i)| (i, k as u32)).collect();
        let mut edges = Vec::new();
        for &i in &nodes {
            for &(j, w) in &self.edges[i as usize] {
                if i < j
                    && let (Some(&a), Some(&b)) = (local.get(&i), local.get(&j))
                {
                    edges.push((a.min(b), a.max(b), w));
                }
            }
        }
        // Canonical edge order (sums are exact, so this is for reproducible runs, not results).
        edges.sort_by_key(|e| (e.0, e.1));
        let c = cluster(nodes.len(), &edges, self.linkage());
        let g = |l: u32| nodes[l as usize];
        Settled {
            root,
            founders: nodes.iter().zip(&c.labels).map(|(&i, &l)| (i, g(l))).collect(),
            merges: c.merges.iter().map(|m| Merge { a: g(m.a), b: g(m.b), between: m.between }).collect(),
            attached: c.attached.iter().map(|&(s, t)| (g(s), g(t))).collect(),
        }
    }

    /// How many articles share `i`'s strong component (what an arrival there re-clusters).
    pub fn component_len(&self, i: u32) -> usize {
        let mut r = i as usize;
        while let Some(&p) = self.parent.get(r) {
            if p as usize == r {
                break;
            }
            r = p as usize;
        }
        self.members.get(r).map_or(0, Vec::len)
    }

    /// The founding article of `i`'s story.
    pub fn founder_of(&self, i: u32) -> Option<u32> {
        self.founder.get(i as usize).copied()
    }

    /// Near-duplicates of `i`, sorted by the other article's index.
    pub fn near_duplicates_of(&self, i: u32) -> Vec<DupEdge> {
        let mut v = self.dups.get(i as usize).cloned().unwrap_or_default();
        v.sort_by_key(|d| d.other);
        v
    }

    /// The graph and clustering record, to save beside the features ([`Linker::restore`]).
    pub fn graph(&self) -> LinkGraph {
        LinkGraph {
            edges: self.edges.clone(),
            dups: self.dups.clone(),
            parent: self.parent.clone(),
            members: self.members.clone(),
            founder: self.founder.clone(),
            runs: self.runs.clone(),
            attached: self.attached.clone(),
        }
    }

    /// The linker whose [`Linker::graph`] this is, from the features of its articles in arrival
    /// order: it behaves exactly as the one saved (its indexes are rebuilt from the features, in
    /// the order and layout the original built them). It is up to the caller to pass the same
    /// features and parameters as the saved linker had; a graph that cannot belong to this many
    /// articles, or repeated ids, are refused.
    pub fn restore(params: LinkParams, feats: Vec<Features>, graph: LinkGraph) -> Result<Linker, RestoreError> {
        let articles = feats.len();
        let refuse = |reason: String| RestoreError { articles, reason };
        graph.check(articles).map_err(refuse)?;
        let mut by_id = HashMap::with_capacity(articles);
        for (i, f) in feats.iter().enumerate() {
            if by_id.insert(f.id.clone(), i as u32).is_some() {
                return Err(refuse(format!("article {} twice", f.id)));
            }
        }
        let LinkGraph { edges, dups, parent, members, founder, runs, attached } = graph;
        let (keys, lsh, fps) = Default::default();
        let mut linker =
            Linker { params, feats, by_id, keys, lsh, fps, edges, dups, parent, members, founder, runs, attached };
        linker.index_from(0);
        Ok(linker)
    }

    /// Build a linker from many articles at once, linking in parallel; equal to adding them one
    /// by one in any order.
    pub fn batch(params: LinkParams, feats: Vec<Features>) -> Linker {
        use rayon::prelude::*;
        let mut laps = storyline_core::laps::Laps::start();
        let mut linker = Linker::new(params);
        let mut feats = feats;
        feats.sort_by(|a, b| (a.day.unwrap_or(i32::MAX), &a.id).cmp(&(b.day.unwrap_or(i32::MAX), &b.id)));
        for f in feats {
            if !linker.by_id.contains_key(&f.id) {
                linker.push_unindexed(f);
            }
        }
        linker.index_from(0);
        let insert_ms = laps.lap();
        let n = linker.feats.len() as u32;
        let lk = &linker;
        let found: Vec<Vec<JudgedPair>> = (0..n)
            .into_par_iter()
            .map(|i| {
                // Each article looks back at its predecessors in canonical order, as it would
                // when arriving in a stream ordered by publication.
                let (s, d) = lk.candidates(i, i, u32::MAX);
                let mut js: Vec<u32> = s.into_iter().chain(d).collect();
                js.sort_unstable();
                js.dedup();
                js.into_iter().filter_map(|j| lk.judge(j, i).map(|(w, o)| (j, i, w, o))).collect()
            })
            .collect();
        let judge_ms = laps.lap();
        for (a, b, w, o) in found.into_iter().flatten() {
            linker.connect(a, b, w, o);
        }
        let connect_ms = laps.lap();
        let roots: Vec<u32> = (0..n).filter(|&r| linker.parent[r as usize] == r).collect();
        let lk = &linker;
        let settled: Vec<Settled> =
            roots.into_par_iter().map(|r| lk.cluster_component(r, lk.members[r as usize].clone())).collect();
        let cluster_ms = laps.lap();
        for s in settled {
            linker.apply(s);
        }
        let apply_ms = laps.lap();
        tracing::debug!(insert_ms, judge_ms, connect_ms, cluster_ms, apply_ms, "batch linker");
        linker
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic random source: `next(n)` is in `0..n`.
    fn xorshift(mut seed: u64) -> impl FnMut(u64) -> u64 {
        move |n| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        }
    }

    /// The story candidates of `i` by brute force: every article before `before` sharing at least
    /// [`MIN_SHARED_KEYS`] keys within their windows (the posting caps are not reached here).
    fn candidates_by_scan(lk: &Linker, i: u32, before: u32) -> Vec<u32> {
        let f = &lk.feats[i as usize];
        let story = &lk.params.story;
        let mut out = Vec::new();
        for j in 0..before.min(lk.feats.len() as u32) {
            let g = &lk.feats[j as usize];
            if j == i {
                continue;
            }
            let close = |window: i32| match (f.day, g.day) {
                (Some(a), Some(b)) => (a - b).abs() <= window,
                _ => true,
            };
            let shared = |a: &[u64], b: &[u64]| a.iter().filter(|k| b.contains(k)).count();
            let n = if close(story.term_window_days) { shared(&f.keys, &g.keys) } else { 0 }
                + if close(story.window_days) { shared(&f.name_keys, &g.name_keys) } else { 0 };
            if n >= usize::from(MIN_SHARED_KEYS) {
                out.push(j);
            }
        }
        out
    }

    #[test]
    fn a_key_with_more_postings_than_the_cap_in_the_window_is_skipped() {
        // All articles share two keys on one day: each key has `n` postings in every window.
        let linker_of = |n: u32| {
            // Indexed only (no linking): the lookup is what is tested.
            let mut lk = Linker::new(LinkParams::default());
            for k in 0..n {
                lk.insert(Features { id: format!("a{k}"), day: Some(19_000), keys: vec![1, 2], ..Features::default() });
            }
            lk
        };
        let at_cap = linker_of(MAX_POSTINGS as u32);
        assert_eq!(at_cap.candidates(10, u32::MAX, u32::MAX).0.len(), MAX_CANDIDATES);
        let over = linker_of(MAX_POSTINGS as u32 + 1);
        assert!(over.candidates(10, u32::MAX, u32::MAX).0.is_empty());
        // Counting only what had arrived by article 10, the keys are under the cap.
        assert_eq!(over.candidates(10, 10, 10).0, (0..10).collect::<Vec<u32>>());
    }

    #[test]
    fn a_restored_linker_has_the_indexes_the_saved_one_had() {
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        let words = ["ferry", "harbour", "storm", "minister", "vote", "quake", "rescue", "bank", "rate", "court"];
        // 25 texts, each told about three times over (copies share LSH bands and fingerprints).
        let texts: Vec<String> = (0..25)
            .map(|_| (0..300).map(|_| words[next(words.len() as u64) as usize]).collect::<Vec<_>>().join(" "))
            .collect();
        let feats: Vec<Features> = (0..80)
            .map(|k| {
                let text = format!("{} {}", texts[k % texts.len()], words[k % words.len()]);
                let mut keys: Vec<u64> = (0..5).map(|_| next(20)).collect();
                keys.sort_unstable();
                keys.dedup();
                Features {
                    id: format!("a{k}"),
                    day: (next(6) != 0).then(|| 19_000 + next(900) as i32),
                    keys,
                    name_keys: vec![next(9)],
                    sketch: crate::dedup::Sketch::of_text(&text),
                    ..Features::default()
                }
            })
            .collect();
        // Some at once, the rest one at a time (postings inserted inside their lists).
        let mut saved = Linker::new(LinkParams::default());
        saved.extend(feats[..50].to_vec());
        for f in &feats[50..] {
            saved.add(f.clone());
        }
        assert!(saved.fps.values().any(|l| l.len() > 1) && saved.lsh.values().any(|l| l.len() > 1));
        let restored = Linker::restore(LinkParams::default(), saved.feats.clone(), saved.graph()).unwrap();
        assert_eq!(restored.keys, saved.keys);
        assert_eq!(restored.lsh, saved.lsh);
        assert_eq!(restored.fps, saved.fps);
        assert_eq!(restored.by_id, saved.by_id);
        assert_eq!(restored.feats, saved.feats);
        assert_eq!(restored.graph(), saved.graph());
    }

    #[test]
    fn a_negative_window_finds_nothing_and_does_not_panic() {
        let mut params = LinkParams::default();
        params.story.term_window_days = -400;
        params.story.window_days = -400;
        let mut lk = Linker::new(params);
        for (k, day) in [19_000, 19_100, 19_200].into_iter().enumerate() {
            lk.add(Features { id: format!("a{k}"), day: Some(day), keys: vec![1, 2], ..Features::default() });
        }
        assert!(lk.candidates(2, u32::MAX, u32::MAX).0.is_empty());
    }

    #[test]
    fn windowed_postings_find_what_a_full_scan_finds_in_any_arrival_order() {
        // Articles over four years sharing keys, some undated, arriving out of time order, so
        // that postings are inserted inside their lists, not only appended.
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        let mut linker = Linker::new(LinkParams::default());
        for k in 0..300 {
            let day = (next(8) != 0).then(|| 18_000 + next(1500) as i32);
            let keys: Vec<u64> = (0..4).map(|_| next(16)).collect();
            let name_keys: Vec<u64> = (0..3).map(|_| next(12)).collect();
            let (mut keys, mut name_keys) = (keys, name_keys);
            keys.sort_unstable();
            keys.dedup();
            name_keys.sort_unstable();
            name_keys.dedup();
            linker.insert(Features { id: format!("a{k}"), day, keys, name_keys, ..Features::default() });
        }
        // Many at once (appended, then sorted) index exactly as one at a time.
        let mut at_once = Linker::new(LinkParams::default());
        at_once.extend(linker.feats.clone());
        assert_eq!(at_once.keys, linker.keys);
        let n = linker.feats.len() as u32;
        let mut exact = 0;
        for i in 0..n {
            for before in [i, n] {
                let (story, _) = linker.candidates(i, before, u32::MAX);
                let mut want = candidates_by_scan(&linker, i, before);
                if want.len() > MAX_CANDIDATES {
                    // Capped: the windowed lookup must still pick only true candidates.
                    assert_eq!(story.len(), MAX_CANDIDATES);
                    assert!(story.iter().all(|j| want.contains(j)), "article {i}, before {before}");
                    continue;
                }
                want.sort_unstable();
                assert_eq!(story, want, "article {i}, before {before}");
                exact += 1;
            }
        }
        assert!(exact > n as usize, "most lookups must be compared exactly, got {exact}");
    }
}
