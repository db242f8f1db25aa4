//! Re-clustering after arrivals by replaying the previous run: the same result as clustering the
//! grown component from scratch ([`crate::cluster::cluster`]), at a cost that follows what the
//! arrivals disturb rather than the component's size.
//!
//! Average linkage here is a pure function of the current partition: the next merge is always
//! the best eligible pair of clusters (highest average, then lowest pair of names; eligible:
//! average and cohesion conditions met). A pair rejected for cohesion stays rejected until one of
//! its clusters changes, so rejections leave no state behind.
//!
//! New articles add edges only at themselves. Call a current cluster *untainted* while it is a
//! cluster the previous run also formed, and still takes part in the previous run's story from
//! here on; everything else (clusters holding an arrival, and clusters whose recorded next merge
//! can no longer happen) is *tainted*. Invariant: the untainted clusters are a subset of the
//! previous run's partition just before its next recorded merge `m`. Hence, among pairs of
//! untainted clusters, `m` is the best eligible one if both its clusters are untainted (their
//! pairs are pairs of that partition, of which `m` was the best); if not, its untainted side is
//! tainted, which restores the invariant for the merge after `m`. Pairs with a tainted side are
//! computed fresh, from the edges of the tainted clusters' members, in a heap. Each step takes the
//! better of the two streams, so the sequence of merges is exactly the batch's.
//!
//! Attachment of lone articles is redone only for lone articles that are tainted or have an
//! edge into a tainted cluster; every other lone article sees the same clusters as before.
//!
//! Sums are exact (fixed point), so fresh sums equal the batch's sums bit for bit whatever the
//! order they were formed in. Several previous runs may be replayed at once (an arrival that
//! bridges strong components): no pair across them is eligible (their edges are all below the
//! threshold), so their merges interleave by priority.

use crate::cluster::{Candidate, Linkage, Merge, UNIT, average, cohesion, fixed, may_merge};
use crate::fasthash::KeyMap;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

/// What the replay needs of the graph: canonical order and adjacency.
pub trait Graph {
    /// Orders nodes canonically (the order batch clustering numbers them in).
    type Key: Ord + Copy;
    fn key(&self, node: u32) -> Self::Key;
    /// Neighbours with edge scores; nodes outside the component being clustered are ignored.
    fn neighbours(&self, node: u32) -> &[(u32, f32)];
}

/// The previous runs over the old part of a component.
pub struct Previous<'a> {
    /// The merges of each previous run, in order, with nodes named globally.
    pub runs: &'a [Vec<Merge>],
    /// Their attachments `(lone article, cluster name)`.
    pub attached: &'a [(u32, u32)],
}

/// The replayed clustering of the grown component.
#[derive(Debug, Default, PartialEq)]
pub struct Replayed {
    /// Every merge, in the order batch clustering of the grown component makes them.
    pub merges: Vec<Merge>,
    /// All attachments in the grown component, sorted.
    pub attached: Vec<(u32, u32)>,
    /// `(node, label)` for each node whose label may have changed; every other node keeps its
    /// label. Sorted by node.
    pub labels: Vec<(u32, u32)>,
}

const UNTAINTED: u8 = 0;
const TAINTED: u8 = 1;
const GONE: u8 = 2;

/// A pair's priority: the higher average first, then the lower pair of names.
struct Priority<K> {
    avg: f64,
    key: (K, K),
}

impl<K: Ord> Priority<K> {
    fn beats(&self, other: &Self) -> bool {
        match self.avg.total_cmp(&other.avg) {
            Ordering::Equal => self.key < other.key,
            o => o == Ordering::Greater,
        }
    }
}

struct State<'g, G: Graph> {
    g: &'g G,
    params: Linkage,
    threshold: f64,
    in_comp: Vec<bool>,
    /// Union-find over nodes; a root is its cluster's name (its first node).
    parent: Vec<u32>,
    size: Vec<u32>,
    within: Vec<i64>,
    version: Vec<u32>,
    state: Vec<u8>,
    /// Circular member lists: splicing two clusters is one swap.
    next: Vec<u32>,
    /// Tainted cluster → sums to each neighbouring cluster.
    tainted: KeyMap<u32, KeyMap<u32, i64>>,
    /// Untainted cluster → tainted clusters that may have it as a neighbour.
    rev: KeyMap<u32, Vec<u32>>,
    heap: BinaryHeap<Candidate<G::Key>>,
    merges: Vec<Merge>,
}

impl<G: Graph> State<'_, G> {
    fn find(&mut self, mut i: u32) -> u32 {
        while self.parent[i as usize] != i {
            let p = self.parent[i as usize];
            self.parent[i as usize] = self.parent[p as usize];
            i = p;
        }
        i
    }

    fn members(&self, name: u32) -> Vec<u32> {
        let mut out = vec![name];
        let mut i = self.next[name as usize];
        while i != name {
            out.push(i);
            i = self.next[i as usize];
        }
        out
    }

    /// The two names in canonical order.
    fn ordered(&self, a: u32, b: u32) -> (u32, u32) {
        if self.g.key(a) <= self.g.key(b) { (a, b) } else { (b, a) }
    }

    fn candidate(&self, a: u32, b: u32, sum: i64) -> Candidate<G::Key> {
        let (x, y) = self.ordered(a, b);
        Candidate {
            avg: average(sum, self.size[a as usize], self.size[b as usize]),
            key: (self.g.key(x), self.g.key(y)),
            a,
            b,
            va: self.version[a as usize],
            vb: self.version[b as usize],
        }
    }

    fn push(&mut self, a: u32, b: u32, sum: i64) {
        let c = self.candidate(a, b, sum);
        if c.avg >= self.threshold {
            self.heap.push(c);
        }
    }

    fn cohesive(&self, avg: f64, a: u32, b: u32) -> bool {
        let (a, b) = (a as usize, b as usize);
        may_merge(
            avg,
            self.threshold,
            self.params.cohesion_ratio,
            cohesion(self.within[a], self.size[a]),
            cohesion(self.within[b], self.size[b]),
        )
    }

    /// From now on, compute this cluster's pairs fresh.
    fn taint(&mut self, x: u32) {
        self.state[x as usize] = TAINTED;
        let mut nbrs: KeyMap<u32, i64> = KeyMap::default();
        for m in self.members(x) {
            for &(j, w) in self.g.neighbours(m) {
                if !self.in_comp.get(j as usize).copied().unwrap_or(false) || !w.is_finite() {
                    continue;
                }
                let c = self.find(j);
                if c != x {
                    *nbrs.entry(c).or_insert(0) += fixed(w);
                }
            }
        }
        for (&k, &sum) in &nbrs {
            if self.state[k as usize] == UNTAINTED {
                self.rev.entry(k).or_default().push(x);
            }
            self.push(x, k, sum);
        }
        self.tainted.insert(x, nbrs);
    }

    /// The union-find and member-list part of merging `gone` into `keep`.
    fn join(&mut self, keep: u32, gone: u32, between: i64) {
        let (k, g) = (keep as usize, gone as usize);
        self.parent[g] = keep;
        self.size[k] += self.size[g];
        self.within[k] += self.within[g] + between;
        self.version[k] += 1;
        self.version[g] += 1;
        self.state[g] = GONE;
        self.next.swap(k, g);
    }

    /// Replay a recorded merge of two untainted clusters.
    fn replay(&mut self, m: Merge) {
        self.merges.push(m);
        let (keep, gone) = (m.a, m.b); // `a` comes first: it names the union
        self.join(keep, gone, m.between);
        let mut watchers = self.rev.remove(&keep).unwrap_or_default();
        watchers.extend(self.rev.remove(&gone).unwrap_or_default());
        watchers.sort_unstable();
        watchers.dedup();
        let mut still = Vec::new();
        for t in watchers {
            if self.state[t as usize] != TAINTED {
                continue;
            }
            let Some(nbrs) = self.tainted.get_mut(&t) else { continue };
            let (sa, sb) = (nbrs.remove(&keep), nbrs.remove(&gone));
            if sa.is_none() && sb.is_none() {
                continue;
            }
            let sum = sa.unwrap_or(0) + sb.unwrap_or(0);
            nbrs.insert(keep, sum);
            still.push(t);
            self.push(t, keep, sum);
        }
        if !still.is_empty() {
            self.rev.insert(keep, still);
        }
    }

    /// Merge two clusters, at least one of them tainted.
    fn merge_fresh(&mut self, a: u32, b: u32) {
        for x in [a, b] {
            if self.state[x as usize] == UNTAINTED {
                self.taint(x);
            }
        }
        let (keep, gone) = self.ordered(a, b);
        let mut gone_nbrs = self.tainted.remove(&gone).unwrap_or_default();
        let mut keep_nbrs = self.tainted.remove(&keep).unwrap_or_default();
        let between = keep_nbrs.remove(&gone).unwrap_or(0);
        gone_nbrs.remove(&keep);
        self.merges.push(Merge { a: keep, b: gone, between });
        self.join(keep, gone, between);
        for (k, w) in gone_nbrs {
            *keep_nbrs.entry(k).or_insert(0) += w;
            if self.state[k as usize] == TAINTED {
                if let Some(kn) = self.tainted.get_mut(&k) {
                    kn.remove(&gone);
                    *kn.entry(keep).or_insert(0) += w;
                }
            } else {
                self.rev.entry(k).or_default().push(keep);
            }
        }
        let pairs: Vec<(u32, i64)> = keep_nbrs.iter().map(|(&k, &s)| (k, s)).collect();
        self.tainted.insert(keep, keep_nbrs);
        for (k, sum) in pairs {
            self.push(keep, k, sum);
        }
    }

    /// The best eligible pair with a tainted side, dropping stale and rejected candidates.
    fn best_fresh(&mut self) -> Option<(Priority<G::Key>, u32, u32)> {
        while let Some(c) = self.heap.peek() {
            let (a, b) = (c.a as usize, c.b as usize);
            let live = self.state[a] != GONE
                && self.state[b] != GONE
                && self.version[a] == c.va
                && self.version[b] == c.vb
                && (self.state[a] == TAINTED || self.state[b] == TAINTED);
            if live && self.cohesive(c.avg, c.a, c.b) {
                return Some((Priority { avg: c.avg, key: c.key }, c.a, c.b));
            }
            self.heap.pop();
        }
        None
    }
}

/// Re-cluster a component that grew by `fresh` articles (all its other `nodes` were clustered
/// by `previous`), over graph nodes numbered below `n_total`. Equal to [`crate::cluster::cluster`]
/// on the whole component in canonical order, provided the only edges added since are at the
/// fresh articles.
pub fn recluster<G: Graph>(
    g: &G,
    n_total: usize,
    nodes: &[u32],
    fresh: &[u32],
    previous: Previous<'_>,
    params: Linkage,
) -> Replayed {
    let mut st = State {
        g,
        params,
        threshold: f64::from(params.threshold) * UNIT,
        in_comp: vec![false; n_total],
        parent: Vec::new(),
        size: vec![1; n_total],
        within: vec![0; n_total],
        version: vec![0; n_total],
        state: vec![UNTAINTED; n_total],
        next: (0..n_total as u32).collect(),
        tainted: KeyMap::default(),
        rev: KeyMap::default(),
        heap: BinaryHeap::new(),
        merges: Vec::new(),
    };
    st.parent = st.next.clone();
    for &i in nodes {
        if let Some(x) = st.in_comp.get_mut(i as usize) {
            *x = true;
        }
    }
    for &f in fresh {
        st.taint(f);
    }
    let mut pos = vec![0usize; previous.runs.len()];
    loop {
        // The best recorded merge that can still happen, tainting what can no longer follow
        // its record.
        let mut best: Option<(usize, Priority<G::Key>)> = None;
        for (r, run) in previous.runs.iter().enumerate() {
            while let Some(&m) = run.get(pos[r]) {
                let ok = st.state[m.a as usize] == UNTAINTED && st.state[m.b as usize] == UNTAINTED;
                if ok {
                    break;
                }
                for x in [m.a, m.b] {
                    if st.state[x as usize] == UNTAINTED {
                        st.taint(x);
                    }
                }
                pos[r] += 1;
            }
            if let Some(&m) = run.get(pos[r]) {
                let p = Priority {
                    avg: average(m.between, st.size[m.a as usize], st.size[m.b as usize]),
                    key: (g.key(m.a), g.key(m.b)),
                };
                if best.as_ref().is_none_or(|(_, b)| p.beats(b)) {
                    best = Some((r, p));
                }
            }
        }
        let fresh_best = st.best_fresh();
        let take_recorded = match (&best, &fresh_best) {
            (None, None) => break,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some((_, recorded)), Some((fresh, _, _))) => recorded.beats(fresh),
        };
        if take_recorded {
            if let Some((r, _)) = best {
                let m = previous.runs[r][pos[r]];
                pos[r] += 1;
                st.replay(m);
            }
        } else if let Some((_, a, b)) = fresh_best {
            st.heap.pop();
            st.merge_fresh(a, b);
        }
    }
    attach_and_label(st, previous.attached)
}

/// Redo attachment where the taint reaches, and label what may have changed.
fn attach_and_label<G: Graph>(mut st: State<'_, G>, old_attached: &[(u32, u32)]) -> Replayed {
    let finals: Vec<u32> = {
        let mut v: Vec<u32> = st.tainted.keys().copied().collect();
        v.sort_unstable();
        v
    };
    // Lone articles to decide again: tainted ones, and those with an edge into a tainted cluster.
    let mut decide: BTreeSet<u32> = BTreeSet::new();
    let mut affected: BTreeSet<u32> = finals.iter().copied().collect();
    for &t in &finals {
        let members = st.members(t);
        if members.len() == 1 {
            decide.insert(t);
        }
        for m in members {
            for &(j, _) in st.g.neighbours(m) {
                if st.in_comp.get(j as usize).copied().unwrap_or(false) {
                    let c = st.find(j);
                    if st.size[c as usize] == 1 {
                        decide.insert(c);
                    }
                }
            }
        }
    }
    let mut attached: Vec<(u32, u32)> = Vec::new();
    for &(s, c) in old_attached {
        if st.state[s as usize] == UNTAINTED && !decide.contains(&s) {
            attached.push((s, c));
        } else {
            affected.insert(c);
            affected.insert(s);
        }
    }
    if st.params.attach > 0.0 {
        let attach = f64::from(st.params.attach) * UNIT;
        for &s in &decide {
            affected.insert(s);
            // Cluster → (sum, largest) of the edge scores from `s`.
            let mut acc: BTreeMap<u32, (i64, i64)> = BTreeMap::new();
            for &(j, w) in st.g.neighbours(s) {
                if !st.in_comp.get(j as usize).copied().unwrap_or(false) || !w.is_finite() {
                    continue;
                }
                let c = st.find(j);
                if c != s && st.size[c as usize] >= 2 {
                    let e = acc.entry(c).or_insert((0, 0));
                    e.0 += fixed(w);
                    e.1 = e.1.max(fixed(w));
                }
            }
            let mut best: Option<(f64, G::Key, u32)> = None;
            for (&c, &(sum, max)) in &acc {
                let avg = sum as f64 / f64::from(st.size[c as usize]);
                if max as f64 >= st.threshold && avg >= attach {
                    let key = st.g.key(c);
                    if best.as_ref().is_none_or(|b| avg > b.0 || (avg == b.0 && key < b.1)) {
                        best = Some((avg, key, c));
                    }
                }
            }
            if let Some((_, _, c)) = best {
                attached.push((s, c));
                affected.insert(c);
            }
        }
    }
    attached.sort_unstable();
    let mut by_target: KeyMap<u32, Vec<u32>> = KeyMap::default();
    for &(s, c) in &attached {
        by_target.entry(c).or_default().push(s);
    }
    let attached_set: KeyMap<u32, u32> = attached.iter().copied().collect();
    let mut labels: BTreeMap<u32, u32> = BTreeMap::new();
    for &c in &affected {
        if st.state[c as usize] == GONE || st.find(c) != c {
            continue; // merged away: its members are labelled through the cluster they joined
        }
        if attached_set.contains_key(&c) {
            continue; // an attached article: labelled with its target
        }
        let mut group = st.members(c);
        group.extend(by_target.get(&c).into_iter().flatten().copied());
        let Some(&first) = group.iter().min_by_key(|&&i| st.g.key(i)) else { continue };
        for i in group {
            labels.insert(i, first);
        }
    }
    Replayed { merges: st.merges, attached, labels: labels.into_iter().collect() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::{Clustering, cluster};

    struct Adj(Vec<Vec<(u32, f32)>>);
    impl Graph for Adj {
        type Key = u32;
        fn key(&self, node: u32) -> u32 {
            node
        }
        fn neighbours(&self, node: u32) -> &[(u32, f32)] {
            &self.0[node as usize]
        }
    }

    /// Batch clustering of the nodes `keep` (global numbers, in canonical = numeric order),
    /// with names mapped back to global numbers.
    fn batch_of(keep: &[u32], edges: &[(u32, u32, f32)], params: Linkage) -> Clustering {
        let local = |g: u32| keep.iter().position(|&x| x == g).map(|k| k as u32);
        let sub: Vec<_> = edges.iter().filter_map(|&(a, b, w)| Some((local(a)?, local(b)?, w))).collect();
        let c = cluster(keep.len(), &sub, params);
        let g = |l: u32| keep[l as usize];
        Clustering {
            labels: c.labels.into_iter().map(g).collect(),
            merges: c.merges.into_iter().map(|m| Merge { a: g(m.a), b: g(m.b), between: m.between }).collect(),
            attached: c.attached.into_iter().map(|(s, t)| (g(s), g(t))).collect(),
        }
    }

    fn strong_components(n: usize, edges: &[(u32, u32, f32)], threshold: f32, alive: &[bool]) -> Vec<Vec<u32>> {
        let mut parent: Vec<usize> = (0..n).collect();
        fn find(p: &mut [usize], mut i: usize) -> usize {
            while p[i] != i {
                p[i] = p[p[i]];
                i = p[i];
            }
            i
        }
        for &(a, b, w) in edges {
            if w >= threshold && alive[a as usize] && alive[b as usize] {
                let (ra, rb) = (find(&mut parent, a as usize), find(&mut parent, b as usize));
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
        let mut by_root: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
        for (i, _) in alive.iter().enumerate().filter(|(_, a)| **a) {
            let r = find(&mut parent, i);
            by_root.entry(r).or_default().push(i as u32);
        }
        by_root.into_values().collect()
    }

    /// Cluster a random graph without a few of its nodes, per strong component; add them back in
    /// two waves, each replayed: merges, attachments and labels must equal clustering the grown
    /// graph at once.
    #[test]
    fn replay_equals_clustering_from_scratch() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..600 {
            let n = 2 + (next() % if round % 10 == 0 { 160 } else { 36 }) as usize;
            let m = (next() % (4 * n as u64 + 1)) as usize;
            let mut seen = std::collections::HashSet::new();
            let mut edges: Vec<(u32, u32, f32)> = (0..m)
                .filter_map(|_| {
                    let (a, b) = ((next() % n as u64) as u32, (next() % n as u64) as u32);
                    // Scores on a coarse grid make ties between averages common.
                    let w = 0.1 + (next() % 19) as f32 * 0.05;
                    (a != b && seen.insert((a.min(b), a.max(b)))).then_some((a.min(b), a.max(b), w))
                })
                .collect();
            edges.sort_by_key(|e| (e.0, e.1));
            let params = Linkage {
                threshold: 0.5,
                cohesion_ratio: [0.0, 0.6, 0.9][round % 3],
                attach: [0.0, 0.1, 0.3, 0.2][round % 4],
            };
            // Two waves of arrivals: the first replayed over the old clustering (the second
            // wave's nodes are outside the component then, their edges to be ignored), the second
            // replayed over the first replay's record.
            let mut wave = |k: usize| -> Vec<u32> {
                let mut v: Vec<u32> = (0..k).map(|_| (next() % n as u64) as u32).collect();
                v.sort_unstable();
                v.dedup();
                v
            };
            let first_wave = wave(1 + round % 3);
            let second_wave: Vec<u32> = wave(1 + round % 2).into_iter().filter(|i| !first_wave.contains(i)).collect();
            let fresh = first_wave.clone();
            let alive: Vec<bool> = (0..n as u32).map(|i| !fresh.contains(&i) && !second_wave.contains(&i)).collect();
            let old_edges: Vec<_> =
                edges.iter().copied().filter(|&(a, b, _)| alive[a as usize] && alive[b as usize]).collect();
            // The previous state: each old strong component clustered on its own.
            let mut runs = Vec::new();
            let mut attached = Vec::new();
            let mut labels: Vec<u32> = (0..n as u32).collect();
            for comp in strong_components(n, &old_edges, params.threshold, &alive) {
                let c = batch_of(&comp, &old_edges, params);
                for (&i, &l) in comp.iter().zip(&c.labels) {
                    labels[i as usize] = l;
                }
                runs.push(c.merges);
                attached.extend(c.attached);
            }
            attached.sort_unstable();
            let mut adj = vec![Vec::new(); n];
            for &(a, b, w) in &edges {
                adj[a as usize].push((b, w));
                adj[b as usize].push((a, w));
            }
            let graph = Adj(adj);
            let first: Vec<u32> = (0..n as u32).filter(|i| !second_wave.contains(i)).collect();
            let got = recluster(&graph, n, &first, &fresh, Previous { runs: &runs, attached: &attached }, params);
            for &(i, l) in &got.labels {
                labels[i as usize] = l;
            }
            let first_edges: Vec<_> =
                edges.iter().copied().filter(|&(a, b, _)| first.contains(&a) && first.contains(&b)).collect();
            let want = batch_of(&first, &first_edges, params);
            assert_eq!(got.merges, want.merges, "first wave merges, round {round}");
            assert_eq!(got.attached, want.attached, "first wave attachments, round {round}");
            let first_labels: Vec<u32> = first.iter().map(|&i| labels[i as usize]).collect();
            assert_eq!(first_labels, want.labels, "first wave labels, round {round}");
            let all: Vec<u32> = (0..n as u32).collect();
            let runs = vec![got.merges];
            let got =
                recluster(&graph, n, &all, &second_wave, Previous { runs: &runs, attached: &got.attached }, params);
            for &(i, l) in &got.labels {
                labels[i as usize] = l;
            }
            let want = batch_of(&all, &edges, params);
            let ctx = format!("round {round}: n {n}, waves {fresh:?} {second_wave:?}, {params:?}, edges {edges:?}");
            assert_eq!(got.merges, want.merges, "merges, {ctx}");
            assert_eq!(got.attached, want.attached, "attachments, {ctx}");
            assert_eq!(labels, want.labels, "labels, {ctx}");
        }
    }
}
