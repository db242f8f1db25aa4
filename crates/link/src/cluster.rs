//! Average-linkage agglomerative clustering over a sparse similarity graph.
//!
//! Clusters merge, best pair first, while the *average* score over all their article pairs stays
//! above a threshold; a pair without an edge counts as 0. Average linkage resists the chaining of
//! single linkage (one shared boilerplate phrase does not weld two stories) while letting an
//! unfolding story, whose first and last articles share little, hold together through the middle.
//! Its blind spot is the article that reports one corner of a large story: strongly tied to a few
//! members, weakly to the rest, it stays alone; a last pass attaches such lone articles.
//!
//! The result depends only on the graph: ties are broken by node index, and callers number nodes
//! in a canonical order, so neither input order nor thread count changes it.

use crate::fasthash::KeyMap;
use std::cmp::Ordering;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

/// Edge scores are summed in fixed point, in units of 2^-27, so that every sum is exact: the same
/// whatever order its terms are added in. That is what lets [`crate::replay`] reproduce a batch
/// run's arithmetic bit for bit from a different merge history. A score of at least 1/16 (every
/// edge the linker keeps) is a whole number of units, so averages are exactly those of summing
/// the scores as floats.
pub(crate) const UNIT: f64 = (1u64 << 27) as f64;

/// A score in fixed-point units.
pub(crate) fn fixed(w: f32) -> i64 {
    (f64::from(w) * UNIT).round() as i64
}

/// Average pair score (in units) of two clusters with `between` summed over their pairs.
pub(crate) fn average(between: i64, size_a: u32, size_b: u32) -> f64 {
    between as f64 / (f64::from(size_a) * f64::from(size_b))
}

/// Average score (in units) between a cluster's own members; a single article is fully
/// cohesive (nothing in it disagrees).
pub(crate) fn cohesion(within: i64, size: u32) -> f64 {
    let n = f64::from(size);
    if size < 2 { UNIT } else { within as f64 / (n * (n - 1.0) / 2.0) }
}

/// Whether two clusters at this average may merge: at least the threshold, and at least
/// `ratio` times the cohesion of the looser one.
pub(crate) fn may_merge(avg: f64, threshold: f64, ratio: f32, cohesion_a: f64, cohesion_b: f64) -> bool {
    avg >= threshold && avg >= f64::from(ratio) * cohesion_a.min(cohesion_b)
}

/// One merge of average linkage: the two clusters, each named by its first node in canonical
/// order (`a` before `b`), and the exact sum (in units) of the edge scores between them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Merge {
    pub a: u32,
    pub b: u32,
    pub between: i64,
}

/// Parameters of [`average_linkage`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Linkage {
    /// Two clusters merge only if their average pair score reaches this.
    pub threshold: f32,
    /// ... and it reaches this times the cohesion of the looser of the two.
    pub cohesion_ratio: f32,
    /// A lone article joins a cluster whose average score to it reaches this (0: never).
    pub attach: f32,
}

/// A clustering and how it came about, so that it can be updated when articles arrive
/// ([`crate::replay`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Clustering {
    /// For each node, the first node (in canonical order) of its cluster, attached articles
    /// included.
    pub labels: Vec<u32>,
    /// Every merge, in the order average linkage made them.
    pub merges: Vec<Merge>,
    /// Lone articles attached after merging, with the cluster they joined (by its name before
    /// the attachment), sorted.
    pub attached: Vec<(u32, u32)>,
}

#[derive(Debug)]
struct Cluster {
    size: u32,
    /// The smallest node index in the cluster (its canonical name and tie-breaker).
    min_node: u32,
    version: u32,
    /// Sum of edge scores (units) between the cluster's own members.
    within: i64,
    /// Sum of edge scores (units) to each neighbouring cluster.
    nbrs: KeyMap<u32, i64>,
}

/// A candidate merge: the pair's average, its tie-breaker (the two clusters' names, canonical
/// order, lower first), the two clusters and their versions when it was pushed (a candidate
/// whose cluster changed since is stale). Shared with [`crate::replay`], whose names order by a
/// canonical key rather than by node number.
#[derive(Debug)]
pub(crate) struct Candidate<K> {
    pub(crate) avg: f64,
    pub(crate) key: (K, K),
    pub(crate) a: u32,
    pub(crate) b: u32,
    pub(crate) va: u32,
    pub(crate) vb: u32,
}

impl<K: Ord> PartialEq for Candidate<K> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl<K: Ord> Eq for Candidate<K> {}

/// The best candidate is the greatest: the highest average, then the lowest pair of names.
impl<K: Ord> Ord for Candidate<K> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.avg.total_cmp(&other.avg).then_with(|| other.key.cmp(&self.key))
    }
}

impl<K: Ord> PartialOrd for Candidate<K> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The candidates of [`cluster`], best first: the first ones (every edge) sorted once, those
/// pushed while merging in a heap. A large component starts with millions of candidates; sorted,
/// they leave in order from the end of a list, where a heap of them would cost a climb down
/// twenty cache-missing levels for each.
struct Queue {
    /// Ascending: the best is last.
    sorted: Vec<Candidate<u32>>,
    heap: BinaryHeap<Candidate<u32>>,
}

impl Queue {
    fn new(mut first: Vec<Candidate<u32>>) -> Queue {
        use rayon::slice::ParallelSliceMut;
        // Pairs are distinct, so the order is total and an unstable sort is deterministic.
        first.par_sort_unstable();
        Queue { sorted: first, heap: BinaryHeap::new() }
    }

    fn push(&mut self, c: Candidate<u32>) {
        self.heap.push(c);
    }

    fn pop(&mut self) -> Option<Candidate<u32>> {
        match (self.sorted.last(), self.heap.peek()) {
            (Some(s), Some(h)) if h > s => self.heap.pop(),
            (Some(_), _) => self.sorted.pop(),
            (None, _) => self.heap.pop(),
        }
    }
}

/// Cluster nodes `0..n` joined by `edges` `(i, j, score)`; returns for each node the smallest node
/// index of its cluster. Edges out of range are ignored; repeated edges add up.
///
/// Two clusters merge, best average first, when their average pair score is at least
/// `threshold` *and* at least `cohesion_ratio` times the cohesion of the looser of the two: a
/// group of articles joins another only if it is about as close to it as its own members are to
/// each other. That keeps apart two tight stories that share a vocabulary (two fights of one
/// boxer), while a loosely written story (many outlets, many wordings) still comes together.
///
/// Then each article left alone joins, all at once, the cluster (of two or more) with the best
/// average score to it, if that average is at least `attach` and one of its edges into the
/// cluster reaches `threshold` (so an article joins only a cluster of its strong component).
pub fn average_linkage(
    n: usize,
    edges: &[(u32, u32, f32)],
    threshold: f32,
    cohesion_ratio: f32,
    attach: f32,
) -> Vec<u32> {
    cluster(n, edges, Linkage { threshold, cohesion_ratio, attach }).labels
}

/// [`average_linkage`], with the record of how it merged (node numbers are canonical order).
pub fn cluster(n: usize, edges: &[(u32, u32, f32)], params: Linkage) -> Clustering {
    let mut clusters: Vec<Cluster> = (0..n as u32)
        .map(|i| Cluster { size: 1, min_node: i, version: 0, within: 0, nbrs: KeyMap::default() })
        .collect();
    for &(i, j, w) in edges {
        if i == j || i as usize >= n || j as usize >= n || !w.is_finite() {
            continue;
        }
        *clusters[i as usize].nbrs.entry(j).or_insert(0) += fixed(w);
        *clusters[j as usize].nbrs.entry(i).or_insert(0) += fixed(w);
    }
    let threshold = f64::from(params.threshold) * UNIT;
    let candidate = |clusters: &[Cluster], a: u32, b: u32, sum: i64| {
        let (ca, cb) = (&clusters[a as usize], &clusters[b as usize]);
        let (x, y) = (ca.min_node.min(cb.min_node), ca.min_node.max(cb.min_node));
        Candidate { avg: average(sum, ca.size, cb.size), key: (x, y), a, b, va: ca.version, vb: cb.version }
    };
    let mut initial = Vec::new();
    for a in 0..n as u32 {
        for (&b, &sum) in &clusters[a as usize].nbrs {
            if a < b {
                let c = candidate(&clusters, a, b, sum);
                if c.avg >= threshold {
                    initial.push(c);
                }
            }
        }
    }
    let mut queue = Queue::new(initial);
    let mut parent: Vec<u32> = (0..n as u32).collect();
    let mut merges = Vec::new();
    // Candidates are updated lazily. A merge pushes fresh candidates only for the clusters whose
    // sum with the merged one changed (the absorbed cluster's neighbours) and for pairs it had
    // turned down (its cohesion changed, so they may pass now). Every other neighbour's average
    // only fell (same sum, larger size): its old candidate overstates it, and is re-pushed at
    // its true value when it comes to the top. So each pair that may merge has a candidate at
    // least as good as its true value, and the first current candidate to pass is the best pair
    // that may merge, as it would be if every neighbour were re-pushed at every merge. That
    // eager form cost a push per neighbour per merge: quadratic in a large cluster's degree.
    let mut turned_down: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut fresh: Vec<u32> = Vec::new();
    while let Some(c) = queue.pop() {
        if c.avg < threshold {
            break;
        }
        let (a, b) = (c.a as usize, c.b as usize);
        if parent[a] != c.a || parent[b] != c.b {
            continue; // merged away: the cluster that absorbed it has its own candidates
        }
        if clusters[a].version != c.va || clusters[b].version != c.vb {
            let sum = clusters[a].nbrs.get(&c.b).copied().unwrap_or(0);
            let now = candidate(&clusters, c.a, c.b, sum);
            if now.avg >= threshold {
                queue.push(now);
            }
            continue;
        }
        let (ca, cb) = (cohesion(clusters[a].within, clusters[a].size), cohesion(clusters[b].within, clusters[b].size));
        if !may_merge(c.avg, threshold, params.cohesion_ratio, ca, cb) {
            // Re-considered if either cluster changes.
            turned_down[a].push(c.b);
            turned_down[b].push(c.a);
            continue;
        }
        let between = clusters[a].nbrs.get(&c.b).copied().unwrap_or(0);
        merges.push(Merge { a: c.key.0, b: c.key.1, between });
        // Keep the larger cluster's storage; merge the smaller into it.
        let (keep, gone) =
            if (clusters[a].size, Reverse(a)) >= (clusters[b].size, Reverse(b)) { (a, b) } else { (b, a) };
        parent[gone] = keep as u32;
        let gone_nbrs = std::mem::take(&mut clusters[gone].nbrs);
        clusters[keep].nbrs.remove(&(gone as u32));
        fresh.clear();
        for (k, w) in gone_nbrs {
            if k as usize == keep {
                continue;
            }
            *clusters[keep].nbrs.entry(k).or_insert(0) += w;
            let kn = &mut clusters[k as usize].nbrs;
            kn.remove(&(gone as u32));
            *kn.entry(keep as u32).or_insert(0) += w;
            fresh.push(k);
        }
        clusters[keep].within += clusters[gone].within + between;
        clusters[keep].size += clusters[gone].size;
        clusters[keep].min_node = clusters[keep].min_node.min(clusters[gone].min_node);
        clusters[keep].version += 1;
        clusters[gone].version += 1;
        // The absorbed cluster's turned-down pairs are with its neighbours: freshly pushed.
        turned_down[gone] = Vec::new();
        fresh.append(&mut turned_down[keep]);
        let keep32 = keep as u32;
        for &k in &fresh {
            if parent[k as usize] == k && k != keep32 {
                let sum = clusters[keep].nbrs.get(&k).copied().unwrap_or(0);
                let c = candidate(&clusters, keep32, k, sum);
                if c.avg >= threshold {
                    queue.push(c);
                }
            }
        }
    }
    // Resolve each node to its cluster's root, then to the root's smallest node.
    let root = |parent: &[u32], mut i: usize| {
        while parent[i] as usize != i {
            i = parent[i] as usize;
        }
        i
    };
    let mut attached = Vec::new();
    if params.attach > 0.0 {
        // (lone article, cluster) -> (sum, largest) of the edge scores between them.
        let mut acc: BTreeMap<(usize, usize), (i64, i64)> = BTreeMap::new();
        for &(i, j, w) in edges {
            if i == j || i as usize >= n || j as usize >= n || !w.is_finite() {
                continue;
            }
            let (ri, rj) = (root(&parent, i as usize), root(&parent, j as usize));
            for (s, c) in [(ri, rj), (rj, ri)] {
                if clusters[s].size == 1 && clusters[c].size >= 2 {
                    let e = acc.entry((s, c)).or_insert((0, 0));
                    e.0 += fixed(w);
                    e.1 = e.1.max(fixed(w));
                }
            }
        }
        let attach = f64::from(params.attach) * UNIT;
        let mut best: BTreeMap<usize, (f64, u32, usize)> = BTreeMap::new();
        for (&(s, c), &(sum, max)) in &acc {
            let avg = sum as f64 / f64::from(clusters[c].size);
            if max as f64 >= threshold && avg >= attach {
                let cand = (avg, clusters[c].min_node, c);
                let better = best.get(&s).is_none_or(|b| avg > b.0 || (avg == b.0 && cand.1 < b.1));
                if better {
                    best.insert(s, cand);
                }
            }
        }
        for (s, (_, name, c)) in best {
            attached.push((s as u32, name));
            parent[s] = c as u32;
            clusters[c].min_node = clusters[c].min_node.min(clusters[s].min_node);
        }
    }
    let labels = (0..n).map(|i| clusters[root(&parent, i)].min_node).collect();
    Clustering { labels, merges, attached }
}

/// The root of `i` in a union-find forest given by `parent` (a root is its own parent), halving
/// the path on the way.
pub(crate) fn union_find_root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic random source.
    fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
        move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        }
    }

    /// A random graph of 2 to `max_nodes + 1` nodes and up to `per_node` edges a node, with
    /// weights drawn by `weight`: one edge per pair, as the linker makes them (repeated edges
    /// would add up), self-loops included.
    fn random_graph(
        next: &mut impl FnMut() -> u64,
        max_nodes: u64,
        per_node: u64,
        mut weight: impl FnMut(&mut dyn FnMut() -> u64) -> f32,
    ) -> (usize, Vec<(u32, u32, f32)>) {
        let n = 2 + (next() % max_nodes) as usize;
        let m = (next() % (per_node * n as u64 + 1)) as usize;
        let mut seen = std::collections::HashSet::new();
        let edges = (0..m)
            .filter_map(|_| {
                let (a, b) = ((next() % n as u64) as u32, (next() % n as u64) as u32);
                let w = weight(next);
                seen.insert((a.min(b), a.max(b))).then_some((a.min(b), a.max(b), w))
            })
            .collect();
        (n, edges)
    }

    #[test]
    fn two_groups_stay_apart() {
        // 0-1-2 tight, 3-4 tight, a weak bridge 2-3.
        let edges = [(0, 1, 0.9), (1, 2, 0.8), (0, 2, 0.7), (3, 4, 0.9), (2, 3, 0.3)];
        assert_eq!(average_linkage(5, &edges, 0.25, 0.0, 0.0), vec![0, 0, 0, 3, 3]);
        // Low enough threshold: everything joins.
        assert_eq!(average_linkage(5, &edges, 0.01, 0.0, 0.0), vec![0; 5]);
    }

    #[test]
    fn cohesion_ratio_keeps_tight_groups_apart() {
        // Two tight pairs (0.9 inside) joined at 0.5 on average: plain average linkage at 0.4
        // merges them; a cohesion ratio of 0.6 (0.5 < 0.6 * 0.9) does not.
        let edges = [(0, 1, 0.9), (2, 3, 0.9), (0, 2, 0.5), (1, 3, 0.5), (0, 3, 0.5), (1, 2, 0.5)];
        assert_eq!(average_linkage(4, &edges, 0.4, 0.0, 0.0), vec![0; 4]);
        assert_eq!(average_linkage(4, &edges, 0.4, 0.6, 0.0), vec![0, 0, 2, 2]);
    }

    #[test]
    fn isolated_nodes_are_singletons() {
        assert_eq!(average_linkage(3, &[], 0.1, 0.0, 0.0), vec![0, 1, 2]);
        assert_eq!(average_linkage(0, &[], 0.1, 0.0, 0.0), Vec::<u32>::new());
        assert_eq!(average_linkage(2, &[(0, 9, 1.0), (1, 1, 1.0)], 0.1, 0.0, 0.0), vec![0, 1]);
    }

    #[test]
    fn a_lone_article_attaches_to_the_cluster_it_has_a_strong_edge_into() {
        // 0-1-2-3 tight; 4 has one strong edge (to 3) and a weak one (to 2): its average over the
        // cluster (0.9 + 0.3) / 4 = 0.3 is below the merge threshold 0.5.
        let edges =
            [(0, 1, 0.9), (0, 2, 0.9), (0, 3, 0.9), (1, 2, 0.9), (1, 3, 0.9), (2, 3, 0.9), (3, 4, 0.9), (2, 4, 0.3)];
        assert_eq!(average_linkage(5, &edges, 0.5, 0.6, 0.0), vec![0, 0, 0, 0, 4]);
        assert_eq!(average_linkage(5, &edges, 0.5, 0.6, 0.25), vec![0; 5]);
        assert_eq!(average_linkage(5, &edges, 0.5, 0.6, 0.35), vec![0, 0, 0, 0, 4], "average too low");
        // Only weak edges: never attached, whatever the attach threshold.
        let weak = [(0, 1, 0.9), (1, 2, 0.4)];
        assert_eq!(average_linkage(3, &weak, 0.5, 0.0, 0.01), vec![0, 0, 2]);
    }

    /// Average linkage by its definition: while some pair of clusters may merge, merge the best
    /// such pair (highest average, then lowest pair of names). Recomputes every sum at every
    /// step: for small graphs only.
    fn merges_by_definition(n: usize, edges: &[(u32, u32, f32)], params: Linkage) -> Vec<Merge> {
        let threshold = f64::from(params.threshold) * UNIT;
        let mut name: Vec<u32> = (0..n as u32).collect();
        let mut merges = Vec::new();
        loop {
            let (mut between, mut within, mut size) = (BTreeMap::new(), vec![0i64; n], vec![0u32; n]);
            for &x in &name {
                size[x as usize] += 1;
            }
            for &(i, j, w) in edges {
                let (x, y) = (name[i as usize], name[j as usize]);
                if x == y {
                    within[x as usize] += fixed(w);
                } else {
                    *between.entry((x.min(y), x.max(y))).or_insert(0i64) += fixed(w);
                }
            }
            let best = between
                .iter()
                .map(|(&(x, y), &sum)| (average(sum, size[x as usize], size[y as usize]), Reverse((x, y)), sum))
                .filter(|&(avg, Reverse((x, y)), _)| {
                    let coh = |c: u32| cohesion(within[c as usize], size[c as usize]);
                    may_merge(avg, threshold, params.cohesion_ratio, coh(x), coh(y))
                })
                .max_by(|p, q| p.0.total_cmp(&q.0).then(p.1.cmp(&q.1)));
            let Some((_, Reverse((x, y)), sum)) = best else { return merges };
            merges.push(Merge { a: x, b: y, between: sum });
            name.iter_mut().filter(|c| **c == y).for_each(|c| *c = x);
        }
    }

    /// The queue with lazily updated candidates merges exactly as the definition does, in the
    /// same order, with the same sums, also when the cohesion rule turns pairs down and large
    /// clusters form.
    #[test]
    fn merges_follow_the_definition() {
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        for round in 0..6000 {
            // Half the edges tight: tight groups joined loosely are where the cohesion rule
            // turns pairs down that a later merge lets through.
            let (n, mut edges) = random_graph(&mut next, 30, 5, |next| {
                if next().is_multiple_of(2) {
                    0.9 + (next() % 11) as f32 / 100.0
                } else {
                    0.1 + (next() % 91) as f32 / 100.0
                }
            });
            edges.retain(|&(a, b, _)| a != b);
            let params = Linkage {
                threshold: [0.05, 0.1, 0.2, 0.35, 0.5][round % 5],
                cohesion_ratio: [0.0, 0.3, 0.5, 0.6, 0.9, 1.2][(round / 5) % 6],
                attach: 0.0,
            };
            let c = cluster(n, &edges, params);
            assert_eq!(c.merges, merges_by_definition(n, &edges, params), "round {round}: {n} nodes, {edges:?}");
        }
    }

    #[test]
    fn edge_order_does_not_matter() {
        let edges = vec![(0, 1, 0.5), (1, 2, 0.5), (2, 3, 0.5), (0, 3, 0.1), (1, 3, 0.2)];
        let mut rev = edges.clone();
        rev.reverse();
        assert_eq!(average_linkage(4, &edges, 0.3, 0.5, 0.0), average_linkage(4, &rev, 0.3, 0.5, 0.0));
    }

    /// The linker clusters each strong component (articles joined by edges at least the
    /// threshold) on its own, with every edge among its nodes: that must equal clustering the
    /// whole graph.
    #[test]
    fn strong_components_cluster_as_the_whole_graph_does() {
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        let threshold = 0.5;
        for round in 0..300 {
            let (n, edges) = random_graph(&mut next, 40, 3, |next| 0.1 + (next() % 91) as f32 / 100.0);
            let ratio = if round % 2 == 0 { 0.0 } else { 0.6 };
            let attach = [0.0, 0.1, 0.3][round % 3];
            let whole = average_linkage(n, &edges, threshold, ratio, attach);
            // Strong components by union-find.
            let mut parent: Vec<usize> = (0..n).collect();
            let find = union_find_root;
            for &(a, b, w) in &edges {
                if w >= threshold && a != b {
                    let (ra, rb) = (find(&mut parent, a as usize), find(&mut parent, b as usize));
                    parent[ra.max(rb)] = ra.min(rb);
                }
            }
            let mut by_parts = vec![u32::MAX; n];
            for root in 0..n {
                let nodes: Vec<usize> = (0..n).filter(|&i| find(&mut parent, i) == root).collect();
                if nodes.is_empty() {
                    continue;
                }
                let local = |g: u32| nodes.iter().position(|&x| x == g as usize).map(|k| k as u32);
                let sub: Vec<(u32, u32, f32)> =
                    edges.iter().filter_map(|&(a, b, w)| Some((local(a)?, local(b)?, w))).collect();
                for (k, l) in average_linkage(nodes.len(), &sub, threshold, ratio, attach).into_iter().enumerate() {
                    by_parts[nodes[k]] = nodes[l as usize] as u32;
                }
            }
            assert_eq!(whole, by_parts, "round {round}: {n} nodes, edges {edges:?}");
        }
    }
}
