//! Rebuild `crates/link/data/df.tsv`, the background document frequencies story linking uses.
//!
//! `cargo run -p storyline-link --example build_df -- ../shared/data > crates/link/data/df.tsv`
//!
//! Sources: the Timeline17 input articles, the PolNeAR articles and the CoNLL-2003 Reuters
//! documents (never ECB+, which the story clustering is evaluated on). Only terms seen in at least
//! three documents are kept, with their counts: word statistics, not text.

use std::path::{Path, PathBuf};
use storyline_link::lexicon::DfTableBuilder;

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "../shared/data".into()));
    let mut builder = DfTableBuilder::new();
    let mut files = Vec::new();
    files_under(&root.join("timeline17"), &mut files);
    files.retain(|p| p.to_string_lossy().contains("InputDocs"));
    for sub in ["train/text", "dev/text"] {
        files_under(&root.join("polnear").join(sub), &mut files);
    }
    files.sort();
    for f in &files {
        if let Ok(bytes) = std::fs::read(f) {
            builder.add_document(&String::from_utf8_lossy(&bytes));
        }
    }
    for name in ["eng.train", "eng.testa"] {
        let Ok(text) = std::fs::read_to_string(root.join("conll2003").join(name)) else { continue };
        let mut doc = String::new();
        for line in text.lines() {
            if line.starts_with("-DOCSTART-") {
                if !doc.is_empty() {
                    builder.add_document(&doc);
                }
                doc.clear();
            } else if let Some(tok) = line.split(' ').next() {
                doc.push_str(tok);
                doc.push(' ');
            }
        }
        if !doc.is_empty() {
            builder.add_document(&doc);
        }
    }
    print!("{}", builder.finish(3));
}
