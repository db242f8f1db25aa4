//! What one article contributes to linking: a compact, self-contained summary of it.
//!
//! Everything story linking and near-duplicate detection compare is computed here, once per
//! article, from the article alone (plus the fixed background [`DfTable`]): weighted content
//! terms, name tokens, numbers, mentioned dates and years, quote shingles, the publication day,
//! the blocking keys, and the shingle [`Sketch`]. Because a pair's similarity then depends only on
//! the two summaries, the clustering does not depend on input order or thread count.
//!
//! Text features work on their own (capitalised words stand in for names, regexes find dates).
//! When the annotation layers deliver entities, time expressions and quotes, their output is
//! folded into the same vectors ([`Features::from_doc`]): richer input, same comparison.

use crate::dedup::Sketch;
use crate::fasthash::KeyMap;
use crate::lexicon::{DfTable, month_number, normalized_key, term_key};
use regex::Regex;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;
use storyline_annotate::Doc;
use storyline_core::text::{Token, TokenKind, tokenize};
use storyline_core::{Article, DateBasis, PartialDate, Span};

/// A sparse vector: `(key, weight)` sorted by key, L2-normalised unless empty. Keys are the low
/// 32 bits of term keys: half the memory of 64-bit keys, and a collision between two terms of
/// one article pair is rare enough not to move a cosine.
pub type SparseVec = Vec<(u32, f32)>;

/// How many words at the start of the body count as the lead (weighted up: news puts the event
/// first).
const LEAD_WORDS: usize = 60;
/// Weight of a title word, a lead word and any other word.
const TITLE_WEIGHT: f32 = 3.0;
const LEAD_WEIGHT: f32 = 2.0;
/// How many of an article's strongest terms and names serve as blocking keys.
const TERM_KEYS: usize = 10;
const NAME_KEYS: usize = 6;
/// A header date must appear within this many bytes of the start of the body.
const HEADER_BYTES: usize = 400;
/// Caps that keep feature vectors (and the cost of comparing them) bounded on huge inputs.
const MAX_TERMS: usize = 250;
const MAX_LIST: usize = 64;

/// The linking summary of one article.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Features {
    pub id: String,
    /// The day the article was published (days since 1970-01-01), or failing that the first full
    /// date written in its header lines. `None` when neither is known.
    pub day: Option<i32>,
    /// Content terms, tf·idf weighted (title and lead words count more), L2-normalised.
    pub terms: SparseVec,
    /// Terms of the title and lead only (where news says what happened), L2-normalised.
    pub lead: SparseVec,
    /// Tokens of names: capitalised words outside sentence starts, entity names and aliases,
    /// the dateline. idf weighted, L2-normalised.
    pub names: SparseVec,
    /// The article's most salient names (the strongest few name tokens by tf·idf, seen at least
    /// twice), sorted. Two events of one kind differ in exactly these: who, where.
    pub salient: Vec<u32>,
    /// Numbers other than years ("7.1", "160", "23"), hashed, sorted, distinct.
    pub numbers: Vec<u64>,
    /// Years mentioned (1900..=2099), sorted, distinct.
    pub years: Vec<i16>,
    /// Full dates mentioned or resolved by the time layer, as day numbers, sorted, distinct.
    pub dates: Vec<i32>,
    /// Hashes of 4-word shingles inside quotations, sorted, distinct.
    pub quotes: Vec<u64>,
    /// Blocking keys from the strongest terms (matched within a short time window).
    pub keys: Vec<u64>,
    /// Blocking keys from the strongest names (matched within the long window: a story about the
    /// same people can resume months later). Two articles are compared only when they share at
    /// least two keys of either kind.
    pub name_keys: Vec<u64>,
    /// Shingle sketch for near-duplicate detection.
    pub sketch: Sketch,
}

impl Features {
    /// Features of an annotated article: text features plus whatever the layers found.
    pub fn from_doc(doc: &Doc, df: &DfTable) -> Features {
        let mut layers = LayerInput::default();
        let text = doc.article.text.as_str();
        for m in &doc.entities.mentions {
            layers.names.push(m.span.slice(text));
            if let Some(e) = doc.entities.entities.get(m.entity) {
                layers.names.push(&e.name);
            }
        }
        for e in &doc.entities.entities {
            layers.names.extend(e.aliases.iter().map(String::as_str));
        }
        for t in &doc.timexes {
            // Only dates written with their year ("20 June 2021", "2021-06-20"): a relative date
            // ("on Sunday") resolved against a guessed publication date is no evidence that two
            // articles differ (measured: it cost ECB+ BCubed F1 0.02).
            let written = t.span.slice(text);
            if !written.as_bytes().windows(4).any(|w| w.iter().all(u8::is_ascii_digit)) {
                continue;
            }
            if let Ok(d) = t.value.get(..10).unwrap_or(&t.value).parse::<PartialDate>() {
                layers.dates.push(d);
            } else if let Ok(d) = t.value.get(..7).unwrap_or("").parse::<PartialDate>() {
                layers.dates.push(d);
            } else if let Ok(d) = t.value.get(..4).unwrap_or("").parse::<PartialDate>() {
                layers.dates.push(d);
            }
        }
        for q in &doc.quotes {
            layers.quotes.push(Span::new(q.content_start, q.content_end).slice(text));
        }
        Features::from_article(&doc.article, &layers, df)
    }

    /// Features from the article's own text, plus layer output given as plain values.
    pub fn from_article(article: &Article, layers: &LayerInput<'_>, df: &DfTable) -> Features {
        let body = article.body.as_str();
        let tokens = tokenize(body);
        let title = article.title.as_deref().filter(|t| !body.starts_with(t.trim())).unwrap_or("");
        let title_tokens = tokenize(title);

        let mut term_tf: KeyMap<u64, f32> = KeyMap::default();
        let mut lead_tf: KeyMap<u64, f32> = KeyMap::default();
        let mut name_tf: KeyMap<u64, f32> = KeyMap::default();
        let mut numbers = Vec::new();
        let mut years = Vec::new();
        let mut add_words = |text: &str, toks: &[Token], weight_of: &dyn Fn(usize) -> f32| {
            let mut words = 0usize;
            for (i, t) in toks.iter().enumerate() {
                let s = t.span.slice(text);
                match t.kind {
                    TokenKind::Word => {
                        let w = weight_of(words);
                        words += 1;
                        let Some(key) = normalized_key(s) else { continue };
                        *term_tf.entry(key).or_insert(0.0) += w;
                        if w > 1.0 {
                            *lead_tf.entry(key).or_insert(0.0) += 1.0;
                        }
                        if is_name_token(text, toks, i) {
                            *name_tf.entry(key).or_insert(0.0) += w;
                        }
                    }
                    TokenKind::Number => {
                        words += 1;
                        // The numeric part only: "137-million" → "137", "1,247" → "1247".
                        let digits: String =
                            s.chars().filter(|c| *c != ',').take_while(|c| c.is_ascii_digit() || *c == '.').collect();
                        let digits = digits.trim_end_matches('.').to_string();
                        if let Some(y) = as_year(&digits) {
                            years.push(y);
                        } else if digits.len() >= 2 || digits.contains('.') {
                            numbers.push(term_key(&format!("#{digits}")));
                        }
                    }
                    TokenKind::Punct => {}
                }
            }
        };
        add_words(title, &title_tokens, &|_| TITLE_WEIGHT);
        add_words(body, &tokens, &|i| if i < LEAD_WORDS { LEAD_WEIGHT } else { 1.0 });

        // A name recurs with every mention: its keys are worked out once (and added in the same
        // order as before, so the sums are the same to the bit).
        let mut keys_of: FxHashMap<&str, Vec<u64>> = FxHashMap::default();
        for &name in layers.names.iter().chain(article.dateline.as_deref().iter()) {
            let keys = keys_of.entry(name).or_insert_with(|| {
                tokenize(name)
                    .into_iter()
                    .filter(|t| t.kind == TokenKind::Word)
                    .filter_map(|t| normalized_key(t.span.slice(name)))
                    .collect()
            });
            for &key in keys.iter() {
                *name_tf.entry(key).or_insert(0.0) += 1.0;
            }
        }

        let terms = weigh(term_tf, df, MAX_TERMS);
        let lead = weigh(lead_tf, df, MAX_TERMS);
        let salient = salient_names(&name_tf, df);
        let names = weigh(name_tf, df, MAX_TERMS);

        let mut dates: Vec<PartialDate> = layers.dates.clone();
        let found = find_dates(body);
        let header_date = found.iter().find(|(at, d)| *at < HEADER_BYTES && d.is_day()).map(|(_, d)| *d);
        dates.extend(found.into_iter().map(|(_, d)| d));
        for d in &dates {
            years.push(d.year);
        }
        let mut day_dates: Vec<i32> = dates.iter().filter_map(|d| day_number(*d)).collect();
        day_dates.sort_unstable();
        day_dates.dedup();
        day_dates.truncate(MAX_LIST);
        years.retain(|y| (1900..=2099).contains(y));
        years.sort_unstable();
        years.dedup();
        years.truncate(MAX_LIST);
        numbers.sort_unstable();
        numbers.dedup();
        numbers.truncate(MAX_LIST * 2);

        // A stated (or dateline, URL) publication day; an inferred one only when the header of the
        // text says nothing, since inference from relative expressions is a guess.
        let stated =
            article.published.date.filter(|d| d.is_day() && article.published.basis != Some(DateBasis::Inferred));
        let inferred = article.published.date.filter(|d| d.is_day());
        let day = stated.or(header_date).or(inferred).and_then(day_number);

        let mut quote_texts: Vec<&str> = layers.quotes.clone();
        if quote_texts.is_empty() {
            quote_texts = find_quotes(body);
        }
        let mut quotes = Vec::new();
        for q in quote_texts {
            let words: Vec<String> = tokenize(q)
                .into_iter()
                .filter(|t| t.kind != TokenKind::Punct)
                .map(|t| t.span.slice(q).to_lowercase())
                .collect();
            for w in words.windows(4) {
                quotes.push(term_key(&w.join(" ")));
            }
        }
        quotes.sort_unstable();
        quotes.dedup();
        quotes.truncate(MAX_LIST * 4);

        for v in [&mut numbers, &mut quotes] {
            v.shrink_to_fit();
        }
        day_dates.shrink_to_fit();
        years.shrink_to_fit();
        let keys = strongest(&terms, TERM_KEYS);
        let name_keys = strongest(&names, NAME_KEYS);
        let sketch = Sketch::of_tokens(body, &tokens);
        Features {
            id: article.id.clone(),
            day,
            terms,
            lead,
            names,
            salient,
            numbers,
            years,
            dates: day_dates,
            quotes,
            keys,
            name_keys,
            sketch,
        }
    }
}

/// Layer output for [`Features::from_article`], as plain values (so features can be built from
/// any source: the annotation pipeline, a store, a test).
#[derive(Clone, Debug, Default)]
pub struct LayerInput<'a> {
    /// Every entity mention's text and its entity's name and aliases (repeats count).
    pub names: Vec<&'a str>,
    /// Dates the time layer resolved (to any precision).
    pub dates: Vec<PartialDate>,
    /// Quote contents.
    pub quotes: Vec<&'a str>,
}

/// A capitalised word that is likely part of a name: not the first word of a sentence unless the
/// next word is capitalised too ("Vladimir Putin said"), or any all-caps word of 2+ letters.
fn is_name_token(text: &str, toks: &[Token], i: usize) -> bool {
    let Some(t) = toks.get(i) else { return false };
    let s = t.span.slice(text);
    let Some(first) = s.chars().next() else { return false };
    if !first.is_uppercase() {
        return false;
    }
    let sentence_initial = match i.checked_sub(1).and_then(|p| toks.get(p)) {
        None => true,
        Some(prev) => {
            let ps = prev.span.slice(text);
            text.get(prev.span.end..t.span.start).is_some_and(|gap| gap.contains('\n'))
                || matches!(ps, "." | "!" | "?" | "\"" | "“" | "”" | "'" | "‘" | ":" | "--" | "-" | "–" | "—" | "(")
        }
    };
    if !sentence_initial {
        return true;
    }
    toks.get(i + 1)
        .is_some_and(|n| n.kind == TokenKind::Word && n.span.slice(text).chars().next().is_some_and(char::is_uppercase))
}

fn as_year(digits: &str) -> Option<i16> {
    if digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()) {
        let y: i16 = digits.parse().ok()?;
        return (1900..=2099).contains(&y).then_some(y);
    }
    None
}

/// `log(1 + tf) · idf`, the `cap` strongest kept, L2-normalised, sorted by key.
fn weigh(tf: KeyMap<u64, f32>, df: &DfTable, cap: usize) -> SparseVec {
    let mut v: SparseVec = tf.into_iter().map(|(k, n)| (k as u32, (1.0 + n).ln() * df.idf(k))).collect();
    // Strongest first, ties by key: a total order, so the cut is deterministic.
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(cap);
    v.shrink_to_fit();
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in &mut v {
            *w /= norm;
        }
    }
    v.sort_by_key(|(k, _)| *k);
    v
}

/// How many salient names an article has at most.
const SALIENT: usize = 3;

fn salient_names(tf: &KeyMap<u64, f32>, df: &DfTable) -> Vec<u32> {
    let mut v: Vec<(u32, f32)> =
        tf.iter().filter(|(_, n)| **n >= 2.0).map(|(&k, &n)| (k as u32, n * df.idf(k))).collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut keys: Vec<u32> = v.into_iter().take(SALIENT).map(|(k, _)| k).collect();
    keys.sort_unstable();
    keys
}

/// The keys of the `n` strongest entries, sorted.
fn strongest(v: &SparseVec, n: usize) -> Vec<u64> {
    let mut s: Vec<(u32, f32)> = v.clone();
    s.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut keys: Vec<u64> = s.into_iter().take(n).map(|(k, _)| u64::from(k)).collect();
    keys.sort_unstable();
    keys
}

/// Dot product of two sparse vectors (cosine when both are normalised).
pub fn dot(a: &SparseVec, b: &SparseVec) -> f32 {
    // A merge join whose advances are arithmetic, not branches: which side moves on is as good
    // as random, and this loop is the heart of judging every candidate pair. The products are
    // summed in the same key order as ever, so the result is the same to the bit.
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while let (Some(&(ka, wa)), Some(&(kb, wb))) = (a.get(i), b.get(j)) {
        if ka == kb {
            s += wa * wb;
        }
        i += usize::from(ka <= kb);
        j += usize::from(kb <= ka);
    }
    s
}

/// Size of the intersection of two sorted, distinct lists (a merge join as in [`dot`]).
pub fn shared<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        n += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    n
}

/// Days since 1970-01-01 of a day-precise date (Howard Hinnant's `days_from_civil`).
pub fn day_number(d: PartialDate) -> Option<i32> {
    let (m, day) = (i32::from(d.month?), i32::from(d.day?));
    let y = i32::from(d.year) - i32::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Explicit dates written in the text, with their byte offsets: "June 13, 2013", "13 June 2013",
/// "2013-06-13", "12/16/08" (US order), "/2013/08/" in a URL (to the month), "March 2011" (to
/// the month). Tolerates the spaced punctuation of tokenised text ("June 13 , 2013").
pub fn find_dates(text: &str) -> Vec<(usize, PartialDate)> {
    static RES: OnceLock<[Regex; 5]> = OnceLock::new();
    let [mdy, dmy, iso, us, my] = RES.get_or_init(|| {
        let month = r"(?i:(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?))\.?";
        // ASCII word boundaries and digits keep the regexes on the fast DFA path on any text.
        let b = r"(?-u:\b)";
        let re = |s: &str| Regex::new(s).expect("static regex");
        [
            re(&format!(r"{b}{month} ?([0-9]{{1,2}})(?:st|nd|rd|th)? ?,? ?((?:19|20)[0-9][0-9]){b}")),
            re(&format!(r"{b}([0-9]{{1,2}})(?:st|nd|rd|th)? {month} ?,? ?((?:19|20)[0-9][0-9]){b}")),
            re(&format!(r"{b}((?:19|20)[0-9][0-9]) ?[-/] ?([0-9][0-9])(?: ?[-/] ?([0-9][0-9]))?{b}")),
            re(&format!(r"{b}([0-9]{{1,2}}) ?/ ?([0-9]{{1,2}}) ?/ ?([0-9][0-9](?:[0-9][0-9])?){b}")),
            re(&format!(r"{b}{month},? ((?:19|20)[0-9][0-9]){b}")),
        ]
    });
    let mut out = Vec::new();
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return out;
    }
    let num = |s: Option<regex::Match>| s.and_then(|m| m.as_str().parse::<u32>().ok());
    for c in mdy.captures_iter(text) {
        let (Some(m), Some(d), Some(y)) =
            (c.get(1).and_then(|m| month_number(m.as_str())), num(c.get(2)), num(c.get(3)))
        else {
            continue;
        };
        push_day(&mut out, c.get(0).map_or(0, |m| m.start()), y, u32::from(m), d);
    }
    for c in dmy.captures_iter(text) {
        let (Some(d), Some(m), Some(y)) =
            (num(c.get(1)), c.get(2).and_then(|m| month_number(m.as_str())), num(c.get(3)))
        else {
            continue;
        };
        push_day(&mut out, c.get(0).map_or(0, |m| m.start()), y, u32::from(m), d);
    }
    for c in iso.captures_iter(text) {
        let at = c.get(0).map_or(0, |m| m.start());
        let (Some(y), Some(m)) = (num(c.get(1)), num(c.get(2))) else { continue };
        match num(c.get(3)) {
            Some(d) => push_day(&mut out, at, y, m, d),
            None => {
                if let (Ok(y), Ok(m)) = (i16::try_from(y), u8::try_from(m))
                    && let Some(pd) = PartialDate::month(y, m)
                {
                    out.push((at, pd));
                }
            }
        }
    }
    for c in us.captures_iter(text) {
        let (Some(m), Some(d), Some(y)) = (num(c.get(1)), num(c.get(2)), num(c.get(3))) else { continue };
        let y = if y < 100 { if y < 50 { 2000 + y } else { 1900 + y } } else { y };
        push_day(&mut out, c.get(0).map_or(0, |m| m.start()), y, m, d);
    }
    // Where full dates were read: "20 June 2021" is not also "June 2021".
    let taken: Vec<usize> = out.iter().map(|(at, _)| *at).collect();
    for c in my.captures_iter(text) {
        if c.get(0).is_some_and(|m| taken.iter().any(|&t| t <= m.start() && m.start() < t + 16)) {
            continue;
        }
        let (Some(m), Some(y)) = (c.get(1).and_then(|m| month_number(m.as_str())), num(c.get(2))) else { continue };
        if let Ok(y) = i16::try_from(y)
            && let Some(pd) = PartialDate::month(y, m)
        {
            out.push((c.get(0).map_or(0, |m| m.start()), pd));
        }
    }
    out.sort_by_key(|(at, d)| (*at, std::cmp::Reverse(d.is_day())));
    out
}

fn push_day(out: &mut Vec<(usize, PartialDate)>, at: usize, y: u32, m: u32, d: u32) {
    if let (Ok(y), Ok(m), Ok(d)) = (i16::try_from(y), u8::try_from(m), u8::try_from(d))
        && (1900..=2099).contains(&y)
        && let Some(pd) = PartialDate::day(y, m, d)
    {
        out.push((at, pd));
    }
}

/// Text between quotation marks (8..=400 bytes, on one line), a stand-in while no quote layer
/// output is given. A plain scan: an opening mark, then the nearest closing mark.
fn find_quotes(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(open) = rest.find(['“', '"', '«', '`']) {
        let after_open = open + rest[open..].chars().next().map_or(1, char::len_utf8);
        let after_open = if rest[open..].starts_with("``") { open + 2 } else { after_open };
        let tail = &rest[after_open..];
        let limit = tail
            .char_indices()
            .take_while(|(i, c)| *i <= 400 && *c != '\n')
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8());
        let window = &tail[..limit];
        match window.find(['”', '"', '»', '\'']) {
            Some(close) if close >= 8 => {
                out.push(&window[..close]);
                let consumed = after_open + close;
                offset += consumed;
                rest = &text[offset..];
            }
            _ => {
                offset += after_open;
                rest = &text[offset..];
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `dot` and `shared` against their definitions (sum over matching keys in key order; count
    /// of common elements), on overlapping, disjoint, nested and empty lists.
    #[test]
    fn merge_joins_agree_with_their_definitions() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for round in 0..300 {
            let mut list = |len: u64, span: u64| {
                let mut v: Vec<(u32, f32)> =
                    (0..next(len)).map(|_| (next(span) as u32, (next(1000) + 1) as f32 / 1000.0)).collect();
                v.sort_by_key(|e| e.0);
                v.dedup_by_key(|e| e.0);
                v
            };
            let (a, b) = (list(40, 10 + round), list(40, 10 + round));
            let by_definition = a
                .iter()
                .filter_map(|&(k, wa)| b.iter().find(|e| e.0 == k).map(|&(_, wb)| wa * wb))
                .fold(0.0, |s, p| s + p);
            assert_eq!(dot(&a, &b).to_bits(), by_definition.to_bits(), "{a:?} · {b:?}");
            let (ka, kb): (Vec<u32>, Vec<u32>) = (a.iter().map(|e| e.0).collect(), b.iter().map(|e| e.0).collect());
            assert_eq!(shared(&ka, &kb), ka.iter().filter(|k| kb.contains(k)).count());
            assert_eq!(shared(&ka, &ka), ka.len());
            assert_eq!(shared(&ka, &[]), 0);
        }
    }

    #[test]
    fn finds_dates_in_plain_and_tokenised_text() {
        let got = |s: &str| find_dates(s).into_iter().map(|(_, d)| d.to_string()).collect::<Vec<_>>();
        assert_eq!(got("First Published : June 13 , 2013 4 : 59 PM"), ["2013-06-13"]);
        assert_eq!(got("on 20 June 2021 at"), ["2021-06-20"]);
        assert_eq!(got("12 / 16 / 08 1 : 30 AM"), ["2008-12-16"]);
        assert_eq!(got("date 2021-11-02 https://ria.ru/20211102/x"), ["2021-11-02"]);
        assert_eq!(got("in March 2011, and"), ["2011-03"]);
        assert!(got("February 30, 2020").is_empty());
    }

    #[test]
    fn day_numbers() {
        assert_eq!(day_number(PartialDate::day(1970, 1, 1).unwrap()), Some(0));
        assert_eq!(day_number(PartialDate::day(2021, 6, 20).unwrap()), Some(18798));
        assert_eq!(day_number(PartialDate::month(2021, 6).unwrap()), None);
    }

    #[test]
    fn names_skip_sentence_starts() {
        let text = "Another day. Tara Reid entered rehab in Malibu. She left.";
        let toks = tokenize(text);
        let names: Vec<&str> =
            (0..toks.len()).filter(|&i| is_name_token(text, &toks, i)).map(|i| toks[i].span.slice(text)).collect();
        assert_eq!(names, ["Tara", "Reid", "Malibu"]);
    }
}
