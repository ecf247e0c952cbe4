//! A PDF's text layer, page by page, through `pdf-extract` (chosen by measurement: docs/pdf.md),
//! with every way a PDF can fail turned into a message that says what to do.
//!
//! The reader runs on a thread of its own with a deadline, so a PDF that makes it panic or spin
//! costs that file, never the batch.

use super::{Encoding, Text};
use std::fmt;
use std::sync::mpsc;
use std::time::Duration;

/// Why a PDF gave no text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PdfProblem {
    /// The file does not start with `%PDF-`; `starts` is what it does start with.
    NotPdf { starts: String },
    /// No `%%EOF` near the end: an interrupted download or copy.
    Truncated,
    /// Needs a password to open.
    Encrypted,
    /// Pages but no text on any of them: a scan.
    NoTextLayer,
    /// The reader refused the file; `detail` is its own words.
    Damaged { detail: String },
    /// The reader panicked or ran past the deadline on this file.
    ReaderFailed { detail: String },
}

impl fmt::Display for PdfProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfProblem::NotPdf { starts } if starts.is_empty() => {
                f.write_str("not a PDF (the file is empty): download it again")
            }
            PdfProblem::NotPdf { starts } => write!(
                f,
                "not a PDF (it starts with {starts:?}): download it again, or rename it if it is a text letter"
            ),
            PdfProblem::Truncated => {
                f.write_str("truncated PDF (no %%EOF at the end): download or copy it again")
            }
            PdfProblem::Encrypted => f.write_str(
                "encrypted PDF that needs a password: save an unprotected copy, or its text with pdftotext",
            ),
            PdfProblem::NoTextLayer => {
                f.write_str("no text layer (a scanned image?): run OCR first, e.g. ocrmypdf")
            }
            PdfProblem::Damaged { detail } => write!(
                f,
                "damaged PDF ({detail}): download it again, or check its text with pdftotext"
            ),
            PdfProblem::ReaderFailed { detail } => write!(
                f,
                "the PDF reader failed on this file ({detail}): check its text with pdftotext"
            ),
        }
    }
}

/// The PDF signature may follow a little junk (the spec allows it within the first 1024 bytes).
pub fn looks_like_pdf(bytes: &[u8]) -> bool {
    memchr::memmem::find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some()
}

/// Longer than any real letter takes (about 4 ms); only a reader stuck in a loop reaches it.
const DEADLINE: Duration = Duration::from_secs(30);

/// Each page's text, in page order.
pub fn pages(bytes: Vec<u8>) -> Result<Vec<String>, PdfProblem> {
    if !looks_like_pdf(&bytes) {
        let head = &bytes[..bytes.len().min(16)];
        let starts: String = String::from_utf8_lossy(head)
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        return Err(PdfProblem::NotPdf {
            starts: starts.trim().to_string(),
        });
    }
    // Writers may add a few bytes (a newline, padding) after the marker; 1 KB covers them.
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if memchr::memmem::find(tail, b"%%EOF").is_none() {
        return Err(PdfProblem::Truncated);
    }
    let pages = with_deadline(DEADLINE, move || extract(&bytes))??;
    if pages.iter().all(|p| p.trim().is_empty()) {
        return Err(PdfProblem::NoTextLayer);
    }
    Ok(pages)
}

fn extract(bytes: &[u8]) -> Result<Vec<String>, PdfProblem> {
    use pdf_extract::{Document, Error as PdfError, OutputError};
    let damaged = |e: &dyn fmt::Display| PdfProblem::Damaged {
        detail: e.to_string(),
    };
    let mut doc = Document::load_mem(bytes).map_err(|e| match e {
        PdfError::Decryption(_) | PdfError::InvalidPassword => PdfProblem::Encrypted,
        e => damaged(&e),
    })?;
    // Most published PDFs are encrypted with an empty password (to stop editing, not reading).
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(PdfProblem::Encrypted);
    }
    let mut out = Vec::new();
    for page in doc.get_pages().into_keys() {
        let mut text = String::new();
        let mut sink = pdf_extract::PlainTextOutput::new(&mut text);
        pdf_extract::output_doc_page(&doc, &mut sink, page).map_err(|e| match e {
            OutputError::PdfError(e) => damaged(&e),
            e => damaged(&e),
        })?;
        out.push(text);
    }
    Ok(out)
}

/// Joins pages the way `pdftotext` does, each ending in a form feed, and remembers where each starts.
pub fn join(pages: Vec<String>) -> Text {
    let mut text = String::with_capacity(pages.iter().map(|p| p.len() + 1).sum());
    let mut starts = Vec::with_capacity(pages.len());
    for p in pages {
        starts.push(text.len());
        // pdf-extract opens each page with blank lines; without them a page's line 1 is its first
        // line of text, as a reader counts it.
        let p = p.trim_start_matches(['\n', '\r']);
        text.push_str(p);
        if !p.is_empty() && !p.ends_with('\n') {
            text.push('\n');
        }
        text.push('\x0c');
    }
    Text {
        text,
        encoding: Encoding::Pdf,
        pages: starts,
    }
}

/// Name of the reader's threads: the panic hook stays quiet for them, since the panic becomes a
/// one-line error naming the file.
const READER_THREAD: &str = "imr-pdf-reader";

/// Runs `f` on its own thread; a panic or a run past `deadline` becomes an error, and a thread
/// still running is left to finish on its own.
fn with_deadline<T: Send + 'static>(
    deadline: Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, PdfProblem> {
    quiet_reader_panics();
    let (tx, rx) = mpsc::sync_channel(1);
    let spawned = std::thread::Builder::new()
        .name(READER_THREAD.into())
        .spawn(move || {
            let _ = tx.send(f());
        });
    if let Err(e) = spawned {
        return Err(PdfProblem::ReaderFailed {
            detail: format!("cannot start a thread: {e}"),
        });
    }
    match rx.recv_timeout(deadline) {
        Ok(v) => Ok(v),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(PdfProblem::ReaderFailed {
            detail: format!("no answer after {} s", deadline.as_secs()),
        }),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(PdfProblem::ReaderFailed {
            detail: "it panicked".into(),
        }),
    }
}

fn quiet_reader_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() != Some(READER_THREAD) {
                previous(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_or_a_stuck_reader_costs_only_its_file() {
        let r: Result<(), _> = with_deadline(Duration::from_secs(5), || panic!("bad xref"));
        assert_eq!(
            r,
            Err(PdfProblem::ReaderFailed {
                detail: "it panicked".into()
            })
        );
        let r = with_deadline(Duration::from_millis(50), || {
            std::thread::sleep(Duration::from_secs(2))
        });
        assert!(
            matches!(&r, Err(PdfProblem::ReaderFailed { detail }) if detail.contains("no answer")),
            "{r:?}"
        );
        assert_eq!(with_deadline(Duration::from_secs(5), || 7), Ok(7));
    }

    #[test]
    fn pages_end_in_form_feeds_and_their_starts_are_kept() {
        let t = join(vec!["\n\none\n".into(), "two".into(), String::new()]);
        assert_eq!(t.text, "one\n\x0ctwo\n\x0c\x0c");
        assert_eq!(t.pages, [0, 5, 10]);
    }

    #[test]
    fn what_is_not_a_pdf_says_what_it_is() {
        assert_eq!(
            pages(b"<!DOCTYPE html>\n<html>".to_vec()),
            Err(PdfProblem::NotPdf {
                starts: "<!DOCTYPE html>".into()
            })
        );
        assert_eq!(
            pages(b"%PDF-1.4\n1 0 obj".to_vec()),
            Err(PdfProblem::Truncated)
        );
        assert!(PdfProblem::NoTextLayer
            .to_string()
            .contains("run OCR first"));
    }
}
