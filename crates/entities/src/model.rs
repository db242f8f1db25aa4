//! The tagger's model: weight tables, word clusters and gazetteers, and their compact file format.
//!
//! The file is the project's own binary format (little-endian), written by `storyline train ner`
//! and embedded in the binary. Weights are quantised to `i16` with one scale per table and stored
//! sparsely (only the tags a feature has a weight for); at load time they are spread into an
//! open-addressing table so that a feature costs one probe and nine integer adds.

use crate::features::{ClusterIds, HashMap64, Lexicon, NO_CLUSTER};

/// Number of tags: O, then B-/I-/L-/U- (begin, inside, last, unit) for person, organization,
/// location, other. BILOU rather than BIO: a greedy decoder does better when the tag says where
/// a name ends.
pub const NTAGS: usize = 17;

/// Scores of the tags for one token.
pub type Scores = [i32; NTAGS];

/// Tag id of `O`.
pub const O: u8 = 0;

/// Tag id of B-`ty` (`ty` = 0 person, 1 organization, 2 location, 3 other).
#[inline]
pub fn begin(ty: u8) -> u8 {
    1 + 4 * ty
}

/// Tag id of I-`ty`.
#[inline]
pub fn inside(ty: u8) -> u8 {
    2 + 4 * ty
}

/// Tag id of L-`ty`.
#[inline]
pub fn last(ty: u8) -> u8 {
    3 + 4 * ty
}

/// Tag id of U-`ty`.
#[inline]
pub fn unit(ty: u8) -> u8 {
    4 + 4 * ty
}

/// The entity type of a tag, or `None` for O.
#[inline]
pub fn tag_type(tag: u8) -> Option<u8> {
    (tag != O && (tag as usize) < NTAGS).then(|| (tag - 1) / 4)
}

/// 0 begin, 1 inside, 2 last, 3 unit (meaningless for O).
#[inline]
fn position(tag: u8) -> u8 {
    (tag.wrapping_sub(1)) % 4
}

/// Whether the tag continues a name (I- or L-).
#[inline]
pub fn is_inside(tag: u8) -> bool {
    tag != O && matches!(position(tag), 1 | 2)
}

/// Whether the tag leaves a name open (B- or I-).
#[inline]
pub fn is_open(tag: u8) -> bool {
    tag != O && matches!(position(tag), 0 | 1)
}

/// Whether `tag` may follow `prev`: an open name continues with I-/L- of its type; otherwise a
/// tag starts fresh (O, B-, U-).
#[inline]
pub fn allowed(prev: u8, tag: u8) -> bool {
    if is_open(prev) { is_inside(tag) && tag_type(tag) == tag_type(prev) } else { !is_inside(tag) }
}

/// BILOU tags for `n` tokens from names `(start, end, type)`.
pub fn tags_of(names: &[(usize, usize, u8)], n: usize) -> Vec<u8> {
    let mut tags = vec![O; n];
    for &(s, e, ty) in names {
        let e = e.min(n);
        if s >= e {
            continue;
        }
        if e - s == 1 {
            tags[s] = unit(ty);
            continue;
        }
        tags[s] = begin(ty);
        for t in &mut tags[s + 1..e - 1] {
            *t = inside(ty);
        }
        tags[e - 1] = last(ty);
    }
    tags
}

/// Names `(start, end, type)` from tags. A name left open (at a sentence end) is closed there.
pub fn spans_of(tags: &[u8]) -> Vec<(usize, usize, u8)> {
    let mut out = Vec::new();
    let mut t = 0;
    while t < tags.len() {
        let Some(ty) = tag_type(tags[t]) else {
            t += 1;
            continue;
        };
        let s = t;
        t += 1;
        if is_open(tags[s]) {
            while t < tags.len() && is_inside(tags[t]) && tag_type(tags[t]) == Some(ty) {
                t += 1;
                if position(tags[t - 1]) == 2 {
                    break;
                }
            }
        }
        out.push((s, t, ty));
    }
    out
}

/// A weight table: feature key -> the nine tag weights.
#[derive(Clone, Debug, Default)]
pub struct Weights {
    mask: usize,
    /// Fingerprints (upper half of the key, never 0); 0 marks an empty slot.
    fps: Vec<u32>,
    w: Vec<[i16; NTAGS]>,
    len: usize,
}

impl Weights {
    /// Build from `(key, weights)` pairs.
    pub fn from_entries(entries: &[(u64, [i16; NTAGS])]) -> Weights {
        let cap = (entries.len() * 3 / 2 + 16).next_power_of_two();
        let mut t = Weights { mask: cap - 1, fps: vec![0; cap], w: vec![[0; NTAGS]; cap], len: 0 };
        for (k, w) in entries {
            t.insert(*k, *w);
        }
        t
    }

    #[inline]
    fn fp(key: u64) -> u32 {
        ((key >> 32) as u32) | 1
    }

    fn insert(&mut self, key: u64, w: [i16; NTAGS]) {
        let fp = Self::fp(key);
        let mut i = (key as usize) & self.mask;
        for _ in 0..=self.mask {
            if self.fps[i] == 0 {
                self.fps[i] = fp;
                self.w[i] = w;
                self.len += 1;
                return;
            }
            if self.fps[i] == fp {
                self.w[i] = w;
                return;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Add the weights of `key` (if the model has it) to `scores`.
    #[inline]
    pub fn add(&self, key: u64, scores: &mut Scores) {
        if self.fps.is_empty() {
            return;
        }
        let fp = Self::fp(key);
        let mut i = (key as usize) & self.mask;
        loop {
            let f = self.fps[i];
            if f == fp {
                let w = &self.w[i];
                for (s, &x) in scores.iter_mut().zip(w.iter()) {
                    *s += x as i32;
                }
                return;
            }
            if f == 0 {
                return;
            }
            i = (i + 1) & self.mask;
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Word clusters and gazetteers, keyed by hashes of normalised forms.
#[derive(Clone, Debug, Default)]
pub struct Lex {
    pub clusters: HashMap64<ClusterIds>,
    pub phrases: HashMap64<u8>,
    pub words: HashMap64<u8>,
    /// Mid-sentence capitalisation buckets by lower-case hash (see [`Lexicon::casing`]).
    pub casing: HashMap64<u8>,
}

impl Lexicon for Lex {
    fn clusters(&self, form_hash: u64) -> ClusterIds {
        self.clusters.get(&form_hash).copied().unwrap_or([NO_CLUSTER; 3])
    }
    fn phrase_types(&self, phrase_hash: u64) -> u8 {
        self.phrases.get(&phrase_hash).copied().unwrap_or(0)
    }
    fn word_types(&self, form_hash: u64) -> u8 {
        self.words.get(&form_hash).copied().unwrap_or(0)
    }
    fn casing(&self, lower_hash: u64) -> u8 {
        self.casing.get(&lower_hash).copied().unwrap_or(0)
    }
}

/// A complete tagger model: the weights and the lexicon.
#[derive(Clone, Debug, Default)]
pub struct Model {
    pub weights: Weights,
    pub lex: Lex,
}

/// The model file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("not a storyline NER model (bad magic)")]
    Magic,
    #[error("model file truncated")]
    Truncated,
}

const MAGIC: &[u8; 8] = b"SLNER01\n";

/// Quantised, sparse entries of one table, as written to the file.
pub type Entries = Vec<(u64, [i16; NTAGS])>;

/// Serialise a model given its quantised table entries.
pub fn write_model(table: &Entries, lex: &Lex) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(NTAGS as u32).to_le_bytes());
    let mut clusters: Vec<(&u64, &ClusterIds)> = lex.clusters.iter().collect();
    clusters.sort();
    out.extend_from_slice(&(clusters.len() as u32).to_le_bytes());
    for (k, c) in clusters {
        out.extend_from_slice(&k.to_le_bytes());
        for x in c {
            out.extend_from_slice(&x.to_le_bytes());
        }
    }
    for map in [&lex.phrases, &lex.words, &lex.casing] {
        let mut v: Vec<(&u64, &u8)> = map.iter().collect();
        v.sort();
        out.extend_from_slice(&(v.len() as u32).to_le_bytes());
        for (k, m) in v {
            out.extend_from_slice(&k.to_le_bytes());
            out.push(*m);
        }
    }
    {
        let mut v = table.clone();
        v.sort_by_key(|e| e.0);
        out.extend_from_slice(&(v.len() as u32).to_le_bytes());
        for (k, w) in v {
            out.extend_from_slice(&k.to_le_bytes());
            let mut mask: u32 = 0;
            for (i, &x) in w.iter().enumerate() {
                if x != 0 {
                    mask |= 1 << i;
                }
            }
            out.extend_from_slice(&mask.to_le_bytes());
            for &x in w.iter().filter(|&&x| x != 0) {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
    }
    out
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], ModelError> {
        let s = self.b.get(self.i..self.i + n).ok_or(ModelError::Truncated)?;
        self.i += n;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, ModelError> {
        let s = self.take(2)?;
        Ok(u16::from_le_bytes([s[0], s[1]]))
    }
    fn i16(&mut self) -> Result<i16, ModelError> {
        Ok(self.u16()? as i16)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn u64(&mut self) -> Result<u64, ModelError> {
        let s = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(s);
        Ok(u64::from_le_bytes(a))
    }
    /// A count, bounded by what the remaining bytes could hold (so a corrupt file cannot make us
    /// allocate gigabytes).
    fn count(&mut self, min_item: usize) -> Result<usize, ModelError> {
        let n = self.u32()? as usize;
        if n.saturating_mul(min_item) > self.b.len().saturating_sub(self.i) {
            return Err(ModelError::Truncated);
        }
        Ok(n)
    }
}

/// Parse a model file.
pub fn read_model(bytes: &[u8]) -> Result<Model, ModelError> {
    if bytes.get(..MAGIC.len()) != Some(&MAGIC[..]) {
        return Err(ModelError::Magic);
    }
    let mut r = Reader { b: bytes, i: MAGIC.len() };
    if r.u32()? as usize != NTAGS {
        return Err(ModelError::Magic);
    }
    let mut lex = Lex::default();
    let n = r.count(14)?;
    lex.clusters.reserve(n);
    for _ in 0..n {
        let k = r.u64()?;
        let c = [r.u16()?, r.u16()?, r.u16()?];
        lex.clusters.insert(k, c);
    }
    for which in 0..3 {
        let n = r.count(9)?;
        let map = match which {
            0 => &mut lex.phrases,
            1 => &mut lex.words,
            _ => &mut lex.casing,
        };
        map.reserve(n);
        for _ in 0..n {
            let k = r.u64()?;
            let m = r.u8()?;
            map.insert(k, m);
        }
    }
    let weights = {
        let n = r.count(12)?;
        let mut entries = Vec::with_capacity(n);
        for _ in 0..n {
            let k = r.u64()?;
            let mask = r.u32()?;
            let mut w = [0i16; NTAGS];
            for (i, x) in w.iter_mut().enumerate() {
                if mask & (1 << i) != 0 {
                    *x = r.i16()?;
                }
            }
            entries.push((k, w));
        }
        Weights::from_entries(&entries)
    };
    Ok(Model { weights, lex })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bilou_round_trip_and_constraints() {
        let names = [(0, 2, 0), (2, 3, 1), (5, 8, 2)];
        let tags = tags_of(&names, 9);
        assert_eq!(tags[..3], [begin(0), last(0), unit(1)]);
        assert_eq!(spans_of(&tags), names);
        assert!(allowed(begin(2), inside(2)) && allowed(inside(2), last(2)));
        assert!(!allowed(begin(2), inside(1)) && !allowed(O, inside(0)) && !allowed(begin(0), O));
        assert!(allowed(last(0), begin(1)) && allowed(unit(3), O));
        // A name left open at the end is closed there.
        assert_eq!(spans_of(&[O, begin(1), inside(1)]), [(1, 3, 1)]);
    }

    #[test]
    fn model_file_round_trip() {
        let mut w = [0i16; NTAGS];
        w[3] = -7;
        w[16] = 12;
        let entries: Entries = vec![(42, w), (7, [1; NTAGS])];
        let mut lex = Lex::default();
        lex.clusters.insert(5, [1, 2, 3]);
        lex.phrases.insert(9, 0b0101);
        lex.casing.insert(11, 4);
        let bytes = write_model(&entries, &lex);
        let m = read_model(&bytes).unwrap();
        let mut s = [0i32; NTAGS];
        m.weights.add(42, &mut s);
        m.weights.add(43, &mut s); // absent: no effect
        assert_eq!(s[3], -7);
        assert_eq!(s[16], 12);
        assert_eq!(m.lex.clusters.get(&5), Some(&[1, 2, 3]));
        assert_eq!(m.lex.phrases.get(&9), Some(&0b0101));
        assert_eq!(m.weights.len(), 2);
        assert!(read_model(&bytes[..bytes.len() - 3]).is_err());
    }
}
