//! What the user named, as a list of inputs: files as given, directories walked recursively in
//! file-name order (hidden entries skipped, as ripgrep does), glob patterns expanded in sorted
//! order, and `-` for stdin. A name that leads nowhere is an input too — one that will be
//! rejected with its reason — so every name is accounted for.

use crate::IngestError;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// One input to ingest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    /// How outcomes name it: the path as given or as found under a directory, `-` for stdin.
    pub source: String,
    pub kind: InputKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputKind {
    File(PathBuf),
    Stdin,
    /// A name that cannot be read, and why; ingesting it yields that rejection.
    Unreadable(IngestError),
}

impl Input {
    pub fn file(path: impl Into<PathBuf>) -> Input {
        let path = path.into();
        Input { source: path.display().to_string(), kind: InputKind::File(path) }
    }

    pub fn stdin() -> Input {
        Input { source: "-".into(), kind: InputKind::Stdin }
    }

    fn unreadable(source: String, reason: IngestError) -> Input {
        Input { source, kind: InputKind::Unreadable(reason) }
    }
}

/// Expand user-given names into inputs, in the order given.
pub fn expand_inputs<S: AsRef<OsStr>>(specs: &[S]) -> Vec<Input> {
    let mut out = Vec::new();
    for spec in specs {
        let spec = spec.as_ref();
        if spec == "-" {
            out.push(Input::stdin());
            continue;
        }
        let path = Path::new(spec);
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => walk_dir(path, &mut out),
            Ok(_) => out.push(Input::file(path)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let s = spec.to_string_lossy();
                if s.contains(['*', '?', '[']) {
                    expand_glob(&s, &mut out);
                } else {
                    out.push(Input::unreadable(path.display().to_string(), IngestError::NotFound));
                }
            }
            Err(e) => out.push(Input::unreadable(path.display().to_string(), IngestError::from_io(&e))),
        }
    }
    out
}

fn expand_glob(pattern: &str, out: &mut Vec<Input>) {
    let paths = match glob::glob(pattern) {
        Ok(p) => p,
        Err(e) => {
            out.push(Input::unreadable(pattern.to_string(), IngestError::Other(format!("bad glob pattern: {e}"))));
            return;
        }
    };
    let before = out.len();
    for entry in paths {
        match entry {
            Ok(p) if p.is_dir() => walk_dir(&p, out),
            Ok(p) => out.push(Input::file(p)),
            Err(e) => out.push(Input::unreadable(e.path().display().to_string(), IngestError::from_io(e.error()))),
        }
    }
    if out.len() == before {
        out.push(Input::unreadable(pattern.to_string(), IngestError::Other("no file matches this pattern".into())));
    }
}

fn is_hidden(name: &OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.') && n != "." && n != "..")
}

fn walk_dir(dir: &Path, out: &mut Vec<Input>) {
    let before = out.len();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) => out.push(Input::file(e.into_path())),
            Err(e) => {
                let source = e.path().unwrap_or(dir).display().to_string();
                let reason = match e.io_error() {
                    Some(io) => IngestError::from_io(io),
                    None => IngestError::Other(e.to_string()),
                };
                out.push(Input::unreadable(source, reason));
            }
        }
    }
    if out.len() == before {
        out.push(Input::unreadable(dir.display().to_string(), IngestError::Other("directory holds no files".into())));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_globs_and_missing_paths() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("sub")).unwrap();
        std::fs::create_dir_all(d.join(".git")).unwrap();
        std::fs::create_dir_all(d.join("empty")).unwrap();
        for f in ["b.txt", "a.txt", "sub/c.html", ".hidden", ".git/x"] {
            std::fs::write(d.join(f), "x").unwrap();
        }
        let inputs = expand_inputs(&[d.to_path_buf()]);
        let names: Vec<String> = inputs
            .iter()
            .map(|i| i.source.strip_prefix(&d.display().to_string()).unwrap_or(&i.source).to_string())
            .collect();
        assert_eq!(names, ["/a.txt", "/b.txt", "/sub/c.html"], "hidden entries skipped, file-name order");
        let empty = expand_inputs(&[d.join("empty")]);
        assert!(matches!(&empty[0].kind, InputKind::Unreadable(IngestError::Other(r)) if r.contains("no files")));

        let pattern = format!("{}/*.txt", d.display());
        let inputs = expand_inputs(&[pattern.as_str(), "-", "/nonexistent/file.txt"]);
        assert_eq!(inputs.len(), 4);
        assert!(inputs[0].source.ends_with("a.txt") && inputs[1].source.ends_with("b.txt"));
        assert_eq!(inputs[2].kind, InputKind::Stdin);
        assert_eq!(inputs[3].kind, InputKind::Unreadable(IngestError::NotFound));
        let none = expand_inputs(&[format!("{}/*.nothing", d.display())]);
        assert!(matches!(&none[0].kind, InputKind::Unreadable(IngestError::Other(r)) if r.contains("no file matches")));
    }
}
