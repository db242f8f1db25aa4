//! The same utterance across articles: one quote with several sources.
//!
//! Outlets copy, trim and re-translate quotes ("…relations we find ourselves in" / "…relations in
//! which we find ourselves"), so two reports of one utterance are recognised by their *content
//! words* — the lower-cased words of three letters or more, minus function words, plural "s"
//! dropped — not by their exact text: they are the same when most of the shorter one's content
//! words are in the longer one (containment) and the two share enough overall (Jaccard), their
//! speakers are compatible, and so are their occasions.
//!
//! The occasion keeps repeated words apart: Antonov said "There is a lot of work to be done" in
//! March and again in June. A quote's occasion is its stated utterance date when the text gives one;
//! otherwise the publication date of its article stands in for it (news reports what was said on
//! or shortly before the day it appears). Two stated dates must agree; a stated date must fall
//! within a month before the other article's publication; two publication dates must lie within a
//! week. Clusters are complete-link — a quote joins a group only if it matches every member — so a
//! chain of near matches cannot join March to June.

use std::collections::HashMap;

use serde::Serialize;
use storyline_core::{PartialDate, Span};

use crate::Quote;

/// One quote of one article, as the merger sees it.
#[derive(Clone, Copy, Debug)]
pub struct SourcedQuote<'a> {
    /// The article's id.
    pub article: &'a str,
    /// The text the quote's spans index (the article text as ingested).
    pub text: &'a str,
    pub quote: &'a Quote,
    /// The speaker across articles (a corpus-wide entity id), when the linker has one.
    pub speaker_id: Option<&'a str>,
    /// The speaker's name (the entity's name, or the speaker span's text).
    pub speaker_name: Option<&'a str>,
    /// The article's publication date, when known.
    pub published: Option<PartialDate>,
}

/// Where one report of a merged quote is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct QuoteSource {
    pub article: String,
    /// The whole attribution (content, cue, speaker).
    pub span: Span,
    /// The reported words.
    pub content: Span,
}

/// One utterance with every report of it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MergedQuote {
    pub speaker_id: Option<String>,
    pub speaker_name: Option<String>,
    /// The fullest wording among the reports, without its outer quotation marks.
    pub text: String,
    /// The utterance date, when a report states it.
    pub date: Option<PartialDate>,
    pub direct: bool,
    /// Every report, in input order.
    pub sources: Vec<QuoteSource>,
    /// Indexes of the merged quotes in the input slice.
    pub members: Vec<usize>,
}

/// Thresholds of [`merge`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MergeOptions {
    /// Share of the shorter quote's content words found in the other.
    pub min_containment: f64,
    /// Content words shared over all content words of the pair.
    pub min_jaccard: f64,
    /// Containment at which Jaccard no longer matters (one report trims the other).
    pub trim_containment: f64,
    /// Fewest content words for a fuzzy match; shorter quotes must have identical word sets.
    pub min_words: usize,
    /// Most days between two publication dates standing in for the occasion.
    pub max_days_published: i64,
    /// Most days between a stated utterance date and the publication of another report.
    pub max_days_reported_later: i64,
}

impl Default for MergeOptions {
    fn default() -> Self {
        MergeOptions {
            min_containment: 0.6,
            min_jaccard: 0.4,
            trim_containment: 0.8,
            min_words: 3,
            max_days_published: 7,
            max_days_reported_later: 31,
        }
    }
}

const STOP: &[&str] = &[
    "the", "and", "that", "this", "these", "those", "with", "for", "from", "are", "was", "were", "been", "being",
    "have", "has", "had", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "not", "but",
    "our", "their", "his", "her", "its", "they", "them", "she", "him", "you", "your", "who", "whom", "which", "what",
    "when", "where", "why", "how", "there", "here", "into", "onto", "than", "then", "also", "just", "very", "about",
    "all", "any", "some", "such", "only", "own", "same", "other", "each", "both", "more", "most", "much", "many",
    "out", "over", "under", "again", "once", "because", "while", "does", "did", "doing", "done", "did", "let", "now",
    "even", "yet", "per", "via", "it's", "we're", "i'm", "don't", "isn't", "said", "say", "says",
];

/// The content words of a quote's text.
pub fn content_words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for raw in text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '’')) {
        let w = raw.trim_matches(|c: char| c == '-' || c == '\'' || c == '’').to_lowercase();
        let w = w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")).unwrap_or(&w).to_string();
        if w.chars().count() < 3 || STOP.contains(&w.as_str()) {
            continue;
        }
        let w = match w.strip_suffix('s') {
            Some(stem) if stem.len() > 3 && !stem.ends_with(['s', 'u', 'i', 'e']) => stem.to_string(),
            _ => w,
        };
        if !out.contains(&w) {
            out.push(w);
        }
    }
    out.sort();
    out
}

/// When the utterance happened, as far as is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Occasion {
    Stated(PartialDate),
    Published(PartialDate),
    Unknown,
}

fn parse_value(v: &str, published: Option<PartialDate>) -> Option<PartialDate> {
    // TIMEX3 values: "2021-06-20", "2021-03", "2021", "XXXX-03-21" (year from the article).
    let mut parts = v.split('-');
    let y = parts.next()?;
    let year: i16 = if y == "XXXX" { published?.year } else { y.parse().ok()? };
    let month = match parts.next() {
        None => return Some(PartialDate::year(year)),
        Some(m) => m.parse::<u8>().ok()?,
    };
    match parts.next() {
        None => PartialDate::month(year, month),
        Some(d) => PartialDate::day(year, month, d.parse::<u8>().ok()?),
    }
}

fn occasion(q: &SourcedQuote) -> Occasion {
    if let Some(d) = q.quote.date.as_deref().and_then(|v| parse_value(v, q.published)) {
        return Occasion::Stated(d);
    }
    match q.published {
        Some(p) => Occasion::Published(p),
        None => Occasion::Unknown,
    }
}

/// Days since 1970-01-01 of a full date (proleptic Gregorian).
fn days(d: PartialDate) -> Option<i64> {
    let (y, m, day) = (d.year as i64, d.month? as i64, d.day? as i64);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The last day a partial date can denote.
fn last_day(d: PartialDate) -> Option<i64> {
    let month = d.month.unwrap_or(12);
    let day = d.day.unwrap_or(storyline_core::date::days_in_month(d.year, month));
    days(PartialDate::day(d.year, month, day)?)
}

fn first_day(d: PartialDate) -> Option<i64> {
    days(PartialDate::day(d.year, d.month.unwrap_or(1), d.day.unwrap_or(1))?)
}

fn occasions_compatible(a: Occasion, b: Occasion, o: &MergeOptions) -> bool {
    match (a, b) {
        (Occasion::Unknown, _) | (_, Occasion::Unknown) => true,
        (Occasion::Stated(x), Occasion::Stated(y)) => x.compatible(y),
        (Occasion::Stated(s), Occasion::Published(p)) | (Occasion::Published(p), Occasion::Stated(s)) => {
            match (first_day(s), last_day(p)) {
                // Said on `s`, reported on `p`: not before, not long after.
                (Some(s0), Some(p1)) => {
                    let s1 = last_day(s).unwrap_or(s0);
                    p1 + 1 >= s0 && first_day(p).unwrap_or(p1) - s1 <= o.max_days_reported_later
                }
                _ => s.compatible(p),
            }
        }
        (Occasion::Published(x), Occasion::Published(y)) => match (days(x), days(y)) {
            (Some(dx), Some(dy)) => (dx - dy).abs() <= o.max_days_published,
            _ => x.compatible(y),
        },
    }
}

/// The capitalised words (three letters or more, lower-cased) of a speaker name: what two names
/// must share to be the same speaker.
fn name_words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase) && w.chars().count() >= 3)
        .map(str::to_lowercase)
        .collect()
}

/// Whether two quotes may have the same speaker, from their ids when both have one, else from
/// their names' words (precomputed by [`name_words`], `None` when a quote has no name).
fn names_compatible(a: &SourcedQuote, b: &SourcedQuote, wa: Option<&[String]>, wb: Option<&[String]>) -> bool {
    if let (Some(x), Some(y)) = (a.speaker_id, b.speaker_id) {
        return x == y;
    }
    let (Some(wx), Some(wy)) = (wa, wb) else { return true };
    // Descriptions without names ("he", "the ambassador") cannot contradict a name.
    if wx.is_empty() || wy.is_empty() {
        return true;
    }
    wx.iter().any(|w| wy.contains(w))
}

/// Whether two word sets of these sizes sharing `shared` words report the same words, and how
/// closely (containment + Jaccard). Monotone in `shared`: what fails with an upper bound on the
/// shared words fails with the true count, which is what lets [`merge`] skip candidates early.
fn similar_counts(a_len: usize, b_len: usize, shared: usize, o: &MergeOptions) -> Option<f64> {
    let (short, long) = (a_len.min(b_len), a_len.max(b_len));
    if short == 0 {
        return None;
    }
    if short < o.min_words {
        return (shared == short && short == long).then_some(1.0);
    }
    let containment = shared as f64 / short as f64;
    let jaccard = shared as f64 / (a_len + b_len - shared) as f64;
    let same = containment >= o.trim_containment || (containment >= o.min_containment && jaccard >= o.min_jaccard);
    same.then_some(containment + jaccard)
}

/// Whether two word sets (sorted word ids) report the same words.
fn similar(a: &[u32], b: &[u32], o: &MergeOptions) -> Option<f64> {
    // Both sorted and without repeats: count the shared ids by a linear merge.
    let (mut x, mut y, mut shared) = (0, 0, 0);
    while let (Some(&p), Some(&q)) = (a.get(x), b.get(y)) {
        match p.cmp(&q) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                x += 1;
                y += 1;
            }
        }
    }
    similar_counts(a.len(), b.len(), shared, o)
}

/// Group the quotes that report the same utterance. Deterministic: the result depends only on
/// the input order.
///
/// Cost: a story can hold thousands of quotes, so candidates are pruned before the pairwise
/// checks. A cluster is a candidate only when it holds enough of the quote's words that even if
/// they were all in its first member the pair could pass [`similar_counts`] (an exact bound:
/// the result is the same as checking every cluster sharing a word).
pub fn merge(quotes: &[SourcedQuote], options: &MergeOptions) -> Vec<MergedQuote> {
    // Words as ids (per call), so comparisons are on integers.
    let mut vocab: HashMap<String, u32> = HashMap::new();
    let words: Vec<Vec<u32>> = quotes
        .iter()
        .map(|q| {
            let mut ids: Vec<u32> = content_words(q.quote.content().slice(q.text))
                .into_iter()
                .map(|w| {
                    let next = vocab.len() as u32;
                    *vocab.entry(w).or_insert(next)
                })
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        })
        .collect();
    let names: Vec<Option<Vec<String>>> = quotes.iter().map(|q| q.speaker_name.map(name_words)).collect();
    let occasions: Vec<Occasion> = quotes.iter().map(occasion).collect();
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    // Inverted index: word id -> clusters holding it (a cluster may repeat when others joined
    // between its members; counting skips repeats).
    let mut index: Vec<Vec<usize>> = vec![Vec::new(); vocab.len()];
    // Per cluster: how many of the current quote's words it holds; the quote (`stamp`) and the
    // word (`word_stamp`) last counted, so each cluster counts each word once.
    let mut hits: Vec<u32> = Vec::new();
    let mut stamp: Vec<usize> = Vec::new();
    let mut word_stamp: Vec<usize> = Vec::new();
    let mut tick = 0usize;
    let mut touched: Vec<usize> = Vec::new();
    for (i, q) in quotes.iter().enumerate() {
        touched.clear();
        for &w in &words[i] {
            tick += 1;
            for &c in &index[w as usize] {
                if stamp[c] != i + 1 {
                    stamp[c] = i + 1;
                    hits[c] = 0;
                    touched.push(c);
                }
                if word_stamp[c] != tick {
                    word_stamp[c] = tick;
                    hits[c] += 1;
                }
            }
        }
        touched.sort_unstable();
        let mut best: Option<(f64, usize)> = None;
        for &c in &touched {
            let members = &clusters[c];
            let Some(&first) = members.first() else { continue };
            let bound = (hits[c] as usize).min(words[i].len()).min(words[first].len());
            if similar_counts(words[i].len(), words[first].len(), bound, options).is_none() {
                continue;
            }
            let mut total = 0.0;
            let mut ok = true;
            for &m in members.iter().take(64) {
                let other = &quotes[m];
                if other.quote.direct != q.quote.direct || !occasions_compatible(occasions[i], occasions[m], options) {
                    ok = false;
                    break;
                }
                let Some(s) = similar(&words[i], &words[m], options) else {
                    ok = false;
                    break;
                };
                if !names_compatible(q, other, names[i].as_deref(), names[m].as_deref()) {
                    ok = false;
                    break;
                }
                total += s;
            }
            if ok {
                let score = total / members.len().clamp(1, 64) as f64;
                if best.is_none_or(|(b, _)| score > b) {
                    best = Some((score, c));
                }
            }
        }
        let c = match best {
            Some((_, c)) => c,
            None => {
                clusters.push(Vec::new());
                hits.push(0);
                stamp.push(0);
                word_stamp.push(0);
                clusters.len() - 1
            }
        };
        clusters[c].push(i);
        for &w in &words[i] {
            let e = &mut index[w as usize];
            if e.last() != Some(&c) {
                e.push(c);
            }
        }
    }
    clusters.into_iter().filter(|c| !c.is_empty()).map(|members| build(quotes, &occasions, members)).collect()
}

fn build(quotes: &[SourcedQuote], occasions: &[Occasion], members: Vec<usize>) -> MergedQuote {
    let fullest =
        members.iter().copied().max_by_key(|&m| (quotes[m].quote.content().len(), std::cmp::Reverse(m))).unwrap_or(0);
    let first = &quotes[members[0]];
    let text =
        quotes.get(fullest).map(|q| strip_marks(q.quote.content().slice(q.text)).to_string()).unwrap_or_default();
    let date = members.iter().find_map(|&m| match occasions[m] {
        Occasion::Stated(d) => Some(d),
        _ => None,
    });
    let speaker_id = members.iter().find_map(|&m| quotes[m].speaker_id).map(str::to_string);
    // The most informative name: the longest that contains a capitalised word.
    let speaker_name = members
        .iter()
        .filter_map(|&m| quotes[m].speaker_name)
        .max_by_key(|n| (n.split_whitespace().any(|w| w.starts_with(char::is_uppercase)), n.len()))
        .map(str::to_string);
    MergedQuote {
        speaker_id,
        speaker_name,
        text,
        date,
        direct: first.quote.direct,
        sources: members
            .iter()
            .map(|&m| QuoteSource {
                article: quotes[m].article.to_string(),
                span: quotes[m].quote.span,
                content: quotes[m].quote.content(),
            })
            .collect(),
        members,
    }
}

fn strip_marks(s: &str) -> &str {
    s.trim().trim_matches(|c: char| crate::marks::is_quote_mark(c) || c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(text: &str, content: &str, date: Option<&str>) -> Quote {
        let start = text.find(content).expect("content in text");
        let end = start + content.len();
        Quote {
            span: Span::new(start, end),
            content_start: start,
            content_end: end,
            speaker_start: None,
            speaker_end: None,
            speaker: None,
            cue: Some("said".into()),
            direct: true,
            date: date.map(str::to_string),
            via: None,
            parts: vec![],
        }
    }

    fn src<'a>(
        article: &'a str,
        text: &'a str,
        q: &'a Quote,
        who: &'a str,
        published: Option<&str>,
    ) -> SourcedQuote<'a> {
        SourcedQuote {
            article,
            text,
            quote: q,
            speaker_id: None,
            speaker_name: Some(who),
            published: published.and_then(|p| p.parse().ok()),
        }
    }

    const TASS: &str = "“There is a lot of work to be done, it is necessary to analyze the state of \
                        Russian-American relations we find ourselves in,” he told reporters.";
    const RT: &str = "\"There is a lot of work to be done, it is necessary to analyze the state of \
                      Russian-American relations in which we find ourselves,\" the diplomat said.";
    const JUNE: &str = "“There is a lot of work to be done. We are counting on progress,” RIA cited Antonov as saying.";

    #[test]
    fn two_translations_of_one_utterance_merge() {
        let a = quote(
            TASS,
            "“There is a lot of work to be done, it is necessary to analyze the state of Russian-American relations we find ourselves in,”",
            None,
        );
        let b = quote(
            RT,
            "\"There is a lot of work to be done, it is necessary to analyze the state of Russian-American relations in which we find ourselves,\"",
            None,
        );
        let qs = [
            src("tass", TASS, &a, "Anatoly Antonov", Some("2021-03-20")),
            src("rt", RT, &b, "Antonov", Some("2021-03-21")),
        ];
        let m = merge(&qs, &MergeOptions::default());
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].sources.len(), 2);
        assert_eq!(m[0].speaker_name.as_deref(), Some("Anatoly Antonov"));
        assert!(m[0].text.starts_with("There is a lot of work"));
        assert_eq!(m[0].sources[1].content.slice(RT), b.content().slice(RT));
    }

    #[test]
    fn same_words_months_apart_stay_apart() {
        let a = quote(
            TASS,
            "“There is a lot of work to be done, it is necessary to analyze the state of Russian-American relations we find ourselves in,”",
            None,
        );
        let b = quote(
            RT,
            "\"There is a lot of work to be done, it is necessary to analyze the state of Russian-American relations in which we find ourselves,\"",
            None,
        );
        let c = quote(JUNE, "“There is a lot of work to be done. We are counting on progress,”", Some("2021-06-20"));
        let qs = [
            src("tass", TASS, &a, "Antonov", Some("2021-03-20")),
            src("june", JUNE, &c, "Antonov", Some("2021-06-20")),
            src("rt", RT, &b, "Antonov", Some("2021-03-21")),
        ];
        let m = merge(&qs, &MergeOptions::default());
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].members, vec![0, 2]);
        assert_eq!(m[1].members, vec![1]);
        assert_eq!(m[1].date, PartialDate::day(2021, 6, 20));
        // Even with the March date unknown, the June words alone are too different to join.
        let qs = [src("tass", TASS, &a, "Antonov", None), src("june", JUNE, &c, "Antonov", None)];
        assert_eq!(merge(&qs, &MergeOptions::default()).len(), 2);
        // And the same words on two different stated days stay apart.
        let c2 = quote(JUNE, "“There is a lot of work to be done. We are counting on progress,”", Some("2021-03-20"));
        let qs = [src("a", JUNE, &c, "Antonov", None), src("b", JUNE, &c2, "Antonov", None)];
        assert_eq!(merge(&qs, &MergeOptions::default()).len(), 2);
    }

    #[test]
    fn different_speakers_never_merge() {
        let a = quote(JUNE, "“There is a lot of work to be done. We are counting on progress,”", None);
        let qs = [src("a", JUNE, &a, "Anatoly Antonov", None), src("b", JUNE, &a, "Sergei Ryabkov", None)];
        assert_eq!(merge(&qs, &MergeOptions::default()).len(), 2);
        let qs = [src("a", JUNE, &a, "Anatoly Antonov", None), src("b", JUNE, &a, "the ambassador", None)];
        assert_eq!(merge(&qs, &MergeOptions::default()).len(), 1);
    }

    #[test]
    fn stated_date_and_later_report() {
        let o = MergeOptions::default();
        let said = Occasion::Stated(PartialDate::day(2021, 3, 17).unwrap());
        assert!(occasions_compatible(said, Occasion::Published(PartialDate::day(2021, 4, 7).unwrap()), &o));
        assert!(!occasions_compatible(said, Occasion::Published(PartialDate::day(2021, 6, 20).unwrap()), &o));
        assert!(!occasions_compatible(said, Occasion::Published(PartialDate::day(2021, 3, 10).unwrap()), &o));
        assert!(occasions_compatible(Occasion::Stated(PartialDate::month(2021, 3).unwrap()), said, &o));
        assert_eq!(days(PartialDate::day(1970, 1, 1).unwrap()), Some(0));
        assert_eq!(days(PartialDate::day(2021, 6, 20).unwrap()), Some(18798));
    }

    /// The merge as first written (every cluster sharing a word is checked against its members),
    /// kept as the reference the pruned [`merge`] must equal exactly.
    fn merge_reference(quotes: &[SourcedQuote], options: &MergeOptions) -> Vec<Vec<usize>> {
        let words: Vec<Vec<String>> = quotes.iter().map(|q| content_words(q.quote.content().slice(q.text))).collect();
        let similar_str = |a: &[String], b: &[String]| {
            let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
            let shared = short.iter().filter(|w| long.binary_search(w).is_ok()).count();
            similar_counts(a.len(), b.len(), shared, options)
        };
        let names: Vec<Option<Vec<String>>> = quotes.iter().map(|q| q.speaker_name.map(name_words)).collect();
        let occasions: Vec<Occasion> = quotes.iter().map(occasion).collect();
        let mut clusters: Vec<Vec<usize>> = Vec::new();
        let mut index: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, q) in quotes.iter().enumerate() {
            let mut candidates: std::collections::BTreeSet<usize> = std::collections::BTreeSet::new();
            for w in &words[i] {
                candidates.extend(index.get(w.as_str()).into_iter().flatten().copied());
            }
            let mut best: Option<(f64, usize)> = None;
            for &c in &candidates {
                let mut total = 0.0;
                let mut ok = true;
                for &m in clusters[c].iter().take(64) {
                    let other = &quotes[m];
                    let sim = similar_str(&words[i], &words[m]);
                    if other.quote.direct != q.quote.direct
                        || !names_compatible(q, other, names[i].as_deref(), names[m].as_deref())
                        || !occasions_compatible(occasions[i], occasions[m], options)
                        || sim.is_none()
                    {
                        ok = false;
                        break;
                    }
                    total += sim.unwrap_or(0.0);
                }
                if ok {
                    let score = total / clusters[c].len().clamp(1, 64) as f64;
                    if best.is_none_or(|(b, _)| score > b) {
                        best = Some((score, c));
                    }
                }
            }
            let c = best.map_or_else(
                || {
                    clusters.push(Vec::new());
                    clusters.len() - 1
                },
                |(_, c)| c,
            );
            clusters[c].push(i);
            for w in &words[i] {
                let e = index.entry(w.as_str()).or_default();
                if e.last() != Some(&c) {
                    e.push(c);
                }
            }
        }
        clusters
    }

    #[test]
    fn pruned_merge_equals_the_reference() {
        // Quotes drawn from a small vocabulary (so many share words and many nearly match), with
        // a few speakers, dates and both kinds: a deterministic pseudo-random stream.
        let vocab = [
            "minister",
            "talks",
            "geneva",
            "progress",
            "relation",
            "work",
            "peace",
            "troops",
            "border",
            "sanction",
            "treaty",
            "embassy",
            "return",
            "vaccine",
            "earthquake",
            "rescue",
            "victim",
            "market",
            "crisis",
            "bank",
            "oil",
            "spill",
            "well",
            "rebel",
        ];
        let speakers = [Some("Anatoly Antonov"), Some("Antonov"), Some("Sergei Ryabkov"), Some("the ambassador"), None];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut texts = Vec::new();
        let mut meta = Vec::new();
        for _ in 0..600 {
            let len = 1 + next(9);
            let words: Vec<&str> = (0..len).map(|_| vocab[next(vocab.len())]).collect();
            let text = format!("\u{201c}{}\u{201d}", words.join(" "));
            let published = format!("2021-0{}-{:02}", 1 + next(3), 1 + next(28));
            let date = (next(4) == 0).then(|| format!("2021-0{}-{:02}", 1 + next(3), 1 + next(28)));
            meta.push((speakers[next(speakers.len())], published, date, next(5) != 0));
            texts.push(text);
        }
        let quotes: Vec<Quote> = texts
            .iter()
            .zip(&meta)
            .map(|(t, (_, _, date, direct))| {
                let mut q = quote(t, t, date.as_deref());
                q.direct = *direct;
                q
            })
            .collect();
        let sourced: Vec<SourcedQuote> = texts
            .iter()
            .zip(&meta)
            .zip(&quotes)
            .map(|((t, (who, published, _, _)), q)| SourcedQuote {
                article: "a",
                text: t,
                quote: q,
                speaker_id: None,
                speaker_name: *who,
                published: published.parse().ok(),
            })
            .collect();
        let o = MergeOptions::default();
        let got: Vec<Vec<usize>> = merge(&sourced, &o).into_iter().map(|m| m.members).collect();
        let want = merge_reference(&sourced, &o);
        assert!(want.iter().any(|c| c.len() > 2), "the stream must produce real merges");
        assert_eq!(got, want);
    }

    #[test]
    fn content_words_ignore_function_words_and_plurals() {
        assert_eq!(content_words("“We find ourselves in the relations,”"), ["find", "ourselves", "relation"]);
    }
}
