//! The `storyline` command-line tool: a thin layer over the storyline libraries.
//!
//! Exit status: 0 on success, 1 on an error that stopped the command, 2 on a usage error, 3 when
//! the command finished but some inputs were rejected (each with its reason in the output).

use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod commands;
mod output;

/// The annotators allocate many small, short-lived strings and vectors from every thread;
/// mimalloc's thread-local free lists serve those faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_arena_eager_commit`: its place in `mi_option_t` (mimalloc.h, the same
/// in mimalloc 2 and 3; libmimalloc-sys 0.1 does not export the constant).
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;

const EXAMPLES: &str = "\
Examples:
  storyline report examples/antonov/ -o out      stories, timelines, quotes: out/report.{json,html}
  storyline extract examples/antonov/            clean text + metadata, one JSON line per article
  storyline extract page.html.gz feed.xml -      any mix of formats, and stdin
  storyline annotate examples/antonov/000_720cb73104ec1389.txt
  storyline annotate --published 2021-06-20 - < article.txt
  storyline ingest examples/antonov --store s      keep articles in a store (then add more)
  storyline search Geneva --store s               full-text search of the store
  storyline serve --store s                       web UI and JSON API on http://127.0.0.1:8080/
  storyline eval article-extraction --data ../shared/data/article-extraction

Exit status: 0 ok, 1 error, 2 usage error, 3 some inputs rejected (see output).
Logging: set RUST_LOG (e.g. RUST_LOG=debug); NO_COLOR disables colour.";

/// Turn a pile of news articles into the stories they contain.
#[derive(Parser, Debug)]
#[command(name = "storyline", version, about, after_help = EXAMPLES, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Ingest inputs and print each article's clean text and metadata as JSON Lines.
    Extract(commands::extract::Args),
    /// Build the stories of a corpus: OUTDIR/report.json and OUTDIR/report.html.
    Report(commands::report::Args),
    /// Annotate one article (a file or stdin) and print its annotations as JSON.
    Annotate(commands::annotate::Args),
    /// Measure a stage against labelled data (from ../shared/data).
    #[command(subcommand)]
    Eval(commands::eval::EvalCommand),
    /// Measure a stage's speed on real data (single-threaded throughput).
    #[command(subcommand)]
    Bench(commands::bench::BenchCommand),
    /// Rebuild a shipped model from labelled data.
    #[command(subcommand)]
    Train(commands::train::TrainCommand),
    /// Add articles to a store (idempotent, incremental, crash-safe).
    Ingest(commands::ingest::Args),
    /// Full-text search over a store.
    Search(commands::search::Args),
    /// Serve a store: JSON API and web UI.
    Serve(commands::serve::Args),
}

fn main() -> ExitCode {
    // Commit arena memory as it is used rather than a whole arena at once, so that memory freed
    // between the stages of a large report goes back to the system instead of staying resident
    // (measured on 100,000 articles: peak 4,233 MiB instead of 4,407, same speed). Arenas made
    // before this line (the runtime's first allocations) keep the default.
    // The environment variable mimalloc reads itself (any case; or its older name) still decides
    // when it is set.
    let set_by_user = std::env::vars_os().any(|(k, _)| {
        let k = k.to_string_lossy().to_ascii_uppercase();
        k == "MIMALLOC_ARENA_EAGER_COMMIT" || k == "MIMALLOC_EAGER_REGION_COMMIT"
    });
    if !set_by_user {
        // SAFETY: sets a plain option value; no other thread exists yet.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0) };
    }
    output::init_logging();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Extract(args) => commands::extract::run(args),
        Command::Annotate(args) => commands::annotate::run(args),
        Command::Report(args) => commands::report::run(args),
        Command::Eval(cmd) => commands::eval::run(cmd),
        Command::Bench(cmd) => commands::bench::run(cmd),
        Command::Train(cmd) => commands::train::run(cmd),
        Command::Ingest(args) => commands::ingest::run(args),
        Command::Search(args) => commands::search::run(args),
        Command::Serve(args) => commands::serve::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) if output::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{} {e:#}", output::error_prefix());
            ExitCode::from(1)
        }
    }
}
