//! Feature extraction for the entity tagger: one job, turning a document's tokens into hashed
//! feature keys, identically at training and at tagging time.
//!
//! Every feature is a `u64` key: a template constant mixed with hashes of the values it reads
//! (word forms, shapes, affixes, word clusters, gazetteer matches). Keys are looked up in the
//! model's table, so the tagger never allocates per feature. Features that do not depend on the
//! tags predicted so far ("static" features) are computed once per token; the few that do
//! (previous tags, the extended prediction history) are added while decoding.
//!
//! Forms are normalised before anything reads them: curly quotes and apostrophes become straight
//! ones and long dashes become `--`, as in the Reuters text the model learns from. Headlines in
//! capitals or title case are re-cased word by word from the way the same word is written in the
//! body of the document (a document-centred trick after Mikheev), so "ENVOY" or "Envoy" in a
//! headline looks like "envoy" when the body writes it so.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use xxhash_rust::xxh3::xxh3_64;

use crate::model::{NTAGS, Scores, Weights};

/// A hasher for keys that are already well-mixed `u64` hashes.
#[derive(Default, Clone, Copy)]
pub struct PreHashed(u64);

impl Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0, b as u64);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
    fn write_u32(&mut self, v: u32) {
        self.0 = mix(0, v as u64);
    }
    fn write_usize(&mut self, v: usize) {
        self.0 = mix(0, v as u64);
    }
}

/// A `HashMap` keyed by pre-hashed `u64`s.
pub type HashMap64<V> = HashMap<u64, V, BuildHasherDefault<PreHashed>>;

/// Mix two 64-bit values into one well-distributed hash (a splitmix64-style finaliser).
#[inline]
pub fn mix(a: u64, b: u64) -> u64 {
    let mut x = a ^ b.wrapping_add(0x9E37_79B9_7F4A_7C15).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 31;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 29;
    x
}

/// Hash of a string, stable across platforms and runs.
#[inline]
pub fn hash_str(s: &str) -> u64 {
    xxh3_64(s.as_bytes())
}

/// The form a token is read as: curly quotes, apostrophes and dashes in their Reuters spelling,
/// and the dotless "US"/"UN"/"UK" of modern style in the dotted form the Reuters text uses.
pub fn normalize_form(s: &str) -> Cow<'_, str> {
    match s {
        "US" => return Cow::Borrowed("U.S."),
        "UN" => return Cow::Borrowed("U.N."),
        "UK" => return Cow::Borrowed("U.K."),
        _ => {}
    }
    if s.is_ascii() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '’' | '‘' | 'ʼ' | '′' | '`' => out.push('\''),
            '“' | '”' | '„' | '«' | '»' | '″' => out.push('"'),
            '–' | '—' | '―' => out.push_str("--"),
            '‐' | '‑' | '‒' => out.push('-'),
            '…' => out.push_str("..."),
            '\u{a0}' => out.push(' '),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The word's shape with runs collapsed: "Antonov" -> "Xx", "U.S." -> "X.X.", "1996-08-22" -> "d-d-d".
pub fn shape(s: &str) -> String {
    let mut out = String::with_capacity(8);
    shape_into(s, &mut out);
    out
}

/// [`shape`] into a reusable buffer.
fn shape_into(s: &str, out: &mut String) {
    out.clear();
    let mut last = '\0';
    for c in s.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if k != last {
            out.push(k);
            last = k;
        }
        if out.len() > 12 {
            break;
        }
    }
}

/// Whether the first character is upper case.
pub fn is_capitalized(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

fn is_all_caps(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters > 0
}

/// Cluster ids of a word at three granularities (coarse to fine); `NO_CLUSTER` when unknown.
pub type ClusterIds = [u16; 3];
pub const NO_CLUSTER: u16 = u16::MAX;

/// Gazetteer position flags for one token: bit `4*type + pos` with pos 0 = begin, 1 = inside,
/// 2 = last, 3 = unit (single-token match).
pub type GazFlags = u16;

/// Read-only resources the features consult.
pub trait Lexicon {
    /// Cluster ids of a (normalised, case-sensitive) form.
    fn clusters(&self, form_hash: u64) -> ClusterIds;
    /// Type mask (bit per type) of a phrase, given the hash of its token-form hashes.
    fn phrase_types(&self, phrase_hash: u64) -> u8;
    /// Type mask of single words that occur inside known names.
    fn word_types(&self, form_hash: u64) -> u8;
    /// How often unlabelled news capitalises the word mid-sentence, given the hash of its lower
    /// case form: 0 unknown, 1 (never) ..= 5 (always).
    fn casing(&self, lower_hash: u64) -> u8;
}

/// The longest phrase the gazetteer matches.
pub const MAX_PHRASE: usize = 6;

/// Hash of a phrase from the hashes of its forms.
#[inline]
pub fn phrase_hash(form_hashes: &[u64]) -> u64 {
    form_hashes.iter().fold(0x5EED_u64, |h, &f| mix(h, f))
}

/// One distinct word form of a document, with the features that depend on it alone.
#[derive(Clone, Debug, Default)]
pub struct Word {
    pub w: u64,
    pub lw: u64,
    pub sh: u64,
    pub cl: ClusterIds,
    pub gazw: u8,
    /// Key ranges in [`Prepared::wkeys`]: the word's own features, then its features as the
    /// neighbour at each of [`OFFSETS`].
    pub ranges: [(u32, u32); 5],
}

/// Neighbour offsets whose words are features of a token.
pub const OFFSETS: [isize; 4] = [-2, -1, 1, 2];

/// Word-table index of the padding before a sentence.
pub const PAD_BEFORE_WORD: u32 = 0;
/// Word-table index of the padding after a sentence.
pub const PAD_AFTER_WORD: u32 = 1;

/// One document prepared for tagging: normalised forms and the static features of every token.
///
/// Features are split three ways so that the tagger can score each distinct word once per
/// document: features of the word itself, features of a word as a neighbour at a given offset,
/// and the remaining per-position features (`ctx`).
#[derive(Debug, Default)]
pub struct Prepared {
    /// Sentence boundaries as token index ranges.
    pub sentences: Vec<(usize, usize)>,
    /// Per token: index of its word in `words`.
    pub word: Vec<u32>,
    /// Per token: word indices of its neighbours at [`OFFSETS`] (padding outside the sentence).
    pub nbr: Vec<[u32; 4]>,
    /// Distinct words (the two paddings first).
    pub words: Vec<Word>,
    pub wkeys: Vec<u64>,
    /// Hash of the lower-case form of each token (for the extended prediction history).
    pub lower: Vec<u64>,
    /// Hash of the shape of each token.
    pub shape: Vec<u64>,
    /// Whether the token is capitalised (as read, after re-casing).
    pub cap: Vec<bool>,
    /// Per-position static keys of token `t`: `ctx[ctx_offsets[t]..ctx_offsets[t + 1]]`.
    pub ctx: Vec<u64>,
    pub ctx_offsets: Vec<u32>,
    /// Per distinct word, the row of its scores in each role (as in [`Word::ranges`]) in the
    /// table of the memo it was prepared with by [`prepare_scored`]; empty otherwise. A scored
    /// document keeps no word keys: `wkeys` is empty and the word ranges are empty. Rows, not
    /// copies: a row is 340 bytes, and copying one per distinct word of every document was a
    /// fifth of the time spent preparing.
    pub(crate) score_rows: Vec<u32>,
}

impl Prepared {
    pub fn len(&self) -> usize {
        self.word.len()
    }

    pub fn is_empty(&self) -> bool {
        self.word.is_empty()
    }

    /// Keys of word `w` in role `r` (0 = itself, 1.. = neighbour at `OFFSETS[r - 1]`).
    pub fn word_keys(&self, w: u32, r: usize) -> &[u64] {
        let Some(word) = self.words.get(w as usize) else { return &[] };
        let (a, b) = word.ranges[r];
        self.wkeys.get(a as usize..b as usize).unwrap_or(&[])
    }

    pub fn ctx_keys(&self, t: usize) -> &[u64] {
        let a = self.ctx_offsets.get(t).copied().unwrap_or(0) as usize;
        let b = self.ctx_offsets.get(t + 1).copied().unwrap_or(0) as usize;
        self.ctx.get(a..b).unwrap_or(&[])
    }

    /// Every static key of token `t` (for training, which needs them explicitly).
    pub fn static_keys(&self, t: usize, out: &mut Vec<u64>) {
        out.clear();
        let Some(&w) = self.word.get(t) else { return };
        out.extend_from_slice(self.word_keys(w, 0));
        for (r, &n) in self.nbr[t].iter().enumerate() {
            out.extend_from_slice(self.word_keys(n, r + 1));
        }
        out.extend_from_slice(self.ctx_keys(t));
    }
}

// Template ids. Values are arbitrary but fixed: changing one invalidates trained models.
mod tpl {
    pub const BIAS: u64 = 1;
    pub const W0: u64 = 2;
    pub const LW0: u64 = 3;
    pub const SHAPE0: u64 = 4;
    pub const PRE: u64 = 5;
    pub const SUF: u64 = 6;
    pub const WM1: u64 = 7;
    pub const WP1: u64 = 8;
    pub const LWM2: u64 = 9;
    pub const LWP2: u64 = 10;
    pub const SHM1: u64 = 11;
    pub const SHP1: u64 = 12;
    pub const SHM1_0: u64 = 13;
    pub const SH0_P1: u64 = 14;
    pub const LWM1_0: u64 = 15;
    pub const LW0_P1: u64 = 16;
    pub const C0: u64 = 17;
    pub const CM1: u64 = 18;
    pub const CP1: u64 = 19;
    pub const CM2: u64 = 20;
    pub const CP2: u64 = 21;
    pub const GAZ0: u64 = 22;
    pub const GAZM1: u64 = 23;
    pub const GAZP1: u64 = 24;
    pub const GAZW0: u64 = 25;
    pub const SENT: u64 = 26;
    pub const FIRST: u64 = 27;
    pub const DOC_LOWER: u64 = 28;
    pub const DOC_CAPMID: u64 = 29;
    pub const LEN: u64 = 30;
    pub const C0_SH: u64 = 31;
    pub const WM1_SH0: u64 = 32;
    pub const GAZW_M1: u64 = 33;
    pub const GAZW_P1: u64 = 34;
    pub const CAPRUN: u64 = 35;
    pub const CASING: u64 = 36;
    // Dynamic templates (read predicted tags).
    pub const T1: u64 = 100;
    pub const T2: u64 = 101;
    pub const T1_W0: u64 = 102;
    pub const T1_SH0: u64 = 103;
    pub const HIST_TYPE: u64 = 120;
    pub const HIST_MAJ: u64 = 121;
    pub const HIST_NONE: u64 = 122;
}

const PAD_BEFORE: u64 = 0xB0B0;
const PAD_AFTER: u64 = 0xE0E0;

/// Analyse one word form into `words`/`wkeys`.
/// Scratch buffers reused across the words of a document (analysis runs once per distinct word
/// and must not allocate for each).
#[derive(Default)]
struct Scratch {
    lower: String,
    digits: String,
    shape: String,
}

fn analyse_word(form: &str, lex: &dyn Lexicon, keys: &mut Vec<u64>, sc: &mut Scratch) -> Word {
    let w = hash_str(form);
    sc.lower.clear();
    sc.lower.extend(form.chars().flat_map(char::to_lowercase));
    let lower = sc.lower.as_str();
    let lower_hash = hash_str(lower);
    let lw = if lower.bytes().any(|b| b.is_ascii_digit()) {
        sc.digits.clear();
        sc.digits.extend(lower.chars().map(|c| if c.is_ascii_digit() { '0' } else { c }));
        hash_str(&sc.digits)
    } else {
        lower_hash
    };
    let casing = lex.casing(lower_hash);
    shape_into(form, &mut sc.shape);
    let sh = hash_str(&sc.shape);
    let cl = lex.clusters(w);
    let gazw = lex.word_types(w);
    let mut word = Word { w, lw, sh, cl, gazw, ranges: [(0, 0); 5] };
    let start = keys.len() as u32;
    keys.push(mix(tpl::W0, w));
    keys.push(mix(tpl::LW0, lw));
    keys.push(mix(tpl::SHAPE0, sh));
    // Prefixes and suffixes of up to four characters.
    let nchars = lower.chars().count();
    let mut ends = lower.char_indices().map(|(i, c)| i + c.len_utf8());
    let mut starts = lower.char_indices().rev().map(|(i, _)| i);
    for l in 1..=4.min(nchars) {
        if let (Some(e), Some(b)) = (ends.next(), starts.next()) {
            keys.push(mix(tpl::PRE + 1000 * l as u64, hash_str(&lower[..e])));
            keys.push(mix(tpl::SUF + 1000 * l as u64, hash_str(&lower[b..])));
        }
    }
    for (g, &c) in cl.iter().enumerate() {
        if c != NO_CLUSTER {
            keys.push(mix(tpl::C0 + 1000 * g as u64, c as u64));
            if g == 1 {
                keys.push(mix(mix(tpl::C0_SH, c as u64), sh));
            }
        }
    }
    push_flags(keys, tpl::GAZW0, gazw as u64, 4);
    keys.push(mix(tpl::LEN, nchars.min(8) as u64));
    keys.push(mix(mix(tpl::CASING, casing as u64), is_capitalized(form) as u64));
    word.ranges[0] = (start, keys.len() as u32);
    neighbour_keys(&mut word, keys);
    word
}

/// The keys of a word as the neighbour of a token, at each offset.
fn neighbour_keys(word: &mut Word, keys: &mut Vec<u64>) {
    for (r, &d) in OFFSETS.iter().enumerate() {
        let start = keys.len() as u32;
        match d {
            -1 | 1 => {
                let (tw, tsh, tc, tg) = if d < 0 {
                    (tpl::WM1, tpl::SHM1, tpl::CM1, tpl::GAZW_M1)
                } else {
                    (tpl::WP1, tpl::SHP1, tpl::CP1, tpl::GAZW_P1)
                };
                keys.push(mix(tw, word.w));
                keys.push(mix(tsh, word.sh));

                for g in 0..3 {
                    keys.push(mix(tc + 1000 * g as u64, word.cl[g] as u64));
                }
                push_flags(keys, tg, word.gazw as u64, 4);
            }
            _ => {
                let (tl, tc) = if d < 0 { (tpl::LWM2, tpl::CM2) } else { (tpl::LWP2, tpl::CP2) };
                keys.push(mix(tl, word.lw));
                keys.push(mix(tc, word.cl[1] as u64));
            }
        }
        word.ranges[r + 1] = (start, keys.len() as u32);
    }
}

fn pad_word(v: u64, keys: &mut Vec<u64>) -> Word {
    let c = v as u16;
    let mut word = Word { w: v, lw: v, sh: v, cl: [c; 3], gazw: 0, ranges: [(0, 0); 5] };
    let start = keys.len() as u32;
    word.ranges[0] = (start, start);
    neighbour_keys(&mut word, keys);
    word
}

/// Static features of a whole document, given as sentences of raw token strings.
pub fn prepare<S: AsRef<str>>(sentences: &[Vec<S>], lex: &dyn Lexicon) -> Prepared {
    prepare_with(sentences, lex, None)
}

/// Static features of a document for tagging with `weights`: like [`prepare`], but each
/// distinct word comes with the row of its scores in `memo` instead of its keys, taken from
/// `memo` when an earlier document had the word. `memo` must only ever be used with this
/// `weights` and `lex`, and the rows hold only until `memo` prepares another document: tag the
/// document first (hence crate-private).
pub(crate) fn prepare_scored<S: AsRef<str>>(
    sentences: &[Vec<S>],
    lex: &dyn Lexicon,
    weights: &Weights,
    memo: &mut WordMemo,
) -> Prepared {
    prepare_with(sentences, lex, Some((weights, memo)))
}

/// The analysis and scores of word forms met in earlier documents, so that the frequent words
/// of a language (most of any text) are analysed and looked up in the model once per thread,
/// not once per document. A word's analysis depends on its form and the model alone, so the
/// memo changes speed only, never a result (keyed, like the per-document word table, by a
/// 64-bit hash of the form: two forms of one hash would be one word with or without it).
///
/// A thread's memo grows with the distinct words that thread has tagged, up to two generations
/// (a generation holds one whole document at least): a thread that tagged one short article
/// holds a few hundred words, not the bound.
#[derive(Debug)]
pub struct WordMemo {
    /// The words met since the memo last filled up.
    recent: Generation,
    /// The words of the generation before: those met again move to `recent`.
    older: Generation,
    /// Words in a generation at most.
    generation: usize,
    keys: Vec<u64>,
}

impl Default for WordMemo {
    fn default() -> WordMemo {
        WordMemo::with_generation(WordMemo::GENERATION)
    }
}

/// Words with their scores, indexed by form hash (the entries themselves are too big to move
/// as the table grows).
#[derive(Debug, Default)]
struct Generation {
    index: HashMap64<u32>,
    words: Vec<Word>,
    /// Per word, its scores in each role.
    scores: Vec<[Scores; 5]>,
}

impl Generation {
    fn insert(&mut self, h: u64, word: Word, scores: [Scores; 5]) -> u32 {
        let row = self.words.len() as u32;
        self.index.insert(h, row);
        self.words.push(word);
        self.scores.push(scores);
        row
    }
}

impl WordMemo {
    /// Words in a generation by default. When the recent generation is full it becomes the older
    /// one and the oldest is forgotten, so the words in use stay and the memo stays bounded
    /// (about 15 MB at most).
    const GENERATION: usize = 1 << 14;

    /// A memo whose generations hold `generation` words (at least one).
    pub fn with_generation(generation: usize) -> WordMemo {
        WordMemo {
            recent: Generation::default(),
            older: Generation::default(),
            generation: generation.max(1),
            keys: Vec::new(),
        }
    }

    /// The number of words remembered.
    pub fn len(&self) -> usize {
        self.recent.words.len() + self.older.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Makes room for a document of at most `words` distinct words: the rows its words get
    /// must not move until it is tagged, so the generations turn over between documents only
    /// (a document larger than a generation makes that generation larger, for as long as it
    /// is the recent one).
    fn make_room(&mut self, words: usize) {
        if !self.recent.words.is_empty() && self.recent.words.len() + words > self.generation {
            self.older = std::mem::take(&mut self.recent);
        }
    }

    /// The row in [`WordMemo::scores`] of the word of `form` (whose hash is `h`).
    fn word(&mut self, form: &str, h: u64, lex: &dyn Lexicon, w: &Weights, sc: &mut Scratch) -> u32 {
        if let Some(&row) = self.recent.index.get(&h) {
            return row;
        }
        let (word, scores) = match self.older.index.get(&h) {
            Some(&i) => (self.older.words[i as usize].clone(), self.older.scores[i as usize]),
            None => {
                self.keys.clear();
                let mut word = analyse_word(form, lex, &mut self.keys, sc);
                let scores = self.score(&mut word, w);
                (word, scores)
            }
        };
        self.recent.insert(h, word, scores)
    }

    /// The word in `row` of the recent generation.
    fn word_at(&self, row: u32) -> &Word {
        &self.recent.words[row as usize]
    }

    /// The scores in each role of the word in `row` (as given by the preparation of the last
    /// document; zeros for a row that is not there, which cannot happen then).
    pub(crate) fn scores(&self, row: u32) -> &[Scores; 5] {
        const NONE: [Scores; 5] = [[0; NTAGS]; 5];
        self.recent.scores.get(row as usize).unwrap_or(&NONE)
    }

    /// Scores of a word whose keys are in `self.keys`; leaves the word without key ranges.
    fn score(&self, word: &mut Word, w: &Weights) -> [Scores; 5] {
        let scores = role_scores(w, &self.keys, &word.ranges);
        word.ranges = [(0, 0); 5];
        scores
    }

    /// The row of the padding word `v` (remembered like any word, under its own value, which
    /// the 64-bit form hashes are trusted not to meet).
    fn pad(&mut self, v: u64, w: &Weights) -> u32 {
        if let Some(&row) = self.recent.index.get(&v) {
            return row;
        }
        self.keys.clear();
        let mut word = pad_word(v, &mut self.keys);
        let scores = self.score(&mut word, w);
        self.recent.insert(v, word, scores)
    }
}

/// The scores under `w` of a word in each role, its keys being `keys[ranges[r]]` in role `r`.
pub fn role_scores(w: &Weights, keys: &[u64], ranges: &[(u32, u32); 5]) -> [Scores; 5] {
    let mut scores = [[0i32; NTAGS]; 5];
    for (s, &(a, b)) in scores.iter_mut().zip(ranges) {
        for &k in keys.get(a as usize..b as usize).unwrap_or(&[]) {
            w.add(k, s);
        }
    }
    scores
}

fn prepare_with<S: AsRef<str>>(
    sentences: &[Vec<S>],
    lex: &dyn Lexicon,
    mut scored: Option<(&Weights, &mut WordMemo)>,
) -> Prepared {
    let n: usize = sentences.iter().map(Vec::len).sum();
    let mut p = Prepared {
        sentences: Vec::with_capacity(sentences.len()),
        word: Vec::with_capacity(n),
        nbr: Vec::with_capacity(n),
        words: Vec::with_capacity(n / 2 + 2),
        wkeys: Vec::with_capacity(if scored.is_some() { 0 } else { n * 12 }),
        lower: Vec::with_capacity(n),
        shape: Vec::with_capacity(n),
        cap: Vec::with_capacity(n),
        ctx: Vec::with_capacity(n * 16),
        ctx_offsets: Vec::with_capacity(n + 1),
        score_rows: Vec::new(),
    };
    if let Some((_, memo)) = &mut scored {
        memo.make_room(n + 2);
    }
    // Normalised forms and sentence kinds.
    let mut forms: Vec<Cow<'_, str>> = Vec::with_capacity(n);
    let mut kinds: Vec<SentenceKind> = Vec::with_capacity(sentences.len());
    for s in sentences {
        let start = forms.len();
        forms.extend(s.iter().map(|t| normalize_form(t.as_ref())));
        kinds.push(sentence_kind(&forms[start..]));
        p.sentences.push((start, forms.len()));
    }
    // Lower-case hashes, computed once per distinct form.
    let mut lower_of: HashMap64<u64> = HashMap64::default();
    let mut lowers: Vec<u64> = Vec::with_capacity(n);
    let mut form_hashes: Vec<u64> = Vec::with_capacity(n);
    for f in &forms {
        let h = hash_str(f);
        form_hashes.push(h);
        let l = *lower_of
            .entry(h)
            .or_insert_with(|| if f.chars().any(char::is_uppercase) { hash_str(&f.to_lowercase()) } else { h });
        lowers.push(l);
    }
    // How the body writes each word: lower case somewhere mid-sentence, and its capitalised form
    // mid-sentence, so headlines can be re-cased and sentence-initial words judged.
    let mut lower_seen: HashMap64<()> = HashMap64::default();
    let mut cap_mid: HashMap64<usize> = HashMap64::default();
    for (si, &(a, b)) in p.sentences.iter().enumerate() {
        if kinds[si] != SentenceKind::Normal {
            continue;
        }
        for t in a..b {
            let f = &forms[t];
            let Some(c) = f.chars().next() else { continue };
            if c.is_lowercase() {
                lower_seen.insert(lowers[t], ());
            } else if c.is_uppercase() && t > a && !prev_is_opener(&forms[t - 1]) {
                cap_mid.entry(lowers[t]).or_insert(t);
            }
        }
    }
    // Re-case headline words.
    let mut read: Vec<Cow<'_, str>> = Vec::with_capacity(n);
    let mut read_hashes: Vec<u64> = Vec::with_capacity(n);
    for (si, &(a, b)) in p.sentences.iter().enumerate() {
        for t in a..b {
            let f = &forms[t];
            let recased = if kinds[si] != SentenceKind::Normal && is_capitalized(f) {
                if let Some(&m) = cap_mid.get(&lowers[t]) {
                    Some(forms[m].clone())
                } else if lower_seen.contains_key(&lowers[t]) {
                    Some(Cow::Owned(f.to_lowercase()))
                } else if kinds[si] == SentenceKind::Caps && f.chars().count() > 3 && is_all_caps(f) {
                    // An unknown capitalised word in a capitals headline: most likely a name.
                    Some(Cow::Owned(title_case(f)))
                } else {
                    None
                }
            } else {
                None
            };
            match recased {
                Some(r) => {
                    read_hashes.push(hash_str(&r));
                    read.push(r);
                }
                None => {
                    read_hashes.push(form_hashes[t]);
                    read.push(f.clone());
                }
            }
        }
    }
    // The word table.
    for pad in [PAD_BEFORE, PAD_AFTER] {
        match &mut scored {
            Some((w, memo)) => {
                let row = memo.pad(pad, w);
                p.words.push(memo.word_at(row).clone());
                p.score_rows.push(row);
            }
            None => p.words.push(pad_word(pad, &mut p.wkeys)),
        }
    }
    let mut index: HashMap64<u32> = HashMap64::default();
    let mut scratch = Scratch::default();
    for (f, &h) in read.iter().zip(&read_hashes) {
        let wi = match index.get(&h) {
            Some(&i) => i,
            None => {
                let i = p.words.len() as u32;
                let word = match &mut scored {
                    Some((w, memo)) => {
                        let row = memo.word(f, h, lex, w, &mut scratch);
                        p.score_rows.push(row);
                        memo.word_at(row).clone()
                    }
                    None => analyse_word(f, lex, &mut p.wkeys, &mut scratch),
                };
                p.words.push(word);
                index.insert(h, i);
                i
            }
        };
        p.word.push(wi);
        let word = &p.words[wi as usize];
        p.lower.push(word.lw);
        p.shape.push(word.sh);
        p.cap.push(is_capitalized(f));
    }
    for &(a, b) in &p.sentences {
        for t in a..b {
            let mut nb = [0u32; 4];
            for (r, &d) in OFFSETS.iter().enumerate() {
                let j = t as isize + d;
                nb[r] = if j < a as isize {
                    PAD_BEFORE_WORD
                } else if j >= b as isize {
                    PAD_AFTER_WORD
                } else {
                    p.word[j as usize]
                };
            }
            p.nbr.push(nb);
        }
    }
    // Gazetteers: longest match from each start.
    let gaz = match_phrases(&p, &read, &|h| lex.phrase_types(h));
    // Per-position keys.
    p.ctx_offsets.push(0);
    for (si, &(a, b)) in p.sentences.iter().enumerate() {
        let kind = kinds[si] as u64;
        for t in a..b {
            let k = &mut p.ctx;
            let me = &p.words[p.word[t] as usize];
            let m1 = &p.words[p.nbr[t][1] as usize];
            let p1 = &p.words[p.nbr[t][2] as usize];
            k.push(tpl::BIAS);
            k.push(mix(mix(tpl::SHM1_0, m1.sh), me.sh));
            k.push(mix(mix(tpl::SH0_P1, me.sh), p1.sh));
            k.push(mix(mix(tpl::LWM1_0, m1.lw), me.lw));
            k.push(mix(mix(tpl::LW0_P1, me.lw), p1.lw));
            k.push(mix(mix(tpl::WM1_SH0, m1.lw), me.sh));
            push_flags(k, tpl::GAZ0, gaz[t] as u64, 16);
            push_flags(k, tpl::GAZM1, if t > a { gaz[t - 1] as u64 } else { 0 }, 16);
            push_flags(k, tpl::GAZP1, if t + 1 < b { gaz[t + 1] as u64 } else { 0 }, 16);
            k.push(mix(mix(tpl::SENT, kind), me.sh));
            if t == a {
                k.push(mix(tpl::FIRST, me.sh));
            }
            if p.cap[t] {
                let low = lower_seen.contains_key(&lowers[t]);
                let capm = cap_mid.contains_key(&lowers[t]);
                k.push(mix(mix(tpl::DOC_LOWER, low as u64), (t == a) as u64));
                k.push(mix(mix(tpl::DOC_CAPMID, capm as u64), (t == a) as u64));
                // Length of the run of capitalised tokens this one belongs to.
                let mut run = 1;
                let mut j = t;
                while j > a && p.cap[j - 1] && run < 4 {
                    run += 1;
                    j -= 1;
                }
                let mut j = t + 1;
                while j < b && j < p.cap.len() && p.cap[j] && run < 4 {
                    run += 1;
                    j += 1;
                }
                k.push(mix(tpl::CAPRUN, run));
            }
            p.ctx_offsets.push(k.len() as u32);
        }
    }
    p
}

/// Gazetteer flags per token: the longest phrase that `types` knows from each start (names
/// start with a capital or a digit).
fn match_phrases(p: &Prepared, read: &[Cow<'_, str>], types: &dyn Fn(u64) -> u8) -> Vec<GazFlags> {
    let n = p.len();
    let mut gaz: Vec<GazFlags> = vec![0; n];
    let mut hashes: Vec<u64> = Vec::with_capacity(MAX_PHRASE);
    for &(a, b) in &p.sentences {
        let mut t = a;
        while t < b {
            let mut matched = 0;
            if read[t].starts_with(|c: char| c.is_uppercase() || c.is_numeric()) {
                let maxl = MAX_PHRASE.min(b - t);
                hashes.clear();
                hashes.extend(p.word[t..t + maxl].iter().map(|&w| p.words[w as usize].w));
                for l in (1..=maxl).rev() {
                    let mask = types(phrase_hash(&hashes[..l]));
                    if mask == 0 {
                        continue;
                    }
                    for ty in 0..4 {
                        if mask & (1 << ty) == 0 {
                            continue;
                        }
                        if l == 1 {
                            gaz[t] |= 1 << (4 * ty + 3);
                        } else {
                            gaz[t] |= 1 << (4 * ty);
                            for g in &mut gaz[t + 1..t + l - 1] {
                                *g |= 1 << (4 * ty + 1);
                            }
                            gaz[t + l - 1] |= 1 << (4 * ty + 2);
                        }
                    }
                    matched = l;
                    break;
                }
            }
            t += matched.max(1);
        }
    }
    gaz
}

fn push_flags(k: &mut Vec<u64>, template: u64, flags: u64, bits: u32) {
    if flags == 0 {
        return;
    }
    for b in 0..bits {
        if flags & (1 << b) != 0 {
            k.push(mix(template, b as u64));
        }
    }
}

fn prev_is_opener(s: &str) -> bool {
    matches!(s, "\"" | "'" | "(" | "[" | ":" | "--" | "-" | "." | "?" | "!")
}

fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        if i == 0 {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SentenceKind {
    Normal = 0,
    /// Mostly capitals: a Reuters headline or a shouted line.
    Caps = 1,
    /// Title Case: a modern headline.
    Title = 2,
}

fn sentence_kind(forms: &[Cow<'_, str>]) -> SentenceKind {
    let mut letters = 0;
    let mut caps = 0;
    let mut long = 0;
    let mut long_cap = 0;
    for f in forms {
        if !f.starts_with(char::is_alphabetic) {
            continue;
        }
        letters += 1;
        if is_all_caps(f) && f.chars().count() > 1 {
            caps += 1;
        }
        if f.chars().count() >= 4 {
            long += 1;
            if is_capitalized(f) {
                long_cap += 1;
            }
        }
    }
    if letters >= 2 && caps * 10 >= letters * 7 {
        SentenceKind::Caps
    } else if long >= 3 && long_cap * 10 >= long * 8 {
        SentenceKind::Title
    } else {
        SentenceKind::Normal
    }
}

/// Dynamic features of token `t` given the previous two predicted tags.
#[inline]
pub fn history_keys(p: &Prepared, t: usize, prev: u8, prev2: u8, out: &mut [u64; 4]) {
    let lw = p.lower.get(t).copied().unwrap_or(0);
    let sh = p.shape.get(t).copied().unwrap_or(0);
    out[0] = mix(tpl::T1, prev as u64);
    out[1] = mix(mix(tpl::T2, prev as u64), prev2 as u64);
    out[2] = mix(mix(tpl::T1_W0, prev as u64), lw);
    out[3] = mix(mix(tpl::T1_SH0, prev as u64), sh);
}

/// Extended prediction history: the tags given so far in this document to earlier occurrences
/// of a capitalised word (after Ratinov & Roth 2009). It carries a decision made in a clear
/// context ("Mr. Woods") to later, ambiguous ones ("Woods was among...").
#[derive(Debug, Default)]
pub struct History {
    counts: HashMap64<[u16; 5]>,
}

impl History {
    /// Keys for token `t` from the history so far.
    pub fn keys(&self, p: &Prepared, t: usize, out: &mut Vec<u64>) {
        out.clear();
        if !p.cap.get(t).copied().unwrap_or(false) {
            return;
        }
        let Some(c) = p.lower.get(t).and_then(|l| self.counts.get(l)) else {
            out.push(tpl::HIST_NONE);
            return;
        };
        let mut best = 0;
        for ty in 0..5 {
            if c[ty] > c[best] {
                best = ty;
            }
            if c[ty] > 0 {
                out.push(mix(tpl::HIST_TYPE, ty as u64));
            }
        }
        out.push(mix(tpl::HIST_MAJ, best as u64));
    }

    /// Record that token `t` got an entity type (`Some(0..4)`) or none.
    pub fn record(&mut self, p: &Prepared, t: usize, ty: Option<u8>) {
        if !p.cap.get(t).copied().unwrap_or(false) {
            return;
        }
        let Some(&l) = p.lower.get(t) else { return };
        let c = self.counts.entry(l).or_insert([0; 5]);
        let slot = ty.map_or(4, |x| x.min(3) as usize);
        c[slot] = c[slot].saturating_add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_read_in_reuters_spelling() {
        assert_eq!(normalize_form("Russia’s"), "Russia's");
        assert_eq!(normalize_form("“"), "\"");
        assert_eq!(normalize_form("—"), "--");
        assert_eq!(normalize_form("US"), "U.S.");
        assert_eq!(normalize_form("Antonov"), "Antonov");
        assert_eq!(shape("Antonov"), "Xx");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("1996-08-22"), "d-d-d");
    }

    struct NoLex;
    impl Lexicon for NoLex {
        fn clusters(&self, _: u64) -> ClusterIds {
            [NO_CLUSTER; 3]
        }
        fn phrase_types(&self, h: u64) -> u8 {
            // "New York" is a known place.
            if h == phrase_hash(&[hash_str("New"), hash_str("York")]) { 0b100 } else { 0 }
        }
        fn word_types(&self, _: u64) -> u8 {
            0
        }
        fn casing(&self, _: u64) -> u8 {
            0
        }
    }

    #[test]
    fn headlines_are_recased_from_the_body() {
        let doc = vec![
            vec!["ENVOY", "RETURNS", "TO", "NEW", "YORK"],
            vec!["The", "envoy", "returns", "to", "New", "York", "."],
        ];
        let p = prepare(&doc, &NoLex);
        // "ENVOY" reads as "envoy" (lower case in the body), "NEW" as "New".
        assert_eq!(p.word[0], p.word[6]);
        assert_eq!(p.word[3], p.word[9]);
        assert!(!p.cap[0] && p.cap[3]);
        // Same words, same word-table entries; every token has keys.
        let mut keys = Vec::new();
        for t in 0..p.len() {
            p.static_keys(t, &mut keys);
            assert!(keys.len() > 10);
        }
    }
}
