//! `imr-lsp report`: the JSON aggregates, and an HTML page that needs nothing from the network.

use serde_json::Value;

mod common;
use common::imr;

fn json_report(paths: &[&str]) -> Value {
    let mut args = vec!["report", "--format", "json"];
    args.extend(paths);
    let (code, out, err) = imr(&args);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.is_empty(),
        "no progress bar or chatter off a terminal: {err}"
    );
    serde_json::from_str(&out).expect("one JSON document")
}

#[test]
fn json_aggregates_add_up() {
    let r = json_report(&["tests/fixtures/letters", "tests/fixtures/drafts"]);
    assert_eq!(r["schema_version"], 2);
    assert_eq!(r["files"], 6);
    assert_eq!(r["letters"], 6);
    assert_eq!(r["items"], 12);
    assert_eq!(r["upheld"], 9);
    assert_eq!(r["overturned"], 2);
    let rate = r["uphold_rate"].as_f64().unwrap();
    assert!((rate - 9.0 / 11.0).abs() < 1e-9, "{rate}");
    let sum = |key: &str, field: &str| -> u64 {
        r[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t[field].as_u64().unwrap())
            .sum()
    };
    assert_eq!(
        sum("by_category", "items"),
        12,
        "every item has one category"
    );
    assert_eq!(sum("by_category", "upheld"), 9);
    assert_eq!(
        sum("by_month", "letters") + r["letters_without_decision_date"].as_u64().unwrap(),
        6
    );
    assert!(sum("by_drug_class", "items") <= 12);
    let problems = r["problems"].as_array().unwrap();
    let count = |code: &str| {
        problems
            .iter()
            .find(|p| p["code"] == code)
            .map_or(0, |p| p["count"].as_u64().unwrap())
    };
    // The same findings `check` reports on the broken draft (README: 3 errors, 1 warning).
    assert_eq!(count("unknown-decision"), 1);
    assert_eq!(count("decision-conflict"), 1);
    assert_eq!(count("missing-rationale"), 1);
    assert_eq!(count("placeholder"), 1);
    let f = &problems
        .iter()
        .find(|p| p["code"] == "unknown-decision")
        .unwrap()["findings"][0];
    assert_eq!(f["path"], "tests/fixtures/drafts/broken-draft.imr");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(31), Some(27))
    );
    let rows = r["letters_table"].as_array().unwrap();
    assert_eq!(rows.len(), 6);
    let draft = rows
        .iter()
        .find(|row| row["path"] == "tests/fixtures/drafts/broken-draft.imr")
        .unwrap();
    assert_eq!(draft["problems"], 4);
    assert_eq!(draft["letter"], 1);
    let d = &r["days_to_decision"];
    if d["letters"].as_u64().unwrap() > 0 {
        let hist: u64 = d["histogram"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["letters"].as_u64().unwrap())
            .sum();
        assert_eq!(hist, d["letters"].as_u64().unwrap());
    }
    assert!(r["guidelines"][0]["items"].as_u64().unwrap() > 0);
}

#[test]
fn disabled_rules_leave_the_report() {
    let (code, out, _) = imr(&[
        "report",
        "--format",
        "json",
        "--disable",
        "placeholder",
        "tests/fixtures/drafts",
    ]);
    assert_eq!(code, 0);
    let r: Value = serde_json::from_str(&out).unwrap();
    assert!(r["problems"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["code"] != "placeholder"));
    let (code, _, err) = imr(&[
        "report",
        "--disable",
        "no-such-rule",
        "tests/fixtures/drafts",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("no-such-rule"), "{err}");
}

/// Every `src=`, `href=` and `url(` value in the page.
fn references(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for key in ["src=\"", "href=\"", "url(", "@import", "xlink:href=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(key) {
            rest = &rest[at + key.len()..];
            let end = rest.find(['"', ')', ';', ' ']).unwrap_or(rest.len());
            out.push(format!("{key}{}", &rest[..end]));
        }
    }
    out
}

#[test]
fn html_is_one_self_contained_page() {
    let dir = std::env::temp_dir().join(format!("imr-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("report.html");
    let (code, out, err) = imr(&[
        "report",
        "-o",
        page.to_str().unwrap(),
        "tests/fixtures/letters",
        "tests/fixtures/drafts",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "the page goes to the file only");
    assert!(
        err.contains("6 letters, 12 items"),
        "a one-line summary on stderr: {err}"
    );
    let html = std::fs::read_to_string(&page).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
    for r in references(&html) {
        let value = r.split_once(['"', '(']).map_or("", |x| x.1);
        assert!(
            value.starts_with("file://") || value.starts_with('#') || value.is_empty(),
            "only links to the letters themselves, nothing fetched: {r}"
        );
        assert!(
            !r.starts_with("src=") && !r.starts_with("url(") && !r.starts_with("@import"),
            "{r}"
        );
    }
    for m in html.match_indices("http") {
        let after = &html[m.0..];
        assert!(
            after.starts_with("http://www.w3.org/2000/svg") || after.starts_with("http-equiv"),
            "no web address but the SVG namespace: {}",
            &after[..after.len().min(60)]
        );
    }
    assert_eq!(html.matches("<svg").count(), 6, "six charts");
    assert!(html.matches("<rect").count() > 20, "charts have bars");
    assert!(!html.contains("<img"), "no images");
    assert!(html.contains("<script>") && !html.contains("<script src"));
    // Each finding links to its file, with the line and column shown.
    assert!(
        html.contains("tests/fixtures/drafts/broken-draft.imr:31:27</a>"),
        "finding linked"
    );
    assert!(html.contains("id=\"letters\""), "the letters table");
    assert!(
        html.contains("000_b08de8a0b339546b.txt</a></td>"),
        "letters link to their file, with no line number that reads like one"
    );
}

#[test]
fn letter_text_is_escaped_in_the_page() {
    let dir = std::env::temp_dir().join(format!("imr-report-esc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let letter = dir.join("<b>x.txt");
    std::fs::write(
        &letter,
        "HOW THE IMR FINAL DETERMINATION WAS MADE\nx\nCLINICAL CASE SUMMARY\nx\nIMR ISSUES, DECISIONS AND RATIONALES\n<script>alert(1)</script>: Uphold\nDecision rationale: The request is not medically necessary.\n",
    )
    .unwrap();
    let (_, out, _) = imr(&["report", dir.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        !out.contains("<script>alert"),
        "letter text never becomes markup"
    );
    assert!(!out.contains("<b>x.txt"), "file names are escaped too");
    assert!(out.contains("&lt;b&gt;x.txt"));
}

#[test]
fn an_unreadable_file_is_counted_and_the_rest_reported() {
    let (code, out, err) = imr(&[
        "report",
        "--format",
        "json",
        "tests/fixtures/letters",
        "no/such/file.txt",
    ]);
    // Today `collect` stops at a missing path (exit 2); once it skips bad paths the report
    // counts it as unreadable. Either way the path is named and nothing panics.
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("no/such/file.txt"), "{err}");
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["unreadable"], 1);
    assert_eq!(r["letters"], 5);
    assert_eq!(
        r["unreadable_files"],
        serde_json::json!([{"path": "no/such/file.txt", "reason": "no such file or folder"}])
    );
}

/// The summary line `check` prints, and its JSON summary.
fn check_summary(paths: &[&str]) -> (String, Value) {
    let mut args = vec!["check", "--color", "never", "--quiet"];
    args.extend(paths);
    let (_, text, _) = imr(&args);
    let mut args = vec!["check", "--format", "json"];
    args.extend(paths);
    let (_, json, _) = imr(&args);
    let last = json.lines().last().unwrap().to_string();
    (
        text.trim().to_string(),
        serde_json::from_str(&last).unwrap(),
    )
}

#[test]
fn findings_are_counted_by_severity_the_same_in_check_and_the_report() {
    let paths = [
        "tests/fixtures/letters",
        "tests/fixtures/drafts",
        "tests/fixtures/pdf/two-pages.pdf",
    ];
    let (line, summary) = check_summary(&paths);
    let mut args = vec!["report", "--format", "json"];
    args.extend(paths);
    let (_, out, _) = imr(&args);
    let r: Value = serde_json::from_str(&out).unwrap();
    let f = &r["findings"];
    for key in ["errors", "warnings", "information", "hints"] {
        assert_eq!(f[key], summary[key], "{key}: report {f} check {summary}");
    }
    assert!(summary.get("other").is_none(), "no undocumented `other`");
    let shown = format!(
        "{} errors, {} warning, {} information, {} hints",
        f["errors"], f["warnings"], f["information"], f["hints"]
    );
    assert!(line.ends_with(&shown), "{line} vs {shown}");
    let total: u64 = r["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["count"].as_u64().unwrap())
        .sum();
    let by_sev: u64 = ["errors", "warnings", "information", "hints"]
        .iter()
        .map(|k| f[k].as_u64().unwrap())
        .sum();
    assert_eq!(total, by_sev);
    let mut args = vec!["report"];
    args.extend(paths);
    let (_, html, _) = imr(&args);
    assert!(
        html.contains(&format!("<td class=\"n\">{shown}</td>")),
        "the page shows the same counts"
    );
    assert!(!html.contains("Problems found"));
}

#[test]
fn a_pdf_finding_is_located_by_page_as_check_locates_it() {
    let pdf = "tests/fixtures/pdf/two-pages.pdf";
    let (_, check_out, _) = imr(&["check", "--color", "never", pdf]);
    let (_, out, _) = imr(&["report", "--format", "json", pdf]);
    let r: Value = serde_json::from_str(&out).unwrap();
    let f = &r["problems"][0]["findings"][0];
    assert_eq!(
        (&f["page"], &f["page_line"], &f["page_column"]),
        (
            &serde_json::json!(2),
            &serde_json::json!(10),
            &serde_json::json!(27)
        )
    );
    assert!(
        check_out.starts_with(&format!("{pdf}:p2:10:27:")),
        "{check_out}"
    );
    let (_, html, _) = imr(&["report", pdf]);
    assert!(
        html.contains(&format!("{pdf}:p2:10:27</a>")),
        "the page shows check's location"
    );
    assert!(
        html.contains("two-pages.pdf#page=2\""),
        "and links the page"
    );
    assert!(
        html.contains("two-pages.pdf#page=1\""),
        "the letter's row opens its first page"
    );
}

#[test]
fn a_folder_without_letter_files_is_said_and_fails() {
    let dir = std::env::temp_dir().join(format!("imr-report-noletters-{}", std::process::id()));
    let empty = dir.join("empty");
    let docx = dir.join("docx");
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::create_dir_all(&docx).unwrap();
    std::fs::write(docx.join("letter.docx"), "PK\x03\x04").unwrap();
    for cmd in ["check", "extract", "report"] {
        for (d, says) in [(&empty, "it is empty"), (&docx, "1 other files")] {
            let d = d.to_str().unwrap();
            let (code, _, err) = imr(&[cmd, d]);
            assert_eq!(code, 2, "{cmd} {d}: {err}");
            assert!(
                err.contains(&format!("imr-lsp: {d}: no letter files in this folder"))
                    && err.contains(says),
                "{cmd}: {err}"
            );
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn no_letters_make_an_empty_report_not_a_crash() {
    let dir = std::env::temp_dir().join(format!("imr-report-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "not a determination letter\n").unwrap();
    let (code, html, err) = imr(&["report", dir.to_str().unwrap()]);
    let (_, json, _) = imr(&["report", "--format", "json", dir.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 0, "{err}");
    assert_eq!(html.matches("<svg").count(), 6, "empty charts still render");
    assert!(!html.contains("chart not drawn"));
    let r: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        (r["files"].as_u64(), r["letters"].as_u64()),
        (Some(1), Some(0))
    );
    assert!(r["uphold_rate"].is_null());
}

/// Every key in `value`, at any depth.
fn keys(value: &Value, out: &mut std::collections::BTreeSet<String>) {
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                out.insert(k.clone());
                keys(v, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

#[test]
fn every_json_key_of_check_and_report_is_documented() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/report-json.md"))
        .unwrap();
    let paths = [
        "tests/fixtures/letters",
        "tests/fixtures/drafts",
        "tests/fixtures/pdf/two-pages.pdf",
        "tests/fixtures/pdf/truncated.pdf",
    ];
    let mut found = std::collections::BTreeSet::new();
    let mut args = vec!["report", "--format", "json"];
    args.extend(paths);
    let (_, out, _) = imr(&args);
    keys(&serde_json::from_str(&out).unwrap(), &mut found);
    let mut args = vec!["check", "--format", "json"];
    args.extend(paths);
    let (_, out, _) = imr(&args);
    for l in out.lines() {
        keys(&serde_json::from_str(l).unwrap(), &mut found);
    }
    for k in [
        "page",
        "page_line",
        "reason",
        "unreadable_files",
        "generated_at",
        "letter",
    ] {
        assert!(found.contains(k), "the inputs exercise `{k}`");
    }
    let missing: Vec<_> = found
        .iter()
        .filter(|k| !doc.contains(&format!("`{k}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "undocumented in docs/report-json.md: {missing:?}"
    );
}

#[test]
fn the_report_says_when_from_what_and_by_which_version() {
    let (_, out, _) = imr(&["report", "--format", "json", "tests/fixtures/letters"]);
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["inputs"], serde_json::json!(["tests/fixtures/letters"]));
    assert_eq!(r["imr_lsp_version"], env!("CARGO_PKG_VERSION"));
    let at = r["generated_at"].as_str().unwrap();
    assert!(
        at.len() == 20 && at.ends_with('Z') && at.starts_with("20"),
        "{at}"
    );
    let (_, html, _) = imr(&["report", "tests/fixtures/letters"]);
    assert!(
        html.contains("<code>tests/fixtures/letters</code>"),
        "inputs on the page"
    );
    assert!(html.contains(&format!("by imr-lsp {}", env!("CARGO_PKG_VERSION"))));
    assert!(
        html.contains(&format!("Generated {} ", &at[..10])),
        "the date on the page"
    );
}

#[test]
fn a_file_of_several_letters_tells_them_apart_by_place_not_line() {
    let dir = std::env::temp_dir().join(format!("imr-report-two-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let letters = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/letters");
    let mut text = String::new();
    for name in ["000_b08de8a0b339546b.txt", "001_2a130b5553485fce.txt"] {
        text += &std::fs::read_to_string(format!("{letters}/{name}")).unwrap();
        text.push('\n');
    }
    let two = dir.join("two.txt");
    std::fs::write(&two, text).unwrap();
    let (code, html, err) = imr(&["report", two.to_str().unwrap()]);
    let (_, json, _) = imr(&["report", "--format", "json", two.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 0, "{err}");
    let r: Value = serde_json::from_str(&json).unwrap();
    let rows = r["letters_table"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (&rows[0]["letter"], &rows[1]["letter"]),
        (&serde_json::json!(1), &serde_json::json!(2))
    );
    assert!(
        html.contains("two.txt</a> <span class=\"note\">letter 1</span>"),
        "{html}"
    );
    assert!(html.contains("two.txt</a> <span class=\"note\">letter 2</span>"));
}
