//! Finding and reading the letters of a folder: the walk (honouring `.gitignore` and `.ignore`,
//! as ripgrep does), which files are letters, and indexing them in parallel.

use super::summary::{summarise, FileSummary};
use crate::analysis::Analysis;
use crate::catalog::Catalog;
use crate::parser::recognise::looks_like_letter;
use rayon::prelude::*;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

/// What kind of file a path may be, by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `*.imr`: a letter by its name.
    Imr,
    /// `*.txt`: a letter when its first lines say so ([`looks_like_letter`]).
    Text,
    /// `*.pdf`: a letter once PDF text can be read. Not indexed yet: see [`read_letter`].
    Pdf,
}

/// The extensions the watcher and the walk look at, with their kind.
pub const EXTENSIONS: &[(&str, Kind)] =
    &[("imr", Kind::Imr), ("txt", Kind::Text), ("pdf", Kind::Pdf)];

/// Bigger files are not indexed (a stray log or dump, not a letter batch).
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// How much of a `.txt` file is read to decide whether it is a letter.
const SNIFF_BYTES: u64 = 64 << 10;

pub fn kind(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?;
    EXTENSIONS
        .iter()
        .find(|(e, _)| e.eq_ignore_ascii_case(ext))
        .map(|&(_, k)| k)
}

/// Every candidate file under `roots`, sorted, skipping what `.gitignore`, `.ignore` and hidden
/// directories exclude.
pub fn candidates(roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for root in roots {
        let walk = ignore::WalkBuilder::new(root)
            // Outside a git repository a `.gitignore` still says what is not a letter.
            .require_git(false)
            .build();
        for entry in walk.flatten() {
            if entry.file_type().is_some_and(|t| t.is_file()) && kind(entry.path()).is_some() {
                out.push(entry.into_path());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Whether `path` is excluded by an ignore file between `root` and it (for watcher events,
/// which arrive for every file).
pub fn is_ignored(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut dir = root.to_path_buf();
    let mut matchers = Vec::new();
    for part in rel.parent().into_iter().flat_map(|p| p.components()) {
        matchers.push(ignore_at(&dir));
        dir.push(part);
        if part
            .as_os_str()
            .to_str()
            .is_some_and(|s| s.starts_with('.'))
        {
            return true;
        }
    }
    matchers.push(ignore_at(&dir));
    let mut ignored = false;
    // Deeper files override shallower ones; test each directory on the way down.
    for m in &matchers {
        let mut at = m.path().to_path_buf();
        for part in path.strip_prefix(m.path()).unwrap_or(path).components() {
            at.push(part);
            let is_dir = at != path;
            match m.matched(&at, is_dir) {
                ignore::Match::Ignore(_) => ignored = true,
                ignore::Match::Whitelist(_) => ignored = false,
                ignore::Match::None => {}
            }
        }
    }
    ignored
}

fn ignore_at(dir: &Path) -> ignore::gitignore::Gitignore {
    let mut b = ignore::gitignore::GitignoreBuilder::new(dir);
    for name in [".gitignore", ".ignore"] {
        let p = dir.join(name);
        if p.is_file() {
            let _ = b.add(p);
        }
    }
    b.build()
        .unwrap_or_else(|_| ignore::gitignore::Gitignore::empty())
}

/// The text of `path` when it is a letter; `None` for anything else or an unreadable file.
/// Bytes that are not UTF-8 are replaced, as `check` does.
pub fn read_letter(path: &Path) -> Option<String> {
    match kind(path)? {
        Kind::Imr => read_text(path, false),
        Kind::Text => read_text(path, true),
        // The hook for PDFs: when `src/input/` can turn a PDF into text, call it here, and the
        // index, symbols, references and diagnostics take PDFs with no other change.
        Kind::Pdf => None,
    }
}

fn read_text(path: &Path, sniff: bool) -> Option<String> {
    let file = std::fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    if len > MAX_FILE_BYTES {
        tracing::info!(path = %path.display(), len, "not indexed: too big for a letter file");
        return None;
    }
    let mut bytes = Vec::with_capacity(len as usize);
    let mut r = file.take(MAX_FILE_BYTES);
    if sniff {
        // Decide on the first lines before reading a large non-letter file whole.
        (&mut r).take(SNIFF_BYTES).read_to_end(&mut bytes).ok()?;
        if !looks_like_letter(&String::from_utf8_lossy(&bytes)) {
            return None;
        }
    }
    r.read_to_end(&mut bytes).ok()?;
    Some(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// Reads, analyses and summarises one file; `None` when it is not a letter.
pub fn index_file(path: &Path, catalog: &Arc<Catalog>) -> Option<FileSummary> {
    let text = read_letter(path)?;
    let analysis = Analysis::new(&text, catalog.clone());
    Some(summarise(&analysis, &text))
}

/// Indexes `paths` on the current rayon pool. `done` counts files as they finish (for
/// progress); when `cancel` is set the remaining files are skipped. A file that makes the
/// analysis panic is left out and logged, never the whole index.
pub fn index_all(
    paths: &[PathBuf],
    catalog: &Arc<Catalog>,
    done: &AtomicUsize,
    cancel: &AtomicBool,
) -> Vec<(PathBuf, FileSummary)> {
    paths
        .par_iter()
        .filter_map(|p| {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            let s = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                index_file(p, catalog)
            }))
            .unwrap_or_else(|_| {
                tracing::error!(path = %p.display(), "internal error while indexing a file");
                None
            });
            done.fetch_add(1, Ordering::Relaxed);
            Some((p.clone(), s?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::document::embedded_catalog;

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("imr-scan-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn the_walk_takes_letters_and_honours_ignore_files() {
        let d = tmp("walk");
        let seed = crate::features::fixture::seed("000_b08de8a0b339546b.txt");
        for p in [
            "a.imr",
            "b.txt",
            "notes.txt",
            "sub/c.txt",
            "old/d.txt",
            "sub/e.pdf",
            ".hidden/f.txt",
            "g.md",
        ] {
            let path = d.join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            let text = if p == "notes.txt" {
                "shopping list\n"
            } else {
                &seed
            };
            std::fs::write(path, text).unwrap();
        }
        std::fs::write(d.join(".gitignore"), "old/\n").unwrap();
        std::fs::write(d.join("sub/.ignore"), "c.txt\n").unwrap();
        let rel = |v: Vec<PathBuf>| -> Vec<String> {
            v.iter()
                .map(|p| p.strip_prefix(&d).unwrap().display().to_string())
                .collect()
        };
        let found = candidates(std::slice::from_ref(&d));
        assert_eq!(
            rel(found.clone()),
            ["a.imr", "b.txt", "notes.txt", "sub/e.pdf"]
        );
        assert!(is_ignored(&d, &d.join("old/d.txt")));
        assert!(is_ignored(&d, &d.join("sub/c.txt")));
        assert!(is_ignored(&d, &d.join(".hidden/f.txt")));
        assert!(!is_ignored(&d, &d.join("sub/new.txt")));

        let done = AtomicUsize::new(0);
        let indexed = index_all(&found, &embedded_catalog(), &done, &AtomicBool::new(false));
        let mut names = rel(indexed.iter().map(|(p, _)| p.clone()).collect());
        names.sort();
        assert_eq!(
            names,
            ["a.imr", "b.txt"],
            "not the shopping list, not the PDF yet"
        );
        assert_eq!(done.load(Ordering::Relaxed), 4);
        assert!(index_all(&found, &embedded_catalog(), &done, &AtomicBool::new(true)).is_empty());
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn an_imr_file_is_a_letter_by_name_and_bad_bytes_are_replaced() {
        let d = tmp("read");
        std::fs::write(d.join("x.imr"), b"draft \xff\n").unwrap();
        assert_eq!(
            read_letter(&d.join("x.imr")).as_deref(),
            Some("draft \u{fffd}\n")
        );
        std::fs::write(d.join("x.txt"), b"draft \xff\n").unwrap();
        assert_eq!(read_letter(&d.join("x.txt")), None);
        assert_eq!(read_letter(&d.join("missing.imr")), None);
        std::fs::remove_dir_all(&d).unwrap();
    }
}
