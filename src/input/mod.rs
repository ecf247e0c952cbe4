//! Reading letters from disk: finds letter files under the paths a user gives and turns each into
//! text (any common text encoding, or a PDF's text layer), or says why it cannot.
//!
//! Pure reading: nothing here prints. The batch commands decide how to report what comes back.

mod decode;
mod inflate;
mod locate;
mod pdf;
mod walk;

pub use decode::{Encoding, NotText};
pub use locate::{LineIndex, Location};
pub use pdf::PdfProblem;
pub use walk::{is_letter_file, LETTER_EXTENSIONS};

use std::fmt;
use std::path::{Path, PathBuf};

/// The files to read under `paths`, in command-line order with each folder's files sorted by name,
/// and in their place the paths that could not be searched. A path named explicitly is kept
/// whatever its extension; folders contribute `*.txt`, `*.imr` and `*.pdf` in any case.
pub fn collect(paths: &[PathBuf]) -> Vec<Result<PathBuf, Unreadable>> {
    let mut out = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk::walk(p, &mut out),
            Ok(_) => out.push(Ok(p.clone())),
            Err(e) => out.push(Err(Unreadable::io(p, &e))),
        }
    }
    out
}

/// A file's text as the checker reads it.
#[derive(Debug)]
pub struct Text {
    pub text: String,
    pub encoding: Encoding,
    /// Byte offsets where each page of a PDF starts (the first is 0); empty for a text file.
    /// Pages are separated by a form feed, as `pdftotext` writes them.
    pub pages: Vec<usize>,
}

impl Text {
    /// What a user should know about how the text was read, if anything.
    pub fn warning(&self) -> Option<&'static str> {
        match self.encoding {
            Encoding::Lossy => Some("not valid UTF-8; read with replacement characters"),
            _ => None,
        }
    }

    /// The 1-based page holding a byte offset and the offset where that page starts; `None` for
    /// a text file.
    pub fn page_at(&self, offset: usize) -> Option<(usize, usize)> {
        let n = self.pages.partition_point(|&s| s <= offset);
        Some((n, *self.pages.get(n.checked_sub(1)?)?))
    }
}

/// What a PDF's compressed streams may inflate to, in all, by default. The 90 published letters
/// of the corpus inflate to under 256 KiB each (BENCHMARKS.md, "PDF bombs"); 256 times that still
/// leaves two readers per core well under a few hundred MB.
pub const DEFAULT_PDF_MAX_INFLATE: u64 = 64 << 20;

/// How files are read.
#[derive(Clone, Copy, Debug)]
pub struct ReadOptions {
    /// The bytes one PDF's streams may inflate to, in all; a PDF over it is refused unread.
    pub pdf_max_inflate: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            pdf_max_inflate: DEFAULT_PDF_MAX_INFLATE,
        }
    }
}

/// A size as a person reads it: `64 MiB`, `512 KiB`, `900 bytes`.
pub fn size_shown(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 && b % (1 << 30) == 0 => format!("{} GiB", b >> 30),
        b if b >= 1 << 20 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// Parses a size as given on the command line: bytes, or a number with K, M or G (powers of
/// 1024, an optional `iB`/`B`), e.g. `64M`, `1GiB`.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (n, unit) = t.split_at(digits);
    let n: u64 = n
        .parse()
        .map_err(|_| format!("`{s}` is not a size: give bytes or e.g. 64M, 1G"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("`{s}` is not a size: give bytes or e.g. 64M, 1G")),
    };
    n.checked_mul(1 << shift)
        .filter(|&b| b > 0)
        .ok_or_else(|| format!("`{s}` is not a usable size"))
}

/// Reads one file: a PDF (by its `%PDF-` signature or its extension) through its text layer,
/// anything else as text.
pub fn read(path: &Path) -> Result<Text, Unreadable> {
    read_with(path, &ReadOptions::default())
}

/// `read` with options.
pub fn read_with(path: &Path, options: &ReadOptions) -> Result<Text, Unreadable> {
    let bytes = std::fs::read(path).map_err(|e| Unreadable::io(path, &e))?;
    let named_pdf = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if named_pdf || pdf::looks_like_pdf(&bytes) {
        let pages = pdf::pages(bytes, options.pdf_max_inflate)
            .map_err(|p| Unreadable::new(path, Problem::Pdf(p)))?;
        return Ok(pdf::join(pages));
    }
    let (text, encoding) =
        decode::decode(bytes).map_err(|n| Unreadable::new(path, Problem::NotText(n)))?;
    Ok(Text {
        text,
        encoding,
        pages: Vec::new(),
    })
}

/// A path that could not be read, and why, in words that say what to do.
#[derive(Clone, Debug)]
pub struct Unreadable {
    pub path: PathBuf,
    pub problem: Problem,
}

#[derive(Clone, Debug)]
pub enum Problem {
    /// The operating system's own message (not found, permission denied, …).
    Io(String),
    NotText(NotText),
    Pdf(PdfProblem),
    /// A folder with no letter file in it; `other_files` is how many files of other kinds it has.
    NoLetters {
        other_files: usize,
    },
}

impl Unreadable {
    pub(crate) fn new(path: &Path, problem: Problem) -> Self {
        Unreadable {
            path: path.to_path_buf(),
            problem,
        }
    }

    fn io(path: &Path, e: &std::io::Error) -> Self {
        let msg = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string(),
        };
        Self::new(path, Problem::Io(msg))
    }

    fn walk(root: &Path, e: ignore::Error) -> Self {
        // The walker's errors carry the path they concern; fall back to the folder searched.
        let path = match &e {
            ignore::Error::WithPath { path, .. } => path.clone(),
            ignore::Error::WithDepth { err, .. } => match &**err {
                ignore::Error::WithPath { path, .. } => path.clone(),
                _ => root.to_path_buf(),
            },
            _ => root.to_path_buf(),
        };
        let msg = match e.io_error() {
            Some(io) => return Self::io(&path, io),
            None => e.to_string(),
        };
        Self::new(&path, Problem::Io(msg))
    }
}

impl Unreadable {
    /// Why, without the path: what to do about it.
    pub fn reason(&self) -> String {
        match &self.problem {
            Problem::Io(m) => m.clone(),
            Problem::NotText(NotText::Binary) => {
                "not a text file (it holds NUL bytes): skipped; if it is UTF-16, save it with a byte order mark".into()
            }
            Problem::NotText(NotText::OddUtf16) => {
                "UTF-16 byte order mark but an odd number of bytes: the file is cut short".into()
            }
            Problem::Pdf(p) => p.to_string(),
            Problem::NoLetters { other_files: 0 } => {
                "no letter files in this folder (it is empty): check the path".into()
            }
            Problem::NoLetters { other_files } => format!(
                "no letter files in this folder ({other_files} other files; letters are read from *.txt, *.imr and *.pdf): convert them, e.g. a .docx to .txt or .pdf"
            ),
        }
    }
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason())
    }
}

impl std::error::Error for Unreadable {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_found_by_offset() {
        let t = Text {
            text: "one\n\x0ctwo\n\x0cthree".into(),
            encoding: Encoding::Pdf,
            pages: vec![0, 5, 10],
        };
        assert_eq!(t.page_at(0), Some((1, 0)));
        assert_eq!(t.page_at(4), Some((1, 0)));
        assert_eq!(t.page_at(5), Some((2, 5)));
        assert_eq!(t.page_at(14), Some((3, 10)));
        let plain = Text {
            pages: Vec::new(),
            ..t
        };
        assert_eq!(plain.page_at(3), None);
    }

    #[test]
    fn sizes_are_read_and_shown_in_powers_of_1024() {
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("0").is_err());
        assert_eq!(size_shown(64 << 20), "64 MiB");
        assert_eq!(size_shown(1 << 30), "1 GiB");
    }

    #[test]
    fn a_missing_path_is_reported_in_place_and_the_rest_kept() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/letters");
        let found = collect(&[PathBuf::from("no/such/dir"), PathBuf::from(dir)]);
        let err = found[0].as_ref().unwrap_err();
        assert_eq!(err.to_string(), "no/such/dir: no such file or folder");
        assert_eq!(found.iter().filter(|f| f.is_ok()).count(), 5);
        let names: Vec<_> = found[1..]
            .iter()
            .map(|f| f.as_ref().unwrap().clone())
            .collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted, "folder contents come sorted");
    }
}
