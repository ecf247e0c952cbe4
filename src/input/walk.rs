//! Finds letter files under folders the way ripgrep does (`.gitignore` and `.ignore` respected, hidden
//! files skipped), with names sorted so every run lists the same files in the same order.

use super::Unreadable;
use std::path::{Path, PathBuf};

/// Extensions a folder search picks up, compared without regard to case (`LETTER.TXT`, `X.Pdf`).
pub const LETTER_EXTENSIONS: [&str; 3] = ["txt", "imr", "pdf"];

pub fn is_letter_file(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| LETTER_EXTENSIONS.iter().any(|l| e.eq_ignore_ascii_case(l)))
}

/// The letter files under `dir`, and what could not be searched there.
pub fn walk(dir: &Path, out: &mut Vec<Result<PathBuf, Unreadable>>) {
    // A `.gitignore` counts even outside a git checkout: in a shared folder of letters it can
    // only have been written to leave files out.
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    let before = out.len();
    let mut other_files = 0;
    for entry in walker {
        match entry {
            Ok(e) => {
                if e.file_type().is_some_and(|t| t.is_file()) {
                    if is_letter_file(e.path()) {
                        out.push(Ok(e.into_path()));
                    } else {
                        other_files += 1;
                    }
                }
            }
            Err(err) => out.push(Err(Unreadable::walk(dir, err))),
        }
    }
    // A folder that gives nothing is a wrong path or unconverted letters, never a clean batch.
    if out.len() == before {
        out.push(Err(Unreadable::new(
            dir,
            super::Problem::NoLetters { other_files },
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_match_without_case() {
        for name in ["a.txt", "LETTER.TXT", "x.PDF", "d.Imr", "dir/y.pdf"] {
            assert!(is_letter_file(Path::new(name)), "{name}");
        }
        for name in ["a.docx", "pdf", "a.txt.bak", "README"] {
            assert!(!is_letter_file(Path::new(name)), "{name}");
        }
    }
}
