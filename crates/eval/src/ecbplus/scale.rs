//! How linking cost grows with the corpus: synthetic corpora of 10k..100k+ articles built from
//! the ECB+ and Timeline17 texts, linked in batch, timed, with the process's peak memory.
//!
//! Why synthetic, and how: no larger labelled news collection is at hand, so each source text is
//! reused many times as a *different* article. Copy `k` of a text is published `k · 400` days after
//! the original, and about three words in four of it (chosen by hashing the word with `k`, so
//! consistently within the copy) gets a copy-specific suffix. Copies of one topic then form their
//! own stories, years apart, with their own rare words — like the same kind of event recurring —
//! instead of collapsing into near-duplicates of the original. Ids derive from the new text.
//!
//! What is timed is linking alone ([`storyline_link::link`]: features, blocking, scoring,
//! clustering, passage alignment), over articles with empty annotation layers; ingest and
//! annotation have their own benchmarks. The thread count is rayon's default (all cores).

use crate::EvalError;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Instant;
use storyline_annotate::Doc;
use storyline_core::{Article, CleanText, PartialDate, Published, SourceFormat, content_id};
use storyline_link::LinkParams;

/// A stable 64-bit hash (the core's content id, read back as a number).
fn xxh3_64(bytes: &[u8]) -> u64 {
    u64::from_str_radix(&content_id(bytes), 16).unwrap_or(0)
}

/// Options of the scale measurement.
#[derive(Clone, Debug)]
pub struct ScaleOptions {
    /// The shared data folder (holding `ecbplus/` and `timeline17/`).
    pub data: PathBuf,
    /// Corpus sizes to measure, ascending (peak memory is per process, so it only grows).
    pub sizes: Vec<usize>,
    pub json: bool,
}

impl Default for ScaleOptions {
    fn default() -> Self {
        ScaleOptions { data: PathBuf::from("../shared/data"), sizes: vec![10_000, 30_000, 100_000], json: false }
    }
}

/// The measurement at one corpus size.
#[derive(Clone, Debug, Serialize)]
pub struct ScaleRow {
    pub articles: usize,
    pub corpus_bytes: usize,
    /// Wall time of [`storyline_link::link`], seconds.
    pub link_seconds: f64,
    pub articles_per_second: f64,
    pub micros_per_article: f64,
    pub stories: usize,
    pub near_duplicate_pairs: usize,
    /// Largest story, in articles.
    pub largest_story: usize,
    /// CPU time (user + system) the process spent in linking, seconds: on a shared machine the
    /// honest cost, where wall time also counts other processes' load.
    pub link_cpu_seconds: Option<f64>,
    pub cpu_micros_per_article: Option<f64>,
    /// Peak resident memory of the process so far (VmHWM), MiB; `None` off Linux.
    pub peak_rss_mib: Option<f64>,
    pub threads: usize,
}

/// Source texts with an original publication day: Timeline17 input documents (dated by their
/// folder) and ECB+ texts (dated within 2008–2012 by a hash of the file name).
pub fn source_texts(data: &Path) -> Result<Vec<(String, PartialDate)>, EvalError> {
    let mut out = Vec::new();
    let tl = data.join("timeline17");
    let mut files = Vec::new();
    collect(&tl, &mut files);
    files.sort();
    for f in files {
        let Some(day) = f.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str()) else { continue };
        let Ok(date) = day.parse::<PartialDate>() else { continue };
        if let Ok(text) = std::fs::read_to_string(&f) {
            out.push((text, date));
        }
    }
    let ecb = data.join("ecbplus").join("text");
    let mut files = Vec::new();
    collect(&ecb, &mut files);
    files.sort();
    for f in files {
        let h = xxh3_64(f.file_name().map(|n| n.as_encoded_bytes()).unwrap_or_default());
        let date = PartialDate::day(2008 + (h % 5) as i16, 1 + (h >> 8) as u8 % 12, 1 + (h >> 16) as u8 % 28);
        if let (Ok(text), Some(date)) = (std::fs::read_to_string(&f), date) {
            out.push((text, date));
        }
    }
    if out.is_empty() {
        return Err(EvalError::Data { path: data.to_path_buf(), reason: "no timeline17 or ecbplus texts".into() });
    }
    Ok(out)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "txt") {
            out.push(p);
        }
    }
}

/// Copy `k` of a text: about three words in four, chosen by `hash(word, k)`, gets a suffix naming
/// the copy. Copy 0 is the text itself.
pub fn variant(text: &str, k: usize) -> String {
    if k == 0 {
        return text.to_string();
    }
    let tag: String =
        format!("{k:x}").chars().map(|c| (b'q' + c.to_digit(16).unwrap_or(0) as u8 % 10) as char).collect();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            out.push_str(word);
            let h = xxh3_64(format!("{k}:{}", word.to_lowercase()).as_bytes());
            if !h.is_multiple_of(4) && word.chars().all(char::is_alphanumeric) {
                out.push_str(&tag);
            }
            word.clear();
        }
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Add days to a full date (proleptic Gregorian, via day numbers); `None` for partial dates.
pub fn shift(date: PartialDate, days: i64) -> Option<PartialDate> {
    let n = i64::from(storyline_link::features::day_number(date)?) + days;
    // civil_from_days (Howard Hinnant).
    let z = n + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    PartialDate::day(i16::try_from(y).ok()?, u8::try_from(m).ok()?, u8::try_from(d).ok()?)
}

/// A synthetic corpus of `n` articles (see the module docs), as documents with empty layers.
pub fn corpus(sources: &[(String, PartialDate)], n: usize) -> Vec<Doc> {
    (0..n)
        .filter_map(|i| {
            let (text, date) = sources.get(i % sources.len().max(1))?;
            let k = i / sources.len().max(1);
            let text = variant(text, k);
            let published = shift(*date, 400 * k as i64).map_or_else(Published::unknown, Published::stated);
            let article = Article {
                id: content_id(text.as_bytes()),
                source: format!("synthetic#{i}"),
                format: SourceFormat::Text,
                body: CleanText::identity(&text),
                text,
                title: None,
                title_span: None,
                outlet: None,
                url: None,
                language: None,
                published,
                dateline: None,
                warnings: Vec::new(),
            };
            Some(Doc {
                article,
                sentences: Vec::new(),
                timexes: Vec::new(),
                entities: Default::default(),
                quotes: Vec::new(),
            })
        })
        .collect()
}

/// CPU time of this process so far (user + system), seconds (Linux `/proc/self/stat`, assuming
/// the usual 100 clock ticks per second).
pub fn cpu_seconds() -> Option<f64> {
    let [utime, stime, _, _] = stat_times(&std::fs::read_to_string("/proc/self/stat").ok()?)?;
    Some((utime + stime) / 100.0)
}

/// CPU time (user + system) of this process's children that have ended and been waited for,
/// seconds: what a benchmark that runs the real command spent in it (Linux `/proc/self/stat`,
/// 100 clock ticks per second).
pub fn children_cpu_seconds() -> Option<f64> {
    let [_, _, cutime, cstime] = stat_times(&std::fs::read_to_string("/proc/self/stat").ok()?)?;
    Some((cutime + cstime) / 100.0)
}

/// `utime`, `stime`, `cutime` and `cstime` (fields 14 to 17, in clock ticks) of a
/// `/proc/PID/stat` line. They are counted after the command name's closing parenthesis, since
/// the name itself may hold spaces and parentheses.
fn stat_times(stat: &str) -> Option<[f64; 4]> {
    let rest = stat.rsplit_once(')')?.1;
    let mut fields = rest.split_whitespace().skip(11);
    let mut next = || fields.next()?.parse::<f64>().ok();
    Some([next()?, next()?, next()?, next()?])
}

/// Peak resident set size of this process, MiB (Linux `VmHWM`).
pub fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Measure linking at each size.
pub fn measure(opts: &ScaleOptions) -> Result<Vec<ScaleRow>, EvalError> {
    let sources = source_texts(&opts.data)?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut rows = Vec::new();
    for &n in &opts.sizes {
        let docs = corpus(&sources, n);
        let corpus_bytes = docs.iter().map(|d| d.article.text.len()).sum();
        let start = Instant::now();
        let cpu_start = cpu_seconds();
        let linking = storyline_link::link(&docs, &LinkParams::default());
        let secs = start.elapsed().as_secs_f64();
        let cpu = cpu_seconds().zip(cpu_start).map(|(b, a)| b - a);
        rows.push(ScaleRow {
            articles: docs.len(),
            corpus_bytes,
            link_seconds: secs,
            articles_per_second: docs.len() as f64 / secs.max(1e-9),
            micros_per_article: secs * 1e6 / docs.len().max(1) as f64,
            link_cpu_seconds: cpu,
            cpu_micros_per_article: cpu.map(|c| c * 1e6 / docs.len().max(1) as f64),
            stories: linking.stories.len(),
            near_duplicate_pairs: linking.near_duplicates.len(),
            largest_story: linking.stories.iter().map(|s| s.articles.len()).max().unwrap_or(0),
            peak_rss_mib: peak_rss_mib(),
            threads,
        });
    }
    Ok(rows)
}

/// Measure and print a table (or JSON): the entry point for a `storyline bench link` command.
pub fn run(opts: &ScaleOptions, out: &mut dyn std::io::Write) -> Result<(), EvalError> {
    let io = |e: std::io::Error| EvalError::Other(format!("write: {e}"));
    let rows = measure(opts)?;
    if opts.json {
        let s = serde_json::to_string_pretty(&rows).map_err(|e| EvalError::Other(e.to_string()))?;
        writeln!(out, "{s}").map_err(io)?;
        return Ok(());
    }
    writeln!(
        out,
        "linking scale (synthetic corpora from Timeline17 + ECB+ texts, {} threads)",
        rows.first().map_or(0, |r| r.threads)
    )
    .map_err(io)?;
    writeln!(
        out,
        "{:>9} {:>8} {:>9} {:>10} {:>8} {:>8} {:>9} {:>8} {:>10}",
        "articles", "MB", "link s", "art/s", "µs/art", "stories", "dup pairs", "largest", "peak MiB"
    )
    .map_err(io)?;
    for r in &rows {
        writeln!(
            out,
            "{:>9} {:>8.1} {:>9.2} {:>10.0} {:>8.1} {:>9} {:>11} {:>8} {:>9} {:>8} {:>10}",
            r.articles,
            r.corpus_bytes as f64 / 1e6,
            r.link_seconds,
            r.articles_per_second,
            r.micros_per_article,
            r.link_cpu_seconds.map_or("-".into(), |c| format!("{c:.1}")),
            r.cpu_micros_per_article.map_or("-".into(), |c| format!("{c:.0}")),
            r.stories,
            r.near_duplicate_pairs,
            r.largest_story,
            r.peak_rss_mib.map_or("-".into(), |m| format!("{m:.0}"))
        )
        .map_err(io)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_differ_but_keep_structure() {
        let t = "The earthquake struck Aldmere on Tuesday, killing 12 people.";
        assert_eq!(variant(t, 0), t);
        let v = variant(t, 3);
        assert_ne!(v, t);
        assert_eq!(v.matches(' ').count(), t.matches(' ').count());
        assert_eq!(variant(t, 3), v, "deterministic");
    }

    #[test]
    fn stat_times_are_read_after_the_command_name() {
        let line = "4242 (a (b) c) S 1 2 3 4 5 6 7 8 9 10 120 30 7000 450 20 0 1";
        assert_eq!(stat_times(line), Some([120.0, 30.0, 7000.0, 450.0]));
        assert_eq!(stat_times("4242 (x) S 1 2"), None);
        let own = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
        if !own.is_empty() {
            assert!(stat_times(&own).is_some(), "{own}");
        }
    }

    #[test]
    fn shifting_dates() {
        let d: PartialDate = "2021-12-30".parse().unwrap();
        assert_eq!(shift(d, 3).unwrap().to_string(), "2022-01-02");
        assert_eq!(shift(d, -365).unwrap().to_string(), "2020-12-30");
        assert_eq!(shift(PartialDate::year(2021), 3), None);
    }

    #[test]
    fn corpus_has_distinct_ids() {
        let sources = vec![("One two three four five six.".to_string(), "2020-01-01".parse().unwrap())];
        let docs = corpus(&sources, 4);
        let mut ids: Vec<_> = docs.iter().map(|d| d.article.id.clone()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 4);
        assert_eq!(docs[2].article.published.date.unwrap().to_string(), "2022-03-11");
    }
}
