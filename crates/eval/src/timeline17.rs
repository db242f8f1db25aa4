//! Timeline summarisation on Timeline17: date F1 and ROUGE-1/2 against journalists' timelines.
//!
//! Each topic is a collection of articles dated by their folder (`InputDocs/YYYY-MM-DD/`) with
//! one or more reference timelines (`timelines/*.txt`: a date line, its summary sentences, a
//! dashed separator). For each reference timeline, the articles are fed with those publication
//! dates (basis `stated`) as one story, and the timeline layer is asked for the reference's
//! number of dates with, per date, the reference's mean number of sentences per date (rounded,
//! at least one) — the news-tls protocol. Three inputs are scored:
//!
//! - **span** (the headline figure, as news-tls does): the articles published within the
//!   reference timeline's first and last date, and dates chosen within that period;
//! - **whole**: every article of the topic, any date;
//! - **clustered**: the span's articles through the real story clustering
//!   ([`storyline_link::link`]), keeping the largest story.
//!
//! The article text is the data's tokenised text with the tokenisation undone ("-LRB-" -> "(",
//! no space before punctuation), as an ingested article would read.
//!
//! Honest tuning: the day-salience weights ([`storyline_timeline::DAY_WEIGHTS`]) are tuned on
//! the oil-spill and swine-flu topics only ([`TUNING_PREFIXES`]); the other topics (the Egyptian
//! revolution, the financial crisis, the Iraq war, Michael Jackson) are held out and reported
//! separately. `--verbose` prints the tuning grid.

pub mod rouge;

use crate::{EvalError, EvalOptions, Prf};
use rouge::Timeline;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use storyline_annotate::{Annotator, Doc};
use storyline_core::{Article, CleanText, PartialDate, Published, SourceFormat, content_id};
use storyline_entities::link::link_entities;
use storyline_timeline::{DAY_WEIGHTS, DayWeights, TimelineOptions, story_timeline};

/// Topics whose names start with these are the tuning set; the rest are held out.
pub const TUNING_PREFIXES: &[&str] = &["bpoil_", "H1N1_"];

/// One topic: its articles and reference timelines.
pub struct Topic {
    pub name: String,
    pub articles: Vec<Article>,
    /// (file name, timeline)
    pub timelines: Vec<(String, Timeline)>,
}

/// Scores of one predicted timeline.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Scores {
    pub date: Prf,
    pub rouge1_agreement: Prf,
    pub rouge2_agreement: Prf,
    pub rouge1_concat: Prf,
    pub rouge2_concat: Prf,
    pub predicted_dates: usize,
}

/// One reference timeline's results.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub topic: String,
    pub timeline: String,
    pub held_out: bool,
    pub articles: usize,
    pub span_articles: usize,
    pub gold_dates: usize,
    pub sentences_per_date: usize,
    pub span: Scores,
    pub whole: Scores,
    pub clustered: Scores,
    /// Articles in the largest story of the span's clustering.
    pub clustered_articles: usize,
}

/// Undo the data's tokenisation: brackets, quotes, spaces before punctuation and clitics.
pub fn detokenize(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut open_quote = true;
    let mut glue_next = false;
    for tok in line.split_whitespace() {
        let t = match tok {
            "-LRB-" => "(",
            "-RRB-" => ")",
            "-LSB-" => "[",
            "-RSB-" => "]",
            "-LCB-" => "{",
            "-RCB-" => "}",
            "``" => "\"",
            "''" => "\"",
            other => other,
        };
        let is_quote = t == "\"";
        let attach_left = matches!(
            t,
            "," | "."
                | ";"
                | ":"
                | "!"
                | "?"
                | ")"
                | "]"
                | "}"
                | "%"
                | "n't"
                | "'s"
                | "'re"
                | "'ve"
                | "'ll"
                | "'d"
                | "'m"
                | "'"
        ) || (is_quote && !open_quote);
        if !out.is_empty() && !attach_left && !glue_next {
            out.push(' ');
        }
        out.push_str(t);
        glue_next = matches!(t, "(" | "[" | "{" | "$") || (is_quote && open_quote);
        if is_quote {
            open_quote = !open_quote;
        }
    }
    out
}

/// Read every topic under `data` (sorted by name), at most `limit`.
pub fn load(data: &Path, limit: Option<usize>) -> Result<Vec<Topic>, EvalError> {
    let mut names: Vec<String> = read_dir_names(data)?;
    names.sort();
    if let Some(n) = limit {
        names.truncate(n);
    }
    let mut topics = Vec::new();
    for name in names {
        let dir = data.join(&name);
        let inputs = dir.join("InputDocs");
        if !inputs.is_dir() {
            continue;
        }
        let mut articles = Vec::new();
        let mut days = read_dir_names(&inputs)?;
        days.sort();
        for day in days {
            let Ok(date) = day.parse::<PartialDate>() else { continue };
            let mut files = read_dir_names(&inputs.join(&day))?;
            files.sort();
            for f in files {
                let path = inputs.join(&day).join(&f);
                let raw = std::fs::read(&path).map_err(EvalError::io(&path))?;
                let raw = String::from_utf8_lossy(&raw);
                let text: String = raw.lines().map(detokenize).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n");
                articles.push(article(&format!("{name}/{day}/{f}"), text, date));
            }
        }
        let mut timelines = Vec::new();
        let mut files = read_dir_names(&dir.join("timelines"))?;
        files.sort();
        for f in files {
            let path = dir.join("timelines").join(&f);
            let raw = std::fs::read(&path).map_err(EvalError::io(&path))?;
            timelines.push((f, parse_timeline(&String::from_utf8_lossy(&raw))));
        }
        topics.push(Topic { name, articles, timelines });
    }
    Ok(topics)
}

fn read_dir_names(dir: &Path) -> Result<Vec<String>, EvalError> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).map_err(EvalError::io(dir))? {
        let e = e.map_err(EvalError::io(dir))?;
        if let Some(n) = e.file_name().to_str() {
            out.push(n.to_string());
        }
    }
    Ok(out)
}

/// A reference timeline: date lines, their sentences, dashed separators.
pub fn parse_timeline(s: &str) -> Timeline {
    let mut out: Timeline = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in s.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line.chars().all(|c| c == '-') {
            current = None;
            continue;
        }
        let head = line.get(..10).unwrap_or("");
        if current.is_none() && head.parse::<PartialDate>().is_ok_and(|d| d.is_day()) {
            current = Some(head.to_string());
            out.entry(head.to_string()).or_default();
            continue;
        }
        if let Some(d) = &current {
            out.entry(d.clone()).or_default().push(detokenize(line));
        }
    }
    out
}

fn article(source: &str, text: String, date: PartialDate) -> Article {
    Article {
        id: content_id(format!("{source}\n{text}").as_bytes()),
        source: source.to_string(),
        format: SourceFormat::Text,
        body: CleanText::identity(&text),
        text,
        title: None,
        title_span: None,
        outlet: None,
        url: None,
        language: Some("en".into()),
        published: Published::stated(date),
        dateline: None,
        warnings: Vec::new(),
    }
}

/// The timeline the layer predicts for `docs`, as date -> sentences.
pub fn predict(
    docs: &[&Doc],
    n_dates: usize,
    per_date: usize,
    within: Option<(PartialDate, PartialDate)>,
    weights: DayWeights,
) -> Timeline {
    let entities: Vec<_> = docs.iter().map(|d| &d.entities).collect();
    let linked = link_entities(&entities);
    let opts = TimelineOptions {
        max_dates: Some(n_dates),
        per_date,
        within,
        day_weights: Some(weights),
        ..Default::default()
    };
    let t = story_timeline(docs, &linked, &opts);
    let mut out: Timeline = BTreeMap::new();
    for e in t.entries.into_iter().filter(|e| e.date.is_day()) {
        out.entry(e.date.to_string()).or_default().push(e.what);
    }
    out
}

fn score(pred: &Timeline, gold: &Timeline) -> Scores {
    Scores {
        date: rouge::date_f1(pred, gold),
        rouge1_agreement: rouge::agreement(pred, gold, 1),
        rouge2_agreement: rouge::agreement(pred, gold, 2),
        rouge1_concat: rouge::concat(pred, gold, 1),
        rouge2_concat: rouge::concat(pred, gold, 2),
        predicted_dates: pred.len(),
    }
}

/// A topic ready to be scored: annotated documents in canonical order.
struct Prepared {
    name: String,
    docs: Vec<Doc>,
    timelines: Vec<(String, Timeline)>,
}

impl Prepared {
    fn held_out(&self) -> bool {
        !TUNING_PREFIXES.iter().any(|p| self.name.starts_with(p))
    }

    /// The reference's period, size and sentences per date.
    fn task(gold: &Timeline) -> Option<((PartialDate, PartialDate), usize, usize)> {
        let first = gold.keys().next()?.parse().ok()?;
        let last = gold.keys().next_back()?.parse().ok()?;
        let sentences: usize = gold.values().map(Vec::len).sum();
        let per = ((sentences as f64 / gold.len().max(1) as f64).round() as usize).max(1);
        Some(((first, last), gold.len(), per))
    }

    fn span_docs(&self, (from, to): (PartialDate, PartialDate)) -> Vec<&Doc> {
        self.docs.iter().filter(|d| d.article.published.date.is_some_and(|p| from <= p && p <= to)).collect()
    }

    fn span_score(&self, gold: &Timeline, weights: DayWeights) -> Option<Scores> {
        let (span, n, per) = Prepared::task(gold)?;
        Some(score(&predict(&self.span_docs(span), n, per, Some(span), weights), gold))
    }

    fn row(&self, file: &str, gold: &Timeline) -> Option<Row> {
        let (span, n, per) = Prepared::task(gold)?;
        let span_docs = self.span_docs(span);
        let all: Vec<&Doc> = self.docs.iter().collect();
        let whole = score(&predict(&all, n, per, None, DAY_WEIGHTS), gold);
        let span_scores = score(&predict(&span_docs, n, per, Some(span), DAY_WEIGHTS), gold);
        // The real story clustering over the span's articles; the largest story.
        let owned: Vec<Doc> = span_docs.iter().map(|d| (*d).clone()).collect();
        let linking = storyline_link::link(&owned, &storyline_link::LinkParams::default());
        let largest = linking.stories.iter().max_by_key(|s| (s.articles.len(), std::cmp::Reverse(s.id.clone())));
        let members: Vec<&Doc> = match largest {
            Some(s) => owned.iter().filter(|d| s.articles.contains(&d.article.id)).collect(),
            None => Vec::new(),
        };
        let clustered = score(&predict(&members, n, per, Some(span), DAY_WEIGHTS), gold);
        Some(Row {
            topic: self.name.clone(),
            timeline: file.to_string(),
            held_out: self.held_out(),
            articles: self.docs.len(),
            span_articles: span_docs.len(),
            gold_dates: n,
            sentences_per_date: per,
            span: span_scores,
            whole,
            clustered,
            clustered_articles: members.len(),
        })
    }
}

#[derive(Serialize)]
struct Output {
    rows: Vec<Row>,
    mean_tuning: Means,
    mean_held_out: Means,
    mean_all: Means,
    weights: String,
    rouge_variants: &'static str,
}

#[derive(Clone, Copy, Default, Serialize)]
struct Means {
    timelines: usize,
    span_date_f1: f64,
    span_rouge1_agreement_f1: f64,
    span_rouge2_agreement_f1: f64,
    span_rouge1_concat_f1: f64,
    span_rouge2_concat_f1: f64,
    whole_date_f1: f64,
    clustered_date_f1: f64,
}

fn means<'a>(rows: impl Iterator<Item = &'a Row>) -> Means {
    let rows: Vec<&Row> = rows.collect();
    let n = rows.len().max(1) as f64;
    let m = |f: &dyn Fn(&Row) -> f64| rows.iter().map(|r| f(r)).sum::<f64>() / n;
    Means {
        timelines: rows.len(),
        span_date_f1: m(&|r| r.span.date.f1),
        span_rouge1_agreement_f1: m(&|r| r.span.rouge1_agreement.f1),
        span_rouge2_agreement_f1: m(&|r| r.span.rouge2_agreement.f1),
        span_rouge1_concat_f1: m(&|r| r.span.rouge1_concat.f1),
        span_rouge2_concat_f1: m(&|r| r.span.rouge2_concat.f1),
        whole_date_f1: m(&|r| r.whole.date.f1),
        clustered_date_f1: m(&|r| r.clustered.date.f1),
    }
}

fn describe(w: DayWeights) -> String {
    format!("published {}, referenced {}, referenced later {}", w.published, w.referenced, w.referenced_later)
}

/// `storyline eval timeline17`.
pub fn run(opts: &EvalOptions, out: &mut dyn std::io::Write) -> Result<(), EvalError> {
    let io = |e: std::io::Error| EvalError::Other(format!("write: {e}"));
    let topics = load(&opts.data, opts.limit)?;
    if topics.is_empty() {
        return Err(EvalError::Data { path: PathBuf::from(&opts.data), reason: "no topics found".into() });
    }
    let annotator = Annotator::new();
    let mut prepared = Vec::new();
    for t in topics {
        let mut docs = crate::ecbplus::annotate_all(&annotator, t.articles);
        docs.sort_by(|a, b| (a.article.published.date, &a.article.id).cmp(&(b.article.published.date, &b.article.id)));
        prepared.push(Prepared { name: t.name, docs, timelines: t.timelines });
    }

    if opts.verbose {
        tune_grid(&prepared, out)?;
    }
    let mut rows = Vec::new();
    for p in &prepared {
        for (file, gold) in &p.timelines {
            if let Some(r) = p.row(file, gold) {
                rows.push(r);
            }
        }
    }
    let output = Output {
        mean_tuning: means(rows.iter().filter(|r| !r.held_out)),
        mean_held_out: means(rows.iter().filter(|r| r.held_out)),
        mean_all: means(rows.iter()),
        weights: describe(DAY_WEIGHTS),
        rouge_variants: "agreement (n-grams matched within the same date) and concat (all summaries concatenated); lowercased alphanumeric tokens, no stemming, no stopword removal",
        rows,
    };
    if opts.json {
        let s = serde_json::to_string_pretty(&output).map_err(|e| EvalError::Other(e.to_string()))?;
        writeln!(out, "{s}").map_err(io)?;
        return Ok(());
    }
    writeln!(out, "Timeline17: date F1 and ROUGE F1 (agreement / concat) per reference timeline").map_err(io)?;
    writeln!(out, "day weights: {}", output.weights).map_err(io)?;
    writeln!(
        out,
        "{:<22} {:>5} {:>5} {:>4} {:>3} | {:>6} {:>6} {:>6} {:>6} {:>6} | {:>6} | {:>6} {:>5}",
        "topic", "docs", "span", "gold", "L", "dateF1", "R1agr", "R2agr", "R1cat", "R2cat", "whole", "clust", "docs"
    )
    .map_err(io)?;
    for r in &output.rows {
        writeln!(
            out,
            "{:<22} {:>5} {:>5} {:>4} {:>3} | {:>6.3} {:>6.3} {:>6.3} {:>6.3} {:>6.3} | {:>6.3} | {:>6.3} {:>5}{}",
            r.topic,
            r.articles,
            r.span_articles,
            r.gold_dates,
            r.sentences_per_date,
            r.span.date.f1,
            r.span.rouge1_agreement.f1,
            r.span.rouge2_agreement.f1,
            r.span.rouge1_concat.f1,
            r.span.rouge2_concat.f1,
            r.whole.date.f1,
            r.clustered.date.f1,
            r.clustered_articles,
            if r.held_out { "  (held out)" } else { "" }
        )
        .map_err(io)?;
    }
    for (name, m) in [("tuning", &output.mean_tuning), ("held-out", &output.mean_held_out), ("all", &output.mean_all)] {
        writeln!(
            out,
            "mean {name:<9} ({:>2} timelines): date F1 {:.3}, ROUGE-1 agr {:.3}, ROUGE-2 agr {:.3}, ROUGE-1 concat {:.3}, ROUGE-2 concat {:.3}; whole-collection date F1 {:.3}; clustered date F1 {:.3}",
            m.timelines,
            m.span_date_f1,
            m.span_rouge1_agreement_f1,
            m.span_rouge2_agreement_f1,
            m.span_rouge1_concat_f1,
            m.span_rouge2_concat_f1,
            m.whole_date_f1,
            m.clustered_date_f1
        )
        .map_err(io)?;
    }
    writeln!(out, "span = articles and dates within the reference's first..last date (news-tls protocol); whole = all articles, any date; clustered = span articles through story clustering, largest story.").map_err(io)?;
    writeln!(out, "ROUGE: {}", output.rouge_variants).map_err(io)?;
    Ok(())
}

/// Mean span date F1 of the tuning topics for a grid of day weights.
fn tune_grid(prepared: &[Prepared], out: &mut dyn std::io::Write) -> Result<(), EvalError> {
    let io = |e: std::io::Error| EvalError::Other(format!("write: {e}"));
    let mut results: Vec<(f64, f64, DayWeights)> = Vec::new();
    for published in [0.0, 0.5, 1.0, 2.0] {
        for referenced in [0.5, 1.0, 2.0] {
            for referenced_later in [0.0, 0.5, 1.0, 2.0, 4.0] {
                let w = DayWeights { published, referenced, referenced_later };
                let mut tune = Vec::new();
                let mut held = Vec::new();
                for p in prepared {
                    for (_, gold) in &p.timelines {
                        if let Some(s) = p.span_score(gold, w) {
                            if p.held_out() { held.push(s.date.f1) } else { tune.push(s.date.f1) }
                        }
                    }
                }
                let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
                results.push((mean(&tune), mean(&held), w));
            }
        }
    }
    results.sort_by(|a, b| b.0.total_cmp(&a.0));
    writeln!(out, "tuning grid (mean span date F1; sorted by the tuning topics' mean):").map_err(io)?;
    for (t, h, w) in results.iter().take(12) {
        writeln!(out, "  tuning {t:.3}  held-out {h:.3}  [{}]", describe(*w)).map_err(io)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detokenizes() {
        assert_eq!(
            detokenize("Cairo , Egypt -LRB- CNN -RRB- - He said `` it 's time '' ."),
            "Cairo, Egypt (CNN) - He said \"it's time\"."
        );
        assert_eq!(detokenize("costs $ 5 , or 10 % more"), "costs $5, or 10% more");
    }

    #[test]
    fn parses_timelines() {
        let t = parse_timeline(
            "2011-01-25\nProtests begin .\nTwo die .\n----------\n2011-01-26\nPolice use tear gas .\n---\n",
        );
        assert_eq!(t.len(), 2);
        assert_eq!(t["2011-01-25"], ["Protests begin.", "Two die."]);
    }
}
