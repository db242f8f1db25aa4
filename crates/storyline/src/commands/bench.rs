//! `storyline bench`: throughput of each stage on real data, single-threaded (per core).

use std::path::PathBuf;
use std::process::ExitCode;
use storyline_eval::bench::BenchOptions;

#[derive(clap::Subcommand, Debug)]
pub enum BenchCommand {
    /// HTML body extraction, pages per second (e.g. on ../shared/data/article-extraction).
    Extract(BenchArgs),
    /// The time tagger, MB per second (e.g. on ../shared/data/tempeval3/train).
    Time(BenchArgs),
    /// The entity layer, words per second (e.g. on ../shared/data/conll2003/eng.testa).
    Entities(BenchArgs),
    /// The quote layer, words per second (e.g. on ../shared/data/polnear/dev).
    Quotes(BenchArgs),
    /// The whole per-article pipeline (time, entities, quotes), words per second.
    Annotate(BenchArgs),
}

#[derive(clap::Args, Debug)]
pub struct BenchArgs {
    /// The input data (a folder or file under ../shared/data).
    #[arg(long)]
    pub data: PathBuf,
    /// Timed passes over the data; the best is reported.
    #[arg(long, default_value_t = 3)]
    pub iterations: usize,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

impl BenchArgs {
    fn options(&self) -> BenchOptions {
        BenchOptions { data: self.data.clone(), iterations: self.iterations.max(1), json: self.json }
    }
}

pub fn run(cmd: BenchCommand) -> anyhow::Result<ExitCode> {
    use storyline_eval::bench;
    let mut out = std::io::stdout().lock();
    match &cmd {
        BenchCommand::Extract(a) => bench::extract::run(&a.options(), &mut out)?,
        BenchCommand::Time(a) => bench::time::run(&a.options(), &mut out)?,
        BenchCommand::Entities(a) => bench::entities::run(&a.options(), &mut out)?,
        BenchCommand::Quotes(a) => bench::quotes::run(&a.options(), &mut out)?,
        BenchCommand::Annotate(a) => bench::annotate::run(&a.options(), &mut out)?,
    }
    Ok(ExitCode::SUCCESS)
}
