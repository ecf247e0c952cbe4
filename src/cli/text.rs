//! `imr-lsp text`: prints the text the checker reads from a file, so a reviewer can open a PDF's
//! text in the editor and find a line a finding names.

use super::TextArgs;
use std::io::Write;

pub fn run(args: &TextArgs) -> i32 {
    if args.file.is_dir() {
        eprintln!(
            "imr-lsp: {}: is a folder; `text` prints one file's text: give a file in it, e.g. imr-lsp text {}",
            args.file.display(),
            args.file.join("letter.pdf").display()
        );
        return 2;
    }
    match crate::input::read_with(&args.file, &super::read_options(args.pdf_max_inflate)) {
        Ok(read) => {
            if let Some(w) = read.warning() {
                eprintln!("imr-lsp: {}: {w}", args.file.display());
            }
            let mut out = std::io::stdout().lock();
            match out
                .write_all(read.text.as_bytes())
                .and_then(|_| out.flush())
            {
                Ok(()) => 0,
                // A closed pipe (`| head`) is the reader's choice, not a failure.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
                Err(e) => {
                    eprintln!("imr-lsp: cannot write the text: {e}");
                    2
                }
            }
        }
        Err(e) => {
            eprintln!("imr-lsp: {e}");
            2
        }
    }
}
