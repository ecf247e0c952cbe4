//! Broken and hostile PDFs (`tests/fuzz_regressions/pdf/`: inputs the `pdf` fuzz target and its
//! seeds found, see docs/fuzzing.md) never crash the CLI: each is either read or refused with one
//! line that names the file, within the reader's deadline.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The reader's deadline (`input::pdf::DEADLINE`) plus room for a slow machine.
const LIMIT: Duration = Duration::from_secs(45);

fn inputs() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions/pdf");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fuzz_regressions/pdf")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

#[test]
fn every_saved_pdf_is_read_or_refused_in_one_line_never_a_crash() {
    let files = inputs();
    assert!(files.len() >= 10, "the PDF regression inputs are missing");
    let runs: Vec<_> = files
        .iter()
        .map(|f| {
            let child = Command::new(env!("CARGO_BIN_EXE_imr-lsp"))
                .arg("text")
                .arg(f)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            (f, child, Instant::now())
        })
        .collect();
    for (f, mut child, started) in runs {
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break s;
            }
            if started.elapsed() > LIMIT {
                child.kill().ok();
                panic!("{}: no answer within {LIMIT:?}", f.display());
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut err = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
        let name = f.display().to_string();
        // A signal (stack overflow, abort) leaves no exit code.
        let code = status
            .code()
            .unwrap_or_else(|| panic!("{name}: killed: {status:?}\n{err}"));
        match code {
            0 => {}
            2 => {
                let lines: Vec<&str> = err.lines().collect();
                assert_eq!(lines.len(), 1, "{name}: one line, not a backtrace: {err}");
                assert!(lines[0].starts_with(&format!("imr-lsp: {name}: ")), "{err}");
            }
            _ => panic!("{name}: exit {code}: {err}"),
        }
    }
}
