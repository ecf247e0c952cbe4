//! The command line as a user runs it: output format, summary, JSON, exit status.

mod common;
use common::imr;

#[test]
fn check_reports_like_a_compiler_with_a_summary() {
    let (code, out, _) = imr(&[
        "check",
        "--color",
        "never",
        "tests/fixtures/letters",
        "tests/fixtures/drafts",
    ]);
    assert_eq!(code, 1, "errors found: {out}");
    assert!(
        out.contains("tests/fixtures/drafts/broken-draft.imr:31:27: error[unknown-decision]:"),
        "{out}"
    );
    assert!(
        out.contains("31 | Cyclobenzaprine 10mg #60: Uphold\n"),
        "the line is shown: {out}"
    );
    assert!(
        out.contains("   |                           ^^^^^^\n"),
        "and underlined: {out}"
    );
    assert!(
        out.trim_end().ends_with(
            "6 files, 6 letters, 12 items (9 upheld, 2 overturned, 1 without a valid decision), 3 errors, 1 warning, 0 information, 0 hints"
        ),
        "{out}"
    );
}

#[test]
fn clean_letters_exit_zero() {
    let (code, out, _) = imr(&["check", "tests/fixtures/letters"]);
    assert_eq!(code, 0);
    assert_eq!(
        out.trim(),
        "5 files, 5 letters, 9 items (8 upheld, 1 overturned), 0 errors, 0 warnings, 0 information, 0 hints"
    );
}

#[test]
fn json_is_one_object_per_diagnostic_then_a_summary() {
    let (code, out, _) = imr(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/drafts/broken-draft.imr",
    ]);
    assert_eq!(code, 1);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let codes: Vec<&str> = lines
        .iter()
        .filter(|l| l["type"] == "diagnostic")
        .map(|l| l["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "placeholder",
            "decision-conflict",
            "unknown-decision",
            "missing-rationale"
        ]
    );
    let last = lines.last().unwrap();
    assert_eq!(last["type"], "summary");
    assert_eq!(last["errors"], 3);
    assert_eq!(lines[2]["line"], 31);
    assert_eq!(lines[2]["severity"], "error");
}

#[test]
fn usage_and_io_errors_exit_two_naming_the_path() {
    let (code, out, err) = imr(&["check", "no/such/dir"]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such/dir: no such file or folder"), "{err}");
    assert_eq!(
        out.trim(),
        "0 files, 1 unreadable, 0 letters, 0 items (0 upheld, 0 overturned), 0 errors, 0 warnings, 0 information, 0 hints"
    );
    let (code, _, _) = imr(&["check"]);
    assert_eq!(code, 2);
    let (code, _, err) = imr(&[
        "check",
        "--disable",
        "no-such-rule",
        "tests/fixtures/letters",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("no-such-rule"));
}

#[test]
fn non_utf8_is_read_lossily_with_a_warning() {
    let dir = std::env::temp_dir().join(format!("imr-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("latin1.txt");
    let mut bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/letters/002_ca4af5e6e3409f09.txt"
    ))
    .unwrap();
    bytes.extend_from_slice(b"\nFlexeril\xae 10\xb0\n");
    std::fs::write(&path, bytes).unwrap();
    let (code, out, err) = imr(&["check", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(err.contains("not valid UTF-8"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn disabled_rules_and_extract() {
    let (code, out, _) = imr(&[
        "check",
        "--quiet",
        "--disable",
        "placeholder",
        "tests/fixtures/drafts",
    ]);
    assert_eq!(code, 1);
    assert!(
        out.trim()
            .ends_with("3 errors, 0 warnings, 0 information, 0 hints"),
        "{out}"
    );

    let (code, out, _) = imr(&["extract", "tests/fixtures/letters/001_2a130b5553485fce.txt"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[2]["decision"], "Overturned");
    assert_eq!(
        items[0]["citations"][0]["guideline_id"],
        "mtus-chronic-pain-2009"
    );
    assert_eq!(items[0]["conclusion"]["necessary"], false);
}

#[test]
fn catalog_lists_links_and_takes_an_overlay() {
    let (code, out, _) = imr(&["catalog"]);
    assert_eq!(code, 0);
    assert!(out.contains("Cyclobenzaprine (Flexeril) · pp. 41-42 · confirmed"));
    let dir = std::env::temp_dir().join(format!("imr-cat-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("org.toml");
    std::fs::write(
        &f,
        "[[guideline]]\nid = \"odg-pain\"\nurl = \"https://odg.example.org/pain\"\n",
    )
    .unwrap();
    let (code, out, _) = imr(&[
        "catalog",
        "--format",
        "json",
        "--catalog",
        f.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("https://odg.example.org/pain"));
    std::fs::write(&f, "[[guideline]]\nid = 3\n").unwrap();
    let (code, _, err) = imr(&["catalog", "--catalog", f.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("line 2"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A fresh folder for one test, removed when the test ends (also on failure).
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("imr-cli-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> String {
        let p = self.0.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p.to_str().unwrap().to_string()
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/letters/001_2a130b5553485fce.txt"
);

fn seed() -> String {
    std::fs::read_to_string(SEED).unwrap()
}

fn summary(out: &str) -> serde_json::Value {
    let last = out.lines().last().expect("a summary line");
    let v: serde_json::Value = serde_json::from_str(last).unwrap();
    assert_eq!(v["type"], "summary", "{out}");
    v
}

#[test]
fn a_missing_path_is_reported_and_the_rest_checked_in_both_formats() {
    let (code, out, err) = imr(&["check", "no/such/dir", "tests/fixtures/letters"]);
    assert_eq!(code, 2, "unreadable input ends with status 2");
    assert!(
        err.contains("imr-lsp: no/such/dir: no such file or folder"),
        "{err}"
    );
    assert_eq!(
        out.trim(),
        "5 files, 1 unreadable, 5 letters, 9 items (8 upheld, 1 overturned), 0 errors, 0 warnings, 0 information, 0 hints"
    );
    let (code, out, _) = imr(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/letters",
        "no/such/file.txt",
    ]);
    assert_eq!(code, 2);
    let s = summary(&out);
    assert_eq!(
        (s["files"].as_u64(), s["unreadable"].as_u64()),
        (Some(5), Some(1))
    );
    assert_eq!(s["items"], 9);
}

#[test]
fn utf16_and_utf8_with_a_byte_order_mark_read_like_plain_utf8() {
    let dir = Scratch::new("bom");
    let text = seed();
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        le.extend(u.to_le_bytes());
        be.extend(u.to_be_bytes());
    }
    let mut bom8 = b"\xEF\xBB\xBF".to_vec();
    bom8.extend(text.as_bytes());
    dir.write("utf16le.txt", &le);
    dir.write("utf16be.txt", &be);
    dir.write("utf8bom.txt", &bom8);
    let (code, out, err) = imr(&["check", "--format", "json", dir.path()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.is_empty(), "no warning: {err}");
    let s = summary(&out);
    assert_eq!(s["letters"], 3);
    assert_eq!(s["items"], 9, "3 items in each");
    assert_eq!(s["overturned"], 3);
    // The same model as the UTF-8 original, down to the citations.
    let (_, original, _) = imr(&["extract", SEED]);
    let (_, utf16, _) = imr(&["extract", &dir.0.join("utf16be.txt").to_string_lossy()]);
    let strip = |s: &str| {
        let mut v: serde_json::Value = serde_json::from_str(s.lines().next().unwrap()).unwrap();
        v["path"] = serde_json::Value::Null;
        v
    };
    assert_eq!(strip(&original), strip(&utf16));
}

#[test]
fn binary_files_are_reported_as_not_text_and_skipped() {
    let dir = Scratch::new("binary");
    dir.write("a-letter.txt", seed().as_bytes());
    let exe = std::fs::read(env!("CARGO_BIN_EXE_imr-lsp")).unwrap();
    dir.write("program.txt", &exe[..4096]);
    let named = dir.write("image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let (code, out, err) = imr(&["check", dir.path(), &named]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("program.txt: not a text file (it holds NUL bytes): skipped"),
        "{err}"
    );
    assert!(err.contains("image.png: not a text file"), "{err}");
    assert_eq!(
        out.trim(),
        "1 file, 2 unreadable, 1 letter, 3 items (2 upheld, 1 overturned), 0 errors, 0 warnings, 0 information, 0 hints"
    );
}

#[test]
fn folders_match_extensions_in_any_case_and_respect_ignore_files() {
    let dir = Scratch::new("case");
    dir.write("LETTER.TXT", seed().as_bytes());
    dir.write("sub/Draft.Imr", seed().as_bytes());
    dir.write(
        "sub/X.PDF",
        &std::fs::read("tests/fixtures/pdf/two-pages.pdf").unwrap(),
    );
    dir.write("notes.docx", seed().as_bytes());
    dir.write("old/skipped.txt", seed().as_bytes());
    dir.write(".ignore", b"old/\n");
    dir.write("sub/draft-copy.txt", seed().as_bytes());
    dir.write("sub/.gitignore", b"*-copy.txt\n");
    dir.write(".hidden.txt", seed().as_bytes());
    let (code, out, err) = imr(&["check", "--format", "json", dir.path()]);
    assert_eq!(code, 1, "the PDF draft has an error: {out}{err}");
    let paths: Vec<String> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["type"] == "diagnostic")
        .map(|v| v["path"].as_str().unwrap().to_string())
        .collect();
    assert!(paths.iter().all(|p| p.ends_with("sub/X.PDF")), "{paths:?}");
    let s = summary(&out);
    assert_eq!(s["files"], 3, "LETTER.TXT, Draft.Imr, X.PDF: {out}");
    assert_eq!(s["unreadable"], 0);
    // Named explicitly, a file is read whatever its extension.
    let named = dir.0.join("notes.docx");
    let (code, out, _) = imr(&["check", "--format", "json", named.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(summary(&out)["letters"], 1);
}

#[test]
fn a_file_without_a_letter_gets_a_finding_of_its_own() {
    let dir = Scratch::new("noletter");
    let notes = dir.write("notes.txt", b"Call the claims adjuster on Monday.\n");
    let (code, out, _) = imr(&["check", "--color", "never", &notes, SEED]);
    assert_eq!(code, 0, "a warning, not an error: {out}");
    assert!(
        out.contains("notes.txt:1:1: warning[no-letter]: No IMR letter found in this file"),
        "{out}"
    );
    assert!(
        out.trim_end()
            .ends_with("0 errors, 1 warning, 0 information, 0 hints"),
        "{out}"
    );
    let (_, out, _) = imr(&["check", "--disable", "no-letter", &notes]);
    assert!(
        out.trim_end()
            .ends_with("0 errors, 0 warnings, 0 information, 0 hints"),
        "{out}"
    );
    let (code, out, err) = imr(&["extract", &notes, SEED]);
    assert_eq!(code, 0);
    assert!(
        err.contains("notes.txt: no IMR letter found in this file"),
        "{err}"
    );
    assert_eq!(
        out.lines().count(),
        1,
        "the seed's letter is still extracted"
    );
}

#[test]
fn extract_warns_about_repaired_text_and_goes_on_past_bad_paths() {
    let dir = Scratch::new("extract");
    let mut bytes = seed().into_bytes();
    bytes.extend_from_slice(b"\nFlexeril\xae 10\n");
    let latin1 = dir.write("latin1.txt", &bytes);
    let (code, out, err) = imr(&["extract", "no/such/dir", &latin1]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no/such/dir: no such file or folder"), "{err}");
    assert!(
        err.contains("latin1.txt: not valid UTF-8; read with replacement characters"),
        "{err}"
    );
    assert_eq!(out.lines().count(), 1, "{out}");
}

#[test]
fn text_prints_what_the_checker_reads() {
    let (code, out, _) = imr(&["text", SEED]);
    assert_eq!(code, 0);
    assert_eq!(out, seed());
    let (code, out, _) = imr(&["text", "tests/fixtures/pdf/two-pages.pdf"]);
    assert_eq!(code, 0);
    assert_eq!(
        out.matches('\x0c').count(),
        2,
        "one form feed per page: {out}"
    );
    assert!(
        out.contains("\x0cIMR ISSUES, DECISIONS AND RATIONALES\n"),
        "{out}"
    );
    let (code, _, err) = imr(&["text", "tests/fixtures/pdf/scanned.pdf"]);
    assert_eq!(code, 2);
    assert!(err.contains("run OCR first"), "{err}");
}

/// Runs the CLI with its standard output on a terminal (a pseudo-terminal nobody reads) and
/// returns the exit status and stderr.
fn on_terminal(args: &[&str]) -> (i32, String) {
    use std::os::fd::FromRawFd;
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty fills two descriptors we then own; the null arguments are allowed.
    let opened = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(opened, 0, "openpty");
    // SAFETY: both descriptors were just opened and are owned here only.
    let (master, slave) = unsafe {
        (
            std::fs::File::from_raw_fd(master),
            std::fs::File::from_raw_fd(slave),
        )
    };
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_imr-lsp"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(slave)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    drop(master);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn report_does_not_pour_html_on_a_terminal() {
    let (code, err) = on_terminal(&["report", "tests/fixtures/letters"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("-o report.html"), "says what to do: {err}");
    // JSON on a terminal is fine.
    let (code, err) = on_terminal(&["report", "--format", "json", "tests/fixtures/letters"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn an_output_in_a_missing_folder_fails_before_any_letter_is_read() {
    for cmd in ["report", "extract"] {
        // The missing input would be named if inputs were read first.
        let (code, out, err) = imr(&[cmd, "-o", "missing/dir/r.out", "no/such/input.txt"]);
        assert_eq!(code, 2, "{cmd}: {err}");
        assert!(out.is_empty());
        assert_eq!(
            err.trim(),
            "imr-lsp: cannot write to missing/dir/r.out: the folder missing/dir does not exist (create it first)",
            "{cmd}"
        );
    }
}

#[test]
fn extract_writes_to_a_file_with_o() {
    let dir = Scratch::new("extract-o");
    let csv = format!("{}/items.csv", dir.path());
    let (code, out, err) = imr(&[
        "extract",
        "--format",
        "csv",
        "-o",
        &csv,
        "tests/fixtures/letters",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "nothing on stdout: {out}");
    assert!(err.is_empty(), "no bar off a terminal: {err}");
    let written = std::fs::read_to_string(&csv).unwrap();
    assert!(written.starts_with("schema_version,path,"), "{written}");
    assert_eq!(
        written.lines().count(),
        1 + 9,
        "a header and the nine items"
    );
    let (_, stdout_csv, _) = imr(&["extract", "--format", "csv", "tests/fixtures/letters"]);
    assert_eq!(written, stdout_csv, "the same rows as on stdout");
}

#[test]
fn text_on_a_folder_says_it_takes_a_file() {
    let (code, out, err) = imr(&["text", "tests/fixtures/letters"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.starts_with(
            "imr-lsp: tests/fixtures/letters: is a folder; `text` prints one file's text"
        ),
        "{err}"
    );
}

#[test]
fn extract_shows_a_bar_on_a_terminal_when_its_rows_go_to_a_file() {
    use std::io::Read;
    use std::os::fd::FromRawFd;
    let dir = Scratch::new("extract-bar");
    let out = format!("{}/rows.jsonl", dir.path());
    let (mut master, mut slave) = (0, 0);
    // SAFETY: as in `on_terminal`.
    let opened = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(opened, 0, "openpty");
    let (mut master, slave) = unsafe {
        (
            std::fs::File::from_raw_fd(master),
            std::fs::File::from_raw_fd(slave),
        )
    };
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_imr-lsp"))
        .args(["extract", "-o", &out, "tests/fixtures/letters"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stderr(slave)
        .status()
        .unwrap();
    assert!(status.success());
    // Everything the bar drew is waiting on the terminal's other end.
    let mut drawn = Vec::new();
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        if let Ok(n) = master.read(&mut buf) {
            drawn.extend_from_slice(&buf[..n]);
        }
        drawn
    });
    let drawn = String::from_utf8_lossy(&reader.join().unwrap()).to_string();
    assert!(
        drawn.contains("/5 files"),
        "a bar on the terminal: {drawn:?}"
    );
    assert!(
        !drawn.contains("left"),
        "no time left guessed from a short run: {drawn:?}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 5);
}
