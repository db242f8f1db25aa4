//! `storyline extract`: ingest inputs of any supported format and print one JSON object per
//! line for each article (its clean text and metadata) and for each rejected input (its reason).
//!
//! The work is `storyline_ingest::Ingestor`'s; this module only parses flags, prints, draws the
//! progress bar and picks the exit status (0: all ingested, 3: some input rejected).

use anyhow::Context;
use serde::Serialize;
use std::io::{BufWriter, IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use storyline_core::{Article, DateBasis, PartialDate};
use storyline_ingest::{Ingestor, Limits, Outcome, expand_inputs};

const EXAMPLES: &str = "\
Examples:
  storyline extract examples/antonov/                 every file under a directory
  storyline extract page.html.gz feed.xml news.jsonl  any mix of formats
  storyline extract 'crawl/*.warc.gz' --threads 2     a quoted glob, two worker threads
  cat article.txt | storyline extract -               stdin
  storyline extract --max-size 10M big/ | jq .title   reject files over 10 MB

Output: one JSON object per line on stdout: for an article
  {\"source\", \"title\", \"outlet\", \"url\", \"language\", \"published\": {\"date\", \"time\", \"basis\"}, \"text\", ...}
and for an input that could not become one
  {\"source\": ..., \"rejected\": \"<reason>\"}
Multi-record files (JSON Lines, WARC, feeds) name each record FILE#N.
Exit status: 0 every input became an article, 3 some input was rejected, 2 usage error.";

#[derive(clap::Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct Args {
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

fn parse_size(s: &str) -> Result<u64, String> {
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

/// One output line for an article.
#[derive(Serialize)]
struct ArticleLine<'a> {
    source: &'a str,
    id: &'a str,
    format: storyline_core::SourceFormat,
    title: Option<&'a str>,
    outlet: Option<&'a str>,
    url: Option<&'a str>,
    language: Option<&'a str>,
    published: PublishedLine<'a>,
    dateline: Option<&'a str>,
    text: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    warnings: &'a [String],
}

/// `published` as the report contract has it: date, time, basis.
#[derive(Serialize)]
struct PublishedLine<'a> {
    date: Option<PartialDate>,
    time: Option<&'a str>,
    basis: Option<DateBasis>,
}

impl<'a> ArticleLine<'a> {
    fn new(a: &'a Article) -> ArticleLine<'a> {
        ArticleLine {
            source: &a.source,
            id: &a.id,
            format: a.format,
            title: a.title.as_deref(),
            outlet: a.outlet.as_deref(),
            url: a.url.as_deref(),
            language: a.language.as_deref(),
            published: PublishedLine {
                date: a.published.date,
                time: a.published.time.as_deref(),
                basis: a.published.basis,
            },
            dateline: a.dateline.as_deref(),
            text: a.body.as_str(),
            warnings: &a.warnings,
        }
    }
}

#[derive(Serialize)]
struct RejectedLine<'a> {
    source: &'a str,
    rejected: &'a str,
}

/// Show the progress bar only on a terminal, and only once the run has taken this long.
const PROGRESS_AFTER: Duration = Duration::from_millis(800);

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut limits = Limits::default();
    if let Some(m) = args.max_size {
        limits.max_file_bytes = m;
    }
    if let Some(m) = args.max_document_size {
        limits.max_document_bytes = m;
    }
    let ingestor = Ingestor::new(limits);
    let inputs = expand_inputs(&args.inputs);
    if let Some(n) = args.threads {
        // The process runs one command, so the global pool is this command's pool.
        rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(n))
            .build_global()
            .context("starting worker threads")?;
    }

    let terminal = std::io::stderr().is_terminal();
    let started = Instant::now();
    let bar = indicatif::ProgressBar::hidden();
    bar.set_length(inputs.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {pos}/{len} inputs [{elapsed}] {wide_bar} {per_sec}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );

    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut articles = 0usize;
    let mut rejected = 0usize;
    let mut write_error: Option<anyhow::Error> = None;
    {
        ingestor.ingest_each(
            &inputs,
            |outcome| {
                let written = match &outcome {
                    Outcome::Article(a) => {
                        articles += 1;
                        serde_json::to_writer(&mut out, &ArticleLine::new(a))
                    }
                    Outcome::Rejected(r) => {
                        rejected += 1;
                        serde_json::to_writer(&mut out, &RejectedLine { source: &r.source, rejected: &r.reason })
                    }
                };
                match written.map_err(anyhow::Error::from).and_then(|()| writeln!(out).map_err(anyhow::Error::from)) {
                    Ok(()) => ControlFlow::Continue(()),
                    Err(e) => {
                        write_error = Some(e);
                        ControlFlow::Break(())
                    }
                }
            },
            |done| {
                if terminal && bar.is_hidden() && started.elapsed() > PROGRESS_AFTER {
                    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                }
                bar.set_position(done as u64);
            },
        );
    }
    bar.finish_and_clear();
    if let Some(e) = write_error {
        return Err(e.context("writing to stdout"));
    }
    out.flush().context("writing to stdout")?;
    if terminal {
        eprintln!("{articles} articles, {rejected} rejected ({:.1}s)", started.elapsed().as_secs_f64());
    }
    Ok(if rejected > 0 { ExitCode::from(3) } else { ExitCode::SUCCESS })
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
