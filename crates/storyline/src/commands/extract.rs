//! `storyline extract`: ingest inputs of any supported format and print one JSON object per
//! line for each article (its clean text and metadata) and for each rejected input (its reason).
//!
//! The work is `storyline_ingest::Ingestor`'s; this module only parses flags, prints, draws the
//! progress bar and picks the exit status (0: all ingested, 3: some input rejected).

use anyhow::Context;
use serde::Serialize;
use std::io::{BufWriter, IsTerminal, Write};
use std::ops::ControlFlow;
use std::process::ExitCode;
use std::time::Instant;
use storyline_core::{Article, DateBasis, PartialDate};
use storyline_ingest::{Outcome, expand_inputs};

use super::common::{InputArgs, Progress};

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
    #[command(flatten)]
    pub input: InputArgs,
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

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let ingestor = args.input.ingestor();
    let inputs = expand_inputs(&args.input.inputs);
    args.input.init_threads()?;
    let terminal = std::io::stderr().is_terminal();
    let started = Instant::now();
    let progress = Progress::new(inputs.len(), "inputs");

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
            |done| progress.set(done),
        );
    }
    progress.finish();
    if let Some(e) = write_error {
        return Err(e.context("writing to stdout"));
    }
    out.flush().context("writing to stdout")?;
    if terminal {
        eprintln!("{articles} articles, {rejected} rejected ({:.1}s)", started.elapsed().as_secs_f64());
    }
    Ok(if rejected > 0 { ExitCode::from(3) } else { ExitCode::SUCCESS })
}
