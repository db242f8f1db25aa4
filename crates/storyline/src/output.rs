//! Terminal conventions shared by all commands: logging to stderr, colour only on a terminal and
//! never with `NO_COLOR`, quiet exit when stdout is closed early (`storyline extract | head`).

use std::io::IsTerminal;

/// Whether stderr may use colour: a terminal, and `NO_COLOR` unset or empty (no-color.org).
pub fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Whether to draw progress bars: only when stderr is a terminal.
#[allow(dead_code)]
pub fn show_progress() -> bool {
    std::io::stderr().is_terminal()
}

pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("RUST_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(stderr_color())
        .with_target(false)
        .without_time()
        .init();
}

pub fn error_prefix() -> &'static str {
    if stderr_color() { "\x1b[1;31merror:\x1b[0m" } else { "error:" }
}

/// Whether an error chain bottoms out in a closed stdout pipe, which is not a failure.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}
