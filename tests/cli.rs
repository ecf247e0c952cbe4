//! The command line as a user runs it: output format, summary, JSON, exit status.

use std::process::Command;

fn imr(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_imr-lsp"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

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
            "6 files, 6 letters, 12 items (9 upheld, 2 overturned), 3 errors, 1 warning"
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
        "5 files, 5 letters, 9 items (8 upheld, 1 overturned), 0 errors, 0 warnings"
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
    let (code, _, err) = imr(&["check", "no/such/dir"]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such/dir"), "{err}");
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
    assert!(out.trim().ends_with("3 errors, 0 warnings"), "{out}");

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
