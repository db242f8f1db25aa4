//! `storyline bench`: throughput of each stage on real data, single-threaded (per core).

use anyhow::Context;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use storyline_eval::bench::BenchOptions;
use storyline_eval::ecbplus::scale::children_cpu_seconds;

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
    /// Linking alone (near-duplicates + stories) on synthetic corpora of growing size.
    Link(ScaleArgs),
    /// The whole `storyline report` on synthetic corpora of growing size: wall time,
    /// articles per second, CPU time, peak memory (runs the real command on a JSON Lines
    /// corpus).
    Report(ScaleArgs),
    /// Write the exact inputs a benchmark times, as JSON Lines, for the peers (bench/peers.sh).
    Inputs(InputsArgs),
    /// Grade a peer's predictions (JSON from bench/peers/peers.py) with storyline's own scorer.
    Score(ScoreArgs),
    /// Draw the benchmark chart (PNG) from bench/peers.sh's results.json.
    Plot(PlotArgs),
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum InputKind {
    Conll,
    Polnear,
    Tempeval3,
}

#[derive(clap::Args, Debug)]
pub struct InputsArgs {
    /// Which benchmark's inputs.
    #[arg(value_enum)]
    pub kind: InputKind,
    /// The dataset (eng.testa, a PolNeAR split folder, a TempEval-3 folder).
    #[arg(long)]
    pub data: PathBuf,
    /// Output file (default: stdout).
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum ScoreTask {
    Extraction,
    Conll,
    Polnear,
    Tempeval3,
}

#[derive(clap::Args, Debug)]
pub struct ScoreArgs {
    /// Which scorer.
    #[arg(value_enum)]
    pub task: ScoreTask,
    /// The labelled dataset the predictions were made on.
    #[arg(long)]
    pub data: PathBuf,
    /// The peer's predictions (JSON).
    #[arg(long)]
    pub pred: PathBuf,
}

#[derive(clap::Args, Debug)]
pub struct PlotArgs {
    /// results.json written by bench/peers.sh (its `plot` member, or the whole file).
    #[arg(long = "in")]
    pub input: PathBuf,
    /// The PNG to write.
    #[arg(long, short = 'o')]
    pub out: PathBuf,
    /// A TrueType font for the labels (default: Debian's fonts-dejavu-core DejaVuSans).
    #[arg(long, default_value = storyline_eval::bench::plot::DEFAULT_FONT)]
    pub font: PathBuf,
}

#[derive(clap::Args, Debug)]
pub struct ScaleArgs {
    /// The shared data folder holding timeline17/ and ecbplus/ (e.g. ../shared/data).
    #[arg(long)]
    pub data: PathBuf,
    /// Corpus sizes, in articles.
    #[arg(long, value_delimiter = ',', default_values_t = [10_000usize, 100_000])]
    pub sizes: Vec<usize>,
    /// Worker threads for `report` (default: one per core).
    #[arg(long, short = 'j')]
    pub threads: Option<u16>,
    /// Keep the generated corpora and reports in this directory (default: a temporary one).
    #[arg(long)]
    pub keep: Option<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
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
        BenchCommand::Link(a) => {
            let opts = storyline_eval::ecbplus::scale::ScaleOptions {
                data: a.data.clone(),
                sizes: a.sizes.clone(),
                json: a.json,
            };
            storyline_eval::ecbplus::scale::run(&opts, &mut out)?
        }
        BenchCommand::Report(a) => return report_scale(a, &mut out),
        BenchCommand::Inputs(a) => {
            use bench::peers::InputKind as K;
            let kind = match a.kind {
                InputKind::Conll => K::Conll,
                InputKind::Polnear => K::Polnear,
                InputKind::Tempeval3 => K::Tempeval3,
            };
            match &a.out {
                Some(p) => {
                    let f = std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?;
                    let mut w = std::io::BufWriter::new(f);
                    bench::peers::write_inputs(kind, &a.data, &mut w)?;
                    w.flush()?;
                }
                None => {
                    bench::peers::write_inputs(kind, &a.data, &mut out)?;
                }
            }
        }
        BenchCommand::Score(a) => {
            use bench::peers::ScoreTask as T;
            let task = match a.task {
                ScoreTask::Extraction => T::Extraction,
                ScoreTask::Conll => T::Conll,
                ScoreTask::Polnear => T::Polnear,
                ScoreTask::Tempeval3 => T::Tempeval3,
            };
            bench::peers::score(task, &a.data, &a.pred, &mut out)?
        }
        BenchCommand::Plot(a) => {
            let raw = std::fs::read_to_string(&a.input).with_context(|| format!("reading {}", a.input.display()))?;
            let v: serde_json::Value = serde_json::from_str(&raw).context("parsing the results")?;
            let v = if v.get("plot").is_some() { v["plot"].clone() } else { v };
            let input: bench::plot::PlotInput = serde_json::from_value(v).context("reading the plot data")?;
            bench::plot::plot(&input, &a.out, &a.font)?;
            writeln!(out, "wrote {}", a.out.display())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One row of `storyline bench report`.
#[derive(serde::Serialize)]
struct ReportRow {
    articles: usize,
    corpus_mb: f64,
    wall_seconds: f64,
    articles_per_second: f64,
    micros_per_article: f64,
    /// User + system CPU time of the command. Divided by the wall time, the cores it had: on a
    /// machine shared with other work, this rather than the wall time compares across runs.
    cpu_seconds: Option<f64>,
    cpu_ms_per_article: Option<f64>,
    cores_used: Option<f64>,
    peak_rss_mib: Option<f64>,
    stories: u64,
    /// The command's own stage timings (ingest, annotate, link_and_build, write).
    stages: serde_json::Value,
}

/// Run the real `storyline report` (this executable) on generated corpora of each size.
fn report_scale(a: &ScaleArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let exe = std::env::current_exe().context("finding the storyline executable")?;
    let dir = match &a.keep {
        Some(d) => d.clone(),
        None => std::env::temp_dir().join(format!("storyline-bench-report-{}", std::process::id())),
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut rows = Vec::new();
    for &n in &a.sizes {
        let corpus = dir.join(format!("corpus-{n}.jsonl"));
        let info = storyline_eval::bench::report::write_corpus(&a.data, n, &corpus)?;
        let outdir = dir.join(format!("report-{n}"));
        let mut cmd = std::process::Command::new(&exe);
        cmd.arg("report").arg(&corpus).arg("-o").arg(&outdir).arg("--json");
        if let Some(t) = a.threads {
            cmd.arg("--threads").arg(t.to_string());
        }
        let cpu_before = children_cpu_seconds();
        let started = std::time::Instant::now();
        let output = cmd.output().context("running storyline report")?;
        let wall = started.elapsed().as_secs_f64();
        let cpu = children_cpu_seconds().zip(cpu_before).map(|(after, before)| after - before);
        if !output.status.success() && output.status.code() != Some(3) {
            anyhow::bail!("storyline report failed on {n} articles: {}", String::from_utf8_lossy(&output.stderr));
        }
        let summary: serde_json::Value =
            serde_json::from_slice(&output.stdout).context("reading the report summary")?;
        rows.push(ReportRow {
            articles: info.articles,
            corpus_mb: info.bytes as f64 / 1e6,
            wall_seconds: wall,
            articles_per_second: info.articles as f64 / wall.max(1e-9),
            micros_per_article: wall * 1e6 / info.articles.max(1) as f64,
            cpu_seconds: cpu,
            cpu_ms_per_article: cpu.map(|c| c * 1e3 / info.articles.max(1) as f64),
            cores_used: cpu.map(|c| c / wall.max(1e-9)),
            peak_rss_mib: summary["peak_rss_mib"].as_f64(),
            stories: summary["stories"].as_u64().unwrap_or(0),
            stages: summary["stages"].clone(),
        });
        if a.keep.is_none() {
            let _ = std::fs::remove_file(&corpus);
            let _ = std::fs::remove_dir_all(&outdir);
        }
    }
    if a.keep.is_none() {
        let _ = std::fs::remove_dir(&dir);
    }
    if a.json {
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let threads = a
        .threads
        .map_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()).to_string(), |t| t.to_string());
    writeln!(out, "storyline report on synthetic corpora (Timeline17 + ECB+ texts), {threads} threads")?;
    writeln!(
        out,
        "{:>9} {:>8} {:>8} {:>9} {:>9} {:>8} {:>10} {:>6} {:>9} {:>8}   stages (ingest / annotate / link+build / write, s)",
        "articles", "MB", "wall s", "art/s", "µs/art", "CPU s", "CPU ms/art", "cores", "peak MiB", "stories"
    )?;
    for r in &rows {
        let st = |k: &str| r.stages[k].as_f64().map_or("-".to_string(), |v| format!("{v:.1}"));
        let opt = |v: Option<f64>, digits: usize| v.map_or("-".to_string(), |v| format!("{v:.digits$}"));
        writeln!(
            out,
            "{:>9} {:>8.1} {:>8.1} {:>9.0} {:>9.0} {:>8} {:>10} {:>6} {:>9} {:>8}   {} / {} / {} / {}",
            r.articles,
            r.corpus_mb,
            r.wall_seconds,
            r.articles_per_second,
            r.micros_per_article,
            opt(r.cpu_seconds, 1),
            opt(r.cpu_ms_per_article, 2),
            opt(r.cores_used, 2),
            opt(r.peak_rss_mib, 0),
            r.stories,
            st("ingest"),
            st("annotate"),
            st("link_and_build"),
            st("write"),
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
