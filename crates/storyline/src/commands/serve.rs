//! `storyline serve`: the JSON API and the web UI over a store.

use anyhow::Context;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use storyline_annotate::Annotator;
use storyline_server::{Config, WriteSide};
use storyline_store::{OpenMode, Store};

use super::common::parse_size;

const EXAMPLES: &str = "\
Examples:
  storyline ingest examples/antonov --store s && storyline serve --store s
                                   then open http://127.0.0.1:8080/
  STORYLINE_WRITE_TOKEN=secret storyline serve --store s
                                   also accept POST /api/articles with 'Authorization: Bearer secret'
  storyline serve --store s --addr 0.0.0.0:8080   listen on every interface (think twice)

Without a write token the server is read-only. The API is described at /api/openapi.json.";

#[derive(clap::Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The store directory (made by `storyline ingest`).
    #[arg(long, value_name = "DIR")]
    pub store: PathBuf,
    /// Address to listen on (loopback only by default).
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Accept POST /api/articles from clients presenting this token (default: the
    /// STORYLINE_WRITE_TOKEN environment variable; without either the server is read-only).
    #[arg(long, value_name = "TOKEN")]
    pub write_token: Option<String>,
    /// Largest request body: bytes, or with a K, M or G suffix.
    #[arg(long, value_name = "SIZE", default_value = "2M", value_parser = parse_size)]
    pub max_body: u64,
    /// Deadline of one request, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let token = args
        .write_token
        .clone()
        .or_else(|| std::env::var("STORYLINE_WRITE_TOKEN").ok())
        .filter(|t| !t.trim().is_empty());
    if token.as_ref().is_some_and(|t| t.len() < 8) {
        anyhow::bail!("the write token is too short: use at least 8 characters");
    }
    let mode = if token.is_some() { OpenMode::ReadWrite } else { OpenMode::ReadOnly };
    let mut store = Store::open(&args.store, mode).with_context(|| {
        format!("opening the store {} (create one with `storyline ingest PATH --store DIR`)", args.store.display())
    })?;
    let write = if token.is_some() {
        let ready = store.prepare_writer()?;
        // A POST returns once its articles are in SQLite; the search index commits (and the WAL
        // checkpoints) in the background, so new articles become searchable within a second.
        store.defer_index_commits(Duration::from_secs(1))?;
        eprintln!(
            "write access on: linker ready in {:.2}s ({} articles, {} restored from the saved link graph)",
            ready.seconds, ready.articles, ready.from_saved_graph
        );
        Some(Arc::new(WriteSide { annotator: Annotator::new(), ingestor: storyline_ingest::Ingestor::default() }))
    } else {
        None
    };
    let config = Config {
        write_token: token,
        max_body_bytes: usize::try_from(args.max_body).unwrap_or(usize::MAX),
        request_timeout: Duration::from_secs(args.timeout),
    };
    let app = storyline_server::app(Arc::new(store), write, &config);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the runtime")?;
    runtime.block_on(async move {
        let listener =
            tokio::net::TcpListener::bind(args.addr).await.with_context(|| format!("listening on {}", args.addr))?;
        let local = listener.local_addr()?;
        // The first line on stdout is the address, so scripts and tests can read the port.
        println!("listening on http://{local}/");
        if !local.ip().is_loopback() {
            eprintln!("warning: listening on {} — reachable from other machines", local.ip());
        }
        // Ctrl-C, or SIGTERM (what service managers send): stop taking connections, finish the
        // requests in flight, then close the store (which commits the index and saves the link
        // graph), instead of dying mid-write and leaving that to the next start.
        let shutdown = async {
            #[cfg(unix)]
            let terminate = async {
                match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                    Ok(mut term) => {
                        term.recv().await;
                    }
                    Err(_) => std::future::pending().await,
                }
            };
            #[cfg(not(unix))]
            let terminate = std::future::pending::<()>();
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate => {}
            }
            eprintln!("shutting down");
        };
        storyline_server::serve(listener, app, shutdown).await.context("serving")
    })?;
    Ok(ExitCode::SUCCESS)
}
