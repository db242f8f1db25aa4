//! Training the tagger: a greedy averaged perceptron over BILOU tags.
//!
//! Deterministic by construction: documents are shuffled with a fixed-seed generator, features
//! are interned in the order they are met, and every map is iterated only after sorting. The
//! gazetteer features of a training document come from a gazetteer built from the *other*
//! folds (jackknifing), so the model learns how far to trust a gazetteer on names it has not
//! seen.
//!
//! (Tried and dropped, measured on eng.testa: a second tagging pass with document-agreement
//! features, +0.1 F1 for twice the time, subsumed by the extended prediction history; and a
//! gazetteer of the names a first model finds in the unlabelled news, -0.2 to -0.5 F1.)

use std::io::Write;

use crate::clusters::Learned;
use crate::features::{
    HashMap64, History, MAX_PHRASE, Prepared, hash_str, history_keys, normalize_form, phrase_hash, prepare,
};
use crate::model::{Entries, Lex, NTAGS, O, allowed, spans_of, tag_type, tags_of, write_model};

/// One training document: sentences of tokens and, per sentence, the gold names
/// `(start token, end token, type)` with type 0 person, 1 organization, 2 location, 3 other.
#[derive(Clone, Debug, Default)]
pub struct TrainDoc {
    pub sentences: Vec<Vec<String>>,
    pub names: Vec<Vec<(usize, usize, u8)>>,
}

/// Training settings.
#[derive(Clone, Debug)]
pub struct TrainConfig {
    pub epochs: usize,
    /// Folds for the jackknifed gazetteers.
    pub folds: usize,
    pub seed: u64,
    /// Quantised weights whose largest magnitude is below this are dropped from the model file.
    pub prune: i16,
    /// Models trained on differently shuffled data whose weights are averaged into the shipped
    /// one (a linear model's ensemble costs nothing at tagging time).
    pub ensemble: usize,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig { epochs: 10, folds: 5, seed: 0x5EED_2003, prune: 30, ensemble: 4 }
    }
}

/// What training produced.
pub struct Trained {
    /// The model file's bytes.
    pub bytes: Vec<u8>,
    pub features: usize,
    pub gazetteer_phrases: usize,
}

/// A small deterministic generator (splitmix64) for shuffling.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Feature keys -> dense ids, shared by every model trained in one run.
#[derive(Default)]
struct Interner {
    ids: HashMap64<u32>,
    keys: Vec<u64>,
}

impl Interner {
    fn id(&mut self, key: u64) -> u32 {
        if let Some(&i) = self.ids.get(&key) {
            return i;
        }
        let i = self.keys.len() as u32;
        self.ids.insert(key, i);
        self.keys.push(key);
        i
    }
}

/// An averaged perceptron over interned features.
struct Perceptron {
    w: Vec<[f32; NTAGS]>,
    /// Sum of `c * delta` per weight, for averaging (`avg = w - u / c`).
    u: Vec<[f64; NTAGS]>,
    c: f64,
}

impl Perceptron {
    fn new() -> Perceptron {
        Perceptron { w: Vec::new(), u: Vec::new(), c: 1.0 }
    }

    fn grow(&mut self, n: usize) {
        if self.w.len() < n {
            self.w.resize(n, [0.0; NTAGS]);
            self.u.resize(n, [0.0; NTAGS]);
        }
    }

    fn score(&self, ids: &[u32], s: &mut [f32; NTAGS]) {
        for &f in ids {
            if let Some(w) = self.w.get(f as usize) {
                for (a, b) in s.iter_mut().zip(w) {
                    *a += b;
                }
            }
        }
    }

    fn update(&mut self, ids: &[u32], gold: u8, pred: u8) {
        let c = self.c;
        for &f in ids {
            let f = f as usize;
            self.grow(f + 1);
            self.w[f][gold as usize] += 1.0;
            self.w[f][pred as usize] -= 1.0;
            self.u[f][gold as usize] += c;
            self.u[f][pred as usize] -= c;
        }
    }

    fn averaged(&self) -> Vec<[f32; NTAGS]> {
        self.w
            .iter()
            .zip(&self.u)
            .map(|(w, u)| {
                let mut a = [0f32; NTAGS];
                for i in 0..NTAGS {
                    a[i] = (w[i] as f64 - u[i] / self.c) as f32;
                }
                a
            })
            .collect()
    }
}

/// A training document in interned form.
struct Doc {
    /// Static feature ids per token.
    ids: Vec<u32>,
    offs: Vec<u32>,
    gold: Vec<u8>,
    prep: Prepared,
}

impl Doc {
    fn static_ids(&self, t: usize) -> &[u32] {
        &self.ids[self.offs[t] as usize..self.offs[t + 1] as usize]
    }
}

fn best_allowed_f(s: &[f32; NTAGS], prev: u8) -> u8 {
    let mut best = O;
    let mut best_s = f32::NEG_INFINITY;
    for (tag, &sc) in s.iter().enumerate() {
        if sc > best_s && allowed(prev, tag as u8) {
            best = tag as u8;
            best_s = sc;
        }
    }
    best
}

/// Greedy decode (and, with `learn`, perceptron updates) of one document.
#[allow(clippy::needless_range_loop)] // `t` indexes the document's parallel arrays
fn run_doc(p: &mut Perceptron, interner: &mut Interner, d: &Doc, learn: bool) -> Vec<u8> {
    let mut tags = vec![O; d.gold.len()];
    let mut hk = [0u64; 4];
    let mut feats: Vec<u32> = Vec::with_capacity(64);
    let mut hist = History::default();
    let mut xk = Vec::with_capacity(8);
    for &(a, b) in &d.prep.sentences {
        let (mut prev, mut prev2) = (O, O);
        for t in a..b {
            feats.clear();
            feats.extend_from_slice(d.static_ids(t));
            history_keys(&d.prep, t, prev, prev2, &mut hk);
            for &k in &hk {
                feats.push(interner.id(k));
            }
            hist.keys(&d.prep, t, &mut xk);
            for &k in &xk {
                feats.push(interner.id(k));
            }
            let mut s = [0f32; NTAGS];
            p.score(&feats, &mut s);
            let pred = best_allowed_f(&s, prev);
            if learn {
                let gold = d.gold[t];
                if pred != gold {
                    p.update(&feats, gold, pred);
                }
                p.c += 1.0;
            }
            tags[t] = pred;
            hist.record(&d.prep, t, tag_type(pred));
            prev2 = prev;
            prev = pred;
        }
    }
    tags
}

fn train_model(docs: &[Doc], which: &[usize], interner: &mut Interner, cfg: &TrainConfig, rng: &mut Rng) -> Perceptron {
    let mut p = Perceptron::new();
    p.grow(interner.keys.len());
    let mut order: Vec<usize> = which.to_vec();
    for _ in 0..cfg.epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            run_doc(&mut p, interner, &docs[i], true);
        }
    }
    let avg = p.averaged();
    Perceptron { w: avg, u: Vec::new(), c: 1.0 }
}

/// Gazetteers of names (phrases and the words inside them) from the gold names of `docs`.
fn gazetteer(docs: &[&TrainDoc]) -> (HashMap64<u8>, HashMap64<u8>) {
    let mut phrases: HashMap64<[u32; 4]> = HashMap64::default();
    let mut words: HashMap64<[u32; 4]> = HashMap64::default();
    for d in docs {
        for (s, names) in d.sentences.iter().zip(&d.names) {
            if is_shouted(s) {
                continue;
            }
            let hashes: Vec<u64> = s.iter().map(|t| hash_str(&normalize_form(t))).collect();
            for &(a, b, ty) in names {
                if b - a > MAX_PHRASE || b > hashes.len() {
                    continue;
                }
                phrases.entry(phrase_hash(&hashes[a..b])).or_default()[ty as usize] += 1;
                for &h in &hashes[a..b] {
                    words.entry(h).or_default()[ty as usize] += 1;
                }
            }
        }
    }
    let to_mask = |m: HashMap64<[u32; 4]>| -> HashMap64<u8> {
        m.into_iter()
            .map(|(k, c)| {
                let total: u32 = c.iter().sum();
                let mut mask = 0u8;
                for (ty, &n) in c.iter().enumerate() {
                    if n * 3 >= total {
                        mask |= 1 << ty;
                    }
                }
                (k, mask)
            })
            .collect()
    };
    (to_mask(phrases), to_mask(words))
}

/// A sentence mostly in capitals (a Reuters headline): its names are not spelled as in text.
fn is_shouted(s: &[String]) -> bool {
    let words: Vec<&String> = s.iter().filter(|w| w.starts_with(char::is_alphabetic)).collect();
    let caps = words.iter().filter(|w| w.chars().count() > 1 && !w.chars().any(char::is_lowercase)).count();
    words.len() >= 2 && caps * 10 >= words.len() * 7
}

fn quantize(w: &[[f32; NTAGS]], interner: &Interner, prune: i16, scale: f32) -> Entries {
    let mut out = Vec::new();
    for (i, ws) in w.iter().enumerate() {
        let mut q = [0i16; NTAGS];
        let mut big = 0i16;
        for (a, &b) in q.iter_mut().zip(ws) {
            *a = (b * scale).round().clamp(-32767.0, 32767.0) as i16;
            big = big.max(a.abs());
        }
        if big >= prune.max(1)
            && let Some(&k) = interner.keys.get(i)
        {
            out.push((k, q));
        }
    }
    out
}

/// Interned training documents, each prepared with the gazetteer of the other folds.
fn prepare_all(docs: &[TrainDoc], fold_of: &[usize], folds: usize, base: &Lex, interner: &mut Interner) -> Vec<Doc> {
    let mut prepared: Vec<Doc> = (0..docs.len()).map(|_| Doc::empty()).collect();
    for k in 0..folds {
        let others: Vec<&TrainDoc> =
            docs.iter().enumerate().filter(|(i, _)| fold_of[*i] != k).map(|(_, d)| d).collect();
        let (phrases, words) = gazetteer(&others);
        let lex = Lex { phrases, words, ..base.clone() };
        for (i, d) in docs.iter().enumerate() {
            if fold_of[i] != k {
                continue;
            }
            let prep = prepare(&d.sentences, &lex);
            let mut ids = Vec::with_capacity(prep.len() * 48);
            let mut offs = Vec::with_capacity(prep.len() + 1);
            offs.push(0);
            let mut keys = Vec::with_capacity(64);
            for t in 0..prep.len() {
                prep.static_keys(t, &mut keys);
                for &key in &keys {
                    ids.push(interner.id(key));
                }
                offs.push(ids.len() as u32);
            }
            let gold: Vec<u8> =
                d.sentences.iter().zip(&d.names).flat_map(|(s, names)| tags_of(names, s.len())).collect();
            prepared[i] = Doc { ids, offs, gold, prep };
        }
    }
    prepared
}

/// Train on `docs` and serialise the model, with `base` holding what the unlabelled text
/// taught (clusters, casing); its gazetteers are filled in here.
fn train_once(
    docs: &[TrainDoc],
    fold_of: &[usize],
    base: &Lex,
    cfg: &TrainConfig,
    rng: &mut Rng,
    log: &mut dyn Write,
) -> std::io::Result<(Vec<u8>, usize, usize)> {
    let folds = cfg.folds.max(2);
    let mut interner = Interner::default();
    let prepared = prepare_all(docs, fold_of, folds, base, &mut interner);
    writeln!(log, "prepared {} documents, {} features", docs.len(), interner.keys.len())?;
    // A held-out figure for the log: train without fold 0, score fold 0.
    let train_ids: Vec<usize> = (0..docs.len()).filter(|&i| fold_of[i] != 0).collect();
    let mut p = train_model(&prepared, &train_ids, &mut interner, cfg, rng);
    let f1 = fold_accuracy(&prepared, fold_of, 0, &mut p, &mut interner);
    writeln!(log, "name F1 on held-out fold 0 (trained on the other folds): {:.2}", f1 * 100.0)?;
    drop(p);
    let all: Vec<usize> = (0..docs.len()).collect();
    let mut p = train_model(&prepared, &all, &mut interner, cfg, rng);
    for _ in 1..cfg.ensemble.max(1) {
        let q = train_model(&prepared, &all, &mut interner, cfg, rng);
        p.grow(q.w.len());
        for (a, b) in p.w.iter_mut().zip(&q.w) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
    }
    let top = p.w.iter().flat_map(|x| x.iter()).fold(0f32, |m, &x| m.max(x.abs()));
    let scale = if top > 0.0 { 32000.0 / top } else { 0.0 };
    let entries = quantize(&p.w, &interner, cfg.prune, scale);
    let refs: Vec<&TrainDoc> = docs.iter().collect();
    let (phrases, words) = gazetteer(&refs);
    let lex = Lex { phrases, words, ..base.clone() };
    let n = entries.len();
    Ok((write_model(&entries, &lex), n, lex.phrases.len()))
}

/// Train a model from `docs`, with word clusters and casing learned beforehand from
/// unlabelled news.
pub fn train(docs: &[TrainDoc], learned: Learned, cfg: &TrainConfig, log: &mut dyn Write) -> std::io::Result<Trained> {
    let folds = cfg.folds.max(2);
    let mut rng = Rng(cfg.seed);
    let mut order: Vec<usize> = (0..docs.len()).collect();
    rng.shuffle(&mut order);
    let mut fold_of = vec![0usize; docs.len()];
    for (pos, &d) in order.iter().enumerate() {
        fold_of[d] = pos % folds;
    }
    let base = Lex { clusters: learned.clusters, casing: learned.casing, ..Lex::default() };
    let (bytes, features, gazetteer_phrases) = train_once(docs, &fold_of, &base, cfg, &mut rng, log)?;
    Ok(Trained { bytes, features, gazetteer_phrases })
}

impl Doc {
    fn empty() -> Doc {
        Doc { ids: Vec::new(), offs: vec![0], gold: Vec::new(), prep: Prepared::default() }
    }
}

/// Exact-span F1 on fold `k` (a progress figure for the log).
fn fold_accuracy(docs: &[Doc], fold_of: &[usize], k: usize, p: &mut Perceptron, interner: &mut Interner) -> f64 {
    let (mut tp, mut np, mut ng) = (0usize, 0usize, 0usize);
    for (i, d) in docs.iter().enumerate() {
        if fold_of[i] != k {
            continue;
        }
        let pred = run_doc(p, interner, d, false);
        let ps = spans_of(&pred);
        let gs = spans_of(&d.gold);
        np += ps.len();
        ng += gs.len();
        let gset: std::collections::HashSet<(usize, usize, u8)> = gs.into_iter().collect();
        tp += ps.iter().filter(|s| gset.contains(s)).count();
    }
    if np + ng == 0 { 0.0 } else { 2.0 * tp as f64 / (np + ng) as f64 }
}

/// Tag type names, in tag order, for readers of CoNLL files.
pub const TYPE_NAMES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

/// The entity type index of a CoNLL type name.
pub fn type_index(name: &str) -> Option<u8> {
    TYPE_NAMES.iter().position(|&n| n == name).map(|i| i as u8)
}

/// Whether a tag is an entity tag (for callers that only know the tag id).
pub fn is_entity(tag: u8) -> bool {
    tag_type(tag).is_some()
}
