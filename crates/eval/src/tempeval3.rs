//! Time-expression tagging and normalisation on TempEval-3 TimeML (`../shared/data/tempeval3`),
//! scored with the TempEval-3 definitions.
//!
//! Each `.tml` file gives the document creation time (`<DCT><TIMEX3 value=...>`) and the text
//! with inline gold `<TIMEX3>` tags. The raw text is the content of `<TEXT>` with all tags removed
//! and XML entities decoded; gold extents are byte ranges into it. The tagger runs on that raw
//! text with the DCT. A system expression matches a gold one when their extents overlap
//! (relaxed) or are identical (strict), one-to-one; value F1 counts a relaxed match only when
//! the normalised `value` is identical too (precision over system expressions, recall over gold
//! ones), and type accuracy is the share of relaxed matches with the right `type`.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use storyline_core::{PartialDate, Published};
use storyline_time::{TimeTagger, Timex};

use crate::{EvalError, EvalOptions, Prf};

/// One gold TIMEX3.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldTimex {
    pub start: usize,
    pub end: usize,
    pub kind: String,
    pub value: String,
    pub modifier: Option<String>,
}

/// One TimeML document.
#[derive(Clone, Debug)]
pub struct TmlDoc {
    pub name: String,
    /// The subcorpus: the folder the file is in (TimeBank, AQUAINT).
    pub corpus: String,
    /// The DCT value (`1998-01-08`, `1990-08-15T13:37`).
    pub dct: String,
    pub text: String,
    pub gold: Vec<GoldTimex>,
}

/// Read every `.tml` file under `dir` (one level of subfolders = subcorpora), in name order;
/// a file name seen in an earlier folder is skipped (the data ships one document twice).
pub fn load_docs(dir: &Path, limit: Option<usize>) -> Result<Vec<TmlDoc>, EvalError> {
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).map_err(EvalError::io(dir))?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            let corpus = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let mut sub: Vec<PathBuf> =
                std::fs::read_dir(&p).map_err(EvalError::io(&p))?.filter_map(|e| e.ok().map(|e| e.path())).collect();
            sub.sort();
            files.extend(
                sub.into_iter().filter(|f| f.extension().is_some_and(|e| e == "tml")).map(|f| (corpus.clone(), f)),
            );
        } else if p.extension().is_some_and(|e| e == "tml") {
            files.push((String::from("all"), p));
        }
    }
    let mut seen = HashSet::new();
    let mut docs = Vec::new();
    for (corpus, path) in files {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if !seen.insert(name.clone()) {
            continue;
        }
        let raw = std::fs::read_to_string(&path).map_err(EvalError::io(&path))?;
        let doc = parse_tml(&raw).map_err(|reason| EvalError::Data { path: path.clone(), reason })?;
        docs.push(TmlDoc { name, corpus, ..doc });
        if limit.is_some_and(|n| docs.len() >= n) {
            break;
        }
    }
    if docs.is_empty() {
        return Err(EvalError::Data { path: dir.to_path_buf(), reason: "no .tml files".into() });
    }
    Ok(docs)
}

/// Parse one TimeML document: DCT, raw text and gold extents.
pub fn parse_tml(src: &str) -> Result<TmlDoc, String> {
    let dct = src
        .find("<DCT>")
        .and_then(|i| src[i..].find("value=\"").map(|j| i + j + 7))
        .and_then(|v| src[v..].find('"').map(|e| src[v..v + e].to_string()))
        .ok_or("no <DCT> value")?;
    let start = src.find("<TEXT>").ok_or("no <TEXT>")? + "<TEXT>".len();
    let end = src[start..].find("</TEXT>").map(|e| start + e).ok_or("no </TEXT>")?;
    let body = &src[start..end];
    let mut text = String::with_capacity(body.len());
    let mut gold = Vec::new();
    let mut open: Vec<(usize, String, String, Option<String>)> = Vec::new();
    let mut rest = body;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            let close = rest.find('>').ok_or("unclosed tag")?;
            let tag = &rest[1..close];
            if let Some(attrs) = tag.strip_prefix("TIMEX3") {
                let kind = attr(attrs, "type").unwrap_or_default();
                let value = attr(attrs, "value").unwrap_or_default();
                let modifier = attr(attrs, "mod");
                if attrs.trim_end().ends_with('/') {
                    // an empty (non-consuming) timex: nothing to find in the text
                } else {
                    open.push((text.len(), kind, value, modifier));
                }
            } else if tag.starts_with("/TIMEX3") {
                let (s, kind, value, modifier) = open.pop().ok_or("unbalanced </TIMEX3>")?;
                gold.push(GoldTimex { start: s, end: text.len(), kind, value, modifier });
            }
            rest = &rest[close + 1..];
        } else if c == '&' {
            let semi = rest.find(';').filter(|&k| k <= 8);
            let decoded = semi.and_then(|k| match &rest[1..k] {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => None,
            });
            match (semi, decoded) {
                (Some(k), Some(ch)) => {
                    text.push(ch);
                    rest = &rest[k + 1..];
                }
                _ => {
                    text.push('&');
                    rest = &rest[1..];
                }
            }
        } else {
            text.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    Ok(TmlDoc { name: String::new(), corpus: String::new(), dct, text, gold })
}

fn attr(attrs: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let i = attrs.find(&key)? + key.len();
    let e = attrs[i..].find('"')?;
    Some(attrs[i..i + e].to_string())
}

/// Publication-date inference measured on the same documents: the DCT is hidden, the text
/// alone (no header, no hints) must give it back. The horizon is set to the DCT's year, as a
/// caller that knows roughly "now" (a crawl date) would.
#[derive(Clone, Copy, Debug, Default, serde::Serialize)]
pub struct InferenceCounts {
    pub docs: usize,
    /// Some date inferred.
    pub answered: usize,
    /// The inferred date is a day equal to the DCT.
    pub exact_day: usize,
    /// Within one day of the DCT (news is often dated the day after the events it reports).
    pub within_one_day: usize,
    /// The inferred year is the DCT's.
    pub right_year: usize,
}

impl InferenceCounts {
    /// Count one document; returns what was inferred.
    fn add(&mut self, doc: &TmlDoc) -> Option<PartialDate> {
        self.docs += 1;
        let dct = doc.dct.get(..10).and_then(|d| d.parse::<PartialDate>().ok())?;
        let tagger = TimeTagger::new().with_horizon(i32::from(dct.year));
        let got = tagger.infer_published(&doc.text).and_then(|p| p.date)?;
        self.answered += 1;
        if got.year == dct.year {
            self.right_year += 1;
        }
        if got == dct {
            self.exact_day += 1;
        }
        if got.day.is_some()
            && let (Some(a), Some(b)) = (storyline_time::dct_date(got), storyline_time::dct_date(dct))
            && a.until(b).is_ok_and(|s| s.get_days().abs() <= 1)
        {
            self.within_one_day += 1;
        }
        Some(got)
    }
}

/// Counts for one group of documents.
#[derive(Clone, Copy, Debug, Default, serde::Serialize)]
pub struct Counts {
    pub docs: usize,
    pub gold: usize,
    pub system: usize,
    pub strict: usize,
    pub relaxed: usize,
    pub value: usize,
    pub kind: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.docs += o.docs;
        self.gold += o.gold;
        self.system += o.system;
        self.strict += o.strict;
        self.relaxed += o.relaxed;
        self.value += o.value;
        self.kind += o.kind;
    }

    fn prf(&self, tp: usize) -> Prf {
        let p = if self.system > 0 { tp as f64 / self.system as f64 } else { 0.0 };
        let r = if self.gold > 0 { tp as f64 / self.gold as f64 } else { 0.0 };
        Prf::from_pr(p, r)
    }

    pub fn strict_prf(&self) -> Prf {
        self.prf(self.strict)
    }

    pub fn relaxed_prf(&self) -> Prf {
        self.prf(self.relaxed)
    }

    pub fn value_prf(&self) -> Prf {
        self.prf(self.value)
    }

    pub fn type_accuracy(&self) -> f64 {
        if self.relaxed > 0 { self.kind as f64 / self.relaxed as f64 } else { 0.0 }
    }
}

/// The per-document outcome: counts and, for `--verbose`, the errors.
pub struct DocResult {
    pub counts: Counts,
    pub errors: Vec<String>,
}

/// Score the system expressions of one document against its gold ones.
pub fn score(doc: &TmlDoc, sys: &[Timex]) -> DocResult {
    let text = &doc.text;
    let mut gold_used = vec![false; doc.gold.len()];
    let mut sys_match: Vec<Option<usize>> = vec![None; sys.len()];
    // Identical extents first, then any overlap, so strict matches are never stolen.
    for pass in 0..2 {
        for (si, s) in sys.iter().enumerate() {
            if sys_match[si].is_some() {
                continue;
            }
            let found = doc.gold.iter().enumerate().position(|(gi, g)| {
                !gold_used[gi]
                    && if pass == 0 {
                        g.start == s.span.start && g.end == s.span.end
                    } else {
                        g.start < s.span.end && s.span.start < g.end
                    }
            });
            if let Some(gi) = found {
                gold_used[gi] = true;
                sys_match[si] = Some(gi);
            }
        }
    }
    let mut c = Counts { docs: 1, gold: doc.gold.len(), system: sys.len(), ..Counts::default() };
    let mut errors = Vec::new();
    let slice = |s: usize, e: usize| text.get(s..e).unwrap_or("").replace('\n', " ");
    for (si, s) in sys.iter().enumerate() {
        let sys_kind = s.kind.as_str();
        match sys_match[si] {
            Some(gi) => {
                let g = &doc.gold[gi];
                c.relaxed += 1;
                let strict = g.start == s.span.start && g.end == s.span.end;
                if strict {
                    c.strict += 1;
                }
                if g.value == s.value {
                    c.value += 1;
                }
                if g.kind == sys_kind {
                    c.kind += 1;
                }
                if !strict || g.value != s.value {
                    errors.push(format!(
                        "  {:<8} gold {:?} {} {} | sys {:?} {} {}  «{}»",
                        if g.value != s.value { "VALUE" } else { "EXTENT" },
                        slice(g.start, g.end),
                        g.kind,
                        g.value,
                        slice(s.span.start, s.span.end),
                        sys_kind,
                        s.value,
                        context(text, s.span.start, s.span.end)
                    ));
                }
            }
            None => errors.push(format!(
                "  FALSE    {:?} {} {}  «{}»",
                slice(s.span.start, s.span.end),
                sys_kind,
                s.value,
                context(text, s.span.start, s.span.end)
            )),
        }
    }
    for (gi, g) in doc.gold.iter().enumerate() {
        if !gold_used[gi] {
            errors.push(format!(
                "  MISSED   {:?} {} {}  «{}»",
                slice(g.start, g.end),
                g.kind,
                g.value,
                context(text, g.start, g.end)
            ));
        }
    }
    DocResult { counts: c, errors }
}

/// A little text around a span, for error listings.
fn context(text: &str, s: usize, e: usize) -> String {
    let mut a = s.saturating_sub(50);
    while a > 0 && !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (e + 50).min(text.len());
    while b < text.len() && !text.is_char_boundary(b) {
        b += 1;
    }
    text.get(a..b).unwrap_or("").replace('\n', " ")
}

/// The DCT value as a stated publication date (the date part of `1990-08-15T13:37`).
pub fn dct_published(value: &str) -> Published {
    match value.get(..10).and_then(|d| d.parse::<PartialDate>().ok()) {
        Some(d) => Published::stated(d),
        None => Published::unknown(),
    }
}

pub fn run(opts: &EvalOptions, out: &mut dyn std::io::Write) -> Result<(), EvalError> {
    let docs = load_docs(&opts.data, opts.limit)?;
    let tagger = TimeTagger::new();
    let mut groups: BTreeMap<String, Counts> = BTreeMap::new();
    let mut total = Counts::default();
    let mut inference = InferenceCounts::default();
    let w = |e: std::io::Error| EvalError::Other(e.to_string());
    for doc in &docs {
        let inferred = inference.add(doc);
        let sys = tagger.tag(&doc.text, &dct_published(&doc.dct));
        let r = score(doc, &sys);
        groups.entry(doc.corpus.clone()).or_default().add(&r.counts);
        total.add(&r.counts);
        if opts.verbose && !r.errors.is_empty() && !opts.json {
            let inferred = inferred.map_or_else(|| "nothing".to_string(), |d| d.to_string());
            writeln!(out, "{}/{} (DCT {}; inferred from the text: {inferred})", doc.corpus, doc.name, doc.dct)
                .map_err(w)?;
            for e in &r.errors {
                writeln!(out, "{e}").map_err(w)?;
            }
        }
    }
    if opts.json {
        let row = |c: &Counts| {
            serde_json::json!({
                "counts": c,
                "strict": c.strict_prf(),
                "relaxed": c.relaxed_prf(),
                "value": c.value_prf(),
                "type_accuracy": c.type_accuracy(),
            })
        };
        let mut by: serde_json::Map<String, serde_json::Value> =
            groups.iter().map(|(k, c)| (k.clone(), row(c))).collect();
        by.insert("overall".into(), row(&total));
        by.insert("published_inference".into(), serde_json::to_value(inference).unwrap_or_default());
        writeln!(out, "{}", serde_json::Value::Object(by)).map_err(w)?;
        return Ok(());
    }
    writeln!(out, "TempEval-3 TIMEX3 extents and values ({} documents)", docs.len()).map_err(w)?;
    writeln!(
        out,
        "{:<10} {:>5} {:>5} {:>5} | {:>6} {:>6} {:>6} | {:>6} {:>6} {:>6} | {:>6} {:>6} {:>6} | {:>6}",
        "corpus",
        "docs",
        "gold",
        "sys",
        "str-P",
        "str-R",
        "str-F1",
        "rel-P",
        "rel-R",
        "rel-F1",
        "val-P",
        "val-R",
        "val-F1",
        "type"
    )
    .map_err(w)?;
    let mut rows: Vec<(&str, &Counts)> = groups.iter().map(|(k, c)| (k.as_str(), c)).collect();
    rows.push(("overall", &total));
    for (name, c) in rows.iter().copied() {
        let (s, r, v) = (c.strict_prf(), c.relaxed_prf(), c.value_prf());
        writeln!(
            out,
            "{:<10} {:>5} {:>5} {:>5} | {:>6.1} {:>6.1} {:>6.1} | {:>6.1} {:>6.1} {:>6.1} | {:>6.1} {:>6.1} {:>6.1} | {:>6.1}",
            name,
            c.docs,
            c.gold,
            c.system,
            100.0 * s.precision,
            100.0 * s.recall,
            100.0 * s.f1,
            100.0 * r.precision,
            100.0 * r.recall,
            100.0 * r.f1,
            100.0 * v.precision,
            100.0 * v.recall,
            100.0 * v.f1,
            100.0 * c.type_accuracy()
        )
        .map_err(w)?;
    }
    let pct = |n: usize| if inference.docs > 0 { 100.0 * n as f64 / inference.docs as f64 } else { 0.0 };
    writeln!(
        out,
        "publication date inferred from the text alone (DCT hidden, horizon = DCT year): answered {:.1}%, right year {:.1}%, exact day {:.1}%, within one day {:.1}% of {} documents",
        pct(inference.answered),
        pct(inference.right_year),
        pct(inference.exact_day),
        pct(inference.within_one_day),
        inference.docs
    )
    .map_err(w)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="2021-06-20" functionInDocument="CREATION_TIME">June 20</TIMEX3></DCT>
<TEXT>
Talks &amp; a <EVENT eid="e1">summit</EVENT> took place <TIMEX3 tid="t1" type="DATE" value="2021-06-16">on Wednesday</TIMEX3>, for <TIMEX3 tid="t2" type="DURATION" value="PT3H">three hours</TIMEX3>.
</TEXT>
</TimeML>"#;

    #[test]
    fn reads_text_and_gold_offsets() {
        let d = parse_tml(DOC).unwrap();
        assert_eq!(d.dct, "2021-06-20");
        assert_eq!(d.gold.len(), 2);
        assert_eq!(&d.text[d.gold[0].start..d.gold[0].end], "on Wednesday");
        assert_eq!(&d.text[d.gold[1].start..d.gold[1].end], "three hours");
        assert!(d.text.contains("Talks & a summit"));
    }

    #[test]
    fn scores_strict_relaxed_and_value() {
        let d = parse_tml(DOC).unwrap();
        let tagger = TimeTagger::new();
        let sys = tagger.tag(&d.text, &dct_published(&d.dct));
        let r = score(&d, &sys);
        // "Wednesday" overlaps "on Wednesday" (relaxed, not strict) with the right value.
        assert_eq!(r.counts.relaxed, 2);
        assert_eq!(r.counts.strict, 1);
        assert_eq!(r.counts.value, 2);
    }
}
