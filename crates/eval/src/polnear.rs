//! `storyline eval polnear`: the quote layer against PolNeAR's attributions.
//!
//! Data: `<split>/text/<name>.txt` and `<split>/attributions/<name>_<annotator>.ann` (brat
//! standoff, see [`brat`]); when an article has several annotators' files the first by file name
//! is used. Each article runs through the same layers as `storyline annotate` — tokens and
//! sentences, the entity recogniser, the time tagger (with the publication date from
//! `metadata.tsv` next to the split, when present) and [`storyline_quotes::extract`] — on the text
//! file as is, since PolNeAR's offsets index that text.
//!
//! Measures (see [`score`]): content precision/recall/F1 and content+source F1, for direct quotes
//! (gold content starting with a quotation mark; predicted quotes flagged direct) and for all
//! attributions; one-to-one matching as the headline, any-overlap counting beside it.

pub mod brat;
pub mod score;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;
use storyline_core::text::{sentences_from_tokens, tokenize};
use storyline_core::{PartialDate, Published};
use storyline_entities::EntityRecognizer;
use storyline_time::TimeTagger;

use crate::{EvalError, EvalOptions, Prf};
use brat::GoldAttribution;
use score::{Counts, Predicted};

/// One measure's counts and scores.
#[derive(Debug, Serialize)]
pub struct Measure {
    pub counts: Counts,
    pub one_to_one: Prf,
    pub any_overlap: Prf,
}

impl Measure {
    fn new(counts: Counts) -> Measure {
        Measure { counts, one_to_one: counts.one_to_one(), any_overlap: counts.any_overlap() }
    }
}

/// The evaluation's result.
#[derive(Debug, Serialize)]
pub struct Report {
    pub articles: usize,
    pub direct_content: Measure,
    pub direct_content_source: Measure,
    pub all_content: Measure,
    pub all_content_source: Measure,
}

/// An article's text and gold attributions.
pub struct Article {
    pub name: String,
    pub text: String,
    pub gold: Vec<GoldAttribution>,
    pub published: Option<PartialDate>,
}

/// Read a PolNeAR split folder (with `text/` and `attributions/`).
pub fn load(dir: &Path, limit: Option<usize>) -> Result<Vec<Article>, EvalError> {
    let text_dir = dir.join("text");
    let ann_dir = dir.join("attributions");
    let mut names: Vec<String> = std::fs::read_dir(&text_dir)
        .map_err(EvalError::io(&text_dir))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".txt")).map(str::to_string))
        .collect();
    names.sort();
    if let Some(n) = limit {
        names.truncate(n);
    }
    let mut ann_files: Vec<String> = std::fs::read_dir(&ann_dir)
        .map_err(EvalError::io(&ann_dir))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.ends_with(".ann"))
        .collect();
    ann_files.sort();
    let dates = metadata_dates(dir);
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let prefix = format!("{name}_");
        // The first annotator's file: the first by name among `<name>_<annotator>.ann`.
        let Some(ann_name) = ann_files
            .iter()
            .find(|f| f.strip_prefix(&prefix).is_some_and(|rest| !rest.trim_end_matches(".ann").contains('_')))
        else {
            continue;
        };
        let text_path = text_dir.join(format!("{name}.txt"));
        let text = std::fs::read_to_string(&text_path).map_err(EvalError::io(&text_path))?;
        let ann_path = ann_dir.join(ann_name);
        let ann = std::fs::read_to_string(&ann_path).map_err(EvalError::io(&ann_path))?;
        let gold = brat::parse(&ann, &text);
        let published = dates.get(&name).copied();
        out.push(Article { name, text, gold, published });
    }
    if out.is_empty() {
        return Err(EvalError::Data { path: dir.to_path_buf(), reason: "no articles with attributions found".into() });
    }
    Ok(out)
}

/// Publication dates from `metadata.tsv` in the split folder or its parent.
fn metadata_dates(dir: &Path) -> HashMap<String, PartialDate> {
    let mut out = HashMap::new();
    let candidates: Vec<PathBuf> =
        [Some(dir.join("metadata.tsv")), dir.parent().map(|p| p.join("metadata.tsv"))].into_iter().flatten().collect();
    let Some(content) = candidates.iter().find_map(|p| std::fs::read_to_string(p).ok()) else { return out };
    let mut lines = content.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let col = |n: &str| header.iter().position(|h| *h == n);
    let (Some(fc), Some(dc)) = (col("filename"), col("publication_date")) else { return out };
    for line in lines {
        let f: Vec<&str> = line.split('\t').collect();
        if let (Some(name), Some(date)) = (f.get(fc), f.get(dc))
            && let Ok(d) = date.parse::<PartialDate>()
        {
            out.insert(name.to_string(), d);
        }
    }
    out
}

/// Run the layers on one article and reduce the quotes to what is scored.
pub fn predict(
    text: &str,
    published: Option<PartialDate>,
    ner: &EntityRecognizer,
    time: &TimeTagger,
) -> Vec<Predicted> {
    let tokens = tokenize(text);
    let sentences = sentences_from_tokens(text, &tokens);
    let entities = ner.recognize(text, &tokens, &sentences);
    let dct = published.map(Published::stated).unwrap_or_default();
    let timexes = time.tag(text, &dct);
    storyline_quotes::extract(text, &sentences, &entities, &timexes)
        .into_iter()
        .map(|q| Predicted { content: q.pieces(), speaker: q.speaker_span(), direct: q.direct })
        .collect()
}

pub fn run(opts: &EvalOptions, out: &mut dyn std::io::Write) -> Result<(), EvalError> {
    let articles = load(&opts.data, opts.limit)?;
    let ner = EntityRecognizer::load_default();
    let time = TimeTagger::new();
    let mut totals = [Counts::default(); 4];
    let mut detail = String::new();
    for a in &articles {
        let pred = predict(&a.text, a.published, &ner, &time);
        let gold_all: Vec<&GoldAttribution> = a.gold.iter().collect();
        let gold_direct: Vec<&GoldAttribution> = a.gold.iter().filter(|g| g.is_direct(&a.text)).collect();
        let pred_all: Vec<&Predicted> = pred.iter().collect();
        let pred_direct: Vec<&Predicted> = pred.iter().filter(|p| p.direct).collect();
        let runs = [
            (&gold_direct, &pred_direct, false),
            (&gold_direct, &pred_direct, true),
            (&gold_all, &pred_all, false),
            (&gold_all, &pred_all, true),
        ];
        for (k, (g, p, src)) in runs.iter().enumerate() {
            let (c, missed, spurious) = score::score(g, p, *src);
            totals[k].add(c);
            // Detail for the content+source measure over all attributions (k = 3) and, for direct
            // quotes, content (k = 0).
            if opts.verbose && (k == 2 || k == 0 || k == 1) {
                let label = match k {
                    0 => "direct",
                    1 => "direct+source",
                    _ => "all",
                };
                for &i in &missed {
                    let gi = g[i];
                    let _ = writeln!(
                        detail,
                        "{}\t{label}\tMISS\tsource=[{}] cue=[{}]\t{}\t{}",
                        a.name,
                        gi.source.iter().map(|s| s.slice(&a.text)).collect::<Vec<_>>().join(" "),
                        gi.cue.iter().map(|s| s.slice(&a.text)).collect::<Vec<_>>().join(" "),
                        snippet(&a.text, &gi.content),
                        around(&a.text, &gi.content)
                    );
                }
                for &i in &spurious {
                    let pi = p[i];
                    // EXTRA: overlaps no gold item; DUPLICATE: overlaps one matched to another.
                    let overlaps =
                        g.iter().any(|gi| gi.content.iter().any(|x| pi.content.iter().any(|y| x.overlaps(*y))));
                    let _ = writeln!(
                        detail,
                        "{}\t{label}\t{}\tspeaker=[{}]\t{}\t{}",
                        a.name,
                        if overlaps { "DUPLICATE" } else { "EXTRA" },
                        pi.speaker.map_or("", |s| s.slice(&a.text)),
                        snippet(&a.text, &pi.content),
                        around(&a.text, &pi.content)
                    );
                }
            }
        }
    }
    let report = Report {
        articles: articles.len(),
        direct_content: Measure::new(totals[0]),
        direct_content_source: Measure::new(totals[1]),
        all_content: Measure::new(totals[2]),
        all_content_source: Measure::new(totals[3]),
    };
    let io = |e| EvalError::Other(format!("cannot write the report: {e}"));
    if opts.json {
        let json = serde_json::to_string_pretty(&report).map_err(|e| EvalError::Other(e.to_string()))?;
        writeln!(out, "{json}").map_err(io)?;
        return Ok(());
    }
    if opts.verbose {
        out.write_all(detail.as_bytes()).map_err(io)?;
    }
    writeln!(
        out,
        "PolNeAR {} — {} articles (first annotator's file); {} gold attributions, {} direct",
        opts.data.display(),
        report.articles,
        report.all_content.counts.gold,
        report.direct_content.counts.gold
    )
    .map_err(io)?;
    writeln!(
        out,
        "{:<26} {:>6} {:>6} {:>6}   {:>6} {:>6} {:>6}   {:>5} {:>5}",
        "", "P", "R", "F1", "P", "R", "F1", "gold", "pred"
    )
    .map_err(io)?;
    writeln!(out, "{:<26} {:^22}   {:^22}", "", "one-to-one", "any overlap").map_err(io)?;
    for (name, m) in [
        ("direct  content", &report.direct_content),
        ("direct  content+source", &report.direct_content_source),
        ("all     content", &report.all_content),
        ("all     content+source", &report.all_content_source),
    ] {
        let (o, a) = (m.one_to_one, m.any_overlap);
        writeln!(
            out,
            "{:<26} {:>6.3} {:>6.3} {:>6.3}   {:>6.3} {:>6.3} {:>6.3}   {:>5} {:>5}",
            name, o.precision, o.recall, o.f1, a.precision, a.recall, a.f1, m.counts.gold, m.counts.predicted
        )
        .map_err(io)?;
    }
    Ok(())
}

/// The text around a set of spans, with the spans bracketed, for reading a miss in context.
fn around(text: &str, spans: &[storyline_core::Span]) -> String {
    let (Some(start), Some(end)) = (spans.iter().map(|s| s.start).min(), spans.iter().map(|s| s.end).max()) else {
        return String::new();
    };
    let floor = |mut i: usize| {
        while i > 0 && !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let a = floor(start.saturating_sub(100));
    let b = floor((end + 100).min(text.len()));
    let before = text.get(a..start).unwrap_or("");
    let after = text.get(end..b).unwrap_or("");
    let mid = text.get(start..end).unwrap_or("");
    let mid: String = if mid.chars().count() > 120 {
        let h: String = mid.chars().take(60).collect();
        let t: String = mid.chars().rev().take(60).collect::<Vec<_>>().into_iter().rev().collect();
        format!("{h} … {t}")
    } else {
        mid.to_string()
    };
    format!("{before}<<{mid}>>{after}").replace(['\n', '\t'], " ")
}

fn snippet(text: &str, spans: &[storyline_core::Span]) -> String {
    let s: String = spans.iter().map(|s| s.slice(text)).collect::<Vec<_>>().join(" … ");
    let s = s.replace(['\n', '\t'], " ");
    if s.chars().count() > 160 { s.chars().take(160).collect::<String>() + "…" } else { s }
}
