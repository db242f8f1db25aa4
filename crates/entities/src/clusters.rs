//! Word clusters learned from unlabelled news: one job, grouping words that occur in similar
//! contexts, so the tagger generalises from "Antonov" to names it never saw labelled.
//!
//! Each frequent word gets a vector of the words seen just before and after it (positive PMI,
//! unit length); spherical k-means groups the vectors into fine clusters, and k-means over the
//! fine centroids gives two coarser levels (a three-level hierarchy, like Brown-cluster
//! prefixes). Everything is deterministic (sorted vocabulary, fixed-seed k-means++). Only the
//! derived table `form hash -> cluster ids` ships in the model.

use crate::features::{ClusterIds, HashMap64, hash_str, normalize_form};

/// Clustering settings.
#[derive(Clone, Debug)]
pub struct ClusterConfig {
    /// Words seen fewer times are not clustered.
    pub min_count: u32,
    /// At most this many words (the most frequent) are clustered.
    pub max_words: usize,
    /// Context words (the most frequent) that make up the vector dimensions, per side.
    pub contexts: usize,
    /// Cluster counts, coarse to fine.
    pub k: [usize; 3],
    pub iterations: usize,
    /// Dimensions of the dense embeddings clustered (0: cluster the sparse PPMI rows).
    pub rank: usize,
    pub seed: u64,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            min_count: 4,
            max_words: 60_000,
            contexts: 1200,
            k: [32, 128, 512],
            iterations: 12,
            rank: 96,
            seed: 17,
        }
    }
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A sparse unit vector.
type Sparse = Vec<(u32, f32)>;

/// What the unlabelled text teaches the tagger.
#[derive(Clone, Debug, Default)]
pub struct Learned {
    /// Hash of a normalised form -> `[coarse, middle, fine]` cluster ids.
    pub clusters: HashMap64<ClusterIds>,
    /// Hash of a lower-case form -> mid-sentence capitalisation bucket, 1 (never) ..= 5 (always).
    pub casing: HashMap64<u8>,
}

/// Learn clusters and casing from `sentences` (token strings, in a fixed order).
pub fn learn<I, S>(sentences: I, cfg: &ClusterConfig) -> Learned
where
    I: IntoIterator<Item = Vec<S>>,
    S: AsRef<str>,
{
    // Corpus as word ids.
    let mut ids: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    let mut words: Vec<String> = Vec::new();
    let mut counts: Vec<u32> = Vec::new();
    let mut corpus: Vec<Vec<u32>> = Vec::new();
    // Mid-sentence (capitalised, total) counts per lower-case form.
    let mut case_counts: HashMap64<(u32, u32)> = HashMap64::default();
    for s in sentences {
        for (i, t) in s.iter().enumerate().skip(1) {
            let t = t.as_ref();
            let Some(c) = t.chars().next() else { continue };
            if !c.is_alphabetic() || !s[i - 1].as_ref().starts_with(char::is_alphanumeric) {
                continue;
            }
            let e = case_counts.entry(hash_str(&normalize_form(t).to_lowercase())).or_default();
            e.0 += c.is_uppercase() as u32;
            e.1 += 1;
        }
        let mut out = Vec::with_capacity(s.len());
        for t in &s {
            let f = normalize_form(t.as_ref());
            let id = match ids.get(f.as_ref()) {
                Some(&i) => i,
                None => {
                    let i = words.len() as u32;
                    ids.insert(f.to_string(), i);
                    words.push(f.into_owned());
                    counts.push(0);
                    i
                }
            };
            counts[id as usize] += 1;
            out.push(id);
        }
        corpus.push(out);
    }
    // Vocabulary by frequency (ties by spelling, for determinism).
    let mut by_freq: Vec<u32> = (0..words.len() as u32).collect();
    by_freq
        .sort_by(|&a, &b| counts[b as usize].cmp(&counts[a as usize]).then(words[a as usize].cmp(&words[b as usize])));
    let ctx_n = cfg.contexts.min(by_freq.len());
    let mut ctx_dim = vec![u32::MAX; words.len()];
    for (d, &w) in by_freq.iter().take(ctx_n).enumerate() {
        ctx_dim[w as usize] = d as u32;
    }
    let vocab: Vec<u32> =
        by_freq.iter().copied().filter(|&w| counts[w as usize] >= cfg.min_count).take(cfg.max_words).collect();
    let mut row = vec![u32::MAX; words.len()];
    for (r, &w) in vocab.iter().enumerate() {
        row[w as usize] = r as u32;
    }
    // Context pairs (row, dim): left contexts are dims 0..ctx_n, right contexts ctx_n..2*ctx_n,
    // sentence boundaries the last two dims.
    let dims = 2 * ctx_n + 2;
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for s in &corpus {
        for (i, &w) in s.iter().enumerate() {
            let r = row[w as usize];
            if r == u32::MAX {
                continue;
            }
            let left = if i == 0 { Some(2 * ctx_n as u32) } else { dim(&ctx_dim, s[i - 1], 0) };
            let right = if i + 1 == s.len() { Some(2 * ctx_n as u32 + 1) } else { dim(&ctx_dim, s[i + 1], ctx_n) };
            if let Some(d) = left {
                pairs.push((r, d));
            }
            if let Some(d) = right {
                pairs.push((r, d));
            }
        }
    }
    pairs.sort_unstable();
    let total = pairs.len() as f64;
    let mut dim_count = vec![0f64; dims];
    let mut row_count = vec![0f64; vocab.len()];
    for &(r, d) in &pairs {
        dim_count[d as usize] += 1.0;
        row_count[r as usize] += 1.0;
    }
    let mut vectors: Vec<Sparse> = vec![Vec::new(); vocab.len()];
    let mut i = 0;
    while i < pairs.len() {
        let (r, d) = pairs[i];
        let mut j = i;
        while j < pairs.len() && pairs[j] == (r, d) {
            j += 1;
        }
        let c = (j - i) as f64;
        // Smoothed context distribution (power 0.75), as in word2vec's PPMI analysis.
        let pmi = (c * total / (row_count[r as usize] * dim_count[d as usize].powf(0.75) * total.powf(0.25))).ln();
        if pmi > 0.0 {
            vectors[r as usize].push((d, pmi as f32));
        }
        i = j;
    }
    for v in &mut vectors {
        let n = v.iter().map(|x| (x.1 * x.1) as f64).sum::<f64>().sqrt() as f32;
        if n > 0.0 {
            v.iter_mut().for_each(|x| x.1 /= n);
        }
    }
    // Dense embeddings (the top singular directions of the PPMI matrix) cluster far better than
    // the sparse rows: they pool evidence across related contexts.
    let mut rng = Rng(cfg.seed);
    let (vectors, dims) = if cfg.rank > 0 && cfg.rank < dims {
        (embed(&vectors, dims, cfg.rank, 8, &mut rng), cfg.rank)
    } else {
        (vectors, dims)
    };
    // Fine clusters over the words, then coarser clusters over the fine centroids.
    let k_fine = cfg.k[2].min(vocab.len().max(1));
    let (fine, centroids) = spherical_kmeans(&vectors, dims, k_fine, cfg.iterations, &mut rng);
    let cent_sparse: Vec<Sparse> = centroids
        .iter()
        .map(|c| c.iter().enumerate().filter(|x| *x.1 != 0.0).map(|(d, &v)| (d as u32, v)).collect())
        .collect();
    let (mid, mid_c) = spherical_kmeans(&cent_sparse, dims, cfg.k[1].min(k_fine), cfg.iterations, &mut rng);
    let mid_sparse: Vec<Sparse> = mid_c
        .iter()
        .map(|c| c.iter().enumerate().filter(|x| *x.1 != 0.0).map(|(d, &v)| (d as u32, v)).collect())
        .collect();
    let (coarse, _) = spherical_kmeans(&mid_sparse, dims, cfg.k[0].min(mid_sparse.len()), cfg.iterations, &mut rng);
    let mut table = HashMap64::default();
    for (r, &w) in vocab.iter().enumerate() {
        if vectors[r].is_empty() {
            continue;
        }
        let f = fine[r];
        let m = mid[f as usize];
        let c = coarse[m as usize];
        table.insert(hash_str(&words[w as usize]), [c as u16, m as u16, f as u16]);
    }
    let casing = case_counts
        .into_iter()
        .filter(|(_, (_, n))| *n >= 3)
        .map(|(k, (c, n))| (k, 1 + ((c as f64 / n as f64) * 4.999) as u8))
        .collect();
    Learned { clusters: table, casing }
}

fn dim(ctx_dim: &[u32], w: u32, offset: usize) -> Option<u32> {
    let d = ctx_dim[w as usize];
    (d != u32::MAX).then_some(d + offset as u32)
}

/// Spherical k-means with k-means++ seeding. Returns the cluster of each vector and the
/// centroids (dense, unit length).
fn spherical_kmeans(
    vectors: &[Sparse],
    dims: usize,
    k: usize,
    iterations: usize,
    rng: &mut Rng,
) -> (Vec<u32>, Vec<Vec<f32>>) {
    let n = vectors.len();
    if n == 0 || k == 0 {
        return (vec![0; n], Vec::new());
    }
    let dot_dense = |v: &Sparse, c: &[f32]| v.iter().map(|&(d, x)| x * c[d as usize]).sum::<f32>();
    // k-means++ seeding on cosine distance.
    let mut centroids: Vec<Vec<f32>> = Vec::with_capacity(k);
    let dense = |v: &Sparse| {
        let mut c = vec![0f32; dims];
        for &(d, x) in v {
            c[d as usize] = x;
        }
        c
    };
    let first = (rng.next() % n as u64) as usize;
    centroids.push(dense(&vectors[first]));
    let mut best_sim: Vec<f32> = vectors.iter().map(|v| dot_dense(v, &centroids[0])).collect();
    while centroids.len() < k {
        let weights: Vec<f64> = best_sim.iter().map(|&s| ((1.0 - s).max(0.0) as f64).powi(2)).collect();
        let sum: f64 = weights.iter().sum();
        let pick = if sum > 0.0 {
            let mut target = rng.unit() * sum;
            let mut idx = n - 1;
            for (i, &w) in weights.iter().enumerate() {
                if target < w {
                    idx = i;
                    break;
                }
                target -= w;
            }
            idx
        } else {
            (rng.next() % n as u64) as usize
        };
        let c = dense(&vectors[pick]);
        for (i, v) in vectors.iter().enumerate() {
            best_sim[i] = best_sim[i].max(dot_dense(v, &c));
        }
        centroids.push(c);
    }
    let mut assign = vec![0u32; n];
    // Centroids stored dimension-major for the assignment step.
    let mut by_dim = vec![0f32; dims * k];
    let mut scores = vec![0f32; k];
    for _ in 0..iterations.max(1) {
        for (c, cent) in centroids.iter().enumerate() {
            for (d, &x) in cent.iter().enumerate() {
                by_dim[d * k + c] = x;
            }
        }
        let mut changed = 0;
        for (i, v) in vectors.iter().enumerate() {
            scores.iter_mut().for_each(|s| *s = 0.0);
            for &(d, x) in v {
                let row = &by_dim[d as usize * k..d as usize * k + k];
                for (s, &c) in scores.iter_mut().zip(row) {
                    *s += x * c;
                }
            }
            let mut best = 0;
            for c in 1..k {
                if scores[c] > scores[best] {
                    best = c;
                }
            }
            if assign[i] != best as u32 {
                changed += 1;
                assign[i] = best as u32;
            }
        }
        for c in centroids.iter_mut() {
            c.iter_mut().for_each(|x| *x = 0.0);
        }
        for (i, v) in vectors.iter().enumerate() {
            let c = &mut centroids[assign[i] as usize];
            for &(d, x) in v {
                c[d as usize] += x;
            }
        }
        for c in centroids.iter_mut() {
            let norm = c.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                c.iter_mut().for_each(|x| *x /= norm);
            }
        }
        if changed == 0 {
            break;
        }
    }
    (assign, centroids)
}

/// Project unit sparse rows onto the top `r` eigenvectors of their Gram matrix (subspace
/// iteration), returning unit dense rows in sparse form.
fn embed(vectors: &[Sparse], dims: usize, r: usize, iterations: usize, rng: &mut Rng) -> Vec<Sparse> {
    let mut g = vec![0f32; dims * dims];
    for v in vectors {
        for &(i, x) in v {
            let row = &mut g[i as usize * dims..(i as usize + 1) * dims];
            for &(j, y) in v {
                row[j as usize] += x * y;
            }
        }
    }
    // Columns of q, each of length `dims`.
    let mut q: Vec<Vec<f32>> = (0..r).map(|_| (0..dims).map(|_| rng.unit() as f32 - 0.5).collect()).collect();
    orthonormalize(&mut q);
    for _ in 0..iterations {
        let mut z: Vec<Vec<f32>> = Vec::with_capacity(r);
        for col in &q {
            let mut out = vec![0f32; dims];
            for (i, o) in out.iter_mut().enumerate() {
                let row = &g[i * dims..(i + 1) * dims];
                *o = row.iter().zip(col).map(|(a, b)| a * b).sum();
            }
            z.push(out);
        }
        orthonormalize(&mut z);
        q = z;
    }
    vectors
        .iter()
        .map(|v| {
            let mut e: Vec<f32> = q.iter().map(|col| v.iter().map(|&(i, x)| x * col[i as usize]).sum()).collect();
            let n = e.iter().map(|x| x * x).sum::<f32>().sqrt();
            if n > 0.0 {
                e.iter_mut().for_each(|x| *x /= n);
            }
            e.into_iter().enumerate().map(|(d, x)| (d as u32, x)).collect()
        })
        .collect()
}

/// Modified Gram-Schmidt over the columns.
fn orthonormalize(cols: &mut [Vec<f32>]) {
    for i in 0..cols.len() {
        let (done, rest) = cols.split_at_mut(i);
        let c = &mut rest[0];
        for d in done.iter() {
            let dot: f32 = c.iter().zip(d).map(|(a, b)| a * b).sum();
            c.iter_mut().zip(d).for_each(|(a, b)| *a -= dot * b);
        }
        let n = c.iter().map(|x| x * x).sum::<f32>().sqrt();
        if n > 1e-12 {
            c.iter_mut().for_each(|x| *x /= n);
        }
    }
}
