//! A PDF's text layer, page by page, through `pdf-extract` (chosen by measurement: docs/pdf.md),
//! with every way a PDF can fail turned into a message that says what to do.
//!
//! The reader runs on a thread of its own with a deadline, so a PDF that makes it panic or spin
//! costs that file, never the batch; a reader given up on stops at its next page or character.
//! What a PDF's streams inflate to is counted first (`inflate`), so a decompression bomb is
//! refused before the reader inflates it.

use super::inflate;
use super::{Encoding, Text};
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
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
    /// Its streams inflate to more than `limit` bytes: a decompression bomb, or far larger than
    /// any letter.
    TooLarge { limit: u64 },
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
            PdfProblem::TooLarge { limit } => write!(
                f,
                "refused: its compressed streams inflate to more than {} (a decompression bomb?); if it is a real letter, raise --pdf-max-inflate",
                super::size_shown(*limit)
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

/// Each page's text, in page order; `max_inflate` bounds the bytes its streams may inflate to.
pub fn pages(bytes: Vec<u8>, max_inflate: u64) -> Result<Vec<String>, PdfProblem> {
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
    let too_large = PdfProblem::TooLarge { limit: max_inflate };
    // Object and cross-reference streams are inflated while the reader loads the file.
    inflate::count(inflate::raw_streams(&bytes), max_inflate).map_err(|_| too_large.clone())?;
    let pages = with_deadline(DEADLINE, move |stop| extract(&bytes, max_inflate, stop))??;
    if pages.iter().all(|p| p.trim().is_empty()) {
        return Err(PdfProblem::NoTextLayer);
    }
    Ok(pages)
}

fn extract(bytes: &[u8], max_inflate: u64, stop: &AtomicBool) -> Result<Vec<String>, PdfProblem> {
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
    // Content streams are inflated page by page; an encrypted file's can be counted only now
    // that they are decrypted.
    let streams = doc.objects.values().filter_map(|o| match o {
        pdf_extract::Object::Stream(s) => Some((s.filters().unwrap_or_default(), &s.content[..])),
        _ => None,
    });
    inflate::count(streams, max_inflate)
        .map_err(|_| PdfProblem::TooLarge { limit: max_inflate })?;
    let mut out = Vec::new();
    for page in doc.get_pages().into_keys() {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let mut text = String::new();
        let mut sink = Stoppable {
            inner: pdf_extract::PlainTextOutput::new(&mut text),
            stop,
        };
        pdf_extract::output_doc_page(&doc, &mut sink, page).map_err(|e| match e {
            OutputError::PdfError(e) => damaged(&e),
            e => damaged(&e),
        })?;
        out.push(text);
    }
    Ok(out)
}

/// Passes the reader's output on until the reader is given up on, then stops it with an error at
/// its next character, so a thread past its deadline frees its memory instead of running on.
struct Stoppable<'a, O> {
    inner: O,
    stop: &'a AtomicBool,
}

impl<O: pdf_extract::OutputDev> Stoppable<'_, O> {
    fn go_on(&self) -> Result<(), pdf_extract::OutputError> {
        if self.stop.load(Ordering::Relaxed) {
            Err(pdf_extract::OutputError::FormatError(fmt::Error))
        } else {
            Ok(())
        }
    }
}

impl<O: pdf_extract::OutputDev> pdf_extract::OutputDev for Stoppable<'_, O> {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &pdf_extract::MediaBox,
        art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), pdf_extract::OutputError> {
        self.go_on()?;
        self.inner.begin_page(page_num, media_box, art_box)
    }
    fn end_page(&mut self) -> Result<(), pdf_extract::OutputError> {
        self.inner.end_page()
    }
    fn output_character(
        &mut self,
        trm: &pdf_extract::Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), pdf_extract::OutputError> {
        self.go_on()?;
        self.inner
            .output_character(trm, width, spacing, font_size, char)
    }
    fn begin_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        self.inner.begin_word()
    }
    fn end_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        self.inner.end_word()
    }
    fn end_line(&mut self) -> Result<(), pdf_extract::OutputError> {
        self.go_on()?;
        self.inner.end_line()
    }
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

/// Runs `f` on its own thread; a panic or a run past `deadline` becomes an error. Past the
/// deadline the flag `f` is given is raised, and `f` is expected to stop at its next check.
fn with_deadline<T: Send + 'static>(
    deadline: Duration,
    f: impl FnOnce(&AtomicBool) -> T + Send + 'static,
) -> Result<T, PdfProblem> {
    quiet_reader_panics();
    let (tx, rx) = mpsc::sync_channel(1);
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let spawned = std::thread::Builder::new()
        .name(READER_THREAD.into())
        .spawn(move || {
            let _ = tx.send(f(&flag));
        });
    if let Err(e) = spawned {
        return Err(PdfProblem::ReaderFailed {
            detail: format!("cannot start a thread: {e}"),
        });
    }
    match rx.recv_timeout(deadline) {
        Ok(v) => Ok(v),
        Err(mpsc::RecvTimeoutError::Timeout) => {
            stop.store(true, Ordering::Relaxed);
            Err(PdfProblem::ReaderFailed {
                detail: format!("no answer after {} s", deadline.as_secs()),
            })
        }
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
        let r: Result<(), _> = with_deadline(Duration::from_secs(5), |_| panic!("bad xref"));
        assert_eq!(
            r,
            Err(PdfProblem::ReaderFailed {
                detail: "it panicked".into()
            })
        );
        // A reader given up on sees the flag raised and stops, instead of running on.
        let (tx, rx) = mpsc::channel();
        let r = with_deadline(Duration::from_millis(50), move |stop| {
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(5));
            }
            let _ = tx.send("stopped");
        });
        assert!(
            matches!(&r, Err(PdfProblem::ReaderFailed { detail }) if detail.contains("no answer")),
            "{r:?}"
        );
        assert_eq!(rx.recv_timeout(Duration::from_secs(5)), Ok("stopped"));
        assert_eq!(with_deadline(Duration::from_secs(5), |_| 7), Ok(7));
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
            pages(b"<!DOCTYPE html>\n<html>".to_vec(), 1 << 20),
            Err(PdfProblem::NotPdf {
                starts: "<!DOCTYPE html>".into()
            })
        );
        assert_eq!(
            pages(b"%PDF-1.4\n1 0 obj".to_vec(), 1 << 20),
            Err(PdfProblem::Truncated)
        );
        assert!(PdfProblem::NoTextLayer
            .to_string()
            .contains("run OCR first"));
    }
}
