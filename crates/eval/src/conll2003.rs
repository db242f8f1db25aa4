//! CoNLL-2003 English named entities: the reader, the conlleval scoring, `storyline eval
//! conll2003` and `storyline train ner`.
//!
//! Scoring is exact-span entity precision/recall/F1 as conlleval defines it: a predicted name
//! counts only when its first token, last token and type all match a gold name. The gold files
//! use IOB1 (`I-` starts a name unless the previous token has the same type; `B-` separates two
//! adjacent names of one type). Figures are given per type, overall, and over PER/ORG/LOC only.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use storyline_entities::EntityRecognizer;
use storyline_entities::clusters::{self, ClusterConfig};
use storyline_entities::train::{TYPE_NAMES, TrainConfig, TrainDoc, type_index};

use crate::{EvalError, EvalOptions, Prf};

/// One sentence: tokens and gold names `(start, end, type index)`.
#[derive(Clone, Debug, Default)]
pub struct Sentence {
    pub tokens: Vec<String>,
    pub names: Vec<(usize, usize, u8)>,
}

/// One `-DOCSTART-` document.
#[derive(Clone, Debug, Default)]
pub struct Document {
    pub sentences: Vec<Sentence>,
}

/// Read a CoNLL-2003 file (token POS chunk NER per line, IOB1).
pub fn read(path: &Path) -> Result<Vec<Document>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(EvalError::io(path))?;
    Ok(parse(&text))
}

/// Parse CoNLL-2003 text.
pub fn parse(text: &str) -> Vec<Document> {
    let mut docs: Vec<Document> = Vec::new();
    let mut doc = Document::default();
    let mut tokens: Vec<String> = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let flush = |tokens: &mut Vec<String>, tags: &mut Vec<String>, doc: &mut Document| {
        if !tokens.is_empty() {
            let names = iob1_names(tags);
            doc.sentences.push(Sentence { tokens: std::mem::take(tokens), names });
            tags.clear();
        }
    };
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            flush(&mut tokens, &mut tags, &mut doc);
            continue;
        }
        let mut parts = line.split_whitespace();
        let Some(word) = parts.next() else { continue };
        if word == "-DOCSTART-" {
            flush(&mut tokens, &mut tags, &mut doc);
            if !doc.sentences.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            continue;
        }
        let tag = parts.last().unwrap_or("O");
        tokens.push(word.to_string());
        tags.push(tag.to_string());
    }
    flush(&mut tokens, &mut tags, &mut doc);
    if !doc.sentences.is_empty() {
        docs.push(doc);
    }
    docs
}

/// Names from IOB1 (or IOB2) tags, as conlleval reads them.
pub fn iob1_names<S: AsRef<str>>(tags: &[S]) -> Vec<(usize, usize, u8)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, u8)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let tag = tag.as_ref();
        let (prefix, ty) = match tag.split_once('-') {
            Some((p, t)) => (p, type_index(t)),
            None => ("O", None),
        };
        let starts = match (prefix, ty, open) {
            (_, None, _) => false,
            ("B", Some(_), _) => true,
            (_, Some(t), Some((_, ot))) => t != ot,
            (_, Some(_), None) => true,
        };
        if (ty.is_none() || starts)
            && let Some((s, t)) = open.take()
        {
            out.push((s, i, t));
        }
        if starts {
            open = ty.map(|t| (i, t));
        }
    }
    if let Some((s, t)) = open {
        out.push((s, tags.len(), t));
    }
    out
}

#[derive(Clone, Copy, Debug, Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn prf(self) -> Prf {
        Prf::from_counts(self.tp as f64, self.fp as f64, self.fn_ as f64)
    }
}

/// `storyline eval conll2003 --data eng.testa`.
pub fn run(opts: &EvalOptions, out: &mut dyn Write) -> Result<(), EvalError> {
    let docs = read(&opts.data)?;
    let docs = &docs[..opts.limit.unwrap_or(docs.len()).min(docs.len())];
    let rec = EntityRecognizer::load_default();
    if !rec.has_model() {
        return Err(EvalError::Other("the shipped NER model is missing; run `storyline train ner`".into()));
    }
    let mut per_type = [Counts::default(); 4];
    let mut words = 0usize;
    let started = Instant::now();
    let mut errors: Vec<String> = Vec::new();
    for doc in docs {
        let sents: Vec<Vec<&str>> =
            doc.sentences.iter().map(|s| s.tokens.iter().map(String::as_str).collect()).collect();
        let predicted = rec.tag_sentences(&sents);
        for (s, pred) in doc.sentences.iter().zip(&predicted) {
            words += s.tokens.len();
            let gold: HashSet<(usize, usize, u8)> = s.names.iter().copied().collect();
            let pred: HashSet<(usize, usize, u8)> = pred.iter().copied().collect();
            for &(a, b, t) in &pred {
                if gold.contains(&(a, b, t)) {
                    per_type[t as usize].tp += 1;
                } else {
                    per_type[t as usize].fp += 1;
                    if opts.verbose {
                        errors.push(format!("FP {} {}", TYPE_NAMES[t as usize], s.tokens[a..b].join(" ")));
                    }
                }
            }
            for &(a, b, t) in &gold {
                if !pred.contains(&(a, b, t)) {
                    per_type[t as usize].fn_ += 1;
                    if opts.verbose {
                        errors.push(format!("FN {} {}", TYPE_NAMES[t as usize], s.tokens[a..b].join(" ")));
                    }
                }
            }
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let sum = |types: &[usize]| {
        types.iter().fold(Counts::default(), |a, &t| Counts {
            tp: a.tp + per_type[t].tp,
            fp: a.fp + per_type[t].fp,
            fn_: a.fn_ + per_type[t].fn_,
        })
    };
    let overall = sum(&[0, 1, 2, 3]);
    let no_misc = sum(&[0, 1, 2]);
    if opts.json {
        let mut types = BTreeMap::new();
        for (t, c) in per_type.iter().enumerate() {
            types.insert(TYPE_NAMES[t], c.prf());
        }
        let v = serde_json::json!({
            "data": opts.data.display().to_string(),
            "documents": docs.len(),
            "words": words,
            "per_type": types,
            "overall": overall.prf(),
            "overall_per_org_loc": no_misc.prf(),
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&v).unwrap_or_default()).map_err(EvalError::io("stdout"))?;
        return Ok(());
    }
    let w = |out: &mut dyn Write, s: String| writeln!(out, "{s}").map_err(EvalError::io("stdout"));
    if opts.verbose {
        for e in &errors {
            w(out, e.clone())?;
        }
    }
    w(out, format!("CoNLL-2003 {} — {} documents, {} words", opts.data.display(), docs.len(), words))?;
    w(
        out,
        format!("{:<12} {:>9} {:>9} {:>9} {:>7} {:>7} {:>7}", "type", "precision", "recall", "F1", "tp", "fp", "fn"),
    )?;
    let row = |name: &str, c: Counts| {
        let p = c.prf();
        format!(
            "{:<12} {:>9.2} {:>9.2} {:>9.2} {:>7} {:>7} {:>7}",
            name,
            p.precision * 100.0,
            p.recall * 100.0,
            p.f1 * 100.0,
            c.tp,
            c.fp,
            c.fn_
        )
    };
    for (t, c) in per_type.iter().enumerate() {
        w(out, row(TYPE_NAMES[t], *c))?;
    }
    w(out, row("overall", overall))?;
    w(out, row("PER/ORG/LOC", no_misc))?;
    w(out, format!("tagging speed (incl. feature extraction): {:.0} words/s", words as f64 / elapsed.max(1e-9)))?;
    Ok(())
}

/// Options for `storyline train ner`.
#[derive(Clone, Debug, Default)]
pub struct TrainOptions {
    /// CoNLL-2003 training file (eng.train).
    pub data: std::path::PathBuf,
    /// Where to write the model file.
    pub out: std::path::PathBuf,
    /// Training passes over the data.
    pub epochs: Option<usize>,
}

/// Folders of unlabelled news under `../shared/data` that the word clusters learn from.
fn unlabelled_files(data_root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut walk =
        vec![data_root.join("timeline17"), data_root.join("polnear"), data_root.join("ecbplus").join("text")];
    while let Some(dir) = walk.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                // Timeline17's gold timelines and PolNeAR's annotations are not running text.
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if name != "timelines" && name != "attributions" {
                    walk.push(p);
                }
            } else if p.extension().is_some_and(|x| x == "txt") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// Train the entity model: word clusters from the unlabelled news beside the CoNLL folder, then
/// the two-pass tagger on eng.train.
pub fn train(opts: &TrainOptions, out: &mut dyn Write) -> Result<(), EvalError> {
    let log = |out: &mut dyn Write, s: String| writeln!(out, "{s}").map_err(EvalError::io("stdout"));
    let started = Instant::now();
    let docs = read(&opts.data)?;
    if docs.is_empty() {
        return Err(EvalError::Data { path: opts.data.clone(), reason: "no sentences".into() });
    }
    let train_docs: Vec<TrainDoc> = docs
        .iter()
        .map(|d| TrainDoc {
            sentences: d.sentences.iter().map(|s| s.tokens.clone()).collect(),
            names: d.sentences.iter().map(|s| s.names.clone()).collect(),
        })
        .collect();
    log(out, format!("read {} documents from {}", train_docs.len(), opts.data.display()))?;
    // Unlabelled text for the clusters: ../shared/data/{timeline17,polnear,ecbplus}.
    let root = opts.data.parent().and_then(Path::parent).unwrap_or(Path::new("."));
    let files = unlabelled_files(root);
    let mut unlabelled: Vec<Vec<Vec<String>>> = Vec::new();
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else { continue };
        let tokens = storyline_core::text::tokenize(&text);
        let mut doc = Vec::new();
        let mut k = 0;
        for s in storyline_core::text::sentences_from_tokens(&text, &tokens) {
            let mut toks = Vec::new();
            while k < tokens.len() && tokens[k].span.start < s.end {
                if tokens[k].span.start >= s.start {
                    toks.push(tokens[k].span.slice(&text).to_string());
                }
                k += 1;
            }
            if !toks.is_empty() {
                doc.push(toks);
            }
        }
        unlabelled.push(doc);
    }
    let words: usize = unlabelled.iter().flatten().map(Vec::len).sum();
    log(
        out,
        format!("clustering words of {} unlabelled files ({} words) under {}", files.len(), words, root.display()),
    )?;
    let sentences = unlabelled.iter().flatten().map(|s| s.iter().map(String::as_str).collect::<Vec<&str>>());
    let learned = clusters::learn(sentences, &ClusterConfig::default());
    log(out, format!("clustered {} words in {:.1}s", learned.clusters.len(), started.elapsed().as_secs_f64()))?;
    let mut cfg = TrainConfig::default();
    if let Some(e) = opts.epochs {
        cfg.epochs = e.max(1);
    }
    let trained = storyline_entities::train::train(&train_docs, learned, &cfg, out).map_err(EvalError::io("stdout"))?;
    std::fs::write(&opts.out, &trained.bytes).map_err(EvalError::io(&opts.out))?;
    log(
        out,
        format!(
            "wrote {} ({:.2} MB): {} features, {} gazetteer names, in {:.1}s",
            opts.out.display(),
            trained.bytes.len() as f64 / 1e6,
            trained.features,
            trained.gazetteer_phrases,
            started.elapsed().as_secs_f64()
        ),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iob1_reading_follows_conlleval() {
        let tags = ["I-PER", "I-PER", "B-PER", "O", "I-LOC", "I-ORG", "O", "B-MISC"];
        assert_eq!(iob1_names(&tags), vec![(0, 2, 0), (2, 3, 0), (4, 5, 2), (5, 6, 1), (7, 8, 3)]);
    }

    #[test]
    fn parse_splits_documents_and_sentences() {
        let text = "-DOCSTART- -X- O O\n\nPeter NNP I-NP I-PER\nSmith NNP I-NP I-PER\nleft VBD I-VP O\n\nHi UH O O\n\n-DOCSTART- -X- O O\n\nParis NNP I-NP I-LOC\n";
        let docs = parse(text);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].sentences.len(), 2);
        assert_eq!(docs[0].sentences[0].names, vec![(0, 2, 0)]);
        assert_eq!(docs[1].sentences[0].names, vec![(0, 1, 2)]);
    }
}
