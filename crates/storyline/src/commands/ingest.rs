//! `storyline ingest`: add articles to a store, batch by batch.
//!
//! Inputs are read in order and handled in batches: each batch is annotated in parallel and added
//! to the store in one transaction (see `storyline_store::Store`), so an interrupted run leaves
//! whole batches in, and running the same command again adds only what is missing.

use anyhow::Context;
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use storyline_annotate::Annotator;
use storyline_core::report::Rejected;
use storyline_ingest::{Outcome, expand_inputs};
use storyline_store::{OpenMode, Store};

use super::common::{InputArgs, Progress, annotate_all};

const EXAMPLES: &str = "\
Examples:
  storyline ingest examples/antonov --store s      create the store s/ and add five articles
  storyline ingest today/*.html --store s          later: new articles join stories or open new ones
  storyline ingest crawl.warc.gz --store s -j 2    two worker threads

Ingest is idempotent (an article already stored, by content hash, is skipped) and crash-safe
(each batch is one transaction: after a kill, run the same command again to complete it).
Exit status: 0 every input became an article, 3 some input was rejected, 1 error, 2 usage error.";

#[derive(clap::Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// The store directory (created if missing).
    #[arg(long, value_name = "DIR")]
    pub store: PathBuf,
    /// Articles per transaction.
    #[arg(long, value_name = "N", default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub batch: u32,
    /// Print the summary as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// Print each rejected input with its reason on stderr.
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

#[derive(Serialize, Default)]
struct Summary {
    added: usize,
    duplicates: usize,
    rejected: usize,
    store_articles: u64,
    store_stories: u64,
    seconds: f64,
    /// Seconds spent building the linker over the articles already stored.
    linker_seconds: f64,
    /// Of the articles already stored, how many the linker restored from the saved link graph
    /// (the rest it linked again).
    linker_from_saved_graph: usize,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    args.input.init_threads()?;
    let started = Instant::now();
    let store = Store::open(&args.store, OpenMode::ReadWrite)
        .with_context(|| format!("opening the store {}", args.store.display()))?;
    let ready = store.prepare_writer()?;
    let mut summary = Summary {
        linker_seconds: ready.seconds,
        linker_from_saved_graph: ready.from_saved_graph,
        ..Summary::default()
    };
    let annotator = Annotator::new();
    let ingestor = args.input.ingestor();
    let inputs = expand_inputs(&args.input.inputs);
    let progress = Progress::new(inputs.len(), "ingesting");
    let batch = args.batch as usize;
    let mut pending = Vec::with_capacity(batch);
    let mut rejected: Vec<Rejected> = Vec::new();
    let mut failure: Option<anyhow::Error> = None;
    let flush = |pending: &mut Vec<storyline_core::Article>, summary: &mut Summary| -> anyhow::Result<()> {
        if pending.is_empty() {
            return Ok(());
        }
        let docs = annotate_all(&annotator, std::mem::take(pending));
        let added = store.add(docs).context("adding articles to the store")?;
        summary.added += added.added;
        summary.duplicates += added.duplicates;
        Ok(())
    };
    ingestor.ingest_each(
        &inputs,
        |outcome| {
            match outcome {
                Outcome::Article(a) => pending.push(*a),
                Outcome::Rejected(r) => rejected.push(r),
            }
            if pending.len() >= batch
                && let Err(e) = flush(&mut pending, &mut summary)
            {
                failure = Some(e);
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        },
        |done| progress.set(done),
    );
    progress.finish();
    if let Some(e) = failure {
        return Err(e);
    }
    flush(&mut pending, &mut summary)?;

    let stats = store.stats()?;
    summary.rejected = rejected.len();
    summary.store_articles = stats.articles;
    summary.store_stories = stats.stories;
    store.close_for_exit();
    summary.seconds = started.elapsed().as_secs_f64();
    if args.verbose {
        for r in &rejected {
            eprintln!("rejected {}: {}", r.source, r.reason);
        }
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &summary)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{} new, {} already stored, {} rejected -> {}: {} article{} in {} stor{}",
            summary.added,
            summary.duplicates,
            summary.rejected,
            args.store.display(),
            summary.store_articles,
            if summary.store_articles == 1 { "" } else { "s" },
            summary.store_stories,
            if summary.store_stories == 1 { "y" } else { "ies" },
        )?;
        if std::io::stderr().is_terminal() {
            eprintln!("done in {:.1}s", summary.seconds);
        }
    }
    Ok(if summary.rejected > 0 { ExitCode::from(3) } else { ExitCode::SUCCESS })
}
