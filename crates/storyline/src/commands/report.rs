//! `storyline report`: the main job. Ingest, annotate and link everything, then write
//! `OUTDIR/report.json` (the contract) and `OUTDIR/report.html` (for people).

use anyhow::Context;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use storyline_annotate::Annotator;
use storyline_report::{ReportOptions, build};

use super::common::{InputArgs, annotate_or_reject, ingest_all, peak_rss_mib};

const EXAMPLES: &str = "\
Examples:
  storyline report examples/antonov/ -o out        write out/report.json and out/report.html
  storyline report 'crawl/*.warc.gz' -o out -j 2   two worker threads
  storyline report feeds/ -o out --timeline-size 10  the 10 most salient events per story

The same inputs always give a byte-identical report.json, whatever the thread count.
Exit status: 0 every input became an article, 3 some input was rejected (listed in the report),
1 error, 2 usage error.";

#[derive(clap::Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output directory (created if missing).
    #[arg(long, short = 'o', value_name = "OUTDIR")]
    pub out: PathBuf,
    /// Keep the N most salient timeline entries of each story.
    #[arg(long, value_name = "N")]
    pub timeline_size: Option<usize>,
    /// Do not write report.html.
    #[arg(long)]
    pub no_html: bool,
    /// Print the summary as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    args.input.init_threads()?;
    let started = Instant::now();
    let (articles, mut rejected) = ingest_all(&args.input);
    let t_ingest = started.elapsed().as_secs_f64();
    let annotator = Annotator::new();
    let docs = annotate_or_reject(&annotator, articles, &mut rejected);
    let t_annotate = started.elapsed().as_secs_f64();
    let opts = ReportOptions { timeline_size: args.timeline_size, ..ReportOptions::default() };
    // Leaked on purpose: the process ends with this command, and freeing a large report's
    // millions of strings one by one took half a second on one core (100,000 articles); the
    // system takes the memory back at exit in one go.
    let report = &*Box::leak(Box::new(build(&annotator, docs, rejected, &opts)));
    let t_build = started.elapsed().as_secs_f64();

    std::fs::create_dir_all(&args.out).with_context(|| format!("creating {}", args.out.display()))?;
    let json_path = args.out.join("report.json");
    // Both outputs render in parallel pieces; written side by side, neither waits for the other.
    let (json, html) = rayon::join(
        || write_atomically(&json_path, |w| storyline_report::write_json(report, w)),
        || {
            (!args.no_html)
                .then(|| write_atomically(&args.out.join("report.html"), |w| storyline_report::html::write(report, w)))
                .transpose()
        },
    );
    json?;
    html?;

    let summary = Summary {
        stories: report.stories.len(),
        articles: report.articles.len(),
        rejected: report.rejected.len(),
        entities: report.entities.len(),
        report: json_path.display().to_string(),
        seconds: started.elapsed().as_secs_f64(),
        stages: Stages {
            ingest: t_ingest,
            annotate: t_annotate - t_ingest,
            link_and_build: t_build - t_annotate,
            write: started.elapsed().as_secs_f64() - t_build,
        },
        peak_rss_mib: peak_rss_mib(),
    };
    if args.json {
        let mut out = std::io::stdout().lock();
        serde_json::to_writer(&mut out, &summary)?;
        writeln!(out)?;
    } else {
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "{} {}, {} {}, {} rejected input{} -> {}",
            summary.stories,
            if summary.stories == 1 { "story" } else { "stories" },
            summary.articles,
            if summary.articles == 1 { "article" } else { "articles" },
            summary.rejected,
            if summary.rejected == 1 { "" } else { "s" },
            args.out.display()
        )?;
        if std::io::stderr().is_terminal() {
            eprintln!("done in {:.1}s", summary.seconds);
        }
    }
    Ok(if summary.rejected > 0 { ExitCode::from(3) } else { ExitCode::SUCCESS })
}

#[derive(serde::Serialize)]
struct Summary {
    stories: usize,
    articles: usize,
    rejected: usize,
    entities: usize,
    report: String,
    seconds: f64,
    /// Wall seconds per stage.
    stages: Stages,
    /// Peak resident memory of the process (Linux), MiB.
    peak_rss_mib: Option<f64>,
}

#[derive(serde::Serialize)]
struct Stages {
    ingest: f64,
    annotate: f64,
    link_and_build: f64,
    write: f64,
}

/// Write `path` through a temporary file in the same directory and rename it into place, so a
/// crash or a full disk never leaves a half-written report where a complete one was.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp"));
    let file = std::fs::File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
    let mut w = BufWriter::new(file);
    write(&mut w).and_then(|()| w.flush()).with_context(|| format!("writing {}", tmp.display()))?;
    w.get_ref().sync_all().ok();
    std::fs::rename(&tmp, path).with_context(|| format!("renaming {} to {}", tmp.display(), path.display()))?;
    Ok(())
}
