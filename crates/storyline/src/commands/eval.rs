//! `storyline eval`: each stage measured on labelled data, with the scoring its dataset defines.

use std::path::PathBuf;
use std::process::ExitCode;
use storyline_eval::EvalOptions;

#[derive(clap::Subcommand, Debug)]
pub enum EvalCommand {
    /// HTML body extraction: 4-token shingle P/R/F1 and exact-page accuracy.
    ArticleExtraction(EvalArgs),
    /// Time expressions: TempEval-3 relaxed/strict P/R/F1 and value F1.
    Tempeval3(EvalArgs),
    /// Entity mentions: conlleval exact-span P/R/F1 per type and overall.
    Conll2003(EvalArgs),
    /// Quotes and attributions: content and content+source P/R/F1 on PolNeAR.
    Polnear(EvalArgs),
    /// Story clustering: BCubed and pairwise P/R/F1 on ECB+.
    Ecbplus(EvalArgs),
    /// One event, many reports: BCubed/pairwise grouping of event reports on ECB+.
    Events(EvalArgs),
    /// Timelines: date F1 and ROUGE-1/2 against Timeline17's journalist timelines.
    Timeline17(EvalArgs),
}

#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// The dataset (a folder or file under ../shared/data).
    #[arg(long)]
    pub data: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Print per-item detail.
    #[arg(long, short)]
    pub verbose: bool,
    /// Evaluate only the first N items.
    #[arg(long)]
    pub limit: Option<usize>,
}

impl EvalArgs {
    fn options(&self) -> EvalOptions {
        EvalOptions { data: self.data.clone(), json: self.json, verbose: self.verbose, limit: self.limit }
    }
}

pub fn run(cmd: EvalCommand) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match &cmd {
        EvalCommand::ArticleExtraction(a) => storyline_eval::article_extraction::run(&a.options(), &mut out)?,
        EvalCommand::Tempeval3(a) => storyline_eval::tempeval3::run(&a.options(), &mut out)?,
        EvalCommand::Conll2003(a) => storyline_eval::conll2003::run(&a.options(), &mut out)?,
        EvalCommand::Polnear(a) => storyline_eval::polnear::run(&a.options(), &mut out)?,
        EvalCommand::Ecbplus(a) => storyline_eval::ecbplus::run(&a.options(), &mut out)?,
        EvalCommand::Events(a) => storyline_eval::events::run(&a.options(), &mut out)?,
        EvalCommand::Timeline17(a) => storyline_eval::timeline17::run(&a.options(), &mut out)?,
    }
    Ok(ExitCode::SUCCESS)
}
