//! What the commands that read a corpus share: the input flags, ingest with a progress bar, and
//! annotation of every article in parallel.

use anyhow::Context;
use rayon::prelude::*;
use std::io::IsTerminal;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use storyline_annotate::{Annotator, Doc};
use storyline_core::Article;
use storyline_core::report::Rejected;
use storyline_ingest::{Ingestor, Limits, Outcome, expand_inputs};

/// Show a progress bar only on a terminal, and only once a stage has taken this long.
pub const PROGRESS_AFTER: Duration = Duration::from_millis(800);

/// Flags of every command that reads inputs.
#[derive(clap::Args, Debug, Clone)]
pub struct InputArgs {
    /// Files, directories (recursive), glob patterns, or `-` for stdin.
    #[arg(required = true, value_name = "PATH")]
    pub inputs: Vec<PathBuf>,
    /// Reject files larger than this on disk: bytes, or with a K, M or G suffix (powers of 1024).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_size: Option<u64>,
    /// Reject single documents (and WARC records) larger than this after decompression.
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_document_size: Option<u64>,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
}

impl InputArgs {
    pub fn ingestor(&self) -> Ingestor {
        let mut limits = Limits::default();
        if let Some(m) = self.max_size {
            limits.max_file_bytes = m;
        }
        if let Some(m) = self.max_document_size {
            limits.max_document_bytes = m;
        }
        Ingestor::new(limits)
    }

    /// Size the global worker pool (the process runs one command, so it is this command's pool).
    pub fn init_threads(&self) -> anyhow::Result<()> {
        if let Some(n) = self.threads {
            rayon::ThreadPoolBuilder::new()
                .num_threads(usize::from(n))
                .build_global()
                .context("starting worker threads")?;
        }
        Ok(())
    }
}

pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (num, mult) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let m = match c.to_ascii_uppercase() {
                'K' => 1u64 << 10,
                'M' => 1 << 20,
                'G' => 1 << 30,
                'B' => 1,
                _ => return Err(format!("unknown size suffix in {s:?} (use K, M or G)")),
            };
            (&t[..i], m)
        }
        _ => (t, 1),
    };
    let n: u64 = num.trim().parse().map_err(|_| format!("not a size: {s:?}"))?;
    n.checked_mul(mult).ok_or_else(|| format!("size too large: {s:?}"))
}

/// A progress bar on stderr that appears only on a terminal and only when the work is long.
pub struct Progress {
    bar: indicatif::ProgressBar,
    terminal: bool,
    started: Instant,
}

impl Progress {
    pub fn new(len: usize, what: &str) -> Progress {
        let bar = indicatif::ProgressBar::hidden();
        bar.set_length(len as u64);
        let template = format!("{{spinner}} {what} {{pos}}/{{len}} [{{elapsed}}] {{wide_bar}} {{per_sec}}");
        bar.set_style(
            indicatif::ProgressStyle::with_template(&template)
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Progress { bar, terminal: std::io::stderr().is_terminal(), started: Instant::now() }
    }

    pub fn set(&self, done: usize) {
        if self.terminal && self.bar.is_hidden() && self.started.elapsed() > PROGRESS_AFTER {
            self.bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        self.bar.set_position(done as u64);
    }

    pub fn inc(&self) {
        if self.terminal && self.bar.is_hidden() && self.started.elapsed() > PROGRESS_AFTER {
            self.bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        self.bar.inc(1);
    }

    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}

/// Ingest every input: the articles, and the rejected inputs with their reasons, in input order.
pub fn ingest_all(args: &InputArgs) -> (Vec<Article>, Vec<Rejected>) {
    let ingestor = args.ingestor();
    let inputs = expand_inputs(&args.inputs);
    let progress = Progress::new(inputs.len(), "reading");
    let mut articles = Vec::new();
    let mut rejected = Vec::new();
    ingestor.ingest_each(
        &inputs,
        |outcome| {
            match outcome {
                Outcome::Article(a) => articles.push(*a),
                Outcome::Rejected(r) => rejected.push(r),
            }
            ControlFlow::Continue(())
        },
        |done| progress.set(done),
    );
    progress.finish();
    (articles, rejected)
}

/// The most articles one thread annotates without looking for other work: a few tens of
/// milliseconds.
const ANNOTATE_PIECE: usize = 32;

/// Annotate every article in parallel, keeping their order. An article that a layer cannot
/// handle (a bug: layers should not panic) joins `rejected` with the reason.
pub fn annotate_or_reject(annotator: &Annotator, articles: Vec<Article>, rejected: &mut Vec<Rejected>) -> Vec<Doc> {
    let progress = Progress::new(articles.len(), "annotating");
    let results: Vec<Result<Doc, Rejected>> = articles
        .into_par_iter()
        // Small pieces, so that neither core idles while the other finishes a long one.
        .with_max_len(ANNOTATE_PIECE)
        .map(|a| {
            let d = annotator.try_annotate(a);
            progress.inc();
            d
        })
        .collect();
    progress.finish();
    let mut docs = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(d) => docs.push(d),
            Err(r) => rejected.push(r),
        }
    }
    docs
}

/// Annotate every article in parallel, keeping their order.
pub fn annotate_all(annotator: &Annotator, articles: Vec<Article>) -> Vec<Doc> {
    let progress = Progress::new(articles.len(), "annotating");
    let docs = articles
        .into_par_iter()
        .with_max_len(ANNOTATE_PIECE)
        .map(|a| {
            let d = annotator.annotate(a);
            progress.inc();
            d
        })
        .collect();
    progress.finish();
    docs
}

/// Peak resident memory of this process so far, MiB (Linux `VmHWM`; `None` elsewhere).
pub fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("123"), Ok(123));
        assert_eq!(parse_size("10K"), Ok(10 * 1024));
        assert_eq!(parse_size("2m"), Ok(2 << 20));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5X").is_err());
    }
}
